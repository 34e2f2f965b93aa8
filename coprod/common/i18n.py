"""The app's own words in the language of the person reading them: English (the words as written
here), French and Dutch, through gettext with catalogues kept by Babel (`make messages`: extract,
update, compile; coprod/locale/).

A language is looked up per browser session, never installed process-wide: several people in
several languages share one process. The Streamlit layer tells this module whose language it is
(`set_reader`: coprod.ui.language reads the browser session's choice); elsewhere (the command line,
a file made without a page, a test) the language is whatever `speaking` set, English by default.
`_` translates a message, `n_` a message with a number; `marked` marks a message written once at
module level, translated where it is shown (`_(MESSAGE)`). Dates and numbers are written by Babel
for the language.

A pseudo-language (`PSEUDO`, for tests) wraps every translated message in ⟦ ⟧ and lengthens it by a
third, so a test can see any visible text that did not pass through here, and any box it overflows.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from functools import lru_cache
from pathlib import Path

DOMAIN = "coprod"
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
SOURCE = "en"
LANGUAGES = {"en": "English", "fr": "Français", "nl": "Nederlands"}  # each in its own words
PSEUDO = "en-XA"  # tests only: every message marked and lengthened

_speaking: ContextVar[str | None] = ContextVar("coprod_language", default=None)
_reader: Callable[[], str | None] | None = None


def set_reader(reader: Callable[[], str | None]) -> None:
    """How to find the language of whoever the current code serves (the browser session's choice):
    the Streamlit layer sets it once; it returns None outside a browser session."""
    global _reader
    _reader = reader


def language() -> str:
    """The language of the person being served now: the one a block asked for (`speaking`: a file
    made for the room in the room's language), else the browser session's, else English."""
    spoken = _speaking.get()
    if spoken:
        return spoken
    chosen = _reader() if _reader else None
    return chosen or SOURCE


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Serve in `lang` within the block (the command line, a file made outside a page, tests)."""
    token = _speaking.set(lang if lang in LANGUAGES or lang == PSEUDO else SOURCE)
    try:
        yield
    finally:
        _speaking.reset(token)


class _Pseudo(gettext.NullTranslations):
    """Every message wrapped in ⟦ ⟧ and lengthened by a third, its {placeholders} left whole."""

    @staticmethod
    def _mark(message: str) -> str:
        padding = "~" * (len(message) // 3)
        return f"⟦{message}{padding}⟧"

    def gettext(self, message: str) -> str:
        return self._mark(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._mark(singular if n == 1 else plural)


@lru_cache(maxsize=8)
def translations(lang: str) -> gettext.NullTranslations:
    """A language's catalogue (the source's own words where a message has no translation)."""
    if lang == PSEUDO:
        return _Pseudo()
    if lang == SOURCE:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def _(message: str) -> str:
    """`message` in the reader's language."""
    return translations(language()).gettext(message)


def n_(singular: str, plural: str, n: int) -> str:
    """The singular or the plural of a message for `n`, in the reader's language (the rules of
    which form goes with which number are the language's own)."""
    return translations(language()).ngettext(singular, plural, n)


def marked(message: str) -> str:
    """A message written once (at module level) and translated where it is shown: `_(MESSAGE)`."""
    return message


def long_date(day: date | str) -> str:
    """A date written out in the reader's language: "14 March 2026", "14 mars 2026", "14 maart 2026"."""
    from babel.dates import format_date

    if isinstance(day, str):
        try:
            day = date.fromisoformat(day)
        except ValueError:
            return day
    lang = language()
    return format_date(day, format="long", locale=_babel(SOURCE if lang == PSEUDO else lang))


def number(value: float) -> str:
    """A number written in the reader's language (3.5, 3,5)."""
    from babel.numbers import format_decimal

    lang = language()
    return format_decimal(value, locale=_babel(SOURCE if lang == PSEUDO else lang))


def signed(value: float) -> str:
    """A change written with its sign in the reader's language (+1.5, -0,5)."""
    return ("+" if value > 0 else "-" if value < 0 else "") + number(abs(value))


def warm_up() -> None:
    """Load Babel's code and its data for every language the app speaks, by writing a number and a date
    in each: loaded by the first one written otherwise, at a room's reveal, while every page waits."""
    for lang in LANGUAGES:
        with speaking(lang):
            number(2.5)
            long_date(date(2026, 1, 1))


def _babel(lang: str) -> str:
    return {"en": "en_GB", "fr": "fr_FR", "nl": "nl_NL"}.get(lang, "en_GB")


def best_match(accepted: str | None) -> str:
    """Of the app's languages, the one a browser's language ("fr-BE", "nl") asks for, else English."""
    if not accepted:
        return SOURCE
    for part in str(accepted).replace("_", "-").split(","):
        code = part.split(";")[0].strip().lower().split("-")[0]
        if code in LANGUAGES:
            return code
    return SOURCE
