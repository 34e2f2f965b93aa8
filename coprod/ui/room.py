"""Running the room, on screen: the timer (set on the facilitator's page; shown there, on every
participant's and observer's page and on the wall), the moderating facilitator's list of examples
with what is held back, who watches, and an observer's own page.

Everything here reads what a session may show through coprod.sessions.disclosure (`status`,
`moderation`, `kept_back`) and changes the session through coprod.sessions.room.
"""

from __future__ import annotations

import math
import time

import streamlit as st

from coprod.answers import assessment as A
from coprod.common.i18n import _, marked, n_
from coprod.library.model import Instrument
from coprod.sessions import disclosure, room
from coprod.sessions import lifecycle as S
from coprod.storage.interface import Damaged, NotFound
from coprod.ui import guard, show
from coprod.ui.files import stop_page
from coprod.ui.library import library
from coprod.ui.show import heading
from coprod.ui.store import store

TICK_SECONDS = 5  # how often a running timer's words are worked out again (on the page itself: no store read)
TIME_UP = marked("Time is up.")
HELD_NOTE = marked("The facilitator kept your example for {items} back from the room. The group does not see it, and it is "
                   "in no file. It is not deleted: it stays in your answers, and you can still see it here.")


def timer_words(timer: disclosure.Timer, now: float) -> str:
    """The timer in words: minutes left (rounded up), or that time is up."""
    left = timer.left(now)
    if left <= 0:
        return _(TIME_UP)
    if left < 60:
        return _("Less than a minute left to score.")
    minutes = math.ceil(left / 60)
    return n_("{n} minute left to score.", "{n} minutes left to score.", minutes).format(n=minutes)


def timer(session: dict, *, after: str = "", key: str = "timer") -> None:
    """The round's timer, if one runs: its words worked out again every few seconds from the time it
    ends (no store read: the page is drawn again when the facilitator starts or stops it). `after`: what
    to add once time is up (a participant's page: to finish and submit)."""
    running = disclosure.timer(session)
    if running is None:
        return

    @guard.fragment(run_every=TICK_SECONDS)
    def tick() -> None:
        said = timer_words(running, time.time())
        with st.container(key=key):
            if said == _(TIME_UP):
                show.message("warning", f"{said} {after}".strip(), icon=":material/alarm:")
            else:
                show.message("info", _("Timer ({minutes} min): {left}").format(minutes=running.minutes, left=said), icon=":material/timer:")

    tick()


def timer_controls(session: dict) -> None:
    """Start, start again or stop the round's timer, until the round's answers are shown."""
    if session["status"] != S.OPEN or (S.is_revealed(session) and not disclosure.counts_only(session, session["round"])):
        return
    token = session["token"]
    running = disclosure.timer(session)
    minutes, start, stop = st.columns([2, 2, 2], vertical_alignment="bottom")
    chosen = minutes.number_input(_("Minutes to score"), min_value=1, max_value=room.MAX_MINUTES, value=10, key="timer-minutes",
                                  help=_("Everyone sees the time left on their own page and on the wall. It reveals nothing."))
    if start.button(_("Start the timer again") if running else _("Start the timer"), icon=":material/timer:", key="timer-start"):
        try:
            store().update(token, lambda s: room.start_timer(s, int(chosen)))
        except A.BadInput as problem:
            show.message("error", str(problem))
        else:
            st.rerun()
    if running and stop.button(_("Stop the timer"), icon=":material/timer_off:", key="timer-stop"):
        store().update(token, room.stop_timer)
        st.rerun()


def armed(session: dict) -> None:
    """Say that the session reveals itself once everyone is in, or that it did."""
    number = session["round"]
    if number in (session.get("auto_revealed") or []):
        show.caption(_("This round revealed itself when everyone who joined had submitted."))
    elif session.get("auto_reveal") and session["status"] == S.OPEN and not S.is_revealed(session):
        show.caption((_("Set to reveal by itself once everyone who joined has submitted (at least {count}) and you have read their "
                        "examples. You can still reveal early.") if session.get("moderate")
                      else _("Set to reveal by itself once everyone who joined has submitted (at least {count}). You can still reveal "
                             "early.")).format(count=session["min_group"]))


def observers(now: disclosure.Status) -> None:
    """Who watches without scoring: in no figure above, listed apart (by name in a named session)."""
    if not now.observers:
        return
    unnamed = now.observers - len(now.observer_names)
    who = [*now.observer_names, *([_("{count} without a name").format(count=unnamed) if now.observer_names else str(unnamed)]
                                   if unnamed else [])]
    show.caption(_("Watching, not scoring: {who}. Nobody watching is counted in any figure.").format(who=", ".join(who)))


# --------------------------------------------------------------------------- moderation


def moderation(instrument: Instrument, session: dict) -> None:
    """A moderating facilitator's list: the examples submitted so far, before the reveal, each of
    which can be held back from the room; and every example held back, with the consent guidance."""
    if not session.get("moderate") and not session.get("held_back"):
        return
    docs, _unreadable = S.participants(store(), session)
    examples = disclosure.moderation(instrument, session, docs)
    names = {item.id: item.name for item in instrument.items}
    waiting = [e for e in examples if not e.held]
    held = [e for e in examples if e.held]
    heading(_("Examples before the reveal"))
    still_open = not S.is_revealed(session) or disclosure.counts_only(session, session["round"])
    if session.get("moderate") and still_open:
        show.caption(_("You chose to read the examples before the group does. Hold one back if it names someone or tells of "
                       "harm: nobody else sees it, and it goes in no file. Nobody's name or group is shown here."))
        if not waiting:
            show.caption(_("No examples have come in yet."))
        if S.examples_read(session):
            show.caption(_("You have read every example in so far."))
        elif st.button(_("I have read them all"), icon=":material/done_all:", key="examples-read",
                       help=_("Set to reveal by itself, the session waits for this once everyone is in.")
                       if session.get("auto_reveal") else _("Marks the examples in so far as read.")):
            store().update(session["token"], room.read_examples)
            st.rerun()
    for item in instrument.items:
        theirs = [e for e in waiting if e.item == item.id]
        if not theirs:
            continue
        with st.container(border=True):
            show.label(item.name)
            for example in theirs:
                text, button = st.columns([4, 1], vertical_alignment="center")
                with text:
                    show.text(example.text)
                if button.button(_("Hold back"), icon=":material/block:", key=f"hold-{example.key}",
                                 help=_("Keep this example from the room: nobody else sees it, and it goes in no file.")):
                    _change(room.hold_back, instrument, session, example.key)
    if held:
        heading(_("Held back from the room"))
        left, right = st.columns([3, 2])
        with left:
            for example in held:
                with st.container(border=True):
                    show.label(names.get(example.item, example.item))
                    show.text(example.text)
                    if not S.is_revealed(session) or disclosure.counts_only(session, session["round"]):
                        if st.button(_("Return it to the room"), icon=":material/undo:", key=f"return-{example.key}"):
                            _change(room.put_back, instrument, session, example.key)
        with right:
            show.caption(_("Kept here, not deleted. Its writer's page says it was kept back. Think about what to do next "
                           "with them, and with whoever looks after them."))
            for source in library().instruments:
                for part in source.guidance_for("sessions-with-young-people"):
                    show.guidance(source, part, expanded=True)


def _change(change, instrument: Instrument, session: dict, key: str) -> None:
    try:
        change(store(), instrument, session["token"], key)
    except S.Refused as refused:
        show.message("warning", str(refused))
    else:
        st.rerun()


def kept_back(instrument: Instrument, session: dict, doc: dict) -> None:
    """Tell a participant, on their own page, that an example of theirs was kept back from the room."""
    items = disclosure.kept_back(session, doc["token"])
    if items:
        names = {item.id: item.name for item in instrument.items}
        show.message("info", _(HELD_NOTE).format(items="; ".join(names.get(i, i) for i in items)), icon=":material/shield:")


# --------------------------------------------------------------------------- an observer's page


def load_observer(token: str) -> dict:
    try:
        doc = store().get(token)  # a link: never limited
        if doc.get("kind") == room.OBSERVER:
            return doc
    except (NotFound, Damaged):
        pass
    st.title(_("Nothing to watch at this link"))
    st.markdown(_("Check that the whole link was copied. If the session was deleted, or you stopped watching, nothing of it "
                  "is kept. To watch again, use the session's join link or code and choose to watch only."))
    st.page_link("app_pages/join.py", label=_("Join a session"), icon=":material/login:")
    stop_page()


def observer_banner(session: dict, doc: dict) -> None:
    said = _("You are watching the team session “{title}”. You score nothing and are not counted in any figure.").format(
        title=session["title"]) + " "
    if session["published"]:
        said += _("The group's agreed scores and plan are below.")
    elif session["revealed"]:
        said += _("The facilitator has shown everyone's answers: they are below.")
    else:
        said += _("Everyone's answers appear here once the facilitator shows them. This page follows by itself.")
    show.message("info", said, icon=":material/visibility:")
    show.caption(_("Keep this page's address to come back to it."))


def stop_watching(doc: dict) -> None:
    with st.expander(_("Stop watching"), icon=":material/logout:"):
        st.markdown(_("This takes you off the session's list of people watching, and this page's link stops working."))
        if st.button(_("Stop watching"), key="stop-watching"):
            room.stop_watching(store(), doc["token"])
            show.say_on_next_page(_("You stopped watching. Nothing of it is kept."))
            st.switch_page("app_pages/home.py")
