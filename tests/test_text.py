"""People's text is escaped so Markdown shows it literally."""

import re

from hypothesis import given, strategies as st

from coprod.text import _SPECIAL, escape_markdown, first_sentences, first_words


def test_hostile_text_is_escaped():
    assert escape_markdown("![x](http://e)") == r"\!\[x\]\(http\://e\)"
    assert escape_markdown("<script>") == r"\<script\>"
    assert escape_markdown(":red[x]") == r"\:red\[x\]"


@given(st.text(max_size=80))
def test_every_special_character_is_escaped_and_nothing_is_lost(text):
    escaped = escape_markdown(text)
    assert not any(ch in _SPECIAL for ch in re.sub(r"\\.", "", escaped.replace("  \n", "\n")))
    assert re.sub(r"\\(.)", r"\1", escaped).replace("  \n", "\n") == text


def test_first_sentences_cuts_at_a_sentence_end():
    text = "One sentence here. " * 30
    cut = first_sentences(text, 60)
    assert cut.endswith(".") and len(cut) <= 60
    assert first_sentences("short") == "short"


def test_first_words_shortens_long_items_at_a_word():
    long = "I am ready and prepared to communicate with young people what is in scope"
    assert first_words(long) == "I am ready and prepared to communicate with young people…"
    assert first_words("Assets") == "Assets"
