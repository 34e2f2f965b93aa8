"""What of a team session may be shown: the one way from people's stored answers to anything a
screen, chart (its data and tooltips), table, quote, projector, PDF, CSV or published page shows.

The promise to the people who answer is that nothing ties answers to a role group smaller than the
session's minimum, whatever is put side by side. Hiding a small group's own label is not enough:
with every person's shape on show, the other groups' medians would tell which shape is theirs
(differencing). The rule follows the cell suppression that statistical offices apply to tables
(primary and complementary suppression: Hundepool et al., *Statistical Disclosure Control*, Wiley
2012, chapter 5), with each person's answers treated as cells of their own:

- **Sealed at the first reveal.** The people in the session are fixed when its answers are first
  shown: nobody joins afterwards, and the head count of each role group (the composition) is that of
  that moment. A round shows the answers that were in when it was revealed; answers that come later
  are held: counted, never shown, and their person may still withdraw them.
- **Primary suppression.** A role group is shown by name (on its people's answers, and with its
  medians) only with at least the minimum in the session and among the first round's answers. Any
  other group is counted only.
- **Complementary suppression.** The groups counted only are counted together, as "other groups".
  Together they must hold at least the minimum (of people, and of the first round's answers), and
  must not all have given the same answer to an item that the room as a whole did not all give.
  Otherwise the smallest shown group is counted with them too, until that holds or no group is shown.
- **One decision everywhere.** The partition is made once, from the first round, and holds for every
  round, screen and file; a person's label ("Participant 4") is the same in every round.
- **Later rounds.** A later round is shown only if it gives the counted-together groups' answers
  away no more than the first did; otherwise it shows counts only, and says why.

- **Held back.** An example the facilitator held back from the room (`held_back`, in a session
  opened to be moderated) is, for every `Shown`, as if it had not been written: no page, chart,
  tooltip, wall or file has it. The facilitator's own list (`moderation`) keeps it, and its person's
  page says it was kept back (`kept_back`).
- **Observers** (people who joined to watch only) have no answers and are counted in no figure:
  `Status` lists them apart.

Everything of a session that reaches a person is a `Shown` (one per round), a `Status` (who has
joined and submitted, who watches, the timer) or, for a moderating facilitator only, the examples of
`moderation`: pages and files read nothing else.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from coprod.answers import assessment as A
from coprod.common.i18n import _, n_, marked
from coprod.library.model import Instrument, Item
from coprod.sessions.stats import Answer, Group, enough, person_words, pseudonyms, role_groups

OTHERS = marked("Other groups (counted together)")  # the groups counted only, on their people's answers and in the tables;
# a `Shown` carries these (and "Participant 4") in the reader's words: a page keeping one keeps it per language
NO_ROLE = marked("not shown")  # the role on an answer when no role group may be shown at all


@dataclass(frozen=True)
class Partition:
    """Which role groups a session shows by name and which it counts only, together: decided once,
    from the composition and the first round, and the same in every round, screen and file."""

    shown: tuple[str, ...]
    pooled: tuple[str, ...]
    composition: tuple[tuple[str, int], ...]  # (role group, people), every group anyone chose, in the session's order
    min_group: int
    why: str = ""  # why groups are counted together, in plain words; "" when every group is shown

    @property
    def pooled_people(self) -> int:
        return sum(n for role, n in self.composition if role in self.pooled)

    def label(self, role: str) -> str:
        """The role an answer of this group carries."""
        if role in self.shown:
            return role
        return _(OTHERS) if self.shown else _(NO_ROLE)


@dataclass(frozen=True)
class Shown:
    """Everything of one round of a session that may be displayed, on a screen or in a download.

    `answers` is empty until the round is revealed with at least `min_group` answers, and when the
    round is withheld (`withheld` says why). Each answer carries its role group only as the
    session's `partition` allows. `groups` are the shown role groups with their head count in this
    round (and their medians where at least `min_group` of them answered), then the other groups'
    count together; none before the reveal."""

    round: int
    revealed: bool
    submitted: int  # answers in the round (in time for its reveal, once revealed)
    min_group: int
    anonymous: bool
    groups: tuple[Group, ...]
    answers: tuple[Answer, ...]
    partition: Partition | None = None  # None until the session's first reveal
    held: int = 0  # answers that came in after the round was revealed: counted, not shown
    withheld: str = ""  # why a revealed round's answers are not shown

    @property
    def visible(self) -> bool:
        return bool(self.answers)

    @cached_property
    def fingerprint(self) -> str:
        """What the answers shown are, in a few characters: charts drawn from them are kept by it."""
        return hashlib.sha256(repr((self.round, self.anonymous, self.answers, self.groups)).encode("utf-8")).hexdigest()

    def quote(self, person: str, example: str) -> str:
        """An example as quoted to the group: with the person's name in a named session, on its own
        in an anonymous one (a number would add nothing but a handle to trace)."""
        text = example.strip() or _("(no example)")
        return text if self.anonymous else f"{person}: {text}"


@dataclass(frozen=True)
class Timer:
    """The facilitator's timer for the current round: it says when time is up, and does nothing else."""

    minutes: int
    ends: float  # seconds since the epoch, on the server's clock

    def left(self, now: float) -> float:
        return max(self.ends - now, 0.0)


@dataclass(frozen=True)
class Status:
    """Who has joined and submitted the current round. Role groups' head counts only in an
    anonymous session before the first reveal (afterwards the sealed composition is shown with the
    results); names only in a named session, and then never beside a role. Who is still scoring:
    names in a named session, a count only in an anonymous one. Observers apart: in no figure."""

    joined: int
    submitted: int
    held: int = 0  # submitted after this round's reveal: kept, not shown
    by_role: tuple[tuple[str, int], ...] = ()  # (role group, joined)
    people: tuple[tuple[str, bool], ...] = field(default=())  # (name, submitted this round); named sessions only
    observers: int = 0  # people watching only: not among `joined`, in no figure
    observer_names: tuple[str, ...] = ()  # named sessions only
    timer: Timer | None = None

    @property
    def missing(self) -> int:  # how many who joined have not submitted this round ("3 still scoring")
        return self.joined - self.submitted


# --------------------------------------------------------------------------- sealing, at the first reveal


def _keyed(session: dict, tokens: list[str]) -> list[str]:
    """The participants in an order that depends on the session's secret, not on who joined first:
    a number or a row's place in a table must not tell the room who is who."""
    secret = str(session.get("token", ""))
    return sorted(tokens, key=lambda token: hashlib.sha256(f"{secret}:{token}".encode("utf-8")).hexdigest())


def seal(session: dict) -> dict:
    """What the first reveal fixes for good: the role groups' head counts and every person's number."""
    roster = session.get("roster", {})
    members = [t for t in session["participants"] if t in roster]
    return {
        "composition": dict(Counter(roster[t]["role"] for t in members)),
        "numbers": {token: n for n, token in enumerate(_keyed(session, members), start=1)},
    }


def in_time(session: dict, round_number: int) -> list[str]:
    """The people whose answers a round shows once it is revealed: those submitted by then."""
    roster = session.get("roster", {})
    return sorted(t for t in session["participants"] if roster.get(t, {}).get("submitted") == round_number)


def _windows(session: dict) -> dict[str, list[str]]:
    """Per revealed round, the people whose answers it showed (a round revealed with fewer than the
    smallest group size showed counts only, and shows the answers in when it is revealed again)."""
    minimum = int(session["min_group"])
    return {number: tokens for number, tokens in (session.get("shown_in") or {}).items() if len(tokens) >= minimum}


def counts_only(session: dict, round_number: int) -> bool:
    """Whether a revealed round has shown nothing but counts so far (it may be revealed again)."""
    return round_number in session.get("revealed", []) and str(round_number) not in _windows(session) \
        and "shown_in" in session


def first_shown(session: dict, token: str) -> bool:
    """Whether a participant's answers have been shown to the group (they can no longer withdraw)."""
    if "shown_in" not in session:  # revealed before rounds were sealed: everyone who joined may have been shown
        return bool(session.get("revealed"))
    return any(token in tokens for tokens in _windows(session).values())


def held_back(session: dict, token: str) -> bool:
    """Whether a participant's answers for the current round came in after it showed the answers:
    kept, not shown."""
    number = session["round"]
    window = _windows(session).get(str(number))
    submitted = session.get("roster", {}).get(token, {}).get("submitted") == number
    return window is not None and submitted and token not in window


def joins_closed(session: dict) -> bool:
    """Nobody new joins once answers have been shown: their answers, arriving alone, would stand out."""
    if "shown_in" not in session:
        return bool(session.get("revealed"))
    return bool(session.get("sealed"))


# --------------------------------------------------------------------------- the partition


def _order(session: dict, composition: dict[str, int]) -> list[str]:
    """Every group offered, in the session's order (so the view does not reshuffle), then any other."""
    return list(dict.fromkeys([*session.get("roles", []), *composition]))


def _alike(instrument: Instrument, some: list[Answer], everyone: list[Answer] | None) -> Item | None:
    """An item on which `some` all gave the same score, or wrote the same example, unless everyone
    in the session (`everyone`, when all of them answered) did too: knowing who `some` are would
    then say what each of them answered, which the answers alone do not."""
    for item in instrument.items:
        for value in (lambda a: a.scores.get(item.id), lambda a: a.examples.get(item.id, "").strip()):
            theirs = {value(a) for a in some}
            if len(theirs) == 1 and next(iter(theirs)) not in (None, "") and (everyone is None or len({value(a) for a in everyone}) > 1):
                return item
    return None


def _gives_away(instrument: Instrument, pooled: set[str], composition: dict[str, int], answers: list[Answer]) -> Item | None:
    """Whether a round's answers would say what the counted-together groups answered: when every
    one of them answered it (so each of them is known to be among the answers), and they all
    answered an item alike, which not everyone in the session is known to have done."""
    theirs = [a for a in answers if a.role in pooled]
    everyone_there = bool(theirs) and len(theirs) == sum(composition.get(role, 0) for role in pooled)
    whole = len(answers) == sum(composition.values())
    return _alike(instrument, theirs, answers if whole else None) if everyone_there else None


def partition(instrument: Instrument, session: dict, composition: dict[str, int], first: list[Answer]) -> Partition:
    """Which groups are shown by name, from the composition and the first round's answers (with
    their true roles): primary suppression, then complementary suppression (see the module's doc)."""
    minimum = int(session["min_group"])
    everyone = _order(session, composition)
    composition = {role: composition.get(role, 0) for role in everyone}
    roles = [role for role in everyone if composition[role]]
    present = Counter(a.role for a in first)
    shown = [r for r in roles if composition[r] >= minimum and present[r] >= minimum]
    small = [r for r in roles if r not in shown]
    why = ""
    while True:
        pooled = [r for r in roles if r not in shown]
        people = sum(composition[r] for r in pooled)
        answered = sum(present[r] for r in pooled)
        if not pooled:
            break
        if 0 < people < minimum or 0 < answered < minimum:
            reason = "too few"
        elif _gives_away(instrument, set(pooled), composition, first):
            reason = "alike"
        else:
            break
        if not shown:
            break
        shown.remove(min(reversed(shown), key=lambda r: composition[r]))  # the smallest; of equals, the last
        why = reason
    pooled = [r for r in roles if r not in shown]
    return Partition(shown=tuple(shown), pooled=tuple(pooled), composition=tuple((r, composition[r]) for r in everyone),
                     min_group=minimum, why=_why(small, shown, pooled, why, minimum))


def _why(small: list[str], shown: list[str], pooled: list[str], reason: str, minimum: int) -> str:
    if not pooled or (not small and not reason):
        return ""
    if not shown:
        if reason == "alike":
            return _("Role groups are not shown: the smaller groups all gave the same answer to an item, and showing "
                     "the other groups would reveal what each of them said.")
        if len(pooled) == 1:
            return ""
        return n_("Role groups are not shown: one group is smaller than {minimum}, and showing the others would reveal it. "
                  "Their people's answers are among everyone's, without a group.",
                  "Role groups are not shown: {count} groups are smaller than {minimum}, and showing the others would "
                  "reveal it. Their people's answers are among everyone's, without a group.", len(small)).format(
            count=len(small), minimum=minimum)
    if reason:
        return _("The groups with fewer than {minimum} people are counted together as “{others}” with the smallest of "
                 "the others, so that none of them can be worked out.").format(minimum=minimum, others=_(OTHERS))
    return _("The groups with fewer than {minimum} people are counted together as “{others}”, so that none of them can "
             "be picked out.").format(minimum=minimum, others=_(OTHERS))


# --------------------------------------------------------------------------- a round's release


def _labelled(answers: list[Answer], parts: Partition, names: dict[str, str] | None) -> tuple[Answer, ...]:
    return tuple(Answer(person_words(names[a.who] if names else a.person), parts.label(a.role), a.scores, a.examples, a.key)
                 for a in answers)


def release(instrument: Instrument, session: dict, rounds: list[list[Answer]], composition: dict[str, int] | None = None,
            held: list[int] | None = None, submitted: list[int] | None = None) -> list[Shown]:
    """What may be shown of each round, first round first, from every round's answers with their
    true roles (in time for the round's reveal, for a revealed round). `composition` is the role
    groups' head counts sealed at the first reveal (by default, the people answering round 1)."""
    minimum = int(session["min_group"])
    revealed = set(session.get("revealed") or [])
    anonymous = bool(session.get("anonymous"))
    held = held or [0] * len(rounds)
    submitted = submitted or [len(answers) for answers in rounds]
    names = pseudonyms(rounds) if anonymous else None
    first = next((answers for n, answers in enumerate(rounds, start=1) if n in revealed and enough(answers, minimum)), None)
    parts = None
    if first is not None:
        parts = partition(instrument, session, composition or dict(Counter(a.role for a in first)), first)
    out = []
    for number, answers in enumerate(rounds, start=1):
        if number not in revealed:
            out.append(Shown(number, False, submitted[number - 1], minimum, anonymous, (), (), parts))
            continue
        withheld = ""
        if not enough(answers, minimum) or parts is None:
            shown_answers: tuple[Answer, ...] = ()
        else:
            alike = _gives_away(instrument, set(parts.pooled), dict(parts.composition), answers) if parts.shown else None
            if answers is not first and alike is not None:
                withheld = _("Round {number}'s answers are not shown: the groups counted together all gave the same "
                             "answer to “{item}”, so showing them would reveal what each of them said.").format(
                    number=number, item=alike.name)
            shown_answers = () if withheld else _labelled(answers, parts, names)
        groups: tuple[Group, ...] = ()
        if shown_answers and parts is not None:
            groups = tuple(role_groups(instrument, [a for a in answers if a.role in parts.shown], list(parts.shown), minimum))
            if parts.pooled and parts.shown:
                groups += (Group(_(OTHERS), sum(a.role in parts.pooled for a in answers), False, {}),)
        out.append(Shown(number, True, submitted[number - 1], minimum, anonymous, groups, shown_answers, parts, held[number - 1],
                         withheld))
    return out


# --------------------------------------------------------------------------- from the stored documents


def _given(session: dict, doc: dict, round_number: int) -> dict | None:
    """One participant's answers in a round: the current round once submitted, an earlier round as kept."""
    if round_number == session["round"]:
        return A.view_answers(doc, session["perspective"]) if doc["status"] == A.FINISHED else None
    if round_number < session["round"]:
        return doc.get("rounds", {}).get(str(round_number))
    return None


def _numbers(session: dict, docs: list[dict]) -> dict[str, int]:
    sealed = (session.get("sealed") or {}).get("numbers")
    if sealed:
        return sealed
    return {token: n for n, token in enumerate(_keyed(session, [d["token"] for d in docs]), start=1)}


def held_digest(text: str) -> str:
    return hashlib.sha256(text.strip().encode("utf-8", "surrogatepass")).hexdigest()


def is_held(session: dict, token: str, item_id: str, example: str) -> bool:
    """Whether the facilitator held this example back from the room (in whichever round it was given)."""
    return bool(example.strip()) and held_digest(example) in (session.get("held_back") or {}).get(token, {}).get(item_id, [])


def session_rounds(instrument: Instrument, session: dict, docs: list[dict]) -> list[Shown]:
    """What may be shown of each round of a session, from its participants' documents: the one way
    from stored answers to anything displayed or handed out."""
    numbers = _numbers(session, docs)
    shown_in = session.get("shown_in") or {}
    by_token = {d["token"]: d for d in docs}
    order = sorted(by_token, key=lambda t: numbers.get(t, len(numbers) + 1))
    minimum = int(session["min_group"])
    rounds, held, submitted = [], [], []
    for number in range(1, session["round"] + 1):
        window = shown_in.get(str(number))
        answers, late = [], 0
        for token in order:
            doc = by_token[token]
            given = _given(session, doc, number)
            if given is None:
                continue
            if window is not None and token not in window:
                late += 1
                continue
            label = numbers.get(token, 0)
            named = not session.get("anonymous") and doc.get("name")
            answers.append(Answer(
                person=doc["name"] if named else f"Participant {label}",  # as data (matched); in words: person_words
                role=doc.get("role", ""),
                scores={item: a.get("score") for item, a in given.items()},
                examples={item: "" if is_held(session, token, item, a.get("example", "")) else a.get("example", "")
                          for item, a in given.items()},
                key=f"p{label}",  # the same for one person in every round
            ))
        rounds.append(answers)
        counted_only = window is not None and len(window) < minimum  # revealed too early: the rest wait for the next reveal
        held.append(0 if counted_only else late)
        submitted.append(len(answers) + (late if counted_only else 0))
    composition = (session.get("sealed") or {}).get("composition")
    if composition is None and session.get("revealed"):
        roster = session.get("roster", {})
        composition = dict(Counter(roster[t]["role"] for t in session["participants"] if t in roster)) or None
    return release(instrument, session, rounds, composition, held, submitted)


def displayable(instrument: Instrument, session: dict, docs: list[dict], round_number: int | None = None) -> Shown:
    """What of one round (the current one by default) may be shown."""
    return session_rounds(instrument, session, docs)[(round_number or session["round"]) - 1]


def status(session: dict) -> Status:
    """Who has joined and who has submitted the current round, for the facilitator's live view and
    the wall: from the session's roster alone, so watching costs nothing per participant."""
    roster = session.get("roster", {})
    members = [t for t in session["participants"] if t in roster]
    round_number = session["round"]
    done = [t for t in members if roster[t]["submitted"] == round_number]
    window = _windows(session).get(str(round_number))
    held = sum(t not in window for t in done) if window is not None else 0
    by_role: tuple[tuple[str, int], ...] = ()
    if session.get("anonymous") and not session.get("revealed"):
        joined = Counter(roster[t]["role"] for t in members)
        by_role = tuple((role, joined[role]) for role in dict.fromkeys([*session.get("roles", []), *joined]) if joined[role])
    people: tuple[tuple[str, bool], ...] = ()
    if not session.get("anonymous"):
        numbers = _numbers(session, [{"token": t} for t in members])
        people = tuple((roster[t].get("name") or _("Participant {number}").format(number=numbers.get(t, 0)),
                        roster[t]["submitted"] == round_number) for t in sorted(members, key=lambda t: numbers.get(t, 0)))
    observers = session.get("observers") or {}
    names = tuple(o["name"] for o in observers.values() if o.get("name")) if not session.get("anonymous") else ()
    return Status(joined=len(members), submitted=len(done), held=held, by_role=by_role, people=people,
                  observers=len(observers), observer_names=names, timer=timer(session))


def timer(session: dict) -> Timer | None:
    """The timer of the current round, until the round's answers are shown."""
    kept, number = session.get("timer"), session["round"]
    shown = number in session.get("revealed", []) and not counts_only(session, number)
    return Timer(int(kept["minutes"]), float(kept["ends"])) if kept and kept.get("round") == number and not shown else None


# --------------------------------------------------------------------------- moderation


@dataclass(frozen=True)
class Example:
    """An example as a moderating facilitator sees it: its item, its text, a handle for its buttons
    (keyed by the session's secret, never a token) and whether it is held back; no name, number or
    role group, and in no order of who gave it."""

    item: str  # the item's id
    text: str
    key: str
    held: bool


def examples_in(instrument: Instrument, session: dict, docs: list[dict]) -> list[tuple[str, Example]]:
    """A moderating facilitator's examples, each with its person's token (for coprod.sessions.room;
    pages read `moderation`): every example submitted in the current round until its answers are
    shown (none in a session not opened to be moderated), and every example held back, in any round.
    Item by item in the toolkit's order, each item's in the order of their text."""
    secret, number, held = str(session.get("token", "")), session["round"], session.get("held_back") or {}
    open_round = session.get("moderate") and (number not in session.get("revealed", []) or counts_only(session, number))
    found: dict[tuple[str, str, str], str] = {}
    for doc in docs:
        token, given = doc["token"], [_given(session, doc, n) or {} for n in range(1, number + 1)]
        fresh = open_round and session.get("roster", {}).get(token, {}).get("submitted") == number
        for n, answers in enumerate(given, start=1):
            for item, a in answers.items():
                if (fresh and n == number and a.get("example", "").strip()) or is_held(session, token, item, a.get("example", "")):
                    found[(token, item, held_digest(a["example"]))] = a["example"].strip()
    order = {item.id: n for n, item in enumerate(instrument.items)}
    return sorted(((token, Example(item, text, hashlib.sha256(f"{secret}:{token}:{item}:{digest}".encode()).hexdigest()[:20],
                                   digest in held.get(token, {}).get(item, [])))
                   for (token, item, digest), text in found.items()), key=lambda p: (order.get(p[1].item, len(order)), p[1].text))


def moderation(instrument: Instrument, session: dict, docs: list[dict]) -> tuple[Example, ...]:
    """The moderating facilitator's list (see `examples_in`)."""
    return tuple(e for _token, e in examples_in(instrument, session, docs))


def kept_back(session: dict, token: str) -> tuple[str, ...]:
    """The items on which a participant's example was held back from the room: their own page says so."""
    return tuple(item for item, digests in (session.get("held_back") or {}).get(token, {}).items() if digests)
