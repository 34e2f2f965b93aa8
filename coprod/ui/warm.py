"""Work done once per process, in the background, so that nobody waits for it."""

import threading

import streamlit as st

from coprod import reports


@st.cache_resource(show_spinner=False)
def start_warming_reports() -> threading.Thread:
    """Load fonts and the chart engine ahead of the first PDF download (about 1.5 s otherwise)."""
    thread = threading.Thread(target=reports.warm_up, name="coprod-warm-reports", daemon=True)
    thread.start()
    return thread
