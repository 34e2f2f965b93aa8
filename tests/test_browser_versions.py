"""A personalised version through a whole team session, in Chromium: a youth service makes its own
version of the Leeds four stages in the editor (one stage renamed in its own words) and saves it;
runs a team session with it, where two people answer online and two on paper, their forms typed in
by the facilitator; reveals; and a later edit of the version leaves the session's results and its
PDF as they were."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser import (
    chromium,
    downloaded_pdf_text,
    joined,
    score_item,
    served_app,
    wait_for_rerun,
)

pytestmark = pytest.mark.browser
STAGES = {"co-design": "Designing together", "co-delivery": "Co-delivery", "co-evaluation": "Co-evaluation",
          "co-governance": "Co-governance"}


def rename_first_stage(page, to: str) -> None:
    page.get_by_role("tab", name="Items").click()
    page.get_by_text(re.compile(r"^(Co-design|Designing together)$")).first.click()  # the item's fold
    name = page.get_by_label("Name", exact=True).first
    name.fill(to)
    name.press("Tab")
    wait_for_rerun(page)


def take_part(browser, join_link, role, example):
    page = joined(browser, join_link, role)
    for item_id, name in STAGES.items():
        score_item(page, name, f"main-{item_id}", 1, f"{example} ({name})")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("read-only", exact=False)).to_be_visible(timeout=30_000)


def enter_paper_form(page, n: int, role: str, level: str, example: str) -> None:
    form = page.locator('[data-testid="stForm"]').filter(has=page.get_by_role("button", name="Enter these answers"))
    form.get_by_text(role, exact=True).click()
    for k, (item_id, name) in enumerate(STAGES.items()):
        form.locator(f".st-key-paper-score-{n}-{item_id}").get_by_text(level, exact=True).click()
        form.locator(f".st-key-paper-example-{n}-{item_id} textarea").fill(f"{example} ({name})")
    form.get_by_role("button", name="Enter these answers").click()
    expect(page.get_by_text(f"Entered as paper form {n + 1}, marked as from paper", exact=False)).to_be_visible(timeout=30_000)
    wait_for_rerun(page)


def test_a_personalised_version_through_a_team_session_with_paper_answers(chromium_path, data_dir, tmp_path):
    data_dir.mkdir(parents=True)
    with served_app(data_dir) as url, chromium(chromium_path) as browser:
        page = browser.new_context(viewport={"width": 1400, "height": 1100}, accept_downloads=True).new_page()
        page.goto(f"{url}/instrument?id=leeds-four-stages")
        wait_for_rerun(page)
        page.get_by_role("button", name="Make a version for my organisation").click()
        expect(page).to_have_url(re.compile(r"/edit\?v="), timeout=30_000)
        wait_for_rerun(page)
        editor_link = page.url
        rename_first_stage(page, "Designing together")
        expect(page.get_by_role("heading", name="Designing together")).to_be_visible()  # the live preview
        page.get_by_role("button", name="Save as version 1").click()
        wait_for_rerun(page)
        expect(page.get_by_text("Saved versions: 1.", exact=False)).to_be_visible(timeout=30_000)
        page.screenshot(path=str(tmp_path / "editor.png"), full_page=True)

        page.get_by_role("link", name="Run a team session").click()
        expect(page).to_have_url(re.compile(r"/session\?version="), timeout=30_000)
        wait_for_rerun(page)
        expect(page.get_by_label("Instrument")).to_have_value(re.compile("our version"))
        page.get_by_label("Session title").fill("Youth club review")
        page.get_by_role("button", name="Open the session").click()
        expect(page).to_have_url(re.compile(r"/session\?f="), timeout=30_000)
        wait_for_rerun(page)
        facilitator_link = page.url
        join_link = page.locator('[data-testid="stCode"]').first.inner_text().strip()

        take_part(browser, join_link, "Staff or professional", "Online: we planned it with them")
        take_part(browser, join_link, "Staff or professional", "Online: they helped run it")

        page.get_by_text(re.compile(r"^Paper forms")).click()
        enter_paper_form(page, 0, "Staff or professional", "Excellent", "Paper: young people chair the group")
        enter_paper_form(page, 1, "Staff or professional", "Excellent", "Paper: they chose the budget")
        expect(page.get_by_text("4 of 4", exact=False).first).to_be_visible(timeout=30_000)

        page.get_by_role("button", name="Reveal to everyone").click()
        expect(page.get_by_role("heading", name="What everyone said")).to_be_visible(timeout=30_000)
        expect(page.get_by_role("heading", name="Talk about this")).to_be_visible()
        expect(page.get_by_text("Paper: young people chair the group (Designing together)", exact=False).first).to_be_visible()
        before = downloaded_pdf_text(page, "Team PDF", tmp_path / "before.pdf")
        assert "Designing together" in before and "Paper: they chose the budget" in before
        page.screenshot(path=str(tmp_path / "revealed.png"), full_page=True)

        page.goto(editor_link)  # a later edit of the version
        wait_for_rerun(page)
        rename_first_stage(page, "Renamed later")
        page.get_by_role("button", name="Save as version 2").click()
        wait_for_rerun(page)
        expect(page.get_by_text("Saved versions: 1, 2.", exact=False)).to_be_visible(timeout=30_000)

        page.goto(facilitator_link)
        wait_for_rerun(page)
        expect(page.get_by_role("heading", name="What everyone said")).to_be_visible(timeout=30_000)
        assert "Renamed later" not in page.locator("body").inner_text()
        after = downloaded_pdf_text(page, "Team PDF", tmp_path / "after.pdf")
        assert after == before
        assert page.locator('[data-testid="stException"]').count() == 0
