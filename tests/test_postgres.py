"""What only the PostgreSQL store shows: its schema made by migrations on first start, a revision
per save, row locks that hold up one document only. Everything else it shares with every store is
in the contract suite (tests/test_storage.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import psycopg
import pytest

from coprod.storage import postgres
from coprod.storage.interface import Unavailable
from coprod.storage.postgres import PostgresStore
from tests.conftest import ROOT


def test_the_schema_is_made_on_first_start_once_even_by_processes_starting_together(postgres_url):
    starts = [subprocess.Popen([sys.executable, "-c", "import sys; from coprod.storage.postgres import PostgresStore; "
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


SECRET_URLS = ["postgresql://coprod:pa55word@127.0.0.1:1/none?connect_timeout=2",  # nothing listens there
               "postgresql://coprod:pa%zzword@127.0.0.1:1/none",  # a % not written as %25
               "postgresql://coprod:pa55word@/none?host=/nowhere/socket&connect_timeout=2"]
SECRETS = ("pa55word", "pa%zzword", "zzword", "127.0.0.1", "/nowhere", "coprod:", "5432", "port 1")


@pytest.mark.parametrize("url", SECRET_URLS)
def test_an_unreachable_database_is_said_at_once_in_plain_words_that_name_nothing(url, caplog, monkeypatch):
    caplog.set_level("DEBUG")
    monkeypatch.setattr(postgres, "LOGGED", {})  # each reason is logged once a minute: this test's own
    with pytest.raises(Unavailable) as away:
        PostgresStore(url)
    assert "cannot be reached" in str(away.value) and away.value.__cause__ is None
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "COPROD_DATABASE_URL" in logged or "nothing answers" in logged or "no database listens" in logged
    for secret in SECRETS:
        assert secret not in str(away.value) and secret not in logged, secret


@pytest.mark.parametrize("url", SECRET_URLS[:2])
def test_the_app_starts_with_its_database_away_and_says_so_without_a_detail(url, monkeypatch, caplog, data_dir):
    from tests.apptest import everything_shown, page

    caplog.set_level("DEBUG")
    monkeypatch.setenv("COPROD_DATABASE_URL", url)
    for name, params in (("home", {}), ("score", {"a": "A" * 22}), ("session", {"f": "F" * 22}), ("join", {})):
        at = page(f"app_pages/{name}.py", **params)
        assert not at.exception
        said = everything_shown(at)
        if name != "home" and name != "join":  # (the home and join pages open no stored document)
            assert "The database cannot be reached" in said, name
        logged = "\n".join(record.getMessage() for record in caplog.records)
        for secret in SECRETS:
            assert secret not in said and secret not in logged, (name, secret)


def test_migrate_never_prints_the_connection_string(tmp_path):
    (tmp_path / "data").mkdir()
    for url in SECRET_URLS[:2]:
        done = subprocess.run([sys.executable, "-m", "coprod", "migrate", "--from", str(tmp_path / "data"), "--to", url],
                              cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert done.returncode == 1 and "the copy stopped: The database cannot be reached" in done.stdout
        for secret in SECRETS:
            assert secret not in done.stdout + done.stderr, secret


def test_during_an_outage_every_save_of_ten_clients_succeeds_or_is_refused_in_plain_words(postgres_server, postgres_url, caplog):
    """Ten clients save continuously while PostgreSQL stops and starts again under them: each save is
    either done or refused as Unavailable (which every page says in plain words); none fails otherwise."""
    caplog.set_level("DEBUG")
    store = PostgresStore(postgres_url, pool_size=4, wait=2)
    tokens = [store.create({"n": 0})["token"] for _ in range(10)]
    outcomes: list[str] = []
    stop = threading.Event()

    def client(token):
        while not stop.is_set():
            try:
                if len(outcomes) % 3:
                    store.update(token, lambda d: d.__setitem__("n", d["n"] + 1))
                else:
                    store.get(token)
                outcomes.append("done")
            except Unavailable:
                outcomes.append("refused")
            except Exception as error:  # noqa: BLE001 - what the test counts
                outcomes.append(f"{type(error).__name__}: {error}")

    clients = [threading.Thread(target=client, args=(token,)) for token in tokens]
    try:
        for thread in clients:
            thread.start()
        while outcomes.count("done") < 50:
            time.sleep(0.05)
        postgres_server.stop()
        before = len(outcomes)
        while outcomes.count("refused") < 10 or len(outcomes) < before + 20:
            time.sleep(0.05)
        postgres_server.start()
        after = outcomes.count("done")
        while outcomes.count("done") < after + 50:
            time.sleep(0.05)
    finally:
        stop.set()
        for thread in clients:
            thread.join(timeout=60)
        if not postgres_server.running():
            postgres_server.start()
        store.close()
    assert [o for o in outcomes if o not in ("done", "refused")] == []
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert str(postgres_server.port) not in logged and "127.0.0.1" not in logged


def test_a_restart_of_postgresql_costs_nobody_a_failed_request(postgres_server, postgres_url):
    """After PostgreSQL restarts (an upgrade, a failover), the pool's idle connections are dead: the
    next reads and saves must get working ones instead of an error."""
    store = PostgresStore(postgres_url, pool_size=4)
    try:
        docs = [store.create({"title": f"Youth forum {n}"}) for n in range(4)]
        gate = threading.Barrier(4)

        def read(doc):  # four at once, so the pool holds several connections when the server goes
            gate.wait()
            store.get(doc["token"])

        threads = [threading.Thread(target=read, args=(doc,)) for doc in docs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        postgres_server.stop()
        postgres_server.start()
        for doc in docs:
            assert store.get(doc["token"])["title"] == doc["title"]
        store.update(docs[0]["token"], lambda d: d.update(title="Saved after the restart"))
        assert store.get(docs[0]["token"])["title"] == "Saved after the restart"
    finally:
        store.close()


def test_while_postgresql_is_away_a_change_is_refused_and_what_was_typed_is_kept(postgres_server, postgres_url, monkeypatch):
    from coprod.answers import assessment as A
    from coprod.ui.autosave import key_for
    from coprod.ui.store import _STORES
    from tests.apptest import LEEDS, page

    monkeypatch.setenv("COPROD_DATABASE_URL", postgres_url)
    monkeypatch.setenv("COPROD_DATABASE_WAIT", "2")
    store = PostgresStore(postgres_url)
    doc = store.create(A.new_assessment(LEEDS, title="Walk", role="volunteer"))
    try:
        at = page("app_pages/score.py", a=doc["token"])
        at.text_area(key=key_for(doc["token"], "example", "main", "assets")).input("TYPED while the database was away")
        postgres_server.stop()
        try:
            at.run()
        finally:
            postgres_server.start()
        assert not at.exception
        assert "Not saved" in at.warning[0].value and "cannot be reached" in at.warning[0].value
        assert "TYPED while the database was away" in [c.value for c in at.code]
        assert A.answer(store.get(doc["token"]), "main", "assets")["example"] == ""  # nothing half-saved
    finally:
        store.close()
        for place in [p for p in _STORES if p == postgres_url]:
            _STORES.pop(place).close()


def test_a_process_holding_more_than_a_thousand_files_still_gets_its_connections(postgres_url):
    """A busy server holds a socket per browser: past 1,024 open files, select() refused the pool's
    check of every new connection, and every save waited, then failed (seen late in the test suite)."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 1500:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(4096, hard), hard))
    held = [open(os.devnull) for _ in range(1100)]
    try:
        store = PostgresStore(postgres_url, wait=5)
        try:
            doc = store.create({"title": "many files", "kind": "assessment"})
            assert store.get(doc["token"])["title"] == "many files"
        finally:
            store.close()
    finally:
        for f in held:
            f.close()
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
