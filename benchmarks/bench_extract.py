"""Extraction speed: articles of about 600 words a second, on one core.

Run: .venv/bin/python benchmarks/bench_extract.py [--seconds 5]

The articles are the seed and the gold articles, each repeated to about 600 words (so
sentences, names and events are realistic), extracted one after another in this process.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def articles() -> list:
    from kg.inputs.documents import load_document

    paths = [ROOT / "seeds" / "scmp-2014-ibm-servers.txt", *sorted((ROOT / "tests" / "gold").glob("*.txt"))]
    docs = []
    for path in paths:
        doc = load_document(path)
        text = doc.text
        while len(text.split()) < 600:
            text += "\n" + doc.text
        words = text.split(" ")
        # Trim to about 600 words at a paragraph end.
        cut = len(" ".join(words[:600]))
        end = text.find("\n", cut)
        text = text[: end if end != -1 else len(text)] + "\n"
        docs.append(dataclasses.replace(doc, text=text))
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="how long to measure")
    args = parser.parse_args()
    from kg.cli.extract import load_catalog
    from kg.extract import extract_document
    from kg.extract.linking import Catalog

    catalog = Catalog(load_catalog(ROOT / "facts"))
    docs = articles()
    for doc in docs:  # warm up: spaCy, regular expressions, the catalog pattern
        extract_document(doc, catalog)
    words = sum(len(d.text.split()) for d in docs) / len(docs)
    # CPU time of this process: on a busy machine, wall time would count other programs' turns.
    count, start, wall = 0, time.process_time(), time.perf_counter()
    while time.process_time() - start < args.seconds:
        for doc in docs:
            extract_document(doc, catalog)
            count += 1
    elapsed = time.process_time() - start
    wall = time.perf_counter() - wall
    print(f"{count / elapsed:.1f} articles/second of CPU time on one core (about {words:.0f} words each, "
          f"{count} articles in {elapsed:.1f} s CPU, {count / wall:.1f}/s by the wall clock)")


if __name__ == "__main__":
    main()
