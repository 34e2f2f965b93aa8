"""Review rounds in a real browser: finish a round, start the next, change two scores, see the
progress radar and the flagged drop, download the PDF with the progress and the calendar file."""

import re

import pytest
from playwright.sync_api import expect

from coprod.answers import assessment as A
from coprod.library.loading import load_library
from coprod.storage.tinydb import TinyDBStore
from tests.browser import (
    chromium,
    downloaded,
    downloaded_pdf_text,
    score_item,
    served_app,
    wait_for_rerun,
)
from tests.conftest import ROOT

pytestmark = pytest.mark.browser
STAGES = load_library(ROOT / "instruments").get("leeds-four-stages")


def test_next_round_progress_pdf_and_calendar(chromium_path, data_dir, tmp_path):
    store = TinyDBStore(data_dir)
    doc = store.create(A.new_assessment(STAGES, title="Park project", role="volunteer"))
    for item in STAGES.items:
        store.update(doc["token"], lambda d, i=item.id: (A.set_score(STAGES, d, "main", i, 2), A.set_example(STAGES, d, "main", i, f"First round: {i}")))
    with served_app(data_dir) as url, chromium(chromium_path) as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        page.goto(f"{url}/score?a={doc['token']}")
        wait_for_rerun(page)
        page.get_by_role("button", name="Finish").click()
        page.get_by_role("button", name="Start the next review round").click()
        expect(page.get_by_text("Review round 2", exact=False)).to_be_visible(timeout=30_000)
        expect(page.get_by_text("Last round", exact=False).first).to_be_visible()
        for n, item in enumerate(STAGES.items):
            steps = {0: 3, 1: 1}.get(n, 2)  # co-design up to Excellent, co-delivery down, the rest the same
            score_item(page, item.name, f"main-{item.id}", steps, f"Second round: {item.id}")
        page.get_by_role("button", name="Finish").click()
        expect(page.get_by_text("read-only", exact=False)).to_be_visible(timeout=30_000)
        page.get_by_role("link", name="Results, chart and next-steps plan").click()
        expect(page).to_have_url(re.compile(r"/results\?a="), timeout=30_000)
        expect(page.get_by_role("heading", name="Progress since earlier rounds")).to_be_visible(timeout=30_000)
        expect(page.get_by_text("Went down since the last round: Co-delivery", exact=False)).to_be_visible()
        expect(page.locator('[data-testid="stVegaLiteChart"]').nth(1)).to_be_visible()

        # (A fixed 700 ms wait here assumed a quiet machine: the downloads now wait for the page to settle.)
        text = downloaded_pdf_text(page, "PDF plan", tmp_path / "plan.pdf")
        assert "Progress since earlier rounds" in text and "went down" in text

        ics = tmp_path / "review.ics"
        body = downloaded(page, "Add to calendar (.ics)", ics, lambda data: data.startswith(b"BEGIN:VCALENDAR")).decode("utf-8")
        assert body.startswith("BEGIN:VCALENDAR") and "SUMMARY:Review: Park project" in body
