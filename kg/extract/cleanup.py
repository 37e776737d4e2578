"""Clean-up of scraped boilerplate, without moving any character.

Scraped articles carry lines that are not the story: "Advertisement", photo captions
("… Photo: Reuters"), truncated bylines ("BLOOM", "By Jane Doe"), share buttons, and a
trailing publication name or print-edition note. :func:`clean` blanks those lines with
spaces, so the text keeps its length and every offset found in the cleaned text is an
offset in the original (evidence spans stay exact). :func:`boilerplate_lines` says which
lines were blanked and why.
"""

from __future__ import annotations

import re

# An item of a site's navigation bar ("Menu  Search  Subscribe  Sign in", "Home | Sections | Log in").
_NAV_ITEM = r"(?:menu|search|home|sections|subscribe|sign in|sign up|log ?in|log out|register|my account|account|newsletters?)"
# Whole lines that are page furniture, not story: words that open the line ...
_FURNITURE_OPENERS = (
    r"advertisement|advertising|sponsored(?: content)?|ad|promoted|share(?: this(?: article)?)?|"
    r"print|e-?mail|comments?|tweet|whatsapp|linkedin|facebook|twitter|subscribe(?:\b.*)?|sign up.*|"
    r"read more.*|related(?: articles?| stories| topics)?:?.*|recommended.*|more on this.*|"
    r"click here.*|follow us.*|copyright.*|©.*|all rights reserved.*|topics?:.*|tags?:.*|"
    r"listen to this article.*|\d+ min(?:ute)?s? read|updated:?.*\d.*|published:?.*\d.*|"
    r"this article (?:appeared|was first published|first appeared).*|"
    r"\(?(?:reporting|additional reporting|editing|writing) by .*|"
    # Credits of a translation or an edit: "(Translated from the X-language original. Editor: Ana Velt)".
    r"\(?(?:unofficial\s+|machine\s+)?(?:translated (?:from|by)|translation (?:from|by)|translator\s*:|editors?\s*:|"
    r"(?:edited|compiled|produced) by)\b.*|"
    r"skip to (?:main )?content|most (?:read|popular|viewed)|exclusive|breaking(?: news)?|(?:live|latest)(?: updates)?|"
    r"(?:media|press|news) (?:contacts?|enquiries|inquiries|office)\s*:.*|(?:for )?(?:media|press) (?:contacts?|enquiries|inquiries)|"
    r"(?:story|article) continues.*|continue reading.*|scroll to continue.*|our standards:.*|related coverage.*|"
    r"(?:photo|image|picture|file photo|caption|video|graphic)s?:.*|"
    # Consent banners, app and event promotions, sponsored links, desk bylines, press-office contacts.
    r"we use cookies.*|cookie (?:settings|preferences|policy)\b.*|"
    r"(?:switch to|download|get|open|try) (?:the|our) [^.]{0,40}\bapp\b.*|sponsored by .*|paid (?:content|partnership|post)\b.*|"
    r"by (?:the|our) [^.,]{1,50}\b(?:desk|staff|team|correspondents?|bureau)|"
    r"(?:media|investor|press|public) relations\s*:.*|"
    # A site's navigation bar: its items, one after another.
    + _NAV_ITEM + r"(?:(?:\s*[|·•/]\s*|\s+)" + _NAV_ITEM + r")+"
)
# ... and words anywhere in it, each tried only on a line that has one of FURNITURE_HINTS, in lower case.
_FURNITURE_ANYWHERE = r".*\baccept (?:all )?cookies\b.*|.*\b(?:book a free|start (?:a|your) free trial|register now)\b.*|[^\n]{1,120}[›»→]"
# Lower-case letters that re.I matches only as themselves or their capitals ("i" would also match "ı" and "s" "ſ").
FURNITURE_HINTS = ("ccept", "free", "ter now", "›", "»", "→")
FURNITURE = re.compile(r"^\s*[\[(]?\s*(?:" + _FURNITURE_OPENERS + "|" + _FURNITURE_ANYWHERE + r")\s*$", re.I)
FURNITURE_OPENING = re.compile(r"^\s*[\[(]?\s*(?:" + _FURNITURE_OPENERS + r")\s*$", re.I)

# A line that is only a date (and time): "5 November 2024", "October 18, 2023 at 9:15 AM GMT+2".
DATE_LINE = re.compile(
    r"^\s*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:\d{1,2}\s+[A-Z][a-z]+\.?,?\s+\d{4}|[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4})"
    r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?(?:\s*[A-Z]{2,5}(?:[+-]\d{1,2})?)?)?\s*$"
)
# Page breadcrumbs ("Eastport Ledger | Deals") and an author's one-line biography at the end.
BREADCRUMB = re.compile(r"^[^.!?]{1,60}\s[|›»>]\s[^.!?]{1,60}$|"
                        r"^\s*[A-Z][A-Z&-]*(?:\s[A-Z&-]+){0,2}(?:\s/\s[A-Z][A-Z&-]*(?:\s[A-Z&-]+){0,2})+\s*$")  # "POLICY / CHIPS"
AUTHOR_BIO = re.compile(r"^\s*[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){1,2}\s+is\s+(?:an?\s+|the\s+)?(?:[A-Z][\w ]+['’]s\s+)?[\w ,-]*"
                        r"(?:correspondent|reporter|editor|writer|columnist|journalist)\b[^.]*\.?\s*$")
# Headers of a list of links to other stories; the unpunctuated headlines below them go too.
RELATED_HEADER = re.compile(r"^\s*(?:read more|related(?: articles?| stories| coverage| content| topics)?|recommended|more on this.*|"
                            r"see also|you may also like|more from .*)\s*:?\s*$", re.I)
# "HALDEN -", "VARENZA, Feb 20 (Ledgerline) -": a wire dateline opening the first paragraph.
DATELINE = re.compile(r"^[A-Z][A-Z .'-]{2,30}(?:,\s*[A-Z][a-z]{2,9}\.?\s+\d{1,2})?\s*(?:\([^()\n]{1,40}\))?\s*[-–—]{1,2}\s+(?=[A-Z\"“])")
# A caption ends with a photo credit: "… Photo: Reuters", "… (AFP/Getty Images)".
CAPTION = re.compile(r"(?:\b(?:Photo|Photograph|Image|Picture|Credit)s?\s*:\s*[\w .&/-]{1,40}|\((?:AP|AFP|Reuters|Getty[\w ]*|EPA|Xinhua|Bloomberg)[\w /]*\)"
                     r"|\b[Ff]ile [Pp]hoto|\([A-Z][\w .&-]{1,30}/[A-Z][\w .&/-]{1,40}\)|\s[A-Z][\w .&-]{1,30}/[A-Z][\w .&-]{1,30}/[A-Z][\w ]{1,20})\s*\.?\s*$")
# A byline: "By Jane Doe", "By Jane Doe and Li Wei in Beijing", or a short fragment in capitals ("BLOOM").
BYLINE = re.compile(r"^\s*(?:(?i:by)\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}(?:\s+in\s+[A-Z][\w]+(?:\s+[A-Z][\w]+)?)?"
                    r"(?:\s*(?:,|and|&)\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}(?:\s+in\s+[A-Z][\w]+(?:\s+[A-Z][\w]+)?)?)?"
                    r"(?:,\s+[\w ]{3,40})?|[A-Z][A-Z .'-]{1,30})\s*$")
# Agency and desk credits alone on a line.
CREDIT = re.compile(r"^\s*(?:\(?(?:Reuters|AFP|AP|Bloomberg|Xinhua|Associated Press|Agence France-Presse|Staff Reporter)\)?|[A-Z][\w ]{0,30} (?:Bureau|Desk|Staff))\s*$")


# A court paper's party label ("Claimant", "Interested Parties") says what the name above it is.
PARTY_LABEL = re.compile(r"^\s*(?:claimants?|defendants?|respondents?|appellants?|applicants?|interested part(?:y|ies))\s*$", re.I)


def _furniture(line: str) -> bool:
    """Whether FURNITURE matches ``line``: most lines have none of its hints, and the openers alone are quick."""
    if FURNITURE_OPENING.match(line):
        return True
    low = line.lower()
    return any(hint in low for hint in FURNITURE_HINTS) and FURNITURE.match(line) is not None


def _caption(line: str) -> bool:
    """Whether CAPTION finds a credit in ``line``: each of its forms has a colon, a bracket, a slash or "hoto"."""
    return (":" in line or ")" in line or "/" in line or "hoto" in line) and CAPTION.search(line) is not None


def _party_name(words: list[str]) -> bool:
    """A name in capitals in a court paper ("MARLO SYSTEMS LIMITED"): it ends with a company's or a body's word."""
    from kg.extract.lexicon import BANK_HEADS, COMPANY_SUFFIXES, ORGANIZATION_HEADS, REGULATOR_HEADS

    last = words[-1].lower().strip(".,")
    return len(words) >= 2 and (last in COMPANY_SUFFIXES or last in REGULATOR_HEADS | BANK_HEADS | ORGANIZATION_HEADS)


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + "".join("\n" if c == "\n" else " " for c in text[start:end]) + text[end:]


AD_MARKER = re.compile(r"\s*[\[(]?\s*(?i:advertisement|advertising|sponsored(?: content)?|ad)\s*[\])]?\s*")
# An advertisement's own words, on the line after its marker: "Open an account in 5 minutes! T&C apply. CLICK HERE".
AD_COPY = re.compile(r"\bT&Cs?\b|\bterms (?:and conditions )?apply\b|\bconditions apply\b|\bclick here\b|\blearn more\b|"
                     r"\bapply now\b|\bshop now\b|\bcheck (?:your )?eligibility\b|\d%\*", re.I)
ENDS_PUNCTUATED = re.compile(r"[.!?\"”]\s*$")


def boilerplate_lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end, reason) of every line :func:`clean` blanks (for a wire dateline, only the dateline)."""
    found: list[tuple[int, int, str]] = []
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        end = pos + len(line.rstrip("\r\n"))
        lines.append((pos, end))
        pos += len(line)
    content = [(s, e) for s, e in lines if text[s:e].strip()]
    # The story starts at its first long, punctuated line; short labels above it are page furniture.
    body = next((i for i, (s, e) in enumerate(content) if len(text[s:e].split()) >= 8 and _sentence_end(text[s:e])), 0)
    related = False
    ads = [i for i, (s, e) in enumerate(content) if AD_MARKER.fullmatch(text[s:e])]
    # One short line between two "Advertisement" markers is the advertisement itself.
    inside_ads = {a + 1 for a, b in zip(ads, ads[1:], strict=False) if b == a + 2}
    for index, (s, e) in enumerate(content):
        line = text[s:e]
        words = line.split()
        if index in ads or (index in inside_ads or index - 1 in ads and AD_COPY.search(line)) and len(words) <= 25:
            found.append((s, e, "furniture"))
            continue
        if related and not _sentence_end(line) and len(words) <= 15:
            found.append((s, e, "related"))
            continue
        related = bool(RELATED_HEADER.match(line))
        if index == body and (dateline := DATELINE.match(line)):
            found.append((s, s + dateline.end(), "dateline"))
        if _furniture(line) or DATE_LINE.match(line) or BREADCRUMB.match(line) or AUTHOR_BIO.match(line):
            found.append((s, e, "furniture"))
        elif index < body and len(words) <= 2 and not _sentence_end(line) and not PARTY_LABEL.match(line):
            found.append((s, e, "label"))
        elif _caption(line):
            found.append((s, e, "caption"))
        elif CREDIT.match(line):
            found.append((s, e, "credit"))
        elif BYLINE.match(line) and (line.strip().lower().startswith("by ") or len(words) <= 3 and not _party_name(words)):
            found.append((s, e, "byline"))
        elif index >= len(content) - 2 and len(words) <= 4 and not ENDS_PUNCTUATED.search(line) \
                and not _signature(text, content, index) \
                and all(len(text[a:b].split()) <= 4 and not ENDS_PUNCTUATED.search(text[a:b]) for a, b in content[index:]):
            # The scraper often leaves the publication's name as last, unpunctuated lines.
            found.append((s, e, "trailer"))
    return found


SIGNED_NAME = re.compile(r"^\s*[A-Z][a-zà-ÿ'-]+(?:\s+[A-Z][a-zà-ÿ'-]+){1,2}\s*$")


def _signature(text: str, content: list[tuple[int, int]], index: int) -> bool:
    """Whether line ``index`` belongs to a signature at the foot of a notice: a person's name
    ("Radomir Kesselin") with a title on the next line ("Chairman"), that title, or the body on the line after it."""
    from kg.extract.lexicon import TITLE_WORDS

    def titled(k: int) -> bool:  # "Director-General", "Deputy Registrar": a title word, alone or in a compound
        return 0 <= k < len(content) and any(part in TITLE_WORDS for w in text[content[k][0] : content[k][1]].split()
                                             for part in w.lower().strip(",.").split("-"))

    def named(k: int) -> bool:
        return 0 <= k < len(content) and SIGNED_NAME.match(text[content[k][0] : content[k][1]]) is not None

    # The signer's body may follow the title ("Anselm Kourtney / Director-General / Procurement Office").
    return (named(index) and titled(index + 1)) or (titled(index) and named(index - 1)) or (titled(index - 1) and named(index - 2))


def _sentence_end(line: str) -> bool:
    return ENDS_PUNCTUATED.search(line) is not None


def clean(text: str) -> str:
    """``text`` with boilerplate lines replaced by spaces (same length, same offsets).

    >>> clean("Advertisement\\nZentra said so.\\n") == " " * 13 + "\\nZentra said so.\\n"
    True
    """
    for start, end, _reason in boilerplate_lines(text):
        text = _blank(text, start, end)
    return text
