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

**Participant pairs** are the score the extraction targets are set on: what a reader of the
graph gets from a relation is which entities it ties together. For every relation of a
document, predicted or gold, take each unordered pair of two *different* linked
participants — entity ids in its roles (events) or its subject and object (binary
relations); literal values (product, amount, currency, list name, deadline, a job
title) and references to other events (``inResponseTo``, ``partOfDispute``) are left out
— and label it with the relation's *family*:

- an event class's family is its ancestor right below ``DisputeAction`` or ``Event``
  (``Ban``, ``ExportControl``, ``EntityListing`` … are ``Restriction``; ``Fine`` and
  ``Settlement`` are ``Penalty``; ``DivestitureOrder`` is ``Directive``; ``Outage`` is
  ``Incident``), except that the kinds of ``Statement`` (``Accusation``, ``Protest``,
  ``Denial``) are each their own family; a class with two such ancestors
  (``Indictment``: an ``Accusation`` and a ``LegalAction``) has both;
- a binary relation's family is its predicate (``headquarters``, ``worksFor`` …).

Each document gives a *set* of (family, pair) items, so a headline and the sentence that
repeats it count once. A predicted item matches a gold item (one to one) when their
families share a class and each end of the pair is the gold end's id or one of its
``a|b`` alternatives; predicted ids are mapped to gold ids by name, as for entities.
Precision is matched / predicted items, recall matched / gold items.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.extract.events import EVENT_ROLES, LITERAL_ROLES
from kg.extract.linking import normalise
from kg.model.errors import InvalidData, Problem
from kg.model.ontology import family

LITERAL_OBJECTS = {"jobTitle", "partOfDispute"}


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


def pair_items(relations: list[dict], resolve) -> set[tuple[frozenset[str], frozenset]]:
    """The (family, unordered pair of participants) items of ``relations``.

    ``resolve`` turns a role value into a participant (a frozenset of acceptable ids) or
    None for a value that is no entity (an event reference)."""
    items: set[tuple[frozenset[str], frozenset]] = set()
    for r in relations:
        predicate = r["predicate"]
        if predicate[:1].isupper():
            values = [v for role, vs in (r.get("roles") or {}).items()
                      if role not in LITERAL_ROLES and role not in EVENT_ROLES for v in (vs if isinstance(vs, list) else [vs])]
        elif predicate in LITERAL_OBJECTS:
            continue
        else:
            values = [r.get("subject"), r.get("object")]
        ends: list[frozenset] = []
        for v in values:
            end = resolve(v) if v is not None else None
            if end and end not in ends:
                ends.append(end)
        fam = family(predicate)
        for i, a in enumerate(ends):
            for b in ends[i + 1 :]:
                if not a & b:
                    items.add((fam, frozenset({a, b})))
    return items


def gold_end(value) -> frozenset | None:
    """A gold role value as a pair's end: the ids it accepts ("a|b"), or None for an event ("@Review")."""
    value = str(value)
    return None if value.startswith("@") else frozenset(value.split("|"))


def pair_matches(fam: frozenset[str], a: str, b: str, gold_fam: frozenset[str], gold_pair: frozenset) -> bool:
    """Whether the pair of ``a`` and ``b`` in family ``fam`` is the gold item (``gold_fam``, ``gold_pair``):
    the families share a class and each end is one the gold end accepts."""
    x, y = sorted(gold_pair, key=repr)
    return bool(fam & gold_fam) and (a in x and b in y or a in y and b in x)


def score_pairs(predicted: list[dict], gold: list[dict], mapping: dict[str, str]) -> Score:
    """Participant-pair score of one document (defined in the module docstring)."""
    events = {r["subject"] for r in predicted if r["predicate"][:1].isupper()}

    def predicted_end(value) -> frozenset | None:
        value = str(value)
        return None if value in events else frozenset({mapping.get(value, value)})

    pred = sorted(pair_items(predicted, predicted_end), key=repr)
    golds = sorted(pair_items(gold, gold_end), key=repr)
    score = Score(predicted=len(pred), gold=len(golds))
    used: set[int] = set()
    for fam, pair in pred:
        a, b = sorted(next(iter(end)) for end in pair)
        hit = None
        for gi, (gfam, gpair) in enumerate(golds):
            if gi not in used and pair_matches(fam, a, b, gfam, gpair):
                hit = gi
                break
        if hit is None:
            score.extras.append(f"{'/'.join(sorted(fam))} {a} — {b}")
        else:
            used.add(hit)
            score.tp += 1
    score.misses = [f"{'/'.join(sorted(f))} {' — '.join(sorted('|'.join(sorted(e)) for e in p))}"
                    for gi, (f, p) in enumerate(golds) if gi not in used]
    return score


def gold_catalog(gold_dir: Path) -> list[dict]:
    """Curated entities the gold articles link to (``catalog.yaml`` beside them), if any."""
    import yaml

    path = gold_dir / "catalog.yaml"
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [e for e in data if isinstance(e, dict) and "id" in e]


def evaluate(gold_dir: Path, catalog: list[dict], seeds: Path | None = None) -> list[tuple[str, Score, Score, Score]]:
    """(document id, entity score, relation score, participant-pair score) for every gold
    file, in name order."""
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
        # Pairs also reach places (headquarters): map every entity, places included.
        _all, everything = score_entities([r for r in records if r["kind"] == "entity"], gold["entities"])
        pair_score = score_pairs(relations, gold["relations"], everything)
        results.append((gold["doc"], entity_score, relation_score, pair_score))
    return results


def overall(results: list[tuple]) -> tuple[Score, ...]:
    """Micro-averaged scores over all documents: (entities, relations[, pairs])."""
    totals: list[Score] = []
    for row in results:
        for k, score in enumerate(row[1:]):
            if len(totals) <= k:
                totals.append(Score())
            totals[k].add(score)
    return tuple(totals) if totals else (Score(), Score(), Score())
