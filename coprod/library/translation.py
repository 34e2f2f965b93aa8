"""Translated versions of an instrument (issue 27): a personalised version that declares its language.

Instrument wording in another language is not coprod's to invent: a translation of a published toolkit
is a derivative work its publisher must allow. So instruments stay in the source's language, and a
translation is made by the organisation that uses it, as a version it owns (coprod.library.versions).
Its draft declares `language` (fr, nl, en) and a `[translation]` table: the translator (for the credit
line), the language it was translated from, and for each field translated the source text it was
translated from (`sources`, keyed by the field's path such as "items.assets.name").

The draft always holds a whole, valid instrument: a field not translated yet keeps the source's text,
so the version can be saved, previewed and used at any stage. A field is "untranslated" while no
translation of it is recorded, "outdated" when the source's text has changed since it was translated,
and "translated" otherwise. Only texts are translated: the structure (item ids and order, the scale,
its bands' ids and ranges, the kind, the rules' switches, the source citation) stays the source's, so
answers given on a translated version pool with the source's by item id (`structure_problems`).
"""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

from coprod.common.i18n import LANGUAGES
from coprod.library.model import Instrument, Library, Problem
from coprod.storage.interface import AssessmentStore, Damaged, NotFound

FILE = "your version"  # as coprod.library.versions names the file being edited
UNTRANSLATED, OUTDATED, TRANSLATED = "untranslated", "outdated", "translated"

# Texts of the instrument file, as paths. A path names a table by its place and, in a list of tables,
# a row by its id (items, bands, perspectives, prompts, guidance, steps), its value (a scale's points)
# or its number (interpretation, an item's examples). Item groups are named by their order: "groups.1".
_TOP = ("title", "short_title", "purpose", "how_to_use", "time_needed", "review_advice", "next_steps_heading",
        "next_steps_for", "supports_heading")
_LINES = {"general_next_steps", "next_steps", "supports", "options"}  # lists of texts, translated one per line
_TABLES = {"rules": ("example_label", "example_rule", "example_rule_from"), "chart": ("note",),
           "reference_tally": ("label",)}
_ROWS = {  # list of tables -> (how a row is named, its texts)
    "scale.bands": ("id", ("name", "meaning")),
    "scale.points": ("value", ("label",)),
    "perspectives": ("id", ("label",)),
    "items": ("id", ("name", "definition", "supports", "options", "next_steps")),
    "prompts": ("id", ("label", "text")),
    "interpretation": ("#", ("heading", "text", "next_steps")),
    "guidance": ("id", ("heading", "text", "note")),
    "steps": ("id", ("name", "text")),
}
NOT_STRUCTURE = ("id", "title", "version", "adapted_from", "language", "translation", "fixes", "format")


def language_name(code: str) -> str:
    """A language in its own words ("Français"), as the app's language picker names it."""
    return LANGUAGES.get(code, code)


# --------------------------------------------------------------------------- fields by path


def _rows(data: dict, place: str) -> list:
    owner, _dot, child = place.rpartition(".")
    parent = data.get(owner) if owner else data
    rows = parent.get(child) if isinstance(parent, dict) else None
    return rows if isinstance(rows, list) else []


def _row_name(row: dict, how: str, n: int) -> str:
    return str(n + 1) if how == "#" else str(row.get(how, n))


def _has(table: Any, key: str) -> bool:
    return isinstance(table, dict) and (key in table or key in (table.get("coprod") or {}))


def fields(data: dict) -> list[str]:
    """Every text of an instrument's data that a translation translates, as paths, in reading order
    (an empty text has nothing to translate)."""
    return [path for path in _paths(data) if (get(data, path) or "").strip()]


def _paths(data: dict) -> list[str]:
    out = [key for key in _TOP if _has(data, key)]
    for place, keys in _TABLES.items():
        out += [f"{place}.{key}" for key in keys if _has(data.get(place), key)]
    if data.get("general_next_steps"):
        out.append("general_next_steps")
    out += [f"groups.{n}" for n in range(1, len(_groups(data)) + 1)]
    for place, (how, keys) in _ROWS.items():
        bands = [b.get("id") for b in _rows(data, "scale.bands") if isinstance(b, dict)]
        for n, row in enumerate(_rows(data, place)):
            if not isinstance(row, dict):
                continue
            name = f"{place}.{_row_name(row, how, n)}"
            out += [f"{name}.{key}" for key in keys if _has(row, key)]
            if place == "items":
                out += [f"{name}.descriptors.{band}" for band in bands if band in (row.get("descriptors") or {})]
                for m, example in enumerate(row.get("examples") or []):
                    out += [f"{name}.examples.{m + 1}.{key}" for key in ("title", "text") if _has(example, key)]
    return out


def _groups(data: dict) -> list[str]:
    return list(dict.fromkeys(row.get("group", "") for row in _rows(data, "items") if isinstance(row, dict)
                              and row.get("group")))


def _locate(data: dict, path: str) -> tuple[dict, str]:
    """The table holding a path's text and its key there (raises KeyError for a path it lacks)."""
    parts = path.split(".")
    if len(parts) == 1 and (parts[0] in _TOP or parts[0] == "general_next_steps"):
        return _owner(data, parts[0]), parts[0]
    if len(parts) == 2 and parts[0] in _TABLES and parts[1] in _TABLES[parts[0]]:
        return _owner(data.get(parts[0]), parts[1]), parts[1]
    for place, (how, keys) in _ROWS.items():
        depth = place.count(".") + 1
        if ".".join(parts[:depth]) != place or len(parts) < depth + 2:
            continue
        name, rest = parts[depth], parts[depth + 1:]
        row = next((r for n, r in enumerate(_rows(data, place)) if isinstance(r, dict) and _row_name(r, how, n) == name), None)
        if row is None:
            raise KeyError(path)
        if len(rest) == 1 and rest[0] in keys:
            return _owner(row, rest[0]), rest[0]
        if place == "items" and len(rest) == 2 and rest[0] == "descriptors" and rest[1] in (row.get("descriptors") or {}):
            return row["descriptors"], rest[1]
        if place == "items" and len(rest) == 3 and rest[0] == "examples" and rest[2] in ("title", "text"):
            examples = row.get("examples") or []
            if rest[1].isdigit() and 1 <= int(rest[1]) <= len(examples):
                return _owner(examples[int(rest[1]) - 1], rest[2]), rest[2]
    raise KeyError(path)


def _owner(table: Any, key: str) -> dict:
    if not isinstance(table, dict):
        raise KeyError(key)
    if key not in table and isinstance(table.get("coprod"), dict) and key in table["coprod"]:
        return table["coprod"]  # a text written for coprod: translated where it stands
    if key not in table:
        raise KeyError(key)
    return table


def get(data: dict, path: str) -> str | None:
    """A field's text (lists one per line), or None where the data has no such field."""
    if path.startswith("groups."):
        groups, n = _groups(data), path.partition(".")[2]
        return groups[int(n) - 1] if n.isdigit() and 1 <= int(n) <= len(groups) else None
    try:
        table, key = _locate(data, path)
    except KeyError:
        return None
    value = table[key]
    return "\n".join(str(v) for v in value) if isinstance(value, list) else str(value)


def put(data: dict, path: str, text: str) -> None:
    """Set a field's text (raises KeyError for a path the data lacks)."""
    if path.startswith("groups."):
        old = get(data, path)
        if old is None:
            raise KeyError(path)
        for row in _rows(data, "items"):
            if isinstance(row, dict) and row.get("group") == old:
                row["group"] = text
        return
    table, key = _locate(data, path)
    if isinstance(table[key], list):
        table[key] = [line.strip() for line in text.splitlines() if line.strip()]
    else:
        table[key] = text


# --------------------------------------------------------------------------- a translated version


def is_translation(data: dict) -> bool:
    return isinstance(data.get("translation"), dict) and bool(data.get("language"))


def start(data: dict, instrument: Instrument, language: str, translator: str = "") -> dict:
    """The draft of a new translated version of `instrument` into `language`, from a copy of it
    (versions.copy_of): every field keeps the source's text until it is translated."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    data["title"] = f"{instrument.title} · {language_name(language)}"  # never a built-in's title
    data["short_title"] = instrument.short_title
    data["language"] = language
    data["translation"] = {"translator": translator.strip(), "from_language": instrument.language, "sources": {}}
    if instrument.snapshot:
        data["translation"]["source_snapshot"] = instrument.snapshot
    return data


def recorded(data: dict) -> dict[str, str]:
    """The source texts each translated field was translated from, by path."""
    translation = data.setdefault("translation", {})
    sources = translation.setdefault("sources", {})
    return sources


def translated_text(data: dict, path: str) -> str:
    """A field's translation ("" while it is untranslated)."""
    return (get(data, path) or "") if path in recorded(data) else ""


def translate(data: dict, source: dict, path: str, text: str) -> None:
    """Record `text` as the translation of a field of the source (an empty text undoes it: the field
    takes the source's text again). Raises KeyError for a field the source lacks."""
    original = get(source, path)
    if original is None or get(data, path) is None:
        raise KeyError(path)
    text = str(text).replace("\r\n", "\n").strip()
    if not text:
        put(data, path, original)
        recorded(data).pop(path, None)
        return
    put(data, path, text)
    recorded(data)[path] = original


def status(data: dict, source: dict) -> dict[str, str]:
    """Each translatable field of the source, by path: untranslated, outdated or translated."""
    sources = recorded(data)
    out = {}
    for path in fields(source):
        if path not in sources or not (get(data, path) or "").strip():
            out[path] = UNTRANSLATED
        elif get(source, path) != sources[path]:
            out[path] = OUTDATED
        else:
            out[path] = TRANSLATED
    return out


def set_translator(data: dict, name: str) -> None:
    data.setdefault("translation", {})["translator"] = str(name).strip()


def _skeleton(data: dict) -> dict:
    """The data without its texts: what a translation must keep as the source has it."""
    out = copy.deepcopy({k: v for k, v in data.items() if k not in NOT_STRUCTURE})
    for path in _paths(out):
        if not path.startswith("groups."):
            put(out, path, "")
    for n, group in enumerate(_groups(data), start=1):  # groups by order only
        for row in _rows(out, "items"):
            if isinstance(row, dict) and row.get("group") == group:
                row["group"] = str(n)
    for row in _rows(out, "items"):
        if isinstance(row, dict):
            for key in ("supports", "options", "next_steps"):
                row.pop(key, None)  # a list of texts may be translated in more or fewer lines
    for row in _rows(out, "interpretation"):
        if isinstance(row, dict):
            row.pop("next_steps", None)
    out.pop("general_next_steps", None)
    return out


def structure_problems(data: dict, source: dict) -> tuple[Problem, ...]:
    """What a translated draft changed in the source's structure (nothing, for a faithful translation)."""
    mine, theirs = _skeleton(data), _skeleton(source)
    out = []
    for key in sorted(set(mine) | set(theirs)):
        if mine.get(key) != theirs.get(key):
            out.append(Problem(FILE, key, "differs from the version it translates: a translation changes only "
                                                   "the wording; make a version of its own to change the rest"))
    return tuple(out)


# --------------------------------------------------------------------------- the version it translates


def source_data(store: AssessmentStore, library: Library, data: dict) -> dict | None:
    """The data of the version a draft translates, as it is now (None when it is gone)."""
    snapshot = (data.get("translation") or {}).get("source_snapshot")
    if snapshot:
        try:
            return tomllib.loads(store.get(snapshot)["text"])
        except (NotFound, Damaged, KeyError, tomllib.TOMLDecodeError):
            return None
    original = library.get((data.get("adapted_from") or {}).get("id", ""))
    if original is None or not original.path:
        return None
    return tomllib.loads(Path(original.path).read_text(encoding="utf-8"))


def source_problems(data: dict, library: Library) -> tuple[Problem, ...]:
    """For versions.check: a translation of a built-in instrument keeps its structure."""
    if not is_translation(data):
        return ()
    if data["language"] not in LANGUAGES:
        return (Problem(FILE, "language", f"{data['language']!r} is not one of {', '.join(LANGUAGES)}"),)
    original = library.get((data.get("adapted_from") or {}).get("id", ""))
    if original is None or not original.path or (data.get("translation") or {}).get("source_snapshot"):
        return ()
    return structure_problems(data, tomllib.loads(Path(original.path).read_text(encoding="utf-8")))


def same_items(one: Instrument, other: Instrument) -> bool:
    """Whether answers given on one pool with answers given on the other (same item ids and scale)."""
    return ([i.id for i in one.items] == [i.id for i in other.items]
            and (one.scale.min, one.scale.max) == (other.scale.min, other.scale.max)
            and [(b.id, b.min, b.max) for b in one.scale.bands] == [(b.id, b.min, b.max) for b in other.scale.bands]
            and [p.id for p in one.perspectives] == [p.id for p in other.perspectives] and one.kind == other.kind)


def source_options(instrument: Instrument, item) -> tuple[str, ...]:
    """An item's options in the source's words, line for line with the options as `instrument` words
    them. Answers keep the source's words, so ticks given in French, Dutch and English count together
    (a translation whose list differs in length from the source's keeps its own words)."""
    recorded_text = instrument.translation.sources.get(f"items.{item.id}.options") if instrument.translation else None
    if recorded_text is None:
        return item.options
    words = tuple(line.strip() for line in recorded_text.splitlines() if line.strip())
    return words if len(words) == len(item.options) else item.options


def shown_options(instrument: Instrument, item, kept: list[str]) -> list[str]:
    """Options kept in the source's words (`source_options`), as `instrument` words them."""
    words = source_options(instrument, item)
    return [shown for shown, source in zip(item.options, words) if source in kept or shown in kept]
