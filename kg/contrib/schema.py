"""The JSON Schema of fact files, generated from the ontology so the two cannot drift.

``schema/facts.schema.json`` is this module's output, committed for editors (each fact
file's first line points to it); a test fails when the committed copy is stale."""

from __future__ import annotations

import json

from kg.inputs.facts import CLAIMS, SOURCE_FIELDS
from kg.model.ontology import Ontology, OntProperty, load_ontology
from kg.model.values import Date, Language, Slug, String, Url, kind_of

# The kinds of an inline source's fields (kg.inputs.facts checks them with the same kinds).
_SOURCE_KINDS = {"doc": Slug, "url": Url, "published": Date, "language": Language}


def _value_schema(prop: OntProperty, onto: Ontology) -> dict:
    kind = kind_of(prop)
    one = {"enum": list(onto.enums[prop.range])} if kind is None else kind.json_schema()
    one = {**one, "description": f"{prop.comment}".strip()}
    if prop.functional:
        return one
    return {"anyOf": [one, {"type": "array", "items": one, "minItems": 1}], "description": prop.comment}


def _source_schema() -> dict:
    ref = {"type": "string", "pattern": Slug.PATTERN, "description": "id of a document in seeds/ or of a source in facts/"}
    inline = {
        "type": "object",
        "additionalProperties": False,
        "properties": {name: _SOURCE_KINDS.get(name, String).json_schema() for name in SOURCE_FIELDS},
        "anyOf": [{"required": ["doc"]}, {"required": ["url", "publisher"]}],
    }
    one = {"anyOf": [ref, inline]}
    return one


def _record_schema(section: str, class_names: list[str], onto: Ontology) -> dict:
    props: dict[str, dict] = {}
    for name in class_names:
        for prop_name, prop in onto.fields_of(name).items():
            props[prop_name] = _value_schema(prop, onto)
    props["id"] = {"type": "string", "pattern": Slug.PATTERN, "description": "unique id: lower-case words joined by hyphens"}
    props["type"] = {"enum": class_names}
    if section != "sources":
        source = _source_schema()
        props["source"] = source
        props["sources"] = {"type": "array", "items": source, "minItems": 1}
        props["certainty"] = {"enum": list(onto.enums["Certainty"])}
        props["confidence"] = {"type": ["number", "string"], "minimum": 0, "maximum": 1}
    required = ["id"] + (["type"] if onto.section_default(section) is None else [])
    if section == "disputes":
        props["actions"] = {"type": "array", "items": {"$ref": "#/$defs/actions"}}
    schema = {"type": "object", "additionalProperties": False, "required": required,
              "properties": dict(sorted(props.items()))}
    if section != "sources":
        schema["oneOf"] = [{"required": ["source"]}, {"required": ["sources"]}]
    return schema


def build_schema(onto: Ontology | None = None) -> dict:
    onto = onto or load_ontology()
    defs = {section: _record_schema(section, onto.section_classes(section), onto) for section in onto.sections}
    usable = sorted(n for n, p in onto.properties.items() if not p.derived and onto.is_a(p.domain, "Thing"))
    source = _source_schema()
    defs[CLAIMS] = {
        "type": "object", "additionalProperties": False, "required": ["subject", "predicate", "object"],
        "properties": {
            "subject": {"type": "string", "pattern": Slug.PATTERN},
            "predicate": {"enum": usable},
            "object": {"anyOf": [{"type": ["string", "number"]}, {"type": "array", "items": {"type": ["string", "number"]}}]},
            "source": source, "sources": {"type": "array", "items": source, "minItems": 1},
            "certainty": {"enum": list(onto.enums["Certainty"])},
            "confidence": {"type": ["number", "string"], "minimum": 0, "maximum": 1},
        },
        "oneOf": [{"required": ["source"]}, {"required": ["sources"]}],
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://example.org/kg/schema/facts.schema.json",
        "title": "kg fact file",
        "description": "A YAML file of curated facts. Generated from kg/model/data/kg.ttl by 'kg schema'; do not edit by hand.",
        "type": "object",
        "additionalProperties": False,
        "properties": {name: {"type": "array", "items": {"$ref": f"#/$defs/{name}"}} for name in sorted(defs)},
        "$defs": dict(sorted(defs.items())),
    }


def schema_text() -> str:
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"
