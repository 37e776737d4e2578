"""Hostile queries, each through ``kg query`` (a separate process under an audit hook) and
``kg serve`` (an endpoint on loopback): refused or bounded as its header says, with no
connection attempted (a listening socket counts them) and no file under the bait folder
opened — one of the bait files is a FIFO, which any reader would hang on."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

from tests.helpers import Listener, serving

from .cases import CASES, TIMEOUT, limit_memory, read_header

pytestmark = pytest.mark.server
QUERIES = sorted((CASES / "query").glob("*.rq"))
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def trap():
    t = Listener()
    yield t
    t.close()


@pytest.fixture(scope="module")
def bait(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bait")
    (folder / "secret.ttl").write_text('<urn:secret> <urn:is> "read" .\n')
    os.mkfifo(folder / "fifo")
    return folder


@pytest.fixture(scope="module")
def endpoint(built: Path):
    yield from serving(built)


def triples(out: Path) -> int:
    from kg.read.query import run_query

    return int(run_query(out, COUNT, timeout=None).rows[0][0].value)


@pytest.fixture(scope="module")
def initial_count(built: Path) -> int:
    return triples(built)


def fill(text: str, trap: Listener, bait: Path) -> str:
    return text.replace("PORT", str(trap.port)).replace("BAIT", str(bait))


def query_text(case: Path, trap: Listener, bait: Path) -> str:
    lines = case.read_text(encoding="utf-8").splitlines()
    return fill("\n".join(line for line in lines if not line.startswith("# ")), trap, bait)


def kg_query(args: list[str], tmp_path: Path, bait: Path):
    log = tmp_path / "audit.log"
    env = {**os.environ, "KG_AUDIT_LOG": str(log), "KG_AUDIT_WATCH": str(bait), "KG_DEBUG": ""}
    start = time.perf_counter()
    result = subprocess.run([sys.executable, str(Path(__file__).with_name("audited.py")), "query", *args],
                            capture_output=True, text=True, timeout=TIMEOUT, env=env, preexec_fn=limit_memory)
    return result, time.perf_counter() - start, (log.read_text() if log.exists() else "")


@pytest.mark.parametrize("case", [pytest.param(c, id=c.stem) for c in QUERIES])
def test_kg_query(case: Path, built: Path, trap: Listener, bait: Path, tmp_path: Path, initial_count: int) -> None:
    spec = read_header(case)
    before = trap.connections
    args = [query_text(case, trap, bait), "--out", str(built)]
    args += fill(spec.get("args", [""])[0], trap, bait).split()
    for param in spec.get("param", []):
        args += ["--param", param.encode().decode("unicode_escape") if "\\n" in param else param]
    result, elapsed, audit = kg_query(args, tmp_path, bait)
    said = result.stderr
    assert "Traceback" not in said and "internal error" not in said, said
    assert result.returncode == int(spec["query-exit"][0]), said + result.stdout[-500:]
    for text in spec.get("query-says", []):
        assert fill(text, trap, bait) in said
    for text in spec.get("query-says-out", []):
        assert text in result.stdout
    assert elapsed < 10
    assert audit == "", f"kg query reached out: {audit}"
    assert trap.connections == before
    assert triples(built) == initial_count  # nothing a query or a parameter carried changed the graph


def http_get(server, query: str) -> tuple:
    conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=TIMEOUT)
    conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": query}))
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp, body.decode("utf-8", "replace")


@pytest.mark.parametrize("case", [pytest.param(c, id=c.stem) for c in QUERIES])
def test_kg_serve(case: Path, endpoint, trap: Listener, bait: Path) -> None:
    spec = read_header(case)
    status = spec["serve-status"][0]
    if not status.isdigit():
        assert status.startswith("not applicable — ")
        return
    before = trap.connections
    start = time.perf_counter()
    resp, body = http_get(endpoint, query_text(case, trap, bait))
    assert resp.status == int(status), body
    assert time.perf_counter() - start < 10
    for text in spec.get("serve-says", []):
        assert fill(text, trap, bait) in body
    for header in spec.get("serve-header", []):
        name, _, value = header.partition(": ")
        assert resp.getheader(name) == value
    assert trap.connections == before
    # the server is still healthy, and still holds the same graph
    resp, body = http_get(endpoint, COUNT)
    assert resp.status == 200 and '"value"' in body


def test_serve_worker_out_of_memory_answers_503_and_is_replaced(built: Path, monkeypatch) -> None:
    """A query that needs more than a worker's memory cap ends that worker (the engine
    aborts); the pool answers 503 saying so and keeps answering with a fresh worker."""
    from kg.read.serve import WorkerPool

    monkeypatch.setenv("KG_MAX_MEMORY", "1200")
    pool = WorkerPool(built, 1, timeout=TIMEOUT)
    try:
        case = (CASES / "query" / "memory-doubling-concat.rq").read_text(encoding="utf-8")
        text = "\n".join(line for line in case.splitlines() if not line.startswith("# "))
        status, body, _ = pool.run((text, "json", 100, None, None, ()))
        assert status == 503 and b"needed more than 1200 MiB of memory" in body, body
        status, body, _ = pool.run((COUNT, "json", 100, None, None, ()))
        assert status == 200 and b'"value"' in body, body
    finally:
        pool.close()
