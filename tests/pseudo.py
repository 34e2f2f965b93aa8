"""The pseudo-language's check (coprod.common.i18n.PSEUDO): every message that passed through gettext
is shown as ⟦…~~~⟧, so any word outside those marks on a page or in a file did not, unless it is the
source's own wording (an instrument's text), what someone typed, or a name that is never translated.

`unmarked(at)` lists what an AppTest page shows outside the marks; `leftover(text)` what is left of
one text (a PDF's, a spreadsheet's) once the marks and the allowed words are taken out."""

from __future__ import annotations

import html
import json
import re
import tomllib
from collections.abc import Iterable, Iterator

from coprod.common import i18n
from tests.conftest import ROOT

# Never translated: the app's name, each language named in itself (the picker, so whoever reads it
# finds their own), and the picker's label written in all three.
NAMES = ("coprod", "Language · Langue · Taal", *i18n.LANGUAGES.values(), i18n.PSEUDO)
MARKED = re.compile(r"⟦[^⟦⟧]*⟧")
WORD = re.compile(r"[^\W\d_]{2,}")
ABBREVIATION = re.compile(r"[A-Z]{2,4}")  # PDF, CSV, TOML, QR, a survey answer's initials ("SA 3": Strongly agree)
_TEXT_FIELDS = ("body", "label", "help", "placeholder", "caption", "text", "title")


def _strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)


def source_wording() -> set[str]:
    """Every text of every instrument file: shown in the source's language by design."""
    found: set[str] = set()
    for path in (ROOT / "instruments").glob("*.toml"):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        found.update(line.strip() for s in _strings(data) for line in [s, *s.splitlines()] if line.strip())
    return found


_SOURCE: set[str] | None = None
_SOURCE_TEXT = ""


def leftover(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """The words of `text` outside the pseudo-language's marks and outside what is allowed."""
    global _SOURCE, _SOURCE_TEXT
    if _SOURCE is None:
        _SOURCE = source_wording()
        _SOURCE_TEXT = "\n".join(sorted(_SOURCE))
    rest = re.sub(r"<style[^>]*>.*?(</style>|$)", " ", html.unescape(text).replace("\\", ""), flags=re.S)
    rest = re.sub(r":material/\w+:", " ", rest)  # an icon's name, drawn as the icon
    rest = re.sub(r"\S*[?&]\w+=[\w-]+\S*|\b[A-Z0-9]{5}-[A-Z0-9]{5}\b", " ", rest)  # a link's address; a code
    if len(WORD.findall(rest)) >= 5 and rest.strip() in _SOURCE_TEXT:  # a part of the source's wording (its first sentence, say)
        return []
    while MARKED.search(rest):  # innermost first: a message may carry another in its placeholder
        rest = MARKED.sub(" ", rest)
    # A line that is a piece of the source's wording (a page shows a definition's first sentence, a
    # chart an item's name) is the source's; three words at least, so a lone "Start" is never taken for it.
    rest = "\n".join(line for line in rest.split("\n")
                     if not (len(WORD.findall(line)) >= 3 and line.strip() in _SOURCE_TEXT))
    for known in sorted({*NAMES, *allowed, *(_SOURCE or ())}, key=len, reverse=True):
        if len(known) > 1 and known in rest:
            rest = rest.replace(known, " ")
    return [word for word in WORD.findall(rest) if not ABBREVIATION.fullmatch(word)]


def _texts(node) -> Iterator[str]:
    proto = getattr(node, "proto", None)
    kind = getattr(node, "type", "")
    if proto is not None and kind not in ("code", "text_input", "text_area"):  # links and codes; what was typed
        if kind == "html" and "document.documentElement.lang" in getattr(proto, "body", ""):
            pass
        else:
            for name in _TEXT_FIELDS:
                value = getattr(proto, name, None)
                if isinstance(value, str) and value:
                    yield re.sub(r"<[^>]+>", " ", re.sub(r"<style[^>]*>.*?</style>", " ", value, flags=re.S)) if kind == "html" else value
            options = getattr(proto, "options", None)
            if options is not None and not isinstance(options, str):
                yield from (o for o in options if isinstance(o, str))
    if kind in ("text_input", "text_area") and proto is not None:
        yield from (v for v in (proto.label, proto.help, proto.placeholder) if v)
    if kind in ("table", "arrow_data_frame", "dataframe"):
        frame = node.value
        if not getattr(proto, "editing_mode", 0):  # a table editor's headings are its column_config's labels
            yield from (str(c) for c in frame.columns)
        yield from (str(v) for row in frame.itertuples(index=False) for v in row)
    if kind in ("vega_lite_chart", "arrow_vega_lite_chart"):
        spec = json.loads(proto.spec)
        yield from _titles(spec)
    for child in getattr(node, "children", {}).values():
        yield from _texts(child)


def _titles(spec) -> Iterator[str]:
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key in ("title", "text") and isinstance(value, str):
                yield value
            else:
                yield from _titles(value)
    elif isinstance(spec, list):
        for value in spec:
            yield from _titles(value)


def unmarked(at, allowed: Iterable[str] = ()) -> list[str]:
    """Each text on the page (titles, words, labels, options, tables, chart titles) with words that did
    not pass through gettext: empty when every word did, or is allowed."""
    allowed = tuple(allowed)
    return [text for text in _texts(at._tree) if leftover(text, allowed)]
