"""Rules of the seventh tuning round (issue 13), each with several phrasings (invented names): participants taken
from the structure of a clause rather than from one verb's wording — "it" standing for the company the sentence
before is about, agents after "by" for noun triggers ("the ban on X by Y", "a lawsuit filed by X"), passive
clauses whose subjects are listed before the verb, a review's scope told in the next sentence, trials and their
suspensions told across sentences, and whom a suspension or a reprisal is of."""

from __future__ import annotations

import pytest

from tests.extract.story import events, relations, run

STATE = ("The Republic of Brannova and the Republic of Vostria are neighbours. Quarrel Systems is a Vostrian software vendor. "
         "Ostry Bank is a Brannovan lender.\n\n")
RESTRICTIONS = ("Restriction", "Ban", "ExportControl", "EntityListing", "ThreatDesignation", "ProcurementExclusion")


def _one(records: list[dict], predicate: str) -> dict:
    found = events(records, predicate)
    assert len(found) == 1, found
    return found[0]


def _restrictions(records: list[dict]) -> list[dict]:
    return [r for p in RESTRICTIONS for r in events(records, p)]


# ---------------------------------------------------------------- "it": the company the sentence before is about


@pytest.mark.parametrize("before, sentence, predicate, role, expected", [
    ("Harth Bank moved quickly.", "It picked Quarrel Systems as its new supplier and began a field trial of Quarrel Systems servers.",
     "Trial", "actor", "harth-bank"),
    ("Harth Bank has had a harder time.", "The Banking Authority fined it €4 million on Monday after it missed a deadline.",
     "Fine", "target", "harth-bank"),
    ("Pellin Telecom was slower.", "The Banking Authority fined it €2 million in March.", "Fine", "target", "pellin-telecom"),
])
def test_it_stands_for_the_subject_of_the_sentence_before(tmp_path, before, sentence, predicate, role, expected):
    found = _one(run(tmp_path, STATE + f"{before} {sentence}\n"), predicate)
    assert expected in found["roles"][role], found


@pytest.mark.parametrize("before", [
    "Analysts expected little.",  # no one named
    "In Dovrin, Harth Bank moved quickly.",  # the sentence does not begin with the company
])
def test_it_without_a_named_subject_before_stands_for_no_one(tmp_path, before):
    records = run(tmp_path, STATE + f"{before} The Banking Authority fined it €4 million on Monday.\n")
    assert not any("harth-bank" in e["roles"].get("target", []) for e in events(records, "Fine"))


def test_it_was_is_no_participant(tmp_path):
    records = run(tmp_path, STATE + "Harth Bank moved quickly. It was a trial of Quarrel Systems software that began in March.\n")
    assert not any("harth-bank" in e["roles"].get("actor", []) for e in events(records, "Trial"))


# ---------------------------------------------------------------- a review's scope, told in the next sentence


@pytest.mark.parametrize("scope", [
    "Its stated purpose was narrow: to establish how deeply the two largest carriers, Pellin Telecom and Varro Mobile, depended on Quarrel Systems software.",
    "Its main aim is to find out whether Pellin Telecom and Varro Mobile rely on Quarrel Systems.",
    "The scope of the review is how far Pellin Telecom and Varro Mobile depend on Quarrel Systems equipment.",
])
def test_the_sentence_after_a_review_names_who_relies_on_whom(tmp_path, scope):
    body = STATE + f"The visit was the first step of a review the Office of Network Security had announced in May. {scope}\n"
    review = _one(run(tmp_path, body), "Review")
    assert review["roles"]["reviewer"] == ["office-of-network-security"], review
    assert {"pellin-telecom", "varro-mobile"} <= set(review["roles"].get("reviewSubject", [])), review
    assert "quarrel-systems" in review["roles"].get("concernsVendor", []), review


def test_a_next_sentence_that_is_not_about_the_review_adds_nothing(tmp_path):
    body = (STATE + "The Office of Network Security opened a review of Pellin Telecom's reliance on Quarrel Systems. "
            "Varro Mobile, a rival, relies on Quarrel Systems too.\n")
    review = _one(run(tmp_path, body), "Review")
    assert "varro-mobile" not in review["roles"].get("reviewSubject", []), review


@pytest.mark.parametrize("aside", [
    "Mirel Networks had no role in the Quarrel Systems review.",
    "Mirel Networks was not part of the review.",
    "Mirel Networks, a maker of test gear, is not covered by this review.",
])
def test_a_company_said_to_be_outside_a_review_is_not_in_it(tmp_path, aside):
    body = (STATE + "The Office of Network Security opened a review of Pellin Telecom's reliance on Quarrel Systems.\n\n"
            f"Mirel Networks is a Vostrian equipment maker. {aside}\n")
    for review in events(run(tmp_path, body), "Review"):
        assert "mirel-networks" not in {v for vs in review["roles"].values() for v in vs}, review


# ---------------------------------------------------------------- trials: passive, of a product named before, suspended


@pytest.mark.parametrize("sentence, users", [
    ("Quarrel Systems' servers are being tested by several Brannovan banks, including Harth Bank.", {"harth-bank"}),
    ("The Quarrel Systems platform was piloted by Harth Bank and Pellin Savings Bank.", {"harth-bank", "pellin-savings-bank"}),
    ("Quarrel Systems software has been trialled by Harth Bank since March.", {"harth-bank"}),
])
def test_a_passive_trial_is_by_those_after_by(tmp_path, sentence, users):
    trial = _one(run(tmp_path, STATE + sentence + "\n"), "Trial")
    assert users <= set(trial["roles"]["actor"]), trial
    assert trial["roles"]["concernsVendor"] == ["quarrel-systems"], trial


@pytest.mark.parametrize("named, trial", [
    ("Quarrel Systems' K7 line is sold across the region.", "Harth Bank, which began trialling the K7 in January, said it was pleased."),
    ("Quarrel Systems's new QX-9 servers are sold across the region.", "Harth Bank began testing the QX-9 servers in January."),
    ("The T40, a server made by Quarrel Systems, is sold across the region.", "Harth Bank has started piloting the T40 in two branches."),
])
def test_a_trial_of_a_product_named_before_is_of_its_vendor(tmp_path, named, trial):
    found = _one(run(tmp_path, STATE + f"{named}\n\n{trial}\n"), "Trial")
    assert found["roles"]["actor"] == ["harth-bank"] and found["roles"]["concernsVendor"] == ["quarrel-systems"], found


@pytest.mark.parametrize("suspended", [
    "Harth Bank said it had suspended the trial last week after being briefed by the Banking Authority.",
    "Harth Bank has halted the pilot.",
    "Harth Bank froze its deployment on Friday.",
])
def test_a_suspended_trial_is_of_the_trials_vendor(tmp_path, suspended):
    body = STATE + f"Harth Bank began trialling Quarrel Systems servers in January.\n\n{suspended}\n"
    suspension = _one(run(tmp_path, body), "Suspension")
    assert suspension["roles"]["actor"] == ["harth-bank"], suspension
    assert suspension["roles"].get("concernsVendor") == ["quarrel-systems"], suspension
    assert "banking-authority" not in suspension["roles"].get("target", []), suspension


@pytest.mark.parametrize("sentence", [
    "Ostry Bank said it had halted its rollout of Quarrel Systems servers.",
    "Ostry Bank has suspended the deployment of Quarrel Systems software.",
])
def test_a_suspended_rollout_names_its_vendor(tmp_path, sentence):
    suspension = _one(run(tmp_path, STATE + sentence + "\n"), "Suspension")
    assert suspension["roles"] == {"actor": ["ostry-bank"], "concernsVendor": ["quarrel-systems"]}, suspension


def test_a_suspended_trial_with_no_trial_told_is_dropped(tmp_path):
    assert not events(run(tmp_path, STATE + "Harth Bank said it had suspended the trial.\n"), "Suspension")


@pytest.mark.parametrize("listed", [
    "The review will cover the planning, testing and governance of the migration to Quarrel Systems.",
    "Auditors looked at design, testing, and operation of Ostry Bank's link to Quarrel Systems.",
])
def test_testing_in_a_list_of_activities_is_no_trial(tmp_path, listed):
    assert not events(run(tmp_path, STATE + listed + "\n"), "Trial")


def test_trials_of_one_vendor_by_different_banks_stay_apart(tmp_path):
    body = (STATE + "Harth Bank began trialling Quarrel Systems servers in January.\n\n"
            "Quarrel Systems' servers are also being tested by Pellin Savings Bank.\n")
    trials = events(run(tmp_path, body), "Trial")
    assert sorted(t["roles"]["actor"] for t in trials) == [["harth-bank"], ["pellin-savings-bank"]], trials


@pytest.mark.parametrize("sentence", [
    "A pilot of Quarrel Systems software at Harth Bank began in March.",
    "The trial of Quarrel Systems servers by Harth Bank ended in June.",
])
def test_a_trial_named_by_its_noun_is_by_the_bank_after_the_vendor(tmp_path, sentence):
    trial = _one(run(tmp_path, STATE + sentence + "\n"), "Trial")
    assert trial["roles"]["actor"] == ["harth-bank"] and trial["roles"]["concernsVendor"] == ["quarrel-systems"], trial


# ---------------------------------------------------------------- suspensions: whom they are of


@pytest.mark.parametrize("sentence", [
    "Quarrel Systems said it was suspending deliveries of spare parts, as well as field service, to Brannovan customers, including Harth Bank, while it sought licences.",
    "Quarrel Systems halted shipments to Brannovan banks, including Harth Bank and Pellin Savings Bank.",
])
def test_a_suspension_to_a_peoples_customers_is_of_those_named(tmp_path, sentence):
    suspension = _one(run(tmp_path, STATE + sentence + "\n"), "Suspension")
    assert "harth-bank" in suspension["roles"].get("target", []), suspension
    assert "brannova" not in suspension["roles"].get("target", []), suspension


@pytest.mark.parametrize("sentence", [
    "A faulty Quarrel Systems update halted card payments at Ostry Bank on Tuesday.",
    "The crash of Quarrel Systems software halted flights at Dovrin airport and froze trading on the exchange.",
    "The outage at Quarrel Systems halting withdrawals at Ostry Bank lasted six hours.",
])
def test_services_halted_by_an_outage_are_no_suspension(tmp_path, sentence):
    assert not events(run(tmp_path, STATE + sentence + "\n"), "Suspension")


# ---------------------------------------------------------------- agents of noun triggers and passives


@pytest.mark.parametrize("sentence, predicate", [
    ("A penalty of €3 million was imposed on Ostry Bank by the Banking Authority.", "Penalty"),
    ("Ostry Bank was hit with a €3 million fine by the Banking Authority.", "Fine"),
    ("Ostry Bank must pay a €3 million fine imposed by the Banking Authority.", "Fine"),
])
def test_a_penalty_noun_takes_its_agent_after_by(tmp_path, sentence, predicate):
    found = events(run(tmp_path, STATE + sentence + "\n"), predicate)
    assert any(f["roles"].get("actor") == ["banking-authority"] and f["roles"].get("target") == ["ostry-bank"] for f in found), found


@pytest.mark.parametrize("sentence", [
    "The ban on Quarrel Systems by the Ministry of Digital Affairs took effect on Monday.",
    "A ban on Quarrel Systems equipment by the Ministry of Digital Affairs was announced in May.",
])
def test_a_ban_noun_takes_its_agent_after_by(tmp_path, sentence):
    found = _restrictions(run(tmp_path, STATE + sentence + "\n"))
    assert any(f["roles"]["actor"] == ["ministry-of-digital-affairs"] and f["roles"]["target"] == ["quarrel-systems"] for f in found), found


@pytest.mark.parametrize("sentence", [
    "A lawsuit filed by Quarrel Systems against the Ministry of Digital Affairs was dismissed.",
    "The Ministry of Digital Affairs was sued by Quarrel Systems in March.",
    "The Ministry of Digital Affairs has been sued by Quarrel Systems over the ban.",
])
def test_a_lawsuit_by_its_claimant_after_by(tmp_path, sentence):
    suit = _one(run(tmp_path, STATE + sentence + "\n"), "Lawsuit")
    assert suit["roles"]["actor"] == ["quarrel-systems"] and suit["roles"]["target"] == ["ministry-of-digital-affairs"], suit


@pytest.mark.parametrize("sentence", [
    "Ostry Bank and Harth Bank were ordered by the Banking Authority to stop using Quarrel Systems.",
    "Ostry Bank and Harth Bank were told by the Banking Authority to replace Quarrel Systems software.",
])
def test_a_passive_order_is_to_those_named_before_the_verb(tmp_path, sentence):
    directive = _one(run(tmp_path, STATE + sentence + "\n"), "Directive")
    assert directive["roles"]["actor"] == ["banking-authority"], directive
    assert set(directive["roles"]["target"]) == {"ostry-bank", "harth-bank"}, directive


@pytest.mark.parametrize("sentence", [
    "The Banking Authority fined three banks, Ostry Bank, Harth Bank and Pellin Savings Bank, a total of €9 million.",
    "Ostry Bank, Harth Bank and Pellin Savings Bank were each fined €3 million by the Banking Authority.",
    "The Banking Authority fined Ostry Bank, Harth Bank and Pellin Savings Bank €3 million each.",
])
def test_everyone_fined_is_a_target(tmp_path, sentence):
    fine = _one(run(tmp_path, STATE + sentence + "\n"), "Fine")
    assert set(fine["roles"]["target"]) == {"ostry-bank", "harth-bank", "pellin-savings-bank"}, fine


@pytest.mark.parametrize("sentence", [
    "Digital Minister Ilvar Tennick told parliament that Quarrel Systems equipment would be barred from Brannova's 5G networks.",
    "Trade Minister Ilvar Tennick said Quarrel Systems would be banned from public contracts.",
])
def test_a_minister_announcing_a_passive_ban_is_its_actor(tmp_path, sentence):
    found = _restrictions(run(tmp_path, STATE + sentence + "\n"))
    assert any(f["roles"]["actor"] == ["ilvar-tennick"] and "quarrel-systems" in f["roles"]["target"] for f in found), found


@pytest.mark.parametrize("sentence", [
    "Vostria condemned the ban on Quarrel Systems.",
    "The Vostrian Foreign Ministry strongly criticised the new restrictions on Quarrel Systems.",
    "Vostria will challenge the ban on Quarrel Systems.",
])
def test_who_reacts_to_a_ban_did_not_impose_it(tmp_path, sentence):
    found = _restrictions(run(tmp_path, STATE + sentence + "\n"))
    assert not any(set(f["roles"]["actor"]) & {"vostria", "vostrian-foreign-ministry"} for f in found), found


@pytest.mark.parametrize("sentence", [
    "In accordance with relevant laws, Vostria has decided to impose countermeasures on Quarrel Systems.",
    "Vostria announced reprisals against Quarrel Systems on Monday.",
])
def test_a_reprisal_on_a_company_targets_it(tmp_path, sentence):
    body = "The Republic of Vostria is a state. Quarrel Systems is a software vendor.\n\n" + sentence + "\n"
    retaliation = _one(run(tmp_path, body), "Retaliation")
    assert retaliation["roles"]["target"] == ["quarrel-systems"], retaliation


# ---------------------------------------------------------------- a company's country and a town's state, described


@pytest.mark.parametrize("sentence, pair", [
    ("The ministry added Harth Instruments, a Vostrian maker of test equipment, to its list.", ("harth-instruments", "vostria")),
    ("Harth Instruments, a Vostrian chipmaker, denied the claims.", ("harth-instruments", "vostria")),
    ("Ostry Bank plc is a Brannovan retail and commercial bank.", ("ostry-bank", "brannova")),
    ("It is one of many sites that Pellin Telecom, Brannova's largest mobile operator, must treat the same way.", ("pellin-telecom", "brannova")),
    ("The goods went through Tallow Trading, a company in Vostria, to a buyer.", ("tallow-trading", "vostria")),
    ("The stake went to Osterlyn Partners, a private equity firm headquartered in Vostria, on Monday.", ("osterlyn-partners", "vostria")),
])
def test_a_companys_country_told_in_a_description(tmp_path, sentence, pair):
    assert pair in relations(run(tmp_path, STATE + sentence + "\n"), "country")


@pytest.mark.parametrize("sentence", [
    "Brannova fined Harth Instruments, a company that sells to Vostrian buyers.",
    "Harth Instruments, the Vostrian government's supplier, denied the claims.",
    "Harth Instruments sued Vostria's trade ministry.",
])
def test_a_people_or_state_named_for_something_else_is_no_country(tmp_path, sentence):
    assert ("harth-instruments", "vostria") not in relations(run(tmp_path, STATE + sentence + "\n"), "country")


@pytest.mark.parametrize("sentence, seat", [
    ("The logo belonged to Maltreve Networks, a telecoms equipment maker headquartered in Sarvel, the Vostrian capital.", "sarvel"),
    ("The stake went to Osterlyn Partners, a private equity firm based in Dovrin, on Monday.", "dovrin"),
])
def test_an_apposition_with_based_in_gives_the_seat(tmp_path, sentence, seat):
    found = relations(run(tmp_path, STATE + sentence + "\n"), "headquarters")
    assert any(obj == seat for _, obj in found), found


@pytest.mark.parametrize("sentence, town", [
    ("Quarrel Systems, which is based in Tyrrow in Vostria's north, apologised.", "tyrrow"),
    ("Harth Instruments is based in Vessenby, in western Vostria, and makes lasers.", "vessenby"),
    ("Quarrel Systems, which is based in the Vostrian city of Lindqvar, rejected the accusation.", "lindqvar"),
    ("The company, based in Gildersby in the north of Vostria, makes software.", "gildersby"),
    ("Maltreve Networks is a telecoms equipment maker headquartered in Sarvel, the Vostrian capital.", "sarvel"),
])
def test_where_a_town_is(tmp_path, sentence, town):
    assert (town, "vostria") in relations(run(tmp_path, STATE + sentence + "\n"), "locatedIn")


# ---------------------------------------------------------------- a deal blocked: the buyer is stopped


@pytest.mark.parametrize("sentence", [
    "The Investment Authority has prohibited the proposed acquisition of Lumen Optics by Qaro Holdings, on grounds of national security.",
    "The Investment Authority blocks Qaro Holdings takeover of laser maker Lumen Optics.",
    "The Investment Authority blocked Qaro Holdings' planned takeover of Lumen Optics on Friday.",
])
def test_a_blocked_deal_targets_the_buyer(tmp_path, sentence):
    found = _restrictions(run(tmp_path, STATE + sentence + "\n"))
    assert any(f["roles"]["target"] == ["qaro-holdings"] and f["roles"].get("concernsVendor") == ["lumen-optics"] for f in found), found


def test_a_ban_on_a_company_is_no_deal(tmp_path):
    found = _restrictions(run(tmp_path, STATE + "The Investment Authority banned Qaro Holdings from the acquisition of land.\n"))
    assert all(f["roles"]["target"] == ["qaro-holdings"] and not f["roles"].get("concernsVendor") for f in found), found


# ---------------------------------------------------------------- whom a person works for, said with "for" or inside the apposition


@pytest.mark.parametrize("sentence", [
    "Tobias Renn, a spokesman for Ostry Bank, said the bank would cooperate.",
    "A spokesman for Ostry Bank, Tobias Renn, said the bank would cooperate.",
    "Tobias Renn, an Ostry Bank spokesman, said the bank would cooperate.",
    "Mr Tobias Renn, a senior official at Ostry Bank, said the bank would cooperate.",
    "Mr Tobias Renn, a representative for Ostry Bank, declined to comment.",
])
def test_works_for_the_body_of_a_title(tmp_path, sentence):
    assert ("tobias-renn", "ostry-bank") in relations(run(tmp_path, STATE + sentence + "\n"), "worksFor")


@pytest.mark.parametrize("sentence", [
    "Tobias Renn, a customer of Ostry Bank, said he was angry.",
    "Tobias Renn, who banks with Ostry Bank, said he was angry.",
])
def test_a_customer_does_not_work_for_the_bank(tmp_path, sentence):
    assert ("tobias-renn", "ostry-bank") not in relations(run(tmp_path, STATE + sentence + "\n"), "worksFor")


@pytest.mark.parametrize("sentence", [
    "Qaro Holdings is majority-owned by the Vostria State Investment Fund.",
    "Qaro Holdings, which is wholly owned by the Vostria State Investment Fund, denied the claims.",
    "Qaro Holdings is controlled by the Vostria State Investment Fund, filings show.",
])
def test_a_companys_owner_is_its_parent(tmp_path, sentence):
    found = relations(run(tmp_path, STATE + sentence + "\n"), "parentOrganization")
    assert ("qaro-holdings", "vostria-state-investment-fund") in found, found


def test_a_product_owned_by_users_names_no_parent(tmp_path):
    found = relations(run(tmp_path, STATE + "Ostry Bank said the data, owned by its customers, was safe.\n"), "parentOrganization")
    assert not found, found


# ---------------------------------------------------------------- who a review looks at: users of the goods, objects of the verb


@pytest.mark.parametrize("sentence, users", [
    ("The Cyber Security Agency is assessing Quarrel Systems routers used by Pellin Telecom and Varro Mobile.",
     {"pellin-telecom", "varro-mobile"}),
    ("A review by the Cyber Security Agency found that Quarrel Systems software used by the Ministry of Health sent data abroad.",
     {"ministry-of-health"}),
    ("The Cyber Security Agency audited the Quarrel Systems platform used by four ministries, including the Ministry of Health and the Ministry of Justice.",
     {"ministry-of-health", "ministry-of-justice"}),
])
def test_the_users_of_reviewed_goods_are_reviewed_not_reviewing(tmp_path, sentence, users):
    review = _one(run(tmp_path, STATE + sentence + "\n"), "Review")
    assert review["roles"]["reviewer"] == ["cyber-security-agency"], review
    assert users <= set(review["roles"].get("reviewSubject", [])), review


@pytest.mark.parametrize("sentence", [
    "Parliament's Digital Affairs Committee is investigating the Ministry of Health's contract with Quarrel Systems.",
    "The Digital Affairs Committee will examine the Ministry of Health's use of Quarrel Systems software.",
])
def test_a_body_after_an_active_review_verb_is_reviewed(tmp_path, sentence):
    review = _one(run(tmp_path, STATE + sentence + "\n"), "Review")
    assert review["roles"]["reviewer"] == ["digital-affairs-committee"], review
    assert "ministry-of-health" in review["roles"].get("reviewSubject", []), review


def test_a_review_named_by_its_noun_keeps_the_bodies_after_it(tmp_path):
    body = (STATE + "The Ministry of Digital Affairs published the outcome of the security review that the Cyber Security Agency "
            "carried out at its request, on Quarrel Systems software.\n")
    review = _one(run(tmp_path, body), "Review")
    assert "ministry-of-digital-affairs" not in review["roles"].get("reviewSubject", []), review


# ---------------------------------------------------------------- outages told by what they did


@pytest.mark.parametrize("sentence, hit", [
    ("A faulty update from Quarrel Systems knocked out card payments at Ostry Bank and Harth Bank on Tuesday.", {"ostry-bank", "harth-bank"}),
    ("Ostry Bank's systems went offline after a Quarrel Systems update.", {"ostry-bank"}),
    ("A Quarrel Systems update halted card payments at Ostry Bank for six hours.", {"ostry-bank"}),
    ("The Quarrel Systems fault took down the online services of Ostry Bank.", {"ostry-bank"}),
])
def test_an_outage_told_by_its_effect(tmp_path, sentence, hit):
    outage = _one(run(tmp_path, STATE + sentence + "\n"), "Outage")
    assert hit <= set(outage["roles"]["target"]) and outage["roles"]["concernsVendor"] == ["quarrel-systems"], outage


@pytest.mark.parametrize("sentence", [
    "Ostry Bank halted payments to Quarrel Systems over a billing dispute.",
    "The regulator took out a full-page advertisement about Quarrel Systems.",
])
def test_a_decision_or_a_phrase_is_no_outage(tmp_path, sentence):
    assert not events(run(tmp_path, STATE + sentence + "\n"), "Outage")
