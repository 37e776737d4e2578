"""The outputs laid out by fact file, so that a build remakes only what a changed file made.

Each fact file's claims make one :class:`Chunk`: its part of ``graph.trig`` (its claim
graphs, then one ``graph:provenance`` block with their provenance — TriG lets a graph's
block repeat; the block's inside is also what the store's default graph loads of it), its part of ``graph.ttl`` (its triples), and what the summary and the page
need of it. A chunk depends on the file's bytes, on kg's code and on one thing from other
files: the classes of the subjects it dates (``kg:sortDate``, see
:func:`kg.build.claims.sort_date_claims`). Chunks are kept in ``out/.kg-cache/chunk/``
(:mod:`kg.inputs.cache`), so a build after a one-file change remakes one chunk and writes
the outputs from the kept ones.

The outputs, in this order (the one home of their layout):

- ``graph.trig``: the prefixes; each fact file's chunk, files sorted by path; the chunk of
  the claims extracted from documents; then the sources' descriptions (in the provenance
  graph), the ontology and the conflicts.
- ``graph.ttl``: the prefixes; each chunk's triples that no earlier chunk stated; the
  ontology's triples that no chunk stated.

The same inputs give the same bytes whether a chunk was made now or kept.
"""

from __future__ import annotations

import hashlib
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from kg.build.claims import TYPE, Claim, Terms, claim_quads, sort_date_claims
from kg.build.projection import claim_row
from kg.inputs.cache import tool_digest
from kg.model.ontology import NS, load_ontology

KIND = "chunk"  # the cache folder of chunks (kg.inputs.cache.FileCache)


@cache
def code_digest() -> bytes:
    """A digest of the code that makes chunks (``kg/build``) and reads inputs: a chunk made
    by another version of kg is never used."""
    digest = hashlib.sha256(tool_digest())
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.digest()


def chunk_key(file_key: str, base: str) -> str:
    """Where the chunk of a fact file with content key ``file_key`` is kept, for ``base``."""
    return hashlib.sha256(code_digest() + base.encode() + b"\0" + file_key.encode()).hexdigest()


def serialise_rdf(items, format: ox.RdfFormat, prefixes: dict[str, str]) -> bytes:
    """Serialise with pyoxigraph, with the ``@prefix`` lines in a fixed order (pyoxigraph
    writes them in hash order, which would make equal builds differ)."""
    head, body = _split(ox.serialize(items, format=format, prefixes=prefixes))
    return head + body


def _split(data: bytes) -> tuple[bytes, bytes]:
    """The sorted ``@prefix`` lines of a serialisation, and the rest."""
    lines = data.split(b"\n")
    head = 0
    while head < len(lines) and lines[head].startswith(b"@prefix "):
        head += 1
    return b"".join(line + b"\n" for line in sorted(lines[:head])), b"\n".join(lines[head:])


def _body(items, format: ox.RdfFormat, prefixes: dict[str, str]) -> bytes:
    return _split(ox.serialize(items, format=format, prefixes=prefixes))[1]


def header(prefixes: dict[str, str]) -> bytes:
    """The ``@prefix`` lines every output starts with."""
    probe = ox.Triple(ox.NamedNode(NS + "x"), ox.NamedNode(NS + "x"), ox.NamedNode(NS + "x"))
    return _split(ox.serialize([probe], format=ox.RdfFormat.TURTLE, prefixes=prefixes))[0]


def triple_digest(triple: ox.Triple) -> int:
    """A 64-bit digest of a triple: chunks count the distinct triples of the build by them."""
    return int.from_bytes(hashlib.blake2b(str(triple).encode(), digest_size=8).digest(), "big")


@cache
def _date_properties() -> frozenset[str]:
    """Every property that dates an event of some class (``kg:dateProperty``)."""
    onto = load_ontology()
    return frozenset(NS + prop for name in onto.classes if (prop := onto.date_property(name)))


@dataclass
class Chunk:
    """What one fact file (or the extracted claims) adds to a build."""

    graphs: tuple[str, ...]  # its claim graphs, in order
    named: bytes  # its claim graphs as TriG, without the prefixes
    prov: bytes  # their provenance as Turtle (the inside of a graph:provenance block), without the prefixes
    ttl: bytes  # its triples as Turtle, without the prefixes
    digests: bytes  # the digests of those triples (array "Q"), in order
    claims: int
    origins: dict[str, int]
    types: dict[str, tuple[str, ...]]  # subject IRI → the classes its type claims give (local names)
    rows: list  # what the page reads of each claim (kg.build.projection.statement_rows)
    described: tuple = ()  # the sources it describes (kg.build.claims.described_sources)
    depends: str = ""  # digest of the other files' facts it was made with: the classes of what it dates
    dated: frozenset[str] = frozenset()  # the subjects it states a date of

    def digest_list(self) -> array:
        values = array("Q")
        values.frombytes(self.digests)
        return values

    def trig(self, provenance: str) -> bytes:
        """Its part of ``graph.trig``: its claim graphs, then a block of the graph
        ``provenance`` with theirs."""
        return self.named + (b"<%s> {\n%s}\n" % (provenance.encode(), self.prov) if self.prov else b"")

    def quads(self, head: bytes, provenance: str) -> list[ox.Quad]:
        """Its claim and provenance quads, read back."""
        return list(ox.parse(head + self.trig(provenance), format=ox.RdfFormat.TRIG))


def class_types(claims: Iterable[Claim]) -> dict[str, tuple[str, ...]]:
    """Subject IRI → the ontology classes its type claims give, in order."""
    onto = load_ontology()
    types: dict[str, dict[str, None]] = {}
    for c in claims:
        if c.predicate == TYPE and c.object.value.startswith(NS) and (name := c.object.value[len(NS):]) in onto.classes:
            types.setdefault(c.subject.value, {})[name] = None
    return {s: tuple(names) for s, names in types.items()}


def dated_by(types: Iterable[dict[str, tuple[str, ...]]]) -> dict[str, frozenset[str]]:
    """Subject IRI → the date properties of its classes (``kg:dateProperty``), from the
    ``types`` of every chunk."""
    onto = load_ontology()
    date_of: dict[str, set[str]] = {}
    for part in types:
        for subject, names in part.items():
            for name in names:
                if prop := onto.date_property(name):
                    date_of.setdefault(subject, set()).add(NS + prop)
    return {s: frozenset(props) for s, props in date_of.items()}


def depends(dated: Iterable[str], date_of: dict[str, frozenset[str]]) -> str:
    """The digest of what a chunk dating ``dated`` takes from other files."""
    parts = sorted(f"{s}\x1f{' '.join(sorted(date_of[s]))}" for s in dated if s in date_of)
    return hashlib.sha256("\x1e".join(parts).encode()).hexdigest()


def make_chunk(claims: list[Claim], described: tuple, date_of: dict[str, frozenset[str]], terms: Terms,
               prefixes: dict[str, str]) -> Chunk:
    """The chunk of ``claims`` (one file's, in order), with their ``kg:sortDate`` claims."""
    claims = list(dict.fromkeys(claims))  # a record citing the same source twice says it once
    dated = frozenset(c.subject.value for c in claims if c.predicate.value in _date_properties())
    claims = list(dict.fromkeys(claims + sort_date_claims(claims, terms, date_of)))
    quads, nodes = claim_quads(claims, terms)
    graphs = [g.value for g in nodes]
    triples = list(dict.fromkeys(ox.Triple(c.subject, c.predicate, c.object) for c in claims))
    provenance = [ox.Triple(q.subject, q.predicate, q.object) for q in quads[len(claims):]]
    return Chunk(
        graphs=tuple(graphs),
        named=_body(quads[:len(claims)], ox.RdfFormat.TRIG, prefixes),
        prov=_body(provenance, ox.RdfFormat.TURTLE, prefixes),
        ttl=_body(triples, ox.RdfFormat.TURTLE, prefixes),
        digests=array("Q", map(triple_digest, triples)).tobytes(),
        claims=len(claims),
        origins=dict(sorted(Counter(c.origin for c in claims).items())),
        types=class_types(claims),
        rows=[claim_row(c, g) for c, g in zip(claims, graphs, strict=True)],
        described=described,
        depends=depends(dated, date_of),
        dated=dated,
    )


def ttl_of(head: bytes, chunks: list[Chunk], ontology: tuple[ox.Triple, ...], prefixes: dict[str, str]) -> list[bytes]:
    """The parts of ``graph.ttl`` after the prefixes: each chunk's triples that no earlier
    chunk stated, then the ontology's not stated before."""
    seen: set[int] = set()
    parts = []
    for chunk in chunks:
        digests = chunk.digest_list()
        if seen.isdisjoint(digests):
            parts.append(chunk.ttl)
        else:  # a triple another file stated first: write this chunk's others only
            triples = [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(head + chunk.ttl, format=ox.RdfFormat.TURTLE)]
            parts.append(_body([t for t in triples if triple_digest(t) not in seen], ox.RdfFormat.TURTLE, prefixes))
        seen.update(digests)
    parts.append(_body([t for t in ontology if triple_digest(t) not in seen], ox.RdfFormat.TURTLE, prefixes))
    return parts


def pieces(head: bytes, parts: list[bytes], size: int) -> list[bytes]:
    """``parts`` (of one serialisation, without prefixes) gathered into documents of about
    ``size`` bytes, each with the prefixes: what the store loads one at a time (the engine's
    bulk loader holds what one call gives it in memory)."""
    found, group, length = [], [], 0
    for part in parts:
        if group and length + len(part) > size:
            found.append(head + b"".join(group))
            group, length = [], 0
        group.append(part)
        length += len(part)
    if group:
        found.append(head + b"".join(group))
    return found
