"""Team sessions: a facilitator opens one, people join from a link and score privately, the
facilitator reveals everyone's answers at once, the group agrees scores and a plan.

A session is a document in the same store as assessments. Its own token is the facilitator's
private link. Participants reach it only through a separate join token (and a short join code for a
projector), which the store resolves server-side: nothing a participant holds opens the facilitator
view, and nothing lists sessions. Each participant's answers are an ordinary assessment document of
their own, so they score with the same page, rules and autosave; the session keeps their tokens.

The session document also carries "perspectives" and "answers" like an assessment, under the one
view everybody scores: those hold the agreed scores and examples, so the assessment, plan and
summary functions work on it unchanged.

The session also keeps a roster (each participant's role group, their name in a named session, and
the round they last submitted) and a revision of the answers, bumped whenever a submitted answer
comes, goes or moves to another round. The facilitator's live status reads the roster alone, and
what the group may see is recomputed only when the revision moves, however many people watch or
take part.
"""

from __future__ import annotations

import secrets
from datetime import date

from coprod.answers import assessment as A
from coprod.answers import rounds
from coprod.common import i18n
from coprod.common.i18n import _, marked
from coprod.library.model import Instrument, Perspective
from coprod.sessions import disclosure, languages
from coprod.storage.interface import (
    AssessmentStore,
    Damaged,
    NotFound,
    new_code,
    normalise_code,
)

MAX_PARTICIPANTS = 500
DEFAULT_MIN_GROUP = 3
DEFAULT_ROLES = (  # offered in the reader's words (_(role)); once a session is opened its roles are typed data
    marked("Young person / person using the service"),
    marked("Staff or professional"),
    marked("Partner or volunteer"),
    marked("Family or community member"),
)
OPEN, CLOSED = "open", "closed"


class Refused(ValueError):
    """A join or change the session cannot take; the message says why."""


def new_session(
    instrument: Instrument,
    *,
    title: str,
    anonymous: bool,
    roles: list[str],
    min_group: int = DEFAULT_MIN_GROUP,
    perspective: str | None = None,
    on: date | None = None,
    auto_reveal: bool = False,
    moderate: bool = False,
    language: str = "",
) -> dict:
    """A new session's document. `auto_reveal`: each round reveals itself once everyone who joined
    has submitted (and at least `min_group` have). `moderate`: the facilitator sees the examples as
    they come in, before the reveal, and may hold one back from the room (the join page says so).
    `language`: the facilitator's choice for the room (its join link, projector and paper forms); ""
    leaves each person in their own (their browser's). Each participant may switch their own page."""
    title = A.clean_text(title).strip()
    if not title:
        raise A.BadInput(_("Give the session a title, for example “Youth forum review, March”."))
    roles = list(dict.fromkeys(r for r in (A.clean_text(r).strip()[:100] for r in roles) if r))
    if not roles:
        raise A.BadInput(_("List at least one role group people can choose from, one per line."))
    if not 1 <= int(min_group) <= 50:
        raise A.BadInput(_("The smallest group to show must be between 1 and 50 people."))
    views = [p.id for p in A.perspectives_of(instrument)]
    view = perspective if perspective in views else views[0]
    return {
        "schema": A.SCHEMA,
        "kind": "session",
        "instrument_id": instrument.id,
        "instrument_title": instrument.title,
        "instrument_version": instrument.fingerprint,
        **A.pinned(instrument),
        "title": title,
        "anonymous": bool(anonymous),
        "roles": roles,
        "min_group": int(min_group),
        "auto_reveal": bool(auto_reveal),
        "moderate": bool(moderate),
        "language": language if language in i18n.LANGUAGES else "",
        "perspective": view,
        "created_on": (on or date.today()).isoformat(),
        "status": OPEN,
        "round": 1,
        "revealed": [],  # rounds revealed so far
        "published": False,
        "participants": [],
        "join_token": secrets.token_urlsafe(16),
        "join_code": new_code(),
        # The agreed scores, shaped like an assessment so plans and summaries work on them.
        "name": "",
        "role": "",
        "date": (on or date.today()).isoformat(),
        "perspectives": [view],
        "answers": {view: {}},
        "prompts": {},
    }


def open_session(store: AssessmentStore, session: dict) -> dict:
    """Store a new session. It gets no short code: its token is the facilitator's 128-bit link, and a
    10-character code would be a far easier way to the facilitator's view (people join by the join code)."""
    saved = store.create(session, code=False)
    store.add_alias("join", saved["join_token"], saved["token"])
    store.add_alias("join-code", saved["join_code"], saved["token"])
    return saved


def next_review_round(store: AssessmentStore, instrument: Instrument, previous: dict, on: date | None = None) -> dict:
    """A new session for the next review: same instrument, title, settings and role groups, new
    links, the agreed plan carried over; the earlier session stays as it was."""
    if not previous["revealed"]:
        raise Refused(_("Reveal this session's answers before starting the next review round."))
    session = new_session(instrument, title=previous["title"], anonymous=previous["anonymous"], roles=previous["roles"],
                          min_group=previous["min_group"], perspective=previous["perspective"], on=on,
                          auto_reveal=previous.get("auto_reveal", False), moderate=previous.get("moderate", False))
    session["instrument_version"] = previous.get("instrument_version", session["instrument_version"])
    rounds.follow_on(instrument, previous, session)
    return open_session(store, session)


def find_by_join(store: AssessmentStore, join_token: str = "", join_code: str = "") -> dict:
    """The session a join link or code leads to (raises NotFound)."""
    if join_token:
        return store.get(store.resolve("join", join_token))
    return store.get(store.resolve("join-code", normalise_code(join_code)))


def join(store: AssessmentStore, instrument: Instrument, join_token: str, *, role: str, name: str = "") -> dict:
    """Create the participant's own assessment and add it to the session, or raise Refused."""
    session_token = store.resolve("join", join_token)
    session = store.get(session_token)
    check_can_join(session)
    if role not in session["roles"]:
        raise Refused(_("Choose one of the session's role groups."))
    participant = A.new_assessment(
        instrument,
        title=session["title"],
        role=role,
        name="" if session["anonymous"] else name,  # an anonymous session stores no name at all
        perspectives=[session["perspective"]],
    )
    participant["session"] = {"join": join_token, "round": session["round"]}
    participant.update(languages.carried(session))  # the wording in each person's language (issue 27)
    saved = store.create(participant)

    def add(s: dict) -> None:
        check_can_join(s)
        s["participants"].append(saved["token"])
        s.setdefault("roster", {})[saved["token"]] = {"role": role, "name": saved["name"], "submitted": 0}

    try:
        store.update(session_token, add)
    except Refused:
        store.delete(saved["token"])
        raise
    return saved


def submit(store: AssessmentStore, instrument: Instrument, participant_token: str) -> dict:
    """Finish a participant's answers for this round (raises A.BadInput naming what is open) and
    tell the session: its roster and the revision of its answers."""
    doc = store.update(participant_token, lambda d: A.finish(instrument, d))
    session_token = _session_token(store, doc)
    if session_token:
        store.update(session_token, lambda s: _mark(s, participant_token, submitted=doc["session"]["round"]))
    return doc


def _session_token(store: AssessmentStore, participant: dict) -> str | None:
    try:
        return store.resolve("join", participant["session"]["join"])
    except (KeyError, NotFound):
        return None


def _mark(session: dict, token: str, **fields) -> None:
    entry = session.setdefault("roster", {}).get(token)
    if entry is not None:
        entry.update(fields)
    session["answers_revision"] = revision(session) + 1
    reveal_if_everyone_is_in(session)


def forget(session: dict, token: str) -> None:
    """Take a participant out of the session (they withdrew): their answers no longer count."""
    if token in session["participants"]:
        session["participants"].remove(token)
    session.get("roster", {}).pop(token, None)
    # Their number goes with them; the composition sealed at the first reveal stays as it was shown.
    (session.get("sealed") or {}).get("numbers", {}).pop(token, None)
    (session.get("held_back") or {}).pop(token, None)
    session["answers_revision"] = revision(session) + 1
    reveal_if_everyone_is_in(session)


def everyone_in(session: dict) -> bool:
    """Whether everyone who joined (observers are not among them) has submitted the current round,
    and at least the smallest group size have: the moment a session set to reveal itself does."""
    roster = session.get("roster", {})
    members = [t for t in session["participants"] if t in roster]
    number = session["round"]
    return len(members) >= int(session["min_group"]) and all(roster[t].get("submitted") == number for t in members)


def examples_read(session: dict) -> bool:
    """In a moderated session, whether the facilitator has said they read the examples of everyone
    who has submitted this round (`room.read_examples`); always true in a session not moderated."""
    if not session.get("moderate"):
        return True
    read = session.get("examples_read") or {}
    roster, number = session.get("roster", {}), session["round"]
    done = {t for t in session["participants"] if roster.get(t, {}).get("submitted") == number}
    return read.get("round") == number and done <= set(read.get("people", []))


def reveal_if_everyone_is_in(session: dict) -> bool:
    """Reveal the current round, exactly as the facilitator's button does (`reveal`), if the session
    was opened to reveal itself, is open, has not shown this round's answers yet, and everyone is in
    (in a moderated session: and the facilitator has read every example, so none reaches the room
    unread). Runs inside the session's own update, so every device sees one reveal, whoever was last."""
    number = session["round"]
    shown_already = number in session.get("revealed", []) and not disclosure.counts_only(session, number)
    if not session.get("auto_reveal") or session["status"] != OPEN or shown_already or not everyone_in(session) \
            or not examples_read(session):
        return False
    reveal(session)
    session.setdefault("auto_revealed", []).append(number)  # the facilitator's page says it revealed itself
    return True


def revision(session: dict) -> int:
    """Moves whenever what the session's answers show may have changed."""
    return session.get("answers_revision", 0)


JOINS_CLOSED = marked("The group's answers have already been shown, so nobody new can join this session: answers "
                      "arriving now would stand out, and could be traced to whoever sent them. Ask the facilitator to "
                      "start a new session for you.")  # shown as _(JOINS_CLOSED)


def check_can_join(session: dict) -> None:
    if disclosure.joins_closed(session):
        raise Refused(_(JOINS_CLOSED))
    if session["status"] == CLOSED:
        raise Refused(_("This session is closed and takes no new answers. Ask the facilitator if you need to take part."))
    if len(session["participants"]) + len(session.get("observers") or {}) >= MAX_PARTICIPANTS:
        raise Refused(_("This session is full: it takes at most {count} people. Ask the facilitator to open another.")
                      .format(count=MAX_PARTICIPANTS))


def session_of(store: AssessmentStore, participant: dict) -> dict | None:
    link = participant.get("session")
    if not link:
        return None
    try:
        return store.get(store.resolve("join", link["join"]))
    except (NotFound, Damaged):
        return None


def participants(store: AssessmentStore, session: dict) -> tuple[list[dict], int]:
    """Every participant's document, and how many could not be read (reported, not hidden)."""
    docs, unreadable = [], 0
    for token in session["participants"]:
        try:
            docs.append(store.get(token))
        except (NotFound, Damaged):
            unreadable += 1
    return docs, unreadable


def includes_young_people(session: dict) -> bool:
    """Whether any role group is of young people: the sources' guidance on consent then applies."""
    return any("young" in role.casefold() for role in session.get("roles", []))


def agreed_view(instrument: Instrument, session: dict) -> Perspective:
    """The view the session scores, under which the agreed scores are kept."""
    return next(p for p in A.perspectives_of(instrument) if p.id == session["perspective"])


def reveal(session: dict) -> None:
    """Show the current round's answers to everyone: those in by now, and only those (answers that
    come later are held back). Until at least the smallest group size have submitted, a reveal shows
    counts only, and revealing again later shows the answers in by then. The first reveal that shows
    answers seals who is in the session: nobody joins after it (see coprod.sessions.disclosure)."""
    number = session["round"]
    if number in session["revealed"] and not disclosure.counts_only(session, number):
        return
    ready = disclosure.in_time(session, number)
    if len(ready) >= int(session["min_group"]) and not session.get("sealed"):
        session["sealed"] = disclosure.seal(session)
    session.setdefault("shown_in", {})[str(number)] = ready
    if number not in session["revealed"]:
        session["revealed"].append(number)
    session["answers_revision"] = revision(session) + 1


def is_revealed(session: dict) -> bool:
    return session["round"] in session["revealed"]


def start_second_round(store: AssessmentStore, session_token: str) -> None:
    """Let people re-score after the talk: their first answers are kept as round 1."""
    session = store.get(session_token)
    if session["round"] != 1 or not is_revealed(session):
        raise Refused(_("A second round starts after the first has been revealed."))
    for token in session["participants"]:
        def reopen(d: dict) -> None:
            if d["status"] == A.FINISHED:
                d.setdefault("rounds", {})["1"] = A.view_answers(d, session["perspective"])
                d["status"] = A.DRAFT
                d.pop("finished_on", None)
            d["session"]["round"] = 2

        try:
            store.update(token, reopen)
        except (NotFound, Damaged):
            continue

    def second(s: dict) -> None:
        s["round"] = 2
        s.pop("timer", None)  # the first round's timer is over
        s["answers_revision"] = revision(s) + 1

    store.update(session_token, second)


def close(store: AssessmentStore, session_token: str) -> None:
    """No new joins and no changed answers; everything given is kept."""
    session = store.update(session_token, lambda s: s.update(status=CLOSED))
    for token in session["participants"]:
        try:
            store.update(token, lambda d: d.update(locked=True))
        except (NotFound, Damaged):
            continue
