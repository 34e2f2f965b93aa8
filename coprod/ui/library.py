"""The instrument library, loaded once per process and reloaded when a file changes."""

import threading
import time
from pathlib import Path

import streamlit as st

from coprod.common.i18n import _
from coprod.common.paths import instruments_dir
from coprod.library.loading import instrument_files, load_library
from coprod.library.model import Library
from coprod.ui.files import stop_page


def _signature(folder: Path) -> tuple:
    """Names, sizes and times of the instrument files: a cheap stat, so edits show on the next run."""
    return tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in instrument_files([folder]))


_LOADED: dict = {"at": 0.0, "folder": "", "signature": (), "library": None}
_LOCK = threading.Lock()
RECHECK = 2.0  # seconds: an edited file shows within this, and a busy page does not stat files on every run


def library() -> Library:
    """The library of the instruments folder, for the whole process: the files are looked at again
    at most every RECHECK seconds and read again only when one changed."""
    folder = str(instruments_dir())
    with _LOCK:
        if folder != _LOADED["folder"] or time.monotonic() - _LOADED["at"] > RECHECK:
            signature = _signature(Path(folder))
            if folder != _LOADED["folder"] or signature != _LOADED["signature"] or _LOADED["library"] is None:
                _LOADED.update(folder=folder, signature=signature, library=load_library(Path(folder)))
            _LOADED["at"] = time.monotonic()
        return _LOADED["library"]


def instrument_of(doc: dict):
    """The instrument a stored assessment or session was scored against (None if unavailable): the
    personalised version it names, never a later edit of it, or the built-in instrument of its id.
    Every page finds a stored document's instrument here (tests/test_versions.py checks)."""
    from coprod.common import i18n
    from coprod.library import versions
    from coprod.sessions import languages
    from coprod.ui.store import store

    instrument = versions.instrument_for(store(), library(), doc)
    return languages.for_reader(store(), library(), doc, instrument, i18n.language())  # each in their language (issue 27)


def instrument_or_stop(doc: dict):
    """The instrument of `doc` (instrument_of), or, where it is not available, a plain message that
    the answers are kept and the end of the page."""
    instrument = instrument_of(doc)
    if instrument is None:
        if doc.get("kind") == "session":
            unavailable = _("The toolkit this session uses ({toolkit}) is not available. Ask whoever runs coprod to restore "
                            "its file in instruments/; the answers are kept.")
        else:
            unavailable = _("The toolkit this assessment uses ({toolkit}) is not available. Ask whoever runs coprod to restore "
                            "its file in instruments/; the answers are kept.")
        st.error(unavailable.format(toolkit=doc["instrument_id"]))
        stop_page()
    return instrument
