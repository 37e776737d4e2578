"""Training the learned stage of extraction (:mod:`kg.extract.participants`) on gold annotations.

Every candidate pair of every gold article (two entities of a sentence, under each family a
trigger of the sentence names, or a seat or an employer) is an example, whether the rules
found it or not: the model learns how the field's pairs are written, and the stage asks it
only about the pairs the rules missed. A candidate is positive when the gold annotation ties
its two entities in its family (entities are matched to gold by name, as ``kg eval`` does).
A logistic model over the candidates' features is fitted by gradient descent (numpy, a fixed
number of steps from zero weights, so the same gold gives the same model), and written with
the role gold most often gives each entity type in each event class and family.

Run ``python scripts/train_participants.py`` after adding to ``tests/gold/corpus-dev`` or
changing the rules. Only the development split is ever trained on.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import NamedTuple

from kg.extract.events import LITERAL_ROLES
from kg.extract.participants import Candidate, candidates
from kg.model.ontology import family

MIN_COUNT = 2  # features seen fewer times than this are dropped (they only fit single stories)
# Chosen by training on one half of the development corpus and scoring the other, then checked on 20
# articles added to it before anyone had read them: below 0.8 the pairs added fall under the rules' own
# precision; a stronger L2 weight makes the model too timid to add any.
THRESHOLD = 0.8
L2 = 3.0
DECIMALS = 3  # weights are written rounded: two machines' last bits of floating point never show


class Article(NamedTuple):
    """One gold article's candidates, each with ``label`` set, and the (class, type, role) of its gold
    participants that an entity of the article matches."""

    doc: str
    candidates: list[Candidate]
    roles: Counter


def examples(gold_dir: Path, catalog: list[dict], keep=lambda doc_id: True) -> list[Article]:
    """The gold articles of ``gold_dir`` that ``keep`` accepts, read by the rules and labelled by their gold."""
    from kg.extract.evaluate import gold_catalog, gold_end, load_gold, pair_items, pair_matches, score_entities
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
        items = pair_items(gold["relations"], gold_end)
        cands = candidates(story)
        for c in cands:
            ga, gb = mapping.get(c.first), mapping.get(c.second)
            c.label = int(ga is not None and gb is not None and ga != gb
                          and any(pair_matches(family(c.kind), ga, gb, gf, gp) for gf, gp in items))
        out.append(Article(gold["doc"], cands, _gold_roles(gold["relations"], mapping, entities)))
    return out


def _gold_roles(relations: list[dict], mapping: dict[str, str], entities: dict) -> Counter:
    back: dict[str, list[str]] = {}
    for ident, gid in sorted(mapping.items()):
        back.setdefault(gid, []).append(ident)
    roles: Counter = Counter()
    for r in relations:
        if not r["predicate"][:1].isupper():
            continue
        for role, values in (r.get("roles") or {}).items():
            if role in LITERAL_ROLES:
                continue
            for v in values if isinstance(values, list) else [values]:
                for gid in str(v).split("|"):
                    for ident in back.get(gid, []):
                        roles[(r["predicate"], entities[ident].type, role)] += 1
    return roles


def fit(rows: list[tuple[list[str], int]], l2: float = L2, steps: int = 4000) -> dict[str, float]:
    """Weights of an L2-regularised logistic model of the rows: Nesterov's accelerated gradient descent from
    zero weights for a fixed number of steps, over the rows' sparse features (numpy)."""
    import numpy as np

    counts = Counter(f for feats, _ in rows for f in set(feats))
    vocab = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    if not rows or not vocab:
        return {}
    column = {f: k for k, f in enumerate(vocab)}
    at_row, at_col = [], []
    for i, (feats, _) in enumerate(rows):
        for k in sorted({column[f] for f in feats if f in column}):
            at_row.append(i)
            at_col.append(k)
    r, c = np.array(at_row, dtype=np.intp), np.array(at_col, dtype=np.intp)
    y = np.array([label for _, label in rows], dtype=np.float64)
    n, dims = len(rows), len(vocab)
    # 1 / the gradient's Lipschitz bound: a row's features squared over 4, plus the L2 term.
    rate = 1.0 / (float(np.max(np.bincount(r, minlength=n))) / 4 + l2 / n)
    w = np.zeros(dims)
    ahead = w.copy()
    for step in range(steps):
        z = np.bincount(r, weights=ahead[c], minlength=n)
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        grad = np.bincount(c, weights=(p - y)[r], minlength=dims) / n + l2 / n * ahead
        new = ahead - rate * grad
        ahead = new + step / (step + 3) * (new - w)
        w = new
    weights = {f: round(float(v), DECIMALS) for f, v in zip(vocab, w, strict=True)}
    return {f: v for f, v in weights.items() if v != 0.0}


def role_table(roles: Counter) -> dict[str, str]:
    """The most common gold role of each (event class, entity type) and of each (family, entity type), ties
    broken by name."""
    totals: Counter = Counter()
    for (predicate, typ, role), n in roles.items():
        totals[(predicate, typ, role)] += n
        for fam in family(predicate) - {predicate}:
            totals[(fam, typ, role)] += n
    best: dict[str, tuple[int, str]] = {}
    for (predicate, typ, role), n in sorted(totals.items()):
        key = f"{predicate} {typ}"
        if key not in best or n > best[key][0]:
            best[key] = (n, role)
    return {key: role for key, (_n, role) in sorted(best.items())}


def train(gold_dir: Path, catalog: list[dict], threshold: float = THRESHOLD, keep=lambda doc_id: True, l2: float = L2) -> dict:
    """The model (as written to ``kg/extract/data/participants.json``), trained on the gold articles of
    ``gold_dir`` that ``keep`` accepts."""
    articles = examples(gold_dir, catalog, keep)
    rows = [(c.features, c.label) for a in articles for c in a.candidates]
    roles: Counter = Counter()
    for a in articles:
        roles.update(a.roles)
    return {"about": f"pair model trained on {len(articles)} articles of {gold_dir.name}: {len(rows)} candidate pairs, "
                     f"{sum(label for _, label in rows)} in gold (kg.extract.learn)",
            "threshold": threshold, "l2": l2, "roles": role_table(roles), "weights": fit(rows, l2)}


def same_model(a: dict, b: dict) -> list[str]:
    """How two models differ (empty when they are the same): settings and roles exactly, weights to within
    one unit of their last written decimal."""
    problems = [f"{key}: {a.get(key)!r} ≠ {b.get(key)!r}" for key in ("threshold", "l2") if a.get(key) != b.get(key)]
    roles_a, roles_b = a.get("roles", {}), b.get("roles", {})
    differ = sorted(k for k in set(roles_a) | set(roles_b) if roles_a.get(k) != roles_b.get(k))
    if differ:
        problems.append(f"{len(differ)} roles differ, e.g. {', '.join(differ[:3])}")
    weights_a, weights_b = a.get("weights", {}), b.get("weights", {})
    off = sorted(k for k in set(weights_a) | set(weights_b) if abs(weights_a.get(k, 0.0) - weights_b.get(k, 0.0)) > 1.5 * 10**-DECIMALS)
    if off:
        problems.append(f"{len(off)} weights differ, e.g. {', '.join(off[:3])}")
    return problems


def dumps(model: dict) -> str:
    """The model as the JSON text shipped in ``kg/extract/data`` (keys sorted, one weight a line)."""
    return json.dumps(model, indent=0, sort_keys=True, ensure_ascii=False) + "\n"
