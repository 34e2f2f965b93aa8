"""Every file a person hands the app, played by an attacker: a JSON export to import and an instrument
file to upload (alone, or inside an export). A fuzzing corpus (hypothesis, plus the files that once
crashed the app) goes through the same functions the pages call. For every file: no exception but
the refusal the page shows (BadImport, Invalid) escapes, and a refused file leaves nothing stored.
What the rules leave out of an accepted file is said."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coprod.answers import assessment as A
from coprod.answers import plans
from coprod.files import exchange
from coprod.library import versions
from coprod.library.loading import parse_instrument
from coprod.storage.memory import MemoryStore
from coprod.storage.tinydb import TinyDBStore
from tests.apptest import LIB

LEEDS = LIB.get("leeds-six-principles")
NEF = LIB.get("nef-framework")


def a_version_text() -> str:
    """An instrument file as coprod's editor writes it (a personalised nef)."""
    draft = versions.copy_of(NEF, versions.text_of(MemoryStore(), NEF))
    draft["version"] = 1
    return versions.dump(draft)


VERSION_TEXT = a_version_text()
VERSION = parse_instrument(VERSION_TEXT, "test")[0]


def an_export(instrument=LEEDS, instrument_file: str = "") -> dict:
    doc = A.new_assessment(instrument, title="Youth forum", role="youth worker", on=date(2026, 3, 1),
                           perspectives=[A.perspectives_of(instrument)[0].id])
    view = doc["perspectives"][0]
    for item in instrument.items:
        A.set_score(instrument, doc, view, item.id, instrument.scale.min)
        A.set_example(instrument, doc, view, item.id, f"We did {item.id}.")
    plans.save_plan(doc, plans.plan_of(instrument, doc))
    return json.loads(exchange.export_json(doc, instrument_file))


def stored_files(folder) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and p.parent.name != "locks"}


def everything(store: MemoryStore) -> tuple:
    return sorted(t for t, _ in store.documents()), store.codes(), store.aliases()


def import_or_refuse(store, data: bytes) -> tuple[dict, list[str]] | None:
    """What the home page's import does with `data`: the stored assessment and what was left out, or
    None when the file was refused (and then nothing was stored)."""
    before = everything(store)
    try:
        return exchange.import_assessment(store, data, LIB)
    except exchange.BadImport as refused:
        assert str(refused) and len(str(refused)) < 2_000
        assert everything(store) == before, "a refused import left something stored"
        return None


def upload_or_refuse(store, data: bytes) -> dict | None:
    before = everything(store)
    try:
        return versions.upload(store, data, LIB)
    except versions.Invalid as refused:
        assert refused.problems and len(str(refused)) < 20_000
        assert everything(store) == before, "a refused upload left something stored"
        return None


def deep_toml(levels: int) -> str:
    return "x = " + "[" * levels + "]" * levels + "\n"


# --------------------------------------------------------------------------- the corpus: files that crashed the app

EXPORT = json.dumps(an_export())
CORPUS = {
    "nested 200,000 deep": b"[" * 200_000 + b"]" * 200_000,
    "objects nested deep": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
    "a 5,000-digit whole number": EXPORT.replace('"version": 1', '"version": ' + "9" * 5000).encode(),
    "a 5,000-digit score": EXPORT.replace('"score": 1', '"score": 1' + "0" * 5000, 1).encode(),
    "NaN for a score": EXPORT.replace('"score": 1', '"score": NaN', 1).encode(),
    "a lone surrogate in the title": EXPORT.replace('"title": "Youth forum"', '"title": "\\ud800"').encode(),
    "a lone surrogate in a plan row's id": EXPORT.replace('"id": "item-', '"id": "\\udfff-', 1).encode(),
    "a deeply nested TOML inside an export": json.dumps(an_export(VERSION, deep_toml(50_000))).encode(),
    "dotted keys nested deep inside an export": json.dumps(an_export(VERSION, VERSION_TEXT + "\nx" + ".x" * 5_000 + " = 1\n")).encode(),
    "a lone surrogate in the instrument file": json.dumps(an_export(VERSION, VERSION_TEXT + '\n# \ud800\n')).encode(),
    "an instrument file that is not text": json.dumps({**an_export(VERSION, VERSION_TEXT), "instrument_file": [1, 2]}).encode(),
    "a byte-order mark": b"\xef\xbb\xbf" + EXPORT.encode(),
    "not UTF-8": b"\xff\xfe" + EXPORT.encode("utf-16-le"),
    "too large": b" " * 3_000_000,
    "empty": b"",
    "a list of answers": EXPORT.replace('"answers": {', '"answers": [{', 1).replace('}}, "prompts"', '}], "prompts"', 1).encode(),
    "a score that is true": EXPORT.replace('"score": 1', '"score": true', 1).encode(),
    "a plan row that is text": EXPORT.replace('"plan": [', '"plan": ["x", ', 1).encode(),
    "a date that is a number": EXPORT.replace('"date": "2026-03-01"', '"date": 20260301').encode(),
    "a finished date that is no date": EXPORT.replace('"status": "draft"', '"status": "finished", "finished_on": "soon"').encode(),
}
UPLOADS = {
    "nested 200,000 deep": deep_toml(200_000).encode(),
    "an inline table nested deep": ("x = " + "{a = " * 50_000 + "1" + "}" * 50_000 + "\n").encode(),
    "dotted keys nested deep": (VERSION_TEXT + "\nx" + ".x" * 5_000 + " = 1\n").encode(),
    "a table header nested deep": (VERSION_TEXT + "\n[x" + ".x" * 5_000 + "]\n").encode(),
    "a 5,000-digit number": VERSION_TEXT.replace("version = 1", "version = " + "9" * 5000).encode(),
    "not UTF-8": b"\xff\xfe\x00x",
    "too large": b"#" * 600_000,
    "a lone surrogate escaped": (VERSION_TEXT + '\nnote = "\\ud800"\n').encode(),
    "empty": b"",
}


@pytest.mark.parametrize("name", CORPUS)
def test_each_export_that_once_crashed_the_app_is_refused_or_imported_leaving_nothing_else(name, tmp_path):
    store = TinyDBStore(tmp_path / "data")
    before = stored_files(tmp_path)
    done = import_or_refuse(store, CORPUS[name])
    if done is None:
        assert stored_files(tmp_path) == before
    else:  # an imported file is stored whole, readable, and as the rules allow
        saved, _ = done
        again = store.get(saved["token"])
        assert A.clean_text(again["title"]) == again["title"] and "\ud800" not in json.dumps(again, ensure_ascii=False)


@pytest.mark.parametrize("name", UPLOADS)
def test_each_instrument_file_that_once_crashed_the_app_is_refused_and_leaves_nothing(name, tmp_path):
    store = TinyDBStore(tmp_path / "data")
    before = stored_files(tmp_path)
    assert upload_or_refuse(store, UPLOADS[name]) is None
    assert stored_files(tmp_path) == before


def test_a_plan_of_100000_rows_is_imported_with_the_first_100_and_says_what_was_left_out():
    export = an_export()
    export["assessment"]["plan"] = [{"actions": str(n)} for n in range(1_000)] + [{}] * 99_000  # within 2 MB
    export["assessment"]["answers"]["main"]["assets"]["example"] = "x" * (A.MAX_TEXT + 10)
    saved, left_out = exchange.import_assessment(MemoryStore(), json.dumps(export).encode(), LIB)
    assert [row["actions"] for row in saved["plan"]] == [str(n) for n in range(plans.MAX_ROWS)]
    assert any("100,000 rows" in note and "101 to 100,000 were left out" in note for note in left_out)
    assert any("longer than 5,000 characters" in note for note in left_out)


def test_a_plan_row_past_the_limit_says_why_it_was_not_added():
    plan = [plans.new_row(principle=f"Row {n}") for n in range(plans.MAX_ROWS)]
    merged, refused = plans.merge(plan, plan, plans.Edits({}, [{"principle": "Row 101", "who": "Sam"}], []))
    assert len(merged) == plans.MAX_ROWS
    [why] = refused
    assert f"at most {plans.MAX_ROWS} rows" in why.why and "Row 101" in why.typed and "Sam" in why.typed


# --------------------------------------------------------------------------- fuzzing

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)


def paths(value, prefix=()):
    """Every place in a JSON value, as the keys and indexes that lead to it."""
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from paths(child, (*prefix, key))
    elif isinstance(value, list):
        for n, child in enumerate(value):
            yield from paths(child, (*prefix, n))


def replaced(value, path, new):
    if not path:
        return new
    out = list(value) if isinstance(value, list) else dict(value)
    out[path[0]] = replaced(value[path[0]], path[1:], new)
    return out


EXPORTS = [an_export(), an_export(NEF), an_export(VERSION, VERSION_TEXT), an_export(LIB.get("headstart-checklist"))]
FUZZ = settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.binary(max_size=400))
def test_any_bytes_are_refused_or_imported_and_nothing_escapes(data):
    import_or_refuse(MemoryStore(), data)
    upload_or_refuse(MemoryStore(), data)


@FUZZ
@given(st.sampled_from(EXPORTS), st.data(), json_values)
def test_an_export_changed_anywhere_is_refused_or_imported_whole(export, data, new):
    where = data.draw(st.sampled_from(list(paths(export))))
    changed = json.dumps(replaced(export, where, new)).encode()
    store = MemoryStore()
    done = import_or_refuse(store, changed)
    if done is not None:
        saved, _ = done
        assert store.get(saved["token"]) == saved
        assert sorted(t for t, _ in store.documents()) == sorted(filter(None, [saved["token"], saved.get("instrument_snapshot")]))


@FUZZ
@given(st.data(), st.text(max_size=60))
def test_an_instrument_file_changed_anywhere_is_refused_or_uploaded_whole(data, text):
    lines = VERSION_TEXT.splitlines()
    n = data.draw(st.integers(0, len(lines)))
    how = data.draw(st.sampled_from(["replace", "insert", "append to"]))
    if how == "replace" and n < len(lines):
        lines[n] = text
    elif how == "insert":
        lines.insert(n, text)
    else:
        lines[min(n, len(lines) - 1)] += text
    store = MemoryStore()
    done = upload_or_refuse(store, "\n".join(lines).encode("utf-8", "surrogatepass"))
    if done is not None:
        assert versions.load(store, done["token"])["versions"][0]["number"] >= 1
