"""Which store this process uses: PostgreSQL when `COPROD_DATABASE_URL` names a database, else the
TinyDB files in the data folder (`COPROD_DATA_DIR`, default data/)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from coprod.storage.document_store import DocumentStore
from coprod.storage.tinydb import TinyDBStore

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def database_url() -> str:
    return os.environ.get("COPROD_DATABASE_URL", "").strip()


def is_database_url(place: str) -> bool:
    return place.startswith(POSTGRES_SCHEMES)


def open_store(place: str | Path, check: Callable[[dict], str | None] | None = None) -> DocumentStore:
    """The store at `place`: a postgresql:// URL or a data folder. A stored document for which `check`
    names a problem is reported as damaged (the app passes coprod.storage.documents.problem)."""
    place = str(place)
    if is_database_url(place):
        from coprod.storage.postgres import PostgresStore

        return PostgresStore(place, pool_size=int(os.environ.get("COPROD_DATABASE_POOL", "10")),
                             wait=float(os.environ.get("COPROD_DATABASE_WAIT", "15")), check=check)
    return TinyDBStore(Path(place), check=check)


def configured_place() -> str:
    """Where this process keeps its data, from the settings."""
    from coprod.common.paths import data_dir

    return database_url() or str(data_dir())
