"""Stages of the extractor on their own: clean-up, dates (data-driven), linking (data-driven),
money, coreference."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kg.extract.cleanup import boilerplate_lines, clean
from kg.extract.dates import resolve_phrase
from kg.extract.events import money
from kg.extract.linking import Catalog, acronym, normalise

DATA = Path(__file__).resolve().parents[1] / "data" / "extract"
DATES = yaml.safe_load((DATA / "dates.yaml").read_text())
LINKING = yaml.safe_load((DATA / "linking.yaml").read_text())


@pytest.mark.parametrize("case", DATES, ids=[c["text"] for c in DATES])
def test_dates_resolve_against_publication(case):
    expected = case["expected"]
    assert resolve_phrase(case["text"], str(case["published"])) == (str(expected) if expected is not None else None)


@pytest.mark.parametrize("case", LINKING["cases"], ids=[f"{c['name']}-{c['type']}" for c in LINKING["cases"]])
def test_linking(case):
    entry, score = Catalog(LINKING["catalog"]).link(case["name"], case["type"])
    assert (entry["id"] if entry else None) == case["expected"]
    if entry:
        assert 0.9 <= score <= 1.0


def test_place_reading_of_a_shared_name():
    entry, _ = Catalog(LINKING["catalog"]).link("Harlow City", place=True)
    assert entry["id"] == "harlow-city"


def test_acronyms_and_normal_forms():
    assert "PBOV" in acronym("People's Bank of Veldoran") and "PBV" in acronym("People's Bank of Veldoran")
    assert normalise("The Zentra Semiconductor Corp.") == "zentra semiconductor"


SCRAPED = """Advertisement
Zentra chips at a fair. Photo: Reuters

Veldoran bans Zentra chips

BLOOM

By Jane Quarrie and Tom Ashby

Veldoran's Ministry of Industry banned Zentra chips on Monday.
Share this article
This article appeared in the Harlow Herald print edition as: Ban
Herald
"""


def test_cleanup_blanks_boilerplate_and_keeps_offsets():
    cleaned = clean(SCRAPED)
    assert len(cleaned) == len(SCRAPED) and cleaned.count("\n") == SCRAPED.count("\n")
    for kept in ("Veldoran bans Zentra chips", "Veldoran's Ministry of Industry banned Zentra chips on Monday."):
        assert cleaned.index(kept) == SCRAPED.index(kept)
    for gone in ("Advertisement", "Photo: Reuters", "BLOOM", "By Jane Quarrie", "Share this", "print edition", "Herald\n"):
        assert gone not in cleaned
    reasons = {reason for _s, _e, reason in boilerplate_lines(SCRAPED)}
    assert {"furniture", "caption", "byline", "trailer"} <= reasons


@pytest.mark.parametrize(("text", "expected"), [
    ("for US$2.3 billion", ("2300000000", "USD")),
    ("for 1.4 billion euros", ("1400000000", "EUR")),
    ("a HK$500m deal", ("500000000", "HKD")),
    ("worth 12.5bn yuan", ("12500000000", "CNY")),
    ("for €750,000", ("750000", "EUR")),
    ("a penalty of ₹5,40,00,000 (Rupees Five Crore Forty Lakh only)", ("54000000", "INR")),
    ("a penalty of Rs 5.4 crore", ("54000000", "INR")),
    ("fined CHF 2.5 million", ("2500000", "CHF")),
    ("a SEK 40m fine", ("40000000", "SEK")),
    ("of AUD 3,750,000", ("3750000", "AUD")),
    ("40 million Swedish kronor", ("40000000", "SEK")),
    ("the others 5 million times", None),  # a currency code inside a word is none
    ("over fraud 5 years ago", None),
    ("no sum here", None),
])
def test_money(text, expected):
    assert money(text) == expected


def test_coreference_of_short_forms_and_capitals():
    from kg.extract import extract
    from kg.inputs.documents import Document

    text = ("Veldoran's Ministry of Industry said on Monday it had banned routers made by Zentra Semiconductor.\n"
            "The ministry said the company had ignored warnings. Zentra denied it.\n"
            "Tokyo protested against the ban.\n")
    doc = Document("t", "t", "p", "2021-04-07", "en", None, text, "t.txt")
    records = extract([doc], [])
    entities = {r["id"]: r for r in records if r["kind"] == "entity"}
    ministry = entities["ministry-of-industry"]
    assert [text.index("The ministry"), text.index("The ministry") + len("The ministry")] in ministry["mentions"]
    zentra = entities["zentra-semiconductor"]
    assert zentra["type"] == "Vendor" and "Zentra" in zentra["aliases"]
    assert any(text[s:e] == "the company" for s, e in zentra["mentions"])
    assert any(text[s:e] == "Tokyo" for s, e in entities["japan"]["mentions"])


@pytest.mark.parametrize("line", ["Menu  Search  Subscribe  Sign in", "Home | Sections | Log in", "Search · Newsletters · My account"])
def test_a_sites_navigation_bar_is_page_furniture(line):
    text = f"{line}\nThe regulator fined Harl Bank on Monday.\n"
    cleaned = clean(text)
    assert line.split()[0] not in cleaned.split("\n")[0], cleaned
    assert "The regulator fined Harl Bank on Monday." in cleaned


@pytest.mark.parametrize("line", ["The regulator will search the premises of Harl Bank.", "Search results for Harl Bank were removed."])
def test_a_sentence_with_a_navigation_word_is_kept(line):
    assert line in clean(line + "\n")


@pytest.mark.parametrize("ad", ["Open a Zero-Balance Account in 5 Minutes! T&C apply. CLICK HERE", "Home Loans from 8.4%* | Check eligibility",
                                "Switch and save: home loans from 3.9% p.a. Conditions apply."])
def test_an_advertisements_words_after_its_marker_are_page_furniture(ad):
    text = f"The regulator fined Harl Bank on Monday over a failed migration.\n\n[Advertisement]\n{ad}\n\nThe bank said it would comply.\n"
    cleaned = clean(text)
    assert ad.split()[0] not in cleaned and "Advertisement" not in cleaned, cleaned
    assert "The bank said it would comply." in cleaned


def test_a_story_line_after_an_advertisement_marker_is_kept():
    line = "The bank said it would comply with the order by March."
    assert line in clean(f"The regulator fined Harl Bank on Monday.\n\nAdvertisement\n{line}\n")
