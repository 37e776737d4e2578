"""Any text into the extractor ends in records or a KgError, never another exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.extract import extract
from kg.inputs.documents import Document
from kg.model.errors import KgError

WORDS = st.sampled_from([
    "Ministry", "of", "Finance", "Bank", "the", "bank", "company", "said", "on", "Monday", "May", "19", "last", "week",
    "Zentra", "Semiconductor", "banned", "sold", "to", "for", "US$2.3", "billion", "reviewing", "urged", "replace",
    "with", "chaired", "by", "President", "'s", ",", ".", "\n", "Beijing", "-based", "dispute", "US", "Photo:", "Advertisement",
])
CATALOG = [{"id": "zentra", "type": "Vendor", "name": "Zentra", "aliases": ["Z"]},
           {"id": "x", "type": "Place", "name": "Beijing", "aliases": []}]


def _run(text: str) -> None:
    doc = Document("fuzz", "t", "p", "2014-05-28", "en", None, text, "fuzz.txt")
    try:
        records = extract([doc], CATALOG)
    except KgError:
        return
    for r in records:
        if r["kind"] == "relation":
            assert text[r["evidence"]["start"] : r["evidence"]["end"]] == r["evidence"]["text"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_text(text):
    _run(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(WORDS, max_size=80).map(" ".join))
def test_newsy_word_salad(text):
    _run(text)
