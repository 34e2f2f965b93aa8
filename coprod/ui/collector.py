"""Keeping Streamlit's garbage collection after every run cheap.

Streamlit runs a full collection (`gc.collect(2)`, its `runner.postScriptGC`) at the end of every run,
a fragment's rerun included. A full collection walks every object the process holds that has not been
set aside (`gc.freeze`): the modules, the instrument library and caches, and every person's session.
In a hall, every participant's page follows its session with a fragment run every 3 seconds, and each
of those collections walked everyone's objects while holding the interpreter lock (8 ms of CPU per
check against the bare fragment's 2.5 ms: bench/RESULTS.md).

So at the end of every run, the page's (streamlit_app.py) or a fragment's (coprod.ui.guard), what the
process holds is set aside, and Streamlit's collection that follows walks only what was made since.
What becomes garbage after being set aside (a run's own objects, which end with it) is not lost for
long: once modules were loaded (at most every MODULES_EVERY seconds), and once the objects the process
holds have grown by a quarter since the last such collection (at most every FULL_EVERY seconds),
everything is brought back, collected once and set aside again. That is Python's own rule for its full
collections: their cost stays in proportion to what was made. A hall of 200 idle followers makes almost
nothing that outlives a run, and collecting everything on a clock instead (every ten seconds, a third
of a second each with 200 sessions held) was the largest part of its idle cost (bench/RESULTS.md).
The objects held are counted as the memory blocks Python has handed out (`sys.getallocatedblocks`,
some 35 microseconds): counting what is set aside (`gc.get_freeze_count`) walks all of it, 30 ms a
run with 200 sessions held, which stalled the hall.

(Collecting only the young generations ourselves and turning Streamlit's collection off was tried
and measured: a collection from inside a run finds the run's objects alive and moves them to the
oldest generation, which then fills and stalls the process; bench/RESULTS.md. So was setting aside
only once more than 5,000 objects had outlived Streamlit's collections, so that what each run leaves
still referenced when it ends, and in cycles once garbage (some 60 objects a follower's run, counted),
would be freed by those collections instead of kept until everything is collected: an idle hall of 200 took
44 % of a core instead of 32 %, those objects being walked again at the end of every run.)
"""

import gc
import sys
import threading
import time

FULL_EVERY = 10.0  # seconds at least between collections of everything for growth
GROWTH = 0.25  # the blocks held may grow by this share of those left after the last collection
# A page loading modules (a first results page: Altair, pandas, the PDF code) loads hundreds, one by one,
# over seconds; every other run ending meanwhile would see "modules loaded" and collect everything again.
MODULES_EVERY = 2.0  # so modules loaded bring a collection of everything at most this often

_guard = threading.Lock()
_modules_at_last_full = len(sys.modules)  # counted from the app's first run, which imports this module
_last_full = time.monotonic()
# The memory blocks held after the last collection of everything; None until the first run has ended. That
# run loads most of the app's modules, and collecting everything at its end (a few hundred milliseconds)
# held up the page's first open: it only sets aside, and what it holds is the yardstick for growth.
_blocks_at_last_full = None


def set_aside_after_run() -> None:
    """At the end of a run: set aside what the process holds, so the collection after the run walks only
    what was made since; when modules were loaded since the last collection of everything, or the blocks
    held have grown by GROWTH since, collect everything (objects set aside earlier included)."""
    global _blocks_at_last_full
    gc.freeze()
    since = time.monotonic() - _last_full
    held = sys.getallocatedblocks()
    if _blocks_at_last_full is None:  # the first run: what it loaded is the yardstick, not garbage
        _blocks_at_last_full = held
        return
    modules_loaded = len(sys.modules) != _modules_at_last_full and since >= MODULES_EVERY
    grown = held > _blocks_at_last_full * (1 + GROWTH) and since >= FULL_EVERY
    if modules_loaded or grown:
        collect_everything()


def collect_everything() -> None:
    """Bring back what was set aside, collect it all once, and set aside what is left."""
    global _modules_at_last_full, _last_full, _blocks_at_last_full
    if not _guard.acquire(blocking=False):
        return  # another run's end is collecting everything this moment: once is enough
    try:
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        _modules_at_last_full = len(sys.modules)
        _last_full = time.monotonic()
        _blocks_at_last_full = sys.getallocatedblocks()
    finally:
        _guard.release()
