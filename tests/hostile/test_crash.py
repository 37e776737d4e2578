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
from kg.build.output import LOCK_NAME, TEMP_MARK, locked_output
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


def build_cmd(corpus: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "kg.cli", "build", "--no-extract", "--facts", str(corpus / "facts"),
            "--seeds", str(corpus / "seeds"), "--out", str(out)]


def assert_intact(out: Path, before: dict[str, bytes]) -> None:
    for name in OUTPUTS:
        data = (out / name).read_bytes()
        assert data == before[name], f"{name} changed although the inputs did not"
    list(ox.parse(before["graph.trig"], format=ox.RdfFormat.TRIG))
    leftovers = [p.name for p in out.iterdir() if p.name.startswith(TEMP_MARK) or p.name.startswith(".store-")]
    assert leftovers == []


@pytest.mark.slow
def test_kill_9_at_random_moments_keeps_previous_outputs(corpus, tmp_path):
    out = tmp_path / "out"
    subprocess.run(build_cmd(corpus, out), check=True, capture_output=True)
    before = {name: (out / name).read_bytes() for name in OUTPUTS}
    start = time.perf_counter()
    subprocess.run(build_cmd(corpus, out), check=True, capture_output=True)
    duration = time.perf_counter() - start
    rng = random.Random(20)
    for _ in range(20):
        proc = subprocess.Popen(build_cmd(corpus, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, duration))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert_intact(out, before)


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
