"""Train extraction's learned participant stage on the development corpus's gold annotations.

The model (feature weights, threshold, roles) is written to kg/extract/data/participants.json,
which kg.extract.participants reads. Run it after adding articles to tests/gold/corpus-dev or
changing the rules (the stage learns what the rules miss)::

    python scripts/train_participants.py            # rewrite the model
    python scripts/train_participants.py --check    # exit 1 if the shipped model is out of date

Only the development split is ever trained on; tests/gold/corpus-test stays unseen.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    import json

    from kg.build.output import write_atomic
    from kg.cli.extract import load_catalog
    from kg.extract.learn import L2, THRESHOLD, dumps, same_model, train
    from kg.model.errors import KgError

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=ROOT / "tests" / "gold" / "corpus-dev", help="gold annotations to train on")
    parser.add_argument("--facts", type=Path, default=ROOT / "tests" / "data" / "seed-facts", help="curated entities mentions link to")
    parser.add_argument("--threshold", type=float, default=THRESHOLD, help=f"probability a pair needs to be added (default {THRESHOLD})")
    parser.add_argument("--l2", type=float, default=L2, help=f"L2 weight of the logistic model (default {L2})")
    parser.add_argument("--check", action="store_true", help="only check that the shipped model is the one this trains")
    args = parser.parse_args()
    if not any(args.gold.glob("*.gold.yaml")):
        print(f"{args.gold}: no *.gold.yaml files to train on — give --gold a folder of gold annotations", file=sys.stderr)
        return 1
    try:
        model = train(args.gold, load_catalog(args.facts), args.threshold, l2=args.l2)
    except KgError as exc:  # a gold file or an article that cannot be read: say which, as kg's commands do
        print(exc, file=sys.stderr)
        return 1
    target = ROOT / "kg" / "extract" / "data" / "participants.json"
    if args.check:
        problems = same_model(json.loads(target.read_text(encoding="utf-8")), model)
        for problem in problems:
            print(f"{target.relative_to(ROOT)}: {problem} — run python scripts/train_participants.py", file=sys.stderr)
        return 1 if problems else 0
    text = dumps(model)
    write_atomic(target, text.encode("utf-8"))
    print(f"wrote {target.relative_to(ROOT)}: {text.count(chr(10))} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
