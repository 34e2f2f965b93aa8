"""A save costs the same however many documents are stored: one person's answers saved with 10,000
documents stored ÷ with 10, on the store given (TinyDB in `python -m bench`, PostgreSQL in
`python -m bench.cluster`). Rounds interleave the two stores' saves; the documents are Leeds
assessments with every score and example set (about 3 KB each)."""

from __future__ import annotations

import statistics
import time
from typing import Callable


def filled(instrument, n: int) -> dict:
    from coprod.answers import assessment as A

    doc = A.new_assessment(instrument, title=f"Stored {n}")
    for item in instrument.items:
        A.set_score(instrument, doc, "main", item.id, 1 + (n + len(item.id)) % 9)
        A.set_example(instrument, doc, "main", item.id, f"Example {n}: we asked the group first, then the staff.")
    return doc


def save_with_many(open_store: Callable[[str], object], name: str, *, few: int = 10, many: int = 10_000,
                   rounds: int = 5, saves: int = 30) -> dict:
    """`open_store(label)` gives an empty store; the row compares a save with `many` stored ÷ with `few`."""
    from coprod.answers import assessment as A
    from coprod.common.paths import instruments_dir
    from coprod.library.loading import load_library
    from coprod.storage.interface import new_token

    instrument = load_library(instruments_dir()).get("leeds-six-principles")
    stores, tokens = {}, {}
    for count in (few, many):
        store = stores[count] = open_store(f"stored_{count}")
        tokens[count] = store.create(filled(instrument, 0))["token"]
        template = filled(instrument, 1)
        for n in range(count - 1):
            store.put(new_token(), {**template, "title": f"Stored {n}"})
    values = iter(range(1 << 30))

    def save(count: int) -> float:
        item = instrument.items[next(values) % len(instrument.items)]
        score = 1 + next(values) % 9
        began = time.perf_counter()
        stores[count].update(tokens[count], lambda d: A.set_score(instrument, d, "main", item.id, score))
        return (time.perf_counter() - began) * 1000

    runs, bases = [], []
    for _ in range(rounds):
        bases.append(statistics.median(save(few) for _ in range(saves)))
        runs.append(statistics.median(save(many) for _ in range(saves)))
    for store in stores.values():
        store.close()
    ratios = [a / b for a, b in zip(runs, bases)]
    return {"what": f"one save (a person's answers), {many:,} documents stored ÷ {few} stored: {name}", "target": 1.2,
            "ms": statistics.median(runs), "base_ms": statistics.median(bases), "ratio": statistics.median(ratios),
            "min": min(ratios), "max": max(ratios)}
