"""The ``kg`` command line: a thin skin over the library. Each command parses its
options, calls into ``kg``, and prints; errors become ``path:line:col`` messages and
exit code 1 here, and only here."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperGroup

from kg.model.errors import KgError, describe


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


def main() -> None:
    """Entry point of the ``kg`` console script.

    A bug in kg itself still ends in one line and exit code 2, not a traceback; set
    KG_DEBUG=1 to see the traceback when reporting it."""
    try:
        app()
    except SystemExit:
        raise
    except Exception as exc:  # the last line of defence, see the docstring
        internal_error(exc)


def internal_error(exc: Exception) -> None:
    """Report a bug in kg in one line and exit 2 (with KG_DEBUG set, re-raise it)."""
    import os

    if os.environ.get("KG_DEBUG"):
        raise exc
    err(f"internal error: {type(exc).__name__}: {exc} — this is a bug in kg; run again with KG_DEBUG=1 and report the traceback")
    sys.exit(2)
