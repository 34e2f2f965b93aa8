"""Files replaced whole, locks across processes, and the temporary files a crash leaves behind: what
the TinyDB store (coprod.storage.interface) needs from the file system.

- A file is written to a temporary file beside it (".NAME.RANDOM.tmp"), flushed, synced and renamed
  over the old one, so a reader sees the old version or the new one and a crash leaves the old one
  whole. A writer killed before its rename leaves its temporary file; `clean_stale` removes such
  files (only ones named so, and only once nobody can still be writing them) when a store opens.
- Writers in several processes lock one of a fixed set of stripe files per document.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

# A temporary file of `atomic_write_bytes`: mkstemp's prefix and suffix around its 8 random characters.
TEMPORARY = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")
STALE_AFTER = 3600.0  # seconds: a write takes milliseconds, so an hour-old temporary file is nobody's


def atomic_write_text(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, flush and sync it, then rename it over `path`."""
    atomic_write_bytes(path, text.encode("utf-8"))


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
    sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def clean_stale(folder: Path, older_than: float = STALE_AFTER, now: float | None = None) -> int:
    """Remove the temporary files writers killed mid-save left anywhere under `folder` (only files
    named as `atomic_write_bytes` names them, and only those untouched for `older_than` seconds, so
    a write under way in another process keeps its file); how many went."""
    cutoff = (time.time() if now is None else now) - older_than
    gone = 0
    for path in Path(folder).rglob(".*.tmp"):
        try:
            if TEMPORARY.match(path.name) and path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                gone += 1
        except OSError:  # gone meanwhile, or not ours to remove: leave it
            continue
    return gone


STRIPES = 256  # file locks across processes: a document locks the stripe its token hashes to


def stripe(token: str) -> int:
    """The lock file a document's writers take, the same in every process."""
    return int(hashlib.sha256(token.encode("ascii")).hexdigest()[:8], 16) % STRIPES


class FileStripes:
    """Locks across processes: `STRIPES` lock files, each held with flock on a descriptor kept
    open (opening and closing a lock file per write cost more than the write's own file work),
    and a thread lock per stripe, because flock does not tell apart threads sharing a descriptor."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._threads = [threading.Lock() for _ in range(STRIPES)]
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
