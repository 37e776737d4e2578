"""`kg diff` in a temporary git repository holding the fictional facts tree."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.contrib.diff import MD_LIMIT, Change, Side, render
from tests.conftest import DATA

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(repo: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "Test",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_SYSTEM": "/dev/null",
           "HOME": str(repo), "PATH": "/usr/bin:/bin"}
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env=env).stdout


@pytest.fixture()
def repo(tmp_path, monkeypatch) -> Path:
    shutil.copytree(DATA / "valid", tmp_path / "facts")
    shutil.copytree(DATA / "seeds", tmp_path / "seeds")
    git(tmp_path, "init", "-q", "-b", "main")
    commit(tmp_path, "facts")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def kg_diff(*args: str) -> str:
    result = CliRunner().invoke(app, ["diff", *args])
    assert result.exit_code == 0, result.output
    return result.output


def edit(repo: Path, old: str, new: str) -> None:
    path = repo / "facts" / "borealis.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_alias_and_date_change_print_exactly_two_changes(repo):
    edit(repo, "    alias: [NFSA]\n", "    alias: [NFSA, Norland Supervisor]\n")
    edit(repo, "startDate: 2031-03", "startDate: 2031-04")
    assert kg_diff().splitlines() == [  # working tree against HEAD
        "~ Review of Quillfeather Bank's reliance on Halvard routers [nfsa-review-of-halvard-routers]: startDate"
        " 2031-03 → 2031-04 — source borealis-2031-router-review",
        "+ Norland Financial Supervisory Authority [norland-financial-supervisory-authority]: alias Norland Supervisor"
        " — source borealis-2031-router-review",
    ]
    commit(repo, "alias and date")
    assert len(kg_diff("HEAD~1", "HEAD").splitlines()) == 2
    assert kg_diff() == "no change to the graph\n"


def test_reordered_keys_and_reformatted_file_show_no_change(repo):
    path = repo / "facts" / "borealis.yaml"
    text = path.read_text()
    text = text.replace("    type: Country\n    name: Norland\n", "    name: Norland\n    type: Country\n")
    text = text.replace("    alias: [NFSA]\n", "    alias:\n      - NFSA\n")
    text = text.replace("  - id: quillfeather-bank\n    type: Bank\n", "  - type: Bank\n    id: quillfeather-bank\n")
    path.write_text(text)
    shutil.move(path, repo / "facts" / "moved.yaml")
    commit(repo, "reorder")
    assert kg_diff("HEAD~1", "HEAD") == "no change to the graph\n"
    assert kg_diff("HEAD~1", "HEAD", "--format", "nt") == ""


def test_added_and_removed_records_read_in_plain_language(repo):
    path = repo / "facts" / "borealis.yaml"
    text = path.read_text()
    text = text.replace("  - id: norland-cabinet-office\n    type: Regulator\n    name: Norland Cabinet Office\n"
                        "    source: borealis-2031-router-review\n", "")
    text = text.replace("    resultsSubmittedTo: norland-cabinet-office\n", "")
    text += ("  - id: second-router-review\n    name: Second review\n    reviewer: norland-financial-supervisory-authority\n"
             "    reviewSubject: quillfeather-bank\n    concernsVendor: halvard-systems\n    startDate: 2031-05\n"
             "    source: borealis-2031-router-review\n")
    path.write_text(text)
    lines = kg_diff().splitlines()
    assert ("+ Review by Norland Financial Supervisory Authority of Quillfeather Bank concerning Halvard Systems, from 2031-05"
            " [second-router-review] — source borealis-2031-router-review") in lines
    assert "- Regulator Norland Cabinet Office [norland-cabinet-office]" in lines
    assert ("- Review of Quillfeather Bank's reliance on Halvard routers [nfsa-review-of-halvard-routers]: resultsSubmittedTo"
            " Norland Cabinet Office") in lines
    nt = kg_diff("--format", "nt").splitlines()
    assert "+ <https://example.org/kg/id/second-router-review> <https://example.org/kg/ns#startDate> " \
           "\"2031-05\"^^<http://www.w3.org/2001/XMLSchema#gYearMonth> ." in nt
    assert all(line[:2] in ("+ ", "- ") and line.endswith(" .") for line in nt)
    md = kg_diff("--format", "md")
    assert md.startswith("### Changes to the graph: HEAD → working tree\n\n")
    assert "- `+` Review by Norland" in md


def test_markdown_is_cut_at_the_limit_with_a_note():
    changes = [Change((f"s{i:05d}",), "+", f"Vendor Example {i:05d} " + "x" * 80) for i in range(1000)]
    md = render(changes, Side(), Side(), "md")
    assert len(md) <= MD_LIMIT
    assert "more changes (" in md.splitlines()[-1] and "left out" in md.splitlines()[-1]
    assert render(changes, Side(), Side(), "text").count("\n") == 1000


def test_unknown_revision_is_a_clear_error(repo):
    result = CliRunner().invoke(app, ["diff", "no-such-branch"])
    assert result.exit_code == 1
    assert "error: unknown revision 'no-such-branch'" in result.output and "Traceback" not in result.output


def test_unknown_revision_is_named(repo):
    result = CliRunner().invoke(app, ["diff", "nosuchrev"])
    assert result.exit_code == 1
    assert "unknown revision 'nosuchrev'" in result.output
    assert "rev-parse" not in result.output


def test_a_web_source_is_named_by_its_url_not_called_a_seed(repo):
    edit(repo, "reviews:\n", "  - id: ostwick-telecom\n    type: Vendor\n    name: Ostwick Telecom\n"
         "    source: {url: https://ledger.example/2031/ostwick, publisher: The Fictional Ledger, published: 2031-06-01}\nreviews:\n")
    out = kg_diff()
    assert out == "+ Vendor Ostwick Telecom [ostwick-telecom] — source https://ledger.example/2031/ostwick\n", out
    assert "seed" not in out
