"""Translated versions (issue 27): a personalised version that declares its language, whose fields
keep the source text they were translated from, whose structure stays the source's."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path

import pytest

from babel.messages.pofile import write_po

from coprod.common import i18n
from coprod.files import translation_files as F
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


# --------------------------------------------------------------------------- the spreadsheet and the PO file


def filled_in(raw: bytes, translate) -> bytes:
    """The spreadsheet as a translator returns it: `translate(path, source text)` in the last column."""
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(raw))
    sheet = book.worksheets[0]
    for row in sheet.iter_rows(min_row=2):
        row[2].value = translate(row[0].value, row[1].value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_spreadsheet_goes_out_with_every_field_and_comes_back_translated():
    source = source_of(IMAGINE)
    draft = fresh(IMAGINE, "nl")
    raw = F.to_xlsx(draft, source)
    back = filled_in(raw, lambda path, text: f"NL {text}" if path.startswith("items.") else None)
    rows = F.read_xlsx(back, source)
    assert [r.path for r in rows] == T.fields(source)
    assert F.apply(draft, source, rows) == sum(1 for p in T.fields(source) if p.startswith("items."))
    states = T.status(draft, source)
    assert all(states[p] == T.TRANSLATED for p in states if p.startswith("items."))
    assert states["title"] == T.UNTRANSLATED


def test_a_partial_spreadsheet_never_loses_the_translations_already_saved():
    source = source_of(IMAGINE)
    draft = fresh(IMAGINE, "nl")
    T.translate(draft, source, "title", "IMAGINE zelfevaluatie")
    raw = F.to_xlsx(draft, source)
    blank = filled_in(raw, lambda path, text: None)  # the translator cleared every cell
    F.apply(draft, source, F.read_xlsx(blank, source))
    assert T.translated_text(draft, "title") == "IMAGINE zelfevaluatie"


def test_another_instruments_spreadsheet_or_a_stranger_file_is_refused_saying_what_to_do():
    nef = LIB.get("nef-framework")
    other = F.to_xlsx(fresh(nef, "nl"), source_of(nef))
    with pytest.raises(F.Refused, match="Download the file for translation"):
        F.read_xlsx(filled_in(other, lambda p, t: "x"), source_of(IMAGINE))
    with pytest.raises(F.Refused, match="not a spreadsheet"):
        F.read_xlsx(b"PK\x03\x04 not really", source_of(IMAGINE))
    with pytest.raises(F.Refused, match="larger than"):
        F.read_xlsx(b"x" * (F.MAX_FILE + 1), source_of(IMAGINE))


def test_a_formula_looking_text_comes_back_as_typed():
    source = source_of(IMAGINE)
    draft = fresh(IMAGINE, "fr")
    T.translate(draft, source, "title", "=1+1 n'est pas une formule")
    rows = F.read_xlsx(F.to_xlsx(draft, source), source)  # written with a guarding quote, read without
    assert rows[0] == F.Row("title", IMAGINE.title, "=1+1 n'est pas une formule")
    F.apply(draft, source, rows)
    assert T.translated_text(draft, "title") == "=1+1 n'est pas une formule"


def test_the_po_file_round_trip_marks_a_changed_source_fuzzy_and_takes_only_reviewed_messages():
    from babel.messages.pofile import read_po

    source = source_of(IMAGINE)
    draft = fresh(IMAGINE, "fr")
    path = f"items.{IMAGINE.items[0].id}.name"
    T.translate(draft, source, path, "Je me sens respecté")
    changed = source_of(IMAGINE)
    T.put(changed, path, "A newer wording")
    raw = F.to_po(draft, changed, IMAGINE.title)
    catalog = read_po(io.BytesIO(raw))
    message = catalog.get("A newer wording", context=path)
    assert message.fuzzy and message.string == "Je me sens respecté"
    assert f'#| msgid "{IMAGINE.items[0].name}"' in raw.decode()  # what it was translated from, for the tool
    assert catalog.get(IMAGINE.title, context="title").string == ""
    catalog.get(IMAGINE.title, context="title").string = "Outil IMAGINE"
    message.string, message.flags = "Je me sens respecté·e", set()  # the translator reviewed it
    out = io.BytesIO()
    write_po(out, catalog)
    rows = F.read_po(out.getvalue(), changed)
    assert F.apply(draft, changed, rows) == 2
    assert T.status(draft, changed)[path] == T.TRANSLATED and T.get(draft, "title") == "Outil IMAGINE"


def test_a_po_message_translated_from_an_older_source_text_is_outdated_and_a_bad_po_is_refused():
    source = source_of(IMAGINE)
    rows = [F.Row("title", "An older title", "Un titre")]
    draft = fresh(IMAGINE, "fr")
    F.apply(draft, source, rows)
    assert T.status(draft, source)["title"] == T.OUTDATED
    with pytest.raises(F.Refused, match="not a PO file|holds no field"):
        F.read_po(b'msgid "a\nmsgstr', source)


def test_ticks_given_in_a_translation_are_kept_in_the_sources_words_and_count_with_everyone_elses():
    """HeadStart's options ticked on a French version are kept as the source words them: an English
    and a French participant ticking the same option give the same answer, and each sees it in theirs."""
    from coprod.answers import assessment as A

    checklist = LIB.get("headstart-checklist")
    item = next(i for i in checklist.items if len(i.options) >= 2)
    store = MemoryStore()
    doc = started(store, checklist, "fr", "Maison des jeunes")
    french = [f"Option {n} en français" for n in range(len(item.options))]
    versions.edit(store, doc["token"], lambda d: T.translate(d, source_of(checklist), f"items.{item.id}.options", "\n".join(french)))
    shown = versions.snapshot(store, versions.save(store, doc["token"], LIB)["snapshot"])
    shown_item = shown.item(item.id)
    assert list(shown_item.options) == french

    answers = {}
    for reader, instrument, ticked in (("fr", shown, [french[1]]), ("en", checklist, [item.options[1]])):
        own = A.new_assessment(checklist, title="Club", role="", on=None)
        view = own["perspectives"][0]
        A.set_options(instrument, own, view, item.id, ticked)
        answers[reader] = A.answer(own, view, item.id)["options"]
    assert answers["fr"] == answers["en"] == [item.options[1]]  # pooled: the source's words
    assert T.shown_options(shown, shown_item, answers["fr"]) == [french[1]]  # and shown in the reader's
    assert T.shown_options(checklist, item, answers["fr"]) == [item.options[1]]
