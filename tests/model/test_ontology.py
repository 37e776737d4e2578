"""The ontology is the one source of truth: every term documented, generated copies in step."""

from __future__ import annotations

import json

import pyoxigraph as ox

from kg.contrib.schema import build_schema
from kg.model.ontology import NS, ONTOLOGY_PATH, OWL, RDF, RDFS, a_or_an, load_ontology
from tests.conftest import ROOT


def test_required_classes_exist():
    onto = load_ontology()
    for name in ("Regulator", "Vendor", "Bank", "Review", "Dispute", "Organization", "Person", "Country",
                 "Directive", "Accusation", "Restriction", "Acquisition", "Trial", "Suspension", "Retaliation"):
        assert name in onto.classes, name


def test_every_term_has_label_and_comment():
    store = ox.Store()
    store.load(path=str(ONTOLOGY_PATH), format=ox.RdfFormat.TURTLE)
    subjects = {q.subject for q in store if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(NS)}
    for subject in subjects:
        for prop in ("label", "comment"):
            assert list(store.quads_for_pattern(subject, ox.NamedNode(RDFS + prop), None)), f"{subject} lacks rdfs:{prop}"


def test_committed_json_schema_matches_ontology():
    committed = json.loads((ROOT / "schema" / "facts.schema.json").read_text())
    assert committed == build_schema(), "run 'kg schema' to regenerate schema/facts.schema.json"


def test_fact_files_point_to_the_schema():
    for path in sorted((ROOT / "facts").rglob("*.yaml")):
        first = path.read_text().splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target == (ROOT / "schema" / "facts.schema.json").resolve(), path


def test_fact_files_conform_to_json_schema():
    import jsonschema
    import yaml

    validator = jsonschema.Draft202012Validator(build_schema())
    for path in sorted((ROOT / "facts").rglob("*.yaml")):
        data = yaml.load(path.read_text(), Loader=yaml.BaseLoader)
        assert not list(validator.iter_errors(data)), path


def test_annotations_say_what_each_class_needs():
    """Required properties, section defaults and date properties are read from kg.ttl,
    inherited down the classes. (The generated shapes and the Python checks that use them
    are compared in tests/contrib/test_shapes.py.)"""
    onto = load_ontology()
    assert onto.required_properties("Review") == ("reviewer", "name")
    assert onto.required_properties("Dispute") == ("party", "name")
    assert onto.required_properties("Bank") == ("name",) and onto.required_properties("Document") == ()
    defaults = {section: onto.section_default(section) for section in onto.sections}
    assert defaults == {"reviews": "Review", "disputes": "Dispute", "sources": "Document", "entities": None, "actions": None}
    assert {c: onto.date_property(c) for c in ("Review", "Dispute", "Trial", "Ban", "Indictment", "Bank")} == {
        "Review": "startDate", "Dispute": "startDate", "Trial": "startDate", "Ban": "date", "Indictment": "date", "Bank": None}
    for cls in onto.subclasses("Event"):
        assert onto.date_property(cls) in onto.fields_of(cls), cls


def test_declared_order_is_the_order_of_the_file():
    onto = load_ontology()
    kinds = {OWL + "ObjectProperty", OWL + "DatatypeProperty"}
    in_file = []
    for t in ox.parse(path=str(ONTOLOGY_PATH), format=ox.RdfFormat.TURTLE):
        if t.predicate.value == RDF + "type" and t.object.value in kinds and t.subject.value[len(NS):] not in in_file:
            in_file.append(t.subject.value[len(NS):])
    assert list(onto.declared_order) == in_file and sorted(onto.declared_order.values()) == list(range(len(in_file)))
    assert set(in_file) == set(onto.properties)


def test_extraction_and_promotion_agree_on_an_events_date():
    """A Trial found in an article gets the same date property when merged into the graph
    and when promoted to a fact file (both ask the ontology)."""
    from kg.build.claims import Terms
    from kg.build.proposals import proposals_to_claims
    from kg.contrib.promote import to_facts
    from kg.inputs.facts import FactSet
    from kg.model.iris import DEFAULT_BASE

    for kind, section in (("Trial", "actions"), ("Review", "reviews"), ("Ban", "actions")):
        proposal = {"kind": "relation", "predicate": kind, "subject": f"a-{kind.lower()}", "doc": "d", "date": "2031-03",
                    "roles": {}, "confidence": 0.9}
        claims, _ = proposals_to_claims([proposal], FactSet(), Terms(DEFAULT_BASE))
        merged = {c.predicate.value[len(NS):] for c in claims if c.predicate.value.startswith(NS)} & {"date", "startDate"}
        promoted = {k for k in to_facts([proposal])[section][0]} & {"date", "startDate"}
        assert merged == promoted == {load_ontology().date_property(kind)}, kind


def test_a_or_an():
    assert [a_or_an(w) for w in ("Agent", "Regulator", "Event", "integer", "decimal")] == [
        "an Agent", "a Regulator", "an Event", "an integer", "a decimal"]


def test_every_section_has_classes_and_properties_have_known_domains():
    onto = load_ontology()
    for section in onto.sections:
        assert onto.section_classes(section)
    for prop in onto.properties.values():
        assert prop.domain in onto.classes, prop.name
