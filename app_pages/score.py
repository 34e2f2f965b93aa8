"""Score an instrument: start (or carry on), score each item beside its descriptors, finish."""

import streamlit as st

from coprod.answers import assessment as A
from coprod.answers import raters
from coprod.common.i18n import _
from coprod.library import attribution, versions
from coprod.sessions import lifecycle as sessions
from coprod.ui import participants, plan, room, show, start
from coprod.ui import scoring as ui
from coprod.ui.files import stop_page
from coprod.ui.library import instrument_or_stop, library
from coprod.ui.store import store

lib = library()
token = st.query_params.get("a")

if not token:
    st.title(_("Start a self-assessment"))
    start.start_form(lib)
    st.divider()
    start.resume_by_code()
    stop_page()

doc = ui.load(token)
if doc.get("kind") == versions.OWN:  # a personalised version's code typed on this page
    st.switch_page("app_pages/edit.py", query_params={"v": token})
session = sessions.session_of(store(), doc)
rating = doc if doc.get("rates") else None  # a rating of someone else, from their invitation
instrument = instrument_or_stop(doc)

ui.header(instrument, doc)
ui.import_notes()
show.styles()  # the item blocks below, and the group's results once revealed
if session:
    participants.participant_banner(session, doc)
    participants.watch(session)  # the reveal, round 2 and the published results reach this page by themselves
    room.kept_back(instrument, session, doc)
    room.timer(session, after=_("Finish what you are writing and press Submit.") if doc["status"] == A.DRAFT else "")
if rating:
    participants.rater_banner(raters.person_of(store(), rating), rating)
ui.results_link(doc)

if session and session["published"]:  # what came of it reaches everyone, whatever they did in round 2
    participants.published(instrument, session)
    participants.group_results(instrument, session)
    own = participants.submitted(doc, session)
    if own:
        ui.finished_view(instrument, *own)
    ui.take_away(doc, session)
    stop_page()

if doc["status"] == A.FINISHED or doc.get("locked"):
    if session:
        participants.group_results(instrument, session)
    ui.finished_view(instrument, doc)
    ui.take_away(doc, session)
    stop_page()

previous = ui.previous_round(doc) or (participants.round_one(doc, session) if session else None)
if previous and not session:
    st.info(_("Review round {round}. Each item shows last round's score and example for reference; your new score starts "
              "unset.").format(round=doc.get("round_number", 2)), icon=":material/event_repeat:")
views = ui.views_on_screen(instrument, doc)
progress_slot = st.empty()  # the progress line: drawn by the items, which redraw it as they are scored
if not ui.by_choice(instrument):  # a checklist's or survey's answers are a list already
    st.toggle(_("Choose from a list instead of a slider"), key=ui.LIST_MODE)
if any(item.examples for item in instrument.items):
    st.toggle(attribution.show_worked_examples(instrument), key=ui.WORKED_EXAMPLES)

for group in instrument.groups:
    if group:
        show.heading(group, 2)
    for item in (i for i in instrument.items if i.group == group):
        ui.score_item(instrument, doc, views, item, previous, progress_slot, last=item == instrument.items[-1])

ui.prompts(instrument, doc)
if session and participants.rescoring(doc, session):
    participants.group_results(instrument, session, for_reference=True)
if previous and not session:
    plan.plan_editor(instrument, doc, heading_text=_("Your plan from last time: progress and status"))
ui.finish_button(instrument, doc, views, label=_("Submit") if session or rating else _("Finish"))
ui.take_away(doc, session)
