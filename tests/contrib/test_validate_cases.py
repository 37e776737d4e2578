"""Each file or folder under tests/data/invalid/ is one mistake a contributor can make;
NAME.expected beside it holds the exact lines `kg validate` must print.

A case folder holding ``facts/`` and ``seeds/`` brings its own documents (for mistakes in
seed documents); any other case is checked against the fictional tests/data/seeds/.
While the cases run, the size cap of fact files is lowered to ``SMALL_CAP`` bytes so the
"file over the size cap" case stays a small committed file; the real cap is tested with a
generated file below."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg.inputs.yamlload
from kg.cli import app
from kg.contrib.validate import validate_paths
from kg.model.errors import InvalidData
from tests.conftest import DATA, ROOT

INVALID = DATA / "invalid"
CASES = sorted(p for p in INVALID.iterdir() if p.suffix != ".expected")
SMALL_CAP = 4096


def expected_lines(case: Path) -> list[str]:
    return (INVALID / f"{case.stem}.expected").read_text().splitlines()


def own_seeds(case: Path) -> bool:
    return case.is_dir() and (case / "facts").is_dir() and (case / "seeds").is_dir()


@pytest.fixture()
def small_cap(monkeypatch):
    monkeypatch.setattr(kg.inputs.yamlload, "MAX_FILE_BYTES", SMALL_CAP)


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in CASES])
def test_invalid_case_reports_exact_problem(case: Path, monkeypatch, small_cap):
    monkeypatch.chdir(ROOT)
    rel = case.relative_to(ROOT)
    facts, seeds = (rel / "facts", rel / "seeds") if own_seeds(case) else (rel, DATA.relative_to(ROOT) / "seeds")
    with pytest.raises(InvalidData) as info:
        validate_paths([facts], seeds, shacl=False, root=ROOT)
    assert [str(p) for p in info.value.problems] == expected_lines(case)


def test_every_case_has_expected_output():
    assert len(CASES) >= 40
    for case in CASES:
        assert (INVALID / f"{case.stem}.expected").read_text().strip(), case
    # every listed mistake of issue 6 has its case
    for name in ("yaml-syntax-error", "tab-indentation", "duplicate-key", "anchor-alias", "empty-file", "non-utf8",
                 "byte-order-mark", "file-over-size-cap", "unknown-section", "unknown-field", "missing-id",
                 "id-not-slug", "duplicate-id-two-files", "unknown-class", "unknown-predicate", "wrong-value-type",
                 "misspelt-reference", "wrong-class-for-role", "impossible-date", "end-before-start",
                 "missing-source", "unknown-source-id", "quote-not-found", "malformed-url", "confidence-out-of-range",
                 "seed-without-front-matter"):
        assert (INVALID / f"{name}.expected").is_file(), name


def _one_tree(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """Every case in one facts/ folder and every seed in one seeds/ folder; returns the
    tree and how case paths are renamed in it."""
    facts, seeds = tmp_path / "facts", tmp_path / "seeds"
    shutil.copytree(DATA / "seeds", seeds)
    renames = {"tests/data/seeds/": "seeds/"}
    for case in CASES:
        if own_seeds(case):
            shutil.copytree(case / "facts", facts / case.name)
            for doc in (case / "seeds").iterdir():
                shutil.copy(doc, seeds / doc.name)
            renames[f"tests/data/invalid/{case.name}/facts/"] = f"facts/{case.name}/"
            renames[f"tests/data/invalid/{case.name}/seeds/"] = "seeds/"
        elif case.is_dir():
            shutil.copytree(case, facts / case.name)
        else:
            facts.mkdir(exist_ok=True)
            shutil.copy(case, facts / case.name)
    renames["tests/data/invalid/"] = "facts/"
    return tmp_path, renames


def test_one_run_reports_every_case(tmp_path, monkeypatch, small_cap):
    """All mistakes, from one `kg validate` run over a folder holding them all, exit code 1."""
    tree, renames = _one_tree(tmp_path)
    monkeypatch.chdir(tree)
    result = CliRunner().invoke(app, ["validate", "facts", "--seeds", "seeds", "--no-shacl"])
    assert result.exit_code == 1
    out = result.output
    assert "Traceback" not in out
    reported = 0
    for case in CASES:
        for line in expected_lines(case):
            if "already used at" in line:
                continue  # ids clash across cases in one tree; checked on its own above
            for old, new in renames.items():
                line = line.replace(old, new)
            assert line in out, line
            reported += 1
    assert reported >= len(CASES) - 1
    assert "facts/duplicate-id-two-files/b.yaml:3:5: error: id 'norland' is already used at " in out
    # the summary counts every file with a problem
    assert out.rstrip().endswith("fix them and run again.")


def test_real_size_cap_with_a_generated_file(tmp_path):
    big = tmp_path / "big.yaml"
    with big.open("wb") as f:
        f.truncate(kg.inputs.yamlload.MAX_FILE_BYTES + 1)  # sparse: no megabytes written
    with pytest.raises(InvalidData) as info:
        validate_paths([big], DATA / "seeds", shacl=False, root=tmp_path)
    assert [str(p) for p in info.value.problems] == [
        f"big.yaml:1:1: error: file is {kg.inputs.yamlload.MAX_FILE_BYTES + 1:,} bytes, over the limit of "
        f"{kg.inputs.yamlload.MAX_FILE_BYTES:,} bytes — split it into several smaller files (one per topic)"]


def test_values_yaml_would_convert_stay_as_written(fictional_tree, monkeypatch):
    """`NO`, `yes` and 2031-06-12 are the text written, never false, true or a date object;
    curly quotes in a quote match straight ones in the document."""
    from kg.build.graph import build_graph

    path = fictional_tree / "facts" / "borealis.yaml"
    text = path.read_text().replace("    name: Norland\n", "    name: Norland\n    alias: [NO, yes, 2031-06-12]\n", 1)
    # a quote typed with a curly apostrophe matches the straight one in the document
    text = text.replace('quote: "The Norland Financial Supervisory Authority is reviewing"',
                        'quote: "whether Quillfeather Bank\u2019s reliance on routers"')
    assert "\u2019" in text
    path.write_text(text)
    monkeypatch.chdir(fictional_tree)
    assert validate_paths([Path("facts")], Path("seeds"), shacl=True, root=fictional_tree).startswith("ok:")
    build = build_graph(Path("facts"), Path("seeds"), extract=False, root=fictional_tree)
    aliases = sorted(t.object.value for t in build.union if t.subject.value.endswith("/id/norland")
                     and t.predicate.value.endswith("#alias"))
    assert aliases == ["2031-06-12", "NO", "yes"]


def test_valid_fictional_tree_passes_with_shacl(monkeypatch):
    monkeypatch.chdir(ROOT)
    summary = validate_paths([Path("tests/data/valid")], Path("tests/data/seeds"), shacl=True, root=ROOT)
    assert summary.startswith("ok: 1 fact file")


def test_done_when_three_mistakes_in_one_tree(tmp_path, monkeypatch):
    """A misspelt reference, a duplicate key and a bad date, all reported with path:line, exit 1."""
    facts = tmp_path / "facts"
    facts.mkdir()
    text = (DATA / "valid" / "borealis.yaml").read_text()
    text = text.replace("reviewer: norland-financial-supervisory-authority", "reviewer: norland-financial-supervisory-authorit")
    text = text.replace("startDate: 2031-03", "startDate: 2031-13")
    text = text.replace("    name: Norland\n", "    name: Norland\n    name: Norland again\n", 1)
    (facts / "borealis.yaml").write_text(text)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["validate", "facts", "--seeds", str(DATA / "seeds")])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(line.startswith("facts/borealis.yaml:7:5: error: duplicate key 'name'") for line in lines)
    assert any(line.startswith("facts/borealis.yaml:41:16: error: '2031-13' has month 13") for line in lines)
    assert any(line.startswith("facts/borealis.yaml:37:15: error: unknown id 'norland-financial-supervisory-authorit'")
               and "did you mean 'norland-financial-supervisory-authority'" in line for line in lines)
