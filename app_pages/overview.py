"""An organisation's overview, for its coordinator: open one, hand out its link and code, and see
where the teams stand, who moved, which actions are done and whose review is due."""

import streamlit as st

from coprod.common.i18n import _, n_
from coprod.ui import overview as ui
from coprod.ui import show
from coprod.ui.files import stop_page
from coprod.ui.library import instrument_or_stop, library

token = st.query_params.get("o")
if not token:
    st.title(_("Open an overview"))
    st.markdown(_("An overview gathers the results of many teams that use the same toolkit: each team chooses what it adds, "
                  "and can take it back. You see where the organisation stands per item, who moved between reviews, which "
                  "actions are done and whose review is due, never as a league table."))
    ui.open_form(library())
    stop_page()

overview = ui.load_as_coordinator(token)
instrument = instrument_or_stop(overview)
st.title(show.plain(overview["title"]))
show.caption(n_("{toolkit} · figures of at least {count} teams", "{toolkit} · figures of at least {count} teams",
                overview["min_group"]).format(toolkit=instrument.title, count=overview["min_group"]))
ui.share(overview)
teams, unreadable = ui.teams_of(overview)
if unreadable:
    show.message("warning", n_("{count} team's results cannot be read just now and are left out.",
                               "{count} team's results cannot be read just now and are left out.", unreadable).format(count=unreadable),
                 icon=":material/warning:")
ui.coordinator_page(instrument, overview, teams)
st.header(_("Downloads"))
ui.overview_downloads(instrument, overview, teams)
