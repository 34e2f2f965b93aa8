"""A team session in several languages (issue 27): a session on an instrument may offer translated
versions of it (coprod.library.translation), each with the same items, scale and views. Each person
then reads the wording of the version in their own language, falling back to the session's own, and
every answer is stored against the session's instrument by item id, so a team's results, PDF and CSV
are one set whatever language each person answered in.

The session document lists the versions offered (`translations`: one entry per language, naming a
saved version by its snapshot, or a built-in instrument by its id); each participant's assessment
carries the same list from the moment they join.
"""

from __future__ import annotations

from coprod.library import translation, versions
from coprod.library.model import Instrument, Library
from coprod.storage.interface import AssessmentStore

KEY = "translations"


def entry(instrument: Instrument) -> dict:
    """How a session names a version offered in another language."""
    named = {"instrument_snapshot": instrument.snapshot} if instrument.snapshot else {"instrument_id": instrument.id}
    return {"language": instrument.language, **named}


def offer(session: dict, base: Instrument, others: list[Instrument]) -> None:
    """Offer `others` beside the session's instrument `base`: one per language other than its own,
    each pooling with it by item id (raises ValueError for one that does not)."""
    offered: dict[str, dict] = {}
    for other in others:
        if not translation.same_items(other, base):
            raise ValueError(f"{other.title!r} does not have the items and scale of {base.title!r}")
        if other.language != base.language:
            offered.setdefault(other.language, entry(other))
    session[KEY] = list(offered.values())


def carried(session: dict) -> dict:
    """What a participant's assessment keeps of the session's languages when they join."""
    return {KEY: list(session.get(KEY, []))} if session.get(KEY) else {}


def for_reader(store: AssessmentStore, library: Library, doc: dict, instrument: Instrument | None,
               language: str) -> Instrument | None:
    """The wording a reader of `language` sees for a session (or a participant's assessment) on
    `instrument`: the version offered in their language, else the session's own."""
    if instrument is None or instrument.language == language:
        return instrument
    for offered in doc.get(KEY) or []:
        if isinstance(offered, dict) and offered.get("language") == language:
            other = versions.instrument_for(store, library, offered)
            if other is not None and translation.same_items(other, instrument):
                return other
    return instrument
