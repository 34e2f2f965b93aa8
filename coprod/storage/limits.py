"""A limit on failed code lookups per client, so codes cannot be found by trying many.

A resume or join code is one of 30^10 (about 5.9 × 10^14), so guessing is already hopeless at the
speed of a web form; the limit makes it impractical even for a script against a public server:
after `limit` failed code lookups within `window` seconds a client waits. A link carries a 128-bit
secret nobody guesses, so links are never limited, and a valid link always opens, even for a client
that is waiting (a room behind one router shares one address: one person's typos must not lock
the others out of their own links).

Who the client is (`client_of`): the address of the connection, or, only where the connection came
from a proxy the operator named (COPROD_TRUSTED_PROXIES), the address that proxy put at the end of
X-Forwarded-For. The client writes that header itself, so an address in it is believed only right
of every trusted proxy. (Streamlit's web server, uvicorn, itself believes the header from a proxy at
127.0.0.1 and reports the address it found as the connection's; `make cluster` therefore has HAProxy
connect from 127.0.0.2, which only the setting names.)

How failures are counted: per process in memory (`FailedLookups`, the TinyDB store: one process), or
in the database, shared by every process (coprod.storage.postgres), so three processes allow no more than one.
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
import threading
import time
from collections import deque
from typing import Callable, Iterable, Protocol, Sequence

from coprod.common.i18n import n_

LIMIT = 20
WINDOW = 60.0
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def configured_limit() -> int:
    """Failed code lookups a client may make per window (COPROD_LOOKUP_LIMIT, default 20)."""
    try:
        return max(1, int(os.environ.get("COPROD_LOOKUP_LIMIT", LIMIT)))
    except ValueError:
        return LIMIT


class TooManyTries(RuntimeError):
    """The client must wait before looking up another code."""

    def __init__(self, wait: float):
        self.wait = wait
        seconds = max(1, round(wait))
        super().__init__(n_(
            "Too many codes that did not match, one after another. Wait {seconds} seconds, "
            "then check the code and try again. A link still opens as usual.",
            "Too many codes that did not match, one after another. Wait {seconds} seconds, "
            "then check the code and try again. A link still opens as usual.", seconds).format(seconds=seconds))


class Counter(Protocol):
    def check(self, client: str) -> None: ...

    def failed(self, client: str) -> None: ...

    def clear(self) -> None: ...


def client_key(client: str) -> str:
    """How a client is kept in a shared count: a digest, so the database holds no address."""
    return hashlib.sha256(client.encode("utf-8")).hexdigest()[:32]


class FailedLookups:
    """Failed lookups per client within a sliding window, in this process's memory (shared by all
    of its threads)."""

    def __init__(self, limit: int | None = None, window: float = WINDOW, clock: Callable[[], float] = time.monotonic):
        self.limit = limit or configured_limit()
        self.window, self.clock = window, clock
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
        """Raise TooManyTries if `client` must wait before its next code lookup."""
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

    def clear(self) -> None:
        with self._lock:
            self._failures.clear()


# --------------------------------------------------------------------------- who the client is


def trusted_proxies(setting: str | None = None) -> tuple[Network, ...]:
    """The proxies named in COPROD_TRUSTED_PROXIES (addresses or networks, separated by commas or
    spaces); an entry that is neither is left out."""
    text = os.environ.get("COPROD_TRUSTED_PROXIES", "") if setting is None else setting
    out = []
    for part in text.replace(",", " ").split():
        try:
            out.append(ipaddress.ip_network(part.strip(), strict=False))
        except ValueError:
            continue
    return tuple(out)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def _within(text: str, networks: Iterable[Network]) -> bool:
    address = _address(text)
    return address is not None and any(address in network for network in networks)


def client_of(address: str | None, forwarded: Sequence[str], trusted: Sequence[Network]) -> str:
    """Who is asking, to count their failed code lookups. `address` is the connection's address as the
    server reports it (None: this machine), `forwarded` every X-Forwarded-For line in order."""
    entries = [e.strip() for line in forwarded for e in line.split(",") if e.strip()]
    if not entries:
        return address or "local"
    if not trusted:
        return "forwarded"  # no proxy is named, so no forwarded address is believed: one count for all
    if address is not None and not _within(address, trusted):
        # A visitor who wrote the header themselves; or a connection from this machine whose address
        # Streamlit's server already replaced by the one its proxy appended.
        return address
    for entry in reversed(entries):  # right of every trusted proxy: what the nearest one saw
        if not _within(entry, trusted):
            found = _address(entry)
            return str(found) if found is not None else "forwarded"
    return "forwarded"
