"""The ontology (``kg/model/data/kg.ttl``) read as data: the one source of truth for the names
of classes and properties, which fields a record of each class may have, and what
each field's values must be. Nothing else in kg keeps its own list of these names."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyoxigraph as ox

DATA = Path(__file__).resolve().parent / "data"
ONTOLOGY_PATH = DATA / "kg.ttl"
SHAPES_PATH = DATA / "shapes.ttl"

NS = "https://example.org/kg/ns#"
# Where the graph names its entities, claims and sources unless told otherwise (--base).
DEFAULT_BASE = "https://example.org/kg/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV = "http://www.w3.org/ns/prov#"

PREFIXES = {
    "kg": NS,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": "https://schema.org/",
    "prov": PROV,
    "org": "http://www.w3.org/ns/org#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
}

# How a property's rdfs:range turns into the kind of value a fact file writes.
_DATATYPE_KINDS = {
    XSD + "string": "string",
    XSD + "decimal": "decimal",
    XSD + "integer": "integer",
    XSD + "anyURI": "uri",
    NS + "DateValue": "date",
}


@dataclass(frozen=True)
class OntClass:
    name: str
    iri: str
    label: str
    comment: str
    parents: tuple[str, ...]  # local names of direct kg superclasses
    section: str | None  # fact-file section holding its records


@dataclass(frozen=True)
class OntProperty:
    name: str
    iri: str
    label: str
    comment: str
    domain: str  # local name of a kg class
    range: str  # local name of a kg class, or a datatype kind (string, date, ...)
    kind: str  # "ref" (an id), "enum", or a datatype kind
    functional: bool
    derived: bool


@dataclass
class Ontology:
    """Classes, properties and enumerations of ``kg/model/data/kg.ttl``, by local name."""

    classes: dict[str, OntClass] = field(default_factory=dict)
    properties: dict[str, OntProperty] = field(default_factory=dict)
    enums: dict[str, tuple[str, ...]] = field(default_factory=dict)  # class → member local names
    labels: dict[str, str] = field(default_factory=dict)  # any kg local name → label
    _ancestors: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _fields: dict[str, dict[str, OntProperty]] = field(default_factory=dict, repr=False)

    def ancestors(self, name: str) -> list[str]:
        """``name`` and all its kg superclasses, nearest first."""
        cached = self._ancestors.get(name)
        if cached is None:
            cached = self._ancestors[name] = self._walk_up(name)
        return cached

    def _walk_up(self, name: str) -> list[str]:
        seen: list[str] = []
        todo = [name]
        while todo:
            current = todo.pop(0)
            if current in seen or current not in self.classes:
                continue
            seen.append(current)
            todo.extend(self.classes[current].parents)
        return seen

    def is_a(self, name: str, ancestor: str) -> bool:
        return ancestor in self.ancestors(name)

    def fields_of(self, class_name: str) -> dict[str, OntProperty]:
        """The properties a record of ``class_name`` may set in a fact file."""
        cached = self._fields.get(class_name)
        if cached is None:
            ancestors = set(self.ancestors(class_name))
            cached = self._fields[class_name] = {
                n: p for n, p in self.properties.items() if p.domain in ancestors and not p.derived}
        return cached

    def subclasses(self, name: str) -> list[str]:
        """``name`` and every class below it, sorted."""
        return sorted(c for c in self.classes if self.is_a(c, name))

    def section_classes(self, section: str) -> list[str]:
        return sorted(c.name for c in self.classes.values() if c.section == section)

    @property
    def sections(self) -> list[str]:
        return sorted({c.section for c in self.classes.values() if c.section})


def _local(term: ox.NamedNode) -> str | None:
    return term.value[len(NS) :] if term.value.startswith(NS) else None


@cache
def load_ontology(path: Path = ONTOLOGY_PATH) -> Ontology:
    """Parse the ontology once per process."""
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TURTLE)

    def objects(subject: ox.NamedNode, predicate: str) -> list:
        return [q.object for q in store.quads_for_pattern(subject, ox.NamedNode(predicate), None)]

    def text(subject: ox.NamedNode, predicate: str) -> str:
        values = objects(subject, predicate)
        return values[0].value if values else ""

    def types(subject: ox.NamedNode) -> set[str]:
        return {o.value for o in objects(subject, RDF + "type")}

    onto = Ontology()
    subjects = sorted({q.subject for q in store if isinstance(q.subject, ox.NamedNode)}, key=lambda t: t.value)
    for subject in subjects:
        local = _local(subject)
        if not local:
            continue
        onto.labels[local] = text(subject, RDFS + "label")
        kinds = types(subject)
        if OWL + "Class" in kinds:
            parents = tuple(sorted(n for o in objects(subject, RDFS + "subClassOf") if isinstance(o, ox.NamedNode) and (n := _local(o))))
            onto.classes[local] = OntClass(
                local, subject.value, text(subject, RDFS + "label"), text(subject, RDFS + "comment"),
                parents, text(subject, NS + "section") or None,
            )
    for subject in subjects:
        local = _local(subject)
        kinds = types(subject)
        if not local:
            continue
        if kinds & {OWL + "ObjectProperty", OWL + "DatatypeProperty"}:
            range_iri = text(subject, RDFS + "range")
            range_local = _local(ox.NamedNode(range_iri))
            if range_iri in _DATATYPE_KINDS:
                kind = rng = _DATATYPE_KINDS[range_iri]
            elif range_local in onto.classes and onto.is_a(range_local, "Thing"):
                kind, rng = "ref", range_local
            elif range_local in onto.classes:
                kind, rng = "enum", range_local
            else:
                raise ValueError(f"{path}: property {local} has a range kg cannot read: {range_iri}")
            onto.properties[local] = OntProperty(
                local, subject.value, text(subject, RDFS + "label"), text(subject, RDFS + "comment"),
                _local(ox.NamedNode(text(subject, RDFS + "domain"))) or "Thing", rng, kind,
                OWL + "FunctionalProperty" in kinds, text(subject, NS + "derived") == "true",
            )
        for class_name, cls in onto.classes.items():
            if ox.NamedNode(cls.iri) in [ox.NamedNode(k) for k in kinds] and not onto.is_a(class_name, "Thing"):
                onto.enums.setdefault(class_name, ())
                onto.enums[class_name] = tuple(sorted(set(onto.enums[class_name]) | {local}))
    return onto


@cache
def ontology_quads(path: Path = ONTOLOGY_PATH) -> tuple[ox.Triple, ...]:
    """The ontology's triples, for including it in the built graph."""
    return tuple(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
