"""Every command is documented: --help with an example, and a mention in the README."""

from __future__ import annotations

import pytest
import typer.main
from typer.testing import CliRunner

from kg.cli import app
from tests.conftest import ROOT

COMMANDS = sorted(typer.main.get_command(app).commands)


def test_there_are_commands():
    assert {"build", "validate", "show", "query", "queries", "serve", "publish", "extract", "promote", "eval",
            "render", "export", "new", "fmt", "diff", "schema"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_help_has_an_example(name):
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0
    assert "Example: kg " + name in " ".join(result.output.split())


@pytest.mark.parametrize("name", COMMANDS)
def test_readme_mentions_command(name):
    assert f"kg {name}" in (ROOT / "README.md").read_text()
