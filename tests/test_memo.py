"""coprod.common.memo: a thing is made once however many ask for it at the same moment (a room's reveal
has every page ask for the same results within a second), and a failed or nested making holds nobody up."""

import threading
import time

import pytest

from coprod.common.memo import Memo


def ask_together(memo: Memo, make, people: int = 24) -> list:
    """`people` threads asking for the same thing at the same instant; what each got (or raised)."""
    start = threading.Barrier(people)
    got: list = [None] * people

    def ask(n: int) -> None:
        start.wait()
        try:
            got[n] = memo.get("results", make, [f"token-{n}"])
        except Exception as problem:  # noqa: BLE001  (what each caller met is the result)
            got[n] = problem

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    return got


def test_many_asking_at_once_have_it_made_once_and_all_get_it():
    made = []

    def make():
        made.append(threading.get_ident())
        time.sleep(0.2)  # long enough for every other caller to arrive while it is made
        return {"made": len(made)}

    got = ask_together(Memo(8), make)
    assert len(made) == 1
    assert all(value is got[0] for value in got)


def test_each_caller_tags_the_entry_with_its_documents():
    memo = Memo(8)
    ask_together(memo, lambda: time.sleep(0.1) or "results", people=5)
    assert memo.owners() == {f"token-{n}" for n in range(5)}


def test_a_making_that_fails_is_made_again_by_one_who_waited():
    calls = []

    def make():
        calls.append(1)
        time.sleep(0.1)
        if len(calls) == 1:
            raise OSError("the first reading failed")
        return "results"

    got = ask_together(Memo(8), make, people=10)
    assert sum(isinstance(value, OSError) for value in got) == 1
    assert got.count("results") == 9
    assert len(calls) == 2


def test_a_making_that_asks_for_itself_does_not_wait_on_itself():
    memo = Memo(8)

    def make():
        return "outer " + memo.get("results", lambda: "inner", [])

    assert memo.get("results", make, []) == "outer inner"


def test_a_stuck_maker_holds_the_others_up_no_longer_than_the_wait(monkeypatch):
    from coprod.common import memo as memos

    monkeypatch.setattr(memos, "WAIT_SECONDS", 0.2)
    memo = Memo(8)
    release = threading.Event()
    stuck = threading.Thread(target=memo.get, args=("results", lambda: release.wait(10) and "late", []))
    stuck.start()
    time.sleep(0.05)
    started = time.monotonic()
    assert memo.get("results", lambda: "made here", []) == "made here"
    assert time.monotonic() - started < 5
    release.set()
    stuck.join(timeout=10)


@pytest.mark.parametrize("people", [2, 40])
def test_different_things_are_made_side_by_side(people):
    memo = Memo(people)
    start = threading.Barrier(people)
    began = []

    def ask(n: int) -> None:
        start.wait()
        memo.get(n, lambda: began.append(time.monotonic()) or time.sleep(0.2), [])

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert max(began) - min(began) < 0.2  # nobody waited for another's making


def test_what_is_being_made_when_its_document_is_deleted_is_not_kept():
    memo = Memo(8)
    started, release = threading.Event(), threading.Event()

    def make():
        started.set()
        release.wait(10)
        return "the deleted session's results"

    got = []
    maker = threading.Thread(target=lambda: got.append(memo.get("results", make, ["deleted-token"])))
    maker.start()
    started.wait(10)
    memo.forget({"deleted-token"})  # the session is deleted while its results are being made
    release.set()
    maker.join(10)
    assert got == ["the deleted session's results"]  # the page that asked still gets what it asked for
    assert "deleted-token" not in memo.owners() and len(memo) == 0


def test_what_is_being_made_for_another_document_is_kept_when_one_is_deleted():
    memo = Memo(8)
    started, release = threading.Event(), threading.Event()
    maker = threading.Thread(target=memo.get, args=("results", lambda: started.set() or release.wait(10) and "kept", ["other"]))
    maker.start()
    started.wait(10)
    memo.forget({"deleted-token"})
    release.set()
    maker.join(10)
    assert memo.owners() == {"other"}


def test_asking_whether_a_thing_is_kept_neither_makes_it_nor_keeps_it_longer():
    memo = Memo(2)
    assert not memo.holds("a")
    memo.get("a", lambda: 1, {"doc-a"})
    memo.get("b", lambda: 2, {"doc-b"})
    assert memo.holds("a") and len(memo) == 2
    memo.get("c", lambda: 3, {"doc-c"})  # "a" was asked about, not used: it is the oldest still, and goes
    assert not memo.holds("a") and memo.holds("b")
    memo.forget({"doc-b"})
    assert not memo.holds("b")
