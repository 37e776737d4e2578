"""Writes extracted.trig and extracted.json: the fictional tree of tests/data/valid plus
claims the extractor might propose (so the page's curated/extracted filter can be tested
before extraction lands), and a source whose URL is a javascript: URL.

Run from the repository root: .venv/bin/python tests/data/page/make_extracted.py
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox

from kg.build.chunks import class_types, dated_by, make_chunk
from kg.build.claims import Claim, Terms, assemble
from kg.build.graph import build_graph, prefixes_of, serialise_rdf, summarise
from kg.model.ontology import PREFIXES

HERE = Path(__file__).resolve().parent
DATA = HERE.parent


def main() -> None:
    build = build_graph(DATA / "valid", DATA / "seeds", extract=False, root=DATA.parent.parent)
    terms = Terms("https://example.org/kg/")
    doc = terms.source("borealis-2031-router-review")
    shady = terms.source("shady-blog")

    def extracted(subject, predicate, obj, quote, confidence, source=doc):
        return Claim(terms.entity(subject), terms.kg(predicate), obj, source, "extracted", "reported", quote,
                     confidence=confidence, method="pattern:test-fixture", evidence=(10, 10 + len(quote)))

    name = ox.Literal
    claims = [c for c in _curated(build, terms)] + [
        # Known only from extraction: a second vendor and its link to the review.
        extracted("tessaly-networks", "type", terms.kg("Vendor"), "Tessaly Networks", 0.62),
        extracted("tessaly-networks", "name", name("Tessaly Networks"), "Tessaly Networks", 0.62),
        extracted("nfsa-review-of-halvard-routers", "concernsVendor", terms.entity("tessaly-networks"),
                  "routers made by Halvard Systems and Tessaly Networks", 0.55, shady),
        # Corroborates a curated fact.
        extracted("nfsa-review-of-halvard-routers", "reviewer", terms.entity("norland-financial-supervisory-authority"),
                  "The Norland Financial Supervisory Authority is reviewing", 0.91),
    ]
    claims = [Claim(c.subject, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), c.object, c.source,
                    c.origin, c.certainty, c.quote, c.file, c.line, c.confidence, c.method, c.evidence)
              if c.predicate == terms.kg("type") else c for c in claims]
    quads, union = assemble(claims, build.facts, build.documents, terms)
    prov = terms.graph("provenance")
    quads += [
        ox.Quad(shady, ox.NamedNode(PREFIXES["rdf"] + "type"), terms.kg("Document"), prov),
        ox.Quad(shady, terms.kg("title"), ox.Literal("Shady <img src=x onerror=window.__kgPwned=9> blog"), prov),
        ox.Quad(shady, terms.kg("url"), ox.Literal("javascript:window.__kgPwned=8"), prov),
    ]
    curated = [c for c in claims if c.origin == "curated"]
    chunks = [make_chunk(part, (), dated_by([class_types(claims)]), terms, prefixes_of(terms.base))
              for part in (curated, claims[len(curated):])]
    summary = summarise(chunks, terms, build.facts, build.documents, [], 1, [], True)
    summary["build_date"] = "2031-07-01"
    (HERE / "extracted.trig").write_bytes(serialise_rdf(sorted(quads, key=lambda q: (str(q.graph_name), str(q.subject),
                                                                                     str(q.predicate), str(q.object))),
                                                        ox.RdfFormat.TRIG, PREFIXES))
    (HERE / "extracted.json").write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n")


def _curated(build, terms):
    from kg.build.claims import curated_claims

    return curated_claims(build.facts, terms)


if __name__ == "__main__":
    main()
