"""Run ``kg`` with a Python audit hook that records, to the file named by ``KG_AUDIT_LOG``,
every network connection, every process started and every file opened under
``KG_AUDIT_WATCH`` — so a test can assert a command reached nothing it should not.

    python tests/hostile/audited.py query 'SELECT …' --out out/
"""

import os
import sys

_log = os.open(os.environ["KG_AUDIT_LOG"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
_watch = os.environ["KG_AUDIT_WATCH"]


def _hook(event: str, args: tuple) -> None:
    seen = None
    if event in ("socket.connect", "socket.getaddrinfo", "urllib.Request", "subprocess.Popen", "os.system", "os.exec"):
        seen = f"{event} {args!r}"
    elif event == "open" and isinstance(args[0], str | bytes | os.PathLike) and os.fsdecode(args[0]).startswith(_watch):
        seen = f"open {args[0]!r}"
    if seen:
        os.write(_log, (seen + "\n").encode())  # os.write raises no audit event of its own


sys.addaudithook(_hook)
sys.argv[0] = "kg"
from kg.cli import main  # noqa: E402 - after the hook, so imports are watched too

main()
