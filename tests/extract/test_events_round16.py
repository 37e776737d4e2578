"""Rules of round 8 of issue 13 (events), each with several phrasings (invented names): an order given by a
body named again by a word for its kind, a unit's review that is not also its parent body's, a review of a
bank's reliance on a vendor told after a fine, an order whose steps are listed after "to:", operators named as
the place where a vendor's goods are installed, and past cases that do not concern the story's vendor."""

from __future__ import annotations

import pytest

from tests.extract.story import events, run

EARLIER = ("The Spectrum Authority of Marnia barred Harrow Systems from supplying equipment for the core of 5G networks last year.\n\n"
           "Harrow Systems sued the authority, and the High Court upheld the ban in September.\n\n")


@pytest.mark.parametrize("sentence", [
    "Last month, the regulator ordered Quorn Telecom and Brisk Mobile to strip all Harrow Systems radio equipment from their networks.",
    "The authority has now told Quorn Telecom and Brisk Mobile to rip out Harrow Systems gear by 2027.",
    "On Monday the regulator instructed Quorn Telecom and Brisk Mobile to replace Harrow Systems radios within three years.",
])
def test_an_order_by_a_body_named_by_its_kind_is_the_last_acting_bodys(tmp_path, sentence):
    (directive,) = [d for d in events(run(tmp_path, EARLIER + sentence + "\n"), "Directive") if d["roles"].get("target")]
    assert directive["roles"]["actor"] == ["spectrum-authority-of-marnia"], directive  # not the court that ruled last
    assert set(directive["roles"]["target"]) == {"quorn-telecom", "brisk-mobile"}, directive
    assert directive["roles"]["replacedVendor"] == ["harrow-systems"], directive


def test_a_body_named_by_its_kind_with_no_body_before_orders_nothing(tmp_path):
    body = "The regulator ordered Quorn Telecom and Brisk Mobile to strip all Harrow Systems radio equipment from their networks.\n"
    for directive in events(run(tmp_path, body), "Directive"):
        assert not directive["roles"].get("actor"), directive


@pytest.mark.parametrize("sentence", [
    "The fine follows an on-site inspection of Ostly Bank's outsourcing arrangements with Harrow Cloud, carried out by the "
    "CBM's Prudential Supervision Directorate.",
    "The penalty follows a supervisory review of Ostly Bank's reliance on Harrow Cloud by the CBM's Prudential Supervision Directorate.",
    "The penalty comes after the CBM's Prudential Supervision Directorate examined Ostly Bank's outsourcing to Harrow Cloud.",
])
def test_a_units_review_of_a_banks_reliance_on_a_vendor_told_after_a_fine(tmp_path, sentence):
    body = ("The Central Bank of Marnia (CBM) today imposed a fine of EUR 2,000,000 on Ostly Bank for breaches of the "
            "outsourcing rules in connection with the migration of its core banking system to Harrow Cloud.\n\n" + sentence + "\n")
    (review,) = events(run(tmp_path, body), "Review")
    assert review["roles"]["reviewer"] == ["prudential-supervision-directorate"], review  # not also the CBM that owns it
    assert review["roles"]["reviewSubject"] == ["ostly-bank"], review
    assert review["roles"]["concernsVendor"] == ["harrow-cloud"], review


@pytest.mark.parametrize("items", [
    "1. submit a remediation plan within 60 days;\n2. commission an independent review of its arrangements with Harrow Cloud; and\n"
    "3. test its exit plan by 31 March 2025.",
    "(a) appoint an independent auditor;\n(b) reduce its reliance on Harrow Cloud for payment processing.",
    "- report monthly to the Authority;\n- document every service it takes from Harrow Cloud.",
])
def test_an_order_whose_steps_are_listed_after_to_concerns_their_vendor(tmp_path, items):
    body = "In addition to the fine, the Banking Supervision Office has directed Ostly Bank to:\n\n" + items + "\n"
    (directive,) = events(run(tmp_path, body), "Directive")
    assert directive["roles"]["actor"] == ["banking-supervision-office"], directive
    assert directive["roles"]["target"] == ["ostly-bank"], directive
    assert directive["roles"]["concernsVendor"] == ["harrow-cloud"], directive


def test_a_step_that_says_to_replace_names_the_vendor_replaced(tmp_path):
    body = ("The Banking Supervision Office has directed Ostly Bank to:\n\n1. appoint an auditor; and\n"
            "2. replace the Harrow Cloud platform within two years.\n")
    (directive,) = events(run(tmp_path, body), "Directive")
    assert directive["roles"]["replacedVendor"] == ["harrow-cloud"], directive


@pytest.mark.parametrize("sentence", [
    "The Spectrum Authority of Marnia opened a security review of the Harrow Systems equipment installed in the networks of "
    "Quorn Telecom and Brisk Mobile.",
    "The Spectrum Authority of Marnia is examining Harrow Systems radios deployed across the sites of Quorn Telecom and Brisk Mobile.",
    "The Spectrum Authority of Marnia began an audit of Harrow Systems routers installed at the premises of Quorn Telecom and Brisk Mobile.",
])
def test_operators_whose_networks_hold_the_vendors_goods_are_reviewed(tmp_path, sentence):
    (review,) = events(run(tmp_path, sentence + "\n"), "Review")
    assert review["roles"]["reviewer"] == ["spectrum-authority-of-marnia"], review
    assert set(review["roles"]["reviewSubject"]) == {"quorn-telecom", "brisk-mobile"}, review
    assert review["roles"]["concernsVendor"] == ["harrow-systems"], review


STORY = ("Harrow Cloud servers fail Marnian security review\n\n"
         "Harrow Cloud servers failed a security evaluation by the National Cyber Office, and Harrow Cloud denied any flaw.\n\n")


@pytest.mark.parametrize("sentence", [
    "Ostly Bank was fined by the Financial Authority of Marnia in 2021 over a botched migration.",
    "In 2022 the Financial Authority of Marnia fined Ostly Bank for weak outsourcing controls.",
    "The Financial Authority of Marnia fined Ostly Bank in 2019 over failures at a software supplier.",
])
def test_a_fine_of_an_earlier_year_is_not_about_the_storys_vendor(tmp_path, sentence):
    (fine,) = events(run(tmp_path, STORY + sentence + "\n"), "Fine")
    assert fine["roles"]["target"] == ["ostly-bank"], fine
    assert not fine["roles"].get("concernsVendor"), fine


def test_a_fine_of_the_storys_year_is_about_the_storys_vendor(tmp_path):
    sentence = "The Financial Authority of Marnia fined Ostly Bank in 2024 over failures at a software supplier.\n"
    (fine,) = events(run(tmp_path, STORY + sentence), "Fine")
    assert fine["roles"]["concernsVendor"] == ["harrow-cloud"], fine
