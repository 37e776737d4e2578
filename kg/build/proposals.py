"""Extracted proposals (the JSONL records of :mod:`kg.extract`) → claims marked extracted.

Curated facts are authoritative; :func:`merge` decides what an extracted claim
becomes (corroboration, a new extracted-only fact, or a conflict). This module only turns
proposals into claims that fit the ontology:

- an entity proposal linked to a curated id states its type (which corroborates or
  conflicts with the curated type); an unlinked one becomes a new entity with its name
  and aliases;
- an event proposal (``predicate`` is a class such as ``Review``) that matches a curated
  event of the same kind — same class family, dates compatible, and at least two of its
  participants shared (or one, on the same day) — is read as being about that event, so equal triples corroborate it;
  otherwise it becomes a new event node;
- a binary proposal (``predicate`` is a property) becomes one claim.

Proposals that do not fit (unknown predicate, a participant of the wrong class) are
dropped with a warning in ``build.json``.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from kg.build.claims import TYPE, Claim, Terms
from kg.inputs.documents import Document
from kg.inputs.facts import FactSet, catalog_of
from kg.model.iris import DEFAULT_BASE
from kg.model.ontology import NS, XSD, family, load_ontology
from kg.model.values import Date, Slug

METHOD_PREFIX = "kg.extract/"
PRINCIPAL_ROLES = frozenset({"actor", "target", "buyer", "seller", "party"})


def event_name(proposal: dict) -> str:
    """A name for an event proposal that has none: its kind and the words it came from."""
    label = load_ontology().labels.get(proposal["predicate"], proposal["predicate"])
    text = " ".join(((proposal.get("evidence") or {}).get("text") or "").split())
    if len(text) > 90:
        cut = text[:90].rsplit(" ", 1)[0] if " " in text[:90] else text[:90]
        text = cut.rstrip(" ,;:") + " …"  # a whole last word: never "made by Intern"
    return f"{label[:1].upper()}{label[1:]}: {text}"


def _curated_events(facts: FactSet) -> dict[str, dict]:
    """Curated reviews, disputes and actions: class, participants and date, by id."""
    events: dict[str, dict] = {}
    onto = load_ontology()
    for record in facts.records:
        if record.id and onto.is_a(record.type, "Event"):
            participants = {v.text for name, values in record.fields.items()
                            if onto.properties[name].kind == "ref" and name != "partOfDispute" for v in values}
            dates = [v.text for key in ("date", "startDate") for v in record.fields.get(key, [])]
            quotes = {(src.doc, _words(src.quote)) for src in record.sources if src.doc and src.quote}
            events[record.id] = {"type": record.type, "participants": participants, "date": dates[0] if dates else None,
                                 "quotes": quotes}
    for record in facts.records:  # participants added by plain claims
        if record.section == "claims" and record.subject.text in events and onto.properties[record.predicate].kind == "ref":
            events[record.subject.text]["participants"].update(v.text for v in record.fields[record.predicate])
    return events


def _dates_compatible(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def _words(text: str | None) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", (text or "").lower()))


def _match_event(kind: str, participants: set[str], date: str | None, events: dict[str, dict],
                 doc: str | None = None, evidence: str | None = None) -> str | None:
    """The curated event an extracted one is about, or None.

    Same class family, compatible dates, and either two shared participants (half of
    them or more), one on the same day, or one shared participant and evidence that
    overlaps a curated quote of the same document (one contains the other)."""
    onto = load_ontology()
    said = _words(evidence)
    kinds = family(kind)
    best, best_score = None, 0.0
    for ident, event in sorted(events.items()):
        related = onto.is_a(kind, event["type"]) or onto.is_a(event["type"], kind) or bool(kinds & family(event["type"]))
        if not related or not participants or not _dates_compatible(date, event["date"]):
            continue
        shared = len(participants & event["participants"])
        score = shared / len(participants)
        same_day = bool(date and event["date"] and len(date) == len(event["date"]) == 10 and date == event["date"])
        quoted = bool(said) and any(d == doc and q and (q in said or said in q) for d, q in event.get("quotes", ()))
        if (shared >= 2 and score >= 0.5 or shared >= 1 and (same_day or quoted)) and score + quoted > best_score:
            best, best_score = ident, score + quoted
    return best


def _is_event(p: dict, onto) -> bool:
    """True for an event proposal (its predicate is a class of event, such as Review)."""
    predicate = p.get("predicate")
    return p.get("kind") == "relation" and predicate in onto.classes and onto.is_a(predicate, "Event")


def _curated_match(p: dict, onto, events: dict[str, dict]) -> str | None:
    """The id of the curated event an event proposal is about, if any (see :func:`_match_event`)."""
    participants = {v for role, values in (p.get("roles") or {}).items()
                    if role in onto.properties and onto.properties[role].kind == "ref" for v in values}
    date = p.get("date") if p.get("date") and not Date.check(p["date"]) else None
    return _match_event(p["predicate"], participants, date, events, p.get("doc"), (p.get("evidence") or {}).get("text"))


def curated_aliases(proposals: list[dict], facts: FactSet) -> dict[str, str]:
    """Extracted entity ids that name a curated entity: by name or alias, by a name that
    is the curated one less its qualifiers ("cyber-security working group" for "US-China
    cyber-security working group"), or by a close fuzzy match (rapidfuzz) — of a compatible type."""
    from rapidfuzz import fuzz

    from kg.extract.linking import normalise

    onto = load_ontology()
    curated = [(r.id, r.type, {normalise(v.text) for key in ("name", "alias") for v in r.fields.get(key, [])} | {normalise(r.id.replace("-", " "))})
               for r in facts.records if r.id and r.section == "entities"]
    found: dict[str, str] = {}
    for p in proposals:
        if p.get("kind") != "entity" or p.get("linked"):
            continue
        names = {normalise(n) for n in [p.get("name", ""), *(p.get("aliases") or [])] if n} - {""}
        for ident, kind, curated_names in curated:
            if ident == p["id"]:
                break
            compatible = kind == p["type"] or (onto.is_a(kind, "Organization") and onto.is_a(p["type"], "Organization"))
            if not compatible:
                continue
            if names & curated_names or any(
                    len(n.split()) >= 2 and (c.endswith(" " + n) or fuzz.ratio(n, c) >= 95) for n in names for c in curated_names):
                found[p["id"]] = ident
                break
    return found


def extracted_claims(docs: list[Document], facts: FactSet, terms: Terms) -> tuple[list[Claim], list[str]]:
    """Run the extractor over ``docs`` and turn its proposals into claims."""
    from kg.extract import extract

    texts = {doc.id: doc.text for doc in docs}
    return proposals_to_claims(extract(docs, catalog_of(facts)), facts, terms, texts)


def proposals_to_claims(proposals: list[dict], facts: FactSet, terms: Terms,
                        texts: dict[str, str] | None = None) -> tuple[list[Claim], list[str]]:
    """Claims for ``proposals`` (JSONL records); ``texts`` (document id → text) supplies
    the quote of entity mentions.

    Long because entities, binary relations and events each become claims in their own way,
    and the three share the ids chosen along the way."""
    texts = texts or {}
    onto = load_ontology()
    known = {r.id: r.type for r in facts.records if r.id and r.section != "sources"}
    events = _curated_events(facts)
    aliases = curated_aliases(proposals, facts)
    proposals = [_renamed(p, aliases) for p in proposals] if aliases else proposals
    claims: list[Claim] = []
    warnings: list[str] = []
    # Entities first, so relations can check their participants' classes.
    for p in proposals:
        if p.get("kind") != "entity":
            continue
        ident, kind = p["id"], p["type"]
        if not Slug.valid(ident) or kind not in onto.classes:
            warnings.append(f"{p['doc']}: entity proposal '{ident}' of type '{kind}' dropped — not a slug or not a class")
            continue
        start, end = (p.get("mentions") or [[0, 0]])[0]
        base = dict(source=terms.source(p["doc"]), origin="extracted", certainty="reported",
                    confidence=p.get("confidence", 0.9), method=METHOD_PREFIX + "entity", evidence=(start, end),
                    quote=texts.get(p["doc"], "")[start:end] or None)
        subject = terms.entity(ident)
        claims.append(Claim(subject, TYPE, terms.kg(kind), **base))
        if not p.get("linked"):
            known.setdefault(ident, kind)
            claims.append(Claim(subject, terms.kg("name"), terms.value("name", p["name"]), **base))
            for alias in sorted(set(p.get("aliases") or []) - {p["name"]}):
                claims.append(Claim(subject, terms.kg("alias"), terms.value("alias", alias), **base))
    # Events next: each is either a curated event it matches or a new one. Binary
    # proposals and roles may name an event by its proposal id; they follow the same way.
    resolved: dict[str, str] = {}
    for p in proposals:
        predicate = p.get("predicate")
        if _is_event(p, onto):
            ident = _curated_match(p, onto, events) or p["subject"]
            resolved[p["subject"]] = ident
            if ident not in events:
                known.setdefault(ident, predicate)
    for p in proposals:
        if p.get("kind") != "relation":
            continue
        predicate = p["predicate"]
        evidence = p.get("evidence") or {}
        base = dict(source=terms.source(p["doc"]), origin="extracted", certainty="reported",
                    confidence=float(p.get("confidence", 0.5)), method=p.get("method") or METHOD_PREFIX + "relation",
                    evidence=(evidence.get("start", 0), evidence.get("end", 0)), quote=evidence.get("text"))
        date = p.get("date")
        if date is not None and Date.check(date):
            warnings.append(f"{p['doc']}: date '{date}' of a {predicate} proposal ignored — not YYYY[-MM[-DD]]")
            date = None
        pairs: list[tuple[str, str]] = []
        if predicate in onto.classes and onto.is_a(predicate, "Event"):
            ident = resolved[p["subject"]]
            if not Slug.valid(ident):
                warnings.append(f"{p['doc']}: {predicate} proposal '{ident}' dropped — its id is not a slug")
                continue
            subject = terms.entity(ident)
            if ident not in events:
                known.setdefault(ident, predicate)
                claims.append(Claim(subject, TYPE, terms.kg(predicate), **base))
                claims.append(Claim(subject, terms.kg("name"), terms.value("name", event_name(p)), **base))
            for role, values in sorted((p.get("roles") or {}).items()):
                pairs.extend((role, resolved.get(str(v), str(v))) for v in values)
            if date:
                pairs.append((onto.date_property(predicate), date))
        elif predicate in onto.properties:
            if not Slug.valid(str(p["subject"])):
                warnings.append(f"{p['doc']}: {predicate} proposal dropped — subject '{p['subject']}' is not an id")
                continue
            subject = terms.entity(resolved.get(p["subject"], p["subject"]))
            pairs.append((predicate, resolved.get(str(p["object"]), str(p["object"]))))
        else:
            warnings.append(f"{p['doc']}: proposal with predicate '{predicate}' dropped — not a class or property of the ontology")
            continue
        owner_type = known.get(subject.value.rsplit("/", 1)[-1])
        for role, value in pairs:
            why = _misfit(role, value, owner_type, known, onto)
            if why:
                warnings.append(f"{p['doc']}: {predicate} proposal: {why}")
                continue
            claims.append(Claim(subject, terms.kg(role), terms.value(role, value), **base))
    return claims, warnings


def uncurated(proposals: list[dict], facts: FactSet) -> list[dict]:
    """The proposals that would add something curation does not say yet (what ``kg
    promote`` may write): entities that are not curated ones (by id, alias or fuzzy
    name), events that match no curated event, and binary relations whose triple — or,
    for a one-value property, whose subject's value — is not curated. Ids of curated
    entities replace the extracted ids they stand for."""
    from kg.build.claims import Terms, curated_claims

    onto = load_ontology()
    aliases = curated_aliases(proposals, facts)
    proposals = [_renamed(p, aliases) for p in proposals]
    curated_ids = {r.id for r in facts.records if r.id}
    events = _curated_events(facts)
    terms = Terms(DEFAULT_BASE)  # only to compare triples; any base would do
    triples = {c.key()[:3] for c in curated_claims(facts, terms)}
    valued = {(t[0], t[1]) for t in triples}
    resolved: dict[str, str] = {}
    kept: list[dict] = []
    for p in proposals:
        predicate = p.get("predicate")
        if _is_event(p, onto):
            match = _curated_match(p, onto, events)
            if match:
                resolved[p["subject"]] = match
                continue
        elif p.get("kind") == "entity":
            if p["id"] in curated_ids:
                continue
        elif predicate in onto.properties and Slug.valid(str(p.get("subject"))):
            subject = terms.entity(resolved.get(p["subject"], p["subject"]))
            obj = str(resolved.get(str(p.get("object")), p.get("object")))
            try:
                value = terms.value(predicate, obj)
            except Exception:
                value = None
            prop = terms.kg(predicate)
            if value is not None and ((subject, prop, value) in triples
                                      or onto.properties[predicate].functional and (subject, prop) in valued):
                continue
        kept.append(p)
    return kept


def _renamed(p: dict, aliases: dict[str, str]) -> dict:
    """``p`` with extracted ids that name curated entities replaced by the curated ids."""
    p = dict(p)
    if p.get("kind") == "entity":
        if p["id"] in aliases:
            p["id"], p["linked"] = aliases[p["id"]], True
        return p
    for key in ("subject", "object"):
        if isinstance(p.get(key), str):
            p[key] = aliases.get(p[key], p[key])
    p["roles"] = {role: [aliases.get(v, v) if isinstance(v, str) else v for v in values] for role, values in (p.get("roles") or {}).items()}
    return p


def _misfit(role: str, value: str, owner_type: str | None, known: dict[str, str], onto) -> str | None:
    """Why ``role: value`` cannot be said of an owner of ``owner_type``, or None."""
    prop = onto.properties.get(role)
    if prop is None or prop.derived:
        return f"role '{role}' is not a property of the ontology"
    if owner_type is None or not onto.is_a(owner_type, prop.domain):
        return f"'{role}' does not apply to a {owner_type or 'thing of unknown type'}"
    if prop.kind == "ref":
        target = known.get(value)
        if target is None:
            return f"'{role}' refers to '{value}', which no entity proposal or fact defines"
        if not onto.is_a(target, prop.range):
            return f"'{role}' needs a {prop.range}, but '{value}' is a {target}"
    elif prop.kind == "date" and Date.check(value):
        return f"'{role}' value '{value}' is not a date"
    elif prop.kind == "decimal":
        try:
            float(value)
        except ValueError:
            return f"'{role}' value '{value}' is not a number"
    elif prop.kind == "enum" and value not in onto.enums.get(prop.range, ()):
        return f"'{role}' value '{value}' is not one of {', '.join(onto.enums.get(prop.range, ()))}"
    return None


def merge(curated: list[Claim], extracted: list[Claim]) -> tuple[list[Claim], list[dict], int]:
    """Curated claims win. An extracted claim equal to a curated one is kept as
    corroboration (a second provenance record of the same triple). One that gives a
    one-value property (or a type) another value than curation did is dropped and
    reported as a conflict — unless it only says less: a broader class, or a coarser
    date that the curated one falls in (2014-05 for 2014-05-19), which is dropped quietly.
    So is an extracted actor, target, buyer, seller or party of a curated event that
    curation gave other ones (an extracted ``actor united-states`` of an indictment curated
    with the prosecutors as actor)."""
    onto = load_ontology()
    curated_triples = {c.key() for c in curated}
    single: dict[tuple, set] = {}
    for c in curated:
        local = c.predicate.value[len(NS):] if c.predicate.value.startswith(NS) else None
        if c.predicate == TYPE or (local in onto.properties and onto.properties[local].functional):
            single.setdefault((c.subject, c.predicate), set()).add(c.object)
    # Who acted on whom in a curated event is settled: another extracted actor, target,
    # buyer, seller or party contradicts it. Roles that gather (reviewers, vendors) may grow.
    events = {c.subject for c in curated if c.predicate == TYPE and c.object.value.startswith(NS)
              and c.object.value[len(NS):] in onto.classes and onto.is_a(c.object.value[len(NS):], "Event")}
    roles: dict[tuple, set] = {}
    for c in curated:
        local = c.predicate.value[len(NS):] if c.predicate.value.startswith(NS) else None
        if c.subject in events and local in PRINCIPAL_ROLES:
            roles.setdefault((c.subject, c.predicate), set()).add(c.object)
    kept, conflicts, corroborated = list(curated), [], set()
    for c in extracted:
        if c.key() in curated_triples:
            corroborated.add(c.key())
            kept.append(c)
            continue
        values = single.get((c.subject, c.predicate)) or roles.get((c.subject, c.predicate))
        if values is not None and c.object not in values:
            if any(_says_less(c.predicate, c.object, v, onto) for v in values):
                continue
            conflicts.append({
                "subject": c.subject.value, "predicate": c.predicate.value,
                "curated": sorted(v.value for v in values), "extracted": c.object.value,
                "source": c.source.value, "evidence": c.quote, "method": c.method,
            })
            continue
        kept.append(c)
    return kept, conflicts, len(corroborated)


def _says_less(predicate: ox.NamedNode, extracted, curated, onto) -> bool:
    """True when the extracted value is a broader class or a coarser date than the curated one."""
    if predicate == TYPE:
        return (extracted.value.startswith(NS) and curated.value.startswith(NS)
                and onto.is_a(curated.value[len(NS):], extracted.value[len(NS):]))
    if isinstance(extracted, ox.Literal) and isinstance(curated, ox.Literal) and extracted.datatype.value.startswith(XSD + "g"):
        return curated.value.startswith(extracted.value)
    return False
