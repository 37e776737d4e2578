"""Rules of the third tuning round (issue 13), each with several phrasings (invented names): who reviews
and who gets a review's results, a review named again, reviews asked for, the inquiry behind a fine,
obligations in orders, an order's paper as its issuer, listed targets, a failed check that is no outage,
and seats said in more ways."""

from __future__ import annotations

import pytest

from tests.extract.story import events, relations, run


def _pairs(records: list[dict], predicate: str) -> set[frozenset]:
    out = set()
    for e in events(records, predicate):
        ids = [v for role, vs in e["roles"].items() if role not in ("product", "amount", "currency", "listName", "deadline") for v in vs]
        out |= {frozenset((a, b)) for i, a in enumerate(ids) for b in ids[i + 1 :] if a != b}
    return out


@pytest.mark.parametrize("body", [
    "The Harbour Prudential Authority said it would review how banks depend on Corvel Software and would report to the Ministry of Thrift.\n",
    "The Harbour Prudential Authority opened a review of reliance on Corvel Software and will send its findings to the Ministry of Thrift.\n",
    "The Harbour Prudential Authority is reviewing Corvel Software and will submit its report to the Ministry of Thrift by June.\n",
])
def test_who_gets_a_reviews_results_is_not_a_reviewer(tmp_path, body):
    (review,) = events(run(tmp_path, body), "Review")
    assert review["roles"]["reviewer"] == ["harbour-prudential-authority"], review
    assert review["roles"]["resultsSubmittedTo"] == ["ministry-of-thrift"], review


def test_results_sent_to_two_bodies(tmp_path):
    body = ("The Office of Network Assurance opened a review of Corvel Software in May.\n\n"
            "The Office of Network Assurance submitted its findings to the Ministry of Thrift and to the Select Committee on Wires last week.\n")
    (review,) = events(run(tmp_path, body), "Review")
    assert set(review["roles"]["resultsSubmittedTo"]) == {"ministry-of-thrift", "select-committee-on-wires"}, review


@pytest.mark.parametrize("later", [
    "Tallow, an application developed by Brisk Software, passed the review.",
    "The review also covered Brisk Software, whose application was cleared.",
    "This review found problems at Brisk Software as well.",
])
def test_a_review_named_again_adds_its_vendors_to_the_same_review(tmp_path, later):
    body = f"The Office of Network Assurance opened a security review of Corvel Software on Monday.\n\n{later}\n"
    (review,) = events(run(tmp_path, body), "Review")
    assert review["roles"]["reviewer"] == ["office-of-network-assurance"], review
    assert {"corvel-software", "brisk-software"} <= set(review["roles"]["concernsVendor"]), review


@pytest.mark.parametrize("later, role, ident", [
    ("The review will be carried out by the State Cyber Defence Agency.", "reviewer", "state-cyber-defence-agency"),
    ("The review will report to the Standing Committee on Wires by June.", "resultsSubmittedTo", "standing-committee-on-wires"),
    ("The assessment was conducted by the State Cyber Defence Agency over six months.", "reviewer", "state-cyber-defence-agency"),
])
def test_the_body_named_with_a_review_again_joins_it_in_its_role(tmp_path, later, role, ident):
    body = f"The Ministry of Thrift ordered a security review of Corvel Software on Monday.\n\n{later}\n"
    (review,) = events(run(tmp_path, body), "Review")
    assert ident in review["roles"][role], review
    other = "resultsSubmittedTo" if role == "reviewer" else "reviewer"
    assert ident not in review["roles"].get(other, []), review


@pytest.mark.parametrize("body", [
    "Members of parliament urged the government to examine whether Corvel Software could be compelled to hand over data.\n",
    "The Harbour Prudential Authority directed Pell Harbour Bank to commission an independent review of its contracts with Corvel Software.\n",
    "The Harbour Prudential Authority asked Pell Harbour Bank to audit its use of Corvel Software.\n",
])
def test_a_review_asked_of_a_company_or_government_is_not_under_way(tmp_path, body):
    assert events(run(tmp_path, body), "Review") == []


@pytest.mark.parametrize("body", [
    "The Office of Network Assurance began its review of Corvel Software at the request of the Standing Committee on Wires.\n",
    "The Office of Network Assurance assessed Corvel Software, a review commissioned by the Ministry of Thrift.\n",
])
def test_who_asked_for_a_review_is_not_its_reviewer(tmp_path, body):
    (review,) = events(run(tmp_path, body), "Review")
    assert review["roles"]["reviewer"] == ["office-of-network-assurance"], review


@pytest.mark.parametrize("body", [
    "Marrow Bank was fined 12 million euros by the Harbour Prudential Authority on Monday.\n\n"
    "The Harbour Prudential Authority's investigation found that Marrow Bank had not tested its systems.\n",
    "The Harbour Prudential Authority fined Marrow Bank 12 million euros on Monday.\n\n"
    "The fine was cut because Marrow Bank cooperated with the investigation, the Harbour Prudential Authority said.\n",
])
def test_the_inquiry_behind_a_fine_told_after_it_is_no_review(tmp_path, body):
    records = run(tmp_path, body)
    assert events(records, "Fine"), records
    assert events(records, "Review") == []


def test_an_inquiry_told_before_a_penalty_stays_a_review(tmp_path):
    body = ("The Harbour Prudential Authority is reviewing whether Marrow Bank supervised its contract with Corvel Software.\n\n"
            "The Harbour Prudential Authority reprimanded Marrow Bank in 2022 over a failed upgrade.\n")
    assert frozenset({"harbour-prudential-authority", "marrow-bank"}) in _pairs(run(tmp_path, body), "Review")


def test_reviews_of_different_banks_by_one_body_stay_apart(tmp_path):
    body = ("The Harbour Prudential Authority's investigation found that Marrow Bank had failed to plan its move.\n\n"
            "The Harbour Prudential Authority also opened a review of how Pell Harbour Bank relies on Corvel Software.\n")
    reviews = events(run(tmp_path, body), "Review")
    subjects = [set(r["roles"].get("reviewSubject", [])) for r in reviews]
    assert {"pell-harbour-bank"} in subjects and not any({"marrow-bank", "pell-harbour-bank"} <= s for s in subjects), reviews


@pytest.mark.parametrize("body", [
    "The Harbour Prudential Authority widened a review it opened after the botched migration at Marrow Bank to cover Corvel Software.\n",
    "The Harbour Prudential Authority began a review of Corvel Software following the outage at Marrow Bank.\n",
])
def test_a_bank_named_in_a_clause_of_time_is_not_reviewed(tmp_path, body):
    (review,) = events(run(tmp_path, body), "Review")
    assert "marrow-bank" not in review["roles"].get("reviewSubject", []), review


@pytest.mark.parametrize("body", [
    "Quorland orders Corvel Software app off government phones after it fails security review.\n",
    "Quorland said Corvel Software's app failed a review of apps on government devices.\n",
])
def test_government_as_a_modifier_names_no_reviewer(tmp_path, body):
    assert events(run(tmp_path, body), "Review") == []


@pytest.mark.parametrize("body, target, vendor", [
    ("The Telecoms Authority issued its order on Monday.\n\n- the country's four largest carriers must remove Orlan Systems equipment by Dec. 31.\n",
     "four-largest-carriers", "orlan-systems"),
    ("The Telecoms Authority issued its order on Monday.\n\nBrisk Wireless must also replace Orlan Systems gear in its core network.\n",
     "brisk-wireless", "orlan-systems"),
])
def test_an_obligation_in_an_order_is_a_directive_of_the_body_that_gave_it(tmp_path, body, target, vendor):
    (directive,) = events(run(tmp_path, body), "Directive")
    assert directive["roles"]["actor"] == ["telecoms-authority"], directive
    assert directive["roles"]["target"] == [target], directive
    assert directive["roles"]["replacedVendor"] == [vendor], directive


@pytest.mark.parametrize("body", [
    "The Investment Screening Committee issued its order today.\n\nFernhall Holdings shall divest all of its shares in Quillmark Media LLC by 4 December.\n",
    "The Investment Screening Committee issued its order today.\n\nFernhall Holdings must sell its stake in Quillmark Media LLC within six months.\n",
])
def test_an_obligation_to_sell_is_a_divestiture_order(tmp_path, body):
    (order,) = events(run(tmp_path, body), "DivestitureOrder")
    assert order["roles"]["actor"] == ["investment-screening-committee"], order
    assert order["roles"]["target"] == ["fernhall-holdings"], order


@pytest.mark.parametrize("body", [
    "The Telecoms Authority ruled on Monday.\n\nAny application must be made to the Telecoms Authority within 21 days.\n",
    "The Telecoms Authority ruled on Monday.\n\nBrisk Wireless must stop buying Orlan Systems equipment.\n",
    "The Telecoms Authority ruled on Monday.\n\nBrisk Wireless's customer data must continue to be stored at home.\n",
])
def test_must_without_an_order_to_a_company_is_no_directive(tmp_path, body):
    assert events(run(tmp_path, body), "Directive") == []


@pytest.mark.parametrize("body", [
    "The Telecoms Authority named Orlan Systems a threat.\n\nBy the same Order the Telecoms Authority required Brisk Wireless to remove Orlan Systems equipment.\n",
    "The Telecoms Authority named Orlan Systems a threat.\n\nUnder the order, the Telecoms Authority required Brisk Wireless to remove Orlan Systems equipment.\n",
])
def test_order_as_a_noun_is_no_trigger_and_the_fuller_reading_wins(tmp_path, body):
    (directive,) = events(run(tmp_path, body), "Directive")
    assert directive["roles"]["actor"] == ["telecoms-authority"], directive
    assert directive["roles"]["target"] == ["brisk-wireless"], directive


@pytest.mark.parametrize("body", [
    "The Telecoms Authority required the Interested Parties, Brisk Wireless plc and Corran Mobile Limited, to remove Orlan Systems equipment.\n",
    "The Telecoms Authority instructed Brisk Wireless and Corran Mobile to replace Orlan Systems equipment by 2027.\n",
])
def test_every_listed_company_is_ordered(tmp_path, body):
    (directive,) = events(run(tmp_path, body), "Directive")
    targets = directive["roles"]["target"]
    assert "brisk-wireless" in targets and any(t.startswith("corran-mobile") for t in targets), directive


def test_banks_listed_after_among_them_are_ordered_too(tmp_path):
    body = "The Central Bank of Quorland has instructed the largest banks, among them Pell Harbour Bank and Dunmore Bank, to report by June.\n"
    (directive,) = events(run(tmp_path, body), "Directive")
    assert {"pell-harbour-bank", "dunmore-bank"} <= set(directive["roles"]["target"]), directive


@pytest.mark.parametrize("body", [
    "The Office of Network Assurance issued Directive 7 today.\n\nThe directive requires Brisk Wireless to uninstall Corvel Software products by September.\n",
    "The Office of Network Assurance published its notice today.\n\nThe Notice further required Brisk Wireless to remove Corvel Software products.\n",
])
def test_an_orders_paper_speaks_for_its_issuer(tmp_path, body):
    (directive,) = events(run(tmp_path, body), "Directive")
    assert directive["roles"]["actor"] == ["office-of-network-assurance"], directive
    assert directive["roles"]["replacedVendor"] == ["corvel-software"], directive


@pytest.mark.parametrize("body", [
    "The Telecoms Authority designated Drakemoor a threat and required Brisk Wireless to remove Drakemoor's equipment from its network.\n",
    "The Telecoms Authority required Brisk Wireless to remove Drakemoor equipment from its core network.\n",
])
def test_any_company_whose_goods_are_to_go_is_the_replaced_vendor(tmp_path, body):
    (directive,) = events(run(tmp_path, body), "Directive")
    assert directive["roles"]["replacedVendor"] == ["drakemoor"], directive


@pytest.mark.parametrize("body", [
    "The watchdog found that Marrow Bank had handed work to Corvel Software without telling the Harbour Prudential Authority, as the rules require.\n",
    "Minister Ada Quell said the Ministry of Thrift would order Marrow Bank to stop using Corvel Software if talks failed.\n",
])
def test_no_order_given(tmp_path, body):
    assert events(run(tmp_path, body), "Directive") == []


@pytest.mark.parametrize("body", [
    "Tallow, an application developed by Brisk Apps Ltd for Marrow Bank, failed the review.\n",
    "Corvel Software failed a security assessment by the Office of Network Assurance, which serves Marrow Bank.\n",
    "Marrow Bank failed to assess the risks of relying on Corvel Software.\n",
])
def test_a_failed_check_is_no_outage(tmp_path, body):
    records = run(tmp_path, body)
    assert events(records, "Outage") == [] and events(records, "Incident") == []


@pytest.mark.parametrize("body, org, seat", [
    ("Marrow Bank is headquartered in Oriel and employs 900 people.\n", "marrow-bank", "oriel"),
    ("Corvel Software, which is headquartered in the Zarvonian city of Korsund, Zarvonia, denied the claims.\n", "corvel-software", "korsund"),
    ("Corvel Software is based in Vessenby and makes lasers.\n", "corvel-software", "vessenby"),
    ("Marrow Bank is a licensed credit institution with its registered office in Lymbridge, Zarvonia.\n", "marrow-bank", "lymbridge"),
    ("A Corvel Software spokesman at the company's headquarters in Trevaunt said it would appeal.\n", "corvel-software", "trevaunt"),
])
def test_seats_said_in_more_ways(tmp_path, body, org, seat):
    assert (org, seat) in relations(run(tmp_path, body), "headquarters")


@pytest.mark.parametrize("body, org, seat", [
    ("Regulators fined Marrow Bank on Monday. Customers of the Vaudrenne-based bank lost access for nine days.\n", "marrow-bank", "vaudrenne"),
    ("Corvel Software denied the claims. The Tannaford-based company said its code was safe.\n", "corvel-software", "tannaford"),
    ("Shares of Corvel Systems, the Hollowmere-based memory chipmaker, fell 6%.\n", "corvel-systems", "hollowmere"),
])
def test_a_based_descriptor_gives_the_seat_of_the_company_it_stands_for(tmp_path, body, org, seat):
    assert (org, seat) in relations(run(tmp_path, body), "headquarters")
