"""``kg diff``: what a change to the facts does to the graph, in plain language.

The two sides' curated claims (no extraction) are compared by IRI: a triple is the same
when subject, predicate and object are, wherever and however it is written, so a
reordered or reformatted file shows no change. A side is either the working tree or a
git revision of the repository holding the facts, whose files are written from git's
objects into a temporary folder (nothing in the repository is touched).

A diff costs what the change costs: only the fact files whose bytes differ between the
sides are read and checked, with the files stating facts about the same subjects (the
claims about a subject are all made from those); every other file is known by its index
(ids, classes, names), from the per-file caches when it was read before
(:class:`kg.inputs.facts.FocusedReader`). The changed files must pass ``kg validate``.

Three formats:

- ``text``: one line per change — ``+`` added, ``-`` removed, ``~`` changed — naming
  records by their names and citing the sources that state the new facts;
- ``md``: the same as a Markdown list for a pull-request comment, cut at 60,000
  characters with a note of how much was left out;
- ``nt``: the added and removed triples of the union graph as N-Triples lines, each
  prefixed with ``+ `` or ``- `` (sorted; provenance is not included).
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from kg.model.errors import KgError

MD_LIMIT = 60_000
_ROLE_WORDS = {"reviewer": "by", "reviewSubject": "of", "concernsVendor": "concerning"}


@dataclass
class Side:
    """One side of a diff: the union triples, and for each triple the sources stating it."""

    triples: set[tuple[str, str, str]] = field(default_factory=set)
    sources: dict[tuple[str, str, str], set[str]] = field(default_factory=dict)
    literals: dict[str, object] = field(default_factory=dict)  # N-Triples form of each term
    urls: dict[str, str] = field(default_factory=dict)  # source IRI → its URL, to name a web source cited inline
    names: dict[str, str] = field(default_factory=dict)  # entity IRI → its name, also for entities not read in full
    _by_pair: dict | None = None

    def values(self, subject: str, predicate: str) -> list[str]:
        if self._by_pair is None:
            self._by_pair = {}
            for s, p, o in self.triples:
                self._by_pair.setdefault((s, p), []).append(o)
        return sorted(self._by_pair.get((subject, predicate), ()))


@dataclass(frozen=True)
class _Tree:
    """Where one side's files are: the facts and seeds folders, and the folder paths are shown from."""

    facts: Path
    seeds: Path
    root: Path

    def contents(self) -> dict[str, bytes | None]:
        """Each fact file's bytes by its shown path (None for one that is not a regular file)."""
        from kg.inputs.documents import display_path
        from kg.inputs.facts import fact_paths

        return {display_path(p, self.root): p.read_bytes() if p.is_file() and not p.is_symlink() else None
                for p in fact_paths(self.facts)}


def _side(tree: _Tree, reader, wanted: set[str], also: set[str], cache: Path | None) -> Side:
    """The claims of ``tree`` about the subjects of the ``wanted`` files (and ``also``),
    after checking those files as ``kg validate`` does."""
    from kg.build.claims import Terms, curated_claims, web_source_id
    from kg.inputs.cache import FileCache
    from kg.inputs.checks import check
    from kg.inputs.documents import load_documents
    from kg.model.errors import InvalidData
    from kg.model.iris import DEFAULT_BASE

    facts = reader.load(tree.facts, wanted, also)
    docs, doc_problems = load_documents(tree.seeds, tree.root, FileCache(cache, "document"))
    check(facts, docs, focus=wanted)
    problems = doc_problems + [p for p in facts.problems if p.path in wanted]
    if problems:
        raise InvalidData(problems, writes=False)
    terms = Terms(DEFAULT_BASE)
    side = Side()
    for c in curated_claims(facts, terms):
        key = (c.subject.value, c.predicate.value, _term_text(c.object))
        side.triples.add(key)
        side.sources.setdefault(key, set()).add(c.source.value)
        side.literals[key[0]], side.literals[key[1]], side.literals[key[2]] = c.subject, c.predicate, c.object
    for record in facts.records:
        name = record.fields["name"][0].text if record.fields.get("name") else getattr(record, "name", None)
        if record.id is not None and name:
            side.names[terms.entity(record.id).value] = name
        for ref in record.sources:
            if ref.doc is None and ref.url:
                side.urls[terms.source(web_source_id(ref)).value] = ref.url
    return side


def _term_text(term) -> str:
    import pyoxigraph as ox

    return term.value if isinstance(term, ox.NamedNode) else str(term)


# -- exporting a revision ---------------------------------------------------------


def _git(repo: Path, *args: str, binary: bool = False):
    try:
        done = subprocess.run(["git", "-C", os.fspath(repo), *args], capture_output=True, timeout=120, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise KgError(f"cannot run git: {exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip().splitlines()
        raise KgError(f"git {' '.join(args[:2])}: {message[-1] if message else 'failed'}")
    return done.stdout if binary else done.stdout.decode().strip()


def export_revision(revision: str, paths: list[Path], dest: Path) -> Path:
    """Write ``paths`` (folders inside one git repository) as they are at ``revision``
    under ``dest``, keeping their place relative to the repository's top; returns the
    top's counterpart in ``dest``. A folder the revision does not have is left empty."""
    start = paths[0] if paths[0].is_dir() else Path.cwd()
    top = Path(_git(start, "rev-parse", "--show-toplevel"))
    try:
        commit = _git(top, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    except KgError:
        raise KgError(f"unknown revision '{revision}' — give a commit, branch or tag of {top} "
                      "(e.g. HEAD, HEAD~1, main, origin/main)") from None
    rels = []
    for path in paths:
        try:
            rel = path.resolve().relative_to(top.resolve()).as_posix()
        except ValueError:
            raise KgError(f"{path} is not inside the git repository {top}") from None
        (dest / rel).mkdir(parents=True, exist_ok=True)
        exists = subprocess.run(["git", "-C", os.fspath(top), "cat-file", "-e", f"{commit}:{rel}"], capture_output=True)
        if exists.returncode == 0:
            rels.append(rel)
    if rels:
        _write_tree(top, commit, rels, dest)
    return dest


def _write_tree(top: Path, commit: str, rels: list[str], dest: Path) -> None:
    """Write the files under ``rels`` at ``commit`` into ``dest`` from git's objects
    (``ls-tree`` + ``cat-file``), not with ``git archive``: the revision's own
    ``.gitattributes`` (``export-ignore``, ``export-subst``) must not hide or change a file
    from the diff. A symbolic link is written as one (the loader refuses it, as it does in a
    working tree); submodules are skipped."""
    listing = _git(top, "ls-tree", "-r", "-z", "--full-tree", commit, "--", *rels, binary=True)
    entries = []
    for item in listing.split(b"\0"):
        meta, _, name = item.partition(b"\t")
        if not name:
            continue
        mode, kind, sha = meta.split()
        parts = Path(os.fsdecode(name)).parts
        if kind != b"blob" or ".." in parts or Path(os.fsdecode(name)).is_absolute():
            continue
        entries.append((mode, sha, Path(*parts)))
    if not entries:
        return
    try:
        done = subprocess.run(["git", "-C", os.fspath(top), "cat-file", "--batch"], capture_output=True, timeout=120,
                              input=b"".join(sha + b"\n" for _, sha, _ in entries), check=True)
    except (OSError, subprocess.SubprocessError) as exc:
        raise KgError(f"cannot read {commit[:12]} with git: {exc}") from None
    data, at = done.stdout, 0
    for mode, _, rel in entries:
        header_end = data.index(b"\n", at)
        size = int(data[at:header_end].split()[2])
        content = data[header_end + 1 : header_end + 1 + size]
        at = header_end + 1 + size + 1
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if mode == b"120000":
            os.symlink(os.fsdecode(content), target)
        else:
            target.write_bytes(content)


def _tree(revision: str | None, facts_dir: Path, seeds_dir: Path, dest: Path) -> _Tree:
    """The working tree (``revision`` None) or a git revision written under ``dest``."""
    start = facts_dir if facts_dir.is_dir() else Path.cwd()
    try:
        top = Path(_git(start, "rev-parse", "--show-toplevel")).resolve()
    except KgError:
        if revision is not None:
            raise
        return _Tree(facts_dir, seeds_dir, Path.cwd())
    if revision is None:
        return _Tree(facts_dir, seeds_dir, top)
    export_revision(revision, [facts_dir, seeds_dir], dest)
    rel = lambda p: dest / p.resolve().relative_to(top)  # noqa: E731
    return _Tree(rel(facts_dir), rel(seeds_dir), dest)


def load_sides(base: str | None, head: str | None, facts_dir: Path, seeds_dir: Path,
               cache: Path | None = None) -> tuple[Side, Side]:
    """The two sides of a diff (a revision, or None for the working tree), read as far
    as the files that differ between them need (see the module docstring)."""
    from kg.inputs.documents import display_path
    from kg.inputs.facts import FocusedReader, fact_paths

    with tempfile.TemporaryDirectory(prefix="kg-diff-") as tmp:
        trees = [_tree(rev, facts_dir, seeds_dir, Path(tmp) / name) for rev, name in ((base, "base"), (head, "head"))]
        contents = [tree.contents() for tree in trees]
        changed = {d for d in contents[0].keys() | contents[1].keys()
                   if contents[0].get(d) is None or contents[1].get(d) is None or contents[0][d] != contents[1][d]}
        readers = [FocusedReader(tree.root, cache) for tree in trees]
        # The subjects of the changed files on either side: each side reads every file about them.
        also: set[str] = set()
        for tree, reader in zip(trees, readers, strict=True):
            for path in fact_paths(tree.facts):
                display = display_path(path, tree.root)
                if display in changed:
                    also |= reader.index(path, display).subjects
        old, new = (_side(tree, reader, changed & set(c), also, cache) for tree, reader, c in zip(trees, readers, contents, strict=True))
        return old, new


# -- describing changes -----------------------------------------------------------


@dataclass(frozen=True, order=True)
class Change:
    """One line of the diff: ``kind`` is ``+``, ``-`` or ``~``."""

    order: tuple
    kind: str
    text: str

    def __str__(self) -> str:
        return f"{self.kind} {self.text}"


class _Namer:
    def __init__(self, old: Side, new: Side):
        from kg.model.ontology import NS, RDF, load_ontology

        self.ns, self.type = NS, RDF + "type"
        self.onto = load_ontology()
        self.old, self.new = old, new

    def local(self, iri: str) -> str:
        return iri.rsplit("#", 1)[-1] if iri.startswith(self.ns) else iri.rsplit("/", 1)[-1]

    def name(self, iri: str) -> str:
        for side in (self.new, self.old):
            names = side.values(iri, self.ns + "name")
            if names:
                return _literal_value(side.literals[names[0]])
        for side in (self.new, self.old):
            if iri in side.names:
                return side.names[iri]
        return self.local(iri)

    def value(self, iri_or_literal: str, side: Side) -> str:
        term = side.literals.get(iri_or_literal)
        if term is not None and not hasattr(term, "datatype"):
            if "/id/" in iri_or_literal:
                return self.name(iri_or_literal)
            return self.onto.labels.get(self.local(iri_or_literal), self.local(iri_or_literal))
        return _literal_value(term) if term is not None else iri_or_literal

    def classes(self, iri: str, side: Side) -> str:
        names = [self.local(c) for c in side.values(iri, self.type)]
        return "/".join(names) or "record"

    def sources(self, keys, side: Side) -> str:
        """`` — source ID, URL``: a document by its id, a web source cited inline (whose id
        is a hash) by its URL."""
        iris = {s for k in keys for s in side.sources.get(k, ())}
        docs = sorted(side.urls[s] if self.local(s).startswith("web-") and s in side.urls else self.local(s) for s in iris)
        return f" — source {', '.join(docs)}" if docs else ""

    def prop(self, iri: str) -> str:
        local = self.local(iri)
        return local if local != "type" else "type"


def _literal_value(term) -> str:
    return getattr(term, "value", str(term))


def _describe_record(n: _Namer, iri: str, side: Side) -> str:
    """A record in one phrase: 'Review by X of Y concerning Z, from 2014-05'."""
    classes = [n.local(c) for c in side.values(iri, n.type)]
    label = classes[0] if classes else "record"
    if any(n.onto.is_a(c, "Review") for c in classes if c in n.onto.classes):
        parts = [label]
        for role, word in _ROLE_WORDS.items():
            values = [n.value(v, side) for v in side.values(iri, n.ns + role)]
            if values:
                parts.append(f"{word} {_join(values)}")
        text = " ".join(parts)
    else:
        text = f"{label} {n.name(iri)}"
        for role in ("actor", "party"):
            values = [n.value(v, side) for v in side.values(iri, n.ns + role)]
            if values:
                text += f" ({role} {_join(values)})"
    dates = [(w, side.values(iri, n.ns + p)) for w, p in (("from", "startDate"), ("on", "date"), ("until", "endDate"))]
    for word, values in dates:
        if values:
            text += f", {word} {_literal_value(side.literals[values[0]])}"
    return f"{text} [{n.local(iri)}]"


def _join(values: list[str]) -> str:
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " and " + values[-1]


def compare(old: Side, new: Side) -> list[Change]:
    """The changes from ``old`` to ``new``, in a stable order."""
    n = _Namer(old, new)
    added, removed = new.triples - old.triples, old.triples - new.triples
    recited = {k for k in old.triples & new.triples if old.sources.get(k) != new.sources.get(k)}
    subjects_old = {s for s, _, _ in old.triples}
    subjects_new = {s for s, _, _ in new.triples}
    changes: list[Change] = []
    touched = sorted({s for s, _, _ in added | removed | recited})
    for subject in touched:
        if subject not in subjects_old:
            keys = [k for k in added if k[0] == subject]
            changes.append(Change((subject, 0), "+", _describe_record(n, subject, new) + n.sources(keys, new)))
            continue
        if subject not in subjects_new:
            changes.append(Change((subject, 0), "-", _describe_record(n, subject, old)))
            continue
        who = f"{n.name(subject)} [{n.local(subject)}]"
        predicates = sorted({p for s, p, _ in added | removed | recited if s == subject})
        for predicate in predicates:
            plus = sorted(k for k in added if k[0] == subject and k[1] == predicate)
            minus = sorted(k for k in removed if k[0] == subject and k[1] == predicate)
            cited = sorted(k for k in recited if k[0] == subject and k[1] == predicate)
            label = n.prop(predicate)
            if plus and minus and len(plus) == len(minus) == 1:
                changes.append(Change((subject, 1, predicate), "~", f"{who}: {label} {n.value(minus[0][2], old)} → "
                                      f"{n.value(plus[0][2], new)}{n.sources(plus, new)}"))
                continue
            for k in minus:
                changes.append(Change((subject, 1, predicate, 0, k[2]), "-", f"{who}: {label} {n.value(k[2], old)}"))
            for k in plus:
                changes.append(Change((subject, 1, predicate, 1, k[2]), "+", f"{who}: {label} {n.value(k[2], new)}{n.sources([k], new)}"))
            for k in cited:
                changes.append(Change((subject, 1, predicate, 2, k[2]), "~", f"{who}: {label} {n.value(k[2], new)} now cited from "
                                      f"{', '.join(sorted(n.local(s) for s in new.sources.get(k, ()))) or 'no source'}"))
    return sorted(changes)


def render(changes: list[Change], old: Side, new: Side, fmt: str = "text", title: str = "") -> str:
    """The changes as ``text``, ``md`` or ``nt`` (see the module's docstring)."""
    if fmt == "nt":
        lines = [f"- {_nt(k, old)}" for k in sorted(old.triples - new.triples)]
        lines += [f"+ {_nt(k, new)}" for k in sorted(new.triples - old.triples)]
        return "".join(line + "\n" for line in lines)
    if fmt == "text":
        if not changes:
            return "no change to the graph\n"
        return "".join(f"{c}\n" for c in changes)
    if fmt != "md":
        raise KgError(f"unknown format '{fmt}' — use text, md or nt")
    head = f"### {title or 'Changes to the graph'}\n\n"
    if not changes:
        return head + "No change to the graph.\n"
    counts = {k: sum(1 for c in changes if c.kind == k) for k in "+-~"}
    head += f"{counts['+']} added, {counts['-']} removed, {counts['~']} changed.\n\n"
    body, shown = [], 0
    size = len(head)
    for change in changes:
        line = f"- `{change.kind}` {_md_escape(change.text)}\n"
        if size + len(line) > MD_LIMIT - 200:
            break
        body.append(line)
        size += len(line)
        shown += 1
    text = head + "".join(body)
    if shown < len(changes):
        left = sum(len(f"- `{c.kind}` {_md_escape(c.text)}\n") for c in changes[shown:])
        text += f"\n… {len(changes) - shown} more changes ({left:,} characters) left out; run `kg diff` locally to see them all.\n"
    return text


_MD_BREAKS = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")
_MD_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")


def _md_escape(text: str) -> str:
    """``text`` as one line of literal Markdown: line breaks become ``⏎`` (a value cannot
    end the list item and start a heading, a rule or a table) and every ASCII punctuation
    character is backslash-escaped (CommonMark allows it for all of them), so no emphasis,
    link, autolink, HTML or code span can come from the data."""
    return _MD_PUNCTUATION.sub(r"\\\1", _MD_BREAKS.sub(" ⏎ ", text))


def _nt(key: tuple[str, str, str], side: Side) -> str:
    return " ".join(str(side.literals[part]) for part in key) + " ."


def diff(base: str | None, head: str | None, facts_dir: Path, seeds_dir: Path, fmt: str = "text",
         cache: Path | None = None) -> str:
    """``kg diff``: compare ``base`` (a revision; default ``HEAD``) with ``head`` (a
    revision; default the working tree) and render the changes. Files read before are
    taken from the per-file caches in ``cache``."""
    if fmt not in ("text", "md", "nt"):
        raise KgError(f"unknown format '{fmt}' — use text, md or nt")
    base = base or "HEAD"
    old, new = load_sides(base, head, facts_dir, seeds_dir, cache)
    title = f"Changes to the graph: {base} → {head or 'working tree'}"
    return render(compare(old, new), old, new, fmt, title)
