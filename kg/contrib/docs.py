"""``kg docs``: the reference of every class and property, generated from the ontology
(``kg/model/data/kg.ttl``) so it stays true. ``docs/ontology.md`` is its output; a test
fails when the file and the ontology drift apart."""

from __future__ import annotations

from kg.model.ontology import NS, OWL, PREFIXES, RDF, RDFS, load_ontology, ontology_quads

DOCS_PATH = "docs/ontology.md"

_DATES = """## Dates

A date keeps the precision its source gives: `2014` (`xsd:gYear`), `2014-05` (`xsd:gYearMonth`) or
`2014-05-19` (`xsd:date`). Actions use `kg:date`, reviews and disputes `kg:startDate` (each class's
date property is its `kg:dateProperty`). To sort or compare events of every kind and precision, use
`kg:sortDate`, which the build writes beside that date: the first day it can mean, as an `xsd:date`.

```sparql
SELECT ?event ?date WHERE {
  ?event kg:sortDate ?when ; kg:partOfDispute id:us-china-spying-dispute-2014 .
  OPTIONAL { ?event kg:date ?date } OPTIONAL { ?event kg:startDate ?date }
  FILTER(?when >= "2014-05-01"^^xsd:date)
}
ORDER BY ?when
```
"""


def _curie(iri: str) -> str:
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def ontology_markdown() -> str:
    """The reference, as Markdown: classes, properties and enumerations, each with its
    label, comment, place in the hierarchy and what kg does with it."""
    onto = load_ontology()
    triples = ontology_quads()
    parents: dict[str, list[str]] = {}
    supers: dict[str, list[str]] = {}
    plain_properties: dict[str, tuple[str, str, str]] = {}
    for t in triples:
        s, p = t.subject.value, t.predicate.value
        if p == RDFS + "subClassOf":
            parents.setdefault(s, []).append(_curie(t.object.value))
        elif p == RDFS + "subPropertyOf":
            supers.setdefault(s, []).append(_curie(t.object.value))
        elif p == RDF + "type" and t.object.value == RDF + "Property" and s.startswith(NS):
            plain_properties[s[len(NS):]] = ("", "", "")
    for name in plain_properties:
        found = {t.predicate.value: t.object.value for t in triples if t.subject.value == NS + name}
        plain_properties[name] = (found.get(RDFS + "domain", ""), found.get(RDFS + "comment", ""), found.get(RDFS + "label", ""))
    lines = ["# The kg ontology", "",
             "Generated from `kg/model/data/kg.ttl` by `kg docs` (do not edit by hand; a test fails when it drifts).",
             "Prefixes: `kg:` is `" + NS + "`; ids are `id:` (`<base>id/`), sources `source:`, the build's graphs `graph:`.",
             "", "## Classes", "", "| class | subclass of | fact files | what it is |", "| --- | --- | --- | --- |"]
    for name, cls in sorted(onto.classes.items()):
        if name in onto.enums:
            continue
        where = []
        if cls.section:
            where.append(f"`{cls.section}:`" + (" (default)" if cls.section_default else ""))
        if required := onto.required_properties(name):
            where.append("needs " + ", ".join(f"`{p}`" for p in required))
        if cls.date_property:
            where.append(f"date: `{cls.date_property}`")
        lines.append(f"| `kg:{name}` | {', '.join(sorted(parents.get(cls.iri, []))) or '—'} | {'; '.join(where) or '—'} "
                     f"| {_cell(cls.comment)} |")
    lines += ["", "## Properties", "",
              "In a fact file a property is a field of its domain's records (or the `predicate:` of a claim); "
              "“one” takes one value, “many” a value or a list; “derived” ones the build writes itself.", "",
              "| property | domain | range | values | subproperty of | what it says |", "| --- | --- | --- | --- | --- | --- |"]
    for name, prop in sorted(onto.properties.items()):
        rng = f"kg:{prop.range}" if prop.kind in ("ref", "enum") else (_curie(prop.range_iri) if prop.range_iri else prop.range)
        if prop.kind == "date":
            rng = "date (`xsd:gYear`, `xsd:gYearMonth` or `xsd:date`)" if not prop.derived else _curie(prop.range_iri)
        values = ("one" if prop.functional else "many") + (", derived" if prop.derived else "")
        lines.append(f"| `kg:{name}` | `kg:{prop.domain}` | {rng} | {values} | {', '.join(sorted(supers.get(prop.iri, []))) or '—'} "
                     f"| {_cell(prop.comment)} |")
    for name, (domain, comment, _) in sorted(plain_properties.items()):
        lines.append(f"| `kg:{name}` | `{_curie(domain)}` | any | many | — | {_cell(comment)} |")
    lines += ["", "## Enumerations", "", "| class | members | what it is |", "| --- | --- | --- |"]
    for name, members in sorted(onto.enums.items()):
        lines.append(f"| `kg:{name}` | {', '.join(f'`kg:{m}`' for m in members)} | {_cell(onto.classes[name].comment)} |")
    annotations = sorted(t.subject.value[len(NS):] for t in triples if t.predicate.value == RDF + "type"
                         and t.object.value == OWL + "AnnotationProperty" and t.subject.value.startswith(NS))
    lines += ["", "## Annotations of the ontology itself", "", "| annotation | what it says |", "| --- | --- |"]
    for name in annotations:
        comment = next((t.object.value for t in triples if t.subject.value == NS + name and t.predicate.value == RDFS + "comment"), "")
        lines.append(f"| `kg:{name}` | {_cell(comment)} |")
    return "\n".join(lines) + "\n\n" + _DATES
