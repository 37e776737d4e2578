"""The ontology is the one source of truth: every term documented, generated copies in step."""

from __future__ import annotations

import json

import pyoxigraph as ox

from kg.contrib.schema import build_schema
from kg.inputs.checks import REQUIRED_ROLES
from kg.model.ontology import NS, ONTOLOGY_PATH, RDFS, SHAPES_PATH, load_ontology
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


def test_required_roles_match_shapes():
    """kg/validate.py's REQUIRED_ROLES and the sh:minCount 1 shapes say the same thing."""
    store = ox.Store()
    store.load(path=str(SHAPES_PATH), format=ox.RdfFormat.TURTLE)
    rows = store.query("""
        PREFIX sh: <http://www.w3.org/ns/shacl#>
        SELECT ?class ?path WHERE { ?shape sh:targetClass ?class ; sh:property ?p . ?p sh:path ?path ; sh:minCount 1 }""")
    from_shapes = {}
    for row in rows:
        cls, path = row["class"].value[len(NS):], row["path"].value[len(NS):]
        if path != "name":
            from_shapes.setdefault(cls, set()).add(path)
    assert from_shapes == {k: set(v) for k, v in REQUIRED_ROLES.items()}


def test_every_section_has_classes_and_properties_have_known_domains():
    onto = load_ontology()
    for section in onto.sections:
        assert onto.section_classes(section)
    for prop in onto.properties.values():
        assert prop.domain in onto.classes, prop.name
