"""Text stays text: whatever a person types (titles, names, roles, role groups, examples, answers to
prompts, plan cells, agreed examples, session titles) and whatever an instrument file says is shown
as typed on every page in every state, never as Markdown or HTML.

Every page is rendered with AppTest in each state it has, with hostile text in every field. Every
string Streamlit would render as Markdown (headings, captions, alerts, labels, help, option labels,
expander titles, table cells...) is rendered with a CommonMark renderer and must come out as the
characters typed: no image, script or javascript: link, no formatting, and none of Streamlit's own
extensions (shortcodes, colour directives, maths, bare addresses) left whole. One browser pass then
checks the real DOM and that nothing was fetched from the hostile addresses. The pages' code is also
checked for the Streamlit calls that would bypass coprod.ui.show.
"""

from __future__ import annotations

import ast
import html
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from coprod.answers import assessment as A
from coprod.answers import plans, raters, rounds
from coprod.common.text import JOINER
from coprod.library.loading import load_library
from coprod.sessions import disclosure, room
from coprod.sessions import lifecycle as S
from coprod.storage.tinydb import TinyDBStore
from coprod.ui.autosave import key_for
from coprod.ui.scoring import by_choice
from tests.apptest import page
from tests.conftest import ROOT

HOSTILE = ('**b** _i_ <script>alert(1)</script> <img src=x onerror=alert(1)> ![t](http://127.0.0.1:9/p.png) '
           '[c](javascript:alert(1)) :red[x] $x^2$ =HYPERLINK("x") :smile: www.example.org')
BLOCK = "# h\n- l\n" + HOSTILE  # for boxes that take several lines
MARKERS = ("**b**", "_i_", "<script>", "<img src", "![t](", "[c](javascript", ":red[x]", "$x^2$", "=HYPERLINK", ":smile:", "www.example.org", "# h")
MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])

# (element, field) whose strings Streamlit shows as plain text; everything else is rendered as Markdown.
PLAIN = {
    ("Text", "body"), ("Code", "code_text"), ("TextArea", "value"), ("TextArea", "default"), ("TextInput", "value"),
    ("TextInput", "default"), ("Selectbox", "options"), ("Selectbox", "raw_value"), ("MultiSelect", "options"),
    ("MultiSelect", "raw_values"), ("MultiSelect", "default"), ("VegaLiteChart", "spec"),  # tooltips are escaped by vega
    ("Dataframe", "cell"),  # st.dataframe and st.data_editor draw cells as text on a canvas
    ("PageLink", "query_string"), ("DownloadButton", "url"),
}
LEEDS_HOSTILE = "leeds-hostile"


def hostile_instruments(folder: Path) -> Path:
    """The library plus a copy of Leeds whose item, band and worked example names are hostile."""
    folder.mkdir()
    for path in (ROOT / "instruments").glob("*.toml"):
        shutil.copy(path, folder / path.name)
    text = (ROOT / "instruments" / "leeds-six-principles.toml").read_text(encoding="utf-8")
    text = text.replace('id = "leeds-six-principles"', f'id = "{LEEDS_HOSTILE}"', 1)
    text = text.replace('title = "Leeds self-audit: the six principles of co-production"', f"title = 'Leeds {HOSTILE}'", 1)
    text = text.replace('name = "Assets"', f"name = 'Assets {HOSTILE}'", 1)
    text = text.replace('name = "Making progress"', f"name = 'Making progress {HOSTILE}'", 1)
    text = text.replace('title = "Development of a new parkrun"', f"title = 'parkrun {HOSTILE}'", 1)
    text = text.replace('publisher = "Get Set Leeds / Leeds"', f"publisher = 'Get Set Leeds {HOSTILE}'", 1)
    # Where a file's headings, notes, principles and advice are drawn: the plan, the results, the score page.
    text = text.replace('kind = "scale"\n', f"kind = 'scale'\nnext_steps_heading = '{HOSTILE}'\nnext_steps_for = 'staff {HOSTILE}'\n"
                        f"supports_heading = '{HOSTILE}'\n", 1)
    text = text.replace('id = "assets"\n', f"id = 'assets'\nsupports = ['{HOSTILE}']\nnext_steps = ['{HOSTILE}']\n", 1)
    text = text.replace('heading = "Other Things to Consider"', f"heading = 'Consider {HOSTILE}'\nnote = '{HOSTILE}'", 1)
    text = text.replace('show = ["instrument", "plan"]', 'show = ["instrument", "plan", "results"]', 1)
    text += f"\n[[interpretation]]\nmin = 1\nmax = 3\nheading = '{HOSTILE}'\ntext = '{HOSTILE}'\nnext_steps = ['{HOSTILE}']\n"
    (folder / "leeds-hostile.toml").write_text(text, encoding="utf-8")
    # An option of a checklist item (ticked in `fill`): drawn as a choice while scoring, listed once finished.
    checklist = folder / "headstart-checklist.toml"
    checklist.write_text(checklist.read_text(encoding="utf-8").replace('"An established group?"', f"'Established {HOSTILE}'", 1),
                         encoding="utf-8")
    assert load_library(folder).get(LEEDS_HOSTILE) is not None, load_library(folder).broken
    return folder


# --------------------------------------------------------------------------- reading what a page shows


def _strings(message, path=()):
    for field, value in message.ListFields():
        values = value if getattr(field, "is_repeated", False) else [value]
        for v in values:
            if field.type == field.TYPE_MESSAGE:
                yield from _strings(v, (*path, field.name))
            elif field.type == field.TYPE_STRING:
                yield (*path, field.name), v


def _nodes(node):
    if getattr(node, "proto", None) is not None:
        yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def _cells(proto) -> list[str]:
    """The column names and cells of a table sent as Arrow."""
    import pyarrow as pa

    table = pa.ipc.open_stream(proto.arrow_data.data).read_all()
    return [*table.column_names, *(str(v) for column in table.to_pydict().values() for v in column)]


def shown_strings(at) -> list[tuple[str, str, str]]:
    """(element type, field, string) for every string of every element and block on the page,
    the cells of tables included."""
    out = []
    for node in _nodes(at._tree):
        kind = type(node.proto).__name__
        for path, value in _strings(node.proto):
            out.append((kind, path[-1], value))
        if kind in ("Table", "Dataframe") and node.proto.HasField("arrow_data"):
            out += [(kind, "cell", cell) for cell in _cells(node.proto)]
    return out


HTML_TAGS = {"div", "p", "span", "strong", "h3", "h4", "ul", "li", "style", "a"}  # what coprod.ui.show writes itself
OWN_LINK = re.compile(r'\shref="(https?://[^"<>\s]*)?\?a=[A-Za-z0-9_-]{22}"')  # show.link: a resume link, nothing else


# The attributes coprod.ui.show writes itself: a class, an id, and the language of an instrument's own wording
# (lang, a fixed code: a screen reader on a page in another language switches voice for the source's words).
OWN_ATTRIBUTES = re.compile(r'\s(class|id)="[^"<>]*"|\slang="(en|fr|nl)"')


# coprod.ui.show.qr's QR code: a PNG inlined as base64 (nothing to fetch), named for screen readers.
QR_IMG = re.compile(r'<img class="coprod-qr-code" alt="[^"<>]*" width="\d+" height="\d+" src="data:image/png;base64,[A-Za-z0-9+/]+=*">')


# coprod.ui.language's one line of script: the page's language attribute, a fixed code, no text from anyone.
LANGUAGE_SCRIPT = re.compile(r"^<script>document\.documentElement\.lang = '(?:en|fr|nl)';</script>$")


def html_problems(source: str) -> list[str]:
    """An HTML block (st.html) of coprod.ui.show: only its own tags and attributes, and the text in
    it the characters typed (HTML-escaped, so none of it is a tag)."""
    found = []
    source = QR_IMG.sub("", LANGUAGE_SCRIPT.sub("", QR_IMG.sub("", source)))
    for tag, attributes in re.findall(r"<\s*/?\s*(\w+)([^>]*)>", source):
        own = OWN_LINK.sub("", attributes) if tag.lower() == "a" else attributes
        if tag.lower() not in HTML_TAGS or OWN_ATTRIBUTES.sub("", own).strip() or (tag == "a" and attributes.strip() and own == attributes):
            found.append(f"tag or attribute not coprod's own: <{tag}{attributes[:60]}> in {source[:80]!r}")
    words = html.unescape(re.sub(r"<[^>]+>", "", source)).replace("\u00a0", " ")
    found += [f"{m!r} not shown as typed in an HTML block" for m in MARKERS if m in html.unescape(source) and m not in words]
    return found


def problems(at) -> list[str]:
    """What of the hostile text the page would render as anything but the characters typed."""
    found = []
    for kind, field, source in shown_strings(at):
        if (kind, field) == ("Html", "body"):
            found += html_problems(source)
            continue
        plain = re.sub(r"\\(.)", r"\1", source).replace(JOINER, "").replace("\u00a0", " ")
        present = [m for m in MARKERS if m in plain]
        if not present or (kind, field) in PLAIN:
            continue
        html = MARKDOWN.render(source)
        text = re.sub(r"<[^>]+>", "", html).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
        text = text.replace("&amp;", "&").replace(JOINER, "").replace("\u00a0", " ")
        where = f"{kind}.{field}: {source[:90]!r}"
        if re.search(r"<(img|script|iframe)\b|href=\"javascript", html):
            found.append(f"active HTML from {where}")
        found += [f"{m!r} formatted in {where}" for m in present if m not in text]
        for whole in (":red[", ":smile:", "www.example", "$x"):
            if re.search(r"(?<!\\)" + re.escape(whole), source):
                found.append(f"{whole!r} left whole in {where}")
    return found


def clean(at, state: str) -> None:
    assert not at.exception, (state, [e.value for e in at.exception])
    assert problems(at) == [], state
    shown = html.unescape("".join(s for _, _, s in shown_strings(at))).replace(JOINER, "")
    assert "127.0.0.1:9" in shown, f"{state}: the hostile text is not on the page"


# --------------------------------------------------------------------------- the data


def fill(instrument, doc: dict, *, finish: bool, scored: bool = True, score: int | None = None) -> None:
    for p in doc["perspectives"]:
        for item in instrument.items:
            if scored:
                A.set_score(instrument, doc, p, item.id, instrument.scale.min + 1 if score is None else score)
            A.set_example(instrument, doc, p, item.id, BLOCK)
            if item.options:
                A.set_options(instrument, doc, p, item.id, list(item.options))
    for prompt in instrument.prompts:
        A.set_prompt(instrument, doc, prompt.id, BLOCK)
    plans.save_plan(doc, plans.apply_edits(plans.plan_of(instrument, doc), {n: {c: HOSTILE for c in ("principle", "actions", "who", "by_when", "progress")} for n in range(2)},
                                            [{c: HOSTILE for c in ("principle", "actions", "who", "by_when", "progress")}], []))
    if finish:
        A.finish(instrument, doc, today=date(2026, 3, 1))


@pytest.fixture
def hostile(data_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("COPROD_INSTRUMENTS_DIR", str(hostile_instruments(tmp_path / "instruments")))
    return TinyDBStore(data_dir), load_library(tmp_path / "instruments")


def assessment(store, instrument, *, finish: bool, scored: bool = True) -> dict:
    doc = A.new_assessment(instrument, title=HOSTILE, role=HOSTILE, name=HOSTILE, on=date(2026, 3, 1))
    fill(instrument, doc, finish=finish, scored=scored)
    return store.create(doc)


# --------------------------------------------------------------------------- every page, every state


def test_the_instrument_pages(hostile):
    _, lib = hostile
    clean(page("app_pages/home.py"), "home with a hostile instrument")
    clean(page("app_pages/instrument.py", id=LEEDS_HOSTILE), "reading the hostile instrument")
    at = page("app_pages/score.py", instrument=LEEDS_HOSTILE)
    clean(at, "start form")


def test_text_given_back_is_shown_as_typed(hostile):
    """What a box cut off and what a later save from another tab typed come back to copy, as text."""
    store, lib = hostile
    instrument = lib.get(LEEDS_HOSTILE)
    doc = assessment(store, instrument, finish=False, scored=False)
    key = key_for(doc["token"], "example", "main", instrument.items[0].id)
    first, second = page("app_pages/score.py", a=doc["token"]), page("app_pages/score.py", a=doc["token"])
    first.text_area(key=key).input("x" * (A.MAX_TEXT - 10) + HOSTILE).run()  # the hostile end is cut and given back
    clean(first, "a paste over the limit, its end given back")
    second.text_area(key=key).input("Mine: " + BLOCK).run()
    clean(second, "an edit overtaken by another tab's, given back")
    assert any(c.value == "Mine: " + BLOCK for c in second.code)


@pytest.mark.parametrize("instrument_id", [LEEDS_HOSTILE, "headstart-checklist", "nef-framework", "attitudes-survey"])
def test_scoring_results_and_print_in_every_state(hostile, instrument_id):
    store, lib = hostile
    instrument = lib.get(instrument_id)
    draft = assessment(store, instrument, finish=False)
    at = page("app_pages/score.py", a=draft["token"])
    clean(at, "draft")
    if not by_choice(instrument):  # a checklist's or survey's answers are drawn as a list already
        at.toggle(key="list-mode").set_value(True).run()
        clean(at, "draft, list mode")
    empty = assessment(store, instrument, finish=False, scored=False)
    at = page("app_pages/score.py", a=empty["token"])
    at.text_area(key=key_for(empty["token"], "example", empty["perspectives"][0], instrument.items[0].id)).input(instrument.items[0].name).run()
    at.button(key="finish").click().run()
    clean(at, "finish refused")
    assert at.error, "the refusal is shown"
    clean(page("app_pages/results.py", a=draft["token"]), "results of a draft")

    done = assessment(store, instrument, finish=True)
    clean(page("app_pages/score.py", a=done["token"]), "finished")
    clean(page("app_pages/results.py", a=done["token"]), "results")
    clean(page("app_pages/print.py", a=done["token"]), "print view")

    second = rounds.new_round(instrument, store.get(done["token"]), on=date(2026, 6, 1))
    second = store.create(second)
    clean(page("app_pages/score.py", a=second["token"]), "second round, scoring beside the first")
    store.update(second["token"], lambda d: fill(instrument, d, finish=True))
    clean(page("app_pages/results.py", a=second["token"]), "second round's progress")


@pytest.mark.parametrize("instrument_id", [LEEDS_HOSTILE, "attitudes-survey"])
@pytest.mark.parametrize("anonymous", [True, False], ids=["anonymous", "named"])
def test_team_session_pages_in_every_state(hostile, instrument_id, anonymous):
    store, lib = hostile
    instrument = lib.get(instrument_id)
    clean_form = page("app_pages/session.py")
    assert not clean_form.exception
    session = S.open_session(store, S.new_session(instrument, title=HOSTILE, anonymous=anonymous, min_group=2,
                                                  roles=[f"Young {HOSTILE}", f"Staff {HOSTILE}"], moderate=True))
    observer = room.watch_only(store, session["join_token"], name=HOSTILE)["token"]
    store.update(session["token"], lambda s: room.start_timer(s, 10))
    roles = session["roles"]  # as kept: a role group's name is cut at 100 characters
    join = page("app_pages/join.py", s=session["join_token"])
    clean(join, "join page")
    people = []
    for n in range(5):
        token = S.join(store, instrument, session["join_token"], role=roles[n % 2], name=f"{HOSTILE} {n}")["token"]
        # half at the scale's top: every item spans two bands, so each is one to talk about, quoting the hostile text
        store.update(token, lambda d, n=n: fill(instrument, d, finish=False, score=instrument.scale.max if n % 2 else None))
        if n < 4:
            S.submit(store, instrument, token)
        people.append(token)
    clean(page("app_pages/session.py", f=session["token"]), "facilitator, before the reveal, moderating")
    clean(page("app_pages/watch.py", o=observer), "observer, before the reveal")
    first = disclosure.moderation(instrument, store.get(session["token"]), S.participants(store, store.get(session["token"]))[0])[0]
    room.hold_back(store, instrument, session["token"], first.key)
    clean(page("app_pages/session.py", f=session["token"]), "facilitator, an example held back")
    before = page("app_pages/projector.py", f=session["token"])  # the join code and counts: nobody's text yet
    assert not before.exception and problems(before) == [], "projector, before the reveal"
    clean(page("app_pages/score.py", a=people[4]), "participant drafting")

    store.update(session["token"], S.reveal)
    view = S.agreed_view(instrument, store.get(session["token"])).id

    def agree(s):
        for item in instrument.items:
            A.set_score(instrument, s, view, item.id, instrument.scale.min)
            A.set_example(instrument, s, view, item.id, BLOCK)
        plans.save_plan(s, plans.apply_edits(plans.plan_of(instrument, s), {0: {"actions": HOSTILE, "who": HOSTILE}}, [], []))

    store.update(session["token"], agree)
    revealed = page("app_pages/session.py", f=session["token"])
    clean(revealed, "facilitator, revealed, agreeing")
    clean(page("app_pages/watch.py", o=observer), "observer, after the reveal")
    clean(page("app_pages/score.py", a=people[0]), "participant whose example was kept back")
    assert any('class="coprod-talk"' in e.proto.body for e in revealed.get("html")), "no item to talk about"
    wall, carried = page("app_pages/projector.py", f=session["token"]), False
    while True:  # every screen of the wall, the items to talk about quoting the hostile text
        assert not wall.exception and problems(wall) == [], "projector, a screen after the reveal"
        carried = carried or "127.0.0.1:9" in html.unescape("".join(s for _, _, s in shown_strings(wall)))
        if wall.button(key="projector-next").disabled:
            break
        wall.button(key="projector-next").click().run()
    assert carried, "projector: the hostile text is on no screen"
    S.start_second_round(store, session["token"])
    for token in people[:3]:
        store.update(token, lambda d: fill(instrument, d, finish=False))
        S.submit(store, instrument, token)
    clean(page("app_pages/session.py", f=session["token"]), "facilitator, second round open")
    store.update(session["token"], lambda s: (S.reveal(s), s.update(published=True)))
    clean(page("app_pages/session.py", f=session["token"]), "facilitator, second round revealed")
    clean(page("app_pages/score.py", a=people[0]), "participant, published")
    clean(page("app_pages/results.py", a=people[0]), "participant's results")


def test_others_rate_you_pages(hostile):
    store, lib = hostile
    imagine = lib.get("imagine-engagement")
    me = assessment(store, imagine, finish=True)
    key = raters.invitation(store, me["token"])
    clean(page("app_pages/rate.py", r=key), "invitation to rate")
    for n in range(2):
        rating = raters.join(store, imagine, key, name=f"{HOSTILE} {n}", relation=HOSTILE)
        clean(page("app_pages/score.py", a=rating["token"]), "a rater scoring")
        store.update(rating["token"], lambda d: fill(imagine, d, finish=True))
    clean(page("app_pages/results.py", a=me["token"]), "results beside each rater")
    rating = raters.join(store, imagine, key, name=HOSTILE, relation=HOSTILE)
    store.update(rating["token"], lambda d: fill(imagine, d, finish=True))
    clean(page("app_pages/results.py", a=me["token"]), "results beside the raters' median")


# --------------------------------------------------------------------------- the pages' code


def _calls(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            yield node, node.func.attr, ast.unparse(node.func.value)


def test_no_page_bypasses_the_one_path_for_text():
    """Streamlit calls that render their text or options as Markdown or HTML go through
    coprod.ui.show: no st.table, st.write or st.html of anything but our own words outside it, no
    unsafe_allow_html, and every option widget formats its options with show.choice."""
    files = [*(ROOT / "app_pages").glob("*.py"), *(ROOT / "coprod" / "ui").glob("*.py"), ROOT / "streamlit_app.py"]
    wrong = []
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call, name, owner in _calls(tree):
            where = f"{path.relative_to(ROOT)}:{call.lineno}"
            keywords = {k.arg: k.value for k in call.keywords}
            if name == "table" and owner != "show" and path.name != "show.py":
                wrong.append(f"{where}: st.table renders cells as Markdown; use show.table")
            if name == "write" and call.args and not isinstance(call.args[0], ast.Constant):
                wrong.append(f"{where}: st.write of text that is not the app's own")
            if name == "html" and path.name != "show.py" and call.args and not isinstance(call.args[0], ast.Constant):
                wrong.append(f"{where}: st.html of text that is not the app's own (show.py escapes what it puts in HTML)")
            if isinstance(keywords.get("unsafe_allow_html"), ast.Constant) and keywords["unsafe_allow_html"].value:
                wrong.append(f"{where}: unsafe_allow_html")
            if name in ("radio", "segmented_control", "select_slider", "pills") and "format_func" not in keywords:
                wrong.append(f"{where}: st.{name} without format_func=show.choice")
    assert wrong == []


# --------------------------------------------------------------------------- the source's language


def test_an_instruments_own_wording_says_its_language_and_nothing_else_may(data_dir):
    """On a page in another language, the bands' names and descriptors and the item's heading (the
    source's words, English for every built-in instrument) carry lang="en", so a screen reader reads
    them in an English voice; a lang attribute with any other value is still not coprod's own."""
    store = TinyDBStore(data_dir)
    leeds = load_library(ROOT / "instruments").get("leeds-six-principles")
    doc = store.create(A.new_assessment(leeds, title="Youth forum", role="worker", name=""))
    at = page("app_pages/score.py", a=doc["token"], lang="fr")
    assert not at.exception
    bodies = [e.proto.body for e in at.get("html")]
    bands = [b for b in bodies if 'class="coprod-bands"' in b]
    assert len(bands) == len(leeds.items)
    for block in bands:
        assert block.count('<strong lang="en">') == len(leeds.scale.bands) and '<p lang="en">' in block
    assert all('lang="en">' in b for b in bodies if 'class="coprod-item"' in b)
    assert [html_problems(b) for b in bodies] == [[] for _ in bodies]
    for wrong in ('<p lang="de">x</p>', '<p lang="en" onclick="x">x</p>', '<p lang="en-x">x</p>', "<p lang=en>x</p>"):
        assert html_problems(wrong), wrong
