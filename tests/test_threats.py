"""tests/THREATS.md names, for each security promise, the tests that guard it: each named test must
exist, so that the list stays true when tests are renamed or removed."""

from __future__ import annotations

import ast
import re

from tests.conftest import ROOT

LIST = ROOT / "tests" / "THREATS.md"
NAMED = re.compile(r"`(tests/test_[a-z0-9_]+\.py)::(test_[a-z0-9_]+)`")


def test_every_test_the_threat_list_names_exists():
    named = NAMED.findall(LIST.read_text(encoding="utf-8"))
    assert len(named) >= 40, "the list names too few tests: was it cut?"
    missing = []
    for path, name in named:
        source = ROOT / path
        tests = {node.name for node in ast.walk(ast.parse(source.read_text(encoding="utf-8")))
                 if isinstance(node, ast.FunctionDef)} if source.exists() else set()
        if name not in tests:
            missing.append(f"{path}::{name}")
    assert missing == []


def test_every_promise_names_at_least_one_test():
    promises = [line for line in LIST.read_text(encoding="utf-8").split("\n- ")[1:]]
    assert promises and all(NAMED.search(promise) for promise in promises)
