"""Many pages following one session, cheaply: what a follower's check costs (issue 28).

Every participant's page looks at its session every few seconds (coprod.ui.participants.watch): in a
hall of 200 that is some 67 checks a second. A check reads the session's stamp first (a file's
identity, time and size, or a row's revision: coprod.storage's `stamp`), never the document; only when
the stamp has moved since anyone in this process last looked is the session read, parsed and reduced
to what the followers compare (its `moment`), and that once for every follower of it at the same
time (one reader per session, the others wait for its answer). What is kept is tagged with the
session, so deleting it forgets it (coprod.common.memo).
"""

from __future__ import annotations

import threading
from typing import Callable, Hashable

from coprod.common.memo import Memo
from coprod.storage.document_store import DocumentStore

_MOMENTS = Memo(4096)  # (session token, stamp) -> its moment; the newest stamp of each session is the one asked for
_LOCKS = tuple(threading.Lock() for _ in range(64))  # one reader at a time per session (striped by token)


def moment(store: DocumentStore, token: str, of: Callable[[dict], Hashable]) -> Hashable | None:
    """`of(document)` for the stored document `token` as it is now; None if there is none. The
    document is read and parsed only when its stamp moved, once for all the threads that ask
    meanwhile; may raise what reading it raises (NotFound, Damaged)."""
    stamp = store.stamp(token)
    if stamp is None:
        return None
    key = (token, stamp)
    with _LOCKS[hash(token) % len(_LOCKS)]:
        return _MOMENTS.get(key, lambda: of(store.get(token)), (token,))
