"""The whole round trip of issue 27, as a Belgian youth worker would make it: IMAGINE translated
through the spreadsheet, a team session where one young person answers in French and another in
English, all answers one set, and the team PDF, a person's PDF and the paper pack in French carrying
the translated wording and the translator's credit."""

from __future__ import annotations

import io
import subprocess
import tomllib
from pathlib import Path

from openpyxl import load_workbook

from coprod.answers import assessment as A
from coprod.common import i18n
from coprod.files import paper
from coprod.files import report as reports
from coprod.files import team_report
from coprod.files import translation_files as F
from coprod.library import attribution, versions
from coprod.library import translation as T
from coprod.sessions import disclosure, languages
from coprod.sessions import lifecycle as S
from coprod.storage.memory import MemoryStore
from tests.apptest import LIB

IMAGINE = LIB.get("imagine-engagement")


def words(pdf: bytes, tmp_path: Path, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def translated_in_french(store) -> object:
    """IMAGINE into French through the spreadsheet, filled in with openpyxl as a translator would."""
    doc = versions.create(store, T.start(versions.copy_of(IMAGINE, versions.text_of(store, IMAGINE)), IMAGINE, "fr",
                                         "Maison de jeunes Le Pont"))
    source = tomllib.loads(versions.text_of(store, IMAGINE))
    book = load_workbook(io.BytesIO(F.to_xlsx(doc["draft"], source)))
    for row in book.worksheets[0].iter_rows(min_row=2):
        if row[0].value == "title":
            row[2].value = "Outil d'auto-évaluation de l'engagement IMAGINE"
        elif row[0].value.endswith(".name") and row[0].value.startswith("items."):
            row[2].value = f"Énoncé {row[0].value.split('.')[1]}"
    out = io.BytesIO()
    book.save(out)
    rows = F.read_xlsx(out.getvalue(), source)
    versions.edit(store, doc["token"], lambda d: F.apply(d, source, rows))
    return versions.snapshot(store, versions.save(store, doc["token"], LIB)["snapshot"])


def test_translate_by_spreadsheet_run_a_session_in_two_languages_and_print_in_french(tmp_path):
    store = MemoryStore()
    french = translated_in_french(store)
    assert french.language == "fr" and french.items[0].name == f"Énoncé {IMAGINE.items[0].id}"

    session = S.new_session(IMAGINE, title="Forum des jeunes", anonymous=True, roles=["Young person", "Staff"], min_group=1)
    languages.offer(session, IMAGINE, [french])
    session = S.open_session(store, session)
    view = session["perspective"]
    for n, lang in enumerate(["fr", "en", "fr"]):
        joined = S.join(store, IMAGINE, session["join_token"], role="Young person")
        theirs = languages.for_reader(store, LIB, joined, versions.instrument_for(store, LIB, joined), lang)
        assert theirs == (french if lang == "fr" else IMAGINE)
        for item in theirs.items:
            store.update(joined["token"], lambda d, i=item, n=n: (A.set_score(theirs, d, view, i.id, 2 + n),
                                                                  A.set_example(theirs, d, view, i.id, f"Exemple {n}")))
        S.submit(store, theirs, joined["token"])
    store.update(session["token"], S.reveal)
    session = store.get(session["token"])

    with i18n.speaking("fr"):
        shown_as = languages.for_reader(store, LIB, session, versions.instrument_for(store, LIB, session), i18n.language())
        assert shown_as == french
        docs, _unreadable = S.participants(store, session)
        rounds = disclosure.session_rounds(shown_as, session, docs)
        assert len(rounds[0].answers) == 3  # one set, whatever language each answered in
        team = words(team_report.team_pdf(shown_as, session, rounds), tmp_path, "team.pdf")
        person = words(reports.pdf_report(shown_as, docs[0]), tmp_path, "person.pdf")
        pack = words(paper.paper_pack(shown_as, session), tmp_path, "pack.pdf")
        credit = attribution.translated_by(shown_as)
    assert credit.startswith("Translated into") or "français" in credit
    for text in (team, person, pack):
        assert "Maison de jeunes Le Pont" in text
        assert " ".join(IMAGINE.source.citation().split()) in text
        assert "Outil d'auto-évaluation de l'engagement IMAGINE" in text
    assert f"Énoncé {IMAGINE.items[0].id}" in team
    with i18n.speaking("en"):  # the English reader of the same session sees the source's wording
        assert languages.for_reader(store, LIB, session, IMAGINE, i18n.language()) == IMAGINE
