"""Commands of the SPARQL area: ``kg query``, ``kg queries``, ``kg serve``, ``kg publish``.

Exit codes of ``kg query``: 0 success (ASK: true); 1 an error, or ASK answered false;
3 the time limit stopped the query; 4 the row cap cut the answer short (the rows up to
the cap are printed). Messages go to standard error, answers to standard output.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import app

EXIT_TIMEOUT = 3
EXIT_ROW_CAP = 4


def _echo_bytes(data: bytes) -> None:
    out = sys.stdout.buffer
    out.write(data)
    if data and not data.endswith(b"\n"):
        out.write(b"\n")
    out.flush()


def _base_for_endpoint(out: Path) -> str:
    """The base IRI relative ids resolve against on a remote endpoint: the local build's
    when there is one (the endpoint usually holds what kg publish sent), else the default."""
    from kg.model.errors import KgError
    from kg.model.iris import DEFAULT_BASE
    from kg.read.built import BuiltGraph

    try:
        return BuiltGraph(out).base.iri
    except KgError:
        return DEFAULT_BASE


def answer_query(query: str, format: str, param: list[str], infer: bool, out: Path, timeout: float, limit: int,
                 endpoint: str | None, allow_remote: bool, allow_update: bool, max_memory: int | None = None) -> int:
    """What ``kg query`` does once its options are read; returns the exit code."""
    from kg.model.errors import QueryError
    from kg.read.built import BuiltGraph
    from kg.read.query import QueryLimit, parse_params
    from kg.read.results import FORMATS

    if format not in FORMATS and format != "turtle":
        raise QueryError(f"--format {format}: use one of {', '.join(FORMATS)}")
    params = parse_params(param)
    if endpoint:
        from kg.read.remote import remote_query

        data, truncated = remote_query(endpoint, query, fmt=format, params=params, timeout=timeout, limit=limit,
                                       base=_base_for_endpoint(out), allow_remote=allow_remote,
                                       allow_update=allow_update, infer=infer)
        _echo_bytes(data)
        if truncated:
            print(f"warning: row cap of {limit} reached — the answer is cut short; raise --limit", file=sys.stderr)
            return EXIT_ROW_CAP
        return 1 if data.strip() == b"false" else 0
    from kg.read.query import run_query
    from kg.read.results import render

    try:
        answer = run_query(out, query, params=params, infer=infer, limit=limit, timeout=timeout, allow_remote=allow_remote,
                           max_memory_mib=max_memory)
    except QueryLimit as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.stderr.flush()
        sys.stdout.flush()
        os._exit(EXIT_TIMEOUT)  # the abandoned query thread cannot be stopped; end the process now
    _echo_bytes(render(answer, format, BuiltGraph(out).base.iri))
    for warning in answer.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if answer.truncated:
        print(f"warning: row cap of {limit} reached — the answer is cut short; raise --limit", file=sys.stderr)
        return EXIT_ROW_CAP
    if answer.form == "ASK" and not answer.boolean:
        return 1
    return 0


OutOpt = Annotated[Path, typer.Option("--out", help="Folder of the build to query (written by kg build).")]
TimeoutOpt = Annotated[float, typer.Option("--timeout", help="Seconds before the query is stopped.", min=0.1)]
LimitOpt = Annotated[int, typer.Option("--limit", help="Most rows (or triples) returned; more is reported.", min=1)]


@app.command()
def query(
    query: Annotated[str, typer.Argument(help="SPARQL text, a .rq file, or the name of a bundled query (kg queries).")],
    format: Annotated[str, typer.Option("--format", "-f", help="table, csv, tsv, json, xml or md (SELECT/ASK); "
                                        "CONSTRUCT/DESCRIBE give Turtle (json → JSON-LD, xml → RDF/XML, csv/tsv → N-Triples).")] = "table",
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="NAME=VALUE bound to ?NAME by the engine (repeatable).")] = None,
    infer: Annotated[bool, typer.Option("--infer", help="Add RDFS subclass/subproperty entailments (kg:Bank is a schema:Organization).")] = False,
    out: OutOpt = Path("out"),
    timeout: TimeoutOpt = 30.0,
    limit: LimitOpt = 10_000,
    endpoint: Annotated[str | None, typer.Option("--endpoint", help="Run against this SPARQL 1.1 Protocol endpoint instead of the local build.")] = None,
    allow_remote: Annotated[bool, typer.Option("--allow-remote", help="Allow SERVICE and FROM/FROM NAMED with outside IRIs.")] = False,
    allow_update: Annotated[bool, typer.Option("--allow-update", help="Send a SPARQL Update to --endpoint (never run locally).")] = False,
    max_memory: Annotated[int, typer.Option("--max-memory", envvar="KG_MAX_MEMORY", min=0,
                                            help="MiB of memory the query may use; more stops it (0: no cap).")] = 2048,
) -> None:
    """Ask the built graph a question in SPARQL.

    QUERY is inline SPARQL, a path to a .rq file, or a bundled query's name. Without
    GRAPH, a query sees every claim, its provenance and the ontology; prefixes kg:, rdf:,
    rdfs:, schema:, prov:, skos:, xsd:, owl:, org:, dcterms:, foaf: and the build's own
    id: (entities), source: (documents), claim: and graph: need no declaration.
    SERVICE, and FROM with an IRI outside the build, are refused unless --allow-remote;
    updates are refused (except with --allow-update against --endpoint). --param
    entity=ibm binds an id to an entity IRI where the named query declares an entity
    parameter, a value written <…> to an IRI, anything else to a string.

    Exit code: 0 done (ASK true), 1 error or ASK false, 3 time or memory limit, 4 row cap.

    Example: kg query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' --format json

    Example: kg query entity-facts --param entity=ibm --format md
    """
    code = answer_query(query, format, param or [], infer, out, timeout, limit, endpoint, allow_remote, allow_update,
                        max_memory)
    if code:
        raise typer.Exit(code)

@app.command()
def queries() -> None:
    """List the bundled questions (kg/model/data/queries/*.rq): name, title, parameters.

    Run one with kg query NAME; its file's header says what it answers.

    Example: kg queries
    """
    from kg.read.query import named_queries

    for q in named_queries():
        params = " ".join(f"--param {p.name}=<{p.kind}>" for p in q.params)
        typer.echo(f"{q.name:<24} {q.title}" + (f"  [{params}]" if params else ""))
        if q.answers:
            typer.echo(f"{'':<24}   {q.answers}")

@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to bind (loopback unless you mean otherwise).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    out: OutOpt = Path("out"),
    timeout: TimeoutOpt = 10.0,
    limit: LimitOpt = 10_000,
    cors: Annotated[str | None, typer.Option("--cors", help="Origin allowed to call from browsers (no CORS header without it).")] = None,
    max_body: Annotated[int, typer.Option("--max-body", help="Largest request body in bytes; larger gets 413.")] = 1_000_000,
    workers: Annotated[int, typer.Option("--workers", help="Query worker processes.", min=1)] = 4,
    allow_host: Annotated[list[str] | None, typer.Option("--allow-host", help="Another name clients may use in the Host header (repeatable).")] = None,
) -> None:
    """Serve the built graph read-only: SPARQL 1.1 Protocol at /sparql, the graph page at /.

    GET /sparql?query=…, POST form-encoded (query=…) or direct (application/sparql-query);
    GET /sparql with no query gives the SPARQL 1.1 Service Description (Turtle).
    default-graph-uri and named-graph-uri may name the build's graphs (claim graphs,
    <base>graph/…) and set the dataset. Relative IRIs resolve against the build's base
    IRI: <id/ibm> is the entity ibm. Results by Accept: SPARQL JSON, XML, CSV, TSV;
    CONSTRUCT as Turtle, N-Triples, RDF/XML or JSON-LD.

    Refusals: updates 403; SERVICE, and graphs outside the build, 400 (nothing is
    fetched); a foreign Host header 403; a body over --max-body 413; an unknown Accept
    406; a malformed, repeated or signed Content-Length, or a body on a GET, 400. Each
    query has --timeout seconds (503 past it). An answer of more than --limit rows is not
    sent at all — 500 with a message saying how to page through it with LIMIT/OFFSET — so
    a partial answer never looks like a whole one. A new build written to --out is picked
    up between requests (503 with Retry-After while it is being written).

    Example: kg serve --port 8000
    """
    from kg.read.serve import serve_forever

    serve_forever(out, host=host, port=port, timeout=timeout, limit=limit, cors=cors, max_body=max_body,
                  workers=workers, allowed_hosts=allow_host)

@app.command()
def publish(
    endpoint: Annotated[str, typer.Option("--endpoint", help="SPARQL 1.1 Update endpoint (or Graph Store dataset URL with --protocol gsp).")],
    out: OutOpt = Path("out"),
    protocol: Annotated[str, typer.Option("--protocol", help="update (SPARQL Update, any server) or gsp (POST N-Quads to a Graph Store dataset URL).")] = "update",
    replace: Annotated[bool, typer.Option("--replace", help="First remove what an earlier kg publish of this base sent (its graphs, and the default-graph triples it added); nothing else.")] = False,
    union_default_graph: Annotated[bool | None, typer.Option("--union-default-graph/--no-union-default-graph", help="Also copy the merge of all graphs into the default graph (default: on with --protocol update; off for a store with its own union default graph, and with gsp).", show_default=False)] = None,
    infer: Annotated[bool, typer.Option("--infer", help="Also send the RDFS entailments, as the named graph <base>graph/inferred.")] = False,
    batch: Annotated[int, typer.Option("--batch", help="Quads per request.", min=1)] = 20_000,
) -> None:
    """Load the built dataset, named graphs and provenance included, into a remote store.

    kg changes nothing on the store outside this build's graphs (<base>claim/…,
    <base>graph/…) and the default-graph triples it added itself: it records what it sent
    in <base>graph/published (the graphs) and <base>graph/published-default (the triples
    it added to the default graph), and --replace removes exactly those. It never clears
    the default graph and never PUTs over the whole dataset.

    Example: kg publish --endpoint http://127.0.0.1:7878/update --replace

    Example: kg publish --endpoint http://127.0.0.1:7878/store --protocol gsp
    """
    from kg.read.remote import publish as do_publish

    count = do_publish(out, endpoint, protocol=protocol, replace=replace, batch=batch,
                       union_default_graph=union_default_graph, infer=infer)
    typer.echo(f"published {count} quads to {endpoint}")
