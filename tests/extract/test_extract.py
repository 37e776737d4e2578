"""The extraction pipeline end to end: the JSONL contract, the Done-when of issue 4,
the ontology as the source of names, determinism, and the command line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.extract import extract
from kg.inputs.documents import load_document
from kg.model.ontology import load_ontology
from kg.model.values import Date, Slug

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "scmp-2014-ibm-servers.txt"
RAW_SEED = ROOT.parent / "shared" / "seeds" / "000_1d963ae6f8dab52f.txt"
GOLD = ROOT / "tests" / "gold"
ARTICLES = sorted(GOLD.glob("*.txt")) + [SEED]
ENTITY_TYPES = {"Regulator", "Vendor", "Bank", "Country", "Person", "Organization", "Place"}


def _records(path: Path, catalog=None) -> list[dict]:
    return extract([load_document(path)], catalog or [])


def check_contract(record: dict, text: str) -> None:
    """Every field of a record as the contract of issue 4 says."""
    if record["kind"] == "entity":
        assert list(record) == ["kind", "doc", "id", "name", "type", "aliases", "linked", "mentions"]
        assert Slug.valid(record["id"]) and Slug.valid(record["doc"])
        assert record["type"] in ENTITY_TYPES
        assert isinstance(record["linked"], bool) and all(isinstance(a, str) for a in record["aliases"])
        assert record["mentions"] and all(0 <= s < e <= len(text) for s, e in record["mentions"])
        return
    assert list(record) == ["kind", "doc", "predicate", "subject", "object", "roles", "date", "evidence", "confidence", "method"]
    assert record["kind"] == "relation"
    assert Slug.valid(record["subject"])
    assert record["date"] is None or Date.valid(record["date"])
    evidence = record["evidence"]
    assert text[evidence["start"] : evidence["end"]] == evidence["text"] and evidence["text"].strip()
    assert 0 <= record["confidence"] <= 1 and record["method"].startswith("rule:")
    assert all(isinstance(v, str) for values in record["roles"].values() for v in values)


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_every_line_keeps_the_contract(path):
    doc = load_document(path)
    records = extract([doc], [])
    assert records
    for record in records:
        check_contract(record, doc.text)


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_emitted_names_are_in_the_ontology(path):
    onto = load_ontology()
    for record in _records(path):
        if record["kind"] == "entity":
            assert record["type"] in onto.classes, record["type"]
            continue
        predicate = record["predicate"]
        if predicate[:1].isupper():
            assert onto.is_a(predicate, "Event"), predicate
            fields = onto.fields_of(predicate)
            for role in record["roles"]:
                assert role in fields, f"{role} is no property of {predicate}"
        else:
            assert predicate in onto.properties, predicate


def test_done_when_of_issue_4():
    """`kg extract <raw seed> --published 2014-05-28 --format jsonl` gives the review event."""
    path = RAW_SEED if RAW_SEED.exists() else SEED
    result = CliRunner().invoke(app, ["extract", str(path), "--published", "2014-05-28", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    doc = load_document(path, published="2014-05-28")
    for line in lines:
        check_contract(line, doc.text)
    names = {r["id"]: {r["name"], *r["aliases"]} for r in lines if r["kind"] == "entity"}
    reviews = [r for r in lines if r["kind"] == "relation" and r["predicate"] == "Review"]
    assert reviews
    review = reviews[0]
    participants = {v for values in review["roles"].values() for v in values}
    named = set().union(*(names.get(p, {p}) for p in participants))
    assert {"People's Bank of China", "Ministry of Finance"} <= named
    assert "IBM" in named or "International Business Machines" in named
    assert review["date"].startswith("2014-05")


def test_output_is_deterministic():
    runner = CliRunner()
    first = runner.invoke(app, ["extract", str(SEED), *map(str, sorted(GOLD.glob("*.txt")))])
    second = runner.invoke(app, ["extract", *map(str, reversed(sorted(GOLD.glob("*.txt")))), str(SEED)])
    assert first.exit_code == 0 and first.stdout == second.stdout


def test_yaml_format_holds_the_same_records():
    import yaml

    result = CliRunner().invoke(app, ["extract", str(SEED), "--format", "yaml"])
    assert result.exit_code == 0
    assert yaml.safe_load(result.stdout) == _records(SEED, _catalog())


def _catalog():
    from kg.cli.extract import load_catalog

    return load_catalog(Path("facts"))


def test_plain_text_needs_published(tmp_path):
    plain = tmp_path / "note.txt"
    plain.write_text("Zentra Semiconductor said on Monday it was under review by the Ministry of Industry.\n")
    runner = CliRunner()
    refused = runner.invoke(app, ["extract", str(plain)])
    assert refused.exit_code == 1 and "--published" in refused.stderr
    bad = runner.invoke(app, ["extract", str(plain), "--published", "2014-13-01"])
    assert bad.exit_code == 1 and "months run from 01 to 12" in bad.stderr
    ok = runner.invoke(app, ["extract", str(plain), "--published", "2021-04-07"])
    assert ok.exit_code == 0
    assert '"id": "zentra-semiconductor"' in ok.stdout


def test_unknown_format_is_an_error():
    result = CliRunner().invoke(app, ["extract", str(SEED), "--format", "xml"])
    assert result.exit_code == 1 and "jsonl or yaml" in result.stderr


def test_catalog_links_to_curated_ids():
    catalog = [{"id": "zentra", "type": "Vendor", "name": "Zentra Semiconductor", "aliases": ["ZSC"]}]
    doc = load_document(GOLD / "tidewater-2023-kestrel-chip-ban.txt")
    doc = type(doc)(**{**{f: getattr(doc, f) for f in doc.__slots__}, "text": "ZSC said on Monday that regulators had banned Zentra Semiconductor chips.\n"})
    records = extract([doc], catalog)
    linked = [r for r in records if r["kind"] == "entity" and r["id"] == "zentra"]
    assert linked and linked[0]["linked"] is True and len(linked[0]["mentions"]) == 2


def test_rules_name_no_entity_of_the_seed():
    """The code names kinds of words, never the entities of the seed story."""
    source = "\n".join(p.read_text() for p in (ROOT / "kg" / "extract").glob("*.py"))
    for name in ("IBM", "Inspur", "Lenovo", "People's Bank of China", "Xi Jinping", "Schroeter", "Postal Savings", "Snowden"):
        assert not re.search(re.escape(name), source), name
