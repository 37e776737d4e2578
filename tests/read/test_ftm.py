"""``kg export --format ftm`` and the identifier links of the RDF exports, on the fictional
Borealis facts plus fictional external identifiers (tests/data/identifiers)."""

from __future__ import annotations

import json
import shutil

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.read.export import export_bytes
from tests.conftest import DATA

followthemoney = pytest.importorskip("followthemoney")
ID = "https://example.org/kg/id/"


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    """A build of the fictional facts with a Wikidata item, an LEI and a website."""
    from kg.build.graph import run_build

    tree = tmp_path_factory.mktemp("linked")
    shutil.copytree(DATA / "valid", tree / "facts")
    shutil.copy(DATA / "identifiers" / "identifiers.yaml", tree / "facts")
    shutil.copytree(DATA / "seeds", tree / "seeds")
    run_build(tree / "facts", tree / "seeds", tree / "out", extract=False, root=tree)
    return tree / "out"


def _lines(out) -> list[dict]:
    data = export_bytes(out, "ftm")
    assert data.endswith(b"\n")
    return [json.loads(line) for line in data.decode().splitlines()]


@pytest.mark.parametrize("which", ["linked", "built"])
def test_every_line_round_trips_through_followthemoney(which, request):
    from followthemoney import model

    entities = _lines(request.getfixturevalue(which))
    ids = {e["id"] for e in entities}
    assert len(ids) == len(entities)
    for data in entities:
        schema = model.get(data["schema"])
        assert schema is not None and not schema.abstract, data
        assert schema.validate(data) is None, data
        # Cleaning drops or rewrites any value FollowTheMoney does not accept as it is.
        proxy = model.get_proxy(data, cleaned=False)
        assert {k: sorted(v) for k, v in proxy.to_dict()["properties"].items()} == data["properties"], data
        for prop, values in data["properties"].items():
            if schema.properties[prop].type.name == "entity":
                assert set(values) <= ids, (data["id"], prop)


def test_schemata_identifiers_and_relations(linked):
    by_id = {e["id"]: e for e in _lines(linked)}
    holdings = by_id["kg-halvard-holdings"]
    assert holdings["schema"] == "Company"
    assert holdings["properties"]["wikidataId"] == ["Q99999999"]
    assert holdings["properties"]["leiCode"] == ["NORLANDHALVARDSYS096"]
    assert holdings["properties"]["website"] == ["https://halvard.example/"]
    assert by_id["kg-norland-financial-supervisory-authority"]["schema"] == "PublicBody"
    assert by_id["kg-orrin-vale"]["schema"] == "Person"
    relations = {(e["schema"], tuple(sorted((k, v[0]) for k, v in e["properties"].items()
                                            if k in ("director", "organization", "employee", "employer", "owner",
                                                     "asset", "entity")))) for e in by_id.values()}
    assert ("Directorship", (("director", "kg-orrin-vale"), ("organization", "kg-halvard-holdings"))) in relations
    assert ("Employment", (("employee", "kg-orrin-vale"), ("employer", "kg-halvard-systems"))) in relations
    assert ("Ownership", (("asset", "kg-halvard-systems"), ("owner", "kg-halvard-holdings"))) in relations
    sanction = next(e for e in by_id.values() if e["schema"] == "Sanction")
    assert sanction["properties"]["entity"] == ["kg-halvard-holdings"]
    assert sanction["properties"]["program"] == ["Norland Watch List"]
    assert sanction["properties"]["authority"] == ["Norland Financial Supervisory Authority"]


def test_ftm_is_deterministic_and_written_by_the_cli(linked, tmp_path):
    path = tmp_path / "kg.ftm.json"
    result = CliRunner().invoke(app, ["export", "--format", "ftm", "--out", str(linked), "-o", str(path)])
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == export_bytes(linked, "ftm")


def test_rdf_exports_link_to_wikidata_and_identifiers(linked):
    links = [q for q in ox.parse(export_bytes(linked, "nq"), format=ox.RdfFormat.N_QUADS)
             if q.graph_name == ox.NamedNode("https://example.org/kg/graph/links")]
    holdings = ox.NamedNode(ID + "halvard-holdings")
    assert {(q.subject, q.predicate.value, q.object) for q in links} == {
        (holdings, "http://www.w3.org/2002/07/owl#sameAs", ox.NamedNode("http://www.wikidata.org/entity/Q99999999")),
        (holdings, "https://schema.org/identifier", ox.Literal("Q99999999")),
        (holdings, "https://schema.org/identifier", ox.Literal("NORLANDHALVARDSYS096")),
    }
    nt = export_bytes(linked, "nt").decode()
    assert f"<{ID}halvard-holdings> <http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q99999999> ." in nt
