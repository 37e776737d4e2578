"""The outputs laid out by fact file (kg.build.chunks): what a chunk keeps for the page is
what the page would read back from the quads, and the layout is what kg.build.chunks says."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build.chunks import header
from kg.build.graph import build_graph
from kg.build.output import TRIG, TURTLE
from kg.build.projection import known_roles, statement_rows

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("extract", [False, True], ids=["facts-only", "with-extraction"])
def test_rows_kept_by_chunks_are_what_the_quads_say(extract) -> None:
    """The page reads the rows chunks keep (made from the claims); kg export and a page made
    from graph.trig read them from the quads. Both must be the same, claim by claim."""
    build = build_graph(ROOT / "tests" / "data" / "seed-facts", ROOT / "seeds", extract=extract, root=ROOT)
    kept, sources = build.rows()
    read, read_sources = statement_rows(build.quads(), known_roles(build.summary["base_iri"]))
    assert sorted(kept, key=repr) == sorted(read, key=repr)
    assert sources == read_sources
    assert any(row[3][1] == "extracted" for row in kept) == extract


def test_outputs_are_laid_out_by_fact_file(fictional_tree) -> None:
    """graph.trig: each file's claim graphs then its provenance block, files in path order;
    graph.ttl: each triple once. Both parse back to the whole dataset."""
    build = build_graph(fictional_tree / "facts", fictional_tree / "seeds", extract=False, root=fictional_tree)
    files = build.files()
    head = header(build.prefixes)
    assert files[TRIG].startswith(head) and files[TURTLE].startswith(head)
    provenance = f"<{build.summary['base_iri']}graph/provenance> {{".encode()
    assert files[TRIG].count(provenance) == sum(1 for chunk in build.chunks if chunk.graphs) + 1  # + the sources
    quads = set(ox.parse(files[TRIG], format=ox.RdfFormat.TRIG))
    assert quads == set(build.quads())
    triples = build.triples()
    assert len(triples) == len(set(triples)) == build.summary["counts"]["triples"]
    assert set(triples) == {ox.Triple(q.subject, q.predicate, q.object) for q in quads
                            if not q.graph_name.value.endswith(("graph/provenance", "graph/conflicts"))}


def test_the_page_of_a_build_is_the_page_of_its_graph_trig(tmp_path) -> None:
    """kg build makes the page from its chunks' rows; kg export and anyone else make it from
    graph.trig: the same bytes."""
    from kg.build.graph import run_build
    from kg.build.page import render_page

    out = tmp_path / "out"
    summary = run_build(ROOT / "tests" / "data" / "seed-facts", ROOT / "seeds", out, root=ROOT).summary
    quads = ox.parse(path=str(out / TRIG), format=ox.RdfFormat.TRIG)
    assert render_page(quads, summary) == (out / "graph.html").read_bytes()


def test_a_triple_two_files_state_is_written_once(fictional_tree) -> None:
    """graph.ttl holds each triple once, where the first file (by path) states it; the
    second file's other triples stay. graph.trig keeps both claims (two sources)."""
    facts = fictional_tree / "facts"
    (facts / "zz-again.yaml").write_text(
        "claims:\n  - subject: norland\n    predicate: name\n    object: Norland\n"
        "    source: {doc: borealis-2031-router-review, quote: \"Norland\"}\n"
        "  - subject: norland\n    predicate: alias\n    object: Norlandia\n"
        "    source: borealis-2031-router-review\n")
    build = build_graph(facts, fictional_tree / "seeds", extract=False, root=fictional_tree)
    triples = build.triples()
    assert len(triples) == len(set(triples)) == build.summary["counts"]["triples"]
    names = [t for t in triples if t.subject.value.endswith("/id/norland") and t.predicate.value.endswith("#name")]
    assert [t.object.value for t in names] == ["Norland"]
    assert any(t.object.value == "Norlandia" for t in triples)
    claims = [q for q in build.quads() if q.subject.value.endswith("/id/norland") and q.predicate.value.endswith("#name")]
    assert len(claims) == 2
