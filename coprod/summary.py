"""A plain-language summary of one assessment: strongest and weakest items, what their bands mean
in the instrument's own words, and the instrument's interpretation text. No total or average where
the instrument says scores are not added up."""

from __future__ import annotations

from dataclasses import dataclass

from coprod import assessment as A
from coprod.instruments import Instrument, Interpretation, Item, Perspective


@dataclass(frozen=True)
class Scored:
    item: Item
    score: int
    level: str  # the score as people read it ("Basic", "5 · Making progress")
    band: str
    meaning: str  # the item's descriptor of its band (or the band's general meaning)


@dataclass(frozen=True)
class Summary:
    perspective: Perspective
    strongest: tuple[Scored, ...]
    weakest: tuple[Scored, ...]
    interpretation: tuple[tuple[Interpretation, tuple[Scored, ...]], ...]
    average: float | None  # only where the instrument allows scores to be added up

    @property
    def all_level(self) -> bool:
        return bool(self.strongest) and self.strongest[0].score == self.weakest[0].score


def scored_items(instrument: Instrument, doc: dict, perspective: Perspective) -> list[Scored]:
    out = []
    for item in instrument.items:
        score = A.answer(doc, perspective.id, item.id)["score"]
        if score is None:
            continue
        band = instrument.scale.band_for(score)
        out.append(Scored(item, score, instrument.scale.level(score), band.name, item.descriptors.get(band.id) or band.meaning))
    return out


def summarise(instrument: Instrument, doc: dict, perspective: Perspective) -> Summary:
    scored = scored_items(instrument, doc, perspective)
    if not scored:
        return Summary(perspective, (), (), (), None)
    high = max(s.score for s in scored)
    low = min(s.score for s in scored)
    parts = tuple(
        (part, tuple(s for s in scored if part.min <= s.score <= part.max)) for part in instrument.interpretation
    )
    average = None
    if instrument.rules.scores_may_be_totalled:
        average = sum(s.score for s in scored) / len(scored)
    return Summary(
        perspective,
        strongest=tuple(s for s in scored if s.score == high),
        weakest=tuple(s for s in scored if s.score == low),
        interpretation=parts,
        average=average,
    )


def _names(rows: tuple[Scored, ...]) -> str:
    names = [r.item.name for r in rows]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def summary_lines(instrument: Instrument, doc: dict, perspective: Perspective) -> list[str]:
    """The summary as short paragraphs of plain text."""
    s = summarise(instrument, doc, perspective)
    if not s.strongest:
        return ["Nothing has been scored yet."]
    lines = []
    if len(scored_items(instrument, doc, perspective)) == 1:
        lines.append(f"Only one item is scored so far: {s.strongest[0].item.name} ({s.strongest[0].level}).")
    elif s.all_level:
        lines.append(f"Every item scored is at the same level: {s.strongest[0].level}.")
    else:
        lines.append(f"Strongest: {_names(s.strongest)} ({s.strongest[0].level}).")
        lines.append(f"Weakest: {_names(s.weakest)} ({s.weakest[0].level}).")
    for row in (s.strongest[0], s.weakest[0]) if not s.all_level else (s.strongest[0],):
        if row.meaning:
            lines.append(f"{row.band} for {row.item.name}, in the words of the source: “{row.meaning}”")
    for part, rows in s.interpretation:
        if rows:
            lines.append(f"{part.heading}: {_names(rows)}. {part.text}")
    if s.average is not None:
        lines.append(f"Average score: {s.average:.1f}.")
    return lines
