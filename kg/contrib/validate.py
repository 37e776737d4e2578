"""``kg validate``: every problem of fact files and documents, then the SHACL shapes
generated from the ontology (:mod:`kg.contrib.shapes`)."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox

from kg.build.claims import Terms, curated_claims, union_of
from kg.build.graph import serialise_rdf
from kg.contrib.shapes import shacl_problems
from kg.inputs.checks import check
from kg.inputs.documents import load_documents
from kg.inputs.facts import fact_paths, load_facts
from kg.model.errors import InvalidData, Problem
from kg.model.iris import DEFAULT_BASE
from kg.model.ontology import PREFIXES


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def validate_paths(paths: list[Path], seeds_dir: Path, *, facts_dir: Path = Path("facts"), shacl: bool = True,
                   root: Path | None = None) -> str:
    """Check ``paths`` and return a one-line summary; raise :class:`InvalidData` listing
    every problem. Files inside ``facts_dir`` are checked against the whole facts tree
    (so references to ids in other files resolve) but only their own problems are
    reported; files elsewhere are checked as a tree of their own."""
    missing = [Problem(os.fspath(p), 0, 0, "no such file or folder — give fact files or folders, e.g. facts/, "
                       "or run kg in the repository (the folder holding facts/) or one of its subfolders") for p in paths if not p.exists()]
    paths = [p for p in paths if p.exists()]
    in_tree = facts_dir.is_dir() and all(_inside(p, facts_dir) for p in paths)
    docs, doc_problems = load_documents(seeds_dir, root)
    facts = load_facts([facts_dir] if in_tree else paths, root)
    check(facts, docs)
    # The files asked about, as load_facts named them, however the user wrote their paths.
    named = {p.resolve() for base in paths for p in fact_paths(base)}
    wanted = {f for f in facts.files if ((root or Path.cwd()) / f).resolve() in named}
    problems = missing + doc_problems + [p for p in facts.problems if p.path in wanted]
    if problems:
        raise InvalidData(problems, writes=False)
    if shacl:
        terms = Terms(DEFAULT_BASE)
        union = union_of(curated_claims(facts, terms))
        if in_tree:
            # Shapes are checked on the records of the files asked about; the classes of
            # everything else are kept, as sh:class constraints look them up.
            mine = {terms.entity(r.id) for r in facts.records if r.id and r.path in wanted}
            mine |= {terms.entity(r.subject.text) for r in facts.records if r.subject and r.path in wanted}
            type_ = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
            union = [t for t in union if t.subject in mine or t.predicate == type_ or not t.subject.value.startswith(terms.base)]
        problems = [p for p in shacl_problems(serialise_rdf(union, ox.RdfFormat.TURTLE, PREFIXES), facts)
                    if p.path in wanted or not in_tree]
        if problems:
            raise InvalidData(problems, writes=False)
    checked = len(wanted)
    return f"ok: {checked} fact file{'s' * (checked != 1)} and {len(docs)} document{'s' * (len(docs) != 1)} valid"
