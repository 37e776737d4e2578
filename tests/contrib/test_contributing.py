"""CONTRIBUTING.md's examples are copied from the real facts; the hooks and the workflow
run what the guide says."""

from __future__ import annotations

import re

import yaml

from tests.conftest import ROOT


def test_contributing_examples_are_copied_from_facts():
    guide = (ROOT / "CONTRIBUTING.md").read_text()
    facts = "\n".join(p.read_text() for p in sorted((ROOT / "facts").rglob("*.yaml")))
    seed = (ROOT / "seeds" / "scmp-2014-ibm-servers.txt").read_text()
    blocks = re.findall(r"```yaml\n(.*?)```", guide, flags=re.S)
    assert len(blocks) >= 5
    for block in blocks:
        for line in block.splitlines():
            if line.strip() and not line.endswith(":") or line.strip() in ("source:", "sources:", "actions:"):
                assert line.rstrip() in facts, line
    for line in ("id: scmp-2014-ibm-servers", "published: 2014-05-28"):
        assert line in guide and line in seed


def test_pre_commit_hook_and_config():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    validate = next(h for h in hooks if h["id"] == "kg-validate")
    assert validate["entry"] == "kg validate" and validate["files"] == r"^facts/.*\.ya?ml$"
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    local = next(r for r in config["repos"] if r["repo"] == "local")
    assert "kg-validate" in [h["id"] for h in local["hooks"]]
    ruff = next(r for r in config["repos"] if "ruff" in r["repo"])
    assert ruff["rev"] == "v0.8.6" and "ruff==0.8.6" in (ROOT / "pyproject.toml").read_text()


def test_workflow_validates_checks_builds_and_diffs():
    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "facts.yml").read_text())
    assert "pull_request" in flow[True]  # PyYAML reads the key `on` as true
    runs = [step.get("run", "") for step in flow["jobs"]["facts"]["steps"]]
    for command in ("kg validate", "kg fmt --check", "kg build --no-extract",
                    "kg diff origin/${{ github.base_ref }} HEAD --format md >> $GITHUB_STEP_SUMMARY"):
        assert command in runs, command


def test_contributing_error_messages_are_what_kg_validate_prints(fictional_tree, monkeypatch):
    """Each `kg validate` output CONTRIBUTING shows (```console blocks) is the tool's own,
    reproduced on the fictional tree: the review file with a bank as its reviewer."""
    from typer.testing import CliRunner

    from kg.cli import app

    guide = (ROOT / "CONTRIBUTING.md").read_text()
    shown = [b for b in re.findall(r"```console\n(.*?)```", guide, flags=re.S) if b.startswith("$ kg validate\n")]
    assert shown
    review = fictional_tree / "facts" / "reviews" / "quillfeather-review.yaml"
    review.parent.mkdir()
    review.write_text("reviews:\n  - id: quillfeather-router-review\n    name: Review of Quillfeather Bank\n"
                      "    reviewSubject: quillfeather-bank\n    reviewer: quillfeather-bank\n"
                      "    source: borealis-2031-router-review\n")
    monkeypatch.chdir(fictional_tree)
    result = CliRunner().invoke(app, ["validate", "--no-shacl"])
    for block in shown:
        assert block.split("\n", 1)[1] == result.output, result.output
