"""The ``kg`` console script. ``kg query`` takes a path that skips building the typer
app (see :func:`kg.querycmd.fast_query`); everything else goes to :mod:`kg.cli`."""

from __future__ import annotations

import sys


def main() -> None:
    argv = sys.argv[1:]
    if argv[:1] == ["query"] and not {"--help", "-h"} & set(argv):
        from .errors import KgError, describe
        from .querycmd import fast_query

        try:
            code = fast_query(argv[1:])
        except KgError as exc:
            print("\n".join(describe(exc)), file=sys.stderr)
            sys.exit(1)
        except Exception as exc:  # noqa: BLE001 - the same last line of defence as kg.cli.main
            from .cli import internal_error

            internal_error(exc)
        if code is not None:
            sys.exit(code)
    from .cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
