"""Projector view for the facilitator: how to join and the live counts, then, after the reveal, the
group's charts and the items to talk about, one at a time in large type (coprod.ui.projector)."""

import streamlit as st

from coprod.common.i18n import _
from coprod.ui import projector, sessions
from coprod.ui.files import stop_page
from coprod.ui.library import instrument_or_stop

token = st.query_params.get("f")
if not token:
    st.title(_("Projector view"))
    st.markdown(_("Open this page from your team session. It needs your private facilitator link."))
    st.page_link("app_pages/session.py", label=_("Run a team session"), icon=":material/groups:")
    stop_page()

session = sessions.load_as_facilitator(token)
instrument = instrument_or_stop(session)
projector.projector(instrument, session)
