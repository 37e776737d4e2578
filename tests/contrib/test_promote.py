"""`kg promote`: chosen proposals become a fact file in the curated format; never overwrites."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from kg.cli import app
from kg.contrib.promote import choose, proposal_id, render, write_new
from kg.extract import extract
from kg.inputs.documents import find_quote, load_document
from kg.model.errors import KgError

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "tests" / "gold" / "tidewater-2023-kestrel-chip-ban.txt"


@pytest.fixture(scope="module")
def proposals(tmp_path_factory) -> Path:
    result = CliRunner().invoke(app, ["extract", str(ARTICLE), "--facts", "/nonexistent"])
    assert result.exit_code == 0
    path = tmp_path_factory.mktemp("p") / "proposals.jsonl"
    path.write_text(result.stdout)
    return path


def test_promote_writes_curated_format(proposals, tmp_path):
    out = tmp_path / "facts" / "proposed.yaml"
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / ARTICLE.name).write_text(ARTICLE.read_text())
    result = CliRunner().invoke(app, ["promote", "--from", str(proposals), "--min-confidence", "0.7", "-o", str(out), "--seeds", str(seeds)])
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert text.startswith("# yaml-language-server: $schema=../schema/facts.schema.json\n")
    assert "Nothing here is curated" in text and "method rule:" in text
    data = yaml.safe_load(text)
    assert set(data) <= {"entities", "reviews", "disputes", "actions", "claims"}
    doc = load_document(ARTICLE)
    records = [r for section in data.values() for r in section]
    assert records
    for record in records:
        source = record["source"]
        assert source["doc"] == doc.id and find_quote(doc, source["quote"])
    assert all("type" in a for a in data.get("actions", []))


def test_promote_never_overwrites(proposals, tmp_path):
    out = tmp_path / "existing.yaml"
    out.write_text("entities: []\n")
    result = CliRunner().invoke(app, ["promote", "--from", str(proposals), "--min-confidence", "0", "-o", str(out)])
    assert result.exit_code == 1 and "never overwrites" in result.stderr
    assert out.read_text() == "entities: []\n"
    with pytest.raises(KgError):
        write_new(out, "x")


def test_choose_by_id_brings_new_entities_along():
    records = extract([load_document(ARTICLE)], [])
    acquisition = next(r for r in records if r.get("predicate") == "Acquisition" and "brightwell-systems" in r["roles"].get("seller", []))
    chosen = choose(records, [proposal_id(acquisition)])
    ids = {proposal_id(r) for r in chosen}
    assert proposal_id(acquisition) in ids and "brightwell-systems" in ids and "kestrel-microdevices" in ids
    text = render(chosen, "test")
    action = yaml.safe_load(text)["actions"][0]
    assert action["type"] == "Acquisition" and action["amount"] == "1400000000" and action["currency"] == "EUR"
    with pytest.raises(KgError, match="no proposal"):
        choose(records, ["no-such-proposal"])


def test_list_shows_ids(proposals):
    result = CliRunner().invoke(app, ["promote", "--from", str(proposals), "--list"])
    assert result.exit_code == 0 and "tidewater-2023-kestrel-chip-ban-acquisition-1\tAcquisition" in result.stdout


def test_promoted_file_validates_and_is_formatted(tmp_path):
    """A promoted file is ready for a pull request: valid against the real facts (SHACL
    included) and already in the form `kg fmt --check` expects."""
    import shutil

    from kg.contrib.fmt import format_paths
    from kg.contrib.validate import validate_paths

    root = Path(__file__).resolve().parents[2]
    shutil.copytree(root / "facts", tmp_path / "facts")
    shutil.copytree(root / "seeds", tmp_path / "seeds")
    # Everything the seed article says is curated (promote writes none of it again): a new article gives the proposals.
    shutil.copy(ARTICLE, tmp_path / "seeds" / ARTICLE.name)
    target = tmp_path / "facts" / "proposed.yaml"
    result = CliRunner().invoke(app, ["promote", "--min-confidence", "0.7", "-o", str(target),
                                      "--facts", str(tmp_path / "facts"), "--seeds", str(tmp_path / "seeds")])
    assert result.exit_code == 0, result.output
    summary = validate_paths([target], tmp_path / "seeds", facts_dir=tmp_path / "facts", shacl=True, root=tmp_path)
    assert summary.startswith("ok: 1 fact file")
    assert not format_paths([target], check=True, root=tmp_path).changed


def test_promote_on_the_seed_writes_nothing_already_curated(tmp_path):
    import shutil

    from tests.conftest import SEED_FACTS

    shutil.copytree(SEED_FACTS, tmp_path / "facts")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    out = tmp_path / "proposed.yaml"
    result = CliRunner().invoke(app, ["promote", "--min-confidence", "0.7", "-o", str(out),
                                      "--seeds", str(tmp_path / "seeds"), "--facts", str(tmp_path / "facts")])
    # Everything the seed says is curated: nothing is chosen, and no file is written.
    assert result.exit_code != 0 and "no proposal was chosen" in result.output
    assert not out.exists()
