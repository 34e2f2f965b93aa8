"""Looking documents up by a code, with the failed tries of each client limited (coprod.storage.limits).

Links are not looked up here: a link's 128-bit secret is never guessed, so pages open it directly,
and a valid link opens even for a client that must wait before trying another code."""

from __future__ import annotations

from typing import Callable, TypeVar

import streamlit as st

from coprod.storage.interface import NotFound
from coprod.storage.limits import TooManyTries, client_of, trusted_proxies
from coprod.ui.store import store

T = TypeVar("T")

__all__ = ["TooManyTries", "by_code"]

CLIENT = "coprod.client"  # who this browser session is, worked out once


def _client() -> str:
    if CLIENT not in st.session_state:
        address = st.context.ip_address
        st.session_state[CLIENT] = client_of(address if isinstance(address, str) else None,
                                             st.context.headers.get_all("X-Forwarded-For"), trusted_proxies())
    return st.session_state[CLIENT]


def by_code(find: Callable[[], T]) -> T:
    """Run `find` (a lookup by a code a person typed). Raises TooManyTries while the client must wait;
    a NotFound counts against the client, for every process on the same database."""
    client, counter = _client(), store().failed_lookups()
    counter.check(client)
    try:
        return find()
    except NotFound:
        counter.failed(client)
        raise
