"""Writing query answers: the W3C SPARQL 1.1 result formats (JSON, XML, CSV, TSV) as
Oxigraph's serialisers write them, a table for terminals, Markdown for pull requests,
and Turtle (or RDF/XML, JSON-LD) for CONSTRUCT and DESCRIBE.

A capped answer is a list of rows, not an Oxigraph result iterator; it is handed back
to Oxigraph's serialisers through the SPARQL JSON results format (written with
:mod:`json`, so escaping is never ours), so every standard format is Oxigraph's own.
"""

from __future__ import annotations

import json
from dataclasses import replace

from kg.model.iris import Base
from kg.model.values import printable, xml_safe
from kg.read.query import PREFIXES, Answer

FORMATS = ("table", "csv", "tsv", "json", "xml", "md")
# For CONSTRUCT and DESCRIBE: the RDF syntax each --format gives.
GRAPH_FORMATS = {"table": "TURTLE", "md": "TURTLE", "csv": "N_TRIPLES", "tsv": "N_TRIPLES", "json": "JSON_LD",
                 "xml": "RDF_XML", "turtle": "TURTLE"}


def _term_json(term) -> dict:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _term_json(term.subject), "predicate": _term_json(term.predicate),
                                            "object": _term_json(term.object)}}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def sparql_json(answer: Answer) -> bytes:
    """The answer in the SPARQL 1.1 Query Results JSON Format."""
    if answer.form == "ASK":
        doc = {"head": {}, "boolean": answer.boolean}
    else:
        bindings = [{v: _term_json(t) for v, t in zip(answer.variables, row, strict=True) if t is not None}
                    for row in answer.rows]
        doc = {"head": {"vars": answer.variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False).encode()


def standard(answer: Answer, fmt: str) -> bytes:
    """SELECT or ASK answer in a W3C format (``json``, ``xml``, ``csv``, ``tsv``), by Oxigraph."""
    import pyoxigraph as ox

    if fmt in ("csv", "xml"):
        answer = replace(answer, rows=[[_cell_safe(t, fmt) for t in row] for row in answer.rows])
    parsed = ox.parse_query_results(sparql_json(answer), format=ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=getattr(ox.QueryResultsFormat, fmt.upper()))


class CountingSink:
    """A file for one of Oxigraph's result writers: keeps what it is given and counts what
    :meth:`count` finds in it. Past ``most`` it raises :class:`Over`, which stops the engine
    at that row instead of at the end of the answer."""

    class Over(Exception):
        pass

    def __init__(self, most: int):
        self.parts: list[bytes] = []
        self.counted, self.most = 0, most

    def count(self, data: bytes) -> int:
        raise NotImplementedError

    def write(self, data: bytes) -> int:
        self.counted += self.count(data)
        if self.counted > self.most:
            raise self.Over
        self.parts.append(data)
        return len(data)

    def flush(self) -> None:
        pass


class _CountedRows(CountingSink):
    """The TSV writer's lines: the header, then one per row (TSV escapes line breaks inside
    terms), at most ``limit`` rows."""

    def __init__(self, limit: int):
        super().__init__(limit + 1)

    def count(self, data: bytes) -> int:
        return data.count(b"\n")


def solutions(result, fmt: str, limit: int) -> bytes | None:
    """A live SELECT or ASK result of Oxigraph (what ``Store.query`` returned) in a W3C
    format (``json``, ``xml``, ``csv``, ``tsv``); None when it has more than ``limit`` rows
    (a capped answer is never written, so it cannot pass for a whole one).

    The bytes are those :func:`standard` gives for the same answer, without a Python object
    per term: the engine writes the rows itself as TSV, counted as they come, and Oxigraph
    rewrites that TSV as JSON. CSV and XML go through :func:`standard`, for its cell safety.
    The engine's errors while it runs (``OSError``, ``RuntimeError``) reach the caller."""
    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        return result.serialize(format=getattr(ox.QueryResultsFormat, fmt.upper()))
    sink = _CountedRows(limit)
    try:
        result.serialize(sink, format=ox.QueryResultsFormat.TSV)
    except _CountedRows.Over:
        return None
    tsv = b"".join(sink.parts)
    if fmt == "tsv":
        return tsv
    parsed = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
    if fmt == "json":
        return parsed.serialize(format=ox.QueryResultsFormat.JSON)
    variables = [v.value for v in parsed.variables]
    rows = [[row[i] for i in range(len(variables))] for row in parsed]
    return standard(Answer("SELECT", variables=variables, rows=rows, limit=limit), fmt)


_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_NUMERIC = ("integer", "decimal", "double", "float", "long", "int", "short", "byte", "nonNegativeInteger",
            "positiveInteger", "negativeInteger", "nonPositiveInteger")


def _cell_safe(term, fmt: str):
    """A literal made safe for ``fmt``: in CSV a text starting like a formula (= + - @, tab,
    carriage return) gets a leading ``'``, as OWASP advises, so a spreadsheet shows it
    instead of running it (numbers are left alone); in XML, characters XML cannot hold
    become U+FFFD."""
    import pyoxigraph as ox

    if not isinstance(term, ox.Literal):
        return term
    value = term.value
    if fmt == "xml":
        value = xml_safe(value)
    elif value.startswith(_FORMULA) and term.datatype.value.rsplit("#", 1)[-1] not in _NUMERIC:
        value = "'" + value
    if value == term.value:
        return term
    if term.language:
        return ox.Literal(value, language=term.language)
    return ox.Literal(value, datatype=term.datatype)


def compact(term, base: str) -> str:
    """A short, readable form of a term: ``id:ibm``, ``kg:Vendor``, a literal's text."""
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, ns in _display_prefixes(base):
            if term.value.startswith(ns) and len(term.value) > len(ns):
                return f"{prefix}:{term.value[len(ns):]}"
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return f"<< {compact(term.subject, base)} {compact(term.predicate, base)} {compact(term.object, base)} >>"
    return term.value + (f"@{term.language}" if term.language else "")


def _display_prefixes(base: str) -> list[tuple[str, str]]:
    return sorted(list(Base(base).prefixes().items()) + list(PREFIXES.items()), key=lambda p: -len(p[1]))


def _cells(answer: Answer, base: str, width: int | None) -> list[list[str]]:
    rows = []
    for row in answer.rows:
        cells = []
        for term in row:
            text = printable(" ".join(compact(term, base).split()))  # no terminal escapes from data
            if width and len(text) > width:
                text = text[: width - 1] + "…"
            cells.append(text)
        rows.append(cells)
    return rows


def table(answer: Answer, base: str, width: int = 60) -> str:
    """Aligned columns for a terminal, long values cut at ``width`` characters."""
    if answer.form == "ASK":
        return "true" if answer.boolean else "false"
    rows = _cells(answer, base, width)
    widths = [max([len(v)] + [len(r[i]) for r in rows]) for i, v in enumerate(answer.variables)]
    line = "  ".join(v.ljust(w) for v, w in zip(answer.variables, widths, strict=True)).rstrip()
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    out.append(f"({len(rows)} row{'s' * (len(rows) != 1)}{', cut short at the row cap' if answer.truncated else ''})")
    return "\n".join(out)


def markdown(answer: Answer, base: str) -> str:
    """A GitHub-flavoured Markdown table (pipes and backslashes escaped)."""
    if answer.form == "ASK":
        return "true" if answer.boolean else "false"

    def esc(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|")

    out = ["| " + " | ".join(esc(v) for v in answer.variables) + " |",
           "|" + "|".join(" --- " for _ in answer.variables) + "|"]
    out += ["| " + " | ".join(esc(c) for c in r) + " |" for r in _cells(answer, base, None)]
    return "\n".join(out)


def graph(answer: Answer, fmt: str, base: str) -> bytes:
    """CONSTRUCT/DESCRIBE triples, sorted, in the RDF syntax for ``fmt`` (Turtle by default)."""
    import pyoxigraph as ox

    triples = sorted(set(answer.triples), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    rdf_format = getattr(ox.RdfFormat, GRAPH_FORMATS.get(fmt, "TURTLE"))
    own = Base(base).prefixes()
    own.pop("graph")
    prefixes = dict(PREFIXES, **own)
    if rdf_format not in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML):
        prefixes = {}
    data = ox.serialize(triples, format=rdf_format, prefixes=prefixes) if triples or rdf_format != ox.RdfFormat.JSON_LD \
        else b"[]"
    if rdf_format == ox.RdfFormat.TURTLE:
        # Oxigraph writes @prefix lines in hash order; sort them so equal answers give equal bytes.
        lines = data.split(b"\n")
        head = 0
        while head < len(lines) and lines[head].startswith(b"@prefix "):
            head += 1
        data = b"\n".join(sorted(lines[:head]) + lines[head:])
    return data


def render(answer: Answer, fmt: str, base: str) -> bytes:
    """The answer as bytes in ``fmt`` (one of :data:`FORMATS`)."""
    if answer.form == "CONSTRUCT":
        return graph(answer, fmt, base)
    if fmt in ("json", "xml", "csv", "tsv"):
        return standard(answer, fmt)
    if fmt == "md":
        return (markdown(answer, base) + "\n").encode()
    return (table(answer, base) + "\n").encode()
