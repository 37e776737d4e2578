"""Rules of issue 13, second round, each with several phrasings (invented names): back-references,
titles that say whom a person works for, names with "on" and "of the", states known only by their
demonym or their public bodies, groups with counts, victims of an outage, orders of a government,
reviews whose subjects are named in the next sentence, and the kinds of noise that are no names."""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.extract.linking import Catalog
from kg.inputs.documents import load_document
from tests.extract.story import entities, events, run


def pairs(records: list[dict], predicate: str) -> set[tuple[str, str]]:
    """(subject, object) of binary relations, or every (role value, role value) pair of events."""
    out = set()
    for r in records:
        if r["kind"] != "relation" or r["predicate"] != predicate:
            continue
        if r["roles"]:
            values = sorted({v for vs in r["roles"].values() for v in vs})
            out |= {(a, b) for a in values for b in values if a < b}
        else:
            out.add((r["subject"], r["object"]))
    return out


@pytest.mark.parametrize("body, regulator", [
    ("The Harrow Data Authority opened a file on Pellwick Bank. The authority said it would review how Pellwick Bank "
     "depends on Quenby Software.\n", "harrow-data-authority"),
    ("The Tessel Markets Board met on Monday. Later the board began an investigation into whether Corvel Bank relies on "
     "Ostrin Systems.\n", "tessel-markets-board"),
    ("Lumbra's Standing Committee on Network Safety called witnesses. The committee then opened an inquiry into Vask Bank "
     "and its use of Drellow Technologies.\n", "standing-committee-on-network-safety"),
])
def test_a_back_reference_names_the_reviewer(tmp_path, body, regulator):
    reviews = events(run(tmp_path, body), "Review")
    assert any(regulator in r["roles"].get("reviewer", []) for r in reviews), reviews


@pytest.mark.parametrize("body, person, org", [
    ("Quenby Software makes firewalls. Its chief executive, Aldo Frenn, said the company would appeal.\n",
     "aldo-frenn", "quenby-software"),
    ("\"We complied,\" said Ilse Varrow, head of operational risk at Tamsin's Banking Conduct Authority, on Friday.\n",
     "ilse-varrow", "banking-conduct-authority"),
    ("The Corvel Bank board met. \"It was a hard year,\" said Mara Denholt, Chief Executive of Corvel Bank.\n",
     "mara-denholt", "corvel-bank"),
    ("The Bank of Estrovia raised rates on Tuesday. \"Prices must fall,\" Governor Pell Amrin said in a speech.\n",
     "pell-amrin", "bank-of-estrovia"),
])
def test_a_title_says_whom_a_person_works_for(tmp_path, body, person, org):
    found = pairs(run(tmp_path, body), "worksFor")
    assert (person, org) in found, found


@pytest.mark.parametrize("body, chair, body_id", [
    ("The Ferrow Conduct Commission fined a lender. Its chair, Odo Marsh, said banks must do better.\n",
     "odo-marsh", "ferrow-conduct-commission"),
    ("The Select Committee on Payments of the Tallin Assembly met. The committee's chair, Deputy Rina Holm, asked "
     "questions.\n", "rina-holm", "select-committee-on-payments-of-the-tallin-assembly"),
])
def test_a_chair_chairs_and_is_not_listed_as_staff(tmp_path, body, chair, body_id):
    records = run(tmp_path, body)
    assert (chair, body_id) in pairs(records, "chairs"), pairs(records, "chairs")
    assert (chair, body_id) not in pairs(records, "worksFor")


@pytest.mark.parametrize("body, name", [
    ("The Committee on Economy and Digital Affairs of the Vell Parliament opened an inquiry.\n",
     "Committee on Economy and Digital Affairs of the Vell Parliament"),
    ("Lawyers wrote to the Office of the Attorney General on Monday.\n", "Office of the Attorney General"),
    ("The Department of the Treasury said nothing.\n", "Department of the Treasury"),
    ("The Standing Committee on Digital Security summoned three executives.\n", "Standing Committee on Digital Security"),
])
def test_names_with_on_and_of_the_are_kept_whole_and_typed_by_their_first_noun(tmp_path, name, body):
    found = entities(run(tmp_path, body))
    assert found.get(name) == "Regulator", found


@pytest.mark.parametrize("body, country", [
    ("Regulators fined Zemarian telecom equipment maker Holt Ridge Networks on Monday.\n", "Zemarian"),
    ("The minister blocked the deal, saying Ambrathi ownership of a bank was a risk.\n", "Ambrathi"),
    ("Officials said the research was done at Quessaly's Banking Supervisory Authority in March.\n", "Quessaly"),
    ("Tallow Rock Trading is a company incorporated in Iskenar that resold the chips.\n", "Iskenar"),
])
def test_a_state_is_found_from_its_demonym_or_its_public_bodies(tmp_path, body, country):
    found = entities(run(tmp_path, body))
    assert found.get(country) == "Country", found


@pytest.mark.parametrize("body", [
    "CARD MACHINES DOWN AT TILLS\nShops took cash only on Monday.\n",
    "ORDERS AS FOLLOWS\nThe appeal is dismissed.\n",
    "Case AR/2023/0417 was heard on Monday. The Authority said it would reply.\n",
    "The Honourable judge ruled. Committee members left early.\n",
])
def test_headings_file_numbers_and_lone_head_words_are_no_names(tmp_path, body):
    assert entities(run(tmp_path, body)) == {}


@pytest.mark.parametrize("body, product", [
    ("Brenner Cyber sells Watchtower, the endpoint sensor used by banks. Brenner Cyber said Watchtower was safe.\n",
     "Watchtower"),
    ("A faulty update to the Beacon agent froze screens. Pellor Security makes the Beacon agent.\n", "Beacon"),
])
def test_a_product_is_no_entity(tmp_path, body, product):
    assert product not in entities(run(tmp_path, body))


@pytest.mark.parametrize("body, name", [
    ("The Ferrow Conduct Commission reviewed cloud contracts at 14 Ferrowan banks last year.\n", "14 Ferrowan banks"),
    ("The Ferrow Conduct Commission is reviewing the reliance of Ferrow's five largest banks on Tessaline Cloud.\n",
     "Ferrow's five largest banks"),
    ("The Ferrow Conduct Commission is reviewing how several Ferrowan banks rely on Tessaline Cloud.\n",
     "several Ferrowan banks"),
])
def test_a_group_keeps_its_count(tmp_path, body, name):
    records = run(tmp_path, body)
    found = entities(records)
    assert found.get(name) == "Bank", found


@pytest.mark.parametrize("body, victims", [
    ("A faulty update from Pellor Security crashed computers overnight. Card terminals at Oskerbank stopped working. "
     "Nordfjell Air grounded its flights.\n", {"oskerbank", "nordfjell-air"}),
    ("Ravell Security pushed an update that caused an outage. Screens went blank at Amber Savings Bank and at Tarn "
     "Cooperative Bank.\n", {"amber-savings-bank", "tarn-cooperative-bank"}),
])
def test_the_victims_of_an_outage_are_found_in_the_sentences_about_its_effects(tmp_path, body, victims):
    outages = [e for p in ("Outage", "Incident") for e in events(run(tmp_path, body), p)]
    assert outages and victims <= set(outages[0]["roles"]["target"]), outages


@pytest.mark.parametrize("body, kind, actor, target", [
    ("The Ministry of Digital Affairs on Monday ordered all central government departments to delete apps made by "
     "Quillby Labs.\n", "Directive", "ministry-of-digital-affairs", "central-government-departments"),
    ("The Harrow Data Authority instructed Pellwick Bank to end its contract with Quenby Software within a year.\n",
     "Directive", "harrow-data-authority", "pellwick-bank"),
    ("The Investment Review Commission ordered Tavor Digital Group to divest its stake in Murrow Media within 180 days.\n",
     "DivestitureOrder", "investment-review-commission", "tavor-digital-group"),
])
def test_a_government_order_is_a_directive(tmp_path, body, kind, actor, target):
    found = events(run(tmp_path, body), kind)
    assert any(actor in e["roles"].get("actor", []) and target in e["roles"].get("target", []) for e in found), found


def test_banks_named_after_a_review_are_its_subjects(tmp_path):
    body = ("The Prudential Board opened a review of how lenders depend on Ravell Security. The board has asked Amber "
            "Savings Bank and Tarn Cooperative Bank to list their suppliers. The board will send its findings to the "
            "Finance Committee.\n")
    review = events(run(tmp_path, body), "Review")[0]
    assert {"amber-savings-bank", "tarn-cooperative-bank"} <= set(review["roles"]["reviewSubject"]), review
    assert review["roles"].get("resultsSubmittedTo") == ["finance-committee"], review


def test_a_town_is_not_the_short_form_of_a_bank_named_after_it(tmp_path):
    body = ("Halloway spoke in an interview in Lunder. Lunder Savings Bank was fined. Screens froze from Skarr to Lunder.\n")
    records = [r for r in run(tmp_path, body) if r["kind"] == "entity"]
    bank = next(r for r in records if r["name"] == "Lunder Savings Bank")
    assert "Lunder" not in bank["aliases"]


def test_catalog_names_are_found_as_fast_as_by_one_expression():
    catalog = Catalog([{"id": "zsc", "type": "Vendor", "name": "Zentra Semiconductor Corp", "aliases": ["ZSC", "Zentra"]},
                       {"id": "pbv", "type": "Regulator", "name": "People's Bank of Veldoran", "aliases": []}])
    text = "ZSC and zentra semiconductor  corp met the People’s Bank of Veldoran; zsc is not ZSC-like."
    assert [m.span() for m in catalog.finditer(text)] == [m.span() for m in catalog.pattern().finditer(text)]


@pytest.mark.parametrize("body, org, town, country", [
    ("The banks relied on software supplied by Astren Software of Sabrel, Almirra, the report said. Almirra's "
     "Financial Markets Board opened a file.\n", "astren-software", "sabrel", "almirra"),
    ("In the matter of: Tavor Digital Group Ltd. (Hessel, Ambrin) and others. Ambrin's government objected.\n",
     "tavor-digital-group-ltd", "hessel", "ambrin"),
])
def test_an_organisation_of_a_town_in_a_state(tmp_path, body, org, town, country):
    records = run(tmp_path, body)
    assert (org, town) in pairs(records, "headquarters"), pairs(records, "headquarters")
    # The state is the town's; the annotations do not read it as the organisation's country too (round 14).
    assert (org, country) not in pairs(records, "country"), pairs(records, "country")
    assert (town, country) in pairs(records, "locatedIn"), pairs(records, "locatedIn")


@pytest.mark.parametrize("body", [
    "Fenlow Networks, which is based in Ostrelia, said it would appeal. Ostrelia's government backed it.\n",
    "Fenlow Networks is headquartered in Ostrelia. Ostrelia's government backed the company.\n",
])
def test_based_in_a_state_is_its_country_not_its_seat(tmp_path, body):
    records = run(tmp_path, body)
    assert ("fenlow-networks", "ostrelia") in pairs(records, "country")
    # "headquartered in a state" is its seat as well (round 14); "based in" a state only its country.
    assert bool(pairs(records, "headquarters")) == ("headquartered" in body)


@pytest.mark.parametrize("body, claimant, defendant", [
    ("Nordvik Air filed a lawsuit against Pellor Security in August, seeking 95 million euros.\n",
     "nordvik-air", "pellor-security"),
    ("On July 22 Aerovell sued Ravell Security for damages.\n", "aerovell", "ravell-security"),
    ("BETWEEN:\n\nHARLOW SYSTEMS LIMITED\nClaimant\n\n- and -\n\nTHE TELECOMS AUTHORITY OF VESK\nDefendant\n\n"
     "1. Harlow brought a claim for judicial review on 4 May 2023.\n", "harlow-systems-limited",
     "telecoms-authority-of-vesk"),
])
def test_a_lawsuit_has_its_claimant_and_defendant(tmp_path, body, claimant, defendant):
    found = events(run(tmp_path, body), "Lawsuit")
    assert any(claimant in e["roles"]["actor"] and defendant in e["roles"]["target"] for e in found), found


@pytest.mark.parametrize("body, court, party", [
    ("The High Court of Vesk dismissed the claim brought by Harlow Systems on Tuesday.\n", "high-court-of-vesk",
     "harlow-systems"),
    ("Kessel Digital appealed the order. On Friday the Supreme Administrative Court upheld it, ruling against Kessel "
     "Digital.\n", "supreme-administrative-court", "kessel-digital"),
])
def test_a_court_ruling_has_the_court_and_the_party(tmp_path, body, court, party):
    found = events(run(tmp_path, body), "CourtRuling")
    assert any(court in e["roles"]["actor"] and party in e["roles"]["target"] for e in found), found


@pytest.mark.parametrize("body, acronym, full", [
    ("The Financial Supervisory Board of Oskarland (OFSB) opened a probe. The OFSB said banks must report.\n",
     "OFSB", "Financial Supervisory Board of Oskarland"),
    ("Servers made by Kellin Compute failed a test. Kellin said the test was flawed.\n", "Kellin", "Kellin Compute"),
])
def test_short_forms_join_their_full_names(tmp_path, body, acronym, full):
    records = [r for r in run(tmp_path, body) if r["kind"] == "entity"]
    entity = next(r for r in records if r["name"] == full)
    assert acronym in entity["aliases"] and acronym not in [r["name"] for r in records], records


@pytest.mark.parametrize("body, bank", [
    ("Card terminals at Oskerbank stopped accepting payments on Friday.\n", "Oskerbank"),
    ("Skarvik Sparebank said its systems were restored by noon.\n", "Skarvik Sparebank"),
])
def test_a_bank_named_in_one_word_is_a_bank(tmp_path, body, bank):
    assert entities(run(tmp_path, body)).get(bank) == "Bank"


def test_a_ministers_office_is_also_named_as_the_ministry(tmp_path):
    body = "The Minister for Digital Affairs ordered Tellis Mobile to remove equipment made by Harlow Systems.\n"
    records = [r for r in run(tmp_path, body) if r["kind"] == "entity"]
    office = next(r for r in records if r["type"] == "Regulator")
    assert "Ministry of Digital Affairs" in [office["name"], *office["aliases"]], office


@pytest.mark.parametrize("body, accused", [
    ("Vessaly's prosecutors accused Dovan Selk, Ilra Tamov and Kesi Mult of computer intrusion and fraud.\n",
     {"dovan-selk", "ilra-tamov", "kesi-mult"}),
    ("Prosecutors in Vessaly unsealed an indictment charging three Tarnish nationals with fraud.\n",
     {"three-tarnish-nationals"}),
])
def test_everyone_charged_is_a_target(tmp_path, body, accused):
    found = [e for p in ("Indictment", "Accusation") for e in events(run(tmp_path, body), p)]
    assert any(accused <= set(e["roles"].get("target", [])) for e in found), found


def test_a_hack_behind_charges_gathers_the_companies_broken_into(tmp_path):
    body = ("Prosecutors in Vessaly charged Dovan Selk and Ilra Tamov with fraud on Monday. The two hacked into Vessnet "
            "Mobile and Kingsmoor Bank through routers made by Kovan Networks. Vessnet Mobile said it had evicted the "
            "intruders.\n")
    incidents = events(run(tmp_path, body), "Incident")
    assert incidents, incidents
    roles = incidents[0]["roles"]
    assert {"dovan-selk", "ilra-tamov"} <= set(roles.get("actor", [])), roles
    assert {"vessnet-mobile", "kingsmoor-bank"} <= set(roles.get("target", [])), roles
    assert "kovan-networks" in roles.get("concernsVendor", []), roles


def test_another_states_body_is_not_the_catalogs_body_of_the_same_name(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("---\nid: story\ntitle: t\npublisher: Nowhere Ledger\npublished: 2024-05-14\nlanguage: en\n---\n"
                    "Brastor's Ministry of Foreign Affairs rejected the charges.\n", encoding="utf-8")
    catalog = [{"id": "veldoran-mfa", "type": "Regulator", "name": "Ministry of Foreign Affairs", "aliases": []}]
    records = extract([load_document(path, str(path))], catalog)
    assert not any(r.get("id") == "veldoran-mfa" for r in records), records


def test_an_organisation_gets_one_country(tmp_path):
    body = ("Quillish regulators and Zemarian officials met. Orvish buyers said Zemarian chipmaker Helder Corvane "
            "Technologies, a Quillish supplier, would deliver.\n")
    countries = [r for r in run(tmp_path, body) if r["kind"] == "relation" and r["predicate"] == "country"
                 and r["subject"] == "helder-corvane-technologies"]
    assert len(countries) <= 1, countries


@pytest.mark.parametrize("body, bank", [
    ("Banque Sorel SA was fined by the regulator on Monday.\n", "Banque Sorel SA"),
    ("Almiran Commercial Bank S.A. said it would pay the fine.\n", "Almiran Commercial Bank S.A."),
])
def test_banks_by_their_foreign_or_suffixed_names(tmp_path, body, bank):
    assert entities(run(tmp_path, body)).get(bank) == "Bank"


def test_a_name_with_no_sign_of_its_kind_is_listed_only_when_it_takes_part(tmp_path):
    body = "Officials met in the morning. The deal was arranged by Tallowmere last year, sources said.\n"
    assert "Tallowmere" not in entities(run(tmp_path, body))


@pytest.mark.parametrize("body", [
    "Halvane's Banking Conduct Authority fined Pellwick Bank 12 million euros over a failed migration.\n",
    "In Halvane, the Banking Conduct Authority on Monday fined Pellwick Bank 12 million euros.\n",
])
def test_the_body_that_fines_is_the_actor_rather_than_its_state(tmp_path, body):
    fines = events(run(tmp_path, body), "Fine")
    assert fines and fines[0]["roles"]["actor"] == ["banking-conduct-authority"], fines


@pytest.mark.parametrize("predicate, body", [
    ("Fine", "Astren Software sold Pellwick Bank a new core system. Astren Software missed deadlines. Astren Software "
             "apologised. The Banking Conduct Authority fined Pellwick Bank 12 million euros on Monday.\n"),
    ("Review", "Ravell Security makes endpoint software. Ravell Security pushed a bad update. Ravell Security "
               "apologised. The Prudential Board opened a review of how lenders rely on outside suppliers.\n"),
])
def test_a_bank_fined_or_reviewed_over_suppliers_concerns_the_storys_vendor(tmp_path, predicate, body):
    found = events(run(tmp_path, body), predicate)
    vendors = {"astren-software", "ravell-security"}
    assert found and vendors & set(found[0]["roles"].get("concernsVendor", [])), found


@pytest.mark.parametrize("body, child, parent", [
    ("The Bureau of Strategic Trade (BST), part of the Ministry of Commerce and Industry, listed two firms.\n",
     "bureau-of-strategic-trade", "ministry-of-commerce-and-industry"),
    ("The Network Security Directorate is part of the Ministry of Digital Affairs and tests apps.\n",
     "network-security-directorate", "ministry-of-digital-affairs"),
    ("The Office of Export Enforcement, a unit of the Bureau of Strategic Trade, opened the case.\n",
     "office-of-export-enforcement", "bureau-of-strategic-trade"),
])
def test_a_body_that_is_part_of_another(tmp_path, body, child, parent):
    assert (child, parent) in pairs(run(tmp_path, body), "parentOrganization")
