"""Review rounds: the same assessment again, later, with every earlier round kept as it was.

nef: review every six months and "make sure you don't lose any earlier versions … they are valuable
in tracking progress and monitoring any unintended consequences"; Leeds: a progress update "e.g.
after 3 months"; Governance International: 100-day labs. A new round is a new assessment document
that names the rounds before it; earlier rounds stay finished and therefore read-only.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date, timedelta

from coprod.answers import assessment as A
from coprod.answers import plans
from coprod.common.i18n import _, marked
from coprod.library.model import Instrument, Item, Perspective
from coprod.storage.interface import AssessmentStore, Damaged, NotFound


class NotReady(ValueError):
    """A new round starts from a finished one."""


def earlier_rounds(store: AssessmentStore, doc: dict) -> list[dict]:
    """The rounds before this assessment or session, oldest first (one that cannot be read, or was
    deleted, is left out)."""
    out = []
    for token in doc.get("rounds_before") or []:
        try:
            out.append(store.get(token))
        except (NotFound, Damaged):
            continue
    return out


def set_review_date(doc: dict, on: date) -> None:
    doc["review_on"] = on.isoformat()


def review_date(instrument: Instrument, finished_on: str, chosen: str = "") -> date | None:
    """The next review: the person's own choice, else the instrument's interval after finishing."""
    if chosen:
        return date.fromisoformat(chosen)
    if not instrument.review_interval_days or not finished_on:
        return None
    return date.fromisoformat(finished_on) + timedelta(days=instrument.review_interval_days)


def next_review(instrument: Instrument, doc: dict) -> date | None:
    """When a finished assessment is next reviewed: the person's choice, else the instrument's
    interval. None while it is a draft, and where the source gives no period and nobody chose a
    date: another source's period (Leeds' "e.g. after 3 months") is not this one's."""
    if doc.get("status") != A.FINISHED or not doc.get("finished_on"):
        return None
    return review_date(instrument, doc["finished_on"], doc.get("review_on", ""))


def new_round(instrument: Instrument, previous: dict, on: date | None = None) -> dict:
    """The next round: same instrument and title, a new date, empty scores (never pre-set), and
    the previous plan's actions carried over for a progress update and a status."""
    if previous["status"] != A.FINISHED:
        raise NotReady(_("Finish this round before starting the next one."))
    doc = A.new_assessment(
        instrument,
        title=previous["title"],
        role=previous["role"],
        name=previous["name"],
        on=on,
        perspectives=previous["perspectives"],
    )
    if doc.get("instrument_snapshot") == previous.get("instrument_snapshot"):  # not moved to a newer version
        doc["instrument_version"] = previous.get("instrument_version", doc["instrument_version"])
    follow_on(instrument, previous, doc)
    return doc


def follow_on(instrument: Instrument, previous: dict, doc: dict) -> None:
    """Make `doc` the round after `previous`: name the rounds before it and carry the plan's
    actions over, each with a fresh progress update and a status (done and dropped stay so)."""
    doc["rounds_before"] = [*previous.get("rounds_before", []), previous["token"]]
    doc["round_number"] = previous.get("round_number", 1) + 1
    carried = []
    for row in plans.plan_of(instrument, previous):
        row = copy.deepcopy(row)
        earlier = row.get("progress", "")
        row.update(progress="", status=row.get("status") if row.get("status") in ("done", "dropped") else "not started")
        if earlier:
            row["progress"] = _("Earlier: {progress}").format(progress=earlier)
        carried.append(row)
    doc["plan"] = carried
    doc["plan_revision"] = 1


@dataclass(frozen=True)
class Change:
    perspective: Perspective
    item: Item
    scores: tuple[int | None, ...]  # one per round, oldest first
    bands: tuple[str, ...]

    @property
    def change(self) -> int | None:
        first, last = self.scores[0], self.scores[-1]
        return None if first is None or last is None else last - first

    @property
    def direction(self) -> str:
        delta = self.change
        if delta is None:
            return "not comparable"
        return "up" if delta > 0 else "down" if delta < 0 else "same"

    @property
    def went_down(self) -> bool:
        """Lower than the round before: flagged for a look ("unintended consequences")."""
        last_two = [s for s in self.scores[-2:]]
        return len(last_two) == 2 and None not in last_two and last_two[1] < last_two[0]


# What a change between rounds means depends on what the instrument is. On a scale a lower score is
# worth a look (nef: "monitoring any unintended consequences"); a checklist's check that was done and
# is open again likewise. An opinion survey's answer that moved is neither better nor worse: it is
# said as what changed and which way ("Agree → Strongly disagree"), never as "down".
# In English here (marked), shown as _(PROGRESS_NOTE[kind]); look_again gives FLAG and LOOK_AGAIN in the reader's words.
FLAG = {"scale": marked("went down"), "checklist": marked("open again"), "survey": ""}  # a change worth a look, in short
LOOK_AGAIN = {"scale": marked("went down: any unintended consequences?"), "checklist": marked("open again: worth a look"),
              "survey": ""}
PROGRESS_NOTE = {
    "scale": marked("Scores in each round, oldest first. An item that went down since the last round is worth a look "
                    "for unintended consequences."),
    "checklist": marked("Answers in each round, oldest first. A check that was done and is open again is worth a look."),
    "survey": marked("Answers in each round, oldest first, and how each changed. An opinion that moved is neither better "
                     "nor worse: it is something to talk about."),
}


def change_words(instrument: Instrument, change: Change) -> str:
    """The change from the first round to the last: a scale's "+2"; an answer's "Agree → Strongly
    disagree" (or "the same"); "" where a round has no answer."""
    if change.change is None:
        return ""
    if instrument.kind == "scale":
        return f"{change.change:+d}"
    first, last = change.scores[0], change.scores[-1]
    return _("the same") if first == last else f"{instrument.scale.label_for(first)} → {instrument.scale.label_for(last)}"


def flagged(instrument: Instrument, change: Change) -> bool:
    """Worth a look since the round before: a scale's score that went down, a checklist's check no
    longer at its last answer (done); never a survey's opinion."""
    if not change.went_down or not LOOK_AGAIN[instrument.kind]:
        return False
    if instrument.kind == "checklist":
        return instrument.scale.bands[-1].contains(change.scores[-2])
    return True


def look_again(instrument: Instrument, change: Change, short: bool = False) -> str:
    """The "look again" cell of a change: why it is worth a look (`short`: what happened), or ""."""
    words = (FLAG if short else LOOK_AGAIN)[instrument.kind] if flagged(instrument, change) else ""
    return _(words) if words else ""


def moved_since_last(instrument: Instrument, change: Change) -> str:
    """A survey's answer that differs from the round before, as "Agree → Strongly disagree" ("" if not)."""
    before, now = change.scores[-2:] if len(change.scores) > 1 else (None, None)
    if before is None or now is None or before == now:
        return ""
    return f"{instrument.scale.label_for(before)} → {instrument.scale.label_for(now)}"


def changes(instrument: Instrument, rounds: list[dict]) -> list[Change]:
    """Per view and item, the score and band in each round (oldest first)."""
    out = []
    latest = rounds[-1]
    for p in A.chosen_perspectives(instrument, latest):
        for item in instrument.items:
            scores = tuple(A.answer(r, p.id, item.id)["score"] if p.id in r["perspectives"] else None for r in rounds)
            bands = tuple(instrument.scale.band_for(s).name if s is not None else "" for s in scores)
            out.append(Change(p, item, scores, bands))
    return out
