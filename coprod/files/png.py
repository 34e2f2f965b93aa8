"""The chart as a picture (the "Chart (PNG)" download, and the team charts' pictures): drawn with
vl-convert, the last few kept, keyed by what they show, and forgotten with their document."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from coprod.charts.person import chart_for, series_for
from coprod.common import i18n
from coprod.common.memo import Memo
from coprod.library.model import Instrument

if TYPE_CHECKING:
    import altair as alt

_PNGS = Memo(32)  # forgotten when the assessment is deleted (coprod.common.memo)


def png_chart(instrument: Instrument, doc: dict) -> bytes:
    """The chart as a PNG (the "Chart (PNG)" download; the PDF draws its chart itself).

    Drawing takes a few tenths of a second, so the last few pictures are kept, keyed by what they
    show: the instrument's version, each view's label and scores (examples only feed tooltips), and
    the language of its words.
    """
    key = (
        i18n.language(),
        instrument.id,
        instrument.fingerprint,
        instrument.kind,
        tuple((s.label, tuple(s.scores.get(item.id) for item in instrument.items)) for s in series_for(instrument, doc)),
    )
    return cached_png(key, lambda: chart_for(instrument, doc), doc.get("token", ""))


def cached_png(key: tuple, chart: Callable[[], alt.TopLevelMixin], owner: str = "") -> bytes:
    """The PNG of `chart()`, drawn only when no picture is kept under `key` (what the chart shows,
    the language of its words included); `owner` is the document it is of."""
    return _PNGS.get(key, lambda: to_png(chart()), [owner])


def to_png(chart: alt.TopLevelMixin, scale: float = 2) -> bytes:
    """The chart as a PNG, without a browser (vl-convert)."""
    import vl_convert

    spec = chart.to_dict()
    fixed_width(spec, PNG_WIDTH)
    return vl_convert.vegalite_to_png(spec, scale=scale)


PNG_WIDTH = 720  # a chart as wide as its column on screen is this wide in a picture, which has no column


def fixed_width(spec: dict, width: int) -> None:
    """Give every part of `spec` as wide as its container (`width: "container"`) a width of its own."""
    if spec.get("width") == "container":
        spec["width"] = width
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for part in spec.get(key, []):
            fixed_width(part, width)
