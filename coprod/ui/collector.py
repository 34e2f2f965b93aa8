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
long: once modules were loaded (at most every MODULES_EVERY seconds), and FULL_EVERY seconds apart,
everything is brought back, collected once and set aside again.

(Collecting only the young generations ourselves and turning Streamlit's collection off was tried
and measured: a collection from inside a run finds the run's objects alive and moves them to the
oldest generation, which then fills and stalls the process; bench/RESULTS.md.)
"""

import gc
import sys
import threading
import time

FULL_EVERY = 10.0  # seconds between collections of everything, set aside or not
# A page loading modules (a first results page: Altair, pandas, the PDF code) loads hundreds, one by one,
# over seconds; every other run ending meanwhile would see "modules loaded" and collect everything again.
MODULES_EVERY = 2.0  # so modules loaded bring a collection of everything at most this often

_guard = threading.Lock()
# Counted from when the app's first run imported this module: that run loads most of the app's modules,
# and collecting everything at its end (a few hundred milliseconds) held up the page's first open.
# They are set aside like anything else; the first collection of everything comes with the rules below.
_modules_at_last_full = len(sys.modules)
_last_full = time.monotonic()


def set_aside_after_run() -> None:
    """At the end of a run: set aside what the process holds, so the collection after the run walks only
    what was made since; every FULL_EVERY seconds, and whenever modules were loaded since the last
    time, collect everything first (objects set aside earlier included)."""
    since = time.monotonic() - _last_full
    if since < FULL_EVERY and (len(sys.modules) == _modules_at_last_full or since < MODULES_EVERY):
        gc.freeze()
        return
    collect_everything()


def collect_everything() -> None:
    """Bring back what was set aside, collect it all once, and set aside what is left."""
    global _modules_at_last_full, _last_full
    with _guard:
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        _modules_at_last_full = len(sys.modules)
        _last_full = time.monotonic()
