"""Template placeholders are errors (issue 15, item 11): a file from ``kg new`` with only some
placeholders replaced is refused, each left-over placeholder named, with what to do."""

from __future__ import annotations

import re

import pytest

from kg.contrib.new import KINDS, template
from kg.contrib.validate import validate_paths
from kg.inputs.facts import is_placeholder
from kg.model.errors import InvalidData
from kg.model.ontology import load_ontology

# `key: VALUE`, `key: [VALUE, VALUE]` or `key: "VALUE"` on a template line (before its comment).
_LINE = re.compile(r"^\s*-?\s*(\w+):\s*(.+?)\s*(?:#.*)?$")


def _templates() -> list[str]:
    texts = [template(kind) for kind in KINDS if kind != "action"]
    texts += [template("action", type_name=t) for t in load_ontology().section_classes("actions")]
    return texts


def _placeholders(text: str) -> list[tuple[str, str]]:
    """Every (field, CAPITALISED value) a template writes."""
    found = []
    for line in text.splitlines():
        if line.lstrip().startswith("#") or not (m := _LINE.match(line)):
            continue
        key, value = m.groups()
        for item in value.strip("[]").split(","):
            item = item.strip().strip('"')
            if re.fullmatch(r"(https://)?[A-Z][A-Z-]*", item):
                found.append((key, item))
    return found


def test_every_placeholder_kg_new_writes_is_recognised():
    """kg/contrib/new.py is where placeholders are written; kg.inputs.facts.is_placeholder
    must know each of them (this test keeps the two in step)."""
    onto = load_ontology()
    seen = set()
    for text in _templates():
        for key, value in _placeholders(text):
            prop = onto.properties.get(key)
            takes_id = key in ("id", "doc") or (prop is not None and prop.kind == "ref")
            assert is_placeholder(key, value, takes_id=takes_id), (key, value)
            seen.add(value)
    assert {"NAME", "ALIAS", "QUOTE", "ENTITY-ID", "DOCUMENT-ID", "YYYY-MM"} <= seen


@pytest.mark.parametrize("value", ["IBM", "PBOC", "USD", "NFSA"])
def test_capitals_that_are_real_values_are_not_placeholders(value):
    assert not is_placeholder("alias", value)
    assert not is_placeholder("currency", value)


def test_entity_template_with_only_type_and_source_filled_is_refused(fictional_tree):
    """The issue's steps: kg new entity --id x, fill in only the type and the source."""
    text = template("entity", "ostwick-telecom").replace("TYPE", "Vendor").replace("DOCUMENT-ID", "borealis-2031-router-review")
    path = fictional_tree / "facts" / "ostwick.yaml"
    path.write_text(text)
    with pytest.raises(InvalidData) as caught:
        validate_paths([path], fictional_tree / "seeds", facts_dir=fictional_tree / "facts", shacl=False, root=fictional_tree)
    messages = {p.message.split(" — ")[0]: p for p in caught.value.problems}
    for field, value in [("name", "NAME"), ("alias", "ALIAS"), ("quote", "QUOTE"), ("country", "COUNTRY-ID")]:
        problem = messages[f"'{value}' in '{field}' is a template placeholder"]
        assert "replace it with the real value" in problem.message
        line = text.splitlines()[problem.line - 1]
        assert line[problem.col - 1:].lstrip('["').startswith(value), line
