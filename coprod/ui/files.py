"""Download buttons: the one place where the app hands out files (tests/test_downloads.py checks
that no other code calls st.download_button).

Every file is made in the run of the page that offers it, once per state of what it is made from, and
handed to Streamlit as bytes, never as a function to call on the click. A file made on the click
belongs to no page: Streamlit drops it as soon as any two runs of anybody's page have ended, and in a
workshop, where every participant's page follows the session every few seconds, that is often before
the browser has fetched it. A file drawn in the page's run belongs to the page until the page changes.

But a page's files are made last in its run (`files_made_last`, around every page in streamlit_app.py):
each button is drawn where it belongs, greyed out, and the page goes on; once everything else is drawn
the files are made and each button put in place. The first results page of a fresh process made its
PDF, spreadsheet and chart picture (some 1.6 s, most of it the chart renderer starting) before the
person saw anything below the first button (bench/RESULTS.md). A file made already is offered at once.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import TYPE_CHECKING, NoReturn, Sequence

import streamlit as st

from coprod.common import i18n
from coprod.common.i18n import _
from coprod.common.memo import Memo
from coprod.ui import guard
from coprod.ui.store import shown

if TYPE_CHECKING:
    from coprod.files.downloads import Download

_FILES = Memo(128)
_run = threading.local()  # .waiting: the buttons of this run's page still to be put in place, or None


@contextmanager
def files_made_last():
    """Around a page's run: the files of the download buttons it draws are made once everything else
    is drawn. A run that stops early (a rerun asked for, a failure) makes none of them."""
    _run.waiting = []
    try:
        yield
        _draw_waiting()
    finally:
        _run.waiting = None


def stop_page() -> NoReturn:
    """End the page's run here, as st.stop() does, with the files of the buttons drawn so far made and
    put in place first: after st.stop() nothing more can be drawn, and they would stay greyed out.
    The app stops a page with this only (tests/test_downloads.py)."""
    _draw_waiting()
    st.stop()
    raise AssertionError("st.stop() returned")  # it raises; this tells type checkers so


def _draw_waiting() -> None:
    waiting = getattr(_run, "waiting", None)
    if waiting is None:  # not inside files_made_last: every button was drawn with its file
        return
    _run.waiting = []
    for slot, file in waiting:
        _button(slot, file)


def download_buttons(files: Sequence[Download]) -> None:
    """Buttons for files from coprod.files.downloads, side by side. A click does not rerun the page."""
    if not files:
        return
    waiting = getattr(_run, "waiting", None)
    for column, file in zip(st.columns(len(files)), files):
        if waiting is None or guard.in_fragment() or _FILES.holds(_key(file)):  # in a fragment: made in it
            _button(column, file)
            continue
        slot = column.empty()
        slot.button(file.label, icon=file.icon, key=f"{file.key}-being-made", disabled=True,
                    help=_("Being made: ready in a moment."))
        waiting.append((slot, file))


def _button(where, file: Download) -> None:
    where.download_button(file.label, _made(file), file_name=file.file_name, mime=file.mime,
                          icon=file.icon, key=file.key, help=file.help or None, on_click="ignore")


def _key(file: Download) -> tuple:
    return file.key, file.state, i18n.language()  # its words are in the reader's language


def _made(file: Download) -> bytes:
    """A file, made once per state of what it is made from (`state` names the document too, so no
    two people's files share an entry) and per language, and forgotten when the document is deleted."""
    return _FILES.get(_key(file), file.make, shown())
