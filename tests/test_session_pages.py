"""AppTest of team sessions: the facilitator's view before and after the reveal, joining, and a
participant's page, which never holds another participant's answer."""

from coprod.answers import assessment as A
from coprod.sessions import lifecycle as S
from coprod.storage.tinydb import TinyDBStore
from tests.apptest import LEEDS, everything_shown, page, param, session_with, submit

PEOPLE = [
    (S.DEFAULT_ROLES[0], 2, "SECRET-A young people were not asked"),
    (S.DEFAULT_ROLES[0], 3, "SECRET-B we told them afterwards"),
    (S.DEFAULT_ROLES[0], 2, "SECRET-C nobody came"),
    (S.DEFAULT_ROLES[1], 8, "SECRET-D the forum chose the budget"),
    (S.DEFAULT_ROLES[1], 9, "SECRET-E young people chair it"),
    (S.DEFAULT_ROLES[1], 8, "SECRET-F they ran the interviews"),
]


def test_opening_a_session_from_the_form(data_dir):
    at = page("app_pages/session.py")
    at.text_input[0].input("Allotment review")
    at.button[0].click().run()
    assert not at.exception
    token = at.query_params["f"]
    token = token[0] if isinstance(token, list) else token
    session = TinyDBStore(data_dir).get(token)
    assert session["kind"] == "session" and session["anonymous"] is True
    assert any(session["join_token"] in c.value for c in at.code)


def test_a_press_of_open_run_again_after_an_interruption_opens_no_second_session(data_dir):
    """A run cut short after the session was stored is run again with the press still in it (Streamlit
    keeps a button's press across the rerun that replaced its run): it goes to the session it made."""
    from coprod.ui import sessions as ui

    at = page("app_pages/session.py")
    at.text_input(key="session-title").input("Allotment review").run()
    made = S.open_session(TinyDBStore(data_dir), S.new_session(LEEDS, title="Allotment review", anonymous=True,
                                                                  roles=list(S.DEFAULT_ROLES)))
    at.session_state[ui.JUST_OPENED] = made["token"]  # as the cut-short run left it
    at.button(key="open-session-button").click().run()
    assert not at.exception and param(at, "f") == made["token"]
    assert sum(1 for _, doc in TinyDBStore(data_dir).documents() if doc and doc.get("kind") == "session") == 1
    assert ui.JUST_OPENED not in at.session_state  # its page was shown: the next press opens a new one


def test_the_items_to_talk_about_are_drawn_with_their_styles_on_every_page_that_shows_them(data_dir):
    store, session, tokens = session_with(data_dir, PEOPLE)
    store.update(session["token"], S.reveal)
    for at in (page("app_pages/session.py", f=session["token"]), page("app_pages/score.py", a=tokens[0])):
        bodies = [e.proto.body for e in at.get("html")]
        assert any('class="coprod-talk"' in b for b in bodies) and any(".coprod-talk {" in b for b in bodies)


def test_facilitator_view_before_the_reveal_shows_who_has_joined_not_the_answers(data_dir):
    store, session, _ = session_with(data_dir, PEOPLE[:4] + [(S.DEFAULT_ROLES[2], None, "")])
    at = page("app_pages/session.py", f=session["token"])
    assert not at.exception
    shown = everything_shown(at)
    assert "4 of 5 joined" in shown
    assert "SECRET" not in shown and "What everyone said" not in shown
    assert at.button(key="reveal").label == "Reveal to everyone"


def test_facilitator_view_after_the_reveal_shows_overlay_flags_and_roles(data_dir):
    store, session, _ = session_with(data_dir, PEOPLE)
    at = page("app_pages/session.py", f=session["token"])
    at.button(key="reveal").click().run()
    assert not at.exception
    shown = everything_shown(at)
    assert "What everyone said" in shown and "Talk about this" in shown
    assert "SECRET-A" in shown and "SECRET-E" in shown  # the examples at each end, side by side
    assert "By role group" in shown and "Partner or volunteer: 0 people" in shown  # every group offered, with its head count
    roles = next(t for t in at.table if "Shown" in t.value.columns).value
    assert roles.to_dict(orient="records") == [{"Role group": S.DEFAULT_ROLES[0], "People": "3", "Shown": "yes"},
                                               {"Role group": S.DEFAULT_ROLES[1], "People": "3", "Shown": "yes"}]
    assert len(at.get("vega_lite_chart")) >= 3  # overlay, spread, role view


def test_too_few_submitted_shows_counts_only(data_dir):
    store, session, _ = session_with(data_dir, PEOPLE[:2])
    store.update(session["token"], S.reveal)
    at = page("app_pages/session.py", f=session["token"])
    shown = everything_shown(at)
    assert "2 submitted so far" in shown and "SECRET" not in shown
    assert len(at.get("vega_lite_chart")) == 0


SECRETS = [example for _, _, example in PEOPLE]


def secrets_on(at) -> set[str]:
    shown = everything_shown(at)
    return {secret.split()[0] for secret in SECRETS if secret in shown}


def test_a_participants_page_holds_only_their_own_answers_until_the_reveal(data_dir):
    store, session, tokens = session_with(data_dir, PEOPLE)
    me = tokens[0]
    at = page("app_pages/score.py", a=me)
    assert not at.exception
    assert secrets_on(at) == {"SECRET-A"}  # my own answer, nobody else's
    assert secrets_on(page("app_pages/results.py", a=me)) == {"SECRET-A"}


def test_after_the_reveal_a_participants_page_shows_what_the_facilitators_screen_shows(data_dir):
    """The reveal reaches every device, within the same privacy rules: what a participant's page
    shows of the others is what the facilitator's screen shows, read from the same `displayable`."""
    store, session, tokens = session_with(data_dir, PEOPLE)
    store.update(session["token"], S.reveal)
    facilitator = page("app_pages/session.py", f=session["token"])
    at = page("app_pages/score.py", a=tokens[0])
    assert not at.exception
    shown = everything_shown(at)
    assert "What everyone said" in shown and "Talk about this" in shown and "By role group" in shown
    assert secrets_on(at) == secrets_on(facilitator) | {"SECRET-A"}
    assert len(at.get("vega_lite_chart")) >= 3
    assert "SECRET-D" not in everything_shown(page("app_pages/results.py", a=tokens[0]))  # my results stay mine


def test_after_the_reveal_a_group_under_the_minimum_stays_counts_only_on_participants_pages(data_dir):
    store, session, tokens = session_with(data_dir, PEOPLE[:2] + [(S.DEFAULT_ROLES[1], None, "")])
    store.update(session["token"], S.reveal)
    at = page("app_pages/score.py", a=tokens[0])
    assert not at.exception
    assert secrets_on(at) == {"SECRET-A"} and "2 submitted so far" in everything_shown(at)
    assert len(at.get("vega_lite_chart")) == 0


def test_published_results_reach_a_participant_with_only_their_own_answers_beside(data_dir):
    store, session, tokens = session_with(data_dir, PEOPLE)
    store.update(session["token"], lambda s: (S.reveal(s), A.set_score(LEEDS, s, "main", "assets", 5),
                                              A.set_example(LEEDS, s, "main", "assets", "AGREED together"),
                                              s.update(published=True)))
    at = page("app_pages/score.py", a=tokens[0])
    shown = everything_shown(at)
    assert "AGREED together" in shown and "What the group agreed" in shown
    assert not [b for b in at.button if b.key == "finish"]


def test_joining_an_anonymous_session_asks_no_name_and_opens_the_scoring_page(data_dir):
    store, session, _ = session_with(data_dir, [])
    at = page("app_pages/join.py", s=session["join_token"])
    assert not at.exception and len(at.text_input) == 0
    at.radio[0].set_value(S.DEFAULT_ROLES[1])
    at.button[0].click().run()
    assert not at.exception
    token = at.query_params["a"]
    token = token[0] if isinstance(token, list) else token
    participant = store.get(token)
    assert participant["role"] == S.DEFAULT_ROLES[1] and participant["name"] == ""
    assert at.button(key="finish").label == "Submit"


def test_a_forged_join_link_or_facilitator_link_opens_nothing(data_dir):
    store, session, _ = session_with(data_dir, PEOPLE[:1])
    at = page("app_pages/join.py", s="x" * 22)
    assert "no session at this link" in everything_shown(at)
    at = page("app_pages/session.py", f=session["join_token"])  # the join token is no facilitator key
    assert at.title[0].value == "Session not found"


def test_a_review_rounds_facilitator_view_shows_progress_of_agreed_scores_and_role_groups(data_dir):
    store, first, _ = session_with(data_dir, PEOPLE, min_group=3)
    store.update(first["token"], lambda s: (S.reveal(s), A.set_score(LEEDS, s, "main", "assets", 6), A.set_example(LEEDS, s, "main", "assets", "Agreed in March")))
    at = page("app_pages/session.py", f=first["token"])
    at.button(key="next-review").click().run()
    assert not at.exception
    token = at.query_params["f"]
    token = token[0] if isinstance(token, list) else token
    second = store.get(token)
    assert second["rounds_before"] == [first["token"]]
    for role, score, example in PEOPLE:
        submit(store, S.join(store, LEEDS, second["join_token"], role=role)["token"], score, example)
    store.update(token, lambda s: (S.reveal(s), A.set_score(LEEDS, s, "main", "assets", 4), A.set_example(LEEDS, s, "main", "assets", "Agreed in June")))
    at = page("app_pages/session.py", f=token)
    assert not at.exception
    shown = everything_shown(at)
    assert "Progress since earlier rounds" in shown and "Role groups over the review rounds" in shown
    assert "Went down since the last round: Assets" in shown
    over_reviews = next(t for t in at.table if "Review 2" in t.value.columns).value
    assert set(over_reviews["Role group"]) == {S.DEFAULT_ROLES[0], S.DEFAULT_ROLES[1]}  # the groups shown, each review


# --------------------------------------------------------------------------- two rounds


def two_rounds(data_dir, rescore: dict[int, int], late: int | None = None):
    """PEOPLE answer round 1 (Leeds, every item the same score), the facilitator reveals it and opens
    round 2; the people numbered in `rescore` submit again with their new score, and with `late`
    somebody who joined before the reveal (nobody joins after it) but answered only in round 2
    submits that score."""
    store, session, tokens = session_with(data_dir, PEOPLE)
    waiting = S.join(store, LEEDS, session["join_token"], role=S.DEFAULT_ROLES[1])["token"] if late is not None else ""
    store.update(session["token"], S.reveal)
    S.start_second_round(store, session["token"])
    for n, score in rescore.items():
        submit(store, tokens[n], score, PEOPLE[n][2])
    if late is not None:
        submit(store, waiting, late, "LATE joiner")
    return store, session, tokens


def comparison_rows(at) -> list[dict]:
    table = next(t for t in at.table if "Who moved" in t.value.columns)
    return table.value.to_dict(orient="records")


def test_round_comparison_counts_only_the_people_who_answered_both_rounds(data_dir):
    """Six answered round 1 (2, 3, 2, 8, 9, 8); three re-scored (A: 2 → 5; D and E kept 8 and 9); one
    more joined in round 2 only (1). Over the same three people the median is 8 in both rounds: no
    change, one up and two the same. The whole rounds' medians (5.5 and 6.5) would say +1."""
    store, session, tokens = two_rounds(data_dir, {0: 5, 3: 8, 4: 9}, late=1)
    at = page("app_pages/session.py", f=session["token"])
    assert "How the conversation moved people" not in everything_shown(at)  # round 2 not revealed yet
    at.button(key="reveal").click().run()
    assert not at.exception
    shown = everything_shown(at)
    assert "3 of the 6 people who answered round 1 re-scored in round 2. 1 person answered round 2 only" in shown
    assert "The 3 who did not re-score are left out of both medians." in shown
    rows = comparison_rows(at)
    assert [r["Item"] for r in rows] == [item.name for item in LEEDS.items]
    for row in rows:
        assert (row["People compared"], row["Round 1 median"], row["Round 2 median"], row["Change"], row["Who moved"]) == (
            "3", "8 · Excellent", "8 · Excellent", "no change", "1 up, 2 the same")


def test_round_comparison_is_withheld_when_fewer_than_the_minimum_answered_both(data_dir):
    store, session, tokens = two_rounds(data_dir, {0: 5, 3: 8}, late=1)  # 2 re-scored + 1 new: round 2 shows 3
    store.update(session["token"], S.reveal)
    at = page("app_pages/session.py", f=session["token"])
    shown = everything_shown(at)
    assert "2 of the 6 people who answered round 1 re-scored" in shown
    assert "compared once at least 3 people have answered both" in shown
    assert not [t for t in at.table if "Who moved" in t.value.columns]


def test_opening_round_two_keeps_round_one_on_the_facilitators_screen_until_round_two_is_revealed(data_dir):
    store, session, tokens = two_rounds(data_dir, {0: 5})
    at = page("app_pages/session.py", f=session["token"])
    shown = everything_shown(at)
    assert "What everyone said" in shown and "Talk about this" in shown and "SECRET-E" in shown
    assert "Round 2 is open: round 1 stays here until you reveal round 2." in shown
    assert "submitted so far" not in shown
    assert "1 of 6 joined" in shown  # round 2's count, from the live status
    assert at.button(key="reveal").label == "Reveal round 2 to everyone"


def test_a_participants_round_two_page_says_so_and_shows_their_round_one_answer_beside_each_item(data_dir):
    store, session, tokens = two_rounds(data_dir, {})
    at = page("app_pages/score.py", a=tokens[0])
    assert not at.exception
    shown = everything_shown(at)
    assert "Round 2 of the team session" in shown and "score again" in shown and "press Submit" in shown
    assert shown.count("Your round-1 answer: 2 · Not there yet") == len(LEEDS.items)  # beside each item
    assert "SECRET-A young people were not asked" in shown
    assert at.button(key="finish").label == "Submit"
    assert "What everyone said in round 1 (for reference while you re-score)" in [e.label for e in at.expander]


def test_published_results_reach_people_who_did_not_rescore(data_dir):
    """Round 2 put everyone's link back to a draft; the facilitator publishes: people who did not
    re-score see the agreed scores and plan, their own round-1 answers, and no Submit button."""
    store, session, tokens = two_rounds(data_dir, {0: 5, 3: 8, 4: 9})
    store.update(session["token"], lambda s: (S.reveal(s), A.set_score(LEEDS, s, "main", "assets", 6),
                                              A.set_example(LEEDS, s, "main", "assets", "AGREED together"),
                                              s.update(published=True)))
    for n in (1, 0):  # one who did not re-score, one who did
        at = page("app_pages/score.py", a=tokens[n])
        assert not at.exception
        shown = everything_shown(at)
        assert "What the group agreed" in shown and "AGREED together" in shown, n
        assert not [b for b in at.button if b.key == "finish"], n
        assert PEOPLE[n][2] in shown
    assert "Your answers from round 1: you did not re-score in round 2, so these stand." in everything_shown(page("app_pages/score.py", a=tokens[1]))


def test_a_revealed_pages_tables_are_made_once_for_every_page_that_draws_them(data_dir, monkeypatch):
    """At the reveal every participant's page draws the same tables within a second: made into Arrow
    once, not at every page's run (coprod.ui.show.table)."""
    from coprod.ui import show

    made = []
    arrow = show._arrow
    monkeypatch.setattr(show, "_arrow", lambda cells: made.append(cells) or arrow(cells))
    store, session, tokens = session_with(data_dir, [(S.DEFAULT_ROLES[n % 2], 2 + n % 5, f"Example {n}") for n in range(6)])
    store.update(session["token"], S.reveal)
    first = page("app_pages/score.py", a=tokens[0])
    assert not first.exception and first.table and made
    tables = len(made)
    for token in tokens[1:]:
        again = page("app_pages/score.py", a=token)
        assert not again.exception and [t.value.to_dict() for t in again.table] == [t.value.to_dict() for t in first.table]
    assert len(made) == tables
