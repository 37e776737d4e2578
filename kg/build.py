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
import json
import os
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

from .documents import Document, load_documents
from .errors import InvalidData, KgError
from .ontology import DEFAULT_BASE, NS, PREFIXES, PROV, RDF, XSD, load_ontology, ontology_quads
from .output import locked_output, write_files
from .records import FactSet, SourceRef, load_facts
from .validate import check

TYPE = ox.NamedNode(RDF + "type")
_DATE_TYPES = {1: XSD + "gYear", 2: XSD + "gYearMonth", 3: XSD + "date"}


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

    def graph(self, base: str) -> ox.NamedNode:
        parts = [str(self.subject), str(self.predicate), str(self.object), str(self.source), self.origin,
                 self.file or "", str(self.line or ""), self.quote or "", self.method or "", str(self.evidence or "")]
        digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]
        return ox.NamedNode(f"{base}claim/{digest}")


@dataclass
class Build:
    """What a build made: the quads, and the summary written to ``build.json``."""

    quads: list[ox.Quad]
    union: list[ox.Triple]
    summary: dict
    facts: FactSet
    documents: dict[str, Document]


class Terms:
    """Turns ids and values from fact files into RDF terms under one base IRI."""

    def __init__(self, base: str):
        self.base = base
        self.onto = load_ontology()
        self._entities: dict[str, ox.NamedNode] = {}
        self._kg: dict[str, ox.NamedNode] = {}

    def entity(self, ident: str) -> ox.NamedNode:
        node = self._entities.get(ident)
        if node is None:
            node = self._entities[ident] = ox.NamedNode(f"{self.base}id/{ident}")
        return node

    def source(self, ident: str) -> ox.NamedNode:
        return ox.NamedNode(f"{self.base}source/{ident}")

    def graph(self, name: str) -> ox.NamedNode:
        return ox.NamedNode(f"{self.base}graph/{name}")

    def kg(self, local: str) -> ox.NamedNode:
        node = self._kg.get(local)
        if node is None:
            node = self._kg[local] = ox.NamedNode(NS + local)
        return node

    def value(self, prop_name: str, text: str) -> ox.NamedNode | ox.Literal:
        prop = self.onto.properties[prop_name]
        kind = prop.kind
        if kind == "ref":
            return self.entity(text)
        if kind == "enum":
            return self.kg(text)
        if kind == "date":
            return ox.Literal(text, datatype=ox.NamedNode(_DATE_TYPES[text.count("-") + 1]))
        if kind == "decimal":
            return ox.Literal(format(Decimal(text.replace("_", "")), "f"), datatype=ox.NamedNode(XSD + "decimal"))
        if kind == "integer":
            return ox.Literal(str(int(text)), datatype=ox.NamedNode(XSD + "integer"))
        if kind == "uri":
            return ox.Literal(text, datatype=ox.NamedNode(XSD + "anyURI"))
        return ox.Literal(text)


def check_base(base: str) -> None:
    """Refuse a base IRI that would not make valid IRIs of ids (``--base``, ``KG_BASE_IRI``)."""
    from .documents import URL

    if not URL.match(base) or not base.endswith(("/", "#")):
        raise KgError(f"base IRI '{base}' is not usable — give an http(s) IRI ending in '/' or '#', "
                      f"e.g. {DEFAULT_BASE}")
    try:
        ox.NamedNode(base + "x")
    except ValueError as exc:
        raise KgError(f"base IRI '{base}' is not a valid IRI ({exc}) — e.g. {DEFAULT_BASE}") from None


def web_source_id(ref: SourceRef) -> str:
    """A stable id for a source cited inline by URL."""
    return "web-" + hashlib.sha256(ref.url.encode()).hexdigest()[:16]


def curated_claims(facts: FactSet, terms: Terms) -> list[Claim]:
    """Every triple the records state, once per source they cite."""
    claims: list[Claim] = []
    for record in facts.records:
        if record.section == "sources":
            continue
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


def source_quads(facts: FactSet, docs: dict[str, Document], terms: Terms, graph: ox.NamedNode) -> list[ox.Quad]:
    """Descriptions of the cited documents: seeds, declared sources and inline web sources."""
    described: dict[str, dict[str, str]] = {}
    for doc in docs.values():
        described[doc.id] = {"title": doc.title, "publisher": doc.publisher, "published": doc.published,
                             "language": doc.language, "url": doc.url}
    for record in facts.records:
        if record.section == "sources":
            described[record.id] = {k: v[0].text for k, v in record.fields.items()}
        for ref in record.sources:
            if ref.doc is None and ref.url:
                described.setdefault(web_source_id(ref), {"title": ref.title, "publisher": ref.publisher,
                                                          "published": ref.published, "language": ref.language, "url": ref.url})
    quads = []
    for ident, values in described.items():
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


def merge(curated: list[Claim], extracted: list[Claim]) -> tuple[list[Claim], list[dict], int]:
    """Curated claims win. An extracted claim equal to a curated one is kept as
    corroboration (a second provenance record of the same triple). One that gives a
    one-value property (or a type) another value than curation did is dropped and
    reported as a conflict — unless it only says less: a broader class, or a coarser
    date that the curated one falls in (2014-05 for 2014-05-19), which is dropped quietly."""
    onto = load_ontology()
    curated_triples = {c.key() for c in curated}
    single: dict[tuple, set] = {}
    for c in curated:
        local = c.predicate.value[len(NS):] if c.predicate.value.startswith(NS) else None
        if c.predicate == TYPE or (local in onto.properties and onto.properties[local].functional):
            single.setdefault((c.subject, c.predicate), set()).add(c.object)
    kept, conflicts, corroborated = list(curated), [], set()
    for c in extracted:
        if c.key() in curated_triples:
            corroborated.add(c.key())
            kept.append(c)
            continue
        values = single.get((c.subject, c.predicate))
        if values is not None and c.object not in values:
            if any(_says_less(c.predicate, c.object, v, onto) for v in values):
                continue
            conflicts.append({
                "subject": c.subject.value, "predicate": c.predicate.value,
                "curated": sorted(v.value for v in values), "extracted": c.object.value,
                "source": c.source.value, "evidence": c.quote, "method": c.method,
            })
            continue
        kept.append(c)
    return kept, conflicts, len(corroborated)


def _says_less(predicate: ox.NamedNode, extracted, curated, onto) -> bool:
    """True when the extracted value is a broader class or a coarser date than the curated one."""
    if predicate == TYPE:
        return (extracted.value.startswith(NS) and curated.value.startswith(NS)
                and onto.is_a(curated.value[len(NS):], extracted.value[len(NS):]))
    if isinstance(extracted, ox.Literal) and isinstance(curated, ox.Literal) and extracted.datatype.value.startswith(XSD + "g"):
        return curated.value.startswith(extracted.value)
    return False


def union_of(claims: list[Claim]) -> list[ox.Triple]:
    """The union graph: each claimed triple once, in input order, then the ontology."""
    union = dict.fromkeys(ox.Triple(c.subject, c.predicate, c.object) for c in claims)
    union.update(dict.fromkeys(ontology_quads()))
    return list(union)


def assemble(claims: list[Claim], facts: FactSet, docs: dict[str, Document], terms: Terms) -> tuple[list[ox.Quad], list[ox.Triple]]:
    """All quads of the dataset, and the union graph's triples.

    The order is the order of the inputs (files sorted by path, records in file order):
    claim graphs first, then the provenance graph, then the ontology. That makes equal
    inputs give equal bytes without sorting millions of quads."""
    prov = terms.graph("provenance")
    maker = _Provenance(terms, prov)
    quads: list[ox.Quad] = []
    provenance: list[ox.Quad] = []
    for claim in dict.fromkeys(claims):  # a record citing the same source twice says it once
        g = claim.graph(terms.base)
        quads.append(ox.Quad(claim.subject, claim.predicate, claim.object, g))
        provenance.extend(maker.quads(claim, g))
    quads.extend(provenance)
    quads.extend(source_quads(facts, docs, terms, prov))
    ontology_graph = terms.graph("ontology")
    quads.extend(ox.Quad(t.subject, t.predicate, t.object, ontology_graph) for t in ontology_quads())
    return quads, union_of(claims)


def build_date(facts_dir: Path) -> str | None:
    """The date the inputs are "as of": SOURCE_DATE_EPOCH when set, else the date of
    the last commit in the facts folder's repository (so rebuilding gives the same bytes)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).strftime("%Y-%m-%d")
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%cs"], cwd=facts_dir if facts_dir.is_dir() else facts_dir.parent,
                             capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def load_inputs(facts_dir: Path, seeds_dir: Path, root: Path | None = None) -> tuple[FactSet, dict[str, Document]]:
    """Read and check all fact files and documents; raise :class:`InvalidData` with every problem."""
    docs, doc_problems = load_documents(seeds_dir, root)
    facts = load_facts([facts_dir], root)
    facts.problems.extend(doc_problems)
    check(facts, docs)
    if facts.problems:
        raise InvalidData(facts.problems)
    return facts, docs


def build_graph(facts_dir: Path, seeds_dir: Path, *, base: str = DEFAULT_BASE, extract: bool = True,
                root: Path | None = None) -> Build:
    """Validate the inputs and make the dataset in memory; nothing is written."""
    check_base(base)
    facts, docs = load_inputs(facts_dir, seeds_dir, root)
    terms = Terms(base)
    curated = curated_claims(facts, terms)
    extracted: list[Claim] = []
    warnings: list[str] = []
    if extract and docs:
        from .merge import extracted_claims

        extracted, warnings = extracted_claims(list(docs.values()), facts, terms)
    claims, conflicts, corroborated = merge(curated, extracted)
    claims = list(dict.fromkeys(claims))  # equal claims share one named graph
    quads, union = assemble(claims, facts, docs, terms)
    summary = summarise(claims, union, facts, docs, terms, conflicts, corroborated, warnings, facts_dir)
    return Build(quads, union, summary, facts, docs)


def summarise(claims, union, facts, docs, terms, conflicts, corroborated, warnings, facts_dir) -> dict:
    prefix = terms.base + "id/"
    typed: dict = {}
    for c in claims:
        if c.predicate == TYPE and c.subject.value.startswith(prefix) and c.object.value.startswith(NS):
            typed.setdefault(c.subject, set()).add(c.object.value[len(NS):])
    by_class: dict[str, int] = {}
    for classes in typed.values():
        for name in classes:
            by_class[name] = by_class.get(name, 0) + 1
    by_origin: dict[str, int] = {}
    for c in claims:
        by_origin[c.origin] = by_origin.get(c.origin, 0) + 1
    extracted_only = {c.key() for c in claims if c.origin == "extracted"} - {c.key() for c in claims if c.origin == "curated"}
    return {
        "name": "kg — technology vendors, regulators, banks, reviews and disputes",
        "base_iri": terms.base,
        "build_date": build_date(facts_dir),
        "counts": {
            "triples": len(union),
            "claims": len(claims),
            "entities": len(typed),
            "by_class": dict(sorted(by_class.items())),
            "claims_by_origin": dict(sorted(by_origin.items())),
            "extracted_only_triples": len(extracted_only),
            "corroborated_triples": corroborated,
            "conflicts": len(conflicts),
        },
        "inputs": {"fact_files": len(facts.files), "documents": sorted(docs)},
        "conflicts": conflicts,
        "warnings": sorted(warnings),
    }


def serialise_rdf(items, format: ox.RdfFormat, prefixes: dict[str, str]) -> bytes:
    """Serialise with pyoxigraph, with the ``@prefix`` lines in a fixed order (pyoxigraph
    writes them in hash order, which would make equal builds differ)."""
    data = ox.serialize(items, format=format, prefixes=prefixes)
    lines = data.split(b"\n")
    head = 0
    while head < len(lines) and lines[head].startswith(b"@prefix "):
        head += 1
    return b"\n".join(sorted(lines[:head]) + lines[head:])


def serialise(build: Build) -> dict[str, bytes]:
    """The output files' bytes, by file name."""
    prefixes = dict(PREFIXES, id=build.summary["base_iri"] + "id/", claim=build.summary["base_iri"] + "claim/",
                    source=build.summary["base_iri"] + "source/")
    return {
        "graph.trig": serialise_rdf(build.quads, ox.RdfFormat.TRIG, prefixes),
        "graph.ttl": serialise_rdf(build.union, ox.RdfFormat.TURTLE, prefixes),
        "build.json": (json.dumps(build.summary, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode(),
    }


def write_build(build: Build, out_dir: Path, extra: dict[str, bytes] | None = None) -> list[Path]:
    """Write the outputs under the build lock, all or none (see :func:`kg.output.write_files`),
    then the query store; returns the paths written."""
    from .store import write_store

    files = serialise(build)
    files.update(extra or {})
    with locked_output(out_dir):
        written = write_files(out_dir, files)
        written.append(write_store(build.quads, out_dir))
    return written


@dataclass
class BuildResult:
    summary: dict
    written: list[Path]


def run_build(facts_dir: Path, seeds_dir: Path, out_dir: Path, *, base: str = DEFAULT_BASE, extract: bool = True,
              root: Path | None = None) -> BuildResult:
    """``kg build``: validate, make the dataset, render the page, write everything atomically."""
    import gc

    # A build makes millions of small acyclic objects; the cycle collector would walk them
    # all again and again (a third of the time of a large build) and find nothing.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _run_build(facts_dir, seeds_dir, out_dir, base=base, extract=extract, root=root)
    finally:
        if enabled:
            gc.enable()


def _run_build(facts_dir: Path, seeds_dir: Path, out_dir: Path, *, base: str, extract: bool,
               root: Path | None) -> BuildResult:
    from .page import render_page

    build = build_graph(facts_dir, seeds_dir, base=base, extract=extract, root=root)
    written = write_build(build, out_dir, {"graph.html": render_page(build.quads, build.summary)})
    return BuildResult(build.summary, written)
