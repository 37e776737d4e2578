"""The console script's fast path for `kg query` behaves exactly like the typer command."""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer.main
from typer.testing import CliRunner

from kg.cli import app
from kg.querycmd import FAST_OPTIONS, fast_query


def test_fast_path_knows_exactly_the_commands_options():
    group = typer.main.get_command(app)
    command = group.commands["query"]
    names = {opt for param in command.params if param.param_type_name == "option" for opt in param.opts}
    assert set(FAST_OPTIONS) == names - {"--help"}


@pytest.mark.parametrize("args", [
    ["SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "json"],
    ["entity-facts", "--param", "entity=inspur", "--format=csv"],
    ["ASK { ?s a kg:Review }"],
    ["reviews", "-f", "tsv", "--limit", "2"],
])
def test_fast_path_prints_what_typer_prints(built, args, capfdbinary):
    args = [*args, "--out", str(built)]
    via_typer = CliRunner().invoke(app, ["query", *args])
    code = fast_query(args)
    captured = capfdbinary.readouterr()
    assert code == via_typer.exit_code
    assert captured.out == via_typer.stdout_bytes


def test_fast_path_leaves_unknown_options_to_typer(built):
    assert fast_query(["ASK {}", "--no-such-option", "--out", str(built)]) is None
    assert fast_query(["ASK {}", "--limit", "many"]) is None
    assert fast_query([]) is None


def test_console_script_reports_errors_in_one_line(built):
    proc = subprocess.run([sys.executable, "-m", "kg.entry", "query", "SELECT WHERE {", "--out", str(built)],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr.startswith("error: ") and "Traceback" not in proc.stderr
