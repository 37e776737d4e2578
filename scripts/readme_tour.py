"""Regenerate the outputs shown in README.md by running the commands shown there.

A console block the script owns is preceded by a marker line::

    <!-- tour -->                 every line of output
    <!-- tour: head=12 -->        the first 12 lines of each command's output, then "…"

    ```console
    $ kg query reviews --format md
    …output…
    ```

Each ``$ `` line runs from the repository root with the project's ``kg`` first on PATH,
and the lines after it, up to the next ``$ `` line or the block's end, are replaced by
what it printed (standard output, then standard error). Run it after ``kg build``::

    python scripts/readme_tour.py            # rewrite README.md
    python scripts/readme_tour.py --check    # exit 1 if README.md is out of date
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = re.compile(r"^<!-- tour(?::\s*head=(\d+))? -->$")


def run(command: str, head: int | None) -> list[str]:
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
               COLUMNS="100", NO_COLOR="1", SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", ""))
    done = subprocess.run(command, shell=True, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    lines = (done.stdout + done.stderr).rstrip("\n").splitlines()
    if head is not None and len(lines) > head:
        lines = lines[:head] + ["…"]
    return lines


def regenerate(text: str) -> str:
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        m = MARKER.match(lines[i])
        out.append(lines[i])
        i += 1
        if not m:
            continue
        head = int(m.group(1)) if m.group(1) else None
        if i >= len(lines) or not lines[i].startswith("```"):
            raise SystemExit(f"README.md:{i}: a tour marker must be followed by a ``` block")
        out.append(lines[i])
        i += 1
        while i < len(lines) and not lines[i].startswith("```"):
            if lines[i].startswith("$ "):
                out.append(lines[i])
                out.extend(run(lines[i][2:], head))
            i += 1
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if README.md would change")
    parser.add_argument("--readme", type=Path, default=ROOT / "README.md")
    args = parser.parse_args(argv)
    before = args.readme.read_text(encoding="utf-8")
    after = regenerate(before)
    if args.check:
        if after != before:
            print(f"{args.readme}: the tour is out of date — run python scripts/readme_tour.py", file=sys.stderr)
            return 1
        return 0
    if after != before:
        args.readme.write_text(after, encoding="utf-8")
        print(f"rewrote {args.readme}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
