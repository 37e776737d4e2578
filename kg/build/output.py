"""Writing build outputs atomically, one build at a time.

Each output is written to an anonymous file in the output folder (Linux ``O_TMPFILE``:
it has no name, so a build killed with ``kill -9`` leaves nothing behind) and only
given its name once complete, with ``os.replace``; readers see the old file or the new
one, never a part. A lock file keeps two builds from writing the same folder.
"""

from __future__ import annotations

import errno
import fcntl
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from kg.model.errors import BuildError

# The files of a build in out/, named here and nowhere else (kg.read.built reads them back).
TRIG = "graph.trig"        # every claim in its own named graph, provenance, ontology
TURTLE = "graph.ttl"       # the union of claims plus the ontology
SUMMARY = "build.json"     # base IRI, build date, counts, conflicts, warnings
PAGE = "graph.html"        # the interactive page
LOCK_NAME = ".kg-build.lock"
TEMP_MARK = ".kg-tmp-"


def _explain(exc: OSError, folder: Path) -> BuildError:
    if exc.errno == errno.ENOSPC:
        why = "the disk is full — free some space and build again"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = "it is not writable — check its permissions or pass --out with another folder"
    else:
        why = exc.strerror or str(exc)
    return BuildError(f"{folder}: cannot write outputs: {why}; the previous outputs are unchanged")


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.fsync(fd)


_AT_FDCWD, _AT_EMPTY_PATH = -100, 0x1000


def _link_fd(fd: int, path: Path) -> bool:
    """Give the unnamed file ``fd`` the name ``path``: linkat(AT_EMPTY_PATH) where
    permitted, else through /proc/self/fd (refused on some file systems)."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.linkat(fd, b"", _AT_FDCWD, os.fsencode(path), _AT_EMPTY_PATH) == 0:
            return True
    except (OSError, AttributeError):
        pass
    try:
        os.link(f"/proc/self/fd/{fd}", path, follow_symlinks=True)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EACCES, errno.EROFS):
            raise
        return False
    return True


def _stage(folder: Path, name: str, data: bytes) -> tuple[int | None, Path]:
    """Write ``data`` where it has no name yet: an unnamed file (its descriptor is returned,
    open) or, where the file system has no O_TMPFILE, a temporary name in ``folder``."""
    temp = folder / f"{TEMP_MARK}{os.getpid()}-{name}"
    try:
        fd = os.open(folder, os.O_TMPFILE | os.O_WRONLY, 0o644)
    except (AttributeError, OSError):
        fd = None
    if fd is not None:
        try:
            _write_all(fd, data)
        except BaseException:
            os.close(fd)
            raise
        return fd, temp
    fd = os.open(temp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o644)
    try:
        _write_all(fd, data)
    finally:
        os.close(fd)
    return None, temp


def _publish(fd: int | None, temp: Path, path: Path) -> None:
    """Give a staged file its final name, replacing what was there."""
    if fd is not None:
        try:
            try:
                os.unlink(temp)
            except FileNotFoundError:
                pass
            if not _link_fd(fd, temp):  # an overlay file system: write it out under a name
                with open(f"/proc/self/fd/{fd}", "rb") as staged, open(temp, "wb") as named:
                    named.write(staged.read())
                    named.flush()
                    os.fsync(named.fileno())
        finally:
            os.close(fd)
    os.replace(temp, path)


def write_files(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Replace the files of ``folder`` named in ``files`` together: every one is written
    out in full before any is renamed, so a failure (a full disk) changes none of them,
    and no reader ever sees a partial file. Returns the paths, in name order."""
    staged: list[tuple[int | None, Path, Path]] = []
    try:
        for name in sorted(files):
            fd, temp = _stage(folder, name, files[name])
            staged.append((fd, temp, folder / name))
    except OSError as exc:
        for fd, temp, _ in staged:
            if fd is not None:
                os.close(fd)
            else:
                temp.unlink(missing_ok=True)
        raise _explain(exc, folder) from None
    try:
        while staged:
            fd, temp, path = staged.pop(0)
            _publish(fd, temp, path)
    except OSError as exc:
        for fd, temp, _ in staged:
            if fd is not None:
                os.close(fd)
            temp.unlink(missing_ok=True)
        raise BuildError(f"{folder}: cannot rename the new outputs into place ({exc.strerror or exc}); "
                         "some files may be from the previous build — build again") from None
    return [folder / name for name in sorted(files)]


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that no reader ever sees a partial file."""
    write_files(path.parent, {path.name: data})


def write_new(path: Path, data: bytes, command: str) -> None:
    """Write a new file at ``path``, complete or not at all, never replacing one that
    exists (``kg new -o``, ``kg promote -o``): the data goes to a temporary name, then a
    hard link gives it ``path``, which fails atomically when the name is taken."""
    folder = path.parent if str(path.parent) else Path(".")
    taken = f"{path} already exists — {command} never overwrites a file; choose another file name"
    if path.exists():
        raise BuildError(taken)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=TEMP_MARK, dir=folder)
    except OSError as exc:
        raise _explain(exc, folder) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.link(temp, path)
    except FileExistsError:
        raise BuildError(taken) from None
    except OSError as exc:
        raise BuildError(f"{path}: cannot write: {exc.strerror or exc}") from None
    finally:
        os.unlink(temp)


def remove_stale_temporaries(folder: Path) -> None:
    """Remove temporary names left by a build that died between naming and renaming."""
    for stale in folder.glob(f"{TEMP_MARK}*"):
        try:
            stale.unlink()
        except OSError:
            pass


@contextmanager
def locked_output(folder: Path):
    """Hold the build lock of ``folder`` (created if needed); refuse if another build holds it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / LOCK_NAME, "a+")
    except OSError as exc:
        raise _explain(exc, folder) from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise BuildError(f"{folder}: another kg build is writing this folder — wait for it to finish, or build into another folder with --out") from None
        remove_stale_temporaries(folder)
        yield folder
    finally:
        handle.close()
