"""The PDFs' charts, drawn with fpdf2's own lines, shapes and text: one geometry, two renderers.

The on-screen charts (coprod.charts, coprod.team_charts) are Vega-Lite specs; the PDFs draw the
same charts from the same geometry — the radar's radii, angles, rings, spokes, wrapped labels and
shapes, the tally's segments, the spread's counts, bands and ticks, the same palette, dashes and
point shapes — as vector shapes on the page. Nothing is rasterised, so a chart costs a few
milliseconds, stays sharp at any zoom and prints cleanly.

Every text goes through the report writer's filter (`reports._Writer.text`), so any Unicode prints
and a character no font has becomes □, as everywhere else in the PDF. No chart tells things apart
by colour alone: shapes differ in dash and point shape as on screen, the spread's flagged items
say "talk about this", and each bar segment carries its count.

Each public function draws one chart across the writer's text width at the current position,
moving to a new page first when the chart does not fit on this one, and leaves the position below
the chart. Sizes are in mm; an on-screen pixel is `PX` mm on paper unless a chart scales its own.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coprod import charts, disclosure, team_charts, teams
from coprod.instruments import Instrument

if TYPE_CHECKING:  # the writer lives in coprod.reports, which imports this module
    from coprod.reports import _Writer

PX = 0.3  # mm per on-screen pixel, for dashes and marks drawn at the on-screen size
PT = 25.4 / 72  # mm per point
WHITE = "#ffffff"
RADIUS = 42.0  # mm: the radar's outer ring


def rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


# --------------------------------------------------------------------------- drawing primitives


@contextmanager
def _drawing(w: _Writer) -> Iterator[None]:
    """Draw a chart: no automatic page break inside it (the caller made room), text boxes without
    padding, and the document's colours and line settings as they were afterwards."""
    pdf = w.pdf
    auto, margin, padding = pdf.auto_page_break, pdf.b_margin, pdf.c_margin
    pdf.set_auto_page_break(False)
    pdf.c_margin = 0
    try:
        with pdf.local_context():
            yield
    finally:
        pdf.c_margin = padding
        pdf.set_auto_page_break(auto, margin)


def _width(w: _Writer, text: str, size: float, bold: bool = False) -> float:
    """How wide one line of filtered text is, in mm."""
    from coprod import reports

    if reports._SHAPED.search(text):  # shaped letters: measured as shaped
        w.font(size, bold)
        w.pdf.text_shaping = w.pdf.shaping
        width = w.pdf.get_string_width(text)
        w.pdf.text_shaping = None
        return width
    return reports.WIDTHS.units(text, bold) * size * PT / 1000


def _label(w: _Writer, x: float, y: float, text: str, size: float, *, bold: bool = False,
           colour: str = charts.LABEL_COLOUR, align: str = "L", valign: str = "M", line: float = 1.18) -> float:
    """One or more lines of text (split at new lines) placed at (x, y): align L / C / R says which
    end (or the middle) of each line is at x, valign T / M / B which edge (or the middle) of the
    block is at y. Returns the widest line's width."""
    from coprod import reports

    lines = [w.text(part) for part in str(text).split("\n")]
    w.font(size, bold, rgb(colour))
    cmap = reports.COVERAGE.style(bold)
    height = size * PT * line
    top = y - {"T": 0.0, "M": 0.5, "B": 1.0}[valign] * height * len(lines)
    widest = 0.0
    for n, part in enumerate(lines):
        if not part:
            continue
        width = _width(w, part, size, bold)
        widest = max(widest, width)
        left = x if align == "L" else x - width / 2 if align == "C" else x - width
        mark = reports._direction(part) if reports._SHAPED.search(part) else ""
        w.draw_line(part, left, top + n * height, height, size, cmap, mark)
    return widest


def _text_width(w: _Writer, text: str, size: float, bold: bool = False) -> float:
    return max((_width(w, w.text(part), size, bold) for part in str(text).split("\n")), default=0.0)


def _fit(w: _Writer, height: float) -> None:
    """Start a new page unless `height` mm fit on this one; a chart taller than a page starts here
    if a good part of the page is left, and goes on over the next pages."""
    pdf = w.pdf
    left = pdf.page_break_trigger - pdf.get_y()
    if height <= left:
        return
    if height <= pdf.page_break_trigger - pdf.t_margin or left < 60:
        pdf.add_page()


def _start(w: _Writer, height: float, heading: str = "", level: int = 1, intro: str = "") -> None:
    """Make room for a chart `height` mm tall with its heading and a line or two of introduction
    above it, so that a heading never ends a page without its chart; then write those."""
    from coprod import reports

    extra = (15.0 if level == 1 else 10.0) if heading else 0.0
    if intro:
        extra += w.estimate(intro, w.width, 9, 4.5) + 1
    _fit(w, height + extra)
    if heading:
        w.heading(heading, level, keep=0)
    if intro:
        w.paragraph(intro, 9, colour=reports.MUTED, line=4.5)
        w.gap(1)


def _dash_runs(points: Sequence[tuple[float, float]], pattern: Sequence[float]) -> list[list[tuple[float, float]]]:
    """The pieces of a polyline drawn with a dash pattern (lengths in mm: on, off, on, off …), so
    that any on-screen pattern prints as it looks, dash-dot ones included."""
    if not pattern or len(pattern) < 2 or not any(pattern[1::2]):
        return [list(points)]
    runs: list[list[tuple[float, float]]] = []
    index, left, on = 0, pattern[0], True
    current: list[tuple[float, float]] = [points[0]]
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        length = math.hypot(x2 - x1, y2 - y1)
        done = 0.0
        while length - done > left:
            done += left
            at = (x1 + (x2 - x1) * done / length, y1 + (y2 - y1) * done / length)
            if on:
                current.append(at)
                runs.append(current)
            current = [at]
            on = not on
            index = (index + 1) % len(pattern)
            left = pattern[index]
        left -= length - done
        current.append((x2, y2))
    if on and len(current) > 1:
        runs.append(current)
    return runs


def _stroke(w: _Writer, points: Sequence[tuple[float, float]], colour: str, width: float,
            dash: Sequence[float] = (), closed: bool = False) -> None:
    """A line through the points (closed back to the first when asked), solid or dashed."""
    if len(points) < 2:
        return
    pdf = w.pdf
    pdf.set_draw_color(*rgb(colour))
    pdf.set_line_width(width)
    points = list(points) + ([points[0]] if closed and points[0] != points[-1] else [])
    runs = _dash_runs(points, [d * PX for d in dash])
    if len(runs) == 1 and runs[0] == points:
        if closed:
            pdf.polygon(points[:-1], style="D")
        else:
            pdf.polyline(points, style="D")
        return
    for run in runs:
        if len(run) > 1:
            pdf.polyline(run, style="D")


def _marker(w: _Writer, shape: str, x: float, y: float, size: float, fill: str, stroke: str | None = None,
            stroke_width: float = 0.25) -> None:
    """A point mark as on screen (Vega's symbol shapes), `size` mm across, centred on (x, y)."""
    pdf = w.pdf
    pdf.set_fill_color(*rgb(fill))
    style = "F"
    if stroke:
        pdf.set_draw_color(*rgb(stroke))
        pdf.set_line_width(stroke_width)
        style = "DF"
    h = size / 2
    if shape == "circle":
        pdf.circle(x, y, h, style=style)
        return
    if shape == "square":
        h *= 0.89  # the same area as the circle
        points = [(x - h, y - h), (x + h, y - h), (x + h, y + h), (x - h, y + h)]
    elif shape == "diamond":
        h *= 1.2
        points = [(x, y - h), (x + h, y), (x, y + h), (x - h, y)]
    elif shape in ("triangle-up", "triangle-down"):
        h *= 1.2
        s = -1 if shape == "triangle-up" else 1
        points = [(x, y + s * h), (x + h * 0.95, y - s * h * 0.7), (x - h * 0.95, y - s * h * 0.7)]
    elif shape == "cross":
        a, b = h * 1.05, h * 0.36
        points = [(x - b, y - a), (x + b, y - a), (x + b, y - b), (x + a, y - b), (x + a, y + b), (x + b, y + b),
                  (x + b, y + a), (x - b, y + a), (x - b, y + b), (x - a, y + b), (x - a, y - b), (x - b, y - b)]
    else:
        pdf.circle(x, y, h, style=style)
        return
    pdf.polygon(points, style=style)


# --------------------------------------------------------------------------- legends


@dataclass(frozen=True)
class _Key:
    """One legend entry: a line sample (when width > 0), a mark (when shape), or a swatch."""

    label: str
    colour: str
    width: float = 0.0
    dash: tuple[float, ...] = ()
    shape: str = ""
    mark_size: float = 2.2
    fill: str = ""  # the mark's fill when it differs from its colour (a hollow circle: white)
    swatch: bool = False


LEGEND_SIZE = 8.0


def _key_width(w: _Writer, key: _Key) -> float:
    return (9.0 if key.width else 4.0) + 1.5 + _text_width(w, key.label, LEGEND_SIZE)


def _legend_rows(w: _Writer, keys: list[_Key], width: float, title: str = "") -> list[list[_Key]]:
    rows: list[list[_Key]] = [[]]
    used = _text_width(w, title, LEGEND_SIZE, True) + 3 if title else 0.0
    for key in keys:
        need = _key_width(w, key) + 6
        if rows[-1] and used + need > width:
            rows.append([])
            used = 0.0
        rows[-1].append(key)
        used += need
    return rows


def _legend_height(w: _Writer, keys: list[_Key], width: float, title: str = "") -> float:
    return 5.0 * len(_legend_rows(w, keys, width, title)) + 1 if keys else 0.0


def _legend(w: _Writer, keys: list[_Key], left: float, top: float, width: float, title: str = "") -> None:
    """The keys in rows, centred under the chart; the title, if any, in bold before the first."""
    if not keys:
        return
    for n, row in enumerate(_legend_rows(w, keys, width, title)):
        widths = [_key_width(w, key) for key in row]
        heading = _text_width(w, title, LEGEND_SIZE, True) + 3 if title and n == 0 else 0.0
        total = heading + sum(widths) + 6 * (len(row) - 1)
        x = left + (width - total) / 2
        y = top + 2.5 + 5.0 * n
        if heading:
            _label(w, x, y, title, LEGEND_SIZE, bold=True)
            x += heading
        for key, key_width in zip(row, widths):
            if key.swatch:
                w.pdf.set_fill_color(*rgb(key.colour))
                w.pdf.rect(x, y - 1.6, 4.0, 3.2, style="F")
                sample = 4.0
            elif key.width:
                _stroke(w, [(x, y), (x + 9, y)], key.colour, key.width, key.dash)
                if key.shape:
                    _marker(w, key.shape, x + 4.5, y, key.mark_size, key.fill or key.colour,
                            key.colour if key.fill else None)
                sample = 9.0
            else:
                _marker(w, key.shape or "circle", x + 2, y, key.mark_size, key.fill or key.colour,
                        key.colour if key.fill else (WHITE if key.shape == "diamond" else None), 0.3)
                sample = 4.0
            _label(w, x + sample + 1.5, y, key.label, LEGEND_SIZE, colour=charts.LABEL_COLOUR)
            x += key_width + 6


# --------------------------------------------------------------------------- radars


@dataclass(frozen=True)
class _Shape:
    """One shape on a radar: its closed outline in chart units (x right, y up; the outer ring at 1)."""

    points: tuple[tuple[float, float], ...]
    colour: str
    width: float  # mm
    dash: tuple[float, ...] = ()
    shape: str = ""  # point mark at every item, if any
    mark_size: float = 2.3


ITEM_SIZE = 8.5  # pt: item names round the radar
BAND_SIZE = 7.0
NUMBER_SIZE = 6.5


def _radar_points(instrument: Instrument, scores: dict) -> tuple[tuple[float, float], ...]:
    return tuple((row["x"], row["y"]) for row in charts.shape_points(instrument, scores))


def _label_block(w: _Writer, spoke: dict) -> tuple[str, str, float]:
    """(align, valign, height) of an item's name beside its spoke: names at the top sit above the
    ring, at the bottom below it, at the sides centred on the spoke's end."""
    lines = spoke["label"].count("\n") + 1
    height = lines * ITEM_SIZE * PT * 1.18
    align = {"left": "L", "right": "R", "center": "C"}[spoke["align"]]
    valign = "M" if align != "C" else ("B" if spoke["ly"] > 0 else "T")
    return align, valign, height


def _radar(w: _Writer, instrument: Instrument, shapes: list[_Shape], keys: list[_Key], legend_title: str = "",
           under_shapes: list[_Shape] | None = None, **start) -> None:
    """The radar's rings at the band edges (with the band names), the faint point rings where the
    instrument asks for them, the spokes with the items' names, the shapes, and the legend."""
    pdf = w.pdf
    r = RADIUS
    spokes = charts.spokes(instrument)
    blocks = [_label_block(w, s) for s in spokes]
    above, below = r, r
    for spoke, (align, valign, height) in zip(spokes, blocks):
        y = spoke["ly"] * r
        top = y + {"B": height, "M": height / 2, "T": 0.0}[valign]
        bottom = -y + {"T": height, "M": height / 2, "B": 0.0}[valign]
        above, below = max(above, top), max(below, bottom)
    legend = _legend_height(w, keys, w.width, legend_title)
    height = above + below + 3 + (legend + 2 if legend else 0)
    _start(w, height, **start)
    top = pdf.get_y()
    cx, cy = w.left + w.width / 2, top + above + 1

    def at(x: float, y: float) -> tuple[float, float]:
        return cx + x * r, cy - y * r

    with _drawing(w):
        if instrument.chart.point_rings:
            pdf.set_draw_color(*rgb(charts.POINT_RING_COLOUR))
            pdf.set_line_width(0.7 * PX)
            pdf.set_dash_pattern(2 * PX, 3 * PX)
            for value in charts.point_values(instrument):
                pdf.circle(cx, cy, charts.radius(instrument, value) * r)
            pdf.set_dash_pattern()
        pdf.set_draw_color(*rgb(charts.RING_COLOUR))
        pdf.set_line_width(0.3)
        for ring, _ in charts.ring_radii(instrument):
            pdf.circle(cx, cy, ring * r)
        pdf.set_draw_color(*rgb(charts.SPOKE_COLOUR))
        pdf.set_line_width(0.25)
        for spoke in spokes:
            pdf.line(cx, cy, *at(spoke["x2"], spoke["y2"]))
        for ring in charts.ring_label_points(instrument):
            # Centred where the screen centres it, but never across the top spoke, where the point
            # rings' numbers are; on a white ground, so that rings and spokes do not cross it.
            x, y = at(ring["x"], ring["y"])
            width = _text_width(w, ring["band"], BAND_SIZE)
            left = max(x - width / 2, cx + 0.8)
            tall = BAND_SIZE * PT * 1.18
            with pdf.local_context(fill_opacity=0.8):
                pdf.set_fill_color(255, 255, 255)
                pdf.rect(left - 0.4, y - tall / 2, width + 0.8, tall, style="F")
            _label(w, left, y, ring["band"], BAND_SIZE, colour=charts.MUTED_COLOUR)
        if instrument.chart.point_rings:
            for number in charts.point_label_points(instrument):
                _label(w, *at(number["x"], number["y"]), number["label"], NUMBER_SIZE, colour=charts.MUTED_COLOUR,
                       align="R")
        for group in (under_shapes or [], shapes):
            for shape in group:
                outline = [at(x, y) for x, y in shape.points]
                _stroke(w, outline, shape.colour, shape.width, shape.dash, closed=len(outline) > 2)
                if shape.shape:
                    for x, y in outline[:-1] if len(outline) > 1 else outline:
                        _marker(w, shape.shape, x, y, shape.mark_size, shape.colour)
        for spoke, (align, valign, _) in zip(spokes, blocks):
            x, y = at(spoke["lx"], spoke["ly"])
            x += {"L": 0.6, "R": -0.6, "C": 0.0}[align]
            _label(w, x, y, spoke["label"], ITEM_SIZE, bold=True, align=align, valign=valign)
        if keys:
            _legend(w, keys, w.left, cy + below + 2, w.width, legend_title)
    pdf.set_xy(w.left, top + height)


def _series_shapes(instrument: Instrument, series: list[charts.Series]) -> tuple[list[_Shape], list[_Key]]:
    shapes, keys = [], []
    for n, s in enumerate(series):
        colour, dash, shape = (charts.PALETTE[n % len(charts.PALETTE)], tuple(charts.DASHES[n % len(charts.DASHES)]),
                               charts.SHAPES[n % len(charts.SHAPES)])
        shapes.append(_Shape(_radar_points(instrument, s.scores), colour, 0.6, dash, shape))
        keys.append(_Key(s.label, colour, 0.6, dash, shape))
    return shapes, keys


def radar(w: _Writer, instrument: Instrument, series: list[charts.Series], **start) -> None:
    """The individual radar: one shape per view, told apart by colour, dash and point shape, with a
    legend when there are several. `start` may give a heading (and level) and an introduction to
    keep on the chart's page."""
    shapes, keys = _series_shapes(instrument, series)
    _radar(w, instrument, shapes, keys if len(series) > 1 else [], **start)


def team_radar(w: _Writer, instrument: Instrument, shown: disclosure.Shown, **start) -> None:
    """Every person's shape as a thin light line, the group median as a thick dark one on top."""
    people = [_Shape(_radar_points(instrument, a.scores), team_charts.PERSON, 0.3) for a in shown.answers]
    median = _Shape(_radar_points(instrument, team_charts.medians(instrument, shown)), team_charts.MEDIAN, 1.0,
                    shape="circle", mark_size=2.4)
    keys = [_Key("Each person", team_charts.PERSON, 0.5), _Key("Group median", team_charts.MEDIAN, 1.0, shape="circle")]
    _radar(w, instrument, [median], keys, under_shapes=people, **start)


def role_radar(w: _Writer, instrument: Instrument, groups: list[teams.Group], **start) -> None:
    """One shape per shown role group (its medians), told apart by colour, dash and point shape."""
    shown = [g for g in groups if g.shown]
    series = [charts.Series(f"{g.role} ({g.n})", g.medians) for g in shown]
    shapes, keys = _series_shapes(instrument, series)
    _radar(w, instrument, shapes, keys, legend_title="Role group (people)", **start)


# --------------------------------------------------------------------------- charts in rows


@dataclass
class _Rows:
    """A chart of one row per item: names on the left, a plot across, an optional column on the
    right, a score axis below; rows that do not fit on a page go on to the next, axis repeated."""

    labels: list[str]  # wrapped names, one per row
    plot_width: float
    right: float = 0.0  # mm for the column right of the plot
    label_size: float = 8.0
    min_row: float = 9.0
    header: float = 0.0  # mm above the rows (band names)

    def height(self, w: _Writer) -> float:
        return self.header + sum(self.layout(w)[2])

    def layout(self, w: _Writer) -> tuple[float, float, list[float]]:
        """(label column width, plot's left edge, row heights)."""
        label_width = max((_text_width(w, label, self.label_size) for label in self.labels), default=0.0) + 3
        label_width = min(label_width, w.width - self.plot_width - self.right)
        line = self.label_size * PT * 1.18
        heights = [max(self.min_row, line * (label.count("\n") + 1) + 3) for label in self.labels]
        return label_width, w.left + label_width, heights


def _nice_step(top: float) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if top / step <= 10:
            return step
    return int(10 ** math.ceil(math.log10(max(top, 1)) - 1))


def _draw_rows(w: _Writer, rows: _Rows, *, above: float, below: float,
               draw_header, draw_row, draw_axis) -> None:
    """Lay `rows` out over as many pages as they need: `draw_header(top, bottom)` for the band
    shading and names above each part, `draw_row(n, top, height)` per row, `draw_axis(y)` under."""
    pdf = w.pdf
    _, _, heights = rows.layout(w)
    start = 0
    while start < len(heights):
        room = pdf.page_break_trigger - pdf.get_y() - above - below - rows.header
        count, used = 0, 0.0
        for height in heights[start:]:
            if count and used + height > room:
                break
            count, used = count + 1, used + height
        if count < len(heights) - start and count < 2 and pdf.get_y() > pdf.t_margin + 1:
            pdf.add_page()  # too little room for a useful part here
            continue
        top = pdf.get_y() + above + rows.header
        with _drawing(w):
            draw_header(top - rows.header, top + used)
            y = top
            for n in range(start, start + count):
                draw_row(n, y, heights[n])
                y += heights[n]
            draw_axis(y)
        pdf.set_xy(w.left, y + below)
        start += count
        if start < len(heights):
            pdf.add_page()


def _score_x(instrument: Instrument, left: float, width: float):
    low, high = instrument.scale.min - 0.5, instrument.scale.max + 0.5

    def x(score: float) -> float:
        return left + (score - low) / (high - low) * width
    return x


def _score_axis(w: _Writer, instrument: Instrument, x, y: float, title: str, size: float) -> None:
    pdf = w.pdf
    left, right = x(instrument.scale.min - 0.5), x(instrument.scale.max + 0.5)
    pdf.set_draw_color(*rgb("#888888"))
    pdf.set_line_width(0.25)
    pdf.line(left, y, right, y)
    for value, lines in team_charts.tick_lines(instrument).items():
        pdf.line(x(value), y, x(value), y + 1.2)
        _label(w, x(value), y + 1.8, "\n".join(lines), size, colour=charts.LABEL_COLOUR, align="C", valign="T")
    depth = max(len(lines) for lines in team_charts.tick_lines(instrument).values())
    _axis_title(w, (left + right) / 2, y + 2.6 + depth * size * PT * 1.18, title, size)


def _axis_title(w: _Writer, x: float, y: float, title: str, size: float = 7.5) -> None:
    """An axis title centred under its axis, moved in where it would stick out of the text width."""
    half = _text_width(w, title, size, True) / 2
    x = min(max(x, w.left + half), w.left + w.width - half)
    _label(w, x, y, title, size, bold=True, align="C", valign="T")


def _axis_depth(instrument: Instrument, size: float) -> float:
    depth = max(len(lines) for lines in team_charts.tick_lines(instrument).values())
    return 2.6 + (depth + 1) * size * PT * 1.18 + 1


def spread(w: _Writer, instrument: Instrument, shown: disclosure.Shown, **start) -> None:
    """Per item, a dot for every score given (bigger where more people gave it, with the count
    inside), the median as a dark bar, the scale's bands shaded behind, and the items whose answers
    span more than one band in the warning colour with "talk about this" beside them."""
    stats = teams.item_stats(instrument, list(shown.answers))
    counts = team_charts.spread_counts(instrument, shown)
    biggest = max(2, max(counts.values(), default=1))
    plot_width, flag_width = 92.0, 27.0
    s = plot_width / 330  # mm per on-screen pixel: the on-screen plot is 330 px wide
    named = team_charts._named_points(instrument)
    rows = _Rows([charts.wrap(st.item.name, team_charts.LABEL_WIDTH) for st in stats], plot_width, flag_width,
                 min_row=44 * s, header=0.0 if named else 5.0)
    _, left, _ = rows.layout(w)
    x = _score_x(instrument, left, plot_width)
    keys = [_Key(team_charts.SPANS, team_charts.FLAG, shape="circle", mark_size=2.6),
            _Key(team_charts.WITHIN, team_charts.CALM, shape="circle", mark_size=2.6)]
    legend = _legend_height(w, keys, w.width, "Answers")
    axis = _axis_depth(instrument, 7.5)
    _start(w, 7 + rows.height(w) + axis + legend + 1, **start)
    _label(w, w.left, w.pdf.get_y() + 2, team_charts.NOTE, 8, colour=charts.MUTED_COLOUR, valign="T")
    w.pdf.set_y(w.pdf.get_y() + 7)

    def header(top: float, bottom: float) -> None:
        for band in team_charts.band_spans(instrument):
            w.pdf.set_fill_color(*rgb(band["fill"]))
            w.pdf.rect(x(band["from"]), top + rows.header, x(band["to"]) - x(band["from"]), bottom - top - rows.header,
                       style="F")
            if not named:
                _label(w, x(band["mid"]), top + rows.header - 1, band["band"], 7.5, colour=charts.MUTED_COLOUR,
                       align="C", valign="B")

    def row(n: int, top: float, height: float) -> None:
        st = stats[n]
        middle = top + height / 2
        _label(w, w.left, middle, rows.labels[n], rows.label_size, align="L")
        colour = team_charts.FLAG if st.talk_about else team_charts.CALM
        if st.median is not None:
            tick = min(height - 6 * s, 36 * s)
            w.pdf.set_fill_color(*rgb(team_charts.MEDIAN))
            w.pdf.rect(x(st.median) - 1.5 * s, middle - tick / 2, 3 * s, tick, style="F")
        given = [(score, counts[(st.item.name, score)]) for score in instrument.scale.values
                 if counts.get((st.item.name, score))]
        with w.pdf.local_context(fill_opacity=0.85):
            for score, count in given:
                area = 90 + (620 - 90) * (count - 1) / (biggest - 1)  # Vega's size scale: px², [1, biggest] -> [90, 620]
                _marker(w, "circle", x(score), middle, 2 * math.sqrt(area / math.pi) * s, colour, WHITE, s)
        for score, count in given:
            if count > 1:
                _label(w, x(score), middle, str(count), 7.0 if count < 100 else 6.0, bold=True, colour=WHITE, align="C")
        if st.talk_about:
            _label(w, left + plot_width + 2, middle, team_charts.FLAG_TEXT, 8, bold=True, colour=team_charts.FLAG)

    def draw_axis(y: float) -> None:
        _score_axis(w, instrument, x, y, "Score", 7.5)
        _legend(w, keys, w.left, y + axis, w.width, "Answers")

    _draw_rows(w, rows, above=0.0, below=axis + legend + 1, draw_header=header, draw_row=row, draw_axis=draw_axis)


def rounds(w: _Writer, instrument: Instrument, movements: list[teams.Movement], **start) -> None:
    """Per item, the first round's median (a hollow circle) joined to the second's (a filled
    diamond) by a grey line where it moved."""
    plot_width = 100.0
    s = plot_width / 400  # the on-screen plot is 400 px wide
    rows = _Rows([charts.wrap(m.item.name, team_charts.LABEL_WIDTH) for m in movements], plot_width, min_row=44 * s)
    _, left, _ = rows.layout(w)
    x = _score_x(instrument, left, plot_width)
    mark = 2 * math.sqrt(140 / math.pi) * s
    first, second = team_charts.ROUND_COLOURS
    keys = [_Key(team_charts.ROUNDS[0], first, shape=team_charts.ROUND_SHAPES[0], mark_size=mark, fill=WHITE),
            _Key(team_charts.ROUNDS[1], second, shape=team_charts.ROUND_SHAPES[1], mark_size=mark)]
    legend = _legend_height(w, keys, w.width)
    axis = _axis_depth(instrument, 7.5)
    _start(w, 1 + rows.height(w) + axis + legend + 1, **start)

    def header(top: float, bottom: float) -> None:
        w.pdf.set_draw_color(*rgb("#e4eaf0"))
        w.pdf.set_line_width(0.2)
        for value in instrument.scale.values:
            w.pdf.line(x(value), top, x(value), bottom)

    def row(n: int, top: float, height: float) -> None:
        m = movements[n]
        middle = top + height / 2
        _label(w, w.left, middle, rows.labels[n], rows.label_size)
        if m.change and m.median_before is not None and m.median_after is not None:
            _stroke(w, [(x(m.median_before), middle), (x(m.median_after), middle)], team_charts.MOVE_COLOUR, 2 * s)
        if m.median_before is not None:
            _marker(w, team_charts.ROUND_SHAPES[0], x(m.median_before), middle, mark, WHITE, first, 2.5 * s)
        if m.median_after is not None:
            _marker(w, team_charts.ROUND_SHAPES[1], x(m.median_after), middle, mark, second)

    def draw_axis(y: float) -> None:
        _score_axis(w, instrument, x, y, "Group median", 7.5)
        _legend(w, keys, w.left, y + axis, w.width)

    _draw_rows(w, rows, above=1.0, below=axis + legend + 1, draw_header=header, draw_row=row, draw_axis=draw_axis)


# --------------------------------------------------------------------------- stacked bars


def _bars(w: _Writer, instrument: Instrument, names: list[str], segments: list[list[tuple[str, int]]], axis_title: str,
          marks: dict[int, float] | None = None, **start) -> None:
    """A stacked bar per statement: each band's count as a segment (highest band first, its
    answer's mark and count written inside where they fit, as on screen), a diamond where the
    person's answer sits, an axis of whole people, and a legend in the segments' order."""
    band_names = [b.name for b in reversed(instrument.scale.bands)]
    short = charts.band_marks(instrument)
    palette = dict(zip(band_names, charts.TALLY_PALETTE))
    plot_width = 96.0
    rows = _Rows([charts.wrap(name, charts.STATEMENT_WRAP) for name in names], plot_width, label_size=7.5, min_row=9.0)
    _, left, _ = rows.layout(w)
    top_count = max((sum(n for _, n in row) for row in segments), default=0)
    step = _nice_step(max(top_count, 1))
    end = max(step, math.ceil(max(top_count, 1) / step) * step)

    def x(count: float) -> float:
        return left + count / end * plot_width

    keys = [_Key(f"{short[name]}: {name}" if name in short else name, palette[name], swatch=True) for name in band_names]
    if marks is not None:
        keys.append(_Key("Your answer", "#000000", shape="diamond", mark_size=3.2))
    legend = _legend_height(w, keys, w.width)
    axis = 10.0

    def header(top: float, bottom: float) -> None:
        w.pdf.set_draw_color(*rgb("#e4eaf0"))
        w.pdf.set_line_width(0.2)
        for tick in range(0, end + 1, step):
            w.pdf.line(x(tick), top, x(tick), bottom)

    def row(n: int, top: float, height: float) -> None:
        middle = top + height / 2
        _label(w, w.left, middle, rows.labels[n], rows.label_size)
        bar = min(height - 4.0, 5.0)
        start = 0
        for band, count in segments[n]:
            if not count:
                continue
            w.pdf.set_fill_color(*rgb(palette[band]))
            w.pdf.set_draw_color(*rgb(WHITE))
            w.pdf.set_line_width(0.2)
            w.pdf.rect(x(start), middle - bar / 2, x(start + count) - x(start), bar, style="DF")
            written = f"{short.get(band, '')} {count}".strip()
            if x(start + count) - x(start) < _text_width(w, written, 6.5, bold=True) + 1.0:
                written = str(count)
            if x(start + count) - x(start) >= 3.5:
                _label(w, (x(start) + x(start + count)) / 2, middle, written, 6.5, bold=True,
                       colour=WHITE if charts.dark(palette[band]) else charts.LABEL_COLOUR, align="C")
            start += count
        if marks and n in marks:
            _marker(w, "diamond", x(marks[n]), middle - bar / 2 - 1.1, 3.2, "#000000", WHITE, 0.35)

    def axis_line(y: float) -> None:
        pdf = w.pdf
        pdf.set_draw_color(*rgb("#888888"))
        pdf.set_line_width(0.25)
        pdf.line(x(0), y, x(end), y)
        for tick in range(0, end + 1, step):
            pdf.line(x(tick), y, x(tick), y + 1.2)
            _label(w, x(tick), y + 1.8, str(tick), 7.0, align="C", valign="T")
        _axis_title(w, (x(0) + x(end)) / 2, y + 5.6, axis_title)
        _legend(w, keys, w.left, y + axis, w.width)

    _start(w, 1 + rows.height(w) + axis + legend + 1, **start)
    _draw_rows(w, rows, above=1.0, below=axis + legend + 1, draw_header=header, draw_row=row, draw_axis=axis_line)


def survey(w: _Writer, instrument: Instrument, scores: dict[str, int | None]) -> None:
    """The source group's tally per statement as stacked bars, with a diamond on the segment of the
    answer the person gave (the survey chart of coprod.charts)."""
    rows, marks = charts.survey_rows(instrument, scores)
    names = [item.name for item in instrument.items]
    segments = [[(r["band"], r["count"]) for r in rows if r["item"] == name] for name in names]
    where = {names.index(m["item"]): m["at"] for m in marks}
    tally = instrument.reference_tally
    _bars(w, instrument, names, segments, f"People at the {tally.label}" if tally else "People", where)


def tally(w: _Writer, instrument: Instrument, answers: list[teams.Answer]) -> None:
    """How many of the group chose each answer, per statement: the tally chart of coprod.charts."""
    frame = charts.tally_frame(instrument, [a.scores for a in answers])
    bands = [b.name for b in reversed(instrument.scale.bands)]
    names = [item.name for item in instrument.items]
    counts = {(item, band): int(n) for item, band, n in zip(frame["item"], frame["band"], frame["count"])}
    segments = [[(band, counts.get((name, band), 0)) for band in bands] for name in names]
    _bars(w, instrument, names, segments, "Answers")
