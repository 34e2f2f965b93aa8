"""What a process keeps of the files and charts it made, so that deleting a document also forgets them.

Making a PDF, a chart's spec or the group's results costs tens to hundreds of milliseconds, so the app
keeps the last ones it made. A plain cache would keep a deleted assessment's PDF, chart and words in
memory until they happened to be pushed out. Here every entry is tagged with the documents it was
made for (their tokens and links), and `forget` drops every entry of a document, in every memo of the
process, when the document is deleted.

A thing is made once however many ask for it at the same moment: in a room, the reveal makes every
participant's page ask for the same group's results and charts within a second, and each of them making
its own copy (reading every participant's file, building every chart) multiplied that work by the
number of pages running at once, on one interpreter. The first to ask makes it; the others wait for it.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from typing import Callable, Hashable, Iterable, TypeVar

T = TypeVar("T")
_MEMOS: "weakref.WeakSet[Memo]" = weakref.WeakSet()
# How long a caller waits for another thread making the same thing before making it too: far longer than
# anything kept here takes to make, short enough that a maker stuck for good holds nobody up for ever.
WAIT_SECONDS = 60.0


class Memo:
    """The last `size` things made, least recently used out first, each with the documents it is of."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, tuple[object, set[str]]] = OrderedDict()
        self._making: dict[Hashable, tuple[threading.Event, int]] = {}  # key -> (set when made, the maker's thread)
        self._unwanted: dict[Hashable, set[str]] = {}  # key being made -> documents deleted meanwhile (see forget)
        self._lock = threading.Lock()
        _MEMOS.add(self)

    def get(self, key: Hashable, make: Callable[[], T], owners: Iterable[str]) -> T:
        """What `make` makes, made once per `key` while it is kept; the entry is (also) tagged with `owners`.
        A caller asking while another thread makes the same thing waits for it (see the module's note)."""
        owners = {o for o in owners if o}
        me = threading.get_ident()
        while True:
            with self._lock:
                if key in self._entries:
                    self._entries.move_to_end(key)
                    value, tags = self._entries[key]
                    tags |= owners
                    return value  # type: ignore[return-value]
                making = self._making.get(key)
                if making is None:
                    done = threading.Event()
                    self._making[key] = (done, me)
                    break
            if making[1] == me or not making[0].wait(WAIT_SECONDS):
                return self._keep(key, make(), owners)  # made inside its own making, or its maker is stuck
            # made (or its maker failed, or it was pushed out already): look again
        try:
            value = make()  # outside the lock: making one thing never holds up another
            with self._lock:
                deleted = self._unwanted.pop(key, set()) & owners
            return value if deleted else self._keep(key, value, owners)
        finally:
            with self._lock:
                del self._making[key]
                self._unwanted.pop(key, None)
            done.set()

    def _keep(self, key: Hashable, value: T, owners: set[str]) -> T:
        with self._lock:
            kept = self._entries.get(key)
            self._entries[key] = (value, owners | (kept[1] if kept else set()))
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def holds(self, key: Hashable) -> bool:
        """Whether what `key` names is made and kept (asking does not make it, nor keep it longer)."""
        with self._lock:
            return key in self._entries

    def forget(self, tokens: set[str]) -> int:
        """Drop every entry made for any of `tokens`; how many went. What is being made at this moment is
        handed to whoever asked for it and not kept, if it is made for any of them."""
        with self._lock:
            gone = [key for key, (_, tags) in self._entries.items() if tags & tokens]
            for key in gone:
                del self._entries[key]
            for key in self._making:
                self._unwanted.setdefault(key, set()).update(tokens)
        return len(gone)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def owners(self) -> set[str]:
        """Every document something kept here was made for."""
        with self._lock:
            return {tag for _, tags in self._entries.values() for tag in tags}

    def __len__(self) -> int:
        return len(self._entries)


def forget(*tokens: str) -> int:
    """Forget, in every memo of this process, what was made for these documents (deleted ones); how
    many entries went."""
    wanted = {t for t in tokens if t}
    return sum(memo.forget(wanted) for memo in list(_MEMOS)) if wanted else 0


def holding(token: str) -> bool:
    """Whether any memo of this process still keeps something made for `token`."""
    return any(token in memo.owners() for memo in list(_MEMOS))
