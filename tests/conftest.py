"""Shared fixtures: the repository root, a built copy of the real facts, fictional data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
# The curated facts of the seed article alone, frozen: tests that count rows of the real graph
# use these, so curating more events into facts/ does not change what they expect.
SEED_FACTS = DATA / "seed-facts"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """``kg build --no-extract`` of the seed article's curated facts into a temporary out/."""
    from kg.build.graph import run_build

    # A tree of its own, so provenance names the files as the repository did: facts/….
    tree = tmp_path_factory.mktemp("seed")
    shutil.copytree(SEED_FACTS, tree / "facts")
    shutil.copytree(ROOT / "seeds", tree / "seeds")
    out = tree / "out"
    run_build(tree / "facts", tree / "seeds", out, extract=False, root=tree)
    return out


@pytest.fixture()
def fictional_tree(tmp_path) -> Path:
    """A copy of the fictional facts tree and its seed document, to change freely."""
    shutil.copytree(DATA / "valid", tmp_path / "facts")
    shutil.copytree(DATA / "seeds", tmp_path / "seeds")
    return tmp_path
