"""Whose language a message is in: a block that asks for one (`speaking`) over the browser session's,
over English; the picker and the address; a session's language, chosen by its facilitator, in its
join link, its projector's join link and its paper forms, while each participant may read their own."""

from __future__ import annotations

import subprocess

import pytest

from coprod.common import i18n
from coprod.files import downloads
from coprod.sessions import lifecycle as S
from coprod.storage.tinydb import TinyDBStore
from tests.apptest import LEEDS, page, param


@pytest.fixture
def reader():
    """The browser session's language, as coprod.ui.language would report it, restored afterwards."""
    before = i18n._reader if hasattr(i18n, "_reader") else None
    chosen = {"lang": None}
    i18n.set_reader(lambda: chosen["lang"])
    yield chosen
    i18n.set_reader(before or (lambda: None))


def test_a_block_that_asks_for_a_language_wins_over_the_browser_sessions(reader):
    reader["lang"] = "fr"
    assert i18n.language() == "fr"
    with i18n.speaking("nl"):
        assert i18n.language() == "nl"
    assert i18n.language() == "fr"
    reader["lang"] = None
    assert i18n.language() == i18n.SOURCE


@pytest.mark.parametrize("accepted, found", [("fr-BE,fr;q=0.9", "fr"), ("nl-NL", "nl"), ("de-DE,nl;q=0.5", "nl"),
                                             ("de-DE", "en"), ("", "en"), (None, "en")])
def test_the_browsers_language_is_followed_where_the_app_speaks_it(accepted, found):
    assert i18n.best_match(accepted) == found


def test_a_session_keeps_its_facilitators_language_and_refuses_an_unknown_one():
    made = S.new_session(LEEDS, title="Forum", anonymous=True, roles=["Jongere"], language="nl")
    assert made["language"] == "nl"
    assert S.new_session(LEEDS, title="Forum", anonymous=True, roles=["Staff"], language="xx")["language"] == ""
    assert S.new_session(LEEDS, title="Forum", anonymous=True, roles=["Staff"])["language"] == ""  # each their own


def test_the_facilitator_chooses_the_rooms_language_and_the_join_link_carries_it(data_dir):
    at = page("app_pages/session.py")
    at.selectbox(key="session-language").select("nl").run()
    at.text_input(key="session-title").input("Jeugdforum").run()
    at.button(key="open-session-button").click().run()
    assert not at.exception
    session = TinyDBStore(data_dir).get(param(at, "f"))
    assert session["language"] == "nl"
    links = [c.value for c in at.code if "/join?" in c.value]
    assert links and all("lang=nl" in link for link in links)


def test_the_picker_keeps_the_choice_in_the_address_on_every_page():
    at = page("app_pages/home.py", lang="fr")
    assert param(at, "lang") == "fr"
    at.selectbox(key="language-picker").select("nl").run()
    assert param(at, "lang") == "nl"
    at.switch_page("app_pages/join.py").run()
    assert param(at, "lang") == "nl"  # a page that sets its own parameters keeps the language in them


def test_the_paper_forms_are_in_the_rooms_language_whoever_downloads_them(tmp_path):
    store = TinyDBStore(tmp_path / "data")
    session = S.open_session(store, S.new_session(LEEDS, title="Forum", anonymous=True, roles=["Staff"], language="en"))
    with i18n.speaking(i18n.PSEUDO):  # a reader in another language: every message of theirs would be marked ⟦…⟧
        forms = downloads.paper_forms(LEEDS, store, session, 2)[0]
        assert forms.label.startswith("⟦")  # the button is in the reader's words
    (tmp_path / "forms.pdf").write_bytes(forms.make())
    text = subprocess.run(["pdftotext", str(tmp_path / "forms.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    assert "Join code" in text and "⟦" not in text  # the forms are in the room's


@pytest.mark.parametrize("older", [False, True], ids=["each their own", "opened before there was a choice"])
def test_a_session_without_a_language_of_its_own_hands_out_links_in_each_readers_language(data_dir, older):
    store = TinyDBStore(data_dir)
    session = S.open_session(store, S.new_session(LEEDS, title="Forum", anonymous=True, roles=["Staff"]))
    if older:
        store.update(session["token"], lambda s: s.pop("language"))
    at = page("app_pages/session.py", f=session["token"])
    assert not at.exception
    assert [c.value for c in at.code if "/join?" in c.value] and not [c.value for c in at.code if "lang=" in c.value]


def test_no_number_is_written_for_a_reader_without_the_readers_language():
    """A median of 2.5 reads "2,5" in French and Dutch: every number a person reads goes through
    coprod.common.i18n.number. A format spec writing a decimal number ({x:g}, {x:.1f}, {x:,}, {x:%})
    writes it the English way whatever the reader's language. Whole numbers ({x:d}, {x:+d}) are the same
    in every language. The operator's command line (coprod/cli.py) speaks English only, and the font
    builder is a developer's tool."""
    import ast
    import re

    from tests.conftest import ROOT

    decimal = re.compile(r"[gfeE%,]")
    allowed = {ROOT / "coprod" / "cli.py", ROOT / "coprod" / "files" / "fonts" / "build.py"}
    found = []
    for path in [ROOT / "streamlit_app.py", *sorted((ROOT / "app_pages").glob("*.py")), *sorted((ROOT / "coprod").rglob("*.py"))]:
        if path in allowed:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FormattedValue) and node.format_spec is not None:
                spec = "".join(part.value for part in node.format_spec.values if isinstance(part, ast.Constant))
                if decimal.search(spec):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {{…:{spec}}}")
    assert not found, "write numbers with coprod.common.i18n.number:\n" + "\n".join(found)


def test_a_median_between_two_scores_is_written_in_the_readers_language():
    from coprod.charts.words import score_words
    from coprod.common.i18n import speaking
    from coprod.library.loading import load_library
    from coprod.sessions.stats import median_change
    from tests.conftest import ROOT

    leeds = load_library(ROOT / "instruments").get("leeds-six-principles")
    with speaking("fr"):
        assert score_words(leeds, 4.5).startswith("4,5, ")
        assert median_change(leeds, 1.5) == "+1,5" and median_change(leeds, -0.5) == "-0,5"
    with speaking("en"):
        assert score_words(leeds, 4.5).startswith("4.5, ") and median_change(leeds, 2) == "+2"
