"""``kg export``: the built graph for other tools.

=========  ==========================================================================
format     what it holds, and for whom
=========  ==========================================================================
ftm        organisations, people and public bodies with the relations FollowTheMoney
           has (directorships, employment, ownership, membership, sanctions), one JSON
           entity a line — ``ftm`` tools, Aleph, OpenSanctions-style pipelines (see
           :mod:`kg.read.ftm`)
gexf       the entity graph of :mod:`kg.build.projection` with the page's positions, colours and
           sizes, valid GEXF 1.2 — open it in Gephi
graphml    the same entity graph without drawing hints — Cytoscape, yEd, igraph, networkx
jsonld     the whole dataset (every claim graph, provenance, ontology) as JSON-LD
nq         the whole dataset as N-Quads — any RDF store (``oxigraph load``, Jena ``tdbloader``)
nt         the union of all claims plus the ontology as N-Triples (what ``graph.ttl`` holds)
=========  ==========================================================================

jsonld, nq and nt also carry the links an entity's external identifiers make (see
:func:`identifier_links`): ``owl:sameAs`` its Wikidata item and ``schema:identifier`` its
Q-id and LEI, in the graph ``<base>graph/links`` (nq, jsonld) or with the rest (nt).

Entity-graph attributes are plain values (lists are joined with ``"; "``), as GEXF and
GraphML require; every edge keeps ``predicate`` (the property IRI) and ``claims`` (how many
sources state it). The same build gives the same bytes.
"""

from __future__ import annotations

import io
from pathlib import Path

from kg.model.errors import KgError
from kg.read.built import BuiltGraph

FORMATS = {"ftm": "graph.ftm.json", "gexf": "graph.gexf", "graphml": "graph.graphml", "jsonld": "graph.jsonld",
           "nq": "graph.nq", "nt": "graph.nt"}
OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
SCHEMA_IDENTIFIER = "https://schema.org/identifier"


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


def export_bytes(out_dir: Path, fmt: str, *, infer: bool = False) -> bytes:
    """The build in ``out_dir`` in format ``fmt`` (one of :data:`FORMATS`).

    ``infer``: with ``nq`` and ``jsonld``, add the RDFS entailments (what ``kg query --infer``
    sees) as their own named graph, ``<base>graph/inferred``."""
    import pyoxigraph as ox

    if fmt not in FORMATS:
        raise KgError(f"unknown export format {fmt!r} — use one of {', '.join(sorted(FORMATS))}")
    if infer and fmt not in ("nq", "jsonld"):
        raise KgError(f"--infer: the entailments are a named graph, so only nq and jsonld can carry them, not {fmt}")
    built = BuiltGraph(out_dir)
    quads = sorted(built.quads() + (built.inferred_quads() if infer else []), key=_quad_key)
    if fmt == "ftm":
        from kg.read.ftm import ftm_lines

        return ftm_lines(quads)
    if fmt in ("nq", "jsonld", "nt"):
        quads = sorted(quads + identifier_links(quads, built.base.graph("links")), key=_quad_key)
    if fmt == "nq":
        return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    if fmt == "jsonld":
        return ox.serialize(quads, format=ox.RdfFormat.JSON_LD)
    if fmt == "nt":
        from kg.build.projection import graph_roles

        provenance, _ = graph_roles(quads)
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads if q.graph_name not in provenance}
        return ox.serialize(sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object))),
                            format=ox.RdfFormat.N_TRIPLES)

    import networkx as nx

    from kg.build.projection import layout, project

    graph = project(quads)
    layout(graph)
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(xml_safe_graph(flat_graph(graph)), buffer, encoding="utf-8", prettyprint=True)
        return buffer.getvalue()
    _write_gexf(xml_safe_graph(flat_graph(graph, drawing=True)), buffer, built.build_date)
    return buffer.getvalue()


def _write_gexf(graph, buffer: io.BytesIO, date: str) -> None:
    """GEXF 1.2 as Gephi's schema wants it: networkx's writer, less what the schema does not
    allow (a ``name`` on ``<graph>``; the ``networkx_key`` attribute it adds to the edges of
    a multigraph, which only networkx reads back), dated by the build so equal builds give
    equal bytes (networkx would stamp today's date)."""
    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(graph)
    root = writer.xml  # networkx names elements without a namespace and sets xmlns as an attribute
    meta = root.find("meta")
    meta.set("lastmodifieddate", date)
    meta.find("creator").text = "kg"  # not networkx's version: equal builds, equal bytes
    graph_element = root.find("graph")
    graph_element.attrib.pop("name", None)
    for attributes in graph_element.findall("attributes[@class='edge']"):
        for attribute in attributes.findall("attribute[@title='networkx_key']"):
            attributes.remove(attribute)
            for values in graph_element.iter("attvalues"):
                for value in values.findall(f"attvalue[@for='{attribute.get('id')}']"):
                    values.remove(value)
    writer.write(buffer)


def identifier_links(quads, graph: str) -> list:
    """What an entity's external identifiers say in other vocabularies, as quads of
    ``graph``: ``owl:sameAs`` its Wikidata item (``kg:wikidata``), and ``schema:identifier``
    the item's Q-id and the LEI (``kg:lei``). Sorted; one per entity and identifier."""
    import pyoxigraph as ox

    from kg.model.ontology import NS
    from kg.model.values import Wikidata

    wikidata, lei = NS + "wikidata", NS + "lei"
    name, same_as, identifier = ox.NamedNode(graph), ox.NamedNode(OWL_SAME_AS), ox.NamedNode(SCHEMA_IDENTIFIER)
    links: set = set()
    for q in quads:
        if q.predicate.value == wikidata and isinstance(q.object, ox.NamedNode) and (qid := Wikidata.from_iri(q.object.value)):
            links.add(ox.Quad(q.subject, same_as, q.object, name))
            links.add(ox.Quad(q.subject, identifier, ox.Literal(qid), name))
        elif q.predicate.value == lei and isinstance(q.object, ox.Literal):
            links.add(ox.Quad(q.subject, identifier, ox.Literal(q.object.value), name))
    return sorted(links, key=_quad_key)


def run_export(out_dir: Path, fmt: str, output: Path | None = None, *, infer: bool = False) -> tuple[Path | None, bytes]:
    """``kg export``: write ``fmt`` to ``output`` (default ``out_dir/graph.<ext>``) atomically.

    With ``output`` ``-`` nothing is written and the bytes are returned for standard output."""
    from kg.build.output import write_atomic

    data = export_bytes(out_dir, fmt, infer=infer)
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
        write_atomic(built.page, page)  # into the build's generation: out/graph.html links to it
    return Path(out_dir) / built.page.name


def xml_safe_graph(graph):
    """``graph`` with every text of its nodes and edges passed through
    :func:`kg.model.values.xml_safe`, so the GraphML and GEXF written from it always parse."""
    from kg.model.values import xml_safe

    def clean(attrs: dict) -> None:
        for key, value in attrs.items():
            if isinstance(value, str):
                attrs[key] = xml_safe(value)

    for _, attrs in graph.nodes(data=True):
        clean(attrs)
    for *_, attrs in graph.edges(data=True):
        clean(attrs)
    return graph
