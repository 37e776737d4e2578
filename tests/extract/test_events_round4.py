"""Rules of the fourth tuning round (issue 13), each with several phrasings (invented names): the accused
named after the charges (and the hack they are charged over), officials named by their state's adjective,
courts that bring no charges, titles that name their body, honorifics that are no job, names put on a list,
and names listed before a passive restriction."""

from __future__ import annotations

import pytest

from tests.extract.story import events, relations, run


@pytest.mark.parametrize("later", [
    "The indictment, filed in the High Court of Tessary, accuses Varo Klint, Emsa Dorrel and Jory Pastel of fraud.",
    "Prosecutors said the three, including Varo Klint, Emsa Dorrel and Jory Pastel, had used stolen passwords.",
    "Three of the accused are named in the indictment: Varo Klint, Emsa Dorrel and Jory Pastel.",
])
def test_the_accused_named_later_replace_the_counted_group(tmp_path, later):
    body = f"Oskarra is a small country.\n\nOskarran prosecutors on Monday charged three Vellish nationals with breaking into Amber Mutual Bank.\n\n{later}\n"
    (charges,) = events(run(tmp_path, body), "Indictment")
    assert set(charges["roles"]["target"]) == {"varo-klint", "emsa-dorrel", "jory-pastel"}, charges
    assert charges["roles"]["actor"] == ["oskarra"], charges


def test_a_court_papers_caption_names_the_defendants(tmp_path):
    body = ("HIGH COURT OF TESSARY\n\nTHE REPUBLIC OF TESSARY\nv.\nVARO KLINT and EMSA DORREL\n\n"
            "1. On 2 May 2024 the Office of Public Prosecutions preferred a bill of indictment against the two defendants.\n\n"
            "2. Mr Klint and Ms Dorrel are believed to be abroad.\n")
    (charges,) = events(run(tmp_path, body), "Indictment")
    assert charges["roles"]["actor"] == ["office-of-public-prosecutions"], charges
    assert set(charges["roles"]["target"]) == {"varo-klint", "emsa-dorrel"}, charges


@pytest.mark.parametrize("sentence", [
    "Oskarran prosecutors have charged Varo Klint with fraud.",
    "Oskarran authorities charged Varo Klint on Monday.",
    "On Monday Oskarran federal prosecutors charged Varo Klint and Emsa Dorrel.",
])
def test_officials_named_by_their_states_adjective_act_for_the_state(tmp_path, sentence):
    body = f"Oskarra is a small country.\n\n{sentence}\n"
    (charges,) = events(run(tmp_path, body), "Indictment")
    assert charges["roles"]["actor"] == ["oskarra"], charges
    assert "varo-klint" in charges["roles"]["target"], charges


@pytest.mark.parametrize("body", [
    "The indictment, filed in the High Court of Tessary, accuses Varo Klint of fraud.\n",
    "Charges filed in the High Court of Tessary accuse Varo Klint of fraud.\n",
])
def test_a_court_accuses_no_one(tmp_path, body):
    records = run(tmp_path, body)
    for kind in ("Accusation", "Indictment"):
        for event in events(records, kind):
            assert "high-court-of-tessary" not in event["roles"].get("actor", []), event


@pytest.mark.parametrize("how", [
    "obtained access to the networks of Amber Mutual Bank by exploiting the Tarnway gateway software made by Quell Systems",
    "gained unauthorised access to systems at Amber Mutual Bank through the Tarnway remote-access appliance of Quell Systems",
    "got into the network of Amber Mutual Bank using a flaw in the Tarnway platform sold by Quell Systems",
])
def test_the_hack_behind_charges_takes_the_accused_and_its_victims(tmp_path, how):
    body = ("Oskarra is a small country.\n\nOskarran prosecutors charged Varo Klint and Emsa Dorrel on Monday over an intrusion at a bank.\n\n"
            f"The indictment says the two {how} in 2023.\n")
    (incident,) = events(run(tmp_path, body), "Incident")
    assert set(incident["roles"]["actor"]) == {"varo-klint", "emsa-dorrel"}, incident
    assert "amber-mutual-bank" in incident["roles"]["target"], incident
    assert "tarnway" not in incident["roles"]["target"], incident  # a product by its brand is no victim


def test_the_counted_accused_are_the_hacks_actor(tmp_path):
    body = ("Oskarra is a small country.\n\nOskarran prosecutors charged four Vellish nationals over the hack of Amber Mutual Bank.\n\n"
            "The four, including Varo Klint and Emsa Dorrel, broke into the systems of Amber Mutual Bank through Quell Systems software.\n\n"
            "They gained access to Kestrel Savings Bank as well.\n")
    records = run(tmp_path, body)
    (charges,) = events(records, "Indictment")
    assert set(charges["roles"]["target"]) == {"varo-klint", "emsa-dorrel"}, charges
    (incident,) = events(records, "Incident")
    assert incident["roles"]["actor"] == ["four-vellish-nationals"], incident


@pytest.mark.parametrize("body, person, body_id", [
    ("The Ministry of Thrift said on Monday it would act. Thrift Minister Ada Quell said the rules were clear.\n",
     "ada-quell", "ministry-of-thrift"),
    ("The Office of the Crown Prosecutor opened the case in May.\n\nIt was a long inquiry.\n\nIt took months.\n\n"
     "Chief Prosecutor Ada Quell said the evidence was strong.\n", "ada-quell", "office-of-the-crown-prosecutor"),
    ("HIGH COURT OF TESSARY\n\nThe claim was dismissed.\n\nCosts follow.\n\nNo appeal lies.\n\nBefore: The Honourable Mrs Justice Ada Quell\n",
     "ada-quell", "high-court-of-tessary"),
    ("The Bureau of Fair Trade fined Corvel Software. Under-Secretary for Fair Trade Ada Quell said the fine was deserved.\n",
     "ada-quell", "bureau-of-fair-trade"),
])
def test_a_title_names_its_body(tmp_path, body, person, body_id):
    assert (person, body_id) in relations(run(tmp_path, body), "worksFor")


@pytest.mark.parametrize("body, person", [
    ("The Council for Harbour Security, chaired by Prime Minister Ada Quell, met on Monday.\n", "ada-quell"),
    ("The Trade Review Board, which is chaired by Economy Minister Ada Quell, has 90 days to decide.\n", "ada-quell"),
])
def test_a_title_naming_a_body_the_story_lacks_gives_no_employer(tmp_path, body, person):
    assert not {r for r in relations(run(tmp_path, body), "worksFor") if r[0] == person}


@pytest.mark.parametrize("body, person, body_id", [
    ("The Tessary Ministry of Trade rejected the claim. Ministry spokesman Ivo Brant said the rules were fair.\n",
     "ivo-brant", "tessary-ministry-of-trade"),
    ("Corvel Software denied wrongdoing. \"We complied with every rule,\" spokeswoman Ada Quell said.\n",
     "ada-quell", "corvel-software"),
])
def test_a_spokesperson_speaks_for_the_body_just_named(tmp_path, body, person, body_id):
    assert (person, body_id) in relations(run(tmp_path, body), "worksFor")


@pytest.mark.parametrize("sentence", [
    "Mr Varo Klint and Ms Emsa Dorrel were charged on Monday by prosecutors in Oskarra.",
    "Dr Varo Klint said the company would appeal.",
])
def test_honorifics_are_no_job_titles(tmp_path, sentence):
    titles = {obj for _s, obj in relations(run(tmp_path, sentence + "\n"), "jobTitle")}
    assert not titles & {"Mr", "Ms", "Dr"}, titles


@pytest.mark.parametrize("sentence", [
    "The Bureau of Export Security said it had added Halden Microsystems, Brask Photonics and the Northern Institute of Wires to the list.",
    "The Bureau of Export Security has put Halden Microsystems, Brask Photonics and the Northern Institute of Wires on its \"unreliable entity list\".",
    "On Tuesday the Bureau of Export Security added Halden Microsystems, Brask Photonics and the Northern Institute of Wires to its entity list.",
])
def test_every_name_put_on_a_list_is_listed(tmp_path, sentence):
    body = f"Ostravia put chipmakers on its Entity List last year.\n\n{sentence}\n"
    records = run(tmp_path, body)
    targets = {t for kind in ("EntityListing", "Restriction") for e in events(records, kind) for t in e["roles"].get("target", [])}
    assert {"halden-microsystems", "brask-photonics", "northern-institute-of-wires"} <= targets, records


@pytest.mark.parametrize("sentence", [
    "The Tariff Office said Caverly Data Systems and Varrow Photonics would be barred from importing goods into Ostravia.",
    "The Tariff Office said Caverly Data Systems, Varrow Photonics and Brask Photonics are banned from public tenders.",
])
def test_names_listed_before_a_passive_restriction_are_its_targets(tmp_path, sentence):
    records = run(tmp_path, sentence + "\n")
    found = [e for kind in ("Ban", "ProcurementExclusion", "Restriction") for e in events(records, kind)]
    assert found, records
    assert {"caverly-data-systems", "varrow-photonics"} <= set(found[0]["roles"]["target"]), found
    assert found[0]["roles"]["actor"] == ["tariff-office"], found


def test_a_bare_list_restricts_nothing(tmp_path):
    body = "The Bureau of Export Security published a list of approved suppliers, among them Halden Microsystems.\n"
    assert not [e for kind in ("EntityListing", "Restriction", "Ban") for e in events(run(tmp_path, body), kind)]


@pytest.mark.parametrize("sentence", [
    "The Treasury Office froze any Oskarran assets of Sablewick Information Co. on Monday.",
    "The Treasury Office has frozen the funds of Sablewick Information Co. and barred residents from dealing with it.",
    "On Monday the Treasury Office froze the bank accounts of Sablewick Information Co.",
])
def test_an_asset_freeze_is_a_restriction_on_the_owner(tmp_path, sentence):
    records = run(tmp_path, "Oskarra is a small country.\n\n" + sentence + "\n")
    assert not events(records, "Suspension"), records
    targets = {t for kind in ("Restriction", "Ban") for e in events(records, kind) for t in e["roles"].get("target", [])}
    assert "sablewick-information-co" in targets or "sablewick-information" in targets, records
