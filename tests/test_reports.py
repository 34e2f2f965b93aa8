"""The downloads: the PDF plan (read back with poppler's pdftotext and drawn with pdftoppm), the CSV
(read back with csv.reader), the chart they share with the results page, the PDF's own drawing of
that chart, and the fonts the PDF embeds."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path

import altair as alt
import pytest
from fontTools.ttLib import TTFont
from PIL import Image

from coprod.answers import assessment as A
from coprod.answers import plans
from coprod.charts import person as person_chart
from coprod.charts import specs as charts
from coprod.files import pdf_drawing, png, sheets, text_layout
from coprod.files import report as reports
from coprod.library.loading import load_library
from coprod.sessions import disclosure

ROOT = Path(__file__).resolve().parents[1]
LIBRARY = load_library(ROOT / "instruments")
IDS = [instrument.id for instrument in LIBRARY.instruments]

TYPED = {
    "title": "Youth forum 2026 — “Grow” 🌱",
    "name": "François Łukasz",
    "role": "Youth worker, Łódź",
    "example": "We ran a “seed swap” with François and Łukasz — the group chose the plants 🌱 and wrote “thank you” cards.",
    "hebrew": "שלום עולם",
    "arabic": "مرحبا بالعالم",
    "actions": "Zoë said: “it felt like ours” — next time we invite Ελένη and Кирилл too ✓",
    "who": "Zoë & the youth panel 🌱",
    "progress": "Started — three sessions held; “going well”",
}


def lib(instrument_id: str):
    instrument = LIBRARY.get(instrument_id)
    assert instrument is not None, instrument_id
    return instrument


def filled(instrument, example=lambda p, item, n: f"{p}: practical example {n} for {item.name}.", *,
           perspectives=None, finish=True, title="Youth forum 2026", name="", role="Youth worker"):
    """An assessment with every item scored (scores spread over the scale), an example each, the
    first checklist option ticked, and every question answered."""
    doc = A.new_assessment(instrument, title=title, role=role, name=name, perspectives=perspectives,
                           on=date(2026, 5, 4))
    span = instrument.scale.max - instrument.scale.min + 1
    for p in A.chosen_perspectives(instrument, doc):
        for n, item in enumerate(instrument.items):
            A.set_score(instrument, doc, p.id, item.id, instrument.scale.min + (n + len(p.id)) % span)
            A.set_example(instrument, doc, p.id, item.id, example(p.id, item, n))
            if item.options:
                A.set_options(instrument, doc, p.id, item.id, [item.options[0]])
    for prompt in instrument.prompts:
        A.set_prompt(instrument, doc, prompt.id, f"Notes for {prompt.label}.")
    if finish:
        A.finish(instrument, doc, today=date(2026, 5, 5))
    return doc


def pdf_file(tmp_path: Path, data: bytes, name: str = "report.pdf") -> Path:
    assert data.startswith(b"%PDF-")
    path = tmp_path / name
    path.write_bytes(data)
    return path


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def page_count(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


def squash(text: str) -> str:
    """Text without whitespace or invisible format marks (pdftotext wraps lines and brackets
    right-to-left runs with embedding marks)."""
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf")


def body(text: str) -> str:
    """The extracted text without the footer lines, which interrupt a paragraph running over a page."""
    return "\n".join(line for line in text.splitlines() if not re.search(r"Page \d+ of \d+\s*$", line))


def assert_in_pdf(typed: str, extracted: str, by_word: bool = False) -> None:
    """Every typed string is in the text, whitespace aside. Right-to-left runs, and table cells
    (whose wrapped lines pdftotext -layout interleaves with the next column's), word by word."""
    flat = squash(body(extracted))
    if by_word or re.search("[\u0590-\u08ff]", typed):
        for word in typed.split():
            assert squash(word) in flat, word
    else:
        assert squash(typed) in flat, typed


# --------------------------------------------------------------------------- the PDF


@pytest.fixture(scope="module")
def unicode_report(tmp_path_factory):
    """The nef framework, two views, every kind of text a person types, and a filled plan."""
    nef = lib("nef-framework")

    def example(p, item, n):
        return f"{TYPED['example']} {TYPED['hebrew']} and {TYPED['arabic']}, item {n} in view {p}."

    doc = filled(nef, example, perspectives=["you", "project"], title=TYPED["title"], name=TYPED["name"], role=TYPED["role"])
    plan = plans.initial_plan(nef, doc)
    plan[0].update(who=TYPED["who"], by_when="March 2027", progress=TYPED["progress"], actions=TYPED["actions"])
    plans.save_plan(doc, plan)
    path = pdf_file(tmp_path_factory.mktemp("unicode"), reports.pdf_report(nef, doc))
    return nef, doc, path, pdf_text(path)


def test_the_pdf_holds_everything_the_person_typed(unicode_report):
    nef, doc, _, text = unicode_report
    for key, value in TYPED.items():
        assert_in_pdf(value, text, by_word=key in ("who", "progress", "actions"))
    for p in ("you", "project"):
        for item in nef.items:
            assert_in_pdf(A.answer(doc, p, item.id)["example"], text)
    for want in ("Łukasz", "François", "“seed swap”", "—", "🌱", "שלום", "مرحبا"):
        assert want in text


def test_the_pdf_holds_the_parts_in_order(unicode_report):
    nef, doc, _, text = unicode_report
    flat = squash(text)
    parts = [
        TYPED["title"], "Youth worker", "4 May 2026", nef.title, nef.source.citation(),
        "Finished on 5 May 2026", "Summary", "Scores and examples", "Next steps plan",
    ]
    positions = [flat.find(squash(part)) for part in parts]
    assert -1 not in positions, dict(zip(parts, positions))
    assert squash(nef.source.seed) not in flat  # the source is cited, never the file it was transcribed from
    assert positions == sorted(positions)
    for heading in plans.HEADINGS.values():
        assert_in_pdf(heading, text, by_word=True)
    for p in A.chosen_perspectives(nef, doc):
        for line in reports.summary_lines(nef, doc, p):
            assert squash(line) in flat


def test_page_numbers_in_the_footer(unicode_report):
    _, _, path, text = unicode_report
    pages = page_count(path)
    assert pages > 1
    for n in range(1, pages + 1):
        assert f"Page {n} of {pages}" in text


def test_the_pdf_draws_to_png_pages(unicode_report, tmp_path):
    _, _, path, _ = unicode_report
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(tmp_path / "page")], check=True)
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == page_count(path)
    for image in images:
        data = image.read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 2000


def test_a_character_no_font_has_is_replaced_not_dropped(tmp_path):
    missing = ["\U0010fffd", "\U0001fae9"]  # a private-use character; an emoji newer than Noto Emoji's
    for ch in missing:
        assert ord(ch) not in text_layout.COVERAGE.main and ord(ch) not in text_layout.COVERAGE.owner
    drawn, _ = text_layout.drawable(f"a{missing[0]}b{missing[1]}c")
    assert drawn == f"a{text_layout.REPLACEMENT}b{text_layout.REPLACEMENT}c"

    leeds = lib("leeds-four-stages")
    doc = filled(leeds, lambda p, item, n: f"Seedling{n} {missing[n % 2]} grows{n}", title=f"Odd {missing[0]} title")
    text = pdf_text(pdf_file(tmp_path, reports.pdf_report(leeds, doc)))
    for n in range(len(leeds.items)):
        assert f"Seedling{n} {text_layout.REPLACEMENT} grows{n}" in text
    assert f"Odd {text_layout.REPLACEMENT} title" in text
    assert not any(ch in text for ch in missing)


CJK = {
    "Chinese": "我们在六月一起组织了活动，青年人自己决定。",
    "Japanese": "六月に若者たちが自分で会を運営した。",
    "Korean": "6월에 청년들이 직접 모임을 운영했습니다.",
    "traditional Chinese": "參與者共同決定預算。",
}


def test_chinese_japanese_and_korean_print_as_themselves(tmp_path):
    """Each script drawn by the Noto Sans CJK part for its characters, never □; read back and drawn."""
    for words in CJK.values():
        for ch in words:
            if ord(ch) > 0x2FFF:
                assert _file_drawing(ch, False).startswith("NotoSansCJK-Regular-"), ch
    leeds = lib("leeds-four-stages")
    doc = filled(leeds, lambda p, item, n: list(CJK.values())[n], title="青少年论坛 ユースフォーラム 청소년 포럼")
    path = pdf_file(tmp_path, reports.pdf_report(leeds, doc))
    text = squash(pdf_text(path))
    for words in [*CJK.values(), "青少年论坛ユースフォーラム청소년포럼"]:
        assert squash(words) in text, words
    assert text_layout.REPLACEMENT not in text
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "2", "-l", "2", str(path), str(tmp_path / "page")], check=True)
    page = Image.open(next(tmp_path.glob("page-*.png"))).convert("L")
    assert page.getextrema()[0] < 80  # drawn, with ink


def test_a_pdf_embeds_only_the_cjk_parts_its_text_needs(tmp_path):
    leeds = lib("leeds-four-stages")
    doc = filled(leeds, lambda p, item, n: "六月に若者たちが自分で会を運営した。", title="Japanese only")
    fonts = subprocess.run(["pdffonts", str(pdf_file(tmp_path, reports.pdf_report(leeds, doc)))], capture_output=True,
                           text=True, check=True).stdout
    needed = {_file_drawing(ch, False) for ch in "六月に若者たちが自分で会を運営した。"}
    assert "NotoSansCJK-Regular-Hangul.ttf" not in needed and len(needed) < 6
    assert fonts.count("NotoSansCJK") == len(needed), fonts


def test_text_shaping_joins_arabic_and_keeps_hebrew_in_reading_order(unicode_report):
    _, _, _, text = unicode_report
    assert TYPED["arabic"] in text or all(word in text for word in TYPED["arabic"].split())
    assert "שלום" in text and "םולש" not in text  # not reversed letter by letter


def _words(seed: int, count: int) -> str:
    words = ["garden", "forum", "people", "together", "listening", "shared", "budget", "voice", "choice", "trust"]
    return " ".join(words[(seed * 7 + n * 3) % len(words)] for n in range(count))


def test_long_examples_flow_over_pages_without_losing_text(tmp_path):
    leeds = lib("leeds-six-principles")
    assert len(leeds.items) == 6

    def example(p, item, n):
        head, tail = f"Beginmarker{n}", f"Endmarker{n}"
        body = _words(n, 900)[: A.MAX_TEXT - len(head) - len(tail) - 2]
        return f"{head} {body} {tail}"

    doc = filled(leeds, example, finish=False)
    assert all(len(A.answer(doc, "main", item.id)["example"]) == A.MAX_TEXT for item in leeds.items)
    unbroken = "Q" * 900 + "Z"  # one "word" wider than the page
    A.set_example(leeds, doc, "main", leeds.items[0].id, unbroken)
    plan = plans.initial_plan(leeds, doc)
    plan[0]["progress"] = "Planstart " + _words(3, 800)[:4900] + " Planend"
    plan[1]["who"] = "Shortrow person"
    plans.save_plan(doc, plan)

    path = pdf_file(tmp_path, reports.pdf_report(leeds, doc))
    text = pdf_text(path)
    flat = squash(body(text))
    assert page_count(path) > 2
    assert squash(unbroken) in flat
    for n in range(1, 6):
        assert f"Beginmarker{n}" in text and f"Endmarker{n}" in text
        assert squash(A.answer(doc, "main", leeds.items[n].id)["example"]) in flat
    assert "Planstart" in text and "Planend" in text
    assert_in_pdf("Shortrow person", text, by_word=True)
    assert squash(plan[0]["progress"]) in flat
    assert "Draft: not finished yet" in text


def test_no_total_or_average_where_scores_are_not_added_up(tmp_path):
    imagine = lib("imagine-engagement")
    assert not imagine.rules.scores_may_be_totalled
    text = pdf_text(pdf_file(tmp_path, reports.pdf_report(imagine, filled(imagine, name="Sam")))).casefold()
    assert "total" not in text and "average" not in text
    csv_text = sheets.csv_report(imagine, filled(imagine)).casefold()
    assert "total" not in csv_text and "average" not in csv_text


@pytest.mark.parametrize("instrument_id", IDS)
def test_every_instrument_gives_a_pdf_and_a_csv(instrument_id, tmp_path):
    instrument = lib(instrument_id)
    doc = filled(instrument, name="Sam")
    path = pdf_file(tmp_path, reports.pdf_report(instrument, doc))
    text = squash(pdf_text(path))
    assert squash(instrument.title) in text and "Page1of" in text
    for item in instrument.items:
        assert squash(item.name) in text
        if item.options:
            assert squash(item.options[0]) in text
    for prompt in instrument.prompts:
        assert squash(f"Notes for {prompt.label}.") in text

    rows = list(csv.DictReader(io.StringIO(sheets.csv_report(instrument, doc))))
    scores = [r for r in rows if r["kind"] == "score"]
    assert len(scores) == len(instrument.items) * len(A.chosen_perspectives(instrument, doc))
    for row in scores:
        assert instrument.scale.min <= int(row["score"]) <= instrument.scale.max
        assert row["band"] == instrument.scale.band_for(int(row["score"])).name
    assert len([r for r in rows if r["kind"] == "plan"]) == len(plans.plan_of(instrument, doc))
    assert len([r for r in rows if r["kind"] == "answer"]) == len(instrument.prompts)


def test_a_draft_with_nothing_scored_still_prints(tmp_path):
    nef = lib("nef-framework")
    doc = A.new_assessment(nef, title="Just started")
    text = pdf_text(pdf_file(tmp_path, reports.pdf_report(nef, doc)))
    assert "Nothing has been scored yet." in text and "Not scored yet" in text


# --------------------------------------------------------------------------- the CSV


def test_csv_reads_back_exactly_what_was_typed():
    leeds = lib("leeds-six-principles")
    texts = [
        'Commas, "double quotes", and \'single\' ones',
        "Two lines:\nsecond line, with a comma",
        "Unicode: François, Łukasz, “curly”, — dash, 🌱, שלום עולם, مرحبا, Ελληνικά, Кириллица",
        "Trailing spaces and tabs\tkept  ",
        "",
        "Semicolons; and | pipes",
    ]
    doc = filled(leeds, lambda p, item, n: texts[n] or "x", finish=False)
    A.set_example(leeds, doc, "main", leeds.items[4].id, "")
    plan = plans.initial_plan(leeds, doc)
    plan[0].update(who=TYPED["who"], progress='Met, "agreed", and\nbooked', by_when="2027-03-01")
    plans.save_plan(doc, plan)

    rows = list(csv.reader(io.StringIO(sheets.csv_report(leeds, doc), newline="")))
    header, body = rows[0], rows[1:]
    assert header == sheets.CSV_COLUMNS
    records = [dict(zip(header, row)) for row in body]
    assert all(len(row) == len(header) for row in body)
    scores = {r["item_id"]: r for r in records if r["kind"] == "score"}
    for n, item in enumerate(leeds.items):
        assert scores[item.id]["example"] == texts[n]
        assert scores[item.id]["item"] == item.name
    first = next(r for r in records if r["kind"] == "plan" and r["item_id"] == plan[0]["item_id"])
    assert first["who"] == TYPED["who"] and first["progress"] == 'Met, "agreed", and\nbooked'
    assert first["by_when"] == "2027-03-01"


def test_csv_says_which_assessment_every_row_is_about():
    leeds = lib("leeds-six-principles")
    doc = filled(leeds, finish=False)
    doc["title"] = "Youth forum, “spring” review"
    rows = list(csv.DictReader(io.StringIO(sheets.csv_report(leeds, doc), newline="")))
    assert rows and {(r["assessment"], r["date"]) for r in rows} == {(doc["title"], doc["date"])}


def test_csv_neutralises_formulas():
    leeds = lib("leeds-six-principles")
    risky = ["=HYPERLINK(\"http://example.invalid\",\"click\")", "+44 20 7946 0000", "-2+3", "@SUM(A1:A9)", "=1+1", "safe = text"]
    doc = filled(leeds, lambda p, item, n: risky[n], finish=False)
    plan = plans.initial_plan(leeds, doc)
    plan[0]["who"] = "=cmd|' /C calc'!A0"
    plans.save_plan(doc, plan)
    rows = list(csv.DictReader(io.StringIO(sheets.csv_report(leeds, doc), newline="")))
    examples = [r["example"] for r in rows if r["kind"] == "score"]
    assert examples == ["'" + t for t in risky[:5]] + ["safe = text"]
    assert next(r for r in rows if r["kind"] == "plan")["who"] == "'=cmd|' /C calc'!A0"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())


# OWASP's CSV-injection forms: the signs after white space a spreadsheet skips, and their full-width
# and small compatibility forms, which some spreadsheets read as the signs themselves.
DISGUISED = [" =1+1", "\u00a0=1+1", "\u3000=1+1", "\u200b=1+1", "\n=1+1", "\t=1+1", "\r=1+1", "\uff1d1+1",
             " \uff0b1", "\uff0d1", "\uff20SUM(A1)", "\ufe661+1", "\ufe62 1", "\u22121+1", "\u00a0\u00a0@SUM(A1)"]


def test_csv_neutralises_disguised_formulas_in_every_cell_a_person_wrote():
    from coprod.files.sheets import cell, risky

    assert all(risky(text) and cell(text) == "'" + text for text in DISGUISED)
    assert [cell(t) for t in ["safe = text", "Co-design: 5", "", "1+1", "Ł = ok", "\u00a0ok"]] == \
        ["safe = text", "Co-design: 5", "", "1+1", "Ł = ok", "\u00a0ok"]
    leeds = lib("leeds-six-principles")
    doc = filled(leeds, lambda p, item, n: DISGUISED[n], finish=False)
    plan = plans.initial_plan(leeds, doc)
    for row, text in zip(plan, DISGUISED[6:]):
        row["who"] = row["progress"] = text
    plans.save_plan(doc, plan)
    rows = list(csv.DictReader(io.StringIO(sheets.csv_report(leeds, doc), newline="")))
    written = [r["example"] for r in rows if r["kind"] == "score"] + \
        [r[c] for r in rows if r["kind"] == "plan" for c in ("who", "progress") if r[c] in {"'" + t for t in DISGUISED}]
    assert written and all(text.startswith("'") for text in written)
    assert not any(risky(value) for row in rows for value in row.values())


# --------------------------------------------------------------------------- the chart


@pytest.mark.parametrize("instrument_id", IDS)
def test_each_kind_has_its_own_results_a_radar_a_survey_tally_or_the_checklist_itself(instrument_id):
    instrument = lib(instrument_id)
    doc = filled(instrument, perspectives=[p.id for p in instrument.perspectives][:2] or None, finish=False)
    if instrument.kind == "checklist":
        assert not person_chart.has_chart(instrument)  # the results are the checklist, ticked, not a bar of one person's answers
        return
    spec = person_chart.chart_for(instrument, doc).to_dict()
    if instrument.kind == "survey":
        bars, written, you = spec["layer"]
        assert bars["mark"]["type"] == "bar" and written["mark"]["type"] == "text" and you["mark"]["shape"] == "diamond"
        assert instrument.reference_tally is None or " ".join(bars["encoding"]["x"]["title"]) == f"People at the {instrument.reference_tally.label}"
    else:
        assert instrument.chart.kind == "radar"
        assert isinstance(person_chart.chart_for(instrument, doc), alt.LayerChart)
        shapes = json.dumps(spec, ensure_ascii=False)
        for p in A.chosen_perspectives(instrument, doc):
            assert f'"series": "{p.label}"' in shapes


def test_png_chart_is_a_png():
    nef = lib("nef-framework")
    data = png.png_chart(nef, filled(nef, perspectives=["you"], finish=False))
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 5000


def section(text: str, start: str, end: str) -> str:
    """The text (pdftotext -layout, footers left out) from the line holding `start` to the one
    holding `end`: what is printed between the two, whatever the page."""
    lines = body(text).splitlines()
    first = next(n for n, line in enumerate(lines) if start in line)
    last = next(n for n, line in enumerate(lines[first + 1:], first + 1) if end in line)
    return "\n".join(lines[first:last])


def pixels_like(png: Path, colour: str, tolerance: int = 60) -> int:
    """How many pixels of a rendered page are close to a colour (the chart's shapes are drawn in it)."""
    r, g, b = charts_rgb(colour)
    data = Image.open(png).convert("RGB").tobytes()
    return sum(1 for n in range(0, len(data), 3)
               if abs(data[n] - r) + abs(data[n + 1] - g) + abs(data[n + 2] - b) <= tolerance)


def charts_rgb(colour: str) -> tuple[int, int, int]:
    return pdf_drawing.rgb(colour)


def image_count(path: Path) -> int:
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    return len(listing.splitlines()) - 2  # two heading lines


def render(path: Path, folder: Path, page: int, dpi: int = 100) -> Path:
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), str(path), str(folder / "p")],
                   check=True)
    return next(folder.glob("p-*.png"))


def page_of(path: Path, words: str) -> int:
    """The first page whose text holds `words`."""
    for n in range(1, page_count(path) + 1):
        text = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
        if squash(words) in squash(text):
            return n
    raise AssertionError(f"{words!r} is on no page")


RADARS = [i for i in IDS if lib(i).chart.kind == "radar"]


@pytest.mark.parametrize("instrument_id", RADARS)
def test_the_pdf_draws_the_radar_with_its_rings_spokes_labels_and_shapes(instrument_id, tmp_path):
    """The radar is drawn, not pasted in as a picture: its band names and every line of every item's
    wrapped name are text inside the chart, and its shapes are on the page in the views' colours."""
    instrument = lib(instrument_id)
    views = [p.id for p in instrument.perspectives][:2] or None
    doc = filled(instrument, perspectives=views, finish=False)
    if views:  # the second view scores differently, so that both shapes show
        scale = instrument.scale
        for item in instrument.items:
            first = A.answer(doc, views[0], item.id)["score"]
            A.set_score(instrument, doc, views[1], item.id, scale.max + scale.min - first)
    path = pdf_file(tmp_path, reports.pdf_report(instrument, doc))
    assert image_count(path) == 0
    text = pdf_text(path)
    chart = squash(section(text, "Your chart", "Summary"))
    for spoke in charts.spokes(instrument):
        for line in spoke["label"].split("\n"):
            assert squash(line) in chart, line
    for _, band in charts.ring_radii(instrument):
        assert squash(band) in chart, band
    if instrument.chart.point_rings:
        assert all(str(v) in chart for v in charts.point_values(instrument))
    chosen = A.chosen_perspectives(instrument, doc)
    if len(chosen) > 1:
        for p in chosen:
            assert squash(p.label) in chart  # the legend
    page = render(path, tmp_path, page_of(path, "Your chart"))
    for n in range(len(chosen)):
        assert pixels_like(page, charts.PALETTE[n]) > 200, charts.PALETTE[n]


def test_the_survey_pdf_draws_the_reference_tally_with_the_persons_answers(tmp_path):
    survey = lib("attitudes-survey")
    path = pdf_file(tmp_path, reports.pdf_report(survey, filled(survey, finish=False)))
    assert image_count(path) == 0
    text = pdf_text(path)
    chart = squash(section(text, "for reference.", "Summary"))
    for band in survey.scale.bands:
        assert squash(band.name) in chart  # the legend
    assert squash("Your answer") in chart and squash(f"People at the {survey.reference_tally.label}") in chart
    for item in survey.items:
        for line in charts.wrap(item.name, charts.STATEMENT_WRAP).split("\n"):
            assert squash(line) in chart, line
    counts = survey.reference_tally.counts[survey.items[1].id]
    assert str(max(counts)) in chart  # segments carry their counts, so colour is not the only cue
    page = render(path, tmp_path, page_of(path, f"People at the {survey.reference_tally.label}"))
    for colour in charts.TALLY_PALETTE[:2]:
        assert pixels_like(page, colour) > 200
    assert pixels_like(page, "#000000", 30) > 50  # the diamonds of the person's answers


def test_no_pdf_uses_the_png_renderer(monkeypatch, tmp_path):
    """The PDFs draw their charts with fpdf2; vl-convert serves the PNG download only."""
    from coprod.files import team_report as team_reports
    from coprod.sessions import stats as teams

    def refuse(*args, **kwargs):
        raise AssertionError("a PDF asked for a PNG")

    monkeypatch.setattr(png, "to_png", refuse)
    monkeypatch.setattr(png, "cached_png", refuse)
    for instrument_id in IDS:
        instrument = lib(instrument_id)
        assert reports.pdf_report(instrument, filled(instrument)).startswith(b"%PDF-")
    leeds = lib("leeds-six-principles")
    people = [teams.Answer(f"P{n}", "Staff", {i.id: 1 + (n + k) % 9 for k, i in enumerate(leeds.items)}, {})
              for n in range(5)]
    session = {"round": 1, "revealed": [1, 2], "roles": ["Staff"], "min_group": 3, "title": "T", "answers": {}}
    rounds = disclosure.release(leeds, session, [people, people[::-1]])
    assert team_reports.team_pdf(leeds, session, rounds).startswith(b"%PDF-")


def test_a_dash_pattern_is_laid_along_the_whole_outline():
    square = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0), (0.0, 0.0)]
    runs = pdf_drawing.dash_runs(square, [3.0, 1.0, 1.0, 1.0])  # dash-dot, as on screen
    drawn = sum(sum(((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5 for (x1, y1), (x2, y2) in itertools.pairwise(r)) for r in runs)
    assert drawn == pytest.approx(40 * 4 / 6, abs=0.5)  # on 4 of every 6 mm
    assert runs[0] == [(0.0, 0.0), (3.0, 0.0)] and runs[2] == [(6.0, 0.0), (9.0, 0.0)]
    assert [(10.0, 8.0), (10.0, 10.0), (9.0, 10.0)] in runs  # a dash turns the corner
    assert pdf_drawing.dash_runs(square, [1, 0]) == [square]  # solid


def test_fonts_ship_with_the_project_and_say_what_they_are():
    main, fallbacks = text_layout.font_files()
    folder = Path(reports.__file__).parent / "fonts"
    files = [*main.values(), *(path for family in fallbacks for path in family.values())]
    assert {path.parent for path in files} == {folder}  # the repository's own, never the system's
    assert sorted(p.name for p in folder.glob("*.ttf")) == sorted(p.name for p in files)
    for path in files:
        names = TTFont(path, lazy=True)["name"]
        family, licence = names.getDebugName(1), names.getDebugName(13) or ""
        if path.name.startswith("DejaVu"):
            assert family == "DejaVu Sans" and "Bitstream" in licence, path.name
        else:
            assert family.startswith("Noto") and "SIL Open Font License, Version 1.1" in licence, path.name
    for licence in ("LICENSE-DejaVu.txt", "OFL.txt", "README.md", "build.py"):
        assert (folder / licence).exists()
    latin = {ord(ch) for ch in "ŁłŚźŵŷșțẃÉéçñß“”‘’—–…€£₹→−≈≤≥□■○●✓✗•ﬁ"}
    assert latin <= text_layout.COVERAGE.style(False) and latin <= text_layout.COVERAGE.style(True)  # the text fonts
    for ch in "ơưΑαБбЖжשלוםمرحبا∑⌘①☐★Հ":  # other scripts and symbols: the other parts of DejaVu
        for bold in (False, True):
            assert _file_drawing(ch, bold).startswith("DejaVuSans"), (ch, bold)


def _file_drawing(ch: str, bold: bool) -> str:
    """The name of the font file that draws a character in text of one style."""
    family, style = text_layout.COVERAGE.font_for(ord(ch), bold)
    main, fallbacks = text_layout.font_files()
    return (main if family == text_layout.FAMILY else fallbacks[int(family.removeprefix("fallback"))])[style].name


def test_the_font_metrics_are_those_of_the_font_files():
    """metrics.json (which font has which character, how wide) is what fontTools reads from the files."""
    import json

    sys.path.insert(0, str(ROOT / "coprod" / "files" / "fonts"))
    try:
        import build
    finally:
        sys.path.pop(0)
    folder = ROOT / "coprod" / "files" / "fonts"
    stored = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    assert sorted(stored) == sorted(p.name for p in folder.glob("*.ttf"))
    for name, entry in stored.items():
        assert entry == build.metrics(folder / name), name


def test_the_pdf_embeds_only_the_fonts_its_text_needs(unicode_report, tmp_path):
    _, _, path, _ = unicode_report
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "DejaVuSansBook" in fonts and "DejaVuSansBold" in fonts
    assert "NotoEmoji" in fonts  # the 🌱
    assert all(" yes " in line for line in fonts.splitlines()[2:]), fonts  # every font embedded, as a subset
    leeds = lib("leeds-four-stages")
    plain = pdf_file(tmp_path, reports.pdf_report(leeds, filled(leeds)), "plain.pdf")
    listing = subprocess.run(["pdffonts", str(plain)], capture_output=True, text=True, check=True).stdout
    assert len(listing.splitlines()) - 2 == 2, listing  # plain text: the two DejaVu styles only


def test_every_character_keeps_the_font_it_had(tmp_path):
    """The other parts of DejaVu come first among the fallbacks, so characters the main fonts do not
    hold (Armenian, Canadian syllabics, Braille, bold mathematical letters) still print, in DejaVu."""
    text = "Հայերեն ᐃᓄᒃᑎᑐᑦ ⠃⠗⠁⠊⠇⠇⠑ 𝗯𝗼𝗹𝗱 ⵜⵉⴼⵉⵏⴰⵖ"
    drawn, needed = text_layout.drawable(text)
    extra = [n for n, family in enumerate(text_layout.font_files()[1]) if family[""].name == "DejaVuSans-Extra.ttf"]
    assert drawn == text and needed == set(extra)
    leeds = lib("leeds-four-stages")
    doc = filled(leeds, lambda p, item, n: text, finish=False)
    path = pdf_file(tmp_path, reports.pdf_report(leeds, doc))
    assert squash(text) in squash(pdf_text(path))
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert len([line for line in fonts.splitlines() if "DejaVuSans" in line]) == 4, fonts  # and the rest of DejaVu
    assert len(fonts.splitlines()) - 2 == 4, fonts  # no Noto font: DejaVu draws all of it, as before
    plain = "Հայերեն ᐃᓄᒃᑎᑐᑦ"  # regular text only: the rest of DejaVu's regular style, not its bold
    doc = filled(leeds, lambda p, item, n: plain, finish=False)
    fonts = subprocess.run(["pdffonts", str(pdf_file(tmp_path, reports.pdf_report(leeds, doc), "plain.pdf"))],
                           capture_output=True, text=True, check=True).stdout
    assert len(fonts.splitlines()) - 2 == 3, fonts


def test_bold_text_in_other_scripts_is_drawn_in_bold(tmp_path):
    """A bold line that needs shaping (here the title, with Hebrew) takes its Greek and Hebrew from
    the bold files of those parts of DejaVu, not from the regular ones that its other lines use."""
    leeds = lib("leeds-four-stages")
    doc = filled(leeds, lambda p, item, n: "Ελληνικά עברית", title="Ελληνικά עברית", finish=False)
    path = pdf_file(tmp_path, reports.pdf_report(leeds, doc))
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert len([line for line in fonts.splitlines() if "DejaVuSansBold " in line]) == 3, fonts  # text, Greek, Hebrew
    assert len([line for line in fonts.splitlines() if "DejaVuSansBook " in line]) == 3, fonts
    assert "Ελληνικά" in pdf_text(path)


def test_reports_built_at_once_in_several_threads_stay_apart(tmp_path):
    """Streamlit serves every session from threads of one process, and the fonts are shared."""
    from concurrent.futures import ThreadPoolExecutor

    instruments = [lib("leeds-four-stages"), lib("nef-framework"), lib("imagine-engagement"), lib("leeds-four-stages")]
    docs = [filled(inst, title=f"Thread report {n} 🌱", finish=False) for n, inst in enumerate(instruments)]
    with ThreadPoolExecutor(4) as pool:
        pdfs = list(pool.map(reports.pdf_report, instruments, docs))
    for n, data in enumerate(pdfs):
        text = pdf_text(pdf_file(tmp_path, data, f"thread{n}.pdf"))
        assert f"Thread report {n} 🌱" in text
        assert not any(f"Thread report {m} " in text for m in range(4) if m != n)


def test_warm_up_loads_what_the_pdf_needs_and_not_the_png_renderer():
    code = ("import sys, coprod.files.report as r; r.warm_up(); "
            "print('fpdf' in sys.modules, 'vl_convert' in sys.modules, bool(r.COVERAGE.main and r.COVERAGE.owner))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    assert out == ["True", "False", "True"]
