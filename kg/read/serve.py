"""``kg serve``: the built graph as a read-only SPARQL 1.1 Protocol endpoint.

``/sparql`` answers ``GET ?query=…``, ``POST`` form-encoded (``query=…``) and ``POST``
direct (``Content-Type: application/sparql-query``), with the result format chosen by
the ``Accept`` header; a ``GET /sparql`` with no query answers the SPARQL 1.1 Service
Description of the endpoint (Turtle); ``/`` serves the graph page (``out/graph.html``).

The dataset. Without ``default-graph-uri``/``named-graph-uri`` (or ``FROM``), a query sees
what ``kg query`` sees: the merge of every graph as its default graph, and every claim
graph, ``graph:provenance``, ``graph:ontology``, ``graph:inferred`` as named graphs. The
protocol's parameters may name graphs of the build (claim graphs and ``<base>graph/…``)
and then set the dataset, overriding ``FROM`` in the query, as the protocol says.
Relative IRIs in a query resolve against the build's base IRI (a query's own ``BASE``
wins): ``<id/ibm>`` is ``<base>id/ibm``.

What it refuses, before any query runs:

- anything that changes data — ``update=``, ``application/sparql-update``, update
  operations in a query, ``PUT``/``DELETE``/``PATCH`` — with **403**;
- ``SERVICE``, and ``FROM``/``FROM NAMED``/``default-graph-uri``/``named-graph-uri``
  naming a graph that is not in the build — with **400**: nothing is fetched, no
  connection made;
- a ``Host`` header that is not the address it is bound to (DNS rebinding) — **403**;
- a body larger than the cap — **413**, unread; a POST without ``Content-Length`` — **411**;
  a malformed, negative, signed or repeated ``Content-Length``, or a body on a GET — **400**
  (the connection is closed, so a body can never be read as a second request);
- a ``charset`` other than UTF-8, or an unknown ``Content-Type`` — **415**; a body that is
  not UTF-8 — **400**; an ``Accept`` it cannot produce — **406**; a malformed query — **400** with the parser's message and position.

How it answers. One event loop (:mod:`asyncio`) serves every connection: each request is
parsed and checked by the standard library's HTTP/1.1 parser as soon as it has arrived,
and its query goes to a pool of worker processes, each with the store open read-only,
while the loop goes on with other connections. Connections stay open between requests
(HTTP/1.1, pipelining allowed) and each answer is written in one write, with no Nagle
delay. A worker writes a SELECT or ASK answer with the engine's own serialisers
(:func:`kg.read.results.solutions`), counting rows as they come. The reading of a query
is remembered, so a repeated query is not read again. A query waiting for a free worker
longer than the time limit gets **503** with ``Retry-After``; a query past the time limit
has its worker killed and replaced (the server stays healthy) and gets **503** with
``X-KG-Cut-Short: time-limit``. Workers' memory is capped (``$KG_MAX_MEMORY``): a query
needing more ends its worker and gets **503**. An answer of more rows (or triples) than
the row cap is not sent at all: **500** (the protocol's "query request refused") with a
message that says how to page through it with ``LIMIT``/``OFFSET`` — a partial answer never
looks like a whole one. No CORS header is sent unless an origin is configured.

A new build of the folder is picked up between requests: when ``build.json``,
``graph.trig`` or the store change, a new pool of workers opens the new build — once the
build lock is free and the files stay put while the workers open it — and takes over;
while a build is being written, queries get **503** with ``Retry-After``. No query ever
runs on a half-replaced build.
"""

from __future__ import annotations

import asyncio
import fcntl
import functools
import io
import multiprocessing
import os
import pickle
import re
import socket
import threading
import time
from collections import deque
from dataclasses import replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

from kg.build.output import SUMMARY, TRIG, current_generation
from kg.build.store import MARKER, STORE_NAME
from kg.model.errors import KgError, QueryError
from kg.model.iris import Base
from kg.read.query import DEFAULT_LIMIT, QueryRefused, check_safe, inspect, max_memory, memory_message

RESULT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle", "application/x-turtle": "turtle", "application/n-triples": "ntriples",
    "text/plain": "ntriples", "application/rdf+xml": "rdfxml", "application/ld+json": "jsonld",
}
CONTENT_TYPES = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8", "ntriples": "application/n-triples", "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}
# The --format key of kg.read.results.graph for each RDF syntax served.
GRAPH_KEYS = {"turtle": "turtle", "ntriples": "csv", "rdfxml": "xml", "jsonld": "json"}
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
DIGITS = re.compile(r"[0-9]{1,18}")


def negotiate(accept: str | None, graph: bool) -> str | None:
    """The format key for an ``Accept`` header (q-values honoured), or None when nothing fits."""
    types = GRAPH_TYPES if graph else RESULT_TYPES
    default = "turtle" if graph else "json"
    if not accept or not accept.strip():
        return default
    ranges = []
    for index, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media, q = fields[0].lower(), 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0 and media:
            ranges.append((-q, index, media))
    for _, _, media in sorted(ranges):
        if media in types:
            return types[media]
        if media == "*/*":
            return default
        if media.endswith("/*"):
            major = media[:-1]
            for name, key in types.items():
                if name.startswith(major):
                    return key
    return None


def row_cap_message(limit: int) -> str:
    """What a client is told when an answer is over the row cap: how to page through it."""
    return (f"the answer has more than {limit} rows, the most this endpoint sends at once, so none are sent: "
            f"page through it with ORDER BY … LIMIT {limit} OFFSET 0, then OFFSET {limit}, OFFSET {2 * limit}, … "
            "(or count first with SELECT (COUNT(*) AS ?n)); the server's --limit sets the cap")


def service_description(endpoint: str, base: str) -> bytes:
    """The SPARQL 1.1 Service Description of the endpoint at ``endpoint``, in Turtle."""
    import pyoxigraph as ox

    sd, fmt = "http://www.w3.org/ns/sparql-service-description#", "http://www.w3.org/ns/formats/"
    rdf, rdfs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#"
    own = Base(base)
    service, dataset, default = ox.NamedNode(endpoint), ox.BlankNode("dataset"), ox.BlankNode("default")

    def t(s, p, o):
        return ox.Triple(s, ox.NamedNode(p), o)

    triples = [
        t(service, rdf + "type", ox.NamedNode(sd + "Service")),
        t(service, sd + "endpoint", service),
        t(service, sd + "supportedLanguage", ox.NamedNode(sd + "SPARQL11Query")),
        t(service, sd + "feature", ox.NamedNode(sd + "UnionDefaultGraph")),
        t(service, sd + "defaultEntailmentRegime", ox.NamedNode("http://www.w3.org/ns/entailment/Simple")),
        t(service, sd + "defaultDataset", dataset),
        t(service, rdfs + "comment", ox.Literal(
            f"Read-only (updates get 403). Relative IRIs resolve against {base}. The default graph is the merge of "
            f"every graph; each claim is a named graph under {own.claim('')}; default-graph-uri and "
            "named-graph-uri may name graphs of this build only. Answers over the row cap are refused with a "
            "message saying how to page with LIMIT/OFFSET.")),
        t(dataset, rdf + "type", ox.NamedNode(sd + "Dataset")),
        t(dataset, sd + "defaultGraph", default),
        t(default, rdf + "type", ox.NamedNode(sd + "Graph")),
    ]
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                 "Turtle", "N-Triples", "RDF_XML", "JSON-LD"):
        triples.append(t(service, sd + "resultFormat", ox.NamedNode(fmt + name)))
    for graph in (own.provenance, own.ontology, own.inferred):
        node = ox.BlankNode("g" + graph.rsplit("/", 1)[1])
        triples += [t(dataset, sd + "namedGraph", node), t(node, rdf + "type", ox.NamedNode(sd + "NamedGraph")),
                    t(node, sd + "name", ox.NamedNode(graph))]
    triples.sort(key=lambda triple: str(triple.subject))  # stable: each subject's lines stay together
    prefixes = {"sd": sd, "formats": fmt, "rdfs": rdfs, "graph": own.graph("")}
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    lines = data.split(b"\n")  # Oxigraph writes @prefix lines in hash order: sort them for equal bytes
    head = sum(1 for line in lines if line.startswith(b"@prefix "))
    return b"\n".join(sorted(lines[:head]) + lines[head:])


# ---------------------------------------------------------------- worker processes

@functools.lru_cache(maxsize=4)
def _prefixes(base: str) -> dict[str, str]:
    from kg.read.query import query_prefixes

    return query_prefixes(base)


def _named_prefixes(text: str, base: str) -> dict[str, str]:
    """The prefixes a query may use undeclared (:func:`kg.read.query.query_prefixes`) that
    its text names: handing the engine all fifteen costs more than parsing a small query,
    and a prefixed name's prefix is always written out (no escapes there)."""
    return {name: iri for name, iri in _prefixes(base).items() if name + ":" in text}


def _answer(store, base: str, job: tuple) -> tuple[int, bytes, dict]:
    """One query job in a worker: (status, body, extra headers). The job is
    ``(text, format key, row cap, default graphs, named graphs, graphs that must exist)``;
    the handler has already read and checked the query (:func:`kg.read.query.inspect`)."""
    import pyoxigraph as ox

    from kg.read.query import Prepared, QueryInfo, execute, syntax_error
    from kg.read.results import graph, solutions

    text, fmt, limit, default_graphs, named_graphs, must_exist = job
    for name, iri in must_exist:
        try:
            present = store.contains_named_graph(ox.NamedNode(iri))
        except ValueError:
            present = False
        if not present:
            return 400, f"{name} <{iri}> refused: only graphs of this build may be named".encode(), {}
    engine: dict = {"base_iri": base}
    if default_graphs or named_graphs:
        # The protocol's dataset replaces the query's FROM (SPARQL 1.1 Protocol, 2.1.4).
        engine["default_graph"] = [ox.NamedNode(g) for g in default_graphs or ()]
        engine["named_graphs"] = [ox.NamedNode(g) for g in named_graphs or ()]
    if fmt in GRAPH_KEYS:  # CONSTRUCT or DESCRIBE: triples are sorted before they are written
        answer = execute(store, Prepared(text, QueryInfo("CONSTRUCT"), {}, False, base), limit, **engine)
        if answer.truncated:
            return 500, row_cap_message(limit).encode(), {"X-KG-Row-Cap": str(limit)}
        return 200, graph(answer, GRAPH_KEYS[fmt], base), {}
    # SELECT and ASK: the engine writes the answer itself (kg.read.results.solutions), with
    # the errors kg query reports for the same query.
    try:
        result = store.query(text, prefixes=_named_prefixes(text, base), **engine)
    except SyntaxError as exc:
        raise syntax_error(exc) from None
    except (OSError, RuntimeError) as exc:
        raise QueryError(f"the query failed: {exc}") from None
    if not isinstance(result, ox.QueryBoolean | ox.QuerySolutions):
        raise QueryError("a CONSTRUCT or DESCRIBE query answers RDF: ask for Turtle, N-Triples, RDF/XML or JSON-LD")
    try:
        body = solutions(result, fmt, limit)
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"the query failed while running: {exc}") from None
    if body is None:
        return 500, row_cap_message(limit).encode(), {"X-KG-Row-Cap": str(limit)}
    return 200, body, {}


def _worker_main(conn, out_dir: str, max_memory_mib: int = 0) -> None:
    """One query worker: opens the store read-only, says it is ready, answers jobs until its
    pipe closes. Its memory is capped (``$KG_MAX_MEMORY`` MiB): a query needing more ends the
    worker, and the server answers 503 and starts another."""
    from kg.read.built import BuiltGraph
    from kg.read.query import cap_memory

    if max_memory_mib:
        cap_memory(max_memory_mib)

    try:
        built = BuiltGraph(out_dir)
        store, base = built.store(), built.base.iri
    except Exception as exc:  # told to the server, which keeps the build it has
        conn.send(("error", str(exc)))
        return
    conn.send(("ready", base))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = _answer(store, base, job)
        except QueryError as exc:
            reply = (400, str(exc).encode(), {})
        except Exception as exc:  # a worker must answer, whatever the engine raised
            reply = (500, f"the query failed: {exc}".encode(), {})
        conn.send_bytes(pickle.dumps(reply, pickle.HIGHEST_PROTOCOL))  # what conn.send does, minus its set-up


class _Worker:
    """A worker process, the server's end of its pipe, and the job it is answering."""

    __slots__ = ("proc", "conn", "fd", "done", "timer")

    def __init__(self, proc, conn):
        self.proc, self.conn, self.fd = proc, conn, conn.fileno()
        self.done = self.timer = None


class WorkerPool:
    """Worker processes, each with one build open, that can be killed when a query runs
    past the time limit.

    :meth:`submit` hands a job to an idle worker (the one idle the shortest time, whose
    caches are warm) or queues it, and calls back on the server's event loop with the
    answer; nothing blocks the loop. Each worker's pipe is watched by the loop for as long
    as the worker lives. A worker killed or dead is replaced from a thread. :meth:`run`
    does the same for a caller without an event loop."""

    def __init__(self, out_dir: Path, size: int, timeout: float, ready_timeout: float = 300.0):
        self.out_dir, self.timeout, self.ready_timeout = str(out_dir), timeout, ready_timeout
        self.ctx = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self.max_memory = max_memory()
        self._lock = threading.Lock()  # for replacement threads when no loop runs the pool
        self._idle: list[_Worker] = []
        self._queue: deque = deque()  # (job, callback, time queued), waiting for a worker
        self._loop: asyncio.AbstractEventLoop | None = None
        self._sweeping = False
        self.workers: set = set()
        self.closed = False
        try:
            for proc, conn in [self._spawn() for _ in range(size)]:
                self._idle.append(_Worker(*self._ready((proc, conn))))
        except BaseException:
            self.close()
            raise

    def _spawn(self):
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=_worker_main, args=(child, self.out_dir, self.max_memory), daemon=True,
                                name="kg-query-worker")
        proc.start()
        child.close()
        self.workers.add(proc)
        return proc, parent

    def _ready(self, worker):
        """Wait for a new worker to open the build; raise KgError if it cannot."""
        proc, conn = worker
        try:
            if conn.poll(self.ready_timeout):
                kind, detail = conn.recv()
                if kind == "ready":
                    return worker
                raise KgError(detail)
        except (EOFError, OSError):
            pass
        raise KgError(f"{self.out_dir}: a query worker could not open the build")

    # ------------------------------------------------ on the event loop

    def submit(self, job: tuple, done) -> None:
        """Run ``job`` (see :func:`_answer`) and call ``done((status, body, headers))``: 503
        when the time limit or a busy pool cut it. Call it on the event loop's thread."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            self._bind(loop)
        if self._idle:
            self._send(self._idle.pop(), job, done)
            return
        self._queue.append((job, done, loop.time()))
        if not self._sweeping:
            self._sweeping = True
            loop.call_later(self.timeout, self._sweep)

    def _bind(self, loop) -> None:
        """Watch the idle workers from ``loop`` (a pool used by run() meets a new loop each time)."""
        self._loop, self._sweeping = loop, False
        self._queue.clear()  # callbacks of a loop that has ended
        with self._lock:
            for worker in self._idle:
                loop.add_reader(worker.fd, self._readable, worker)

    def _send(self, worker: _Worker, job: tuple, done) -> None:
        try:
            worker.conn.send_bytes(pickle.dumps(job, pickle.HIGHEST_PROTOCOL))  # conn.send, minus its set-up
        except OSError:  # it died idle
            self._retire(worker)
            self._loop.call_soon(done, self._died())
            return
        worker.done = done
        worker.timer = self._loop.call_later(self.timeout, self._expire, worker)

    def _readable(self, worker: _Worker) -> None:
        """The worker answered, or died (its pipe closed)."""
        done, worker.done = worker.done, None
        if done is None:  # an idle worker's pipe closed: it was killed
            self._idle.remove(worker)
            self._retire(worker)
            return
        worker.timer.cancel()
        try:
            result = worker.conn.recv()
        except (EOFError, OSError):  # the worker died: the engine aborts when memory runs out
            self._retire(worker)
            result = self._died()
        else:
            self._free(worker)
        done(result)

    def _died(self) -> tuple[int, bytes, dict]:
        return 503, memory_message(self.max_memory).replace("--max-memory", "KG_MAX_MEMORY").encode(), {}

    def _expire(self, worker: _Worker) -> None:
        done, worker.done = worker.done, None
        self._retire(worker)
        done((503, f"time limit of {self.timeout:g} s reached — the query was stopped".encode(),
              {"X-KG-Cut-Short": "time-limit"}))

    def _free(self, worker: _Worker) -> None:
        """Give the worker the job that has waited longest, or keep it idle."""
        now = self._loop.time()
        while self._queue:
            job, done, since = self._queue.popleft()
            if now - since < self.timeout:
                return self._send(worker, job, done)
            self._loop.call_soon(done, self._busy())
        self._idle.append(worker)

    @staticmethod
    def _busy() -> tuple[int, bytes, dict]:
        return 503, b"all query workers are busy; try again", {"Retry-After": "1"}

    def _sweep(self) -> None:
        """Answer 503 to jobs that waited the time limit for a worker."""
        now = self._loop.time()
        while self._queue and now - self._queue[0][2] >= self.timeout:
            self._queue.popleft()[1](self._busy())
        if self._queue:
            self._loop.call_later(self.timeout - (now - self._queue[0][2]), self._sweep)
        else:
            self._sweeping = False

    def _retire(self, worker: _Worker) -> None:
        """Stop watching the worker, and kill and replace it in a thread."""
        self._loop.remove_reader(worker.fd)
        threading.Thread(target=self._replace, args=(worker,), daemon=True).start()

    def _arrive(self, worker: _Worker) -> None:
        self._loop.add_reader(worker.fd, self._readable, worker)
        self._free(worker)

    # ------------------------------------------------ in replacement threads

    def _replace(self, worker: _Worker) -> None:
        worker.proc.kill()
        worker.proc.join()
        worker.conn.close()
        self.workers.discard(worker.proc)
        if self.closed:
            return
        try:
            fresh = _Worker(*self._ready(self._spawn()))
        except KgError:
            return  # the build went away; the server opens the next one when it sees it
        if self.closed:  # closed while the new worker started
            fresh.proc.kill()
            return
        loop = self._loop
        try:
            loop.call_soon_threadsafe(self._arrive, fresh)
        except RuntimeError:  # that loop has closed: the next one takes the worker from _idle
            with self._lock:
                self._idle.append(fresh)

    # ------------------------------------------------ without an event loop

    async def ask(self, job: tuple) -> tuple[int, bytes, dict]:
        """:meth:`submit`, awaited."""
        answer = asyncio.get_running_loop().create_future()
        self.submit(job, answer.set_result)
        return await answer

    def run(self, job: tuple) -> tuple[int, bytes, dict]:
        """:meth:`submit`, for a caller outside the server's event loop: waits for the answer
        on a loop of its own, in a thread of its own (the caller's thread may run a loop)."""
        answer: list = []
        thread = threading.Thread(target=lambda: answer.append(asyncio.run(self.ask(job))), daemon=True)
        thread.start()
        thread.join()
        return answer[0]

    def close(self) -> None:
        self.closed = True
        for proc in list(self.workers):
            proc.kill()
            proc.join()


# ---------------------------------------------------------------- following the build

_STAMPED = (SUMMARY, TRIG, f"{STORE_NAME}/{MARKER}")


def build_stamp(out_dir: Path) -> tuple:
    """What identifies the build on disk now: the generation folder ``current`` points to,
    and the summary, ``graph.trig`` and the store's marker in it (device, inode, size and
    time of each); a rebuild changes it. It is read on every request, so it costs a
    readlink and three stats."""
    generation = current_generation(Path(out_dir))
    folder = f"{out_dir}/{generation}" if generation else os.fspath(out_dir)
    stamp: list = [folder]
    for name in _STAMPED:
        try:
            st = os.stat(f"{folder}/{name}")
            stamp.append((st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns))
        except OSError:
            stamp.append(None)
    return tuple(stamp)


def build_in_progress(out_dir: Path) -> bool:
    """True while a ``kg build`` holds the folder's build lock (it is replacing the outputs)."""
    from kg.build.output import LOCK_NAME

    try:
        handle = open(Path(out_dir) / LOCK_NAME, "rb")
    except OSError:
        return False
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False


class BuildChanging(KgError):
    """A new build is being written to the folder served; try again in a moment."""


class Generation:
    """One build as served: its base IRI, its workers, and the stamp it was opened at."""

    def __init__(self, out_dir: Path, workers: int, timeout: float):
        from kg.read.built import BuiltGraph

        if build_in_progress(out_dir):
            raise BuildChanging(f"a new build of {out_dir} is being written")
        self.stamp = build_stamp(out_dir)
        self.base = BuiltGraph(out_dir).base.iri
        self.pool = WorkerPool(out_dir, workers, timeout)
        if build_in_progress(out_dir) or build_stamp(out_dir) != self.stamp:
            self.pool.close()  # the files moved while the workers opened them: not one build
            raise BuildChanging(f"a new build of {out_dir} was written while it was being opened")

    def retire(self, grace: float) -> None:
        """Close the workers once the queries already given to them have had their time."""
        timer = threading.Timer(grace, self.pool.close)
        timer.daemon = True
        timer.start()


# ---------------------------------------------------------------- HTTP

_REMEMBERED = 4096  # the longest query text _read_query remembers


@functools.lru_cache(maxsize=256)
def _read_query(text: str, base: str):
    """:func:`kg.read.query.inspect` and :func:`kg.read.query.check_safe` of a query, FROM
    aside (checked with the protocol's graphs: a graph of the build is allowed); raises
    QueryRefused. Remembered, as clients repeat queries (pages, dashboards): reading one
    costs ~40-90 µs, more than the engine spends on a small answer."""
    info = inspect(text, base)
    check_safe(replace(info, datasets=[]), base)
    return info


_DATE: list = [0, ""]  # the second, and the Date header for it
_negotiated = functools.lru_cache(maxsize=128)(negotiate)  # clients send the same Accept header

class BadRequest(Exception):
    """A request refused before its body is read: (status, message)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class _Output:
    """Where a handler writes its answer; the connection sends it in one write."""

    def __init__(self):
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(data)
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data, self.parts = b"".join(self.parts), []
        return data


class Handler(BaseHTTPRequestHandler):
    """One request to the endpoint, read by the standard library's HTTP/1.1 parser from the
    bytes its connection received (:class:`_Connection` does the socket work); settings
    live on the server object. A POST's body is read once :meth:`do_POST` has accepted its
    framing (``body_wanted``); a query it accepts is left in ``job`` for the connection to
    run on a worker, and :meth:`answered` writes the answer."""

    server_version = "kg-serve"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    timeout = 30  # seconds a client may take to send a request (or leave a kept-alive connection idle)

    def __init__(self, server, client_address, head: bytes, opened):
        # Not BaseRequestHandler.__init__, which would read a socket: the connection has read.
        self.server, self.client_address = server, client_address
        self.rfile, self.wfile = io.BytesIO(head), _Output()
        self.opened = opened  # the build to answer from (a Generation), or the KgError why none
        self.close_connection = True
        self.body_wanted: int | None = None
        self.job: tuple | None = None  # (generation, job for the worker, format key)
        self._unread = False

    def start(self) -> str | None:
        """Parse the request line and headers (what ``handle_one_request`` does before it
        dispatches); the name of the ``do_`` method to call, or None once answered."""
        self.raw_requestline = self.rfile.readline(65537)
        if len(self.raw_requestline) > 65536:
            self.requestline = self.request_version = self.command = ""
            self.send_error(HTTPStatus.REQUEST_URI_TOO_LONG)
            return None
        if not self.raw_requestline or not self.parse_request():
            return None
        name = "do_" + self.command
        if not hasattr(self, name):
            self.send_error(HTTPStatus.NOT_IMPLEMENTED, f"Unsupported method ({self.command!r})")
            return None
        return name

    def date_time_string(self, timestamp=None) -> str:
        if timestamp is not None:
            return super().date_time_string(timestamp)
        now = int(time.time())  # the Date header changes once a second: format it once a second
        if _DATE[0] != now:
            _DATE[:] = [now, super().date_time_string(now)]
        return _DATE[1]

    def log_message(self, format, *args):
        if self.server.verbose:
            super().log_message(format, *args)

    def _reply(self, status: int, body: bytes, ctype: str = "text/plain; charset=utf-8", headers: dict | None = None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        if self.server.cors:
            self.send_header("Access-Control-Allow-Origin", self.server.cors)
            self.send_header("Vary", "Origin")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if self._unread or (status >= 400 and status not in (404, 406)):
            self.close_connection = True
            self.send_header("Connection", "close")
        # Headers and body in one write: one packet for a small answer, no wait between them.
        self._headers_buffer.append(b"\r\n")
        data = b"".join(self._headers_buffer) + (body if self.command != "HEAD" else b"")
        self._headers_buffer = []
        self.wfile.write(data)

    def _refuse(self, status: int, message: str, headers: dict | None = None) -> None:
        self._reply(status, (message + "\n").encode(), headers=headers)

    def _framing(self, body_allowed: bool) -> int:
        """The length of the request body, after refusing any framing a proxy might read
        differently (RFC 9112 §6): repeated, signed or non-decimal Content-Length, chunked
        bodies, and a body on a request that has none."""
        lengths = self.headers.get_all("Content-Length") or []
        self._unread = bool(lengths) or bool(self.headers.get("Transfer-Encoding"))
        if len(lengths) > 1:
            raise BadRequest(400, "bad Content-Length: given more than once")
        if self.headers.get("Transfer-Encoding"):
            if body_allowed:
                raise BadRequest(411, "send the body with a Content-Length (no chunked encoding)")
            raise BadRequest(400, f"a {self.command} request carries no body")
        if not lengths:
            return -1
        if not DIGITS.fullmatch(lengths[0].strip()):
            raise BadRequest(400, "bad Content-Length: it must be a decimal number of bytes")
        length = int(lengths[0])
        if length and not body_allowed:
            raise BadRequest(400, f"a {self.command} request carries no body (Content-Length: {length})")
        self._unread = length > 0
        return length

    def _host_ok(self) -> bool:
        host = (self.headers.get("Host") or "").strip().lower()
        return host in self.server.allowed_hosts

    def _guard(self, body_allowed: bool = False) -> int | None:
        """Framing and Host checks every request passes first; the body length, or None if refused."""
        try:
            length = self._framing(body_allowed)
        except BadRequest as exc:
            self._refuse(exc.status, str(exc))
            return None
        if not self._host_ok():
            self._refuse(403, "Host header does not name this server")
            return None
        return length

    def do_GET(self):
        if self._guard() is None:
            return
        url = urlsplit(self.path)
        if url.path == "/":
            return self._page()
        if url.path != "/sparql":
            return self._refuse(404, "not found: the endpoint is /sparql, the graph page /")
        params = parse_qs(url.query, keep_blank_values=True)
        if not params:
            return self._description()
        self._sparql(params)

    do_HEAD = do_GET

    def do_POST(self):
        length = self._guard(body_allowed=True)
        if length is None:
            return
        url = urlsplit(self.path)
        if url.path != "/sparql":
            return self._refuse(404 if url.path != "/" else 405, "POST queries to /sparql")
        if length < 0:
            return self._refuse(411, "a POST needs a Content-Length")
        if length > self.server.max_body:
            return self._refuse(413, f"request body over {self.server.max_body} bytes")
        self.body_wanted = length  # the connection reads it, then calls post_body

    def post_body(self, body: bytes) -> None:
        """The rest of a POST, once its body is read (shorter than ``body_wanted`` if the
        client stopped sending)."""
        self._unread = len(body) != self.body_wanted
        url = urlsplit(self.path)
        ctype, _, options = (self.headers.get("Content-Type") or "").partition(";")
        ctype = ctype.strip().lower()
        charset = re.search(r"charset\s*=\s*\"?([^\";\s]+)", options, re.I)
        if ctype == "application/sparql-update":
            return self._refuse(403, "this endpoint is read-only: updates are refused")
        if charset and charset.group(1).lower() not in ("utf-8", "utf8"):
            return self._refuse(415, f"charset {charset.group(1)} is not accepted: send the request in UTF-8")
        params = parse_qs(url.query, keep_blank_values=True)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return self._refuse(400, "the request body is not UTF-8")
        if ctype == "application/sparql-query":
            params["query"] = [text]
        elif ctype == "application/x-www-form-urlencoded":
            params.update(parse_qs(text, keep_blank_values=True, strict_parsing=False))
        else:
            return self._refuse(415, "POST application/sparql-query or application/x-www-form-urlencoded")
        self._sparql(params)

    def _read_only(self):
        if self._guard(body_allowed=True) is not None:
            self._refuse(403, "this endpoint is read-only")

    do_PUT = do_DELETE = do_PATCH = _read_only

    def do_OPTIONS(self):
        if self._guard() is None:
            return
        headers = {"Allow": "GET, HEAD, POST, OPTIONS"}
        if self.server.cors:
            headers.update({"Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                            "Access-Control-Allow-Headers": "Content-Type, Accept", "Access-Control-Max-Age": "600"})
        self._reply(204, b"", headers=headers)

    def _page(self):
        page = self.server.out_dir / "graph.html"
        if page.is_file():
            return self._reply(200, page.read_bytes(), "text/html; charset=utf-8")
        note = b"<!doctype html><title>kg</title><p>SPARQL endpoint: <code>/sparql</code>. No graph page was built.</p>"
        self._reply(200, note, "text/html; charset=utf-8")

    def _generation(self):
        """The build to answer from, or None after answering 503 (a build is being written)."""
        opened = self.opened
        if isinstance(opened, BuildChanging):
            self._refuse(503, f"{opened}; try again in a moment", {"Retry-After": "1"})
        elif isinstance(opened, KgError):
            self._refuse(503, f"no build to serve: {opened}", {"Retry-After": "5"})
        else:
            return opened
        return None

    def _description(self):
        generation = self._generation()
        if generation is None:
            return
        endpoint = f"http://{self.headers.get('Host')}/sparql"
        body = service_description(endpoint, generation.base)
        self._reply(200, body, CONTENT_TYPES["turtle"])

    def _dataset(self, params: dict[str, list[str]], info, base: str) -> tuple[list, list, list]:
        """The protocol's dataset (default graphs, named graphs) and the graph IRIs the worker
        must find in the build; raises QueryRefused for IRIs that cannot be the build's."""
        chosen: dict[str, list[str]] = {"default-graph-uri": [], "named-graph-uri": []}
        must_exist = []
        named = [(name, iri) for name in chosen for iri in params.get(name, [])]
        for name, iri in named + [(clause, iri) for clause, iri in info.datasets]:
            iri = urljoin(base, iri.strip())
            if name in chosen:
                chosen[name].append(iri)
            if not Base(base).is_own_graph(iri):
                if not iri.startswith(("http://", "https://", "urn:")):
                    raise QueryRefused(f"{name} <{iri}> refused: only graphs of this build may be named")
                must_exist.append((name, iri))
        return chosen["default-graph-uri"], chosen["named-graph-uri"], must_exist

    def _sparql(self, params: dict[str, list[str]]):
        if "update" in params:
            return self._refuse(403, "this endpoint is read-only: updates are refused")
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            return self._refuse(400, "give exactly one query parameter: /sparql?query=SELECT… "
                                "(GET /sparql with no parameters describes the service)")
        generation = self._generation()
        if generation is None:
            return
        text, base = queries[0], generation.base
        try:
            info = _read_query(text, base) if len(text) <= _REMEMBERED else _read_query.__wrapped__(text, base)
            default_graphs, named_graphs, must_exist = self._dataset(params, info, base)
        except QueryRefused as exc:
            return self._refuse(403 if exc.update else 400, str(exc))
        if info.form is None:
            return self._refuse(400, "not a query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
        fmt = _negotiated(self.headers.get("Accept"), info.is_graph)
        if fmt is None:
            kinds = GRAPH_TYPES if info.is_graph else RESULT_TYPES
            return self._refuse(406, "cannot answer in the Accept types; available: " + ", ".join(kinds))
        self.job = (generation, (text, fmt, self.server.limit, default_graphs, named_graphs, must_exist), fmt)

    def answered(self, fmt: str, status: int, body: bytes, headers: dict) -> None:
        """Write what the worker answered to :attr:`job`."""
        if status == 200:
            return self._reply(200, body, CONTENT_TYPES[fmt], headers)
        self._reply(status, body + b"\n", headers=headers)


# The end of a request's headers: an empty line (the standard library's parser accepts a bare LF).
_HEAD_END = re.compile(rb"\n\r?\n")
_LONGEST_LINE = 65536  # as http.server and http.client read lines
_LONGEST_HEAD = 101 * (_LONGEST_LINE + 2)  # past this, the parser refuses the head anyway (100 headers)


class _Connection(asyncio.Protocol):
    """One client connection on the server's event loop: its requests, read in order
    (kept alive, pipelined or not), each parsed and checked by a :class:`Handler` at once,
    its query run on a worker while the loop serves other connections, and its answer
    written in one write. A connection silent for ``Handler.timeout`` seconds is closed."""

    def __init__(self, server: Server):
        self.server = server
        self.buffer = bytearray()
        self.handler: Handler | None = None  # the request being answered
        self.busy = False  # waiting for a new build to open, or for a worker
        self.ended = False  # the client sent all it will send
        self.closed = False
        self.held = False  # the client reads its answers slower than they come: stop answering
        self.most = _LONGEST_HEAD + server.max_body  # bytes kept unread before the client is held back

    def connection_made(self, transport) -> None:
        self.transport = transport
        # Without TCP_NODELAY a kept-alive client waits ~40 ms per request for the delayed ACK.
        transport.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.peer = tuple(transport.get_extra_info("peername") or ("-", 0))[:2]
        self.server.connections.add(self)
        self.last = asyncio.get_running_loop().time()
        self.timer = asyncio.get_running_loop().call_later(Handler.timeout, self._idle)

    def connection_lost(self, exc) -> None:
        self.closed = True
        self.timer.cancel()
        self.server.connections.discard(self)

    def data_received(self, data: bytes) -> None:
        if self.closed:
            return
        self.buffer += data
        self.last = asyncio.get_running_loop().time()
        if len(self.buffer) > self.most:  # requests sent faster than they are answered
            self.transport.pause_reading()
        self._go()

    def pause_writing(self) -> None:
        self.held = True

    def resume_writing(self) -> None:
        self.held = False
        self._go()

    def eof_received(self) -> bool:
        self.ended = True
        self._go()
        return True  # keep the connection open to write the answer

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.transport.close()  # after what is written has been sent

    def _idle(self) -> None:
        waited = asyncio.get_running_loop().time() - self.last
        if self.busy or waited < Handler.timeout:  # a query has its own time limit
            delay = Handler.timeout if self.busy else Handler.timeout - waited
            self.timer = asyncio.get_running_loop().call_later(delay, self._idle)
        else:
            self.close()

    def _go(self) -> None:
        """Answer what the buffer holds, until a request must wait (for more bytes, a
        worker or a new build) or the connection is closed."""
        while not self.busy and not self.closed and not self.held:
            if len(self.buffer) <= self.most and not self.transport.is_reading():
                self.transport.resume_reading()
            handler = self.handler
            if handler is None:
                head = self._head()
                if head is None:
                    if self.ended:
                        self.close()
                    return
                opened = self.server.fresh()
                if opened is None:  # the folder holds a new build: open it in a thread, then answer
                    self.busy = True
                    asyncio.ensure_future(self._open_then(head))
                    return
                self._start(head, opened)
            elif handler.body_wanted is not None:
                if len(self.buffer) < handler.body_wanted and not self.ended:
                    return
                body = bytes(self.buffer[:handler.body_wanted])
                del self.buffer[:handler.body_wanted]
                self._call(handler, handler.post_body, body)
                handler.body_wanted = None
                self._next_step(handler)
            else:
                return

    def _head(self) -> bytes | None:
        """The next request line and headers, taken from the buffer once they are all there
        (or once the client stopped sending, or past the lengths the parser refuses)."""
        buffer = self.buffer
        line_end = buffer.find(b"\n", 0, _LONGEST_LINE + 1)
        if line_end < 0:
            if len(buffer) <= _LONGEST_LINE and not self.ended:
                return None
            end = min(len(buffer), _LONGEST_LINE + 1)  # too long: the handler answers 414
        elif not buffer[:line_end].strip():
            end = line_end + 1  # an empty request line: the handler closes the connection
        else:
            found = _HEAD_END.search(buffer, line_end)
            if found:
                end = found.end()
            elif len(buffer) > _LONGEST_HEAD or self.ended:
                end = min(len(buffer), _LONGEST_HEAD)  # the parser says what is wrong with it
            else:
                return None
        if not end:
            return None
        head = bytes(buffer[:end])
        del buffer[:end]
        return head

    def _start(self, head: bytes, opened) -> None:
        handler = self.handler = Handler(self.server, self.peer, head, opened)
        name = self._call(handler, handler.start)
        if name is None:  # answered while reading the request line and headers
            return self._finish(handler)
        self._call(handler, getattr(handler, name))
        self._next_step(handler)

    def _call(self, handler: Handler, method, *args):
        """Run a synchronous part of a request; an error in it closes the connection, as
        the standard library's servers do."""
        try:
            return method(*args)
        except Exception:
            self.server.log_error(handler)
            self.close()
            return None

    def _next_step(self, handler: Handler) -> None:
        """Send what the request wrote so far; then read its body, run its query, or finish it."""
        if self.closed:
            return
        sent = handler.wfile.take()
        if sent:
            self.transport.write(sent)
        if handler.body_wanted is not None:
            return  # read by _go
        if handler.job is not None:
            self.busy = True
            generation, job, fmt = handler.job
            generation.pool.submit(job, lambda answer: self._answered(handler, fmt, answer))
            return
        self._finish(handler)

    def _finish(self, handler: Handler) -> None:
        self.handler = None
        if self.closed:
            return
        sent = handler.wfile.take()
        if sent:
            self.transport.write(sent)
        if handler.close_connection:
            self.close()

    async def _open_then(self, head: bytes) -> None:
        try:
            opened = await asyncio.get_running_loop().run_in_executor(None, self.server.generation)
        except Exception as exc:  # answered 503 by the handler
            opened = exc if isinstance(exc, KgError) else KgError(str(exc))
        self.busy = False
        if not self.closed:
            self._start(head, opened)
            self._go()

    def _answered(self, handler: Handler, fmt: str, answer: tuple) -> None:
        self.busy = False
        if self.closed:
            return
        self._call(handler, handler.answered, fmt, *answer)
        if not self.closed:
            self._finish(handler)
            self._go()


class Server:
    """The endpoint: its settings, the build it serves (reopened when the folder holds a
    new build; see the module docstring), a listening socket, and an event loop that
    answers every connection. ``serve_forever`` runs in the calling thread until
    ``shutdown`` is called from another one (the interface of ``socketserver``)."""

    request_queue_size = 128

    def __init__(self, out_dir: Path, host: str = "127.0.0.1", port: int = 8000, *, timeout: float = 10.0,
                 limit: int = DEFAULT_LIMIT, cors: str | None = None, max_body: int = 1_000_000, workers: int = 4,
                 allowed_hosts: list[str] | None = None, verbose: bool = False):
        from kg.read.built import BuiltGraph

        self.out_dir = Path(out_dir)
        BuiltGraph(self.out_dir).require()  # fail now, with a clear message, if there is no build
        self.limit, self.cors, self.max_body, self.verbose = limit, cors, max_body, verbose
        self.timeout, self.workers = timeout, workers
        self._switch = threading.Lock()
        self.current = Generation(self.out_dir, workers, timeout)
        try:
            self.socket = socket.create_server((host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET,
                                               backlog=self.request_queue_size)
        except BaseException:
            self.current.pool.close()
            raise
        self.server_address = self.socket.getsockname()
        bound = self.server_address[1]
        names = set(allowed_hosts or []) | ({host} if host not in ("0.0.0.0", "::") else set())
        if host in LOOPBACK:
            names |= LOOPBACK
        self.allowed_hosts = {f"[{n}]:{bound}" if ":" in n else f"{n}:{bound}" for n in names}
        if bound == 80:
            self.allowed_hosts |= {f"[{n}]" if ":" in n else n for n in names}
        self.connections: set[_Connection] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._stopping = threading.Event()
        self._stopped = threading.Event()

    @property
    def base(self) -> str:
        return self.current.base

    @property
    def pool(self) -> WorkerPool:
        return self.current.pool

    def fresh(self) -> Generation | None:
        """The build open now, if the folder still holds it; None when it holds another."""
        current = self.current
        return current if build_stamp(self.out_dir) == current.stamp else None

    def generation(self) -> Generation:
        """The build to answer from: the one open, or — when the folder holds a new build —
        that one, opened now (raises BuildChanging while a build is being written). Slow
        then: the server calls it in a thread."""
        with self._switch:
            if build_stamp(self.out_dir) == self.current.stamp:
                return self.current  # another request opened it meanwhile
            fresh = Generation(self.out_dir, self.workers, self.timeout)
            old, self.current = self.current, fresh
        old.retire(self.timeout + 1)
        return fresh

    def log_error(self, handler: Handler) -> None:
        import traceback

        if self.verbose:
            handler.log_error("the request failed:\n%s", traceback.format_exc())

    def serve_forever(self) -> None:
        """Answer requests until :meth:`shutdown`."""
        self._stopped.clear()
        try:
            asyncio.run(self._serve())
        finally:
            self._stopped.set()

    async def _serve(self) -> None:
        loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        self._loop = loop
        listener = await loop.create_server(lambda: _Connection(self), sock=self.socket)
        try:
            if not self._stopping.is_set():
                await self._stop.wait()
        finally:
            listener.close()
            for connection in list(self.connections):
                connection.close()

    def shutdown(self) -> None:
        """Stop :meth:`serve_forever` (from another thread) and wait until it has."""
        self._stopping.set()
        loop = self._loop
        if loop is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(self._stop.set)
            except RuntimeError:  # the loop closed meanwhile
                pass
            self._stopped.wait()

    def server_close(self) -> None:
        self.socket.close()
        self.current.pool.close()


def serve_forever(out_dir: Path, **options) -> None:
    """Run the endpoint until interrupted (``kg serve``)."""
    server = Server(out_dir, verbose=True, **options)
    host, port = server.server_address[:2]
    print(f"serving {out_dir} read-only at http://{host}:{port}/sparql (the graph page at /) — Ctrl-C stops", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
