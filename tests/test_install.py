"""kg as its users get it: installed from a wheel, not from this checkout.

``pip install .``, ``pipx install`` and pre-commit (which installs a hook repository with
``pip install .``) all install the wheel, so everything kg reads at run time must be inside
the package and every package it imports must be declared. The slow tests build the wheel
(``pip wheel`` without build isolation, so with this venv's setuptools and no network),
install it into a fresh virtual environment that cannot see this checkout or this venv
(its dependencies come from the package index or pip's cache), and run the commands a
facts repository runs — ``kg build``, ``kg query reviews`` and the entry points of
``.pre-commit-hooks.yaml`` — in a fixture repository of fictional facts made for the test.

The fast test checks the declared dependencies against the imports, from the source."""

from __future__ import annotations

import ast
import csv
import importlib.metadata
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml

from tests.conftest import DATA, ROOT

REVIEW = "nfsa-review-of-halvard-routers"  # the curated review of tests/data/valid/borealis.yaml


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_normalise(re.match(r"[A-Za-z0-9_.\-]+", req).group()) for req in project["dependencies"]}


def _used_modules() -> dict[str, str]:
    """Top-level third-party modules kg imports, or reads files from with
    ``resources.files("name")`` or ``importlib.util.find_spec("name")``, each with one
    module that does."""
    used: dict[str, str] = {}
    for path in sorted((ROOT / "kg").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("files", "find_spec")
                  and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                names = [node.args[0].value]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top != "kg":
                    used.setdefault(top, str(path.relative_to(ROOT)))
    return used


def test_every_imported_package_is_declared_and_nothing_more():
    """numpy was imported but not declared, so a clean install could lack it."""
    distributions = importlib.metadata.packages_distributions()
    used = _used_modules()
    provided: dict[str, set[str]] = {}
    for module, where in used.items():
        assert module in distributions, f"{where} imports {module}, which no installed distribution provides"
        provided[module] = {_normalise(dist) for dist in distributions[module]}
    declared = _declared()
    undeclared = {module: used[module] for module, dists in provided.items() if not dists & declared}
    assert not undeclared, f"imported but not declared in pyproject.toml: {undeclared}"
    unused = declared - set().union(*provided.values())
    assert not unused, f"declared in pyproject.toml but never imported by kg: {sorted(unused)} — move to an extra"


def _clean_env(venv: Path) -> dict[str, str]:
    """The environment pre-commit gives a hook: the venv's bin/ first on PATH, nothing that
    would let Python find this checkout."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "KG_DEBUG")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONNOUSERSITE"] = "1"
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path]:
    """(the wheel, a fresh venv with it installed)."""
    work = tmp_path_factory.mktemp("install")
    # A copy of what the wheel is made of: pip builds a local folder in place, and a build/
    # left in this checkout could carry stale modules into the wheel.
    src = work / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "kg", src / "kg", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    env = _clean_env(work / "none")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w",
                    str(work / "dist"), str(src)], check=True, env=env, timeout=300)
    (wheel,) = (work / "dist").glob("kg-*.whl")
    venv = work / "venv"
    # No pip inside (it would take ~20 s to seed): this venv's pip installs into it with --python.
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "-q",
                    "--no-compile", str(wheel)], check=True, env=env, timeout=600)
    return wheel, venv


@pytest.fixture()
def facts_repo(tmp_path) -> Path:
    """A repository of fictional facts that is not this one: facts/ and seeds/ in a git
    repository (as pre-commit needs, and as a root could be found from a subfolder)."""
    repo = tmp_path / "northwind-facts"
    shutil.copytree(DATA / "valid", repo / "facts")
    shutil.copytree(DATA / "seeds", repo / "seeds")
    if shutil.which("git"):
        subprocess.run(["git", "init", "-q", str(repo)], check=True, timeout=60)
    return repo


def kg(venv: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(venv / "bin" / "kg"), *args], cwd=cwd, capture_output=True, text=True,
                          env=_clean_env(venv), timeout=300)


@pytest.mark.slow
def test_wheel_holds_every_file_kg_reads(installed, tmp_path):
    """ontology/, queries/ and the page assets sat outside the package: an installed kg
    failed on its first command with 'No such file or directory'."""
    wheel, venv = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    data = {p.relative_to(ROOT).as_posix() for p in (ROOT / "kg").rglob("*")
            if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts}
    assert {"kg/model/data/kg.ttl", "kg/model/data/queries/reviews.rq", "kg/build/assets/page.js"} <= data
    assert data <= names, sorted(data - names)
    # the installed copy is the one that runs, not this checkout
    probe = subprocess.run([str(venv / "bin" / "python"), "-c", "import kg, sys; print(kg.__file__); print(sys.path)"],
                           cwd=tmp_path, capture_output=True, text=True, env=_clean_env(venv), check=True)
    where, path = probe.stdout.splitlines()
    assert Path(where).resolve().is_relative_to(venv.resolve())
    assert str(ROOT) not in path and str(Path(sys.prefix)) not in path


def _check_build(venv: Path, repo: Path) -> None:
    result = kg(venv, repo, "build")
    assert result.returncode == 0, result.stderr
    summary = json.loads((repo / "out" / "build.json").read_text())
    counts = summary["counts"]
    said = re.match(r"built (\d+) triples in (\d+) claims about (\d+) entities \(curated (\d+), extracted (\d+) claims\)",
                    result.stdout)
    assert said, result.stdout
    assert [int(n) for n in said.groups()] == [counts["triples"], counts["claims"], counts["entities"],
                                               counts["claims_by_origin"]["curated"], counts["claims_by_origin"]["extracted"]]
    assert summary["inputs"] == {"documents": ["borealis-2031-router-review"], "fact_files": 1}
    # the fixture's curated entities, by class (extraction may add more)
    by_class = counts["by_class"]
    assert {k: by_class.get(k) for k in ("Bank", "Country", "Place", "Vendor")} == {"Bank": 1, "Country": 1, "Place": 1, "Vendor": 1}
    assert by_class["Regulator"] == 2 and by_class["Review"] >= 1
    page = (repo / "out" / "graph.html").read_text(encoding="utf-8")
    assert "Quillfeather Bank" in page and "vis-network" in page  # the bundled library, inlined


def _check_reviews(venv: Path, cwd: Path) -> None:
    result = kg(venv, cwd, "query", "reviews", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    curated = {row["property"].rsplit("#", 1)[1]: row["value"] for row in rows
               if row["review"].endswith("/id/" + REVIEW) and row["origin"].endswith("#curated")}
    assert curated == {"concernsVendor": "https://example.org/kg/id/halvard-systems",
                       "resultsSubmittedTo": "https://example.org/kg/id/norland-cabinet-office",
                       "reviewSubject": "https://example.org/kg/id/quillfeather-bank",
                       "reviewer": "https://example.org/kg/id/norland-financial-supervisory-authority",
                       "startDate": "2031-03", "status": "https://example.org/kg/ns#ongoing"}
    table = kg(venv, cwd, "query", "reviews")
    assert table.returncode == 0 and table.stdout.rstrip().endswith(f"({len(rows)} rows)"), table.stdout[-300:]


def _run_hooks(venv: Path, repo: Path, files: list[str]) -> dict[str, subprocess.CompletedProcess]:
    """Each hook of .pre-commit-hooks.yaml as pre-commit runs it: its entry, then the files."""
    env = _clean_env(venv)
    assert shutil.which("kg", path=env["PATH"]) == str(venv / "bin" / "kg")
    results = {}
    for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")):
        assert hook["language"] == "python" and hook["pass_filenames"] is True
        chosen = [f for f in files if re.search(hook["files"], f)]
        assert chosen == files, hook["id"]
        results[hook["id"]] = subprocess.run(shlex.split(hook["entry"]) + chosen, cwd=repo, capture_output=True,
                                             text=True, env=env, timeout=300)
    assert set(results) == {"kg-validate", "kg-fmt"}
    return results


@pytest.mark.slow
def test_installed_kg_builds_queries_and_runs_the_hooks(installed, facts_repo):
    _, venv = installed
    _check_build(venv, facts_repo)
    _check_reviews(venv, facts_repo)
    # a facts repository keeps its files as kg fmt writes them; then both hooks pass
    assert kg(venv, facts_repo, "fmt", "facts").returncode == 0
    hooks = _run_hooks(venv, facts_repo, ["facts/borealis.yaml"])
    assert (hooks["kg-validate"].returncode, hooks["kg-validate"].stdout) == (0, "ok: 1 fact file and 1 document valid\n")
    assert hooks["kg-fmt"].returncode == 0, hooks["kg-fmt"].stdout + hooks["kg-fmt"].stderr
    # a commit adding a file with a misspelt reference and its keys out of order: both refuse it
    (facts_repo / "facts" / "orrin.yaml").write_text(
        "entities:\n  - name: Orrin Vale Bank\n    id: orrin-vale-bank\n    type: Bank\n    country: norlnd\n"
        "    source: borealis-2031-router-review\n", encoding="utf-8")
    hooks = _run_hooks(venv, facts_repo, ["facts/borealis.yaml", "facts/orrin.yaml"])
    said = hooks["kg-validate"].stdout + hooks["kg-validate"].stderr
    assert hooks["kg-validate"].returncode == 1
    assert "facts/orrin.yaml:5:14: error: unknown id 'norlnd'" in said and "did you mean 'norland'?" in said
    said = hooks["kg-fmt"].stdout + hooks["kg-fmt"].stderr
    assert hooks["kg-fmt"].returncode == 1 and "would reformat facts/orrin.yaml" in said
    assert "facts/borealis.yaml" not in said
    # kg eval's default gold folder is kg's own tests/gold/, which a facts repository lacks
    result = kg(venv, facts_repo, "eval")
    assert result.returncode == 1 and "give --gold FOLDER" in result.stderr, result.stderr


@pytest.mark.slow
def test_installed_kg_from_a_subfolder(installed, facts_repo):
    """Every command from any folder of a facts repository, as git commands work."""
    _, venv = installed
    assert kg(venv, facts_repo / "facts", "build").returncode == 0
    _check_reviews(venv, facts_repo / "seeds")
    result = kg(venv, facts_repo / "facts", "validate", "borealis.yaml")
    assert (result.returncode, result.stdout) == (0, "ok: 1 fact file and 1 document valid\n"), result.stderr
