"""Records and extracted proposals → one RDF dataset with per-claim provenance.

Every asserted triple lives in a named graph of its own (nanopublication style), one
per (triple, source): ``<claim/…> { <id/ibm> a kg:Vendor }``. The graph's IRI is the
subject of its provenance, kept in the graph ``<graph/provenance>``::

    <claim/…> a kg:Claim ; prov:wasDerivedFrom <source/scmp-2014-ibm-servers> ;
        kg:quote "…" ; kg:origin kg:curated ; kg:certainty kg:reported ;
        kg:sourceFile "facts/entities/companies.yaml" ; kg:sourceLine 7 .

The provenance of any triple, in SPARQL::

    SELECT ?g ?source ?quote ?file ?line WHERE {
      GRAPH ?g { <s> <p> <o> }
      GRAPH <…/graph/provenance> { ?g prov:wasDerivedFrom ?source .
        OPTIONAL { ?g kg:quote ?quote } OPTIONAL { ?g kg:sourceFile ?file ; kg:sourceLine ?line } }
    }

Outputs (``out/``): ``graph.trig`` (all named graphs, provenance and the ontology),
``graph.ttl`` (the union of claims plus the ontology) and ``build.json`` (counts,
warnings, conflicts). The same inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, replace

import pyoxigraph as ox

from kg.inputs.documents import Document
from kg.inputs.facts import FactSet, SourceRef
from kg.model.iris import Base
from kg.model.ontology import NS, PROV, RDF, XSD, load_ontology, ontology_quads
from kg.model.values import kind_of

TYPE = ox.NamedNode(RDF + "type")


@dataclass(frozen=True, slots=True)
class Claim:
    """One triple as one source states it, with where it came from."""

    subject: ox.NamedNode
    predicate: ox.NamedNode
    object: ox.NamedNode | ox.Literal
    source: ox.NamedNode
    origin: str = "curated"
    certainty: str = "reported"
    quote: str | None = None
    file: str | None = None
    line: int | None = None
    confidence: float | None = None
    method: str | None = None
    evidence: tuple[int, int] | None = None

    def key(self) -> tuple:
        return (self.subject, self.predicate, self.object)

    def graph(self, base: Base) -> ox.NamedNode:
        """The claim's named graph: a digest of everything its provenance says, so equal
        IRIs mean equal provenance (a build updates its store by comparing graph names)."""
        parts = [str(self.subject), str(self.predicate), str(self.object), str(self.source), self.origin,
                 self.file or "", str(self.line or ""), self.quote or "", self.method or "", str(self.evidence or ""),
                 self.certainty, "" if self.confidence is None else f"{self.confidence:.3f}"]
        digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]
        return ox.NamedNode(base.claim(digest))


class Terms:
    """Turns ids and values from fact files into RDF terms under one base IRI."""

    def __init__(self, base: str):
        self.base = base
        self.iris = Base(base)
        self.onto = load_ontology()
        self._entities: dict[str, ox.NamedNode] = {}
        self._kg: dict[str, ox.NamedNode] = {}

    def entity(self, ident: str) -> ox.NamedNode:
        node = self._entities.get(ident)
        if node is None:
            node = self._entities[ident] = ox.NamedNode(self.iris.entity(ident))
        return node

    def source(self, ident: str) -> ox.NamedNode:
        return ox.NamedNode(self.iris.source(ident))

    def graph(self, name: str) -> ox.NamedNode:
        return ox.NamedNode(self.iris.graph(name))

    def kg(self, local: str) -> ox.NamedNode:
        node = self._kg.get(local)
        if node is None:
            node = self._kg[local] = ox.NamedNode(NS + local)
        return node

    def value(self, prop_name: str, text: str) -> ox.NamedNode | ox.Literal:
        """The RDF term of a value of ``prop_name``: an entity's IRI for an id, a ``kg:``
        IRI for an enumeration member, else the literal of the value's kind (kg.model.values)."""
        prop = self.onto.properties[prop_name]
        if prop.kind == "ref":
            return self.entity(text)
        if prop.kind == "enum":
            return self.kg(text)
        return kind_of(prop).rdf(text)


def check_base(base: str) -> None:
    """Refuse a base IRI that would not make valid IRIs of ids (see :meth:`Base.check`)."""
    Base(base).check()


def web_source_id(ref: SourceRef) -> str:
    """A stable id for a source cited inline by URL."""
    return "web-" + hashlib.sha256(ref.url.encode()).hexdigest()[:16]


def curated_claims(facts: FactSet, terms: Terms) -> list[Claim]:
    """Every triple the records state, once per source they cite."""
    return record_claims(facts.records, terms)


def record_claims(records: Iterable, terms: Terms) -> list[Claim]:
    """:func:`curated_claims` of some records (one file's)."""
    claims: list[Claim] = []
    for record in records:
        if record.section == "sources" or not record.sources:
            continue  # a record cites what it states: without a source it states nothing
        if record.section == "claims":
            subject = terms.entity(record.subject.text)
        else:
            subject = terms.entity(record.id)
        triples: list[tuple[ox.NamedNode, ox.NamedNode | ox.Literal, int]] = []
        if record.section != "claims":
            triples.append((TYPE, terms.kg(record.type), record.type_line))
        for name, values in record.fields.items():
            predicate = terms.kg(name)
            for value in values:
                triples.append((predicate, terms.value(name, value.text), value.line))
        if record.parent is not None:
            triples.append((terms.kg("partOfDispute"), terms.entity(record.parent), record.line))
            triples.append((terms.kg("sequence"), terms.value("sequence", str(record.sequence)), record.line))
        for ref in record.sources:
            source = terms.source(ref.doc if ref.doc else web_source_id(ref))
            for predicate, obj, line in triples:
                claims.append(Claim(subject, predicate, obj, source, "curated", record.certainty, ref.quote, record.path, line,
                                    confidence=record.confidence))
    return claims


def described_sources(records) -> tuple:
    """The sources ``records`` describe, in order: ``(declared, id, fields)`` for each record
    of ``sources:`` (declared) and each source cited inline by URL."""
    found = []
    for record in records:
        if record.section == "sources":
            found.append((True, record.id, {k: v[0].text for k, v in record.fields.items()}))
        for ref in record.sources:
            if ref.doc is None and ref.url:
                found.append((False, web_source_id(ref), {"title": ref.title, "publisher": ref.publisher,
                                                          "published": ref.published, "language": ref.language, "url": ref.url}))
    return tuple(found)


def source_quads(docs: dict[str, Document], described: Iterable[tuple], terms: Terms, graph: ox.NamedNode) -> list[ox.Quad]:
    """Descriptions of the cited documents: seeds, then what fact files describe
    (:func:`described_sources`, in file order): a declared source's own fields, an inline
    web source's where no earlier one described it."""
    found: dict[str, dict[str, str]] = {}
    for doc in docs.values():
        found[doc.id] = {"title": doc.title, "publisher": doc.publisher, "published": doc.published,
                         "language": doc.language, "url": doc.url}
    for declared, ident, values in described:
        if declared:
            found[ident] = values
        else:
            found.setdefault(ident, values)
    quads = []
    for ident, values in found.items():
        node = terms.source(ident)
        quads.append(ox.Quad(node, TYPE, terms.kg("Document"), graph))
        for key, text in values.items():
            if text:
                quads.append(ox.Quad(node, terms.kg(key), terms.value(key, text), graph))
    return quads


class _Provenance:
    """Makes the provenance quads of claims, reusing the terms many claims share."""

    def __init__(self, terms: Terms, graph: ox.NamedNode):
        self.terms = terms
        self.graph = graph
        kg = terms.kg
        self.claim_class, self.derived = kg("Claim"), ox.NamedNode(PROV + "wasDerivedFrom")
        self.origin, self.certainty, self.quote = kg("origin"), kg("certainty"), kg("quote")
        self.file, self.line = kg("sourceFile"), kg("sourceLine")
        self.literals: dict[tuple[str, str], ox.Literal] = {}

    def literal(self, prop: str, text: str) -> ox.Literal:
        key = (prop, text)
        value = self.literals.get(key)
        if value is None:
            value = self.literals[key] = self.terms.value(prop, text)
        return value

    def quads(self, claim: Claim, g: ox.NamedNode) -> list[ox.Quad]:
        graph, terms = self.graph, self.terms
        q = [
            ox.Quad(g, TYPE, self.claim_class, graph),
            ox.Quad(g, self.derived, claim.source, graph),
            ox.Quad(g, self.origin, terms.kg(claim.origin), graph),
            ox.Quad(g, self.certainty, terms.kg(claim.certainty), graph),
        ]
        if claim.quote:
            q.append(ox.Quad(g, self.quote, self.literal("quote", claim.quote), graph))
        if claim.file:
            q.append(ox.Quad(g, self.file, self.literal("sourceFile", claim.file), graph))
            q.append(ox.Quad(g, self.line, self.literal("sourceLine", str(claim.line)), graph))
        if claim.confidence is not None:
            q.append(ox.Quad(g, terms.kg("confidence"), self.literal("confidence", f"{claim.confidence:.3f}"), graph))
        if claim.method:
            q.append(ox.Quad(g, terms.kg("method"), self.literal("method", claim.method), graph))
        if claim.evidence:
            q.append(ox.Quad(g, terms.kg("evidenceStart"), self.literal("evidenceStart", str(claim.evidence[0])), graph))
            q.append(ox.Quad(g, terms.kg("evidenceEnd"), self.literal("evidenceEnd", str(claim.evidence[1])), graph))
        return q


def union_of(claims: list[Claim]) -> list[ox.Triple]:
    """The union graph: each claimed triple once, in input order, then the ontology."""
    union = dict.fromkeys(ox.Triple(c.subject, c.predicate, c.object) for c in claims)
    union.update(dict.fromkeys(ontology_quads()))
    return list(union)


def claim_quads(claims: list[Claim], terms: Terms) -> tuple[list[ox.Quad], list[ox.NamedNode]]:
    """The quads of ``claims`` — each in its own graph, then their provenance, in the
    provenance graph — and the claims' graphs, in order."""
    maker = _Provenance(terms, terms.graph("provenance"))
    asserted: list[ox.Quad] = []
    provenance: list[ox.Quad] = []
    graphs = []
    for claim in claims:
        g = claim.graph(terms.iris)
        asserted.append(ox.Quad(claim.subject, claim.predicate, claim.object, g))
        provenance.extend(maker.quads(claim, g))
        graphs.append(g)
    return asserted + provenance, graphs


def assemble(claims: list[Claim], facts: FactSet, docs: dict[str, Document], terms: Terms) -> tuple[list[ox.Quad], list[ox.Triple]]:
    """All quads of a dataset of ``claims`` (the sources ``facts`` and ``docs`` describe and
    the ontology included), and its union graph's triples."""
    claims = list(dict.fromkeys(claims))
    quads, _ = claim_quads(claims, terms)
    quads.extend(source_quads(docs, described_sources(facts.records), terms, terms.graph("provenance")))
    ontology_graph = terms.graph("ontology")
    quads.extend(ox.Quad(t.subject, t.predicate, t.object, ontology_graph) for t in ontology_quads())
    return quads, union_of(claims)


def sort_date_claims(claims: list[Claim], terms: Terms, date_of: dict[str, frozenset[str]]) -> list[Claim]:
    """``kg:sortDate`` beside each event's date (derived, see kg.ttl): the first day its
    ``kg:dateProperty`` value can mean, as an ``xsd:date``, stated by the same source as
    the date, so every event sorts by one property whatever its kind and precision.
    ``date_of``: subject IRI → the date properties of its classes, which other files may
    state (:func:`kg.build.chunks.dated_by`)."""
    sort_date = terms.kg("sortDate")
    derived = []
    for c in claims:
        if c.predicate.value in date_of.get(c.subject.value, ()) and isinstance(c.object, ox.Literal):
            parts = c.object.value.split("-")
            if 1 <= len(parts) <= 3 and all(p.isdigit() for p in parts):
                first = "-".join(parts + ["01"] * (3 - len(parts)))
                derived.append(replace(c, predicate=sort_date, object=ox.Literal(first, datatype=ox.NamedNode(XSD + "date"))))
    return derived


def conflict_quads(conflicts: list[dict], terms: Terms) -> list[ox.Quad]:
    """The build's conflicts (see :func:`kg.build.proposals.merge`) in their own graph
    ``<base>graph/conflicts``, each a ``kg:Conflict``: the dropped extracted claim as an
    ``rdf:Statement`` (not asserted), the curated values it contradicts, its source, evidence
    and method. ``kg query conflicts`` reads them."""
    graph = ox.NamedNode(terms.iris.conflicts)
    kg = terms.kg
    quads = []
    for conflict in conflicts:
        subject, predicate = ox.NamedNode(conflict["subject"]), ox.NamedNode(conflict["predicate"])
        parts = [conflict["subject"], conflict["predicate"], str(conflict["extracted"]), conflict["source"],
                 conflict.get("method") or "", conflict.get("evidence") or ""]
        node = ox.NamedNode(terms.iris.conflict(hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]))
        q = [ox.Quad(node, TYPE, kg("Conflict"), graph),
             ox.Quad(node, ox.NamedNode(RDF + "subject"), subject, graph),
             ox.Quad(node, ox.NamedNode(RDF + "predicate"), predicate, graph),
             ox.Quad(node, ox.NamedNode(RDF + "object"), _conflict_term(predicate, conflict["extracted"], terms), graph),
             ox.Quad(node, ox.NamedNode(PROV + "wasDerivedFrom"), ox.NamedNode(conflict["source"]), graph)]
        q += [ox.Quad(node, kg("curatedValue"), _conflict_term(predicate, v, terms), graph) for v in conflict["curated"]]
        if conflict.get("evidence"):
            q.append(ox.Quad(node, kg("quote"), ox.Literal(conflict["evidence"]), graph))
        if conflict.get("method"):
            q.append(ox.Quad(node, kg("method"), ox.Literal(conflict["method"]), graph))
        quads.extend(q)
    return quads


def _conflict_term(predicate: ox.NamedNode, value, terms: Terms) -> ox.NamedNode | ox.Literal:
    """A value of a conflict as the RDF term the claim had: merge reports IRIs and lexical forms."""
    if isinstance(value, ox.NamedNode | ox.Literal):
        return value
    local = predicate.value[len(NS):] if predicate.value.startswith(NS) else None
    prop = terms.onto.properties.get(local) if local else None
    if predicate == TYPE or prop is None or prop.kind in ("ref", "enum"):
        return ox.NamedNode(value)
    return kind_of(prop).rdf(value)
