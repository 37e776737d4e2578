"""Benchmark kg against the engines' own limits, measured in the same run.

    python benchmarks/run.py --claims 10000 100000

For each size it generates a synthetic corpus (benchmarks/generate.py), then prints one
table: each stage's median over --runs runs, the limit it is compared with, and the
ratio. Stages:

- build: ``kg build --no-extract --clean`` (whole process, no cache used) vs the floor — libyaml parsing the
  same fact files, plus pyoxigraph parsing and serialising the same graph.trig and
  graph.ttl and bulk-loading the same quads into an on-disk store (what out/store holds);
- incremental: ``kg build --no-extract`` after one fact file changed (the per-file caches
  and the previous store reused), vs the full build;
- kg validate of that one file, and kg diff of the working tree against HEAD after it
  changed (the corpus is made a git repository), against the issue's targets (1 s, 2 s);
- peak memory of the build vs pyoxigraph loading and serialising the same dataset;
- each named query through ``kg query`` (whole process) vs a minimal pyoxigraph script
  on the same store;
- kg serve against a real Oxigraph server on the same store, 8 kept-alive clients: a point
  lookup, a 2-hop join and a COUNT (benchmarks/loadtest.py --compare);
- extraction (articles per second on one core) and the page (write time, size, time to
  stabilise in headless Chromium), from benchmarks/bench_extract.py and bench_page.py.

Everything runs on this machine, in subprocesses, one at a time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable
KG = [PYTHON, "-m", "kg.cli"]

FLOOR = r"""
import glob, shutil, sys, yaml, pyoxigraph as ox
facts, out = sys.argv[1], sys.argv[2]
for f in sorted(glob.glob(facts + '/**/*.yaml', recursive=True)):
    with open(f, 'rb') as h:
        yaml.load(h, Loader=yaml.CSafeLoader)
quads = list(ox.parse(path=out + '/graph.trig', format=ox.RdfFormat.TRIG))
ox.serialize(quads, out + '/.floor.trig', format=ox.RdfFormat.TRIG)
triples = list(ox.parse(path=out + '/graph.ttl', format=ox.RdfFormat.TURTLE))
ox.serialize(triples, out + '/.floor.ttl', format=ox.RdfFormat.TURTLE)
shutil.rmtree(out + '/.floor-store', ignore_errors=True)
store = ox.Store(out + '/.floor-store')
store.bulk_load(path=out + '/.store.nq', format=ox.RdfFormat.N_QUADS)
store.flush()
"""

# What `kg build` keeps in out/store, dumped once so the floor can load exactly that.
DUMP_STORE = r"""
import sys, pyoxigraph as ox
ox.Store.read_only(sys.argv[1] + '/store').dump(sys.argv[1] + '/.store.nq', format=ox.RdfFormat.N_QUADS)
"""

ENGINE_MEMORY = r"""
import sys, pyoxigraph as ox
store = ox.Store()
store.bulk_load(path=sys.argv[1] + '/graph.trig', format=ox.RdfFormat.TRIG)
store.dump(sys.argv[1] + '/.engine.trig', format=ox.RdfFormat.TRIG)
"""


def timed(cmd: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """Wall time (s) and peak resident memory (MiB) of one subprocess; fails loudly."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"benchmark step failed: {' '.join(cmd)}\n{stderr}")
    return elapsed, usage.ru_maxrss // 1024


def median_of(runs: int, cmd: list[str], before=None, cwd: Path | None = None) -> tuple[float, int]:
    times, peaks = [], []
    for _ in range(runs):
        if before:
            before()
        t, m = timed(cmd, cwd)
        times.append(t)
        peaks.append(m)
    return statistics.median(times), max(peaks)


def row(stage: str, value: str, limit: str, ratio: float | None, target: str) -> dict:
    return {"stage": stage, "kg": value, "limit": limit, "ratio": "" if ratio is None else f"{ratio:.2f}x", "target": target}


def bench_build(corpus: Path, runs: int) -> list[dict]:
    facts, out = corpus / "facts", corpus / "out"
    # Run from the corpus, as a contributor runs kg from the repository's root.
    build = [*KG, "build", "--no-extract", "--facts", "facts", "--seeds", "seeds", "--out", "out"]
    clean = [*build, "--clean"]  # every file read again, the store loaded afresh
    timed(clean, corpus)  # warm the file cache and create the outputs the floor reads
    full, peak = median_of(runs, clean, cwd=corpus)
    timed([PYTHON, "-c", DUMP_STORE, str(out)])
    floor, _ = median_of(runs, [PYTHON, "-c", FLOOR, str(facts), str(out)])
    quads = sum(1 for _ in open(out / "graph.trig", "rb"))  # lines, a rough size measure
    summary = json.loads((out / "build.json").read_text())
    target_file = sorted(facts.rglob("*.yaml"))[len(list(facts.rglob("*.yaml"))) // 2]
    original = target_file.read_text()

    changes = iter(range(1, 1000))

    def change_one_file():
        target_file.write_text(original.replace("alias: [", f"alias: [Changed{next(changes)}, ", 1))

    git = ["git", "-C", str(corpus), "-c", "user.name=bench", "-c", "user.email=bench@example.org"]
    subprocess.run([*git[:3], "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A", "facts", "seeds"], check=True)
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "corpus"], check=True)
    try:
        incremental, _ = median_of(runs, build, before=change_one_file, cwd=corpus)
        # What the pre-commit hook and a pull-request check run after the same one-file change.
        validate, validate_peak = median_of(runs, [*KG, "validate", str(target_file.relative_to(corpus))],
                                            before=change_one_file, cwd=corpus)
        diff, diff_peak = median_of(runs, [*KG, "diff"], before=change_one_file, cwd=corpus)
    finally:
        target_file.write_text(original)  # the queries below run on a build with one alias more
    _, engine_peak = median_of(1, [PYTHON, "-c", ENGINE_MEMORY, str(out)])
    files = len(list(facts.rglob("*.yaml")))
    return [
        row(f"build ({summary['counts']['claims']:,} claims, {files} files)", f"{full:.2f} s",
            f"floor {floor:.2f} s", full / floor, "≤ 1.5x"),
        row(f"incremental build (1 of {files} files changed)", f"{incremental:.2f} s", f"full {full:.2f} s",
            incremental / full, "≤ 0.10x"),
        row("peak memory of the build", f"{peak} MiB", f"pyoxigraph {engine_peak} MiB", peak / max(engine_peak, 1), "≤ 2x"),
        row("kg validate of the changed file", f"{validate:.2f} s, {validate_peak} MiB", "target 1 s", validate / 1.0, "≤ 1 s"),
        row("kg diff (working tree vs HEAD)", f"{diff:.2f} s, {diff_peak} MiB", "target 2 s", diff / 2.0, "≤ 2 s"),
        row("graph.trig size", f"{(out / 'graph.trig').stat().st_size / 1e6:.1f} MB", f"{quads:,} lines", None, ""),
    ]


def bench_queries(corpus: Path, runs: int, sample: dict) -> list[dict]:
    """Each named query through ``kg query`` (whole process) vs a minimal pyoxigraph script."""
    sys.path.insert(0, str(HERE))
    import bench_query

    from kg.read.query import named_queries

    out = corpus / "out"
    base = json.loads((out / "build.json").read_text())["base_iri"]
    params = {"dispute-timeline": {"dispute": sample["dispute"]}, "entity-facts": {"entity": sample["vendor"]},
              "claim-provenance": {"entity": sample["vendor"]},
              "shortest-chain": {"start": sample["vendor"], "end": sample["bank"]},
              "actions-against-vendor": {"vendor": sample["vendor"]},
              "restrictions-in-force": {"vendor": sample["vendor"], "date": "2014-06-01"}}
    rows = []
    for q in named_queries():
        p = params.get(q.name, {})
        kg_cmd = [*KG, "query", q.name, "--out", str(out), "-f", "tsv", "--limit", "10000000", "--timeout", "600"]
        for name, value in p.items():
            kg_cmd += ["--param", f"{name}={value}"]
        min_cmd = bench_query.minimal_command(q, p, out, base)
        kg_t, _ = median_of(runs, kg_cmd)
        min_t, _ = median_of(runs, min_cmd)
        rows.append(row(f"kg query {q.name}", f"{kg_t:.3f} s", f"pyoxigraph {min_t:.3f} s", kg_t / min_t, "≤ 1.5x, < 1 s"))
    return rows


def bench_serve(corpus: Path, runs: int) -> str:
    """kg serve against a real Oxigraph server on the same store: benchmarks/loadtest.py --compare."""
    result = subprocess.run([PYTHON, str(HERE / "loadtest.py"), "--out", str(corpus / "out"), "--compare",
                             "--rounds", str(runs)], capture_output=True, text=True)
    if result.returncode not in (0, 1):
        return f"loadtest failed: {result.stderr.strip().splitlines()[-1:]}"
    return result.stdout


def bench_extract(runs: int) -> list[dict]:
    """Articles per second on one core, from benchmarks/bench_extract.py."""
    result = subprocess.run([PYTHON, str(HERE / "bench_extract.py"), "--seconds", str(2 * runs)],
                            capture_output=True, text=True, check=True)
    line = result.stdout.strip().splitlines()[-1]
    rate = float(line.split()[0])
    return [row("extraction (≈600-word articles)", f"{rate:.0f} articles/s/core", "target 50 articles/s", None, "≥ 50/s")]


def bench_page() -> list[dict]:
    """The page at 500 / 2,000 / 10,000 nodes, from benchmarks/bench_page.py."""
    sys.path.insert(0, str(HERE))
    import bench_page

    if not Path("/usr/bin/chromium").exists():
        return [row("page", "n/a", "needs Debian's chromium (apt-get install chromium)", None, "")]
    try:
        measured = bench_page.measure([500, 2000, 10000])
    except ImportError:
        return [row("page", "n/a", "needs playwright: pip install -e '.[test]'", None, "")]
    rows = []
    for r in measured:
        rows.append(row(f"page, {r['nodes']:,} nodes ({r['drawn_nodes']:,} drawn)",
                        f"write {r['write_s']:.2f} s, {r['size_mb']:.1f} MB", f"stable in Chromium {r['drawn_s']:.2f} s",
                        None, "≤ 5 s at 2,000"))
    return rows


def print_table(title: str, rows: list[dict]) -> None:
    cols = ["stage", "kg", "limit", "ratio", "target"]
    widths = {c: max(len(c), *(len(str(r[c])) for r in rows)) for c in cols}
    print(f"\n### {title}\n")
    print("| " + " | ".join(c.ljust(widths[c]) for c in cols) + " |")
    print("|" + "|".join("-" * (widths[c] + 2) for c in cols) + "|")
    for r in rows:
        print("| " + " | ".join(str(r[c]).ljust(widths[c]) for c in cols) + " |")
    sys.stdout.flush()


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, nargs="+", default=[10000, 100000], help="corpus sizes, in claims")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (the median is shown)")
    parser.add_argument("--work", type=Path, default=HERE / "data", help="where corpora are generated (git-ignored)")
    parser.add_argument("--skip", nargs="*", default=[], choices=["queries", "serve", "extract", "page"], help="stages to skip")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from generate import generate

    print(f"machine: {machine()}")
    for claims in args.claims:
        corpus = args.work / f"claims-{claims}"
        stats = generate(claims, corpus)
        print_table(f"{claims:,} claims: build", bench_build(corpus, args.runs))
        if "queries" not in args.skip:
            print_table(f"{claims:,} claims: named queries", bench_queries(corpus, args.runs, stats["sample"]))
        if "serve" not in args.skip:
            print(f"\n### {claims:,} claims: kg serve against the Oxigraph server\n")
            print(bench_serve(corpus, args.runs))
    rows = []
    if "extract" not in args.skip:
        rows += bench_extract(args.runs)
    if "page" not in args.skip:
        rows += bench_page()
    if rows:
        print_table("extraction and the page (independent of corpus size)", rows)


if __name__ == "__main__":
    main()
