"""coprod: navigation only. Every page is listed here; the pages live in app_pages/ (see README).

Before any page runs, whatever a person changed on the previous run is saved (coprod.ui.autosave),
so leaving a page in the same second as typing loses nothing, nor does a change still waiting for
its run when the page is left (coprod.ui.page_change). Whatever fails on a page (the
database away, anything unforeseen) is said in plain words, never as a traceback (coprod.ui.guard).
After each run, what the process holds is set aside from the garbage collection Streamlit runs after
every run (coprod.ui.collector), which would otherwise walk it all."""

import streamlit as st

from coprod.common.i18n import _
from coprod.ui import language
from coprod.ui.autosave import save_pending
from coprod.ui.collector import set_aside_after_run
from coprod.ui.files import files_made_last
from coprod.ui.guard import plain_failures
from coprod.ui.page_change import keep_waiting_changes
from coprod.ui.reconnect import ask_again_after_reconnect, rerun_on_reconnect
from coprod.ui.style import ICON, page_style
from coprod.ui.warm import load_results_code_once

keep_waiting_changes()  # a change still waiting when the person clicks on to another page is saved (coprod.ui.page_change)
st.set_page_config(page_title="coprod", page_icon=ICON, layout="wide")
language.settle()  # this browser session's language, before any word is drawn (coprod.ui.language)

pages = st.navigation(
    [
        st.Page("app_pages/home.py", title=_("Toolkits"), icon=":material/home:", default=True),
        st.Page("app_pages/score.py", title=_("Score"), icon=":material/tune:"),
        st.Page("app_pages/results.py", title=_("Results and plan"), icon=":material/radar:"),
        st.Page("app_pages/print.py", title=_("Print view"), icon=":material/print:"),
        st.Page("app_pages/session.py", title=_("Team session"), icon=":material/groups:"),
        st.Page("app_pages/projector.py", title=_("Projector view"), icon=":material/cast:"),
        st.Page("app_pages/join.py", title=_("Join a session"), icon=":material/login:"),
        st.Page("app_pages/watch.py", title=_("Watch a session"), icon=":material/visibility:"),
        st.Page("app_pages/overview.py", title=_("Overview of many teams"), icon=":material/dashboard:"),
        st.Page("app_pages/contribute.py", title=_("Add results to an overview"), icon=":material/add_chart:"),
        st.Page("app_pages/rate.py", title=_("Rate someone"), icon=":material/person_search:"),
        st.Page("app_pages/instrument.py", title=_("Read a toolkit"), icon=":material/menu_book:"),
        st.Page("app_pages/edit.py", title=_("Your versions"), icon=":material/edit_note:"),
        st.Page("app_pages/your_data.py", title=_("Your data"), icon=":material/shield:"),
        # In the sidebar of every page, as public bodies must link their statement (tests/test_browser_a11y.py).
        st.Page("app_pages/accessibility.py", title=_("Accessibility statement"), icon=":material/accessibility_new:"),
    ],
    expanded=True,  # every page listed: with the language picker in the sidebar Streamlit would fold away all past the tenth
)
try:
    with plain_failures():
        save_pending()
        page_style()
        rerun_on_reconnect()  # text still on screen when the server comes back is saved (coprod.ui.reconnect)
        language.picker()
        with files_made_last():  # a page's files are made once everything else on it is drawn (coprod.ui.files)
            pages.run()
        ask_again_after_reconnect()  # after every fragment of the page is drawn (coprod.ui.reconnect)
finally:  # also when a page stops early (st.stop) or asks for a rerun
    set_aside_after_run()
    load_results_code_once()  # after the process's first run, so as not to slow it (coprod.ui.warm)
