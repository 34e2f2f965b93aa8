"""An organisation's overview in a real browser: a coordinator opens one; three team sessions and two
individuals add their results (a facilitator and a person through the pages, the others through the
app's functions); two start a second review round and add it; one takes theirs back. The
coordinator sees the heatmap, who moved and the plans, and downloads the PDF, CSV and XLSX, read
back: the team that took its results back is in none of them."""

import csv
import io
import re
import subprocess
from datetime import date

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from coprod.answers import assessment as A
from coprod.answers import plans, rounds
from coprod.overview import contributions as C
from coprod.sessions import lifecycle as S
from coprod.storage.tinydb import TinyDBStore
from tests.apptest import LEEDS, submit
from tests.browser import chromium, served_app, settled, until

pytestmark = pytest.mark.browser


def team_session(store, title: str, agreed: int, on: date, previous: dict | None = None) -> dict:
    """A revealed session of three, its agreed scores all `agreed`, an action on its first item."""
    session = S.next_review_round(store, LEEDS, previous, on=on) if previous else S.open_session(
        store, S.new_session(LEEDS, title=title, anonymous=True, roles=["Staff"], on=on))
    for n in range(3):
        submit(store, S.join(store, LEEDS, session["join_token"], role="Staff")["token"], agreed + n % 2, f"{title} example {n}")

    def agree(s):
        S.reveal(s)
        for item in LEEDS.items:
            A.set_score(LEEDS, s, "main", item.id, agreed)
            A.set_example(LEEDS, s, "main", item.id, f"{title}: agreed")
        s["plan"] = plans.initial_plan(LEEDS, s)
        s["plan"][0].update(actions=f"{title} action", status="done" if previous else "under way")

    return store.update(session["token"], agree)


def individual(store, title: str, score: int, on: date, previous: dict | None = None) -> dict:
    doc = rounds.new_round(LEEDS, previous, on=on) if previous else A.new_assessment(LEEDS, title=title, on=on)
    for item in LEEDS.items:
        A.set_score(LEEDS, doc, "main", item.id, score)
        A.set_example(LEEDS, doc, "main", item.id, f"{title}: what I saw")
    A.finish(LEEDS, doc, today=on)
    return store.create(doc)


def add(store, overview: dict, doc: dict, team: str = "") -> None:
    C.contribute(store, LEEDS, store.get(overview["token"]), C.source_of(LEEDS, store.get(doc["token"])), team=team, tags=[],
                 examples=False, plan=True)


def test_a_coordinator_sees_five_teams_moving_and_one_taking_its_results_back(chromium_path, data_dir, tmp_path):
    data_dir.mkdir(parents=True)
    store = TinyDBStore(data_dir)
    north = team_session(store, "North forum", 3, date(2026, 1, 10))
    east = team_session(store, "East club", 5, date(2026, 1, 12))
    west = team_session(store, "West youth", 7, date(2026, 1, 14))
    kit = individual(store, "Kit's audit", 2, date(2026, 1, 20))
    sam = individual(store, "Sam's audit", 8, date(2026, 1, 21))
    with served_app(data_dir) as url, chromium(chromium_path) as browser:
        coordinator = browser.new_context(viewport={"width": 1400, "height": 1100}, accept_downloads=True).new_page()
        coordinator.goto(f"{url}/overview")
        coordinator.get_by_label("Instrument (the toolkit every team scored)").click()
        coordinator.get_by_role("option", name=re.compile("six principles")).click()
        settled(coordinator)
        coordinator.get_by_label("Overview title").fill("Youth services 2026")
        coordinator.get_by_label("Overview title").press("Tab")
        coordinator.get_by_role("button", name="Open the overview").click()
        expect(coordinator).to_have_url(re.compile(r"/overview\?o="))
        settled(coordinator)
        overview = store.get(coordinator.url.split("o=")[1])
        expect(coordinator.get_by_text("No team has added its results yet")).to_be_visible()

        facilitator = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()  # a team session, by hand
        facilitator.goto(f"{url}/session?f={north['token']}")
        settled(facilitator)
        facilitator.get_by_text("Add to an overview", exact=True).click()
        facilitator.get_by_label("Contribution code (from the overview's coordinator)").fill(overview["contribute_code"])
        facilitator.get_by_label("Contribution code (from the overview's coordinator)").press("Tab")
        facilitator.get_by_label("Team name, as the coordinator will see it").fill("North forum")
        facilitator.get_by_label("Team name, as the coordinator will see it").press("Tab")
        settled(facilitator)
        facilitator.get_by_text("Also share the plan's actions and their status").click()
        expect(facilitator.get_by_text("Exactly what will be shared")).to_be_visible()
        expect(facilitator.locator("[data-testid='stTable']").filter(has_text="North forum action")).to_be_visible()
        facilitator.get_by_role("button", name="Add to the overview").click()
        expect(facilitator.get_by_text("Added to the overview as “North forum”")).to_be_visible()

        person = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()  # an individual, by the link
        person.goto(f"{url}/contribute?c={overview['contribute_key']}")
        settled(person)
        person.get_by_label("Your finished assessment's code").fill(kit["code"])
        person.get_by_label("Your finished assessment's code").press("Tab")
        expect(person).to_have_url(re.compile(r"/results\?"))
        settled(person)
        person.get_by_label("Team name, as the coordinator will see it").fill("Kit")
        person.get_by_label("Team name, as the coordinator will see it").press("Tab")
        settled(person)
        person.get_by_role("button", name="Add to the overview").click()
        expect(person.get_by_text("Added to the overview as “Kit”")).to_be_visible()

        add(store, overview, east, "East club")
        add(store, overview, west, "West youth")
        add(store, overview, sam, "Sam")
        until(lambda: len(store.get(overview["token"])["contributions"]) == 5, "five teams in the overview")

        later = team_session(store, "North forum", 5, date(2026, 5, 10), previous=store.get(north["token"]))  # second reviews
        facilitator.goto(f"{url}/session?f={later['token']}")
        settled(facilitator)
        facilitator.get_by_text("Add to an overview", exact=True).click()
        facilitator.get_by_label("Contribution code (from the overview's coordinator)").fill(overview["contribute_code"])
        facilitator.get_by_label("Contribution code (from the overview's coordinator)").press("Tab")
        expect(facilitator.get_by_text("this one will be added as its next round")).to_be_visible()
        facilitator.get_by_text("Also share the plan's actions and their status").click()
        settled(facilitator)
        facilitator.get_by_role("button", name="Add to the overview").click()
        expect(facilitator.get_by_text("Added as the next review round of “North forum”")).to_be_visible()
        add(store, overview, individual(store, "Kit's audit", 4, date(2026, 5, 20), previous=store.get(kit["token"])))

        person.goto(f"{url}/results?a={sam['token']}")  # Sam takes it back
        settled(person)
        person.get_by_role("button", name="Take it back").click()
        expect(person.get_by_text("Taken back from “Youth services 2026”")).to_be_visible()

        coordinator.reload()
        settled(coordinator)
        heatmap = coordinator.locator("[data-testid='stVegaLiteChart']").first  # the heatmap comes first
        heatmap.scroll_into_view_if_needed()
        expect(heatmap.locator("svg, canvas").first).to_be_visible()  # drawn where it is seen
        coordinator.screenshot(path=str(tmp_path / "heatmap.png"))
        grid = coordinator.locator("[data-testid='stTable']").first  # the heatmap's table beside it
        grid.scroll_into_view_if_needed()
        for team in ("North forum", "East club", "West youth", "Kit"):
            expect(grid).to_contain_text(team)
        assert "Sam" not in grid.inner_text()
        coordinator.get_by_text("Change since the first round").click()
        settled(coordinator)
        expect(coordinator.get_by_text("Who moved between reviews")).to_be_visible()
        plans = coordinator.locator("[data-testid='stTable']").filter(has_text="North forum action").first
        plans.scroll_into_view_if_needed()
        expect(plans).to_contain_text("done")
        coordinator.screenshot(path=str(tmp_path / "coordinator.png"), full_page=True)

        files = {}
        for label, name in (("Overview PDF", "o.pdf"), ("All teams (CSV)", "o.csv"), ("All teams (XLSX)", "o.xlsx")):
            with coordinator.expect_download() as got:
                coordinator.get_by_role("button", name=label).click()
            got.value.save_as(tmp_path / name)
            files[name] = (tmp_path / name).read_bytes()
    text = subprocess.run(["pdftotext", str(tmp_path / "o.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    rows = list(csv.DictReader(io.StringIO(files["o.csv"].decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(files["o.xlsx"]))["Answers"]
    teams_in = {"pdf": text, "csv": {r["team"] for r in rows}, "xlsx": {row[0].value for row in sheet.iter_rows(min_row=2)}}
    for where, found in teams_in.items():
        for team in ("North forum", "East club", "West youth", "Kit"):
            assert team in found, (where, team)
        assert "Sam" not in found, where
    assert {r["review"] for r in rows if r["team"] in ("North forum", "Kit")} == {"1", "2"}
    assert "Who moved between reviews" in text and "North forum action" in text
