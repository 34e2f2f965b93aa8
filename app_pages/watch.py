"""Watch a team session without scoring (an observer): the timer, then the group's results once
revealed, and what the group agreed once published (coprod.ui.room, coprod.ui.participants)."""

import streamlit as st

from coprod.common.i18n import _
from coprod.sessions import room as watching
from coprod.ui import participants, room, show
from coprod.ui.files import stop_page
from coprod.ui.library import instrument_or_stop
from coprod.ui.store import store

token = st.query_params.get("o")
st.title(_("Watch a team session"))
if not token:
    st.markdown(_("To watch a session without scoring, open its join link or type its code, then choose to watch only."))
    st.page_link("app_pages/join.py", label=_("Join a session"), icon=":material/login:")
    stop_page()

doc = room.load_observer(token)
session = watching.observer_session(store(), doc)
if session is None:
    st.markdown(_("This session has been deleted: nothing of it is kept."))
    stop_page()
instrument = instrument_or_stop(session)
show.heading(session["title"], 2)
room.observer_banner(session, doc)
participants.watch(session)  # the reveal and the published results reach this page by themselves
room.timer(session)
show.styles()
if session["published"]:
    participants.published(instrument, session)
participants.group_results(instrument, session)
room.stop_watching(doc)
