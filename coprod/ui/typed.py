"""What a person typed that is not saved yet: the inputs bound to stored documents (coprod.ui.autosave
registers them here) whose value differs from what was last saved. Kept apart so that the guard
(coprod.ui.guard), which the saving itself runs under, can give that text back when anything fails."""

from __future__ import annotations

import streamlit as st

FIELDS = "coprod.fields"  # widget key -> {"token", "instrument", "field", "synced"}


def unsaved_texts() -> list[str]:
    """The text of every input changed since it was last saved, as typed."""
    fields = st.session_state.get(FIELDS, {})
    texts = []
    for key, entry in fields.items():
        value = st.session_state[key] if key in st.session_state else None
        if isinstance(value, str) and value.strip() and value != entry.get("synced"):
            texts.append(value)
    return texts
