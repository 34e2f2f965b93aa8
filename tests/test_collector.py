"""Streamlit collects garbage after every run; coprod.ui.collector keeps that from walking what lives
as long as the process, without keeping anything that became garbage."""

import gc
import itertools
import sys
import types
import weakref

import pytest
from streamlit.testing.v1 import AppTest

from coprod.ui import collector
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


class Node:
    pass


def test_after_a_run_that_loaded_modules_the_long_lived_objects_are_set_aside(loaded_module):
    loaded_module()
    collector.set_aside_long_lived()
    frozen = gc.get_freeze_count()
    assert frozen > 10_000  # Streamlit's and coprod's modules, and all they hold
    kept = Node()
    collector.set_aside_long_lived()  # no new module: nothing to do
    assert gc.get_freeze_count() == frozen
    del kept


def test_what_became_garbage_after_being_set_aside_is_collected_at_the_next_set_aside(loaded_module):
    cycle = Node()
    cycle.itself = cycle
    gone = weakref.ref(cycle)
    loaded_module()
    collector.set_aside_long_lived()
    del cycle
    gc.collect()
    assert gone() is not None  # set aside: the collector does not look at it
    loaded_module()
    collector.set_aside_long_lived()
    assert gone() is None


def test_the_app_sets_aside_long_lived_objects_after_a_run(loaded_module, data_dir):
    gc.unfreeze()
    loaded_module()
    AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60).run()
    assert gc.get_freeze_count() > 10_000
