"""The disclosure layer's rules one by one (coprod.sessions.disclosure): the partition of role groups
(primary and complementary suppression), sealing at the first reveal, answers held back after it,
withdrawal until first shown, a later round that would give the small groups away, and the live
status. tests/test_attacker.py proves that together they give nobody away."""

from __future__ import annotations

import pytest

from coprod.sessions import disclosure, retention
from coprod.sessions import lifecycle as S
from coprod.sessions.stats import Answer
from coprod.storage.memory import MemoryStore
from tests.apptest import LEEDS, submit

K, H, O, P = "Kestrel", "Heron", "Osprey", "Plover"


def person(n: int, role: str, score: int, example: str = "") -> Answer:
    return Answer(f"P{n}", role, {i.id: score for i in LEEDS.items}, {i.id: example or f"ex {n}" for i in LEEDS.items}, f"p{n}")


def session(min_group: int = 3, anonymous: bool = True, rounds: int = 1) -> dict:
    return {"token": "s" * 22, "round": rounds, "revealed": list(range(1, rounds + 1)), "anonymous": anonymous,
            "roles": [K, H, O, P], "min_group": min_group}


def decide(people: list[Answer], min_group: int = 3) -> disclosure.Partition:
    return disclosure.release(LEEDS, session(min_group), [people])[0].partition


def test_groups_of_at_least_the_minimum_are_shown_by_name():
    parts = decide([person(n, K if n < 3 else H, n) for n in range(6)])
    assert (parts.shown, parts.pooled, parts.why) == ((K, H), (), "")


def test_small_groups_are_counted_together_when_together_they_reach_the_minimum():
    people = [person(n, K, n) for n in range(4)] + [person(4, H, 2), person(5, O, 5), person(6, O, 7)]
    parts = decide(people)
    assert (parts.shown, parts.pooled) == ((K,), (H, O))
    assert parts.label(H) == parts.label(O) == disclosure.OTHERS and parts.label(K) == K
    assert "counted together" in parts.why


def test_a_small_group_alone_takes_the_smallest_shown_group_with_it():
    """One young person beside three staff: the staff's medians would tell which shape is theirs."""
    parts = decide([person(0, K, 1), *(person(n, H, 8) for n in range(1, 4))])
    assert parts.shown == () and parts.label(K) == parts.label(H) == disclosure.NO_ROLE
    assert parts.why == "Role groups are not shown: one group is smaller than 3, and showing the others would reveal it. " \
                        "Their people's answers are among everyone's, without a group."
    three = decide([person(0, K, 1), *(person(n, H, 8) for n in range(1, 4)), *(person(n, O, 5) for n in range(4, 9))])
    assert (three.shown, three.pooled) == ((O,), (K, H))  # the smaller shown group goes first


def test_small_groups_that_all_answered_an_item_alike_are_not_counted_together_apart():
    """The others' medians would pin the small groups' answers down if they all gave the same."""
    people = [*(person(n, K, n + 1) for n in range(4)), person(4, H, 2, "same"), person(5, O, 2, "same"), person(6, O, 2, "same")]
    parts = decide(people)
    assert parts.shown == () and "all gave the same answer" in parts.why
    varied = [*people[:4], person(4, H, 2), person(5, O, 3), person(6, O, 2)]
    assert decide(varied).shown == (K,)


def test_answers_carry_their_group_only_as_the_partition_allows_and_medians_need_the_minimum():
    people = [person(n, K, n + 1) for n in range(4)] + [person(4, H, 2), person(5, O, 5), person(6, O, 7)]
    shown = disclosure.release(LEEDS, session(), [people])[0]
    assert sorted({a.role for a in shown.answers}) == sorted({K, disclosure.OTHERS})
    assert [(g.role, g.n, g.shown) for g in shown.groups] == [(K, 4, True), (disclosure.OTHERS, 3, False)]
    assert shown.groups[0].medians[LEEDS.items[0].id] == 2.5


def test_a_later_round_that_would_give_the_counted_together_groups_away_shows_counts_only():
    first = [person(n, K, n + 1) for n in range(4)] + [person(4, H, 2), person(5, O, 5), person(6, O, 7)]
    second = [person(n, K, n + 1) for n in range(4)] + [person(4, H, 9), person(5, O, 9), person(6, O, 9)]
    rounds = disclosure.release(LEEDS, session(rounds=2), [first, second])
    assert rounds[0].visible and not rounds[1].visible
    assert rounds[1].withheld.startswith("Round 2's answers are not shown: the groups counted together all gave the same answer")
    fewer = disclosure.release(LEEDS, session(rounds=2), [first, second[:-1]])  # one of them did not re-score
    assert fewer[1].visible


def test_the_first_reveal_seals_the_people_and_their_numbers():
    store = MemoryStore()
    opened = S.open_session(store, S.new_session(LEEDS, title="T", anonymous=True, roles=[K, H], min_group=2))
    tokens = [S.join(store, LEEDS, opened["join_token"], role=role)["token"] for role in (K, H, H)]
    submit(store, tokens[1], 5, "yes")
    store.update(opened["token"], S.reveal)  # one answer: counts only, and nothing sealed yet
    now = store.get(opened["token"])
    assert disclosure.counts_only(now, 1) and not disclosure.joins_closed(now) and "sealed" not in now
    late = S.join(store, LEEDS, opened["join_token"], role=K)["token"]
    submit(store, tokens[2], 6, "yes")
    store.update(opened["token"], S.reveal)  # revealed again: the answers in by now are shown
    now = store.get(opened["token"])
    assert disclosure.joins_closed(now) and now["sealed"]["composition"] == {K: 2, H: 2}
    assert sorted(now["sealed"]["numbers"].values()) == [1, 2, 3, 4] and set(now["shown_in"]["1"]) == {tokens[1], tokens[2]}
    with pytest.raises(S.Refused, match="nobody new can join"):
        S.join(store, LEEDS, opened["join_token"], role=H)
    submit(store, tokens[0], 1, "late")
    now = store.get(opened["token"])
    assert disclosure.held_back(now, tokens[0])
    shown = disclosure.displayable(LEEDS, now, S.participants(store, now)[0])
    assert sorted(a.scores[LEEDS.items[0].id] for a in shown.answers) == [5, 6] and shown.held == 1
    retention.withdraw(store, late)  # never answered: may go
    retention.withdraw(store, tokens[0])  # held back, never shown: may go
    with pytest.raises(S.Refused):
        retention.withdraw(store, tokens[1])
    after = store.get(opened["token"])
    assert after["sealed"]["composition"] == {K: 2, H: 2}  # as it was shown
    assert tokens[0] not in str(after) and late not in str(after)


def test_the_live_status_names_no_role_group_beside_names_or_after_the_reveal():
    store = MemoryStore()
    for anonymous in (True, False):
        opened = S.open_session(store, S.new_session(LEEDS, title="T", anonymous=anonymous, roles=[K, H], min_group=2))
        tokens = [S.join(store, LEEDS, opened["join_token"], role=role, name=f"N{n}")["token"] for n, role in enumerate((K, H, H))]
        now = disclosure.status(store.get(opened["token"]))
        assert now.by_role == (((K, 1), (H, 2)) if anonymous else ())
        assert {name for name, _ in now.people} == (set() if anonymous else {"N0", "N1", "N2"})
        for token in tokens:
            submit(store, token, 5, "yes")
        store.update(opened["token"], S.reveal)
        after = disclosure.status(store.get(opened["token"]))
        assert after.by_role == () and (after.joined, after.submitted) == (3, 3)
