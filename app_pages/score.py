"""Score an instrument: start (or carry on), score each item beside its descriptors, finish."""

import streamlit as st

from coprod import assessment as A
from coprod.ui import scoring as ui
from coprod.ui.library import library

lib = library()
token = st.query_params.get("a")

if not token:
    st.title("Start a self-assessment")
    ui.start_form(lib)
    st.divider()
    ui.resume_by_code()
    st.stop()

doc = ui.load(token)
instrument = lib.get(doc["instrument_id"])
if instrument is None:
    st.error(
        f"The instrument this assessment uses ({doc['instrument_id']}) is not available. "
        "Ask whoever runs coprod to restore its file in instruments/; your answers are kept."
    )
    st.stop()

ui.header(instrument, doc)
ui.results_link(doc)
ui.flash()

if doc["status"] == A.FINISHED:
    ui.finished_view(instrument, doc)
    st.stop()

perspective = ui.perspective_picker(instrument, doc)
ui.progress(instrument, doc, perspective)
st.toggle("Choose from a list instead of a slider", key=ui.LIST_MODE)

for group in instrument.groups:
    if group:
        st.header(group)
    for item in (i for i in instrument.items if i.group == group):
        ui.score_item(instrument, doc, perspective, item)

ui.prompts(instrument, doc)
ui.finish_button(instrument, doc, perspective)
