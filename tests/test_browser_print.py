"""The print view on A4, printed by Chromium itself: the radar and its scores on page 1, no page left
mostly empty before the last, and few pages (nef's three views took 12)."""

import subprocess

import pytest
from PIL import Image

from coprod.storage.tinydb import TinyDBStore
from tests.browser import chromium, served_app, wait_for_rerun
from tests.test_browser_charts import LIB, finished

pytestmark = pytest.mark.browser
CASES = [  # instrument, views, at most this many pages
    ("nef-framework", ["you", "project", "organisation"], 4),
    ("leeds-six-principles", None, 2),
    ("imagine-engagement", None, 3),
    ("headstart-checklist", None, 5),
    ("attitudes-survey", None, 4),  # its plan starts with the statements disagreed with most, then the five steps
]


def page_text(path, n: int) -> str:
    return " ".join(subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())


def test_the_print_view_fills_a4_pages(chromium_path, data_dir, tmp_path):
    data_dir.mkdir(parents=True)
    store = TinyDBStore(data_dir)
    docs = {i: finished(store, LIB.get(i), **({"perspectives": views} if views else {})) for i, views, _ in CASES}
    with served_app(data_dir) as url, chromium(chromium_path) as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        for instrument_id, _, most in CASES:
            instrument, doc = LIB.get(instrument_id), docs[instrument_id]
            page.goto(f"{url}/print?a={doc['token']}")
            wait_for_rerun(page)
            page.locator(".st-key-printout table").last.wait_for(timeout=30_000)
            if page.locator("[data-testid='stVegaLiteChart']").count():
                page.locator("[data-testid='stVegaLiteChart'] svg").first.wait_for(timeout=30_000)
            page.emulate_media(media="print")
            path = tmp_path / f"{instrument_id}.pdf"
            page.pdf(path=str(path), format="A4", prefer_css_page_size=True, print_background=True)
            page.emulate_media(media="screen")
            subprocess.run(["pdftoppm", "-png", "-r", "30", str(path), str(tmp_path / instrument_id)], check=True)
            pages = sorted(tmp_path.glob(f"{instrument_id}-*.png"))
            assert 1 <= len(pages) <= most, (instrument_id, len(pages))
            for image in pages[:-1]:  # every page but the last is used (a table row too tall for the rest of a page moves on)
                grey = Image.open(image).convert("L")
                inked = [y for y in range(grey.height) if grey.crop((0, y, grey.width, y + 1)).getextrema()[0] < 160]
                assert inked and inked[-1] > 0.7 * grey.height, (instrument_id, image.name)
            first = page_text(path, 1)
            if instrument.kind == "scale":  # the scores table (headed "Item") beside the radar, on page 1
                assert "Item" in first.split(), (instrument_id, first)
