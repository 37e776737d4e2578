"""``kg build``: inputs → claims (:mod:`kg.build.claims`) merged with proposals
(:mod:`kg.build.proposals`) → the dataset, written to ``out/`` all or none.

The dataset puts every asserted triple in a named graph of its own, with its provenance
(see :mod:`kg.build.claims` for the shape and the SPARQL that reads it).

Outputs (``out/``): ``graph.trig`` (all named graphs, provenance and the ontology),
``graph.ttl`` (the union of claims plus the ontology) and ``build.json`` (counts,
warnings, conflicts). The same inputs give the same bytes.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from kg.build.claims import (
    TYPE,
    Claim,
    Layout,
    Terms,
    assemble,
    check_base,
    conflict_quads,
    curated_claims,
    sort_date_claims,
)
from kg.build.output import CURRENT, PAGE, SUMMARY, TRIG, TURTLE, cache_folder, publish_build
from kg.build.proposals import extracted_claims, merge
from kg.inputs import load_inputs
from kg.inputs.documents import Document
from kg.inputs.facts import FactSet
from kg.model.iris import DEFAULT_BASE, Base
from kg.model.ontology import NS, PREFIXES


@dataclass
class Build:
    """What a build made: the quads, and the summary written to ``build.json``."""

    quads: list[ox.Quad]
    union: list[ox.Triple]
    summary: dict
    facts: FactSet
    documents: dict[str, Document]
    layout: Layout | None = None  # where each claim's quads are (kg.build.claims.Layout)


def build_date(facts_dir: Path) -> str | None:
    """The date the inputs are "as of": SOURCE_DATE_EPOCH when set, else the date of
    the last commit in the facts folder's repository (so rebuilding gives the same bytes)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).strftime("%Y-%m-%d")
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%cs"], cwd=facts_dir if facts_dir.is_dir() else facts_dir.parent,
                             capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def build_graph(facts_dir: Path, seeds_dir: Path, *, base: str = DEFAULT_BASE, extract: bool = True,
                root: Path | None = None, cache: Path | None = None, fresh: bool = False) -> Build:
    """Validate the inputs and make the dataset in memory; nothing is written but the
    per-file caches in ``cache`` (see :func:`kg.inputs.load_inputs`)."""
    check_base(base)
    facts, docs = load_inputs(facts_dir, seeds_dir, root, cache=cache, fresh=fresh)
    terms = Terms(base)
    curated = curated_claims(facts, terms)
    extracted: list[Claim] = []
    warnings: list[str] = []
    if extract and docs:
        extracted, warnings = extracted_claims(list(docs.values()), facts, terms)
    claims, conflicts, corroborated = merge(curated, extracted)
    claims = list(dict.fromkeys(claims))  # equal claims share one named graph
    claims += sort_date_claims(claims, terms)
    quads, union, layout = assemble(claims, facts, docs, terms)
    quads += conflict_quads(conflicts, terms)
    summary = summarise(claims, union, facts, docs, terms, conflicts, corroborated, warnings, facts_dir)
    return Build(quads, union, summary, facts, docs, layout)


def summarise(claims, union, facts, docs, terms, conflicts, corroborated, warnings, facts_dir) -> dict:
    prefix = Base(terms.base).entity("")
    typed: dict = {}
    for c in claims:
        if c.predicate == TYPE and c.subject.value.startswith(prefix) and c.object.value.startswith(NS):
            typed.setdefault(c.subject, set()).add(c.object.value[len(NS):])
    by_class: dict[str, int] = {}
    for classes in typed.values():
        for name in classes:
            by_class[name] = by_class.get(name, 0) + 1
    by_origin: dict[str, int] = {}
    for c in claims:
        by_origin[c.origin] = by_origin.get(c.origin, 0) + 1
    extracted_only = {c.key() for c in claims if c.origin == "extracted"} - {c.key() for c in claims if c.origin == "curated"}
    return {
        "name": "kg — technology vendors, regulators, banks, reviews and disputes",
        "base_iri": terms.base,
        "build_date": build_date(facts_dir),
        "counts": {
            "triples": len(union),
            "claims": len(claims),
            "entities": len(typed),
            "by_class": dict(sorted(by_class.items())),
            "claims_by_origin": dict(sorted(by_origin.items())),
            "extracted_only_triples": len(extracted_only),
            "corroborated_triples": corroborated,
            "conflicts": len(conflicts),
        },
        "inputs": {"fact_files": len(facts.files), "documents": sorted(docs)},
        "conflicts": conflicts,
        "warnings": sorted(warnings),
    }


def serialise_rdf(items, format: ox.RdfFormat, prefixes: dict[str, str]) -> bytes:
    """Serialise with pyoxigraph, with the ``@prefix`` lines in a fixed order (pyoxigraph
    writes them in hash order, which would make equal builds differ)."""
    data = ox.serialize(items, format=format, prefixes=prefixes)
    lines = data.split(b"\n")
    head = 0
    while head < len(lines) and lines[head].startswith(b"@prefix "):
        head += 1
    return b"\n".join(sorted(lines[:head]) + lines[head:])


def serialise(build: Build) -> dict[str, bytes]:
    """The output files' bytes, by file name."""
    own = Base(build.summary["base_iri"]).prefixes()
    own.pop("graph")  # graph names are few; written out in full they read better
    prefixes = dict(PREFIXES, **own)
    return {
        TRIG: serialise_rdf(build.quads, ox.RdfFormat.TRIG, prefixes),
        TURTLE: serialise_rdf(build.union, ox.RdfFormat.TURTLE, prefixes),
        SUMMARY: (json.dumps(build.summary, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode(),
    }


def write_build(build: Build, out_dir: Path, extra: dict[str, bytes] | None = None, *, clean: bool = False) -> list[Path]:
    """Write the outputs and the query store as a new generation of ``out_dir`` and publish
    it with one switch, under the build lock: all or none (see :mod:`kg.build.output`).
    The store is the previous build's changed where little changed, unless ``clean``.
    Returns the paths readers open."""
    from kg.build.store import write_store

    files = serialise(build)
    files.update(extra or {})
    previous = None if clean else out_dir / CURRENT
    return publish_build(out_dir, files, lambda folder: write_store(build.quads, folder, build.summary["base_iri"], previous,
                                                                    build.layout))


@dataclass
class BuildResult:
    summary: dict
    written: list[Path]


def run_build(facts_dir: Path, seeds_dir: Path, out_dir: Path, *, base: str = DEFAULT_BASE, extract: bool = True,
              root: Path | None = None, clean: bool = False) -> BuildResult:
    """``kg build``: validate, make the dataset, render the page, write everything atomically.
    Files read by an earlier build are taken from ``out_dir``'s per-file caches
    (:mod:`kg.inputs.cache`) unless ``clean``; the outputs are the same bytes either way."""
    import gc

    # A build makes millions of small acyclic objects; the cycle collector would walk them
    # all again and again (a third of the time of a large build) and find nothing.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _run_build(facts_dir, seeds_dir, out_dir, base=base, extract=extract, root=root, clean=clean)
    finally:
        if enabled:
            gc.enable()


def _run_build(facts_dir: Path, seeds_dir: Path, out_dir: Path, *, base: str, extract: bool,
               root: Path | None, clean: bool) -> BuildResult:
    from kg.build.page import render_page

    build = build_graph(facts_dir, seeds_dir, base=base, extract=extract, root=root, cache=cache_folder(out_dir),
                        fresh=clean)
    written = write_build(build, out_dir, {PAGE: render_page(build.quads, build.summary, claims_layout=build.layout)},
                          clean=clean)
    return BuildResult(build.summary, written)
