"""Scoring extraction against gold annotations (``tests/gold/*.gold.yaml``).

A gold file names its document and lists what a careful reader finds in it::

    doc: zentra-2023-chip-ban
    path: zentra-2023-chip-ban.txt        # relative to the gold file, or a seeds/ path
    entities:
      - {id: zentra, name: Zentra Semiconductor, type: Vendor, aliases: [Zentra]}
    relations:
      - {predicate: Restriction, roles: {actor: [veldoran], target: [zentra]}, date: 2023-03}
      - {predicate: chairs, subject: jane-doe, object: some-board}

Entities match on a shared normalised name or alias and the same type. Relations match
on predicate and their linked participants: each predicted id is mapped to the gold
entity with the same name, events referred to inside relations are compared by kind
(``"@Review"``), and two relations match when their (role, participant) sets overlap by
half or more (Jaccard). A gold value ``a|b`` accepts either id — for readings a careful
annotator would also accept ("Beijing" as the country or as its government).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.extract.linking import normalise
from kg.model.errors import InvalidData, Problem

LITERAL_ROLES = {"product", "asset", "amount", "currency"}


@dataclass
class Score:
    """Counts of true positives, predictions and gold items."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.predicted += other.predicted
        self.gold += other.gold


def load_gold(path: Path) -> dict:
    """Read one gold file (plain YAML written by people in this repository)."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InvalidData([Problem(str(path), 0, 0, f"cannot read gold annotations: {exc}")]) from None
    if not isinstance(data, dict) or "doc" not in data:
        raise InvalidData([Problem(str(path), 1, 1, "a gold file is a mapping with doc, path, entities and relations")])
    data.setdefault("entities", [])
    data.setdefault("relations", [])
    return data


def _names(entity: dict) -> set[str]:
    return {normalise(n) for n in [entity.get("name", ""), *(entity.get("aliases") or [])] if n}


def score_entities(predicted: list[dict], gold: list[dict]) -> tuple[Score, dict[str, str]]:
    """Entity score (name + type) and the map of predicted ids to gold ids (by name)."""
    score = Score(predicted=len(predicted), gold=len(gold))
    mapping: dict[str, str] = {}
    used: set[int] = set()
    for p in predicted:
        names = _names(p)
        same_name = [i for i, g in enumerate(gold) if names & _names(g) or p["id"] == g.get("id")]
        for i in same_name:
            mapping.setdefault(p["id"], gold[i]["id"])
        hit = next((i for i in same_name if i not in used and gold[i].get("type") == p.get("type")), None)
        if hit is not None:
            used.add(hit)
            score.tp += 1
        else:
            score.extras.append(f"{p['name']} ({p['type']})")
    score.misses = [f"{g['name']} ({g['type']})" for i, g in enumerate(gold) if i not in used]
    return score, mapping


def _alternatives(gold_relations: list[dict]) -> dict[str, str]:
    alts: dict[str, str] = {}
    for g in gold_relations:
        values = [g.get("subject"), g.get("object"), *[v for vs in (g.get("roles") or {}).values() for v in vs]]
        for v in values:
            if isinstance(v, str) and "|" in v:
                for part in v.split("|"):
                    alts[part] = v
    return alts


def _participants(record: dict, mapping: dict[str, str], events: dict[str, str], alts: dict[str, str]) -> frozenset:
    def norm(value) -> str:
        value = str(value)
        if value in events:
            return "@" + events[value]
        return mapping.get(value, value)

    pairs = set()
    if record["predicate"][:1].isupper():
        for role, values in (record.get("roles") or {}).items():
            if role in LITERAL_ROLES:
                continue
            for v in values:
                pairs.add((role, norm(v)))
    else:
        pairs.add(("subject", norm(record["subject"])))
        obj = record.get("object")
        pairs.add(("object", norm(obj) if record["predicate"] != "jobTitle" else normalise(str(obj))))
    return frozenset(pairs)


def score_relations(predicted: list[dict], gold: list[dict], mapping: dict[str, str]) -> Score:
    """Relation score: same predicate and (role, participant) sets overlapping by half or more."""
    events = {r["subject"]: r["predicate"] for r in predicted if r["predicate"][:1].isupper()}
    alts: dict[str, str] = {}
    gold_sets = [(g["predicate"], _participants(g, {}, {}, {}) if not g["predicate"][:1].isupper() else
                  frozenset((role, str(v)) for role, vs in (g.get("roles") or {}).items() if role not in LITERAL_ROLES for v in vs))
                 for g in gold]
    gold_sets = [(pred, frozenset((role, normalise(v) if pred == "jobTitle" and role == "object" else v) for role, v in s))
                 for pred, s in gold_sets]
    score = Score(predicted=len(predicted), gold=len(gold))
    candidates = []
    for pi, p in enumerate(predicted):
        ps = _participants(p, mapping, events, alts)
        for gi, (gpred, gs) in enumerate(gold_sets):
            if gpred != p["predicate"] or not (ps | gs):
                continue
            jaccard = _jaccard(ps, gs)
            if jaccard >= 0.5:
                candidates.append((-jaccard, pi, gi))
    used_p: set[int] = set()
    used_g: set[int] = set()
    for _neg, pi, gi in sorted(candidates):
        if pi in used_p or gi in used_g:
            continue
        used_p.add(pi)
        used_g.add(gi)
        score.tp += 1
    score.extras = [_describe(p) for i, p in enumerate(predicted) if i not in used_p]
    score.misses = [_describe(g) for i, g in enumerate(gold) if i not in used_g]
    return score


def _jaccard(predicted: frozenset, gold: frozenset) -> float:
    """Overlap of (role, id) pairs; a gold id "a|b" is matched by a or b."""
    left = set(predicted)
    hits = 0
    for role, value in sorted(gold):
        choices = set(str(value).split("|"))
        hit = next((p for p in sorted(left) if p[0] == role and p[1] in choices), None)
        if hit is not None:
            left.discard(hit)
            hits += 1
    union = len(predicted) + len(gold) - hits
    return hits / union if union else 0.0


def _describe(r: dict) -> str:
    if r["predicate"][:1].isupper():
        return f"{r['predicate']} {r.get('roles')}"
    return f"{r['subject']} {r['predicate']} {r['object']}"


def gold_catalog(gold_dir: Path) -> list[dict]:
    """Curated entities the gold articles link to (``catalog.yaml`` beside them), if any."""
    import yaml

    path = gold_dir / "catalog.yaml"
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [e for e in data if isinstance(e, dict) and "id" in e]


def evaluate(gold_dir: Path, catalog: list[dict], seeds: Path | None = None) -> list[tuple[str, Score, Score]]:
    """(document id, entity score, relation score) for every gold file, in name order."""
    from kg.extract import extract
    from kg.inputs.documents import load_document

    results = []
    catalog = list(catalog) + gold_catalog(gold_dir)
    for path in sorted(gold_dir.glob("*.gold.yaml")):
        gold = load_gold(path)
        doc_path = (path.parent / gold.get("path", f"{gold['doc']}.txt")).resolve()
        if not doc_path.exists() and seeds is not None:
            doc_path = seeds / f"{gold['doc']}.txt"
        doc = load_document(doc_path, str(doc_path))
        records = extract([doc], catalog)
        entities = [r for r in records if r["kind"] == "entity" and r["type"] != "Place"]
        relations = [r for r in records if r["kind"] == "relation"]
        gold_entities = [e for e in gold["entities"] if e.get("type") != "Place"]
        entity_score, mapping = score_entities(entities, gold_entities)
        relation_score = score_relations(relations, gold["relations"], mapping)
        results.append((gold["doc"], entity_score, relation_score))
    return results


def overall(results: list[tuple[str, Score, Score]]) -> tuple[Score, Score]:
    """Micro-averaged entity and relation scores over all documents."""
    entities, relations = Score(), Score()
    for _doc, e, r in results:
        entities.add(e)
        relations.add(r)
    return entities, relations
