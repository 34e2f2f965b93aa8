"""What a participant's or a rater's own page says of the session or the person it belongs to:
no charts, no tables of others' answers, nothing heavy to import on the page people score on."""

from __future__ import annotations

import streamlit as st

from coprod import assessment as A
from coprod import plans
from coprod.instruments import Instrument
from coprod.ui import show
from coprod.ui.show import heading


def participant_banner(session: dict) -> None:
    show.message("info", f"Part of the team session “{session['title']}”. "
                 + ("Your answers are private until the facilitator shows everyone's together."
                    if not session["published"] else "The group's agreed scores and plan are below your answers."),
                 icon=":material/groups:")


def published(instrument: Instrument, session: dict) -> None:
    """What came of it ("You said, we did"): the agreed scores and the team plan, nobody's own answers."""
    heading("What the group agreed", 2)
    for item in instrument.items:
        agreed = A.answer(session, session["perspective"], item.id)
        with st.container(border=True):
            show.label(item.name)
            show.text(plans.current_text(instrument, session, item) or "not agreed yet")
            if agreed["example"]:
                show.text(agreed["example"])
    heading("The team's next steps")
    # One block per action rather than a table of eight columns: on a phone a table that wide
    # scrolls sideways inside a box the keyboard cannot reach.
    for row in plans.table_rows(instrument, session):
        with st.container(border=True):
            (first, title), *rest = row.items()
            show.label(title or first)
            show.text("\n".join(f"{name}: {value}" for name, value in rest if str(value).strip()))


def rater_banner(person: dict | None, rating: dict) -> None:
    whom = rating["rates"].get("whom", "someone")
    show.message("info", f"You are completing this about {whom}, for “{rating['title']}”. When you submit, they see your "
                 "answers" + (f", with your name ({rating['name']})." if rating.get("name") else ", without a name.")
                 + ("" if person else " (Their assessment has since been deleted.)"), icon=":material/person_search:")
