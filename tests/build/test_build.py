"""`kg build`: the outputs, their determinism, their provenance, and atomicity."""

from __future__ import annotations

import json
import os

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.build.graph import run_build
from kg.cli import app
from kg.model.errors import BuildError, InvalidData
from tests.conftest import ROOT

KG = "https://example.org/kg/ns#"
ID = "https://example.org/kg/id/"


def test_build_writes_three_outputs(built):
    for name in ("graph.trig", "graph.ttl", "build.json"):
        assert (built / name).stat().st_size > 0


def test_build_is_byte_identical_twice(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    run_build(ROOT / "facts", ROOT / "seeds", first, extract=False, root=ROOT)
    run_build(ROOT / "facts", ROOT / "seeds", second, extract=False, root=ROOT)
    names = sorted(p.name for p in first.iterdir() if not p.name.startswith("."))
    assert names == sorted(p.name for p in second.iterdir() if not p.name.startswith("."))
    for name in names:
        if (first / name).is_file():
            assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_review_in_union_graph_links_pboc_mof_ibm(built):
    store = ox.Store()
    store.load(path=str(built / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    rows = list(store.query(f"""
        PREFIX kg: <{KG}>
        SELECT ?review WHERE {{
          ?review a kg:Review ; kg:reviewer <{ID}peoples-bank-of-china>, <{ID}ministry-of-finance-china> ;
                  kg:concernsVendor <{ID}ibm> .
        }}"""))
    assert [r["review"].value for r in rows] == [f"{ID}china-bank-ibm-server-review-2014"]


def test_named_graph_of_reviewer_triple_has_provenance(built):
    store = ox.Store()
    store.load(path=str(built / "graph.trig"), format=ox.RdfFormat.TRIG)
    rows = list(store.query(f"""
        PREFIX kg: <{KG}> PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?g ?source ?quote ?file ?line WHERE {{
          GRAPH ?g {{ <{ID}china-bank-ibm-server-review-2014> kg:reviewer <{ID}peoples-bank-of-china> }}
          GRAPH ?p {{ ?g prov:wasDerivedFrom ?source ; kg:quote ?quote ; kg:sourceFile ?file ; kg:sourceLine ?line }}
        }}"""))
    assert len(rows) == 1
    row = rows[0]
    assert row["source"].value.endswith("/source/scmp-2014-ibm-servers")
    assert "People's Bank of China" in row["quote"].value
    assert row["file"].value == "facts/reviews/china-bank-server-review-2014.yaml"
    line = int(row["line"].value)
    assert "peoples-bank-of-china" in (ROOT / row["file"].value).read_text().splitlines()[line - 1]


def test_no_blank_nodes_and_every_claim_graph_has_provenance(built):
    data = (built / "graph.trig").read_text()
    assert "_:" not in data
    store = ox.Store()
    store.load(path=str(built / "graph.trig"), format=ox.RdfFormat.TRIG)
    missing = list(store.query("""
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?g), "/claim/"))
          FILTER NOT EXISTS { GRAPH ?x { ?g prov:wasDerivedFrom ?src } } }"""))
    assert missing == []


def test_build_json_counts(built):
    summary = json.loads((built / "build.json").read_text())
    assert summary["counts"]["by_class"]["Review"] == 2
    assert summary["counts"]["by_class"]["Vendor"] == 3
    assert summary["counts"]["claims_by_origin"] == {"curated": summary["counts"]["claims"]}


def test_failed_build_keeps_previous_outputs(fictional_tree):
    out = fictional_tree / "out"
    run_build(fictional_tree / "facts", fictional_tree / "seeds", out, extract=False)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    broken = fictional_tree / "facts" / "borealis.yaml"
    broken.write_text(broken.read_text().replace("reviewer: norland-financial-supervisory-authority", "reviewer: nobody"))
    with pytest.raises(InvalidData):
        run_build(fictional_tree / "facts", fictional_tree / "seeds", out, extract=False)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_out_is_a_clear_error(fictional_tree):
    out = fictional_tree / "out"
    out.mkdir()
    out.chmod(0o500)
    with pytest.raises(BuildError, match="not writable"):
        run_build(fictional_tree / "facts", fictional_tree / "seeds", out, extract=False)


def test_cli_build_prints_outputs(fictional_tree, monkeypatch):
    monkeypatch.chdir(fictional_tree)
    result = CliRunner().invoke(app, ["build", "--no-extract"])
    assert result.exit_code == 0, result.output
    assert "out/graph.trig" in result.output and "out/build.json" in result.output


def test_show_lists_facts_with_sources(built):
    result = CliRunner().invoke(app, ["show", "inspur", "--out", str(built)])
    assert result.exit_code == 0, result.output
    assert "headquarters: jinan" in result.output
    assert "facts/entities/companies.yaml" in result.output
    assert "servers made by Jinan-based Inspur" in result.output


def test_show_unknown_id_is_clear(built):
    result = CliRunner().invoke(app, ["show", "no-such-thing", "--out", str(built)])
    assert result.exit_code == 1
    assert "nothing is known about 'no-such-thing'" in result.output


def test_libyaml_and_pure_python_parsers_build_the_same_bytes(tmp_path, monkeypatch):
    """The fast path (libyaml's C parser) gives the graph the straightforward one gives."""
    import yaml

    import kg.inputs.yamlload

    fast, slow = tmp_path / "fast", tmp_path / "slow"
    run_build(ROOT / "facts", ROOT / "seeds", fast, extract=False, root=ROOT)
    monkeypatch.setattr(kg.inputs.yamlload, "_Loader", yaml.SafeLoader)
    run_build(ROOT / "facts", ROOT / "seeds", slow, extract=False, root=ROOT)
    for name in ("graph.trig", "graph.ttl", "build.json"):
        assert (fast / name).read_bytes() == (slow / name).read_bytes(), name


def test_store_answers_like_the_trig_it_was_made_from(built, tmp_path):
    """Queries on the persisted store (the fast path) and on graph.trig loaded in memory agree."""
    import shutil

    from kg.read.query import run_query

    copy = tmp_path / "out"
    shutil.copytree(built, copy, ignore=shutil.ignore_patterns("store"))
    for name in ("reviews", "dispute-timeline", "organisations"):
        params = {"dispute": "us-china-spying-dispute-2014"} if name == "dispute-timeline" else {}
        fast = run_query(built, name, params=params)
        slow = run_query(copy, name, params=params)
        assert fast.rows == slow.rows, name
    # The same dataset, quad for quad: default graph, named graphs and entailments.
    from kg.build.store import STORE_NAME, open_dataset

    base = json.loads((built / "build.json").read_text())["base_iri"]
    in_memory = open_dataset(copy, base, lambda: ox.parse(path=str(copy / "graph.trig"), format=ox.RdfFormat.TRIG))
    assert set(in_memory) == set(ox.Store.read_only(str(built / STORE_NAME)))
