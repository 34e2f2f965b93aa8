"""Every chart has a plain-text alternative beside it: the shape in one sentence ("Strongest: …
Weakest: …"), the spread's widest items, a tally's most common answers, the change over rounds; and
no page can draw a chart without its words."""

import ast
from datetime import date

from coprod.answers import assessment as A
from coprod.charts import words as chart_text
from coprod.charts.specs import Series
from coprod.sessions import lifecycle as S
from coprod.sessions.disclosure import displayable
from coprod.storage.tinydb import TinyDBStore
from tests.apptest import LEEDS, LIB, page, session_with
from tests.conftest import ROOT

NEF = LIB.get("nef-framework")
SURVEY = LIB.get("attitudes-survey")


def leeds_scores(*values):
    return {item.id: v for item, v in zip(LEEDS.items, values)}


def test_the_shape_in_one_sentence_names_strongest_and_weakest_with_score_and_band():
    names = [i.name for i in LEEDS.items]
    said = chart_text.shape(LEEDS, leeds_scores(5, 2, 8, 5, 6, 4))
    assert said == f"Strongest: {names[2]} (8, Excellent). Weakest: {names[1]} (2, Not there yet)."


def test_ties_are_named_together_and_a_named_scale_says_its_band_once():
    nef_names = [i.name for i in NEF.items]
    top, bottom = NEF.scale.max, NEF.scale.min
    scores = {i.id: top if n < 2 else bottom for n, i in enumerate(NEF.items)}
    said = chart_text.shape(NEF, scores)
    band = NEF.scale.band_for(top).name
    assert said.startswith(f"Strongest: {nef_names[0]} and {nef_names[1]} ({band}).")
    assert f"{band}, {band}" not in said


def test_nothing_scored_and_everything_level_are_said_plainly():
    assert chart_text.shape(LEEDS, {}) == chart_text.NOTHING
    assert "same level (5, Making progress)" in chart_text.shape(LEEDS, leeds_scores(5, 5, 5, 5, 5, 5))


def test_several_shapes_each_get_their_label():
    lines = chart_text.radar(LEEDS, [Series("Round 1", leeds_scores(2, 3, 4, 5, 6, 7)), Series("Round 2", leeds_scores(9, 3, 4, 5, 6, 7))])
    assert lines[0].startswith("Round 1. Strongest:") and lines[1].startswith("Round 2. Strongest:")


def test_team_words_come_only_from_what_may_be_shown(data_dir):
    store, session, _ = session_with(data_dir, [(S.DEFAULT_ROLES[1], 2, "We asked once"), (S.DEFAULT_ROLES[1], 8, "They chose it"),
                                                (S.DEFAULT_ROLES[1], 5, "Some say"), (S.DEFAULT_ROLES[0], 9, "They run it")])

    def shown_now():
        now = store.get(session["token"])
        return displayable(LEEDS, now, S.participants(store, now)[0])

    hidden = shown_now()
    assert chart_text.team(LEEDS, hidden)[0].startswith("Drawn from 0 people's answers") and chart_text.spread(LEEDS, hidden) == [chart_text.NOTHING]
    store.update(session["token"], S.reveal)
    shown = shown_now()
    assert "median" in chart_text.team(LEEDS, shown)[0] and chart_text.team(LEEDS, shown)[1].startswith("Every scored item")
    assert chart_text.spread(LEEDS, shown)[0].startswith("Answers spread the same on every item (7 points apart)")
    # One young person beside three staff: the staff's medians would tell which shape is theirs, so no
    # group is described (coprod.sessions.disclosure); with a second and third young person, both are.
    assert chart_text.roles(LEEDS, shown.groups) == []
    store, session, _ = session_with(data_dir, [(S.DEFAULT_ROLES[1], 5, "We asked once")] * 3 + [(S.DEFAULT_ROLES[0], 9, "They run it")] * 3,
                                     title="Another")
    store.update(session["token"], S.reveal)
    assert chart_text.roles(LEEDS, shown_now().groups) == [
        f"{S.DEFAULT_ROLES[0]} (3 people). Every scored item is at the same level (9, Excellent).",
        f"{S.DEFAULT_ROLES[1]} (3 people). Every scored item is at the same level (5, Making progress)."]


def test_a_tally_and_a_survey_say_the_most_common_answer():
    first = SURVEY.items[0]
    top = SURVEY.scale.bands[-1]
    lines = chart_text.tally(SURVEY, [{first.id: top.min}, {first.id: top.min}, {first.id: SURVEY.scale.min}])
    assert lines == [f"{first.name}: most people said {top.name} (2 of 3)."]
    said = chart_text.survey(SURVEY, {first.id: top.min})
    assert said[0].startswith(f"{first.name}: you said {SURVEY.scale.label_for(top.min)}.")
    assert "Most of the" in said[0]


def test_change_over_rounds_names_rises_and_falls():
    rows = [{"item": "Assets", "round": 1, "score": 2}, {"item": "Assets", "round": 2, "score": 5},
            {"item": "Networks", "round": 1, "score": 7}, {"item": "Networks", "round": 2, "score": 6}]
    assert chart_text.over_rounds(LEEDS, rows) == ["Went up: Assets (+3).", "Went down: Networks (-1)."]


def test_a_surveys_change_over_rounds_is_said_as_answers_that_moved_never_as_a_fall():
    statement, other = SURVEY.items[6].name, SURVEY.items[0].name
    rows = [{"item": statement, "round": 1, "score": 3}, {"item": statement, "round": 2, "score": 1},
            {"item": other, "round": 1, "score": 4}, {"item": other, "round": 2, "score": 4}]
    said = chart_text.over_rounds(SURVEY, rows)
    assert said == [f"Changed: {statement} (Agree → Strongly disagree).", f"The same: {other}."]
    assert "down" not in " ".join(said).casefold()


def test_the_results_page_shows_the_sentence_under_the_chart(data_dir):
    doc = A.new_assessment(LEEDS, title="Park run", role="coach", on=date(2026, 3, 1))
    for item, score in zip(LEEDS.items, (5, 2, 8, 5, 6, 4)):
        A.set_score(LEEDS, doc, "main", item.id, score)
        A.set_example(LEEDS, doc, "main", item.id, "We asked the runners")
    doc = TinyDBStore(data_dir).create(doc)
    at = page("app_pages/results.py", a=doc["token"])
    words = [m.value for m in at.markdown if m.value.startswith("**The chart in words:**")]
    assert len(words) == len(at.get("vega_lite_chart")) == 1
    assert f"Strongest: {LEEDS.items[2].name} (8, Excellent)" in words[0]


def test_every_chart_on_the_facilitator_page_has_its_words(data_dir):
    store, session, _ = session_with(data_dir, [(S.DEFAULT_ROLES[1], 2, "We asked once"), (S.DEFAULT_ROLES[1], 8, "They chose it"),
                                                (S.DEFAULT_ROLES[1], 5, "Some say")])
    store.update(session["token"], S.reveal)
    at = page("app_pages/session.py", f=session["token"])
    words = [m for m in at.markdown if m.value.startswith("**The chart in words:**")]
    assert len(at.get("vega_lite_chart")) >= 3 and len(words) == len(at.get("vega_lite_chart"))


def test_charts_are_drawn_only_by_the_widget_that_adds_their_words():
    """A chart call anywhere but coprod/ui/charts.py would skip the text alternative."""
    chart_calls = {"vega_lite_chart", "altair_chart", "line_chart", "bar_chart", "area_chart", "scatter_chart",
                   "pyplot", "plotly_chart", "bokeh_chart", "graphviz_chart", "map", "pydeck_chart"}
    wrong = []
    for path in [*(ROOT / "app_pages").glob("*.py"), *(ROOT / "coprod" / "ui").glob("*.py")]:
        if path.name == "charts.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in chart_calls:
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "draw":
                if "words" not in {k.arg for k in node.keywords}:
                    wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}: draw without words")
    assert wrong == []


def contrast(one: str, two: str) -> float:
    """WCAG's contrast ratio of two #rrggbb colours."""
    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    light, dark = sorted((luminance(one), luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _marks(spec):
    if isinstance(spec, dict):
        yield spec
        for value in spec.values():
            yield from _marks(value)
    elif isinstance(spec, list):
        for value in spec:
            yield from _marks(value)


def test_chart_text_meets_contrast(data_dir):
    """Every text drawn on a chart is 4.5:1 against the white page, and the white counts drawn on
    the spread's dots against the dots' colours (which are drawn solid)."""
    from coprod.charts import specs as charts
    from coprod.charts import team as team_charts

    store, session, _ = session_with(data_dir, [(S.DEFAULT_ROLES[1], 2, "We asked once"), (S.DEFAULT_ROLES[1], 2, "They chose it"),
                                                (S.DEFAULT_ROLES[1], 8, "Some say")])
    store.update(session["token"], S.reveal)
    now = store.get(session["token"])
    shown = displayable(LEEDS, now, S.participants(store, now)[0])
    specs = [charts.radar_chart(LEEDS, [Series("You", leeds_scores(2, 3, 4, 5, 6, 7))]).to_dict(),
             team_charts.team_radar(LEEDS, shown).to_dict(), team_charts.spread_chart(LEEDS, shown).to_dict(),
             charts.tally_chart(SURVEY, [{SURVEY.items[0].id: 1}]).to_dict()]
    texts, on_dots = [], []
    for spec in specs:
        for part in _marks(spec):
            mark = part.get("mark")
            if isinstance(mark, dict) and mark.get("type") == "text" and mark.get("color"):
                (on_dots if mark["color"] == "white" else texts).append(mark["color"])
            if isinstance(mark, dict) and mark.get("type") == "circle":
                assert mark.get("opacity", 1) == 1
            if part.get("text") and isinstance(part.get("color"), str) and part["color"].startswith("#"):
                texts.append(part["color"])  # titles
    assert texts and on_dots
    assert [c for c in texts if contrast(c, "#ffffff") < 4.5] == []
    assert [c for c in (team_charts.FLAG, team_charts.CALM) if contrast("#ffffff", c) < 4.5] == []
