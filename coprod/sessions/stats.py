"""Team aggregation: many people's answers to one instrument, summed up so a group can talk about
where it agrees and where it does not.

The middle of a group is its median, never its mean: a median is one of the scores people can
actually give (or half-way between two), it is not pulled about by one far-off answer, and it adds
nothing up, so it is fair to show even for instruments whose scores must not be totalled.

These are sums over whatever answers they are given. What of a session's answers may be shown, and
so summed up on a screen or in a file, is decided by coprod.sessions.disclosure alone.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coprod.answers import assessment as A
from coprod.common import i18n
from coprod.common.i18n import _, marked
from coprod.library.model import Band, Instrument, Item
from coprod.library.scoring import in_scale, median

if TYPE_CHECKING:
    import pandas as pd

@dataclass(frozen=True)
class Answer:
    """One person's submitted answers (item id -> score and example)."""

    person: str  # a name, or "Participant N" in an anonymous session
    role: str  # the true role group; in a `disclosure.Shown`, only as far as the session's partition allows
    scores: dict[str, int | None]
    examples: dict[str, str]
    key: str = ""  # the same person in every round of the session (never their name or a secret); "" = the person's label

    @property
    def who(self) -> str:
        """Whom the answer belongs to, across the rounds of one session."""
        return self.key or self.person


_PARTICIPANT = re.compile(r"Participant (\d+)")


def pseudonyms(rounds: list[list[Answer]]) -> dict[str, str]:
    """An anonymous label per person, the same in every round: "Participant N" where the answers
    already carry one (numbered in the secret-keyed order), the next free number otherwise."""
    people = [a for answers in rounds for a in answers]
    labels = {a.who: a.person for a in people if _PARTICIPANT.fullmatch(a.person)}
    taken, number = set(labels.values()), 0
    for a in people:
        if a.who not in labels:
            number += 1
            while f"Participant {number}" in taken:
                number += 1
            labels[a.who] = f"Participant {number}"
            taken.add(labels[a.who])
    return labels


def person_words(label: str) -> str:
    """A person's label as the reader reads it: coprod's "Participant 4" in the reader's words (it is
    English in the answers read from the documents, where it is matched), a name as it was typed."""
    found = _PARTICIPANT.fullmatch(label)
    return _("Participant {number}").format(number=found.group(1)) if found else label


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
        values = [score for _answer, score in scored]
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
                values = [float(score) for _answer, score in _scores(instrument, members, item)]
                medians[item.id] = median(values) if len(values) >= min_group else None
        groups.append(Group(role=role, n=len(members), shown=shown, medians=medians))
    return groups


def role_gaps(instrument: Instrument, groups: list[Group]) -> list[tuple[Item, float, str, str]]:
    """(item, gap, role seeing it highest, role seeing it lowest), largest gap first: where staff and
    the people using the service see things differently. Only shown groups take part, so a small
    group's answers cannot be worked out from a gap either. Items where the groups' medians are the
    same are left out: no group sees them higher or lower (`same_medians` lists them)."""
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
        if high[0] > low[0]:
            out.append((item, high[0] - low[0], high[1], low[1]))
    return sorted(out, key=lambda row: -row[1])


def same_medians(instrument: Instrument, groups: list[Group]) -> list[Item]:
    """The items every shown role group (at least two) gives the same median."""
    shown = [g for g in groups if g.shown]
    if len(shown) < 2:
        return []
    out = []
    for item in instrument.items:
        medians = {g.medians[item.id] for g in shown if g.medians.get(item.id) is not None}
        if len(medians) == 1 and sum(g.medians.get(item.id) is not None for g in shown) >= 2:
            out.append(item)
    return out


def enough(answers: list[Answer], min_group: int) -> bool:
    """Whether the whole group's answers may be shown: with fewer people than the smallest group
    size, the spread or one shape could be traced back to a person."""
    return bool(answers) and len(answers) >= min_group


AGREEMENT = 0.75  # the share on one side of a statement at which a group is said to agree


def opinion_lines(instrument: Instrument, answers: list[Answer]) -> list[str]:
    """Where a group answering a survey agrees (three in four or more on one side of the scale's
    middle) and where it is split, in plain words; no statement is called a strength."""
    from coprod.answers.summary import upper_side

    sides: dict[str, list[str]] = {"agree": [], "disagree": []}
    split = []
    for item in instrument.items:
        scores = [score for _answer, score in _scores(instrument, answers, item)]
        up = sum(1 for s in scores if upper_side(instrument, s))
        down = sum(1 for s in scores if upper_side(instrument, s) is False)
        if not scores:
            continue
        if max(up, down) >= AGREEMENT * len(scores):
            sides["agree" if up > down else "disagree"].append(item.name)
        else:
            split.append(_("{statement} ({agree} on the agreeing side, {disagree} on the disagreeing side)")
                         .format(statement=item.name, agree=up, disagree=down))
    lines = []
    if sides["agree"]:
        lines.append(_("Most agree: {statements}").format(statements="; ".join(sides["agree"])))
    if sides["disagree"]:
        lines.append(_("Most disagree: {statements}").format(statements="; ".join(sides["disagree"])))
    if split:
        lines.append(_("The group is split on: {statements}").format(statements="; ".join(split)))
    return lines


def tally_table(instrument: Instrument, answers: list[Answer]) -> pd.DataFrame:
    """The count of answers in each band per item, laid out like the workshop table in seed 001:
    statements down the side, Strongly agree … Strongly disagree across (highest band first)."""
    import pandas as pd  # only the tally needs it; the pages that score stay light

    bands = list(reversed(instrument.scale.bands))
    rows = []
    for item in instrument.items:
        scores = [score for _answer, score in _scores(instrument, answers, item)]
        rows.append([sum(1 for s in scores if band.contains(s)) for band in bands])
    return pd.DataFrame(
        rows,
        index=pd.Index([item.name for item in instrument.items], name=_("Statement")),
        columns=[band.name for band in bands],
        dtype="int64",
    )


@dataclass(frozen=True)
class Movement:
    """How one item moved between the rounds, over the people who scored it in both: their
    medians in each round, and how many of them moved up, down or stayed."""

    item: Item
    median_before: float | None
    median_after: float | None
    change: float | None  # after − before, when both rounds scored the item
    n: int = 0  # people who scored the item in both rounds
    up: int = 0
    down: int = 0
    same: int = 0

    @property
    def moved(self) -> str:
        """Who moved, in words: "2 up, 1 down, 3 the same"."""
        return self.moved_words(_("{count} up"), _("{count} down"))

    def moved_words(self, up: str, down: str) -> str:
        """Who moved, with `up` and `down` saying a count of people who moved each way ("{count} up")."""
        if not self.n:
            return ""
        parts = [up.replace("{count}", str(self.up)) if self.up else "", down.replace("{count}", str(self.down)) if self.down else "",
                 _("{count} the same").format(count=self.same) if self.same else ""]
        return ", ".join(p for p in parts if p)


def who_moved(instrument: Instrument, movement: Movement) -> str:
    """Who moved between the rounds, in the kind's terms: a scale's "2 up, 1 down"; answers that are
    not a scale's levels, towards which end ("2 towards Strongly agree"): an opinion does not go down."""
    if instrument.kind == "scale":
        return movement.moved
    bands = instrument.scale.bands
    towards = _("{count} towards {answer}")
    return movement.moved_words(towards.replace("{answer}", bands[-1].name), towards.replace("{answer}", bands[0].name))


def median_change(instrument: Instrument, change: float | None) -> str:
    """How a median moved between the rounds: a scale's "+1"; otherwise how far towards which end."""
    if change is None:
        return ""
    if change == 0:
        return _("no change")
    if instrument.kind == "scale":
        return i18n.signed(change)
    end = instrument.scale.bands[-1 if change > 0 else 0].name
    return _("{change} towards {answer}").format(change=i18n.number(abs(change)), answer=end)


def round_movement(instrument: Instrument, before: list[Answer], after: list[Answer], min_people: int = 1) -> list[Movement]:
    """How the conversation moved people, like with like: per item, only the people who scored it in
    both rounds (someone who did not re-score has no second answer, and is not counted as moving),
    each person's change, and the medians of those same people in each round. An item fewer than
    `min_people` scored in both rounds gets no medians (they would show a few people's scores)."""
    second = {a.who: a for a in after}
    pairs = [(a, second[a.who]) for a in before if a.who in second]
    out = []
    for item in instrument.items:
        scored = [(was, now) for was, now in ((a.scores.get(item.id), b.scores.get(item.id)) for a, b in pairs)
                  if was is not None and now is not None and in_scale(instrument, was) and in_scale(instrument, now)]
        if not scored or len(scored) < min_people:
            out.append(Movement(item=item, median_before=None, median_after=None, change=None, n=len(scored)))
            continue
        was = median([float(w) for w, _now in scored])
        now = median([float(n) for _was, n in scored])
        out.append(Movement(
            item=item, median_before=was, median_after=now, change=now - was, n=len(scored),
            up=sum(n > w for w, n in scored), down=sum(n < w for w, n in scored), same=sum(n == w for w, n in scored),
        ))
    return out


# --------------------------------------------------------------------------- what to talk about


def split_score(instrument: Instrument, stats: ItemStats, answers: list[Answer]) -> float:
    """How split a group is on a statement, 0 (all on one side) to 1 (half agree, half disagree):
    the smaller side's share, doubled. Answers in the scale's middle count on neither side."""
    from coprod.answers.summary import upper_side

    scores = [score for _answer, score in _scores(instrument, answers, stats.item)]
    if not scores:
        return 0.0
    up = sum(1 for s in scores if upper_side(instrument, s))
    down = sum(1 for s in scores if upper_side(instrument, s) is False)
    return 2 * min(up, down) / len(scores)


def median_words(instrument: Instrument, value: float | None) -> str:
    """A median with its band: "8 · Excellent", "3.5 (Making progress)", "—" when there is none."""
    if value is None:
        return "—"
    return instrument.scale.level(int(value)) if float(value).is_integer() else between_words(instrument, value)


def between_words(instrument: Instrument, value: float) -> str:
    """A median between two scores, with the band it counts in: "3.5 (Making progress)"."""
    return f"{i18n.number(value)} ({band_of_median(instrument, value).name})"


NOBODY_WROTE = marked("Nobody at this end wrote anything.")  # an end of a talk-about item whose people wrote nothing: _(NOBODY_WROTE)


def end_words(instrument: Instrument, score: int) -> str:
    """A score at one end of the answers, with its band: "1 · Not there yet", "Strongly agree"."""
    return instrument.scale.level(score)


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
