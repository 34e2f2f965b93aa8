"""A real browser opens the home page served by `streamlit run` and finds all six instruments."""

import pytest
from playwright.sync_api import expect

from tests.browser import chromium, served_app, wait_for_rerun

pytestmark = pytest.mark.browser


def test_home_lists_six_instruments_and_one_opens_to_its_full_text(chromium_path, data_dir, tmp_path):
    data_dir.mkdir(parents=True)
    with served_app(data_dir) as url, chromium(chromium_path) as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        expect(page.get_by_role("button", name="Read the full text")).to_have_count(6, timeout=30_000)
        for title in (
            "Co-production Self-assessment Framework",
            "IMAGINE",
            "HeadStart",
            "the four stages of co-production",
            "the six principles of co-production",
            "attitudes",
        ):
            expect(page.get_by_text(title, exact=False).first).to_be_visible()
        page.screenshot(path=str(tmp_path / "home.png"), full_page=True)

        page.locator(".st-key-read-nef-framework button").click()
        expect(page.get_by_text("People are seen as students, users, victims", exact=False)).to_be_visible(timeout=30_000)
        wait_for_rerun(page)
        assert "id=nef-framework" in page.url
        assert page.locator('[data-testid="stException"]').count() == 0


def test_a_deep_link_as_the_first_request_after_a_start_still_gets_the_apps_navigation(chromium_path, data_dir):
    """Streamlit's legacy mode runs a pages/ script directly when the first request names it;
    the pages live in app_pages/ so a shared link works straight after a restart."""
    data_dir.mkdir(parents=True)
    with served_app(data_dir) as url, chromium(chromium_path) as browser:
        page = browser.new_page()
        page.goto(f"{url}/instrument?id=imagine-engagement")
        expect(page.get_by_text("I feel I have limited opportunities", exact=False)).to_be_visible(timeout=30_000)
        nav = page.locator('[data-testid="stSidebarNavLink"]')
        expect(nav.filter(has_text="Read a toolkit")).to_have_count(1)
        # The legacy mode would list the files instead: "streamlit app", "home", "instrument".
        labels = [label.split("\n")[-1].strip() for label in nav.all_inner_texts()]  # after the icon
        assert labels[0] == "Toolkits" and "streamlit app" not in labels and "instrument" not in labels
