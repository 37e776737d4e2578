"""Every input costs time in proportion to its size: each hostile shape is timed at two
sizes, ten times apart, and the larger may take at most ~25 times as long (a linear cost
gives ~10, a quadratic one ~100). A ratio, not an absolute time, so a slow machine passes."""

from __future__ import annotations

import time

import pytest

from kg.model.values import Url
from kg.read.query import inspect

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


def test_forty_kilobytes_of_a_dot_is_read_at_once():
    start = time.perf_counter()
    inspect_safely("SELECT * WHERE { " + "a." * 20_000 + " }")
    assert time.perf_counter() - start < 2  # it took 45 s


URL_SHAPES = {
    "dotted-host": lambda n: "https://" + "a." * n + "example",
    "dotted-path": lambda n: "https://example.org/" + "a." * n,
    "no-dot": lambda n: "https://" + "a" * n,
}


@pytest.mark.parametrize("shape", URL_SHAPES)
def test_source_url_check_is_linear(shape):
    assert_linear(Url.check, URL_SHAPES[shape], 3000)
