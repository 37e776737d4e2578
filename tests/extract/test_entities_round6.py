"""Entity rules found by the sixth round, for participants on unseen text: a back-reference by a
body's head word ("the committee") finds the body with that word however far back and nothing
else; an apposition ("the security company Vexmoor") is no back-reference; "the regulator" is not a
court; a description of a body ("Orvanth's cyber agency", "the country's financial regulator")
stands for the body named with that word before or after; the story's home is the state whose
own bodies act in it or that its headline names. Every name is invented."""

from __future__ import annotations

import pytest

from kg.extract.cleanup import clean
from kg.extract.entities import DocEntities, find_entities
from kg.extract.linking import Catalog
from kg.extract.sentences import analyse


def doc_of(body: str) -> tuple[str, DocEntities]:
    text = clean(body)
    tokens, sentences = analyse(text)
    return text, find_entities(text, tokens, sentences, Catalog([]))


def resolved(body: str, phrase: str) -> str | None:
    """The entity the (last) back-reference or description ``phrase`` stands for, if any."""
    text, doc = doc_of(body)
    at = text.rfind(phrase)
    for entity in doc.entities.values():
        for m in entity.mentions:
            if m.source == "coref" and m.start <= at + len(phrase) and at < m.end:
                return entity.name
    return None


FILLER = "Analysts said the move was expected. Shares fell. Trading was thin. Few comments followed. "


# --- Back-references by a body's head word ----------------------------------------------------

@pytest.mark.parametrize("body, phrase", [
    ("The Standing Committee on Grid Security of the Velmar Assembly heard Korvane Networks in May. " + FILLER * 3
     + "The Ministry of Transport of Velmar issued a notice. Later the committee published its report.\n", "the committee"),
    ("Brennic Telecom was questioned by the Select Committee on Cyber Resilience. " + FILLER * 3
     + "The Dalsk Cyber Agency said it would help. The committee said it wanted more answers.\n", "The committee"),
    ("The Joint Committee on Payments met on Monday. The Orvel Ministry of Finance and the Orvel Data Agency "
     "attended. Members of the committee asked about Trelby Cloud.\n", "the committee"),
])
def test_the_committee_is_the_committee_named_before(body, phrase):
    assert "Committee" in (resolved(body, phrase) or "")


@pytest.mark.parametrize("body", [
    "The Dalsk Cyber Assurance Centre reviewed Trelby Cloud. It reported its findings to the Ministry.\n",
    "The Orvel Data Agency audited Brennic Telecom. The agency then wrote to the ministry about its findings.\n",
    "The Corvath Banking Authority fined Lunmere Bank. The bank told the committee it would appeal.\n",
])
def test_a_body_head_with_no_body_of_that_name_stays_unresolved(body):
    text, doc = doc_of(body)
    coref = [m.text.lower() for e in doc.entities.values() for m in e.mentions if m.source == "coref"]
    assert not any(word in c for c in coref for word in ("ministry", "committee"))


@pytest.mark.parametrize("body, phrase", [
    ("Flights were delayed at Trelby Air. Early reports pointed to an update from the security company Vexmoor Labs.\n",
     "the security company"),
    ("The ban hit Orvel Mobile. It also named several firms, including the chipmaker Tarnwick Devices.\n",
     "the chipmaker"),
    ("Lunmere Bank said on Monday it would cooperate with the vendor Daskel Systems.\n", "the vendor"),
])
def test_an_apposition_is_no_back_reference(body, phrase):
    assert resolved(body, phrase) is None


@pytest.mark.parametrize("body", [
    "Brennic Telecom sued the Orvel Communications Office in the Orvel High Court, arguing that the regulator erred.\n",
    "Lunmere Bank appealed to the Supreme Court of Dalsk against the Dalsk Banking Authority. It said the regulator had "
    "misread the rules.\n",
])
def test_the_regulator_is_not_a_court(body):
    assert "Court" not in (resolved(body, "the regulator") or "")


# --- Descriptions of a body -------------------------------------------------------------------

@pytest.mark.parametrize("body, phrase, body_name", [
    ("Servers made by Tarnwick Devices failed an evaluation by Orvanth's cyber agency. The Orvanth National Cyber Security "
     "Bureau said the firmware was unsafe.\n", "cyber agency", "Cyber Security Bureau"),
    ("Lunmere Bank was fined by the country's financial regulator. The Dalsk Financial Supervisory Authority said the bank "
     "had broken the rules.\n", "financial regulator", "Financial Supervisory Authority"),
    ("The Corvath State Administration for Market Supervision opened a probe into Vexmoor Labs. A spokesman later said "
     "the market regulator had acted lawfully.\n", "market regulator", "Market Supervision"),
    ("The Velmar Ministry of Digital Affairs published the outcome. Velmar's digital ministry will now advise the banks.\n",
     "digital ministry", "Ministry of Digital Affairs"),
])
def test_a_description_stands_for_the_body_with_its_word(body, phrase, body_name):
    assert body_name in (resolved(body, phrase) or "")


@pytest.mark.parametrize("body, phrase", [
    ("The Dalsk Banking Authority fined Lunmere Bank. Velmar's cyber agency was not involved.\n", "cyber agency"),
    ("The Orvel Data Agency audited Brennic Telecom, the country's national regulator said.\n", "national regulator"),
])
def test_a_description_with_no_body_of_its_word_stays_unresolved(body, phrase):
    assert resolved(body, phrase) is None


# --- The story's home country -----------------------------------------------------------------

@pytest.mark.parametrize("body, home", [
    ("Pellmark orders review of Tarnwick software\n\nPellmark's Ministry of Digital Affairs ordered a review of software "
     "made by Tarnwick Devices, a Vostrandian company. Vostrandia said the move was unfair. Vostrandia would respond. "
     "Vostrandian officials met.\n", "pellmark"),
    ("Orvelia tells carriers to pause new Daskel installations\n\nOrvelia's regulator told carriers to pause Daskel gear. "
     "Galdoria protested. Galdoria said the move was political, and Galdoria's foreign ministry summoned an envoy.\n",
     "orvelia"),
    ("Norvandia fines Lunmere Bank over cloud outage\n\nThe fine was set by Norvandia's government. Tessaria said the "
     "fine was unfair. Tessaria would respond, Tessaria's embassy said.\n", "norvandia"),
])
def test_home_is_the_state_whose_bodies_act_or_the_headline_names(body, home):
    _text, doc = doc_of(body)
    assert doc.home == home
