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
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def wait_for_rerun(page) -> None:
    """A rerun is over when the app says its script is not running."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=30_000)


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
    expect(box).to_have_count(1, timeout=10_000)
    box.fill(example)
    box.press("Tab")  # a text area commits when it loses focus
    wait_for_rerun(page)


def downloaded_pdf_text(page, button: str, path: Path) -> str:
    """Click a download button, save the PDF to `path`, and return its text with spaces collapsed."""
    import subprocess

    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name=button).click()
    download.value.save_as(path)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())
