"""The W3C SPARQL 1.1 Protocol test suite (``tests/data/w3c-sparql11-protocol/manifest.ttl``)
run against ``kg serve``.

The endpoint serves a build made of the suite's own data: ``data1.nt`` … ``data3.nt``, each
in the named graph the manifest names it by (``http://kasei.us/…/dataN.rdf``), through the
same code as any build (``BuiltGraph`` → the store). Several cases name ``data0.rdf``, which
the suite does not ship; the build holds a one-triple stand-in for it, written like the
others. Every query case must answer as the manifest expects (status class, result format,
boolean); every update case must be refused with a 4xx status, and the requests that
follow an update (which check its effect) are not sent.
"""

from __future__ import annotations

import http.client
import json
import threading

import pytest

from tests.conftest import DATA

pytestmark = pytest.mark.server
SUITE = DATA / "w3c-sparql11-protocol"
KASEI = "http://kasei.us/2009/09/sparql/data/"
DATA0 = f"<{KASEI}data0.rdf> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://xmlns.com/foaf/0.1/Document> ."
NS = {
    "mf": "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#",
    "ht": "http://www.w3.org/2011/http#",
    "cnt": "http://www.w3.org/2011/content#",
    "hts": "http://www.w3.org/2011/http-statusCodes#",
}
FORMATS = {
    "boolean": ("application/sparql-results+json", "application/sparql-results+xml"),
    "tabular": ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values"),
    "RDF": ("application/rdf+xml", "text/turtle", "application/n-triples"),
}


def _cases() -> list:
    import rdflib
    from rdflib.collection import Collection

    g = rdflib.Graph().parse(SUITE / "manifest.ttl", format="turtle")
    mf, ht, cnt = (rdflib.Namespace(NS[k]) for k in ("mf", "ht", "cnt"))
    manifest = next(g.subjects(rdflib.RDF.type, mf.Manifest))
    cases = []
    for test in Collection(g, g.value(manifest, mf.entries)):
        requests = []
        for r in Collection(g, g.value(g.value(test, mf.action), ht.requests)):
            body = g.value(g.value(r, ht.body), cnt.chars) if g.value(r, ht.body) else None
            heads = g.value(r, ht.headers)
            headers = {str(g.value(h, ht.fieldName)): str(g.value(h, ht.fieldValue))
                       for h in (Collection(g, heads) if heads else [])}
            resp = g.value(r, ht.resp)
            requests.append({
                "method": str(g.value(r, ht.methodName)), "path": str(g.value(r, ht.absolutePath)),
                "headers": headers, "body": None if body is None else str(body).encode(),
                "status": {str(s).rsplit("StatusCode", 1)[1][0] for s in g.objects(resp, mf.expectedStatus)},
                "format": str(g.value(resp, mf.expectedFormat) or "") or None,
                "boolean": None if g.value(resp, mf.expectedBoolean) is None else g.value(resp, mf.expectedBoolean).toPython(),
            })
        name = str(test).rsplit("#", 1)[1]
        cases.append(pytest.param(name, requests, id=name))
    return cases


@pytest.fixture(scope="module")
def suite_endpoint(tmp_path_factory):
    """``kg serve`` of a build holding the suite's data graphs."""
    from kg.read.serve import Server

    out = tmp_path_factory.mktemp("w3c-protocol")
    graphs = [f"<{KASEI}data0.rdf> {{\n{DATA0}\n}}"]
    for n in (1, 2, 3):
        graphs.append(f"<{KASEI}data{n}.rdf> {{\n{(SUITE / f'data{n}.nt').read_text().strip()}\n}}")
    (out / "graph.trig").write_text("\n".join(graphs) + "\n")
    (out / "build.json").write_text(json.dumps({"base_iri": "https://example.org/kg/"}))
    server = Server(out, "127.0.0.1", 0, timeout=5.0, limit=100, workers=1)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def _send(server, request: dict) -> tuple[int, str, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=20)
    # The manifest's paths start with /sparql/; kg serve's endpoint is /sparql.
    path = "/sparql" + request["path"][len("/sparql/"):]
    conn.request(request["method"], path, body=request["body"], headers=request["headers"])
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    return resp.status, (resp.getheader("Content-Type") or "").split(";")[0].strip(), data


def _boolean(ctype: str, data: bytes) -> bool:
    import pyoxigraph as ox

    fmt = ox.QueryResultsFormat.JSON if ctype.endswith("json") else ox.QueryResultsFormat.XML
    return bool(ox.parse_query_results(data, format=fmt))


@pytest.mark.parametrize("name,requests", _cases())
def test_w3c_protocol_case(name: str, requests: list[dict], suite_endpoint) -> None:
    is_update = name.startswith(("update_", "bad_update"))
    for request in requests:
        status, ctype, data = _send(suite_endpoint, request)
        if is_update:
            assert 400 <= status < 500, f"{name}: an update must be refused with 4xx, got {status} {data!r}"
            return  # the requests after an update check what it changed: nothing, here
        assert str(status)[0] in request["status"], f"{name}: {status} {data!r}"
        if request["format"]:
            assert ctype in FORMATS[request["format"]], f"{name}: {ctype}"
        if request["format"] == "RDF":
            import pyoxigraph as ox

            syntax = {"application/rdf+xml": ox.RdfFormat.RDF_XML, "text/turtle": ox.RdfFormat.TURTLE,
                      "application/n-triples": ox.RdfFormat.N_TRIPLES}[ctype]
            list(ox.parse(data, format=syntax))
        if request["boolean"] is not None:
            assert _boolean(ctype, data) is request["boolean"], name


def test_the_suite_is_all_there() -> None:
    names = {p.id for p in _cases()}
    assert len(names) == 34 and {"query_dataset_full", "query_multiple_dataset", "bad_query_non_utf8"} <= names


def test_a_graph_outside_the_build_is_refused(suite_endpoint) -> None:
    request = {"method": "GET", "path": "/sparql/?query=ASK%7B%7D&default-graph-uri=http%3A%2F%2Fkasei.us%2Fnot-here",
               "headers": {}, "body": None}
    status, _, data = _send(suite_endpoint, request)
    assert status == 400 and b"default-graph-uri <http://kasei.us/not-here> refused" in data
