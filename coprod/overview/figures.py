"""What an overview shows: where the organisation stands per item, who moved between reviews, which
actions are done and whose review is due, worked out from the teams' contributions.

Never a league table: teams are listed by name, never ranked by a total, and no total or average of
an item's scores appears anywhere (a source that adds nothing up is not added up here either). The
middle of several teams is their median (coprod.library.scoring). A combined figure (a median, a
tag's medians, the view a team gets beside the overview's) is shown only over at least the
overview's smallest group of teams; a tag with fewer teams shows its count only, and where hiding
one tag's figures would still let them be worked out from the others', the small tags are counted
together, as in a team session (coprod.sessions.disclosure).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coprod.common.i18n import _, marked
from coprod.library.model import Instrument, Item
from coprod.library.scoring import in_scale, median

OTHER_TAGS = marked("Other tags (counted together)")  # in the reader's words in `Tagged`: figures are kept per language


@dataclass(frozen=True)
class Team:
    """One contribution: a team (or a person) and its review rounds, oldest first."""

    key: str  # the contribution's token: a key for the page, never shown
    name: str
    tags: tuple[str, ...]
    rounds: tuple[dict, ...]

    def scores(self, which: int) -> dict[str, int | None]:
        return self.rounds[which]["scores"] if self.rounds else {}


def teams_of(docs: list[dict]) -> list[Team]:
    """The contributions as teams, in the order of their names: an order that ranks nobody."""
    teams = [Team(d["token"], d["team"], tuple(d.get("tags") or ()), tuple(sorted(d["rounds"], key=lambda r: r.get("on", ""))))
             for d in docs if d.get("rounds")]
    return sorted(teams, key=lambda t: (t.name.casefold(), t.key))


def _score(instrument: Instrument, value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and in_scale(instrument, value) else None


@dataclass(frozen=True)
class Cell:
    """One team's answer to one item, in the latest or the first round, or the change between them."""

    team: str
    item: Item
    score: int | None
    band: str  # the band's name ("" when not scored)
    change: int | None  # latest − first, for teams with two rounds or more


def grid(instrument: Instrument, teams: list[Team]) -> list[Cell]:
    """Every team × item, latest round, with the change since the first."""
    out = []
    for team in teams:
        first, latest = team.scores(0), team.scores(-1)
        for item in instrument.items:
            now, was = _score(instrument, latest.get(item.id)), _score(instrument, first.get(item.id))
            change = now - was if len(team.rounds) > 1 and now is not None and was is not None else None
            out.append(Cell(team.name, item, now, instrument.scale.band_for(now).name if now is not None else "", change))
    return out


def first_grid(instrument: Instrument, teams: list[Team]) -> list[Cell]:
    """Every team × item as in its first round."""
    return [Cell(team.name, item, s, instrument.scale.band_for(s).name if s is not None else "", None)
            for team in teams for item in instrument.items
            for s in [_score(instrument, team.scores(0).get(item.id))]]


def distribution(instrument: Instrument, teams: list[Team]) -> list[tuple[Item, dict[str, int]]]:
    """Per item, how many teams are in each band now (latest rounds), lowest band first."""
    out = []
    for item in instrument.items:
        counts = {band.name: 0 for band in instrument.scale.bands}
        for team in teams:
            score = _score(instrument, team.scores(-1).get(item.id))
            if score is not None:
                counts[instrument.scale.band_for(score).name] += 1
        out.append((item, counts))
    return out


def hardest(instrument: Instrument, teams: list[Team], how_many: int = 3) -> list[tuple[Item, int, str]]:
    """Where to put effort across the organisation: the items most teams are in the lowest band on
    (ties: the most in the two lowest), each with the lowest band's description in the source's words."""
    bands = instrument.scale.bands
    ranked = []
    for item, counts in distribution(instrument, teams):
        lowest = counts[bands[0].name]
        lower = lowest + (counts[bands[1].name] if len(bands) > 1 else 0)
        if lowest:
            ranked.append((-lowest, -lower, instrument.items.index(item), item, lowest))
    ranked.sort()
    return [(item, lowest, item.descriptors.get(bands[0].id, "") or bands[0].meaning)
            for *_ranks, item, lowest in ranked[:how_many]]


@dataclass(frozen=True)
class Moved:
    """How the teams with two review rounds or more moved on one item, first against latest."""

    item: Item
    up: int
    down: int
    same: int


def movement(instrument: Instrument, teams: list[Team]) -> list[Moved]:
    out = []
    for item in instrument.items:
        up = down = same = 0
        for team in teams:
            if len(team.rounds) < 2:
                continue
            was, now = _score(instrument, team.scores(0).get(item.id)), _score(instrument, team.scores(-1).get(item.id))
            if was is None or now is None:
                continue
            up, down, same = up + (now > was), down + (now < was), same + (now == was)
        out.append(Moved(item, up, down, same))
    return out


def team_moves(instrument: Instrument, team: Team) -> tuple[int, int, int]:
    """How many items went up, down and stayed for one team, first round against latest."""
    moves = [(_score(instrument, team.scores(0).get(i.id)), _score(instrument, team.scores(-1).get(i.id))) for i in instrument.items]
    moves = [(w, n) for w, n in moves if w is not None and n is not None]
    return sum(n > w for w, n in moves), sum(n < w for w, n in moves), sum(n == w for w, n in moves)


def review_medians(instrument: Instrument, teams: list[Team], minimum: int) -> list[tuple[int, int, dict[str, float | None]]]:
    """Per review (a team's first, second, … round), how many teams had it and the overview's median
    per item over them: none over fewer than `minimum` teams."""
    out = []
    for n in range(max((len(t.rounds) for t in teams), default=0)):
        had = [t for t in teams if len(t.rounds) > n]
        medians: dict[str, float | None] = {}
        for item in instrument.items:
            values = [float(s) for t in had if (s := _score(instrument, t.rounds[n]["scores"].get(item.id))) is not None]
            medians[item.id] = median(values) if len(values) >= minimum else None
        out.append((n + 1, len(had), medians))
    return out


@dataclass(frozen=True)
class Actions:
    """Per item, the teams' actions (latest rounds that shared their plan) and how many are in each state."""

    item: Item
    actions: tuple[tuple[str, str, str], ...]  # (team, action, status)
    by_status: dict[str, int]


STATUSES = (marked("done"), marked("under way"), marked("not started"), marked("dropped"))  # data: shown as _(status)


def plans_across(instrument: Instrument, teams: list[Team]) -> list[Actions]:
    out = []
    for item in instrument.items:
        rows = [(t.name, row["actions"], row.get("status") or "not started") for t in teams
                for row in t.rounds[-1].get("plan") or [] if row.get("item_id") == item.id and str(row.get("actions", "")).strip()]
        out.append(Actions(item, tuple(rows), {s: sum(r[2] == s for r in rows) for s in STATUSES}))
    return out


def reviews_due(teams: list[Team], today: date | None = None) -> list[tuple[str, str]]:
    """The teams whose next review date (from their latest round) has passed: (team, date)."""
    today = today or date.today()
    due = [(t.name, t.rounds[-1].get("next_review", "")) for t in teams]
    return [(name, on) for name, on in due if on and date.fromisoformat(on) < today]


@dataclass(frozen=True)
class Tagged:
    tag: str
    teams: int
    medians: dict[str, float | None]  # empty where the tag shows its count only


def tags_compared(instrument: Instrument, teams: list[Team], tags: list[str], minimum: int) -> tuple[list[Tagged], str]:
    """Each tag's medians per item (latest rounds), and why any are counts only. A tag with fewer
    teams than the minimum is a count only; the small tags are counted together where together they
    reach it; where they do not, and a team carries only one tag, the smallest shown tag is counted
    with them too, so that the others' medians cannot single them out."""
    members = {tag: [t for t in teams if tag in t.tags] for tag in tags}
    shown = [tag for tag in tags if len(members[tag]) >= minimum]
    small = [tag for tag in tags if members[tag] and tag not in shown]
    pooled = {t.key for tag in small for t in members[tag]}
    with_smallest = False  # a shown tag was counted with the small ones
    while small and 0 < len(pooled) < minimum and shown:
        smallest = min(reversed(shown), key=lambda tag: len(members[tag]))
        shown.remove(smallest)
        pooled |= {t.key for t in members[smallest]}
        with_smallest = True
    out = []
    for tag in tags:
        medians = _medians(instrument, members[tag]) if tag in shown else {}
        out.append(Tagged(tag, len(members[tag]), medians))
    if small and len(pooled) >= minimum:
        together = [t for t in teams if t.key in pooled]
        out.append(Tagged(_(OTHER_TAGS), len(together), _medians(instrument, together)))
    note = ""
    if small and with_smallest:
        note = _("Tags with fewer than {minimum} teams show their count only; they are counted together, with the smallest "
                 "of the others, so that no team's answers can be picked out.").format(minimum=minimum)
    elif small:
        note = _("Tags with fewer than {minimum} teams show their count only; they are counted together, so that no "
                 "team's answers can be picked out.").format(minimum=minimum)
    return out, note


def _medians(instrument: Instrument, teams: list[Team]) -> dict[str, float | None]:
    out = {}
    for item in instrument.items:
        values = [float(s) for t in teams if (s := _score(instrument, t.scores(-1).get(item.id))) is not None]
        out[item.id] = median(values) if values else None
    return out


@dataclass(frozen=True)
class Beside:
    """A team's own score on an item beside the overview's median and spread (no other team named)."""

    item: Item
    own: int | None
    median: float | None
    spread: dict[int, int]  # score -> how many teams gave it


def beside(instrument: Instrument, teams: list[Team], own: Team, minimum: int) -> list[Beside] | None:
    """What a contributing team sees, if the coordinator allows: None while fewer than `minimum`
    teams contributed (the overview's figures would then give other teams' answers away)."""
    if len(teams) < minimum:
        return None
    out = []
    for item in instrument.items:
        scores = [s for t in teams if (s := _score(instrument, t.scores(-1).get(item.id))) is not None]
        spread = {v: scores.count(v) for v in sorted(set(scores))}
        out.append(Beside(item, _score(instrument, own.scores(-1).get(item.id)),
                          median([float(s) for s in scores]) if len(scores) >= minimum else None, spread))
    return out


@dataclass(frozen=True)
class Figures:
    """Everything the coordinator's page and PDF show over all the teams, worked out once."""

    distribution: list
    hardest: list
    movement: list[Moved]
    reviews: list
    plans: list[Actions]
    due: list[tuple[str, str]]
    tags: tuple[list[Tagged], str]


def figures(instrument: Instrument, teams: list[Team], minimum: int, tags: list[str], today: date | None = None) -> Figures:
    return Figures(distribution(instrument, teams), hardest(instrument, teams), movement(instrument, teams),
                   review_medians(instrument, teams, minimum), plans_across(instrument, teams), reviews_due(teams, today),
                   tags_compared(instrument, teams, tags, minimum))
