"""Build the PDF fonts in this folder from the original font files (see README.md beside this file).

    .venv/bin/python coprod/fonts/build.py --dejavu DIR --noto DIR

DIR for --dejavu holds DejaVuSans.ttf and DejaVuSans-Bold.ttf as DejaVu 2.35 publishes them (the
copies in matplotlib 3.11.2's wheel, matplotlib/mpl-data/fonts/ttf/); DIR for --noto holds the
Noto variable fonts named in NOTO below (the copies in manimgx-fonts 2026.9.26.post1's wheel,
manimgx_fonts/). Either option may be left out while that package is installed in the running
Python: its folder is then found without importing it. Each source file's SHA-256 is checked
against SOURCES, so the same inputs always give the same outputs (the build is deterministic:
run it twice and compare).

What it does, and why:
- DejaVu Sans and DejaVu Sans Bold, the reports' text fonts, are cut down to the character ranges
  in DEJAVU_RANGES: Latin, Greek, Cyrillic, punctuation, symbols, Hebrew and Arabic. The rest of
  each (Armenian, Georgian, Lao, Canadian syllabics, Braille, more symbols …) goes into
  DejaVuSans-Extra.ttf and DejaVuSans-Bold-Extra.ttf, the first fallback, embedded only in a PDF
  whose text needs it: every character is drawn by the same font as with the whole DejaVu.
- Each Noto fallback is pinned to its default (regular, 400) weight with fontTools' instancer:
  fpdf2 draws a variable font's default outlines anyway, and a static font is a fraction of the
  size. It keeps only the characters that no font before it in the fallback order has (the reports
  give each character to the first font that has it, so the others' copies are never drawn), and
  its layout tables (GSUB, GPOS, GDEF), which HarfBuzz needs to order Indic letters.
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

# Ranges kept in DejaVu Sans (regular and bold), by Unicode block.
DEJAVU_RANGES = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1 Supplement
    (0x0100, 0x017F),  # Latin Extended-A
    (0x0180, 0x024F),  # Latin Extended-B
    (0x0250, 0x02AF),  # IPA Extensions
    (0x02B0, 0x02FF),  # Spacing Modifier Letters
    (0x0300, 0x036F),  # Combining Diacritical Marks
    (0x0370, 0x03FF),  # Greek and Coptic
    (0x0400, 0x04FF),  # Cyrillic
    (0x0500, 0x052F),  # Cyrillic Supplement
    (0x1D00, 0x1DBF),  # Phonetic Extensions
    (0x1E00, 0x1EFF),  # Latin Extended Additional (Vietnamese, Welsh ŵ ŷ …)
    (0x1F00, 0x1FFF),  # Greek Extended
    (0x2000, 0x206F),  # General Punctuation (dashes, curly quotes, …)
    (0x2070, 0x209F),  # Superscripts and Subscripts
    (0x20A0, 0x20CF),  # Currency Symbols (€, ₹, …)
    (0x2100, 0x214F),  # Letterlike Symbols (№, ™)
    (0x2150, 0x218F),  # Number Forms (⅓)
    (0x2190, 0x21FF),  # Arrows
    (0x2200, 0x22FF),  # Mathematical Operators (≈, ≤)
    (0x2300, 0x23FF),  # Miscellaneous Technical
    (0x2460, 0x24FF),  # Enclosed Alphanumerics
    (0x2500, 0x257F),  # Box Drawing
    (0x2580, 0x259F),  # Block Elements
    (0x25A0, 0x25FF),  # Geometric Shapes (□ U+25A1, the reports' sign for a missing character; ○ ●)
    (0x2600, 0x26FF),  # Miscellaneous Symbols
    (0x2700, 0x27BF),  # Dingbats (✓ ✗)
    (0x2C60, 0x2C7F),  # Latin Extended-C
    (0xA720, 0xA7FF),  # Latin Extended-D
    (0xFB00, 0xFB06),  # Latin ligatures (ﬁ ﬂ)
    (0xFE00, 0xFE0F),  # Variation selectors (an emoji's U+FE0F), drawn as nothing
    (0xFFFC, 0xFFFD),  # Object and replacement characters
    # Hebrew and Arabic stay in the main fonts, as before: fpdf2 places Noto Sans Arabic's joined
    # letters so that the spaces between words vanish, while DejaVu's Arabic prints as it should.
    (0x0590, 0x05FF),  # Hebrew
    (0x0600, 0x06FF),  # Arabic
    (0x0750, 0x077F),  # Arabic Supplement
    (0xFB1D, 0xFB4F),  # Hebrew presentation forms
    (0xFB50, 0xFDFF),  # Arabic Presentation Forms-A
    (0xFE70, 0xFEFF),  # Arabic Presentation Forms-B
]

DEJAVU = {"DejaVuSans.ttf": "DejaVuSans.ttf", "DejaVuSans-Bold.ttf": "DejaVuSans-Bold.ttf"}
# The rest of DejaVu, the first fallback (regular and bold): source file -> built file.
DEJAVU_EXTRA = {"DejaVuSans.ttf": "DejaVuSans-Extra.ttf", "DejaVuSans-Bold.ttf": "DejaVuSans-Bold-Extra.ttf"}
# Source file -> built file, in the reports' fallback order after DejaVu's rest (coprod.reports.FALLBACK_FONTS).
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

# SHA-256 of each original file, as the two wheels named above ship them.
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


def _subset(font, unicodes: set[int]):
    from fontTools import subset

    subsetter = subset.Subsetter(_options())
    subsetter.populate(unicodes=sorted(unicodes))
    subsetter.subset(font)
    return font


def _cmap(font) -> set[int]:
    return set(font.getBestCmap() or {})


def build(dejavu: Path, noto: Path, out: Path = HERE) -> list[tuple[str, int, int]]:
    """Write the fonts into `out`; returns (file, characters, bytes) for each."""
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    sources = [dejavu / name for name in DEJAVU] + [noto / name for name in NOTO]
    for path in sources:
        _check(path)
    wanted = set()
    for low, high in DEJAVU_RANGES:
        wanted.update(range(low, high + 1))

    made = []

    def save(font, target: str) -> set[int]:
        font.save(out / target)
        have = _cmap(font)
        made.append((target, len(have), (out / target).stat().st_size))
        return have

    main: set[int] = set()
    for source, target in DEJAVU.items():
        font = TTFont(dejavu / source, recalcTimestamp=False, recalcBBoxes=False)
        main |= save(_subset(font, _cmap(font) & wanted), target)

    # The first fallback: the rest of DejaVu, so that every character DejaVu drew before is still
    # drawn by DejaVu (Armenian, Georgian, Lao, Canadian syllabics, Braille, N'Ko, more symbols …).
    earlier = set(main)
    extra: set[int] = set()
    for source, target in DEJAVU_EXTRA.items():
        font = TTFont(dejavu / source, recalcTimestamp=False, recalcBBoxes=False)
        extra |= save(_subset(font, _cmap(font) - main), target)
    earlier |= extra

    for source, target in NOTO.items():
        font = TTFont(noto / source, recalcTimestamp=False, recalcBBoxes=False)
        have = _cmap(font)
        font = instancer.instantiateVariableFont(font, {"wght": 400}, static=True)
        earlier |= save(_subset(font, have - earlier), target)
    return made


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
    parser.add_argument("--out", type=Path, default=HERE, help="where to write the fonts (default: beside this file)")
    args = parser.parse_args()
    mpl = _package_dir("matplotlib")
    dejavu = args.dejavu or (mpl / "mpl-data" / "fonts" / "ttf" if mpl else None)
    noto = args.noto or _package_dir("manimgx_fonts")
    if dejavu is None or noto is None:
        parser.error("give --dejavu and --noto (or install matplotlib==3.11.2 and manimgx-fonts==2026.9.26.post1)")
    made = build(dejavu, noto, args.out)
    write_metrics(args.out, [name for name, _, _ in made])
    for name, chars, size in made:
        print(f"{name:34} {chars:6d} characters {size / 1024:8.1f} KiB")


if __name__ == "__main__":
    main()
