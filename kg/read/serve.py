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

Queries run in a pool of worker processes, each with the store open read-only; a query
past the time limit has its worker killed and replaced (the server stays healthy) and
gets **503** with ``X-KG-Cut-Short: time-limit``. An answer of more rows (or triples) than
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

import fcntl
import multiprocessing
import os
import queue
import re
import threading
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

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

def _answer(store, base: str, job: tuple) -> tuple[int, bytes, dict]:
    """One query job in a worker: (status, body, extra headers)."""
    import pyoxigraph as ox

    from kg.read.query import Prepared, execute
    from kg.read.results import graph, standard

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
        engine["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        engine["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    answer = execute(store, Prepared(text, inspect(text, base), {}, False, base), limit, **engine)
    if answer.truncated:
        return 500, row_cap_message(limit).encode(), {"X-KG-Row-Cap": str(limit)}
    if answer.form == "CONSTRUCT":
        return 200, graph(answer, GRAPH_KEYS.get(fmt, "turtle"), base), {}
    return 200, standard(answer, fmt), {}


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
            conn.send(_answer(store, base, job))
        except QueryError as exc:
            conn.send((400, str(exc).encode(), {}))
        except Exception as exc:  # a worker must answer, whatever the engine raised
            conn.send((500, f"the query failed: {exc}".encode(), {}))


class WorkerPool:
    """Worker processes, each with one build open, that can be killed when a query runs
    past the time limit."""

    def __init__(self, out_dir: Path, size: int, timeout: float, ready_timeout: float = 300.0):
        self.out_dir, self.timeout, self.ready_timeout = str(out_dir), timeout, ready_timeout
        self.ctx = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self.max_memory = max_memory()
        self.idle: queue.Queue = queue.Queue()
        self.workers: set = set()
        self.closed = False
        try:
            for worker in [self._spawn() for _ in range(size)]:
                self.idle.put(self._ready(worker))
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

    def _replace(self, worker) -> None:
        proc, conn = worker
        proc.kill()
        proc.join()
        conn.close()
        self.workers.discard(proc)
        if self.closed:
            return
        try:
            self.idle.put(self._ready(self._spawn()))
        except KgError:
            pass  # the build went away; the server opens the next one when it sees it

    def run(self, job: tuple) -> tuple[int, bytes, dict]:
        """(status, body, headers); 503 when the time limit or a busy pool cut it."""
        try:
            worker = self.idle.get(timeout=self.timeout)
        except queue.Empty:
            return 503, b"all query workers are busy; try again", {"Retry-After": "1"}
        proc, conn = worker
        try:
            conn.send(job)
            if conn.poll(self.timeout):
                result = conn.recv()
                self.idle.put(worker)
                return result
        except (EOFError, OSError):  # the worker died: the engine aborts when memory runs out
            threading.Thread(target=self._replace, args=(worker,), daemon=True).start()
            return 503, memory_message(self.max_memory).replace("--max-memory", "KG_MAX_MEMORY").encode(), {}
        threading.Thread(target=self._replace, args=(worker,), daemon=True).start()
        return (503, f"time limit of {self.timeout:g} s reached — the query was stopped".encode(),
                {"X-KG-Cut-Short": "time-limit"})

    def close(self) -> None:
        self.closed = True
        for proc in list(self.workers):
            proc.kill()
            proc.join()


# ---------------------------------------------------------------- following the build

def build_stamp(out_dir: Path) -> tuple:
    """What identifies the build on disk now: the summary, ``graph.trig`` and the store's
    marker (path, inode, size, time of each); a rebuild changes it."""
    from kg.build.output import SUMMARY
    from kg.build.store import MARKER, STORE_NAME
    from kg.read.built import BuiltGraph

    built = BuiltGraph(out_dir)
    stamp = []
    for path in (built.out / SUMMARY, built.trig, built.out / STORE_NAME / MARKER):
        try:
            st = os.stat(path)
            stamp.append((str(path.resolve()), st.st_ino, st.st_size, st.st_mtime_ns))
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

class BadRequest(Exception):
    """A request refused before its body is read: (status, message)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class Handler(BaseHTTPRequestHandler):
    """One request to the endpoint; settings live on the server object."""

    server_version = "kg-serve"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    timeout = 30  # seconds a client may take to send its request
    # Without TCP_NODELAY a kept-alive client waits ~40 ms per request for the delayed ACK.
    disable_nagle_algorithm = True

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
        unread = getattr(self, "_unread", False)
        if unread or (status >= 400 and status not in (404, 406)):
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

    def _read_body(self, length: int) -> bytes:
        body = self.rfile.read(length)
        self._unread = len(body) != length
        return body

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
        ctype, _, options = (self.headers.get("Content-Type") or "").partition(";")
        ctype = ctype.strip().lower()
        charset = re.search(r"charset\s*=\s*\"?([^\";\s]+)", options, re.I)
        if ctype == "application/sparql-update":
            self._read_body(length)
            return self._refuse(403, "this endpoint is read-only: updates are refused")
        body = self._read_body(length)
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
        try:
            return self.server.generation()
        except BuildChanging as exc:
            self._refuse(503, f"{exc}; try again in a moment", {"Retry-After": "1"})
        except KgError as exc:
            self._refuse(503, f"no build to serve: {exc}", {"Retry-After": "5"})
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
            info = inspect(text, base)
            # FROM is checked below with the protocol's graphs: a graph of the build is allowed.
            check_safe(replace(info, datasets=[]), base)
            default_graphs, named_graphs, must_exist = self._dataset(params, info, base)
        except QueryRefused as exc:
            return self._refuse(403 if exc.update else 400, str(exc))
        if info.form is None:
            return self._refuse(400, "not a query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
        fmt = negotiate(self.headers.get("Accept"), info.is_graph)
        if fmt is None:
            kinds = GRAPH_TYPES if info.is_graph else RESULT_TYPES
            return self._refuse(406, "cannot answer in the Accept types; available: " + ", ".join(kinds))
        job = (text, fmt, self.server.limit, default_graphs, named_graphs, must_exist)
        status, body, headers = generation.pool.run(job)
        if status == 200:
            return self._reply(200, body, CONTENT_TYPES[fmt], headers)
        self._reply(status, body + b"\n", headers=headers)


class Server(ThreadingHTTPServer):
    """The endpoint's HTTP server, with its settings and the build it serves (reopened
    when the folder holds a new build; see the module docstring)."""

    daemon_threads = True
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
            super().__init__((host, port), Handler)
        except BaseException:
            self.current.pool.close()
            raise
        bound = self.server_address[1]
        names = set(allowed_hosts or []) | ({host} if host not in ("0.0.0.0", "::") else set())
        if host in LOOPBACK:
            names |= LOOPBACK
        self.allowed_hosts = {f"[{n}]:{bound}" if ":" in n else f"{n}:{bound}" for n in names}
        if bound == 80:
            self.allowed_hosts |= {f"[{n}]" if ":" in n else n for n in names}

    @property
    def base(self) -> str:
        return self.current.base

    @property
    def pool(self) -> WorkerPool:
        return self.current.pool

    def generation(self) -> Generation:
        """The build to answer from: the one open, or — when the folder holds a new build —
        that one, opened now (raises BuildChanging while a build is being written)."""
        with self._switch:
            if build_stamp(self.out_dir) == self.current.stamp:
                return self.current
            fresh = Generation(self.out_dir, self.workers, self.timeout)
            old, self.current = self.current, fresh
        old.retire(self.timeout + 1)
        return fresh

    def server_close(self):
        super().server_close()
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
