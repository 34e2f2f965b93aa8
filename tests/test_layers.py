"""The house's rules, read from the code itself (its imports, through `ast`), so that the next change
cannot quietly break them: the layers run one way, no import goes round in a circle, no module
borrows another's private name, and no module or class grows past what a newcomer can read.

The layers, lowest first (README, "How it is built"): the shared basics; storage; the instrument
library; one person's answers; team sessions; an organisation's overview; charts; files; then the Streamlit widgets (coprod/ui)
and the command line; then the pages and the navigation. A module may import its own package and
anything below it, never above.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = [  # (the package or module, its rank): a module imports only ranks at or below its own
    ("coprod.common", 0),
    ("coprod.storage", 1),
    ("coprod.library", 2),
    ("coprod.answers", 3),
    ("coprod.sessions", 4),
    ("coprod.overview", 4.5),
    ("coprod.charts", 5),
    ("coprod.files", 6),
    ("coprod.ui", 7),
    ("coprod.cli", 7),
    ("coprod.__main__", 8),
    ("app_pages", 8),
    ("streamlit_app", 9),
]
MAX_MODULE_LINES, MAX_CLASS_LINES = 500, 200


def sources() -> dict[str, Path]:
    """Every module of the app, by its dotted name."""
    found = {"streamlit_app": ROOT / "streamlit_app.py"}
    for folder in ("coprod", "app_pages"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


MODULES = sources()


def rank(module: str) -> int:
    if module == "coprod":  # the package itself: its docstring, nothing to import
        return 0
    for prefix, value in sorted(LAYERS, key=lambda layer: -len(layer[0])):
        if module == prefix or module.startswith(prefix + "."):
            return value
    raise AssertionError(f"{module} is in no layer: add it to LAYERS (and to the README's map)")


def package(module: str) -> str:
    return module if module in MODULES and MODULES[module].name == "__init__.py" else module.rpartition(".")[0]


def imports(module: str) -> list[tuple[str, list[str], int]]:
    """(imported module, names taken from it, line) for every import of the app's own modules,
    those inside functions and `if TYPE_CHECKING:` included: a lazy import is still an arrow."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(alias.name, [], node.lineno) for alias in node.names if alias.name.split(".")[0] in ("coprod", "app_pages")]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] not in ("coprod", "app_pages"):
                continue
            for alias in node.names:
                whole = f"{node.module}.{alias.name}"
                if whole in MODULES:  # `from coprod import teams`: the module itself
                    out.append((whole, [], node.lineno))
                else:
                    out.append((node.module, [alias.name], node.lineno))
    return out


def test_every_module_is_in_a_layer():
    for module in MODULES:
        rank(module)


def test_imports_run_down_the_layers_never_up():
    upward = [f"{module}:{line} imports {target} (layer {rank(target)} above {rank(module)})"
              for module in MODULES for target, _, line in imports(module)
              if target in MODULES and rank(target) > rank(module)]
    assert not upward, "\n".join(upward)


def test_no_import_goes_round_in_a_circle():
    graph = {m: sorted({t for t, _, _ in imports(m) if t in MODULES and t != m}) for m in MODULES}
    # A package's __init__ re-exporting nothing, a module importing its own package is no circle.
    graph = {m: [t for t in targets if not m.startswith(t + ".")] for m, targets in graph.items()}
    circles, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for target in graph[node]:
            if state.get(target) == "open":
                circles.append(" -> ".join(path[path.index(target):] + [target]))
            elif target not in state:
                visit(target, path + [target])
        state[node] = "done"

    for module in graph:
        if module not in state:
            visit(module, [module])
    assert not circles, "\n".join(circles)


def test_no_private_name_is_taken_from_another_module():
    borrowed = []
    for module in MODULES:
        aliases = {}
        tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
        for target, names, line in imports(module):
            # `_` alone is gettext's name for translating a message (coprod.common.i18n), not a private one.
            borrowed += [f"{module}:{line} takes {target}.{n}" for n in names if n.startswith("_") and n != "_" and target != module]
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "coprod":
                for alias in node.names:
                    if f"{node.module}.{alias.name}" in MODULES:
                        aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in MODULES and alias.asname:
                        aliases[alias.asname] = alias.name
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases \
                    and node.attr.startswith("_") and not node.attr.startswith("__"):
                borrowed.append(f"{module}:{node.lineno} uses {aliases[node.value.id]}.{node.attr}")
    assert not borrowed, "\n".join(borrowed)


def test_streamlit_is_imported_only_by_the_ui_the_pages_and_the_navigation():
    for module, path in MODULES.items():
        if module.startswith(("coprod.ui", "app_pages", "streamlit_app")):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        names += [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
        assert not [n for n in names if n.split(".")[0] == "streamlit"], module


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_or_class_is_too_long_to_read(module):
    text = MODULES[module].read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_MODULE_LINES, f"{module}: {len(text.splitlines())} lines"
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ClassDef):
            assert node.end_lineno - node.lineno + 1 <= MAX_CLASS_LINES, f"{module}.{node.name}"


def test_every_package_says_what_it_owns_and_what_it_must_not_import():
    for module, path in MODULES.items():
        if path.name == "__init__.py" and module.startswith("coprod"):
            doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
            assert len(doc) > 80 and "import" in doc, f"{module} has no docstring saying what it owns and may import"
