"""Benchmarks: `make bench`. Figures go to bench/RESULTS.md; tests never assert on time."""

import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path


def median_ms(run: Callable[[], object], repeat: int) -> float:
    """The median time of `repeat` calls of `run`, in ms, after one call that warms caches and imports."""
    run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def row(what: str, target: float, runs: list[float], bases: list[float], note: str = "") -> dict:
    """A row of the table: the medians, and the ratio to the baseline of the same round."""
    ratios = [run / base for run, base in zip(runs, bases)]
    return {"what": what, "target": target, "ms": statistics.median(runs), "base_ms": statistics.median(bases),
            "ratio": statistics.median(ratios), "min": min(ratios), "max": max(ratios), "note": note}


def machine() -> str:
    cores = os.cpu_count()
    memory = ""
    try:
        kib = int(next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")).split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    import fpdf
    import streamlit

    return (f"{platform.node()}: {cores} cores{f' ({cpu})' if cpu else ''}{memory}, {platform.machine()}, "
            f"Python {platform.python_version()}, Streamlit {streamlit.__version__}, fpdf2 {fpdf.__version__}")
