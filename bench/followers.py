"""What everyone's page following its session costs (issue 28): a crowd of participants speaking
Streamlit's websocket protocol (bench/crowd.py) with one real Chromium facilitator and one real
Chromium participant among them, on one process (200 people) and on `make cluster`'s three processes
on PostgreSQL (1,000 people). Written to its own section of bench/RESULTS.md (`<!-- crowd -->`).

    .venv/bin/python -m bench.followers                    # 200 on one process, 1,000 on the cluster
    .venv/bin/python -m bench.followers --people 20 --cluster-people 30 --print-only   # a small try

Rows, each a ratio measured in one run:
- one real participant's slider move (Chromium, keypress -> rerun finished, bench/browser.py's
  measurement) with everyone else's page open and following ÷ with none open;
- the facilitator's Reveal click (Chromium) -> the last follower's page draws the group's results ÷
  -> the first's; beside it the same on a bare page whose fragment follows a file the same way
  (Streamlit's floor: a timer of 3 s per page, started whenever each page opened);
- the server's CPU per second with every follower idle ÷ with none (and the share of one core), with
  the bare page's fragment run beside it (the floor: a fragment on a timer with nothing in it but a
  file's stamp compared), and what one follower's check costs above that bare run;
- the server's memory (resident) with everyone's session ÷ with one, and per session.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "RESULTS.md"
BEGIN, END = "<!-- crowd -->", "<!-- /crowd -->"
# The window over which an idle server's CPU is measured: longer than the half minute or so between the idle
# process's collections of everything (coprod/ui/collector.py), so a window holds about one, not none or one
# by chance (0.4-0.55 s each moved a 15-second window by up to 3 points of a core).
IDLE_SECONDS = 40
REVEAL_SECONDS = 600  # the longest the reveal may take to reach every page before the run says it did not
RESULTS_WORDS = "What everyone said"

# The bare page sets what the process holds aside from Streamlit's collection at the end of every run,
# its fragment's included, as coprod does (coprod/ui/collector.py): without it each of its runs walks
# everything (some 25 ms here), and the floor would be Streamlit's cost with that walk, not without.
BARE_FOLLOWER = '''
import gc
import os
import streamlit as st

FLAG = os.environ["BARE_FLAG"]
st.set_page_config(page_title="bare", layout="wide")


def stamp():
    try:
        found = os.stat(FLAG)
    except FileNotFoundError:
        return None
    return found.st_ino, found.st_mtime_ns, found.st_size


seen = stamp()
st.title("A bare page following a file")
if seen is not None:
    st.markdown("REVEALED: the results")


@st.fragment(run_every=3)
def follow():
    try:
        if stamp() != seen:
            st.rerun(scope="app")
    finally:
        gc.freeze()


follow()
gc.freeze()
'''


# --------------------------------------------------------------------------- the measuring


class Loop:
    """An asyncio loop in a thread of its own, for the crowd, while Playwright's sync API drives Chromium."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def __call__(self, coroutine, timeout: float = 900):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time the processes have used so far, in seconds."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / tick


def resident_mib(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        line = next(x for x in Path(f"/proc/{pid}/status").read_text().splitlines() if x.startswith("VmRSS:"))
        total += int(line.split()[1])
    return total / 1024


def idle_share(pids: list[int], seconds: float = IDLE_SECONDS) -> float:
    """The processes' CPU per second of wall time over `seconds`, as a share of one core."""
    time.sleep(1)
    before, start = cpu_seconds(pids), time.monotonic()
    time.sleep(seconds)
    return (cpu_seconds(pids) - before) / (time.monotonic() - start)


def server(script: str, env: dict[str, str], logs: Path):
    """`streamlit run script` on a free loopback port, with the bench's flags: (url, pid)."""
    from bench.browser import SERVER_FLAGS
    from deploy.processes import streamlit_served

    return streamlit_served(script, env, logs, flags=list(SERVER_FLAGS), with_pid=True)


def close_all(loop: Loop, pages) -> None:
    async def close():
        await asyncio.gather(*(p.close() for p in pages), return_exceptions=True)
    loop(close())
    time.sleep(2)  # the server ends their sessions


def reveal_times(loop: Loop, pages, words: str, act) -> list[float]:
    """Seconds from `act()` (a click, a file written) until each page draws `words`, sorted."""
    futures = loop(_expect(pages, words))
    started = time.time()
    act()
    arrived = loop(_gather(futures), timeout=REVEAL_SECONDS + 30)
    return sorted(t - started for t in arrived)


async def _expect(pages, words):
    return [p.expect(words) for p in pages]


async def _gather(futures):
    return await asyncio.wait_for(asyncio.gather(*futures), REVEAL_SECONDS)


def participant_pair(lib, store, join_token: str, role: str):
    """A participant joined by the domain (not submitted), with bench/browser.py's Pair for their score page."""
    from bench.browser import PAIRS, Pair
    from coprod.answers import assessment as A
    from coprod.sessions import lifecycle as S
    from coprod.ui.autosave import key_for

    model = PAIRS[0]
    instrument = lib.get(model.instrument_id)
    token = S.join(store, instrument, join_token, role=role)["token"]
    pair = Pair(model.name, model.instrument_id, None, "main", model.boundary)
    choices = A.score_choices(instrument)
    pair.options = list(choices)
    pair.bands = [next((b.name for b in instrument.scale.bands if v is not None and b.contains(v)), "") for v in choices.values()]
    item = instrument.items[0]
    pair.token, pair.sliders = token, len(instrument.items)
    pair.slider_key = key_for(token, "score", "main", item.id)
    pair.item_anchor = A.item_anchor(next(p for p in A.perspectives_of(instrument) if p.id == "main"), item)
    return pair


def row(what: str, runs: list[float], bases: list[float], target: float | None = None, note: str = "") -> dict:
    ratios = [a / b for a, b in zip(runs, bases)]
    return {"what": what, "ms": statistics.median(runs), "base_ms": statistics.median(bases), "target": target,
            "ratio": statistics.median(ratios), "min": min(ratios), "max": max(ratios), "note": note}


def hall(url: str, pids: list[int], store, lib, people: int, browser, loop: Loop, *, rounds: int, presses: int,
         bare: tuple[str, int, Path] | None) -> dict:
    """Everything measured on one hall: `people` in as few sessions as the product allows (one, up to 499),
    served at `url` by the processes `pids`."""
    from bench import crowd
    from bench.browser import Watch
    from coprod.sessions import lifecycle as S

    instrument = lib.get("leeds-six-principles")
    roles = list(S.DEFAULT_ROLES)
    # A session takes at most S.MAX_PARTICIPANTS people (its page tells the rest to ask for another), so a
    # bigger hall is several sessions side by side; the facilitator's reveal is timed on the first.
    seats = S.MAX_PARTICIPANTS - 1  # the real Chromium participant takes a seat in the first
    sessions = [S.open_session(store, S.new_session(instrument, title=f"Bench {n + 1}", anonymous=True, roles=roles, min_group=3))
                for n in range(-(-people // seats))]
    session = sessions[0]
    pair = participant_pair(lib, store, session["join_token"], roles[0])
    pair.coprod_url = f"{url}/score?a={pair.token}"
    out: dict = {"people": people, "sessions": len(sessions), "cpu": {people: [], 0: []}, "slider": {people: [], 0: []}}

    started = time.monotonic()
    pages = loop(crowd.crowd(url, session["join_token"], 1, roles))
    time.sleep(2)
    out["rss_one"] = resident_mib(pids)
    shares = [people // len(sessions) + (n < people % len(sessions)) for n in range(len(sessions))]  # the first holds the pair too
    pages += loop(crowd.crowd(url, session["join_token"], shares[0] - 1, roles))
    for other, share in zip(sessions[1:], shares[1:]):
        pages += loop(crowd.crowd(url, other["join_token"], share, roles))
    revealed = pages[:shares[0]]
    out["join_seconds"] = time.monotonic() - started
    out["retries"] = sum(p.retries for p in pages)
    time.sleep(3)
    out["rss_all"] = resident_mib(pids)
    tokens = [p.query for p in pages]
    submitted = sum(1 for s in sessions for t, entry in store.get(s["token"])["roster"].items()
                    if entry.get("submitted") and t != pair.token)
    out["lost"] = people - submitted
    print(f"{people} joined, scored and submitted in {out['join_seconds']:.0f} s; lost {out['lost']}", file=sys.stderr, flush=True)
    for r in range(rounds):
        if r:
            pages = loop(crowd.open_pages(url, "score", tokens))  # everyone's page opened again
            revealed = pages[:shares[0]]
        out["cpu"][people].append(idle_share(pids))
        print(f"round {r + 1}, {people} following: CPU {out['cpu'][people][-1]:.3f} of a core", file=sys.stderr, flush=True)
        slider_move(out, people, browser, pair, presses)
        if r == rounds - 1:
            break
        close_all(loop, pages)
        out["cpu"][0].append(idle_share(pids))
        slider_move(out, 0, browser, pair, presses)

    facilitator = Watch(browser)
    facilitator.page.set_default_timeout(300_000)  # a crowded server: measured, not assumed
    try:
        opened = time.monotonic()
        facilitator.page.goto(f"{url}/session?f={session['token']}")
        button = facilitator.page.get_by_role("button", name="Reveal to everyone")
        button.wait_for(timeout=300_000)  # the facilitator's page, opened while everyone follows: measured, not assumed
        out["facilitator_open"] = time.monotonic() - opened
        print(f"the facilitator's page showed Reveal after {out['facilitator_open']:.1f} s", file=sys.stderr, flush=True)
        out["reveal"] = reveal_times(loop, revealed, RESULTS_WORDS, button.click)
    except Exception as failed:  # noqa: BLE001 - a server too crowded to answer is a finding, written down
        out["reveal_failed"] = why(failed)
        print(f"the reveal could not be measured: {out['reveal_failed']}", file=sys.stderr, flush=True)
    finally:
        facilitator.close()
    close_all(loop, pages)
    out["cpu"][0].append(idle_share(pids))
    slider_move(out, 0, browser, pair, presses)

    if bare:
        bare_url, bare_pid, flag = bare
        out["bare_cpu"] = {people: [], 0: []}
        for r in range(rounds):
            out["bare_cpu"][0].append(idle_share([bare_pid]))
            bare_pages = loop(crowd.open_pages(bare_url, "", [""] * people))
            out["bare_cpu"][people].append(idle_share([bare_pid]))
            if r == rounds - 1:
                out["bare_reveal"] = reveal_times(loop, bare_pages, "REVEALED", lambda: flag.write_text("revealed"))
            close_all(loop, bare_pages)
    return out


def why(failed: Exception) -> str:
    """What went wrong, in a line: the exception's kind and the first line of its message."""
    return f"{type(failed).__name__}: {(str(failed).splitlines() or [''])[0][:200]}"


def slider_move(out: dict, following: int, browser, pair, presses: int) -> None:
    """The real participant's slider presses (their median, ms) with `following` pages open, or why not."""
    from bench.browser import keypresses

    try:
        out["slider"][following].append(statistics.median(keypresses(browser, pair, "coprod", presses)["rerun"]))
        print(f"{following} following: slider {out['slider'][following][-1]:.0f} ms", file=sys.stderr, flush=True)
    except Exception as failed:  # noqa: BLE001 - a page that cannot open in a crowded server is a finding
        out.setdefault("slider_failed", []).append(f"with {following} following, {why(failed)}")
        print(f"the slider could not be timed: {out['slider_failed'][-1]}", file=sys.stderr, flush=True)


def rows_of(hall_: dict, where: str) -> tuple[list[dict], list[str]]:
    from coprod.sessions import lifecycle as S

    people, cpu, slider = hall_["people"], hall_["cpu"], hall_["slider"]
    n = min(len(cpu[0]), len(slider[people]), len(slider[0]))
    rows, notes = [], []
    if n:
        rows.append(row(f"{where}: one real participant's slider keypress → rerun finished (Chromium) with {people - 1} others "
                        "following ÷ with none", slider[people][:n], slider[0][:n], 1.3))
    if hall_.get("slider_failed"):
        notes.append(f"{where}: **the real participant's score page could not be timed**: " + "; ".join(hall_["slider_failed"]) + ".")
    if hall_.get("reveal"):
        first, last = hall_["reveal"][0], hall_["reveal"][-1]
        shown = len(hall_["reveal"])
        alongside = (f" ({hall_['sessions']} sessions side by side, a session taking at most {S.MAX_PARTICIPANTS} people; "
                     f"revealed: the first)") if hall_["sessions"] > 1 else ""
        rows.append(row(f"{where}: the facilitator's Reveal click → the {shown}th follower's page draws the results ÷ → the "
                        f"first's{alongside}", [last * 1000], [first * 1000], 1.5))
    else:
        notes.append(f"{where}: **the Reveal could not be measured**: {hall_.get('reveal_failed', 'no page drew it')}.")
    if "bare_reveal" in hall_:
        bare = hall_["bare_reveal"]
        rows.append(row(f"(floor, {where}: a bare page whose 3-second fragment follows a file, {people} pages: the file "
                        f"written → the {people}th page redrawn ÷ → the first)", [bare[-1] * 1000], [bare[0] * 1000]))
    share = statistics.median(cpu[people])
    pairs = min(len(cpu[people]), len(cpu[0]))
    rows.append(row(f"{where}: the server's CPU per second with {people} idle followers ÷ with none "
                    f"(**{share * 100:.1f} % of one core** with them)", [c * 1000 for c in cpu[people][:pairs]],
                    [c * 1000 for c in cpu[0][:pairs]], None, note="cpu"))
    rows[-1]["absolute"] = share
    if "bare_cpu" in hall_:
        bare = hall_["bare_cpu"]
        bare_share = statistics.median(bare[people])
        rows.append(row(f"(floor, {where}: a bare page with the same 3-second fragment, {people} pages open ÷ none: "
                        f"{bare_share * 100:.1f} % of one core)", [c * 1000 for c in bare[people]], [c * 1000 for c in bare[0]]))
        per_second = people / 3
        coprod_run = (share - statistics.median(cpu[0])) / per_second * 1000
        bare_run = (bare_share - statistics.median(bare[0])) / per_second * 1000
        rows.append(row(f"{where}: one follower's check (its fragment run above the bare page's) ÷ the bare fragment run "
                        "that carries it (ms of CPU per run)", [coprod_run - bare_run], [bare_run], 1.0))
    rows.append(row(f"{where}: the server's memory (resident) with {people} people's sessions ÷ with one "
                    f"({(hall_['rss_all'] - hall_['rss_one']) / max(people - 1, 1):.2f} MiB a session)",
                    [hall_["rss_all"]], [hall_["rss_one"]]))
    notes.append(f"{where}: {people} people joined, scored and submitted through the websocket in {hall_['join_seconds']:.0f} s; "
                 f"lost: {hall_['lost']} of {people}; runs asked for again after 20 s unanswered: {hall_['retries']}."
                 + (f" Reveal reached the pages from {hall_['reveal'][0]:.2f} s to {hall_['reveal'][-1]:.2f} s after the click "
                    f"(median {statistics.median(hall_['reveal']):.2f} s)." if hall_.get("reveal") else "")
                 + (f" The facilitator's page, opened while everyone followed, showed its Reveal button after "
                    f"{hall_['facilitator_open']:.1f} s." if "facilitator_open" in hall_ else ""))
    return rows, notes


def table(rows: list[dict]) -> str:
    lines = ["| what | with them | baseline | ratio (min–max) | target | met |", "| --- | ---: | ---: | ---: | ---: | :---: |"]
    for r in rows:
        if r.get("note") == "cpu":
            target, met = "< 25 % of one core", "yes" if r["absolute"] < 0.25 else "**no**"
        elif r["target"] is None:
            target, met = "—", "—"
        else:
            target, met = f"≤ {r['target']:g}×", "yes" if r["ratio"] <= r["target"] else "**no**"
        lines.append(f"| {r['what']} | {r['ms']:.1f} | {r['base_ms']:.1f} | {r['ratio']:.2f}× ({r['min']:.2f}–{r['max']:.2f}) "
                     f"| {target} | {met} |")
    return "\n".join(lines)


def write_section(text: str) -> None:
    existing = RESULTS.read_text(encoding="utf-8")
    block = f"{BEGIN}\n\n{text}\n{END}"
    if BEGIN in existing and END in existing:
        before, rest = existing.split(BEGIN, 1)
        RESULTS.write_text(before + block + rest.split(END, 1)[1], encoding="utf-8")
    else:
        marker = "<!-- cluster -->"
        head, _, tail = existing.partition(marker)
        RESULTS.write_text(f"{head}{block}\n\n{marker}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="A crowd following its session: one process and the cluster")
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--cluster-people", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--presses", type=int, default=10)
    parser.add_argument("--no-cluster", action="store_true")
    parser.add_argument("--cluster-only", action="store_true", help="leave out the one process's hall")
    parser.add_argument("--print-only", action="store_true")
    options = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    from bench import machine
    from bench.browser import CHROMIUM, CHROMIUM_ARGS
    from coprod.common.paths import instruments_dir
    from coprod.library.loading import load_library
    from coprod.storage.tinydb import TinyDBStore

    started = time.perf_counter()
    lib = load_library(instruments_dir())
    rows, notes = [], []
    loop = Loop()
    try:
        with tempfile.TemporaryDirectory(prefix="coprod-crowd-") as folder, sync_playwright() as p:
            folder = Path(folder)
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            bare_script = folder / "bare_follower.py"
            bare_script.write_text(BARE_FOLLOWER)
            flag = folder / "flag"
            if not options.cluster_only:
                with server("streamlit_app.py", {"COPROD_DATA_DIR": str(folder / "data")}, folder) as (url, pid), \
                        server(str(bare_script), {"BARE_FLAG": str(flag)}, folder) as (bare_url, bare_pid):
                    store = TinyDBStore(folder / "data")
                    got = hall(url, [pid], store, lib, options.people, browser, loop, rounds=options.rounds,
                               presses=options.presses, bare=(bare_url, bare_pid, flag))
                    more, said = rows_of(got, f"{options.people} people, one process (TinyDB)")
                    rows += more
                    notes += said
                    print(table(more), *said, sep="\n", file=sys.stderr, flush=True)  # kept, whatever the cluster does
            if not options.no_cluster:
                from coprod.storage.postgres import PostgresStore
                from deploy.cluster import Cluster

                folder.chmod(0o755)  # PostgreSQL runs as its own user, and must reach its folder inside this one
                cluster = Cluster(folder / "cluster", processes=3).start()
                try:
                    store = PostgresStore(cluster.database_url)
                    got = hall(cluster.url, [a.pid for a in cluster.apps], store, lib, options.cluster_people, browser, loop,
                               rounds=1 if options.cluster_people > 500 else options.rounds, presses=options.presses, bare=None)
                    store.close()
                    more, said = rows_of(got, f"{options.cluster_people} people, 3 processes behind HAProxy (PostgreSQL)")
                    rows += more
                    notes += said
                finally:
                    cluster.stop()
            browser.close()
    finally:
        loop.stop()
    text = (f"## A hall following its session ({date.today().isoformat()}): {machine()}\n\n"
            "Written by `python -m bench.followers` (see its docstring). The crowd's own client runs on the same "
            "machine, and counts in nothing but the wall clock.\n\n"
            f"{table(rows)}\n\n" + "\n".join(notes) + f"\nWhole run: {(time.perf_counter() - started) / 60:.1f} min; "
            f"load average at its end {os.getloadavg()[0]:.1f}.\n")
    print(text)
    if not options.print_only:
        write_section(text)


if __name__ == "__main__":
    main()
