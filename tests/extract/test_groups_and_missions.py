"""Round-3 rules of issue 13 (invented names): groups named by what they run or hold
("operators of …"), orders to stop buying from a vendor, and a state's embassy as a speaker."""

from __future__ import annotations

import pytest

from tests.extract.story import entities, run


def relations(records: list[dict]) -> list[dict]:
    return [r for r in records if r["kind"] == "relation"]


def participants(record: dict) -> set[str]:
    return {v for vs in record.get("roles", {}).values() for v in vs if isinstance(v, str)}


@pytest.mark.parametrize("body, group", [
    ("The Trade Office of Zarvonia ordered operators of critical networks to stop buying routers made by Kettle Forge Networks.\n",
     "operators-of-critical-networks"),
    ("Operators of critical infrastructure must stop purchasing Kettle Forge Networks products, the Cyber Security Administration said.\n",
     "operators-of-critical-infrastructure"),
    ("Holders of mobile network licences must stop buying equipment from Kettle Forge Networks, the Spectrum Authority of Zarvonia said.\n",
     "holders-of-mobile-network-licences"),
])
def test_an_order_to_stop_buying_is_a_ban_on_the_group_over_the_vendor(tmp_path, body, group):
    records = run(tmp_path, body)
    bans = [r for r in relations(records) if r["predicate"] == "Ban"]
    assert bans, relations(records)
    assert {group, "kettle-forge-networks"} <= participants(bans[0]), bans
    assert not any(r["predicate"] == "Acquisition" for r in relations(records)), relations(records)


@pytest.mark.parametrize("body", [
    "Users of the payment app will no longer buy anything, said Mira Oster.\n",
    "Operators of the port said they had stopped buying fuel.\n",
])
def test_no_ban_without_a_body_that_bans(tmp_path, body):
    assert not any(r["predicate"] == "Ban" for r in relations(run(tmp_path, body)))


@pytest.mark.parametrize("body, name", [
    ("Zarvonia's embassy in Ostrava protested against the ban on Kettle Forge Networks.\n", "Zarvonia's embassy in Ostrava"),
    ("The Zarvonian embassy in Ostrava condemned the decision by Brellund.\n", "Zarvonian embassy in Ostrava"),
    ("Zarvonia's Embassy said the charges were groundless, and Zarvonia protested.\n", "Zarvonia's Embassy"),
])
def test_an_embassy_is_a_body_of_its_state(tmp_path, body, name):
    records = run(tmp_path, body)
    assert entities(records).get(name) == "Regulator", entities(records)
    for r in relations(records):
        assert r.get("roles", {}).get("actor") != ["zarvonia"] or r["predicate"] != "Ban", r  # an embassy restricts nothing


def test_a_protest_by_an_embassy_is_not_aimed_at_its_own_state(tmp_path):
    records = run(tmp_path, "Zarvonia's embassy in Ostrava protested against the ban on Kettle Forge Networks.\n")
    protests = [r for r in relations(records) if r["predicate"] == "Protest"]
    assert protests and protests[0]["roles"]["actor"] == ["zarvonias-embassy-in-ostrava"], protests
    assert "zarvonia" not in protests[0]["roles"].get("target", []), protests


@pytest.mark.parametrize("body, group", [
    ("Domestic telecom operators were barred by the Ministry of Communications from buying equipment made by Kettle Forge Networks.\n",
     "telecom-operators"),
    ("Small regional banks were banned by the Banking Authority of Zarvonia from using Kettle Forge Networks software.\n",
     "regional-banks"),  # a capitalised first word of a sentence is not taken as a modifier
])
def test_a_passive_restriction_names_the_lower_case_group_and_the_vendor(tmp_path, body, group):
    records = run(tmp_path, body)
    found = [r for r in relations(records) if r["predicate"] in ("Ban", "ProcurementExclusion", "Restriction")]
    assert found and {group, "kettle-forge-networks"} <= participants(found[0]), relations(records)


@pytest.mark.parametrize("body, actor", [
    ('The Republic of Ostrava listed the firm. Zarvonia\'s Ministry of Commerce said in a statement that Ostrava was "abusing state power".\n',
     "ministry-of-commerce"),
    ('The Republic of Ostrava listed the firm. The listing is "naked economic coercion" by Ostrava, the Zarvonian embassy in Brellund said.\n',
     "zarvonian-embassy-in-brellund"),
    ("The Republic of Ostrava listed the firm. The Republic of Zarvonia said on Monday that Ostrava had politicised trade.\n",
     "zarvonia"),
])
def test_a_state_bodys_reproach_is_an_accusation_of_the_other_state(tmp_path, body, actor):
    found = [r for r in relations(run(tmp_path, body)) if r["predicate"] == "Accusation"]
    assert found and found[0]["roles"] == {"actor": [actor], "target": ["ostrava"]}, found


@pytest.mark.parametrize("body", [
    "Kettle Forge Networks said the ban by the Republic of Ostrava was discriminatory.\n",
    "The Republic of Ostrava said it would suppress nothing.\n",
])
def test_no_accusation_without_a_state_speaker_and_another_state(tmp_path, body):
    assert not any(r["predicate"] == "Accusation" for r in relations(run(tmp_path, body)))


@pytest.mark.parametrize("body", [
    "The Ministry of Trade and Industry of Ostrava listed the firm. Zarvonia's Ministry of Trade said it would respond.\n",
    "The Ministry of Trade and Industry listed the firm on Monday. Later, Zarvonia's Ministry of Trade objected.\n",
])
def test_another_states_shorter_body_is_not_merged_into_a_longer_name(tmp_path, body):
    found = entities(run(tmp_path, body))
    assert "Ministry of Trade" in found and any(n.startswith("Ministry of Trade and Industry") for n in found), found


@pytest.mark.parametrize("body", [
    "The Committee on Foreign Investment Review (CFIRO) examined the deal.\n",
    "The deal was examined by the Committee on Foreign Investment Review, which he chairs.\n",
    "The Council on Foreign Trade Policy said it would act.\n",
])
def test_a_title_word_after_on_is_part_of_the_bodys_name(tmp_path, body):
    found = entities(run(tmp_path, body))
    assert not any(t == "Person" for t in found.values()), found
    assert any(n.startswith(("Committee on Foreign", "Council on Foreign")) for n in found), found


@pytest.mark.parametrize("body, body_name, other", [
    ("Trade Bureau of Zarvonia Imposes $3 Million Penalty on Kettle Forge Networks\n", "Trade Bureau of Zarvonia", "Kettle Forge Networks"),
    ("Ostrava Telecom Authority Fines Kettle Forge Networks Over Outage\n", "Ostrava Telecom Authority", "Kettle Forge Networks"),
    ("Spectrum Office of Zarvonia Bans Kettle Forge Networks Gear\n", "Spectrum Office of Zarvonia", "Kettle Forge Networks"),
])
def test_a_title_case_headline_verb_ends_a_name(tmp_path, body, body_name, other):
    found = entities(run(tmp_path, body))
    assert body_name in found and any(n.startswith(other) for n in found), found
    assert not any(w in n for n in found for w in ("Imposes", "Fines", "Bans", "Over Outage")), found


CATALOG = [
    {"id": "veloria", "type": "Country", "name": "Veloria", "aliases": []},
    {"id": "ministry-of-finance-veloria", "type": "Regulator", "name": "Ministry of Finance", "aliases": [], "country": "veloria"},
]


@pytest.mark.parametrize("body, linked", [
    ("The Republic of Zarvonia acted. The Ministry of Finance said banks must report by June.\n", False),
    ("The Ministry of Finance in Veloria said banks must report by June.\n", True),
])
def test_a_curated_states_generic_body_links_only_where_the_state_is_named(tmp_path, body, linked):
    from kg.extract import extract
    from kg.inputs.documents import load_document

    path = tmp_path / "story.txt"
    path.write_text("---\nid: story\ntitle: t\npublisher: Nowhere Ledger\npublished: 2024-05-14\nlanguage: en\n---\n" + body, encoding="utf-8")
    ids = {r["id"] for r in extract([load_document(path, str(path))], CATALOG) if r["kind"] == "entity"}
    assert ("ministry-of-finance-veloria" in ids) is linked, ids
