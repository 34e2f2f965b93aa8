"""Work done once per process, in the background, so that nobody waits for it.

Every page imports this module (streamlit_app.py), so it imports nothing heavy itself: each thread
imports what it loads, out of the way of the run that started it."""

import threading

_results_code = threading.Event()  # set once the thread loading the results' code has started


def load_results_code_once() -> None:
    """Called at the end of every run; the first call starts a thread that loads a session's results'
    code (Altair, pandas, the charts, tables and files: some hundreds of modules) and readies the PDF
    code (fpdf2 and the fonts), later calls do nothing.

    The page people score on imports none of it, which keeps a page's first open quick (so the thread
    starts once that first run is over). But in a room, the results arrive for everyone at once: at the
    reveal every participant's page reruns in the same second, and the first to need that code imported
    it while every other run waited on Python's import locks, so the whole room saw the results seconds
    late. Loaded ahead, long before any reveal; a run that needs a module meanwhile waits for it, as it
    would have anyway."""
    if _results_code.is_set():
        return
    _results_code.set()
    threading.Thread(target=_load_results_code, name="coprod-warm-results", daemon=True).start()


def _load_results_code() -> None:
    from coprod.common import i18n
    from coprod.files import report
    from coprod.ui import charts, sessions  # noqa: F401  (the group's results: their charts, tables and files)

    charts.warm_up()  # what the first chart and table load only as they are drawn
    i18n.warm_up()  # a median's number, written in the reader's language
    report.warm_up()  # fpdf2, the fonts' character sets and the shaping engine, ahead of the first PDF
