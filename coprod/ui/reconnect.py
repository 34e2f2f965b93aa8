"""What is on screen when the server comes back (a restart, an upgrade, a lost connection) is saved.

While the server is away, Streamlit disables every input; the box being typed in loses the focus and
sends its text with a rerun that never arrives. When the page reconnects, the browser still shows
what it showed, but (in Streamlit 1.67) asks for no run unless the page has a fragment on a timer, and
leaving the box sends nothing more, because the box counts as sent. Three things close the gaps:

- `rerun_on_reconnect`, a fragment on a long timer that draws nothing, drawn first by every page:
  its timer is what makes the browser ask for a run as soon as it has reconnected (its own run,
  every ten minutes, costs next to nothing);
- `sent_by_browser` and `sent_text`: in that first run of the new server session the browser sends
  the state of every widget, but an input of a stored document would be seeded from storage over it,
  and a value set by the server is drawn over whatever the browser shows (coprod.ui.autosave.bind).
  bind asks here first and leaves the input as the browser has it, saving a text at once;
- `ask_again_after_reconnect`, for a gap of Streamlit's own: a change made inside a fragment (each
  item of the score page is one) is sent as a run of that fragment, and a new session drops a run of
  a fragment it has not drawn yet ("does not exist anymore"), while the browser counts the change as
  sent. A change made in the second between the page reconnecting and the item being drawn is lost
  so, unless the browser is asked again: a session that began with a reconnect draws, at the end of
  its first run (every fragment of the page drawn by then), a fragment whose timer a second later
  brings every widget's value once more; its run asks for one whole run, which saves what changed
  and no longer draws the timer.

tests/test_browser_text.py restarts the server under a half-typed box, and holds a reconnecting page's
messages so that a change made in that second reaches the new session before the item is drawn.
"""

from __future__ import annotations

import streamlit as st

from coprod.ui import guard

BEGAN = "coprod.reconnect"  # how this browser session began: RECONNECTED until the browser was asked again, else FRESH
RECONNECTED, FRESH = "reconnected", "fresh"


def rerun_on_reconnect() -> None:
    """Drawn first by every page: notes how the session began, and draws the long timer."""
    if BEGAN not in st.session_state:
        st.session_state[BEGAN] = RECONNECTED if _browser_sent_widgets() else FRESH
    _long_timer()


def ask_again_after_reconnect() -> None:
    """Drawn last by every page: in a session that began with a page reconnecting, once every fragment
    of the page is drawn, the short timer that has the browser send every widget's value again."""
    if st.session_state.get(BEGAN) == RECONNECTED:
        _ask_again()


@st.fragment(run_every=600)
def _long_timer() -> None:
    """Nothing to draw: the timer is the point (see the module's note)."""


@st.fragment(run_every=1)
def _ask_again() -> None:
    """Nothing to draw. Its own run (the timer's) brought every widget's value from the browser: a
    whole run saves what changed and no longer draws this fragment, which stops its timer."""
    if guard.fragment_rerun():
        st.session_state[BEGAN] = FRESH
        st.rerun()


def _browser_sent_widgets() -> bool:
    """Whether the browser sent widget values before this session drew any: a page reconnecting
    (a page opened afresh has no widgets yet)."""
    widgets = _browser_widgets()
    return bool(widgets and widgets.states)


def sent_by_browser(key: str) -> bool:
    """Whether the browser sent a value for the input with widget key `key` before this session drew it
    (a page reconnecting to a new server session)."""
    return _sent(key) is not None


def sent_text(key: str) -> str | None:
    """The text the browser sent for the box with widget key `key` before this session drew it, or None."""
    sent = _sent(key)
    return sent.string_value if sent is not None and sent.WhichOneof("value") == "string_value" else None


def _sent(key: str):
    """The browser's state of the widget with key `key` (a WidgetState message) where this session has
    not drawn it yet, or None. Streamlit names a keyed widget's id "$$ID-<hash>-<key>"; its public state
    maps the key to the id only once the widget is drawn."""
    widgets = _browser_widgets()
    for widget_id in list(widgets.states if widgets else ()):
        if widget_id.startswith("$$ID-") and widget_id.endswith(f"-{key}"):
            return widgets.get_serialized(widget_id)
    return None


def _browser_widgets():
    """The session's widget states as the browser sent them, read where Streamlit keeps them (no public
    call gives a state before its widget is drawn); None where another Streamlit keeps them elsewhere:
    inputs are then seeded from storage and the browser is not asked again, as before."""
    from streamlit.runtime.state.session_state_proxy import get_session_state

    try:
        widgets = get_session_state()._state._new_widget_state
    except AttributeError:
        return None
    return widgets if hasattr(widgets, "states") and hasattr(widgets, "get_serialized") else None
