"""The attacker: what someone who sees everything a session hands out can work out about the people
in a role group smaller than the minimum.

They gather facts from what they saw (`Facts`: the composition and which groups are counted
together, every answer with its label and the role it carries, each shown group's head count and
medians per round, the gaps between groups), then try every way of putting the people in role groups
that fits the composition (the prior) and every way that also fits all the facts (the posterior).
Something about a small group is given away when every assignment that fits the facts gives its
people the same answers (a score, or an example) on an item in a round, or, in a named session, the
same people, while the composition alone does not: the facts, not the counts, told it.

The search is exact: it tries every assignment of the people who answered (at most about eight in a
generated session; a few thousand assignments), and counts people who never had answers shown as
answering nothing. Its limits: it links a person's answers across rounds by their label (the app's
labels are the same in every round, so that is the strongest linking there is), it takes no account
of what a person knows of their own answers (someone in the other groups can always leave
themselves out, which a threshold rule cannot prevent), and it reads the medians and gaps as exact.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from coprod.library.model import Instrument
from coprod.library.scoring import median
from coprod.sessions.disclosure import NO_ROLE, OTHERS, Shown

Record = tuple[tuple[int | None, ...], tuple[str, ...]]  # scores and examples, one per item in the instrument's order


@dataclass
class Facts:
    """What was seen, gathered from every page, chart and file."""

    composition: dict[str, int] = field(default_factory=dict)  # role group -> people, as counted
    pooled: set[str] = field(default_factory=set)  # role groups said to be counted together
    records: dict[str, dict[int, Record]] = field(default_factory=dict)  # person's label -> round -> their answers
    labels: dict[str, set[str]] = field(default_factory=dict)  # person's label -> the roles their answers carried
    counts: dict[tuple[int, str], int] = field(default_factory=dict)  # (round, role group or OTHERS) -> people
    medians: dict[tuple[int, str], dict[int, float]] = field(default_factory=dict)  # (round, group) -> item index -> median
    gaps: set[tuple[int, int, float, str, str]] = field(default_factory=set)  # (round, item index, gap, higher, lower)
    named: bool = False

    def add_record(self, person: str, round_number: int, role: str, record: Record) -> None:
        seen = self.records.setdefault(person, {}).get(round_number)
        assert seen is None or seen == record, f"{person}'s round-{round_number} answers differ between outputs"
        self.records[person][round_number] = record
        self.labels.setdefault(person, set()).add(role)


# --------------------------------------------------------------------------- gathering facts


def read_csv(facts: Facts, instrument: Instrument, text: str) -> None:
    """Every answer row of a team CSV: who (their label), which round, the role it carries, the answers."""
    ids = [item.id for item in instrument.items]
    rows: dict[tuple[str, int], dict[str, dict]] = {}
    roles: dict[tuple[str, int], str] = {}
    for row in csv.DictReader(io.StringIO(text.lstrip("\ufeff"))):
        if row["kind"] != "answer":
            continue
        key = (row["person"], int(row["round"]))
        rows.setdefault(key, {})[row["item_id"]] = row
        roles[key] = row["role"]
    for (person, number), items in rows.items():
        scores = tuple(int(items[i]["score"]) if items.get(i, {}).get("score") else None for i in ids)
        examples = tuple(items.get(i, {}).get("example", "") for i in ids)
        facts.add_record(person, number, roles[(person, number)], (scores, examples))


def read_xlsx(facts: Facts, instrument: Instrument, data: bytes) -> list[str]:
    """A team XLSX: every answer row (as from the CSV), and the role groups' head counts. Returns the
    text of every other row, for the check that no small group is named beside anything."""
    from openpyxl import load_workbook

    ids = [item.id for item in instrument.items]
    book = load_workbook(io.BytesIO(data))
    lines: list[str] = []
    answers: dict[tuple[str, int], dict[str, tuple]] = {}
    roles: dict[tuple[str, int], str] = {}
    for sheet in book:
        header, *body = [tuple(row) for row in sheet.iter_rows(values_only=True)]
        if sheet.title == "Role groups":
            for role, n, together in body:
                assert facts.composition.get(role, n) == n, f"{role}'s head count changed"
                facts.composition[role] = n
                if together:
                    facts.pooled.add(role)
            continue
        lines += [" | ".join("" if v is None else str(v) for v in row) for row in body]
        if sheet.title == "Answers":
            for row in body:
                given = dict(zip(header, row))
                key = (given["Person"], int(given["Round"]))
                answers.setdefault(key, {})[given["Item id"]] = (given["Score"], given["Example"] or "")
                roles[key] = given["Role group"] or ""
    for (person, number), items in answers.items():
        record = (tuple(items.get(i, (None, ""))[0] for i in ids), tuple(items.get(i, (None, ""))[1] for i in ids))
        facts.add_record(person, number, roles[(person, number)], record)
    return lines


COUNTED = re.compile(r"^(?P<role>.+?): (?P<n>\d+) (?:person|people)(?P<pooled> \(counted with the other groups\))?$")


def read_composition(facts: Facts, line: str) -> None:
    """The "Taking part" line: each group's head count, and which are counted together."""
    for part in line.removeprefix("Taking part: ").rstrip(".").split("; "):
        match = COUNTED.match(part.strip())
        assert match, f"an unexpected head count: {part!r}"
        role, n = match["role"], int(match["n"])
        assert facts.composition.get(role, n) == n, f"{role}'s head count changed"
        facts.composition[role] = n
        if match["pooled"]:
            facts.pooled.add(role)


def read_role_table(facts: Facts, round_number: int, rows: list[dict]) -> None:
    for row in rows:
        facts.counts[(round_number, row["Role group"])] = int(row["People"])


def read_role_radar(facts: Facts, instrument: Instrument, round_number: int, rows: list[dict]) -> None:
    """A role radar's data: each shown group's median per item ("Staff (3)")."""
    names = {item.name: n for n, item in enumerate(instrument.items)}
    for row in rows:
        if "series" in row and row.get("item") in names and row.get("score") is not None:
            role = re.sub(r" \(\d+\)$", "", row["series"])
            facts.medians.setdefault((round_number, role), {})[names[row["item"]]] = float(row["score"])


def read_gaps(facts: Facts, instrument: Instrument, round_number: int, rows: list[dict]) -> None:
    names = {item.name: n for n, item in enumerate(instrument.items)}
    for row in rows:
        facts.gaps.add((round_number, names[row["Item"]], float(row["Gap"]), row["Higher"], row["Lower"]))


def from_shown(instrument: Instrument, rounds: list[Shown], named: bool = False) -> Facts:
    """The facts as the disclosure layer hands them to every page and file (for the fast search)."""
    facts = Facts(named=named)
    for shown in rounds:
        parts = shown.partition
        if parts is not None:
            facts.composition = dict(parts.composition)
            facts.pooled = set(parts.pooled) if parts.shown else set()
        for a in shown.answers:
            record = (tuple(a.scores.get(i.id) for i in instrument.items), tuple(a.examples.get(i.id, "") for i in instrument.items))
            facts.add_record(a.person, shown.round, a.role, record)
        for g in shown.groups:
            facts.counts[(shown.round, g.role)] = g.n
            if g.shown:
                facts.medians[(shown.round, g.role)] = {n: v for n, i in enumerate(instrument.items)
                                                        if (v := g.medians.get(i.id)) is not None}
    return facts


# --------------------------------------------------------------------------- the search


def _assignments(people: list[str], composition: dict[str, int], allowed: dict[str, list[str]]) -> Iterator[dict[str, str]]:
    left = dict(composition)
    chosen: dict[str, str] = {}

    def walk(at: int) -> Iterator[dict[str, str]]:
        if at == len(people):
            yield dict(chosen)
            return
        person = people[at]
        for role in allowed[person]:
            if left.get(role, 0) > 0:
                left[role] -= 1
                chosen[person] = role
                yield from walk(at + 1)
                left[role] += 1
        chosen.pop(person, None)

    yield from walk(0)


def _fits(facts: Facts, assignment: dict[str, str], minimum: int) -> bool:
    groups = set(facts.composition)
    for (number, group), n in facts.counts.items():
        members = [p for p, role in assignment.items() if number in facts.records[p]
                   and (role == group if group in groups else role in facts.pooled)]
        if len(members) != n:
            return False
    for (number, group), medians in facts.medians.items():
        members = [facts.records[p][number] for p, role in assignment.items() if role == group and number in facts.records[p]]
        for index, value in medians.items():
            if median([float(r[0][index]) for r in members if r[0][index] is not None]) != value:
                return False
    for number, index, gap, high, low in facts.gaps:
        found = facts.medians.get((number, high), {}).get(index), facts.medians.get((number, low), {}).get(index)
        if None in found:
            found = tuple(median([float(facts.records[p][number][0][index]) for p, role in assignment.items()
                                  if role == g and number in facts.records[p] and facts.records[p][number][0][index] is not None])
                          for g in (high, low))
        if None in found or found[0] - found[1] != gap:
            return False
    return True


def _allowed(facts: Facts, person: str, use_labels: bool) -> list[str]:
    roles = [r for r, n in facts.composition.items() if n]
    if not use_labels:
        return roles
    for label in facts.labels.get(person, ()):
        if label in facts.composition:
            roles = [r for r in roles if r == label]
        elif label == OTHERS:
            roles = [r for r in roles if r in facts.pooled]
        else:
            assert label == NO_ROLE, f"an answer carries an unknown role {label!r}"
    return roles


@dataclass(frozen=True)
class Leak:
    group: str
    what: str  # "round 1, item 3 score: (5,)"

    def __str__(self) -> str:
        return f"the {self.group!r} group (under the minimum) is given away: {self.what}"


def _views(facts: Facts, assignment: dict[str, str], group: str, items: int) -> dict[str, tuple]:
    """Everything about one group under one assignment: its people, and per round, item and field
    the multiset of what its people answered (None for nobody there)."""
    people = sorted(p for p, role in assignment.items() if role == group)
    absent = facts.composition[group] - len(people)
    rounds = sorted({n for p in facts.records for n in facts.records[p]})
    out: dict[str, tuple] = {"people": tuple(people)} if facts.named else {}
    for number in rounds:
        for index in range(items):
            for kind, part in (("score", 0), ("example", 1)):
                values = [facts.records[p][number][part][index] if number in facts.records[p] else None for p in people]
                out[f"round {number}, item {index + 1} {kind}"] = tuple(sorted(values + [None] * absent, key=repr))
    return out


def leaks(facts: Facts, items: int, minimum: int) -> list[Leak]:
    """What the facts give away about each group smaller than the minimum (see the module's doc)."""
    people = sorted(facts.records)
    small = [g for g, n in facts.composition.items() if 0 < n < minimum]
    assert sum(facts.composition.values()) >= len(people), "more people answered than were counted"
    if not small:
        return []
    posterior: dict[str, dict[str, set]] = {g: {} for g in small}
    prior: dict[str, dict[str, set]] = {g: {} for g in small}
    fitting = 0
    for seen, use_labels, check in ((posterior, True, True), (prior, False, False)):
        allowed = {p: _allowed(facts, p, use_labels) for p in people}
        for assignment in _assignments(people, facts.composition, allowed):
            if check and not _fits(facts, assignment, minimum):
                continue
            fitting += check
            for g in small:
                for what, value in _views(facts, assignment, g, items).items():
                    seen[g].setdefault(what, set()).add(value)
    assert fitting, "no assignment fits what was shown: the outputs contradict each other"
    out = []
    for g in small:
        for what, values in posterior[g].items():
            if len(values) == 1 and len(prior[g][what]) > 1:
                (value,) = values
                if any(v not in (None, "") for v in value):
                    out.append(Leak(g, f"{what}: {value}"))
    return out


def truth_composition(roles_of_people: list[str]) -> dict[str, int]:
    return dict(Counter(roles_of_people))
