"""Each named query (queries/*.rq) asserted row by row, on the curated seed facts and on a
small fictional dataset (tests/data/queries/fictional.trig) that has what the seed facts
lack: extracted claims, corroboration across documents, conflicts, and events across countries
and disputes (listings, bans, fines, settlements, an outage at a bank, chains of responses).
The same queries on the real facts/ are checked in test_field_queries.py.

A case is a file tests/data/queries/<name>.rows: ``# query:``, ``# param: NAME=VALUE``
and ``# data: curated|fictional`` header lines, then the expected answer as tab-separated
values in kg's compact form (``id:ibm``, ``kg:Vendor``, a literal's text), header first.
A cell ``~`` matches anything: used for fact-file line numbers, which move as the facts are
edited; :func:`test_curated_lines_point_at_the_value` checks those against the files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kg.read.query import named_queries, run_query
from kg.read.results import compact

CASES = Path(__file__).resolve().parents[1] / "data" / "queries"
BASE = "https://example.org/kg/"


def read_case(path: Path) -> tuple[str, dict[str, str], str, list[list[str]]]:
    query, params, data, rows = None, {}, "curated", []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# query:"):
            query = line.split(":", 1)[1].strip()
        elif line.startswith("# param:"):
            name, _, value = line.split(":", 1)[1].strip().partition("=")
            params[name] = value
        elif line.startswith("# data:"):
            data = line.split(":", 1)[1].strip()
        elif not line.startswith("#"):
            rows.append(line.split("\t"))
    assert query, f"{path}: no '# query:' line"
    return query, params, data, rows


def answer_rows(out: Path, query: str, params: dict[str, str]) -> list[list[str]]:
    answer = run_query(out, query, params=params, timeout=None)
    return [answer.variables] + [[" ".join(compact(t, BASE).split()) for t in row] for row in answer.rows]


@pytest.fixture(scope="session")
def fictional(tmp_path_factory) -> Path:
    """An out/ folder holding the fictional dataset, with its persisted store."""
    import pyoxigraph as ox

    from kg.build.store import contents_of, write_store

    out = tmp_path_factory.mktemp("fictional-out")
    shutil.copy(CASES / "fictional.trig", out / "graph.trig")
    (out / "build.json").write_text(json.dumps({"base_iri": BASE}))
    write_store(contents_of(ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG), BASE), out, BASE)
    return out


@pytest.mark.parametrize("case", [pytest.param(p, id=p.stem) for p in sorted(CASES.glob("*.rows"))])
def test_named_query_rows(case: Path, built: Path, fictional: Path) -> None:
    query, params, data, expected = read_case(case)
    out = {"curated": built, "fictional": fictional}[data]
    got = answer_rows(out, query, params)
    masked = [[("~" if e == "~" else g) for g, e in zip(row, exp, strict=False)] for row, exp in zip(got, expected, strict=False)]
    assert len(got) == len(expected) and all(len(g) == len(e) for g, e in zip(got, expected, strict=True))
    assert masked == expected


@pytest.mark.parametrize("entity", ["ibm", "inspur", "china-bank-ibm-server-review-2014"])
def test_curated_lines_point_at_the_value(entity: str, built: Path, root: Path) -> None:
    """The file and line claim-provenance gives for a curated claim is where its value is written."""
    import pyoxigraph as ox

    answer = run_query(built, "claim-provenance", params={"entity": entity}, timeout=None)
    col = {v: i for i, v in enumerate(answer.variables)}
    checked = 0
    for row in answer.rows:
        if row[col["file"]] is None:
            continue
        line = (root / row[col["file"]].value).read_text(encoding="utf-8").splitlines()[int(row[col["line"]].value) - 1]
        value = row[col["value"]]
        text = value.value.rsplit("/", 1)[-1].rsplit("#", 1)[-1] if isinstance(value, ox.NamedNode) else value.value
        prop = row[col["property"]].value.rsplit("#", 1)[-1]
        # the value itself, or the key that introduces it (a folded block); a type is on the record's first lines
        # kg:sortDate is derived from the date written on its line (2014-05-01 from 2014-05)
        derived = prop == "sortDate" and "Date:" in line or prop == "sortDate" and "date:" in line
        assert text[:20] in line or f"{prop}:" in line or (prop == "type" and ("type:" in line or "- id:" in line)) or derived, (row, line)
        checked += 1
    assert checked >= 3


def test_every_named_query_has_a_case_with_rows() -> None:
    covered: dict[str, int] = {}
    for case in CASES.glob("*.rows"):
        query, _, _, rows = read_case(case)
        covered[query] = max(covered.get(query, 0), len(rows) - 1)
    names = [q.name for q in named_queries()]
    assert len(names) >= 10
    assert {n: covered.get(n, 0) for n in names if covered.get(n, 0) == 0} == {}


def test_named_query_headers_are_complete() -> None:
    for q in named_queries():
        assert q.title and q.title != q.name, q.path
        assert len(q.answers) > 40, q.path
        for p in q.params:
            assert p.name in q.text and p.help, q.path
