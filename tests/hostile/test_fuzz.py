"""Property tests: whatever the input, the YAML loader, the record reader and validator,
and the document loader end in a result or an :class:`InvalidData` with messages —
never another exception. Example counts stay modest so the suite stays fast."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.inputs.checks import check
from kg.inputs.documents import load_document
from kg.inputs.facts import FactSet, _FileReader
from kg.inputs.yamlload import parse_yaml, read_text
from kg.model.errors import InvalidData

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text built from YAML's own punctuation, so the parser's odd corners are reached often.
YAMLISH = st.text(alphabet=st.sampled_from(list("-:[]{},&*!|>'\"#%@`?\n\t \\0aZ9\x00\ufeff\u2028é")), max_size=200)
WORDS = st.sampled_from(["entities", "reviews", "claims", "sources", "id", "type", "name", "source", "doc", "quote",
                         "url", "alias", "country", "startDate", "status", "confidence", "Vendor", "Bank",
                         "norland", "borealis-2031-router-review", "NO", "012345", "2014-05-19", "x> <urn:e>", ""])
TREES = st.recursive(st.one_of(WORDS, st.text(max_size=20), st.integers(), st.booleans(), st.none()),
                     lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(WORDS, inner, max_size=5)),
                     max_leaves=30)


def problems_have_messages(exc: InvalidData) -> None:
    assert exc.problems
    for problem in exc.problems:
        assert problem.message and "\n" not in str(problem)


@FAST
@given(YAMLISH)
def test_parse_yaml_any_text(text: str) -> None:
    try:
        parse_yaml(text, "fuzz.yaml")
    except InvalidData as exc:
        problems_have_messages(exc)


@FAST
@given(st.binary(max_size=300))
def test_read_text_any_bytes(data: bytes) -> None:
    try:
        text = read_text(None, "fuzz.yaml", data=data)
    except InvalidData as exc:
        problems_have_messages(exc)
    else:
        assert "\x00" not in text


def read_tree(text: str) -> FactSet:
    reader = _FileReader(__import__("kg.model.ontology", fromlist=["load_ontology"]).load_ontology(), "fuzz.yaml")
    try:
        root = parse_yaml(text, "fuzz.yaml", problems=reader.problems)
    except InvalidData as exc:
        problems_have_messages(exc)
        return FactSet()
    reader.read(root)
    return FactSet(reader.records, reader.problems, ["fuzz.yaml"])


@FAST
@given(TREES)
def test_record_reader_and_validator_any_tree(tree) -> None:
    text = yaml.safe_dump({"entities": [tree]} if not isinstance(tree, dict) else tree, allow_unicode=True)
    facts = read_tree(text)
    check(facts, {})
    for problem in facts.problems:
        assert problem.message and "\n" not in str(problem)


@FAST
@given(st.text(max_size=300), st.booleans())
def test_document_loader_any_text(body: str, with_front: bool) -> None:
    import tempfile
    from pathlib import Path

    text = ("---\nid: fuzz\ntitle: T\npublisher: P\npublished: 2031-01-01\nlanguage: en\n---\n" if with_front else "") + body
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.txt"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        try:
            doc = load_document(path, "doc.txt")
        except InvalidData as exc:
            problems_have_messages(exc)
        else:
            assert doc.text and doc.id
