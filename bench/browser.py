"""Browser timings of the score page, each a ratio to a bare Streamlit page measured in the same run:
`browser_timings()`.

    .venv/bin/python -m bench.browser              # prints the figures as a Markdown table (about 8 min)
    .venv/bin/python -m bench.browser ROUNDS PRESSES

Raw per-round medians go to stderr as it runs, with a check that needs no Playwright round trip:
keydown -> arrival of the script_finished message, both timed in the page.

Everything is measured in Debian's headless Chromium (driven by Playwright) against `streamlit run`.
Each coprod score page is paired with a *bare page of the same widgets*: a generated script, served
by its own `streamlit run` with the same flags, that draws the same number of `st.select_slider`s with
the same options and labels, each followed by an `st.markdown` naming the chosen option (the bare
equivalent of the highlighted band), the same number of `st.text_area`s and the page's other widgets
(toggles, multiselects, the Finish and delete buttons, the delete checkbox), in the page's order and
with `layout="wide"`. The bare page reruns as one plain script, with no fragments, no storage and no
HTML blocks. Both servers run from the repository (its .streamlit/config.toml applies to both) with
`--server.headless true --browser.gatherUsageStats false --server.fileWatcherType none` (no file
watcher: others editing the sources must not make a page say "source changed" mid-run).

Rows:

* slider keypress -> rerun finished: perf_counter just before `page.keyboard.press` until the
  websocket frame carrying the `script_finished` ForwardMsg arrives in Python (a fragment rerun sends
  one too). Presses alternate ArrowRight / ArrowLeft across a band boundary (Leeds 3 <-> 4, the
  others 1 <-> 2), on the first item's slider (nef: its "you" view).
* keypress -> highlighted band on screen: in-page times, from a capture-phase `keydown` listener to
  the first DOM mutation batch after which the item's chosen band (`.coprod-band.here strong`) names
  the new band, or on the bare page the markdown names the new option. DOM time, before paint.
* the server's run of a slider move (Leeds only, no target of its own): in-page times from the first
  websocket message after `keydown` (the run has started) to the `script_finished` message, on the
  coprod page (the item's fragment, as `streamlit run` reruns it) and on the bare page (its whole
  script). It stands beside the AppTest row, which can only rerun whole pages.
* first open of the Leeds score page in a fresh `streamlit run` (started each round, after its
  `/_stcore/health` answers): from `page.goto` until the last DOM mutation or the last
  `script_finished`, whichever is later, once the sliders are visible and the page has been quiet
  (no mutation, no websocket frame) for 300 ms. The quiet window itself is not counted.

Between presses the script waits for the reply and for the page to be quiet for 300 ms. Each page
gets a fresh browser context and a few warm-up presses. Round r measures, for each pair, one page
then the other (coprod first in even rounds, bare first in odd ones). A round's ratio is the median
coprod time / the median bare time of that round; `ratio` is the median of the per-round ratios,
`min`/`max` their extremes; `coprod_ms`/`bare_ms` are medians over every press (or open) of all rounds.
Never assert on these figures in tests: the machine is shared and noisy.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from deploy.processes import streamlit_served

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SERVER_FLAGS = ["--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]  # with the helper's headless, loopback
QUIET_MS = 300
WARMUP = 4  # alternating presses after reaching the band boundary, not measured
VIEWPORT = {"width": 1280, "height": 1000}

# Installed in every page before its own scripts: the time of the last DOM mutation, the keydown time,
# the first time the expected band/option is on the page, and each websocket message's arrival.
INIT_SCRIPT = """
(() => {
  if (window.__bench) return;
  const b = window.__bench = {lastMut: performance.now(), kd: null, seen: null, expect: null, sockets: []};
  const match = () => {
    const e = b.expect;
    if (!e) return false;
    for (const el of document.querySelectorAll(e.sel)) if (el.textContent.trim() === e.text) return true;
    return false;
  };
  new MutationObserver(() => {
    const t = performance.now();
    b.lastMut = t;
    if (b.kd !== null && b.seen === null && match()) b.seen = t;
  }).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  window.addEventListener('keydown', () => { b.kd = performance.now(); b.seen = null; }, true);
  const Original = window.WebSocket;
  window.WebSocket = class extends Original {
    constructor(...args) {
      super(...args);
      const times = [];
      b.sockets.push(times);
      this.addEventListener('message', () => times.push(performance.now()));
    }
  };
})();
"""


# --------------------------------------------------------------------------- servers and browser


@contextmanager
def served(script: str, data_dir: Path, logs: Path):
    """`streamlit run script` (from the repository) on a free port; yields its URL once healthy."""
    with streamlit_served(script, {"COPROD_DATA_DIR": str(data_dir)}, logs, SERVER_FLAGS) as url:
        yield url


class Watch:
    """A page with the init script, and its websocket frames as Python receives them."""

    def __init__(self, browser):
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self._decode = ForwardMsg.FromString
        self.context = browser.new_context(viewport=VIEWPORT)
        self.context.add_init_script(INIT_SCRIPT)
        self.context.set_default_navigation_timeout(120_000)  # a crowded server (bench/followers.py) answers slowly
        self.page = self.context.new_page()
        self.counts: list[int] = []  # frames received, per socket
        self.last_frame = time.perf_counter()
        self.finished: list[tuple[float, float, int, int]] = []  # (perf_counter, wall time, socket, frame) of script_finished
        self.page.on("websocket", self._socket)

    def _socket(self, ws) -> None:
        index = len(self.counts)
        self.counts.append(0)

        def frame(payload) -> None:
            now, wall = time.perf_counter(), time.time()
            number = self.counts[index]
            self.counts[index] += 1
            self.last_frame = now
            if isinstance(payload, (bytes, bytearray)):
                try:
                    kind = self._decode(bytes(payload)).WhichOneof("type")
                except Exception:  # noqa: BLE001 - not a ForwardMsg: not ours to judge
                    kind = None
                if kind == "script_finished":
                    self.finished.append((now, wall, index, number))

        ws.on("framereceived", frame)

    def close(self) -> None:
        self.context.close()

    def wait_quiet(self, timeout: float = 30.0) -> bool:
        """Wait until no DOM mutation and no websocket frame for QUIET_MS; False on timeout."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            self.page.wait_for_timeout(40)
            since_mutation = self.page.evaluate("performance.now() - window.__bench.lastMut")
            since_frame = (time.perf_counter() - self.last_frame) * 1000
            if since_mutation >= QUIET_MS and since_frame >= QUIET_MS:
                return True
        return False

    def wait_finished(self, count: int, timeout: float = 30.0) -> bool:
        """Wait until more than `count` script_finished messages have arrived."""
        deadline = time.perf_counter() + timeout
        while len(self.finished) <= count:
            if time.perf_counter() > deadline:
                return False
            self.page.wait_for_timeout(4)
        return True


# --------------------------------------------------------------------------- the pairs


@dataclass
class Pair:
    """One score page and its bare page, and how to press across a band boundary on each."""

    name: str
    instrument_id: str
    perspectives: list[str] | None
    view: str
    boundary: int  # option index: presses go boundary -> boundary + 1 -> boundary ...
    options: list[str] = field(default_factory=list)
    bands: list[str] = field(default_factory=list)  # band name per option ("" for not scored)
    sliders: int = 0
    token: str = ""
    slider_key: str = ""
    item_anchor: str = ""
    bare_script: str = ""
    coprod_url: str = ""
    bare_url: str = ""

    def slider_selector(self, side: str) -> str:
        key = self.slider_key if side == "coprod" else "s0"
        return f'.{css_key(key)}[data-stale="false"] input[type="range"]'

    def expectation(self, side: str, index: int) -> tuple[str, str]:
        """(selector, text) that is on the page once option `index` is drawn as chosen."""
        if side == "coprod":
            return f".{css_key('item-' + self.item_anchor)} .coprod-band.here strong", self.bands[index]
        return '[data-testid="stMarkdownContainer"]', f"Slider 0 chosen: {self.options[index]}"


def css_key(key: str) -> str:
    """The class Streamlit gives the container of an element with a key (its frontend's rule)."""
    return "st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())


PAIRS = [
    Pair("Leeds six principles (6 sliders of 10 options, 6 text areas)", "leeds-six-principles", None, "main", 3),
    Pair("IMAGINE engagement (6 sliders of 7 options, 6 text areas)", "imagine-engagement", None, "main", 2),
    Pair("nef framework, three views (18 sliders of 5 options, 6 text areas)", "nef-framework",
         ["you", "project", "organisation"], "you", 1),
]


def bare_script(instrument, perspectives: list[str] | None) -> tuple[str, int]:
    """The bare page of the score page's widgets, in the page's order; (source, number of sliders)."""
    from coprod.answers import assessment as A

    options = list(A.score_choices(instrument))
    views = [p for p in A.perspectives_of(instrument) if perspectives is None or p.id in perspectives]
    lines = ["import streamlit as st", "", 'st.set_page_config(page_title="bare", layout="wide")',
             f"OPTIONS = {options!r}", "", 'st.toggle("Choose from a list instead of a slider", key="list")']
    if any(item.examples for item in instrument.items):
        lines.append('st.toggle("Show the source\'s worked examples beside each item", key="worked")')
    slider = text = multi = 0
    per_item = A.examples_per_item(instrument)
    for item in instrument.items:
        for view in views:
            label = f"{view.label}: score for {item.name}" if len(views) > 1 else f"Your score for {item.name}"
            lines += [f"chosen = st.select_slider({label!r}, OPTIONS, key='s{slider}')",
                      f"st.markdown('Slider {slider} chosen: ' + chosen)"]
            slider += 1
            if item.options:
                lines.append(f"st.multiselect('Which apply?', {list(item.options)!r}, key='m{multi}')")
                multi += 1
            if not per_item:
                lines.append(f"st.text_area({instrument.rules.example_label!r}, key='t{text}')")
                text += 1
        if per_item:
            lines.append(f"st.text_area({instrument.rules.example_label!r}, key='t{text}')")
            text += 1
    for prompt in instrument.prompts:
        lines.append(f"st.text_area({prompt.label!r}, key='t{text}', label_visibility='collapsed')")
        text += 1
    lines += ['st.button("Finish", type="primary", key="finish")',
              'with st.expander("Delete this assessment"):',
              '    sure = st.checkbox("Yes, delete it", key="sure")',
              '    st.button("Delete for good", key="delete", disabled=not sure)']
    return "\n".join(lines) + "\n", slider


def bands_of(instrument) -> list[str]:
    """The band of each of the instrument's score options ("" for not scored)."""
    from coprod.answers import assessment as A

    return [next((b.name for b in instrument.scale.bands if v is not None and b.contains(v)), "")
            for v in A.score_choices(instrument).values()]


def crosses_bands(pair: Pair, instrument) -> bool:
    """Whether the pair's presses (option `boundary` <-> the next) move the slider from one band to another."""
    bands = bands_of(instrument)
    return bool(bands[pair.boundary]) and bands[pair.boundary] != bands[pair.boundary + 1]


def prepare(pair: Pair, lib, store, folder: Path) -> None:
    from coprod.answers import assessment as A
    from coprod.ui.autosave import key_for

    instrument = lib.get(pair.instrument_id)
    doc = store.create(A.new_assessment(instrument, title="Bench", perspectives=pair.perspectives))
    pair.options = list(A.score_choices(instrument))
    pair.bands = bands_of(instrument)
    if not crosses_bands(pair, instrument):
        raise ValueError(f"{pair.instrument_id}: options {pair.boundary} and {pair.boundary + 1} are not in two bands")
    item = instrument.items[0]
    pair.token = doc["token"]
    pair.slider_key = key_for(doc["token"], "score", pair.view, item.id)
    view = next(p for p in A.perspectives_of(instrument) if p.id == pair.view)
    pair.item_anchor = A.item_anchor(view, item)
    source, pair.sliders = bare_script(instrument, pair.perspectives)
    path = folder / f"bare_{pair.instrument_id.replace('-', '_')}.py"
    path.write_text(source)
    pair.bare_script = str(path)


# --------------------------------------------------------------------------- measuring


def open_page(watch: Watch, url: str, sliders: int) -> None:
    """Open a page and wait until its sliders are drawn, its run has finished and it is quiet."""
    watch.page.goto(url)
    watch.page.locator('[data-stale="false"] input[type="range"]').nth(sliders - 1).wait_for(state="attached", timeout=60_000)
    watch.wait_finished(0, timeout=60)
    watch.wait_quiet()


def focus(watch: Watch, selector: str) -> None:
    if not watch.page.evaluate("document.activeElement && document.activeElement.type === 'range'"):
        watch.page.locator(selector).first.focus()


def press(watch: Watch, pair: Pair, side: str, key: str, index: int) -> tuple[float, float | None, float | None, float | None]:
    """Press `key` on the focused slider, moving it to option `index`. (ms to script_finished in Python,
    ms from keydown to the band/option on the page, ms from keydown to script_finished in the page,
    ms from the run's first message to its script_finished, both arriving in the page: the server's run)."""
    page = watch.page
    focus(watch, pair.slider_selector(side))
    selector, text = pair.expectation(side, index)
    page.evaluate("([s, t]) => { const b = window.__bench; b.expect = {sel: s, text: t}; b.kd = null; b.seen = null; }",
                  [selector, text])
    before = len(watch.finished)
    start = time.perf_counter()
    page.keyboard.press(key)
    if not watch.wait_finished(before):
        raise RuntimeError(f"{pair.name} ({side}): no script_finished within 30 s of {key}")
    done, _, sock, number = watch.finished[before]
    watch.wait_quiet()
    kd, seen, arrived, first, value = page.evaluate(
        "([s, n]) => { const b = window.__bench; const t = b.sockets[s] || [];"
        " const first = t.find(x => b.kd !== null && x > b.kd) ?? null;"
        " return [b.kd, b.seen, t[n] ?? null, first,"
        " document.activeElement && document.activeElement.getAttribute('aria-valuetext')]; }", [sock, number])
    if value != pair.options[index]:
        raise RuntimeError(f"{pair.name} ({side}): the slider shows {value!r} after {key}, not {pair.options[index]!r}")
    band = seen - kd if kd is not None and seen is not None else None
    in_page = arrived - kd if kd is not None and arrived is not None else None
    server = arrived - first if first is not None and arrived is not None else None
    return (done - start) * 1000, band, in_page, server


def keypresses(browser, pair: Pair, side: str, presses: int) -> dict[str, list[float]]:
    """Open one side of a pair in a fresh context, warm up, and time `presses` presses."""
    watch = Watch(browser)
    try:
        open_page(watch, pair.coprod_url if side == "coprod" else pair.bare_url, pair.sliders)
        slider = watch.page.locator(pair.slider_selector(side)).first
        slider.focus()
        position = pair.options.index(slider.get_attribute("aria-valuetext"))  # the stored score, on the coprod page
        while position != pair.boundary:  # to the band boundary
            step = 1 if position < pair.boundary else -1
            position += step
            press(watch, pair, side, "ArrowRight" if step > 0 else "ArrowLeft", position)
        out: dict[str, list[float]] = {"rerun": [], "band": [], "in_page": [], "server": []}
        for n in range(WARMUP + presses):
            up = position == pair.boundary
            position += 1 if up else -1
            rerun, band, in_page, server = press(watch, pair, side, "ArrowRight" if up else "ArrowLeft", position)
            if n >= WARMUP:
                out["rerun"].append(rerun)
                for measure, value in (("band", band), ("in_page", in_page), ("server", server)):
                    if value is not None:
                        out[measure].append(value)
        return out
    finally:
        watch.close()


def first_open(browser, url: str, sliders: int) -> float:
    """ms from page.goto until the last mutation or script_finished of a quiet, fully drawn page."""
    watch = Watch(browser)
    try:
        start = time.time()
        watch.page.goto(url)
        watch.page.locator('[data-stale="false"] input[type="range"]').nth(sliders - 1).wait_for(state="visible", timeout=60_000)
        watch.wait_finished(0, timeout=60)
        watch.wait_quiet()
        last_mutation = watch.page.evaluate("performance.timeOrigin + window.__bench.lastMut") / 1000
        return (max(last_mutation, watch.finished[-1][1]) - start) * 1000
    finally:
        watch.close()


def _row(what: str, target: float, coprod: list[list[float]], bare: list[list[float]]) -> dict:
    ratios = [statistics.median(c) / statistics.median(b) for c, b in zip(coprod, bare) if c and b]
    every_c = [x for r in coprod for x in r]
    every_b = [x for r in bare for x in r]
    return {"what": what, "target": target, "ratio": statistics.median(ratios), "min": min(ratios), "max": max(ratios),
            "coprod_ms": statistics.median(every_c), "bare_ms": statistics.median(every_b)}


def browser_timings(rounds: int = 5, presses: int = 20, verbose: bool = False) -> list[dict]:
    """Each dict: {"what": str, "target": the issue's target ratio, "ratio": median ratio, "min": min ratio over rounds, "max": max ratio,
    "coprod_ms": median ms, "bare_ms": median ms}.

    `ratio` is the median over rounds of (median coprod ms / median bare ms of that round); `min` and
    `max` are the extremes of those per-round ratios; `coprod_ms` and `bare_ms` are medians over every
    measurement of all rounds. `verbose` prints raw per-round medians to stderr as it goes."""
    from playwright.sync_api import sync_playwright

    from coprod.answers import assessment as A
    from coprod.common.paths import instruments_dir
    from coprod.library.loading import load_library
    from coprod.storage.tinydb import TinyDBStore

    def say(*parts) -> None:
        if verbose:
            print(*parts, file=sys.stderr, flush=True)

    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="coprod-bench-")))
        data = folder / "data"
        data.mkdir()
        lib = load_library(instruments_dir())
        store = TinyDBStore(data)
        for pair in PAIRS:
            prepare(pair, lib, store, folder)
        leeds = lib.get("leeds-six-principles")
        fresh_token = store.create(A.new_assessment(leeds, title="Bench, first open"))["token"]
        leeds_bare = PAIRS[0].bare_script

        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        stack.callback(browser.close)

        times: dict[tuple[str, str, str], list[list[float]]] = {}
        with ExitStack() as servers:
            app = servers.enter_context(served("streamlit_app.py", data, folder))
            for pair in PAIRS:
                pair.coprod_url = f"{app}/score?a={pair.token}"
                pair.bare_url = servers.enter_context(served(pair.bare_script, data, folder))
            for r in range(rounds):
                for pair in PAIRS:
                    for side in ("coprod", "bare") if r % 2 == 0 else ("bare", "coprod"):
                        got = keypresses(browser, pair, side, presses)
                        for measure, values in got.items():
                            times.setdefault((pair.name, side, measure), []).append(values)
                        say(f"round {r + 1} {side:6} {pair.name[:24]:24}", "  ".join(
                            f"{m} {statistics.median(v):6.1f} ms (n={len(v)})" for m, v in got.items() if v))

        opens: dict[str, list[list[float]]] = {"coprod": [], "bare": []}
        for r in range(rounds):
            for side in ("coprod", "bare") if r % 2 == 0 else ("bare", "coprod"):
                script = "streamlit_app.py" if side == "coprod" else leeds_bare
                with served(script, data, folder) as url:
                    target = f"{url}/score?a={fresh_token}" if side == "coprod" else url
                    opens[side].append([first_open(browser, target, len(leeds.items))])
                say(f"round {r + 1} {side:6} first open {opens[side][-1][0]:7.1f} ms")

    rows = []
    for pair in PAIRS:
        rows.append(_row(f"slider keypress → rerun finished: {pair.name} ÷ bare page", 1.3,
                         times[(pair.name, "coprod", "rerun")], times[(pair.name, "bare", "rerun")]))
        rows.append(_row(f"keypress → chosen band on screen: {pair.name} ÷ bare page's chosen option", 1.2,
                         times[(pair.name, "coprod", "band")], times[(pair.name, "bare", "band")]))
        if pair is PAIRS[0]:
            rows.append(_row(f"(the server's run of a slider move, as `streamlit run` runs it: from the run's first message to its "
                             f"script_finished, both as they arrive in the page: {pair.name} ÷ bare page)", None,
                             times[(pair.name, "coprod", "server")], times[(pair.name, "bare", "server")]))
        if verbose:
            check = _row("", 0, times[(pair.name, "coprod", "in_page")], times[(pair.name, "bare", "in_page")])
            say(f"check, {pair.name[:24]}: keydown → script_finished message in the page: coprod {check['coprod_ms']:.1f} ms,"
                f" bare {check['bare_ms']:.1f} ms, ratio {check['ratio']:.2f}")
    rows.append(_row("first open of the Leeds score page in a fresh `streamlit run` ÷ bare page's first open", 1.3,
                     opens["coprod"], opens["bare"]))
    return rows


def main() -> None:
    import platform
    from datetime import date

    import streamlit

    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    presses = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    started = time.monotonic()
    rows = browser_timings(rounds, presses, verbose=True)
    print(f"## {date.today().isoformat()} — browser, {platform.node()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, Streamlit {streamlit.__version__}; {rounds} rounds × {presses} presses\n")
    print("| what | ratio (median of rounds) | min–max over rounds | coprod median ms | bare median ms |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for row in rows:
        print(f"| {row['what']} | {row['ratio']:.2f} | {row['min']:.2f}–{row['max']:.2f} | {row['coprod_ms']:.1f} | {row['bare_ms']:.1f} |")
    print(f"\n(took {time.monotonic() - started:.0f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
