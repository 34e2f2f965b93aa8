"""An organisation's overview, for its coordinator: open one, hand out its link and code, and see
where the teams stand, who moved, which actions are done and whose review is due."""

import streamlit as st

from coprod.ui import overview as ui
from coprod.ui import show
from coprod.ui.library import instrument_or_stop, library

token = st.query_params.get("o")
if not token:
    st.title("Open an overview")
    st.write("An overview gathers the results of many teams that use the same toolkit: each team chooses what it adds, "
             "and can take it back. You see where the organisation stands per item, who moved between reviews, which "
             "actions are done and whose review is due, never as a league table.")
    ui.open_form(library())
    st.stop()

overview = ui.load_as_coordinator(token)
instrument = instrument_or_stop(overview)
st.title(show.plain(overview["title"]))
show.caption(f"{instrument.title} · figures of at least {overview['min_group']} teams")
ui.share(overview)
teams, unreadable = ui.teams_of(overview)
if unreadable:
    show.message("warning", f"{unreadable} team's results cannot be read just now and are left out.", icon=":material/warning:")
ui.coordinator_page(instrument, overview, teams)
st.header("Downloads")
ui.overview_downloads(instrument, overview, teams)
