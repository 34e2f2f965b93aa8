"""The schema of an instrument file, and the checking of a file against it: every field's type and
whether it is required, the rules between fields (bands covering the scale, ids that are unique,
a rule for examples where examples are required). Checking never raises for a bad file: the
problems are collected, each naming the file, the field and what was expected (coprod.library.loading).
"""

from __future__ import annotations

import re
from typing import Any

from coprod.common.i18n import _, marked
from coprod.library.model import (
    EXAMPLE_PLACES,
    FORMAT_VERSION,
    GUIDANCE_PLACES,
    KINDS,
    Problem,
)

ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# --------------------------------------------------------------------------- the schema

# Each table's fields: name -> (type, required). A type of list[X] is written (list, X).
_TEXT = str
_SPEC: dict[str, dict[str, tuple[Any, bool]]] = {
    "": {
        "format": (int, True),
        "id": (_TEXT, True),
        "title": (_TEXT, True),
        "short_title": (_TEXT, True),
        "purpose": (_TEXT, True),
        "how_to_use": (_TEXT, True),
        "time_needed": (_TEXT, True),
        "review_interval_days": (int, False),
        "review_advice": (_TEXT, False),
        "kind": (_TEXT, False),
        "general_next_steps": ((list, _TEXT), False),
        "next_steps_heading": (_TEXT, False),
        "next_steps_for": (_TEXT, False),
        "supports_heading": (_TEXT, False),
        "source": (dict, True),
        "scale": (dict, True),
        "rules": (dict, True),
        "chart": (dict, True),
        "perspectives": ((list, dict), False),
        "items": ((list, dict), True),
        "prompts": ((list, dict), False),
        "interpretation": ((list, dict), False),
        "guidance": ((list, dict), False),
        "steps": ((list, dict), False),
        "reference_tally": (dict, False),
        "fixes": ((list, dict), False),
        "version": (int, False),
        "adapted_from": (dict, False),
        "language": (_TEXT, False),
        "translation": (dict, False),
    },
    "translation": {"translator": (_TEXT, False), "from_language": (_TEXT, False), "source_snapshot": (_TEXT, False),
                    "sources": (dict, False)},
    "adapted_from": {"id": (_TEXT, True), "title": (_TEXT, True), "fingerprint": (_TEXT, False)},
    "source": {
        "seed": (_TEXT, True),
        "title": (_TEXT, True),
        "publisher": (_TEXT, True),
        "year": (int, False),
        "note": (_TEXT, False),
    },
    "scale": {
        "min": (int, True),
        "max": (int, True),
        "points": ((list, dict), False),
        "bands": ((list, dict), True),
    },
    "scale.points": {"value": (int, True), "label": (_TEXT, True)},
    "scale.bands": {
        "id": (_TEXT, True),
        "name": (_TEXT, True),
        "min": (int, True),
        "max": (int, True),
        "meaning": (_TEXT, False),
    },
    "rules": {
        "example_required": (bool, True),
        "example_label": (_TEXT, True),
        "example_rule": (_TEXT, False),
        "scores_may_be_totalled": (bool, True),
        "descriptors_per_item": (bool, True),
        "example_per": (_TEXT, False),
        "rated_by_others": (bool, False),
        "example_rule_from": (_TEXT, False),
    },
    "chart": {"note": (_TEXT, False), "point_rings": (bool, False)},
    "perspectives": {"id": (_TEXT, True), "label": (_TEXT, True)},
    "items": {
        "id": (_TEXT, True),
        "name": (_TEXT, True),
        "definition": (_TEXT, False),
        "group": (_TEXT, False),
        "supports": ((list, _TEXT), False),
        "options": ((list, _TEXT), False),
        "next_steps": ((list, _TEXT), False),
        "descriptors": (dict, False),
        "examples": ((list, dict), False),
    },
    "items.examples": {"text": (_TEXT, True), "band": (_TEXT, False), "title": (_TEXT, False)},
    "prompts": {"id": (_TEXT, True), "label": (_TEXT, True), "text": (_TEXT, True)},
    "interpretation": {
        "min": (int, True),
        "max": (int, True),
        "heading": (_TEXT, True),
        "text": (_TEXT, True),
        "next_steps": ((list, _TEXT), False),
    },
    "guidance": {"id": (_TEXT, True), "heading": (_TEXT, True), "text": (_TEXT, True), "show": ((list, _TEXT), True),
                 "note": (_TEXT, False)},
    "steps": {"id": (_TEXT, True), "name": (_TEXT, True), "text": (_TEXT, True)},
    "reference_tally": {"label": (_TEXT, True), "counts": (dict, True)},
    "fixes": {
        "field": (_TEXT, True),
        "seed_text": (_TEXT, True),
        "fixed_text": (_TEXT, True),
        "why": (_TEXT, True),
    },
}

_TYPE_NAMES = {str: marked("text"), int: marked("a whole number"), bool: marked("true or false"), dict: marked("a table")}
_PLURALS = {str: marked("a list of texts"), int: marked("a list of whole numbers"), bool: marked("a list of true/false values"),
            dict: marked("a list of tables")}


def _type_name(kind: Any) -> str:
    if isinstance(kind, tuple):
        return _(_PLURALS[kind[1]])
    return _(_TYPE_NAMES[kind])


def _is(value: Any, kind: Any) -> bool:
    if isinstance(kind, tuple):
        return isinstance(value, list) and all(_is(v, kind[1]) for v in value)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)


class Checker:
    """Collects problems for one file while walking its tables."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def add(self, where: str, message: str) -> None:
        self.problems.append(Problem(self.file, where, message))

    def table(self, data: Any, spec_name: str, where: str) -> bool:
        """Check one table's keys and value types; False when it cannot be used further."""
        if not isinstance(data, dict):
            self.add(where or "(file)", _("expected a table"))
            return False
        spec = _SPEC[spec_name]
        ok = True
        for key in data:
            if key not in spec:
                allowed = ", ".join(spec)
                self.add(_join(where, key), _("unknown key (allowed here: {allowed})").format(allowed=allowed))
        for key, (kind, required) in spec.items():
            path = _join(where, key)
            if key not in data:
                if required:
                    self.add(path, _("missing; expected {kind}").format(kind=_type_name(kind)))
                    ok = False
            elif not _is(data[key], kind):
                self.add(path, _("expected {kind}, found {found}").format(kind=_type_name(kind), found=_describe(data[key])))
                ok = False
            elif kind is _TEXT and required and not data[key].strip():
                self.add(path, _("is empty; expected text"))
                ok = False
        return ok

    def ident(self, value: str, where: str) -> None:
        if not ID.match(value):
            self.add(where, _("{value} is not a valid id; use lower-case letters, digits and hyphens").format(value=repr(value)))

    def unique(self, rows: list[dict], key: str, where: str) -> None:
        seen: set[str] = set()
        for n, row in enumerate(rows):
            value = row.get(key)
            if value in seen:
                self.add(f"{where}[{n}].{key}", _("duplicate id {value}; ids must be unique").format(value=repr(value)))
            if isinstance(value, str):
                seen.add(value)


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return _("true/false")
    if isinstance(value, list):
        return _("a list") if value else _("an empty list")
    found = {str: marked("text"), int: marked("a number"), float: marked("a decimal number"), dict: marked("a table")}.get(type(value))
    return _(found) if found else type(value).__name__


# Tables that may hold a `coprod` sub-table: text written for coprod rather than quoted from the
# source. Lists of tables are named by each row's id.
_COPROD_TABLES = {"": "", "chart": "chart", "rules": "rules"}
_COPROD_ROWS = {"items": "items", "prompts": "prompts", "guidance": "guidance", "steps": "steps",
                "interpretation": "interpretation", "scale.bands": "scale.bands", "perspectives": "perspectives"}


def _lift(table: Any, spec_name: str, path: str, c: Checker, written: set[str]) -> Any:
    """The table with its `coprod` sub-table's fields lifted into it, each field's path recorded."""
    if not isinstance(table, dict) or "coprod" not in table:
        return table
    table = dict(table)
    own = table.pop("coprod")
    texts = [key for key, (kind, _required) in _SPEC[spec_name].items() if kind is _TEXT]
    if not isinstance(own, dict):
        c.add(_join(path, "coprod"), _("expected a table of text written for coprod"))
        return table
    for key, value in own.items():
        where = _join(_join(path, "coprod"), key)
        if key not in texts:
            c.add(where, _("unknown key (coprod's own words may stand for: {fields})").format(fields=", ".join(texts)))
        elif key in table:
            c.add(where, _("given twice, as the source's words and as coprod's; keep one"))
        else:
            table[key] = value
            written.add(_join(path, key))
    return table


def lift_all(data: dict, c: Checker) -> tuple[dict, frozenset[str]]:
    written: set[str] = set()
    data = _lift(data, "", "", c, written)
    for key in ("chart", "rules"):
        if key in data:
            data[key] = _lift(data[key], key, key, c, written)
    for name in _COPROD_ROWS:
        owner, _dot, child = name.rpartition(".")
        parent = data.get(owner) if owner else data
        rows = parent.get(child) if isinstance(parent, dict) else None
        if isinstance(rows, list):
            parent[child] = [_lift(row, name, f"{name}.{row.get('id', n) if isinstance(row, dict) else n}", c, written)
                             for n, row in enumerate(rows)]
    return data, frozenset(written)


def _check_kinds(data: dict, c: Checker, band_ids: list[str] | None) -> None:
    """The settings that decide how the instrument behaves, and the data they rely on."""
    kind = data.get("kind", "scale")
    if kind not in KINDS:
        c.add("kind", _("{kind} is not a kind of instrument; expected one of {kinds}").format(kind=repr(kind), kinds=", ".join(KINDS)))
    rules = data.get("rules") if isinstance(data.get("rules"), dict) else {}
    if rules.get("example_per", "score") not in EXAMPLE_PLACES:
        c.add("rules.example_per", _("{value}: expected \"score\" (an example for every score) or \"item\" (one per item)")
              .format(value=repr(rules["example_per"])))
    item_ids = {i["id"] for i in _rows(data, "items") if isinstance(i, dict) and isinstance(i.get("id"), str)}
    prompt_ids = {p["id"] for p in _rows(data, "prompts") if isinstance(p, dict) and isinstance(p.get("id"), str)}
    for n, part in enumerate(_rows(data, "guidance")):
        if c.table(part, "guidance", f"guidance[{n}]"):
            c.ident(part["id"], f"guidance[{n}].id")
            for place in part["show"]:
                kind, _colon, which = place.partition(":")
                if place not in GUIDANCE_PLACES and not ((kind, which in item_ids) == ("item", True)
                                                         or (kind, which in prompt_ids) == ("prompt", True)):
                    c.add(f"guidance.{part['id']}.show", _("{place} is not a place; expected {places}, item:<an item's id> or "
                                                            "prompt:<a question's id>").format(place=repr(place),
                                                                                              places=", ".join(GUIDANCE_PLACES)))
    c.unique(_rows(data, "guidance"), "id", "guidance")
    for n, step in enumerate(_rows(data, "steps")):
        if c.table(step, "steps", f"steps[{n}]"):
            c.ident(step["id"], f"steps[{n}].id")
    c.unique(_rows(data, "steps"), "id", "steps")
    tally = data.get("reference_tally")
    if isinstance(tally, dict) and c.table(tally, "reference_tally", "reference_tally"):
        for item_id, counts in tally["counts"].items():
            where = f"reference_tally.counts.{item_id}"
            if item_id not in item_ids:
                c.add(where, _("no item has the id {id}").format(id=repr(item_id)))
            elif not _is(counts, (list, int)) or (band_ids is not None and len(counts) != len(band_ids)) or any(n < 0 for n in counts):
                c.add(where, _("expected {count} counts (whole numbers, 0 or more), one per band in the scale's order")
                      .format(count=len(band_ids or [])))


def check(data: dict, c: Checker) -> None:
    if not c.table(data, "", ""):
        # Without the required top-level parts the deeper checks would only repeat the news.
        if not all(isinstance(data.get(k), dict) for k in ("scale", "rules")):
            return
    if data.get("format") not in (None, FORMAT_VERSION) and _is(data.get("format"), int):
        c.add("format", _("version {version} is not supported; expected {expected}").format(version=data["format"],
                                                                                          expected=FORMAT_VERSION))
    if isinstance(data.get("id"), str):
        c.ident(data["id"], "id")
    if isinstance(data.get("source"), dict):
        c.table(data["source"], "source", "source")
    if isinstance(data.get("chart"), dict):
        c.table(data["chart"], "chart", "chart")
    if "adapted_from" in data:
        c.table(data["adapted_from"], "adapted_from", "adapted_from")
    if "translation" in data and c.table(data["translation"], "translation", "translation"):
        if not all(isinstance(v, str) for v in data["translation"].get("sources", {}).values()):
            c.add("translation.sources", "expected the source text of each translated field")
    if isinstance(data.get("version"), int) and data["version"] < 1:
        c.add("version", _("expected a version number of 1 or more"))
    if isinstance(data.get("review_interval_days"), int) and data["review_interval_days"] < 1:
        c.add("review_interval_days", _("expected a positive number of days"))

    rules = data.get("rules") if isinstance(data.get("rules"), dict) else None
    if rules is not None and c.table(rules, "rules", "rules"):
        if rules["example_required"] and not rules.get("example_rule", "").strip():
            c.add("rules.example_rule", _("missing; an instrument that requires examples must say why, in the source's words"))

    band_ids = _check_scale(data.get("scale"), c)
    lo, hi = _scale_range(data.get("scale"))

    for n, perspective in enumerate(_rows(data, "perspectives")):
        if c.table(perspective, "perspectives", f"perspectives[{n}]"):
            c.ident(perspective["id"], f"perspectives[{n}].id")
    c.unique(_rows(data, "perspectives"), "id", "perspectives")

    items = _rows(data, "items")
    if "items" in data and not items:
        c.add("items", _("is empty; expected at least one item"))
    per_item = bool(rules and rules.get("descriptors_per_item") is True)
    for n, item in enumerate(items):
        where = f"items[{n}]"
        if not c.table(item, "items", where):
            continue
        c.ident(item["id"], f"{where}.id")
        where = f"items.{item['id']}"
        descriptors = item.get("descriptors", {})
        for band_id, text in descriptors.items():
            if band_ids is not None and band_id not in band_ids:
                c.add(f"{where}.descriptors.{band_id}", _("no band has the id {id}; bands are {bands}")
                      .format(id=repr(band_id), bands=", ".join(band_ids)))
            if not isinstance(text, str) or not text.strip():
                c.add(f"{where}.descriptors.{band_id}", _("expected the descriptor text"))
        if per_item and band_ids:
            for band_id in band_ids:
                if band_id not in descriptors:
                    c.add(f"{where}.descriptors.{band_id}",
                          _("missing; rules.descriptors_per_item is true, so every band needs a descriptor"))
        for m, example in enumerate(item.get("examples", [])):
            if c.table(example, "items.examples", f"{where}.examples[{m}]"):
                band = example.get("band", "")
                if band and band_ids is not None and band not in band_ids:
                    c.add(f"{where}.examples[{m}].band", _("no band has the id {id}; bands are {bands}")
                          .format(id=repr(band), bands=", ".join(band_ids)))
    c.unique(items, "id", "items")

    for n, prompt in enumerate(_rows(data, "prompts")):
        if c.table(prompt, "prompts", f"prompts[{n}]"):
            c.ident(prompt["id"], f"prompts[{n}].id")
    c.unique(_rows(data, "prompts"), "id", "prompts")

    for n, part in enumerate(_rows(data, "interpretation")):
        if c.table(part, "interpretation", f"interpretation[{n}]") and lo is not None:
            if not (lo <= part["min"] <= part["max"] <= hi):
                c.add(f"interpretation[{n}]", _("range {min}–{max} must lie within the scale {lo}–{hi}")
                      .format(min=part["min"], max=part["max"], lo=lo, hi=hi))

    for n, fix in enumerate(_rows(data, "fixes")):
        c.table(fix, "fixes", f"fixes[{n}]")

    _check_kinds(data, c, band_ids)


def _rows(data: dict, key: str) -> list:
    value = data.get(key, [])
    return value if isinstance(value, list) else []


def _scale_range(scale: Any) -> tuple[int | None, int | None]:
    if isinstance(scale, dict) and _is(scale.get("min"), int) and _is(scale.get("max"), int):
        return scale["min"], scale["max"]
    return None, None


def _check_scale(scale: Any, c: Checker) -> list[str] | None:
    """Check the scale; return its band ids (None when the bands cannot be read)."""
    if not isinstance(scale, dict) or not c.table(scale, "scale", "scale"):
        return None
    lo, hi = scale["min"], scale["max"]
    if lo >= hi:
        c.add("scale", _("min {lo} must be below max {hi}").format(lo=lo, hi=hi))
        return None
    for n, point in enumerate(scale.get("points", [])):
        if c.table(point, "scale.points", f"scale.points[{n}]") and not lo <= point["value"] <= hi:
            c.add(f"scale.points[{n}].value", _("{value} is outside the scale {lo}–{hi}").format(value=point["value"], lo=lo, hi=hi))
    bands = scale["bands"]
    if not bands:
        c.add("scale.bands", _("is empty; expected at least one band"))
        return None
    readable = True
    for n, band in enumerate(bands):
        if c.table(band, "scale.bands", f"scale.bands[{n}]"):
            c.ident(band["id"], f"scale.bands[{n}].id")
            if band["min"] > band["max"]:
                c.add(f"scale.bands.{band['id']}", _("min {min} is above max {max}").format(min=band["min"], max=band["max"]))
                readable = False
        else:
            readable = False
    c.unique(bands, "id", "scale.bands")
    if not readable:
        return None
    expected = lo
    for band in bands:
        where = f"scale.bands.{band['id']}"
        if band["min"] < expected:
            c.add(where, _("overlaps the band before it: starts at {min}, expected {expected}").format(min=band["min"], expected=expected))
        elif band["min"] > expected:
            c.add(where, _("leaves a gap: starts at {min}, expected {expected}").format(min=band["min"], expected=expected))
        expected = band["max"] + 1
    if expected - 1 < hi:
        c.add("scale.bands", _("the bands stop at {last}; they must reach the scale's max {hi}").format(last=expected - 1, hi=hi))
    elif expected - 1 > hi:
        c.add("scale.bands", _("the bands run to {last}, past the scale's max {hi}").format(last=expected - 1, hi=hi))
    return [band["id"] for band in bands]
