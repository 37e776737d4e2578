"""Coverage of the dossier in the curated graph: each dossier fact id → the record that
curates it → the claim IRIs the build made of that record.

Each curated record carries its dossier fact id as a comment on its ``- id:`` line
(``- id: occ-fines-capital-one  # dossier: cof-f06``); a fact left out is a comment
``# dossier: <id> omitted — <reason>``. This script reads those comments, asks the built
graph (``kg build`` first) for the claims about each record, and prints one row a fact
plus a total, so anyone can see nothing was dropped.

    python scripts/dossier_coverage.py                       # ../shared/dossier, out/
    python scripts/dossier_coverage.py --dossier DIR --out OUT --format md

Exit code 1 when a dossier fact is neither curated nor listed as omitted.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

from kg.read.built import BuiltGraph

MARK = re.compile(r"^\s*(?:-\s+)?(?:id:\s*(?P<record>[a-z0-9-]+)\s*)?#\s*dossier:\s*(?P<fact>[A-Za-z0-9-]+)(?P<rest>.*)$")
ROOT = Path(__file__).resolve().parent.parent


def marked(facts: Path) -> dict[str, tuple[str | None, str, str]]:
    """Dossier fact id → (record id or None when omitted, file:line, reason if omitted)."""
    found: dict[str, tuple[str | None, str, str]] = {}
    for path in sorted(facts.rglob("*.yaml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            m = MARK.match(line)
            if not m:
                continue
            where = f"{path.relative_to(facts.parent)}:{number}"
            if m["fact"] in found:
                raise SystemExit(f"{where}: dossier fact {m['fact']} is marked twice (also {found[m['fact']][1]})")
            omitted = "omitted" in m["rest"]
            found[m["fact"]] = (None if omitted else m["record"], where, m["rest"].strip(" —-") if omitted else "")
    return found


def dossier_facts(dossier: Path) -> list[tuple[str, str]]:
    """(event id, fact id) of every fact in the dossier, in file order."""
    out = []
    for path in sorted(dossier.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out.extend((data["id"], fact["id"]) for fact in data.get("facts", []))
    return out


def claims_by_record(out: Path) -> dict[str, list[str]]:
    """Record id → the claim graphs whose subject is that record, from the built store."""
    import pyoxigraph as ox

    built = BuiltGraph(out)
    claims = ox.Literal(built.base.claim(""))
    result: dict[str, list[str]] = {}
    for row in built.store().query(
            "SELECT DISTINCT ?claims ?s ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), STR(?claims))) }",
            substitutions={ox.Variable("claims"): claims}):
        ident = built.base.entity_id(row["s"].value)
        if ident:
            result.setdefault(ident, []).append(row["g"].value)
    return {k: sorted(v) for k, v in result.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dossier", type=Path, default=ROOT.parent / "shared" / "dossier")
    parser.add_argument("--facts", type=Path, default=ROOT / "facts")
    parser.add_argument("--out", type=Path, default=ROOT / "out")
    parser.add_argument("--format", choices=["table", "md"], default="table")
    parser.add_argument("--claims", type=int, default=3, help="claim IRIs shown per fact (the count is always shown)")
    args = parser.parse_args(argv)
    marks, facts, claims = marked(args.facts), dossier_facts(args.dossier), claims_by_record(args.out)
    rows, missing = [], []
    for event, fact in facts:
        record, where, reason = marks.get(fact, (None, "", ""))
        if fact not in marks:
            missing.append(fact)
            rows.append((event, fact, "MISSING", "", 0, ""))
        elif record is None:
            rows.append((event, fact, "omitted", where, 0, reason))
        else:
            iris = claims.get(record, [])
            shown = " ".join(iris[: args.claims]) + (" …" if len(iris) > args.claims else "")
            rows.append((event, fact, record, where, len(iris), shown))
    header = ("event", "dossier fact", "record", "file:line", "claims", "claim IRIs")
    if args.format == "md":
        print("| " + " | ".join(header) + " |\n|" + " --- |" * len(header))
        for row in rows:
            print("| " + " | ".join(str(c) for c in row) + " |")
    else:
        for row in rows:
            print("\t".join(str(c) for c in row))
    curated = sum(1 for r in rows if r[2] not in ("MISSING", "omitted") and r[4] > 0)
    omitted = sum(1 for r in rows if r[2] == "omitted")
    print(f"\n{curated} of {len(facts)} dossier facts curated with claims in the graph, {omitted} omitted with a reason, "
          f"{len(missing)} missing", file=sys.stderr)
    unknown = sorted(set(marks) - {f for _, f in facts})
    if unknown:
        print(f"marked but not in the dossier: {', '.join(unknown)}", file=sys.stderr)
    return 1 if missing or unknown or curated + omitted != len(facts) else 0


if __name__ == "__main__":
    sys.exit(main())
