"""``kg.read.results.solutions``: what ``kg serve`` writes for SELECT and ASK, straight from
the engine, must be the bytes ``kg query`` writes for the same answer, and an answer over
the row cap must never be written."""

from __future__ import annotations

import time

import pytest

from kg.read.query import Prepared, QueryInfo, execute
from kg.read.results import solutions, standard

QUERIES = {
    "awkward-literals": r"""SELECT ?x ?y WHERE { VALUES (?x ?y) {
        ("tab\there, new\nline, return\r, quote\", backslash\\" 1)
        ("é ü 漢 😀" UNDEF) (UNDEF "Vorlinde"@en-GB)
        ("01"^^<http://www.w3.org/2001/XMLSchema#integer> 1.50) (1e0 true)
        ("abc"^^<http://www.w3.org/2001/XMLSchema#integer> "x"^^<http://example.org/dt>)
        (<http://example.org/a%20b> "") ("\u0001\u007f" "'") ("=1+1" "-5") (+5 .5) } }""",
    "blank-nodes": 'SELECT ?b ?c WHERE { BIND(BNODE("q1") AS ?b) BIND(BNODE("Quorvel") AS ?c) }',
    "triple-term": 'SELECT ?t WHERE { BIND(<<( <http://example.org/s> <http://example.org/p> "o" )>> AS ?t) }',
    "no-variables": "SELECT * WHERE { }",
    "no-rows": "SELECT ?x WHERE { FILTER(false) }",
    "unbound-column": "SELECT ?x ?y WHERE { BIND(1 AS ?y) }",
    "ask-true": "ASK { }",
    "ask-false": "ASK { FILTER(false) }",
}


@pytest.fixture(scope="module")
def store():
    import pyoxigraph as ox

    return ox.Store()


def old_way(store, text: str, fmt: str, limit: int = 100) -> bytes:
    """What kg query writes: the rows collected as Python terms, then written by Oxigraph."""
    return standard(execute(store, Prepared(text, QueryInfo("SELECT"), {}), limit), fmt)


@pytest.mark.parametrize("fmt", ["json", "tsv", "csv", "xml"])
@pytest.mark.parametrize("name", list(QUERIES))
def test_same_bytes_as_kg_query(store, name: str, fmt: str) -> None:
    text = QUERIES[name]
    assert solutions(store.query(text), fmt, 100) == old_way(store, text, fmt)


@pytest.mark.parametrize("name", list(QUERIES))
def test_json_is_what_oxigraph_writes(store, name: str) -> None:
    import pyoxigraph as ox

    text = QUERIES[name]
    assert solutions(store.query(text), "json", 100) == store.query(text).serialize(format=ox.QueryResultsFormat.JSON)


def test_csv_keeps_its_formula_guard(store) -> None:
    body = solutions(store.query('SELECT ?x WHERE { BIND("=HYPERLINK(1)" AS ?x) }'), "csv", 10)
    assert body.splitlines()[1] == b"'=HYPERLINK(1)"


def test_at_the_cap_is_written_over_it_is_not(store) -> None:
    import json

    five = "SELECT ?i WHERE { VALUES ?i { 1 2 3 4 5 } }"
    assert len(json.loads(solutions(store.query(five), "json", 5))["results"]["bindings"]) == 5
    assert solutions(store.query(five), "json", 4) is None
    assert solutions(store.query(five), "tsv", 4) is None


def test_over_the_cap_stops_the_engine_early(store) -> None:
    """8 million rows take seconds to write (and 80 MB); the cap stops the engine at row 11."""
    digits = " ".join(str(i) for i in range(200))
    text = "SELECT * WHERE { " + " ".join(f"VALUES ?{v} {{ {digits} }}" for v in "abc") + " }"
    start = time.monotonic()
    assert solutions(store.query(text), "json", 10) is None
    assert time.monotonic() - start < 1
