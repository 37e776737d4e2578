"""Bounded load tests of ``kg serve`` on loopback, in two modes.

**Mixed** (the default): starts the server (a second process), sends N mixed requests from
C concurrent clients, and reports throughput, latency percentiles, status counts and the
server's memory (all its processes) before and after.

    python benchmarks/loadtest.py --out out/ --requests 2000 --concurrency 50

Designed refusals (403 update, 400 SERVICE) are counted as such, not as errors.

**Compare** (``--compare``): issue 16's three queries against ``kg serve`` and against a real
Oxigraph server (the ``oxigraph`` binary of the ``oxigraph`` package, read-only, on the very
store ``kg build`` wrote, so both hold the same quads and the same default graph), one
server at a time, from C kept-alive HTTP/1.1 clients (8 by default), and a table of
req/s, median latency, the ratio kg/Oxigraph and the target:

    python benchmarks/loadtest.py --out /tmp/srv100k/out --compare

- point lookup: every triple of one vendor (``SELECT ?p ?o WHERE { <vendor> ?p ?o }``);
- 2-hop join, LIMIT 100: what points at that vendor and every triple of those;
- COUNT over the default graph.

The vendor is the one with the most incoming links (found once, before timing). Both
servers must give the same number of rows for each query, or the run fails. The clients
are raw sockets with the request bytes made once, so the client costs as little as it can
of the machine both servers share.

Bounded: at most --requests requests and --max-seconds of wall time per run (with --compare,
a run is one query on one server, --rounds times each), 127.0.0.1 only; every server
started is stopped.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = "127.0.0.1"
MIX = [
    ("GET", "SELECT ?v ?n WHERE { ?v a kg:Vendor ; kg:name ?n }", 200),
    ("GET", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", 200),
    ("POST", "ASK { ?s a kg:Bank }", 200),
    ("GET", "CONSTRUCT { ?s ?p ?o } WHERE { ?s a kg:Review ; ?p ?o }", 200),
    ("POST", "SELECT ?g ?src WHERE { ?g prov:wasDerivedFrom ?src } LIMIT 200", 200),
    ("GET", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", 400),
    ("UPDATE", "DELETE WHERE { ?s ?p ?o }", 403),
]
PROLOGUE = "PREFIX kg: <https://example.org/kg/ns#> PREFIX prov: <http://www.w3.org/ns/prov#> "
# The vendor with the most incoming links: its 2-hop neighbourhood fills a LIMIT of 100.
PICK_VENDOR = (PROLOGUE + "SELECT ?v (COUNT(*) AS ?n) WHERE { ?v a kg:Vendor . ?a ?r ?v } "
               "GROUP BY ?v ORDER BY DESC(?n) ?v LIMIT 1")
# (name, query for a vendor IRI, target ratio kg/Oxigraph) — issue 16's table.
COMPARED = [
    ("point lookup", "SELECT ?p ?o WHERE {{ <{v}> ?p ?o }}", 0.5),
    ("2-hop join, LIMIT 100", "SELECT ?a ?r ?q ?o WHERE {{ ?a ?r <{v}> . ?a ?q ?o }} LIMIT 100", 0.5),
    ("COUNT over the default graph", "SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o }}", 0.8),
]


def rss_kb(pid: int) -> int:
    """Resident memory of ``pid`` and its children, in KiB (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            todo += [int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split()]
        except OSError:
            pass
    return total


def free_port() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def wait_listening(port: int, proc: subprocess.Popen, name: str) -> None:
    for _ in range(600):
        if proc.poll() is not None:
            raise SystemExit(f"{name} exited with {proc.returncode} before listening")
        try:
            socket.create_connection((LOOPBACK, port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{name} did not listen on {LOOPBACK}:{port} within 60 s")


def start_kg(out: Path, port: int, workers: int | None) -> subprocess.Popen:
    command = [sys.executable, "-m", "kg.cli", "serve", "--host", LOOPBACK, "--port", str(port), "--out", str(out)]
    if workers:
        command += ["--workers", str(workers)]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_listening(port, proc, "kg serve")
    return proc


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


# ---------------------------------------------------------------- mixed mode

def mixed(args) -> int:
    port = free_port()
    server = start_kg(args.out, port, args.workers)
    try:
        time.sleep(1.0)  # workers start
        mem_before = rss_kb(server.pid)
        latencies: list[float] = []
        statuses: dict[str, int] = {}
        unexpected: list[str] = []
        counter = iter(range(args.requests))
        lock = threading.Lock()
        deadline = time.monotonic() + args.max_seconds

        def client() -> None:
            conn = http.client.HTTPConnection(LOOPBACK, port, timeout=60)
            while time.monotonic() < deadline:
                with lock:
                    n = next(counter, None)
                if n is None:
                    break
                method, query, expected = MIX[n % len(MIX)]
                start = time.perf_counter()
                try:
                    if method == "GET":
                        conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": PROLOGUE + query}))
                    else:
                        key = "update" if method == "UPDATE" else "query"
                        conn.request("POST", "/sparql", urllib.parse.urlencode({key: PROLOGUE + query}),
                                     {"Content-Type": "application/x-www-form-urlencoded"})
                    resp = conn.getresponse()
                    resp.read()
                    status = resp.status
                    if resp.getheader("Connection", "").lower() == "close":
                        conn.close()
                        conn = http.client.HTTPConnection(LOOPBACK, port, timeout=60)
                except (OSError, http.client.HTTPException) as exc:
                    status = type(exc).__name__
                    conn.close()
                    conn = http.client.HTTPConnection(LOOPBACK, port, timeout=60)
                elapsed = time.perf_counter() - start
                with lock:
                    latencies.append(elapsed)
                    statuses[str(status)] = statuses.get(str(status), 0) + 1
                    if status != expected:
                        unexpected.append(f"{method} {query[:40]}… → {status}")
            conn.close()

        start = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(args.concurrency or 50)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - start
        mem_after = rss_kb(server.pid)
    finally:
        stop(server)
    q = statistics.quantiles(latencies, n=100)
    print(f"machine: {os.uname().machine}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    print(f"requests: {len(latencies)} in {wall:.2f} s, {len(threads)} concurrent → {len(latencies) / wall:.0f} req/s")
    print(f"latency ms: p50 {q[49] * 1000:.1f}  p90 {q[89] * 1000:.1f}  p99 {q[98] * 1000:.1f}  max {max(latencies) * 1000:.1f}")
    print(f"statuses: {dict(sorted(statuses.items()))}")
    print(f"server memory (all processes): {mem_before / 1024:.0f} MiB before, {mem_after / 1024:.0f} MiB after")
    print(f"unexpected answers: {len(unexpected)}" + "".join(f"\n  {u}" for u in unexpected[:10]))
    return 1 if unexpected else 0


# ---------------------------------------------------------------- compare mode

class KeepAlive:
    """One kept-alive HTTP/1.1 connection that sends prepared request bytes and reads the
    answer (Content-Length or chunked) with as little Python as a correct reader needs."""

    def __init__(self, port: int):
        self.port = port
        self.sock: socket.socket | None = None
        self.buffer = b""

    def _connect(self) -> None:
        self.sock = socket.create_connection((LOOPBACK, self.port), timeout=120)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None

    def _until(self, marker: bytes) -> bytes:
        while (at := self.buffer.find(marker)) < 0:
            self._more()
        line, self.buffer = self.buffer[:at], self.buffer[at + len(marker):]
        return line

    def _exactly(self, n: int) -> bytes:
        while len(self.buffer) < n:
            self._more()
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def _more(self) -> None:
        chunk = self.sock.recv(262144)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        self.buffer += chunk

    def send(self, request: bytes) -> tuple[int, bytes]:
        """(status, body) of one request."""
        if self.sock is None:
            self._connect()
        self.sock.sendall(request)
        head = self._until(b"\r\n\r\n").decode("latin-1").split("\r\n")
        status = int(head[0].split(" ", 2)[1])
        headers = {}
        for line in head[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            body = self._exactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            parts = []
            while size := int(self._until(b"\r\n").split(b";")[0], 16):
                parts.append(self._exactly(size))
                self._exactly(2)
            while self._until(b"\r\n"):  # trailers, then the empty line
                pass
            body = b"".join(parts)
        else:
            raise ConnectionError("an answer with neither Content-Length nor chunked encoding")
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, body


def get_request(port: int, query: str) -> bytes:
    path = "/sparql?" + urllib.parse.urlencode({"query": query})
    return (f"GET {path} HTTP/1.1\r\nHost: {LOOPBACK}:{port}\r\n"
            "Accept: application/sparql-results+json\r\n\r\n").encode()


def rows(body: bytes) -> int:
    return len(json.loads(body)["results"]["bindings"])


def hammer(port: int, query: str, clients: int, max_requests: int, max_seconds: float) -> dict:
    """Send ``query`` from ``clients`` kept-alive connections until ``max_requests`` are
    answered or ``max_seconds`` pass; throughput, median latency and the answers' sizes."""
    request = get_request(port, query)
    warm = KeepAlive(port)
    status, body = warm.send(request)  # warms caches; its row count is compared across servers
    warm.close()
    if status != 200:
        raise SystemExit(f"port {port}: {status} for {query}: {body[:300]!r}")
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    counter = iter(range(max_requests))
    deadline = time.monotonic() + max_seconds

    def client() -> None:
        conn = KeepAlive(port)
        mine = []
        while time.monotonic() < deadline:
            with lock:
                if next(counter, None) is None:
                    break
            start = time.perf_counter()
            try:
                got, _ = conn.send(request)
            except OSError as exc:
                got = type(exc).__name__
                conn.close()
            mine.append(time.perf_counter() - start)
            if got != 200:
                failures.append(str(got))
        conn.close()
        with lock:
            latencies.extend(mine)

    start = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    return {"rate": len(latencies) / wall, "p50": statistics.median(latencies) * 1000, "n": len(latencies),
            "rows": rows(body), "failures": failures}


def compare(args) -> int:
    from kg.build.store import STORE_NAME, store_is_current
    from kg.read.built import BuiltGraph

    built = BuiltGraph(args.out).require()
    store = built.folder / STORE_NAME
    if not store_is_current(built.folder):
        raise SystemExit(f"{store}: no store current with graph.trig — run kg build first")
    oxigraph = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if not oxigraph:
        raise SystemExit("no oxigraph binary: pip install oxigraph (the test extras have it)")
    clients = args.concurrency or 8
    kg_port, ox_port = free_port(), free_port()
    servers = [start_kg(args.out, kg_port, args.workers)]
    try:
        servers.append(subprocess.Popen([oxigraph, "serve-read-only", "--location", str(store),
                                         "--bind", f"{LOOPBACK}:{ox_port}"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_listening(ox_port, servers[1], "oxigraph serve-read-only")
        picker = KeepAlive(kg_port)
        status, body = picker.send(get_request(kg_port, PICK_VENDOR))
        picker.close()
        if status != 200:
            raise SystemExit(f"kg serve answered {status} to the vendor query: {body[:300]!r}")
        vendor = json.loads(body)["results"]["bindings"][0]["v"]["value"]
        queries = [(name, template.format(v=vendor), target) for name, template, target in COMPARED]
        # Both servers stay up, idle in turn; each query runs on one then the other, round after
        # round, so a load elsewhere on the machine falls on both alike.
        runs: dict[str, dict[str, list]] = {"kg": {}, "ox": {}}
        for _ in range(args.rounds):
            for name, query, _ in queries:
                for key, port in (("kg", kg_port), ("ox", ox_port)):
                    runs[key].setdefault(name, []).append(hammer(port, query, clients, args.requests,
                                                                 args.max_seconds))
    finally:
        for server in servers:
            stop(server)
    results = {key: {name: median_run(found) for name, found in by_name.items()} for key, by_name in runs.items()}
    return report(results, queries, vendor, clients, args.out, args.rounds)


def median_run(runs: list[dict]) -> dict:
    """The run of median throughput (with its own p50), and every run's failures."""
    middle = sorted(runs, key=lambda run: run["rate"])[len(runs) // 2]
    return dict(middle, n=sum(run["n"] for run in runs), failures=[f for run in runs for f in run["failures"]],
                rows="/".join(str(n) for n in sorted({run["rows"] for run in runs})))


def report(results: dict, queries: list, vendor: str, clients: int, out: Path, rounds: int) -> int:
    print(f"machine: {os.uname().machine}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; build {out}")
    print(f"{clients} kept-alive clients, one server at a time, median of {rounds} round(s); vendor <{vendor}>\n")
    header = ("query", "kg serve", "p50", "Oxigraph", "p50", "ratio", "target")
    lines = [header, tuple("---" for _ in header)]
    problems = []
    for name, _, target in queries:
        kg, ox = results["kg"][name], results["ox"][name]
        ratio = kg["rate"] / ox["rate"]
        lines.append((name, f"{kg['rate']:,.1f} req/s", f"{kg['p50']:.1f} ms", f"{ox['rate']:,.1f} req/s",
                      f"{ox['p50']:.1f} ms", f"{ratio:.2f}×", f"≥ {target}× {'met' if ratio >= target else 'NOT met'}"))
        if kg["rows"] != ox["rows"]:
            problems.append(f"{name}: kg serve answered {kg['rows']} rows, Oxigraph {ox['rows']}")
        for server, result in (("kg serve", kg), ("Oxigraph", ox)):
            if result["failures"]:
                problems.append(f"{name}: {server} failed {len(result['failures'])} of {result['n']} "
                                f"requests ({', '.join(sorted(set(result['failures'])))})")
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for line in lines:
        print("| " + " | ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)) + " |")
    for name, _, _ in queries:
        print(f"{name}: {results['kg'][name]['n']} and {results['ox'][name]['n']} requests, "
              f"{results['kg'][name]['rows']} rows each")
    for problem in problems:
        print("problem:", problem)
    return 1 if problems else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "out")
    parser.add_argument("--compare", action="store_true", help="issue 16's queries, kg serve against Oxigraph")
    parser.add_argument("--requests", type=int, default=None, help="most requests of a run (default 2000; 10000 with --compare)")
    parser.add_argument("--concurrency", type=int, default=None, help="clients (default 50; 8 with --compare)")
    parser.add_argument("--max-seconds", type=float, default=None,
                        help="most seconds of a run (default 180; 10 per query and server with --compare)")
    parser.add_argument("--rounds", type=int, default=3, help="with --compare: runs of each query on each server")
    parser.add_argument("--workers", type=int, default=None, help="kg serve --workers (default: its own)")
    args = parser.parse_args()
    if args.max_seconds is None:
        args.max_seconds = 10.0 if args.compare else 180.0
    if args.requests is None:
        args.requests = 10_000 if args.compare else 2000
    sys.exit(compare(args) if args.compare else mixed(args))


if __name__ == "__main__":
    main()
