"""Widgets of the scoring page. Every input is bound to the stored assessment through
coprod.ui.autosave, which saves each change before the next run draws anything.
"""

from __future__ import annotations

import streamlit as st

from coprod.answers import assessment as A
from coprod.answers import raters, rounds
from coprod.common.i18n import _, marked, n_
from coprod.common.text import escape_markdown, first_words
from coprod.files import exchange
from coprod.library import attribution, translation
from coprod.library.model import Instrument, Item, Library, Perspective
from coprod.library.scoring import example_problem
from coprod.library.versions import SNAPSHOT, version_label
from coprod.sessions import disclosure, retention
from coprod.sessions import lifecycle as S
from coprod.sessions.room import OBSERVER
from coprod.storage.interface import (
    Damaged,
    NotFound,
    Unavailable,
    format_code,
)
from coprod.ui import guard, held, show, textbox
from coprod.ui.autosave import REFUSED, bind, doc_key, forget, save_pending
from coprod.ui.contribute import withdraw, withdraw_on_delete
from coprod.ui.editor import newer_version
from coprod.ui.files import stop_page
from coprod.ui.show import heading
from coprod.ui.start import resume_by_code
from coprod.ui.store import store

LIST_MODE = "list-mode"  # the person's choice of a list instead of sliders
WORKED_EXAMPLES = "worked-examples"  # the person's choice to see the source's worked examples


# --------------------------------------------------------------------------- start and resume


def load(token: str) -> dict:
    """The stored assessment, or a plain message and stop (unknown, forged, deleted or damaged)."""
    try:
        doc = store().get(token)  # a link: never limited (coprod.ui.lookups)
        if doc.get("kind") in ("session", SNAPSHOT):  # a session's own link opens only its facilitator page
            raise NotFound(token)
        if doc.get("kind") == OBSERVER:  # someone watching a session: their own page
            st.switch_page("app_pages/watch.py", query_params={"o": token})
        return doc
    except NotFound:
        st.title(_("Assessment not found"))
        st.markdown(
            _("There is no assessment at this link: check that the whole link was copied, or enter "
              "the assessment's code below. If it was deleted, nothing of it is kept. You can also start a new one.")
        )
    except Damaged as damaged:
        st.title(_("This assessment cannot be opened"))
        show.message("error", str(damaged), icon=":material/error:")
    st.query_params.clear()
    resume_by_code()
    st.page_link("app_pages/score.py", label=_("Start a new assessment"), icon=":material/add:")
    stop_page()


# --------------------------------------------------------------------------- the header


def resume_link(doc: dict) -> str:
    base = (st.context.url or "").split("?")[0]
    return f"{base}?a={doc['token']}"


def header(instrument: Instrument, doc: dict) -> None:
    st.title(escape_markdown(doc["title"]))
    who = ", ".join(x for x in (doc["name"], doc["role"]) if x)
    version = version_label(instrument)
    show.caption(f"{instrument.title}{' (' + version + ')' if version else ''} · {who + ' · ' if who else ''}{doc['date']}")
    with st.expander(_("Your link and code to carry on later"), icon=":material/link:", expanded=doc["status"] == A.DRAFT):
        st.markdown(_("Everything is saved as you go. To come back, bookmark this page, or keep this link or the code:"))
        show.link(resume_link(doc))
        st.markdown(_("Code: **{code}**").format(code=format_code(doc["code"])))


# --------------------------------------------------------------------------- scoring


def results_link(doc: dict) -> None:
    st.page_link("app_pages/results.py", label=_("Results, chart and next-steps plan"), icon=":material/radar:", query_params={"a": doc["token"]})


def perspective_picker(instrument: Instrument, doc: dict) -> Perspective:
    chosen = A.chosen_perspectives(instrument, doc)
    if len(chosen) == 1:
        return chosen[0]
    labels = [p.label for p in chosen]
    current = next((p for p in chosen if p.id == doc.get("current_perspective")), chosen[0])
    key = bind(doc, instrument, ("perspective",), current.label)
    picked = st.segmented_control(_("Scoring for"), labels, default=held.choice(key, labels, current.label), key=key, required=True, format_func=show.choice, on_change=save_pending)
    return next((p for p in chosen if p.label == picked), current)


def views_on_screen(instrument: Instrument, doc: dict) -> tuple[Perspective, ...]:
    """The views scored side by side on the page: all of them where the instrument asks one example
    per item (nef's page: one examples box above the score for you, your project, your organisation),
    else the one picked."""
    if A.examples_per_item(instrument):
        return A.chosen_perspectives(instrument, doc)
    return (perspective_picker(instrument, doc),)


def progress(instrument: Instrument, doc: dict, views: tuple[Perspective, ...], slot=None) -> None:
    """How many items are scored and which are open, into `slot` (an st.empty) when given: the
    items' fragments redraw it there when a slider move changes it, without rerunning the page."""
    with (slot.container() if slot is not None else st.container()):
        done, total = A.progress(instrument, doc)
        st.progress(done / total if total else 0.0, text=_("{done} of {total} {scored}").format(done=done, total=total, scored=instrument.words.scored))
        still_open = A.open_items(instrument, doc)
        if still_open:
            st.caption(_("Still open: {items}").format(items=_links(instrument, still_open, views)))


def _links(instrument: Instrument, rows: list[A.Open], views: tuple[Perspective, ...], name_views: bool = True) -> str:
    """Each item once, in the instrument's order, linked to its box on the screen (which holds every view on the screen), with
    the views still open named where several are scored (`name_views`: not for nef's one example
    per principle); items of a view not on the screen name that view instead of a link."""
    grouped: dict[str, tuple[Item, list[Perspective]]] = {}
    for row in rows:
        grouped.setdefault(row.item.id, (row.item, []))[1].append(row.perspective)
    parts = []
    order = {item.id: n for n, item in enumerate(instrument.items)}
    for item, open_views in sorted(grouped.values(), key=lambda group: order.get(group[0].id, 0)):
        name = escape_markdown(first_words(item.name))
        here = [p for p in open_views if p in views]
        away = [p for p in open_views if p not in views]
        if here:
            which = f" ({', '.join(p.label for p in here)})" if name_views and len(views) > 1 else ""
            parts.append(f"[{name}{escape_markdown(which)}](#{A.item_anchor(views[0], item)})")
        if away:
            parts.append(f"{name} ({escape_markdown(', '.join(p.label for p in away))})")
    return ", ".join(parts)


def previous_round(doc: dict) -> dict | None:
    """The round before this one, if this is a review round (None if it cannot be read)."""
    earlier = doc.get("rounds_before") or []
    if not earlier:
        return None
    try:
        return store().get(earlier[-1])
    except (NotFound, Damaged):
        return None


def _last_time(instrument: Instrument, previous: dict | None, views: tuple[Perspective, ...], item: Item) -> list[tuple[str, str]]:
    """The previous round's scores and example, for reference only: the new score starts unset."""
    if not previous:
        return []
    out = []
    for p in views:
        given = A.answer(previous, p.id, item.id)
        if given["score"] is not None:
            view = f" ({p.label})" if len(views) > 1 else ""
            said = previous.get("reference_label") or _("Last round ({date})").format(date=previous["date"])  # a session's round 1 names itself
            out.append((f"{said}{view}: {instrument.scale.level(given['score'])}", given["example"]))
    return out


def score_item(instrument: Instrument, doc: dict, views: tuple[Perspective, ...], item: Item, previous: dict | None = None,
               progress_slot=None, last: bool = True) -> None:
    """One item: its wording, its score for each view on the screen beside what every band looks like,
    and under the scores the example (one per score, or one for the item). The scores are a fragment of
    their own: moving a slider reruns the item alone, not the page, and redraws the bands beside it in
    `bands` and the page's progress line in `progress_slot` (Streamlit lets a fragment write outside
    itself only where it also wrote in the last full run: every item writes the progress slot, the
    `last` one with the line itself). The example box is not in the fragment (coprod.ui.textbox says
    why): leaving it reruns the page. Every input saves in its on_change callback, which Streamlit runs
    with the request that carries the change even when the run it asked for is cut short (a rerun of the
    page overtook it), and again at the top of every run."""
    anchor = A.item_anchor(views[0], item)
    token = doc["token"]
    with st.container(border=True, key=f"item-{anchor}"):
        supports = f"{attribution.supports_heading(instrument)} {'; '.join(item.supports)}" if item.supports else ""
        show.item_heading(anchor, item.name, item.definition, _last_time(instrument, previous, views, item), supports)
        for guidance in instrument.guidance_for(f"item:{item.id}"):
            show.guidance(instrument, guidance)

        @guard.fragment(key=f"score-{doc_key(token)}-{anchor}")
        def item_fragment() -> None:
            current = doc
            if guard.fragment_rerun():
                save_pending()  # the app's first lines, which save on every page, do not run for a fragment
                try:
                    current = store().get(token)
                except (NotFound, Damaged):
                    st.rerun()
                except Unavailable:  # said by save_pending; the item stays drawn, with what was typed in its box
                    current = doc
                if current["status"] != doc["status"]:
                    st.rerun()
            _scores(instrument, current, views, item, bands)
            if progress_slot is not None:  # after the item, so that the band a slider moved to is drawn first
                if last or guard.fragment_rerun():
                    progress(instrument, current, views, progress_slot)
                else:
                    progress_slot.container()  # keeps this fragment's right to write there

        left, right = st.columns([2, 3], gap="large")
        bands = right.empty()
        with left:
            with st.container():  # the fragment's own block: its elements may vary without moving anything else
                item_fragment()
            _examples(instrument, doc, views, item)


def _scores(instrument: Instrument, doc: dict, views: tuple[Perspective, ...], item: Item, bands) -> None:
    """The item's inputs for each view on the screen and, into `bands`, what every band looks like."""
    given = {p: A.answer(doc, p.id, item.id) for p in views}
    with bands.container():  # drawn first: the highlighted band is what a slider move changes on the screen
        show.bands(instrument, item, {(p.label if len(views) > 1 else ""): given[p]["score"] for p in views})
        if item.examples and st.session_state.get(WORKED_EXAMPLES):
            show.examples(instrument, item)
    for p in views:
        _score_widget(instrument, doc, p, item, given[p]["score"], view_label=p.label if len(views) > 1 else "")
        if item.options:
            _options_widget(instrument, doc, p, item, translation.shown_options(instrument, item, given[p]["options"]))
    _example_warning(instrument, doc, views, item)


def _examples(instrument: Instrument, doc: dict, views: tuple[Perspective, ...], item: Item) -> None:
    """The item's example box: one for the item where the instrument asks one per item, else one per view."""
    if A.examples_per_item(instrument):
        _example_widget(instrument, doc, views[0], item, A.answer(doc, views[0].id, item.id)["example"], "")
        return
    for p in views:
        _example_widget(instrument, doc, p, item, A.answer(doc, p.id, item.id)["example"], p.label if len(views) > 1 else "")


def by_choice(instrument: Instrument) -> bool:
    """Whether items are answered by choosing one of a few named answers (a checklist's Yes / No /
    Needs more work or time, a survey's Strongly agree … Strongly disagree) rather than scored on a
    slider: these are answers, not a scale's levels, and a slider "score" reads wrongly for them."""
    return instrument.kind != "scale"


def _score_widget(instrument: Instrument, doc: dict, perspective: Perspective, item: Item, score: int | None, view_label: str = "") -> None:
    choices = A.score_choices(instrument)
    options = list(choices)
    by_value = {v: k for k, v in choices.items()}
    answer = by_choice(instrument)
    as_list = answer or st.session_state.get(LIST_MODE, False)
    key = bind(doc, instrument, ("pick" if as_list else "score", perspective.id, item.id), by_value.get(score, A.NOT_SCORED))
    if answer:
        label_text = show.plain(_("{view}: your answer to {item}").format(view=view_label, item=item.name) if view_label
                                else _("Your answer: {item}").format(item=item.name))
        st.radio(label_text, options, index=held.index(key, options), key=key, horizontal=True, format_func=_answer_label, on_change=save_pending)
        return
    label_text = show.plain(_("{view}: score for {item}").format(view=view_label, item=item.name) if view_label
                            else _("Your score for {item}").format(item=item.name))
    if as_list:
        st.radio(label_text, options, index=held.index(key, options), key=key, captions=_captions(instrument, item, choices), format_func=score_label,
                 on_change=save_pending)
    else:
        st.select_slider(label_text, options, value=held.choice(key, options, A.NOT_SCORED), key=key, format_func=score_label, on_change=save_pending)


def score_label(choice: str) -> str:
    """A score's option as shown: "Not scored yet" in the reader's language, a level as the source names it."""
    return show.choice(_(A.NOT_SCORED)) if choice == A.NOT_SCORED else show.choice(choice)


def _answer_label(choice: str) -> str:
    return _("Not answered yet") if choice == A.NOT_SCORED else show.choice(choice)


def _captions(instrument: Instrument, item: Item, options: dict[str, int | None]) -> list[str]:
    """Each band's descriptor under the first score of the band, so the list reads as the descriptors."""
    captions = []
    for value in options.values():
        band = instrument.scale.band_for(value) if value is not None else None
        first = band is not None and band.min == value
        captions.append(escape_markdown(item.descriptors.get(band.id, band.meaning)) if first else "")
    return captions


def _options_widget(instrument: Instrument, doc: dict, perspective: Perspective, item: Item, chosen: list[str]) -> None:
    key = bind(doc, instrument, ("options", perspective.id, item.id), list(chosen))
    st.multiselect(_("Which apply?"), list(item.options), default=held.choices(key, item.options), key=key, on_change=save_pending)  # options shown as plain text


def _example_widget(instrument: Instrument, doc: dict, perspective: Perspective, item: Item, example: str, view_label: str) -> None:
    key = bind(doc, instrument, ("example", perspective.id, item.id), example)
    required = instrument.rules.example_required
    named = instrument.rules.example_label
    if required:
        named = (_("{label} (at least one for this item)") if A.examples_per_item(instrument)
                 else _("{label} (needed for every score)")).format(label=named)
    textbox.area(
        show.plain((f"{view_label}: " if view_label else "") + named),
        key,
        on_change=save_pending,
        placeholder=_("A practical example from your own work that shows why this score is right.")
        if required
        else _("Optional notes."),
    )


def _example_warning(instrument: Instrument, doc: dict, views: tuple[Perspective, ...], item: Item) -> None:
    """Why a scored item's example does not count yet, when the instrument asks for one."""
    for p in views:
        given = A.answer(doc, p.id, item.id)
        problem = example_problem(item, given["example"]) if given["score"] is not None else None
        if instrument.rules.example_required and problem:
            st.caption(f":material/warning: {escape_markdown(problem.capitalize())}.")
            return


def prompts(instrument: Instrument, doc: dict) -> None:
    for prompt in instrument.prompts:
        key = bind(doc, instrument, ("prompt", prompt.id), doc["prompts"].get(prompt.id, ""))
        title, text = attribution.prompt_parts(instrument, prompt)
        heading(title)
        if text:
            show.text(text)
        for guidance in instrument.guidance_for(f"prompt:{prompt.id}"):
            show.guidance(instrument, guidance)
        textbox.area(show.plain(prompt.label), key, label_visibility="collapsed", on_change=save_pending)


# --------------------------------------------------------------------------- finishing


# What the finish button says when something is missing, whole for each of its labels.
NOT_YET = {"Finish": marked("**You can't finish yet.**"), "Submit": marked("**You can't submit yet.**")}


def finish_button(instrument: Instrument, doc: dict, views: tuple[Perspective, ...], label: str = marked("Finish")) -> None:
    if not st.button(_(label), type="primary", icon=":material/task_alt:", key="finish"):
        return
    still_open = A.open_items(instrument, doc)
    no_example = A.missing_examples(instrument, doc)
    if still_open or no_example:
        lines = [_(NOT_YET[label]) if label in NOT_YET else _("**You can't {action} yet.**").format(action=_(label).lower())]
        if still_open:
            lines.append(_("Not {scored} yet: {items}").format(scored=instrument.words.scored, items=_links(instrument, still_open, views)))
        if no_example:
            lines.append(_("No practical example for: {items}").format(
                items=_links(instrument, no_example, views, name_views=not A.examples_per_item(instrument))))
            quote = escape_markdown(instrument.rules.example_rule)
            lines.append(f"> “{quote}” {escape_markdown(attribution.rule_by(instrument))}")
        st.error("\n\n".join(lines), icon=":material/block:")
        return
    try:
        if doc.get("session"):
            S.submit(store(), instrument, doc["token"])  # the session's live status learns of it
        else:
            store().update(doc["token"], lambda d: A.finish(instrument, d))
    except REFUSED as problem:
        show.message("error", str(problem), icon=":material/block:")
        return
    st.rerun()


def finished_view(instrument: Instrument, doc: dict, note: str = "") -> None:
    """The answers as submitted, read-only; `note` says which answers they are where the plain
    "finished" line would not (a session's round-1 answers of someone who did not re-score)."""
    forget(doc["token"])  # nothing of it is editable on this page: no input of it may be saved later
    if note:
        show.message("info", note, icon=":material/lock:")
    elif doc.get("locked"):
        st.info(_("This session is closed: your answers are kept as they are."), icon=":material/lock:")
    else:
        st.success(_("Finished on {date}. This assessment is read-only.").format(date=doc.get("finished_on", "")), icon=":material/lock:")
    for perspective in A.chosen_perspectives(instrument, doc):
        if len(doc["perspectives"]) > 1:
            heading(perspective.label, 2)
        answers = []
        for item in instrument.items:
            given = A.answer(doc, perspective.id, item.id)
            level = (instrument.scale.level(given["score"]) if given["score"] is not None
                     else _("Not {scored} yet").format(scored=instrument.words.scored))
            options = translation.shown_options(instrument, item, given["options"]) if given["options"] else ()
            answers.append((item.name, level, options, given["example"]))
        show.answers(answers)
    for prompt in instrument.prompts:
        if doc["prompts"].get(prompt.id):
            heading(attribution.prompt_parts(instrument, prompt)[0])
            show.text(doc["prompts"][prompt.id])
    own = not doc.get("session") and not doc.get("rates")  # not a team session's answers or a rating of someone
    newer = newer_version(instrument) if own else None
    if newer and not st.checkbox(_("Score the next round on your newer version {version}").format(version=newer.version), value=True,
                                 key="next-round-newer",
                                 help=_("Its wording differs from this round's: the comparison between rounds will say so.")):
        newer = None
    if own and st.button(_("Start the next review round"), type="primary", icon=":material/event_repeat:", key="next-round",
                         help=_("Score it again later: this round stays as it is, and the new one shows it beside each item.")):
        saved = store().create(rounds.new_round(newer or instrument, doc))
        st.query_params["a"] = saved["token"]
        st.rerun()
    if own and st.button(_("Copy to a new draft"), icon=":material/content_copy:", key="copy"):
        saved = store().create(A.copy_as_draft(doc))
        st.query_params["a"] = saved["token"]
        st.rerun()


def import_form(lib: Library) -> None:
    """Re-create an assessment from a JSON export, always as a new one."""
    with st.expander(_("Import an assessment from a JSON export"), icon=":material/upload_file:"):
        upload = st.file_uploader(_("coprod export (.json)"), type=["json"], key="import-file", max_upload_size=2)
        if upload is not None and st.button(_("Import as a new assessment"), key="import"):
            try:
                saved, left_out = exchange.import_assessment(store(), upload.getvalue(), lib)
            except exchange.BadImport as problem:
                show.message("error", str(problem), icon=":material/error:")
                return
            if left_out:
                st.session_state[IMPORT_NOTES] = left_out
            st.switch_page("app_pages/score.py", query_params={"a": saved["token"]})


IMPORT_NOTES = "coprod.import-notes"  # what an import left out, for the imported assessment's page to say


def import_notes() -> None:
    """Say (once, on the imported assessment's page) what the app's rules left out of an import."""
    left_out = st.session_state.pop(IMPORT_NOTES, None)
    if left_out:
        notes = " ".join(left_out[:10])
        said = (_("Imported, but not all of it: {notes} (and {count} more like these)").format(notes=notes, count=len(left_out) - 10)
                if len(left_out) > 10 else _("Imported, but not all of it: {notes}").format(notes=notes))
        show.message("warning", said, icon=":material/warning:")


# --------------------------------------------------------------------------- taking answers away

def take_away(doc: dict, session: dict | None) -> None:
    """Delete this assessment (and its earlier rounds, if wanted), or withdraw from a session before
    the reveal, after a confirmation that names what will go."""
    if session is not None:
        _withdraw(doc, session)
        return
    if doc.get("rates"):
        _withdraw_rating(doc)
        return
    earlier = rounds.earlier_rounds(store(), doc)
    with st.expander(_("Delete this assessment"), icon=":material/delete:"):
        show.text(_("This deletes “{title}” of {date}: all its answers and examples, the plan, and its link and code. Nothing of "
                    "it is kept, and it cannot be undone. Download the JSON file first if you might want it back.")
                  .format(title=doc["title"], date=doc["date"]))
        also = False
        if earlier:
            dates = ", ".join(r["date"] for r in earlier)
            also = st.checkbox(n_("Also delete the {n} earlier review round ({dates})", "Also delete the {n} earlier review rounds ({dates})",
                                  len(earlier)).format(n=len(earlier), dates=dates), key="delete-earlier")
        taken_back = withdraw_on_delete(doc)
        sure = st.checkbox(_("Yes, delete it"), key="delete-sure")
        if st.button(_("Delete for good"), type="primary", icon=":material/delete_forever:", key="delete", disabled=not sure):
            withdraw(taken_back)
            gone = retention.delete_assessment(store(), doc["token"], with_earlier_rounds=also)
            show.say_on_next_page(n_("Deleted: {n} assessment, with every answer, plan, link and code.",
                                     "Deleted: {n} assessments, with every answer, plan, link and code.",
                                     max(gone, 1)).format(n=gone))  # none (deleted meanwhile in another tab) said as before
            st.switch_page("app_pages/home.py")


def _withdraw(doc: dict, session: dict) -> None:
    if disclosure.first_shown(session, doc["token"]):
        st.caption(_("The group has seen everyone's answers, so yours can no longer be withdrawn on your own. "
                     "The facilitator can delete the whole session."))
        return
    with st.expander(_("Withdraw my answers"), icon=":material/person_remove:"):
        show.text(_("This takes your answers out of the session “{title}” and deletes them, with your link and code. The "
                    "facilitator will see one person fewer. It cannot be undone.").format(title=session["title"]))
        sure = st.checkbox(_("Yes, withdraw my answers"), key="withdraw-sure")
        if st.button(_("Withdraw and delete"), type="primary", icon=":material/delete_forever:", key="withdraw", disabled=not sure):
            try:
                retention.withdraw(store(), doc["token"])
            except S.Refused as refused:
                show.message("error", str(refused), icon=":material/block:")
                return
            show.say_on_next_page(_("Your answers were withdrawn from the session and deleted."))
            st.switch_page("app_pages/home.py")


def _withdraw_rating(doc: dict) -> None:
    with st.expander(_("Withdraw my rating"), icon=":material/person_remove:"):
        show.text(_("This deletes your rating of {whom}, with its link and code. They will no longer see it. It cannot be undone.")
                  .format(whom=doc["rates"]["whom"] if "whom" in doc["rates"] else _("this person")))
        sure = st.checkbox(_("Yes, withdraw my rating"), key="withdraw-sure")
        if st.button(_("Withdraw and delete"), type="primary", icon=":material/delete_forever:", key="withdraw", disabled=not sure):
            raters.withdraw(store(), doc["token"])
            show.say_on_next_page(_("Your rating was withdrawn and deleted."))
            st.switch_page("app_pages/home.py")
