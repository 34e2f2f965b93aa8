"""`python -m coprod migrate`: a data folder into PostgreSQL and back, nothing lost, safe to re-run."""

from __future__ import annotations

import json

import pytest

from coprod.answers import assessment as A
from coprod.answers import raters
from coprod.cli import main as cli
from coprod.storage.postgres import PostgresStore
from coprod.storage.tinydb import TinyDBStore
from tests.apptest import LEEDS, session_with


def everything(store) -> tuple[dict, dict, dict]:
    """All a store holds: documents, codes, aliases."""
    return dict(store.documents()), store.codes(), store.aliases()


@pytest.fixture
def folder(data_dir):
    """A data folder as an app leaves it: a session with people who joined and submitted, an
    assessment with an invitation to rate, one in any script."""
    store, session, _ = session_with(data_dir, [("Staff or professional", 3, "We co-chair"),
                                                ("Partner or volunteer", None, "")])
    mine = store.create(A.new_assessment(LEEDS, title="Łódź — “quotes” ✓ مرحبا 👩🏽", role="worker"))
    raters.invitation(store, mine["token"])
    return data_dir


def test_a_data_folder_moves_into_postgresql_and_back_with_nothing_lost(folder, postgres_url, tmp_path, capsys):
    source = everything(TinyDBStore(folder))
    assert len(source[0]) == 4 and len(source[1]) == 3 and len(source[2]) == 3  # codes: every document but the session

    assert cli(["migrate", "--from", str(folder), "--to", postgres_url]) == 0
    assert "4 documents (4 written this run" in capsys.readouterr().out
    store = PostgresStore(postgres_url)
    try:
        assert everything(store) == source
    finally:
        store.close()

    back = tmp_path / "back"
    assert cli(["migrate", "--from", postgres_url, "--to", str(back)]) == 0
    assert everything(TinyDBStore(back)) == source
    for token in source[0]:  # the files are TinyDB's, as the app writes them
        assert json.loads((back / "assessments" / f"{token}.json").read_text(encoding="utf-8"))["assessment"]["1"] == source[0][token]


def test_running_it_again_copies_only_what_changed(folder, postgres_url, capsys):
    assert cli(["migrate", "--from", str(folder), "--to", postgres_url]) == 0
    capsys.readouterr()
    assert cli(["migrate", "--from", str(folder), "--to", postgres_url]) == 0
    assert "(0 written this run" in capsys.readouterr().out

    token = next(t for t, d in TinyDBStore(folder).documents() if d.get("role") == "worker")
    TinyDBStore(folder).update(token, lambda d: d.__setitem__("title", "Renamed"))
    assert cli(["migrate", "--from", str(folder), "--to", postgres_url]) == 0
    assert "(1 written this run" in capsys.readouterr().out
    store = PostgresStore(postgres_url)
    try:
        assert store.get(token)["title"] == "Renamed"
        assert everything(store) == everything(TinyDBStore(folder))
    finally:
        store.close()


def test_an_unreadable_document_is_reported_and_the_rest_moves(folder, postgres_url, capsys):
    source = TinyDBStore(folder)
    token = next(t for t, d in source.documents() if d.get("role") == "worker")
    (folder / "assessments" / f"{token}.json").write_text("{damaged", encoding="utf-8")

    assert cli(["migrate", "--from", str(folder), "--to", postgres_url]) == 1
    out = capsys.readouterr().out
    assert f"not copied: document {token[:4]}… cannot be read" in out
    store = PostgresStore(postgres_url)
    try:
        documents, codes, aliases = everything(store)
        assert token not in documents and token not in codes.values() and token not in aliases.values()
        assert len(documents) == 3 and documents == {t: d for t, d in source.documents() if t != token}
    finally:
        store.close()


def test_a_code_taken_in_the_target_is_a_conflict_not_overwritten(folder, tmp_path, capsys):
    source = TinyDBStore(folder)
    token, doc = next((t, d) for t, d in source.documents() if d.get("role") == "worker")
    target = TinyDBStore(tmp_path / "target")
    squatter = target.create({"title": "someone else's"})
    (target.folder / "codes" / squatter["code"]).unlink()
    (target.folder / "codes" / doc["code"]).write_text(squatter["token"], encoding="ascii")

    assert cli(["migrate", "--from", str(folder), "--to", str(target.folder)]) == 1
    assert f"code {doc['code']} already leads to another document" in capsys.readouterr().out
    assert target.token_for_code(doc["code"]) == squatter["token"]
    assert target.get(token) == doc  # the document itself is there, reachable by its link


@pytest.mark.parametrize("args, says", [
    (["--from", "nowhere/", "--to", "elsewhere/"], "nowhere/: no such data folder"),
    (["--from", "data/", "--to", "data/"], "name the same place"),
    (["--from", "mysql://x/y", "--to", "data/"], "mysql:// is not a store"),
])
def test_bad_places_are_refused_with_what_to_do(args, says, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli(["migrate", *args]) == 1
    assert says in capsys.readouterr().out


def test_an_unreachable_database_stops_with_what_to_do(folder, capsys):
    assert cli(["migrate", "--from", str(folder), "--to", "postgresql://coprod@127.0.0.1:1/none?connect_timeout=2"]) == 1
    assert "Nothing was deleted anywhere" in capsys.readouterr().out
