"""Personalised versions of an instrument: copy one, change its wording, save numbered versions.

A version is edited as a draft (the instrument file's data, as a dict) in a stored document of its
own ("own-instrument"), whose token is the editor's private link and whose code reopens it. Saving
checks the draft with the same validation as `python -m coprod validate` and, when it passes, stores
the draft's TOML text as a *snapshot*: a document of its own that is written once and never changed.
An assessment or session started on a version names that snapshot (`instrument_snapshot`), so
editing the version later never changes the wording anything was scored against: history is never
rewritten. Built-in instruments keep being found by id in the instruments folder.

Everything here works through the store's ordinary document interface (create, get, update), so any
store (TinyDB, PostgreSQL) holds versions unchanged.
"""

from __future__ import annotations

import copy
import hashlib
import secrets
import tomllib
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, Callable

import tomli_w

from coprod.common.i18n import _, marked
from coprod.common.memo import Memo
from coprod.library import translation
from coprod.library.loading import parse_instrument
from coprod.library.model import Instrument, Library, Problem
from coprod.storage.interface import AssessmentStore, Damaged, NotFound

OWN = "own-instrument"  # an editable personalised version: its draft and its saved versions
SNAPSHOT = "instrument-snapshot"  # one saved version's text, never changed once written
FILE = marked("your version")  # how problems name the file being edited (translated where a person reads it)
MAX_UPLOAD = 512 * 1024  # bytes: the largest built-in file is about 23 KB


class Invalid(ValueError):
    """A draft or upload that does not pass validation; `problems` name each field and the fix."""

    def __init__(self, problems: tuple[Problem, ...]):
        self.problems = problems
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))


# --------------------------------------------------------------------------- text and data


def dump(data: dict) -> str:
    """A draft as an instrument file (TOML), long texts as multi-line strings."""
    return tomli_w.dumps(data, multiline_strings=True)


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def text_of(store: AssessmentStore, instrument: Instrument) -> str:
    """The exact text an instrument was loaded from: its snapshot, or its file in instruments/."""
    if instrument.snapshot:
        return store.get(instrument.snapshot)["text"]
    return Path(instrument.path).read_text(encoding="utf-8")


def copy_of(instrument: Instrument, text: str) -> dict:
    """The draft of a new version of `instrument` (from its text): its own id and title, what it was
    adapted from, the source and its citation kept as they are."""
    data = tomllib.loads(text)
    root = instrument.adapted_from.id if instrument.adapted_from else instrument.id
    base = instrument.adapted_from.title if instrument.adapted_from else instrument.title
    data["id"] = f"{root}-own-{secrets.token_hex(3)}"
    data["title"] = instrument.title if instrument.adapted_from else _("{title} (our version)").format(title=base)
    if not instrument.adapted_from:
        data["short_title"] = _("{title} (our version)").format(title=data.get("short_title", base))
    data["adapted_from"] = {"id": instrument.id, "title": instrument.title, "fingerprint": instrument.fingerprint}
    data.pop("version", None)
    return data


def check(data: dict, library: Library) -> tuple[Problem, ...]:
    """Every problem of a draft, as `python -m coprod validate` reports them, plus a clash of its id
    or title with a built-in instrument."""
    try:
        text = dump(data)
    except (TypeError, ValueError) as error:
        return (Problem(_(FILE), "(file)", _("cannot be written as an instrument file: {error}").format(error=error)),)
    instrument, problems = parse_instrument(text, _(FILE))
    if problems:
        return problems
    clashes = []
    if library.get(instrument.id) is not None:
        clashes.append(Problem(_(FILE), "id", _("{id} is a built-in instrument's id; give your version its own id")
                               .format(id=repr(instrument.id))))
    if any(i.title == instrument.title for i in library.instruments):
        clashes.append(Problem(_(FILE), "title", _("is the title of a built-in instrument; give your version its own "
                                                   "title, so nobody mistakes it for the original")))
    return tuple(clashes) + translation.source_problems(data, library)  # a translation keeps its source's structure


def scale_changed(data: dict, original: Instrument) -> bool:
    """Whether a draft's scale or bands differ from the original's: results would then no longer
    compare with the original's."""
    scale = data.get("scale", {})
    bands = [(b.get("id"), b.get("name"), b.get("min"), b.get("max")) for b in scale.get("bands", []) if isinstance(b, dict)]
    return (scale.get("min"), scale.get("max")) != (original.scale.min, original.scale.max) or bands != [
        (b.id, b.name, b.min, b.max) for b in original.scale.bands]


# --------------------------------------------------------------------------- editing a draft


def item_rows(data: dict) -> list[dict]:
    return data.setdefault("items", [])


def find_item(data: dict, item_id: str) -> dict:
    for row in item_rows(data):
        if row.get("id") == item_id:
            return row
    raise KeyError(item_id)


def set_field(data: dict, field: list[str], value: Any) -> None:
    """Change one field of a draft, named as the editor's inputs name them:
    ("title",), ("short_title",), ("purpose",), ("how_to_use",), ("general_next_steps",),
    ("item", id, "name" | "definition" | "next_steps"), ("item", id, "descriptor", band),
    ("item", id, "example", n, "text" | "title" | "band"), ("band", n, "name" | "min" | "max"),
    ("scale", "min" | "max"). Lists of suggestions are typed one per line."""
    kind = field[0]
    if kind in ("title", "short_title", "purpose", "how_to_use"):
        data[kind] = str(value)
    elif kind == "general_next_steps":
        data[kind] = _lines(value)
    elif kind == "item":
        row = find_item(data, field[1])
        part = field[2]
        if part in ("name", "definition"):
            row[part] = str(value)
        elif part == "next_steps":
            row[part] = _lines(value)
        elif part == "descriptor":
            row.setdefault("descriptors", {})[field[3]] = str(value)
        elif part == "example":
            examples = row.setdefault("examples", [])
            n = int(field[3])
            if n < len(examples):
                if value or field[4] == "text":
                    examples[n][field[4]] = str(value)
                else:
                    examples[n].pop(field[4], None)  # an empty title or band is no title or band
    elif kind == "band":
        band = data["scale"]["bands"][int(field[1])]
        band[field[2]] = int(value) if field[2] in ("min", "max") else str(value)
    elif kind == "scale":
        data["scale"][field[1]] = int(value)
    else:
        raise KeyError(kind)


_LINES = {("general_next_steps",), ("item", "next_steps")}  # fields typed one suggestion per line


def field_text(data: dict, field: list[str]) -> str | None:
    """One text field of a draft as the editor shows it and `set_field` would store `value` typed
    there (None where the field is gone or holds no text), to tell whether someone else changed it."""
    kind = field[0]
    try:
        if kind in ("title", "short_title", "purpose", "how_to_use"):
            return str(data.get(kind, ""))
        if kind == "general_next_steps":
            return "\n".join(data.get(kind, []))
        if kind == "band" and field[2] == "name":
            return str(data["scale"]["bands"][int(field[1])].get("name", ""))
        if kind == "item":
            row, part = find_item(data, field[1]), field[2]
            if part in ("name", "definition"):
                return str(row.get(part, ""))
            if part == "next_steps":
                return "\n".join(row.get(part, []))
            if part == "descriptor":
                return str(row.get("descriptors", {}).get(field[3], ""))
            if part == "example":
                return str(row.get("examples", [])[int(field[3])].get(field[4], ""))
    except (KeyError, IndexError, ValueError, TypeError, AttributeError):
        return None
    return None


def as_stored(field: list[str], value: Any) -> str:
    """Text typed into a draft field as `field_text` would read it back once saved."""
    lines = (field[0],) in _LINES or (field[0], field[2] if len(field) > 2 else "") in _LINES
    return "\n".join(_lines(value)) if lines else str(value)


def _lines(value: Any) -> list[str]:
    return [line.strip() for line in str(value).splitlines() if line.strip()]


def add_item(data: dict) -> str:
    """A new, empty item at the end; its id, unique in the draft."""
    taken = {row.get("id") for row in item_rows(data)}
    n = len(taken) + 1
    while f"item-{n}" in taken:
        n += 1
    item_id = f"item-{n}"
    row: dict = {"id": item_id, "name": _("New item {number}").format(number=n), "definition": ""}
    groups = [r.get("group") for r in item_rows(data) if r.get("group")]
    if groups:
        row["group"] = groups[-1]
    item_rows(data).append(row)
    return item_id


def remove_item(data: dict, item_id: str) -> None:
    data["items"] = [row for row in item_rows(data) if row.get("id") != item_id]
    tally = data.get("reference_tally")
    if isinstance(tally, dict):
        tally.get("counts", {}).pop(item_id, None)
    for part in data.get("guidance", []):
        part["show"] = [place for place in part.get("show", []) if place != f"item:{item_id}"]
        if not part["show"]:
            part["show"] = ["instrument"]


def add_example(data: dict, item_id: str) -> None:
    find_item(data, item_id).setdefault("examples", []).append({"text": _("Your example")})


def remove_example(data: dict, item_id: str, n: int) -> None:
    examples = find_item(data, item_id).get("examples", [])
    if 0 <= n < len(examples):
        del examples[n]


# --------------------------------------------------------------------------- storing


def create(store: AssessmentStore, data: dict) -> dict:
    """Store a new personalised version (unsaved: a draft); returns the document, with its token."""
    return store.create({"kind": OWN, "draft": data, "versions": [], "created_on": date.today().isoformat()})


def edit(store: AssessmentStore, token: str, change: Callable[[dict], None]) -> dict:
    """Apply `change` to the stored draft."""
    def apply(doc: dict) -> None:
        if doc.get("kind") != OWN:
            raise NotFound(token)
        change(doc["draft"])
    return store.update(token, apply)


def load(store: AssessmentStore, token: str) -> dict:
    """A personalised version's document (raises NotFound for anything else)."""
    doc = store.get(token)
    if doc.get("kind") != OWN:
        raise NotFound(token)
    return doc


def save(store: AssessmentStore, token: str, library: Library) -> dict:
    """Save the draft as the next numbered version (raises Invalid naming every problem); returns
    the saved version's entry (number, snapshot, fingerprint)."""
    doc = load(store, token)
    data = copy.deepcopy(doc["draft"])
    data["version"] = max((v["number"] for v in doc["versions"]), default=0) + 1
    problems = check(data, library)
    if problems:
        raise Invalid(problems)
    return _record(store, token, dump(data), data["version"])


def _record(store: AssessmentStore, token: str, text: str, number: int) -> dict:
    snapshot = store.create({"kind": SNAPSHOT, "text": text, "fingerprint": fingerprint(text), "number": number},
                            code=False)  # nobody carries on with a snapshot by its code
    entry = {"number": number, "snapshot": snapshot["token"], "fingerprint": snapshot["fingerprint"],
             "saved_on": date.today().isoformat()}

    def add(doc: dict) -> None:
        doc["versions"].append(entry)
        doc["draft"] = tomllib.loads(text)

    try:
        store.update(token, add)
    except BaseException:  # a snapshot no version names would be kept for nothing
        store.delete(snapshot["token"])
        raise
    return entry


def upload(store: AssessmentStore, raw: bytes, library: Library) -> dict:
    """Store an uploaded instrument file as a personalised version of its own (raises Invalid): a
    file downloaded from here comes back as the very same version (text, id and number)."""
    if len(raw) > MAX_UPLOAD:
        raise Invalid((Problem(_(FILE), "(file)", _("is larger than {size} KB; is it an instrument file?")
                               .format(size=MAX_UPLOAD // 1024)),))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Invalid((Problem(_(FILE), "(file)", _("is not text (UTF-8); upload the .toml file coprod gave you")),)) from None
    instrument, problems = parse_instrument(text, _(FILE))
    if problems:
        raise Invalid(problems)
    data = tomllib.loads(text)
    problems = check(data, library)
    if problems:
        raise Invalid(problems)
    if instrument.version is None:  # a hand-made file: it becomes version 1
        data["version"] = 1
        text = dump(data)
    doc = create(store, data)
    try:
        _record(store, doc["token"], text, data["version"])
    except BaseException:  # stored whole or not at all
        store.delete(doc["token"])
        raise
    return load(store, doc["token"])


def delete(store: AssessmentStore, token: str) -> int:
    """Delete a version: its editor, draft, link and code, and each saved version's wording, except a
    wording something was scored on: that one is retired (no new assessment or session can start
    from it, and it has no code) and kept as long as what uses it (purge removes it with the last).
    Returns how many saved versions' wordings went."""
    doc = load(store, token)
    store.delete(token)  # first: nothing can be saved as a new version while its wordings go
    gone = 0
    for entry in doc["versions"]:
        snapshot_token = entry["snapshot"]
        try:
            store.update(snapshot_token, lambda d: d.update(retired=True))
            if store.mentioned(snapshot_token):
                store.drop_code(snapshot_token)
            else:
                store.delete(snapshot_token)
                gone += 1
        except NotFound:
            continue
    return gone


def startable(store: AssessmentStore, token: str) -> Instrument | None:
    """The version a "Score it" or "Run a team session" link names (?version=<snapshot>), unless the
    version was deleted since: its wording then only stays for what was scored on it."""
    try:
        doc = store.get(token)
    except (NotFound, Damaged):
        return None
    if doc.get("kind") != SNAPSHOT or doc.get("retired"):
        return None
    return snapshot(store, token)


def latest(doc: dict) -> dict | None:
    return doc["versions"][-1] if doc["versions"] else None


# --------------------------------------------------------------------------- finding what was scored

_SNAPSHOTS = Memo(64)  # forgotten when the snapshot is deleted (coprod.common.memo)


def snapshot(store: AssessmentStore, token: str) -> Instrument | None:
    """The instrument a snapshot holds (None if it is gone or unreadable). A snapshot's wording never
    changes, so it is parsed once per process while it is kept."""
    def parse() -> Instrument | None:
        try:
            doc = store.get(token)
        except (NotFound, Damaged):
            return None
        if doc.get("kind") != SNAPSHOT:
            return None
        instrument, _problems = parse_instrument(doc["text"], FILE)
        return replace(instrument, snapshot=token, path="") if instrument is not None else None

    return _SNAPSHOTS.get(token, parse, [token])


def instrument_for(store: AssessmentStore, library: Library, doc: dict) -> Instrument | None:
    """The instrument a stored assessment or session was scored against: the version it names, or
    the built-in instrument of its id."""
    pinned = doc.get("instrument_snapshot")
    if pinned:
        return snapshot(store, pinned)
    return library.get(doc.get("instrument_id", ""))


def version_label(instrument: Instrument) -> str:
    """How a version is named beside its title ("version 2, adapted from …"), or "" for a built-in."""
    if not instrument.adapted_from:
        return ""
    if instrument.version:
        return _("version {number}, adapted from {title}").format(number=instrument.version, title=instrument.adapted_from.title)
    return _("a personalised version, adapted from {title}").format(title=instrument.adapted_from.title)


def rounds_note(rounds: list[dict]) -> str:
    """What to say when review rounds were scored on different versions of an instrument ("" when
    they all used the same wording)."""
    used = [r.get("instrument_snapshot") or r.get("instrument_version", "") for r in rounds]
    if len(set(used)) < 2:
        return ""
    groups: dict[str, list[int]] = {}
    for n, version in enumerate(used, start=1):
        groups.setdefault(version, []).append(n)
    parts = [_("rounds {numbers}").format(numbers=", ".join(map(str, ns))) if len(ns) > 1 else _("round {number}").format(number=ns[0])
             for ns in groups.values()]
    return _("These rounds were scored on different versions of the instrument ({rounds} each on one). Items and their "
             "wording may differ between them, so compare the scores with care; items not in the latest version are "
             "left out.").format(rounds="; ".join(parts))


def file_of(store: AssessmentStore, instrument: Instrument) -> str:
    """A personalised version's text, to travel with an export ("" for a built-in instrument)."""
    return text_of(store, instrument) if instrument.snapshot else ""


def keep(store: AssessmentStore, text: str) -> str:
    """Store an instrument's text as a snapshot of its own (an imported assessment's version)."""
    instrument, _problems = parse_instrument(text, FILE)
    return store.create({"kind": SNAPSHOT, "text": text, "fingerprint": fingerprint(text),
                         "number": instrument.version if instrument else None}, code=False)["token"]
