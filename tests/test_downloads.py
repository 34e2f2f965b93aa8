"""Every file the app hands out is made when its button is drawn and handed to Streamlit as bytes.
A file made on the click belongs to no page: Streamlit drops it once any two runs of anybody's
page have ended, which in a workshop (every participant's page following the session every few
seconds) is often before the browser has fetched it (coprod.ui.files)."""

import re

from coprod.library import versions
from coprod.sessions import lifecycle as S
from coprod.storage.tinydb import TinyDBStore
from tests.apptest import LEEDS, page, param, session_with, submit
from tests.conftest import ROOT


def offered_files(at) -> list[tuple[str, bool, str]]:
    """(label, whether the file is made on the click, its address) of each download button."""
    return [(b.proto.label, b.proto.HasField("deferred_file_id"), b.proto.url) for b in at.get("download_button")]


def assert_every_file_is_made_with_its_page(at, at_least: int) -> None:
    files = offered_files(at)
    assert len(files) >= at_least, files
    assert [label for label, deferred, url in files if deferred or "/media/" not in url] == []


def test_no_code_but_the_one_helper_draws_a_download_button():
    callers = [path.relative_to(ROOT).as_posix() for path in [*ROOT.glob("coprod/**/*.py"), *ROOT.glob("app_pages/*.py"), ROOT / "streamlit_app.py"]
               if re.search(r"\bdownload_button\(", path.read_text(encoding="utf-8"))]
    assert callers == ["coprod/ui/files.py"]


def test_an_assessments_files_are_made_with_its_results_page(data_dir):
    store, session, tokens = session_with(data_dir, [("Staff or professional", 6, "We asked the group first.")], min_group=1)
    store.update(session["token"], S.reveal)
    assert_every_file_is_made_with_its_page(page("app_pages/results.py", a=tokens[0]), 4)  # PDF, CSV, PNG, JSON


def test_a_sessions_files_and_paper_forms_are_made_with_the_facilitators_page(data_dir):
    store, session, tokens = session_with(data_dir, [("Staff or professional", n, "We asked the group first.") for n in (2, 5, 8)])
    store.update(session["token"], S.reveal)
    assert_every_file_is_made_with_its_page(page("app_pages/session.py", f=session["token"]), 3)  # team PDF, CSV, paper forms


def test_blank_paper_packs_and_a_versions_file_are_made_with_their_pages(data_dir):
    assert_every_file_is_made_with_its_page(page("app_pages/instrument.py", id="nef-framework"), 1)
    at = page("app_pages/instrument.py", id="nef-framework")
    at.button(key="make-version").click().run()
    token = param(at, "v")
    at.switch_page("app_pages/edit.py").run()
    at.button(key="save-version").click().run()
    assert versions.load(TinyDBStore(data_dir), token)["versions"]
    assert_every_file_is_made_with_its_page(at, 2)  # the TOML and the blank paper pack


def test_a_file_is_made_again_when_what_it_is_made_from_changes(data_dir):
    store, session, tokens = session_with(data_dir, [("Staff or professional", None, "")], min_group=1)
    at = page("app_pages/results.py", a=tokens[0])
    before = dict((label, url) for label, _, url in offered_files(at))
    submit(store, tokens[0], 7, "Young people chair the board.", LEEDS)
    at.run()
    after = dict((label, url) for label, _, url in offered_files(at))
    assert before["PDF plan"] != after["PDF plan"] and before["CSV"] != after["CSV"]
    at.run()
    assert dict((label, url) for label, _, url in offered_files(at)) == after  # the same state: the same files
