"""The SHACL shapes are generated from the ontology and say what the Python checks say."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyoxigraph as ox

from kg.build.claims import Terms, curated_claims, union_of
from kg.build.graph import serialise_rdf
from kg.contrib.schema import build_schema
from kg.contrib.shapes import SH, shacl_problems, shapes_graph
from kg.inputs.checks import check
from kg.inputs.documents import load_documents
from kg.inputs.facts import load_facts
from kg.model.iris import DEFAULT_BASE
from kg.model.ontology import NS, ONTOLOGY_PATH, PREFIXES, load_ontology

DOC = "borealis-2031-router-review"


def _shacl_pairs(tree: Path) -> tuple[set[tuple[str, str, str]], set[tuple[str, str, str]]]:
    """(rule, subject id, property) of what the Python checks and what the shapes report
    about the facts of ``tree``, for missing required properties and extra one-value ones."""
    docs, _ = load_documents(tree / "seeds", tree)
    facts = load_facts([tree / "facts"], tree)
    python = set()
    for problem in check(facts, docs):
        if m := re.search(r"'([\w-]+)' has no '(\w+)'", problem.message):
            python.add(("min", m[1], m[2]))
        elif m := re.search(r"'([\w-]+)' has \d+ values for '(\w+)'", problem.message):
            python.add(("max", m[1], m[2]))
    union = union_of(curated_claims(facts, Terms(DEFAULT_BASE)))
    shacl = set()
    for problem in shacl_problems(serialise_rdf(union, ox.RdfFormat.TURTLE, PREFIXES), facts):
        focus = problem.message.rsplit("/", 1)[-1].rstrip(")")
        if m := re.search(r"needs at least one '(\w+)'", problem.message):
            shacl.add(("min", focus, m[1]))
        elif m := re.search(r"takes at most one '(\w+)'", problem.message):
            shacl.add(("max", focus, m[1]))
    return python, shacl


def test_shapes_and_python_checks_agree(fictional_tree):
    """For every class with a required property, a record without it is reported by both;
    so is a one-value property given two values."""
    onto = load_ontology()
    assert _shacl_pairs(fictional_tree) == (set(), set())
    lines, expected = [], set()
    for cls in sorted(onto.classes):
        section = onto.classes[cls].section
        roles = [r for r in onto.required_properties(cls) if r != "name"]  # a nameless record fails loading
        if not section or not roles or section == "sources":
            continue
        ident = f"lonely-{cls.lower()}"
        lines += [f"{section}:", f"  - id: {ident}", f"    name: A {cls} nobody takes part in"]
        if onto.section_default(section) != cls:
            lines.append(f"    type: {cls}")
        lines.append(f"    source: {DOC}")
        expected |= {("min", ident, role) for role in roles}
    lines += ["claims:", "  - subject: quillfeather-bank", "    predicate: country", "    object: port-esker-republic",
              f"    source: {DOC}", "entities:", "  - id: port-esker-republic", "    type: Country",
              "    name: Republic of Port Esker", f"    source: {DOC}"]
    expected.add(("max", "quillfeather-bank", "country"))
    (fictional_tree / "facts" / "lonely.yaml").write_text("\n".join(lines) + "\n")
    python, shacl = _shacl_pairs(fictional_tree)
    assert {("min", "lonely-review", "reviewer"), ("min", "lonely-dispute", "party")} <= expected
    assert python == shacl == expected


def test_shapes_follow_the_ontology():
    onto = load_ontology()
    graph = shapes_graph(onto)
    sh = {name: f"{SH}{name}" for name in ("targetClass", "property", "path", "minCount", "maxCount", "class", "datatype", "pattern")}
    found = set()
    for node, _, target in graph.triples((None, _iri(sh["targetClass"]), None)):
        for _, _, shape in graph.triples((node, _iri(sh["property"]), None)):
            path = str(graph.value(shape, _iri(sh["path"])))[len(NS):]
            for kind in ("minCount", "maxCount", "class", "datatype", "pattern"):
                value = graph.value(shape, _iri(sh[kind]))
                if value is not None:
                    found.add((str(target)[len(NS):], path, kind, str(value).removeprefix(NS)))
    assert ("Thing", "name", "minCount", "1") in found and ("Thing", "name", "maxCount", "1") in found
    assert ("Review", "reviewer", "minCount", "1") in found and ("Review", "reviewer", "class", "Regulator") in found
    assert ("Dispute", "party", "minCount", "1") in found and ("Agent", "country", "class", "Country") in found
    assert ("DisputeAction", "amount", "datatype", "http://www.w3.org/2001/XMLSchema#decimal") in found
    assert ("DisputeAction", "currency", "pattern", "^[A-Z]{3}$") in found
    for prop in onto.properties.values():
        assert ((prop.domain, prop.name, "maxCount", "1") in found) == prop.functional, prop.name
    required = {(cls, role) for cls, c in onto.classes.items() for role in c.required}
    assert {(c, p) for c, p, kind, _ in found if kind == "minCount"} == required


def _iri(value: str):
    import rdflib

    return rdflib.URIRef(value)


NEW_CLASS = """
kg:Audit a owl:Class ;
    rdfs:subClassOf kg:Event ;
    rdfs:label "audit"@en ;
    rdfs:comment "An invented kind of event, for a test."@en ;
    kg:section "audits" ;
    kg:sectionDefault true ;
    kg:requiredProperty kg:auditor .

kg:auditor a owl:ObjectProperty ;
    rdfs:label "auditor"@en ;
    rdfs:comment "Who audits."@en ;
    rdfs:domain kg:Audit ; rdfs:range kg:Regulator .

kg:fee a owl:DatatypeProperty, owl:FunctionalProperty ;
    rdfs:label "fee"@en ;
    rdfs:comment "What the audit cost."@en ;
    rdfs:domain kg:Audit ; rdfs:range xsd:decimal .
"""


def test_a_class_added_to_the_ontology_gets_shapes_and_schema(tmp_path):
    """No code names the classes: a new one in kg.ttl has its shapes, its section in the
    JSON Schema, and its dates, with nothing else changed."""
    path = tmp_path / "kg.ttl"
    shutil.copy(ONTOLOGY_PATH, path)
    with path.open("a") as handle:
        handle.write(NEW_CLASS)
    onto = load_ontology(path)
    assert onto.required_properties("Audit") == ("auditor", "name")
    assert onto.section_default("audits") == "Audit" and onto.date_property("Audit") == "date"
    assert list(onto.declared_order)[-2:] == ["auditor", "fee"]

    schema = build_schema(onto)["$defs"]["audits"]
    assert schema["required"] == ["id"] and {"auditor", "fee", "startDate", "name"} <= set(schema["properties"])

    kg = "@prefix kg: <https://example.org/kg/ns#> .\n@prefix e: <https://example.org/kg/id/> .\n"
    data = kg + 'e:a1 a kg:Audit ; kg:name "An audit" ; kg:fee 1.5, 2.5 .\n'
    problems = [p.message for p in shacl_problems(data.encode(), load_facts([]), ontology_path=path)]
    assert any("an Audit needs at least one 'auditor'" in m for m in problems), problems
    assert any("an Audit takes at most one 'fee'" in m for m in problems), problems
