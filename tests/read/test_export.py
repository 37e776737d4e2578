"""`kg export`: each format reads back in the tool it is for, with the build's content."""

from __future__ import annotations

import io
import json

import networkx as nx
import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.read.export import FORMATS, export_bytes

ID = "https://example.org/kg/id/"


@pytest.fixture(scope="module")
def summary(built) -> dict:
    return json.loads((built / "build.json").read_text())


def test_gexf_has_every_entity_with_positions_and_labels(built, summary, tmp_path):
    path = tmp_path / "kg.gexf"
    result = CliRunner().invoke(app, ["export", "--format", "gexf", "--out", str(built), "-o", str(path)])
    assert result.exit_code == 0, result.output
    graph = nx.read_gexf(path)
    assert graph.number_of_nodes() == summary["counts"]["entities"]
    inspur = graph.nodes[ID + "inspur"]
    assert (inspur["label"], inspur["kind"]) == ("Inspur", "Vendor")
    assert "position" in inspur["viz"]
    labels = {d["label"] for _, _, d in graph.edges(data=True)}
    assert {"reviewer", "replacement vendor", "concerns vendor"} <= labels
    assert b'lastmodifieddate="' + (summary["build_date"] or "1970-01-01").encode() in path.read_bytes()


def test_graphml_reads_back_in_networkx(built, summary):
    graph = nx.read_graphml(io.BytesIO(export_bytes(built, "graphml")))
    assert graph.number_of_nodes() == summary["counts"]["entities"]
    pboc = graph.nodes[ID + "peoples-bank-of-china"]
    assert pboc["aliases"] == "PBOC; PBoC"
    assert pboc["origin"] == "curated"


def test_nq_and_jsonld_hold_the_whole_dataset(built):
    original = set(ox.parse(path=str(built / "graph.trig"), format=ox.RdfFormat.TRIG))
    assert set(ox.parse(export_bytes(built, "nq"), format=ox.RdfFormat.N_QUADS)) == original
    assert set(ox.parse(export_bytes(built, "jsonld"), format=ox.RdfFormat.JSON_LD)) == original


def test_nt_is_the_union_graph(built):
    union = set(ox.parse(path=str(built / "graph.ttl"), format=ox.RdfFormat.TURTLE))
    assert set(ox.parse(export_bytes(built, "nt"), format=ox.RdfFormat.N_TRIPLES)) == union


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_exports_are_deterministic_and_written_beside_the_build(built, fmt, tmp_path):
    first = export_bytes(built, fmt)
    assert first == export_bytes(built, fmt)
    result = CliRunner().invoke(app, ["export", "-f", fmt, "--out", str(built), "-o", "-"])
    assert result.exit_code == 0
    assert result.stdout_bytes == first


def test_unknown_format_and_missing_build_are_clear_errors(built, tmp_path):
    result = CliRunner().invoke(app, ["export", "-f", "csv", "--out", str(built)])
    assert result.exit_code == 1 and "unknown export format 'csv' — use one of ftm, gexf, graphml, jsonld, nq, nt" in result.output
    result = CliRunner().invoke(app, ["export", "-f", "nt", "--out", str(tmp_path)])
    assert result.exit_code == 1 and "no built graph" in result.output


def test_gexf_has_the_structure_gexf_1_2_requires(built):
    """What Gephi's GEXF 1.2 schema checks: root, namespace and version; graph mode and
    default edge type, no ``name``; attributes declared (by class) before any value uses
    them; unique node and edge ids; every edge between declared nodes."""
    import xml.etree.ElementTree as ET

    ns = "{http://www.gexf.net/1.2draft}"
    root = ET.fromstring(export_bytes(built, "gexf"))
    assert (root.tag, root.get("version")) == (ns + "gexf", "1.2")
    graphs = root.findall(ns + "graph")
    assert len(graphs) == 1
    graph = graphs[0]
    assert graph.get("mode") in ("static", "dynamic") and graph.get("defaultedgetype") in ("directed", "undirected", "mutual")
    assert set(graph.attrib) <= {"mode", "defaultedgetype", "timeformat", "start", "end", "idtype"}
    children = [c.tag for c in graph]
    assert children.index(ns + "nodes") > max(i for i, t in enumerate(children) if t == ns + "attributes")
    declared = {c.get("class"): {a.get("id"): a.get("title") for a in c.findall(ns + "attribute")}
                for c in graph.findall(ns + "attributes")}
    assert "networkx_key" not in declared["edge"].values()
    nodes = graph.findall(f"{ns}nodes/{ns}node")
    edges = graph.findall(f"{ns}edges/{ns}edge")
    node_ids = [n.get("id") for n in nodes]
    assert len(set(node_ids)) == len(node_ids) and nodes and edges
    assert len({e.get("id") for e in edges}) == len(edges)
    for kind, elements in (("node", nodes), ("edge", edges)):
        for element in elements:
            used = {v.get("for") for v in element.iter(ns + "attvalue")}
            assert used <= set(declared[kind]), (kind, element.get("id"))
    assert all(e.get("source") in node_ids and e.get("target") in node_ids for e in edges)


def _decimal_lexicals(quads) -> set[tuple[str, str]]:
    dec = "http://www.w3.org/2001/XMLSchema#decimal"
    return {(q.predicate.value, q.object.value) for q in quads
            if isinstance(q.object, ox.Literal) and q.object.datatype.value == dec}


def test_decimals_are_spelt_the_same_in_the_files_and_the_store(built, tmp_path):
    """One canonical form (kg.model.values.Decimal): graph.trig, graph.ttl and the store's
    answers give each decimal (confidence, amount) the same lexical form."""
    from kg.build.graph import run_build
    from kg.read.query import run_query

    # The seed with extraction, so extracted claims carry a confidence.
    tree = built.parent
    out = tmp_path / "out"
    run_build(tree / "facts", tree / "seeds", out, extract=True, root=tree)
    in_trig = _decimal_lexicals(ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG))
    in_ttl = _decimal_lexicals(ox.parse(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE))
    assert any(p.endswith("#confidence") for p, _ in in_trig) and any(p.endswith("#amount") for p, _ in in_trig)
    answer = run_query(out, "SELECT ?p ?v WHERE { { ?s ?p ?v } UNION { GRAPH ?g { ?s ?p ?v } } "
                            "FILTER(datatype(?v) = xsd:decimal && STRSTARTS(STR(?p), STR(kg:))) }", timeout=None)
    from_store = {(row[0].value, row[1].value) for row in answer.rows}
    assert from_store == in_trig and in_ttl <= in_trig
