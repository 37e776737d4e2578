"""Entity mentions: names found by their shape, typed by the kinds of words around them.

A name is a run of capitalised tokens, joined by "of", "and", "for", "&" or an inner
hyphen where organisation names use them ("Ministry of Industry and Information
Technology", "People's Bank of Veldoran", "Hewlett-Packard"). Its type comes from its head
word (a ministry is a regulator, a bank a bank, "Technologies" a vendor), from a title
before it ("President …" is a person), from the gazetteer of countries, or — for a bare
name like a company's — later from the words around its mentions (see :mod:`.entities`).

Lower-case participants are found by phrase shape too: "a working group on internet
security", "the ministries of defence and foreign affairs", "domestic banks".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extract import lexicon
from kg.extract.patterns import starting_with
from kg.extract.sentences import Sentence, Token

_MONEY_SIGNS = frozenset("$€£¥")
CURRENCY_CODES = frozenset("EUR USD GBP CHF JPY CNY RMB HKD SEK NOK DKK AUD CAD SGD INR KRW RUB".split())
CONNECTORS = frozenset({"of", "and", "for", "&", "on", "de", "du", "la", "der"})
OF_HEADS = (lexicon.REGULATOR_HEADS | lexicon.BANK_HEADS | lexicon.ORGANIZATION_HEADS | lexicon.TITLE_WORDS
            | frozenset({"republic", "kingdom", "states", "state", "house", "chamber", "department", "school", "academy",
                         "institute", "bureau", "office", "people's", "emirates", "isle", "city"}))
# Heads of bodies named for their members with a plural possessive ("Employers' Federation").
MEMBERS_BODY_HEADS = frozenset("association associations union federation council forum institute society confederation "
                               "league alliance chamber committee guild club".split())
PLURAL_POSSESSORS = frozenset({"people", "workers", "citizens", "children", "women", "men", "farmers", "nations", "people's"})


@dataclass(slots=True)
class Mention:
    """A span of the text that names (or refers to) an entity."""

    start: int
    end: int
    text: str
    type: str | None  # class local name, None until typed by context
    source: str  # catalog | shape | country | capital | demonym | group | coref | place
    first: int  # first token index
    last: int  # index after the last token
    sentence: int
    key: str = ""  # what mentions of one entity share before linking (e.g. the country name)
    title: str | None = None  # a job title written before a person's name
    typed_by: str = "head"
    entity: str | None = None  # id, filled in by linking
    extra: dict = field(default_factory=dict)


# Second parts of a hyphened word that describe the name after it ("Thalvessa-based Gaelmont", "state-run X").
HYPHEN_DESCRIBERS = frozenset("run made born style type era led built".split())


def _hyphened(tokens: list[Token], j: int, end: int, taken: set[int]) -> int:
    """How many tokens from the hyphen at ``j`` a name goes on with: the hyphen alone before another name word
    ("Saint-Aubrec"), the hyphen and a lower-case part before one ("Kavrendi Co-operative Bank"), else none."""
    nxt = tokens[j + 1] if j + 1 < end and j + 1 not in taken else None
    if tokens[j - 1].space_after or tokens[j].space_after or nxt is None:
        return 0
    if _is_name_token(nxt):
        return 1
    if nxt.text.isalpha() and nxt.text.islower() and not nxt.text.endswith(("ed", "ing")) and nxt.text not in HYPHEN_DESCRIBERS \
            and j + 2 < end and j + 2 not in taken and _is_name_token(tokens[j + 2]):
        return 2
    return 0


# Labels a page puts in capitals before a headline: "LIVE", "BREAKING", "EXCLUSIVE".
PAGE_LABELS = frozenset("live breaking exclusive update updated watch analysis opinion explainer developing".split())


def _is_name_token(t: Token) -> bool:
    if not (t.cap or t.upper):
        return False
    if not _MONEY_SIGNS.isdisjoint(t.text):
        return False
    return t.cap and not t.text.startswith("'") or (t.upper and len(t.text) > 1)


def chunks(tokens: list[Token], sentence: Sentence, taken: set[int]) -> list[tuple[int, int]]:
    """Token ranges [first, last) of name-shaped runs in a sentence, skipping ``taken`` tokens."""
    out: list[tuple[int, int]] = []
    i, end = sentence.first, sentence.last
    while i < end:
        t = tokens[i]
        if i in taken or not _is_name_token(t):
            i += 1
            continue
        j = i + 1
        seen_of = False
        while j < end and j not in taken:
            u = tokens[j]
            if _is_name_token(u):
                j += 1
                continue
            nxt = tokens[j + 1] if j + 1 < end and j + 1 not in taken else None
            if u.lower == "of" and nxt is not None and nxt.lower == "the" and _of_the(tokens, i, j, end, taken):
                # "Office of the Attorney General", "Committee on Digital Security of the Luthmeri Assembly"
                j += 2
                seen_of = True
                continue
            if u.lower in CONNECTORS and nxt is not None and _is_name_token(nxt) and any(c.isalpha() for c in nxt.text) \
                    and nxt.lower.rstrip(".") not in lexicon.CALENDAR_WORDS:
                # "Committee on Economy and Digital Affairs": after "on", "and" joins the subject's words.
                seen_on = any(t.lower in ("on", "for") for t in tokens[i:j])
                if u.lower == "and" and not _and_joins(tokens, i, j, end, seen_of or seen_on):
                    break
                if u.lower == "and" and not seen_of and not any(t.lower == "on" for t in tokens[i:j]) and _company_after(tokens, j + 1, end):
                    break  # "the Office for Investment Security and Ostrel Devices": two names
                if u.lower in ("of", "for", "on", "de", "du", "la", "der") and tokens[j - 1].lower not in OF_HEADS:
                    break
                if u.lower == "on" and tokens[j - 1].lower not in ON_SUBJECT_HEADS and _company_after(tokens, j + 1, end):
                    break  # "a fine by the Banking Authority on Ostry Bank": the body, then whom it acts on
                seen_of = seen_of or u.lower == "of"
                j += 1
                continue
            if u.text == "," and nxt is not None and tokens[j - 1].lower in lexicon.COMPANY_SUFFIXES and nxt.lower in lexicon.COMPANY_SUFFIXES:
                j += 2  # "Zanthera Networks Co., Ltd.", "Orvel Holdings, Inc.": the suffixes end one name
                continue
            if u.text == "," and (after := _portfolio_list(tokens, i, j, end, taken)) is not None:
                j = after  # "Ministry of Economy, Trade and Industry": one body's list of portfolios
                continue
            if nxt is not None and _possessive_inside(tokens[j - 1], u, nxt):
                j += 1
                continue
            if u.text == "-" and (joined := _hyphened(tokens, j, end, taken)):
                j += joined
                continue
            break
        # Trailing connectors are not part of a name.
        while j > i + 1 and tokens[j - 1].lower in CONNECTORS:
            j -= 1
        out.append((i, j))
        i = j
    return out


def _possessive_inside(before: Token, mark: Token, nxt: Token) -> bool:
    """Whether a possessive joins two parts of one name: "People's Bank", "Minister's Office", and a
    body named for its members ("Borvish Bankers' Association", "Farmers' Union")."""
    if not _is_name_token(nxt):
        return False
    if mark.text in ("'s", "’s"):
        return before.lower in PLURAL_POSSESSORS \
            or (before.lower in lexicon.TITLE_WORDS | lexicon.REGULATOR_HEADS and nxt.lower in lexicon.REGULATOR_HEADS)
    return mark.text in ("'", "’") and not before.space_after and before.lower.endswith("s") and nxt.lower in MEMBERS_BODY_HEADS


PORTFOLIO_NOUNS = frozenset("trade industry economy finance health labour labor transport food energy sport sports media "
                             "culture science research digital security defence defense justice affairs development planning "
                             "environment housing tourism agriculture fisheries forestry water land lands mines works "
                             "commerce investment innovation technology technologies communications information telecommunications "
                             "infrastructure education employment welfare family youth customs revenue treasury rural urban "
                             "foreign internal interior home public local regional national federal financial economic strategic "
                             "skills enterprise competition consumer consumers markets data cyber future".split())


def _portfolio_word(word: str) -> bool:
    """A word that names a ministry's portfolio: listed, or an abstract noun by its ending ("Innovation")."""
    return word in PORTFOLIO_NOUNS or word.endswith(("tion", "sion", "ment", "ance", "ence", "ology", "ics", "ism"))


def _portfolio_list(tokens: list[Token], i: int, j: int, end: int, taken: set[int]) -> int | None:
    """Where a body's list of portfolios ends ("Department for Science, Innovation and Technology"), when
    the comma at ``j`` follows "<public head> of|for <words>" and the list closes with "and <words>"."""
    words = [t.lower for t in tokens[i:j]]
    link = next((k for k in range(1, len(words)) if words[k] in ("of", "for")), None)
    if link is None or words[link - 1] not in lexicon.REGULATOR_HEADS or len(words) - link > 3:
        return None
    # Technology words name portfolios as often as companies ("… Innovation and Technology"); other heads end the list.
    heads = lexicon.REGULATOR_HEADS | lexicon.BANK_HEADS | lexicon.ORGANIZATION_HEADS | lexicon.COMPANY_SUFFIXES
    k, items, closed = j, 0, False
    while k < end and k not in taken and tokens[k].text == "," or (k < end and tokens[k].lower == "and" and items):
        closed = tokens[k].lower == "and"
        k += 1
        if k < end and tokens[k].lower == "and":
            closed, k = True, k + 1  # the serial comma: ", and"
        run = 0
        while k < end and k not in taken and _is_name_token(tokens[k]) and run < 3:
            if tokens[k].lower in heads or not _portfolio_word(tokens[k].lower):
                return None  # "Ministry of Finance, Pellow Bank and Kessoft": a list of names, not of portfolios
            k, run = k + 1, run + 1
        if not run:
            return None
        items += 1
        if closed:
            return k
    return None


def _of_the(tokens: list[Token], i: int, j: int, end: int, taken: set[int]) -> bool:
    """Whether "of the" at ``j`` continues the name begun at ``i``: after a public body's head word
    ("Department of the Treasury"), or after "X on Y" when a body's name follows ("… of the Almerran Parliament")."""
    k = j + 2
    words = []
    while k < end and k not in taken and _is_name_token(tokens[k]):
        words.append(tokens[k])
        k += 1
    if not words or len(words) > 4 or any(w.upper and len(w.text) > 1 for w in words):
        return False
    if tokens[j - 1].lower in ("office", "department", "ministry", "bureau", "court", "chamber", "house", "secretary", "minister"):
        return True
    if tokens[j - 1].lower in COURT_UNITS and words[-1].lower in ("court", "tribunal"):
        return True  # "a Panel of the Competition Appeal Tribunal": the court's bench (taken as the court by classify)
    if words[0].lower in ("republic", "kingdom", "federation", "principality") and any(t.lower in lexicon.REGULATOR_HEADS - {"government"} for t in tokens[i:j]):
        return True  # "Committee on Foreign Investment … of the Republic of Zemlova": the state's body, by its full name
    on = any(t.lower == "on" for t in tokens[i:j]) and any(t.lower in ("committee", "subcommittee", "commission") for t in tokens[i:j])
    return on and words[-1].lower in lexicon.REGULATOR_HEADS | lexicon.ORGANIZATION_HEADS


# Bodies named for their subject ("Commission on Payment Systems"); others take "on" only for whom they act on.
ON_SUBJECT_HEADS = frozenset("committee subcommittee commission council panel forum conference taskforce group".split())


def _company_after(tokens: list[Token], k: int, end: int) -> bool:
    """Whether the capitalised words from ``k`` are a company's name of their own: two or more words
    ending in a company's head word or suffix ("Ostrel Devices", "Brisk Telecom Ltd")."""
    words = []
    while k < end and _is_name_token(tokens[k]):
        words.append(tokens[k].lower)
        k += 1
    heads = lexicon.VENDOR_HEADS | lexicon.BANK_HEADS | lexicon.ORGANIZATION_HEADS | lexicon.COMPANY_SUFFIXES | lexicon.OPERATOR_HEADS
    # A portfolio's words ("… and Digital Security", "… and Information Technology") are no company's.
    portfolio = lexicon.VENDOR_HEADS | lexicon.GOVERNMENT_MODIFIERS | PORTFOLIO_WORDS
    return len(words) >= 2 and words[-1] in heads and words[0] not in portfolio


PORTFOLIO_WORDS = frozenset("information economic foreign internal financial public critical energy transport trade industry strategic "
                            "emerging advanced".split())


# Second halves of a bank's paired head ("Savings and Loan", "Bank and Trust", "Savings and Credit").
BANK_PAIRS = frozenset("loan loans trust credit savings investment investments deposit deposits".split())


MARKET_PORTFOLIO = lexicon.MARKET_HEADS | frozenset("futures commodities derivatives investments".split())


def _and_joins(tokens: list[Token], i: int, j: int, end: int, seen_of: bool) -> bool:
    """'and' is inside a name in "X of A and B" where B is no name of its own, and in
    "A and B Commission" where only the whole ends with an organisation's head word (or a law's: "A and B Act")."""
    k = j + 1
    words = []
    while k < end and _is_name_token(tokens[k]):
        words.append(tokens[k])
        k += 1
    if not words or len(words) > 3:
        return False
    if tokens[i].lower in lexicon.TITLE_WORDS and any(t.lower in ("of", "for") for t in tokens[i:j]) and len(words) == 3 \
            and _plain_name(words[1:]) and not any(w.upper or w.lower in lexicon.REGULATOR_HEADS | lexicon.BANK_HEADS for w in words):
        return True  # "Minister for Economy and Security Teodor Amsell": a two-part title, then the holder's name
    if len(words) == 1 and j > i and tokens[j - 1].lower in lexicon.BANK_HEADS and words[0].lower in BANK_PAIRS:
        return True  # "Kettering Savings and Loan", "Orrin Bank and Trust": a bank's two-part head
    if not seen_of:
        before = [w for w in tokens[i:j] if w.lower not in lexicon.COMMON_CAPITALISED]
        heads = lexicon.REGULATOR_HEADS | lexicon.ORGANIZATION_HEADS
        before_heads = heads | lexicon.BANK_HEADS | lexicon.VENDOR_HEADS if len(before) > 1 else heads
        if before and before[-1].lower in lexicon.MARKET_HEADS and words[0].lower in MARKET_PORTFOLIO:
            # "Securities and Futures Commission", "Dorrin Securities and Exchange Commission": markets the body oversees.
            before_heads = before_heads - lexicon.MARKET_HEADS
        if words[-1].lower in lexicon.DOCUMENT_HEADS and not any(
                w.lower in heads | lexicon.BANK_HEADS | lexicon.VENDOR_HEADS | lexicon.OPERATOR_HEADS or w.upper for w in before):
            return True  # "Outsourcing and Operational Resilience Regulations": one law's title, not a name and a law
        return (words[-1].lower in heads and not any(w.lower in before_heads for w in before)
                and not any(w.upper for w in before + words))
    if any(w.upper or w.lower in lexicon.REGULATOR_HEADS or w.lower in lexicon.BANK_HEADS for w in words):
        return False
    return " ".join(w.text for w in words) not in lexicon.countries()


BANK_COMPOUND = re.compile(r"[a-z]{3,}bank(?:en)?")


def head_type(words: list[str]) -> tuple[str | None, str]:
    """Type of an organisation name from its words: (type or None, the head word)."""
    lowers = [w.lower().strip(".,") for w in words]
    link = next((k for k in range(1, len(lowers)) if lowers[k] in ("of", "on", "for")), None)
    if link is not None:
        head = lowers[link - 1]  # "Committee on Digital Security of …", "Office for Investment Security": the first noun
    else:
        head = lowers[-1]
        k = len(lowers) - 1
        while k > 0 and lowers[k] in lexicon.COMPANY_SUFFIXES:
            k -= 1
            head = lowers[k]
    if " ".join(lowers[-2:]) in ("credit union", "building society", "savings union", "credit cooperative"):
        return "Bank", head  # "Pell Credit Union", "Dorrin Building Society": deposit-takers by another name
    if head in ("bank", "banks") and any(w in lexicon.CENTRAL_BANK for w in lowers):
        return "Regulator", head
    if head in ("reserve",) and "federal" in lowers:
        return "Regulator", head
    government = any(w in lexicon.GOVERNMENT_MODIFIERS for w in lowers[:-1])
    if head in ("group", "service", "services") and not government:
        # "Tenzai Digital Group", "Tessaline Cloud Services": a technology or finance word makes the kind.
        if any(w in lexicon.VENDOR_HEADS for w in lowers[:-1]):
            return "Vendor", head
        if any(w in lexicon.BANK_HEADS for w in lowers[:-1]):
            return ("Bank", head) if head == "group" else (None, head)
    if head in ("commissioner", "ombudsman", "registrar") and len(lowers) >= 3 and link is None:
        return "Regulator", head  # "Kestrian Data Protection Commissioner": an office named for its holder
    if head == "team" and "response" in lowers[:-1] and len(lowers) >= 3:
        return "Regulator", head  # "Cymbrian Computer Emergency Response Team": a state's CERT
    if head in ("centre", "center", "institute") and any(w in lexicon.GOVERNMENT_MODIFIERS for w in lowers):
        return "Regulator", head  # "National Cyber Assurance Centre": a state body
    if head in lexicon.REGULATOR_HEADS:
        if head in ("service", "services", "council", "committee", "office", "exchange"):
            # "Financial Services" or a company "Board" are not government without a government word.
            government = any(w in lexicon.GOVERNMENT_MODIFIERS or w in lexicon.REGULATOR_HEADS for w in lowers[:-1])
            if not government and head in ("service", "services"):
                return None, head
        return "Regulator", head
    if head in lexicon.BANK_HEADS or BANK_COMPOUND.fullmatch(lowers[-1]) or lowers[0] in lexicon.BANK_FIRST:
        return "Bank", head  # "Oskebank", "Skarholm Sparebank": a bank's name written as one word
    if head in lexicon.OPERATOR_HEADS:
        return None, head  # an operator ("Lumo Telecom") or a maker of telecom gear: the context says which
    if head in lexicon.VENDOR_HEADS or (len(words) > 1 and head.endswith(lexicon.VENDOR_ENDINGS)):
        return "Vendor", head
    if head in lexicon.ORGANIZATION_HEADS:
        return "Organization", head
    if lowers[-1] in lexicon.COMPANY_SUFFIXES:
        return None, head  # a company; what kind is read from context
    return None, head


# Words that begin a job title before a name ("Prime Minister …", "Finance Minister …"); made once, not at every test.
TITLE_LEADS = lexicon.TITLE_WORDS | {"prime", "foreign", "finance", "defence", "defense", "-"}
NOT_NAME_WORDS = lexicon.NOT_NAMES | lexicon.CALENDAR_WORDS

HEADLINE_VERBS = frozenset("Imposes Fines Bans Bars Blocks Orders Says Warns Urges Announces Launches Opens Adds Charges Sues "
                           "Seeks Rejects Denies Approves Clears Probes Targets Halts Suspends Designates Lists Accuses Slaps".split())

HEADLINE_LINKS = frozenset("Over After Amid Despite Following Against Into Via Than From Across Without Until Since Onto".split())  # "… Networks Over Outage"


def classify(tokens: list[Token], first: int, last: int, sentence: Sentence, index: int, sentence_index: int) -> list[Mention]:
    """Turn one name-shaped chunk into mentions (none when it is no name).

    Long because it is a decision list — titles, offices, court labels, countries, heads,
    persons — whose order matters; split up, the order would be hidden."""
    words = tokens[first:last]
    countries = lexicon.countries()
    if _stock_listing(tokens, first, last):
        return []
    # Drop leading capitalised common words ("The", "Government", a month at a sentence start).
    while words and (words[0].lower in lexicon.COMMON_CAPITALISED and not (len(words) > 1 and words[1].lower in ("of", "'s", "’s"))
                     and not _government_body(words)):
        words = words[1:]
    if not words:
        return []
    if len(words) > 4 and words[0].lower in COURT_UNITS and words[1].lower == "of" and words[2].lower == "the" \
            and head_type([w.text for w in words[3:]])[1] in ("court", "tribunal"):
        # "the Third Chamber of the High Administrative Court": the court itself, sitting as one of its benches.
        return classify(tokens, words[3].index, words[-1].index + 1, sentence, index, sentence_index)
    # Job titles before a name: "President Ana Velt", "Prime Minister Jane Doe".
    title_words: list[Token] = []
    body = head_type([w.text for w in words])[0] is not None and words[-1].lower in lexicon.REGULATOR_HEADS | lexicon.BANK_HEADS
    while not body and len(words) > 1 and (words[0].lower in TITLE_LEADS
                                           or _title_form(words[0].lower)):
        title_words.append(words[0])
        words = words[1:]
    if title_words and (not all(w.lower in TITLE_LEADS or _title_form(w.lower)
                                for w in title_words)
                        or (not any(w.lower in lexicon.TITLE_WORDS for w in title_words)
                            and (words[-1].lower in OF_HEADS | UNIT_WORDS or words[0].lower in lexicon.REGULATOR_HEADS))):
        # "Foreign Ministry Spokesperson Lin Qarov": a portfolio word begins the body, then the title, then the name.
        # "Foreign Investment Screening Unit": a portfolio word with no title after it begins a body's name.
        words = title_words + words
        title_words = []
    if title_words and len(words) >= 2 and words[0].lower in ("of", "for") and not (len(words) >= 4 and _plain_name(words[-2:])):
        # "Minister for Digital Infrastructure": the office itself (a minister's is a regulator).
        if first > sentence.first and tokens[first - 1].text in ("'s", "’s"):
            return []  # "the Bureau's Under-Secretary for Trade": a post in the body named before, not a body
        if len(words) == 2 and words[1].lower in ("state", "the"):
            return []  # "the Secretary of State": a title with no portfolio, not a body
        if title_words[-1].lower in ("minister", "secretary", "commissioner", "under-secretary", "undersecretary"):
            office = title_words[-1:] + words
            mention = Mention(office[0].start, office[-1].end, _span_text(office), "Regulator", "shape", office[0].index,
                              office[-1].index + 1, sentence_index, key=_span_text(office))
            if title_words[-1].lower == "minister":  # the minister's office is the ministry: one entity, both names
                mention.extra["long"] = mention.extra["alias"] = "Ministry of " + _span_text(words[1:])
            return [mention]
        # "Chief Executive of Corvel Bank": a title, then the body it is held at.
        return classify(tokens, words[1].index, words[-1].index + 1, sentence, index, sentence_index) if len(words) > 1 else []
    if title_words and len(words) >= 4 and words[0].lower in ("of", "for") and _plain_name(words[-2:]):
        # "Minister of Economic Affairs Oskar Linnehan": the title runs up to the person's name,
        # and a minister's title names the ministry.
        office, name = words[1:-2], words[-2:]
        person = _person(name, " ".join(w.text for w in title_words + words[:-2]), sentence_index)
        if title_words[-1].lower == "minister" and words[0].lower == "of":
            ministry = "Ministry of " + _span_text(office)
            return [person, Mention(title_words[-1].start, office[-1].end, ministry, "Regulator", "shape", title_words[-1].index,
                                    office[-1].index + 1, sentence_index, key=ministry)]
        return [person]
    if not title_words and len(words) >= 3:
        # "BoS Governor Helena Marsk", "Veridane Chief Executive Joren Halvik": an organisation, a title, a name.
        titles = TITLE_LEADS
        # Not after a connector: "Committee on Foreign Investment Review" is one body's name.
        k = next((i for i in range(1, len(words) - 2) if words[i].lower in titles and words[i].cap and words[i - 1].lower not in CONNECTORS), None)
        if k is not None:
            j = k
            while j < len(words) and words[j].lower in titles:
                j += 1
            name = words[j:]
            if 2 <= len(name) <= 3 and _plain_name(name) and name[-1].lower not in lexicon.DOCUMENT_HEADS:  # not "… Foreign Parties List"
                before = words[:k]
                if all(w.lower in TITLE_QUALIFIERS for w in before):
                    return [_person(name, " ".join(w.text for w in words[:j]), sentence_index)]  # "Presiding Judge Ada Lenk"
                if words[k].lower in ("minister", "secretary", "commissioner") and head_type([w.text for w in before])[0] is None \
                        and not any(w.upper or w.text in lexicon.countries() for w in before):
                    # "Economy Minister Sandor Kellaway": a portfolio, part of the title, not an organisation.
                    return [_person(name, " ".join(w.text for w in words[:j]), sentence_index)]
                org = classify(tokens, words[0].index, words[k - 1].index + 1, sentence, index, sentence_index)
                return [*org, _person(name, " ".join(w.text for w in words[k:j]), sentence_index)]
    # Letters after a person's name ("Tobias Wren KC", "Ana Velt MP") are honours, not part of the name.
    while len(words) >= 3 and words[-1].text in POST_NOMINALS and _plain_name(words[-3:-1]):
        words = words[:-1]
    # A currency code beside a name ("… Bank EUR 4.2 million") is part of the sum.
    while words and words[-1].text in CURRENCY_CODES:
        words = words[:-1]
    while words and words[0].text in CURRENCY_CODES:
        words = words[1:]
    while len(words) > 1 and words[0].upper and words[0].lower in PAGE_LABELS:
        words = words[1:]  # "LIVE Maelis Digital chief faces lawmakers": a live blog's or a section's label
    if not words:
        return []
    # A headline in title case puts the verb right after the name ("Trade Bureau Imposes $3 Million Penalty").
    cut = next((i for i, w in enumerate(words) if i and (w.text in HEADLINE_VERBS or w.text in HEADLINE_LINKS) and words[i - 1].lower not in CONNECTORS), None)
    if cut is not None:
        rest = classify(tokens, words[cut].index + 1, words[-1].index + 1, sentence, index, sentence_index) if cut + 1 < len(words) and words[cut].text in HEADLINE_VERBS else []
        return classify(tokens, words[0].index, words[cut].index, sentence, index, sentence_index) + rest
    # Court papers put a party's role after its name ("VESSA MOBILE PLC Interested Party").
    while len(words) > 1 and words[-1].lower in ("claimant", "defendant", "respondent", "appellant", "applicant", "petitioner", "plaintiff", "party",
                                                  "interested", "parties"):
        words = words[:-1]
    if words[-1].lower in lexicon.DOCUMENT_HEADS and not any(w.lower in lexicon.REGULATOR_HEADS | lexicon.ORGANIZATION_HEADS for w in words):
        return []  # "Entity List", "Strategic Goods Regulations": a list or a law, not an agent
    if all(w.lower.rstrip(".") in NOT_NAME_WORDS or w.lower in CONNECTORS for w in words):
        return []
    if 2 <= len(words) <= 3 and all(w.upper and w.alpha for w in words) and words[-1].text.capitalize() in _addressed(tokens):
        # "DMITAR VOSKEL" in a court paper's heading, "Mr Voskel" below: a person, named in capitals.
        surface = " ".join(w.text.capitalize() for w in words)
        return [Mention(words[0].start, words[-1].end, surface, "Person", "shape", words[0].index, words[-1].index + 1,
                        sentence_index, key=surface, typed_by="title")]
    if _not_a_name(words):
        return []
    surface = _span_text(words)
    m = Mention(words[0].start, words[-1].end, surface, None, "shape", words[0].index, words[-1].index + 1, sentence_index, key=surface)
    if title_words:
        m.title = " ".join(w.text for w in title_words)
    if surface in countries:
        country, usage = countries[surface]
        nxt = tokens[m.last] if m.last < len(tokens) else None
        after = tokens[m.last + 1] if m.last + 1 < len(tokens) else None
        if nxt is not None and nxt.text == "-" and after is not None and after.lower in ("based", "headquartered"):
            m.type, m.source, m.key = "Place", "place", surface
            return [m]
        if usage == "demonym":
            m.type, m.source, m.key = "Country", "demonym", country
            return [m]
        m.type, m.source, m.key = "Country", usage if usage == "capital" else "country", country
        return [m]
    # "US National Security Agency", "Chinese Academy of Sciences": a leading short form or demonym is the country.
    if len(words) > 2 and words[0].text in countries and (words[0].upper or countries[words[0].text][1] == "demonym"):
        rest = words[1:]
        kind, _ = head_type([w.text for w in rest])
        if kind in ("Regulator", "Bank", "Vendor", "Organization"):
            country = countries[words[0].text][0]
            out = classify(tokens, rest[0].index, rest[-1].index + 1, sentence, index, sentence_index)
            for o in out:
                o.extra.setdefault("country", country)
            lead = Mention(words[0].start, words[0].end, words[0].text, "Country", "demonym", words[0].index, words[0].index + 1, sentence_index, key=country)
            return [lead, *out]
    nxt = tokens[m.last] if m.last < len(tokens) else None
    after = tokens[m.last + 1] if m.last + 1 < len(tokens) else None
    if nxt is not None and nxt.text == "-" and after is not None and after.lower in ("based", "headquartered"):
        m.type, m.source = "Place", "place"
        return [m]
    kind, head = head_type([w.text for w in words])
    if kind:
        m.type = kind
        return [m]
    if head in lexicon.OPERATOR_HEADS and len(words) > 1:
        m.extra["operator"] = True
        m.typed_by = "context"
        return [m]
    only_common = all(w.lower in lexicon.COMMON_CAPITALISED for w in words)
    if only_common:
        return []
    before = tokens[first - 1] if first > sentence.first else None
    if m.title or (before is not None and before.lower in lexicon.TITLE_WORDS):
        if not m.title and before is not None:
            m.title = _title_before(tokens, first, sentence)
        m.type, m.typed_by = "Person", "title"
        return [m]
    plain = [w for w in words if w.alpha]
    if len(words) == 1 and len(words[0].text) < 2:
        return []
    if _initialled_name(words):
        m.type, m.typed_by = "Person", "title"  # "K. Mendrel", "A. J. Tollund": initials are a person's
        return [m]
    if (2 <= len(words) <= 3 and len(plain) == len(words) and _plain_name(words)
            and words[-1].lower not in lexicon.COMPANY_SUFFIXES | lexicon.INDUSTRY_WORDS) or _compound_name(words):
        m.type, m.typed_by = "Person", "shape"
        return [m]
    if len(words) == 1 and before is not None and before.text in ("'", '"', "‘", "“"):
        return []  # a quoted word ("'Catch the thief'") is speech, not a name
    # A single capitalised word starting a sentence is only a name if written so elsewhere too.
    if len(words) == 1 and all(not any(c.isalnum() for c in t.text) for t in tokens[sentence.first : words[0].index]):
        # First word of a sentence, or of a bullet or quotation ("- Field trials …", "\"Trialling …").
        m.extra["sentence_initial"] = True
    m.type, m.typed_by = None, "context"
    return [m]


COURT_UNITS = frozenset("chamber chambers division bench panel section".split())
POST_NOMINALS = frozenset("KC QC SC MP MEP MSP CBE OBE MBE KBE DBE PhD Jr Jr. Sr Sr. FRS FCA".split())


def _stock_listing(tokens: list[Token], first: int, last: int) -> bool:
    """"(Nasdaq Lindqvist: HALD)", "(NYSE: KRV)": an exchange and a ticker in a press release, no party."""
    return first > 0 and last + 1 < len(tokens) and tokens[first - 1].text == "(" and tokens[last].text == ":" \
        and tokens[last + 1].text.isupper() and tokens[last + 1].text.isalnum() and len(tokens[last + 1].text) <= 6


def _government_body(words: list[Token]) -> bool:
    """"Government Security Council", "Government Digital Service": "Government" begins a public body's name."""
    return len(words) > 2 and words[0].lower == "government" and words[-1].lower in lexicon.REGULATOR_HEADS - {"government"} \
        and all(w.cap for w in words[1:])


HEAD_WORDS = (lexicon.REGULATOR_HEADS | lexicon.BANK_HEADS | lexicon.ORGANIZATION_HEADS | lexicon.VENDOR_HEADS
              | lexicon.TITLE_WORDS | frozenset("honourable honorable treasury finance investment apps archive card admin".split()))


PRESS_OFFICE = re.compile(r"\b(?:press|media|communications?|public affairs|listing|records) (?:office|unit|desk|team|department)$|"
                          r"\b(?:office|department|directorate) of (?:public|media|press) (?:affairs|relations)$|^(?:\w+ )*public affairs$")


def _not_a_name(words: list[Token]) -> bool:
    """Capitalised words that name nothing: a head word alone ("Committee", "Authority", "Chairman"),
    a heading in capitals ("ORDERS AS FOLLOWS", "CARD MACHINES DOWN"), a case or file number ("AR/2023/0417")."""
    if any(any(c.isdigit() for c in w.text) and ("/" in w.text or "-" in w.text) for w in words):
        return True
    if len(words) == 1 and any(c.isdigit() for c in words[0].text):
        return True  # "K7", "X200": a model number, not an agent
    if len(words) == 1 and words[0].cap and words[0].lower in HEAD_WORDS and (not words[0].upper or words[0].lower in lexicon.TITLE_WORDS):
        return True
    if len(words) == 1 and words[0].text.lower().rstrip(".") in lexicon.COMPANY_SUFFIXES:
        return True
    if len(words) >= 2 and all(w.lower in QUALIFIED_TITLE_WORDS or not w.alpha for w in words):
        return True  # "Presiding Judge", "Chief Executive Officer": a title with no one named
    if len(words) >= 2 and all(w.lower in AMOUNT_WORDS or not w.alpha for w in words):
        return True  # "(Rupees Five Crore Forty Lakh only)", "Euros Two Million": an amount in words
    lowers = " ".join(w.lower for w in words)
    if PRESS_OFFICE.search(lowers):
        return True  # a body's press or listing office answers for the body: not a party of its own
    if len(words) >= 3 and all(w.upper or not w.alpha for w in words) and any(w.lower in HEADLINE_PREPOSITIONS for w in words):
        return True  # "EQUIPMENT IN NATIONAL MOBILE NETWORKS": a headline in capitals, not a name
    if len(words) >= 2 and all(w.upper or w.lower in CONNECTORS or not w.alpha for w in words) \
            and all(len(w.text) > 1 for w in words if w.alpha):
        return head_type([w.text for w in words])[0] is None and words[-1].lower not in lexicon.COMPANY_SUFFIXES
    return False


# An amount written out in words, as notices of fines spell it beside the figures.
AMOUNT_WORDS = frozenset("rupees rupee dollars dollar euros euro pounds pound sterling yen yuan renminbi francs franc kronor krona "
                         "only and one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
                         "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred "
                         "thousand million billion lakh lakhs crore crores".split())
# Prepositions a headline in capitals holds and a name in capitals does not ("… EQUIPMENT IN NATIONAL NETWORKS"); not
# the words that join a body's name ("MINISTRY FOR FOREIGN AFFAIRS", "COMMITTEE ON TRADE").
HEADLINE_PREPOSITIONS = frozenset("in at over after with from into against amid".split())
# Words that qualify a title ("Presiding Judge", "Acting Director") without naming anyone.
TITLE_QUALIFIERS = frozenset("presiding acting senior junior interim executive managing principal assistant associate "
                             "general chief deputy lead former".split())
# Words of a body's departments ("Criminal Division", "Market Oversight"), never of a person's name.
UNIT_WORDS = frozenset("division unit section affairs oversight enforcement relations operations compliance supervision "
                       "intelligence policy registry markets procurement prosecutions".split()) | lexicon.GOVERNMENT_MODIFIERS
# Unions the word tests use, made once here rather than at every test.
NAME_HEADS = lexicon.REGULATOR_HEADS | lexicon.BANK_HEADS | lexicon.VENDOR_HEADS | lexicon.ORGANIZATION_HEADS | UNIT_WORDS  # never in a person's name
QUALIFIED_TITLE_WORDS = lexicon.TITLE_WORDS | TITLE_QUALIFIERS


_ADDRESSED: list = [None, frozenset()]  # the token list last asked about, and its answer


def _addressed(tokens: list[Token]) -> frozenset[str]:
    """Surnames the document writes after an honorific ("Mr Voskel", "Ms. Quennel")."""
    if _ADDRESSED[0] is not tokens:
        found = set()
        for k, t in enumerate(tokens[:-2]):
            if t.lower.rstrip(".") in lexicon.HONORIFICS:
                found.add(tokens[k + 2].text if tokens[k + 1].text == "." else tokens[k + 1].text)
        _ADDRESSED[:] = [tokens, frozenset(found)]
    return _ADDRESSED[1]


def _plain_name(words: list[Token]) -> bool:
    """Words that can be a person's name: capitalised, no acronym, no organisation head, no country."""
    return all(w.cap and not w.upper and w.alpha and w.lower not in NAME_HEADS and not w.lower.endswith(lexicon.VENDOR_ENDINGS)
               and w.text not in lexicon.countries()
               and w.lower not in lexicon.COMMON_CAPITALISED for w in words)


def _title_form(word: str) -> bool:
    """"dr.", "prof.", "judges", "directors": a title word abbreviated or in the plural."""
    return word.rstrip(".") in lexicon.HONORIFICS or (len(word) > 4 and word.endswith("s") and word[:-1] in lexicon.TITLE_WORDS)


INITIAL = re.compile(r"[A-Z]\.(?:[A-Z]\.)*")


def _initialled_name(words: list[Token]) -> bool:
    """"K. Mendrel", "A. J. Tollund": one or two initials, then a surname."""
    return 2 <= len(words) <= 3 and all(INITIAL.fullmatch(w.text) for w in words[:-1]) and _plain_name(words[-1:])


def _person(name: list[Token], title: str, sentence_index: int) -> Mention:
    surface = _span_text(name)
    m = Mention(name[0].start, name[-1].end, surface, "Person", "shape", name[0].index, name[-1].index + 1, sentence_index,
                key=surface, title=title, typed_by="title")
    return m


# One part of a person's name with a hyphen or an apostrophe: "Anne-Marie", "O'Neill", "D'Arcy".
COMPOUND_PART = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)+|[A-Z][’'][A-Z][a-z]+|[A-Z][a-z]+")


def _compound_name(words: list[Token]) -> bool:
    """"Anne-Marie Dupont", "Siobhan O'Neill": two or three parts shaped like a person's name, one of them
    joined by a hyphen or an apostrophe (tokens a plain-name test does not take)."""
    parts = _span_text(words).split()
    if not 2 <= len(parts) <= 3 or not any(("-" in p or "'" in p or "’" in p) for p in parts):
        return False
    return all(COMPOUND_PART.fullmatch(p) for p in parts) and not any(
        w.lower in NAME_HEADS | lexicon.COMMON_CAPITALISED | lexicon.INDUSTRY_WORDS or w.text in lexicon.countries() for w in words)


def _span_text(words: list[Token]) -> str:
    out = []
    for k, w in enumerate(words):
        out.append(w.text)
        if k + 1 < len(words) and w.space_after:
            out.append(" ")
    return "".join(out)


def _title_before(tokens: list[Token], first: int, sentence: Sentence) -> str | None:
    """Lower-case job title right before a name: "chief financial officer Martin Doe"."""
    k = first
    while k > sentence.first and tokens[k - 1].lower in lexicon.TITLE_WORDS | {"financial", "operating", "technology", "information", "security", "press"}:
        k -= 1
    words = [t.text for t in tokens[k:first]]
    while words and words[0].lower() in ("financial", "operating", "technology", "information", "security", "press"):
        words = words[1:]
    return " ".join(words) or None


# Lower-case groups that take part in events.
GROUP_PHRASE = re.compile(
    r"\b(?:(?:an?|the)\s+)?((?:[a-z][\w-]*\s+){0,2}?(?:working group|task force|steering committee|leading (?:small )?group)"
    r"(?:\s+on\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?)?)(?=[\s,.;:]|$)"
)
GROUP_WORDS = ("group", "task force", "steering committee")  # one is in every match of GROUP_PHRASE
GROUP_STOP = re.compile(r"\s+(?:chaired|headed|led|set|which|that|who|to|and|in|on|at|by|for|with|would|will)$")
_WORDS = r"([a-z]+(?: (?!and\b|to\b|on\b|in\b|over\b|for\b|after\b|with\b|said\b|have\b|has\b|were\b|was\b)[a-z]+){0,2})"
EMBASSY = re.compile(r"\b(?:(?!The\b)[A-Z][\w-]+(?:['’]s)?\s+(?:[Ee]mbassy|[Cc]onsulate)(?![ -]General\b|\s+of\b)|(?P<of>(?:Embassy|Consulate)(?:[ -]General)? of (?:the )?"
                     r"[A-Z][\w-]+))(?:\s+in\s+[A-Z][\w-]+)?")
MINISTRIES = re.compile(r"\b[Mm]inistries of " + _WORDS + " and " + _WORDS)
# Each pattern of a group begins with a look at the letter a word starts with (the first letters of its words, read by
# patterns.starting_with): one test at each word's start, before the words are tried one by one.
_GROUP_NOUNS = (r"banks|lenders|companies|firms|vendors|suppliers|operators|carriers|officers|officials|prosecutors|regulators|"
                r"employees|engineers|executives|staff|managers|hackers|researchers|nationals|citizens|individuals|suspects|men|women|"
                r"persons|defendants|authorities|agencies|ministries|departments|institutions|manufacturers|makers|chipmakers|insurers|"
                r"members|brokerages|brokers")
GROUP_NOUN = re.compile(r"\b" + starting_with(_GROUP_NOUNS) + "(" + _GROUP_NOUNS + r")\b")
GROUP_MODIFIER_STOP = frozenset("the a an its their his her our other some many most all these those such several more few any each both "
                                "and or of in on at for to by with from as that which who".split())
GROUP_MODIFIER_STOP |= frozenset("out up down off away back".split())  # particles: "knocked out banks"
GROUP_MODIFIER_STOP |= frozenset("one two three four five six seven eight nine ten dozen whether if than how why what where when "
                                 "over about into across against among between through under without within upon onto".split())
QUANTIFIERS = frozenset("several two three four five six seven eight nine ten eleven twelve fifteen twenty dozens".split())
SENTENCE_ADVERBS = frozenset("reportedly allegedly apparently recently currently formerly previously initially eventually "
                              "subsequently separately meanwhile similarly".split())
VERBISH = frozenset("is are was were be been has have had do does did will would can could may might must should shall "
                    "said says told asked urged pushed ordered make made use uses include includes".split())


def group_mentions(text: str, sentence: Sentence, sentence_index: int) -> list[Mention]:
    """Lower-case participants in a sentence: working groups, coordinated ministries."""
    found: list[Mention] = []
    part = text[sentence.start : sentence.end]
    # Each pattern is tried only on a sentence with the words it cannot match without: looking for a
    # word costs far less than a pattern's scan, and most sentences have none of them.
    for m in GROUP_PHRASE.finditer(part) if any(word in part for word in GROUP_WORDS) else ():
        name = m.group(1)
        start = sentence.start + m.start(1)
        while (stop := GROUP_STOP.search(name)) is not None:
            name = name[: stop.start()]
        # Leading words that are no part of a name ("its", "new").
        words = name.split()
        while words and words[0] in GROUP_MODIFIER_STOP | {"new", "special", "top"}:
            start += len(words[0]) + 1
            words = words[1:]
        name = " ".join(words)
        if not name:
            continue
        found.append(Mention(start, start + len(name), name, "Organization", "group", -1, -1, sentence_index, key=name))
    for m in EMBASSY.finditer(part) if "mbassy" in part or "onsulate" in part else ():
        # "Zemoria's embassy in Sellgard", "the Tharnish embassy": a state's mission speaks for it.
        name = m.group(0)
        extra: dict = {"embassy": True}
        if m.group("of") and m.group("of") != name:
            extra["alias"] = m.group("of")  # "Embassy of Maravesh in Westerhal" is also "Embassy of Maravesh"
        found.append(Mention(sentence.start + m.start(), sentence.start + m.end(), name, "Regulator", "group", -1, -1, sentence_index,
                             key=name, extra=extra))
    for m in MINISTRIES.finditer(part) if "inistries of " in part else ():
        for g in (1, 2):
            name = "Ministry of " + " ".join(w.capitalize() if w not in ("and", "of") else w for w in m.group(g).split())
            found.append(Mention(sentence.start + m.start(g), sentence.start + m.end(g), name, "Regulator", "group", -1, -1, sentence_index, key=name))
    return found


def collective_mentions(text: str, sentence: Sentence, sentence_index: int) -> list[Mention]:
    """Groups named by a common noun with modifiers: "domestic banks", "US consulting firms".

    The modifiers are the (up to three) words right before the noun that describe it:
    adjectives, nouns, a country or demonym — not verbs or articles; a count or an owner may
    lead them ("14 Almerran banks", "Belisande's five largest banks"). These become entities
    only when they fill a role in an event.

    Long because the walk back over the modifiers is one loop of small word tests."""
    found: list[Mention] = []
    countries = lexicon.countries()
    for m in GROUP_NOUN.finditer(text, sentence.start, sentence.end):
        words = _modifiers(text, sentence, m.start())
        if not words:
            continue
        words = _lead(text, sentence, words)
        offset = words[0][0]
        name = text[offset : m.end()]
        noun = m.group(1)
        kind = GROUP_KINDS.get(noun, "Organization")
        country = next((countries[w][0] for _, w in words if w in countries), None)
        mention = Mention(offset, m.end(), name, kind, "collective", -1, -1, sentence_index, key=name)
        counted = [w for _, w in words if not _leading_word(w)]
        if len(counted) < len(words) and counted:
            mention.extra["alias"] = " ".join([*counted, noun])
        if STATE_OWNER.match(words[0][1]) and len(words) > 1:
            # "the country's five largest banks" is named "five largest banks", as when the story says it again.
            mention.extra["name"] = text[words[1][0] : m.end()]
        if country:
            mention.extra["country"] = country
        found.append(mention)
    found += _qualified_groups(text, sentence, sentence_index, found)
    found += _public_sector(text, sentence, sentence_index, found)
    return found



GROUP_KINDS = {"banks": "Bank", "lenders": "Bank", "insurers": "Bank", "institutions": "Bank", "brokerages": "Bank", "brokers": "Bank",
               "officers": "Person", "officials": "Person", "nationals": "Person", "citizens": "Person", "individuals": "Person",
               "suspects": "Person", "employees": "Person", "engineers": "Person", "executives": "Person", "staff": "Person",
               "managers": "Person", "hackers": "Person", "researchers": "Person", "members": "Person", "men": "Person", "women": "Person",
               "persons": "Person", "defendants": "Person",
               "prosecutors": "Regulator", "regulators": "Regulator", "authorities": "Regulator", "agencies": "Regulator",
               "ministries": "Regulator", "departments": "Regulator",
               "vendors": "Vendor", "suppliers": "Vendor", "manufacturers": "Vendor", "makers": "Vendor", "chipmakers": "Vendor"}
# "the country's commercial banks", "the nation's four largest carriers": the story's state owns the group.
STATE_OWNER = re.compile(r"^(?:the|its)\s+(?:country|nation|state|region)['’]s$", re.I)
# "three of the country's largest banks": a count of a group named after it.
PARTITIVE = re.compile(r"\b(\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|some|most|many)\s+of\s+$", re.I)


NAME_POSSESSIVE = re.compile(r"[A-Z][\w-]+['’]s")


def _leading_word(word: str) -> bool:
    """A count or an owner that leads a group's modifiers ("14", "several", "Belisande's", "the country's")."""
    return word.isdigit() or word.lower() in QUANTIFIERS or NAME_POSSESSIVE.fullmatch(word) is not None \
        or STATE_OWNER.match(word) is not None


MODALS = frozenset("will would must should may might can could shall".split())
# Participles that name what a group is under the law ("licensed banks", "regulated firms"), not what was done to it.
STATUS_PARTICIPLES = frozenset("licensed regulated registered authorised authorized supervised listed accredited certified "
                               "incorporated chartered".split())
MODIFIER_WORD = re.compile(r"[\w.'’-]+")
THE_OR_ITS_BEFORE = re.compile(r"\b(?:the|its)\s+$")
PLURAL_WORD = re.compile(r"(?:[a-z]+ies|[a-z]+[^su]s)")


def _modifiers(text: str, sentence: Sentence, end: int) -> list[tuple[int, str]]:
    """The words before a group noun that describe it, with their offsets; a count alone counts
    ("nine banks"), a particle, a verb after a plural subject or a bullet's dash does not.

    Long because the walk back over the modifiers is one loop of small word tests."""
    countries = lexicon.countries()
    words: list[tuple[int, str]] = []
    pos = end
    base = max(sentence.start, end - 60)
    found = list(MODIFIER_WORD.finditer(text[base:end]))
    for k in range(len(found) - 1, -1, -1):
        word = found[k].group(0)
        wstart = base + found[k].start()
        if text[wstart + len(word) : pos].strip() or not any(c.isalnum() for c in word):
            break  # punctuation between words ends the modifiers
        plain = word.lower()
        if plain in ("country's", "country’s", "nation's", "nation’s") and THE_OR_ITS_BEFORE.search(text[max(base, wstart - 5) : wstart]):
            lead = THE_OR_ITS_BEFORE.search(text[max(base, wstart - 5) : wstart])
            words.insert(0, (wstart - len(lead.group(0)), text[wstart - len(lead.group(0)) : wstart + len(word)]))
            break  # "the country's commercial banks": the story's state owns the group
        if word.isdigit() and (len(word) == 4 or not words and int(word) < 2):
            break  # a year ("2024 banks") or "1 bank": no count of a group
        if word.isdigit() or plain in QUANTIFIERS or (words and NAME_POSSESSIVE.fullmatch(word)):
            # "14 Almerran banks", "nine banks", "Belisande's five largest banks": a count or an owner leads the group.
            words.insert(0, (wstart, word))
            break
        if k and PLURAL_WORD.fullmatch(found[k - 1].group(0)) and GROUP_NOUN.fullmatch(found[k - 1].group(0)) \
                and not text[base + found[k - 1].end() : wstart].strip():
            break  # "banks oversee critical suppliers": a verb after a plural subject
        if k and found[k - 1].group(0).lower() in MODALS and not text[base + found[k - 1].end() : wstart].strip():
            break  # "the FMSO will examine banks' dependence": a verb after a modal, no modifier
        if word in countries and countries[word][1] != "capital":
            pass
        elif plain in STATUS_PARTICIPLES and words:
            pass  # "licensed commercial banks", "Licensed network operators are …": a status, not a verb
        elif word[0].isupper() and plain not in lexicon.COMMON_CAPITALISED and wstart > sentence.start:
            pass  # a name as modifier: "Kestrel engineers"
        elif word[0].isupper() or plain in GROUP_MODIFIER_STOP or "'" in word or "’" in word or word[0].isdigit():
            break
        elif "-" not in word and plain.endswith("ly") and words and len(plain) >= 8 and plain not in SENTENCE_ADVERBS:
            pass  # "systemically important banks": an adverb grading the adjective after it
        elif "-" not in word and (plain.endswith(("ed", "ly")) or plain in VERBISH or (plain.endswith("ing") and words)):
            break
        elif plain.endswith("ing") and text[max(sentence.start, wstart - 2) : wstart].strip() in (",", ";"):
            break  # ", barring suppliers from …": a clause, not a modifier
        elif plain.endswith("s") and not plain.endswith(("ss", "ics", "us", "ies", "ions", "oms")) and "-" not in word:
            break  # "central bank probes lenders": a verb in a headline; nouns as modifiers are singular
        words.insert(0, (wstart, word))
        pos = wstart
        if len(words) == 3:
            break
    if words and len(words) == 1 and _leading_word(words[0][1]) and not (words[0][1].isdigit() or words[0][1].lower() in QUANTIFIERS):
        return []  # an owner alone ("Luthmere's banks") is the state's, not a group of its own
    return words


LEAD_POSSESSOR_BEFORE = re.compile(r"([A-Z][\w-]+['’]s|\b(?:[Tt]he|[Ii]ts)\s+(?:country|nation)['’]s)\s+$")


def _lead(text: str, sentence: Sentence, words: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """An owner before a count ("Belisande's five largest banks") and a count before an owned
    group ("three of the country's largest banks") belong to the group's name."""
    start, first = words[0]
    before = text[max(sentence.start, start - 30) : start]
    if first.lower() in QUANTIFIERS or first.isdigit():
        owner = LEAD_POSSESSOR_BEFORE.search(before)
        if owner:
            words = [(start - len(owner.group(0)), owner.group(1)), *words]
    if STATE_OWNER.match(words[0][1]) or NAME_POSSESSIVE.fullmatch(words[0][1]):
        count = PARTITIVE.search(text[max(sentence.start, words[0][0] - 20) : words[0][0]])
        if count:
            words = [(words[0][0] - len(count.group(0)), count.group(0).strip()), *words]
    return words

# "operators of critical information infrastructure", "holders of public mobile network licences":
# a group named by what its members run or hold, the qualifier in lower case after "of".
QUALIFIED_GROUP = re.compile(r"\b(?=[BbHhOoPpUu])([Oo]perators|[Hh]olders|[Oo]wners|[Pp]roviders|[Uu]sers|[Bb]uyers) of\s+"
                             r"((?:the country['’]s\s+)?[\"“]?[a-z][\w-]*(?:\s+(?!(?:to|that|which|who|and|or|from|in|on|at|by|for|with|must|will|would|should|are|were|is|was)\b)[a-z][\w-]*){0,4}"
                             r")(\s+in\s+[A-Z][\w-]+(?![\w-]|\s+[A-Z]))?")  # "… in Pascaray": where the group is


COUNTRYS_OR_QUOTE = re.compile(r"^the country['’]s\s+|[\"“]")


def _qualified_groups(text: str, sentence: Sentence, sentence_index: int, found: list[Mention]) -> list[Mention]:
    out = []
    for m in QUALIFIED_GROUP.finditer(text, sentence.start, sentence.end):
        qualifier = COUNTRYS_OR_QUOTE.sub("", m.group(2))
        if len(qualifier.split()) < 1 or qualifier.split()[0] in GROUP_MODIFIER_STOP:
            continue
        name = m.group(1).capitalize() + " of " + qualifier
        # The bare group noun ("operators") found inside is the same group.
        found[:] = [c for c in found if not (m.start() <= c.start and c.end <= m.end())]
        group = Mention(m.start(), m.end(2), name, "Organization", "collective", -1, -1, sentence_index, key=name)
        if m.group(3):
            group.extra["alias"] = name + m.group(3)  # the place stays a mention of its own (it may act)
        out.append(group)
    return out


_PUBLIC_NOUN = r"(?:ministr(?:y|ies)|agenc(?:y|ies)|departments?|bod(?:y|ies)|authorit(?:y|ies)|offices?|institutions?)"
_PUBLIC_MODIFIER = r"(?:(?:central|federal|state|local|national|public|regional)\s+)?government\s+|(?:central|federal|public)\s+"
# "every government ministry and agency", "all central government departments and agencies", "government agencies and
# state-owned firms", "all ministries, agencies and other central government bodies": the public sector as one group.
PUBLIC_SECTOR = re.compile(
    r"\b(?=[acefglnprs])(?:(?P<det>all|every|each)\s+(?:(?P<mod1>" + _PUBLIC_MODIFIER + r"))?|(?P<mod2>" + _PUBLIC_MODIFIER + r"))"
    r"(?P<body>" + _PUBLIC_NOUN + r"(?:,\s+" + _PUBLIC_NOUN + r")*,?\s+(?:and|or)\s+(?:other\s+)?"
    r"(?:(?:" + _PUBLIC_MODIFIER + r")?" + _PUBLIC_NOUN + r"|state-(?:owned|run|controlled)\s+(?:firms|companies|enterprises|businesses)))\b")


def _public_sector(text: str, sentence: Sentence, sentence_index: int, found: list[Mention]) -> list[Mention]:
    """One group for a list of public bodies under one determiner or government word; the groups
    found inside it ("central government departments", "agencies") are its parts, not groups of their own."""
    out = []
    for m in PUBLIC_SECTOR.finditer(text, sentence.start, sentence.end):
        start = m.start("mod1") if m.group("mod1") else m.start("mod2") if m.group("mod2") else m.start("body")
        name = text[start : m.end()]
        found[:] = [c for c in found if not (m.start() <= c.start and c.end <= m.end())]
        group = Mention(m.start(), m.end(), name, "Regulator", "collective", -1, -1, sentence_index, key=name)
        if m.group("det"):
            group.extra["alias"] = m.group(0)
        out.append(group)
    return out
