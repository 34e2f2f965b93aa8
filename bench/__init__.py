"""Benchmarks: `make bench`. Figures go to bench/RESULTS.md; tests never assert on time."""

import statistics
import time
from collections.abc import Callable


def median_ms(run: Callable[[], object], repeat: int) -> float:
    """The median time of `repeat` calls of `run`, in ms, after one call that warms caches and imports."""
    run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)
