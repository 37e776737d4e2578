"""Remote SPARQL endpoints: ``kg query --endpoint`` (SPARQL 1.1 Protocol client) and
``kg publish`` (loading a build into a store over SPARQL 1.1 Update or the Graph Store
Protocol). Only the standard library's HTTP client is used.

The same refusals as local queries apply before anything is sent: ``SERVICE`` and
``FROM`` with outside IRIs need ``--allow-remote`` (the remote server would make the
request); updates need ``--allow-update``.

Publishing sends every named graph of ``graph.trig`` and (unless told not to) their merge
into the default graph — the same dataset ``kg query`` sees locally — so queries without
``GRAPH`` give the same answers on any server, with or without a union-default-graph
setting. It keeps a record on the store of what it sent, so ``--replace`` removes exactly
that and nothing of anyone else's (see :func:`publish`).
"""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from kg.model.errors import KgError, QueryError
from kg.model.iris import Base
from kg.read.query import (
    DEFAULT_BASE,
    DEFAULT_LIMIT,
    Answer,
    bind_params,
    check_safe,
    inspect,
    resolve_query,
    substitute_text,
)

USER_AGENT = "kg (SPARQL 1.1 Protocol client)"


class NotFound(QueryError):
    """The server answered 404 (a Graph Store Protocol graph that is not there)."""


def _post(url: str, data: bytes | None, content_type: str, accept: str = "*/*", timeout: float = 60.0,
          method: str = "POST") -> tuple[str, bytes]:
    headers = {"Accept": accept, "User-Agent": USER_AGENT}
    if content_type:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # the URL the user chose
            return response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        if exc.code == 404 and method in ("GET", "DELETE"):
            raise NotFound(f"{url}: not found") from None
        detail = exc.read(2000).decode("utf-8", "replace").strip()
        raise QueryError(f"{url}: the endpoint answered {exc.code} {exc.reason}: {detail}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise QueryError(f"{url}: cannot reach the endpoint: {reason}") from None


def remote_query(endpoint: str, query: str, *, fmt: str = "table", params: dict[str, str] | None = None,
                 timeout: float = 30.0, limit: int = DEFAULT_LIMIT, base: str = DEFAULT_BASE,
                 allow_remote: bool = False, allow_update: bool = False, infer: bool = False) -> tuple[bytes, bool]:
    """Run ``query`` at ``endpoint``; returns (the answer rendered in ``fmt``, cut short by the row cap)."""
    answer = remote_answer(endpoint, query, params=params, timeout=timeout, limit=limit, base=base,
                           allow_remote=allow_remote, allow_update=allow_update, infer=infer)
    if answer is None:
        return b"update done", False
    from kg.read.results import render

    return render(answer, fmt, base), answer.truncated


def remote_answer(endpoint: str, query: str, *, params: dict[str, str] | None = None, timeout: float = 30.0,
                  limit: int = DEFAULT_LIMIT, base: str = DEFAULT_BASE, allow_remote: bool = False,
                  allow_update: bool = False, infer: bool = False) -> Answer | None:
    """The answer of ``query`` at ``endpoint``, capped at ``limit`` rows (None for an update).

    ``infer`` is refused: the endpoint answers from its own data, and kg cannot add the
    entailments there. Publish them (``kg publish --infer`` sends the named graph
    ``<base>graph/inferred``) and name that graph in the query instead."""

    if infer:
        inferred = Base(base).inferred
        raise QueryError("--infer cannot be applied at --endpoint: the endpoint answers from its own data. "
                         "Write the inference as a path (?x rdf:type/rdfs:subClassOf* ?class), or publish the "
                         f"entailments with 'kg publish --infer' and match them in GRAPH <{inferred}> {{ … }}")

    text, named = resolve_query(query)
    info = inspect(text, base)
    if info.is_update:
        if not allow_update:
            raise QueryError("updates are refused unless asked for: pass --allow-update to send it to the endpoint")
        _post(endpoint, urlencode({"update": text}).encode(), "application/x-www-form-urlencoded", timeout=timeout)
        return None
    check_safe(info, base, allow_remote=allow_remote)
    if info.form is None:
        raise QueryError("not a query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    text = substitute_text(text, bind_params(params or {}, info, named, base))
    prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in sorted(info.prefixes.items()) if f"{p}:" in text)
    accept = "application/n-triples, text/turtle;q=0.9" if info.is_graph else "application/sparql-results+json"
    ctype, body = _post(endpoint, urlencode({"query": prologue + text}).encode(), "application/x-www-form-urlencoded",
                        accept, timeout)
    return _read_answer(endpoint, info, ctype, body, limit)


# The graphs kg keeps on a remote store to know what it published there (see publish()).
PUBLISHED, PUBLISHED_DEFAULT = "published", "published-default"
HAS_PART = "http://purl.org/dc/terms/hasPart"



def _read_answer(endpoint: str, info, ctype: str, body: bytes, limit: int) -> Answer:
    """An endpoint's answer (triples, a boolean or rows) as an :class:`Answer`, capped at ``limit``."""
    import pyoxigraph as ox

    answer = Answer(info.form if info.form in ("ASK", "SELECT") else "CONSTRUCT", limit=limit)
    try:
        if info.is_graph:
            rdf = ox.RdfFormat.TURTLE if "turtle" in ctype else ox.RdfFormat.N_TRIPLES
            for n, triple in enumerate(ox.parse(body, format=rdf)):
                if n >= limit:
                    answer.truncated = True
                    break
                answer.triples.append(triple)
            return answer
        result = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    except (SyntaxError, ValueError) as exc:
        raise QueryError(f"{endpoint}: the endpoint's answer is not valid ({ctype}): {exc}") from None
    if isinstance(result, ox.QueryBoolean):
        answer.boolean = bool(result)
        return answer
    if info.form == "ASK":
        # Virtuoso 7 answers ASK as one row of one variable (?__ASK_RETVAL, 1 or 0), not as a boolean
        rows = [row[0] for row in result]
        if len(result.variables) != 1 or len(rows) > 1:
            raise QueryError(f"{endpoint}: the endpoint answered ASK with rows, not true or false")
        answer.boolean = bool(rows) and rows[0] is not None and rows[0].value in ("1", "true")
        return answer
    answer.variables = [v.value for v in result.variables]
    for n, row in enumerate(result):
        if n >= limit:
            answer.truncated = True
            break
        answer.rows.append([row[i] for i in range(len(answer.variables))])
    return answer


def _named_quads(out_dir: Path, infer: bool) -> tuple[list, str]:
    """The build's quads (with its entailments as ``<base>graph/inferred`` if ``infer``) and base IRI."""
    from kg.read.built import BuiltGraph

    built = BuiltGraph(out_dir)
    quads = built.quads()
    if infer:
        quads += built.inferred_quads()
    return quads, built.base.iri


def _union_triples(quads, base: Base) -> list:
    """The merge of the build's graphs (not the entailments), as triples in a stable order:
    the default graph ``kg query`` sees without ``--infer``."""
    import pyoxigraph as ox

    inferred = ox.NamedNode(base.inferred)
    merged = dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads if q.graph_name != inferred)
    return sorted(merged, key=str)


def _nt(terms) -> str:
    return " ".join(str(t) for t in terms)


def _insert_data(quads) -> str:
    """An ``INSERT DATA`` request; terms written by Oxigraph in N-Triples syntax."""
    import pyoxigraph as ox

    by_graph: dict = {}
    for q in quads:
        by_graph.setdefault(q.graph_name, []).append(f"{q.subject} {q.predicate} {q.object} .")
    parts = []
    for graph, lines in by_graph.items():
        body = "\n".join(lines)
        parts.append(body if isinstance(graph, ox.DefaultGraph) else f"GRAPH {graph} {{\n{body}\n}}")
    return "INSERT DATA {\n" + "\n".join(parts) + "\n}"


def _record(base: Base, graphs: list[str]) -> list:
    """Quads of ``<base>graph/published``: one ``dcterms:hasPart`` per graph kg sent."""
    import pyoxigraph as ox

    record = ox.NamedNode(base.graph(PUBLISHED))
    return [ox.Quad(record, ox.NamedNode(HAS_PART), ox.NamedNode(g), record) for g in graphs]


def _own_filter(base: Base, var: str) -> str:
    """A FILTER keeping ``?var`` to the build's own graphs, whatever a record says."""
    return (f'FILTER(STRSTARTS(STR(?{var}), "{base.graph("")}") || STRSTARTS(STR(?{var}), "{base.claim("")}"))')


def _undo_default_copy(base: Base) -> str:
    """The SPARQL Update operation that removes the default-graph triples an earlier
    ``kg publish`` recorded as added by it."""
    return f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{base.graph(PUBLISHED_DEFAULT)}> {{ ?s ?p ?o }} }}"


def _unpublish_update(base: Base, graphs: list[str], *, default_copy: bool = True) -> list[str]:
    """SPARQL Update operations that remove what an earlier ``kg publish`` put on the store:
    the graphs its record names (own graphs only), the default-graph triples it recorded as
    added by it (unless ``default_copy`` is false: then that is sent on its own), the records,
    and the graphs of this build."""
    record, added = f"<{base.graph(PUBLISHED)}>", f"<{base.graph(PUBLISHED_DEFAULT)}>"
    ops = [
        f"DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{ GRAPH {record} {{ {record} <{HAS_PART}> ?g }} "
        f"{_own_filter(base, 'g')} GRAPH ?g {{ ?s ?p ?o }} }}",
        *([_undo_default_copy(base)] if default_copy else []),
        f"DROP SILENT GRAPH {added}",
        f"DROP SILENT GRAPH {record}",
    ]
    return ops + [f"DROP SILENT GRAPH <{g}>" for g in graphs]


def _default_copy_update(triples, recorded: str) -> str:
    """Add ``triples`` to the default graph, first recording in ``<base>graph/published-default``
    those that were not there yet — so a later ``--replace`` removes exactly what kg added."""
    rows = "\n".join(f"({_nt((t.subject, t.predicate, t.object))})" for t in triples)
    body = "\n".join(f"{_nt((t.subject, t.predicate, t.object))} ." for t in triples)
    return (f"INSERT {{ GRAPH <{recorded}> {{ ?s ?p ?o }} }} WHERE {{ VALUES (?s ?p ?o) {{\n{rows}\n}} "
            f"FILTER NOT EXISTS {{ ?s ?p ?o }} }} ;\n"
            f"INSERT DATA {{\n{body}\n}}")


def publish(out_dir: Path, endpoint: str, *, protocol: str = "update", replace: bool = False, batch: int = 20_000,
            timeout: float = 300.0, union_default_graph: bool | None = None, infer: bool = False) -> int:
    """Load the build in ``out_dir`` into the store at ``endpoint``; returns the number of quads sent.

    kg never changes anything on the store outside this build's graphs (``<base>claim/…``
    and ``<base>graph/…``) and the default-graph triples it added itself; it records what
    it sent in two graphs of its own:

    - ``<base>graph/published`` names (``dcterms:hasPart``) every graph it sent;
    - ``<base>graph/published-default`` holds the triples it added to the default graph
      (those that were not there already).

    ``union_default_graph`` (default: on with ``protocol="update"``): also put the merge of
    all the build's graphs in the store's default graph, so queries without ``GRAPH`` answer
    as ``kg query`` does on a store that has no union-default-graph setting. Turn it off for a
    store that has one (Oxigraph ``--union-default-graph``, Fuseki ``unionDefaultGraph``).

    ``replace``: first remove what an earlier publish of this base sent (every graph the
    record names, the recorded default-graph triples) and the graphs of this build; nothing
    else is touched — never ``CLEAR DEFAULT``, never a dataset-wide ``PUT``.

    ``infer``: also send the RDFS entailments as the named graph ``<base>graph/inferred``.

    ``protocol="update"``: ``endpoint`` is a SPARQL 1.1 Update endpoint; data goes in
    requests of about ``batch`` quads. ``protocol="gsp"``: ``endpoint`` is a Graph Store
    Protocol dataset URL that takes N-Quads (Oxigraph's ``/store``, Fuseki's ``/DATASET``):
    the dataset is ``POST``-ed (added to), and ``replace`` ``DELETE``-s each graph of this
    build one by one; the Graph Store Protocol cannot remove single triples, so it sends no
    default-graph copy (use a store with a union default graph)."""
    import pyoxigraph as ox

    if protocol not in ("update", "gsp"):
        raise KgError(f"--protocol {protocol}: use update or gsp")
    if union_default_graph is None:
        union_default_graph = protocol == "update"
    if union_default_graph and protocol == "gsp":
        raise KgError("--union-default-graph needs --protocol update: the Graph Store Protocol cannot later remove "
                      "exactly the default-graph triples kg added — use a store with a union default graph instead")
    quads, iri = _named_quads(out_dir, infer)
    base = Base(iri)
    graphs = sorted({q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)})
    record = _record(base, graphs)
    if protocol == "gsp":
        return _publish_gsp(endpoint, base, graphs, quads + record, replace, timeout)
    return _publish_update(endpoint, base, graphs, quads + record, replace=replace, batch=batch, timeout=timeout,
                           union_default_graph=union_default_graph)


def _publish_update(endpoint: str, base: Base, graphs: list[str], named: list, *, replace: bool, batch: int,
                    timeout: float, union_default_graph: bool) -> int:
    """``publish`` over SPARQL 1.1 Update: undo the last publish, insert, copy into the default graph."""
    form = "application/x-www-form-urlencoded"

    def send(update: str) -> None:
        _post(endpoint, urlencode({"update": update}).encode(), form, timeout=timeout)

    if replace:
        if not union_default_graph:
            # A store whose default graph is the union of its graphs may have no default graph
            # to write to, and refuse any update of it (Virtuoso: "No plain default graph").
            # Such a store cannot hold a default-graph copy from an earlier publish either, so
            # its refusal of this one operation means there is nothing of kg's to remove.
            try:
                send(_undo_default_copy(base))
            except QueryError:
                pass
        ops = _unpublish_update(base, graphs, default_copy=union_default_graph)
        for start in range(0, len(ops), batch):
            send(" ;\n".join(ops[start:start + batch]))
    for start in range(0, len(named), batch):
        send(_insert_data(named[start:start + batch]))
    sent = len(named)
    if union_default_graph:
        import pyoxigraph as ox

        record = ox.NamedNode(base.graph(PUBLISHED))
        triples = _union_triples([q for q in named if q.graph_name != record], base)
        for start in range(0, len(triples), batch):
            try:
                send(_default_copy_update(triples[start:start + batch], base.graph(PUBLISHED_DEFAULT)))
            except QueryError as exc:
                raise QueryError("the named graphs are published, but the store refused the copy into its default "
                                 "graph. If its default graph is already the union of its graphs (Virtuoso, Oxigraph "
                                 "--union-default-graph), publish again with --replace --no-union-default-graph. "
                                 f"The store said: {exc}") from None
        sent += len(triples)
    return sent


def _publish_gsp(endpoint: str, base: Base, graphs: list[str], quads: list, replace: bool, timeout: float) -> int:
    """``publish`` over the Graph Store Protocol: per-graph ``DELETE`` then one ``POST``."""
    import pyoxigraph as ox

    def graph_url(iri: str) -> str:
        return endpoint + ("&" if "?" in endpoint else "?") + urlencode({"graph": iri})

    if replace:
        earlier: set[str] = set()
        try:
            _, data = _post(graph_url(base.graph(PUBLISHED)), None, "", "application/n-triples", timeout, "GET")
            earlier = {t.object.value for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
                       if t.predicate.value == HAS_PART and isinstance(t.object, ox.NamedNode)
                       and base.is_own_graph(t.object.value)}
        except NotFound:
            pass
        except (SyntaxError, ValueError) as exc:
            raise QueryError(f"{endpoint}: cannot read the record of the last publish: {exc}") from None
        for iri in sorted(earlier | set(graphs) | {base.graph(PUBLISHED)}):
            try:
                _post(graph_url(iri), None, "", timeout=timeout, method="DELETE")
            except NotFound:
                pass
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    _post(endpoint, data, "application/n-quads", timeout=timeout, method="POST")
    return len(quads)


__all__ = ["publish", "remote_answer", "remote_query"]
