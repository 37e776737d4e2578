"""Writing extraction records: the JSONL contract, a YAML view, and reading JSONL back.

JSONL is the contract other tools rely on: one JSON object a line, keys in a fixed order,
so the same input gives byte-identical output.
"""

from __future__ import annotations

import json
from pathlib import Path

from kg.model.errors import InvalidData, Problem

ENTITY_KEYS = ("kind", "doc", "id", "name", "type", "aliases", "linked", "mentions")
RELATION_KEYS = ("kind", "doc", "predicate", "subject", "object", "roles", "date", "evidence", "confidence", "method")


def _ordered(record: dict) -> dict:
    keys = ENTITY_KEYS if record.get("kind") == "entity" else RELATION_KEYS
    return {k: record[k] for k in keys if k in record}


def to_jsonl(records: list[dict]) -> str:
    """One JSON object a line, keys in contract order."""
    return "".join(json.dumps(_ordered(r), ensure_ascii=False, sort_keys=False) + "\n" for r in records)


def to_yaml(records: list[dict]) -> str:
    """The same records as a YAML list, for reading by people."""
    import yaml

    return yaml.safe_dump([_ordered(r) for r in records], sort_keys=False, allow_unicode=True, width=120)


def read_jsonl(path: Path | str, text: str | None = None) -> list[dict]:
    """Records from a JSONL file, every malformed line reported at once."""
    display = str(path)
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidData([Problem(display, 0, 0, f"cannot read proposals: {exc}")]) from None
    records: list[dict] = []
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(Problem(display, number, exc.colno, f"not JSON ({exc.msg}) — each line holds one proposal object"))
            continue
        if not isinstance(record, dict) or record.get("kind") not in ("entity", "relation"):
            problems.append(Problem(display, number, 1, "not a proposal — a line needs \"kind\": \"entity\" or \"relation\""))
            continue
        records.append(record)
    if problems:
        raise InvalidData(problems)
    return records
