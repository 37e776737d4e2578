"""The learned participant stage (kg.extract.participants) and its training (kg.extract.learn).

Behaviour is checked with small hand-written models over invented stories, so each test says
exactly which pair the model is sure of; the shipped model is checked to be the one the
development corpus trains."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract.learn import L2, THRESHOLD, examples, fit, train
from kg.extract.participants import attach, candidates, load_model
from kg.extract.pipeline import read_story, records_of
from kg.inputs.documents import load_document

ROOT = Path(__file__).resolve().parents[2]
ROLES = {"Penalty Regulator": "actor", "Penalty Vendor": "target", "Penalty Bank": "target",
         "Fine Regulator": "actor", "Fine Vendor": "target", "Fine Bank": "target", "Review Vendor": "reviewer"}


def _story(tmp_path: Path, body: str):
    path = tmp_path / "story.txt"
    path.write_text("---\nid: story\ntitle: t\npublisher: Nowhere Ledger\npublished: 2024-05-14\nlanguage: en\n---\n" + body,
                    encoding="utf-8")
    doc = load_document(path, str(path))
    return doc, read_story(doc, [])


def _attach(doc, story, model: dict) -> list[dict]:
    attach(doc.id, story.text, story.sentences, story.entities, story.dates, story.hits, story.events, story.relations, model)
    return records_of(doc, story)


def _ids(story) -> dict[str, str]:
    return {e.name: e.id for e in story.entities.entities.values()}


SURE_PENALTY = {"weights": {"Penalty": 20.0}, "threshold": 0.6, "roles": ROLES}


@pytest.mark.parametrize("body", [
    "The Orrimac Data Office fined Pellvane Systems on Monday over the breach.\n",
    "Pellvane Systems was fined by the Orrimac Data Office over the breach on Monday.\n",
    "A fine for Pellvane Systems: the Orrimac Data Office imposed the penalty over the breach.\n",
])
def test_a_pair_the_rules_missed_becomes_an_event_in_the_roles_gold_gives_its_types(tmp_path, body):
    doc, story = _story(tmp_path, body)
    story.events.clear()  # as if the rules had found nothing
    ids = _ids(story)
    records = _attach(doc, story, SURE_PENALTY)
    found = [r for r in records if r["kind"] == "relation" and r["predicate"] in ("Penalty", "Fine")]
    assert len(found) == 1, records
    assert found[0]["roles"]["actor"] == [ids["Orrimac Data Office"]]
    assert found[0]["roles"]["target"] == [ids["Pellvane Systems"]]
    assert found[0]["method"] == "learned:pair"


def test_a_missing_participant_joins_the_rules_event_of_its_sentence(tmp_path):
    doc, story = _story(tmp_path, "The Orrimac Data Office fined Pellvane Systems and Quill Harbour Bank on Monday.\n")
    ids = _ids(story)
    [fine] = [e for e in story.events if e.predicate in ("Fine", "Penalty")]
    fine.roles["target"] = [ids["Pellvane Systems"]]  # as if the rules had missed the bank
    records = _attach(doc, story, SURE_PENALTY)
    found = [r for r in records if r["kind"] == "relation" and r["predicate"] in ("Fine", "Penalty")]
    assert len(found) == 1, found
    assert set(found[0]["roles"]["target"]) == {ids["Pellvane Systems"], ids["Quill Harbour Bank"]}


def test_nothing_is_added_below_the_threshold_or_where_the_rules_found_it(tmp_path):
    body = "The Orrimac Data Office fined Pellvane Systems on Monday over the breach.\n"
    doc, story = _story(tmp_path, body)
    before = records_of(doc, story)
    assert _attach(doc, story, SURE_PENALTY) == before  # the rules' fine already holds the pair
    doc, story = _story(tmp_path, body)
    story.events.clear()
    timid = dict(SURE_PENALTY, threshold=1.0)
    assert not [r for r in _attach(doc, story, timid) if r["kind"] == "relation" and r["roles"]]


def test_a_role_the_ontology_does_not_allow_is_never_given(tmp_path):
    doc, story = _story(tmp_path, "The Orrimac Data Office fined Pellvane Systems on Monday over the breach.\n")
    story.events.clear()
    wrong = dict(SURE_PENALTY, roles={"Penalty Regulator": "actor", "Penalty Vendor": "reviewer", "Fine Vendor": "reviewer"})
    records = _attach(doc, story, wrong)
    for r in records:
        if r["kind"] == "relation":
            assert "reviewer" not in r["roles"], r


def test_fit_learns_which_features_say_yes():
    rows = [(["bias", "by"], 1)] * 20 + [(["bias", "near"], 0)] * 20 + [(["bias", "by", "near"], 1)] * 5
    weights = fit(rows, l2=0.1)
    assert weights["by"] > 1.0 > -1.0 > weights["near"]


def test_training_labels_pairs_by_the_gold_of_the_development_corpus():
    from kg.cli.extract import load_catalog

    gold = ROOT / "tests" / "gold" / "corpus-dev"
    [doc] = examples(gold, load_catalog(ROOT / "tests" / "data" / "seed-facts"), keep=lambda d: d == "almerra-2024-acb-cloud-outsourcing-fine")[:1] or [None]
    assert doc is not None
    labelled = doc[1]
    assert any(c.label for c in labelled) and any(not c.label for c in labelled)


def test_the_shipped_model_is_the_one_the_development_corpus_trains():
    """A change to the rules or the corpus changes what the stage learns: retrain with
    ``python scripts/train_participants.py`` (weights compared to 3 decimals, so a platform's last
    digit of rounding does not matter)."""
    from kg.cli.extract import load_catalog

    shipped = load_model()
    trained = train(ROOT / "tests" / "gold" / "corpus-dev", load_catalog(ROOT / "tests" / "data" / "seed-facts"))
    assert (shipped["threshold"], shipped["l2"], shipped["roles"]) == (THRESHOLD, L2, trained["roles"])
    keys = set(shipped["weights"]) | set(trained["weights"])
    off = {k for k in keys if abs(shipped["weights"].get(k, 0.0) - trained["weights"].get(k, 0.0)) > 1e-3}
    assert not off, f"{len(off)} weights differ, e.g. {sorted(off)[:3]}: run python scripts/train_participants.py"


def test_candidates_pair_the_entities_of_a_sentence_with_a_trigger(tmp_path):
    doc, story = _story(tmp_path, "The Orrimac Data Office fined Pellvane Systems on Monday.\n\nPellvane Systems said nothing.\n")
    found = candidates(story.text, story.sentences, story.entities, story.hits)
    kinds = {(c.kind, c.sentence) for c in found}
    assert ("Penalty", 0) in kinds
    assert all(c.sentence == 0 for c in found if c.kind == "Penalty")
