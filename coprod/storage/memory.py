"""Documents in memory, for tests: the same interface and rules as the stores in coprod.storage.interface
and coprod.storage.postgres, nothing on disk."""

from __future__ import annotations

import copy
import json
import threading
from typing import Callable

from coprod.storage.document_store import DocumentStore
from coprod.storage.interface import Damaged, NotFound


class MemoryStore(DocumentStore):
    """Documents in memory, for tests: the same rules, nothing on disk."""

    def __init__(self, check: Callable[[dict], str | None] | None = None) -> None:
        super().__init__(check)
        self._docs: dict[str, dict] = {}
        self._codes: dict[str, str] = {}
        self._aliases: dict[tuple[str, str], str] = {}
        self._guard = threading.Lock()
        self._revisions: dict[str, int] = {}

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

    def _stamp(self, token: str) -> int | None:
        with self._guard:
            return self._revisions.get(token) if token in self._docs else None

    def _save(self, token: str, doc: dict) -> None:
        with self._guard:
            self._docs[token] = copy.deepcopy(doc)
            self._revisions[token] = self._revisions.get(token, 0) + 1

    def _claim_code(self, code: str, token: str) -> bool:
        with self._guard:
            if code in self._codes:
                return False
            self._codes[code] = token
            return True

    def _code(self, code: str) -> str | None:
        return self._codes.get(code)

    def _release_code(self, code: str, token: str) -> None:
        with self._guard:
            if self._codes.get(code) == token:
                del self._codes[code]

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
            self._revisions.pop(token, None)
            for code in [c for c, t in self._codes.items() if t == token]:
                del self._codes[code]
        self.delete_aliases(token)

    def delete_aliases(self, token: str) -> None:
        with self._guard:
            for key in [k for k, t in self._aliases.items() if t == token]:
                del self._aliases[key]

    def _tokens(self) -> list[str]:
        return list(self._docs)

    def mentioned(self, token: str) -> bool:
        with self._guard:
            return any(token in json.dumps(doc) for other, doc in self._docs.items() if other != token)

    def codes(self) -> dict[str, str]:
        with self._guard:
            return dict(self._codes)

    def aliases(self) -> dict[tuple[str, str], str]:
        with self._guard:
            return dict(self._aliases)
