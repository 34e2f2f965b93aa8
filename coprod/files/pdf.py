"""The PDF page every coprod PDF is written on (fpdf2, A4 portrait, "Page 2 of 5" in the footer):
the `Writer` with its fonts, headings, paragraphs, fields and the one table style, in the colours
every report shares. Text goes through coprod.files.text_layout, so any script prints.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from coprod.common.i18n import _
from coprod.files.text_layout import (
    COVERAGE,
    FAMILY,
    PLAIN,
    PT,
    SHAPED,
    WIDTHS,
    drawable,
    font_files,
    layout_lines,
)

# --------------------------------------------------------------------------- the PDF

INK = (27, 31, 35)
MUTED = (82, 96, 109)
ACCENT = (31, 74, 122)
RULE = (197, 204, 211)
HEADING_FILL = (223, 232, 242)
ROW_FILL = (245, 247, 250)
MARGIN = 16
BODY = 10
LINE = 5.0
PLAN_SIZE = 8  # pt: the plan and other wide tables
PLAN_LINE = 3.9


def clip(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"



@lru_cache(maxsize=1)
def _pdf_class() -> type:
    """The FPDF subclass, made on first use so that importing this module does not import fpdf."""
    from fpdf import FPDF

    class ReportPDF(FPDF):
        footer_text = ""
        page_words = "Page {number} of {total}"  # in the reader's language: Writer sets it

        shaping: dict | None = None  # the shaping settings, used only for text that needs them

        def shape_for(self, *texts: str) -> None:
            """Turn the shaping engine on for text that needs it, off for the rest."""
            self.text_shaping = self.shaping if any(SHAPED.search(t) for t in texts) else None

        def footer(self) -> None:
            saved = self.text_shaping  # the footer may interrupt a paragraph that is being shaped
            self.shape_for(self.footer_text, self.page_words)
            self.set_y(-12)
            self.set_font(FAMILY, "", 8)
            self.set_text_color(*MUTED)
            width = self.w - 2 * MARGIN
            # "{nb}" is fpdf2's stand-in for the number of pages, filled in when the PDF is written.
            page = self.page_words.format(number=self.page_no(), total="{nb}")
            if self.footer_text:
                self.cell(width * 0.7, 5, self.footer_text, align="L")
                self.cell(width * 0.3, 5, page, align="R")
            else:
                self.cell(width, 5, page, align="R")
            self.text_shaping = saved

    return ReportPDF


class Writer:
    """An fpdf2 document with the report's fonts, styles and the one text filter."""

    def __init__(self, title: str) -> None:
        from fpdf.errors import FPDFException

        main, self.fallback_paths = font_files()
        pdf = _pdf_class()(orientation="portrait", unit="mm", format="A4")
        pdf.set_margins(MARGIN, 14, MARGIN)
        pdf.set_auto_page_break(True, margin=18)
        pdf.set_creator("coprod")
        for style, path in main.items():
            pdf.add_font(FAMILY, style, path)
        self.fallbacks: list[int] = []
        pdf.set_fallback_fonts([FAMILY], exact_match=False)
        self.pdf = pdf
        try:
            pdf.set_text_shaping(True, features={"liga": False})
            pdf.shaping = pdf.text_shaping
        except FPDFException:  # uharfbuzz missing: the text still prints, Arabic letters unjoined
            pdf.shaping = None
        pdf.text_shaping = None
        pdf.footer_text = self.text(clip(title, 70))
        pdf.page_words = self.text(_("Page {number} of {total}"))
        pdf.set_title(pdf.footer_text)
        pdf.add_page()
        self.left = MARGIN
        self.width = pdf.w - 2 * MARGIN

    def text(self, value: Any) -> str:
        """Any text on its way into the PDF: replaced where no font has a character, and the
        fallback fonts it needs embedded (of a family with a bold style too, the style that has
        each character, the regular one where both do; `draw_line` adds the other when bold
        text needs it)."""
        text, needed = drawable("" if value is None else str(value))
        if not needed:
            return text
        for ch in text:
            code = ord(ch)
            if code < 0x80:
                continue
            index = COVERAGE.owner.get(code) if code not in COVERAGE.main else None
            if index is None:
                continue
            family = self.fallback_paths[index]
            style = next((s for s in ("", "B") if s in family and code in COVERAGE.chars(family[s])), "")
            self.ensure(f"fallback{index}", style)
        return text

    def ensure(self, family: str, style: str) -> None:
        """Embed a fallback font (one style of a fallback family) unless it is in already."""
        if f"{family}{style}" in self.pdf.fonts or family == FAMILY:
            return
        index = int(family.removeprefix("fallback"))
        self.pdf.add_font(family, style, self.fallback_paths[index][style])
        if index not in self.fallbacks:
            self.fallbacks.append(index)
        self.pdf.set_fallback_fonts([FAMILY, *(f"fallback{i}" for i in sorted(self.fallbacks))], exact_match=False)

    # -- building blocks

    def font(self, size: float = BODY, bold: bool = False, colour: tuple[int, int, int] = INK) -> None:
        self.pdf.set_font(FAMILY, "B" if bold else "", size)
        self.pdf.set_text_color(*colour)

    def room(self, height: float) -> None:
        """Start a new page unless `height` mm still fit on this one (keeps headings with their text)."""
        if self.pdf.get_y() + height > self.pdf.page_break_trigger:
            self.pdf.add_page()

    def gap(self, height: float = 2) -> None:
        self.pdf.ln(height)

    def lines(self, text: str, x: float, width: float, height: float, size: float, bold: bool = False,
              padding: float | None = None) -> None:
        """Text already filtered (`text`), laid out from the current position in lines `height`
        mm apart within `width` mm from `x`, over as many pages as it needs; the position is left
        at the line after. The lines are broken here (fpdf2's multi_cell measures a line again for
        every character it adds, which made it most of a PDF's time); a line that needs shaping
        (right-to-left, joined or combining letters) is drawn through fpdf2's shaping engine."""
        pdf = self.pdf
        pad = pdf.c_margin if padding is None else padding
        cmap = COVERAGE.style(bold)
        y = pdf.get_y()
        for part, mark in layout_lines(text, width - 2 * pad, size, bold, self.shaped_width(size, bold)):
            if y + height > pdf.page_break_trigger and pdf.auto_page_break:
                pdf.add_page()
                y = pdf.get_y()
            self.draw_line(part, x + pad, y, height, size, cmap, mark)
            y += height
        pdf.set_xy(pdf.l_margin, y)

    def shaped_width(self, size: float, bold: bool) -> Callable[[str], float]:
        """A measure of shaped text (in mm) in the report's font at one size and style."""
        def measure(text: str) -> float:
            pdf = self.pdf
            pdf.set_font(FAMILY, "B" if bold else "", size)
            pdf.text_shaping = pdf.shaping
            width = pdf.get_string_width(text)
            pdf.text_shaping = None
            return width
        return measure

    def draw_line(self, part: str, x: float, y: float, height: float, size: float, cmap: frozenset[int],
                  mark: str = "") -> None:
        """One line whose text starts at x, in a line box from y, `height` mm tall (where fpdf2's
        cell places it): drawn directly when the style's font has every character, in runs of
        the fallback fonts when not; when `mark` is set, shaped in the direction it gives, through
        fpdf2's cell, which picks among the fallback fonts embedded (so those of the line's style
        are embedded first)."""
        if not part:
            return
        pdf = self.pdf
        bold = pdf.font_style == "B"
        baseline = y + 0.5 * height + 0.3 * size * PT
        if not mark:
            if PLAIN.fullmatch(part) or all(ord(ch) in cmap for ch in part):
                pdf.text(x, baseline, part)
                return
            # Runs of characters that other fonts draw, each drawn in its font, as fpdf2 would.
            here = (FAMILY, pdf.font_style)
            runs: list[list] = []
            for ch in part:
                key = COVERAGE.font_for(ord(ch), bold)
                if runs and runs[-1][0] == key:
                    runs[-1][1].append(ch)
                else:
                    runs.append([key, [ch]])
            for (family, style), chars in runs:
                run = "".join(chars)
                self.ensure(family, style)
                pdf.set_font(family, style, size)
                pdf.text(x, baseline, run)
                x += WIDTHS.units(run, bold) * size * PT / 1000
            pdf.set_font(*here, size)
            return
        for code in {ord(ch) for ch in part} - cmap:  # fpdf2 picks among the fonts already embedded
            self.ensure(*COVERAGE.font_for(code, bold))
        padding = pdf.c_margin
        pdf.c_margin = 0
        pdf.set_xy(x, y)
        pdf.text_shaping = pdf.shaping
        part = mark + part
        pdf.cell(WIDTHS.units(part, bold) * size * PT / 1000 + 1, height, part)
        pdf.text_shaping = None
        pdf.c_margin = padding

    def paragraph(self, value: Any, size: float = BODY, bold: bool = False, colour=INK, indent: float = 0,
                  line: float | None = None) -> None:
        self.font(size, bold, colour)
        self.lines(self.text(value), MARGIN + indent, self.width - indent, line or size * 0.5, size, bold)

    def heading(self, value: str, level: int = 1, keep: float = 28) -> None:
        """A section heading (level 1) or sub-heading, kept on a page with `keep` mm below it."""
        if level == 1:
            self.gap(4)
            self.room(keep)
            self.paragraph(value, 14, True, ACCENT, line=7)
            y = self.pdf.get_y() + 0.5
            self.pdf.set_draw_color(*ACCENT)
            self.pdf.set_line_width(0.4)
            self.pdf.line(MARGIN, y, MARGIN + self.width, y)
            self.gap(3)
        else:
            self.gap(2)
            self.room(18)
            self.paragraph(value, 11.5, True, INK, line=6)
            self.gap(1)

    def field(self, label: str, value: Any, label_width: float = 30) -> None:
        """A label in bold with its value wrapped beside it."""
        label, value = self.text(label), self.text(value)
        self.room(LINE)
        self.font(BODY, True, MUTED)
        y = self.pdf.get_y()
        self.lines(label, MARGIN, label_width - 1, LINE, BODY, True)
        page, label_end = self.pdf.page, self.pdf.get_y()
        self.pdf.set_xy(MARGIN + label_width, y)
        self.font(BODY)
        self.lines(value, MARGIN + label_width, self.width - label_width, LINE, BODY)
        if self.pdf.page == page and label_end > self.pdf.get_y():  # a label longer than its value
            self.pdf.set_y(label_end)

    def rule(self) -> None:
        y = self.pdf.get_y()
        self.pdf.set_draw_color(*RULE)
        self.pdf.set_line_width(0.2)
        self.pdf.line(MARGIN, y, MARGIN + self.width, y)

    def estimate(self, value: str, width: float, size: float, line: float) -> float:
        """Roughly how tall a wrapped text is (for choosing a layout; no need to lay it out)."""
        lines = 0
        for part in value.split("\n"):
            lines += max(1, -(-WIDTHS.units(part, False) * size * PT / 1000 * 1.15 // width))
        return lines * line


TABLE_PADDING = 1.2


def table(w: Writer, headings: list[str], rows: list[list[str]], widths: list[float]) -> None:
    """A table in the plan's style, for other reports' tables: bold headings on a tinted row,
    repeated on each page; every other row tinted; rules between rows; the widths scaled to the
    text width. A row taller than what is left of a page goes on over the next. The rows' texts
    must already have passed through `w.text`. (fpdf2's own table lays each cell out with its
    multi_cell, which is slow; this one breaks the lines itself, as `Writer.lines` does.)"""
    w.font(PLAN_SIZE)
    w.pdf.set_draw_color(*RULE)
    w.pdf.set_line_width(0.2)
    headings = [w.text(heading) for heading in headings]
    pdf = w.pdf
    scale = w.width / sum(widths)
    columns = [width * scale for width in widths]
    lefts = [MARGIN + sum(columns[:n]) for n in range(len(columns))]
    pad, line = TABLE_PADDING, PLAN_LINE

    def cells(texts: list[str], bold: bool) -> list[list[tuple[str, str]]]:
        measure = w.shaped_width(PLAN_SIZE, bold)
        return [layout_lines(text, width - 2 * pad, PLAN_SIZE, bold, measure) for text, width in zip(texts, columns)]

    heading_lines = cells(headings, True)
    heading_height = max(map(len, heading_lines), default=1) * line + 2 * pad

    def draw(lines: list[list[tuple[str, str]]], y: float, height: float, bold: bool, fill: tuple[int, int, int] | None,
             ruled: bool = False) -> None:
        if fill:
            pdf.set_fill_color(*fill)
            pdf.rect(MARGIN, y, w.width, height, style="F")
        if ruled:  # the rule between two rows
            pdf.line(MARGIN, y, MARGIN + w.width, y)
        w.font(PLAN_SIZE, bold)
        cmap = COVERAGE.style(bold)
        for left, cell in zip(lefts, lines):
            for n, (part, mark) in enumerate(cell):
                w.draw_line(part, left + pad, y + pad + n * line, line, PLAN_SIZE, cmap, mark)

    def heading_row() -> float:
        y = pdf.get_y()
        draw(heading_lines, y, heading_height, True, HEADING_FILL)
        return y + heading_height

    body = [cells(row, False) for row in rows]
    if pdf.get_y() + heading_height + (max(map(len, body[0])) * line + 2 * pad if body else 0) > pdf.page_break_trigger:
        pdf.add_page()
    y = heading_row()
    for n, lines in enumerate(body):
        fill = ROW_FILL if n % 2 == 0 else None
        left = [list(cell) for cell in lines]
        while True:
            fit = int((pdf.page_break_trigger - y - 2 * pad) // line)
            need = max(map(len, left), default=0)
            if need > fit and (fit < 2 or need * line + 2 * pad <= pdf.page_break_trigger - pdf.t_margin - heading_height):
                pdf.add_page()  # the row goes to the next page whole, or over pages from a good start
                y = heading_row()
                continue
            take = min(need, fit)
            height = max(take, 1) * line + 2 * pad
            draw([cell[:take] for cell in left], y, height, False, fill, ruled=True)
            left = [cell[take:] for cell in left]
            y += height
            if not any(left):
                break
            pdf.add_page()
            y = heading_row()
    pdf.set_xy(MARGIN, y)
    w.font(PLAN_SIZE)
    w.gap(3)
