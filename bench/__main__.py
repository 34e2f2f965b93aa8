"""Run every benchmark and print a Markdown table for bench/RESULTS.md.

Each figure is the median of several runs and is shown beside a baseline measured in the same run
(a bare Streamlit page), because this machine is shared and noisy.
"""

from __future__ import annotations

import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

from coprod.instruments import load_library
from coprod.paths import instruments_dir

ROOT = Path(__file__).resolve().parents[1]
BARE_PAGE = """
import streamlit as st
for n in range(6):
    st.slider(f"Item {n}", 1, 9, key=f"s{n}")
    st.text_area(f"Example {n}", key=f"t{n}")
"""


def median_ms(run, repeat: int = 15) -> float:
    run()  # warm caches and imports once
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bare_page_ms() -> float:
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "bare.py"
        script.write_text(BARE_PAGE)
        at = AppTest.from_file(str(script)).run()
        return median_ms(lambda: at.run())


def home_page_ms() -> float:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py")).run()
    return median_ms(lambda: at.run())


def score_page_ms() -> float:
    """A slider move on the Leeds six principles page (6 sliders, 6 text areas, autosave included)."""
    import os

    from coprod import assessment as A
    from coprod.storage import TinyDBStore

    with tempfile.TemporaryDirectory() as folder:
        os.environ["COPROD_DATA_DIR"] = folder
        leeds = load_library(instruments_dir()).get("leeds-six-principles")
        token = TinyDBStore(Path(folder)).create(A.new_assessment(leeds, title="Bench"))["token"]
        at = AppTest.from_file(str(ROOT / "streamlit_app.py"))
        at.query_params["a"] = token
        at.run()
        at.switch_page("app_pages/score.py").run()
        values = iter(range(10_000))

        def move() -> None:
            at.select_slider(key="score:main:assets").set_value(at.select_slider(key="score:main:assets").options[1 + next(values) % 9]).run()

        return median_ms(move)


def library_load_ms() -> float:
    return median_ms(lambda: load_library(instruments_dir()))


def _filled_store(folder: Path, count: int):
    from coprod import assessment as A
    from coprod.storage import TinyDBStore

    nef = load_library(instruments_dir()).get("nef-framework")
    store = TinyDBStore(folder)
    doc = A.new_assessment(nef, title="Bench", role="bench")
    tokens = [store.create(doc)["token"] for _ in range(count)]
    return store, nef, tokens[-1]


def save_ms(count: int) -> float:
    """One autosave (a score change) with `count` assessments stored beside it."""
    from coprod import assessment as A

    with tempfile.TemporaryDirectory() as folder:
        store, nef, token = _filled_store(Path(folder), count)
        scores = iter(range(10_000))
        return median_ms(lambda: store.update(token, lambda d: A.set_score(nef, d, "you", "assets", 1 + next(scores) % 4)), 25)


def bare_tinydb_ms() -> float:
    """Baseline: one insert into a bare TinyDB JSON file (no lock, no fsync)."""
    from tinydb import TinyDB

    with tempfile.TemporaryDirectory() as folder:
        db = TinyDB(Path(folder) / "bare.json")
        return median_ms(lambda: db.insert({"score": 1, "example": "x" * 200}), 25)


def pdf_sample(draft: bool = False):
    """The nef framework scored from two views, with Unicode text (Łukasz, “quotes”, —, 🌱, and
    Hebrew in one example) and a filled plan: the sample every PDF timing uses."""
    from coprod import assessment as A
    from coprod import plans

    nef = load_library(instruments_dir()).get("nef-framework")
    doc = A.new_assessment(nef, title="Youth forum 2026 — “Grow” 🌱", name="François Łukasz", role="Youth worker",
                           perspectives=["you", "project"])
    for p in ("you", "project"):
        for n, item in enumerate(nef.items):
            A.set_score(nef, doc, p, item.id, 1 + (n + len(p)) % 4)
            hebrew = " The group named it שלום." if n == 0 else ""  # right-to-left text in one example
            A.set_example(nef, doc, p, item.id, f"We ran a “seed swap” with Łukasz — the group chose the plants 🌱.{hebrew} "
                                                f"{item.name}, {p}: " + "we listened and changed the plan. " * 6)
    if not draft:
        A.finish(nef, doc)
    plan = plans.initial_plan(nef, doc)
    for row in plan:
        row.update(actions="Ask the youth panel first; agree roles", who="Zoë and Łukasz", by_when="March 2027",
                   progress="Started — two sessions held")
    plans.save_plan(doc, plan)
    return nef, doc


FIRST_PDF = """
import time
start = time.perf_counter()
import coprod.reports
imported = time.perf_counter() - start
from bench.__main__ import pdf_sample  # imports Streamlit too, as the running app has
instrument, doc = pdf_sample()
start = time.perf_counter()
coprod.reports.pdf_report(instrument, doc)
print(imported * 1000, (time.perf_counter() - start) * 1000)
"""


def pdf_first_ms(repeat: int = 3) -> tuple[float, float]:
    """(import coprod.reports, first PDF) in fresh processes: the first PDF loads fpdf2 and
    vl-convert, reads the fonts and draws the first chart."""
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", FIRST_PDF], cwd=ROOT, capture_output=True, text=True, check=True)
        runs.append([float(x) for x in out.stdout.split()[-2:]])
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def pdf_warm_ms() -> tuple[float, float]:
    """(the same assessment again: chart picture cached, a score changed before each: chart drawn anew)."""
    from coprod import assessment as A
    from coprod.reports import pdf_report

    nef, doc = pdf_sample()
    same = median_ms(lambda: pdf_report(nef, doc), 9)
    nef, draft = pdf_sample(draft=True)
    counter = iter(range(1, 4096))

    def changed() -> None:
        n = next(counter)
        for index, item in enumerate(nef.items):  # a new combination of scores each time
            A.set_score(nef, draft, "you", item.id, 1 + (n >> (2 * index)) % 4)
        pdf_report(nef, draft)

    return same, median_ms(changed, 9)


def csv_ms() -> float:
    from coprod.reports import csv_report

    nef, doc = pdf_sample()
    return median_ms(lambda: csv_report(nef, doc), 25)


def facilitator_ms(people: int) -> float:
    """The facilitator's revealed view (overlay, spread, flags, roles, agree, plan) with `people` submitted."""
    import os

    from coprod import assessment as A
    from coprod import sessions as S
    from coprod.storage import TinyDBStore

    with tempfile.TemporaryDirectory() as folder:
        os.environ["COPROD_DATA_DIR"] = folder
        leeds = load_library(instruments_dir()).get("leeds-six-principles")
        store = TinyDBStore(Path(folder))
        session = S.open_session(store, S.new_session(leeds, title="Bench", anonymous=True, roles=list(S.DEFAULT_ROLES), min_group=1))
        for n in range(people):
            token = S.join(store, leeds, session["join_token"], role=S.DEFAULT_ROLES[n % 4])["token"]

            def fill(d, n=n):
                for item in leeds.items:
                    A.set_score(leeds, d, "main", item.id, 1 + (n * 7 + len(item.id)) % 9)
                    A.set_example(leeds, d, "main", item.id, f"Example {n}")
                A.finish(leeds, d)

            store.update(token, fill)
        store.update(session["token"], S.reveal)
        at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
        at.query_params["f"] = session["token"]
        at.run()
        at.switch_page("app_pages/session.py").run()
        return median_ms(lambda: at.run(), 7)


def main() -> None:
    rows = [
        ("bare TinyDB file, one insert (baseline)", bare_tinydb_ms()),
        ("autosave of one score, 10 assessments stored", save_ms(10)),
        ("autosave of one score, 10,000 assessments stored", save_ms(10_000)),
        ("bare Streamlit page, 6 sliders + 6 text areas, AppTest rerun (baseline)", bare_page_ms()),
        ("home page (six instrument cards), AppTest rerun", home_page_ms()),
        ("slider move on the Leeds six principles score page, AppTest rerun with autosave", score_page_ms()),
        ("load and validate the six instrument files", library_load_ms()),
        ("facilitator's revealed session view, 1 participant submitted, AppTest rerun", facilitator_ms(1)),
        ("facilitator's revealed session view, 50 participants submitted, AppTest rerun", facilitator_ms(50)),
    ]
    imported, first = pdf_first_ms()
    same, changed = pdf_warm_ms()
    rows += [
        ("import coprod.reports in a fresh process (fpdf2 and vl-convert load on first use)", imported),
        ("first PDF plan in a fresh process (nef, two views, Unicode, plan filled)", first),
        ("PDF plan again, same assessment (chart picture cached)", same),
        ("PDF plan after a score change (chart drawn anew)", changed),
        ("CSV of the same assessment", csv_ms()),
    ]
    print(f"## {date.today().isoformat()} — {platform.node()}, {platform.machine()}, Python {platform.python_version()}\n")
    print("| what | median ms |\n| --- | ---: |")
    for name, ms in rows:
        print(f"| {name} | {ms:.1f} |")


if __name__ == "__main__":
    main()
