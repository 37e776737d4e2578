"""The extractor's fast paths give what the plain ways give, on every article of the corpus:
sentences split in one walk over the tokens (as spaCy's Sentencizer splits them), and
triggers matched case-sensitively on lower-cased text (as ignore-case matching finds them)."""

from __future__ import annotations

import bisect
from pathlib import Path

import pytest

from kg.extract import events
from kg.extract.cleanup import clean
from kg.extract.sentences import analyse
from kg.inputs.documents import load_document

ROOT = Path(__file__).resolve().parents[2]
TEXTS = sorted((ROOT / "tests" / "gold").rglob("*.txt"))[::6] + [ROOT / "seeds" / "scmp-2014-ibm-servers.txt"]


def _text(path: Path) -> str:
    return clean(load_document(path).text)


def _with_sentencizer(text: str):
    """Tokens and sentences as spaCy's pipeline with its Sentencizer splits them (the plain way)."""
    from kg.extract import sentences as S

    nlp = S._nlp()
    pipeline = _pipeline()
    tokens: list = []
    found: list = []
    doc = pipeline(nlp.make_doc(text))
    for sent in doc.sents:
        current: list = []
        for tok in sent:
            if tok.is_space or not tok.text.strip():
                if "\n" in tok.text and current:
                    found.append(S._sentence(current))
                    current = []
                continue
            t = S._new_token(tok.text, tok.idx, tok.whitespace_, len(tokens))
            tokens.append(t)
            current.append(t)
            if "\n" in tok.whitespace_:
                found.append(S._sentence(current))
                current = []
        if current:
            found.append(S._sentence(current))
    return tokens, S._mend(tokens, found, text)


def _pipeline():
    import spacy

    return spacy.blank("en").add_pipe("sentencizer")


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem[:40])
def test_sentences_are_those_spacys_sentencizer_finds(path):
    text = _text(path)
    assert len(text) < 100_000  # one piece for spaCy, as in the plain way above
    assert analyse(text) == _with_sentencizer(text)


def _ignore_case_hits(text: str, sentences) -> list:
    starts = [s.start for s in sentences]
    hits: list[list] = [[] for _ in sentences]
    for predicate, trigger in events.TRIGGERS.items():
        for m in trigger.finditer(text):
            si = bisect.bisect_right(starts, m.start()) - 1
            if si >= 0 and m.end() <= sentences[si].end:
                hits[si].append((predicate, m.start(), m.end(), m.group(0)))
    return hits


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem[:40])
def test_triggers_on_lower_cased_text_are_the_ignore_case_matches(path):
    text = _text(path)
    _tokens, sentences = analyse(text)
    assert events.trigger_hits(text, sentences) == _ignore_case_hits(text, sentences)


def test_a_text_whose_lower_case_is_longer_is_matched_as_it_is():
    text = "İstanbul's regulator BANNED the Orrimac routers. The Office Fined Pellvane Systems.\n"
    _tokens, sentences = analyse(text)
    assert len(text.lower()) != len(text)
    hits = events.trigger_hits(text, sentences)
    assert hits == _ignore_case_hits(text, sentences)
    assert any(h[3] == "BANNED" for hs in hits for h in hs)  # the text's own letters, not the lower-cased copy
