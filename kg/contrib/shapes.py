"""SHACL shapes of the built graph, generated from the ontology, and running them.

Nothing here is written by hand: for every class of ``kg/model/data/kg.ttl`` the shapes say

- each ``kg:requiredProperty`` of the class has at least one value (``sh:minCount 1``);
- each ``owl:FunctionalProperty`` whose domain is the class has at most one (``sh:maxCount 1``);
- the values of a property whose range is a class are of that class (``sh:class``);
- the values of a property whose range is a datatype are literals of it (``sh:datatype``:
  strings, decimals such as an amount, integers, URLs); a currency matches the pattern the
  fact files are checked with (``sh:pattern``, from its value kind in :mod:`kg.model.values`).

Dates are left to the Python checks, which read them with their precision. ``kg validate``
runs the shapes with pySHACL over the graph and what RDFS entails from the ontology, after the
checks of :mod:`kg.inputs.checks` pass (those say the same things with a file and a line), see
:func:`shacl_problems`; :func:`shapes_text` gives them as Turtle for other SHACL tools.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kg.inputs.facts import FactSet
from kg.model.errors import Problem
from kg.model.ontology import NS, ONTOLOGY_PATH, XSD, Ontology, OntProperty, a_or_an, load_ontology
from kg.model.values import kind_of

if TYPE_CHECKING:
    import rdflib

SH = "http://www.w3.org/ns/shacl#"
# Shapes get IRIs of their own (not blank nodes), so the Turtle is the same on every run and
# a violation's sh:sourceShape names the rule: <…/shapes#Review-reviewer-minCount>.
SHAPES_NS = "https://example.org/kg/shapes#"
# Value kinds whose literals carry the range's own datatype (see kg.build.claims.Terms.value).
_DATATYPED = {"string", "decimal", "integer", "uri"}


def _constraints(cls: str, onto: Ontology) -> list[tuple[str, str, object, str]]:
    """(property, constraint, value, message) of the shapes of class ``cls``."""
    found: list[tuple[str, str, object, str]] = []
    for role in onto.classes[cls].required:
        found.append((role, "minCount", 1, f"{a_or_an(cls)} needs at least one '{role}'"))
    own: list[OntProperty] = sorted((p for p in onto.properties.values() if p.domain == cls), key=lambda p: p.name)
    for prop in own:
        if prop.functional:
            found.append((prop.name, "maxCount", 1, f"{a_or_an(cls)} takes at most one '{prop.name}'"))
        if prop.kind in ("ref", "enum"):
            found.append((prop.name, "class", prop.range, f"'{prop.name}' takes {a_or_an(prop.range)}"))
        elif prop.kind in _DATATYPED:
            found.append((prop.name, "datatype", prop.range_iri, f"'{prop.name}' takes {a_or_an(prop.kind)}"))
        # A text narrower than any string (a currency, a language tag): its kind's pattern.
        # The graph stores other kinds as typed literals or IRIs, which sh:datatype and
        # sh:class already cover.
        pattern = kind_of(prop).PATTERN if prop.kind == "string" else None
        if pattern:
            found.append((prop.name, "pattern", pattern, f"'{prop.name}' must match {pattern}: {prop.comment}"))
    return found


def shapes_graph(onto: Ontology | None = None) -> rdflib.Graph:
    """The SHACL shapes of ``onto`` (by default kg's own ontology) as an rdflib graph."""
    import rdflib

    onto = onto or load_ontology()
    sh, kg, shapes = rdflib.Namespace(SH), rdflib.Namespace(NS), rdflib.Namespace(SHAPES_NS)
    graph = rdflib.Graph()
    graph.bind("sh", sh)
    graph.bind("kg", kg)
    graph.bind("shape", shapes)
    for cls in sorted(onto.classes):
        constraints = _constraints(cls, onto)
        if not constraints:
            continue
        node = shapes[cls]
        graph.add((node, rdflib.RDF.type, sh.NodeShape))
        graph.add((node, sh.targetClass, kg[cls]))
        for prop, constraint, value, message in constraints:
            shape = shapes[f"{cls}-{prop}-{constraint}"]
            graph.add((node, sh.property, shape))
            graph.add((shape, sh.path, kg[prop]))
            if constraint == "class":
                term = kg[value]
            elif constraint == "datatype":
                term = rdflib.URIRef(value)
            elif constraint == "pattern":
                term = rdflib.Literal(value)
            else:
                term = rdflib.Literal(value, datatype=rdflib.URIRef(XSD + "integer"))
            graph.add((shape, sh[constraint], term))
            graph.add((shape, sh.message, rdflib.Literal(message)))
    return graph


def shapes_text(onto: Ontology | None = None) -> str:
    """The generated shapes as Turtle."""
    return shapes_graph(onto).serialize(format="turtle")


def _entail(data: rdflib.Graph, ont: rdflib.Graph) -> None:
    """Add to ``data`` what RDFS inference over ``ont`` entails for the shapes: the triples
    of super-properties (``rdfs:subPropertyOf``), the types given by ``rdfs:domain`` and
    ``rdfs:range``, and every superclass of each type (``rdfs:subClassOf``).

    In one pass over the data, from closures of the (small) ontology: pySHACL's own RDFS
    closure (owlrl) makes rounds over every triple and took minutes on an entity with tens
    of thousands of aliases (issue 17)."""
    import rdflib
    from rdflib.namespace import RDF, RDFS

    def up(term, link) -> set:
        return set(ont.transitive_objects(term, link))  # includes ``term`` itself

    classes: dict = {}

    def types_of(cls) -> set:
        if cls not in classes:
            classes[cls] = up(cls, RDFS.subClassOf)
        return classes[cls]

    props: dict = {}
    for s, p, o in list(data):
        if p == RDF.type:
            for cls in types_of(o):
                data.add((s, RDF.type, cls))
            continue
        if p not in props:
            supers = up(p, RDFS.subPropertyOf)
            props[p] = (supers, {c for q in supers for d in ont.objects(q, RDFS.domain) for c in types_of(d)},
                        {c for q in supers for r in ont.objects(q, RDFS.range) for c in types_of(r)})
        supers, domain, range_ = props[p]
        for q in supers:
            data.add((s, q, o))
        for cls in domain:
            data.add((s, RDF.type, cls))
        if not isinstance(o, rdflib.Literal):
            for cls in range_:
                data.add((o, RDF.type, cls))


def shacl_problems(graph_turtle: bytes, facts: FactSet, ontology_path: Path = ONTOLOGY_PATH) -> list[Problem]:
    """Run pySHACL with the shapes generated from the ontology at ``ontology_path`` over the
    built union graph (Turtle bytes) and map each violation back to the record it concerns."""
    import rdflib
    from pyshacl import validate as shacl_validate

    data = rdflib.Graph()
    data.parse(data=graph_turtle, format="turtle")
    ont = rdflib.Graph()
    ont.parse(ontology_path, format="turtle")
    shapes = shapes_graph(load_ontology(ontology_path))
    _entail(data, ont)
    conforms, report, _ = shacl_validate(data, shacl_graph=shapes, ont_graph=ont, inference="none", advanced=False)
    if conforms:
        return []
    sh = rdflib.Namespace(SH)
    by_iri = {}
    for record in facts.records:
        if record.id is not None:
            by_iri.setdefault(record.id, record)
    problems = []
    for result in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        focus = str(report.value(result, sh.focusNode))
        message = str(report.value(result, sh.resultMessage) or "violates a SHACL shape")
        record = by_iri.get(focus.rsplit("/", 1)[-1])
        path, line, col = (record.path, record.line, record.col) if record else ("(graph)", 0, 0)
        problems.append(Problem(path, line, col, f"SHACL: {message} ({focus})"))
    return sorted(set(problems))
