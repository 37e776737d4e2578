"""`kg new`: templates that validate once their placeholders are replaced."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.contrib.validate import validate_paths
from kg.model.errors import InvalidData

# What a contributor would type over each placeholder (fictional records of the test tree).
FILL = {
    "ENTITY-ID": "ostwick-telecom", "TYPE": "Vendor", "NAME": "Ostwick Telecom", "ALIAS": "Ostwick",
    "COUNTRY-ID": "norland", "DOCUMENT-ID": "borealis-2031-router-review",
    "QUOTE": "Halvard Systems, based in Port Esker", "REVIEW-ID": "second-halvard-review",
    "REGULATOR-ID": "norland-financial-supervisory-authority", "ORGANIZATION-ID": "quillfeather-bank",
    "VENDOR-ID": "halvard-systems", "YYYY-MM-DD": "2031-06-01", "YYYY-MM": "2031-05",
    "DISPUTE-ID": "norland-router-dispute", "OTHER-PARTY-ID": "halvard-systems", "PARTY-ID": "norland",
    "ACTION-ID": "nfsa-orders-router-audit", "ACTOR-ID": "norland-financial-supervisory-authority",
    "TARGET-ID": "quillfeather-bank", "SOURCE-ID": "ledger-halvard-follow-up", "TITLE": "Halvard answers",
    "PUBLISHER": "The Fictional Ledger", "https://URL": "https://ledger.example/2031/06/halvard-answers",
    # kg new action --type Fine: one placeholder per field, named for what it takes
    "AGENT-ID": "norland-financial-supervisory-authority", "THING-ID": "quillfeather-bank",
    "EVENT-ID": "nfsa-review-of-halvard-routers", "AMOUNT": "4500000", "CURRENCY": "EUR",
    "PRODUCT": "core routers",
}
TYPES = {"dispute": "Directive", "action": "Fine"}
OPTIONS = {"action": ["--type", "Fine"]}


def fill(text: str, kind: str) -> str:
    for placeholder, value in sorted(FILL.items(), key=lambda kv: -len(kv[0])):  # longest first: YYYY-MM-DD before YYYY-MM
        text = text.replace(placeholder, TYPES.get(kind, value) if placeholder == "TYPE" else value)
    return text


@pytest.mark.parametrize("kind", ["entity", "review", "dispute", "action", "source"])
def test_template_validates_once_placeholders_are_replaced(kind, fictional_tree, monkeypatch):
    monkeypatch.chdir(fictional_tree)
    result = CliRunner().invoke(app, ["new", kind, *OPTIONS.get(kind, [])])
    assert result.exit_code == 0, result.output
    assert "kg validate" in result.output
    path = fictional_tree / "facts" / f"new-{kind}.yaml"
    path.write_text(result.output)
    with pytest.raises(InvalidData):  # placeholders left in: refused
        validate_paths([path], fictional_tree / "seeds", facts_dir=fictional_tree / "facts", shacl=False, root=fictional_tree)
    path.write_text(fill(result.output, kind))
    summary = validate_paths([path], fictional_tree / "seeds", facts_dir=fictional_tree / "facts", root=fictional_tree)
    assert summary.startswith("ok: 1 fact file")
    assert CliRunner().invoke(app, ["fmt", "--check", str(path)]).exit_code == 0  # templates are already canonical


def test_id_option_and_output_file_never_overwritten(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "facts" / "entities" / "ostwick.yaml"
    result = CliRunner().invoke(app, ["new", "entity", "--id", "ostwick-telecom", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert "  - id: ostwick-telecom " in text
    assert text.startswith("# yaml-language-server: $schema=../../schema/facts.schema.json\n")
    result = CliRunner().invoke(app, ["new", "review", "-o", str(out)])
    assert result.exit_code == 1 and "already exists" in result.output
    assert out.read_text() == text


def test_bad_kind_and_bad_id_are_clear_errors():
    result = CliRunner().invoke(app, ["new", "vendor"])
    assert result.exit_code == 1 and "unknown kind 'vendor' — use one of: entity, review, dispute, action, source" in result.output
    result = CliRunner().invoke(app, ["new", "entity", "--id", "Ostwick Telecom"])
    assert result.exit_code == 1 and "is not an id" in result.output


def test_action_template_lists_the_fields_of_its_class_from_the_ontology():
    fine = CliRunner().invoke(app, ["new", "action", "--type", "Fine"]).output
    assert "    type: Fine " in fine and "    amount: AMOUNT " in fine and "    currency: CURRENCY " in fine
    listing = CliRunner().invoke(app, ["new", "action", "--type", "EntityListing"]).output
    assert "    listName: LISTNAME " in listing  # a Restriction's field, not a Fine's
    assert "listName" not in fine
    wrong = CliRunner().invoke(app, ["new", "action", "--type", "Bank"])
    assert wrong.exit_code == 1 and "--type Bank: not a kind of action" in wrong.output
