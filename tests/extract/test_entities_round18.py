"""Entity rules of the sixth session on issue 13 (invented names): a group keeps the word for its legal status
("licensed commercial banks"), and a group links to a curated group only in a story that names that group's state."""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.inputs.documents import load_document
from tests.extract.story import events, run

# A curated group of an invented state, as a fact file would give it.
CATALOG = [{"id": "norvish-commercial-banks", "type": "Bank", "name": "Norvish commercial banks",
            "aliases": ["commercial banks", "domestic banks"], "country": "norvand"},
           {"id": "norvand", "type": "Country", "name": "Norvand", "aliases": ["Norvish"]}]


def _run(tmp_path, body: str) -> list[dict]:
    path = tmp_path / "story.txt"
    path.write_text("---\nid: story\ntitle: t\npublisher: Nowhere Ledger\npublished: 2024-05-14\nlanguage: en\n---\n" + body,
                    encoding="utf-8")
    return extract([load_document(path, str(path))], CATALOG)


@pytest.mark.parametrize("group, ident", [
    ("all licensed commercial banks", "licensed-commercial-banks"),
    ("regulated investment firms", "regulated-investment-firms"),
    ("registered payment institutions", "registered-payment-institutions"),
])
def test_a_group_keeps_the_word_for_its_legal_status(tmp_path, group, ident):
    body = f"The Central Bank of Ostrava on Tuesday ordered {group} to stop using software supplied by Harl Labs by April 8.\n"
    (directive,) = [d for d in events(run(tmp_path, body), "Directive") if d["roles"].get("target")]
    assert directive["roles"]["target"] == [ident], directive


def test_a_group_of_a_story_that_never_names_the_curated_groups_state_is_its_own(tmp_path):
    body = "The Central Bank of Ostrava on Tuesday ordered all commercial banks to stop using software supplied by Harl Labs.\n"
    (directive,) = [d for d in events(_run(tmp_path, body), "Directive") if d["roles"].get("target")]
    assert directive["roles"]["target"] == ["commercial-banks"], directive


@pytest.mark.parametrize("regulator", ["The Norvish banking regulator", "Norvand's banking regulator"])
def test_a_group_of_a_story_that_names_the_curated_groups_state_is_the_curated_group(tmp_path, regulator):
    body = f"{regulator} on Tuesday ordered all commercial banks to stop using software supplied by Harl Labs.\n"
    (directive,) = [d for d in events(_run(tmp_path, body), "Directive") if d["roles"].get("target")]
    assert directive["roles"]["target"] == ["norvish-commercial-banks"], directive


@pytest.mark.parametrize("sentence, verb", [
    ("The Financial Markets Supervisory Office (FMSO) says it will examine banks' dependence on Harl Cloud.", "examine"),
    ("The Financial Markets Supervisory Office (FMSO) said it would review lenders' reliance on Harl Cloud.", "review"),
    ("The Financial Markets Supervisory Office (FMSO) said it could inspect insurers' use of Harl Cloud.", "inspect"),
])
def test_a_verb_after_a_modal_is_no_part_of_a_groups_name(tmp_path, sentence, verb):
    records = run(tmp_path, sentence + "\n")
    names = [r["name"] for r in records if r["kind"] == "entity" and verb in r["name"].lower().split()]
    assert not names, names
    assert events(records, "Review"), "no review found"


@pytest.mark.parametrize("amount", ["(Rupees Five Crore Forty Lakh only)", "(Euros Two Million Five Hundred Thousand)",
                                    "(Pounds Nine Hundred Thousand only)"])
def test_an_amount_in_words_is_no_entity(tmp_path, amount):
    body = (f"The Payments Authority of Ostrava has imposed a monetary penalty of 5,400,000 {amount} on Harl Digital Services "
            "Private Limited for failing to store payment data in Ostrava.\n")
    records = run(tmp_path, body)
    names = [r["name"] for r in records if r["kind"] == "entity"]
    assert not [n for n in names if any(w in n for w in ("Rupees", "Euros", "Pounds", "Million", "Lakh"))], names
    (penalty,) = [e for e in records if e["kind"] == "relation" and e["predicate"] in ("Penalty", "Fine")]
    assert penalty["roles"]["target"] == ["harl-digital-services-private-limited"], penalty


@pytest.mark.parametrize("sentence, word", [
    ("Gwinthal's Ministry of Economy imposed a licence requirement on exports of advanced AI accelerator chips to Silmar Compute.", "AI"),
    ("The outage at Harl Bank was caused by a faulty update to its IT systems, the bank's CEO said.", "IT"),
    ("The Central Bank of Ostrava told lenders to stop using an SDK and an API supplied by Harl Labs.", "SDK"),
    ("Harl Bank's CEO said the API had been switched off.", "CEO"),
])
def test_the_fields_common_abbreviations_are_no_entities(tmp_path, sentence, word):
    records = run(tmp_path, sentence + "\n")
    names = [r["name"] for r in records if r["kind"] == "entity"]
    assert word not in names, names


@pytest.mark.parametrize("opener", ["What", "When", "Why"])
def test_a_sentences_first_word_before_a_persons_surname_is_no_first_name(opener):
    from tests.extract.story import entity_types

    body = ("On the morning of April 8, Finance Minister Anna Ohlander opened a branch in Ornsholt and watched the card terminal "
            f"decline a customer.\n\n{opener} Ohlander had run into was the first day of Harl Bank's new platform, what else.\n"
            "when and why it failed is not known.\n")
    types = entity_types(body)
    assert f"{opener} Ohlander" not in types, types
    assert types.get("Anna Ohlander") == "Person", types


def test_two_people_of_one_family_keep_their_first_names():
    from tests.extract.story import entity_types

    body = ("Chief executive Anna Ohlander founded Harl Systems in 1998.\n\nKarl Ohlander, her brother, joined the company as chairman Karl Ohlander in 2004.\n")
    types = entity_types(body)
    assert types.get("Anna Ohlander") == "Person" and types.get("Karl Ohlander") == "Person", types


@pytest.mark.parametrize("sentence", [
    "Card payments failed for nine hours after a software update at processor Harl Payments.",
    "The outage began at payments processor Harl Payments shortly after 9 a.m.",
    "Banks blamed card processor Harl Payments for the failure.",
])
def test_a_payments_processor_named_after_its_description_is_a_vendor(sentence):
    from tests.extract.story import entity_types

    assert entity_types(sentence + "\n").get("Harl Payments") == "Vendor"


@pytest.mark.parametrize("sentence, name", [
    ("The Monetary Authority imposed a penalty of Rs 4.75 crore on Kavrendi Co-operative Bank for lapses.", "Kavrendi Co-operative Bank"),
    ("Harl Co-operative Bank said it accepts the order.", "Harl Co-operative Bank"),
])
def test_a_hyphened_word_with_a_lower_case_part_stays_inside_a_name(sentence, name):
    from tests.extract.story import entity_types

    types = entity_types(sentence + "\n")
    assert types.get(name) == "Bank", types
    assert "Rs" not in types, types


def test_a_hyphened_description_before_a_name_is_no_part_of_it():
    from tests.extract.story import entity_types

    types = entity_types("The committee ordered Thalvessa-based Gaelmont Holdings to sell its stake.\n")
    assert "Gaelmont Holdings" in types and not [n for n in types if n.startswith("Thalvessa-based")], types


@pytest.mark.parametrize("sentence, place", [
    ("Across Nydessa, banks are moving their core systems off Harl Computing mainframes.", "Nydessa"),
    ("Throughout Ostrava, card payments failed for hours after the Harl Payments update.", "Ostrava"),
    ("After Brisk, the Central Bank of Ostrava fined Harl Bank.", "Brisk"),
])
def test_a_sentences_opening_preposition_is_no_part_of_a_name(sentence, place):
    from tests.extract.story import entity_types

    types = entity_types(sentence + "\n")
    assert not [n for n in types if n.split()[0] in ("Across", "Throughout", "After")], types
    assert place in types, types


@pytest.mark.parametrize("headline, name", [
    ("LIVE Harl Digital chief faces lawmakers over camera contracts", "Harl Digital"),
    ("BREAKING Harl Digital fined over data breach", "Harl Digital"),
])
def test_a_pages_label_in_capitals_is_no_part_of_the_name_after_it(headline, name):
    from tests.extract.story import entity_types

    types = entity_types(headline + "\n\nHarl Digital said it would cooperate with the committee.\n")
    assert name in types and not [n for n in types if n.split()[0] in ("LIVE", "BREAKING")], types


@pytest.mark.parametrize("name", ["MINISTRY FOR FOREIGN AFFAIRS", "OFFICE FOR NATIONAL STATISTICS", "COMMITTEE ON FOREIGN TRADE"])
def test_a_bodys_name_in_capitals_with_its_joining_word_is_still_a_name(name):
    from tests.extract.story import entity_types

    types = entity_types(f"{name}\n\nNOTICE No. 4 of 2024\n\n1. Harl Bank is fined by the {name} for late reports.\n")
    assert any(n.lower() == name.lower() for n in types), types


def test_a_headline_in_capitals_with_a_preposition_is_no_name():
    from tests.extract.story import entity_types

    types = entity_types("MINISTRY LAUNCHES SECURITY REVIEW OF HARL 5G EQUIPMENT IN NATIONAL MOBILE NETWORKS\n\n"
                         "The Ministry of Communications today announced a review of Harl Networks equipment.\n")
    assert not [n for n in types if "NETWORKS" in n or "Networks" in n and n != "Harl Networks"], types


@pytest.mark.parametrize("sentence", [
    "Prosecutors charged three former engineers of Harl Semiconductor Design, the Lorvatz-based chip designer, with theft.",
    "Shares of chip designer Harl Semiconductor Design fell 4% on Monday.",
])
def test_a_chip_designer_is_a_vendor(sentence):
    from tests.extract.story import entity_types

    assert entity_types(sentence + "\n").get("Harl Semiconductor Design") == "Vendor"
