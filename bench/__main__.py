"""Run every benchmark and print a Markdown table for bench/RESULTS.md.

Each figure is the median of several runs and is shown beside a baseline measured in the same run
(a bare Streamlit page), because this machine is shared and noisy.
"""

from __future__ import annotations

import platform
import statistics
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


def library_load_ms() -> float:
    return median_ms(lambda: load_library(instruments_dir()))


def main() -> None:
    rows = [
        ("bare Streamlit page, 6 sliders + 6 text areas, AppTest rerun (baseline)", bare_page_ms()),
        ("home page (six instrument cards), AppTest rerun", home_page_ms()),
        ("load and validate the six instrument files", library_load_ms()),
    ]
    print(f"## {date.today().isoformat()} — {platform.node()}, {platform.machine()}, Python {platform.python_version()}\n")
    print("| what | median ms |\n| --- | ---: |")
    for name, ms in rows:
        print(f"| {name} | {ms:.1f} |")


if __name__ == "__main__":
    main()
