"""Each instrument behaves as its source says, by what its file declares: a checklist's results are
the checklist ticked and its plan a row per open check; an opinion survey is set beside the source's
own group and planned by the Co-production Star's steps; nef asks one example per principle; the
Leeds spider chart has a line for every point; the sources' guidance appears where it is needed;
coprod's own words are never passed off as the source's; and others can rate a person (IMAGINE)."""

from __future__ import annotations

import re
import subprocess
import tomllib
from datetime import date
from pathlib import Path

import pytest

from coprod.answers import assessment as A
from coprod.answers import plans, raters
from coprod.answers.summary import summary_lines
from coprod.charts.specs import radar_chart
from coprod.files import paper
from coprod.files import report as reports
from coprod.library import attribution
from coprod.sessions import lifecycle as S
from coprod.sessions import retention
from coprod.sessions import stats as teams
from coprod.sessions.stats import Answer
from coprod.storage.interface import NotFound
from coprod.storage.tinydb import TinyDBStore
from coprod.ui.autosave import key_for
from tests.apptest import LIB, everything_shown, html_blocks, page, param

CHECKLIST = LIB.get("headstart-checklist")
SURVEY = LIB.get("attitudes-survey")
NEF = LIB.get("nef-framework")
LEEDS = LIB.get("leeds-six-principles")
IMAGINE = LIB.get("imagine-engagement")


def answered(instrument, scores: list[int | None], **start) -> dict:
    doc = A.new_assessment(instrument, title="Youth forum", role="youth worker", on=date(2026, 3, 1), **start)
    for p in doc["perspectives"]:
        for item, score in zip(instrument.items, scores):
            A.set_score(instrument, doc, p, item.id, score)
            A.set_example(instrument, doc, p, item.id, f"In March the young people ran the {item.id} part.")
    return doc


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    return " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split())


# --------------------------------------------------------------------------- the checklist

NO, MORE, YES = 1, 2, 3


def test_a_checklists_summary_lists_what_is_still_open_stage_by_stage():
    scores = [YES, NO, YES, MORE, YES, YES, NO, YES, YES, YES, YES, MORE, YES]
    doc = answered(CHECKLIST, scores)
    lines = summary_lines(CHECKLIST, doc, A.SINGLE)
    text = "\n".join(lines)
    assert "Strongest" not in text and "Weakest" not in text
    scope, flexible, tips, consent = (CHECKLIST.items[n] for n in (1, 3, 6, 11))
    assert f"Before starting: No: {scope.name}" in lines
    assert f"Before starting: Needs more work or time: {flexible.name}" in lines
    assert f"Working through: No: {tips.name}" in lines
    assert f"Working through: Needs more work or time: {consent.name}" in lines
    assert len(lines) == 4
    assert summary_lines(CHECKLIST, answered(CHECKLIST, [YES] * 13), A.SINGLE) == ["Every check answered is “Yes”."]


def test_a_checklists_plan_has_a_row_per_open_check_with_the_sources_tips():
    scores = [YES, NO, YES, MORE, YES, YES, NO, YES, YES, YES, YES, MORE, YES]
    doc = answered(CHECKLIST, scores)
    rows = plans.initial_plan(CHECKLIST, doc)
    assert [r["item_id"] for r in rows] == ["scope", "tips-and-tricks", "flexible-contribution", "consent"]  # No first
    scope = rows[0]
    assert scope["current"] == "No" and scope["next_level"] == "Before starting"
    assert CHECKLIST.item("scope").next_steps[0] in scope["actions"]
    assert not any("Yes" in r["next_level"] for r in rows)  # never "next level: Yes"
    assert plans.headings(CHECKLIST)["principle"] == "Check"
    assert plans.initial_plan(CHECKLIST, answered(CHECKLIST, [YES] * 13)) == []


def test_a_checklists_results_are_the_checklist_ticked_on_screen_and_on_paper(data_dir, tmp_path):
    scores = [YES, NO, YES, MORE, YES, YES, NO, YES, YES, YES, YES, MORE, None]
    doc = TinyDBStore(data_dir).create(answered(CHECKLIST, scores))
    at = page("app_pages/results.py", a=doc["token"])
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == 0  # no stacked bar of one person's answers
    shown = [m.value.replace("\\", "") for m in at.markdown]
    assert any(m.startswith(":material/check_circle: **Yes** · I am clear about the parameters") for m in shown)
    assert any(m.startswith(":material/cancel: **No** · I am ready and prepared") for m in shown)
    assert any(m.startswith(":material/pending: **Needs more work or time**") for m in shown)
    assert any(m.startswith(":material/radio_button_unchecked: **Not answered yet** · I am prepared to really reflect") for m in shown)
    for group in CHECKLIST.groups:
        assert f"#### {group}" in shown
    assert "Chart (PNG)" not in [b.label for b in at.get("download_button")]
    text = pdf_text(reports.pdf_report(CHECKLIST, doc), tmp_path)
    assert "Your checklist" in text and "✓ Yes I am clear about the parameters" in text and "✗ No I am ready" in text


# --------------------------------------------------------------------------- the opinion survey

SA, AG, DI, SD = 4, 3, 2, 1


def test_an_opinion_survey_is_never_a_strength_and_is_set_beside_the_workshop():
    doc = answered(SURVEY, [SA, SA, AG, AG, DI, SA, SD, DI])  # "only the usual suspects": Strongly agree
    lines = summary_lines(SURVEY, doc, A.SINGLE)
    text = "\n".join(lines)
    assert "Strongest" not in text and "strength" not in text.casefold()
    usual = SURVEY.item("usual-suspects").name
    assert lines[0].startswith("Strongly agree: ") and usual in lines[0]
    staff = SURVEY.item("staff-keen").name  # the workshop mostly agreed; this person disagrees
    assert lines[-1].startswith(f"Where you see it differently from most of the {SURVEY.reference_tally.label}: ")
    assert staff in lines[-1] and usual not in lines[-1]


def test_an_opinion_surveys_plan_follows_the_co_production_star():
    rows = plans.initial_plan(SURVEY, answered(SURVEY, [SA] * 8))
    assert [r["principle"] for r in rows] == ["Map it!", "Focus it!", "People it!", "Market it!", "Grow it!"]
    assert all(r["next_level"] and "Agree" not in r["next_level"] for r in rows)
    assert SURVEY.review_interval_days == 100


def test_the_star_plan_says_the_pairing_is_coprods_and_starts_from_what_was_disagreed_with_most(data_dir, tmp_path):
    """The summary names the five steps but does not describe them: the passage beside each step is
    coprod's choice, and its column says so. The statements answered furthest on the disagreeing side
    come first, as points to talk about, with the answer given; the caption says how the rows are
    ordered (never "weakest first")."""
    named = plans.headings(SURVEY)
    assert named["next_level"] == attribution.paired_by_coprod(SURVEY) and "coprod" in named["next_level"]
    assert named["current"] == "Answer" and named["principle"] == "Step, or statement to talk about"
    doc = answered(SURVEY, [SA, AG, SD, AG, DI, SA, SD, AG])
    rows = plans.initial_plan(SURVEY, doc)
    talk = [SURVEY.items[2].name, SURVEY.items[6].name]
    assert [r["principle"] for r in rows] == [*talk, "Map it!", "Focus it!", "People it!", "Market it!", "Grow it!"]
    assert [r["current"] for r in rows[:2]] == ["Strongly disagree"] * 2 and not any(r["next_level"] for r in rows[:2])
    assert all(r["current"] == "" for r in rows[2:])
    assert plans.initial_plan(SURVEY, answered(SURVEY, [AG] * 8))[0]["principle"] == "Map it!"  # nobody disagreed
    A.finish(SURVEY, doc)
    doc = TinyDBStore(data_dir).create(doc)
    at = page("app_pages/results.py", a=doc["token"])
    captions = " ".join(c.value for c in at.caption)
    assert plans.ORDER["survey"] in captions and "Weakest first" not in captions
    text = pdf_text(reports.pdf_report(SURVEY, doc), tmp_path)
    assert "paired with the step by coprod" in text and talk[0] in text


def test_a_checklists_plan_is_not_said_to_be_weakest_first(data_dir):
    doc = TinyDBStore(data_dir).create(answered(CHECKLIST, [YES, NO] + [MORE] * 11))
    captions = " ".join(c.value for c in page("app_pages/results.py", a=doc["token"]).caption)
    assert plans.ORDER["checklist"] in captions and "Weakest first" not in captions


def test_the_survey_results_show_the_workshops_tally_for_reference(data_dir, tmp_path):
    doc = answered(SURVEY, [SA, SA, AG, AG, DI, SA, SD, DI])
    A.finish(SURVEY, doc)
    doc = TinyDBStore(data_dir).create(doc)
    at = page("app_pages/results.py", a=doc["token"])
    assert not at.exception
    assert any(f"how the {SURVEY.reference_tally.label} answered" in c.value for c in at.caption)
    assert "Strongly agree (reference)" in at.table[0].value.columns
    assert len(at.get("vega_lite_chart")) == 1
    text = pdf_text(reports.pdf_report(SURVEY, doc), tmp_path)
    assert "Your answers" in text and f"The counts are the {SURVEY.reference_tally.label}, for reference." in text


def test_a_group_answering_a_survey_is_told_where_it_agrees_and_where_it_is_split():
    people = [Answer(f"P{n}", "Staff", {item.id: score for item in SURVEY.items}, {}) for n, score in enumerate([SA, SA, AG, AG])]
    people[0] = Answer("P0", "Staff", {**people[0].scores, "usual-suspects": SD, "trust-politicians": SD}, {})
    people[1] = Answer("P1", "Staff", {**people[1].scores, "usual-suspects": DI, "trust-politicians": SD}, {})
    people[2] = Answer("P2", "Staff", {**people[2].scores, "trust-politicians": SD}, {})
    people[3] = Answer("P3", "Staff", {**people[3].scores, "trust-politicians": SD}, {})
    lines = teams.opinion_lines(SURVEY, people)
    assert lines[0].startswith("Most agree: ") and SURVEY.item("design-innovation").name in lines[0]
    assert lines[1] == f"Most disagree: {SURVEY.item('trust-politicians').name}"
    assert lines[2] == f"The group is split on: {SURVEY.item('usual-suspects').name} (2 on the agreeing side, 2 on the disagreeing side)"


# --------------------------------------------------------------------------- nef and Leeds


def test_nefs_pdf_gives_each_principles_one_example_once(tmp_path):
    doc = answered(NEF, [1, 2, 3, 4, 1, 2])
    text = pdf_text(reports.pdf_report(NEF, doc), tmp_path)
    for item in NEF.items:
        assert text.count(f"In March the young people ran the {item.id} part.") == 1
    assert text.count("Your organisation") >= len(NEF.items)  # every view's score is there


def test_the_leeds_spider_chart_has_a_line_for_every_point_and_nef_only_its_rings():
    def faint_rings(instrument):
        chart = radar_chart(instrument, [])
        return [layer for layer in chart.layer if "strokeDash" in layer.to_dict().get("mark", {})]

    rings = faint_rings(LEEDS)
    assert len(rings) == 1 and sorted(rings[0].data["ring"].unique()) == list(range(2, 10))
    assert faint_rings(NEF) == []


# --------------------------------------------------------------------------- the sources' guidance and coprod's words


def test_the_sources_guidance_appears_where_it_is_needed(data_dir):
    reading = page("app_pages/instrument.py", id="headstart-checklist")
    titles = [e.label for e in reading.expander]
    for part in CHECKLIST.guidance_for("instrument"):
        assert part.heading in titles
    doc = TinyDBStore(data_dir).create(A.new_assessment(CHECKLIST, title="Forum", role="worker"))
    scoring = page("app_pages/score.py", a=doc["token"])
    consent = CHECKLIST.guidance_for("item:consent")[0]
    assert consent.heading in [e.label for e in scoring.expander]
    assert consent.text in [t.value for t in scoring.text]
    nef = page("app_pages/instrument.py", id="nef-framework")
    assert "Overview" in [e.label for e in nef.expander]


def folds(at) -> dict[str, bool]:
    """Each fold's title, and whether it is open."""
    return {e.label: e.proto.expanded for e in at.expander}


def test_the_consent_guidance_is_on_every_session_and_wherever_others_are_invited_to_rate(data_dir):
    """Whoever joins a session may be a young person, whatever its role groups are called, and what
    people write is quoted to the group; IMAGINE's raters rate a young adult. So HeadStart's guidance
    on consent is on every session (open at once where a role group names young people), on every
    invitation to rate and on the rater's own page."""
    consent = CHECKLIST.guidance_for("item:consent")[0]
    store = TinyDBStore(data_dir)
    young = S.open_session(store, S.new_session(LEEDS, title="Forum", anonymous=True, roles=list(S.DEFAULT_ROLES)))
    assert folds(page("app_pages/session.py", f=young["token"]))[consent.heading] is True
    for instrument, roles in ((LEEDS, ["Staff", "Trustees"]), (IMAGINE, ["Participants", "Project workers"])):
        other = S.open_session(store, S.new_session(instrument, title="Board", anonymous=True, roles=roles))
        assert folds(page("app_pages/session.py", f=other["token"]))[consent.heading] is False, instrument.id
    me = self_rating(store, [6, 5, 4, 3, 2, 1])
    results = page("app_pages/results.py", a=me["token"])
    assert consent.heading in folds(results)
    invitation = raters.invitation(store, me["token"])
    assert consent.heading in folds(page("app_pages/rate.py", r=invitation))


def test_headstarts_tips_and_principles_are_shown_where_the_checklist_points_to_them(data_dir):
    """The check "I have strategies for implementing the above “Tips and Tricks”" and the monitoring
    question on them point to the toolkit's tips, which are shown there; so are the principles of
    co-production the tips say they put into practice. The cycle of co-production cites no page the
    app does not have."""
    tips = next(g for g in CHECKLIST.guidance if g.id == "tips-and-tricks")
    principles = next(g for g in CHECKLIST.guidance if g.id == "principles")
    assert tips.heading == "Some tips and tricks for effective and enjoyable co-production"
    for tip in ("Prioritise good communication", "Aim to be inclusive", "Give recognition", "Advocate where necessary"):
        assert f"\n{tip}\n" in tips.text
    doc = TinyDBStore(data_dir).create(A.new_assessment(CHECKLIST, title="Forum", role="worker"))
    scoring = page("app_pages/score.py", a=doc["token"])
    titles = [e.label for e in scoring.expander]
    assert titles.count(tips.heading) == 2 and principles.heading in titles  # at the check and at the question
    assert tips.text in [t.value for t in scoring.text]
    reading = page("app_pages/instrument.py", id="headstart-checklist")
    assert {tips.heading, principles.heading} <= set(folds(reading))
    for part in CHECKLIST.guidance:
        assert not re.search(r"\bpages? \d", part.text), part.id


def test_nefs_people_who_use_the_service_are_invited_to_complete_it_as_a_check(data_dir):
    """nef: "Ask people who are engaged in the service to complete the framework. This can provide a
    check for your own assessment": the "others rate you" comparison is offered with those words."""
    assert NEF.rules.rated_by_others
    store = TinyDBStore(data_dir)
    doc = answered(NEF, [2, 3, 1, 4, 2, 3])
    A.finish(NEF, doc)
    doc = store.create(doc)
    at = page("app_pages/results.py", a=doc["token"])
    asked = NEF.guidance_for("raters")[0]
    assert asked.text.startswith("Ask people who are engaged in the service to complete the framework.")
    assert any(e.label == asked.heading and e.proto.expanded for e in at.expander) and asked.text in [t.value for t in at.text]
    assert "Invite others to rate me" in [b.label for b in at.button]
    assert not any("The source suggests" in c.value for c in at.caption)


def test_coprods_own_words_are_never_shown_as_the_sources():
    home = page("app_pages/home.py")
    cards = " ".join(m.value for m in home.markdown).replace("\\", "")
    assert cards.count(f"({attribution.COPRODS_TIME})") == sum(i.written_by_coprod("time_needed") for i in LIB.instruments)
    for instrument in LIB.instruments:  # the start form says the same as the card
        start = " ".join(c.value for c in page("app_pages/score.py", instrument=instrument.id).caption).replace("\\", "")
        assert f"Time needed: {instrument.time_needed}" in start
        assert (f"({attribution.COPRODS_TIME})" in start) == instrument.written_by_coprod("time_needed"), instrument.id
    reading = page("app_pages/instrument.py", id="attitudes-survey")
    assert sum("coprod's guidance, not the source's words" in c.value for c in reading.caption) >= 3  # purpose, how to use, time


# --------------------------------------------------------------------------- others rate you


def self_rating(store, scores) -> dict:
    doc = A.new_assessment(IMAGINE, title="IMAGINE pilot", role="participant", name="Jo")
    for item, score in zip(IMAGINE.items, scores):
        A.set_score(IMAGINE, doc, "main", item.id, score)
        A.set_example(IMAGINE, doc, "main", item.id, f"I led the {item.id} workshop.")
    A.finish(IMAGINE, doc)
    return store.create(doc)


def rate(store, key, name, scores) -> str:
    token = raters.join(store, IMAGINE, key, name=name, relation="project worker")["token"]

    def fill(d):
        for item, score in zip(IMAGINE.items, scores):
            A.set_score(IMAGINE, d, "main", item.id, score)
            A.set_example(IMAGINE, d, "main", item.id, f"{name} saw {item.id}.")
        A.finish(IMAGINE, d)

    store.update(token, fill)
    return token


def test_others_rate_a_person_each_shown_until_there_are_enough_to_pool(data_dir):
    store = TinyDBStore(data_dir)
    me = self_rating(store, [6, 5, 4, 3, 2, 1])
    key = raters.invitation(store, me["token"])
    assert raters.invitation(store, me["token"]) == key and raters.rated(store, key)["token"] == me["token"]
    rate(store, key, "Sam", [2, 5, 4, 3, 2, 1])
    rows, pooled = raters.compare(IMAGINE, store.get(me["token"]), raters.ratings(store, store.get(me["token"]))[0])
    assert not pooled and rows[0].item.id == "building-on-assets" and rows[0].gap == 4
    assert rows[0].others == (("Sam", 2, "Sam saw building-on-assets."),)
    rate(store, key, "", [3, 5, 4, 3, 2, 1])
    rate(store, key, "Ali", [4, 5, 4, 3, 2, 6])
    rows, pooled = raters.compare(IMAGINE, store.get(me["token"]), raters.ratings(store, store.get(me["token"]))[0])
    assert pooled and {who for row in rows for who, _, _ in row.others} == {""}
    assert (rows[0].item.id, rows[0].middle, rows[0].gap) == ("building-on-assets", 3, 3)


def test_the_invitation_and_comparison_in_the_app(data_dir):
    store = TinyDBStore(data_dir)
    me = self_rating(store, [6, 5, 4, 3, 2, 1])
    at = page("app_pages/results.py", a=me["token"])
    at.button(key="invite-raters").click().run()
    link = next(c.value for c in at.code if "/rate?r=" in c.value)
    key = link.rsplit("=", 1)[1]
    invited = page("app_pages/rate.py", r=key)
    assert "You are asked to complete the IMAGINE engagement about Jo" in everything_shown(invited)
    invited.text_input[0].input("Sam")
    invited.button[0].click().run()
    rating = param(invited, "a")
    scoring = page("app_pages/score.py", a=rating)
    assert "You are completing this about Jo" in everything_shown(scoring)
    assert scoring.button(key="finish").label == "Submit"
    for item in IMAGINE.items:
        scoring.select_slider(key=key_for(rating, "score", "main", item.id)).set_value("2 · Basic")
    scoring.run()
    scoring.button(key="finish").click().run()
    assert store.get(rating)["status"] == A.FINISHED
    again = page("app_pages/results.py", a=me["token"])
    said = everything_shown(again)
    assert "Where you and others differ most" in said and "Sam" in said
    assert "Start the next review round" not in [b.label for b in page("app_pages/score.py", a=rating).button]


def test_a_rating_goes_with_the_assessment_and_can_be_withdrawn(data_dir):
    store = TinyDBStore(data_dir)
    me = self_rating(store, [6, 5, 4, 3, 2, 1])
    key = raters.invitation(store, me["token"])
    kept, gone = rate(store, key, "Sam", [2] * 6), rate(store, key, "Ali", [3] * 6)
    raters.withdraw(store, gone)
    assert store.get(me["token"])["raters"] == [kept]
    with pytest.raises(S.Refused):
        retention.delete_assessment(store, kept)  # a rating is withdrawn, not deleted as one's own
    retention.delete_assessment(store, me["token"])
    for token in (me["token"], kept):
        with pytest.raises(NotFound):
            store.get(token)
    with pytest.raises(NotFound):
        raters.rated(store, key)


# --------------------------------------------------------------------------- the kind's own words


def own_texts(instrument) -> list[str]:
    """Every text of the instrument's file, its whitespace collapsed: the source's (or coprod's) words about it."""
    found: list[str] = []

    def walk(value) -> None:
        if isinstance(value, str):
            found.append(" ".join(value.split()))
        elif isinstance(value, dict):
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(tomllib.loads(Path(instrument.path).read_text(encoding="utf-8")))
    return sorted(found, key=len, reverse=True)


def page_words(at) -> str:
    """Everything a page says, its widgets' labels and its progress bar included."""
    labels = [w.label for kind in ("radio", "button", "expander", "text_area", "multiselect") for w in getattr(at, kind)]
    return "\n".join([everything_shown(at), *labels, *(p.proto.text for p in at.get("progress"))])


@pytest.mark.parametrize("instrument", [CHECKLIST, SURVEY], ids=lambda i: i.id)
def test_checks_and_statements_are_answered_never_scored(instrument, data_dir, tmp_path):
    """A checklist's checks and a survey's statements are answered: no page, PDF or paper form the
    app writes about them calls them scored (the instrument's own texts aside)."""
    store = TinyDBStore(data_dir)
    half = len(instrument.items) // 2
    doc = store.create(answered(instrument, [instrument.scale.max] * half + [None] * (len(instrument.items) - half)))
    said = []
    scoring = page("app_pages/score.py", a=doc["token"])
    scoring.button(key="finish").click().run()  # refused: some are open
    said += [page_words(scoring), page_words(page("app_pages/results.py", a=doc["token"])),
             page_words(page("app_pages/print.py", a=doc["token"])), pdf_text(reports.pdf_report(instrument, doc), tmp_path),
             pdf_text(paper.paper_pack(instrument), tmp_path)]

    def finish(d):
        for item in instrument.items:
            A.set_score(instrument, d, "main", item.id, instrument.scale.min)
        A.finish(instrument, d)

    store.update(doc["token"], finish)
    said.append(page_words(page("app_pages/score.py", a=doc["token"])))  # the finished, read-only answers
    text = " ".join(" ".join(said).split())
    for own in own_texts(instrument):
        text = text.replace(own, "")
    assert not re.findall(r".{40}\bscor\w*.{40}", text, re.I)


def test_imagines_indicators_say_which_principles_they_support_on_the_form_the_results_and_the_pdf(data_dir, tmp_path):
    """The source puts "Which principles are supported?" on the form itself, beside each indicator;
    with the results come the six principles as the tool explains them."""
    assert IMAGINE.supports_heading == "Which principles are supported?"
    store = TinyDBStore(data_dir)
    me = self_rating(store, [6, 5, 4, 3, 2, 1])
    draft = store.create(A.new_assessment(IMAGINE, title="Pilot", role="participant"))
    scoring = " ".join(html_blocks(page("app_pages/score.py", a=draft["token"])))
    for item in IMAGINE.items:
        assert f"Which principles are supported? {'; '.join(item.supports)}" in scoring, item.id
    results = page("app_pages/results.py", a=me["token"])
    table = next(t.value for t in results.table if "Principles" in t.value.columns)
    assert list(table["Principles"]) == ["; ".join(item.supports) for item in IMAGINE.items]
    principles = IMAGINE.guidance_for("results")[0]
    assert principles.heading in folds(results) and "To seek out what they can do" in principles.text
    text = pdf_text(reports.pdf_report(IMAGINE, store.get(me["token"])), tmp_path)
    assert "Which principles are supported?" in text and "To seek out what they can do, not define people" in text
    staff = next(e for e in results.expander if e.label == IMAGINE.next_steps_heading)  # the practices, as the staff's
    assert "the project's staff" in " ".join(c.value for c in staff.caption)


@pytest.mark.parametrize("instrument_id", ["leeds-four-stages", "leeds-six-principles"])
def test_a_refused_finish_says_whose_rule_it_quotes(data_dir, tmp_path, instrument_id):
    """The four stages audit has no rule of its own on evidence: the one it quotes is the six
    principles audit's, and the refusal, the toolkit's page and the paper form say so."""
    instrument = LIB.get(instrument_id)
    doc = A.new_assessment(instrument, title="Park", role="coach")
    for item in instrument.items:
        A.set_score(instrument, doc, "main", item.id, instrument.scale.min)
    doc = TinyDBStore(data_dir).create(doc)
    at = page("app_pages/score.py", a=doc["token"])
    at.button(key="finish").click().run()
    refusal = at.error[0].value.replace("\\", "")
    assert instrument.rules.example_rule in refusal
    borrowed = "its six principles audit" in refusal
    assert borrowed == (instrument_id == "leeds-four-stages")
    assert borrowed == ("its six principles audit" in everything_shown(page("app_pages/instrument.py", id=instrument_id)))
    assert borrowed == ("its six principles audit" in pdf_text(paper.paper_pack(instrument), tmp_path))
