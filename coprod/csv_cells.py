"""Cells of the CSV files coprod hands out, made safe to open in a spreadsheet.

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

import unicodedata
from typing import Any

from coprod.text import whole_characters

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
