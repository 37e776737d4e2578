"""SPARQL over the built graph: reading a query, refusing what would reach outside,
binding parameters safely, and running it with a time limit and a row cap.

Safety. Oxigraph evaluates ``SERVICE`` by making an HTTP request, so every query is
read by :func:`inspect` before anything runs, within the time limit. A linear lexer that
follows the SPARQL 1.1 grammar's terminals finds the form, variables and update words and
refuses nesting deeper than :data:`MAX_NESTING`; ``SERVICE`` and ``FROM`` are found in the
*parse tree* (:mod:`kg.read.reach`), since the engine reads ``SERVICE:x`` as a keyword and a
name where tokens see one name. Unless remote access is explicitly allowed it refuses:

- ``SERVICE`` anywhere (the engine would fetch the endpoint), however it is spelt;
- ``FROM`` / ``FROM NAMED`` with an IRI that is not a graph of this build (``file:``,
  ``http:`` …; Oxigraph never fetches these, but other engines given the same query do);
- a query that mentions SERVICE or FROM but cannot be parsed to check them (fail closed);
- updates (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR`` …): never run on the local graph.

Only then does Oxigraph parse and run the query; its parser has the last word on
syntax, and its message (with line and column) is what the user sees.

Parameters (``--param NAME=VALUE``) are bound by the engine (SEP-0007 substitution,
``substitutions=`` in pyoxigraph), never pasted into the text. How VALUE becomes a term:

- a parameter a named query declares as ``entity``: an id such as ``ibm`` → the
  entity's IRI ``<base>id/ibm`` (anything that is not an id is refused);
- declared ``iri``, or any value written ``<…>``: that IRI;
- declared ``integer``: an ``xsd:integer``;
- anything else: a plain string literal, whatever characters it holds.
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from kg.model.errors import KgError, QueryError
from kg.model.iris import DEFAULT_BASE, Base
from kg.model.ontology import PREFIXES
from kg.model.values import Slug

QUERIES_DIR = Path(__file__).resolve().parent.parent / "model" / "data" / "queries"
DEFAULT_TIMEOUT = 30.0
DEFAULT_LIMIT = 10_000
# Address space a query may use, in MiB (RLIMIT_AS). The store's RocksDB reserves about
# 1 GiB of it before any query runs; kg's own queries stay far below the rest.
DEFAULT_MAX_MEMORY = 2048
MAX_MEMORY_ENV = "KG_MAX_MEMORY"



def query_prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    """Prefixes a query may use undeclared: the vocabularies above, and ``id:``,
    ``claim:``, ``source:``, ``graph:`` under the build's base IRI."""
    return dict(PREFIXES, **Base(base).prefixes())


class QueryRefused(QueryError):
    """A query asking for something kg does not do here (reach outside, or update)."""

    def __init__(self, message: str, update: bool = False):
        super().__init__(message)
        self.update = update


class QueryLimit(QueryError):
    """The time limit cut the query short."""


# ---------------------------------------------------------------- lexer

# Any non-ASCII character counts as a name character: a superset of the grammar's ranges
# (which Oxigraph then enforces) that never hides a keyword. It is written as a negated
# ASCII class beside each ASCII class, because a class spanning U+0080-U+10FFFF takes
# Python's re longer to compile than a whole `kg query` otherwise spends on its own work.
_NON_ASCII = r"[^\x00-\x7f]"
_PN_CHARS_BASE = rf"(?:[A-Za-z]|{_NON_ASCII})"
_PN_CHARS_U = rf"(?:[A-Za-z_]|{_NON_ASCII})"
_PN_CHARS = rf"(?:[A-Za-z_\-0-9]|{_NON_ASCII})"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_PREFIX = rf"{_PN_CHARS_BASE}(?:(?:{_PN_CHARS}|\.)*{_PN_CHARS})?"
_PN_LOCAL = rf"(?:{_PN_CHARS_U}|[:0-9]|{_PLX})(?:(?:{_PN_CHARS}|[.:]|{_PLX})*(?:{_PN_CHARS}|:|{_PLX}))?"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"

_TOKEN = re.compile(
    rf"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)
  | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''|\"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"
               |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<var>[?$](?:{_PN_CHARS_U}|[0-9])+)
  | (?P<name>(?:{_PN_CHARS}|[.:]|{_PLX})+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
# A run of name characters is split into prefixed names, words and single characters by
# the patterns below, each applied once to its own part of the run, so every character is
# read a bounded number of times and lexing is linear. (Trying a prefixed name at every
# position of "a.a.a.…" re-read the rest of the run each time: 40 KB took 45 s.)
_PREFIX_ONLY = re.compile(_PN_PREFIX)
_PNAME = re.compile(rf"(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _split_run(run: str, offset: int):
    """``(kind, text, end)`` for the prefixed names, words and other characters of a run."""
    i = 0
    while i < len(run):
        colon = run.find(":", i)
        if colon >= 0 and (colon == i or _PREFIX_ONLY.fullmatch(run, i, colon)):
            m = _PNAME.match(run, i)
            yield "pname", m.group(), offset + m.end()
            i = m.end()
            continue
        stop = len(run) if colon < 0 else colon
        while i < stop:
            m = _WORD.match(run, i, stop)
            j = m.end() if m else i + 1
            yield ("word" if m else "other"), run[i:j], offset + j
            i = j


def _lex(text: str):
    """Every token of ``text`` (whitespace and comments included) as ``(kind, text, end)``."""
    for m in _TOKEN.finditer(text):
        if m.lastgroup == "name":
            yield from _split_run(m.group(), m.start())
        else:
            yield m.lastgroup, m.group(), m.end()


_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}


@dataclass
class QueryInfo:
    """What :func:`inspect` learnt about a query without running it."""

    form: str | None  # SELECT, ASK, CONSTRUCT, DESCRIBE, or None for an update
    variables: set[str] = field(default_factory=set)
    prefixes: dict[str, str] = field(default_factory=dict)
    services: list[str] = field(default_factory=list)
    datasets: list[tuple[str, str]] = field(default_factory=list)  # ("FROM" | "FROM NAMED", IRI)
    update_words: list[str] = field(default_factory=list)
    unreadable: str | None = None  # why SERVICE/FROM could not be checked (see kg.read.reach)

    @property
    def is_update(self) -> bool:
        return bool(self.update_words)

    @property
    def is_graph(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")


def _iri_text(token: str) -> str:
    from kg.read.reach import unescape

    return unescape(token[1:-1])


MAX_NESTING = 64  # groups { }, parentheses and brackets; the engine's parser recurses on each


def inspect(text: str, base: str = DEFAULT_BASE) -> QueryInfo:
    """Read ``text``: its form, variables, prefixes and update operations token by token;
    its ``SERVICE`` calls and dataset clauses from its parse tree (:mod:`kg.read.reach`).

    Raises :class:`QueryRefused` for nesting deeper than :data:`MAX_NESTING` (the engine's
    parser would exhaust its stack). Does not check the syntax otherwise (Oxigraph does)."""
    tokens = [(kind, value, end) for kind, value, end in _lex(text) if kind not in ("ws", "comment")]
    _check_nesting(text, tokens)
    build_base, base = base, ""  # the build's base IRI; the query's own BASE, for relative IRIs
    info = QueryInfo(form=None, prefixes=query_prefixes(build_base))
    for i, (kind, value, _) in enumerate(tokens):
        upper = value.upper() if kind == "word" else ""
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ("", "", 0)
        if kind == "var":
            info.variables.add(value[1:])
        elif upper == "PREFIX" and nxt[0] == "pname" and i + 2 < len(tokens) and tokens[i + 2][0] == "iri":
            iri = _iri_text(tokens[i + 2][1])
            info.prefixes[nxt[1].rstrip(":").split(":")[0]] = urljoin(base, iri) if base else iri
        elif upper == "BASE" and nxt[0] == "iri":
            base = urljoin(base, _iri_text(nxt[1])) if base else _iri_text(nxt[1])
        elif upper in _FORMS and info.form is None and not info.update_words:
            info.form = upper
        elif upper in _UPDATE_WORDS:
            info.update_words.append(upper)
    if info.update_words:
        info.form = None
        return info  # never run here; with --allow-update it goes to the endpoint as written
    from kg.read.reach import reach, unescape

    as_engine = "".join(unescape(v) if k in ("iri", "string") else v for k, v, _ in _lex(text))
    found = reach([as_engine, unescape(text)], query_prefixes(build_base))
    info.services, info.datasets, info.unreadable = found.services, found.datasets, found.unreadable
    return info


def _check_nesting(text: str, tokens: list) -> None:
    depth = 0
    for kind, value, end in tokens:
        if kind == "other" and value in "{([":
            depth += 1
            if depth > MAX_NESTING:
                line = text.count("\n", 0, end) + 1
                raise QueryRefused(f"the query nests {{ }}, ( ) and [ ] more than {MAX_NESTING} deep (line {line}) "
                                   "— flatten it; no query needs that much nesting")
        elif kind == "other" and value in "})]":
            depth = max(depth - 1, 0)


def check_safe(info: QueryInfo, base: str = DEFAULT_BASE, *, allow_remote: bool = False) -> None:
    """Raise :class:`QueryRefused` for a query that would update, or reach outside the
    build, unless ``allow_remote``. Updates are refused whatever the flag."""
    if info.is_update:
        raise QueryRefused(f"updates are not run here ({', '.join(sorted(set(info.update_words)))}): the graph is "
                           "built from fact files — change those and run kg build", update=True)
    if allow_remote:
        return
    if info.unreadable:
        raise QueryRefused("SERVICE/FROM check refused the query: it mentions SERVICE or FROM but could not be "
                           f"parsed to check them ({info.unreadable}) — correct its syntax, or pass "
                           "--allow-remote to send it unchecked")
    if info.services:
        raise QueryRefused(f"SERVICE <{info.services[0]}> refused: it would make a network request — "
                           "pass --allow-remote to let the query reach other endpoints")
    own = Base(base)
    for clause, iri in info.datasets:
        if not own.is_own_graph(iri):
            raise QueryRefused(f"{clause} <{iri}> refused: only graphs of this build ({own.graph('')}… and "
                               f"{own.claim('')}…) may be named — pass --allow-remote to allow other IRIs")


# ---------------------------------------------------------------- named queries and parameters

@dataclass
class Param:
    name: str
    kind: str  # entity, iri, integer, string
    help: str


@dataclass
class NamedQuery:
    """A bundled question: ``queries/NAME.rq`` with a header of ``# key: value`` lines."""

    name: str
    path: Path
    text: str
    title: str
    answers: str
    params: list[Param]


_HEADER = re.compile(r"^#\s*(title|answers|param):\s*(.*)$")
_PARAM = re.compile(r"^(\w+)\s+(entity|iri|integer|string)\s*(?:[—-]+\s*)?(.*)$")


def read_named(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    fields: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if m:
            fields.setdefault(m.group(1), []).append(m.group(2).strip())
    params = []
    for spec in fields.get("param", []):
        m = _PARAM.match(spec)
        if not m:
            raise KgError(f"{path}: cannot read '# param: {spec}' — write '# param: NAME entity|iri|integer|string — help'")
        params.append(Param(*m.groups()))
    return NamedQuery(path.stem, path, text, (fields.get("title") or [path.stem])[0],
                      " ".join(fields.get("answers", [])), params)


def named_queries(folder: Path = QUERIES_DIR) -> list[NamedQuery]:
    """Every bundled query, sorted by name."""
    return [read_named(p) for p in sorted(folder.glob("*.rq"))]


def resolve_query(arg: str, folder: Path = QUERIES_DIR) -> tuple[str, NamedQuery | None]:
    """``arg`` as query text: a bundled query's name, a ``.rq`` file, or inline SPARQL."""
    if re.fullmatch(r"[a-z0-9][a-z0-9-]*", arg):
        path = folder / f"{arg}.rq"
        if path.is_file():
            named = read_named(path)
            return named.text, named
        names = ", ".join(q.name for q in named_queries(folder))
        raise QueryError(f"no named query '{arg}' — the named queries are: {names} (kg queries describes them)")
    if arg.endswith(".rq") and "\n" not in arg:
        path = Path(arg)
        if not path.is_file():
            raise QueryError(f"{arg}: no such query file")
        return path.read_text(encoding="utf-8"), None
    return arg, None


def bind_params(params: dict[str, str], info: QueryInfo, named: NamedQuery | None, base: str) -> dict:
    """``--param`` values as engine substitutions (see the module docstring)."""
    import pyoxigraph as ox

    declared = {p.name: p for p in named.params} if named else {}
    missing = [p for p in declared if p not in params]
    if missing:
        raise QueryError(f"query '{named.name}' needs --param {missing[0]}=… ({declared[missing[0]].help})")
    out = {}
    for name, value in params.items():
        if named and name not in declared:
            known = ", ".join(declared) or "none"
            raise QueryError(f"query '{named.name}' has no parameter '{name}' (its parameters: {known})")
        if name not in info.variables:
            raise QueryError(f"--param {name}: the query has no variable ?{name}")
        kind = declared[name].kind if name in declared else "string"
        try:
            if kind == "entity":
                if value.startswith("<") and value.endswith(">"):
                    term = ox.NamedNode(value[1:-1])
                elif Slug.valid(value):
                    term = ox.NamedNode(Base(base).entity(value))
                else:
                    raise QueryError(f"--param {name}={value!r}: not an id — ids are slugs such as peoples-bank-of-china")
            elif kind == "iri" or (value.startswith("<") and value.endswith(">")):
                term = ox.NamedNode(value[1:-1] if value.startswith("<") else value)
            elif kind == "integer":
                term = ox.Literal(str(int(value)), datatype=ox.NamedNode(PREFIXES["xsd"] + "integer"))
            else:
                term = ox.Literal(value)
        except ValueError as exc:
            raise QueryError(f"--param {name}={value!r}: not a valid {kind}: {exc}") from None
        out[ox.Variable(name)] = term
    return out


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``["entity=ibm", …]`` → ``{"entity": "ibm"}``."""
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not re.fullmatch(r"\w+", name):
            raise QueryError(f"--param {pair!r}: write NAME=VALUE, e.g. --param entity=ibm")
        out[name] = value
    return out


# ---------------------------------------------------------------- running

@dataclass
class Answer:
    """What a query returned, capped: rows of a SELECT, a boolean, or triples."""

    form: str
    variables: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)  # terms (or None) in the order of variables
    boolean: bool | None = None
    triples: list = field(default_factory=list)
    truncated: bool = False
    limit: int = DEFAULT_LIMIT
    warnings: list[str] = field(default_factory=list)  # likely mistakes: the answer may be empty because of them


@dataclass
class Prepared:
    """A query checked and ready to run: its text, what it is, and its bindings."""

    text: str
    info: QueryInfo
    substitutions: dict
    infer: bool = False
    base: str = DEFAULT_BASE


def prepare(text: str, *, params: dict[str, str] | None = None, named: NamedQuery | None = None,
            base: str = DEFAULT_BASE, infer: bool = False, allow_remote: bool = False) -> Prepared:
    """Inspect, refuse what is unsafe, and bind parameters."""
    info = inspect(text, base)
    check_safe(info, base, allow_remote=allow_remote)
    if info.form is None:
        raise QueryError("not a query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    subs = bind_params(params or {}, info, named, base)
    return Prepared(text, info, subs, infer, base)


def syntax_error(exc: SyntaxError) -> QueryError:
    """Oxigraph's parser message (``error at LINE:COL: expected …``) for people."""
    return QueryError(f"syntax error in the query: {exc}")


def execute(store, prepared: Prepared, limit: int = DEFAULT_LIMIT, **engine) -> Answer:
    """Run ``prepared`` on ``store`` and collect at most ``limit`` rows or triples.

    ``engine``: more arguments for Oxigraph's ``Store.query`` (``kg serve`` passes the
    protocol's dataset as ``default_graph``/``named_graphs``, and ``base_iri``)."""
    import pyoxigraph as ox

    kwargs: dict = {"prefixes": query_prefixes(prepared.base), "substitutions": prepared.substitutions or None,
                    **engine}
    if prepared.infer and not prepared.info.datasets:
        kwargs["default_graph"] = [ox.DefaultGraph(), ox.NamedNode(Base(prepared.base).inferred)]
    try:
        try:
            result = store.query(prepared.text, **kwargs)
        except RuntimeError as exc:
            # The engine binds (SEP-0007) only variables the query selects; a parameter used
            # only in a FILTER or a pattern is bound by an inline VALUES block instead.
            if "does not contains variable" not in str(exc):
                raise
            kwargs["substitutions"] = None
            result = store.query(values_bound(prepared.text, prepared.substitutions), **kwargs)
    except SyntaxError as exc:
        raise syntax_error(exc) from None
    except (OSError, RuntimeError) as exc:
        raise QueryError(f"the query failed: {exc}") from None
    if isinstance(result, ox.QueryBoolean):
        return Answer("ASK", boolean=bool(result), limit=limit)
    answer = Answer("SELECT" if isinstance(result, ox.QuerySolutions) else "CONSTRUCT", limit=limit)
    if answer.form == "SELECT":
        answer.variables = [v.value for v in result.variables]
    try:
        for n, item in enumerate(result):
            if n >= limit:
                answer.truncated = True
                break
            if answer.form == "SELECT":
                answer.rows.append([item[i] for i in range(len(answer.variables))])
            else:
                answer.triples.append(item)
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"the query failed while running: {exc}") from None
    return answer


def run_with_timeout(fn, timeout: float):
    """Call ``fn()`` in a worker thread and wait at most ``timeout`` seconds.

    Oxigraph has no way to cancel a query, so on time-out the thread is abandoned (still
    running) and :class:`QueryLimit` is raised: a command-line caller should then exit, a
    long-lived one should run queries in a process it can kill (as ``kg serve`` does)."""
    box: dict = {}

    def work():
        try:
            box["value"] = fn()
        except BaseException as exc:  # handed to the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=work, name="kg-query", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise QueryLimit(f"time limit of {timeout:g} s reached — the query was stopped; "
                         "narrow it, add a LIMIT, or raise --timeout")
    if "error" in box:
        raise box["error"]
    return box["value"]


def max_memory(mib: int | None = None) -> int:
    """The memory cap of a query in MiB: ``mib``, else ``$KG_MAX_MEMORY``, else 2048."""
    if mib is None:
        text = os.environ.get(MAX_MEMORY_ENV, "").strip()
        if text and not text.isdigit():
            raise KgError(f"{MAX_MEMORY_ENV}={text!r} is not a whole number of MiB — e.g. {DEFAULT_MAX_MEMORY}")
        mib = int(text) if text else DEFAULT_MAX_MEMORY
    return mib


def cap_memory(mib: int) -> None:
    """Limit this process's address space to ``mib`` MiB (a no-op where that cannot be set)."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (mib << 20, resource.getrlimit(resource.RLIMIT_AS)[1]))
    except (ImportError, ValueError, OSError):  # no RLIMIT_AS here, or a lower hard limit: keep it
        pass


def memory_message(mib: int) -> str:
    return f"the query needed more than {mib} MiB of memory and was stopped — simplify it or raise --max-memory"


def _capped_child(fn, conn, mib: int) -> None:
    cap_memory(mib)
    # The engine's abort prints a Rust backtrace; the parent says what happened in one line.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)
    try:
        conn.send(("value", fn()))
    except MemoryError:
        conn.send(("error", QueryLimit(memory_message(mib))))
    except BaseException as exc:  # handed to the parent, which raises it
        try:
            conn.send(("error", exc))
        except Exception:  # an exception that does not pickle: its message
            conn.send(("error", QueryError(str(exc))))


def run_capped(fn, timeout: float | None, mib: int):
    """Call ``fn()`` in a child process whose memory is capped at ``mib`` MiB and wait at most
    ``timeout`` seconds; raise :class:`QueryLimit` when the child runs out of either.

    Oxigraph aborts the whole process when an allocation fails, so the cap is set where the
    abort can be seen and reported: in a child, forked so ``fn`` need not be picklable."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_capped_child, args=(fn, child, mib), daemon=True, name="kg-query")
    proc.start()
    child.close()
    try:
        if not parent.poll(timeout):
            raise QueryLimit(f"time limit of {timeout:g} s reached — the query was stopped; "
                             "narrow it, add a LIMIT, or raise --timeout")
        try:
            kind, value = parent.recv()
        except (EOFError, OSError):  # the child died: the engine aborted on a failed allocation
            raise QueryLimit(memory_message(mib)) from None
    finally:
        proc.kill()
        proc.join()
        parent.close()
    if kind == "error":
        raise value
    return value


def run_query(out_dir: Path, query: str, *, params: dict[str, str] | None = None, infer: bool = False,
              limit: int = DEFAULT_LIMIT, timeout: float | None = DEFAULT_TIMEOUT, allow_remote: bool = False,
              max_memory_mib: int | None = None) -> Answer:
    """Run ``query`` (a named query, a ``.rq`` path, or SPARQL text) on the build in
    ``out_dir``. The library form of ``kg query``.

    The query runs in a child process capped at ``max_memory_mib`` MiB of address space
    (default :func:`max_memory`; 0 runs it in this process, uncapped, in a thread abandoned
    at the time limit); one that needs more is stopped with :class:`QueryLimit`."""
    from kg.read.built import BuiltGraph

    built = BuiltGraph(out_dir)
    text, named = resolve_query(query)
    base = built.base.iri

    def work() -> Answer:
        # Reading the query is inside the time limit too: its cost grows with the text.
        prepared = prepare(text, params=params, named=named, base=base, infer=infer, allow_remote=allow_remote)
        store = built.store()
        answer = execute(store, prepared, limit)
        answer.warnings = unknown_terms(text) + unknown_entities(store, prepared)
        return answer

    mib = max_memory(max_memory_mib)
    if mib and hasattr(os, "fork"):
        return run_capped(work, timeout, mib)
    return work() if timeout is None else run_with_timeout(work, timeout)


def unknown_terms(text: str) -> list[str]:
    """Warnings for ``kg:`` names the ontology does not define (``kg:nme``), each with a
    did-you-mean: a query naming one answers nothing, which looks like "no data"."""
    import difflib

    from kg.model.ontology import NS, load_ontology

    onto = load_ontology()
    known = set(onto.classes) | set(onto.properties) | set(onto.labels)
    declared = re.search(r"PREFIX\s+kg:\s*<([^>]*)>", text, re.I)
    if declared and declared.group(1) != NS:
        return []  # kg: means something else in this query
    out = []
    for kind, value, _ in _lex(text):
        local = value[3:] if kind == "pname" and value.startswith("kg:") else (
            value[1 + len(NS):-1] if kind == "iri" and value.startswith("<" + NS) else None)
        if local is None or local in known or not local:
            continue
        close = difflib.get_close_matches(local, sorted(known), n=1, cutoff=0.6)
        hint = f"; did you mean kg:{close[0]}?" if close else " — kg queries and README's data model list the names"
        message = f"kg:{local} is not a class or property of the ontology, so nothing matches it{hint}"
        if message not in out:
            out.append(message)
    return out


def unknown_entities(store, prepared: Prepared) -> list[str]:
    """Warnings for entity parameters (``--param entity=ibmm``) that name nothing in the build."""
    import difflib

    import pyoxigraph as ox

    own = Base(prepared.base)
    out = []
    for variable, term in (prepared.substitutions or {}).items():
        ident = own.entity_id(term.value) if isinstance(term, ox.NamedNode) else None
        if ident is None or store.query("ASK { ?e ?p ?o }", substitutions={ox.Variable("e"): term},
                                        use_default_graph_as_union=True):
            continue
        ids = [i for row in store.query("SELECT DISTINCT ?e WHERE { ?e a ?c }")
               if (i := own.entity_id(row["e"].value))]
        close = difflib.get_close_matches(ident, ids, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else " — kg query entities lists the ids"
        out.append(f"--param {variable.value}={ident}: no entity has that id in this build{hint}")
    return out


def values_bound(text: str, substitutions: dict) -> str:
    """``text`` with ``VALUES (?a …) { (<term> …) }`` first in its WHERE group, binding each
    substituted variable wherever it occurs (a FILTER, a pattern, a subquery's input).

    The place is found with the lexer (the first ``{`` after ``WHERE``, or the first ``{``
    of a SELECT or ASK written without it); each term is written as Oxigraph writes it in
    N-Triples syntax, so a value can never become query syntax."""
    if not substitutions:
        return text
    tokens = list(_lex(text))
    words = [v.upper() for kind, v, _ in tokens if kind == "word"]
    after_where = "WHERE" in words
    seen_where = False
    for kind, value, end in tokens:
        if kind == "word" and value.upper() == "WHERE":
            seen_where = True
        elif value == "{" and (seen_where or not after_where):
            names = " ".join(str(v) for v in substitutions)
            terms = " ".join(str(t) for t in substitutions.values())
            return f"{text[:end]} VALUES ({names}) {{ ({terms}) }} {text[end:]}"
    raise QueryError("--param: the query has no WHERE group to bind the parameter in")


def substitute_text(text: str, substitutions: dict) -> str:
    """``text`` with each bound variable token replaced by its term, for endpoints that
    take no bindings (the SPARQL 1.1 Protocol has none).

    Only variable tokens found by the lexer are replaced, by the term as Oxigraph writes it
    in N-Triples syntax (quotes and backslashes escaped), so a value can never become
    query syntax. In a SELECT clause ``?x`` becomes ``(<term> AS ?x)`` so it is still
    returned, as SEP-0007 substitution does."""
    names = {v.value: str(t) for v, t in substitutions.items()}
    if not names:
        return text
    out: list[str] = []
    in_projection = False
    previous = ""
    for kind, value, _ in _lex(text):
        upper = value.upper() if kind == "word" else ""
        if upper == "SELECT":
            in_projection = True
        elif upper == "WHERE" or value == "{":
            in_projection = False
        if kind == "var" and value[1:] in names:
            term = names[value[1:]]
            if previous in ("AS", "VALUES"):
                raise QueryError(f"--param {value[1:]}: ?{value[1:]} is assigned in the query, so it cannot be bound")
            out.append(f"({term} AS {value})" if in_projection else term)
        else:
            out.append(value)
        if kind not in ("ws", "comment"):
            previous = upper or value
    return "".join(out)
