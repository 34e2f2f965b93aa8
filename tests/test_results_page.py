"""AppTest of the results page: chart and table, summary without totals where the source says so,
the plan editor (edits persist across reruns and a reload), downloads, import and the report command."""

import json
import subprocess
import sys

from streamlit.testing.v1 import AppTest

from coprod.answers import assessment as A
from coprod.cli import main as cli
from coprod.files import exchange
from coprod.library.loading import load_library
from coprod.storage.tinydb import TinyDBStore
from coprod.ui.autosave import plan_key
from tests.conftest import ROOT

APP = str(ROOT / "streamlit_app.py")
LIB = load_library(ROOT / "instruments")


def finished(data_dir, instrument_id, **start):
    instrument = LIB.get(instrument_id)
    doc = A.new_assessment(instrument, title="Allotment “Growing Together”", role="volunteer", **start)
    for p in doc["perspectives"]:
        for n, item in enumerate(instrument.items):
            A.set_score(instrument, doc, p, item.id, instrument.scale.min + n % (instrument.scale.max - instrument.scale.min + 1))
            A.set_example(instrument, doc, p, item.id, f"In June Łukasz led the {item.id} session.")
    A.finish(instrument, doc)
    return instrument, TinyDBStore(data_dir).create(doc)


def open_page(page, token) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["a"] = token
    at.run()
    return at.switch_page(page).run()






def test_results_show_chart_table_summary_plan_and_downloads(data_dir):
    instrument, doc = finished(data_dir, "leeds-six-principles")
    at = open_page("app_pages/results.py", doc["token"])
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == 1
    assert [d.key for d in at.dataframe] == [None, plan_key(doc["token"], 0)]
    text = "\n".join(t.value for t in at.text)
    assert text.startswith("Strongest:") and "Weakest:" in text
    assert [b.label for b in at.get("download_button")] == ["Add to calendar (.ics)", "PDF plan", "CSV", "Spreadsheet (XLSX)",
                                                       "Chart (PNG)", "Everything (JSON)"]


def test_no_total_or_average_for_imagine(data_dir):
    _, doc = finished(data_dir, "imagine-engagement")
    at = open_page("app_pages/results.py", doc["token"])
    shown = "\n".join(str(e.value) for kind in ("text", "markdown", "caption") for e in getattr(at, kind))
    assert "Low scores (1-3)" in shown
    assert "total" not in shown.replace("no total or average is shown", "").lower()
    assert "average" not in shown.replace("no total or average is shown", "").lower()






def test_plan_edits_persist_across_reruns_and_a_reload(data_dir):
    instrument, doc = finished(data_dir, "leeds-six-principles")
    token = doc["token"]
    store = TinyDBStore(data_dir)
    at = open_page("app_pages/results.py", token)
    for revision, edit in enumerate(
        [
            {"edited_rows": {0: {"who": "Aisha"}}, "added_rows": [], "deleted_rows": []},
            {"edited_rows": {0: {"by_when": "end of March"}}, "added_rows": [], "deleted_rows": []},
            {"edited_rows": {1: {"actions": "Invite residents to the planning group"}}, "added_rows": [], "deleted_rows": []},
            {"edited_rows": {}, "added_rows": [{"principle": "Funding", "actions": "Ask the council"}], "deleted_rows": []},
        ]
    ):
        at.session_state[plan_key(token, revision)] = edit
        at.run()
        assert not at.exception
    saved = store.get(token)
    assert saved["plan_revision"] == 4
    assert (saved["plan"][0]["who"], saved["plan"][0]["by_when"]) == ("Aisha", "end of March")  # every edit kept
    assert saved["plan"][1]["actions"] == "Invite residents to the planning group"
    assert saved["plan"][-1]["principle"] == "Funding"

    again = open_page("app_pages/results.py", token)  # a reload: a new session reads the stored plan
    table = again.dataframe
    frame = [e for e in table if "principle" in e.value.columns][0].value
    assert list(frame["who"])[0] == "Aisha" and list(frame["principle"])[-1] == "Funding"
    again.session_state[plan_key(token, 4)] = {"edited_rows": {}, "added_rows": [], "deleted_rows": [len(frame) - 1]}
    again.run()
    assert len(store.get(token)["plan"]) == len(frame) - 1


def test_the_print_view_shows_results_and_plan(data_dir):
    _, doc = finished(data_dir, "nef-framework", perspectives=["you", "project"])
    at = open_page("app_pages/print.py", doc["token"])
    assert not at.exception
    # The radar with its scores as a table that prints, every score with its example in one table, the plan.
    assert len(at.table) == 3 and len(at.get("vega_lite_chart")) == 1
    examples = at.table[1].value
    assert "In June Łukasz led the assets session." in examples.iloc[:, -1].tolist()
    assert set(examples["View"]) == {"You", "Your project"}


def test_an_imported_copy_is_stored_beside_the_original_never_over_it(data_dir, tmp_path):
    _, doc = finished(data_dir, "leeds-four-stages")
    export = exchange.export_json(TinyDBStore(data_dir).get(doc["token"]))
    _, rebuilt = exchange.import_json(export, LIB)
    saved = TinyDBStore(data_dir).create(rebuilt)
    assert saved["token"] != doc["token"] and TinyDBStore(data_dir).get(doc["token"])["title"] == doc["title"]


def test_report_command_builds_the_pdf_from_an_export(data_dir, tmp_path):
    _, doc = finished(data_dir, "imagine-engagement")
    export = tmp_path / "export.json"
    export.write_text(exchange.export_json(TinyDBStore(data_dir).get(doc["token"])), encoding="utf-8")
    out = tmp_path / "plan.pdf"
    done = subprocess.run([sys.executable, "-m", "coprod", "report", str(export), "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "Allotment" in text and "In June Łukasz led the" in " ".join(text.split())


def test_report_command_refuses_a_foreign_file(tmp_path, capsys):
    foreign = tmp_path / "other.json"
    foreign.write_text(json.dumps({"hello": "world"}), encoding="utf-8")
    assert cli(["report", str(foreign), "--out", str(tmp_path / "x.pdf")]) == 1
    assert "not a coprod assessment export" in capsys.readouterr().out
    assert not (tmp_path / "x.pdf").exists()


def test_a_plan_row_added_without_a_status_is_saved_as_typed_and_empty_cells_stay_empty(data_dir):
    _, doc = finished(data_dir, "leeds-six-principles")
    token = doc["token"]
    at = open_page("app_pages/results.py", token)
    editor = next(e for e in at.dataframe if e.key == plan_key(token, 0))
    columns = json.loads(editor.proto.columns)
    # A required cell left empty keeps a new row in the browser only (it is never sent): none is required,
    # the status starts "not started", and text cells start empty rather than showing "None".
    assert not any(c.get("required") for c in columns.values())
    assert columns["status"]["default"] == "not started"
    assert all(columns[c]["default"] == "" for c in ("principle", "actions", "who", "by_when", "progress"))
    at.session_state[plan_key(token, 0)] = {"edited_rows": {}, "added_rows": [{"principle": "Funding", "who": None}],
                                            "deleted_rows": []}
    at.run()
    assert not at.exception
    again = open_page("app_pages/results.py", token)  # a reload
    frame = next(e for e in again.dataframe if e.key == plan_key(token, 1)).value
    last = frame.iloc[-1]
    assert (last["principle"], last["status"], last["who"], last["actions"]) == ("Funding", "not started", "", "")


def test_a_plan_cell_over_its_limit_keeps_what_fits_and_gives_the_rest_back(data_dir):
    _, doc = finished(data_dir, "leeds-six-principles")
    token = doc["token"]
    at = open_page("app_pages/results.py", token)
    at.session_state[plan_key(token, 0)] = {"edited_rows": {0: {"who": "W" * 200 + "and the youth council"}},
                                            "added_rows": [], "deleted_rows": []}
    at.run()
    assert TinyDBStore(data_dir).get(token)["plan"][0]["who"] == "W" * 200
    assert any("not all of them" in w.value for w in at.warning)
    assert "and the youth council" in [c.value for c in at.code]


def test_the_plans_first_column_shows_its_longest_text_whole(data_dir):
    """A HeadStart check was cut to "I am ready and prepared t…" in a 110 px column of one-line rows."""
    instrument = LIB.get("headstart-checklist")
    doc = A.new_assessment(instrument, title="Youth club", role="worker")
    for item in instrument.items:
        A.set_score(instrument, doc, "main", item.id, instrument.scale.min)  # every check still open: a row each
    doc = TinyDBStore(data_dir).create(doc)
    at = open_page("app_pages/results.py", doc["token"])
    editor = next(e for e in at.dataframe if e.key == plan_key(doc["token"], 0))
    width = json.loads(editor.proto.columns)["principle"]["width"]
    lines = max(1, (editor.proto.row_height - 24) // 21) if editor.proto.row_height > 35 else 1
    longest = max(len(item.name) for item in instrument.items)
    assert lines * (width - 24) / 7.5 >= longest, (width, editor.proto.row_height, longest)


def test_key_actions_are_pre_filled_exactly_where_the_source_suggests_them_and_the_readme_says_where(data_dir):
    from coprod.answers import plans

    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    said = readme[readme.index("*Key areas of action needed* is pre-filled only where"):][:600]
    names = {"imagine-engagement": "IMAGINE", "leeds-six-principles": "Leeds", "leeds-four-stages": "Leeds", "nef-framework": "nef"}
    scales = [i for i in LIB.instruments if i.kind == "scale"]
    assert sorted(names) == sorted(i.id for i in scales)  # a new instrument must be named here and in the README
    end = said.index("give none per item")
    give_none = said[said.rindex(".", 0, end):end]  # "The Leeds and nef toolkits"
    for instrument in scales:
        doc = A.new_assessment(instrument, title="Allotment")
        for n, item in enumerate(instrument.items):
            A.set_score(instrument, doc, doc["perspectives"][0], item.id, instrument.scale.min + n % 2 * (instrument.scale.max - instrument.scale.min))
        for row in plans.initial_plan(instrument, doc):
            own = bool(instrument.item(row["item_id"]).next_steps) and not instrument.next_steps_for  # else for someone else
            advice = any(p.next_steps for p in instrument.interpretation if p.min <= row["score"] <= p.max)
            assert bool(row["actions"]) == (own or advice), (instrument.id, row)
        if plans.suggests_actions(instrument):
            assert f"for {names[instrument.id]}" in said, said
        else:
            assert names[instrument.id] in give_none, said
            _, saved = finished(data_dir, instrument.id)
            at = open_page("app_pages/results.py", saved["token"])
            assert any("gives no suggested actions per item" in c.value for c in at.caption)
