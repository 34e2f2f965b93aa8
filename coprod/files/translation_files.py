"""A translated version's round trips for translators who work in their own tools (issue 27): a
spreadsheet (XLSX, one row per field: its path, the source text, the translation) and a PO file (the
gettext format of every translation tool: msgctxt the field's path, msgid the source text, msgstr the
translation, marked fuzzy where the source's text changed since it was translated).

Reading a file back never loses a translation already saved: a row left empty changes nothing. A
file whose fields are not this instrument's is refused whole, saying what to do. A row whose source
text is no longer the source's current text is taken, and the field shows as outdated, so the
translator sees what to look at again.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from coprod.common.i18n import _
from coprod.files.sheets import risky
from coprod.files.workbook import Column, Table, xlsx
from coprod.library import translation as T

MAX_FILE = 1024 * 1024  # bytes: a translated instrument's spreadsheet is some tens of KB
MAX_UNPACKED = 20 * 1024 * 1024  # bytes: what an XLSX (a zip) may unpack to
SHEET = "Translation"


class Refused(ValueError):
    """A file that cannot be read as this instrument's translation; the message says what to do."""


@dataclass(frozen=True)
class Row:
    path: str
    source: str  # the source text the file's translation was made from
    text: str  # the translation ("" where the file leaves it empty)
    reviewed: bool = True  # False for a PO message its translator left fuzzy


# --------------------------------------------------------------------------- applying a file


def apply(data: dict, source: dict, rows: list[Row]) -> int:
    """Take the file's translations into a draft; returns how many fields it translated. An empty
    row, or one its translator left fuzzy, changes nothing."""
    taken = 0
    for row in rows:
        if not row.text.strip() or not row.reviewed:
            continue
        T.translate(data, source, row.path, row.text)
        if row.source and row.source != T.get(source, row.path):
            T.recorded(data)[row.path] = row.source  # translated from an older text: outdated
        taken += 1
    return taken


def _checked(rows: list[Row], source: dict) -> list[Row]:
    known = set(T.fields(source))
    strangers = [row.path for row in rows if row.path not in known]
    if not rows:
        raise Refused(_("This file holds no field to translate. Download the file for translation from this "
                        "version's editor, fill in its last column and upload that file."))
    if strangers:
        raise Refused(_("This file's fields are not this toolkit's (for example “{field}”). Download the file "
                        "for translation from this version's editor, fill in its last column and upload that "
                        "file.").format(field=strangers[0]))
    return rows


# --------------------------------------------------------------------------- the spreadsheet


def to_xlsx(data: dict, source: dict) -> bytes:
    """The spreadsheet for translation: one row per field, its source text and its translation so far."""
    rows = [(path, T.get(source, path), T.translated_text(data, path)) for path in T.fields(source)]
    return xlsx([Table(SHEET, (Column(_("Field")), Column(_("Source text")), Column(_("Translation"))), rows)])


def _unguarded(value: object) -> str:
    text = "" if value is None else str(value)
    return text[1:] if text.startswith("'") and risky(text[1:]) else text


def read_xlsx(raw: bytes, source: dict) -> list[Row]:
    """The rows of a spreadsheet for translation (raises Refused)."""
    if len(raw) > MAX_FILE:
        raise Refused(_("The file is larger than {size} KB: upload the spreadsheet coprod gave you.").format(size=MAX_FILE // 1024))
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as packed:
            if sum(entry.file_size for entry in packed.infolist()) > MAX_UNPACKED:
                raise Refused(_("The file is too large once unpacked: upload the spreadsheet coprod gave you."))
        from openpyxl import load_workbook  # loaded where a spreadsheet is read

        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Refused:
        raise
    except Exception:  # noqa: BLE001 - any unreadable file gets the same plain answer
        raise Refused(_("This is not a spreadsheet coprod can read (.xlsx). Save it as an Excel workbook and "
                        "upload it again.")) from None
    try:
        sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
        rows = []
        for n, cells in enumerate(sheet.iter_rows(values_only=True)):
            cells = tuple(cells) + (None, None, None)
            if n == 0 or not cells[0]:
                continue  # the headings, an empty line
            rows.append(Row(str(cells[0]).strip(), _unguarded(cells[1]), _unguarded(cells[2])))
    finally:
        book.close()
    return _checked(rows, source)


# --------------------------------------------------------------------------- the PO file


def to_po(data: dict, source: dict, title: str) -> bytes:
    """The PO file for translation: msgctxt a field's path, msgid its source text, msgstr its
    translation; fuzzy, with the text it was translated from, where the source changed since."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    states = T.status(data, source)
    catalog = Catalog(locale=data.get("language") or None, project=title, charset="utf-8")
    for path in T.fields(source):
        outdated = states.get(path) == T.OUTDATED
        catalog.add(T.get(source, path), T.translated_text(data, path), context=path,
                    flags=("fuzzy",) if outdated else (),
                    previous_id=T.recorded(data)[path] if outdated else ())
    out = io.BytesIO()
    write_po(out, catalog, width=0, include_previous=True, omit_header=False)
    return out.getvalue()


def read_po(raw: bytes, source: dict) -> list[Row]:
    """The messages of a PO file for translation (raises Refused)."""
    from babel.messages.pofile import PoFileError
    from babel.messages.pofile import read_po as parse

    if len(raw) > MAX_FILE:
        raise Refused(_("The file is larger than {size} KB: upload the PO file coprod gave you.").format(size=MAX_FILE // 1024))
    try:
        catalog = parse(io.BytesIO(raw), abort_invalid=True)
    except (PoFileError, ValueError, UnicodeDecodeError, LookupError):
        raise Refused(_("This is not a PO file coprod can read. Upload the .po file coprod gave you, saved by "
                        "your translation tool.")) from None
    rows = [Row(str(message.context or ""), str(message.id), str(message.string or ""), reviewed=not message.fuzzy)
            for message in catalog if message.id and isinstance(message.id, str)]
    return _checked(rows, source)
