"""Bounded load test of ``kg serve`` on loopback: starts the server (a second process),
sends N mixed requests from C concurrent clients, and reports throughput, latency
percentiles, status counts and the server's memory (all its processes) before and after.

    python benchmarks/loadtest.py --out out/ --requests 2000 --concurrency 50

Bounded: at most --requests requests and --max-seconds of wall time, 127.0.0.1 only.
Designed refusals (403 update, 400 SERVICE) are counted as such, not as errors.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "out")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--max-seconds", type=float, default=180.0)
    args = parser.parse_args()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
                               "--out", str(args.out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        time.sleep(1.0)  # workers start
        mem_before = rss_kb(server.pid)
        latencies: list[float] = []
        statuses: dict[str, int] = {}
        unexpected: list[str] = []
        counter = iter(range(args.requests))
        lock = threading.Lock()
        deadline = time.monotonic() + args.max_seconds

        def client() -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
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
                        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                except (OSError, http.client.HTTPException) as exc:
                    status = type(exc).__name__
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                elapsed = time.perf_counter() - start
                with lock:
                    latencies.append(elapsed)
                    statuses[str(status)] = statuses.get(str(status), 0) + 1
                    if status != expected:
                        unexpected.append(f"{method} {query[:40]}… → {status}")
            conn.close()

        start = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(args.concurrency)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - start
        mem_after = rss_kb(server.pid)
    finally:
        server.terminate()
        server.wait(10)
    q = statistics.quantiles(latencies, n=100)
    print(f"machine: {os.uname().machine}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    print(f"requests: {len(latencies)} in {wall:.2f} s, {args.concurrency} concurrent → {len(latencies) / wall:.0f} req/s")
    print(f"latency ms: p50 {q[49] * 1000:.1f}  p90 {q[89] * 1000:.1f}  p99 {q[98] * 1000:.1f}  max {max(latencies) * 1000:.1f}")
    print(f"statuses: {dict(sorted(statuses.items()))}")
    print(f"server memory (all processes): {mem_before / 1024:.0f} MiB before, {mem_after / 1024:.0f} MiB after")
    print(f"unexpected answers: {len(unexpected)}" + "".join(f"\n  {u}" for u in unexpected[:10]))
    sys.exit(1 if unexpected else 0)


if __name__ == "__main__":
    main()
