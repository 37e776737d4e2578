"""``kg serve`` as several front processes on one port: every connection is answered, a
front that dies is started again, and no front outlives the first process."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.read.test_serve_connections import raw_get, read_answers

pytestmark = pytest.mark.server
START = ("import sys; from pathlib import Path; from kg.read.serve import serve_forever; "
         "serve_forever(Path(sys.argv[1]), host='127.0.0.1', port=0, workers=2, fronts=2)")


def children(pid: int) -> list[int]:
    """Children of every thread of ``pid`` (fronts and new workers are started from threads)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except OSError:
        return False


def other_front(pid: int, not_this: int | None = None, wait: float = 60.0) -> int:
    """The front the first process started: its child with children (workers) of its own."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        found = [c for c in children(pid) if children(c) and c != not_this and alive(c)]
        if found:
            return found[0]
        time.sleep(0.2)
    raise AssertionError("no second front started")


def ask_on_many_connections(port: int, clients: int = 8, each: int = 10) -> list[int]:
    statuses: list[int] = []

    def client() -> None:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            for _ in range(each):
                sock.sendall(raw_get(port, "ASK { <https://example.org/kg/id/ibm> ?p ?o }"))
                statuses.extend(status for status, _ in read_answers(sock, 1))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return statuses


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads the process tree from /proc")
def test_fronts_share_the_port_restart_and_stop_with_the_first(built: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-c", START, str(built)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    descendants: set[int] = set()
    try:
        port = int(proc.stdout.readline().split("http://127.0.0.1:")[1].split("/")[0])
        front = other_front(proc.pid)
        assert ask_on_many_connections(port) == [200] * 80

        os.kill(front, signal.SIGKILL)  # as if it had crashed
        replaced = other_front(proc.pid, not_this=front)
        assert ask_on_many_connections(port) == [200] * 80

        descendants = {replaced, *children(replaced), *children(proc.pid)}
        proc.kill()  # no clean-up in the first process: the others see its pipe close
        proc.wait(10)
        deadline = time.monotonic() + 30
        while any(alive(p) for p in descendants) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [p for p in descendants if alive(p)]
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        for pid in descendants:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
