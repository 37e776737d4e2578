"""A learned last stage: which pairs of a sentence's entities an event or relation ties together.

The rules of :mod:`kg.extract.events` and :mod:`kg.extract.relations` each know one way of
saying a thing. This stage knows the field's words statistically: for every sentence
with a trigger word of an event family (the triggers of :mod:`kg.extract.events`), and
for two plain relations (a seat, an employer), every pair of the sentence's entities is a
candidate, scored by a logistic model over plain features — the family, the two entities'
types in text order, the words between them, the word before and after, where the
trigger stands, how many words apart they are. Pairs the model is sure of and the rules
did not find are added: to the rules' event of that family in the sentence when it holds
one of the two, as a new event of the trigger's class otherwise, or as a plain relation,
in the roles gold annotators most often give such entities in such events. What it adds
says so: ``learned:pair`` in the method of a new event or relation, ``+learned:pair`` after
the rule's in an event it completed.

The model is a table of feature weights (``data/participants.json``) trained on the
development corpus's gold annotations by :mod:`kg.extract.learn`; nothing is fetched,
and the same text always gives the same result. A threshold above 1 switches the stage off.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from itertools import repeat

from kg.extract.entities import DocEntities
from kg.extract.events import (
    EVENT_ROLES,
    LITERAL_ROLES,
    ORGS,
    Event,
    event_id,
    nearest_date,
    own_name_free,
    restriction_kind,
)
from kg.extract.mentions import Mention
from kg.extract.relations import Relation
from kg.extract.sentences import Sentence
from kg.extract.story import Story
from kg.model.ontology import family, load_ontology

MODEL = "participants.json"
AGENT_ROLES = ("actor", "reviewer")  # who acts; the rules' choice of them stands

# The class each trigger of kg.extract.events stands for (the others are named after their class).
TRIGGER_CLASS = {"Licensing": "ExportControl", "Obligation": "Directive", "Reproach": "Accusation", "Wrongdoing": "Accusation"}
# The plain relations the stage proposes, with the types of their subject and object: narrower than the
# ontology allows, and only these two (chairs, locatedIn, parentOrganization and country gained nothing on
# articles the model was not trained on).
BINARY = {"worksFor": (("Person",), ORGS), "headquarters": (ORGS, ("Place",))}
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|[,;:()]")


@dataclass(frozen=True)
class Model:
    """Feature weights, the probability a pair needs, and the role ("Class Type" → role) gold annotators most
    often give an entity of a type in an event of a class or family."""

    weights: dict[str, float]
    threshold: float
    roles: dict[str, str]
    by_kind: dict[str, dict[str, float]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # The weights of features read under a kind ("Penalty|prev=by"), by kind, then by the pair's feature.
        index: dict[str, dict[str, float]] = {}
        for feature, w in self.weights.items():
            kind, bar, rest = feature.partition("|")
            if bar:
                index.setdefault(kind, {})[rest] = w
        object.__setattr__(self, "by_kind", index)

    @classmethod
    def of(cls, data: dict) -> Model:
        return cls(dict(data["weights"]), float(data["threshold"]), dict(data["roles"]))

    def probability(self, c: Candidate) -> float:
        """The model's probability that ``c`` is a pair gold annotators would give."""
        z = sum(map(self.by_kind.get(c.kind, {}).get, c.base, repeat(0.0))) + sum(map(self.weights.get, c.extra, repeat(0.0)))
        return _sigmoid(z)

    def role(self, predicate: str, typ: str) -> str | None:
        """The role for an entity of type ``typ`` in an event of class ``predicate`` (else of its family), among
        those the ontology allows."""
        for key in (f"{predicate} {typ}", *(f"{fam} {typ}" for fam in sorted(family(predicate)))):
            role = self.roles.get(key)
            if role and fits(role, predicate, typ):
                return role
        return None


@cache
def load_model(name: str = MODEL) -> Model:
    """The shipped model."""
    return Model.of(json.loads(resources.files("kg.extract").joinpath("data", name).read_text(encoding="utf-8")))


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


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


def known(found: set[tuple[str, frozenset[str]]], kind: str, pair: frozenset[str]) -> bool:
    """Whether ``found`` (single family, pair) already ties ``pair`` in a family of ``kind`` (an
    Indictment's pair is an Accusation's and a LegalAction's)."""
    return any((fam, pair) in found for fam in family(kind))


def found_pairs(events: list[Event], relations: list[Relation]) -> set[tuple[str, frozenset[str]]]:
    """(family, two participants) of what was found, once for each family of a class."""
    pairs: set[tuple[str, frozenset[str]]] = set()
    for event in events:
        ends = sorted({v for role, vs in event.roles.items() if role not in LITERAL_ROLES and role not in EVENT_ROLES for v in vs})
        for fam in family(event.predicate):
            pairs.update((fam, frozenset({a, b})) for k, a in enumerate(ends) for b in ends[k + 1 :])
    for rel in relations:
        pairs.add((rel.predicate, frozenset({rel.subject, rel.object})))
    return pairs


def candidates(story: Story, skip: set[tuple[str, frozenset[str]]] = frozenset()) -> list[Candidate]:
    """Every candidate pair of every sentence of ``story``, with its features, in text order, except those
    :func:`known` in ``skip``."""
    doc = story.entities
    out: list[Candidate] = []
    counts: dict[str, int] = {}
    for ms in doc.by_sentence:
        for m in ms:
            if m.entity:
                counts[m.entity] = counts.get(m.entity, 0) + 1
    for si in range(len(story.sentences)):
        seen = _named(doc, si)
        if len(seen) < 2:
            continue
        spots: dict[str, list[tuple[int, str]]] = {}
        for name, start, _end, words in own_name_free(doc, si, story.hits[si]):
            spots.setdefault(TRIGGER_CLASS.get(name, name), []).append((start, words.lower().split()[0]))
        triggers = list(spots.items())
        mentions = list(seen.values())
        for i, a in enumerate(mentions):
            for b in mentions[i + 1 :]:
                out += _sentence_pair(story.text, doc, si, a, b, triggers, skip, counts)
    return out


def _named(doc: DocEntities, si: int) -> dict[str, Mention]:
    """The first mention of each entity of sentence ``si`` (groups typed for want of a sign left out)."""
    seen: dict[str, Mention] = {}
    for m in sorted(doc.by_sentence[si], key=lambda m: m.start):
        if m.entity and m.entity in doc.entities and m.entity not in seen and not doc.entities[m.entity].weak:
            seen[m.entity] = m
    return seen


def _sentence_pair(text: str, doc: DocEntities, si: int, a: Mention, b: Mention, triggers: list, skip: set,
                   counts: dict[str, int]) -> list[Candidate]:
    """The candidates of two entities of one sentence, ``a`` first: a plain relation their types allow, an
    event of each family a trigger of the sentence names."""
    ta, tb = doc.entities[a.entity].type, doc.entities[b.entity].type
    pair = frozenset({a.entity, b.entity})
    kinds = [kind for kind, (subjects, objects) in BINARY.items()
             if (ta in subjects and tb in objects or tb in subjects and ta in objects) and not known(skip, kind, pair)
             and not (kind == "worksFor" and _holders_office(doc, a, b))]
    spotted = [] if ta == "Place" or tb == "Place" else [(k, s) for k, s in triggers if not known(skip, k, pair)]
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


# Titles whose holder's office is named after them ("Commissioner for Competition Affairs", "Minister of Finance").
OFFICE_TITLES = frozenset({"commissioner", "minister", "secretary", "ombudsman"})


def _holders_office(doc: DocEntities, a: Mention, b: Mention) -> bool:
    """Whether one of two mentions is an office named after its holder ("Commissioner for Competition Affairs"):
    the title of the person beside it, no body the person works for."""
    return any(doc.entities[m.entity].type != "Person" and doc.entities[m.entity].name.split()[0].lower() in OFFICE_TITLES for m in (a, b))


def _pair_features(text: str, a: Mention, b: Mention, ta: str, tb: str, si: int, counts: dict[str, int]) -> list[str]:
    """The features of two mentions of one sentence, ``a`` before ``b``, whatever the kind."""
    between = WORD.findall(text[a.end : b.start].lower())
    before = _word_before(text, a.start)
    after = _word_after(text, b.end)
    inner = between[-1:] or ["^"]  # the word right before the second
    feats = [f"types={ta}|{tb}", f"into={inner[0]}", f"into={inner[0]}|{tb}", f"prev={before}|{ta}",
             f"out={between[0] if between else '^'}|{ta}", f"gap={_bucket(len(between), (0, 1, 2, 4, 8, 16))}",
             f"prev={before}", f"next={after}", f"lead={si == 0}",
             f"many={_bucket(min(counts.get(a.entity, 0), counts.get(b.entity, 0)), (1, 2, 4))}"]
    if len(between) <= 4:
        feats.append("btw=" + " ".join(between))
    feats += [f"w={w}" for w in sorted(set(between[:12]))]
    feats.append(f"types={ta}|{tb}|gap={_bucket(len(between), (1, 4, 10))}")
    return feats


@lru_cache(maxsize=4096)
def _word_before(text: str, pos: int) -> str:
    """The word (or bracket, comma …) right before ``pos``, "^" for none (one mention is in many pairs)."""
    found = WORD.findall(text[max(0, pos - 25) : pos].lower())
    return found[-1] if found else "^"


@lru_cache(maxsize=4096)
def _word_after(text: str, pos: int) -> str:
    """The word right after ``pos``, "$" for none."""
    found = WORD.findall(text[pos : pos + 25].lower())
    return found[0] if found else "$"


@cache
def fits(role: str, predicate: str, typ: str) -> bool:
    """Whether the ontology lets an event of class ``predicate`` hold an entity of type ``typ`` in ``role``."""
    onto = load_ontology()
    prop = onto.properties.get(role)
    return (prop is not None and not prop.derived and prop.kind == "ref" and predicate in onto.classes
            and onto.is_a(predicate, prop.domain) and typ in onto.classes and onto.is_a(typ, prop.range))


def attach(story: Story, model: Model | None = None) -> None:
    """Add to ``story`` the pairs the model is sure of and the rules did not find: to the rules' event of the
    family in the sentence that holds one of the two, else to a new event of the trigger's class (one per
    sentence and family, holding every pair added there), or as a plain relation.

    A state and its own body are one side of an event ("Brannova's Ministry of Trade restricted …" does not
    make Brannova a second party); the rules' choice of who acted stands; a new event needs two roles (a
    restriction with targets only is no restriction)."""
    model = model if model is not None else load_model()
    if model.threshold > 1:
        return
    doc = story.entities
    have = found_pairs(story.events, story.relations)
    state_of = _states(story.text, doc, story.relations)
    grouped: dict[tuple[int, str], list[Candidate]] = {}
    for c in candidates(story, have):
        p = model.probability(c)
        pair = frozenset({c.first, c.second})
        if p < model.threshold or known(have, c.kind, pair):
            continue  # unsure, or added from this sentence under another trigger of the family
        sentence = story.sentences[c.sentence]
        if c.kind in BINARY:
            have.add((c.kind, pair))
            story.relations.append(_plain(c, doc, sentence, p))
        elif not _one_side(c.first, c.second, state_of) and not _join(model, story, c, have, state_of):
            have.update((fam, pair) for fam in family(c.kind))
            grouped.setdefault((c.sentence, min(family(c.kind))), []).append(c)
    story.events.extend(_new_events(model, story, grouped, state_of))


def _join(model: Model, story: Story, c: Candidate, have: set, state_of: dict[str, str]) -> bool:
    """Add the pair's other entity to the rules' event of its family in its sentence that holds one of the
    two, if there is one and the role is free; whether it was."""
    sentence = story.sentences[c.sentence]
    home = next((e for e in story.events if family(e.predicate) & family(c.kind) and e.start <= sentence.start < e.end
                 and len({c.first, c.second} & e.participants()) == 1), None)
    if home is None:
        return False
    new = c.second if c.first in home.participants() else c.first
    role = model.role(home.predicate, story.entities.entities[new].type)
    if role is None or role in AGENT_ROLES and home.roles.get(role) or any(_one_side(new, o, state_of) for o in home.participants()):
        return True  # the event is there: the pair is not worth a second one
    for fam in family(home.predicate):
        have.update((fam, frozenset({new, other})) for other in home.participants())
    home.add(role, new)
    if "learned:pair" not in home.method:
        home.method += "+learned:pair"
    return True


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


def _new_events(model: Model, story: Story, grouped: dict[tuple[int, str], list[Candidate]], state_of: dict[str, str]) -> list[Event]:
    """One event per sentence and family for the pairs no event of the rules could take, numbered after theirs.
    Its class is the trigger's (a restriction's kind told by the sentence's words); a second entity of the
    acting type is not a second actor but what it acts on, if the class has a target."""
    used = {e.id for e in story.events}
    made = []
    for (si, _fam), found in sorted(grouped.items()):
        sentence = story.sentences[si]
        kinds = sorted({c.kind for c in found})
        predicate = restriction_kind(story.text[sentence.start : sentence.end]) if "Restriction" in kinds else kinds[0]
        event = Event(predicate, si, sentence.start, sentence.end, method="learned:pair")
        for c in found:
            for ident in (c.first, c.second):
                if ident in event.participants() or any(_one_side(ident, other, state_of) for other in event.participants()):
                    continue
                typ = story.entities.entities[ident].type
                role = model.role(predicate, typ)
                if role in AGENT_ROLES and event.roles.get(role):
                    acting = story.entities.entities[event.roles[role][0]].type
                    role = "target" if acting != typ and fits("target", predicate, typ) else None
                if role is not None:
                    event.add(role, ident)
        if len(event.roles) < 2:
            continue
        event.main = "target" if "target" in event.roles else ""
        event.confidence = round(min(model.probability(c) for c in found), 3)
        near = nearest_date(story.dates[si], sentence.start)
        event.date, event.date_explicit = (near.value, True) if near is not None else (story.published[:7], False)
        n = 1
        while event_id(story.doc_id, predicate, n) in used:
            n += 1
        event.id = event_id(story.doc_id, predicate, n)
        used.add(event.id)
        made.append(event)
    return made
