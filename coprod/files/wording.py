"""Words the PDF and the CSV share: a score as a person reads it, a date, an assessment's status,
and the mark of a checklist's or survey's answer."""

from __future__ import annotations

from datetime import date

from coprod.answers import assessment as A
from coprod.library.model import Instrument

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")



def score_text(instrument: Instrument, score: int | None) -> str:
    """A score as a person reads it: "Basic", "5 on the 1–9 scale · Making progress"."""
    if score is None:
        return f"Not {instrument.words.scored} yet"
    scale = instrument.scale
    label, band = scale.label_for(score), scale.band_for(score).name
    if label == str(score):
        label = f"{score} on the {scale.min}–{scale.max} scale"
    return label if label == band else f"{label} · {band}"


def long_date(iso: str) -> str:
    try:
        day = date.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso or "")
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def status_text(doc: dict) -> str:
    if doc.get("status") == A.FINISHED:
        return f"Finished on {long_date(doc.get('finished_on', ''))}"
    return "Draft: not finished yet"


def answer_mark(instrument: Instrument, score: int | None) -> str:
    """A checklist answer with a sign, so it reads without colour: ✓ Yes, ✗ No, … Needs more work."""
    if score is None:
        return "○ Not answered yet"
    band = instrument.scale.band_for(score)
    sign = "✓" if band == instrument.scale.bands[-1] else "✗" if band == instrument.scale.bands[0] else "…"
    return f"{sign} {instrument.scale.label_for(score)}"
