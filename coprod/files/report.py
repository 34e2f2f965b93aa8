"""The PDF plan of one assessment: the piece of work's title; who, role and date; the instrument and
its source; the status; the chart; the plain-language summary; each item's score and the person's
example and chosen options per view; the free-text answers; the progress over review rounds; and
the next-steps plan as a table. Where the instrument says scores are not added up, no total or
average appears anywhere. The chart is drawn as vector shapes by coprod.files.pdf_charts, from the
same geometry as the chart on the results page. The team PDF and the paper pack reuse its sections.
"""

from __future__ import annotations

from coprod.answers import assessment as A
from coprod.answers import plans
from coprod.answers.summary import summary_lines
from coprod.charts.person import series_for
from coprod.common.i18n import _
from coprod.files import pdf_charts
from coprod.files.pdf import BODY, INK, LINE, MUTED, PLAN_LINE, PLAN_SIZE, Writer, table
from coprod.files.text_layout import COVERAGE
from coprod.files.wording import (
    answer_mark,
    long_date,
    plan_status,
    score_text,
    status_text,
)
from coprod.library import attribution
from coprod.library.model import Instrument, Item, Perspective


def _about(w: Writer, instrument: Instrument, doc: dict) -> None:
    w.paragraph(doc.get("title", ""), 20, True, INK, line=9)
    w.gap(3)
    if doc.get("name"):
        w.field(_("Name"), doc["name"])
    if doc.get("role"):
        w.field(_("Role"), doc["role"])
    w.field(_("Date"), long_date(doc.get("date", "")))
    w.field(_("Instrument"), instrument.title)
    w.field(_("Source"), instrument.source.citation())
    if instrument.translation:  # a translated version credits its translator (issue 27)
        w.paragraph(attribution.translated_by(instrument), 9, colour=MUTED, line=4.5)
    views = A.chosen_perspectives(instrument, doc)
    if instrument.perspectives:
        w.field(_("Views scored"), ", ".join(p.label for p in views))
    w.field(_("Status"), status_text(doc))


def _chart(w: Writer, instrument: Instrument, doc: dict) -> None:
    if instrument.kind == "checklist":
        _checklist(w, instrument, doc)
        return
    if instrument.kind == "survey":
        w.heading(_("Your answers"))
        _survey_table(w, instrument, doc)
        w.gap(3)
        pdf_charts.survey(w, instrument, series_for(instrument, doc)[0].scores)
    else:
        pdf_charts.radar(w, instrument, series_for(instrument, doc), heading=_("Your chart"))
    if instrument.chart.note:
        w.gap(2)
        w.paragraph(attribution.note(instrument, "chart.note", instrument.chart.note), 8.5, colour=MUTED, line=4)


def _checklist(w: Writer, instrument: Instrument, doc: dict) -> None:
    """The checklist itself, stage by stage, ticked."""
    w.heading(_("Your checklist"))
    p = A.chosen_perspectives(instrument, doc)[0]
    for group in instrument.groups:
        if group:
            w.heading(group, 2)
        rows = [[w.text(answer_mark(instrument, A.answer(doc, p.id, item.id)["score"])), w.text(item.name)]
                for item in instrument.items if item.group == group]
        table(w, [_("Answer"), _("Check")], rows, [44, w.width - 44])


def _survey_table(w: Writer, instrument: Instrument, doc: dict) -> None:
    """Each statement with the person's answer, and the source group's counts beside it for reference."""
    p = A.chosen_perspectives(instrument, doc)[0]
    tally = instrument.reference_tally
    bands = list(reversed(instrument.scale.bands))
    headings = [_("Statement"), _("Your answer")] + ([b.name for b in bands] if tally else [])
    rows = []
    for item in instrument.items:
        score = A.answer(doc, p.id, item.id)["score"]
        counts = dict(zip([b.id for b in instrument.scale.bands], tally.counts.get(item.id, ()))) if tally else {}
        rows.append([w.text(item.name), w.text(instrument.scale.label_for(score) if score is not None else "—"),
                     *(str(counts.get(b.id, "")) for b in bands if tally)])
    across = 17.0 if tally else 0.0
    table(w, headings, rows, [w.width - 30 - across * (len(headings) - 2), 30, *[across] * (len(headings) - 2)])
    if tally:
        w.paragraph(_("The counts are the {label}, for reference.").format(label=tally.label), 8.5, colour=MUTED, line=4)


def _summary(w: Writer, instrument: Instrument, doc: dict) -> None:
    w.heading(_("Summary"))
    views = A.chosen_perspectives(instrument, doc)
    for p in views:
        if len(views) > 1:
            w.heading(p.label, 2)
        for line in summary_lines(instrument, doc, p):
            w.paragraph(line, line=LINE)
            w.gap(1.5)


def principles_section(w: Writer, instrument: Instrument) -> None:
    """Which principles each item supports, and the source's passages for the results (IMAGINE: its
    principles with what they mean), each under its heading and with whose it is."""
    if any(item.supports for item in instrument.items):
        w.heading(attribution.supports_heading(instrument), keep=30)
        rows = [[w.text(item.name), w.text("; ".join(item.supports))] for item in instrument.items]
        table(w, [instrument.words.item.capitalize(), _("Principles")], rows, [55, w.width - 55])
    for part in instrument.guidance_for("results"):
        w.heading(part.heading, 2)
        if part.note:
            w.paragraph(attribution.note(instrument, f"guidance.{part.id}.note", part.note), 8.5, colour=MUTED, line=4)
        w.paragraph(part.text, line=LINE)
        w.paragraph(attribution.passage_source(instrument, f"guidance.{part.id}.heading"), 8.5, colour=MUTED, line=4)


def scores_section(w: Writer, instrument: Instrument, doc: dict, heading: str = "") -> None:
    w.heading(heading or instrument.words.answers, keep=50)
    views = A.chosen_perspectives(instrument, doc)
    group = ""
    for n, item in enumerate(instrument.items):
        if item.group and item.group != group:
            group = item.group
            w.room(40)
            w.heading(group, 2)
        elif n:
            w.gap(1)
            w.rule()
            w.gap(2)
        w.room(22)
        w.paragraph(item.name, 10.5, True, line=5.2)
        w.gap(0.8)
        once = A.examples_per_item(instrument)  # nef: the views' scores, then the item's one example
        for n, p in enumerate(views):
            _answer(w, instrument, doc, item, p, len(views) > 1, example=not once or n == len(views) - 1)


def _answer(w: Writer, instrument: Instrument, doc: dict, item: Item, p: Perspective, label_views: bool, example: bool = True) -> None:
    given = A.answer(doc, p.id, item.id)
    indent = 4
    score = score_text(instrument, given["score"])
    w.field(p.label if label_views else instrument.words.score.capitalize(), score, 34)
    if not example:
        return
    text = str(given["example"] or "")
    w.paragraph(instrument.rules.example_label, 9, True, MUTED, indent=indent, line=4.5)
    if text.strip():
        w.paragraph(text.strip("\n"), BODY, indent=indent, line=LINE)
    else:
        w.paragraph(_("No example given."), 9, colour=MUTED, indent=indent, line=4.5)
    if given["options"]:
        w.paragraph(_("Chosen:"), 9, True, MUTED, indent=indent, line=4.5)
        for option in given["options"]:
            w.paragraph(f"• {option}", BODY, indent=indent + 2, line=LINE)
    w.gap(1.5)


def _prompts(w: Writer, instrument: Instrument, doc: dict) -> None:
    if not instrument.prompts:
        return
    w.heading(attribution.prompts_heading(instrument))
    for n, prompt in enumerate(instrument.prompts):
        if n:
            w.gap(1)
            w.rule()
            w.gap(2)
        w.room(22)
        title, text = attribution.prompt_parts(instrument, prompt)
        if title != attribution.prompts_heading(instrument):
            w.paragraph(title, 10.5, True, line=5.2)
        if text:
            w.paragraph(text, 9, colour=MUTED, line=4.5)
        w.gap(1)
        answer = str((doc.get("prompts") or {}).get(prompt.id) or "").strip("\n")
        if answer.strip():
            w.paragraph(answer, line=LINE)
        else:
            w.paragraph(_("No answer yet."), 9, colour=MUTED, line=4.5)


# Plan columns: the least width in mm (room to write by hand in a printed copy); the rest of the
# page's text width (178 mm) goes to the columns in proportion to how much text they hold.
PLAN_MIN_WIDTHS = {"principle": 24, "current": 18, "next_level": 20, "actions": 20, "who": 16, "by_when": 14, "progress": 20, "status": 15}
TALL_ROW = 110  # mm: a plan row taller than this is printed as a block of its own, not a table row


def _plan_widths(w: Writer, cells: list[list[str]]) -> dict[str, float]:
    w.font(PLAN_SIZE)
    area = {column: sum(w.pdf.get_string_width(row[n]) for row in cells) for n, column in enumerate(plans.COLUMNS)}
    spare = w.width - sum(PLAN_MIN_WIDTHS.values())
    total = sum(area.values())
    if not total:
        return {c: m + spare / len(PLAN_MIN_WIDTHS) for c, m in PLAN_MIN_WIDTHS.items()}
    return {c: m + spare * area[c] / total for c, m in PLAN_MIN_WIDTHS.items()}


def plan_section(w: Writer, instrument: Instrument, doc: dict) -> None:
    """The plan as a table (headings repeated on each page); a row too tall for a page-friendly
    table row (a long progress update) is printed as a block of labelled paragraphs instead."""
    rows = plans.plan_of(instrument, doc)
    cells = [[w.text(_shown(column, row.get(column, "") or "")) for column in plans.COLUMNS] for row in rows]
    widths = _plan_widths(w, [row for row in cells if sum(map(len, row)) < 2000])
    heights = [
        max(w.estimate(text, widths[column] - 2.4, PLAN_SIZE, PLAN_LINE) for column, text in zip(plans.COLUMNS, row))
        for row in cells
    ]
    # Keep the heading with the table's heading row and first row.
    first = heights[0] if heights and heights[0] <= TALL_ROW else 20
    w.heading(_("Next steps plan"), keep=14 + 10 + first + 4)
    if not rows:
        w.paragraph(_("No plan rows yet."), 9, colour=MUTED)
        return
    run: list[list[str]] = []
    for row, height in zip(cells, heights):
        if height > TALL_ROW:
            _plan_table(w, instrument, run, widths)
            run = []
            _plan_block(w, instrument, row)
        else:
            run.append(row)
    _plan_table(w, instrument, run, widths)


def _shown(column: str, value: str) -> str:
    """A plan cell as the PDF shows it: the status in the reader's language, the rest as typed."""
    return plan_status(value) if column == "status" else value


def _plan_table(w: Writer, instrument: Instrument, rows: list[list[str]], widths: dict[str, float]) -> None:
    if not rows:
        return
    named = plans.headings(instrument)
    table(w, [named[column] for column in plans.COLUMNS], rows, [widths[column] for column in plans.COLUMNS])


def _plan_block(w: Writer, instrument: Instrument, row: list[str]) -> None:
    w.room(30)
    w.rule()
    w.gap(2)
    values = dict(zip(plans.COLUMNS, row))
    w.paragraph(values["principle"] or _("Plan row"), 10.5, True, line=5.2)
    for column in plans.COLUMNS[1:]:
        if values[column].strip():
            w.paragraph(plans.headings(instrument)[column], 9, True, MUTED, line=4.5)
            w.paragraph(values[column], line=LINE)
            w.gap(1)
    w.gap(2)


def progress_rows(instrument: Instrument, doc: dict, earlier: list[dict]) -> list[dict]:
    """Per view and item: the score in each round, the change, a drop flag and the plan's status."""
    from coprod.answers import rounds

    status = {row.get("item_id"): row.get("status", "") for row in plans.plan_of(instrument, doc) if row.get("item_id")}
    views = len(doc["perspectives"]) > 1
    out = []
    for change in rounds.changes(instrument, [*earlier, doc]):
        out.append({
            "item": change.item.name + (f" ({change.perspective.label})" if views else ""),
            "item_id": change.item.id,
            "scores": [score_text(instrument, s) if s is not None else "—" for s in change.scores],
            "change": rounds.change_words(instrument, change),
            "flag": rounds.look_again(instrument, change, short=True),
            "status": plan_status(status.get(change.item.id, "")),
        })
    return out


def progress_section(w: Writer, instrument: Instrument, doc: dict, earlier: list[dict]) -> None:
    rows = progress_rows(instrument, doc, earlier)
    dates = [r["date"] for r in [*earlier, doc]]
    from coprod.answers import rounds

    w.heading(_("Progress since earlier rounds"), keep=40)
    w.paragraph(_(rounds.PROGRESS_NOTE[instrument.kind]), 9, colour=MUTED)
    from coprod.library.versions import (
        rounds_note,  # (tomli_w, only for progress across rounds)
    )

    note = rounds_note([*earlier, doc])
    if note:
        w.paragraph(note, 9, colour=MUTED)
    flags = bool(rounds.LOOK_AGAIN[instrument.kind])  # a survey's answers are never flagged: no column for it
    named = instrument.kind != "scale"  # "Agree → Strongly disagree" needs room that "+2" does not
    headings = [instrument.words.item.capitalize(),
                *[_("Round {number} ({date})").format(number=n, date=d) for n, d in enumerate(dates, start=1)], _("Change"),
                *([_("Look again")] if flags else []), _("Action status")]
    cells = [[w.text(v) for v in (r["item"], *r["scores"], r["change"], *([r["flag"]] if flags else []), r["status"])] for r in rows]
    ends = [34.0 if named else 14.0, *([18.0] if flags else []), 22.0]
    round_width = min(30.0, (w.width - 40 - sum(ends)) / len(dates))
    table(w, headings, cells, [w.width - sum(ends) - round_width * len(dates), *[round_width] * len(dates), *ends])


def pdf_report(instrument: Instrument, doc: dict, earlier: list[dict] | None = None) -> bytes:
    """The assessment as an A4 PDF plan, fit to print and pin up; with the earlier review rounds
    given, it includes the progress since them."""
    w = Writer(doc.get("title", "") or _("Assessment"))
    _about(w, instrument, doc)
    _chart(w, instrument, doc)
    _summary(w, instrument, doc)
    principles_section(w, instrument)
    if earlier:
        progress_section(w, instrument, doc, earlier)
    scores_section(w, instrument, doc)
    _prompts(w, instrument, doc)
    plan_section(w, instrument, doc)
    return bytes(w.pdf.output())


def warm_up() -> None:
    """Load what a process's first PDF needs (fpdf2, the fonts' character sets, the shaping engine)
    ahead of time, so that a person's first download is as quick as the next. Safe in a background
    thread. The PDFs draw their charts themselves: vl-convert (the PNG download) is not loaded."""
    COVERAGE.main, COVERAGE.owner  # noqa: B018 (reads the fonts' character sets)
    w = Writer("coprod")  # imports fpdf2 and reads the main fonts
    for bold in (False, True):  # both styles' widths, the shaping engine and a fallback font
        w.paragraph("Warm-up: “Łódź” — שלום 🌱", bold=bold)
    w.pdf.output()  # and fontTools' subsetter
