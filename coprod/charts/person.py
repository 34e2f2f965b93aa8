"""A person's chart: one radar shape per view they scored, or, for a survey, the source group's tally
with their answers marked; the same on the results page, in the PDF and in the PNG download."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coprod.answers import assessment as A
from coprod.charts import specs as charts
from coprod.library.model import Instrument

if TYPE_CHECKING:
    import altair as alt


def series_for(instrument: Instrument, doc: dict) -> list[charts.Series]:
    """One radar shape per chosen view, with its scores and examples."""
    out = []
    for p in A.chosen_perspectives(instrument, doc):
        answers = {item.id: A.answer(doc, p.id, item.id) for item in instrument.items}
        out.append(
            charts.Series(
                p.label,
                {item_id: a["score"] for item_id, a in answers.items()},
                {item_id: a["example"] for item_id, a in answers.items()},
            )
        )
    return out


def has_chart(instrument: Instrument) -> bool:
    """A checklist's results are the checklist itself, ticked; scales and surveys have a chart."""
    return instrument.kind != "checklist"


def chart_for(instrument: Instrument, doc: dict) -> alt.TopLevelMixin:
    """The assessment's chart, the same on the results page and in the PDF: a radar with one shape
    per chosen view, or, for a survey, the source group's tally with the person's answers marked."""
    series = series_for(instrument, doc)
    if instrument.kind == "survey":
        return charts.survey_chart(instrument, series[0].scores)
    return charts.radar_chart(instrument, series)
