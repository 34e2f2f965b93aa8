"""Taking answers away: deleting an assessment (and, if asked, its earlier rounds), a whole team
session with everybody's answers, a participant withdrawing before the reveal, and purging what has
not been touched for a long time (for organisations with a retention rule).

Deleting goes through the store's `delete`, which removes the document with every way to it (its
code, the links that lead to it, any copy kept for recovery), so nothing of it stays in the data
folder. A session's join links go first, so nobody can join while its answers are being deleted.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from coprod.common import memo
from coprod.common.i18n import _
from coprod.library.versions import OWN, SNAPSHOT
from coprod.sessions import disclosure
from coprod.sessions import lifecycle as S
from coprod.storage.interface import AssessmentStore, Damaged, NotFound


def delete_assessment(store: AssessmentStore, token: str, *, with_earlier_rounds: bool = False) -> int:
    """Delete an assessment (and its earlier rounds, if asked); returns how many documents went."""
    doc = store.get(token)
    if doc.get("session"):
        raise S.Refused(_("These answers belong to a team session: withdraw them from the session instead."))
    if doc.get("rates"):
        raise S.Refused(_("This is a rating of someone else: withdraw it instead."))
    gone = 0
    for each in [*(doc.get("rounds_before") or []), token] if with_earlier_rounds else [token]:
        gone += _delete_with_ratings(store, each)
    memo.forget(doc.get("rate_key", ""))  # pages opened by its invitation link (the store forgot the rest)
    return gone


def _delete_with_ratings(store: AssessmentStore, token: str) -> int:
    """Delete an assessment and the ratings others gave of the person, which belong with it."""
    try:
        raters = store.get(token).get("raters", [])
    except (NotFound, Damaged):
        raters = []
    for rating in raters:
        _delete(store, rating)
    return _delete(store, token)


def _delete(store: AssessmentStore, token: str) -> int:
    """Delete one document if it is still there; 1 if it was."""
    try:
        store.delete(token)
    except NotFound:
        return 0
    return 1


def delete_session(store: AssessmentStore, token: str, *, with_earlier_rounds: bool = False) -> int:
    """Delete a session with every participant's answers, its agreed scores, plan and links (and its
    earlier review sessions, if asked); returns how many people's answers went."""
    session = store.get(token)
    if session.get("kind") != "session":
        raise NotFound(token)
    store.delete_aliases(token)  # no new joins while the answers go
    memo.forget(session["join_token"], session["join_code"])  # pages opened by its join link or code
    people = 0
    for participant in session["participants"]:
        people += _delete(store, participant)
    for observer in session.get("observers") or {}:  # people who watched: their links go too
        _delete(store, observer)
    store.delete(token)
    if with_earlier_rounds:
        for earlier in session.get("rounds_before") or []:
            try:
                people += delete_session(store, earlier)
            except NotFound:
                continue
    return people


def withdraw(store: AssessmentStore, participant_token: str) -> None:
    """A participant takes their answers out of a session, until the group has first seen them (a
    reveal that showed them): after that only the facilitator can delete the session. Answers held
    back because they came in after a reveal were never shown, so they can still be withdrawn."""
    doc = store.get(participant_token)
    link = doc.get("session")
    if not link:
        raise S.Refused(_("These answers are not part of a team session."))
    try:
        session_token = store.resolve("join", link["join"])
    except NotFound:
        _delete(store, participant_token)  # the session is gone already
        return

    def remove(session: dict) -> None:
        if disclosure.first_shown(session, participant_token):
            raise S.Refused(_("The facilitator has already shown everyone's answers to the group, so yours can no "
                              "longer be withdrawn on your own. Ask the facilitator: they can delete the whole session."))
        S.forget(session, participant_token)

    store.update(session_token, remove)
    _delete(store, participant_token)


@dataclass(frozen=True)
class Purged:
    kind: str  # "assessment", "session", "overview" or "version" (a personalised version or its saved wording)
    last_changed: float  # seconds since the epoch
    documents: int  # how many stored documents (a session counts its participants)


def purge(store: AssessmentStore, older_than_days: float, *, dry_run: bool = False, now: float | None = None) -> tuple[list[Purged], int]:
    """Delete every assessment, session and overview nobody has changed for `older_than_days` days; a
    session counts as changed when it or any participant's answers were, an overview when it or any
    team's contribution was, an assessment when it or a rating of it was. Returns what was (or, with
    `dry_run`, would be) deleted, and how many files could not be read (kept, for a person to look at)."""
    cutoff = (time.time() if now is None else now) - older_than_days * 86400
    docs, damaged = {}, 0
    for token, doc in store.documents():
        if doc is None:
            damaged += 1
        else:
            docs[token] = doc
    # A session goes with its participants' answers, an assessment with the ratings others gave of it.
    # An overview goes with the teams' contributions to it, a session with its observers' links too.
    def members(doc: dict) -> list[str]:
        if doc.get("kind") == "session":
            return [*doc.get("participants", []), *(doc.get("observers") or {})]
        return list(doc.get("contributions" if doc.get("kind") == "overview" else "raters", []))

    members_of = {token: members(doc) for token, doc in docs.items()}
    belonging = {member for members in members_of.values() for member in members}
    out, gone = [], set()
    for token, doc in docs.items():
        if token in belonging or doc.get("kind") == SNAPSHOT:
            continue
        members = [docs[m] for m in members_of[token] if m in docs]
        last = max([doc.get("updated_at", 0), *(m.get("updated_at", 0) for m in members)])
        if last >= cutoff:
            continue
        kind = {"session": "session", OWN: "version", "overview": "overview"}.get(doc.get("kind"), "assessment")
        out.append(Purged(kind, last, 1 + len(members)))
        gone |= {token, *members_of[token]}
        if not dry_run:
            if kind == "session":
                delete_session(store, token)
            elif kind == "overview":
                for member in members_of[token]:
                    _delete(store, member)
                _delete(store, token)
            else:
                _delete_with_ratings(store, token)
    # A version's wording stays while anything kept was scored on it or its editor is kept.
    needed = {doc.get("instrument_snapshot") for token, doc in docs.items() if token not in gone}
    needed |= {v["snapshot"] for token, doc in docs.items() if token not in gone and doc.get("kind") == OWN
               for v in doc.get("versions", [])}
    for token, doc in docs.items():
        if doc.get("kind") == SNAPSHOT and token not in needed and doc.get("updated_at", 0) < cutoff:
            out.append(Purged("version", doc.get("updated_at", 0), 1))
            if not dry_run:
                _delete(store, token)
    return out, damaged
