"""Entity rules of the eighth round, for precision on unseen articles: newspapers and news agencies
are no participants, a job title in apposition makes a person, a state's "centre" is its agency,
a capital in apposition is a city, a group spelled out by the names beside it is those names, a
headline's group of people gives way to the people the story names, a question's opening verb is
no part of a name, organisations named once are background, and a few repairs (capitalised
breadcrumbs, page furniture, a body "on" the company it acts on, sentences around figures, a
back-reference through a place-based modifier). Every name is invented."""

from __future__ import annotations

import pytest

from kg.extract.cleanup import clean
from kg.extract.entities import find_entities
from kg.extract.linking import Catalog
from kg.extract.sentences import analyse
from tests.extract.story import entities, run


def doc_of(body: str):
    text = clean(body)
    tokens, sentences = analyse(text)
    return text, find_entities(text, tokens, sentences, Catalog([]))


def found(body: str) -> dict[str, str]:
    """Name → type of every entity found in ``body`` (groups and untyped names included)."""
    return {e.name: e.type for e in doc_of(body)[1].entities.values()}


def sentences_of(text: str) -> list[str]:
    _tokens, sentences = analyse(text)
    return [text[s.start : s.end] for s in sentences]


# --- Newspapers and news agencies ---------------------------------------------------------------

@pytest.mark.parametrize("body, paper", [
    ("Card payments failed at nine banks, according to figures compiled by the Courier.\n", "Courier"),
    ("Switch to the Harlow Evening Post app for alerts. Velt Bank said the outage was over.\n", "Harlow Evening Post"),
    ("Ostry Bank told the Tarsk Gazette that it would appeal.\n", "Tarsk Gazette"),
    ("The Ministry of Trade fined Kell Systems, the Corvane News Agency reported.\n", "Corvane News Agency"),
    ("Velt Bank declined to comment to Reuters on Tuesday.\n", "Reuters"),
    ("Kell Systems denied the claims in a statement to the Marlow Daily.\n", "Marlow Daily"),
])
def test_a_newspaper_or_news_agency_is_no_entity(body, paper):
    assert paper not in found(body)


def test_a_newspaper_is_no_participant_in_a_story(tmp_path):
    body = ("Brellan Software's faulty update knocked out card payments at Ostry Bank on Monday, "
            "according to figures compiled by the Courier.\n")
    assert "Courier" not in entities(run(tmp_path, body))


@pytest.mark.parametrize("body, name, kind", [
    ("The Harlow Post Office Bank lent Kell Systems the money.\n", "Harlow Post Office Bank", "Bank"),
    ("Orvel Times Systems sold servers to Velt Bank.\n", "Orvel Times Systems", "Vendor"),
])
def test_a_masthead_word_inside_another_name_keeps_it(body, name, kind):
    assert found(body).get(name) == kind


# --- A job title in apposition ------------------------------------------------------------------

@pytest.mark.parametrize("body, person", [
    ("The committee wants Kell chief executive Mirra Salt and Oona Brackwater, the company's president for the region, "
     "to appear before it.\n", "Oona Brackwater"),
    ("Tam Orrick, a senior official at the Ministry of Trade, said the firm had been warned.\n", "Tam Orrick"),
    ("Lise Varrow, the group's chief financial officer, declined to comment.\n", "Lise Varrow"),
    ("The letter was signed by Pell Harrowby, the company's regional manager.\n", "Pell Harrowby"),
])
def test_a_job_title_in_apposition_makes_a_person(body, person):
    assert found(body).get(person) == "Person"


@pytest.mark.parametrize("body", [
    "The ministry questioned Harth Brackley, the company that supplied the radios.\n",
    "Harth Brackley, the maker of the radios, denied the claims.\n",
    "Harth Brackley, the company's executive board said, will appeal.\n",
])
def test_no_title_in_apposition_leaves_the_context_to_decide(body):
    assert found(body).get("Harth Brackley") != "Person"


# --- A state's centre, a capital in apposition -------------------------------------------------

@pytest.mark.parametrize("body, centre", [
    ("Velmara's government met. The assessment was made by the Velmaran Cyber Security Centre (VCSC).\n",
     "Velmaran Cyber Security Centre"),
    ("The Republic of Ostrava acted. The Ostravan Data Centre said the review was over.\n", "Ostravan Data Centre"),
    ("The Republic of Pellaria replied. The Pellarian Cyber Centre found no backdoor.\n", "Pellarian Cyber Centre"),
    ("Velmara's government met. The Cyber Centre of Velmara found no backdoor.\n", "Cyber Centre of Velmara"),
])
def test_a_centre_named_for_a_state_of_the_story_is_a_regulator(body, centre):
    assert found(body).get(centre) == "Regulator"


def test_a_centre_named_for_nothing_of_the_story_stays_an_organisation():
    assert found("The Harlow Research Centre published a study of Kell Systems.\n").get("Harlow Research Centre") != "Regulator"


@pytest.mark.parametrize("body, city", [
    ("Maltby Networks is headquartered in Sarvel, the Rathmorian capital. The deal was not welcome in Sarvel. "
     "It is not Sarvel's trade ministry that decides.\n", "Sarvel"),
    ("Kell Systems moved to Dorrant, capital of Vessary. Dorrant's ministries protested.\n", "Dorrant"),
    ("Officials in Holvane, the country's capital, said Holvane's government would respond.\n", "Holvane"),
])
def test_a_capital_in_apposition_is_a_city_not_a_state(body, city):
    assert found(body).get(city) in ("Place", None)


# --- Groups spelled out by names; headline groups --------------------------------------------------

def collectives(body: str) -> list[str]:
    return [c.text for group in doc_of(body)[1].collectives for c in group]


@pytest.mark.parametrize("body, group", [
    ("Velo Telecom and Brisk Mobile, the two largest operators, had bought the radios in bulk.\n", "two largest operators"),
    ("The commission excluded two of its member companies, Hanlow Networks and Kelby Radio, from the tender.\n", "member companies"),
    ("Three lenders - Pellow Bank, Arden Bank and Harl Bank - reported outages.\n", "Three lenders"),
])
def test_a_group_spelled_out_by_names_is_those_names(body, group):
    assert not any(group in c for c in collectives(body))


@pytest.mark.parametrize("body, group", [
    ("The regulator ordered domestic banks to report their cloud contracts.\n", "domestic banks"),
    ("Prosecutors charged two former Kell engineers, Rasmus Tell and Nadia Korr, with espionage.\n", "former Kell engineers"),
    ("Five Orvanian lenders, including Pellow Bank, reported outages.\n", "Orvanian lenders"),
])
def test_a_group_not_spelled_out_stays(body, group):
    assert any(group in c for c in collectives(body))


@pytest.mark.parametrize("body", [
    "Pomerant charges two Gorsel executives over laser exports\nProsecutors indicted two executives of Gorsel "
    "Instruments, Lars Hvid and Corra Abbet, on Wednesday.\n",
    "Tarsk summons Pallow executives after shipments halt\nThe ministry summoned senior executives of Pallow "
    "Lithography on Thursday.\n",
])
def test_a_headline_group_of_people_gives_way_to_the_body(body):
    headline = body.split("\n")[0]
    assert not any(c in headline for c in collectives(body) if "executives" in c)


# --- Question openers, breadcrumbs, page furniture ---------------------------------------------

@pytest.mark.parametrize("body, wrong, right", [
    ("Some of your neighbours have coordinated their controls. Is Torvessa going it alone?\n", "Is Torvessa", "Torvessa"),
    ("Does Kell Systems still sell to Velt Bank?\n", "Does Kell Systems", "Kell Systems"),
    ("Has Ostry Bank paid the fine yet?\n", "Has Ostry Bank", "Ostry Bank"),
])
def test_a_question_opening_verb_is_no_part_of_a_name(body, wrong, right):
    names = found(body)
    assert wrong not in names and right in names


@pytest.mark.parametrize("line", [
    "POLICY / CHIPS", "MARKETS / BANKING / CLOUD", "NEWS / WORLD AFFAIRS",
    "We use cookies to improve your experience. Accept all | Manage preferences",
    "Switch to the Harlow Evening Post app for breaking news alerts",
    "Is your supply chain export-control ready? Book a free 30-minute assessment ›",
    "By the Coastline Quarterly features desk",
    "Media relations: press@ostrybank.example | +00 20 7946 0381",
    "Sponsored by a partner",
])
def test_page_furniture_is_blanked(line):
    assert clean(line + "\nKell Systems was fined.\n").split("\n")[0].strip() == ""


@pytest.mark.parametrize("line", [
    "The bank said it would learn more about the outage from Kell Systems.",
    "The regulator will open the app store review next week.",
    "By the time the bureau acted, Kell Systems had gone.",
    "Kell Systems / Ostry Bank dispute goes to court",
])
def test_story_lines_are_kept(line):
    assert clean(line + "\n").strip() == line


# --- A body "on" a company ------------------------------------------------------------------------

@pytest.mark.parametrize("body, body_name, company", [
    ("The fine imposed by the Banking Authority on Ostry Bank was upheld.\n", "Banking Authority", "Ostry Bank"),
    ("Sanctions of the Trade Ministry on Kell Semiconductor Corp hurt sales.\n", "Trade Ministry", "Kell Semiconductor Corp"),
    ("A penalty by the Data Regulator on Velt Networks Ltd stands.\n", "Data Regulator", "Velt Networks Ltd"),
])
def test_a_body_acting_on_a_company_is_two_names(body, body_name, company):
    names = found(body)
    assert body_name in names and company in names


@pytest.mark.parametrize("body, name", [
    ("The Standing Committee on Digital Security met on Monday.\n", "Standing Committee on Digital Security"),
    ("The Commission on Payment Systems met on Monday.\n", "Commission on Payment Systems"),
    ("The Council on Foreign Investment Review met on Monday.\n", "Council on Foreign Investment Review"),
])
def test_a_body_named_for_its_subject_keeps_its_on(body, name):
    assert name in found(body)


# --- A technology company's legal name; organisations named once ----------------------------------

@pytest.mark.parametrize("body, name", [
    ("The ministry listed Zorin Semiconductor Manufacturing Corporation on Friday.\n", "Zorin Semiconductor Manufacturing Corporation"),
    ("Shares in Halden Cloud Infrastructure Ltd fell.\n", "Halden Cloud Infrastructure Ltd"),
    ("Orvel Photonic Systems Inc was named in the order.\n", "Orvel Photonic Systems Inc"),
])
def test_a_technology_company_by_its_legal_name_is_a_vendor(body, name):
    assert found(body).get(name) == "Vendor"


@pytest.mark.parametrize("body, name", [
    ("Kell Systems must pay the fine to the Authority, which will pay it into the Consolidated Fund.\n", "Consolidated Fund"),
    ("The figures come from a study by the Harlow Institute published last year. Ostry Bank was fined.\n", "Harlow Institute"),
    ("Kell Systems sponsors the Dorrant Chess Club. The ministry fined Kell Systems.\n", "Dorrant Chess Club"),
])
def test_an_organisation_named_once_is_background(tmp_path, body, name):
    assert name not in entities(run(tmp_path, body))


@pytest.mark.parametrize("body, name", [
    ("Brisk Wireless said its network was unaffected.\n", "Brisk Wireless"),
    ("Skyvale Airways cancelled 40 flights after the outage.\n", "Skyvale Airways"),
])
def test_an_operator_named_once_is_listed(tmp_path, body, name):
    assert entities(run(tmp_path, body)).get(name) == "Organization"


# --- Sentences around figures; back-references through a place -----------------------------------

@pytest.mark.parametrize("text, expected", [
    ("It paid $2.3m. The bank appealed.", ["It paid $2.3m.", "The bank appealed."]),
    ("It paid €4.2bn. Velt Bank said so.", ["It paid €4.2bn.", "Velt Bank said so."]),
    ("It paid approx. $2.3 billion to the Authority.", ["It paid approx. $2.3 billion to the Authority."]),
    ("Kell was fined Rs. 40 crore by the Authority.", ["Kell was fined Rs. 40 crore by the Authority."]),
    ("Orvel Ltd. paid the fine. Then it appealed.", ["Orvel Ltd. paid the fine.", "Then it appealed."]),
])
def test_sentences_around_figures(text, expected):
    assert sentences_of(text) == expected


@pytest.mark.parametrize("body, entity, phrase", [
    ("Ostry Bank was fined on Monday. The Sellmark-based lender said it would appeal.\n", "ostry-bank", "The Sellmark-based lender"),
    ("Kell Systems sells routers. The Vessarian company later denied the claims.\n", "kell-systems", "The Vessarian company"),
    ("Orvel Networks lost the tender. The Dorrant-based firm will appeal.\n", "orvel-networks", "The Dorrant-based firm"),
])
def test_a_back_reference_through_a_place_modifier(body, entity, phrase):
    _text, doc = doc_of(body)
    assert phrase in [m.text for m in doc.entities[entity].mentions]


@pytest.mark.parametrize("body, state", [
    ("Orvel Radio is headquartered in Tirvane. The alliance asked the Government of Tirvane to protest.\n", "Tirvane"),
    ("Kell Systems, based in Dorvania, was excluded. The Government of Dorvania said nothing.\n", "Dorvania"),
    ("Ostry Bank moved its data to Harlov. The Government of Harlov welcomed it.\n", "Harlov"),
])
def test_a_government_of_a_name_makes_it_a_state(body, state):
    assert found(body).get(state) == "Country"


def test_a_government_of_a_portfolio_names_no_state():
    names = found("The Government of National Unity fined Kell Systems.\n")
    assert not any(kind == "Country" for kind in names.values())


# --- State-media forms: a body, a title and a name in one run; days as sentence openers ----------

@pytest.mark.parametrize("body, body_name, person", [
    ("Foreign Ministry Spokesperson Lin Qarov said the move was wrong.\n", "Foreign Ministry", "Lin Qarov"),
    ("Finance Ministry Secretary-General Pell Harrow agreed with the ban.\n", "Finance Ministry", "Pell Harrow"),
    ("Defence Ministry spokesman Tam Orrick declined to comment.\n", "Defence Ministry", "Tam Orrick"),
])
def test_a_ministry_title_and_name_are_a_body_and_a_person(body, body_name, person):
    names = found(body)
    assert names.get(body_name) == "Regulator" and names.get(person) == "Person"


@pytest.mark.parametrize("body", [
    "Yesterday Vessary added Harlan Semiconductor to its list.\n",
    "Today Ostry Bank said it would appeal.\n",
    "Earlier Kell Systems denied the claims.\n",
])
def test_a_day_word_opening_a_sentence_is_no_name(body):
    assert not any(n.split()[0] in ("Yesterday", "Today", "Earlier") for n in found(body))


# --- A product named after its owner ---------------------------------------------------------------

@pytest.mark.parametrize("body, product", [
    ("Orvel Cloud Services failed to patch a flaw in its Skyvault storage platform.\n", "Skyvault"),
    ("Kell Systems said its Lumenar app had been withdrawn.\n", "Lumenar"),
    ("Regulators examined Orvel's Brightmast software after the outage.\n", "Brightmast"),
])
def test_a_product_named_after_its_owner_is_no_entity(body, product):
    assert product not in found(body)


def test_a_vendor_named_on_its_own_elsewhere_stays():
    body = "Ostry Bank replaced its Tidewell software. Tidewell said the update was faulty.\n"
    assert found(body).get("Tidewell") is not None
