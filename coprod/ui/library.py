"""The instrument library, loaded once per process and reloaded when a file changes."""

from pathlib import Path

import streamlit as st

from coprod.instruments import Library, instrument_files, load_library
from coprod.paths import instruments_dir


def _signature(folder: Path) -> tuple:
    """Names, sizes and times of the instrument files: a cheap stat, so edits show on the next run."""
    return tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in instrument_files([folder]))


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(folder: str, signature: tuple) -> Library:
    return load_library(Path(folder))


def library() -> Library:
    folder = instruments_dir()
    return _load(str(folder), _signature(folder))
