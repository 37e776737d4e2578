"""Regressions found in review: each test names what used to go wrong."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.build.graph import build_graph
from kg.contrib.validate import validate_paths
from kg.inputs.documents import load_document
from kg.model.errors import InvalidData, KgError
from tests.conftest import DATA


def test_crlf_front_matter_reports_the_right_line(tmp_path):
    """A CRLF document's front-matter problems were reported one line too low."""
    text = "---\nid: x\ntitle: T\npublisher: P\npublished: 2014-13-01\nlanguage: en\n---\nText.\n"
    for name, data in (("lf.txt", text), ("crlf.txt", text.replace("\n", "\r\n"))):
        (tmp_path / name).write_bytes(data.encode())
        with pytest.raises(InvalidData) as info:
            load_document(tmp_path / name)
        assert [(p.line, p.col) for p in info.value.problems] == [(5, 12)], name


def test_validate_reports_a_file_however_its_path_is_written(tmp_path, monkeypatch):
    """`kg validate facts/../facts/x.yaml` used to filter out every problem and say ok."""
    shutil.copytree(DATA / "valid", tmp_path / "facts")
    shutil.copytree(DATA / "seeds", tmp_path / "seeds")
    bad = tmp_path / "facts" / "bad.yaml"
    bad.write_text("entities:\n  - id: bad\n    type: Vendorr\n    name: Bad\n    source: borealis-2031-router-review\n")
    monkeypatch.chdir(tmp_path)
    for written in (Path("facts/bad.yaml"), Path("facts/../facts/bad.yaml"), bad):
        with pytest.raises(InvalidData) as info:
            validate_paths([written], Path("seeds"), shacl=False, root=tmp_path)
        assert [str(p) for p in info.value.problems][0].startswith("facts/bad.yaml:3:11: error: unknown type 'Vendorr'")


@pytest.mark.parametrize("base", ["foo bar", "https://x.example/kg", "https://x.example/k g/"])
def test_unusable_base_iri_is_a_clear_error(fictional_tree, base):
    """A bad --base used to end in an internal error (or glue ids onto the base)."""
    with pytest.raises(KgError, match="base IRI"):
        build_graph(fictional_tree / "facts", fictional_tree / "seeds", base=base, extract=False)


def test_one_value_message_names_the_other_value(fictional_tree):
    """With values A, B, A the message pointed at the two A's."""
    path = fictional_tree / "facts" / "borealis.yaml"
    path.write_text(path.read_text() + """claims:
  - subject: halvard-systems
    predicate: description
    object: A
    source: borealis-2031-router-review
  - subject: halvard-systems
    predicate: description
    object: B
    source: borealis-2031-router-review
  - subject: halvard-systems
    predicate: description
    object: A
    source: borealis-2031-router-review
""")
    with pytest.raises(InvalidData) as info:
        build_graph(fictional_tree / "facts", fictional_tree / "seeds", extract=False)
    message = next(str(p) for p in info.value.problems if "values for 'description'" in str(p))
    lines = path.read_text().splitlines()
    other = int(message.rsplit(":", 1)[1].split(",")[0])
    assert "object: B" in lines[other - 1] or "object: A" in lines[other - 1]
    where = int(message.split(":")[1])
    assert lines[where - 1].strip().split(": ")[1] != lines[other - 1].strip().split(": ")[1]
