"""Dates in a story, resolved against the day it was published.

News text dates events relative to the publication day: "on Monday", "last week",
"in January", "March last year". :func:`find_dates` finds such phrases in a sentence and
:func:`resolve` turns one into a date with the precision the words carry — a day
(``2014-05-19``), a month (``2014-05``) or a year (``2014``).

dateparser reads many relative phrases, but not "March last year", and it guesses a day
for "in January"; it is also ~100x slower than the few patterns news uses, so the
patterns are written out here and ``datetime`` does the arithmetic.

Without a year, a month or day later than the publication date is taken as last year's
unless the sentence speaks of the future ("will", "next", "plans").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    name: i
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
         ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
         ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}
WEEKDAYS = {name: i for i, name in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, "several": 3, "a few": 3}

_MONTH = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_REL = r"(?P<rel>last|this|next|previous|past|coming)"
_NUM = r"(?P<num>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few)"

# Order matters: longer phrases first, so "March last year" is not read as "March".
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("month-day-year", re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b")),
    ("day-month-year", re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b")),
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mm>[01]\d)-(?P<dd>[0-3]\d)\b")),
    ("month-rel-year", re.compile(rf"\b{_MONTH}\s+(?:of\s+)?{_REL}\s+year\b")),
    ("rel-month", re.compile(rf"\b{_REL}\s+{_MONTH}(?!\s+\d)\b")),
    ("month-year", re.compile(rf"\b(?:in\s+|since\s+)?{_MONTH},?\s+{_YEAR}\b")),
    ("month-day", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!\s*(?:per|%|billion|million))")),
    ("day-month", re.compile(rf"\b{_DAY}\s+{_MONTH}\b")),
    ("rel-weekday", re.compile(rf"\b{_REL}\s+{_WEEKDAY}\b")),
    ("weekday", re.compile(rf"\b(?:on\s+)?{_WEEKDAY}\b")),
    ("rel-unit", re.compile(r"\b(?P<rel>last|this|next|past|previous|coming)\s+(?P<unit>week|month|year)\b", re.I)),
    ("ago", re.compile(rf"\b{_NUM}\s+(?P<unit>day|week|month|year)s?\s+ago\b", re.I)),
    ("day-word", re.compile(r"\b(?P<word>yesterday|today|tonight)\b", re.I)),
    ("in-month", re.compile(rf"\b(?i:in|since|from|until|by|early|late|mid-?|end of)\s+{_MONTH}(?![\w-])")),
    ("year", re.compile(rf"\b(?i:in|since|from|until|by|during|of|early|late)\s+{_YEAR}\b")),
]
# What each kind of phrase cannot do without: a pattern is tried only on sentences that have it (a sentence
# with none of these has no date phrase, and costs these six quick looks only).
_NEEDS = {
    "month": re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"),
    "digit": re.compile(r"\d"),
    "weekday": re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"),
    "unit": re.compile(r"\b(?:week|month|year)", re.I),
    "word": re.compile(r"\b(?:yesterday|today|tonight)\b", re.I),
    "ago": re.compile(r"\bago\b", re.I),
}
_KIND_NEEDS = {"month-day-year": ("month", "digit"), "day-month-year": ("month", "digit"), "iso": ("digit",),
               "month-rel-year": ("month", "unit"), "rel-month": ("month",), "month-year": ("month", "digit"),
               "month-day": ("month", "digit"), "day-month": ("month", "digit"), "rel-weekday": ("weekday",),
               "weekday": ("weekday",), "rel-unit": ("unit",), "ago": ("ago",), "day-word": ("word",),
               "in-month": ("month",), "year": ("digit",)}
_KIND_NEED_SETS = {kind: frozenset(needs) for kind, needs in _KIND_NEEDS.items()}
# Words in lower case that a need of any case shows, looked for before its pattern is run: their letters are
# ones that re.I matches only as themselves or their capitals ("yesterday" and "tonight" have an "s" and an
# "i", which would also match "ſ" and "ı", so only "terday" and "ght" of them are looked for).
_NEED_HINTS = {"unit": ("week", "month", "year"), "word": ("terday", "today", "ght"), "ago": ("ago",)}
FUTURE = re.compile(r"\b(?:will|would|shall|plans?|planned|next|coming|expected to|is to|are to|due to)\b", re.I)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date phrase in the text, and what it resolves to (``value``)."""

    start: int
    end: int
    text: str
    value: str
    kind: str


def _published(published: str) -> dt.date:
    parts = [int(p) for p in published.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def _month_before(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) - months
    return index // 12, index % 12 + 1


def _valid_day(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def resolve(match: re.Match[str], kind: str, published: str, future: bool = False) -> str | None:
    """The date a matched phrase means in a story published on ``published``, or None.

    Long because each kind of phrase has its own arithmetic, and one list of cases reads best."""
    pub = _published(published)
    g = match.groupdict()
    month = MONTHS.get((g.get("month") or "").lower().rstrip("."))
    if kind in ("month-day-year", "day-month-year"):
        year, day = int(g["year"]), int(g["day"])
        return f"{year:04d}-{month:02d}-{day:02d}" if _valid_day(year, month, day) else None
    if kind == "iso":
        year, mm, dd = int(g["year"]), int(g["mm"]), int(g["dd"])
        return f"{year:04d}-{mm:02d}-{dd:02d}" if _valid_day(year, mm, dd) else None
    if kind == "month-year":
        return f"{int(g['year']):04d}-{month:02d}"
    if kind == "month-rel-year":
        shift = {"last": -1, "previous": -1, "past": -1, "next": 1, "coming": 1}.get(g["rel"].lower(), 0)
        return f"{pub.year + shift:04d}-{month:02d}"
    if kind == "rel-month":
        rel = g["rel"].lower()
        year = pub.year
        if rel in ("last", "previous", "past") and month >= pub.month:
            year -= 1
        elif rel in ("next", "coming") and month <= pub.month:
            year += 1
        return f"{year:04d}-{month:02d}"
    if kind in ("month-day", "day-month"):
        day = int(g["day"])
        year = pub.year
        if not _valid_day(year, month, day):
            return None
        if dt.date(year, month, day) > pub and not future:
            year -= 1
        return f"{year:04d}-{month:02d}-{day:02d}" if _valid_day(year, month, day) else None
    if kind in ("weekday", "rel-weekday"):
        target = WEEKDAYS[g["weekday"].lower()]
        rel = (g.get("rel") or "").lower()
        if future or rel in ("next", "coming"):
            delta = (target - pub.weekday()) % 7 or 7
            return (pub + dt.timedelta(days=delta)).isoformat()
        delta = (pub.weekday() - target) % 7
        if rel in ("last", "previous", "past") and delta == 0:
            delta = 7
        return (pub - dt.timedelta(days=delta)).isoformat()
    if kind == "rel-unit":
        rel, unit = g["rel"].lower(), g["unit"].lower()
        shift = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(rel, 0)
        if unit == "year":
            return f"{pub.year + shift:04d}"
        if unit == "month":
            year, mon = _month_before(pub.year, pub.month, -shift)
            return f"{year:04d}-{mon:02d}"
        day = pub + dt.timedelta(days=7 * shift)
        return f"{day.year:04d}-{day.month:02d}"
    if kind == "ago":
        num = g["num"].lower()
        n = int(num) if num.isdigit() else NUMBERS.get(num, 1)
        unit = g["unit"].lower()
        if unit == "year":
            return f"{pub.year - n:04d}"
        if unit == "month":
            year, mon = _month_before(pub.year, pub.month, n)
            return f"{year:04d}-{mon:02d}"
        day = pub - dt.timedelta(days=n * (7 if unit == "week" else 1))
        return day.isoformat() if unit == "day" else f"{day.year:04d}-{day.month:02d}"
    if kind == "day-word":
        word = g["word"].lower()
        return (pub - dt.timedelta(days=1 if word == "yesterday" else 0)).isoformat()
    if kind == "in-month":
        year = pub.year
        if month > pub.month and not future:
            year -= 1
        return f"{year:04d}-{month:02d}"
    if kind == "year":
        return f"{int(g['year']):04d}"
    return None  # pragma: no cover - every kind is handled above


def find_dates(text: str, published: str, offset: int = 0) -> list[DateMention]:
    """Every date phrase in ``text`` (a sentence), resolved; spans are shifted by ``offset``.

    >>> [m.value for m in find_dates("a trial that began in March last year", "2014-05-28")]
    ['2013-03']
    """
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    low = text.lower()
    has = {need for need, pattern in _NEEDS.items()
           if (need not in _NEED_HINTS or any(hint in low for hint in _NEED_HINTS[need])) and pattern.search(text)}
    for kind, pattern in PATTERNS:
        if not _KIND_NEED_SETS.get(kind, frozenset()) <= has:
            continue
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            # Only the words just before a date say whether it lies ahead ("will meet on Monday").
            future = bool(FUTURE.search(text[max(0, m.start() - 40) : m.start()]))
            value = resolve(m, kind, published, future)
            if value is None:
                continue
            taken.append((m.start(), m.end()))
            found.append(DateMention(offset + m.start(), offset + m.end(), m.group(0), value, kind))
    found.sort(key=lambda d: d.start)
    return found


def resolve_phrase(phrase: str, published: str) -> str | None:
    """Resolve one date phrase (the first found in it), for tests and the command line."""
    found = find_dates(phrase, published)
    return found[0].value if found else None
