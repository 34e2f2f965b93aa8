"""Storage of assessments (and sessions) behind one small interface, in three real stores.

`TinyDBStore`, the embedded default, keeps one TinyDB file per document, so a save costs the same with
10,000 stored as with 10. `MemoryStore` keeps them in memory, for tests. `coprod.postgres.PostgresStore`
keeps them in PostgreSQL, for several app processes or machines (`coprod.stores.open_store` picks
one from the settings). All share `DocumentStore`; here is how the two of this module keep its rules:

- Reads take no lock. A file is only ever replaced whole (written to a temporary file, flushed,
  synced and renamed over the old one), so a reader sees the old version or the new one, never half,
  and a crash mid-write leaves the previous version whole.
- A write locks only its own document: a lock per document for the threads of this process (all of
  Streamlit's browser sessions) and, across processes (the command line, other app processes), a
  file lock of a stripe the document hashes to. Saves to different documents do not wait for each
  other.
- Writes to one document are committed in groups: changes that arrive while the document is being
  written are applied together in the next write, in the order they came, each on its own (one that
  raises leaves the document as it was before it and reaches only its own caller). Fifty people
  joining one session at once cost a few writes of it, not fifty in a row.

A file that cannot be read is reported and kept; it is never silently replaced.
"""

from __future__ import annotations

import copy
import fcntl
import hashlib
import json
import os
import re
import secrets
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Protocol

from tinydb.storages import Storage

TOKEN_BYTES = 16  # 128 bits: a resume link cannot be guessed
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{22}$")
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U: easy to read out and type
_CODE_LENGTH = 10
_TABLE = "assessment"


class NotFound(LookupError):
    """No assessment has this token or code (or it was deleted)."""


class Unavailable(RuntimeError):
    """The store cannot be reached just now (its database is down or restarting): nothing was changed."""

    def __init__(self) -> None:
        super().__init__("The database cannot be reached just now, so nothing was changed. "
                         "Try again in a minute; if it goes on, tell whoever runs coprod for you.")


class Damaged(RuntimeError):
    """An assessment's file exists but cannot be read."""

    def __init__(self, token: str, kept_at: Path | None):
        self.token = token
        self.kept_at = kept_at
        where = f" A copy is kept at {kept_at} for recovery." if kept_at else ""
        super().__init__(
            f"The saved answers of this assessment could not be read: its stored copy is damaged.{where} "
            "Nothing has been overwritten. Ask whoever runs coprod to restore it from a backup "
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
    atomic_write_bytes(path, text.encode("utf-8"))


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


class _Pending:
    """One change waiting for its document's next write."""

    __slots__ = ("change", "done", "error", "result")

    def __init__(self, change: Callable[[dict], None]):
        self.change = change
        self.done = False
        self.error: BaseException | None = None
        self.result: dict | None = None


class _KeyedLocks:
    """A thread lock per key, kept only while someone holds or waits for it."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[str, list] = {}  # key -> [lock, users]

    @contextmanager
    def hold(self, key: str):
        with self._guard:
            entry = self._locks.setdefault(key, [threading.Lock(), 0])
            entry[1] += 1
        try:
            with entry[0]:
                yield
        finally:
            with self._guard:
                entry[1] -= 1
                if not entry[1]:
                    del self._locks[key]


class DocumentStore:
    """What every store here shares: tokens and codes, lock-free reads, per-document group commit.
    A store provides the primitives below for its medium."""

    def __init__(self) -> None:
        self._locks = _KeyedLocks()
        self._queues: dict[str, list[_Pending]] = {}
        self._queues_guard = threading.Lock()

    def close(self) -> None:
        """Let go of what the store holds open (a database's connections)."""

    # -- the primitives each store provides

    def _load(self, token: str) -> dict:
        """The document (a copy), or NotFound / Damaged."""
        raise NotImplementedError

    def _exists(self, token: str) -> bool:
        raise NotImplementedError

    def _save(self, token: str, doc: dict) -> None:
        raise NotImplementedError

    @contextmanager
    def _exclusive(self, token: str):
        """Hold the right to write `token` against other writers (threads and, for files, processes)."""
        with self._locks.hold(token):
            yield

    def _claim_code(self, code: str, token: str) -> bool:
        """Record `code` -> `token` unless the code is taken (atomically); whether it was free."""
        raise NotImplementedError

    def _code(self, code: str) -> str | None:
        raise NotImplementedError

    def _set_alias(self, kind: str, key: str, token: str) -> None:
        raise NotImplementedError

    def _alias(self, kind: str, key: str) -> str | None:
        raise NotImplementedError

    def _remove(self, token: str, doc: dict | None) -> None:
        """Remove the document, its code, every alias that leads to it and any copy kept of it."""
        raise NotImplementedError

    def delete_aliases(self, token: str) -> None:
        raise NotImplementedError

    def _tokens(self) -> list[str]:
        raise NotImplementedError

    # -- the interface

    def create(self, doc: dict) -> dict:
        token = new_token()
        code = new_code()
        while not self._claim_code(code, token):
            code = new_code()
        doc = {**copy.deepcopy(doc), "token": token, "code": code}
        doc["created_at"] = doc["updated_at"] = time.time()
        self._save(token, doc)
        return copy.deepcopy(doc)

    def get(self, token: str) -> dict:
        if not valid_token(token):
            raise NotFound(token)
        return self._load(token)

    def update(self, token: str, change: Callable[[dict], None]) -> dict:
        """Apply `change` to the stored document and save it, as one step no other writer can come
        between; returns the document as saved. Raises what `change` raised, having saved nothing of it."""
        if not valid_token(token) or not self._exists(token):
            raise NotFound(token)
        pending = _Pending(change)
        with self._queues_guard:
            self._queues.setdefault(token, []).append(pending)
        with self._exclusive(token):
            if not pending.done:  # else an earlier writer applied it with its own
                with self._queues_guard:
                    batch = self._queues.pop(token, [])
                self._commit(token, batch)
        if pending.error is not None:
            raise pending.error
        return pending.result

    def _commit(self, token: str, batch: list[_Pending]) -> None:
        try:
            doc = self._load(token)
        except (NotFound, Damaged) as problem:
            for pending in batch:
                pending.error, pending.done = problem, True
            return
        applied = False
        for pending in batch:
            before = copy.deepcopy(doc) if len(batch) > 1 else None  # alone, a failed change saves nothing
            try:
                pending.change(doc)
                applied = True
            except Exception as error:  # reaches its own caller only
                doc, pending.error = (before if before is not None else doc), error
        if applied:
            doc["token"] = token
            doc["updated_at"] = time.time()
            try:
                self._save(token, doc)
            except BaseException as error:
                for pending in batch:
                    pending.error, pending.done = pending.error or error, True
                raise
        for n, pending in enumerate(batch):  # each caller gets a document of its own
            pending.result = doc if n == len(batch) - 1 else copy.deepcopy(doc)
            pending.done = True

    def delete(self, token: str) -> None:
        """Delete the document and every way to it (raises NotFound if there is none)."""
        if not valid_token(token) or not self._exists(token):
            raise NotFound(token)
        with self._exclusive(token):
            try:
                doc = self._load(token)
            except Damaged:
                doc = None
            self._remove(token, doc)

    def token_for_code(self, code: str) -> str:
        code = normalise_code(code)
        token = self._code(code) if len(code) == _CODE_LENGTH else None
        if not token:
            raise NotFound(code)
        return token

    def add_alias(self, kind: str, key: str, token: str) -> None:
        """A second, independent way in to a stored document (a session's join link and join code,
        an invitation to rate someone). The alias is a separate secret: it reveals nothing of `token`."""
        if kind not in _ALIAS_KINDS or not _ALIAS_KEY.fullmatch(key) or not valid_token(token):
            raise ValueError(f"bad alias {kind}/{key}")
        if not self._exists(token):
            raise NotFound(token)
        self._set_alias(kind, key, token)

    def resolve(self, kind: str, key: str) -> str:
        if kind not in _ALIAS_KINDS or not isinstance(key, str) or not _ALIAS_KEY.fullmatch(key):
            raise NotFound(key)
        token = self._alias(kind, key)
        if not token:
            raise NotFound(key)
        return token

    # -- moving data between stores (python -m coprod migrate)

    def codes(self) -> dict[str, str]:
        """Every code with the token it leads to."""
        raise NotImplementedError

    def aliases(self) -> dict[tuple[str, str], str]:
        """Every (kind, key) alias with the token it leads to."""
        raise NotImplementedError

    def put(self, token: str, doc: dict) -> None:
        """Store `doc` under `token` exactly as given (a copy brought from another store): its
        timestamps, token and code are kept, not made anew."""
        if not valid_token(token) or not isinstance(doc, dict):
            raise ValueError("a document copied into a store needs a valid token and a JSON object")
        with self._exclusive(token):
            self._save(token, copy.deepcopy(doc))

    def put_code(self, code: str, token: str) -> bool:
        """Make `code` lead to `token` unless it leads elsewhere already; whether it now leads there."""
        if self._claim_code(code, token):
            return True
        return self._code(code) == token

    def documents(self) -> Iterator[tuple[str, dict | None]]:
        """Every stored document as (token, document), None for one that cannot be read. For
        maintenance (purging old data), never for anything a visitor can reach."""
        for token in self._tokens():
            try:
                yield token, self.get(token)
            except Damaged:
                yield token, None
            except NotFound:
                continue


class MemoryStore(DocumentStore):
    """Documents in memory, for tests: the same rules, nothing on disk."""

    def __init__(self) -> None:
        super().__init__()
        self._docs: dict[str, dict] = {}
        self._codes: dict[str, str] = {}
        self._aliases: dict[tuple[str, str], str] = {}
        self._guard = threading.Lock()

    def _load(self, token: str) -> dict:
        with self._guard:
            if token not in self._docs:
                raise NotFound(token)
            doc = self._docs[token]
            if not isinstance(doc, dict):
                raise Damaged(token, None)
            return copy.deepcopy(doc)

    def _exists(self, token: str) -> bool:
        return token in self._docs

    def _save(self, token: str, doc: dict) -> None:
        with self._guard:
            self._docs[token] = copy.deepcopy(doc)

    def _claim_code(self, code: str, token: str) -> bool:
        with self._guard:
            if code in self._codes:
                return False
            self._codes[code] = token
            return True

    def _code(self, code: str) -> str | None:
        return self._codes.get(code)

    def _set_alias(self, kind: str, key: str, token: str) -> None:
        with self._guard:
            self._aliases[(kind, key)] = token

    def _alias(self, kind: str, key: str) -> str | None:
        return self._aliases.get((kind, key))

    def _remove(self, token: str, doc: dict | None) -> None:
        with self._guard:
            if token not in self._docs:
                raise NotFound(token)
            del self._docs[token]
            for code in [c for c, t in self._codes.items() if t == token]:
                del self._codes[code]
        self.delete_aliases(token)

    def delete_aliases(self, token: str) -> None:
        with self._guard:
            for key in [k for k, t in self._aliases.items() if t == token]:
                del self._aliases[key]

    def _tokens(self) -> list[str]:
        return list(self._docs)

    def codes(self) -> dict[str, str]:
        with self._guard:
            return dict(self._codes)

    def aliases(self) -> dict[tuple[str, str], str]:
        with self._guard:
            return dict(self._aliases)


_STRIPES = 256  # file locks across processes: a document locks the stripe its token hashes to


def _stripe(token: str) -> int:
    """The lock file a document's writers take, the same in every process."""
    return int(hashlib.sha256(token.encode("ascii")).hexdigest()[:8], 16) % _STRIPES


class _FileStripes:
    """Locks across processes: `_STRIPES` lock files, each held with flock on a descriptor kept
    open (opening and closing a lock file per write cost more than the write's own file work),
    and a thread lock per stripe, because flock does not tell apart threads sharing a descriptor."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._threads = [threading.Lock() for _ in range(_STRIPES)]
        self._fds: dict[int, int] = {}
        self._pid = os.getpid()
        self._guard = threading.Lock()

    def _fd(self, stripe: int) -> int:
        with self._guard:
            if self._pid != os.getpid():  # a forked child must not share its parent's locks
                self._fds, self._pid = {}, os.getpid()
            fd = self._fds.get(stripe)
            if fd is None:
                fd = self._fds[stripe] = os.open(self.folder / f"{stripe:03d}.lock", os.O_RDWR | os.O_CREAT, 0o644)
            return fd

    @contextmanager
    def hold(self, stripe: int):
        with self._threads[stripe]:
            fd = self._fd(stripe)
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)


class TinyDBStore(DocumentStore):
    """One TinyDB database (a JSON file) per document under `folder`/assessments; codes and aliases
    are small files naming the token they lead to."""

    def __init__(self, folder: Path):
        super().__init__()
        self.folder = Path(folder)
        for part in ("assessments", "codes", "locks"):
            (self.folder / part).mkdir(parents=True, exist_ok=True)
        self._file_locks = _FileStripes(self.folder / "locks")

    def _path(self, token: str) -> Path:
        return self.folder / "assessments" / f"{token}.json"

    @contextmanager
    def _exclusive(self, token: str):
        with self._locks.hold(token), self._file_locks.hold(_stripe(token)):
            yield

    def _exists(self, token: str) -> bool:
        return self._path(token).exists()

    def _load(self, token: str) -> dict:
        """The document, read through TinyDB's storage layer: a file holds one TinyDB table with the
        document as its entry 1 (plain TinyDB opens it), read once and parsed once."""
        try:
            data = AtomicJSONStorage(str(self._path(token))).read()
        except (ValueError, UnicodeDecodeError) as error:
            raise Damaged(token, self._keep_aside(token)) from error
        if data is None:
            raise NotFound(token)  # no such file (or deleted meanwhile)
        doc = data.get(_TABLE, {}).get("1") if isinstance(data, dict) and isinstance(data.get(_TABLE), dict) else None
        if not isinstance(doc, dict):
            raise Damaged(token, self._keep_aside(token))
        return doc

    def _save(self, token: str, doc: dict) -> None:
        """Replace the stored document whole, in the layout TinyDB writes."""
        AtomicJSONStorage(str(self._path(token))).write({_TABLE: {"1": doc}})

    def _keep_aside(self, token: str) -> Path | None:
        recovery = self.folder / "recovery"
        recovery.mkdir(exist_ok=True)
        try:
            damaged = self._path(token).read_bytes()
        except FileNotFoundError:
            return None
        kept = recovery / f"{token}.json"
        n = 1
        while kept.exists() and kept.read_bytes() != damaged:  # damaged again, differently: keep both
            kept = recovery / f"{token}.{n}.json"
            n += 1
        if not kept.exists():
            atomic_write_bytes(kept, damaged)
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
        _sync_folder(path.parent)
        return True

    def _code(self, code: str) -> str | None:
        return _read_small(self.folder / "codes" / code)

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
        codes = [self.folder / "codes" / doc["code"]] if doc and doc.get("code") else self._pointing_at(self.folder / "codes", token)
        for path in codes:
            path.unlink(missing_ok=True)
        self.delete_aliases(token)
        recovery = self.folder / "recovery"
        if recovery.exists():
            for kept in [*recovery.glob(f"{token}.json"), *recovery.glob(f"{token}.*.json")]:
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


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, flush and sync it, rename it over `path`, and sync the
    folder, so that the rename itself survives a crash."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)
