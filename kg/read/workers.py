"""The query workers of ``kg serve``: processes that each open the build read-only and
answer query jobs, and the pool that hands them jobs from the server's event loop.

A job is ``(text, format key, row cap, default graphs, named graphs, graphs that must
exist)``, read and checked by the server first (:func:`kg.read.query.inspect`); the answer
is ``(status, body, extra headers)``. A query past the time limit has its worker killed and
replaced, so it stops whatever the engine is doing; a worker's memory is capped
(``$KG_MAX_MEMORY``), so a query needing more ends only its worker. :func:`answer` is also
what the server itself runs for the one form of query it answers without a worker
(see :mod:`kg.read.serve`): the same code, so the same bytes.
"""

from __future__ import annotations

import asyncio
import functools
import multiprocessing
import pickle
import threading
from collections import deque
from pathlib import Path

from kg.model.errors import KgError, QueryError
from kg.read.query import max_memory, memory_message
from kg.read.results import CountingSink

# The --format key of kg.read.results.graph for each RDF syntax served.
GRAPH_KEYS = {"turtle": "turtle", "ntriples": "csv", "rdfxml": "xml", "jsonld": "json"}
_REMEMBERED = 4096  # the longest query text remembered (by the server and here)


def row_cap_message(limit: int) -> str:
    """What a client is told when an answer is over the row cap: how to page through it."""
    return (f"the answer has more than {limit} rows, the most this endpoint sends at once, so none are sent: "
            f"page through it with ORDER BY … LIMIT {limit} OFFSET 0, then OFFSET {limit}, OFFSET {2 * limit}, … "
            "(or count first with SELECT (COUNT(*) AS ?n)); the server's --limit sets the cap")


@functools.lru_cache(maxsize=4)
def _prefixes(base: str) -> dict[str, str]:
    from kg.read.query import query_prefixes

    return query_prefixes(base)


@functools.lru_cache(maxsize=256)
def _named_prefixes(text: str, base: str) -> dict[str, str]:
    """The prefixes a query may use undeclared (:func:`kg.read.query.query_prefixes`) that
    its text names: handing the engine all fifteen costs more than parsing a small query,
    and a prefixed name's prefix is always written out (no escapes there)."""
    return {name: iri for name, iri in _prefixes(base).items() if name + ":" in text}


def _answer(store, base: str, job: tuple, quick: bool = True) -> tuple[int, bytes, dict]:
    """One query job in a worker (or in the server): (status, body, extra headers); ``quick``:
    see :func:`_solutions`. The job is ``(text, format key, row cap, default graphs, named
    graphs, graphs that must exist)``; the handler has already read and checked the query
    (:func:`kg.read.query.inspect`)."""
    import pyoxigraph as ox

    from kg.read.query import Prepared, QueryInfo, execute
    from kg.read.results import graph

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
    return _solutions(store, text, engine, fmt, limit, quick)


def _solutions(store, text: str, engine: dict, fmt: str, limit: int, quick: bool) -> tuple[int, bytes, dict]:
    """A SELECT or ASK answer, which the engine writes itself (kg.read.results.solutions),
    with the errors kg query reports for the same query. ``quick``: a JSON answer is written
    by the engine directly when :class:`_FewRows` shows it within the row cap (else the
    query runs again, its rows counted exactly: twice the work, for an answer refused)."""
    import pyoxigraph as ox

    from kg.read.query import syntax_error
    from kg.read.results import solutions

    remembered = _named_prefixes if len(text) <= _REMEMBERED else _named_prefixes.__wrapped__
    prefixes = remembered(text, engine["base_iri"])
    for attempt in ("quick", "exact") if quick and fmt == "json" else ("exact",):
        try:
            result = store.query(text, prefixes=prefixes, **engine)
        except SyntaxError as exc:
            raise syntax_error(exc) from None
        except (OSError, RuntimeError) as exc:
            raise QueryError(f"the query failed: {exc}") from None
        if not isinstance(result, ox.QueryBoolean | ox.QuerySolutions):
            raise QueryError("a CONSTRUCT or DESCRIBE query answers RDF: ask for Turtle, N-Triples, RDF/XML or JSON-LD")
        try:
            if attempt == "quick":
                if (body := _FewRows.json(result, limit)) is not None:
                    return 200, body, {}
                continue  # perhaps over the cap: counted exactly
            body = solutions(result, fmt, limit)
        except (OSError, RuntimeError, ValueError) as exc:
            raise QueryError(f"the query failed while running: {exc}") from None
    if body is None:
        return 500, row_cap_message(limit).encode(), {"X-KG-Row-Cap": str(limit)}
    return 200, body, {}


class _FewRows(CountingSink):
    """A file for the engine's JSON writer that stops it once the answer may have more
    than ``limit`` rows. Each row after the first starts with ``},{``; a string value may
    hold those characters too, so the count is never below the rows written, and an answer
    it lets through is within the cap. Cheaper than :func:`kg.read.results.solutions` (no
    TSV written and read back); the bytes are the same (a test compares them)."""

    def __init__(self, limit: int):
        super().__init__(limit - 1)

    def count(self, data: bytes) -> int:
        joint = self.parts[-1][-2:] + data[:2] if self.parts else b""  # a "},{" split between writes
        return data.count(b"},{") + joint.count(b"},{")

    @classmethod
    def json(cls, result, limit: int) -> bytes | None:
        """The JSON answer, or None when it may be over ``limit`` rows."""
        import pyoxigraph as ox

        if isinstance(result, ox.QueryBoolean):
            return result.serialize(format=ox.QueryResultsFormat.JSON)
        sink = cls(limit)
        try:
            result.serialize(sink, format=ox.QueryResultsFormat.JSON)
        except cls.Over:
            return None
        return b"".join(sink.parts)


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
        reply = answer(store, base, job)
        conn.send_bytes(pickle.dumps(reply, pickle.HIGHEST_PROTOCOL))  # what conn.send does, minus its set-up


def answer(store, base: str, job: tuple, quick: bool = True) -> tuple[int, bytes, dict]:
    """:func:`_answer`, with the engine's errors as answers: 400 for the query's own, 500 for any other."""
    try:
        return _answer(store, base, job, quick)
    except QueryError as exc:
        return 400, str(exc).encode(), {}
    except Exception as exc:  # a worker must answer, whatever the engine raised
        return 500, f"the query failed: {exc}".encode(), {}


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
