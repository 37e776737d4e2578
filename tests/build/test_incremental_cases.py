"""A build after a good one reads and checks only what changed (kg.inputs.load_changes). It
must refuse every bad input exactly as a build that reads everything does, and make the same
outputs from every good one. Each case of tests/data/fact-cases/ is added to a tree that was
just built, as a contributor's change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import kg.inputs as inputs_module
from kg.build.graph import build_graph, run_build
from kg.build.output import CURRENT, cache_folder
from kg.build.store import earlier_inputs
from kg.model.errors import InvalidData
from tests.conftest import DATA
from tests.hostile.cases import FACT_CASES, case_files, place_fact_case, read_expect

CASES = case_files(FACT_CASES)
# Enough other files that a case (one or two files) is a small change: the build takes the
# path that reads only what changed (kg.build.graph._UPDATE_SHARE).
FILLERS = 16


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    tree = tmp_path_factory.mktemp("built")
    shutil.copytree(DATA / "seeds", tree / "seeds")
    (tree / "facts").mkdir()
    for i in range(FILLERS):
        (tree / "facts" / f"filler-{i:02d}.yaml").write_text(
            f"entities:\n  - id: filler-state-{i}\n    type: Country\n    name: Fillerland {i}\n"
            "    source: {doc: borealis-2031-router-review, quote: \"Norland Financial Supervisory Authority\"}\n")
    run_build(tree / "facts", tree / "seeds", tree / "out", extract=False, root=tree)
    return tree


def _build(tree: Path, *, earlier: bool):
    out = tree / "out"
    return build_graph(tree / "facts", tree / "seeds", extract=False, root=tree, cache=cache_folder(out),
                       earlier=earlier_inputs(out / CURRENT, "https://example.org/kg/") if earlier else None)


@pytest.mark.parametrize("case", [pytest.param(c, id=c.stem) for c in CASES])
def test_a_change_is_checked_as_a_full_build_checks_it(case: Path, built: Path, tmp_path: Path, monkeypatch) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(built, tree, symlinks=True)
    place_fact_case(case, tree, tmp_path / "outside")
    monkeypatch.chdir(tree)
    outcomes, taken = _both(tree, monkeypatch)
    # Only a case that brings its own document changes what the earlier build read beyond facts.
    assert taken == [not (case / "seeds").is_dir()], "the build did not read only what changed"
    assert outcomes[0] == outcomes[1]
    if read_expect(case)["exit"] == ["1"]:
        assert outcomes[0] == sorted(read_expect(case)["problem"])


def _both(tree: Path, monkeypatch) -> tuple[list, list[bool]]:
    """The outputs (or the problems) of a build from the earlier one, then of a full build;
    and whether the first read only what changed."""
    taken = []
    real = inputs_module.load_changes

    def spy(*args, **kwargs):
        try:
            found = real(*args, **kwargs)
        except InvalidData:
            taken.append(True)
            raise
        taken.append(found is not None)
        return found

    monkeypatch.setattr("kg.build.graph.load_changes", spy)
    outcomes = []
    for earlier in (True, False):
        try:
            outcomes.append(_build(tree, earlier=earlier).files())
        except InvalidData as problems:
            outcomes.append(sorted(str(p) for p in problems.problems))
    return outcomes, taken

def _split_tree(tree: Path) -> None:
    """The fictional tree in three files: entities, the review (its reviewer given by a claim
    in a third file), and fillers."""
    text = (DATA / "valid" / "borealis.yaml").read_text()
    entities, review = text.split("reviews:\n")
    (tree / "facts" / "entities.yaml").write_text(entities)
    (tree / "facts" / "reviews.yaml").write_text(
        "reviews:\n" + review.replace("    reviewer: norland-financial-supervisory-authority\n", ""))
    (tree / "facts" / "reviewers.yaml").write_text(
        "claims:\n  - subject: nfsa-review-of-halvard-routers\n    predicate: reviewer\n"
        "    object: norland-financial-supervisory-authority\n    source: borealis-2031-router-review\n")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


EDITS = {
    # Another file refers to what the change removes, retypes or defines again.
    "entity-removed": lambda facts: _replace(facts / "entities.yaml", "  - id: halvard-systems\n", "  - id: halvard-old\n"),
    "entity-retyped": lambda facts: _replace(facts / "entities.yaml", "Regulator\n    name: Norland Financial",
                                             "Bank\n    name: Norland Financial"),
    "id-defined-again-earlier": lambda facts: (facts / "a-first.yaml").write_text(
        "entities:\n  - id: quillfeather-bank\n    type: Bank\n    name: Quillfeather\n"
        "    source: borealis-2031-router-review\n"),
    # A value another file's record needs is in the file deleted.
    "required-value-deleted": lambda facts: (facts / "reviewers.yaml").unlink(),
    "one-value-given-twice": lambda facts: _replace(facts / "reviewers.yaml", "claims:\n", (
        "claims:\n  - subject: nfsa-review-of-halvard-routers\n    predicate: startDate\n    object: 2031-04\n"
        "    source: borealis-2031-router-review\n")),
}


@pytest.mark.parametrize("edit", EDITS)
def test_a_change_that_breaks_another_file_is_found(edit: str, tmp_path: Path, monkeypatch) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(DATA / "seeds", tree / "seeds")
    (tree / "facts").mkdir()
    _split_tree(tree)
    for i in range(FILLERS):
        (tree / "facts" / f"filler-{i:02d}.yaml").write_text(
            f"entities:\n  - id: filler-state-{i}\n    type: Country\n    name: Fillerland {i}\n"
            "    source: borealis-2031-router-review\n")
    run_build(tree / "facts", tree / "seeds", tree / "out", extract=False, root=tree)
    EDITS[edit](tree / "facts")
    outcomes, taken = _both(tree, monkeypatch)
    assert taken == [True], "the build did not read only what changed"
    assert outcomes[0] == outcomes[1]
    assert isinstance(outcomes[0], list) and all(": error: " in line for line in outcomes[0])
    assert any(not line.startswith(changed) for line in outcomes[0] for changed in CHANGED[edit]), \
        "the problem is in another file than the one changed"


# The file each edit changes: the problem found is in another one.
CHANGED = {"entity-removed": ["facts/entities.yaml"], "entity-retyped": ["facts/entities.yaml"],
           "id-defined-again-earlier": ["facts/a-first.yaml"], "required-value-deleted": ["facts/reviewers.yaml"],
           "one-value-given-twice": ["facts/reviewers.yaml"]}
