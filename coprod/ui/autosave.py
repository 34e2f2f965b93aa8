"""Saving what people type: every input bound to a stored document, saved before anything is drawn.

Each input that edits a stored document (a score, an example, a free-text answer, a plan cell, a
review date) is bound here to the document it belongs to, under a key that names that document, so
two documents on one browser session (a participant's answers and the session's agreed scores) never
share a widget. `save_pending` runs once at the top of every run, before the page (streamlit_app.py
calls it): it saves whatever changed since the last run, in one write per document. A change is
therefore never lost to a quick succession of interactions (a text box left by moving a slider), nor
to leaving the page in the same second: the next page's run saves it. When a save is refused (the
assessment was finished or the session closed in another tab, the file is damaged), what was typed
stays in its box and the page says what happened, with the text to copy (the box itself may be gone:
a finished assessment is drawn read-only).

Widget values live in st.session_state only while drawn, so each input is seeded from the stored
document when it is new, or when the stored value changed elsewhere (another tab) and the person has
not touched the input since it was last in step; an input that is new to a session the page has just
reconnected to keeps, and saves, what the page still shows (coprod.ui.reconnect).
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import streamlit as st

from coprod.answers import assessment as A
from coprod.answers import plans, rounds
from coprod.common.i18n import _
from coprod.library import versions
from coprod.library.model import Instrument
from coprod.storage.documents import Unstorable
from coprod.storage.interface import Damaged, NotFound, Unavailable
from coprod.ui import guard, reconnect, show, textbox
from coprod.ui.library import library
from coprod.ui.store import store
from coprod.ui.typed import FIELDS

# Why a save can be refused, each said in plain words: what was typed is then given back to copy.
REFUSED = (A.BadInput, A.ReadOnly, Damaged, NotFound, Unavailable, Unstorable)
PLANS = "coprod.plans"  # plan editor key -> {"token", "instrument", "base"}: the rows as shown


def doc_key(token: str) -> str:
    """A short name for a document in widget keys: widget keys reach the page's markup, tokens must not."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()[:12]


def key_for(token: str, *field: str) -> str:
    """The widget key of one field of one document, e.g. ("score", "main", "assets")."""
    return ":".join([field[0], doc_key(token), *field[1:]])


def plan_key(token: str, revision: int) -> str:
    """The widget key of a document's plan editor at one revision of the plan."""
    return f"plan:{doc_key(token)}:{revision}"


def bind(doc: dict, instrument: Instrument | None, field: tuple[str, ...], stored: Any) -> str:
    """Register an input for `field` of `doc`, seed it from `stored`, and return its widget key.
    With no instrument, `field` is a field of a personalised version's draft (coprod.library.versions)."""
    key = key_for(doc["token"], *field)
    fields = st.session_state.setdefault(FIELDS, {})
    entry = fields.get(key)
    if entry is None and reconnect.sent_by_browser(key):
        return _bind_as_sent(doc, instrument, field, key, stored)
    if key not in st.session_state or entry is None:
        st.session_state[key] = stored
        synced = stored
    elif st.session_state[key] == entry["synced"] and stored != entry["synced"]:
        st.session_state[key] = stored  # changed in another tab; untouched here
        synced = stored
    else:
        synced = entry["synced"]  # in step, or touched and not saved yet: keep what was typed
    fields[key] = _field_entry(doc, instrument, field, key, synced)
    return key


def _bind_as_sent(doc: dict, instrument: Instrument | None, field: tuple[str, ...], key: str, stored: Any) -> str:
    """Register an input whose value the browser sent before this session drew it: a page reconnecting
    to a new server session (coprod.ui.reconnect). Its value is left as the browser has it, never set
    from here: a value set by code is drawn over the browser's, a change the browser sent in that same
    second (which Streamlit dropped) included. A text is saved now, and what it replaces is given to
    copy; any other value is saved by the next run, which the page asks for (reconnect.ask_again_after_reconnect)."""
    entry = st.session_state[FIELDS][key] = _field_entry(doc, instrument, field, key, synced=stored)
    sent = reconnect.sent_text(key)
    if isinstance(stored, str) and sent is not None and sent != stored:
        _save({doc["token"]: [(entry, sent)]}, {})
        if stored.strip():
            show.unsaved(_("The page reconnected to the server and saved what this box showed. What was saved in it before "
                           "is here, to copy back if it should stay."), [(_("Saved before"), stored)])
    return key


def forget(token: str) -> None:
    """Drop every input of a document that is now shown read-only (submitted, finished, closed).
    An input not drawn keeps in st.session_state the value it was last given by code, not the
    one the person last moved it to inside a fragment; were the document editable again later
    (a session's round 2 reopens every submitted answer), that stale value would be saved over the
    answers. Forgotten, each input is seeded again from storage when it is next drawn."""
    fields = st.session_state.get(FIELDS, {})
    for key in [k for k, entry in fields.items() if entry["token"] == token]:
        del fields[key]
        if key in st.session_state:
            del st.session_state[key]


def bind_plan(doc: dict, instrument: Instrument, rows: list[dict]) -> str:
    """Register a plan editor showing `rows` at the plan's current revision; return its widget key.
    The key carries the revision, so a saved change rebuilds the editor from storage and the editor's
    output is never fed back in as its input (streamlit#7749, #17026)."""
    key = plan_key(doc["token"], doc.get("plan_revision", 0))
    base = [{"id": row["id"], **{c: row.get(c, "") for c in plans.EDITABLE}} for row in rows]
    st.session_state.setdefault(PLANS, {})[key] = {"token": doc["token"], **_instrument_ref(instrument), "base": base}
    return key


def _field_entry(doc: dict, instrument: Instrument | None, field: tuple[str, ...], key: str, synced: Any) -> dict:
    """What is kept of a bound input: its document, how to find its instrument again, its field, and the
    value it was last in step with storage at."""
    return {"token": doc["token"], **_instrument_ref(instrument), "field": list(field), "synced": synced, "key": key}


def _instrument_ref(instrument: Instrument | None) -> dict:
    """How a saved change finds its instrument again: a personalised version by its snapshot."""
    if instrument is None:
        return {"instrument": "", "draft": True}
    return {"instrument": instrument.id, "instrument_snapshot": instrument.snapshot}


# --------------------------------------------------------------------------- applying a change


def _apply(instrument: Instrument, doc: dict, field: list[str], value: Any) -> None:
    kind = field[0]
    if kind in ("score", "pick"):
        A.set_score(instrument, doc, field[1], field[2], A.score_choices(instrument).get(value))
    elif kind == "example":
        A.set_example(instrument, doc, field[1], field[2], value)
    elif kind == "options":
        A.set_options(instrument, doc, field[1], field[2], list(value))
    elif kind == "prompt":
        A.set_prompt(instrument, doc, field[1], value)
    elif kind == "perspective":
        picked = next((p.id for p in A.perspectives_of(instrument) if p.label == value), None)
        if picked:
            A.set_current_perspective(doc, picked)
    elif kind == "review_on" and isinstance(value, date):
        rounds.set_review_date(doc, value)


def _stored_text(doc: dict, field: list[str]) -> str | None:
    """The stored text of a text field (None for a field that is no text)."""
    if field[0] == "example":
        return A.answer(doc, field[1], field[2])["example"]
    if field[0] == "prompt":
        return (doc.get("prompts") or {}).get(field[1], "")
    return None


def _overtaken(doc: dict, entry: dict, value: Any) -> str | None:
    """What someone else saved in this text field since this input was last in step with storage,
    if it differs from what was typed here (None: no one else changed it, or both typed the same).
    The first save stands, as in the plan: a later one from another tab would silently replace it."""
    now = _stored_text(doc, entry["field"])
    if now is None or not isinstance(value, str) or now == A.clean_text(entry["synced"]) or now == A.clean_text(value):
        return None
    return now


def _what(instrument: Instrument, field: list[str]) -> str:
    """A field as a person knows it, to name what could not be saved."""
    kind = field[0]
    if kind in ("example", "options", "score", "pick"):
        name = next((i.name for i in instrument.items if i.id == field[2]), field[2])
        return (_("{item}: your example") if kind == "example" else _("{item}: your choice")).format(item=name)
    if kind == "prompt":
        return next((p.label for p in instrument.prompts if p.id == field[1]), field[1])
    return {"perspective": _("the view you were scoring"), "review_on": _("the review date")}.get(kind, kind)


def _pending_fields() -> dict[str, list[tuple[dict, Any]]]:
    """Per document, the inputs changed since they were last in step with storage."""
    textbox.fit_all()  # text over a box's limit is cut, and the box says so, before anything is saved
    fields = st.session_state.get(FIELDS, {})
    touched: dict[str, list[tuple[dict, Any]]] = {}
    for key in list(fields):
        if key not in st.session_state:
            del fields[key]  # its input is gone from the page: nothing left to save or compare
            continue
        value = st.session_state[key]
        if value != fields[key]["synced"]:
            touched.setdefault(fields[key]["token"], []).append((fields[key], value))
    return touched


def _pending_plans() -> dict[str, list[tuple[dict, plans.Edits]]]:
    """Per document, the plan editors with changes; each is taken (so applied once)."""
    registered = st.session_state.get(PLANS, {})
    out: dict[str, list[tuple[dict, plans.Edits]]] = {}
    for key in list(registered):
        delta = st.session_state.get(key)
        if key not in st.session_state:
            del registered[key]
            continue
        if not any(delta.get(part) for part in ("edited_rows", "added_rows", "deleted_rows")):
            continue
        edits = plans.edits_from_table(registered[key]["base"], delta.get("edited_rows", {}), delta.get("added_rows", []),
                                       delta.get("deleted_rows", []))
        if not edits:
            continue  # a row just added, nothing typed in it yet: the table stays as it is, with the cursor in that row
        entry = registered.pop(key)
        out.setdefault(entry["token"], []).append((entry, edits))
    return out


@guard.callback
def save_pending() -> None:
    """Save every change made since the last run, one write per document; say what could not be."""
    _save(_pending_fields(), _pending_plans())


def _save(fields: dict[str, list[tuple[dict, Any]]], plan_edits: dict[str, list[tuple[dict, plans.Edits]]]) -> None:
    """Save these changes, per document in one write; say what could not be."""
    for token in dict.fromkeys([*fields, *plan_edits]):
        changes, edits = fields.get(token, []), plan_edits.get(token, [])
        if changes and changes[0][0].get("draft"):
            _save_draft(token, changes)
            continue
        ref = (changes or edits)[0][0]
        instrument = versions.instrument_for(store(), library(), {"instrument_id": ref["instrument"],
                                                                  "instrument_snapshot": ref.get("instrument_snapshot")})
        if instrument is None:
            continue
        refused: list[plans.Refused] = []
        overtaken: list[tuple[dict, Any, str]] = []

        def change(doc: dict, changes=changes, edits=edits, instrument=instrument, refused=refused, overtaken=overtaken) -> None:
            refused.clear()  # a store may retry the change on a fresh copy
            overtaken.clear()
            if any(_stored_text(doc, entry["field"]) is not None for entry, _value in changes):
                A.ensure_editable(doc)  # finished or closed elsewhere: that is what to say, not who typed first
            for entry, value in changes:
                theirs = _overtaken(doc, entry, value)
                if theirs is not None:
                    overtaken.append((entry, value, theirs))
                    continue
                _apply(instrument, doc, entry["field"], value)
            for entry, edit in edits:
                merged, lost = plans.merge(plans.plan_of(instrument, doc), entry["base"], edit)
                plans.save_plan(doc, merged)  # a new revision even if all was refused: the editor is rebuilt
                refused.extend([*edit.cut, *lost])

        try:
            store().update(token, change)
        except REFUSED as problem:
            unsaved = [(_what(instrument, entry["field"]), value) for entry, value in changes if isinstance(value, str)]
            for _entry, edit in edits:
                for cells in [*edit.edited.values(), *edit.added]:
                    unsaved += [(_("Plan: {column}").format(column=plans.headings(instrument)[column]), text) for column, text in cells.items()]
            show.unsaved(_("Not saved. {problem}").format(problem=problem), [(what, text) for what, text in unsaved if text.strip()])
            continue
        for entry, value in changes:
            entry["synced"] = value
        _say_overtaken([(entry, value, theirs, _what(instrument, entry["field"])) for entry, value, theirs in overtaken])
        if refused:
            show.unsaved(_("Some of your plan edits were not saved, or not all of them."),
                         [(f"{r.row}{': ' + plans.headings(instrument)[r.column] if r.column else ''} ({r.why})", r.typed) for r in refused])


def _say_overtaken(overtaken: list[tuple[dict, Any, str, str]]) -> None:
    """Show in each box what was saved first, and give back what was typed there, to copy."""
    for entry, _typed, theirs, _what_it_is in overtaken:
        entry["synced"] = theirs
        st.session_state[entry["key"]] = theirs
    if overtaken:
        show.unsaved(_("Someone else (another tab or person) saved these boxes while you were typing. Theirs is kept "
                       "and now shown; here is what you typed, to copy back in if it should replace theirs."),
                     [(what, value) for _entry, value, _theirs, what in overtaken])


def _save_draft(token: str, changes: list[tuple[dict, Any]]) -> None:
    """Save the editor's changes to a personalised version's draft, in one write; a text someone else
    saved first in the same field stands (see `_overtaken`)."""
    overtaken: list[tuple[dict, Any, str]] = []

    def change(draft: dict) -> None:
        overtaken.clear()
        for entry, value in changes:
            field = entry["field"][1:]
            now = versions.field_text(draft, field) if isinstance(value, str) else None
            if now is not None and now not in (versions.as_stored(field, entry["synced"]), versions.as_stored(field, value)):
                overtaken.append((entry, value, now))
                continue
            try:
                versions.set_field(draft, entry["field"][1:], value)
            except (KeyError, IndexError, ValueError):
                continue  # the item or example was removed meanwhile (another tab)

    try:
        versions.edit(store(), token, change)
    except REFUSED as problem:
        show.unsaved(_("Not saved. {problem}").format(problem=problem), [(" · ".join(entry["field"]), value) for entry, value in changes
                                                if isinstance(value, str) and value.strip()])
        return
    for entry, value in changes:
        entry["synced"] = value
    _say_overtaken([(entry, value, theirs, " · ".join(entry["field"][1:])) for entry, value, theirs in overtaken])
