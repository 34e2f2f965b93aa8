"""Rate someone: an invitation to complete an instrument about the person who sent it."""

import streamlit as st

from coprod.answers import raters
from coprod.common.i18n import _
from coprod.storage.interface import Damaged, NotFound
from coprod.ui import rating as rate_ui
from coprod.ui import show, textbox
from coprod.ui.files import stop_page
from coprod.ui.library import instrument_of
from coprod.ui.store import store

key = st.query_params.get("r", "")
st.title(_("Rate someone"))
try:
    person = raters.rated(store(), key)  # a link: never limited (coprod.ui.lookups)
except (NotFound, Damaged):
    st.markdown(_("There is no invitation at this link. Check that the whole link was copied."))
    stop_page()

instrument = instrument_of(person)
if instrument is None or not instrument.rules.rated_by_others:
    st.info(_("This invitation can no longer be taken up."), icon=":material/lock:")
    stop_page()

show.heading(_("You are asked to complete the {toolkit} about {person}").format(toolkit=instrument.short_title,
                                                                                 person=raters.whom(person)), 3)
show.caption(_("For “{title}”. {toolkit}.").format(title=person["title"], toolkit=instrument.title))
st.markdown(_("Score each statement as you see them, with an example where you can. When you submit, they see your answers "
              "beside their own. Give your name if you want them to know which answers are yours; leave it blank to stay unnamed."))
st.page_link("app_pages/your_data.py", label=_("What is kept of your answers, and how to delete them"), icon=":material/shield:")
rate_ui.consent_guidance()
with st.form("rate"):
    name = textbox.line(_("Your name (optional)"), "rate-name")
    relation = textbox.line(_("How you know them (optional)"), "rate-relation", placeholder=_("e.g. youth worker, fellow participant"))
    started = st.form_submit_button(_("Start"), type="primary", icon=":material/play_arrow:")
if started and not (name.cut or relation.cut):
    try:
        rating = raters.join(store(), instrument, key, name=name, relation=relation)
    except raters.Refused as refused:
        show.message("error", str(refused))
        stop_page()
    st.switch_page("app_pages/score.py", query_params={"a": rating["token"]})
