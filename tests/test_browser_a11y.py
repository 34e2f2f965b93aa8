"""axe-core in headless Chromium over every page in every state a person meets: WCAG 2.2 A and AA
rules, no serious or critical finding the app owns (tests/axe.py keeps the list of those in
Streamlit's own markup, each with why). Screenshots of each state go to the test's folder."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from coprod.answers import assessment as A
from coprod.sessions import lifecycle as S
from coprod.storage.tinydb import TinyDBStore
from tests.apptest import LIB
from tests.axe import Finding, Owned, audit, streamlit_owned
from tests.browser import chromium, served_app, settled, wait_for_rerun
from tests.states import every_state, scored

pytestmark = pytest.mark.browser

def settle(page) -> None:
    wait_for_rerun(page)
    settled(page)  # charts draw after the script's run
    assert page.locator('[data-testid="stException"]').count() == 0


def test_every_page_state_passes_axe(chromium_path, data_dir, tmp_path):
    places = every_state(data_dir)
    store, part, refused, after, room_session, watcher = (places.store, places.part, places.refused, places.after,
                                                          places.room_session, places.watcher)
    states = places.states
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
