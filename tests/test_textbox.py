"""Every text box keeps what fits and says what was cut (coprod.ui.textbox): Streamlit's own
max_chars drops a longer paste whole, without a word (streamlit#9221)."""

import ast

from streamlit.testing.v1 import AppTest

from coprod.answers import assessment as A
from coprod.library.loading import load_library
from coprod.storage.tinydb import TinyDBStore
from coprod.ui.autosave import key_for
from tests.conftest import ROOT

LIB = load_library(ROOT / "instruments")
LEEDS = LIB.get("leeds-six-principles")
SHARED = ROOT / "coprod" / "ui" / "textbox.py"


def code_files():
    return [ROOT / "streamlit_app.py", *sorted((ROOT / "app_pages").glob("*.py")), *sorted((ROOT / "coprod").rglob("*.py"))]


def test_every_text_box_goes_through_the_one_shared_widget():
    """No code but coprod/ui/textbox.py draws a Streamlit text box, and nothing hands Streamlit a
    max_chars (the table editor's cells included: Streamlit cuts a longer cell without a word)."""
    found = []
    for path in code_files():
        if path == SHARED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name in ("text_area", "text_input", "chat_input"):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}")
                found += [f"{path.relative_to(ROOT)}:{node.lineno}: max_chars" for k in node.keywords if k.arg == "max_chars"]
    assert not found, "draw text boxes with coprod.ui.textbox (area or line):\n" + "\n".join(found)
    shared = SHARED.read_text(encoding="utf-8")
    assert "max_chars" not in shared.replace("`max_chars`", "")


def open_score(token: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=30)
    at.query_params["a"] = token
    at.run()
    return at.switch_page("app_pages/score.py").run()


def test_a_paste_over_the_limit_keeps_what_fits_and_shows_what_was_cut(data_dir):
    store = TinyDBStore(data_dir)
    doc = store.create(A.new_assessment(LEEDS, title="Youth forum", role="youth worker"))
    at = open_score(doc["token"])
    key = key_for(doc["token"], "example", "main", LEEDS.items[0].id)
    pasted = "x" * (A.MAX_TEXT - 3) + "TAIL!"
    at.text_area(key=key).input(pasted).run()
    assert not at.exception
    assert A.answer(store.get(doc["token"]), "main", LEEDS.items[0].id)["example"] == pasted[:A.MAX_TEXT]
    assert at.text_area(key=key).value == pasted[:A.MAX_TEXT]
    said = [w.value for w in at.warning]
    assert any("5,000 characters" in w and "the last 2 " in w for w in said), said
    assert "IL!" not in [c.value for c in at.code] and "L!" in [c.value for c in at.code]


def test_a_form_box_over_its_limit_is_cut_and_said_before_anything_is_started(data_dir):
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=30).run()
    at.switch_page("app_pages/score.py").run()
    at.text_input(key="start-title").input("T" * 200 + " and more")
    at.button[0].click().run()
    assert not at.exception
    assert at.text_input(key="start-title").value == "T" * 200
    assert any("200 characters" in w.value for w in at.warning)
    assert not (data_dir / "assessments").exists() or not list((data_dir / "assessments").iterdir())
    at.button[0].click().run()  # seen, and started with what fits
    assert list((data_dir / "assessments").iterdir())


def test_the_same_text_edited_in_two_tabs_keeps_the_first_save_and_gives_the_second_its_text_back(data_dir):
    store = TinyDBStore(data_dir)
    doc = store.create(A.new_assessment(LEEDS, title="Youth forum", role="youth worker"))
    first, second = open_score(doc["token"]), open_score(doc["token"])  # two tabs, both showing the empty box
    example = key_for(doc["token"], "example", "main", LEEDS.items[0].id)
    first.text_area(key=example).input("Parents run the Saturday club.").run()
    second.text_area(key=example).input("We asked the young people first.").run()
    assert not second.exception
    assert A.answer(store.get(doc["token"]), "main", LEEDS.items[0].id)["example"] == "Parents run the Saturday club."
    assert second.text_area(key=example).value == "Parents run the Saturday club."  # theirs is shown
    assert any("saved these boxes while you were typing" in w.value for w in second.warning)
    assert "We asked the young people first." in [c.value for c in second.code]  # and yours given back
    second.text_area(key=example).input("We asked the young people first.").run()  # pasted back in, on purpose
    assert A.answer(store.get(doc["token"]), "main", LEEDS.items[0].id)["example"] == "We asked the young people first."


def test_a_free_text_answer_edited_in_two_tabs_keeps_the_first_save(data_dir):
    imagine = LIB.get("imagine-engagement")
    store = TinyDBStore(data_dir)
    doc = store.create(A.new_assessment(imagine, title="Youth forum", role="youth worker"))
    first, second = open_score(doc["token"]), open_score(doc["token"])
    question = key_for(doc["token"], "prompt", imagine.prompts[0].id)
    first.text_area(key=question).input("Ours").run()
    second.text_area(key=question).input("Mine").run()
    assert store.get(doc["token"])["prompts"][imagine.prompts[0].id] == "Ours"
    assert second.text_area(key=question).value == "Ours" and "Mine" in [c.value for c in second.code]


def test_a_text_box_drawn_inside_a_fragment_is_refused():
    """A box's text is sent when it loses the focus, often with a click on to another page; sent from
    inside a fragment it can reach the server after the fragment is gone, and Streamlit drops it
    (tests/test_browser_score.py plays that order). So the shared widget refuses to draw inside one."""
    def page():
        import streamlit as st

        from coprod.ui import textbox

        textbox.area("Outside", "outside")

        @st.fragment
        def inside():
            try:
                textbox.area("Inside", "inside")
            except textbox.InFragment as refused:
                st.text(f"Refused: {refused}")

        inside()

    at = AppTest.from_function(page).run()
    assert [box.label for box in at.text_area] == ["Outside"]
    assert [t.value for t in at.text] == ["Refused: the text box 'inside' is drawn inside a fragment: draw it outside, or its text can be lost"]
