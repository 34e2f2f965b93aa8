"""Run every benchmark and write bench/RESULTS.md: `make bench` (or `.venv/bin/python -m bench`).

Every figure is a ratio to a baseline measured in the same run, in rounds that interleave the two,
because this machine is shared and noisy: per row the median of the per-round ratios and their
min–max, with the medians in milliseconds beside them. Nothing here is asserted in a test.

    .venv/bin/python -m bench              # everything, then writes bench/RESULTS.md
    .venv/bin/python -m bench --no-browser # without the two browser rows (no Chromium needed)
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

from bench import machine, median_ms, row
from coprod.answers import assessment as A
from coprod.common.paths import instruments_dir
from coprod.library.loading import load_library
from coprod.sessions import lifecycle as S
from coprod.storage.tinydb import TinyDBStore

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "RESULTS.md"


def leeds():
    return load_library(instruments_dir()).get("leeds-six-principles")


# --------------------------------------------------------------------------- a slider move, server side


def bare_page(instrument) -> str:
    """A Streamlit page with the same sliders (same options) and text areas as the instrument's
    score page, and nothing else."""
    options = [A.NOT_SCORED, *(str(v) for v in range(instrument.scale.min, instrument.scale.max + 1))]
    return (
        "import streamlit as st\n"
        f"OPTIONS = {options!r}\n"
        f"for n in range({len(instrument.items)}):\n"
        "    st.select_slider(f'Item {n}', OPTIONS, key=f's{n}')\n"
        "    st.text_area(f'Example {n}', key=f't{n}')\n"
    )


def slider_rerun(rounds: int = 7, moves: int = 15) -> dict:
    """A slider move on the Leeds six principles score page (autosave included), rerun by AppTest,
    ÷ the same move on the bare page with the same widgets."""
    from coprod.ui.autosave import key_for

    instrument = leeds()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["COPROD_DATA_DIR"] = folder
        script = Path(folder) / "bare.py"
        script.write_text(bare_page(instrument))
        bare = AppTest.from_file(str(script)).run()
        token = TinyDBStore(Path(folder)).create(A.new_assessment(instrument, title="Bench"))["token"]
        app = AppTest.from_file(str(ROOT / "streamlit_app.py"))
        app.query_params["a"] = token
        app.run()
        app.switch_page("app_pages/score.py").run()
        key = key_for(token, "score", "main", instrument.items[0].id)
        values = iter(range(1 << 20))

        def move(at, key) -> Callable[[], object]:
            def run():
                slider = at.select_slider(key=key)
                slider.set_value(slider.options[1 + next(values) % (len(slider.options) - 1)]).run()
            return run

        runs, bases = [], []
        for _ in range(rounds):
            bases.append(median_ms(move(bare, "s0"), moves))
            runs.append(median_ms(move(app, key), moves))
    return row("server-side slider rerun (AppTest), Leeds score page ÷ bare page with the same widgets", 1.5, runs, bases)


# --------------------------------------------------------------------------- the facilitator's view


def revealed_session(folder: Path, people: int) -> str:
    """A revealed Leeds session with `people` answers submitted through S.submit; its token."""
    instrument = leeds()
    store = TinyDBStore(folder)
    session = S.open_session(store, S.new_session(instrument, title="Bench", anonymous=True, roles=list(S.DEFAULT_ROLES),
                                                  min_group=1))
    for n in range(people):
        token = S.join(store, instrument, session["join_token"], role=S.DEFAULT_ROLES[n % 4])["token"]

        def fill(doc, n=n):
            for item in instrument.items:
                A.set_score(instrument, doc, "main", item.id, 1 + (n * 7 + len(item.id)) % 9)
                A.set_example(instrument, doc, "main", item.id, f"Example {n}: we asked the group first.")

        store.update(token, fill)
        S.submit(store, instrument, token)
    store.update(session["token"], S.reveal)
    return session["token"]


def facilitator(rounds: int = 5, repeat: int = 7, people: int = 200) -> dict:
    """The facilitator's revealed view (overlay, spread, flags, roles, agree, plan), an AppTest
    rerun, with `people` submitted ÷ with one."""
    with tempfile.TemporaryDirectory() as folder:
        os.environ["COPROD_DATA_DIR"] = folder
        pages = {}
        for count in (1, people):
            at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
            at.query_params["f"] = revealed_session(Path(folder), count)
            at.run()
            at.switch_page("app_pages/session.py").run()
            assert not at.exception, at.exception
            pages[count] = at
        runs, bases = [], []
        for _ in range(rounds):
            bases.append(median_ms(lambda: pages[1].run(), repeat))
            runs.append(median_ms(lambda: pages[people].run(), repeat))
    return row(f"facilitator's revealed view, AppTest rerun, {people} participants ÷ 1", 1.2, runs, bases)


# --------------------------------------------------------------------------- submissions at once


def submissions(rounds: int = 5, people: int = 50) -> list[dict]:
    """`people` participants of one session pressing Submit at the same instant (threads, as
    Streamlit serves sessions), until the last is saved ÷ one participant submitting alone; and
    under it the CPU floor: the CPU time the `people` submissions' threads used, added up, ÷ one
    alone (one interpreter lock runs one thread's Python at a time: the row above cannot go below
    about this, or half of it were every instruction spread over both cores)."""
    instrument = leeds()

    def ready(store: TinyDBStore, count: int) -> list[str]:
        session = S.open_session(store, S.new_session(instrument, title="Bench", anonymous=True,
                                                      roles=list(S.DEFAULT_ROLES), min_group=1))
        tokens = []
        for n in range(count):
            token = S.join(store, instrument, session["join_token"], role=S.DEFAULT_ROLES[n % 4])["token"]

            def fill(doc, n=n):
                for item in instrument.items:
                    A.set_score(instrument, doc, "main", item.id, 1 + (n + len(item.id)) % 9)
                    A.set_example(instrument, doc, "main", item.id, f"Example {n}: we asked the group first.")

            store.update(token, fill)
            tokens.append(token)
        return tokens

    def at_once(store: TinyDBStore, tokens: list[str]) -> tuple[float, float]:
        """(ms until the last is saved, ms of CPU their threads used, added up)."""
        gate = threading.Barrier(len(tokens) + 1)
        failures, cpu = [], []

        def submit(token: str) -> None:
            gate.wait()
            began = time.thread_time()
            try:
                S.submit(store, instrument, token)
            except Exception as error:  # noqa: BLE001 - counted and reported
                failures.append(error)
            cpu.append(time.thread_time() - began)

        threads = [threading.Thread(target=submit, args=(t,)) for t in tokens]
        for thread in threads:
            thread.start()
        gate.wait()
        start = time.perf_counter()
        for thread in threads:
            thread.join()
        elapsed = (time.perf_counter() - start) * 1000
        if failures:
            raise RuntimeError(f"{len(failures)} submissions failed: {failures[0]!r}")
        return elapsed, sum(cpu) * 1000

    runs, bases, cpus = [], [], []
    with tempfile.TemporaryDirectory() as folder:
        store = TinyDBStore(Path(folder))
        for _ in range(rounds):
            bases.append(statistics.median(at_once(store, ready(store, 1))[0] for _ in range(5)))
            tokens = ready(store, people)
            elapsed, cpu = at_once(store, tokens)
            runs.append(elapsed)
            cpus.append(cpu)
            session = S.session_of(store, store.get(tokens[0]))
            submitted = sum(1 for entry in session["roster"].values() if entry["submitted"])
            if submitted != people:
                raise RuntimeError(f"only {submitted} of {people} submissions reached the session")
    return [row(f"{people} people submitting at the same instant ÷ one alone (all {people} saved, every round)", 5, runs, bases),
            row(f"(CPU floor: the CPU time of those {people} submissions' threads, added up, ÷ one alone's time)", None, cpus, bases)]


def file_system_floor(rounds: int = 5, files: int = 50) -> dict:
    """What the file system alone allows: `files` bare files, each written, fsync'd and renamed into
    place by its own thread at the same instant ÷ one such file alone. Each participant's answers are
    a file of their own, so this is the floor under the submissions row; no coprod code runs here."""
    def write(folder: str, n: int) -> None:
        temporary = os.path.join(folder, f"{n}.tmp")
        with open(temporary, "w", encoding="utf-8") as file:
            file.write("x" * 4000)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, os.path.join(folder, f"{n}.json"))

    def at_once(folder: str, count: int) -> float:
        threads = [threading.Thread(target=write, args=(folder, n)) for n in range(count)]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return (time.perf_counter() - start) * 1000

    runs, bases = [], []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(rounds):
            bases.append(statistics.median(at_once(folder, 1) for _ in range(5)))
            runs.append(at_once(folder, files))
    return row(f"(file system's floor: {files} bare files written and fsync'd at the same instant ÷ one alone)", None, runs, bases)


# --------------------------------------------------------------------------- the table


def table(rows: list[dict]) -> str:
    lines = ["| what | coprod ms | baseline ms | ratio (min–max) | target | met |", "| --- | ---: | ---: | ---: | ---: | :---: |"]
    for r in rows:
        target, met = ("—", "—") if r["target"] is None else (f"≤ {r['target']:g}×", "yes" if r["ratio"] <= r["target"] else "**no**")
        what = f"{r['what']} ({r['note']})" if r.get("note") else r["what"]
        lines.append(f"| {what} | {r['ms']:.1f} | {r['base_ms']:.1f} | {r['ratio']:.2f}× ({r['min']:.2f}–{r['max']:.2f}) "
                     f"| {target} | {met} |")
    return "\n".join(lines)


PDF_TARGETS = {"individual PDF after a score change": 2, "first PDF in a fresh process": 2, "team PDF, 50 people": 2,
               "individual PDF, same document again": 2}


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the benchmarks and write bench/RESULTS.md")
    parser.add_argument("--no-browser", action="store_true", help="leave out the browser rows")
    parser.add_argument("--print-only", action="store_true", help="print the table, do not write RESULTS.md")
    args = parser.parse_args()
    started = time.perf_counter()
    rows: list[dict] = []
    if not args.no_browser:
        from bench.browser import browser_timings

        from bench.results_open import results_open_rows

        for r in [*browser_timings(), *results_open_rows()]:
            rows.append({"what": r["what"], "target": r["target"], "ms": r["coprod_ms"], "base_ms": r["bare_ms"],
                         "ratio": r["ratio"], "min": r["min"], "max": r["max"]})
    servers = [r for r in rows if r["what"].startswith("(the server's run")]  # shown under the AppTest row
    rows = [r for r in rows if r not in servers] + [slider_rerun(), *servers]
    rows.append(facilitator())
    rows += submissions()
    rows.append(file_system_floor())
    from bench.stored import save_with_many

    with tempfile.TemporaryDirectory() as folder:
        rows.append(save_with_many(lambda label: TinyDBStore(Path(folder) / label), "TinyDB (a file per document)"))
    from bench.overview import overview_rows

    rows += overview_rows()
    from bench.pdf import baseline_font, pdf_timings

    pdf_rows = pdf_timings()
    for r in pdf_rows:
        r["target"] = PDF_TARGETS[r["what"]]
        r["what"] = f"{r['what']} ÷ a bare fpdf2 page with an embedded TTF" + (" (fresh process too)" if "fresh" in r["what"] else "")
    rows += pdf_rows
    own = "; ".join(f"{r['what'].split(' ÷')[0]} {r['own_font_ratio']:.2f}×" for r in pdf_rows if "own_font_ratio" in r)
    text = (f"## {date.today().isoformat()}: {machine()}\n\n"
            f"{table(rows)}\n\n"
            f"PDF baseline font: `{baseline_font()}`. The same PDFs ÷ a bare page with coprod's own regular font "
            f"(`coprod/fonts/DejaVuSans.ttf`, 700 characters): {own}.\n"
            f"Whole run: {(time.perf_counter() - started) / 60:.1f} min.\n")
    print(text)
    if not args.print_only:
        write_results(text)


def write_results(run: str) -> None:
    """Put this run at the top of RESULTS.md's runs, under its fixed explanation."""
    existing = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    marker = "<!-- runs -->"
    head, _, runs = existing.partition(marker)
    if not _:
        head, runs = "# Benchmark results\n\nRun with `make bench`.\n\n", ""
    RESULTS.write_text(f"{head.rstrip()}\n\n{marker}\n\n{run}\n{runs.lstrip()}", encoding="utf-8")


if __name__ == "__main__":
    main()
