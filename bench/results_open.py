"""First open of a finished assessment's results page in a fresh `streamlit run` (issue 28: "Downloads
without the wait"), beside a bare page with the same kinds of thing and nothing else: an Altair chart,
a table, text boxes, a date and as many download buttons, each handing out a few bytes.

Two rows, each the median over rounds of coprod's time ÷ the bare page's, the two interleaved and each
on a server started for that round (after its `/_stcore/health` answers):
- from `page.goto` until the page is drawn to its last line with its chart on screen (the results
  page: its "Print view" link; the bare page: its closing line), download buttons ready or not;
- from `page.goto` until every download button can be clicked (coprod makes a page's files last in
  its run, coprod/ui/files.py: a button is greyed out until its file is made).

    .venv/bin/python -m bench.results_open     # prints the two rows (`make bench` writes them)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

CHART = '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg'
READY = '[data-testid="stDownloadButton"] button:not([disabled])'


def bare_results(files: int) -> str:
    """The bare page: what the results page draws, in kind, with nothing of coprod's."""
    return "\n".join([
        "import altair as alt",
        "import pandas as pd",
        "import streamlit as st",
        "",
        'st.set_page_config(page_title="bare", layout="wide")',
        'st.title("Results")',
        'points = pd.DataFrame({"item": [f"Principle {n}" for n in range(6)], "score": [3, 5, 7, 4, 6, 8]})',
        'st.altair_chart(alt.Chart(points).mark_line(point=True).encode(x="item", y="score"), width="stretch")',
        "st.dataframe(points, hide_index=True)",
        'for n in range(3):',
        '    st.text_area(f"Action {n}", key=f"action{n}")',
        'st.date_input("Review on", key="review")',
        f"for column, n in zip(st.columns({files}), range({files})):",
        '    column.download_button(f"File {n}", b"a few bytes", file_name=f"file{n}.txt", key=f"file{n}", on_click="ignore")',
        'st.markdown("The end of the page")',
    ]) + "\n"


def finished(store, instrument) -> dict:
    """A finished assessment, every item scored (across the scale) with an example."""
    from coprod.answers import assessment as A

    doc = A.new_assessment(instrument, title="Park project", role="Youth worker")
    values = list(instrument.scale.values)
    for view in doc["perspectives"]:
        for n, item in enumerate(instrument.items):
            A.set_score(instrument, doc, view, item.id, values[(n * 2 + 1) % len(values)])
            A.set_example(instrument, doc, view, item.id, f"In June the group ran the {item.name} session themselves.")
    A.finish(instrument, doc)
    return store.create(doc)


def open_results(browser, url: str, last: str, files: int) -> tuple[float, float]:
    """(ms until the page is drawn to `last` with its chart, ms until `files` download buttons are ready)."""
    from bench.browser import Watch

    watch = Watch(browser)
    try:
        start = time.perf_counter()
        watch.page.goto(url)
        watch.page.locator(last).first.wait_for(state="visible", timeout=60_000)
        watch.page.locator(CHART).first.wait_for(state="visible", timeout=60_000)
        drawn = time.perf_counter()
        watch.page.wait_for_function(f"document.querySelectorAll({READY!r}).length >= {files}", timeout=60_000, polling=20)
        return (drawn - start) * 1000, (time.perf_counter() - start) * 1000
    finally:
        watch.close()


def results_open_rows(rounds: int = 4, verbose: bool = False) -> list[dict]:
    from playwright.sync_api import sync_playwright

    from bench.browser import CHROMIUM, CHROMIUM_ARGS, served
    from coprod.common.paths import instruments_dir
    from coprod.files import downloads
    from coprod.library.loading import load_library
    from coprod.storage.tinydb import TinyDBStore

    with tempfile.TemporaryDirectory(prefix="coprod-bench-results-") as folder:
        folder = Path(folder)
        (folder / "data").mkdir()
        store = TinyDBStore(folder / "data")
        leeds = load_library(instruments_dir()).get("leeds-six-principles")
        doc = finished(store, leeds)
        files = len(downloads.of_assessment(leeds, store, doc))
        bare = folder / "bare_results.py"
        bare.write_text(bare_results(files), encoding="utf-8")
        times: dict[str, list[tuple[float, float]]] = {"coprod": [], "bare": []}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for r in range(rounds):
                    for side in ("coprod", "bare") if r % 2 == 0 else ("bare", "coprod"):
                        script = "streamlit_app.py" if side == "coprod" else str(bare)
                        with served(script, folder / "data", folder) as url:
                            if side == "coprod":
                                got = open_results(browser, f"{url}/results?a={doc['token']}", 'a[href*="print"]', files)
                            else:
                                got = open_results(browser, url, "text=The end of the page", files)
                        times[side].append(got)
                        if verbose:
                            print(f"round {r + 1} {side:6} drawn {got[0]:7.1f} ms, files ready {got[1]:7.1f} ms",
                                  file=sys.stderr, flush=True)
            finally:
                browser.close()

    def row(what: str, index: int, target: float | None) -> dict:
        ratios = [c[index] / b[index] for c, b in zip(times["coprod"], times["bare"])]
        return {"what": what, "target": target, "ratio": statistics.median(ratios), "min": min(ratios), "max": max(ratios),
                "coprod_ms": statistics.median(c[index] for c in times["coprod"]),
                "bare_ms": statistics.median(b[index] for b in times["bare"])}

    return [row("first open of a finished assessment's results page in a fresh `streamlit run`, until drawn to its last line "
                "with its chart (files still being made) ÷ a bare page with a chart, a table, text boxes and download buttons", 0, 1.3),
            row(f"(the same, until all {files} download buttons are ready ÷ the bare page's)", 1, None)]


if __name__ == "__main__":
    for found in results_open_rows(verbose=True):
        print(f"{found['what']}: {found['ratio']:.2f}× ({found['min']:.2f}–{found['max']:.2f}); "
              f"{found['coprod_ms']:.0f} ms ÷ {found['bare_ms']:.0f} ms")
