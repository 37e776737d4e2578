"""Inputs: fact files and documents read with their positions, and the Python checks.

:func:`load_inputs` is what every command that needs the whole input calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.inputs.cache import FileCache
from kg.inputs.checks import check
from kg.inputs.documents import Document, load_documents
from kg.inputs.facts import FactSet, FocusedReader, load_facts
from kg.model.errors import InvalidData


@dataclass
class Inputs:
    """The inputs of a build: fact records, documents and each file's content key
    (:mod:`kg.inputs.cache`), by path as shown (``facts.keys`` for fact files)."""

    facts: FactSet
    documents: dict[str, Document]
    document_keys: dict[str, str]
    changed: list[str] | None = None  # after an earlier build (load_changes): fact files added or changed; None when every file was read


def load_inputs(facts_dir: Path, seeds_dir: Path, root: Path | None = None, *, cache: Path | None = None,
                fresh: bool = False) -> tuple[FactSet, dict[str, Document]]:
    """Read and check all fact files and documents; raise :class:`InvalidData` with every problem.
    Files read before are taken from the per-file caches in ``cache`` (:mod:`kg.inputs.cache`;
    ``fresh``: read them all again)."""
    inputs = read_inputs(facts_dir, seeds_dir, root, cache=cache, fresh=fresh)
    return inputs.facts, inputs.documents


def read_inputs(facts_dir: Path, seeds_dir: Path, root: Path | None = None, *, cache: Path | None = None,
                fresh: bool = False) -> Inputs:
    """:func:`load_inputs`, with each file's content key."""
    caches = [FileCache(cache, kind, fresh=fresh, deferred=True) for kind in ("document", "facts", "index")]
    docs, doc_problems = load_documents(seeds_dir, root, caches[0])
    facts = load_facts([facts_dir], root, caches[1], caches[2])
    facts.problems.extend(doc_problems)
    check(facts, docs)
    if facts.problems:
        raise InvalidData(facts.problems)
    _save(caches[0], caches[1], caches[2])
    return Inputs(facts, docs, dict(caches[0].keys))


def _save(documents: FileCache, records: FileCache, indexes: FileCache) -> None:
    """Write the caches' new entries, only once the inputs are valid (a refused build writes
    nothing), then prune them. Every file was looked up: what this run did not use goes,
    beyond a bound. A file's index has the key of its records (one key per file's bytes)."""
    for entries in (documents, records, indexes):
        entries.save()
    documents.prune()
    records.prune(also_used=indexes.used)
    indexes.prune(also_used=records.used)


def changed_since(files: dict[str, str], keys: dict[str, str], paths: list[str]) -> tuple[list[str], list[str]]:
    """The fact files of ``paths`` added or changed since a build of ``files`` (path as shown
    → content key; a path with no key now could not be read, and counts as changed), and
    those of ``files`` gone."""
    here = set(paths)
    return [d for d in paths if d not in keys or files.get(d) != keys[d]], [d for d in files if d not in here]


def load_changes(facts_dir: Path, seeds_dir: Path, root: Path | None, *, cache: Path | None,
                 files: dict[str, str], documents: dict[str, str], most: float) -> Inputs | None:
    """Read and check what changed since a build of fact files and documents with the keys
    ``files`` and ``documents`` (path as shown → content key, :mod:`kg.inputs.cache`).

    Of the files that did not change, only their indexes are read, except those stating
    facts about the changed files' subjects or referring to their ids (old or new): those are
    checked again with the changed ones. The earlier build's inputs had no problem, so the
    problems found are all the tree has. Raises :class:`InvalidData` with them. None when
    this cannot be known from the caches (documents changed, an earlier index is gone) or
    more than ``most`` files changed: then the caller reads everything (:func:`read_inputs`)."""
    if cache is None:
        return None
    doc_cache = FileCache(cache, "document", deferred=True)
    docs, doc_problems = load_documents(seeds_dir, root, doc_cache)
    if doc_problems or doc_cache.keys != documents:
        return None
    reader = FocusedReader(root, cache, deferred=True)
    indexes = reader.indexes(facts_dir)
    changed, removed = changed_since(files, reader.index_cache.keys, list(indexes))
    if len(changed) + len(removed) > most:
        return None
    before = [reader.index_cache.get(files[d]) for d in changed + removed if d in files]
    if any(index is None for index in before):
        return None
    touched = before + [indexes[d][1] for d in changed]
    ids = {record[1] for index in touched for record in index.defined}
    subjects = set().union(*(index.subjects for index in touched))
    focus = set(changed) | {d for d, (_, index) in indexes.items() if index.subjects & subjects or index.refs & ids}
    facts = reader.load(facts_dir, focus, subjects, indexes)
    check(facts, docs, focus=focus)
    if facts.problems:
        raise InvalidData(facts.problems)
    _save(doc_cache, reader.records_cache, reader.index_cache)
    return Inputs(facts, docs, dict(doc_cache.keys), changed)
