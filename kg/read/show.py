"""``kg show``: one entity's facts, each with its sources."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.inputs.documents import is_slug
from kg.model.errors import KgError
from kg.model.iris import Base
from kg.model.ontology import NS, PREFIXES, RDF
from kg.read.built import BuiltGraph

_FACTS = """
SELECT ?e ?claims ?dir ?p ?o ?origin ?source ?title ?quote ?file ?line ?confidence ?method ?start ?end WHERE {
  { GRAPH ?g { ?e ?p ?o } BIND("out" AS ?dir) } UNION { GRAPH ?g { ?o ?p ?e } BIND("in" AS ?dir) }
  FILTER(STRSTARTS(STR(?g), ?claims))
  ?g kg:origin ?origin ; prov:wasDerivedFrom ?source .
  OPTIONAL { ?source kg:title ?title }
  OPTIONAL { ?g kg:quote ?quote }
  OPTIONAL { ?g kg:sourceFile ?file ; kg:sourceLine ?line }
  OPTIONAL { ?g kg:confidence ?confidence }
  OPTIONAL { ?g kg:method ?method }
  OPTIONAL { ?g kg:evidenceStart ?start ; kg:evidenceEnd ?end }
}
"""


def _short(term, base: str) -> str:
    if isinstance(term, ox.NamedNode):
        for prefix in (Base(base).entity(""), NS):
            if term.value.startswith(prefix):
                return term.value[len(prefix):]
        return "a" if term.value == RDF + "type" else term.value
    return term.value


def show_entity(ident: str, out_dir: Path, base: str | None = None) -> str:
    """A readable list of everything the built graph says about ``ident``."""
    if not is_slug(ident):
        raise KgError(f"'{ident}' is not an id — ids are slugs such as peoples-bank-of-china")
    built = BuiltGraph(out_dir)
    store = built.store()
    if base is None:
        base = built.base.iri
    entity = ox.NamedNode(Base(base).entity(ident))
    rows = list(store.query(_FACTS, prefixes=PREFIXES, use_default_graph_as_union=True,
                            substitutions={ox.Variable("e"): entity, ox.Variable("claims"): ox.Literal(Base(base).claim(""))}))
    if not rows:
        raise KgError(f"nothing is known about '{ident}' in {out_dir} — check the id (kg query entities lists them) or rebuild")
    facts: dict[tuple[str, str, str], list[str]] = {}
    for row in rows:
        direction, p, o = row["dir"].value, _short(row["p"], base), _short(row["o"], base)
        if row["file"]:
            where = f"{row['file'].value}:{row['line'].value}"
        else:
            where = row["method"].value if row["method"] else "extracted"
            if row["start"]:
                where += f" at characters {row['start'].value}-{row['end'].value}"
        origin = row["origin"].value.rsplit("#", 1)[-1]
        if origin == "extracted" and row["confidence"]:
            origin += f" {float(row['confidence'].value):.2f}"
        doc = row["source"].value.rsplit("/", 1)[-1]
        quote = f' "{row["quote"].value}"' if row["quote"] else ""
        facts.setdefault((direction, p, o), []).append(f"{origin} · {where} · {doc}{quote}")
    lines = [ident]
    for direction in ("out", "in"):
        keys = sorted(k for k in facts if k[0] == direction)
        if direction == "in" and keys:
            lines.append("  referred to by:")
        for _, p, o in keys:
            lines.append(f"  {p}: {o}" if direction == "out" else f"    {o} {p} {ident}")
            for source in sorted(set(facts[(direction, p, o)])):
                lines.append(f"      ← {source}")
    return "\n".join(lines)
