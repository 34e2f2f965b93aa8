"""A page following its session (coprod.ui.follow, issue 28): the session's stamp is compared first,
and the document is read and parsed only when it moved, once for every follower at the same time.
Costs are measured in bench/ (`make bench`, the crowd rows), never asserted here."""

from __future__ import annotations

import threading
import time

import pytest

from coprod.storage.memory import MemoryStore
from coprod.storage.tinydb import FRESH_NS, TinyDBStore
from coprod.ui import follow


@pytest.fixture(params=["tinydb", "memory"])
def counted(request, tmp_path, monkeypatch):
    """A store whose every read of a document (the parse) is counted."""
    store = TinyDBStore(tmp_path) if request.param == "tinydb" else MemoryStore()
    reads = []
    load = store._load

    def counting(token):
        reads.append(token)
        return load(token)

    monkeypatch.setattr(store, "_load", counting)
    return store, reads


def settled() -> None:
    """Past the time within which a just-saved file is read whatever its stamp (coprod.storage.tinydb)."""
    time.sleep(FRESH_NS / 1e9 + 0.02)


def revealed(doc: dict) -> bool:
    return bool(doc.get("revealed"))


def test_nothing_is_parsed_while_nothing_changed(counted):
    store, reads = counted
    token = store.create({"revealed": []}, code=False)["token"]
    settled()
    assert follow.moment(store, token, revealed) is False
    first = len(reads)
    assert first == 1  # the first look reads it
    for _ in range(50):
        assert follow.moment(store, token, revealed) is False
    assert len(reads) == first  # fifty more looks: the stamp alone, no parse


def test_a_change_is_seen_at_the_next_look(counted):
    store, reads = counted
    token = store.create({"revealed": []}, code=False)["token"]
    settled()
    assert follow.moment(store, token, revealed) is False
    store.update(token, lambda d: d.update(revealed=[1]))
    assert follow.moment(store, token, revealed) is True
    settled()
    before = len(reads)
    assert follow.moment(store, token, revealed) is True
    assert follow.moment(store, token, revealed) is True
    assert len(reads) - before <= 1  # once more at most after it settled, then the stamp alone


def test_two_saves_in_one_tick_are_never_taken_for_one(tmp_path):
    """Saves in quick succession (a file's time moves in ticks): every look in between sees the newest."""
    store = TinyDBStore(tmp_path)
    token = store.create({"revealed": []}, code=False)["token"]
    for n in range(1, 30):
        store.update(token, lambda d, n=n: d.update(revealed=list(range(n))))
        assert follow.moment(store, token, lambda d: len(d["revealed"])) == n


def test_many_followers_at_once_parse_it_once(counted):
    store, reads = counted
    token = store.create({"revealed": []}, code=False)["token"]
    settled()
    store.update(token, lambda d: d.update(revealed=[1]))
    settled()
    before = len(reads)
    gate = threading.Barrier(40)
    seen = []

    def look():
        gate.wait()
        seen.append(follow.moment(store, token, revealed))

    threads = [threading.Thread(target=look) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == [True] * 40
    assert len(reads) - before == 1  # one read for forty followers


def test_a_deleted_session_is_none_and_forgotten(counted):
    from coprod.common import memo

    store, _ = counted
    token = store.create({"revealed": [1]}, code=False)["token"]
    assert follow.moment(store, token, revealed) is True
    assert memo.holding(token)
    store.delete(token)
    assert follow.moment(store, token, revealed) is None
    assert not memo.holding(token)
