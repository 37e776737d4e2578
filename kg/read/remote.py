"""Remote SPARQL endpoints: ``kg query --endpoint`` (SPARQL 1.1 Protocol client) and
``kg publish`` (loading a build into a store over SPARQL 1.1 Update or the Graph Store
Protocol). Only the standard library's HTTP client is used.

The same refusals as local queries apply before anything is sent: ``SERVICE`` and
``FROM`` with outside IRIs need ``--allow-remote`` (the remote server would make the
request); updates need ``--allow-update``.

Publishing sends every named graph of ``graph.trig`` and, in the default graph, their
merge — the same dataset ``kg query`` sees locally — so queries without ``GRAPH`` give
the same answers on any server, with or without a union-default-graph setting.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from kg.model.errors import KgError, QueryError
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


def _post(url: str, data: bytes, content_type: str, accept: str = "*/*", timeout: float = 60.0,
          method: str = "POST") -> tuple[str, bytes]:
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Content-Type": content_type, "Accept": accept, "User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # the URL the user chose
            return response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read(2000).decode("utf-8", "replace").strip()
        raise QueryError(f"{url}: the endpoint answered {exc.code} {exc.reason}: {detail}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise QueryError(f"{url}: cannot reach the endpoint: {reason}") from None


def remote_query(endpoint: str, query: str, *, fmt: str = "table", params: dict[str, str] | None = None,
                 timeout: float = 30.0, limit: int = DEFAULT_LIMIT, base: str = DEFAULT_BASE,
                 allow_remote: bool = False, allow_update: bool = False) -> tuple[bytes, bool]:
    """Run ``query`` at ``endpoint``; returns (the answer rendered in ``fmt``, cut short by the row cap)."""
    answer = remote_answer(endpoint, query, params=params, timeout=timeout, limit=limit, base=base,
                           allow_remote=allow_remote, allow_update=allow_update)
    if answer is None:
        return b"update done", False
    from kg.read.results import render

    return render(answer, fmt, base), answer.truncated


def remote_answer(endpoint: str, query: str, *, params: dict[str, str] | None = None, timeout: float = 30.0,
                  limit: int = DEFAULT_LIMIT, base: str = DEFAULT_BASE, allow_remote: bool = False,
                  allow_update: bool = False) -> Answer | None:
    """The answer of ``query`` at ``endpoint``, capped at ``limit`` rows (None for an update)."""
    import pyoxigraph as ox

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
    answer.variables = [v.value for v in result.variables]
    for n, row in enumerate(result):
        if n >= limit:
            answer.truncated = True
            break
        answer.rows.append([row[i] for i in range(len(answer.variables))])
    return answer


def _dataset_quads(out_dir: Path) -> list:
    import pyoxigraph as ox

    from kg.read.built import BuiltGraph

    quads = BuiltGraph(out_dir).quads()
    merge = {ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads}
    return quads + sorted(merge, key=str)


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


def publish(out_dir: Path, endpoint: str, *, protocol: str = "update", replace: bool = False, batch: int = 20_000,
            timeout: float = 300.0) -> int:
    """Load the build in ``out_dir`` into the store at ``endpoint``; returns the number of quads sent.

    ``protocol="update"``: ``endpoint`` is a SPARQL 1.1 Update endpoint; quads go in
    ``INSERT DATA`` requests of ``batch`` quads; ``replace`` first drops this build's
    graphs and clears the default graph.
    ``protocol="gsp"``: ``endpoint`` is a Graph Store Protocol dataset URL that takes
    N-Quads (Oxigraph's ``/store``, Fuseki's ``/DATASET``); ``replace`` uses ``PUT``
    (the whole dataset is replaced), otherwise ``POST`` adds."""
    import pyoxigraph as ox

    quads = _dataset_quads(out_dir)
    if protocol == "gsp":
        data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        _post(endpoint, data, "application/n-quads", timeout=timeout, method="PUT" if replace else "POST")
        return len(quads)
    if protocol != "update":
        raise KgError(f"--protocol {protocol}: use update or gsp")
    form = "application/x-www-form-urlencoded"
    if replace:
        graphs = sorted({str(q.graph_name) for q in quads if isinstance(q.graph_name, ox.NamedNode)})
        for start in range(0, len(graphs), batch):
            drops = " ;\n".join(f"DROP SILENT GRAPH {g}" for g in graphs[start:start + batch])
            _post(endpoint, urlencode({"update": drops}).encode(), form, timeout=timeout)
        _post(endpoint, urlencode({"update": "CLEAR SILENT DEFAULT"}).encode(), form, timeout=timeout)
    for start in range(0, len(quads), batch):
        _post(endpoint, urlencode({"update": _insert_data(quads[start:start + batch])}).encode(), form, timeout=timeout)
    return len(quads)


__all__ = ["publish", "remote_answer", "remote_query"]
