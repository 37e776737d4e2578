"""The learned stage of extraction (kg.extract.participants) and its training (kg.extract.learn).

Behaviour is checked with small hand-written models over invented stories, so each test says
exactly which pairs the model is sure of; the shipped model is checked to be the one the
development corpus trains."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.extract.learn import examples, fit, same_model, train
from kg.extract.participants import MODEL, Model, attach, candidates
from kg.extract.pipeline import read_story, records_of
from kg.inputs.documents import load_document

ROOT = Path(__file__).resolve().parents[2]
ROLES = {"Penalty Regulator": "actor", "Penalty Vendor": "target", "Penalty Bank": "target", "Penalty Person": "target",
         "Fine Regulator": "actor", "Fine Vendor": "target", "Fine Bank": "target",
         "Accusation Regulator": "actor", "Accusation Vendor": "target", "Restriction Regulator": "actor",
         "Restriction Vendor": "target", "Restriction Bank": "target"}
SURE = {"Penalty": 20.0, "Accusation": 20.0, "Restriction": 20.0, "ExportControl": 20.0}


def _story(tmp_path: Path, body: str, publisher: str = "Nowhere Ledger", catalog: list | None = None):
    path = tmp_path / "story.txt"
    path.write_text(f"---\nid: story\ntitle: t\npublisher: {publisher}\npublished: 2024-05-14\nlanguage: en\n---\n" + body,
                    encoding="utf-8")
    doc = load_document(path, str(path))
    return doc, read_story(doc, catalog or [])


def _model(weights: dict | None = None, roles: dict | None = None, threshold: float = 0.6) -> Model:
    return Model(dict(SURE if weights is None else weights), threshold, dict(ROLES if roles is None else roles))


def _run(doc, story, model: Model) -> list[dict]:
    attach(story, model)
    return records_of(doc, story)


def _events(records: list[dict], *classes: str) -> list[dict]:
    return [r for r in records if r["kind"] == "relation" and r["predicate"] in classes]


def _ids(story) -> dict[str, str]:
    return {e.name: e.id for e in story.entities.entities.values()}


@pytest.mark.parametrize("body", [
    "The Orrimac Data Office fined Pellvane Systems on Monday over the breach.\n",
    "Pellvane Systems was fined by the Orrimac Data Office over the breach on Monday.\n",
    "A fine for Pellvane Systems: the Orrimac Data Office imposed the penalty over the breach.\n",
])
def test_a_pair_the_rules_missed_becomes_an_event_in_the_roles_gold_gives_its_types(tmp_path, body):
    doc, story = _story(tmp_path, body)
    story.events.clear()  # as if the rules had found nothing
    ids = _ids(story)
    [found] = _events(_run(doc, story, _model()), "Penalty", "Fine")
    assert found["roles"] == {"actor": [ids["Orrimac Data Office"]], "target": [ids["Pellvane Systems"]]}
    assert found["method"] == "learned:pair" and found["object"] == ids["Pellvane Systems"]
    assert found["subject"] == "story-penalty-1"


@pytest.mark.parametrize("body, date", [
    ("The Orrimac Data Office fined Pellvane Systems on Monday over the breach.\n", "2024-05-13"),
    ("The Orrimac Data Office fined Pellvane Systems over the breach.\n", "2024-05"),  # none: the month it was published
])
def test_a_new_event_takes_its_sentences_date(tmp_path, body, date):
    doc, story = _story(tmp_path, body)
    story.events.clear()
    [found] = _events(_run(doc, story, _model()), "Penalty", "Fine")
    assert found["date"] == date


def test_a_missing_participant_joins_the_rules_event_of_its_sentence(tmp_path):
    doc, story = _story(tmp_path, "The Orrimac Data Office fined Pellvane Systems and Quill Harbour Bank on Monday.\n")
    ids = _ids(story)
    [fine] = [e for e in story.events if e.predicate in ("Fine", "Penalty")]
    fine.roles["target"] = [ids["Pellvane Systems"]]  # as if the rules had missed the bank
    [found] = _events(_run(doc, story, _model()), "Fine", "Penalty")
    assert set(found["roles"]["target"]) == {ids["Pellvane Systems"], ids["Quill Harbour Bank"]}
    assert found["method"].endswith("+learned:pair")  # what the rule found, then what the model added


def test_an_actor_role_left_empty_is_no_actor(tmp_path):
    doc, story = _story(tmp_path, "The Orrimac Data Office fined Pellvane Systems on Monday over the breach.\n")
    ids = _ids(story)
    [fine] = [e for e in story.events if e.predicate in ("Fine", "Penalty")]
    fine.roles["actor"] = []  # as the clean-up of a newspaper's own name leaves it
    [found] = _events(_run(doc, story, _model()), "Fine", "Penalty")
    assert found["roles"]["actor"] == [ids["Orrimac Data Office"]]


def test_nothing_is_added_below_the_threshold_or_where_the_rules_found_it(tmp_path):
    body = "The Orrimac Data Office fined Pellvane Systems on Monday over the breach.\n"
    doc, story = _story(tmp_path, body)
    before = records_of(doc, story)
    doc, story = _story(tmp_path, body)
    assert _run(doc, story, _model()) == before  # the rules' fine already holds the pair
    doc, story = _story(tmp_path, body)
    story.events.clear()
    assert not _events(_run(doc, story, _model(threshold=1.0)), "Fine", "Penalty")


def test_a_pair_the_rules_tie_under_another_class_of_its_family_is_not_told_again(tmp_path):
    doc, story = _story(tmp_path, "The Orrimac Data Office indicted Pellvane Systems on Monday and accused it of fraud.\n")
    records = _run(doc, story, _model())
    assert [r["predicate"] for r in _events(records, "Indictment", "Accusation")] == ["Indictment"], records


def test_two_triggers_of_one_family_make_one_new_event(tmp_path):
    body = "The Orrimac Trade Office now requires export licences for Pellvane Systems and has banned Quill Harbour Bank.\n"
    doc, story = _story(tmp_path, body)
    story.events.clear()
    # Sure of the licence's pair by its trigger and of the ban's by its own: two classes, one family.
    model = _model(weights={"ExportControl|into=for": 20.0, "Restriction|into=banned": 20.0})
    found = _events(_run(doc, story, model), "Restriction", "ExportControl", "Ban", "EntityListing", "ProcurementExclusion")
    assert len(found) == 1, found
    assert len(found[0]["roles"]["target"]) == 2


def test_a_second_body_acting_is_not_made_the_target(tmp_path):
    body = "The Orrimac Data Office and the Brannova Markets Authority fined Pellvane Systems on Monday.\n"
    doc, story = _story(tmp_path, body)
    story.events.clear()
    ids = _ids(story)
    [found] = _events(_run(doc, story, _model()), "Penalty", "Fine")
    assert found["roles"]["target"] == [ids["Pellvane Systems"]]


def test_a_state_and_its_own_body_are_one_side(tmp_path):
    body = "The Republic of Brannova and the Republic of Vostria are neighbours.\n\nBrannova's Ministry of Trade on Monday accused Pellvane Systems of fraud.\n"
    doc, story = _story(tmp_path, body)
    story.events.clear()
    for r in _events(_run(doc, story, _model()), "Accusation"):
        assert "brannova" not in {v for vs in r["roles"].values() for v in vs}, r


def test_a_role_the_ontology_does_not_allow_is_never_given(tmp_path):
    doc, story = _story(tmp_path, "The Orrimac Data Office fined Pellvane Systems on Monday over the breach.\n")
    story.events.clear()
    # The class's own entry names a role a penalty cannot have: the family's entry is used instead.
    roles = {"Penalty Regulator": "actor", "Penalty Vendor": "reviewer", "Fine Vendor": "reviewer", "Fine Regulator": "actor"}
    model = _model(roles=roles)
    assert model.role("Penalty", "Vendor") is None
    assert _model(roles={**roles, "Penalty Vendor": "target"}).role("Fine", "Vendor") == "target"  # the family's entry
    for r in _run(doc, story, model):
        if r["kind"] == "relation":
            assert "reviewer" not in r["roles"], r


def test_the_stories_own_newspaper_takes_part_in_nothing(tmp_path):
    catalog = [{"id": "merrow-times", "type": "Organization", "name": "Merrow Times"}]
    body = "Pellvane Systems was fined, according to figures compiled by the Merrow Times.\n"
    doc, story = _story(tmp_path, body, publisher="Merrow Times", catalog=catalog)
    story.events.clear()
    for r in _run(doc, story, _model(roles={**ROLES, "Penalty Organization": "actor"})):
        if r["kind"] == "relation":
            assert "merrow-times" not in {v for vs in r["roles"].values() for v in vs}, r


def test_a_seat_and_an_employer_are_written_subject_first(tmp_path):
    body = "Ada Brennick, who leads Pellvane Systems, spoke in Harrowgate on Monday.\n"
    doc, story = _story(tmp_path, body)
    story.relations.clear()
    model = _model(weights={"worksFor": 20.0, "headquarters": 20.0})
    plain = {(r["predicate"], r["subject"], r["object"]) for r in _run(doc, story, model) if r["kind"] == "relation" and not r["roles"]}
    ids = _ids(story)
    assert ("worksFor", ids["Ada Brennick"], ids["Pellvane Systems"]) in plain, plain


def test_new_events_are_numbered_after_the_rules(tmp_path):
    body = ("The Orrimac Data Office fined Pellvane Systems on Monday.\n\n"
            "A fine for Quill Harbour Bank: the Brannova Markets Authority imposed the penalty.\n")
    doc, story = _story(tmp_path, body)
    records = _run(doc, story, _model())
    ids = [r["subject"] for r in _events(records, "Fine", "Penalty")]
    assert len(ids) == len(set(ids)) >= 2, ids


def test_a_story_without_names_gives_nothing(tmp_path):
    doc, story = _story(tmp_path, "Nothing much happened today.\n")
    assert _run(doc, story, _model()) == []


def test_fit_learns_which_features_say_yes():
    rows = [(["bias", "by"], 1)] * 20 + [(["bias", "near"], 0)] * 20 + [(["bias", "by", "near"], 1)] * 5
    weights = fit(rows, l2=0.1)
    assert weights["by"] > 1.0 > -1.0 > weights["near"]
    assert fit([]) == {} and fit([(["once"], 1)]) == {}  # nothing seen twice: nothing learned


def test_candidates_pair_the_entities_of_a_sentence_with_a_trigger(tmp_path):
    doc, story = _story(tmp_path, "The Orrimac Data Office fined Pellvane Systems on Monday.\n\nPellvane Systems said nothing.\n")
    found = candidates(story)
    assert {c.kind for c in found if c.sentence == 0} >= {"Penalty"}
    assert all(c.sentence == 0 for c in found if c.kind == "Penalty")


def test_training_labels_pairs_by_the_gold_of_the_development_corpus():
    from kg.cli.extract import load_catalog

    gold = ROOT / "tests" / "gold" / "corpus-dev"
    articles = examples(gold, load_catalog(ROOT / "tests" / "data" / "seed-facts"), keep=lambda d: d == "almerra-2024-acb-cloud-outsourcing-fine")
    assert len(articles) == 1
    labels = {c.label for c in articles[0].candidates}
    assert labels == {0, 1}
    assert articles[0].roles  # the gold participants the rules' entities match, by class, type and role


def test_the_shipped_model_is_the_one_the_development_corpus_trains():
    """A change to the rules or the corpus changes what the stage learns: retrain with
    ``python scripts/train_participants.py`` (weights are compared to their last written decimal)."""
    from kg.cli.extract import load_catalog

    shipped = json.loads((ROOT / "kg" / "extract" / "data" / MODEL).read_text(encoding="utf-8"))
    trained = train(ROOT / "tests" / "gold" / "corpus-dev", load_catalog(ROOT / "tests" / "data" / "seed-facts"))
    assert not same_model(shipped, trained), f"{same_model(shipped, trained)}: run python scripts/train_participants.py"
