"""Tokens and sentences, with character offsets into the document text.

spaCy's blank English pipeline (rule-based tokenizer and sentencizer, no trained model)
does the work; a line break also ends a sentence, because headlines, captions and
subtitles in scraped text carry no full stop.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

MAX_CHARS = 1_000_000  # spaCy's own limit; longer texts are cut into pieces


@dataclass(slots=True, unsafe_hash=True)  # not frozen: a frozen dataclass is built five times slower
class Token:
    """One token: its text, character span, and shape flags the rules use (never changed once made)."""

    text: str
    start: int
    end: int
    lower: str
    cap: bool  # starts with an upper-case letter
    upper: bool  # all letters upper case, at least two of them
    alpha: bool
    space_after: bool
    index: int  # position in the document's token list


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: character span and the slice of the document's tokens."""

    start: int
    end: int
    first: int  # index of the first token
    last: int  # index after the last token

    def tokens(self, tokens: list[Token]) -> list[Token]:
        return tokens[self.first : self.last]


@cache
def _nlp():
    """spaCy's rule-based English tokenizer (no pipeline: sentences are split in :func:`analyse`)."""
    import spacy

    nlp = spacy.blank("en")
    # spaCy reads "5G" as a number and a unit; split, "G Networks" of "5G Networks" looks like a name.
    for generation in ("2G", "3G", "4G", "5G", "6G"):
        nlp.tokenizer.add_special_case(generation, [{"ORTH": generation}])
    return nlp


@cache
def _sentence_ends() -> frozenset[str]:
    from spacy.pipeline.sentencizer import Sentencizer

    return frozenset(Sentencizer.default_punct_chars)


def _new_token(text: str, start: int, space: str, index: int) -> Token:
    alpha = text.isalpha()
    lower, cap = text.lower(), text[:1].isupper()
    upper = text.isupper() and (alpha and len(text) >= 2 or sum(c.isalpha() for c in text) >= 2)
    # By position, in the order of the fields: a third faster than by keyword, and made once per token.
    return Token(text, start, start + len(text), lower, cap, upper, alpha, bool(space), index)


def _lines(text: str):
    """(offset, line with its line break) of every line of ``text``.

    spaCy's tokenizer stops caching a text's words once it meets a special case, and a
    line break is one; tokenised a line at a time, its cache keeps working. A line break
    ends every token and sentence anyway, so the tokens are the same."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end == -1 else end + 1
        yield start, text[start:end]
        start = end


def analyse(text: str) -> tuple[list[Token], list[Sentence]]:
    """Tokens (white space left out) and sentences of ``text``."""
    nlp, ends = _nlp(), _sentence_ends()
    tokens: list[Token] = []
    sentences: list[Sentence] = []
    for base in range(0, max(len(text), 1), MAX_CHARS):
        current: list[Token] = []
        after_end = False
        for offset, line in _lines(text[base : base + MAX_CHARS]):
            for tok in nlp.make_doc(line):  # one walk over the tokens, splitting sentences as spaCy's Sentencizer does
                word = tok.text
                if word in ends:
                    after_end = True
                elif after_end and not tok.is_punct:
                    after_end = False
                    if current:
                        sentences.append(_sentence(current))
                        current = []
                if not word.strip():  # white space (spaCy's is_space is str.isspace)
                    if "\n" in word and current:
                        sentences.append(_sentence(current))
                        current = []
                    continue
                space = tok.whitespace_
                t = _new_token(word, base + offset + tok.idx, space, len(tokens))
                tokens.append(t)
                current.append(t)
                # A newline inside a token's trailing white space ends the line too.
                if "\n" in space:
                    sentences.append(_sentence(current))
                    current = []
        if current:
            sentences.append(_sentence(current))
    return tokens, _mend(tokens, sentences, text)


# Short forms written before a figure ("approx. $2.3 billion", "Rs. 40 crore", "No. 7"): no sentence ends there.
BEFORE_FIGURE = frozenset("approx. c. ca. est. incl. excl. rs. no. nos. art. para. sec. vs. v. fig. ref. p. pp. op. cf. e.g. i.e.".split())
# A figure's unit closing a sentence ("fined €4.2m. The bank …"), which spaCy reads as a short form.
UNIT_ENDS = frozenset("m. bn. mn. k. b. tn. mln. bln.".split())


def _short_form_end(tokens: list[Token], s: Sentence) -> str:
    """The sentence's last word with its full stop ("approx."), however spaCy cut them."""
    last = tokens[s.last - 1]
    if last.text == "." and s.last - 1 > s.first and not tokens[s.last - 2].space_after:
        return tokens[s.last - 2].lower + "."
    return last.lower


FIGURE_OR_LOWER_START = re.compile(r"[\d$€£¥]|[a-z]")


def _mend(tokens: list[Token], sentences: list[Sentence], text: str) -> list[Sentence]:
    """Join sentences split after a short form that a figure follows; split after a figure's unit
    that ends a sentence before a capitalised word."""
    split: list[Sentence] = []
    for s in sentences:
        first = s.first
        for k in range(s.first + 1, s.last - 1):
            t, nxt = tokens[k], tokens[k + 1]
            if t.lower in UNIT_ENDS and not tokens[k - 1].space_after and tokens[k - 1].text[-1:].isdigit() and t.space_after and nxt.cap:
                split.append(_sentence(tokens[first : k + 1]))
                first = k + 1
        split.append(_sentence(tokens[first : s.last]))
    mended: list[Sentence] = []
    for s in split:
        prev = mended[-1] if mended else None
        if prev is not None and _short_form_end(tokens, prev) in BEFORE_FIGURE and "\n" not in text[prev.end : s.start] \
                and FIGURE_OR_LOWER_START.match(tokens[s.first].text):
            mended[-1] = Sentence(prev.start, s.end, prev.first, s.last)
        else:
            mended.append(s)
    return mended


def _sentence(tokens: list[Token]) -> Sentence:
    return Sentence(tokens[0].start, tokens[-1].end, tokens[0].index, tokens[-1].index + 1)
