"""Team sessions in the store: links, joining, privacy, limits, rounds, closing, and 50 people
submitting at the same moment."""

import base64
import threading

import pytest

from coprod.answers import assessment as A
from coprod.library.loading import load_library
from coprod.sessions import disclosure
from coprod.sessions import lifecycle as S
from coprod.storage.interface import NotFound
from coprod.storage.tinydb import TinyDBStore
from tests import stores
from tests.conftest import ROOT

LIB = load_library(ROOT / "instruments")
LEEDS = LIB.get("leeds-six-principles")
NEF = LIB.get("nef-framework")


@pytest.fixture(params=stores.KINDS)
def store(request, tmp_path):
    """Sessions on every store (a session's flow must not depend on which one)."""
    return stores.make(request.param, tmp_path, request).store


def opened(store, instrument=LEEDS, **options):
    settings = {"title": "Youth forum review", "anonymous": True, "roles": list(S.DEFAULT_ROLES), **options}
    return S.open_session(store, S.new_session(instrument, **settings))


def submit(store, instrument, token, score, example="We ran the Tuesday club together."):
    def fill(d):
        view = d["perspectives"][0]
        for item in instrument.items:
            A.set_score(instrument, d, view, item.id, score)
            A.set_example(instrument, d, view, item.id, example)

    store.update(token, fill)
    S.submit(store, instrument, token)


def shown(store, session_token, round_number=None):
    """What may be shown of a round of the session as it is stored now."""
    session = store.get(session_token)
    docs, _ = S.participants(store, session)
    return disclosure.displayable(LEEDS, session, docs, round_number)


def test_a_new_session_checks_its_settings():
    with pytest.raises(A.BadInput, match="title"):
        S.new_session(LEEDS, title=" ", anonymous=True, roles=["Staff"])
    with pytest.raises(A.BadInput, match="role group"):
        S.new_session(LEEDS, title="x", anonymous=True, roles=["", "  "])
    with pytest.raises(A.BadInput, match="between 1 and 50"):
        S.new_session(LEEDS, title="x", anonymous=True, roles=["Staff"], min_group=0)
    session = S.new_session(NEF, title="x", anonymous=False, roles=["Staff", "Staff", "Young person"], perspective="project")
    assert session["roles"] == ["Staff", "Young person"] and session["perspective"] == "project"


def test_join_and_facilitator_links_are_different_unguessable_secrets(store):
    session = opened(store)
    facilitator, join = session["token"], session["join_token"]
    assert facilitator != join
    for token in (facilitator, join):
        assert len(base64.urlsafe_b64decode(token + "==")) >= 16  # at least 128 bits
    assert S.find_by_join(store, join_token=join)["token"] == facilitator
    assert S.find_by_join(store, join_code=session["join_code"].lower())["token"] == facilitator
    with pytest.raises(NotFound):
        store.get(join)  # the participant's link never opens the facilitator's document
    with pytest.raises(NotFound):
        S.find_by_join(store, join_token=facilitator)  # and the facilitator link is no join link


def test_joining_creates_a_private_assessment_per_person(store):
    session = opened(store)
    a = S.join(store, LEEDS, session["join_token"], role=S.DEFAULT_ROLES[0], name="Łukasz")
    b = S.join(store, LEEDS, session["join_token"], role=S.DEFAULT_ROLES[1])
    assert a["token"] != b["token"] and a["title"] == "Youth forum review"
    assert a["name"] == ""  # the session is anonymous: no name is stored at all
    assert "Łukasz" not in repr(store.get(a["token"]))
    assert store.get(session["token"])["participants"] == [a["token"], b["token"]]
    assert S.session_of(store, store.get(a["token"]))["token"] == session["token"]


def test_a_named_session_keeps_names(store):
    session = opened(store, anonymous=False)
    a = S.join(store, LEEDS, session["join_token"], role="Staff or professional", name="Aisha")
    assert store.get(a["token"])["name"] == "Aisha"
    submit(store, LEEDS, a["token"], 5)
    store.update(session["token"], S.reveal)
    assert [x.person for x in shown(store, session["token"]).answers] == []  # one person: under the minimum
    store.update(session["token"], lambda s: s.update(min_group=1))
    assert [x.person for x in shown(store, session["token"]).answers] == ["Aisha"]


def test_joining_is_refused_with_an_unknown_role_when_closed_or_full(store, monkeypatch):
    session = opened(store)
    with pytest.raises(S.Refused, match="role"):
        S.join(store, LEEDS, session["join_token"], role="Made up")
    monkeypatch.setattr(S, "MAX_PARTICIPANTS", 2)
    for _ in range(2):
        S.join(store, LEEDS, session["join_token"], role=S.DEFAULT_ROLES[0])
    with pytest.raises(S.Refused, match="at most 2"):
        S.join(store, LEEDS, session["join_token"], role=S.DEFAULT_ROLES[0])
    S.close(store, session["token"])
    with pytest.raises(S.Refused, match="closed"):
        S.join(store, LEEDS, session["join_token"], role=S.DEFAULT_ROLES[0])


def test_only_submitted_answers_count_and_anonymous_people_are_numbered_not_in_joining_order(store):
    session = opened(store, min_group=2)
    tokens = [S.join(store, LEEDS, session["join_token"], role=S.DEFAULT_ROLES[n % 2])["token"] for n in range(3)]
    submit(store, LEEDS, tokens[0], 2)
    submit(store, LEEDS, tokens[2], 8)
    s = store.get(session["token"])
    docs, unreadable = S.participants(store, s)
    assert unreadable == 0
    now = disclosure.status(s)
    assert (now.joined, now.submitted, now.people) == (3, 2, ())  # anonymous: counts, no per-person rows
    assert dict(now.by_role) == {S.DEFAULT_ROLES[0]: 2, S.DEFAULT_ROLES[1]: 1}  # who joined; never who submitted
    assert shown(store, session["token"]).answers == ()  # nothing before the reveal
    store.update(session["token"], S.reveal)
    answers = shown(store, session["token"]).answers
    assert sorted(a.scores["assets"] for a in answers) == [2, 8]
    assert {a.person for a in answers} <= {"Participant 1", "Participant 2", "Participant 3"}
    # Numbers follow an order keyed by the session's secret, so they do not tell who joined first.
    orders = set()
    for _ in range(12):
        again = opened(store, min_group=2)
        joined = [S.join(store, LEEDS, again["join_token"], role=S.DEFAULT_ROLES[0])["token"] for _ in range(3)]
        for n, token in enumerate(joined):
            submit(store, LEEDS, token, n + 1)
        store.update(again["token"], S.reveal)
        orders.add(tuple(a.scores["assets"] for a in shown(store, again["token"]).answers))
    assert len(orders) > 1


def test_a_second_round_keeps_the_first(store):
    session = opened(store)
    token = S.join(store, LEEDS, session["join_token"], role=S.DEFAULT_ROLES[0])["token"]
    submit(store, LEEDS, token, 3)
    with pytest.raises(S.Refused):
        S.start_second_round(store, session["token"])  # not revealed yet
    store.update(session["token"], S.reveal)
    S.start_second_round(store, session["token"])
    participant = store.get(token)
    assert participant["status"] == A.DRAFT and participant["rounds"]["1"]["assets"]["score"] == 3
    submit(store, LEEDS, token, 7)
    store.update(session["token"], lambda s: s.update(min_group=1))
    assert [a.scores["assets"] for a in shown(store, session["token"], 1).answers] == [3]
    assert not S.is_revealed(store.get(session["token"]))  # round 2 is revealed on its own
    second = shown(store, session["token"], 2)
    assert (second.revealed, second.submitted, second.answers) == (False, 1, ())  # counts only until then
    store.update(session["token"], S.reveal)
    assert [a.scores["assets"] for a in shown(store, session["token"], 2).answers] == [7]


def test_closing_keeps_results_and_takes_no_new_answers(store):
    session = opened(store)
    token = S.join(store, LEEDS, session["join_token"], role=S.DEFAULT_ROLES[0])["token"]
    store.update(token, lambda d: A.set_score(LEEDS, d, "main", "assets", 4))
    S.close(store, session["token"])
    with pytest.raises(A.ReadOnly, match="closed"):
        store.update(token, lambda d: A.set_score(LEEDS, d, "main", "assets", 9))
    assert store.get(token)["answers"]["main"]["assets"]["score"] == 4


def test_agreed_scores_live_on_the_session_like_an_assessment(store):
    session = opened(store)
    store.update(session["token"], lambda s: (A.set_score(LEEDS, s, "main", "networks", 6), A.set_example(LEEDS, s, "main", "networks", "Agreed: the parents' group")))
    agreed = store.get(session["token"])
    assert A.answer(agreed, "main", "networks") == {"score": 6, "example": "Agreed: the parents' group", "options": []}


def test_fifty_people_submitting_at_the_same_moment_lose_nothing(tmp_path):
    store = TinyDBStore(tmp_path / "data")
    session = opened(store)
    barrier = threading.Barrier(50)
    errors = []

    def person(n):
        try:
            barrier.wait()
            token = S.join(store, LEEDS, session["join_token"], role=S.DEFAULT_ROLES[n % 4])["token"]
            submit(store, LEEDS, token, 1 + n % 9, example=f"Example from person {n}")
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=person, args=(n,)) for n in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    store.update(session["token"], S.reveal)
    s = store.get(session["token"])
    docs, unreadable = S.participants(store, s)
    answers = disclosure.displayable(LEEDS, s, docs).answers
    assert len(s["participants"]) == 50 and unreadable == 0 and len(answers) == 50
    assert sorted(a.examples["assets"] for a in answers) == sorted(f"Example from person {n}" for n in range(50))


def test_agreed_scores_of_an_instrument_with_views_count_in_the_plan(store):
    from coprod.answers import plans

    session = opened(store, NEF, perspective="project")
    store.update(session["token"], lambda s: A.set_score(NEF, s, "project", "assets", 2))
    agreed = store.get(session["token"])
    row = next(r for r in plans.plan_of(NEF, agreed) if r["item_id"] == "assets")
    assert row["current"] == "Basic" and row["next_level"].startswith("Making progress")


def test_the_next_review_round_of_a_session_has_new_links_same_settings_and_the_plan(store):
    from coprod.answers import plans

    first = opened(store, min_group=2)
    with pytest.raises(S.Refused, match="Reveal"):
        S.next_review_round(store, LEEDS, store.get(first["token"]))
    store.update(first["token"], lambda s: (S.reveal(s), A.set_score(LEEDS, s, "main", "assets", 3),
                                            plans.save_plan(s, plans.apply_edits(plans.plan_of(LEEDS, s), {0: {"actions": "Ask the parents"}}, [], []))))
    second = S.next_review_round(store, LEEDS, store.get(first["token"]))
    assert second["token"] != first["token"] and second["join_token"] != first["join_token"]
    assert (second["title"], second["roles"], second["min_group"], second["anonymous"]) == (first["title"], first["roles"], 2, True)
    assert second["rounds_before"] == [first["token"]] and second["participants"] == []
    assert second["plan"][0]["actions"] == "Ask the parents" and second["plan"][0]["status"] == "not started"
    assert A.answer(second, "main", "assets")["score"] is None  # agreed scores start afresh
    assert store.get(first["token"])["answers"]["main"]["assets"]["score"] == 3  # the earlier session is kept


def test_the_team_pdf_and_csv_of_a_later_review_include_the_progress(tmp_path):
    import csv as csv_module
    import io
    import subprocess

    from coprod.files import downloads
    from coprod.files import team_report as team_reports

    store = TinyDBStore(tmp_path / "data")
    first = opened(store, min_group=1)
    store.update(first["token"], lambda s: (S.reveal(s), A.set_score(LEEDS, s, "main", "assets", 8)))
    second = S.next_review_round(store, LEEDS, store.get(first["token"]))
    token = S.join(store, LEEDS, second["join_token"], role=S.DEFAULT_ROLES[0])["token"]
    submit(store, LEEDS, token, 5)
    store.update(second["token"], lambda s: (S.reveal(s), A.set_score(LEEDS, s, "main", "assets", 5)))
    session = store.get(second["token"])
    shown_rounds = downloads.session_rounds(LEEDS, store, session)
    earlier = [store.get(first["token"])]
    pdf = tmp_path / "team.pdf"
    pdf.write_bytes(team_reports.team_pdf(LEEDS, session, shown_rounds, earlier))
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())
    assert "Progress since earlier rounds" in text and "went down" in text
    rows = list(csv_module.DictReader(io.StringIO(team_reports.team_csv(LEEDS, session, shown_rounds, earlier))))
    old = [r for r in rows if r["kind"] == "earlier agreed" and r["item_id"] == "assets"]
    assert [(r["round"], r["score"]) for r in old] == [(earlier[0]["date"], "8")]
