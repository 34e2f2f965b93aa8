"""The next-steps plan, the plain-language summary, and JSON export / import."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coprod.answers import assessment as A
from coprod.answers import plans
from coprod.answers.summary import summary_lines
from coprod.files import exchange
from coprod.library.loading import load_library
from tests.conftest import ROOT

LIB = load_library(ROOT / "instruments")
LEEDS = LIB.get("leeds-six-principles")
NEF = LIB.get("nef-framework")
IMAGINE = LIB.get("imagine-engagement")


def scored(instrument, scores, perspectives=None, finish=True):
    doc = A.new_assessment(instrument, title="Youth forum", role="youth worker", name="Łukasz", perspectives=perspectives)
    for p in doc["perspectives"]:
        for item, score in zip(instrument.items, scores):
            A.set_score(instrument, doc, p, item.id, score)
            A.set_example(instrument, doc, p, item.id, f"François’s “{item.id}” example — with 🌱")
    if finish:
        A.finish(instrument, doc)
    return doc


def test_plan_rows_weakest_first_with_the_next_level():
    doc = scored(LEEDS, [5, 2, 9, 2, 7, 4])
    rows = plans.initial_plan(LEEDS, doc)
    assert [r["item_id"] for r in rows] == ["abilities", "enabling", "networks", "assets", "mutuality", "shared-roles"]
    abilities = rows[0]
    assert abilities["current"] == "2 · Not there yet"
    assert abilities["next_level"] == "Making progress: " + LEEDS.item("abilities").descriptors["making-progress"]
    assert rows[-1]["next_level"] == ""  # the top band has no level above it


def test_imagines_plan_starts_from_its_advice_to_the_person_not_from_the_staffs_competence_practices():
    """IMAGINE's section-3 practices are about designing competence assessment: a young person scoring
    their own engagement cannot act on them. The plan starts instead from the tool's own advice for
    a low or a high score (talk it over, including whether the cause is how the project is run)."""
    scores = [1, 2, 3, 4, 5, 6]
    rows = {r["item_id"]: r for r in plans.initial_plan(IMAGINE, scored(IMAGINE, scores))}
    low, high = IMAGINE.interpretation
    assert "how the project is being run" in " ".join(low.next_steps)
    for item, score in zip(IMAGINE.items, scores):
        advice = low if score <= 3 else high
        assert rows[item.id]["actions"] == "\n".join(f"• {step}" for step in advice.next_steps)
        assert item.next_steps and not any(step in rows[item.id]["actions"] for step in item.next_steps)
    assert IMAGINE.next_steps_for.startswith("the project's staff")


def test_plan_for_several_views_shows_each_and_sorts_by_the_lowest():
    doc = scored(NEF, [4, 3, 2, 1, 2, 3], perspectives=["you", "organisation"])
    draft = A.copy_as_draft(doc)
    A.set_score(NEF, draft, "organisation", "assets", 1)
    row = next(r for r in plans.initial_plan(NEF, draft) if r["item_id"] == "assets")
    assert row["current"] == "You: Excellent; Your organisation: Not there yet" and row["score"] == 1


def test_edits_add_and_delete_rows_and_only_editable_columns_change():
    doc = scored(LEEDS, [5, 2, 9, 2, 7, 4])
    rows = plans.initial_plan(LEEDS, doc)
    edited = plans.apply_edits(rows, {0: {"who": "Aisha", "current": "hacked", "by_when": "March"}}, [{"principle": "Funding", "actions": "Ask the council"}], [1])
    assert edited[0]["who"] == "Aisha" and edited[0]["current"] == rows[0]["current"]
    assert len(edited) == 6 and edited[-1]["principle"] == "Funding" and edited[-1]["item_id"] == ""
    assert rows[1]["id"] not in {r["id"] for r in edited}


def test_a_finished_assessment_keeps_its_plan_editable():
    doc = scored(LEEDS, [5, 2, 9, 2, 7, 4])
    plans.save_plan(doc, plans.apply_edits(plans.plan_of(LEEDS, doc), {0: {"progress": "Done in June"}}, [], []))
    assert doc["plan"][0]["progress"] == "Done in June" and doc["plan_revision"] == 1


def test_summary_names_strongest_and_weakest_in_the_sources_words():
    doc = scored(LEEDS, [5, 2, 9, 2, 7, 4])
    lines = summary_lines(LEEDS, doc, A.SINGLE)
    assert lines[0] == "Strongest: Shared roles / power (9 · Excellent)."
    assert lines[1] == "Weakest: Abilities and Enabling (2 · Not there yet)."
    assert any(LEEDS.item("abilities").descriptors["not-there-yet"] in line for line in lines)
    assert not any("Average" in line or "Total" in line for line in lines)


@pytest.mark.parametrize("instrument", [i for i in LIB.instruments if i.rules.descriptors_per_item], ids=lambda i: i.id)
def test_when_every_item_is_in_one_band_each_items_own_descriptor_is_quoted(instrument):
    doc = scored(instrument, [instrument.scale.min] * len(instrument.items))
    text = "\n".join(summary_lines(instrument, doc, A.perspectives_of(instrument)[0]))
    band = instrument.scale.bands[0]
    assert f"Every item scored is at the same level: {instrument.scale.level(instrument.scale.min)}." in text
    for item in instrument.items:
        assert f"{item.name}: “{item.descriptors[band.id]}”" in text, item.id


def test_tied_strongest_items_each_have_their_descriptor_quoted():
    doc = scored(LEEDS, [9, 2, 9, 2, 7, 4])
    text = "\n".join(summary_lines(LEEDS, doc, A.SINGLE))
    for item_id, band in (("assets", "excellent"), ("shared-roles", "excellent"), ("abilities", "not-there-yet"), ("enabling", "not-there-yet")):
        assert LEEDS.item(item_id).descriptors[band] in text


def test_imagine_summary_uses_the_low_and_high_interpretation_and_no_total():
    doc = scored(IMAGINE, [1, 2, 3, 4, 5, 6])
    text = "\n".join(summary_lines(IMAGINE, doc, A.SINGLE))
    assert "Low scores (1-3): Building on assets, Having an equal voice and Sharing responsibility." in text
    assert IMAGINE.interpretation[1].text in text
    assert "Average" not in text and "Total" not in text


def stored_like(doc):
    return {**doc, "token": "t" * 22, "code": "ABCDEFGHJK", "created_at": 1.0, "updated_at": 2.0}


def comparable(doc):
    return {k: v for k, v in doc.items() if k not in ("token", "code", "created_at", "updated_at")}


@pytest.mark.parametrize("instrument", LIB.instruments, ids=lambda i: i.id)
def test_export_then_import_gives_an_identical_assessment(instrument):
    doc = scored(instrument, [instrument.scale.max] * len(instrument.items))
    A_prompts = {p.id: f"Answer to {p.label} — “ok” 👍" for p in instrument.prompts}
    doc["prompts"] = A_prompts
    plans.save_plan(doc, plans.apply_edits(plans.plan_of(instrument, doc), {0: {"who": "Zoë"}}, [{"principle": "Extra"}], []))
    text = exchange.export_json(stored_like(doc))
    assert "t" * 22 not in text and "ABCDEFGHJK" not in text  # the keys to the stored copy stay private
    instrument_back, back = exchange.import_json(text.encode("utf-8"), LIB)
    assert instrument_back is instrument and comparable(back) == comparable(doc)


@settings(max_examples=30)
@given(st.text(max_size=300))
def test_any_text_survives_export_and_import(text):
    doc = A.new_assessment(LEEDS, title="x" + text, role=text)
    A.set_score(LEEDS, doc, "main", "assets", 3)
    A.set_example(LEEDS, doc, "main", "assets", text)
    _, back = exchange.import_json(exchange.export_json(doc), LIB)
    assert comparable(back) == comparable(doc)


@pytest.mark.parametrize(
    "data, message",
    [
        (b"\xff\xfe", "not UTF-8"),
        (b"{not json", "not valid JSON"),
        (b"[]", "not a coprod assessment export"),
        (json.dumps({"format": "something-else"}).encode(), "not a coprod assessment export"),
        (json.dumps({"format": "coprod-assessment", "version": 99, "assessment": {}}).encode(), "version 99"),
        (b"x" * 2_000_001, "too large"),
    ],
)
def test_malformed_or_foreign_files_are_refused(data, message):
    with pytest.raises(exchange.BadImport, match=message):
        exchange.import_json(data, LIB)


def _export_with(change):
    doc = scored(LEEDS, [5, 2, 9, 2, 7, 4])
    export = json.loads(exchange.export_json(doc))
    change(export["assessment"])
    return json.dumps(export)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda a: a.update(instrument_id="unknown-tool"), "instrument this coprod does not have"),
        (lambda a: a["answers"]["main"]["assets"].update(score=42), "between 1 and 9"),
        (lambda a: a["answers"]["main"]["assets"].update(score="high"), "whole number"),
        (lambda a: a["answers"]["main"].update(made_up={"score": 1}), "does not have: made_up"),
        (lambda a: a.update(perspectives=["you"]), "views this instrument does not have"),
        (lambda a: a.update(title=""), "title"),
        (lambda a: a.update(date="next Tuesday"), "not a date"),
        (lambda a: a["answers"]["main"]["assets"].update(example=""), "practical example"),
        (lambda a: a.update(plan="lots"), "list of rows"),
    ],
)
def test_invalid_assessments_in_an_export_are_refused_with_the_reason(change, message):
    with pytest.raises(exchange.BadImport, match=message):
        exchange.import_json(_export_with(change), LIB)


def test_summary_of_a_single_scored_item_says_so():
    doc = A.new_assessment(LEEDS, title="x")
    A.set_score(LEEDS, doc, "main", "networks", 8)
    assert summary_lines(LEEDS, doc, A.SINGLE)[0] == "Only one item is scored so far: Networks (8 · Excellent)."
    assert summary_lines(LEEDS, A.new_assessment(LEEDS, title="x"), A.SINGLE) == ["Nothing has been scored yet."]


def test_a_new_row_that_cannot_be_saved_says_why_and_gives_its_text_back():
    full = [plans.new_row(principle=f"Row {n}") for n in range(plans.MAX_ROWS)]
    edits = plans.edits_from_table(full, {}, [{"principle": "Funding", "actions": "Ask the council", "status": None}], [])
    merged, refused = plans.merge(full, full, edits)
    assert len(merged) == plans.MAX_ROWS
    assert [(r.row, r.typed) for r in refused] == [("Funding", "Principle: Funding\nKey areas of action needed: Ask the council")]
    assert f"at most {plans.MAX_ROWS} rows" in refused[0].why


def test_the_four_stages_plan_shows_each_stages_worked_example_not_a_bare_band_name():
    """The four stages audit describes no levels, only a worked example per stage: the plan's
    "what the next level looks like" gives the band above and the stage's example, naming its band."""
    stages = LIB.get("leeds-four-stages")
    rows = {r["item_id"]: r for r in plans.initial_plan(stages, scored(stages, [1, 1, 2, 3]))}
    design = stages.item("co-design").examples[0]  # an Excellent example, for a stage at Not there yet
    assert rows["co-design"]["next_level"].startswith("Making progress.\n\n")
    assert f"The source's worked example of Excellent: {design.title}: {design.text}" in rows["co-design"]["next_level"]
    walks = stages.item("co-delivery").examples[0]  # a Making progress example: the very level above
    assert f"of Making progress: {walks.title}" in rows["co-delivery"]["next_level"]
    assert rows["co-evaluation"]["next_level"].startswith("Excellent.\n\n")
    assert rows["co-governance"]["next_level"] == ""  # already at the top
