"""Text on a PDF page in any script: the fonts that ship with the app, which character each draws,
how wide a line is, which way a paragraph runs, and where lines break.

Fonts ship in the repository (coprod/files/fonts/, with their licences and the script that cut them
down from the original files): DejaVu Sans and DejaVu Sans Bold for text in Latin script, with the
other parts of DejaVu (Greek and Cyrillic, Hebrew and Arabic, symbols, the rest), Noto Emoji, Noto
Sans Symbols, Noto Sans for other scripts and Noto Sans CJK as fallbacks, each added to a PDF only
when its text needs it. Text shaping (uharfbuzz) joins Arabic letters and lays out right-to-left
text (`direction`, `layout_lines`). Every text passes through one filter before it is drawn
(`drawable`): a character that no embedded font has is replaced by "□" (U+25A1), so nothing
crashes and nothing disappears without a trace. The fonts' character sets are read once per process.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

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
PLAIN = re.compile(r"[ -~\n]*")  # printable ASCII: every main font has it
# Text that needs the shaping engine: right-to-left and joined scripts, combining marks, bidi and
# joiner controls, emoji skin tones. Other text is laid out without it, which is several times faster.
SHAPED = re.compile(
    "[\u0300-\u036f\u0590-\u08ff\u0900-\u0fff\u1000-\u109f\u1780-\u17ff\u1ab0-\u1aff"
    "\u1dc0-\u1dff\u200c-\u200f\u202a-\u202e\u2066-\u2069\u20d0-\u20ff\ufb1d-\ufdff"
    "\ufe20-\ufe2f\ufe70-\ufefe\U0001f3fb-\U0001f3ff]"
)


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


def direction(paragraph: str) -> str:
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
    if not SHAPED.search(text):
        return [(line, "") for line in wrap_lines(text, width, size, bold)]
    out = []
    for paragraph in text.split("\n"):
        if not SHAPED.search(paragraph):
            out += [(line, "") for line in wrap_lines(paragraph, width, size, bold)]
            continue
        mark = direction(paragraph)
        for line in wrap_lines(paragraph, width * SHAPED_SLACK, size, bold, shaped):
            out.append((line, mark if mark == RLM or SHAPED.search(line) else ""))
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
            return shaped(part) / per_unit if SHAPED.search(part) else plain(part, bold)
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
    if PLAIN.fullmatch(text):
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
