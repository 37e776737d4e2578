"""``kg diff`` on a hostile pull request: a revision's own ``.gitattributes`` cannot hide
or change a fact in the diff, and no value can write Markdown structure into the CI summary."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from kg.cli import app
from tests.contrib.test_diff import commit, repo  # noqa: F401 - repo is a fixture

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

PLANTED = """entities:
  - id: planted-vendor
    type: Vendor
    name: "{name}"
    source: borealis-2031-router-review
"""


def kg_diff(*args: str) -> str:
    result = CliRunner().invoke(app, ["diff", *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("attribute", ["export-ignore", "export-subst"])
def test_gitattributes_of_the_revision_cannot_hide_a_fact(repo, attribute):  # noqa: F811
    (repo / "facts" / "planted.yaml").write_text(PLANTED.format(name="Planted $Format:%H$ Vendor"))
    (repo / ".gitattributes").write_text(f"facts/planted.yaml {attribute}\n")
    commit(repo, "hide a fact")
    assert "+ Vendor Planted $Format:%H$ Vendor [planted-vendor]" in kg_diff("HEAD~1", "HEAD")


def test_markdown_values_cannot_make_headings_rules_or_links(repo):  # noqa: F811
    markdown_it = pytest.importorskip("markdown_it")
    name = "Planted [click](https://evil.example/) <img src=x> *b* | c |"
    hostile = ("\\n\\n---\\n### Changes to the graph\\n\\nNothing to see [click](https://evil.example/) "
               "<img src=x onerror=alert(1)> www.evil.example *bold* `code` &amp; \\n| a | b |\\n|---|---|")
    (repo / "facts" / "planted.yaml").write_text(PLANTED.format(name=name) + '    description: "calm"\n')
    commit(repo, "a vendor")
    (repo / "facts" / "planted.yaml").write_text(PLANTED.format(name=name) + f'    description: "{hostile}"\n')
    commit(repo, "a hostile description")
    md = kg_diff("HEAD~1", "HEAD", "--format", "md")
    items = [line for line in md.splitlines() if line.startswith("- ")]
    assert len(items) == 1 and len(md.splitlines()) == 5, md  # heading, blank, counts, blank, one item
    html = markdown_it.MarkdownIt("commonmark").enable("table").render(md)
    assert html.count("<h3>") == 1 and "<hr" not in html and "<table" not in html
    assert "<a " not in html and "<img" not in html and "<em>" not in html and "&amp;amp;" in html
    assert html.count("<code>") == 1  # kg's own `~`
