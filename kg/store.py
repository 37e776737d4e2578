"""Opening a built graph for reading."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from .errors import KgError


def open_dataset(out_dir: Path) -> ox.Store:
    """The dataset of the build in ``out_dir``, in memory, with the default graph as the
    union of all named graphs."""
    trig = out_dir / "graph.trig"
    if not trig.is_file():
        raise KgError(f"{trig}: no built graph — run 'kg build' first (or pass --out with the folder it wrote)")
    store = ox.Store()
    store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
    return store
