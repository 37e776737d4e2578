"""Rules found by the held-out gold articles: wire datelines, related links, titles, name shapes."""

from __future__ import annotations

from pathlib import Path

from kg.extract import extract
from kg.extract.cleanup import boilerplate_lines, clean
from kg.inputs.documents import load_document

CATALOG = [{"id": "brenmark", "type": "Country", "name": "Brenmark", "aliases": []},
           {"id": "ostvia", "type": "Country", "name": "Ostvia", "aliases": []}]

ARTICLE = """---
id: zephyr-test
title: Brenmark blocks deal
publisher: Zephyr Ledger (fictional)
published: 2023-10-18
language: en
---
Zephyr Ledger | Deals
Most Read
October 18, 2023 at 9:15 AM GMT+2

POLDAR, Oct 18 (Zephyr Ledger) - Minister of Industry Anwen Thorsby said on Tuesday that the Public Prosecutor's Office had charged two engineers, according to a memo seen by the Zephyr Ledger.

The Bank of Brenmark (BoB) began a review of how heavily Corlin Bank relies on Nimbus Cloud Services, the central bank said. BoB Governor Helena Dravik chairs the Stability Board.

Ostvia's Ministry of Trade accused Brenmark of protectionism and said it had suspended a cooperation agreement.

Related Articles
Brenmark tightens investment rules
Ostvia chip exports fall

Kasia Wend is the Zephyr Ledger's trade correspondent.
"""


def _records(tmp_path: Path) -> list[dict]:
    path = tmp_path / "zephyr-test.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return extract([load_document(path, str(path))], CATALOG)


def test_cleanup_blanks_dateline_related_links_dates_and_breadcrumbs():
    cleaned = clean(ARTICLE)
    assert len(cleaned) == len(ARTICLE)
    for gone in ("Zephyr Ledger | Deals", "Most Read", "October 18, 2023", "POLDAR, Oct 18 (Zephyr Ledger) -",
                 "tightens investment rules", "chip exports fall", "trade correspondent"):
        assert gone not in cleaned, gone
    assert cleaned.index("Minister of Industry Anwen Thorsby") == ARTICLE.index("Minister of Industry Anwen Thorsby")
    reasons = {r for _s, _e, r in boilerplate_lines(ARTICLE)}
    assert {"dateline", "related", "label", "furniture"} <= reasons


def test_names_typed_by_their_words_and_titles(tmp_path):
    entities = {r["name"]: r["type"] for r in _records(tmp_path) if r["kind"] == "entity"}
    assert entities["Anwen Thorsby"] == "Person"
    assert entities["Ministry of Industry"] == "Regulator"  # named by the minister's title
    assert entities["Public Prosecutor's Office"] == "Regulator"
    assert entities["Bank of Brenmark"] == "Regulator"  # a central bank in a story about one
    assert entities["Corlin Bank"] == "Bank"
    assert entities["Nimbus Cloud Services"] == "Vendor"
    assert entities["Helena Dravik"] == "Person"
    assert entities["Stability Board"] == "Regulator"
    assert "BoB" not in entities  # merged into the bank it abbreviates
    assert not any("Zephyr" in name for name in entities)  # the story's own newspaper


def test_accusation_of_a_country_and_suspension_aimed_at_it(tmp_path):
    events = [r for r in _records(tmp_path) if r["kind"] == "relation" and r["predicate"][:1].isupper()]
    accusation = next(e for e in events if e["predicate"] == "Accusation")
    assert accusation["roles"]["target"] == ["brenmark"]
    suspension = next(e for e in events if e["predicate"] == "Suspension")
    assert suspension["roles"]["target"] == ["brenmark"]
