"""The ontology is OWL 2 DL that OWL tools load: HermiT (through owlready2) reasons over
``kg.ttl`` alone and with the seed build's union graph, and finds both consistent; and no
property's declared range contradicts the values the seed build gives it.

HermiT needs Java (Debian's ``default-jre-headless``, installed by ``.ci/run``); without
``java`` the HermiT tests are skipped, unless ``KG_REQUIRE_JAVA`` is set."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.model.ontology import NS, ONTOLOGY_PATH, RDF, RDFS, XSD, load_ontology
from kg.model.values import WIKIDATA_ENTITY

# Dates keep their precision in their datatype (kg.model.values.Date); OWL 2's datatype map
# has none of these three, so HermiT is told to treat their literals as opaque values.
DATE_TYPES = {XSD + "gYear", XSD + "gYearMonth", XSD + "date"}
# Superproperties outside kg whose range is a datatype, and the datatype.
FOREIGN_RANGES = {"http://www.w3.org/ns/prov#startedAtTime": XSD + "dateTime",
                  "http://www.w3.org/ns/prov#endedAtTime": XSD + "dateTime"}
ANNOTATION_PROPERTIES = {RDFS + "label", RDFS + "comment", "http://www.w3.org/2004/02/skos/core#prefLabel",
                         "http://www.w3.org/2004/02/skos/core#altLabel"}


def _triples(*paths: Path) -> list[ox.Triple]:
    found: set[ox.Triple] = set()
    for path in paths:
        found.update(ox.Triple(t.subject, t.predicate, t.object) for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    return sorted(found, key=str)


def _hermit(tmp_path: Path, triples: list[ox.Triple], *, ignore_dates: bool) -> None:
    """Run HermiT on ``triples``; raises owlready2's error when it refuses or finds them inconsistent."""
    if shutil.which("java") is None:
        if os.environ.get("KG_REQUIRE_JAVA"):
            pytest.fail("KG_REQUIRE_JAVA is set but there is no java on PATH (apt-get install default-jre-headless)")
        pytest.skip("HermiT needs Java: apt-get install default-jre-headless (set KG_REQUIRE_JAVA=1 to fail instead)")
    owlready2 = pytest.importorskip("owlready2")
    path = tmp_path / "kg.nt"
    path.write_bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load(format="ntriples")
    with onto:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, ignore_unsupported_datatypes=ignore_dates,
                                       debug=0)
    assert list(world.inconsistent_classes()) == []


@pytest.mark.slow
def test_hermit_loads_the_ontology_with_no_datatype_outside_owl2(tmp_path):
    _hermit(tmp_path, _triples(ONTOLOGY_PATH), ignore_dates=False)


@pytest.mark.slow
def test_hermit_finds_the_seed_graph_consistent(built, tmp_path):
    triples = _triples(ONTOLOGY_PATH, built / "graph.ttl")
    outside = {t.object.datatype.value for t in triples if isinstance(t.object, ox.Literal)} - {
        XSD + n for n in ("string", "decimal", "integer", "anyURI", "boolean")} - {
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}
    assert outside <= DATE_TYPES, "only dates may use datatypes outside the OWL 2 datatype map"
    _hermit(tmp_path, triples, ignore_dates=True)


@pytest.mark.slow
def test_hermit_finds_a_contradiction(built, tmp_path):
    """The consistency test can fail: two names break kg:name's functionality."""
    import owlready2

    bad = ox.Triple(ox.NamedNode("https://example.org/kg/id/ibm"), ox.NamedNode(NS + "name"), ox.Literal("Another name"))
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        _hermit(tmp_path, _triples(ONTOLOGY_PATH, built / "graph.ttl") + [bad], ignore_dates=True)


def test_no_data_property_is_a_subproperty_of_an_annotation_property():
    triples = _triples(ONTOLOGY_PATH)
    data = {t.subject for t in triples if t.predicate.value == RDF + "type" and t.object.value.endswith("#DatatypeProperty")}
    bad = [(t.subject.value, t.object.value) for t in triples
           if t.subject in data and t.predicate.value == RDFS + "subPropertyOf" and t.object.value in ANNOTATION_PROPERTIES]
    assert bad == []


def _fits(value, range_iri: str, kind: str, types: dict) -> bool:
    onto = load_ontology()
    if kind == "date":
        return isinstance(value, ox.Literal) and value.datatype.value in DATE_TYPES
    if kind == "wikidata":
        return isinstance(value, ox.NamedNode) and value.value.startswith(WIKIDATA_ENTITY)
    if range_iri == RDFS + "Literal":
        return isinstance(value, ox.Literal)
    if range_iri.startswith(XSD):
        return isinstance(value, ox.Literal) and value.datatype.value == range_iri
    cls = range_iri[len(NS):]
    return isinstance(value, ox.NamedNode) and any(onto.is_a(t, cls) for t in types.get(value.value, ()))


def test_no_declared_range_contradicts_the_seed_build(built):
    onto = load_ontology()
    triples = _triples(built / "graph.ttl")
    types: dict[str, set[str]] = {}
    for t in triples:
        if t.predicate.value == RDF + "type" and t.object.value.startswith(NS):
            types.setdefault(t.subject.value, set()).add(t.object.value[len(NS):])
    supers = {(t.subject.value, t.object.value) for t in triples if t.predicate.value == RDFS + "subPropertyOf"}
    by_iri = {p.iri: p for p in onto.properties.values()}
    wrong, seen = [], set()
    for t in triples:
        prop = by_iri.get(t.predicate.value)
        if prop is None:
            continue
        seen.add(prop.name)
        if not _fits(t.object, prop.range_iri, prop.kind, types):
            wrong.append((t.subject.value, prop.name, str(t.object)))
        for sub, sup in supers:
            if sub == prop.iri and sup in FOREIGN_RANGES:
                if not (isinstance(t.object, ox.Literal) and t.object.datatype.value == FOREIGN_RANGES[sup]):
                    wrong.append((t.subject.value, f"{prop.name} ⊑ {sup}", str(t.object)))
    assert wrong == []
    assert {"name", "startDate", "date", "reviewer", "country"} <= seen  # the test saw the seed's values
