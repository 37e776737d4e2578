"""The graph page at scale: time to write it, its size, and time until headless Chromium has
drawn it (positions are precomputed, so drawn is stable: there is no physics to settle).

Run: .venv/bin/python benchmarks/bench_page.py [--sizes 500 2000 10000]

Each synthetic graph is fictional: organisations, people, banks, vendors, regulators, reviews
and dispute actions with about 1.6 relations per node, one claim graph per triple with
provenance (a quarter of them extracted), and the ontology — the shape `kg build` makes.
Columns: write = render_page (projection, layout, HTML); drawn = navigation start to the first
complete frame in Chromium; filter = hiding one class and redrawing. The target is drawn ≤ 5 s
at 2,000 nodes.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BASE = "https://example.org/kg/"
KINDS = ["Organization", "Regulator", "Vendor", "Bank", "Person", "Country", "Review", "Directive", "Restriction",
         "Trial", "Accusation"]
RELATIONS = {"Review": ["reviewer", "reviewSubject", "concernsVendor"], "Directive": ["actor", "target", "replacedVendor"],
             "Restriction": ["actor", "target"], "Trial": ["actor", "concernsVendor"], "Accusation": ["actor", "target"],
             "Person": ["worksFor"], "Organization": ["country"], "Regulator": ["country"], "Vendor": ["country"],
             "Bank": ["country"], "Country": []}


def synthetic(n: int, seed: int = 1):
    """Quads and a build summary for a fictional graph of ``n`` entities."""
    import pyoxigraph as ox

    from kg.model.ontology import NS, PROV, RDF, XSD, ontology_quads

    rng = random.Random(seed)
    prov, onto = ox.NamedNode(BASE + "graph/provenance"), ox.NamedNode(BASE + "graph/ontology")
    doc = ox.NamedNode(BASE + "source/synthetic-gazette")
    quads = [ox.Quad(t.subject, t.predicate, t.object, onto) for t in ontology_quads()]
    quads += [ox.Quad(doc, ox.NamedNode(RDF + "type"), ox.NamedNode(NS + "Document"), prov),
              ox.Quad(doc, ox.NamedNode(NS + "title"), ox.Literal("The Synthetic Gazette"), prov),
              ox.Quad(doc, ox.NamedNode(NS + "url"), ox.Literal("https://gazette.example/synthetic"), prov)]
    kinds = [rng.choice(KINDS) for _ in range(n)]
    ids = [ox.NamedNode(f"{BASE}id/synthetic-{i}") for i in range(n)]
    counter = 0

    def claim(s, p, o, extracted: bool):
        nonlocal counter
        counter += 1
        g = ox.NamedNode(f"{BASE}claim/{counter:08x}")
        out = [ox.Quad(s, p, o, g), ox.Quad(g, ox.NamedNode(RDF + "type"), ox.NamedNode(NS + "Claim"), prov),
               ox.Quad(g, ox.NamedNode(PROV + "wasDerivedFrom"), doc, prov),
               ox.Quad(g, ox.NamedNode(NS + "origin"), ox.NamedNode(NS + ("extracted" if extracted else "curated")), prov),
               ox.Quad(g, ox.NamedNode(NS + "quote"), ox.Literal(f"Synthetic sentence {counter // 3} about entity."), prov)]
        if extracted:
            out.append(ox.Quad(g, ox.NamedNode(NS + "confidence"), ox.Literal("0.700", datatype=ox.NamedNode(XSD + "decimal")), prov))
        else:
            out += [ox.Quad(g, ox.NamedNode(NS + "sourceFile"), ox.Literal("facts/synthetic.yaml"), prov),
                    ox.Quad(g, ox.NamedNode(NS + "sourceLine"), ox.Literal(str(counter), datatype=ox.NamedNode(XSD + "integer")), prov)]
        return out

    for i, (kind, node) in enumerate(zip(kinds, ids, strict=True)):
        extracted = rng.random() < 0.25
        quads += claim(node, ox.NamedNode(RDF + "type"), ox.NamedNode(NS + kind), extracted)
        quads += claim(node, ox.NamedNode(NS + "name"), ox.Literal(f"Synthetic {kind.lower()} {i}"), extracted)
        if kind in ("Review", "Directive", "Restriction", "Trial", "Accusation"):
            year, month = rng.randint(2005, 2024), rng.randint(1, 12)
            quads += claim(node, ox.NamedNode(NS + "date"),
                           ox.Literal(f"{year}-{month:02d}", datatype=ox.NamedNode(XSD + "gYearMonth")), extracted)
        for relation in RELATIONS[kind]:
            for _ in range(rng.choice([1, 1, 2])):
                # Preferential choice of targets: low ids are hubs, as real graphs have.
                target = ids[min(int(rng.paretovariate(1.2)) - 1, n - 1) if rng.random() < 0.3 else rng.randrange(n)]
                if target != node:
                    quads += claim(node, ox.NamedNode(NS + relation), target, rng.random() < 0.2)
    summary = {"name": f"synthetic graph of {n} nodes", "build_date": "2031-01-01",
               "counts": {"entities": n, "claims": counter}}
    return quads, summary


def _only(own: str):
    """A route handler letting the page itself load and refusing anything else."""
    return lambda route: route.continue_() if route.request.url == own else route.abort()


def measure(sizes: list[int]) -> list[dict]:
    from playwright.sync_api import sync_playwright

    from kg.build.page import render_page

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run", "--disable-sync"])
        for n in sizes:
            quads, summary = synthetic(n)
            start = time.perf_counter()
            page_bytes = render_page(quads, summary)
            write = time.perf_counter() - start
            path = Path(tmp) / f"graph-{n}.html"
            path.write_bytes(page_bytes)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.route("**/*", _only(path.as_uri()))
            page.goto(path.as_uri())
            page.wait_for_function("window.kgReady === true", timeout=120_000)
            drawn = page.evaluate("window.kgTimings.ready") / 1000
            nodes = page.evaluate("network.body.nodeIndices.length")
            filter_ms = page.evaluate("""() => new Promise(done => {
                const t = performance.now();
                network.once('afterDrawing', () => done(performance.now() - t));
                document.querySelector('#kg-legend button').click();
            })""")
            page.close()
            rows.append({"nodes": n, "drawn_nodes": nodes, "quads": len(quads), "write_s": round(write, 2),
                         "size_mb": round(len(page_bytes) / 1e6, 2), "drawn_s": round(drawn, 2),
                         "filter_ms": round(filter_ms)})
        browser.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 10000])
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args()
    rows = measure(args.sizes)
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print(f"{'nodes':>7} {'quads':>9} {'write (s)':>10} {'size (MB)':>10} {'drawn in Chromium (s)':>22} {'filter (ms)':>12}")
    for r in rows:
        print(f"{r['nodes']:>7} {r['quads']:>9} {r['write_s']:>10} {r['size_mb']:>10} {r['drawn_s']:>22} {r['filter_ms']:>12}")


if __name__ == "__main__":
    main()
