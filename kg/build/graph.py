"""``kg build``: inputs → claims (:mod:`kg.build.claims`) merged with proposals
(:mod:`kg.build.proposals`) → the dataset, written to ``out/`` all or none.

The dataset puts every asserted triple in a named graph of its own, with its provenance
(see :mod:`kg.build.claims` for the shape and the SPARQL that reads it).

Outputs (``out/``): ``graph.trig`` (all named graphs, provenance and the ontology),
``graph.ttl`` (the union of claims plus the ontology) and ``build.json`` (counts,
warnings, conflicts), laid out by fact file (:mod:`kg.build.chunks`). The same inputs give
the same bytes.

A build after an earlier one in the same ``out/`` reads, checks and makes again only what
changed: the fact files whose bytes differ (and the files about the same subjects or
referring to their ids, which are checked again), each other file's part of the outputs
taken from the per-file caches; the earlier build's store is copied and changed in place.
With extraction over documents every file is read and checked again (the extractor links
mentions to every curated name), but unchanged files' parts are reused and the store is
still changed in place. The bytes are those a clean build (``--clean``) writes.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from kg.build.chunks import (
    KIND,
    Chunk,
    chunk_key,
    class_types,
    dated_by,
    depends,
    header,
    make_chunk,
    pieces,
    serialise_rdf,
    triple_digest,
    ttl_of,
)
from kg.build.claims import Terms, check_base, conflict_quads, described_sources, record_claims, source_quads
from kg.build.output import CURRENT, PAGE, SUMMARY, TRIG, TURTLE, cache_folder, publish_build
from kg.build.projection import known_roles, statement_rows
from kg.build.proposals import extracted_claims, merge
from kg.build.store import Contents, Delta, earlier_inputs
from kg.inputs import Inputs, changed_since, load_changes, read_inputs
from kg.inputs.cache import FileCache
from kg.inputs.documents import Document
from kg.inputs.facts import FactSet
from kg.model.iris import DEFAULT_BASE, Base
from kg.model.ontology import PREFIXES, ontology_quads

__all__ = ["Build", "build_graph", "run_build", "serialise_rdf", "summarise"]

# The store loads the outputs in documents of about this many bytes (some 200,000 quads):
# the engine's bulk loader holds what one call gives it in memory.
_PIECE = 10_000_000
# A build after an earlier one changes that one's store in place, and reuses each unchanged
# file's chunk, unless more than this share of the fact files changed: past it, reading
# everything again is as fast.
_UPDATE_SHARE = 0.2


@dataclass
class Build:
    """What a build made: a chunk per fact file and one of the extracted claims
    (:mod:`kg.build.chunks`), the quads that belong to no claim, and the summary written
    to ``build.json``."""

    chunks: list[Chunk]
    tail: list[ox.Quad]  # the sources' descriptions, the ontology, the conflicts
    summary: dict
    facts: FactSet
    documents: dict[str, Document]
    inputs: dict  # what it was made of (file → content key), for the next build to compare with
    delta: Delta | None = None  # what it changes in the earlier build's store, when made from it
    kept: FileCache | None = None  # the chunks' cache, written by keep()

    def keep(self) -> None:
        """Write the chunks made by this build to the cache (and prune it)."""
        if self.kept is not None:
            self.kept.save()
            self.kept.prune()

    @property
    def prefixes(self) -> dict[str, str]:
        return prefixes_of(self.summary["base_iri"])

    @property
    def provenance(self) -> str:
        return Base(self.summary["base_iri"]).provenance

    def quads(self) -> list[ox.Quad]:
        """Every quad of the dataset."""
        head = header(self.prefixes)
        return [q for chunk in self.chunks for q in chunk.quads(head, self.provenance)] + self.tail

    def triples(self) -> list[ox.Triple]:
        """The union graph's triples (``graph.ttl``), in its order."""
        head, _, ttl = self.parts
        return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(b"".join([head, *ttl]), format=ox.RdfFormat.TURTLE)]

    def rows(self) -> tuple[list[tuple], dict]:
        """What the page reads (:func:`kg.build.projection.statement_rows`)."""
        sources = statement_rows(self.tail, known_roles(self.summary["base_iri"]))[1]
        return [row for chunk in self.chunks for row in chunk.rows], sources

    @cached_property
    def parts(self) -> tuple[bytes, list[bytes], list[bytes]]:
        """The prefixes, and the parts of ``graph.trig`` and of ``graph.ttl`` after them."""
        prefixes = self.prefixes
        head = header(prefixes)
        ttl = ttl_of(head, self.chunks, ontology_quads(), prefixes)
        tail = serialise_rdf(self.tail, ox.RdfFormat.TRIG, prefixes)[len(head):]
        return head, [*(chunk.trig(self.provenance) for chunk in self.chunks), tail], ttl

    def files(self) -> dict[str, bytes]:
        """The output files' bytes, by file name."""
        head, trig, ttl = self.parts
        return {
            TRIG: b"".join([head, *trig]),
            TURTLE: b"".join([head, *ttl]),
            SUMMARY: (json.dumps(self.summary, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode(),
        }

    def contents(self) -> Contents:
        """What the store holds (:class:`kg.build.store.Contents`): every named graph from the
        parts of ``graph.trig``; the default graph from those of ``graph.ttl`` (each claim's
        triple and the ontology), each chunk's provenance, and the triples of the rest."""
        head, trig, ttl = self.parts
        rest = dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in self.tail)
        conflicts = Base(self.summary["base_iri"]).conflicts

        def described() -> list[ox.Triple]:
            return list(dict.fromkeys([*self.triples(), *(ox.Triple(q.subject, q.predicate, q.object) for q in self.tail
                                                           if q.graph_name.value == conflicts)]))

        default = [*ttl, *(chunk.prov for chunk in self.chunks)]
        return Contents(pieces(head, trig, _PIECE), [*pieces(head, default, _PIECE),
                                                   ox.serialize(list(rest), format=ox.RdfFormat.N_TRIPLES)], described)


def prefixes_of(base: str) -> dict[str, str]:
    """The prefixes the outputs of a build under ``base`` use."""
    own = Base(base).prefixes()
    own.pop("graph")  # graph names are few; written out in full they read better
    return dict(PREFIXES, **own)


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
                root: Path | None = None, cache: Path | None = None, fresh: bool = False,
                earlier: dict | None = None) -> Build:
    """Validate the inputs and make the dataset in memory; nothing is written but the
    per-file caches in ``cache`` (see :func:`kg.inputs.load_inputs`). ``earlier``: what the
    build before was made of (:func:`kg.build.store.earlier_inputs`): then only what changed
    since is read, checked and made again, when the caches allow."""
    check_base(base)
    terms = Terms(base)
    kept = FileCache(cache, KIND, fresh=fresh, deferred=True)
    build = None
    if earlier is not None and not fresh and not earlier.get("extracted") and not (extract and earlier.get("documents")):
        build = _build_changes(facts_dir, seeds_dir, root, cache, earlier, terms, kept)
    if build is None:
        inputs = read_inputs(facts_dir, seeds_dir, root, cache=cache, fresh=fresh)
        build = _build_all(inputs, terms, kept, extract, None if fresh else earlier)
    build.summary["build_date"] = build_date(facts_dir)
    build.kept = kept
    return build


def _by_file(facts: FactSet) -> dict[str, list]:
    records: dict[str, list] = {path: [] for path in facts.files}
    for record in facts.records:
        records[record.path].append(record)
    return records


def _build_all(inputs: Inputs, terms: Terms, kept: FileCache, extract: bool, earlier: dict | None = None) -> Build:
    """A build that reads every file (a first build, ``--clean``, extraction on, many
    changes); after an ``earlier`` build it still changes that build's store when little
    changed (:func:`_delta_since`)."""
    facts, docs = inputs.facts, inputs.documents
    records = _by_file(facts)
    claims = {path: record_claims(part, terms) for path, part in records.items()}
    curated = [c for part in claims.values() for c in part]
    extracted, warnings = extracted_claims(list(docs.values()), facts, terms) if extract and docs else ([], [])
    merged, conflicts, corroborated = merge(curated, extracted)
    extracted = merged[len(curated):]  # merge keeps every curated claim, in order, first
    date_of = dated_by(class_types(part) for part in claims.values())
    made = [_chunk(kept, facts.keys.get(path), claims[path], described_sources(part), date_of, terms)
            for path, part in records.items()]
    chunks = [chunk for chunk, _ in made]
    if extracted:
        everything = dated_by([class_types(curated + extracted)])
        chunks.append(make_chunk(extracted, (), everything, terms, prefixes_of(terms.base)))
    build = _finish(chunks, inputs, terms, conflicts, corroborated, warnings, bool(extracted))
    if extracted:  # kept under a digest of itself, named in the store's marker for the next build
        build.inputs["extracted"] = chunk_key(hashlib.sha256(chunks[-1].named + chunks[-1].prov).hexdigest(), terms.base)
        kept.put(build.inputs["extracted"], chunks[-1])
    if earlier is not None:
        build.delta = _delta_since(earlier, build, kept, terms, {p for p, (_, fresh) in zip(records, made, strict=True) if fresh})
    return build


def _delta_since(earlier: dict, build: Build, kept: FileCache, terms: Terms, made: set[str]) -> Delta | None:
    """What changes in the ``earlier`` build's store to make ``build``'s, from the kept chunks
    of the files that changed and of the claims extracted then and now; None when that
    cannot be known from the cache (a file unchanged but its part ``made`` again) or too
    much changed: then the store is loaded afresh."""
    files = earlier.get("files") or {}
    changed, removed = changed_since(files, build.facts.keys, build.facts.files)
    if len(changed) + len(removed) > _UPDATE_SHARE * max(len(files), 1) or made - set(changed):
        return None
    before = [kept.get(chunk_key(files[path], terms.base)) for path in [*changed, *removed] if path in files]
    if earlier.get("extracted"):
        before.append(kept.get(earlier["extracted"]))
    if any(chunk is None for chunk in before):
        return None
    position = {path: i for i, path in enumerate(build.facts.files)}
    after = [build.chunks[position[path]] for path in changed]
    if build.inputs.get("extracted"):
        after.append(build.chunks[-1])
    return _delta(before, after, build, terms)


def _chunk(kept: FileCache, file_key: str | None, claims: list, described: tuple, date_of: dict,
           terms: Terms) -> tuple[Chunk, bool]:
    """The chunk of a fact file: the kept one when made from the same bytes and the same
    facts of other files, else made now (and kept); and whether it was made now."""
    key = chunk_key(file_key, terms.base) if file_key else None
    found = kept.get(key) if key else None
    if found is not None and found.depends == depends(found.dated, date_of):
        return found, False
    chunk = make_chunk(claims, described, date_of, terms, prefixes_of(terms.base))
    if key:
        kept.put(key, chunk)
    return chunk, True


def _build_changes(facts_dir: Path, seeds_dir: Path, root: Path | None, cache: Path | None, earlier: dict,
                   terms: Terms, kept: FileCache) -> Build | None:
    """A build that reads, checks and makes again only what changed since ``earlier``, and
    says what that changes in the earlier build's store; None when the caches cannot tell
    (then everything is read)."""
    files = earlier.get("files") or {}
    inputs = load_changes(facts_dir, seeds_dir, root, cache=cache, files=files, documents=earlier.get("documents") or {},
                          most=_UPDATE_SHARE * max(len(files), 1))
    if inputs is None:
        return None
    facts, changed = inputs.facts, set(inputs.changed)
    records = _by_file(facts)
    claims = {path: record_claims(records[path], terms) for path in inputs.changed}
    chunks = {path: kept.get(chunk_key(facts.keys[path], terms.base)) for path in facts.files if path not in changed}
    if any(chunk is None for chunk in chunks.values()):
        return None
    date_of = dated_by([*(c.types for c in chunks.values()), *(class_types(part) for part in claims.values())])
    if any(chunk.depends != depends(chunk.dated, date_of) for chunk in chunks.values()):
        return None  # a class changed of something another file dates: that file's chunk is made again
    for path in inputs.changed:
        chunks[path] = _chunk(kept, facts.keys.get(path), claims[path], described_sources(records[path]), date_of, terms)[0]
    build = _finish([chunks[path] for path in facts.files], inputs, terms, [], 0, [], False)
    # Without the earlier chunks of the changed files (gone from the cache) the store is loaded afresh.
    build.delta = _delta_since(earlier, build, kept, terms, set())
    return build


def _delta(before: list[Chunk], after: list[Chunk], build: Build, terms: Terms) -> Delta:
    """What changes in the store when the chunks ``before`` become ``after``."""
    old = {g for chunk in before for g in chunk.graphs}
    new = {g for chunk in after for g in chunk.graphs}
    come = new - old
    head, provenance = header(build.prefixes), terms.graph("provenance")
    added = [q for chunk in after for q in chunk.quads(head, provenance.value)
             if q.graph_name.value in come or (q.graph_name == provenance and q.subject.value in come)]
    return Delta(old - new, added, build.tail)


def _finish(chunks: list[Chunk], inputs: Inputs, terms: Terms, conflicts: list[dict], corroborated: int,
            warnings: list[str], extracted: bool) -> Build:
    """The build of ``chunks``: the quads of no claim, the summary, what it was made of."""
    facts, docs = inputs.facts, inputs.documents
    tail = source_quads(docs, [entry for chunk in chunks for entry in chunk.described], terms, terms.graph("provenance"))
    ontology_graph = terms.graph("ontology")
    tail += [ox.Quad(t.subject, t.predicate, t.object, ontology_graph) for t in ontology_quads()]
    tail += conflict_quads(conflicts, terms)
    summary = summarise(chunks, terms, facts, docs, conflicts, corroborated, warnings, extracted)
    made_of = {"files": dict(facts.keys), "documents": inputs.document_keys, "extracted": extracted}
    return Build(chunks, tail, summary, facts, docs, made_of)


def summarise(chunks: list[Chunk], terms: Terms, facts: FactSet, docs: dict[str, Document], conflicts: list[dict],
              corroborated: int, warnings: list[str], extracted: bool) -> dict:
    """What ``build.json`` says of a build of ``chunks`` (the last one of extracted claims
    when ``extracted``): counts, inputs, conflicts and warnings; :func:`build_graph` adds
    the build date."""
    prefix = Base(terms.base).entity("")
    typed: dict[str, set[str]] = {}
    by_origin: dict[str, int] = {}
    for chunk in chunks:
        for subject, classes in chunk.types.items():
            if subject.startswith(prefix):
                typed.setdefault(subject, set()).update(classes)
        for origin, n in chunk.origins.items():
            by_origin[origin] = by_origin.get(origin, 0) + n
    triples: set[int] = set()
    for chunk in chunks[:-1] if extracted else chunks:
        triples.update(chunk.digest_list())
    extracted_only = set(chunks[-1].digest_list()) - triples if extracted else set()
    triples |= extracted_only
    triples.update(triple_digest(t) for t in ontology_quads())
    by_class: dict[str, int] = {}
    for classes in typed.values():
        for name in classes:
            by_class[name] = by_class.get(name, 0) + 1
    return {
        "name": "kg — technology vendors, regulators, banks, reviews and disputes",
        "base_iri": terms.base,
        "build_date": None,
        "counts": {
            "triples": len(triples),
            "claims": sum(chunk.claims for chunk in chunks),
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


def write_build(build: Build, out_dir: Path, extra=None, *, clean: bool = False) -> list[Path]:
    """Write the outputs and the query store as a new generation of ``out_dir`` and publish
    it with one switch, under the build lock: all or none (see :mod:`kg.build.output`).
    ``extra``: more files, or a function making them (it runs while the store is written).
    The store is the previous build's changed, when the build was made from it (and not
    ``clean``). Returns the paths readers open."""
    from kg.build.store import stamp_store, write_store

    def files() -> dict[str, bytes]:
        made = build.files()
        made.update((extra() if callable(extra) else extra) or {})
        build.keep()
        return made

    previous = None if clean else out_dir / CURRENT
    return publish_build(out_dir, files, lambda folder: write_store(build.contents, folder, build.summary["base_iri"],
                                                                    previous, build.delta, build.inputs, stamp=False),
                         stamp_store)


@dataclass
class BuildResult:
    summary: dict
    written: list[Path]


def run_build(facts_dir: Path, seeds_dir: Path, out_dir: Path, *, base: str = DEFAULT_BASE, extract: bool = True,
              root: Path | None = None, clean: bool = False) -> BuildResult:
    """``kg build``: validate, make the dataset, render the page, write everything atomically.
    What an earlier build in ``out_dir`` made from unchanged files is taken from its caches
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
    from kg.build.page import render_rows

    cache = cache_folder(out_dir)
    earlier = None if clean else earlier_inputs(out_dir / CURRENT, base)
    build = build_graph(facts_dir, seeds_dir, base=base, extract=extract, root=root, cache=cache, fresh=clean,
                        earlier=earlier)
    positions = FileCache(cache, "layout", fresh=clean, deferred=True)
    written = write_build(build, out_dir, lambda: {PAGE: render_rows(*build.rows(), build.summary, positions=positions)},
                          clean=clean)
    positions.save()
    positions.prune()
    return BuildResult(build.summary, written)
