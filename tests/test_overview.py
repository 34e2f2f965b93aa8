"""An organisation's overview: teams add their results (from a revealed session or a finished
assessment) after seeing exactly what is shared, later review rounds join as the team's next round,
a team takes it back; the coordinator's figures (never a league table), its tags under the same
disclosure rules as sessions, what a team sees beside the overview, and its files read back."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from datetime import date

import pytest
from openpyxl import load_workbook

from coprod.answers import assessment as A
from coprod.answers import rounds
from coprod.files import downloads, exchange
from coprod.overview import contributions as C
from coprod.overview import figures as F
from coprod.sessions import lifecycle as S
from coprod.storage.tinydb import TinyDBStore
from tests import stores
from tests.apptest import LEEDS, LIB, everything_shown, page, submit

IMAGINE = LIB.get("imagine-engagement")


@pytest.fixture(params=stores.KINDS)
def store(request, tmp_path):
    return stores.make(request.param, tmp_path, request).store


def finished(store, title: str, scores: list[int], on: date = date(2026, 1, 10), previous: dict | None = None,
             action: str = "", instrument=LEEDS) -> dict:
    doc = rounds.new_round(instrument, previous, on=on) if previous else A.new_assessment(instrument, title=title, on=on)
    for item, score in zip(instrument.items, scores):
        A.set_score(instrument, doc, "main", item.id, score)
        A.set_example(instrument, doc, "main", item.id, f"{title}: we asked the young people first")
    if action:
        from coprod.answers import plans

        doc["plan"] = plans.initial_plan(instrument, doc)
        doc["plan"][0].update(actions=action, status="done")
    A.finish(instrument, doc, today=on)
    return store.create(doc)


def overview(store, **settings) -> dict:
    return C.open_overview(store, C.new_overview(LEEDS, title="Youth services", **{"tags": ["North", "South"], **settings}))


def add(store, ov: dict, doc: dict, team: str = "", tags=(), examples=False, plan=False, instrument=LEEDS):
    return C.contribute(store, instrument, store.get(ov["token"]), C.source_of(instrument, doc), team=team, tags=list(tags),
                        examples=examples, plan=plan, review=rounds.next_review(instrument, doc))


# --------------------------------------------------------------------------- contributing


def test_a_team_shares_exactly_what_it_ticked_and_a_later_round_joins_as_its_next(store):
    ov = overview(store)
    first = finished(store, "Alpha", [3, 4, 5, 6, 7, 8], action="Ask the forum to chair")
    contribution, is_next = add(store, ov, first, team="Alpha club", tags=["North", "Nowhere"])
    assert not is_next and contribution["team"] == "Alpha club" and contribution["tags"] == ["North"]  # only the overview's tags
    round_ = contribution["rounds"][0]
    assert set(round_) == {"on", "scores", "next_review", "source"}  # no examples, no plan: not ticked
    assert round_["scores"] == dict(zip([i.id for i in LEEDS.items], [3, 4, 5, 6, 7, 8]))
    assert first["token"] not in json.dumps(contribution) and "Alpha:" not in json.dumps(contribution)  # no link, no example
    later = finished(store, "Alpha", [5, 5, 5, 6, 7, 9], on=date(2026, 5, 1), previous=store.get(first["token"]), action="Chair")
    again, is_next = add(store, ov, later, examples=True, plan=True)
    assert is_next and again["token"] == contribution["token"] and len(again["rounds"]) == 2
    assert again["rounds"][1]["examples"]["assets"] == "Alpha: we asked the young people first"
    assert again["rounds"][1]["plan"] == [{"item_id": "assets", "item": "Assets", "actions": "Chair", "status": "done"}]
    assert C.join_words(True, "Alpha club").startswith("Added as the next review round of “Alpha club”")
    with pytest.raises(C.Refused, match="already"):
        add(store, ov, later)
    assert store.get(ov["token"])["contributions"] == [contribution["token"]]


def test_what_cannot_be_added_is_refused_with_the_reason(store):
    ov = overview(store)
    draft = store.create(A.new_assessment(LEEDS, title="Draft"))
    with pytest.raises(C.Refused, match="Finish the assessment first"):
        C.source_of(LEEDS, draft)
    with pytest.raises(C.Refused, match="cannot take another toolkit"):
        add(store, ov, finished(store, "Other", [2] * 6, instrument=IMAGINE), team="Other", instrument=IMAGINE)
    with pytest.raises(C.Refused, match="Give your team a name"):
        add(store, ov, finished(store, "Nameless", [2] * 6), team="  ")
    session = S.open_session(store, S.new_session(LEEDS, title="Forum", anonymous=True, roles=["Staff"]))
    with pytest.raises(C.Refused, match="Reveal the session"):
        C.source_of(LEEDS, store.get(session["token"]))


def test_a_session_shares_its_agreed_scores_never_anyones_own_answers(store):
    ov = overview(store)
    session = S.open_session(store, S.new_session(LEEDS, title="Forum", anonymous=False, roles=["Staff"]))
    for n in range(3):
        token = S.join(store, LEEDS, session["join_token"], role="Staff", name=f"Person{n}")["token"]
        submit(store, token, 2 + n, f"OWN-ANSWER-{n}")
    store.update(session["token"], lambda s: (S.reveal(s), A.set_score(LEEDS, s, "main", "assets", 6),
                                              A.set_example(LEEDS, s, "main", "assets", "AGREED in the room")))
    contribution, _ = add(store, ov, store.get(session["token"]), team="Forum", examples=True)
    text = json.dumps(contribution)
    assert contribution["rounds"][0]["scores"]["assets"] == 6 and "AGREED in the room" in text
    assert "OWN-ANSWER" not in text and "Person" not in text and session["token"] not in text


def test_withdrawing_takes_every_round_out_and_leaves_the_source_whole(store):
    ov = overview(store)
    doc = finished(store, "Beta", [4] * 6)
    contribution, _ = add(store, ov, doc, team="Beta")
    assert [c["token"] for c, _ in C.contributions_of(store, store.get(doc["token"]))] == [contribution["token"]]
    C.withdraw(store, contribution["token"])
    assert store.get(ov["token"])["contributions"] == []
    with pytest.raises(Exception):
        store.get(contribution["token"])
    assert store.get(doc["token"])["status"] == A.FINISHED and C.contributions_of(store, store.get(doc["token"])) == []


def test_fifty_teams_adding_at_the_same_moment_lose_none(tmp_path):
    import threading

    store = TinyDBStore(tmp_path / "data")
    ov = overview(store)
    docs = [finished(store, f"Team {n}", [1 + n % 9] * 6) for n in range(50)]
    barrier = threading.Barrier(50)

    def one(doc):
        barrier.wait()
        add(store, ov, doc, team=doc["title"])

    threads = [threading.Thread(target=one, args=(d,)) for d in docs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(store.get(ov["token"])["contributions"]) == 50
    assert len(F.teams_of(C.contributions(store, store.get(ov["token"]))[0])) == 50


# --------------------------------------------------------------------------- the figures


def teams(*rows) -> list[F.Team]:
    """Teams from (name, tags, [scores per round, …], plan rows of the latest round)."""
    ids = [i.id for i in LEEDS.items]
    return F.teams_of([{"token": f"t{n}", "team": name, "tags": list(tags),
                        "rounds": [{"on": f"2026-0{r + 1}-01", "scores": dict(zip(ids, s)), "next_review": due if r == len(rs) - 1 else "",
                                    **({"plan": plan} if r == len(rs) - 1 else {})} for r, s in enumerate(rs)]}
                       for n, (name, tags, rs, plan, due) in enumerate(rows)])


SIX = [
    ("Zeta", ["North"], [[1, 2, 3, 4, 5, 6], [2, 2, 3, 4, 5, 9]], [{"item_id": "assets", "actions": "Ask", "status": "done"}], "2026-02-01"),
    ("Alpha", ["North"], [[1, 1, 1, 9, 9, 9]], [{"item_id": "assets", "actions": "Plan", "status": "under way"}], "2027-01-01"),
    ("Mu", ["North"], [[2, 8, 2, 8, 2, 8], [1, 8, 3, 8, 2, 8]], [], ""),
    ("Beta", ["South"], [[3, 3, 3, 3, 3, 3]], [], "2026-01-01"),
]


def test_teams_are_listed_by_name_never_ranked_and_nothing_is_added_up():
    got = teams(*SIX)
    assert [t.name for t in got] == ["Alpha", "Beta", "Mu", "Zeta"]
    grid = F.grid(LEEDS, got)
    assert [(c.team, c.score, c.band, c.change) for c in grid if c.item.id == "networks"] == [
        ("Alpha", 9, "Excellent", None), ("Beta", 3, "Not there yet", None), ("Mu", 8, "Excellent", 0), ("Zeta", 9, "Excellent", 3)]
    assert F.distribution(LEEDS, got)[0][1] == {"Not there yet": 4, "Making progress": 0, "Excellent": 0}
    assert [(i.id, n) for i, n, _ in F.hardest(LEEDS, got)][0] == ("assets", 4)
    assert F.hardest(LEEDS, got)[0][2] == LEEDS.items[0].descriptors["not-there-yet"]  # in the source's words


def test_movement_reviews_plans_and_reviews_due():
    got = teams(*SIX)
    assets = F.movement(LEEDS, got)[0]
    assert (assets.up, assets.down, assets.same) == (1, 1, 0)  # Zeta 1 → 2, Mu 2 → 1
    assert F.team_moves(LEEDS, next(t for t in got if t.name == "Zeta")) == (2, 0, 4)
    reviews = F.review_medians(LEEDS, got, 3)
    assert [(n, k) for n, k, _ in reviews] == [(1, 4), (2, 2)] and reviews[1][2]["assets"] is None  # 2 teams: none
    assert reviews[0][2]["assets"] == 1.5
    assets_plan = F.plans_across(LEEDS, got)[0]
    assert assets_plan.by_status == {"done": 1, "under way": 1, "not started": 0, "dropped": 0}
    assert F.reviews_due(got, date(2026, 6, 1)) == [("Beta", "2026-01-01"), ("Zeta", "2026-02-01")]


def test_a_tag_under_the_minimum_shows_its_count_only_and_cannot_be_worked_out():
    got = teams(*SIX)
    compared, note = F.tags_compared(LEEDS, got, ["North", "South"], 3)
    by = {t.tag: t for t in compared}
    assert by["South"].teams == 1 and by["South"].medians == {}
    assert by["North"].teams == 3 and by["North"].medians == {}  # South alone would be the rest: North goes with it
    assert by[F.OTHER_TAGS].teams == 4 and "count only" in note
    compared, note = F.tags_compared(LEEDS, got, ["North", "South"], 1)
    assert {t.tag: t.medians["assets"] for t in compared} == {"North": 1.0, "South": 3.0} and not note


def test_a_team_sees_its_scores_beside_the_overviews_only_with_enough_teams():
    got = teams(*SIX)
    own = next(t for t in got if t.name == "Beta")
    assert F.beside(LEEDS, got, own, 5) is None
    row = F.beside(LEEDS, got, own, 3)[0]
    assert (row.own, row.median, row.spread) == (3, 1.5, {1: 2, 2: 1, 3: 1})


# --------------------------------------------------------------------------- files


def test_the_files_read_back_and_hold_no_link_or_code(tmp_path):
    store = TinyDBStore(tmp_path / "data")
    ov = overview(store)
    first = finished(store, "Gamma", [3] * 6, action="Ask the forum")
    add(store, ov, first, team="=HYPERLINK(1) Gamma", tags=["South"], plan=True)
    add(store, ov, finished(store, "Gamma", [5] * 6, on=date(2026, 4, 1), previous=store.get(first["token"])), plan=True)
    add(store, ov, finished(store, "Delta", [8] * 6), team="Delta")
    files = {f.key: f.make() for f in downloads.of_overview(LEEDS, store, store.get(ov["token"]))}
    rows = list(csv.DictReader(io.StringIO(files["overview-csv"].decode("utf-8-sig"))))
    assert len(rows) == 3 * 6 and {r["team"] for r in rows} == {"'=HYPERLINK(1) Gamma", "Delta"}  # a formula neutralised
    assert {r["review"] for r in rows if "Gamma" in r["team"]} == {"1", "2"}
    book = load_workbook(io.BytesIO(files["overview-xlsx"]))
    sheet = book["Answers"]
    assert [c.value for c in sheet[1]][:4] == ["team", "tags", "review", "date"] and sheet.freeze_panes == "A2"
    assert sheet.max_row == 1 + 18 and isinstance(sheet["D2"].value, __import__("datetime").datetime)
    assert [c.value for c in book["Plans"][2]] == ["Assets", "'=HYPERLINK(1) Gamma", "Ask the forum", "done"]
    (tmp_path / "o.pdf").write_bytes(files["overview-pdf"])
    text = subprocess.run(["pdftotext", str(tmp_path / "o.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    for words in ("Youth services", "Where each team stands now", "How many teams are in each band", "Who moved between reviews",
                  "Plans across teams", "Reviews due", "Tags compared", "Ask the forum"):
        assert words in text, words
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(tmp_path / "o.pdf"), str(tmp_path / "p")], check=True)
    assert list(tmp_path.glob("p-*.png"))
    secrets = {ov["token"], ov["contribute_key"], ov["contribute_code"], first["token"], first["code"]}
    for data in files.values():
        assert not [s for s in secrets if s.encode() in data]


def test_the_command_line_builds_the_overview_pdf_from_exports(tmp_path):
    store = TinyDBStore(tmp_path / "data")
    first = finished(store, "Epsilon", [2] * 6)
    second = finished(store, "Epsilon", [6] * 6, on=date(2026, 4, 1), previous=first)
    other = finished(store, "Eta", [9] * 6)
    paths = []
    for n, doc in enumerate((first, second, other)):
        path = tmp_path / f"e{n}.json"
        path.write_text(exchange.export_json(doc, ""))
        paths.append(str(path))
    out = tmp_path / "overview.pdf"
    run = subprocess.run([".venv/bin/python", "-m", "coprod", "overview", *paths, "--out", str(out), "--title", "By email"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "By email" in text and "Epsilon" in text and "Eta" in text and "Who moved between reviews" in text


# --------------------------------------------------------------------------- the pages


def test_opening_an_overview_and_adding_results_from_the_results_page(data_dir):
    store = TinyDBStore(data_dir)
    at = page("app_pages/overview.py")
    choice = at.selectbox(key="overview-instrument")
    choice.select(next(o for o in choice.options if "six principles" in o)).run()
    at.text_input(key="overview-title").input("Youth services").run()
    at.text_area(key="overview-tags").input("North\nSouth").run()
    at.button(key="open-overview-button").click().run()
    assert not at.exception
    token = at.query_params["o"]
    ov = store.get(token[0] if isinstance(token, list) else token)
    assert ov["tags"] == ["North", "South"] and any(ov["contribute_key"] in c.value for c in at.code)
    assert "No team has added its results yet" in everything_shown(at)

    doc = finished(store, "Alpha", [3] * 6, action="Ask the forum")
    results = page("app_pages/results.py", a=doc["token"])
    results.text_input(key="overview-code").input(ov["contribute_code"]).run()
    results.text_input(key="overview-team").input("Alpha club").run()
    results.multiselect(key="overview-tags-picked").select("South").run()
    results.checkbox(key="overview-plan").check().run()
    shown = everything_shown(results)
    assert "Exactly what will be shared" in shown and "Ask the forum" in shown and "Never anyone's own answers" in shown
    preview = next(t.value for t in results.table if list(t.value.columns)[:2] == ["Item", "Score"])
    assert list(preview.columns) == ["Item", "Score"]  # examples not ticked: not in what is shared
    results.button(key="overview-add").click().run()
    assert not results.exception
    assert "Added to the overview as “Alpha club”" in " ".join(s.value for s in results.success)
    assert "In the overview “Youth services” as “Alpha club” (1 review round)" in everything_shown(results)

    coordinator = page("app_pages/overview.py", o=ov["token"])
    assert not coordinator.exception
    shown = everything_shown(coordinator)
    for words in ("Alpha club", "Where each team stands", "How many teams are in each band", "Plans across teams", "Ask the forum"):
        assert words in shown, words
    assert sorted(b.label for b in coordinator.get("download_button")) == ["All teams (CSV)", "All teams (XLSX)", "Overview PDF"]
    coordinator.radio(key="overview-mode").set_value("Change since the first round").run()
    assert not coordinator.exception and "No team has a second round yet" in everything_shown(coordinator)

    again = page("app_pages/results.py", a=doc["token"])
    again.button(key=f"withdraw-{store.get(doc['token'])['contributions'][0][:8]}").click().run()
    assert store.get(ov["token"])["contributions"] == []
    assert "Alpha club" not in everything_shown(page("app_pages/overview.py", o=ov["token"]))


def test_a_team_sees_its_results_beside_the_overviews_where_the_coordinator_allows(data_dir):
    store = TinyDBStore(data_dir)
    ov = overview(store, share_back=True, min_group=2)
    mine = finished(store, "Kappa", [2] * 6)
    add(store, ov, mine, team="Kappa")
    at = page("app_pages/results.py", a=mine["token"])
    assert "show once at least 2 teams have added theirs" in everything_shown(at)
    add(store, ov, finished(store, "Lambda", [8] * 6), team="Lambda")
    at = page("app_pages/results.py", a=mine["token"])
    table = next(t.value for t in at.table if "Overview's median" in t.value.columns)
    assert table.iloc[0]["Yours"] == "2 · Not there yet" and table.iloc[0]["Overview's median"] == "5 · Making progress"
    assert "Lambda" not in everything_shown(at)  # no other team named


def test_the_coordinator_sees_the_overviews_median_at_each_review(data_dir):
    """Three teams each at a second review: the chart of the overview's median per review, and its words."""
    store = TinyDBStore(data_dir)
    ov = overview(store, min_group=3)
    for name, first, then in (("Nu", 2, 5), ("Xi", 3, 6), ("Omicron", 4, 4)):
        before = finished(store, name, [first] * 6)
        add(store, ov, before, team=name)
        add(store, ov, finished(store, name, [then] * 6, on=date(2026, 4, 1), previous=store.get(before["token"])))
    at = page("app_pages/overview.py", o=ov["token"])
    assert not at.exception
    shown = everything_shown(at)
    assert "The overview's median per item at each review" in shown and "Went up: Assets (+2)" in shown  # medians 3 → 5


def test_deleting_a_source_asks_to_take_it_out_of_the_overview_too(data_dir):
    store = TinyDBStore(data_dir)
    ov = overview(store)
    doc = finished(store, "Mu", [4] * 6)
    add(store, ov, doc, team="Mu")
    at = page("app_pages/score.py", a=doc["token"])
    assert at.checkbox(key="delete-withdraw").value is True
    at.checkbox(key="delete-sure").check().run()
    at.button(key="delete").click().run()
    assert not at.exception and store.get(ov["token"])["contributions"] == []


def test_an_overview_opens_by_its_link_only_never_by_a_code(data_dir):
    store = TinyDBStore(data_dir)
    ov = overview(store)
    assert "code" not in store.get(ov["token"]) or not store.get(ov["token"]).get("code")
    at = page("app_pages/overview.py", o=ov["contribute_key"])  # the teams' link is no coordinator's key
    assert at.title[0].value == "Overview not found"
    contribute = page("app_pages/contribute.py", c=ov["contribute_key"])
    assert "Youth services" in everything_shown(contribute) and not contribute.get("download_button")


def test_many_teams_show_a_screen_at_a_time_and_tags_are_compared(data_dir):
    store = TinyDBStore(data_dir)
    ov = overview(store, min_group=3)
    for n in range(25):
        add(store, ov, finished(store, f"Team {n:02d}", [1 + n % 9] * 6), team=f"Team {n:02d}", tags=["North" if n % 5 else "South"])
    at = page("app_pages/overview.py", o=ov["token"])
    assert not at.exception
    pages = at.selectbox(key="overview-page")
    assert pages.options == ["Team 00 … Team 19 (20 teams)", "Team 20 … Team 24 (5 teams)"]
    grid = next(t.value for t in at.table if "Assets" in t.value.columns and "Team" in t.value.columns)
    assert len(grid) == 20
    pages.select("Team 20 … Team 24 (5 teams)").run()
    grid = next(t.value for t in at.table if "Assets" in t.value.columns and "Team" in t.value.columns)
    assert list(grid["Team"]) == ["Team 20", "Team 21", "Team 22", "Team 23", "Team 24"]
    tags = next(t.value for t in at.table if "North (20)" in t.value.columns)
    assert list(tags.columns) == ["Item", "North (20)", "South (5)"] and "counts only" not in tags.to_csv()
