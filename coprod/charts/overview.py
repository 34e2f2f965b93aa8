"""An overview's charts as Altair specs: the heatmap of teams × items (each cell in its band's colour
with the score written in it, so colour is never the only cue; or the change since the first round,
written with its sign), and the overview's median per item over the reviews. The teams are listed by
name, never in an order that ranks them."""

from __future__ import annotations

import altair as alt
import pandas as pd

from coprod.charts.specs import LABEL_COLOUR, TALLY_PALETTE, dark, wrap
from coprod.common.i18n import _
from coprod.library.model import Instrument
from coprod.overview.figures import Cell

CHANGE_COLOURS = {"up": "#0072B2", "same": "#e4eaf0", "down": "#A84300", "": "#ffffff"}
LATEST, FIRST, CHANGE = "latest", "first", "change"


def band_colours(instrument: Instrument) -> dict[str, str]:
    """The bands' colours, lowest band first, the same as the tally's (each takes its text at 4.5:1)."""
    bands = [b.name for b in reversed(instrument.scale.bands)]
    colours = dict(zip(bands, TALLY_PALETTE))
    return {b.name: colours[b.name] for b in instrument.scale.bands}


def cell_rows(instrument: Instrument, cells: list[Cell], mode: str) -> list[dict]:
    """The heatmap's data: each cell's text and colour (what is written on it says it all)."""
    colours = band_colours(instrument)
    rows = []
    for cell in cells:
        if mode == CHANGE:
            way = "" if cell.change is None else "up" if cell.change > 0 else "down" if cell.change < 0 else "same"
            text = "" if cell.change is None else ("0" if cell.change == 0 else f"{cell.change:+d}")
            fill = CHANGE_COLOURS[way]
            what = {"up": _("went up"), "down": _("went down"), "same": _("the same"), "": _("one round only")}[way]
        else:
            text = "" if cell.score is None else instrument.scale.label_for(cell.score)
            fill = colours.get(cell.band, "#ffffff")
            what = cell.band or _("not scored")
        rows.append({"team": cell.team, "item": wrap(cell.item.name, 16), "text": wrap(text, 10), "fill": fill,
                     "ink": "#ffffff" if dark(fill) else LABEL_COLOUR, "what": what})
    return rows


def heatmap(instrument: Instrument, cells: list[Cell], mode: str = LATEST) -> alt.LayerChart:
    """Teams down the side (by name), items across, a cell per team and item."""
    frame = pd.DataFrame(cell_rows(instrument, cells, mode), columns=["team", "item", "text", "fill", "ink", "what"])
    teams = list(dict.fromkeys(frame["team"]))
    items = [wrap(i.name, 16) for i in instrument.items]
    lines = max((name.count("\n") + 1 for name in items), default=1)
    # Above the cells, a wrapped name grows down from where it starts: start it high enough to end at the axis.
    x = alt.X("item:N", sort=items, title=None, axis=alt.Axis(orient="top", labelAngle=0, labelLimit=0, labelFontSize=11,
                                                                labelBaseline="top", labelLineHeight=13, labelPadding=13 * lines + 2,
                                                                labelExpr="split(datum.label, '\\n')"))
    y = alt.Y("team:N", sort=teams, title=None, axis=alt.Axis(labelLimit=240, labelFontSize=12))
    tooltip = [alt.Tooltip("team:N", title=_("Team")), alt.Tooltip("item:N", title=_("Item")), alt.Tooltip("what:N", title=_("Band"))]
    rects = alt.Chart(frame).mark_rect(stroke="white", strokeWidth=2).encode(
        x=x, y=y, color=alt.Color("fill:N", scale=None), tooltip=tooltip)
    text = alt.Chart(frame).mark_text(fontSize=12, fontWeight="bold", lineBreak="\n").encode(
        x=x, y=y, text="text:N", color=alt.Color("ink:N", scale=None), tooltip=tooltip)
    return alt.layer(rects, text).properties(width="container", height=34 * max(1, len(teams))).configure_view(stroke=None)


def legend_words(instrument: Instrument, mode: str) -> str:
    """What the colours mean, in words, for under the heatmap."""
    if mode == CHANGE:
        return _("Blue: went up since the team's first round; orange: went down; grey: the same; white: one round only.")
    names = ", ".join(f"{band.name} ({band.range_label})" for band in instrument.scale.bands)
    return _("Each cell is in its band's colour, darkest highest, with the score written in it. Bands, lowest first: {bands}.").format(
        bands=names)
