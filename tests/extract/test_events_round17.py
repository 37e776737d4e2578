"""Rules of the fifth session on issue 13 (events), each with several phrasings (invented names): an order to a
group whose object phrase holds a possessive, an aside between a subject and its verb, the words of a body's own
name that are no trigger, a notice's list added to without a subject or by reference to another paragraph, and a
restriction that is itself the retaliation."""

from __future__ import annotations

import pytest

from tests.extract.story import events, run

BANKS = "Harl Bank, Ostly Savings Bank and Brisk Trust Bank"


@pytest.mark.parametrize("order", [
    "The Marnian Prudential Authority (MPA) has told three of the country's largest lenders to draw up plans to move off Quorn Cloud.",
    "The Marnian Prudential Authority (MPA) on Monday instructed three of the nation's biggest banks to prepare an exit from Quorn Cloud.",
    "The Marnian Prudential Authority (MPA) ordered three of the country's largest lenders to stop relying on Quorn Cloud by June.",
])
def test_an_order_to_a_counted_group_named_with_a_possessive_reaches_its_members(tmp_path, order):
    body = order + "\n\nThe review examined how " + BANKS + " depend on Quorn Cloud for payments.\n"
    directives = [d for d in events(run(tmp_path, body), "Directive") if d["roles"].get("target")]
    assert directives, "no order found"
    (directive,) = directives
    assert directive["roles"]["actor"] == ["marnian-prudential-authority"], directive
    assert set(directive["roles"]["target"]) == {"harl-bank", "ostly-savings-bank", "brisk-trust-bank"}, directive


@pytest.mark.parametrize("aside", [
    "which is headquartered in Pellow in neighbouring Varnia",
    "which is based in Pellow, the Varnian capital",
    "whose parent is based in neighbouring Varnia",
])
def test_a_denial_after_an_aside_is_the_subjects(tmp_path, aside):
    body = ("The Marnian Cyber Agency said on Tuesday that Quorn Cloud's data centres could be administered from abroad.\n\n"
            f"Quorn Cloud, {aside}, rejected the agency's conclusions in an emailed statement.\n")
    (denial,) = events(run(tmp_path, body), "Denial")
    assert denial["roles"]["actor"] == ["quorn-cloud"], denial


@pytest.mark.parametrize("aside", ["which reports to the Ministry of Finance", "who answers to the Ministry of Finance"])
def test_an_acting_body_is_the_subject_before_an_aside_not_the_body_inside_it(tmp_path, aside):
    body = f"The Radio Spectrum Authority, {aside}, barred Quorn Telecom and Brisk Mobile from buying Harrow Systems equipment.\n"
    restrictions = [e for e in run(tmp_path, body) if e["kind"] == "relation" and e.get("roles", {}).get("target")
                    and {"quorn-telecom", "brisk-mobile"} <= set(e["roles"]["target"])]
    assert restrictions, "no restriction found"
    for r in restrictions:
        assert r["roles"]["actor"] == ["radio-spectrum-authority"], r


@pytest.mark.parametrize("sentence", [
    "The Office of Strategic Export Control, on the authority delegated to it by the Minister of Trade, published new guidance "
    "for Harl Electronics.",
    "The Office of Strategic Export Control said on Monday that it had received 40 applications from Harl Electronics.",
    "Harl Electronics met officials of the Sanctions and Export Control Directorate on Monday.",
])
def test_a_word_of_a_bodys_own_name_is_no_event(tmp_path, sentence):
    records = run(tmp_path, sentence + "\n")
    assert not [r for r in records if r["kind"] == "relation" and r["predicate"][:1].isupper()], records


ITEMS = ("   (a) Ruddle Microelectronics Co., Ltd., 44 Lath Road, Daverin, Republic of Vorn;\n\n"
         "   (b) Saxby Photonics Trading Limited, Unit 9, Eastquay Park, Daverin, Republic of Vorn;\n\n"
         "   (c) Mr. Dmitar Oskel, a national of the Republic of Vorn, managing director of Saxby Photonics Trading Limited.\n\n")
LISTED = {"ruddle-microelectronics-co-ltd", "saxby-photonics-trading-limited", "dmitar-oskel"}


@pytest.mark.parametrize("adds", [
    "The Office of Strategic Trade (hereinafter \"the Office\"), acting under Section 14(2) of the Strategic Goods Act 2017 and "
    "on the authority delegated to it by the Minister of Trade, hereby adds the persons listed in paragraph 2 to the Restricted "
    "End-User List.",
    "The Office of Strategic Trade hereby adds the entities listed in paragraph 2 to the Restricted End-User List.",
])
def test_a_notice_adds_the_names_another_of_its_paragraphs_lists(tmp_path, adds):
    body = (f"OFFICE OF STRATEGIC TRADE\n\n1. {adds}\n\n2. The following are added to the Restricted End-User List:\n\n" + ITEMS
            + "3. Enquiries may be addressed to the Office.\n")
    restrictions = [e for e in run(tmp_path, body) if e["kind"] == "relation" and set(e.get("roles", {}).get("target", [])) == LISTED]
    assert restrictions, "no listing of the three"
    for r in restrictions:
        assert r["roles"]["actor"] == ["office-of-strategic-trade"], r  # not the minister inside the aside


@pytest.mark.parametrize("intro", [
    "The following are added to the Restricted End-User List:",
    "With effect from today, the following are placed on the Restricted End-User List:",
])
def test_a_notices_list_added_to_without_a_subject_takes_its_items(tmp_path, intro):
    body = "The Office of Strategic Trade publishes this notice under the Strategic Goods Act.\n\n" + intro + "\n\n" + ITEMS
    restrictions = [e for e in run(tmp_path, body) if e["kind"] == "relation" and set(e.get("roles", {}).get("target", [])) == LISTED]
    assert restrictions, "no listing of the three"
    assert restrictions[0]["roles"]["actor"] == ["office-of-strategic-trade"], restrictions[0]


@pytest.mark.parametrize("sentence", [
    "The Ministry of Commerce has decided to add three Varnian companies, Caltor Dynamics, Wardle Aerospace and Kinvar "
    "Analytics, to its countermeasure list.",
    "The Ministry of Commerce on Friday placed Caltor Dynamics, Wardle Aerospace and Kinvar Analytics on a countermeasure list.",
])
def test_a_restriction_that_is_the_retaliation_gives_it_its_roles(tmp_path, sentence):
    body = "Marnia firmly opposes the groundless accusations made by Varnia, a spokesperson said.\n\n" + sentence + "\n"
    (retaliation,) = events(run(tmp_path, body), "Retaliation")
    assert retaliation["roles"]["actor"] == ["ministry-of-commerce"], retaliation
    assert set(retaliation["roles"]["target"]) == {"caltor-dynamics", "wardle-aerospace", "kinvar-analytics"}, retaliation


def test_a_restriction_a_retaliation_answers_is_not_the_retaliation(tmp_path):
    body = ("Marnia's Cyberspace Administration barred operators from buying Vireo Semiconductor chips.\n\n"
            "The decision is widely seen in Varnia as retaliation for the Entity List action against Marnian foundry "
            "Sunsp Microelectronics earlier this year.\n")
    for retaliation in events(run(tmp_path, body), "Retaliation"):
        assert "sunsp-microelectronics" not in retaliation["roles"].get("target", []) or \
            retaliation["roles"].get("actor") != ["varnia"], retaliation


@pytest.mark.parametrize("second", [
    "Ordley Brokerage was fined €1.8 million and Marchbank Capital Markets €950,000.",
    "Ordley Brokerage was fined €1.8 million, while Marchbank Capital Markets must pay €950,000.",
    "Marchbank Capital Markets paid €950,000; Ordley Brokerage was fined €1.8 million.",
])
def test_a_counted_group_is_the_names_the_next_sentence_gives_however_written(tmp_path, second):
    body = ("The Securities Commission of Varnia (SCV) on Wednesday fined two of the country's biggest retail brokerages a "
            "combined €2.75 million over outages at Quantor Trading Systems.\n\n" + second + "\n\n"
            "Ordley Brokerage, which is based in Glasshaven, said it accepted the findings. Marchbank Capital Markets said it "
            "would pay the fine.\n")
    fines = events(run(tmp_path, body), "Fine")
    targets = {t for f in fines for t in f["roles"].get("target", [])}
    assert {"ordley-brokerage", "marchbank-capital-markets"} <= targets, fines
    assert all(f["roles"].get("actor") == ["securities-commission-of-varnia"] for f in fines), fines


@pytest.mark.parametrize("second", [
    "Ostly Bank was also fined €400,000.",
    "Separately, Ostly Bank was fined €400,000 for late reporting.",
])
def test_a_fine_without_its_agent_is_by_the_body_that_fined_before(tmp_path, second):
    body = "The Banking Authority of Varnia fined Harl Bank €1.2 million on Monday over its cloud migration.\n\n" + second + "\n"
    fines = [f for f in events(run(tmp_path, body), "Fine") if "ostly-bank" in f["roles"].get("target", [])]
    assert fines, "no fine on Ostly Bank"
    assert fines[0]["roles"].get("actor") == ["banking-authority-of-varnia"], fines[0]


@pytest.mark.parametrize("order", [
    "The Ministry of Commerce had ordered state-owned companies to cut ties with Harl Consulting Ltd.",
    "The Ministry of Commerce ordered state-owned companies to sever all ties with Harl Consulting Ltd.",
    "The Ministry of Commerce has told state-owned companies to stop doing business with Harl Consulting Ltd.",
])
def test_an_order_to_cut_ties_with_a_company_is_a_ban_on_it(tmp_path, order):
    records = run(tmp_path, "The move follows months of tension.\n\n" + order + "\n")
    (ban,) = events(records, "Ban")
    assert "harl-consulting-ltd" in ban["roles"]["target"], ban
    assert ban["roles"]["actor"] == ["ministry-of-commerce"], ban
    assert not events(records, "Directive"), records
