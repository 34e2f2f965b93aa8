"""A change still waiting for its run when the person clicks on to another page is kept (coprod.ui.page_change):
through Streamlit's own folding of requests, as its server does it."""

import tomllib

from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from streamlit.runtime.scriptrunner_utils.script_requests import RerunData, ScriptRequests

from coprod.ui.page_change import keep_waiting_changes
from tests.conftest import ROOT


def states(**values) -> WidgetStates:
    out = WidgetStates()
    for widget_id, value in values.items():
        state = WidgetState(id=widget_id)
        if isinstance(value, bool):
            state.trigger_value = value
        elif isinstance(value, str):
            state.string_value = value
        else:
            state.int_value = value
        out.widgets.append(state)
    return out


def folded(*requests: RerunData) -> RerunData:
    """The one run Streamlit makes of requests that came while none was taken."""
    keep_waiting_changes()
    waiting = ScriptRequests()
    for request in requests:
        assert waiting.request_rerun(request)
    return waiting.on_scriptrunner_ready().rerun_data


def values(data: RerunData) -> dict:
    return {s.id: getattr(s, s.WhichOneof("value")) for s in data.widget_states.widgets}


def test_a_slider_moved_before_a_click_on_to_another_page_reaches_that_page_s_run():
    moved = RerunData(widget_states=states(language="English", slider=2, box="typed"), page_script_hash="score",
                      fragment_id="item")
    page_change = RerunData(widget_states=states(language="English"), page_script_hash="results")
    run = folded(moved, page_change)
    assert run.page_script_hash == "results" and not run.fragment_id_queue  # the person goes where they clicked
    assert values(run) == {"language": "English", "slider": 2, "box": "typed"}


def test_the_newer_value_still_wins_and_a_button_click_is_still_kept():
    first = RerunData(widget_states=states(language="English", slider=1, button=True), page_script_hash="score")
    second = RerunData(widget_states=states(language="Français", slider=3), page_script_hash="score")
    assert values(folded(first, second)) == {"language": "Français", "slider": 3, "button": True}


def test_installed_once_however_many_runs_call_it():
    from streamlit.runtime.scriptrunner_utils import script_requests

    keep_waiting_changes()
    rule = script_requests._coalesce_widget_states
    keep_waiting_changes()
    assert script_requests._coalesce_widget_states is rule


def test_a_page_change_is_folded_into_what_waits_not_run_by_a_new_runner():
    """Streamlit's fastReruns would stop the session's runner, with what waited in it, at a page change."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["fastReruns"] is False
