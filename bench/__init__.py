"""Benchmarks: `make bench`. Figures go to bench/RESULTS.md; tests never assert on time."""
