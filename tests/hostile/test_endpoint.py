"""Hostile HTTP requests to ``kg serve``: each ``cases/http/NAME.http`` is a raw request
(``HOST`` and ``PORTNUM`` filled in, ``LEN`` the length of its body) sent over a socket,
after ``# status:``, ``# says:`` and ``# no-header:`` lines giving the expected answer."""

from __future__ import annotations

import http.client
import inspect
import socket
from pathlib import Path

import pytest

from .cases import CASES, TIMEOUT
from .test_queries import endpoint, http_get  # noqa: F401 - the shared server fixture

pytestmark = pytest.mark.server
REQUESTS = sorted((CASES / "http").glob("*.http"))


def parse_case(case: Path, port: int) -> tuple[dict[str, list[str]], bytes]:
    raw = case.read_bytes()
    spec: dict[str, list[str]] = {}
    lines = raw.split(b"\n")
    while lines and lines[0].startswith(b"# "):
        key, _, value = lines.pop(0)[2:].decode().partition(": ")
        spec.setdefault(key, []).append(value)
    head, _, body = b"\n".join(lines).partition(b"\n\n")
    head = head.replace(b"HOST", f"127.0.0.1:{port}".encode()).replace(b"PORTNUM", str(port).encode())
    head = head.replace(b"LEN", str(len(body)).encode())
    return spec, head.replace(b"\n", b"\r\n") + b"\r\n\r\n" + body


@pytest.mark.parametrize("case", [pytest.param(c, id=c.stem) for c in REQUESTS])
def test_hostile_request(case: Path, endpoint) -> None:  # noqa: F811 - the fixture
    port = endpoint.server_address[1]
    spec, request = parse_case(case, port)
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as sock:
        sock.sendall(request)
        resp = http.client.HTTPResponse(sock, method=request.split(b" ", 1)[0].decode())
        resp.begin()
        body = resp.read().decode("utf-8", "replace")
    assert resp.status == int(spec["status"][0]), body
    for text in spec.get("says", []):
        assert text in body
    for name in spec.get("no-header", []):
        assert resp.getheader(name) is None, f"{name}: {resp.getheader(name)}"
    assert "Traceback" not in body
    assert http_get(endpoint, "ASK {}")[0].status == 200  # still healthy


def test_binds_loopback_by_default() -> None:
    from kg.cli import app
    from kg.read.serve import Server

    assert inspect.signature(Server.__init__).parameters["host"].default == "127.0.0.1"
    serve = next(c for c in app.registered_commands if c.name == "serve" or c.callback.__name__ == "serve")
    assert inspect.signature(serve.callback).parameters["host"].default == "127.0.0.1"
