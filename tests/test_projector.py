"""The projector view: a huge join code and QR code, live counts without names, and after the reveal
the group's charts and the items to talk about one screen at a time, under the same privacy rules as
the facilitator's view (it reads only what coprod.sessions.disclosure lets be shown)."""

from coprod.sessions import lifecycle as S
from coprod.sessions import views
from coprod.storage.interface import format_code
from tests.apptest import everything_shown, html_blocks, page, session_with

PEOPLE = [
    (S.DEFAULT_ROLES[0], 2, "SECRET-A young people were not asked"),
    (S.DEFAULT_ROLES[1], 8, "SECRET-D the forum chose the budget"),
    (S.DEFAULT_ROLES[1], 9, "SECRET-E young people chair it"),
    (S.DEFAULT_ROLES[1], 8, "SECRET-F they ran the interviews"),
]


def screens(at) -> list[str]:
    """Every screen of the projector, moving on with Next until it is disabled."""
    seen = [everything_shown(at)]
    while not at.button(key="projector-next").disabled:
        at.button(key="projector-next").click().run()
        assert not at.exception
        seen.append(everything_shown(at))
    return seen


def test_before_the_reveal_the_wall_shows_how_to_join_and_counts_without_names(data_dir):
    store, session, _ = session_with(data_dir, PEOPLE[:2] + [(S.DEFAULT_ROLES[2], None, "")], anonymous=False)
    at = page("app_pages/projector.py", f=session["token"])
    assert not at.exception
    shown = everything_shown(at)
    assert format_code(session["join_code"]) in shown
    assert "3 joined · 2 submitted" in shown
    assert any("Scan to join" in block for block in html_blocks(at))
    assert f"join?s={session['join_token']}" in shown
    assert "Person" not in shown and "SECRET" not in shown  # no names, no answers
    assert session["token"] not in shown  # the facilitator's own link stays off the wall
    assert at.button(key="projector-next").disabled  # nothing to move on to before the reveal


def test_after_the_reveal_charts_and_talk_items_come_one_at_a_time(data_dir):
    store, session, _ = session_with(data_dir, PEOPLE)
    store.update(session["token"], S.reveal)
    at = page("app_pages/projector.py", f=session["token"])
    seen = screens(at)
    assert "What everyone said" in seen[1] and "The chart in words:" in seen[1] and "median" in seen[1]
    assert "Where people agree and differ" in seen[2]
    talks = [s for s in seen if "Talk about this:" in s]
    assert len(talks) == 6  # every item spans Not there yet (2) and Excellent (8, 9)
    assert "SECRET-A" in talks[0] and "SECRET-E" in talks[0]  # the examples at each end
    assert [s for s in seen if "SECRET" in s] == talks  # quotes only on the talk screens
    at.button(key="projector-back").click().run()
    assert "Talk about this:" in everything_shown(at)


def test_the_wall_ties_no_answer_to_a_role_group(data_dir):
    """One young person among three staff: the role view is the facilitator's, not the wall's; no
    screen names a role group at all."""
    store, session, _ = session_with(data_dir, PEOPLE)
    store.update(session["token"], S.reveal)
    at = page("app_pages/projector.py", f=session["token"])
    for shown in screens(at):
        assert not any(role in shown for role in S.DEFAULT_ROLES)


def test_a_named_session_puts_no_name_on_the_wall(data_dir):
    store, session, _ = session_with(data_dir, PEOPLE, anonymous=False)
    store.update(session["token"], S.reveal)
    at = page("app_pages/projector.py", f=session["token"])
    seen = screens(at)
    assert any("SECRET-A" in s for s in seen)
    assert all("Person" not in s for s in seen)  # session_with names people Person0, Person1, …


def test_too_few_submitted_shows_counts_only_even_after_the_reveal(data_dir):
    store, session, _ = session_with(data_dir, PEOPLE[:2])
    store.update(session["token"], S.reveal)
    at = page("app_pages/projector.py", f=session["token"])
    seen = screens(at)
    assert "2 people have submitted" in seen[-1]
    assert all("SECRET" not in s for s in seen) and len(at.get("vega_lite_chart")) == 0


def test_a_join_link_or_no_link_does_not_open_the_projector(data_dir):
    store, session, _ = session_with(data_dir, PEOPLE)
    at = page("app_pages/projector.py", f=session["join_token"])
    assert "Session not found" in everything_shown(at) and format_code(session["join_code"]) not in everything_shown(at)
    at = page("app_pages/projector.py")
    assert "facilitator link" in everything_shown(at)


def test_the_wall_talks_about_the_facilitators_items_in_the_facilitators_order(data_dir):
    """A survey's statements answered on both sides, the most split first, as on the facilitator's
    screen; an end where nobody wrote anything says so rather than showing empty examples."""
    from coprod.sessions import stats as teams
    from coprod.ui.sessions import shown_rounds
    from tests.apptest import LIB

    survey = LIB.get("attitudes-survey")
    people = [(S.DEFAULT_ROLES[n % 2], score, "" if n else "SECRET-S we asked first") for n, score in enumerate((1, 4, 4, 3, 2, 4))]
    store, session, _ = session_with(data_dir, people, instrument=survey)
    store.update(session["token"], S.reveal)
    at = page("app_pages/projector.py", f=session["token"])
    titles = [line.removeprefix("## ") for s in screens(at) for line in s.splitlines() if line.startswith("## Talk about this:")]
    shown = shown_rounds(survey, store.get(session["token"]))[0]
    assert titles == [f"Talk about this: {t.item.name}" for t in views.talk_about(survey, shown)] and titles
    assert "(no example)" not in " ".join(screens(at)) and teams.NOBODY_WROTE in " ".join(screens(at))


def test_one_place_decides_the_charts_of_a_sessions_results():
    """The facilitator's page, every participant's page and the team PDF draw what
    coprod.sessions.views.charts_of says; the wall the same, but no role group."""
    from coprod.sessions import views
    from tests.apptest import LIB

    assert views.charts_of(LIB.get("leeds-six-principles")) == (views.RADAR, views.SPREAD, views.ROLES)
    assert views.charts_of(LIB.get("leeds-six-principles"), wall=True) == (views.RADAR, views.SPREAD)
    for kind in ("attitudes-survey", "headstart-checklist"):
        assert views.charts_of(LIB.get(kind)) == views.charts_of(LIB.get(kind), wall=True) == (views.TALLY,)
    from tests.conftest import ROOT

    for name in ("coprod/ui/sessions.py", "coprod/ui/projector.py", "coprod/ui/participants.py", "coprod/files/team_report.py"):
        assert "chart.kind" not in (ROOT / name).read_text(), f"{name} chooses a session's charts itself"
