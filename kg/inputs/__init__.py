"""Inputs: fact files and documents read with their positions, and the Python checks.

:func:`load_inputs` is what every command that needs the whole input calls.
"""

from __future__ import annotations

from pathlib import Path

from kg.inputs.cache import FileCache
from kg.inputs.checks import check
from kg.inputs.documents import Document, load_documents
from kg.inputs.facts import FactSet, load_facts
from kg.model.errors import InvalidData


def load_inputs(facts_dir: Path, seeds_dir: Path, root: Path | None = None, *, cache: Path | None = None,
                fresh: bool = False) -> tuple[FactSet, dict[str, Document]]:
    """Read and check all fact files and documents; raise :class:`InvalidData` with every problem.
    Files read before are taken from the per-file caches in ``cache`` (:mod:`kg.inputs.cache`;
    ``fresh``: read them all again)."""
    caches = [FileCache(cache, kind, fresh=fresh, deferred=True) for kind in ("document", "facts", "index")]
    docs, doc_problems = load_documents(seeds_dir, root, caches[0])
    facts = load_facts([facts_dir], root, caches[1], caches[2])
    facts.problems.extend(doc_problems)
    check(facts, docs)
    if facts.problems:
        raise InvalidData(facts.problems)
    for entries in caches:  # only now: a refused build writes nothing
        entries.save()
    # Every file was looked up: what this build did not use goes, beyond a bound. A file's
    # index has the key of its records (one key per file's bytes).
    caches[0].prune()
    caches[1].prune()
    caches[2].prune(also_used=caches[1].used)
    return facts, docs
