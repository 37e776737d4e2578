"""``kg publish`` and ``kg query --endpoint`` against a real Oxigraph server, started
on 127.0.0.1 by the test: after publishing, every named query gives the same rows
remotely as locally."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.model.errors import QueryError
from kg.read.query import run_query
from kg.read.remote import publish, remote_answer
from tests.helpers import wait_for_sparql

pytestmark = pytest.mark.server
CASES = Path(__file__).resolve().parents[1] / "data" / "queries"


def _oxigraph() -> str:
    exe = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(exe).exists():
        pytest.skip("the oxigraph server (PyPI package 'oxigraph') is not installed")
    return exe


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def oxigraph_server(tmp_path):
    port = _free_port()
    proc = subprocess.Popen([_oxigraph(), "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_sparql(base + "/query", proc, tries=100, pause=0.1, name="the oxigraph server")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _cases() -> list[tuple[str, dict[str, str]]]:
    from tests.read.test_query_named import read_case

    cases = []
    for path in sorted(CASES.glob("*.rows")):
        query, params, data, _ = read_case(path)
        if data == "curated":
            cases.append((query, params))
    return cases


def _sorted_rows(answer) -> list[list[str]]:
    return sorted([[str(t) if t is not None else "" for t in row] for row in answer.rows])


def test_publish_then_every_named_query_matches(built: Path, oxigraph_server: str) -> None:
    sent = publish(built, oxigraph_server + "/update", batch=2_000)
    assert sent > 1000
    checked = set()
    for query, params in _cases():
        local = run_query(built, query, params=params, timeout=None)
        remote = remote_answer(oxigraph_server + "/query", query, params=params)
        assert remote.variables == local.variables, query
        assert _sorted_rows(remote) == _sorted_rows(local), (query, params)
        checked.add(query)
    from kg.read.query import named_queries

    assert checked == {q.name for q in named_queries()}
    # publishing again with --replace gives the same dataset, not twice the statements
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = remote_answer(oxigraph_server + "/query", count).rows
    publish(built, oxigraph_server + "/update", replace=True)
    assert remote_answer(oxigraph_server + "/query", count).rows == before


def test_publish_over_graph_store_protocol(built: Path, oxigraph_server: str) -> None:
    publish(built, oxigraph_server + "/store", protocol="gsp", replace=True)
    # locally, the graph of RDFS entailments (kg.build.store) is one more named graph; it is not
    # published unless asked (--infer); remotely, kg's record of what it sent is one more
    q = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
         "FILTER(?g NOT IN (graph:inferred, graph:published)) }")
    assert remote_answer(oxigraph_server + "/query", q).rows == run_query(built, q, timeout=None).rows


# Someone else's data on a shared store: in the default graph (one triple the same as one kg
# sends, which must survive too), in a named graph of theirs, and in a graph under another base.
FOREIGN = """
<urn:x-foreign:alice> <urn:x-foreign:knows> <urn:x-foreign:bob> .
<urn:x-foreign:alice> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://example.org/kg/ns#Vendor> .
<https://example.org/kg/ns#Vendor> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2002/07/owl#Class> .
<urn:x-foreign:carol> <urn:x-foreign:says> "hello" <urn:x-foreign:graph> .
<https://other.example/kg/id/dave> <urn:x-foreign:says> "hi" <https://other.example/kg/graph/provenance> .
"""


def _seed_foreign(server: str) -> set[str]:
    import pyoxigraph as ox

    from kg.read.remote import _post

    _post(server + "/store", FOREIGN.encode(), "application/n-quads")
    return {str(q) for q in ox.parse(FOREIGN.encode(), format=ox.RdfFormat.N_QUADS)}


def _remote_quads(server: str) -> set[str]:
    import pyoxigraph as ox

    with urllib.request.urlopen(urllib.request.Request(server + "/store", headers={"Accept": "application/n-quads"})) as r:
        return {str(q) for q in ox.parse(r.read(), format=ox.RdfFormat.N_QUADS)}


@pytest.mark.parametrize("protocol", ["update", "gsp"])
def test_replace_keeps_every_foreign_triple(built: Path, oxigraph_server: str, protocol: str) -> None:
    foreign = _seed_foreign(oxigraph_server)
    url = oxigraph_server + ("/update" if protocol == "update" else "/store")
    publish(built, url, protocol=protocol)
    first = _remote_quads(oxigraph_server)
    assert foreign <= first
    for flags in ({}, {"infer": True}, {}):
        publish(built, url, protocol=protocol, replace=True, **flags)
        now = _remote_quads(oxigraph_server)
        assert foreign <= now, foreign - now
    assert now == first  # replace gives the same dataset: nothing of kg's doubled or left behind


def test_replace_removes_graphs_an_earlier_build_sent(built: Path, oxigraph_server: str, tmp_path: Path) -> None:
    foreign = _seed_foreign(oxigraph_server)
    older = tmp_path / "older"
    shutil.copytree(built, older, ignore=shutil.ignore_patterns("store"))
    stale = '<https://example.org/kg/claim/0000stale> { <https://example.org/kg/id/gone> <urn:x-foreign:p> "old" . }\n'
    with (older / "graph.trig").open("a") as f:
        f.write(stale)
    publish(older, oxigraph_server + "/update")
    assert any("0000stale" in q for q in _remote_quads(oxigraph_server))
    publish(built, oxigraph_server + "/update", replace=True)
    after = _remote_quads(oxigraph_server)
    assert foreign <= after and not any("0000stale" in q or "/id/gone" in q for q in after)


def test_infer_is_published_as_its_own_graph_and_refused_at_query_time(built: Path, oxigraph_server: str) -> None:
    publish(built, oxigraph_server + "/update", infer=True)
    q = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH graph:inferred { ?s ?p ?o } }")
    assert remote_answer(oxigraph_server + "/query", q).rows == run_query(built, q, timeout=None).rows
    assert int(run_query(built, q, timeout=None).rows[0][0].value) > 0
    with pytest.raises(QueryError, match="--infer cannot be applied at --endpoint"):
        remote_answer(oxigraph_server + "/query", "SELECT * WHERE { ?s ?p ?o }", infer=True)
    result = CliRunner().invoke(app, ["query", "SELECT * WHERE { ?s a schema:Organization }", "--infer",
                                      "--endpoint", oxigraph_server + "/query", "--out", str(built)])
    assert result.exit_code == 1 and "--infer cannot be applied" in result.output


def test_cli_query_endpoint_and_refusals(built: Path, oxigraph_server: str) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["publish", "--endpoint", oxigraph_server + "/update", "--out", str(built)])
    assert result.exit_code == 0 and "published" in result.stdout
    endpoint = oxigraph_server + "/query"
    ok = runner.invoke(app, ["query", "pushed-out-vendors", "--endpoint", endpoint, "-f", "csv", "--out", str(built)])
    assert ok.exit_code == 0 and "https://example.org/kg/id/inspur" in ok.stdout
    hostile = runner.invoke(app, ["query", "SELECT ?s ?name WHERE { ?s kg:name ?name }", "--endpoint", endpoint,
                                  "-p", 'name=x" } ; DROP ALL ; SELECT * { "', "-f", "csv", "--out", str(built)])
    assert hostile.exit_code == 0 and hostile.stdout.strip() == "s,name"
    with pytest.raises(QueryError, match="SERVICE"):
        remote_answer(endpoint, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    with pytest.raises(QueryError, match="--allow-update"):
        remote_answer(endpoint, "DROP ALL")
    still = remote_answer(endpoint, "ASK { ?s a <https://example.org/kg/ns#Vendor> }")
    assert still.boolean is True


def test_export_infer_carries_the_entailments_as_their_own_graph(built: Path) -> None:
    import pyoxigraph as ox

    from kg.read.built import BuiltGraph
    from kg.read.export import export_bytes

    inferred = BuiltGraph(built).base.inferred
    plain = list(ox.parse(export_bytes(built, "nq"), format=ox.RdfFormat.N_QUADS))
    with_infer = list(ox.parse(export_bytes(built, "nq", infer=True), format=ox.RdfFormat.N_QUADS))
    extra = [q for q in with_infer if q.graph_name.value == inferred]
    assert not any(q.graph_name.value == inferred for q in plain)
    assert extra and len(with_infer) == len(plain) + len(extra)
    local = run_query(built, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{inferred}> {{ ?s ?p ?o }} }}", timeout=None)
    assert int(local.rows[0][0].value) == len(extra)
    result = CliRunner().invoke(app, ["export", "--format", "nq", "--infer", "-o", "-", "--out", str(built)])
    assert result.exit_code == 0 and inferred in result.stdout
