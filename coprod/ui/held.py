"""Every input is drawn with the value it holds, on every run, not only on the first.

A browser shows an input as its element says the first time it meets the input. That is usually the
first run that draws it, but not always: a click while the page is still drawing (a busy server, a
slow first load) cuts the run short, and an input it had just registered never reaches the browser;
the next run's element is then the browser's first sight of it. An input given its stored or first
value only through st.session_state (or only on its first run) is drawn in later runs with the
widget's own default: an empty box, "Not scored yet". The browser shows that and sends it back with
the next click, over what the server held: a new session's role groups came back empty this way, and
a stored example or score would be saved over.

So every input whose value is not its widget's own default is drawn with `value(key, first)` (or
`index`): the value it holds, else its first value. Streamlit keeps what the session holds either
way; the value given is only what a browser shows on first sight (tests/test_drawn_as_held.py)."""

from __future__ import annotations

from typing import Any, Sequence

import streamlit as st


def value(key: str, first: Any = None) -> Any:
    """What the input `key` holds now, else `first`."""
    return st.session_state[key] if key in st.session_state else first


def choice(key: str, options: Sequence, first: Any = None) -> Any:
    """What the choice `key` holds now where it is one of `options` (they can change: the page's
    language switched, a version's wording edited), else `first`."""
    now = value(key)
    return now if now in options else first


def index(key: str, options: Sequence, first: int | None = 0) -> int | None:
    """The position among `options` of what the choice `key` holds now, else `first`."""
    now = value(key)
    return options.index(now) if now in options else first


def choices(key: str, options: Sequence) -> list:
    """Those of `options` that the multiple choice `key` holds now."""
    return [option for option in value(key) or [] if option in options]
