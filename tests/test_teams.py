"""Team sessions: the aggregation (median, spread, bands, role groups, the smallest group size, the
tally), the team charts' specs, and the team PDF and CSV read back (pdftotext, pdftoppm, csv.reader)."""

from __future__ import annotations

import csv
import io
import statistics
import subprocess
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coprod.answers import plans
from coprod.charts import specs as charts
from coprod.charts import team as team_charts
from coprod.files import png
from coprod.files import team_report as team_reports
from coprod.library import scoring
from coprod.library.loading import load_library
from coprod.sessions import disclosure, views
from coprod.sessions import stats as teams
from coprod.sessions.stats import Answer

ROOT = Path(__file__).resolve().parents[1]
LIBRARY = load_library(ROOT / "instruments")
LEEDS = LIBRARY.get("leeds-six-principles")
NEF = LIBRARY.get("nef-framework")
ATTITUDES = LIBRARY.get("attitudes-survey")
YOUNG, STAFF, PARTNER, FAMILY = (
    "Young person / person using the service", "Staff or professional", "Partner or volunteer", "Family or community member",
)
ROLES = [YOUNG, STAFF, PARTNER, FAMILY]
PNG = b"\x89PNG\r\n\x1a\n"


def answer(person: str, role: str, scores: list[int | None], instrument=LEEDS, example: str = "") -> Answer:
    ids = [item.id for item in instrument.items]
    return Answer(
        person, role, dict(zip(ids, scores)),
        {i: example or f"Example of {i} scored {s} by someone in {role}" for i, s in zip(ids, scores) if s is not None},
    )


def leeds_team() -> list[Answer]:
    """Seven people in three role groups; the partner group (one person) is under the minimum of 3.
    Assets is scored 2–8 (three bands); Abilities 4–6 (one band)."""
    return [
        answer("Łukasz", YOUNG, [2, 5, 6, 7, 4, 5], example="We ran a “seed swap” 🌱 and chose the plants together."),
        answer("Amira", YOUNG, [3, 6, 6, 8, 5, 4]),
        answer("Zoë", YOUNG, [2, 5, 7, 7, 4, 6]),
        answer("Sam", STAFF, [8, 5, 4, 6, 6, 5], example="Staff plan every session — “we decide”."),
        answer("Priya", STAFF, [7, 6, 5, 6, 5, 4]),
        answer("Tom", STAFF, [8, 4, 5, 7, 6, 5]),
        answer("Olamide", PARTNER, [5, 5, 5, 5, 5, 5]),
    ]


def session_for(instrument, *, anonymous: bool = False, min_group: int = 3, agreed_example: str = "Agreed: {name} 🌱") -> dict:
    return {
        "token": "s" * 22,
        "round": 1,
        "revealed": [1, 2],
        "title": "Youth forum review — “Grow” 🌱",
        "instrument_id": instrument.id,
        "anonymous": anonymous,
        "roles": ROLES,
        "min_group": min_group,
        "created_on": "2026-03-14",
        "perspectives": ["main"],
        "answers": {"main": {item.id: {"score": instrument.scale.min + n % 2,
                                       "example": agreed_example.format(name=item.name)}
                             for n, item in enumerate(instrument.items)}},
    }


def shown(instrument, answers, session=None) -> disclosure.Shown:
    """What may be shown of these answers, as the revealed first round of a session like `session_for`'s."""
    return disclosure.release(instrument, session or session_for(instrument), [answers])[0]


def rounds_of(instrument, session, *rounds) -> list[disclosure.Shown]:
    return disclosure.release(instrument, session, list(rounds))


# --------------------------------------------------------------------------- median


def test_median_of_odd_even_and_empty_lists():
    assert scoring.median([]) is None
    assert scoring.median([7]) == 7
    assert scoring.median([9, 1, 5]) == 5
    assert scoring.median([4, 1, 3, 2]) == 2.5
    assert scoring.median([3, 4]) == 3.5


@given(st.lists(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), min_size=1))
def test_median_lies_between_the_ends_and_agrees_with_statistics(values):
    middle = scoring.median(values)
    assert min(values) <= middle <= max(values)
    assert middle == statistics.median(values)


# --------------------------------------------------------------------------- per item


def stats_of(instrument, scores: list[int | None], item_index: int = 0):
    people = []
    for n, score in enumerate(scores):
        row: list[int | None] = [None] * len(instrument.items)
        row[item_index] = score
        people.append(answer(f"P{n}", STAFF, row, instrument))
    return teams.item_stats(instrument, people)[item_index]


def test_spread_low_high_and_unscored_answers():
    stats = stats_of(LEEDS, [6, 3, None, 8, 3])
    assert (stats.n, stats.low, stats.high, stats.median) == (4, 3, 8, 4.5)
    empty = stats_of(LEEDS, [None, None])
    assert (empty.n, empty.low, empty.high, empty.median, empty.bands, empty.talk_about) == (0, None, None, None, (), False)


def test_answers_in_different_bands_are_flagged_not_different_numbers_in_one_band():
    far = stats_of(LEEDS, [2, 8])
    assert far.bands == ("not-there-yet", "excellent") and far.talk_about
    near = stats_of(LEEDS, [4, 6])
    assert near.bands == ("making-progress",) and not near.talk_about
    assert stats_of(LEEDS, [9, 1, 5]).bands == ("not-there-yet", "making-progress", "excellent")


def test_the_examples_at_each_end_name_everyone_there():
    stats = teams.item_stats(LEEDS, leeds_team())[0]  # Assets: 2, 3, 2, 8, 7, 8, 5
    assert stats.low_examples == (
        ("Łukasz", 2, "We ran a “seed swap” 🌱 and chose the plants together."),
        ("Zoë", 2, f"Example of assets scored 2 by someone in {YOUNG}"),
    )
    assert [(p, s) for p, s, _ in stats.high_examples] == [("Sam", 8), ("Tom", 8)]
    assert [s.item.id for s in teams.item_stats(LEEDS, leeds_team())] == [item.id for item in LEEDS.items]


def test_a_median_between_two_bands_rounds_half_up():
    assert teams.band_of_median(LEEDS, 3.5) == LEEDS.scale.band_for(4)
    assert teams.band_of_median(LEEDS, 3.0).id == "not-there-yet"
    assert teams.band_of_median(LEEDS, 6.5).id == "excellent"
    assert teams.band_of_median(NEF, 1.5).name == "Basic"


# --------------------------------------------------------------------------- role groups


def test_role_groups_in_the_sessions_order_and_a_small_group_keeps_only_its_count():
    people = [*leeds_team(), answer("Kit", "Commissioner", [5] * 6)]
    groups = teams.role_groups(LEEDS, people, ROLES, 3)
    assert [(g.role, g.n, g.shown) for g in groups] == [
        (YOUNG, 3, True), (STAFF, 3, True), (PARTNER, 1, False), (FAMILY, 0, False), ("Commissioner", 1, False),
    ]
    assert groups[0].medians == {"assets": 2, "abilities": 5, "shared-roles": 6, "enabling": 7, "mutuality": 4, "networks": 5}
    assert all(g.medians == {} for g in groups if not g.shown)


def test_an_item_fewer_than_the_minimum_scored_has_no_group_median():
    people = [answer(f"P{n}", STAFF, [5, None if n else 4, 5, 5, 5, 5]) for n in range(3)]
    medians = teams.role_groups(LEEDS, people, [STAFF], 3)[0].medians
    assert medians["abilities"] is None and medians["assets"] == 5


def test_role_gaps_rank_items_by_the_gap_between_shown_groups_only():
    groups = teams.role_groups(LEEDS, leeds_team(), ROLES, 3)
    gaps = teams.role_gaps(LEEDS, groups)
    assert (gaps[0][0].id, gaps[0][1], gaps[0][2], gaps[0][3]) == ("assets", 6, STAFF, YOUNG)
    assert [g[1] for g in gaps] == sorted((g[1] for g in gaps), reverse=True)
    assert all(PARTNER not in (high, low) for _, _, high, low in gaps)
    assert teams.role_gaps(LEEDS, teams.role_groups(LEEDS, leeds_team(), ROLES, 4)) == []


scores = st.lists(st.integers(min_value=1, max_value=9), min_size=6, max_size=6)


@settings(max_examples=60, deadline=None)
@given(
    shown=st.lists(st.tuples(st.sampled_from([YOUNG, STAFF]), scores), min_size=6, max_size=10),
    hidden=st.lists(scores, min_size=1, max_size=2),
    other=st.lists(scores, min_size=1, max_size=2),
)
def test_no_output_of_a_hidden_group_reveals_its_scores(shown, hidden, other):
    base = [answer(f"S{n}", role, s) for n, (role, s) in enumerate(shown)]
    one = [*base, *(answer(f"H{n}", PARTNER, s) for n, s in enumerate(hidden))]
    two = [*base, *(answer(f"H{n}", PARTNER, other[n % len(other)]) for n in range(len(hidden)))]
    groups_one, groups_two = (teams.role_groups(LEEDS, people, ROLES, 3) for people in (one, two))
    assert groups_one == groups_two
    assert teams.role_gaps(LEEDS, groups_one) == teams.role_gaps(LEEDS, groups_two)
    partner = next(g for g in groups_one if g.role == PARTNER)
    assert partner == teams.Group(PARTNER, len(hidden), False, {})


def test_the_whole_group_needs_the_minimum_number_of_answers():
    team = leeds_team()
    assert teams.enough(team, 3) and teams.enough(team[:3], 3)
    assert not teams.enough(team[:2], 3)
    assert not teams.enough([], 0)


# --------------------------------------------------------------------------- the tally

WORKSHOP = [(6, 4, 0, 2), (12, 0, 0, 0), (7, 4, 1, 0), (5, 6, 1, 0), (1, 7, 4, 0), (0, 8, 3, 1), (0, 0, 4, 8), (0, 2, 9, 1)]


def test_the_tally_table_rebuilds_the_workshop_table_in_the_seeds_layout():
    """Twelve people answering as the Birmingham workshop did (seed 001); Strongly agree is 4."""
    columns = []
    for counts in WORKSHOP:
        column = [score for score, count in zip((4, 3, 2, 1), counts) for _ in range(count)]
        columns.append(column)
    people = [answer(f"P{n}", STAFF, [column[n] for column in columns], ATTITUDES) for n in range(12)]
    table = teams.tally_table(ATTITUDES, people)
    assert list(table.columns) == ["Strongly agree", "Agree", "Disagree", "Strongly disagree"]
    assert list(table.index) == [item.name for item in ATTITUDES.items]
    assert all(str(dtype) == "int64" for dtype in table.dtypes)
    assert [tuple(row) for row in table.to_numpy()] == WORKSHOP
    assert (table.sum(axis=1) == 12).all()


def test_the_tally_counts_only_answers_given():
    people = [answer("A", STAFF, [4, None, 1, 1, 1, 1, 1, 1], ATTITUDES), answer("B", STAFF, [3] * 8, ATTITUDES)]
    table = teams.tally_table(ATTITUDES, people)
    assert list(table.sum(axis=1)) == [2, 1, 2, 2, 2, 2, 2, 2]


# --------------------------------------------------------------------------- rounds


def test_round_movement_compares_the_medians_of_both_rounds():
    before = [answer("A", STAFF, [2, 5, 5, 5, None, 5]), answer("B", STAFF, [4, 5, 5, 5, None, 5])]
    after = [answer("A", STAFF, [5, 5, 4, 5, 6, None]), answer("B", STAFF, [6, 5, 4, 5, 6, None])]
    moves = teams.round_movement(LEEDS, before, after)
    assert [m.item.id for m in moves] == [item.id for item in LEEDS.items]
    assert (moves[0].median_before, moves[0].median_after, moves[0].change) == (3, 5.5, 2.5)
    assert moves[1].change == 0 and moves[2].change == -1
    assert (moves[4].median_before, moves[4].change) == (None, None)
    assert (moves[5].median_after, moves[5].change) == (None, None)


def test_round_movement_compares_like_with_like_only_the_people_who_answered_both_rounds():
    """Seven answered round 1; three re-scored and one of them moved one item. An item nobody
    touched shows no change, however far the medians of the whole first round and of the three
    re-scorers lie apart (the defect: 5 → 2, −3)."""
    first = [answer(f"P{n}", STAFF, [2, 5, 5, 5, 5, 5]) for n in range(3)] + [answer(f"P{n}", STAFF, [8, 8, 8, 8, 8, 8]) for n in range(3, 7)]
    second = [answer("P0", STAFF, [2, 5, 5, 5, 5, 5]), answer("P1", STAFF, [6, 5, 5, 5, 5, 5]), answer("P2", STAFF, [2, 5, 5, 5, 5, 5])]
    moves = teams.round_movement(LEEDS, first, second)
    assert scoring.median([2, 2, 2, 8, 8, 8, 8]) == 8  # what the whole first round's median would have said
    assets, abilities = moves[0], moves[1]
    assert (abilities.n, abilities.median_before, abilities.median_after, abilities.change) == (3, 5, 5, 0)
    assert (abilities.up, abilities.down, abilities.same, abilities.moved) == (0, 0, 3, "3 the same")
    assert (assets.median_before, assets.median_after, assets.change, assets.moved) == (2, 2, 0, "1 up, 2 the same")


def test_round_movement_leaves_out_anyone_in_one_round_only_and_items_too_few_scored_in_both():
    first = [answer("A", STAFF, [2, 5, None, 5, 5, 5]), answer("B", STAFF, [3, 5, 4, 5, 5, 5]), answer("C", STAFF, [4] * 6)]
    second = [answer("A", STAFF, [4, 6, 4, 5, 5, 5]), answer("B", STAFF, [3, 5, 4, 5, 5, 5]),
              answer("Late", STAFF, [9] * 6)]  # joined in round 2: nothing to compare with
    moves = teams.round_movement(LEEDS, first, second, min_people=2)
    assert (moves[0].n, moves[0].median_before, moves[0].median_after, moves[0].moved) == (2, 2.5, 3.5, "1 up, 1 the same")
    assert (moves[2].n, moves[2].median_before, moves[2].change) == (1, None, None)  # A did not score it in round 1


def test_a_surveys_round_movement_says_towards_which_answer_people_moved_never_up_or_down():
    first = [answer(f"P{n}", STAFF, [3] * 8, ATTITUDES) for n in range(3)]
    second = [answer("P0", STAFF, [1] + [3] * 7, ATTITUDES), answer("P1", STAFF, [4] + [3] * 7, ATTITUDES),
              answer("P2", STAFF, [1] + [3] * 7, ATTITUDES)]
    moved = teams.round_movement(ATTITUDES, first, second)[0]
    assert teams.who_moved(ATTITUDES, moved) == "1 towards Strongly agree, 2 towards Strongly disagree"
    assert teams.median_change(ATTITUDES, moved.change) == "2 towards Strongly disagree"
    assert teams.who_moved(LEEDS, moved) == "1 up, 2 down" and teams.median_change(LEEDS, moved.change) == "-2"


def test_the_same_person_is_matched_across_rounds_by_key_not_by_label():
    """Two people named alike in a named session are told apart by their key."""
    first = [Answer("Sam", STAFF, {"assets": 2}, {}, "p1"), Answer("Sam", STAFF, {"assets": 8}, {}, "p2")]
    second = [Answer("Sam", STAFF, {"assets": 8}, {}, "p2")]
    assets = teams.round_movement(LEEDS, first, second)[0]
    assert (assets.n, assets.median_before, assets.change) == (1, 8, 0)


def test_comparing_rounds_says_who_is_compared_and_withholds_fewer_than_the_minimum():
    session = session_for(LEEDS)
    first = [answer(f"P{n}", STAFF, [2 + n] * 6) for n in range(6)]
    rescored = [answer(f"P{n}", STAFF, [5] * 6) for n in range(3)] + [answer("Late", STAFF, [9] * 6)]
    comparison = views.compare_rounds(LEEDS, *rounds_of(LEEDS, session, first, rescored))
    assert (comparison.answered_first, comparison.rescored, comparison.both, comparison.shown) == (6, 4, 3, True)
    assert comparison.summary.startswith("3 of the 6 people who answered round 1 re-scored in round 2. 1 person answered round 2 only")
    assert "The 3 who did not re-score are left out of both medians." in comparison.summary
    assert (comparison.moves[0].median_before, comparison.moves[0].median_after) == (3, 5)
    too_few = views.compare_rounds(LEEDS, *rounds_of(LEEDS, session, first, rescored[:2] + [answer("X", STAFF, [1] * 6), answer("Y", STAFF, [1] * 6)]))
    assert not too_few.shown and too_few.moves == ()
    assert "compared once at least 3 people have answered both" in too_few.summary


def test_talking_about_a_survey_ranks_statements_by_how_split_the_group_is_and_quotes_only_writers():
    """Strongly agree 4 … Strongly disagree 1. Statement 1: all agree (not split: left out);
    statement 2: 3 agree, 1 disagrees; statement 3: 2 against 2 (most split: first)."""
    scores = [[4, 4, 4, 4, 4, 4, 4, 4], [3, 3, 1, 4, 4, 4, 4, 4], [4, 4, 2, 4, 4, 4, 4, 4], [3, 1, 3, 4, 4, 4, 4, 4]]  # a row a person
    people = [Answer(f"P{n}", STAFF, dict(zip([i.id for i in ATTITUDES.items], row)),
                     {ATTITUDES.items[2].id: "" if n == 0 else f"Because {n}", ATTITUDES.items[1].id: "   "}, f"p{n}")
              for n, row in enumerate(scores)]
    talks = views.talk_about(ATTITUDES, shown(ATTITUDES, people, session_for(ATTITUDES, anonymous=True)))
    assert [t.item for t in talks] == [ATTITUDES.items[2], ATTITUDES.items[1]]
    assert talks[0].split == 1.0 and talks[1].split == 0.5
    assert talks[0].low_quotes == ("Because 1",) and talks[0].high_quotes == ()  # P0, at the top, wrote nothing
    assert talks[1].low_quotes == talks[1].high_quotes == ()  # blanks are not quoted as "(no example)"
    assert teams.end_words(ATTITUDES, talks[0].high) == "Strongly agree"


def test_the_ends_of_a_numbered_scale_carry_their_band_names():
    assert teams.end_words(LEEDS, 1) == "1 · Not there yet" and teams.end_words(LEEDS, 9) == "9 · Excellent"


def test_a_gap_of_nothing_names_no_higher_or_lower_group():
    groups = [teams.Group(YOUNG, 3, True, {"assets": 5.0, "abilities": 3.0}), teams.Group(STAFF, 3, True, {"assets": 5.0, "abilities": 7.0})]
    gaps = teams.role_gaps(LEEDS, groups)
    assert [(item.id, gap, high, low) for item, gap, high, low in gaps] == [("abilities", 4.0, STAFF, YOUNG)]
    assert [item.id for item in teams.same_medians(LEEDS, groups)] == ["assets"]


# --------------------------------------------------------------------------- charts


def test_the_team_radar_has_one_thin_shape_per_person_and_the_median_on_the_individual_rings():
    team = leeds_team()[:6]  # Assets: 2, 3, 2, 8, 7, 8: median 5
    team[0] = answer("Łukasz", YOUNG, [4, 5, 6, 7, 4, 5])  # Assets: 4, 3, 2, 8, 7, 8: median 5.5
    chart = team_charts.team_radar(LEEDS, shown(LEEDS, team))
    *background, people, middle = chart.layer
    assert people.data["shape"].nunique() == len(team)
    assert not {"person", "role", "example"} & set(people.data.columns)  # scores only: nobody's name or role
    assert list(middle.data["kind"].unique()) == ["Group median"]
    top = middle.data[middle.data["item"] == "Assets"].iloc[0]
    assert top["y"] == pytest.approx(charts.radius(LEEDS, 5.5))
    spec = chart.to_dict()
    assert spec["layer"][-2]["encoding"]["color"]["scale"]["domain"] == ["Each person", "Group median"]
    individual = charts.radar_chart(LEEDS, [])
    assert background[0].data.equals(individual.layer[0].data)  # the same rings
    assert png.to_png(chart).startswith(PNG)


def test_the_role_radar_has_one_shape_per_shown_group():
    groups = teams.role_groups(LEEDS, leeds_team(), ROLES, 3)
    chart = team_charts.role_radar(LEEDS, groups)
    shapes = chart.layer[-1].data
    assert sorted(shapes["series"].unique()) == sorted([f"{YOUNG} (3)", f"{STAFF} (3)"])
    legend = chart.to_dict()["layer"][-1]["encoding"]
    assert legend["color"]["scale"]["domain"] == legend["strokeDash"]["scale"]["domain"] == [f"{YOUNG} (3)", f"{STAFF} (3)"]
    assert png.to_png(chart).startswith(PNG)


def test_the_spread_has_one_dot_per_item_and_score_given_and_flags_the_disagreements():
    team = leeds_team()
    stats = teams.item_stats(LEEDS, team)
    chart = team_charts.spread_chart(LEEDS, shown(LEEDS, team))
    dots = next(layer.data for layer in chart.layer if "count" in getattr(layer.data, "columns", []))
    given_pairs = {(item.name, a.scores[item.id]) for a in team for item in LEEDS.items}
    assert set(zip(dots["item"], dots["score"])) == given_pairs
    assert len(dots) == len(given_pairs)
    assert dots["count"].sum() == len(team) * len(LEEDS.items)
    assert not {"people", "person", "role"} & set(dots.columns)  # how many gave a score, never who
    flagged = {s.item.name for s in stats if s.talk_about}
    assert "Assets" in flagged and "Abilities" not in flagged
    labels = dict(zip(dots["item"], dots["label"]))  # the words under the name, beside the bar
    assert labels["Assets"].endswith("\ntalk about this") and "talk about this" not in labels["Abilities"]
    assert chart.to_dict()["width"] == "container"  # fits a phone as well as a projector
    assert png.to_png(chart).startswith(PNG)


def test_the_round_chart_shows_both_rounds():
    team = leeds_team()
    later = [Answer(a.person, a.role, {k: 5 for k in a.scores}, a.examples) for a in team]
    chart = team_charts.round_chart(LEEDS, teams.round_movement(LEEDS, team, later))
    assert set(chart.layer[1].data["round"]) == {"First round", "Second round"}
    assert png.to_png(chart).startswith(PNG)


# --------------------------------------------------------------------------- the PDF


def pdf_text(data: bytes, tmp_path: Path, name: str = "team.pdf") -> str:
    assert data.startswith(b"%PDF-")
    path = tmp_path / name
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def squash(text: str) -> str:
    """Text without whitespace or invisible marks, as pdftotext's line wrapping varies."""
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf")


def image_count(data: bytes, tmp_path: Path) -> int:
    path = tmp_path / "images.pdf"
    path.write_bytes(data)
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    return len(listing.splitlines()) - 2  # two heading lines


def pixels_like(png: Path, colour: str, tolerance: int = 60) -> int:
    """How many pixels of a rendered page are close to a colour."""
    from PIL import Image

    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    data = Image.open(png).convert("RGB").tobytes()
    return sum(1 for n in range(0, len(data), 3)
               if abs(data[n] - r) + abs(data[n + 1] - g) + abs(data[n + 2] - b) <= tolerance)


def page_with(data: bytes, tmp_path: Path, words: str, dpi: int = 80) -> Path:
    """The first page whose text holds `words`, rendered to PNG."""
    path = tmp_path / "find.pdf"
    path.write_bytes(data)
    for n in range(1, 50):
        text = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"], capture_output=True,
                              text=True, check=False).stdout
        if squash(words) in squash(text):
            subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(n), "-l", str(n), str(path),
                            str(tmp_path / f"page{n}")], check=True)
            return next(tmp_path.glob(f"page{n}-*.png"))
    raise AssertionError(f"{words!r} is on no page")


@pytest.fixture(scope="module")
def named_pdf(tmp_path_factory):
    # Two family members join the lone partner, so that together the small groups reach the minimum
    # and the young people's and staff's views can be shown beside them (coprod.sessions.disclosure).
    team = [*leeds_team(), answer("Kofi", FAMILY, [3, 3, 4, 4, 6, 6]), answer("Ana", FAMILY, [4, 4, 3, 3, 7, 7])]
    second = [Answer(a.person, a.role, {k: min(9, v + 1) for k, v in a.scores.items()}, a.examples) for a in team]
    session = session_for(LEEDS)
    data = team_reports.team_pdf(LEEDS, session, rounds_of(LEEDS, session, team, second))
    return session, data, pdf_text(data, tmp_path_factory.mktemp("named"))


def test_the_team_pdf_holds_the_session_the_views_and_the_agreement(named_pdf):
    session, _, text = named_pdf
    flat = squash(text)
    for item in LEEDS.items:
        assert squash(session["answers"]["main"][item.id]["example"]) in flat
    for role in (YOUNG, STAFF, PARTNER, FAMILY):
        assert squash(role) in flat
    for want in ("Talk about this", "talk about this", "Where people agree and differ", "How the role groups see it",
                 "Where the groups differ most", "How the conversation moved people", "Agreed scores and examples",
                 "Next steps plan", "counts only (each group under 3)", LEEDS.source.citation()):
        assert squash(want) in flat, want
    for want in ("Łukasz", "“seed swap”", "🌱", "Zoë"):
        assert want in text
    assert "Making progress:" in text  # the plan's next level, from the agreed scores


def test_the_team_pdf_draws_to_png_pages(named_pdf, tmp_path):
    _, data, _ = named_pdf
    (tmp_path / "team.pdf").write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(tmp_path / "team.pdf"), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 3
    assert all(page.read_bytes().startswith(PNG) for page in pages)
    assert image_count(data, tmp_path) == 0  # the charts are drawn, not pasted in as pictures


def test_the_team_pdf_draws_its_four_charts(named_pdf, tmp_path):
    """Everyone's shapes with the median, the spread, the role groups' shapes and the two rounds:
    each chart's own words are on the page and its marks are drawn in their colours."""
    _, data, text = named_pdf
    flat = squash(text)
    for words in ("Each person", "Group median", team_charts.NOTE, team_charts.SPANS, team_charts.WITHIN,
                  "Role group (people)", f"{YOUNG} (3)", f"{STAFF} (3)", "First round", "Second round", "Group median"):
        assert squash(words) in flat, words
    for _, band in charts.ring_radii(LEEDS):
        assert squash(band) in flat
    assert flat.count(squash(team_charts.FLAG_TEXT)) >= 2  # beside the flagged items, as on screen
    assert pixels_like(page_with(data, tmp_path, "Each person"), team_charts.PERSON) > 100
    assert pixels_like(page_with(data, tmp_path, team_charts.NOTE), team_charts.FLAG) > 200  # the flagged dots
    roles = page_with(data, tmp_path, "Role group (people)")
    assert pixels_like(roles, charts.PALETTE[0]) > 100 and pixels_like(roles, charts.PALETTE[1]) > 100
    moved = page_with(data, tmp_path, "First round")
    assert pixels_like(moved, team_charts.ROUND_COLOURS[0]) > 50 and pixels_like(moved, team_charts.ROUND_COLOURS[1]) > 50


def test_an_anonymous_team_pdf_prints_no_name(tmp_path):
    team = leeds_team()
    session = session_for(LEEDS, anonymous=True)
    data = team_reports.team_pdf(LEEDS, session, rounds_of(LEEDS, session, team))
    text = pdf_text(data, tmp_path)
    for a in team:
        assert a.person not in text
    assert "Participant" not in text and "talk about this" in text  # quotes carry no label at all
    assert "“seed swap” 🌱" in text  # what people wrote is kept; only the names go


def test_with_fewer_answers_than_the_minimum_the_pdf_shows_counts_only(tmp_path):
    team = leeds_team()[:2]
    session = session_for(LEEDS)
    data = team_reports.team_pdf(LEEDS, session, rounds_of(LEEDS, session, team))
    text = pdf_text(data, tmp_path)
    assert image_count(data, tmp_path) == 0
    for chart_words in ("Each person", "Group median", team_charts.NOTE, "Role group (people)", team_charts.FLAG_TEXT):
        assert squash(chart_words) not in squash(text)  # no chart at all
    assert "Counts only: 2 people answered" in text
    for a in team:
        assert a.person not in text
        assert squash(a.examples["assets"]) not in squash(text)
    assert "Agreed: Assets 🌱" in text


def test_a_tally_instrument_pdf_shows_the_seeds_table_and_the_stacked_bar(tmp_path):
    """Six people: three Strongly agree, two Agree, none Disagree, one Strongly disagree."""
    people = [answer(f"Person {n}", [YOUNG, STAFF][n % 2], [[4, 4, 4, 3, 3, 1][n]] * 8, ATTITUDES) for n in range(6)]
    session = session_for(ATTITUDES)
    data = team_reports.team_pdf(ATTITUDES, session, rounds_of(ATTITUDES, session, people))
    (tmp_path / "tally.pdf").write_bytes(data)
    raw = squash(subprocess.run(["pdftotext", "-raw", str(tmp_path / "tally.pdf"), "-"],
                                capture_output=True, text=True, check=True).stdout)
    assert squash("Statement Strongly agree Agree Disagree Strongly disagree") in raw
    for item in ATTITUDES.items:
        assert squash(f"{item.name} 3 2 0 1") in raw
    assert image_count(data, tmp_path) == 0
    assert "Everyone'sanswers" not in raw and "Eachperson" not in raw  # the stacked bar, and no radar
    bar = page_with(data, tmp_path, "Answers SA: Strongly agree A: Agree D: Disagree SD: Strongly disagree", dpi=100)
    for colour in (charts.TALLY_PALETTE[0], charts.TALLY_PALETTE[1], charts.TALLY_PALETTE[3]):  # 3, 2 and 1 chose these
        assert pixels_like(bar, colour) > 200, colour
    assert pixels_like(bar, charts.TALLY_PALETTE[2]) < pixels_like(bar, charts.TALLY_PALETTE[3])  # nobody disagreed


def test_an_instrument_with_views_of_its_own_plans_from_the_agreed_scores():
    """nef scores you / your project / your organisation; the agreed answers are kept under "main"."""
    session = session_for(NEF)
    rows = plans.initial_plan(NEF, teams.agreed_doc(NEF, session))
    assert all(row["current"] in ("Not there yet", "Basic") for row in rows)
    data = team_reports.team_pdf(NEF, session, rounds_of(NEF, session, [answer(f"P{n}", STAFF, [1, 2, 3, 4, 1, 2], NEF) for n in range(3)]))
    assert data.startswith(b"%PDF-")


# --------------------------------------------------------------------------- the CSV


def test_the_csv_reads_back_every_answer_per_round_and_the_agreed_scores():
    team = [*leeds_team()[:6], answer("Olamide", PARTNER, [5] * 6), answer("Kit", FAMILY, [4] * 6), answer("Ann", FAMILY, [6] * 6)]
    second = [Answer(a.person, a.role, {k: 5 for k in a.scores}, a.examples) for a in team[:4]]
    session = session_for(LEEDS)
    rows = list(csv.reader(io.StringIO(team_reports.team_csv(LEEDS, session, rounds_of(LEEDS, session, team, second)))))
    assert rows[0] == team_reports.CSV_COLUMNS
    body = [dict(zip(rows[0], row)) for row in rows[1:]]
    items = len(LEEDS.items)
    assert len(body) == (len(team) + len(second) + 1) * items
    first = next(r for r in body if r["person"] == "Łukasz" and r["item_id"] == "assets" and r["round"] == "1")
    assert first == {
        "kind": "answer", "round": "1", "person": "Łukasz", "role": YOUNG, "item_id": "assets", "item": "Assets",
        "score": "2", "score_label": "2", "band": "Not there yet", "example": team[0].examples["assets"],
    }
    # The partner (alone) and the two family members share one label: three people, nobody singled out.
    other = {r["role"] for r in body if r["person"] in ("Olamide", "Kit", "Ann")}
    assert len(other) == 1 and PARTNER not in other and FAMILY not in other
    assert sum(1 for r in body if r["round"] == "2") == len(second) * items
    agreed = [r for r in body if r["kind"] == "agreed"]
    assert [r["example"] for r in agreed] == [session["answers"]["main"][i.id]["example"] for i in LEEDS.items]


def test_an_anonymous_csv_has_no_names_and_no_formulas():
    team = [*leeds_team(), answer("=HYPERLINK(1)", STAFF, [5] * 6, example="=cmd|' /C calc'!A0")]
    session = session_for(LEEDS, anonymous=True)
    text = team_reports.team_csv(LEEDS, session, rounds_of(LEEDS, session, team))
    for a in team:
        assert a.person not in text
    rows = list(csv.reader(io.StringIO(text)))
    people = {row[2] for row in rows[1:] if row[0] == "answer"}
    assert people == {f"Participant {n}" for n in range(1, len(team) + 1)}
    assert "'=cmd|' /C calc'!A0" in {row[9] for row in rows}


def test_the_team_csv_neutralises_disguised_formulas():
    from coprod.files.sheets import risky

    team = [*leeds_team(), answer("\u00a0=HYPERLINK(1)", STAFF, [5] * 6, example="\uff1dcmd|' /C calc'!A0")]
    session = session_for(LEEDS, anonymous=False)
    rows = list(csv.reader(io.StringIO(team_reports.team_csv(LEEDS, session, rounds_of(LEEDS, session, team)))))
    assert "'\uff1dcmd|' /C calc'!A0" in {row[9] for row in rows}
    assert "'\u00a0=HYPERLINK(1)" in {row[2] for row in rows}
    assert not any(risky(value) for row in rows for value in row)


def test_anonymous_labels_keep_given_numbers():
    people = [Answer("Participant 3", STAFF, {}, {}), Answer("Kim", STAFF, {}, {}), Answer("Lee", STAFF, {}, {})]
    labels = [a.person for a in shown(LEEDS, people, session_for(LEEDS, anonymous=True)).answers]
    assert labels == ["Participant 3", "Participant 1", "Participant 2"]
