"""The package's folders are layers and imports point only downward (issue 11).

model ← inputs ← extract ← build ← read, contrib ← cli: a module may import its own layer
or a lower one, never a higher one, and the modules' imports form no loop. Read from the
source with ``ast``, so an import inside a function counts too.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kg"
LAYERS = {"model": 0, "inputs": 1, "extract": 2, "build": 3, "read": 4, "contrib": 4, "cli": 5}


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    module = _module(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.add(name)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {n for n in found if n == "kg" or n.startswith("kg.")}


@cache
def _graph() -> dict[str, set[str]]:
    modules = {_module(p): p for p in PACKAGE.rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        targets = set()
        for imported in _imports(path):
            # `from kg.x import y` may name a module kg.x.y or a symbol of kg.x.
            while imported and imported not in modules:
                imported = imported.rpartition(".")[0]
            if imported and imported != name:
                targets.add(imported)
        graph[name] = targets
    return graph


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.get(parts[1]) if len(parts) > 1 else None


def test_every_module_sits_in_a_layer():
    stray = [m for m in _graph() if m != "kg" and _layer(m) is None]
    assert not stray, f"modules outside the layers {sorted(LAYERS)}: {stray}"


@pytest.mark.parametrize("module", sorted(_graph()))
def test_imports_point_down(module):
    mine = _layer(module)
    if mine is None:
        return
    upward = [t for t in sorted(_graph()[module]) if (_layer(t) or 0) > mine]
    assert not upward, f"{module} (layer {mine}) imports higher layers: {upward}"


def test_no_import_loop():
    graph = _graph()
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            # A package's __init__ importing its own submodules is how packages work.
            if nxt.startswith(node + "."):
                continue
            if state.get(nxt) == 1:
                loop = stack[stack.index(nxt):] + [nxt]
                raise AssertionError("import loop: " + " → ".join(loop))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)


MAX_FUNCTION_LINES = 60


def test_functions_are_short_or_say_why():
    """A function longer than about 60 lines says why in its docstring ("Long because …")."""
    long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES and "long because" not in (ast.get_docstring(node) or "").lower():
                    long.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {node.name} ({length} lines)")
    assert not long, "functions over 60 lines with no reason in their docstring:\n" + "\n".join(long)
