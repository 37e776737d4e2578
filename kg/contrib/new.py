"""``kg new``: filled-in templates of fact files, one per kind of record.

Every placeholder is written in CAPITALS (``NAME``, ``REGULATOR-ID``, ``YYYY-MM``), so
``kg validate`` refuses a template until each one is replaced; once they are, the file
validates. The lists of allowed types and values in the comments come from the ontology.
"""

from __future__ import annotations

import os
from pathlib import Path

from kg.model.errors import KgError

KINDS = ("entity", "review", "dispute", "action", "source")
SCHEMA = Path("schema") / "facts.schema.json"


def _schema_line(output: Path | None) -> str:
    if output is None:
        rel = "../../schema/facts.schema.json"  # for a file in facts/<section>/
    else:
        rel = Path(os.path.relpath(SCHEMA.resolve(), output.resolve().parent)).as_posix()
    return f"# yaml-language-server: $schema={rel}\n"


def template(kind: str, ident: str | None = None, output: Path | None = None, type_name: str | None = None) -> str:
    """The template of ``kind`` (entity, review, dispute, action or source), with
    ``ident`` as its id when given; for an action, ``type_name`` picks its class."""
    from kg.model.ontology import load_ontology
    from kg.model.values import Slug

    if kind not in KINDS:
        raise KgError(f"unknown kind '{kind}' — use one of: {', '.join(KINDS)}")
    if ident is not None and not Slug.valid(ident):
        raise KgError(f"--id '{ident}' is not an id — use lower-case words joined by hyphens, e.g. peoples-bank-of-china")
    onto = load_ontology()
    certainties = ", ".join(onto.enums["Certainty"])
    cite = (
        "    certainty: reported            # how the source states it: " + certainties + "\n"
        "    source:\n"
        "      doc: DOCUMENT-ID             # a document in seeds/ or a source in facts/sources/\n"
        "      quote: \"QUOTE\"               # the source's words, copied exactly\n"
    )
    head = _schema_line(output) + "# Replace every CAPITALISED placeholder, delete the optional lines you do not need,\n" \
        "# then check the file with: kg validate\n"
    if kind == "action":
        return head + _action(onto, ident, type_name or "DisputeAction", cite)
    return head + _BODIES[kind](onto, ident, cite)


def _entity(onto, ident: str | None, cite: str) -> str:
    entity_types = ", ".join(onto.section_classes("entities"))
    return (
        "entities:\n"
        f"  - id: {ident or 'ENTITY-ID'}                # lower-case words joined by hyphens\n"
        f"    type: TYPE                     # one of: {entity_types}\n"
        "    name: NAME                     # the name people use for it, in full\n"
        "    alias: [ALIAS]                 # optional: other names or abbreviations\n"
        "    country: COUNTRY-ID            # optional: the id of a Country\n"
        + cite
    )


def _review(onto, ident: str | None, cite: str) -> str:
    statuses = ", ".join(onto.enums["Status"])
    return (
        "reviews:\n"
        f"  - id: {ident or 'REVIEW-ID'}\n"
        "    name: NAME                     # e.g. Review of commercial banks' reliance on IBM servers\n"
        "    reviewer: [REGULATOR-ID]       # the id of each Regulator carrying out the review\n"
        "    reviewSubject: [ORGANIZATION-ID]  # optional: who is reviewed (a bank, a group of banks …)\n"
        "    startDate: YYYY-MM             # optional: 2014, 2014-05 or 2014-05-19\n"
        f"    status: ongoing                # optional: {statuses}\n"
        "    concernsVendor: [VENDOR-ID]    # optional: whose products the review is about\n"
        + cite
    )


def _dispute(onto, ident: str | None, cite: str) -> str:
    action_types = ", ".join(onto.section_classes("actions"))
    return (
        "disputes:\n"
        f"  - id: {ident or 'DISPUTE-ID'}\n"
        "    name: NAME                     # e.g. US-China dispute over spying claims (2014)\n"
        "    party: [PARTY-ID, OTHER-PARTY-ID]  # the ids of the sides: countries, regulators, companies\n"
        "    startDate: YYYY-MM             # optional\n"
        + cite
        + "    actions:                       # the dated steps, in the order they happened\n"
        "      - id: ACTION-ID\n"
        f"        type: TYPE                 # one of: {action_types}\n"
        "        name: NAME                 # who did what, in a few words\n"
        "        actor: ACTOR-ID            # who took the action\n"
        "        target: TARGET-ID          # optional: whom it was aimed at\n"
        "        date: YYYY-MM-DD           # 2014, 2014-05 or 2014-05-19\n"
        "        source:\n"
        "          doc: DOCUMENT-ID\n"
        "          quote: \"QUOTE\"\n"
    )


def _source(onto, ident: str | None, cite: str) -> str:
    return (
        "sources:                           # a web page or article that is not in seeds/\n"
        f"  - id: {ident or 'SOURCE-ID'}               # cite it elsewhere as source: {{doc: {ident or 'SOURCE-ID'}, quote: \"…\"}}\n"
        "    title: TITLE                   # the headline\n"
        "    publisher: PUBLISHER           # e.g. Reuters\n"
        "    url: https://URL\n"
        "    published: YYYY-MM-DD\n"
        "    language: en                   # optional: a BCP 47 tag such as en or zh\n"
    )


_BODIES = {"entity": _entity, "review": _review, "dispute": _dispute, "source": _source}


# Placeholders by the kind of value a field takes (see kg.model.ontology's range kinds);
# a text field's placeholder is its own name in capitals (PRODUCT, CURRENCY).
_PLACEHOLDER = {"date": "YYYY-MM-DD", "decimal": "AMOUNT", "integer": "NUMBER", "uri": "https://URL"}


def _action(onto, ident: str | None, type_name: str, cite: str) -> str:
    """A stand-alone action of class ``type_name``: every field the ontology allows on it,
    each with the ontology's own comment, so a new class or property needs no code here."""
    actions = onto.section_classes("actions")
    if type_name not in actions:
        raise KgError(f"--type {type_name}: not a kind of action — use one of: {', '.join(actions)}")
    lines = [
        "actions:                           # one action on its own; an action of a dispute goes in its actions: list\n",
        f"  - id: {ident or 'ACTION-ID'}\n",
        f"    type: {type_name:<25}# one of: {', '.join(actions)}\n",
        "    name: NAME                     # who did what, in a few words\n",
    ]
    from kg.contrib.fmt import key_order

    fields = onto.fields_of(type_name)
    for name in (k for k in key_order(type_name) if k in fields):
        prop = fields[name]
        if name in ("name", "alias", "description", "status", "outcome", "partOfDispute"):
            continue
        if prop.kind == "ref":
            value = f"{prop.range.upper()}-ID"
        elif prop.kind == "enum":
            value = onto.enums[prop.range][0]
        else:
            value = _PLACEHOLDER.get(prop.kind, name.upper())
        if not prop.functional:
            value = f"[{value}]"
        comment = prop.comment.split(". ")[0].rstrip(".")
        lines.append(f"    {name}: {value:<{max(1, 28 - len(name))}} # optional: {_lower_first(comment)}\n")
    return "".join(lines) + cite


def _lower_first(text: str) -> str:
    """'Who took it' → 'who took it', but 'ISO 4217 code' stays as it is."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def write_template(text: str, output: Path) -> None:
    """Write a new file; an existing file is never overwritten."""
    from kg.build.output import write_new

    write_new(output, text.encode("utf-8"), "kg new")
