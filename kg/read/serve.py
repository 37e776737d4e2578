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

How it answers. ``kg serve`` runs one front process per CPU (:func:`serve_forever`), all
accepting connections on one port; in each, one event loop (:mod:`asyncio`) serves the
connections it accepted: each request is parsed and checked as soon as it has arrived — a plain ``GET /sparql?…`` by a lean reader
that gives what the standard library's HTTP/1.1 parser gives, anything else by that parser —
and its query goes to a pool of worker processes, each with the store open read-only,
while the loop goes on with other connections. One form of query is answered by the
server itself, from its own read-only opening of the store, with the bytes a worker would
write: a single triple pattern and nothing else (:func:`one_pattern_limit`) whose answer
is capped at :data:`FRONT_ROWS` rows or fewer (by its ``LIMIT`` or the row cap), in JSON or
TSV, or an ``ASK``. Its work and memory are bounded by the rows it writes, never by the
size of the graph, so it needs neither a worker's time limit nor its memory cap; and it
skips the hop to a worker, which costs more than a small answer does. Every other query
goes to a worker (:mod:`kg.read.workers`). Connections stay open between requests
(HTTP/1.1, pipelining allowed) and each answer is written in one write, with no Nagle
delay. A SELECT or ASK answer is written by the engine's own serialisers, its rows
counted as they come (:mod:`kg.read.workers`). The reading of a query is remembered, so a
repeated query is not read again. A query waiting for a free worker
longer than the time limit gets **503** with ``Retry-After``; a query past the time limit
has its worker killed and replaced (the server stays healthy) and gets **503** with
``X-KG-Cut-Short: time-limit``. Workers' memory is capped (``$KG_MAX_MEMORY``): a query
needing more ends its worker and gets **503**. An answer of more rows (or triples) than
the row cap is not sent at all: **500** (the protocol's "query request refused") with a
message that says how to page through it with ``LIMIT``/``OFFSET`` — a partial answer never
looks like a whole one. No CORS header is sent unless an origin is configured.

A new build of the folder is picked up between requests: when ``build.json``,
``graph.trig`` or the store change, a new pool of workers (and the front's own reading of
the store) opens the new build — once the
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
import re
import socket
import sys
import threading
import time
from dataclasses import replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

from kg.build.output import CURRENT, GENERATION, SUMMARY, TRIG
from kg.build.store import MARKER, STORE_NAME
from kg.model.errors import KgError
from kg.model.iris import Base
from kg.read.query import DEFAULT_LIMIT, QueryRefused, check_safe, inspect
from kg.read.workers import (  # noqa: F401 (kg.read.serve's own names too)
    _REMEMBERED,
    GRAPH_KEYS,
    WorkerPool,
    answer,
    row_cap_message,
)

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


# ---------------------------------------------------------------- following the build

_STAMPED = (SUMMARY, TRIG, f"{STORE_NAME}/{MARKER}")


def build_stamp(out_dir: Path) -> tuple:
    """What identifies the build on disk now: the generation folder ``current`` points to,
    and the summary, ``graph.trig`` and the store's marker in it (device, inode, size and
    time of each); a rebuild changes it. It is read on every request, so it costs a
    readlink and three stats."""
    out_dir = os.fspath(out_dir)
    try:  # current_generation, without building paths: this runs on every request
        generation = os.readlink(f"{out_dir}/{CURRENT}")
    except OSError:
        generation = None
    if generation and generation.startswith(GENERATION) and "/" not in generation:
        folder = f"{out_dir}/{generation}"
    else:
        folder = out_dir
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
        built = BuiltGraph(out_dir)
        self.base = built.base.iri
        self.pool = WorkerPool(out_dir, workers, timeout)
        self.store = self._own_store(built.folder)
        if build_in_progress(out_dir) or build_stamp(out_dir) != self.stamp:
            self.close()  # the files moved while the workers opened them: not one build
            raise BuildChanging(f"a new build of {out_dir} was written while it was being opened")

    @staticmethod
    def _own_store(folder: Path):
        """The persisted store, opened read-only by the server itself for one-pattern queries
        (:data:`FRONT_ROWS`); None when it is not current (the workers then load
        ``graph.trig``, which the server does not hold in its own memory)."""
        import pyoxigraph as ox

        from kg.build.store import store_is_current

        if not store_is_current(folder):
            return None
        try:
            return ox.Store.read_only(str(folder / STORE_NAME))
        except OSError:
            return None

    def close(self) -> None:
        self.store = None
        self.pool.close()

    def retire(self, grace: float) -> None:
        """Close the workers once the queries already given to them have had their time."""
        self.store = None  # the server's own queries run on the loop: none is under way now
        timer = threading.Timer(grace, self.pool.close)
        timer.daemon = True
        timer.start()


# ---------------------------------------------------------------- HTTP



@functools.lru_cache(maxsize=256)
def _read_query(text: str, base: str):
    """:func:`kg.read.query.inspect` and :func:`kg.read.query.check_safe` of a query, FROM
    aside (checked with the protocol's graphs: a graph of the build is allowed), and its
    :func:`one_pattern_limit`; raises QueryRefused. Remembered, as clients repeat queries
    (pages, dashboards): reading one costs ~40-90 µs, more than the engine spends on a
    small answer."""
    info = inspect(text, base)
    check_safe(replace(info, datasets=[]), base)
    return info, one_pattern_limit(text)


_TERMS = ("iri", "pname", "var")
# The most rows a one-pattern query answered by the server itself may write (the smaller
# of its LIMIT and the row cap): ~10 ms of the event loop at most, and no more memory than
# those rows' bytes. Past it, the query goes to a worker like any other.
FRONT_ROWS = 10_000
_NO_LIMIT = 1 << 62


def _where(tokens: list) -> int | None:
    """Where the group of a one-pattern query's WHERE starts (see :func:`one_pattern_limit`):
    after its declarations, its form and projection, and the word WHERE."""
    i, n = 0, len(tokens)
    while i < n and tokens[i][1].upper() in ("PREFIX", "BASE"):
        declared = [kind for kind, _ in tokens[i + 1:i + 3]]
        if tokens[i][1].upper() == "PREFIX" and declared == ["pname", "iri"]:
            i += 3
        elif tokens[i][1].upper() == "BASE" and declared[:1] == ["iri"]:
            i += 2
        else:
            return None
    if i >= n or tokens[i][1].upper() not in ("SELECT", "ASK"):
        return None
    if tokens[i][1].upper() == "SELECT":
        i += 1
        if i < n and tokens[i] == ("other", "*"):
            i += 1
        else:
            while i < n and tokens[i][0] == "var":
                i += 1
    else:
        i += 1
    if i < n and tokens[i][1].upper() == "WHERE":
        i += 1
    return i


def one_pattern_limit(text: str) -> int | None:
    """For a query made of one triple pattern and nothing else, the LIMIT it gives (a very
    large number when it gives none); None for any other query.

    The form, token by token: ``PREFIX``/``BASE`` declarations, then ``SELECT *`` or
    ``SELECT ?a ?b …`` (no ``DISTINCT``, no expressions) or ``ASK``, an optional ``WHERE``,
    ``{ s p o }`` where each term is an IRI, a prefixed name or a variable (``a`` as the
    predicate, a plain string as the object) and no variable is repeated, then at most
    ``LIMIT n``. No ``\\`` anywhere (escapes could hide other tokens from this reading).

    Why that form is cheap whatever the data: the pattern's constants pick one of the
    store's indexes (SPO, POS, OSP) and every entry of its range is one row of the answer,
    as no variable is repeated and nothing filters, sorts, groups or skips. The engine
    reads the range lazily, so the work and memory of an answer are proportional to the
    rows written, and those stop at the row cap."""
    if "\\" in text:
        return None
    from kg.read.query import _lex

    tokens = [(kind, value) for kind, value, _ in _lex(text) if kind not in ("ws", "comment")]
    i, n = _where(tokens), len(tokens)
    if i is None:
        return None
    pattern = tokens[i + 1:i + 4]
    if tokens[i:i + 1] != [("other", "{")] or len(pattern) != 3:
        return None
    (s, p, o), i = pattern, i + 4
    if s[0] not in _TERMS or not (p[0] in _TERMS or p == ("word", "a")) or o[0] not in (*_TERMS, "string"):
        return None
    variables = [value[1:] for kind, value in pattern if kind == "var"]
    if len(set(variables)) != len(variables):
        return None
    if i < n and tokens[i] == ("other", "."):
        i += 1
    if tokens[i:i + 1] != [("other", "}")]:
        return None
    rest = tokens[i + 1:]
    if not rest:
        return _NO_LIMIT
    digits = "".join(value for _, value in rest[1:])
    if rest[0][1].upper() == "LIMIT" and digits.isascii() and digits.isdigit() and len(digits) < 19 and len(rest) == len(digits) + 1:
        return int(digits)
    return None


_DATE: list = [0, ""]  # the second, and the Date header for it
_LOG_TIME: list = [0, ""]  # the second, and the time of a log line for it
_negotiated = functools.lru_cache(maxsize=128)(negotiate)  # clients send the same Accept header


@functools.lru_cache(maxsize=256)
def _get_params(query: str) -> dict[str, list[str]]:
    """The parameters of a GET's query string, remembered as the query is (never changed by
    the handler: a POST's parameters are its own)."""
    return parse_qs(query, keep_blank_values=True)


# What Handler._plain_get reads: the request line, then header lines (no folded lines, no
# bare LF); at most the longest line http.client reads, per line and for the path.
_PLAIN_GET = re.compile(rb"GET (/sparql\?[\x21-\x7e]{0,65000}) HTTP/1\.1\r\n")
_PLAIN_HEADER = re.compile(rb"([!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}):([^\r\n\x00]{0,65000})\r\n")
_PLAIN_HEAD = 100 * 1024
# Headers that change how a request is framed or answered: their requests take the full parser.
_FRAMING = {"content-length", "transfer-encoding", "connection", "expect"}


class _Headers(dict):
    """The headers of a request :meth:`Handler._plain_get` read, keyed in lower case, with
    the part of :class:`email.message.Message` the handler uses."""

    def get(self, name: str, default=None):
        return dict.get(self, name.lower(), default)

    def get_all(self, name: str, default=None):
        value = dict.get(self, name.lower())
        return default if value is None else [value]


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
        self.job: tuple | None = None  # (generation, job for a worker, format key, answered by the server)
        self._unread = False

    def start(self) -> str | None:
        """Parse the request line and headers (what ``handle_one_request`` does before it
        dispatches); the name of the ``do_`` method to call, or None once answered."""
        if self._plain_get():
            return "do_GET"
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

    def _plain_get(self) -> bool:
        """Read the common request — ``GET /sparql?… HTTP/1.1``, CRLF line ends, each header
        once, none that frames a body, closes the connection or expects 100-continue — as
        :meth:`parse_request` would, at a fifth of its cost (no ``email`` parser). False for
        anything else, which the standard library's parser then reads."""
        head = self.rfile.getvalue()
        line = _PLAIN_GET.match(head)
        if line is None or len(head) > _PLAIN_HEAD:
            return False
        headers = _Headers()
        at, end = line.end(), len(head) - 2
        while at < end:
            field = _PLAIN_HEADER.match(head, at)
            if field is None:
                return False
            name = field.group(1).decode("latin-1").lower()
            if name in headers or name in _FRAMING:
                return False
            headers[name] = field.group(2).decode("latin-1").lstrip(" \t")
            at = field.end()
        if at != end or head[end:] != b"\r\n" or len(headers) > 100:
            return False
        self.raw_requestline = head[:line.end()]
        self.requestline = self.raw_requestline[:-2].decode("latin-1")
        self.command, self.request_version = "GET", "HTTP/1.1"
        self.path = line.group(1).decode("latin-1")
        self.headers, self.close_connection = headers, False
        return True

    def date_time_string(self, timestamp=None) -> str:
        if timestamp is not None:
            return super().date_time_string(timestamp)
        now = int(time.time())  # the Date header changes once a second: format it once a second
        if _DATE[0] != now:
            _DATE[:] = [now, super().date_time_string(now)]
        return _DATE[1]

    def log_message(self, format, *args):
        """The standard library's log line, given to the server to write (see :meth:`Server.log`)."""
        if self.server.verbose:
            now = int(time.time())  # formatted once a second, as the Date header
            if _LOG_TIME[0] != now:
                _LOG_TIME[:] = [now, self.log_date_time_string()]
            message = (format % args).translate(self._control_char_table)
            self.server.log(f"{self.address_string()} - - [{_LOG_TIME[1]}] {message}\n")

    def _reply(self, status: int, body: bytes, ctype: str = "text/plain; charset=utf-8", headers: dict | None = None):
        fields = [("Content-Type", ctype), ("Content-Length", str(len(body))), ("X-Content-Type-Options", "nosniff"),
                  ("Referrer-Policy", "no-referrer")]
        if self.server.cors:
            fields += [("Access-Control-Allow-Origin", self.server.cors), ("Vary", "Origin")]
        if headers:
            fields += headers.items()
        if self._unread or (status >= 400 and status not in (404, 406)):
            self.close_connection = True
            fields.append(("Connection", "close"))
        if self.request_version == "HTTP/0.9":  # the standard library's way (it writes no head)
            self.send_response(status)
            for name, value in fields:
                self.send_header(name, value)
            self._headers_buffer.append(b"\r\n")
            head, self._headers_buffer = b"".join(self._headers_buffer), []
        else:  # the bytes send_response and send_header write, made in one go
            self.log_request(status)
            phrase = self.responses[status][0] if status in self.responses else ""
            lines = [f"{self.protocol_version} {status} {phrase}", f"Server: {self.version_string()}",
                     f"Date: {self.date_time_string()}", *(f"{name}: {value}" for name, value in fields), "\r\n"]
            head = "\r\n".join(lines).encode("latin-1", "strict")
        # Headers and body in one write: one packet for a small answer, no wait between them.
        self.wfile.write(head + body if self.command != "HEAD" else head)

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
        params = _get_params(url.query) if len(url.query) <= _REMEMBERED else _get_params.__wrapped__(url.query)
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
            read = _read_query(text, base) if len(text) <= _REMEMBERED else _read_query.__wrapped__(text, base)
            info, pattern_limit = read
            default_graphs, named_graphs, must_exist = self._dataset(params, info, base)
        except QueryRefused as exc:
            return self._refuse(403 if exc.update else 400, str(exc))
        if info.form is None:
            return self._refuse(400, "not a query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
        fmt = _negotiated(self.headers.get("Accept"), info.is_graph)
        if fmt is None:
            kinds = GRAPH_TYPES if info.is_graph else RESULT_TYPES
            return self._refuse(406, "cannot answer in the Accept types; available: " + ", ".join(kinds))
        job = (text, fmt, self.server.limit, default_graphs, named_graphs, must_exist)
        here = (generation.store is not None and not (default_graphs or named_graphs or must_exist)
                and pattern_limit is not None and min(pattern_limit, self.server.limit) <= FRONT_ROWS
                and (info.form == "ASK" or fmt in ("json", "tsv")))
        self.job = (generation, job, fmt, here)

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
            generation, job, fmt, here = handler.job
            if here:  # bounded by its form (one_pattern_limit): answered on the loop, no hop to a worker
                self._call(handler, handler.answered, fmt, *answer(generation.store, generation.base, job))
                return self._finish(handler)  # _go goes on with the next request
            self.busy = True
            generation.pool.submit(job, lambda reply: self._answered(handler, fmt, reply))
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
                 allowed_hosts: list[str] | None = None, verbose: bool = False, sock: socket.socket | None = None):
        from kg.read.built import BuiltGraph

        self.out_dir = Path(out_dir)
        BuiltGraph(self.out_dir).require()  # fail now, with a clear message, if there is no build
        self.limit, self.cors, self.max_body, self.verbose = limit, cors, max_body, verbose
        self.timeout, self.workers = timeout, workers
        self._switch = threading.Lock()
        self.current = Generation(self.out_dir, workers, timeout)
        try:
            self.socket = sock or socket.create_server(  # sock: listening already, shared with other fronts
                (host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET, backlog=self.request_queue_size)
        except BaseException:
            self.current.close()
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
        self._log: list[str] = []
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

    def log(self, line: str) -> None:
        """Write a log line to stderr: at the end of the event loop's turn, with the other
        lines of that turn in one write (a write per request costs a tenth of a small answer)."""
        if not self._log:
            try:
                asyncio.get_running_loop().call_soon(self._write_log)
            except RuntimeError:  # not on the loop: write it now
                sys.stderr.write(line)
                return
        self._log.append(line)

    def _write_log(self) -> None:
        lines, self._log = self._log, []
        sys.stderr.write("".join(lines))

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
        self.current.close()


def serve_forever(out_dir: Path, *, fronts: int | None = None, **options) -> None:
    """Run the endpoint until interrupted (``kg serve``).

    It runs as ``fronts`` processes — by default one per CPU, at most four and at most one
    per worker — each a :class:`Server` with its share of the workers, all accepting
    connections on one listening socket: a connection is answered by the process that
    accepted it (a busy one accepts later, so connections spread), and the HTTP work and
    the queries each front answers itself run on every core. A front that dies is started
    again; its open connections close, and their clients connect again. The others stop
    when the first one does, however it ends."""
    workers = options.pop("workers", 4)
    fronts = fronts or max(1, min(os.cpu_count() or 1, workers, 4))
    shares = [workers // fronts + (i < workers % fronts) for i in range(fronts)]
    server = Server(out_dir, verbose=True, workers=shares[0], **options)
    host, port = server.server_address[:2]
    others = _Fronts(server.socket, out_dir, dict(options, host=host, port=port), shares[1:])
    print(f"serving {out_dir} read-only at http://{host}:{port}/sparql (the graph page at /) — Ctrl-C stops", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        others.stop()
        server.server_close()


class _Fronts:
    """The other front processes of :func:`serve_forever`, each started again when it dies
    until :meth:`stop`; each stops by itself when this process's end of its pipe closes."""

    def __init__(self, sock: socket.socket, out_dir: Path, options: dict, shares: list[int]):
        self.ctx = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self.stopping = threading.Event()
        self.running: dict[int, tuple] = {}
        for index, share in enumerate(shares):
            threading.Thread(target=self._keep, args=(index, sock, out_dir, dict(options, workers=share)),
                             daemon=True).start()

    def _keep(self, index: int, sock, out_dir: Path, options: dict) -> None:
        while not self.stopping.is_set():
            ours, theirs = self.ctx.Pipe()
            # Not a daemon: a front has workers of its own, which a daemon may not have.
            proc = self.ctx.Process(target=_front_main, args=(sock, out_dir, options, theirs), name="kg-serve-front")
            proc.start()
            theirs.close()
            self.running[index] = (proc, ours)
            proc.join()
            ours.close()
            self.stopping.wait(1.0)  # a front that cannot start is not restarted in a tight loop

    def stop(self) -> None:
        self.stopping.set()
        for proc, ours in list(self.running.values()):
            ours.close()
            proc.join(10)
            if proc.is_alive():
                proc.kill()


def _front_main(sock: socket.socket, out_dir: Path, options: dict, pipe) -> None:
    """A front process other than the first: a :class:`Server` on the shared socket, until
    the first process's end of ``pipe`` closes."""
    try:
        server = Server(out_dir, verbose=True, sock=sock, **options)
    except KgError as exc:
        print(f"a front of kg serve could not start: {exc}", file=sys.stderr, flush=True)
        return

    def watch() -> None:
        try:
            pipe.recv()
        except (EOFError, OSError):
            pass
        server.shutdown()

    threading.Thread(target=watch, daemon=True).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
