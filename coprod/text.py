"""Showing text that people wrote (users, or whoever personalised an instrument) as text.

Streamlit renders labels, headings and captions as Markdown. Escaping every Markdown and HTML
special character means `![x](http://…)`, `<script>` or `:red[x]` show as those characters and
load or run nothing.
"""

_SPECIAL = set("\\`*_{}[]()<>#+-.!|~:$&=\"'")


def escape_markdown(text: str) -> str:
    return "".join("\\" + ch if ch in _SPECIAL else ch for ch in text).replace("\n", "  \n")


def first_sentences(text: str, limit: int = 220) -> str:
    """The opening of a paragraph, cut at a sentence end, for cards and summaries."""
    if len(text) <= limit:
        return text
    cut = text.rfind(". ", 0, limit)
    return text[: cut + 1] if cut > 0 else text[:limit].rsplit(" ", 1)[0] + " …"


def first_words(text: str, limit: int = 60) -> str:
    """A short handle for a long item (a whole checklist sentence) in lists of links."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"
