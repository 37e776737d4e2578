"""``kg serve``: the SPARQL 1.1 Protocol endpoint, with SPARQLWrapper as the client, and
its refusals (updates, SERVICE, foreign Host, big bodies, unknown Accept, time limit)."""

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


@pytest.fixture(scope="module")
def endpoint(built: Path):
    yield from serving(built)


def url(server) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/sparql"


def request(server, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=30)
    conn.request(method, path, body=body, headers=headers or {})
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    return resp, data


def get(server, query: str, headers: dict | None = None):
    return request(server, "GET", "/sparql?" + urllib.parse.urlencode({"query": query}), headers=headers)


def test_sparqlwrapper_select_ask_construct(endpoint) -> None:
    from SPARQLWrapper import JSON, POST, TURTLE, XML, SPARQLWrapper

    client = SPARQLWrapper(url(endpoint))
    client.setQuery("PREFIX kg: <https://example.org/kg/ns#> SELECT ?v ?name WHERE { ?v a kg:Vendor ; kg:name ?name } ORDER BY ?name")
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    assert [r["name"]["value"] for r in rows] == ["Inspur", "International Business Machines", "Lenovo"]

    client.setMethod(POST)
    client.setQuery("ASK { <https://example.org/kg/id/ibm> a <https://example.org/kg/ns#Vendor> }")
    assert client.query().convert()["boolean"] is True

    client.setQuery("CONSTRUCT { ?v a <https://example.org/kg/ns#Vendor> } WHERE { ?v a <https://example.org/kg/ns#Vendor> }")
    client.setReturnFormat(TURTLE)
    turtle = client.query().convert()
    assert b"/kg/id/inspur>" in turtle or b"id:inspur" in turtle
    client.setReturnFormat(XML)  # RDF/XML, parsed by rdflib inside SPARQLWrapper
    graph = client.query().convert()
    assert len(graph) == 3


def test_update_is_refused_with_403(endpoint) -> None:
    from SPARQLWrapper import POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    client = SPARQLWrapper(url(endpoint))
    client.setMethod(POST)
    client.setQuery("DELETE WHERE { ?s ?p ?o }")
    with pytest.raises((SPARQLWrapperException, Exception)) as caught:
        client.query()
    assert "403" in str(caught.value)
    resp, _ = request(endpoint, "POST", "/sparql", b"update=DROP+ALL", {"Content-Type": "application/x-www-form-urlencoded"})
    assert resp.status == 403
    resp, _ = request(endpoint, "POST", "/sparql", b"DROP ALL", {"Content-Type": "application/sparql-update"})
    assert resp.status == 403
    resp, _ = request(endpoint, "PUT", "/sparql", b"", {"Content-Length": "0"})
    assert resp.status == 403
    assert get(endpoint, "ASK { <https://example.org/kg/id/ibm> ?p ?o }")[0].status == 200


def test_service_is_refused_and_no_connection_is_made(endpoint) -> None:
    trap = socket.socket()
    trap.bind(("127.0.0.1", 0))
    trap.listen(4)
    trap.settimeout(1.0)
    port = trap.getsockname()[1]
    for q in (f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
              f"SELECT * FROM <http://127.0.0.1:{port}/data> WHERE {{ ?s ?p ?o }}",
              "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"):
        resp, body = get(endpoint, q)
        assert resp.status == 400 and b"refused" in body
    with pytest.raises(socket.timeout):
        trap.accept()
    trap.close()


def test_foreign_host_header_is_refused(endpoint) -> None:
    port = endpoint.server_address[1]
    resp, _ = get(endpoint, "ASK {}", {"Host": f"evil.example:{port}"})
    assert resp.status == 403
    resp, _ = get(endpoint, "ASK {}", {"Host": f"localhost:{port}"})
    assert resp.status == 200


def test_no_cors_header_by_default(endpoint) -> None:
    resp, _ = get(endpoint, "ASK {}", {"Origin": "https://evil.example"})
    assert resp.getheader("Access-Control-Allow-Origin") is None


def test_cors_when_configured(built: Path) -> None:
    from kg.read.serve import Server

    server = Server(built, "127.0.0.1", 0, cors="https://ok.example", workers=1)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        resp, _ = get(server, "ASK {}", {"Origin": "https://ok.example"})
        assert resp.getheader("Access-Control-Allow-Origin") == "https://ok.example"
    finally:
        server.shutdown()
        server.server_close()


def test_body_over_cap_is_413(endpoint) -> None:
    body = b"query=" + b"A" * 20_000
    resp, _ = request(endpoint, "POST", "/sparql", body, {"Content-Type": "application/x-www-form-urlencoded"})
    assert resp.status == 413


def test_malformed_query_is_400_with_position(endpoint) -> None:
    resp, body = get(endpoint, "SELECT * WHERE { ?s ?p }")
    assert resp.status == 400 and b"error at 1:" in body


def test_unknown_accept_is_406(endpoint) -> None:
    resp, _ = get(endpoint, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", {"Accept": "image/png"})
    assert resp.status == 406


@pytest.mark.parametrize("accept,ctype,first", [
    ("text/csv", "text/csv", b"n\r\n"),
    ("text/tab-separated-values", "text/tab-separated-values", b"?n\n"),
    ("application/sparql-results+xml", "application/sparql-results+xml", b"<?xml"),
    ("application/sparql-results+json;q=0.5, text/csv;q=0.9", "text/csv", b"n\r\n"),
    ("*/*", "application/sparql-results+json", b"{"),
])
def test_content_negotiation(endpoint, accept: str, ctype: str, first: bytes) -> None:
    resp, body = get(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {"Accept": accept})
    assert resp.status == 200 and resp.getheader("Content-Type").startswith(ctype) and body.startswith(first)


def test_post_direct_query(endpoint) -> None:
    resp, body = request(endpoint, "POST", "/sparql", b"ASK { ?s ?p ?o }",
                         {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    assert resp.status == 200 and json.loads(body)["boolean"] is True


def test_over_the_row_cap_is_refused_with_how_to_page(endpoint) -> None:
    resp, body = get(endpoint, "SELECT * WHERE { ?s ?p ?o }")
    assert resp.status == 500 and resp.getheader("X-KG-Row-Cap") == "50"
    assert b"LIMIT 50 OFFSET 0" in body and b"OFFSET 50" in body  # how to page, never a partial 200
    resp, body = get(endpoint, "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 50 OFFSET 50")
    assert resp.status == 200 and len(json.loads(body)["results"]["bindings"]) == 50
    resp, _ = get(endpoint, "CONSTRUCT WHERE { ?s ?p ?o }")
    assert resp.status == 500


def test_serve_help_says_what_happens_over_the_row_cap() -> None:
    from typer.testing import CliRunner

    from kg.cli import app

    text = " ".join(CliRunner().invoke(app, ["serve", "--help"], terminal_width=200).output.split())
    assert "X-KG-Truncated" not in text and "LIMIT/OFFSET" in text


def test_dataset_parameters_name_the_builds_graphs(endpoint, built: Path) -> None:
    from kg.read.built import BuiltGraph

    own = BuiltGraph(built).base
    claim = next(q.graph_name.value for q in BuiltGraph(built).quads() if q.graph_name.value.startswith(own.claim("")))
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    path = "/sparql?" + urllib.parse.urlencode({"query": count, "default-graph-uri": claim})
    resp, body = request(endpoint, "GET", path)
    assert resp.status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "1"
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    form = urllib.parse.urlencode({"query": query, "named-graph-uri": [claim, own.ontology]}, doseq=True)
    resp, body = request(endpoint, "POST", "/sparql", form.encode(), {"Content-Type": "application/x-www-form-urlencoded"})
    graphs = {b["g"]["value"] for b in json.loads(body)["results"]["bindings"]}
    assert resp.status == 200 and graphs == {claim, own.ontology}
    for outside in ("file:///etc/passwd", "http://127.0.0.1:9/x", "https://example.org/other/graph/x"):
        path = "/sparql?" + urllib.parse.urlencode({"query": "ASK {}", "named-graph-uri": outside})
        resp, body = request(endpoint, "GET", path)
        assert resp.status == 400 and b"refused" in body


def test_rdflib_sparqlstore_on_the_default_and_a_named_graph(endpoint, built: Path) -> None:
    from rdflib import Graph, URIRef
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    from kg.read.built import BuiltGraph

    own = BuiltGraph(built).base
    claim = next(q.graph_name.value for q in BuiltGraph(built).quads() if q.graph_name.value.startswith(own.claim("")))
    ontology = Graph(SPARQLStore(url(endpoint)), identifier=URIRef(own.ontology))
    assert len(ontology) > 0
    assert len(Graph(SPARQLStore(url(endpoint)), identifier=URIRef(claim))) == 1
    assert len(Graph(SPARQLStore(url(endpoint)))) > 0  # the default graph, over the cap: counted, not listed


def test_relative_iris_resolve_against_the_base(endpoint) -> None:
    resp, body = get(endpoint, "ASK { <id/ibm> a <ns#Vendor> }")
    assert resp.status == 200 and json.loads(body)["boolean"] is True
    resp, body = get(endpoint, "BASE <https://elsewhere.example/> ASK { <id/ibm> ?p ?o }")
    assert resp.status == 200 and json.loads(body)["boolean"] is False  # the query's own BASE wins


def test_bare_get_describes_the_service(endpoint) -> None:
    import pyoxigraph as ox

    resp, body = request(endpoint, "GET", "/sparql")
    assert resp.status == 200 and resp.getheader("Content-Type").startswith("text/turtle")
    triples = [q.triple for q in ox.parse(body, format=ox.RdfFormat.TURTLE)]
    sd = "http://www.w3.org/ns/sparql-service-description#"
    service = f"http://127.0.0.1:{endpoint.server_address[1]}/sparql"
    assert ox.Triple(ox.NamedNode(service), ox.NamedNode(sd + "supportedLanguage"), ox.NamedNode(sd + "SPARQL11Query")) in triples
    assert any(t.predicate.value == sd + "endpoint" and t.object.value == service for t in triples)


def test_kept_alive_requests_do_not_stall(endpoint) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", endpoint.server_address[1], timeout=30)
    path = "/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    conn.request("GET", path)
    conn.getresponse().read()
    start = time.perf_counter()
    for _ in range(20):
        conn.request("GET", path)
        resp = conn.getresponse()
        resp.read()
        assert resp.status == 200
    conn.close()
    assert (time.perf_counter() - start) / 20 < 0.03  # Nagle + delayed ACK cost ~40 ms each


def test_time_limit_kills_the_query_and_the_server_stays_healthy(endpoint) -> None:
    start = time.monotonic()
    resp, body = get(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
    assert resp.status == 503 and resp.getheader("X-KG-Cut-Short") == "time-limit" and b"time limit" in body
    assert time.monotonic() - start < 10
    for _ in range(3):
        assert get(endpoint, "ASK { ?s ?p ?o }")[0].status == 200


def test_graph_page_at_root(endpoint) -> None:
    resp, body = request(endpoint, "GET", "/")
    assert resp.status == 200 and resp.getheader("Content-Type").startswith("text/html") and b"<" in body
    assert request(endpoint, "GET", "/etc/passwd")[0].status == 404


def test_a_new_build_is_picked_up_and_never_seen_half_written(built: Path, tmp_path: Path) -> None:
    import shutil

    from kg.build.graph import run_build
    from kg.read.serve import Server

    tree = tmp_path / "tree"
    shutil.copytree(built.parent, tree, ignore=shutil.ignore_patterns(".kg-*"))
    out = tree / "out"
    server = Server(out, "127.0.0.1", 0, timeout=5.0, workers=1)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    old, new = "ASK { <https://example.org/kg/id/ibm> ?p ?o }", "ASK { <https://other.example/kg/id/ibm> ?p ?o }"
    seen: list[tuple[int, str]] = []
    stop = threading.Event()

    def ask_all_the_time() -> None:
        while not stop.is_set():
            resp, body = get(server, old)
            seen.append((resp.status, body.decode()))

    try:
        assert json.loads(get(server, old)[1])["boolean"] is True
        asker = threading.Thread(target=ask_all_the_time)
        asker.start()
        run_build(tree / "facts", tree / "seeds", out, base="https://other.example/kg/", extract=False, root=tree)
        stop.set()
        asker.join()
        resp, body = get(server, new)
        assert resp.status == 200 and json.loads(body)["boolean"] is True
        assert json.loads(get(server, old)[1])["boolean"] is False
        # while the build was written: the old answer, the new one, or 503 "try again" — nothing else
        assert {status for status, _ in seen} <= {200, 503}, seen
        assert all(status == 200 or "try again" in body for status, body in seen)
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
