"""Plain words: what the app writes itself (not the sources' text) is short and plain.

Every prose string in the pages, the shared widgets and the chart words is collected from the code
(placeholders read as "it"), split into sentences and scored with the Flesch reading ease:
206.835 − 1.015 × words per sentence − 84.6 × syllables per word, syllables counted by the usual rule
of vowel groups less a silent final e or -ed (textstat's own count downloads a pronouncing dictionary
at run time, which this project never does; a hyphenation dictionary misses syllables: "gar-den" is
one word part to pyphen's British patterns, which would flatter the score). The whole must reach 60 ("plain English"); a failure lists the hardest sentences first.
Jargon ("perspective", "instrument", "aggregation") appears only with a plain gloss in brackets.
"""

from __future__ import annotations

import ast
import re

from tests.conftest import ROOT

SOURCES = [*sorted((ROOT / "app_pages").glob("*.py")), *sorted((ROOT / "coprod" / "ui").glob("*.py")),
           ROOT / "coprod" / "charts" / "words.py", ROOT / "coprod" / "library" / "attribution.py", ROOT / "coprod" / "sessions" / "disclosure.py",
           ROOT / "coprod" / "sessions" / "views.py", ROOT / "streamlit_app.py"]
# What draws a label, a title or a message: short strings here are words for people too.
LABELLED = {"title", "header", "subheader", "button", "page_link", "text_input", "text_area", "selectbox", "radio",
            "toggle", "checkbox", "number_input", "date_input", "expander", "form_submit_button", "download_button",
            "slider", "select_slider", "multiselect", "metric", "Page", "heading", "label", "caption", "info",
            "warning", "error", "success", "markdown", "write", "tabs"}
FLESCH_AT_LEAST = 60
JARGON = ("perspective", "instrument", "aggregat")


GETTEXT = {"_", "n_", "marked"}  # coprod.common.i18n: the message is its first argument


def _text(node: ast.AST) -> str | None:
    """A string as the app builds it: an f-string's placeholders read as "it", and a message
    passed through gettext (`_("…")`, `_("… {name} …").format(…)`, `n_`, `marked`) read as written."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Call) and getattr(node.func, "id", None) in GETTEXT and node.args:
        text = _text(node.args[0])
        return re.sub(r"\{\w*\}", "it", text) if text is not None else None
    if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "format":
        return _text(node.func.value)
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "it" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _text(node.left), _text(node.right)
        if left is None and right is None:
            return None
        return (left if left is not None else "it") + (right if right is not None else "it")
    return None


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def prose(text: str) -> bool:
    """Words for people: at least three words, not a key, path, icon, style or HTML."""
    if re.search(r"[<{}]|app_pages/|:material/|^\s*\.|\b(st|coprod)-[a-z]", text):
        return False
    return len(re.findall(r"[A-Za-z]+", text)) >= 3 and " " in text.strip()


def app_strings() -> list[tuple[str, str]]:
    """(file:line, text) of every prose string the app writes itself."""
    found = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        inner: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.JoinedStr, ast.BinOp)):
                inner.update(id(n) for n in ast.walk(node) if n is not node)
        for node in ast.walk(tree):
            if id(node) in docs or id(node) in inner:
                continue
            text = _text(node)
            if text and prose(text):
                found.append((f"{path.relative_to(ROOT)}:{node.lineno}", text))
    return found


def labels() -> list[tuple[str, str]]:
    """(file:line, text) of every string given as a label, title or message, however short."""
    found = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and (getattr(node.func, "attr", None) or getattr(node.func, "id", None)) in LABELLED:
                for value in [*node.args[:1], *(k.value for k in node.keywords if k.arg in ("label", "title", "help"))]:
                    text = _text(value)
                    if text and re.search(r"[A-Za-z]", text) and not re.search(r"app_pages/|:material/", text):
                        found.append((f"{path.relative_to(ROOT)}:{node.lineno}", text))
    return found


def sentences(text: str) -> list[str]:
    text = re.sub(r"\*\*|[•·]|^\s*- ", " ", text, flags=re.M)
    parts = re.split(r"(?<=[.!?:;])\s+|\n+", text)
    return [p.strip() for p in parts if len(re.findall(r"[A-Za-z]+", p)) >= 2]


def words(sentence: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z']*", sentence)


def syllables(word: str) -> int:
    word = re.sub(r"[^a-z]", "", word.lower())
    count = len(re.findall(r"[aeiouy]+", word))
    if count > 1 and word.endswith("e") and not word.endswith("le"):
        count -= 1  # a silent e: "score", "private"
    elif count > 1 and word.endswith("ed") and not word.endswith(("ted", "ded")):
        count -= 1  # "scored", but "deleted"
    return max(count, 1)


def flesch(sentence_list: list[str]) -> float:
    all_words = [w for s in sentence_list for w in words(s)]
    return (206.835 - 1.015 * len(all_words) / len(sentence_list)
            - 84.6 * sum(syllables(w) for w in all_words) / len(all_words))


def test_syllables_and_flesch_behave_as_published():
    words_and_counts = {"cat": 1, "garden": 2, "example": 3, "understanding": 4, "score": 1, "scored": 1, "deleted": 3,
                        "people": 2, "private": 2, "everyone": 3, "anonymous": 4, "facilitator": 5, "the": 1}
    assert {w: syllables(w) for w in words_and_counts} == words_and_counts
    assert flesch(["The cat sat on the mat."]) > 100  # one-syllable words, short sentence
    assert flesch(["Aggregation of organisational perspectives necessitates comprehensive consideration."]) < 0


def test_the_collector_finds_the_apps_own_words():
    found = dict((text, where) for where, text in app_strings())
    assert "Join a team session" in found and "Choose from a list instead of a slider" in found
    assert not any(text.startswith("<style>") or "app_pages/" in text for text in found)


def test_the_apps_own_words_read_plainly():
    strings = app_strings()
    every = [(where, s) for where, text in strings for s in sentences(text)]
    score = flesch([s for _, s in every])
    hardest = sorted(every, key=lambda pair: flesch([pair[1]]))[:12]
    listing = "\n".join(f"  {flesch([s]):6.1f}  {where}  {s}" for where, s in hardest)
    print(f"\nFlesch reading ease of the app's own words: {score:.1f} over {len(every)} sentences. Hardest:\n{listing}")
    assert score >= FLESCH_AT_LEAST, f"reading ease {score:.1f} < {FLESCH_AT_LEAST}; hardest sentences:\n{listing}"


def test_long_sentences_are_rare():
    """One idea a sentence: nothing the app writes runs past 30 words in one sentence."""
    long = [(where, s) for where, text in app_strings() for s in sentences(text) if len(words(s)) > 30]
    assert long == [], "\n".join(f"{where}: {s}" for where, s in long)


def bare_jargon(strings: list[tuple[str, str]]) -> list[str]:
    """The strings that use a jargon word without a gloss in brackets right after it."""
    bare = []
    for where, text in strings:
        for match in re.finditer(rf"\b({'|'.join(JARGON)})\w*", text, re.I):
            if not re.match(r"\s*\(|/", text[match.end():]):  # a gloss in brackets, or a folder's name
                bare.append(f"{where}: {text}")
    return bare


def test_the_jargon_check_tells_a_glossed_word_from_a_bare_one():
    assert bare_jargon([("a", "Pick an instrument to score your work against.")]) == ["a: Pick an instrument to score your work against."]
    assert bare_jargon([("b", "Instrument (the toolkit you score against)"), ("c", "Check the instruments/ folder")]) == []
    assert any(where.startswith("streamlit_app.py") and text == "Toolkits" for where, text in labels())


def test_jargon_comes_with_a_plain_gloss():
    assert bare_jargon(app_strings() + labels()) == []
