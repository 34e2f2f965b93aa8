"""The overview's rows (issue 24): the coordinator's page with 500 teams × 3 review rounds ÷ the same
page with 10 (AppTest reruns, interleaved), and 50 teams adding their results at the same instant ÷
one alone, with how many were lost (none may be). `python -m bench.overview` prints them alone;
`make bench` runs them with the rest."""

from __future__ import annotations

import os
import statistics
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

from streamlit.testing.v1 import AppTest

from bench import median_ms

ROOT = Path(__file__).resolve().parents[1]


def _leeds():
    from coprod.common.paths import instruments_dir
    from coprod.library.loading import load_library

    return load_library(instruments_dir()).get("leeds-six-principles")


def _overview_with(store, instrument, teams: int, rounds: int = 3) -> str:
    """An overview of `teams` contributions × `rounds` review rounds, each sharing its plan."""
    from coprod.overview import contributions as C

    overview = C.open_overview(store, C.new_overview(instrument, title=f"Bench {teams}", tags=["North", "South"]))
    tokens = []
    for n in range(teams):
        rows = [{"on": (date(2026, 1, 1) + timedelta(days=90 * r)).isoformat(),
                 "scores": {item.id: 1 + (n + r + k) % 9 for k, item in enumerate(instrument.items)},
                 "next_review": (date(2026, 4, 1) + timedelta(days=90 * r)).isoformat(), "source": f"s{n}-{r}",
                 "plan": [{"item_id": item.id, "item": item.name, "actions": f"Action {n}", "status": "under way"}
                          for item in instrument.items[:2]]}
                for r in range(rounds)]
        tokens.append(store.create({"kind": "contribution", "overview": overview["token"], "instrument_id": instrument.id,
                                    "team": f"Team {n:03d}", "tags": ["North" if n % 2 else "South"], "from": "assessment",
                                    "rounds": rows}, code=False)["token"])
    store.update(overview["token"], lambda o: o.update(contributions=tokens, revision=1))
    return overview["token"]


def coordinator(rounds: int = 5, repeat: int = 5, big: int = 500, small: int = 10) -> dict:
    from bench import row
    from coprod.storage.tinydb import TinyDBStore

    instrument = _leeds()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["COPROD_DATA_DIR"] = folder
        store = TinyDBStore(Path(folder))
        pages = {}
        for count in (small, big):
            at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=300)
            at.query_params["o"] = _overview_with(store, instrument, count)
            at.run()
            at.switch_page("app_pages/overview.py").run()
            assert not at.exception, at.exception
            pages[count] = at
        runs, bases = [], []
        for _ in range(rounds):
            bases.append(median_ms(lambda: pages[small].run(), repeat))
            runs.append(median_ms(lambda: pages[big].run(), repeat))
    return row(f"overview, coordinator's page, AppTest rerun, {big} teams × 3 rounds ÷ {small}", 1.2, runs, bases,
               note="the heatmap and team lists show a page of 20 teams by name; the figures over all")


def fifty_at_once(rounds: int = 3, teams: int = 50) -> dict:
    from bench import row
    from coprod.answers import assessment as A
    from coprod.overview import contributions as C
    from coprod.storage.tinydb import TinyDBStore

    instrument = _leeds()
    runs, bases, lost = [], [], 0
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as folder:
            store = TinyDBStore(Path(folder))
            overview = C.open_overview(store, C.new_overview(instrument, title="Bench"))
            docs = []
            for n in range(teams + 1):
                doc = A.new_assessment(instrument, title=f"Team {n}")
                for item in instrument.items:
                    A.set_score(instrument, doc, "main", item.id, 1 + n % 9)
                    A.set_example(instrument, doc, "main", item.id, "We asked first")
                A.finish(instrument, doc)
                docs.append(store.create(doc))

            def add(doc):
                C.contribute(store, instrument, store.get(overview["token"]), C.source_of(instrument, doc), team=doc["title"],
                             tags=[], examples=False, plan=False)

            start = time.perf_counter()
            add(docs[0])
            bases.append((time.perf_counter() - start) * 1000)
            barrier = threading.Barrier(teams)
            threads = [threading.Thread(target=lambda d=d: (barrier.wait(), add(d))) for d in docs[1:]]
            start = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            runs.append((time.perf_counter() - start) * 1000)
            lost += teams + 1 - len(store.get(overview["token"])["contributions"])
    return row(f"overview, {teams} teams adding their results at the same instant ÷ one alone", None, runs, bases,
               note=f"lost: {lost} of {rounds * (teams + 1)}")


def overview_rows() -> list[dict]:
    return [coordinator(), fifty_at_once()]


if __name__ == "__main__":
    for r in overview_rows():
        print(f"{r['what']}: {r['ratio']:.2f}× ({r['min']:.2f}–{r['max']:.2f}), {statistics.median([r['ms']]):.0f} ms ÷ "
              f"{r['base_ms']:.0f} ms. {r['note']}")
