"""Hostile text in answers and exports: nothing reaches a terminal as an escape sequence,
a spreadsheet as a formula, or an XML file as a character XML cannot hold — even when it
got past input validation (an older build, a remote endpoint)."""

from __future__ import annotations

import csv
import io
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.model.iris import DEFAULT_BASE
from kg.model.ontology import NS
from kg.read.query import Answer
from kg.read.results import render

HOSTILE = ["\x1b]0;pwned\x07title", "\x9b31mred", "exe.\u202egnp", "=HYPERLINK(\"https://evil.example\")",
           "@SUM(1+1)", "+1+1", "-2+3", "Bad\ufffeXml\uffff", "nul\x00byte"]


def answer() -> Answer:
    return Answer("SELECT", variables=["v"], rows=[[ox.Literal(text)] for text in HOSTILE])


@pytest.mark.parametrize("fmt", ["table", "md"])
def test_terminal_formats_show_escapes_as_text(fmt):
    out = render(answer(), fmt, DEFAULT_BASE).decode()
    for bad in ("\x1b", "\x07", "\x9b", "\u202e", "\x00"):
        assert bad not in out
    assert "x1b]0;pwned" in out and "u202egnp" in out  # shown, as escapes


def test_csv_cells_starting_like_formulas_are_quoted():
    rows = list(csv.reader(io.StringIO(render(answer(), "csv", DEFAULT_BASE).decode())))
    cells = [row[0] for row in rows[1:]]
    assert not any(cell.startswith(("=", "@", "+", "-")) for cell in cells), cells
    assert "'=HYPERLINK(\"https://evil.example\")" in cells and "'-2+3" in cells
    numbers = Answer("SELECT", variables=["n"], rows=[[ox.Literal("-5", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#integer"))]])
    assert render(numbers, "csv", DEFAULT_BASE).decode().split() == ["n", "-5"]  # a number stays a number


def test_xml_results_always_parse():
    ET.fromstring(render(answer(), "xml", DEFAULT_BASE))


@pytest.fixture()
def poisoned(built: Path, tmp_path: Path) -> Path:
    """A copy of a build whose graph.trig carries hostile names (as an older kg let through)."""
    out = tmp_path / "out"
    shutil.copytree(built, out, ignore=shutil.ignore_patterns(".kg-*", "current", "store"))
    quads = list(ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG))
    name = NS + "name"
    poisoned = [ox.Quad(q.subject, q.predicate, ox.Literal(q.object.value + " \x1b]0;pwned\x07 \u202e Bad\ufffeXml"),
                        q.graph_name) if q.predicate.value == name and isinstance(q.object, ox.Literal) else q
                for q in quads]
    (out / "graph.trig").unlink()
    (out / "graph.trig").write_bytes(ox.serialize(poisoned, format=ox.RdfFormat.TRIG))
    return out


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_exports_always_parse(poisoned: Path, fmt: str):
    from kg.read.export import export_bytes

    ET.fromstring(export_bytes(poisoned, fmt))


def test_show_prints_no_escape_sequence(poisoned: Path):
    from kg.read.show import show_entity

    text = show_entity("ibm", poisoned)
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "\\x1b]0;pwned\\x07" in text
