"""A limit on failed lookups per client, so links and codes cannot be found by trying many.

A resume or join code is one of 30^10 (about 5.9 × 10^14) and a link token one of 2^128, so guessing
is already hopeless at the speed of a web form; the limit makes it impractical even for a script
against a public server: after `limit` failed lookups within `window` seconds a client waits until
the oldest of them is `window` seconds old. Successful lookups are never limited.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from typing import Callable

LIMIT = 20
WINDOW = 60.0


class TooManyTries(RuntimeError):
    """The client must wait before looking up another code or link."""

    def __init__(self, wait: float):
        self.wait = wait
        seconds = max(1, round(wait))
        super().__init__(
            f"Too many codes or links that did not match, one after another. Wait {seconds} seconds, "
            "then check the code or link and try again."
        )


class FailedLookups:
    """Failed lookups per client within a sliding window; shared by all threads of a process."""

    def __init__(self, limit: int = LIMIT, window: float = WINDOW, clock: Callable[[], float] = time.monotonic):
        self.limit, self.window, self.clock = limit, window, clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, client: str, now: float) -> deque[float]:
        failures = self._failures.get(client, deque())
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        if not failures:
            self._failures.pop(client, None)
        return failures

    def check(self, client: str) -> None:
        """Raise TooManyTries if `client` must wait before its next lookup."""
        with self._lock:
            now = self.clock()
            failures = self._recent(client, now)
            if len(failures) >= self.limit:
                raise TooManyTries(failures[0] + self.window - now)

    def failed(self, client: str) -> None:
        with self._lock:
            now = self.clock()
            failures = self._recent(client, now)
            failures.append(now)
            self._failures[client] = failures
            if len(self._failures) > 100_000:  # a flood of clients: forget the quietest rather than grow
                for quiet in sorted(self._failures, key=lambda c: self._failures[c][-1])[:50_000]:
                    del self._failures[quiet]
