"""Helpers shared by the query, endpoint and hostile-input tests."""

from __future__ import annotations

import socket
import threading
import time
import urllib.request
from pathlib import Path


class Listener:
    """A socket on 127.0.0.1 that counts every connection made to it (so a test can
    assert that a refused query reached nothing)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self.running = False
        self.thread.join()
        self.sock.close()


def serving(out: Path):
    """A read-only `kg serve` on a free loopback port, for a module-scoped fixture."""
    from kg.read.serve import Server

    server = Server(out, "127.0.0.1", 0, timeout=2.0, limit=50, workers=2, max_body=10_000)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def wait_for_sparql(url: str, proc, *, tries: int, pause: float, name: str) -> None:
    """Wait until ``url`` answers ``ASK {}`` (a server the test started as ``proc``);
    fail the test, with the server's exit code, if it dies or never answers."""
    for _ in range(tries):
        if proc.poll() is not None:
            raise AssertionError(f"{name} exited with {proc.returncode}")
        try:
            urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=1).read()
            return
        except OSError:
            time.sleep(pause)
    raise AssertionError(f"{name} did not answer within {tries * pause:.0f} s")
