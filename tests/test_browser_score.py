"""The individual self-audit in a real browser: start the nef framework for two views (one example
per principle, as nef asks), score half, reload, resume from the link in a fresh tab, finish."""

import re
from contextlib import contextmanager

import pytest
from playwright.sync_api import expect

from tests.browser import (
    chromium,
    move_slider,
    served_app,
    type_example,
    until,
    wait_for_rerun,
)

pytestmark = pytest.mark.browser
ITEMS = ["Assets", "Capacity", "Mutuality", "Networks", "Blur roles", "Catalysts"]


def score(page, item: str, you: int, project: int, example: str) -> None:
    """Score one nef principle for you and for your project, and give its one example."""
    move_slider(page, f"You: score for {item}", you)
    move_slider(page, f"Your project: score for {item}", project)
    type_example(page, f"you-{item.lower().replace(' ', '-')}", example)


def test_score_half_reload_resume_from_the_link_and_finish(chromium_path, data_dir, tmp_path):
    data_dir.mkdir(parents=True)
    with served_app(data_dir) as url, chromium(chromium_path) as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(url)
        page.locator(".st-key-start-nef-framework button").click()
        page.get_by_label("What are you assessing?").fill("Café club – “Łukasz’s” idea")
        page.get_by_label("Your role").fill("youth worker")
        expect(page.get_by_text("Your organisation").first).to_be_visible()
        page.locator('[data-testid="stMultiSelect"] input').first.focus()
        page.keyboard.press("Backspace")  # drop the last view: score "You" and "Your project"
        page.get_by_role("button", name="Start").click()
        expect(page).to_have_url(re.compile(r"/score\?a=[A-Za-z0-9_-]{22}$"), timeout=30_000)
        wait_for_rerun(page)
        expect(page.get_by_text("0 of 12 scored")).to_be_visible()

        expect(page.locator("textarea")).to_have_count(len(ITEMS))  # one example box per principle, not per view
        for item in ITEMS[:3]:
            score(page, item, 2, 3, f"At the {item.lower()} session in May, young people led the planning.")
        expect(page.get_by_text("6 of 12 scored")).to_be_visible()

        page.reload()
        wait_for_rerun(page)
        expect(page.get_by_text("6 of 12 scored")).to_be_visible(timeout=30_000)
        expect(page.locator(".coprod-link a")).to_contain_text("/score?a=", timeout=30_000)
        link = page.locator(".coprod-link a").inner_text().strip()
        assert re.search(r"/score\?a=[A-Za-z0-9_-]{22}$", link)
        assert page.locator(".coprod-link a").get_attribute("href") == link  # the address shown is the one linked

        fresh = browser.new_context().new_page()
        fresh.set_viewport_size({"width": 1280, "height": 1000})
        fresh.goto(link)
        wait_for_rerun(fresh)
        expect(fresh.get_by_text("6 of 12 scored")).to_be_visible(timeout=30_000)
        expect(fresh.get_by_role("heading", name="Café club – “Łukasz’s” idea")).to_be_visible()
        for item in ITEMS[3:]:
            score(fresh, item, 1, 4, f"Our {item.lower()} evidence: the residents' board decides the budget.")
        expect(fresh.get_by_text("12 of 12 scored")).to_be_visible()
        fresh.get_by_role("button", name="Finish").click()
        expect(fresh.get_by_text("This assessment is read-only", exact=False)).to_be_visible(timeout=30_000)
        fresh.screenshot(path=str(tmp_path / "finished.png"), full_page=True)
        assert fresh.locator('[data-testid="stException"]').count() == 0


@contextmanager
def walking_group_score_page(chromium_path, data_dir, hold=None, example: str = ""):
    """A new Leeds six principles assessment (with `example` saved for Assets), its score page open in
    Chromium: (store, doc, page), and with `hold` (which requests to hold, see hold_messages), the
    function that releases them."""
    from coprod.answers import assessment as A
    from coprod.library.loading import load_library
    from coprod.storage.tinydb import TinyDBStore
    from tests.conftest import ROOT

    leeds = load_library(ROOT / "instruments").get("leeds-six-principles")
    store = TinyDBStore(data_dir)
    doc = store.create(A.new_assessment(leeds, title="Walking group", role="volunteer"))
    if example:
        store.update(doc["token"], lambda d: A.set_example(leeds, d, "main", "assets", example))
    with served_app(data_dir) as url, chromium(chromium_path) as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        release = hold_messages(page, hold) if hold else None
        page.goto(f"{url}/score?a={doc['token']}")
        wait_for_rerun(page)
        yield (store, doc, page, release) if hold else (store, doc, page)


def test_text_typed_just_before_leaving_the_page_is_saved(chromium_path, data_dir):
    """Type an example and, in the same second, click through to another page: the next page's run
    saves it (coprod.ui.autosave), so nothing typed is lost to a hurried click."""
    from coprod.answers import assessment as A

    with walking_group_score_page(chromium_path, data_dir) as (store, doc, page):
        box = page.locator(".st-key-item-main-assets [data-testid='stElementContainer'][data-stale='false'] textarea")
        box.fill("Typed in a hurry: the walkers chose the route")  # no blur, no Ctrl+Enter
        page.get_by_role("link", name="Results, chart and next-steps plan").click()
        # The browser sends the box's text (on blur) and the page change as two reruns; Streamlit
        # merges them, and when the text arrives second the page stays where it was. Either way the
        # text must be saved.
        until(lambda: A.answer(store.get(doc["token"]), "main", "assets")["example"], "the text saved")
        assert A.answer(store.get(doc["token"]), "main", "assets")["example"] == "Typed in a hurry: the walkers chose the route"
        wait_for_rerun(page)
        assert page.locator('[data-testid="stException"]').count() == 0


def hold_messages(page, holds):
    """Hold each request for a run the page sends that `holds(message)` is true of (a BackMsg), until
    `release()` sends them all, back to back; return `release` (`release.held`: what is held)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    held, to_server = [], []

    def route(ws) -> None:
        server = ws.connect_to_server()
        to_server.append(server)

        def from_page(message) -> None:
            sent = BackMsg()
            sent.ParseFromString(message if isinstance(message, bytes) else message.encode())
            if sent.WhichOneof("type") == "rerun_script" and holds(sent):
                held.append(message)
                return
            server.send(message)

        ws.on_message(from_page)
        server.on_message(ws.send)

    page.route_web_socket(re.compile(r".*/_stcore/stream"), route)

    def release() -> int:
        for message in held:
            to_server[-1].send(message)
        return len(held)

    release.held = held
    return release


def carrying(text: str):
    """Whether a request for a run carries `text` as a box's value."""
    return lambda sent: any(w.WhichOneof("value") == "string_value" and w.string_value == text
                            for w in sent.rerun_script.widget_states.widgets)


@pytest.mark.parametrize("before", ["", "Written last week: the leader chose the route"])
def test_text_that_reaches_the_server_after_the_next_page_is_drawn_is_saved(chromium_path, data_dir, tmp_path, before):
    """The worst order of a hurried click: the box's text arrives once the page clicked to has been
    drawn (the items of the page left are gone from the server by then). Streamlit drops a late
    change sent for a fragment that is gone, so no text box is drawn inside one (coprod.ui.textbox):
    the text is saved (over what the box held before, if anything), and the page it was typed on
    comes back with it."""
    from coprod.answers import assessment as A

    typed = "Arrived late: the walkers chose the route"
    with walking_group_score_page(chromium_path, data_dir, hold=carrying(typed), example=before) as (store, doc, page, release):
        box = page.locator(".st-key-item-main-assets [data-testid='stElementContainer'][data-stale='false'] textarea")
        expect(box).to_have_value(before)
        box.fill(typed)
        page.get_by_role("link", name="Results, chart and next-steps plan").click()
        expect(page.get_by_text("This is a draft", exact=False)).to_be_visible()
        wait_for_rerun(page)
        assert A.answer(store.get(doc["token"]), "main", "assets")["example"] == before
        assert release() == 1
        until(lambda: A.answer(store.get(doc["token"]), "main", "assets")["example"] != before, "the late text saved")
        assert A.answer(store.get(doc["token"]), "main", "assets")["example"] == typed
        expect(box).to_have_value(typed)
        page.screenshot(path=str(tmp_path / "late-text.png"), full_page=True)
        assert page.locator('[data-testid="stException"]').count() == 0


def test_a_score_still_waiting_for_its_run_when_the_page_is_left_is_saved(chromium_path, data_dir):
    """Two presses on a slider and a click on to the results, reaching a server still busy with the
    first press (every request held, then sent back to back): the second press waits, and the page
    change comes. Streamlit ran the page change on a new runner, dropping what waited, or folded it in
    with the page change's values only (coprod.ui.page_change): the score the page showed was lost."""
    from coprod.answers import assessment as A

    holding = []
    with walking_group_score_page(chromium_path, data_dir, hold=lambda sent: bool(holding)) as (store, doc, page, release):
        slider = page.get_by_role("slider", name="Your score for Assets")
        slider.focus()
        holding.append(True)
        slider.press("ArrowRight")
        slider.press("ArrowRight")
        expect(slider).to_have_attribute("aria-valuetext", re.compile("2"))
        page.get_by_role("link", name="Results, chart and next-steps plan").click()
        until(lambda: len(release.held) == 3, "the two presses and the page change held")
        assert release() == 3
        expect(page).to_have_url(re.compile(r"/results\?a="))
        until(lambda: A.answer(store.get(doc["token"]), "main", "assets")["score"] == 2, "the second press saved")
        expect(page.get_by_text("This is a draft: 1 of 6", exact=False)).to_be_visible()
        assert page.locator('[data-testid="stException"]').count() == 0


def test_three_sliders_moved_within_a_second_are_all_saved(chromium_path, data_dir):
    """Each item reruns on its own when its slider moves; moves in three items within one second
    must all be saved, and the progress line must follow without the page rerunning."""
    from coprod.answers import assessment as A

    with walking_group_score_page(chromium_path, data_dir) as (store, doc, page):
        moves = [(page.get_by_role("slider", name=f"Your score for {name}").element_handle(), steps)
                 for name, steps in (("Assets", 2), ("Enabling", 3), ("Networks", 1))]
        # The six presses are sent from inside the page, 50 ms apart (a quick person), so they all land
        # within half a second however slow the machine is: the test does not depend on its own speed.
        page.evaluate("""async (moves) => {
            for (const [slider, steps] of moves) {
                slider.focus();
                for (let n = 0; n < steps; n++) {
                    slider.dispatchEvent(new KeyboardEvent("keydown", {key: "ArrowRight", code: "ArrowRight", bubbles: true}));
                    await new Promise((done) => setTimeout(done, 50));
                }
            }
        }""", [[handle, steps] for handle, steps in moves])
        expect(page.get_by_text("3 of 6 scored")).to_be_visible()
        for item, score in (("assets", 2), ("enabling", 3), ("networks", 1)):
            until(lambda: A.answer(store.get(doc["token"]), "main", item)["score"] == score, f"{item} saved as {score}")
