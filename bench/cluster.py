"""Benchmarks of several processes on PostgreSQL (issue 12), written to their own section of
bench/RESULTS.md between `<!-- cluster -->` and `<!-- /cluster -->` (`make bench` runs it after
`python -m bench`; the rest of the file is bench/__main__.py's).

    .venv/bin/python -m bench.cluster              # both parts, then writes the section
    .venv/bin/python -m bench.cluster --no-browser # the domain-level part only

1. 200 people joining one session and submitting at the same instant, domain-level (the calls a
   page makes: join, one save of every score and example, submit), as threads of app processes:
   - PostgreSQL, 3 processes (67 + 67 + 66 threads), against
   - TinyDB, 1 process (200 threads) — today's one-command start, the baseline.
   Each process prepares its threads, then all start at one agreed wall-clock instant. Figures:
   time from that instant until the last submission is saved, and the median latency of one save
   (the store.update of a person's answers); as ratios PostgreSQL-3 ÷ TinyDB-1, per round, rounds
   interleaved. Lost = people missing from the session's roster or not marked submitted (must be 0).
2. Browser slider latency with 10 other browsers scoring at the same time: a Leeds score page's
   keypress → rerun finished (the same measurement as bench/browser.py), through HAProxy, with one
   app process vs three, on the same PostgreSQL; the 10 other browsers are another process's
   headless Chromium pressing their own pages' sliders non-stop through the same proxy.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "RESULTS.md"
BEGIN, END = "<!-- cluster -->", "<!-- /cluster -->"
PEOPLE = 200


def leeds():
    from coprod.common.paths import instruments_dir
    from coprod.library.loading import load_library

    return load_library(instruments_dir()).get("leeds-six-principles")


# --------------------------------------------------------------------------- 1. domain level


def worker(place: str, join_token: str, people: int, first: int, start_at: float) -> dict:
    """One app process: `people` threads that each join, save their answers and submit, from `start_at`."""
    from coprod.answers import assessment as A
    from coprod.sessions import lifecycle as S
    from coprod.storage.configured import open_store

    store = open_store(place)
    instrument = leeds()
    saves: list[float] = []
    failures: list[str] = []
    finished: list[float] = []
    go = threading.Event()

    def person(n: int) -> None:
        go.wait()
        try:
            token = S.join(store, instrument, join_token, role=S.DEFAULT_ROLES[n % 4])["token"]

            def fill(doc):
                for item in instrument.items:
                    A.set_score(instrument, doc, "main", item.id, 1 + (n + len(item.id)) % 9)
                    A.set_example(instrument, doc, "main", item.id, f"Example {n}: we asked the group first.")

            began = time.perf_counter()
            store.update(token, fill)
            saves.append((time.perf_counter() - began) * 1000)
            S.submit(store, instrument, token)
            finished.append(time.time())
        except Exception as error:  # noqa: BLE001 - counted and reported
            failures.append(repr(error))

    threads = [threading.Thread(target=person, args=(first + n,)) for n in range(people)]
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, start_at - time.time()))
    go.set()
    for thread in threads:
        thread.join()
    store.close()
    return {"saves": saves, "last": max(finished, default=start_at), "failures": failures}


def at_once(place: str, processes: int) -> dict:
    """A fresh session in `place`; PEOPLE people across `processes` processes at one instant."""
    from coprod.sessions import lifecycle as S
    from coprod.storage.configured import open_store

    store = open_store(place)
    session = S.open_session(store, S.new_session(leeds(), title="Bench", anonymous=True,
                                                  roles=list(S.DEFAULT_ROLES), min_group=1))
    start_at = time.time() + 4 + processes  # time for every process to start and prepare its threads
    shares = [PEOPLE // processes + (1 if n < PEOPLE % processes else 0) for n in range(processes)]
    procs = [subprocess.Popen([sys.executable, "-m", "bench.cluster", "worker", place, session["join_token"], str(share),
                               str(sum(shares[:n])), repr(start_at)], cwd=ROOT, stdout=subprocess.PIPE)
             for n, share in enumerate(shares)]
    reports = [json.loads(p.communicate()[0]) for p in procs]
    saved = store.get(session["token"])
    store.close()
    roster = saved.get("roster", {})
    lost = PEOPLE - sum(1 for entry in roster.values() if entry.get("submitted"))
    failures = [f for r in reports for f in r["failures"]]
    return {"seconds": max(r["last"] for r in reports) - start_at, "save_ms": statistics.median(s for r in reports for s in r["saves"]),
            "lost": lost, "failures": failures}


def domain_rows(rounds: int, database) -> tuple[list[dict], str]:
    pg, tiny = [], []
    with tempfile.TemporaryDirectory(prefix="coprod-bench-") as folder:
        for r in range(rounds):
            order = ("tinydb", "postgres") if r % 2 == 0 else ("postgres", "tinydb")
            for kind in order:
                if kind == "tinydb":
                    tiny.append(at_once(str(Path(folder) / f"data{r}"), 1))
                else:
                    pg.append(at_once(database(f"bench_{r}"), 3))
            print(f"round {r + 1}: TinyDB-1 {tiny[-1]['seconds']:.2f} s, save {tiny[-1]['save_ms']:.1f} ms; "
                  f"PostgreSQL-3 {pg[-1]['seconds']:.2f} s, save {pg[-1]['save_ms']:.1f} ms", file=sys.stderr, flush=True)
    lost = sum(x["lost"] for x in pg + tiny)
    failures = [f for x in pg + tiny for f in x["failures"]]
    rows = [
        _row(f"{PEOPLE} people joining and submitting at once: time until all saved, PostgreSQL with 3 processes ÷ TinyDB with 1",
             [x["seconds"] * 1000 for x in pg], [x["seconds"] * 1000 for x in tiny]),
        _row("one save (a person's answers) during it: median latency, PostgreSQL 3 processes ÷ TinyDB 1",
             [x["save_ms"] for x in pg], [x["save_ms"] for x in tiny]),
    ]
    note = (f"Lost: {lost} of {PEOPLE * rounds * 2} submissions over all rounds (both stores)"
            + (f"; {len(failures)} calls failed, first: {failures[0]}" if failures else "; no call failed") + ".")
    return rows, note


def _row(what: str, runs: list[float], bases: list[float]) -> dict:
    ratios = [a / b for a, b in zip(runs, bases)]
    return {"what": what, "ms": statistics.median(runs), "base_ms": statistics.median(bases),
            "ratio": statistics.median(ratios), "min": min(ratios), "max": max(ratios)}


# --------------------------------------------------------------------------- 2. browsers


LOAD = """
import signal, sys
from playwright.sync_api import sync_playwright
from bench.browser import CHROMIUM, CHROMIUM_ARGS
stop = []
signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    pages = []
    for url in sys.argv[1:]:
        page = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
        page.goto(url)
        page.locator('[data-stale="false"] input[type="range"]').first.wait_for(timeout=60_000)
        pages.append(page)
    print("ready", flush=True)
    n = 0
    while not stop:
        for page in pages:
            slider = page.locator('[data-stale="false"] input[type="range"]').first
            try:
                slider.focus(timeout=2000)
                slider.press("ArrowRight" if n % 2 == 0 else "ArrowLeft", timeout=2000)
            except Exception:
                pass
        n += 1
        pages[0].wait_for_timeout(100)
    browser.close()
"""


def browser_rows(rounds: int, presses: int, postgres) -> list[dict]:
    from playwright.sync_api import sync_playwright

    from bench.browser import CHROMIUM, CHROMIUM_ARGS, PAIRS, keypresses, prepare
    from coprod.answers import assessment as A
    from coprod.common.paths import instruments_dir
    from coprod.library.loading import load_library
    from coprod.storage.postgres import PostgresStore
    from deploy.cluster import Cluster

    lib = load_library(instruments_dir())
    pair = PAIRS[0]  # Leeds
    times: dict[int, list[list[float]]] = {1: [], 3: []}
    with tempfile.TemporaryDirectory(prefix="coprod-bench-cluster-") as folder:
        clusters = {}
        try:
            for n in (1, 3):
                url = postgres.create_database(f"bench_browser_{n}")
                clusters[n] = Cluster(Path(folder) / f"c{n}", processes=n, database_url=url).start()
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for r in range(rounds):
                    for n in (1, 3) if r % 2 == 0 else (3, 1):
                        cluster = clusters[n]
                        store = PostgresStore(cluster.database_url)
                        prepare(pair, lib, store, Path(folder))
                        others = [store.create(A.new_assessment(lib.get("leeds-six-principles"), title=f"Other {k}"))["token"]
                                  for k in range(10)]
                        store.close()
                        pair.coprod_url = f"{cluster.url}/score?a={pair.token}"
                        load = subprocess.Popen([sys.executable, "-c", LOAD, *[f"{cluster.url}/score?a={t}" for t in others]],
                                                cwd=ROOT, stdout=subprocess.PIPE, text=True)
                        try:
                            if load.stdout.readline().strip() != "ready":
                                raise RuntimeError("the 10 other browsers did not start")
                            got = keypresses(browser, pair, "coprod", presses)
                        finally:
                            load.send_signal(signal.SIGTERM)
                            try:
                                load.wait(timeout=60)
                            except subprocess.TimeoutExpired:
                                load.kill()
                                load.wait()
                        times[n].append(got["rerun"])
                        print(f"round {r + 1}: {n} process(es), keypress → rerun {statistics.median(got['rerun']):.1f} ms",
                              file=sys.stderr, flush=True)
                browser.close()
        finally:
            for cluster in clusters.values():
                cluster.stop()
    medians3 = [statistics.median(t) for t in times[3]]
    medians1 = [statistics.median(t) for t in times[1]]
    return [_row("Leeds slider keypress → rerun finished, 10 other browsers scoring meanwhile: 3 processes behind "
                 "HAProxy ÷ 1 process behind it", medians3, medians1)]


# --------------------------------------------------------------------------- the section


def section(rows: list[dict], notes: list[str], started: float) -> str:
    from bench import machine

    lines = [f"## Several processes on PostgreSQL ({date.today().isoformat()}): {machine()}", "",
             "Written by `python -m bench.cluster` (see its docstring for what each row measures). "
             "Ratio below 1: the cluster is faster.", "",
             "| what | cluster ms | baseline ms | ratio (min–max) |", "| --- | ---: | ---: | ---: |"]
    for r in rows:
        lines.append(f"| {r['what']} | {r['ms']:.1f} | {r['base_ms']:.1f} | {r['ratio']:.2f}× ({r['min']:.2f}–{r['max']:.2f}) |")
    cores = os.cpu_count() or 1
    lines += ["", *notes,
              f"How to read it: this machine has {cores} cores, shared by PostgreSQL, the proxy, the app processes and, "
              "in the browser row, eleven headless Chromium pages. Three app processes can only beat one where there are "
              "cores for them to run on; with fewer, the rows show what the cluster's extra hops cost (a database round "
              "trip per read and save instead of a local file, the proxy in front) and that nothing is lost. The 200 "
              "people all update one session's row (joining and submitting), one transaction after another across the "
              "processes: that row, not the processes, sets the time until all are saved.",
              f"Whole run: {(time.perf_counter() - started) / 60:.1f} min; load average at its end "
              f"{os.getloadavg()[0]:.1f} (other work on the machine counts in every figure)."]
    return "\n".join(lines) + "\n"


def write_section(text: str) -> None:
    """Replace this benchmark's own section of RESULTS.md (appended at the end the first time)."""
    existing = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    block = f"{BEGIN}\n\n{text}\n{END}"
    if BEGIN in existing and END in existing:
        before, rest = existing.split(BEGIN, 1)
        after = rest.split(END, 1)[1]
        RESULTS.write_text(before + block + after, encoding="utf-8")
    else:
        RESULTS.write_text(existing.rstrip() + "\n\n" + block + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["worker"]:
        place, join_token, people, first, start_at = args[1:6]
        print(json.dumps(worker(place, join_token, int(people), int(first), float(start_at))))
        return
    parser = argparse.ArgumentParser(description="Benchmarks of several processes on PostgreSQL")
    parser.add_argument("--no-browser", action="store_true", help="the domain-level rows only")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--presses", type=int, default=15)
    parser.add_argument("--print-only", action="store_true", help="print the section, do not write RESULTS.md")
    options = parser.parse_args(args)
    from deploy.pg import LocalPostgres
    from deploy.processes import free_port

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="coprod-bench-pg-") as folder:
        postgres = LocalPostgres(Path(folder), free_port()).start()  # durable, as in use
        try:
            rows, note = domain_rows(options.rounds, postgres.create_database)
            notes = [note]
            from bench.stored import save_with_many
            from coprod.storage.postgres import PostgresStore

            saved = save_with_many(lambda label: PostgresStore(postgres.create_database(label)), "PostgreSQL (a row per document)")
            rows.append({**saved, "what": saved["what"] + " (here the baseline is the same store with 10)"})
            if not options.no_browser:
                rows += browser_rows(options.rounds, options.presses, postgres)
        finally:
            postgres.stop()
    text = section(rows, notes, started)
    print(text)
    if not options.print_only:
        write_section(text)


if __name__ == "__main__":
    main()
