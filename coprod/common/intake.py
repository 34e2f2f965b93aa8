"""Reading files that people hand the app (a JSON export to import, an instrument file to upload or
carried inside an export) without trusting them: each is checked for size, text, nesting depth and
number length before a parser sees it, and anything a parser would choke on is refused with the
reason, as BadFile, never as a crash.

Python's parsers are not made for hostile input: `json.loads` and `tomllib.loads` recurse once per
level of nesting (a file nested 200,000 deep raises RecursionError), and `int()` refuses numbers of
more than 4,300 digits with a ValueError. No coprod file nests more than a few levels or holds a
number longer than a date, so the limits here refuse only files coprod never wrote.
"""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any

from coprod.common import i18n
from coprod.common.i18n import _

MAX_DEPTH = 32  # nesting levels: the deepest coprod document (a version's draft) has fewer than 10


def depth(value: Any) -> int:
    """How deeply lists and objects nest in `value`, counted without recursion (a hostile file
    nests them hundreds of thousands deep)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        part, level = stack.pop()
        if isinstance(part, dict):
            part = list(part.values())
        if isinstance(part, list):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in part if isinstance(child, (dict, list)))
    return deepest


MAX_DIGITS = 30  # a whole number in a file: coprod writes scores, revisions and years
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
# TOML's strings (multi-line first) and comments, which may hold brackets that nest nothing.
_TOML_TEXT = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*')
_BRACKETS = re.compile(r"[\[\]{}]")
_LONG_NUMBER = re.compile(r"[0-9_]{%d,}" % (MAX_DIGITS + 1))


class BadFile(ValueError):
    """A file that cannot be read as what it should be; the message says why, in plain words."""


def text_of(data: bytes | str, max_bytes: int, what: str) -> str:
    """A file's bytes as text: within `max_bytes`, UTF-8, and whole characters only."""
    if isinstance(data, str):
        try:
            data = data.encode("utf-8")
        except UnicodeEncodeError:
            raise BadFile(_("The file is not {what}: it holds broken characters.").format(what=what)) from None
    if len(data) > max_bytes:
        raise BadFile(_("The file is too large to be {what} (over {size}).").format(what=what, size=_size(max_bytes)))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadFile(_("The file is not {what}: it is not UTF-8 text.").format(what=what)) from None


def _size(n: int) -> str:
    return _("{count} MB").format(count=n // 1_000_000) if n >= 1_000_000 else _("{count} KB").format(count=n // 1024)


def nesting(text: str, strings: re.Pattern) -> int:
    """How deeply brackets nest in `text` outside its strings (and comments), counted up to just past
    MAX_DEPTH: enough to refuse a file before a parser recurses into it."""
    level = deepest = 0
    for bracket in _BRACKETS.findall(strings.sub("", text)):
        level += 1 if bracket in "[{" else -1
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            break
    return deepest


def _whole_number(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise BadFile(_("The file holds a number of {count} digits: coprod never writes one so long.")
                      .format(count=i18n.number(len(digits))))
    return int(digits)


def _no_constant(name: str):
    raise BadFile(_("The file holds {name}, which is not a number coprod writes.").format(name=name))


def load_json(data: bytes | str, max_bytes: int, what: str) -> Any:
    """The JSON value in a file, or BadFile naming what is wrong (it does not say what the value is:
    its shape is the caller's to check)."""
    text = text_of(data, max_bytes, what)
    if nesting(text, _JSON_STRING) > MAX_DEPTH:
        raise BadFile(_("The file is not {what}: it is nested far deeper than any coprod file.").format(what=what))
    try:
        return json.loads(text, parse_int=_whole_number, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise BadFile(_("The file is not {what}: it is not valid JSON ({error}, line {line}).")
                      .format(what=what, error=error.msg, line=error.lineno)) from None
    except RecursionError:  # the count above stops this first; kept in case a parser changes
        raise BadFile(_("The file is not {what}: it is nested far deeper than any coprod file.").format(what=what)) from None


def load_toml(text: str) -> dict:
    """The data of an instrument file's TOML text, or BadFile naming what is wrong."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise BadFile(_("is not text: it holds broken characters")) from None
    if nesting(text, _TOML_TEXT) > MAX_DEPTH:
        raise BadFile(_("nests lists or tables far deeper than any instrument file"))
    if _LONG_NUMBER.search(_TOML_TEXT.sub("", text)):
        raise BadFile(_("holds a number of more than {count} digits: no instrument file does").format(count=MAX_DIGITS))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise BadFile(_("is not valid TOML: {error}").format(error=error)) from None
    except ValueError:  # a number Python will not read (the check above stops the ones known)
        raise BadFile(_("holds a number that cannot be read")) from None
    except RecursionError:  # the count above stops this first; kept in case a parser changes
        raise BadFile(_("nests lists or tables far deeper than any instrument file")) from None
    if depth(data) > MAX_DEPTH:  # dotted keys (a.b.c… = 1) nest without brackets
        raise BadFile(_("nests tables far deeper than any instrument file"))
    return data
