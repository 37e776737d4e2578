"""Per-file caches: what reading one fact file or document gave, kept by its content.

Reading the facts tree is most of what ``kg validate`` and ``kg diff`` cost, and a
large part of ``kg build``; a change touches one file. So each file's reading — its
records and problems (:func:`kg.inputs.facts.load_facts`), or its :class:`Document` —
is kept in a folder (``out/.kg-cache/``, see :func:`kg.build.output.cache_folder`)
under a key made of:

- the file's bytes and the path it is shown as (records carry their path);
- the tool: a digest of the source files that read inputs and of the bundled data (the
  ontology among them), so a cache written by another version of kg is never read.

An entry is read only if it carries a valid signature: an HMAC of its key and bytes under
a secret kept outside every repository (``$XDG_CACHE_HOME/kg/cache-secret``, else
``~/.cache/kg/cache-secret``, made on first use, readable by its owner only). Only then is
it unpickled, so a cache folder that came with a cloned repository, or that anyone else
wrote, is never loaded: it is a miss. So is a damaged, missing or half-written entry, or one
under another key; the file is read again and the entry rewritten. When no secret can be
kept, nothing is cached. Entries are written to a temporary name and renamed, so readers
never see a part. ``kg build --clean`` reads no entry.

What this module's users keep: a file's records and :class:`~kg.inputs.facts.FileIndex`
(:mod:`kg.inputs`), a document, and — under the same signature — each file's part of a
build's outputs (:mod:`kg.build.chunks`, whose key adds the build's code and base IRI, and
which records the one thing it takes from other files) and the page's layout. Cross-file
checks are made fresh every time.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import tempfile
from functools import cache
from pathlib import Path

_FORMAT = b"kg-cache-2"
_SIGNATURE = 32  # bytes of HMAC-SHA256 before each entry's pickle
# After a build, which reads every file, entries it did not use are removed oldest first once
# they outnumber the used ones by this factor: an earlier version of each file stays (a branch
# switched back to is read from the cache), and the cache does not grow with every edit.
_KEEP = 2


@cache
def tool_digest() -> bytes:
    """A digest of the code that reads inputs (``kg/inputs``, ``kg/model`` with the
    ontology and bundled data): any change to it changes every key."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(_FORMAT)
    for path in sorted(p for layer in ("inputs", "model") for p in (package / layer).rglob("*")):
        if path.suffix in (".py", ".ttl", ".rq") and path.is_file():
            digest.update(os.fspath(path.relative_to(package)).encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.digest()


@cache
def _secret() -> bytes | None:
    """The key entries are signed with, made once per user; None when it cannot be kept."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kg"
    path = base / "cache-secret"
    try:
        data = path.read_bytes()
        if len(data) == 32 and path.stat().st_uid == os.getuid() and not path.stat().st_mode & 0o077:
            return data
        if data:
            return None  # someone else's, or readable by others: not a secret
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:
        base.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(os.urandom(32))
        return path.read_bytes()
    except FileExistsError:  # another kg made it just now
        return path.read_bytes() if path.stat().st_uid == os.getuid() else None
    except OSError:
        return None


def _sign(key: str, payload: bytes) -> bytes:
    return hmac.new(_secret(), key.encode() + b"\0" + payload, hashlib.sha256).digest()


class FileCache:
    """Entries of one kind (``"facts"``, ``"document"``) in ``folder``; ``folder=None``
    caches nothing (every lookup misses, nothing is written)."""

    def __init__(self, folder: Path | None, kind: str, *, fresh: bool = False, deferred: bool = False):
        self.folder = Path(folder) / kind if folder is not None and _secret() is not None else None
        self.fresh = fresh  # read no entry (kg build --clean), write them all again
        self.deferred = deferred  # new entries wait for save()
        self._pending: dict[str, object] = {}
        self._used: set[str] = set()  # keys looked up or stored by this run
        self.keys: dict[str, str] = {}  # the key of each file read, by path as shown

    @property
    def used(self) -> set[str]:
        return set(self._used)

    def key(self, data: bytes, display: str) -> str:
        digest = hashlib.sha256(tool_digest())  # the same for every kind: each kind has its folder
        digest.update(display.encode() + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def get(self, key: str):
        """The entry stored under ``key``, or None."""
        if self.folder is None:
            return None
        self._used.add(key)
        if self.fresh:
            return None
        try:
            data = (self.folder / key[:2] / key).read_bytes()
            signature, payload = data[:_SIGNATURE], data[_SIGNATURE:]
            if not hmac.compare_digest(signature, _sign(key, payload)):
                raise ValueError("not signed by this user's kg")
            value = pickle.loads(payload)  # only what this user's kg wrote under this key
        except Exception:  # missing, damaged, foreign or unsigned: a miss, never trusted
            return None
        return value

    def put(self, key: str, value) -> None:
        """Keep ``value`` under ``key``, written to the folder at :meth:`save` (or at once
        when ``self.deferred`` is False)."""
        if self.folder is None:
            return
        self._used.add(key)
        if self.deferred:
            self._pending[key] = value
        else:
            self._write(key, value)

    def save(self) -> None:
        """Write the entries kept since the last save (a build saves them once its inputs
        are valid, so a refused build leaves the output folder as it was)."""
        pending, self._pending = self._pending, {}
        for key, value in pending.items():
            self._write(key, value)

    def _write(self, key: str, value) -> None:
        """Store one entry; a cache that cannot be written is skipped silently."""
        folder = self.folder / key[:2]
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(fd, "wb") as handle:
                handle.write(_sign(key, payload) + payload)
            os.replace(temp, folder / key)
        except OSError:
            try:
                os.unlink(temp)
            except (OSError, UnboundLocalError):
                pass

    def read(self, path: Path, display: str, make):
        """``make(data)`` for the file at ``path``, from the cache when its bytes were seen
        before. ``data`` is the file's bytes (None when it cannot be read: ``make`` reports it)."""
        if path.is_symlink() or not path.is_file():
            return make(None)  # the reader refuses it, with its own message
        try:
            data = path.read_bytes()
        except OSError:
            return make(None)
        key = self.keys[display] = self.key(data, display)
        value = self.get(key)
        if value is None:
            value = make(data)
            self.put(key, value)
        return value

    def prune(self, also_used: set[str] = frozenset()) -> None:
        """After a run that looked up every file (a build): remove the entries it did not
        use (nor ``also_used``: keys another kind of the same files used), oldest first,
        down to ``_KEEP`` times as many entries as it used."""
        if self.folder is None or not self.folder.is_dir():
            return
        try:
            entries = [p for p in self.folder.glob("*/*") if not p.name.startswith(".tmp-")]
            used = self._used | also_used
            unused = sorted((p for p in entries if p.name not in used), key=lambda p: p.stat().st_mtime)
        except OSError:
            return
        for path in unused[: max(0, len(entries) - _KEEP * max(len(used), 1))]:
            path.unlink(missing_ok=True)
