"""Commands for the graph page and exports: ``kg render`` and ``kg export``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import app

_OUT = Annotated[Path, typer.Option("--out", help="Folder the build wrote (graph.trig, build.json).")]


@app.command()
def render(
    out: _OUT = Path("out"),
    source_link: Annotated[str, typer.Option("--source-link", help="Link in the page's header to the fact files, relative to OUT.")] = "../facts/",
) -> None:
    """Rewrite OUT/graph.html from the graph already built in OUT.

    The page is one offline file: no request leaves it (its Content-Security-Policy
    forbids them). Open it by double-click; click a node or edge for its facts and their
    sources; the legend, the origin boxes and the "as of" slider filter the graph.

    Example: kg render --out out/
    """
    from kg.read.export import render_out

    typer.echo(f"wrote {render_out(out, source_link=source_link)}")

@app.command()
def export(
    format: Annotated[str, typer.Option("--format", "-f", help="gexf (Gephi), graphml (Cytoscape, yEd), ftm (FollowTheMoney JSON lines), jsonld, nt or nq.")],
    out: _OUT = Path("out"),
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write ('-' for standard output; default OUT/graph.<format>).")] = None,
    infer: Annotated[bool, typer.Option("--infer", help="nq, jsonld: add the RDFS entailments as the named graph <base>graph/inferred.")] = False,
) -> None:
    """Write the built graph for other tools.

    gexf and graphml hold the entity graph (nodes with name, kind, dates, origin; edges
    labelled with the relation); jsonld and nq the whole dataset with every claim's named
    graph and provenance; nt the union of claims and the ontology. jsonld, nq and nt also
    link entities to their Wikidata items (owl:sameAs) and identifiers (schema:identifier).
    ftm writes FollowTheMoney entities, one a line: companies, organisations, public
    bodies and people, with directorships, employment, ownership, membership and sanctions.

    Example: kg export --format gexf -o kg.gexf
    Example: kg export --format ftm -o - | ftm validate
    """
    from kg.read.export import run_export

    target, data = run_export(out, format.lower(), output, infer=infer)
    if target is None:
        typer.echo(data, nl=False)
    else:
        typer.echo(f"wrote {target}")
