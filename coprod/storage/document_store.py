"""What every store shares (`DocumentStore`): tokens and codes, lock-free reads, and per-document
group commit; each store provides the primitives of `Backend` for its medium.

- A write locks only its own document, and the writes to one document are committed in groups:
  changes that arrive while the document is being written are applied together in the next write,
  in the order they came, each on its own (one that raises leaves the document as it was before it
  and reaches only its own caller). Fifty people joining one session at once cost a few writes.
- A document is stored whole or not at all (coprod.storage.documents), and deleting one also
  forgets what this process made of it (coprod.common.memo).
"""

from __future__ import annotations

import copy
import threading
import time
from contextlib import contextmanager
from typing import Callable, Hashable, Iterator

from coprod.common import memo
from coprod.storage.documents import encoded
from coprod.storage.interface import (
    ALIAS_KEY,
    ALIAS_KINDS,
    CODE_LENGTH,
    Damaged,
    NotFound,
    new_code,
    new_token,
    normalise_code,
    valid_token,
    writing,
)
from coprod.storage.limits import Counter, FailedLookups


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


class Backend:
    """The primitives a store provides for its medium (a folder of files, a database, memory); the
    operations every store shares are built on them in `DocumentStore`."""

    def _load(self, token: str) -> dict:
        """The document (a copy), or NotFound / Damaged."""
        raise NotImplementedError

    def _damaged(self, token: str) -> Damaged:
        """The report of a document that was read but is not one the app can show."""
        return Damaged(token, None)

    def _exists(self, token: str) -> bool:
        raise NotImplementedError

    def _stamp(self, token: str) -> Hashable | None:
        """What changes whenever the stored document does, read without reading the document; None if
        there is none."""
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


class DocumentStore(Backend):
    """What every store here shares: tokens and codes, lock-free reads, per-document group commit,
    on its medium's primitives (`Backend`)."""

    def __init__(self, check: Callable[[dict], str | None] | None = None) -> None:
        """`check` says why a stored document is not one the app can show (coprod.storage.documents.problem);
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

    def create(self, doc: dict, *, code: bool = True) -> dict:
        """Store a new document under a new token and, unless `code` is False, a short code of its own
        (only what a person carries on with by typing its code needs one). Either all of it is stored
        or nothing is: a document that cannot be stored (Unstorable) is refused before its code is claimed."""
        doc = {**copy.deepcopy(doc), "token": new_token()}
        doc["created_at"] = doc["updated_at"] = time.time()
        encoded(doc)
        with writing():
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

    def stamp(self, token: str) -> Hashable | None:
        """What changes whenever the stored document changes (a file's identity, time and size; a row's
        revision), read without reading or parsing the document: a page that follows a document compares
        it first and reads the document only when it moved. None where there is no such document."""
        return self._stamp(token) if valid_token(token) else None

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
                with writing():
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
        with writing(), self._exclusive(token):
            try:
                doc = self._read(token)
            except Damaged:
                doc = None
            self._remove(token, doc)
        memo.forget(token)  # what this process made of it (its files, charts, words) goes too

    def drop_code(self, token: str) -> None:
        """Take a document's short code away; its link still opens it."""
        with writing(), self._exclusive(token):
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
        token = self._code(code) if len(code) == CODE_LENGTH else None
        if not token:
            raise NotFound(code)
        return token

    def add_alias(self, kind: str, key: str, token: str) -> None:
        """A second, independent way in to a stored document (a session's join link and join code,
        an invitation to rate someone). The alias is a separate secret: it reveals nothing of `token`."""
        if kind not in ALIAS_KINDS or not ALIAS_KEY.fullmatch(key) or not valid_token(token):
            raise ValueError(f"bad alias {kind}/{key}")
        if not self._exists(token):
            raise NotFound(token)
        with writing():
            self._set_alias(kind, key, token)

    def resolve(self, kind: str, key: str) -> str:
        if kind not in ALIAS_KINDS or not isinstance(key, str) or not ALIAS_KEY.fullmatch(key):
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
        with writing(), self._exclusive(token):
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
