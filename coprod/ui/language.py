"""The language of each browser session: chosen on every page (the sidebar's picker), carried in the
links a person is given (`?lang=fr`), and otherwise taken from the browser's own language where it is
one of the app's. Every message the app writes is looked up in it (coprod.common.i18n), per browser
session: several people in several languages share one process.

Streamlit fixes its page at `<html lang="en">` (streamlit#15726); the page's language attribute is
set to the chosen one by a line of script once the page has loaded, so a screen reader reads the
app's own words with the right voice (the accessibility statement says what remains)."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from coprod.common import i18n
from coprod.ui import show

CHOSEN = "coprod.language"  # the browser session's language (one of i18n.LANGUAGES, or the test-only pseudo-language)
PARAM = "lang"


def _reader() -> str | None:
    """The language of the browser session this thread serves, or None outside one."""
    if get_script_run_ctx(suppress_warning=True) is None:
        return None
    try:
        return st.session_state.get(CHOSEN)
    except Exception:  # session state not there (a download made off the page): the caller's default
        return None


i18n.set_reader(_reader)


def settle() -> str:
    """Decide this run's language, before anything is drawn: the link's (`?lang=`), else the one
    already chosen, else the browser's own where the app speaks it."""
    asked = st.query_params.get(PARAM, "")
    if asked in i18n.LANGUAGES or asked == i18n.PSEUDO:
        st.session_state[CHOSEN] = asked
    elif CHOSEN not in st.session_state:
        st.session_state[CHOSEN] = i18n.best_match(st.context.locale)
    chosen = st.session_state[CHOSEN]
    if chosen != i18n.SOURCE and asked != chosen:
        # Kept in the address on every page (a page that sets its own parameters drops it), so the
        # link a person copies or bookmarks, their resume link included, opens in their language.
        st.query_params[PARAM] = chosen
    return chosen


def picker() -> None:
    """The language picker, in the sidebar of every page: the choice is kept for the browser session
    and in its link, so a link passed on opens in the same language."""
    now = st.session_state.get(CHOSEN, i18n.SOURCE)
    options = list(i18n.LANGUAGES)
    if now == i18n.PSEUDO:
        options.append(i18n.PSEUDO)
    chosen = st.sidebar.selectbox("Language · Langue · Taal", options, index=options.index(now), key="language-picker",
                                  format_func=_name)
    if chosen != now:
        st.session_state[CHOSEN] = chosen
        st.query_params[PARAM] = chosen
        st.rerun()
    show.page_language(chosen.split("-")[0])


def _name(code: str) -> str:
    """A language named in itself (English, Français, Nederlands): whoever reads it finds their own."""
    return i18n.LANGUAGES.get(code, code)


def in_link(params: dict[str, str]) -> dict[str, str]:
    """A link's parameters with the language in them, where it is not English (the person's choice
    travels with the link they hand on), unless the link names its own (a session's join link is in
    the room's language)."""
    lang = st.session_state.get(CHOSEN, i18n.SOURCE) if get_script_run_ctx(suppress_warning=True) else i18n.SOURCE
    return {PARAM: lang, **params} if lang != i18n.SOURCE else dict(params)  # a language given in `params` wins


def of_room(session: dict) -> dict[str, str]:
    """The link parameter of a session's language, chosen by its facilitator, for the links handed to
    the room (join, projector); none for a session opened before there was a choice, whose links
    follow each reader's own language."""
    chosen = session.get("language")
    return {PARAM: chosen} if chosen in i18n.LANGUAGES else {}
