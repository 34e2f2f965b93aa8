"""Starting an assessment, and carrying on with one by its code: the two ways into the score page."""

from __future__ import annotations

from datetime import date

import streamlit as st

from coprod.answers import assessment as A
from coprod.common.i18n import _
from coprod.library import attribution
from coprod.library.model import Library
from coprod.storage import access
from coprod.storage.interface import NotFound
from coprod.ui import show, textbox
from coprod.ui.editor import choose
from coprod.ui.lookups import TooManyTries, by_code
from coprod.ui.store import store

START_TRIED = "start-tried"  # Start was pressed: say what is missing, until it is filled in


def start_form(lib: Library) -> None:
    """What is being assessed, by whom and when. Not an st.form: a form reruns only when sent, so
    its "give a title" error stayed on screen while the title was being typed in. Each field reruns
    as it is left, and the error shows only while something is still missing."""
    instrument = choose(lib, "start-instrument", _("Instrument (the toolkit you score against)"))
    show.caption(_("Time needed: {time}. Source: {source}").format(time=attribution.time_needed(instrument),
                                                                  source=instrument.source.citation()))
    if instrument.translation:  # a translated version credits its translator (issue 27)
        show.caption(attribution.translated_by(instrument))
    with st.container(border=True, key="start-form"):
        title = textbox.line(_("What are you assessing?"), "start-title", placeholder=_("e.g. Youth forum 2026, our allotment project"))
        role = textbox.line(_("Your role"), "start-role", placeholder=_("e.g. youth worker, young person, volunteer, manager"))
        name = textbox.line(_("Your name (optional)"), "start-name")
        on = st.date_input(_("Date"), value=date.today(), format="DD/MM/YYYY", key="start-date")
        views = [p.label for p in instrument.perspectives]
        picked = st.multiselect(_("Score it for"), views, default=views, key=f"start-views-{instrument.id}") if views else []
        started = st.button(_("Start"), type="primary", icon=":material/play_arrow:", key="start")
    if started:
        st.session_state[START_TRIED] = True
    if not st.session_state.get(START_TRIED):
        return
    ids = [p.id for p in instrument.perspectives if p.label in picked]
    try:
        doc = A.new_assessment(instrument, title=title, role=role, name=name, on=on, perspectives=ids if views else None)
    except A.BadInput as problem:
        show.message("error", str(problem), icon=":material/error:")
        return
    if not started or title.cut or role.cut or name.cut:
        return
    del st.session_state[START_TRIED]
    saved = store().create(doc)
    st.query_params.clear()
    st.query_params["a"] = saved["token"]
    st.rerun()


def resume_by_code() -> None:
    with st.form("resume"):
        code = textbox.line(_("Carry on with an assessment: enter its code"), "resume-code", limit=20,
                            placeholder=_("e.g. {code}").format(code="K7PQ2-MX9RT"))
        if st.form_submit_button(_("Carry on"), icon=":material/restore:") and not code.cut:
            try:
                token = by_code(lambda: access.carried_on_by_code(store(), code))
            except TooManyTries as wait:
                st.error(str(wait), icon=":material/hourglass_top:")
                return
            except NotFound:
                st.error(_("No assessment has that code. Check it against the one you noted (letters and digits, no 0, 1, O or I)."))
                return
            st.query_params.clear()
            st.query_params["a"] = token
            st.rerun()
