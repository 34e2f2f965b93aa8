"""Team aggregation: many people's answers to one instrument, summed up so a group can talk about
where it agrees and where it does not.

The middle of a group is its median, never its mean: a median is one of the scores people can
actually give (or half-way between two), it is not pulled about by one far-off answer, and it adds
nothing up, so it is fair to show even for instruments whose scores must not be totalled.

Privacy is decided here, not in the pages: a role group smaller than the session's smallest group
size comes out with its head count only, so no page, chart or download can work its answers out.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from coprod import assessment as A
from coprod.instruments import Band, Instrument, Item
from coprod.scoring import in_scale


@dataclass(frozen=True)
class Answer:
    """One person's submitted answers (item id -> score and example), as shown to the group."""

    person: str  # a name, or "Participant N" in an anonymous session
    role: str
    scores: dict[str, int | None]
    examples: dict[str, str]


def median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def _scores(instrument: Instrument, answers: list[Answer], item: Item) -> list[tuple[Answer, int]]:
    """The answers that scored the item. A score off the scale (an instrument edited after people
    answered) is left out like an unscored one rather than letting one stale answer stop the reveal."""
    out = []
    for answer in answers:
        score = answer.scores.get(item.id)
        if score is not None and in_scale(instrument, score):
            out.append((answer, score))
    return out


@dataclass(frozen=True)
class ItemStats:
    item: Item
    n: int
    median: float | None
    low: int | None
    high: int | None
    bands: tuple[str, ...]  # ids of the bands the answers fall in, in scale order
    talk_about: bool  # the answers span more than one band
    low_examples: tuple[tuple[str, int, str], ...]  # (person, score, example) at the lowest score
    high_examples: tuple[tuple[str, int, str], ...]  # the same at the highest score


def item_stats(instrument: Instrument, answers: list[Answer]) -> list[ItemStats]:
    """Per item, the middle and the two ends of the group's answers. An item is flagged when people
    fall in different bands rather than merely on different numbers: 4 and 6 on Leeds' 1–9 scale both
    mean "Making progress", while 2 and 8 are a real disagreement worth the group's time."""
    out = []
    for item in instrument.items:
        scored = _scores(instrument, answers, item)
        values = [score for _, score in scored]
        low = min(values) if values else None
        high = max(values) if values else None
        present = {instrument.scale.band_for(score).id for score in values}
        bands = tuple(band.id for band in instrument.scale.bands if band.id in present)
        out.append(
            ItemStats(
                item=item,
                n=len(values),
                median=median([float(v) for v in values]),
                low=low,
                high=high,
                bands=bands,
                talk_about=len(bands) > 1,
                low_examples=_at(item, scored, low),
                high_examples=_at(item, scored, high),
            )
        )
    return out


def _at(item: Item, scored: list[tuple[Answer, int]], score: int | None) -> tuple[tuple[str, int, str], ...]:
    return tuple((a.person, s, a.examples.get(item.id, "")) for a, s in scored if s == score)


def band_of_median(instrument: Instrument, value: float) -> Band:
    """The band a median belongs to. A median half-way between two scores (3.5) may straddle two
    bands; it is rounded half up, so a group split evenly is given the benefit of the doubt."""
    return instrument.scale.band_for(math.floor(value + 0.5))


@dataclass(frozen=True)
class Group:
    role: str
    n: int
    shown: bool  # n >= min_group
    medians: dict[str, float | None]  # item id -> median; empty when the group is not shown


def role_groups(instrument: Instrument, answers: list[Answer], roles: list[str], min_group: int) -> list[Group]:
    """One group per role offered (in the session's order, so the view does not reshuffle as people
    join), then any other role people gave. A group smaller than `min_group` keeps only its head
    count. So does one item within a shown group that fewer than `min_group` people scored: its
    median would otherwise show a few people's scores."""
    order = list(dict.fromkeys([*roles, *(a.role for a in answers)]))
    groups = []
    for role in order:
        members = [a for a in answers if a.role == role]
        shown = bool(members) and len(members) >= min_group
        medians: dict[str, float | None] = {}
        if shown:
            for item in instrument.items:
                values = [float(score) for _, score in _scores(instrument, members, item)]
                medians[item.id] = median(values) if len(values) >= min_group else None
        groups.append(Group(role=role, n=len(members), shown=shown, medians=medians))
    return groups


def role_gaps(instrument: Instrument, groups: list[Group]) -> list[tuple[Item, float, str, str]]:
    """(item, gap, role seeing it highest, role seeing it lowest), largest gap first: where staff and
    the people using the service see things differently. Only shown groups take part, so a small
    group's answers cannot be worked out from a gap either."""
    shown = [g for g in groups if g.shown]
    if len(shown) < 2:
        return []
    out = []
    for item in instrument.items:
        medians = [(g.medians[item.id], g.role) for g in shown if g.medians.get(item.id) is not None]
        if len(medians) < 2:
            continue
        high = max(medians, key=lambda m: m[0])
        low = min(reversed(medians), key=lambda m: m[0])  # so equal medians name two groups, not one twice
        out.append((item, high[0] - low[0], high[1], low[1]))
    return sorted(out, key=lambda row: -row[1])


def enough(answers: list[Answer], min_group: int) -> bool:
    """Whether the whole group's answers may be shown: with fewer people than the smallest group
    size, the spread or one shape could be traced back to a person."""
    return bool(answers) and len(answers) >= min_group


def tally_table(instrument: Instrument, answers: list[Answer]) -> pd.DataFrame:
    """The count of answers in each band per item, laid out like the workshop table in seed 001:
    statements down the side, Strongly agree … Strongly disagree across (highest band first)."""
    bands = list(reversed(instrument.scale.bands))
    rows = []
    for item in instrument.items:
        scores = [score for _, score in _scores(instrument, answers, item)]
        rows.append([sum(1 for s in scores if band.contains(s)) for band in bands])
    return pd.DataFrame(
        rows,
        index=pd.Index([item.name for item in instrument.items], name="Statement"),
        columns=[band.name for band in bands],
        dtype="int64",
    )


@dataclass(frozen=True)
class Movement:
    item: Item
    median_before: float | None
    median_after: float | None
    change: float | None  # after − before, when both rounds scored the item


def round_movement(instrument: Instrument, before: list[Answer], after: list[Answer]) -> list[Movement]:
    """How the group's middle moved between the first round and the re-score after the talk."""
    first = {s.item.id: s.median for s in item_stats(instrument, before)}
    out = []
    for stats in item_stats(instrument, after):
        was, now = first[stats.item.id], stats.median
        change = None if was is None or now is None else now - was
        out.append(Movement(item=stats.item, median_before=was, median_after=now, change=change))
    return out


_PARTICIPANT = re.compile(r"Participant (\d+)")


def anonymised(rounds: list[list[Answer]]) -> list[list[Answer]]:
    """The same answers with every label a "Participant N": an anonymous session shows no names even
    if one slipped into a label. A label that already is "Participant N" keeps its number, so a PDF
    matches the screen, and one person keeps one number across rounds."""
    labels: dict[str, str] = {}
    taken = {m.group(0) for r in rounds for a in r if (m := _PARTICIPANT.fullmatch(a.person))}
    number = 0
    for answers in rounds:
        for a in answers:
            if a.person in labels:
                continue
            if a.person in taken:
                labels[a.person] = a.person
                continue
            number += 1
            while f"Participant {number}" in taken:
                number += 1
            labels[a.person] = f"Participant {number}"
            taken.add(labels[a.person])
    return [[Answer(labels[a.person], a.role, a.scores, a.examples) for a in answers] for answers in rounds]


def agreed_doc(instrument: Instrument, session: dict) -> dict:
    """The session's agreed scores shaped as a one-view assessment, so the plan, summary and report
    functions work on them. The agreed answers are stored under "main"; an instrument with views of
    its own (nef: you / project / organisation) has no view called "main", so they are filed under
    the view the session scored, or else would count as unscored."""
    views = [p.id for p in A.perspectives_of(instrument)]
    view = next((v for v in ("main", session.get("perspective", "")) if v in views), views[0])
    answers = session.get("answers") or {}
    return {
        "title": session.get("title", ""),
        "date": session.get("created_on", ""),
        "perspectives": [view],
        "answers": {view: answers.get("main", answers.get(view, {}))},
        "prompts": {},
        "plan": session.get("plan") or [],
    }
