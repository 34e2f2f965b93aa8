"""Translating an instrument on its pages (issue 27): the toolkit page's "Translate this toolkit",
the editor's translation mode (source text beside each box, outdated and untranslated marked, the
translator's credit, the spreadsheet out and back)."""

from __future__ import annotations

from coprod.library import translation as T
from coprod.library import versions
from coprod.storage.tinydb import TinyDBStore
from tests.apptest import page, param


def test_translate_this_instrument_makes_a_translated_version_and_its_editor_shows_each_field_beside_the_source(data_dir):
    at = page("app_pages/instrument.py", id="imagine-engagement")
    at.selectbox(key="translate-into").set_value("nl")
    at.text_input(key="translate-by").input("Jeugdhuis De Brug")
    at.button[[b.label for b in at.button].index("Translate this toolkit")].click().run()
    token = param(at, "v")
    store = TinyDBStore(data_dir)
    doc = versions.load(store, token)
    assert doc["draft"]["language"] == "nl" and doc["draft"]["translation"]["translator"] == "Jeugdhuis De Brug"
    at.switch_page("app_pages/edit.py").run()
    assert any("0 of" in t.value and "fields translated" in t.value for t in at.text)
    box = at.text_area(key=f"tr-{token}-title")
    box.input("IMAGINE zelfevaluatie").run()
    draft = versions.load(store, token)["draft"]
    assert draft["title"] == "IMAGINE zelfevaluatie" and "title" in draft["translation"]["sources"]
    assert any("Untranslated" in c.value for c in at.caption)
    labels = [b.label for b in at.get("download_button")]
    assert "For translation (XLSX)" in labels and "For translation (PO)" in labels
    at.button(key="save-version").click().run()
    saved = versions.snapshot(store, versions.latest(versions.load(store, token))["snapshot"])
    assert saved.language == "nl" and saved.title == "IMAGINE zelfevaluatie"


def test_an_outdated_field_is_marked_and_kept_with_one_press(data_dir):
    from tests.apptest import LIB

    store = TinyDBStore(data_dir)
    imagine = LIB.get("imagine-engagement")
    draft = T.start(versions.copy_of(imagine, versions.text_of(store, imagine)), imagine, "fr")
    draft["translation"]["sources"]["purpose"] = "An older purpose"
    draft["purpose"] = "Un ancien but"
    doc = versions.create(store, draft)
    at = page("app_pages/edit.py", v=doc["token"])
    assert any("Outdated" in w.value for w in at.warning)
    at.button(key=f"keep-tr-{doc['token']}-purpose").click().run()
    assert versions.load(store, doc["token"])["draft"]["translation"]["sources"]["purpose"] == imagine.purpose
    assert not any("Outdated" in w.value for w in at.warning)
