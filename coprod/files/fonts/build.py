"""Build the PDF fonts in this folder from the original font files (see README.md beside this file).

    .venv/bin/python coprod/fonts/build.py --dejavu DIR --noto DIR --cjk DIR

DIR for --dejavu holds DejaVuSans.ttf and DejaVuSans-Bold.ttf as DejaVu 2.35 publishes them (the
copies in matplotlib 3.11.2's wheel, matplotlib/mpl-data/fonts/ttf/); DIR for --noto holds the
Noto variable fonts named in NOTO below (the copies in manimgx-fonts 2026.9.26.post1's wheel,
manimgx_fonts/); DIR for --cjk holds NotoSansCJK-VF.otf.ttc (the copy in manimgx-fonts-cjk
2026.9.26.post1's wheel, manimgx_fonts_cjk/). Any option may be left out while that package is installed in the running
Python: its folder is then found without importing it. Each source file's SHA-256 is checked
against SOURCES, so the same inputs always give the same outputs (the build is deterministic:
run it twice and compare).

What it does, and why:
- DejaVu Sans and DejaVu Sans Bold are cut into parts by Unicode block (DEJAVU_PARTS): the
  reports' text fonts keep Latin script, punctuation and the symbols the app prints; Greek and
  Cyrillic, Hebrew and Arabic, symbols, and the rest (Armenian, Georgian, Lao, Canadian syllabics,
  Braille …) each go into a file of their own, the first fallbacks, embedded only in a PDF whose
  text needs them: every character is drawn by the same font as with the whole DejaVu, and a PDF
  reads only the small files it needs (reading a font costs fpdf2 time in proportion to its glyphs,
  in every PDF).
- Noto Emoji is cut into parts by code point (EMOJI_PARTS) for the same reason.
- Each Noto fallback is pinned to its default (regular, 400) weight with fontTools' instancer:
  fpdf2 draws a variable font's default outlines anyway, and a static font is a fraction of the
  size. It keeps only the characters that no font before it in the fallback order has (the reports
  give each character to the first font that has it, so the others' copies are never drawn), and
  its layout tables (GSUB, GPOS, GDEF), which HarfBuzz needs to order Indic letters.
- Noto Sans CJK (its Japanese face, which draws every CJK character) is cut to the CJK characters
  of the national standard character sets, GB 2312 (simplified Chinese), JIS X 0208 (Japanese),
  Big5's frequently used level 1 (traditional Chinese) and KS X 1001's 2,350 Hangul syllables
  (Korean), with kana, Bopomofo, Hangul jamo, CJK punctuation and full-width forms: about 13,500
  characters, where the font has some 44,800 (a rarer character prints as the reports' □). They go
  into parts by Unicode block, the ideographs by ranges of 2,048 code points (CJK_PARTS), so a PDF
  embeds only the few its text needs. The original is a variable OpenType font with PostScript (CFF2)
  outlines, which fpdf2 cannot embed: each glyph is drawn at the regular weight (400) and its
  cubic curves turned into TrueType's quadratic ones (within 1 unit of 1,000 per em), and the layout
  tables are dropped (vertical forms and regional variants: the reports set text horizontally).
- Hinting instructions are dropped (a PDF viewer scales outlines, and fpdf2 would embed them);
  the name table is kept whole, so every file still says what it is and under which licence.
- metrics.json lists, per file, each character it has with its width as fpdf2 computes it
  (thousandths of the font size), so that the reports know which font draws a character and how
  wide a line is without opening every font file in every process (`metrics` below; a test checks
  it against the files).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# DejaVu Sans (regular and bold) is cut into parts by Unicode block, each a file of its own, so that
# a PDF reads and embeds only the parts its text needs: reading a font file costs fpdf2 time in
# proportion to its glyphs, in every PDF. The first part is the reports' text font; the others are
# the first fallbacks, in this order; the last (None) takes whatever DejaVu has that no part before
# it has. (suffix of the built file, ranges)
DEJAVU_PARTS: list[tuple[str, list[tuple[int, int]] | None]] = [
    ("", [  # DejaVuSans.ttf, DejaVuSans-Bold.ttf: English and most languages in Latin script
        (0x0020, 0x007E),  # Basic Latin
        (0x00A0, 0x00FF),  # Latin-1 Supplement
        (0x0100, 0x017F),  # Latin Extended-A (Polish, Czech, Welsh ŵ ŷ, Turkish …)
        (0x0218, 0x021B),  # Romanian ș ț
        (0x0300, 0x036F),  # Combining Diacritical Marks: with the letters they sit on
        (0x1E80, 0x1E85), (0x1EF2, 0x1EF3),  # Welsh ẁ ẃ ẅ ỳ
        (0x2000, 0x206F),  # General Punctuation (dashes, curly quotes, …)
        (0x20A0, 0x20CF),  # Currency Symbols (€, ₹, …)
        (0x2116, 0x2116), (0x2122, 0x2122),  # № ™
        (0x2190, 0x2199),  # Arrows (→)
        (0x2212, 0x2212), (0x2248, 0x2248), (0x2260, 0x2260), (0x2264, 0x2265),  # − ≈ ≠ ≤ ≥
        (0x25A0, 0x25FF),  # Geometric Shapes (□ U+25A1, the reports' sign for a missing character; ○ ●)
        (0x2713, 0x2718),  # ✓ ✗
        (0xFB00, 0xFB06),  # Latin ligatures (ﬁ ﬂ)
        (0xFE00, 0xFE0F),  # Variation selectors (an emoji's U+FE0F), drawn as nothing
        (0xFFFC, 0xFFFD),  # Object and replacement characters
    ]),
    ("-Latin", [  # the rest of Latin script, and phonetics
        (0x0180, 0x024F),  # Latin Extended-B (Vietnamese ơ ư, African languages …)
        (0x0250, 0x02FF),  # IPA Extensions and Spacing Modifier Letters (ʻ ˈ)
        (0x1D00, 0x1DBF),  # Phonetic Extensions
        (0x1E00, 0x1EFF),  # Latin Extended Additional (Vietnamese …)
        (0x2C60, 0x2C7F), (0xA720, 0xA7FF),  # Latin Extended-C and D
        (0x2070, 0x209F),  # Superscripts and Subscripts
        (0x2100, 0x218F),  # Letterlike Symbols and Number Forms (⅓)
    ]),
    ("-GreekCyrillic", [
        (0x0370, 0x03FF),  # Greek and Coptic
        (0x1F00, 0x1FFF),  # Greek Extended
        (0x0400, 0x052F),  # Cyrillic and Cyrillic Supplement
        (0x2DE0, 0x2DFF), (0xA640, 0xA69F),  # Cyrillic Extended-A and B
    ]),
    # Hebrew and Arabic stay in DejaVu, as before: fpdf2 places Noto Sans Arabic's joined letters so
    # that the spaces between words vanish, while DejaVu's Arabic prints as it should.
    ("-Hebrew", [(0x0590, 0x05FF), (0xFB1D, 0xFB4F)]),  # Hebrew, and its presentation forms
    ("-Arabic", [
        (0x0600, 0x06FF),  # Arabic
        (0x0750, 0x077F),  # Arabic Supplement
        (0xFB50, 0xFDFF),  # Arabic Presentation Forms-A
        (0xFE70, 0xFEFF),  # Arabic Presentation Forms-B
    ]),
    ("-Symbols", [
        (0x2190, 0x21FF),  # Arrows
        (0x2200, 0x22FF),  # Mathematical Operators
        (0x2300, 0x23FF),  # Miscellaneous Technical
        (0x2460, 0x24FF),  # Enclosed Alphanumerics
        (0x2500, 0x259F),  # Box Drawing and Block Elements
        (0x2600, 0x26FF),  # Miscellaneous Symbols (☐ ☑ ★ ⚠)
        (0x2700, 0x27BF),  # Dingbats
    ]),
    ("-Extra", None),  # Armenian, Georgian, Lao, Canadian syllabics, Braille, N'Ko, more symbols …
]
DEJAVU = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")

# Noto Emoji is cut into parts by code point in the same way (a part of about 250 emoji is read in
# a few milliseconds, the whole font in several times that); the last part takes the rest.
EMOJI_PARTS: list[tuple[str, list[tuple[int, int]] | None]] = [
    ("-1F300", [(0x1F300, 0x1F3FF)]),  # weather, plants 🌱, food, celebrations, sport
    ("-1F400", [(0x1F400, 0x1F4FF)]),  # animals, body, people, objects, office
    ("-1F500", [(0x1F500, 0x1F5FF)]),  # signs, clocks, more objects
    ("-1F600", [(0x1F600, 0x1F6FF)]),  # faces 🙂, gestures, transport
    ("-1F900", [(0x1F900, 0x1FAFF)]),  # more faces, people, nature and objects
    ("", None),  # NotoEmoji-Regular.ttf: the rest (symbols, flags' letters, keycaps …)
]
# Source file -> built file, in the reports' fallback order after DejaVu's rest (coprod.files.text_layout.FALLBACK_FONTS).
NOTO = {
    "NotoEmoji[wght].ttf": "NotoEmoji-Regular.ttf",
    "NotoSansSymbols[wght].ttf": "NotoSansSymbols-Regular.ttf",
    "NotoSans[wght].ttf": "NotoSans-Regular.ttf",
    "NotoSansHebrew[wght].ttf": "NotoSansHebrew-Regular.ttf",
    "NotoSansArabic[wght].ttf": "NotoSansArabic-Regular.ttf",
    "NotoSansArmenian[wght].ttf": "NotoSansArmenian-Regular.ttf",
    "NotoSansGeorgian[wght].ttf": "NotoSansGeorgian-Regular.ttf",
    "NotoSansDevanagari[wght].ttf": "NotoSansDevanagari-Regular.ttf",
    "NotoSansBengali[wght].ttf": "NotoSansBengali-Regular.ttf",
    "NotoSansGurmukhi[wght].ttf": "NotoSansGurmukhi-Regular.ttf",
    "NotoSansGujarati[wght].ttf": "NotoSansGujarati-Regular.ttf",
    "NotoSansOriya[wght].ttf": "NotoSansOriya-Regular.ttf",
    "NotoSansTamil[wght].ttf": "NotoSansTamil-Regular.ttf",
    "NotoSansTelugu[wght].ttf": "NotoSansTelugu-Regular.ttf",
    "NotoSansKannada[wght].ttf": "NotoSansKannada-Regular.ttf",
    "NotoSansMalayalam[wght].ttf": "NotoSansMalayalam-Regular.ttf",
    "NotoSansSinhala[wght].ttf": "NotoSansSinhala-Regular.ttf",
    "NotoSansThai[wght].ttf": "NotoSansThai-Regular.ttf",
    "NotoSansLao[wght].ttf": "NotoSansLao-Regular.ttf",
    "NotoSansMyanmar[wght].ttf": "NotoSansMyanmar-Regular.ttf",
    "NotoSansKhmer[wght].ttf": "NotoSansKhmer-Regular.ttf",
    "NotoSansEthiopic[wght].ttf": "NotoSansEthiopic-Regular.ttf",
}

# Noto Sans CJK: (source file, the face in it). Its CJK characters are cut into these parts (suffix,
# ranges), keeping only those in STANDARD_SETS (with every character of the non-ideograph blocks).
CJK = ("NotoSansCJK-VF.otf.ttc", "Noto Sans CJK JP")
CJK_TARGET = "NotoSansCJK-Regular.ttf"
CJK_PARTS: list[tuple[str, list[tuple[int, int]] | None]] = [
    ("-Kana", [
        (0x3000, 0x303F),  # CJK Symbols and Punctuation (、。「」)
        (0x3040, 0x30FF),  # Hiragana and Katakana
        (0x3100, 0x312F), (0x31A0, 0x31BF),  # Bopomofo
        (0x31F0, 0x31FF),  # Katakana Phonetic Extensions
        (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms (，！？)
    ]),
    ("-Hangul", [(0x1100, 0x11FF), (0x3130, 0x318F), (0xAC00, 0xD7AF)]),  # jamo, compatibility jamo, syllables
    *((f"-Han{start:X}", [(start, start + 0x7FF)]) for start in range(0x4E00, 0xA000, 0x800)),  # CJK Unified Ideographs
]
STANDARD_SETS = {  # codec: (first, last) two-byte codes of the characters kept, as the codec decodes them
    "gb2312": [(0xB0A1, 0xF7FE)],  # GB 2312: the 6,763 hanzi of levels 1 and 2
    "euc_jp": [(0xB0A1, 0xF4FE)],  # JIS X 0208: the 6,355 kanji of levels 1 and 2
    "big5": [(0xA440, 0xC67E)],  # Big5 level 1: the 5,401 frequently used hanzi
    "euc_kr": [(0xB0A1, 0xC8FE)],  # KS X 1001: the 2,350 Hangul syllables in everyday use
}

# SHA-256 of each original file, as the wheels named above ship them.
SOURCES = {
    "DejaVuSans.ttf": "3fdf69cabf06049ea70a00b5919340e2ce1e6d02b0cc3c4b44fb6801bd1e0d22",
    "DejaVuSans-Bold.ttf": "b184b89e3c1075f22f6b71575b6fc20d4972b3cfd3b23322ca6fd596dcaef167",
    "NotoEmoji[wght].ttf": "de6c18832938afc99caf132b39d6a30a19bac7f2e812e28db2535b4608d27551",
    "NotoSansSymbols[wght].ttf": "63724daeff6755a45933b9a5e3a3b41df5df8fe925c0f4c991f2f68c08a4182d",
    "NotoSans[wght].ttf": "fb53504de62e767a54695416123d68d67f71c9b69722175184ad56e7dd13547b",
    "NotoSansHebrew[wght].ttf": "9d81d81ad592644487b03843da73a87b99cd28a2c4da4a096e1db8fbd14fda61",
    "NotoSansArabic[wght].ttf": "3fae4d7239d1faa55b234bda8091019a5251ff79df40d5e29367d84bed2a8138",
    "NotoSansArmenian[wght].ttf": "e979dfaed56ddb4bfd05121958b25425eb7593253d64b6b3654c77c11c5cda94",
    "NotoSansGeorgian[wght].ttf": "42f4a8bf4fe0af8afd91ee3c19e81e14f1bc74ddbd9b6a59a4182f67a596adb4",
    "NotoSansDevanagari[wght].ttf": "bf99bf762743ff3259e73196852520ab0ffe8d384238bff3e4806a84b981e972",
    "NotoSansBengali[wght].ttf": "dc9defe97bb041876b6609e9029d9e1e228a686259acde2fe2a9f99d793ee17d",
    "NotoSansGurmukhi[wght].ttf": "8a3096ee2166f6383501e2df7b368fce88cfa4068c8d75bcb6af07da353a00ea",
    "NotoSansGujarati[wght].ttf": "83d1bde74d64fb389f97a5e27b2699d8ee8bad4c15a02be347228e6c10011248",
    "NotoSansOriya[wght].ttf": "37f482d0179d0a50e3128d004f007ff1c1741ad5f6b0b2bcc7238b257ef1caa0",
    "NotoSansTamil[wght].ttf": "37e151cdec4a8cfb15c432f7bb164a83b98df69419d47e50b35aa7073963716b",
    "NotoSansTelugu[wght].ttf": "6c06de88b2d420d899543724a13765994191cd29860c6226efca098b51fec64b",
    "NotoSansKannada[wght].ttf": "b6b11505d76eddf916667d73adfec19095ec777742444dc662dae81471461f4e",
    "NotoSansMalayalam[wght].ttf": "94cddc94a03fa9a5e8d1784090ba97b267def6933d60762081eaa003751142c5",
    "NotoSansSinhala[wght].ttf": "3fd7c6a61cb6dfb8a2ca7af5b4078bd24e9c8ad9b55839a0177277db6e4d1326",
    "NotoSansThai[wght].ttf": "13f52f79b04f01f2751a81052a5dee2df639fd4e13f4ac30821ab45c8dd5f7e7",
    "NotoSansLao[wght].ttf": "fc138d605aa998d8407789ee6a7f5554aae8b54f5cd98d66dd2c33e79d15b67e",
    "NotoSansMyanmar[wght].ttf": "e0b280aa3080aab922800c88fa9a2015a4bec3103bb8b70491a92e4a04f3a3a3",
    "NotoSansKhmer[wght].ttf": "56f89948a84cc0b01962ed6af573ac4ac885bd7bb6e7e40f9afc72a435728b70",
    "NotoSansEthiopic[wght].ttf": "93f223089e300b983dbfd693c7be619e0e76565a70d639e71a4fe0bfd72cf66f",
    "NotoSansCJK-VF.otf.ttc": "d3d8256cdec8dbcb3552284bc6b20c734dd60c2ee9df83b5758e34807c4bac32",
}


def _package_dir(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _check(path: Path) -> None:
    if not path.exists():
        sys.exit(f"missing source font: {path}")
    want, got = SOURCES[path.name], _sha256(path)
    if got != want:
        sys.exit(f"{path} is not the file this build was made from (SHA-256 {got}, expected {want})")


def _options():
    from fontTools import subset

    options = subset.Options()
    options.layout_features = ["*"]  # keep every OpenType feature: HarfBuzz picks what a script needs
    options.name_IDs = ["*"]  # keep the whole name table: copyright, licence, licence URL …
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    options.recommended_glyphs = True
    options.glyph_names = True
    options.hinting = False
    options.legacy_kern = False
    options.drop_tables += ["FFTM", "MATH", "kern", "hdmx", "LTSH", "VDMX", "gasp"]
    return options


def _subset(font, unicodes: set[int], layout: bool = True):
    from fontTools import subset

    options = _options()
    if not layout:
        options.layout_features = []
        options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE"]
        options.glyph_names = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(unicodes))
    subsetter.subset(font)
    return font


def _cmap(font) -> set[int]:
    return set(font.getBestCmap() or {})


def _parts(have: set[int], parts: list[tuple[str, list[tuple[int, int]] | None]]) -> list[tuple[str, set[int]]]:
    """`have` cut by `parts` (suffix, ranges; None for the rest): (suffix, characters) in order."""
    out, taken = [], set()
    for suffix, ranges in parts:
        chars = set(have) - taken if ranges is None else {c for c in have - taken if any(lo <= c <= hi for lo, hi in ranges)}
        taken |= chars
        out.append((suffix, chars))
    return out


def _named(source: str, suffix: str) -> str:
    """DejaVuSans-Bold.ttf + "-Extra" -> DejaVuSans-Bold-Extra.ttf."""
    stem, dot, ext = source.rpartition(".")
    return f"{stem}{suffix}.{ext}"


def standard_cjk() -> set[int]:
    """The CJK characters of STANDARD_SETS, read from Python's own codecs."""
    kept: set[int] = set()
    for codec, spans in STANDARD_SETS.items():
        for first, last in spans:
            for code in range(first, last + 1):
                try:
                    kept.update(map(ord, code.to_bytes(2, "big").decode(codec)))
                except UnicodeDecodeError:
                    continue
    return kept


def build(dejavu: Path, noto: Path, cjk: Path, out: Path = HERE) -> list[tuple[str, int, int]]:
    """Write the fonts into `out`; returns (file, characters, bytes) for each, in the reports'
    order: the DejaVu parts (each regular then bold), then the Noto fallbacks, then Noto Sans CJK's parts."""
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    sources = [dejavu / name for name in DEJAVU] + [noto / name for name in NOTO] + [cjk / CJK[0]]
    for path in sources:
        _check(path)
    made = []

    def save(font, target: str) -> set[int]:
        font.save(out / target)
        have = _cmap(font)
        made.append((target, len(have), (out / target).stat().st_size))
        return have

    # Every character DejaVu has is drawn by DejaVu, as with the whole font; each part holds its blocks.
    cuts = {}
    for source in DEJAVU:
        cuts[source] = _parts(_cmap(TTFont(dejavu / source, lazy=True)), DEJAVU_PARTS)
    earlier: set[int] = set()
    for index in range(len(DEJAVU_PARTS)):
        for source in DEJAVU:
            suffix, chars = cuts[source][index]
            font = TTFont(dejavu / source, recalcTimestamp=False, recalcBBoxes=False)
            earlier |= save(_subset(font, chars), _named(source, suffix))

    # Each Noto font keeps only the characters no font before it has, pinned to its regular weight.
    for source, target in NOTO.items():
        font = TTFont(noto / source, recalcTimestamp=False, recalcBBoxes=False)
        have = _cmap(font) - earlier
        parts = _parts(have, EMOJI_PARTS) if source.startswith("NotoEmoji") else [("", have)]
        static = instancer.instantiateVariableFont(font, {"wght": 400}, static=True)
        for n, (suffix, chars) in enumerate(parts):
            copy = static if n == len(parts) - 1 else _copy(static)
            earlier |= save(_subset(copy, chars), _named(target, suffix))

    # Noto Sans CJK: the standard sets' characters no font before it has, in parts, as TrueType outlines.
    ideographs = [(0x4E00, 0x9FFF)]
    face, standard = _cjk_face(cjk / CJK[0]), standard_cjk()
    have = {c for c in _cmap(face) - earlier if not any(lo <= c <= hi for lo, hi in ideographs + [(0xAC00, 0xD7AF)])
            or c in standard}
    for suffix, chars in _parts(have, CJK_PARTS):
        if chars:
            earlier |= save(_truetype(_subset(_cjk_face(cjk / CJK[0]), chars, layout=False)), _named(CJK_TARGET, suffix))
    return made


def _cjk_face(path: Path):
    from fontTools.ttLib import TTCollection

    faces = TTCollection(path, recalcTimestamp=False, recalcBBoxes=False).fonts
    return next(face for face in faces if face["name"].getDebugName(4) == CJK[1])


def _truetype(font):
    """The variable CFF2 font drawn at its regular weight with TrueType outlines (see the module's note)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    glyphs = font.getGlyphSet(location={"wght": 400}, normalized=False)
    order = font.getGlyphOrder()
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    hmtx = font["hmtx"].metrics
    for name in order:
        pen = TTGlyphPen(None)
        glyphs[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
        hmtx[name] = (round(glyphs[name].width), hmtx[name][1])
    font["glyf"], font["loca"] = glyf, newTable("loca")
    for tag in ("CFF2", "VORG", "VVAR", "HVAR", "MVAR", "vhea", "vmtx", "fvar", "avar", "STAT", "DSIG"):
        if tag in font:
            del font[tag]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in ("maxPoints", "maxContours", "maxCompositePoints", "maxCompositeContours", "maxTwilightPoints", "maxStorage",
                  "maxFunctionDefs", "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                  "maxComponentElements", "maxComponentDepth"):
        setattr(maxp, field, 0)  # recomputed from the glyphs when saved
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0  # no glyph names: a PDF maps glyphs to text with its own table
    font["OS/2"].usWeightClass = 400
    names = font["name"]
    for record in names.names:  # the original's default instance is its Thin weight: say what this is
        if record.nameID in (3, 6):
            record.string = record.toUnicode().replace("-Thin", "-Regular")
    font.sfntVersion = "\x00\x01\x00\x00"
    font.recalcBBoxes = True  # the new outlines' bounds, computed as they are saved
    return font


def _copy(font):
    from io import BytesIO

    from fontTools.ttLib import TTFont

    buffer = BytesIO()
    font.save(buffer)
    buffer.seek(0)
    return TTFont(buffer, recalcTimestamp=False, recalcBBoxes=False)


def metrics(path: Path) -> dict:
    """{"missing": width of a missing glyph, "runs": [[first code point, [width, …]], …]}: every
    character of the font with its advance width rounded as fpdf2 rounds it (fpdf.fonts.TTFFont)."""
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True)
    scale = 1000 / font["head"].unitsPerEm
    hmtx = font["hmtx"].metrics
    runs: list[list] = []
    for code, glyph in sorted((font.getBestCmap() or {}).items()):
        advance = hmtx[glyph][0]
        width = round(scale * (0 if advance == 65535 else advance) + 0.001)
        if runs and runs[-1][0] + len(runs[-1][1]) == code:
            runs[-1][1].append(width)
        else:
            runs.append([code, [width]])
    return {"missing": round(scale * hmtx[".notdef"][0]), "runs": runs}


def write_metrics(folder: Path, names: list[str]) -> None:
    data = {name: metrics(folder / name) for name in names}
    (folder / "metrics.json").write_text(json.dumps(data, separators=(",", ":")) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dejavu", type=Path, help="folder with DejaVuSans.ttf and DejaVuSans-Bold.ttf")
    parser.add_argument("--noto", type=Path, help="folder with the Noto variable fonts")
    parser.add_argument("--cjk", type=Path, help="folder with NotoSansCJK-VF.otf.ttc")
    parser.add_argument("--out", type=Path, default=HERE, help="where to write the fonts (default: beside this file)")
    args = parser.parse_args()
    mpl = _package_dir("matplotlib")
    dejavu = args.dejavu or (mpl / "mpl-data" / "fonts" / "ttf" if mpl else None)
    noto = args.noto or _package_dir("manimgx_fonts")
    cjk = args.cjk or _package_dir("manimgx_fonts_cjk")
    if dejavu is None or noto is None or cjk is None:
        parser.error("give --dejavu, --noto and --cjk (or install matplotlib==3.11.2, manimgx-fonts==2026.9.26.post1 "
                     "and manimgx-fonts-cjk==2026.9.26.post1)")
    made = build(dejavu, noto, cjk, args.out)
    write_metrics(args.out, [name for name, _, _ in made])
    for name, chars, size in made:
        print(f"{name:34} {chars:6d} characters {size / 1024:8.1f} KiB")


if __name__ == "__main__":
    main()
