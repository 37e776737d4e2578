"""Source documents: news articles in ``seeds/`` with YAML front matter.

A document file is::

    ---
    id: scmp-2014-ibm-servers
    title: Beijing pushes banks to ditch IBM servers over spying dispute with US
    publisher: South China Morning Post
    url: https://www.scmp.com/...
    published: 2014-05-28
    language: en
    ---
    The article text, exactly as scraped.

Character offsets (evidence spans, quotes) count from the first character after the
closing ``---`` line, so the text stays byte-for-byte what was scraped.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.inputs.cache import FileCache
from kg.inputs.yamlload import parse_yaml, read_text, tree_files
from kg.model.errors import InvalidData, Problem
from kg.model.values import Date, Language, Slug, Url, forbidden_at, shown

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
DOCUMENT_SUFFIXES = (".txt", ".md")

REQUIRED = ("id", "title", "publisher", "published", "language")
OPTIONAL = ("url",)
# The value kind of each front-matter field that has one (title and publisher are one line of text).
_KINDS = {"id": Slug, "published": Date, "url": Url, "language": Language}


@dataclass(frozen=True, slots=True)
class Document:
    """An article: its metadata and its text (without the front matter)."""

    id: str
    title: str
    publisher: str
    published: str
    language: str
    url: str | None
    text: str
    path: str
    body_line: int = 1  # line of the file where ``text`` starts


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Split ``---`` front matter from the body: (front, body, line where body starts)."""
    if not text.startswith("---\n") and not text.startswith("---\r\n"):
        return None
    start = 5 if text.startswith("---\r\n") else 4
    m = re.search(r"^---[ \t]*\r?$\n?", text[start:], flags=re.M)
    if not m:
        return None
    front = text[start : start + m.start()]
    body = text[start + m.end() :]
    body_line = text.count("\n", 0, start + m.end()) + 1
    return front, body, body_line


def _refuse_spoofing(text: str, display: str) -> None:
    """Raise for characters that are not content: terminal escapes, bidirectional overrides,
    non-characters (see :func:`kg.model.values.forbidden_character`)."""
    bad = forbidden_at(text, "\n\t\r\f")
    if bad:
        at, what = bad
        line = text.count("\n", 0, at) + 1
        raise InvalidData([Problem(display, line, at - (text.rfind("\n", 0, at) + 1) + 1,
                                   f"{what} — an article is plain text: terminal escapes, bidirectional "
                                   "overrides and non-characters are not content (remove them)")])


def load_document(path: Path, display: str | None = None, *, published: str | None = None,
                  data: bytes | None = None) -> Document:
    """Read one document (or ``data``, its bytes already read). Without front matter,
    ``published`` (YYYY-MM-DD) is required and the id is made from the file name, the
    title from the first line of text."""
    display = display or os.fspath(path)
    text = read_text(path, display, max_bytes=MAX_DOCUMENT_BYTES, data=data)
    if not text.strip():
        raise InvalidData([Problem(display, 1, 1, "empty document — a document holds front matter and the article's text")])
    _refuse_spoofing(text, display)
    split = split_front_matter(text)
    if split is None and text.startswith("---") and text[3:4] in ("\n", "\r"):
        raise InvalidData([Problem(display, 1, 1, "front matter is not closed — end the 'key: value' lines with a line "
                                                   "holding only '---', then the article's text")])
    if split is None:
        if published is None:
            raise InvalidData([Problem(display, 1, 1, "no front matter — start the file with '---', then id, title, publisher, published, language and url lines, then '---'")])
        problem = Date.check(published)
        if problem:
            raise InvalidData([Problem(display, 0, 0, f"--published {problem}")])
        title = next((line.strip() for line in text.splitlines() if line.strip()), "")
        stem = Slug.from_name(Path(display).stem)
        return Document(stem, title, "unknown", published, "en", None, text, display, 1)
    front, body, body_line = split
    root = parse_yaml(front, display, first_line=2)
    problems: list[Problem] = []
    if root is None or root.kind != "mapping":
        raise InvalidData([Problem(display, 2, 1, "front matter must be 'key: value' lines — id, title, publisher, published, language, url")])
    values: dict[str, str | None] = {}
    for key, node in root.value.items():
        knode = root.keys[key]
        if key not in REQUIRED + OPTIONAL:
            problems.append(Problem(display, knode.line, knode.col, f"unknown front matter field '{shown(key)}' — allowed: {', '.join(REQUIRED + OPTIONAL)}"))
            continue
        if node.kind != "scalar" or node.is_null():
            problems.append(Problem(display, node.line, node.col, f"'{key}' must be a single line of text"))
            continue
        values[key] = node.value
        value = node.value
        kind = _KINDS.get(key)
        if kind is not None and (why := kind.check(value)):
            problems.append(Problem(display, node.line, node.col, f"id {why}" if key == "id" else why))
        elif key in ("title", "publisher") and (not value.strip() or any(ord(c) < 32 for c in value)):
            problems.append(Problem(display, node.line, node.col, f"'{key}' must be one line of printable text"))
    missing = [key for key in REQUIRED if key not in values]
    if missing:
        lacks = " and ".join(f"'{key}'" for key in missing) if len(missing) <= 2 else ", ".join(f"'{key}'" for key in missing)
        problems.append(Problem(display, 1, 1, f"front matter lacks {lacks} — a document needs {', '.join(REQUIRED)} (and url "
                                               "when it is online) as 'key: value' lines between the two '---' lines"))
    if not body.strip():
        problems.append(Problem(display, body_line, 1, "no article text after the front matter"))
    if problems:
        raise InvalidData(problems)
    return Document(
        values["id"], values["title"], values["publisher"], values["published"], values["language"],
        values.get("url"), body, display, body_line,
    )


def document_paths(folder: Path) -> list[Path]:
    """Every document file in ``folder`` (recursively), in a stable order."""
    if not folder.is_dir():
        return []
    return [p for p in tree_files(folder, DOCUMENT_SUFFIXES) if p.name.lower() != "readme.md"]


def _read_document(path: Path, display: str, data: bytes | None) -> Document | list[Problem]:
    try:
        return load_document(path, display, data=data)
    except InvalidData as exc:
        return list(exc.problems)


def load_documents(folder: Path, root: Path | None = None,
                   cache: FileCache | None = None) -> tuple[dict[str, Document], list[Problem]]:
    """Load every document of a folder, collecting problems instead of stopping; a
    document whose bytes ``cache`` has seen is not read again (see :mod:`kg.inputs.cache`)."""
    docs: dict[str, Document] = {}
    problems: list[Problem] = []
    cache = cache or FileCache(None, "document")
    for path in document_paths(folder):
        display = display_path(path, root)
        doc = cache.read(path, display, lambda data, p=path, d=display: _read_document(p, d, data))
        if isinstance(doc, list):
            problems.extend(doc)
            continue
        if doc.id in docs:
            problems.append(Problem(display, 2, 1, f"document id '{doc.id}' is also used by {docs[doc.id].path} — each document needs its own id"))
            continue
        docs[doc.id] = doc
    return docs, problems


def display_path(path: Path, root: Path | None) -> str:
    """``path`` as messages and provenance show it: relative to ``root`` when inside it."""
    if root is not None:
        try:
            return os.fspath(path.absolute().relative_to(root.absolute()))
        except ValueError:
            pass
    return os.fspath(path)


def normalise_space(text: str) -> str:
    """Collapse runs of white space and unify curly quotes, for matching quotes to text."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.split())


def find_quote(doc: Document, quote: str) -> bool:
    """True when ``quote`` occurs in the document (ignoring differences in white space
    and curly versus straight quotes)."""
    return normalise_space(quote) in _normalised(doc.text)


@lru_cache(maxsize=64)
def _normalised(text: str) -> str:
    return normalise_space(text)  # a document cites many quotes: its text is normalised once
