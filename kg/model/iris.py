"""The IRI scheme: everything a build names sits under one base IRI.

    <base>id/<slug>        an entity, review, dispute or action (its id in the fact files)
    <base>claim/<hash>     a claim: the named graph holding one asserted triple
    <base>source/<id>      a source document (a seed article, a declared or inline web source)
    <base>graph/<name>     the build's own graphs: provenance, ontology, inferred, conflicts
    <base>graph/conflicts/<hash>  one conflict between an extracted and a curated claim

This module is the one place that spells those paths; everything else asks a :class:`Base`.
"""

from __future__ import annotations

from functools import cached_property

from kg.model.errors import KgError

# Where the graph names its entities, claims and sources unless told otherwise (--base).
DEFAULT_BASE = "https://example.org/kg/"

ENTITY, CLAIM, SOURCE, GRAPH = "id/", "claim/", "source/", "graph/"


class Base:
    """A base IRI and the IRIs made under it (see the module docstring)."""

    def __init__(self, iri: str = DEFAULT_BASE):
        self.iri = iri

    def __repr__(self) -> str:
        return f"Base({self.iri!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Base) and other.iri == self.iri

    def __hash__(self) -> int:
        return hash(self.iri)

    def check(self) -> Base:
        """Refuse a base that would not make valid IRIs of ids (``--base``, ``KG_BASE_IRI``)."""
        import pyoxigraph as ox

        if not self.iri.startswith(("http://", "https://")) or not self.iri.endswith(("/", "#")) or " " in self.iri:
            raise KgError(f"base IRI '{self.iri}' is not usable — give an http(s) IRI ending in '/' or '#', "
                          f"e.g. {DEFAULT_BASE}")
        try:
            ox.NamedNode(self.iri + "x")
        except ValueError as exc:
            raise KgError(f"base IRI '{self.iri}' is not a valid IRI ({exc}) — e.g. {DEFAULT_BASE}") from None
        return self

    def entity(self, ident: str) -> str:
        return f"{self.iri}{ENTITY}{ident}"

    def claim(self, digest: str) -> str:
        return f"{self.iri}{CLAIM}{digest}"

    def source(self, ident: str) -> str:
        return f"{self.iri}{SOURCE}{ident}"

    def graph(self, name: str) -> str:
        return f"{self.iri}{GRAPH}{name}"

    @cached_property
    def provenance(self) -> str:
        """The graph describing every claim: source, quote, file and line, origin."""
        return self.graph("provenance")

    @cached_property
    def ontology(self) -> str:
        return self.graph("ontology")

    @cached_property
    def inferred(self) -> str:
        """The graph of RDFS entailments (``kg query --infer``)."""
        return self.graph("inferred")

    @cached_property
    def conflicts(self) -> str:
        """The graph listing extracted values that contradict curated ones."""
        return self.graph("conflicts")

    def conflict(self, digest: str) -> str:
        """One conflict described in the conflicts graph (a kg:Conflict)."""
        return f"{self.conflicts}/{digest}"

    def prefixes(self) -> dict[str, str]:
        """Prefixes for the build's own IRIs, as queries and outputs abbreviate them."""
        return {"id": self.iri + ENTITY, "claim": self.iri + CLAIM, "source": self.iri + SOURCE, "graph": self.iri + GRAPH}

    def entity_id(self, iri: str) -> str | None:
        """The id of an entity IRI of this build, or None."""
        prefix = self.iri + ENTITY
        return iri[len(prefix):] if iri.startswith(prefix) else None

    def is_own_graph(self, iri: str) -> bool:
        """True for a claim graph or one of the build's graphs (what a query may name)."""
        return iri.startswith((self.iri + GRAPH, self.iri + CLAIM))
