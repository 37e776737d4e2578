"""``kg show``: one entity's facts, each with its sources."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.model.errors import KgError
from kg.model.iris import Base
from kg.model.ontology import NS, PREFIXES, RDF
from kg.model.values import Slug, printable
from kg.read.built import BuiltGraph

_FACTS = """
SELECT ?e ?claims ?dir ?p ?o ?origin ?source ?title ?publisher ?published ?quote ?file ?line ?confidence ?method ?start ?end WHERE {
  { GRAPH ?g { ?e ?p ?o } BIND("out" AS ?dir) } UNION { GRAPH ?g { ?o ?p ?e } BIND("in" AS ?dir) }
  FILTER(STRSTARTS(STR(?g), ?claims))
  ?g kg:origin ?origin ; prov:wasDerivedFrom ?source .
  OPTIONAL { ?source kg:title ?title }
  OPTIONAL { ?source kg:publisher ?publisher }
  OPTIONAL { ?source kg:published ?published }
  OPTIONAL { ?g kg:quote ?quote }
  OPTIONAL { ?g kg:sourceFile ?file ; kg:sourceLine ?line }
  OPTIONAL { ?g kg:confidence ?confidence }
  OPTIONAL { ?g kg:method ?method }
  OPTIONAL { ?g kg:evidenceStart ?start ; kg:evidenceEnd ?end }
}
"""


_SOURCE = """
SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(?p != rdf:type) } ORDER BY ?p
"""

_CITING = """
SELECT ?s ?e (COUNT(DISTINCT ?g) AS ?n) WHERE {
  GRAPH ?prov { ?g prov:wasDerivedFrom ?s }
  GRAPH ?g { ?e ?p ?o }
} GROUP BY ?s ?e ORDER BY DESC(?n) ?e
"""


def _source_label(row) -> str:
    """How a fact's source reads: a document's id, or for a web page cited inline (whose
    id is a hash) its publisher and date."""
    doc = row["source"].value.rsplit("/", 1)[-1]
    if not doc.startswith("web-") or not row["publisher"]:
        return doc
    return row["publisher"].value + (f", {row['published'].value}" if row["published"] else "")


def show_source(ident: str, store, base: str) -> str | None:
    """A source's description (title, publisher, date, URL) and what cites it, or None."""
    own = Base(base)
    source = ox.NamedNode(own.source(ident))
    described = list(store.query(_SOURCE, prefixes=PREFIXES, substitutions={ox.Variable("s"): source}))
    if not described:
        return None
    lines = [f"{ident} (source)"]
    lines += [f"  {_short(row['p'], base)}: {row['o'].value}" for row in described]
    citing = list(store.query(_CITING, prefixes=PREFIXES, substitutions={ox.Variable("s"): source}))
    total = sum(int(row["n"].value) for row in citing)
    lines.append(f"  cited by {total} claim{'s' * (total != 1)} about {len(citing)} subject{'s' * (len(citing) != 1)}:")
    lines += [f"    {_short(row['e'], base)} ({row['n'].value})" for row in citing]
    return printable("\n".join(lines), keep="\n")  # no terminal escapes from data


def _unknown(ident: str, store, base: str, out_dir: Path) -> KgError:
    import difflib

    own = Base(base)
    ids = [i for row in store.query("SELECT DISTINCT ?e WHERE { ?e a ?c }") for i in
           (own.entity_id(row["e"].value), row["e"].value.rsplit("/", 1)[-1] if row["e"].value.startswith(own.source("")) else None)
           if i]
    close = difflib.get_close_matches(ident, sorted(set(ids)), n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else "check the id (kg query entities lists them) or rebuild"
    return KgError(f"nothing is known about '{ident}' in {out_dir} — {hint}")


def _short(term, base: str) -> str:
    if isinstance(term, ox.NamedNode):
        for prefix in (Base(base).entity(""), NS):
            if term.value.startswith(prefix):
                return term.value[len(prefix):]
        return "a" if term.value == RDF + "type" else term.value
    return term.value


def show_entity(ident: str, out_dir: Path, base: str | None = None) -> str:
    """A readable list of everything the built graph says about ``ident``."""
    if not Slug.valid(ident):
        raise KgError(f"'{ident}' is not an id — ids are slugs such as peoples-bank-of-china")
    built = BuiltGraph(out_dir)
    store = built.store()
    if base is None:
        base = built.base.iri
    entity = ox.NamedNode(Base(base).entity(ident))
    rows = list(store.query(_FACTS, prefixes=PREFIXES, use_default_graph_as_union=True,
                            substitutions={ox.Variable("e"): entity, ox.Variable("claims"): ox.Literal(Base(base).claim(""))}))
    if not rows:
        described = show_source(ident, store, base)
        if described is None:
            raise _unknown(ident, store, base, out_dir)
        return described
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
        doc = _source_label(row)
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
    return printable("\n".join(lines), keep="\n")  # no terminal escapes from data
