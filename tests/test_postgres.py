"""What only the PostgreSQL store shows: its schema made by migrations on first start, a revision
per save, row locks that hold up one document only. Everything else it shares with every store is
in the contract suite (tests/test_storage.py)."""

from __future__ import annotations

import subprocess
import sys
import threading

import psycopg
import pytest

from coprod import postgres
from coprod.postgres import PostgresStore
from tests.conftest import ROOT


def test_the_schema_is_made_on_first_start_once_even_by_processes_starting_together(postgres_url):
    starts = [subprocess.Popen([sys.executable, "-c", "import sys; from coprod.postgres import PostgresStore; "
                                "PostgresStore(sys.argv[1]).close()", postgres_url], cwd=ROOT) for _ in range(4)]
    assert [p.wait(timeout=120) for p in starts] == [0] * 4
    with psycopg.connect(postgres_url) as conn:
        versions = [row[0] for row in conn.execute("SELECT version FROM schema_migrations ORDER BY version")]
        tables = {row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
    assert versions == list(range(1, len(postgres.MIGRATIONS) + 1))
    assert {"documents", "codes", "aliases", "schema_migrations"} <= tables
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        assert postgres.migrate_schema(conn) == 0  # a restart applies nothing


def test_every_save_moves_the_revision(postgres_url):
    store = PostgresStore(postgres_url)
    try:
        token = store.create({"n": 0})["token"]
        for n in range(1, 4):
            store.update(token, lambda d: d.__setitem__("n", n))
        with psycopg.connect(postgres_url) as conn:
            assert conn.execute("SELECT revision, doc->>'n' FROM documents WHERE token = %s", (token,)).fetchone() == (4, "3")
    finally:
        store.close()


def test_a_code_is_unique_in_the_database(postgres_url):
    store = PostgresStore(postgres_url)
    try:
        first, second = store.create({}), store.create({})
        assert not store._claim_code(first["code"], second["token"])
        with psycopg.connect(postgres_url) as conn, pytest.raises(psycopg.errors.UniqueViolation):
            conn.execute("INSERT INTO codes (code, token) VALUES (%s, %s)", (first["code"], second["token"]))
        assert store.token_for_code(first["code"]) == first["token"]
    finally:
        store.close()


def test_a_transaction_holding_one_document_holds_up_that_document_only(postgres_url):
    """Another process in the middle of saving one document (its row locked) holds up writes to
    that document only; the waiting write then sees what the other saved."""
    store = PostgresStore(postgres_url)
    try:
        held, other = store.create({"n": 0, "log": []})["token"], store.create({"n": 0})["token"]
        with psycopg.connect(postgres_url) as holder:
            holder.execute("SELECT 1 FROM documents WHERE token = %s FOR UPDATE", (held,))
            assert store.update(other, lambda d: d.__setitem__("n", 1))["n"] == 1  # not held up
            done = threading.Event()
            waiting = threading.Thread(target=lambda: (store.update(held, lambda d: d["log"].append("app")), done.set()))
            waiting.start()
            assert not done.wait(0.5)  # waits for the other transaction
            holder.execute("UPDATE documents SET doc = jsonb_set(doc, '{log}', '[\"other\"]') WHERE token = %s", (held,))
            holder.commit()
        waiting.join(timeout=30)
        assert done.is_set()
        assert store.get(held)["log"] == ["other", "app"], "the waiting write did not read what the other saved"
    finally:
        store.close()


def test_an_unreachable_database_is_said_at_once():
    with pytest.raises(psycopg.OperationalError):
        PostgresStore("postgresql://coprod@127.0.0.1:1/none?connect_timeout=2")
