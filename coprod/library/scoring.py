"""Scoring rules that hold for every instrument: bands, what counts as a practical example, and the
middle of several people's scores (their median, never their mean: a median is one of the scores
people can give, or half-way between two, is not pulled about by one far-off answer, and adds
nothing up, so it is fair to show even where a source says scores must not be totalled)."""

from __future__ import annotations

import re

from coprod.common.i18n import _
from coprod.library.model import Band, Instrument, Item

_WORDS = re.compile(r"[\W_]+", re.UNICODE)


def band_of(instrument: Instrument, score: int) -> Band:
    return instrument.scale.band_for(score)


def in_scale(instrument: Instrument, score: int) -> bool:
    return isinstance(score, int) and not isinstance(score, bool) and instrument.scale.min <= score <= instrument.scale.max


def _plain(text: str) -> str:
    return _WORDS.sub(" ", text.casefold()).strip()


def example_problem(item: Item, text: str) -> str | None:
    """Why `text` does not count as a practical example for `item`, or None when it does.

    Empty or whitespace-only text is no example, and neither is a copy of the item's own wording
    (a descriptor or the definition, whole or in part): the source asks for an example from
    your own work, not the statement read back.
    """
    plain = _plain(text or "")
    if not plain:
        return _("no example yet")
    own_words = [item.definition, item.name, *item.descriptors.values()]
    if any(f" {plain} " in f" {_plain(words)} " for words in own_words if words):
        return _("the example repeats the item's own wording; describe something from your own work")
    return None


def median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2
