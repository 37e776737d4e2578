"""Every input costs time in proportion to its size: each hostile shape is timed at two
sizes, ten times apart, and the larger may take at most ~25 times as long (a linear cost
gives ~10, a quadratic one ~100). A ratio, not an absolute time, so a slow machine passes."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from kg.build.graph import run_build
from kg.contrib.validate import validate_paths
from kg.model.values import Url
from kg.read.query import inspect
from tests.conftest import DATA

RATIO = 25


def cost(fn, arg) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        fn(arg)
        best = min(best, time.perf_counter() - start)
    return max(best, 1e-4)


def assert_linear(fn, make, small: int) -> None:
    fn(make(small))  # warm up: imports, compiled patterns
    ratio = cost(fn, make(small * 10)) / cost(fn, make(small))
    assert ratio < RATIO, f"10 times the input took {ratio:.0f} times as long"


def inspect_safely(text: str) -> None:
    try:
        inspect(text)
    except Exception:  # a refusal is fine; the time to reach it is what is measured
        pass


QUERY_SHAPES = {
    "dotted-run": lambda n: "SELECT * WHERE { " + "a." * n + " }",
    "hyphen-run": lambda n: "SELECT * WHERE { " + "a-" * n + " }",
    "non-ascii-run": lambda n: "SELECT * WHERE { " + "aé" * n + " }",
    "colons": lambda n: "SELECT * WHERE { " + "a:" * n + " }",
    "unclosed-strings": lambda n: "SELECT * WHERE { " + "'''a" * n + " }",
    "unclosed-iris": lambda n: "SELECT * WHERE { " + "<a" * n + " }",
}


@pytest.mark.parametrize("shape", QUERY_SHAPES)
def test_query_lexer_is_linear(shape):
    assert_linear(inspect_safely, QUERY_SHAPES[shape], 2000)


def test_forty_kilobytes_of_a_dot_is_read_in_linear_time():
    # 40 KB of "a." took 45 s, past any --timeout: the lexer ran before the time limit.
    assert_linear(inspect_safely, lambda n: "SELECT * WHERE { " + "a." * n + " }", 2000)


URL_SHAPES = {
    "dotted-host": lambda n: "https://" + "a." * n + "example",
    "dotted-path": lambda n: "https://example.org/" + "a." * n,
    "no-dot": lambda n: "https://" + "a" * n,
}


@pytest.mark.parametrize("shape", URL_SHAPES)
def test_source_url_check_is_linear(shape):
    assert_linear(Url.check, URL_SHAPES[shape], 3000)


def alias_tree(root: Path, n: int) -> Path:
    """A facts tree whose one entity has ``n`` aliases, beside the fictional seeds."""
    tree = root / f"aliases-{n}"
    if not tree.exists():
        shutil.copytree(DATA / "seeds", tree / "seeds")
        (tree / "facts").mkdir()
        aliases = ", ".join(f"N{i}" for i in range(n))
        (tree / "facts" / "norland.yaml").write_text(
            "entities:\n  - id: norland\n    type: Country\n    name: Norland\n"
            f"    source: borealis-2031-router-review\n    alias: [{aliases}]\n", encoding="utf-8")
    return tree


def test_many_aliases_validate_linearly(tmp_path):
    """20,000 aliases on one entity took 87 s to build; pySHACL's RDFS closure was the rest."""
    def validate(tree: Path) -> None:
        assert validate_paths([tree / "facts"], tree / "seeds", facts_dir=tree / "facts", root=tree).startswith("ok:")
    assert_linear(validate, lambda n: alias_tree(tmp_path, n), 2000)  # below, fixed costs hide it


def test_many_aliases_build_linearly(tmp_path):
    def build(tree: Path) -> None:
        run_build(tree / "facts", tree / "seeds", tmp_path / f"out-{tree.name}", extract=False)
    assert_linear(build, lambda n: alias_tree(tmp_path, n), 1000)
