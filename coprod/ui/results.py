"""Widgets of the results page: chart with its table, summary, the next-steps plan, downloads."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pandas as pd
import streamlit as st

from coprod import assessment as A
from coprod import charts, exchange, plans, reports, rounds
from coprod.instruments import Instrument
from coprod.summary import summary_lines
from coprod.text import escape_markdown
from coprod.ui.charts import draw
from coprod.ui.show import heading
from coprod.storage import Damaged, NotFound
from coprod.ui.store import store


def chart(instrument: Instrument, doc: dict) -> None:
    left, right = st.columns([2, 1], gap="small")
    with left:
        draw(("results", instrument.fingerprint, doc["perspectives"], doc["answers"]), lambda: reports.chart_for(instrument, doc), key="results-chart")
    with right:
        st.dataframe(scores_table(instrument, doc), hide_index=True, width="stretch")


def scores_table(instrument: Instrument, doc: dict) -> pd.DataFrame:
    """The chart's data as a table: one row per item, a column per view."""
    views = A.chosen_perspectives(instrument, doc)
    rows = []
    for item in instrument.items:
        row = {"Item": item.name}
        for p in views:
            score = A.answer(doc, p.id, item.id)["score"]
            row[p.label] = instrument.scale.level(score) if score is not None else "—"
        rows.append(row)
    return pd.DataFrame(rows)


def summary(instrument: Instrument, doc: dict) -> None:
    heading("What this shows")
    views = A.chosen_perspectives(instrument, doc)
    for p in views:
        if len(views) > 1:
            st.markdown(f"**{escape_markdown(p.label)}**")
        st.text("\n\n".join(summary_lines(instrument, doc, p)))
    if not instrument.rules.scores_may_be_totalled:
        st.caption("Each item is assessed on its own: the source does not add scores up, so no total or average is shown.")


def _plan_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame([{c: row.get(c, "") for c in plans.COLUMNS} for row in rows], columns=plans.COLUMNS)
    return frame.astype("string")  # explicit dtype: empty columns would otherwise be guessed wrongly


def plan_editor(instrument: Instrument, doc: dict, heading_text: str = "Next steps") -> None:
    """The plan table. Its input is always the stored plan at one revision, and the key carries that
    revision, so the editor's output is never fed back in (streamlit#7749) and a saved change
    rebuilds it from storage (streamlit#17026)."""
    heading(heading_text)
    st.caption("Weakest first. Edit the actions, who and by when; add a progress update later. "
               "Add or remove rows at the bottom of the table. Changes are saved as you make them.")
    rows = plans.plan_of(instrument, doc)
    revision = doc.get("plan_revision", 0)
    key = f"plan-{doc['token']}-{revision}"

    text = st.column_config.TextColumn
    st.data_editor(
        _plan_frame(rows),
        key=key,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        disabled=["current", "next_level"],
        column_config={
            "principle": text(plans.HEADINGS["principle"], width=110, max_chars=200),
            "current": text(plans.HEADINGS["current"], width=110),
            "next_level": text(plans.HEADINGS["next_level"], width=210),
            "actions": text(plans.HEADINGS["actions"], width=210, max_chars=A.MAX_TEXT),
            "who": text(plans.HEADINGS["who"], width=80, max_chars=200),
            "by_when": text(plans.HEADINGS["by_when"], width=80, max_chars=100),
            "progress": text(plans.HEADINGS["progress"], width=150, max_chars=A.MAX_TEXT),
            "status": st.column_config.SelectboxColumn(plans.HEADINGS["status"], options=list(plans.STATUSES), width=100, required=True),
        },
    )
    delta = st.session_state.get(key) or {}
    if any(delta.get(part) for part in ("edited_rows", "added_rows", "deleted_rows")):
        _save_plan(instrument, doc["token"], delta)
        st.rerun()  # the new revision rebuilds the editor from what was stored


def _save_plan(instrument: Instrument, token: str, delta: dict) -> None:
    def apply(d: dict) -> None:
        base = plans.plan_of(instrument, d)
        plans.save_plan(d, plans.apply_edits(base, delta.get("edited_rows", {}), delta.get("added_rows", []), delta.get("deleted_rows", [])))

    store().update(token, apply)


def file_stem(doc: dict) -> str:
    stem = re.sub(r"[^A-Za-z0-9]+", "-", doc["title"]).strip("-").lower()[:40]
    return f"{stem or 'assessment'}-{doc['date']}"


def downloads(instrument: Instrument, doc: dict, earlier: list[dict]) -> None:
    heading("Take it with you")
    stem = file_stem(doc)
    token = doc["token"]
    saved = store()  # resolved here: the deferred files are made on another thread
    columns = st.columns(4)
    # Each file is made only when its button is clicked, from the latest saved copy.
    columns[0].download_button("PDF plan", lambda: reports.pdf_report(instrument, saved.get(token), earlier),
                               file_name=f"{stem}.pdf", mime="application/pdf", icon=":material/picture_as_pdf:", key="download-pdf")
    # UTF-8 with a byte-order mark, so spreadsheet programs read accents and emoji correctly.
    columns[1].download_button("CSV", lambda: reports.csv_report(instrument, saved.get(token), earlier).encode("utf-8-sig"),
                               file_name=f"{stem}.csv", mime="text/csv", icon=":material/table:", key="download-csv")
    columns[2].download_button("Chart (PNG)", lambda: reports.png_chart(instrument, saved.get(token)),
                               file_name=f"{stem}.png", mime="image/png", icon=":material/image:", key="download-png")
    columns[3].download_button("Everything (JSON)", lambda: exchange.export_json(saved.get(token)),
                               file_name=f"{stem}.json", mime="application/json", icon=":material/data_object:", key="download-json")
    st.caption("The JSON file can be imported again on the home page, by you or a coordinator.")


def earlier_rounds(doc: dict) -> list[dict]:
    """The rounds before this assessment or session, oldest first (one that cannot be read is skipped)."""
    out = []
    for token in doc.get("rounds_before") or []:
        try:
            out.append(store().get(token))
        except (NotFound, Damaged):
            continue
    return out


def progress(instrument: Instrument, doc: dict, earlier: list[dict]) -> None:
    """The rounds overlaid, the change per item, drops flagged, and done actions beside their item."""
    heading("Progress since earlier rounds", 2)
    all_rounds = [*earlier, doc]
    series = []
    for n, r in enumerate(all_rounds, start=1):
        for p in A.chosen_perspectives(instrument, r):
            views = len(r["perspectives"]) > 1
            series.append(charts.Series(f"Round {n} ({r['date']})" + (f" · {p.label}" if views else ""),
                                        {i.id: A.answer(r, p.id, i.id)["score"] for i in instrument.items}))
    if instrument.chart.kind == "radar":
        draw(("rounds", instrument.fingerprint, series[-8:]), lambda: charts.radar_chart(instrument, series[-8:]), key="rounds-radar")
    found = rounds.changes(instrument, all_rounds)
    done = {}
    for row in plans.plan_of(instrument, doc):
        if row.get("status") == "done" and row.get("item_id"):
            done.setdefault(row["item_id"], []).append(row.get("actions", "") or row.get("principle", ""))
    table = []
    for change in found:
        table.append({
            "Item": change.item.name + (f" ({change.perspective.label})" if len(doc["perspectives"]) > 1 else ""),
            **{f"Round {n}": (instrument.scale.label_for(s) if s is not None else "—") for n, s in enumerate(change.scores, start=1)},
            "Change": "" if change.change is None else f"{change.change:+d}",
            "Band now": change.bands[-1],
            "Look again": "went down: any unintended consequences?" if change.went_down else "",
            "Done actions": "; ".join(done.get(change.item.id, [])),
        })
    st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")
    dropped = [c for c in found if c.went_down]
    if dropped:
        st.warning("Went down since the last round: " + ", ".join(escape_markdown(c.item.name) for c in dropped)
                   + ". Worth a look for unintended consequences of changes to the service, its design or its people.",
                   icon=":material/trending_down:")
    lines = [{"item": c.item.name, "round": n, "score": s} for c in found for n, s in enumerate(c.scores, start=1)]
    draw(("round-lines", instrument.fingerprint, lines), lambda: charts.rounds_chart(instrument, lines), key="rounds-lines")


def review(instrument: Instrument, doc: dict) -> None:
    """The next review date: from the instrument's interval, editable, and as a calendar file."""
    if doc["status"] != A.FINISHED:
        return
    heading("Next review")
    suggested = rounds.review_date(instrument, doc.get("finished_on", ""), doc.get("review_on", ""))
    if suggested is None:
        suggested = date.fromisoformat(doc["finished_on"]) + timedelta(days=90)
    key = f"review-{doc['token']}"
    if key not in st.session_state:
        st.session_state[key] = suggested
    chosen = st.date_input("Review on", key=key, format="DD/MM/YYYY",
                           help=escape_markdown(instrument.review_advice or "When you will score this again."))
    if chosen and chosen.isoformat() != doc.get("review_on", "") and chosen != rounds.review_date(instrument, doc.get("finished_on", "")):
        store().update(doc["token"], lambda d: d.update(review_on=chosen.isoformat()))
    if instrument.review_advice:
        st.caption(escape_markdown(instrument.review_advice))
    ics = rounds.to_ics(doc["title"], chosen or suggested, doc["token"][:12],
                        f"Review of {doc['title']} with the {instrument.short_title}. Start the next round from its results page.")
    st.download_button("Add to calendar (.ics)", ics.encode("utf-8"), file_name=f"review-{file_stem(doc)}.ics",
                       mime="text/calendar", icon=":material/calendar_add_on:", key="download-ics")
