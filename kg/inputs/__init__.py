"""Inputs: fact files and documents read with their positions, and the Python checks.

:func:`load_inputs` is what every command that needs the whole input calls.
"""

from __future__ import annotations

from pathlib import Path

from kg.inputs.checks import check
from kg.inputs.documents import Document, load_documents
from kg.inputs.facts import FactSet, load_facts
from kg.model.errors import InvalidData


def load_inputs(facts_dir: Path, seeds_dir: Path, root: Path | None = None) -> tuple[FactSet, dict[str, Document]]:
    """Read and check all fact files and documents; raise :class:`InvalidData` with every problem."""
    docs, doc_problems = load_documents(seeds_dir, root)
    facts = load_facts([facts_dir], root)
    facts.problems.extend(doc_problems)
    check(facts, docs)
    if facts.problems:
        raise InvalidData(facts.problems)
    return facts, docs
