"""One pass in a real browser over every page, with hostile text in every field a person can type
and in an instrument file: the DOM holds no image, script or javascript: link made from it, no
formatting made from it, nothing is fetched from its addresses and no dialog opens; the text itself
is on the page as typed."""

from __future__ import annotations

import re
from datetime import date

import pytest

from coprod.answers import assessment as A
from coprod.library.loading import load_library
from coprod.sessions import lifecycle as S
from coprod.storage.tinydb import TinyDBStore
from tests.browser import chromium, served_app, settled, wait_for_rerun
from tests.test_hostile_text import (
    BLOCK,
    HOSTILE,
    LEEDS_HOSTILE,
    fill,
    hostile_instruments,
)

pytestmark = pytest.mark.browser

# What the DOM would hold had any of the hostile text been rendered as HTML or Markdown.
ACTIVE = """() => {
  const found = [];
  for (const img of document.querySelectorAll('img')) if (/127\\.0\\.0\\.1:9|^x$|\\/x$/.test(img.getAttribute('src') || '')) found.push('img ' + img.src);
  for (const a of document.querySelectorAll('a[href]')) if (/^javascript:|example\\.org/.test(a.getAttribute('href'))) found.push('link ' + a.href);
  for (const s of document.querySelectorAll('script')) if (s.textContent.includes('alert(1)')) found.push('script');
  for (const el of document.querySelectorAll('strong, em, del, code, h1')) if (/^(b|i|h|x\\^2)$/.test(el.textContent.trim())) found.push(el.tagName + ' ' + el.textContent);
  for (const el of document.querySelectorAll('[data-testid="stMarkdownContainer"] span[style*="color"], .katex')) found.push('styled ' + el.textContent);
  return found;
}"""


def test_every_page_in_the_browser_shows_hostile_text_as_typed(chromium_path, data_dir, tmp_path):
    instruments = hostile_instruments(tmp_path / "instruments")
    lib = load_library(instruments)
    leeds = lib.get(LEEDS_HOSTILE)
    store = TinyDBStore(data_dir)
    draft = A.new_assessment(leeds, title=HOSTILE, role=HOSTILE, name=HOSTILE, on=date(2026, 3, 1))
    fill(leeds, draft, finish=False)
    draft = store.create(draft)
    done = A.new_assessment(leeds, title=HOSTILE, role=HOSTILE, on=date(2026, 3, 1))
    fill(leeds, done, finish=True)
    done = store.create(done)
    session = S.open_session(store, S.new_session(leeds, title=HOSTILE, anonymous=False, min_group=1,
                                                  roles=[f"Young {HOSTILE}", f"Staff {HOSTILE}"]))
    people = []
    for n, role in enumerate(session["roles"] * 2):
        token = S.join(store, leeds, session["join_token"], role=role, name=f"{HOSTILE} {n}")["token"]
        store.update(token, lambda d: fill(leeds, d, finish=True))
        people.append(token)
    store.update(session["token"], lambda s: (S.reveal(s), A.set_example(leeds, s, "main", "assets", BLOCK), s.update(published=True)))

    pages = [
        "", f"instrument?id={LEEDS_HOSTILE}", f"score?a={draft['token']}", f"results?a={draft['token']}",
        f"score?a={done['token']}", f"results?a={done['token']}", f"print?a={done['token']}",
        f"session?f={session['token']}", f"join?s={session['join_token']}", f"score?a={people[0]}",
    ]
    with served_app(data_dir, {"COPROD_INSTRUMENTS_DIR": str(instruments)}) as url, chromium(chromium_path) as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        fetched, dialogs = [], []
        page.on("request", lambda r: fetched.append(r.url) if re.search(r"127\.0\.0\.1:9/|example\.org", r.url) else None)
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in pages:
            page.goto(f"{url}/{path}")
            wait_for_rerun(page)
            settled(page)  # charts and late elements
            assert page.locator('[data-testid="stException"]').count() == 0, path
            assert page.evaluate(ACTIVE) == [], path
            text = page.locator('[data-testid="stMain"]').inner_text().replace("\u2060", "")
            assert "![t](http://127.0.0.1:9/p.png)" in text and "**b** _i_" in text, path
        page.screenshot(path=str(tmp_path / "last.png"), full_page=True)
        assert fetched == [] and dialogs == []
