"""Review rounds: a new round from a finished one, change between rounds, the review date and its
calendar file, earlier rounds immutable, progress in the PDF and CSV, and the pages."""

import csv
import io
import re
import subprocess
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from coprod.answers import assessment as A
from coprod.answers import plans, rounds
from coprod.files import calendar, downloads, sheets
from coprod.files import report as reports
from coprod.library import attribution
from coprod.library.loading import load_library
from coprod.storage.tinydb import TinyDBStore
from coprod.ui.autosave import key_for, plan_key
from tests.apptest import html_blocks
from tests.test_kinds import own_texts
from tests.conftest import ROOT

APP = str(ROOT / "streamlit_app.py")
LIB = load_library(ROOT / "instruments")
LEEDS = LIB.get("leeds-six-principles")
NEF = LIB.get("nef-framework")


def finished(instrument, scores, on=date(2026, 1, 10), **start):
    doc = A.new_assessment(instrument, title="Walking group", role="volunteer", on=on, **start)
    for p in doc["perspectives"]:
        for item, score in zip(instrument.items, scores):
            A.set_score(instrument, doc, p, item.id, score)
            A.set_example(instrument, doc, p, item.id, f"Round example for {item.id} on {on}")
    A.finish(instrument, doc, today=on)
    return doc


def stored_rounds(store, instrument, first_scores, second_scores):
    first = store.create(finished(instrument, first_scores))
    plans_doc = store.update(first["token"], lambda d: plans.save_plan(d, plans.apply_edits(plans.plan_of(instrument, d), {0: {"actions": "Start a parents' group", "who": "Aisha"}}, [], [])))
    second = rounds.new_round(instrument, plans_doc, on=date(2026, 4, 10))
    for p in second["perspectives"]:
        for item, score in zip(instrument.items, second_scores):
            A.set_score(instrument, second, p, item.id, score)
            A.set_example(instrument, second, p, item.id, f"Round two example for {item.id}")
    A.finish(instrument, second, today=date(2026, 4, 10))
    return first, store.create(second)


def test_a_new_round_keeps_title_and_version_starts_unscored_and_carries_the_plan():
    first = {**finished(LEEDS, [2, 3, 4, 5, 6, 7]), "token": "t" * 22}
    plans.save_plan(first, plans.apply_edits(plans.plan_of(LEEDS, first), {0: {"actions": "Ask residents", "progress": "Met twice"}}, [], []))
    second = rounds.new_round(LEEDS, first, on=date(2026, 7, 1))
    assert second["title"] == first["title"] and second["instrument_version"] == first["instrument_version"]
    assert second["date"] == "2026-07-01" and second["rounds_before"] == ["t" * 22] and second["round_number"] == 2
    assert all(A.answer(second, "main", i.id)["score"] is None for i in LEEDS.items)  # never pre-set
    row = second["plan"][0]
    assert row["actions"] == "Ask residents" and row["status"] == "not started" and row["progress"] == "Earlier: Met twice"


def test_only_a_finished_round_can_be_followed():
    with pytest.raises(rounds.NotReady):
        rounds.new_round(LEEDS, A.new_assessment(LEEDS, title="x"))


def test_earlier_rounds_stay_as_they_were(tmp_path):
    store = TinyDBStore(tmp_path / "data")
    first, second = stored_rounds(store, LEEDS, [2, 3, 4, 5, 6, 7], [3, 3, 2, 5, 9, 7])
    before = store.get(first["token"])
    with pytest.raises(A.ReadOnly):
        store.update(first["token"], lambda d: A.set_score(LEEDS, d, "main", "assets", 9))
    assert store.get(first["token"])["answers"] == before["answers"]


@given(st.lists(st.one_of(st.none(), st.integers(1, 9)), min_size=2, max_size=5))
def test_change_direction_and_drops(scores):
    docs = []
    for n, score in enumerate(scores):
        doc = A.new_assessment(LEEDS, title="x")
        A.set_score(LEEDS, doc, "main", "assets", score)
        docs.append(doc)
    change = next(c for c in rounds.changes(LEEDS, docs) if c.item.id == "assets")
    assert change.scores == tuple(scores)
    first, last = scores[0], scores[-1]
    if first is None or last is None:
        assert change.change is None and change.direction == "not comparable"
    else:
        assert change.change == last - first
        assert change.direction == ("up" if last > first else "down" if last < first else "same")
    assert change.went_down == (None not in scores[-2:] and scores[-1] < scores[-2])
    assert change.bands[-1] == ("" if last is None else LEEDS.scale.band_for(last).name)


def test_review_date_from_the_instruments_interval_or_the_persons_choice():
    assert rounds.review_date(NEF, "2026-01-10") == date(2026, 7, 11)  # nef: every six months
    assert rounds.review_date(LEEDS, "2026-01-10") == date(2026, 4, 11)  # Leeds: about three months
    assert rounds.review_date(LIB.get("attitudes-survey"), "2026-01-10") == date(2026, 4, 20)  # 100 days
    assert rounds.review_date(LEEDS, "2026-01-10", "2026-05-01") == date(2026, 5, 1)
    assert rounds.review_date(LIB.get("imagine-engagement"), "2026-01-10") is None


def test_the_calendar_file_is_a_valid_all_day_event():
    ics = calendar.to_ics("Walking group, “Łukasz’s” idea; phase 2 " * 3, date(2026, 4, 11), "abc", "Line one\nline two")
    lines = ics.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and "BEGIN:VEVENT" in lines and lines[-2] == "END:VCALENDAR"
    assert "DTSTART;VALUE=DATE:20260411" in lines and "DTEND;VALUE=DATE:20260412" in lines
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    unfolded = ics.replace("\r\n ", "")
    assert "SUMMARY:Review: Walking group\\, “Łukasz’s” idea\\; phase 2" in unfolded
    assert "DESCRIPTION:Line one\\nline two" in unfolded


def test_pdf_and_csv_include_the_progress(tmp_path):
    store = TinyDBStore(tmp_path / "data")
    first, second = stored_rounds(store, LEEDS, [2, 3, 4, 5, 6, 7], [3, 3, 2, 5, 9, 7])
    store.update(second["token"], lambda d: plans.save_plan(d, plans.apply_edits(plans.plan_of(LEEDS, d), {1: {"status": "done"}}, [], [])))
    second = store.get(second["token"])
    pdf = tmp_path / "progress.pdf"
    pdf.write_bytes(reports.pdf_report(LEEDS, second, [store.get(first["token"])]))
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())
    assert "Progress since earlier rounds" in text and "went down" in text and "+3" in text
    rows = list(csv.DictReader(io.StringIO(sheets.csv_report(LEEDS, second, [store.get(first["token"])]))))
    progress = [r for r in rows if r["kind"] == "progress" and r["item_id"] == "shared-roles"]
    # "-2" starts with a minus, so the CSV neutralises it like any formula-like cell.
    assert [(r["group"], r["score"], r["example"]) for r in progress] == [("2026-01-10", "4", "'-2"), ("2026-04-10", "2", "'-2")]
    assert any(r["kind"] == "plan" and r["status"] == "done" for r in rows)


def open_page(path, token):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["a"] = token
    at.run()
    return at.switch_page(path).run()


def test_the_new_round_shows_last_rounds_score_and_example_beside_each_item(data_dir):
    store = TinyDBStore(data_dir)
    first = store.create(finished(LEEDS, [2, 3, 4, 5, 6, 7]))
    at = open_page("app_pages/score.py", first["token"])
    at.button(key="next-round").click().run()
    assert not at.exception
    token = at.query_params["a"]
    token = token[0] if isinstance(token, list) else token
    assert token != first["token"]
    assert at.select_slider(key=key_for(token, "score", "main", "assets")).value == "Not scored yet"  # not pre-set
    shown = " ".join(html_blocks(at))
    assert "Last round (2026-01-10): 2 · Not there yet" in shown
    assert "Round example for assets on 2026-01-10" in shown


def test_action_statuses_persist(data_dir):
    store = TinyDBStore(data_dir)
    first, second = stored_rounds(store, LEEDS, [2, 3, 4, 5, 6, 7], [3, 3, 2, 5, 9, 7])
    at = open_page("app_pages/results.py", second["token"])
    revision = store.get(second["token"]).get("plan_revision", 0)
    at.session_state[plan_key(second["token"], revision)] = {"edited_rows": {0: {"status": "under way", "progress": "Two meetings held"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception
    row = store.get(second["token"])["plan"][0]
    assert (row["status"], row["progress"]) == ("under way", "Two meetings held")
    again = open_page("app_pages/results.py", second["token"])
    frame = [d.value for d in again.dataframe if "status" in d.value.columns][0]
    assert list(frame["status"])[0] == "under way"


def test_progress_view_flags_a_drop(data_dir):
    store = TinyDBStore(data_dir)
    first, second = stored_rounds(store, LEEDS, [2, 3, 4, 5, 6, 7], [3, 3, 2, 5, 9, 7])
    at = open_page("app_pages/results.py", second["token"])
    assert not at.exception
    assert "Progress since earlier rounds" in [m.value.replace("\\", "").lstrip("# ") for m in at.markdown]
    assert "Shared roles / power" in at.warning[0].value.replace("\\", "")
    assert len(at.get("download_button")) == 6  # PDF, CSV, XLSX, PNG, JSON and the calendar file


@pytest.mark.parametrize("instrument_id", ["imagine-engagement", "headstart-checklist"])
def test_where_the_source_gives_no_review_period_the_person_chooses_the_date(instrument_id, data_dir):
    """IMAGINE and HeadStart give no period for a review: the app says so and suggests none (Leeds'
    "e.g. after 3 months" is Leeds'), and the calendar file comes once the person has chosen a date."""
    instrument = LIB.get(instrument_id)
    store = TinyDBStore(data_dir)
    doc = store.create(finished(instrument, [instrument.scale.max] * len(instrument.items)))
    assert instrument.review_interval_days is None and not instrument.review_advice
    assert rounds.next_review(instrument, doc) is None
    assert "download-ics" not in [f.key for f in downloads.of_assessment(instrument, store, doc)]
    at = open_page("app_pages/results.py", doc["token"])
    assert attribution.no_review_period(instrument) in [c.value for c in at.caption]
    when = at.date_input(key=key_for(doc["token"], "review_on"))
    assert when.value is None
    when.set_value(date(2026, 9, 1)).run()
    assert not at.exception
    assert store.get(doc["token"])["review_on"] == "2026-09-01"
    assert rounds.next_review(instrument, store.get(doc["token"])) == date(2026, 9, 1)
    assert "Add to calendar (.ics)" in [b.label for b in at.get("download_button")]


def test_a_source_with_a_review_period_suggests_its_date_without_saying_there_is_none(data_dir):
    store = TinyDBStore(data_dir)
    doc = store.create(finished(NEF, [2] * len(NEF.items)))
    at = open_page("app_pages/results.py", doc["token"])
    assert at.date_input(key=key_for(doc["token"], "review_on")).value == date(2026, 7, 11)
    assert attribution.no_review_period(NEF) not in [c.value for c in at.caption]


# --------------------------------------------------------------------------- each kind in review rounds

SURVEY = LIB.get("attitudes-survey")
CHECKLIST = LIB.get("headstart-checklist")
AGREE, STRONGLY_DISAGREE = 3, 1


def words_of(at) -> str:
    return " ".join([*(m.value for kind in ("markdown", "caption", "info", "warning", "text") for m in getattr(at, kind)),
                     *(d.value.to_csv() for d in at.dataframe), *(repr(c.proto) for c in at.get("vega_lite_chart"))])


def test_a_surveys_answers_in_review_rounds_are_said_as_they_moved_never_as_a_fall(data_dir, tmp_path):
    """Moving from Agree to Strongly disagree on "Citizens trust politicians …" is an opinion that
    moved: the results, the PDF and the CSV say from which answer to which, and never "down" or
    "unintended consequences", which belong to a scale."""
    store = TinyDBStore(data_dir)
    first = [AGREE] * len(SURVEY.items)
    second = [*first[:6], STRONGLY_DISAGREE, AGREE]  # "Citizens trust politicians …": Agree → Strongly disagree
    _, now = stored_rounds(store, SURVEY, first, second)
    statement = SURVEY.items[6].name
    at = open_page("app_pages/results.py", now["token"])
    assert not at.exception and not at.warning
    said = words_of(at)
    assert f"Answers that changed since the last round: {statement} (Agree → Strongly disagree)." in [i.value for i in at.info]
    frame = next(d.value for d in at.dataframe if "Change" in d.value.columns)
    assert "Look again" not in frame.columns and "Statement" in frame.columns
    assert list(frame["Change"]) == ["the same"] * 6 + ["Agree → Strongly disagree", "the same"]
    pdf = subprocess.run(["pdftotext", "-", "-"], input=reports.pdf_report(SURVEY, now, [store.get(now["rounds_before"][0])]),
                         capture_output=True, check=True).stdout.decode("utf-8")
    flat = " ".join(pdf.split())
    assert rounds.PROGRESS_NOTE["survey"] in flat and "Agree → Strongly disagree" in flat
    rows = list(csv.DictReader(io.StringIO(sheets.csv_report(SURVEY, now, [store.get(now["rounds_before"][0])]))))
    assert {r["example"] for r in rows if r["kind"] == "progress" and r["item_id"] == "trust-politicians"} == {"Agree → Strongly disagree"}
    for words in (" ".join(said.split()), flat):
        for own in own_texts(SURVEY):  # the source's own words may say anything
            words = words.replace(own, "")
        assert not re.search(r"\bdown\b|unintended|went up", words, re.I), re.findall(r".{30}(?:down|unintended).{30}", words, re.I)


def test_a_checklists_check_done_before_and_open_again_is_flagged_and_one_newly_done_is_not(data_dir):
    store = TinyDBStore(data_dir)
    yes, no = CHECKLIST.scale.max, CHECKLIST.scale.min
    first = [yes, no] + [yes] * (len(CHECKLIST.items) - 2)
    second = [no, yes] + [yes] * (len(CHECKLIST.items) - 2)
    _, now = stored_rounds(store, CHECKLIST, first, second)
    at = open_page("app_pages/results.py", now["token"])
    frame = next(d.value for d in at.dataframe if "Change" in d.value.columns)
    assert list(frame["Look again"])[:2] == [rounds.LOOK_AGAIN["checklist"], ""]
    assert list(frame["Change"])[:3] == ["Yes → No", "No → Yes", "the same"]
    assert [w.value.replace("\\", "") for w in at.warning] == [
        f"Done before and open again since the last round: {CHECKLIST.items[0].name}. Worth a look."]
