"""Drawing on a PDF page with fpdf2's own lines, shapes and text, for the PDFs' charts
(coprod.files.pdf_charts): strokes with on-screen dash patterns, point markers of the on-screen
shapes, labels in any script through the page's text filter, and legends that wrap across the page.
Sizes are in mm; an on-screen pixel is `PX` mm on paper.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from coprod.charts.specs import LABEL_COLOUR
from coprod.files.pdf import MUTED, Writer
from coprod.files.text_layout import COVERAGE, SHAPED, WIDTHS, direction

PX = 0.3  # mm per on-screen pixel, for dashes and marks drawn at the on-screen size
PT = 25.4 / 72  # mm per point
WHITE = "#ffffff"
RADIUS = 42.0  # mm: the radar's outer ring


def rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


# --------------------------------------------------------------------------- drawing primitives


@contextmanager
def drawing(w: Writer) -> Iterator[None]:
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


def text_width_mm(w: Writer, text: str, size: float, bold: bool = False) -> float:
    """How wide one line of filtered text is, in mm."""
    if SHAPED.search(text):  # shaped letters: measured as shaped
        w.font(size, bold)
        w.pdf.text_shaping = w.pdf.shaping
        width = w.pdf.get_string_width(text)
        w.pdf.text_shaping = None
        return width
    return WIDTHS.units(text, bold) * size * PT / 1000


def label(w: Writer, x: float, y: float, text: str, size: float, *, bold: bool = False,
           colour: str = LABEL_COLOUR, align: str = "L", valign: str = "M", line: float = 1.18) -> float:
    """One or more lines of text (split at new lines) placed at (x, y): align L / C / R says which
    end (or the middle) of each line is at x, valign T / M / B which edge (or the middle) of the
    block is at y. Returns the widest line's width."""
    lines = [w.text(part) for part in str(text).split("\n")]
    w.font(size, bold, rgb(colour))
    cmap = COVERAGE.style(bold)
    height = size * PT * line
    top = y - {"T": 0.0, "M": 0.5, "B": 1.0}[valign] * height * len(lines)
    widest = 0.0
    for n, part in enumerate(lines):
        if not part:
            continue
        width = text_width_mm(w, part, size, bold)
        widest = max(widest, width)
        left = x if align == "L" else x - width / 2 if align == "C" else x - width
        mark = direction(part) if SHAPED.search(part) else ""
        w.draw_line(part, left, top + n * height, height, size, cmap, mark)
    return widest


def text_width(w: Writer, text: str, size: float, bold: bool = False) -> float:
    return max((text_width_mm(w, w.text(part), size, bold) for part in str(text).split("\n")), default=0.0)


def fit(w: Writer, height: float) -> None:
    """Start a new page unless `height` mm fit on this one; a chart taller than a page starts here
    if a good part of the page is left, and goes on over the next pages."""
    pdf = w.pdf
    left = pdf.page_break_trigger - pdf.get_y()
    if height <= left:
        return
    if height <= pdf.page_break_trigger - pdf.t_margin or left < 60:
        pdf.add_page()


def start_chart(w: Writer, height: float, heading: str = "", level: int = 1, intro: str = "") -> None:
    """Make room for a chart `height` mm tall with its heading and a line or two of introduction
    above it, so that a heading never ends a page without its chart; then write those."""
    extra = (15.0 if level == 1 else 10.0) if heading else 0.0
    if intro:
        extra += w.estimate(intro, w.width, 9, 4.5) + 1
    fit(w, height + extra)
    if heading:
        w.heading(heading, level, keep=0)
    if intro:
        w.paragraph(intro, 9, colour=MUTED, line=4.5)
        w.gap(1)


def dash_runs(points: Sequence[tuple[float, float]], pattern: Sequence[float]) -> list[list[tuple[float, float]]]:
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


def stroke(w: Writer, points: Sequence[tuple[float, float]], colour: str, width: float,
            dash: Sequence[float] = (), closed: bool = False) -> None:
    """A line through the points (closed back to the first when asked), solid or dashed."""
    if len(points) < 2:
        return
    pdf = w.pdf
    pdf.set_draw_color(*rgb(colour))
    pdf.set_line_width(width)
    points = list(points) + ([points[0]] if closed and points[0] != points[-1] else [])
    runs = dash_runs(points, [d * PX for d in dash])
    if len(runs) == 1 and runs[0] == points:
        if closed:
            pdf.polygon(points[:-1], style="D")
        else:
            pdf.polyline(points, style="D")
        return
    for run in runs:
        if len(run) > 1:
            pdf.polyline(run, style="D")


def marker(w: Writer, shape: str, x: float, y: float, size: float, fill: str, stroke: str | None = None,
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
class Key:
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


def key_width(w: Writer, key: Key) -> float:
    return (9.0 if key.width else 4.0) + 1.5 + text_width(w, key.label, LEGEND_SIZE)


def legend_rows(w: Writer, keys: list[Key], width: float, title: str = "") -> list[list[Key]]:
    rows: list[list[Key]] = [[]]
    used = text_width(w, title, LEGEND_SIZE, True) + 3 if title else 0.0
    for key in keys:
        need = key_width(w, key) + 6
        if rows[-1] and used + need > width:
            rows.append([])
            used = 0.0
        rows[-1].append(key)
        used += need
    return rows


def legend_height(w: Writer, keys: list[Key], width: float, title: str = "") -> float:
    return 5.0 * len(legend_rows(w, keys, width, title)) + 1 if keys else 0.0


def legend(w: Writer, keys: list[Key], left: float, top: float, width: float, title: str = "") -> None:
    """The keys in rows, centred under the chart; the title, if any, in bold before the first."""
    if not keys:
        return
    for n, row in enumerate(legend_rows(w, keys, width, title)):
        widths = [key_width(w, key) for key in row]
        heading = text_width(w, title, LEGEND_SIZE, True) + 3 if title and n == 0 else 0.0
        total = heading + sum(widths) + 6 * (len(row) - 1)
        x = left + (width - total) / 2
        y = top + 2.5 + 5.0 * n
        if heading:
            label(w, x, y, title, LEGEND_SIZE, bold=True)
            x += heading
        for key, room in zip(row, widths):
            if key.swatch:
                w.pdf.set_fill_color(*rgb(key.colour))
                w.pdf.rect(x, y - 1.6, 4.0, 3.2, style="F")
                sample = 4.0
            elif key.width:
                stroke(w, [(x, y), (x + 9, y)], key.colour, key.width, key.dash)
                if key.shape:
                    marker(w, key.shape, x + 4.5, y, key.mark_size, key.fill or key.colour,
                            key.colour if key.fill else None)
                sample = 9.0
            else:
                marker(w, key.shape or "circle", x + 2, y, key.mark_size, key.fill or key.colour,
                        key.colour if key.fill else (WHITE if key.shape == "diamond" else None), 0.3)
                sample = 4.0
            label(w, x + sample + 1.5, y, key.label, LEGEND_SIZE, colour=LABEL_COLOUR)
            x += room + 6
