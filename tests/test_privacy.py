"""The promises made to the people who answer, each kept by one mechanism and checked here:
a round stays private until it is revealed; nobody in a group under the minimum can be singled out
from any screen, chart, PDF or CSV; no download carries anything that opens stored answers; people can
take their answers away and nothing of them stays; links and codes cannot be found by trying many;
two people editing one plan keep both edits; what was typed survives an error and a hurried exit."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import time
import zipfile
import zlib
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coprod.answers import assessment as A
from coprod.answers import plans, raters, rounds
from coprod.cli import main as cli
from coprod.files import calendar, downloads
from coprod.sessions import lifecycle as S
from coprod.sessions import retention
from coprod.storage.interface import NotFound, format_code
from coprod.storage.limits import FailedLookups, TooManyTries
from coprod.storage.tinydb import TinyDBStore
from coprod.ui.autosave import key_for, plan_key
from tests.apptest import (
    LEEDS,
    LIB,
    chart_rows,
    everything_shown,
    page,
    session_with,
    submit,
)

PEOPLE = [
    (S.DEFAULT_ROLES[0], 2, "SECRET-A young people were not asked"),
    (S.DEFAULT_ROLES[0], 3, "SECRET-B we told them afterwards"),
    (S.DEFAULT_ROLES[0], 2, "SECRET-C nobody came"),
    (S.DEFAULT_ROLES[1], 8, "SECRET-D the forum chose the budget"),
    (S.DEFAULT_ROLES[1], 9, "SECRET-E young people chair it"),
    (S.DEFAULT_ROLES[1], 8, "SECRET-F they ran the interviews"),
]


def pdf_text(data: bytes, folder: Path, layout: bool = True) -> str:
    path = folder / f"out-{time.monotonic_ns()}.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", *(["-layout"] if layout else []), str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def file_texts(data: bytes, folder: Path) -> str:
    """Everything a downloaded file holds as text: its raw bytes, and for a PDF its text and every
    compressed stream, for a PNG its text chunks, for an XLSX (a zip) every file inside it."""
    parts = [data.decode("latin-1")]
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as zipped:
            parts += [zipped.read(name).decode("utf-8") for name in zipped.namelist()]
    if data.startswith(b"%PDF"):
        parts.append(pdf_text(data, folder, layout=False))
        for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
            try:
                parts.append(zlib.decompress(stream).decode("latin-1"))
            except zlib.error:
                continue
    if data.startswith(b"\x89PNG"):
        at = 8
        while at < len(data):
            length = int.from_bytes(data[at:at + 4], "big")
            kind, body = data[at + 4:at + 8], data[at + 8:at + 8 + length]
            if kind in (b"tEXt", b"iTXt"):
                parts.append(body.decode("latin-1"))
            elif kind == b"zTXt":
                parts.append(zlib.decompress(body.split(b"\0", 1)[1][1:]).decode("latin-1"))
            at += 12 + length
    return "\n".join(parts)


# --------------------------------------------------------------------------- 1. a round stays private until revealed


def test_a_second_round_shows_counts_only_until_revealed_while_the_first_stays_on_screen(data_dir, tmp_path):
    store, session, tokens = session_with(data_dir, PEOPLE)
    store.update(session["token"], S.reveal)
    S.start_second_round(store, session["token"])
    for token, score in zip(tokens[:3], (1, 9, 5)):
        submit(store, token, score, f"ROUND2-SECRET we changed our minds ({score})")

    at = page("app_pages/session.py", f=session["token"])
    assert not at.exception
    shown = everything_shown(at)
    assert "ROUND2-SECRET" not in shown
    assert "SECRET-A" in shown and "What everyone said in round 1" in shown  # the first round, frozen
    assert "Submitted (round 2): 3 of 6 joined" in shown
    assert at.button(key="reveal").label == "Reveal round 2 to everyone"
    for file in downloads.of_session(LEEDS, store, store.get(session["token"])):
        assert "ROUND2-SECRET" not in file_texts(file.make(), tmp_path), file.label

    at.button(key="reveal").click().run()
    shown = everything_shown(at)
    assert "ROUND2-SECRET" in shown and "What everyone said in round 2" in shown
    assert "How the conversation moved people" in shown
    assert any("ROUND2-SECRET" in file_texts(f.make(), tmp_path) for f in downloads.of_session(LEEDS, store, store.get(session["token"])))


# --------------------------------------------------------------------------- 2. nobody singled out

LONE, STAFF = "Young person", "Staff"
LONE_EXAMPLE = "LONE-7Q the only young person in the room said this"


def lone_session(data_dir, anonymous: bool):
    """Three staff and one young person, alone in their role group; the smallest group shown is 3."""
    store = TinyDBStore(data_dir)
    session = S.open_session(store, S.new_session(LEEDS, title="Forum", anonymous=anonymous, roles=[LONE, STAFF], min_group=3))
    people = [(LONE, "Jolyon", 1, LONE_EXAMPLE), (STAFF, "Sam", 8, "STAFF-A we plan it"), (STAFF, "Ali", 9, "STAFF-B they chair it"),
              (STAFF, "Kim", 8, "STAFF-C they ran the interviews")]
    for role, name, score, example in people:
        submit(store, S.join(store, LEEDS, session["join_token"], role=role, name=name)["token"], score, example)
    store.update(session["token"], S.reveal)
    return store, store.get(session["token"])


def ties(unit: str, anonymous: bool) -> bool:
    """Whether one piece of output names the lone person's role beside their answer or name."""
    theirs = ["LONE-7Q"] + ([] if anonymous else ["Jolyon"])
    return LONE in unit and any(t in unit for t in theirs)


@pytest.mark.parametrize("anonymous", [True, False], ids=["anonymous", "named"])
def test_nothing_ties_a_lone_persons_answers_to_their_role(data_dir, tmp_path, anonymous):
    store, session = lone_session(data_dir, anonymous)
    at = page("app_pages/session.py", f=session["token"])
    assert not at.exception
    assert "LONE-7Q" in everything_shown(at)  # the answer is shown, just not whose
    elements = [str(e.value) for kind in ("markdown", "text", "caption", "info", "warning", "code") for e in getattr(at, kind)]
    elements += [t.value.to_csv() for t in at.table] + [d.value.to_csv() for d in at.dataframe]
    assert not [e for e in elements if ties(e.replace("\\", ""), anonymous)]
    rows = chart_rows(at)
    assert rows and not [r for r in rows if LONE in json.dumps(r, ensure_ascii=False)]  # no chart row names the small group

    files = {f.key: f.make() for f in downloads.of_session(LEEDS, store, session)}
    lines = pdf_text(files["team-pdf"], tmp_path).splitlines()
    assert any("LONE-7Q" in line for line in lines)
    assert not [line for line in lines if ties(line, anonymous)]
    table = list(csv.DictReader(io.StringIO(files["team-csv"].decode("utf-8-sig"))))
    answers = [r for r in table if r["kind"] == "answer"]
    theirs = [r for r in answers if r["example"] == LONE_EXAMPLE]
    assert theirs and all(r["role"] != LONE for r in theirs)
    sharing = {r["person"] for r in answers if r["role"] == theirs[0]["role"]}
    assert len(sharing) >= session["min_group"]  # whatever role they carry, at least the minimum share it


# --------------------------------------------------------------------------- 3. no download carries a secret


def secrets_of(data_dir: Path) -> set[str]:
    """Every token, code and key the store holds: anything that opens anything."""
    found = set()
    for path in data_dir.rglob("*"):
        if path.is_file() and path.parent.name in ("codes", "join", "join-code", "rate", "contribute", "contribute-code"):
            found |= {path.name, path.read_text().strip()}
    for path in (data_dir / "assessments").glob("*.json"):
        for doc in json.loads(path.read_text())["assessment"].values():
            found |= {doc["token"], *([doc["code"]] if "code" in doc else []), *doc.get("rounds_before", []), *doc.get("participants", [])}
            found |= {doc[k] for k in ("join_token", "join_code", "contribute_key", "contribute_code", "overview") if k in doc}
            found |= {*doc.get("contributions", [])}
            if doc.get("session"):
                found.add(doc["session"]["join"])
            found |= {*doc.get("raters", []), *([doc["rate_key"]] if doc.get("rate_key") else [])}
            if doc.get("rates"):
                found.add(doc["rates"]["key"])
    return found | {format_code(s) for s in found if len(s) == 10}


def three_rounds(store) -> list[dict]:
    docs, previous = [], None
    for n, day in enumerate((date(2026, 1, 10), date(2026, 4, 10), date(2026, 7, 10))):
        doc = rounds.new_round(LEEDS, previous, on=day) if previous else A.new_assessment(LEEDS, title="Walk", role="volunteer", on=day)
        for item in LEEDS.items:
            A.set_score(LEEDS, doc, "main", item.id, 3 + n)
            A.set_example(LEEDS, doc, "main", item.id, f"Round {n + 1}: the walkers chose the route")
        A.finish(LEEDS, doc, today=day)
        previous = store.create(doc)
        docs.append(previous)
    return docs


def test_no_download_of_any_page_carries_a_token_or_code(data_dir, tmp_path):
    store = TinyDBStore(data_dir)
    assessments = three_rounds(store)
    assessments.append(store.create(A.copy_as_draft(assessments[-1])))
    _, session, tokens = session_with(data_dir, PEOPLE)
    store.update(session["token"], S.reveal)
    S.start_second_round(store, session["token"])
    submit(store, tokens[0], 7, "round two")
    imagine = LIB.get("imagine-engagement")
    rated = store.create(A.new_assessment(imagine, title="Pilot", role="participant"))
    rating = raters.join(store, imagine, raters.invitation(store, rated["token"]), name="Sam")
    secrets = secrets_of(data_dir)
    assert len(secrets) > 30 and rating["rates"]["key"] in secrets

    files = []
    for doc in [store.get(rated["token"]), store.get(rating["token"])]:
        files += downloads.of_assessment(imagine, store, doc)
    for doc in [*assessments, *(store.get(t) for t in tokens)]:
        files += downloads.of_assessment(LEEDS, store, store.get(doc["token"]))
    files += downloads.of_session(LEEDS, store, store.get(session["token"]))
    from coprod.overview import contributions as overviews  # an overview holding a session and an assessment

    overview = overviews.open_overview(store, overviews.new_overview(LEEDS, title="Overview"))
    for source, team in ((store.get(session["token"]), "Forum"), (store.get(assessments[-2]["token"]), "Walkers")):
        overviews.contribute(store, LEEDS, store.get(overview["token"]), overviews.source_of(LEEDS, source), team=team, tags=[],
                             examples=True, plan=True)
    files += downloads.of_overview(LEEDS, store, store.get(overview["token"]))
    secrets = secrets_of(data_dir)
    assert {f.key for f in files} == {"download-pdf", "download-csv", "download-xlsx", "download-png", "download-json", "download-ics",
                                      "team-pdf", "team-csv", "team-xlsx", "overview-pdf", "overview-csv", "overview-xlsx"}
    for file in files:
        text = file_texts(file.make(), tmp_path)
        leaked = [s for s in secrets if s in text]
        assert not leaked, (file.file_name, leaked)


def test_every_download_button_on_a_page_comes_from_the_one_list(data_dir):
    store = TinyDBStore(data_dir)
    latest = three_rounds(store)[2]
    at = page("app_pages/results.py", a=latest["token"])
    assert sorted(b.label for b in at.get("download_button")) == sorted(f.label for f in downloads.of_assessment(LEEDS, store, latest))
    _, session, _ = session_with(data_dir, PEOPLE)
    store.update(session["token"], S.reveal)
    at = page("app_pages/session.py", f=session["token"])
    offered = [*downloads.of_session(LEEDS, store, session), *downloads.paper_forms(LEEDS, store, session, 1)]
    assert sorted(b.label for b in at.get("download_button")) == sorted(f.label for f in offered)


def test_the_calendar_files_uid_is_derived_one_way():
    uid = calendar.calendar_uid("x" * 22)
    assert uid == calendar.calendar_uid("x" * 22) and "x" * 6 not in uid and len(uid) == 32


# --------------------------------------------------------------------------- 4. taking answers away


def everything_in(folder: Path) -> str:
    return "\n".join(f"{p}\n{p.read_bytes().decode('latin-1')}" for p in folder.rglob("*") if p.is_file())


def test_deleting_an_assessment_with_its_earlier_rounds_leaves_nothing(data_dir):
    store = TinyDBStore(data_dir)
    docs = three_rounds(store)
    keep = store.create(A.new_assessment(LEEDS, title="Someone else's", role="x"))
    at = page("app_pages/score.py", a=docs[2]["token"])
    assert any("deletes “Walk” of 2026-07-10" in t.value for t in at.text)
    at.checkbox(key="delete-earlier").check()
    at.checkbox(key="delete-sure").check().run()
    at.button(key="delete").click().run()
    assert not at.exception
    left = everything_in(data_dir)
    for doc in docs:
        for secret in (doc["token"], doc["code"]):
            assert secret not in left
    assert "Walk" not in left and "walkers chose" not in left
    assert store.get(keep["token"])["title"] == "Someone else's"
    assert any("Deleted: 3 assessments" in s.value for s in at.success)  # said on the home page
    assert page("app_pages/score.py", a=docs[2]["token"]).title[0].value == "Assessment not found"


def test_delete_is_refused_until_confirmed(data_dir):
    store = TinyDBStore(data_dir)
    doc = store.create(A.new_assessment(LEEDS, title="Mine", role="x"))
    at = page("app_pages/score.py", a=doc["token"])
    assert at.button(key="delete").disabled
    assert store.get(doc["token"])["title"] == "Mine"


def test_deleting_a_session_removes_everyones_answers_links_and_codes(data_dir):
    store, session, tokens = session_with(data_dir, PEOPLE, title="DELETE-ME session")
    store.update(session["token"], S.reveal)
    _, _, others = session_with(data_dir, [(S.DEFAULT_ROLES[0], 5, "Another person's answer")], title="Another session")
    at = page("app_pages/session.py", f=session["token"])
    assert any("the answers of all 6 people" in t.value for t in at.text)
    at.checkbox(key="delete-sure").check().run()
    at.button(key="delete").click().run()
    assert not at.exception
    left = everything_in(data_dir)
    for secret in [session["token"], session["join_token"], session["join_code"], *tokens]:
        assert secret not in left
    leftover = [line for line in left.splitlines() if "DELETE-ME" in line or "SECRET-" in line]
    assert not leftover
    with pytest.raises(NotFound):
        S.find_by_join(store, join_token=session["join_token"])
    assert store.get(others[0])["role"] == PEOPLE[0][0]  # another session is untouched


def test_a_participant_can_withdraw_before_the_reveal_but_not_after(data_dir):
    store, session, tokens = session_with(data_dir, PEOPLE)
    at = page("app_pages/score.py", a=tokens[0])
    at.checkbox(key="withdraw-sure").check().run()
    at.button(key="withdraw").click().run()
    assert not at.exception
    assert tokens[0] not in store.get(session["token"])["participants"]
    assert "SECRET-A" not in everything_in(data_dir) and tokens[0] not in everything_in(data_dir)
    store.update(session["token"], S.reveal)
    after = page("app_pages/score.py", a=tokens[1])
    assert not after.get("button") or all(b.key != "withdraw" for b in after.button)
    assert "can no longer be withdrawn" in everything_shown(after)
    with pytest.raises(S.Refused):
        retention.withdraw(store, tokens[1])


def age(data_dir: Path, token: str, days: float) -> None:
    path = data_dir / "assessments" / f"{token}.json"
    data = json.loads(path.read_text())
    data["assessment"]["1"]["updated_at"] = time.time() - days * 86400
    path.write_text(json.dumps(data))


def test_purge_deletes_only_what_nobody_touched_for_that_long(data_dir, capsys):
    store = TinyDBStore(data_dir)
    old = store.create(A.new_assessment(LEEDS, title="Old", role="x"))
    new = store.create(A.new_assessment(LEEDS, title="New", role="x"))
    _, quiet, quiet_people = session_with(data_dir, PEOPLE[:2], title="Quiet session")
    _, busy, busy_people = session_with(data_dir, PEOPLE[:2], title="Busy session")
    for token in (old["token"], quiet["token"], *quiet_people, busy["token"], busy_people[0]):
        age(data_dir, token, 500)  # the busy session's second person answered recently

    assert cli(["purge", "--older-than", "400d", "--dry-run"]) == 0
    said = capsys.readouterr().out
    assert "would delete 1 assessment and 1 session (4 stored documents)" in said
    assert store.get(old["token"])["title"] == "Old"

    assert cli(["purge", "--older-than", "400d"]) == 0
    assert "deleted 1 assessment and 1 session" in capsys.readouterr().out
    for gone in (old["token"], quiet["token"], *quiet_people):
        with pytest.raises(NotFound):
            store.get(gone)
    assert store.get(new["token"]) and store.get(busy["token"]) and store.get(busy_people[0])
    assert "Quiet session" not in everything_in(data_dir)
    assert cli(["purge", "--older-than", "soon"]) == 2


# --------------------------------------------------------------------------- 5. guessing links and codes


def test_failed_lookups_are_limited_per_client_and_recover():
    now = [1000.0]
    limit = FailedLookups(limit=20, window=60, clock=lambda: now[0])
    for _ in range(20):
        limit.check("a")
        limit.failed("a")
    with pytest.raises(TooManyTries) as waited:
        limit.check("a")
    assert 59 <= waited.value.wait <= 60 and "Wait 60 seconds" in str(waited.value)
    limit.check("b")  # another client is not held up
    now[0] += 61
    limit.check("a")


def test_the_resume_form_stops_after_twenty_wrong_codes(data_dir):
    doc = TinyDBStore(data_dir).create(A.new_assessment(LEEDS, title="Mine", role="x"))
    at = page("app_pages/score.py")
    box = [t for t in at.text_input if t.label.startswith("Carry on")][0]
    for n in range(20):
        box.input(f"AAAAA-{n:05d}")
        [b for b in at.button if b.label == "Carry on"][0].click().run()
        assert "No assessment has that code" in at.error[0].value
    box.input(format_code(doc["code"]))
    [b for b in at.button if b.label == "Carry on"][0].click().run()
    assert "Too many codes that did not match" in at.error[0].value
    assert "a" not in at.query_params
    # a link is never guessed, so it is never limited: a wrong one says there is nothing there...
    assert "There is no session at this link" in everything_shown(page("app_pages/join.py", s="y" * 22))
    # ...and the person's own link still opens (tests/test_access.py: for a whole room behind one address)
    assert not page("app_pages/score.py", a=doc["token"]).exception


# --------------------------------------------------------------------------- 6. two people editing one plan


def finished_leeds(data_dir) -> dict:
    doc = A.new_assessment(LEEDS, title="Walk", role="volunteer")
    for n, item in enumerate(LEEDS.items):
        A.set_score(LEEDS, doc, "main", item.id, 2 + n)
        A.set_example(LEEDS, doc, "main", item.id, "The walkers chose the route.")
    A.finish(LEEDS, doc)
    return TinyDBStore(data_dir).create(doc)


def edit(at, token, revision, edited=None, added=None, deleted=None):
    at.session_state[plan_key(token, revision)] = {"edited_rows": edited or {}, "added_rows": added or [], "deleted_rows": deleted or []}
    at.run()
    assert not at.exception


def test_two_tabs_editing_the_plan_keep_both_edits_on_the_right_rows(data_dir):
    doc = finished_leeds(data_dir)
    token = doc["token"]
    first, second = page("app_pages/results.py", a=token), page("app_pages/results.py", a=token)
    shown = plans.plan_of(LEEDS, doc)  # what both tabs show, weakest first
    edit(first, token, 0, edited={0: {"who": "Aisha"}})
    edit(second, token, 0, edited={1: {"who": "Ben"}}, deleted=[2])  # against the plan as it was
    stored = {row["id"]: row for row in TinyDBStore(data_dir).get(token)["plan"]}
    assert stored[shown[0]["id"]]["who"] == "Aisha" and stored[shown[1]["id"]]["who"] == "Ben"
    assert shown[2]["id"] not in stored and len(stored) == len(shown) - 1

    edit(first, token, 1, edited={0: {"who": "Aisha and Tom"}})  # the first tab still shows revision 1
    edit(second, token, 2, edited={0: {"who": "Zoë"}})
    row = next(r for r in TinyDBStore(data_dir).get(token)["plan"] if r["id"] == shown[0]["id"])
    assert row["who"] == "Aisha and Tom"  # the first save stands
    said = everything_shown(second)
    assert "Some of your plan edits were not saved" in said and "someone else changed this cell" in said
    assert "Zoë" in [c.value for c in second.code]  # what was typed is given back, to copy


@settings(max_examples=40, deadline=None)
@given(edited=st.dictionaries(st.integers(0, 5), st.sampled_from(["Aisha", "Ben", "Zoë"]), max_size=6),
       removed=st.sets(st.integers(0, 5)), shuffle=st.randoms())
def test_merged_edits_land_on_the_rows_they_were_made_on(edited, removed, shuffle):
    doc = {"perspectives": ["main"], "answers": {"main": {}}}
    base = plans.plan_of(LEEDS, doc)
    stored = [row for n, row in enumerate(base) if n not in removed]
    shuffle.shuffle(stored)  # someone else deleted and reordered rows meanwhile
    merged, refused = plans.merge(stored, base, plans.edits_from_table(base, {i: {"who": w} for i, w in edited.items()}, [], []))
    by_id = {row["id"]: row for row in merged}
    for index, who in edited.items():
        if index in removed:
            assert base[index]["id"] not in by_id and any(r.typed == who for r in refused)
        else:
            assert by_id[base[index]["id"]]["who"] == who
    assert len(merged) == len(stored)


# --------------------------------------------------------------------------- 7. what was typed is kept


def test_a_refused_save_keeps_what_was_typed_and_says_why(data_dir):
    store = TinyDBStore(data_dir)
    doc = store.create(A.new_assessment(LEEDS, title="Walk", role="volunteer"))
    at = page("app_pages/score.py", a=doc["token"])
    at.text_area(key=key_for(doc["token"], "example", "main", "assets")).input("TYPED while another tab finished it")

    def finish_elsewhere(d):
        for item in LEEDS.items:
            A.set_score(LEEDS, d, "main", item.id, 5)
            A.set_example(LEEDS, d, "main", item.id, "From the other tab.")
        A.finish(LEEDS, d)

    store.update(doc["token"], finish_elsewhere)
    at.run()
    assert not at.exception
    assert "Not saved" in at.warning[0].value and "finished" in at.warning[0].value
    assert "TYPED while another tab finished it" in [c.value for c in at.code]


def test_a_participants_and_the_facilitators_inputs_never_share_a_key(data_dir):
    store, session, tokens = session_with(data_dir, [*PEOPLE, (S.DEFAULT_ROLES[2], None, "")])
    store.update(session["token"], S.reveal)
    me = tokens[-1]
    at = page("app_pages/score.py", a=me)
    at.text_area(key=key_for(me, "example", "main", "assets")).input("MINE as a participant").run()
    at.query_params.clear()
    at.query_params["f"] = session["token"]
    at.switch_page("app_pages/session.py").run()
    agreed = at.text_area(key=key_for(session["token"], "example", "main", "assets"))
    assert agreed.value == ""
    agreed.input("AGREED by the group").run()
    assert A.answer(store.get(me), "main", "assets")["example"] == "MINE as a participant"
    assert A.answer(store.get(session["token"]), "main", "assets")["example"] == "AGREED by the group"


# --------------------------------------------------------------------------- 8. saying what is kept


def test_the_your_data_page_and_the_join_page_say_what_is_kept(data_dir, monkeypatch):
    monkeypatch.setenv("COPROD_RETENTION_DAYS", "400")
    at = page("app_pages/your_data.py")
    said = everything_shown(at)
    for words in ("What is kept", "Where it is kept", "Who can open it", "How long it is kept", "How to delete it",
                  "nothing", "400 days", "Withdraw my answers", "Delete this assessment"):
        assert words in said, words
    _, anonymous, _ = session_with(data_dir, [])
    join = page("app_pages/join.py", s=anonymous["join_token"])
    assert "This session is anonymous" in everything_shown(join)
    assert "your_data" in [link.proto.page for link in join.get("page_link")]
    _, named, _ = session_with(data_dir, [], anonymous=False)
    assert "This session is named" in everything_shown(page("app_pages/join.py", s=named["join_token"]))
