"""Spreadsheets (XLSX): a small writer of named tables, one sheet per table, for every file the app
hands out as a spreadsheet (one assessment's, a team's, an organisation's overview).

A caller describes its tables; this module lays them out the same way everywhere: the column names
in bold on the first row, frozen so they stay in view while scrolling, a filter on them, columns as
wide as their text (up to a limit, longer text wrapping), numbers as numbers and dates as dates
(shown as 2026-03-01, so a spreadsheet sorts and filters them as dates). Every text cell passes the
same guard as the CSV files (coprod.files.sheets.cell): a cell a spreadsheet could run as a formula
gets a single quote in front, and no text cell is ever stored as a formula. Characters an XLSX file
cannot hold (control characters) are dropped; lone surrogates are replaced, as in the CSV.

    from coprod.files.workbook import Column, Table, xlsx, DATE, NUMBER
    data = xlsx([Table("Scores", (Column("Item"), Column("Score", NUMBER), Column("On", DATE)),
                       [("Assets", 7, "2026-03-01")])])
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Sequence

from coprod.files.sheets import cell as guarded

TEXT, NUMBER, DATE = "text", "number", "date"
MAX_WIDTH = 60  # characters: a wider column wraps its text
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what an XLSX cell cannot hold
_SHEET_NAME = re.compile(r"^[^\[\]:*?/\\]{1,31}$")


@dataclass(frozen=True)
class Column:
    """A column of a table: its heading and what its cells hold. TEXT cells are written as text
    (guarded); NUMBER cells as numbers where they are numbers (anything else as text); DATE cells as
    dates where they are a date or an ISO date ("2026-03-01"), anything else (free text typed as "by
    when") as text."""

    name: str
    kind: str = TEXT


@dataclass(frozen=True)
class Table:
    """One sheet: its name (at most 31 characters, none of [ ] : * ? / \\), its columns and its rows,
    each row a sequence of values in the columns' order (None for an empty cell)."""

    name: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[Any]]


def sheet_name(text: str) -> str:
    """A sheet's name as translated, made fit to name a sheet: the characters a sheet's name cannot
    hold become spaces, and it is cut to 31 characters (a name that fits is left as it is)."""
    name = re.sub(r"[\[\]:*?/\\]", " ", text).strip()[:31].strip()
    return name or "Sheet"


def _value(column: Column, value: Any) -> tuple[Any, str | None]:
    """A cell's value as written, and its number format."""
    if value is None or value == "":
        return None, None
    if column.kind == NUMBER and isinstance(value, (int, float)) and not isinstance(value, bool):
        return value, None
    if column.kind == DATE:
        if isinstance(value, datetime):
            return value.date(), "yyyy-mm-dd"
        if isinstance(value, date):
            return value, "yyyy-mm-dd"
        try:
            return date.fromisoformat(str(value).strip()), "yyyy-mm-dd"
        except ValueError:
            pass
    return _ILLEGAL.sub("", guarded(value)), None


def xlsx(tables: Sequence[Table]) -> bytes:
    """The tables as one XLSX file, a sheet per table in the order given."""
    from openpyxl import Workbook  # loaded when a spreadsheet is made
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    if not tables:
        raise ValueError("A spreadsheet needs at least one table.")
    names = [t.name for t in tables]
    for name in names:
        if not _SHEET_NAME.match(name):
            raise ValueError(f"{name!r} cannot name a sheet: 1 to 31 characters, none of [ ] : * ? / \\")
    if len({n.casefold() for n in names}) != len(names):
        raise ValueError("Two tables have the same name.")
    book = Workbook()
    book.remove(book.active)
    book.properties.creator = "coprod"
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for table in tables:
        sheet = book.create_sheet(table.name)
        widths = [len(c.name) for c in table.columns]
        for at, column in enumerate(table.columns, start=1):
            heading = sheet.cell(row=1, column=at, value=_ILLEGAL.sub("", guarded(column.name)))
            heading.data_type = "s"
            heading.font = bold
        for r, row in enumerate(table.rows, start=2):
            if len(row) != len(table.columns):
                raise ValueError(f"A row of {table.name!r} has {len(row)} cells for {len(table.columns)} columns.")
            for at, (column, raw) in enumerate(zip(table.columns, row), start=1):
                value, number_format = _value(column, raw)
                if value is None:
                    continue
                target = sheet.cell(row=r, column=at)
                target.value = value
                if isinstance(value, str):
                    target.data_type = "s"  # never a formula, whatever it says
                    longest = max(len(line) for line in value.splitlines() or [""])
                    if longest > MAX_WIDTH or "\n" in value:
                        target.alignment = wrap
                    widths[at - 1] = max(widths[at - 1], min(longest, MAX_WIDTH))
                else:
                    widths[at - 1] = max(widths[at - 1], 10 if number_format else len(str(value)))
                if number_format:
                    target.number_format = number_format
        for at, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(at)].width = min(width, MAX_WIDTH) + 2
        sheet.freeze_panes = "A2"  # the headings stay in view
        if table.rows:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{len(table.rows) + 1}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
