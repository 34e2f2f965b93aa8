"""The one document store of this process, shared by every browser session (it is thread-safe)."""

import threading

from coprod.paths import data_dir
from coprod.storage import TinyDBStore

_STORES: dict[str, TinyDBStore] = {}
_LOCK = threading.Lock()


def store() -> TinyDBStore:
    """The store of the data folder; one object per folder for the whole process (pages call this
    often, so it is a plain dictionary lookup rather than a Streamlit cache with its hashing)."""
    folder = str(data_dir())
    found = _STORES.get(folder)
    if found is None:
        with _LOCK:
            found = _STORES.setdefault(folder, TinyDBStore(folder))
    return found
