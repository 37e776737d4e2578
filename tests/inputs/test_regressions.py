"""Regressions found in review in reading inputs (documents, the Python checks): each test
names what used to go wrong."""

from __future__ import annotations

import pytest

from kg.build.graph import build_graph
from kg.inputs.documents import load_document
from kg.model.errors import InvalidData


def test_crlf_front_matter_reports_the_right_line(tmp_path):
    """A CRLF document's front-matter problems were reported one line too low."""
    text = "---\nid: x\ntitle: T\npublisher: P\npublished: 2014-13-01\nlanguage: en\n---\nText.\n"
    for name, data in (("lf.txt", text), ("crlf.txt", text.replace("\n", "\r\n"))):
        (tmp_path / name).write_bytes(data.encode())
        with pytest.raises(InvalidData) as info:
            load_document(tmp_path / name)
        assert [(p.line, p.col) for p in info.value.problems] == [(5, 12)], name


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
