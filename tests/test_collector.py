"""Streamlit collects garbage after every run; coprod.ui.collector keeps that from walking what lives
as long as the process, without keeping anything that became garbage."""

import gc
import itertools
import sys
import types
import weakref

import pytest
from streamlit.testing.v1 import AppTest

from coprod.ui import collector, guard
from tests.conftest import ROOT


@pytest.fixture
def loaded_module():
    """Stands for a module a page loads for the first time (left loaded, as a real one would be)."""
    def load() -> None:
        name = f"coprod_test_loaded_{next(_numbers)}"
        sys.modules[name] = types.ModuleType(name)

    yield load
    gc.unfreeze()


_numbers = itertools.count()


@pytest.fixture(autouse=True)
def long_since_the_last_full_collection(monkeypatch):
    """Each test starts long after the last collection of everything, which left nothing set aside (a
    test that moved the clock on leaves the module's last full collection in the future)."""
    monkeypatch.setattr(collector, "_last_full", 0.0)
    monkeypatch.setattr(collector, "_blocks_at_last_full", 0)


class Node:
    pass


def test_after_a_run_that_loaded_modules_everything_is_collected_and_set_aside(loaded_module):
    loaded_module()
    collector.set_aside_after_run()
    frozen = gc.get_freeze_count()
    assert frozen > 10_000  # Streamlit's and coprod's modules, and all they hold


def test_after_any_run_what_the_process_holds_is_set_aside_so_the_collection_after_it_walks_only_the_new(loaded_module):
    loaded_module()
    collector.set_aside_after_run()
    frozen = gc.get_freeze_count()
    made = [Node() for _ in range(1000)]  # a run's objects
    collector.set_aside_after_run()  # no new module, within FULL_EVERY: no collection, only set aside
    assert gc.get_freeze_count() >= frozen + 1000
    del made


def _a_quarter_more() -> list:
    """Objects enough for the blocks held to grow by GROWTH since the last collection of everything."""
    return [Node() for _ in range(int(collector._blocks_at_last_full * collector.GROWTH) + 1)]


def test_what_became_garbage_after_being_set_aside_is_collected_once_what_is_set_aside_has_grown(loaded_module, monkeypatch):
    loaded_module()
    collector.set_aside_after_run()
    cycle = Node()
    cycle.itself = cycle
    gone = weakref.ref(cycle)
    collector.set_aside_after_run()
    del cycle
    gc.collect()
    assert gone() is not None  # set aside: Streamlit's collection after the run does not look at it
    made = _a_quarter_more()
    clock = collector.time.monotonic()
    monkeypatch.setattr(collector.time, "monotonic", lambda: clock + collector.FULL_EVERY)
    collector.set_aside_after_run()
    assert gone() is None
    del made


def test_an_idle_hall_brings_no_collection_of_everything(loaded_module, monkeypatch):
    """Followers' runs that leave nothing behind: however long, nothing grows, so nothing is walked."""
    loaded_module()
    collector.set_aside_after_run()
    full = []
    monkeypatch.setattr(collector, "collect_everything", lambda: full.append(1))
    clock = collector.time.monotonic()
    for minutes in range(1, 30):
        monkeypatch.setattr(collector.time, "monotonic", lambda: clock + 60 * minutes)
        collector.set_aside_after_run()
    assert full == []


def test_growth_brings_no_more_than_one_collection_of_everything_in_full_every(loaded_module, monkeypatch):
    """A burst of runs that each leave things behind (everyone joining at once): not a walk after each."""
    loaded_module()
    collector.set_aside_after_run()
    made = _a_quarter_more()
    full = []
    monkeypatch.setattr(collector, "collect_everything", lambda: full.append(1))
    clock = collector.time.monotonic()
    monkeypatch.setattr(collector.time, "monotonic", lambda: clock + collector.FULL_EVERY / 2)
    collector.set_aside_after_run()
    assert full == []
    monkeypatch.setattr(collector.time, "monotonic", lambda: clock + collector.FULL_EVERY)
    collector.set_aside_after_run()
    assert full == [1]
    del made


def test_what_became_garbage_after_being_set_aside_is_collected_when_modules_are_loaded(loaded_module, monkeypatch):
    cycle = Node()
    cycle.itself = cycle
    gone = weakref.ref(cycle)
    loaded_module()
    collector.set_aside_after_run()
    del cycle
    gc.collect()
    assert gone() is not None
    clock = collector.time.monotonic()
    monkeypatch.setattr(collector.time, "monotonic", lambda: clock + collector.MODULES_EVERY)
    loaded_module()
    collector.set_aside_after_run()
    assert gone() is None


def test_modules_loaded_one_by_one_bring_no_more_than_one_collection_of_everything_in_modules_every(loaded_module, monkeypatch):
    """A page importing hundreds of modules while other people's runs end: not a full collection after each."""
    loaded_module()
    collector.set_aside_after_run()
    full = []
    monkeypatch.setattr(collector, "collect_everything", lambda: full.append(1))
    for _ in range(50):
        loaded_module()
        collector.set_aside_after_run()
    assert full == []


def _page_with_a_fragment():
    import streamlit as st

    from coprod.ui import guard

    @guard.fragment()
    def part():
        st.write("a fragment")

    part()


def test_a_fragments_own_run_sets_aside_too(monkeypatch):
    runs = []
    monkeypatch.setattr(guard, "set_aside_after_run", lambda: runs.append("fragment"))
    AppTest.from_function(_page_with_a_fragment).run()
    assert runs == ["fragment"]


def test_the_app_sets_aside_long_lived_objects_after_a_run(loaded_module, data_dir):
    gc.unfreeze()
    loaded_module()
    AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60).run()
    assert gc.get_freeze_count() > 10_000


def test_the_apps_first_run_ends_with_its_modules_set_aside_without_a_collection_of_everything(monkeypatch):
    """The first run loads most of the app's modules; collecting everything at its end held up the
    page's first open by a few hundred milliseconds. Counted from the module's import, it only sets aside."""
    import importlib

    fresh = importlib.reload(collector)  # as a process imports it, in the app's first run
    collections = []
    monkeypatch.setattr(fresh, "collect_everything", lambda: collections.append(1))
    sys.modules["coprod_test_loaded_by_the_first_run"] = types.ModuleType("coprod_test_loaded_by_the_first_run")
    try:
        fresh.set_aside_after_run()
        assert collections == []
        assert gc.get_freeze_count() > 10_000
    finally:
        del sys.modules["coprod_test_loaded_by_the_first_run"]
        gc.unfreeze()


def test_a_runs_end_without_a_collection_of_everything_walks_nothing_the_process_holds(loaded_module, monkeypatch):
    """Every follower's run ends here, 67 a second in a hall of 200: asking how much is set aside
    (`gc.get_freeze_count` walks it all, 30 ms with 200 sessions held) stalled the hall once."""
    loaded_module()
    collector.set_aside_after_run()
    walks = []

    class Watched:
        def __getattr__(self, name):
            if name in {"get_freeze_count", "get_objects", "get_referrers", "collect", "unfreeze"}:
                walks.append(name)
            return getattr(gc, name)

    monkeypatch.setattr(collector, "gc", Watched())
    for _ in range(10):
        collector.set_aside_after_run()
    assert walks == []
