"""``kg export``: the built graph for other tools.

=========  ==========================================================================
format     what it holds, and for whom
=========  ==========================================================================
gexf       the entity graph of :mod:`kg.project` with the page's positions, colours and
           sizes — open it in Gephi
graphml    the same entity graph without drawing hints — Cytoscape, yEd, igraph, networkx
jsonld     the whole dataset (every claim graph, provenance, ontology) as JSON-LD
nq         the whole dataset as N-Quads — any RDF store (``oxigraph load``, Jena ``tdbloader``)
nt         the union of all claims plus the ontology as N-Triples (what ``graph.ttl`` holds)
=========  ==========================================================================

Entity-graph attributes are plain values (lists are joined with ``"; "``), as GEXF and
GraphML require; every edge keeps ``predicate`` (the property IRI) and ``claims`` (how many
sources state it). The same build gives the same bytes.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from kg.model.errors import KgError
from kg.read.built import BuiltGraph

FORMATS = {"gexf": "graph.gexf", "graphml": "graph.graphml", "jsonld": "graph.jsonld", "nq": "graph.nq",
           "nt": "graph.nt"}


def _quad_key(q) -> tuple[str, str, str, str]:
    return (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object))


def flat_graph(graph, *, drawing: bool = False):
    """A copy of a projected graph with only scalar attributes (and GEXF ``viz`` hints if ``drawing``)."""
    import networkx as nx

    from kg.build.page import style_of

    flat = nx.MultiDiGraph()
    degrees = dict(graph.degree())
    for iri, node in graph.nodes(data=True):
        attrs = {"label": node["label"], "iri": iri, "slug": node["id"], "kind": node["kind"],
                 "kind_label": node["kind_label"], "aliases": "; ".join(node["aliases"]),
                 "description": node["description"], "date": node["date"], "end_date": node["end"],
                 "origin": node["origin"], "facts": len(node["facts"])}
        if drawing:
            colour = style_of(node["kind"])[0].lstrip("#")
            r, g, b = (int(colour[i:i + 2], 16) for i in (0, 2, 4))
            attrs["viz"] = {"position": {"x": float(node.get("x", 0)), "y": float(-node.get("y", 0)), "z": 0.0},
                            "color": {"r": r, "g": g, "b": b, "a": 1.0},
                            "size": round(9 + 4 * degrees.get(iri, 0) ** 0.5, 1)}
        flat.add_node(iri, **attrs)
    for u, v, key, edge in graph.edges(keys=True, data=True):
        flat.add_edge(u, v, key=f"{key}:{u}>{v}", label=edge["label"], predicate=edge["predicate"],
                      origin=edge["origin"], claims=len(edge["claims"]))
    return flat


def export_bytes(out_dir: Path, fmt: str) -> bytes:
    """The build in ``out_dir`` in format ``fmt`` (one of :data:`FORMATS`)."""
    import pyoxigraph as ox

    if fmt not in FORMATS:
        raise KgError(f"unknown export format {fmt!r} — use one of {', '.join(sorted(FORMATS))}")
    built = BuiltGraph(out_dir)
    quads = sorted(built.quads(), key=_quad_key)
    if fmt == "nq":
        return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    if fmt == "jsonld":
        return ox.serialize(quads, format=ox.RdfFormat.JSON_LD)
    if fmt == "nt":
        from kg.build.projection import _graph_roles

        provenance, _ = _graph_roles(quads)
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads if q.graph_name not in provenance}
        return ox.serialize(sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object))),
                            format=ox.RdfFormat.N_TRIPLES)

    import networkx as nx

    from kg.build.projection import layout, project

    graph = project(quads)
    layout(graph)
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(flat_graph(graph), buffer, encoding="utf-8", prettyprint=True)
        return buffer.getvalue()
    nx.write_gexf(flat_graph(graph, drawing=True), buffer, encoding="utf-8", prettyprint=True)
    # networkx stamps today's date; the build's date keeps equal builds byte-identical.
    return re.sub(rb'lastmodifieddate="[^"]*"', f'lastmodifieddate="{built.build_date}"'.encode(),
                  buffer.getvalue(), count=1)


def run_export(out_dir: Path, fmt: str, output: Path | None = None) -> tuple[Path | None, bytes]:
    """``kg export``: write ``fmt`` to ``output`` (default ``out_dir/graph.<ext>``) atomically.

    With ``output`` ``-`` nothing is written and the bytes are returned for standard output."""
    from kg.build.output import write_atomic

    data = export_bytes(out_dir, fmt)
    if output is not None and str(output) == "-":
        return None, data
    target = output or out_dir / FORMATS[fmt]
    if target.is_dir():
        target = target / FORMATS[fmt]
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, data)
    return target, data


def render_out(out_dir: Path, *, source_link: str = "../facts/") -> Path:
    """``kg render``: rewrite ``out_dir/graph.html`` from the build already in ``out_dir``."""
    from kg.build.output import locked_output, write_atomic
    from kg.build.page import render_page

    built = BuiltGraph(out_dir)
    page = render_page(built.quads(), built.summary, source_link=source_link)
    with locked_output(out_dir):
        write_atomic(built.page, page)
    return built.page
