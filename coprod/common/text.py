"""Showing text that people wrote (users, or whoever personalised an instrument) as text.

Streamlit renders labels, headings and captions as Markdown with GitHub's extensions and its own:
colour directives (`:red[x]`), maths (`$x$`), emoji and icon shortcodes (`:smile:`,
`:material/home:`) and bare web and e-mail addresses made into links. `escape_markdown` makes any
text show as the characters typed and nothing else: every character that can start Markdown or HTML
gets a backslash, one that does so only at the start of a line gets it there, and where a backslash
cannot stop a rule (shortcodes and addresses are found after escapes are read) an invisible word
joiner (U+2060) goes between the characters that would match; indentation becomes no-break spaces,
so that it cannot start a block of code. So `![x](http://…)` loads nothing,
`<script>` runs nothing and `:smile:` stays words, while ordinary text such as "Co-design: plan"
passes unchanged (a screen reader reading a widget's label hears no stray backslashes).
"""

import re

JOINER = "\u2060"  # WORD JOINER: invisible, breaks no line, stops a shortcode or an address from matching
_INLINE = re.compile(r"[\\`*_\[\]<>&~$|]")
_LINE_START = re.compile(r"(?m)^(\u00a0*)(?:([#>+=-])|(\d+)([.)]))")
_SHORTCODE = re.compile(r":(?=\S)")  # :smile:, :material/home:, :red[, http://
_ADDRESS = re.compile(r"(?i)(?<=\bwww)(?=\.)|(?=@)")  # www.example.org, me@example.org
_INDENT = re.compile(r"(?m)^[ \t]+")  # four spaces or a tab would start a code block


def escape_markdown(text: str) -> str:
    text = _INDENT.sub(lambda m: m.group(0).replace("\t", "    ").replace(" ", "\u00a0"), text)
    text = _INLINE.sub(lambda m: "\\" + m.group(0), text)
    text = _LINE_START.sub(lambda m: m.group(1) + ("\\" + m.group(2) if m.group(2) else m.group(3) + "\\" + m.group(4)), text)
    text = _SHORTCODE.sub(":" + JOINER, text)
    text = _ADDRESS.sub(JOINER, text)
    return text.replace("\n", "  \n")


_SURROGATE = re.compile("[\ud800-\udfff]")


def whole_characters(text: str) -> str:
    """`text` with any half of a character (a lone surrogate, which only an imported file can hold:
    browsers send whole characters) replaced by U+FFFD, since it can be neither stored nor shown."""
    return text if text.isascii() else _SURROGATE.sub("\ufffd", text)


def unescape_markdown(text: str) -> str:
    """The text `escape_markdown` was given, but for indentation in no-break spaces (for tests)."""
    return re.sub(r"\\(.)", r"\1", text.replace("  \n", "\n")).replace(JOINER, "")


def first_sentences(text: str, limit: int = 220) -> str:
    """The opening of a paragraph, cut at a sentence end, for cards and summaries."""
    if len(text) <= limit:
        return text
    cut = text.rfind(". ", 0, limit)
    return text[: cut + 1] if cut > 0 else text[:limit].rsplit(" ", 1)[0] + " …"


def first_words(text: str, limit: int = 60) -> str:
    """A short handle for a long item (a whole checklist sentence) in lists of links."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"
