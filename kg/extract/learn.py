"""Training the learned participant stage (:mod:`kg.extract.participants`) on gold annotations.

For every event the rules find in a gold article, every other entity of the story is a
candidate. A candidate is a positive example when adding it to the event would give a
participant pair the gold annotation has (same family, the other end one of the event's
participants); its role is the role the gold annotation gives it there. A logistic model
over the candidates' features is fitted by gradient descent (numpy, a fixed number of
steps from zero weights, so the same gold gives the same model), and written as a table
of weights with the most common gold role for each (event class, entity type).

Run ``python scripts/train_participants.py`` after adding to ``tests/gold/corpus-dev``.
Only the development split is ever trained on.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

from kg.extract.events import LITERAL_ROLES
from kg.extract.participants import Candidate, candidates, found_pairs
from kg.model.ontology import family

MIN_COUNT = 2  # features seen fewer times than this are dropped (they only fit single stories)
# Chosen by training on one half of the development corpus and scoring the other, then checked on 20
# articles added to it before anyone had read them: below 0.8 the pairs added fall under the rules' own
# precision; a stronger L2 weight makes the model too timid to add any.
THRESHOLD = 0.8
L2 = 3.0


def half_of(doc_id: str) -> int:
    """Which half of the development split a document is in (for choosing settings on the other)."""
    return int(hashlib.sha1(doc_id.encode()).hexdigest(), 16) % 2


def examples(gold_dir: Path, catalog: list[dict], keep=lambda doc_id: True) -> list[tuple[str, list[Candidate], set, set, Counter]]:
    """For each gold article ``keep`` accepts: its id, its candidates with their labels set as
    ``candidate.label``, the pairs the rules found, the gold pairs (mapped to predicted ids), and the
    counts of (class, entity type, role) of the gold participants."""
    from kg.extract.evaluate import gold_catalog, load_gold, pair_items, score_entities
    from kg.extract.linking import Catalog
    from kg.extract.pipeline import read_story
    from kg.inputs.documents import load_document

    index = Catalog(list(catalog) + gold_catalog(gold_dir))
    out = []
    for path in sorted(gold_dir.glob("*.gold.yaml")):
        gold = load_gold(path)
        if not keep(gold["doc"]):
            continue
        doc = load_document((path.parent / gold.get("path", f"{gold['doc']}.txt")).resolve(), str(path))
        story = read_story(doc, index)
        entities = story.entities.entities
        found = [{"id": e.id, "name": e.name, "type": e.type, "aliases": sorted(e.aliases)} for e in entities.values()]
        _score, mapping = score_entities(found, gold["entities"])
        items = pair_items(gold["relations"], lambda v: None if str(v).startswith("@") else frozenset(str(v).split("|")))
        roles: Counter = Counter()
        back: dict[str, list[str]] = {}
        for ident, gid in mapping.items():
            back.setdefault(gid, []).append(ident)
        for r in gold["relations"]:
            if r["predicate"][:1].isupper():
                for role, vs in (r.get("roles") or {}).items():
                    if role in LITERAL_ROLES:
                        continue
                    for v in vs if isinstance(vs, list) else [vs]:
                        for gid in str(v).split("|"):
                            for ident in back.get(gid, []):
                                roles[(r["predicate"], entities[ident].type, role)] += 1
        cands = candidates(story.text, story.sentences, story.entities, story.hits)
        for c in cands:
            fam, pair = c.item()
            a, b = sorted(pair)
            ga, gb = mapping.get(a), mapping.get(b)
            c.label = int(ga is not None and gb is not None and ga != gb and any(
                gf & fam and (ga in x and gb in y or ga in y and gb in x) for gf, gp in items for x, y in [tuple(gp)]))
        out.append((gold["doc"], cands, found_pairs(story.events, story.relations), {(f, p) for f, p in items}, roles, mapping))
    return out


def fit(rows: list[tuple[list[str], int]], l2: float = L2, steps: int = 4000) -> dict[str, float]:
    """Weights of an L2-regularised logistic model of the rows: Nesterov's accelerated gradient descent from
    zero weights for a fixed number of steps, over the rows' sparse features (numpy)."""
    import numpy as np

    counts = Counter(f for feats, _ in rows for f in set(feats))
    vocab = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    column = {f: k for k, f in enumerate(vocab)}
    at_row, at_col = [], []
    for i, (feats, _) in enumerate(rows):
        for k in sorted({column[f] for f in feats if f in column}):
            at_row.append(i)
            at_col.append(k)
    r, c = np.array(at_row), np.array(at_col)
    y = np.array([label for _, label in rows], dtype=np.float64)
    n, dims = len(rows), len(vocab)
    rate = 4.0 * n / max(1.0, float(np.max(np.bincount(r, minlength=n))) * n + l2)  # 1 / the gradient's Lipschitz bound
    w = np.zeros(dims)
    ahead = w.copy()
    for step in range(steps):
        z = np.bincount(r, weights=ahead[c], minlength=n)
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        grad = np.bincount(c, weights=(p - y)[r], minlength=dims) / n + l2 / n * ahead
        new = ahead - rate * grad
        ahead = new + step / (step + 3) * (new - w)
        w = new
    return {f: round(float(v), 4) for f, v in zip(vocab, w, strict=False) if round(float(v), 4) != 0.0}


def role_table(roles: Counter) -> dict[str, str]:
    """The most common gold role of each (event class, entity type) and of each (family, entity type), ties
    broken by name."""
    best: dict[str, tuple[int, str]] = {}
    totals: Counter = Counter()
    for (predicate, typ, role), n in roles.items():
        totals[(predicate, typ, role)] += n
        for fam in family(predicate) - {predicate}:
            totals[(fam, typ, role)] += n
    for (predicate, typ, role), n in sorted(totals.items()):
        key = f"{predicate} {typ}"
        if key not in best or n > best[key][0]:
            best[key] = (n, role)
    return {key: role for key, (_n, role) in sorted(best.items())}


def train(gold_dir: Path, catalog: list[dict], threshold: float = THRESHOLD, keep=lambda doc_id: True, l2: float = L2) -> dict:
    """The model for :func:`kg.extract.participants.attach`, trained on the gold articles ``keep`` accepts."""
    docs = examples(gold_dir, catalog, keep)
    rows = [(c.features, c.label) for d in docs for c in d[1]]
    roles: Counter = Counter()
    for d in docs:
        roles.update(d[4])
    return {"about": f"pair model trained on {len(docs)} articles of {gold_dir.name}: {len(rows)} candidate pairs, "
                     f"{sum(label for _, label in rows)} in gold (kg.extract.learn)",
            "threshold": threshold, "l2": l2, "roles": role_table(roles), "weights": fit(rows, l2)}


def dumps(model: dict) -> str:
    """The model as the JSON text shipped in ``kg/extract/data`` (keys sorted, one weight a line)."""
    import json

    return json.dumps(model, indent=0, sort_keys=True, ensure_ascii=False) + "\n"
