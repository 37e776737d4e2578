"""The build's conflicts are in the store (issue 15, item 6): ``kg query conflicts`` answers
what ``kg build`` reported, one row per conflict, from the graph <base>graph/conflicts, and
they are not drawn on the page nor counted as claims."""

from __future__ import annotations

import shutil

import pytest

from kg.build.graph import run_build
from kg.model.iris import Base
from kg.read.query import run_query
from kg.read.results import compact
from tests.conftest import ROOT, SEED_FACTS


@pytest.fixture(scope="module")
def extracted_build(tmp_path_factory):
    """The seed article's curated facts with extraction on: it reports conflicts."""
    tree = tmp_path_factory.mktemp("seed-extract")
    shutil.copytree(SEED_FACTS, tree / "facts")
    shutil.copytree(ROOT / "seeds", tree / "seeds")
    result = run_build(tree / "facts", tree / "seeds", tree / "out", root=tree)
    return tree / "out", result.summary


def test_query_conflicts_answers_what_the_build_reported(extracted_build):
    out, summary = extracted_build
    reported = summary["conflicts"]
    assert summary["counts"]["conflicts"] == len(reported) > 0
    answer = run_query(out, "conflicts", timeout=None)
    assert len(answer.rows) == len(reported)
    col = {v: i for i, v in enumerate(answer.variables)}
    got = sorted((r[col["subject"]].value, r[col["property"]].value, r[col["extracted"]].value, r[col["source"]].value,
                  r[col["method"]].value, r[col["quote"]].value) for r in answer.rows)
    want = sorted((c["subject"], c["predicate"], c["extracted"], c["source"], c["method"], c["evidence"]) for c in reported)
    assert got == want
    base = summary["base_iri"]
    curated = {(r[col["subject"]].value, r[col["property"]].value): r[col["curated"]].value for r in answer.rows}
    for c in reported:
        assert curated[(c["subject"], c["predicate"])] in {", ".join(Base(base).entity_id(v) or v for v in c["curated"]),
                                                          ", ".join(reversed([Base(base).entity_id(v) or v for v in c["curated"]]))}


def test_conflicts_are_standard_rdf_in_their_own_graph(extracted_build):
    import pyoxigraph as ox

    out, summary = extracted_build
    graph = Base(summary["base_iri"]).conflicts
    quads = [q for q in ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG) if q.graph_name.value == graph]
    statements = {q.subject for q in quads if q.predicate.value.endswith("#type")
                  and q.object.value == "https://example.org/kg/ns#Conflict"}
    assert len(statements) == len(summary["conflicts"])
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    for node in statements:
        said = {q.predicate.value for q in quads if q.subject == node}
        assert {rdf + "subject", rdf + "predicate", rdf + "object", "http://www.w3.org/ns/prov#wasDerivedFrom",
                "https://example.org/kg/ns#curatedValue"} <= said
    # a dropped claim is not asserted: its triple is in no claim graph
    dates = [c for c in summary["conflicts"] if c["predicate"].endswith("#date")]
    assert dates
    c = dates[0]
    asserted = [q for q in ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG)
                if q.subject.value == c["subject"] and q.predicate.value == c["predicate"] and q.object.value == c["extracted"]]
    assert asserted == []


def test_conflicts_are_not_drawn_on_the_page(extracted_build):
    out, _ = extracted_build
    assert "graph/conflicts/" not in (out / "graph.html").read_text(encoding="utf-8")


def test_compact_names_the_conflicts_graph(extracted_build):
    _, summary = extracted_build
    assert compact(__import__("pyoxigraph").NamedNode(Base(summary["base_iri"]).conflicts), summary["base_iri"]) == "graph:conflicts"
