"""Keeping garbage collection cheap in a process that serves a whole hall.

A full collection walks every object the process holds, some 50,000 of them once Streamlit and a
page's modules are loaded: 20–35 ms on a small server, during which the collector holds the
interpreter lock, so every page's elements wait to be sent. Streamlit ran one at the end of every
run (its `runner.postScriptGC`), every follower's check on its timer included, so in a hall the cost
of each check grew with the number of people: `.streamlit/config.toml` turns it off (issue 28), and
Python's own collector frees what runs leave behind, by generation, as in any program. Its rare full
collections still walk everything: almost all of it is modules, the instrument library and caches,
which live as long as the process, so once a run has loaded something new they are moved out of the
collector's way (`gc.freeze`).
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
