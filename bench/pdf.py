"""PDF timings, each beside a baseline measured in the same run: `pdf_timings()`.

    .venv/bin/python -m bench.pdf        # prints the figures as a Markdown table

The baseline is a bare fpdf2 page with one embedded TrueType font: a fresh `FPDF`, `add_font` of the
app's own regular font file (the one the reports embed, `coprod.reports.font_files()`), one line of
text, `output()`. Everything else is a whole report of this app, so a figure divided by its
baseline says how many bare pages one report costs on this machine, whatever its load.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _median_ms(run, repeat: int) -> float:
    run()  # warm caches and imports once
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bare_page(font: str) -> bytes:
    """The baseline: a fresh fpdf2 document with one embedded TTF and one line of text."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("bare", "", font)
    pdf.add_page()
    pdf.set_font("bare", "", 12)
    pdf.cell(text="A bare page — Łódź, “quotes”, 1–9")
    return bytes(pdf.output())


def _main_font() -> str:
    from coprod import reports

    return str(reports.font_files()[0][""])


def sample(draft: bool = False):
    """The nef framework scored from two views, with Unicode text (Łukasz, “quotes”, —, 🌱, and
    Hebrew in one example) and a filled plan: the individual PDF every timing here uses."""
    from coprod import assessment as A
    from coprod import plans
    from coprod.instruments import load_library
    from coprod.paths import instruments_dir

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
    from coprod import plans, teams
    from coprod.instruments import load_library
    from coprod.paths import instruments_dir

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
    return leeds, session, [teams.shown(leeds, session, answers, 1)]


# In a fresh process: what the app has loaded before anyone asks for a PDF (the results page draws
# its chart with coprod.charts, so Altair and pandas are in), then the timed part.
_FRESH = """
import sys, time
sys.path.insert(0, {root!r})
import coprod.charts, coprod.teams, coprod.plans, coprod.instruments
from bench.pdf import sample
{setup}
start = time.perf_counter()
{timed}
print((time.perf_counter() - start) * 1000)
"""
_FIRST_PDF = ("instrument, doc = sample()", "import coprod.reports\ncoprod.reports.pdf_report(instrument, doc)")
_FIRST_BARE = ("from bench.pdf import _main_font\nfont = _main_font()", "from bench.pdf import bare_page\nbare_page(font)")


def _fresh_ms(setup: str, timed: str, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        code = _FRESH.format(root=str(ROOT), setup=setup, timed=timed)
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
        runs.append(float(out.stdout.split()[-1]))
    return statistics.median(runs)


def pdf_timings(repeat: int = 9, fresh_repeat: int = 5) -> dict[str, float]:
    """Median milliseconds of each PDF the app makes, with the baselines to divide them by.

    - "bare page (baseline)": a bare fpdf2 page with one embedded TTF (the app's regular font), a
      fresh FPDF each time, in this process.
    - "individual PDF, same document again": `reports.pdf_report` of the `sample()` assessment (nef,
      two views, Unicode including emoji and Hebrew, a filled plan, about six pages), the same
      document each time, so whatever is kept between calls is reused.
    - "individual PDF after a score change": the same, a draft whose scores are changed to a new
      combination before each PDF, so its chart differs every time.
    - "bare page in a fresh process (baseline)": a new Python process that has already imported
      what the app has loaded (coprod.charts with Altair and pandas, coprod.teams) then times
      `import fpdf` and one bare page.
    - "first PDF in a fresh process": the same kind of process timing `import coprod.reports` and
      its first `pdf_report` of the sample: fonts read, fpdf2 loaded, everything done for the first
      time.
    - "team PDF, 50 people": `team_reports.team_pdf` of a named Leeds six principles session with 50
      people in four role groups, one round revealed, agreed scores and a plan.
    """
    from coprod import assessment as A
    from coprod import reports, team_reports

    font = _main_font()
    out = {"bare page (baseline)": _median_ms(lambda: bare_page(font), repeat * 2)}
    nef, doc = sample()
    out["individual PDF, same document again"] = _median_ms(lambda: reports.pdf_report(nef, doc), repeat)
    nef, draft = sample(draft=True)
    counter = iter(range(1, 1 << 20))

    def changed() -> None:
        n = next(counter)
        for index, item in enumerate(nef.items):  # a new combination of scores each time
            A.set_score(nef, draft, "you", item.id, 1 + (n >> (2 * index)) % 4)
        reports.pdf_report(nef, draft)

    out["individual PDF after a score change"] = _median_ms(changed, repeat)
    out["bare page in a fresh process (baseline)"] = _fresh_ms(*_FIRST_BARE, fresh_repeat)
    out["first PDF in a fresh process"] = _fresh_ms(*_FIRST_PDF, fresh_repeat)
    leeds, session, rounds = team_sample(50)
    out["team PDF, 50 people"] = _median_ms(lambda: team_reports.team_pdf(leeds, session, rounds), repeat)
    return out


def main() -> None:
    timings = pdf_timings()
    bare, fresh = timings["bare page (baseline)"], timings["bare page in a fresh process (baseline)"]
    print("| what | median ms | × baseline |\n| --- | ---: | ---: |")
    for name, ms in timings.items():
        base = fresh if "fresh process" in name else bare
        print(f"| {name} | {ms:.1f} | {ms / base:.2f} |")


if __name__ == "__main__":
    main()
