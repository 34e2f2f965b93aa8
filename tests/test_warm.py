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


def test_the_score_page_loads_no_charts_pdf_or_spreadsheet_code_itself(tmp_path):
    """What keeps a page's first open quick: a person scoring waits for none of the results' code (the
    background thread loads it after the run; here it is kept from starting, to see the run alone)."""
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        import coprod.ui.warm as warm
        warm.load_results_code_once = lambda: None
        from coprod.answers import assessment as A
        from coprod.common.paths import instruments_dir
        from coprod.library.loading import load_library
        from coprod.storage.tinydb import TinyDBStore
        from streamlit.testing.v1 import AppTest

        leeds = load_library(instruments_dir()).get("leeds-six-principles")
        doc = TinyDBStore(Path({str(tmp_path)!r})).create(A.new_assessment(leeds, title="Walking group"))
        at = AppTest.from_file("streamlit_app.py", default_timeout=120)
        at.query_params["a"] = doc["token"]
        at.switch_page("app_pages/score.py").run()
        assert not at.exception, at.exception
        assert len(at.select_slider) == len(leeds.items)
        print(" ".join(m for m in ("altair", "pandas", "fpdf", "openpyxl", "vl_convert", "coprod.charts.specs",
                                   "coprod.files.report", "coprod.ui.sessions") if m in sys.modules) or "none")
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env={"COPROD_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split()[-1] == "none", done.stdout


def test_after_the_loading_a_rooms_reveal_imports_nothing(tmp_path):
    """What a chart and a table load only as they are first drawn (Altair's handling of pandas, pandas'
    conversion to Arrow) is loaded ahead too: at the reveal every participant's page waited for it, and
    the modules loaded set off a collection of everything the process holds."""
    script = textwrap.dedent("""
        import os, sys, threading
        from pathlib import Path
        from streamlit.testing.v1 import AppTest
        from coprod.sessions import lifecycle as S
        from tests.apptest import session_with

        store, session, tokens = session_with(Path(os.environ["COPROD_DATA_DIR"]),
                                              [(S.DEFAULT_ROLES[n % 2], 2 + n % 5, f"Example {n}") for n in range(6)])
        at = AppTest.from_file(os.path.join(os.getcwd(), "streamlit_app.py"), default_timeout=120)
        at.query_params["a"] = tokens[0]
        at.switch_page("app_pages/score.py").run()  # a participant's page, following the session
        assert not at.exception, at.exception
        for thread in [t for t in threading.enumerate() if t.name == "coprod-warm-results"]:
            thread.join(timeout=120)
        before = set(sys.modules)
        store.update(session["token"], S.reveal)
        at.run()  # the reveal: the group's charts and tables
        assert not at.exception, at.exception
        assert any("What everyone said" in m.value for m in at.markdown)
        print(" ".join(sorted(set(sys.modules) - before)) or "none")
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env={"COPROD_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split()[-1] == "none", done.stdout
