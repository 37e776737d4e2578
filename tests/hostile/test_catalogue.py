"""The hostile cases themselves: enough of them, each with its expected outcome."""

from __future__ import annotations

from .cases import CASES, FACT_CASES, case_files, read_expect, read_header


def test_every_case_states_its_outcome() -> None:
    count = 0
    for folder in (FACT_CASES, CASES / "seeds"):
        for case in case_files(folder):
            assert "exit" in read_expect(case), case
            count += 1
    for case in (CASES / "query").glob("*.rq"):
        spec = read_header(case)
        assert "query-exit" in spec and "serve-status" in spec, case
        count += 1
    for case in (CASES / "http").glob("*.http"):
        assert case.read_bytes().startswith(b"# status: "), case
        count += 1
    expects = [*CASES.rglob("*.expect"), *FACT_CASES.glob("*.expect")]
    orphans = [p for p in expects if not any(p.with_suffix(s).exists() for s in (".yaml", ".txt", ".gen", ""))]
    assert orphans == []
    assert count >= 40
