"""What a query would reach outside the build, read from its parse tree: the targets of
``SERVICE`` and the IRIs of ``FROM`` / ``FROM NAMED``.

Why a parser and not tokens: Oxigraph's grammar is a PEG without a separate lexer, so
a keyword needs no word boundary — ``SERVICE:x`` is the keyword and ``:x``, ``FROMx:y``
is ``FROM`` and ``x:y``. A token-level check reads those as one prefixed name and misses
them. Oxigraph does not expose its parse tree, so the query is parsed with rdflib's
SPARQL 1.1 grammar (rdflib is already a dependency) and the tree is walked for
``ServiceGraphPattern`` and ``DatasetClause`` nodes, wherever they are nested.

Fail closed: a keyword can only be parsed from the letters S-E-R-V-I-C-E or F-R-O-M in the
text, so a query without them (in any case, also after ``\\u`` escapes) cannot reach out
and is not parsed at all. A query that has them but that rdflib cannot parse (a syntax
error, or a construct only Oxigraph knows) is reported as unreadable, and
:func:`kg.read.query.check_safe` refuses it unless remote access is allowed.
"""

from __future__ import annotations

import re
import sys
import threading
from dataclasses import dataclass, field
from urllib.parse import urljoin

_MENTIONS = re.compile(r"service|from", re.I)  # re.I folds Unicode too: a superset of ASCII case
# A line whose first non-blank character is # is a comment, or lies inside a long string
# literal ('''…''' or """…"""): IRIs hold no line breaks, so it is never code. The bundled
# queries' header comments say "from"; leaving such lines out of the check spares them the
# parse (rdflib's import and parse cost ~0.2 s a query).
_COMMENT_LINE = re.compile(r"^[ \t]*#[^\n\r]*", re.M)
# prov:wasDerivedFrom, which most provenance queries use, ends in "From": a prefixed name's
# local part is read greedily (PN_LOCAL, and an IRI up to its ">"), so the letters can
# never be the FROM keyword there. The exact spellings are left out of the check.
_DERIVED_FROM = re.compile(r"prov:wasDerivedFrom|<http://www\.w3\.org/ns/prov#wasDerivedFrom>")
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# rdflib's parser recurses a few dozen Python frames per nesting level: it runs in a thread
# with its own stack and a raised recursion limit (nesting is capped before, in inspect).
_STACK = 64 * 1024 * 1024
_RECURSION = 200_000
_LIMITS = threading.Lock()


@dataclass
class Reach:
    services: list[str] = field(default_factory=list)  # SERVICE targets, as IRIs (or ?var)
    datasets: list[tuple[str, str]] = field(default_factory=list)  # ("FROM" | "FROM NAMED", IRI)
    unreadable: str | None = None  # why the query could not be parsed, when it mentions SERVICE/FROM


def reach(texts: list[str], prefixes: dict[str, str]) -> Reach:
    """SERVICE targets and dataset clauses of a query; ``prefixes`` are those it may use
    undeclared. ``texts`` are readings of one query: as the engine reads it (``\\u``
    escapes decoded in IRIs and strings) and as the SPARQL spec reads it (decoded
    everywhere); every reading that mentions SERVICE or FROM must parse."""
    found = Reach()
    for variant in dict.fromkeys(texts):
        if not _MENTIONS.search(_DERIVED_FROM.sub(" ", _COMMENT_LINE.sub("", variant))):
            continue
        tree, error = _parse(variant)
        if error is not None:
            found.unreadable = error
            continue
        services, datasets = _collect(tree, prefixes)
        found.services += [s for s in services if s not in found.services]
        found.datasets += [d for d in datasets if d not in found.datasets]
    return found


def unescape(text: str) -> str:
    """``text`` with its ``\\uXXXX`` and ``\\UXXXXXXXX`` escapes decoded."""
    def char(m: re.Match) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF else m.group()

    return _ESCAPE.sub(char, text)


def _parse(text: str):
    """rdflib's parse tree of ``text`` (as a query), or the reason it has none."""
    from rdflib.plugins.sparql.parser import Query

    box: dict = {}

    def work() -> None:
        try:
            box["tree"] = Query.parse_string(text, parse_all=True)
        except RecursionError:
            box["error"] = "it is nested too deeply"
        except Exception as exc:  # pyparsing's ParseException, or anything its actions raise
            box["error"] = str(exc).splitlines()[0] if str(exc) else type(exc).__name__

    # The recursion limit and the thread stack size are the whole process's: kg serve's
    # handler threads take turns, so none restores a limit another one raised.
    with _LIMITS:
        limit = sys.getrecursionlimit()
        old = threading.stack_size(_STACK)
        try:
            sys.setrecursionlimit(max(limit, _RECURSION))
            thread = threading.Thread(target=work, name="kg-query-check", daemon=True)
            thread.start()
        finally:
            threading.stack_size(old)
        thread.join()
        sys.setrecursionlimit(limit)
    return box.get("tree"), box.get("error")


def _walk(tree):
    """Every rdflib ``CompValue`` in ``tree``, in document order (iteratively: trees are deep)."""
    from rdflib.plugins.sparql.parserutils import CompValue, ParseResults  # rdflib's own pyparsing

    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node
            stack.extend(reversed(list(dict.values(node))))
        elif isinstance(node, ParseResults | list | tuple):
            stack.extend(reversed(list(node)))


def _collect(tree, defaults: dict[str, str]) -> tuple[list[str], list[tuple[str, str]]]:
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import URIRef, Variable

    nodes = list(_walk(tree))
    prefixes, base = dict(defaults), ""
    for node in nodes:
        if node.name == "PrefixDecl":
            prefixes[str(dict.get(node, "prefix") or "")] = str(dict.get(node, "iri"))
        elif node.name == "Base":
            base = str(dict.get(node, "iri"))

    def term(value) -> str:
        if isinstance(value, Variable):
            return "?" + str(value)
        if isinstance(value, CompValue) and value.name == "pname":
            prefix, local = str(dict.get(value, "prefix") or ""), str(dict.get(value, "localname") or "")
            return prefixes[prefix] + local if prefix in prefixes else f"{prefix}:{local}"
        if isinstance(value, URIRef):
            return urljoin(base, str(value)) if base else str(value)
        return str(value)

    services, datasets = [], []
    for node in nodes:
        if node.name == "ServiceGraphPattern":
            services.append(term(dict.get(node, "term")))
        elif node.name == "DatasetClause":
            if dict.get(node, "default") is not None:
                datasets.append(("FROM", term(dict.get(node, "default"))))
            if dict.get(node, "named") is not None:
                datasets.append(("FROM NAMED", term(dict.get(node, "named"))))
    return services, datasets
