"""A team session through HAProxy in front of three app processes on one PostgreSQL (`make cluster`):
the facilitator and the participants land on different processes (the proxy's X-Coprod-Backend
header says which), every submission reaches the facilitator's live view, the reveal reaches every
participant, and when one app process is killed in the middle of someone's scoring, their browser
carries on through another process with nothing lost; then the facilitator's process dies too and
their view carries on."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from coprod.storage.postgres import PostgresStore
from tests.browser import chromium, score_item, until, wait_for_rerun

pytestmark = pytest.mark.browser
STAGES = ["Co-design", "Co-delivery", "Co-evaluation", "Co-governance"]
BACKEND = "x-coprod-backend"
LOOKUP_LIMIT = 5  # failed code lookups per minute: low, so the test needs few tries


@pytest.fixture(scope="module")
def cluster(postgres_server):
    if not shutil.which("haproxy"):
        if os.environ.get("CI"):
            pytest.fail("haproxy is not installed; .ci/run installs it with apt-get")
        pytest.skip("haproxy is not installed (apt-get install haproxy)")
    from deploy.cluster import Cluster

    folder = Path(tempfile.mkdtemp(prefix="coprod-cluster-"))
    running = Cluster(folder, processes=3, database_url=postgres_server.create_database("cluster"),
                      env={"COPROD_LOOKUP_LIMIT": str(LOOKUP_LIMIT)}).start()
    try:
        yield running
    finally:
        running.stop()
        shutil.rmtree(folder, ignore_errors=True)


def arrive(browser, url: str) -> tuple[object, str]:
    """A new person (a browser of their own) opens `url` through the proxy: their page, and the app
    process the proxy pinned them to."""
    page = browser.new_context(viewport={"width": 1280, "height": 1000}, accept_downloads=True).new_page()
    response = page.goto(url)
    wait_for_rerun(page)
    return page, response.headers[BACKEND]


def join(page, role: str) -> None:
    page.get_by_text(role, exact=True).click()
    page.get_by_role("button", name="Join and start scoring").click()
    expect(page).to_have_url(re.compile(r"/score\?a="), timeout=30_000)
    wait_for_rerun(page)


def backend_now(page) -> str:
    """The app process this page's browser is pinned to now (a request with its cookies)."""
    return page.context.request.get(page.url.split("/score")[0] + "/_stcore/health").headers[BACKEND]


def store_get(cluster, token: str) -> dict:
    store = PostgresStore(cluster.database_url)
    try:
        return store.get(token)
    finally:
        store.close()


def saved(cluster, token: str, holds) -> dict:
    """The participant's document once the database holds what `holds` checks (a save is
    acknowledged when it is in the database, not when the page shows it)."""
    until(lambda: holds(store_get(cluster, token)), "the answers saved in the database")
    return store_get(cluster, token)


def test_the_limit_on_wrong_codes_holds_across_the_processes_whatever_a_visitor_writes_in_x_forwarded_for(cluster, chromium_path):
    """A script guessing join codes sends a new X-Forwarded-For (and X-Real-Ip) with every try, each
    try from a fresh browser the proxy sends to the next process: the limit still holds after
    LOOKUP_LIMIT tries in all, counted once for the three processes. A valid link still opens."""
    from coprod.library.loading import load_library
    from coprod.sessions import lifecycle as S
    from tests.conftest import ROOT

    store = PostgresStore(cluster.database_url)
    try:
        stages = load_library(ROOT / "instruments").get("leeds-four-stages")
        session = S.open_session(store, S.new_session(stages, title="Room review", anonymous=True,
                                                      roles=["Staff or professional"]))
    finally:
        store.close()
    with chromium(chromium_path) as browser:
        served_by = []
        for n in range(LOOKUP_LIMIT + 1):
            spoof = f"198.51.100.{n + 1}"
            context = browser.new_context(extra_http_headers={"X-Forwarded-For": spoof, "X-Real-Ip": spoof})
            page = context.new_page()
            served_by.append(page.goto(f"{cluster.url}/join").headers[BACKEND])
            wait_for_rerun(page)
            page.get_by_label("Session code").fill(f"AAAAA-{n:05d}")
            page.get_by_role("button", name="Find the session").click()
            said = "No open session has that code" if n < LOOKUP_LIMIT else "Too many codes"
            expect(page.get_by_text(said, exact=False)).to_be_visible(timeout=30_000)
            context.close()
        assert len(set(served_by)) == 3, f"the tries did not reach every process: {served_by}"
        # someone else in the room (the same address) opens their link as usual
        page = browser.new_context().new_page()
        page.goto(f"{cluster.url}/join?s={session['join_token']}")
        expect(page.get_by_text("This session is anonymous", exact=False)).to_be_visible(timeout=30_000)
        expect(page.get_by_text("Too many", exact=False)).to_have_count(0)


def test_a_session_across_three_processes_loses_nothing_even_when_one_dies(cluster, chromium_path, tmp_path):
    with chromium(chromium_path) as browser:
        facilitator, facilitator_backend = arrive(browser, f"{cluster.url}/session")
        facilitator.get_by_label("Instrument").click()
        facilitator.get_by_role("option", name=re.compile("four stages")).click()
        wait_for_rerun(facilitator)
        facilitator.get_by_label("Session title").fill("Park project review")
        facilitator.get_by_role("button", name="Open the session").click()
        expect(facilitator).to_have_url(re.compile(r"/session\?f="), timeout=30_000)
        session_token = re.search(r"f=([A-Za-z0-9_-]+)", facilitator.url).group(1)
        expect(facilitator.locator('[data-testid="stCode"]').first).to_contain_text("/join?s=", timeout=30_000)
        join_link = facilitator.locator('[data-testid="stCode"]').first.inner_text().strip()
        assert join_link.startswith(cluster.url), "the join link must lead through the proxy"

        people = [arrive(browser, join_link) for _ in range(3)]
        backends = [facilitator_backend] + [backend for _, backend in people]
        assert len(set(backends)) == 3, f"the proxy spread nobody: {backends}"
        for (page, _), role in zip(people, ["Staff or professional"] * 2 + ["Partner or volunteer"]):
            join(page, role)

        # the one whose process will die: not the facilitator's, so the live view shows the recovery
        crash = next(n for n, (_, backend) in enumerate(people) if backend != facilitator_backend)
        last, last_backend = people[crash]

        # the two others score everything and submit, each on their own process
        for n, (page, _) in enumerate(p for i, p in enumerate(people) if i != crash):
            for stage in STAGES:
                score_item(page, stage, f"main-{stage.lower()}", 2 + n, f"Person {n} on {stage}")
            page.get_by_role("button", name="Submit").click()
            expect(page.get_by_text("read-only", exact=False)).to_be_visible(timeout=30_000)

        # the third scores half, then their process dies under them
        for stage in STAGES[:2]:
            score_item(last, stage, f"main-{stage.lower()}", 3, f"Before the crash: {stage}")
        token = re.search(r"a=([A-Za-z0-9_-]{22})", last.url).group(1)
        saved_before = saved(cluster, token, lambda doc: all(
            doc["answers"]["main"].get(s.lower(), {}).get("example") == f"Before the crash: {s}" for s in STAGES[:2]))
        cluster.kill_app(int(last_backend.removeprefix("app")))
        until(lambda: backend_now(last) != last_backend,  # the proxy sees the process gone and sends the browser elsewhere
              "the browser sent to another process than the dead one")
        expect(last.get_by_text("Connecting", exact=False)).to_have_count(0, timeout=30_000)  # the page reconnected
        wait_for_rerun(last)
        for stage in STAGES[2:]:  # ...and carries on through another process
            score_item(last, stage, f"main-{stage.lower()}", 3, f"After the crash: {stage}")
        assert {s: saved_before["answers"]["main"][s.lower()] for s in ["co-design", "co-delivery"]} == \
            {s: store_get(cluster, token)["answers"]["main"][s.lower()] for s in ["co-design", "co-delivery"]}
        last.get_by_role("button", name="Submit").click()  # refused if anything scored before the crash was lost
        expect(last.get_by_text("read-only", exact=False)).to_be_visible(timeout=30_000)

        # the facilitator's live view, on its own process, sees everyone
        expect(facilitator.get_by_text("3 of 3 joined")).to_be_visible(timeout=30_000)  # submitted of joined
        facilitator.get_by_role("button", name="Reveal to everyone").click()
        expect(facilitator.get_by_role("heading", name="What everyone said")).to_be_visible(timeout=30_000)
        expect(facilitator.get_by_text("Before the crash: Co-design", exact=False)).to_be_visible()
        expect(facilitator.get_by_text("After the crash: Co-governance", exact=False)).to_be_visible()

        for page, _ in people:  # the reveal reaches everyone, wherever they are served
            page.reload()
            wait_for_rerun(page)
            expect(page.get_by_text("The group has seen everyone's answers", exact=False)).to_be_visible(timeout=30_000)
            assert page.locator('[data-testid="stException"]').count() == 0

        # the facilitator's process dies too: their page carries on elsewhere, revealed view and all
        cluster.kill_app(int(facilitator_backend.removeprefix("app")))
        until(lambda: backend_now(facilitator) != facilitator_backend, "the facilitator sent to another process")
        expect(facilitator.get_by_text("Connecting", exact=False)).to_have_count(0, timeout=30_000)
        facilitator.reload()
        wait_for_rerun(facilitator)
        expect(facilitator.get_by_role("heading", name="What everyone said")).to_be_visible(timeout=30_000)
        expect(facilitator.get_by_text("After the crash: Co-governance", exact=False)).to_be_visible()
        facilitator.screenshot(path=str(tmp_path / "facilitator.png"), full_page=True)

    store = PostgresStore(cluster.database_url)
    try:
        session = store.get(session_token)  # this test's session (the cluster is shared with the other tests of this file)
        assert len(session["participants"]) == 3
        answers = [store.get(token)["answers"]["main"] for token in session["participants"]]
        assert sorted(a["co-design"]["example"] for a in answers) == [
            "Before the crash: Co-design", "Person 0 on Co-design", "Person 1 on Co-design"]
        crashed = next(a for a in answers if a["co-design"]["example"].startswith("Before"))
        assert [crashed[s.lower()]["example"] for s in STAGES] == [
            "Before the crash: Co-design", "Before the crash: Co-delivery",
            "After the crash: Co-evaluation", "After the crash: Co-governance"]
        assert all(all(item.get("score") for item in a.values()) and len(a) == len(STAGES) for a in answers)
    finally:
        store.close()
