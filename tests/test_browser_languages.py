"""The app in each person's language, in a real headless Chromium.

Every page in every state (tests/states.py) is opened in the pseudo-language, where every message
that passed through gettext reads ⟦…~~~⟧, a third longer: any other word on screen did not, unless it
is the source's wording, something typed, or one of Streamlit's own words listed below. The same pass
fails on a clipped or overflowing element (the longer words of French and Dutch) and on any axe
finding the app owns. Then two people in one session, one French and one Dutch, each see only theirs."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from coprod.common import i18n
from tests.apptest import session_with
from tests.axe import audit
from tests.browser import chromium, served_app, settled, wait_for_rerun
from tests.pseudo import leftover
from tests.states import TYPED, every_state

pytestmark = pytest.mark.browser

# Streamlit's own words, which it gives an app no way to translate (the accessibility statement lists
# them): the file uploader's, the selectbox's empty choice, the hint under a text box.
STREAMLIT_OWN = ("Drag and drop file here", "Drag and drop files here", "Browse files", "Limit", "per file",
                 "Press Enter to apply", "Press ⌘+Enter to apply", "Press Ctrl+Enter to apply", "Choose an option",
                 "Choose options", "No results", "Upload", "dd/mm/yyyy", "DD/MM/YYYY")

# The visible text of the page and its sidebar, one text node a line, without icons (Material icons are
# ligatures: their names are text), codes and links to copy, or what sits in a text box.
VISIBLE_TEXT = """() => {
  // Charts are left out: their words are checked in their specs (tests/test_pseudo_pages.py), and an axis
  // label wrapped over two lines ("Shared roles /", "power") is no longer the source's name as written.
  const skip = '[data-testid="stIconMaterial"], [data-testid="stVegaLiteChart"], style, script, code, pre, ' +
               'textarea, input, [aria-hidden="true"]';
  const out = [];
  for (const root of document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebar"]')) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      const parent = node.parentElement;
      if (!parent || parent.closest(skip) || getComputedStyle(parent).fontFamily.includes('Material')) continue;
      const text = node.textContent.trim();
      if (text) out.push(text);
    }
  }
  return out.join('\\n');
}"""

# An element whose text is cut off (hidden overflow, an ellipsis) or runs past the page's right edge
# outside anything that scrolls.
CUT_OFF = """() => {
  const found = [];
  const width = document.documentElement.clientWidth;
  const scrolls = el => { for (let a = el.parentElement; a; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX; if (o === 'auto' || o === 'scroll') return true; } return false; };
  for (const el of document.querySelectorAll('[data-testid="stMain"] *, [data-testid="stSidebar"] *')) {
    if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    const style = getComputedStyle(el);
    const hides = ['hidden', 'clip'].includes(style.overflowX) || style.textOverflow === 'ellipsis';
    if (hides && el.scrollWidth > el.clientWidth + 1) found.push('cut off: ' + el.textContent.trim().slice(0, 80));
    else if (box.right > width + 1 && !scrolls(el)) found.push('past the edge: ' + el.textContent.trim().slice(0, 80));
  }
  return found;
}"""


def with_language(path: str, lang: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}lang={lang}"


def settle(page) -> None:
    wait_for_rerun(page)
    settled(page)
    assert page.locator('[data-testid="stException"]').count() == 0


def test_every_page_state_in_the_pseudo_language_is_all_translated_uncut_and_passes_axe(chromium_path, data_dir, tmp_path):
    places = every_state(data_dir)
    untranslated, cut, owned = {}, {}, []
    with served_app(data_dir) as url, chromium(chromium_path) as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for state, path in places.states.items():
            page.goto(f"{url}/{with_language(path, i18n.PSEUDO)}")
            settle(page)
            shown = re.sub(r"\b(?:dd|mm|yyyy)\b", " ", page.evaluate(VISIBLE_TEXT))  # the date picker's own placeholder
            words = leftover(shown, allowed=TYPED + STREAMLIT_OWN)
            if words:
                untranslated[state] = sorted(set(words))[:25]
            if found := page.evaluate(CUT_OFF):
                cut[state] = found[:10]
            owned.extend(audit(page, state)[0])
            page.screenshot(path=str(tmp_path / (re.sub(r"\W+", "-", state) + ".png")), full_page=True)
    assert not untranslated, "words that did not pass through gettext:\n" + "\n".join(f"{s}: {w}" for s, w in untranslated.items())
    assert not cut, "\n".join(f"{s}: {w}" for s, w in cut.items())
    assert owned == [], "\n".join(map(str, owned))


def test_two_people_in_one_session_each_see_only_their_own_language(chromium_path, data_dir):
    """A young person whose browser speaks French and one whose browser speaks Dutch join the same
    session at the same time, on one process: each page, before and after joining, is in its
    reader's language only, and the page's language attribute says which."""
    from coprod.sessions import lifecycle as S

    _, session, _ = session_with(data_dir, [])
    said = {}
    for lang in ("fr", "nl"):
        with i18n.speaking(lang):
            said[lang] = {"nav": i18n._("Results and plan"), "role": S.DEFAULT_ROLES[0],  # the session's roles are what its facilitator typed
                          
                          "join": i18n._("Join and start scoring"), "score": i18n._("Score")}
    assert said["fr"]["nav"] != said["nl"]["nav"] != "Results and plan"
    with served_app(data_dir) as url, chromium(chromium_path) as browser:
        pages = {}
        for lang, locale in (("fr", "fr-BE"), ("nl", "nl-BE")):
            pages[lang] = browser.new_context(locale=locale, viewport={"width": 1280, "height": 900}).new_page()
            pages[lang].goto(f"{url}/join?s={session['join_token']}")
        for lang, page in pages.items():
            settle(page)
            other = "nl" if lang == "fr" else "fr"
            nav = page.locator('[data-testid="stSidebarNavLink"]')
            expect(nav.filter(has_text=said[lang]["nav"])).to_have_count(1)
            expect(nav.filter(has_text=said[other]["nav"])).to_have_count(0)
            page.wait_for_function(f"document.documentElement.lang === '{lang}'", timeout=30_000)  # set once drawn
            page.get_by_text(said[lang]["role"], exact=True).click()
            page.get_by_role("button", name=said[lang]["join"]).click()
        for lang, page in pages.items():  # both joined, each on their own score page, still in their language
            expect(page).to_have_url(re.compile(r"/score\?a="))
            settle(page)
            other = "nl" if lang == "fr" else "fr"
            expect(page.locator('[data-testid="stSidebarNavLink"]').filter(has_text=said[lang]["score"])).to_have_count(1)
            expect(page.locator('[data-testid="stSidebarNavLink"]').filter(has_text=said[other]["nav"])).to_have_count(0)
            assert f"lang={lang}" in page.url  # the link they keep opens in their language
