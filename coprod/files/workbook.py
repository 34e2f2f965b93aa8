"""Spreadsheets (XLSX) beside the CSVs, built with openpyxl: one sheet per table, its header row
frozen and bold, columns as wide as their text (within reason), dates as dates, and every cell that
came from a person guarded as in the CSVs (coprod.files.sheets.cell), so no cell runs as a formula."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from coprod.files.sheets import cell

MAX_WIDTH = 60  # characters: a long example wraps in its cell rather than making the sheet unreadable


@dataclass(frozen=True)
class Table:
    """A sheet: its name (at most 31 characters, as spreadsheets allow), headings and rows. Columns
    named in `dates` hold ISO dates ("2026-03-14") and become dates; `numbers` stay numbers."""

    name: str
    headings: list[str]
    rows: list[list]
    dates: frozenset[str] = field(default_factory=frozenset)
    numbers: frozenset[str] = field(default_factory=frozenset)


def _value(heading: str, value, table: Table):
    if value is None or value == "":
        return None
    if heading in table.dates:
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            return cell(value)
    if heading in table.numbers and isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return cell(value)


def xlsx(tables: list[Table]) -> bytes:
    """The tables as one workbook, a sheet each."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(table.name[:31])
        sheet.append(table.headings)
        for heading_cell in sheet[1]:
            heading_cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_value(h, v, table) for h, v in zip(table.headings, row)])
        sheet.freeze_panes = "A2"
        for n, heading in enumerate(table.headings, start=1):
            width = max([len(str(heading))] + [len(str(r[n - 1] or "")) for r in table.rows[:500]])
            sheet.column_dimensions[get_column_letter(n)].width = min(MAX_WIDTH, max(8, width + 2))
            if heading in table.dates:
                for row in sheet.iter_rows(min_row=2, min_col=n, max_col=n):
                    row[0].number_format = "yyyy-mm-dd"
        for row in sheet.iter_rows(min_row=2):
            for one in row:
                one.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
