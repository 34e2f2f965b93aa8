"""Translated versions (issue 27): a personalised version that declares its language, whose fields
keep the source text they were translated from, whose structure stays the source's."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from coprod.common import i18n
from coprod.library import attribution
from coprod.library import translation as T
from coprod.library import versions
from coprod.storage.memory import MemoryStore
from tests.apptest import LIB

IMAGINE = LIB.get("imagine-engagement")


def source_of(instrument) -> dict:
    return tomllib.loads(Path(instrument.path).read_text(encoding="utf-8"))


def fresh(instrument, language: str) -> dict:
    return T.start(versions.copy_of(instrument, Path(instrument.path).read_text(encoding="utf-8")), instrument, language)


def started(store, instrument=IMAGINE, language="nl", translator="Jeugdhuis De Brug") -> dict:
    return versions.create(store, T.start(versions.copy_of(instrument, versions.text_of(store, instrument)), instrument, language, translator))


@pytest.mark.parametrize("instrument", LIB.instruments, ids=lambda i: i.id)
def test_every_text_of_every_instrument_has_a_path_that_reads_and_writes_it(instrument):
    data = source_of(instrument)
    paths = T.fields(data)
    assert len(paths) == len(set(paths))
    assert "title" in paths and any(p.startswith("items.") for p in paths)
    for path in paths:
        text = T.get(data, path)
        assert text is not None, path
        T.put(data, path, f"⟨{path}⟩")
        assert T.get(data, path) == f"⟨{path}⟩" or "\n" in text  # a list of one line per text
    assert T.structure_problems(data, source_of(instrument)) == ()


def test_a_new_translation_keeps_the_sources_words_until_translated_and_saves_as_a_valid_version():
    store = MemoryStore()
    doc = started(store)
    draft = doc["draft"]
    assert draft["language"] == "nl" and draft["translation"]["translator"] == "Jeugdhuis De Brug"
    source = source_of(IMAGINE)
    assert set(T.status(draft, source).values()) == {T.UNTRANSLATED}
    item = IMAGINE.items[0]
    versions.edit(store, doc["token"], lambda d: T.translate(d, source, f"items.{item.id}.name", "Ik voel me gerespecteerd"))
    entry = versions.save(store, doc["token"], LIB)
    saved = versions.snapshot(store, entry["snapshot"])
    assert saved.language == "nl" and saved.items[0].name == "Ik voel me gerespecteerd"
    assert saved.translation.sources[f"items.{item.id}.name"] == item.name
    assert [i.id for i in saved.items] == [i.id for i in IMAGINE.items]
    assert T.same_items(saved, IMAGINE)
    assert IMAGINE.language == "en" and IMAGINE.translation is None and attribution.translated_by(IMAGINE) == ""


def test_status_untranslated_translated_outdated_and_an_empty_translation_undoes_it():
    draft = fresh(IMAGINE, "fr")
    source = source_of(IMAGINE)
    path = f"items.{IMAGINE.items[0].id}.name"
    T.translate(draft, source, path, "Je me sens respecté")
    assert T.status(draft, source)[path] == T.TRANSLATED
    assert T.translated_text(draft, path) == "Je me sens respecté"
    source_changed = source_of(IMAGINE)
    T.put(source_changed, path, "A newer wording of the source")
    assert T.status(draft, source_changed)[path] == T.OUTDATED
    T.translate(draft, source_changed, path, "Je me sens respecté")  # checked again: up to date
    assert T.status(draft, source_changed)[path] == T.TRANSLATED
    T.translate(draft, source, path, "   ")
    assert T.status(draft, source)[path] == T.UNTRANSLATED
    assert T.get(draft, path) == IMAGINE.items[0].name


def test_a_translation_that_changes_the_structure_is_refused():
    draft = fresh(IMAGINE, "fr")
    versions.remove_item(draft, IMAGINE.items[-1].id)
    problems = versions.check({**draft, "version": 1}, LIB)
    assert [p.field for p in problems] == ["items"]
    assert "only the wording" in problems[0].message
    draft = fresh(IMAGINE, "fr")
    draft["scale"]["bands"][0]["max"] += 1
    draft["scale"]["bands"][1]["min"] += 1
    assert [p.field for p in versions.check({**draft, "version": 1}, LIB)] == ["scale"]


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError):
        fresh(IMAGINE, "de")
    draft = fresh(IMAGINE, "fr")
    draft["language"] = "xx"
    assert [p.field for p in versions.check({**draft, "version": 1}, LIB)] == ["language"]


def test_groups_are_translated_once_for_every_item_in_them():
    headstart = LIB.get("headstart-checklist")
    draft = fresh(headstart, "fr")
    source = source_of(headstart)
    first = headstart.groups[0]
    T.translate(draft, source, "groups.1", "Avant de commencer")
    assert [row["group"] for row in draft["items"]].count("Avant de commencer") == sum(1 for i in headstart.items if i.group == first)
    assert T.structure_problems(draft, source) == ()


def test_the_credit_names_the_translator_and_the_source_in_the_readers_language():
    store = MemoryStore()
    doc = started(store, language="fr", translator="Maison de jeunes")
    saved = versions.snapshot(store, versions.save(store, doc["token"], LIB)["snapshot"])
    assert attribution.translated_by(saved) == f"Translated into French by Maison de jeunes from: {IMAGINE.source.citation()}"
    with i18n.speaking("nl"):
        assert "Frans" in attribution.translated_by(saved) or "French" in attribution.translated_by(saved)  # Babel names the language for the reader
        assert IMAGINE.source.citation() in attribution.translated_by(saved)
