"""The XLSX files beside the CSVs, read back with openpyxl: a sheet per table, headings frozen, bands
written out, dates as dates, numbers as numbers, every cell a person wrote guarded as in the CSV, and
a team's spreadsheet holding exactly what its CSV may hold."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from coprod.answers import plans, rounds
from coprod.files import downloads, sheets, spreadsheets, team_report
from coprod.files.sheets import risky
from coprod.files.workbook import DATE, NUMBER, Column, Table, xlsx
from coprod.sessions import lifecycle as S
from tests.apptest import LEEDS, LIB, session_with
from tests.test_reports import DISGUISED, filled, lib
from tests.test_teams import STAFF, answer, leeds_team, rounds_of, session_for


def book(data: bytes):
    return load_workbook(io.BytesIO(data))


def rows_of(sheet) -> list[dict]:
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row)) for row in values[1:]]


def as_day(value):
    return value.date() if isinstance(value, datetime) else value


def test_the_writer_lays_out_named_tables_with_frozen_headings_numbers_and_dates():
    data = xlsx([
        Table("First", (Column("Name"), Column("Score", NUMBER), Column("On", DATE)),
              [("Ann", 7, "2026-03-01"), ("=HYPERLINK(\"x\")", "n/a", "next spring"), ("Bo\x07b", None, date(2026, 4, 2))]),
        Table("Empty", (Column("Only"),), []),
    ])
    wb = book(data)
    assert wb.sheetnames == ["First", "Empty"]
    first = wb["First"]
    assert first.freeze_panes == "A2" and wb["Empty"].freeze_panes == "A2"
    assert [c.value for c in first[1]] == ["Name", "Score", "On"] and all(c.font.b for c in first[1])
    assert first["B2"].value == 7 and first["B2"].data_type == "n"
    assert as_day(first["C2"].value) == date(2026, 3, 1) and first["C2"].is_date and first["C2"].number_format == "yyyy-mm-dd"
    assert first["A3"].value == "'=HYPERLINK(\"x\")" and first["A3"].data_type == "s"  # guarded, never a formula
    assert first["B3"].value == "n/a" and first["C3"].value == "next spring"  # not a number, not a date: text as typed
    assert first["A4"].value == "Bob" and first["B4"].value is None and as_day(first["C4"].value) == date(2026, 4, 2)
    assert first.auto_filter.ref == "A1:C4"


@pytest.mark.parametrize("bad", ["", "x" * 32, "a/b", "what?"])
def test_a_sheet_name_a_spreadsheet_cannot_take_is_refused(bad):
    with pytest.raises(ValueError):
        xlsx([Table(bad, (Column("x"),), [])])


def test_a_row_of_the_wrong_length_and_twin_names_are_refused():
    with pytest.raises(ValueError):
        xlsx([Table("A", (Column("x"), Column("y")), [("only one",)])])
    with pytest.raises(ValueError):
        xlsx([Table("A", (Column("x"),), []), Table("a", (Column("x"),), [])])


def test_an_assessments_spreadsheet_holds_what_its_csv_holds_with_bands_and_dates():
    leeds = lib("leeds-six-principles")
    doc = filled(leeds)
    plan = plans.initial_plan(leeds, doc)
    plan[0].update(who="Sam", by_when="2026-09-30", status="under way")
    plan[1].update(by_when="after the summer")
    plans.save_plan(doc, plan)
    wb = book(spreadsheets.assessment_xlsx(leeds, doc))
    assert wb.sheetnames == ["About", "Scores", "Plan"]
    assert all(wb[name].freeze_panes == "A2" for name in wb.sheetnames)
    about = rows_of(wb["About"])[0]
    assert about["Title"] == "Youth forum 2026" and as_day(about["Date"]) == date(2026, 5, 4) and about["Toolkit"] == leeds.title
    scores = rows_of(wb["Scores"])
    csv_rows = [r for r in csv.DictReader(io.StringIO(sheets.csv_report(leeds, doc))) if r["kind"] == "score"]
    assert [(r["Item"], r["Score"], r["Answer"], r["Band"], r["Example"]) for r in scores] == \
        [(r["item"], int(r["score"]), r["score_label"], r["band"], r["example"]) for r in csv_rows]
    assert {r["Band"] for r in scores} <= {band.name for band in leeds.scale.bands} and len({r["Band"] for r in scores}) > 1
    plan_rows = rows_of(wb["Plan"])
    assert as_day(plan_rows[0]["By when"]) == date(2026, 9, 30) and plan_rows[0]["Who"] == "Sam"
    assert plan_rows[1]["By when"] == "after the summer" and plan_rows[0]["Status"] == "under way"


def test_an_assessments_spreadsheet_has_its_questions_and_its_progress_over_rounds():
    imagine = lib("imagine-engagement")
    first = dict(filled(imagine), token="t" * 22)
    second = rounds.new_round(imagine, first, on=date(2026, 11, 4))
    for p in second["perspectives"]:
        for item in imagine.items:
            second["answers"][p][item.id] = dict(first["answers"][p][item.id], score=imagine.scale.max)
    wb = book(spreadsheets.assessment_xlsx(imagine, second, [first]))
    assert wb.sheetnames == ["About", "Scores", "Answers", "Progress", "Plan"]
    progress = rows_of(wb["Progress"])
    assert {as_day(r["Round of"]) for r in progress} == {date(2026, 5, 4), date(2026, 11, 4)}
    now = [r for r in progress if as_day(r["Round of"]) == date(2026, 11, 4)]
    assert all(r["Score"] == imagine.scale.max and isinstance(r["Change since the first round"], int) for r in now)
    assert [r["Question"] for r in rows_of(wb["Answers"])] == [p.label for p in imagine.prompts]


def test_every_cell_a_person_wrote_is_guarded_in_an_assessments_spreadsheet():
    leeds = lib("leeds-six-principles")
    doc = filled(leeds, lambda p, item, n: DISGUISED[n], finish=False, title="=cmd|' /C calc'!A0")
    plan = plans.initial_plan(leeds, doc)
    for row, text in zip(plan, DISGUISED[6:]):
        row["who"] = row["progress"] = text
    plans.save_plan(doc, plan)
    wb = book(spreadsheets.assessment_xlsx(leeds, doc))
    cells = [c for name in wb.sheetnames for row in wb[name].iter_rows() for c in row if isinstance(c.value, str)]
    assert cells and not [c.value for c in cells if risky(c.value)]
    assert {c.data_type for c in cells} == {"s"}
    assert "'=cmd|' /C calc'!A0" in {c.value for c in cells}
    assert {"'" + t for t in DISGUISED[:6]} <= {c.value for c in cells}


def test_a_teams_spreadsheet_holds_the_answers_its_csv_holds_and_no_more():
    team = [*leeds_team(), answer("\u00a0=HYPERLINK(1)", STAFF, [5] * 6, example="\uff1dcmd|' /C calc'!A0")]
    for anonymous in (False, True):
        session = session_for(LEEDS, anonymous=anonymous)
        shown = rounds_of(LEEDS, session, team)
        table = [r for r in csv.DictReader(io.StringIO(team_report.team_csv(LEEDS, session, shown)))]
        wb = book(spreadsheets.team_xlsx(LEEDS, session, shown))
        assert wb.sheetnames == ["About", "Role groups", "Answers", "Agreed", "Plan"]
        answers = rows_of(wb["Answers"])
        assert [(r["Round"], r["Person"], r["Role group"], r["Item id"], r["Score"], r["Band"], r["Example"]) for r in answers] == \
            [(int(r["round"]), r["person"], r["role"], r["item_id"], int(r["score"]) if r["score"] else None, r["band"] or None,
              r["example"] or None) for r in table if r["kind"] == "answer"]
        people = {r["Person"] for r in answers}
        assert ("Łukasz" in people) != anonymous and all(p.startswith("Participant ") for p in people) == anonymous
        agreed = rows_of(wb["Agreed"])
        assert [r["Item"] for r in agreed] == [item.name for item in LEEDS.items]
        cells = [c for name in wb.sheetnames for row in wb[name].iter_rows() for c in row if isinstance(c.value, str)]
        assert not [c.value for c in cells if risky(c.value)]
        groups = rows_of(wb["Role groups"])
        shown_groups = dict(shown[0].partition.composition)
        assert {r["Role group"]: r["People"] for r in groups} == shown_groups


def test_a_team_spreadsheet_before_the_reveal_holds_no_answer(data_dir):
    store, session, tokens = session_with(data_dir, [(S.DEFAULT_ROLES[1], n, f"HIDDEN-{n}") for n in (2, 5, 8)])
    files = {f.key: f for f in downloads.of_session(LEEDS, store, store.get(session["token"]))}
    wb = book(files["team-xlsx"].make())
    assert "Role groups" not in wb.sheetnames and rows_of(wb["Answers"]) == []
    assert not [c.value for name in wb.sheetnames for row in wb[name].iter_rows() for c in row if "HIDDEN" in str(c.value)]
    store.update(session["token"], S.reveal)
    wb = book(files["team-xlsx"].make())
    assert len(rows_of(wb["Answers"])) == 3 * len(LEEDS.items)


def test_every_instruments_spreadsheet_is_made(data_dir):
    for instrument in LIB.instruments:
        doc = filled(instrument)
        wb = book(spreadsheets.assessment_xlsx(instrument, doc))
        assert len(rows_of(wb["Scores"])) == len(instrument.items) * len(doc["perspectives"])
    store, session, tokens = session_with(data_dir, [(S.DEFAULT_ROLES[1], 3, "x")] * 3, instrument=LIB.get("attitudes-survey"))
    store.update(session["token"], S.reveal)
    xlsx_file = next(f for f in downloads.of_session(LIB.get("attitudes-survey"), store, store.get(session["token"]))
                     if f.key == "team-xlsx")
    survey = LIB.get("attitudes-survey")
    assert xlsx_file.file_name.endswith(".xlsx") and book(xlsx_file.make())["Answers"].max_row == 1 + 3 * len(survey.items)
