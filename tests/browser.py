"""Serving the app with `streamlit run` and driving it in Debian's headless Chromium."""

from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path

from deploy.processes import streamlit_served

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def served_app(data_dir: Path, extra_env: dict | None = None, port: int | None = None):
    """Run `streamlit run streamlit_app.py` on a free loopback port (or `port`); yield its URL."""
    with streamlit_served("streamlit_app.py", {"COPROD_DATA_DIR": str(data_dir), **(extra_env or {})}, data_dir.parent,
                          port=port) as url:
        yield url


@contextmanager
def chromium(executable: str):
    from playwright.sync_api import expect, sync_playwright

    # Each expectation waits for its state up to a minute: on a busy machine (load 10, as in CI with
    # other jobs) a page takes seconds to draw, past Playwright's default of 5 s, which assumed a quiet one.
    expect.set_options(timeout=60_000)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def wait_for_rerun(page) -> None:
    """A rerun is over when the app says its script is not running. (Right after a click the app may
    not have heard of it yet and still says so: wait for what the click changes, or `settled`.)"""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)


# A page's elements as they are at the end of its last run: the script is not running, nothing drawn by
# an earlier run lingers (Streamlit marks such elements data-stale while it redraws), every chart is drawn.
_SETTLED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  return [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')].every(c => c.querySelector('svg, canvas'));
}"""


def settled(page) -> None:
    """Wait until the page shows the end of its last run, its charts drawn: a state, however long a
    busy machine takes to reach it."""
    page.wait_for_function(_SETTLED, timeout=60_000)


def until(holds, what: str, seconds: float = 60) -> None:
    """Wait until `holds()` is true (something saved in the store, say), checking again and again;
    fail naming `what` if it never is (`seconds` bounds a wait for a state, it is no speed to meet)."""
    import time

    deadline = time.monotonic() + seconds
    while not holds():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        time.sleep(0.1)


def joined(browser, join_link: str, role: str):
    """A participant's page in a browser context of their own: opened from the join link, their role
    group picked, joined; once their score page has drawn."""
    from playwright.sync_api import expect

    page = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    page.goto(join_link)
    page.get_by_text(role, exact=True).click()
    page.get_by_role("button", name="Join and start scoring").click()
    expect(page).to_have_url(re.compile(r"/score\?a="), timeout=30_000)
    wait_for_rerun(page)
    return page


def score_item(page, name: str, anchor: str, steps: int, example: str) -> None:
    """Move an item's slider `steps` to the right from where it is, then type its example.
    `anchor` is the item's "view-item" id, as in the item container's key."""
    move_slider(page, f"Your score for {name}", steps)
    type_example(page, anchor, example)


def move_slider(page, name: str, steps: int) -> None:
    """Move the slider named `name` (its accessible name) `steps` to the right, a rerun each."""
    slider = page.get_by_role("slider", name=name)
    slider.focus()
    for _ in range(steps):
        slider.press("ArrowRight")
        wait_for_rerun(page)


def type_example(page, anchor: str, example: str) -> None:
    """Type the example of the item whose box has the "view-item" id `anchor`; leave the box."""
    from playwright.sync_api import expect

    # While a rerun redraws, the old box can linger beside the new one, marked stale.
    box = page.locator(f".st-key-item-{anchor} [data-testid='stElementContainer'][data-stale='false'] textarea")
    expect(box).to_have_count(1)
    box.fill(example)
    box.press("Tab")  # a text area commits when it loses focus
    wait_for_rerun(page)


def downloaded(page, button: str, path: Path, holds=lambda data: bool(data)) -> bytes:
    """Click the download button named `button` once the page has settled, save what comes to `path`
    and return it, as soon as it `holds`. A button drawn by an earlier run can lead to a file
    Streamlit has let go of since (then nothing comes), and a file made just before a save shows the
    state before it: the button of the page as it is now is clicked again, until the file holds."""
    from playwright.sync_api import TimeoutError as Timeout

    current = page.locator("[data-testid='stElementContainer'][data-stale='false'] [data-testid='stDownloadButton'] button",
                           has_text=button)
    data = b""
    for _ in range(6):
        settled(page)
        try:
            with page.expect_download(timeout=30_000) as download:
                current.first.click()
            download.value.save_as(path)
            data = path.read_bytes() if download.value.failure() is None else b""
        except Timeout:
            continue
        if holds(data):
            return data
    raise AssertionError(f"the {button!r} download never held what it should ({len(data)} bytes came last)")


def pdf_text(path: Path) -> str:
    """A PDF's text, spaces collapsed."""
    import subprocess

    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def downloaded_pdf_text(page, button: str, path: Path, holds=lambda text: True) -> str:
    """Download the PDF of the button named `button` to `path` and return its text with spaces
    collapsed, once it is a whole PDF whose text `holds` (see `downloaded`)."""
    downloaded(page, button, path, lambda data: data.startswith(b"%PDF") and holds(pdf_text(path)))
    return pdf_text(path)
