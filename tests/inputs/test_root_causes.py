"""One broken file gives the root cause, not misleading errors in another (issue 15, item 12):
a record with a bad type or a file that does not parse is reported once, references to the
ids it defines are not reported again, a "did you mean" suggests only ids of a fitting class,
and messages say "an Agent"."""

from __future__ import annotations

import pytest

from kg.contrib.validate import validate_paths
from kg.model.errors import InvalidData

NEW_BANK = """entities:
  - id: example-rural-bank
    type: {type}
    name: Example Rural Bank
    country: norland
    source: borealis-2031-router-review
"""
TRIAL = """actions:
  - id: example-rural-bank-halvard-router-trial
    type: Trial
    name: Example Rural Bank trials Halvard routers
    actor: example-rural-bank
    concernsVendor: halvard-systems
    source: borealis-2031-router-review
"""


def _problems(tree) -> list:
    with pytest.raises(InvalidData) as caught:
        validate_paths([tree / "facts"], tree / "seeds", facts_dir=tree / "facts", shacl=False, root=tree)
    return caught.value.problems


@pytest.mark.parametrize("broken", [
    pytest.param(NEW_BANK.format(type="bank"), id="bad-type"),
    pytest.param(NEW_BANK.format(type="Bank").replace("    name:", "      name:"), id="broken-indentation"),
])
def test_only_the_root_cause_is_reported(fictional_tree, broken):
    (fictional_tree / "facts" / "new-bank.yaml").write_text(broken)
    (fictional_tree / "facts" / "trial.yaml").write_text(TRIAL)
    problems = _problems(fictional_tree)
    assert [p.path for p in problems] == ["facts/new-bank.yaml"], [str(p) for p in problems]


def test_type_suggestion_keeps_its_case(fictional_tree):
    (fictional_tree / "facts" / "new-bank.yaml").write_text(NEW_BANK.format(type="bank"))
    [problem] = _problems(fictional_tree)
    assert "did you mean 'Bank'?" in problem.message


def test_did_you_mean_suggests_only_ids_of_a_fitting_class(fictional_tree):
    """An actor takes an Agent: a review's id, however close, is no suggestion."""
    (fictional_tree / "facts" / "trial.yaml").write_text(TRIAL.replace("actor: example-rural-bank", "actor: nfsa-review-of-halvard-router"))
    [problem] = _problems(fictional_tree)
    assert problem.message.startswith("unknown id 'nfsa-review-of-halvard-router' — 'actor' takes the id of an Agent defined in facts/")
    assert "did you mean" not in problem.message
    (fictional_tree / "facts" / "trial.yaml").write_text(TRIAL.replace("actor: example-rural-bank", "actor: quillfeather-bnk"))
    [problem] = _problems(fictional_tree)
    assert problem.message.endswith("did you mean 'quillfeather-bank'?")


@pytest.mark.parametrize("yaml_text, expected", [
    ("entities:\n  - id: x-corp\n    type: Vendor\n    name: X\n    actor: y\n    source: borealis-2031-router-review\n",
     "unknown field 'actor' for a Vendor"),
    ("actions:\n  - id: x-trial\n    type: Trial\n    name: X\n    actor: Example Bank\n    source: borealis-2031-router-review\n",
     "'actor' takes the id of an Agent (lower-case"),
    ("entities:\n  - id: x-corp\n    type: Trial\n    name: X\n    source: borealis-2031-router-review\n",
     "a Trial does not belong in 'entities'"),
    ("reviews:\n  - id: x-review\n    name: X\n    source: borealis-2031-router-review\n",
     "has no 'reviewer' — a Review needs"),
])
def test_articles_before_class_names(fictional_tree, yaml_text, expected):
    (fictional_tree / "facts" / "x.yaml").write_text(yaml_text)
    messages = [p.message for p in _problems(fictional_tree)]
    assert any(expected in m for m in messages), messages
    assert not any(" a A" in m or " a E" in m or " a I" in m or " a O" in m for m in messages), messages
