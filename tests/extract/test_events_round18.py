"""Rules of the sixth session on issue 13 (events), each with several phrasings (invented names): a counted group
("three of the country's biggest lenders", "the three banks") stands for the one set of so many names of its
kind that the story lists, wherever it lists them."""

from __future__ import annotations

import pytest

from tests.extract.story import events, run

FIRMS = {"dellow-savings-bank", "marrick-bank", "saddle-rock-trust-bank"}


@pytest.mark.parametrize("story", [
    # the group first, the names two sentences on, the review by the group's definite form
    "The Brisk Securities Commission (BSC) on Tuesday criticised Thornwell Cloud over a breach that exposed client records at three "
    "of the country's biggest lenders.\n\nThe breach was detected on June 7.\n\nIt affected account data that Dellow Savings Bank, "
    "Marrick Bank and Saddle Rock Trust Bank held on Thornwell servers.\n\nThe BSC has opened a review of the three "
    "lenders' dependence on Thornwell Cloud.\n",
    # the names first ("among them …"), the group later
    "Thornwell Cloud processes payments for about a dozen smaller lenders, among them Dellow Savings Bank, Marrick Bank and "
    "Saddle Rock Trust Bank.\n\nAn outage on Nov. 7 halted card payments for hours.\n\nThe Brisk Securities Commission (BSC) opened a review "
    "of the three banks' reliance on Thornwell Cloud.\n",
])
def test_a_counted_group_is_the_one_list_of_so_many_names_the_story_gives(tmp_path, story):
    reviews = [r for r in events(run(tmp_path, story), "Review") if r["roles"].get("reviewSubject")]
    assert reviews, "no review found"
    (review,) = reviews
    assert set(review["roles"]["reviewSubject"]) == FIRMS, review
    assert review["roles"]["reviewer"] == ["brisk-securities-commission"], review


def test_a_counted_group_stays_a_group_when_the_story_lists_two_different_sets(tmp_path):
    story = ("Thornwell Cloud hosts Dellow Savings Bank, Marrick Bank and Saddle Rock Trust Bank in Brisk, and Ambry "
             "Savings Bank, Tolland Bank and Perrin Trust Bank abroad.\n\nThe Brisk Securities Commission (BSC) opened a review of "
             "three banks' reliance on Thornwell Cloud.\n")
    reviews = [r for r in events(run(tmp_path, story), "Review") if r["roles"].get("reviewSubject")]
    assert reviews, "no review found"
    for review in reviews:
        assert review["roles"]["reviewSubject"] == ["three-banks"], review


def test_a_counted_group_is_not_a_list_of_another_size(tmp_path):
    story = ("Thornwell Cloud hosts Dellow Savings Bank and Marrick Bank.\n\nThe Brisk Securities Commission (BSC) opened "
             "a review of three banks' reliance on Thornwell Cloud.\n")
    reviews = [r for r in events(run(tmp_path, story), "Review") if r["roles"].get("reviewSubject")]
    assert reviews, "no review found"
    for review in reviews:
        assert not set(review["roles"]["reviewSubject"]) & FIRMS, review


@pytest.mark.parametrize("sentence", [
    "The Ministry of Commerce on Thursday announced that three Tolvish defence companies, Harl Aerospace, Brisk Dynamics and Ostly "
    "Ordnance Systems, have been added to the unreliable entity list, in accordance with the Provisions on the Unreliable Entity List.",
    "The Ministry of Commerce said Harl Aerospace, Brisk Dynamics and Ostly Ordnance Systems were placed on its so-called "
    "\"unreliable entity list\" on Thursday.",
    "According to the Ministry of Commerce, Harl Aerospace, Brisk Dynamics and Ostly Ordnance Systems will be added to the "
    "unreliable entity list from Monday.",
])
def test_names_listed_before_a_passive_addition_to_a_list_are_its_targets(tmp_path, sentence):
    listings = [e for e in events(run(tmp_path, sentence + "\n"), "EntityListing")]
    assert listings, "no listing found"
    (listing,) = listings
    assert set(listing["roles"]["target"]) == {"harl-aerospace", "brisk-dynamics", "ostly-ordnance-systems"}, listing
    assert listing["roles"]["actor"] == ["ministry-of-commerce"], listing


def test_a_headline_adds_to_a_list_without_an_article(tmp_path):
    records = run(tmp_path, "Ministry of Commerce adds Harl Aerospace and Brisk Dynamics to unreliable entity list over arms sales\n")
    (listing,) = events(records, "EntityListing")
    assert set(listing["roles"]["target"]) == {"harl-aerospace", "brisk-dynamics"}, listing
    assert listing["roles"]["actor"] == ["ministry-of-commerce"], listing


@pytest.mark.parametrize("sentence, actors", [
    ("Varnia and Tolvany will restrict the use of drones made by Harl Aerial Systems, the Varnian and Tolvanian governments said "
     "in a joint statement on Tuesday.", {"varnia", "tolvany"}),
    ("The Ministry of Trade and the Customs Authority on Monday barred Harl Aerial Systems from public contracts.",
     {"ministry-of-trade", "customs-authority"}),
    ("Varnia, Tolvany and Ostmark banned Harl Aerial Systems from their networks, the Varnian, Tolvanian and Ostmarkian "
     "governments said.", {"varnia", "tolvany", "ostmark"}),
])
def test_every_state_or_body_listed_as_the_subject_of_a_restriction_acts(tmp_path, sentence, actors):
    # (the states' adjectives after the verb make them states here, as the rest of a story would)
    restrictions = [e for e in run(tmp_path, sentence + "\n") if e["kind"] == "relation" and "harl-aerial-systems" in e["roles"].get("target", [])]
    assert restrictions, "no restriction found"
    (restriction,) = restrictions
    assert set(restriction["roles"]["actor"]) == actors, restriction


def test_names_before_a_passive_restriction_are_targets_not_actors(tmp_path):
    sentence = "Harl Aerial Systems and Brisk Dynamics were barred from public contracts by the Ministry of Trade on Monday.\n"
    restrictions = [e for e in run(tmp_path, sentence) if e["kind"] == "relation" and e["roles"].get("actor")]
    assert restrictions, "no restriction found"
    for r in restrictions:
        assert r["roles"]["actor"] == ["ministry-of-trade"], r


@pytest.mark.parametrize("sentence", [
    "The Central Bank of Ostrava (CBO) has told Dellow Savings Bank, Marrick Bank and Saddle Rock Trust Bank to assess how heavily "
    "they rely on Harl Cloud.",
    "Ostrava's Ministry of Finance on Tuesday ordered Dellow Savings Bank, Marrick Bank and Saddle Rock Trust Bank to report within "
    "60 days how much they depend on Harl Cloud.",
    "The Central Bank of Ostrava (CBO) instructed Dellow Savings Bank, Marrick Bank and Saddle Rock Trust Bank to review their "
    "exposure to Harl Cloud by March 31.",
])
def test_an_order_to_assess_reliance_on_a_vendor_is_also_a_review_of_it(tmp_path, sentence):
    records = run(tmp_path, sentence + "\n")
    (review,) = events(records, "Review")
    assert set(review["roles"]["reviewSubject"]) == FIRMS, review
    assert review["roles"]["concernsVendor"] == ["harl-cloud"], review
    (directive,) = events(records, "Directive")
    assert review["roles"]["reviewer"] == directive["roles"]["actor"], (review, directive)


def test_an_order_to_stop_using_a_vendor_is_no_review(tmp_path):
    sentence = ("The Central Bank of Ostrava (CBO) has told Dellow Savings Bank, Marrick Bank and Saddle Rock Trust Bank to stop "
                "using Harl Cloud by March 31.\n")
    records = run(tmp_path, sentence)
    assert events(records, "Directive"), "no order found"
    assert not events(records, "Review"), records


@pytest.mark.parametrize("order", [
    "In addition to the fines, the Authority has directed both banks to submit a tested exit plan by 31 December 2023.",
    "The Authority also ordered the two lenders to report quarterly on their remediation programmes.",
    "The Authority instructed both banks to appoint an independent reviewer within 30 days.",
])
def test_an_order_to_a_counted_back_reference_reaches_the_companies_named_before(tmp_path, order):
    body = ("The Financial Prudential Authority (FPA) fined Ilmarsh Bank and Rosquin Cooperative Bank over outsourcing to "
            f"Stratovey Cloud.\n\n{order}\n")
    directives = [d for d in events(run(tmp_path, body), "Directive")]
    assert directives, "no order found"
    (directive,) = directives
    assert set(directive["roles"]["target"]) == {"ilmarsh-bank", "rosquin-cooperative-bank"}, directive
    assert directive["roles"]["actor"] == ["financial-prudential-authority"], directive


@pytest.mark.parametrize("story", [
    "Three Ostravan lenders have been fined a combined €6.5 million over a cloud breach.\n\nThe Ostravan Prudential Authority (OPA) "
    "said on Thursday that Dellow Savings Bank would pay €3.6 million, Marrick Bank €2.1 million and Saddle Rock Trust Bank "
    "€800,000.\n",
    "Dellow Savings Bank, Marrick Bank and Saddle Rock Trust Bank were fined €6.5 million in total.\n\nThe Ostravan Prudential "
    "Authority (OPA) said the penalties reflected failures to oversee their cloud provider.\n",
])
def test_a_fine_told_without_who_imposed_it_is_by_the_body_the_next_sentence_names(tmp_path, story):
    fines = [e for e in run(tmp_path, story) if e["kind"] == "relation" and e["predicate"] in ("Fine", "Penalty")
             and set(e["roles"].get("target", [])) & FIRMS]
    assert fines, "no fine found"
    for fine in fines:
        assert fine["roles"].get("actor") == ["ostravan-prudential-authority"], fine


def test_a_body_in_a_next_sentence_about_something_else_imposed_no_fine(tmp_path):
    story = ("Dellow Savings Bank, Marrick Bank and Saddle Rock Trust Bank were fined €6.5 million in total.\n\nThe Ostravan "
             "Prudential Authority (OPA) is also reviewing the country's payment systems.\n")
    fines = [e for e in run(tmp_path, story) if e["kind"] == "relation" and e["predicate"] in ("Fine", "Penalty")]
    assert fines, "no fine found"
    for fine in fines:
        assert "ostravan-prudential-authority" not in fine["roles"].get("actor", []), fine


@pytest.mark.parametrize("words, kind", [
    ("the Department designated Harl Technologies Co., Ltd. a \"threat to national security\"", "ThreatDesignation"),
    ("exports of chips made by Harl Semiconductor Inc. will need a licence", "ExportControl"),
    ("prohibited government agencies from procuring the company's routers and switches", "ProcurementExclusion"),
    ("the ministry said it would procure no more Harl cameras", "ProcurementExclusion"),
])
def test_the_kind_of_a_restriction_reads_past_a_companys_abbreviated_suffix(words, kind):
    from kg.extract.events import restriction_kind

    assert restriction_kind(words) == kind


@pytest.mark.parametrize("charge", [
    "Ostrava's Office of the Federal Prosecutor on Tuesday indicted two men over the 2024 intrusion at Dellow Savings Bank. Kasimir "
    "Yelland, 31, and Dyfrig Skellorn, 27, are charged with unauthorised access and extortion.",
    "Ostrava's Office of the Federal Prosecutor on Tuesday charged two women over the 2024 intrusion at Dellow Savings Bank. Prosecutors "
    "named them as Kasimira Yelland and Dafina Skellorn.",
])
def test_an_indictment_of_a_counted_group_of_people_reaches_the_people_named_next(tmp_path, charge):
    records = run(tmp_path, charge + "\n")
    indictments = [e for e in records if e["kind"] == "relation" and e["predicate"] == "Indictment" and e["roles"].get("target")]
    assert indictments, records
    (indictment,) = indictments
    assert len(indictment["roles"]["target"]) == 2 and all("skellorn" in t or "yelland" in t for t in indictment["roles"]["target"]), indictment


@pytest.mark.parametrize("issued", [
    "This Notice is issued by the Office of Strategic Export Control (the \"Office\"), acting under the authority delegated to it by "
    "the Ministry of Trade and External Economic Relations.",
    "This Order is hereby issued by the Office of Strategic Export Control under powers delegated by the Ministry of Trade and "
    "External Economic Relations.",
])
def test_a_notices_listing_without_a_subject_is_by_the_body_that_issued_the_notice(tmp_path, issued):
    body = (f"1. {issued}\n\n2. With effect from the date of this Notice, the following persons are added to the Strategic "
            "End-User List:\n\n(a) Harl Microelectronics Co., Ltd., Yselbrook;\n\n(b) Brisk Photonics Corporation, Yselbrook.\n")
    listings = [e for e in run(tmp_path, body) if e["kind"] == "relation" and e["roles"].get("target")]
    assert listings, "no listing found"
    for listing in listings:
        assert listing["roles"]["actor"] == ["office-of-strategic-export-control"], listing


@pytest.mark.parametrize("lead", [
    "1. By Decision No. 7/2023, the National Cyber Security Council designated the following undertakings as high-risk suppliers:",
    "1. The National Cyber Security Council has excluded the following suppliers from public procurement:",
])
def test_a_named_body_restricting_the_items_listed_after_its_sentence_restricts_each(tmp_path, lead):
    body = (f"{lead}\n   (a) Harl Vision Co., Ltd.;\n   (b) Brisk Communications Co., Ltd.;\n   (c) Ostly Security Systems JSC,\n"
            "   each incorporated in Motravia.\n")
    restrictions = [e for e in run(tmp_path, body) if e["kind"] == "relation" and e["roles"].get("target")]
    assert restrictions, "no restriction found"
    (restriction,) = restrictions
    assert restriction["roles"]["actor"] == ["national-cyber-security-council"], restriction
    assert len(restriction["roles"]["target"]) == 3, restriction


@pytest.mark.parametrize("bullet", [
    "- Cinnamar Mobile and Lunecourt Telecom are directed to provide the Centre with an inventory of Harl equipment by 31 May 2021;",
    "- Cinnamar Mobile and Lunecourt Telecom are required to report every Harl unit in service by 31 May 2021;",
])
def test_companies_listed_before_a_passive_order_in_a_bodys_release_are_its_targets(tmp_path, bullet):
    body = ("The Ministry of Communications today announced a security review of equipment supplied by Harl Networks.\n\n"
            f"Under the terms of the review:\n\n{bullet}\n")
    directives = [d for d in events(run(tmp_path, body), "Directive") if d["roles"].get("target")]
    assert directives, "no order found"
    (directive,) = directives
    assert set(directive["roles"]["target"]) == {"cinnamar-mobile", "lunecourt-telecom"}, directive
    assert directive["roles"]["actor"] == ["ministry-of-communications"], directive


def test_a_status_word_opening_a_sentence_stays_in_the_groups_name(tmp_path):
    body = ("The National Cyber Assurance Agency suspended Harl Networks' licence.\n\nLicensed network operators are directed not "
            "to deploy new Harl units, the Agency said.\n")
    (directive,) = [d for d in events(run(tmp_path, body), "Directive") if d["roles"].get("target")]
    assert directive["roles"]["target"] == ["licensed-network-operators"], directive


@pytest.mark.parametrize("sentence", [
    "The Ministry of Communications today announced a security review of the 5G equipment supplied by Harl Networks Co. to the "
    "mobile operators Cinnamar Mobile and Lunecourt Telecom.",
    "The Banking Authority opened a review of the core-banking software sold by Harl Systems Ltd. to Cinnamar Bank and Lunecourt Bank.",
])
def test_the_companies_a_reviewed_vendors_goods_were_supplied_to_are_reviewed(tmp_path, sentence):
    (review,) = events(run(tmp_path, sentence + "\n"), "Review")
    assert len(review["roles"].get("reviewSubject", [])) == 2, review
    assert all(s.startswith(("cinnamar", "lunecourt")) for s in review["roles"]["reviewSubject"]), review


@pytest.mark.parametrize("sentence", [
    "Lurecia on Thursday barred Lukovaran telecoms equipment maker Korbamo Networks from its 5G networks.",
    "Lurecia on Thursday banned Lukovaran drone maker Korbamo Networks from government contracts.",
])
def test_a_peoples_word_before_what_a_company_is_describes_it_and_is_no_target(tmp_path, sentence):
    body = sentence + "\n\nThe Lurecian government said the decision followed a security review.\n"
    restrictions = [e for e in run(tmp_path, body) if e["kind"] == "relation" and e["roles"].get("target")]
    assert restrictions, "no restriction found"
    (restriction,) = restrictions
    assert restriction["roles"]["target"] == ["korbamo-networks"], restriction


@pytest.mark.parametrize("maker", ["Chatterloop is developed and operated by Lurecast Interactive Ltd., a company registered in Kamsorra.",
                                   "Chatterloop was built by Lurecast Interactive Ltd. in 2019."])
def test_the_maker_of_a_product_an_order_removes_is_told_of_its_name(tmp_path, maker):
    body = ("The Ministry of Digital Affairs today instructed all ministries and state agencies to remove the Chatterloop messaging "
            f"application from every device they own.\n\n{maker}\n")
    (directive,) = events(run(tmp_path, body), "Directive")
    assert directive["roles"].get("replacedVendor") == ["lurecast-interactive-ltd"], directive


def test_a_notices_listing_is_by_the_body_that_gives_notice_not_its_ministry(tmp_path):
    body = ("1. The Strategic Export Control Directorate (the \"Directorate\"), a directorate of the Ministry of Economy and Trade, "
            "gives notice under Article 14 of the Strategic Goods Act of the following amendment to the Restricted End-User "
            "List.\n\n2. With effect from 1 July 2025, the following entities are added to the List:\n   (a) Harl Microdevices "
            "Ltd., Mirkovo;\n   (b) Brisk Photonics Co., Ltd., Telbeck.\n")
    listings = [e for e in run(tmp_path, body) if e["kind"] == "relation" and e["roles"].get("target")]
    assert listings, "no listing found"
    for listing in listings:
        assert listing["roles"]["actor"] == ["strategic-export-control-directorate"], listing
