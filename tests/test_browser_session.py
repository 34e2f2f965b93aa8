"""A team session in real browsers: a facilitator and four participants in separate browser
contexts, one of them alone in their role group. People join by link, score and submit; until the
reveal nobody's page holds anyone else's answers; the facilitator reveals; the overlay and a flag
appear, the role view says why no group is shown beside the lone person, and nothing on the screen
ties their answer to their role; the team PDF downloads."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser import (
    chromium,
    downloaded_pdf_text,
    joined,
    score_item,
    served_app,
    until,
    wait_for_rerun,
)

pytestmark = pytest.mark.browser
STAGES = ["Co-design", "Co-delivery", "Co-evaluation", "Co-governance"]


def take_part(browser, join_link, role, steps, example):
    page = joined(browser, join_link, role)
    for stage in STAGES:
        score_item(page, stage, f"main-{stage.lower()}", steps, f"{example} ({stage})")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("read-only", exact=False)).to_be_visible(timeout=30_000)
    return page


def test_facilitator_and_four_participants_one_alone_in_their_group(chromium_path, data_dir, tmp_path):
    data_dir.mkdir(parents=True)
    with served_app(data_dir) as url, chromium(chromium_path) as browser:
        facilitator = browser.new_context(viewport={"width": 1400, "height": 1100}, accept_downloads=True).new_page()
        facilitator.goto(f"{url}/session")
        facilitator.get_by_label("Instrument").click()
        facilitator.get_by_role("option", name=re.compile("four stages")).click()
        wait_for_rerun(facilitator)
        facilitator.get_by_label("Session title").fill("Park project review")  # the smallest group shown: 3, as offered
        facilitator.get_by_role("button", name="Open the session").click()
        expect(facilitator).to_have_url(re.compile(r"/session\?f="), timeout=30_000)
        wait_for_rerun(facilitator)
        expect(facilitator.locator('[data-testid="stCode"]').first).to_contain_text("/join?s=", timeout=30_000)
        join_link = facilitator.locator('[data-testid="stCode"]').first.inner_text().strip()
        assert re.search(r"/join\?s=[A-Za-z0-9_-]{22}$", join_link)
        expect(facilitator.get_by_role("img", name="Scan to join").or_(facilitator.locator('[data-testid="stImage"]')).first).to_be_visible()

        lone = take_part(browser, join_link, "Young person / person using the service", 1, "We were not asked")
        take_part(browser, join_link, "Staff or professional", 2, "Some say in the plans")
        take_part(browser, join_link, "Staff or professional", 3, "Young people chair the board")
        take_part(browser, join_link, "Staff or professional", 3, "The board has two young members")

        expect(facilitator.get_by_text("4 of 4 joined")).to_be_visible(timeout=30_000)  # the live view updates itself
        for page in (facilitator, lone):
            page.reload()
            wait_for_rerun(page)
            seen = page.locator("body").inner_text()
            assert "Some say in the plans" not in seen and "Young people chair" not in seen and "two young members" not in seen
        facilitator.get_by_role("button", name="Reveal to everyone").click()
        expect(facilitator.get_by_role("heading", name="What everyone said")).to_be_visible(timeout=30_000)
        expect(facilitator.get_by_role("heading", name="Talk about this")).to_be_visible()
        expect(facilitator.get_by_text("We were not asked (Co-design)", exact=False)).to_be_visible()
        expect(facilitator.get_by_role("heading", name="By role group")).to_be_visible()
        # One young person beside three staff: the staff's medians would give the young person's shape
        # away, so no group is shown, and the page says why (coprod.sessions.disclosure).
        expect(facilitator.get_by_text("Role groups are not shown: one group is smaller than 3", exact=False)).to_be_visible()
        lines = facilitator.locator("body").inner_text().splitlines()
        assert not [line for line in lines if "Young person" in line and "We were not asked" in line]
        expect(facilitator.locator('[data-testid="stVegaLiteChart"]').nth(1)).to_be_visible(timeout=30_000)  # overlay, spread
        assert facilitator.locator('[data-testid="stVegaLiteChart"]').count() == 2  # and no role radar
        facilitator.screenshot(path=str(tmp_path / "facilitator.png"), full_page=True)
        wait_for_rerun(facilitator)

        text = downloaded_pdf_text(facilitator, "Team PDF", tmp_path / "team.pdf")
        assert "Park project review" in text and "Young people chair the board" in text
        assert facilitator.locator('[data-testid="stException"]').count() == 0


def test_an_agreed_example_typed_just_before_leaving_is_saved(chromium_path, data_dir):
    """The facilitator types the group's agreed example and, in the same second, leaves for another
    page: the save runs before anything is drawn, so the slow team views cannot cut it off."""
    from coprod.sessions import lifecycle as S
    from coprod.storage.tinydb import TinyDBStore
    from tests.apptest import LEEDS, submit

    store = TinyDBStore(data_dir)
    session = S.open_session(store, S.new_session(LEEDS, title="Park review", anonymous=True, roles=list(S.DEFAULT_ROLES)))
    for n in range(4):
        submit(store, S.join(store, LEEDS, session["join_token"], role=S.DEFAULT_ROLES[n % 2])["token"], 2 + 2 * n, f"Example {n}")
    store.update(session["token"], S.reveal)
    with served_app(data_dir) as url, chromium(chromium_path) as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(f"{url}/session?f={session['token']}")
        wait_for_rerun(page)
        box = page.locator(".st-key-item-main-assets [data-testid='stElementContainer'][data-stale='false'] textarea")
        box.fill("Agreed: the young people chose the budget")
        box.press("Tab")  # the box sends its text: a rerun of this page starts...
        page.locator('[data-testid="stSidebarNavLink"]').first.click()  # ...and is cut off by leaving
        until(lambda: store.get(session["token"])["answers"]["main"].get("assets", {}).get("example"), "the agreed example saved")
        assert store.get(session["token"])["answers"]["main"]["assets"]["example"] == "Agreed: the young people chose the budget"
