"""Bad fact files and hostile seed documents, through ``kg build`` in a separate process.

Each fact case of ``tests/data/fact-cases/`` (the ones ``kg validate`` is tested on, in
``tests/contrib/test_validate_cases.py``) is built in a tree of its own: the case at
``facts/NAME.yaml`` beside the fictional seeds. Each seed case under ``cases/seeds/`` is added
to a copy of the fictional facts tree and its seeds. ``kg build`` runs into an ``out/`` holding
a previous good build, with a time limit and a cap on its memory. A refused case must end in
exit code 1 with its expected ``path:line:col: error: …`` lines, no traceback, and ``out/``
byte for byte as it was; an accepted one must keep every value as written."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.conftest import DATA

from .cases import TIMEOUT, input_cases, limit_memory, materialise, place_fact_case, read_expect

KG_NS = "https://example.org/kg/ns#"
SUFFIX = {"facts": ".yaml", "seeds": ".txt"}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {os.fspath(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def kg_build(tree: Path) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "kg.cli", "build", "--no-extract", "--facts", "facts", "--seeds", "seeds", "--out", "out"]
    return subprocess.run(cmd, cwd=tree, capture_output=True, text=True, timeout=TIMEOUT, preexec_fn=limit_memory,
                          env={**os.environ, "KG_DEBUG": ""})


@pytest.fixture(scope="module")
def previous_out(tmp_path_factory) -> Path:
    """A good build of the fictional tree: the out/ every case starts from."""
    tree = tmp_path_factory.mktemp("previous")
    shutil.copytree(DATA / "valid", tree / "facts")
    shutil.copytree(DATA / "seeds", tree / "seeds")
    result = kg_build(tree)
    assert result.returncode == 0, result.stderr
    return tree / "out"


def run_case(group: str, case: Path, tmp_path: Path, previous_out: Path):
    tree = tmp_path / "tree"
    shutil.copytree(DATA / "seeds", tree / "seeds")
    shutil.copytree(previous_out, tree / "out")
    before = snapshot(tree / "out")
    start = time.perf_counter()
    if group == "facts":
        place_fact_case(case, tree, tmp_path / "outside")
    else:
        shutil.copytree(DATA / "valid", tree / "facts")
        materialise(case, tree / group / (case.stem + SUFFIX[group]), tmp_path / "outside")
    result = kg_build(tree)
    elapsed = time.perf_counter() - start
    return tree, before, result, elapsed


def check_outcome(case: Path, tree: Path, before: dict[str, bytes], result, elapsed: float) -> None:
    expect = read_expect(case)
    said = result.stderr
    assert "Traceback" not in said and "internal error" not in said, said[-2000:]
    assert result.returncode == int(expect["exit"][0]), said[-2000:]
    assert elapsed < TIMEOUT
    for text in expect.get("stderr", []):
        assert text in said, f"expected {text!r} in:\n{said[:3000]}"
    for line in expect.get("problem", []):
        assert line in said.splitlines(), f"expected the line {line!r} in:\n{said[:3000]}"
    for line in said.splitlines():
        assert len(line) < 1000, f"an error line of {len(line)} characters"
    if result.returncode != 0:
        assert result.stdout == ""
        assert snapshot(tree / "out") == before, "a refused build changed out/"
        assert said.rstrip().endswith(("nothing was written; fix them and run again.", "nothing was written; fix it and run again.")), said[-500:]
        return
    union = list(ox.parse(path=str(tree / "out" / "graph.ttl"), format=ox.RdfFormat.TURTLE))
    for spec in expect.get("value", []):
        prop, _, text = spec.partition(" ")
        text = json.loads(text) if text.startswith('"') else text  # a JSON string, for escapes
        held = {t.object.value for t in union if t.predicate.value == KG_NS + prop and isinstance(t.object, ox.Literal)}
        assert text in held, f"{prop} {text!r} not kept as written; the graph holds {sorted(held)}"


@pytest.mark.parametrize("case", input_cases("facts"))
def test_bad_fact_file(case: Path, tmp_path: Path, previous_out: Path) -> None:
    check_outcome(case, *run_case("facts", case, tmp_path, previous_out))


@pytest.mark.parametrize("case", input_cases("seeds"))
def test_hostile_seed_document(case: Path, tmp_path: Path, previous_out: Path) -> None:
    check_outcome(case, *run_case("seeds", case, tmp_path, previous_out))


def test_nothing_was_executed() -> None:
    """The python/object tags of the cases would have created this file."""
    assert not Path("/tmp/kg-pwned").exists()


@pytest.mark.parametrize("folder", ["facts", "seeds"])
def test_symlinked_top_level_folder_leading_outside_is_refused(folder: str, tmp_path: Path, previous_out: Path) -> None:
    """``seeds -> /elsewhere`` (or ``facts``): refused like a symbolic link inside the tree."""
    tree, outside = tmp_path / "tree", tmp_path / "outside"
    shutil.copytree(DATA / "valid", tree / "facts" if folder == "seeds" else outside)
    shutil.copytree(DATA / "seeds", tree / "seeds" if folder == "facts" else outside)
    (tree / folder).symlink_to(outside, target_is_directory=True)
    shutil.copytree(previous_out, tree / "out", symlinks=True)
    before = snapshot(tree / "out")
    result = kg_build(tree)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"{folder}: error: a symbolic link to {outside.resolve()}, outside the tree" in result.stderr
    assert snapshot(tree / "out") == before


def test_symlinked_top_level_folder_inside_the_tree_is_read(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(DATA / "valid", tree / "data" / "facts")
    shutil.copytree(DATA / "seeds", tree / "seeds")
    (tree / "facts").symlink_to("data/facts", target_is_directory=True)
    result = kg_build(tree)
    assert result.returncode == 0, result.stderr
