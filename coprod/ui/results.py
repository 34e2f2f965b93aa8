"""Widgets of the results page: chart with its table, summary, the next-steps plan, downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from coprod.answers import assessment as A
from coprod.answers import plans, rounds
from coprod.answers.summary import summary_lines
from coprod.charts import person as person_chart
from coprod.charts import specs as charts
from coprod.charts import words as chart_text
from coprod.common.i18n import _
from coprod.common.text import escape_markdown
from coprod.files import downloads
from coprod.library import attribution, versions
from coprod.library.model import Instrument
from coprod.ui import held, show
from coprod.ui.autosave import bind, save_pending
from coprod.ui.charts import draw
from coprod.ui.files import download_buttons
from coprod.ui.show import heading


def chart(instrument: Instrument, doc: dict) -> None:
    """The results as the instrument's kind wants them: a radar beside its table, the checklist
    ticked, or a survey's answers beside the source group's tally."""
    if instrument.kind == "checklist":
        checklist(instrument, doc)
        return
    if instrument.kind == "survey":
        survey(instrument, doc)
        return
    left, right = st.columns([2, 1], gap="small")
    with left:
        radar(instrument, doc)
    with right:
        st.dataframe(scores_table(instrument, doc), hide_index=True, width="stretch")
    note(instrument)


def radar(instrument: Instrument, doc: dict) -> None:
    """The person's shape on the instrument's radar, with its words under it."""
    draw(("results", instrument.fingerprint, doc["perspectives"], doc["answers"], doc.get("item_examples")),
         lambda: person_chart.chart_for(instrument, doc), key="results-chart",
         words=lambda: chart_text.radar(instrument, person_chart.series_for(instrument, doc)))


def note(instrument: Instrument) -> None:
    if instrument.chart.note:
        show.caption(instrument.chart.note)
        if instrument.written_by_coprod("chart.note"):
            show.caption(f"({_(attribution.COPRODS_GUIDANCE)})")


_MARKS = {"done": ":material/check_circle:", "none": ":material/cancel:", "partly": ":material/pending:", "open": ":material/radio_button_unchecked:"}


def checklist(instrument: Instrument, doc: dict) -> None:
    """The checklist itself, stage by stage, each check with its answer in words and a sign."""
    heading(_("Your checklist"))
    p = A.chosen_perspectives(instrument, doc)[0]
    bands = instrument.scale.bands
    for group in instrument.groups:
        if group:
            heading(group, 4)
        for item in (i for i in instrument.items if i.group == group):
            given = A.answer(doc, p.id, item.id)
            score = given["score"]
            if score is None:
                mark, word = _MARKS["open"], _("Not {scored} yet").format(scored=instrument.words.scored)
            else:
                band = instrument.scale.band_for(score)
                mark = _MARKS["done" if band == bands[-1] else "none" if band == bands[0] else "partly"]
                word = instrument.scale.label_for(score)
            st.markdown(f"{mark} **{show.plain(word)}** · {show.plain(item.name)}")
            if given["options"]:
                show.caption(_("Chosen: {options}").format(options="; ".join(given["options"])))
            if given["example"]:
                show.caption(given["example"])


def survey(instrument: Instrument, doc: dict) -> None:
    """A person's answers beside the source group's answers, labelled as a reference."""
    heading(_("Your answers"))
    p = A.chosen_perspectives(instrument, doc)[0]
    tally = instrument.reference_tally
    if tally:
        show.caption(_("Beside your answers, for reference: how the {group} answered (number of people). "
                       "Your answer is the black diamond.").format(group=tally.label))
        draw(("survey", instrument.fingerprint, doc["answers"]), lambda: person_chart.chart_for(instrument, doc), key="results-chart",
             words=lambda: chart_text.survey(instrument, person_chart.series_for(instrument, doc)[0].scores))
    bands = list(reversed(instrument.scale.bands))
    rows = []
    for item in instrument.items:
        score = A.answer(doc, p.id, item.id)["score"]
        row = {_("Statement"): item.name, _("Your answer"): instrument.scale.label_for(score) if score is not None else "—"}
        if tally:
            counts = dict(zip([b.id for b in instrument.scale.bands], tally.counts.get(item.id, ())))
            row.update({_("{band} (reference)").format(band=b.name): str(counts.get(b.id, "")) for b in bands})
        rows.append(row)
    show.table(rows)
    note(instrument)


def scores_table(instrument: Instrument, doc: dict) -> pd.DataFrame:
    """The chart's data as a table: one row per item, a column per view."""
    views = A.chosen_perspectives(instrument, doc)
    rows = []
    for item in instrument.items:
        row = {_("Item"): item.name}
        for p in views:
            score = A.answer(doc, p.id, item.id)["score"]
            row[p.label] = instrument.scale.level(score) if score is not None else "—"
        rows.append(row)
    return pd.DataFrame(rows)


def summary(instrument: Instrument, doc: dict) -> None:
    heading(_("What this shows"))
    views = A.chosen_perspectives(instrument, doc)
    for p in views:
        if len(views) > 1:
            show.label(p.label)
        show.text("\n\n".join(summary_lines(instrument, doc, p)))
    if instrument.kind == "scale" and not instrument.rules.scores_may_be_totalled:
        st.caption(_("Each item is assessed on its own, so no total or average is shown."))


def principles(instrument: Instrument, passages: bool = True) -> None:
    """Which principles each item supports (IMAGINE puts "Which principles are supported?" on the form
    itself), and (`passages`) the source's passages for the results, such as what the principles mean."""
    if any(item.supports for item in instrument.items):
        heading(attribution.supports_heading(instrument))
        show.table([{instrument.words.item.capitalize(): item.name, _("Principles"): "; ".join(item.supports)}
                    for item in instrument.items])
    for part in instrument.guidance_for("results") if passages else ():
        show.guidance(instrument, part)


def others_next_steps(instrument: Instrument) -> None:
    """Next steps the source addresses to someone other than the person answering (IMAGINE's
    practices for the project's staff), apart from the person's own plan and said to be theirs."""
    if not instrument.next_steps_for or not any(item.next_steps for item in instrument.items):
        return
    with st.expander(escape_markdown(attribution.next_steps_heading(instrument)), icon=":material/groups:"):
        show.caption(attribution.next_steps_for(instrument))
        for item in (i for i in instrument.items if i.next_steps):
            show.label(item.name)
            show.text("\n".join(f"• {step}" for step in item.next_steps))


def take_it_with_you(files: list[downloads.Download]) -> None:
    heading(_("Take it with you"))
    download_buttons([f for f in files if f.key != "download-ics"])
    st.caption(_("The JSON file can be imported again on the home page, by you or a coordinator."))


def progress(instrument: Instrument, doc: dict, earlier: list[dict]) -> None:
    """The rounds overlaid, the change per item, drops flagged, and done actions beside their item."""
    heading(_("Progress since earlier rounds"), 2)
    all_rounds = [*earlier, doc]
    note = versions.rounds_note(all_rounds)
    if note:
        show.message("warning", note, icon=":material/difference:")
    series = []
    for n, r in enumerate(all_rounds, start=1):
        for p in A.chosen_perspectives(instrument, r):
            views = len(r["perspectives"]) > 1
            series.append(charts.Series(_("Round {n} ({date})").format(n=n, date=r["date"]) + (f" · {p.label}" if views else ""),
                                        {i.id: A.answer(r, p.id, i.id)["score"] for i in instrument.items}))
    if instrument.chart.kind == "radar":
        draw(("rounds", instrument.fingerprint, series[-8:]), lambda: charts.radar_chart(instrument, series[-8:]), key="rounds-radar",
             words=lambda: chart_text.radar(instrument, series[-8:]))
    found = rounds.changes(instrument, all_rounds)
    done = {}
    for row in plans.plan_of(instrument, doc):
        if row.get("status") == "done" and row.get("item_id"):
            done.setdefault(row["item_id"], []).append(row.get("actions", "") or row.get("principle", ""))
    table = []
    for change in found:
        row = {
            instrument.words.item.capitalize(): change.item.name + (f" ({change.perspective.label})" if len(doc["perspectives"]) > 1 else ""),
            **{_("Round {n}").format(n=n): (instrument.scale.label_for(s) if s is not None else "—")
               for n, s in enumerate(change.scores, start=1)},
            _("Change"): rounds.change_words(instrument, change),
        }
        if instrument.kind == "scale":
            row[_("Band now")] = change.bands[-1]
        if rounds.LOOK_AGAIN[instrument.kind]:
            row[_("Look again")] = rounds.look_again(instrument, change)
        table.append({**row, _("Done actions"): "; ".join(done.get(change.item.id, []))})
    st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")
    changed_lately(instrument, found)
    lines = [{"item": c.item.name, "round": n, "score": s} for c in found for n, s in enumerate(c.scores, start=1)]
    draw(("round-lines", instrument.fingerprint, lines), lambda: charts.rounds_chart(instrument, lines), key="rounds-lines",
         words=lambda: chart_text.over_rounds(instrument, lines))


def changed_lately(instrument: Instrument, found: list[rounds.Change]) -> None:
    """What changed since the last round, in the kind's terms: a scale's drops and a checklist's checks
    open again are worth a look; a survey's answers that moved are said as they moved, never as a fall."""
    if instrument.kind == "survey":
        moved = [f"{c.item.name} ({rounds.moved_since_last(instrument, c)})" for c in found if rounds.moved_since_last(instrument, c)]
        show.message("info", _("Answers that changed since the last round: {answers}.").format(answers="; ".join(moved)) if moved
                     else _("No answer changed since the last round."), icon=":material/swap_vert:")
        return
    flagged = [show.plain(c.item.name) for c in found if rounds.flagged(instrument, c)]
    if not flagged:
        return
    if instrument.kind == "checklist":
        st.warning(_("Done before and open again since the last round: {items}. Worth a look.").format(items="; ".join(flagged)),
                   icon=":material/undo:")
    else:
        st.warning(_("Went down since the last round: {items}. Worth a look for unintended consequences of changes to the service, "
                     "its design or its people.").format(items=", ".join(flagged)),
                   icon=":material/trending_down:")


def review(instrument: Instrument, doc: dict, files: list[downloads.Download]) -> None:
    """The next review date of a finished assessment: from the instrument's interval, editable, and
    as a calendar file; where the source gives no period, the person's own choice."""
    if doc.get("status") != A.FINISHED:
        return
    heading(_("Next review"))
    if not instrument.review_interval_days:
        show.caption(attribution.no_review_period(instrument))
    key = bind(doc, instrument, ("review_on",), rounds.next_review(instrument, doc))
    st.date_input(_("Review on"), value=held.value(key), key=key, format="DD/MM/YYYY",
                  on_change=save_pending, help=escape_markdown(instrument.review_advice or _("When you will look at this again.")))
    if instrument.review_advice:
        show.caption(instrument.review_advice)
    download_buttons([f for f in files if f.key == "download-ics"])
