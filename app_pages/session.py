"""Team session, facilitator's view: open, share the join link, watch, reveal, compare, agree, publish."""

import streamlit as st

from coprod.answers import rounds
from coprod.common.i18n import _
from coprod.common.text import escape_markdown
from coprod.sessions import lifecycle as S
from coprod.ui import contribute, language, plan, results, room, scoring, show
from coprod.ui import sessions as ui
from coprod.ui.files import stop_page
from coprod.ui.library import instrument_or_stop, library
from coprod.ui.paper_entry import paper_tools
from coprod.ui.store import store

lib = library()
token = st.query_params.get("f")
if not token:
    st.title(_("Run a team session"))
    st.markdown(
        _("Everyone scores privately on their own device; you reveal the results to all at once, so nobody "
          "is swayed by the first number said aloud. Then the group talks about the differences, agrees "
          "scores and a joint plan.")
    )
    ui.open_form(lib)
    stop_page()

session = ui.load_as_facilitator(token)
instrument = instrument_or_stop(session)

st.title(escape_markdown(session["title"]))
show.flash()
show.caption((_("{toolkit} · round {round} · anonymous") if session["anonymous"] else _("{toolkit} · round {round} · named"))
             .format(toolkit=instrument.title, round=session["round"]))
ui.share(session)
st.page_link("app_pages/projector.py", label=_("Projector view: put this on the wall"), icon=":material/cast:", query_params={"f": token, **language.of_room(session)})
ui.consent_guidance(session)
ui.live_status(session)
room.timer(session)
room.timer_controls(session)
ui.unreadable_answers(instrument, session)
paper_tools(instrument, session)  # print blank forms, type in paper answers
ui.controls(session)
room.armed(session)
room.moderation(instrument, session)  # a moderated session's examples before the reveal, and those held back

if session["revealed"]:
    # Each round as far as it may be seen: a round not revealed yet shows counts only (above), and
    # the last revealed round stays on screen, frozen, until the next one is revealed.
    shown = ui.shown_rounds(instrument, session)
    latest = max(session["revealed"])
    heading = _("What everyone said in round {round}").format(round=latest) if session["round"] > 1 else _("What everyone said")
    show.heading(heading, 2)
    if latest < session["round"]:
        st.caption(_("Round {open} is open: round {shown} stays here until you reveal round {open}.").format(open=session["round"],
                                                                                                         shown=latest))
    ui.team_results(instrument, shown[latest - 1], shown[latest - 2] if latest > 1 else None)

    show.styles()
    st.header(_("Agree scores together"))
    st.caption(_("After the talk, record the score and example the group agrees for each item."))
    for item in instrument.items:
        scoring.score_item(instrument, session, (S.agreed_view(instrument, session),), item)
    earlier = rounds.earlier_rounds(store(), session)
    if earlier:
        results.progress(instrument, session, earlier)
        ui.role_progress(instrument, [*earlier, session])
    plan.plan_editor(instrument, session)
    contribute.add_to_overview(instrument, session, st.query_params.get("c", ""))
    st.header(_("Downloads"))
    ui.session_downloads(instrument, session)
ui.delete_session(session)
