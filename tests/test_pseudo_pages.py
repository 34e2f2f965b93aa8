"""Every page in every state (tests/states.py) opened with AppTest in the pseudo-language: every text
element, widget label, option, table and chart title shows only words that passed through gettext,
the source's wording, or what was typed (tests/pseudo.py). Quicker than the browser walk, and it
reads the charts' words from their specs, which the browser walk leaves out."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from coprod.common import i18n
from tests.apptest import page
from tests.pseudo import unmarked
from tests.states import TYPED, every_state


def test_every_page_state_shows_only_translated_words(data_dir):
    found = {}
    for state, path in every_state(data_dir).states.items():
        address = urlsplit("/" + path)
        at = page(f"app_pages/{address.path.strip('/') or 'home'}.py", **dict(parse_qsl(address.query)), lang=i18n.PSEUDO)
        assert not at.exception, state
        if left := unmarked(at, allowed=TYPED):
            found[state] = left[:10]
    assert not found, "\n".join(f"{state}: {texts}" for state, texts in found.items())


def test_the_check_is_not_blind(data_dir):
    """An English word that did not pass through gettext is found; the same page in English has many."""
    at = page("app_pages/home.py")
    assert len(unmarked(at)) > 5
