"""Merging extracted proposals with curated facts: corroboration, conflicts, new facts."""

from __future__ import annotations

import json

import pyoxigraph as ox

from kg.build.claims import Terms, assemble, curated_claims
from kg.build.proposals import merge, proposals_to_claims
from kg.inputs import load_inputs
from tests.conftest import DATA

ID = "https://example.org/kg/id/"
KG = "https://example.org/kg/ns#"


def merged(fictional_tree):
    facts, docs = load_inputs(fictional_tree / "facts", fictional_tree / "seeds")
    terms = Terms("https://example.org/kg/")
    proposals = [json.loads(line) for line in (DATA / "merge" / "proposals.jsonl").read_text().splitlines()]
    texts = {d.id: d.text for d in docs.values()}
    extracted, warnings = proposals_to_claims(proposals, facts, terms, texts)
    claims, conflicts, corroborated = merge(curated_claims(facts, terms), extracted)
    return facts, docs, terms, claims, conflicts, corroborated, warnings


def test_equal_type_corroborates_and_broader_type_is_quiet(fictional_tree):
    _, _, _, claims, conflicts, corroborated, _ = merged(fictional_tree)
    halvard = [c for c in claims if c.subject.value == ID + "halvard-systems" and c.predicate.value.endswith("#type")]
    assert sorted(c.origin for c in halvard) == ["curated", "extracted"]
    # Organization is broader than the curated Regulator: neither kept nor a conflict.
    nfsa = [c for c in claims if c.subject.value == ID + "norland-financial-supervisory-authority" and c.predicate.value.endswith("#type")]
    assert [c.origin for c in nfsa] == ["curated"]
    assert corroborated >= 1


def test_conflicting_type_is_reported_and_curated_wins(fictional_tree):
    _, _, _, claims, conflicts, _, _ = merged(fictional_tree)
    assert [(c["subject"], c["extracted"]) for c in conflicts if c["subject"].endswith("quillfeather-bank")] == [
        (ID + "quillfeather-bank", KG + "Vendor")]
    types = {c.object.value for c in claims if c.subject.value == ID + "quillfeather-bank" and c.predicate.value.endswith("#type")}
    assert types == {KG + "Bank"}


def test_event_matching_a_curated_review_adds_to_it(fictional_tree):
    facts, docs, terms, claims, _, _, _ = merged(fictional_tree)
    review = ID + "nfsa-review-of-halvard-routers"
    extracted = {(c.predicate.value[len(KG):], c.object.value[len(ID):]) for c in claims
                 if c.subject.value == review and c.origin == "extracted"}
    assert ("reviewer", "norland-financial-supervisory-authority") in extracted  # corroboration
    assert ("reviewer", "norland-payment-council") in extracted  # new, extracted only
    assert not any(c.subject.value.endswith("review-1") for c in claims)
    quads, union = assemble(claims, facts, docs, terms)
    store = ox.Store()
    store.extend(quads)
    rows = list(store.query(f"""PREFIX kg: <{KG}> PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?origin WHERE {{ GRAPH ?g {{ <{review}> kg:reviewer <{ID}norland-financial-supervisory-authority> }}
                               GRAPH ?p {{ ?g kg:origin ?origin }} }} ORDER BY ?origin"""))
    assert [r["origin"].value[len(KG):] for r in rows] == ["curated", "extracted"]


def test_other_value_of_one_value_property_is_a_conflict(fictional_tree):
    _, _, _, claims, conflicts, _, _ = merged(fictional_tree)
    assert {"subject": ID + "halvard-systems", "predicate": KG + "headquarters", "curated": [ID + "port-esker"],
            "extracted": ID + "norland"}.items() <= next(c for c in conflicts if c["predicate"].endswith("headquarters")).items()
    assert not any(c.origin == "extracted" and c.predicate.value == KG + "headquarters" for c in claims)


def test_misfits_are_dropped_with_warnings(fictional_tree):
    _, _, _, claims, _, _, warnings = merged(fictional_tree)
    assert any("'reviewer' needs a Regulator, but 'quillfeather-bank' is a Bank" in w for w in warnings)
    assert not any(c.subject.value.endswith("review-2") and c.predicate.value.endswith("reviewer") for c in claims)


def test_new_entity_is_extracted_with_mention_quote(fictional_tree):
    _, _, _, claims, _, _, _ = merged(fictional_tree)
    npc = [c for c in claims if c.subject.value == ID + "norland-payment-council"]
    assert {c.origin for c in npc} == {"extracted"}
    assert {c.predicate.value[len(KG):] for c in npc if c.predicate.value.startswith(KG)} == {"name", "alias"}
    assert all(c.quote == "Advertisem" for c in npc)


def _seed_proposals():
    from kg.extract import extract
    from kg.inputs.facts import catalog_of
    from tests.conftest import ROOT, SEED_FACTS

    facts, docs = load_inputs(SEED_FACTS, ROOT / "seeds")
    return facts, docs, extract(list(docs.values()), catalog_of(facts))


def test_seed_extraction_corroborates_curated_events_instead_of_duplicating():
    from kg.build.proposals import _curated_events

    facts, docs, proposals = _seed_proposals()
    terms = Terms("https://example.org/kg/")
    extracted, _warnings = proposals_to_claims(proposals, facts, terms, {d.id: d.text for d in docs.values()})
    claims, conflicts, corroborated = merge(curated_claims(facts, terms), extracted)
    curated_events = set(_curated_events(facts))
    onto_events = ("Retaliation", "Suspension", "Review", "Directive", "Restriction", "Indictment", "Acquisition", "Trial", "Protest", "Dispute")
    new_events = {c.subject.value for c in claims if c.origin == "extracted" and c.predicate.value.endswith("#type")
                  and c.object.value.rsplit("#", 1)[-1] in onto_events and c.subject.value[len(ID):] not in curated_events}
    assert new_events == set()
    # The working group is the curated one, not a second entity.
    assert not any(c.subject.value == ID + "cyber-security-working-group" for c in claims)
    # A role filler that contradicts curation is a listed conflict, not a second value.
    assert any(c["subject"] == ID + "us-indicts-five-chinese-officers" and c["predicate"] == KG + "actor" for c in conflicts)
    assert not any(c.subject.value == ID + "us-indicts-five-chinese-officers" and c.predicate.value == KG + "actor"
                   and c.object.value == ID + "united-states" for c in claims)
    assert corroborated >= 10


def test_uncurated_keeps_nothing_the_seed_facts_say():
    from kg.build.proposals import uncurated

    facts, _docs, proposals = _seed_proposals()
    assert uncurated(proposals, facts) == []


def test_event_names_are_cut_at_a_word():
    from kg.build.proposals import event_name

    text = "The central government is pushing domestic banks to remove high-end servers made by International Business Machines"
    name = event_name({"predicate": "Directive", "evidence": {"text": text}})
    assert name.endswith(" …") and "made by" in name or name.endswith("servers …")
    assert not name.rstrip(" …").endswith("Intern")
