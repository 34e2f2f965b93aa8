"""A change still waiting when the person clicks on to another page is saved, not dropped.

Streamlit runs one run at a time for a browser session; a request for a run that comes while another
waits is folded into the waiting one, the newer request's widget values winning
(streamlit.runtime.scriptrunner_utils.script_requests). A request from the page carries every widget
drawn on it, but a page change carries only the widgets drawn on every page (the language picker). So
a slider moved or an option ticked whose run was still waiting when the person clicked on to another
page (two quick presses on a slider and a click, or any change made while the page's last run was
still going, as in a busy hall) was folded into the page change and dropped: never saved, while the
page had shown it.

Two things were in the way. With `runner.fastReruns` (Streamlit's default), a request for a run of the
whole page (a page change is one) is not folded at all: the session's runner is stopped, with whatever
waited, and a new one started; .streamlit/config.toml turns it off, so every request is folded into the
waiting one (the run going on still stops at its next element, as before). And `keep_waiting_changes`,
called by streamlit_app.py, changes the folding's one rule: a widget's value in the waiting request
that the newer request does not carry is kept. The new page's run then receives it,
and the widget's change callback (coprod.ui.autosave.save_pending) saves it before anything is drawn;
the widget, not drawn on that page, is forgotten at the end of the run, as before. Requests from the
same page carry every widget drawn, so for them nothing changes.

There is no public hook for this: the function replaced is Streamlit's own, private, and the version is
pinned (requirements.txt). tests/test_page_change.py fails if Streamlit stops folding requests through
it or the setting is dropped, and tests/test_browser_score.py plays the order that lost a score.
"""

from __future__ import annotations

import threading

_INSTALLING = threading.Lock()


def keep_waiting_changes() -> None:
    """Have Streamlit keep, when it folds two requests for a run into one, the widget values of the
    older that the newer does not carry (see the module's note). Installed once per process."""
    from streamlit.runtime.scriptrunner_utils import script_requests

    with _INSTALLING:
        streamlit_rule = script_requests._coalesce_widget_states
        if getattr(streamlit_rule, "keeps_waiting_changes", False):
            return

        def fold(older, newer):
            folded = streamlit_rule(older, newer)
            if not older or not newer or folded is None:
                return folded  # one of the two is empty: Streamlit keeps the other whole
            carried = {state.id for state in folded.widgets}
            for state in older.widgets:
                if state.id not in carried:
                    folded.widgets.add().CopyFrom(state)
            return folded

        fold.keeps_waiting_changes = True
        script_requests._coalesce_widget_states = fold
