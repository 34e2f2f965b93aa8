"""Every text box of the app: one line (`line`) or several (`area`).

Streamlit's own `max_chars` drops a change longer than the limit whole and says nothing
(streamlit#9221): typing stops cleanly at the limit, but a paste of one character too many leaves
the box as it was, or empty. No box here hands Streamlit a limit. Each keeps its own: text over it
is cut to what fits before anything is saved or acted on, and the box says under itself how much
was cut, with the cut text to copy. tests/test_textbox.py checks that no page or widget draws a
text box any other way.

No box is drawn inside a fragment. A box sends its text when it loses the focus, which a click on a
link to another page does too: the browser sends the page change first and the text a moment later.
Sent from inside a fragment, the text asks for a run of that fragment alone, and if the page clicked
to has been drawn by then, the fragment is gone and Streamlit drops the run, text and all ("does not
exist anymore"), while the browser counts it as sent. Sent from the page, it asks for a run of the
page it was typed on, whatever came first: that run saves it (coprod.ui.autosave) and the page comes
back with it. `InFragment` is raised for a box drawn in a fragment, so a page that did would fail its
tests (tests/test_browser_score.py plays the late text).
"""

from __future__ import annotations

import streamlit as st

from coprod.answers import assessment as A
from coprod.common import i18n
from coprod.common.i18n import _
from coprod.ui import guard, held, show

LIMITS = "coprod.text-limits"  # widget key -> the most characters its box keeps
CUT = "coprod.text-cut"  # widget key -> what was cut from it, until the box says so


class InFragment(RuntimeError):
    """A text box drawn inside a fragment: what is typed in it could be lost (see the module's note)."""


class Typed(str):
    """A box's text as kept, with `cut`: what did not fit ("" when all of it did). A form's caller
    acts only when nothing was cut, so the person sees the cut before it is used."""

    cut: str = ""


def area(label: str, key: str, limit: int = A.MAX_TEXT, **options) -> Typed:
    """A text box of several lines (st.text_area) that keeps at most `limit` characters."""
    options.setdefault("help", limit_help(limit))
    return _box(st.text_area, label, key, limit, options)


def line(label: str, key: str, limit: int = 200, **options) -> Typed:
    """A text box of one line (st.text_input) that keeps at most `limit` characters."""
    return _box(st.text_input, label, key, limit, options)


def limit_help(limit: int) -> str:
    return _("Up to {limit} characters; anything longer is cut, and the box shows you what was cut.").format(limit=i18n.number(limit))


def fit_all() -> None:
    """Cut every known box's text to its limit: run before a change is saved (coprod.ui.autosave),
    so that text over the limit is never refused or cut without a word."""
    for key in list(st.session_state.get(LIMITS, {})):
        _fit(key)


def _fit(key: str) -> None:
    limit = st.session_state.get(LIMITS, {}).get(key)
    value = st.session_state.get(key)
    if limit and isinstance(value, str) and len(value) > limit:
        st.session_state[key] = value[:limit]
        st.session_state.setdefault(CUT, {})[key] = st.session_state.get(CUT, {}).get(key, "") + value[limit:]


def _box(widget, label: str, key: str, limit: int, options: dict) -> Typed:
    if guard.in_fragment():
        raise InFragment(f"the text box {key!r} is drawn inside a fragment: draw it outside, or its text can be lost")
    st.session_state.setdefault(LIMITS, {})[key] = limit
    _fit(key)  # a box in a form, or one whose change reached no save yet
    options["value"] = held.value(key, options.get("value", ""))
    value = Typed(widget(label, key=key, **options) or "")
    cut = st.session_state.get(CUT, {}).pop(key, "")
    if cut:
        value.cut = cut
        show.unsaved(_("This box keeps up to {limit} characters, so the last {cut} of what you typed or pasted were cut. "
                       "The box has the rest. Here is what was cut, to copy:").format(limit=i18n.number(limit), cut=i18n.number(len(cut))),
                     [(_("Cut from the end"), cut)])
    return value
