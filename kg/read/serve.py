"""``kg serve``: the built graph as a read-only SPARQL 1.1 Protocol endpoint.

``/sparql`` answers ``GET ?query=…``, ``POST`` form-encoded (``query=…``) and ``POST``
direct (``Content-Type: application/sparql-query``), with the result format chosen by
the ``Accept`` header; ``/`` serves the graph page (``out/graph.html``).

What it refuses, before any query runs:

- anything that changes data — ``update=``, ``application/sparql-update``, update
  operations in a query, ``PUT``/``DELETE``/``PATCH`` — with **403**;
- ``SERVICE``, ``FROM``/``FROM NAMED`` (and ``default-graph-uri``/``named-graph-uri``)
  with an IRI outside the build — with **400**: nothing is fetched, no connection made;
- a ``Host`` header that is not the address it is bound to (DNS rebinding) — **403**;
- a body larger than the cap — **413**, unread; a body without ``Content-Length`` — **411**;
- an ``Accept`` it cannot produce — **406**; a malformed query — **400** with the
  parser's message and position.

Queries run in a pool of worker processes, each with the store open read-only; a query
past the time limit has its worker killed and replaced (the server stays healthy) and
gets **503** with ``X-KG-Cut-Short: time-limit``. A row cap applies too; an answer it cut
is sent with ``X-KG-Cut-Short: row-cap=N``. No CORS header is sent unless an origin is
configured.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from kg.model.errors import QueryError
from kg.model.iris import Base
from kg.read.query import DEFAULT_LIMIT, QueryRefused, check_safe, inspect

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
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


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


# ---------------------------------------------------------------- worker processes

def _worker_main(conn, out_dir: str) -> None:
    """One query worker: opens the store read-only, answers jobs until its pipe closes."""
    from kg.read.built import BuiltGraph
    from kg.read.query import Prepared, execute
    from kg.read.results import graph, standard

    built = BuiltGraph(out_dir)
    store, base = built.store(), built.base.iri
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        text, fmt, limit = job
        try:
            prepared = Prepared(text, inspect(text, base), {}, False, base)
            answer = execute(store, prepared, limit)
            if answer.form == "CONSTRUCT":
                key = {"turtle": "turtle", "ntriples": "csv", "rdfxml": "xml", "jsonld": "json"}.get(fmt, "turtle")
                body = graph(answer, key, base)
            else:
                body = standard(answer, fmt)
            conn.send((200, body, answer.truncated))
        except QueryError as exc:
            conn.send((400, str(exc).encode(), False))
        except Exception as exc:  # a worker must answer, whatever the engine raised
            conn.send((500, f"the query failed: {exc}".encode(), False))


class WorkerPool:
    """Worker processes that can be killed when a query runs past the time limit."""

    def __init__(self, out_dir: Path, size: int, timeout: float):
        self.out_dir, self.timeout = str(out_dir), timeout
        self.ctx = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self.idle: queue.Queue = queue.Queue()
        self.workers: set = set()
        for _ in range(size):
            self.idle.put(self._start())

    def _start(self):
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=_worker_main, args=(child, self.out_dir), daemon=True, name="kg-query-worker")
        proc.start()
        child.close()
        self.workers.add(proc)
        return proc, parent

    def _replace(self, worker) -> None:
        proc, conn = worker
        proc.kill()
        proc.join()
        conn.close()
        self.workers.discard(proc)
        self.idle.put(self._start())

    def run(self, text: str, fmt: str, limit: int) -> tuple[int, bytes, bool]:
        """(status, body, truncated); status 503 when the time limit or a busy pool cut it."""
        try:
            worker = self.idle.get(timeout=self.timeout)
        except queue.Empty:
            return 503, b"all query workers are busy; try again", False
        proc, conn = worker
        try:
            conn.send((text, fmt, limit))
            if conn.poll(self.timeout):
                result = conn.recv()
                self.idle.put(worker)
                return result
        except (EOFError, OSError):
            pass
        threading.Thread(target=self._replace, args=(worker,), daemon=True).start()
        return 504, f"time limit of {self.timeout:g} s reached — the query was stopped".encode(), True

    def close(self) -> None:
        for proc in list(self.workers):
            proc.kill()
            proc.join()


# ---------------------------------------------------------------- HTTP

class Handler(BaseHTTPRequestHandler):
    """One request to the endpoint; settings live on the server object."""

    server_version = "kg-serve"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    timeout = 30  # seconds a client may take to send its request

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
        if status >= 400 and status not in (404, 406):
            self.close_connection = True
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _refuse(self, status: int, message: str) -> None:
        self._reply(status, (message + "\n").encode())

    def _host_ok(self) -> bool:
        host = (self.headers.get("Host") or "").strip().lower()
        return host in self.server.allowed_hosts

    def _guard(self) -> bool:
        if not self._host_ok():
            self._refuse(403, "Host header does not name this server")
            return False
        return True

    def do_GET(self):
        if not self._guard():
            return
        url = urlsplit(self.path)
        if url.path == "/":
            return self._page()
        if url.path != "/sparql":
            return self._refuse(404, "not found: the endpoint is /sparql, the graph page /")
        self._sparql(parse_qs(url.query, keep_blank_values=True))

    do_HEAD = do_GET

    def do_POST(self):
        if not self._guard():
            return
        url = urlsplit(self.path)
        if url.path != "/sparql":
            return self._refuse(404 if url.path != "/" else 405, "POST queries to /sparql")
        if self.headers.get("Transfer-Encoding"):
            return self._refuse(411, "send the body with a Content-Length (no chunked encoding)")
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            return self._refuse(411, "a POST needs a Content-Length")
        if length < 0:
            return self._refuse(400, "bad Content-Length")
        if length > self.server.max_body:
            return self._refuse(413, f"request body over {self.server.max_body} bytes")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "application/sparql-update":
            self.rfile.read(length)
            return self._refuse(403, "this endpoint is read-only: updates are refused")
        body = self.rfile.read(length)
        params = parse_qs(url.query, keep_blank_values=True)
        if ctype == "application/sparql-query":
            try:
                params["query"] = [body.decode("utf-8")]
            except UnicodeDecodeError:
                return self._refuse(400, "the query is not UTF-8")
        elif ctype == "application/x-www-form-urlencoded":
            try:
                params.update(parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False))
            except UnicodeDecodeError:
                return self._refuse(400, "the form is not UTF-8")
        else:
            return self._refuse(415, "POST application/sparql-query or application/x-www-form-urlencoded")
        self._sparql(params)

    def _read_only(self):
        if self._guard():
            self._refuse(403, "this endpoint is read-only")

    do_PUT = do_DELETE = do_PATCH = _read_only

    def do_OPTIONS(self):
        if not self._guard():
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

    def _sparql(self, params: dict[str, list[str]]):
        if "update" in params:
            return self._refuse(403, "this endpoint is read-only: updates are refused")
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            return self._refuse(400, "give exactly one query parameter: /sparql?query=SELECT…")
        text = queries[0]
        base = self.server.base
        info = inspect(text, base)
        try:
            check_safe(info, base)
            for name in ("default-graph-uri", "named-graph-uri"):
                for iri in params.get(name, []):
                    if not Base(base).is_own_graph(iri):
                        raise QueryRefused(f"{name} <{iri}> refused: only graphs of this build may be named")
                    raise QueryRefused(f"{name} is not supported here: name graphs with FROM in the query")
        except QueryRefused as exc:
            return self._refuse(403 if exc.update else 400, str(exc))
        if info.form is None:
            return self._refuse(400, "not a query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
        fmt = negotiate(self.headers.get("Accept"), info.is_graph)
        if fmt is None:
            kinds = GRAPH_TYPES if info.is_graph else RESULT_TYPES
            return self._refuse(406, "cannot answer in the Accept types; available: " + ", ".join(kinds))
        status, body, truncated = self.server.pool.run(text, fmt, self.server.limit)
        if status == 200:
            headers = {"X-KG-Cut-Short": f"row-cap={self.server.limit}"} if truncated else {}
            return self._reply(200, body, CONTENT_TYPES[fmt], headers)
        headers = {"X-KG-Cut-Short": "time-limit"} if status == 504 else {}
        self._reply(503 if status == 504 else status, body + b"\n", headers=headers)


class Server(ThreadingHTTPServer):
    """The endpoint's HTTP server, with its settings and worker pool."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, out_dir: Path, host: str = "127.0.0.1", port: int = 8000, *, timeout: float = 10.0,
                 limit: int = DEFAULT_LIMIT, cors: str | None = None, max_body: int = 1_000_000, workers: int = 4,
                 allowed_hosts: list[str] | None = None, verbose: bool = False):
        from kg.read.built import BuiltGraph

        self.out_dir = Path(out_dir)
        built = BuiltGraph(self.out_dir)
        built.store()  # fail now, with a clear message, if there is no build
        self.base = built.base.iri
        self.limit, self.cors, self.max_body, self.verbose = limit, cors, max_body, verbose
        super().__init__((host, port), Handler)
        bound = self.server_address[1]
        names = set(allowed_hosts or []) | ({host} if host not in ("0.0.0.0", "::") else set())
        if host in LOOPBACK:
            names |= LOOPBACK
        self.allowed_hosts = {f"[{n}]:{bound}" if ":" in n else f"{n}:{bound}" for n in names}
        if bound == 80:
            self.allowed_hosts |= {f"[{n}]" if ":" in n else n for n in names}
        self.pool = WorkerPool(self.out_dir, workers, timeout)

    def server_close(self):
        super().server_close()
        self.pool.close()


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
