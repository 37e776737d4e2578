"""Reading input cases: one input per case, its expected outcome beside it.

Bad fact files live in ``tests/data/fact-cases/`` — the mistakes a contributor makes and
the inputs an attacker writes, in one folder — and hostile seed documents in
``tests/hostile/cases/seeds/``. Two tests read the fact cases:
``tests/contrib/test_validate_cases.py`` (``kg validate`` in process: the exact list of
problems) and ``tests/hostile/test_inputs.py`` (``kg build`` in a separate process, under a
time limit and a memory cap: exit code, those lines on standard error, ``out/`` untouched).

A case is ``NAME.<ext>`` (the input as committed), ``NAME.gen`` (a JSON recipe for an input
too big or too odd to commit: a sparse 100 MB file, a 10 MB line, a directory, a symbolic
link), or a folder ``NAME/`` (several fact files; or ``facts/`` and ``seeds/`` for a case that
brings its own documents). The ``parts`` of a recipe are ``[text, count]`` (the text repeated)
or ``[text, count, "numbered"]`` (``{i}`` in the text replaced by 0, 1, 2 …, for distinct
values). ``NAME.expect`` beside it holds ``key: value`` lines:

- ``exit: N`` — the exit code of ``kg validate`` and ``kg build``;
- ``problem: LINE`` — a problem exactly as printed, its path as seen from the root of a tree
  where the case sits at ``facts/NAME.yaml`` (or ``facts/NAME/``) beside the fictional
  ``seeds/``; together the ``problem`` lines are every problem of the case, in order;
- ``stderr: TEXT`` — a substring of standard error (repeatable, all must appear);
- ``value: PROP TEXT`` — a literal the build must hold exactly as written (for values YAML
  would silently convert); TEXT in double quotes is a JSON string, for escapes.

Query (``.rq``) and request (``.http``) cases carry their expectations as ``# key: value``
header lines instead, since their inputs are text with comments.
"""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
from pathlib import Path

import pytest

from tests.conftest import DATA

CASES = Path(__file__).parent / "cases"
FACT_CASES = DATA / "fact-cases"
TIMEOUT = 20  # seconds any one case may take, generation included
MEMORY_CAP = 1536 * 1024 * 1024  # address space of a kg process under test (RocksDB reserves ~1 GiB)


def limit_memory() -> None:
    """preexec_fn: cap the child's address space, so 'bounded memory' is enforced, not hoped."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def case_files(folder: Path) -> list[Path]:
    """The inputs of a case folder (everything but the ``.expect`` files), sorted."""
    return sorted(p for p in folder.iterdir() if p.suffix != ".expect")


def input_cases(group: str) -> list:
    """pytest params for the cases of ``tests/hostile/cases/GROUP``, or of the fact cases."""
    folder = FACT_CASES if group == "facts" else CASES / group
    return [pytest.param(p, id=p.stem) for p in case_files(folder)]


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


def place_fact_case(case: Path, tree: Path, outside: Path) -> None:
    """Put a fact case into ``tree``: at ``facts/NAME.yaml`` (or ``facts/NAME/``), and the
    documents of a case that brings its own into ``seeds/``."""
    facts = tree / "facts"
    facts.mkdir(parents=True, exist_ok=True)
    if not case.is_dir():
        materialise(case, facts / f"{case.stem}.yaml", outside)
    elif (case / "facts").is_dir() and (case / "seeds").is_dir():
        shutil.copytree(case / "facts", facts / case.name)
        shutil.copytree(case / "seeds", tree / "seeds", dirs_exist_ok=True)
    else:
        shutil.copytree(case, facts / case.name)


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
            for text, count, *numbered in recipe["parts"]:
                # ["a{i},", 3, "numbered"] writes a0,a1,a2, — distinct values, e.g. aliases
                f.write("".join(text.replace("{i}", str(i)) for i in range(count)) if numbered else text * count)
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
