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


def test_a_belgian_youth_worker_in_dutch_with_young_people_answering_in_french_and_in_dutch(tmp_path):
    """Issue 27's "done when": IMAGINE translated into Dutch through the spreadsheet and into French
    through a PO file, one session offering both, one young person answering in French and another
    in Dutch, and the team PDF downloaded in Dutch: Dutch wording, the Dutch translator's credit, the
    app's own words in Dutch, and every answer in one set."""
    from babel.messages.pofile import read_po, write_po

    store = MemoryStore()
    source = tomllib.loads(versions.text_of(store, IMAGINE))

    dutch = versions.create(store, T.start(versions.copy_of(IMAGINE, versions.text_of(store, IMAGINE)), IMAGINE, "nl",
                                           "Jeugdhuis De Brug"))
    book = load_workbook(io.BytesIO(F.to_xlsx(dutch["draft"], source)))
    for row in book.worksheets[0].iter_rows(min_row=2):
        if row[0].value.startswith("items.") and row[0].value.endswith(".name"):
            row[2].value = f"Stelling {row[0].value.split('.')[1]}"
    out = io.BytesIO()
    book.save(out)
    versions.edit(store, dutch["token"], lambda d: F.apply(d, source, F.read_xlsx(out.getvalue(), source)))
    dutch = versions.snapshot(store, versions.save(store, dutch["token"], LIB)["snapshot"])

    french = versions.create(store, T.start(versions.copy_of(IMAGINE, versions.text_of(store, IMAGINE)), IMAGINE, "fr",
                                            "Maison de jeunes Le Pont"))
    catalog = read_po(io.BytesIO(F.to_po(french["draft"], source, "IMAGINE")))
    for message in catalog:
        if message.id and str(message.context).endswith(".name") and str(message.context).startswith("items."):
            message.string = f"Énoncé {str(message.context).split('.')[1]}"
    filled = io.BytesIO()
    write_po(filled, catalog)
    versions.edit(store, french["token"], lambda d: F.apply(d, source, F.read_po(filled.getvalue(), source)))
    french = versions.snapshot(store, versions.save(store, french["token"], LIB)["snapshot"])

    session = S.new_session(IMAGINE, title="Jeugdforum", anonymous=True, roles=["Jongere"], min_group=1, language="nl")
    languages.offer(session, IMAGINE, [dutch, french])
    session = S.open_session(store, session)
    view = session["perspective"]
    for n, lang in enumerate(["fr", "nl"]):
        joined = S.join(store, IMAGINE, session["join_token"], role="Jongere")
        theirs = languages.for_reader(store, LIB, joined, versions.instrument_for(store, LIB, joined), lang)
        assert theirs.language == lang and theirs.items[0].name != IMAGINE.items[0].name
        for item in theirs.items:
            store.update(joined["token"], lambda d, i=item, n=n: (A.set_score(theirs, d, view, i.id, 1 + n),
                                                                  A.set_example(theirs, d, view, i.id, f"Voorbeeld {n}")))
        S.submit(store, theirs, joined["token"])
    store.update(session["token"], S.reveal)
    session = store.get(session["token"])

    with i18n.speaking("nl"):
        shown_as = languages.for_reader(store, LIB, session, versions.instrument_for(store, LIB, session), i18n.language())
        docs, _unreadable = S.participants(store, session)
        rounds = disclosure.session_rounds(shown_as, session, docs)
        team = words(team_report.team_pdf(shown_as, session, rounds), tmp_path, "team.pdf")
        credit = " ".join(attribution.translated_by(shown_as).split())
        app_words = [i18n._("Team session"), i18n._("Taking part")]
    assert shown_as == dutch and len(rounds[0].answers) == 2  # both young people, whatever language they answered in
    assert f"Stelling {IMAGINE.items[0].id}" in team and "Jeugdhuis De Brug" in team and credit in team
    assert credit.startswith("Vertaald") or "Nederlands" in credit
    assert all(word in team and word not in ("Team session", "Taking part") for word in app_words)
    assert f"Énoncé {IMAGINE.items[0].id}" not in team and IMAGINE.items[0].name not in team
