"""What a visitor sees when something goes wrong: plain words that say what to do, never a traceback.

Every run of the app's code goes through here: the page (streamlit_app.py), each fragment that reruns
on its own (`fragment`, used instead of st.fragment) and the change callback that saves what was
typed (coprod.ui.autosave). A failure the app knows (the database away, a full disk, a damaged file)
is said in its own words; anything else in one plain message with a short reference, while the log
gets the reference, the kind of error and where in the code it happened: never the error's own
words, which may hold what a person typed, a link or a server path. Streamlit's own error box, which
would show a traceback, is switched off in .streamlit/config.toml (client.showErrorDetails = "none")
for anything that still got past.
"""

from __future__ import annotations

import functools
import logging
import secrets
import traceback
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

import streamlit as st

from coprod.common.i18n import _, marked
from coprod.storage.interface import Damaged, NotFound, Unavailable
from coprod.storage.limits import TooManyTries
from coprod.ui import show
from coprod.ui.collector import set_aside_after_run
from coprod.ui.typed import unsaved_texts

_log = logging.getLogger("coprod.errors")
_ROOT = Path(__file__).resolve().parents[2]
KNOWN = (Unavailable, Damaged, NotFound, TooManyTries)  # each says in its own words what happened and what to do
UNEXPECTED = marked("Something went wrong on our side, so this could not be done or shown in full. Nothing you saved is "
                    "lost, and what you typed is still on the page: copy it if you want to be sure. Reload the page to try "
                    "again. If it happens again, tell whoever runs coprod for you, with this reference: {reference}.")


def where(error: BaseException) -> str:
    """Where in the code an error happened, for the log: its kind and each frame as file:line, with
    paths from the project's folder (or the library's name), never the error's words."""
    frames = []
    for frame in traceback.extract_tb(error.__traceback__):
        path = Path(frame.filename)
        try:
            shown = str(path.resolve().relative_to(_ROOT))
        except ValueError:
            shown = next((part for part in reversed(path.parts[:-1]) if part != "site-packages"), "") + "/" + path.name
        frames.append(f"{shown}:{frame.lineno} in {frame.name}")
    return f"{type(error).__name__} at " + " <- ".join(reversed(frames[-8:]))


def failed(error: Exception) -> None:
    """Say plainly, on the page, that something went wrong and what to do; log it for the operator."""
    if isinstance(error, KNOWN):
        show.message("error", str(error), icon=":material/error:")
        return
    reference = secrets.token_hex(3).upper()
    _log.error("Reference %s: %s", reference, where(error))
    show.message("error", _(UNEXPECTED).format(reference=reference), icon=":material/error:")
    typed = unsaved_texts()
    if typed:  # its box may be gone from the page with what failed: here it is, to copy
        show.unsaved(_("Not saved yet:"), [(_("What you typed"), text) for text in typed])


@contextmanager
def plain_failures():
    """Run a page's code; what fails is said in plain words (Streamlit's own stop and rerun, which
    are not errors, pass through)."""
    try:
        yield
    except Exception as error:  # noqa: BLE001 - the one place every failure of a run is said plainly
        failed(error)


def fragment(*args, **kwargs) -> Callable:
    """st.fragment, with what fails in the fragment's own reruns said in plain words too: those reruns
    do not pass through the page's guard."""
    def wrap(body: Callable) -> Callable:
        @functools.wraps(body)
        def guarded(*a, **k):
            try:
                with plain_failures():
                    return body(*a, **k)
            finally:  # a fragment's own rerun does not reach the end of the page (coprod.ui.collector)
                set_aside_after_run()
        return st.fragment(*args, **kwargs)(guarded)
    return wrap


def in_fragment() -> bool:
    """Whether this code runs inside a fragment's body (in the fragment's own run or in the page's)."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import ThreadState

    return ThreadState.get().fragment_id is not None


def fragment_rerun() -> bool:
    """Whether this run reruns fragments only (a widget inside one changed, or its timer), not the whole page."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return bool(ctx and ctx.fragment_ids_this_run)


def callback(body: Callable) -> Callable:
    """A widget's change callback whose failure is said in plain words: Streamlit runs callbacks before
    the page, outside every guard, and would otherwise draw nothing but its error box."""
    @functools.wraps(body)
    def guarded(*a, **k):
        with plain_failures():
            return body(*a, **k)
    return guarded
