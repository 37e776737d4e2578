"""Rules of round 6 of issue 13 (events), each with several phrasings (invented names): whom charges name
(the verb's object, not a name behind a preposition; the person in apposition after a company that only
qualifies a role; every accused listed with their ages), the body that filed a charge paper, where a review's
clause ends, and a state that only owns the description in an apposition."""

from __future__ import annotations

import pytest

from tests.extract.story import events, run


def _participants(record: dict) -> set[str]:
    return {v for role, vs in record["roles"].items() if role not in ("product", "amount", "currency", "listName", "deadline") for v in vs}


@pytest.mark.parametrize("sentence", [
    "Prosecutors have charged two men with hacking into Quarrow Bank in March.",
    "Two men were charged over the raid on Quarrow Bank, prosecutors said.",
    "The State Prosecution Office charged two men in connection with the breach at Quarrow Bank.",
    "Prosecutors charged two men after the attack on Quarrow Bank.",
])
def test_a_name_behind_a_preposition_is_not_whom_charges_name(tmp_path, sentence):
    records = run(tmp_path, sentence + "\n")
    for kind in ("Indictment", "Accusation"):
        assert not any("quarrow-bank" in e["roles"].get("target", []) for e in events(records, kind)), events(records, kind)


@pytest.mark.parametrize("sentence", [
    "The Office of the Attorney General has charged a former Tessway regional sales director, Ilse Marrow, with fraud.",
    "Prosecutors at the Office of the Attorney General indicted a Tessway engineer, Ilse Marrow, on Monday.",
    "The Office of the Attorney General charged a senior Tessway manager, Ms Ilse Marrow, with export offences.",
])
def test_the_person_in_apposition_is_charged_not_the_company_naming_her_role(tmp_path, sentence):
    records = run(tmp_path, sentence + "\n")
    (charges,) = events(records, "Indictment")
    assert charges["roles"]["target"] == ["ilse-marrow"], charges
    assert charges["roles"]["actor"] == ["office-of-the-attorney-general"], charges


@pytest.mark.parametrize("paper", [
    "The indictment, filed last week by the National Prosecution Service, accuses Oren Talby, 31, and Petra Venn, 45, of fraud.",
    "The charge sheet, brought on Monday by the National Prosecution Service, accuses Oren Talby, 31, and Petra Venn, 45, of fraud.",
    "The indictment, lodged by the National Prosecution Service in the district court, accuses Oren Talby, 31, and Petra Venn, 45, of theft.",
])
def test_a_charge_paper_is_brought_by_the_body_named_in_its_aside(tmp_path, paper):
    body = f"Two men were charged on Tuesday.\n\n{paper}\n"
    records = run(tmp_path, body)
    found = events(records, "Indictment") + events(records, "Accusation")
    assert any({"national-prosecution-service", "oren-talby", "petra-venn"} <= _participants(e) for e in found), found


@pytest.mark.parametrize("sentence", [
    "The National Prosecution Service accused Oren Talby, 31, Petra Venn, 45, and Sami Roke, 52, of fraud.",
    "The National Prosecution Service charged Oren Talby, 31, Petra Venn, 45, and Sami Roke, 52, with theft.",
    "The National Prosecution Service indicted Oren Talby, 31, Petra Venn, 45, and Sami Roke, 52, on Monday.",
])
def test_an_age_after_a_name_does_not_end_the_list(tmp_path, sentence):
    records = run(tmp_path, sentence + "\n")
    found = events(records, "Indictment") + events(records, "Accusation")
    assert any({"oren-talby", "petra-venn", "sami-roke"} <= set(e["roles"].get("target", [])) for e in found), found


@pytest.mark.parametrize("sentence, outsider", [
    ("The Trade Practices Office said on Monday it had opened an investigation into Harlow Memory, days after Vellmark "
     "labelled Brisk Networks a security threat.", "brisk-networks"),
    ("The Payments Oversight Board said it had opened a review of Corvel Software's procedures and would ask Harth Bank "
     "to explain its contingency plans.", "harth-bank"),
    ("The Trade Practices Office opened an in-depth investigation into Harlow Memory, warning that Ostry Bank could "
     "lose access to its chips.", "ostry-bank"),
    ("The Trade Practices Office opened a probe into Harlow Memory, weeks after Brisk Networks complained.", "brisk-networks"),
])
def test_names_past_the_end_of_a_reviews_clause_are_not_reviewed(tmp_path, sentence, outsider):
    records = run(tmp_path, sentence + "\n")
    reviews = events(records, "Review")
    assert reviews, records
    assert not any(outsider in _participants(e) for e in reviews), reviews


@pytest.mark.parametrize("sentence", [
    "Gorsey Bank, Vellmark's third-largest lender, has begun trialling servers from Brindle Technologies.",
    "Gorsey Bank, Vellmark's oldest bank, is piloting Brindle Technologies's payment switch.",
    "Gorsey Bank, Vellmark's biggest savings bank, began testing routers made by Brindle Technologies in May.",
])
def test_a_state_owning_an_apposition_is_not_the_subject(tmp_path, sentence):
    body = "Vellmark is a small country.\n\n" + sentence + "\n"
    (trial,) = events(run(tmp_path, body), "Trial")
    assert trial["roles"]["actor"] == ["gorsey-bank"], trial
    assert trial["roles"]["concernsVendor"] == ["brindle-technologies"], trial
