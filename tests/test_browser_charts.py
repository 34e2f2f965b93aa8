"""Charts as they are drawn on screen, measured in a real browser: a radar keeps its shape whatever its
legend, a legend is never cut short, and the survey's statements get the room the page has."""

import pytest
from playwright.sync_api import expect

from coprod.answers import assessment as A
from coprod.answers import rounds
from coprod.library.loading import load_library
from coprod.storage.tinydb import TinyDBStore
from tests.browser import chromium, served_app, wait_for_rerun
from tests.conftest import ROOT

pytestmark = pytest.mark.browser
LIB = load_library(ROOT / "instruments")
NEF = LIB.get("nef-framework")
RING = "#9aa5b1"  # coprod.charts.specs.RING_COLOUR


def finished(store, instrument, previous=None, **start) -> dict:
    doc = rounds.new_round(instrument, previous) if previous else A.new_assessment(instrument, title="Allotment", role="volunteer", **start)
    for p in doc["perspectives"]:
        for n, item in enumerate(instrument.items):
            A.set_score(instrument, doc, p, item.id, instrument.scale.min + (n + (1 if previous else 0)) % len(instrument.scale.values))
            A.set_example(instrument, doc, p, item.id, f"We ran the {item.id} session in June.")
    A.finish(instrument, doc)
    return store.create(doc)


def outer_rings(page, chart) -> list[dict]:
    """The on-screen box of the outer ring of every radar in `chart` (the widest ring line)."""
    return page.locator(chart).evaluate_all(f"""charts => charts.map(c => {{
        const rings = [...c.querySelectorAll('path')].filter(p => (p.getAttribute('stroke') || '').toLowerCase() === '{RING}');
        const boxes = rings.map(r => r.getBoundingClientRect()).filter(b => b.width > 0);
        const outer = boxes.reduce((a, b) => (b.width > a.width ? b : a), boxes[0]);
        return outer ? {{width: outer.width, height: outer.height}} : null;
    }}).filter(Boolean)""")


def legend_texts(page, chart) -> list[str]:
    return page.locator(f"{chart} .role-legend text").all_text_contents()


@pytest.mark.parametrize("width", [1280, 390])
def test_a_radar_stays_round_and_its_legend_whole_on_screen(chromium_path, data_dir, width):
    data_dir.mkdir(parents=True)
    store = TinyDBStore(data_dir)
    first = finished(store, NEF, perspectives=["you", "project"])
    second = finished(store, NEF, previous=first)
    with served_app(data_dir) as url, chromium(chromium_path) as browser:
        page = browser.new_page(viewport={"width": width, "height": 1000})
        page.goto(f"{url}/results?a={second['token']}")
        wait_for_rerun(page)
        charts = "[data-testid='stVegaLiteChart']"  # the views' radar, the rounds' radar, the rounds' lines
        for n in (0, 1):
            expect(page.locator(charts).nth(n).locator(".role-legend")).to_have_count(1, timeout=30_000)
        rings = outer_rings(page, charts)
        assert len(rings) == 2  # the two radars
        for ring in rings:
            assert abs(ring["width"] / ring["height"] - 1) < 0.03, rings  # a circle, not an ellipse
        for text in legend_texts(page, charts):
            assert not text.endswith("…"), text
        assert any(t.startswith("Round 1 (") and t.endswith("Your project") for t in legend_texts(page, charts))


def statement_widths(page) -> list[float]:
    """The on-screen width of each statement beside the survey's bars (its longest wrapped line);
    fails if one starts left of its chart (cut off)."""
    boxes = page.locator("[data-testid='stVegaLiteChart'] .role-axis-label text").evaluate_all(
        """texts => texts.filter(t => !/^[0-9.]+$/.test(t.textContent)).map(t => [t.getBoundingClientRect().width,
            t.getBoundingClientRect().left - t.closest('[data-testid=stVegaLiteChart]').getBoundingClientRect().left])""")
    assert all(left >= -1 for _, left in boxes), boxes
    return [width for width, _ in boxes]


@pytest.mark.parametrize("width", [1280, 390])
def test_the_surveys_statements_get_the_room_the_page_has(chromium_path, data_dir, width):
    survey = LIB.get("attitudes-survey")
    data_dir.mkdir(parents=True)
    doc = finished(TinyDBStore(data_dir), survey)
    with served_app(data_dir) as url, chromium(chromium_path) as browser:
        page = browser.new_page(viewport={"width": width, "height": 1000})
        page.goto(f"{url}/results?a={doc['token']}")
        wait_for_rerun(page)
        expect(page.locator("[data-testid='stVegaLiteChart'] .role-axis-label text").first).to_be_attached(timeout=30_000)
        widths = statement_widths(page)
        assert len(widths) >= len(survey.items)
        if width >= 1280:
            assert max(widths) > 220, widths  # not squeezed into about 130 px beside a page-wide chart
        else:
            assert max(widths) < 160, widths  # a phone keeps room for the bars
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
