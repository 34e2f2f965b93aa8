"""Results: the chart and its table, a plain-language summary, the next-steps plan, the downloads."""

import streamlit as st

from coprod.answers import assessment as A
from coprod.answers import rounds
from coprod.common.i18n import _
from coprod.files import downloads
from coprod.ui import contribute, plan, scoring, show, start
from coprod.ui import rating as rate
from coprod.ui import results as ui
from coprod.ui.files import stop_page
from coprod.ui.library import instrument_or_stop
from coprod.ui.store import store

token = st.query_params.get("a")
if not token:
    st.title(_("Results"))
    st.markdown(_("Open the results from an assessment's page, or carry on with one using its code."))
    start.resume_by_code()
    stop_page()

doc = scoring.load(token)
instrument = instrument_or_stop(doc)

scoring.header(instrument, doc)
show.flash()
if doc["status"] == A.DRAFT:
    done, total = A.progress(instrument, doc)
    st.info(_("This is a draft: {done} of {total} {items} {scored} so far.").format(done=done, total=total, items=instrument.words.items,
                                                                                    scored=instrument.words.scored),
            icon=":material/edit:")
    st.page_link("app_pages/score.py", label=_("Back to scoring"), icon=":material/tune:", query_params={"a": token})

earlier = rounds.earlier_rounds(store(), doc)
files = downloads.of_assessment(instrument, store(), doc, earlier)
ui.chart(instrument, doc)
ui.summary(instrument, doc)
ui.principles(instrument)
if earlier:
    ui.progress(instrument, doc, earlier)
if instrument.rules.rated_by_others and not doc.get("session") and not doc.get("rates"):
    rate.others_rate_you(instrument, doc)
plan.plan_editor(instrument, doc)
ui.others_next_steps(instrument)
contribute.add_to_overview(instrument, doc, st.query_params.get("c", ""))
ui.review(instrument, doc, files)
ui.take_it_with_you(files)
st.page_link("app_pages/print.py", label=_("Print view (A4)"), icon=":material/print:", query_params={"a": token})
