"""The one error tree of kg. Library code raises these; only the CLI turns them into
messages and exit codes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one place: ``path:line:col: error: message``.

    ``line`` and ``col`` are 1-based; 0 means "the whole file"."""

    path: str
    line: int
    col: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}:{self.col or 1}"
        return f"{where}: {self.severity}: {self.message}"


class KgError(Exception):
    """Anything kg reports to a user instead of crashing."""


class InvalidData(KgError):
    """One or more problems in fact files or documents, all collected before raising."""

    def __init__(self, problems: list[Problem], *, writes: bool = True):
        self.problems = sorted(problems)
        self.writes = writes  # False for a command that only checks (kg validate): nothing to say about outputs
        super().__init__("\n".join(str(p) for p in self.problems))


class BuildError(KgError):
    """The build could not write its outputs (disk full, folder not writable, locked)."""


class QueryError(KgError):
    """A query that cannot run: syntax error, refused operation, time or row limit."""


def describe(exc: KgError) -> list[str]:
    """The lines a person sees for ``exc`` (standard error)."""
    if isinstance(exc, InvalidData):
        lines = [str(p) for p in exc.problems]
        files = len({p.path for p in exc.problems})
        count = len(exc.problems)
        written = "nothing was written; " if exc.writes else ""
        lines.append(f"{count} problem{'s' * (count != 1)} in {files} file{'s' * (files != 1)} — {written}"
                     f"fix {'it' if count == 1 else 'them'} and run again.")
        return lines
    return [f"error: {exc}"]
