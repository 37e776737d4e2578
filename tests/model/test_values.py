"""Value kinds (kg.model.values): the cases of tests/data/values/cases.yaml, the link between
the ontology and the kinds, and patterns that stay linear on hostile input."""

from __future__ import annotations

import time
from pathlib import Path

import jsonschema
import pytest
import yaml

from kg.model import values
from kg.model.ontology import load_ontology

CASES = yaml.safe_load((Path(__file__).parents[1] / "data" / "values" / "cases.yaml").read_text(encoding="utf-8"))


def _id(case: dict) -> str:
    return f"{case['kind']}-{case['value'][:24]!r}"


@pytest.mark.parametrize("case", [c for c in CASES if "problem" not in c], ids=_id)
def test_valid_value(case):
    kind = getattr(values, case["kind"])
    text = case["value"]
    assert kind.check(text) is None
    assert kind.valid(text)
    clean = case.get("clean", text)
    assert kind.clean(text) == clean
    assert kind.check(clean) is None and kind.clean(clean) == clean, "clean text is itself clean"
    if "rdf" in case:
        assert str(kind.rdf(text)) == case["rdf"]
    # What kg accepts, an editor checking the JSON Schema accepts too.
    jsonschema.validate(text, kind.json_schema())


@pytest.mark.parametrize("case", [c for c in CASES if "problem" in c], ids=_id)
def test_invalid_value(case):
    kind = getattr(values, case["kind"])
    assert kind.check(case["value"]) == case["problem"]
    assert not kind.valid(case["value"])


def test_every_kind_has_cases():
    kinds = {name for name, obj in vars(values).items()
             if isinstance(obj, type) and issubclass(obj, values.Kind) and obj is not values.Kind}
    covered = {c["kind"] for c in CASES}
    assert kinds <= covered, f"no cases for {sorted(kinds - covered)}"
    assert all({"problem" in c for c in CASES if c["kind"] == kind} == {True, False} for kind in kinds), \
        "each kind needs a valid and an invalid case"


def test_every_property_of_the_ontology_has_a_kind():
    onto = load_ontology()
    for prop in onto.properties.values():
        kind = values.kind_of(prop)
        assert (kind is None) == (prop.kind == "enum"), prop.name
    assert values.kind_of(onto.properties["currency"]) is values.Currency
    assert values.kind_of(onto.properties["language"]) is values.Language
    assert values.kind_of(onto.properties["amount"]) is values.Decimal
    assert values.kind_of(onto.properties["url"]) is values.Url


def test_slug_from_name():
    assert values.Slug.from_name("Norland's Savings Bank") == "norlands-savings-bank"
    assert values.Slug.from_name("  ") == "unnamed"
    made = values.Slug.from_name("Halvard " * 40)
    assert values.Slug.valid(made) and len(made) <= 80


def test_string_check_names_the_field():
    assert values.String.check("x" * 2001, "quote") == (
        "'quote' is 2001 characters long — at most 2000; quote only the words that support the claim")


def _seconds(check, text: str, times: int) -> float:
    """The best of five timings of ``times`` checks of ``text``."""
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(times):
            check(text)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("shape", [
    lambda n: "https://" + "." * n + " ",
    lambda n: "." * n,
    lambda n: "http://a" + ".a" * (n // 2) + "\n",
    lambda n: "https://x.example/" + "/." * (n // 2) + "<",
], ids=["dotted-host", "dots", "dotted-labels", "dotted-path"])
def test_url_check_is_linear(shape):
    """16 times the input may take about 16 times as long (64 leaves room for noise on a
    loaded machine and for cache effects), not 256 times (quadratic): the URL pattern kg used before took 0.4 s on 4 KB of dots and
    minutes on 64 KB. A ratio, not a timeout, so a slow machine does not fail it; the 4 KB
    input is checked 16 times per timing so both timings are long enough to measure."""
    small = _seconds(values.Url.check, shape(4096), 16) / 16
    large = _seconds(values.Url.check, shape(65536), 1)
    assert large <= 64 * small, f"4 KB: {small:.6f} s, 64 KB: {large:.6f} s"
    assert values.Url.check(shape(65536)) is not None
