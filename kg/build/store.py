"""Opening a built graph for reading, and the persisted store that makes it fast.

``kg build`` writes ``out/store/``, an on-disk Oxigraph store, next to ``graph.trig``.
It holds:

- every named graph of ``graph.trig`` (claims, provenance, ontology), unchanged;
- in its **default graph**, the RDF merge of all those graphs — so a query without
  ``GRAPH`` sees every claim, its provenance and the ontology, each triple once;
- in the named graph ``<base>graph/inferred``, the RDFS entailments of the claims and
  the ontology under ``rdfs:subClassOf`` and ``rdfs:subPropertyOf`` (not of provenance) (``ibm a schema:Organization``
  because ``kg:Vendor rdfs:subClassOf kg:Organization rdfs:subClassOf schema:Organization``).
  Queries see it only when asked to (``kg query --infer``), as part of their default graph.

``kg build`` writes the store into the new generation folder with the other outputs
(:func:`kg.build.output.publish_build`), so it is published with them or not at all. A
marker file records which ``graph.trig`` the store was made from; when the store is
missing, or was made from another ``graph.trig``, readers load ``graph.trig`` into memory
instead (slower, same answers).
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.build.output import STORE, TRIG
from kg.model.iris import Base
from kg.model.ontology import NS, RDF, RDFS

STORE_NAME = STORE
MARKER = "kg-store.json"
_TEMP = ".kg-store-tmp-"
_OLD = ".kg-store-old-"
STORE_FORMAT = 1


def _trig_stamp(trig: Path) -> dict:
    st = trig.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _closure(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    """For each term, its strict ancestors under a transitive relation (sorted)."""
    parents: dict[str, set[str]] = {}
    for child, parent in pairs:
        if child != parent:
            parents.setdefault(child, set()).add(parent)
    result: dict[str, list[str]] = {}
    for start in parents:
        seen: set[str] = set()
        todo = list(parents[start])
        while todo:
            current = todo.pop()
            if current in seen or current == start:
                continue
            seen.add(current)
            todo.extend(parents.get(current, ()))
        result[start] = sorted(seen)
    return result


class _Rdfs:
    """The RDFS subclass and subproperty rules (rdfs9, rdfs7), with the hierarchies that
    ``triples`` state closed transitively."""

    def __init__(self, triples):
        self.sub_class = _closure([(t.subject.value, t.object.value) for t in triples
                                   if t.predicate.value == RDFS + "subClassOf" and isinstance(t.object, ox.NamedNode)])
        self.sub_prop = _closure([(t.subject.value, t.object.value) for t in triples
                                  if t.predicate.value == RDFS + "subPropertyOf" and isinstance(t.object, ox.NamedNode)])

    def entailed(self, triples) -> set[ox.Triple]:
        """What the rules add to ``triples`` (they keep the subject: a subject's entailments
        follow from its own triples)."""
        out: set[ox.Triple] = set()
        classes = {c: [ox.NamedNode(p) for p in parents] for c, parents in self.sub_class.items()}
        properties = {c: [ox.NamedNode(p) for p in parents] for c, parents in self.sub_prop.items()}
        for t in triples:
            if t.predicate == _TYPE and isinstance(t.object, ox.NamedNode):
                for parent in classes.get(t.object.value, ()):
                    out.add(ox.Triple(t.subject, _TYPE, parent))
            for parent in properties.get(t.predicate.value, ()):
                out.add(ox.Triple(t.subject, parent, t.object))
        return out


_TYPE = ox.NamedNode(RDF + "type")


def entailments(triples, *, ordered: bool = True) -> list[ox.Triple]:
    """RDFS subclass and subproperty entailments of ``triples`` (rules rdfs9 and rdfs7,
    with the hierarchies closed transitively), minus the triples already there; sorted
    unless not ``ordered`` (a store needs no order)."""
    triples = list(triples)
    out = _Rdfs(triples).entailed(triples) - set(triples)
    return sorted(out, key=lambda t: (str(t.subject), str(t.predicate), str(t.object))) if ordered else list(out)


# The bulk loader holds what one call gives it in memory: batches of this many quads keep a
# large build's peak memory down (by a third at 100k claims) and cost no time.
_BATCH = 200_000


def _load(store: ox.Store, quads) -> None:
    batch: list[ox.Quad] = []
    for quad in quads:
        batch.append(quad)
        if len(batch) == _BATCH:
            store.bulk_extend(batch)
            batch = []
    if batch:
        store.bulk_extend(batch)


@dataclass
class Contents:
    """What a store holds, as RDF the engine reads itself: ``named``, TriG documents of every
    named graph; ``default``, Turtle documents whose union is the default graph (the merge of every
    named graph); ``described``, a function giving the triples the inferred graph entails from
    (every graph's but the provenance graph's)."""

    named: list[bytes]
    default: list[bytes]
    described: Callable[[], list[ox.Triple]]


def described_of(quads: list[ox.Quad], base: str) -> list[ox.Triple]:
    """The triples of a dataset that entailments are drawn from: every graph's but the
    provenance graph's, each once."""
    provenance = ox.NamedNode(Base(base).provenance)
    return list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads if q.graph_name != provenance))


def contents_of(quads, base: str) -> Contents:
    """The :class:`Contents` of a dataset given as quads (``graph.trig`` read back)."""
    quads = list(quads)
    merged = list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads))
    described = described_of(quads, base)
    return Contents([ox.serialize(quads, format=ox.RdfFormat.TRIG)],
                    [ox.serialize(merged, format=ox.RdfFormat.N_TRIPLES)], lambda: described)


def _fill(store: ox.Store, contents: Contents, base: str) -> None:
    # The engine parses and loads the serialised graphs itself: no quad becomes a Python
    # object (half the time and a fraction of the memory of loading quads one by one).
    for document in contents.named:
        store.bulk_load(document, format=ox.RdfFormat.TRIG)
    for document in contents.default:
        store.bulk_load(document, format=ox.RdfFormat.TURTLE)
    # Entailments of what the graph describes (claims and ontology); the provenance
    # vocabulary's own superproperties (kg:quote is a prov:value) are left out, as they
    # would double the store for little use.
    graph = ox.NamedNode(Base(base).inferred)
    _load(store, (ox.Quad(t.subject, t.predicate, t.object, graph) for t in entailments(contents.described(), ordered=False)))


@dataclass
class Delta:
    """What a build changes in the store of the build before it (see :func:`_update`): the
    claim graphs gone, the quads of the claim graphs come (each claim and its provenance),
    and all the quads that belong to no claim (sources, ontology, conflicts)."""

    gone: set[str]
    come: list[ox.Quad]
    rest: list[ox.Quad]


def _update(store: ox.Store, base: str, delta: Delta) -> bool:
    """Turn ``store``, a copy of the store of an earlier build, into the store of the new
    build (the same content :func:`_fill` makes). A claim's graph IRI is a digest of the
    claim and all its provenance, so the claims that changed are the graphs ``delta`` names;
    the few quads that belong to no claim are compared one by one. Then the default graph's
    merge and the entailments of the triples and subjects those touch. False (store
    untouched) when the ontology changed."""
    iris = Base(base)
    provenance, inferred, ontology = (ox.NamedNode(iri) for iri in (iris.provenance, iris.inferred, iris.ontology))
    # Besides claims, the provenance graph describes the sources (kg:Document): read just those.
    document = ox.NamedNode(NS + "Document")
    new_rest = delta.rest
    documents = {q.subject for q in new_rest if q.graph_name == provenance and q.predicate == _TYPE and q.object == document}
    if any(q.graph_name == provenance and q.subject not in documents for q in new_rest):
        return False
    others = {q.graph_name for q in new_rest if q.graph_name != provenance} | {ontology, ox.NamedNode(iris.conflicts)}
    sources = {q.subject for q in store.quads_for_pattern(None, _TYPE, document, provenance)}
    old_rest = [q for g in others for q in store.quads_for_pattern(None, None, None, g)]
    old_rest += [q for source in sources for q in store.quads_for_pattern(source, None, None, provenance)]
    removed = set(old_rest) - set(new_rest)
    added = set(new_rest) - set(old_rest)
    if any(q.graph_name == ontology for q in removed | added):
        return False
    for iri in delta.gone:
        name = ox.NamedNode(iri)
        removed.update(store.quads_for_pattern(None, None, None, name))
        removed.update(store.quads_for_pattern(name, None, None, provenance))
    added.update(delta.come)
    for quad in removed:
        store.remove(quad)
    store.extend(sorted(added, key=str))
    _merge_touched(store, removed | added, base)
    return True


def _merge_touched(store: ox.Store, changed: set[ox.Quad], base: str) -> None:
    """After ``changed`` quads were added or removed: the default graph holds a triple just
    when a named graph (other than the entailments) does, and each subject's entailments
    are those of its triples."""
    iris = Base(base)
    provenance, inferred, ontology = (ox.NamedNode(iri) for iri in (iris.provenance, iris.inferred, iris.ontology))
    default, subjects = ox.DefaultGraph(), set()
    for t in {ox.Triple(q.subject, q.predicate, q.object) for q in changed}:
        graphs = {q.graph_name for q in store.quads_for_pattern(t.subject, t.predicate, t.object)}
        stated = any(isinstance(g, ox.NamedNode) and g != inferred for g in graphs)
        if stated and default not in graphs:
            store.add(ox.Quad(t.subject, t.predicate, t.object, default))
        elif not stated and default in graphs:
            store.remove(ox.Quad(t.subject, t.predicate, t.object, default))
        subjects.add(t.subject)
    rules = _Rdfs([ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, ontology)])
    for subject in subjects:
        own = {ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(subject, None, None)
               if isinstance(q.graph_name, ox.NamedNode) and q.graph_name not in (provenance, inferred)}
        want = {ox.Quad(t.subject, t.predicate, t.object, inferred) for t in rules.entailed(own) - own}
        have = set(store.quads_for_pattern(subject, None, None, inferred))
        for quad in have - want:
            store.remove(quad)
        store.extend(sorted(want - have, key=str))


def _remove_leftovers(out_dir: Path) -> None:
    for pattern in (f"{_TEMP}*", f"{_OLD}*"):
        for stale in out_dir.glob(pattern):
            shutil.rmtree(stale, ignore_errors=True)


def _reusable(previous: Path | None, base: str) -> bool:
    """True when the store of the build in ``previous`` (a generation folder) can be copied
    and changed: it is current, of this format and of this base IRI."""
    if previous is None or not store_is_current(previous):
        return False
    try:
        return json.loads((previous / STORE_NAME / MARKER).read_text()).get("base") == base
    except (OSError, ValueError):
        return False


def _make(temp: Path, contents: Contents | Callable[[], Contents], base: str, previous: Path | None,
          delta: Delta | None) -> None:
    """Write the store at ``temp``: a copy of ``previous``'s store (a checkpoint: hard links
    to its files) changed by ``delta``, when that is possible; else ``contents`` loaded afresh."""
    if delta is not None and _reusable(previous, base):
        try:
            ox.Store.read_only(str(previous / STORE_NAME)).backup(str(temp))
            store = ox.Store(str(temp))
            if _update(store, base, delta):
                store.flush()
                return
            del store
        except OSError:
            pass  # the earlier store went away or is damaged: load afresh
        shutil.rmtree(temp, ignore_errors=True)
    store = ox.Store(str(temp))
    _fill(store, contents() if callable(contents) else contents, base)
    store.flush()


def write_store(contents: Contents | Callable[[], Contents], out_dir: Path, base: str, previous: Path | None = None,
                delta: Delta | None = None, inputs: dict | None = None, *, stamp: bool = True) -> Path:
    """Persist ``contents`` (:func:`contents_of` some quads, or a function giving them, called
    only when the store is loaded afresh) as ``out_dir/store`` (see the module docstring),
    atomically. ``previous``: the folder of the
    build before, whose store is copied and changed by ``delta`` when given (the same content,
    made faster); ``inputs``: what the build was made of, kept in the store's marker for the
    next build to compare with (:func:`earlier_inputs`). The marker records which
    ``graph.trig`` the store was made from: without ``stamp`` (``graph.trig`` is being written
    meanwhile) :func:`stamp_store` does that afterwards.

    Called by ``kg build`` under the build lock, in the generation folder being written."""
    out_dir = Path(out_dir)
    _remove_leftovers(out_dir)
    temp = out_dir / f"{_TEMP}{os.getpid()}"
    final = out_dir / STORE_NAME
    try:
        _make(temp, contents, base, previous, delta)
        marker = {"format": STORE_FORMAT, "base": base, TRIG: _trig_stamp(out_dir / TRIG) if stamp else None,
                  "inputs": inputs}
        (temp / MARKER).write_text(json.dumps(marker, sort_keys=True) + "\n")
        old = out_dir / f"{_OLD}{os.getpid()}"
        if final.exists():
            os.rename(final, old)
        os.rename(temp, final)
        shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        shutil.rmtree(temp, ignore_errors=True)
        from kg.model.errors import BuildError

        why = "the disk is full — free some space and build again" if exc.errno == errno.ENOSPC else exc.strerror or exc
        raise BuildError(f"{out_dir}: cannot write the query store: {why}; the previous outputs are unchanged") from None
    return final


def stamp_store(out_dir: Path) -> None:
    """Record in ``out_dir/store``'s marker that it was made from ``out_dir/graph.trig``
    as it is now (see :func:`write_store`)."""
    path = Path(out_dir) / STORE_NAME / MARKER
    marker = json.loads(path.read_text())
    marker[TRIG] = _trig_stamp(Path(out_dir) / TRIG)
    path.write_text(json.dumps(marker, sort_keys=True) + "\n")


def earlier_inputs(previous: Path | None, base: str) -> dict | None:
    """What the build in ``previous`` (a generation folder) was made of, as given to
    :func:`write_store`, when its store can be copied and changed; else None."""
    if not _reusable(previous, base):
        return None
    try:
        return json.loads((previous / STORE_NAME / MARKER).read_text()).get("inputs")
    except (OSError, ValueError):
        return None


def store_is_current(out_dir: Path) -> bool:
    """True when ``out_dir/store`` exists and was made from the current ``graph.trig``."""
    try:
        marker = json.loads((Path(out_dir) / STORE_NAME / MARKER).read_text())
        return marker.get("format") == STORE_FORMAT and marker.get(TRIG) == _trig_stamp(Path(out_dir) / TRIG)
    except (OSError, ValueError):
        return False


def open_dataset(out_dir: Path, base: str, read_quads) -> ox.Store:
    """The dataset of the build in ``out_dir``: the persisted store opened read-only when
    it is current, else the quads ``read_quads()`` returns (``graph.trig``) loaded in
    memory, with the same default graph and inferred graph (see the module docstring).
    Readers reach it through :class:`kg.read.built.BuiltGraph`."""
    out_dir = Path(out_dir)
    if store_is_current(out_dir):
        try:
            return ox.Store.read_only(str(out_dir / STORE_NAME))
        except OSError:
            pass  # a store being swapped or damaged: graph.trig is the source of truth
    store = ox.Store()
    _fill(store, contents_of(read_quads(), base), base)
    return store
