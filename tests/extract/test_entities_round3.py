"""Entity rules found by the third round of blind dev articles: states read from their bodies'
names, headline and bullet openers, press offices, titles, signatures, names in capitals,
short forms, embassies, graded groups, products and page furniture. Every name is invented."""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.extract.cleanup import clean
from kg.inputs.documents import load_document
from tests.extract.story import entities, run

# --- States read from the names of their bodies --------------------------------------------

@pytest.mark.parametrize("body, state", [
    ("Brindavia's Office for Investment Security on Monday blocked the takeover of Corvel Software.\n", "Brindavia"),
    ("Brindavia's National Security Council designated Corvel Software a high-risk vendor.\n", "Brindavia"),
    ("Brindavia's Foreign Investment Review Council opened a review of the Corvel Software deal.\n", "Brindavia"),
    ("Brindavian watchdog fines Marrow Savings Bank\n\nThe Financial Supervisory Authority of Brindavia fined Marrow Savings Bank.\n",
     "Brindavia"),
    ("The Standing Committee on Security of the Brindavi Assembly heard Corvel Software. Corvel has worked in Brindavia for years.\n",
     "Brindavia"),
    ("Orvel Systems was fined at Marrow Bank and at Brindavia banks. The Financial Supervisory Authority of Brindavia said so.\n",
     "Brindavia"),
    ("The council barred Corvel Software, a week after neighbouring Brindavia took a similar step.\n", "Brindavia"),
    ("The outage froze Brindavia's banks and grounded its airline.\n", "Brindavia"),
])
def test_a_state_is_read_from_its_bodies_and_possessions(tmp_path, body, state):
    assert entities(run(tmp_path, body)).get(state) == "Country"


@pytest.mark.parametrize("body, name", [
    ("The case was investigated by TSB's Office of Export Enforcement. TSB fined Corvel Software.\n", "TSB"),
    ("Corvel Software sued in the District Court of Aubermoor. Staff in Aubermoor were told to wait.\n", "Aubermoor"),
    ("Helix's Supervisory Board approved the plan, Helix Corvane Technologies said.\n", "Helix"),
])
def test_an_agency_a_town_or_a_company_is_no_state(tmp_path, body, name):
    assert entities(run(tmp_path, body)).get(name) != "Country"


def test_a_state_named_in_the_publisher_is_still_listed(tmp_path):
    path = tmp_path / "agency.txt"
    path.write_text("---\nid: agency\ntitle: t\npublisher: Brindavia Press Agency\npublished: 2024-05-14\nlanguage: en\n---\n"
                    "Brindavia's Office for Investment Security blocked the Corvel Software deal.\n", encoding="utf-8")
    records = extract([load_document(path, str(path))], [])
    assert entities(records).get("Brindavia") == "Country"


# --- A capitalised first word is not part of the name after it --------------------------------

@pytest.mark.parametrize("body, glued", [
    ("Faulty Brightwick update halts card payments\n\nThe update was pushed by Brightwick Security on Tuesday.\n", "Faulty Brightwick"),
    ("- Follows Orbelle's decision in May to stop buying equipment\n\nOrbelle Mobile said it would buy from Kestrel Networks.\n",
     "Follows Orbelle"),
    ("\"Trialling Kestrel is the next step,\" said a spokesman. Kestrel Networks makes radio gear.\n", "Trialling Kestrel"),
])
def test_a_headline_or_bullet_opener_is_dropped_from_the_name(tmp_path, body, glued):
    found = entities(run(tmp_path, body))
    assert glued not in found, found


def test_a_person_at_the_start_of_a_line_keeps_the_first_name(tmp_path):
    found = entities(run(tmp_path, "Ana Velt said the review was over.\n\nVelt added that Marrow Bank had agreed.\n"))
    assert found.get("Ana Velt") == "Person"


# --- Press offices, departments and bare titles ------------------------------------------

@pytest.mark.parametrize("body, unit", [
    ("Issued by the Judicial Press Office, High Court of Wellmoor.\n", "Judicial Press Office"),
    ("The Trade Bureau fined Corvel Software.\n\nMedia contact: Trade Bureau Office of Public Affairs\n",
     "Trade Bureau Office of Public Affairs"),
    ("Orbelle Mobile chose Kestrel Networks.\n\nOrbelle Mobile Press Office\n+00 20 5550 1177\n", "Orbelle Mobile Press Office"),
    ("By order of the Court,\nThe Hon. Mr Justice Arlo Venn, Presiding Judge, Criminal Division\n", "Presiding Judge"),
    ("By order of the Court,\nThe Hon. Mr Justice Arlo Venn, Presiding Judge, Criminal Division\n", "Criminal Division"),
    ("Caspar Dunmore, Executive Director of Enforcement and Market Oversight at the Authority, said the fine was fair.\n",
     "Market Oversight"),
])
def test_press_offices_departments_and_bare_titles_are_no_entities(tmp_path, body, unit):
    assert entities(run(tmp_path, body)).get(unit) in (None, "Organization"), entities(run(tmp_path, body))
    assert entities(run(tmp_path, body)).get(unit) != "Person"


@pytest.mark.parametrize("body, person, office", [
    ("Minister for Economy and Security Teodor Amsel said the deal was blocked.\n", "Teodor Amsel", "Minister for Economy"),
    ("\"We will act,\" Tobin Rensh, the TSB's Under-Secretary for Strategic Trade, told reporters.\n", "Tobin Rensh",
     "Secretary for Strategic Trade"),
    ("The council, which is chaired by Economy Minister Sandor Kellay, has 90 days.\n", "Sandor Kellay", "Economy"),
    ("\"We cannot verify it,\" Digital Affairs Minister Oriane Delcamp told reporters.\n", "Oriane Delcamp", "Digital Affairs"),
])
def test_a_title_holder_is_a_person_and_a_portfolio_no_body(tmp_path, body, person, office):
    found = entities(run(tmp_path, body))
    assert found.get(person) == "Person", found
    assert office not in found


@pytest.mark.parametrize("body, person", [
    ("The Committee orders Corvel Software to divest.\n\nFor the Committee,\n\nRadomir Kessel\nChairman\n", "Radomir Kessel"),
    ("The Office charged three men.\n\nDated this 7th day of June 2021.\n\nIngrid Solvan\nDirector of Public Prosecutions\n",
     "Ingrid Solvan"),
])
def test_a_signature_at_the_foot_of_a_notice_names_a_person(tmp_path, body, person):
    assert entities(run(tmp_path, body)).get(person) == "Person"


def test_names_in_capitals_are_persons_when_addressed_as_such(tmp_path):
    body = ("THE REPUBLIC v.\n\nDMITAR VOSK, LENN ARIBAN and SASHA QUENN\n\n"
            "The Office charged Mr Vosk, Mr Ariban and Ms. Quenn with breaking into Marrow Bank.\n")
    found = entities(run(tmp_path, body))
    assert {found.get(n) for n in ("Dmitar Vosk", "Lenn Ariban", "Sasha Quenn")} == {"Person"}, found
    assert "Vosk" not in found and "Quenn" not in found


# --- Kinds of words that make a maker ---------------------------------------------------------

@pytest.mark.parametrize("name", ["Qendar Optoelectronics", "Drakemoor Telecom Equipment", "Velmar Mechatronics"])
def test_technology_endings_make_a_vendor(tmp_path, name):
    assert entities(run(tmp_path, f"The bureau added {name} to the list on Monday.\n")).get(name) == "Vendor"


# --- One entity for one body, however it is written -------------------------------------------

def test_a_heading_in_capitals_and_the_full_name_in_the_text_are_one_body(tmp_path):
    body = ("COMMITTEE ON FOREIGN INVESTMENT OF THE REPUBLIC OF ZELMOVA\n\nORDER\n\n"
            "1. This Order is issued by the Committee on Foreign Investment of the Republic of Zelmova against Corvel Software.\n")
    found = entities(run(tmp_path, body))
    assert found.get("Committee on Foreign Investment of the Republic of Zelmova") == "Regulator", found
    assert "Committee on Foreign Investment" not in found


@pytest.mark.parametrize("body, full, short", [
    ("The Competition and Trade Authority of Velmark (CTA) blocked the deal. The Competition and Trade Authority is "
     "Velmark's merger regulator. The CTA said so.\n", "Competition and Trade Authority of Velmark", "CTA"),
    ("The Committee on Foreign Investment Review (CFIRV) cleared it. Later the CFIRV fined Corvel Software.\n",
     "Committee on Foreign Investment Review", "CFIRV"),
])
def test_a_short_form_joins_its_full_name(tmp_path, body, full, short):
    records = run(tmp_path, body)
    found = entities(records)
    assert found.get(full) == "Regulator" and short not in found, found


def test_a_town_in_brackets_is_not_a_short_form(tmp_path):
    body = "In the matter of: Murvel Digital LLC (Krastow).\n\nMurvel Digital LLC shall sell its shares, the Committee said in Krastow.\n"
    records = run(tmp_path, body)
    murvel = next(r for r in records if r["kind"] == "entity" and r["name"].startswith("Murvel"))
    assert "Krastow" not in murvel["aliases"]


def test_an_embassy_named_short_and_in_full_is_one(tmp_path):
    body = ("Zarvonian embassy rejects charge\n\nThe Zarvonian embassy in Amberlo said the designation was groundless.\n")
    found = entities(run(tmp_path, body))
    assert found.get("Zarvonian embassy in Amberlo") == "Regulator" and "Zarvonian embassy" not in found, found


def test_an_embassy_that_does_nothing_is_not_listed(tmp_path):
    body = "Marrow Bank was fined. Zarvonia's embassy in Amberlo did not respond to a request for comment.\n"
    assert "Zarvonia's embassy in Amberlo" not in entities(run(tmp_path, body))


@pytest.mark.parametrize("group", ["five systemically important banks", "three strategically important lenders"])
def test_an_adverb_grading_a_group_stays_in_its_name(tmp_path, group):
    records = run(tmp_path, f"The Central Bank of Velmark ordered the {group} to replace Corvel Software.\n")
    names = {r["name"] for r in records if r["kind"] == "entity"}
    assert group in names, names


def test_the_central_bank_is_never_a_commercial_bank_named_before(tmp_path):
    body = ("The Central Bank of Velmark told Oddane Commercial Bank to exit the product. "
            "The central bank will assess the plans.\n")
    records = run(tmp_path, body)
    mentions = {r["name"]: len(r["mentions"]) for r in records if r["kind"] == "entity"}
    assert mentions["Oddane Commercial Bank"] == 1 and mentions["Central Bank of Velmark"] == 2, mentions


def test_a_product_sharing_its_makers_first_word_is_no_entity(tmp_path):
    body = ("Velmark ordered ministries to remove the Tessa Talk messaging app, made by Tessa Software, from official phones.\n")
    found = entities(run(tmp_path, body))
    assert "Tessa Talk" not in found and found.get("Tessa Software") == "Vendor", found


# --- Page furniture ------------------------------------------------------------------------------

@pytest.mark.parametrize("furniture", [
    "ADVERTISEMENT\nSwitch your savings today - rates up to 4.1% - T&Cs apply\nADVERTISEMENT\n",
    "[Image: Passengers queue at a check-in hall. Caption: Travellers waited for hours. Photo: Courier staff]\n",
    "HOME > BUSINESS > TECHNOLOGY\n",
    "Media contact: Press Office, Financial Markets Commission, Oriel\n",
])
def test_page_furniture_is_blanked(furniture):
    text = "Marrow Bank was fined by the Financial Markets Commission of Velmark on Monday for its outsourcing.\n\n" + furniture
    cleaned = clean(text)
    assert cleaned.strip() == text.splitlines()[0].strip()
