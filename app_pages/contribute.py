"""Adding results to an overview from its contribution link: the person opens what they are adding
(their assessment by its code, or a session from its facilitator's link) and adds it there, with the
link's key carried along."""

import streamlit as st

from coprod.common.i18n import _
from coprod.overview import contributions as C
from coprod.storage import access
from coprod.storage.interface import Damaged, NotFound, format_code
from coprod.ui import show, textbox
from coprod.ui.files import stop_page
from coprod.ui.lookups import TooManyTries, by_code
from coprod.ui.store import store

key = st.query_params.get("c", "")
st.title(_("Add your results to an overview"))
try:
    overview = C.find(store(), key=key) if key else None
except (NotFound, Damaged):
    overview = None
if overview is None:
    st.markdown(_("There is no overview at this link. Ask its coordinator for the link or the code."))
    stop_page()
show.heading(overview["title"], 2)
show.caption(overview["instrument_title"])
st.markdown(_("You choose what the overview gets and see it first; you can take it back at any time."))
code = textbox.line(_("Your finished assessment's code"), "contribute-assessment-code", limit=20, placeholder=_("e.g. K7PQ2-MX9RT"))
if str(code).strip() and not code.cut:
    try:
        token = by_code(lambda: access.carried_on_by_code(store(), str(code)))
    except TooManyTries as wait:
        st.error(str(wait), icon=":material/hourglass_top:")
    except NotFound:
        st.error(_("No assessment has that code. Check it against the one you noted (letters and digits, no 0, 1, O or I)."))
    else:
        st.switch_page("app_pages/results.py", query_params={"a": token, "c": key})
show.text(_("For a team session: open your session's page from your private facilitator's link, then choose "
            "Add to an overview and type the code {code}.").format(code=format_code(overview["contribute_code"])))
