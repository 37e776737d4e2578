"""Entity rules found by the seventh round, from invented text in the forms that fail on unseen
articles (headlines, press releases, court papers, notices, live blogs): towns named by their
airports and place words, short forms placed "to" a company, standards and treaties that are no
agents, suppliers in apposition, appositions that name another body, unions of members, paired
bank heads, a generation of mobile networks, a maker's gear, stock listings, portfolio words
before a body, offices named for their holders, industry bodies, industry words that are no
surnames, court roles, honours after a name, states where goods are sent. Every name is invented."""

from __future__ import annotations

import pytest

from kg.extract.cleanup import clean
from kg.extract.entities import find_entities
from kg.extract.linking import Catalog
from kg.extract.sentences import analyse
from tests.extract.story import entity_types as found


def names_of(body: str) -> dict[str, set[str]]:
    """Name → aliases of every entity found in ``body``."""
    text = clean(body)
    tokens, sentences = analyse(text)
    doc = find_entities(text, tokens, sentences, Catalog([]))
    return {e.name: set(e.aliases) for e in doc.entities.values()}


# --- Towns named by what is in them ------------------------------------------------------------

@pytest.mark.parametrize("body, town", [
    ("Skyvale Air could not check in passengers at Estrel airport for six hours.\n", "Estrel"),
    ("Our correspondent at Merrowby's airport says the boards are blank.\n", "Merrowby"),
    ("Queues formed outside the Dorrin railway station as Pellow Bank's card machines failed.\n", "Dorrin"),
    ("Shops near the Halvik harbour took only cash on Tuesday.\n", "Halvik"),
])
def test_a_name_before_an_airport_or_station_is_a_town(body, town):
    assert found(body).get(town) == "Place"


@pytest.mark.parametrize("body, town", [
    ("The Ministry of Trade said it would publish a list of companies in Tessel City, Tavaria.\n", "Tessel City"),
    ("Orrin Photonics moved its laboratory to Harl Island last year.\n", "Harl Island"),
    ("Shipments left from Corran Heights on Monday.\n", "Corran Heights"),
])
def test_a_name_ending_in_a_place_word_is_a_place(body, town):
    assert found(body).get(town) == "Place"


# --- Short forms ---------------------------------------------------------------------------------

@pytest.mark.parametrize("body, full", [
    ("Trade Bureau Fines Caskel Networks for Shipments to Sunvex\nCaskel Networks shipped switches to Sunvex "
     "Microelectronics without licences. Goods went to Sunvex through a trader. Staff knew they were for Sunvex.\n",
     "Sunvex Microelectronics"),
    ("Exports to Torrel were halted. Torrel Semiconductor is on the list. Orders to Torrel fell.\n", "Torrel Semiconductor"),
])
def test_a_short_form_sent_to_is_still_the_company(body, full):
    named = names_of(body)
    assert "Sunvex" not in named and "Torrel" not in named
    assert full.split()[0] in named[full]


def test_a_short_form_mostly_in_a_town_stays_the_town():
    body = ("Lunebourg Savings Bank was fined. Staff in Lunebourg said the branch was shut. "
            "Protests in Lunebourg followed.\n")
    assert "Lunebourg" not in names_of(body).get("Lunebourg Savings Bank", set())


# --- Names that name no agent ---------------------------------------------------------------------

@pytest.mark.parametrize("body, document", [
    ("The product does not meet the Directorate's Baseline Assurance Standard for such systems.\n", "Baseline Assurance Standard"),
    ("Both states signed the Coastal Data Protocol in 2019.\n", "Coastal Data Protocol"),
    ("The ministry cited the Clean Supply Chain Policy when it barred Halden Networks.\n", "Clean Supply Chain Policy"),
    ("Tarsk invoked the Orvel Investment Treaty against the ban.\n", "Orvel Investment Treaty"),
])
def test_standards_treaties_and_policies_are_no_agents(body, document):
    assert document not in found(body)


@pytest.mark.parametrize("body", [
    "Halden Digital AB (Nasdaq Lindqvist: HALD), a provider of messaging software, reported a loss.\n",
    "Korvane Systems Inc. (Dorrin Exchange: KRV) said it would appeal.\n",
])
def test_a_stock_listing_is_no_party(body):
    kinds = found(body)
    assert "Nasdaq Lindqvist" not in kinds and "Dorrin Exchange" not in kinds


@pytest.mark.parametrize("body", [
    "The Applicant seeks an order against Kessoft Ltd. The Applicant says the notice was unlawful.\n",
    "The Petitioner, Vessick Mobile, asks the court to quash the decision. The Petitioner relies on two grounds.\n",
    "The Plaintiff claims damages from Orbis Cloud. The Plaintiff says the contract was broken.\n",
])
def test_court_roles_are_no_names(body):
    kinds = found(body)
    assert not {"Applicant", "Petitioner", "Plaintiff"} & set(kinds)


# --- Types --------------------------------------------------------------------------------------

@pytest.mark.parametrize("body, vendor", [
    ("The review covers the bank's oversight of its systems integrator, Elderwick Systems Integration Ltd., "
     "and of its cloud provider.\n", "Elderwick Systems Integration Ltd."),
    ("Arden Bank said its outsourcing contractor, Harlow Integration Ltd., was cooperating.\n", "Harlow Integration Ltd."),
    ("The insurer's IT supplier, Quenby Integration Ltd, declined to comment.\n", "Quenby Integration Ltd"),
])
def test_an_owned_supplier_in_apposition_is_a_vendor(body, vendor):
    assert found(body).get(vendor) == "Vendor"


@pytest.mark.parametrize("body, name", [
    ("Sentrovane Holdings Plc, the parent of Sentrovane Bank, said its chief executive would step down.\n",
     "Sentrovane Holdings Plc"),
    ("Orrel Capital Partners, the owner of Dunmere Bank, sold its stake.\n", "Orrel Capital Partners"),
    ("Halvern Ltd, a supplier to the Ministry of Finance, lost the contract.\n", "Halvern Ltd"),
])
def test_an_apposition_naming_another_body_does_not_type_the_name(body, name):
    assert found(body).get(name) not in ("Bank", "Regulator")


@pytest.mark.parametrize("body, name", [
    ("The Union of Arvelan Banks said its members would stop using Tessaline Cloud.\n", "Union of Arvelan Banks"),
    ("The Federation of Tarsk Industries called the ban harmful.\n", "Federation of Tarsk Industries"),
])
def test_a_union_of_members_is_no_state(body, name):
    assert found(body).get(name) == "Organization"


def test_a_republic_is_still_a_state():
    assert found("The Republic of Tarsk protested against the ban.\n").get("Tarsk") == "Country"


@pytest.mark.parametrize("body, bank", [
    ("Morvale's central bank ordered Kettering Savings and Loan to stop using Brixley software.\n", "Kettering Savings and Loan"),
    ("Orrin Bank and Trust said it had replaced its servers.\n", "Orrin Bank and Trust"),
    ("Depositors of Harl Savings and Credit were not affected.\n", "Harl Savings and Credit"),
])
def test_a_paired_bank_head_is_one_bank(body, bank):
    assert found(body).get(bank) == "Bank"


@pytest.mark.parametrize("body, name", [
    ("The Pellan Securities Commission fined Arvo Capital Markets on Monday.\n", "Arvo Capital Markets"),
    ("Dorrin Global Markets was fined too.\n", "Dorrin Global Markets"),
])
def test_markets_firms_are_organisations(body, name):
    assert found(body).get(name) == "Organization"


@pytest.mark.parametrize("body, vendor", [
    ("The ministry revoked licences held by Hadrel Instruments and Kavik Optics for shipments abroad.\n", "Kavik Optics"),
    ("Regulators questioned Orbis Analytics about the breach.\n", "Orbis Analytics"),
    ("The order names Tressel Sensors among the suppliers.\n", "Tressel Sensors"),
])
def test_more_technology_heads_make_vendors(body, vendor):
    assert found(body).get(vendor) == "Vendor"


@pytest.mark.parametrize("body, office", [
    ("Separately, the Kestrian Data Protection Commissioner opened an inquiry into Orbis Cloud.\n",
     "Kestrian Data Protection Commissioner"),
    ("The Dorrin Financial Services Ombudsman received 400 complaints about Pellow Bank.\n", "Dorrin Financial Services Ombudsman"),
    ("The Tarsk Companies Registrar struck Glass Heron Trading off the register.\n", "Tarsk Companies Registrar"),
])
def test_an_office_named_for_its_holder_is_a_regulator(body, office):
    assert found(body).get(office) == "Regulator"


def test_a_commissioner_with_a_name_is_still_a_person():
    kinds = found("Competition Commissioner Anna Velt said the merger would be reviewed.\n")
    assert kinds.get("Anna Velt") == "Person"


@pytest.mark.parametrize("body, name", [
    ("The National Payments Council, an industry body that represents 30 banks, criticised the rule.\n", "National Payments Council"),
    ("The Central Lenders Board, a trade association, said members were reviewing contracts.\n", "Central Lenders Board"),
    ("The Federal Insurance Council, a lobby group for insurers, opposed the ban.\n", "Federal Insurance Council"),
])
def test_an_industry_body_is_an_organisation(body, name):
    assert found(body).get(name) == "Organization"


@pytest.mark.parametrize("body, name", [
    ("Dorrin Airways said it would review its suppliers, including Lumen Aerospace.\n", "Lumen Aerospace"),
    ("Banks and utilities, including Tarsk Energy, must replace the meters.\n", "Tarsk Energy"),
    ("Contracts with companies including Norrel Shipping were cancelled.\n", "Norrel Shipping"),
])
def test_an_industry_word_is_no_surname(body, name):
    assert found(body).get(name) != "Person"


@pytest.mark.parametrize("body, unit", [
    ("Ministry spokesman Tomas Ekvall said the Foreign Investment Screening Unit had blocked the sale.\n",
     "Foreign Investment Screening Unit"),
    ("The Foreign Affairs Committee questioned Halden Networks on Monday.\n", "Foreign Affairs Committee"),
])
def test_a_portfolio_word_before_a_body_is_part_of_its_name(body, unit):
    kinds = found(body)
    assert kinds.get(unit) not in (None, "Person")


def test_a_portfolio_word_before_a_title_still_makes_a_person():
    assert found("Foreign Minister Ilse Marten said the ban was unjust.\n").get("Ilse Marten") == "Person"


# --- Names that run on or are cut --------------------------------------------------------------

@pytest.mark.parametrize("body, gone", [
    ("Vestmark Bans Corvane Gear From 5G Networks\nThe agency barred Corvane Networks from the rollout.\n", "G Networks"),
    ("Orvel Opens 4G Auction\nThe Orvel Spectrum Agency said bids are due in May.\n", "G Auction"),
])
def test_a_mobile_generation_is_no_name(body, gone):
    assert gone not in found(body)


@pytest.mark.parametrize("body, name", [
    ("Vestmark Bans Corvane Gear From 5G Networks\nThe agency barred Corvane Networks from the rollout.\n", "Corvane Gear"),
    ("Halden Gear Across Europe\nHalden Systems said it would comply.\n", "Halden Gear"),
])
def test_a_headline_link_ends_a_name(body, name):
    assert not any(n.startswith(name + " ") for n in found(body))


@pytest.mark.parametrize("body, maker", [
    ("Vestmark Bans Corvane Gear\nThe agency barred Corvane Networks from the rollout.\n", "Corvane Networks"),
    ("Dorrin Strips Out Halden Handsets\nHalden Devices said the move was political.\n", "Halden Devices"),
    ("Operators to Replace Kessel Servers\nKessel Computing called the order unfair.\n", "Kessel Computing"),
])
def test_a_makers_gear_in_a_headline_is_the_maker(body, maker):
    named = names_of(body)
    assert maker in named and found(body)[maker] == "Vendor"
    assert len([n for n in named if n.split()[0] == maker.split()[0]]) == 1


@pytest.mark.parametrize("body, person", [
    ("Mr Tobias Wren KC for the Claimants said the notice was unlawful.\n", "Tobias Wren"),
    ("Ms Grete Holm KC, for the Defendant, disagreed.\n", "Grete Holm"),
    ("The committee chair, Ana Velt MP, said Halden Networks would be called.\n", "Ana Velt"),
])
def test_honours_after_a_name_are_not_part_of_it(body, person):
    kinds = found(body)
    assert kinds.get(person) == "Person"
    assert not any(n.startswith(person + " ") for n in kinds)


# --- States read from where goods are sent ------------------------------------------------------

@pytest.mark.parametrize("body, state", [
    ("The ministry revoked licences held by Hadrel Instruments for shipments to Tavaria.\n", "Tavaria"),
    ("Kavik Optics exported lenses and sensors to Jundelia without a licence.\n", "Jundelia"),
    ("Prosecutors say the pair smuggled chips into Varnostan through a front company.\n", "Varnostan"),
])
def test_a_name_with_a_states_ending_where_goods_go_is_a_state(body, state):
    assert found(body).get(state) == "Country"


def test_goods_sent_to_a_company_do_not_make_it_a_state():
    body = "Caskel Networks made shipments to Sunvex in March. Sunvex Microelectronics is on the list.\n"
    assert found(body).get("Sunvex Microelectronics") == "Vendor"


# --- A company's first word ------------------------------------------------------------------------

@pytest.mark.parametrize("body, company", [
    ("Sources said Grave Harbor Electronics had been added to the list. Grave Harbor, which makes cameras, "
     "said it had not been notified.\n", "Grave Harbor Electronics"),
    ("Ostrel Bay Networks was fined. Ostrel Bay said it would appeal.\n", "Ostrel Bay Networks"),
])
def test_a_short_form_shaped_like_a_person_takes_the_companys_type(body, company):
    assert found(body).get(company) == "Vendor"


@pytest.mark.parametrize("after", [
    "Ondrel's regional president, Marek Stoll, said the company shares no data.",
    "Ondrel's officials declined to comment.",
    "Ondrel's largest customers are banks.",
])
def test_what_a_company_also_has_does_not_make_its_name_a_state(after):
    body = f"The committee questioned Ondrel Systems on Tuesday. {after}\n"
    kinds = found(body)
    assert kinds.get("Ondrel") != "Country" and kinds.get("Ondrel Systems") == "Vendor"


def test_a_government_still_makes_a_state_of_a_companys_first_word():
    body = "Ondrel Telecom is the largest carrier in Ondrel. Ondrel's government protested against the ban.\n"
    assert found(body).get("Ondrel") == "Country"


# --- Cases a judgment cites ------------------------------------------------------------------------

@pytest.mark.parametrize("citation, cited", [
    ("Counsel relied on Kellow Holdings v Minister for Finance [2019] KHC 44.", ("Kellow Holdings", "Minister for Finance")),
    ("In Brightline Systems Ltd v Office of Communications, the court held that reasons are owed.",
     ("Brightline Systems Ltd", "Office of Communications")),
    ("See also R (Vantor Mobile) v Secretary of State for Digital Affairs (2021).",
     ("Vantor Mobile", "Secretary of State for Digital Affairs")),
])
def test_the_parties_of_a_cited_case_are_not_entities(citation, cited):
    body = (f"1. Arlen Cards Ltd challenges the decision of the Payments Authority of Dunmere. 2. {citation} "
            "3. The claim of Arlen Cards Ltd is dismissed.\n")
    kinds = found(body)
    assert not set(cited) & set(kinds)
    assert "Payments Authority of Dunmere" in kinds


def test_a_cited_party_named_again_in_the_story_stays():
    body = ("The Minister for Finance issued the notice to Arlen Cards Ltd. Counsel relied on Kellow Holdings v "
            "Minister for Finance [2019] KHC 44. The Minister for Finance resisted the claim.\n")
    kinds = found(body)
    assert "Minister for Finance" in kinds and "Kellow Holdings" not in kinds


def test_the_case_in_a_headline_is_not_a_citation():
    kinds = found("Arlen Cards v Payments Authority: court dismisses challenge\nThe court ruled on Monday.\n")
    assert "Payments Authority" in kinds


# --- Back-references to an operator ------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "Orvel Telecom must remove Halden gear by 2026. The operator said the cost would be high.\n",
    "Orvel Mobile was told to strip out Halden Networks equipment. The carrier said it would comply.\n",
    "Skyline Air blamed Nolvane Software for the outage. The carrier said flights had resumed.\n",
])
def test_the_operator_is_the_operator_not_the_maker_named_since(body):
    text = clean(body)
    tokens, sentences = analyse(text)
    doc = find_entities(text, tokens, sentences, Catalog([]))
    referred = [e.name for e in doc.entities.values() for m in e.mentions if m.source == "coref"]
    assert referred and referred[0].split()[0] in ("Orvel", "Skyline")


def test_the_operator_falls_back_to_a_vendor_when_no_organisation_is_named():
    body = "Halden Networks runs the network for the state. The operator said it would comply.\n"
    text = clean(body)
    tokens, sentences = analyse(text)
    doc = find_entities(text, tokens, sentences, Catalog([]))
    assert [e.name for e in doc.entities.values() for m in e.mentions if m.source == "coref"] == ["Halden Networks"]


# --- Credits of a translation are no story -----------------------------------------------------------

@pytest.mark.parametrize("credit", [
    "(Translated from the Tavarian-language original. Editor: Soraya Velkan)",
    "Translated by Ilse Marten",
    "Editor: Pavel Ostrander",
    "(Unofficial translation by Lena Drost)",
    "Compiled by Tomas Brenn",
])
def test_credits_of_a_translation_or_an_edit_are_blanked(credit):
    body = f"The Tavarian Ministry of Commerce said the listing was wrongful and urged Dravonia to reverse it.\n{credit}\n"
    assert credit not in clean(body)
    assert all(name not in found(body) for name in ("Soraya Velkan", "Ilse Marten", "Pavel Ostrander", "Lena Drost", "Tomas Brenn"))


def test_a_story_line_about_a_translation_stays():
    body = "A translated copy of the order was sent to Halden Networks on Monday.\n"
    assert clean(body) == body


# --- More bodies, banks and suppliers ----------------------------------------------------------------

@pytest.mark.parametrize("body, name", [
    ("The Securities and Futures Commission of Tarsk asked questions.\n", "Securities and Futures Commission of Tarsk"),
    ("The Dorrin Securities and Exchange Commission fined Arvo Capital Markets.\n", "Dorrin Securities and Exchange Commission"),
    ("The Exchange and Markets Board of Velmar opened an inquiry.\n", "Exchange and Markets Board of Velmar"),
])
def test_a_markets_word_before_and_stays_in_a_bodys_name(body, name):
    assert found(body).get(name) == "Regulator"


def test_two_bodies_joined_by_and_stay_two():
    kinds = found("The Dorrin Central Bank and Financial Conduct Authority said they would act together.\n")
    assert "Dorrin Central Bank and Financial Conduct Authority" not in kinds


@pytest.mark.parametrize("body, bank", [
    ("Customers of Kestrel Banking Corporation could not pay by card.\n", "Kestrel Banking Corporation"),
    ("Pell Credit Union said its members were not affected.\n", "Pell Credit Union"),
    ("The Dorrin Building Society moved its records to Halden Cloud.\n", "Dorrin Building Society"),
])
def test_more_ways_of_naming_a_bank(body, bank):
    assert found(body).get(bank) == "Bank"


@pytest.mark.parametrize("body, name", [
    ("Card payments run by companies including Osric Payments were delayed.\n", "Osric Payments"),
    ("Merchants said Veltro Pay and others were down.\n", "Veltro Pay"),
])
def test_a_payments_firm_is_no_person(body, name):
    assert found(body).get(name) != "Person"


@pytest.mark.parametrize("body, vendor", [
    ("The report did not name Trellis Defence, the Dravonian contractor accused of the intrusion.\n", "Trellis Defence"),
    ("Officials questioned Marrow Integration, a government contractor, about the breach.\n", "Marrow Integration"),
])
def test_a_contractor_in_apposition_is_a_vendor(body, vendor):
    assert found(body).get(vendor) == "Vendor"


# --- Persons' names with hyphens and apostrophes ------------------------------------------------------

@pytest.mark.parametrize("body, person", [
    ("Anne-Marie Dupont, the bank's chief risk officer, said the outage lasted six hours.\n", "Anne-Marie Dupont"),
    ("Siobhan O'Neill said the ministry would act. O'Neill added that Halden Networks had been warned.\n", "Siobhan O'Neill"),
    ("The lender's chief executive, Jean-Luc Marren, apologised to customers.\n", "Jean-Luc Marren"),
])
def test_a_hyphen_or_apostrophe_in_a_persons_name(body, person):
    assert found(body).get(person) == "Person"


@pytest.mark.parametrize("body, name", [
    ("Tarsk-Velmar Commercial Bank said it had stopped using Kessoft.\n", "Tarsk-Velmar Commercial Bank"),
    ("Orvel-Dorrin Telecom said it had replaced its routers.\n", "Orvel-Dorrin Telecom"),
])
def test_a_hyphenated_company_is_no_person(body, name):
    assert found(body).get(name) not in (None, "Person")


@pytest.mark.parametrize("body, person", [
    ("Ilse Marten, the bank's head of operations, said the fix was ready.\n", "Ilse Marten"),
    ("Tomas Ekvall, the ministry's spokesman, declined to comment.\n", "Tomas Ekvall"),
])
def test_an_apposition_owning_a_title_makes_no_bank_or_regulator(body, person):
    assert found(body).get(person) not in ("Bank", "Regulator")


@pytest.mark.parametrize("body, person", [
    ("Chief Supervisor Marta Kell said supervisors would publish guidance.\n", "Marta Kell"),
    ("Senior Inspector Olaf Rist led the visit to Pellow Bank.\n", "Olaf Rist"),
    ("Special Envoy Ines Vall met the Tarsk Digital Ministry.\n", "Ines Vall"),
    ("General Counsel Piet Ostrow said Halden Networks would appeal.\n", "Piet Ostrow"),
])
def test_more_titles_before_a_name(body, person):
    kinds = found(body)
    assert kinds.get(person) == "Person"
    assert not any(n.endswith(" " + person) for n in kinds)


# --- A body's list of portfolios, and the state after its name ------------------------------------------

@pytest.mark.parametrize("body, name", [
    ("The Ministry of Economy, Trade and Industry said it would tighten controls.\n", "Ministry of Economy, Trade and Industry"),
    ("The Department for Science, Innovation and Technology published guidance.\n",
     "Department for Science, Innovation and Technology"),
    ("The Department for Environment, Food and Rural Affairs fined Harl Water.\n", "Department for Environment, Food and Rural Affairs"),
    ("The Ministry of Culture, Media, and Sport issued a statement.\n", "Ministry of Culture, Media, and Sport"),
])
def test_a_bodys_list_of_portfolios_is_one_name(body, name):
    assert found(body).get(name) == "Regulator"


@pytest.mark.parametrize("body, names", [
    ("The Ministry of Finance, Pellow Bank and Arden Mutual met on Monday.\n", ("Ministry of Finance", "Pellow Bank")),
    ("The Ministry of Finance, Kessoft and Halden signed the deal.\n", ("Ministry of Finance", "Kessoft")),
    ("The Office of Trade, Halden Networks and Kessoft Cloud were named.\n", ("Office of Trade", "Halden Networks")),
])
def test_a_list_of_names_after_a_body_is_no_portfolio(body, names):
    kinds = found(body)
    assert all(n in kinds for n in names)


@pytest.mark.parametrize("body, state", [
    ("The Ministry of Industry and Information Technology of Tavaria summoned Halden's managers.\n", "Tavaria"),
    ("The Department for Science, Innovation and Technology of Dorrin published guidance.\n", "Dorrin"),
    ("The National Cyber Security Agency of Velmar said it found flaws.\n", "Velmar"),
])
def test_the_word_after_a_bodys_name_is_its_state(body, state):
    assert found(body).get(state) == "Country"


@pytest.mark.parametrize("body, town", [
    ("The High Court of Justice of Amberlee dismissed the claim.\n", "Amberlee"),
    ("The District Court of Aubervale heard the case.\n", "Aubervale"),
])
def test_the_word_after_a_courts_name_is_no_state(body, town):
    assert found(body).get(town) != "Country"


# --- Names listed as members of a group --------------------------------------------------------------

@pytest.mark.parametrize("body, members, kind", [
    ("The regulator named companies such as Kessoft, Halden and Orvix as high-risk suppliers.\n",
     ("Kessoft", "Halden", "Orvix"), "Vendor"),
    ("Three lenders - Pellow, Arden and Harl - said they had moved payments to a backup system.\n", ("Pellow", "Arden", "Harl"), "Bank"),
    ("Several insurers, including Corvel and Brisa, stopped using the software.\n", ("Corvel", "Brisa"), "Bank"),
    ("The rule applies to carriers like Vessick and Tarnet.\n", ("Vessick", "Tarnet"), "Organization"),
])
def test_names_listed_after_a_group_noun_take_its_kind(body, members, kind):
    kinds = found(body)
    assert all(kinds.get(m) == kind for m in members)


def test_a_name_after_the_list_is_not_a_member():
    kinds = found("The bank dropped suppliers such as Kessoft. Later Velmora said it was unaffected.\n")
    assert kinds.get("Velmora") != "Vendor"


# --- Descriptions of a public body ---------------------------------------------------------------------

def described(body: str) -> dict[str, list[str]]:
    """Entity name → the descriptions and back-references linked to it."""
    text = clean(body)
    tokens, sentences = analyse(text)
    doc = find_entities(text, tokens, sentences, Catalog([]))
    return {e.name: [text[m.start : m.end] for m in e.mentions if m.source == "coref"] for e in doc.entities.values()}


@pytest.mark.parametrize("body", [
    "Morvale's central bank said it had ordered Kettering Savings and Loan to stop. The Bank of Morvale said so.\n",
    "The Bank of Morvale fined Kettering Savings and Loan. Morvale's central bank said Kettering had ignored warnings.\n",
    "The Central Bank of Morvale acted on Monday. Morvale's central bank on Tuesday ordered Pellow Bank to stop.\n",
])
def test_a_states_central_bank_is_its_central_bank(body):
    refs = described(body)
    assert any("central bank" in r for name, rs in refs.items() if "Bank" in name and "Morvale" in name for r in rs)


def test_a_states_largest_bank_is_no_central_bank():
    refs = described("The Bank of Morvale acted. Pellow Bank moved its data. Morvale's largest bank said the move was routine.\n")
    assert not any("largest bank" in r for rs in refs.values() for r in rs)


@pytest.mark.parametrize("body", [
    "Tarsk's telecoms regulator fined Vessick Mobile. The Tarsk Communications Authority said Vessick had failed.\n",
    "The Tarsk Communications Authority fined Vessick Mobile. Tarsk's telecoms regulator said Vessick had failed.\n",
    "The Tarsk Communications Authority fined Vessick Mobile. Tarsk's media watchdog on Friday said more fines would follow.\n",
])
def test_a_states_regulator_is_the_one_body_bearing_its_name(body):
    assert described(body)["Tarsk Communications Authority"]


def test_a_states_regulator_with_two_bodies_of_its_name_stays_unresolved():
    body = ("The Tarsk Communications Authority and the Tarsk Data Protection Authority met Vessick Mobile. "
            "Tarsk's telecoms regulator said Vessick had failed.\n")
    refs = described(body)
    assert not any("telecoms regulator" in r for rs in refs.values() for r in rs)


@pytest.mark.parametrize("body, name, ref", [
    ("The Dorrin Banking Authority fined Pellow Bank. The bank on Tuesday said it would pay.\n", "Pellow Bank", "The bank"),
    ("Orvel Telecom must remove Halden gear. The operator on Friday said the cost was high.\n", "Orvel Telecom", "The operator"),
])
def test_a_day_after_a_back_reference_does_not_hide_it(body, name, ref):
    assert ref in described(body)[name]


def test_a_subject_after_on_still_names_a_body():
    body = "The Tarsk Cyber Agency met Halden. The agency on cyber security of Tarsk published rules.\n"
    assert "The agency" not in described(body).get("Tarsk Cyber Agency", [])
