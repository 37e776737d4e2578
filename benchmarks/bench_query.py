"""Benchmark: each named query through ``kg query`` (the whole process) against a minimal
pyoxigraph script opening the same store, median of N runs, and their ratio.

    python benchmarks/bench_query.py --out out/                 # the current build
    python benchmarks/bench_query.py --synthetic 150000         # a fictional build of N claims
                                                                # (~7 quads each) in benchmarks/data/

Target: ratio <= 1.5 for every query, and every query under 1 s on a 1M-triple store.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CURATED_PARAMS = {"dispute-timeline": {"dispute": "us-china-spying-dispute-2014"}, "entity-facts": {"entity": "ibm"},
                  "claim-provenance": {"entity": "inspur"}, "shortest-chain": {"start": "ibm", "end": "inspur"},
                  "actions-against-vendor": {"vendor": "zte"},
                  "restrictions-in-force": {"vendor": "huawei", "date": "2020-01-01"}}
SYNTHETIC_PARAMS = {"dispute-timeline": {"dispute": "dispute-1"}, "entity-facts": {"entity": "vendor-1"},
                    "claim-provenance": {"entity": "vendor-1"}, "shortest-chain": {"start": "vendor-1", "end": "bank-2"},
                    "actions-against-vendor": {"vendor": "vendor-1"},
                    "restrictions-in-force": {"vendor": "vendor-1", "date": "2014-06-01"}}

MINIMAL = """
import json, sys, pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
subs = {ox.Variable(k): ox.NamedNode(v) if kind == "iri" else ox.Literal(v)
        for k, (kind, v) in json.loads(sys.argv[4]).items()}
r = store.query(open(sys.argv[2]).read(), prefixes=json.loads(sys.argv[3]), substitutions=subs or None)
print(sum(1 for _ in r))
"""


def synthetic(out: Path, claims: int) -> None:
    """A fictional dataset shaped like kg build's output, written with kg's own writers."""
    import pyoxigraph as ox

    from kg.build.graph import serialise_rdf
    from kg.build.output import write_atomic
    from kg.build.store import contents_of, write_store
    from kg.model.iris import Base
    from kg.model.ontology import NS, PREFIXES, ontology_quads

    iris = Base()
    base = iris.iri
    kg, idn = NS, iris.entity("")
    prov = ox.NamedNode(iris.provenance)
    n = lambda x: ox.NamedNode(x)  # noqa: E731
    quads, k = [], 0
    kinds = ["Vendor", "Bank", "Regulator"]

    def claim(s, p, o, doc):
        nonlocal k
        k += 1
        g = n(iris.claim(f"{k:012d}"))
        quads.append(ox.Quad(s, p, o, g))
        quads.extend([ox.Quad(g, n(PREFIXES["rdf"] + "type"), n(kg + "Claim"), prov),
                      ox.Quad(g, n(PREFIXES["prov"] + "wasDerivedFrom"), n(iris.source(f"doc-{doc}")), prov),
                      ox.Quad(g, n(kg + "origin"), n(kg + ("curated" if k % 5 else "extracted")), prov),
                      ox.Quad(g, n(kg + "certainty"), n(kg + "reported"), prov),
                      ox.Quad(g, n(kg + "quote"), ox.Literal(f"quote {k}"), prov),
                      ox.Quad(g, n(kg + "sourceFile"), ox.Literal("facts/synthetic.yaml"), prov)])

    i = 0
    while k < claims:
        i += 1
        kind = kinds[i % 3]
        e = n(f"{idn}{kind.lower()}-{i}")
        claim(e, n(PREFIXES["rdf"] + "type"), n(kg + kind), i % 97)
        claim(e, n(kg + "name"), ox.Literal(f"Fictional {kind} {i}"), i % 97)
        claim(e, n(kg + "country"), n(f"{idn}country-{i % 50}"), (i + 1) % 97)
        if kind == "Regulator":
            r = n(f"{idn}review-{i}")
            claim(r, n(PREFIXES["rdf"] + "type"), n(kg + "Review"), i % 97)
            claim(r, n(kg + "reviewer"), e, i % 97)
            claim(r, n(kg + "reviewSubject"), n(f"{idn}bank-{i - 1}"), i % 97)
            claim(r, n(kg + "concernsVendor"), n(f"{idn}vendor-{i - 2}"), i % 97)
            claim(r, n(kg + "partOfDispute"), n(f"{idn}dispute-{i % 10}"), i % 97)
            claim(r, n(kg + "startDate"), ox.Literal(f"2014-{1 + i % 12:02d}", datatype=n(PREFIXES["xsd"] + "gYearMonth")), i % 97)
    quads.extend(ox.Quad(t.subject, t.predicate, t.object, n(iris.ontology)) for t in ontology_quads())
    out.mkdir(parents=True, exist_ok=True)
    write_atomic(out / "graph.trig", serialise_rdf(quads, ox.RdfFormat.TRIG, dict(PREFIXES)))
    write_atomic(out / "build.json", json.dumps({"base_iri": base}).encode())
    write_store(contents_of(quads, base), out, base)
    print(f"synthetic build: {len(quads)} quads in {out}", file=sys.stderr)


def minimal_command(q, params: dict[str, str], out: Path, base: str) -> list[str]:
    """The same question asked of the store by a bare pyoxigraph script: the floor kg is
    compared with. Entity parameters become IRIs under the build's base, the rest literals."""
    from kg.model.iris import Base
    from kg.read.query import query_prefixes

    kinds = {p.name: p.kind for p in q.params}
    bound = {name: ["iri", Base(base).entity(value)] if kinds.get(name) == "entity" else ["literal", value]
             for name, value in params.items()}
    return [sys.executable, "-c", MINIMAL, str(out / "store"), str(q.path), json.dumps(query_prefixes(base)),
            json.dumps(bound)]


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "out")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--synthetic", type=int, default=0, help="build N fictional claims into benchmarks/data/")
    args = parser.parse_args()
    from kg.read.query import named_queries

    params = CURATED_PARAMS
    out = args.out
    if args.synthetic:
        out = ROOT / "benchmarks" / "data" / f"synthetic-{args.synthetic}"
        if not (out / "store").is_dir():
            synthetic(out, args.synthetic)
        params = SYNTHETIC_PARAMS
    base = json.loads((out / "build.json").read_text())["base_iri"]
    kg = [sys.executable, "-m", "kg.cli", "query"]
    print(f"{'query':<22} {'kg query s':>10} {'minimal s':>10} {'ratio':>6}")
    for q in named_queries():
        p = params.get(q.name, {})
        kg_cmd = kg + [q.name, "--out", str(out), "-f", "tsv", "--limit", "1000000"]
        for name, value in p.items():
            kg_cmd += ["--param", f"{name}={value}"]
        min_cmd = minimal_command(q, p, out, base)
        kg_t = statistics.median(timed(kg_cmd) for _ in range(args.runs))
        min_t = statistics.median(timed(min_cmd) for _ in range(args.runs))
        print(f"{q.name:<22} {kg_t:>10.3f} {min_t:>10.3f} {kg_t / min_t:>6.2f}")


if __name__ == "__main__":
    main()
