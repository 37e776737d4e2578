"""Rules of issue 13, each with several phrasings (invented names): countries found from the
text, short forms in brackets, date words and court papers not typed, persons only with a
person's signs, operators as organisations, the field's kinds of event, sanity checks."""

from __future__ import annotations

import pytest

from kg.extract.evaluate import family, score_pairs
from tests.extract.story import entities, events, run


@pytest.mark.parametrize("body", [
    "Zarvonia's banking watchdog fined Pell Harbour Bank on Monday. Zarvonian lenders were told to comply.\n",
    "The Republic of Zarvonia said it would act. Zarvonian officials declined to comment further.\n",
    "Kettle Forge Software of Ardmoor, Zarvonia, said it was reviewing the decision carefully.\n",
])
def test_a_fictional_country_is_found_from_the_text(tmp_path, body):
    found = entities(run(tmp_path, body))
    assert any(t == "Country" and "Zarvonia" in n for n, t in found.items()), found
    assert not any(t in ("Organization", "Vendor") and n.startswith("Zarvoni") for n, t in found.items()), found


@pytest.mark.parametrize("body, full", [
    ("The Harbour Cyber Association (HCA) warned members. HCA said the rules were unclear.\n", "Harbour Cyber Association"),
    ("The Office of Network Assurance (ONAS) opened a file. ONAS officials said little.\n", "Office of Network Assurance"),
])
def test_full_name_and_bracketed_short_form_are_one_entity(tmp_path, body, full):
    records = [r for r in run(tmp_path, body) if r["kind"] == "entity"]
    names = [r["name"] for r in records]
    assert full in names and not any(n.isupper() for n in names), names


@pytest.mark.parametrize("body", [
    "Under Friday's order, Quorn Telematics must stop sales by Sept. 30, the Trade Office said.\n",
    "CASE No 12 of 2024\nORDERS AS FOLLOWS\nThe Claimant, Velder Mobile Networks plc, appealed on Dec. 3.\n",
    "The company was added to the Entity List on Tuesday, and the Unreliable Entity List on Wednesday.\n",
])
def test_date_words_court_papers_and_list_names_are_no_organisations(tmp_path, body):
    found = entities(run(tmp_path, body))
    for word in ("Sept.", "Dec.", "Under Friday", "Claimant", "Case No", "Entity List", "Unreliable Entity List", "ORDERS AS FOLLOWS"):
        assert word not in found, found


@pytest.mark.parametrize("body, kind", [
    ("Lumo Telecom, the country's largest mobile operator, removed the gear.\n", "Organization"),
    ("Brisk Wireless said its network was unaffected.\n", "Organization"),
    ("Orlen Communications, a maker of telecom equipment, denied the claims.\n", "Vendor"),
])
def test_operators_are_organisations_and_gear_makers_vendors(tmp_path, body, kind):
    found = entities(run(tmp_path, body))
    assert kind in found.values(), found
    name = body.split(",")[0].split(" said")[0]
    assert found.get(name) == kind, found


@pytest.mark.parametrize("body", [
    "The Financial Conduct Office fined Marrow Bank 12 million euros over its move to Cindral Cloud.\n",
    "Marrow Bank was fined 12 million euros by the Financial Conduct Office after an outage at Cindral Cloud.\n",
])
def test_fines_with_actor_target_amount_and_currency(tmp_path, body):
    fine = events(run(tmp_path, body), "Fine")
    assert fine, body
    roles = fine[0]["roles"]
    assert roles["actor"] == ["financial-conduct-office"] and roles["target"] == ["marrow-bank"]
    assert roles["amount"] == ["12000000"] and roles["currency"] == ["EUR"]


@pytest.mark.parametrize("body, kind", [
    ("The Department of Trade added Vessik Semiconductor to its Entity List on Tuesday.\n", "EntityListing"),
    ("The Department of Trade imposed export controls and licence requirements on Vessik Semiconductor.\n", "ExportControl"),
    ("The Department of Trade banned Vessik Semiconductor from public procurement contracts.\n", "ProcurementExclusion"),
])
def test_kinds_of_restriction(tmp_path, body, kind):
    found = events(run(tmp_path, body), kind)
    assert found and found[0]["roles"]["target"] == ["vessik-semiconductor"], run(tmp_path, body)


def test_no_event_names_one_entity_on_both_sides(tmp_path):
    body = ("Drenmark barred operators from purchasing Hollow Peak Networks products. "
            "Hollow Peak Networks said it would sell its modem unit to Hollow Peak Networks.\n")
    for r in run(tmp_path, body):
        if r["kind"] == "relation" and r["predicate"][:1].isupper():
            roles = r["roles"]
            assert not set(roles.get("buyer", [])) & set(roles.get("seller", []))
            assert not set(roles.get("actor", [])) & set(roles.get("target", []))


def test_pair_metric_families_and_alternatives():
    assert family("Fine") == family("Settlement") == {"Penalty"}
    assert family("Indictment") == {"Accusation", "LegalAction"}
    gold = [{"predicate": "EntityListing", "roles": {"actor": ["dept|state"], "target": ["corp"], "listName": ["Entity List"]}},
            {"predicate": "headquarters", "subject": "corp", "object": "town"},
            {"predicate": "Denial", "roles": {"actor": ["corp"], "inResponseTo": ["@EntityListing"]}}]
    predicted = [{"predicate": "Ban", "subject": "e1", "roles": {"actor": ["state"], "target": ["x-corp"]}},
                 {"predicate": "headquarters", "subject": "x-corp", "object": "elsewhere"}]
    score = score_pairs(predicted, gold, {"x-corp": "corp"})
    assert (score.tp, score.predicted, score.gold) == (1, 2, 2)
