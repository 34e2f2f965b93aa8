"""AppTest of the scoring page: start, sliders beside highlighted descriptors, the example rule,
autosave and resume, hostile text shown inert, unknown and damaged links."""

import html
import re

import pytest
from streamlit.testing.v1 import AppTest

from coprod.answers import assessment as A
from coprod.common.text import unescape_markdown
from coprod.library.loading import load_library
from coprod.storage.interface import format_code
from coprod.storage.tinydb import TinyDBStore
from coprod.ui.autosave import key_for
from tests.apptest import highlighted, html_text
from tests.conftest import ROOT

APP = str(ROOT / "streamlit_app.py")
LIB = load_library(ROOT / "instruments")
NEF = LIB.get("nef-framework")
LEEDS = LIB.get("leeds-six-principles")
HOSTILE = "![x](http://127.0.0.1:9/track.png) <script>alert('x')</script> **bold** :red[red]"


def k(doc, *field) -> str:
    """The widget key of one field of `doc` (keys name their document)."""
    return key_for(doc["token"], *field)


def create(data_dir, instrument, **start) -> dict:
    return TinyDBStore(data_dir).create(A.new_assessment(instrument, title="Youth forum", role="youth worker", **start))


def stored(data_dir, token) -> dict:
    return TinyDBStore(data_dir).get(token)


def open_score(token=None, **params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    if token:
        at.query_params["a"] = token
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at.switch_page("app_pages/score.py").run()


def test_start_from_the_home_page(data_dir):
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.button(key="start-nef-framework").click().run()
    assert at.selectbox(key="start-instrument").value == NEF.title
    at.text_input[0].input("Allotment project")
    at.text_input[1].input("volunteer")
    at.multiselect[0].set_value(["You", "Your organisation"])
    at.button[0].click().run()
    assert not at.exception
    token = at.query_params["a"][0] if isinstance(at.query_params["a"], list) else at.query_params["a"]
    doc = stored(data_dir, token)
    assert doc["title"] == "Allotment project" and doc["perspectives"] == ["you", "organisation"]
    # nef asks one example per principle, above its scores for each view: both views on one page
    assert [s.key for s in at.select_slider][:2] == [k(doc, "score", "you", "assets"), k(doc, "score", "organisation", "assets")]
    assert len(at.text_area) == len(NEF.items)


def test_start_without_a_title_says_what_to_do(data_dir):
    at = open_score(instrument="leeds-four-stages")
    at.button[0].click().run()
    assert "Give the piece of work a title" in at.error[0].value
    assert not (data_dir / "assessments").exists() or not list((data_dir / "assessments").iterdir())


def test_moving_the_slider_changes_the_highlighted_band_and_saves(data_dir):
    doc = create(data_dir, LEEDS)
    at = open_score(doc["token"])
    assert highlighted(at) == []
    at.select_slider(key=k(doc, "score", "main", "assets")).set_value("2 · Not there yet").run()
    assert len(highlighted(at)) == 1 and highlighted(at)[0].startswith("Not there yet (1–3) ✓ your score is in this band")
    at.select_slider(key=k(doc, "score", "main", "assets")).set_value("8 · Excellent").run()
    assert highlighted(at)[0].startswith("Excellent (7–9)")
    assert LEEDS.item("assets").descriptors["excellent"][:40] in highlighted(at)[0]
    assert A.answer(stored(data_dir, doc["token"]), "main", "assets")["score"] == 8


def test_the_same_choice_from_a_list_of_descriptors(data_dir):
    doc = create(data_dir, NEF, perspectives=["you"])
    at = open_score(doc["token"])
    at.toggle(key="list-mode").set_value(True).run()
    radio = at.radio(key=k(doc, "pick", "you", "capacity"))
    assert radio.options[0] == "Not scored yet" and "Making progress" in radio.options
    radio.set_value("Making progress").run()
    assert A.answer(stored(data_dir, doc["token"]), "you", "capacity")["score"] == 3
    assert highlighted(at)[0].startswith("Making progress ✓ your score is in this band")


def test_finishing_without_examples_is_refused_with_the_items_named(data_dir):
    doc = create(data_dir, LEEDS)
    at = open_score(doc["token"])
    for item in LEEDS.items:
        at.select_slider(key=k(doc, "score", "main", item.id)).set_value("5 · Making progress")
    at.run()
    at.text_area(key=k(doc, "example", "main", "assets")).input("Residents chose the route of the walk.").run()
    at.button(key="finish").click().run()
    message = at.error[0].value.replace("\\", "")
    assert "You can't finish yet" in message
    for item in LEEDS.items[1:]:
        assert f"[{item.name}](#main-{item.id})" in message
    assert "[Assets]" not in message
    assert "If you cannot think of a practical example" in message
    assert stored(data_dir, doc["token"])["status"] == A.DRAFT


def test_with_examples_it_finishes_and_becomes_read_only(data_dir):
    doc = create(data_dir, LEEDS)
    at = open_score(doc["token"])
    for item in LEEDS.items:
        at.select_slider(key=k(doc, "score", "main", item.id)).set_value("7 · Excellent")
        at.text_area(key=k(doc, "example", "main", item.id)).input(f"Our walking group did this in May ({item.id}).")
    at.run()
    at.button(key="finish").click().run()
    assert not at.exception
    assert stored(data_dir, doc["token"])["status"] == A.FINISHED
    assert "read-only" in at.success[0].value
    assert len(at.select_slider) == 0 and len(at.text_area) == 0
    at.button(key="copy").click().run()
    copy = stored(data_dir, at.query_params["a"][0] if isinstance(at.query_params["a"], list) else at.query_params["a"])
    assert copy["status"] == A.DRAFT and doc["code"] not in repr(copy) and doc["token"] not in repr(copy)


def test_a_copied_descriptor_does_not_count_as_an_example(data_dir):
    doc = create(data_dir, NEF, perspectives=["you"])
    at = open_score(doc["token"])
    at.select_slider(key=k(doc, "score", "you", "assets")).set_value("Basic").run()
    at.text_area(key=k(doc, "example", "you", "assets")).input(NEF.item("assets").descriptors["basic"]).run()
    assert any("repeats the item's own wording" in c.value.replace("\\", "") for c in at.caption)


def test_everything_comes_back_in_a_new_session(data_dir):
    doc = create(data_dir, NEF, perspectives=["you", "project"])
    at = open_score(doc["token"])
    at.select_slider(key=k(doc, "score", "you", "networks")).set_value("Excellent").run()
    at.text_area(key=k(doc, "example", "you", "networks")).input("We link families with the food bank volunteers.").run()
    at.select_slider(key=k(doc, "score", "project", "networks")).set_value("Basic").run()

    again = open_score(doc["token"])  # a refresh, a new tab or a restarted server
    assert again.select_slider(key=k(doc, "score", "project", "networks")).value == "Basic"
    assert again.select_slider(key=k(doc, "score", "you", "networks")).value == "Excellent"
    assert again.text_area(key=k(doc, "example", "you", "networks")).value == "We link families with the food bank volunteers."


def test_nef_asks_one_example_per_principle_not_one_per_view(data_dir):
    doc = create(data_dir, NEF)  # you, your project and your organisation
    at = open_score(doc["token"])
    assert len(at.select_slider) == 3 * len(NEF.items) and len(at.text_area) == len(NEF.items)
    for item in NEF.items:
        for view in ("you", "project", "organisation"):
            at.select_slider(key=k(doc, "score", view, item.id)).set_value("Making progress")
    at.run()
    at.button(key="finish").click().run()
    refused = at.error[0].value.replace("\\", "")
    assert refused.count("](#you-") == len(NEF.items)  # one missing example per principle, not per view
    for item in NEF.items:
        at.text_area(key=k(doc, "example", "you", item.id)).input(f"In May the residents ran the {item.id} session.")
    at.run()
    at.button(key="finish").click().run()
    assert not at.exception
    saved = stored(data_dir, doc["token"])
    assert saved["status"] == A.FINISHED
    assert A.answer(saved, "organisation", "assets")["example"] == "In May the residents ran the assets session."


def test_a_personalised_instrument_with_views_and_an_example_per_score_picks_one_view_at_a_time(data_dir, tmp_path, monkeypatch):
    folder = tmp_path / "instruments"
    folder.mkdir()
    text = (ROOT / "instruments" / "nef-framework.toml").read_text(encoding="utf-8")
    text = text.replace('id = "nef-framework"', 'id = "our-nef"', 1).replace('title = "Co-production Self-assessment Framework"', 'title = "Our framework"', 1)
    (folder / "our-nef.toml").write_text(text.replace('example_per = "item"', 'example_per = "score"'), encoding="utf-8")
    monkeypatch.setenv("COPROD_INSTRUMENTS_DIR", str(folder))
    ours = load_library(folder).get("our-nef")
    doc = create(data_dir, ours, perspectives=["you", "project"])
    at = open_score(doc["token"])
    assert at.segmented_control(key=k(doc, "perspective")).options == ["You", "Your project"]
    assert len(at.text_area) == len(ours.items)
    at.segmented_control(key=k(doc, "perspective")).set_value("Your project").run()
    at.select_slider(key=k(doc, "score", "project", "networks")).set_value("Basic").run()
    again = open_score(doc["token"])
    assert again.segmented_control(key=k(doc, "perspective")).value == "Your project"
    assert again.select_slider(key=k(doc, "score", "project", "networks")).value == "Basic"


def test_the_resume_link_and_code_are_shown_and_the_code_works(data_dir):
    doc = create(data_dir, LEEDS)
    at = open_score(doc["token"])
    links = [block.proto.body for block in at.get("html") if "coprod-link" in block.proto.body]
    assert len(links) == 1 and re.search(rf'<a href="[^"]*\?a={doc["token"]}">[^<]*\?a={doc["token"]}</a>', links[0])
    assert any(format_code(doc["code"]) in m.value for m in at.markdown)
    start = open_score()
    code_box = [t for t in start.text_input if t.label.startswith("Carry on")][0]
    code_box.input(format_code(doc["code"]).lower())
    [b for b in start.button if b.label == "Carry on"][0].click().run()
    assert start.query_params["a"] in (doc["token"], [doc["token"]])
    assert "Youth forum" in start.title[0].value


def test_hostile_text_is_shown_as_text(data_dir):
    store = TinyDBStore(data_dir)
    doc = store.create(A.new_assessment(LEEDS, title=HOSTILE, role="<b>x</b>"))
    for item in LEEDS.items:
        store.update(doc["token"], lambda d, i=item.id: (A.set_score(LEEDS, d, "main", i, 5), A.set_example(LEEDS, d, "main", i, HOSTILE)))
    at = open_score(doc["token"])
    assert at.text_area(key=k(doc, "example", "main", "assets")).value == HOSTILE
    assert unescape_markdown(at.title[0].value) == HOSTILE
    assert "!\\[x\\]" in at.title[0].value and "\\<script\\>" in at.title[0].value
    store.update(doc["token"], lambda d: A.finish(LEEDS, d))
    done = open_score(doc["token"])
    answers = [e.proto.body for e in done.get("html") if "coprod-answer" in e.proto.body]  # the answers, one HTML block
    assert answers and html.escape(HOSTILE, quote=True) in answers[0] and "<script>" not in answers[0]  # escaped: characters
    assert html_text(answers[0]).count(HOSTILE) == len(LEEDS.items)  # shown as written, each item's example
    for element in done.markdown:
        assert "](http" not in element.value.replace("\\]\\(", "")


@pytest.mark.parametrize("token", ["nope", "../../etc/passwd", "A" * 22, "<script>"])
def test_an_unknown_or_forged_link_gets_a_plain_not_found(data_dir, token):
    at = open_score(token)
    assert not at.exception
    assert at.title[0].value == "Assessment not found"


def test_a_damaged_file_is_reported_and_others_still_open(data_dir):
    good = create(data_dir, LEEDS)
    bad = create(data_dir, LEEDS)
    path = data_dir / "assessments" / f"{bad['token']}.json"
    path.write_text('{"assessment": {"1": {"tit', encoding="utf-8")
    at = open_score(bad["token"])
    assert not at.exception
    assert at.title[0].value == "This assessment cannot be opened"
    assert "Nothing has been overwritten" in at.error[0].value.replace("\\", "")
    assert path.read_text(encoding="utf-8") == '{"assessment": {"1": {"tit'
    assert open_score(good["token"]).title[0].value == "Youth forum"


def test_the_score_page_imports_no_charts_tables_or_pdf_code():
    """Importing Altair and pandas cost the score page's first open about a second, and every page
    they slow. What the app's entry script and the score page import, in a fresh process, must not
    bring them (or the PDF code) in."""
    import ast
    import subprocess
    import sys

    from tests.conftest import ROOT

    modules = set()
    for script in ("streamlit_app.py", "app_pages/score.py"):
        for node in ast.walk(ast.parse((ROOT / script).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):  # `from coprod.ui import scoring`: the module is coprod.ui.scoring
                modules.add(node.module)
                modules.update(f"{node.module}.{alias.name}" for alias in node.names if node.module in ("coprod", "coprod.ui"))
    assert "coprod.ui.scoring" in modules
    heavy = ("altair", "pandas", "fpdf", "vl_convert", "uharfbuzz", "coprod.reports", "coprod.charts")
    program = (
        "import importlib, sys\n"
        f"for name in {sorted(modules)!r}: importlib.import_module(name)\n"
        f"print([m for m in {heavy!r} if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_still_open_names_each_principle_once_with_the_views_still_open(data_dir):
    doc = create(data_dir, NEF)  # you, your project and your organisation
    at = open_score(doc["token"])
    at.select_slider(key=k(doc, "score", "you", "assets")).set_value("Basic").run()
    still_open = next(c.value for c in at.caption if c.value.startswith("Still open")).replace("\\", "").replace("\xa0", " ")
    assert still_open.count("Assets") == 1 and "Assets (Your project, Your organisation)" in still_open
    assert still_open.count("Capacity") == 1 and "Capacity (You, Your project, Your organisation)" in still_open
    assert still_open.index("Assets") < still_open.index("Capacity")  # in the framework's order


@pytest.mark.parametrize("instrument_id", ["headstart-checklist", "attitudes-survey"])
def test_named_answers_are_a_choice_of_labelled_options_and_scales_keep_the_slider(data_dir, instrument_id):
    instrument = LIB.get(instrument_id)
    doc = create(data_dir, instrument)
    at = open_score(doc["token"])
    assert not at.select_slider and not [t for t in at.toggle if t.key == "list-mode"]  # no slider to swap for a list
    item = instrument.items[0]
    radio = at.radio(key=k(doc, "pick", "main", item.id))
    assert radio.label.replace("\\", "") == f"Your answer: {item.name}"
    assert radio.options == ["Not answered yet", *(instrument.scale.label_for(v) for v in instrument.scale.values)]
    radio.set_value(instrument.scale.level(instrument.scale.max)).run()
    assert A.answer(stored(data_dir, doc["token"]), "main", item.id)["score"] == instrument.scale.max
    leeds = open_score(create(data_dir, LEEDS)["token"])
    assert len(leeds.select_slider) == len(LEEDS.items)  # a numbered scale keeps its slider
