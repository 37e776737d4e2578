"""Commands of the build area: ``kg build``, ``kg validate``, ``kg show``, ``kg schema``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import BaseOpt, FactsOpt, OutOpt, SeedsOpt, app, err, root
from kg.model.iris import DEFAULT_BASE


@app.command()
def build(
    facts: FactsOpt = Path("facts"),
    seeds: SeedsOpt = Path("seeds"),
    out: OutOpt = Path("out"),
    base: BaseOpt = DEFAULT_BASE,
    no_extract: Annotated[bool, typer.Option("--no-extract", help="Use curated facts only; skip extraction from seeds/.")] = False,
    clean: Annotated[bool, typer.Option("--clean", help="Read every input file again and load the store afresh, instead of reusing what OUT/.kg-cache and the last build kept.")] = False,
) -> None:
    """Validate the facts and documents, and write the graph to OUT.

    Writes graph.trig (every claim in its own named graph, with provenance), graph.ttl
    (the union of claims plus the ontology), build.json (counts, warnings, conflicts) and
    graph.html (the interactive page). The same inputs give byte-identical files; a failed
    build leaves the previous outputs as they were. After a build, only the fact files
    changed since (and those about the same things) are read and checked again; the
    other files' parts of the outputs and of the store are reused (kept in OUT/.kg-cache;
    --clean ignores it, and gives the same bytes).

    Example: kg build --out out/
    """
    from kg.build.graph import run_build

    result = run_build(facts, seeds, out, base=base, extract=not no_extract, root=root(), clean=clean)
    counts = result.summary["counts"]
    typer.echo(f"built {counts['triples']} triples in {counts['claims']} claims about {counts['entities']} entities "
               f"({', '.join(f'{k} {v}' for k, v in counts['claims_by_origin'].items())} claims)")
    if "extracted" in counts["claims_by_origin"]:
        typer.echo(f"extraction: {counts['corroborated_triples']} facts corroborate curated ones, "
                   f"{counts['extracted_only_triples']} are new and need review (kg query needs-review), "
                   f"{counts['conflicts']} conflict with curated facts (kg query conflicts)")
    for path in result.written:
        typer.echo(f"  {path}")
    for warning in result.summary["warnings"]:
        err(f"warning: {warning}")


@app.command()
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(help="Fact files or folders (default: facts/).")] = None,
    seeds: SeedsOpt = Path("seeds"),
    shacl: Annotated[bool, typer.Option("--shacl/--no-shacl", help="Also run the SHACL shapes generated from the ontology (kg.contrib.shapes) on the records asked about.")] = True,
) -> None:
    """Check fact files and documents, reporting every problem as path:line:col.

    Exit code 0 when all is well, 1 when anything is wrong. It writes nothing but its
    per-file cache (out/.kg-cache: files unchanged since they were last read are not
    parsed again), so checking one file costs about what that file costs.

    Example: kg validate facts/entities/companies.yaml
    """
    from kg.build.output import cache_folder
    from kg.contrib.validate import validate_paths

    here = root()
    summary = validate_paths(paths or [here / "facts"], seeds, facts_dir=here / "facts", shacl=shacl, root=here,
                             cache=cache_folder(here / "out"))
    typer.echo(summary)


@app.command()
def show(
    entity: Annotated[str, typer.Argument(help="Id of an entity, review, dispute or action (e.g. ibm).")],
    out: OutOpt = Path("out"),
) -> None:
    """Everything known about one entity, each fact with its source.

    Reads the built graph in OUT (run kg build first).

    Example: kg show peoples-bank-of-china
    """
    from kg.read.show import show_entity

    typer.echo(show_entity(entity, out))


@app.command()
def schema(
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the JSON Schema ('-' for standard output).")] = Path("schema/facts.schema.json"),
) -> None:
    """Write the JSON Schema of fact files, generated from the ontology.

    Editors with the YAML language server use it to complete and check fact files (each
    file's first line points to it).

    Example: kg schema -o -
    """
    from kg.contrib.schema import schema_text

    text = schema_text()
    _emit(text, output)


@app.command()
def docs(
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the Markdown ('-' for standard output).")] = Path("-"),
) -> None:
    """Print (or write) the reference of every class and property, generated from the ontology.

    docs/ontology.md is this command's output; a test fails when it and the ontology drift.

    Example: kg docs -o docs/ontology.md
    """
    from kg.contrib.docs import ontology_markdown

    text = ontology_markdown()
    _emit(text, output)


def _emit(text: str, output: Path) -> None:
    """Print ``text`` (output ``-``) or write it to ``output`` atomically."""
    from kg.build.output import write_atomic

    if str(output) == "-":
        typer.echo(text, nl=False)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(output, text.encode())
        typer.echo(f"wrote {output}")
