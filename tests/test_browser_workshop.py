"""A whole two-round workshop in real browsers, as a new user would run it (issue 15): a facilitator
and four participants, each in a browser context of their own, one of whom does not re-score.

Each participant's page is opened once and never reloaded: the reveal, round 2 and the published
results reach it by themselves. The facilitator's screen keeps round 1 until round 2 is revealed and
counts round 2's answers by itself; the round comparison counts only the people who answered both
rounds; agreeing a score reruns that item alone, without sending a chart; the attitudes survey's
stacked bar fits its column at 1280 and 1920 px and reads whole in the PDF."""

from __future__ import annotations

import re
import subprocess

import pytest
from playwright.sync_api import expect

from coprod.charts.specs import (
    STATEMENT_WRAP,
    STATEMENT_WRAP_WIDE,
    WIDE_AT,
    band_marks,
    wrap,
)
from coprod.storage.tinydb import TinyDBStore
from tests.browser import (
    chromium,
    downloaded_pdf_text,
    joined,
    move_slider,
    served_app,
    settled,
    type_example,
    until,
    wait_for_rerun,
)

pytestmark = pytest.mark.browser
STAGES = ["Co-design", "Co-delivery", "Co-evaluation", "Co-governance"]
YOUNG, STAFF = "Young person / person using the service", "Staff or professional"
BY_ITSELF = 60_000  # ms: however busy the machine, a page that updates itself every few seconds has shown the change by then


def anchor(stage: str) -> str:
    return f"main-{stage.lower()}"


def join_and_score(browser, join_link: str, role: str, steps: list[int], example: str):
    """Join in a context of one's own, score each stage `steps` along the slider, submit."""
    page = joined(browser, join_link, role)
    for stage, n in zip(STAGES, steps):
        move_slider(page, f"Your score for {stage}", n)
        type_example(page, anchor(stage), f"{example} ({stage})")
    submit(page)
    return page


def submit(page) -> None:
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("read-only", exact=False)).to_be_visible(timeout=30_000)


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def chart_frames(page) -> list[bytes]:
    """Every websocket message the page receives from now on (Streamlit's deltas, as bytes)."""
    frames: list[bytes] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(
        payload if isinstance(payload, bytes) else payload.encode("utf-8"))))
    return frames


def test_a_whole_two_round_workshop(chromium_path, data_dir, tmp_path):
    data_dir.mkdir(parents=True)
    with served_app(data_dir) as url, chromium(chromium_path) as browser:
        facilitator = browser.new_context(viewport={"width": 1280, "height": 1100}, accept_downloads=True).new_page()
        frames = chart_frames(facilitator)
        facilitator.goto(f"{url}/session")
        facilitator.get_by_label("Instrument").click()
        facilitator.get_by_role("option", name=re.compile("four stages")).click()
        wait_for_rerun(facilitator)
        facilitator.get_by_label("Session title").fill("Park project workshop")
        facilitator.get_by_role("spinbutton", name="Smallest group whose answers may be shown").fill("2")
        facilitator.get_by_role("button", name="Open the session").click()
        expect(facilitator).to_have_url(re.compile(r"/session\?f="), timeout=30_000)
        wait_for_rerun(facilitator)
        expect(facilitator.locator('[data-testid="stCode"]').first).to_contain_text("/join?s=", timeout=30_000)
        join_link = facilitator.locator('[data-testid="stCode"]').first.inner_text().strip()

        # Round 1. The young people see co-design and co-governance lower than staff; everyone
        # agrees on co-delivery and co-evaluation (a gap of 0 between the groups).
        ada = join_and_score(browser, join_link, YOUNG, [1, 2, 2, 1], "R1 Ada: we were told afterwards")
        bea = join_and_score(browser, join_link, YOUNG, [1, 2, 2, 1], "R1 Bea: nobody asked us")
        cal = join_and_score(browser, join_link, STAFF, [3, 2, 2, 3], "R1 Cal: young people chair it")
        dev = join_and_score(browser, join_link, STAFF, [3, 2, 2, 3], "R1 Dev: the board has two young members")
        people = (ada, bea, cal, dev)
        expect(facilitator.get_by_text("4 of 4 joined")).to_be_visible(timeout=BY_ITSELF)
        assert "R1 Cal" not in main_text(ada) and "R1 Ada" not in main_text(facilitator)  # private until the reveal

        # 4. The reveal: the button says what it does, and it reaches every device by itself.
        reveal = facilitator.get_by_role("button", name="Reveal to everyone")
        reveal.hover()
        expect(facilitator.get_by_text("on every participant's own device", exact=False).first).to_be_visible()
        reveal.click()
        expect(facilitator.get_by_role("heading", name="What everyone said")).to_be_visible(timeout=30_000)
        for page in people:
            expect(page.get_by_role("heading", name="What everyone said")).to_be_visible(timeout=BY_ITSELF)
            expect(page.get_by_text("R1 Cal: young people chair it (Co-design)", exact=False).first).to_be_visible(timeout=BY_ITSELF)
        ada.screenshot(path=str(tmp_path / "1-revealed-participant.png"), full_page=True)
        seen_by_ada = main_text(ada)
        assert "Participant" not in seen_by_ada and "Cal" not in seen_by_ada.replace("R1 Cal", "")  # anonymous: no names

        # 7, 8. Talk about this: band names at each end, only what people wrote; no higher or lower
        # group named where the groups' medians are the same.
        screen = main_text(facilitator)
        assert "Lowest: Not there yet" in screen and "Highest: Excellent" in screen and "(no example)" not in screen
        gaps = facilitator.locator('[data-testid="stTable"]').filter(has_text="Higher")
        expect(gaps).to_contain_text("Co-design")
        assert "Co-delivery" not in gaps.inner_text() and "Co-evaluation" not in gaps.inner_text()
        expect(facilitator.get_by_text("The role groups' medians are the same on: Co-delivery; Co-evaluation")).to_be_visible()
        facilitator.screenshot(path=str(tmp_path / "1-revealed.png"), full_page=True)

        # 3, 5. Round 2: round 1 stays on the facilitator's screen; each participant's page turns
        # into round 2 by itself, says so and shows their round-1 answer beside each item.
        facilitator.get_by_role("button", name="Open a second round").click()
        expect(facilitator.get_by_text("Round 2 is open: round 1 stays here until you reveal round 2.")).to_be_visible(timeout=30_000)
        expect(facilitator.get_by_role("heading", name="Talk about this")).to_be_visible()
        expect(facilitator.get_by_text("R1 Dev: the board has two young members (Co-governance)")).to_be_visible()
        assert "submitted so far" not in main_text(facilitator)
        for page in people:
            expect(page.get_by_text("Round 2 of the team session", exact=False)).to_be_visible(timeout=BY_ITSELF)
            expect(page.get_by_text("Your round-1 answer: Not there yet" if page in (ada, bea) else "Your round-1 answer: Excellent").first).to_be_visible()
            expect(page.get_by_role("button", name="Submit")).to_be_visible()
        assert ada.get_by_text("Your round-1 answer:", exact=False).count() == len(STAGES)
        ada.screenshot(path=str(tmp_path / "2-round-two-participant.png"), full_page=True)

        # Ada moves co-design up one; Cal and Dev re-submit as they were; Bea does not re-score.
        move_slider(ada, "Your score for Co-design", 1)
        submit(ada)
        expect(facilitator.get_by_text("1 of 4 joined")).to_be_visible(timeout=BY_ITSELF)  # round 2 counts by itself
        submit(cal)
        submit(dev)
        expect(facilitator.get_by_text("3 of 4 joined")).to_be_visible(timeout=BY_ITSELF)

        # 2. Round 2 revealed: like with like. Over Ada, Cal and Dev co-design went 1, 3, 3 → 2, 3, 3:
        # the median stays Excellent; one moved up. (All round 1 against the re-scorers would say +1.)
        facilitator.get_by_role("button", name="Reveal round 2 to everyone").click()
        expect(facilitator.get_by_role("heading", name="How the conversation moved people")).to_be_visible(timeout=30_000)
        expect(facilitator.get_by_text("3 of the 4 people who answered round 1 re-scored in round 2.", exact=False)).to_be_visible()
        moved = facilitator.locator('[data-testid="stTable"]').filter(has_text="Who moved")
        co_design = moved.locator("tr").filter(has_text="Co-design")
        expect(co_design).to_contain_text("no change")
        expect(co_design).to_contain_text("1 up, 2 the same")
        expect(ada.get_by_role("heading", name="What everyone said in round 2")).to_be_visible(timeout=BY_ITSELF)
        facilitator.screenshot(path=str(tmp_path / "3-round-two-revealed.png"), full_page=True)

        # 9. Agreeing a score reruns that item alone: no chart is sent again. (Its example box reruns the
        # page: no text box is drawn in a fragment, coprod/ui/textbox.py.)
        agreed = facilitator.get_by_role("slider", name="Your score for Co-design")
        agreed.scroll_into_view_if_needed()
        wait_for_rerun(facilitator)
        settled(facilitator)
        frames.clear()
        agreed.focus()
        agreed.press("ArrowRight")
        agreed.press("ArrowRight")
        session_token = re.search(r"[?&]f=([A-Za-z0-9_-]+)", facilitator.url).group(1)
        until(lambda: TinyDBStore(data_dir).get(session_token)["answers"]["main"].get("co-design", {}).get("score") == 2,
              "the agreed score saved by the item's own rerun")
        wait_for_rerun(facilitator)
        settled(facilitator)  # the item's rerun has sent all it sends
        assert frames, "the agreed score's rerun sent nothing"
        assert not [f for f in frames if b"vega-lite" in f or b"stVegaLiteChart" in f], "an agreed score redrew a chart"
        type_example(facilitator, anchor("Co-design"), "AGREED: the young people set the questions")
        until(lambda: TinyDBStore(data_dir).get(session_token)["answers"]["main"].get("co-design", {}).get("example"),
              "the agreed example saved")
        agreed_now = TinyDBStore(data_dir).get(session_token)["answers"]["main"]["co-design"]
        assert agreed_now == {"score": 2, "example": "AGREED: the young people set the questions"}  # two steps: Making progress

        # 1. Publishing reaches everyone, Bea (who did not re-score) included, without a reload.
        facilitator.get_by_role("button", name="Publish agreed scores and plan").click()
        for page in people:
            expect(page.get_by_role("heading", name="What the group agreed")).to_be_visible(timeout=BY_ITSELF)
            expect(page.get_by_text("AGREED: the young people set the questions")).to_be_visible()
            expect(page.get_by_role("button", name="Submit")).to_have_count(0)
        expect(bea.get_by_text("Your answers from round 1: you did not re-score in round 2, so these stand.")).to_be_visible()
        bea.screenshot(path=str(tmp_path / "4-published-not-rescored.png"), full_page=True)

        wait_for_rerun(facilitator)  # while every participant's page follows the session
        text = downloaded_pdf_text(facilitator, "Team PDF", tmp_path / "team.pdf")
        assert "How the conversation moved people" in text and "1 up, 2 the same" in text
        assert "3 of the 4 people who answered round 1 re-scored" in text
        for page in (facilitator, *people):
            assert page.locator('[data-testid="stException"]').count() == 0


def test_the_attitudes_survey_bars_fit_their_column_with_every_label_at_1280_and_1920_and_in_the_pdf(chromium_path, data_dir, tmp_path):
    """Six people answer the attitudes survey; the facilitator reveals it. On a laptop and on a
    projector the stacked bar is as wide as its column (no wider), names every answer in its legend
    and every statement whole; the team PDF prints the same."""
    from coprod.sessions import lifecycle as S
    from coprod.storage.tinydb import TinyDBStore
    from tests.apptest import LIB, submit

    survey = LIB.get("attitudes-survey")
    store = TinyDBStore(data_dir)
    session = S.open_session(store, S.new_session(survey, title="Attitudes workshop", anonymous=True, roles=list(S.DEFAULT_ROLES)))
    for n in range(6):
        submit(store, S.join(store, survey, session["join_token"], role=S.DEFAULT_ROLES[n % 2])["token"], 1 + n % 4,
               "" if n % 2 else f"Because {n}", survey)
    store.update(session["token"], S.reveal)
    bands = [b.name for b in survey.scale.bands]
    with served_app(data_dir) as url, chromium(chromium_path) as browser:
        for width in (1280, 1920):
            page = browser.new_context(viewport={"width": width, "height": 1000}, accept_downloads=True).new_page()
            page.goto(f"{url}/session?f={session['token']}")
            chart = page.locator('[data-testid="stVegaLiteChart"]').filter(has_text="Strongly disagree")  # the stacked bar
            expect(chart.locator("svg, canvas").first).to_be_visible(timeout=30_000)
            chart.scroll_into_view_if_needed()
            settled(page)
            column = page.locator('[data-testid="stMainBlockContainer"]').bounding_box()
            until(lambda: chart.locator("svg, canvas").first.bounding_box()["width"] >= 0.8 * column["width"],
                  "the stacked bar drawn at its column's width")  # it is drawn, then sized to its column
            drawn = chart.locator("svg, canvas").first.bounding_box()
            assert drawn["x"] >= column["x"] - 1 and drawn["x"] + drawn["width"] <= column["x"] + column["width"] + 1, (width, drawn, column)
            assert drawn["width"] >= 0.8 * column["width"], (width, drawn, column)  # the column's width, not a fixed 540 px
            chart.screenshot(path=str(tmp_path / f"tally-{width}.png"))
            labels = chart.locator("svg text").all_text_contents()  # Streamlit draws Vega-Lite as SVG
            for band in bands:
                assert f"{band_marks(survey)[band]}: {band}" in labels, (width, band)  # the whole legend, each with its mark
            words = " ".join(labels)
            lines = STATEMENT_WRAP_WIDE if drawn["width"] >= WIDE_AT else STATEMENT_WRAP  # a wide column wraps wider
            for item in survey.items:
                assert "".join(wrap(item.name, lines).split("\n")) in words, (width, item.name)  # whole, in lines
            assert "(no example)" not in main_text(page)
            if width == 1280:
                text = downloaded_pdf_text(page, "Team PDF", tmp_path / "attitudes.pdf")
        for band in bands:
            assert band in text
        for item in survey.items:
            assert " ".join(item.name.split()) in text, item.name
        # The pages as pictures beside the PDF, to look at (tmp_path keeps them after the run).
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(tmp_path / "attitudes.pdf"), str(tmp_path / "attitudes")], check=True)
