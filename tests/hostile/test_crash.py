"""Crashes and contention: a build killed at any moment, or two builds at once, never
leave out/ broken, mixed or littered."""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build.graph import run_build
from kg.build.output import (
    CACHE,
    CURRENT,
    GENERATION,
    LOCK_NAME,
    OWNED,
    PAGE,
    STORE,
    TEMP_MARK,
    TEMPORARIES,
    locked_output,
)
from kg.model.errors import BuildError

ROOT = Path(__file__).resolve().parents[2]
OUTPUTS = ("graph.trig", "graph.ttl", "build.json")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A synthetic corpus big enough that a build takes a noticeable time."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    path = tmp_path_factory.mktemp("corpus")
    generate(2500, path, seed=3)
    return path


@pytest.fixture(scope="module")
def two_corpora(tmp_path_factory) -> tuple[Path, Path]:
    """Two small corpora with different graphs: a build of one replaced by the other."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    a, b = tmp_path_factory.mktemp("corpus-a"), tmp_path_factory.mktemp("corpus-b")
    generate(600, a, seed=3)
    generate(700, b, seed=4)
    return a, b


def build_cmd(corpus: Path, out: Path, runner: str = "-m kg.cli") -> list[str]:
    return [sys.executable, *runner.split(), "build", "--no-extract", "--facts", str(corpus / "facts"),
            "--seeds", str(corpus / "seeds"), "--out", str(out)]


# What out/ may hold: the published names, the generations, the marker, the lock and the per-file caches.
LAYOUT = {*OUTPUTS, PAGE, STORE, CURRENT, OWNED, LOCK_NAME, CACHE}


def published(out: Path) -> dict:
    """What a reader of out/ sees: every output by its path, and the store's triple count."""
    from kg.read.query import run_query

    seen = {name: (out / name).read_bytes() for name in (*OUTPUTS, PAGE)}
    seen["store"] = run_query(out, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", timeout=None).rows[0][0].value
    seen["store-current"] = __import__("kg.build.store", fromlist=["x"]).store_is_current(out)
    return seen


def leftovers(out: Path) -> list[str]:
    """Every entry of out/ that is not part of a published build (by name, whatever its prefix)."""
    return sorted(p.name for p in out.iterdir()
                  if p.name not in LAYOUT and not (p.name.startswith(GENERATION) and p.name[len(GENERATION):].isdigit()))


def assert_intact(out: Path, before: dict[str, bytes]) -> None:
    for name in OUTPUTS:
        data = (out / name).read_bytes()
        assert data == before[name], f"{name} changed although the inputs did not"
    list(ox.parse(before["graph.trig"], format=ox.RdfFormat.TRIG))
    assert all(name.startswith(TEMPORARIES) for name in leftovers(out)), leftovers(out)


@pytest.mark.slow
def test_kill_9_at_random_moments_keeps_previous_outputs(corpus, tmp_path):
    out = tmp_path / "out"
    subprocess.run(build_cmd(corpus, out), check=True, capture_output=True)
    before = {name: (out / name).read_bytes() for name in OUTPUTS}
    start = time.perf_counter()
    subprocess.run(build_cmd(corpus, out), check=True, capture_output=True)
    duration = time.perf_counter() - start
    rng = random.Random(20)
    for _ in range(12):
        proc = subprocess.Popen(build_cmd(corpus, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, duration))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert_intact(out, before)
    subprocess.run(build_cmd(corpus, out), check=True, capture_output=True)
    assert leftovers(out) == [], "a killed build left these behind, and the next build did not remove them"


KILL_POINTS = ["write", "store", "rename", "replace", "symlink", "rmtree"]


@pytest.mark.slow
@pytest.mark.parametrize("call", KILL_POINTS)
def test_kill_9_at_every_write_leaves_old_or_new_whole(two_corpora, tmp_path, call):
    """A build of corpus B over a build of corpus A, killed at the N-th call of each kind of
    write (every file's bytes, every batch into the store, every rename and link) for every N
    until a build runs through: out/ is then wholly A or wholly B, and the next build leaves
    nothing of the killed one behind."""
    a, b = two_corpora
    reference = {}
    for name, corpus in (("a", a), ("b", b)):
        subprocess.run(build_cmd(corpus, tmp_path / name), check=True, capture_output=True)
        reference[name] = published(tmp_path / name)
    assert reference["a"] != reference["b"]
    killer = str(Path(__file__).with_name("killer.py"))
    n = 0
    while True:
        n += 1
        out = tmp_path / f"out-{n}"
        subprocess.run(build_cmd(a, out), check=True, capture_output=True)
        env = {**os.environ, "KG_KILL_AT": f"{call}:{n}"}
        proc = subprocess.run(build_cmd(b, out, killer), capture_output=True, text=True, env=env)
        seen = published(out)
        assert seen in (reference["a"], reference["b"]), f"kill at {call} #{n}: out/ mixes two builds"
        assert all(name.startswith(TEMPORARIES) for name in leftovers(out)), leftovers(out)
        subprocess.run(build_cmd(a, out), check=True, capture_output=True)
        assert published(out) == reference["a"]
        assert leftovers(out) == [], f"kill at {call} #{n}: left {leftovers(out)}"
        assert len([p for p in out.iterdir() if p.name.startswith(GENERATION)]) <= 2
        if "KG_KILL_MISSED" in proc.stderr:
            assert proc.returncode == 0, proc.stderr[-2000:]
            break
        assert proc.returncode == -signal.SIGKILL, proc.stderr[-2000:]
        assert n < 60


def test_second_build_into_same_out_is_refused_clearly(tmp_path):
    out = tmp_path / "out"
    with locked_output(out):
        with pytest.raises(BuildError, match="another kg build is writing this folder"):
            with locked_output(out):
                pass
    assert (out / LOCK_NAME).exists()


def test_concurrent_build_processes_never_mix(corpus, tmp_path):
    out = tmp_path / "out"
    procs = [subprocess.Popen(build_cmd(corpus, out), stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    results = [p.communicate() + (p.returncode,) for p in procs]
    codes = sorted(r[2] for r in results)
    assert codes[0] == 0
    for _, stderr, code in results:
        if code:
            assert b"another kg build is writing this folder" in stderr
            assert b"Traceback" not in stderr
    reference = tmp_path / "reference"
    subprocess.run(build_cmd(corpus, reference), check=True, capture_output=True)
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (reference / name).read_bytes()


def test_full_disk_is_a_clear_error_and_keeps_outputs(fictional_tree, monkeypatch):
    out = fictional_tree / "out"
    run_build(fictional_tree / "facts", fictional_tree / "seeds", out, extract=False)
    before = {name: (out / name).read_bytes() for name in OUTPUTS}
    real_write = os.write

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(BuildError, match="the disk is full"):
        run_build(fictional_tree / "facts", fictional_tree / "seeds", out, extract=False)
    monkeypatch.setattr(os, "write", real_write)
    assert {name: (out / name).read_bytes() for name in OUTPUTS} == before
    assert not [p for p in out.iterdir() if p.name.startswith(TEMP_MARK)]


def test_out_that_is_a_file_is_a_clear_error(fictional_tree):
    out = fictional_tree / "out"
    out.write_text("not a folder")
    with pytest.raises(BuildError, match="cannot write outputs"):
        run_build(fictional_tree / "facts", fictional_tree / "seeds", out, extract=False)
    assert out.read_text() == "not a folder"


def test_disk_full_midway_changes_no_output(fictional_tree, monkeypatch):
    """Outputs are replaced all or none: a failure writing the third leaves the first two old."""
    import kg.build.output

    out = fictional_tree / "out"
    run_build(fictional_tree / "facts", fictional_tree / "seeds", out, extract=False)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    facts = fictional_tree / "facts" / "borealis.yaml"
    facts.write_text(facts.read_text().replace("name: Norland\n", "name: Norland Republic\n", 1))
    real, calls = kg.build.output._write_all, []

    def fail_third(fd, data):
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd, data)

    monkeypatch.setattr(kg.build.output, "_write_all", fail_third)
    with pytest.raises(BuildError, match="the disk is full"):
        run_build(fictional_tree / "facts", fictional_tree / "seeds", out, extract=False)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def test_out_holding_files_kg_did_not_make_is_refused_and_kept(fictional_tree):
    """`--out D` on a folder of someone else's files: refused, nothing deleted or added."""
    out = fictional_tree / "out"
    (out / "store" / "photos").mkdir(parents=True)
    (out / "store" / "photos" / "a.txt").write_text("precious")
    with pytest.raises(BuildError, match="not made by kg build"):
        run_build(fictional_tree / "facts", fictional_tree / "seeds", out, extract=False)
    assert (out / "store" / "photos" / "a.txt").read_text() == "precious"
    assert sorted(p.name for p in out.iterdir()) == ["store"]


def test_build_deletes_only_what_kg_wrote(fictional_tree):
    """In a folder kg made, a file of the user's survives every later build."""
    out = fictional_tree / "out"
    run_build(fictional_tree / "facts", fictional_tree / "seeds", out, extract=False)
    (out / "notes.txt").write_text("mine")
    for _ in range(3):
        run_build(fictional_tree / "facts", fictional_tree / "seeds", out, extract=False)
    assert (out / "notes.txt").read_text() == "mine"
    assert len([p for p in out.iterdir() if p.name.startswith(GENERATION)]) == 2


def test_out_of_an_earlier_kg_is_taken_over(fictional_tree):
    """An out/ written before generations (plain files and store/) is still built into."""
    from kg.build.store import contents_of, write_store

    out = fictional_tree / "out"
    run_build(fictional_tree / "facts", fictional_tree / "seeds", fictional_tree / "ref", extract=False)
    out.mkdir()
    for name in OUTPUTS:
        (out / name).write_bytes((fictional_tree / "ref" / name).read_bytes())
    write_store(contents_of(ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG), "https://example.org/kg/"), out, "https://example.org/kg/")
    run_build(fictional_tree / "facts", fictional_tree / "seeds", out, extract=False)
    assert (out / STORE).is_symlink() and (out / OWNED).is_file()
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (fictional_tree / "ref" / name).read_bytes()
