"""coprod: navigation only. Every page is listed here; the pages live in app_pages/ (see README)."""

import streamlit as st

st.set_page_config(page_title="coprod", page_icon=":material/hub:", layout="wide")

st.navigation(
    [
        st.Page("app_pages/home.py", title="Instruments", icon=":material/home:", default=True),
        st.Page("app_pages/score.py", title="Score", icon=":material/tune:"),
        st.Page("app_pages/results.py", title="Results and plan", icon=":material/radar:"),
        st.Page("app_pages/print.py", title="Print view", icon=":material/print:"),
        st.Page("app_pages/session.py", title="Team session", icon=":material/groups:"),
        st.Page("app_pages/join.py", title="Join a session", icon=":material/login:"),
        st.Page("app_pages/instrument.py", title="Read an instrument", icon=":material/menu_book:"),
    ]
).run()
