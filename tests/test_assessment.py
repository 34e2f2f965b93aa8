"""Scoring rules: bands from the instrument file, the example-per-score rule, and the life of an
assessment from start to finished (read-only)."""

import dataclasses
from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from coprod.answers import assessment as A
from coprod.library.loading import load_library
from coprod.library.model import Band, Scale
from coprod.library.scoring import example_problem
from tests.conftest import ROOT

LIB = load_library(ROOT / "instruments")
NEF = LIB.get("nef-framework")
LEEDS = LIB.get("leeds-six-principles")
CHECKLIST = LIB.get("headstart-checklist")


@st.composite
def scales(draw):
    """Any scale cut into consecutive bands: the shape every instrument file must have."""
    low = draw(st.integers(-3, 3))
    widths = draw(st.lists(st.integers(1, 4), min_size=1, max_size=5))
    bands, start = [], low
    for n, width in enumerate(widths):
        bands.append(Band(id=f"b{n}", name=f"Band {n}", min=start, max=start + width - 1))
        start += width
    return Scale(min=low, max=start - 1, bands=tuple(bands))


@given(scales(), st.data())
def test_every_score_on_a_scale_falls_in_exactly_one_band(scale, data):
    score = data.draw(st.integers(scale.min, scale.max))
    band = scale.band_for(score)
    assert band.min <= score <= band.max
    assert sum(b.contains(score) for b in scale.bands) == 1
    above = scale.band_above(band)
    assert above is None or above.min == band.max + 1


@given(scales(), st.integers(-20, 20))
def test_a_score_off_the_scale_has_no_band(scale, score):
    assume(not scale.min <= score <= scale.max)
    with pytest.raises(ValueError):
        scale.band_for(score)


ITEM = NEF.item("assets")


@given(st.text(alphabet=" \t\n\r\u00a0\u2003.,;:-–—!?'\"", max_size=30))
def test_blank_or_punctuation_only_text_is_no_example(text):
    assert example_problem(ITEM, text) == "no example yet"


@given(st.sampled_from(list(ITEM.descriptors.values()) + [ITEM.definition]), st.data())
def test_a_copy_of_the_items_own_wording_is_no_example(words, data):
    # A whole descriptor, or any run of its words, with any case and spacing.
    tokens = words.split()
    start = data.draw(st.integers(0, len(tokens) - 1))
    end = data.draw(st.integers(start + 1, len(tokens)))
    copied = "  ".join(tokens[start:end])
    copied = data.draw(st.sampled_from([copied, copied.upper(), copied.lower(), f"  {copied}\n"]))
    assert example_problem(ITEM, copied) is not None


@given(st.text(max_size=200))
def test_any_text_with_words_of_ones_own_counts(text):
    # "Zanzibar" appears in no item's wording, so the text cannot be a copy of it.
    assert example_problem(ITEM, f"{text} Zanzibar allotment") is None
    assert example_problem(ITEM, f"Zanzibar {text}") is None


def test_a_real_example_counts():
    assert example_problem(ITEM, "Our tenants' panel chose the garden layout and now runs the tool library.") is None


def _scored(instrument, examples=True, **start):
    doc = A.new_assessment(instrument, title="Youth forum", role="youth worker", **start)
    for p in doc["perspectives"]:
        for item in instrument.items:
            A.set_score(instrument, doc, p, item.id, instrument.scale.max)
            if examples:
                A.set_example(instrument, doc, p, item.id, f"In March our group did something real about {item.id}.")
    return doc


def test_new_assessment_needs_a_title_and_a_perspective():
    with pytest.raises(A.BadInput, match="title"):
        A.new_assessment(NEF, title="   ")
    with pytest.raises(A.BadInput, match="at least one"):
        A.new_assessment(NEF, title="x", perspectives=["nonsense"])
    doc = A.new_assessment(NEF, title=" Forum ", perspectives=["you", "organisation"], on=date(2026, 1, 2))
    assert doc["perspectives"] == ["you", "organisation"] and doc["title"] == "Forum" and doc["date"] == "2026-01-02"
    assert doc["instrument_version"] == NEF.fingerprint


def test_an_instrument_without_perspectives_has_one_view():
    doc = A.new_assessment(LEEDS, title="x")
    assert doc["perspectives"] == ["main"]


def test_nothing_counts_as_scored_until_set():
    doc = A.new_assessment(LEEDS, title="x")
    assert len(A.open_items(LEEDS, doc)) == 6
    assert A.answer(doc, "main", "assets")["score"] is None
    A.set_score(LEEDS, doc, "main", "assets", 1)
    assert [o.item.id for o in A.open_items(LEEDS, doc)] == ["abilities", "shared-roles", "enabling", "mutuality", "networks"]
    A.set_score(LEEDS, doc, "main", "assets", None)
    assert len(A.open_items(LEEDS, doc)) == 6


@given(st.integers(-5, 15))
def test_scores_stay_on_the_scale(score):
    doc = A.new_assessment(LEEDS, title="x")
    if 1 <= score <= 9:
        A.set_score(LEEDS, doc, "main", "assets", score)
        assert A.answer(doc, "main", "assets")["score"] == score
    else:
        with pytest.raises(A.BadInput, match="between 1 and 9"):
            A.set_score(LEEDS, doc, "main", "assets", score)


def test_text_is_kept_within_the_stated_limit():
    doc = A.new_assessment(LEEDS, title="x")
    A.set_example(LEEDS, doc, "main", "assets", "é" * (A.MAX_TEXT + 50))
    assert len(A.answer(doc, "main", "assets")["example"]) == A.MAX_TEXT


def test_finishing_is_refused_while_items_are_open_or_examples_missing():
    doc = _scored(NEF, examples=False, perspectives=["you", "project"])
    assert len(A.missing_examples(NEF, doc)) == 6  # nef: "For each principle, provide at least one practical example"
    with pytest.raises(A.BadInput):
        A.finish(NEF, doc)
    A.set_example(NEF, doc, "you", "assets", NEF.item("assets").descriptors["excellent"])
    assert ("you", "assets") in {(o.perspective.id, o.item.id) for o in A.missing_examples(NEF, doc)}
    A.set_example(NEF, doc, "project", "assets", "The residents chose the new room.")
    assert "assets" not in {o.item.id for o in A.missing_examples(NEF, doc)}
    assert A.answer(doc, "you", "assets")["example"] == A.answer(doc, "project", "assets")["example"]


def test_an_instrument_asking_an_example_per_score_wants_one_for_every_view():
    per_score = dataclasses.replace(NEF, rules=dataclasses.replace(NEF.rules, example_per="score"))
    doc = _scored(per_score, examples=False, perspectives=["you", "project"])
    assert len(A.missing_examples(per_score, doc)) == 12
    A.set_example(per_score, doc, "you", "assets", "The residents chose the new room.")
    assert ("project", "assets") in {(o.perspective.id, o.item.id) for o in A.missing_examples(per_score, doc)}


def test_with_every_example_it_finishes_and_is_then_read_only():
    doc = _scored(NEF)
    A.finish(NEF, doc, today=date(2026, 3, 1))
    assert doc["status"] == A.FINISHED and doc["finished_on"] == "2026-03-01"
    for change in (
        lambda: A.set_score(NEF, doc, "you", "assets", 1),
        lambda: A.set_example(NEF, doc, "you", "assets", "new"),
        lambda: A.finish(NEF, doc),
    ):
        with pytest.raises(A.ReadOnly):
            change()


def test_instruments_whose_source_asks_for_no_example_finish_with_notes_only():
    doc = _scored(CHECKLIST, examples=False)
    A.finish(CHECKLIST, doc)
    assert doc["status"] == A.FINISHED


def test_a_finished_assessment_can_be_copied_to_a_new_draft():
    doc = _scored(NEF)
    A.finish(NEF, doc)
    doc.update(token="t", code="C")
    copy = A.copy_as_draft(doc)
    assert copy["status"] == A.DRAFT and "token" not in copy
    assert "C" not in {str(v) for v in copy.values()}  # nothing in the copy leads back to the original
    A.set_score(NEF, copy, "you", "assets", 1)
    assert A.answer(doc, "you", "assets")["score"] == 4


def test_checklist_options_keep_only_the_items_own_options():
    doc = A.new_assessment(CHECKLIST, title="x")
    item = next(i for i in CHECKLIST.items if i.options)
    A.set_options(CHECKLIST, doc, "main", item.id, [item.options[1], "made up"])
    assert A.answer(doc, "main", item.id)["options"] == [item.options[1]]


def test_prompts_are_saved_and_unknown_prompts_refused():
    imagine = LIB.get("imagine-engagement")
    doc = A.new_assessment(imagine, title="x")
    A.set_prompt(imagine, doc, "self-reflection", "I'd like more say in planting.")
    assert doc["prompts"]["self-reflection"].startswith("I'd")
    with pytest.raises(A.BadInput):
        A.set_prompt(imagine, doc, "nope", "x")
