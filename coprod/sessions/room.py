"""Running the room: people who watch without scoring (observers), the facilitator's timer for a
round, and holding an example back from the room before the reveal (moderation).

What of these any page shows is read through coprod.sessions.disclosure (`Status` for observers and
the timer, `moderation` and `kept_back` for held-back examples); this module only changes the session.
"""

from __future__ import annotations

import time

from coprod.answers import assessment as A
from coprod.common.i18n import _
from coprod.sessions import disclosure
from coprod.sessions import lifecycle as S
from coprod.storage.interface import AssessmentStore, Damaged, NotFound

OBSERVER = "observer"  # the kind of an observer's own document: their link, and the session it follows
MAX_MINUTES = 120


# --------------------------------------------------------------------------- observers


def watch_only(store: AssessmentStore, join_token: str, *, name: str = "") -> dict:
    """Join a session to watch only: a document of the observer's own (their link, no code), listed
    on the session apart from the people who score. They see the reveal and the results on their
    own device, score nothing and are counted in no figure. Raises Refused as joining does (once the
    answers have been shown, nobody new comes in, to watch either)."""
    session_token = store.resolve("join", join_token)
    session = store.get(session_token)
    S.check_can_join(session)
    name = "" if session["anonymous"] else A.clean_text(name).strip()[:200]  # an anonymous session stores no name
    saved = store.create({"schema": A.SCHEMA, "kind": OBSERVER, "title": session["title"], "name": name,
                          "session": {"join": join_token}}, code=False)

    def add(s: dict) -> None:
        S.check_can_join(s)
        s.setdefault("observers", {})[saved["token"]] = {"name": name}

    try:
        store.update(session_token, add)
    except S.Refused:
        store.delete(saved["token"])
        raise
    return saved


def stop_watching(store: AssessmentStore, observer_token: str) -> None:
    """An observer leaves: off the session's list, their document deleted."""
    doc = store.get(observer_token)
    if doc.get("kind") != OBSERVER:
        raise NotFound(observer_token)
    try:
        store.update(store.resolve("join", doc["session"]["join"]),
                     lambda s: (s.get("observers") or {}).pop(observer_token, None))
    except NotFound:
        pass  # the session is gone already
    store.delete(observer_token)


# --------------------------------------------------------------------------- the timer


def start_timer(session: dict, minutes: int, now: float | None = None) -> None:
    """Start (or start again) the timer of the current round: shown on every participant's page, the
    observers' and the wall; it says when time is up, and reveals nothing by itself."""
    minutes = int(minutes)
    if not 1 <= minutes <= MAX_MINUTES:
        raise A.BadInput(_("A timer runs for 1 to {count} minutes.").format(count=MAX_MINUTES))
    now = time.time() if now is None else now
    session["timer"] = {"round": session["round"], "minutes": minutes, "ends": now + minutes * 60}


def stop_timer(session: dict) -> None:
    session.pop("timer", None)


# --------------------------------------------------------------------------- holding an example back


def _held_with(store: AssessmentStore, instrument, session_token: str, key: str, hold: bool) -> None:
    session = store.get(session_token)
    docs, _unreadable = S.participants(store, session)
    found = next(((token, e) for token, e in disclosure.examples_in(instrument, session, docs) if e.key == key), None)
    if found is None:
        raise S.Refused(_("That example is no longer there: its person may have changed or withdrawn it."))
    token, example = found
    digest = disclosure.held_digest(example.text)

    def change(s: dict) -> None:
        kept = s.setdefault("held_back", {}).setdefault(token, {}).setdefault(example.item, [])
        if hold and digest not in kept:
            kept.append(digest)
        elif not hold:
            if S.is_revealed(s) and not disclosure.counts_only(s, s["round"]):
                raise S.Refused(_("The answers have been shown: an example held back stays held back."))
            if digest in kept:
                kept.remove(digest)
        s["answers_revision"] = S.revision(s) + 1

    store.update(session_token, change)


def hold_back(store: AssessmentStore, instrument, session_token: str, key: str) -> None:
    """Keep an example (by its handle in `disclosure.moderation`) from the room: no page, chart, wall
    or file shows it, in this round or any other where its person gives the same text. It stays in its
    person's answers and on the facilitator's list, and its person's page says it was kept back."""
    _held_with(store, instrument, session_token, key, True)


def put_back(store: AssessmentStore, instrument, session_token: str, key: str) -> None:
    """Undo a hold before the round's answers are shown (afterwards it stays held)."""
    _held_with(store, instrument, session_token, key, False)


def read_examples(session: dict) -> None:
    """The moderating facilitator has read the examples of everyone who has submitted this round: a
    session set to reveal itself may now do so (at once, if everyone is in)."""
    roster, number = session.get("roster", {}), session["round"]
    session["examples_read"] = {"round": number, "people": sorted(t for t in session["participants"]
                                                                  if roster.get(t, {}).get("submitted") == number)}
    S.reveal_if_everyone_is_in(session)


def observer_session(store: AssessmentStore, observer: dict) -> dict | None:
    try:
        return store.get(store.resolve("join", observer["session"]["join"]))
    except (KeyError, NotFound, Damaged):
        return None
