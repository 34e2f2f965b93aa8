"""Reports: the PDF plan, the CSV and the chart PNG one assessment downloads, and the chart they
share with the results page.

The PDF (fpdf2, A4 portrait, "Page 2 of 5" in the footer) holds, in order: the piece of work's title;
who, role and date; the instrument and its source; the status; the chart; the plain-language
summary; each item's score and the person's example and chosen options per view; the free-text
answers; and the next-steps plan as a table. Where the instrument says scores are not added up, no
total or average appears anywhere.

The chart is drawn as vector shapes by coprod.pdf_charts, from the same geometry as the chart on
the results page; the PNG of that chart (`png_chart`) is a download of its own.

Fonts ship in the repository (coprod/fonts/, with their licences and the script that cut them down
from the original files): DejaVu Sans and DejaVu Sans Bold for text in Latin script, with the
other parts of DejaVu (Greek and Cyrillic, Hebrew and Arabic, symbols, the rest), Noto Emoji, Noto
Sans Symbols, Noto Sans and Noto Sans for other scripts as fallbacks, each added to a PDF only
when its text needs it. Text shaping (uharfbuzz) joins Arabic letters and lays out
right-to-left text. Every text passes through one filter before it is drawn: a character that no
embedded font has is replaced by "□" (U+25A1), so nothing crashes and nothing disappears without a
trace. The fonts' character sets are read once per process; each PDF reads the (small) files it
embeds through fpdf2's own `add_font`.
"""

from __future__ import annotations

import csv
import io
import re
import threading
import unicodedata
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coprod import assessment as A
from coprod import charts, pdf_charts, plans
from coprod.csv_cells import cell
from coprod.instruments import Instrument, Item, Perspective
from coprod.memo import Memo
from coprod.summary import summary_lines

if TYPE_CHECKING:
    import altair as alt

REPLACEMENT = "\u25a1"  # □: drawn where no embedded font has the character
FAMILY = "dejavu"
FONT_DIR = Path(__file__).resolve().parent / "fonts"
MAIN_FONTS = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
# Fallbacks in order of preference, each a family (style -> file); each is embedded only in a PDF
# whose text needs it, and holds only the characters no font before it has (coprod/fonts/build.py).
# First the other parts of DejaVu, so that every character DejaVu has is drawn by DejaVu; a PDF
# reads only the parts its text needs, because reading a font file costs fpdf2 time in proportion
# to its glyphs, in every PDF.
FALLBACK_FONTS: tuple[dict[str, str], ...] = (
    *({"": f"DejaVuSans-{part}.ttf", "B": f"DejaVuSans-Bold-{part}.ttf"}
      for part in ("Latin", "GreekCyrillic", "Hebrew", "Arabic", "Symbols", "Extra")),
    *({"": f"NotoEmoji-Regular{part}.ttf"} for part in ("-1F300", "-1F400", "-1F500", "-1F600", "-1F900", "")),
    *({"": f"{name}-Regular.ttf"} for name in (
        "NotoSansSymbols", "NotoSans", "NotoSansHebrew", "NotoSansArabic", "NotoSansArmenian",
        "NotoSansGeorgian", "NotoSansDevanagari", "NotoSansBengali", "NotoSansGurmukhi", "NotoSansGujarati",
        "NotoSansOriya", "NotoSansTamil", "NotoSansTelugu", "NotoSansKannada", "NotoSansMalayalam",
        "NotoSansSinhala", "NotoSansThai", "NotoSansLao", "NotoSansMyanmar", "NotoSansKhmer", "NotoSansEthiopic",
    )),
    *({"": f"NotoSansCJK-Regular-{part}.ttf"}  # Chinese, Japanese, Korean: kana, Hangul, ideographs by 2,048
      for part in ("Kana", "Hangul", *(f"Han{start:X}" for start in range(0x4E00, 0xA000, 0x800)))),
)
# Invisible format characters (variation selectors, tag characters, BOM) that no font needs to draw.
_IGNORABLE = re.compile("[\ufe00-\ufe0f\ufeff\U000e0000-\U000e007f\U000e0100-\U000e01ef]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_PLAIN = re.compile(r"[ -~\n]*")  # printable ASCII: every main font has it
# Text that needs the shaping engine: right-to-left and joined scripts, combining marks, bidi and
# joiner controls, emoji skin tones. Other text is laid out without it, which is several times faster.
_SHAPED = re.compile(
    "[\u0300-\u036f\u0590-\u08ff\u0900-\u0fff\u1000-\u109f\u1780-\u17ff\u1ab0-\u1aff"
    "\u1dc0-\u1dff\u200c-\u200f\u202a-\u202e\u2066-\u2069\u20d0-\u20ff\ufb1d-\ufdff"
    "\ufe20-\ufe2f\ufe70-\ufefe\U0001f3fb-\U0001f3ff]"
)

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


# --------------------------------------------------------------------------- the chart


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


_PNGS = Memo(32)  # forgotten when the assessment is deleted (coprod.memo)


def png_chart(instrument: Instrument, doc: dict) -> bytes:
    """The chart as a PNG (the "Chart (PNG)" download; the PDF draws its chart itself).

    Drawing takes a few tenths of a second, so the last few pictures are kept, keyed by what they
    show: the instrument's version and each view's label and scores (examples only feed tooltips).
    """
    key = (
        instrument.id,
        instrument.fingerprint,
        instrument.kind,
        tuple((s.label, tuple(s.scores.get(item.id) for item in instrument.items)) for s in series_for(instrument, doc)),
    )
    return cached_png(key, lambda: chart_for(instrument, doc), doc.get("token", ""))


def cached_png(key: tuple, chart: Callable[[], alt.TopLevelMixin], owner: str = "") -> bytes:
    """The PNG of `chart()`, drawn only when no picture is kept under `key` (what the chart shows);
    `owner` is the document it is of."""
    return _PNGS.get(key, lambda: charts.to_png(chart()), [owner])


# --------------------------------------------------------------------------- words shared by PDF and CSV


def score_text(instrument: Instrument, score: int | None) -> str:
    """A score as a person reads it: "Basic", "5 on the 1–9 scale · Making progress"."""
    if score is None:
        return "Not scored yet"
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


# --------------------------------------------------------------------------- fonts


@lru_cache(maxsize=1)
def font_files() -> tuple[dict[str, Path], tuple[dict[str, Path], ...]]:
    """(main font per style, fallback families in order, each a font per style): the files in
    coprod/fonts/."""
    main = {style: FONT_DIR / name for style, name in MAIN_FONTS.items()}
    fallbacks = tuple({style: FONT_DIR / name for style, name in family.items()} for family in FALLBACK_FONTS)
    missing = [path for path in [*main.values(), *(p for family in fallbacks for p in family.values())] if not path.exists()]
    if missing:
        raise RuntimeError(f"The PDF fonts are missing from {FONT_DIR}: {', '.join(p.name for p in missing)}")
    return main, fallbacks


_METRICS_LOCK = threading.Lock()
_METRICS: dict[str, tuple[dict[int, int], int]] = {}


def font_metrics(path: Path) -> tuple[dict[int, int], int]:
    """(character -> advance width in thousandths of the size, width of a missing glyph) of one of
    the fonts, as fpdf2 measures them: from coprod/fonts/metrics.json, which coprod/fonts/build.py
    writes beside the fonts (reading all the font files instead would cost a process's first PDF
    a good part of its time)."""
    if not _METRICS:
        import json

        with _METRICS_LOCK:
            if not _METRICS:
                data = json.loads((FONT_DIR / "metrics.json").read_text(encoding="utf-8"))
                for name, entry in data.items():
                    widths: dict[int, int] = {}
                    for start, run in entry["runs"]:
                        widths.update(zip(range(start, start + len(run)), run))
                    _METRICS[name] = (widths, entry["missing"])
    return _METRICS[path.name]


def _cmap(path: Path) -> frozenset[int]:
    return frozenset(font_metrics(path)[0])


class _Coverage:
    """Which characters the main font has, and which fallback font draws each other character
    (from `font_metrics`, once per process)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._main: frozenset[int] | None = None
        self._owner: dict[int, int] | None = None  # code point -> index in the fallback list
        self._styles: dict[str, frozenset[int]] = {}
        self._font_for: dict[bool, dict[int, tuple[str, str]]] = {}
        self._by_path: dict[Path, frozenset[int]] = {}

    @property
    def main(self) -> frozenset[int]:
        if self._main is None:
            with self._lock:
                if self._main is None:
                    main, _ = font_files()
                    self._main = frozenset().union(*(_cmap(path) for path in main.values()))
        return self._main

    def style(self, bold: bool) -> frozenset[int]:
        """The characters the main font of one style has."""
        key = "B" if bold else ""
        found = self._styles.get(key)
        if found is None:
            found = self._styles[key] = frozenset(_cmap(font_files()[0][key]))
        return found

    def font_for(self, code: int, bold: bool) -> tuple[str, str]:
        """(family, style) of the font that draws a character in text of one style, chosen as
        fpdf2 chooses among the fallback fonts: the style's own font if it has the character,
        else the first font that has it in the same style, else the first that has it."""
        cache = self._font_for.setdefault(bold, {})
        found = cache.get(code)
        if found is None:
            style, other = ("B", "") if bold else ("", "B")
            if code in self.style(bold):
                found = (FAMILY, style)
            elif code in self.style(not bold):
                found = (FAMILY, other)
            else:
                index = self.owner.get(code)
                if index is None:
                    found = (FAMILY, style)
                else:
                    family = font_files()[1][index]
                    have = [s for s in (style, other) if s in family and code in self.chars(family[s])]
                    found = (f"fallback{index}", have[0] if have else "")
            cache[code] = found
        return found

    def chars(self, path: Path) -> frozenset[int]:
        found = self._by_path.get(path)
        if found is None:
            found = self._by_path[path] = frozenset(_cmap(path))
        return found

    @property
    def owner(self) -> dict[int, int]:
        if self._owner is None:
            with self._lock:
                if self._owner is None:
                    owner: dict[int, int] = {}
                    for index, family in enumerate(font_files()[1]):
                        for path in family.values():
                            for code in _cmap(path):
                                owner.setdefault(code, index)
                    self._owner = owner
        return self._owner


COVERAGE = _Coverage()


class _Widths:
    """Each character's advance width (in thousandths of the font size), as fpdf2 measures it
    (`font_metrics`), so that the report lays its lines out itself: fpdf2's own line breaking
    measures a line again for every character added to it, which made it most of a PDF's time. A
    character takes the width of the font that draws it: the main font of the style, the other
    style's (fpdf2 falls back to it), then its fallback family's."""

    def __init__(self) -> None:
        self._styles: dict[str, dict[int, int]] = {"": {}, "B": {}}

    def font(self, path: Path) -> tuple[dict[int, int], int]:
        """(character -> width, width of a missing glyph) of one font file."""
        return font_metrics(path)

    def _slow(self, code: int, style: str) -> int:
        main, fallbacks = font_files()
        for path in (main[style], main["B" if style == "" else ""]):
            widths, _ = self.font(path)
            if code in widths:
                return widths[code]
        index = COVERAGE.owner.get(code)
        if index is not None:
            family = fallbacks[index]
            for path in (family.get(style), *family.values()):
                if path is not None and code in self.font(path)[0]:
                    return self.font(path)[0][code]
        return self.font(main[style])[1]

    def table(self, bold: bool) -> dict[int, int]:
        style = "B" if bold else ""
        table = self._styles[style]
        if not table:
            main, _ = font_files()
            merged = dict(self.font(main["B" if style == "" else ""])[0])
            merged.update(self.font(main[style])[0])
            self._styles[style] = table = merged
        return table

    def units(self, text: str, bold: bool) -> int:
        table = self.table(bold)
        try:
            return sum(map(table.__getitem__, map(ord, text)))
        except KeyError:
            total = 0
            for ch in text:
                code = ord(ch)
                width = table.get(code)
                if width is None:
                    width = table[code] = self._slow(code, "B" if bold else "")
                total += width
            return total


WIDTHS = _Widths()
PT = 25.4 / 72  # mm per point
_SPACES = re.compile(r"( +)")
# A line with shaped words is measured word by word (shaping across a space changes little): it is
# broken a little short so that the shaped line surely fits.
SHAPED_SLACK = 0.97
LRM, RLM = "\u200e", "\u200f"


def _direction(paragraph: str) -> str:
    """The paragraph's direction as a mark to start each of its lines with (Unicode's rule: its
    first letter decides), so that a line broken off it keeps the paragraph's direction."""
    for ch in paragraph:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return LRM
        if kind in ("R", "AL"):
            return RLM
    return LRM


def layout_lines(text: str, width: float, size: float, bold: bool = False,
                 shaped: Callable[[str], float] | None = None) -> list[tuple[str, str]]:
    """The text's lines within `width` mm (`wrap_lines`), each with "" or, for a line that needs
    text shaping, the direction mark of its paragraph (a right-to-left paragraph shapes all its
    lines, so that they read in its direction). `shaped` measures a shaped word."""
    if not _SHAPED.search(text):
        return [(line, "") for line in wrap_lines(text, width, size, bold)]
    out = []
    for paragraph in text.split("\n"):
        if not _SHAPED.search(paragraph):
            out += [(line, "") for line in wrap_lines(paragraph, width, size, bold)]
            continue
        mark = _direction(paragraph)
        for line in wrap_lines(paragraph, width * SHAPED_SLACK, size, bold, shaped):
            out.append((line, mark if mark == RLM or _SHAPED.search(line) else ""))
    return out


def wrap_lines(text: str, width: float, size: float, bold: bool = False,
               shaped: Callable[[str], float] | None = None) -> list[str]:
    """The text broken into lines no wider than `width` mm at `size` points, as fpdf2's multi_cell
    breaks it: at spaces (the space at a break dropped), at new lines, and inside a word that is
    wider than a line on its own. `shaped(word)` measures a word that needs shaping (in mm)."""
    per_unit = size * PT / 1000
    limit = width / per_unit  # in font units
    units = WIDTHS.units
    if shaped is not None:
        def units(part: str, bold: bool, plain=WIDTHS.units) -> float:
            return shaped(part) / per_unit if _SHAPED.search(part) else plain(part, bold)
    out: list[str] = []
    for paragraph in text.split("\n"):
        parts = _SPACES.split(paragraph)  # word, spaces, word, spaces, …
        line, used = "", 0
        for n in range(0, len(parts), 2):
            word = parts[n]
            if not word:  # spaces at the start or the end of a paragraph
                continue
            word_units = units(word, bold)
            if line:
                gap = parts[n - 1]
                gap_units = units(gap, bold)
                if used + gap_units + word_units <= limit:
                    line, used = line + gap + word, used + gap_units + word_units
                    continue
                out.append(line)
            if word_units <= limit:
                line, used = word, word_units
                continue
            line, used = "", 0
            for ch in word:  # a word wider than a line: break it where it reaches the edge
                ch_units = units(ch, bold)
                if line and used + ch_units > limit:
                    out.append(line)
                    line, used = "", 0
                line, used = line + ch, used + ch_units
        out.append(line)
    return out


def drawable(text: str) -> tuple[str, set[int]]:
    """The text as the PDF draws it, and the fallback fonts (indexes) it needs.

    Tabs become spaces and control characters go (assessment.clean_text already drops them), invisible
    format characters no font has are left out, and any other character that no font has becomes □.
    """
    text = str(text).replace("\r\n", "\n").replace("\t", "    ")
    if _PLAIN.fullmatch(text):
        return text, set()
    text = _CONTROL.sub("", text)
    main = COVERAGE.main
    needed: set[int] = set()
    out = []
    for ch in text:
        code = ord(ch)
        if code in main or ch == "\n":
            out.append(ch)
        elif (index := COVERAGE.owner.get(code)) is not None:
            needed.add(index)
            out.append(ch)
        elif _IGNORABLE.match(ch):
            continue
        else:
            out.append(REPLACEMENT)
    return "".join(out), needed


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


@lru_cache(maxsize=1)
def _pdf_class() -> type:
    """The FPDF subclass, made on first use so that importing this module does not import fpdf."""
    from fpdf import FPDF

    class ReportPDF(FPDF):
        footer_text = ""

        shaping: dict | None = None  # the shaping settings, used only for text that needs them

        def shape_for(self, *texts: str) -> None:
            """Turn the shaping engine on for text that needs it, off for the rest."""
            self.text_shaping = self.shaping if any(_SHAPED.search(t) for t in texts) else None

        def footer(self) -> None:
            saved = self.text_shaping  # the footer may interrupt a paragraph that is being shaped
            self.shape_for(self.footer_text)
            self.set_y(-12)
            self.set_font(FAMILY, "", 8)
            self.set_text_color(*MUTED)
            width = self.w - 2 * MARGIN
            if self.footer_text:
                self.cell(width * 0.7, 5, self.footer_text, align="L")
                self.cell(width * 0.3, 5, f"Page {self.page_no()} of {{nb}}", align="R")
            else:
                self.cell(width, 5, f"Page {self.page_no()} of {{nb}}", align="R")
            self.text_shaping = saved

    return ReportPDF


class _Writer:
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
        pdf.footer_text = self.text(_clip(title, 70))
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
            if _PLAIN.fullmatch(part) or all(ord(ch) in cmap for ch in part):
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


def _clip(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _about(w: _Writer, instrument: Instrument, doc: dict) -> None:
    w.paragraph(doc.get("title", ""), 20, True, INK, line=9)
    w.gap(3)
    if doc.get("name"):
        w.field("Name", doc["name"])
    if doc.get("role"):
        w.field("Role", doc["role"])
    w.field("Date", long_date(doc.get("date", "")))
    w.field("Instrument", instrument.title)
    w.field("Source", f"{instrument.source.citation()}. Seed file: {instrument.source.seed}")
    views = A.chosen_perspectives(instrument, doc)
    if instrument.perspectives:
        w.field("Views scored", ", ".join(p.label for p in views))
    w.field("Status", status_text(doc))


def _chart(w: _Writer, instrument: Instrument, doc: dict) -> None:
    if instrument.kind == "checklist":
        _checklist(w, instrument, doc)
        return
    if instrument.kind == "survey":
        w.heading("Your answers")
        _survey_table(w, instrument, doc)
        w.gap(3)
        pdf_charts.survey(w, instrument, series_for(instrument, doc)[0].scores)
    else:
        pdf_charts.radar(w, instrument, series_for(instrument, doc), heading="Your chart")
    if instrument.chart.note:
        w.gap(2)
        note = ("coprod's note: " if instrument.written_by_coprod("chart.note") else "") + instrument.chart.note
        w.paragraph(note, 8.5, colour=MUTED, line=4)


def answer_mark(instrument: Instrument, score: int | None) -> str:
    """A checklist answer with a sign, so it reads without colour: ✓ Yes, ✗ No, … Needs more work."""
    if score is None:
        return "○ Not answered yet"
    band = instrument.scale.band_for(score)
    sign = "✓" if band == instrument.scale.bands[-1] else "✗" if band == instrument.scale.bands[0] else "…"
    return f"{sign} {instrument.scale.label_for(score)}"


def _checklist(w: _Writer, instrument: Instrument, doc: dict) -> None:
    """The checklist itself, stage by stage, ticked."""
    w.heading("Your checklist")
    p = A.chosen_perspectives(instrument, doc)[0]
    for group in instrument.groups:
        if group:
            w.heading(group, 2)
        rows = [[w.text(answer_mark(instrument, A.answer(doc, p.id, item.id)["score"])), w.text(item.name)]
                for item in instrument.items if item.group == group]
        table(w, ["Answer", "Check"], rows, [44, w.width - 44])


def _survey_table(w: _Writer, instrument: Instrument, doc: dict) -> None:
    """Each statement with the person's answer, and the source group's counts beside it for reference."""
    p = A.chosen_perspectives(instrument, doc)[0]
    tally = instrument.reference_tally
    bands = list(reversed(instrument.scale.bands))
    headings = ["Statement", "Your answer"] + ([b.name for b in bands] if tally else [])
    rows = []
    for item in instrument.items:
        score = A.answer(doc, p.id, item.id)["score"]
        counts = dict(zip([b.id for b in instrument.scale.bands], tally.counts.get(item.id, ()))) if tally else {}
        rows.append([w.text(item.name), w.text(instrument.scale.label_for(score) if score is not None else "—"),
                     *(str(counts.get(b.id, "")) for b in bands if tally)])
    across = 17.0 if tally else 0.0
    table(w, headings, rows, [w.width - 30 - across * (len(headings) - 2), 30, *[across] * (len(headings) - 2)])
    if tally:
        w.paragraph(f"The counts are the {tally.label}, for reference.", 8.5, colour=MUTED, line=4)


def _summary(w: _Writer, instrument: Instrument, doc: dict) -> None:
    w.heading("Summary")
    views = A.chosen_perspectives(instrument, doc)
    for p in views:
        if len(views) > 1:
            w.heading(p.label, 2)
        for line in summary_lines(instrument, doc, p):
            w.paragraph(line, line=LINE)
            w.gap(1.5)


def _scores(w: _Writer, instrument: Instrument, doc: dict, heading: str = "Scores and examples") -> None:
    w.heading(heading, keep=50)
    views = A.chosen_perspectives(instrument, doc)
    group = ""
    for n, item in enumerate(instrument.items):
        if item.group and item.group != group:
            group = item.group
            w.room(40)
            w.heading(group, 2)
        elif n:
            w.gap(1)
            w.rule()
            w.gap(2)
        w.room(22)
        w.paragraph(item.name, 10.5, True, line=5.2)
        w.gap(0.8)
        once = A.examples_per_item(instrument)  # nef: the views' scores, then the item's one example
        for n, p in enumerate(views):
            _answer(w, instrument, doc, item, p, len(views) > 1, example=not once or n == len(views) - 1)


def _answer(w: _Writer, instrument: Instrument, doc: dict, item: Item, p: Perspective, label_views: bool, example: bool = True) -> None:
    given = A.answer(doc, p.id, item.id)
    indent = 4
    score = score_text(instrument, given["score"])
    w.field(p.label if label_views else "Score", score, 34)
    if not example:
        return
    text = str(given["example"] or "")
    w.paragraph(instrument.rules.example_label, 9, True, MUTED, indent=indent, line=4.5)
    if text.strip():
        w.paragraph(text.strip("\n"), BODY, indent=indent, line=LINE)
    else:
        w.paragraph("No example given.", 9, colour=MUTED, indent=indent, line=4.5)
    if given["options"]:
        w.paragraph("Chosen:", 9, True, MUTED, indent=indent, line=4.5)
        for option in given["options"]:
            w.paragraph(f"• {option}", BODY, indent=indent + 2, line=LINE)
    w.gap(1.5)


def _prompts(w: _Writer, instrument: Instrument, doc: dict) -> None:
    if not instrument.prompts:
        return
    w.heading("Your notes" if len(instrument.prompts) > 1 else instrument.prompts[0].label)
    for n, prompt in enumerate(instrument.prompts):
        if n:
            w.gap(1)
            w.rule()
            w.gap(2)
        w.room(22)
        if len(instrument.prompts) > 1:
            w.paragraph(prompt.label, 10.5, True, line=5.2)
        w.paragraph(prompt.text, 9, colour=MUTED, line=4.5)
        w.gap(1)
        answer = str((doc.get("prompts") or {}).get(prompt.id) or "").strip("\n")
        if answer.strip():
            w.paragraph(answer, line=LINE)
        else:
            w.paragraph("No answer yet.", 9, colour=MUTED, line=4.5)


# Plan columns: the least width in mm (room to write by hand in a printed copy); the rest of the
# page's text width (178 mm) goes to the columns in proportion to how much text they hold.
PLAN_MIN_WIDTHS = {"principle": 24, "current": 18, "next_level": 20, "actions": 20, "who": 16, "by_when": 14, "progress": 20, "status": 15}
PLAN_SIZE = 8
PLAN_LINE = 3.9
TALL_ROW = 110  # mm: a plan row taller than this is printed as a block of its own, not a table row


def _plan_widths(w: _Writer, cells: list[list[str]]) -> dict[str, float]:
    w.font(PLAN_SIZE)
    area = {column: sum(w.pdf.get_string_width(row[n]) for row in cells) for n, column in enumerate(plans.COLUMNS)}
    spare = w.width - sum(PLAN_MIN_WIDTHS.values())
    total = sum(area.values())
    if not total:
        return {c: m + spare / len(PLAN_MIN_WIDTHS) for c, m in PLAN_MIN_WIDTHS.items()}
    return {c: m + spare * area[c] / total for c, m in PLAN_MIN_WIDTHS.items()}


def _plan(w: _Writer, instrument: Instrument, doc: dict) -> None:
    """The plan as a table (headings repeated on each page); a row too tall for a page-friendly
    table row (a long progress update) is printed as a block of labelled paragraphs instead."""
    rows = plans.plan_of(instrument, doc)
    cells = [[w.text(row.get(column, "") or "") for column in plans.COLUMNS] for row in rows]
    widths = _plan_widths(w, [row for row in cells if sum(map(len, row)) < 2000])
    heights = [
        max(w.estimate(text, widths[column] - 2.4, PLAN_SIZE, PLAN_LINE) for column, text in zip(plans.COLUMNS, row))
        for row in cells
    ]
    # Keep the heading with the table's heading row and first row.
    first = heights[0] if heights and heights[0] <= TALL_ROW else 20
    w.heading("Next steps plan", keep=14 + 10 + first + 4)
    if not rows:
        w.paragraph("No plan rows yet.", 9, colour=MUTED)
        return
    run: list[list[str]] = []
    for row, height in zip(cells, heights):
        if height > TALL_ROW:
            _plan_table(w, instrument, run, widths)
            run = []
            _plan_block(w, instrument, row)
        else:
            run.append(row)
    _plan_table(w, instrument, run, widths)


def _plan_table(w: _Writer, instrument: Instrument, rows: list[list[str]], widths: dict[str, float]) -> None:
    if not rows:
        return
    named = plans.headings(instrument)
    table(w, [named[column] for column in plans.COLUMNS], rows, [widths[column] for column in plans.COLUMNS])


TABLE_PADDING = 1.2


def table(w: _Writer, headings: list[str], rows: list[list[str]], widths: list[float]) -> None:
    """A table in the plan's style, for other reports' tables: bold headings on a tinted row,
    repeated on each page; every other row tinted; rules between rows; the widths scaled to the
    text width. A row taller than what is left of a page goes on over the next. The rows' texts
    must already have passed through `w.text`. (fpdf2's own table lays each cell out with its
    multi_cell, which is slow; this one breaks the lines itself, as `_Writer.lines` does.)"""
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


def _plan_block(w: _Writer, instrument: Instrument, row: list[str]) -> None:
    w.room(30)
    w.rule()
    w.gap(2)
    values = dict(zip(plans.COLUMNS, row))
    w.paragraph(values["principle"] or "Plan row", 10.5, True, line=5.2)
    for column in plans.COLUMNS[1:]:
        if values[column].strip():
            w.paragraph(plans.headings(instrument)[column], 9, True, MUTED, line=4.5)
            w.paragraph(values[column], line=LINE)
            w.gap(1)
    w.gap(2)


def progress_rows(instrument: Instrument, doc: dict, earlier: list[dict]) -> list[dict]:
    """Per view and item: the score in each round, the change, a drop flag and the plan's status."""
    from coprod import rounds

    status = {row.get("item_id"): row.get("status", "") for row in plans.plan_of(instrument, doc) if row.get("item_id")}
    views = len(doc["perspectives"]) > 1
    out = []
    for change in rounds.changes(instrument, [*earlier, doc]):
        out.append({
            "item": change.item.name + (f" ({change.perspective.label})" if views else ""),
            "item_id": change.item.id,
            "scores": [score_text(instrument, s) if s is not None else "—" for s in change.scores],
            "change": "" if change.change is None else f"{change.change:+d}",
            "flag": "went down" if change.went_down else "",
            "status": status.get(change.item.id, ""),
        })
    return out


def _progress(w: _Writer, instrument: Instrument, doc: dict, earlier: list[dict]) -> None:
    rows = progress_rows(instrument, doc, earlier)
    dates = [r["date"] for r in [*earlier, doc]]
    w.heading("Progress since earlier rounds", keep=40)
    w.paragraph("Scores in each round, oldest first. An item that went down since the last round is worth a look "
                "for unintended consequences.", 9, colour=MUTED)
    from coprod.versions import rounds_note  # (tomli_w, only for progress across rounds)

    note = rounds_note([*earlier, doc])
    if note:
        w.paragraph(note, 9, colour=MUTED)
    headings = ["Item", *[f"Round {n} ({d})" for n, d in enumerate(dates, start=1)], "Change", "Look again", "Action status"]
    cells = [[w.text(v) for v in (r["item"], *r["scores"], r["change"], r["flag"], r["status"])] for r in rows]
    fixed = 14 + 18 + 22
    round_width = min(30.0, (w.width - 40 - fixed) / len(dates))
    table(w, headings, cells, [w.width - fixed - round_width * len(dates), *[round_width] * len(dates), 14, 18, 22])


def pdf_report(instrument: Instrument, doc: dict, earlier: list[dict] | None = None) -> bytes:
    """The assessment as an A4 PDF plan, fit to print and pin up; with the earlier review rounds
    given, it includes the progress since them."""
    w = _Writer(doc.get("title", "") or "Assessment")
    _about(w, instrument, doc)
    _chart(w, instrument, doc)
    _summary(w, instrument, doc)
    if earlier:
        _progress(w, instrument, doc, earlier)
    _scores(w, instrument, doc)
    _prompts(w, instrument, doc)
    _plan(w, instrument, doc)
    return bytes(w.pdf.output())


def warm_up() -> None:
    """Load what a process's first PDF needs (fpdf2, the fonts' character sets, the shaping engine)
    ahead of time, so that a person's first download is as quick as the next. Safe in a background
    thread. The PDFs draw their charts themselves: vl-convert (the PNG download) is not loaded."""
    COVERAGE.main, COVERAGE.owner  # noqa: B018 (reads the fonts' character sets)
    w = _Writer("coprod")  # imports fpdf2 and reads the main fonts
    for bold in (False, True):  # both styles' widths, the shaping engine and a fallback font
        w.paragraph("Warm-up: “Łódź” — שלום 🌱", bold=bold)
    w.pdf.output()  # and fontTools' subsetter


# --------------------------------------------------------------------------- the CSV

CSV_COLUMNS = [
    "assessment", "date", "kind", "perspective", "item_id", "item", "group", "score", "score_label", "band", "example", "options",
    *plans.COLUMNS,
]
def csv_report(instrument: Instrument, doc: dict, earlier: list[dict] | None = None) -> str:
    """The scores, free-text answers and plan as one CSV table with a header row.

    Columns: assessment and date (its title and date on every row, so files put together still say whose each row
    is), kind, perspective, item_id, item, group, score, score_label, band, example, options, then the plan's
    columns (principle, current, next_level, actions, who, by_when, progress).
    Rows, in order:
      - kind "score": one per chosen view × item; score is the number on the instrument's scale
        (empty when not scored), score_label its name, band its band; example is the person's
        example; options the checklist options chosen, separated by "; ".
      - kind "answer": one per free-text question; item is the question's label, example the answer.
      - kind "plan": one per plan row, with the plan columns filled.
      - kind "progress" (when earlier review rounds are given): one per view × item × round, oldest
        first, with that round's date in group, its score in score/score_label/band, the change
        from the first round to now in example, and the item's plan status in status.
    Columns a row kind does not use are empty. Text is kept as typed (commas, quotes, new lines and
    any Unicode are quoted by the csv module and read back unchanged), except that a cell a
    spreadsheet could run as a formula (see coprod.csv_cells) gets a single quote ' in front, so it
    shows as text. No total or average is included. For Excel, save
    the text as UTF-8 with a byte-order mark ("utf-8-sig").
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    blank = {column: "" for column in CSV_COLUMNS} | {"assessment": doc.get("title", ""), "date": doc.get("date", "")}
    for p in A.chosen_perspectives(instrument, doc):
        for item in instrument.items:
            given = A.answer(doc, p.id, item.id)
            score = given["score"]
            writer.writerow(cell(v) for v in {
                **blank,
                "kind": "score",
                "perspective": p.label,
                "item_id": item.id,
                "item": item.name,
                "group": item.group,
                "score": "" if score is None else score,
                "score_label": "" if score is None else instrument.scale.label_for(score),
                "band": "" if score is None else instrument.scale.band_for(score).name,
                "example": given["example"],
                "options": "; ".join(given["options"]),
            }.values())
    for prompt in instrument.prompts:
        writer.writerow(cell(v) for v in {
            **blank,
            "kind": "answer",
            "item_id": prompt.id,
            "item": prompt.label,
            "example": (doc.get("prompts") or {}).get(prompt.id) or "",
        }.values())
    if earlier:
        from coprod import rounds

        status = {row.get("item_id"): row.get("status", "") for row in plans.plan_of(instrument, doc)}
        dates = [r["date"] for r in [*earlier, doc]]
        for change in rounds.changes(instrument, [*earlier, doc]):
            for on, score, band in zip(dates, change.scores, change.bands):
                writer.writerow(cell(v) for v in {
                    **blank,
                    "kind": "progress",
                    "perspective": change.perspective.label,
                    "item_id": change.item.id,
                    "item": change.item.name,
                    "group": on,
                    "score": "" if score is None else score,
                    "score_label": "" if score is None else instrument.scale.label_for(score),
                    "band": band,
                    "example": "" if change.change is None else f"{change.change:+d}",
                    "status": status.get(change.item.id, ""),
                }.values())
    for row in plans.plan_of(instrument, doc):
        writer.writerow(cell(v) for v in {
            **blank,
            "kind": "plan",
            "item_id": row.get("item_id", ""),
            **{column: row.get(column, "") for column in plans.COLUMNS},
        }.values())
    return out.getvalue()
