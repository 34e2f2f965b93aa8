"""The radar spec: one point per item and view, each shape closed, rings at the band boundaries."""

import json
import math
import re
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coprod.charts.specs import (
    DASHES,
    LABEL_COLOUR,
    PALETTE,
    STATEMENT_WRAP,
    STATEMENT_WRAP_WIDE,
    TALLY_PALETTE,
    WIDE_AT,
    Series,
    band_marks,
    contrast,
    dark,
    fills_column,
    radar_chart,
    radar_points,
    radius,
    ring_label_points,
    ring_radii,
    survey_chart,
    tally_chart,
    tally_frame,
    wrap,
)
from coprod.files.png import PNG_WIDTH, to_png
from coprod.library.loading import load_library
from tests.conftest import ROOT

LIB = load_library(ROOT / "instruments")
RADAR = [i for i in LIB.instruments if i.chart.kind == "radar"]


def full_series(instrument, label, offset=0):
    values = list(instrument.scale.values)
    return Series(label, {item.id: values[(n + offset) % len(values)] for n, item in enumerate(instrument.items)})


@pytest.mark.parametrize("instrument", RADAR, ids=lambda i: i.id)
def test_one_point_per_item_and_view_and_every_shape_closed(instrument):
    series = [full_series(instrument, "You"), full_series(instrument, "Your project", 1)]
    points = radar_points(instrument, series)
    n = len(instrument.items)
    for s in series:
        shape = points[points["series"] == s.label].sort_values("order")
        assert len(shape) == n + 1
        assert list(shape["item"][:n]) == [i.name for i in instrument.items]
        first, last = shape.iloc[0], shape.iloc[-1]
        assert (first["x"], first["y"], first["item"]) == (last["x"], last["y"], last["item"])


def test_points_sit_on_their_spoke_at_the_scores_radius():
    leeds = LIB.get("leeds-six-principles")
    points = radar_points(leeds, [Series("x", {"assets": 9, "abilities": 1, "enabling": 5})])
    assets = points[points["item"] == "Assets"].iloc[0]
    assert assets["x"] == pytest.approx(0) and assets["y"] == pytest.approx(1)  # top spoke, outer ring
    abilities = points[points["item"] == "Abilities"].iloc[0]
    assert abilities["x"] == pytest.approx(0) and abilities["y"] == pytest.approx(0)  # the lowest level is the centre
    enabling = points[points["item"] == "Enabling"].iloc[0]
    assert math.hypot(enabling["x"], enabling["y"]) == pytest.approx(0.5)
    assert set(points["item"]) == {"Assets", "Abilities", "Enabling"}  # unscored items are left out


def test_rings_at_the_band_boundaries():
    leeds = LIB.get("leeds-six-principles")
    assert [(round(r, 4), name) for r, name in ring_radii(leeds)] == [
        (round(radius(leeds, 3.5), 4), "Not there yet"),
        (round(radius(leeds, 6.5), 4), "Making progress"),
        (1.0, "Excellent"),
    ]
    nef = LIB.get("nef-framework")
    # nef's key: "‘not there yet’ = blank", then the inner, middle and outer segment: no ring around the centre.
    assert [(round(r, 3), name) for r, name in ring_radii(nef)] == [
        (0.5, "Basic"), (round(2.5 / 3, 3), "Making progress"), (1.0, "Excellent")]
    assert [label["band"] for label in ring_label_points(nef)] == ["Basic", "Making progress", "Excellent"]
    stages = LIB.get("leeds-four-stages")  # its lowest band is its lowest point too
    assert [name for _, name in ring_radii(stages)] == ["Making progress", "Excellent"]
    imagine = LIB.get("imagine-engagement")
    assert [name for _, name in ring_radii(imagine)] == ["Basic", "Getting there", "Excellent"]


def test_the_spec_layers_rings_spokes_labels_and_shapes_with_colour_and_dash():
    nef = LIB.get("nef-framework")
    spec = radar_chart(nef, [full_series(nef, "You"), full_series(nef, "Your project", 2)]).to_dict()
    marks = [layer["mark"]["type"] if isinstance(layer.get("mark"), dict) else layer.get("mark") for layer in spec["layer"]]
    assert marks.count("line") == 2 and "rule" in marks
    shape = spec["layer"][-1]["encoding"]
    assert shape["color"]["scale"]["range"] == PALETTE[:2]
    assert shape["strokeDash"]["scale"]["range"] == DASHES[:2]
    assert shape["order"]["field"] == "order"
    assert {t["field"] for t in shape["tooltip"]} >= {"item", "score_label", "band", "example"}
    for layer in spec["layer"]:
        enc = layer.get("encoding", {})
        if "x" in enc:
            # Hidden axes, and the same pixels per unit both ways, so the rings are circles.
            assert enc["x"]["axis"] is None and enc["y"]["axis"] is None
            (x0, x1), (y0, y1) = enc["x"]["scale"]["domain"], enc["y"]["scale"]["domain"]
            assert x0 == -x1 and y0 == -y1
            assert spec["width"] / (x1 - x0) == pytest.approx(spec["height"] / (y1 - y0))


@given(st.lists(st.integers(1, 4), min_size=1, max_size=30))
def test_tally_counts_every_answer_once(scores):
    survey = LIB.get("attitudes-survey")
    answers = [{item.id: s for item in survey.items} for s in scores]
    frame = tally_frame(survey, answers)
    for item in survey.items:
        assert frame[frame["item"] == item.name]["count"].sum() == len(scores)


def layer_of(spec: dict, mark: str) -> dict | None:
    """The first part of a chart's spec, layers within layers included, drawn with `mark`."""
    if "layer" not in spec:
        kind = spec.get("mark")
        return spec if (kind.get("type") if isinstance(kind, dict) else kind) == mark else None
    return next((found for part in spec["layer"] if (found := layer_of(part, mark))), None)


def test_tally_chart_is_a_stacked_bar():
    survey = LIB.get("attitudes-survey")
    bars = layer_of(tally_chart(survey, [{i.id: 4 for i in survey.items}]).to_dict(), "bar")
    assert (bars["encoding"]["x"]["field"], bars["encoding"]["x2"]["field"]) == ("start", "end")


def test_each_segment_of_the_stacked_bars_says_its_answer_and_count_so_colour_is_not_the_only_cue():
    survey, checklist = LIB.get("attitudes-survey"), LIB.get("headstart-checklist")
    assert band_marks(survey) == {"Strongly disagree": "SD", "Disagree": "D", "Agree": "A", "Strongly agree": "SA"}
    assert band_marks(checklist) == {"No": "N", "Needs more work or time": "NM", "Yes": "Y"}
    answers = [{i.id: score for i in survey.items} for score in (1, 4, 4, 4, 3)]
    for chart in (tally_chart(survey, answers), survey_chart(survey, {survey.items[0].id: 4})):
        spec = chart.to_dict()
        text = layer_of(spec, "text")
        written = [row["label"] for row in chart_rows_of(spec) if row.get("label")]
        assert text["encoding"]["text"]["field"] == "label" and written
        assert all(re.fullmatch(r"(SD|D|A|SA) \d+", label) for label in written), written
        legend = layer_of(spec, "bar")["encoding"]["color"]["legend"]
        assert json.loads(legend["labelExpr"].rsplit("[datum.label]", 1)[0])["Strongly agree"] == "SA: Strongly agree"
    assert "SA 3" in [row["label"] for row in chart_rows_of(tally_chart(survey, answers).to_dict())]


def test_what_is_written_on_a_segment_has_enough_contrast_on_every_answers_colour():
    for colour in TALLY_PALETTE:
        ink = "#ffffff" if dark(colour) else LABEL_COLOUR
        assert contrast(ink, colour) >= 4.5, colour


def chart_rows_of(spec: dict) -> list[dict]:
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def test_the_stacked_bars_are_readable_fit_their_column_name_every_answer_and_wrap_statements():
    """The attitudes survey's bars on a projector: as wide as their column (not a fixed 540 px),
    every answer in the legend even when nobody gave it, and each statement whole on wrapped lines."""
    survey = LIB.get("attitudes-survey")
    bands = [b.name for b in reversed(survey.scale.bands)]
    for chart in (tally_chart(survey, [{i.id: 4 for i in survey.items}]), survey_chart(survey, {})):
        spec = chart.to_dict()
        assert spec["width"] == "container" and fills_column(spec)
        bars = layer_of(spec, "bar")
        colour, y = bars["encoding"]["color"], bars["encoding"]["y"]
        assert colour["scale"]["domain"] == bands  # the whole legend, Strongly agree … Strongly disagree
        assert colour["legend"]["labelLimit"] == 0 and colour["legend"]["symbolLimit"] == 0
        assert y["axis"]["labelLimit"] == 0
        # every statement's words, on lines of at most STATEMENT_WRAP characters (STATEMENT_WRAP_WIDE in a wide column)
        expr = y["axis"]["labelExpr"]
        match = re.fullmatch(r"\(containerSize\(\)\[0\] >= (\d+) \? (\{.*\}) : (\{.*\})\)\[datum\.label\]", expr)
        assert match and int(match.group(1)) == WIDE_AT, expr
        for wrapped, most in ((json.loads(match.group(3)), STATEMENT_WRAP), (json.loads(match.group(2)), STATEMENT_WRAP_WIDE)):
            for item in survey.items:
                lines = wrapped[item.name]
                assert " ".join(lines) == item.name and all(len(line) <= most for line in lines)
        assert spec["height"] >= 15 * max(len(wrap(i.name, STATEMENT_WRAP).split("\n")) for i in survey.items) * len(survey.items)
        png = to_png(chart)
        assert png.startswith(b"\x89PNG") and struct.unpack(">I", png[16:20])[0] >= 2 * PNG_WIDTH
