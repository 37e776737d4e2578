"""``kg serve`` under the event loop: answers equal ``kg query``'s bytes, kept-alive and
pipelined requests answered in order, requests that arrive in pieces, many clients at once
without their answers mixed up, and connections that go idle closed."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

from tests.helpers import serving

pytestmark = pytest.mark.server
VENDORS = "PREFIX kg: <https://example.org/kg/ns#> SELECT ?v ?name WHERE { ?v a kg:Vendor ; kg:name ?name } ORDER BY ?name"
ACCEPT = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml", "csv": "text/csv",
          "tsv": "text/tab-separated-values"}


@pytest.fixture(scope="module")
def endpoint(built: Path):
    yield from serving(built)


def get_path(query: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query})


def raw_get(port: int, query: str, extra: str = "") -> bytes:
    return f"GET {get_path(query)} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{extra}\r\n".encode()


def read_answers(sock: socket.socket, count: int) -> list[tuple[int, bytes]]:
    """``count`` answers read from one socket, in order (each has a Content-Length)."""
    fp, answers = sock.makefile("rb"), []
    for _ in range(count):
        status = int(fp.readline().split()[1])
        headers = http.client.parse_headers(fp)
        answers.append((status, fp.read(int(headers["Content-Length"]))))
    return answers


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
@pytest.mark.parametrize("query", [VENDORS, "ASK { <https://example.org/kg/id/ibm> ?p ?o }"], ids=["select", "ask"])
def test_answers_are_kg_querys_bytes(endpoint, built: Path, query: str, fmt: str) -> None:
    from kg.read.query import run_query
    from kg.read.results import render

    conn = http.client.HTTPConnection("127.0.0.1", endpoint.server_address[1], timeout=30)
    conn.request("GET", get_path(query), headers={"Accept": ACCEPT[fmt]})
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    assert resp.status == 200
    assert body == render(run_query(built, query, timeout=None), fmt, "https://example.org/kg/")


def test_pipelined_requests_are_answered_in_order(endpoint) -> None:
    port = endpoint.server_address[1]
    tags = [f"Quillon-{n}" for n in range(5)]
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(b"".join(raw_get(port, f'SELECT ?t WHERE {{ BIND("{tag}" AS ?t) }}') for tag in tags))
        answers = read_answers(sock, len(tags))
    assert [status for status, _ in answers] == [200] * len(tags)
    assert [json.loads(body)["results"]["bindings"][0]["t"]["value"] for _, body in answers] == tags


def test_a_request_arriving_in_pieces_is_answered(endpoint) -> None:
    port = endpoint.server_address[1]
    body = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}).encode()
    head = (f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for piece in [head[:3], head[3:20], head[20:-1], head[-1:], body[:5], body[5:]]:
            sock.sendall(piece)
            time.sleep(0.02)
        [(status, answer)] = read_answers(sock, 1)
    assert status == 200 and json.loads(answer)["boolean"] is True


def test_expect_100_continue(endpoint) -> None:
    port = endpoint.server_address[1]
    body = b"ASK { ?s ?p ?o }"
    head = (f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/sparql-query\r\n"
            f"Content-Length: {len(body)}\r\nExpect: 100-continue\r\n\r\n").encode()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(head)
        assert sock.recv(100).startswith(b"HTTP/1.1 100 Continue\r\n")
        sock.sendall(body)
        [(status, answer)] = read_answers(sock, 1)
    assert status == 200 and json.loads(answer)["boolean"] is True


def test_many_clients_each_get_their_own_answers(endpoint) -> None:
    port = endpoint.server_address[1]
    wrong: list[str] = []

    def client(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for k in range(25):
            tag = f"Varnel-{n}-{k}"
            conn.request("GET", get_path(f'SELECT ?t WHERE {{ BIND("{tag}" AS ?t) }}'))
            resp = conn.getresponse()
            got = json.loads(resp.read())["results"]["bindings"][0]["t"]["value"] if resp.status == 200 else resp.status
            if got != tag:
                wrong.append(f"{tag}: {got}")
        conn.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wrong == []


def test_a_client_that_reads_late_gets_every_answer(endpoint) -> None:
    """Answers to a client that sends thousands of requests before it reads any are held
    back (its socket is full), then all sent once it reads: none dropped, none mixed."""
    port = endpoint.server_address[1]
    forty = " ".join(str(i) for i in range(40))  # 40 rows an answer: 12 MB in all, more than sockets hold
    requests = [raw_get(port, f'SELECT ?t ?i WHERE {{ BIND("Tesk-{n}" AS ?t) VALUES ?i {{ {forty} }} }}')
                for n in range(3000)]
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(b"".join(requests))
        time.sleep(0.5)  # all sent, nothing read: the server holds its answers back
        answers = read_answers(sock, len(requests))
    assert [json.loads(body)["results"]["bindings"][39]["t"]["value"] for _, body in answers] == \
        [f"Tesk-{n}" for n in range(3000)]


def test_a_repeated_refused_query_is_refused_each_time(endpoint) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", endpoint.server_address[1], timeout=30)
    for _ in range(3):
        conn.request("GET", get_path("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"))
        resp = conn.getresponse()
        assert resp.status == 400 and b"SERVICE" in resp.read()
        conn.close()


def test_an_idle_connection_is_closed(built: Path, monkeypatch) -> None:
    from kg.read.serve import Handler

    monkeypatch.setattr(Handler, "timeout", 0.5)
    for server in serving(built):
        with socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=10) as sock:
            start = time.monotonic()
            assert sock.recv(10) == b""  # closed by the server, not by the client's time-out
            assert time.monotonic() - start < 5


def test_a_client_closing_its_side_still_gets_its_answer(endpoint) -> None:
    port = endpoint.server_address[1]
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(raw_get(port, "ASK { ?s ?p ?o }"))
        sock.shutdown(socket.SHUT_WR)
        [(status, answer)] = read_answers(sock, 1)
        assert sock.recv(10) == b""
    assert status == 200 and json.loads(answer)["boolean"] is True


def test_undeclared_prefixes_still_work(endpoint) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", endpoint.server_address[1], timeout=30)
    conn.request("GET", get_path("SELECT ?name WHERE { id:ibm kg:name ?name ; a ?c . ?c rdfs:subClassOf* kg:Organization }"))
    resp = conn.getresponse()
    rows = json.loads(resp.read())["results"]["bindings"]
    conn.close()
    assert resp.status == 200 and {row["name"]["value"] for row in rows} == {"International Business Machines"}
