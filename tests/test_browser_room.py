"""Running the room in real browsers (issue 26): a facilitator opens a session that moderates its
examples and reveals itself when everyone is in; a participant, an observer and the wall each on a
device of their own. The timer reaches all three and says when time is up (the clock driven through
the store, never waited for); the facilitator holds back the example that names someone; once they
have read the examples and everyone is in, the round reveals itself and every device follows without
a reload; the held-back example is on no device and in no file, and the observer in no figure."""

from __future__ import annotations

import io
import re
import time

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from coprod.sessions import lifecycle as S
from coprod.storage.tinydb import TinyDBStore
from tests.apptest import LIB, submit
from tests.browser import chromium, downloaded, joined, score_item, served_app, wait_for_rerun

pytestmark = pytest.mark.browser
FOUR = LIB.get("leeds-four-stages")
STAGES = ["Co-design", "Co-delivery", "Co-evaluation", "Co-governance"]
NAMES_SOMEONE = "HELD-3K Mr Jones at the youth centre hurt me"
TIMER = re.compile(r"Timer \(10 min\): (10|9) minutes left to score\.")


def test_timer_on_three_devices_an_example_held_back_and_the_round_revealing_itself(chromium_path, data_dir, tmp_path):
    data_dir.mkdir(parents=True)
    store = TinyDBStore(data_dir)
    with served_app(data_dir) as url, chromium(chromium_path) as browser:
        facilitator = browser.new_context(viewport={"width": 1400, "height": 1100}, accept_downloads=True).new_page()
        facilitator.goto(f"{url}/session")
        facilitator.get_by_label("Instrument").click()
        facilitator.get_by_role("option", name=re.compile("four stages")).click()
        wait_for_rerun(facilitator)
        facilitator.get_by_label("Session title").fill("Youth centre review")
        facilitator.get_by_text("Reveal by itself when everyone is in").click()
        facilitator.get_by_text("Read the examples before the group does (moderate)").click()
        wait_for_rerun(facilitator)
        facilitator.get_by_role("button", name="Open the session").click()
        expect(facilitator).to_have_url(re.compile(r"/session\?f="), timeout=30_000)
        wait_for_rerun(facilitator)
        token = facilitator.url.split("f=")[1]
        session = store.get(token)
        assert session["auto_reveal"] and session["moderate"]
        join_link = f"{url}/join?s={session['join_token']}"

        participant = joined(browser, join_link, S.DEFAULT_ROLES[0])
        observer = browser.new_context(viewport={"width": 390, "height": 844}).new_page()  # a phone
        observer.goto(join_link)
        expect(observer.get_by_text("The facilitator reads the examples first.")).to_be_visible()
        observer.get_by_text("Watch only, without scoring (for a manager or a visitor)").click()
        observer.get_by_role("button", name="Watch only").click()
        expect(observer).to_have_url(re.compile(r"/watch\?o="), timeout=30_000)
        expect(observer.get_by_text("You are watching the team session", exact=False)).to_be_visible()
        wall = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
        wall.goto(f"{url}/projector?f={token}")
        expect(wall.get_by_text("1 joined · 0 submitted · 1 still scoring")).to_be_visible()  # the observer is in no figure

        facilitator.get_by_role("button", name="Start the timer").click()
        for device in (facilitator, participant, observer, wall):  # each page follows by itself
            expect(device.get_by_text(TIMER)).to_be_visible()
        store.update(token, lambda s: s["timer"].update(ends=time.time() - 1))  # the clock driven: time is up
        for device in (participant, observer, wall):
            expect(device.get_by_text("Time is up.", exact=False)).to_be_visible()
        assert store.get(token)["revealed"] == []  # the timer reveals nothing

        for stage in STAGES:
            score_item(participant, stage, f"main-{stage.lower()}", 1, NAMES_SOMEONE if stage == "Co-design" else f"We planned {stage}")
        others = [S.join(store, FOUR, session["join_token"], role=S.DEFAULT_ROLES[1])["token"] for _ in range(3)]
        participant.get_by_role("button", name="Submit").click()
        expect(participant.get_by_text("read-only", exact=False)).to_be_visible(timeout=30_000)
        for n, other in enumerate(others):
            submit(store, other, 2 + (n % 2), f"KEPT-{n} the staff planned it", FOUR)
        assert store.get(token)["revealed"] == []  # everyone is in, but the facilitator has not read the examples

        row = facilitator.locator('[data-testid="stHorizontalBlock"]', has_text=NAMES_SOMEONE)
        expect(row).to_have_count(1)
        row.get_by_role("button", name="Hold back").click()
        expect(facilitator.get_by_role("heading", name="Held back from the room")).to_be_visible()
        facilitator.get_by_role("button", name="I have read them all").click()
        expect(facilitator.get_by_role("heading", name="What everyone said")).to_be_visible()
        expect(facilitator.get_by_text("This round revealed itself when everyone who joined had submitted.")).to_be_visible()

        expect(participant.get_by_role("heading", name="What everyone said")).to_be_visible()  # no reload
        expect(observer.get_by_role("heading", name="What everyone said")).to_be_visible()
        expect(wall.get_by_text("The group's answers have been shown, so joining has closed.")).to_be_visible()
        expect(participant.get_by_text("The facilitator kept your example for Co-design back from the room", exact=False)).to_be_visible()
        for device in (observer, wall):
            assert "HELD-3K" not in device.locator("body").inner_text()
        assert "KEPT-" in observer.locator("body").inner_text()
        facilitator_text = facilitator.locator("body").inner_text()
        assert facilitator_text.count(NAMES_SOMEONE) == 1  # on the list held back, and nowhere in the results

        data = downloaded(facilitator, "All answers (XLSX)", tmp_path / "team.xlsx", lambda d: d.startswith(b"PK"))
        book = load_workbook(io.BytesIO(data))
        cells = [str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
        assert any("KEPT-0" in c for c in cells) and not any("HELD-3K" in c for c in cells)
        assert len([row for row in book["Answers"].iter_rows(min_row=2)]) == 4 * len(FOUR.items)  # four people; no observer
        for device in (facilitator, participant, observer, wall):
            assert device.locator('[data-testid="stException"]').count() == 0
