"""Entity rules of round 15 (the seventh tuning round), each written against a kind of word or
construction: a demonym that opens a public body's name and stands alone names a state, a body
named once that speaks or complains takes part, a body named for its members with a plural
possessive ("Bankers' Association") is one name, products named like people are no persons, a
company whose bracketed short form comes before what it makes is a vendor, where people speak to reporters is a town,
a CERT is a public body, and a word in brackets inside a law's title names no one. Every name is
invented."""

from __future__ import annotations

import pytest

from tests.extract.story import entity_stage as entities
from tests.extract.story import entity_types as found

# --- A demonym that opens a public body's name ----------------------------------------------------

@pytest.mark.parametrize("body, demonym", [
    ("A faulty patch crashed the Quenrovian lender's servers. The Quenrovian Prudential Authority asked for a report.\n",
     "Quenrovian"),
    ("Several Talmerish exporters were hit. The Talmerish Competition Commission opened an inquiry into Velt Systems.\n",
     "Talmerish"),
    ("The Ostrevian operator said service was back. The Ostrevian Communications Regulator fined Harl Networks.\n",
     "Ostrevian"),
])
def test_a_demonym_beside_its_states_public_body_names_the_state(body, demonym):
    assert found(body).get(demonym) == "Country", found(body)


@pytest.mark.parametrize("body", [
    "The Quenrovian Bank said its servers were down. Quenrovian shares fell.\n",
    "Harl Networks said it had fixed the fault. The Harlovian Group declined to comment.\n",
])
def test_a_companys_first_word_stays_its_own_name(body):
    assert "Country" not in found(body).values(), found(body)


# --- A body named once that speaks takes part -------------------------------------------------------

@pytest.mark.parametrize("body, name", [
    ("The Velmar Savings Banks Association, which represents 41 lenders, wrote to the regulator in August.\n",
     "Velmar Savings Banks Association"),
    ("The inquiry followed a complaint by the Ostrel Digital Rights Forum, a civil-society organisation.\n",
     "Ostrel Digital Rights Forum"),
    ("The Tarnby Consumers Union said the outage at Pell Bank had hurt its members.\n", "Tarnby Consumers Union"),
    ("According to the Harlow Payments Association, the outage cost shops dearly.\n", "Harlow Payments Association"),
])
def test_a_body_named_once_that_speaks_is_no_background(body, name):
    entity = entities(body).get(name)
    assert entity is not None and entity.type == "Organization" and not entity.weak, entities(body)


@pytest.mark.parametrize("body, name", [
    ("The penalty will be paid into the Tessary Consolidated Fund.\n", "Tessary Consolidated Fund"),
    ("A study by the Harlow Institute found the same fault.\n", "Harlow Institute"),
])
def test_a_body_named_once_in_passing_stays_background(body, name):
    entity = entities(body).get(name)
    assert entity is None or entity.weak, entities(body)


# --- A plural possessive inside a body's name -------------------------------------------------------

@pytest.mark.parametrize("body, name", [
    ("The Borvish Bankers' Association wrote to the ministry on Monday.\n", "Borvish Bankers' Association"),
    ("The Tarsk Farmers’ Union said it would protest.\n", "Tarsk Farmers’ Union"),
    ("The Velmar Employers' Federation welcomed the ruling.\n", "Velmar Employers' Federation"),
])
def test_a_body_named_for_its_members_is_one_name(body, name):
    assert found(body).get(name) == "Organization", found(body)


def test_a_plural_possessive_before_a_common_noun_ends_the_name():
    entities_found = found("The Orvel Systems' engineers said the fault was fixed.\n")
    assert "Orvel Systems" in entities_found and not any("engineers" in n for n in entities_found), entities_found


# --- Products named like people; an app maker -------------------------------------------------------

@pytest.mark.parametrize("body, product", [
    ("Tessapp Ltd, the developer of the Tessapp Pay and Tessapp Chat mobile applications, settled.\n", "Tessapp Chat"),
    ("Regulators said the Mirren Talk app and the Mirren Talk platform leaked data.\n", "Mirren Talk"),
    ("The Orla Snap apps were withdrawn after the Orla Snap products failed a review.\n", "Orla Snap"),
])
def test_products_named_like_people_are_no_persons(body, product):
    assert found(body).get(product) != "Person", found(body)


@pytest.mark.parametrize("body, name", [
    ('The commission settled with Kelwave Apps Private Limited ("Kelwave"), the developer of the Kelwave Pay app.\n',
     "Kelwave Apps Private Limited"),
    ("The ministry fined Tessapp Pvt Ltd (Tessapp), a maker of payment terminals, on Monday.\n", "Tessapp Pvt Ltd"),
    ('Regulators named Mirren Holdings AG ("Mirren"), the supplier of the bank\'s core software.\n', "Mirren Holdings AG"),
])
def test_a_company_with_its_short_form_then_what_it_makes_is_a_vendor(body, name):
    assert found(body).get(name) == "Vendor", found(body)


# --- Where people speak is a town -------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "The chairman of Pell Bank told reporters in Sennora that the fine was fair.\n",
    "Officials of Orvel Systems spoke at a news conference in Sennora on Monday.\n",
    "The minister, speaking in Sennora, said the ban on Orvel Systems stood.\n",
])
def test_where_people_speak_to_reporters_is_no_state(body):
    assert found(body).get("Sennora") != "Country", found(body)


def test_a_seat_with_a_states_ending_is_still_a_state():
    assert found("Orvel Systems is headquartered in Jundelia.\n").get("Jundelia") == "Country"


# --- A national CERT; a word in brackets inside a law's title ----------------------------------------

@pytest.mark.parametrize("name", ["Cymbrian Computer Emergency Response Team", "National Computer Incident Response Team",
                                  "Velmar Cyber Incident Response Team"])
def test_a_response_team_is_a_public_body(name):
    body = f"The {name} helped analyse the app made by Orvel Systems.\n"
    assert found(body).get(name) == "Regulator", found(body)


@pytest.mark.parametrize("body", [
    "Under the Foreign Investment (Screening) Act of 2020, the board reviewed the deal.\n",
    "The Banking (Amendment) Regulations require Pell Bank to report outages.\n",
    "The Telecoms (Security) Bill was passed on Tuesday.\n",
])
def test_a_word_in_brackets_in_a_laws_title_names_no_one(body):
    assert not {"Screening", "Amendment", "Security"} & set(found(body)), found(body)


# --- A product in apposition with its maker; the state's account; makers listed together -------------

@pytest.mark.parametrize("body, product", [
    ("The banks must move to Nordlen, a core-banking system developed by Helm Systems, by 2026. Nordlen was certified.\n",
     "Nordlen"),
    ("Pell Bank runs Skyvault, the storage platform sold by Orvel Systems. Skyvault failed on Monday.\n", "Skyvault"),
    ("Regulators examined Tessor, a payments app that was built by Kelwave Apps. Tessor was suspended.\n", "Tessor"),
])
def test_a_product_in_apposition_with_its_maker_is_no_agent(body, product):
    assert product not in found(body), found(body)


def test_a_company_in_apposition_with_its_maker_of_products_stays():
    body = "Orvel Systems, a company that sells routers, was fined. Orvel Systems appealed.\n"
    assert found(body).get("Orvel Systems") == "Vendor", found(body)


@pytest.mark.parametrize("body, name", [
    ("8. Ferrow Ltd must pay the penalty to the Authority. The penalty will be paid into the Consolidated Fund.\n",
     "Consolidated Fund"),
    ("The fine goes to the Treasury Reserve Account, the ministry said.\n", "Treasury Reserve Account"),
    ("The money was transferred into the National Compensation Fund on Friday.\n", "National Compensation Fund"),
])
def test_an_account_money_is_paid_into_is_no_agent(body, name):
    assert name not in found(body), found(body)


def test_a_fund_that_acts_stays():
    body = "The Tessary Pension Fund sued Orvel Systems. The Tessary Pension Fund said it lost money.\n"
    assert "Tessary Pension Fund" in found(body), found(body)


@pytest.mark.parametrize("body, name", [
    ("The commission excluded two member companies, Hanbry Networks and Kelmor Radio, from the tender.\n", "Kelmor Radio"),
    ("Kelmor Radio and Hanbry Networks were barred from supplying base stations.\n", "Kelmor Radio"),
    ("The ban covers Ostra Television, Hanbry Networks and Velt Systems.\n", "Ostra Television"),
])
def test_a_broadcast_name_listed_with_vendors_is_a_vendor(body, name):
    assert found(body).get(name) == "Vendor", found(body)


def test_a_broadcaster_alone_stays_an_organisation():
    body = "Kelmor Radio reported that Hanbry Networks was fined. Kelmor Radio said the fine was large.\n"
    assert found(body).get("Kelmor Radio") == "Organization", found(body)
