"""Text on screen when the server comes back (a restart, an upgrade, a lost connection) is saved.

While the server is away, Streamlit disables every box; the box being typed in loses the focus and
sends its text with a rerun that never arrives. When the page reconnects, the browser still shows
the text, but (in Streamlit 1.67) asks for no run unless the page has a fragment on a timer, and
leaving the box sends nothing more, because the box counts as sent. Two things close the gap:

- `rerun_on_reconnect`, a fragment on a long timer that draws nothing, drawn once by every page:
  its timer is what makes the browser ask for a run as soon as it has reconnected (its own run,
  every ten minutes, costs next to nothing);
- `sent_text`: in that first run of the new server session the browser sends the state of every
  widget, the text included, but a box of a stored document would be seeded from storage over it
  (coprod.ui.autosave.bind). bind asks here first and saves what the browser still shows instead.

tests/test_browser_text.py restarts the server under a half-typed box and checks both.
"""

from __future__ import annotations

import streamlit as st


@st.fragment(run_every=600)
def rerun_on_reconnect() -> None:
    """Nothing to draw: the timer is the point (see the module's note)."""


def sent_text(key: str) -> str | None:
    """The text the browser sent for the box with widget key `key` before this session drew it
    (a page reconnecting to a new server session), or None. Streamlit names a keyed widget's id
    "$$ID-<hash>-<key>"; its public state maps the key to the id only once the widget is drawn, so
    the browser's states are read from the session's widget states themselves."""
    from streamlit.runtime.state.session_state_proxy import get_session_state

    try:
        widgets = get_session_state()._state._new_widget_state
        for widget_id in list(widgets.states):
            if widget_id.startswith("$$ID-") and widget_id.endswith(f"-{key}"):
                sent = widgets.get_serialized(widget_id)
                if sent is not None and sent.WhichOneof("value") == "string_value":
                    return sent.string_value
    except AttributeError:  # another Streamlit keeps its states elsewhere: the box is seeded from storage as before
        return None
    return None
