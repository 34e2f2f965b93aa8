"""Links to the app's pages, built from the address the person is using."""

import streamlit as st


def app_url(page: str, **params: str) -> str:
    """An absolute link to a page of this app, built from the address the person is using."""
    here = (st.context.url or "").split("?")[0]
    root = here.rsplit("/", 1)[0] if here.count("/") > 2 else here.rstrip("/")
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{root}/{page}" + (f"?{query}" if query else "")
