"""Keeping Streamlit's garbage collection after every run cheap.

Streamlit runs a full collection (`gc.collect(2)`, its `runner.postScriptGC`) at the end of every run,
a slider's fragment rerun included. A full collection walks every object the process holds, some
50,000 of them once Streamlit and a page's modules are loaded: 20–35 ms on a small server, during
which the collector holds the interpreter lock, so the run's elements wait to be sent to the browser.
Almost all of those objects are modules, the instrument library and caches, which live as long as
the process. Once a run has loaded something new they are moved out of the collector's way
(`gc.freeze`); what a run creates and drops is still collected after it, as before.
"""

import gc
import sys
import threading

_guard = threading.Lock()
_modules_at_last_freeze = 0


def set_aside_long_lived() -> None:
    """At the end of a run: if modules were loaded since the last time, collect everything once
    (objects set aside earlier included, so nothing that became garbage since is kept for good)
    and set aside what is left. Otherwise nothing, at the cost of one comparison."""
    global _modules_at_last_freeze
    if len(sys.modules) == _modules_at_last_freeze:
        return
    with _guard:
        if len(sys.modules) == _modules_at_last_freeze:
            return
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        _modules_at_last_freeze = len(sys.modules)
