"""Charts as Altair specs: the radar (star / spider) chart and the tally for agreement statements.

Vega-Lite has no polar line, so the radar's points are computed here: item i of n sits at angle
2πi/n clockwise from the top, a score at radius (score − min) / (max − min), so the lowest level is
the blank centre (nef: "not there yet = blank"). Rings sit at the band boundaries and carry the band
names. Shapes are told apart by colour (Okabe–Ito, safe for colour-blindness) and by dash and point
shape, never by colour alone.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass

import altair as alt
import pandas as pd

from coprod.common import i18n
from coprod.common.i18n import _
from coprod.library.model import Instrument

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"]
DASHES = [[1, 0], [7, 3], [2, 2], [9, 3, 2, 3], [4, 4], [12, 2], [1, 3], [6, 2, 2, 2]]
SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "circle", "square"]
# The bands of a tally, highest first (the source's order: Strongly agree … Strongly disagree).
TALLY_PALETTE = ["#1f5f8b", "#6fa8d6", "#e9b872", "#b35626", "#8c8c8c", "#333333"]  # each takes white or dark text at 4.5:1
RING_COLOUR, SPOKE_COLOUR, POINT_RING_COLOUR = "#9aa5b1", "#c5ccd3", "#d5dbe1"
LABEL_COLOUR, MUTED_COLOUR = "#1b1f23", "#52606d"
ITEM_WRAP = 14  # characters per line of an item's name beside the radar
STATEMENT_WRAP = 26  # characters per line of a statement beside a stacked bar (narrow enough to leave a phone room for the bar)
STATEMENT_WRAP_WIDE, WIDE_AT = 46, 640  # the same where the chart's column is at least WIDE_AT px wide (a laptop, a projector)
LABEL_AT = 1.08  # item names sit just outside the outer ring, on their spoke
# The plot is wider than tall, with the same pixels per unit both ways, so the radar stays round and
# the item labels sit inside the plot: nothing overflows, so nothing gets squeezed by a container.
HEIGHT = 380
WIDTH = 540
EXTENT = 1.3  # vertical room: the outer ring is at 1, the top and bottom labels reach about 1.29


@dataclass(frozen=True)
class Series:
    """One shape on the radar: a label and a score (and example) per item id."""

    label: str
    scores: dict[str, float | None]  # whole scores, or a group's medians
    examples: dict[str, str] | None = None


def radius(instrument: Instrument, score: float) -> float:
    scale = instrument.scale
    return (score - scale.min) / (scale.max - scale.min)


def angle(index: int, count: int) -> float:
    return 2 * math.pi * index / count


def shape_points(instrument: Instrument, scores: dict, describe=None, **fields: object) -> list[dict]:
    """The points of one closed shape: a row per scored item on its spoke at its radius (scores may
    be fractional, as medians are), the first repeated last to close it. `fields` go on every row;
    `describe(item, score)` may add columns of its own."""
    rows = []
    count = len(instrument.items)
    for index, item in enumerate(instrument.items):
        score = scores.get(item.id)
        if score is None:
            continue
        r, a = radius(instrument, score), angle(index, count)
        rows.append({**fields, "item": item.name, "order": index, "score": score,
                     **(describe(item, score) if describe else {}), "x": r * math.sin(a), "y": r * math.cos(a)})
    if len(rows) > 1:
        rows.append({**rows[0], "order": count})
    return rows


def radar_points(instrument: Instrument, series: list[Series]) -> pd.DataFrame:
    """One row per item and series (scored items only), each shape closed."""
    rows = []
    for s in series:
        def describe(item, score, s=s):
            whole = math.floor(score + 0.5)  # a median can fall half-way between two points
            label = instrument.scale.label_for(score) if score == whole else i18n.number(score)
            return {"score_label": label, "band": instrument.scale.band_for(whole).name,
                    "example": (s.examples or {}).get(item.id, "")}

        rows.extend(shape_points(instrument, s.scores, describe, series=s.label))
    columns = ["series", "item", "order", "score", "score_label", "band", "example", "x", "y"]
    return pd.DataFrame(rows, columns=columns)


def ring_radii(instrument: Instrument) -> list[tuple[float, str]]:
    """(radius, band name) of the outer edge of every band; the last is the outer ring. A lowest band
    that is the scale's lowest point alone is the centre itself and gets no ring (nef's key: "‘not
    there yet’ = blank", then the inner, middle and outer segment)."""
    scale = instrument.scale
    out = []
    for band in scale.bands:
        if band.min == band.max == scale.min:
            continue
        edge = band.max + 0.5 if band.max < scale.max else scale.max
        out.append((radius(instrument, edge), band.name))
    return out


def _rings(instrument: Instrument) -> pd.DataFrame:
    rows = []
    for ring, (r, name) in enumerate(ring_radii(instrument)):
        for step in range(73):
            a = 2 * math.pi * step / 72
            rows.append({"ring": ring, "band": name, "step": step, "x": r * math.sin(a), "y": r * math.cos(a)})
    return pd.DataFrame(rows)


def point_values(instrument: Instrument) -> list[int]:
    """The scale's points above the centre: each gets a faint ring where the instrument asks for them."""
    return list(instrument.scale.values)[1:]


def point_label_points(instrument: Instrument) -> list[dict]:
    """Where each point ring's number goes: just left of the top spoke, at the ring."""
    return [{"label": str(v), "x": -0.025, "y": radius(instrument, v)} for v in point_values(instrument)]


def _point_rings(instrument: Instrument) -> pd.DataFrame:
    """A faint ring through every point of the scale above the centre (Leeds: "mark an 'X' … on the
    line that matches your score e.g. 4"), and where its number goes: beside the top spoke."""
    rows = []
    for value in point_values(instrument):
        r = radius(instrument, value)
        for step in range(73):
            a = 2 * math.pi * step / 72
            rows.append({"ring": value, "step": step, "x": r * math.sin(a), "y": r * math.cos(a)})
    return pd.DataFrame(rows)


def _point_labels(instrument: Instrument) -> pd.DataFrame:
    return pd.DataFrame(point_label_points(instrument))


def ring_label_points(instrument: Instrument) -> list[dict]:
    """Each band's name in the middle of its ring, half-way between the first two spokes."""
    rows, inner = [], 0.0
    a = math.pi / len(instrument.items)
    for r, name in ring_radii(instrument):
        middle = (inner + r) / 2
        rows.append({"band": name, "x": middle * math.sin(a), "y": middle * math.cos(a)})
        inner = r
    return rows


def _ring_labels(instrument: Instrument) -> pd.DataFrame:
    return pd.DataFrame(ring_label_points(instrument))


def wrap(name: str, width: int = ITEM_WRAP) -> str:
    """An item name on lines of about `width` characters, so labels stay beside the chart."""
    lines: list[str] = []
    for word in name.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


def spokes(instrument: Instrument) -> list[dict]:
    """Per item: its spoke from the centre to the outer ring (x2, y2), and its wrapped name at (lx,
    ly), aligned away from the chart (left on the right-hand side, centred at the top and bottom)."""
    count = len(instrument.items)
    rows = []
    for index, item in enumerate(instrument.items):
        a = angle(index, count)
        rows.append(
            {
                "item": item.name,
                "label": wrap(item.name),
                "x": 0.0,
                "y": 0.0,
                "x2": math.sin(a),
                "y2": math.cos(a),
                "lx": LABEL_AT * math.sin(a),
                "ly": LABEL_AT * math.cos(a),
                "align": "center" if abs(math.sin(a)) < 0.2 else ("left" if math.sin(a) > 0 else "right"),
            }
        )
    return rows


def _spokes(instrument: Instrument) -> pd.DataFrame:
    return pd.DataFrame(spokes(instrument))




def x(field: str = "x") -> alt.X:
    """The radar's horizontal position: wider than tall, with as many pixels per unit as `y`."""
    wide = EXTENT * WIDTH / HEIGHT
    return alt.X(f"{field}:Q", scale=alt.Scale(domain=[-wide, wide]), axis=None)


def y(field: str = "y") -> alt.Y:
    return alt.Y(f"{field}:Q", scale=alt.Scale(domain=[-EXTENT, EXTENT]), axis=None)


def background(instrument: Instrument) -> list[alt.Chart]:
    """The rings at the band boundaries, the spokes, and the band and item labels."""
    rings = alt.Chart(_rings(instrument)).mark_line(color=RING_COLOUR, strokeWidth=1).encode(
        x=x(), y=y(), detail="ring:N", order="step:Q"
    )
    spokes_data = _spokes(instrument)
    spoke_rules = alt.Chart(spokes_data).mark_rule(color=SPOKE_COLOUR).encode(x=x(), y=y(), x2="x2:Q", y2="y2:Q")
    item_labels = alt.layer(
        *[
            alt.Chart(spokes_data[spokes_data["align"] == align])
            .mark_text(align=align, fontSize=12, fontWeight="bold", color=LABEL_COLOUR, lineBreak="\n")
            .encode(x=x("lx"), y=y("ly"), text="label:N")
            for align in ("left", "right", "center")
            if (spokes_data["align"] == align).any()
        ]
    )
    ring_labels = alt.Chart(_ring_labels(instrument)).mark_text(fontSize=10, fontStyle="italic", color=MUTED_COLOUR).encode(
        x=x(), y=y(), text="band:N"
    )
    if not instrument.chart.point_rings:
        return [rings, spoke_rules, ring_labels, item_labels]
    points = alt.Chart(_point_rings(instrument)).mark_line(color=POINT_RING_COLOUR, strokeWidth=0.7, strokeDash=[2, 3]).encode(
        x=x(), y=y(), detail="ring:N", order="step:Q"
    )
    numbers = alt.Chart(_point_labels(instrument)).mark_text(fontSize=9, color=MUTED_COLOUR, align="right", baseline="middle").encode(
        x=x(), y=y(), text="label:N"
    )
    return [points, rings, spoke_rules, ring_labels, numbers, item_labels]


def radar(instrument: Instrument, *shapes: alt.Chart) -> alt.LayerChart:
    """The shapes on the radar's background, at the radar's size."""
    # "pad": the legend adds to the chart's size. Drawn at its content size, a chart is otherwise fitted into
    # its width and height, legend included, and the legend's room came out of the plot's height: an ellipse.
    return (alt.layer(*background(instrument), *shapes).properties(width=WIDTH, height=HEIGHT, autosize=alt.AutoSizeParams(type="pad"))
            .configure_view(stroke=None))


def radar_chart(instrument: Instrument, series: list[Series], title: str = "") -> alt.LayerChart:
    labels = [s.label for s in series]
    legend = (alt.Legend(orient="bottom", direction="vertical", symbolStrokeWidth=3, symbolSize=120, labelLimit=0)  # whole labels
              if len(labels) > 1 else None)
    colour = alt.Color("series:N", title=None, scale=alt.Scale(domain=labels, range=PALETTE[: len(labels)]), legend=legend)
    dash = alt.StrokeDash("series:N", title=None, scale=alt.Scale(domain=labels, range=DASHES[: len(labels)]), legend=legend)
    shape = alt.Shape("series:N", title=None, scale=alt.Scale(domain=labels, range=SHAPES[: len(labels)]), legend=legend)

    points = radar_points(instrument, series)
    tooltip = [
        alt.Tooltip("series:N", title=_("View")),
        alt.Tooltip("item:N", title=_("Item")),
        alt.Tooltip("score_label:N", title=_("Score")),
        alt.Tooltip("band:N", title=_("Band")),
        alt.Tooltip("example:N", title=_("Example")),
    ]
    shapes = alt.Chart(points).mark_line(point=alt.OverlayMarkDef(filled=True, size=70), strokeWidth=2.5).encode(
        x=x(), y=y(), order="order:Q", color=colour, strokeDash=dash, shape=shape, detail="series:N", tooltip=tooltip
    )
    chart = radar(instrument, shapes)
    return chart.properties(title=title) if title else chart


def tally_frame(instrument: Instrument, answers: list[dict[str, int | None]]) -> pd.DataFrame:
    """Counts of each band per item over several people's answers (item id -> score)."""
    rows = []
    for item in instrument.items:
        for band in instrument.scale.bands:
            count = sum(1 for a in answers if a.get(item.id) is not None and band.contains(a[item.id]))
            rows.append({"item": item.name, "group": item.group, "band": band.name, "count": count})
    return pd.DataFrame(rows, columns=["item", "group", "band", "count"])


def tally_chart(instrument: Instrument, answers: list[dict[str, int | None]]) -> alt.LayerChart:
    """A stacked bar per item: how many answers fall in each band, highest band first, as wide as
    its column (on a laptop or a projector), each statement in full on wrapped lines, and every
    answer named in the legend."""
    frame = tally_frame(instrument, answers)
    bands = [b.name for b in reversed(instrument.scale.bands)]
    rows = []
    for item in instrument.items:
        start = 0
        counts = dict(zip(frame[frame["item"] == item.name]["band"], frame[frame["item"] == item.name]["count"]))
        for order, band in enumerate(bands):
            n = int(counts.get(band, 0))
            rows.append({"item": item.name, "band": band, "count": n, "start": start, "end": start + n, "band_order": order})
            start += n
    data = pd.DataFrame(rows, columns=["item", "band", "count", "start", "end", "band_order"])
    return alt.layer(*_stacked_bars(instrument, data[data["count"] > 0], _("Answers"))).properties(
        width="container", height=_bars_height(instrument))


def band_marks(instrument: Instrument) -> dict[str, str]:
    """A short mark per answer, the initials of its first two words ("Strongly agree": SA, "Yes": Y),
    written on the bars' segments and in the legend so that colour is not the only cue; none when
    two answers would share a mark."""
    marks = {b.name: "".join(word[0] for word in re.findall(r"[^\W\d_]+", b.name)[:2]).upper() for b in instrument.scale.bands}
    return marks if len(set(marks.values())) == len(marks) and all(marks.values()) else {}


def segment_labels(instrument: Instrument, rows: pd.DataFrame, end: float) -> list[str]:
    """What is written on each segment (rows: band, count): its answer's mark and its count, where
    the segment is wide enough for them (an eighth of the axis, `end`, or more)."""
    marks = band_marks(instrument)
    return [f"{marks.get(band, '')} {count}".strip() if count and end and count / end >= 0.125 else ""
            for band, count in zip(rows["band"], rows["count"])]


def _stacked_bars(instrument: Instrument, rows: pd.DataFrame, axis_title: str) -> tuple[alt.Chart, alt.Chart]:
    """Stacked bars (rows: item, band, count, start, end), to be drawn as wide as their column: the
    statements wrapped beside their bars, each segment's answer and count written on it, and the
    whole legend, one entry per answer, above them: (the bars, what is written on them), to layer."""
    bands = [b.name for b in reversed(instrument.scale.bands)]
    y = alt.Y("item:N", sort=[i.name for i in instrument.items], title=None, scale=alt.Scale(paddingInner=0.3),
              axis=alt.Axis(labelLimit=0, labelFontSize=12,
                            # A narrow column keeps the phone's wrap; a wide one gives the statements room to read.
                            labelExpr=f"(containerSize()[0] >= {WIDE_AT} ? {_wrapped(instrument, STATEMENT_WRAP_WIDE)} : {_wrapped(instrument)})[datum.label]",
                            labelLineHeight=15, labelPadding=6))
    marks = band_marks(instrument)
    named = json.dumps({band: f"{marks[band]}: {band}" if band in marks else band for band in bands})
    legend = alt.Legend(orient="top", title=None, direction="horizontal", labelLimit=0, symbolLimit=0, labelFontSize=12,
                        symbolType="square", symbolSize=160, labelExpr=f"{named}[datum.label]", columns=1)
    palette = dict(zip(bands, TALLY_PALETTE))
    rows = rows.assign(label=segment_labels(instrument, rows, float(rows["end"].max()) if len(rows) else 0.0),
                       ink=[("#ffffff" if dark(palette[band]) else LABEL_COLOUR) for band in rows["band"]],
                       middle=(rows["start"] + rows["end"]) / 2)
    bars = alt.Chart(rows).mark_bar(stroke="white", strokeWidth=1).encode(
        y=y,
        x=alt.X("start:Q", title=wrap(axis_title, STATEMENT_WRAP).split("\n"),  # a long title would squeeze the bars on a phone
                axis=alt.Axis(tickMinStep=1, format="d", labelFontSize=11, titleFontSize=12)),
        x2="end:Q",
        color=alt.Color("band:N", sort=bands, scale=alt.Scale(domain=bands, range=TALLY_PALETTE[: len(bands)]), legend=legend),
        tooltip=[alt.Tooltip("item:N", title=_("Statement")), alt.Tooltip("band:N", title=_("Answer")),
                 alt.Tooltip("count:Q", title=_("People"))],
    )
    written = alt.Chart(rows).mark_text(fontSize=10.5, fontWeight="bold").encode(
        y=y, x="middle:Q", text="label:N", color=alt.Color("ink:N", scale=None))
    return bars, written


def dark(colour: str) -> bool:
    """Whether white text has more contrast on `colour` than the charts' dark text (LABEL_COLOUR)."""
    return contrast("#ffffff", colour) > contrast(LABEL_COLOUR, colour)


def contrast(one: str, other: str) -> float:
    """WCAG's contrast ratio of two colours (#rrggbb)."""
    def luminance(colour: str) -> float:
        channels = [int(colour[n:n + 2], 16) / 255 for n in (1, 3, 5)]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _bars_height(instrument: Instrument) -> int:
    """A row per statement with room for the longest one's wrapped lines (16 px each) and a gap."""
    return (16 * max(_wrapped_lines(instrument).values(), default=1) + 16) * len(instrument.items)


def survey_rows(instrument: Instrument, scores: dict[str, int | None]) -> tuple[list[dict], list[dict]]:
    """The survey chart's data: a segment per statement and answer of the source group's tally
    (item, band, count, start, end, band_order; highest band first, as the source's table), and a
    mark (item, at, answer) in the middle of the segment of the answer the person gave."""
    tally = instrument.reference_tally
    bands = list(reversed(instrument.scale.bands))  # highest first, as the source's table
    rows, marks = [], []
    for item in instrument.items:
        counts = dict(zip([b.id for b in instrument.scale.bands], tally.counts.get(item.id, ()))) if tally else {}
        start = 0
        for order, band in enumerate(bands):
            n = counts.get(band.id, 0)
            rows.append({"item": item.name, "band": band.name, "count": n, "start": start, "end": start + n, "band_order": order})
            score = scores.get(item.id)
            if score is not None and band.contains(score):
                marks.append({"item": item.name, "at": start + n / 2, "answer": _("You: {answer}").format(answer=band.name)})
            start += n
    return rows, marks


def survey_chart(instrument: Instrument, scores: dict[str, int | None]) -> alt.LayerChart:
    """The source group's answers per statement as stacked bars (counts), with a diamond on the
    segment of the answer the person gave: the group is there for reference, clearly labelled."""
    rows, marks = survey_rows(instrument, scores)
    bars, written = _stacked_bars(instrument, pd.DataFrame(rows), people_axis(instrument))
    row = _bars_height(instrument) / max(1, len(instrument.items))
    you = alt.Chart(pd.DataFrame(marks, columns=["item", "at", "answer"])).mark_point(
        shape="diamond", size=140, filled=True, color="#000000", stroke="white", strokeWidth=1.5,
        yOffset=-round(row * 0.62 / 2),  # on the bar's top edge, clear of the answer and count written on it (as in the PDF)
    ).encode(y=alt.Y("item:N", sort=[i.name for i in instrument.items]), x="at:Q",
             tooltip=[alt.Tooltip("answer:N", title=_("Your answer"))])
    return alt.layer(bars, written, you).properties(width="container", height=_bars_height(instrument))


def people_axis(instrument: Instrument) -> str:
    """The survey chart's axis title: whose answers the bars count."""
    tally = instrument.reference_tally
    return _("People at the {group}").format(group=tally.label) if tally else _("People")


def _wrapped_lines(instrument: Instrument) -> dict[str, int]:
    return {item.name: wrap(item.name, STATEMENT_WRAP).count("\n") + 1 for item in instrument.items}


def _wrapped(instrument: Instrument, width: int = STATEMENT_WRAP) -> str:
    """A Vega expression mapping each statement to its lines of about `width` characters."""
    return json.dumps({item.name: wrap(item.name, width).split("\n") for item in instrument.items})


def fills_column(spec: dict) -> bool:
    """Whether a chart is drawn as wide as its column (its own width is "container")."""
    return spec.get("width") == "container" or any(fills_column(p) for p in spec.get("layer", []))


def _point_names(instrument: Instrument) -> dict:
    """An axis's numbers named by the scale's points ("Strongly agree"), where the points have names."""
    if not instrument.scale.is_named:
        return {}
    cases = " : ".join(f"datum.value == {p.value} ? {json.dumps(p.label)}" for p in instrument.scale.points)
    return {"labelExpr": f"{cases} : ''"}


def rounds_chart(instrument: Instrument, rows: list[dict]) -> alt.Chart:
    """Each item's score over the review rounds: one small line per item (rows: item, round, score)."""
    frame = pd.DataFrame(rows, columns=["item", "round", "score"])
    return (
        alt.Chart(frame.dropna(subset=["score"]))
        .mark_line(point=True, strokeWidth=2)
        .encode(
            x=alt.X("round:O", title=_("Round")),
            y=alt.Y("score:Q", title=instrument.words.score.capitalize(), scale=alt.Scale(domain=[instrument.scale.min, instrument.scale.max]),
                    axis=alt.Axis(tickMinStep=1, format="d", **_point_names(instrument))),
            facet=alt.Facet("item:N", columns=3, title=None, sort=[i.name for i in instrument.items]),
            # Titled as the fields are named (a tooltip's default), in the reader's language.
            tooltip=[alt.Tooltip("item:N", title=_("item")), alt.Tooltip("round:O", title=_("round")),
                     alt.Tooltip("score:Q", title=_("score"))],
        )
        .properties(width=150, height=90)
    )
