"""Rules of the sixth tuning round (issue 13), each with several phrasings (invented names): more events and
participants in constructions earlier rules missed — charges denied without saying whose, licences revoked,
everyone listed after a restricting verb or in a notice's numbered items, the body behind an officer's title,
charges stated with "alleged that" / "suspects that" (and those acting with the accused), wrongdoing a public body
states, requests not to install a vendor's gear, orders by a body named again by its noun or about the story's
product, seats told of "It" / "The company", and titles held in a relative clause."""

from __future__ import annotations

import pytest

from tests.extract.story import events, relations, run

STATE = "The Republic of Brannova and the Republic of Vostria are neighbours.\n\n"
RESTRICTIONS = ("Restriction", "Ban", "ExportControl", "EntityListing", "ThreatDesignation", "ProcurementExclusion")


def _restrictions(records: list[dict]) -> list[dict]:
    return [r for p in RESTRICTIONS for r in events(records, p)]


def _pairs(found: list[dict]) -> set[tuple[str, str]]:
    return {(a, t) for e in found for a in e["roles"].get("actor", []) for t in e["roles"].get("target", [])}


# ---------------------------------------------------------------- charges denied without saying whose


@pytest.mark.parametrize("said, denied", [
    ("The Brannovan Bureau of Export Security said Quarrel Systems had shipped lasers to a weapons institute.",
     "Quarrel Systems said it \"firmly rejects\" the allegation."),
    ("Trade Secretary Ilvar Tennick said the Bureau of Export Security had clear evidence of diversion to the Vostrian army.",
     "Quarrel Systems, which is based in Dovrin, denied the allegations."),
    ("The Bureau of Export Security said in its notice that the lasers had reached a missile programme.",
     "Quarrel Systems rejected the accusations and said it would appeal."),
])
def test_a_denied_charge_is_an_accusation_by_who_spoke_last(tmp_path, said, denied):
    body = STATE + f"Brannova added Quarrel Systems to its Entity List on Monday.\n\n{said}\n\n{denied}\n"
    accusations = events(run(tmp_path, body), "Accusation")
    assert any("quarrel-systems" in a["roles"]["target"] for a in accusations), accusations
    assert all(a["roles"]["actor"] != ["quarrel-systems"] for a in accusations), accusations


@pytest.mark.parametrize("denied", [
    "Quarrel Systems rejected the findings.",
    "Quarrel Systems neither admitted nor denied the findings.",
])
def test_findings_denied_are_no_accusation(tmp_path, denied):
    body = STATE + f"The Bureau of Export Security said Quarrel Systems had failed the assessment.\n\n{denied}\n"
    assert not events(run(tmp_path, body), "Accusation")


def test_a_denial_answers_the_accusation_told_before(tmp_path):
    body = (STATE + "Ministry spokesman Tarel Vosk accused Vostria of \"abusing export controls\".\n\n"
            "The Vostrian Foreign Ministry rejected the accusation.\n")
    accusations = events(run(tmp_path, body), "Accusation")
    assert not any(a["roles"]["target"] == ["vostrian-foreign-ministry"] for a in accusations), accusations


@pytest.mark.parametrize("sentence", [
    "Quarrel Systems, which is based in Dovrin and is Vostria's largest maker of lasers, said it \"firmly rejects\" the allegation.",
    "Quarrel Systems, which sells lasers across Vostria, said it rejects the allegation.",
])
def test_the_name_a_relative_clause_hangs_on_denies(tmp_path, sentence):
    body = STATE + f"The Bureau of Export Security said Quarrel Systems had shipped lasers to a weapons institute.\n\n{sentence}\n"
    (denial,) = events(run(tmp_path, body), "Denial")
    assert denial["roles"]["actor"] == ["quarrel-systems"], denial


# ---------------------------------------------------------------- licences revoked, lists of targets


@pytest.mark.parametrize("sentence", [
    "The Bureau of Strategic Trade, which is part of the ministry, cancelled licences held by Quarrel Systems, Tarn Vacuum Systems "
    "and Pellow Photonics.",
    "The Bureau of Strategic Trade revoked the export licences of Quarrel Systems, Tarn Vacuum Systems and Pellow Photonics on Monday.",
    "The Bureau of Strategic Trade withdrew the operating licences issued to Quarrel Systems, Tarn Vacuum Systems and Pellow Photonics.",
])
def test_licences_revoked_restrict_every_holder(tmp_path, sentence):
    found = _restrictions(run(tmp_path, STATE + sentence + "\n"))
    assert {("bureau-of-strategic-trade", t) for t in ("quarrel-systems", "tarn-vacuum-systems", "pellow-photonics")} <= _pairs(found), found


def test_a_licence_revoked_by_no_government_is_no_restriction(tmp_path):
    body = STATE + "Quarrel Systems cancelled the licences of Tarn Vacuum Systems and Pellow Photonics to use its patents.\n"
    assert not _restrictions(run(tmp_path, body))


@pytest.mark.parametrize("sentence", [
    "Brannova's Bureau of Export Security blacklisted Quarrel Systems, Tarn Vacuum Systems and Pellow Photonics on Monday.",
    "The Bureau of Export Security sanctioned Quarrel Systems and Tarn Vacuum Systems and Pellow Photonics.",
    "The Bureau of Export Security barred Quarrel Systems, Tarn Vacuum Systems or Pellow Photonics from public tenders.",
])
def test_every_name_listed_after_a_restricting_verb_is_a_target(tmp_path, sentence):
    found = _restrictions(run(tmp_path, STATE + sentence + "\n"))
    targets = {t for e in found for t in e["roles"].get("target", [])}
    assert {"quarrel-systems", "tarn-vacuum-systems", "pellow-photonics"} <= targets, found


NOTICE = """OFFICE OF TRADE SANCTIONS CONTROL
REPUBLIC OF BRANNOVA

NOTICE No. 12 of 2024

1. This notice is given by the Director of the Office of Trade Sanctions Control under section 4 of the Sanctions Act.

2. The Director, acting with the consent of the Minister for Foreign Affairs, has today {verb} the following {what} for the purposes \
of the Act, and has entered their names on the Consolidated List of Designated Persons:

{items}

3. No person in Brannova may deal with funds owned by a designated person.
"""


@pytest.mark.parametrize("verb, what, items", [
    ("designated", "persons", "   (a) QUARREL TELECOM CO., LTD., a company incorporated in Vostria;\n\n"
                              "   (b) Tarn Semiconductor Ltd., a wholly owned subsidiary of the entity listed at (a);\n\n"
                              "   (c) Pellow Photonics, a company incorporated in Vostria."),
    ("blacklisted", "entities", "- Quarrel Telecom Co.\n- Tarn Semiconductor Ltd.\n- Pellow Photonics"),
    ("sanctioned", "companies", "1) Quarrel Telecom Co., of Dovrin;\n2) Tarn Semiconductor Ltd., of Dovrin;\n3) Pellow Photonics, of Dovrin."),
])
def test_a_notices_numbered_items_are_the_ones_it_lists(tmp_path, verb, what, items):
    found = _restrictions(run(tmp_path, NOTICE.format(verb=verb, what=what, items=items)))
    targets = {t for e in found for t in e["roles"].get("target", [])}
    assert {"tarn-semiconductor-ltd", "pellow-photonics"} <= targets, found
    assert any(t.startswith("quarrel-telecom") for t in targets), found
    assert "designated-persons" not in targets, found
    # Who consents does not act: the office whose notice it is designates.
    assert all(e["roles"]["actor"] == ["office-of-trade-sanctions-control"] for e in found if "pellow-photonics" in e["roles"]["target"]), found


@pytest.mark.parametrize("sentence", [
    "The Bureau of Export Security, acting with the consent of the Ministry of Finance, has blacklisted Quarrel Systems.",
    "The Bureau of Export Security, in consultation with the Ministry of Finance, has formally blacklisted Quarrel Systems.",
])
def test_who_consents_to_a_restriction_does_not_impose_it(tmp_path, sentence):
    found = _restrictions(run(tmp_path, STATE + sentence + "\n"))
    assert ("bureau-of-export-security", "quarrel-systems") in _pairs(found), found
    assert not any("ministry-of-finance" in e["roles"].get("actor", []) for e in found), found


# ---------------------------------------------------------------- charges stated without "accuse"


@pytest.mark.parametrize("sentence", [
    "4. The Director has reasonable grounds to suspect that Quarrel Telecom Co., acting through Tarn Semiconductor Ltd. and at the "
    "direction of Mr Ivo Saradan, supplied monitoring equipment to the Vostrian security service.",
    "4. The Director alleges that Quarrel Telecom Co., acting through Tarn Semiconductor Ltd. and at the direction of Mr Ivo Saradan, "
    "supplied monitoring equipment to the Vostrian security service.",
])
def test_a_notice_that_suspects_wrongdoing_accuses(tmp_path, sentence):
    body = ("OFFICE OF TRADE SANCTIONS CONTROL\nREPUBLIC OF BRANNOVA\n\n1. This notice is given by the Director of the Office of Trade "
            f"Sanctions Control.\n\n{sentence}\n")
    accusations = events(run(tmp_path, body), "Accusation")
    targets = {t for a in accusations for t in a["roles"]["target"]}
    assert any(t.startswith("quarrel-telecom") for t in targets), accusations
    assert "tarn-semiconductor-ltd" in targets, accusations
    assert any("saradan" in t for t in targets), accusations
    assert {a for acc in accusations for a in acc["roles"]["actor"]} == {"office-of-trade-sanctions-control"}, accusations


@pytest.mark.parametrize("sentence", [
    "The Bureau of Export Security alleged that Quarrel Systems had shipped lasers to a weapons institute.",
    "The Bureau of Export Security suspects that Quarrel Systems sold lasers to a weapons institute, the ministry said.",
])
def test_alleged_that_is_an_accusation(tmp_path, sentence):
    accusations = events(run(tmp_path, STATE + sentence + "\n"), "Accusation")
    assert ("bureau-of-export-security", "quarrel-systems") in _pairs(accusations), accusations


def test_the_alleged_hack_accuses_no_one(tmp_path):
    body = STATE + "The Bureau of Export Security said the alleged hack of Quarrel Systems was under review.\n"
    assert not events(run(tmp_path, body), "Accusation")


# ---------------------------------------------------------------- requests not to install


@pytest.mark.parametrize("sentence", [
    "Pending the outcome, the Ministry of Digital Affairs has asked both carriers not to install any new Saravel base stations.",
    "The Ministry of Digital Affairs told both operators to pause new Saravel installations.",
    "The Ministry of Digital Affairs has asked both mobile operators not to buy Saravel equipment until the review ends.",
])
def test_asked_not_to_install_is_a_restriction_on_the_two_named(tmp_path, sentence):
    body = (STATE + "Saravel Networks supplies radio equipment to Cobbleford Mobile and Harnock Telecom, Brannova's two largest "
            f"operators.\n\n{sentence}\n")
    found = _restrictions(run(tmp_path, body))
    assert {("ministry-of-digital-affairs", "cobbleford-mobile"), ("ministry-of-digital-affairs", "harnock-telecom")} <= _pairs(found), found
    assert any("saravel-networks" in e["roles"].get("concernsVendor", []) for e in found), found


# ---------------------------------------------------------------- seats told of "It" or "The company"


@pytest.mark.parametrize("about", [
    "About Pellow Networks\nPellow Networks designs routers for banks. The company was founded in 2009 and is headquartered in Tessvik, Vostria.",
    "About Pellow Networks\nPellow Networks designs routers for banks. It is headquartered in Tessvik, Vostria.",
    "Pellow Networks makes routers for banks and telecom operators. It is based in the Vostrian city of Tessvik.",
])
def test_the_seat_of_the_company_a_pronoun_stands_for(tmp_path, about):
    body = STATE + f"Brannova's Ministry of Finance said on Monday it would review routers made by Pellow Networks.\n\n{about}\n"
    assert ("pellow-networks", "tessvik") in relations(run(tmp_path, body), "headquarters")


def test_it_with_no_company_opening_the_sentence_before_has_no_seat(tmp_path):
    body = STATE + "The ministry said Pellow Networks had failed.\n\nAnalysts were surprised. It is based in Tessvik, Vostria, said one.\n"
    assert not relations(run(tmp_path, body), "headquarters")


# ---------------------------------------------------------------- orders: the body behind "The Ministry", the story's product


@pytest.mark.parametrize("sentence", [
    "The Ministry has today directed all central government departments to remove Quarrel Systems software from official phones.",
    "On 3 December the Office directed Tarrow Savings Bank to remove Quarrel Systems software.",
    "The Office then instructed Tarrow Savings Bank to stop using software made by Quarrel Systems by June.",
])
def test_an_order_by_a_body_named_again_by_its_noun(tmp_path, sentence):
    body = (STATE + "Brannova's Ministry of Digital Affairs and the Banking Supervision Office reviewed software made by "
            f"Quarrel Systems.\n\n{sentence}\n")
    orders = events(run(tmp_path, body), "Directive")
    actors = {a for o in orders for a in o["roles"].get("actor", [])}
    assert actors & {"ministry-of-digital-affairs", "banking-supervision-office"}, orders
    noun = "ministry" if "Ministry" in sentence else "office"
    assert all(noun in a for a in actors), orders


def test_a_courts_order_is_no_directive(tmp_path):
    body = (STATE + "The High Court of Brannova heard the claim against Quarrel Systems.\n\n"
            "The Court ordered Quarrel Systems to pay damages of EUR 4 million to Tarrow Savings Bank.\n")
    assert not events(run(tmp_path, body), "Directive")


@pytest.mark.parametrize("sentence", [
    "The Central Bank of Brannova has instructed Tarrow Savings Bank and Pell Mutual Bank to submit plans for exiting the product by 31 August.",
    "The Central Bank of Brannova ordered Tarrow Savings Bank and Pell Mutual Bank to replace the software within a year.",
])
def test_an_order_about_the_product_concerns_the_storys_vendor(tmp_path, sentence):
    body = (STATE + "Quarrel Systems makes the Quarrel Bridge remote-access tool. Quarrel Systems said the tool was safe. "
            f"Analysts said Quarrel Systems would lose sales.\n\n{sentence}\n")
    orders = events(run(tmp_path, body), "Directive")
    assert any("quarrel-systems" in o["roles"].get("concernsVendor", []) + o["roles"].get("replacedVendor", []) for o in orders), orders


def test_an_order_without_the_product_named_concerns_no_vendor(tmp_path):
    body = (STATE + "Quarrel Systems makes the Quarrel Bridge remote-access tool. Quarrel Systems said the tool was safe. "
            "Analysts said Quarrel Systems would lose sales.\n\nThe Central Bank of Brannova ordered Tarrow Savings Bank to "
            "complete a remediation programme, including an exit plan for all critical cloud services.\n")
    orders = events(run(tmp_path, body), "Directive")
    assert orders and not any(o["roles"].get("concernsVendor") for o in orders), orders


@pytest.mark.parametrize("made", ["a messaging application developed by", "an app made by", "the chat service owned by"])
def test_a_named_product_to_remove_is_its_makers(tmp_path, made):
    body = (STATE + f"Gossamer Chat, {made} Quillfield Labs, failed the review. Tallyboard, an app developed by Brightwater "
            "Software, passed it. Brightwater Software welcomed the result. Quillfield Labs did not comment.\n\n"
            "The Ministry of Digital Affairs directed all central government departments to remove Gossamer Chat from official phones.\n")
    (order,) = events(run(tmp_path, body), "Directive")
    assert order["roles"].get("replacedVendor") == ["quillfield-labs"], order


@pytest.mark.parametrize("sentence", [
    "Minister Ilvar Tennick told reporters in Dovrin that the review, to be conducted by the Banking Supervision Office, would "
    "examine Quarrel Systems software at Tarrow Savings Bank.",
    "The Central Bank of Brannova told Tarrow Savings Bank, Pell Mutual Bank and their auditors about the review on Monday.",
])
def test_telling_is_no_order_without_an_infinitive_for_the_named(tmp_path, sentence):
    assert not events(run(tmp_path, STATE + sentence + "\n"), "Directive")


def test_an_order_to_a_long_list_of_banks(tmp_path):
    body = (STATE + "The Central Bank of Brannova instructed Tarrow Savings Bank, Pell Mutual Bank and Oxlow Mercantile Bank to "
            "remove software made by Quarrel Systems.\n")
    (order,) = events(run(tmp_path, body), "Directive")
    assert {"tarrow-savings-bank", "pell-mutual-bank", "oxlow-mercantile-bank"} <= set(order["roles"]["target"]), order


# ---------------------------------------------------------------- a title held in a relative clause


@pytest.mark.parametrize("sentence", [
    "Pellow Networks was founded in Tessvik in 2011 by Dr Ardal Venn, a former cryptographer who is still its chief executive.",
    "Pellow Networks has rejected the findings. Ardal Venn, who runs the company's Brannovan business, said it would appeal.",
    "Pellow Networks declined to comment. Ardal Venn, who is the company's general counsel, did not reply to questions.",
])
def test_a_title_in_a_relative_clause_gives_worksfor(tmp_path, sentence):
    body = STATE + f"Brannova's Ministry of Finance said on Monday it would review routers made by Pellow Networks.\n\n{sentence}\n"
    assert ("ardal-venn", "pellow-networks") in relations(run(tmp_path, body), "worksFor")


def test_a_relative_clause_without_a_charge_gives_no_worksfor(tmp_path):
    body = (STATE + "Pellow Networks makes routers. Ardal Venn, who has studied the company's routers for years, "
            "said they were safe.\n")
    assert ("ardal-venn", "pellow-networks") not in relations(run(tmp_path, body), "worksFor")


# ---------------------------------------------------------------- wrongdoing stated by a public body


@pytest.mark.parametrize("sentence, targets", [
    ("The Bureau of Export Security said Quarrel Systems had supplied laser parts to a missile research institute.", {"quarrel-systems"}),
    ("The Bureau of Export Security said that Quarrel Systems had \"repeatedly violated\" export rules.", {"quarrel-systems"}),
    ("The Bureau of Export Security said the three companies had \"cooperated with the discriminatory measures\" of Vostria.",
     {"quarrel-systems", "tarn-vacuum-systems", "pellow-photonics"}),
    ("The Bureau of Export Security said the two firms had concealed the shipments.", {"tarn-vacuum-systems", "pellow-photonics"}),
])
def test_wrongdoing_a_public_body_states_is_an_accusation(tmp_path, sentence, targets):
    body = (STATE + "Brannova blacklisted Quarrel Systems, Tarn Vacuum Systems and Pellow Photonics on Monday.\n\n"
            f"{sentence}\n")
    accusations = events(run(tmp_path, body), "Accusation")
    assert {("bureau-of-export-security", t) for t in targets} <= _pairs(accusations), accusations


@pytest.mark.parametrize("sentence", [
    "Quarrel Systems said Tarn Vacuum Systems had violated the contract.",  # a company's claim is no state's accusation
    "The Bureau of Export Security said the outage had undermined confidence in Quarrel Systems.",
])
def test_no_accusation_without_a_public_speaker_and_an_accused_subject(tmp_path, sentence):
    assert not events(run(tmp_path, STATE + sentence + "\n"), "Accusation")


@pytest.mark.parametrize("sentence", [
    "Banking Supervision Office Director-General Ilse Varrow said the office would act.",
    "\"We will act,\" Banking Supervision Office Director-General Ilse Varrow told reporters.",
])
def test_a_hyphenated_title_is_kept_whole(tmp_path, sentence):
    body = STATE + f"The Banking Supervision Office fined Tarrow Savings Bank on Monday.\n\n{sentence}\n"
    records = run(tmp_path, body)
    titles = {r["object"].lower() for r in records if r["kind"] == "relation" and r["predicate"] == "jobTitle"}
    assert "director-general" in titles, titles
    assert ("ilse-varrow", "banking-supervision-office") in relations(records, "worksFor")
