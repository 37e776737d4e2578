"""Extraction: news articles → proposed entities and relations, each with its evidence.

The stages, one module each, in the order the data flows:

- :mod:`.cleanup` blanks boilerplate (ads, captions, bylines) without moving offsets;
- :mod:`.sentences` tokenises and splits sentences (spaCy's rule-based English);
- :mod:`.mentions` finds names by their shape and types them by their words;
- :mod:`.linking` links names to the curated catalog (exact alias, then rapidfuzz);
- :mod:`.entities` groups mentions into entities, types bare names by context and
  resolves "the bank", "the company", "Beijing" and "the government";
- :mod:`.dates` resolves dates against the publication date;
- :mod:`.events` and :mod:`.relations` find events with roles and binary relations;
- :mod:`.jsonl` writes it all as the JSONL contract (and YAML).

Use :func:`extract`::

    from kg.inputs.documents import load_document
    from kg.extract import extract
    records = extract([load_document(Path("seeds/scmp-2014-ibm-servers.txt"))], catalog=[])
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.inputs.documents import Document

__all__ = ["extract", "extract_document"]


def extract(docs: list[Document], catalog: list[dict] | None = None) -> list[dict]:
    """The JSONL records for ``docs``, documents in id order, each document's entities
    (by first mention) then its relations (by evidence position).

    ``catalog`` holds the curated entities (``id``, ``type``, ``name``, ``aliases``)."""
    from kg.extract.linking import Catalog

    index = Catalog(list(catalog or []))
    records: list[dict] = []
    for doc in sorted(docs, key=lambda d: d.id):
        records.extend(extract_document(doc, index))
    return records


def extract_document(doc: Document, catalog) -> list[dict]:
    """The records of one document; ``catalog`` is a :class:`~kg.extract.linking.Catalog` or a list."""
    from kg.extract.pipeline import run

    return run(doc, catalog)
