"""One style for every page, for what the theme (.streamlit/config.toml) has no setting for.
Each rule answers a finding of the accessibility audit (tests/test_browser_a11y.py)."""

import base64
from pathlib import Path

import streamlit as st

# The page's icon, shipped with the app: Streamlit would fetch a ":material/…:" page icon from a
# Google font server, and every visitor's browser would call out (tests/test_browser_requests.py).
# Handed over as a data URL, not as the file: Streamlit keeps an image given by its path as a media file
# of every session that drew it, and at the end of every run (each follower's check every 3 seconds
# included) walks every session's media files for orphans: in a hall, work that grows with the hall
# at every run (tests/test_media_files.py).
ICON = "data:image/png;base64," + base64.b64encode(Path(__file__).with_name("icon.png").read_bytes()).decode("ascii")


def page_style() -> None:
    """Drawn by streamlit_app.py before any page: a style-only block takes no room on the page."""
    st.html("""<style>
/* Captions carry instructions and warnings ("Still open: Assets, …"). Streamlit fades them with
   opacity 0.6, links included (2.8:1 on white): a muted grey of 7.4:1 instead, links in full colour. */
[data-testid="stCaptionContainer"] { opacity: 1; color: #4b5563; }
[data-testid="stCaptionContainer"] a { color: #1f5f8b; }
/* Day, month and year of a date field are each a target: at least 24 × 24 px (WCAG 2.2, 2.5.8). */
[data-testid="stDateInput"] [role="spinbutton"] { display: inline-block; min-width: 24px; min-height: 24px;
  line-height: 24px; text-align: center; }
/* A chart drawn at a fixed size (a radar: its circle must stay a circle) shrinks in proportion to fit
   a phone rather than stick out of the page (WCAG 1.4.10); the words under it say the same. */
[data-testid="stVegaLiteChart"] svg { max-width: 100%; height: auto; }
.coprod-qr-code { max-width: 100%; height: auto; }
/* A quotation inside an alert (the source's reason in a refused Finish) is faded by Streamlit to 2.9:1 on the
   alert's tint: in the alert's own colour instead, its rule beside it in the same. */
[data-testid="stAlert"] blockquote, [data-testid="stAlert"] blockquote p { color: inherit; opacity: 1; }
[data-testid="stAlert"] blockquote { border-left-color: currentColor; }
/* A page's name in the sidebar wraps rather than being cut short ("Vue d'ensemble de plusieurs éq…"):
   French and Dutch names run a third longer than the English. */
[data-testid="stSidebarNavLink"] span, [data-testid="stSidebarNavLink"] div, [data-testid="stSidebarNavLink"] p {
  white-space: normal; overflow: visible; text-overflow: clip; min-width: 0; }
[data-testid="stSidebarNavLink"] { height: auto; min-height: 2rem; }
/* Whatever has the keyboard shows it clearly, on every widget (WCAG 2.4.7). */
:focus-visible { outline: 3px solid #1f5f8b !important; outline-offset: 2px; }
</style>""")
