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
from contextlib import contextmanager
from pathlib import Path

from .errors import BuildError

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


def _name_anonymous(folder: Path, temp: Path, data: bytes) -> bool:
    """Write ``data`` to an unnamed file and link it as ``temp``; False where the file
    system cannot (no O_TMPFILE, or an overlay file system refusing the link)."""
    try:
        fd = os.open(folder, os.O_TMPFILE | os.O_WRONLY, 0o644)
    except (AttributeError, OSError):
        return False
    try:
        _write_all(fd, data)
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        if not _link_fd(fd, temp):
            return False
    finally:
        os.close(fd)
    return True


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that no reader ever sees a partial file."""
    folder = path.parent
    temp = folder / f"{TEMP_MARK}{os.getpid()}-{path.name}"
    try:
        if not _name_anonymous(folder, temp, data):
            fd = os.open(temp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o644)
            try:
                _write_all(fd, data)
            finally:
                os.close(fd)
        os.replace(temp, path)
    except OSError as exc:
        try:
            temp.unlink()
        except OSError:
            pass
        raise _explain(exc, folder) from None


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
