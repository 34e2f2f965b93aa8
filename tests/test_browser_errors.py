"""A hostile visitor gets plain messages and no traceback anywhere: the app is served with faults
switched on (tests/fault_server.py) and every page is opened in Chromium while each raises an error
as it starts; then, with every use of the store failing, a fragment's own rerun (a slider moved, the
facilitator's live status) and a change callback (a text box left) fail. Every time the page says in
plain words what to do, shows no traceback and none of the error's words (a server path, a secret),
what was typed stays in its box, and the server's log names the error's kind and place, not its words."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from playwright.sync_api import expect

from coprod.answers import assessment as A
from coprod.answers import raters
from coprod.library import versions
from coprod.sessions import lifecycle as S
from coprod.sessions import room
from coprod.storage.tinydb import TinyDBStore
from deploy.processes import streamlit_served
from tests.apptest import LEEDS, LIB, session_with
from tests.browser import chromium, wait_for_rerun
from tests.fault_server import SECRET

pytestmark = pytest.mark.browser
PLAIN = "Something went wrong on our side"
LEAKS = ("Traceback", "/srv/coprod-secret", "SECRET-TOKEN", "Fault", "fault_server", "File \"")


@contextmanager
def faulty_app(data_dir, tmp_path):
    pages, store = tmp_path / "fault-pages", tmp_path / "fault-store"
    env = {"COPROD_DATA_DIR": str(data_dir), "COPROD_FAULT_PAGES": str(pages), "COPROD_FAULT_STORE": str(store)}
    with streamlit_served("streamlit_app.py", env, tmp_path, launcher=("-m", "tests.fault_server")) as url:
        yield url, pages, store


def stored_things(data_dir) -> dict[str, str]:
    """One of everything a page can open, and the address of each page opening it."""
    store, session, (participant,) = session_with(data_dir, [("Staff or professional", 5, "An example.")])
    mine = A.new_assessment(LIB.get("imagine-engagement"), title="Mine", role="worker")
    mine = store.create(mine)
    key = raters.invitation(store, mine["token"])
    own = versions.create(store, versions.copy_of(LEEDS, versions.text_of(store, LEEDS)))
    observer = room.watch_only(store, session["join_token"])
    return {
        "home": "/", "start": "/score", "score": f"/score?a={mine['token']}", "participant": f"/score?a={participant}",
        "results": f"/results?a={mine['token']}", "print": f"/print?a={mine['token']}", "open a session": "/session",
        "facilitator": f"/session?f={session['token']}", "projector": f"/projector?f={session['token']}",
        "join": "/join", "joining": f"/join?s={session['join_token']}", "rate": f"/rate?r={key}",
        "toolkit": "/instrument?id=leeds-six-principles", "editor": f"/edit?v={own['token']}", "your data": "/your_data",
        "watching": f"/watch?o={observer['token']}", "accessibility statement": "/accessibility",
    }


def says_it_plainly(page, what: str) -> None:
    expect(page.get_by_text(PLAIN).first).to_be_visible(timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0, what
    html = page.content()
    for leak in LEAKS:
        assert leak not in html, (what, leak)


def test_every_page_says_a_failure_plainly_with_no_traceback(chromium_path, data_dir, tmp_path):
    addresses = stored_things(data_dir)
    with faulty_app(data_dir, tmp_path) as (url, pages, _), chromium(chromium_path) as browser:
        pages.touch()
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        for what, address in addresses.items():
            page.goto(url + address)
            wait_for_rerun(page)
            says_it_plainly(page, what)
    logged = "\n".join(p.read_text(errors="replace") for p in tmp_path.glob("streamlit-*.log"))
    assert len(re.findall(r"Reference [0-9A-F]{6}: Fault at ", logged)) >= len(addresses)
    assert SECRET not in logged and "coprod-secret" not in logged


def test_a_failing_fragment_or_callback_says_so_plainly_and_keeps_what_was_typed(chromium_path, data_dir, tmp_path):
    store = TinyDBStore(data_dir)
    doc = store.create(A.new_assessment(LEEDS, title="Youth forum", role="volunteer"))
    _, session, _ = session_with(data_dir, [("Staff or professional", None, "")])
    with faulty_app(data_dir, tmp_path) as (url, _, failing), chromium(chromium_path) as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(f"{url}/score?a={doc['token']}")
        wait_for_rerun(page)
        box = page.locator(".st-key-item-main-assets textarea").first
        expect(box).to_be_visible(timeout=30_000)
        failing.touch()
        slider = page.get_by_role("slider", name="Your score for Networks")
        slider.focus()
        slider.press("ArrowRight")  # its item's fragment reruns on its own: it fails
        expect(page.locator(".st-key-item-main-networks").get_by_text(PLAIN).first).to_be_visible(timeout=30_000)
        says_it_plainly(page, "a fragment's rerun")
        box.fill("Typed while everything was failing")
        box.press("Tab")  # the change callback saves it, and the page reruns (no text box is in a fragment): both fail
        says_it_plainly(page, "a change callback")
        expect(page.locator('[data-testid="stCode"]', has_text="Typed while everything was failing").first).to_be_visible()

        failing.unlink()
        page.reload()
        wait_for_rerun(page)
        box = page.locator(".st-key-item-main-enabling textarea").first
        expect(box).to_be_visible(timeout=30_000)
        failing.write_text("full")  # a failure the app knows: said in its words, the box kept as it was
        box.fill("Typed while the disk was full")
        box.press("Tab")
        expect(page.get_by_text("cannot store anything just now").first).to_be_visible(timeout=30_000)
        expect(box).to_have_value("Typed while the disk was full")
        assert page.locator('[data-testid="stException"]').count() == 0
        failing.unlink()

        watching = browser.new_page(viewport={"width": 1280, "height": 1000})
        watching.goto(f"{url}/session?f={session['token']}")
        wait_for_rerun(watching)
        expect(watching.get_by_text("Participants join with this link")).to_be_visible(timeout=30_000)
        failing.touch()  # the live status reruns every few seconds by itself: it fails
        says_it_plainly(watching, "the live status")
        failing.unlink()
    assert S.participants(store, store.get(session["token"]))[1] == 0  # nothing was harmed
