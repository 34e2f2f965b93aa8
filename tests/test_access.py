"""How people reach what is stored, played by a hostile visitor: a short code opens only what a person
carries on with (never a session's facilitator view), a valid 128-bit link always opens, and failed
code guesses are limited per client, counted once for every process and taken from the address the
trusted proxy saw (tests/test_browser_cluster.py plays it through a real HAProxy)."""

from __future__ import annotations

from coprod import sessions as S
from coprod.storage import TinyDBStore, format_code
from tests.apptest import LEEDS, everything_shown, page, param, session_with


def carry_on_with(code: str):
    at = page("app_pages/score.py")
    at.text_input[-1].input(code)
    at.button[-1].click().run()
    return at


def test_a_session_gets_no_short_code(data_dir):
    store, session, _ = session_with(data_dir, [])
    assert "code" not in store.get(session["token"])
    assert session["token"] not in store.codes().values()


def test_a_sessions_own_code_typed_into_carry_on_opens_nothing(data_dir):
    store = TinyDBStore(data_dir)
    # a session stored before sessions lost their codes still holds one
    legacy = store.create(S.new_session(LEEDS, title="Youth forum review", anonymous=True, roles=list(S.DEFAULT_ROLES)))
    store.add_alias("join", legacy["join_token"], legacy["token"])
    at = carry_on_with(format_code(legacy["code"]))
    said = everything_shown(at)
    assert "No assessment has that code" in said
    assert legacy["join_token"] not in said and legacy["token"] not in said and "Participants join" not in said
    assert not at.query_params.get("a") and not at.query_params.get("f")
    # nor does its token, given as an assessment's link, show anything of it
    opened = page("app_pages/score.py", a=legacy["token"])
    assert "Assessment not found" in everything_shown(opened) and legacy["join_token"] not in everything_shown(opened)


def test_an_assessments_code_still_carries_on(data_dir):
    from coprod import assessment as A

    doc = TinyDBStore(data_dir).create(A.new_assessment(LEEDS, title="Youth forum"))
    at = carry_on_with(format_code(doc["code"]))
    assert param(at, "a") == doc["token"]
