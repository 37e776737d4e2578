"""Linking mentions to the curated catalog: by normalised name or alias, then fuzzily.

The catalog is a list of ``{"id", "type", "name", "aliases"}`` mappings (what
``kg.inputs.facts.entity_catalog`` returns). A mention links to an entry when its normalised
text equals the entry's normalised name or an alias; otherwise when rapidfuzz's
``token_sort_ratio`` with a name is at least :data:`FUZZY_THRESHOLD` (names of six
characters or more only, so "ZSC" never fuzzily becomes "ZSA").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

FUZZY_THRESHOLD = 90
_SUFFIX = re.compile(r"\b(?:inc|corp|corporation|co|ltd|limited|plc|llc|ag|sa|gmbh|nv|bv|holdings|group|company)\b\.?", re.I)


APOSTROPHE_S = re.compile(r"'s\b")
LEADING_THE = re.compile(r"^the\s+")
NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=16384)  # the same names are matched again and again within a story and across stories
def normalise(name: str) -> str:
    """A form of a name for matching: no accents, case, possessive, punctuation, 'the' or legal suffix.

    >>> normalise("The People’s Bank of China")
    'peoples bank of china'
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").lower()
    text = APOSTROPHE_S.sub("s", text).replace("'", "")
    text = LEADING_THE.sub("", text)
    stripped = _SUFFIX.sub(" ", text)
    if stripped.strip():
        text = stripped
    text = NOT_ALPHANUMERIC.sub(" ", text)
    return " ".join(text.split())


FIRST_WORD = re.compile(r"\w+")
WORD_START = re.compile(r"(?<![\w-])\w+|[^\w\s]")


@dataclass
class Catalog:
    """The curated entities, indexed for linking."""

    entries: list[dict]

    def __post_init__(self) -> None:
        self.by_key: dict[str, list[dict]] = {}
        self.surfaces: list[str] = []
        for entry in sorted(self.entries, key=lambda e: str(e.get("id", ""))):
            names = [entry.get("name") or "", *(entry.get("aliases") or [])]
            for name in names:
                if not isinstance(name, str) or not name.strip():
                    continue
                entries = self.by_key.setdefault(normalise(name), [])
                if entry not in entries:
                    entries.append(entry)
                self.surfaces.append(name)
        self._keys = sorted(k for k in self.by_key if len(k) >= 6)
        # token_sort_ratio sorts both names' words at every comparison; with each key's words
        # sorted once here, ratio on the sorted forms gives the same scores at a quarter of the cost.
        self._sorted_keys = [" ".join(sorted(k.split())) for k in self._keys]
        self._pattern: re.Pattern[str] | None = None
        self._by_first: dict[str, list[re.Pattern[str]]] | None = None

    def pattern(self) -> re.Pattern[str] | None:
        """One regular expression matching every name and alias as whole words.

        Short all-capital aliases match case-sensitively ("ZSC", not "zsc"); others in any case."""
        if self._pattern is None and self.surfaces:
            parts = []
            for surface in sorted(set(self.surfaces), key=lambda s: (-len(s), s)):
                escaped = re.escape(surface).replace(r"\ ", r"\s+").replace("'", "['\u2019]")
                if surface.isupper() or len(surface) <= 4:
                    parts.append(escaped)
                else:
                    parts.append(f"(?i:{escaped})")
            self._pattern = re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])")
        return self._pattern

    def finditer(self, text: str):
        """The matches of :meth:`pattern` in ``text``, found faster: at each word start only the
        names that begin with that word are tried (longest first), not every name of the catalog."""
        if self._by_first is None:
            self._by_first = {}
            for surface in sorted(set(self.surfaces), key=lambda s: (-len(s), s)):
                first = FIRST_WORD.match(surface.lower())
                escaped = re.escape(surface).replace(r"\ ", r"\s+").replace("'", "['\u2019]")
                if not (surface.isupper() or len(surface) <= 4):
                    escaped = f"(?i:{escaped})"
                one = re.compile(r"(?<![\w-])" + escaped + r"(?![\w-])")
                self._by_first.setdefault(first.group(0) if first else "", []).append(one)
        always = self._by_first.get("", [])
        end = 0
        for word in WORD_START.finditer(text):
            if word.start() < end:
                continue
            candidates = self._by_first.get(word.group(0).lower(), [])
            for one in (candidates + always if always else candidates):
                hit = one.match(text, word.start())
                if hit is not None:
                    end = hit.end()
                    yield hit
                    break

    def link(self, name: str, kind: str | None = None, place: bool = False) -> tuple[dict | None, float]:
        """The catalog entry a name refers to, and how sure (1.0 exact, lower fuzzy).

        A name shared by a place and an agent ("Beijing" the city, "Beijing" the
        government) is the agent unless ``place`` says the text uses it as a place."""
        key = normalise(name)
        if not key:
            return None, 0.0
        entries = self.by_key.get(key)
        if entries:
            return _choose(entries, kind, place), 1.0
        if len(key) < 6 or not self._keys:
            return None, 0.0
        from rapidfuzz import fuzz, process

        # fuzz.token_sort_ratio(key, k), computed as the ratio of the words sorted (see __post_init__).
        best = process.extractOne(" ".join(sorted(key.split())), self._sorted_keys, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD)
        if best is None:
            return None, 0.0
        entry = _choose(self.by_key[self._keys[best[2]]], kind, place)
        if kind and entry.get("type") and not _compatible(kind, entry["type"]):
            return None, 0.0
        return entry, round(best[1] / 100, 3)


def _choose(entries: list[dict], kind: str | None, place: bool) -> dict:
    if place:
        return next((e for e in entries if e.get("type") == "Place"), entries[0])
    if kind:
        same = [e for e in entries if e.get("type") == kind]
        if same:
            return same[0]
    return next((e for e in entries if e.get("type") != "Place"), entries[0])


def _compatible(kind: str, curated: str) -> bool:
    organisations = {"Organization", "Regulator", "Vendor", "Bank"}
    return kind == curated or (kind in organisations and curated in organisations)


ACRONYM_WORD = re.compile(r"[A-Za-z][\w']*")
NAME_OF_PLACE = re.compile(r"(.+?)\s+of\s+(?:the\s+)?[A-Z][\w'-]+")


def acronym(name: str) -> set[str]:
    """Acronyms a name may be written as: "People's Bank of Veldoran" → {"PBV", "PBOV"}."""
    words = ACRONYM_WORD.findall(name)
    if len(words) < 2:
        return set()
    small = {"of", "and", "for", "the", "on", "de", "&"}
    caps = "".join(w[0] for w in words if w.lower() not in small).upper()
    full = "".join(w[0] for w in words if w.lower() not in ("the", "&")).upper()
    found = {caps, full} if len(caps) >= 2 else set()
    # "Competition and Foreign Investment Authority of Jeskovia (CFIA)": the state's name is often left out.
    owner = NAME_OF_PLACE.fullmatch(name.strip())
    if owner and len(ACRONYM_WORD.findall(owner.group(1))) >= 2:
        found |= {a for a in acronym(owner.group(1)) if len(a) >= 3}
    return found
