"""Entity rules of round 14 (the sixth tuning round), each written against a kind of word or
construction: titles before a name (abbreviated, plural, qualified) and initials make persons, a
signature keeps its compound title and the body below it, a law's or a list's title stays whole,
a company's two legal suffixes end one name, a court's chamber is the court, an ordinary word
capitalised is no people's name, "X, the bank said" is a new clause, a state's bank is its
regulator, a national body "of X" and "in X" with a state's ending name a state. Every name is
invented."""

from __future__ import annotations

import pytest

from kg.extract.cleanup import clean
from tests.extract.story import entity_types as found

# --- Titles and initials make persons -----------------------------------------------------------

@pytest.mark.parametrize("body, person", [
    ('"These rules go too far," said Dr. Renna Ferrow-Oakes, chair of the Velmar Chip Association.\n', "Renna Ferrow-Oakes"),
    ("Prof. Ilsa Vandt told the committee that Kestrel Semiconductors had complied.\n", "Ilsa Vandt"),
    ("The panel, composed of Presiding Judge Ottla Varnby and two other judges, ruled on Friday.\n", "Ottla Varnby"),
    ("Acting Governor Pell Sarrow of the Monetary Board of Quessaly signed the order.\n", "Pell Sarrow"),
    ("The bench of Judges K. Mendrow and T. Aasby dismissed the appeal of Brondle Memory Co.\n", "K. Mendrow"),
    ("The bench of Judges K. Mendrow and T. Aasby dismissed the appeal of Brondle Memory Co.\n", "T. Aasby"),
    ("The order was signed by A. J. Tollvik on behalf of the Trade Office.\n", "A. J. Tollvik"),
])
def test_titles_and_initials_make_persons(body, person):
    entities = found(body)
    assert entities.get(person) == "Person", entities
    assert not any(name.startswith(("Dr", "Prof", "Presiding", "Acting", "Judges")) for name in entities), entities


@pytest.mark.parametrize("body", [
    "Presiding Judge Ottla Varnby read the ruling.\n",
    "Acting Director Hal Premm of the Customs Office spoke.\n",
    "Senior Judge Mira Kolst dissented.\n",
])
def test_a_title_qualifier_is_no_organisation(body):
    entities = found(body)
    assert not any(t == "Organization" for t in entities.values()), entities


@pytest.mark.parametrize("title", ["Director-General", "Deputy Registrar", "Chief Executive"])
def test_a_signature_keeps_its_compound_title_and_the_body_below(title):
    body = ("NOTICE\n\n1. The National Procurement Office of Varnesse excludes Zentra Networks from public tenders "
            "with effect from 1 May 2024.\n\nIssued at Holmbury, 2 May 2024\n\n"
            f"Anselm Kortenby\n{title}\nNational Procurement Office\n")
    cleaned = clean(body)
    assert "Anselm Kortenby" in cleaned and title in cleaned
    assert found(body).get("Anselm Kortenby") == "Person"


# --- Whole titles of laws and lists, whole company names -----------------------------------------

@pytest.mark.parametrize("body, part", [
    ("The Ministry entered Brondle Memory on the Restricted Foreign Parties List on Tuesday.\n", "Parties List"),
    ("The Ministry entered Brondle Memory on the Restricted Foreign Parties List on Tuesday.\n", "Restricted"),
    ("Pelvin Bank breached the Outsourcing and Operational Resilience Regulations 2019.\n", "Outsourcing"),
    ("Kessel Bank broke the Payments and Settlement Act when it moved its ledgers.\n", "Payments"),
    ("The fine was set under the Security and Resilience Rules of the Authority.\n", "Security"),
])
def test_a_law_or_list_title_leaves_no_fragment(body, part):
    assert part not in found(body)


@pytest.mark.parametrize("body, name", [
    ("The Office excluded Zanthor Networks Co., Ltd. and Ombrel Cloud Services from tenders.\n", "Zanthor Networks Co., Ltd."),
    ("Rivamo Photonics Co., Ltd. said it would appeal.\n", "Rivamo Photonics Co., Ltd."),
    ("The ban covers Hestor Devices Co., Ltd., a router maker.\n", "Hestor Devices Co., Ltd."),
])
def test_two_legal_suffixes_end_one_name(body, name):
    entities = found(body)
    assert name in entities, entities
    assert not any(n.startswith("Ltd") for n in entities), entities


@pytest.mark.parametrize("body, court", [
    ("On 17 January the Third Chamber of the High Administrative Court of Edrova delivered judgment.\n",
     "High Administrative Court of Edrova"),
    ("The First Division of the Supreme Court dismissed the appeal of Kellan Systems.\n", "Supreme Court"),
    ("A Panel of the Competition Appeal Tribunal heard Orvel Networks on Monday.\n", "Competition Appeal Tribunal"),
])
def test_a_chamber_of_a_court_is_the_court(body, court):
    entities = found(body)
    assert court in entities, entities
    assert not any(n.lower().startswith(("chamber", "division", "panel")) for n in entities), entities


# --- Ordinary words are not names or types --------------------------------------------------------

@pytest.mark.parametrize("body, word", [
    ("The association polled its 62 member companies. Member companies report cancelled orders.\n", "Member"),
    ("Its partner banks were hit. Partner banks said card payments failed.\n", "Partner"),
    ("Most retail lenders use the system. Retail lenders said they had no choice.\n", "Retail"),
])
def test_a_capitalised_ordinary_word_is_no_people(body, word):
    assert word not in found(body)


@pytest.mark.parametrize("body, place", [
    ("Dorrow Bank began trialling servers at its data centre in Maltrevo, the bank said on Thursday.\n", "Maltrevo"),
    ("The outage hit branches in Kessmoor, the lender said.\n", "Kessmoor"),
    ("Staff were moved to an office in Pellborough, the regulator confirmed.\n", "Pellborough"),
])
def test_a_speaker_after_a_comma_types_no_place(body, place):
    assert found(body).get(place) not in ("Bank", "Regulator")


# --- States and their banks and bodies ---------------------------------------------------------------

@pytest.mark.parametrize("body, bank", [
    ("Kello Cloud serves banks in Trundavia. The matter was referred to the Authority by the Bank of Trundavia.\n",
     "Bank of Trundavia"),
    ("NATIONAL BANK OF ORVALIA\n\nThe National Bank of Orvalia has told all commercial banks to report their use of Sentrel Cloud.\n",
     "National Bank of Orvalia"),
    ("The Central Bank of Dremnia asked lenders in Dremnia for their outage plans.\n", "Central Bank of Dremnia"),
])
def test_a_states_bank_is_a_regulator(body, bank):
    assert found(body).get(bank) == "Regulator"


def test_a_states_bank_listed_among_banks_stays_a_bank():
    body = "In Trundavia the outage hit Harl Bank, Bank of Trundavia and Cress Savings Bank for a day.\n"
    assert found(body).get("Bank of Trundavia") == "Bank"


@pytest.mark.parametrize("body, state", [
    ("The National Cyber Security Centre of Lumbrovia sent its findings to the Office.\n", "Lumbrovia"),
    ("The High Administrative Court of Edrova annulled the listing. No person in Edrova may supply the firm.\n", "Edrova"),
    ("The Supreme Court of Varnesse upheld the fine on Kell Systems.\n", "Varnesse"),
    ("NATIONAL BANK OF ORVALIA\n\nThe National Bank of Orvalia has told all commercial banks to report their use of Sentrel Cloud.\n",
     "Orvalia"),
])
def test_a_national_bodys_of_names_a_state(body, state):
    assert found(body).get(state) == "Country"


@pytest.mark.parametrize("body, state", [
    ("Member companies report that customers in Selkirra have begun cancelling orders.\n", "Selkirra"),
    ("Sales to buyers in Marvonia fell by a third, Tellow Chips said.\n", "Marvonia"),
    ("The firm has 300 engineers in Quessland working on the chips.\n", "Quessland"),
])
def test_in_a_name_with_a_states_ending_is_a_state(body, state):
    assert found(body).get(state) == "Country"


@pytest.mark.parametrize("body, town", [
    ("Reporters gathered in Holvik, Luthmere, on Monday.\n", "Holvik"),
    ("The bank has a branch in Dorrow, a port town.\n", "Dorrow"),
    ("Zarvonia's embassy in Ostrava protested against the ban.\n", "Ostrava"),
    ("The consulate in Velmora issued a statement on Tuesday.\n", "Velmora"),
])
def test_in_a_town_stays_a_place(body, town):
    assert found(body).get(town) != "Country"
