"""The proof of the promise to the people who answer: nobody in a role group smaller than the
minimum can be worked out from everything a session shows and hands out, taken together.

Generated sessions (2 to 8 people, 1 to 4 role groups of any size including 1, a minimum of 2 to 5,
one or two rounds, people who answer on time, late or never, who re-score or keep their answers, who
withdraw before or after the reveal, named and anonymous, every kind of instrument, sessions that reveal
themselves when everyone is in, moderated ones with an example held back, someone watching only) are played
through the app's own functions. At every reveal the attacker collects what the facilitator and a
participant can see (the pages' element trees and chart data, through AppTest), the projector, the
team PDF's text, the CSV and the XLSX, and searches every way of putting people in role groups that fits all
of it (tests/attacker.py). The test fails if any output names a small group beside an answer, or if
the search pins down what the people of a small group answered. The four cases that first showed
the flaw are its explicit examples.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coprod.answers import assessment as A
from coprod.common.text import unescape_markdown
from coprod.files import downloads
from coprod.sessions import disclosure, retention, room
from coprod.sessions import lifecycle as S
from coprod.sessions.stats import Answer
from coprod.storage.tinydb import TinyDBStore
from tests import attacker
from tests.apptest import LIB, chart_rows, page

ROLES = ("Kestrel", "Heron", "Osprey", "Plover")  # names no instrument's wording holds, so any sighting is theirs
KINDS = ("leeds-six-principles", "leeds-four-stages", "nef-framework", "imagine-engagement", "headstart-checklist",
         "attitudes-survey")
EXAMPLES = ("we asked first", "they chose the day", "we met at the library")


@dataclass(frozen=True)
class Person:
    role: str
    first: str  # "on time", "late" (after the reveal), "never" or "withdraws" (before the reveal)
    second: str  # in round 2: "rescores", "keeps" (submits round 1's answers again) or "none"
    answers: tuple[attacker.Record, attacker.Record]  # what they answer in round 1 and in round 2
    leaves: bool = False  # withdraws after the reveal (only answers held back, never shown, may be)


@dataclass(frozen=True)
class History:
    kind: str
    min_group: int
    roles: tuple[str, ...]
    anonymous: bool
    people: tuple[Person, ...]
    second_round: bool
    auto_reveal: bool = False  # each round reveals itself once everyone is in
    moderate: bool = False  # the facilitator reads the examples before the reveal...
    hold: bool = False  # ...and holds the first one back from the room
    observer: bool = False  # someone watches only: their page is looked at too


@st.composite
def records(draw, instrument, palette: list[int]) -> attacker.Record:
    scores = tuple(draw(st.sampled_from(palette)) for _ in instrument.items)
    examples = tuple(draw(st.sampled_from(EXAMPLES[:2])) for _ in instrument.items)
    return scores, examples


@st.composite
def histories(draw) -> History:
    kind = draw(st.sampled_from(KINDS))
    instrument = LIB.get(kind)
    roles = ROLES[:draw(st.integers(1, 4))]
    # Groups of very different sizes (one of up to five, the others of up to three, often one),
    # mostly answering in time, so that a small group often answers beside groups big enough to be
    # shown: the case to get right. At most eight people in all.
    sizes = [draw(st.integers(1, 5))] + [draw(st.integers(0, 3)) for _ in roles[1:]]
    who = draw(st.permutations([role for role, n in zip(roles, sizes) for _ in range(n)]))[:8]
    # A few answers only, so that people often answer alike: the hardest case to keep apart.
    palette = draw(st.lists(st.sampled_from(list(instrument.scale.values)), min_size=1, max_size=4, unique=True))
    people = tuple(Person(role=role,
                          first=draw(st.sampled_from(("on time",) * 5 + ("late", "never", "withdraws"))),
                          second=draw(st.sampled_from(("rescores", "rescores", "keeps", "keeps", "none"))),
                          answers=(draw(records(instrument, palette)), draw(records(instrument, palette))),
                          leaves=draw(st.booleans()))
                   for role in who)
    moderate = draw(st.booleans())
    return History(kind, draw(st.sampled_from((2, 2, 3, 3, 4, 5))), roles, draw(st.booleans()), people,
                   draw(st.sampled_from((True, True, False))), auto_reveal=draw(st.booleans()), moderate=moderate,
                   hold=moderate and draw(st.booleans()), observer=draw(st.booleans()))


# --------------------------------------------------------------------------- playing a session through


@contextmanager
def data_folder():
    with tempfile.TemporaryDirectory(prefix="coprod-attacker-") as folder:
        before = os.environ.get("COPROD_DATA_DIR")
        os.environ["COPROD_DATA_DIR"] = folder
        try:
            yield Path(folder)
        finally:
            if before is None:
                os.environ.pop("COPROD_DATA_DIR", None)
            else:
                os.environ["COPROD_DATA_DIR"] = before


def answer(store, instrument, token: str, record: attacker.Record) -> None:
    scores, examples = record

    def fill(doc):
        view = doc["perspectives"][0]
        for item, score, example in zip(instrument.items, scores, examples):
            A.set_score(instrument, doc, view, item.id, score)
            A.set_example(instrument, doc, view, item.id, example)

    store.update(token, fill)
    S.submit(store, instrument, token)


class Attack:
    """Everything the attacker collects from one session, and what they must never see."""

    def __init__(self, store, instrument, session_token: str, folder: Path):
        self.store, self.instrument, self.token, self.folder = store, instrument, session_token, folder
        session = store.get(session_token)
        self.facts = attacker.Facts(named=not session["anonymous"])
        self.minimum = session["min_group"]

    @property
    def session(self) -> dict:
        return self.store.get(self.token)

    def small(self) -> set[str]:
        """The role groups under the minimum, as sealed at the first reveal that showed answers."""
        composition = (self.session.get("sealed") or {}).get("composition", {})
        return {role for role, n in composition.items() if 0 < n < self.minimum}

    def status(self) -> None:
        """The live status, as the facilitator's page and the wall show it every few seconds: who is
        still scoring by name only in a named session, and observers in no figure."""
        session = self.session
        now = disclosure.status(session)
        if not session["anonymous"] or disclosure.joins_closed(session):
            assert now.by_role == (), "role groups' counts beside names, or after the reveal"
        if session["anonymous"]:
            assert now.people == () and now.observer_names == (), "a name in an anonymous session"
        assert now.joined == len(session["participants"]) and now.missing == now.joined - now.submitted, "observers counted"

    def look(self, participant: str | None = None, *, wall: bool = False, observer: str | None = None) -> None:
        """The facilitator's page (and a participant's, an observer's and the wall), the team PDF, CSV and XLSX."""
        session = self.session
        latest = max(session["revealed"] or [0])
        pages = [page("app_pages/session.py", f=self.token)]
        if participant:
            pages.append(page("app_pages/score.py", a=participant))
        if observer:
            pages.append(page("app_pages/watch.py", o=observer))
        if wall:
            pages.append(page("app_pages/projector.py", f=self.token))
        for at in pages:
            assert not at.exception, at.exception
            self._read_page(at, latest)
        for file in downloads.of_session(self.instrument, self.store, session):
            data = file.make()
            if file.key == "team-csv":
                text = data.decode("utf-8-sig")
                self._never_named(text.splitlines(), "the team CSV")
                attacker.read_csv(self.facts, self.instrument, text)
            elif file.key == "team-xlsx":
                self._never_named(attacker.read_xlsx(self.facts, self.instrument, data), "the team XLSX")
            else:
                self._never_named(pdf_lines(data, self.folder), "the team PDF", counts_allowed=True)

    def _read_page(self, at, latest: int) -> None:
        texts = []
        for kind in ("title", "header", "subheader", "markdown", "text", "caption", "info", "success", "error", "warning", "code"):
            texts += [unescape_markdown(str(e.value)) for e in getattr(at, kind)]
        for line in texts:
            if line.startswith("Taking part: "):
                attacker.read_composition(self.facts, line)
        own = f"{self.instrument.title} · "  # a participant's own page names their own group, to them
        self._never_named([t for t in texts if not t.startswith(("Taking part: ", own))], "a page")
        for table in at.table:
            rows = [{unescape_markdown(str(k)): unescape_markdown(str(v)) for k, v in row.items()}
                    for row in table.value.to_dict(orient="records")]
            self._never_named([json.dumps(r, ensure_ascii=False) for r in rows], "a table")
            if rows and {"Role group", "People", "Shown"} <= rows[0].keys():
                attacker.read_role_table(self.facts, latest, rows)
            if rows and {"Item", "Gap", "Higher", "Lower"} <= rows[0].keys():
                attacker.read_gaps(self.facts, self.instrument, latest, rows)
        for chart in at.get("vega_lite_chart"):
            rows = chart_rows_of(chart)
            self._never_named([json.dumps(r, ensure_ascii=False) for r in rows], "a chart's data")
            attacker.read_role_radar(self.facts, self.instrument, latest, rows)

    def _never_named(self, lines: list[str], where: str, counts_allowed: bool = False) -> None:
        for role in self.small():
            for line in lines:
                if role in line:
                    assert counts_allowed and attacker.COUNTED.match(line.strip()), \
                        f"{where} names the small group {role!r}: {line!r}"

    def leaks(self) -> list[attacker.Leak]:
        return attacker.leaks(self.facts, len(self.instrument.items), self.minimum)


def chart_rows_of(chart) -> list[dict]:
    class One:  # chart_rows reads every chart of a page; this is a page of one chart
        def get(self, kind):
            return [chart]
    return chart_rows(One())


def pdf_lines(data: bytes, folder: Path) -> list[str]:
    path = folder / "team.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.splitlines()


def play(history: History, folder: Path) -> Attack:
    """The session played through as people would, the attacker looking at every reveal."""
    instrument = LIB.get(history.kind)
    store = TinyDBStore(folder)
    session = S.open_session(store, S.new_session(instrument, title="Forum", anonymous=history.anonymous,
                                                  roles=list(history.roles), min_group=history.min_group,
                                                  auto_reveal=history.auto_reveal, moderate=history.moderate))
    watch = Attack(store, instrument, session["token"], folder)
    observer = room.watch_only(store, session["join_token"], name="Onlooker")["token"] if history.observer else None
    tokens = [S.join(store, instrument, session["join_token"], role=p.role, name=f"Name {n}")["token"]
              for n, p in enumerate(history.people)]
    left = dict(enumerate(tokens))
    for n, (person, token) in enumerate(zip(history.people, tokens)):
        if person.first == "on time":
            answer(store, instrument, token, person.answers[0])
        elif person.first == "withdraws":
            retention.withdraw(store, token)
            del left[n]
    watch.status()
    if history.hold and not watch.session["revealed"]:
        held = disclosure.moderation(instrument, watch.session, S.participants(store, watch.session)[0])
        if held:
            room.hold_back(store, instrument, session["token"], held[0].key)
    if history.moderate:
        watch.look()  # the facilitator's page before the reveal: the examples as they came in
        store.update(session["token"], room.read_examples)  # which may reveal the round, everyone being in
    store.update(session["token"], S.reveal)  # the button (a no-op where the round revealed itself)
    watch.status()
    showing = disclosure.joins_closed(watch.session)
    if showing:
        with pytest.raises(S.Refused, match="nobody new can join"):
            S.join(store, instrument, session["join_token"], role=history.roles[0], name="Late")
    for n, person in enumerate(history.people):
        if person.first == "late" and n in left:
            answer(store, instrument, tokens[n], person.answers[0])
    shown = [n for n in left if disclosure.first_shown(watch.session, tokens[n])]
    watch.status()
    watch.look(tokens[shown[0]] if shown else None)
    for n in list(left):
        if history.people[n].leaves:
            if n in shown:
                with pytest.raises(S.Refused):
                    retention.withdraw(store, tokens[n])
            else:
                retention.withdraw(store, tokens[n])
                del left[n]
    if history.second_round:
        S.start_second_round(store, session["token"])
        for n, token in left.items():
            person = history.people[n]
            if person.second == "keeps" and store.get(token).get("rounds", {}).get("1"):
                S.submit(store, instrument, token)  # the same answers again
            elif person.second != "none":
                answer(store, instrument, token, person.answers[1])
        watch.status()
        store.update(session["token"], S.reveal)
        watch.status()
    store.update(session["token"], lambda s: s.update(published=True))  # "you said, we did" on everyone's page
    shown = [n for n in left if disclosure.first_shown(watch.session, tokens[n])]
    watch.look(tokens[shown[0]] if shown else None, wall=True, observer=observer)
    never_shown_held_back(watch)
    return watch


def never_shown_held_back(watch: Attack) -> None:
    """An example held back is, in every round the layer hands out, as if it had not been written."""
    session = watch.session
    numbers = (session.get("sealed") or {}).get("numbers", {})
    for token, items in (session.get("held_back") or {}).items():
        if token not in numbers:
            continue
        for shown in disclosure.session_rounds(watch.instrument, session, S.participants(watch.store, session)[0]):
            for a in shown.answers:
                if a.key == f"p{numbers[token]}":
                    given = [(item, a.examples.get(item, "")) for item in items]
                    assert not [text for item, text in given if text.strip() and disclosure.held_digest(text) in items[item]], \
                        "a held-back example was handed out"


@settings(max_examples=int(os.environ.get("COPROD_ATTACKER_EXAMPLES", "30")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(history=histories())
def test_no_generated_session_gives_away_anyone_in_a_small_group(history):
    with data_folder() as folder:
        watch = play(history, folder)
        assert not watch.leaks(), watch.leaks()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(history=histories())
def test_what_the_layer_hands_out_gives_away_nobody(history):
    """The same search, many more times, over what the disclosure layer hands to every page and file."""
    instrument = LIB.get(history.kind)
    session = {"token": "s" * 22, "round": 2 if history.second_round else 1, "revealed": [1, 2] if history.second_round else [1],
               "anonymous": history.anonymous, "roles": list(history.roles), "min_group": history.min_group}
    people = [(n, p) for n, p in enumerate(history.people) if p.first != "withdraws"]
    first = [teams_answer(instrument, n, p, p.answers[0]) for n, p in people if p.first == "on time"]
    rounds = [first]
    if history.second_round:
        rounds.append([teams_answer(instrument, n, p, p.answers[1 if p.second == "rescores" else 0]) for n, p in people if p.second != "none"])
    shown = disclosure.release(instrument, session, rounds, dict(Counter(p.role for _, p in people)))
    facts = attacker.from_shown(instrument, shown, named=not history.anonymous)
    assert not attacker.leaks(facts, len(instrument.items), history.min_group)
    for s in shown:
        for a in s.answers:
            assert a.role not in {r for r, n in facts.composition.items() if 0 < n < history.min_group}


def teams_answer(instrument, n: int, person: Person, record: attacker.Record) -> Answer:
    ids = [item.id for item in instrument.items]
    return Answer(f"Name {n}", person.role, dict(zip(ids, record[0])), dict(zip(ids, record[1])), f"p{n}")


# --------------------------------------------------------------------------- the four cases that showed the flaw

LONE = (((1,) * 6, ("LONE-7Q we were not asked",) * 6), ((1,) * 6, ("LONE-7Q we were not asked",) * 6))
STAFF = [(((s,) * 6, (f"STAFF-{s} we plan it",) * 6), ((s,) * 6, (f"STAFF-{s} we plan it",) * 6)) for s in (7, 8, 9)]


def lone_history(second_round: bool = False) -> History:
    """Leeds, minimum 3, anonymous: one young person (Kestrel) and three staff (Heron), all on time;
    in a second round only the staff re-score."""
    people = (Person("Kestrel", "on time", "none", LONE), *(Person("Heron", "on time", "rescores", s) for s in STAFF))
    return History("leeds-six-principles", 3, ("Kestrel", "Heron"), True, people, second_round)


def test_the_only_young_persons_shape_is_not_picked_out_by_the_staffs_medians():
    """Case 1: every person's shape is on the team radar; with the staff's medians beside it, the one
    shape that did not fit them was the young person's. Now no group is shown, and it says why."""
    with data_folder() as folder:
        watch = play(lone_history(), folder)
        assert watch.facts.composition == {"Kestrel": 1, "Heron": 3} and not watch.facts.medians and not watch.facts.counts
        assert len(watch.facts.records) == 4 and not watch.leaks()
        session = watch.session
        for at in (page("app_pages/session.py", f=session["token"]), page("app_pages/score.py", a=session["participants"][0])):
            said = " ".join(unescape_markdown(str(e.value)) for e in at.info)
            assert "Role groups are not shown: one group is smaller than 3, and showing the others would reveal it." in said
            assert not [t for t in at.table if "Shown" in t.value.columns]
            assert not [r for r in chart_rows(at) if "series" in r]  # no role radar
        pdf = " ".join(pdf_lines(next(f for f in downloads.of_session(watch.instrument, watch.store, session)
                                      if f.key == "team-pdf").make(), folder))
        assert "showing the others would reveal it" in pdf and "LONE-7Q" in pdf  # the answer is there, not whose


def test_a_round_that_reveals_itself_with_an_example_held_back_and_someone_watching_gives_nobody_away():
    """Issue 26: the lone young person's session again, revealing itself when everyone is in, moderated with
    an example held back, and watched by an observer: the same rules hold, on every page and in every file."""
    history = replace(lone_history(second_round=True), auto_reveal=True, moderate=True, hold=True, observer=True)
    with data_folder() as folder:
        watch = play(history, folder)
        session = watch.session
        assert session["auto_revealed"] == [1] and session["revealed"] == [1, 2]  # round 2: the young person did not re-score
        assert session["held_back"] and len(session["observers"]) == 1
        assert watch.facts.composition == {"Kestrel": 1, "Heron": 3} and not watch.facts.medians and not watch.leaks()


def test_labels_do_not_link_a_hidden_round_to_a_shown_one():
    """Case 2: the CSV numbered people once and wrote the role per round; in round 2 only the staff
    re-scored, so round 2 called three of them Staff and left the young person's round-1 row alone.
    Now the role groups are decided once, for every round."""
    with data_folder() as folder:
        watch = play(lone_history(second_round=True), folder)
        rows = [line for line in watch.facts.labels.values()]
        assert rows and all(labels == {disclosure.NO_ROLE} for labels in rows)
        assert {n for records in watch.facts.records.values() for n in records} == {1, 2}
        assert not watch.leaks()


def test_nobody_joins_after_the_reveal_and_late_answers_are_held_not_shown(tmp_path, monkeypatch):
    """Case 3: a person could join and submit after the reveal, and their answers appeared at the next
    rerun with the role count going from 0 to 1. Now joining closes at the reveal; answers that come
    later are held (counted, never shown) and can still be withdrawn."""
    monkeypatch.setenv("COPROD_DATA_DIR", str(tmp_path))
    instrument = LIB.get("leeds-six-principles")
    store = TinyDBStore(tmp_path)
    session = S.open_session(store, S.new_session(instrument, title="Forum", anonymous=True, roles=["Kestrel", "Heron"]))
    staff = [S.join(store, instrument, session["join_token"], role="Heron")["token"] for _ in range(3)]
    for token, record in zip(staff, STAFF):
        answer(store, instrument, token, record[0])
    slow = S.join(store, instrument, session["join_token"], role="Kestrel")["token"]
    store.update(session["token"], S.reveal)

    with pytest.raises(S.Refused, match="nobody new can join"):
        S.join(store, instrument, session["join_token"], role="Kestrel")
    joining = page("app_pages/join.py", s=session["join_token"])
    assert "nobody new can join this session" in " ".join(unescape_markdown(str(e.value)) for e in joining.info)
    assert not joining.get("radio") and not [b for b in joining.button if "Join" in b.label]

    answer(store, instrument, slow, LONE[0])
    now = store.get(session["token"])
    assert disclosure.held_back(now, slow) and disclosure.status(now).held == 1
    facilitator = page("app_pages/session.py", f=session["token"])
    shown = " ".join(unescape_markdown(str(e.value)) for e in facilitator.caption)
    assert "1 answer came in after the reveal: kept, not shown to anyone." in shown
    files = {f.key: f.make() for f in downloads.of_session(instrument, store, now)}
    assert b"LONE-7Q" not in files["team-csv"] and "LONE-7Q" not in " ".join(pdf_lines(files["team-pdf"], tmp_path))
    assert not [r for r in chart_rows(facilitator) if "LONE-7Q" in json.dumps(r)]
    theirs = page("app_pages/score.py", a=slow)
    assert "kept for you and not shown to anyone" in " ".join(unescape_markdown(str(e.value)) for e in theirs.info)
    assert [b for b in theirs.button if b.key == "withdraw"]
    retention.withdraw(store, slow)  # never shown: still theirs to take back
    assert slow not in json.dumps(store.get(session["token"]))
    with pytest.raises(S.Refused, match="already shown"):
        retention.withdraw(store, staff[0])


def test_a_named_sessions_live_status_never_puts_role_counts_beside_names(tmp_path, monkeypatch):
    """Case 4: the live status printed "Young person: 1 joined, 0 submitted" beside "Still scoring:
    <name>". Now a named session's status has names and totals, never a role group's count."""
    monkeypatch.setenv("COPROD_DATA_DIR", str(tmp_path))
    instrument = LIB.get("leeds-six-principles")
    store = TinyDBStore(tmp_path)
    session = S.open_session(store, S.new_session(instrument, title="Forum", anonymous=False, roles=["Kestrel", "Heron"]))
    young = S.join(store, instrument, session["join_token"], role="Kestrel", name="Jolyon")["token"]
    for n, record in enumerate(STAFF):
        answer(store, instrument, S.join(store, instrument, session["join_token"], role="Heron", name=f"Staff {n}")["token"], record[0])
    for stage in ("before", "after"):
        at = page("app_pages/session.py", f=session["token"])
        texts = [unescape_markdown(str(e.value)) for kind in ("caption", "markdown", "text", "info") for e in getattr(at, kind)]
        texts += [t.value.to_csv() for t in at.table] + [f"{m.label}: {m.value}" for m in at.metric]
        assert any("Still scoring: Jolyon" in t for t in texts) or stage == "after"
        assert not [t for t in texts if "Kestrel" in t and not t.startswith("Taking part: ")], stage
        assert not [t for t in at.table if "Joined" in t.value.columns], stage
        if stage == "before":
            answer(store, instrument, young, LONE[0])
            store.update(session["token"], S.reveal)
    assert disclosure.status(store.get(session["token"])).by_role == ()
