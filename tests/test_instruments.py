"""The instrument library: every shipped file validates, its structure is pinned, broken files are
reported with file and field, and one broken file never stops the others."""

import dataclasses
import shutil
import subprocess
import sys
import tomllib

import pytest

from coprod.cli import main as cli
from coprod.library.loading import load_instrument, load_library, parse_instrument
from tests.conftest import ROOT, seeds_or_skip

FOLDER = ROOT / "instruments"
LIB = load_library(FOLDER)


def get(instrument_id):
    instrument = LIB.get(instrument_id)
    assert instrument is not None, f"{instrument_id} did not load: {LIB.broken}"
    return instrument


def bands(instrument):
    return [(b.name, b.min, b.max) for b in instrument.scale.bands]


def test_every_shipped_file_validates():
    assert LIB.broken == ()
    assert sorted(i.id for i in LIB.instruments) == [
        "attitudes-survey",
        "headstart-checklist",
        "imagine-engagement",
        "leeds-four-stages",
        "leeds-six-principles",
        "nef-framework",
    ]


def test_every_instrument_cites_a_seed_that_exists():
    seeds = seeds_or_skip()
    for instrument in LIB.instruments:
        assert (seeds / instrument.source.seed).is_file(), instrument.id
        assert instrument.source.title and instrument.source.publisher


def test_nef_framework():
    nef = get("nef-framework")
    assert [i.name for i in nef.items] == ["Assets", "Capacity", "Mutuality", "Networks", "Blur roles", "Catalysts"]
    assert bands(nef) == [("Not there yet", 1, 1), ("Basic", 2, 2), ("Making progress", 3, 3), ("Excellent", 4, 4)]
    assert [p.label for p in nef.scale.points] == ["Not there yet", "Basic", "Making progress", "Excellent"]
    assert [p.id for p in nef.perspectives] == ["you", "project", "organisation"]
    assert nef.rules.example_required and "reconsidering your ranking" in nef.rules.example_rule
    assert nef.review_interval_days == 182
    assert all(len(item.descriptors) == 4 for item in nef.items)


def test_leeds_six_principles():
    leeds = get("leeds-six-principles")
    assert [i.id for i in leeds.items] == ["assets", "abilities", "shared-roles", "enabling", "mutuality", "networks"]
    assert (leeds.scale.min, leeds.scale.max) == (1, 9)
    assert bands(leeds) == [("Not there yet", 1, 3), ("Making progress", 4, 6), ("Excellent", 7, 9)]
    for item in leeds.items:
        assert len(item.descriptors) == 3
        assert sorted(e.band for e in item.examples) == ["excellent", "making-progress", "not-there-yet"], item.id
    assert [i.examples[0].title for i in leeds.items][:2] == ["Development of a new parkrun", "A sewing group"]
    assert leeds.rules.example_required


def test_leeds_four_stages():
    stages = get("leeds-four-stages")
    assert [i.id for i in stages.items] == ["co-design", "co-delivery", "co-evaluation", "co-governance"]
    assert bands(stages) == [("Not there yet", 1, 1), ("Making progress", 2, 2), ("Excellent", 3, 3)]
    assert all(len(i.examples) == 1 for i in stages.items)
    assert not stages.rules.descriptors_per_item


def test_imagine_engagement():
    imagine = get("imagine-engagement")
    assert [i.name for i in imagine.items] == [
        "Building on assets",
        "Having an equal voice",
        "Sharing responsibility",
        "Celebrating each other",
        "Encouraging mutual support",
        "Realising broader benefits",
    ]
    assert bands(imagine) == [("Basic", 1, 2), ("Getting there", 3, 4), ("Excellent", 5, 6)]
    assert not imagine.rules.scores_may_be_totalled  # "you won't be adding these together"
    assert all(item.supports for item in imagine.items)
    assert all(d.startswith("I feel") for item in imagine.items for d in item.descriptors.values())
    assert [(p.min, p.max) for p in imagine.interpretation] == [(1, 3), (4, 6)]
    assert [p.id for p in imagine.prompts] == ["self-reflection"]
    assert all(item.next_steps for item in imagine.items)


def test_imagine_known_defects_are_fixed_and_recorded():
    imagine = get("imagine-engagement")
    broader = imagine.item("realising-broader-benefits")
    assert "wider benefits for others in the community" in broader.definition
    assert broader.definition != imagine.item("sharing-responsibility").definition
    assert "athe" not in imagine.item("building-on-assets").descriptors["basic"]
    assert "I feel like I the network" not in imagine.item("encouraging-mutual-support").descriptors["basic"]
    assert {f.field for f in imagine.fixes} >= {
        "items.realising-broader-benefits.definition",
        "items.building-on-assets.descriptors.basic",
        "items.encouraging-mutual-support.descriptors.basic",
    }


def test_headstart_checklist():
    checklist = get("headstart-checklist")
    assert len(checklist.items) == 13
    assert checklist.groups == ("Before starting", "Getting started", "Working through", "Towards the end and after")
    assert [p.label for p in checklist.scale.points] == ["No", "Needs more work or time", "Yes"]
    who = [i for i in checklist.items if i.options]
    assert len(who) == 1 and len(who[0].options) == 4
    assert len(checklist.prompts) == 9
    assert checklist.kind == "checklist" and checklist.chart.kind == "checklist" and not checklist.rules.example_required


def test_attitudes_survey():
    survey = get("attitudes-survey")
    assert len(survey.items) == 8
    assert [p.label for p in survey.scale.points] == ["Strongly disagree", "Disagree", "Agree", "Strongly agree"]
    assert survey.kind == "survey" and survey.chart.kind == "tally"
    assert [step.name for step in survey.steps] == ["Map it!", "Focus it!", "People it!", "Market it!", "Grow it!"]
    assert "Map it! – Focus it! – People it! – Market it! – Grow it!" in survey.guidance_for("plan")[0].text


def test_loaded_objects_are_immutable():
    nef = get("nef-framework")
    with pytest.raises(dataclasses.FrozenInstanceError):
        nef.title = "changed"
    with pytest.raises(TypeError):
        nef.items[0].descriptors["basic"] = "changed"
    assert isinstance(nef.items, tuple)


def test_scale_bands_and_next_band():
    leeds = get("leeds-six-principles").scale
    assert [leeds.band_for(s).id for s in (1, 3, 4, 6, 7, 9)] == [
        "not-there-yet", "not-there-yet", "making-progress", "making-progress", "excellent", "excellent"
    ]
    assert leeds.band_above(leeds.band_for(5)).id == "excellent"
    assert leeds.band_above(leeds.band_for(9)) is None
    with pytest.raises(ValueError):
        leeds.band_for(10)


# --------------------------------------------------------------------------- broken files


def nef_data():
    return tomllib.loads((FOLDER / "nef-framework.toml").read_text(encoding="utf-8"))


def dump(data) -> str:
    """A minimal TOML writer for the test's edited copies (strings, ints, bools, lists, tables)."""
    lines, tables = [], []

    def value(v):
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return repr(v)
        if isinstance(v, str):
            return '"' + v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        if isinstance(v, dict):
            return "{" + ", ".join(f'"{k}" = {value(x)}' for k, x in v.items()) + "}"
        raise TypeError(v)

    for key, v in data.items():
        lines.append(f'"{key}" = {value(v)}')
    return "\n".join(lines + tables) + "\n"


def problems_for(edit):
    data = nef_data()
    edit(data)
    instrument, problems = parse_instrument(dump(data), "broken.toml")
    assert instrument is None
    return [str(p) for p in problems]


def test_text_written_for_coprod_is_kept_apart_from_the_sources_words():
    data = nef_data()
    data["coprod"] = {"time_needed": data.pop("time_needed")}
    data["chart"]["coprod"] = {"note": data["chart"].pop("note")}
    data["prompts"] = [{"id": "thoughts", "text": "What stands out?", "coprod": {"label": "Your thoughts"}}]
    instrument, problems = parse_instrument(dump(data), "copy.toml")
    assert problems == ()
    assert instrument.time_needed and instrument.prompts[0].label == "Your thoughts"
    assert instrument.by_coprod == {"time_needed", "chart.note", "prompts.thoughts.label"}
    assert instrument.written_by_coprod("chart.note") and not instrument.written_by_coprod("purpose")


def test_the_test_writer_round_trips_a_valid_file():
    instrument, problems = parse_instrument(dump(nef_data()), "copy.toml")
    assert problems == () and instrument.id == "nef-framework"


@pytest.mark.parametrize(
    "edit, expected",
    [
        (lambda d: d.pop("title"), "broken.toml: title: missing; expected text"),
        (lambda d: d["scale"].update(max="four"), "broken.toml: scale.max: expected a whole number, found text"),
        (lambda d: d["items"][0].update(colour="red"), "broken.toml: items[0].colour: unknown key"),
        (lambda d: d.update(summary="x"), "broken.toml: summary: unknown key"),
        (lambda d: d["items"][1].update(id="assets"), "broken.toml: items[1].id: duplicate id 'assets'"),
        (lambda d: d["scale"]["bands"][1].update(min=1), "broken.toml: scale.bands.basic: overlaps the band before it"),
        (lambda d: d["scale"]["bands"][1].update(min=3, max=3), "broken.toml: scale.bands.basic: leaves a gap"),
        (lambda d: d["scale"]["bands"].pop(), "broken.toml: scale.bands: the bands stop at 3; they must reach the scale's max 4"),
        (lambda d: d["items"][2]["descriptors"].pop("basic"), "broken.toml: items.mutuality.descriptors.basic: missing"),
        (lambda d: d["items"][0]["descriptors"].update(great="x"), "broken.toml: items.assets.descriptors.great: no band has the id 'great'"),
        (lambda d: d.update(kind="pie"), "broken.toml: kind: 'pie' is not a kind of instrument"),
        (lambda d: d["chart"].update(kind="radar"), "broken.toml: chart.kind: unknown key"),
        (lambda d: d["rules"].update(example_per="view"), "broken.toml: rules.example_per: 'view'"),
        (lambda d: d.update(guidance=[{"id": "g", "heading": "H", "text": "T", "show": ["item:nope"]}]), "broken.toml: guidance.g.show: 'item:nope' is not a place"),
        (lambda d: d.update(coprod={"time_needed": "x"}), "broken.toml: coprod.time_needed: given twice"),
        (lambda d: d.update(coprod={"colour": "x"}), "broken.toml: coprod.colour: unknown key"),
        (lambda d: d.update(reference_tally={"label": "L", "counts": {"assets": [1, 2]}}), "broken.toml: reference_tally.counts.assets: expected 4 counts"),
        (lambda d: d["rules"].pop("example_rule"), "broken.toml: rules.example_rule: missing"),
        (lambda d: d.update(id="Nef Framework"), "broken.toml: id: 'Nef Framework' is not a valid id"),
        (lambda d: d["items"].clear(), "broken.toml: items: is empty"),
    ],
)
def test_each_kind_of_problem_names_file_and_field(edit, expected):
    problems = problems_for(edit)
    assert any(p.startswith(expected) for p in problems), problems


def test_invalid_toml_is_reported_not_raised():
    instrument, problems = parse_instrument('id = "x"\ntitle = ', "bad.toml")
    assert instrument is None
    assert str(problems[0]).startswith("bad.toml: (file): is not valid TOML")


def test_a_file_that_is_not_a_table_at_the_top_is_reported():
    instrument, problems = parse_instrument("items = 3\n", "odd.toml")
    assert instrument is None and any("items: expected a list of tables" in str(p) for p in problems)


def test_a_broken_file_does_not_stop_the_others(tmp_path):
    for path in FOLDER.glob("*.toml"):
        shutil.copy(path, tmp_path)
    damaged = tmp_path / "leeds-four-stages.toml"
    damaged.write_text(damaged.read_text(encoding="utf-8").replace("max = 3", "max = 2", 1), encoding="utf-8")
    (tmp_path / "garbage.toml").write_bytes(b"\xff\xfe not text")
    lib = load_library(tmp_path)
    assert len(lib.instruments) == 5
    assert sorted(b.path.rsplit("/", 1)[1] for b in lib.broken) == ["garbage.toml", "leeds-four-stages.toml"]


def test_a_copy_with_the_same_id_is_refused(tmp_path):
    shutil.copy(FOLDER / "nef-framework.toml", tmp_path / "a.toml")
    shutil.copy(FOLDER / "nef-framework.toml", tmp_path / "b.toml")
    lib = load_library(tmp_path)
    assert len(lib.instruments) == 1
    assert str(lib.broken[0].problems[0]).startswith("b.toml: id: 'nef-framework' is already used by a.toml")


def test_a_personalised_copy_with_its_own_id_and_title_loads(tmp_path):
    shutil.copy(FOLDER / "nef-framework.toml", tmp_path / "nef-framework.toml")
    text = (FOLDER / "nef-framework.toml").read_text(encoding="utf-8")
    text = text.replace('id = "nef-framework"', 'id = "our-nef"', 1).replace(
        'title = "Co-production Self-assessment Framework"', 'title = "Our co-production framework"', 1
    )
    (tmp_path / "our-nef.toml").write_text(text, encoding="utf-8")
    lib = load_library(tmp_path)
    assert lib.broken == () and lib.get("our-nef").title == "Our co-production framework"


# --------------------------------------------------------------------------- the command


def test_validate_command_passes_on_the_shipped_files(capsys):
    assert cli(["validate", str(FOLDER)]) == 0
    assert capsys.readouterr().out == ""


def test_validate_command_names_file_and_field_of_a_damaged_copy(tmp_path, capsys):
    copy = tmp_path / "nef-framework.toml"
    copy.write_text((FOLDER / "nef-framework.toml").read_text(encoding="utf-8").replace('short_title = "nef framework"\n', ""), encoding="utf-8")
    assert cli(["validate", str(copy)]) == 1
    assert capsys.readouterr().out.splitlines() == ["nef-framework.toml: short_title: missing; expected text"]


def test_validate_command_reports_a_missing_path(tmp_path, capsys):
    assert cli(["validate", str(tmp_path / "nope.toml")]) == 1
    assert "nope.toml: (file): not found" in capsys.readouterr().out


def test_python_dash_m_coprod_validate_defaults_to_instruments():
    done = subprocess.run([sys.executable, "-m", "coprod", "validate"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "nef-framework.toml: ok" in done.stderr


def test_load_instrument_reports_an_unreadable_file(tmp_path):
    instrument, problems = load_instrument(tmp_path / "missing.toml")
    assert instrument is None and "cannot be read" in str(problems[0])
