"""Every file the app hands out, listed in one place per kind of document.

Pages draw their download buttons from these lists and nothing else (through coprod.ui.files), so a
check of the lists (no secret in any file, see tests/test_privacy.py) covers every download the app
offers. Each file says what it is made from (`state`, a digest): it is made when its button is drawn,
from the latest stored copy, and again only when that changes.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Callable

from coprod.answers import rounds
from coprod.charts import person as person_chart
from coprod.common import i18n
from coprod.common.i18n import _
from coprod.files import calendar, exchange, png, sheets
from coprod.library import versions
from coprod.library.model import Instrument
from coprod.sessions import disclosure
from coprod.sessions import lifecycle as S
from coprod.storage.interface import AssessmentStore

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Download:
    key: str
    label: str
    file_name: str
    mime: str
    icon: str
    make: Callable[[], bytes]
    state: str  # a digest of what the file is made from: the same state, the same file
    help: str = ""

    def __post_init__(self) -> None:
        """The reader's language, caught when the file is offered, goes with it: the file is made in
        that language wherever and whenever `make` runs (a thread, a click, no browser session), and
        the language is part of what the file is made from, so a file kept for a reader of one
        language is never handed to a reader of another."""
        lang = i18n.language()
        make = self.make

        def made() -> bytes:
            with i18n.speaking(lang):
                return make()

        object.__setattr__(self, "make", made)
        object.__setattr__(self, "state", state_of(self.state, lang))


# The PDF and spreadsheet code (fpdf2, openpyxl) is loaded by the first file made, not by listing the
# files: a page lists them as it draws and makes them last in its run (coprod.ui.files), and a fresh
# process's first results page drew everything under its first button only once these were loaded.
def _report():
    from coprod.files import report

    return report


def _team_report():
    from coprod.files import team_report

    return team_report


def _spreadsheets():
    from coprod.files import spreadsheets

    return spreadsheets


def state_of(*parts) -> str:
    """A digest of documents (and other JSON values) a file is made from."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def file_stem(doc: dict) -> str:
    stem = re.sub(r"[^A-Za-z0-9]+", "-", doc["title"]).strip("-").lower()[:40]
    return f"{stem or 'assessment'}-{doc.get('date') or doc.get('created_on', '')}"


def of_assessment(instrument: Instrument, store: AssessmentStore, doc: dict, earlier: list[dict] | None = None) -> list[Download]:
    """An assessment's files: the PDF plan, the CSV and XLSX, the chart, the JSON export and, once finished,
    the next review as a calendar event. `doc` names them; each is made from the latest stored copy.
    `earlier`: its earlier review rounds, where the page has read them already."""
    token = doc["token"]
    stem = file_stem(doc)
    state = state_of(instrument.fingerprint, doc, rounds.earlier_rounds(store, doc) if earlier is None else earlier)

    def latest() -> tuple[dict, list[dict]]:
        now = store.get(token)
        return now, rounds.earlier_rounds(store, now)

    def ics() -> bytes:
        now = store.get(token)
        return calendar.to_ics(now["title"], rounds.next_review(instrument, now), calendar.calendar_uid(token),
                               _("Review of {title} with the {toolkit}. Start the next round from its results page.").format(
                                   title=now["title"], toolkit=instrument.short_title)).encode("utf-8")

    files = [
        Download("download-pdf", _("PDF plan"), f"{stem}.pdf", "application/pdf", ":material/picture_as_pdf:",
                 lambda: _report().pdf_report(instrument, *latest()), state),
        # UTF-8 with a byte-order mark, so spreadsheet programs read accents and emoji correctly.
        Download("download-csv", _("CSV"), f"{stem}.csv", "text/csv", ":material/table:",
                 lambda: sheets.csv_report(instrument, *latest()).encode("utf-8-sig"), state),
        Download("download-xlsx", _("Spreadsheet (XLSX)"), f"{stem}.xlsx", XLSX, ":material/grid_on:",
                 lambda: _spreadsheets().assessment_xlsx(instrument, *latest()), state),
        *([Download("download-png", _("Chart (PNG)"), f"{stem}.png", "image/png", ":material/image:",
                    lambda: png.png_chart(instrument, store.get(token)), state)] if person_chart.has_chart(instrument) else []),
        Download("download-json", _("Everything (JSON)"), f"{stem}.json", "application/json", ":material/data_object:",
                 lambda: exchange.export_json(store.get(token), versions.file_of(store, instrument)).encode("utf-8"), state),
    ]
    if rounds.next_review(instrument, doc) is not None:
        files.append(Download("download-ics", _("Add to calendar (.ics)"), f"review-{stem}.ics", "text/calendar",
                              ":material/calendar_add_on:", ics, state))
    return files


def session_rounds(instrument: Instrument, store: AssessmentStore, session: dict) -> list[disclosure.Shown]:
    """What may be shown of each round of a session, first round first."""
    return read_rounds(instrument, store, session)[0]


def read_rounds(instrument: Instrument, store: AssessmentStore, session: dict) -> tuple[list[disclosure.Shown], int]:
    """The same, and how many participants' answers could not be read: they are left out of every
    round, and the facilitator's view says so."""
    docs, unreadable = S.participants(store, session)
    return disclosure.session_rounds(instrument, session, docs), unreadable


def of_session(instrument: Instrument, store: AssessmentStore, session: dict) -> list[Download]:
    """A team session's files: the team PDF, and the CSV and XLSX of all answers, each only ever
    holding what may be shown (`disclosure.session_rounds`)."""
    token = session["token"]
    state = state_of(instrument.fingerprint, session)

    def latest() -> tuple[dict, list[disclosure.Shown], list[dict]]:
        session = store.get(token)
        return session, session_rounds(instrument, store, session), rounds.earlier_rounds(store, session)

    return [
        Download("team-pdf", _("Team PDF"), "team-session.pdf", "application/pdf", ":material/picture_as_pdf:",
                 lambda: _team_report().team_pdf(instrument, *latest()), state),
        Download("team-csv", _("All answers (CSV)"), "team-session.csv", "text/csv", ":material/table:",
                 lambda: _team_report().team_csv(instrument, *latest()).encode("utf-8-sig"), state),
        Download("team-xlsx", _("All answers (XLSX)"), "team-session.xlsx", XLSX, ":material/grid_on:",
                 lambda: _spreadsheets().team_xlsx(instrument, *latest()), state),
    ]


def paper_forms(instrument: Instrument, store: AssessmentStore, session: dict, copies: int) -> list[Download]:
    """A session's blank paper forms, for its facilitator to print. By design each copy carries the
    session's join code (the code people type to join, as shown on the projector) and nothing else
    that opens anything: no link, no facilitator token, no participant's code (tests/test_paper.py)."""
    from coprod.files import paper  # PDF drawing, loaded when the forms are offered

    token = session["token"]
    return [Download("session-paper-pack", _("Blank paper pack (PDF)"), "paper-forms.pdf", "application/pdf", ":material/print:",
                     lambda: _in_room_language(lambda: paper.paper_pack(instrument, store.get(token), copies), session),
                     state_of(instrument.fingerprint, paper.pack_source(session), copies))]


def of_version(instrument: Instrument, number: int, text: str) -> list[Download]:
    """A saved personalised version's files: its TOML (`text`, as saved) and its blank paper pack."""
    data = text.encode("utf-8")
    return [
        Download("download-version", _("Download as TOML"), f"{instrument.id}-v{number}.toml", "application/toml",
                 ":material/download:", lambda: data, state_of(text),
                 help=_("Keep it, share it, or upload it again on the home page: it comes back as this very version.")),
        blank_paper_pack(instrument, f"{instrument.id}-v{number}-paper.pdf"),
    ]


def _in_room_language(make: Callable[[], bytes], session: dict) -> bytes:
    """A file handed to everyone in the room (the paper forms), in the language its facilitator chose
    (where they chose none, in the language of whoever asked for it)."""
    if session.get("language") not in i18n.LANGUAGES:
        return make()
    with i18n.speaking(session["language"]):
        return make()


def blank_paper_pack(instrument: Instrument, file_name: str) -> Download:
    """An instrument's blank form, to print: one copy, no session."""
    from coprod.files import paper

    return Download("paper-pack", _("Blank paper pack (PDF)"), file_name, "application/pdf", ":material/print:",
                    lambda: paper.paper_pack(instrument), state_of(instrument.fingerprint),
                    help=_("The toolkit as a form to fill in by hand: instructions, boxes to tick, lines for examples."))


def of_overview(instrument: Instrument, store: AssessmentStore, overview: dict) -> list[Download]:
    """An overview's files: its PDF, and one row per team × round × item as CSV and XLSX. None holds
    a link or a code (tests/test_privacy.py)."""
    from coprod.files import (
        overview_report,  # its PDF's drawing, loaded when an overview is shown
    )
    from coprod.overview import contributions, figures

    token = overview["token"]
    stem = file_stem({"title": overview["title"], "date": overview.get("created_on", "")})

    def teams() -> tuple[dict, list]:
        now = store.get(token)
        return now, figures.teams_of(contributions.contributions(store, now)[0])

    state = state_of(instrument.fingerprint, overview, overview.get("revision", 0))
    return [
        Download("overview-pdf", _("Overview PDF"), f"{stem}.pdf", "application/pdf", ":material/picture_as_pdf:",
                 lambda: overview_report.overview_pdf(instrument, *teams()), state),
        Download("overview-csv", _("All teams (CSV)"), f"{stem}.csv", "text/csv", ":material/table:",
                 lambda: overview_report.overview_csv(instrument, teams()[1]).encode("utf-8-sig"), state),
        Download("overview-xlsx", _("All teams (XLSX)"), f"{stem}.xlsx",
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ":material/grid_on:",
                 lambda: overview_report.overview_xlsx(instrument, teams()[1]), state),
    ]


def of_translation(doc: dict, source: dict) -> list[Download]:
    """A translated version's files for its translators (issue 27): the spreadsheet and the PO file,
    each one row per field with its source text and its translation so far. No link or code."""
    from coprod.common import i18n
    from coprod.common.i18n import _
    from coprod.files import translation_files

    draft = doc["draft"]
    stem = re.sub(r"[^A-Za-z0-9]+", "-", str(draft.get("id", "version"))).strip("-").lower()[:40] + "-" + str(draft.get("language", ""))
    state = state_of(draft, source, i18n.language())  # the spreadsheet's headings are in the reader's language
    return [
        Download("translation-xlsx", _("For translation (XLSX)"), f"{stem}.xlsx", XLSX, ":material/grid_on:",
                 lambda: translation_files.to_xlsx(draft, source), state,
                 help=_("One row per field: the source text, and your translation in the last column.")),
        Download("translation-po", _("For translation (PO)"), f"{stem}.po", "text/x-gettext-translation", ":material/translate:",
                 lambda: translation_files.to_po(draft, source, str(draft.get("title", ""))), state,
                 help=_("For a translator's own tool (Poedit, Weblate, Lokalise…)."))]
