"""Value kinds: what a fact file, a document's front matter or a proposal may write as a
slug, a date, a URL, a language tag, an amount, a currency, a text or a whole number.

Each kind is one class that answers four questions, so the loader, the validator, the
build, the JSON Schema and the extractor cannot disagree about a value:

- ``check(text)``: why ``text`` is not a value of the kind (``what is wrong — what is
  allowed``), or None. ``valid(text)`` is the same test as a bool.
- ``clean(text)``: the canonical text of a value that passes ``check`` (the form the
  graph stores, so a file and the store compare equal).
- ``rdf(text)``: the RDF term of a value that passes ``check``.
- ``json_schema()``: the JSON Schema of one value, for editors.

:func:`kind_of` picks the kind of an ontology property (its range kind, see
:data:`KINDS`). Ids and enumeration members are named by IRIs under the build's base and
the ``kg:`` namespace; :class:`Slug` checks ids, the IRI scheme (``kg.model.iris``) names them.

Every pattern runs in time linear in its input: a value comes from a file anyone may
write, and a pattern that backtracks can spend minutes on one long line.
"""

from __future__ import annotations

import calendar
import decimal
import re
from typing import TYPE_CHECKING, ClassVar

import pyoxigraph as ox

from kg.model.ontology import XSD

if TYPE_CHECKING:
    from kg.model.ontology import OntProperty


def shown(text: str, width: int = 60) -> str:
    """``text`` fit for one line of an error message: every character :func:`printable`
    escapes (controls, bidirectional overrides …) made visible, cut to ``width``."""
    text = printable(text)
    return text if len(text) <= width else text[: width - 3] + "…"


# Characters no free text may hold: C0 controls (line breaks and tabs are allowed where
# said), DEL and C1 controls (terminal escapes: ESC ] 0 ; … BEL retitles a terminal),
# the bidirectional overrides and isolates (right-to-left spoofing), lone surrogates, and
# the Unicode non-characters (U+FFFE, U+FFFF, U+FDD0-U+FDEF, U+nFFFE/F), which XML forbids.
_NONCHARACTERS = "".join(f"\\U{plane:04X}FFFE\\U{plane:04X}FFFF" for plane in range(1, 17))
_FORBIDDEN = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069\\ud800-\\udfff"
                        f"\\ufdd0-\\ufdef\\ufffe\\uffff{_NONCHARACTERS}]")


def forbidden_character(text: str, allowed: str = "") -> str | None:
    """A description of the first character of ``text`` that free text may not hold
    (``the control character U+001B``), ignoring those in ``allowed``; or None."""
    for m in _FORBIDDEN.finditer(text):
        c = m.group()
        if c in allowed:
            continue
        code = ord(c)
        if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
            kind = "the bidirectional control"
        elif code < 0xA0:
            kind = "the control character"
        elif 0xD800 <= code <= 0xDFFF:
            kind = "the lone surrogate"
        else:
            kind = "the non-character"
        return f"{kind} U+{code:04X}"
    return None


def forbidden_at(text: str, allowed: str = "") -> tuple[int, str] | None:
    """``(index, description)`` of the first character :func:`forbidden_character` names."""
    for m in _FORBIDDEN.finditer(text):
        if m.group() not in allowed:
            return m.start(), forbidden_character(m.group())
    return None


_ESCAPED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def printable(text: str, keep: str = "") -> str:
    """``text`` safe for a terminal or a spreadsheet: every character :func:`forbidden_character`
    names (but those in ``keep``) written as a visible escape (``\\x1b``, ``\\u202e``), so
    no value can move the cursor, retitle the window or reverse the line."""
    def escape(m: re.Match) -> str:
        c = m.group()
        if c in keep:
            return c
        return _ESCAPED.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}" if ord(c) < 0x10000
                                   else f"\\U{ord(c):08x}")

    return _FORBIDDEN.sub(escape, text)


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot hold (C0 controls but tab and line
    breaks, lone surrogates, U+FFFE, U+FFFF) replaced by U+FFFD: every XML writer passes
    its text through this, so its output always parses."""
    return _XML_ILLEGAL.sub("\ufffd", text)


class Kind:
    """A kind of value. Subclasses override what differs; the defaults suit plain text."""

    # Patterns keep the ``^…$`` form JSON Schema understands; Python uses them with
    # ``fullmatch`` (``$`` alone would accept a final newline).
    PATTERN: ClassVar[str | None] = None

    @classmethod
    def check(cls, text: str) -> str | None:
        """Why ``text`` is not a value of this kind (``what is wrong — what is allowed``), or None."""
        return None

    @classmethod
    def valid(cls, text: str) -> bool:
        """True when ``text`` is a value of this kind."""
        return cls.check(text) is None

    @classmethod
    def clean(cls, text: str) -> str:
        """The canonical text of a value that passes :meth:`check`."""
        return text

    @classmethod
    def rdf(cls, text: str) -> ox.Literal:
        """The RDF term of a value that passes :meth:`check`."""
        return ox.Literal(cls.clean(text))

    @classmethod
    def json_schema(cls) -> dict:
        """The JSON Schema of one value."""
        schema: dict = {"type": "string"}
        if cls.PATTERN:
            schema["pattern"] = cls.PATTERN
        return schema


class String(Kind):
    """Free text: a name, a description, a quote. At most :attr:`MAX_LENGTH` characters;
    line breaks and tabs are the only control characters allowed."""

    MAX_LENGTH: ClassVar[int] = 2000

    @classmethod
    def check(cls, text: str, field: str = "text") -> str | None:
        """As :meth:`Kind.check`; ``field`` names the value in the message."""
        if len(text) > cls.MAX_LENGTH:
            return (f"'{field}' is {len(text)} characters long — at most {cls.MAX_LENGTH}; "
                    "quote only the words that support the claim")
        bad = forbidden_character(text, "\n\t")
        if bad:
            bad = "a control character" if bad.startswith("the control character") else bad
            return f"'{field}' contains {bad} — write plain text (line breaks and tabs are allowed)"
        return None


class Slug(Kind):
    """An id: lower-case letters, digits and single hyphens, at most 80 characters
    (``peoples-bank-of-china``). An id becomes part of an IRI, so nothing else is allowed."""

    PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
    MAX_LENGTH: ClassVar[int] = 80
    HINT: ClassVar[str] = ("lower-case letters, digits and single hyphens, at most 80 characters "
                           "(e.g. peoples-bank-of-china)")
    _RE = re.compile(PATTERN[1:-1])

    @classmethod
    def check(cls, text: str) -> str | None:
        """``'X' is not a slug — use …``; callers put what the slug is for in front (``id 'X' …``)."""
        if len(text) <= cls.MAX_LENGTH and cls._RE.fullmatch(text):
            return None
        return f"'{shown(text)}' is not a slug — use {cls.HINT}"

    @classmethod
    def from_name(cls, text: str) -> str:
        """Make an id from a name: ``People's Bank of China`` → ``peoples-bank-of-china``."""
        text = text.lower().replace("'", "").replace("\u2019", "")
        return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[: cls.MAX_LENGTH].rstrip("-") or "unnamed"


class Date(Kind):
    """A date with its precision: a year (2014), a month (2014-05) or a day (2014-05-19).
    Stored as ``xsd:gYear``, ``xsd:gYearMonth`` or ``xsd:date``."""

    PATTERN = r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$"
    _RE = re.compile(PATTERN[1:-1], re.ASCII)  # ASCII: \d alone would accept any script's digits
    _TYPES: ClassVar[dict[int, str]] = {1: XSD + "gYear", 2: XSD + "gYearMonth", 3: XSD + "date"}
    # Year first, so the order of month and day is not in doubt: 2014-6, 2014/06/19, 2014.6.19.
    _LOOSE = re.compile(r"(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?", re.ASCII)
    _DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}[0-9:.]*(?:Z|[+-]\d{2}:?\d{2})?", re.ASCII)

    @classmethod
    def check(cls, text: str) -> str | None:
        """As :meth:`Kind.check`; a date written another way gets a ``did you mean`` hint."""
        why = cls._problem(text)
        if why and cls._RE.fullmatch(text) is None:
            return why + cls.hint(text)
        return why

    @classmethod
    def valid(cls, text: str) -> bool:
        return cls._problem(text) is None

    @classmethod
    def _problem(cls, text: str) -> str | None:
        m = cls._RE.fullmatch(text)
        if not m:
            return f"'{shown(text)}' is not a date — write 2014, 2014-05 or 2014-05-19"
        year, month, day = m.group(1), m.group(2), m.group(3)
        if month and not 1 <= int(month) <= 12:
            return f"'{shown(text)}' has month {month} — months run from 01 to 12"
        if day:
            last = calendar.monthrange(int(year), int(month))[1]
            if not 1 <= int(day) <= last:
                return f"'{shown(text)}' is not a day of the calendar — {year}-{month} has days 01 to {last}"
        return None

    @classmethod
    def precision(cls, text: str) -> int:
        """1 for a year, 2 for a month, 3 for a day."""
        return text.count("-") + 1

    @classmethod
    def rdf(cls, text: str) -> ox.Literal:
        return ox.Literal(text, datatype=ox.NamedNode(cls._TYPES[cls.precision(text)]))

    @classmethod
    def json_schema(cls) -> dict:
        return {"type": ["string", "integer"], "pattern": cls.PATTERN, "description": "2014, 2014-05 or 2014-05-19"}

    @classmethod
    def hint(cls, text: str) -> str:
        """``; did you mean 2014-05-19?`` for a date written another way, or ``""``.

        Year-first digits (2014-6, 2014/06/19) and date-times (2014-05-19T10:00) are
        completed or cut; dates in words (19 May 2014, May 2014) are read by dateparser.
        Dates written only in digits with the year last (05/04/2014) are not guessed: day
        and month order differ between countries, and a wrong guess would be silently wrong."""
        if len(text) > 40:
            return ""
        if m := cls._LOOSE.fullmatch(text):
            guess = "-".join([m.group(1)] + [part.zfill(2) for part in m.groups()[1:] if part])
            return f"; did you mean {guess}?" if cls.valid(guess) else ""
        if (m := cls._DATETIME.fullmatch(text)) and cls.valid(m.group(1)):
            return f"; did you mean {m.group(1)}?"
        if not re.search(r"[A-Za-z]{3}", text):
            return ""
        import dateparser.date  # slow to import: only for a date that needs a hint

        parser = dateparser.date.DateDataParser(languages=["en"], settings={"REQUIRE_PARTS": ["year"],
                                                                            "PREFER_DAY_OF_MONTH": "first"})
        try:
            found = parser.get_date_data(text)
        except (ValueError, OverflowError):  # dateparser raises these on odd input
            return ""
        if found.date_obj is None or found.period not in ("day", "month", "year"):
            return ""
        shape = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}[found.period]
        return f"; did you mean {found.date_obj.strftime(shape)}?"


class Url(Kind):
    """A web address: ``http://`` or ``https://``, a host with a dot, then an optional
    path, query or fragment; no white space, quotes or angle brackets.

    The host is matched by one character class that excludes the characters ending it,
    and its dot is looked for afterwards: a pattern like ``[^/]+\\.[^/]+`` backtracks on
    every split of a long dotted host and takes minutes on 64 KB of dots."""

    _NOT = r"\s<>\"'{}|\\^`"
    _RE = re.compile(rf"https?://([^{_NOT}/?#]+)(?:[/?#][^{_NOT}]*)?")

    @classmethod
    def check(cls, text: str) -> str | None:
        m = cls._RE.fullmatch(text)
        if m and "." in m.group(1)[1:-1]:
            return None
        return f"'{shown(text)}' is not a web address — write a full http:// or https:// URL"

    @classmethod
    def rdf(cls, text: str) -> ox.Literal:
        return ox.Literal(text, datatype=ox.NamedNode(XSD + "anyURI"))

    @classmethod
    def json_schema(cls) -> dict:
        return {"type": "string", "format": "uri", "pattern": "^https?://"}


class Language(Kind):
    """A BCP 47 language tag: a language (en, zh), then subtags (zh-Hant, en-GB).
    Canonical case is RFC 5646's: language lower, script title, region upper."""

    PATTERN = r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$"
    _RE = re.compile(PATTERN[1:-1])

    @classmethod
    def check(cls, text: str) -> str | None:
        if cls._RE.fullmatch(text):
            return None
        return f"language '{shown(text)}' is not a language tag — write a BCP 47 tag such as en or zh"

    @classmethod
    def clean(cls, text: str) -> str:
        first, *rest = text.split("-")
        return "-".join([first.lower()] + [cls._case(part) for part in rest])

    @staticmethod
    def _case(part: str) -> str:
        if len(part) == 4 and part.isalpha():
            return part.title()  # a script: Hant
        if len(part) == 2 and part.isalpha():
            return part.upper()  # a region: GB
        return part.lower()


class Decimal(Kind):
    """An amount: digits, an optional minus and decimal point (2300000000 for US$2.3
    billion). ``_`` may group digits after the first (1_000_000, as YAML 1.1 allows). No
    leading zero: YAML 1.1 reads 012 as octal.

    The canonical form (what the graph stores) is the XSD canonical decimal: no ``_``, no
    leading zeros, no trailing zeros after the point and no point for a whole number
    (``2.50`` → ``2.5``, ``1.0`` → ``1``, ``-0`` → ``0``), so equal amounts are equal literals."""

    # What the schema allows; check() reads a leading zero apart, to say why it is refused.
    PATTERN = r"^-?(?:0|[1-9][0-9_]*)(?:\.[0-9][0-9_]*)?$"
    _RE = re.compile(r"-?[0-9][0-9_]*(?:\.[0-9][0-9_]*)?")
    _LEADING_ZERO = re.compile(r"-?0[0-9_]")

    @classmethod
    def check(cls, text: str) -> str | None:
        if not cls._RE.fullmatch(text):
            return f"'{shown(text)}' is not a number — write digits only, e.g. 2300000000 for US$2.3 billion"
        if cls._LEADING_ZERO.match(text):
            return (f"'{shown(text)}' starts with a zero — write {cls.clean(text)}; YAML tools disagree on what a "
                    "number with a leading zero means (YAML 1.1 reads it as octal)")
        return None

    @classmethod
    def clean(cls, text: str) -> str:
        value = decimal.Decimal(text.replace("_", ""))
        out = format(value, "f")
        if "." in out:
            out = out.rstrip("0").rstrip(".")
        return "0" if out in ("-0", "") else out

    @classmethod
    def rdf(cls, text: str) -> ox.Literal:
        return ox.Literal(cls.clean(text), datatype=ox.NamedNode(XSD + "decimal"))

    @classmethod
    def json_schema(cls) -> dict:
        return {"type": ["number", "string"], "pattern": cls.PATTERN}


class Integer(Kind):
    """A whole number (a position, a line, a character offset)."""

    PATTERN = r"^-?\d+$"
    _RE = re.compile(PATTERN[1:-1], re.ASCII)

    @classmethod
    def check(cls, text: str) -> str | None:
        if cls._RE.fullmatch(text):
            return None
        return f"'{shown(text)}' is not a whole number — write digits only, e.g. 3"

    @classmethod
    def clean(cls, text: str) -> str:
        return str(int(text))

    @classmethod
    def rdf(cls, text: str) -> ox.Literal:
        return ox.Literal(cls.clean(text), datatype=ox.NamedNode(XSD + "integer"))

    @classmethod
    def json_schema(cls) -> dict:
        return {"type": ["integer", "string"], "pattern": cls.PATTERN}


class Currency(Kind):
    """An ISO 4217 currency code: three capital letters (USD, CNY, EUR).

    Checked by shape only: no library kg installs carries the ISO 4217 list, and a copy
    kept here would go stale as currencies come and go."""

    PATTERN = r"^[A-Z]{3}$"
    _RE = re.compile(PATTERN[1:-1])

    @classmethod
    def check(cls, text: str) -> str | None:
        if cls._RE.fullmatch(text):
            return None
        return f"'{shown(text)}' is not a currency code — write the ISO 4217 code in capitals (USD, CNY, EUR)"


# Identifiers in other people's datasets, so the graph can be joined with them: a Wikidata
# item (wikidata: Q160120) and a Legal Entity Identifier (lei, ISO 17442). A website is a
# plain Url.

WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
GLEIF_RECORD = "https://search.gleif.org/#/record/"


class Wikidata(Kind):
    """A Wikidata item: ``Q`` and digits without a leading zero (Q160120). Stored as the
    item's entity IRI, ``<http://www.wikidata.org/entity/Q160120>``, the IRI Wikidata's
    own SPARQL service names it by, so a federated query joins on it directly."""

    PATTERN = r"^Q[1-9][0-9]{0,11}$"
    _RE = re.compile(PATTERN[1:-1], re.ASCII)

    @classmethod
    def check(cls, text: str) -> str | None:
        if cls._RE.fullmatch(text):
            return None
        hint = f"; did you mean {guess}?" if cls._RE.fullmatch(guess := cls._guess(text)) else ""
        return f"'{shown(text)}' is not a Wikidata item — write its Q-id, e.g. Q160120{hint}"

    @staticmethod
    def _guess(text: str) -> str:
        """The Q-id in a pasted address (``https://www.wikidata.org/wiki/Q160120``) or in
        lower case (``q160120``)."""
        return text.rstrip("/").rsplit("/", 1)[-1].upper()

    @classmethod
    def rdf(cls, text: str) -> ox.NamedNode:
        return ox.NamedNode(cls.iri(text))

    @classmethod
    def iri(cls, text: str) -> str:
        """The entity IRI of Q-id ``text``."""
        return WIKIDATA_ENTITY + text

    @classmethod
    def from_iri(cls, iri: str) -> str | None:
        """The Q-id of a Wikidata entity IRI, or None for another IRI."""
        qid = iri[len(WIKIDATA_ENTITY):] if iri.startswith(WIKIDATA_ENTITY) else ""
        return qid if cls._RE.fullmatch(qid) else None


class Lei(Kind):
    """A Legal Entity Identifier (ISO 17442): 18 capital letters or digits, then two check
    digits, such that the whole, read as a number with A=10 … Z=35, leaves 1 when divided
    by 97 (ISO 7064 MOD 97-10, as in an IBAN). Lower case is accepted and stored upper."""

    PATTERN = r"^[0-9A-Za-z]{18}[0-9]{2}$"
    _RE = re.compile(PATTERN[1:-1], re.ASCII)
    HINT: ClassVar[str] = "20 letters and digits, the last two the ISO 17442 check digits"

    @classmethod
    def check(cls, text: str) -> str | None:
        if not cls._RE.fullmatch(text):
            return f"'{shown(text)}' is not a Legal Entity Identifier — write the LEI: {cls.HINT}"
        if cls.remainder(text) != 1:
            right = cls.with_check_digits(text[:18])
            return (f"'{shown(text)}' fails the LEI check digits — mistyped? (with these first 18 characters "
                    f"the LEI would be {right}); copy it from the organisation's GLEIF record")
        return None

    @staticmethod
    def remainder(text: str) -> int:
        """The ISO 7064 MOD 97-10 remainder of ``text`` (1 for a valid LEI)."""
        return int("".join(str(int(c, 36)) for c in text.upper())) % 97

    @classmethod
    def with_check_digits(cls, prefix: str) -> str:
        """``prefix`` (18 characters) completed with its two check digits."""
        prefix = prefix.upper()
        return prefix + f"{98 - cls.remainder(prefix + '00'):02d}"

    @classmethod
    def clean(cls, text: str) -> str:
        return text.upper()


# The ontology's range kinds (kg.model.ontology: xsd:string → "string", …) → value kinds.
KINDS: dict[str, type[Kind]] = {
    "string": String,
    "decimal": Decimal,
    "integer": Integer,
    "uri": Url,
    "date": Date,
    "ref": Slug,
    "wikidata": Wikidata,
    "lei": Lei,
}

# Properties whose range is xsd:string but whose values are a narrower kind. The range
# stays xsd:string in kg.ttl because that is what the graph stores (a plain literal).
_BY_PROPERTY: dict[str, type[Kind]] = {"currency": Currency, "language": Language}


def kind_of(prop: OntProperty) -> type[Kind] | None:
    """The value kind of an ontology property; None for an enumeration (its members are
    listed by the ontology, not by a kind)."""
    if prop.kind == "enum":
        return None
    return _BY_PROPERTY.get(prop.name) or KINDS[prop.kind]

