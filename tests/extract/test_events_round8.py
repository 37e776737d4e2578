"""Rules of the eighth tuning round (issue 13), each with several phrasings (invented names): a review's report
handed to a body in a sentence of its own, licence requirements as export controls, the story's own newspaper
kept out of what it reports, counted groups resolved once to the names the story gives them, an outage's vendor
from the sentences around, deals named by their nouns and the reviews of them, companies of "the country's"
groups, and what a body's or a company's own notice says of its staff and its measures."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract import extract
from kg.inputs.documents import load_document
from tests.extract.story import events, relations, run

STATE = ("The Republic of Brannova and the Republic of Vostria are neighbours. Quarrel Systems is a Vostrian software vendor. "
         "Ostry Bank is a Brannovan lender.\n\n")


def published_by(tmp_path: Path, publisher: str, body: str) -> list[dict]:
    """The proposals for ``body`` published by ``publisher`` (a paper, a company or a public body)."""
    path = tmp_path / "notice.txt"
    path.write_text(f"---\nid: notice\ntitle: t\npublisher: {publisher}\npublished: 2024-05-14\nlanguage: en\n---\n" + body,
                    encoding="utf-8")
    return extract([load_document(path, str(path))], [])


def _participants(event: dict) -> set[str]:
    return {v for role, vs in event["roles"].items() if role not in ("product", "amount", "currency", "asset", "listName") for v in vs}


# ---------------------------------------------------------------- a review's report handed on


@pytest.mark.parametrize("body", [
    "The Telecoms Assurance Board spent a year testing Quarrel Systems equipment. Its report, which is classified, "
    "was submitted to the Ministry of Networks last December.",
    "The Telecoms Assurance Board examined Quarrel Systems base stations for months. Its findings were delivered in "
    "January to the Ministry of Networks.",
    "The Ministry of Networks asked questions. The Telecoms Assurance Board took Quarrel Systems radios apart. The board's "
    "report, delivered in March to the Ministry of Networks, has never been published.",
])
def test_a_report_handed_to_a_body_tells_of_a_review(tmp_path, body):
    found = [e for e in events(run(tmp_path, STATE + body + "\n"), "Review")
             if "ministry-of-networks" in e["roles"].get("resultsSubmittedTo", [])]
    assert found, events(run(tmp_path, STATE + body + "\n"), "Review")
    assert "telecoms-assurance-board" in found[0]["roles"]["reviewer"]
    assert "quarrel-systems" in found[0]["roles"]["concernsVendor"]


def test_a_report_handed_on_joins_the_review_told_before(tmp_path):
    body = ("The Telecoms Assurance Board opened a security review of Quarrel Systems equipment in May. "
            "Analysts were doubtful. The board's report, delivered in January to the Ministry of Networks, was never published.\n")
    reviews = events(run(tmp_path, STATE + body), "Review")
    assert len(reviews) == 1, reviews
    assert reviews[0]["roles"]["resultsSubmittedTo"] == ["ministry-of-networks"]


@pytest.mark.parametrize("body", [
    "The Telecoms Assurance Board tested Quarrel Systems equipment. The report sent to the Ministry of Networks was short.",  # no owner
    "The Telecoms Assurance Board met on Monday. Its report was submitted to the Ministry of Networks.",  # no vendor named
])
def test_a_report_with_no_owner_or_vendor_is_no_review(tmp_path, body):
    assert not events(run(tmp_path, STATE + body + "\n"), "Review")


# ---------------------------------------------------------------- licence requirements


@pytest.mark.parametrize("sentence, actor", [
    ("Brannova's Ministry of Trade on Monday began requiring licences for exports of lithography tools to Vostria.", "ministry-of-trade"),
    ("Brannova will require export licences for advanced memory chips sold to Vostria.", "brannova"),
    ("Since July, Brannovan makers of etching tools have needed a government licence to ship their machines to Vostria.", "brannova"),
    ("Exporters in Brannova must obtain a licence to ship such tools to Vostria, Brannova's Ministry of Trade said.", "brannova"),
])
def test_a_licence_required_to_ship_to_a_country_is_an_export_control(tmp_path, sentence, actor):
    found = events(run(tmp_path, STATE + sentence + "\n"), "ExportControl")
    assert found, sentence
    assert found[0]["roles"]["target"] == ["vostria"]
    assert actor in found[0]["roles"]["actor"] or actor == "brannova" and found[0]["roles"]["actor"]


@pytest.mark.parametrize("sentence", [
    "Brannova's Ministry of Trade said exporters need a licence for such tools.",  # no destination
    "Quarrel Systems said it did not need a licence to sell software to Ostry Bank.",  # no country it goes to
])
def test_a_licence_without_a_destination_country_is_no_export_control(tmp_path, sentence):
    assert not events(run(tmp_path, STATE + sentence + "\n"), "ExportControl")


# ---------------------------------------------------------------- the story's own newspaper


@pytest.mark.parametrize("publisher, body, own", [
    ("Harrowgate Daily Courier", "A faulty Quarrel Systems update crashed payment systems at Ostry Bank on Tuesday, according to "
     "figures compiled by the Courier.", "courier"),
    ("Dunmere Evening Post", "A faulty Quarrel Systems update knocked out card payments at Ostry Bank and flights from Dunmere "
     "were cancelled.", "dunmere"),
])
def test_the_publishing_paper_is_no_participant(tmp_path, publisher, body, own):
    records = published_by(tmp_path, publisher, STATE + body + "\n")
    assert not any(own in _participants(e) for p in ("Outage", "Incident") for e in events(records, p))


def test_a_state_that_begins_a_news_agency_s_name_is_still_a_participant(tmp_path):
    records = published_by(tmp_path, "Vostria Press Agency", STATE + "Vostria protested against the listing of Quarrel "
                           "Systems by Brannova.\n")
    assert any("vostria" in _participants(e) for e in events(records, "Protest"))


# ---------------------------------------------------------------- counted groups


@pytest.mark.parametrize("body, predicate, members", [
    ("Brannova's State Prosecutor on Wednesday indicted two executives of Quarrel Systems over exports to Vostria. "
     "Sales director Ivo Penhale and former finance chief Marta Quelle arranged the shipments, the prosecutor said.",
     "Indictment", ["ivo-penhale", "marta-quelle"]),
    ("The Trade Alliance protested the decision of Brannova's Procurement Commission to exclude two of its member companies, "
     "Harth Radio and Pellin Networks, from the national tender.", "ProcurementExclusion", ["harth-radio", "pellin-networks"]),
])
def test_a_counted_group_is_the_members_the_story_names(tmp_path, body, predicate, members):
    found = events(run(tmp_path, STATE + body + "\n"), predicate)
    assert found, predicate
    targets = found[0]["roles"]["target"]
    assert all(m in targets for m in members), targets
    assert len(targets) == len(members), targets


def test_executives_of_a_company_bring_the_company_along(tmp_path):
    body = ("Brannova's State Prosecutor on Wednesday indicted two executives of Quarrel Systems over exports to Vostria. "
            "Sales director Ivo Penhale and former finance chief Marta Quelle arranged the shipments, the prosecutor said.\n")
    found = events(run(tmp_path, STATE + body), "Indictment")[0]
    assert "quarrel-systems" in found["roles"].get("concernsVendor", []), found


@pytest.mark.parametrize("next_sentence", [
    "Sales director Ivo Penhale arranged the shipments, the prosecutor said.",  # one named for two
    "Ivo Penhale, Marta Quelle and Tomas Reeve arranged the shipments, the prosecutor said.",  # three named for two
])
def test_a_group_named_by_another_count_stays_a_group(tmp_path, next_sentence):
    body = ("Brannova's State Prosecutor on Wednesday indicted two executives of Quarrel Systems over exports to Vostria. "
            + next_sentence + "\n")
    found = events(run(tmp_path, STATE + body), "Indictment")[0]
    assert "ivo-penhale" not in found["roles"]["target"], found


# ---------------------------------------------------------------- an outage's vendor from the sentences around


@pytest.mark.parametrize("body", [
    "Ostry Bank moved its payments platform to Quarrel Systems' cloud in January. During the disruption that followed, "
    "customers of Ostry Bank could not make card payments for 19 hours.",
    "The outage at Ostry Bank lasted 19 hours. It began during a scheduled transfer of the bank's payments to Quarrel Systems.",
])
def test_an_outage_takes_its_vendor_from_the_sentence_before_or_after(tmp_path, body):
    found = [e for p in ("Outage", "Incident") for e in events(run(tmp_path, STATE + body + "\n"), p)]
    assert any({"ostry-bank", "quarrel-systems"} <= _participants(e) for e in found), found


def test_an_outage_with_two_vendors_around_takes_neither(tmp_path):
    body = ("Quarrel Systems and Harth Software both supply Ostry Bank. The outage at Ostry Bank lasted 19 hours. "
            "Analysts were puzzled.\n")
    found = [e for p in ("Outage", "Incident") for e in events(run(tmp_path, STATE + body), p)]
    assert not any(e["roles"].get("concernsVendor") for e in found), found


@pytest.mark.parametrize("body", [
    "Ostry Bank ordered new servers from Quarrel Systems. Prosecutors charged two officers with hacking into the "
    "computers of Ostry Bank and stealing secrets.",
    "Hackers breached the computers of Ostry Bank last year, prosecutors said. Quarrel Systems was not involved.",
])
def test_a_hack_does_not_take_a_vendor_from_the_sentences_around(tmp_path, body):
    """A breach tells how it got in where it tells of it: the story's vendor in another sentence is not its way in."""
    found = [e for e in events(run(tmp_path, STATE + body + "\n"), "Incident")]
    assert not any("quarrel-systems" in _participants(e) for e in found), found


# ---------------------------------------------------------------- deals named by their nouns, and reviews of them


@pytest.mark.parametrize("sentence", [
    "The Investment Council cleared the acquisition of Harth Data Systems, a provider of data-centre software, by Pellin "
    "Capital Partners, a fund based in Vostria.",
    "The Investment Council opened a review of the proposed takeover of Harth Data Systems, the Dovrin-based maker of "
    "sensors, by Pellin Capital Partners.",
    "The Investment Council opened a review of Pellin Capital Partners' $2.3bn bid for Harth Data Systems.",
    "Pellin Capital Partners' purchase of Harth Data Systems was cleared on Monday.",
])
def test_a_deal_named_by_its_noun_has_a_buyer_and_a_company_bought(tmp_path, sentence):
    body = "Pellin Capital Partners is an investment company. Harth Data Systems is a software company.\n\n" + sentence + "\n"
    found = events(run(tmp_path, STATE + body), "Acquisition")
    assert any(e["roles"].get("buyer") == ["pellin-capital-partners"] and e["roles"].get("seller") == ["harth-data-systems"]
               for e in found), found


@pytest.mark.parametrize("review", [
    "The transaction was notified to the Investment Council in June, and the Council opened an in-depth investigation into it in July.",
    "The Investment Council said on Thursday it had opened an in-depth national-security review of the takeover.",
])
def test_a_review_of_the_story_s_deal_is_of_both_parties(tmp_path, review):
    body = ("Pellin Capital Partners agreed in May to buy Harth Data Systems for USD 1.45 billion. " + review + "\n")
    found = events(run(tmp_path, STATE + body), "Review")
    assert any({"pellin-capital-partners", "harth-data-systems"} <= _participants(e) for e in found), found


# ---------------------------------------------------------------- "the country's" companies


@pytest.mark.parametrize("sentence, companies", [
    ("A faulty update crashed computers across Vostria on Tuesday, halting card payments at three of the country's largest "
     "banks, including Harth Bank.", ["harth-bank"]),
    ("Vostria's regulator will establish how far the country's two largest carriers, Pellin Mobile and Harth Telecom, "
     "depend on one supplier.", ["pellin-mobile", "harth-telecom"]),
    ("Deliveries to Vostrian customers, including Harth Foundry, the country's largest contract chipmaker, were suspended.",
     ["harth-foundry"]),
    ("Flights from Vostria were grounded and flag carrier Pellin Air could not check in passengers.", ["pellin-air"]),
])
def test_the_country_s_companies_are_of_the_country_named_before(tmp_path, sentence, companies):
    found = relations(run(tmp_path, STATE + sentence + "\n"), "country")
    for company in companies:
        assert (company, "vostria") in found, found


def test_the_country_s_group_names_only_what_it_lists(tmp_path):
    records = run(tmp_path, STATE + "In Vostria, the country's largest banks said on Monday that Harth Bank had not been affected.\n")
    assert ("harth-bank", "vostria") not in relations(records, "country")


# ---------------------------------------------------------------- a company's or a body's own notice


@pytest.mark.parametrize("publisher, body", [
    ("Harth Bank plc", "Harth Bank plc confirms that it is cooperating with the review.\n\nTobias Quill, Group Chief Executive, said: "
     "\"We are sorry.\""),
    ("Harth Bank Newsroom", "Harth Bank plc confirms that it is cooperating with the review.\n\n\"We are sorry,\" said Tobias Quill, "
     "Chief Operating Officer, at a briefing."),
    ("Harth Bank plc", "Harth Bank plc confirms that it is cooperating with the review.\n\nSigned\n\nTobias Quill\nHead of Compliance\n"),
])
def test_staff_named_by_title_alone_work_for_the_publishing_company(tmp_path, publisher, body):
    records = published_by(tmp_path, publisher, body + "\n")
    assert ("tobias-quill", "harth-bank-plc") in relations(records, "worksFor") or \
        ("tobias-quill", "harth-bank") in relations(records, "worksFor"), relations(records, "worksFor")


@pytest.mark.parametrize("publisher, body", [
    ("Harrowgate Daily Courier", "Harth Bank plc confirms that it is cooperating with the review.\n\nTobias Quill, Group Chief "
     "Executive, said: \"We are sorry.\""),  # a newspaper employs no one it quotes
    ("Harth Bank plc", "Harth Bank plc welcomed the decision.\n\nTobias Quill, Minister of Finance, said: \"It is fair.\""),  # a public title
])
def test_a_title_alone_in_a_paper_or_a_public_title_is_not_the_publisher_s_staff(tmp_path, publisher, body):
    records = published_by(tmp_path, publisher, body + "\n")
    assert not any(person == "tobias-quill" and org.startswith("harth-bank") for person, org in relations(records, "worksFor"))


@pytest.mark.parametrize("body, predicate, role", [
    ("Harth Telecom has been fined €2 million for failing to report a breach.", "Fine", "actor"),
    ("Harth Telecom was ordered to remove Quarrel Systems equipment from its core network by 31 December.", "Directive", "actor"),
])
def test_a_public_body_s_own_notice_takes_the_measures_it_leaves_unsaid(tmp_path, body, predicate, role):
    publisher = "Telecoms Authority of Dovria"
    records = published_by(tmp_path, publisher, "The Telecoms Authority of Dovria publishes this notice. " + body + "\n")
    found = events(records, predicate)
    assert found and "telecoms-authority-of-dovria" in found[0]["roles"].get(role, []), found


def test_a_company_s_own_release_takes_no_measure(tmp_path):
    records = published_by(tmp_path, "Harth Telecom plc", "Harth Telecom plc said today that it has been fined €2 million "
                           "for failing to report a breach.\n")
    assert not any(e["roles"].get("actor") == ["harth-telecom-plc"] for e in events(records, "Fine"))
