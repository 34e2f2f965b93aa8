"""The PDFs' charts, drawn with fpdf2's own lines, shapes and text: one geometry, two renderers.

The on-screen charts (coprod.charts.specs) are Vega-Lite specs; the PDFs draw the
same charts from the same geometry — the radar's radii, angles, rings, spokes, wrapped labels and
shapes, the tally's segments, the spread's counts, bands and ticks, the same palette, dashes and
point shapes — as vector shapes on the page. Nothing is rasterised, so a chart costs a few
milliseconds, stays sharp at any zoom and prints cleanly.

Every text goes through the page's filter (`coprod.files.pdf.Writer.text`), so any Unicode prints
and a character no font has becomes □, as everywhere else in the PDF. No chart tells things apart
by colour alone: shapes differ in dash and point shape as on screen, the spread's flagged items
say "talk about this", and each bar segment carries its count.

Each public function draws one chart across the writer's text width at the current position,
moving to a new page first when the chart does not fit on this one, and leaves the position below
the chart. Sizes are in mm; an on-screen pixel is `PX` mm on paper unless a chart scales its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from coprod.charts import specs as charts
from coprod.charts import team as team_charts
from coprod.common.i18n import _
from coprod.files import pdf_drawing as pen
from coprod.files.pdf import Writer
from coprod.files.text_layout import wrap_lines
from coprod.library.model import Instrument
from coprod.sessions import disclosure
from coprod.sessions import stats as teams

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


def _label_block(w: Writer, spoke: dict) -> tuple[str, str, float]:
    """(align, valign, height) of an item's name beside its spoke: names at the top sit above the
    ring, at the bottom below it, at the sides centred on the spoke's end."""
    lines = spoke["label"].count("\n") + 1
    height = lines * ITEM_SIZE * pen.PT * 1.18
    align = {"left": "L", "right": "R", "center": "C"}[spoke["align"]]
    valign = "M" if align != "C" else ("B" if spoke["ly"] > 0 else "T")
    return align, valign, height


def _radar(w: Writer, instrument: Instrument, shapes: list[_Shape], keys: list[pen.Key], legend_title: str = "",
           under_shapes: list[_Shape] | None = None, **start) -> None:
    """The radar's rings at the band edges (with the band names), the faint point rings where the
    instrument asks for them, the spokes with the items' names, the shapes, and the legend."""
    pdf = w.pdf
    r = pen.RADIUS
    spokes = charts.spokes(instrument)
    blocks = [_label_block(w, s) for s in spokes]
    above, below = r, r
    for spoke, (align, valign, height) in zip(spokes, blocks):
        y = spoke["ly"] * r
        top = y + {"B": height, "M": height / 2, "T": 0.0}[valign]
        bottom = -y + {"T": height, "M": height / 2, "B": 0.0}[valign]
        above, below = max(above, top), max(below, bottom)
    legend = pen.legend_height(w, keys, w.width, legend_title)
    height = above + below + 3 + (legend + 2 if legend else 0)
    pen.start_chart(w, height, **start)
    top = pdf.get_y()
    cx, cy = w.left + w.width / 2, top + above + 1

    def at(x: float, y: float) -> tuple[float, float]:
        return cx + x * r, cy - y * r

    with pen.drawing(w):
        if instrument.chart.point_rings:
            pdf.set_draw_color(*pen.rgb(charts.POINT_RING_COLOUR))
            pdf.set_line_width(0.7 * pen.PX)
            pdf.set_dash_pattern(2 * pen.PX, 3 * pen.PX)
            for value in charts.point_values(instrument):
                pdf.circle(cx, cy, charts.radius(instrument, value) * r)
            pdf.set_dash_pattern()
        pdf.set_draw_color(*pen.rgb(charts.RING_COLOUR))
        pdf.set_line_width(0.3)
        for ring, _band in charts.ring_radii(instrument):
            pdf.circle(cx, cy, ring * r)
        pdf.set_draw_color(*pen.rgb(charts.SPOKE_COLOUR))
        pdf.set_line_width(0.25)
        for spoke in spokes:
            pdf.line(cx, cy, *at(spoke["x2"], spoke["y2"]))
        for ring in charts.ring_label_points(instrument):
            # Centred where the screen centres it, but never across the top spoke, where the point
            # rings' numbers are; on a white ground, so that rings and spokes do not cross it.
            x, y = at(ring["x"], ring["y"])
            width = pen.text_width(w, ring["band"], BAND_SIZE)
            left = max(x - width / 2, cx + 0.8)
            tall = BAND_SIZE * pen.PT * 1.18
            with pdf.local_context(fill_opacity=0.8):
                pdf.set_fill_color(255, 255, 255)
                pdf.rect(left - 0.4, y - tall / 2, width + 0.8, tall, style="F")
            pen.label(w, left, y, ring["band"], BAND_SIZE, colour=charts.MUTED_COLOUR)
        if instrument.chart.point_rings:
            for number in charts.point_label_points(instrument):
                pen.label(w, *at(number["x"], number["y"]), number["label"], NUMBER_SIZE, colour=charts.MUTED_COLOUR,
                       align="R")
        for group in (under_shapes or [], shapes):
            for shape in group:
                outline = [at(x, y) for x, y in shape.points]
                pen.stroke(w, outline, shape.colour, shape.width, shape.dash, closed=len(outline) > 2)
                if shape.shape:
                    for x, y in outline[:-1] if len(outline) > 1 else outline:
                        pen.marker(w, shape.shape, x, y, shape.mark_size, shape.colour)
        for spoke, (align, valign, _height) in zip(spokes, blocks):
            x, y = at(spoke["lx"], spoke["ly"])
            x += {"L": 0.6, "R": -0.6, "C": 0.0}[align]
            pen.label(w, x, y, spoke["label"], ITEM_SIZE, bold=True, align=align, valign=valign)
        if keys:
            pen.legend(w, keys, w.left, cy + below + 2, w.width, legend_title)
    pdf.set_xy(w.left, top + height)


def _series_shapes(instrument: Instrument, series: list[charts.Series]) -> tuple[list[_Shape], list[pen.Key]]:
    shapes, keys = [], []
    for n, s in enumerate(series):
        colour, dash, shape = (charts.PALETTE[n % len(charts.PALETTE)], tuple(charts.DASHES[n % len(charts.DASHES)]),
                               charts.SHAPES[n % len(charts.SHAPES)])
        shapes.append(_Shape(_radar_points(instrument, s.scores), colour, 0.6, dash, shape))
        keys.append(pen.Key(s.label, colour, 0.6, dash, shape))
    return shapes, keys


def radar(w: Writer, instrument: Instrument, series: list[charts.Series], **start) -> None:
    """The individual radar: one shape per view, told apart by colour, dash and point shape, with a
    legend when there are several. `start` may give a heading (and level) and an introduction to
    keep on the chart's page."""
    shapes, keys = _series_shapes(instrument, series)
    _radar(w, instrument, shapes, keys if len(series) > 1 else [], **start)


def team_radar(w: Writer, instrument: Instrument, shown: disclosure.Shown, **start) -> None:
    """Every person's shape as a thin light line, the group median as a thick dark one on top."""
    people = [_Shape(_radar_points(instrument, a.scores), team_charts.PERSON, 0.3) for a in shown.answers]
    median = _Shape(_radar_points(instrument, team_charts.medians(instrument, shown)), team_charts.MEDIAN, 1.0,
                    shape="circle", mark_size=2.4)
    keys = [pen.Key(_("Each person"), team_charts.PERSON, 0.5), pen.Key(_("Group median"), team_charts.MEDIAN, 1.0, shape="circle")]
    _radar(w, instrument, [median], keys, under_shapes=people, **start)


def role_radar(w: Writer, instrument: Instrument, groups: list[teams.Group], **start) -> None:
    """One shape per shown role group (its medians), told apart by colour, dash and point shape."""
    shown = [g for g in groups if g.shown]
    series = [charts.Series(f"{g.role} ({g.n})", g.medians) for g in shown]
    shapes, keys = _series_shapes(instrument, series)
    _radar(w, instrument, shapes, keys, legend_title=_("Role group (people)"), **start)


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

    def height(self, w: Writer) -> float:
        return self.header + sum(self.layout(w)[2])

    def layout(self, w: Writer) -> tuple[float, float, list[float]]:
        """(label column width, plot's left edge, row heights)."""
        label_width = max((pen.text_width(w, label, self.label_size) for label in self.labels), default=0.0) + 3
        label_width = min(label_width, w.width - self.plot_width - self.right)
        line = self.label_size * pen.PT * 1.18
        heights = [max(self.min_row, line * (label.count("\n") + 1) + 3) for label in self.labels]
        return label_width, w.left + label_width, heights


def _nice_step(top: float) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if top / step <= 10:
            return step
    return int(10 ** math.ceil(math.log10(max(top, 1)) - 1))


def _draw_rows(w: Writer, rows: _Rows, *, above: float, below: float,
               draw_header, draw_row, draw_axis) -> None:
    """Lay `rows` out over as many pages as they need: `draw_header(top, bottom)` for the band
    shading and names above each part, `draw_row(n, top, height)` per row, `draw_axis(y)` under."""
    pdf = w.pdf
    heights = rows.layout(w)[2]
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
        with pen.drawing(w):
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


def _score_axis(w: Writer, instrument: Instrument, x, y: float, title: str, size: float) -> None:
    pdf = w.pdf
    left, right = x(instrument.scale.min - 0.5), x(instrument.scale.max + 0.5)
    pdf.set_draw_color(*pen.rgb("#888888"))
    pdf.set_line_width(0.25)
    pdf.line(left, y, right, y)
    for value, lines in team_charts.tick_lines(instrument).items():
        pdf.line(x(value), y, x(value), y + 1.2)
        pen.label(w, x(value), y + 1.8, "\n".join(lines), size, colour=charts.LABEL_COLOUR, align="C", valign="T")
    depth = max(len(lines) for lines in team_charts.tick_lines(instrument).values())
    _axis_title(w, (left + right) / 2, y + 2.6 + depth * size * pen.PT * 1.18, title, size)


def _axis_title(w: Writer, x: float, y: float, title: str, size: float = 7.5) -> None:
    """An axis title centred under its axis, moved in where it would stick out of the text width."""
    half = pen.text_width(w, title, size, True) / 2
    x = min(max(x, w.left + half), w.left + w.width - half)
    pen.label(w, x, y, title, size, bold=True, align="C", valign="T")


def _axis_depth(instrument: Instrument, size: float) -> float:
    depth = max(len(lines) for lines in team_charts.tick_lines(instrument).values())
    return 2.6 + (depth + 1) * size * pen.PT * 1.18 + 1


def spread(w: Writer, instrument: Instrument, shown: disclosure.Shown, **start) -> None:
    """Per item, a dot for every score given (bigger where more people gave it, with the count
    inside), the median as a dark bar, the scale's bands shaded behind, and the items whose answers
    span more than one band in the warning colour with "talk about this" beside them."""
    stats = teams.item_stats(instrument, list(shown.answers))
    counts = team_charts.spread_counts(instrument, shown)
    biggest = max(2, max(counts.values(), default=1))
    plot_width, flag_width = 92.0, 27.0
    s = plot_width / 330  # mm per on-screen pixel: the on-screen plot is 330 px wide
    named = team_charts.named_points(instrument)
    rows = _Rows([charts.wrap(st.item.name, team_charts.LABEL_WIDTH) for st in stats], plot_width, flag_width,
                 min_row=44 * s, header=0.0 if named else 5.0)
    left = rows.layout(w)[1]
    x = _score_x(instrument, left, plot_width)
    keys = [pen.Key(_(team_charts.SPANS), team_charts.FLAG, shape="circle", mark_size=2.6),
            pen.Key(_(team_charts.WITHIN), team_charts.CALM, shape="circle", mark_size=2.6)]
    answers = _("Answers")
    legend = pen.legend_height(w, keys, w.width, answers)
    axis = _axis_depth(instrument, 7.5)
    # The note on one line where it fits (in English it does), wrapped where a translation is longer.
    note = wrap_lines(w.text(_(team_charts.NOTE)), w.width, 8)
    below_note = 7 + (len(note) - 1) * 8 * pen.PT * 1.18
    pen.start_chart(w, below_note + rows.height(w) + axis + legend + 1, **start)
    pen.label(w, w.left, w.pdf.get_y() + 2, "\n".join(note), 8, colour=charts.MUTED_COLOUR, valign="T")
    w.pdf.set_y(w.pdf.get_y() + below_note)

    def header(top: float, bottom: float) -> None:
        for band in team_charts.band_spans(instrument):
            w.pdf.set_fill_color(*pen.rgb(band["fill"]))
            w.pdf.rect(x(band["from"]), top + rows.header, x(band["to"]) - x(band["from"]), bottom - top - rows.header,
                       style="F")
            if not named:
                pen.label(w, x(band["mid"]), top + rows.header - 1, band["band"], 7.5, colour=charts.MUTED_COLOUR,
                       align="C", valign="B")

    def row(n: int, top: float, height: float) -> None:
        st = stats[n]
        middle = top + height / 2
        pen.label(w, w.left, middle, rows.labels[n], rows.label_size, align="L")
        colour = team_charts.FLAG if st.talk_about else team_charts.CALM
        if st.median is not None:
            tick = min(height - 6 * s, 36 * s)
            w.pdf.set_fill_color(*pen.rgb(team_charts.MEDIAN))
            w.pdf.rect(x(st.median) - 1.5 * s, middle - tick / 2, 3 * s, tick, style="F")
        given = [(score, counts[(st.item.name, score)]) for score in instrument.scale.values
                 if counts.get((st.item.name, score))]
        with w.pdf.local_context(fill_opacity=0.85):
            for score, count in given:
                area = 90 + (620 - 90) * (count - 1) / (biggest - 1)  # Vega's size scale: px², [1, biggest] -> [90, 620]
                pen.marker(w, "circle", x(score), middle, 2 * math.sqrt(area / math.pi) * s, colour, pen.WHITE, s)
        for score, count in given:
            if count > 1:
                pen.label(w, x(score), middle, str(count), 7.0 if count < 100 else 6.0, bold=True, colour=pen.WHITE, align="C")
        if st.talk_about:
            pen.label(w, left + plot_width + 2, middle, _(team_charts.FLAG_TEXT), 8, bold=True, colour=team_charts.FLAG)

    def draw_axis(y: float) -> None:
        _score_axis(w, instrument, x, y, _("Score"), 7.5)
        pen.legend(w, keys, w.left, y + axis, w.width, answers)

    _draw_rows(w, rows, above=0.0, below=axis + legend + 1, draw_header=header, draw_row=row, draw_axis=draw_axis)


def rounds(w: Writer, instrument: Instrument, movements: list[teams.Movement], **start) -> None:
    """Per item, the first round's median (a hollow circle) joined to the second's (a filled
    diamond) by a grey line where it moved."""
    plot_width = 100.0
    s = plot_width / 400  # the on-screen plot is 400 px wide
    rows = _Rows([charts.wrap(m.item.name, team_charts.LABEL_WIDTH) for m in movements], plot_width, min_row=44 * s)
    left = rows.layout(w)[1]
    x = _score_x(instrument, left, plot_width)
    mark = 2 * math.sqrt(140 / math.pi) * s
    first, second = team_charts.ROUND_COLOURS
    keys = [pen.Key(_(team_charts.ROUNDS[0]), first, shape=team_charts.ROUND_SHAPES[0], mark_size=mark, fill=pen.WHITE),
            pen.Key(_(team_charts.ROUNDS[1]), second, shape=team_charts.ROUND_SHAPES[1], mark_size=mark)]
    legend = pen.legend_height(w, keys, w.width)
    axis = _axis_depth(instrument, 7.5)
    pen.start_chart(w, 1 + rows.height(w) + axis + legend + 1, **start)

    def header(top: float, bottom: float) -> None:
        w.pdf.set_draw_color(*pen.rgb("#e4eaf0"))
        w.pdf.set_line_width(0.2)
        for value in instrument.scale.values:
            w.pdf.line(x(value), top, x(value), bottom)

    def row(n: int, top: float, height: float) -> None:
        m = movements[n]
        middle = top + height / 2
        pen.label(w, w.left, middle, rows.labels[n], rows.label_size)
        if m.change and m.median_before is not None and m.median_after is not None:
            pen.stroke(w, [(x(m.median_before), middle), (x(m.median_after), middle)], team_charts.MOVE_COLOUR, 2 * s)
        if m.median_before is not None:
            pen.marker(w, team_charts.ROUND_SHAPES[0], x(m.median_before), middle, mark, pen.WHITE, first, 2.5 * s)
        if m.median_after is not None:
            pen.marker(w, team_charts.ROUND_SHAPES[1], x(m.median_after), middle, mark, second)

    def draw_axis(y: float) -> None:
        _score_axis(w, instrument, x, y, _("Group median"), 7.5)
        pen.legend(w, keys, w.left, y + axis, w.width)

    _draw_rows(w, rows, above=1.0, below=axis + legend + 1, draw_header=header, draw_row=row, draw_axis=draw_axis)


# --------------------------------------------------------------------------- stacked bars


def _bars(w: Writer, instrument: Instrument, names: list[str], segments: list[list[tuple[str, int]]], axis_title: str,
          marks: dict[int, float] | None = None, **start) -> None:
    """A stacked bar per statement: each band's count as a segment (highest band first, its
    answer's mark and count written inside where they fit, as on screen), a diamond where the
    person's answer sits, an axis of whole people, and a legend in the segments' order."""
    band_names = [b.name for b in reversed(instrument.scale.bands)]
    short = charts.band_marks(instrument)
    palette = dict(zip(band_names, charts.TALLY_PALETTE))
    plot_width = 96.0
    rows = _Rows([charts.wrap(name, charts.STATEMENT_WRAP) for name in names], plot_width, label_size=7.5, min_row=9.0)
    left = rows.layout(w)[1]
    top_count = max((sum(n for _band, n in row) for row in segments), default=0)
    step = _nice_step(max(top_count, 1))
    end = max(step, math.ceil(max(top_count, 1) / step) * step)

    def x(count: float) -> float:
        return left + count / end * plot_width

    keys = [pen.Key(f"{short[name]}: {name}" if name in short else name, palette[name], swatch=True) for name in band_names]
    if marks is not None:
        keys.append(pen.Key(_("Your answer"), "#000000", shape="diamond", mark_size=3.2))
    legend = pen.legend_height(w, keys, w.width)
    axis = 10.0

    def header(top: float, bottom: float) -> None:
        w.pdf.set_draw_color(*pen.rgb("#e4eaf0"))
        w.pdf.set_line_width(0.2)
        for tick in range(0, end + 1, step):
            w.pdf.line(x(tick), top, x(tick), bottom)

    def row(n: int, top: float, height: float) -> None:
        middle = top + height / 2
        pen.label(w, w.left, middle, rows.labels[n], rows.label_size)
        bar = min(height - 4.0, 5.0)
        start = 0
        for band, count in segments[n]:
            if not count:
                continue
            w.pdf.set_fill_color(*pen.rgb(palette[band]))
            w.pdf.set_draw_color(*pen.rgb(pen.WHITE))
            w.pdf.set_line_width(0.2)
            w.pdf.rect(x(start), middle - bar / 2, x(start + count) - x(start), bar, style="DF")
            written = f"{short.get(band, '')} {count}".strip()
            if x(start + count) - x(start) < pen.text_width(w, written, 6.5, bold=True) + 1.0:
                written = str(count)
            if x(start + count) - x(start) >= 3.5:
                pen.label(w, (x(start) + x(start + count)) / 2, middle, written, 6.5, bold=True,
                       colour=pen.WHITE if charts.dark(palette[band]) else charts.LABEL_COLOUR, align="C")
            start += count
        if marks and n in marks:
            pen.marker(w, "diamond", x(marks[n]), middle - bar / 2 - 1.1, 3.2, "#000000", pen.WHITE, 0.35)

    def axis_line(y: float) -> None:
        pdf = w.pdf
        pdf.set_draw_color(*pen.rgb("#888888"))
        pdf.set_line_width(0.25)
        pdf.line(x(0), y, x(end), y)
        for tick in range(0, end + 1, step):
            pdf.line(x(tick), y, x(tick), y + 1.2)
            pen.label(w, x(tick), y + 1.8, str(tick), 7.0, align="C", valign="T")
        _axis_title(w, (x(0) + x(end)) / 2, y + 5.6, axis_title)
        pen.legend(w, keys, w.left, y + axis, w.width)

    pen.start_chart(w, 1 + rows.height(w) + axis + legend + 1, **start)
    _draw_rows(w, rows, above=1.0, below=axis + legend + 1, draw_header=header, draw_row=row, draw_axis=axis_line)


def survey(w: Writer, instrument: Instrument, scores: dict[str, int | None]) -> None:
    """The source group's tally per statement as stacked bars, with a diamond on the segment of the
    answer the person gave (the survey chart of coprod.charts.specs)."""
    rows, marks = charts.survey_rows(instrument, scores)
    names = [item.name for item in instrument.items]
    segments = [[(r["band"], r["count"]) for r in rows if r["item"] == name] for name in names]
    where = {names.index(m["item"]): m["at"] for m in marks}
    _bars(w, instrument, names, segments, charts.people_axis(instrument), where)


def tally(w: Writer, instrument: Instrument, answers: list[teams.Answer]) -> None:
    """How many of the group chose each answer, per statement: the tally chart of coprod.charts.specs."""
    frame = charts.tally_frame(instrument, [a.scores for a in answers])
    bands = [b.name for b in reversed(instrument.scale.bands)]
    names = [item.name for item in instrument.items]
    counts = {(item, band): int(n) for item, band, n in zip(frame["item"], frame["band"], frame["count"])}
    segments = [[(band, counts.get((name, band), 0)) for band in bands] for name in names]
    _bars(w, instrument, names, segments, _("Answers"))
