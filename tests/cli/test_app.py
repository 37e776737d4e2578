"""The command line's edges (issue 15, item 14): --version and -h, running from a subfolder
of the repository, and the summary line under a list of problems."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from kg.cli import app


def test_version_and_short_help():
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and re.fullmatch(r"kg \S+\n", result.output), result.output
    for args in (["-h"], ["validate", "-h"], ["query", "-h"]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0 and result.output.startswith("Usage: kg"), (args, result.output)


def test_runs_from_a_subfolder_as_from_the_root(fictional_tree, monkeypatch):
    """Like git, kg finds the repository root (the folder holding facts/) from any subfolder;
    a path typed on the command line stays relative to where it was typed."""
    sub = fictional_tree / "facts"
    monkeypatch.chdir(sub)
    result = CliRunner().invoke(app, ["validate", "--no-shacl"])
    assert result.exit_code == 0 and result.output.startswith("ok: 1 fact file"), result.output
    result = CliRunner().invoke(app, ["validate", "--no-shacl", "borealis.yaml"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(app, ["build", "--no-extract"])
    assert result.exit_code == 0, result.output
    assert (fictional_tree / "out" / "graph.trig").exists() and not (sub / "out").exists()
    assert "facts/borealis.yaml" in (fictional_tree / "out" / "graph.trig").read_text()


def test_outside_a_repository_the_error_says_where_to_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["validate"])
    assert result.exit_code == 1
    assert "run kg in the repository (the folder holding facts/)" in result.output


def test_summary_of_problems_in_plain_words(fictional_tree, monkeypatch):
    """validate writes nothing, so it does not say "nothing was written"; one problem is "it"."""
    monkeypatch.chdir(fictional_tree)
    path = fictional_tree / "facts" / "borealis.yaml"
    path.write_text(path.read_text().replace("startDate: 2031-03", "startDate: 2031-13", 1))
    result = CliRunner().invoke(app, ["validate", "--no-shacl"])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "1 problem in 1 file — fix it and run again.", result.output
    result = CliRunner().invoke(app, ["build", "--no-extract"])
    assert result.output.splitlines()[-1] == "1 problem in 1 file — nothing was written; fix it and run again."


def test_the_test_suite_does_not_write_into_the_repositorys_out():
    """Tests build into temporary folders: the user's out/ is theirs (it used to get a
    screenshot). A test naming the repository's out/ folder is refused here."""
    from tests.conftest import ROOT

    pattern = re.compile(r"""(ROOT|root)\s*/\s*["']out["']|Path\(\s*["']out["']\s*\)""")
    offenders = [f"{path.relative_to(ROOT)}:{n}" for path in sorted((ROOT / "tests").rglob("*.py")) if path.name != "test_app.py"
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert offenders == []


def test_query_help_lists_every_prefix_a_query_may_use():
    from kg.read.query import query_prefixes

    result = CliRunner().invoke(app, ["query", "--help"], terminal_width=200)
    text = " ".join(result.output.split())
    for prefix in query_prefixes():
        assert f"{prefix}:" in text, prefix
