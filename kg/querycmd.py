"""``kg query`` without the typer app: what the command does once its options are read,
and a fast path for the console script (see :func:`fast_query`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

EXIT_TIMEOUT = 3
EXIT_ROW_CAP = 4


def _echo_bytes(data: bytes) -> None:
    out = sys.stdout.buffer
    out.write(data)
    if data and not data.endswith(b"\n"):
        out.write(b"\n")
    out.flush()


def answer_query(query: str, format: str, param: list[str], infer: bool, out: Path, timeout: float, limit: int,
                 endpoint: str | None, allow_remote: bool, allow_update: bool) -> int:
    """What ``kg query`` does once its options are read; returns the exit code."""
    from .errors import QueryError
    from .query import QueryLimit, build_base, parse_params
    from .results import FORMATS

    if format not in FORMATS and format != "turtle":
        raise QueryError(f"--format {format}: use one of {', '.join(FORMATS)}")
    params = parse_params(param)
    if endpoint:
        from .remote import remote_query

        data, truncated = remote_query(endpoint, query, fmt=format, params=params, timeout=timeout, limit=limit,
                                       base=build_base(out), allow_remote=allow_remote, allow_update=allow_update)
        _echo_bytes(data)
        if truncated:
            print(f"warning: row cap of {limit} reached — the answer is cut short; raise --limit", file=sys.stderr)
            return EXIT_ROW_CAP
        return 1 if data.strip() == b"false" else 0
    from .query import run_query
    from .results import render

    try:
        answer = run_query(out, query, params=params, infer=infer, limit=limit, timeout=timeout, allow_remote=allow_remote)
    except QueryLimit as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.stderr.flush()
        sys.stdout.flush()
        os._exit(EXIT_TIMEOUT)  # the abandoned query thread cannot be stopped; end the process now
    _echo_bytes(render(answer, format, build_base(out)))
    if answer.truncated:
        print(f"warning: row cap of {limit} reached — the answer is cut short; raise --limit", file=sys.stderr)
        return EXIT_ROW_CAP
    if answer.form == "ASK" and not answer.boolean:
        return 1
    return 0


# `kg query` is run often and from scripts, so it has a path that skips building the
# whole typer app (whose imports cost more than most queries). It understands exactly the
# options of the typer command — tests/test_query.py keeps the two lists equal — and
# leaves anything else (help, a malformed value) to typer, so messages stay the same.
FAST_OPTIONS = {
    "--format": "format", "-f": "format", "--param": "param", "-p": "param", "--infer": "infer",
    "--out": "out", "--timeout": "timeout", "--limit": "limit", "--endpoint": "endpoint",
    "--allow-remote": "allow_remote", "--allow-update": "allow_update",
}
_FLAGS = {"infer", "allow_remote", "allow_update"}


def fast_query(argv: list[str]) -> int | None:
    """Run ``kg query`` from raw arguments, or return None to let typer handle them."""
    values: dict = {"format": "table", "param": [], "infer": False, "out": Path("out"), "timeout": 30.0,
                    "limit": 10_000, "endpoint": None, "allow_remote": False, "allow_update": False}
    positional: list[str] = []
    args = iter(argv)
    try:
        for arg in args:
            if arg == "--":
                positional.extend(args)
                break
            name, eq, inline = arg.partition("=") if arg.startswith("--") else (arg, "", "")
            key = FAST_OPTIONS.get(name)
            if key is None:
                if arg.startswith("-") and arg != "-":
                    return None
                positional.append(arg)
            elif key in _FLAGS:
                if eq:
                    return None
                values[key] = True
            else:
                raw = inline if eq else next(args)
                if key == "param":
                    values["param"].append(raw)
                elif key == "out":
                    values["out"] = Path(raw)
                elif key == "timeout":
                    values["timeout"] = float(raw)
                elif key == "limit":
                    values["limit"] = int(raw)
                else:
                    values[key] = raw
    except (StopIteration, ValueError):
        return None
    if len(positional) != 1 or not 0.1 <= values["timeout"] < 1e9 or values["limit"] < 1:
        return None  # typer says what is wrong (NaN and infinity fail this test too)
    return answer_query(positional[0], values["format"], values["param"], values["infer"], values["out"],
                        values["timeout"], values["limit"], values["endpoint"], values["allow_remote"],
                        values["allow_update"])
