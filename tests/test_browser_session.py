"""A team session in real browsers: a facilitator and three participants in separate browser
contexts. People join by link, score and submit; the facilitator reveals; the overlay, a flag and
the role view appear; the team PDF downloads."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser import chromium, downloaded_pdf_text, score_item, served_app, wait_for_rerun

pytestmark = pytest.mark.browser
STAGES = ["Co-design", "Co-delivery", "Co-evaluation", "Co-governance"]


def take_part(browser, join_link, role, steps, example):
    page = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    page.goto(join_link)
    page.get_by_text(role, exact=True).click()
    page.get_by_role("button", name="Join and start scoring").click()
    expect(page).to_have_url(re.compile(r"/score\?a="), timeout=30_000)
    wait_for_rerun(page)
    for stage in STAGES:
        score_item(page, stage, f"main-{stage.lower()}", steps, f"{example} ({stage})")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("read-only", exact=False)).to_be_visible(timeout=30_000)
    return page


def test_facilitator_and_three_participants(chromium_path, data_dir, tmp_path):
    data_dir.mkdir(parents=True)
    with served_app(data_dir) as url, chromium(chromium_path) as browser:
        facilitator = browser.new_context(viewport={"width": 1400, "height": 1100}, accept_downloads=True).new_page()
        facilitator.goto(f"{url}/session")
        facilitator.get_by_label("Instrument").click()
        facilitator.get_by_role("option", name=re.compile("four stages")).click()
        wait_for_rerun(facilitator)
        facilitator.get_by_label("Session title").fill("Park project review")
        facilitator.get_by_label("Smallest group whose answers may be shown", exact=True).and_(facilitator.get_by_role("spinbutton")).fill("1")
        facilitator.get_by_role("button", name="Open the session").click()
        expect(facilitator).to_have_url(re.compile(r"/session\?f="), timeout=30_000)
        wait_for_rerun(facilitator)
        expect(facilitator.locator('[data-testid="stCode"]').first).to_contain_text("/join?s=", timeout=30_000)
        join_link = facilitator.locator('[data-testid="stCode"]').first.inner_text().strip()
        assert re.search(r"/join\?s=[A-Za-z0-9_-]{22}$", join_link)
        expect(facilitator.get_by_role("img", name="Scan to join").or_(facilitator.locator('[data-testid="stImage"]')).first).to_be_visible()

        take_part(browser, join_link, "Young person / person using the service", 1, "We were not asked")
        take_part(browser, join_link, "Young person / person using the service", 2, "Some say in the plans")
        take_part(browser, join_link, "Staff or professional", 3, "Young people chair the board")

        expect(facilitator.get_by_text("3 of 3 joined")).to_be_visible(timeout=30_000)  # the live view updates itself
        facilitator.get_by_role("button", name="Reveal to everyone").click()
        expect(facilitator.get_by_role("heading", name="What everyone said")).to_be_visible(timeout=30_000)
        expect(facilitator.get_by_role("heading", name="Talk about this")).to_be_visible()
        expect(facilitator.get_by_text("We were not asked (Co-design)", exact=False)).to_be_visible()
        expect(facilitator.get_by_role("heading", name="By role group")).to_be_visible()
        expect(facilitator.locator('[data-testid="stVegaLiteChart"]').nth(2)).to_be_visible(timeout=30_000)  # overlay, spread, roles
        facilitator.screenshot(path=str(tmp_path / "facilitator.png"), full_page=True)
        wait_for_rerun(facilitator)

        text = downloaded_pdf_text(facilitator, "Team PDF", tmp_path / "team.pdf")
        assert "Park project review" in text and "Young people chair the board" in text
        assert facilitator.locator('[data-testid="stException"]').count() == 0
