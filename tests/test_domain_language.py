"""The domain's own words go through gettext (issue 27): a handful of representative messages that pages
show as they are (a refusal, a status line, a validation problem, a disclosure note, a plan's words),
each made in the pseudo-language (coprod.common.i18n.PSEUDO) comes out marked, and in English as
the app has always said it."""

from __future__ import annotations

import pytest

from coprod.answers import assessment as A
from coprod.answers import plans
from coprod.answers.summary import summary_lines
from coprod.common import i18n
from coprod.library.loading import parse_instrument
from coprod.overview import contributions as C
from coprod.sessions import disclosure, views
from coprod.sessions import lifecycle as S
from coprod.sessions.stats import Answer
from coprod.storage.interface import NotFound
from tests.apptest import LEEDS

K, H = "Kestrel", "Heron"


def _refusal() -> str:
    """Joining a session whose answers have been shown."""
    with pytest.raises(S.Refused) as refused:
        S.check_can_join({"revealed": [1], "status": S.OPEN, "participants": []})
    return str(refused.value)


def _status_line() -> str:
    """What a team is told when its results join an overview."""
    return C.join_words(False, "Northside")


def _validation_problem() -> str:
    """An instrument file whose scale runs backwards, as the version editor lists it."""
    _instrument, problems = parse_instrument('format = 1\n[scale]\nmin = 5\nmax = 1\nbands = []\n[rules]\n', "f.toml")
    return next(p.message for p in problems if p.field == "scale")


def _disclosure_note() -> str:
    """Why a session shows no role group: one is smaller than the minimum."""
    people = [Answer("P0", K, {i.id: 1 for i in LEEDS.items}, {}, "p0"),
              *(Answer(f"P{n}", H, {i.id: 8 for i in LEEDS.items}, {}, f"p{n}") for n in range(1, 4))]
    session = {"token": "s" * 22, "round": 1, "revealed": [1], "anonymous": True, "roles": [K, H], "min_group": 3}
    return disclosure.release(LEEDS, session, [people])[0].partition.why


def _plan_words() -> str:
    """The plan's order note and a column's heading."""
    return plans.order_note(LEEDS) + " | " + plans.headings(LEEDS)["next_level"]


def _summary() -> str:
    return summary_lines(LEEDS, A.new_assessment(LEEDS, title="x"), A.SINGLE)[0]


def _role_table() -> str:
    group = disclosure.Group(disclosure.OTHERS, 2, False, {})
    return views.shown_words(group, 3)


ENGLISH = {
    _refusal: S.JOINS_CLOSED,
    _status_line: "Added to the overview as “Northside”. You can take it back at any time from this page.",
    _validation_problem: "min 5 must be below max 1",
    _disclosure_note: "Role groups are not shown: one group is smaller than 3, and showing the others would reveal it. "
                      "Their people's answers are among everyone's, without a group.",
    _plan_words: "Weakest first. | What the next level looks like",
    _summary: "Nothing has been scored yet.",
    _role_table: "counts only (each group under 3)",
}


@pytest.mark.parametrize("message", list(ENGLISH), ids=lambda f: f.__name__.strip("_"))
def test_each_message_is_said_in_english_as_before(message):
    with i18n.speaking(i18n.SOURCE):
        assert message() == ENGLISH[message]


@pytest.mark.parametrize("message", list(ENGLISH), ids=lambda f: f.__name__.strip("_"))
def test_each_message_passes_through_gettext(message):
    with i18n.speaking(i18n.PSEUDO):
        said = message()
    assert "⟦" in said and "⟧" in said, said


def test_a_shown_round_names_the_groups_counted_together_and_the_participants_in_the_readers_words():
    """The answers read from the documents keep "Participant N" in English (the pseudonyms match it);
    what a round shows says it, and "Other groups (counted together)", in the reader's language."""
    roles = [K, K, K, H, H, "Osprey"]  # Heron and Osprey are too small: counted together
    people = [Answer(f"Participant {n + 1}", role, {i.id: n + 1 for i in LEEDS.items}, {}, f"p{n}") for n, role in enumerate(roles)]
    session = {"token": "s" * 22, "round": 1, "revealed": [1], "anonymous": True, "roles": [K, H, "Osprey"], "min_group": 3}
    with i18n.speaking(i18n.PSEUDO):
        shown = disclosure.release(LEEDS, session, [people])[0]
    assert shown.visible
    assert sorted(a.person.split("~")[0] for a in shown.answers) == [f"⟦Participant {n}" for n in range(1, 7)]
    assert {a.role.split("~")[0] for a in shown.answers} == {K, "⟦Other groups (counted together)"}
    with i18n.speaking(i18n.SOURCE):
        english = disclosure.release(LEEDS, session, [people])[0]
    assert {a.person for a in english.answers} == {f"Participant {n}" for n in range(1, 7)}
    assert {a.role for a in english.answers} == {K, disclosure.OTHERS}


def test_the_store_says_a_missing_document_in_the_readers_words():
    with i18n.speaking(i18n.PSEUDO):
        assert str(NotFound("x")).startswith("⟦It is not there any more")
    assert str(NotFound("x")) == "It is not there any more: it may have been deleted, or the link or code is not whole."
