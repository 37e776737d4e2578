"""``kg validate``: every problem of fact files and documents, then the SHACL shapes
generated from the ontology (:mod:`kg.contrib.shapes`)."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox

from kg.build.claims import TYPE, Terms, curated_claims, union_of
from kg.build.graph import serialise_rdf
from kg.contrib.shapes import shacl_problems
from kg.inputs.cache import FileCache
from kg.inputs.checks import check
from kg.inputs.documents import display_path, load_documents
from kg.inputs.facts import FactSet, FocusedReader, fact_paths, load_facts
from kg.model.errors import InvalidData, Problem
from kg.model.iris import DEFAULT_BASE
from kg.model.ontology import PREFIXES


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def validate_paths(paths: list[Path], seeds_dir: Path, *, facts_dir: Path = Path("facts"), shacl: bool = True,
                   root: Path | None = None, cache: Path | None = None) -> str:
    """Check ``paths`` and return a one-line summary; raise :class:`InvalidData` listing
    every problem. Files inside ``facts_dir`` are checked against the rest of the facts
    tree (so references to ids in other files resolve) but only their own problems are
    reported: the rest is read as far as that needs (:class:`kg.inputs.facts.FocusedReader`),
    unchanged files from the per-file caches in ``cache``. Files elsewhere are checked as
    a tree of their own."""
    missing = [Problem(os.fspath(p), 0, 0, "no such file or folder — give fact files or folders, e.g. facts/, "
                       "or run kg in the repository (the folder holding facts/) or one of its subfolders") for p in paths if not p.exists()]
    paths = [p for p in paths if p.exists()]
    in_tree = facts_dir.is_dir() and all(_inside(p, facts_dir) for p in paths)
    docs, doc_problems = load_documents(seeds_dir, root, FileCache(cache, "document"))
    # The files asked about, as the loader names them, however the user wrote their paths.
    named = {p.resolve() for base in paths for p in fact_paths(base)}
    if in_tree:
        wanted = {display_path(p, root) for p in fact_paths(facts_dir) if p.resolve() in named}
        facts = FocusedReader(root, cache).load(facts_dir, wanted)
    else:
        facts = load_facts(paths, root, FileCache(cache, "facts"))
        wanted = set(facts.files)
    check(facts, docs, focus=wanted)
    problems = missing + doc_problems + [p for p in facts.problems if p.path in wanted]
    if problems:
        raise InvalidData(problems, writes=False)
    if shacl:
        problems = [p for p in shacl_problems(_shacl_data(facts, wanted), facts) if p.path in wanted]
        if problems:
            raise InvalidData(problems, writes=False)
    checked = len(wanted)
    return f"ok: {checked} fact file{'s' * (checked != 1)} and {len(docs)} document{'s' * (len(docs) != 1)} valid"


def _shacl_data(facts: FactSet, wanted: set[str]) -> bytes:
    """The graph the shapes run on: what the wanted files' records say, and the class of
    each entity they name (``sh:class`` looks it up). Only the wanted records are focus
    nodes, so a file is checked at the cost of its own size."""
    terms = Terms(DEFAULT_BASE)
    claims = curated_claims(facts, terms)
    mine = {terms.entity(r.id) for r in facts.records if r.id and r.path in wanted}
    mine |= {terms.entity(r.subject.text) for r in facts.records if r.subject and r.path in wanted}
    union = [t for t in union_of(claims) if t.subject in mine or not t.subject.value.startswith(terms.base)]
    named = {t.object for t in union if isinstance(t.object, ox.NamedNode)}
    union += [ox.Triple(c.subject, c.predicate, c.object) for c in claims
              if c.predicate == TYPE and c.subject in named and c.subject not in mine]
    return serialise_rdf(list(dict.fromkeys(union)), ox.RdfFormat.TURTLE, PREFIXES)
