"""Reading a regular expression's text: which characters a match of it can begin with.

:mod:`.events` uses it to try each trigger only at the words that can begin one (see ``trigger_hits``).
The reader knows literals, groups, alternatives, quantifiers, ``\\b`` and look-arounds; anything else
first (a class, another escape) makes it answer None: not known, never a wrong guess.
"""

from __future__ import annotations


def first_chars(source: str) -> set[str] | None:
    r"""The characters a match of the regular expression ``source`` can begin with, read from its text; None
    when that is not plain to read (a character class or an escape other than \b first, or a part that can
    match nothing)."""
    firsts = _alternatives_first(source, 0)
    return firsts if firsts is not None and _alternative_end(source, 0) == len(source) else None


def _alternatives_first(source: str, i: int) -> set[str] | None:
    """First characters of the alternatives that begin at ``i`` (up to the ")" closing them)."""
    found: set[str] = set()
    while True:
        firsts = _sequence_first(source, i)
        if firsts is None:
            return None
        found |= firsts
        i = _alternative_end(source, i)
        if i == len(source) or source[i] == ")":
            return found
        i += 1  # past the "|"


def _sequence_first(source: str, i: int) -> set[str] | None:
    """First characters of the items that begin at ``i``: the first item's, and the next one's too while
    an item may match nothing (``?``, ``*``, ``{0,…}``, ``\\b``, a look-around)."""
    if i == len(source) or source[i] in "|)":
        return None  # the alternative can be empty: what follows it would begin the match
    c, end = source[i], _item_end(source, i)
    if source.startswith(r"\b", i) or source.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
        return _sequence_first(source, end)  # takes no character
    if c == "(":
        if source.startswith("(?:", i):
            firsts = _alternatives_first(source, i + 3)
        elif source.startswith("(?", i):
            return None  # a named group, flags, a condition
        else:
            firsts = _alternatives_first(source, i + 1)
    elif c in "\\[.^$|?*+{":
        return None
    else:
        firsts = {c}
    if firsts is None:
        return None
    quantifier = source[end : end + 2]
    if quantifier[:1] in ("?", "*") or quantifier in ("{0", "{,"):
        rest = _sequence_first(source, _quantifier_end(source, end))
        return None if rest is None else firsts | rest
    return firsts


def _item_end(source: str, i: int) -> int:
    """Where the item (an escape, a class, a group or one character) that begins at ``i`` ends."""
    c = source[i]
    if c == "\\":
        return i + 2
    if c == "[":
        j = i + 1 + (source[i + 1] == "^")
        j += source[j] == "]"  # a "]" first is one of the class's characters
        while source[j] != "]":
            j += 2 if source[j] == "\\" else 1
        return j + 1
    if c == "(":
        j = i + 1
        while source[j] != ")":
            j = _item_end(source, j)
        return j + 1
    return i + 1


def _quantifier_end(source: str, i: int) -> int:
    """Where the quantifier at ``i`` ("?", "*", "+", "{m,n}", each perhaps lazy or possessive) ends."""
    if i < len(source) and source[i] == "{":
        i = source.index("}", i) + 1
    elif i < len(source) and source[i] in "?*+":
        i += 1
    return i + 1 if i < len(source) and source[i] in "?+" else i


def _alternative_end(source: str, i: int) -> int:
    """Where the alternative that begins at ``i`` ends: at the next "|" or ")" of its level, or the end."""
    while i < len(source) and source[i] not in "|)":
        i = _item_end(source, i)
    return i


def starting_with(source: str) -> str:
    """A look-ahead for the characters a match of ``source`` can begin with ("(?=[bcf])"), so that a pattern
    built with it is tried only where it can match; empty when :func:`first_chars` cannot tell."""
    firsts = first_chars("(?:" + source + ")")
    return "(?=[" + "".join(sorted(firsts)) + "])" if firsts else ""
