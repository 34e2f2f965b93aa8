"""Looking documents up by a code or a link, with the failed tries of each client limited."""

from __future__ import annotations

import ipaddress
from typing import Callable, TypeVar

import streamlit as st

from coprod.limits import FailedLookups, TooManyTries
from coprod.storage import NotFound

T = TypeVar("T")

__all__ = ["TooManyTries", "lookup"]


@st.cache_resource(show_spinner=False)
def failed_lookups() -> FailedLookups:
    return FailedLookups()


CLIENT = "coprod.client"  # who this browser session is, worked out once


def _client() -> str:
    if CLIENT not in st.session_state:
        st.session_state[CLIENT] = _address()
    return st.session_state[CLIENT]


def _address() -> str:
    """Who is asking: the browser's address, or the one a proxy on this machine passed on."""
    address = st.context.ip_address
    address = address if isinstance(address, str) else None  # None on localhost (and under AppTest)
    forwarded = st.context.headers.get("X-Forwarded-For", "")
    forwarded = forwarded if isinstance(forwarded, str) else ""
    try:
        local = address is None or ipaddress.ip_address(address).is_loopback
    except ValueError:
        local = False
    if forwarded and local:
        return forwarded.split(",")[-1].strip()  # the address our own proxy saw, not one a client made up
    return address or "local"


def lookup(find: Callable[[], T]) -> T:
    """Run `find` (a lookup by code or link token). Raises TooManyTries while the client must wait;
    a NotFound counts against the client."""
    client = _client()
    failed_lookups().check(client)
    try:
        return find()
    except NotFound:
        failed_lookups().failed(client)
        raise
