"""A copy is a new piece of work, and a deletion leaves nothing behind: "Copy to a new draft" keeps no
field that leads back to the original (its link, code, invitation, raters, rounds, session), and
deleting the copy touches nothing of the original's."""

from __future__ import annotations

from datetime import date

import pytest

from coprod.answers import assessment as A
from coprod.answers import raters, rounds
from coprod.sessions import retention
from coprod.storage.interface import NotFound
from coprod.storage.tinydb import TinyDBStore
from tests.apptest import LIB, page, param

IMAGINE = LIB.get("imagine-engagement")


def finished(store, title="IMAGINE pilot") -> dict:
    doc = A.new_assessment(IMAGINE, title=title, role="participant", name="Jo", on=date(2026, 3, 1))
    for item in IMAGINE.items:
        A.set_score(IMAGINE, doc, "main", item.id, 4)
        A.set_example(IMAGINE, doc, "main", item.id, f"I led the {item.id} workshop.")
    A.finish(IMAGINE, doc)
    return store.create(doc)


def rated_by(store, key: str, name: str) -> str:
    token = raters.join(store, IMAGINE, key, name=name, relation="project worker")["token"]
    store.update(token, lambda d: [A.set_score(IMAGINE, d, "main", i.id, 2) for i in IMAGINE.items])
    return token


def values(value) -> set[str]:
    """Every string anywhere in a document, keys included."""
    if isinstance(value, dict):
        return {str(k) for k in value} | {s for v in value.values() for s in values(v)}
    if isinstance(value, list):
        return {s for v in value for s in values(v)}
    return {str(value)}


def test_a_copy_keeps_no_field_that_leads_back_to_the_original():
    original = A.new_assessment(IMAGINE, title="IMAGINE pilot", role="participant", name="Jo")
    # every field the app ever sets on an assessment, each holding a secret of its own
    secrets = {"token": "T" * 22, "code": "CODECODE22", "rate_key": "R" * 22, "raters": ["S" * 22],
               "rates": {"key": "K" * 22, "whom": "Jo"}, "session": {"join": "J" * 22, "round": 1},
               "rounds_before": ["P" * 22], "round_number": 2, "rounds": {"1": {"x": {"score": 1}}}, "locked": True,
               "from_paper": 7, "review_on": "2027-01-01", "finished_on": "2026-03-01", "created_at": 1.0,
               "updated_at": 2.0}
    original.update(secrets)
    copy = A.copy_as_draft(original)
    assert set(copy) <= {*A.COPIED, "status", "date"}, set(copy) - {*A.COPIED, "status", "date"}
    for field, secret in secrets.items():
        assert field not in copy
        assert not ({s for s in values(secret) if len(s) > 3} & values(copy)), field
    assert copy["status"] == A.DRAFT and copy["answers"] == original["answers"]


def test_the_copy_has_its_own_invitation_and_raters_and_deleting_it_spares_the_original(data_dir):
    store = TinyDBStore(data_dir)
    me = finished(store)
    key = raters.invitation(store, me["token"])
    rating = rated_by(store, key, "Sam")
    at = page("app_pages/score.py", a=me["token"])
    at.button(key="copy").click().run()
    copy = store.get(param(at, "a"))
    assert copy["token"] != me["token"] and copy["code"] != me["code"]
    assert not ({me["token"], me["code"], key, rating} & values(copy))
    assert raters.ratings(store, copy) == ([], 0)
    assert raters.invitation(store, copy["token"]) != key
    assert raters.rated(store, key)["token"] == me["token"]  # the original's invitation still leads to it
    retention.delete_assessment(store, copy["token"], with_earlier_rounds=True)
    assert store.get(me["token"])["raters"] == [rating] and store.get(rating)["rates"]["key"] == key
    with pytest.raises(NotFound):
        store.get(copy["token"])


def test_a_copy_of_a_later_round_is_not_a_round_of_the_original(data_dir):
    store = TinyDBStore(data_dir)
    first = finished(store)
    second = store.create(rounds.new_round(IMAGINE, first))
    store.update(second["token"], lambda d: [A.set_score(IMAGINE, d, "main", i.id, 3) for i in IMAGINE.items])
    copy = store.create(A.copy_as_draft(store.get(second["token"])))
    assert rounds.earlier_rounds(store, copy) == []
    retention.delete_assessment(store, copy["token"], with_earlier_rounds=True)
    assert store.get(first["token"]) and store.get(second["token"])


# --------------------------------------------------------------------------- deleting a version


def test_deleting_a_version_deletes_its_wordings_but_the_one_scored_on_which_no_link_starts_any_more(data_dir):
    from coprod.library import versions
    from tests.apptest import everything_shown

    nef = LIB.get("nef-framework")
    store = TinyDBStore(data_dir)
    own = versions.create(store, versions.copy_of(nef, versions.text_of(store, nef)))
    first = versions.save(store, own["token"], LIB)["snapshot"]
    versions.edit(store, own["token"], lambda d: versions.set_field(d, ["title"], "Our check, second try"))
    second = versions.save(store, own["token"], LIB)["snapshot"]
    scored = store.create(A.new_assessment(versions.snapshot(store, first), title="Kept", perspectives=["you"]))
    offered = page("app_pages/score.py", version=first)
    assert "second try" not in everything_shown(offered) and offered.selectbox(key="start-instrument").value.startswith(
        versions.snapshot(store, first).title)

    at = page("app_pages/edit.py", v=own["token"])
    at.checkbox(key="delete-version-sure").check().run()
    at.button(key="delete-version").click().run()
    assert not at.exception

    with pytest.raises(NotFound):
        store.get(own["token"])
    with pytest.raises(NotFound):
        store.get(second)  # nothing was scored on it: its wording went with the version
    left = "\n".join(p.read_text(errors="replace") for p in data_dir.rglob("*") if p.is_file())
    assert second not in left and own["token"] not in left and own["code"] not in left
    assert set(store.codes().values()) == {scored["token"]}  # no wording keeps a code
    kept = versions.instrument_for(store, LIB, store.get(scored["token"]))
    assert kept is not None and kept.snapshot == first  # what was scored on it keeps its wording
    for link in (first, second):  # the old "Score it" links start nothing
        start = page("app_pages/score.py", version=link)
        assert all(not o.startswith("Co-production Self-assessment Framework (our")
                   for o in start.selectbox(key="start-instrument").options), link
    assert versions.startable(store, first) is None and versions.startable(store, second) is None


# --------------------------------------------------------------------------- what the process holds


def test_deleting_an_assessment_forgets_its_files_and_charts_held_in_memory(data_dir):
    from coprod.common import memo

    store = TinyDBStore(data_dir)
    me = finished(store, title="FORGET-ME pilot")
    key = raters.invitation(store, me["token"])
    results = page("app_pages/results.py", a=me["token"])  # draws its chart and makes its files
    assert not results.exception and memo.holding(me["token"])
    at = page("app_pages/score.py", a=me["token"])
    at.checkbox(key="delete-sure").check().run()
    at.button(key="delete").click().run()
    assert not at.exception
    assert not memo.holding(me["token"]) and not memo.holding(key)


def test_deleting_a_session_forgets_what_was_made_of_it_for_the_facilitator_and_participants(data_dir):
    from coprod.common import memo
    from coprod.sessions import lifecycle as S
    from tests.apptest import session_with

    people = [("Staff or professional", 4 + n % 3, f"Example {n}") for n in range(4)]
    store, session, tokens = session_with(data_dir, people, title="FORGET-ME session")
    store.update(session["token"], S.reveal)
    facilitator = page("app_pages/session.py", f=session["token"])
    participant = page("app_pages/score.py", a=tokens[0])
    assert not facilitator.exception and not participant.exception
    assert memo.holding(session["token"]) and memo.holding(tokens[0])
    facilitator.checkbox(key="delete-sure").check().run()
    facilitator.button(key="delete").click().run()
    assert not facilitator.exception
    for token in [session["token"], session["join_token"], *tokens]:
        assert not memo.holding(token), token


def test_deleting_a_version_forgets_its_parsed_wording_and_preview(data_dir):
    from coprod.common import memo
    from coprod.library import versions

    nef = LIB.get("nef-framework")
    store = TinyDBStore(data_dir)
    own = versions.create(store, versions.copy_of(nef, versions.text_of(store, nef)))
    snapshot = versions.save(store, own["token"], LIB)["snapshot"]
    at = page("app_pages/edit.py", v=own["token"])
    assert not at.exception and memo.holding(own["token"]) and memo.holding(snapshot)
    at.checkbox(key="delete-version-sure").check().run()
    at.button(key="delete-version").click().run()
    assert not memo.holding(own["token"]) and not memo.holding(snapshot)
