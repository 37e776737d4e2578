"""Entity rules of round 16 (the eighth tuning round), each written against a kind of word or
construction: brokerages are a group of financial firms, a lone word right after a company's name
("X Software of Town", "X LLC (Town)") or in its address ("X Ltd, Town, Country", "12 Y Road, Town,
Country") is a town, a company that runs an app in a relative clause is a vendor, and the words that
type a bare name stop at a line break (a heading above is not an apposition). Every name is invented."""

from __future__ import annotations

import pytest

from kg.extract.cleanup import clean
from kg.extract.sentences import analyse
from tests.extract.story import entity_types as found

# --- Brokerages are a group ---------------------------------------------------------------------

@pytest.mark.parametrize("body, group", [
    ("The commission began a review of how the country's 14 largest brokerages oversee outsourced systems.\n",
     "the country's 14 largest brokerages"),
    ("The Markets Authority fined three online brokerages over the outage at Quellin Systems.\n",
     "three online brokerages"),
    ("The regulator told domestic brokers to test their backup links to Ostrel Cloud.\n", "domestic brokers"),
])
def test_brokerages_are_a_group_of_financial_firms(body, group):
    from kg.extract.mentions import collective_mentions

    text = clean(body)
    _, sentences = analyse(text)
    groups = {m.text: m.type for s_index, s in enumerate(sentences) for m in collective_mentions(text, s, s_index)}
    assert groups.get(group) == "Bank", groups


# --- A company's town ---------------------------------------------------------------------------

@pytest.mark.parametrize("body, town, company", [
    ("The contract went to Brightmere Software of Lunebourg, which beat two rivals. The Dravenish "
     "Ministry of Finance later fined Brightmere Software.\n", "Lunebourg", "Brightmere Software"),
    ("The order names Kelvane Data LLC (Krastograd) and Ostrin Labs Ltd (Pellmarch).\n", "Krastograd", "Kelvane Data LLC"),
    ("The order names Kelvane Data LLC (Krastograd) and Ostrin Labs Ltd (Pellmarch).\n", "Pellmarch", "Ostrin Labs Ltd"),
    ("Tarvel Networks of Hossberg said it would appeal against the fine.\n", "Hossberg", "Tarvel Networks"),
])
def test_a_lone_word_after_a_companys_name_is_its_town(body, town, company):
    types = found(body)
    assert types.get(town) == "Place", types
    assert types.get(company) in ("Vendor", "Organization"), types


@pytest.mark.parametrize("body", [
    "Pell Bank of Tarsk said it had moved its systems. Tarsk officials declined to comment.\n",
    "Ostrin Labs (OL) said it would appeal. Dorvan Bank agreed.\n",
    "The ministry fined Tessapp Pvt Ltd (Tessapp), a maker of payment terminals, on Monday.\n",
    "The Bank of Vellmark (BoV) began a review of Corlin Bank. BoV said the review would take a month.\n",
])
def test_a_name_that_is_part_of_the_company_or_its_short_form_is_no_town(body):
    assert "Place" not in found(body).values(), found(body)


@pytest.mark.parametrize("body, town, country", [
    ("To: Ferrow Cloud Services Ltd\nRegistered office: 12 Calder Row, Marlbridge, Trundavia\n\n"
     "The Trundavian Data Authority has decided to fine Ferrow Cloud Services Ltd for failing to report a breach.\n",
     "Marlbridge", "Trundavia"),
    ("The following entities are added to the list:\n\n1. Halvern Microdevices Co., Ltd., Pellgrad, Ostravia;\n"
     "2. Quenta Optics Limited, Sannport, Ostravia.\n", "Pellgrad", "Ostravia"),
    ("Notices were served on Varn Data GmbH, Kettering, Dolmaria, and on two of its clients.\n", "Kettering", "Dolmaria"),
])
def test_a_town_in_an_address_and_the_country_after_it(body, town, country):
    types = found(body)
    assert types.get(country) == "Country", types
    assert types.get(town) in ("Place", None), types  # a town is never a second organisation


# --- A company that runs an app -------------------------------------------------------------------

@pytest.mark.parametrize("body, company", [
    ('Tavrin Holdings owns Murvel Plaza LLC ("Murvel Plaza"), which operates the Murvel short-video application '
     'for users in Zemlova. The Committee ordered Tavrin Holdings to sell Murvel Plaza LLC.\n', "Murvel Plaza LLC"),
    ("Kessin Ardo Ltd, which runs the Tamber messaging app, said it would appeal. The Dravenish Ministry of Trade "
     "fined Kessin Ardo Ltd.\n", "Kessin Ardo Ltd"),
    ("Orlen Vask LLC, which develops the Pario payments platform, was added to the list. Orlen Vask LLC denied "
     "wrongdoing.\n", "Orlen Vask LLC"),
])
def test_a_company_that_runs_an_app_is_a_vendor(body, company):
    types = {name.rstrip("."): kind for name, kind in found(body).items()}
    assert types.get(company) == "Vendor", types


# --- Cues stop at a line break --------------------------------------------------------------------

@pytest.mark.parametrize("body, town", [
    ("Dunlin Payments settles with the Financial Conduct Regulator\n\nLONDERRY, 12 April 2024 -- Dunlin Payments "
     "said it had settled. Dunlin Payments is headquartered in Londerry.\n", "Londerry"),
    ("Outage: statement of the telecoms watchdog\n\nHARVIK, 3 May -- Brel Mobile said service was back. "
     "Brel Mobile has its head office in Harvik.\n", "Harvik"),
])
def test_a_heading_above_a_dateline_does_not_type_the_town(body, town):
    assert found(body).get(town) != "Regulator", found(body)


@pytest.mark.parametrize("body, name", [
    ("Velt Data announces settlement with the Financial Conduct Regulator\n\nVelt Data said on Monday it had settled "
     "with the Financial Conduct Regulator.\n", "Velt Data"),
    ("Orsk Pay agrees to pay fine imposed by the payments watchdog\n\nOrsk Pay said it would pay the fine.\n", "Orsk Pay"),
])
def test_a_regulator_named_later_in_the_line_does_not_make_a_company_one(body, name):
    assert found(body).get(name) != "Regulator", found(body)


@pytest.mark.parametrize("body, name, kind", [
    ("The fine was imposed on Pellow, a mid-sized lender, after its app failed. Pellow said it would pay.\n", "Pellow", "Bank"),
    ("The complaint went to Orvel, the telecoms regulator, in May. Orvel said it would decide by June.\n", "Orvel", "Regulator"),
])
def test_a_kind_in_apposition_still_types_the_name(body, name, kind):
    assert found(body).get(name) == kind, found(body)
