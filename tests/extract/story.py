"""Extraction of one invented story, for the rule tests of this folder."""

from __future__ import annotations

from pathlib import Path

from kg.extract import extract
from kg.extract.cleanup import clean
from kg.extract.entities import Entity, find_entities
from kg.extract.linking import Catalog
from kg.extract.sentences import analyse
from kg.inputs.documents import load_document


def run(tmp_path: Path, body: str) -> list[dict]:
    """The proposals for ``body``, an article published 2024-05-14 by an invented paper."""
    path = tmp_path / "story.txt"
    path.write_text("---\nid: story\ntitle: t\npublisher: Nowhere Ledger\npublished: 2024-05-14\nlanguage: en\n---\n" + body,
                    encoding="utf-8")
    return extract([load_document(path, str(path))], [])


def entities(records: list[dict]) -> dict[str, str]:
    """Entity name → type."""
    return {r["name"]: r["type"] for r in records if r["kind"] == "entity"}


def events(records: list[dict], predicate: str) -> list[dict]:
    """The proposed events of one class."""
    return [r for r in records if r["kind"] == "relation" and r["predicate"] == predicate]


def relations(records: list[dict], predicate: str) -> set[tuple[str, str]]:
    """The proposed plain relations of one predicate, as (subject, object) pairs."""
    return {(r["subject"], r["object"]) for r in records if r["kind"] == "relation" and r["predicate"] == predicate}


def entity_stage(body: str) -> dict[str, Entity]:
    """Name → entity of every entity the entity stage finds in ``body`` alone (no catalog; groups and
    untyped names included)."""
    text = clean(body)
    tokens, sentences = analyse(text)
    return {e.name: e for e in find_entities(text, tokens, sentences, Catalog([])).entities.values()}


def entity_types(body: str) -> dict[str, str]:
    """Name → type of every entity :func:`entity_stage` finds."""
    return {name: e.type for name, e in entity_stage(body).items()}
