"""Binary relations, round 16: a town "in neighbouring <State>", a people's word and a town's kind right before the
town's name ("the Ostelian capital Kovby"), and a members' body's staff named by "the association's <title>"
(invented names throughout)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract import extract
from kg.inputs.documents import load_document
from tests.extract import story
from tests.extract.story import relations

# Two invented states the catalogue knows, with their people's words.
STATES = [{"id": "ostelia", "name": "Ostelia", "type": "Country", "aliases": ["Ostelian"]},
          {"id": "vardania", "name": "Vardania", "type": "Country", "aliases": ["Vardanian"]}]


def run(tmp_path: Path, body: str) -> list[dict]:
    """The proposals for ``body``, a paper's story, with the two states known."""
    path = tmp_path / "story.txt"
    path.write_text("---\nid: story\ntitle: t\npublisher: Nowhere Ledger\npublished: 2024-05-14\nlanguage: en\n---\n" + body,
                    encoding="utf-8")
    return extract([load_document(path, str(path))], STATES)

FOUND = [
    # "<Town> in neighbouring / nearby <State>"
    pytest.param("Quorlan, which is headquartered in Kovby in neighbouring Ostelia, said the fault came from a single release.",
                 "locatedIn", ("kovby", "ostelia"), id="in-neighbouring-state"),
    pytest.param("The servers sit in a data centre in Dunmarrow in nearby Vardania, the company said.",
                 "locatedIn", ("dunmarrow", "vardania"), id="in-nearby-state"),
    pytest.param("Velkpay Systems is based in Ossby. Harl Bank moved its card processing to Ossby in neighbouring northern Ostelia last year.",
                 "locatedIn", ("ossby", "ostelia"), id="in-neighbouring-region-of-state"),
    # "X, the association's / federation's <title>": the members' body named before, even sentences back
    pytest.param("The Vardanian Bankers' Association (VBA) wrote to the ministry on Monday, Feb. 10, objecting to the deadline. "
                 "The letter called the plan reckless. Nobody disputed the goal. \"We need time,\" said Arne Tollby, the "
                 "association's director general.", "worksFor", ("arne-tollby", "vardanian-bankers-association"),
                 id="the-associations-director-general"),
    pytest.param("The Ostelian Chipmakers Federation criticised the rules. \"They will cost us dearly,\" said Mira Quell, the "
                 "federation's chief executive.", "worksFor", ("mira-quell", "ostelian-chipmakers-federation"),
                 id="the-federations-chief-executive"),
    pytest.param("The Harl Telecom Alliance protested on Tuesday. The alliance's secretary general, Povel Dask, said members "
                 "would appeal.", "worksFor", ("povel-dask", "harl-telecom-alliance"), id="the-alliances-secretary-general-before"),
]


@pytest.mark.parametrize(("body", "predicate", "pair"), FOUND)
def test_relation_found(tmp_path, body, predicate, pair):
    assert pair in relations(run(tmp_path, body), predicate)


# A people's word is known from the state's own name in the story (no catalogue): "Ostelia" → "Ostelian".
DEMONYM_TOWNS = [
    # "the <Demonym> capital / port / city <Town>": no "of" between the kind and the name
    pytest.param("Quorlan Systems is based in Kovby. The software was written far away, in the Ostelian capital Kovby, by a company few "
                 "depositors know. Ostelia protested.",
                 "locatedIn", ("kovby", "ostelia"), id="demonym-capital-town"),
    pytest.param("Harl Cables is headquartered in Dunmarrow. The cables land at the Vardanian port Dunmarrow before they reach the "
                 "exchange. Vardania protested.",
                 "locatedIn", ("dunmarrow", "vardania"), id="demonym-port-town"),
    pytest.param("Velkpay Systems is based in Ossby. Engineers flew in from the northern Ostelian city Ossby on Monday to inspect "
                 "the racks. Ostelia protested.",
                 "locatedIn", ("ossby", "ostelia"), id="region-demonym-city-town"),
]


@pytest.mark.parametrize(("body", "predicate", "pair"), DEMONYM_TOWNS)
def test_demonym_town_found(tmp_path, body, predicate, pair):
    assert pair in relations(story.run(tmp_path, body), predicate)


NOT_FOUND = [
    # a state "in neighbouring" that follows a company, not a town, says nothing of where a town is
    pytest.param("Quorlan Systems in neighbouring Ostelia denied the claims.", "locatedIn", ("quorlan-systems", "ostelia"),
                 id="company-in-neighbouring-state"),
    # "the association's director" is no member company's staff
    pytest.param("Harl Bank and the Vardanian Bankers' Association both objected. \"We need time,\" said Arne Tollby, the "
                 "association's director general.", "worksFor", ("arne-tollby", "harl-bank"), id="association-not-the-bank"),
    # a people's word before a kind of body, not of town, names no town's state
    pytest.param("The Ostelian regulator Kovby Authority fined the bank.", "locatedIn", ("kovby-authority", "ostelia"),
                 id="demonym-regulator-not-a-town"),
]


@pytest.mark.parametrize(("body", "predicate", "pair"), NOT_FOUND)
def test_relation_not_found(tmp_path, body, predicate, pair):
    assert pair not in relations(run(tmp_path, body), predicate)
