"""The ``kg`` command line: a thin skin over the library, one module per area.

:mod:`kg.cli.app` holds the typer app, the shared options and the one error handler;
each area module adds its commands to it at import. Commands import the library inside
their bodies, so ``kg query`` does not pay for the imports of ``kg build``.
"""

from kg.cli import build, contrib, extract, page, query  # noqa: F401 - registers the commands
from kg.cli.app import app, main

__all__ = ["app", "main"]
