"""People's text is escaped so that Markdown shows it as typed: checked by rendering it with a
CommonMark renderer with GitHub's tables and strikethrough (markdown-it-py); Streamlit's own
extensions (shortcodes, colour directives, maths, bare addresses) by their patterns, and all of it in
a real browser by tests/test_hostile_text.py."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from coprod.common.text import (
    JOINER,
    escape_markdown,
    first_sentences,
    first_words,
    unescape_markdown,
)

MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])
HOSTILE = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "![t](http://127.0.0.1:9/p.png)",
    "[c](javascript:alert(1))", "**b** _i_ # h", ":red[x] $x^2$", '=HYPERLINK("x")', "# h\n1. one\n- two\n> three",
    "a | b\n--|--\n1 | 2", "    indented code\n\tand a tab", "x\n---\n***", ":smile: :material/home: www.example.org me@example.org http://example.org", "&lt; &amp; `code` ~~s~~",
]


def rendered(text: str) -> tuple[set[str], str]:
    """The HTML tags the escaped text renders to (beyond paragraphs and line breaks), and its text."""
    html = MARKDOWN.render(escape_markdown(text))
    tags = set(re.findall(r"<(\w+)", html)) - {"p", "br"}
    words = re.sub(r"<[^>]+>", "", html)
    words = words.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    return tags, words.replace(JOINER, "")


def test_hostile_text_renders_as_the_characters_typed():
    for text in HOSTILE:
        tags, words = rendered(text)
        assert tags == set(), (text, tags)
        assert words.split() == text.replace("\t", " ").split(), text


def test_streamlits_own_patterns_are_broken():
    escaped = escape_markdown(HOSTILE[9] + " :red[x] $x$")
    assert not re.search(r":[\w+/-]+:", escaped)  # no emoji or icon shortcode left whole
    assert "www." not in escaped and not re.search(r"\w@\w", escaped) and "http://" not in escaped
    assert not re.search(r"(?<!\\)\$", escaped) and not re.search(r"(?<!\\)\[", escaped)


def test_ordinary_words_pass_unchanged():
    for text in ("Co-design: plan it together", "Shared roles / power", "Map it! Focus it!", "5 · Making progress", "Łukasz’s “idea” 🌱"):
        assert escape_markdown(text) == text


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00"), max_size=60))
def test_any_text_renders_as_itself_and_comes_back_whole(text):
    indented = re.sub(r"(?m)^[ \t]+", lambda m: m.group(0).replace("\t", "    ").replace(" ", "\u00a0"), text)
    assert unescape_markdown(escape_markdown(text)) == indented.replace(JOINER, "")
    tags, words = rendered(text)
    assert tags == set(), (text, tags)


def test_first_sentences_cuts_at_a_sentence_end():
    text = "One sentence here. " * 30
    cut = first_sentences(text, 60)
    assert cut.endswith(".") and len(cut) <= 60
    assert first_sentences("short") == "short"


def test_first_words_shortens_long_items_at_a_word():
    long = "I am ready and prepared to communicate with young people what is in scope"
    assert first_words(long) == "I am ready and prepared to communicate with young people…"
    assert first_words("Assets") == "Assets"
