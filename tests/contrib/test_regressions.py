"""Regressions found in review in ``kg validate``: each test names what used to go wrong."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.contrib.validate import validate_paths
from kg.model.errors import InvalidData
from tests.conftest import DATA


def test_validate_reports_a_file_however_its_path_is_written(tmp_path, monkeypatch):
    """`kg validate facts/../facts/x.yaml` used to filter out every problem and say ok."""
    shutil.copytree(DATA / "valid", tmp_path / "facts")
    shutil.copytree(DATA / "seeds", tmp_path / "seeds")
    bad = tmp_path / "facts" / "bad.yaml"
    bad.write_text("entities:\n  - id: bad\n    type: Vendorr\n    name: Bad\n    source: borealis-2031-router-review\n")
    monkeypatch.chdir(tmp_path)
    for written in (Path("facts/bad.yaml"), Path("facts/../facts/bad.yaml"), bad):
        with pytest.raises(InvalidData) as info:
            validate_paths([written], Path("seeds"), shacl=False, root=tmp_path)
        assert [str(p) for p in info.value.problems][0].startswith("facts/bad.yaml:3:11: error: unknown type 'Vendorr'")
