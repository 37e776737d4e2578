"""A learned last stage: which pairs of a sentence's entities an event or relation ties together.

The rules of :mod:`kg.extract.events` and :mod:`kg.extract.relations` each know one way of
saying a thing. This stage knows the field's words statistically: for every sentence
with a trigger word of an event family (the triggers of :mod:`kg.extract.events`), and
for two plain relations (a seat, an employer), every pair of the sentence's
entities is a candidate, scored by a logistic model over plain features — the family,
the two entities' types in text order, the words between them, the word before and after,
where the trigger stands, how far apart they are. Pairs the model is sure of and the
rules did not find are added: to the rules' event of that family in the sentence when
there is one, as a new event of the family's class otherwise, or as a plain relation,
in the roles gold annotators gave such entities in such events.

The model is a table of feature weights (``data/participants.json``) trained on the
development corpus's gold annotations by :mod:`kg.extract.learn`; nothing is fetched,
and the same text always gives the same result.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from importlib import resources
from itertools import repeat

from kg.extract.dates import DateMention
from kg.extract.entities import DocEntities
from kg.extract.events import LITERAL_ROLES, Event, restriction_kind
from kg.extract.relations import Relation
from kg.extract.sentences import Sentence
from kg.model.ontology import family

MODEL = "participants.json"
AGENTS = ("actor", "reviewer")

# The class each trigger of kg.extract.events stands for (its family is what pairs are scored by).
TRIGGER_CLASS = {"Licensing": "ExportControl", "Obligation": "Directive", "Reproach": "Accusation", "Wrongdoing": "Accusation",
                 "Lawsuit": "Lawsuit", "CourtRuling": "CourtRuling", "Penalty": "Penalty", "Incident": "Incident"}
ORGS = ("Organization", "Vendor", "Bank", "Regulator")
# Plain relations and the types of their subject and object.
# (The others — chairs, locatedIn, parentOrganization, country — gained nothing on held-out articles.)
BINARY = {"worksFor": (("Person",), ORGS), "headquarters": (ORGS, ("Place",))}
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|[,;:()]")


@cache
def load_model(name: str = MODEL) -> dict:
    """The shipped model: ``weights`` (feature → weight), ``threshold`` and ``roles`` ("Class Type" → role)."""
    return json.loads(resources.files("kg.extract").joinpath("data", name).read_text(encoding="utf-8"))


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if n <= edge:
            return str(edge)
    return f">{edges[-1]}"


class Candidate:
    """Two entities of one sentence that a family's event or a plain relation may tie together.

    Its features are the pair's own (``base``, the same for every kind a pair is a candidate for), each
    read under its kind ("Penalty|prev=by"), and those of the kind alone (``extra``)."""

    __slots__ = ("sentence", "kind", "first", "second", "base", "extra", "label")

    def __init__(self, sentence: int, kind: str, first: str, second: str, base: list[str], extra: list[str]):
        self.sentence, self.kind, self.first, self.second, self.base, self.extra = sentence, kind, first, second, base, extra
        self.label = 0

    @property
    def features(self) -> list[str]:
        return [f"{self.kind}|{f}" for f in self.base] + self.extra

    def item(self) -> tuple[frozenset[str], frozenset[str]]:
        return family(self.kind), frozenset({self.first, self.second})


def candidates(text: str, sentences: list[Sentence], doc: DocEntities, hits: list[list[tuple[str, int, int, str]]],
               skip: set = frozenset()) -> list[Candidate]:
    """Every candidate pair of every sentence, with its features, in text order (``hits``: the triggers'
    matches in each sentence, :func:`kg.extract.events.trigger_hits`), but those whose (family, pair) is in
    ``skip``."""
    out: list[Candidate] = []
    counts: dict[str, int] = {}
    for ms in doc.by_sentence:
        for m in ms:
            if m.entity:
                counts[m.entity] = counts.get(m.entity, 0) + 1
    for si in range(len(sentences)):
        seen = _named(doc, si)
        if len(seen) < 2:
            continue
        spots: dict[str, list[tuple[int, str]]] = {}
        for name, start, _end, words in hits[si]:
            spots.setdefault(TRIGGER_CLASS.get(name, name), []).append((start, words.lower().split()[0]))
        triggers = list(spots.items())
        mentions = list(seen.values())
        for i, a in enumerate(mentions):
            for b in mentions[i + 1 :]:
                out += _sentence_pair(text, doc, si, a, b, triggers, skip, counts)
    return out


def _named(doc: DocEntities, si: int) -> dict[str, object]:
    """The first mention of each entity of sentence ``si`` (groups typed for want of a sign left out)."""
    seen: dict[str, object] = {}
    for m in sorted(doc.by_sentence[si], key=lambda m: m.start):
        if m.entity and m.entity in doc.entities and m.entity not in seen and not doc.entities[m.entity].weak:
            seen[m.entity] = m
    return seen


def _sentence_pair(text: str, doc: DocEntities, si: int, a, b, triggers: list, skip: set, counts: dict[str, int]) -> list[Candidate]:
    """The candidates of two entities of one sentence: a plain relation their types allow, an event of each
    family a trigger of the sentence names."""
    ta, tb = doc.entities[a.entity].type, doc.entities[b.entity].type
    pair = frozenset({a.entity, b.entity})
    kinds = [kind for kind, (subjects, objects) in BINARY.items()
             if (ta in subjects and tb in objects or tb in subjects and ta in objects) and (family(kind), pair) not in skip]
    spotted = [] if ta == "Place" or tb == "Place" else [(k, s) for k, s in triggers if (family(k), pair) not in skip]
    if not kinds and not spotted:
        return []
    base = _pair_features(text, a, b, ta, tb, si, counts)
    out = [Candidate(si, kind, a.entity, b.entity, base, [kind]) for kind in kinds]
    for kind, spots in spotted:
        pos, word = min(spots, key=lambda s: 0 if a.start <= s[0] < b.start else min(abs(s[0] - a.start), abs(s[0] - b.end)))
        where = "before" if pos < a.start else ("between" if pos < b.start else "after")
        extra = [kind, f"{kind}|trigger={where}", f"{kind}|word={word}", f"{kind}|{ta}|{tb}|{where}"]
        out.append(Candidate(si, kind, a.entity, b.entity, base, extra))
    return out


def _pair_features(text: str, a, b, ta: str, tb: str, si: int, counts: dict[str, int]) -> list[str]:
    between = WORD.findall(text[a.end : b.start].lower())
    before = WORD.findall(text[max(0, a.start - 25) : a.start].lower())[-1:] or ["^"]
    after = WORD.findall(text[b.end : b.end + 25].lower())[:1] or ["$"]
    inner = WORD.findall(text[max(a.end, b.start - 25) : b.start].lower())[-1:] or ["^"]
    feats = [f"types={ta}|{tb}", f"into={inner[0]}", f"into={inner[0]}|{tb}", f"prev={before[0]}|{ta}", f"out={between[0] if between else '^'}|{ta}", f"gap={_bucket(len(between), (0, 1, 2, 4, 8, 16))}", f"prev={before[0]}", f"next={after[0]}",
             f"lead={si == 0}", f"many={_bucket(min(counts.get(a.entity, 0), counts.get(b.entity, 0)), (1, 2, 4))}"]
    if len(between) <= 4:
        feats.append("btw=" + " ".join(between))
    feats += [f"w={w}" for w in sorted(set(between[:12]))]
    feats.append(f"types={ta}|{tb}|gap={_bucket(len(between), (1, 4, 10))}")
    return feats


def score(weights: dict[str, float], feats: list[str]) -> float:
    """The model's probability for a list of features."""
    z = sum(map(weights.get, feats, repeat(0.0)))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


_INDEXES: dict[int, tuple[dict, dict]] = {}  # id(weights) → (weights, index): holding the weights keeps the id theirs


def _by_kind(weights: dict[str, float]) -> dict[str, dict[str, float]]:
    """The weights of features read under a kind ("Penalty|prev=by"), by kind, then by the pair's own feature
    (worked out once a model)."""
    known = _INDEXES.get(id(weights))
    if known is not None and known[0] is weights:
        return known[1]
    index: dict[str, dict[str, float]] = {}
    for feature, w in weights.items():
        kind, bar, rest = feature.partition("|")
        if bar:
            index.setdefault(kind, {})[rest] = w
    if len(_INDEXES) > 8:
        _INDEXES.clear()
    _INDEXES[id(weights)] = (weights, index)
    return index


def candidate_score(weights: dict[str, float], by_kind: dict[str, dict[str, float]], c: Candidate) -> float:
    """:func:`score` of ``c.features``, without writing out its kind's copy of the pair's features."""
    z = sum(map(by_kind.get(c.kind, {}).get, c.base, repeat(0.0))) + sum(map(weights.get, c.extra, repeat(0.0)))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@cache
def fits(role: str, predicate: str, typ: str) -> bool:
    """Whether the ontology lets an event of class ``predicate`` hold an entity of type ``typ`` in ``role``."""
    from kg.model.ontology import load_ontology

    onto = load_ontology()
    prop = onto.properties.get(role)
    return (prop is not None and not prop.derived and prop.kind == "ref" and predicate in onto.classes
            and onto.is_a(predicate, prop.domain) and typ in onto.classes and onto.is_a(typ, prop.range))


def role_for(model: dict, predicate: str, typ: str, taken: set[str] = frozenset()) -> str | None:
    """The role gold annotators most often give an entity of type ``typ`` in an event of class ``predicate``
    (or of its family), among those the ontology allows; an actor already named makes a second one the target."""
    roles = model["roles"]
    for key in (f"{predicate} {typ}", *(f"{fam} {typ}" for fam in sorted(family(predicate)))):
        role = roles.get(key)
        if role and fits(role, predicate, typ):
            if role == "actor" and "actor" in taken and fits("target", predicate, typ):
                return "target"
            return role
    return None


def found_pairs(events: list[Event], relations) -> set[tuple[frozenset[str], frozenset[str]]]:
    """(family, two participants) of what the rules found."""
    pairs = set()
    for event in events:
        fam = family(event.predicate)
        ends = sorted({v for role, vs in event.roles.items() if role not in LITERAL_ROLES for v in vs})
        pairs.update((fam, frozenset({a, b})) for k, a in enumerate(ends) for b in ends[k + 1 :])
    for rel in relations:
        pairs.add((family(rel.predicate), frozenset({rel.subject, rel.object})))
    return pairs



def attach(doc_id: str, text: str, sentences: list[Sentence], doc: DocEntities, dates: list[list[DateMention]],
           hits: list[list[tuple[str, int, int, str]]], events: list[Event], relations: list[Relation], model: dict | None = None) -> None:
    """Add the pairs the model is sure of and the rules did not find (in place): to the rules' event of the
    family in the sentence that already holds one of the two, else as a new event of the trigger's class (one
    per sentence and class, holding every pair added there), or as a plain relation.

    A state and its own body are one side of an event ("Brannova's Ministry of Trade restricted …" does not
    make Brannova a second party), and a new event needs two different roles (a restriction with targets only
    is no restriction)."""
    model = model if model is not None else load_model()
    have = found_pairs(events, relations)
    state_of = _states(text, doc, relations)
    grouped: dict[tuple[int, str], list[tuple[Candidate, float]]] = {}
    for c, p in _chosen(model, candidates(text, sentences, doc, hits, set(have))):
        if c.item() in have:
            continue  # a pair added from this sentence under another trigger of the family
        sentence = sentences[c.sentence]
        if c.kind in BINARY:
            have.add(c.item())
            relations.append(_plain(c, doc, sentence, p))
            continue
        if _one_side(c.first, c.second, state_of):
            continue
        home = next((e for e in events if family(e.predicate) & family(c.kind) and e.start <= sentence.start < e.end
                     and len({c.first, c.second} & e.participants()) == 1), None)
        if home is not None:
            new = c.second if c.first in home.participants() else c.first
            role = role_for(model, home.predicate, doc.entities[new].type, set(home.roles))
            if role is None or role in AGENTS and home.roles.get(role) or any(_one_side(new, other, state_of) for other in home.participants()):
                continue
            have.update((family(home.predicate), frozenset({new, other})) for other in home.participants())
            home.add(role, new)
            continue
        have.add(c.item())
        grouped.setdefault((c.sentence, c.kind), []).append((c, p))
    events.extend(_new_events(doc_id, text, sentences, doc, dates, events, grouped, model, state_of))


def _chosen(model: dict, found: list[Candidate]) -> list[tuple[Candidate, float]]:
    """The candidates at or above the model's threshold, with their probability."""
    weights, threshold = model["weights"], model["threshold"]
    by_kind = _by_kind(weights)
    scored = ((c, candidate_score(weights, by_kind, c)) for c in found)
    return [(c, p) for c, p in scored if p >= threshold]


def _states(text: str, doc: DocEntities, relations: list[Relation]) -> dict[str, str]:
    """The state of each organisation the story tells: by the rules' country relations, by linking, or by a
    possessive ("Brannova's Ministry of Trade")."""
    state_of = {e.id: e.country for e in doc.entities.values() if e.country}
    state_of.update((r.subject, r.object) for r in relations if r.predicate == "country")
    for ms in doc.by_sentence:
        ends = {m.end: m.entity for m in ms if m.entity in doc.entities and doc.entities[m.entity].type == "Country"}
        for m in ms:
            if m.entity in doc.entities and m.entity not in state_of and text[m.start - 3 : m.start] in ("'s ", "’s "):
                owner = ends.get(m.start - 3)
                if owner and owner != m.entity:
                    state_of[m.entity] = owner
    return state_of


def _one_side(a: str, b: str, state_of: dict[str, str]) -> bool:
    return state_of.get(a) == b or state_of.get(b) == a


def _plain(c: Candidate, doc: DocEntities, sentence: Sentence, p: float) -> Relation:
    subject, obj = c.first, c.second
    if doc.entities[subject].type not in BINARY[c.kind][0] or doc.entities[obj].type not in BINARY[c.kind][1]:
        subject, obj = obj, subject
    return Relation(c.kind, subject, obj, c.sentence, sentence.start, sentence.end, round(p, 3), "learned:pair")


def _new_events(doc_id: str, text: str, sentences: list[Sentence], doc: DocEntities, dates: list[list[DateMention]],
                events: list[Event], grouped: dict, model: dict, state_of: dict[str, str]) -> list[Event]:
    """One event per sentence and class for the pairs no event of the rules could take, numbered after theirs."""
    counts: dict[str, int] = {}
    for event in events:
        counts[event.predicate] = counts.get(event.predicate, 0) + 1
    made = []
    for (si, kind), found in sorted(grouped.items()):
        sentence = sentences[si]
        predicate = restriction_kind(text[sentence.start : sentence.end]) if kind == "Restriction" else kind
        event = Event(predicate, si, sentence.start, sentence.end, confidence=round(min(p for _c, p in found), 3), method="learned:pair")
        for c, _p in found:
            for ident in (c.first, c.second):
                if ident in event.participants() or any(_one_side(ident, other, state_of) for other in event.participants()):
                    continue
                role = role_for(model, predicate, doc.entities[ident].type, set(event.roles))
                if role is not None:
                    event.add(role, ident)
        if len([role for role, values in event.roles.items() if values]) < 2:
            continue
        if dates[si]:
            event.date, event.date_explicit = dates[si][0].value, True
        counts[predicate] = counts.get(predicate, 0) + 1
        event.id = f"{doc_id[: 80 - len(predicate) - 6].rstrip('-')}-{predicate.lower()}-{counts[predicate]}"
        made.append(event)
    return made
