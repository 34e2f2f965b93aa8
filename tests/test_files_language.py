"""Every word coprod writes into a file itself passes through gettext (issue 27): a person's PDF, a
team's, an overview's and the paper pack, the CSV and XLSX headers and the calendar event, made in
the pseudo-language (coprod.common.i18n.PSEUDO), hold no word outside its marks but what the test
typed, the instruments' own wording and dates (written by Babel, not gettext). What other modules
put into these files (a summary's sentences, a plan's headings, the disclosure rules' words) is made
in the reader's language too, as a page or a download makes it, so every word of every file is checked.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from coprod.answers import assessment as A
from coprod.answers import plans
from coprod.common import i18n
from coprod.files import (
    calendar,
    overview_report,
    paper,
    sheets,
    spreadsheets,
    team_report,
)
from coprod.files import report as reports
from coprod.library import attribution
from coprod.overview import figures as F
from coprod.sessions import stats as teams
from coprod.sessions.stats import Answer
from tests.pseudo import leftover
from tests.test_overview import SIX
from tests.test_overview import teams as overview_teams
from tests.test_reports import filled, lib
from tests.test_teams import FAMILY, LEEDS, answer, leeds_team, rounds_of, session_for

TYPED = ("Youth forum 2026", "Youth worker", "Ask the forum", "Zoë", "March 2027", "Started", "Notes for")
FOOTER = re.compile(r"⟦Page \d+ of \d+~*⟧")


def pdf_words(data: bytes, tmp_path: Path, title: str) -> str:
    """A PDF's text in the order it was drawn, its lines joined: a paragraph or a table cell broken
    over lines (or over a page, whose footer, the title and page number, falls inside it) reads whole."""
    path = tmp_path / "file.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(FOOTER.sub(" ", text).replace(title, " ").split())


def typed_in(doc: dict) -> set[str]:
    """Every example and answer typed into an assessment."""
    out = {str(a.get("example") or "") for items in doc["answers"].values() for a in items.values()}
    out |= {str(v) for v in (doc.get("item_examples") or {}).values()}
    return {text for text in out | {str(v) for v in (doc.get("prompts") or {}).values()} if text}


def person_pdf(instrument_id: str, views_: list[str] | None, tmp_path: Path) -> tuple[str, set[str]]:
    instrument = lib(instrument_id)
    earlier = filled(instrument, perspectives=views_, finish=True)
    earlier["date"] = "2025-05-04"
    doc = filled(instrument, perspectives=views_)
    plan = plans.initial_plan(instrument, doc)
    if plan:
        plan[0].update(who="Zoë", by_when="March 2027", progress="Started", actions="Ask the forum", status="under way")
        plans.save_plan(doc, plan)
    allowed = typed_in(doc)
    with i18n.speaking(i18n.PSEUDO):
        data = reports.pdf_report(instrument, doc, [earlier])
        allowed |= {i18n.long_date(date(2026, 5, 4)), i18n.long_date(date(2026, 5, 5))}
    return pdf_words(data, tmp_path, doc["title"]), allowed


def test_a_persons_pdf_has_no_word_outside_gettext(tmp_path):
    for instrument_id, views_ in (("nef-framework", ["you", "project"]), ("attitudes-survey", None),
                                  ("headstart-checklist", None)):
        text, allowed = person_pdf(instrument_id, views_, tmp_path)
        assert "⟦" in text
        assert leftover(text, allowed=[*TYPED, *allowed]) == [], (instrument_id, sorted(set(leftover(text, allowed=[*TYPED, *allowed]))))


def test_a_teams_pdf_has_no_word_outside_gettext(tmp_path):
    team = [*leeds_team(), answer("Kofi", FAMILY, [3, 3, 4, 4, 6, 6]), answer("Ana", FAMILY, [4, 4, 3, 3, 7, 7])]
    second = [Answer(a.person, a.role, {k: min(9, v + 1) for k, v in a.scores.items()}, a.examples) for a in team]
    session = session_for(LEEDS)
    names = {a.person for a in team} | {a.role for a in team}
    with i18n.speaking(i18n.PSEUDO):  # the rounds as the page or the download makes them: in the reader's language
        shown_rounds = rounds_of(LEEDS, session, team, second)
        allowed = names | typed_in(teams.agreed_doc(LEEDS, session)) | {e for r in shown_rounds for a in r.answers
                                                                          for e in a.examples.values()}
        data = team_report.team_pdf(LEEDS, session, shown_rounds)
        allowed.add(i18n.long_date(date(2026, 3, 14)))
    text = pdf_words(data, tmp_path, session["title"])
    assert "⟦" in text
    assert leftover(text, allowed=[*TYPED, session["title"], *allowed]) == [], sorted(set(leftover(text, allowed=[*TYPED, session["title"], *allowed])))


def test_an_overviews_pdf_has_no_word_outside_gettext(tmp_path):
    got = overview_teams(*SIX)
    tags = ["North", "South"]
    overview = {"title": "Youth services", "created_on": "2026-01-05", "min_group": 3, "tags": tags}
    note = F.tags_compared(LEEDS, got, tags, 3)[1]
    allowed = {*(t.name for t in got), *tags, F.OTHER_TAGS, note, attribution.in_the_words_of(LEEDS), "Ask", "Plan"}
    with i18n.speaking(i18n.PSEUDO):
        data = overview_report.overview_pdf(LEEDS, overview, got, today=date(2026, 6, 1))
        allowed |= {i18n.long_date(day) for day in ("2026-01-05", "2026-01-01", "2026-02-01")}
    text = pdf_words(data, tmp_path, overview["title"])
    assert "⟦" in text
    assert leftover(text, allowed=[*TYPED, overview["title"], *allowed]) == []


def test_the_paper_pack_has_no_word_outside_gettext(tmp_path):
    session = {**session_for(LEEDS), "join_code": "ABCD2345"}
    for instrument, given in ((lib("nef-framework"), None), (LEEDS, session)):
        # The empty plan table's headings are bold, and the bold font has no glyph for the marks ⟦ ⟧ (only the
        # pseudo-language uses them): each heading is checked to carry the pseudo-language's padding instead.
        headings = [h for h in plans.HEADINGS.values()]
        allowed = {*session["roles"], "ABCD", *headings}
        with i18n.speaking(i18n.PSEUDO):
            data = paper.paper_pack(instrument, given, copies=2)
        title = "⟦{title} · paper form~~~~~~⟧".replace("{title}", given["title"] if given else instrument.title)
        text = pdf_words(data, tmp_path, title)
        assert "⟦" in text
        assert leftover(text, allowed=[*TYPED, session["title"], *allowed]) == [], instrument.id
        assert all(f"{h}~" in text for h in ("Principle", "Who", "By when")), instrument.id


def csv_header(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text)))


def xlsx_headers(data: bytes) -> list[str]:
    """Each sheet's name and its header row."""
    book = load_workbook(io.BytesIO(data))
    return [text for sheet in book.worksheets for text in (sheet.title, *(str(c.value) for c in sheet[1]))]


def test_the_csv_and_xlsx_headers_and_the_calendar_event_are_through_gettext():
    nef = lib("nef-framework")
    doc = filled(nef, perspectives=["you", "project"])
    earlier = {**filled(nef, perspectives=["you", "project"]), "date": "2025-05-04"}
    team = [*leeds_team()]
    session = session_for(LEEDS)
    shown_rounds = rounds_of(LEEDS, session, team)
    got = overview_teams(*SIX)
    plan_headings = [*plans.headings(nef).values(), *plans.headings(LEEDS).values()]
    with i18n.speaking(i18n.PSEUDO):
        headers = [
            *csv_header(sheets.csv_report(nef, doc, [earlier])),
            *csv_header(team_report.team_csv(LEEDS, session, shown_rounds)),
            *csv_header(overview_report.overview_csv(LEEDS, got)),
            *xlsx_headers(spreadsheets.assessment_xlsx(nef, doc, [earlier])),
            *xlsx_headers(spreadsheets.team_xlsx(LEEDS, session, shown_rounds, [session])),
            *xlsx_headers(overview_report.overview_xlsx(LEEDS, got)),
        ]
        event = calendar.to_ics("Youth forum 2026", date(2026, 11, 4), "uid", "")
        files = downloads_of(nef, doc)
    for header in headers:
        assert leftover(header, allowed=plan_headings) == [], header
    summary = next(line for line in event.splitlines() if line.startswith("SUMMARY:")).removeprefix("SUMMARY:")
    assert leftover(summary, allowed=TYPED) == []
    described = files["download-ics"].make().decode("utf-8").replace("\r\n ", "")
    description = next(line for line in described.splitlines() if line.startswith("DESCRIPTION:")).removeprefix("DESCRIPTION:")
    assert "⟦" in description and leftover(description.replace("\\", ""), allowed=[*TYPED, nef.short_title]) == []
    assert all("⟦" in file.label for file in files.values())


def downloads_of(instrument, doc: dict) -> dict:
    """An assessment's downloads as offered to a reader of the pseudo-language, from a store of its own."""
    from coprod.files import downloads
    from coprod.storage.memory import MemoryStore

    store = MemoryStore()
    saved = store.create({**doc, "status": A.FINISHED, "review_on": "2026-11-04"})
    return {file.key: file for file in downloads.of_assessment(instrument, store, saved)}
