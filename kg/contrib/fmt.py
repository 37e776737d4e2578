"""``kg fmt``: rewrite fact files in one canonical key order and style, keeping comments.

The canonical order of a record's keys (a documented rule, derived from the ontology):

1. ``id``, ``type``, ``name``, ``alias``, ``description``;
2. the fields of the record's class, most specific class first — the fields declared on
   the class itself, then those of its parent, and so on up to ``Thing`` — each class's
   fields in the order ``kg/model/data/kg.ttl`` declares them (so a review reads: reviewer,
   reviewSubject, resultsSubmittedTo, then dates, status, dispute, vendor, product);
3. any key the ontology does not know, in the order written (``kg validate`` reports it);
4. ``certainty``, ``confidence``, ``source``, ``sources``, and a dispute's ``actions`` last.

Plain claims read ``subject``, ``predicate``, ``object`` then certainty and sources; a
source mapping reads ``doc``, ``quote``, ``url``, ``title``, ``publisher``, ``published``,
``language``. Sections and the records in them keep their order (the order of a
dispute's actions is its sequence). Style: two-space indentation, list items indented
under their key (``  - id: …``), lines never re-wrapped, one newline at the end; flow
lists (``[a, b]``), quotes, folded text and comments stay as written.

Formatting never changes the graph: only the order of keys and the white space change.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from kg.inputs.facts import CLAIMS, SOURCE_FIELDS, display_path, fact_paths
from kg.inputs.yamlload import parse_yaml, read_text
from kg.model.errors import InvalidData, Problem

FIRST = ("id", "type", "name", "alias", "description")
LAST = ("certainty", "confidence", "source", "sources", "actions")
CLAIM_ORDER = ("subject", "predicate", "object", *LAST[:-1])
@cache
def key_order(type_name: str | None) -> tuple[str, ...]:
    """The canonical order of the known keys of a record of class ``type_name``."""
    from kg.model.ontology import load_ontology

    onto = load_ontology()
    declared = onto.declared_order
    keys: list[str] = list(FIRST)
    if type_name in onto.classes:
        fields = onto.fields_of(type_name)
        for cls in onto.ancestors(type_name):
            own = [n for n, p in fields.items() if p.domain == cls]
            keys.extend(n for n in sorted(own, key=lambda n: declared.get(n, len(declared))) if n not in keys)
    else:  # unknown type: every field, in the ontology's order
        keys.extend(n for n in sorted(declared, key=declared.get) if n not in keys)
    return tuple(keys)


def _sorted_keys(keys: list[str], order: tuple[str, ...], last: tuple[str, ...] = LAST) -> list[str]:
    rank = {k: i for i, k in enumerate(order)}
    tail = {k: i for i, k in enumerate(last)}
    known = sorted((k for k in keys if k in rank), key=rank.get)
    unknown = [k for k in keys if k not in rank and k not in tail]
    return known + unknown + sorted((k for k in keys if k in tail), key=tail.get)


# -- comments ---------------------------------------------------------------------
# ruamel.yaml keeps the comment lines *after* a key's value with that key. When keys
# move, lines that introduce the next key must move with the next key, and the blank
# lines ending a record must stay at its end; so each key's comment is split into its
# end-of-line part and the lines that follow.


def _tail(cmap, key):
    """The (container, key) whose comment slot holds what follows ``cmap[key]``'s value."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    value = cmap[key]
    if isinstance(value, CommentedMap) and value and not value.fa.flow_style():
        return _tail(value, list(value)[-1])
    if isinstance(value, CommentedSeq) and value and not value.fa.flow_style():
        last = len(value) - 1
        if isinstance(value[last], CommentedMap | CommentedSeq) and value[last] and not value[last].fa.flow_style():
            inner = value[last]
            return _tail(inner, list(inner)[-1]) if isinstance(inner, CommentedMap) else (inner, len(inner) - 1)
        return value, last
    return cmap, key


def _slot(container, key):
    from ruamel.yaml.comments import CommentedSeq

    items = container.ca.items.get(key)
    index = 0 if isinstance(container, CommentedSeq) else 2
    return items, index


def _take(container, key) -> tuple[str, str, int]:
    """Split the comment after ``container[key]`` into (end-of-line comment, the whole
    lines that follow, the column of the end-of-line comment). Without an end-of-line
    comment the token starts with the newline ending the key's own line."""
    items, index = _slot(container, key)
    token = items[index] if items and len(items) > index else None
    if token is None or not hasattr(token, "value"):
        return "", "", 0
    text = token.value
    column = token.start_mark.column if token.start_mark is not None else 0
    if text.startswith("#"):
        eol, _, rest = text.partition("\n")
        return eol + "\n", rest, column
    if _block_scalar(container, key):  # its own line end belongs to the scalar
        return "", text, column
    return "", text[1:] if text.startswith("\n") else text, column


def _block_scalar(container, key) -> bool:
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    return isinstance(container[key], FoldedScalarString | LiteralScalarString)


def _put(container, key, eol: str, following: str, column: int) -> None:
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    items, index = _slot(container, key)
    if eol or _block_scalar(container, key):
        text = eol + following
    else:
        text = "\n" + following if following else ""
    if not text:
        if items and len(items) > index:
            items[index] = None
        return
    if items is None:
        items = container.ca.items.setdefault(key, [None, None, None, None])
    while len(items) <= index:
        items.append(None)
    items[index] = CommentToken(text, CommentMark(column), None)


def _reorder(cmap, wanted: list[str]) -> None:
    keys = list(cmap)
    if keys == wanted:
        return
    holders = {k: _tail(cmap, k) for k in keys}
    split = {k: _take(*holders[k]) for k in keys}
    before = {keys[i + 1]: split[keys[i]][1] for i in range(len(keys) - 1)}  # lines introducing the next key
    after_all = split[keys[-1]][1]
    items = [(k, cmap[k]) for k in wanted]
    for k in keys:
        del cmap[k]
    for k, v in items:
        cmap[k] = v
    for i, k in enumerate(wanted):
        following = before.get(wanted[i + 1], "") if i + 1 < len(wanted) else after_all
        _put(*_tail(cmap, k), split[k][0], following, split[k][2])


# -- records ----------------------------------------------------------------------


def _format_source(value) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    for item in value if isinstance(value, CommentedSeq) else [value]:
        if isinstance(item, CommentedMap):
            _reorder(item, _sorted_keys(list(item), SOURCE_FIELDS, ()))


def _format_record(section: str, record) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if not isinstance(record, CommentedMap):
        return
    for key in ("source", "sources"):
        if key in record:
            _format_source(record[key])
    if section == CLAIMS:
        _reorder(record, _sorted_keys(list(record), CLAIM_ORDER, ()))
        return
    if isinstance(record.get("type"), str):
        type_name = record["type"]
    else:  # the class the loader gives it; none for an action, which must name its type
        from kg.model.ontology import load_ontology

        type_name = load_ontology().section_default(section)
    _reorder(record, _sorted_keys(list(record), key_order(type_name)))
    if section == "disputes" and isinstance(record.get("actions"), CommentedSeq):
        for action in record["actions"]:
            _format_record("actions", action)


def _yaml():
    """ruamel.yaml in round-trip mode, reading every plain scalar as the text written.

    Its own resolver would turn ``+12``, ``-0``, ``True``, ``.NaN``, ``-.5e-3`` or a timestamp
    into a number, boolean or date and write it back in its own spelling (``12``, ``true``,
    ``.nan``, ``-5.e-4``) — a different value in the graph, which reads the text written.
    Only an empty plain scalar keeps its meaning (null), so ``key:`` stays ``key:``."""
    from ruamel.yaml import YAML
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.resolver import VersionedResolver

    class TextResolver(VersionedResolver):
        def resolve(self, kind, value, implicit):
            if kind is ScalarNode and implicit[0] and value != "":
                return self.DEFAULT_SCALAR_TAG
            return super().resolve(kind, value, implicit)

    yaml = YAML(typ="rt")
    yaml.Resolver = TextResolver
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never re-wrap a line
    return yaml


def format_text(text: str, display: str) -> str:
    """The canonical form of one fact file's text. The text is first read by kg's safe
    loader (no anchors, tags or duplicate keys), so ruamel.yaml only sees plain YAML;
    :class:`InvalidData` is raised for a file that is not."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.error import YAMLError

    parse_yaml(text, display)
    if not text.strip():
        return text
    yaml = _yaml()
    try:
        data = yaml.load(text)
    except YAMLError as exc:  # pragma: no cover - the safe loader refuses it first
        raise InvalidData([Problem(display, 1, 1, f"cannot format: {exc}")]) from None
    if isinstance(data, CommentedMap):
        for section, records in data.items():
            if isinstance(records, CommentedSeq):
                for record in records:
                    _format_record(section, record)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue().rstrip("\n") + "\n"


@dataclass
class FmtResult:
    """What ``kg fmt`` did: files changed (or that would change), files already canonical."""

    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def format_paths(paths: list[Path], *, check: bool = False, root: Path | None = None) -> FmtResult:
    """Format every fact file under ``paths``; with ``check``, write nothing and only
    report the files that would change. Raises :class:`InvalidData` when a file cannot be
    read as YAML (nothing is written then, so a half-formatted tree never results)."""
    from kg.build.output import write_atomic

    result = FmtResult()
    problems: list[Problem] = []
    pending: list[tuple[Path, str]] = []
    for base in paths:
        if not base.exists():
            problems.append(Problem(os.fspath(base), 0, 0, "no such file or folder — give fact files or folders, e.g. facts/"))
            continue
        for path in fact_paths(base):
            display = display_path(path, root)
            try:
                text = read_text(path, display)
                new = format_text(text, display)
            except InvalidData as exc:
                problems.extend(exc.problems)
                continue
            if new != text:
                result.changed.append(display)
                pending.append((path, new))
            else:
                result.unchanged.append(display)
    if problems:
        raise InvalidData(problems)
    if not check:
        for path, new in pending:
            write_atomic(path, new.encode())
    return result
