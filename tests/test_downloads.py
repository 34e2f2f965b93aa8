"""Every file the app hands out is made in the run of the page that offers it (last in that run) and
handed to Streamlit as bytes.
A file made on the click belongs to no page: Streamlit drops it once any two runs of anybody's
page have ended, which in a workshop (every participant's page following the session every few
seconds) is often before the browser has fetched it (coprod.ui.files)."""

import re
from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

from coprod.answers import assessment as A
from coprod.answers import rounds
from coprod.files import downloads
from coprod.library import versions
from coprod.sessions import lifecycle as S
from coprod.storage.tinydb import TinyDBStore
from tests.apptest import LEEDS, LIB, page, param, session_with, submit
from tests.conftest import ROOT
from tests.test_privacy import file_texts


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


def internal_names(*folders: Path) -> set[str]:
    """What names the app's own files: the seed documents the instruments were transcribed from, the
    instrument files, and the folders the app and its data live in. None is for a reader of a download."""
    names = {str(folder) for folder in (ROOT, *folders)}
    for instrument in LIB.instruments:
        names |= {instrument.source.seed, Path(instrument.source.seed).stem, Path(instrument.path).name}
    return names


def scored_through_two_rounds(store, instrument) -> dict:
    doc = A.new_assessment(instrument, title="Allotment project", role="youth worker", on=date(2026, 1, 5))
    for round_ in (1, 2):
        for p in doc["perspectives"]:
            for n, item in enumerate(instrument.items):
                A.set_score(instrument, doc, p, item.id, instrument.scale.min + (n + round_) % 2)
                A.set_example(instrument, doc, p, item.id, "The young people chose the crops.")
        A.finish(instrument, doc, today=date(2026, 1, 5) if round_ == 1 else date(2026, 6, 5))
        doc = store.create(doc)
        if round_ == 1:
            doc = rounds.new_round(instrument, doc, on=date(2026, 6, 5))
    return doc


def every_download(data_dir) -> list[downloads.Download]:
    """Every file the app offers, for every shipped instrument: an assessment in its second review
    round, a revealed team session with its paper forms, and the blank paper pack."""
    store = TinyDBStore(data_dir)
    files = []
    for instrument in LIB.instruments:
        doc = scored_through_two_rounds(store, instrument)
        files += downloads.of_assessment(instrument, store, doc)
        _, session, tokens = session_with(data_dir, [(S.DEFAULT_ROLES[n % 2], instrument.scale.min + n % 2, "We met twice.")
                                                     for n in range(4)], min_group=2, instrument=instrument)
        store.update(session["token"], S.reveal)
        session = store.get(session["token"])
        files += downloads.of_session(instrument, store, session) + downloads.paper_forms(instrument, store, session, 2)
        files.append(downloads.blank_paper_pack(instrument, "paper.pdf"))
    return files


def test_no_internal_file_name_reaches_any_download(data_dir, tmp_path):
    """A reader of a PDF, CSV, chart, calendar file or export meets the source's citation, never the
    name of the file coprod transcribed it from, an instrument file's name or a folder on the server.
    (A personalised version's instrument file is the one exception, by its format, downloaded alone or
    inside the export of an assessment scored on it: its [source] table names its seed, as every
    instrument file does, so that it can be uploaded again. The shipped toolkits' exports carry none.)"""
    names = internal_names(data_dir)
    files = every_download(data_dir)
    assert {f.key for f in files} >= {"download-pdf", "download-csv", "download-png", "download-json", "download-ics",
                                      "team-pdf", "team-csv", "session-paper-pack", "paper-pack"}
    for file in files:
        text = file_texts(file.make(), tmp_path)
        leaked = sorted(name for name in names if name in text)
        assert not leaked, (file.file_name, leaked)


def _a_page_offering_a_file(record: str, state: str, made_last: bool = True, in_fragment: bool = False,
                            then_rerun: bool = False, then_stop: bool = False) -> None:
    """A page with one download button and something under it; each step written to `record`."""
    import contextlib
    from pathlib import Path

    import streamlit as st

    from coprod.files.downloads import Download
    from coprod.ui.files import download_buttons, files_made_last, stop_page

    def step(what: str) -> None:
        with open(record, "a", encoding="utf-8") as out:
            out.write(what + "\n")

    def make() -> bytes:
        step("file made")
        return b"the file"

    def offer() -> None:
        download_buttons([Download("download-test", "The file", "the-file.txt", "text/plain", ":material/description:", make, state)])

    with files_made_last() if made_last else contextlib.nullcontext():
        st.title("A page")
        if in_fragment:
            st.fragment(offer)()
        else:
            offer()
        step("drawn under the button")
        if then_stop:
            stop_page()
        st.markdown("Under the button")
        if then_rerun and not Path(record + ".again").exists():
            Path(record + ".again").touch()
            st.rerun()


def offered(record: Path, state: str, **options) -> tuple[AppTest, list[str]]:
    at = AppTest.from_function(_a_page_offering_a_file, args=(str(record), state), kwargs=options, default_timeout=30).run()
    assert not at.exception
    return at, record.read_text(encoding="utf-8").splitlines()


def test_a_pages_files_are_made_once_everything_else_on_it_is_drawn_and_offered_in_their_place(tmp_path):
    """The first results page of a fresh process waited for its PDF, spreadsheet and chart picture
    before drawing anything below the first button."""
    at, order = offered(tmp_path / "steps", "first")
    assert order == ["drawn under the button", "file made"]
    assert_every_file_is_made_with_its_page(at, 1)
    assert [b.label for b in at.get("download_button")] == ["The file"]
    assert not at.button  # the greyed-out stand-in is gone: the button is in its place


def test_a_file_made_already_is_offered_at_once(tmp_path):
    offered(tmp_path / "first", "made before")
    at, order = offered(tmp_path / "again", "made before")
    assert order == ["drawn under the button"]
    assert_every_file_is_made_with_its_page(at, 1)


def test_a_run_that_stops_early_makes_no_file(tmp_path):
    """A run that asks for another (st.rerun) is thrown away: its files are not made for nothing."""
    at, order = offered(tmp_path / "steps", "rerun", then_rerun=True)
    assert order == ["drawn under the button", "drawn under the button", "file made"]
    assert_every_file_is_made_with_its_page(at, 1)


def test_a_page_that_stops_early_still_offers_the_files_it_drew(tmp_path):
    """After st.stop() nothing more can be drawn (the translation editor stops after its own downloads)."""
    at, order = offered(tmp_path / "steps", "stopped", then_stop=True)
    assert order == ["drawn under the button", "file made"]
    assert_every_file_is_made_with_its_page(at, 1)
    assert not [m for m in at.markdown if m.value == "Under the button"]


def test_no_code_but_the_one_helper_stops_a_page():
    callers = [path.relative_to(ROOT).as_posix() for path in [*ROOT.glob("coprod/**/*.py"), *ROOT.glob("app_pages/*.py"), ROOT / "streamlit_app.py"]
               if re.search(r"\bst\.stop\(", path.read_text(encoding="utf-8"))]
    assert callers == ["coprod/ui/files.py"]


def test_a_button_in_a_fragment_is_made_in_its_place_within_the_fragment(tmp_path):
    at, order = offered(tmp_path / "steps", "fragment", in_fragment=True)
    assert order == ["file made", "drawn under the button"]
    assert_every_file_is_made_with_its_page(at, 1)


def test_outside_the_app_a_page_draws_its_files_where_they_are(tmp_path):
    """A page run on its own (a test's AppTest of one page file) has no end of the app's run to wait for."""
    at, order = offered(tmp_path / "steps", "alone", made_last=False)
    assert order == ["file made", "drawn under the button"]
    assert_every_file_is_made_with_its_page(at, 1)
