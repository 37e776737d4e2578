"""Which characters a trigger's match can begin with, read from the regular expression's text
(:mod:`kg.extract.patterns`): a set when it is plain to read, None when not — never a wrong guess."""

from __future__ import annotations

import pytest

from kg.extract.patterns import first_chars, starting_with


@pytest.mark.parametrize("source, firsts", [
    (r"\bban(?:s|ned)?\b", {"b"}),
    (r"\b(?:ban|bar)s?\b", {"b"}),
    (r"\b(?:fined|penal\w+|settle)\b", {"f", "p", "s"}),
    (r"(?:review|probe)", {"r", "p"}),
    (r"(?:un)?install", {"u", "i"}),
    (r"\b(?=ord)order", {"o"}),
])
def test_the_first_characters_of_plain_patterns(source, firsts):
    assert first_chars(source) == firsts


@pytest.mark.parametrize("source", [r"[Bb]an", r"\w+ed", r"(?:ban|)", r"a|", r"\d{2} days", r"(?:x)*"])
def test_what_is_not_plain_to_read_is_not_guessed(source):
    assert first_chars(source) is None


@pytest.mark.parametrize("words, look, matches", [
    ("banks|lenders|men|women", "(?=[blmw])", ["banks", "women"]),
    ("operators|[Hh]olders", "", ["operators", "Holders"]),  # a class first: no look-ahead, never a wrong one
])
def test_a_look_ahead_built_from_a_list_of_words_lets_every_word_match(words, look, matches):
    import re

    assert starting_with(words) == look
    for word in matches:
        assert re.fullmatch(starting_with(words) + "(?:" + words + ")", word), word
