"""Storage of assessments (and sessions) behind one small interface, in three real stores.

`TinyDBStore`, the embedded default, keeps one TinyDB file per document, so a save costs the same with
10,000 stored as with 10. `coprod.postgres.PostgresStore` keeps them in PostgreSQL, for several app
processes or machines (`coprod.stores.open_store` picks one from the settings);
`coprod.memory_store.MemoryStore` keeps them in memory, for tests. All share `DocumentStore`, which
stores a document whole or not at all (coprod.documents); here is how TinyDBStore keeps the rules:

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

A file that cannot be read is reported and kept; it is never silently replaced. A write the file
system refuses (a full disk, a read-only folder) is reported as Unwritable, never with its path.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import secrets
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Protocol

from tinydb.storages import Storage

from coprod import memo
from coprod.atomic import FileStripes, atomic_write_bytes, atomic_write_text, clean_stale, stripe, sync_folder
from coprod.documents import encoded
from coprod.limits import Counter, FailedLookups

TOKEN_BYTES = 16  # 128 bits: a resume link cannot be guessed
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{22}$")
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U: easy to read out and type
_CODE_LENGTH = 10
_TABLE = "assessment"


class NotFound(LookupError):
    """No document has this token, code or link (or it was deleted). Its words are the same whatever was
    looked up, so a message built from it never shows a token."""

    def __init__(self, key: str = ""):
        self.key = key
        super().__init__("It is not there any more: it may have been deleted, or the link or code is not whole.")


class Unavailable(RuntimeError):
    """The store cannot be reached just now (its database is down or restarting): nothing was changed."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message or "The database cannot be reached just now, so nothing was changed. "
                                    "Try again in a minute; if it goes on, tell whoever runs coprod for you.")


class Unwritable(Unavailable):
    """The data folder takes no writes just now (its disk is full, or it is read-only): nothing was changed."""

    def __init__(self) -> None:
        super().__init__("The server cannot store anything just now (its storage is full or cannot be written), so "
                         "nothing was changed. Keep a copy of what you typed, and tell whoever runs coprod for you.")


def recovery_name(token: str) -> str:
    """The name of a damaged document's copy in recovery/: a one-way digest of its token, so a message
    or a folder listing that names it opens nothing."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()[:32]


class Damaged(RuntimeError):
    """A document exists but cannot be read (or is not a document coprod can show)."""

    def __init__(self, token: str, kept_at: Path | None):
        self.token = token
        self.kept_at = kept_at
        where = f" A copy is kept in the data folder as recovery/{kept_at.name}." if kept_at else ""
        super().__init__(
            f"The saved answers of this assessment could not be read: its stored copy is damaged.{where} "
            "Nothing has been overwritten. Ask whoever runs coprod to restore it from a backup "
            "or repair it; every other assessment works as usual, and you can start a new one meanwhile."
        )


@contextmanager
def _writing():
    """A write the file system refuses (a full disk, a read-only or unwritable folder) is said as
    Unwritable, which pages handle like a database that cannot be reached: never with its path."""
    try:
        yield
    except OSError as error:
        raise Unwritable() from error


_ALIAS_KINDS = ("join", "join-code", "rate")  # a session's join link and code; an invitation to rate someone
_ALIAS_KEY = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class AssessmentStore(Protocol):
    def create(self, doc: dict) -> dict: ...

    def add_alias(self, kind: str, key: str, token: str) -> None: ...

    def resolve(self, kind: str, key: str) -> str: ...

    def get(self, token: str) -> dict: ...

    def drop_code(self, token: str) -> None: ...

    def mentioned(self, token: str) -> bool: ...

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

    def __init__(self, check: Callable[[dict], str | None] | None = None) -> None:
        """`check` says why a stored document is not one the app can show (coprod.documents.problem);
        such a document is then reported as damaged. Without it, any JSON object is a document."""
        self._check = check
        self._failed = FailedLookups()
        self._locks = _KeyedLocks()
        self._queues: dict[str, list[_Pending]] = {}
        self._queues_guard = threading.Lock()

    def close(self) -> None:
        """Let go of what the store holds open (a database's connections)."""

    def failed_lookups(self) -> Counter:
        """The count of failed code lookups per client: in this process's memory, which is right for
        one process on a data folder (a store shared by several processes counts for all of them)."""
        return self._failed

    # -- the primitives each store provides

    def _load(self, token: str) -> dict:
        """The document (a copy), or NotFound / Damaged."""
        raise NotImplementedError

    def _damaged(self, token: str) -> Damaged:
        """The report of a document that was read but is not one the app can show."""
        return Damaged(token, None)

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

    def _release_code(self, code: str, token: str) -> None:
        """Give a claimed code up again (the document it was claimed for could not be stored)."""
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

    def create(self, doc: dict, *, code: bool = True) -> dict:
        """Store a new document under a new token and, unless `code` is False, a short code of its own
        (only what a person carries on with by typing its code needs one). Either all of it is stored
        or nothing is: a document that cannot be stored (Unstorable) is refused before its code is claimed."""
        doc = {**copy.deepcopy(doc), "token": new_token()}
        doc["created_at"] = doc["updated_at"] = time.time()
        encoded(doc)
        with _writing():
            if code:
                doc["code"] = new_code()
                while not self._claim_code(doc["code"], doc["token"]):
                    doc["code"] = new_code()
            try:
                self._save(doc["token"], doc)
            except BaseException:
                if code:
                    self._release_code(doc["code"], doc["token"])
                raise
        return copy.deepcopy(doc)

    def get(self, token: str) -> dict:
        if not valid_token(token):
            raise NotFound(token)
        return self._read(token)

    def _read(self, token: str) -> dict:
        doc = self._load(token)
        if self._check is not None and self._check(doc):
            raise self._damaged(token)
        return doc

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
            doc = self._read(token)
        except (NotFound, Damaged) as problem:
            for pending in batch:
                pending.error, pending.done = problem, True
            return
        applied = False
        for pending in batch:
            before = copy.deepcopy(doc) if len(batch) > 1 else None  # alone, a failed change saves nothing
            try:
                pending.change(doc)
                encoded(doc)  # a change that would make the document unstorable is refused like any other
                applied = True
            except Exception as error:  # reaches its own caller only
                doc, pending.error = (before if before is not None else doc), error
        if applied:
            doc["token"] = token
            doc["updated_at"] = time.time()
            try:
                with _writing():
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
        with _writing(), self._exclusive(token):
            try:
                doc = self._read(token)
            except Damaged:
                doc = None
            self._remove(token, doc)
        memo.forget(token)  # what this process made of it (its files, charts, words) goes too

    def drop_code(self, token: str) -> None:
        """Take a document's short code away; its link still opens it."""
        with _writing(), self._exclusive(token):
            code = self._read(token).get("code")
            if code:
                self._release_code(code, token)
        self.update(token, lambda d: d.pop("code", None))

    def mentioned(self, token: str) -> bool:
        """Whether any other stored document mentions `token` (tokens are random: a mention is a
        reference, such as an assessment naming the snapshot of the wording it was scored on)."""
        raise NotImplementedError

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
        with _writing():
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
        encoded(doc)
        with _writing(), self._exclusive(token):
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


class TinyDBStore(DocumentStore):
    """One TinyDB database (a JSON file) per document under `folder`/assessments; codes and aliases
    are small files naming the token they lead to."""

    def __init__(self, folder: Path, check: Callable[[dict], str | None] | None = None):
        super().__init__(check)
        self.folder = Path(folder)
        with _writing():
            for part in ("assessments", "codes", "locks"):
                (self.folder / part).mkdir(parents=True, exist_ok=True)
        clean_stale(self.folder)  # what writers killed mid-save left: nobody else ever removes it
        self._file_locks = FileStripes(self.folder / "locks")

    def _path(self, token: str) -> Path:
        return self.folder / "assessments" / f"{token}.json"

    @contextmanager
    def _exclusive(self, token: str):
        with self._locks.hold(token):
            with _writing():  # the lock file cannot be opened where the folder takes no writes
                held = self._file_locks.hold(stripe(token))
                held.__enter__()
            try:
                yield
            finally:
                held.__exit__(None, None, None)

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
            raise self._damaged(token)
        return doc

    def _damaged(self, token: str) -> Damaged:
        return Damaged(token, self._keep_aside(token))

    def _save(self, token: str, doc: dict) -> None:
        """Replace the stored document whole, in the layout TinyDB writes."""
        AtomicJSONStorage(str(self._path(token))).write({_TABLE: {"1": doc}})

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
