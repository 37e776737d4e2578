"""``kg export --format ftm``: the graph as FollowTheMoney entities, one JSON object a line,
for the tools investigators already use on company and sanctions data (``ftm``, Aleph,
OpenSanctions-style pipelines).

==================================  =====================================================
kg                                  FollowTheMoney
==================================  =====================================================
Regulator, Country (a state)        PublicBody
Vendor, Bank                        Company
Organization                        Organization
Person                              Person
name, alias, description            name, alias, description
jobTitle                            position
wikidata, lei, website              wikidataId, leiCode, website
chairs                              Directorship (role "chair")
worksFor                            Employment
parentOrganization                  Ownership (both companies) or Membership
Restriction, Penalty and their      Sanction: one per target, with the actor as
subclasses (bans, listings, fines)  authority, listName as program, the kind as provisions
==================================  =====================================================

Every entity carries the web addresses of the sources its facts cite (``sourceUrl``).
``country`` is not written: FollowTheMoney wants ISO 3166 codes, and kg knows countries by
name only (a table of codes kept here would go stale; the relation is in the RDF exports).
Entity ids are ``kg-`` and the kg id; a relation's id is a hash of what it links, so the
same build gives the same bytes. Places, reviews, disputes and other events have no
FollowTheMoney schema that fits and are left out.
"""

from __future__ import annotations

import hashlib
import json

from kg.model.ontology import load_ontology
from kg.model.values import Wikidata

# Nearest kg class first: the first of a node's classes found here gives its schema.
_SCHEMATA = (("Regulator", "PublicBody"), ("Country", "PublicBody"), ("Vendor", "Company"), ("Bank", "Company"),
             ("Organization", "Organization"), ("Person", "Person"))
_PROPERTIES = {"alias": "alias", "description": "description", "jobTitle": "position", "website": "website",
               "lei": "leiCode"}
_SANCTIONS = ("Restriction", "Penalty")


def _entity_id(node: dict) -> str:
    return "kg-" + node["id"]


def _relation_id(*parts: str) -> str:
    return "kg-" + hashlib.sha1("\x1f".join(parts).encode()).hexdigest()


class _Writer:
    """Collects FollowTheMoney entities as plain dicts ({id, schema, properties})."""

    def __init__(self, graph):
        self.graph = graph
        self.onto = load_ontology()
        self.sources = graph.graph.get("sources", {})
        self.entities: dict[str, dict] = {}
        self.schema_of = {iri: s for iri, node in graph.nodes(data=True) if (s := self._schema(node))}

    def _schema(self, node: dict) -> str | None:
        for cls, schema in _SCHEMATA:
            if any(self.onto.is_a(c, cls) for c in node["classes"]):
                return schema
        return None

    def add(self, ident: str, schema: str, props: dict[str, set[str]]) -> None:
        self.entities[ident] = {"id": ident, "schema": schema,
                                "properties": {k: sorted(v) for k, v in sorted(props.items()) if v}}

    def urls(self, facts: list[dict]) -> set[str]:
        return {url for fact in facts for claim in fact["claims"]
                if (url := self.sources.get(claim["source"] or "", {}).get("url"))}

    def party(self, node: dict) -> dict[str, set[str]]:
        props: dict[str, set[str]] = {"name": {node["label"]}, "sourceUrl": self.urls(node["facts"])}
        for fact in node["facts"]:
            key = fact["predicate"]
            if key in _PROPERTIES:
                props.setdefault(_PROPERTIES[key], set()).add(str(fact["value"]))
            elif key == "wikidata" and (qid := Wikidata.from_iri(str(fact["value"]))):
                props.setdefault("wikidataId", set()).add(qid)
        return props

    def relation(self, schema: str, ends: dict[str, str], fact: dict, **extra: str) -> None:
        props = {role: {_entity_id(self.graph.nodes[iri])} for role, iri in ends.items()}
        props["sourceUrl"] = self.urls([fact])
        props.update({k: {v} for k, v in extra.items() if v})
        self.add(_relation_id(schema, *(f"{r}={i}" for r, i in sorted(ends.items())), *sorted(extra.values())),
                 schema, props)

    def links(self, iri: str, node: dict) -> None:
        mine = self.schema_of[iri]
        for fact in node["facts"]:
            other = fact["object"]
            theirs = self.schema_of.get(other) if other else None
            if theirs is None or theirs == "Person":
                continue
            key = fact["predicate"]
            if key == "chairs" and mine == "Person":
                self.relation("Directorship", {"director": iri, "organization": other}, fact, role="chair")
            elif key == "worksFor" and mine == "Person":
                self.relation("Employment", {"employee": iri, "employer": other}, fact)
            elif key == "parentOrganization" and mine == theirs == "Company":
                self.relation("Ownership", {"owner": other, "asset": iri}, fact, role="parent organisation")
            elif key == "parentOrganization":
                self.relation("Membership", {"member": iri, "organization": other}, fact, role="part of")

    def sanctions(self, iri: str, node: dict) -> None:
        values: dict[str, list] = {}
        for fact in node["facts"]:
            values.setdefault(fact["predicate"], []).append(fact)
        first = {k: str(v[0]["value"]) for k, v in values.items()}
        authority = "; ".join(sorted(self.graph.nodes[f["object"]]["label"] for f in values.get("actor", [])
                                     if f["object"]))
        for fact in values.get("target", []):
            if fact["object"] not in self.schema_of:
                continue
            self.relation("Sanction", {"entity": fact["object"]}, fact, authority=authority,
                          program=first.get("listName") or node["label"], provisions=node["kind_label"],
                          reason=first.get("description", ""), startDate=first.get("startDate") or first.get("date", ""),
                          endDate=first.get("endDate", ""), summary=node["label"])


def ftm_entities(quads) -> list[dict]:
    """The FollowTheMoney entities of a build's quads (see the module docstring), by id."""
    from kg.build.projection import project

    graph = project(quads)
    writer = _Writer(graph)
    for iri, node in graph.nodes(data=True):
        if iri in writer.schema_of:
            writer.add(_entity_id(node), writer.schema_of[iri], writer.party(node))
    for iri, node in graph.nodes(data=True):
        if iri in writer.schema_of:
            writer.links(iri, node)
        elif any(writer.onto.is_a(c, s) for c in node["classes"] for s in _SANCTIONS):
            writer.sanctions(iri, node)
    return [writer.entities[k] for k in sorted(writer.entities)]


def ftm_lines(quads) -> bytes:
    """:func:`ftm_entities` as JSON lines (keys sorted, UTF-8)."""
    return b"".join(json.dumps(e, ensure_ascii=False, sort_keys=True).encode() + b"\n" for e in ftm_entities(quads))
