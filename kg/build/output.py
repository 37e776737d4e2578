"""Writing build outputs atomically, one build at a time, and publishing a build as one switch.

A build is written into a folder of its own, a *generation* (``out/.kg-gen-NNNNNN/``:
``graph.trig``, ``graph.ttl``, ``build.json``, ``graph.html``, ``store/``), first under a
temporary name, then renamed once complete. It is published by replacing one symbolic
link, ``out/current``, with ``os.replace``: a reader sees the previous build or the new
one, whole, never a mix, and a build killed at any moment leaves ``out/`` as it was. The
names users open (``out/graph.html``, ``out/graph.trig`` …) are symbolic links through
``current``; :class:`kg.read.built.BuiltGraph` resolves ``current`` once, so every file
it reads comes from the same build. The previous generation is kept until the next build
(a server may still be reading it); older ones, and temporaries of killed builds, are
removed at the start of the next build.

kg deletes only what it made: ``out/.kg-out`` marks a folder kg build made, and a folder
that is neither empty nor marked (nor an ``out/`` of an earlier kg, which held only the
files named below) is refused.

Each output is written to an anonymous file in the output folder (Linux ``O_TMPFILE``:
it has no name, so a build killed with ``kill -9`` leaves nothing behind) and only
given its name once complete, with ``os.replace``; readers see the old file or the new
one, never a part. A lock file keeps two builds from writing the same folder.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

from kg.model.errors import BuildError

# The files of a build in out/, named here and nowhere else (kg.read.built reads them back).
TRIG = "graph.trig"        # every claim in its own named graph, provenance, ontology
TURTLE = "graph.ttl"       # the union of claims plus the ontology
SUMMARY = "build.json"     # base IRI, build date, counts, conflicts, warnings
PAGE = "graph.html"        # the interactive page
STORE = "store"            # the query store (kg.build.store)
LOCK_NAME = ".kg-build.lock"
TEMP_MARK = ".kg-tmp-"
OWNED = ".kg-out"          # marks a folder kg build made
OWNED_TEXT = b"made by kg build: it deletes only what it wrote here\n"
CURRENT = "current"        # the symbolic link to the published generation
CACHE = ".kg-cache"        # per-file caches of inputs read (kg.inputs.cache), kept across builds
GENERATION = ".kg-gen-"
# Every temporary name a build uses (outputs, generations, an earlier kg's store swap).
TEMPORARIES = (TEMP_MARK, ".kg-store-tmp-", ".kg-store-old-")


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


def _remove(path: Path) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except OSError:
        pass


def remove_stale_temporaries(folder: Path) -> None:
    """Remove temporary files and folders left by a build that was killed."""
    for stale in folder.iterdir():
        if stale.name.startswith(TEMPORARIES):
            _remove(stale)


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


# ---------------------------------------------------------------- generations


def _earlier_kg_out(folder: Path, entries: list[Path]) -> bool:
    """True for an ``out/`` written by a kg before generations: only its own names."""
    def own(path: Path) -> bool:
        name = path.name
        if name.startswith(TEMPORARIES):
            return True
        if name == STORE:
            return path.is_dir() and not path.is_symlink() and (path / "kg-store.json").is_file()
        if name == CACHE:
            return path.is_dir() and not path.is_symlink()
        if name == CURRENT:  # a copy of a generation (cp -rL of an out/)
            return path.is_dir() and (path / SUMMARY).is_file()
        return (name.startswith(("graph.", ".kg-")) or name == SUMMARY) and path.is_file()

    return all(own(p) for p in entries)


def check_owned(folder: Path) -> None:
    """Refuse to build into ``folder`` unless it is new, empty, or made by kg build."""
    if not folder.exists() and not folder.is_symlink():
        return
    if not folder.is_dir():
        raise _explain(OSError(errno.ENOTDIR, "it is not a folder"), folder)
    if (folder / OWNED).is_file():
        return
    entries = list(folder.iterdir())
    if entries and not _earlier_kg_out(folder, entries):
        names = ", ".join(sorted(p.name for p in entries)[:3])
        raise BuildError(f"{folder}: not empty ({names} …) and not made by kg build (no {OWNED} file) — kg build "
                         "writes only into a new or empty folder, or one it made: choose another --out")


def cache_folder(folder: Path) -> Path | None:
    """Where builds and checks of the inputs keep their per-file caches
    (:mod:`kg.inputs.cache`): ``folder/.kg-cache``, in an output folder kg made or may make
    (new, empty, or holding only kg's files; the cache creates it when it first writes).
    None when ``folder`` is someone else's: then nothing is cached."""
    try:
        check_owned(folder)
    except BuildError:
        return None
    return folder / CACHE


def _generations(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(GENERATION) and p.name[len(GENERATION):].isdigit())


def current_generation(folder: Path) -> str | None:
    """The name of the generation ``folder/current`` points to, if any."""
    try:
        target = os.readlink(folder / CURRENT)
    except OSError:
        return None
    return target if target.startswith(GENERATION) and "/" not in target else None


def _prune(folder: Path) -> None:
    """Keep the current generation and the one before it; remove the others."""
    current = current_generation(folder)
    others = [g for g in _generations(folder) if g != current]
    for name in others[:-1]:
        _remove(folder / name)


class _Beside:
    """Runs ``work(folder)`` in a thread while the ``with`` block runs, and waits for it on
    leaving, whatever happened; :meth:`result` re-raises what it raised."""

    def __init__(self, work, folder: Path):
        self.work, self.folder, self.error = work, folder, None
        self.thread = threading.Thread(target=self._run, name="kg-store", daemon=True) if work else None

    def _run(self) -> None:
        try:
            self.work(self.folder)
        except BaseException as exc:  # handed to the caller's thread by result()
            self.error = exc

    def __enter__(self) -> _Beside:
        if self.thread is not None:
            self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.thread is not None:
            self.thread.join()

    def result(self) -> None:
        if self.error is not None:
            raise self.error


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _link(folder: Path, name: str, target: str) -> None:
    """Make ``folder/name`` a symbolic link to ``target`` with one rename."""
    path = folder / name
    try:
        if os.readlink(path) == target:
            return
    except OSError:
        pass
    if path.is_dir() and not path.is_symlink():  # an earlier kg's store/ (check_owned vetted it)
        aside = folder / f"{TEMP_MARK}old-{name}-{os.getpid()}"
        os.rename(path, aside)
        shutil.rmtree(aside, ignore_errors=True)
    temp = folder / f"{TEMP_MARK}link-{os.getpid()}"
    temp.unlink(missing_ok=True)
    os.symlink(target, temp)
    os.replace(temp, path)


def publish_build(folder: Path, files, fill=None, seal=None) -> list[Path]:
    """Write ``files`` (a dict of bytes by name, or a function making it) and what
    ``fill(generation_folder)`` writes, the store, as a new generation of ``folder``, and
    switch ``folder/current`` to it (see the module docstring). The store is written in a
    thread of its own while the files are made and written (the engine works without
    Python's lock: the two use both cores); ``seal(generation_folder)`` runs once both are
    done. Any failure before the switch leaves ``folder`` as it was."""
    check_owned(folder)
    with locked_output(folder):
        if not (folder / OWNED).is_file():
            write_atomic(folder / OWNED, OWNED_TEXT)
        _prune(folder)
        names = _generations(folder)
        number = int(names[-1][len(GENERATION):]) + 1 if names else 1
        temp = folder / f"{TEMP_MARK}gen-{os.getpid()}"
        gen = folder / f"{GENERATION}{number:06d}"
        try:
            temp.mkdir()
            with _Beside(fill, temp) as store:
                files = files() if callable(files) else files
                write_files(temp, files)
            store.result()
            if seal is not None:
                seal(temp)
            _fsync_dir(temp)
            os.rename(temp, gen)
        except OSError as exc:
            shutil.rmtree(temp, ignore_errors=True)
            raise _explain(exc, folder) from None
        except BaseException:  # BuildError, Ctrl-C: nothing of this build stays
            shutil.rmtree(temp, ignore_errors=True)
            raise
        try:
            _link(folder, CURRENT, gen.name)  # the switch: from here on the new build is published
            _fsync_dir(folder)
            for name in sorted([*files, STORE] if fill is not None else files):
                _link(folder, name, f"{CURRENT}/{name}")
        except OSError as exc:
            raise BuildError(f"{folder}: cannot publish the new build ({exc.strerror or exc}); "
                             "build again") from None
        _prune(folder)
    return [folder / name for name in sorted(files)] + ([folder / STORE] if fill is not None else [])
