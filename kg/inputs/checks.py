"""Checks across fact files and documents: ids, references, roles, dates, sources.

:func:`check` adds every problem it finds to the fact set's list; nothing stops at the
first. The rules come from the ontology (:mod:`kg.model.ontology`); the SHACL shapes
generated from the same ontology run afterwards on the built graph, see
:mod:`kg.contrib.shapes`.
"""

from __future__ import annotations

from kg.inputs.documents import Document, find_quote
from kg.inputs.facts import FactSet, Record, suggest
from kg.model.errors import Problem
from kg.model.ontology import a_or_an, load_ontology


def check(facts: FactSet, docs: dict[str, Document], focus: set[str] | None = None) -> list[Problem]:
    """Cross-file problems of ``facts`` against the documents in ``docs``; also returns
    them appended to ``facts.problems``. With ``focus`` (paths as shown), only the records
    of those files are checked; the others serve to resolve ids and values of the same
    subjects (see :class:`kg.inputs.facts.FocusedReader`)."""
    onto = load_ontology()
    found: list[Problem] = []

    def error(record: Record, line: int, col: int, message: str) -> None:
        found.append(Problem(record.path, line, col, message))

    known = _known_ids(facts, docs, error)
    sources = {rid for rid, r in known.items() if r.section == "sources"} | set(docs)

    values_by_subject: dict[str, dict[str, list]] = {}
    for record in facts.records:
        checking = focus is None or record.path in focus
        if record.section == "claims":
            subject = known.get(record.subject.text)
            prop = onto.properties[record.predicate]
            if subject is None and (record.subject.text in facts.unread_ids or not checking):
                continue
            if subject is None:
                error(record, record.subject.line, record.subject.col, f"unknown id '{record.subject.text}' — the subject of a claim must be defined in facts/{suggest(record.subject.text, known)}")
                continue
            if not onto.is_a(subject.type, prop.domain):
                allowed = [c for c in onto.subclasses(prop.domain) if onto.classes[c].section]
                error(record, record.subject.line, record.subject.col, f"'{record.subject.text}' is {a_or_an(subject.type)}, but "
                      f"'{prop.name}' applies to {a_or_an(prop.domain)} ({', '.join(allowed)}) — check the subject or the predicate")
                continue
            owner = subject.id
        else:
            owner = record.id
        for name, values in record.fields.items():
            if checking:
                for value in values:
                    _check_ref(record, name, value, known, facts, onto, error)
            if owner is not None:
                values_by_subject.setdefault(owner, {}).setdefault(name, []).extend((record, v) for v in values)
        for ref in record.sources if checking else ():
            if ref.doc is not None and ref.doc not in sources:
                error(record, ref.line, ref.col, f"unknown source '{ref.doc}' — not a document in seeds/ nor a source in facts/{suggest(ref.doc, sources)}")
            elif ref.quote is not None and ref.doc in docs and not find_quote(docs[ref.doc], ref.quote):
                error(record, ref.quote_line or ref.line, ref.quote_col or ref.col, f"quote not found in document '{ref.doc}' — copy the words exactly as they appear in {docs[ref.doc].path}")

    _check_per_subject(values_by_subject, onto, error)
    _check_required({k: r for k, r in known.items() if focus is None or r.path in focus}, values_by_subject, onto, error)
    facts.problems.extend(found)
    return found


def _check_ref(record: Record, prop_name: str, value, known: dict[str, Record], facts: FactSet, onto, error) -> None:
    """A reference names a record of the class the property takes (or one that could not be read)."""
    prop = onto.properties[prop_name]
    if prop.kind != "ref":
        return
    target = known.get(value.text)
    if target is None and value.text in facts.unread_ids:
        return  # its record could not be read, and that is reported where it is written
    if target is None or target.section == "sources":
        hint = suggest(value.text, [k for k, r in known.items() if r.section != "sources" and onto.is_a(r.type, prop.range)])
        error(record, value.line, value.col, f"unknown id '{value.text}' — '{prop_name}' takes the id of {a_or_an(prop.range)} defined in facts/{hint}")
        return
    if not onto.is_a(target.type, prop.range):
        allowed = [c for c in onto.subclasses(prop.range) if onto.classes[c].section]
        kinds = f" ({', '.join(allowed)})" if len(allowed) > 1 else ""
        fits = [n for n, p in sorted(onto.fields_of(record.type).items()) if n != prop_name and p.kind == "ref"
                and onto.is_a(target.type, p.range)] if record.section != "claims" else []
        hint = f" — {a_or_an(target.type)} fits {' or '.join(repr(n) for n in fits)}" if fits else ""
        error(record, value.line, value.col, f"'{value.text}' is {a_or_an(target.type)}, but '{prop_name}' takes {a_or_an(prop.range)}{kinds}{hint}")


def _known_ids(facts: FactSet, docs: dict[str, Document], error) -> dict[str, Record]:
    """The records by id: one namespace for entities, reviews, disputes, actions and sources."""
    known: dict[str, Record] = {}
    for record in facts.records:
        if record.id is None:
            continue
        first = known.get(record.id)
        if first is not None:
            error(record, record.line, record.col, f"id '{record.id}' is already used at {first.path}:{first.line} — ids are unique across all fact files; rename one")
            continue
        if record.section == "sources" and record.id in docs:
            error(record, record.line, record.col, f"source id '{record.id}' is also a document in seeds/ ({docs[record.id].path}) — pick another id")
            continue
        known[record.id] = record
    return known


def _check_per_subject(values_by_subject: dict, onto, error) -> None:
    """Per subject, across files: one value for a one-value property, the end not before the start."""
    for owner, props in sorted(values_by_subject.items()):
        for name, pairs in props.items():
            prop = onto.properties[name]
            distinct = {v.text for _, v in pairs}
            if prop.functional and len(distinct) > 1:
                where, value = pairs[-1]
                first_record, first = next(pair for pair in pairs if pair[1].text != value.text)
                error(where, value.line, value.col, f"'{owner}' has {len(distinct)} values for '{name}' ({', '.join(sorted(distinct))}) "
                      f"— it takes one; the other is at {first_record.path}:{first.line}, keep one of them")
        start, end = props.get("startDate"), props.get("endDate")
        if start and end and _before(end[0][1].text, start[0][1].text):
            where, value = end[0]
            error(where, value.line, value.col, f"end date {value.text} is before start date {start[0][1].text} — swap them or fix the year")


def _check_required(known: dict[str, Record], values_by_subject: dict, onto, error) -> None:
    """Every record has a value of each property its class requires (kg:requiredProperty)."""
    for owner, record in known.items():
        for role in onto.required_properties(record.type):
            # The loader already reports a record written without its name, at the record.
            if role not in values_by_subject.get(owner, {}) and role != "name":
                prop = onto.properties[role]
                what = f"the id of {a_or_an(prop.range)}" if prop.kind == "ref" else a_or_an(prop.range)
                error(record, record.line, record.col, f"{record.type} '{owner}' has no '{role}' — {a_or_an(record.type)} needs "
                      f"at least one: add '{role}: {'ID' if prop.kind == 'ref' else '…'}' with {what} ({prop.comment.rstrip('.').lower()})")


def _before(a: str, b: str) -> bool:
    """True when date ``a`` is surely before ``b``, compared at the coarser precision."""
    ka, kb = (tuple(int(part) for part in text.split("-")) for text in (a, b))
    n = min(len(ka), len(kb))
    return ka[:n] < kb[:n]
