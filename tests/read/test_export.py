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
    assert result.exit_code == 1 and "unknown export format 'csv' — use one of gexf, graphml, jsonld, nq, nt" in result.output
    result = CliRunner().invoke(app, ["export", "-f", "nt", "--out", str(tmp_path)])
    assert result.exit_code == 1 and "no built graph" in result.output
