"""The ontology (``kg/model/data/kg.ttl``) read as data: the one source of truth for the names
of classes and properties, which fields a record of each class may have, what each
field's values must be, which fields a record must have (``kg:requiredProperty``), the
class a section's records have when they give no ``type`` (``kg:sectionDefault``), the
property that holds an event's one date (``kg:dateProperty``) and the order properties
are declared in. Nothing else in kg keeps its own list of these names: the Python checks,
the JSON Schema, the SHACL shapes, ``kg fmt`` and ``kg promote`` all ask an
:class:`Ontology`."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyoxigraph as ox

DATA = Path(__file__).resolve().parent / "data"
ONTOLOGY_PATH = DATA / "kg.ttl"

NS = "https://example.org/kg/ns#"
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

# How a property's rdfs:range turns into the kind of value a fact file writes (unless its
# kg:valueKind annotation names the kind: see kg.ttl).
_DATATYPE_KINDS = {
    XSD + "string": "string",
    XSD + "decimal": "decimal",
    XSD + "integer": "integer",
    XSD + "anyURI": "uri",
}


@dataclass(frozen=True)
class OntClass:
    name: str
    iri: str
    label: str
    comment: str
    parents: tuple[str, ...]  # local names of direct kg superclasses
    section: str | None  # fact-file section holding its records
    required: tuple[str, ...] = ()  # kg:requiredProperty declared on this class itself
    section_default: bool = False  # kg:sectionDefault: the class of its section's untyped records
    date_property: str | None = None  # kg:dateProperty declared on this class itself


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
    range_iri: str = ""  # the rdfs:range as written (a class or a datatype IRI)


@dataclass
class Ontology:
    """Classes, properties and enumerations of ``kg/model/data/kg.ttl``, by local name."""

    classes: dict[str, OntClass] = field(default_factory=dict)
    properties: dict[str, OntProperty] = field(default_factory=dict)
    enums: dict[str, tuple[str, ...]] = field(default_factory=dict)  # class → member local names
    labels: dict[str, str] = field(default_factory=dict)  # any kg local name → label
    # Property local name → its position among the properties of kg.ttl, as the file
    # declares them (kg fmt orders a record's keys by it).
    declared_order: dict[str, int] = field(default_factory=dict)
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

    def section_default(self, section: str) -> str | None:
        """The class a record of ``section`` has when it gives no ``type`` (the class marked
        ``kg:sectionDefault`` there), or None when the section's records must name theirs."""
        defaults = [c for c in self.section_classes(section) if self.classes[c].section_default]
        return defaults[0] if len(defaults) == 1 else None

    def required_properties(self, class_name: str) -> tuple[str, ...]:
        """The properties a ``class_name`` must have at least one value of: the
        ``kg:requiredProperty`` of the class and of every class above it, nearest first."""
        found: list[str] = []
        for cls in self.ancestors(class_name):
            found.extend(p for p in self.classes[cls].required if p not in found)
        return tuple(found)

    def date_property(self, class_name: str) -> str | None:
        """The property holding the one date known of an event of ``class_name`` (``date``
        or ``startDate``): the ``kg:dateProperty`` of the nearest class that declares one.
        None for a class that is not an event."""
        return next((d for cls in self.ancestors(class_name) if (d := self.classes[cls].date_property)), None)


def _local(term: ox.NamedNode) -> str | None:
    return term.value[len(NS) :] if term.value.startswith(NS) else None


@cache
def load_ontology(path: Path = ONTOLOGY_PATH) -> Ontology:
    """Parse the ontology once per process."""
    triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))  # a streaming parser: file order
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    reader = _Reader(store)
    onto = Ontology()
    subjects = sorted({q.subject for q in store if isinstance(q.subject, ox.NamedNode)}, key=lambda t: t.value)
    for subject in subjects:
        local = _local(subject)
        if not local:
            continue
        onto.labels[local] = reader.text(subject, RDFS + "label")
        if OWL + "Class" in reader.types(subject):
            onto.classes[local] = reader.ont_class(subject, local)
    for subject in subjects:
        local = _local(subject)
        if not local:
            continue
        kinds = reader.types(subject)
        if kinds & _PROPERTY_KINDS:
            onto.properties[local] = reader.ont_property(subject, local, onto, path)
        for class_name, cls in onto.classes.items():
            if cls.iri in kinds and not onto.is_a(class_name, "Thing"):
                onto.enums[class_name] = tuple(sorted(set(onto.enums.get(class_name, ())) | {local}))
    for t in triples:
        if (t.predicate.value == RDF + "type" and t.object.value in _PROPERTY_KINDS
                and (local := _local(t.subject)) in onto.properties):
            onto.declared_order.setdefault(local, len(onto.declared_order))
    return onto


_PROPERTY_KINDS = {OWL + "ObjectProperty", OWL + "DatatypeProperty"}


class _Reader:
    """Reads the terms of one parsed ontology (a helper of :func:`load_ontology`)."""

    def __init__(self, store: ox.Store):
        self.store = store

    def objects(self, subject: ox.NamedNode, predicate: str) -> list:
        return [q.object for q in self.store.quads_for_pattern(subject, ox.NamedNode(predicate), None)]

    def text(self, subject: ox.NamedNode, predicate: str) -> str:
        values = self.objects(subject, predicate)
        return values[0].value if values else ""

    def names(self, subject: ox.NamedNode, predicate: str) -> tuple[str, ...]:
        """The kg local names ``subject`` points to with ``predicate``, sorted."""
        return tuple(sorted(n for o in self.objects(subject, predicate) if isinstance(o, ox.NamedNode) and (n := _local(o))))

    def types(self, subject: ox.NamedNode) -> set[str]:
        return {o.value for o in self.objects(subject, RDF + "type")}

    def ont_class(self, subject: ox.NamedNode, local: str) -> OntClass:
        return OntClass(
            local, subject.value, self.text(subject, RDFS + "label"), self.text(subject, RDFS + "comment"),
            self.names(subject, RDFS + "subClassOf"), self.text(subject, NS + "section") or None,
            required=self.names(subject, NS + "requiredProperty"),
            section_default=self.text(subject, NS + "sectionDefault") == "true",
            date_property=self.text(subject, NS + "dateProperty").removeprefix(NS) or None,
        )

    def ont_property(self, subject: ox.NamedNode, local: str, onto: Ontology, path: Path) -> OntProperty:
        range_iri = self.text(subject, RDFS + "range")
        range_local = _local(ox.NamedNode(range_iri)) if range_iri else None
        # kg:valueKind first: it names kinds no OWL 2 datatype describes (dates, Wikidata items).
        if value_kind := self.text(subject, NS + "valueKind"):
            kind = rng = value_kind
        elif range_iri in _DATATYPE_KINDS:
            kind = rng = _DATATYPE_KINDS[range_iri]
        elif range_local in onto.classes and onto.is_a(range_local, "Thing"):
            kind, rng = "ref", range_local
        elif range_local in onto.classes:
            kind, rng = "enum", range_local
        else:
            raise ValueError(f"{path}: property {local} has a range kg cannot read: {range_iri}")
        return OntProperty(
            local, subject.value, self.text(subject, RDFS + "label"), self.text(subject, RDFS + "comment"),
            _local(ox.NamedNode(self.text(subject, RDFS + "domain"))) or "Thing", rng, kind,
            OWL + "FunctionalProperty" in self.types(subject), self.text(subject, NS + "derived") == "true",
            range_iri=range_iri,
        )


@cache
def ontology_quads(path: Path = ONTOLOGY_PATH) -> tuple[ox.Triple, ...]:
    """The ontology's triples, for including it in the built graph."""
    return tuple(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))


def a_or_an(word: str) -> str:
    """``word`` with its indefinite article, for messages naming a class or a kind of
    value: "a Regulator", "an Agent", "an integer"."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


@cache
def family(name: str) -> frozenset[str]:
    """The classes an event of class ``name`` is compared by (its *family*): its ancestor right below
    ``DisputeAction`` or ``Event`` (``Ban`` and ``ExportControl`` are ``Restriction``s, ``Fine`` a
    ``Penalty``), except that each kind of ``Statement`` (``Accusation``, ``Protest``, ``Denial``) is its
    own family; a class with two such ancestors (``Indictment``) has both. Anything else (a plain relation's
    predicate) is its own family."""
    onto = load_ontology()
    if name not in onto.classes:
        return frozenset({name})
    found = set()
    for c in onto.ancestors(name):
        parents = set(onto.classes[c].parents)
        if c not in ("DisputeAction", "Statement") and parents & {"DisputeAction", "Event", "Statement"}:
            found.add(c)
    return frozenset(found or {name})
