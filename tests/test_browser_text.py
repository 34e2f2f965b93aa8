"""Nothing typed is lost, in a real browser: a paste over a box's limit, text half-typed when the
server restarts, a new plan row without a status; and the start form's error goes once it is fixed."""

import re
import time

import pytest
from playwright.sync_api import expect

from coprod.answers import assessment as A
from coprod.library.loading import load_library
from coprod.storage.tinydb import TinyDBStore
from deploy.processes import free_port
from tests.browser import chromium, served_app, wait_for_rerun
from tests.conftest import ROOT

pytestmark = pytest.mark.browser
LEEDS = load_library(ROOT / "instruments").get("leeds-six-principles")


def example_box(page, item_id: str):
    box = page.locator(f".st-key-item-main-{item_id} [data-testid='stElementContainer'][data-stale='false'] textarea")
    expect(box).to_have_count(1, timeout=30_000)
    return box


def stored(store, token: str, item_id: str, what: str, wanted, page=None):
    """The item's stored `what` ("example", "score") once it is `wanted`, or whatever it is after some
    seconds of asking. With `page`, the waiting is the page's own: a websocket route of the page runs
    only while Playwright is waited on."""
    deadline = time.monotonic() + 30
    while True:
        saved = A.answer(store.get(token), "main", item_id)[what]
        if saved == wanted or time.monotonic() > deadline:
            return saved
        if page is None:
            time.sleep(0.1)
        else:
            page.wait_for_timeout(100)


def stored_example(store, token: str, item_id: str, wanted: str) -> str:
    return stored(store, token, item_id, "example", wanted)


def walking_group(data_dir):
    """A store with one fresh Leeds assessment in it: (store, its document)."""
    data_dir.mkdir(parents=True)
    store = TinyDBStore(data_dir)
    return store, store.create(A.new_assessment(LEEDS, title="Walking group", role="volunteer"))


def open_and_type(page, url: str, token: str, typed: str | None) -> None:
    """Open the score page and, with `typed`, type it into the first example box without leaving it:
    nothing is sent yet."""
    page.goto(f"{url}/score?a={token}")
    wait_for_rerun(page)
    if typed is not None:
        example_box(page, "assets").click()
        page.keyboard.type(typed)


def test_a_paste_of_5001_characters_keeps_5000_and_says_what_was_cut(chromium_path, data_dir):
    store, doc = walking_group(data_dir)
    pasted = "p" * (A.MAX_TEXT - 1) + "XY"  # 5,001 characters at once, as a paste
    with served_app(data_dir) as url, chromium(chromium_path) as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(f"{url}/score?a={doc['token']}")
        wait_for_rerun(page)
        box = example_box(page, "assets")
        box.click()
        page.keyboard.insert_text(pasted)
        box.press("Tab")
        expect(page.get_by_text(re.compile(r"keeps up to 5,000 characters, so the last 1 "))).to_be_visible(timeout=30_000)
        assert stored_example(store, doc["token"], "assets", pasted[:A.MAX_TEXT]) == pasted[:A.MAX_TEXT]
        expect(example_box(page, "assets")).to_have_value(pasted[:A.MAX_TEXT])
        expect(page.locator("[data-testid='stCode']").filter(has_text="Y")).to_have_count(1)


def test_text_half_typed_when_the_server_restarts_is_saved(chromium_path, data_dir):
    store, doc = walking_group(data_dir)
    port = free_port()
    typed = "Half typed when the server went away"
    with chromium(chromium_path) as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        with served_app(data_dir, port=port) as url:
            open_and_type(page, url, doc["token"], typed)
        expect(example_box(page, "assets")).to_be_disabled(timeout=30_000)  # the server is away
        with served_app(data_dir, port=port):
            expect(example_box(page, "assets")).to_be_enabled(timeout=60_000)
            expect(example_box(page, "assets")).to_have_value(typed)
            example_box(page, "assets").press("Tab")
            assert stored_example(store, doc["token"], "assets", typed) == typed
            expect(example_box(page, "assets")).to_have_value(typed)


def hold_the_reconnect(page, messages: int = 2) -> None:
    """Once the page reconnects (its second websocket), hold what it sends until it has sent `messages`
    (its request for a run, and the change made next), then send them together: the new session gets
    the change before it has drawn the item's fragment, every time, not only on a busy machine."""
    connections = []

    def route(ws) -> None:
        server = ws.connect_to_server()
        connections.append(ws)
        held = [] if len(connections) == 2 else None

        def from_page(message) -> None:
            if held is None or len(held) >= messages:
                server.send(message)
                return
            held.append(message)
            if len(held) == messages:
                for each in held:
                    server.send(each)

        ws.on_message(from_page)
        server.on_message(ws.send)

    page.route_web_socket(re.compile(r".*/_stcore/stream"), route)


@pytest.mark.parametrize("change", ["example", "score"])
def test_a_change_made_as_the_page_reconnects_is_saved(chromium_path, data_dir, change):
    """Streamlit drops a change sent for a fragment (each scored item is one) that a new server session
    has not drawn yet, while the browser counts it as sent; a value the page then set from storage
    would also be drawn over the browser's. The change is kept on screen and saved."""
    store, doc = walking_group(data_dir)
    port = free_port()
    typed = "Typed in the second the page came back"
    with chromium(chromium_path) as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        hold_the_reconnect(page)
        with served_app(data_dir, port=port) as url:
            open_and_type(page, url, doc["token"], typed if change == "example" else None)
        expect(example_box(page, "assets")).to_be_disabled(timeout=30_000)
        with served_app(data_dir, port=port):
            expect(example_box(page, "assets")).to_be_enabled(timeout=60_000)
            if change == "example":
                example_box(page, "assets").press("Tab")  # sent with the page's request for a run
                assert stored(store, doc["token"], "assets", "example", typed, page) == typed
                expect(example_box(page, "assets")).to_have_value(typed)
            else:
                slider = page.get_by_role("slider", name="Your score for Assets")
                slider.focus()
                slider.press("ArrowRight")  # sent with the page's request for a run
                assert stored(store, doc["token"], "assets", "score", 1, page) == 1
                expect(slider).to_have_attribute("aria-valuetext", re.compile("1"))


@pytest.mark.parametrize("path, button, box, error, opened", [
    ("score?instrument=leeds-six-principles", "Start", "What are you assessing?", "Give the piece of work a title", r"/score\?a="),
    ("session", "Open the session", "Session title", "Give the session a title", r"/session\?f="),
])
def test_the_blank_title_error_goes_once_a_title_is_typed(chromium_path, data_dir, path, button, box, error, opened):
    data_dir.mkdir(parents=True)
    with served_app(data_dir) as url, chromium(chromium_path) as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(f"{url}/{path}")
        wait_for_rerun(page)
        page.get_by_role("button", name=button).click()
        said = page.get_by_text(error)
        expect(said).to_be_visible(timeout=30_000)
        page.get_by_role("textbox", name=box).fill("Walking group")
        page.get_by_role("textbox", name=box).press("Tab")
        expect(said).to_have_count(0, timeout=30_000)
        page.get_by_role("button", name=button).click()
        expect(page).to_have_url(re.compile(opened), timeout=30_000)


def test_a_plan_row_added_without_a_status_is_kept_after_a_reload(chromium_path, data_dir):
    data_dir.mkdir(parents=True)
    store = TinyDBStore(data_dir)
    doc = A.new_assessment(LEEDS, title="Walking group", role="volunteer")
    for n, item in enumerate(LEEDS.items):
        A.set_score(LEEDS, doc, "main", item.id, 1 + n)
        A.set_example(LEEDS, doc, "main", item.id, "The walkers chose the route in May.")
    doc = store.create(doc)
    with served_app(data_dir) as url, chromium(chromium_path) as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(f"{url}/results?a={doc['token']}")
        wait_for_rerun(page)
        table = page.locator("[data-testid='stDataFrame']").last
        table.scroll_into_view_if_needed()
        table.hover()
        table.get_by_role("button", name="Add row").click()
        wait_for_rerun(page)
        rows = len(LEEDS.items)  # the new row is under the item rows: one-line rows of 35 px under a 35 px heading
        table.click(position={"x": 80, "y": 35 + rows * 35 + 17})
        page.keyboard.press("Enter")  # opens the cell's editor
        editor = page.locator("textarea.gdg-input")
        expect(editor).to_be_visible(timeout=10_000)
        editor.fill("Funding")
        editor.press("Enter")
        wait_for_rerun(page)
        deadline = time.monotonic() + 30
        while not any(r.get("principle") == "Funding" for r in store.get(doc["token"]).get("plan") or []):
            assert time.monotonic() < deadline, store.get(doc["token"]).get("plan")
            time.sleep(0.1)
        added = next(r for r in store.get(doc["token"])["plan"] if r.get("principle") == "Funding")
        assert added["status"] == "not started" and added["who"] == ""
        page.reload()
        wait_for_rerun(page)
        assert [r["principle"] for r in store.get(doc["token"])["plan"]].count("Funding") == 1
