"""Links to the app's pages, built from the address the person is using."""

import streamlit as st

from coprod.ui.language import in_link


def app_url(page: str, **params: str) -> str:
    """An absolute link to a page of this app, built from the address the person is using."""
    here = (st.context.url or "").split("?")[0]
    root = here.rsplit("/", 1)[0] if here.count("/") > 2 else here.rstrip("/")
    query = "&".join(f"{k}={v}" for k, v in in_link(params).items())
    return f"{root}/{page}" + (f"?{query}" if query else "")


def hand_out(link: str, scan: str, who: str, code_line: str, private: tuple[str, str, str]) -> None:
    """A link to hand out (with its QR code, `scan` its words) beside `who` uses it and the short code
    to type instead (`code_line`, Markdown of the app's own), and, folded away, the private link
    (its fold's title, what it opens, the link itself) that only its owner keeps."""
    from coprod.ui import show  # the QR code's picture, made once per link

    left, right = st.columns([1, 2])
    with left:
        show.qr(link, scan)
    with right:
        st.markdown(f"**{who}**")
        st.code(link, language=None, wrap_lines=True)
        st.markdown(code_line)
        title, note, own = private
        with st.expander(title, icon=":material/key:"):
            show.text(note)
            st.code(own, language=None, wrap_lines=True)
