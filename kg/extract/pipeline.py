"""Running the stages on one document and writing the records of the JSONL contract."""

from __future__ import annotations

import re

from kg.extract.cleanup import clean
from kg.extract.dates import find_dates
from kg.extract.entities import find_entities
from kg.extract.events import Event, find_events, trigger_hits
from kg.extract.linking import LEADING_THE, Catalog
from kg.extract.participants import Model, attach
from kg.extract.relations import Relation, find_relations, publisher_entity
from kg.extract.sentences import analyse
from kg.extract.story import Story
from kg.inputs.documents import Document
from kg.model.errors import InvalidData, KgError, Problem
from kg.model.values import Date


def run(doc: Document, catalog: Catalog | list[dict], model: Model | None = None) -> list[dict]:
    """Entities, then events and relations, of one document, as contract records (``model``: the learned
    stage's, :mod:`kg.extract.participants`; the shipped one by default)."""
    story = read_story(doc, catalog)
    attach(story, model)
    return records_of(doc, story)


def read_story(doc: Document, catalog: Catalog | list[dict]) -> Story:
    """The rule stages over one document: its entities, events and relations."""
    if not isinstance(catalog, Catalog):
        catalog = Catalog(list(catalog))
    published = doc.published
    if not Date.valid(published):
        raise InvalidData([Problem(doc.path, 0, 0, f"published date {published!r} is not a date — write YYYY-MM-DD")])
    if len(published) < 10:
        published = (published + "-01-01")[:10] if len(published) == 4 else published + "-01"
    try:
        text = clean(doc.text)
        tokens, sentences = analyse(text)
        entities = find_entities(text, tokens, sentences, catalog)
        dates = [find_dates(text[s.start : s.end], published, s.start) for s in sentences]
        hits = trigger_hits(text, sentences)
        events = find_events(doc.id, text, sentences, entities, dates, published, hits)
        relations = find_relations(text, sentences, entities, events, getattr(doc, "publisher", "") or "")
    except RecursionError as exc:  # pragma: no cover - pathological input
        raise KgError(f"{doc.path}: text too deeply nested to extract from") from exc
    _publisher_acts(events, entities, getattr(doc, "publisher", "") or "")
    return Story(doc.id, published, text, sentences, entities, dates, hits, events, relations)


def records_of(doc: Document, story: Story) -> list[dict]:
    """The contract records of a story: its entities that matter, then its sane events and relations."""
    entities = story.entities
    known = set(entities.entities)
    _drop_own_outlet(story.events, entities.entities, getattr(doc, "publisher", "") or "")  # after every stage
    events = [e for e in story.events if _sane(e, known)]
    relations = [r for r in story.relations if r.subject != r.object]
    used = _used_ids(events, relations)
    records: list[dict] = []
    for entity in sorted(entities.entities.values(), key=lambda e: (min((m.start for m in e.mentions), default=0), e.id)):
        # Groups ("domestic banks") only matter as participants; places only as headquarters.
        if (entity.type == "Place" or entity.weak) and entity.id not in used:
            continue
        if not entity.mentions:
            continue
        if entity.id not in used and entity.type != "Country" and _is_publisher(entity.name, getattr(doc, "publisher", "") or ""):
            continue  # the story's own newspaper ("told Ledgerline") is its source, not a participant;
            # a state that begins the publisher's name ("Quessaly Press Agency") is still the state
        records.append(entity.record(doc.id))
    rows = [_event_record(doc, e) for e in events] + [_relation_record(doc, r) for r in relations]
    rows.sort(key=lambda r: (r["evidence"]["start"], r["predicate"] != r["predicate"].capitalize(), r["predicate"], r["subject"]))
    records.extend(rows)
    return records


# Roles that cannot name one entity twice: no one buys from itself, accuses, fines or bans itself.
DISTINCT_ROLES = {"Acquisition": ("buyer", "seller"), "Accusation": ("actor", "target"), "Indictment": ("actor", "target"),
                  "Protest": ("actor", "target"), "Retaliation": ("actor", "target"), "Directive": ("actor", "replacedVendor")}
EXCLUSIVE_ROLES = ("actor", "target")


def _sane(event: Event, known: set[str]) -> bool:
    """Sanity checks on an event's roles: at least one participant is an entity of the
    document, and roles that must name different entities do (buyer ≠ seller, a
    restriction's, penalty's or accusation's actor ≠ its target)."""
    from kg.extract.events import LITERAL_ROLES

    named = {v for role, values in event.roles.items() if role not in LITERAL_ROLES for v in values}
    if not named & known:
        return False
    first, second = DISTINCT_ROLES.get(event.predicate, EXCLUSIVE_ROLES)
    return not set(event.roles.get(first, [])) & set(event.roles.get(second, []))


TRAILING_BRACKETS = re.compile(r"\s*\([^)]*\)\s*$")


def _is_publisher(name: str, publisher: str) -> bool:
    """Whether ``name`` is the publication itself, by its full or shortened name."""
    publisher = TRAILING_BRACKETS.sub("", publisher).strip().lower()
    name = LEADING_THE.sub("", name.strip().lower())
    # "Amberlo Courier" is also "the Courier": the title's last word, as papers call themselves.
    return bool(publisher and name) and (name == publisher or publisher.startswith(name + " ")
                                         or (" " not in name and publisher.endswith(" " + name)))


# A newspaper, agency or wire by its name ("Glassford Daily Courier", "Idris Wire"); not a company's newsroom.
NEWS_OUTLET = re.compile(r"\b(?:Post|Courier|Times|Wire|Ledger|Herald|Review|Daily|Digest|Magazine|Markets|Quarterly|News|Gazette|Journal|"
                         r"Tribune|Chronicle|Telegraph|Observer|Broadcasting|Press)\b(?!\s+Office)")


AFTER_COMMA = re.compile(r",.*$")


def _drop_own_outlet(events: list[Event], entities: dict, publisher: str) -> None:
    """The story's own newspaper ("according to figures compiled by the Courier"), or a town that begins its
    name ("Merrowby" of the Merrowby Evening Post), is no participant of the events it reports; a state that
    begins it ("Quessaly Press Agency") still is, and so is a company whose own newsroom publishes."""
    outlet = AFTER_COMMA.sub("", publisher)
    if not NEWS_OUTLET.search(outlet):
        return
    own = {ident for ident, entity in entities.items() if entity.type != "Country" and _is_publisher(entity.name, outlet)}
    if not own:
        return
    for event in events:
        for values in event.roles.values():
            values[:] = [v for v in values if v not in own]


# Events whose actor a body's own notice or release leaves unsaid ("… has today been fined", "the review will …").
ACTED = {"Fine": "actor", "Penalty": "actor", "Settlement": "actor", "Directive": "actor", "Restriction": "actor", "Ban": "actor",
         "ExportControl": "actor", "EntityListing": "actor", "ThreatDesignation": "actor", "ProcurementExclusion": "actor",
         "DivestitureOrder": "actor", "Review": "reviewer"}


def _publisher_acts(events: list[Event], entities, publisher: str) -> None:
    """In a public body's own notice ("Competition Authority of X", "Ministry of Y"), a measure, fine or review
    whose sentence names no one who took it is the publisher's."""
    ident = publisher_entity(entities, publisher)
    if ident is None or entities.entities[ident].type != "Regulator":
        return
    for event in events:
        role = ACTED.get(event.predicate)
        if role and not event.roles.get(role) and ident not in event.participants():
            event.add(role, ident)


def _used_ids(events: list[Event], relations: list[Relation]) -> set[str]:
    used = {v for e in events for vs in e.roles.values() for v in vs}
    used |= {r.subject for r in relations} | {r.object for r in relations}
    return used


def _evidence(doc: Document, start: int, end: int) -> dict:
    # Trim white space so the quote reads well; offsets still index doc.text exactly.
    while start < end and doc.text[start].isspace():
        start += 1
    while end > start and doc.text[end - 1].isspace():
        end -= 1
    return {"start": start, "end": end, "text": doc.text[start:end]}


def _event_record(doc: Document, event: Event) -> dict:
    roles = {role: list(values) for role, values in sorted(event.roles.items()) if values}
    main = roles.get(event.main) if event.main else None
    return {
        "kind": "relation", "doc": doc.id, "predicate": event.predicate, "subject": event.id,
        "object": main[0] if main else None, "roles": roles, "date": event.date,
        "evidence": _evidence(doc, event.start, event.end), "confidence": round(event.confidence, 3), "method": event.method,
    }


def _relation_record(doc: Document, rel: Relation) -> dict:
    return {
        "kind": "relation", "doc": doc.id, "predicate": rel.predicate, "subject": rel.subject, "object": rel.object,
        "roles": {}, "date": None, "evidence": _evidence(doc, rel.start, rel.end),
        "confidence": round(rel.confidence, 3), "method": rel.method,
    }
