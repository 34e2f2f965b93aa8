"""Others rate you (IMAGINE: "invite other people involved in the project to also complete the
template on your behalf, to get different perspectives about your level of engagement … and explore
differences"), for any instrument whose file allows it (rules.rated_by_others).

A person's assessment gets an invitation link, a separate secret that the store resolves to the
assessment (the link opens nothing but the invitation). Each rater completes an assessment of their
own about the person, with the same page and rules; it names whom it rates, and the assessment keeps
the raters' documents, so their answers stay with the person's assessment (and go when it is
deleted). The comparison shows the self-rating beside each rater, or beside the raters' median once
at least `MIN_RATERS` have answered, with the items where they differ most first.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from coprod.answers import assessment as A
from coprod.common.i18n import _
from coprod.library.model import Instrument, Item, Perspective
from coprod.library.scoring import median
from coprod.storage.interface import AssessmentStore, Damaged, NotFound

MIN_RATERS = 3
MAX_RATERS = 50


class Refused(ValueError):
    """An invitation that cannot be taken; the message says why."""


def invitation(store: AssessmentStore, token: str) -> str:
    """The invitation key of an assessment (made on first use)."""
    doc = store.get(token)
    if doc.get("rate_key"):
        return doc["rate_key"]
    key = secrets.token_urlsafe(16)
    store.add_alias("rate", key, token)

    def keep(d: dict) -> None:
        d.setdefault("rate_key", key)
        d.setdefault("raters", [])

    return store.update(token, keep)["rate_key"]


def rated(store: AssessmentStore, key: str) -> dict:
    """The assessment an invitation is about (raises NotFound)."""
    return store.get(store.resolve("rate", key))


def whom(doc: dict) -> str:
    """How an invitation names the person rated."""
    return doc.get("name") or _("the person who sent you this link")


def join(store: AssessmentStore, instrument: Instrument, key: str, *, name: str = "", relation: str = "") -> dict:
    """A rater's own assessment about the person, kept with the person's assessment."""
    token = store.resolve("rate", key)
    person = store.get(token)
    if len(person.get("raters", [])) >= MAX_RATERS:
        raise Refused(_("This invitation has been taken up {count} times, the most it takes.").format(count=MAX_RATERS))
    rating = A.new_assessment(instrument, title=person["title"], role=relation, name=name, perspectives=person["perspectives"])
    rating["rates"] = {"key": key, "whom": whom(person)}
    saved = store.create(rating)

    def add(d: dict) -> None:
        d.setdefault("raters", []).append(saved["token"])

    store.update(token, add)
    return saved


def person_of(store: AssessmentStore, rating: dict) -> dict | None:
    link = rating.get("rates")
    if not link:
        return None
    try:
        return rated(store, link["key"])
    except (NotFound, Damaged):
        return None


def ratings(store: AssessmentStore, doc: dict) -> tuple[list[dict], int]:
    """The raters' submitted assessments, and how many have started without submitting."""
    done, started = [], 0
    for token in doc.get("raters", []):
        try:
            rating = store.get(token)
        except (NotFound, Damaged):
            continue
        if rating["status"] == A.FINISHED:
            done.append(rating)
        else:
            started += 1
    return done, started


def withdraw(store: AssessmentStore, rating_token: str) -> None:
    """A rater takes their rating back: it is deleted and the person's assessment forgets it."""
    rating = store.get(rating_token)
    person = person_of(store, rating)
    if person is not None:
        store.update(person["token"], lambda d: d["raters"].remove(rating_token) if rating_token in d.get("raters", []) else None)
    store.delete(rating_token)


@dataclass(frozen=True)
class Row:
    """One item in one view: the self-rating, the others' scores, and how far apart they are."""

    perspective: Perspective
    item: Item
    own: int | None
    own_example: str
    others: tuple[tuple[str, int | None, str], ...]  # (who, score, example); who is "" once pooled
    middle: float | None  # the others' median
    gap: float | None  # |own − median|


def label(rating: dict, number: int) -> str:
    return rating.get("name") or _("Rater {number}").format(number=number)


def compare(instrument: Instrument, doc: dict, rated_by: list[dict]) -> tuple[list[Row], bool]:
    """Per view and item, the self-rating beside the others', largest difference first; and whether
    the others are pooled (at least MIN_RATERS answered: then they are not named beside their scores)."""
    pooled = len(rated_by) >= MIN_RATERS
    rows = []
    for p in A.chosen_perspectives(instrument, doc):
        for item in instrument.items:
            own = A.answer(doc, p.id, item.id)
            others = []
            for n, rating in enumerate(rated_by, start=1):
                given = A.answer(rating, p.id, item.id)
                others.append(("" if pooled else label(rating, n), given["score"], given["example"]))
            scores = [float(s) for _who, s, _example in others if s is not None]
            middle = median(scores)
            gap = None if middle is None or own["score"] is None else abs(own["score"] - middle)
            rows.append(Row(p, item, own["score"], own["example"], tuple(others), middle, gap))
    rows.sort(key=lambda r: -(r.gap if r.gap is not None else -1))
    return rows, pooled
