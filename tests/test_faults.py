"""Faults a public server meets, each answered in plain words that say what to do, with what was typed
kept and nothing saved lost: a damaged or wrong-shaped stored file, a full disk or a read-only data
folder, text that cannot be stored, the temporary files of a writer killed mid-save. No message shown
to people carries a token or a server path."""

from __future__ import annotations

import errno
import json
import os
import time

import pytest

from coprod.answers import assessment as A
from coprod.storage import atomic
from coprod.storage import interface as storage
from coprod.storage.documents import Unstorable, problem
from coprod.storage.memory import MemoryStore
from coprod.storage.tinydb import TinyDBStore
from coprod.ui.autosave import key_for
from tests.apptest import LEEDS, everything_shown, page, session_with

STAGES = [item.id for item in LEEDS.items]


def shown_plainly(at, *secrets: str) -> str:
    """Everything the page shows, after checking it shows no traceback and none of `secrets`."""
    assert not at.exception, [e.value for e in at.exception]
    said = everything_shown(at)
    for secret in secrets:
        assert secret not in said
    assert "Traceback" not in said and "/tmp/" not in said
    return said


def files_under(folder) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and p.parent.name != "locks"}


# --------------------------------------------------------------------------- a damaged session file


def test_a_participant_pressing_submit_on_a_damaged_file_sees_no_token(data_dir):
    store, session, (token,) = session_with(data_dir, [("Staff or professional", None, "")])
    at = page("app_pages/score.py", a=token)
    for item in LEEDS.items:
        at.select_slider(key=key_for(token, "score", "main", item.id)).set_value("5 · Making progress")
        at.text_area(key=key_for(token, "example", "main", item.id)).input(f"We did {item.id} together.")
    at.run()
    path = data_dir / "assessments" / f"{token}.json"
    path.write_text('{"assessment": {"1": "cut short', encoding="utf-8")
    at.button(key="finish").click().run()
    said = shown_plainly(at, token, session["token"], session["join_token"], str(data_dir))
    assert "could not be read" in said and "recovery/" in said
    assert not list((data_dir / "recovery").glob(f"*{token}*")), "a recovery file named by the token"


def test_a_stored_file_of_the_wrong_shape_is_reported_as_damaged(data_dir):
    token = TinyDBStore(data_dir).create(A.new_assessment(LEEDS, title="Youth forum"))["token"]
    path = data_dir / "assessments" / f"{token}.json"
    for wrong in ({"kind": "assessment", "title": 5}, {"x": 1}, {**json.loads(path.read_text())["assessment"]["1"],
                                                                  "answers": {"main": ["not", "a", "table"]}}):
        path.write_text(json.dumps({"assessment": {"1": wrong}}), encoding="utf-8")
        for name in ("score", "results", "print"):
            at = page(f"app_pages/{name}.py", a=token)
            said = shown_plainly(at, token, str(data_dir))
            assert "could not be read" in said, name
        assert json.loads(path.read_text())["assessment"]["1"] == wrong  # kept as it was, for a person to look at


def test_the_shapes_checked_are_those_coprod_writes(data_dir):
    from coprod.library import versions
    from tests.apptest import LIB

    store, session, tokens = session_with(data_dir, [("Staff or professional", 5, "An example.")])
    own = versions.create(store, versions.copy_of(LEEDS, versions.text_of(store, LEEDS)))
    versions.save(store, own["token"], LIB)
    kinds = {doc["kind"] for _, doc in store.documents()}
    assert kinds == {"assessment", "session", versions.OWN, versions.SNAPSHOT}
    for token, doc in store.documents():
        assert problem(doc) is None, (doc.get("kind"), problem(doc))


# --------------------------------------------------------------------------- a full disk, a read-only folder


@pytest.mark.parametrize("fault", ["full", "read-only"])
def test_a_save_the_disk_refuses_is_said_plainly_and_what_was_typed_is_given_back(data_dir, monkeypatch, fault):
    token = TinyDBStore(data_dir).create(A.new_assessment(LEEDS, title="Youth forum"))["token"]
    at = page("app_pages/score.py", a=token)
    box = key_for(token, "example", "main", STAGES[0])
    at.text_area(key=box).input("Saved before the disk filled up.").run()
    before = (data_dir / "assessments" / f"{token}.json").read_bytes()
    if fault == "full":
        monkeypatch.setattr(atomic.os, "replace", lambda *a, **k: (_ for _ in ()).throw(
            OSError(errno.ENOSPC, "No space left on device", str(data_dir / "assessments" / "x.tmp"))))
    else:
        monkeypatch.setattr(atomic.tempfile, "mkstemp", lambda *a, **k: (_ for _ in ()).throw(
            OSError(errno.EROFS, "Read-only file system", str(data_dir / "assessments"))))
    at.text_area(key=box).input("Typed while the disk could take nothing.").run()
    said = shown_plainly(at, str(data_dir), "No space", "Read-only file system")  # (its own link is on the page)
    assert "cannot store anything just now" in said
    assert "Typed while the disk could take nothing." in [c.value for c in at.code]  # given back, to copy
    assert (data_dir / "assessments" / f"{token}.json").read_bytes() == before  # the previous version whole
    assert not list((data_dir / "assessments").glob(".*.tmp"))


def test_a_data_folder_that_cannot_be_written_at_all_is_said_plainly(tmp_path, monkeypatch):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the data folder should be")
    monkeypatch.setenv("COPROD_DATA_DIR", str(blocked / "data"))
    at = page("app_pages/score.py", a="A" * 22)
    said = shown_plainly(at, str(blocked))
    assert "cannot store anything just now" in said


# --------------------------------------------------------------------------- text that cannot be stored


@pytest.mark.parametrize("kind", ["memory", "tinydb"])
def test_a_document_that_cannot_be_stored_is_refused_whole_and_leaves_nothing(kind, tmp_path):
    store = MemoryStore() if kind == "memory" else TinyDBStore(tmp_path / "data")
    before = files_under(tmp_path) if kind == "tinydb" else None
    kept = store.create({"title": "fine"})
    for bad in ({"title": "\ud800"}, {"title": "ok", "deep": json.loads("[" * 40 + "]" * 40)}, {"n": float("nan")}):
        with pytest.raises(Unstorable):
            store.create(bad)
        with pytest.raises(Unstorable):
            store.update(kept["token"], lambda d, bad=bad: d.update(bad))
    assert store.get(kept["token"]) == kept
    assert list(store.codes().values()) == [kept["token"]]
    assert [token for token, _ in store.documents()] == [kept["token"]]
    if before is not None:
        assert files_under(tmp_path) - before == {f"data/assessments/{kept['token']}.json", f"data/codes/{kept['code']}"}


def test_a_lone_surrogate_typed_or_imported_is_stored_as_a_replacement_character():
    assert A.clean_text("caf\ud800e") == "caf\ufffde"


# --------------------------------------------------------------------------- a writer killed mid-save


def test_temporary_files_of_a_writer_killed_mid_save_are_cleaned_at_the_next_start(tmp_path):
    store = TinyDBStore(tmp_path / "data")
    token = store.create(A.new_assessment(LEEDS, title="Youth forum"))["token"]
    folder = tmp_path / "data" / "assessments"
    stale = folder / f".{token}.json.k2j4l1x9.tmp"
    stale.write_bytes(b"x" * 3_000_000)  # what a writer killed before its rename leaves
    old = time.time() - 2 * atomic.STALE_AFTER
    os.utime(stale, (old, old))
    busy = folder / f".{token}.json.a8b7c6d5.tmp"  # another process writing right now
    busy.write_bytes(b"half")
    not_ours = folder / "notes.tmp"
    not_ours.write_bytes(b"someone else's")
    os.utime(not_ours, (old, old))
    TinyDBStore(tmp_path / "data")  # the next start
    assert not stale.exists() and busy.exists() and not_ours.exists()
    assert TinyDBStore(tmp_path / "data").get(token)["title"] == "Youth forum"


def test_a_not_found_message_never_carries_what_was_looked_up():
    store = MemoryStore()
    for lookup in (lambda: store.get("T" * 22), lambda: store.token_for_code("ABCDE-FGHJK"),
                   lambda: store.resolve("join", "J" * 22), lambda: store.update("U" * 22, lambda d: None)):
        with pytest.raises(storage.NotFound) as missing:
            lookup()
        assert not {"T" * 22, "ABCDEFGHJK", "J" * 22, "U" * 22} & set(str(missing.value).split())
        assert "TTTT" not in str(missing.value) and "JJJJ" not in str(missing.value) and "UUUU" not in str(missing.value)


# --------------------------------------------------------------------------- a damaged participant's file


def test_a_damaged_participants_file_is_named_on_the_facilitators_view_and_the_others_still_shown(data_dir):
    from coprod.sessions import lifecycle as S

    people = [("Staff or professional", 3 + n, f"Example {n}") for n in range(4)]
    store, session, tokens = session_with(data_dir, people, min_group=3)
    store.update(session["token"], S.reveal)
    (data_dir / "assessments" / f"{tokens[0]}.json").write_text("{ cut short", encoding="utf-8")
    at = page("app_pages/session.py", f=session["token"])
    said = shown_plainly(at, tokens[0], str(data_dir))
    assert "1 person's answers cannot be read" in said
    assert "The answers of 3 people." in said  # the others, shown as usual
