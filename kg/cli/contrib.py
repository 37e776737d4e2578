"""Commands for fact authors and reviewers: ``kg new``, ``kg fmt`` and ``kg diff``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import app, root


@app.command()
def new(
    kind: Annotated[str, typer.Argument(help="What to add: entity, review, dispute, action or source.")],
    id: Annotated[str | None, typer.Option("--id", help="The new record's id (lower-case words joined by hyphens).")] = None,
    type: Annotated[str | None, typer.Option("--type", help="For an action: its class (Fine, Ban, EntityListing …; see kg new action).")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this new file instead of printing; never overwrites.")] = None,
) -> None:
    """Print (or write) a filled-in template for a new fact file.

    Replace every CAPITALISED placeholder, then run kg validate. An action's template
    lists every field its class takes (kg new action --type Fine), from the ontology.

    Example: kg new action --type Fine --id ofsa-fines-example-bank -o facts/actions/ofsa-fine.yaml

    Example: kg new review --id pboc-review-of-ibm-servers -o facts/reviews/pboc-review.yaml
    """
    from kg.contrib.new import template, write_template

    text = template(kind, id, output, type)
    if output is None or str(output) == "-":
        typer.echo(text, nl=False)
    else:
        write_template(text, output)
        typer.echo(f"wrote {output} — replace its CAPITALISED placeholders, then run: kg validate {output}")

@app.command()
def fmt(
    paths: Annotated[list[Path] | None, typer.Argument(help="Fact files or folders (default: facts/).")] = None,
    check: Annotated[bool, typer.Option("--check", help="Write nothing; exit 1 naming the files that would change.")] = False,
) -> None:
    """Rewrite fact files in the canonical key order and style, keeping comments.

    Keys go id, type, name, alias, description, then the class's own fields, then
    certainty, confidence and source; see kg/fmt.py for the full rule. The graph
    does not change.

    Example: kg fmt --check facts/
    """
    from kg.contrib.fmt import format_paths

    here = root()
    result = format_paths(paths or [here / "facts"], check=check, root=here)
    if check:
        for path in result.changed:
            typer.echo(f"would reformat {path}", err=True)
        if result.changed:
            count = len(result.changed)
            typer.echo(f"{count} file{'s' * (count != 1)} would change — run: kg fmt", err=True)
            raise typer.Exit(1)
        typer.echo(f"ok: {len(result.unchanged)} fact files already formatted")
        return
    for path in result.changed:
        typer.echo(f"reformatted {path}")
    typer.echo(f"{len(result.changed)} reformatted, {len(result.unchanged)} unchanged")

@app.command()
def diff(
    base: Annotated[str | None, typer.Argument(help="Git revision to compare from (default: HEAD).")] = None,
    head: Annotated[str | None, typer.Argument(help="Git revision to compare to (default: the working tree).")] = None,
    facts: Annotated[Path, typer.Option("--facts", help="Folder of YAML fact files.")] = Path("facts"),
    seeds: Annotated[Path, typer.Option("--seeds", help="Folder of source documents.")] = Path("seeds"),
    format: Annotated[str, typer.Option("--format", help="text, md (for a pull-request comment) or nt (N-Triples lines prefixed + or -).")] = "text",
) -> None:
    """Show what a change does to the graph: records and facts added, removed or changed.

    Both sides' curated facts are compared by IRI, so moving or reformatting YAML
    shows no change. Only the files that differ are read and checked (with those about
    the same subjects), so a diff costs what the change costs.

    Example: kg diff origin/main HEAD --format md
    """
    from kg.build.output import cache_folder
    from kg.contrib.diff import diff as run_diff

    typer.echo(run_diff(base, head, facts, seeds, format, cache_folder(root() / "out")), nl=False)
