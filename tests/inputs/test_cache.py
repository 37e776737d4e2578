"""The per-file cache (kg.inputs.cache): an entry is read back only under its own key, a
miss is never fatal, and after a build the cache keeps what the build used plus a bounded
number of older entries."""

from __future__ import annotations

import os
from pathlib import Path

from kg.inputs.cache import FileCache


def _fill(cache: FileCache, n: int) -> list[str]:
    keys = []
    for i in range(n):
        key = cache.key(f"bytes {i}".encode(), f"facts/file-{i}.yaml")
        cache.put(key, {"file": i})
        path = cache.folder / key[:2] / key
        os.utime(path, (1_000_000 + i, 1_000_000 + i))  # entry i is older than entry i + 1
        keys.append(key)
    return keys


def test_an_entry_is_read_back_under_its_key_only(tmp_path: Path) -> None:
    cache = FileCache(tmp_path, "facts")
    key = cache.key(b"entities: []\n", "facts/a.yaml")
    cache.put(key, ["records"])
    assert FileCache(tmp_path, "facts").get(key) == ["records"]
    assert FileCache(tmp_path, "facts").get(cache.key(b"entities: []\n", "facts/b.yaml")) is None  # another path
    assert FileCache(tmp_path, "facts").get(cache.key(b"entities: [] \n", "facts/a.yaml")) is None  # other bytes


def test_prune_keeps_what_the_build_used_and_the_newest_of_the_rest(tmp_path: Path) -> None:
    keys = _fill(FileCache(tmp_path, "facts"), 10)
    build = FileCache(tmp_path, "facts")
    for key in keys[:3]:  # the build read the three oldest files
        assert build.get(key) is not None
    build.prune()
    left = {p.name for p in (tmp_path / "facts").glob("*/*")}
    assert left == set(keys[:3]) | set(keys[-3:])  # 2 x 3 entries: the used ones, then the newest others


def test_prune_counts_keys_another_kind_used(tmp_path: Path) -> None:
    keys = _fill(FileCache(tmp_path, "index"), 6)
    FileCache(tmp_path, "index").prune(also_used=set(keys))
    assert len(list((tmp_path / "index").glob("*/*"))) == 6


def test_fresh_reads_nothing_but_still_counts_as_used(tmp_path: Path) -> None:
    keys = _fill(FileCache(tmp_path, "facts"), 4)
    clean = FileCache(tmp_path, "facts", fresh=True)
    assert all(clean.get(key) is None for key in keys)
    clean.prune()
    assert len(list((tmp_path / "facts").glob("*/*"))) == 4


def test_an_entry_not_signed_by_this_users_kg_is_never_unpickled(tmp_path: Path, monkeypatch) -> None:
    """A cache folder that came with a cloned repository holds pickles someone else wrote:
    loading one would run their code. Only entries signed with this user's secret are read."""
    import pickle

    cache = FileCache(tmp_path, "facts")
    key = cache.key(b"entities: []\n", "facts/a.yaml")
    cache.put(key, ["mine"])
    entry = tmp_path / "facts" / key[:2] / key

    class Boom:
        def __reduce__(self):
            return (os.system, ("touch " + str(tmp_path / "pwned"),))

    for forged in (pickle.dumps((key, Boom())), b"\0" * 32 + pickle.dumps(Boom()), entry.read_bytes()[:32] + pickle.dumps(Boom())):
        entry.write_bytes(forged)
        assert FileCache(tmp_path, "facts").get(key) is None
    assert not (tmp_path / "pwned").exists()


def test_no_secret_means_no_cache(tmp_path: Path, monkeypatch) -> None:
    import kg.inputs.cache as cache_module

    monkeypatch.setattr(cache_module, "_secret", lambda: None)
    cache = FileCache(tmp_path, "facts")
    cache.put(cache.key(b"x", "facts/a.yaml"), 1)
    assert cache.folder is None and not (tmp_path / "facts").exists()
