"""The results' code is loaded in the background once the process's first run is over, so a room's
reveal does not wait for hundreds of modules (coprod.ui.warm)."""

import subprocess
import sys
import textwrap
import threading

from tests.conftest import ROOT


def test_a_fresh_process_loads_the_results_code_after_its_first_page_without_being_asked(tmp_path):
    # A process of its own: this one has imported everything long ago.
    script = textwrap.dedent("""
        import sys, threading, time
        from streamlit.testing.v1 import AppTest

        at = AppTest.from_file("streamlit_app.py", default_timeout=120)
        at.run()  # the home page: it shows no results
        assert not at.exception, at.exception
        loading = [t for t in threading.enumerate() if t.name == "coprod-warm-results"]
        deadline = time.monotonic() + 120
        while "coprod.ui.sessions" not in sys.modules and time.monotonic() < deadline:
            time.sleep(0.05)
        for thread in loading:
            thread.join(timeout=120)
        at.run()
        print(len(loading), "coprod.ui.sessions" in sys.modules, "altair" in sys.modules,
              sum(t.name == "coprod-warm-results" for t in threading.enumerate()))
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env={"COPROD_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    started, loaded, charts, still_running = done.stdout.split()
    assert started in ("0", "1")  # the thread may have finished before the page's run returned
    assert (loaded, charts) == ("True", "True")
    assert still_running == "0"  # one thread, once: the second run started none


def test_the_loading_thread_starts_once(monkeypatch):
    from coprod.ui import warm

    loads = []
    monkeypatch.setattr(warm, "_results_code", threading.Event())
    monkeypatch.setattr(warm, "_load_results_code", lambda: loads.append(threading.current_thread().name))
    for _ in range(3):
        warm.load_results_code_once()
    for thread in [t for t in threading.enumerate() if t.name == "coprod-warm-results"]:
        thread.join(timeout=10)
    assert loads == ["coprod-warm-results"]
