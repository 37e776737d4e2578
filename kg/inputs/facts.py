"""Fact files → records, checked one file at a time against the ontology.

A fact file is a YAML mapping of sections (``entities``, ``reviews``, ``disputes``,
``actions``, ``sources`` — named by ``kg:section`` in the ontology — and ``claims``).
Each section is a list of records; a record's keys are ``id``, ``type``, ``source`` or
``sources``, ``certainty``, and the local names of the ontology properties whose domain
covers the record's class. Disputes may nest their ``actions``. Every problem found is
collected; cross-file checks (references, duplicate ids, quotes) are in
:mod:`kg.inputs.checks`.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.inputs.cache import FileCache
from kg.inputs.documents import display_path
from kg.inputs.yamlload import Node, load_yaml, read_text, tree_files
from kg.model.errors import InvalidData, Problem
from kg.model.ontology import Ontology, OntProperty, a_or_an, load_ontology
from kg.model.values import Date, Decimal, Language, Slug, String, Url, forbidden_character, kind_of, shown

CLAIMS = "claims"
MAX_TEXT = String.MAX_LENGTH
SOURCE_FIELDS = ("doc", "quote", "url", "title", "publisher", "published", "language")


# The placeholders ``kg new`` writes (kg.contrib.new; a test there keeps the two in step):
# a field's own name in capitals (NAME, ALIAS, QUOTE, PRODUCT …), the id of a class in
# capitals (REGULATOR-ID, DOCUMENT-ID), a date pattern, and a few fixed words.
_PLACEHOLDER_WORDS = frozenset({"TEXT", "TYPE", "AMOUNT", "NUMBER", "YYYY", "YYYY-MM", "YYYY-MM-DD", "https://URL"})
_PLACEHOLDER_ID = re.compile(r"[A-Z]+(?:-[A-Z]+)*-ID")


def is_placeholder(key: str, text: str, *, takes_id: bool = False) -> bool:
    """True when ``text`` is a template placeholder left in field ``key``, not a value
    (``takes_id``: the field takes an id, where ``REGULATOR-ID`` is a placeholder)."""
    return (text in _PLACEHOLDER_WORDS or text == key.upper()
            or (takes_id and _PLACEHOLDER_ID.fullmatch(text) is not None))


def placeholder_problem(key: str, text: str, *, takes_id: bool = False) -> str | None:
    """The message for a placeholder left in a fact file, or None for a real value."""
    if not isinstance(text, str) or not is_placeholder(key, text, takes_id=takes_id):
        return None
    return f"'{text}' in '{key}' is a template placeholder — replace it with the real value, or delete the line if the field is optional"


@dataclass(frozen=True, slots=True)
class Value:
    """A field value as written, with its position."""

    text: str
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class SourceRef:
    """What a record cites: a document id (``doc``) or an inline web source, and a quote."""

    doc: str | None
    quote: str | None
    line: int
    col: int
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    language: str | None = None
    quote_line: int = 0  # where the quote is written (0: no quote), for messages about it
    quote_col: int = 0


@dataclass(slots=True)
class Record:
    """One entity, review, dispute, action, source or plain claim from a fact file."""

    section: str
    id: str | None
    type: str
    path: str
    line: int
    col: int
    fields: dict[str, list[Value]] = field(default_factory=dict)
    sources: list[SourceRef] = field(default_factory=list)
    certainty: str = "reported"
    confidence: float | None = None  # how sure the author (or the extractor a proposal came from) is, 0 to 1
    type_line: int = 0
    parent: str | None = None  # the dispute an action is nested in
    sequence: int | None = None  # its position in that dispute's list
    # a plain claim: subject, predicate and object
    subject: Value | None = None
    predicate: str | None = None


@dataclass
class FactSet:
    """Every record of a facts tree, in file order, plus the problems found per file."""

    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)  # each file's content key (kg.inputs.cache), by path as shown
    # Ids written in records that could not be read (a bad type, a file that does not
    # parse): a reference to one is not reported again, as its cause already is.
    unread_ids: set[str] = field(default_factory=set)


def suggest(word: str, choices) -> str:
    """`` — did you mean 'x'?`` when a close match exists."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def fact_paths(folder: Path) -> list[Path]:
    """Every ``.yaml``/``.yml`` file under ``folder``, in a stable order."""
    if folder.is_file():
        return [folder]
    if not folder.is_dir():
        return []
    return tree_files(folder, (".yaml", ".yml"))


class _FileReader:
    """Reads the records of one parsed file, collecting problems."""

    def __init__(self, onto: Ontology, path: str):
        self.onto = onto
        self.path = path
        self.problems: list[Problem] = []
        self.records: list[Record] = []
        self.unread_ids: set[str] = set()

    def unread(self, fields: dict[str, Node]) -> None:
        """Remember the id of a record that could not be read (see FactSet.unread_ids)."""
        id_node = fields.get("id")
        if id_node is not None and id_node.kind == "scalar" and isinstance(id_node.value, str):
            self.unread_ids.add(id_node.value)

    def error(self, node: Node, message: str) -> None:
        self.problems.append(Problem(self.path, node.line, node.col, message))

    def read(self, root: Node | None) -> None:
        if root is None:
            self.problems.append(Problem(self.path, 1, 1, "empty file — a fact file holds at least one section such as 'entities:'"))
            return
        if root.kind != "mapping":
            self.error(root, "a fact file must be a mapping of sections — start with 'entities:', 'reviews:', 'disputes:', 'actions:', 'claims:' or 'sources:'")
            return
        allowed = [*self.onto.sections, CLAIMS]
        for section, node in root.value.items():
            key = root.keys[section]
            if section not in allowed:
                self.error(key, f"unknown section '{shown(section)}' — allowed: {', '.join(allowed)}{suggest(section, allowed)}")
                continue
            if node.is_null():
                continue
            if node.kind != "sequence":
                self.error(node, f"'{section}' must be a list of records, each starting with '- '")
                continue
            for item in node.value:
                if item.kind != "mapping":
                    self.error(item, f"each item of '{section}' must be a record of 'key: value' lines")
                elif section == CLAIMS:
                    self.read_claim(item)
                else:
                    self.read_record(section, item)

    # -- records ---------------------------------------------------------------

    def record_type(self, section: str, node: Node) -> str | None:
        """The class of a record of ``section``: its ``type``, or the section's default. None
        (reported, and the record's id remembered as unread) when it has no usable one."""
        fields: dict[str, Node] = node.value
        classes = self.onto.section_classes(section)
        type_node = fields.get("type")
        type_name = self.onto.section_default(section)
        why = None
        if type_node is None:
            if type_name is None:
                self.error(node, f"missing 'type' — a record in '{section}' needs one of: {', '.join(classes)}")
                self.unread(fields)
            return type_name
        if type_node.kind == "scalar" and (why := placeholder_problem("type", type_node.value)):
            why = f"{why}: one of {', '.join(classes)}"
        elif type_node.kind == "scalar" and (other := self.onto.classes.get(type_node.value)) and other.section \
                and other.section != section:
            why = (f"{a_or_an(type_node.value)} does not belong in '{section}' — move it under '{other.section}:'; "
                   f"types allowed in '{section}': {', '.join(classes)}")
        elif type_node.kind != "scalar" or type_node.value not in classes:
            why = f"unknown type '{_show(type_node)}' for {section} — allowed: {', '.join(classes)}{suggest(_show(type_node), classes)}"
        if why:
            self.error(type_node, why)
            self.unread(fields)
            return None
        return type_node.value

    def read_record(self, section: str, node: Node, parent: str | None = None, sequence: int | None = None) -> None:
        fields: dict[str, Node] = node.value
        type_node = fields.get("type")
        type_name = self.record_type(section, node)
        if type_name is None:
            return
        record = Record(section, None, type_name, self.path, node.line, node.col, type_line=(type_node or node).line,
                        parent=parent, sequence=sequence)
        id_node = fields.get("id")
        if id_node is None:
            self.error(node, f"missing 'id' — every record in '{section}' needs an id: {Slug.HINT}")
        elif id_node.kind == "scalar" and (why := placeholder_problem("id", id_node.value, takes_id=True)):
            self.error(id_node, why)
        elif id_node.kind != "scalar" or not Slug.valid(id_node.value):
            self.error(id_node, f"id '{_show(id_node)}' is not a slug — use {Slug.HINT}")
        else:
            record.id = id_node.value
        props = self.onto.fields_of(type_name)
        special = {"id", "type", "source", "sources", "certainty", "confidence"} | ({"actions"} if section == "disputes" else set())
        if section == "sources":
            special -= {"source", "sources", "certainty", "confidence"}
        for key, value in fields.items():
            knode = node.keys[key]
            if key in special:
                continue
            prop = props.get(key)
            if prop is None:
                self.error(knode, f"unknown field '{shown(key)}' for {a_or_an(type_name)} — allowed: {', '.join(sorted(props))}{suggest(key, props)}")
                continue
            values = self.read_values(prop, value, type_name)
            if values:
                record.fields[key] = values
        if section == "sources":
            self.check_source_record(record, node)
        else:
            self.read_provenance(record, node)
        if "name" not in fields and section != "sources":
            self.error(node, f"missing 'name' — every {type_name} needs the name people use for it")
        if record.id is not None:
            self.records.append(record)
        if section == "disputes" and "actions" in fields:
            actions = fields["actions"]
            if actions.kind != "sequence":
                self.error(actions, "'actions' must be a list of actions, each starting with '- '")
                return
            for position, item in enumerate(actions.value, start=1):
                if item.kind != "mapping":
                    self.error(item, "each action must be a record of 'key: value' lines")
                else:
                    self.read_record("actions", item, parent=record.id, sequence=position)

    def check_source_record(self, record: Record, node: Node) -> None:
        for key in ("title", "publisher", "published", "url"):
            if key not in record.fields:
                self.error(node, f"missing '{key}' — a source needs title, publisher, published and url")

    def read_claim(self, node: Node) -> None:
        fields: dict[str, Node] = node.value
        record = Record(CLAIMS, None, "", self.path, node.line, node.col)
        for key in fields:
            if key not in ("subject", "predicate", "object", "source", "sources", "certainty", "confidence"):
                self.error(node.keys[key], f"unknown field '{shown(key)}' in a claim — allowed: subject, predicate, object, source, sources, certainty, confidence")
        for key in ("subject", "predicate", "object"):
            if key not in fields:
                self.error(node, f"missing '{key}' — a claim needs subject, predicate and object")
        subject, predicate, obj = fields.get("subject"), fields.get("predicate"), fields.get("object")
        if subject is not None:
            if subject.kind == "scalar" and (why := placeholder_problem("subject", subject.value, takes_id=True)):
                self.error(subject, why)
            elif subject.kind != "scalar" or not Slug.valid(subject.value):
                self.error(subject, f"subject '{_show(subject)}' is not an id — use {Slug.HINT}")
            else:
                record.subject = Value(subject.value, subject.line, subject.col)
        prop = None
        if predicate is not None:
            usable = {n: p for n, p in self.onto.properties.items() if not p.derived and self.onto.is_a(p.domain, "Thing")}
            if predicate.kind != "scalar" or predicate.value not in usable:
                self.error(predicate, f"unknown predicate '{_show(predicate)}' — use a property of the ontology such as {', '.join(sorted(usable)[:8])} …{suggest(_show(predicate), usable)}")
            else:
                prop = usable[predicate.value]
                record.predicate = prop.name
                record.type_line = predicate.line
        if prop is not None and obj is not None:
            values = self.read_values(prop, obj, None)
            if values:
                record.fields[prop.name] = values
        self.read_provenance(record, node)
        if record.subject is not None and record.predicate is not None and record.fields:
            self.records.append(record)

    # -- values ----------------------------------------------------------------

    def read_values(self, prop: OntProperty, node: Node, type_name: str | None) -> list[Value]:
        items = [node]
        if node.kind == "sequence":
            if prop.functional:
                first = node.value[0].value if node.value and node.value[0].kind == "scalar" else "…"
                self.error(node, f"'{prop.name}' takes one value, not a list — keep one, e.g. {prop.name}: {first}")
                return []
            items = node.value
        elif node.kind == "mapping":
            what = "one value" if prop.functional else "a value or a list of values"
            self.error(node, f"'{prop.name}' must be {what}, not a mapping of 'key: value' lines — write it after '{prop.name}:' "
                             "on the same line")
            return []
        values = []
        for item in items:
            if item.kind != "scalar":
                self.error(item, f"each value of '{prop.name}' must be a single value")
                continue
            if item.is_null() or item.value == "":
                self.error(item, f"'{prop.name}' is empty — give a value or remove the line")
                continue
            if why := placeholder_problem(prop.name, item.value, takes_id=prop.kind == "ref"):
                self.error(item, why)
                continue
            why = self.check_value(prop, item)
            if why:
                self.error(item, why)
            else:
                values.append(Value(item.value, item.line, item.col))
        return values

    def check_value(self, prop: OntProperty, item: Node) -> str | None:
        text = item.value
        kind = prop.kind
        # Ids and enumeration members get messages naming what the field refers to; every
        # other value is checked by its kind (kg.model.values).
        if kind == "ref":
            if not Slug.valid(text):
                return (f"'{_show(item)}' is not an id — '{prop.name}' takes the id of {a_or_an(prop.range)} "
                        f"(lower-case words joined by hyphens); did you mean '{Slug.from_name(text)}'?")
        elif kind == "enum":
            allowed = self.onto.enums.get(prop.range, ())
            if text not in allowed:
                return f"'{_show(item)}' is not {a_or_an(prop.name)} — allowed: {', '.join(allowed)}{suggest(text, allowed)}"
        elif prop.name == "name" and (why := _name_problem(text)):
            return why
        elif (value_kind := kind_of(prop)) is String:
            return String.check(text, prop.name)
        else:
            return value_kind.check(text)
        return None

    # -- provenance ------------------------------------------------------------

    def read_provenance(self, record: Record, node: Node) -> None:
        fields = node.value
        if "certainty" in fields:
            cert = fields["certainty"]
            allowed = self.onto.enums["Certainty"]
            if cert.kind != "scalar" or cert.value not in allowed:
                self.error(cert, f"'{_show(cert)}' is not a certainty — allowed: {', '.join(allowed)}{suggest(_show(cert), allowed)}")
            else:
                record.certainty = cert.value
        if "confidence" in fields:
            conf = fields["confidence"]
            try:
                value = float(conf.value) if conf.kind == "scalar" and Decimal.valid(conf.value) else None
            except ValueError:
                value = None
            if value is None:
                self.error(conf, f"confidence '{_show(conf)}' is not a number — write a number from 0 to 1, such as 0.8")
            elif not 0 <= value <= 1:
                self.error(conf, f"confidence '{_show(conf)}' is out of range — write a number from 0 to 1, such as 0.8")
            else:
                record.confidence = value
        if "source" in fields and "sources" in fields:
            self.error(node.keys["sources"], "both 'source' and 'sources' — keep one: 'source:' for one citation, 'sources:' with a "
                                             "list for several")
        src = fields.get("source", fields.get("sources"))
        if src is None:
            self.error(node, "no source — every claim cites one: 'source: DOC_ID' or 'source: {doc: DOC_ID, quote: \"…\"}' or 'source: {url: https://…, publisher: …, published: YYYY-MM-DD}'")
            return
        items = src.value if src.kind == "sequence" else [src]
        if not items:
            self.error(src, "empty list of sources — cite at least one")
        for item in items:
            ref = self.read_source(item)
            if ref is not None:
                record.sources.append(ref)

    def source_values(self, node: Node) -> dict[str, str] | None:
        """The fields of an inline source; None when a template placeholder is left in one."""
        values: dict[str, str] = {}
        placeholder = False
        for key, value in node.value.items():
            if key not in SOURCE_FIELDS:
                self.error(node.keys[key], f"unknown field '{shown(key)}' in a source — allowed: {', '.join(SOURCE_FIELDS)}{suggest(key, SOURCE_FIELDS)}")
            elif value.kind != "scalar" or value.is_null():
                self.error(value, f"'{key}' of a source must be a single value")
            elif why := placeholder_problem(key, value.value, takes_id=key == "doc"):
                self.error(value, why)
                placeholder = True
            else:
                values[key] = value.value
        return None if placeholder else values

    def read_source(self, node: Node) -> SourceRef | None:
        if node.kind == "scalar":
            if why := placeholder_problem("source", node.value, takes_id=True):
                self.error(node, why)
                return None
            if not Slug.valid(node.value):
                self.error(node, f"source '{_show(node)}' is not a document id — cite a document in seeds/ or a source in facts/ by its id, or write {{url: …, publisher: …, published: …}}")
                return None
            return SourceRef(node.value, None, node.line, node.col)
        if node.kind != "mapping":
            self.error(node, "a source is a document id or a mapping with doc/quote or url/publisher/published")
            return None
        values = self.source_values(node)
        if values is None:
            return None
        doc, url = values.get("doc"), values.get("url")
        if doc is not None and not Slug.valid(doc):
            self.error(node.value["doc"], f"source '{shown(doc)}' is not a document id — {Slug.HINT}")
            return None
        if doc is None and url is None:
            self.error(node, "a source needs 'doc: DOC_ID' (a document in seeds/ or a source in facts/) or 'url: https://…'")
            return None
        if url is not None:
            if why := Url.check(url):
                self.error(node.value["url"], why)
                return None
            if doc is None:
                # `published` may be left out when the page prints no date: inventing one would be worse.
                if "publisher" not in values:
                    self.error(node, "a web source needs 'publisher' too — give url, publisher and, if the page shows it, published (YYYY-MM-DD)")
                    return None
        if "published" in values and (why := Date.check(values["published"])):
            self.error(node.value["published"], why)
            return None
        for key, text in values.items():
            # A quote may keep the line breaks and tabs of the article; nothing else may hold control characters.
            allowed = "\n\t" if key == "quote" else ""
            if forbidden_character(text, allowed):
                self.error(node.value[key], f"'{key}' of a source contains a control character — write plain text")
                return None
        if "language" in values and (why := Language.check(values["language"])):
            self.error(node.value["language"], why)
            return None
        quote = values.get("quote")
        if quote is not None and len(quote) > MAX_TEXT:
            self.error(node.value["quote"], f"quote is {len(quote)} characters long — at most {MAX_TEXT}")
            return None
        quote_node = node.value.get("quote") if quote is not None else None
        return SourceRef(doc, quote, node.line, node.col, url, values.get("title"), values.get("publisher"),
                         values.get("published"), values.get("language"),
                         quote_node.line if quote_node else 0, quote_node.col if quote_node else 0)


def _name_problem(text: str) -> str | None:
    """Why ``text`` is not a name: a name is one line (tabs aside, no control characters).
    A name too long for any text is left to :meth:`String.check`, which says so."""
    if len(text) > String.MAX_LENGTH:
        return None
    if "\n" in text.rstrip("\n"):
        return f"'name' spans {text.rstrip(chr(10)).count(chr(10)) + 1} lines — write the name on one line"
    if "\n" in text or any(ord(c) < 32 and c != "\t" for c in text):
        return "'name' contains control characters or a line break — write it on one line of plain text"
    return None


def _show(node: Node) -> str:
    """A node's value as a message quotes it (see :func:`kg.model.values.shown`)."""
    return shown(node.value) if isinstance(node.value, str) else "…"


# An `id:` line, for finding the ids of a file that does not parse (see FactSet.unread_ids).
_ID_LINE = re.compile(r"^[ \t-]*id:[ \t]*['\"]?([a-z0-9][a-z0-9-]*)['\"]?[ \t]*(?:#.*)?$", re.MULTILINE)


def _read_file(path: Path, display: str, onto: Ontology, data: bytes | None = None) -> tuple[list[Record], list[Problem], set[str]]:
    reader = _FileReader(onto, display)
    try:
        root = load_yaml(path, display, problems=reader.problems, data=data)
    except InvalidData as exc:
        try:
            text = read_text(path, display, data=data)  # the same checks (size, regular file) as loading
        except InvalidData:
            text = ""
        return [], list(exc.problems), set(_ID_LINE.findall(text))
    reader.read(root)
    return reader.records, reader.problems, reader.unread_ids


def load_facts(paths: list[Path], root: Path | None = None, cache: FileCache | None = None,
               index: FileCache | None = None) -> FactSet:
    """Read every fact file under ``paths`` (files or folders); a file whose bytes
    ``cache`` has seen is not read again (see :mod:`kg.inputs.cache`). Each file read
    afresh also leaves its :class:`FileIndex` in ``index``, for checks of one file."""
    onto = load_ontology()
    cache = cache or FileCache(None, "facts")

    def read(path: Path, display: str, data: bytes | None):
        parts = _read_file(path, display, onto, data)
        if index is not None and data is not None:
            index.put(index.key(data, display), FileIndex.of(parts[0], parts[2]))
        return parts

    facts = FactSet()
    seen: set[Path] = set()
    for base in paths:
        if not base.exists():
            facts.problems.append(Problem(os.fspath(base), 0, 0, "no such file or folder — give the facts folder (--facts), "
                                                                  "or run kg in the repository (the folder holding facts/) or one of its subfolders"))
            continue
        for path in fact_paths(base):
            if path in seen:
                continue
            seen.add(path)
            display = display_path(path, root)
            facts.files.append(display)
            records, problems, unread = cache.read(path, display, lambda data, p=path, d=display: read(p, d, data))
            if display in cache.keys:
                facts.keys[display] = cache.keys[display]
            facts.records.extend(records)
            facts.problems.extend(problems)
            facts.unread_ids |= unread
    return facts


@dataclass(frozen=True)
class FileIndex:
    """What other files need to know of one fact file to check a file against it: the
    records it defines (section, id, class, position, name), the subjects its records
    state facts about, and the ids it writes that could not be read."""

    defined: tuple[tuple[str, str, str, int, int, str | None], ...]
    subjects: frozenset[str]
    unread: frozenset[str]
    refs: frozenset[str] = frozenset()  # the ids its records refer to: values, disputes, sources cited

    @classmethod
    def of(cls, records: list[Record], unread: set[str]) -> FileIndex:
        onto = load_ontology()
        defined = tuple((r.section, r.id, r.type, r.line, r.col, r.fields["name"][0].text if r.fields.get("name") else None)
                        for r in records if r.id is not None)
        subjects = {r.id for r in records if r.id is not None} | {r.subject.text for r in records if r.subject}
        refs = {v.text for r in records for name, values in r.fields.items()
                if name in onto.properties and onto.properties[name].kind == "ref" for v in values}
        refs |= {r.parent for r in records if r.parent} | {ref.doc for r in records for ref in r.sources if ref.doc}
        return cls(defined, frozenset(subjects), frozenset(unread), frozenset(refs))

    def stubs(self, path: str) -> list[Stub]:
        """What the index knows of each record (id, class, position, name), standing in for
        the record: enough to resolve references and name them."""
        return [Stub(section, ident, type_, path, line, col, name) for section, ident, type_, line, col, name in self.defined]


class Stub:
    """A record of a file read only as far as its index (:class:`FileIndex`): it reads like
    a :class:`Record` with no fields and no sources, so it makes no claim and no check
    looks into it; ``name`` is its name, for messages and ``kg diff``."""

    __slots__ = ("section", "id", "type", "path", "line", "col", "name")
    fields: dict = {}
    sources: tuple = ()
    subject = predicate = parent = sequence = confidence = None
    certainty = "reported"
    type_line = 0

    def __init__(self, section: str, ident: str, type_: str, path: str, line: int, col: int, name: str | None):
        self.section, self.id, self.type, self.path, self.line, self.col, self.name = section, ident, type_, path, line, col, name


class FocusedReader:
    """Reads a facts tree for checking some of its files (see :meth:`load`), each file's
    records and index taken from the per-file caches in ``cache_dir`` when unchanged
    (``deferred``: new entries wait for :meth:`save`, as a build's do)."""

    def __init__(self, root: Path | None, cache_dir: Path | None, *, deferred: bool = False):
        self.root, self.onto = root, load_ontology()
        self.records_cache = FileCache(cache_dir, "facts", deferred=deferred)
        self.index_cache = FileCache(cache_dir, "index", deferred=deferred)

    def records(self, path: Path, display: str) -> tuple[list[Record], list[Problem], set[str]]:
        return self.records_cache.read(path, display, lambda data: _read_file(path, display, self.onto, data))

    def index(self, path: Path, display: str) -> FileIndex:
        def make(data: bytes | None) -> FileIndex:
            records, _, unread = self.records(path, display)
            return FileIndex.of(records, unread)
        return self.index_cache.read(path, display, make)

    def indexes(self, facts_dir: Path) -> dict[str, tuple[Path, FileIndex]]:
        """Every fact file's index, by path as shown, in file order; ``self.index_cache.keys``
        then holds each file's content key."""
        found = {}
        for path in fact_paths(facts_dir):
            display = display_path(path, self.root)
            found[display] = (path, self.index(path, display))
        return found

    def load(self, facts_dir: Path, wanted: set[str], also: set[str] = frozenset(),
             indexes: dict[str, tuple[Path, FileIndex]] | None = None) -> FactSet:
        """The tree as checking the files ``wanted`` (paths as shown) needs it: their records
        in full, and those of every file stating facts about the same subjects (or about
        ``also``); of every other file only its :class:`FileIndex`, as stub records.
        Cross-file checks of the result are exact for the wanted files' records, and the
        claims it makes about those subjects are all the tree's claims about them."""
        facts = FactSet()
        indexes = indexes if indexes is not None else self.indexes(facts_dir)
        owners = set(also).union(*(index.subjects for d, (_, index) in indexes.items() if d in wanted))
        for display, (path, index) in indexes.items():
            facts.files.append(display)
            facts.unread_ids |= index.unread
            if display in wanted or index.subjects & owners:
                records, problems, _ = self.records(path, display)
                facts.records.extend(records)
                facts.problems.extend(problems)
            else:
                facts.records.extend(index.stubs(display))
        facts.keys = {d: self.index_cache.keys[d] for d in indexes if d in self.index_cache.keys}
        return facts


def catalog_of(facts: FactSet) -> list[dict]:
    """The curated entities, for the extractor to link mentions to:
    ``[{"id", "type", "name", "aliases"}]`` (and "country" when one is recorded), sorted by id."""
    catalog = []
    for record in facts.records:
        if record.section == "entities" and record.id:
            catalog.append({
                "id": record.id,
                "type": record.type,
                "name": record.fields["name"][0].text if "name" in record.fields else record.id,
                "aliases": [v.text for v in record.fields.get("alias", [])],
            })
            if record.fields.get("country"):
                # The state a body belongs to: its generic name ("Ministry of Finance") links only where that state is named.
                catalog[-1]["country"] = record.fields["country"][0].text
    return sorted(catalog, key=lambda e: e["id"])


def entity_catalog(facts_dir: Path) -> list[dict]:
    """:func:`catalog_of` the facts under ``facts_dir``; files with problems contribute what they can."""
    return catalog_of(load_facts([facts_dir]))
