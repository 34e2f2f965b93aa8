"""The one document store of this process, shared by every browser session (it is thread-safe)."""

import threading

from coprod.documents import problem
from coprod.storage import DocumentStore
from coprod.stores import configured_place, open_store

_STORES: dict[str, DocumentStore] = {}
_LOCK = threading.Lock()


def store() -> DocumentStore:
    """The store the settings name (COPROD_DATABASE_URL, else the data folder); one object per place
    for the whole process (pages call this often, so it is a plain dictionary lookup rather than a
    Streamlit cache with its hashing)."""
    place = configured_place()
    found = _STORES.get(place)
    if found is None:
        with _LOCK:
            found = _STORES.get(place)
            if found is None:
                # the app reports a stored document it cannot show as damaged, rather than trip over it
                found = _STORES[place] = open_store(place, check=problem)
    return found
