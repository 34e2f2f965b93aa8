"""Print view: results and plan laid out for A4 paper (use the browser's Print); see coprod/ui/printout.py."""

import streamlit as st

from coprod.common.i18n import _
from coprod.ui import printout, scoring
from coprod.ui import results as ui
from coprod.ui.library import instrument_or_stop

printout.style()
token = st.query_params.get("a", "")
doc = scoring.load(token)
instrument = instrument_or_stop(doc)

st.page_link("app_pages/results.py", label=_("Back to results"), icon=":material/arrow_back:", query_params={"a": token})
with st.container(key="printout"):
    printout.header(instrument, doc)
    printout.chart(instrument, doc)
    ui.summary(instrument, doc)
    ui.principles(instrument, passages=False)
    printout.scores(instrument, doc)
    printout.plan(instrument, doc)
