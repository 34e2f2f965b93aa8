"""How people reach what is stored, played by a hostile visitor: a short code opens only what a person
carries on with (never a session's facilitator view), a valid 128-bit link always opens, and failed
code guesses are limited per client, counted once for every process and taken from the address the
trusted proxy saw (tests/test_browser_cluster.py plays it through a real HAProxy)."""

from __future__ import annotations

import ipaddress

import pytest

from coprod.sessions import lifecycle as S
from coprod.storage.interface import format_code
from coprod.storage.limits import (
    FailedLookups,
    TooManyTries,
    client_of,
    trusted_proxies,
)
from coprod.storage.tinydb import TinyDBStore
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
    from coprod.answers import assessment as A

    doc = TinyDBStore(data_dir).create(A.new_assessment(LEEDS, title="Youth forum"))
    at = carry_on_with(format_code(doc["code"]))
    assert param(at, "a") == doc["token"]


# --------------------------------------------------------------------------- who the client is

HAPROXY_HERE = trusted_proxies("127.0.0.2")  # as make cluster has it connect
PROXY_ELSEWHERE = trusted_proxies("10.0.0.5, 10.1.0.0/16")


@pytest.mark.parametrize("address, forwarded, trusted, client", [
    # no proxy named: the connection's own address, and a forwarded one is never believed
    ("203.0.113.7", [], (), "203.0.113.7"),
    (None, [], (), "local"),
    ("203.0.113.7", ["6.6.6.6"], (), "forwarded"),
    ("6.6.6.6", ["6.6.6.6"], (), "forwarded"),
    # HAProxy on this machine, connecting from 127.0.0.2: the line it adds after any the client wrote,
    # even when the browser is on this machine too
    ("127.0.0.2", ["203.0.113.7"], HAPROXY_HERE, "203.0.113.7"),
    ("127.0.0.2", ["6.6.6.6", "203.0.113.7"], HAPROXY_HERE, "203.0.113.7"),
    ("127.0.0.2", ["6.6.6.6, 7.7.7.7", "127.0.0.1"], HAPROXY_HERE, "127.0.0.1"),
    # a proxy at 127.0.0.1, which Streamlit's server believes itself: it reports what the proxy saw
    ("203.0.113.7", ["6.6.6.6", "203.0.113.7"], trusted_proxies("127.0.0.1"), "203.0.113.7"),
    # a proxy on another machine, named: the address right of it, whatever the client wrote before
    ("10.0.0.5", ["203.0.113.7"], PROXY_ELSEWHERE, "203.0.113.7"),
    ("10.0.0.5", ["6.6.6.6", "203.0.113.7"], PROXY_ELSEWHERE, "203.0.113.7"),
    ("10.0.0.5", ["6.6.6.6, 203.0.113.7"], PROXY_ELSEWHERE, "203.0.113.7"),
    ("10.1.2.3", ["6.6.6.6, 203.0.113.7, 10.0.0.5"], PROXY_ELSEWHERE, "203.0.113.7"),
    ("10.0.0.5", [], PROXY_ELSEWHERE, "10.0.0.5"),
    # a visitor reaching the app directly, writing the header themselves
    ("198.51.100.9", ["6.6.6.6"], PROXY_ELSEWHERE, "198.51.100.9"),
    ("198.51.100.9", ["10.0.0.5"], PROXY_ELSEWHERE, "198.51.100.9"),
    ("198.51.100.9", ["198.51.100.9, 127.0.0.1"], PROXY_ELSEWHERE, "198.51.100.9"),
    ("198.51.100.9", ["garbage, 198.51.100.9"], PROXY_ELSEWHERE, "198.51.100.9"),
])
def test_the_client_is_the_address_the_nearest_trusted_proxy_saw(address, forwarded, trusted, client):
    assert client_of(address, forwarded, trusted) == client


def test_a_visitor_writing_any_header_gets_no_fresh_count():
    """Whatever a visitor writes into X-Forwarded-For (a new address on every request), they are
    counted as themselves, or, behind a named proxy, as what the proxy saw."""
    import random

    rng = random.Random(7)
    for _ in range(500):
        spoof = ", ".join(str(ipaddress.IPv4Address(rng.getrandbits(32))) for _ in range(rng.randint(1, 3)))
        assert client_of("198.51.100.9", [spoof], PROXY_ELSEWHERE) == "198.51.100.9"
        assert client_of("10.0.0.5", [spoof, "203.0.113.7"], PROXY_ELSEWHERE) == "203.0.113.7"
        assert client_of("127.0.0.2", [spoof, "127.0.0.1"], HAPROXY_HERE) == "127.0.0.1"
        assert client_of("198.51.100.9", [spoof], ()) in ("forwarded", "198.51.100.9")


def test_the_limit_setting_and_the_trusted_proxies_setting(monkeypatch):
    monkeypatch.setenv("COPROD_LOOKUP_LIMIT", "5")
    counter = FailedLookups()
    for _ in range(5):
        counter.check("a")
        counter.failed("a")
    with pytest.raises(TooManyTries):
        counter.check("a")
    assert [str(n) for n in trusted_proxies("127.0.0.1, ::1 10.0.0.0/8 not-an-address")] == \
        ["127.0.0.1/32", "::1/128", "10.0.0.0/8"]


# --------------------------------------------------------------------------- a room behind one address


def test_a_room_behind_one_address_keeps_its_links_after_one_persons_burst_of_wrong_codes(data_dir):
    from coprod.answers import assessment as A

    store, session, (participant,) = session_with(data_dir, [("Staff or professional", None, "")])
    mine = store.create(A.new_assessment(LEEDS, title="Mine"))
    at = page("app_pages/score.py")
    for n in range(25):  # one person's burst: the twenty-first and later are refused
        at.text_input[-1].input(f"AAAAA-{n:05d}")
        at.button[-1].click().run()
    assert "Too many codes" in everything_shown(at)
    # the others in the room (the same address) open their own 128-bit links as usual
    for name, params, shown in (("score", {"a": mine["token"]}, "Mine"), ("score", {"a": participant}, "Submit"),
                                ("session", {"f": session["token"]}, "Participants join with this link"),
                                ("join", {"s": session["join_token"]}, "This session is anonymous")):
        said = everything_shown(page(f"app_pages/{name}.py", **params)) + " ".join(
            b.label for b in page(f"app_pages/{name}.py", **params).button)
        assert shown in said and "Too many" not in said and "not found" not in said, name


def test_two_processes_on_one_database_share_one_limit(postgres_url, monkeypatch):
    from coprod.storage.postgres import PostgresStore

    monkeypatch.setenv("COPROD_LOOKUP_LIMIT", "6")
    processes = [PostgresStore(postgres_url) for _ in range(3)]  # as the cluster's three app processes
    try:
        for n in range(6):
            processes[n % 3].failed_lookups().check("198.51.100.9")
            processes[n % 3].failed_lookups().failed("198.51.100.9")
        for each in processes:
            with pytest.raises(TooManyTries):
                each.failed_lookups().check("198.51.100.9")
            each.failed_lookups().check("203.0.113.7")  # another client is not held up
        with processes[0]._pool.connection() as conn:  # noqa: SLF001 - the stored rows, as a test may read them
            rows = conn.execute("SELECT client, failures FROM failed_lookups").fetchall()
        assert rows and all("198.51" not in client for client, _ in rows)  # a digest, never the address
    finally:
        for each in processes:
            each.close()
