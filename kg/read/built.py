"""One object for a build on disk: :class:`BuiltGraph` is how every command that reads
``out/`` (query, serve, publish, show, export, render) finds its base IRI, summary,
store and quads, so they agree on what a missing or unreadable build means."""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path

from kg.build.output import PAGE, SUMMARY, TRIG, TURTLE, current_generation
from kg.model.errors import KgError
from kg.model.iris import Base


class BuiltGraph:
    """The build in folder ``out`` (what ``kg build --out`` wrote).

    Nothing is read until asked for; a missing build raises one message, an unreadable
    one another, both saying what to do next. The files are read from the generation
    ``out/current`` points to when the object is made (see :mod:`kg.build.output`), so they
    all come from one build even while another build replaces it."""

    def __init__(self, out: Path | str):
        self.out = Path(out)
        generation = current_generation(self.out)
        self.folder = self.out / generation if generation else self.out
        self._quads: list | None = None

    def __repr__(self) -> str:
        return f"BuiltGraph({str(self.out)!r})"

    @property
    def trig(self) -> Path:
        return self.folder / TRIG

    @property
    def turtle(self) -> Path:
        return self.folder / TURTLE

    @property
    def page(self) -> Path:
        return self.folder / PAGE

    def require(self) -> BuiltGraph:
        """Raise unless the build's files are there."""
        for path in (self.trig, self.folder / SUMMARY):
            if not path.is_file():
                raise KgError(f"{path}: no built graph — run 'kg build' first (or pass --out with the folder it wrote)")
        return self

    @cached_property
    def summary(self) -> dict:
        """``build.json``: base IRI, build date, counts, conflicts and warnings."""
        self.require()
        path = self.folder / SUMMARY
        try:
            summary = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(summary, dict) or not isinstance(summary.get("base_iri"), str):
                raise ValueError("no base_iri")
        except (OSError, ValueError) as exc:
            raise KgError(f"{path}: cannot read the build's summary ({exc}) — run 'kg build' again") from None
        return summary

    @cached_property
    def base(self) -> Base:
        return Base(self.summary["base_iri"])

    @property
    def build_date(self) -> str:
        return self.summary.get("build_date") or "1970-01-01"

    def quads(self) -> list:
        """Every quad of ``graph.trig``, in file order (parsed once per object)."""
        if self._quads is None:
            import pyoxigraph as ox

            self.require()
            try:
                self._quads = list(ox.parse(path=str(self.trig), format=ox.RdfFormat.TRIG))
            except (SyntaxError, OSError, ValueError) as exc:
                raise KgError(f"{self.trig}: cannot read the build ({exc}) — run 'kg build' again") from None
        return self._quads

    def inferred_quads(self) -> list:
        """The RDFS entailments ``kg query --infer`` adds, as quads of the graph
        ``<base>graph/inferred`` (what ``kg export --infer`` and ``kg publish --infer`` carry);
        the same triples the store holds there (see :mod:`kg.build.store`)."""
        import pyoxigraph as ox

        from kg.build.store import described_of, entailments

        graph = ox.NamedNode(self.base.inferred)
        return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in entailments(described_of(self.quads(), self.base.iri))]

    def store(self):
        """The dataset to query: the persisted store when current, else ``graph.trig``
        loaded in memory (see :mod:`kg.build.store`)."""
        from kg.build.store import open_dataset

        self.require()
        return open_dataset(self.folder, self.base.iri, self.quads)
