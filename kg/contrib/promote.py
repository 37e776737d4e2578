"""Turning chosen proposals into a YAML facts file in the curated format, for review.

Every proposal has an id (:func:`proposal_id`): an entity its id, an event its subject,
a binary relation ``SUBJECT--PREDICATE--OBJECT``. :func:`promote` picks proposals by id
or confidence, writes them in the sections of a fact file with ``source: {doc, quote}``
taken from the evidence, and never overwrites a file.
"""

from __future__ import annotations

from pathlib import Path

from kg.model.errors import KgError
from kg.model.values import Slug

HEADER = "# yaml-language-server: $schema=../schema/facts.schema.json\n"


def drop_curated(records: list[dict], facts_dir: Path) -> list[dict]:
    """``records`` less what the curated facts of ``facts_dir`` already say (see
    :func:`kg.build.proposals.uncurated`): promote never writes a curated record or value
    again. Facts that cannot be read leave ``records`` as they are (validation reports them)."""
    from kg.build.proposals import uncurated
    from kg.inputs.facts import load_facts

    if not Path(facts_dir).is_dir():
        return records
    try:
        facts = load_facts([Path(facts_dir)], Path(facts_dir).parent)
    except KgError:
        return records
    return uncurated(records, facts)


def proposal_id(record: dict) -> str:
    """The id a person uses to choose a proposal."""
    if record.get("kind") == "entity":
        return str(record.get("id"))
    predicate = str(record.get("predicate"))
    if predicate[:1].isupper():
        return str(record.get("subject"))
    obj = record.get("object")
    obj_id = obj if isinstance(obj, str) and Slug.valid(obj) else Slug.from_name(str(obj))
    return f"{record.get('subject')}--{predicate}--{obj_id}"


def choose(records: list[dict], ids: list[str] | None = None, min_confidence: float | None = None) -> list[dict]:
    """Proposals whose id is in ``ids`` and/or whose confidence is at least ``min_confidence``.

    Entities have no confidence of their own: they are chosen by id, or when a chosen
    relation names them and they are not linked to the catalog yet."""
    wanted = set(ids or [])
    known = {proposal_id(r) for r in records}
    missing = sorted(wanted - known)
    if missing:
        raise KgError(f"no proposal with id {', '.join(missing)} — list them with: kg promote --list")
    chosen = []
    for r in records:
        pid = proposal_id(r)
        if pid in wanted:
            chosen.append(r)
        elif min_confidence is not None and r.get("kind") == "relation" and float(r.get("confidence") or 0) >= min_confidence:
            chosen.append(r)
    named = {v for r in chosen if r.get("kind") == "relation" for v in _participants(r)}
    for r in records:
        if r.get("kind") == "entity" and not r.get("linked") and r.get("id") in named and r not in chosen:
            chosen.append(r)
    return chosen


def _participants(record: dict) -> set[str]:
    found = {record.get("subject"), record.get("object")}
    for values in (record.get("roles") or {}).values():
        found.update(v for v in values if isinstance(v, str))
    return {v for v in found if isinstance(v, str)}


def _source(record: dict, texts: dict[str, str]) -> dict | str:
    evidence = record.get("evidence")
    if evidence and evidence.get("text"):
        return {"doc": record["doc"], "quote": " ".join(evidence["text"].split())}
    text = texts.get(record.get("doc", ""))
    mentions = record.get("mentions") or []
    if text and mentions:
        start, end = mentions[0]
        # The sentence around the first mention.
        left = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0)
        stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
        right = min(stops) + 1 if stops else len(text)
        quote = " ".join(text[left:right].split())
        if quote:
            return {"doc": record["doc"], "quote": quote}
    return record.get("doc", "")


def to_facts(records: list[dict], texts: dict[str, str] | None = None) -> dict[str, list[dict]]:
    """Chosen proposals as fact-file sections."""
    texts = texts or {}
    sections: dict[str, list[dict]] = {}
    for r in records:
        if r.get("kind") == "entity":
            item = {"id": r["id"], "type": r["type"], "name": r["name"]}
            if r.get("aliases"):
                item["alias"] = list(r["aliases"])
            item["source"] = _source(r, texts)
            sections.setdefault("entities", []).append(item)
            continue
        predicate = r["predicate"]
        if predicate[:1].isupper():
            from kg.build.proposals import event_name
            from kg.model.ontology import load_ontology

            onto = load_ontology()  # sections, one-value properties and date properties
            cls = onto.classes.get(predicate)
            section = cls.section if cls and cls.section else "actions"
            item = {"id": r["subject"]}
            if onto.section_default(section) != predicate:
                item["type"] = predicate
            item["name"] = event_name(r)
            for role, values in sorted((r.get("roles") or {}).items()):
                values = [v for v in values if v is not None]
                if values:
                    one = role in onto.properties and onto.properties[role].functional
                    item[role] = values[0] if one else list(values)
            if r.get("date"):
                item[onto.date_property(predicate) or "date"] = r["date"]
            item["certainty"] = "reported"
            item["source"] = _source(r, texts)
            sections.setdefault(section, []).append(item)
        else:
            item = {"subject": r["subject"], "predicate": predicate, "object": r["object"], "source": _source(r, texts)}
            sections.setdefault("claims", []).append(item)
    return sections


def render(records: list[dict], origin: str, texts: dict[str, str] | None = None) -> str:
    """The YAML text of a facts file holding ``records``, with a header saying where they came from."""
    import yaml

    lines = [HEADER, f"# Proposed by `kg promote` from {origin}. Nothing here is curated until a reviewer merges it.\n"]
    for r in records:
        if r.get("kind") == "relation":
            lines.append(f"# - {proposal_id(r)}: {r['predicate']}, confidence {r.get('confidence')}, method {r.get('method')}\n")
        else:
            lines.append(f"# - {proposal_id(r)}: entity {r.get('type')}, unreviewed\n")
    sections = to_facts(records, texts)
    order = ["entities", "reviews", "disputes", "actions", "claims"]
    body = ""
    for name in order:
        if name in sections:
            body += yaml.safe_dump({name: sections[name]}, sort_keys=False, allow_unicode=True, width=120)
    from kg.contrib.fmt import format_text

    # In the canonical form `kg fmt --check` expects, so the pull request passes as written.
    return format_text("".join(lines) + body, "promoted.yaml")


def write_new(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, refusing to replace an existing file."""
    from kg.build.output import write_new as write_new_file

    write_new_file(path, text.encode("utf-8"), "kg promote")
