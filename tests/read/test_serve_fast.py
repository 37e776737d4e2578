"""``kg serve``'s short cuts give what the long way gives: one-pattern queries answered by
the server itself have the bytes a worker writes, and JSON written by the engine directly
has the bytes of :func:`kg.read.results.solutions` (within and over the row cap); only the
one-pattern form skips the workers; the plain GET reader answers what the standard
library's parser answers, byte for byte (the Date header aside)."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest

from kg.read.serve import FRONT_ROWS, Handler, one_pattern_limit
from kg.read.workers import _FewRows, answer
from tests.helpers import serving
from tests.read.test_serve_connections import get_path, read_answers

pytestmark = pytest.mark.server
ID = "https://example.org/kg/id/"

ONE_PATTERN = [
    ("SELECT ?p ?o WHERE { <https://example.org/kg/id/ibm> ?p ?o }", 1 << 62),
    ("PREFIX kg: <https://example.org/kg/ns#>\nSELECT * { ?v a kg:Vendor . } LIMIT 2 # vendors", 2),
    ("select ?s where { ?s ?p \"Lenovo\" }", 1 << 62),
    ("ASK { ?s <https://example.org/kg/ns#name> ?o }", 1 << 62),
    ("BASE <https://example.org/kg/> SELECT ?o { <id/ibm> $p ?o } LIMIT 7", 7),
]
NOT_ONE_PATTERN = [
    "SELECT DISTINCT ?p WHERE { ?s ?p ?o }",  # drops duplicates: may read all to write few
    "SELECT ?p WHERE { ?s ?p ?o } ORDER BY ?p",  # sorts: reads everything first
    "SELECT ?p WHERE { ?s ?p ?o } OFFSET 5",  # skips rows it reads
    "SELECT ?s WHERE { ?s ?p ?s }",  # a repeated variable filters the range
    "SELECT ?s WHERE { ?s ?p $s }",
    "SELECT ?s WHERE { ?s ?p ?o FILTER(?o > 1) }",
    "SELECT ?s WHERE { ?s <a>/<b> ?o }",  # a path
    "SELECT ?s WHERE { ?s ?p ?o . ?o ?q ?r }",  # a join
    "SELECT ?s WHERE { ?s ?p \"x\"@en }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }",
    "CONSTRUCT WHERE { ?s ?p ?o }",
    "SELECT ?s WHERE { ?s ?p \"\\u0022\" }",  # escapes: read as the engine reads them, by the engine
    "PREFIX { SELECT ?s WHERE { ?s ?p ?o } }",
    "SELECT ?s WHERE { ?s ?p ?o } LIMIT \u00b2",  # a digit, but not an ASCII one
]


@pytest.fixture(scope="module")
def endpoint(built: Path):
    yield from serving(built)  # row cap 50


@pytest.mark.parametrize(("query", "limit"), ONE_PATTERN)
def test_one_pattern_queries_are_recognised(query: str, limit: int) -> None:
    assert one_pattern_limit(query) == limit


@pytest.mark.parametrize("query", NOT_ONE_PATTERN)
def test_other_queries_are_not(query: str) -> None:
    assert one_pattern_limit(query) is None


QUERIES = [
    f"SELECT ?p ?o WHERE {{ <{ID}ibm> ?p ?o }}",
    f"SELECT * WHERE {{ ?s ?p <{ID}ibm> }}",
    "SELECT * WHERE { ?s ?p ?o } LIMIT 50",  # the row cap exactly
    "SELECT * WHERE { ?s ?p ?o }",  # over the cap: 500 both ways
    "SELECT * WHERE { ?s ?p ?o } LIMIT 51",
    "PREFIX kg: <https://example.org/kg/ns#> SELECT ?s ?n WHERE { ?s kg:name ?n }",
    f"ASK {{ <{ID}ibm> ?p ?o }}",
    "ASK { <https://example.org/kg/id/no-such-thing> ?p ?o }",
    "SELECT ?o WHERE { <id/ibm> ?p ?o",  # a syntax error: the same 400
]


@pytest.mark.parametrize("fmt", ["json", "tsv", "csv", "xml"])
@pytest.mark.parametrize("query", QUERIES)
def test_answered_by_the_server_as_by_a_worker(endpoint, query: str, fmt: str) -> None:
    generation = endpoint.current
    assert generation.store is not None  # the build has its persisted store
    job = (query, fmt, endpoint.limit, [], [], [])
    by_worker = generation.pool.run(job)
    assert answer(generation.store, generation.base, job) == by_worker
    # and both as kg.read.results.solutions writes it, rows counted exactly
    assert answer(generation.store, generation.base, job, quick=False) == by_worker


def test_only_one_pattern_queries_skip_the_workers(endpoint, monkeypatch) -> None:
    sent: list = []
    pool = endpoint.current.pool
    submit = pool.submit
    monkeypatch.setattr(pool, "submit", lambda job, done: (sent.append(job[0]), submit(job, done)))
    port = endpoint.server_address[1]
    one, two = QUERIES[0], f"SELECT ?p ?o WHERE {{ <{ID}ibm> ?p ?x . ?x ?p ?o }}"
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        for query in (one, two, one + " LIMIT 3"):
            sock.sendall(f"GET {get_path(query)} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        assert [status for status, _ in read_answers(sock, 3)] == [200, 200, 200]
    assert sent == [two]
    assert FRONT_ROWS >= endpoint.limit


@pytest.mark.parametrize("cut", range(0, 12))
def test_rows_counted_across_writes(cut: int) -> None:
    text = b'{"head":{"vars":["a"]},"results":{"bindings":[{"a":{"type":"literal","value":"x"}},{},{}]}}'
    sink = _FewRows(3)
    at = text.index(b"},{") - 6 + cut  # split the bytes at every place around the first "},{"
    sink.write(text[:at])
    sink.write(text[at:])
    assert sink.counted == 2  # rows after the first
    with pytest.raises(_FewRows.Over):
        over = _FewRows(2)
        over.write(text[:at])
        over.write(text[at:])


REQUESTS = [
    "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/csv\r\n\r\n",
    "GET {path} HTTP/1.1\r\nhost:   127.0.0.1:{port}\r\nAccept: application/nope\r\n\r\n",  # 406
    "GET {path} HTTP/1.1\r\nHost: evil.example:{port}\r\n\r\n",  # 403
    "GET /sparql?update=x HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n",
    "GET /sparql?query=SELECT HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Odd-Header:\t\r\n\r\n",
    "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUser-Agent: t\r\n\r\n",
]


@pytest.mark.parametrize("request_text", REQUESTS)
def test_plain_gets_are_read_as_the_full_parser_reads_them(endpoint, request_text: str) -> None:
    """The same request twice: as sent (the plain reader takes it) and with a
    ``Connection: keep-alive`` header, which sends it to the standard library's parser and
    means the same in HTTP/1.1."""
    port = endpoint.server_address[1]
    plain = request_text.format(path=get_path(QUERIES[0]), port=port)
    full = plain.replace("\r\n", "\r\nConnection: keep-alive\r\n", 1)
    assert Handler(endpoint, ("127.0.0.1", 0), plain.encode(), None)._plain_get()
    assert not Handler(endpoint, ("127.0.0.1", 0), full.encode(), None)._plain_get()
    answers = []
    for text in (plain, full):
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            sock.sendall(text.encode())
            sock.shutdown(socket.SHUT_WR)
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        answers.append(re.sub(rb"\r\nDate: [^\r]*", b"", data))
    assert answers[0] == answers[1]
    assert answers[0].startswith(b"HTTP/1.1 ")


@pytest.mark.parametrize("limit", [2, 3, 4, 50])
def test_strings_that_look_like_row_starts(limit: int) -> None:
    """Values holding ``},{`` are counted as rows by the quick count, never fewer: the answer
    is then counted exactly and comes out the same."""
    import pyoxigraph as ox

    store = ox.Store()
    subject, name = ox.NamedNode("https://example.org/kg/id/fictional-widgets"), ox.NamedNode("https://example.org/p")
    for value in ('"},{"a":{', "},{},{", "Fictional Widgets"):
        store.add(ox.Quad(subject, name, ox.Literal(value)))
    job = ("SELECT ?o WHERE { <https://example.org/kg/id/fictional-widgets> ?p ?o }", "json", limit, [], [], [])
    quick, exact = answer(store, "https://example.org/kg/", job), answer(store, "https://example.org/kg/", job, False)
    assert quick == exact
    assert quick[0] == (200 if limit >= 3 else 500)
