"""What a stored document must be, checked at the store's door both ways.

- Going in (`encoded`): every store holds JSON as UTF-8, so a document that cannot be written so
  (a lone surrogate such as "\\ud800" from an imported file, values nested deeper than any coprod
  document, a value JSON has no form for) is refused before anything is stored, with a plain
  message, rather than failing half-way through a save.
- Coming out (`problem`): a stored file can be valid JSON and still not be a document coprod can
  show (changed by hand, restored from the wrong backup). The app's store (coprod.storage.configured) reports
  such a document as damaged, like one it cannot parse, instead of letting a page trip over a
  missing field. The stores themselves stay generic: their contract tests store any JSON object.
"""

from __future__ import annotations

import json
from typing import Any, Callable

from coprod.common.i18n import _
from coprod.common.intake import MAX_DEPTH, depth


class Unstorable(ValueError):
    """The document cannot be stored as it is; nothing was stored."""

    def __init__(self) -> None:
        super().__init__(_("This could not be saved: it holds text that cannot be stored (part of a character "
                           "without the rest, or something nested far too deep). Nothing was changed."))


def encoded(doc: dict) -> bytes:
    """The document as the UTF-8 JSON a store keeps, or Unstorable."""
    if depth(doc) > MAX_DEPTH:
        raise Unstorable()
    try:
        return json.dumps(doc, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except (TypeError, ValueError, RecursionError):  # UnicodeEncodeError is a ValueError
        raise Unstorable() from None


# --------------------------------------------------------------------------- shapes of the app's documents


def _text(value) -> bool:
    return isinstance(value, str)


def _texts(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _table(value) -> bool:
    return isinstance(value, dict)


def _answers(value) -> bool:
    return isinstance(value, dict) and all(isinstance(items, dict) and all(isinstance(a, dict) for a in items.values())
                                           for items in value.values())


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _flag(value) -> bool:
    return isinstance(value, bool)


def _rows(value) -> bool:
    return isinstance(value, list) and all(isinstance(row, dict) for row in value)


_SCORED = {"instrument_id": _text, "title": _text, "date": _text, "perspectives": _texts, "status": _text,
           "answers": _answers, "prompts": _table}
# Per kind (the names are those of coprod.answers.assessment, coprod.sessions.lifecycle and room, and coprod.library.versions): the fields
# every page reads without asking whether they are there, and what each must be.
SHAPES: dict[str, dict[str, Callable[[Any], bool]]] = {
    "assessment": {**_SCORED, "name": _text, "role": _text},
    "session": {**_SCORED, "roles": _texts, "participants": _texts, "round": _whole, "revealed": list,
                "min_group": _whole, "anonymous": _flag, "published": _flag, "join_token": _text, "join_code": _text,
                "perspective": _text},
    "own-instrument": {"draft": _table, "versions": _rows},
    "overview": {"instrument_id": _text, "title": _text, "tags": _texts, "min_group": _whole, "share_back": _flag,
                 "contributions": _texts, "contribute_key": _text, "contribute_code": _text},
    "contribution": {"overview": _text, "instrument_id": _text, "team": _text, "tags": _texts, "rounds": _rows},
    "instrument-snapshot": {"text": _text},
    "observer": {"title": _text, "name": _text, "session": _table},  # coprod.sessions.room: watching a session
}
# Fields that may be missing, but are read as this when present.
OPTIONAL = {"item_examples": _table, "plan": _rows, "raters": _texts, "rounds_before": _texts, "session": _table,
            "rates": _table, "roster": _table, "contributions": _texts, "observers": _table, "held_back": _table,
            "timer": _table}


def problem(doc: Any) -> str | None:
    """Why a stored document is not one coprod can show (None when it is)."""
    if not isinstance(doc, dict):
        return "not a JSON object"
    shape = SHAPES.get(doc.get("kind"))
    if shape is None:
        return f"not a kind of document coprod keeps ({str(doc.get('kind'))[:40]!r})"
    for field, check in (*shape.items(), *((f, c) for f, c in OPTIONAL.items() if f in doc)):
        if field not in doc:
            return f"its field {field!r} is missing"
        ok = isinstance(doc[field], check) if isinstance(check, type) else check(doc[field])
        if not ok:
            return f"its field {field!r} is not what it should be"
    if doc["kind"] in ("assessment", "session") and not doc["perspectives"]:
        return "it scores no view"
    return None
