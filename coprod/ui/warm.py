"""Work done once per process, in the background, so that nobody waits for it."""

import threading

import streamlit as st

from coprod.files import report as reports


@st.cache_resource(show_spinner=False)
def start_warming_reports() -> threading.Thread:
    """Load fpdf2, the fonts' character sets and the shaping engine ahead of the first PDF
    download (a few tenths of a second otherwise). The PDFs draw their charts themselves, so
    vl-convert (the chart's PNG download) is not loaded here."""
    thread = threading.Thread(target=reports.warm_up, name="coprod-warm-reports", daemon=True)
    thread.start()
    return thread
