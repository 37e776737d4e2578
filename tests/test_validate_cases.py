"""Each file or folder under tests/data/invalid/ is one mistake a contributor can make;
NAME.expected beside it holds the exact lines `kg validate` must print."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.check import validate_paths
from kg.cli import app
from kg.errors import InvalidData

from .conftest import DATA, ROOT

INVALID = DATA / "invalid"
CASES = sorted(p for p in INVALID.iterdir() if p.suffix != ".expected")


def expected_lines(case: Path) -> list[str]:
    return (INVALID / f"{case.stem}.expected").read_text().splitlines()


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in CASES])
def test_invalid_case_reports_exact_problem(case: Path, monkeypatch):
    monkeypatch.chdir(ROOT)
    with pytest.raises(InvalidData) as info:
        validate_paths([case.relative_to(ROOT)], DATA.relative_to(ROOT) / "seeds", shacl=False, root=ROOT)
    assert [str(p) for p in info.value.problems] == expected_lines(case)


def test_every_case_has_expected_output():
    assert len(CASES) >= 20
    for case in CASES:
        assert (INVALID / f"{case.stem}.expected").read_text().strip(), case


def test_one_run_reports_every_case(monkeypatch):
    """All mistakes, from one run over the folder holding them all, exit code 1."""
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, ["validate", "tests/data/invalid", "--seeds", "tests/data/seeds", "--no-shacl"])
    assert result.exit_code == 1
    out = result.output
    for case in CASES:
        if case.name == "duplicate-id-two-files":
            continue  # its id clashes with the other cases' too; checked on its own above
        for line in expected_lines(case):
            if "already used at" not in line:
                assert line in out, line
    assert "Traceback" not in out


def test_valid_fictional_tree_passes_with_shacl(monkeypatch):
    monkeypatch.chdir(ROOT)
    summary = validate_paths([Path("tests/data/valid")], Path("tests/data/seeds"), shacl=True, root=ROOT)
    assert summary.startswith("ok: 1 fact file")


def test_done_when_three_mistakes_in_one_tree(tmp_path, monkeypatch):
    """A misspelt reference, a duplicate key and a bad date, all reported with path:line, exit 1."""
    facts = tmp_path / "facts"
    facts.mkdir()
    text = (DATA / "valid" / "borealis.yaml").read_text()
    text = text.replace("reviewer: norland-financial-supervisory-authority", "reviewer: norland-financial-supervisory-authorit")
    text = text.replace("startDate: 2031-03", "startDate: 2031-13")
    text = text.replace("    name: Norland\n", "    name: Norland\n    name: Norland again\n", 1)
    (facts / "borealis.yaml").write_text(text)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["validate", "facts", "--seeds", str(DATA / "seeds")])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(line.startswith("facts/borealis.yaml:7:5: error: duplicate key 'name'") for line in lines)
    assert any(line.startswith("facts/borealis.yaml:41:16: error: '2031-13' has month 13") for line in lines)
    assert any(line.startswith("facts/borealis.yaml:37:15: error: unknown id 'norland-financial-supervisory-authorit'")
               and "did you mean 'norland-financial-supervisory-authority'" in line for line in lines)
