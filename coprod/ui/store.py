"""The one document store of this process, shared by every browser session (it is thread-safe)."""

import threading

import streamlit as st

from coprod.storage.configured import configured_place, open_store
from coprod.storage.document_store import DocumentStore
from coprod.storage.documents import problem

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


def shown() -> frozenset[str]:
    """The documents this page shows, as its address names them (?a=, ?f=, ?v=, ?s=, ?r=, ?version=):
    what the page makes from them is kept tagged with them (coprod.common.memo), so deleting one forgets it."""
    return frozenset(str(value) for value in st.query_params.to_dict().values())
