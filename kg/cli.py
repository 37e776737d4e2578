"""The ``kg`` command line: a thin skin over the library. Each command parses its
options, calls into ``kg``, and prints; errors become ``path:line:col`` messages and
exit code 1 here, and only here."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperGroup

from .errors import KgError, describe
from .ontology import DEFAULT_BASE


class _KgGroup(TyperGroup):
    """Turns every KgError of every command into a message and exit code 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KgError as exc:
            raise typer.Exit(report(exc)) from None
        except KeyboardInterrupt:
            err("interrupted — outputs already written are intact")
            raise typer.Exit(130) from None


app = typer.Typer(
    cls=_KgGroup,
    name="kg",
    help="A knowledge graph of technology vendors, the regulators that act on them, the banks that depend on "
    "them, and the reviews and disputes between them.\n\nExample: kg build && kg show ibm",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

# Shared options, defined once.
FactsOpt = Annotated[Path, typer.Option("--facts", help="Folder of YAML fact files.")]
SeedsOpt = Annotated[Path, typer.Option("--seeds", help="Folder of source documents (articles with front matter).")]
OutOpt = Annotated[Path, typer.Option("--out", help="Folder the build writes to and queries read from.")]
BaseOpt = Annotated[str, typer.Option("--base", envvar="KG_BASE_IRI", help="Base IRI of everything the graph names.")]


def err(message: str) -> None:
    typer.echo(message, err=True)


def report(exc: KgError) -> int:
    """Print an error for people; return the exit code."""
    for line in describe(exc):
        err(line)
    return 1


@app.command()
def build(
    facts: FactsOpt = Path("facts"),
    seeds: SeedsOpt = Path("seeds"),
    out: OutOpt = Path("out"),
    base: BaseOpt = DEFAULT_BASE,
    no_extract: Annotated[bool, typer.Option("--no-extract", help="Use curated facts only; skip extraction from seeds/.")] = False,
) -> None:
    """Validate the facts and documents, and write the graph to OUT.

    Writes graph.trig (every claim in its own named graph, with provenance), graph.ttl
    (the union of claims plus the ontology), build.json (counts, warnings, conflicts) and
    graph.html (the interactive page). The same inputs give byte-identical files; a failed
    build leaves the previous outputs as they were.

    Example: kg build --out out/
    """
    from .build import run_build

    result = run_build(facts, seeds, out, base=base, extract=not no_extract, root=Path.cwd())
    counts = result.summary["counts"]
    typer.echo(f"built {counts['triples']} triples in {counts['claims']} claims about {counts['entities']} entities "
               f"({', '.join(f'{k} {v}' for k, v in counts['claims_by_origin'].items())} claims)")
    if "extracted" in counts["claims_by_origin"]:
        typer.echo(f"extraction: {counts['corroborated_triples']} facts corroborate curated ones, "
                   f"{counts['extracted_only_triples']} are new and need review (kg query needs-review), "
                   f"{counts['conflicts']} conflict with curated facts (listed in build.json)")
    for path in result.written:
        typer.echo(f"  {path}")
    for warning in result.summary["warnings"]:
        err(f"warning: {warning}")


@app.command()
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(help="Fact files or folders (default: facts/).")] = None,
    seeds: SeedsOpt = Path("seeds"),
    shacl: Annotated[bool, typer.Option("--shacl/--no-shacl", help="Also run the SHACL shapes of ontology/shapes.ttl on the built graph.")] = True,
) -> None:
    """Check fact files and documents, reporting every problem as path:line:col.

    Exit code 0 when all is well, 1 when anything is wrong. Nothing is written.

    Example: kg validate facts/entities/companies.yaml
    """
    from .check import validate_paths

    summary = validate_paths(paths or [Path("facts")], seeds, shacl=shacl, root=Path.cwd())
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
    from .show import show_entity

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
    from .jsonschema import schema_text
    from .output import write_atomic

    text = schema_text()
    if str(output) == "-":
        typer.echo(text, nl=False)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(output, text.encode())
        typer.echo(f"wrote {output}")


def _register_areas() -> None:
    # Each area of the tool keeps its commands in its own module.
    for area in ("query", "extract", "page", "contrib"):
        name = f"kg.cli_{area}"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(app)


_register_areas()


def main() -> None:
    """Entry point of the ``kg`` console script.

    A bug in kg itself still ends in one line and exit code 2, not a traceback; set
    KG_DEBUG=1 to see the traceback when reporting it."""
    try:
        app()
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - the last line of defence, see docstring
        internal_error(exc)


def internal_error(exc: Exception) -> None:
    """Report a bug in kg in one line and exit 2 (with KG_DEBUG set, re-raise it)."""
    import os

    if os.environ.get("KG_DEBUG"):
        raise exc
    err(f"internal error: {type(exc).__name__}: {exc} — this is a bug in kg; run again with KG_DEBUG=1 and report the traceback")
    sys.exit(2)


if __name__ == "__main__":
    main()
