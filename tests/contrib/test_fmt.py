"""`kg fmt`: canonical key order and style, comments kept, graph unchanged."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from kg.build.graph import build_graph
from kg.cli import app
from kg.contrib.fmt import format_text, key_order
from tests.conftest import ROOT

MESSY = """\
# a comment at the top
entities:
  # before the first record
  - name: Halvard Systems   # the name, as the article writes it
    # the country comes next
    country: norland
    type: Vendor
    source:
        quote: "Halvard Systems, based in Port Esker"
        doc: borealis-2031-router-review
    id: halvard-systems
    headquarters: port-esker  # a city

  - id: norland
    source: borealis-2031-router-review
    type: Country
    name: Norland
# a comment at the end
"""

CANONICAL = """\
# a comment at the top
entities:
  # before the first record
  - id: halvard-systems
    type: Vendor
    name: Halvard Systems   # the name, as the article writes it
    headquarters: port-esker  # a city
    # the country comes next
    country: norland
    source:
      doc: borealis-2031-router-review
      quote: "Halvard Systems, based in Port Esker"

  - id: norland
    type: Country
    name: Norland
    source: borealis-2031-router-review
# a comment at the end
"""


def test_reformatted_file_keeps_its_comments_in_canonical_order():
    assert format_text(MESSY, "messy.yaml") == CANONICAL
    assert format_text(CANONICAL, "canonical.yaml") == CANONICAL  # idempotent


def test_key_order_follows_the_documented_rule():
    review = key_order("Review")
    assert review[:5] == ("id", "type", "name", "alias", "description")
    assert review.index("reviewer") < review.index("reviewSubject") < review.index("startDate") < review.index("status")
    acquisition = key_order("Acquisition")
    assert acquisition[5:8] == ("buyer", "seller", "asset")
    assert acquisition.index("amount") + 1 == acquisition.index("currency")


def test_check_passes_on_the_real_facts(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, ["fmt", "--check", "facts"])
    assert result.exit_code == 0, result.output


def test_check_names_files_that_would_change_and_writes_nothing(tmp_path, monkeypatch):
    (tmp_path / "messy.yaml").write_text(MESSY)
    (tmp_path / "tidy.yaml").write_text(CANONICAL)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["fmt", "--check", "."])
    assert result.exit_code == 1
    assert "would reformat messy.yaml" in result.output and "tidy.yaml" not in result.output
    assert (tmp_path / "messy.yaml").read_text() == MESSY
    result = CliRunner().invoke(app, ["fmt", "."])
    assert result.exit_code == 0 and "reformatted messy.yaml" in result.output
    assert (tmp_path / "messy.yaml").read_text() == CANONICAL


def test_invalid_yaml_is_reported_not_formatted(tmp_path, monkeypatch):
    bad = tmp_path / "bad.yaml"
    bad.write_text("entities:\n  - id: &a x\n    name: *a\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["fmt", "bad.yaml"])
    assert result.exit_code == 1
    assert "bad.yaml:2:9: error: anchors and aliases" in result.output
    assert bad.read_text() == "entities:\n  - id: &a x\n    name: *a\n"


def _triples(root: Path) -> list:
    build = build_graph(root / "facts", root / "seeds", extract=False, root=root)
    return sorted(str(t) for t in build.triples())  # the same triples; their order follows the files


def test_formatting_does_not_change_the_graph(tmp_path, monkeypatch):
    """The real facts, shuffled into a messy order, then formatted: the same triples."""
    shutil.copytree(ROOT / "facts", tmp_path / "facts")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    before = _triples(tmp_path)
    companies = tmp_path / "facts" / "entities" / "companies.yaml"
    companies.write_text(companies.read_text().replace("  - id: lenovo\n    type: Vendor\n", "  - type: Vendor\n    id: lenovo\n"))
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(app, ["fmt", "facts"]).exit_code == 0
    assert CliRunner().invoke(app, ["fmt", "--check", "facts"]).exit_code == 0
    assert _triples(tmp_path) == before
    assert "  - id: lenovo\n    type: Vendor\n" in companies.read_text()


def test_fictional_tree_formats_and_stays_valid(fictional_tree, monkeypatch):
    monkeypatch.chdir(fictional_tree)
    before = _triples(fictional_tree)
    assert CliRunner().invoke(app, ["fmt", "facts"]).exit_code == 0
    assert _triples(fictional_tree) == before



def test_a_record_without_type_is_ordered_as_its_sections_default_class():
    """A review may leave out `type` (kg.ttl marks Review as the default of `reviews`); its
    keys still follow the order of a Review, declared once in kg.ttl."""
    messy = ("reviews:\n  - status: ongoing\n    startDate: 2031-03\n    reviewer: norland-cabinet-office\n"
             "    name: A review\n    id: r1\n    source: borealis-2031-router-review\n")
    tidy = format_text(messy, "review.yaml")
    keys = [line.split(":")[0].strip(" -") for line in tidy.splitlines()[1:]]
    assert keys == ["id", "name", "reviewer", "startDate", "status", "source"]


# Plain scalars a YAML 1.1/1.2 resolver reads as numbers, booleans or timestamps; the graph
# holds them as the text written, so formatting must write them back unchanged (issue 17).
ODD_SCALARS = ["+12", "-0", "True", ".NaN", "-.5e-3", "2001-12-14t21:59:43.10-05:00", "2031-06-12 21:59:43.1",
               "0o17", "0x1F", "1_000", "12:30:00", ".inf", "NO"]


def test_formatting_keeps_every_scalar_as_written(tmp_path, monkeypatch):
    """Key order changes; each alias, as `kg build` reads it, stays the text written; `kg diff`
    of the formatted tree against the committed one says nothing changed."""
    from tests.contrib.test_diff import commit, git

    shutil.copytree(ROOT / "tests" / "data" / "seeds", tmp_path / "seeds")
    (tmp_path / "facts").mkdir()
    path = tmp_path / "facts" / "norland.yaml"
    block = "".join(f"      - {value}\n" for value in ODD_SCALARS)
    path.write_text("entities:\n  - name: Norland\n    id: norland\n    type: Country\n"
                    f"    alias: [{', '.join(ODD_SCALARS)}]\n    source: borealis-2031-router-review\n"
                    "  - id: port-esker\n    name: Port Esker\n    type: Place\n"
                    f"    alias:\n{block}    source: borealis-2031-router-review\n")
    git(tmp_path, "init", "-q", "-b", "main")
    commit(tmp_path, "facts")
    before = _triples(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(app, ["fmt", "facts"]).exit_code == 0
    text = path.read_text()
    assert text.startswith("entities:\n  - id: norland\n    type: Country\n    name: Norland\n")
    assert f"    alias: [{', '.join(ODD_SCALARS)}]\n" in text and block in text
    assert _triples(tmp_path) == before
    result = CliRunner().invoke(app, ["diff"])
    assert result.exit_code == 0 and result.output == "no change to the graph\n", result.output
