"""The one assessment store of this process, shared by every browser session (it is thread-safe)."""

from pathlib import Path

import streamlit as st

from coprod.paths import data_dir
from coprod.storage import TinyDBStore


@st.cache_resource(show_spinner=False)
def _store(folder: str) -> TinyDBStore:
    return TinyDBStore(Path(folder))


def store() -> TinyDBStore:
    return _store(str(data_dir()))
