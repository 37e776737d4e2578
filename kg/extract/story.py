"""What the rule stages find in one document, handed to the learned stage and then written as records."""

from __future__ import annotations

from dataclasses import dataclass

from kg.extract.dates import DateMention
from kg.extract.entities import DocEntities
from kg.extract.events import Event
from kg.extract.relations import Relation
from kg.extract.sentences import Sentence


@dataclass
class Story:
    """One document as the rules read it: the cleaned text, its sentences, the dates of each sentence and
    the event triggers' matches in each (:func:`kg.extract.events.trigger_hits`), its entities, events and
    relations. ``published`` is the publication day (YYYY-MM-DD), which undated events fall back to."""

    doc_id: str
    published: str
    text: str
    sentences: list[Sentence]
    entities: DocEntities
    dates: list[list[DateMention]]
    hits: list[list[tuple[str, int, int, str]]]
    events: list[Event]
    relations: list[Relation]
