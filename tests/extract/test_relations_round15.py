"""Binary relations, round 15: a seat before a company's kind, a people's word and a company's kind standing for a
company named before, a town in apposition to a state's capital, "incorporated under the laws of", capitalised titles
owned by a company, a body's unit named with its short form, a release's dateline, and staff found by their title
far from their body (invented names throughout)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract import extract
from kg.inputs.documents import load_document
from tests.extract.story import relations, run


def run_published(tmp_path: Path, body: str, publisher: str, catalog: list[dict] | None = None) -> list[dict]:
    """The proposals for ``body`` published by ``publisher`` (a body's own release or a paper), with ``catalog``'s
    curated entities known."""
    path = tmp_path / "release.txt"
    path.write_text(f"---\nid: release\ntitle: t\npublisher: {publisher}\npublished: 2024-05-14\nlanguage: en\n---\n" + body,
                    encoding="utf-8")
    return extract([load_document(path, str(path))], catalog or [])


FOUND = [
    # "<Town>-based <kind> <Name>": the seat, what the company is, then its name
    pytest.param("A faulty update pushed out by Glenmarrow-based security company Tessvane Software crashed thousands of computers.",
                 "headquarters", ("tessvane-software", "glenmarrow"), id="town-based-security-company"),
    pytest.param("Customers of Harl Bank could not pay after Ossby-based payments firm Velkpay Systems changed a setting.",
                 "headquarters", ("velkpay-systems", "ossby"), id="town-based-payments-firm"),
    pytest.param("The ministry fined Dunmarrow-headquartered chipmaker Quorlan Semiconductor on Friday.",
                 "headquarters", ("quorlan-semiconductor", "dunmarrow"), id="town-headquartered-chipmaker"),
    # "the <Demonym> <kind>" standing for the one company of that kind named before it in the sentence
    pytest.param("Vardania ordered a review of software supplied by Tessvane Systems, a week after lawmakers accused the Ostelian "
                 "vendor of hiding where its servers are run. Ostelia protested.", "country", ("tessvane-systems", "ostelia"), id="the-demonym-vendor"),
    pytest.param("Millions of Harl Bank customers could not pay after a faulty patch from supplier Quorlan Systems crashed the "
                 "Vardanian lender's payment servers. Vardania's regulator said nothing.", "country", ("harl-bank", "vardania"), id="the-demonym-lenders"),
    pytest.param("Regulators in Vardania blocked the sale of Pellit Instruments to a fund, calling the Ostelian maker of test gear "
                 "a risk. Ostelia protested.", "country", ("pellit-instruments", "ostelia"), id="the-demonym-maker-of"),
    # "<Town>, the <…> capital of <State>"
    pytest.param("The bid came from Sunmarrow Technologies, a diversified electronics group based in Kovby, the commercial capital "
                 "of Ostelia. Ostelian officials welcomed it.", "locatedIn", ("kovby", "ostelia"), id="town-the-commercial-capital-of"),
    pytest.param("The plant stands in Dunmarrow, a port city of Vardania, and employs 400 people.",
                 "locatedIn", ("dunmarrow", "vardania"), id="town-a-port-city-of"),
    pytest.param("Harl Bank opened an office in Ossby, the capital of Ostelia, on Monday. Ostelian officials welcomed it.",
                 "locatedIn", ("ossby", "ostelia"), id="town-the-capital-of"),
    # "incorporated / organised under the laws of <State>"
    pytest.param("Quorlan Digital Group Ltd. (\"Quorlan\") is a company incorporated under the laws of Ostelia with its principal "
                 "place of business in Ossby.", "country", ("quorlan-digital-group-ltd", "ostelia"), id="incorporated-under-the-laws-of"),
    pytest.param("Velkpay Systems, a company organised under the laws of Vardania, denied the claims.",
                 "country", ("velkpay-systems", "vardania"), id="organised-under-the-laws-of"),
    pytest.param("Tessvane Holdings, registered under the law of Ostelia, agreed to sell the unit. Ostelian officials welcomed it.",
                 "country", ("tessvane-holdings", "ostelia"), id="registered-under-the-law-of"),
    # a capitalised title owned by a company, before the name
    pytest.param("Harl Apps settled the case. In a statement, Harl's Chief Executive Officer, Rohan Vell, said the company disagreed.",
                 "worksFor", ("rohan-vell", "harl-apps"), id="owners-chief-executive-officer"),
    pytest.param("Velkpay Systems apologised. Velkpay's Chief Technology Officer, Dana Orrin, said a fix was ready.",
                 "worksFor", ("dana-orrin", "velkpay-systems"), id="owners-chief-technology-officer"),
    pytest.param("Sunmarrow Technologies bid for Pell Silicon. \"Pell would have kept its brand,\" Sunmarrow's chairman, Dovan Resk, "
                 "said.", "chairs", ("dovan-resk", "sunmarrow-technologies"), id="short-forms-chairman"),
    # "The <Unit> (<ABBR>) of the <Body>"
    pytest.param("The Bureau of Export Control (BEC) of the Ministry of Trade today announced a fine on Pellit Instruments.",
                 "parentOrganization", ("bureau-of-export-control", "ministry-of-trade"), id="bureau-abbr-of-ministry"),
    pytest.param("The Office of Network Security (ONS) of the Ministry of the Interior said the audit would start in May.",
                 "parentOrganization", ("office-of-network-security", "ministry-of-the-interior"), id="office-abbr-of-ministry"),
    # a title far from its body: the story's one main body of that kind
    pytest.param("The Vardanian Markets Commission (VMC) fined Harl Bank on Monday. The VMC said the bank had ignored warnings. "
                 "The VMC also ordered an audit. The audit will take a year. Customers were not affected. Shares fell 3%. "
                 "Commissioner Ilse Varn said the fine was fair.", "worksFor", ("ilse-varn", "vardanian-markets-commission"),
                 id="commissioner-far-from-the-commission"),
    pytest.param("The Vardanian Markets Commission (VMC) fined Harl Bank on Monday. The VMC said the bank had ignored warnings. "
                 "The VMC also ordered an audit. The audit will take a year. Customers were not affected. Shares fell 3%. "
                 "Spokeswoman Ilse Varn said the fine was fair.", "worksFor", ("ilse-varn", "vardanian-markets-commission"),
                 id="spokeswoman-far-from-the-commission"),
    pytest.param("The Vardanian Markets Commission (VMC) fined Harl Bank on Monday. The VMC said the bank had ignored warnings. "
                 "The VMC also ordered an audit. The audit will take a year. Customers were not affected. Shares fell 3%.\n\n"
                 "11:40 Minister Ilse Varn: \"The fine was fair.\"", "worksFor", ("ilse-varn", "vardanian-markets-commission"),
                 id="minister-in-a-live-blog-entry"),
]


@pytest.mark.parametrize(("body", "predicate", "pair"), FOUND)
def test_relation_found(tmp_path, body, predicate, pair):
    assert pair in relations(run(tmp_path, body), predicate)


NOT_FOUND = [
    # the people's word and the kind stand for no company when two of that kind, or none, come before them
    pytest.param("Vardania blocked the deal between Tessvane Systems and Quorlan Networks, and lawmakers accused the Ostelian "
                 "vendor of hiding its owners.", "country", ("tessvane-systems", "ostelia"), id="two-vendors-before-first"),
    pytest.param("Vardania blocked the deal between Tessvane Systems and Quorlan Networks, and lawmakers accused the Ostelian "
                 "vendor of hiding its owners.", "country", ("quorlan-networks", "ostelia"), id="two-vendors-before-second"),
    pytest.param("Vardania blocked the sale of Pell Silicon to Sunmarrow Technologies. For the Ostelian group, the logic was "
                 "simple. Sunmarrow wanted designs.", "country", ("pell-silicon", "ostelia"), id="descriptor-opens-the-sentence"),
    # "<Town>, <State>, where X is headquartered": the state is the town's, not the seat
    pytest.param("The app sends data to servers operated from Kellbury, Ostelia, where Trammer Systems is headquartered.",
                 "headquarters", ("trammer-systems", "ostelia"), id="town-state-where-headquartered"),
    # the capital of a state is in it; a company after the apposition is not a town
    pytest.param("Harl Bank opened an office in Ossby, the capital of Ostelia, on Monday. Ostelian officials welcomed it.",
                 "headquarters", ("harl-bank", "ostelia"), id="office-in-a-capital-is-no-seat"),
]


@pytest.mark.parametrize(("body", "predicate", "pair"), NOT_FOUND)
def test_relation_not_found(tmp_path, body, predicate, pair):
    assert pair not in relations(run(tmp_path, body), predicate)


RELEASE = ("KELLBURY, 9 July 2024 - The Vardanian Radio Makers Alliance (VRMA) today protested the exclusion of two of its members "
           "from the national 5G tender.\n\nThe Alliance said the decision would be challenged. Its members employ 4,000 people "
           "in Kellbury and elsewhere.\n")


@pytest.mark.parametrize(("publisher", "seated"), [
    pytest.param("Vardanian Radio Makers Alliance", True, id="the-alliances-own-release"),
    pytest.param("Vardanian Radio Makers Alliance (fictional)", True, id="own-release-with-a-note"),
    pytest.param("Kellbury Evening Post", False, id="a-papers-dateline"),
])
def test_release_dateline_is_the_issuers_seat(tmp_path, publisher, seated):
    found = ("vardanian-radio-makers-alliance", "kellbury") in relations(run_published(tmp_path, RELEASE, publisher), "headquarters")
    assert found is seated


BOARD = ("Harl Bank plc today published its response to the review.\n\n- The Board has established a Technology Risk Committee, "
         "chaired by independent non-executive director Mara Quist, to oversee the programme.\n")


@pytest.mark.parametrize(("publisher", "employed"), [
    pytest.param("Harl Bank plc", True, id="the-banks-own-release"),
    pytest.param("Harl Bank Newsroom", True, id="the-banks-newsroom"),
    pytest.param("Ossby Daily Courier", False, id="a-paper"),
])
def test_committee_chair_in_a_release_works_for_the_issuer(tmp_path, publisher, employed):
    found = ("mara-quist", "harl-bank") in relations(run_published(tmp_path, BOARD, publisher), "worksFor")
    assert found is employed


# Two invented states the catalogue knows (a name before "-based" alone reads as a town).
STATES = [{"id": "ostelia", "name": "Ostelia", "type": "Country", "aliases": ["Ostelian"]},
          {"id": "vardania", "name": "Vardania", "type": "Country", "aliases": ["Vardanian"]}]


@pytest.mark.parametrize(("body", "predicate", "pair", "found"), [
    pytest.param("Lawmakers in Vardania summoned executives of Ostelia-based telecoms maker Harl Radio on Monday.",
                 "country", ("harl-radio", "ostelia"), True, id="state-based-telecoms-maker"),
    pytest.param("The review covers Vardania-based Quorlan Systems and two other suppliers.",
                 "country", ("quorlan-systems", "vardania"), True, id="state-based-name"),
    pytest.param("The review covers Vardania-based Quorlan Systems and two other suppliers.",
                 "headquarters", ("quorlan-systems", "vardania"), False, id="state-based-is-no-seat"),
    pytest.param("The review covers Vardania-headquartered Quorlan Systems and two other suppliers.",
                 "headquarters", ("quorlan-systems", "vardania"), True, id="state-headquartered-is-the-seat-too"),
])
def test_state_based_company(tmp_path, body, predicate, pair, found):
    assert (pair in relations(run_published(tmp_path, body, "Nowhere Ledger", STATES), predicate)) is found
