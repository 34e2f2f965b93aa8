"""Storage of assessments behind a small interface a second backend (PostgreSQL) can implement.

The embedded default keeps one TinyDB file per assessment, so a save costs the same with 10,000
stored as with 10. Streamlit serves every browser from threads of one process and TinyDB is not
thread-safe, so one store object per process guards every read and write with a lock (and a file
lock, for a second process such as the command line). Writes go to a temporary file that is flushed,
synced and atomically renamed over the old one: a crash mid-write leaves the previous version whole.
A file that cannot be read is reported and kept; it is never silently replaced.
"""

from __future__ import annotations

import copy
import json
import os
import re
import secrets
import shutil
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Protocol

from filelock import FileLock
from tinydb import TinyDB
from tinydb.storages import MemoryStorage, Storage
from tinydb.table import Document

TOKEN_BYTES = 16  # 128 bits: a resume link cannot be guessed
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{22}$")
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U: easy to read out and type
_CODE_LENGTH = 10
_TABLE = "assessment"


class NotFound(LookupError):
    """No assessment has this token or code (or it was deleted)."""


class Damaged(RuntimeError):
    """An assessment's file exists but cannot be read."""

    def __init__(self, token: str, kept_at: Path | None):
        self.token = token
        self.kept_at = kept_at
        where = f" A copy is kept at {kept_at} for recovery." if kept_at else ""
        super().__init__(
            f"The saved answers of this assessment could not be read: its file is damaged.{where} "
            "Nothing has been overwritten. Ask whoever runs coprod to restore the file from a backup "
            "or repair it; every other assessment works as usual, and you can start a new one meanwhile."
        )


_ALIAS_KINDS = ("join", "join-code", "rate")  # a session's join link and code; an invitation to rate someone
_ALIAS_KEY = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class AssessmentStore(Protocol):
    def create(self, doc: dict) -> dict: ...

    def add_alias(self, kind: str, key: str, token: str) -> None: ...

    def resolve(self, kind: str, key: str) -> str: ...

    def get(self, token: str) -> dict: ...

    def token_for_code(self, code: str) -> str: ...

    def update(self, token: str, change: Callable[[dict], None]) -> dict: ...

    def delete(self, token: str) -> None: ...

    def delete_aliases(self, token: str) -> None: ...

    def documents(self) -> Iterator[tuple[str, dict | None]]: ...


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def new_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))


def normalise_code(code: str) -> str:
    """What a person typed (any case, spaces or dashes) as the stored code."""
    return re.sub(r"[^A-Z0-9]", "", code.upper())


def format_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def valid_token(token: str) -> bool:
    return isinstance(token, str) and bool(_TOKEN.fullmatch(token))


class AtomicJSONStorage(Storage):
    """TinyDB storage that never truncates in place: temp file, flush, fsync, rename."""

    def __init__(self, path: str):
        self.path = Path(path)

    def read(self):
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        return json.loads(text)  # a damaged file raises; the store reports it

    def write(self, data) -> None:
        atomic_write_text(self.path, json.dumps(data, ensure_ascii=False))

    def close(self) -> None:
        pass


def atomic_write_text(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, flush and sync it, then rename it over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class TinyDBStore:
    """One TinyDB database per assessment: JSON files under a folder, or memory (for tests)."""

    def __init__(self, folder: Path | None = None, *, memory: bool = False):
        if not memory and folder is None:
            raise ValueError("a folder is needed unless memory=True")
        self.memory = memory
        self.folder = Path(folder) if folder else None
        self._lock = threading.RLock()
        self._memory_dbs: dict[str, TinyDB] = {}
        self._memory_codes: dict[str, str] = {}
        if self.folder:
            (self.folder / "assessments").mkdir(parents=True, exist_ok=True)
            (self.folder / "codes").mkdir(parents=True, exist_ok=True)
            self._file_lock = FileLock(str(self.folder / ".lock"))

    # -- paths and handles

    def _path(self, token: str) -> Path:
        return self.folder / "assessments" / f"{token}.json"

    def _db(self, token: str) -> TinyDB:
        if self.memory:
            return self._memory_dbs.setdefault(token, TinyDB(storage=MemoryStorage))
        return TinyDB(str(self._path(token)), storage=AtomicJSONStorage)

    def _exists(self, token: str) -> bool:
        return token in self._memory_dbs if self.memory else self._path(token).exists()

    @contextmanager
    def _locked(self):
        with self._lock:
            if self.memory:
                yield
            else:
                with self._file_lock:
                    yield

    def _read(self, token: str) -> dict:
        if not valid_token(token) or not self._exists(token):
            raise NotFound(token)
        try:
            doc = self._db(token).table(_TABLE).get(doc_id=1)
        except (ValueError, UnicodeDecodeError, AttributeError, TypeError) as error:
            raise Damaged(token, self._keep_aside(token)) from error
        if doc is None:
            raise Damaged(token, self._keep_aside(token))
        return copy.deepcopy(dict(doc))

    def _write(self, token: str, doc: dict) -> None:
        """Replace the stored document whole (TinyDB's upsert would merge, keeping removed keys)."""
        table = self._db(token).table(_TABLE)

        def replace(stored: dict) -> None:
            stored.clear()
            stored.update(doc)

        if not table.update(replace, doc_ids=[1]):
            table.insert(Document(doc, doc_id=1))

    def _keep_aside(self, token: str) -> Path | None:
        if self.memory:
            return None
        recovery = self.folder / "recovery"
        recovery.mkdir(exist_ok=True)
        damaged = self._path(token).read_bytes()
        kept = recovery / f"{token}.json"
        n = 1
        while kept.exists() and kept.read_bytes() != damaged:  # damaged again, differently: keep both
            kept = recovery / f"{token}.{n}.json"
            n += 1
        if not kept.exists():
            shutil.copy2(self._path(token), kept)
        return kept

    # -- the interface

    def create(self, doc: dict) -> dict:
        with self._locked():
            token = new_token()
            code = new_code()
            while self._code_taken(code):
                code = new_code()
            doc = {**copy.deepcopy(doc), "token": token, "code": code}
            doc["created_at"] = doc["updated_at"] = time.time()
            self._write(token, doc)
            self._save_code(code, token)
            return copy.deepcopy(doc)

    def get(self, token: str) -> dict:
        with self._locked():
            return self._read(token)

    def update(self, token: str, change: Callable[[dict], None]) -> dict:
        """Read, apply `change` to the document, write: one atomic step under the lock."""
        with self._locked():
            doc = self._read(token)
            change(doc)
            doc["token"] = token
            doc["updated_at"] = time.time()
            self._write(token, doc)
            return copy.deepcopy(doc)

    def delete(self, token: str) -> None:
        """Remove the document and every way to it: its code, the aliases that lead to it, and any
        copy of it kept for recovery (raises NotFound if there is no such document)."""
        with self._locked():
            doc = None
            try:
                doc = self._read(token)
            except Damaged:
                pass
            if self.memory:
                self._memory_dbs.pop(token, None)
                for name in [k for k, v in self._memory_codes.items() if v == token]:
                    del self._memory_codes[name]
                return
            self._path(token).unlink(missing_ok=True)
            for left in self._path(token).parent.glob(f".{token}.json.*.tmp"):  # a write cut short by a crash
                left.unlink(missing_ok=True)
            codes = [self.folder / "codes" / doc["code"]] if doc else self._pointing_at(self.folder / "codes", token)
            for path in [*codes, *self._pointing_at(self.folder / "aliases", token)]:
                path.unlink(missing_ok=True)
            recovery = self.folder / "recovery"
            if recovery.exists():
                for kept in [*recovery.glob(f"{token}.json"), *recovery.glob(f"{token}.*.json")]:
                    kept.unlink(missing_ok=True)

    def delete_aliases(self, token: str) -> None:
        """Remove every alias that leads to `token` (a session's join link and join code)."""
        with self._locked():
            if self.memory:
                for name in [k for k, v in self._memory_codes.items() if v == token and "/" in k]:
                    del self._memory_codes[name]
                return
            for path in self._pointing_at(self.folder / "aliases", token):
                path.unlink(missing_ok=True)

    def _pointing_at(self, folder: Path, token: str) -> list[Path]:
        """The code or alias files under `folder` that point at `token` (a damaged or deleted
        document no longer says what points at it)."""
        if not folder.exists():
            return []
        return [p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")
                and p.read_text(encoding="ascii", errors="replace").strip() == token]

    def documents(self) -> Iterator[tuple[str, dict | None]]:
        """Every stored document as (token, document), None for one that cannot be read. For
        maintenance (purging old data), never for anything a visitor can reach."""
        if self.memory:
            tokens = list(self._memory_dbs)
        else:
            tokens = [p.stem for p in (self.folder / "assessments").glob("*.json")]
        for token in tokens:
            try:
                yield token, self.get(token)
            except Damaged:
                yield token, None
            except NotFound:
                continue

    def token_for_code(self, code: str) -> str:
        code = normalise_code(code)
        with self._locked():
            if len(code) != _CODE_LENGTH:
                raise NotFound(code)
            if self.memory:
                token = self._memory_codes.get(code)
            else:
                path = self.folder / "codes" / code
                token = path.read_text(encoding="ascii").strip() if path.exists() else None
            if not token:
                raise NotFound(code)
            return token

    def add_alias(self, kind: str, key: str, token: str) -> None:
        """A second, independent way in to a stored document (a session's join link and join code).
        The alias is a separate secret: knowing it reveals nothing of `token`."""
        if kind not in _ALIAS_KINDS or not _ALIAS_KEY.match(key) or not valid_token(token):
            raise ValueError(f"bad alias {kind}/{key}")
        with self._locked():
            if self.memory:
                self._memory_codes[f"{kind}/{key}"] = token
            else:
                atomic_write_text(self.folder / "aliases" / kind / key, token)

    def resolve(self, kind: str, key: str) -> str:
        if kind not in _ALIAS_KINDS or not isinstance(key, str) or not _ALIAS_KEY.fullmatch(key):
            raise NotFound(key)
        with self._locked():
            if self.memory:
                token = self._memory_codes.get(f"{kind}/{key}")
            else:
                path = self.folder / "aliases" / kind / key
                token = path.read_text(encoding="ascii").strip() if path.exists() else None
        if not token:
            raise NotFound(key)
        return token

    def _code_taken(self, code: str) -> bool:
        return code in self._memory_codes if self.memory else (self.folder / "codes" / code).exists()

    def _save_code(self, code: str, token: str) -> None:
        if self.memory:
            self._memory_codes[code] = token
            return
        atomic_write_text(self.folder / "codes" / code, token)
