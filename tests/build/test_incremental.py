"""A build after edits, reusing the per-file caches and the previous store, gives what a
clean build of the end state gives: the same bytes in every output file, the same quads
in the store. And a cache that is damaged or stale is not trusted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg.build.graph as graph_module
import kg.build.store as store_module
from kg.build.graph import run_build
from kg.build.output import CACHE, PAGE, SUMMARY, TRIG, TURTLE

ROOT = Path(__file__).resolve().parents[2]
SEED_FACTS = ROOT / "tests" / "data" / "seed-facts"


def _outputs(out: Path) -> dict[str, bytes]:
    files = {name: (out / name).read_bytes() for name in (TRIG, TURTLE, SUMMARY, PAGE)}
    files["store"] = "\n".join(sorted(str(q) for q in ox.Store.read_only(str(out / "store")))).encode()
    return files


def _build(tree: Path, out: Path, *, clean: bool = False, extract: bool = True):
    return run_build(tree / "facts", tree / "seeds", out, extract=extract, root=tree, clean=clean)


def _edits(facts: Path):
    """Add a file, change a value, change only a claim's certainty, delete a file, rename a
    file, change the article."""
    new = facts / "entities" / "fictional-added.yaml"
    yield "add", lambda: new.write_text(
        "entities:\n  - id: quillow-systems\n    type: Vendor\n    name: Quillow Systems\n"
        "    source: {doc: scmp-2014-ibm-servers, quote: \"IBM\"}\n")
    yield "change", lambda: new.write_text(new.read_text().replace("Quillow Systems", "Quillow Systems Ltd"))
    # The same triples from the same source, only more certain: the claims' provenance changes.
    yield "certainty", lambda: new.write_text(new.read_text() + "    certainty: confirmed\n")
    yield "delete", lambda: new.unlink()
    files = sorted((facts / "entities").glob("*.yaml"))
    yield "rename", lambda: files[0].rename(files[0].with_name("zz-" + files[0].name))
    # Every extracted claim's evidence moves: all of them are other claims now.
    article = facts.parent / "seeds" / "scmp-2014-ibm-servers.txt"
    yield "document", lambda: article.write_text(article.read_text().replace("\n---\n", "\n---\nUpdated.\n", 1))


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    shutil.copytree(SEED_FACTS, tmp_path / "facts")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    return tmp_path


@pytest.mark.parametrize("extract", [False, True], ids=["facts-only", "with-extraction"])
def test_builds_after_add_change_delete_rename_equal_clean_builds(tree: Path, tmp_path: Path, monkeypatch, extract) -> None:
    """Each build after an edit changes the earlier store in place; without extraction it
    reads only what changed, with it every file is read again (the extractor links mentions
    to every curated name) but unchanged files' chunks are kept."""
    updates = []
    real_update = store_module._update

    def spy(*args):
        updates.append(real_update(*args))
        return updates[-1]

    monkeypatch.setattr(graph_module, "_UPDATE_SHARE", 1.0)  # a small tree: every change is "large"
    monkeypatch.setattr(store_module, "_update", spy)
    out = tree / "out"
    _build(tree, out, extract=extract)
    for step, (name, edit) in enumerate(_edits(tree / "facts")):
        edit()
        _build(tree, out, extract=extract)
        clean = tmp_path / f"clean-{step}"
        _build(tree, clean, clean=True, extract=extract)
        assert _outputs(out) == _outputs(clean), f"after '{name}' the incremental build differs from a clean one"
    assert len(updates) == 6 and all(updates), "the previous store was not changed in place"
    # The build leaves each file's index too: the next `kg validate FILE` reads no other file in full.
    assert (out / CACHE / "facts").is_dir() and (out / CACHE / "index").is_dir() and (out / CACHE / "chunk").is_dir()


def test_damaged_cache_entries_are_read_again(tree: Path) -> None:
    out = tree / "out"
    _build(tree, out)
    before = _outputs(out)
    entries = [p for p in (out / CACHE).rglob("*") if p.is_file()]
    assert entries
    for i, entry in enumerate(entries):
        entry.write_bytes(b"not a pickle" if i % 2 else entry.read_bytes()[: len(entry.read_bytes()) // 2])
    _build(tree, out)
    assert _outputs(out) == before


def test_an_entry_under_the_wrong_key_is_not_trusted(tree: Path) -> None:
    """An entry copied to another key (another file's bytes) is a miss, not that file's reading."""
    out = tree / "out"
    _build(tree, out)
    before = _outputs(out)
    entries = sorted(p for p in (out / CACHE / "facts").rglob("*") if p.is_file())
    assert len(entries) > 1
    first = entries[0].read_bytes()
    for entry in entries[1:]:
        entry.write_bytes(first)
    _build(tree, out)
    assert _outputs(out) == before


def test_a_class_changed_elsewhere_remakes_the_chunks_that_date_by_it(tree: Path, tmp_path: Path) -> None:
    """A file stating the start date of an action another file defines: its kg:sortDate
    claim depends on that action's class (Trial dates by startDate, Suspension by date). When
    the class changes, that file's kept part is made again, though its bytes did not change."""
    (tree / "facts" / "zz-dates.yaml").write_text(
        "claims:\n  - subject: china-suspends-cyber-working-group\n    predicate: startDate\n    object: 2014-05\n"
        "    source: scmp-2014-ibm-servers\n")
    out = tree / "out"
    _build(tree, out, extract=False)
    dispute = tree / "facts" / "disputes" / "us-china-spying-dispute-2014.yaml"
    text = dispute.read_text()
    assert "        type: Suspension\n" in text
    dispute.write_text(text.replace("        type: Suspension\n", "        type: Trial\n", 1))
    _build(tree, out, extract=False)
    clean = tmp_path / "clean"
    _build(tree, clean, clean=True, extract=False)
    assert _outputs(out) == _outputs(clean)
    assert b"zz-dates.yaml" in (clean / TRIG).read_bytes()
