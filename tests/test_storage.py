"""The storage layer: one contract every store keeps, and what only files can show.

The contract tests run unchanged on every store (memory, TinyDB files, PostgreSQL) through the
parametrised `store` fixture; those about several processes on every store that several processes
can share. What only a file can show (crashes, damaged bytes, atomic renames, the file format) runs
on the TinyDB store alone. Costs are measured in bench/, never asserted here.
"""

from __future__ import annotations

import base64
import copy
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from tinydb import TinyDB

from coprod.answers import assessment as A
from coprod.library.loading import load_library
from coprod.storage import interface as storage
from coprod.storage.atomic import stripe
from coprod.storage.interface import Damaged, NotFound
from coprod.storage.tinydb import TinyDBStore
from tests import stores

ROOT = Path(__file__).resolve().parents[1]
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{22}")
CODE_SHAPE = re.compile(r"[ABCDEFGHJKMNPQRSTVWXYZ23456789]{10}")


# --------------------------------------------------------------------------- fixtures and helpers


@pytest.fixture(params=stores.KINDS)
def kind(request, tmp_path):
    """A fresh store of each kind, with what a test may do to it behind the interface's back."""
    return stores.make(request.param, tmp_path, request)


@pytest.fixture
def store(kind):
    """The same tests on every store."""
    return kind.store


@pytest.fixture
def json_store(tmp_path):
    return TinyDBStore(tmp_path / "data")


@pytest.fixture(scope="module")
def nef():
    instrument = load_library(ROOT / "instruments").get("nef-framework")
    assert instrument is not None, "instruments/nef-framework.toml did not load"
    return instrument


def file_of(store: TinyDBStore, token: str) -> Path:
    return store.folder / "assessments" / f"{token}.json"


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under `root` with its bytes, to show that nothing was written or created."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def run_threads(count: int, work) -> None:
    """Run work(i) in `count` threads released together by a barrier; re-raise the first failure."""
    barrier = threading.Barrier(count, timeout=60)
    errors: list[BaseException] = []

    def body(i: int) -> None:
        try:
            barrier.wait()
            work(i)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=body, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    if errors:
        raise errors[0]


def unissued_code(*issued: str) -> str:
    code = storage.new_code()
    while code in issued:
        code = storage.new_code()
    return code


def unissued_token(*issued: str) -> str:
    token = storage.new_token()
    while token in issued:
        token = storage.new_token()
    return token


# --------------------------------------------------------------------------- the contract, every store


def test_create_get_update_round_trip(store):
    given = {"title": "Youth forum 2026", "answers": {"you": {"assets": {"score": 2}}}, "n": 0}
    created = store.create(given)

    assert "token" not in given and "code" not in given, "create must not change the caller's dict"
    assert created["title"] == "Youth forum 2026"
    assert created["answers"] == {"you": {"assets": {"score": 2}}}
    assert TOKEN_SHAPE.fullmatch(created["token"])
    assert CODE_SHAPE.fullmatch(created["code"])
    assert created["created_at"] == created["updated_at"]

    token = created["token"]
    assert store.get(token) == created

    def change(doc):
        doc["n"] += 1
        doc["answers"]["you"]["assets"]["example"] = "Tenants chaired the March meeting."

    returned = store.update(token, change)
    stored = store.get(token)
    assert stored == returned
    assert stored["n"] == 1
    assert stored["answers"]["you"]["assets"] == {"score": 2, "example": "Tenants chaired the March meeting."}
    assert stored["token"] == token and stored["code"] == created["code"]
    assert stored["created_at"] == created["created_at"]
    assert stored["updated_at"] >= created["updated_at"]


def test_documents_handed_out_are_copies(store):
    created = store.create({"answers": {"you": {}}})
    token = created["token"]

    created["answers"]["you"]["x"] = 1
    got = store.get(token)
    got["answers"]["you"]["y"] = 2
    returned = store.update(token, lambda d: d.__setitem__("n", 1))
    returned["answers"]["you"]["z"] = 3

    assert store.get(token)["answers"] == {"you": {}}


def test_a_change_that_raises_saves_nothing(store):
    token = store.create({"n": 1})["token"]
    before = store.get(token)

    def change(doc):
        doc["n"] = 99
        raise RuntimeError("half-way")

    with pytest.raises(RuntimeError):
        store.update(token, change)
    assert store.get(token) == before


def test_update_stores_the_document_as_changed_including_removed_keys(store):
    """update() stores the document the change leaves, not the old one merged with it."""
    token = store.create({"title": "t", "finished_on": "2026-01-01", "copied_from": "ABCDE12345"})["token"]

    def change(doc):
        del doc["finished_on"]
        doc.pop("copied_from")

    returned = store.update(token, change)
    assert "finished_on" not in returned
    stored = store.get(token)
    assert "finished_on" not in stored, "a key the change removed is back after saving"
    assert "copied_from" not in stored
    assert stored == returned


def test_get_of_an_unknown_token_raises_not_found(store):
    known = store.create({"n": 1})["token"]
    with pytest.raises(NotFound):
        store.get(unissued_token(known))


FORGED_TOKENS = [
    "../../etc/passwd",
    "../outside",
    "../outside.json",
    "/etc/passwd",
    "",
    None,
    "x" * 21 + "/",
    "x" * 21 + ".",
    "x" * 20 + "..",
    "%2e%2e%2f" + "x" * 13,
    "x" * 21 + "\x00",
    "x" * 22 + "\n",
    "x" * 22 + "/../../outside",
    "x" * 21,
    "x" * 23,
    "x" * 10 + " " + "x" * 11,
    "ä" * 22,
]


@pytest.mark.parametrize("token", FORGED_TOKENS, ids=repr)
def test_a_forged_or_malformed_token_is_not_found_and_touches_nothing(store, tmp_path, token):
    (tmp_path / "outside.json").write_text('{"assessment": {"1": {"secret": 1}}}')
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "passwd").write_text("root:x:0:0")
    known = store.create({"n": 1})
    before = snapshot(tmp_path)
    calls = []

    with pytest.raises(NotFound):
        store.get(token)
    with pytest.raises(NotFound):
        store.update(token, calls.append)
    with pytest.raises(NotFound):
        store.delete(token)

    assert calls == [], "the change ran for a token that does not exist"
    assert snapshot(tmp_path) == before, "a forged token created, changed or removed a file"
    assert store.get(known["token"]) == known


def test_a_valid_looking_but_unknown_token_is_not_found(store, tmp_path):
    known = store.create({"n": 1})
    before = snapshot(tmp_path)
    forged = unissued_token(known["token"])
    assert storage.valid_token(forged)
    calls = []

    with pytest.raises(NotFound):
        store.get(forged)
    with pytest.raises(NotFound):
        store.update(forged, calls.append)

    assert calls == []
    assert snapshot(tmp_path) == before


def test_token_for_code_finds_the_token_whatever_the_typing(store):
    first = store.create({"n": 1})
    second = store.create({"n": 2})
    code = first["code"]
    shown = storage.format_code(code)
    assert shown == f"{code[:5]}-{code[5:]}"

    typed = [
        code,
        shown,
        shown.lower(),
        code.lower(),
        f"  {code[:3]} {code[3:6]}-{code[6:]}  ",
        "-".join(code),
        " ".join(code.lower()),
        f"{code[:5]}\t{code[5:]}\n",
    ]
    for text in typed:
        assert store.token_for_code(text) == first["token"], text
    assert store.token_for_code(storage.format_code(second["code"]).lower()) == second["token"]


@pytest.mark.parametrize(
    "code",
    ["", "ABC", "ABCDE-FGHJ", "ABCDE-FGHJKM", "../../etc/passwd", "../../../etc/passwd1", "UNKNOWN", "-----"],
)
def test_unknown_codes_raise_not_found(store, tmp_path, code):
    store.create({"n": 1})
    before = snapshot(tmp_path)
    with pytest.raises(NotFound):
        store.token_for_code(code)
    assert snapshot(tmp_path) == before


def test_a_well_formed_but_unissued_code_raises_not_found(store):
    known = store.create({"n": 1})
    code = unissued_code(known["code"])
    with pytest.raises(NotFound):
        store.token_for_code(code)
    with pytest.raises(NotFound):
        store.token_for_code(storage.format_code(code).lower())


def test_delete_removes_the_assessment_and_its_code(kind):
    store = kind.store
    gone = store.create({"n": 1})
    kept = store.create({"n": 2})

    store.delete(gone["token"])

    with pytest.raises(NotFound):
        store.get(gone["token"])
    with pytest.raises(NotFound):
        store.update(gone["token"], lambda d: d.__setitem__("n", 3))
    with pytest.raises(NotFound):
        store.token_for_code(gone["code"])
    assert store.get(kept["token"]) == kept
    assert store.token_for_code(kept["code"]) == kept["token"]
    assert kind.raw(gone["token"]) is None and gone["code"] not in store.codes()
    assert kind.raw(kept["token"]) == kept


def test_tokens_are_unguessable_and_codes_distinct(store):
    assert storage.TOKEN_BYTES >= 16
    docs = [store.create({"i": i}) for i in range(1000)]
    tokens = [d["token"] for d in docs]
    codes = [d["code"] for d in docs]

    for token in tokens:
        assert TOKEN_SHAPE.fullmatch(token), token
        assert len(base64.urlsafe_b64decode(token + "==")) * 8 >= 128
    assert len(set(tokens)) == 1000
    for code in codes:
        assert CODE_SHAPE.fullmatch(code), code
    assert len(set(codes)) == 1000
    # every code still leads to its own assessment
    for doc in random.Random(7).sample(docs, 50):
        assert store.token_for_code(doc["code"]) == doc["token"]
        assert store.get(doc["token"])["i"] == doc["i"]


def test_fifty_threads_saving_into_one_assessment_lose_nothing(store):
    token = store.create({"values": {}})["token"]

    def work(i: int) -> None:
        def change(doc):  # read, modify, write: a lost update would drop another thread's key
            values = doc["values"]
            values[f"key-{i}"] = i
            doc["values"] = dict(values)

        store.update(token, change)

    run_threads(50, work)

    assert store.get(token)["values"] == {f"key-{i}": i for i in range(50)}


def test_fifty_threads_setting_scores_and_examples_in_one_assessment_lose_nothing(store, nef):
    """The same with the assessment functions: every (perspective, item) score and every item's
    example (nef asks one per principle), saved at once."""
    token = store.create(A.new_assessment(nef, title="Youth forum 2026", role="Project lead"))["token"]
    slots = [(p.id, item.id) for p in nef.perspectives for item in nef.items]
    assert len(slots) == 18

    def work(i: int) -> None:
        perspective, item = slots[i % len(slots)]
        store.update(token, lambda d: d.setdefault("log", []).append(i))
        if i < len(slots):
            store.update(token, lambda d: A.set_score(nef, d, perspective, item, 1 + i % 4))
        elif i < len(slots) + len(nef.items):
            text = f"Example {i}: tenants co-chaired our planning day"
            store.update(token, lambda d: A.set_example(nef, d, "you", nef.items[i - len(slots)].id, text))

    run_threads(50, work)

    doc = store.get(token)
    assert sorted(doc["log"]) == list(range(50))
    for i, (perspective, item) in enumerate(slots):
        assert A.answer(doc, perspective, item)["score"] == 1 + i % 4
    for n, item in enumerate(nef.items):
        assert A.answer(doc, "organisation", item.id)["example"] == f"Example {len(slots) + n}: tenants co-chaired our planning day"


def test_fifty_threads_each_saving_into_their_own_assessment(store):
    made: dict[int, str] = {}

    def work(i: int) -> None:
        token = store.create({"owner": i, "values": []})["token"]
        made[i] = token
        for step in range(3):
            store.update(token, lambda d: d["values"].append(step))
        store.update(token, lambda d: d.__setitem__("last", i))

    run_threads(50, work)

    assert len(made) == 50 and len(set(made.values())) == 50
    for i, token in made.items():
        doc = store.get(token)
        assert doc["owner"] == i and doc["last"] == i and doc["values"] == [0, 1, 2]
        assert store.token_for_code(doc["code"]) == token
    assert sorted(token for token, _ in store.documents()) == sorted(made.values())


def test_a_document_without_a_code_and_a_code_taken_away(store):
    plain = store.create({"n": 1}, code=False)
    assert "code" not in plain and plain["token"] not in store.codes().values()
    coded = store.create({"n": 2, "uses": plain["token"]})
    store.drop_code(coded["token"])
    with pytest.raises(NotFound):
        store.token_for_code(coded["code"])
    assert "code" not in store.get(coded["token"]) and store.get(coded["token"])["n"] == 2
    assert coded["code"] not in store.codes()
    assert store.mentioned(plain["token"]) and not store.mentioned(coded["token"])
    store.delete(coded["token"])
    assert not store.mentioned(plain["token"])


def test_a_finished_assessment_is_read_only_in_the_store(kind, nef):
    store = kind.store
    doc = A.new_assessment(nef, title="Youth forum 2026", role="Project lead")
    token = store.create(doc)["token"]

    def answer_everything(d):
        for n, perspective in enumerate(nef.perspectives):
            for m, item in enumerate(nef.items):
                A.set_score(nef, d, perspective.id, item.id, 1 + (n + m) % 4)
                A.set_example(
                    nef,
                    d,
                    perspective.id,
                    item.id,
                    f"In March our tenants' panel ({perspective.label.lower()}) planned the repairs "
                    f"budget with us and chose which contractor to hire ({item.name}).",
                )

    store.update(token, answer_everything)
    assert A.open_items(nef, store.get(token)) == []
    assert A.missing_examples(nef, store.get(token)) == []

    finished = store.update(token, lambda d: A.finish(nef, d))
    assert finished["status"] == A.FINISHED
    before = store.get(token)
    assert before == finished
    raw_before = copy.deepcopy(kind.raw(token))

    with pytest.raises(A.ReadOnly):
        store.update(token, lambda d: A.set_score(nef, d, "you", "assets", 4 if before["answers"]["you"]["assets"]["score"] != 4 else 1))
    with pytest.raises(A.ReadOnly):
        store.update(token, lambda d: A.set_example(nef, d, "project", "networks", "changed"))
    with pytest.raises(A.ReadOnly):
        store.update(token, lambda d: A.finish(nef, d))

    assert store.get(token) == before
    assert kind.raw(token) == raw_before


def test_alias_leads_to_its_document_until_deleted(store):
    session = store.create({"title": "session"})
    other = store.create({"title": "other"})
    store.add_alias("join", "J" * 22, session["token"])
    store.add_alias("join-code", "ABCDE23456", session["token"])
    store.add_alias("rate", "R" * 22, other["token"])

    assert store.resolve("join", "J" * 22) == session["token"]
    assert store.resolve("join-code", "ABCDE23456") == session["token"]
    assert store.aliases() == {("join", "J" * 22): session["token"], ("join-code", "ABCDE23456"): session["token"],
                               ("rate", "R" * 22): other["token"]}
    for kind, key in [("join", "R" * 22), ("rate", "J" * 22), ("join", "../" + "J" * 19), ("nope", "J" * 22),
                      ("join", "J" * 22 + "\n"), ("join", None)]:
        with pytest.raises(NotFound):
            store.resolve(kind, key)

    store.delete_aliases(session["token"])
    with pytest.raises(NotFound):
        store.resolve("join", "J" * 22)
    assert store.get(session["token"])["title"] == "session", "deleting the ways in deleted the document"
    store.add_alias("join", "J" * 22, session["token"])
    store.delete(session["token"])
    with pytest.raises(NotFound):
        store.resolve("join", "J" * 22)
    assert store.resolve("rate", "R" * 22) == other["token"]


@pytest.mark.parametrize("kind_, key", [("join", "a/b"), ("join", "x" * 65), ("join", ""), ("other", "abc"), ("join", "abc\n")])
def test_a_malformed_alias_is_refused(store, kind_, key):
    token = store.create({})["token"]
    with pytest.raises(ValueError):
        store.add_alias(kind_, key, token)
    assert store.aliases() == {}


def test_an_alias_to_no_document_is_refused(store):
    known = store.create({})["token"]
    with pytest.raises(NotFound):
        store.add_alias("join", "J" * 22, unissued_token(known))
    assert store.aliases() == {}


NOT_A_DOCUMENT = ["just a string", [1, 2, 3], 42, None, True]


@pytest.mark.parametrize("value", NOT_A_DOCUMENT, ids=repr)
def test_damaged_data_is_reported_and_never_overwritten(kind, value):
    """Whatever a store holds that is not a document is reported as damaged, left as it is for a
    person to look at, and touches no other document."""
    store = kind.store
    damaged = store.create({"title": "damaged", "n": 1})
    other = store.create({"title": "other", "n": 1})
    kind.damage(damaged["token"], value)

    with pytest.raises(Damaged) as caught:
        store.get(damaged["token"])
    assert caught.value.token == damaged["token"]
    assert "damaged" in str(caught.value) and "Nothing has been overwritten" in str(caught.value)
    calls = []
    with pytest.raises(Damaged):
        store.update(damaged["token"], calls.append)
    assert calls == [], "the change ran on a document that could not be read"
    assert kind.raw(damaged["token"]) == value, "a damaged document was overwritten"
    assert dict(store.documents())[damaged["token"]] is None  # listed for maintenance, as unreadable

    assert store.get(other["token"]) == other
    assert store.update(other["token"], lambda d: d.__setitem__("n", 2))["n"] == 2
    new = store.create({"title": "new"})
    assert store.get(new["token"]) == new

    store.delete(damaged["token"])  # whoever runs it can still delete it, with every way to it
    with pytest.raises(NotFound):
        store.token_for_code(damaged["code"])
    with pytest.raises(NotFound):
        store.get(damaged["token"])


def test_a_document_at_the_limits_round_trips(store):
    """A session at its 500-person limit and texts at the 5,000-character limit, in any script, come
    back exactly as saved."""
    text = ("Łódź — “quotes” ✓ 👩🏽‍🦱 مرحبا שלום 中文 <b>&amp;</b> $x$ \\ \" \t" * 200)[: A.MAX_TEXT]
    roster = {storage.new_token(): {"role": "Staff or professional", "name": text[:80], "submitted": i % 2}
              for i in range(500)}
    saved = store.create({"title": text, "participants": list(roster), "roster": roster, "n": 0.1 + 0.2,
                          "big": 2**53, "empty": {}, "none": None, "nested": [[{"a": []}]]})
    assert store.get(saved["token"]) == saved
    saved = store.update(saved["token"], lambda d: d["roster"][d["participants"][-1]].update(submitted=2))
    assert store.get(saved["token"]) == saved
    assert len(saved["title"]) == A.MAX_TEXT and saved["title"] == text


@pytest.fixture(params=["tinydb", "postgres"])
def shared_place(request, tmp_path):
    """Where several processes keep one app's data: a data folder, or a PostgreSQL database."""
    if request.param == "tinydb":
        yield str(tmp_path / "data")
    else:
        yield request.getfixturevalue("postgres_url")
    for store in _opened:
        store.close()
    _opened.clear()


_opened: list = []


def opened(place: str):
    """A store of its own on `place`, as another process would open it (closed after the test)."""
    from coprod.storage.configured import open_store

    _opened.append(open_store(place))
    return _opened[-1]


COUNTER = """
import sys
from coprod.storage.configured import open_store
store = open_store(sys.argv[1])
for _ in range(int(sys.argv[3])):
    store.update(sys.argv[2], lambda d: d.__setitem__("n", d["n"] + 1))
"""


def test_processes_saving_into_one_assessment_lose_nothing(shared_place, tmp_path):
    """Several app processes on one store (as behind a proxy): each update reads and writes the
    document under a lock that holds across processes (a file lock; a row lock), so no increment is lost."""
    store = opened(shared_place)
    token = store.create({"n": 0})["token"]
    script = tmp_path / "counter.py"
    script.write_text(COUNTER)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, str(script), shared_place, token, "40"], cwd=ROOT, env=env) for _ in range(4)]
    assert [proc.wait(timeout=120) for proc in procs] == [0] * 4
    assert store.get(token)["n"] == 160


def test_a_second_store_on_the_same_place_sees_every_save(shared_place):
    """A second process (the command line, another app process) opens its own store on the same place."""
    first, second = opened(shared_place), opened(shared_place)
    saved = first.create({"n": 1})
    assert second.get(saved["token"]) == saved
    second.update(saved["token"], lambda d: d.__setitem__("n", 2))
    assert first.get(saved["token"])["n"] == 2
    assert second.token_for_code(storage.format_code(saved["code"])) == saved["token"]
    first.add_alias("join", "J" * 22, saved["token"])
    assert second.resolve("join", "J" * 22) == saved["token"]
    first.delete(saved["token"])
    with pytest.raises(NotFound):
        second.get(saved["token"])
    with pytest.raises(NotFound):
        second.resolve("join", "J" * 22)


# --------------------------------------------------------------------------- JSON storage only

WRITER = """
import sys
from pathlib import Path

from coprod.storage.tinydb import TinyDBStore

folder, token, i = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
store = TinyDBStore(folder)
while True:
    store.update(token, lambda d: d.__setitem__("n", i))
    sys.stdout.write(f"{i}\\n")
    sys.stdout.flush()
    i += 1
"""


def test_sigkill_in_the_middle_of_writes_keeps_every_acknowledged_save(tmp_path):
    folder = tmp_path / "data"
    writer = tmp_path / "writer.py"
    writer.write_text(WRITER)
    token = TinyDBStore(folder).create({"n": -1, "title": "crash test"})["token"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    rng = random.Random(20260101)
    start = 0

    for kill in range(100):
        proc = subprocess.Popen(
            [sys.executable, str(writer), str(folder), token, str(start)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            first = proc.stdout.readline()
            assert first.endswith(b"\n"), f"the writer never acknowledged a save: {proc.stderr.read()!r}"
            threading.Event().wait(rng.uniform(0.02, 0.25))
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            rest = proc.stdout.read()
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            proc.stdout.close()
            proc.stderr.close()
        assert proc.returncode == -signal.SIGKILL, (proc.returncode, kill)

        lines = (first + rest).split(b"\n")
        acknowledged = [int(line) for line in lines[:-1]]  # a line is only an acknowledgment once ended
        assert acknowledged == list(range(start, start + len(acknowledged)))
        last = acknowledged[-1]

        raw = json.loads(file_of(TinyDBStore(folder), token).read_text(encoding="utf-8"))
        assert raw["assessment"]["1"]["token"] == token
        stored = TinyDBStore(folder).get(token)["n"]
        assert last <= stored <= last + 1, f"kill {kill}: acknowledged {last}, file holds {stored}"
        start = stored + 1

    # stray temporary files may be left by the kills; they must not stop anything from working
    fresh = TinyDBStore(folder)
    assert fresh.get(token)["n"] == start - 1
    assert fresh.update(token, lambda d: d.__setitem__("n", start))["n"] == start
    assert fresh.get(token)["n"] == start
    assert [p.name for p in (folder / "assessments").glob("*.json")] == [f"{token}.json"]
    other = fresh.create({"n": 0})
    assert fresh.get(other["token"]) == other


def test_a_writer_holding_one_assessment_does_not_hold_up_another(json_store):
    """Another process holding one document's lock (here: its stripe's lock file) holds up writes
    to that document only."""
    held, other = json_store.create({"n": 0})["token"], json_store.create({"n": 0})["token"]
    while stripe(other) == stripe(held):
        other = json_store.create({"n": 0})["token"]
    lock = json_store.folder / "locks" / f"{stripe(held):03d}.lock"
    holder = subprocess.Popen([sys.executable, "-c", f"import fcntl, sys, time; f = open({str(lock)!r}, 'a'); "
                               "fcntl.flock(f, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        assert json_store.update(other, lambda d: d.__setitem__("n", 1))["n"] == 1  # not held up
        done = threading.Event()
        waiting = threading.Thread(target=lambda: (json_store.update(held, lambda d: d.__setitem__("n", 1)), done.set()))
        waiting.start()
        assert not done.wait(0.5)  # the held document waits for the other process
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    waiting.join(timeout=30)
    assert done.is_set() and json_store.get(held)["n"] == 1


GARBAGE = [
    b'{"assessment": {"1": {"tit',
    b"",
    b"\xff\xfe\x00garbage",
    b"[]",
    b"{}",
    b'"just a string"',
    b'{"assessment": []}',
    b'{"assessment": {"1": "not a document"}}',
    b'{"assessment": {"1": [1, 2, 3]}}',
]


@pytest.mark.parametrize("garbage", GARBAGE, ids=repr)
def test_a_damaged_file_is_reported_kept_and_never_overwritten(json_store, garbage):
    store = json_store
    damaged = store.create({"title": "damaged", "n": 1})
    other = store.create({"title": "other", "n": 1})
    path = file_of(store, damaged["token"])
    path.write_bytes(garbage)

    with pytest.raises(Damaged) as caught:
        store.get(damaged["token"])
    message = str(caught.value)
    assert "damaged" in message
    assert "Nothing has been overwritten" in message
    assert "copy is kept" in message
    kept = store.folder / "recovery" / f"{storage.recovery_name(damaged['token'])}.json"
    assert caught.value.token == damaged["token"]
    assert caught.value.kept_at == kept
    assert f"recovery/{kept.name}" in message
    # people see this message (a participant pressing Submit): it names neither the token nor a server path
    assert damaged["token"] not in message and str(store.folder) not in message
    assert not list((store.folder / "recovery").glob(f"*{damaged['token']}*"))
    assert kept.read_bytes() == garbage
    assert path.read_bytes() == garbage

    calls = []
    with pytest.raises(Damaged):
        store.update(damaged["token"], calls.append)
    assert calls == [], "the change ran on a document that could not be read"
    assert path.read_bytes() == garbage, "update replaced a damaged file"
    assert kept.read_bytes() == garbage
    with pytest.raises(Damaged):
        TinyDBStore(store.folder).get(damaged["token"])  # a fresh store (a restart) reports it too
    assert path.read_bytes() == garbage

    # every other assessment keeps working, and new ones can be started
    assert store.get(other["token"]) == other
    assert store.update(other["token"], lambda d: d.__setitem__("n", 2))["n"] == 2
    assert store.get(other["token"])["n"] == 2
    assert store.token_for_code(other["code"]) == other["token"]
    new = store.create({"title": "new"})
    assert store.get(new["token"]) == new
    assert path.read_bytes() == garbage


def test_a_failed_rename_leaves_the_previous_version_whole(json_store, monkeypatch):
    store = json_store
    token = store.create({"n": 0, "text": "x" * 10_000})["token"]
    for i in range(1, 21):
        store.update(token, lambda d: d.__setitem__("n", i))
    path = file_of(store, token)
    before_bytes = path.read_bytes()
    before = store.get(token)

    real_replace = os.replace
    failures = []

    def replace_fails_once(src, dst, *args, **kwargs):
        if not failures:
            failures.append((src, dst))
            raise OSError(28, "No space left on device")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace_fails_once)
    with pytest.raises(storage.Unwritable) as refused:  # said in plain words, without the server's paths
        store.update(token, lambda d: d.update(n=21, text="y" * 20_000))
    assert failures and Path(failures[0][1]) == path
    assert str(store.folder) not in str(refused.value) and "No space" not in str(refused.value)

    assert path.read_bytes() == before_bytes
    assert json.loads(before_bytes)["assessment"]["1"]["n"] == 20
    assert TinyDBStore(store.folder).get(token) == before
    assert list(path.parent.glob("*.tmp")) == [], "the temporary file of the failed write was left behind"

    # the next save works as usual
    assert store.update(token, lambda d: d.__setitem__("n", 22))["n"] == 22
    assert TinyDBStore(store.folder).get(token)["n"] == 22


def test_readers_never_see_a_truncated_file_during_many_updates(json_store):
    """Reading the file without any lock, while it is rewritten, always gives a whole document."""
    store = json_store
    token = store.create({"n": 0, "text": "z" * 200_000})["token"]
    path = file_of(store, token)
    done = threading.Event()
    seen: list[int] = []
    problems: list[str] = []

    def reader() -> None:
        while not done.is_set():
            try:
                data = json.loads(path.read_bytes())
                seen.append(data["assessment"]["1"]["n"])
            except Exception as error:  # noqa: BLE001 - every failure is a finding
                problems.append(repr(error))

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for i in range(1, 151):
            store.update(token, lambda d: d.__setitem__("n", i))
    finally:
        done.set()
        thread.join(timeout=30)

    assert problems == []
    assert seen, "the reader never read the file"
    assert seen == sorted(seen), "a reader went back to an older version"
    assert store.get(token)["n"] == 150


def test_the_file_is_tinydb_format_and_opens_with_plain_tinydb(json_store):
    store = json_store
    saved = store.create({"title": "Łódź — “quotes” ✓", "answers": {"you": {"assets": {"score": 3}}}})
    saved = store.update(saved["token"], lambda d: d.__setitem__("n", 1))
    path = file_of(store, saved["token"])

    raw = json.loads(path.read_text(encoding="utf-8"))
    assert list(raw) == ["assessment"]
    assert list(raw["assessment"]) == ["1"]
    assert raw["assessment"]["1"] == saved

    db = TinyDB(str(path), access_mode="r")
    try:
        assert db.tables() == {"assessment"}
        assert dict(db.table("assessment").get(doc_id=1)) == saved
        assert len(db.table("assessment")) == 1
    finally:
        db.close()
    assert store.get(saved["token"]) == saved


def test_each_assessment_is_its_own_file(json_store):
    store = json_store
    docs = [store.create({"i": i}) for i in range(3)]

    files = sorted(p.name for p in (store.folder / "assessments").iterdir() if p.is_file())
    assert files == sorted(f"{d['token']}.json" for d in docs)
    for d in docs:
        assert json.loads(file_of(store, d["token"]).read_text())["assessment"]["1"]["i"] == d["i"]
        assert (store.folder / "codes" / d["code"]).read_text().strip() == d["token"]

    # a save touches its own file only
    others = {d["token"]: file_of(store, d["token"]).read_bytes() for d in docs[1:]}
    store.update(docs[0]["token"], lambda d: d.__setitem__("i", 99))
    assert {t: file_of(store, t).read_bytes() for t in others} == others


def test_a_folder_is_needed_for_json_storage():
    with pytest.raises(TypeError):
        TinyDBStore()


def test_a_token_with_a_trailing_newline_is_not_valid():
    token = storage.new_token()
    assert storage.valid_token(token) and not storage.valid_token(token + "\n")


def test_deleting_a_damaged_assessment_removes_its_code_too(json_store):
    doc = json_store.create({"title": "x"})
    file_of(json_store, doc["token"]).write_text("{not json", encoding="utf-8")
    json_store.delete(doc["token"])
    with pytest.raises(NotFound):
        json_store.token_for_code(doc["code"])


def test_a_file_damaged_twice_in_different_ways_keeps_both_copies(json_store):
    doc = json_store.create({"title": "x"})
    path = file_of(json_store, doc["token"])
    for garbage in ("{first damage", "{second damage"):
        path.write_text(garbage, encoding="utf-8")
        with pytest.raises(Damaged):
            json_store.get(doc["token"])
    kept = sorted(p.read_text(encoding="utf-8") for p in (json_store.folder / "recovery").iterdir())
    assert kept == ["{first damage", "{second damage"]


def test_the_stamp_moves_with_every_save_and_only_then(store):
    """What a follower compares before reading a document (coprod.ui.follow): equal while nothing was
    saved, different after every save, None once deleted."""
    import time

    from coprod.storage.tinydb import FRESH_NS

    token = store.create({"n": 0}, code=False)["token"]
    time.sleep(FRESH_NS / 1e9 + 0.02)  # a file saved just now is stamped as new on every look
    assert store.stamp(token) == store.stamp(token)
    seen = {store.stamp(token)}
    for n in range(1, 6):
        store.update(token, lambda d, n=n: d.update(n=n))
        assert store.stamp(token) not in seen
        seen.add(store.stamp(token))
    store.delete(token)
    assert store.stamp(token) is None
    assert store.stamp("not a token") is None
