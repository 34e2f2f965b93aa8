"""The CSV files coprod hands out (one assessment's; a session's are in coprod.files.team_report),
and their cells made safe to open in a spreadsheet.

A spreadsheet runs a cell that starts with =, +, - or @ as a formula, and a formula can fetch a web
address or start a program (CSV or formula injection). OWASP's guidance: no cell may begin with
=, +, -, @, a tab or a carriage return; such a cell gets a single quote in front, which the
spreadsheet shows as text. Spreadsheets also skip leading spaces before they look, and some read
the full-width and small forms of the signs (＝, ﹢, －, ＠ …) as the signs themselves, so the check
looks past any leading white space (no-break spaces and other invisible spaces included) and
compares each character in its compatibility form (NFKC). The csv module quotes every cell that
holds a separator, a quote or a line break, so no text can start a cell of its own.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from typing import Any

from coprod.answers import assessment as A
from coprod.answers import plans
from coprod.common.i18n import _, marked
from coprod.common.text import whole_characters
from coprod.library.model import Instrument

_TRIGGERS = frozenset("=+-@\u2212")  # U+2212 MINUS SIGN: a minus some spreadsheets accept as one
_CONTROLS = frozenset("\t\r\n\0")


def _invisible(ch: str) -> bool:
    """White space and the invisible format characters a spreadsheet may skip before a formula."""
    return ch.isspace() or unicodedata.category(ch) in ("Zs", "Cf", "Cc")


def risky(text: str) -> bool:
    """Whether a spreadsheet could read `text` as a formula."""
    if text[:1] in _CONTROLS:
        return True
    first = next((ch for ch in text if not _invisible(ch)), "")
    return bool(first) and unicodedata.normalize("NFKC", first)[:1] in _TRIGGERS


def cell(value: Any) -> str:
    """A value as a CSV cell: text as written, but for a leading quote where a spreadsheet could run
    it, and lone surrogates (possible in imported text) replaced, since they cannot be UTF-8."""
    text = whole_characters("" if value is None else str(value))
    return "'" + text if risky(text) else text


# --------------------------------------------------------------------------- the CSV

CSV_COLUMNS = [
    marked("assessment"), marked("date"), marked("kind"), marked("perspective"), marked("item_id"), marked("item"),
    marked("group"), marked("score"), marked("score_label"), marked("band"), marked("example"), marked("options"),
    *plans.COLUMNS,
]
# The plan's columns (coprod.answers.plans.COLUMNS) marked too: the header row is in the reader's language.
PLAN_HEADERS = (marked("principle"), marked("current"), marked("next_level"), marked("actions"), marked("who"),
                marked("by_when"), marked("progress"), marked("status"))


def header_row(columns: list[str]) -> list[str]:
    """A CSV's header row as people read it: each column's name in the reader's language (the rows
    themselves are made by the English names)."""
    return [_(column) for column in columns]


def csv_report(instrument: Instrument, doc: dict, earlier: list[dict] | None = None) -> str:
    """The scores, free-text answers and plan as one CSV table with a header row.

    Columns: assessment and date (its title and date on every row, so files put together still say whose each row
    is), kind, perspective, item_id, item, group, score, score_label, band, example, options, then the plan's
    columns (principle, current, next_level, actions, who, by_when, progress).
    Rows, in order:
      - kind "score": one per chosen view × item; score is the number on the instrument's scale
        (empty when not scored), score_label its name, band its band; example is the person's
        example; options the checklist options chosen, separated by "; ".
      - kind "answer": one per free-text question; item is the question's label, example the answer.
      - kind "plan": one per plan row, with the plan columns filled.
      - kind "progress" (when earlier review rounds are given): one per view × item × round, oldest
        first, with that round's date in group, its score in score/score_label/band, the change
        from the first round to now in example, and the item's plan status in status.
    Columns a row kind does not use are empty. Text is kept as typed (commas, quotes, new lines and
    any Unicode are quoted by the csv module and read back unchanged), except that a cell a
    spreadsheet could run as a formula (see coprod.files.sheets) gets a single quote ' in front, so it
    shows as text. No total or average is included. For Excel, save
    the text as UTF-8 with a byte-order mark ("utf-8-sig").
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header_row(CSV_COLUMNS))
    blank = {column: "" for column in CSV_COLUMNS} | {"assessment": doc.get("title", ""), "date": doc.get("date", "")}
    for p in A.chosen_perspectives(instrument, doc):
        for item in instrument.items:
            given = A.answer(doc, p.id, item.id)
            score = given["score"]
            writer.writerow(cell(v) for v in {
                **blank,
                "kind": "score",
                "perspective": p.label,
                "item_id": item.id,
                "item": item.name,
                "group": item.group,
                "score": "" if score is None else score,
                "score_label": "" if score is None else instrument.scale.label_for(score),
                "band": "" if score is None else instrument.scale.band_for(score).name,
                "example": given["example"],
                "options": "; ".join(given["options"]),
            }.values())
    for prompt in instrument.prompts:
        writer.writerow(cell(v) for v in {
            **blank,
            "kind": "answer",
            "item_id": prompt.id,
            "item": prompt.label,
            "example": (doc.get("prompts") or {}).get(prompt.id) or "",
        }.values())
    if earlier:
        from coprod.answers import rounds

        status = {row.get("item_id"): row.get("status", "") for row in plans.plan_of(instrument, doc)}
        dates = [r["date"] for r in [*earlier, doc]]
        for change in rounds.changes(instrument, [*earlier, doc]):
            for on, score, band in zip(dates, change.scores, change.bands):
                writer.writerow(cell(v) for v in {
                    **blank,
                    "kind": "progress",
                    "perspective": change.perspective.label,
                    "item_id": change.item.id,
                    "item": change.item.name,
                    "group": on,
                    "score": "" if score is None else score,
                    "score_label": "" if score is None else instrument.scale.label_for(score),
                    "band": band,
                    "example": rounds.change_words(instrument, change),
                    "status": status.get(change.item.id, ""),
                }.values())
    for row in plans.plan_of(instrument, doc):
        writer.writerow(cell(v) for v in {
            **blank,
            "kind": "plan",
            "item_id": row.get("item_id", ""),
            **{column: row.get(column, "") for column in plans.COLUMNS},
        }.values())
    return out.getvalue()
