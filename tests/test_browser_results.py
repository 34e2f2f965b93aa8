"""In a real browser: finish an assessment, open the results, see the chart, edit a plan cell,
download the PDF and read its text."""

import re

import pytest
from playwright.sync_api import expect

from coprod.answers import assessment as A
from coprod.library.loading import load_library
from coprod.storage.tinydb import TinyDBStore
from tests.browser import (
    chromium,
    downloaded_pdf_text,
    served_app,
    settled,
    until,
    wait_for_rerun,
)
from tests.conftest import ROOT

pytestmark = pytest.mark.browser
LEEDS = load_library(ROOT / "instruments").get("leeds-six-principles")


GRID_FOCUSED = "() => document.activeElement?.getAttribute('data-testid') === 'data-grid-canvas'"


def test_finish_open_results_edit_the_plan_and_download_the_pdf(chromium_path, data_dir, tmp_path):
    store = TinyDBStore(data_dir)
    doc = store.create(A.new_assessment(LEEDS, title="Walking group — “Zoë’s” idea 🌱", role="volunteer"))
    for n, item in enumerate(LEEDS.items):
        store.update(doc["token"], lambda d, i=item.id, n=n: (A.set_score(LEEDS, d, "main", i, 2 + n), A.set_example(LEEDS, d, "main", i, f"Łukasz ran the {i} session in May.")))
    with served_app(data_dir) as url, chromium(chromium_path) as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        page.goto(f"{url}/score?a={doc['token']}")
        wait_for_rerun(page)
        page.get_by_role("button", name="Finish").click()
        expect(page.get_by_text("This assessment is read-only", exact=False)).to_be_visible(timeout=30_000)
        page.get_by_role("link", name="Results, chart and next-steps plan").click()
        expect(page).to_have_url(re.compile(r"/results\?a="), timeout=30_000)
        expect(page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible(timeout=30_000)
        expect(page.get_by_text(re.compile(r"^Strongest:"))).to_be_visible()  # the summary
        expect(page.get_by_text(re.compile(r"^The chart in words: Strongest:"))).to_be_visible()  # the chart's words

        # The plan editor draws on a canvas: click the first row's first cell, move right to
        # "Who" (principle, current, next level, actions, who) and type.
        grid = page.locator('[data-testid="data-grid-canvas"]').last
        grid.scroll_into_view_if_needed()
        settled(page)  # the grid is drawn where it stays
        box = grid.bounding_box()
        cell_editor = page.locator("textarea.gdg-input")
        for _ in range(3):  # a click that lands while the grid takes its focus may select nothing: try again
            page.mouse.click(box["x"] + 80, box["y"] + 35 + 17)
            try:  # keys pressed before the grid has the focus go nowhere, and the edit would land in another column
                page.wait_for_function(GRID_FOCUSED, timeout=20_000)
            except Exception:
                continue
            for _ in range(4):
                page.keyboard.press("ArrowRight")
            page.keyboard.press("Enter")  # open the cell editor
            try:
                cell_editor.wait_for(state="visible", timeout=20_000)
                break
            except Exception:
                page.keyboard.press("Escape")
        cell_editor.fill("Aisha")
        page.keyboard.press("Enter")
        until(lambda: store.get(doc["token"]).get("plan", [{}])[0].get("who") == "Aisha", "the edit saved")
        # Saving the edit reruns the page twice (the edit, then the rebuilt table): the PDF the page
        # offers holds the edit once both are done.
        text = downloaded_pdf_text(page, "PDF plan", tmp_path / "plan.pdf", lambda text: "Aisha" in text)
        assert "Walking group — “Zoë’s” idea" in text
        assert "Łukasz ran the assets session in May." in text
        assert "Aisha" in text
        page.screenshot(path=str(tmp_path / "results.png"), full_page=True)
