"""Join a team session: pick a role (and a name unless it is anonymous), then score privately."""

import streamlit as st

from coprod.common.i18n import _
from coprod.sessions import disclosure, room
from coprod.sessions import lifecycle as S
from coprod.storage.interface import Damaged, NotFound
from coprod.ui import show, textbox
from coprod.ui.files import stop_page
from coprod.ui.library import instrument_of
from coprod.ui.lookups import TooManyTries, by_code
from coprod.ui.store import store

join_token = st.query_params.get("s", "")
st.title(_("Join a team session"))

if not join_token:
    with st.form("join-code"):
        code = textbox.line(_("Session code (on the facilitator's screen)"), "join-code", limit=20, placeholder=_("e.g. K7PQ2-MX9RT"))
        if st.form_submit_button(_("Find the session")) and not code.cut:
            try:
                found = by_code(lambda: S.find_by_join(store(), join_code=code))
            except TooManyTries as wait:
                st.error(str(wait), icon=":material/hourglass_top:")
            except (NotFound, Damaged):
                st.error(_("No open session has that code. Check it on the facilitator's screen."))
            else:
                st.query_params["s"] = found["join_token"]
                st.rerun()
    st.page_link("app_pages/your_data.py", label=_("What is kept of your answers, and how to delete them"), icon=":material/shield:")
    stop_page()

try:
    session = S.find_by_join(store(), join_token=join_token)  # a link: never limited
except (NotFound, Damaged):
    st.markdown(_("There is no session at this link. Check that the whole link was copied, or enter the code instead."))
    st.query_params.clear()
    stop_page()

instrument = instrument_of(session)
show.heading(session["title"], 2)
show.caption(instrument.title if instrument else session["instrument_title"])
if session["status"] == S.CLOSED or instrument is None:
    st.info(_("This session is closed and takes no new answers."), icon=":material/lock:")
    stop_page()
if disclosure.joins_closed(session):
    st.info(_(S.JOINS_CLOSED), icon=":material/lock:")
    stop_page()

if session["anonymous"]:
    st.markdown(_("**This session is anonymous.** Your name is not asked for and not stored: the group sees your answers "
                  "without a name, only once the facilitator shows everyone's together, and never in a group so small "
                  "that you could be picked out."))
else:
    st.markdown(_("**This session is named.** The facilitator sees your name beside your answers, and once they show "
                  "everyone's answers together, the group does too."))
st.markdown(_("You score on your own: nobody sees your answers until the facilitator shows everyone's together, and "
              "then only the answers that are in by then. Until yours are shown you can withdraw them. Once the answers "
              "have been shown, nobody new can join."))
if session.get("moderate"):
    st.markdown(_("**The facilitator reads the examples first.** They can read the examples you submit before the group "
                  "does. They may keep one back from the room, for example one that names someone or tells of harm. "
                  "A kept-back example is not deleted, is in no file, and your page tells you if yours was kept back."))
if session.get("auto_reveal"):
    st.markdown(_("The answers are shown by themselves once everyone who joined has submitted."))
st.page_link("app_pages/your_data.py", label=_("What is kept of your answers, and how to delete them"), icon=":material/shield:")
with st.form("join"):
    role = st.radio(_("Which group are you in?"), session["roles"], index=None, format_func=show.choice)
    name = textbox.Typed() if session["anonymous"] else textbox.line(_("Your name"), "join-name")
    joined = st.form_submit_button(_("Join and start scoring"), type="primary", icon=":material/login:")
with st.expander(_("Watch only, without scoring (for a manager or a visitor)"), icon=":material/visibility:"):
    st.markdown(_("You see the time left and, once the facilitator shows them, everyone's answers. You score nothing "
                  "and are not counted in any figure. The facilitator sees that you are watching."))
    if not session["anonymous"]:
        st.markdown(_("They see your name too, if you give one."))
    with st.form("watch"):
        watcher = textbox.Typed() if session["anonymous"] else textbox.line(_("Your name (optional)"), "watch-name")
        watching = st.form_submit_button(_("Watch only"), icon=":material/visibility:")
if watching and not watcher.cut:
    try:
        observer = room.watch_only(store(), join_token, name=watcher)
    except S.Refused as refused:
        show.message("error", str(refused))
        stop_page()
    st.switch_page("app_pages/watch.py", query_params={"o": observer["token"]})
if joined and not name.cut:
    if role is None:
        st.error(_("Choose the group you are in, then press Join."))
        stop_page()
    try:
        participant = S.join(store(), instrument, join_token, role=role, name=name)
    except S.Refused as refused:
        show.message("error", str(refused))
        stop_page()
    st.switch_page("app_pages/score.py", query_params={"a": participant["token"]})
