"""The embedded default store: one TinyDB file per document in the data folder, so a save costs
the same with 10,000 stored as with 10. How it keeps the rules of coprod.storage.document_store:

- Reads take no lock. A file is only ever replaced whole (written to a temporary file, flushed,
  synced and renamed over the old one: coprod.storage.atomic), so a reader sees the old version or
  the new one, never half, and a crash mid-write leaves the previous version whole.
- A write locks only its own document: a lock per document for the threads of this process (all of
  Streamlit's browser sessions) and, across processes (the command line, other app processes), a
  file lock of a stripe the document hashes to.

A file that cannot be read is reported and kept; it is never silently replaced. A write the file
system refuses (a full disk, a read-only folder) is reported as Unwritable, never with its path.
"""

from __future__ import annotations

import json
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from tinydb.storages import Storage

from coprod.storage.atomic import (
    FileStripes,
    atomic_write_bytes,
    atomic_write_text,
    clean_stale,
    stripe,
    sync_folder,
)
from coprod.storage.document_store import DocumentStore
from coprod.storage.interface import Damaged, NotFound, recovery_name, writing

TABLE = "assessment"
FRESH_NS = 50_000_000  # a file saved this recently (50 ms, many ticks of a file's time) is read whatever its stamp


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


class TinyDBStore(DocumentStore):
    """One TinyDB database (a JSON file) per document under `folder`/assessments; codes and aliases
    are small files naming the token they lead to."""

    def __init__(self, folder: Path, check: Callable[[dict], str | None] | None = None):
        super().__init__(check)
        self.folder = Path(folder)
        with writing():
            for part in ("assessments", "codes", "locks"):
                (self.folder / part).mkdir(parents=True, exist_ok=True)
        clean_stale(self.folder)  # what writers killed mid-save left: nobody else ever removes it
        self._file_locks = FileStripes(self.folder / "locks")

    def _path(self, token: str) -> Path:
        return self.folder / "assessments" / f"{token}.json"

    @contextmanager
    def _exclusive(self, token: str):
        with self._locks.hold(token):
            with writing():  # the lock file cannot be opened where the folder takes no writes
                held = self._file_locks.hold(stripe(token))
                held.__enter__()
            try:
                yield
            finally:
                held.__exit__(None, None, None)

    def _exists(self, token: str) -> bool:
        return self._path(token).exists()

    def _stamp(self, token: str) -> tuple | None:
        """A save renames a new file over the old one: a new inode (never the one it replaces), with its
        time and size. A file's time moves in ticks of a few milliseconds, and an inode freed by one save
        may be taken by the next but one: a file younger than FRESH_NS gets a stamp of its own, equal to
        no other, so a save that follows within the same tick is never taken for the one before."""
        try:
            found = os.stat(self._path(token))
        except (FileNotFoundError, NotADirectoryError):
            return None
        stamp = (found.st_ino, found.st_mtime_ns, found.st_size)
        return stamp if time.time_ns() - found.st_mtime_ns > FRESH_NS else (*stamp, object())

    def _load(self, token: str) -> dict:
        """The document, read through TinyDB's storage layer: a file holds one TinyDB table with the
        document as its entry 1 (plain TinyDB opens it), read once and parsed once."""
        try:
            data = AtomicJSONStorage(str(self._path(token))).read()
        except (ValueError, UnicodeDecodeError) as error:
            raise Damaged(token, self._keep_aside(token)) from error
        if data is None:
            raise NotFound(token)  # no such file (or deleted meanwhile)
        doc = data.get(TABLE, {}).get("1") if isinstance(data, dict) and isinstance(data.get(TABLE), dict) else None
        if not isinstance(doc, dict):
            raise self._damaged(token)
        return doc

    def _damaged(self, token: str) -> Damaged:
        return Damaged(token, self._keep_aside(token))

    def _save(self, token: str, doc: dict) -> None:
        """Replace the stored document whole, in the layout TinyDB writes."""
        AtomicJSONStorage(str(self._path(token))).write({TABLE: {"1": doc}})

    def _keep_aside(self, token: str) -> Path | None:
        """A copy of a damaged file in recovery/, named by a digest of its token (the name may be
        shown to people); None where none could be made (a read-only folder)."""
        recovery = self.folder / "recovery"
        name = recovery_name(token)
        try:
            recovery.mkdir(exist_ok=True)
            damaged = self._path(token).read_bytes()
            kept = recovery / f"{name}.json"
            n = 1
            while kept.exists() and kept.read_bytes() != damaged:  # damaged again, differently: keep both
                kept = recovery / f"{name}.{n}.json"
                n += 1
            if not kept.exists():
                atomic_write_bytes(kept, damaged)
        except OSError:
            return None
        return kept

    def _claim_code(self, code: str, token: str) -> bool:
        path = self.folder / "codes" / code
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            return False
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(token)
            out.flush()
            os.fsync(out.fileno())
        sync_folder(path.parent)
        return True

    def _code(self, code: str) -> str | None:
        return _read_small(self.folder / "codes" / code)

    def _release_code(self, code: str, token: str) -> None:
        if self._code(code) == token:
            (self.folder / "codes" / code).unlink(missing_ok=True)

    def _set_alias(self, kind: str, key: str, token: str) -> None:
        atomic_write_text(self.folder / "aliases" / kind / key, token)

    def _alias(self, kind: str, key: str) -> str | None:
        return _read_small(self.folder / "aliases" / kind / key)

    def _remove(self, token: str, doc: dict | None) -> None:
        if not self._exists(token):
            raise NotFound(token)
        self._path(token).unlink(missing_ok=True)
        for left in self._path(token).parent.glob(f".{token}.json.*.tmp"):  # a write cut short by a crash
            left.unlink(missing_ok=True)
        if doc is None:  # unreadable: it no longer says its code
            codes = self._pointing_at(self.folder / "codes", token)
        else:
            codes = [self.folder / "codes" / doc["code"]] if isinstance(doc.get("code"), str) else []
        for path in codes:
            path.unlink(missing_ok=True)
        self.delete_aliases(token)
        recovery = self.folder / "recovery"
        if recovery.exists():  # by digest; copies kept by earlier versions of coprod were named by the token
            for name in (recovery_name(token), token):
                for kept in [*recovery.glob(f"{name}.json"), *recovery.glob(f"{name}.*.json")]:
                    kept.unlink(missing_ok=True)

    def delete_aliases(self, token: str) -> None:
        for path in self._pointing_at(self.folder / "aliases", token):
            path.unlink(missing_ok=True)

    def _pointing_at(self, folder: Path, token: str) -> list[Path]:
        """The code or alias files under `folder` that point at `token` (a damaged or deleted
        document no longer says what points at it)."""
        if not folder.exists():
            return []
        return [path for path, points_at in _pointers(folder.rglob("*")) if points_at == token]

    def _tokens(self) -> list[str]:
        return [p.stem for p in (self.folder / "assessments").glob("*.json")]

    def mentioned(self, token: str) -> bool:
        needle = token.encode("ascii")
        for path in (self.folder / "assessments").glob("*.json"):
            try:
                if path.stem != token and needle in path.read_bytes():
                    return True
            except FileNotFoundError:  # deleted meanwhile
                continue
        return False

    def codes(self) -> dict[str, str]:
        return {path.name: token for path, token in _pointers((self.folder / "codes").iterdir())}

    def aliases(self) -> dict[tuple[str, str], str]:
        return {(path.parent.name, path.name): token for path, token in _pointers((self.folder / "aliases").glob("*/*"))}


def _pointers(paths: Iterator[Path]) -> Iterator[tuple[Path, str]]:
    """Each code or alias file among `paths` with the token it names (temporary files left out)."""
    for path in paths:
        token = _read_small(path) if path.is_file() and not path.name.startswith(".") else None
        if token:
            yield path, token


def _read_small(path: Path) -> str | None:
    try:
        return path.read_text(encoding="ascii").strip() or None
    except (FileNotFoundError, NotADirectoryError, UnicodeDecodeError):
        return None
