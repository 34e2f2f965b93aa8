"""Others rate you, in real browsers: a young person scores the IMAGINE engagement tool, invites
three people to rate them, each rates them in a browser of their own, and the person sees where
the others see them differently."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser import chromium, move_slider, served_app, wait_for_rerun

pytestmark = pytest.mark.browser
INDICATORS = ["Building on assets", "Having an equal voice", "Sharing responsibility", "Celebrating each other",
              "Encouraging mutual support", "Realising broader benefits"]


def score_all(page, steps: list[int]) -> None:
    for indicator, n in zip(INDICATORS, steps):
        move_slider(page, f"Your score for {indicator}", n)


def test_a_person_and_three_raters(chromium_path, data_dir, tmp_path):
    data_dir.mkdir(parents=True)
    with served_app(data_dir) as url, chromium(chromium_path) as browser:
        me = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
        me.goto(url)
        me.locator(".st-key-start-imagine-engagement button").click()
        me.get_by_label("What are you assessing?").fill("IMAGINE pilot, Wolverhampton")
        me.get_by_label("Your role").fill("participant")
        me.get_by_label("Your name (optional)").fill("Jo")
        me.get_by_role("button", name="Start").click()
        expect(me).to_have_url(re.compile(r"/score\?a="), timeout=30_000)
        wait_for_rerun(me)
        score_all(me, [6, 5, 5, 4, 3, 6])
        me.get_by_role("button", name="Finish").click()
        expect(me.get_by_text("read-only", exact=False)).to_be_visible(timeout=30_000)
        me.get_by_role("link", name="Results, chart and next-steps plan").click()
        wait_for_rerun(me)
        me.get_by_role("button", name="Invite others to rate me").click()
        wait_for_rerun(me)
        expect(me.locator('[data-testid="stCode"]').filter(has_text="/rate?r=")).to_be_visible(timeout=30_000)
        link = me.locator('[data-testid="stCode"]').filter(has_text="/rate?r=").inner_text().strip()

        for name, steps in (("Sam", [2, 5, 5, 4, 3, 6]), ("Ali", [3, 4, 5, 4, 3, 6]), ("", [2, 5, 4, 4, 3, 6])):
            rater = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
            rater.goto(link)
            wait_for_rerun(rater)
            expect(rater.get_by_text("about Jo", exact=False).first).to_be_visible()
            rater.get_by_label("Your name (optional)").fill(name)
            rater.get_by_role("button", name="Start").click()
            expect(rater).to_have_url(re.compile(r"/score\?a="), timeout=30_000)
            wait_for_rerun(rater)
            expect(rater.get_by_text("You are completing this about Jo", exact=False)).to_be_visible()
            score_all(rater, steps)
            rater.get_by_role("button", name="Submit").click()
            expect(rater.get_by_text("read-only", exact=False)).to_be_visible(timeout=30_000)
            assert "Where you and others differ most" not in rater.locator("body").inner_text()

        me.reload()
        wait_for_rerun(me)
        expect(me.get_by_role("heading", name="Where you and others differ most")).to_be_visible(timeout=30_000)
        expect(me.get_by_text("3 people have rated you: their median is shown", exact=False)).to_be_visible()
        table = me.locator('[data-testid="stTable"]').filter(has_text="Others' median")
        first = table.locator("tbody tr").first.inner_text()
        assert first.startswith("Building on assets") and "6 · Excellent" in first and "2 · Basic" in first  # the largest difference first
        me.screenshot(path=str(tmp_path / "others.png"), full_page=True)
        assert me.locator('[data-testid="stException"]').count() == 0
