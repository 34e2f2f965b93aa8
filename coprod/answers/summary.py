"""A plain-language summary of one assessment, in the terms of what the instrument is.

A scale: strongest and weakest items, what their bands mean in the instrument's own words, and the
instrument's interpretation text (no total or average where the instrument says scores are not added
up). A checklist: what is still open, stage by stage. A survey: what the person agrees and disagrees
with, and where they see it differently from the source's own group; never "strengths", as agreeing
with a negative statement is no strength."""

from __future__ import annotations

from dataclasses import dataclass

from coprod.answers import assessment as A
from coprod.common import i18n
from coprod.common.i18n import _, n_
from coprod.library import attribution
from coprod.library.model import Instrument, Interpretation, Item, Perspective


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
    return names[0] if len(names) == 1 else _("{items} and {last}").format(items=", ".join(names[:-1]), last=names[-1])


def summary_lines(instrument: Instrument, doc: dict, perspective: Perspective) -> list[str]:
    """The summary as short paragraphs of plain text."""
    if instrument.kind == "checklist":
        return checklist_lines(instrument, doc, perspective)
    if instrument.kind == "survey":
        return survey_lines(instrument, doc, perspective)
    return _scale_lines(instrument, doc, perspective)


def _scale_lines(instrument: Instrument, doc: dict, perspective: Perspective) -> list[str]:
    s = summarise(instrument, doc, perspective)
    if not s.strongest:
        return [_("Nothing has been scored yet.")]
    lines = []
    if len(scored_items(instrument, doc, perspective)) == 1:
        lines.append(_("Only one item is scored so far: {item} ({level}).").format(item=s.strongest[0].item.name,
                                                                                    level=s.strongest[0].level))
    elif s.all_level:
        lines.append(_("Every item scored is at the same level: {level}.").format(level=s.strongest[0].level))
    else:
        lines.append(_("Strongest: {items} ({level}).").format(items=_names(s.strongest), level=s.strongest[0].level))
        lines.append(_("Weakest: {items} ({level}).").format(items=_names(s.weakest), level=s.weakest[0].level))
    for rows in (s.strongest, s.weakest) if not s.all_level else (s.strongest,):
        lines += _meanings(instrument, rows)
    for part, rows in s.interpretation:
        if rows:
            lines.append(f"{part.heading}: {_names(rows)}. {part.text}")
    if s.average is not None:
        lines.append(_("Average score: {average}.").format(average=i18n.number(round(s.average, 1))))
    return lines


def _meanings(instrument: Instrument, rows: tuple[Scored, ...]) -> list[str]:
    """What the band of each of `rows` (items at one score) looks like, quoted for every item: when
    all six are Not there yet, each item's own descriptor, never the first item's for all. A band
    described once for every item is quoted once."""
    said = [r for r in rows if r.meaning]
    if not said:
        return []
    lead = _("{band}, {in_the_words_of}:").format(band=said[0].band, in_the_words_of=attribution.in_the_words_of(instrument))
    if len({r.meaning for r in said}) == 1 and not any(r.item.descriptors for r in said):
        return [_("{lead} “{meaning}”").format(lead=lead, meaning=said[0].meaning)]
    if len(said) == 1:
        return [_("{band} for {item}, {in_the_words_of}: “{meaning}”").format(
            band=said[0].band, item=said[0].item.name, in_the_words_of=attribution.in_the_words_of(instrument), meaning=said[0].meaning)]
    return [lead + "".join("\n" + _("{item}: “{meaning}”").format(item=r.item.name, meaning=r.meaning) for r in said)]


# --------------------------------------------------------------------------- checklists


def done_band(instrument: Instrument):
    """The band a checklist aims at (its last: Yes); every other answer leaves a check open."""
    return instrument.scale.bands[-1]


def open_checks(instrument: Instrument, doc: dict, perspective: Perspective) -> list[tuple[Item, int]]:
    """Checks answered with anything but the last band (No, Needs more work or time), in order."""
    out = []
    for item in instrument.items:
        score = A.answer(doc, perspective.id, item.id)["score"]
        if score is not None and not done_band(instrument).contains(score):
            out.append((item, score))
    return out


def checklist_lines(instrument: Instrument, doc: dict, perspective: Perspective) -> list[str]:
    """What is still open, stage by stage, lowest answer first within a stage."""
    answered = [i for i in instrument.items if A.answer(doc, perspective.id, i.id)["score"] is not None]
    if not answered:
        return [_("Nothing has been answered yet.")]
    still = open_checks(instrument, doc, perspective)
    lines = []
    if not still:
        lines.append(_("Every check answered is “{answer}”.").format(answer=done_band(instrument).name))
    for group in instrument.groups:
        here = [(item, score) for item, score in still if item.group == group]
        for band in instrument.scale.bands[:-1]:
            checks = [item.name for item, score in here if band.contains(score)]
            if checks:
                lines.append(f"{group + ': ' if group else ''}{band.name}: " + "; ".join(checks))
    unanswered = len(instrument.items) - len(answered)
    if unanswered:
        total = len(instrument.items)
        lines.append(n_("Not answered yet: {count} of {total} checks.", "Not answered yet: {count} of {total} checks.", total)
                     .format(count=unanswered, total=total))
    return lines


# --------------------------------------------------------------------------- surveys


def upper_side(instrument: Instrument, score: float) -> bool | None:
    """Which side of the scale's middle an answer is on (True: the upper, agreeing side; None: the middle)."""
    middle = (instrument.scale.min + instrument.scale.max) / 2
    return None if score == middle else score > middle


def reference_majority(instrument: Instrument, item: Item) -> bool | None:
    """The side most of the source's own group took on an item, or None (no reference, or even)."""
    tally = instrument.reference_tally
    counts = tally.counts.get(item.id) if tally else None
    if not counts:
        return None
    up = sum(n for band, n in zip(instrument.scale.bands, counts) if upper_side(instrument, band.min))
    down = sum(n for band, n in zip(instrument.scale.bands, counts) if upper_side(instrument, band.max) is False)
    return None if up == down else up > down


def survey_lines(instrument: Instrument, doc: dict, perspective: Perspective) -> list[str]:
    """The statements by answer, highest band first, and where the person's view differs from the
    reference group's majority."""
    scored = scored_items(instrument, doc, perspective)
    if not scored:
        return [_("Nothing has been answered yet.")]
    lines = []
    for band in reversed(instrument.scale.bands):
        rows = [s for s in scored if band.contains(s.score)]
        if rows:
            lines.append(f"{band.name}: " + "; ".join(s.item.name for s in rows))
    tally = instrument.reference_tally
    if tally:
        differ = [s.item.name for s in scored
                  if (side := reference_majority(instrument, s.item)) is not None and upper_side(instrument, s.score) not in (None, side)]
        if differ:
            lines.append(_("Where you see it differently from most of the {group}: {statements}")
                         .format(group=tally.label, statements="; ".join(differ)))
        else:
            lines.append(_("On every statement you answered, you are on the same side as most of the {group}.")
                         .format(group=tally.label))
    return lines
