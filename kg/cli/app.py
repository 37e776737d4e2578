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
            err("interrupted — every output is as it was or wholly replaced, never half-written (kg build: out/ holds the previous build or the new one)")
            raise typer.Exit(130) from None


app = typer.Typer(
    cls=_KgGroup,
    name="kg",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

# Shared options, defined once.
FactsOpt = Annotated[Path, typer.Option("--facts", help="Folder of YAML fact files.")]
SeedsOpt = Annotated[Path, typer.Option("--seeds", help="Folder of source documents (articles with front matter).")]
OutOpt = Annotated[Path, typer.Option("--out", help="Folder the build writes to and queries read from.")]
BaseOpt = Annotated[str, typer.Option("--base", envvar="KG_BASE_IRI", help="Base IRI of everything the graph names.")]


def repository_root(start: Path | None = None) -> Path | None:
    """The repository kg works in, found as git finds its own: the nearest of ``start``
    (the current folder) and its parents that holds ``facts/`` or ``.git``; None if none does."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "facts").is_dir() or (folder / ".git").exists():
            return folder
    return None


def root() -> Path:
    """Where paths in the build (provenance, messages) are relative to: the repository root,
    or the current folder outside a repository."""
    return repository_root() or Path.cwd()


# Options whose default is a folder of the repository: from a subfolder, they default to the
# repository root's facts/, seeds/ and out/ (paths given on the command line stay as typed).
_ROOT_FOLDERS = ("facts", "seeds", "out")


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"kg {version('kg')}")
        except PackageNotFoundError:
            typer.echo("kg (version unknown: not installed)")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", is_eager=True, callback=_version, help="Print kg's version and exit.")] = False,
) -> None:
    """A knowledge graph of technology vendors, the regulators that act on them, the banks that depend on
    them, and the reviews and disputes between them.

    Run it in the repository (any subfolder will do: facts/, seeds/ and out/ are found as git finds
    its root).

    Example: kg build && kg show ibm
    """
    found = repository_root()
    if found is not None and found != Path.cwd().resolve():
        defaults = {name: str(found / name) for name in _ROOT_FOLDERS}
        ctx.default_map = {name: dict(defaults) for name in ctx.command.commands}  # type: ignore[attr-defined]


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
