"""``kg query``: formats, parameters, refusals, limits, inference and the persisted store."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.model.errors import QueryError
from kg.read.query import QueryRefused, inspect, run_query
from tests.helpers import Listener

SAFETY = Path(__file__).resolve().parents[1] / "data" / "queries" / "safety"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
runner = CliRunner()


def kg(*args: str):
    return runner.invoke(app, ["query", *args])


@pytest.fixture()
def listener():
    lst = Listener()
    yield lst
    lst.close()


def test_count_json_is_sparql_results_json(built: Path) -> None:
    result = kg(COUNT, "--format", "json", "--out", str(built))
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["head"]["vars"] == ["n"]
    binding = doc["results"]["bindings"][0]["n"]
    assert binding["datatype"] == "http://www.w3.org/2001/XMLSchema#integer" and int(binding["value"]) > 1000


def test_csv_tsv_xml_md_table(built: Path) -> None:
    q = "SELECT ?v ?name WHERE { ?v a kg:Vendor ; kg:name ?name } ORDER BY ?name"
    out = str(built)
    rows = list(csv.reader(io.StringIO(kg(q, "-f", "csv", "--out", out).stdout)))
    assert rows[0] == ["v", "name"]
    assert rows[1:] == [["https://example.org/kg/id/inspur", "Inspur"],
                        ["https://example.org/kg/id/ibm", "International Business Machines"],
                        ["https://example.org/kg/id/lenovo", "Lenovo"]]
    tsv = kg(q, "-f", "tsv", "--out", out).stdout.splitlines()
    assert tsv[0] == "?v\t?name" and tsv[1] == '<https://example.org/kg/id/inspur>\t"Inspur"'
    root = ET.fromstring(kg(q, "-f", "xml", "--out", out).stdout)
    ns = "{http://www.w3.org/2005/sparql-results#}"
    assert [v.get("name") for v in root.iter(ns + "variable")] == ["v", "name"]
    assert len(list(root.iter(ns + "result"))) == 3
    md = kg(q, "-f", "md", "--out", out).stdout.splitlines()
    assert md[0] == "| v | name |" and md[2] == "| id:inspur | Inspur |"
    table = kg(q, "--out", out).stdout.splitlines()
    assert table[0].split() == ["v", "name"] and table[-1] == "(3 rows)"


def test_markdown_escapes_pipes(built: Path) -> None:
    result = kg('SELECT ?x WHERE { BIND("a|b" AS ?x) }', "-f", "md", "--out", str(built))
    assert result.stdout.splitlines()[2] == "| a\\|b |"


def test_ask_sets_exit_code(built: Path) -> None:
    yes = kg("ASK { id:ibm a kg:Vendor }", "--out", str(built))
    assert (yes.exit_code, yes.stdout.strip()) == (0, "true")
    no = kg("ASK { id:ibm a kg:Bank }", "--out", str(built))
    assert (no.exit_code, no.stdout.strip()) == (1, "false")
    assert json.loads(kg("ASK { id:ibm a kg:Vendor }", "-f", "json", "--out", str(built)).stdout) == {"head": {}, "boolean": True}


def test_construct_prints_turtle(built: Path) -> None:
    import pyoxigraph as ox

    result = kg("CONSTRUCT { ?v a kg:Vendor } WHERE { ?v a kg:Vendor }", "--out", str(built))
    assert result.exit_code == 0
    triples = list(ox.parse(result.stdout.encode(), format=ox.RdfFormat.TURTLE))
    assert sorted(t.subject.value.rsplit("/", 1)[1] for t in triples) == ["ibm", "inspur", "lenovo"]
    again = kg("CONSTRUCT { ?v a kg:Vendor } WHERE { ?v a kg:Vendor }", "--out", str(built))
    assert again.stdout == result.stdout  # deterministic bytes


def test_syntax_error_has_position_and_no_traceback(built: Path) -> None:
    result = kg("SELECT * WHERE { ?s ?p }", "--out", str(built))
    assert result.exit_code == 1
    assert "syntax error" in result.stderr and "1:" in result.stderr and "Traceback" not in result.output


def test_param_binds_entity_and_refuses_non_ids(built: Path) -> None:
    answer = run_query(built, "entity-facts", params={"entity": "lenovo"}, timeout=None)
    assert answer.rows and all(row[0].value.endswith("/id/lenovo") for row in answer.rows)
    with pytest.raises(QueryError, match="not an id"):
        run_query(built, "entity-facts", params={"entity": "ibm> } ; DELETE WHERE { ?s ?p ?o"}, timeout=None)
    with pytest.raises(QueryError, match="needs --param entity"):
        run_query(built, "entity-facts", timeout=None)
    with pytest.raises(QueryError, match="no parameter"):
        run_query(built, "entity-facts", params={"entity": "ibm", "other": "x"}, timeout=None)


@pytest.mark.parametrize("value", ['"} ; DELETE WHERE { ?s ?p ?o } #', "x' . ?s ?p ?o }", "<oops> }{", "Inspur\" }"])
def test_hostile_param_values_match_nothing(built: Path, value: str) -> None:
    before = run_query(built, COUNT, timeout=None).rows
    q = "SELECT ?s ?name WHERE { ?s kg:name ?name }"
    assert run_query(built, q, params={"name": value}, timeout=None).rows == []
    assert run_query(built, COUNT, timeout=None).rows == before


def test_param_in_iri_form_must_be_an_iri(built: Path) -> None:
    with pytest.raises(QueryError, match="not a valid"):
        run_query(built, "SELECT ?s ?name WHERE { ?s kg:name ?name }", params={"s": "<x> } DROP ALL {>"}, timeout=None)


def test_param_string_matches_literal(built: Path) -> None:
    answer = run_query(built, "SELECT ?s ?name WHERE { ?s kg:name ?name }", params={"name": "Inspur"}, timeout=None)
    assert [r[0].value for r in answer.rows] == ["https://example.org/kg/id/inspur"]


def test_infer_finds_organisations_through_subclasses(built: Path) -> None:
    q = "SELECT ?o WHERE { ?o a schema:Organization }"
    assert run_query(built, q, timeout=None).rows == []
    found = {r[0].value.rsplit("/", 1)[1] for r in run_query(built, q, infer=True, timeout=None).rows}
    assert {"ibm", "peoples-bank-of-china", "chinese-commercial-banks", "ministry-of-finance-china"} <= found
    labels = run_query(built, "SELECT ?l WHERE { id:ibm schema:name ?l }", infer=True, timeout=None)
    assert [r[0].value for r in labels.rows] == ["International Business Machines"]


def test_row_cap_is_reported(built: Path) -> None:
    result = kg("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "--limit", "5", "-f", "csv", "--out", str(built))
    assert result.exit_code == 4
    assert len(result.stdout.strip().splitlines()) == 6 and "row cap of 5" in result.stderr


def test_time_limit_stops_runaway_query(built: Path) -> None:
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "query", runaway, "--timeout", "1", "--out", str(built)],
                          capture_output=True, text=True, timeout=60)
    assert time.monotonic() - start < 15
    assert proc.returncode == 3 and "time limit of 1 s" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("case", [pytest.param(p, id=p.stem) for p in sorted(SAFETY.glob("*.rq"))])
def test_safety_cases(case: Path, built: Path, listener: Listener) -> None:
    text = case.read_text().replace("PORT", str(listener.port))
    expect = text.splitlines()[0].split(":", 1)[1].strip()
    if expect == "refused":
        with pytest.raises(QueryRefused):
            run_query(built, text, timeout=None)
    else:
        run_query(built, text, timeout=None)
    time.sleep(0.3)
    assert listener.connections == 0


def test_allow_remote_lets_service_through(built: Path, listener: Listener) -> None:
    q = f"SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
    run_query(built, q, allow_remote=True, timeout=10)
    time.sleep(0.3)
    assert listener.connections >= 1  # proves the refusal test above would have seen a connection


def test_update_refused_even_with_allow_remote(built: Path) -> None:
    result = kg("DELETE WHERE { ?s ?p ?o }", "--allow-remote", "--out", str(built))
    assert result.exit_code == 1 and "updates are not run here" in result.stderr


def test_inspect_reads_form_variables_and_prefixes() -> None:
    info = inspect("PREFIX ex: <http://e/> # SERVICE\nASK { ?a ex:p 'SERVICE' }")
    assert info.form == "ASK" and info.variables == {"a"} and info.prefixes["ex"] == "http://e/" and not info.services


def test_store_is_used_and_stale_store_is_ignored(built: Path, tmp_path: Path) -> None:
    from kg.build.store import STORE_NAME, store_is_current
    from kg.read.built import BuiltGraph

    out = tmp_path / "out"
    shutil.copytree(built, out, ignore=shutil.ignore_patterns(".kg-build.lock"))
    assert store_is_current(out)
    before = run_query(out, COUNT, timeout=None).rows
    os.utime(out / "graph.trig", ns=(1, 1))  # a graph.trig the store was not made from
    assert not store_is_current(out)
    assert run_query(out, COUNT, timeout=None).rows == before
    shutil.rmtree(out / STORE_NAME)
    assert run_query(out, COUNT, timeout=None).rows == before
    assert len(BuiltGraph(out).store()) > 0


def test_no_leftovers_after_build(built: Path) -> None:
    assert not [p.name for p in built.iterdir() if p.name.startswith(".kg-store")]


def test_query_path_does_not_import_heavy_libraries(built: Path) -> None:
    code = (f"import sys; from kg.cli import main; sys.argv=['kg','query','ASK {{}}','--out',{str(built)!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('rdflib','pyvis','spacy','networkx','pyshacl') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip().splitlines()[-1] == "[]", proc.stderr


def test_queries_lists_named_queries() -> None:
    result = runner.invoke(app, ["queries"])
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.stdout.splitlines() if line and not line.startswith(" ")]
    assert len(names) >= 10 and "dispute-timeline" in names


def test_rq_file_and_unknown_name(built: Path, tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text("ASK { id:inspur a kg:Vendor }")
    assert kg(str(path), "--out", str(built)).exit_code == 0
    unknown = kg("no-such-query", "--out", str(built))
    assert unknown.exit_code == 1 and "no named query" in unknown.stderr
