"""AppTest: every page runs without an exception, and shows what its screen promises."""

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "streamlit_app.py")
PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "app_pages").glob("*.py"))


def app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=30).run()


def all_text(at: AppTest) -> str:
    parts = [e.value for kind in ("title", "header", "subheader", "markdown", "text", "caption", "info", "error") for e in getattr(at, kind)]
    parts += [e.label for e in at.expander]
    return "\n".join(str(p) for p in parts).replace("\\", "")


def test_every_page_is_listed_in_the_navigation():
    source = (ROOT / "streamlit_app.py").read_text(encoding="utf-8")
    for page in PAGES:
        assert f'"{page}"' in source, f"{page} is not in st.navigation"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs(page, data_dir):
    at = app()
    if page != "app_pages/home.py":
        at.switch_page(page).run()
    assert not at.exception


def test_home_shows_a_card_per_instrument():
    at = app()
    text = all_text(at)
    for title in ("Co-production Self-assessment Framework", "IMAGINE", "HeadStart", "Leeds"):
        assert title in text
    assert len([b for b in at.button if b.key.startswith("read-")]) == 6
    assert "**Source:** New Economics Foundation (nef)" in text
    for field in ("Time needed:", "Items:** 6", "Scale:** Not there yet · Basic · Making progress · Excellent"):
        assert field in text


def test_opening_a_card_shows_the_full_text():
    at = app()
    at.button(key="read-leeds-six-principles").click().run()
    assert not at.exception
    text = all_text(at)
    assert "Development of a new parkrun" in text
    leeds = "Everyone values each other for the experiences, skills and knowledge that they bring"
    assert leeds in text
    assert at.selectbox(key="read-instrument").value == at.title[0].value.replace("\\", "")


def test_reading_page_shows_every_descriptor():
    from coprod.library.loading import load_library

    nef = load_library(ROOT / "instruments").get("nef-framework")
    at = app()
    at.button(key="read-nef-framework").click().run()
    text = all_text(at)
    for item in nef.items:
        assert item.definition in text
        for descriptor in item.descriptors.values():
            assert descriptor in text


def test_home_names_a_broken_file_and_why(tmp_path, monkeypatch):
    for path in (ROOT / "instruments").glob("*.toml"):
        shutil.copy(path, tmp_path)
    broken = tmp_path / "attitudes-survey.toml"
    broken.write_text(broken.read_text(encoding="utf-8").replace('kind = "survey"', 'kind = "pie"'), encoding="utf-8")
    monkeypatch.setenv("COPROD_INSTRUMENTS_DIR", str(tmp_path))
    at = app()
    assert not at.exception
    error = " ".join(e.value for e in at.error).replace("\\", "")
    assert "attitudes-survey.toml" in error and "kind: 'pie' is not a kind of instrument" in error
    assert len([b for b in at.button if b.key.startswith("read-")]) == 5


@pytest.mark.parametrize("path, param, kind", [("app_pages/score.py", "a", "assessment"), ("app_pages/results.py", "a", "assessment"),
                                               ("app_pages/print.py", "a", "assessment"), ("app_pages/session.py", "f", "session"),
                                               ("app_pages/projector.py", "f", "session")])
def test_a_document_whose_toolkit_is_gone_says_so_and_keeps_the_answers(path, param, kind, data_dir):
    from coprod.answers import assessment as A
    from coprod.sessions import lifecycle as S
    from coprod.storage.tinydb import TinyDBStore
    from tests.apptest import LEEDS, page

    store = TinyDBStore(data_dir)
    doc = A.new_assessment(LEEDS, title="Kept") if kind == "assessment" else S.new_session(LEEDS, title="Kept", anonymous=True, roles=list(S.DEFAULT_ROLES))
    token = store.create({**doc, "instrument_id": "gone-toolkit"})["token"]
    at = page(path, **{param: token})
    assert not at.exception
    assert [e.value for e in at.error] == [f"The toolkit this {kind} uses (gone-toolkit) is not available. Ask whoever runs "
                                           "coprod to restore its file in instruments/; the answers are kept."]
