"""Every page in every state a person meets, made once for the browser tests that walk them all
(axe in English, tests/test_browser_a11y.py; the pseudo-language, tests/test_browser_languages.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coprod.answers import assessment as A
from coprod.library import versions
from coprod.overview import contributions as overviews
from coprod.sessions import disclosure, room
from coprod.sessions import lifecycle as S
from coprod.storage.tinydb import TinyDBStore
from tests.apptest import LEEDS, LIB, session_with

CHECKLIST = LIB.get("headstart-checklist")
SURVEY = LIB.get("attitudes-survey")
PEOPLE = [
    (S.DEFAULT_ROLES[0], 2, "We were not asked about the budget"),
    (S.DEFAULT_ROLES[1], 8, "The forum chose the budget"),
    (S.DEFAULT_ROLES[1], 9, "Young people chair the board"),
    (S.DEFAULT_ROLES[1], 5, "Some say in the plans"),
]
# What the states hold that someone typed: shown as typed, in no language of the app's.
TYPED = ("Park project", "Youth worker", "In June the group ran the", "session themselves", "Agreed together",
         "Youth forum", "after the reveal", "revealed", "moderated", "time is up", "Visiting manager", "Youth services",
         "North", "South", "Leeds walkers", "Person", "Youth forum review", *S.DEFAULT_ROLES, *(words for _role, _score, words in PEOPLE), "(our version)")


def scored(store, instrument, finish: bool, upto: int | None = None, title: str = "Park project"):
    """An assessment with the first `upto` items (all by default) scored, each with an example."""
    doc = A.new_assessment(instrument, title=title, role="Youth worker", on=date(2026, 3, 1))
    for p in doc["perspectives"]:
        for n, item in enumerate(instrument.items[:upto]):
            values = list(instrument.scale.values)
            A.set_score(instrument, doc, p, item.id, values[(n * 2 + 1) % len(values)])
            A.set_example(instrument, doc, p, item.id, f"In June the group ran the {item.name} session themselves.")
    if finish:
        A.finish(instrument, doc)
    return store.create(doc)


@dataclass
class Places:
    """The path of each state (after the app's address), and the documents a walk goes on to change."""

    states: dict[str, str]
    store: TinyDBStore
    part: dict
    refused: dict
    after: dict
    room_session: dict
    watcher: str


def every_state(data_dir) -> Places:
    store = TinyDBStore(data_dir)
    empty = scored(store, LEEDS, finish=False, upto=0)
    part = scored(store, LEEDS, finish=False, upto=3)
    refused = scored(store, LEEDS, finish=False, upto=3)
    leeds = scored(store, LEEDS, finish=True)
    checklist = scored(store, CHECKLIST, finish=True)
    survey = scored(store, SURVEY, finish=True)
    _, before, _ = session_with(data_dir, PEOPLE[:2] + [(S.DEFAULT_ROLES[2], None, "")])
    _, after, tokens = session_with(data_dir, PEOPLE, title="Youth forum, after the reveal")
    store.update(after["token"], lambda s: (S.reveal(s), A.set_score(LEEDS, s, "main", "assets", 6),
                                            A.set_example(LEEDS, s, "main", "assets", "Agreed together"), s.update(published=True)))
    _, _waiting, waiting_tokens = session_with(data_dir, [(S.DEFAULT_ROLES[1], None, "")])
    _, revealed, revealed_tokens = session_with(data_dir, PEOPLE, title="Youth forum, revealed")
    store.update(revealed["token"], S.reveal)
    version = versions.create(store, versions.copy_of(LEEDS, versions.text_of(store, LEEDS)))
    # An overview of three teams, one sharing its plan.
    overview = overviews.open_overview(store, overviews.new_overview(LEEDS, title="Youth services", tags=["North", "South"],
                                                                     share_back=True, min_group=2))
    for doc, team in ((leeds, "Leeds walkers"), (store.get(revealed["token"]), "Youth forum")):
        overviews.contribute(store, LEEDS, store.get(overview["token"]), overviews.source_of(LEEDS, doc), team=team,
                             tags=["North"], examples=True, plan=True)
    # Running the room: moderated, an example held back, the timer on (one with time up), someone watching.
    _, room_session, room_tokens = session_with(data_dir, PEOPLE[:3] + [(S.DEFAULT_ROLES[1], None, "")], title="Youth forum, moderated",
                                                anonymous=False)
    store.update(room_session["token"], lambda s: (s.update(moderate=True, auto_reveal=True), room.start_timer(s, 10)))
    watcher = room.watch_only(store, room_session["join_token"], name="Visiting manager")["token"]
    examples = disclosure.moderation(LEEDS, store.get(room_session["token"]), S.participants(store, store.get(room_session["token"]))[0])
    room.hold_back(store, LEEDS, room_session["token"], examples[0].key)
    _, late, late_tokens = session_with(data_dir, [(S.DEFAULT_ROLES[1], None, "")], title="Youth forum, time is up")
    store.update(late["token"], lambda s: room.start_timer(s, 1, now=0.0))

    states = {
        "home": "",
        "read a toolkit": "instrument?id=leeds-six-principles",
        "start form": "score",
        "score page, empty": f"score?a={empty['token']}",
        "score page, part-scored": f"score?a={part['token']}",
        "results, scale": f"results?a={leeds['token']}",
        "results, checklist": f"results?a={checklist['token']}",
        "results, survey": f"results?a={survey['token']}",
        "print view": f"print?a={leeds['token']}",
        "finished, read-only": f"score?a={leeds['token']}",
        "team session, open form": "session",
        "facilitator, before the reveal": f"session?f={before['token']}",
        "facilitator, after the reveal": f"session?f={after['token']}",
        "join page": f"join?s={before['join_token']}",
        "join by code": "join",
        "participant, scoring": f"score?a={waiting_tokens[0]}",
        "participant, after the reveal": f"score?a={revealed_tokens[0]}",
        "participant, published": f"score?a={tokens[1]}",
        "your versions": "edit",
        "version editor": f"edit?v={version['token']}",
        "projector, before the reveal": f"projector?f={before['token']}",
        "projector, after the reveal": f"projector?f={after['token']}",
        "your data": "your_data",
        "overview, open form": "overview",
        "overview, coordinator": f"overview?o={overview['token']}",
        "overview, contribution link": f"contribute?c={overview['contribute_key']}",
        "results, beside the overview": f"results?a={leeds['token']}&c={overview['contribute_key']}",
        "accessibility statement": "accessibility",
        "facilitator, moderating, timer, observer": f"session?f={room_session['token']}",
        "join page, moderated": f"join?s={room_session['join_token']}",
        "participant, timer, example kept back": f"score?a={room_tokens[0]}",
        "participant, time is up": f"score?a={late_tokens[0]}",
        "observer, before the reveal": f"watch?o={watcher}",
        "projector, timer": f"projector?f={room_session['token']}",
    }
    return Places(states, store, part, refused, after, room_session, watcher)
