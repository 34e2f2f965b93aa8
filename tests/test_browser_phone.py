"""A participant on a phone (390 × 844 CSS px, touch): join by code, pick a role, score three items
with the slider and three with the list, write the examples, submit, and see what the group agreed
once it is published. At every step nothing is cut off or scrolls sideways, the descriptors sit
under the slider, targets pass axe's 24 px rule, and the resume link wraps. Every page is checked
again at 320 CSS px (WCAG 1.4.10, reflow). Screenshots of each step go to the test's folder."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from coprod.answers import assessment as A
from coprod.sessions import lifecycle as S
from coprod.storage.interface import format_code
from tests.apptest import LEEDS, LIB, session_with
from tests.axe import audit
from tests.browser import chromium, served_app, settled, wait_for_rerun

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
OTHERS = [(S.DEFAULT_ROLES[1], 8, "The forum chose the budget"), (S.DEFAULT_ROLES[1], 9, "Young people chair the board"),
          (S.DEFAULT_ROLES[1], 5, "Some say in the plans")]

# What sticks out of the page sideways: its scroll width beyond the window, and the elements whose
# right edge passes it (ignoring what an element inside the page clips or scrolls inside itself on
# purpose; Streamlit's main area itself scrolls, and content it has to scroll sideways counts).
SIDEWAYS = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  if (document.documentElement.scrollWidth > width + 1) out.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
  for (const el of document.querySelectorAll('[data-testid="stMain"] *')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    let clipped = false;
    for (let p = el.parentElement; p && p.dataset.testid !== "stMain"; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (/(auto|scroll|hidden|clip)/.test(s.overflowX) && p.getBoundingClientRect().right <= width + 1) { clipped = true; break; }
    }
    if (!clipped) out.push(`${el.tagName.toLowerCase()}.${(el.className || '').toString().slice(0, 40)} ends at ${Math.round(box.right)} px`);
  }
  return out.slice(0, 8);
}"""


def step(page, name: str, tmp_path, narrow_too: bool = True) -> None:
    """Check the page as it is at 390 px, and again at 320 px; keep screenshots of both."""
    wait_for_rerun(page)
    settled(page)
    assert page.locator('[data-testid="stException"]').count() == 0, name
    page.screenshot(path=str(tmp_path / f"{name}-390.png"), full_page=True)
    assert page.evaluate(SIDEWAYS) == [], name
    own, _ = audit(page, name)
    assert own == [], "\n".join(map(str, own))
    if narrow_too:
        page.set_viewport_size({"width": 320, "height": 700})
        settled(page)
        page.screenshot(path=str(tmp_path / f"{name}-320.png"), full_page=True)
        assert page.evaluate(SIDEWAYS) == [], f"{name} at 320 px"
        page.set_viewport_size(PHONE["viewport"])
        settled(page)


def test_a_participant_takes_part_on_a_phone(chromium_path, data_dir, tmp_path):
    store, session, _ = session_with(data_dir, OTHERS, title="Youth forum on the phone")
    with served_app(data_dir) as url, chromium(chromium_path) as browser:
        page = browser.new_context(**PHONE).new_page()
        page.goto(f"{url}/join")
        step(page, "1-join-by-code", tmp_path)
        page.get_by_label("Session code").fill(format_code(session["join_code"]))
        page.get_by_role("button", name="Find the session").tap()
        expect(page.get_by_text("Which group are you in?")).to_be_visible(timeout=30_000)
        step(page, "2-pick-a-role", tmp_path)
        page.get_by_text(S.DEFAULT_ROLES[0], exact=True).tap()
        page.get_by_role("button", name="Join and start scoring").tap()
        expect(page).to_have_url(re.compile(r"/score\?a="), timeout=30_000)
        step(page, "3-score-page", tmp_path)

        first = LEEDS.items[0]
        item = page.locator(f".st-key-item-main-{first.id}")
        slider_box = item.get_by_role("slider").bounding_box()
        bands_box = item.locator(".coprod-bands").bounding_box()
        assert bands_box["y"] >= slider_box["y"] + slider_box["height"] - 1, "the descriptors sit under the slider on a phone"

        for n, it in enumerate(LEEDS.items[:3]):
            slider = page.get_by_role("slider", name=f"Your score for {it.name}")
            slider.focus()
            for _ in range(2 + n):
                slider.press("ArrowRight")
                wait_for_rerun(page)
            example(page, it, f"We asked the young people about {it.name.lower()} first.")
        page.get_by_text("Choose from a list instead of a slider").tap()
        wait_for_rerun(page)
        for it in LEEDS.items[3:]:
            group = page.get_by_role("radiogroup", name=f"Your score for {it.name}")
            group.locator("label").nth(3).tap()  # the third score: 3, Not there yet
            wait_for_rerun(page)
            example(page, it, f"Nobody asked us about {it.name.lower()}.")
        expect(page.get_by_text("6 of 6 scored")).to_be_visible(timeout=30_000)
        step(page, "4-scored-with-list", tmp_path)

        page.get_by_text("Your link and code to carry on later").tap()
        link = page.locator(".coprod-link a")
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box["x"] + box["width"] <= 390 and box["height"] > 30, "the resume link wraps onto more lines"
        step(page, "5-resume-link", tmp_path)

        page.get_by_role("button", name="Submit").tap()
        expect(page.get_by_text("read-only")).to_be_visible(timeout=30_000)
        step(page, "6-submitted", tmp_path)

        store.update(session["token"], lambda s: (S.reveal(s), A.set_score(LEEDS, s, "main", first.id, 6),
                                                  A.set_example(LEEDS, s, "main", first.id, "Agreed: ask first, then plan"),
                                                  s.update(published=True)))
        page.reload()
        expect(page.get_by_role("heading", name="What the group agreed")).to_be_visible(timeout=30_000)
        expect(page.get_by_text("Agreed: ask first, then plan")).to_be_visible()
        step(page, "7-published", tmp_path)
    print(f"\nPhone screenshots: {tmp_path}")


def example(page, item, text: str) -> None:
    box = page.locator(f".st-key-item-main-{item.id} [data-testid='stElementContainer'][data-stale='false'] textarea")
    expect(box).to_have_count(1)
    box.tap()
    box.fill(text)
    box.press("Tab")
    wait_for_rerun(page)


def test_every_page_of_a_revealed_session_fits_a_phone(chromium_path, data_dir):
    """The pages a participant or a facilitator may open on a phone, with the group's charts drawn:
    nothing sticks out sideways at 390 px or at 320 px."""
    people = [(S.DEFAULT_ROLES[n % 2], score, f"Example {n}: we asked first") for n, score in enumerate((1, 3, 5, 7, 9, 2))]
    store, session, tokens = session_with(data_dir, people)
    store.update(session["token"], S.reveal)
    pages = [f"/score?a={tokens[0]}", f"/results?a={tokens[0]}", f"/print?a={tokens[0]}", f"/session?f={session['token']}",
             f"/projector?f={session['token']}", "/", "/instrument?id=nef-framework", "/join"]
    with served_app(data_dir) as url, chromium(chromium_path) as browser:
        page = browser.new_context(**PHONE).new_page()
        for width in (390, 320):
            page.set_viewport_size({"width": width, "height": 844})
            for path in pages:
                page.goto(url + path)
                page.locator('[data-testid="stMain"]').wait_for(timeout=30_000)
                wait_for_rerun(page)
                settled(page)
                assert page.locator('[data-testid="stException"]').count() == 0, path
                assert page.evaluate(SIDEWAYS) == [], f"{path} at {width} px"


def test_the_stacked_bars_leave_their_bars_room_on_a_phone(chromium_path, data_dir):
    """The attitudes survey's statements are wrapped beside the bars: on a phone they must not take
    the width the bars need (a long axis title or legend once squeezed the bars to nothing)."""
    survey = LIB.get("attitudes-survey")
    store, session, tokens = session_with(data_dir, [(S.DEFAULT_ROLES[n % 2], 1 + n % 4, f"Example {n}") for n in range(6)],
                                          instrument=survey, min_group=1)
    store.update(session["token"], S.reveal)
    with served_app(data_dir) as url, chromium(chromium_path) as browser:
        page = browser.new_context(**PHONE).new_page()
        for width in (390, 320):
            page.set_viewport_size({"width": width, "height": 844})
            for path in (f"/results?a={tokens[0]}", f"/session?f={session['token']}"):
                page.goto(url + path)
                chart = page.locator('[data-testid="stVegaLiteChart"]').filter(has_text="Strongly disagree").first
                expect(chart.locator("svg").first).to_be_visible(timeout=30_000)
                wait_for_rerun(page)
                bars = chart.evaluate("c => { const r = [...c.querySelectorAll('g.mark-rect path')].map(p => p.getBoundingClientRect());"
                                      " return Math.max(...r.map(b => b.right)) - Math.min(...r.map(b => b.left)); }")
                assert bars >= 0.4 * chart.bounding_box()["width"], (path, width, bars)  # the bars' whole extent
                assert page.evaluate(SIDEWAYS) == [], f"{path} at {width} px"
