"""The built RDF dataset projected onto a property graph (networkx), for the page and for export.

:func:`project` turns the quads of a build (``out/graph.trig``: one named graph per claim,
provenance and the ontology in graphs of their own) into a :class:`networkx.MultiDiGraph`:

- a **node** per entity (everything typed with a class of the ontology), keyed by its IRI,
  with ``id`` (the slug), ``label`` (its name), ``kind`` (its most specific class),
  ``kind_label``, ``aliases``, ``description``, ``date`` (``kg:date``, else ``kg:startDate``),
  ``start`` (``kg:startDate``), ``end``, ``origin`` (``curated`` unless only extraction says it
  exists) and ``facts``: every statement about it, each with the claims that assert it;
- an **edge** per statement linking two entities (``actor``, ``reviewer``, ``country`` …),
  keyed by the property's local name, with ``label`` (the property's label from the
  ontology), ``origin`` and ``claims``.

A claim is a dict: ``claim`` (the named graph), ``origin``, ``certainty``, ``source`` (the
document IRI), ``quote``, ``file`` and ``line`` (curated), ``confidence``, ``method`` and
``evidence`` (extracted). Documents are in ``graph.graph["sources"]``, the ontology's classes
and labels (from :func:`kg.model.ontology.load_ontology`) in ``graph.graph["classes"]`` and
``graph.graph["labels"]``.

:func:`layout` adds ``x``/``y`` positions: a seeded force-directed layout whose start
position for each node comes from a hash of its IRI, so the same graph always gets the same
picture and adding a node disturbs the others little.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from kg.model.ontology import NS, PROV, RDF, load_ontology

TYPE = RDF + "type"
# Tuned by eye on the seed graph and on synthetic graphs (benchmarks/bench_page.py).
_REPULSION = 2.0
_GRAVITY = 2.0
_DATES = (NS + "date", NS + "startDate")


def _local(iri: str) -> str:
    return iri[len(NS):] if iri.startswith(NS) else iri


def known_roles(base: str) -> tuple[set, set]:
    """What :func:`graph_roles` finds, for a build under ``base``: read from the IRI scheme
    instead of from every quad."""
    from kg.model.iris import Base

    iris = Base(base)
    return {ox.NamedNode(iris.provenance)}, {ox.NamedNode(iris.ontology), ox.NamedNode(iris.conflicts)}


def graph_roles(quads: list[ox.Quad]) -> tuple[set, set]:
    """The provenance and ontology graphs, found by what they hold rather than by a fixed base IRI."""
    provenance, ontology = set(), set()
    for q in quads:
        if q.predicate.value == TYPE and q.object.value == NS + "Claim":
            provenance.add(q.graph_name)
        elif q.predicate.value == TYPE and q.object.value in ("http://www.w3.org/2002/07/owl#Ontology", NS + "Conflict"):
            ontology.add(q.graph_name)  # the conflicts graph describes dropped claims: not drawn either
    return provenance, ontology


def _python(term) -> object:
    """A literal's value as Python: integers and decimals as numbers, the rest as text."""
    if isinstance(term, ox.Literal):
        kind = term.datatype.value.rsplit("#", 1)[-1]
        try:
            if kind == "integer":
                return int(term.value)
            if kind == "decimal":
                return float(term.value)
        except ValueError:
            pass
    return term.value


def ontology_classes() -> tuple[dict[str, dict], dict[str, str]]:
    """Classes (``{local: {label, comment, parents}}``) and labels of every kg term, from the
    ontology kg ships (:func:`kg.model.ontology.load_ontology`, the one home for them)."""
    onto = load_ontology()
    classes = {name: {"label": c.label or name, "comment": c.comment, "parents": sorted(c.parents)}
               for name, c in sorted(onto.classes.items())}
    return classes, {name: label for name, label in onto.labels.items() if label}


_SOURCE_FIELDS = ("title", "publisher", "url", "published", "language")


def _read_provenance(quads: list[ox.Quad], provenance: set, skipped: set) -> tuple[dict, dict, list[ox.Quad]]:
    """Split the dataset: each claim graph's provenance (origin, source, quote, file…), each
    source's description, and the asserted quads themselves."""
    claims: dict = defaultdict(dict)
    sources: dict[str, dict] = defaultdict(dict)
    asserted: list[ox.Quad] = []
    for q in quads:
        if q.graph_name in skipped:
            continue
        if q.graph_name not in provenance:
            asserted.append(q)
            continue
        p = q.predicate.value
        if p == TYPE:
            if q.object.value == NS + "Document":
                sources[q.subject.value]["iri"] = q.subject.value
            continue
        key = _local(p) if p.startswith(NS) else ("source" if p == PROV + "wasDerivedFrom" else None)
        if key is None:
            continue
        value = _local(q.object.value) if isinstance(q.object, ox.NamedNode) and key != "source" else _python(q.object)
        if key in _SOURCE_FIELDS:
            sources[q.subject.value][key] = value
        else:
            claims[q.subject.value][key] = value
    return claims, sources, asserted


CLAIM_FIELDS = ("claim", "origin", "certainty", "source", "quote", "file", "line", "confidence", "method", "evidence")


def _claim_info(claims: dict, graph_iri: str) -> dict:
    """What the page and exports show of one claim: origin, certainty, source, quote, place."""
    info = {"claim": graph_iri, "origin": "curated", "certainty": None, "source": None, "quote": None, "file": None,
            "line": None, "confidence": None, "method": None, "evidence": None}
    found = claims.get(graph_iri, {})
    info.update({k: v for k, v in found.items() if k in info})
    info["file"] = found.get("sourceFile")
    info["line"] = found.get("sourceLine")
    if "evidenceStart" in found and "evidenceEnd" in found:
        info["evidence"] = (found["evidenceStart"], found["evidenceEnd"])
    return info


def _add_nodes(graph, statements: dict, classes: dict) -> None:
    """One node per typed entity, of its most specific class."""
    onto = load_ontology()
    types: dict[str, list[tuple[str, list[dict]]]] = defaultdict(list)
    for (s, p, o), found in statements.items():
        if p == TYPE and isinstance(o, ox.NamedNode) and o.value.startswith(NS):
            types[s].append((_local(o.value), found))
    for iri in sorted(types):
        kinds = sorted(types[iri], key=lambda t: (-len(onto.ancestors(t[0])), t[0]))
        kind = kinds[0][0]
        origins = {c["origin"] for _, found in kinds for c in found}
        graph.add_node(iri, id=iri.rsplit("/", 1)[-1], label=iri.rsplit("/", 1)[-1], kind=kind,
                       kind_label=classes.get(kind, {}).get("label", kind), classes=tuple(k for k, _ in kinds),
                       aliases=(), description="", date="", start="", end="",
                       origin="curated" if "curated" in origins else "extracted", facts=[])


def _add_fact(graph, s: str, p: str, o, found: list[dict], labels: dict, aliases: dict) -> None:
    """A statement about node ``s``: a fact in its panel, a field it shows, an edge."""
    found = sorted(found, key=lambda c: (c["origin"] != "curated", c["claim"]))
    node = graph.nodes[s]
    local = "type" if p == TYPE else _local(p)
    label = "is a" if p == TYPE else labels.get(local, local)
    is_ref = isinstance(o, ox.NamedNode)
    value = labels.get(_local(o.value), _local(o.value)) if is_ref and o.value.startswith(NS) else o.value
    target = o.value if is_ref and o.value in graph else None
    node["facts"].append({"predicate": local, "label": label, "value": value, "object": target, "claims": found})
    if p == NS + "name":
        node["label"] = o.value
    elif p == NS + "alias":
        aliases[s].add(o.value)  # sorted once at the end: thousands of aliases stay linear
    elif p == NS + "description":
        node["description"] = o.value
    elif p in _DATES:
        if p == NS + "startDate":
            node["start"] = o.value
        if not node["date"] or p == NS + "date":
            node["date"] = o.value
    elif p == NS + "endDate":
        node["end"] = o.value
    if target is not None:
        origin = "curated" if any(c["origin"] == "curated" for c in found) else "extracted"
        graph.add_edge(s, target, key=local, predicate=p, label=label, origin=origin, claims=found)


def light(term) -> object:
    """A term as a row keeps it (rows are kept by the thousand between builds, and plain
    values read back five times faster than terms): an IRI as its string, a literal as
    ``(value, datatype, language)``, anything else as the term itself."""
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.Literal):
        return term.value, term.datatype.value, term.language
    return term


def row_term(value) -> ox.NamedNode | ox.Literal:
    """The term a row keeps as :func:`light`."""
    if isinstance(value, str):
        return ox.NamedNode(value)
    if isinstance(value, tuple):
        text, datatype, language = value
        return ox.Literal(text, language=language) if language else ox.Literal(text, datatype=ox.NamedNode(datatype))
    return value


def statement_rows(quads: Iterable[ox.Quad], roles: tuple[set, set] | None = None) -> tuple[list[tuple], dict]:
    """Each asserted quad as a row ``(subject, predicate, object, claim)`` — the object as
    :func:`light` keeps it, the claim as a tuple of :data:`CLAIM_FIELDS` — and the sources'
    descriptions by IRI: all that :func:`project_rows` reads of a dataset."""
    quads = list(quads)
    provenance, skipped = roles or graph_roles(quads)
    claims, sources, asserted = _read_provenance(quads, provenance, skipped)
    rows = []
    for q in asserted:
        info = _claim_info(claims, q.graph_name.value)
        rows.append((q.subject.value, q.predicate.value, light(q.object), tuple(info[k] for k in CLAIM_FIELDS)))
    return rows, dict(sources)


def claim_row(claim, graph_iri: str) -> tuple:
    """The row :func:`statement_rows` reads from the quads of ``claim`` (a
    :class:`kg.build.claims.Claim` in the graph ``graph_iri``), made from the claim itself:
    what its provenance quads say, as they read back."""
    confidence = float(f"{claim.confidence:.3f}") if claim.confidence is not None else None
    info = (graph_iri, claim.origin, claim.certainty, claim.source.value, claim.quote or None, claim.file or None,
            claim.line if claim.file else None, confidence, claim.method or None,
            tuple(claim.evidence) if claim.evidence else None)
    return claim.subject.value, claim.predicate.value, light(claim.object), info


def project(quads: Iterable[ox.Quad], roles: tuple[set, set] | None = None):
    """The entities and their relations as a ``networkx.MultiDiGraph`` (see the module docs).
    ``roles``: the provenance graphs and the graphs not drawn, when known (:func:`known_roles`)."""
    return project_rows(*statement_rows(quads, roles))


def project_rows(rows: Iterable[tuple], sources: dict):
    """:func:`project` of the rows :func:`statement_rows` gives: the same graph whatever
    their order."""
    import networkx as nx

    classes, labels = ontology_classes()
    # Group claims by the statement they assert: one fact, many sources.
    statements: dict[tuple, list[dict]] = defaultdict(list)
    terms: dict = {}
    for s, p, o, claim in rows:
        term = terms.get(o)
        if term is None:
            term = terms[o] = row_term(o)
        statements[(s, p, term)].append(dict(zip(CLAIM_FIELDS, claim, strict=True)))
    graph = nx.MultiDiGraph(classes=classes, labels=labels, sources={k: sources[k] for k in sorted(sources)})
    _add_nodes(graph, statements, classes)
    aliases: dict[str, set] = defaultdict(set)
    for (s, p, o), found in sorted(statements.items(), key=lambda item: (item[0][0], item[0][1], str(item[0][2]))):
        if s in graph:
            _add_fact(graph, s, p, o, found, labels, aliases)
    for iri, names in aliases.items():
        graph.nodes[iri]["aliases"] = tuple(sorted(names))
    return graph


def _hash_point(iri: str) -> tuple[float, float]:
    digest = hashlib.sha256(iri.encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32, int.from_bytes(digest[4:8], "big") / 2**32


def layout(graph, *, seed: int = 7, scale: float | None = None) -> dict[str, tuple[float, float]]:
    """Seeded Fruchterman–Reingold positions for every node, in page pixels; also stored as
    the ``x``/``y`` node attributes.

    Up to 700 nodes, repulsion is computed between all pairs; above that, against a seeded
    random sample of 300 nodes per step, which keeps 10,000 nodes to a few seconds."""
    import numpy as np

    nodes = list(graph.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    pos = np.array([_hash_point(node) for node in nodes], dtype=float)
    pairs = sorted({(index[u], index[v]) for u, v in graph.edges() if u != v})
    src = np.array([a for a, _ in pairs], dtype=int)
    dst = np.array([b for _, b in pairs], dtype=int)
    k = 1.0 / np.sqrt(n)
    rng = np.random.default_rng(seed)
    iterations = 300 if n <= 200 else 120 if n <= 2000 else 60
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    sample_size = n if n <= 700 else 300
    x, y = pos[:, 0].copy(), pos[:, 1].copy()
    for _ in range(iterations):
        others = np.arange(n) if sample_size == n else rng.choice(n, sample_size, replace=False)
        dx = x[:, None] - x[None, others]
        dy = y[:, None] - y[None, others]
        dist2 = np.maximum(dx * dx + dy * dy, 1e-6)
        # k³/d² rather than FR's k²/d: stronger at short range, so hubs' neighbours spread out
        # evenly instead of piling up on the hub, and labels overlap less.
        force = (k**3 * _REPULSION * n / sample_size) / (dist2 * np.sqrt(dist2))
        fx = (dx * force).sum(axis=1)
        fy = (dy * force).sum(axis=1)
        if len(pairs):
            ex, ey = x[src] - x[dst], y[src] - y[dst]
            length = np.sqrt(ex * ex + ey * ey) / k
            px, py = ex * length, ey * length
            fx += np.bincount(dst, weights=px, minlength=n) - np.bincount(src, weights=px, minlength=n)
            fy += np.bincount(dst, weights=py, minlength=n) - np.bincount(src, weights=py, minlength=n)
        # A pull to the centre keeps unconnected parts from drifting away.
        fx -= (x - x.mean()) * _GRAVITY
        fy -= (y - y.mean()) * _GRAVITY
        length = np.maximum(np.sqrt(fx * fx + fy * fy), 1e-9)
        step = np.minimum(length, temperature) / length
        x += fx * step
        y += fy * step
        temperature -= cooling
    pos = np.column_stack([x, y])
    pos -= pos.mean(axis=0)
    spread = float(np.abs(pos).max()) or 1.0
    scale = scale or 110.0 * np.sqrt(n)
    result = {}
    for node, (x, y) in zip(nodes, pos / spread * scale, strict=True):
        result[node] = (round(float(x)), round(float(y)))
        graph.nodes[node]["x"], graph.nodes[node]["y"] = result[node]
    return result
