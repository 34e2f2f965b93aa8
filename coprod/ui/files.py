"""Download buttons: the one place where the app hands out files (tests/test_downloads.py checks
that no other code calls st.download_button).

Every file is made when its button is drawn, once per state of what it is made from, and handed to
Streamlit as bytes, never as a function to call on the click. A file made on the click belongs to no
page: Streamlit drops it as soon as any two runs of anybody's page have ended, and in a workshop,
where every participant's page follows the session every few seconds, that is often before the
browser has fetched it. A file drawn with its button belongs to the page until the page changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

import streamlit as st

from coprod.common import i18n
from coprod.common.memo import Memo
from coprod.ui.store import shown

if TYPE_CHECKING:
    from coprod.files.downloads import Download


def download_buttons(files: Sequence[Download]) -> None:
    """Buttons for files from coprod.files.downloads, side by side. A click does not rerun the page."""
    if not files:
        return
    for column, file in zip(st.columns(len(files)), files):
        column.download_button(file.label, _made(file.key, file.state, file.make), file_name=file.file_name, mime=file.mime,
                               icon=file.icon, key=file.key, help=file.help or None, on_click="ignore")


_FILES = Memo(128)


def _made(key: str, state: str, make) -> bytes:
    """A file, made once per state of what it is made from (`state` names the document too, so no
    two people's files share an entry) and per language, and forgotten when the document is deleted."""
    return _FILES.get((key, state, i18n.language()), make, shown())  # its words are in the reader's language
