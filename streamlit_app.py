"""coprod: navigation only. Every page is listed here; the pages live in app_pages/ (see README).

Before any page runs, whatever a person changed on the previous run is saved (coprod.ui.autosave),
so leaving a page in the same second as typing loses nothing. Whatever fails on a page (the
database away, anything unforeseen) is said in plain words, never as a traceback (coprod.ui.guard).
After each run, objects that live as long as the process are set aside from the garbage collection
Streamlit runs after every run (coprod.ui.collector), which would otherwise walk them all."""

import streamlit as st

from coprod.ui.autosave import save_pending
from coprod.ui.collector import set_aside_long_lived
from coprod.ui.guard import plain_failures
from coprod.ui.reconnect import rerun_on_reconnect
from coprod.ui.style import ICON, page_style

st.set_page_config(page_title="coprod", page_icon=ICON, layout="wide")

pages = st.navigation(
    [
        st.Page("app_pages/home.py", title="Toolkits", icon=":material/home:", default=True),
        st.Page("app_pages/score.py", title="Score", icon=":material/tune:"),
        st.Page("app_pages/results.py", title="Results and plan", icon=":material/radar:"),
        st.Page("app_pages/print.py", title="Print view", icon=":material/print:"),
        st.Page("app_pages/session.py", title="Team session", icon=":material/groups:"),
        st.Page("app_pages/projector.py", title="Projector view", icon=":material/cast:"),
        st.Page("app_pages/join.py", title="Join a session", icon=":material/login:"),
        st.Page("app_pages/watch.py", title="Watch a session", icon=":material/visibility:"),
        st.Page("app_pages/overview.py", title="Overview of many teams", icon=":material/dashboard:"),
        st.Page("app_pages/contribute.py", title="Add results to an overview", icon=":material/add_chart:"),
        st.Page("app_pages/rate.py", title="Rate someone", icon=":material/person_search:"),
        st.Page("app_pages/instrument.py", title="Read a toolkit", icon=":material/menu_book:"),
        st.Page("app_pages/edit.py", title="Your versions", icon=":material/edit_note:"),
        st.Page("app_pages/your_data.py", title="Your data", icon=":material/shield:"),
        # In the sidebar of every page, as public bodies must link their statement (tests/test_browser_a11y.py).
        st.Page("app_pages/accessibility.py", title="Accessibility statement", icon=":material/accessibility_new:"),
    ]
)
try:
    with plain_failures():
        save_pending()
        page_style()
        rerun_on_reconnect()  # text still on screen when the server comes back is saved (coprod.ui.reconnect)
        pages.run()
finally:  # also when a page stops early (st.stop) or asks for a rerun
    set_aside_long_lived()
