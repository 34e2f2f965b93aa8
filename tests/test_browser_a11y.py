"""axe-core in headless Chromium over every page in every state a person meets: WCAG 2.2 A and AA
rules, no serious or critical finding the app owns (tests/axe.py keeps the list of those in
Streamlit's own markup, each with why). Screenshots of each state go to the test's folder."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from coprod.answers import assessment as A
from coprod.library import versions
from coprod.sessions import disclosure, room
from coprod.sessions import lifecycle as S
from coprod.storage.tinydb import TinyDBStore
from tests.apptest import LEEDS, LIB, session_with
from tests.axe import Finding, Owned, audit, streamlit_owned
from tests.browser import chromium, served_app, settled, wait_for_rerun

pytestmark = pytest.mark.browser

CHECKLIST = LIB.get("headstart-checklist")
SURVEY = LIB.get("attitudes-survey")
PEOPLE = [
    (S.DEFAULT_ROLES[0], 2, "We were not asked about the budget"),
    (S.DEFAULT_ROLES[1], 8, "The forum chose the budget"),
    (S.DEFAULT_ROLES[1], 9, "Young people chair the board"),
    (S.DEFAULT_ROLES[1], 5, "Some say in the plans"),
]


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


def settle(page) -> None:
    wait_for_rerun(page)
    settled(page)  # charts draw after the script's run
    assert page.locator('[data-testid="stException"]').count() == 0


def test_every_page_state_passes_axe(chromium_path, data_dir, tmp_path):
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
    _, waiting, waiting_tokens = session_with(data_dir, [(S.DEFAULT_ROLES[1], None, "")])
    _, revealed, revealed_tokens = session_with(data_dir, PEOPLE, title="Youth forum, revealed")
    store.update(revealed["token"], S.reveal)
    version = versions.create(store, versions.copy_of(LEEDS, versions.text_of(store, LEEDS)))
    from coprod.overview import contributions as overviews  # an overview of three teams, one sharing its plan

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
    owned, streamlits = [], []
    with served_app(data_dir) as url, chromium(chromium_path) as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})

        def check(state: str) -> None:
            settle(page)
            # The statement is linked from every page's sidebar, as public bodies must link it.
            assert page.locator('[data-testid="stSidebarNavLink"][href$="/accessibility"]').count() == 1, state
            own, theirs = audit(page, state)
            owned.extend(own)
            streamlits.extend(theirs)
            page.screenshot(path=str(tmp_path / (re.sub(r"\W+", "-", state) + ".png")), full_page=True)

        for state, path in states.items():
            page.goto(f"{url}/{path}")
            check(state)

        page.goto(f"{url}/score?a={part['token']}")
        settle(page)
        page.get_by_text("Choose from a list instead of a slider").click()
        check("score page, list mode")

        page.goto(f"{url}/score?a={refused['token']}")
        settle(page)
        page.get_by_role("button", name="Finish").click()
        expect(page.get_by_text("You can't finish yet")).to_be_visible(timeout=30_000)
        check("score page, finish refused")

        store.update(room_session["token"], S.reveal)  # the held-back list after the reveal, with the consent guidance
        page.goto(f"{url}/session?f={room_session['token']}")
        expect(page.get_by_role("heading", name="Held back from the room")).to_be_visible()
        check("facilitator, an example held back, after the reveal")
        page.goto(f"{url}/watch?o={watcher}")
        expect(page.get_by_role("heading", name="What everyone said")).to_be_visible()
        check("observer, after the reveal")

        page.goto(f"{url}/projector?f={after['token']}")
        settle(page)
        page.keyboard.press("ArrowRight")
        expect(page.get_by_text("Screen 2 of")).to_be_visible()
        check("projector, a chart")
        for _ in range(2):
            page.keyboard.press("ArrowRight")
            settle(page)
        expect(page.get_by_role("heading", name=re.compile("Talk about this"))).to_be_visible()
        check("projector, talk about this")

        # The audit is not blind: a page with a picture without words and grey-on-grey text fails it.
        page.set_content('<main><h1>x</h1><img src="data:image/png;base64,iVBORw0KGgo="><p style="color:#aaa;background:#bbb">faint</p></main>')
        found = {f.rule for f in audit(page, "a broken page")[0]}
        assert {"image-alt", "color-contrast"} <= found, found

    print(f"\n{len(streamlits)} findings in Streamlit's own markup (allowed, see tests/axe.py):")
    for finding in streamlits:
        print(" ", finding)
    assert owned == [], "\n".join(map(str, owned))


def test_only_a_listed_rule_and_element_pass_as_streamlits():
    allowed = [Owned("target-size", r"stDateInput", "Streamlit's date picker")]
    inside = Finding("start form", "target-size", "serious", '[data-testid="stDateInput"] span', "<span>", "")
    assert streamlit_owned(inside, allowed)
    assert not streamlit_owned(Finding("start form", "color-contrast", "serious", inside.target, "<span>", ""), allowed)
    assert not streamlit_owned(Finding("start form", "target-size", "serious", ".st-key-finish button", "<button>", ""), allowed)


def test_every_instrument_refused_and_in_its_second_round_passes_axe(chromium_path, data_dir, tmp_path):
    """Each instrument's Finish refused with the source's reason quoted (items scored without an
    example where the source asks for one, others not scored), and its second review round: the score
    page with last round beside each item, and the results with the progress since then."""
    from coprod.answers import rounds

    store = TinyDBStore(data_dir)
    states = {}
    for instrument in LIB.instruments:
        refused = A.new_assessment(instrument, title="Park project", role="Youth worker", on=date(2026, 3, 1))
        for p in refused["perspectives"]:
            for item in instrument.items[:2]:
                A.set_score(instrument, refused, p, item.id, instrument.scale.max)  # scored, no example
        refused = store.create(refused)
        first = scored(store, instrument, finish=True)
        second = rounds.new_round(instrument, store.get(first["token"]), on=date(2026, 9, 1))
        draft = store.create(second)
        for p in second["perspectives"]:
            for n, item in enumerate(instrument.items):
                A.set_score(instrument, second, p, item.id, list(instrument.scale.values)[n % len(instrument.scale.values)])
                A.set_example(instrument, second, p, item.id, f"In September the group led the {item.name} session.")
        A.finish(instrument, second)
        done = store.create(second)
        states[instrument.id] = (refused, draft, done)
    owned = []
    with served_app(data_dir) as url, chromium(chromium_path) as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})

        def check(state: str) -> None:
            settle(page)
            owned.extend(audit(page, state)[0])
            page.screenshot(path=str(tmp_path / (re.sub(r"\W+", "-", state) + ".png")), full_page=True)

        for instrument in LIB.instruments:
            refused, draft, done = states[instrument.id]
            page.goto(f"{url}/score?a={refused['token']}")
            settle(page)
            page.get_by_role("button", name="Finish").click()
            expect(page.get_by_text("You can't finish yet")).to_be_visible(timeout=30_000)
            if instrument.rules.example_required:
                expect(page.locator("[data-testid='stAlert'] blockquote")).to_be_visible()  # the source's reason
            check(f"{instrument.id}: finish refused")
            page.goto(f"{url}/score?a={draft['token']}")
            check(f"{instrument.id}: second round, scoring")
            page.goto(f"{url}/results?a={done['token']}")
            check(f"{instrument.id}: second round, results")
    assert owned == [], "\n".join(map(str, owned))
