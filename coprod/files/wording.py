"""Words the PDF and the CSV share: a score as a person reads it, a date, an assessment's status,
and the mark of a checklist's or survey's answer."""

from __future__ import annotations

from datetime import date

from coprod.answers import assessment as A
from coprod.answers import plans
from coprod.common import i18n
from coprod.common.i18n import _
from coprod.library.model import Instrument


def score_text(instrument: Instrument, score: int | None) -> str:
    """A score as a person reads it: "Basic", "5 on the 1–9 scale · Making progress"."""
    if score is None:
        return _("Not {scored} yet").format(scored=instrument.words.scored)
    scale = instrument.scale
    label, band = scale.label_for(score), scale.band_for(score).name
    if label == str(score):
        label = _("{score} on the {low}–{high} scale").format(score=score, low=scale.min, high=scale.max)
    return label if label == band else f"{label} · {band}"


def long_date(iso: str) -> str:
    """An ISO date written out in the reader's language ("14 March 2026"); anything else as it is."""
    try:
        day = date.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso or "")
    return i18n.long_date(day)


def status_text(doc: dict) -> str:
    if doc.get("status") == A.FINISHED:
        return _("Finished on {date}").format(date=long_date(doc.get("finished_on", "")))
    return _("Draft: not finished yet")


def answer_mark(instrument: Instrument, score: int | None) -> str:
    """A checklist answer with a sign, so it reads without colour: ✓ Yes, ✗ No, … Needs more work."""
    if score is None:
        return "○ " + _("Not answered yet")
    band = instrument.scale.band_for(score)
    sign = "✓" if band == instrument.scale.bands[-1] else "✗" if band == instrument.scale.bands[0] else "…"
    return f"{sign} {instrument.scale.label_for(score)}"


def plan_status(status: str) -> str:
    """A plan row's status ("under way") in the reader's language; anything else as it is."""
    return _(status) if status in plans.STATUSES else status
