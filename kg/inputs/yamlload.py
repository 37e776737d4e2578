"""Safe YAML reading with positions.

Fact files come from strangers' pull requests, so YAML is read as events from libyaml
(PyYAML's ``CParser``) and turned into plain :class:`Node` trees here, never into Python
objects by a YAML constructor. That gives, in one pass and before anything is built:

- anchors and aliases refused at the first anchor, so "billion laughs" never expands;
- duplicate keys, explicit tags, several documents and deep nesting reported as errors;
- no implicit typing: ``NO``, ``012345`` and ``2014-05-19`` stay the text that was
  written, and the fact reader (:mod:`kg.inputs.facts`) decides what a value must be;
- the line and column of every key and value, for ``path:line:col`` messages.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kg.model.errors import InvalidData, Problem

try:  # libyaml is 5x faster; the pure parser gives the same events.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML wheels ship libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 64

# Control characters (written as YAML escapes such as "\0" or "\e") have no place in a key.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_ANCHOR_HINT = "anchors and aliases (&name, *name) are not allowed — write the value out in full"


@dataclass(slots=True)
class Node:
    """A YAML value with its 1-based position.

    ``value`` is a ``str`` for a scalar, a ``list[Node]`` for a sequence and a
    ``dict[str, Node]`` for a mapping (``keys`` then holds the key nodes, for positions).
    ``plain`` is true for an unquoted scalar."""

    value: str | list[Node] | dict[str, Node]
    line: int
    col: int
    plain: bool = False
    keys: dict[str, Node] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        if isinstance(self.value, str):
            return "scalar"
        return "sequence" if isinstance(self.value, list) else "mapping"

    def is_null(self) -> bool:
        return self.plain and self.value in ("", "~", "null", "Null", "NULL")


# The pending key of a mapping entry whose key was refused: its value is skipped.
_SKIP = Node("", 0, 0)


def tree_files(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """Files under ``folder`` whose suffix is in ``suffixes``, in a stable order, without
    following symbolic links. A symbolic link inside the tree (to a file or a folder,
    whatever its name) is listed too, so that reading it reports it instead of silently
    reading — or silently skipping — what lies outside the tree; so is a folder named like
    a file (``x.yaml/``), which reading reports as not a regular file.

    ``folder`` itself may be a symbolic link only to a folder beside it or below its
    parent (``facts -> data/facts``); one leading elsewhere (``seeds -> /home/x``) is refused,
    as the links inside are."""
    if folder.is_symlink():
        target, home = folder.resolve(), folder.absolute().parent.resolve()
        if target != home and home not in target.parents:
            raise InvalidData([Problem(str(folder), 0, 0, f"a symbolic link to {target}, outside the tree — "
                                       "fact and document folders must be real folders of the repository")])
    found = []
    for top, dirs, files in os.walk(folder, followlinks=False):
        here = Path(top)
        for name in dirs:
            if (here / name).is_symlink() or Path(name).suffix in suffixes:
                found.append(here / name)
        for name in files:
            path = here / name
            if path.suffix in suffixes or path.is_symlink():
                found.append(path)
    return sorted(found)


def read_text(path: Path, display: str, *, max_bytes: int | None = None, data: bytes | None = None) -> str:
    """Read a UTF-8 text file strictly: size cap (``MAX_FILE_BYTES`` unless ``max_bytes`` is given), no
    byte-order mark, no NUL, valid UTF-8."""
    if max_bytes is None:  # read at call time, so tests can lower the cap
        max_bytes = MAX_FILE_BYTES
    try:
        if data is None:
            if path.is_symlink() or not path.is_file():
                kind = "a symbolic link" if path.is_symlink() else "not a regular file"
                raise InvalidData([Problem(display, 0, 0, f"{kind} — fact files and documents must be regular files inside the tree")])
            size = path.stat().st_size
            if size > max_bytes:
                raise InvalidData([Problem(display, 1, 1, _too_big(size, max_bytes))])
            data = path.read_bytes()
    except OSError as exc:
        raise InvalidData([Problem(display, 0, 0, f"cannot read file: {exc.strerror or exc}")]) from None
    if len(data) > max_bytes:
        raise InvalidData([Problem(display, 1, 1, _too_big(len(data), max_bytes))])
    if data.startswith(b"\xef\xbb\xbf"):
        raise InvalidData([Problem(display, 1, 1, "file starts with a byte-order mark — save it as UTF-8 without BOM")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InvalidData([Problem(display, line, col, f"invalid UTF-8 byte 0x{data[exc.start]:02x} — save the file as UTF-8")]) from None
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise InvalidData([Problem(display, line, nul - (text.rfind("\n", 0, nul) + 1) + 1, "NUL character — text files may not contain NUL bytes")])
    return text


def _too_big(size: int, cap: int) -> str:
    return f"file is {size:,} bytes, over the limit of {cap:,} bytes — split it into several smaller files (one per topic)"


def _tab_problems(text: str, display: str, first_line: int) -> list[Problem]:
    """Lines indented with a tab. A tab after spaces is left to the parser: inside a block
    scalar (``quote: |``) it is text, and elsewhere libyaml reports it."""
    problems = []
    for number, line in enumerate(text.split("\n"), start=first_line):
        if line.startswith("\t"):
            problems.append(Problem(display, number, 1, "tab used for indentation — indent with spaces only"))
    return problems


def parse_yaml(text: str, display: str, *, first_line: int = 1, problems: list[Problem] | None = None) -> Node | None:
    """Parse one YAML document into a :class:`Node` tree; ``None`` for an empty one.

    ``first_line`` shifts reported lines, for YAML embedded in a larger file (front
    matter). Raises :class:`InvalidData` for a file that cannot be read further. Duplicate
    keys are added to ``problems`` when it is given (the first value is kept, so the rest
    of the file is still checked), else raised.

    Long because it is one pass over libyaml's events: the stack of open mappings and
    sequences, the pending key and the positions are shared by every kind of event, and
    this loop is the hot path of every build (split, each part would take them all)."""
    tabs = _tab_problems(text, display, first_line)
    if tabs:
        raise InvalidData(tabs)
    shift = first_line - 1
    collect = problems is not None
    problems = [] if problems is None else problems
    fatal_from = len(problems)
    stack: list[tuple[Node, Node | None]] = []  # (container, pending key node)
    root: Node | None = None
    documents = 0

    def where(event) -> tuple[int, int]:
        return event.start_mark.line + 1 + shift, event.start_mark.column + 1

    def add(node: Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        container, key = stack[-1]
        if isinstance(container.value, list):
            container.value.append(node)
        elif key is None:
            if node.kind != "scalar" or _CONTROL.search(node.value):
                why = "nested keys are not allowed" if node.kind != "scalar" else "it contains a control character"
                problems.append(Problem(display, node.line, node.col, f"a key must be a plain word — {why}"))
                stack[-1] = (container, _SKIP)
                return
            stack[-1] = (container, node)
        else:
            name = key.value
            if key is _SKIP:
                pass
            elif name in container.value:
                first = container.keys[name]
                problems.append(Problem(display, key.line, key.col, f"duplicate key '{name}' (first at line {first.line}) — each key may appear once; remove or merge one"))
            else:
                container.value[name] = node
                container.keys[name] = key
            stack[-1] = (container, None)

    try:
        for event in yaml.parse(text, Loader=_Loader):
            kind = type(event).__name__
            if kind in ("StreamStartEvent", "StreamEndEvent", "DocumentEndEvent"):
                continue
            if kind == "DocumentStartEvent":
                documents += 1
                if documents > 1:
                    line, col = where(event)
                    raise InvalidData([Problem(display, line, col, "a second YAML document ('---') — a fact file holds one document; remove the '---' line or split the file in two")])
                continue
            line, col = where(event)
            if kind == "AliasEvent" or getattr(event, "anchor", None):
                raise InvalidData([Problem(display, line, col, _ANCHOR_HINT)])
            tag = getattr(event, "tag", None)
            if tag is not None:  # libyaml reports a tag only when one is written
                shown = tag.replace("tag:yaml.org,2002:", "!!")
                raise InvalidData([Problem(display, line, col, f"YAML tag '{shown}' is not allowed — write a plain value without '!'")])
            if kind == "ScalarEvent":
                add(Node(event.value, line, col, plain=event.implicit[0]))
            elif kind in ("SequenceStartEvent", "MappingStartEvent"):
                if len(stack) >= MAX_DEPTH:
                    raise InvalidData([Problem(display, line, col, f"nesting deeper than {MAX_DEPTH} levels — fact files are at most a few levels deep")])
                node = Node([] if kind == "SequenceStartEvent" else {}, line, col)
                add(node)
                stack.append((node, None))
            elif kind in ("SequenceEndEvent", "MappingEndEvent"):
                stack.pop()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + shift if mark else first_line
        col = mark.column + 1 if mark else 1
        what = exc.problem or "invalid YAML"
        if exc.context:
            what = f"{exc.context}, {what}"
        hint = ("fact files are at most a few levels deep" if "nesting depth" in what
                else "check indentation, colons and quotes around text containing ': ' or '#'")
        raise InvalidData([*problems[fatal_from:], Problem(display, line, col, f"YAML syntax error: {what} — {hint}")]) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, such as a control character
        at = exc.position
        line, col = text.count("\n", 0, at) + first_line, at - (text.rfind("\n", 0, at) + 1) + 1
        what = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise InvalidData([*problems[fatal_from:], Problem(display, line, col, f"character {what} is not allowed in YAML "
                                                           "— remove it, or write it as an escape in double quotes")]) from None
    except yaml.YAMLError as exc:
        what = " ".join(str(exc).split())
        raise InvalidData([*problems[fatal_from:], Problem(display, first_line, 1, f"YAML syntax error: {what}")]) from None
    if problems[fatal_from:] and not collect:
        raise InvalidData(problems[fatal_from:])
    return root


def load_yaml(path: Path, display: str | None = None, *, max_bytes: int | None = None,
              problems: list[Problem] | None = None, data: bytes | None = None) -> Node | None:
    """Read and parse one YAML file (or ``data``, its bytes already read); see :func:`parse_yaml`."""
    display = display or os.fspath(path)
    return parse_yaml(read_text(path, display, max_bytes=max_bytes, data=data), display, problems=problems)
