"""Each case under tests/data/fact-cases/ is one mistake a contributor can make or one input
an attacker can write; NAME.expect beside it holds the exact lines `kg validate` must print
(the format is described in tests/hostile/cases.py, which reads it; tests/hostile/test_inputs.py
runs the same cases through `kg build` in a separate process, under time and memory limits).

Every case is checked in a tree of its own: the case at facts/NAME.yaml (or facts/NAME/)
beside the fictional seeds/ (plus the documents of a case that brings its own)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.contrib.validate import validate_paths
from kg.model.errors import InvalidData
from tests.conftest import DATA, ROOT
from tests.hostile.cases import FACT_CASES, case_files, place_fact_case, read_expect

CASES = case_files(FACT_CASES)


def case_tree(tmp_path: Path, cases: list[Path]) -> Path:
    """A facts/ + seeds/ tree holding ``cases`` and the fictional seed document."""
    tree = tmp_path / "tree"
    shutil.copytree(DATA / "seeds", tree / "seeds")
    for case in cases:
        place_fact_case(case, tree, tmp_path / "outside")
    return tree


@pytest.mark.parametrize("case", [pytest.param(c, id=c.stem) for c in CASES])
def test_case_reports_exact_problems(case: Path, tmp_path, monkeypatch):
    tree = case_tree(tmp_path, [case])
    monkeypatch.chdir(tree)
    expect = read_expect(case)
    if expect["exit"] == ["0"]:
        assert validate_paths([Path("facts")], Path("seeds"), shacl=True, root=tree).startswith("ok:")
        return
    with pytest.raises(InvalidData) as info:
        validate_paths([Path("facts")], Path("seeds"), shacl=False, root=tree)
    assert [str(p) for p in info.value.problems] == expect["problem"]


def test_every_case_has_expected_output():
    assert len(CASES) >= 90
    for case in CASES:
        expect = read_expect(case)
        assert expect["exit"] in (["0"], ["1"]), case
        assert expect.get("problem") if expect["exit"] == ["1"] else expect.get("value"), case
    # every listed mistake of issue 6 has its case
    for name in ("yaml-syntax-error", "tab-indentation", "duplicate-key", "anchor-alias", "empty-file", "non-utf8",
                 "byte-order-mark", "file-over-size-cap", "unknown-section", "unknown-field", "missing-id",
                 "id-not-slug", "duplicate-id-two-files", "unknown-class", "unknown-predicate", "wrong-value-type",
                 "misspelt-reference", "wrong-class-for-role", "impossible-date", "end-before-start",
                 "missing-source", "unknown-source-id", "quote-not-found", "malformed-url", "confidence-out-of-range",
                 "seed-without-front-matter"):
        assert (FACT_CASES / f"{name}.expect").is_file(), name


REFUSED = [c for c in CASES if read_expect(c)["exit"] == ["1"]]


def test_one_run_reports_every_case(tmp_path, monkeypatch):
    """All mistakes, from one `kg validate` run over a folder holding them all, exit code 1."""
    tree = case_tree(tmp_path, REFUSED)
    monkeypatch.chdir(tree)
    result = CliRunner().invoke(app, ["validate", "facts", "--seeds", "seeds", "--no-shacl"])
    assert result.exit_code == 1
    out = result.output
    assert "Traceback" not in out
    reported = 0
    for case in REFUSED:
        for line in read_expect(case)["problem"]:
            if "already used at" in line:
                continue  # ids clash across cases in one tree; checked on its own above
            assert line in out, line
            reported += 1
    assert reported >= len(REFUSED) - 1
    assert "facts/duplicate-id-two-files/b.yaml:3:5: error: id 'norland' is already used at " in out
    # the summary counts every file with a problem
    assert out.rstrip().endswith("fix them and run again.")


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
    aliases = sorted(t.object.value for t in build.triples() if t.subject.value.endswith("/id/norland")
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


def _problems(paths: list[Path], tree: Path, cache: Path | None) -> list[str]:
    try:
        validate_paths(paths, Path("seeds"), facts_dir=tree / "facts", shacl=False, root=tree, cache=cache)
    except InvalidData as exc:
        return sorted(str(p) for p in exc.problems)
    return []


@pytest.mark.parametrize("case", [pytest.param(c, id=c.stem) for c in CASES if c.is_dir()])
def test_one_file_checked_alone_reports_what_the_whole_tree_reports_of_it(case: Path, tmp_path, monkeypatch):
    """`kg validate FILE` reads the rest of the tree only as far as it needs (an index of
    ids, classes and names, from the cache the second time): it must find exactly the
    problems a check of the whole tree finds in that file."""
    tree = case_tree(tmp_path, [case])
    monkeypatch.chdir(tree)
    whole = _problems([tree / "facts"], tree, None)
    files = sorted((tree / "facts").rglob("*.yaml"))
    for cache in (None, tmp_path / "cache", tmp_path / "cache"):  # no cache, filling it, read from it
        for path in files:
            shown = str(path.relative_to(tree))
            # The documents' problems are reported whichever file is checked.
            assert _problems([path], tree, cache) == [p for p in whole if p.startswith((shown + ":", "seeds/"))], shown
