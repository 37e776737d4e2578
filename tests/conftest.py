"""Shared fixtures: the repository root, a built copy of the real facts, fictional data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """``kg build --no-extract`` of the repository's facts and seeds into a temporary out/."""
    from kg.build import run_build

    out = tmp_path_factory.mktemp("out")
    run_build(ROOT / "facts", ROOT / "seeds", out, extract=False, root=ROOT)
    return out


@pytest.fixture()
def fictional_tree(tmp_path) -> Path:
    """A copy of the fictional facts tree and its seed document, to change freely."""
    shutil.copytree(DATA / "valid", tmp_path / "facts")
    shutil.copytree(DATA / "seeds", tmp_path / "seeds")
    return tmp_path
