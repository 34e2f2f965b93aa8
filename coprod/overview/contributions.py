"""An organisation's overview and the teams' contributions to it: a coordinator opens an overview of
one instrument; a team adds its agreed scores (from a revealed session) or a person their own scores
(from a finished assessment), having seen exactly what will be shared; later review rounds join as
the team's next round; and the team can take it all back at any time.

An overview's own token is the coordinator's private link, like a facilitator's. Teams reach it only
by a separate contribution link (another 128-bit secret) or a short contribution code, which the
store resolves on the server; nothing a team holds opens the coordinator's page, and no short code
opens an overview (coprod.storage.access). A contribution is a document of its own, so a team's
withdrawal deletes it whole; its source (the assessment or session) keeps only the contribution's
token, to withdraw it or add a later round to it.

What is shared is an allow-list (`shared`): the scores of one view, the examples and the plan's
actions and statuses only if the team ticks them, the date and the next review date. Never a
participant's own answers, never a name, never a link.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date

from coprod.answers import assessment as A
from coprod.answers import plans, rounds
from coprod.answers.assessment import clean_text
from coprod.common.i18n import _
from coprod.library.model import Instrument
from coprod.sessions import stats
from coprod.storage.interface import (
    AssessmentStore,
    Damaged,
    NotFound,
    new_code,
    normalise_code,
)

OVERVIEW, CONTRIBUTION = "overview", "contribution"
DEFAULT_MIN_GROUP = 3
MAX_TAGS, MAX_TEAMS = 30, 2000


class Refused(ValueError):
    """A contribution the overview cannot take; the message says why and what to do."""


# --------------------------------------------------------------------------- the coordinator's overview


def new_overview(instrument: Instrument, *, title: str, tags: list[str] | None = None, min_group: int = DEFAULT_MIN_GROUP,
                 share_back: bool = False, on: date | None = None) -> dict:
    title = clean_text(title).strip()[:200]
    if not title:
        raise A.BadInput(_("Give the overview a title, for example “Youth services, 2026”."))
    if not 1 <= int(min_group) <= 50:
        raise A.BadInput(_("The smallest group whose combined figures may be shown must be between 1 and 50 teams."))
    tags = list(dict.fromkeys(t for t in (clean_text(t).strip()[:60] for t in tags or []) if t))
    if len(tags) > MAX_TAGS:
        raise A.BadInput(_("An overview takes at most {count} tags: keep the ones teams will be compared by.").format(count=MAX_TAGS))
    return {
        "kind": OVERVIEW,
        "instrument_id": instrument.id,
        "instrument_title": instrument.title,
        "title": title,
        "tags": tags,
        "min_group": int(min_group),
        "share_back": bool(share_back),
        "created_on": (on or date.today()).isoformat(),
        "contributions": [],
        "contribute_key": secrets.token_urlsafe(16),
        "contribute_code": new_code(),
    }


def open_overview(store: AssessmentStore, overview: dict) -> dict:
    """Store a new overview (no short code of its own: only its private link opens it) with its
    contribution link and code."""
    saved = store.create(overview, code=False)
    store.add_alias("contribute", saved["contribute_key"], saved["token"])
    store.add_alias("contribute-code", saved["contribute_code"], saved["token"])
    return saved


def find(store: AssessmentStore, *, key: str = "", code: str = "") -> dict:
    """The overview a contribution link or code leads to (raises NotFound)."""
    if key:
        return store.get(store.resolve("contribute", key))
    return store.get(store.resolve("contribute-code", normalise_code(code)))


def contributions(store: AssessmentStore, overview: dict) -> tuple[list[dict], int]:
    """Every contribution's document, and how many could not be read (said, not hidden)."""
    docs, unreadable = [], 0
    for token in overview["contributions"]:
        try:
            docs.append(store.get(token))
        except (NotFound, Damaged):
            unreadable += 1
    return docs, unreadable


# --------------------------------------------------------------------------- what a team shares


@dataclass(frozen=True)
class Source:
    """What a contribution is made from: a finished assessment (one person's scores) or a revealed
    session (the group's agreed scores), shaped alike."""

    token: str
    kind: str  # "assessment" or "session"
    doc: dict  # the assessment, or the session's agreed scores as an assessment (stats.agreed_doc)
    view: str  # the view whose scores are shared
    on: str  # the date of this round
    earlier: tuple[str, ...]  # the tokens of its earlier review rounds, oldest first


def source_of(instrument: Instrument, doc: dict) -> Source:
    """A document as something a team can share, or Refused saying why it cannot be yet."""
    if doc.get("kind") == "session":
        if not doc.get("revealed"):
            raise Refused(_("Reveal the session's answers and agree its scores before adding them to an overview."))
        agreed = stats.agreed_doc(instrument, doc)
        return Source(doc["token"], "session", agreed, agreed["perspectives"][0], doc.get("created_on", ""),
                      tuple(doc.get("rounds_before") or ()))
    if doc.get("kind") != "assessment" or doc.get("session") or doc.get("rates"):
        raise Refused(_("Only a finished assessment of your own, or a team session, can be added to an overview."))
    if doc.get("status") != A.FINISHED:
        raise Refused(_("Finish the assessment first: an overview takes finished assessments only."))
    view = A.chosen_perspectives(instrument, doc)[0].id
    return Source(doc["token"], "assessment", doc, view, doc.get("date", ""), tuple(doc.get("rounds_before") or ()))


def shared(instrument: Instrument, source: Source, *, examples: bool, plan: bool, review: date | None) -> dict:
    """Exactly what a round of a contribution holds: the scores of one view, the examples and the
    plan's actions and statuses only if ticked, the round's date and the next review date."""
    answers = {item.id: A.answer(source.doc, source.view, item.id) for item in instrument.items}
    out: dict = {
        "on": source.on,
        "scores": {item_id: a["score"] for item_id, a in answers.items()},
        "next_review": review.isoformat() if review else "",
    }
    if examples:
        out["examples"] = {item_id: a["example"] for item_id, a in answers.items() if a["example"].strip()}
    if plan:
        out["plan"] = [{"item_id": row.get("item_id", ""), "item": row.get("principle", ""), "actions": row.get("actions", ""),
                        "status": row.get("status", "") or "not started"}
                       for row in plans.plan_of(instrument, source.doc) if str(row.get("actions", "")).strip()]
    return out


def view_label(instrument: Instrument, source: Source) -> str:
    """Which view's scores are shared, in words ("" where the instrument has one view)."""
    views = A.perspectives_of(instrument)
    return next((p.label for p in views if p.id == source.view), "") if len(views) > 1 else ""


def _digest(token: str) -> str:
    """A source named one way: a contribution can tell its rounds apart without holding their links."""
    return hashlib.sha256(f"coprod-source:{token}".encode("utf-8")).hexdigest()[:32]


def earlier_contribution(store: AssessmentStore, overview: dict, source: Source) -> dict | None:
    """This team's contribution to the overview from an earlier review round, if any: a later round
    joins it as its next round."""
    for token in reversed(source.earlier):
        try:
            earlier = store.get(token)
        except (NotFound, Damaged):
            continue
        for contribution in earlier.get("contributions") or []:
            try:
                doc = store.get(contribution)
            except (NotFound, Damaged):
                continue
            if doc.get("overview") == overview["token"]:
                return doc
    return None


def contribute(store: AssessmentStore, instrument: Instrument, overview: dict, source: Source, *, team: str,
               tags: list[str], examples: bool, plan: bool, review: date | None = None) -> tuple[dict, bool]:
    """Add a source to the overview: as a new team, or as the next round of the team that added an
    earlier review round. Returns the contribution and whether it was a next round."""
    if overview["instrument_id"] != instrument.id:
        raise Refused(_("This overview gathers results of {toolkit}: it cannot take another toolkit's.")
                      .format(toolkit=overview["instrument_title"]))
    team = clean_text(team).strip()[:120]
    round_ = shared(instrument, source, examples=examples, plan=plan, review=review)
    round_["source"] = _digest(source.token)
    earlier = earlier_contribution(store, overview, source)
    if earlier is not None:
        if any(r.get("source") == round_["source"] for r in earlier["rounds"]):
            raise Refused(_("This round is in the overview already."))

        def extend(doc: dict) -> None:
            doc["rounds"].append(round_)
            doc["tags"] = [t for t in tags if t in overview["tags"]] or doc["tags"]

        saved = store.update(earlier["token"], extend)
        store.update(source.token, lambda d: d.setdefault("contributions", []).append(saved["token"]))
        store.update(overview["token"], _touch)
        return saved, True
    if not team:
        raise Refused(_("Give your team a name, as the coordinator will see it (for example “Northside youth club”)."))
    if any(_digest(source.token) == r.get("source") for r in _rounds_in(store, overview)):
        raise Refused(_("These results are in the overview already."))
    doc = store.create({
        "kind": CONTRIBUTION,
        "overview": overview["token"],
        "instrument_id": instrument.id,
        "team": team,
        "tags": [t for t in tags if t in overview["tags"]],
        "from": source.kind,
        "rounds": [round_],
    }, code=False)

    def add(o: dict) -> None:
        if len(o["contributions"]) >= MAX_TEAMS:
            raise Refused(_("This overview is full: it takes at most {count} teams. Ask its coordinator.").format(count=MAX_TEAMS))
        o["contributions"].append(doc["token"])
        _touch(o)

    try:
        store.update(overview["token"], add)
    except Refused:
        store.delete(doc["token"])
        raise
    store.update(source.token, lambda d: d.setdefault("contributions", []).append(doc["token"]))
    return doc, False


def _touch(overview: dict) -> None:
    overview["revision"] = overview.get("revision", 0) + 1


def _rounds_in(store: AssessmentStore, overview: dict) -> list[dict]:
    docs, _unreadable = contributions(store, overview)
    return [r for d in docs for r in d["rounds"]]


def contributions_of(store: AssessmentStore, doc: dict) -> list[tuple[dict, dict]]:
    """The contributions a source (or an earlier round of it) made, with their overviews, for the
    source's page to offer withdrawing them."""
    out, seen = [], set()
    for holder in [doc, *rounds.earlier_rounds(store, doc)]:
        for token in holder.get("contributions") or []:
            if token in seen:
                continue
            seen.add(token)
            try:
                contribution = store.get(token)
                out.append((contribution, store.get(contribution["overview"])))
            except (NotFound, Damaged):
                continue
    return out


def withdraw(store: AssessmentStore, contribution_token: str) -> None:
    """Take a team's contribution out of its overview, every round of it. The sources keep their
    answers; only the link to the withdrawn contribution goes."""
    contribution = store.get(contribution_token)
    try:
        store.update(contribution["overview"], lambda o: (o["contributions"].remove(contribution_token)
                                                          if contribution_token in o["contributions"] else None, _touch(o)))
    except NotFound:
        pass  # the overview was deleted already
    store.delete(contribution_token)


def withdraw_from_source(store: AssessmentStore, doc: dict) -> int:
    """Withdraw every contribution a source made (when it is deleted and the person says so): how many."""
    gone = 0
    for token in doc.get("contributions") or []:
        try:
            withdraw(store, token)
            gone += 1
        except NotFound:
            continue
    return gone


def delete_overview(store: AssessmentStore, token: str) -> int:
    """Delete an overview with every contribution to it: how many teams' contributions went."""
    overview = store.get(token)
    for contribution in overview["contributions"]:
        try:
            store.delete(contribution)
        except NotFound:
            continue
    store.delete(token)
    return len(overview["contributions"])


def team_count(overview: dict) -> int:
    return len(overview["contributions"])


def join_words(is_next: bool, team: str) -> str:
    """What the contributor is told at the time."""
    if is_next:
        return _("Added as the next review round of “{team}”, next to your earlier round: the overview compares them. "
                 "You can take it back at any time from this page.").format(team=team)
    return _("Added to the overview as “{team}”. You can take it back at any time from this page.").format(team=team)


def from_exports(instrument: Instrument, docs: list[dict]) -> list[dict]:
    """Contributions built from exported assessments, for an overview without a server: each
    title is a team, and a team's exports are its review rounds (their plans shared, their examples
    not). Drafts are refused: an overview takes finished assessments only."""
    teams: dict[str, dict] = {}
    for n, doc in enumerate(sorted(docs, key=lambda d: d.get("date", ""))):
        source = source_of(instrument, {**doc, "token": f"export-{n}"})
        team = teams.setdefault(doc["title"], {"token": f"team-{len(teams)}", "team": doc["title"], "tags": [], "rounds": []})
        team["rounds"].append(shared(instrument, source, examples=False, plan=True, review=rounds.next_review(instrument, doc)))
    return list(teams.values())
