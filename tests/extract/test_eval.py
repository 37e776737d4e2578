"""Scores on the gold annotations meet the targets of issue 4, and `kg eval` prints them."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.cli.extract import load_catalog
from kg.extract.evaluate import evaluate, load_gold, overall, score_relations

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "gold"


@pytest.mark.parametrize("facts", [ROOT / "facts", None], ids=["curated-catalog", "empty-catalog"])
def test_targets_on_gold(facts):
    results = evaluate(GOLD, load_catalog(facts) if facts else [], ROOT / "seeds")
    assert len(results) >= 4
    entities, relations, _pairs = overall(results)
    assert entities.f1 >= 0.9, entities
    assert relations.f1 >= 0.7, relations


def test_gold_files_name_existing_documents_and_fictional_ones_count():
    files = sorted(GOLD.glob("*.gold.yaml"))
    fictional = [f for f in files if not load_gold(f)["doc"].startswith("scmp-")]
    assert len(fictional) >= 3
    for f in files:
        gold = load_gold(f)
        assert (f.parent / gold["path"]).exists()
        assert gold["entities"] and gold["relations"]


def test_relation_matching_uses_participants_and_alternatives():
    gold = [{"predicate": "Review", "roles": {"reviewer": ["a|b"], "concernsVendor": ["v"]}}]
    hit = [{"predicate": "Review", "subject": "e1", "roles": {"reviewer": ["b"], "concernsVendor": ["v"]}}]
    miss = [{"predicate": "Review", "subject": "e1", "roles": {"reviewer": ["c"], "concernsVendor": ["w"]}}]
    assert score_relations(hit, gold, {}).tp == 1
    assert score_relations(miss, gold, {}).tp == 0


def test_kg_eval_prints_scores():
    result = CliRunner().invoke(app, ["eval", "--gold", str(GOLD), "--seeds", str(ROOT / "seeds")])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["document", "ent"]
    assert any(line.startswith("scmp-2014-ibm-servers") for line in lines)
    assert lines[-1].startswith("overall")
