"""Loading instruments: a TOML file (see instruments/README.md) checked against the schema and built
into an Instrument, and the library of every file in the instruments folder. Loading never raises
for a bad file: one broken file cannot stop the others from loading or take the app down.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

from coprod.common.i18n import _
from coprod.common.intake import BadFile, load_toml
from coprod.library.model import (
    CHART_KINDS,
    AdaptedFrom,
    Band,
    BrokenFile,
    Chart,
    Example,
    Fix,
    Guidance,
    Instrument,
    Interpretation,
    Item,
    Library,
    Perspective,
    Point,
    Problem,
    Prompt,
    ReferenceTally,
    Rules,
    Scale,
    Source,
    Step,
    Translation,
)
from coprod.library.schema import Checker, check, lift_all

# --------------------------------------------------------------------------- building


def _build(data: dict, path: str, fingerprint: str, by_coprod: frozenset[str]) -> Instrument:
    scale = data["scale"]
    rules = data["rules"]
    kind = data.get("kind", "scale")
    tally = data.get("reference_tally")
    adapted = data.get("adapted_from")
    return Instrument(
        version=data.get("version"),
        adapted_from=AdaptedFrom(**adapted) if adapted else None,
        kind=kind,
        guidance=tuple(Guidance(id=g["id"], heading=g["heading"], text=g["text"].strip(), show=tuple(g["show"]),
                                note=g.get("note", "").strip()) for g in data.get("guidance", [])),
        steps=tuple(Step(**step) for step in data.get("steps", [])),
        reference_tally=ReferenceTally(tally["label"], MappingProxyType({k: tuple(v) for k, v in tally["counts"].items()}))
        if tally else None,
        by_coprod=by_coprod,
        id=data["id"],
        title=data["title"],
        short_title=data["short_title"],
        purpose=data["purpose"].strip(),
        how_to_use=data["how_to_use"].strip(),
        time_needed=data["time_needed"],
        review_interval_days=data.get("review_interval_days"),
        review_advice=data.get("review_advice", "").strip(),
        source=Source(**data["source"]),
        scale=Scale(
            min=scale["min"],
            max=scale["max"],
            bands=tuple(Band(**b) for b in scale["bands"]),
            points=tuple(Point(**p) for p in sorted(scale.get("points", []), key=lambda p: p["value"])),
        ),
        rules=Rules(**rules),
        chart=Chart(kind=CHART_KINDS[kind], **data["chart"]),
        perspectives=tuple(Perspective(**p) for p in data.get("perspectives", [])),
        items=tuple(
            Item(
                id=i["id"],
                name=i["name"].strip(),
                definition=i.get("definition", "").strip(),
                group=i.get("group", ""),
                supports=tuple(i.get("supports", [])),
                options=tuple(i.get("options", [])),
                next_steps=tuple(i.get("next_steps", [])),
                descriptors=MappingProxyType({k: v.strip() for k, v in i.get("descriptors", {}).items()}),
                examples=tuple(Example(**e) for e in i.get("examples", [])),
            )
            for i in data["items"]
        ),
        prompts=tuple(Prompt(**p) for p in data.get("prompts", [])),
        interpretation=tuple(Interpretation(**{**p, "next_steps": tuple(p.get("next_steps", []))})
                             for p in data.get("interpretation", [])),
        general_next_steps=tuple(data.get("general_next_steps", [])),
        next_steps_heading=data.get("next_steps_heading", ""),
        next_steps_for=data.get("next_steps_for", ""),
        supports_heading=data.get("supports_heading", ""),
        fixes=tuple(Fix(**f) for f in data.get("fixes", [])),
        language=data.get("language", "en"),
        translation=_translation(data.get("translation")),
        path=path,
        fingerprint=fingerprint,
    )


def _translation(table: dict | None) -> Translation | None:
    if not table:
        return None
    return Translation(translator=table.get("translator", ""), from_language=table.get("from_language", "en"),
                       sources=MappingProxyType(dict(table.get("sources", {}))))


def parse_instrument(text: str, file: str) -> tuple[Instrument | None, tuple[Problem, ...]]:
    """Parse and validate one instrument's TOML text; `file` names it in problems."""
    try:
        data = load_toml(text)  # checked first: the text may come from anybody's upload
    except BadFile as error:
        return None, (Problem(file, "(file)", str(error)),)
    checker = Checker(file)
    data, by_coprod = lift_all(data, checker) if isinstance(data, dict) else (data, frozenset())
    check(data, checker)
    if checker.problems:
        return None, tuple(checker.problems)
    return _build(data, file, hashlib.sha256(text.encode("utf-8")).hexdigest()[:16], by_coprod), ()


def load_instrument(path: Path) -> tuple[Instrument | None, tuple[Problem, ...]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return None, (Problem(path.name, "(file)", _("cannot be read: {error}").format(error=error)),)
    instrument, problems = parse_instrument(text, path.name)
    if instrument is not None:
        instrument = _with_path(instrument, str(path))
    return instrument, problems


def _with_path(instrument: Instrument, path: str) -> Instrument:
    return replace(instrument, path=path)


def instrument_files(paths: list[Path]) -> list[Path]:
    """The .toml files named, or found in the folders named, in a stable order."""
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.glob("*.toml")) if path.is_dir() else [path])
    return files


def load_library(*folders: Path) -> Library:
    """Load every instrument in the folders; broken files are kept aside with their problems."""
    good: list[Instrument] = []
    broken: list[BrokenFile] = []
    seen_ids: dict[str, str] = {}
    seen_titles: dict[str, str] = {}
    for path in instrument_files(list(folders)):
        instrument, problems = load_instrument(path)
        if instrument is not None and instrument.id in seen_ids:
            problems = (Problem(path.name, "id", _("{id} is already used by {file}; give this copy its own id")
                                .format(id=repr(instrument.id), file=seen_ids[instrument.id])),)
            instrument = None
        elif instrument is not None and instrument.title in seen_titles:
            problems = (Problem(path.name, "title", _("{title} is already used by {file}; give this copy its own title")
                                .format(title=repr(instrument.title), file=seen_titles[instrument.title])),)
            instrument = None
        if instrument is None:
            broken.append(BrokenFile(str(path), problems))
        else:
            seen_ids[instrument.id] = path.name
            seen_titles[instrument.title] = path.name
            good.append(instrument)
    return Library(tuple(good), tuple(broken))
