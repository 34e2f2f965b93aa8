"""coprod: navigation only. Every page is listed here (st.navigation turns off pages/ discovery)."""

import streamlit as st

st.set_page_config(page_title="coprod", page_icon=":material/hub:", layout="wide")

st.navigation(
    [
        st.Page("pages/home.py", title="Instruments", icon=":material/home:", default=True),
        st.Page("pages/instrument.py", title="Read an instrument", icon=":material/menu_book:"),
    ]
).run()
