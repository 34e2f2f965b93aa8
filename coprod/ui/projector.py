"""The projector view: one screen for the wall of the room, in type big enough to read from the back.

Before the reveal it shows how to join (the code, the QR code, the link) and how many have joined and
submitted, counted again every few seconds and never with names. After the reveal it shows one thing
at a time — the group's chart, the spread, then each item to talk about — moved on with the arrow
keys (or the buttons). It reads answers only through `shown_rounds`, that is through
`coprod.sessions.disclosure`, so the wall shows no more than the facilitator's own view may.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import streamlit as st

from coprod.charts import team as team_charts
from coprod.charts import words as chart_text
from coprod.charts.specs import tally_chart
from coprod.common.i18n import _
from coprod.common.text import escape_markdown
from coprod.library.model import Instrument
from coprod.sessions import disclosure, views
from coprod.sessions import stats as teams
from coprod.storage.interface import format_code
from coprod.ui import guard, language, room, show
from coprod.ui.charts import draw
from coprod.ui.links import app_url
from coprod.ui.sessions import shown_rounds
from coprod.ui.store import store

SLIDE = "projector-slide"  # the number of the slide on the wall (session state: one int)


@dataclass(frozen=True)
class Slide:
    title: str
    draw: Callable[[], None]


def projector(instrument: Instrument, session: dict) -> None:
    # Large type for a room: the page's own text, scoped to the projector's container.
    st.html("""<style>
.st-key-projector p, .st-key-projector li { font-size: 1.9rem; line-height: 1.35; }
.st-key-projector h1 { font-size: 3.2rem; }
.st-key-projector h2 { font-size: 2.6rem; }
.st-key-projector [data-testid="stText"] { font-size: 1.9rem; line-height: 1.35; }
.st-key-projector [data-testid="stVegaLiteChart"] { zoom: 1.6; }
.st-key-projector-code p { font-size: 4.5rem; font-weight: 700; letter-spacing: .05em; font-family: monospace; line-height: 1.1; white-space: nowrap; }
.st-key-projector-counts p { font-size: 3rem; font-weight: 700; }
</style>""")
    with st.container(key="projector"):
        room.timer(session, key="projector-timer")
        shown = _latest_shown(instrument, session)
        slides = _slides(instrument, session, shown)
        at = min(max(st.session_state.get(SLIDE, 0), 0), len(slides) - 1)
        st.session_state[SLIDE] = at
        back, where, forward = st.columns([1, 2, 1], vertical_alignment="center")
        back.button(_("Previous"), icon=":material/arrow_back:", shortcut="Left", disabled=at == 0, key="projector-back",
                    on_click=_move, args=(-1, len(slides)))
        forward.button(_("Next"), icon=":material/arrow_forward:", shortcut="Right", disabled=at == len(slides) - 1,
                       key="projector-next", on_click=_move, args=(1, len(slides)))
        where.markdown(_("Screen {at} of {count}. Use the left and right arrow keys to move.").format(at=at + 1, count=len(slides)))
        slide = slides[at]
        st.markdown("## " + escape_markdown(slide.title))
        slide.draw()


def _move(step: int, count: int) -> None:
    """Before the page is drawn again, so the buttons are drawn for the screen they lead to."""
    st.session_state[SLIDE] = min(max(st.session_state.get(SLIDE, 0) + step, 0), count - 1)


def _latest_shown(instrument: Instrument, session: dict) -> disclosure.Shown | None:
    """The last revealed round as far as it may be shown, or None before any reveal."""
    if not session["revealed"]:
        return None
    return shown_rounds(instrument, session)[max(session["revealed"]) - 1]


def _slides(instrument: Instrument, session: dict, shown: disclosure.Shown | None) -> list[Slide]:
    if disclosure.joins_closed(session):
        slides = [Slide(_("Taking part"), lambda: _closed(session))]
    else:
        slides = [Slide(_("Join this session"), lambda: _join(session))]
    if shown is None:
        return slides
    if not shown.visible:
        slides.append(Slide(_("Results"), lambda: st.markdown(escape_markdown(
            _("{count} people have submitted.").format(count=shown.submitted) + " " + (shown.withheld or _(
                "The answers are shown once at least {count} have, so that nobody can be picked out.").format(count=shown.min_group))))))
        return slides
    answers = list(shown.answers)
    charts = views.charts_of(instrument, wall=True)
    if views.TALLY in charts:
        slides.append(Slide(_("What everyone said"), lambda: draw(
            ("projector-tally", instrument.fingerprint, shown.fingerprint),
            lambda: tally_chart(instrument, [a.scores for a in answers]), key="projector-tally",
            words=lambda: chart_text.tally(instrument, [a.scores for a in answers]))))
    if views.RADAR in charts:
        slides.append(Slide(_("What everyone said"), lambda: draw(
            ("projector-radar", instrument.fingerprint, shown.fingerprint),
            lambda: team_charts.team_radar(instrument, shown), key="projector-radar",
            words=lambda: chart_text.team(instrument, shown))))
    if views.SPREAD in charts:
        slides.append(Slide(_("Where people agree and differ"), lambda: draw(
            ("projector-spread", instrument.fingerprint, shown.fingerprint),
            lambda: team_charts.spread_chart(instrument, shown), key="projector-spread",
            words=lambda: chart_text.spread(instrument, shown))))
    # Examples without names, even in a named session: the wall is seen by everyone in the room.
    for talk in views.talk_about(instrument, shown, names=False):
        slides.append(Slide(_("Talk about this: {item}").format(item=talk.item.name), lambda talk=talk: _talk(instrument, talk)))
    return slides


def _join(session: dict) -> None:
    join_link = app_url("join", s=session["join_token"], **language.of_room(session))
    code, qr = st.columns([3, 2], vertical_alignment="center")
    with code:
        st.markdown(_("Go to the Join page and type this code:"))
        with st.container(key="projector-code"):
            st.markdown(escape_markdown(format_code(session["join_code"])))
        st.markdown(_("Or scan the QR code with your phone's camera, or open this link:"))
        st.code(join_link, language=None, wrap_lines=True)
    with qr:
        show.qr(join_link, _("Scan to join"), size_px=360)
    _counts(session)


def _closed(session: dict) -> None:
    """After the first reveal nobody new can join (coprod.sessions.disclosure): the wall stops inviting them."""
    st.markdown(_("The group's answers have been shown, so joining has closed."))
    _counts(session)


def _moment(session: dict) -> tuple:
    return session["round"], tuple(session["revealed"]), (session.get("timer") or {}).get("ends")


def _counts(session: dict) -> None:
    """How many have joined and submitted this round, and how many are still scoring, counted again
    every few seconds; no names (observers are in no figure). The wall is drawn again when a round is
    revealed (by the facilitator, or by itself when everyone is in) or the timer starts or stops."""
    session_token, seen = session["token"], _moment(session)

    @guard.fragment(run_every=3)
    def counts() -> None:
        session = store().get(session_token)
        if _moment(session) != seen:
            st.rerun(scope="app")
        now = disclosure.status(session)
        with st.container(key="projector-counts"):
            st.markdown(_("{joined} joined · {submitted} submitted · {missing} still scoring").format(
                joined=now.joined, submitted=now.submitted, missing=now.missing) if now.missing
                else _("{joined} joined · {submitted} submitted").format(joined=now.joined, submitted=now.submitted))

    counts()


def _talk(instrument: Instrument, talk: views.Talk) -> None:
    """An item to talk about (the facilitator's own list, views.talk_about): its two ends, with what
    people wrote there."""
    st.markdown(_("Answers go from **{low}** to **{high}**.").format(low=escape_markdown(chart_text.score_words(instrument, talk.low)),
                                                                    high=escape_markdown(chart_text.score_words(instrument, talk.high))))
    for end, score, quotes in ((_("Lowest: {words}"), talk.low, talk.low_quotes), (_("Highest: {words}"), talk.high, talk.high_quotes)):
        with st.container(border=True):
            st.markdown("**" + end.format(words=escape_markdown(chart_text.score_words(instrument, score))) + "**")
            st.text("\n\n".join(quotes) or _(teams.NOBODY_WROTE))
