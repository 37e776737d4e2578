"""Entity rules found by the fifth round on the blind dev articles: states read from what they
do or own (a seat that protests, a state's ending owning a company, a public body's leading
demonym, a courts service), possessives that stop at a preposition, back-references by a body's
noun in any case or by what it does, long body names joined by "and" after "for", embassies
named "Embassy of X", titles that are no bodies, operators told to remove gear.
Every name is invented."""

from __future__ import annotations

import pytest

from tests.extract.story import entities, run


def aliases(records: list[dict], name: str) -> set[str]:
    return {a for r in records if r["kind"] == "entity" and r["name"] == name for a in r.get("aliases", [])}


# --- States read from what they do or own ------------------------------------------------------

@pytest.mark.parametrize("act", ["Velmarsk responded within hours, saying it would protect its firms.",
                                 "Velmarsk \"resolutely opposes\" the order, a spokesperson said.",
                                 "Velmarsk has protested, calling the decision discriminatory."])
def test_a_seat_that_answers_is_a_state(tmp_path, act):
    body = ("The Orsk Digital Ministry banned Korvane Networks, which is headquartered in Velmarsk, from the core network. "
            f"{act}\n")
    assert entities(run(tmp_path, body)).get("Velmarsk") == "Country"


@pytest.mark.parametrize("body", [
    "Korvane Networks moved its staff to Brennmoor. The company's headquarters in Brennmoor said the fine was unfair.\n",
    "Korvane Networks, which is based in Brennmoor, said the fine was unfair.\n",
])
def test_a_seat_where_the_company_speaks_stays_a_place(tmp_path, body):
    assert entities(run(tmp_path, body)).get("Brennmoor") != "Country"


@pytest.mark.parametrize("body", [
    "The council reviewed the takeover of Lumerin Optics by Ostravia's Kelbrin Semiconductor on Monday.\n",
    "Regulators cleared the sale of Dravel Bank to Ostravia's Hallow Mercantile Bank last week.\n",
])
def test_a_state_ending_that_owns_a_company_is_a_state(tmp_path, body):
    assert entities(run(tmp_path, body)).get("Ostravia") == "Country"


def test_a_company_that_owns_a_company_is_no_state(tmp_path):
    body = "The council reviewed the takeover of Lumerin Optics by Kelvane's Ostrum Networks on Monday.\n"
    assert entities(run(tmp_path, body)).get("Kelvane") != "Country"


@pytest.mark.parametrize("body", [
    "The Varnesian Financial Conduct Authority opened a review after card payments failed across Varnesia.\n",
    "Card payments failed across Varnesia on Friday. The Varnesian Cyber Defence Agency said it saw no attack.\n",
])
def test_a_public_bodys_leading_demonym_makes_its_state(tmp_path, body):
    assert entities(run(tmp_path, body)).get("Varnesia") == "Country"


def test_the_courts_service_of_a_name_is_a_states(tmp_path):
    body = "The Courts Service of Pellomar published the judgment against Orbisk Payments Ltd on Monday.\n"
    assert entities(run(tmp_path, body)).get("Pellomar") == "Country"


@pytest.mark.parametrize("after", ["products in government", "products in use across government", "staff at government agencies"])
def test_a_possessive_stops_at_a_preposition(tmp_path, after):
    body = f"Ondrava Dynamics sells firewalls. MPs asked about Ondrava's {after} on Monday.\n"
    assert entities(run(tmp_path, body)).get("Ondrava") != "Country"


# --- Back-references ---------------------------------------------------------------------------

@pytest.mark.parametrize("body, name", [
    ("The Ministry of Harbour Security excluded Pellin Telecom Systems from public procurement. "
     "The Ministry said Pellin Telecom Systems had failed its review.\n", "Ministry of Harbour Security"),
    ("The Department for Network Resilience banned Pellin Telecom Systems. "
     "The department said the ban would last two years.\n", "Department for Network Resilience"),
    ("The Investment Screening Authority blocked the sale of Corvel Chips to Pellin Telecom Systems. "
     "The screening authority said the deal threatened national security.\n", "Investment Screening Authority"),
])
def test_a_body_named_again_by_its_noun(tmp_path, body, name):
    from kg.extract.cleanup import clean
    from kg.extract.entities import find_entities
    from kg.extract.linking import Catalog
    from kg.extract.sentences import analyse

    text = clean(body)
    tokens, sentences = analyse(text)
    doc = find_entities(text, tokens, sentences, Catalog([]))
    entity = next(e for e in doc.entities.values() if e.name == name)
    assert any(m.source == "coref" for m in entity.mentions), [m.text for m in entity.mentions]


# --- Names of bodies, embassies and titles -----------------------------------------------------

@pytest.mark.parametrize("name", ["Department for Digital Infrastructure and Security", "Office for Trade and Investment",
                                  "Ministry for Energy and Networks", "Office for Trade and Digital Security"])
def test_a_body_for_two_things_keeps_both(tmp_path, name):
    body = f"The {name} announced a security review of Ostrel Devices products on Monday.\n"
    assert entities(run(tmp_path, body)).get(name) == "Regulator"


def test_and_after_for_does_not_swallow_a_company(tmp_path):
    body = "The Office for Investment Security and Ostrel Devices met on Monday to discuss the review.\n"
    found = entities(run(tmp_path, body))
    assert "Office for Investment Security and Ostrel Devices" not in found, found


@pytest.mark.parametrize("body, name, alias", [
    ("The Embassy of Dravonia in Pellmoor said it \"firmly opposes\" the listing of Korvex Systems.\n",
     "Embassy of Dravonia in Pellmoor", "Embassy of Dravonia"),
    ("The Consulate General of Dravonia in Pellmoor called the listing of Korvex Systems discriminatory.\n",
     "Consulate General of Dravonia in Pellmoor", "Consulate General of Dravonia"),
])
def test_an_embassy_of_a_state(tmp_path, body, name, alias):
    records = run(tmp_path, body)
    assert entities(records).get(name) == "Regulator", entities(records)
    assert alias in aliases(records, name)


@pytest.mark.parametrize("body", [
    "The committee will write to the Secretary of State this afternoon about Ondrava Dynamics.\n",
    "Secretary of State Rhosyn Tallard said the review of Ondrava Dynamics would begin at once. "
    "MPs wrote to the Secretary of State.\n",
])
def test_a_title_with_no_portfolio_is_no_body(tmp_path, body):
    assert "Secretary of State" not in entities(run(tmp_path, body))


# --- Operators -----------------------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "The Communications Authority issued a direction requiring Telvane Mobile and Brisk Telecom to remove equipment "
    "supplied by Zorvel Systems.\n",
    "The regulator told Brisk Telecom to replace equipment made by Zorvel Systems by 2027.\n",
    "Brisk Telecom must strip out equipment from Zorvel Systems, the ministry said.\n",
])
def test_an_operator_told_to_remove_gear_is_no_vendor(tmp_path, body):
    assert entities(run(tmp_path, body)).get("Brisk Telecom") == "Organization"
