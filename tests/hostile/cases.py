"""Reading hostile cases: one input per case, its expected outcome beside it.

A case is ``NAME.<ext>`` (the input as committed) or ``NAME.gen`` (a JSON recipe for an
input too big or too odd to commit: a sparse 100 MB file, a 10 MB line, a directory, a
symbolic link), with ``NAME.expect`` holding ``key: value`` lines:

- ``exit: N`` — the exit code of the command;
- ``stderr: TEXT`` — a substring of standard error (repeatable, all must appear);
- ``value: PROP TEXT`` — a literal the build must hold exactly as written (for values YAML
  would silently convert).

Query (``.rq``) and request (``.http``) cases carry their expectations as ``# key: value``
header lines instead, since their inputs are text with comments.
"""

from __future__ import annotations

import json
import os
import random
import resource
from pathlib import Path

import pytest

CASES = Path(__file__).parent / "cases"
TIMEOUT = 20  # seconds any one case may take, generation included
MEMORY_CAP = 1536 * 1024 * 1024  # address space of a kg process under test (RocksDB reserves ~1 GiB)


def limit_memory() -> None:
    """preexec_fn: cap the child's address space, so 'bounded memory' is enforced, not hoped."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def input_cases(group: str) -> list:
    folder = CASES / group
    found = sorted(p for p in folder.iterdir() if p.suffix != ".expect")
    return [pytest.param(p, id=p.stem) for p in found]


def read_expect(case: Path) -> dict[str, list[str]]:
    spec: dict[str, list[str]] = {}
    for line in case.with_suffix(".expect").read_text(encoding="utf-8").splitlines():
        if line.strip():
            key, _, value = line.partition(": ")
            spec.setdefault(key.strip(), []).append(value)
    return spec


def read_header(case: Path) -> dict[str, list[str]]:
    """``# key: value`` lines at the top of a .rq or .http case."""
    spec: dict[str, list[str]] = {}
    for line in case.read_text(encoding="utf-8").splitlines():
        if not line.startswith("# "):
            break
        key, sep, value = line[2:].partition(": ")
        if sep:
            spec.setdefault(key.strip(), []).append(value)
    return spec


def materialise(case: Path, target: Path, outside: Path) -> None:
    """Put the case's input at ``target`` (a file name with the right suffix)."""
    if case.suffix != ".gen":
        target.write_bytes(case.read_bytes())
        return
    recipe = json.loads(case.read_text())
    if "sparse" in recipe:
        with target.open("wb") as f:
            f.truncate(recipe["sparse"])  # no bytes are written: the size is what is hostile
    elif "parts" in recipe:
        with target.open("w", encoding="utf-8") as f:
            for text, count in recipe["parts"]:
                f.write(text * count)
    elif "random" in recipe:
        rng = random.Random(recipe["seed"])
        prefix = recipe.get("prefix", "").encode("latin-1")
        target.write_bytes(prefix + bytes(rng.getrandbits(8) for _ in range(recipe["random"])))
    elif "directory" in recipe:
        target.mkdir()
        (target / "inside.yaml").write_text("entities:\n")
    elif "symlink" in recipe:
        os.symlink(recipe["symlink"], target)
    elif "symlink-folder" in recipe:
        outside.mkdir(exist_ok=True)
        (outside / "planted.yaml").write_text("entities:\n  - id: planted\n    type: Country\n    name: Planted\n"
                                              "    source: borealis-2031-router-review\n")
        os.symlink(outside, target.with_suffix(""), target_is_directory=True)
    else:  # pragma: no cover - a broken case file
        raise ValueError(f"{case}: unknown recipe {recipe}")
