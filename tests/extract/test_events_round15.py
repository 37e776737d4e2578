"""Rules of round 7 of issue 13 (events), each with several phrasings (invented names): a counted group
spelled out by a list elsewhere in the story, a notice's list of excluded suppliers, triggers in a question or
condition, court papers that name their parties by role, and the customers a data exposure reached."""

from __future__ import annotations

import pytest

from tests.extract.story import events, run

BANKS = {"ostly-bank", "varn-bank", "pellick-bank", "quorn-savings-bank"}


@pytest.mark.parametrize("listing", [
    "Harrow Systems supplies the core platform of four of the country's lenders: Ostly Bank, Varn Bank, Pellick Bank and Quorn Savings Bank.",
    "For two decades, four of Marnia's banks have run on Harrow Systems: Ostly Bank, Varn Bank, Pellick Bank and Quorn Savings Bank.",
    "Harrow Systems counts four domestic lenders as clients - Ostly Bank, Varn Bank, Pellick Bank and Quorn Savings Bank.",
])
def test_a_counted_group_is_the_list_of_that_many_names_the_story_gives(tmp_path, listing):
    body = ("Marnia orders four banks off Harrow\n\n" + listing + "\n\n"
            "On Monday the Ministry of Finance ordered the four banks to replace the Harrow Systems platform by the end of next year.\n")
    (directive,) = events(run(tmp_path, body), "Directive")
    assert set(directive["roles"]["target"]) == BANKS, directive


@pytest.mark.parametrize("listing", [
    "The bank has three suppliers: Harrow Systems, Quillan Cloud and Vostrel Networks.",  # a list of another count
    "Four banks use Harrow Systems, among them Ostly Bank and Varn Bank.",  # fewer names than the count
])
def test_a_list_of_another_count_does_not_spell_out_the_group(tmp_path, listing):
    body = listing + "\n\nOn Monday the Ministry of Finance ordered the four banks to replace the Harrow Systems platform.\n"
    for directive in events(run(tmp_path, body), "Directive"):
        assert not BANKS & set(directive["roles"].get("target", [])), directive


@pytest.mark.parametrize("items", [
    "(a) Vostrel Networks Ltd., a company headquartered in Lavrenia; and\n(b) Quillan Cloud Services, a company headquartered in Lavrenia.",
    "(i) Vostrel Networks Ltd., incorporated in Lavrenia;\n(ii) Quillan Cloud Services, incorporated in Lavrenia.",
    "- Vostrel Networks Ltd., of Lavrenia;\n- Quillan Cloud Services, of Lavrenia.",
])
def test_a_notice_excludes_the_suppliers_it_lists_by_its_issuer(tmp_path, items):
    body = ("NATIONAL PROCUREMENT OFFICE OF MARNIA\nNotice to Contracting Authorities\n\n"
            "1. Purpose. This Notice is issued by the National Procurement Office of Marnia.\n\n"
            "2. Exclusion. With effect from the date of this Notice, the following suppliers, together with their "
            "subsidiaries, are excluded from all procedures for the award of public contracts:\n" + items + "\n\n"
            "3. New procedures. Contracting authorities shall not invite tenders from the suppliers named in paragraph 2.\n")
    records = run(tmp_path, body)
    found = [e for kind in ("ProcurementExclusion", "Restriction", "Ban") for e in events(records, kind)]
    (exclusion,) = found
    assert set(exclusion["roles"]["target"]) == {"vostrel-networks-ltd", "quillan-cloud-services"}, exclusion
    assert exclusion["roles"]["actor"] == ["national-procurement-office-of-marnia"], exclusion


@pytest.mark.parametrize("sentence", [
    "The Financial Supervisory Authority said it would examine whether Ostly Bank had tested Harrow Systems updates.",
    "Analysts asked whether Ostly Bank had piloted Harrow Systems software before the crash.",
    "It is not clear if Ostly Bank trialled the Harrow Systems platform at all.",
])
def test_a_trigger_in_a_question_or_condition_is_no_event(tmp_path, sentence):
    assert events(run(tmp_path, sentence + "\n"), "Trial") == []


PAPER = """HIGH ADMINISTRATIVE COURT OF MARNIA

Case No. 2024/0417

VOSTREL NETWORKS LTD
{claimant}

v.

MINISTRY OF TRADE AND ECONOMIC SECURITY
{defendant}

NOTICE OF JUDGMENT

1. On 17 January 2025 the High Administrative Court of Marnia delivered judgment in the above case.

2. By decision of 12 February 2024, the Ministry of Trade and Economic Security entered Vostrel Networks Ltd on its list of restricted suppliers.

3. By application lodged on 3 April 2024, the {claimant} sought annulment of that decision.

4. On those grounds, the Court:
   (i) dismisses the action;
   (ii) orders the {claimant} to bear its own costs.
"""


@pytest.mark.parametrize(("claimant", "defendant"), [("Applicant", "Respondent"), ("Claimant", "Defendant"), ("Appellant", "Respondent")])
def test_a_court_paper_names_its_parties_and_its_court_by_role(tmp_path, claimant, defendant):
    records = run(tmp_path, PAPER.format(claimant=claimant, defendant=defendant))
    (suit,) = events(records, "Lawsuit")
    assert suit["roles"]["actor"] == ["vostrel-networks-ltd"] and suit["roles"]["target"] == ["ministry-of-trade-and-economic-security"], suit
    assert any(r["roles"]["actor"] == ["high-administrative-court-of-marnia"] and r["roles"]["target"] == ["vostrel-networks-ltd"]
               for r in events(records, "CourtRuling")), events(records, "CourtRuling")


@pytest.mark.parametrize("sentence", [
    "Pellick Bank filed a lawsuit against Harrow Systems on Friday.",
    "Pellick Bank lodged a claim against Harrow Systems in the commercial court.",
    "Pellick Bank sought the annulment of the contract with Harrow Systems in the High Court.",
])
def test_a_lawsuit_outside_a_court_paper_is_against_whom_it_names(tmp_path, sentence):
    (suit,) = events(run(tmp_path, sentence + "\n"), "Lawsuit")
    assert suit["roles"]["actor"] == ["pellick-bank"] and suit["roles"]["target"] == ["harrow-systems"], suit


@pytest.mark.parametrize("story", [
    "On 3 March a storage cluster operated by Harrow Cloud was left accessible from the public internet for two days. "
    "The cluster held the account records of about 40,000 customers of Ostly Bank and Varn Building Society.",
    "A database run by Harrow Cloud was left publicly exposed for a week, revealing the records of customers of Ostly Bank and Varn Building Society.",
    "A data leak at Harrow Cloud in March reached the records of clients of Ostly Bank and Varn Building Society, the regulator said.",
])
def test_an_exposure_reached_the_customers_of_whom_it_names(tmp_path, story):
    (incident,) = events(run(tmp_path, story + "\n"), "Incident")
    assert set(incident["roles"]["target"]) == {"ostly-bank", "varn-building-society"}, incident
    assert incident["roles"]["concernsVendor"] == ["harrow-cloud"], incident
