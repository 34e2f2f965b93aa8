"""The stores the contract suite runs on, each with what only a test may do to it: damage a stored
document and read it back raw, to show that nothing overwrote it."""

from __future__ import annotations

import json
from pathlib import Path

from coprod.storage.memory import MemoryStore
from coprod.storage.tinydb import TinyDBStore

KINDS = ["memory", "tinydb", "postgres"]


class MemoryKind:
    def __init__(self, store: MemoryStore):
        self.store = store

    def damage(self, token: str, value) -> None:
        self.store._docs[token] = value

    def raw(self, token: str):
        return self.store._docs.get(token)


class TinyDBKind:
    def __init__(self, store: TinyDBStore):
        self.store = store

    def file(self, token: str) -> Path:
        return self.store.folder / "assessments" / f"{token}.json"

    def damage(self, token: str, value) -> None:
        self.file(token).write_text(json.dumps({"assessment": {"1": value}}), encoding="utf-8")

    def raw(self, token: str):
        if not self.file(token).exists():
            return None
        return json.loads(self.file(token).read_text(encoding="utf-8"))["assessment"]["1"]


class PostgresKind:
    def __init__(self, store):
        self.store = store

    def damage(self, token: str, value) -> None:
        from psycopg.types.json import Jsonb

        with self.store._pool.connection() as conn:
            conn.execute("UPDATE documents SET doc = %s WHERE token = %s", (Jsonb(value), token))

    def raw(self, token: str):
        with self.store._pool.connection() as conn:
            row = conn.execute("SELECT doc FROM documents WHERE token = %s", (token,)).fetchone()
        return row[0] if row else None


def make(kind: str, tmp_path: Path, request):
    """A fresh, empty store of `kind` with its test handle."""
    if kind == "memory":
        return MemoryKind(MemoryStore())
    if kind == "tinydb":
        return TinyDBKind(TinyDBStore(tmp_path / "data"))
    from coprod.storage.postgres import PostgresStore

    store = PostgresStore(request.getfixturevalue("postgres_url"))
    request.addfinalizer(store.close)
    return PostgresKind(store)
