"""What a session's pages and files say of what may be shown (a `disclosure.Shown`): which charts
its results show, the role groups' head counts in words, the items to talk about first with what
people wrote at each end, and how the conversation moved the people who answered both rounds.
Each reads only a `Shown`, so it says no more than coprod.sessions.disclosure allows.
"""

from __future__ import annotations

from dataclasses import dataclass

from coprod.common.i18n import _, n_
from coprod.library.model import Instrument, Item
from coprod.sessions.disclosure import OTHERS, Partition, Shown
from coprod.sessions.stats import (
    Group,
    Movement,
    item_stats,
    round_movement,
    split_score,
)

TALLY, RADAR, SPREAD, ROLES = "tally", "radar", "spread", "role radar"


def charts_of(instrument: Instrument, *, wall: bool = False) -> tuple[str, ...]:
    """The charts a session's results show, decided here for the facilitator's screen, every
    participant's page, the wall and the team PDF: for a radar instrument everyone's shape with the
    median, the spread and one shape per shown role group; for any other, the seed's tally. The
    wall (`wall`) shows no role group at all."""
    if instrument.chart.kind != "radar":
        return (TALLY,)
    return (RADAR, SPREAD) if wall else (RADAR, SPREAD, ROLES)


def shown_words(group: Group, minimum: int) -> str:
    """Whether a group's medians are shown in a round, in words for the role table."""
    if group.shown:
        return _("yes")
    if group.role in (OTHERS, _(OTHERS)):
        return _("counts only (each group under {count})").format(count=minimum)
    return _("counts only (under {count} this round)").format(count=minimum)


def composition_lines(parts: Partition | None) -> list[str]:
    """Each role group's head count in the session (as sealed at the first reveal), saying which are
    counted together: counts are all that is ever shown of a small group."""
    if parts is None:
        return []
    lines = []
    for role, n in parts.composition:
        if parts.shown and role in parts.pooled:
            line = n_("{role}: {count} person (counted with the other groups)", "{role}: {count} people (counted with the other groups)", n)
        else:
            line = n_("{role}: {count} person", "{role}: {count} people", n)
        lines.append(line.format(role=role, count=n))
    return lines


@dataclass(frozen=True)
class Comparison:
    """The two rounds of a session side by side, as far as they may be shown."""

    answered_first: int  # people who submitted round 1
    rescored: int  # people who submitted round 2 (with anyone who joined in round 2)
    both: int  # people who answered both rounds: the only ones compared
    min_group: int
    moves: tuple[Movement, ...]  # empty when fewer than min_group answered both rounds

    @property
    def shown(self) -> bool:
        return bool(self.moves)

    @property
    def summary(self) -> str:
        """Who is compared, in plain words."""
        line = n_("{both} of the {count} person who answered round 1 re-scored in round 2.",
                  "{both} of the {count} people who answered round 1 re-scored in round 2.",
                  self.answered_first).format(both=self.both, count=self.answered_first)
        only = self.rescored - self.both
        if only > 0:
            line += " " + n_("{count} person answered round 2 only: they are not compared.",
                             "{count} people answered round 2 only: they are not compared.", only).format(count=only)
        if not self.shown:  # the English says "people" for any number; a translation may say it as its plural rules do
            return line + " " + n_("The rounds are compared once at least {count} people have answered both, so that "
                                   "nobody's change can be picked out.",
                                   "The rounds are compared once at least {count} people have answered both, so that "
                                   "nobody's change can be picked out.", self.min_group).format(count=self.min_group)
        rest = self.answered_first - self.both
        if rest:
            line += " " + n_("The person who did not re-score is left out of both medians.",
                             "The {count} who did not re-score are left out of both medians.", rest).format(count=rest)
        return line + " " + _("Each item compares the same people in both rounds: their medians, and how many moved.")


def compare_rounds(instrument: Instrument, before: Shown, after: Shown) -> Comparison:
    """Round 1 against round 2 over the same people. Both rounds must be revealed with at least the
    smallest group size (their `Shown`s are visible), and so must the people who answered both."""
    first, second = list(before.answers), list(after.answers)
    both = len({a.who for a in first} & {a.who for a in second})
    moves: tuple[Movement, ...] = ()
    if before.visible and after.visible and both >= after.min_group:
        moves = tuple(round_movement(instrument, first, second, after.min_group))
    return Comparison(answered_first=before.submitted, rescored=after.submitted, both=both, min_group=after.min_group,
                      moves=moves)




@dataclass(frozen=True)
class Talk:
    """An item to talk about, with the examples written at each end (nobody who wrote nothing)."""

    item: Item
    low: int
    high: int
    low_quotes: tuple[str, ...]
    high_quotes: tuple[str, ...]
    split: float  # surveys: how split the group is (see split_score); else 0


def talk_about(instrument: Instrument, shown: Shown, *, names: bool = True) -> list[Talk]:
    """The items to talk about first. On a scale, the items whose answers span more than one band,
    in the instrument's order. On an opinion survey, the statements people answered on both sides of
    the middle (agreeing and disagreeing), the most split first. Each end quotes only the people who
    wrote something, by name in a named session unless `names` is False (the projector's wall)."""
    answers = list(shown.answers)
    out = []
    for stats in item_stats(instrument, answers):
        split = split_score(instrument, stats, answers) if instrument.kind == "survey" else 0.0
        if not stats.talk_about or (instrument.kind == "survey" and split == 0):
            continue
        quotes = [tuple(shown.quote(person, example) if names else example.strip() for person, _score, example in at if example.strip())
                  for at in (stats.low_examples, stats.high_examples)]
        out.append(Talk(stats.item, stats.low, stats.high, quotes[0], quotes[1], split))
    if instrument.kind == "survey":
        out.sort(key=lambda t: -t.split)  # stable: equal splits keep the instrument's order
    return out
