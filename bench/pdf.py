"""PDF timings, each beside a baseline measured in the same run: `pdf_timings()`.

    .venv/bin/python -m bench.pdf        # prints the figures as a Markdown table

The baseline is a bare fpdf2 page with one embedded TrueType font: a fresh `FPDF`, `add_font` of
DejaVu Sans as its publisher ships it (the whole font, as Debian's fonts-dejavu-core installs it;
`BASELINE_TTF` below, or $COPROD_BENCH_TTF), one line of text, `output()`. Everything else is a
whole report of this app, so a figure divided by its baseline says how many bare pages one report
costs on this machine, whatever its load. The baseline is a font file coprod does not touch, so
that cutting coprod's own fonts down (coprod/fonts/build.py) cannot move the yardstick; a second
figure divides by a bare page with coprod's own regular font instead (`own font`).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
from datetime import date
from pathlib import Path

from bench import median_ms

ROOT = Path(__file__).resolve().parents[1]


def bare_page(font: str) -> bytes:
    """The baseline: a fresh fpdf2 document with one embedded TTF and one line of text."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("bare", "", font)
    pdf.add_page()
    pdf.set_font("bare", "", 12)
    pdf.cell(text="A bare page — Łódź, “quotes”, 1–9")
    return bytes(pdf.output())


BASELINE_TTF = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def baseline_font() -> str:
    """The TTF of the baseline page: $COPROD_BENCH_TTF, else Debian's DejaVu Sans, else (with a
    warning) coprod's own regular font."""
    import os

    chosen = os.environ.get("COPROD_BENCH_TTF") or (str(BASELINE_TTF) if BASELINE_TTF.exists() else "")
    if not chosen:
        print(f"warning: {BASELINE_TTF} is missing (apt-get install fonts-dejavu-core, or set COPROD_BENCH_TTF);"
              " the PDF baseline uses coprod's own regular font instead", file=sys.stderr)
        return _main_font()
    return chosen


def _main_font() -> str:
    from coprod.files import text_layout

    return str(text_layout.font_files()[0][""])


def sample(draft: bool = False):
    """The nef framework scored from two views, with Unicode text (Łukasz, “quotes”, —, 🌱, and
    Hebrew in one example) and a filled plan: the individual PDF every timing here uses."""
    from coprod.answers import assessment as A
    from coprod.answers import plans
    from coprod.common.paths import instruments_dir
    from coprod.library.loading import load_library

    nef = load_library(instruments_dir()).get("nef-framework")
    doc = A.new_assessment(nef, title="Youth forum 2026 — “Grow” 🌱", name="François Łukasz", role="Youth worker",
                           perspectives=["you", "project"], on=date(2026, 5, 4))
    for p in ("you", "project"):
        for n, item in enumerate(nef.items):
            A.set_score(nef, doc, p, item.id, 1 + (n + len(p)) % 4)
            hebrew = " The group named it שלום." if n == 0 else ""  # right-to-left text in one example
            A.set_example(nef, doc, p, item.id, f"We ran a “seed swap” with Łukasz — the group chose the plants 🌱.{hebrew} "
                                                f"{item.name}, {p}: " + "we listened and changed the plan. " * 6)
    if not draft:
        A.finish(nef, doc, today=date(2026, 5, 5))
    plan = plans.initial_plan(nef, doc)
    for row in plan:
        row.update(actions="Ask the youth panel first; agree roles", who="Zoë and Łukasz", by_when="March 2027",
                   progress="Started — two sessions held")
    plans.save_plan(doc, plan)
    return nef, doc


def team_sample(people: int = 50):
    """A named Leeds six principles session with `people` answers over the four default role groups
    (one round revealed, an example each with some Unicode), agreed scores and a plan."""
    from coprod.answers import plans
    from coprod.common.paths import instruments_dir
    from coprod.library.loading import load_library
    from coprod.sessions import disclosure
    from coprod.sessions import stats as teams

    leeds = load_library(instruments_dir()).get("leeds-six-principles")
    roles = ["Young person / person using the service", "Staff or professional", "Partner or volunteer",
             "Family or community member"]
    answers = [
        teams.Answer(f"Person {n} Łukasz", roles[n % 4],
                     {item.id: 1 + (n * 7 + i * 3) % 9 for i, item in enumerate(leeds.items)},
                     {item.id: f"Example {n}: we ran a “seed swap” 🌱 — {item.name}." for item in leeds.items})
        for n in range(people)
    ]
    session = {
        "title": "Youth forum review — “Grow” 🌱", "round": 1, "revealed": [1], "anonymous": False, "roles": roles,
        "min_group": 3, "created_on": "2026-03-14", "perspectives": ["main"],
        "answers": {"main": {item.id: {"score": 3 + n % 5, "example": f"Agreed: {item.name}"}
                             for n, item in enumerate(leeds.items)}},
    }
    session["plan"] = plans.initial_plan(leeds, teams.agreed_doc(leeds, session))
    return leeds, session, disclosure.release(leeds, session, [answers])


# In a fresh process: what the app has loaded before anyone asks for a PDF (the results page draws
# its chart with coprod.charts.specs, so Altair and pandas are in), then the timed part.
_FRESH = """
import sys, time
sys.path.insert(0, {root!r})
from coprod.files import text_layout
import coprod.charts.specs, coprod.sessions.stats, coprod.answers.plans, coprod.library.model
from bench.pdf import sample
{setup}
start = time.perf_counter()
{timed}
print((time.perf_counter() - start) * 1000)
"""
_FIRST_PDF = ("instrument, doc = sample()", "import coprod.files.report\ncoprod.files.report.pdf_report(instrument, doc)")
_FIRST_BARE = ("from bench.pdf import baseline_font\nfont = baseline_font()", "from bench.pdf import bare_page\nbare_page(font)")


def _fresh_ms(setup: str, timed: str) -> float:
    code = _FRESH.format(root=str(ROOT), setup=setup, timed=timed)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(out.stdout.split()[-1])


def _row(what: str, runs: list[float], bases: list[float], own: list[float] | None = None) -> dict:
    """One row: medians, and the ratio to the baseline of the same round (median, min, max)."""
    ratios = [run / base for run, base in zip(runs, bases)]
    row = {"what": what, "ms": statistics.median(runs), "base_ms": statistics.median(bases),
           "ratio": statistics.median(ratios), "min": min(ratios), "max": max(ratios)}
    if own:
        row["own_font_ratio"] = statistics.median(run / base for run, base in zip(runs, own))
    return row


def pdf_timings(rounds: int = 7, fresh_rounds: int = 5) -> list[dict]:
    """Each PDF the app makes, timed in rounds that interleave it with its baseline; per row the
    medians in ms, and the ratio to the baseline of the same round: median, min and max over rounds.

    - baseline: a bare fpdf2 page with one embedded TTF (`baseline_font()`), a fresh FPDF each time;
      `own_font_ratio` divides by the same page with coprod's own regular font instead.
    - "individual PDF, same document again": `reports.pdf_report` of the `sample()` assessment (nef,
      two views, Unicode including emoji and Hebrew, a filled plan, about six pages), the same
      document each time, so whatever is kept between calls is reused.
    - "individual PDF after a score change": the same, a draft whose scores are changed to a new
      combination before each PDF, so its chart differs every time.
    - "first PDF in a fresh process": a new Python process that has imported what the app has
      loaded before anyone asks for a PDF (coprod.charts.specs with Altair and pandas, coprod.sessions.stats) times
      `import coprod.files.report` and its first `pdf_report`; its baseline is the same kind of process
      timing `import fpdf` and one bare page.
    - "team PDF, 50 people": `team_reports.team_pdf` of a named Leeds six principles session with 50
      people in four role groups, one round revealed, agreed scores and a plan.
    """
    from coprod.answers import assessment as A
    from coprod.files import report as reports
    from coprod.files import team_report as team_reports

    font, own = baseline_font(), _main_font()
    nef, doc = sample()
    nef, draft = sample(draft=True)
    leeds, session, team_rounds = team_sample(50)
    counter = iter(range(1, 1 << 20))

    def changed() -> None:
        n = next(counter)
        for index, item in enumerate(nef.items):  # a new combination of scores each time
            A.set_score(nef, draft, "you", item.id, 1 + (n >> (2 * index)) % 4)
        reports.pdf_report(nef, draft)

    timed = {
        "individual PDF, same document again": lambda: reports.pdf_report(nef, doc),
        "individual PDF after a score change": changed,
        "team PDF, 50 people": lambda: team_reports.team_pdf(leeds, session, team_rounds),
    }
    bases, owns, runs = [], [], {name: [] for name in timed}
    for _ in range(rounds):
        bases.append(median_ms(lambda: bare_page(font), 7))
        owns.append(median_ms(lambda: bare_page(own), 7))
        for name, run in timed.items():
            runs[name].append(median_ms(run, 3))
    rows = [_row(name, runs[name], bases, owns) for name in timed]
    fresh_bases, firsts = [], []
    for _ in range(fresh_rounds):
        fresh_bases.append(_fresh_ms(*_FIRST_BARE))
        firsts.append(_fresh_ms(*_FIRST_PDF))
    rows.insert(2, _row("first PDF in a fresh process", firsts, fresh_bases))
    return rows


def main() -> None:
    print(f"baseline TTF: {baseline_font()}\n")
    print("| what | median ms | baseline ms | × baseline (min–max) | × bare page with coprod's font |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for row in pdf_timings():
        own = f"{row['own_font_ratio']:.2f}" if "own_font_ratio" in row else "–"
        print(f"| {row['what']} | {row['ms']:.1f} | {row['base_ms']:.1f} | {row['ratio']:.2f} "
              f"({row['min']:.2f}–{row['max']:.2f}) | {own} |")


if __name__ == "__main__":
    main()
