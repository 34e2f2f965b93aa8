"""Widgets of the scoring page. Every change is saved the moment it is made, through coprod.assessment.

Widget values live in st.session_state only while drawn; each widget is seeded from the stored
assessment when its key is absent, so a refresh, a new tab or a restarted server shows what was saved.
"""

from __future__ import annotations

from datetime import date
from typing import Callable

import streamlit as st

from coprod import assessment as A
from coprod import exchange, rounds
from coprod.instruments import Instrument, Item, Library, Perspective
from coprod.scoring import example_problem
from coprod.storage import Damaged, NotFound, format_code
from coprod.text import escape_markdown, first_words
from coprod.ui.show import heading, label, worked_examples
from coprod.ui.store import store

NOT_SCORED = "Not scored yet"
LIST_MODE = "list-mode"  # the person's choice of a list instead of sliders
SYNCED = "coprod.synced"  # each scoring widget's value as last saved or loaded
_LIMIT_HELP = f"Up to {A.MAX_TEXT:,} characters. Saved as you type (when you leave the box)."


# --------------------------------------------------------------------------- saving


def field_label(text: str) -> str:
    """Show a widget's label as escaped text and return it raw for the widget itself.

    Streamlit renders a visible label as Markdown but also uses it as the screen reader's name, so an
    escaped label would be read out with its backslashes. The widget's own label is hidden
    (label_visibility="collapsed") and keeps the plain text; the visible one is drawn here."""
    st.caption(escape_markdown(text))
    return text


def _seed(key: str, stored) -> None:
    """Give a widget the stored value when it is new, or when the stored value changed elsewhere
    (another tab) and the person has not touched this widget since it was last in step."""
    synced = st.session_state.setdefault(SYNCED, {})
    if key not in st.session_state or (st.session_state[key] == synced.get(key) and stored != synced.get(key)):
        st.session_state[key] = stored
    synced[key] = st.session_state[key]


def _touched(key: str):
    """The widget's new value if the person changed it since the last run, else None."""
    synced = st.session_state.get(SYNCED, {})
    if key in st.session_state and key in synced and st.session_state[key] != synced[key]:
        return st.session_state[key]
    return None


def save_changes(instrument: Instrument, doc: dict, perspective_ids: list[str]) -> dict:
    """Save everything the person changed since the last run, before anything is drawn.

    Widget values arrive with each rerun, so saving them here, in one write, rather than in on_change
    callbacks means a quick succession of changes (a text box left by moving a slider at once) can
    never drop one, and the page is then drawn from what was stored."""
    options = _score_options(instrument)
    changes: list[Callable[[dict], None]] = []
    for p in perspective_ids:
        for item in instrument.items:
            for kind in ("score", "pick"):
                value = _touched(f"{kind}:{p}:{item.id}")
                if value is not None:
                    changes.append(lambda d, p=p, i=item.id, v=options.get(value): A.set_score(instrument, d, p, i, v))
            text = _touched(f"example:{p}:{item.id}")
            if text is not None:
                changes.append(lambda d, p=p, i=item.id, t=text: A.set_example(instrument, d, p, i, t))
            chosen = _touched(f"options:{p}:{item.id}")
            if chosen is not None:
                changes.append(lambda d, p=p, i=item.id, c=list(chosen): A.set_options(instrument, d, p, i, c))
    for prompt in instrument.prompts:
        text = _touched(f"prompt:{prompt.id}")
        if text is not None:
            changes.append(lambda d, i=prompt.id, t=text: A.set_prompt(instrument, d, i, t))
    view = _touched("perspective")
    if view is not None:
        picked = next((p.id for p in A.perspectives_of(instrument) if p.label == view), None)
        if picked:
            changes.append(lambda d, v=picked: A.set_current_perspective(d, v))
    if not changes:
        return doc
    try:
        return store().update(doc["token"], lambda d: [change(d) for change in changes])
    except (A.BadInput, A.ReadOnly, Damaged, NotFound) as problem:
        st.warning(escape_markdown(str(problem)), icon=":material/warning:")
        st.session_state.pop(SYNCED, None)  # redraw every widget from what is stored
        for key in [k for k in st.session_state if isinstance(k, str) and k.split(":")[0] in ("score", "pick", "example", "options", "prompt")]:
            del st.session_state[key]
        return store().get(doc["token"])


# --------------------------------------------------------------------------- start and resume


def start_form(lib: Library) -> None:
    titles = {i.title: i for i in lib.instruments}
    wanted = lib.get(st.query_params.get("instrument", ""))
    chosen = st.selectbox(
        "Instrument", list(titles), index=list(titles).index(wanted.title) if wanted else 0, key="start-instrument"
    )
    instrument = titles[chosen]
    st.caption(escape_markdown(f"{instrument.time_needed} Source: {instrument.source.citation()}"))
    with st.form("start"):
        title = st.text_input("What are you assessing?", max_chars=200, placeholder="e.g. Youth forum 2026, our allotment project")
        role = st.text_input("Your role", max_chars=200, placeholder="e.g. youth worker, young person, volunteer, manager")
        name = st.text_input("Your name (optional)", max_chars=200)
        on = st.date_input("Date", value=date.today(), format="DD/MM/YYYY")
        views = [p.label for p in instrument.perspectives]
        picked = st.multiselect("Score it for", views, default=views) if views else []
        started = st.form_submit_button("Start", type="primary", icon=":material/play_arrow:")
    if started:
        ids = [p.id for p in instrument.perspectives if p.label in picked]
        try:
            doc = A.new_assessment(
                instrument, title=title, role=role, name=name, on=on, perspectives=ids if views else None
            )
        except A.BadInput as problem:
            st.error(escape_markdown(str(problem)), icon=":material/error:")
            return
        saved = store().create(doc)
        st.query_params.clear()
        st.query_params["a"] = saved["token"]
        st.rerun()


def resume_by_code() -> None:
    with st.form("resume"):
        code = st.text_input("Carry on with an assessment: enter its code", max_chars=20, placeholder="e.g. K7PQ2-MX9RT")
        if st.form_submit_button("Carry on", icon=":material/restore:"):
            try:
                token = store().token_for_code(code)
            except NotFound:
                st.error("No assessment has that code. Check it against the one you noted (letters and digits, no 0, 1, O or I).")
                return
            st.query_params.clear()
            st.query_params["a"] = token
            st.rerun()


def load(token: str) -> dict:
    """The stored assessment, or a plain message and stop (unknown, forged or damaged)."""
    try:
        return store().get(token)
    except NotFound:
        st.title("Assessment not found")
        st.write(
            "There is no assessment at this link. Check that the whole link was copied, or enter "
            "the assessment's code below. You can also start a new one."
        )
    except Damaged as damaged:
        st.title("This assessment cannot be opened")
        st.error(escape_markdown(str(damaged)), icon=":material/error:")
    st.query_params.clear()
    resume_by_code()
    st.page_link("app_pages/score.py", label="Start a new assessment", icon=":material/add:")
    st.stop()


# --------------------------------------------------------------------------- the header


def resume_link(doc: dict) -> str:
    base = (st.context.url or "").split("?")[0]
    return f"{base}?a={doc['token']}"


def header(instrument: Instrument, doc: dict) -> None:
    st.title(escape_markdown(doc["title"]))
    who = ", ".join(x for x in (doc["name"], doc["role"]) if x)
    st.caption(escape_markdown(f"{instrument.title} · {who + ' · ' if who else ''}{doc['date']}"))
    with st.expander("Your link and code to carry on later", icon=":material/link:", expanded=doc["status"] == A.DRAFT):
        st.write("Everything is saved as you go. To come back, keep this link or the code:")
        st.code(resume_link(doc), language=None)
        st.markdown(f"Code: **{format_code(doc['code'])}**")


# --------------------------------------------------------------------------- scoring


def results_link(doc: dict) -> None:
    st.page_link("app_pages/results.py", label="Results, chart and next-steps plan", icon=":material/radar:", query_params={"a": doc["token"]})


def perspective_picker(instrument: Instrument, doc: dict) -> Perspective:
    chosen = A.chosen_perspectives(instrument, doc)
    if len(chosen) == 1:
        return chosen[0]
    labels = [p.label for p in chosen]
    current = next((p for p in chosen if p.id == doc.get("current_perspective")), chosen[0])
    key = "perspective"
    _seed(key, current.label)
    picked = st.segmented_control("Scoring for", labels, key=key, required=True)
    return next((p for p in chosen if p.label == picked), current)


def progress(instrument: Instrument, doc: dict, perspective: Perspective) -> None:
    done, total = A.progress(instrument, doc)
    st.progress(done / total if total else 0.0, text=f"{done} of {total} scored")
    still_open = A.open_items(instrument, doc)
    if still_open:
        st.caption("Still open: " + _links(still_open, perspective))


def _links(rows: list[A.Open], perspective: Perspective) -> str:
    """Links to items on the screen; items of another view name that view instead."""
    parts = []
    for row in rows:
        name = escape_markdown(first_words(row.item.name))
        if row.perspective.id == perspective.id:
            parts.append(f"[{name}](#{row.anchor})")
        else:
            parts.append(f"{name} ({escape_markdown(row.perspective.label)})")
    return ", ".join(parts)


def _score_options(instrument: Instrument) -> dict[str, int | None]:
    options: dict[str, int | None] = {NOT_SCORED: None}
    for value in instrument.scale.values:
        options[instrument.scale.level(value)] = value
    return options


def previous_round(doc: dict) -> dict | None:
    """The round before this one, if this is a review round (None if it cannot be read)."""
    earlier = doc.get("rounds_before") or []
    if not earlier:
        return None
    try:
        return store().get(earlier[-1])
    except (NotFound, Damaged):
        return None


def _last_time(instrument: Instrument, previous: dict, perspective: Perspective, item: Item) -> None:
    """The previous round's score and example, for reference only: the new score starts unset."""
    given = A.answer(previous, perspective.id, item.id)
    if given["score"] is None:
        return
    words = f"Last round ({previous['date']}): {instrument.scale.level(given['score'])}"
    with st.container(border=True, key=f"last-{perspective.id}-{item.id}"):
        st.caption(escape_markdown(words))
        if given["example"]:
            st.text(given["example"])


def score_item(instrument: Instrument, doc: dict, perspective: Perspective, item: Item, previous: dict | None = None) -> None:
    given = A.answer(doc, perspective.id, item.id)
    anchor = A.item_anchor(perspective, item)
    with st.container(border=True, key=f"item-{anchor}"):
        st.subheader(escape_markdown(item.name), anchor=anchor)
        if item.definition:
            st.text(item.definition)
        left, right = st.columns([2, 3], gap="large")
        with left:
            _score_widget(instrument, perspective, item, given["score"])
            if item.options:
                _options_widget(instrument, perspective, item, given["options"])
            _example_widget(instrument, perspective, item, given)
            if previous:
                _last_time(instrument, previous, perspective, item)
        with right:
            descriptors(instrument, item, given["score"])
            worked_examples(instrument, item)


def _score_widget(instrument: Instrument, perspective: Perspective, item: Item, score: int | None) -> None:
    options = _score_options(instrument)
    by_value = {v: k for k, v in options.items()}
    as_list = st.session_state.get(LIST_MODE, False)
    key = f"{'pick' if as_list else 'score'}:{perspective.id}:{item.id}"
    _seed(key, by_value.get(score, NOT_SCORED))

    label_text = field_label(f"Your score for {item.name}")
    if as_list:
        st.radio(label_text, list(options), key=key, captions=_captions(instrument, item, options), label_visibility="collapsed")
    else:
        st.select_slider(label_text, list(options), key=key, label_visibility="collapsed")


def _captions(instrument: Instrument, item: Item, options: dict[str, int | None]) -> list[str]:
    """Each band's descriptor under the first score of the band, so the list reads as the descriptors."""
    captions = []
    for value in options.values():
        band = instrument.scale.band_for(value) if value is not None else None
        first = band is not None and band.min == value
        captions.append(escape_markdown(item.descriptors.get(band.id, band.meaning)) if first else "")
    return captions


def _options_widget(instrument: Instrument, perspective: Perspective, item: Item, chosen: list[str]) -> None:
    key = f"options:{perspective.id}:{item.id}"
    _seed(key, list(chosen))
    st.multiselect("Which apply?", list(item.options), key=key)


def _example_widget(instrument: Instrument, perspective: Perspective, item: Item, given: dict) -> None:
    key = f"example:{perspective.id}:{item.id}"
    _seed(key, given["example"])

    required = instrument.rules.example_required
    st.text_area(
        field_label(instrument.rules.example_label + (" (needed for every score)" if required else "")),
        label_visibility="collapsed",
        key=key,
        max_chars=A.MAX_TEXT,
        help=_LIMIT_HELP,
        placeholder="A practical example from your own work that shows why this score is right."
        if required
        else "Optional notes.",
    )
    if required and given["score"] is not None:
        problem = example_problem(item, given["example"])
        if problem:
            st.caption(f":material/warning: {escape_markdown(problem.capitalize())}.")


def descriptors(instrument: Instrument, item: Item, score: int | None) -> None:
    """Every band with what it looks like; the band of the current score is highlighted."""
    current = instrument.scale.band_for(score) if score is not None else None
    for band in instrument.scale.bands:
        words = item.descriptors.get(band.id) or band.meaning
        numbers = "" if instrument.scale.is_named else f" ({band.range_label})"
        title = f"**{escape_markdown(band.name)}**{numbers}"
        if band == current:
            body = f"{title} · your score is in this band" + (f"\n\n{escape_markdown(words)}" if words else "")
            st.success(body, icon=":material/check_circle:")
        else:
            with st.container(border=True):
                st.markdown(title)
                if words:
                    st.text(words)


def prompts(instrument: Instrument, doc: dict) -> None:
    for prompt in instrument.prompts:
        key = f"prompt:{prompt.id}"
        _seed(key, doc["prompts"].get(prompt.id, ""))

        heading(prompt.label)
        st.text(prompt.text)
        st.text_area(prompt.label, key=key, max_chars=A.MAX_TEXT, help=_LIMIT_HELP, label_visibility="collapsed")


# --------------------------------------------------------------------------- finishing


def finish_button(instrument: Instrument, doc: dict, perspective: Perspective, label: str = "Finish") -> None:
    if not st.button(label, type="primary", icon=":material/task_alt:", key="finish"):
        return
    still_open = A.open_items(instrument, doc)
    no_example = A.missing_examples(instrument, doc)
    if still_open or no_example:
        lines = [f"**You can't {label.lower()} yet.**"]
        if still_open:
            lines.append("Not scored yet: " + _links(still_open, perspective))
        if no_example:
            lines.append(f"No practical example for: {_links(no_example, perspective)}")
            quote = escape_markdown(instrument.rules.example_rule)
            lines.append(f"> “{quote}” — {escape_markdown(instrument.source.publisher)}")
        st.error("\n\n".join(lines), icon=":material/block:")
        return
    try:
        store().update(doc["token"], lambda d: A.finish(instrument, d))
    except (A.BadInput, A.ReadOnly, Damaged, NotFound) as problem:
        st.error(escape_markdown(str(problem)), icon=":material/block:")
        return
    st.rerun()


def finished_view(instrument: Instrument, doc: dict) -> None:
    if doc.get("locked"):
        st.info("This session is closed: your answers are kept as they are.", icon=":material/lock:")
    else:
        st.success(f"Finished on {doc.get('finished_on', '')}. This assessment is read-only.", icon=":material/lock:")
    for perspective in A.chosen_perspectives(instrument, doc):
        if len(doc["perspectives"]) > 1:
            heading(perspective.label, 2)
        for item in instrument.items:
            given = A.answer(doc, perspective.id, item.id)
            with st.container(border=True):
                heading(item.name, 4)
                score = given["score"]
                label(f"{instrument.scale.level(score)}" if score is not None else NOT_SCORED)
                if given["options"]:
                    st.text("\n".join(f"• {o}" for o in given["options"]))
                if given["example"]:
                    st.text(given["example"])
    for prompt in instrument.prompts:
        if doc["prompts"].get(prompt.id):
            heading(prompt.label)
            st.text(doc["prompts"][prompt.id])
    if not doc.get("session") and st.button("Start the next review round", type="primary", icon=":material/event_repeat:", key="next-round",
                                            help="Score it again later: this round stays as it is, and the new one shows it beside each item."):
        saved = store().create(rounds.new_round(instrument, doc))
        st.query_params["a"] = saved["token"]
        st.rerun()
    if not doc.get("session") and st.button("Copy to a new draft", icon=":material/content_copy:", key="copy"):
        saved = store().create(A.copy_as_draft(doc))
        st.query_params["a"] = saved["token"]
        st.rerun()


def import_form(lib: Library) -> None:
    """Re-create an assessment from a JSON export, always as a new one."""
    with st.expander("Import an assessment from a JSON export", icon=":material/upload_file:"):
        upload = st.file_uploader("coprod export (.json)", type=["json"], key="import-file", max_upload_size=2)
        if upload is not None and st.button("Import as a new assessment", key="import"):
            try:
                _, doc = exchange.import_json(upload.getvalue(), lib)
            except exchange.BadImport as problem:
                st.error(escape_markdown(str(problem)), icon=":material/error:")
                return
            saved = store().create(doc)
            st.switch_page("app_pages/score.py", query_params={"a": saved["token"]})
