"""Events with roles: reviews, directives, restrictions, acquisitions, trials, indictments,
suspensions, retaliation, protests and disputes.

Each rule is a trigger — a kind of verb or noun ("reviewing", "urged … to replace",
"banned", "sold … to", "indicted") — and a way to fill roles from the entity mentions
of the same sentence: the actor is the nearest agent before the trigger (or after "by"
in the passive), the target the first participant after it, vendors fill vendor roles,
regulators reviewer roles, and so on. A sentence gives at most one event of each kind;
events of one kind that share their main participants are merged, so a headline and the
sentence that repeats it make one event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from itertools import takewhile

from kg.extract.dates import DateMention
from kg.extract.entities import DocEntities
from kg.extract.mentions import Mention
from kg.extract.patterns import first_chars
from kg.extract.sentences import Sentence

PRODUCTS_AFTER = re.compile(r"^(?:['’]s)?\s+(?:[\w-]+\s+)?(?:chips?|servers?|products?|equipment|gear|software|hardware|devices|phones|handsets|routers?|processors?|controllers?)\b", re.I)
# Roles whose values are words or numbers, not entities (scoring reads the same set).
LITERAL_ROLES = frozenset({"product", "asset", "amount", "currency", "listName", "deadline"})
# Roles whose values are other events ("@Ban" until numbered), not entities (scoring reads the same set).
EVENT_ROLES = frozenset({"inResponseTo"})
AGENTS = ("Country", "Regulator", "Organization", "Vendor", "Bank", "Person")
GOVERNMENT = ("Country", "Regulator")
COMPANIES = ("Organization", "Vendor", "Bank")
ORGS = ("Organization", "Vendor", "Bank", "Regulator")

TRIGGERS: dict[str, re.Pattern[str]] = {
    # "began requiring licences for exports of … to Galmoria", "have needed a government licence to ship … to X".
    "Licensing": re.compile(r"\b(?:requir(?:e|es|ed|ing)|need(?:s|ed|ing)?|(?:must|ha(?:ve|s|d) to)\s+(?:obtain|apply for|get|seek|hold))\s+"
                           r"(?:an?\s+|the\s+)?(?:(?:government|export|state|special|individual|prior)\s+)?licen[cs](?:es?|ing)\b", re.I),
    # "asked the country's banks to list every Hestrel product they run": a survey of the banks' use of a vendor.
    "Review": re.compile(r"\b(?:(?:asked|told|required|ordered|instructed|directed)\s+(?:[\w'’-]+\s+){1,5}?to\s+(?:list|disclose|declare|"
                         r"inventor(?:y|ise|ize)|map|identify|provide details of|report (?:on )?(?:their|its) (?:use|exposure|reliance))|"
                         r"review(?:ing|ed|s)?|investigat(?:e|es|ed|ing|ion|ions)|prob(?:e|es|ed|ing)|examin(?:e|es|ed|ing|ation)|audit(?:s|ed|ing)?|inquiry|assess(?:ing|ed|ment)|evaluat(?:e|es|ed|ing|ion|ions)|inspect(?:s|ed|ing|ion|ions)?|scrutin(?:y|ise|ize|ised|ized))\b", re.I),
    "Directive": re.compile(r"\b(?:urg(?:e|es|ed|ing)|push(?:es|ed|ing)?|pressur(?:e|es|ed|ing)|order(?:s|ed|ing)?|instruct(?:s|ed|ing)?|direct(?:s|ed|ing)|told|tell(?:s|ing)?|ask(?:s|ed|ing)?|requir(?:e|es|ed|ing)|forc(?:e|es|ed|ing)|call(?:s|ed|ing)? on|advis(?:e|es|ed|ing)|encourag(?:e|es|ed|ing)|guidance)\b", re.I),
    # "revoked the export licences of four toolmakers", "cancelled licences held by A, B and C": a licence withdrawn.
    "Restriction": re.compile(r"\b(?:(?:revok(?:e|es|ed|ing)|cancel(?:s|led|ling)?|rescind(?:s|ed|ing)?|withdr[ae]w(?:s|n|ing)?)\s+"
                              r"(?:the\s+|their\s+|its\s+|all\s+)?(?:[\w'’-]+\s+){0,3}?licen[cs]es?\b|ban(?:s|ned|ning)?|restrict(?:s|ed|ing|ion|ions)?|blacklist(?:s|ed|ing)?|barr(?:ed|ing)|bars?|prohibit(?:s|ed|ing)?|vet(?:ting)?|cut(?:ting)? ties|sanction(?:s|ed|ing)?|exclud(?:e|es|ed|ing)|block(?:s|ed|ing)?|entity list|list|export (?:controls?|curbs)|licen[cs]e requirements?|designat(?:e|es|ed|ing)|stop (?:buying|purchasing|procuring)|no longer (?:buy|purchase|procure)|not to (?:install|buy|purchase|procure|deploy|add|connect)|to (?:pause|halt|stop|cease|suspend|freeze) (?:(?:new|any|all|further)\s+)?(?:[\w-]+\s+)?(?:installations?|deployments?|purchases?|installing|deploying|procuring))\b", re.I),
    "Acquisition": re.compile(r"\b(?:sell|sells|sold|selling|acquir(?:e|es|ed|ing)|acquisition of|bought|buy(?:s|ing)?|purchas(?:e|es|ed|ing)(?: of)?|takeover of|take over|bid for)\b", re.I),
    "Trial": re.compile(r"\b(?:trial(?:s|led|ling)?|pilot(?:s|ed|ing)?|deploy(?:s|ed|ing|ment)?|testing|tested|roll(?:ed|ing)? out|adopt(?:s|ed|ing))\b", re.I),
    "Indictment": re.compile(r"\b(?:indict(?:s|ed|ing|ment|ments)?|charged|prosecut(?:ed|ing))\b", re.I),
    # "alleged that X had …", "has reasonable grounds to suspect that X …": wrongdoing stated by a public body.
    "Accusation": re.compile(r"\b(?:accus(?:e|es|ed|ing|ation|ations)|blam(?:e|es|ed|ing)|(?:alleg(?:e|es|ed|ing)|suspect(?:s|ed)?) that)\b", re.I),
    "Suspension": re.compile(r"\b(?:suspen(?:d|ds|ded|ding|sion)|halt(?:s|ed|ing)?|froze(?:n)?|freez(?:e|es|ing)|pull(?:s|ed|ing)? out of|withdr[ae]w(?:s|n|ing)? from)\b", re.I),
    "Retaliation": re.compile(r"\b(?:retaliat(?:e|es|ed|ing|ion|ory)|reprisals?|tit-for-tat|hit(?:s|ting)? back|countermeasures?)\b", re.I),
    # "Gallistra firmly opposes …", "lodged solemn representations", "expressed strong dissatisfaction": a state's protest.
    "Protest": re.compile(r"\b(?:protest(?:s|ed|ing)?|condemn(?:s|ed|ing|ation)?|denounc(?:e|es|ed|ing)|summon(?:s|ed|ing)?|"
                          r"(?:firmly|resolutely|strongly|vehemently) oppos(?:e|es|ed|ing)|deplor(?:e|es|ed|ing)|"
                          r"(?:solemn|stern) representations|(?:strong )?dissatisfaction)\b", re.I),
    "Dispute": re.compile(r"\b(?:dispute|row|spat|feud|stand-?off|tensions?|trade war|tech war|conflict|clash)\b", re.I),
    "Penalty": re.compile(r"\b(?:fin(?:e|es|ed|ing)|penalt(?:y|ies)|settle(?:s|d|ment)?|reprimand(?:s|ed)?)\b", re.I),
    # An obligation laid on a company in an order or a report of one: "Tavrin shall divest …", "carriers must remove …".
    "Obligation": re.compile(r"\b(?:must|shall)\b"),
    # "knocked out card payments at X", "went offline", "halted flights at X": what an outage did.
    "Incident": re.compile(r"\b(?:outages?|disruptions?|crash(?:ed|es)?|went down|fail(?:ed|ure)|breach(?:es|ed)?|hack(?:ed|ing)?|"
                           r"(?:knock(?:s|ed|ing)?|took|taken|brought|bringing) (?:out|down|offline)|went (?:offline|dark)|"
                           r"halt(?:s|ed|ing)?(?=\s+(?:(?:card|online|mobile|all|most|many)\s+)?(?:payments?|flights?|trading|transactions|"
                           r"services?|operations|check-ins?|departures|trains|withdrawals)\s+(?:at|across|for|in|on)\b)|"
                           r"cyber-?attacks?|intrusions?|ransomware|left (?:\w+ )?(?:accessible|exposed|unprotected)|(?:data )?leak(?:s|ed)?)\b", re.I),
    # A state's reproach in a statement: "said Quessary was abusing state power", "economic coercion".
    "Reproach": re.compile(r"\b(?:abus(?:e|es|ed|ing) (?:of )?(?:state|its|their) power|abus(?:e|es|ed|ing) the concept|smear(?:s|ed|ing)?|"
                          r"abus(?:e|es|ed|ing) (?:of )?(?:export|sanctions?|trade|the|its|their|national)|(?:over)?stretch(?:es|ed|ing)? the concept|"
                          r"coerc(?:ion|ive|ing)|bull(?:y|ies|ied|ying)|suppress(?:es|ed|ing|ion)?|politici[sz](?:e|es|ed|ing)|"
                          r"weaponi[sz](?:e|es|ed|ing)|hypocri(?:sy|tical)|hacker empire|protectionis[mt]|discriminat(?:e|es|ed|ing|ory|ion))\b", re.I),
    # "The ministry said the three companies had \"cooperated with the discriminatory measures\"": wrongdoing stated.
    "Wrongdoing": re.compile(r"\b(?:had|has|have|was|were)\s+[\"“]?(?:(?:illegally|knowingly|repeatedly|secretly|deliberately|seriously|"
                             r"systematically)\s+)?(?:violated|endangered|diverted|colluded|concealed|misled|evaded|smuggled|spied|"
                             r"stolen|undermined|cooperated with the discriminatory|supplied\s+(?:[\w-]+\s+){0,3}?(?:to|for)\s+(?:the\s+|a\s+)?"
                             r"(?:[\w-]+\s+){0,2}?(?:military|missile|weapons?|armed forces|surveillance|intelligence))\b", re.I),
    "Denial": re.compile(r"\b(?:den(?:y|ies|ied|ial)|reject(?:s|ed|ing)?|dismiss(?:es|ed)?)\b", re.I),
    "Lawsuit": re.compile(r"\b(?:su(?:e|es|ed|ing)|lawsuits?|filed suit|legal (?:action|challenge)|judicial review|"
                         r"brought (?:a |an )?(?:claim|challenge|case|action)|appeal(?:s|ed|ing)? against|challeng(?:e|es|ed|ing) in court|"
                         r"(?:sought|seeks|seeking|applied for|applies for) (?:the |an? )?(?:annulment|quashing|judicial review)|"
                         r"(?:lodged|filed|brought) (?:an? |its |their )?(?:application|appeal|claim|petition|complaint)s?)\b", re.I),
    "CourtRuling": re.compile(r"\b(?:ruled|rules|dismiss(?:ed|es)|upheld|uphold(?:s|ing)?|quash(?:ed|es)|set aside|"
                             r"found (?:that|in favour|for|against)|judgment|ruling)\b", re.I),
}


def _first_letters(pattern: re.Pattern[str]) -> re.Pattern[str]:
    r"""The same trigger with a look-ahead for the first letters of its words: "\b(?=[bB])(?:ban|bar)" is
    tried at far fewer places than "\b(?:ban|bar)", which matters for speed over a whole text."""
    source = pattern.pattern
    if not source.startswith(r"\b(?:"):
        return pattern
    body, depth, firsts, i = source[5:], 0, {source[5]}, 0
    while i < len(body):
        c = body[i]
        if c == "\\":
            i += 2
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            if depth == 0:
                break
            depth -= 1
        elif c == "|" and depth == 0:
            firsts.add(body[i + 1])
        i += 1
    if not all(c.isalpha() for c in firsts):
        return pattern
    letters = "".join(sorted({c.lower() for c in firsts} | {c.upper() for c in firsts}))
    return re.compile(r"\b(?=[" + letters + "])" + source[2:], pattern.flags)


# Any character of a clause: a full stop only after a company's abbreviated suffix ("Haiqian Technologies Co., Ltd.").
_IN_CLAUSE = r"(?:[^.]|(?<=\bCo)\.|(?<=\bLtd)\.|(?<=\bInc)\.|(?<=\bCorp)\.|(?<=\bBhd)\.|(?<=\bPty)\.)"
# Kinds of restriction, by the words of their sentence (checked in this order).
RESTRICTION_KINDS = [
    ("EntityListing", re.compile(r"\b(?:unreliable entity list|entity list|blacklist|sanctions list)", re.I)),
    ("ThreatDesignation", re.compile(r"\b(?:designat\w*|declar\w*|nam(?:e|ed|es))\b" + _IN_CLAUSE + r"{0,80}\b(?:threat|high-risk|risk)\b|"
                                     r"\bthreat designation\b", re.I)),
    ("ExportControl", re.compile(r"\bexport(?:s|ing)?\b" + _IN_CLAUSE + r"{0,60}\b(?:control|curb|licen[cs]e|restrict|ban)|\blicen[cs]e requirements?\b|"
                                 r"\b(?:control|curb|licen[cs]e|restrict|ban)\w*\b" + _IN_CLAUSE + r"{0,40}\bexports?\b", re.I)),
    ("ProcurementExclusion", re.compile(r"\b(?:procurement|procur(?:e|es|ed|ing)|public contracts?|government contracts?|tenders?|purchas\w+|"
                                        r"buy(?:ing)?)\b", re.I)),
    ("Ban", re.compile(r"\b(?:ban(?:s|ned|ning)?|prohibit\w*|barr(?:ed|ing)|bars?)\b", re.I)),
]


def restriction_kind(words: str) -> str:
    """The kind of restriction a sentence's words tell (``Restriction`` when none does)."""
    return next((kind for kind, pattern in RESTRICTION_KINDS if pattern.search(words)), "Restriction")


REPLACE = re.compile(r"\b(?:replac(?:e|es|ed|ing)|remov(?:e|es|ed|ing)|uninstall(?:s|ed|ing)?|delet(?:e|es|ed|ing)|ditch(?:es|ed|ing)?|drop(?:s|ped|ping)?|switch(?:es|ed|ing)? (?:from|away from)|abandon(?:s|ed|ing)?|phas(?:e|es|ed|ing) out|rip(?:ping)? out|strip(?:s|ped|ping)?|stop (?:using|buying)|shun(?:s|ned|ning)?|swap(?:s|ped|ping)? out)\b", re.I)
WITH = re.compile(r"\b(?:with|in favou?r of|for)\b", re.I)
PASSIVE = re.compile(r"\b(?:was|were|been|being|be|is|are|get|got)\s+(?:(?:\w+ly|each|all|both|also|later|then|since|now)\s+)?$", re.I)
REVIEW_NOUN = re.compile(r"\b(?:the|this|that|its|their)\s+(?:\w+\s+)?(?:review|probe|investigation|inquiry|audit|examination)\b", re.I)
SUBMITTED = re.compile(r"\b(?:submitted|reported|sent|presented|delivered|handed) to\b", re.I)

MONEY = [
    (re.compile(r"(?<![A-Za-z])(?P<cur>US\$|HK\$|NT\$|S\$|A\$|C\$|RMB|USD|EUR|GBP|CNY|JPY|CHF|SEK|NOK|DKK|AUD|CAD|SGD|HKD|INR|KRW|Rs\.?|\$|€|£|¥|₹)\s?"
                r"(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<mult>trillion|billion|million|crores?|lakhs?|bn|mn|m|b|k)?\b", re.I), None),
    (re.compile(r"(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<mult>trillion|billion|million|crores?|lakhs?|bn|mn)?\s+(?:Swiss\s+|Swedish\s+)?"
                r"(?P<cur>yuan|renminbi|dollars|euros|pounds|yen|won|rupees|roubles|rubles|francs|kronor|krona)\b", re.I), None),
]
CURRENCY = {"us$": "USD", "$": "USD", "usd": "USD", "dollars": "USD", "hk$": "HKD", "nt$": "TWD", "s$": "SGD", "a$": "AUD",
            "c$": "CAD", "rmb": "CNY", "cny": "CNY", "yuan": "CNY", "renminbi": "CNY", "¥": "CNY", "€": "EUR", "eur": "EUR",
            "euros": "EUR", "£": "GBP", "gbp": "GBP", "pounds": "GBP", "yen": "JPY", "jpy": "JPY", "won": "KRW",
            "rupees": "INR", "₹": "INR", "rs": "INR", "rs.": "INR", "roubles": "RUB", "rubles": "RUB", "francs": "CHF",
            "kronor": "SEK", "krona": "SEK"}
MULTIPLIER = {"trillion": 10**12, "billion": 10**9, "bn": 10**9, "b": 10**9, "million": 10**6, "mn": 10**6, "m": 10**6, "k": 10**3,
              "crore": 10**7, "crores": 10**7, "lakh": 10**5, "lakhs": 10**5}


@dataclass
class Event:
    """An n-ary event found in one sentence (then perhaps merged with others)."""

    predicate: str
    sentence: int
    start: int  # evidence span
    end: int
    roles: dict[str, list[str]] = field(default_factory=dict)
    date: str | None = None
    date_explicit: bool = False
    confidence: float = 0.6
    method: str = ""
    id: str = ""
    main: str = ""  # role whose first value is the record's object
    groups: list[str] = field(default_factory=list)  # counted groups its named participants replaced ("four nationals")
    pending: bool = False  # a review with a reviewer whose subjects the story gives elsewhere (see _unnamed_review_subjects)
    of_trial: bool = False  # a suspension of a trial or roll-out told before (see _suspended_trials)

    def add(self, role: str, value: str | None) -> None:
        if value and value not in self.roles.setdefault(role, []):
            self.roles[role].append(value)

    def participants(self) -> set[str]:
        return {v for vs in self.roles.values() for v in vs}


class SentenceView:
    """The mentions of one sentence with helpers to pick role fillers."""

    def __init__(self, doc: DocEntities, text: str, sentence: Sentence, si: int, before: Sentence | None = None):
        self.doc, self.text, self.sentence, self.si = doc, text, sentence, si
        self.mentions = [m for m in doc.by_sentence[si] if m.entity and doc.entities.get(m.entity) and doc.entities[m.entity].type != "Place"
]
        if before is not None:
            self.mentions += pronoun_mentions(doc, text, sentence, si, before)
        self.collectives = doc.collectives[si]
        self._items: dict[tuple, list[Mention]] = {}
        self.parties: dict[str, str] = {}  # a court paper's "claimant" and "defendant" (see _court_parties)
        self.events: list[Event] = []  # the story's events found before this sentence
        self.published = ""  # the story's date of publication (YYYY-MM-DD)
        self.sentences: list[Sentence] = []  # all the story's sentences

    def kind(self, m: Mention) -> str:
        if m.source == "collective":
            return m.type or "Organization"
        return self.doc.entities[m.entity].type

    def participant(self, m: Mention) -> str:
        """Id of a mention; a collective of officials of a country stands for that country."""
        if m.source == "collective":
            country = m.extra.get("country")
            if country and m.text.split()[-1].lower() in ("prosecutors", "authorities", "regulators", "officials", "government"):
                from kg.model.values import Slug

                ident = Slug.from_name(country)
                if ident in self.doc.entities:
                    return ident
            return self.doc.adopt(m)
        return m.entity

    def items(self, kinds: tuple[str, ...], collectives: bool = True) -> list[Mention]:
        """Mentions (and collectives) of ``kinds``, in text order; a collective hides the mentions inside it."""
        key = (kinds, collectives)
        if key in self._items:
            return self._items[key]
        self._items[key] = found = self._find(kinds, collectives)
        return found

    def _find(self, kinds: tuple[str, ...], collectives: bool) -> list[Mention]:
        found = [m for m in self.mentions if self.kind(m) in kinds]
        if collectives:
            for c in self.collectives:
                if (c.type or "Organization") in kinds or (c.extra.get("country") and "Country" in kinds and c.text.split()[-1].lower() in ("prosecutors", "authorities", "regulators", "officials")):
                    if any(m.start < c.end and c.start < m.end and m.end - m.start >= c.end - c.start for m in self.mentions):
                        continue  # a longer (curated) name covers the group
                    found = [m for m in found if not (c.start <= m.start and m.end <= c.end)]
                    found.append(c)
        return sorted(found, key=lambda m: (m.start, m.end))  # "Zemoria's embassy" after "Zemoria": the nearer agent

    def left(self, pos: int, kinds: tuple[str, ...], collectives: bool = True) -> Mention | None:
        before = [m for m in self.items(kinds, collectives) if m.end <= pos]
        return before[-1] if before else None

    def right(self, pos: int, kinds: tuple[str, ...], until: int | None = None, collectives: bool = True) -> list[Mention]:
        out = []
        for m in self.items(kinds, collectives):
            if m.source == "collective" and m.start < pos < m.end - 3:
                # A trigger inside a group phrase ("vet technology companies"): keep the words after it.
                cut = len(self.text[pos : m.end]) - len(self.text[pos : m.end].lstrip())
                m = Mention(pos + cut, m.end, self.text[pos + cut : m.end], m.type, m.source, -1, -1, m.sentence, key=m.key, extra=dict(m.extra))
                if " " not in m.text:
                    continue  # a bare "banks" names no group
            if m.start >= pos and (until is None or m.start < until):
                out.append(m)
        return out

    def part(self) -> str:
        return self.text[self.sentence.start : self.sentence.end]


# "It picked …" (a sentence's subject) and "fined it" (a verb's object) stand for the company or body the
# sentence before is about; "It was …", "It is unclear …" are no one.
IT_SUBJECT = re.compile(r"[\"“(]?It\b(?!\s+(?:is|was|has been|had been|will be|would be|remains|remained|seems|seemed|appears|appeared|"
                        r"may|might|could|should|must|can|took|takes|comes|came|is\s+not|was\s+not)\b)")
IT_OBJECT = re.compile(r"\b(?:[a-z]+ed|banned|fined|sued|barred|charged|accused|told|ordered)\s+(it)\b(?!\s+(?:was|is|had|has|would|will|to)\b)")
LEAD_SUBJECT = re.compile(r"\W*(?:(?:The|But|And|Meanwhile,?|However,?)\s+)?$")


def pronoun_mentions(doc: DocEntities, text: str, sentence: Sentence, si: int, before: Sentence) -> list[Mention]:
    """Mentions for "it" as a sentence's subject or a verb's object, standing for the subject of the sentence
    before when that is a company, bank or public body named at its start ("Ellwyn has had a harder time. The
    OCS fined it …")."""
    spots = []
    head = IT_SUBJECT.match(text, sentence.start)
    if head:
        spots.append((head.start() + (1 if text[head.start()] != "I" else 0), head.end()))
    spots += [(m.start(1), m.end(1)) for m in IT_OBJECT.finditer(text, sentence.start, sentence.end)]
    if not spots:
        return []
    named = sorted((m for m in doc.by_sentence[si - 1] if m.entity in doc.entities), key=lambda m: m.start)
    subject = named[0] if named else None
    if subject is None or doc.entities[subject.entity].type not in ORGS or not LEAD_SUBJECT.fullmatch(text, before.start, subject.start):
        return []
    out = []
    for start, end in spots:
        mention = Mention(start, end, text[start:end], doc.entities[subject.entity].type, "pronoun", -1, -1, si, key=subject.entity)
        mention.entity = subject.entity
        out.append(mention)
    return out


PARTY_NOUN = re.compile(r"\b[Tt]he (?P<role>Claimant|Defendant|Respondent|Appellant|Applicant)\b(?!\s*[,(]?\s*[A-Z\"“])")
PARTY_ROLES = {"claimant": "claimant", "applicant": "claimant", "appellant": "claimant", "defendant": "defendant", "respondent": "defendant"}


def party_mentions(view: SentenceView) -> list[Mention]:
    """Mentions for "the Applicant", "the Respondent" in a court paper that named its parties by those roles
    (see :func:`_court_parties`): each stands for that party wherever it is said."""
    out = []
    if not view.parties:
        return out
    for hit in PARTY_NOUN.finditer(view.text, view.sentence.start, view.sentence.end):
        ident = view.parties.get(PARTY_ROLES[hit.group("role").lower()])
        if ident is None or ident not in view.doc.entities or any(m.start < hit.end() and hit.start() < m.end for m in view.mentions):
            continue
        mention = Mention(hit.start() + 4, hit.end(), hit.group("role"), view.doc.entities[ident].type, "pronoun", -1, -1, view.si, key=ident)
        mention.entity = ident
        out.append(mention)
    return out


PARTICIPLES = frozenset("told sold bought held made seen taken given".split())


def _passive(view: SentenceView, start: int, end: int) -> bool:
    word = view.text[start:end].lower()
    if not (word.endswith(("ed", "en")) or word in PARTICIPLES):
        return False
    return bool(PASSIVE.search(view.text[max(view.sentence.start, start - 25) : start]))


BY_WORD = re.compile(r"\bby\b")


def _by_agent(view: SentenceView, pos: int, kinds: tuple[str, ...]) -> Mention | None:
    m = BY_WORD.search(view.text[pos : view.sentence.end])
    if not m:
        return None
    after = view.right(pos + m.end(), kinds)
    return after[0] if after else None


BY_BEFORE = re.compile(r"\bby\s+(?:the\s+)?$")


def by_agent_after(view: SentenceView, end: int, kinds: tuple[str, ...]) -> Mention | None:
    """The body named right after "by" later in a noun trigger's clause: "a penalty of €3 million was imposed on
    X by the Authority", "the ban on X by the Ministry", "X was hit with a fine by the Authority"."""
    for m in view.right(end, kinds):
        if CLAUSE_BREAK.search(view.text, end, m.start):
            return None
        if BY_BEFORE.search(view.text[max(end, m.start - 12) : m.start]):
            return m
    return None


def _actor(view: SentenceView, start: int, end: int, kinds: tuple[str, ...] = GOVERNMENT) -> tuple[Mention | None, bool]:
    """The agent of a trigger: after "by" in the passive, else the nearest one before it."""
    if _passive(view, start, end):
        agent = _by_agent(view, end, kinds)
        if agent is not None:
            return agent, True
    aside = RELATIVE_ASIDE.search(view.text, view.sentence.start, start)
    for m in reversed(view.items(kinds)):
        if m.end > start:
            continue
        if _describing(view, m) or _apposed_owner(view, m):
            continue  # "Teskarian chipmaker Veridane", "Quarn Bank, Ezaria's largest lender,": a state describing a noun is no agent
        if aside is not None and aside.start() <= m.start < aside.end():
            continue  # "X, which is based in Y, rejected …": Y is in an aside; X acts
        return m, False
    return None, False


# ", which is headquartered in Y," right before the verb: an aside about the subject before it.
RELATIVE_ASIDE = re.compile(r",\s+(?:which|who|whose)\b[^,;()]*,\s*(?:(?:has|had|have|also|then|later|quickly|swiftly)\s+)*$")


def money(text: str) -> tuple[str, str] | None:
    """(amount as a plain decimal, ISO currency) of the first sum of money in ``text``.

    >>> money("for US$2.3 billion")
    ('2300000000', 'USD')
    """
    for pattern, _ in MONEY:
        m = pattern.search(text)
        if not m:
            continue
        try:
            value = Decimal(m.group("num").replace(",", ""))
        except InvalidOperation:
            continue
        mult = (m.group("mult") or "").lower()
        value *= MULTIPLIER.get(mult, 1)
        amount = format(value.normalize(), "f")
        if "." in amount:
            amount = amount.rstrip("0").rstrip(".")
        return amount, CURRENCY.get(m.group("cur").lower(), m.group("cur").upper())
    return None


LEADING_DETERMINER = re.compile(r"^(?:its|their|the|a|an|his|her|some|all|of)\s+", re.I)


def _noun_phrase(text: str) -> str:
    """Clean a product or asset phrase: no leading article or possessive pronoun, no trailing punctuation."""
    text = LEADING_DETERMINER.sub("", text.strip())
    return text.strip(" ,.;:'\"").strip()


def trigger_hits(text: str, sentences: list[Sentence]) -> list[list[tuple[str, int, int, str]]]:
    """The triggers' matches in each sentence: (trigger, start, end, words), in trigger order. Each trigger
    runs once over the whole text; its matches are then dealt to sentences."""
    import bisect

    starts = [s.start for s in sentences]
    hits: list[list[tuple[str, int, int, str]]] = [[] for _ in sentences]
    low = text.lower()
    same_length = len(low) == len(text)  # lower-casing keeps every offset (it does unless a letter like "İ" grows)
    lowered = {predicate: _lowered(trigger) for predicate, trigger in TRIGGERS.items()} if same_length else {}
    joined = tuple(pattern for pattern in lowered.values() if pattern is not None and _joinable(pattern))
    # A scan of the text costs the same for a rare trigger as for a common one: one scan for them all finds
    # the few places where some trigger matches, and each is then tried there only.
    places = [m.start() for m in _anywhere(joined).finditer(low)] if joined else []
    for predicate, trigger in TRIGGERS.items():
        pattern = lowered.get(predicate)
        if pattern is None:
            found = _fast(trigger).finditer(text)
        else:
            found = _matches_at(pattern, low, places) if pattern in joined else pattern.finditer(low)
        for m in found:
            si = bisect.bisect_right(starts, m.start()) - 1
            if si >= 0 and m.end() <= sentences[si].end:
                hits[si].append((predicate, m.start(), m.end(), text[m.start() : m.end()]))
    return hits


@cache
def _joinable(pattern: re.Pattern[str]) -> bool:
    """Whether a trigger can join :func:`_anywhere`'s scan: it starts at a word boundary with one of the
    letters its text shows, and has no groups to number and no flags of its own."""
    firsts = first_chars(pattern.pattern)
    return (pattern.pattern.startswith(r"\b") and firsts is not None and all(c.isalpha() for c in firsts)
            and not pattern.groups and pattern.flags == re.UNICODE)


@cache
def _anywhere(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str]:
    """A match of one letter wherever any of ``patterns`` matches: each is a look-ahead, tried only at a letter
    it can begin with, so a word's start costs the few triggers of its first letter, not all of them. Each
    letter's branch begins with the letter, which the engine compares before it enters the branch, and then
    looks back to it to try its triggers there."""
    by_letter: dict[str, list[str]] = {}
    for p in patterns:
        for c in sorted(first_chars(p.pattern)):
            by_letter.setdefault(c, []).append(f"(?={p.pattern})")
    branches = [f"{c}(?<=(?:{'|'.join(ahead)}){c})" for c, ahead in sorted(by_letter.items())]
    return re.compile(r"\b(?:" + "|".join(branches) + ")")


def _matches_at(pattern: re.Pattern[str], text: str, places: list[int]):
    """``pattern.finditer(text)`` when ``places`` (in order) holds every position it can match at: the same
    matches, each the first at or after the end of the one before (a joined trigger begins with a letter, so
    it never matches the empty string)."""
    end = 0
    for place in places:
        if place >= end and (m := pattern.match(text, place)) is not None:
            end = m.end()
            yield m


# A trigger in a clause of "whether …" or "if …" is a question or a condition, not something that happened.
UNASSERTED = re.compile(r"\b(?<!even )(?:whether|if)\b[^,;:.\"“”]*$", re.I)


def own_name_free(doc: DocEntities, si: int, hits: list[tuple[str, int, int, str]]) -> list[tuple[str, int, int, str]]:
    """The trigger hits of sentence ``si`` outside the names of its organisations: a word of a body's own name
    ("Office of Strategic Export Control") is no event."""
    names = [(m.start, m.end) for m in doc.by_sentence[si] if m.source not in ("coref", "group") and m.entity in doc.entities
             and doc.entities[m.entity].type in ORGS]
    return [hit for hit in hits if not any(a <= hit[1] and hit[2] <= b for a, b in names)]


def find_events(doc_id: str, text: str, sentences: list[Sentence], doc: DocEntities, dates: list[list[DateMention]], published: str,
                hits: list[list[tuple[str, int, int, str]]] | None = None) -> list[Event]:
    """Every event of a document, merged and numbered (``hits``: :func:`trigger_hits`, if already found)."""

    events: list[Event] = []
    hits = trigger_hits(text, sentences) if hits is None else hits
    parties = _court_parties(text, doc)
    for si, sentence in enumerate(sentences):
        if not hits[si]:
            continue
        view = SentenceView(doc, text, sentence, si, sentences[si - 1] if si else None)
        view.parties, view.events, view.published, view.sentences = parties, events, published, sentences
        view.mentions += party_mentions(view)
        local: dict[str, list[Event]] = {}
        for predicate, start, end, word in own_name_free(doc, si, hits[si]):
            if predicate == "Review" and _continue_review(events, view, start, end):
                continue
            if predicate != "Review" and UNASSERTED.search(text, sentence.start, start):
                continue  # "would examine whether they had tested the update": asked about, not told as done
            event = RULES[predicate](view, start, end, word.lower())
            if event is None:
                continue
            # A second event of a kind in one sentence only when it has other participants; one naming more replaces it.
            same = local.get(predicate, [])
            if any(e.participants() >= event.participants() for e in same):
                continue
            same[:] = [e for e in same if not e.participants() < event.participants()]
            event.sentence = si  # a rule may name a narrower class than its trigger's ("Fine", "Ban")
            event.start, event.end = sentence.start, sentence.end
            event.method = event.method or f"rule:{predicate.lower()}-pattern"
            near = nearest_date(dates[si], start)
            if near is not None:
                event.date, event.date_explicit = near.value, True
            local.setdefault(predicate, []).append(event)
        _link_in_sentence(local, view)
        for group in local.values():
            for event in group:
                _merge_or_add(events, event, view)
    events = _across_sentences(events, doc, text, sentences)
    events = [e for e in events if e.predicate not in ("Outage", "Incident") or len(e.participants() - set(e.roles.get("actor", []))) >= 2]
    _reviews_ordered(events, text)
    _fined_by_next(events, doc, text, sentences)
    _number(events, doc_id)
    for event in events:
        if event.date is None:
            # Reported as news on the day of publication: the month is a fair, weak date.
            event.date = published[:7]
    return events


# "told three lenders to assess how heavily they rely on X", "ordered banks to report their dependence on X".
ORDERED_REVIEW = re.compile(r"\bto\s+(?:assess|review|report(?:\s+on)?|examine|map|evaluate|audit|explain|document|disclose|detail)\b"
                            r"[^.;]{0,80}?\b(?:rel(?:y|ies|ied|iance|iant)|depend\w*|exposure)\b", re.I)


def _reviews_ordered(events: list[Event], text: str) -> None:
    """An order to assess one's reliance on a vendor is also a review of that reliance: by the body that gave
    the order, of those it told, about the vendor."""
    for event in list(events):
        vendors = event.roles.get("concernsVendor") or event.roles.get("replacedVendor") or []
        subjects = [t for t in event.roles.get("target", []) if t not in vendors]
        if event.predicate != "Directive" or not event.roles.get("actor") or not subjects or not vendors \
                or not ORDERED_REVIEW.search(text, event.start, event.end):
            continue
        if any(e.predicate == "Review" and set(e.roles.get("reviewSubject", [])) & set(subjects) for e in events):
            continue  # the story tells the review itself
        review = Event("Review", event.sentence, event.start, event.end, date=event.date, date_explicit=event.date_explicit,
                       confidence=event.confidence, method="rule:ordered-review")
        review.roles = {"reviewer": list(event.roles["actor"]), "reviewSubject": subjects, "concernsVendor": list(vendors)}
        review.main = "reviewSubject"
        events.insert(events.index(event) + 1, review)


FINE_TOLD = re.compile(r"\b(?:fine[sd]?|penalt(?:y|ies)|pay|paid|settle[sd]?|settlement)\b", re.I)


def _fined_by_next(events: list[Event], doc: DocEntities, text: str, sentences: list[Sentence]) -> None:
    """"Three lenders have been fined A$6.55 million … The Prudential Authority said on Thursday that A would pay …":
    a fine told without who imposed it is by the public body the next sentence names first, when that sentence
    is about the fine too."""
    for event in events:
        if event.predicate not in ("Fine", "Penalty", "Settlement") or event.roles.get("actor") or event.sentence + 1 >= len(sentences):
            continue
        after = sentences[event.sentence + 1]
        if not FINE_TOLD.search(text, after.start, after.end) and money(text[after.start : after.end]) is None:
            continue
        body = next((m for m in sorted(doc.by_sentence[event.sentence + 1], key=lambda m: m.start) if m.entity in doc.entities
                     and doc.entities[m.entity].type == "Regulator" and not doc.entities[m.entity].weak), None)
        if body is not None and body.entity not in event.participants():
            event.add("actor", body.entity)


def _across_sentences(events: list[Event], doc: DocEntities, text: str, sentences: list[Sentence]) -> list[Event]:
    """The passes that complete events from other sentences of the story (lists, groups, scope, victims)."""
    _accused_named(events, doc, text, sentences)
    _among_listed(events, doc, text, sentences)
    _following_listed(events, doc, text, sentences)
    _attribution(events, doc, text, sentences)
    _denied_allegations(events, doc, text, sentences)
    events = _counted_listings(events, doc)
    _counted_groups(events, doc, text, sentences)
    _retaliating_restrictions(events, text, sentences)
    _ordered_items(events, doc, text, sentences)
    _hack(events, doc, text, sentences)
    _review_scope(events, doc, text, sentences)
    _report_handed(events, doc, text, sentences)
    _incident_victims(events, doc, text, sentences)
    _deal_review(events, doc, text, sentences)
    events = _unnamed_review_subjects(events, doc)
    events = _suspended_trials(events)
    return [e for e in events if not _penalty_investigation(e, events, doc)]


@cache
def _fast(trigger: re.Pattern[str]) -> re.Pattern[str]:
    return _first_letters(trigger)


FIRST_LETTERS_SOURCE = re.compile(r"\\b\(\?=\[([A-Za-z]+)\]")
CAPITAL_LETTER = re.compile("[A-Z]")
ESCAPE_SEQUENCE = re.compile(r"\\.")


@cache
def _lowered(trigger: re.Pattern[str]) -> re.Pattern[str] | None:
    """The trigger as a case-sensitive pattern for lower-cased text, which Python's engine runs faster than an
    ignore-case one; None for a pattern that names capitals (it means them) or is case-sensitive already."""
    fast = _fast(trigger)
    ahead = FIRST_LETTERS_SOURCE.match(fast.pattern)  # _first_letters' look-ahead
    rest = fast.pattern[ahead.end() :] if ahead else fast.pattern
    if not fast.flags & re.I or CAPITAL_LETTER.search(ESCAPE_SEQUENCE.sub("", rest)):
        return None
    letters = r"\b(?=[" + "".join(sorted({c.lower() for c in ahead.group(1)})) + "]" if ahead else ""
    return re.compile(letters + rest, fast.flags & ~re.I)


IMPACT = re.compile(r"\b(?:outages?|went (?:down|offline|dark)|offline|stopp(?:ed|ing)|halted|grounded|disrupt(?:ed|ion|ions)|"
                    r"crash(?:ed|es|ing)?|froze|frozen|unable|knocked|went blank|unavailable|cancell?ed|delayed|locked out|"
                    r"failed|failure|hit by|affected|breach(?:ed)?|compromised|stolen)\b", re.I)


HACK = re.compile(r"\b(?:hack(?:s|ed|ing)?|intru(?:sion|sions|ders?|ded)|breach(?:es|ed)?|break-in|"
                  r"cyber-?attacks?|exploit(?:ed|ing)?|foothold|stole|stolen|evicted|unauthori[sz]ed access|"
                  r"(?:gain\w*|obtain\w*|got|get\w*)\s+(?:\w+\s+)?(?:access|into)|broke into|breaking into|exfiltrat\w+)\b", re.I)
# "the FairGate remote-access appliance": a product named by its brand is no victim of the hack.
PRODUCT_NOUN = re.compile(r"\s+(?:[\w-]+\s+){0,2}?(?:appliances?|apps?|application|software|platform|devices?|routers?|firewalls?|servers?|"
                          r"products?|systems?|service|tool|suite|gateway|module)\b", re.I)


SAID_OR_TOLD_AFTER = re.compile(r"\s*(?:said|says|told)\b")


def _hack(events: list[Event], doc: DocEntities, text: str, sentences: list[Sentence]) -> None:
    """A story of charges over a hack: the accused broke into the companies and banks named in the
    sentences about the intrusion. One Incident gathers them, with the vendor whose systems were used."""
    charges = next((e for e in events if e.predicate == "Indictment"), None)  # the story's own, not older cases
    # The hack's actor is the accused as the story counts them ("five nationals"), else as it names them.
    accused = (charges.groups or charges.roles.get("target", [])) if charges is not None else []
    if not accused or any(e.predicate in ("Outage",) for e in events):
        return
    hit = [si for si, s in enumerate(sentences) if HACK.search(text, s.start, s.end)]
    if len(hit) < 2:
        return
    incident = next((e for e in events if e.predicate == "Incident"), None)
    if incident is None:
        incident = Event("Incident", hit[0], sentences[hit[0]].start, sentences[hit[0]].end, confidence=0.5,
                         method="rule:incident-of-indictment")
        events.append(incident)
    for v in accused:
        incident.add("actor", v)
    for si in hit:
        for m in doc.by_sentence[si]:
            entity = doc.entities.get(m.entity) if m.entity else None
            if entity is None or entity.id in accused or entity.weak:
                continue
            if entity.type in ("Bank", "Organization") and not SAID_OR_TOLD_AFTER.match(text[m.end : m.end + 10]) \
                    and not PRODUCT_NOUN.match(text, m.end):
                incident.add("target", entity.id)
            elif entity.type == "Vendor":
                incident.add("concernsVendor", entity.id)
    incident.roles["target"] = [t for t in incident.roles.get("target", []) if t not in accused]


# "Nettlecourt Software's Sentry security agent", "makes Sentry": a name owned or made by a company is a product.
PRODUCT_OF = re.compile(r"\b(?:makes|made|sells|sold|develops|developed|supplies|supplied|ships)\s+(?:its\s+)?$")
DEFENCE = re.compile(r"\b(?:detect\w*|prevent\w*|block\w*|stop\w*|(?:protect\w*|defen[cd]\w*|guard\w*) (?:against|from))\s+(?:[\w-]+\s+)?$", re.I)


# "the FairGate remote-access appliance": a name before a word for a kind of product (not "systems": "Nordwing Air
# systems went down" names a victim).
PRODUCT_KIND = re.compile(r"\s+(?:[\w-]+\s+){0,2}?(?:appliances?|apps?|application|agent|firewalls?|routers?|platform|suite|gateway|"
                          r"module|sensors?|handsets?|chips?)\b", re.I)


POSSESSIVE_BEFORE = re.compile(r"['’]s\s+$")


def _product_of(text: str, m: Mention, doc: DocEntities) -> bool:
    """Whether a name is a product: made or owned by a vendor, or followed by a word for a kind of product."""
    if PRODUCT_OF.search(text, max(0, m.start - 40), m.start):
        return True
    if m.entity in doc.entities and doc.entities[m.entity].type == "Organization" and PRODUCT_KIND.match(text, m.end):
        return True
    owner = POSSESSIVE_BEFORE.search(text[max(0, m.start - 4) : m.start])
    return owner is not None and any(v.end == m.start - len(owner.group(0)) and v.entity in doc.entities
                                     and doc.entities[v.entity].type == "Vendor" for v in doc.by_sentence[m.sentence])


CUSTOMERS_OF = re.compile(r"\b(?:customers|clients|users|members|depositors|account holders|passengers)\s+of\s+(?:the\s+)?$", re.I)


def _customers_of(doc: DocEntities, text: str, sentences: list[Sentence], si: int) -> list[str]:
    """"records of about 212,000 customers of A and B", in the sentence of an outage or breach or the next: the
    banks and companies whose customers it reached (A, and those listed with it)."""
    for k in (si, si + 1):
        if k >= len(sentences):
            break
        named = sorted((m for m in doc.by_sentence[k] if m.entity in doc.entities and doc.entities[m.entity].type in ("Bank", "Organization")),
                       key=lambda m: m.start)
        for i, m in enumerate(named):
            if CUSTOMERS_OF.search(text, max(sentences[k].start, m.start - 40), m.start):
                found = [m]
                for n in named[i + 1 :]:
                    if not LIST_SEPARATOR.fullmatch(text[found[-1].end : n.start]):
                        break
                    found.append(n)
                return list(dict.fromkeys(x.entity for x in found))
    return []


SAID_OR_ADDED_AFTER = re.compile(r"\s*(?:said|says|told|added)\b")


def _incident_victims(events: list[Event], doc: DocEntities, text: str, sentences: list[Sentence]) -> None:
    """An outage or breach named with its vendor hit the banks and companies the story names in
    sentences about its effects ("card terminals at Oskebank had stopped", "Nordwing Air had grounded
    every departure"): they join the first such event as targets."""
    for event in events:
        if event.predicate in ("Outage", "Incident") and not event.roles.get("target"):
            for ident in _customers_of(doc, text, sentences, event.sentence):
                event.add("target", ident)
    main = next((e for e in events if e.predicate in ("Outage", "Incident") and e.roles.get("concernsVendor")), None)
    if main is None:
        return
    vendors = set(main.roles.get("concernsVendor", []))
    for si, sentence in enumerate(sentences):
        if not IMPACT.search(text, sentence.start, sentence.end):
            continue
        for m in doc.by_sentence[si]:
            entity = doc.entities.get(m.entity) if m.entity else None
            if entity is not None and entity.type in ("Bank", "Organization") and entity.id not in vendors and not _product_of(text, m, doc) \
                    and not SAID_OR_ADDED_AFTER.match(text[m.end : m.end + 12]):
                main.add("target", entity.id)


def nearest_date(found: list[DateMention], pos: int) -> DateMention | None:
    """The date mention nearest ``pos`` (the earlier one on a tie), if any."""
    if not found:
        return None
    return min(found, key=lambda d: (abs(d.start - pos), d.start))




def _link_in_sentence(local: dict[str, list[Event]], view: SentenceView) -> None:
    """Retaliation, suspension and protest answer an indictment or accusation said in the same sentence."""
    causes = local.get("Indictment") or local.get("Accusation")
    if causes:
        for kind in ("Retaliation", "Suspension", "Protest"):
            for event in local.get(kind, []):
                event.roles.setdefault("inResponseTo", []).append(f"@{causes[0].predicate}")


def _merge_or_add(events: list[Event], event: Event, view: SentenceView) -> None:
    """Merge ``event`` into an earlier one of its kind that shares its main participants."""
    keys = {"Review": ("reviewer", "concernsVendor", "reviewSubject"), "Directive": ("replacedVendor",), "Dispute": ("party",),
            "Indictment": ("actor", "target"), "Accusation": ("actor", "target"), "Trial": ("actor", "concernsVendor"),
            "Acquisition": ("buyer", "seller"), "Restriction": ("target",), "Ban": ("target",), "ExportControl": ("target",),
            "EntityListing": ("target",), "ThreatDesignation": ("target",), "ProcurementExclusion": ("target",),
            "Fine": ("actor", "target"), "Settlement": ("actor", "target"), "Penalty": ("actor", "target"),
            "Outage": ("target", "concernsVendor"), "Incident": ("target", "concernsVendor"), "Denial": ("actor",),
            "DivestitureOrder": ("target",), "Lawsuit": ("actor", "target"), "CourtRuling": ("actor", "target")}.get(event.predicate)
    for earlier in reversed(events):
        if earlier.predicate != event.predicate or keys is None:
            continue
        shared = all(not event.roles.get(k) or not earlier.roles.get(k) or set(event.roles[k]) & set(earlier.roles[k]) for k in keys)
        overlap = any(set(event.roles.get(k, [])) & set(earlier.roles.get(k, [])) for k in keys)
        if event.predicate == "Dispute":
            # A story is mostly about one dispute: parties in common make it the same one.
            shared = overlap = bool(set(event.roles.get("party", [])) & set(earlier.roles.get("party", [])))
        if shared and overlap:
            # The sentence with more participants is the better evidence.
            if len(event.participants()) > len(earlier.participants()):
                earlier.start, earlier.end, earlier.sentence = event.start, event.end, event.sentence
            for role, values in event.roles.items():
                if role in LITERAL_ROLES:
                    # One value: the longer wording is the more informative one.
                    if not earlier.roles.get(role) or len(values[0]) > len(earlier.roles[role][0]):
                        earlier.roles[role] = list(values[:1])
                    continue
                for v in values:
                    earlier.add(role, v)
            if event.date_explicit and not earlier.date_explicit:
                earlier.date, earlier.date_explicit = event.date, True
            earlier.confidence = min(0.95, max(earlier.confidence, event.confidence) + 0.05)
            return
    events.append(event)


def event_id(doc_id: str, predicate: str, n: int) -> str:
    """The id of a document's ``n``-th event of ``predicate``: the document id (cut to keep the id short), the class, n."""
    prefix = doc_id[: 80 - len(predicate) - 6].rstrip("-")
    return f"{prefix}-{predicate.lower()}-{n}"


def _number(events: list[Event], doc_id: str) -> None:
    counts: dict[str, int] = {}
    for event in events:
        counts[event.predicate] = counts.get(event.predicate, 0) + 1
        event.id = event_id(doc_id, event.predicate, counts[event.predicate])
    for event in events:
        for role in ("inResponseTo",):
            refs = event.roles.get(role, [])
            resolved: list[str] = []
            for ref in refs:
                if ref.startswith("@"):
                    target = _latest(events, ref[1:], event)
                    if target is not None and target.id not in resolved:
                        resolved.append(target.id)
                elif ref not in resolved:
                    resolved.append(ref)
            if resolved:
                event.roles[role] = resolved
            else:
                event.roles.pop(role, None)


def _latest(events: list[Event], predicate: str, before: Event) -> Event | None:
    best = None
    for e in events:
        if e.predicate == predicate and e.sentence <= before.sentence:
            best = e
    if best is None:
        best = next((e for e in events if e.predicate == predicate), None)
    return best


# ---------------------------------------------------------------- rules


# "submitted its findings to X", "will report to X": who receives a review's results, not who reviews ("the SCDA,
# which reports to the ministry" is the body's place in government: see relations.PART_OF).
REPORTS_TO = re.compile(r"(?<!\bwhich )(?<!\bthat )(?<!\bwho )\b(?:submit\w*|report\w*|sen[dt]s?|sending|present\w*|deliver\w*|hand\w*|refer\w*)\s+(?:(?:its|their|the|her|his)\s+"
                        r"(?:[\w-]+\s+)?(?:findings|results|report|conclusions|assessment|review)\s+)?to\b|"
                        # "shared the full findings of the review with X", "briefed X on its findings"
                        r"\bshar(?:e|es|ed|ing)\s+(?:its|their|the)\s+(?:[\w-]+\s+)?(?:findings|results|report|conclusions|assessment)"
                        r"(?:\s+of\s+(?:the|its|their)\s+(?:[\w-]+\s+)?(?:review|assessment|audit|inquiry|investigation))?\s+with\b", re.I)
# "urged the government to examine …", "directed the bank to commission an independent review": a review asked for.
ASKED_TO = re.compile(r"\b(?:urg|ask|call\w* on|direct|order|instruct|requir|press|push|want)\w*\b(?P<whom>[^.;:]{0,100}?)\bto\s+(?:[\w-]+\s+){0,4}$", re.I)
# "after the botched migration at Lunebourg Savings Bank": a bank named in a clause of time is no subject of the review.
TIME_CLAUSE = re.compile(r"\b(?:after|following|since|amid|when)\b[^,;]*\b(?:at|in|of)\s+(?:the\s+)?$", re.I)
# "at the request of the Standing Committee", "commissioned by the Ministry of Finance": who asked for a review.
REQUESTED_BY = re.compile(r"\b(?:at the (?:request|behest|instigation) of|(?:requested|commissioned|ordered|sought|referred) by|on behalf of|"
                          r"(?:following|after|on) (?:the|a) referral (?:of|by|from))\s+"
                          r"(?:the\s+)?(?:[\w-]+['’]s\s+)?$", re.I)
# "the government said it would examine …", not "government phones" or "central government departments".
GOVERNMENT_NOUN = re.compile(r"\bgovernment\b(?!\s+(?:phones?|devices?|computers?|laptops?|tablets?|agenc\w+|departments?|ministr\w+|"
                             r"bodies|offices?|networks?|systems?|contracts?|procurement|officials?|use|data|work|users?|IT)\b)", re.I)
# "the review", "this assessment", "It examined …": a review named again.
DEFINITE = re.compile(r"\b(?:the|this|that)\s+(?:[\w-]+\s+){0,2}$", re.I)
PRONOUN_SUBJECT = re.compile(r"^\W*It\s+(?:has\s+|had\s+|also\s+|will\s+)?$")
DONE_BY = re.compile(r"\b(?:carried out|conducted|led|performed|undertaken|done|run|handled)\s+by\s+(?:the\s+)?$", re.I)


REVIEW_BACK_REFERENCE = re.compile(r"\b(?:it|its|the)\s+(?:\w+\s+)?(?:review|probe|investigation|inquiry|audit|evaluation|assessment)\b|\b(?:it|its)\b")
DEPENDENCY_WORD = re.compile(r"\b(?:rel(?:y|ies|iance)|depend\w*|suppl(?:ier|iers|y)|vendors?|outsourc\w*|software|cloud|update|outage|failure)\b", re.I)


def _review(view: SentenceView, start: int, end: int, word: str) -> Event | None:
    """"The FSAB opened a review of the reliance of Belisande's five largest banks on Stratalume", "It says it
    will review how banks depend on Sentrovane … and will report to the Ministry of Finance": the body that
    reviews, the banks or companies reviewed, the vendor they rely on, and who gets the results."""
    prefix = view.text[view.sentence.start : start]
    asked = ASKED_TO.search(prefix)
    receivers = _sentence_receivers(view)
    asker = _asked_from(view, start, end)
    if asker is not None:
        receivers = [*receivers, asker]  # "The Committee requested a technical assessment from the NCC": it gets the results
    regulators, objects = _reviewed_bodies(view, start, end, word, _reviewers(view, start, end, receivers))
    if asked:
        # A review asked of a public body is that body's; one asked of a company or a government is not under way.
        lo = view.sentence.start + asked.start("whom")
        asked_of = [m for m in regulators if lo <= m.start and m.end <= view.sentence.start + asked.end("whom")]
        if not asked_of:
            return None
        regulators = asked_of[:1]
    if not regulators:
        regulators = [m for m in view.items(("Regulator",)) if m.source == "collective" and m not in receivers]
    if not regulators and not SPOKE_OF.search(prefix) and REVIEW_BACK_REFERENCE.search(view.text[max(view.sentence.start, start - 40) : start]):
        # "its review", "it opened an inquiry": the body named just before ("The centre began its review": the
        # last body whose name ends in "Centre").
        regulators = _named_by_head(view) or _recent(view, ("Regulator",))
    if not regulators and GOVERNMENT_NOUN.search(prefix):  # "the government said it would examine …", not "… the X government"
        home = view.doc.home
        event = Event("Review", view.si, start, end, confidence=0.5)
        event.add("reviewer", home)
    else:
        event = Event("Review", view.si, start, end, confidence=0.7)
        for r in regulators:
            event.add("reviewer", view.participant(r))
    for m in receivers:
        event.add("resultsSubmittedTo", view.participant(m))
    for m in objects:
        event.add("reviewSubject", view.participant(m))
    _review_parties(view, event, end, receivers)
    for m in _supplied_to(view, end):
        if view.participant(m) not in event.participants():
            event.add("reviewSubject", view.participant(m))
    if event.roles.get("reviewer") and not event.roles.get("concernsVendor") and DEPENDENCY_WORD.search(view.part()):
        main = _story_vendor(view)  # "a review of how banks depend on suppliers": the story's vendor
        if main is not None and main not in event.roles.get("reviewer", []):
            event.add("concernsVendor", main)
    if not event.roles.get("reviewer") or (" to " in word and not event.roles.get("concernsVendor")):
        return None  # a survey is a review only of the use of a vendor named
    if not (event.roles.get("reviewSubject") or event.roles.get("concernsVendor")):
        # "the investigation" after charges or a fine is that case's, not a review of its own.
        told = DEFINITE.search(prefix[-40:]) and not word.endswith("ed") \
            and any(e.predicate in ("Indictment", "Lawsuit", "Fine", "Penalty", "Settlement") for e in view.events)
        under_way = asker is not None or UNDER_WAY.search(view.text, max(view.sentence.start, start - 60), min(view.sentence.end, end + 60))
        if not any(r.source != "collective" for r in regulators) or told or not under_way:
            return None
        event.pending = True  # "the CFIA opened an in-depth investigation into it": whom it concerns is said elsewhere
    event.main = "reviewSubject" if event.roles.get("reviewSubject") else "concernsVendor"
    return event


# "… the equipment supplied by Zinnoway to the mobile operators Cinnamar Mobile and Lunecourt Telecom".
SUPPLIED_TO = re.compile(r"\b(?:supplied|sold|provided|delivered)\s+by\b(?:" + _IN_CLAUSE + r"(?<!;)){1,80}?\bto\s+(?:the\s+)?"
                         r"(?:[a-z-]+\s+){0,3}?(?=[A-Z])")


def _supplied_to(view: SentenceView, end: int) -> list[Mention]:
    """The companies that a review's goods, named after its trigger, were supplied to: they are what is reviewed."""
    told = SUPPLIED_TO.search(view.text, end, view.sentence.end)
    if told is None:
        return []
    first = [m for m in view.right(told.end(), ("Bank", "Organization"), collectives=False) if m.start == told.end()][:1]
    return _listed(view, first[0]) if first else []


MODAL_BEFORE = re.compile(r"\b(?:will|would|to|shall|must|may|can)\s+$")


def _reviewed_bodies(view: SentenceView, start: int, end: int, word: str, regulators: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """"The Committee is investigating the Ministry of Health's contract": after an active verb whose subject is a
    body, the bodies after the verb are reviewed, not reviewing (the reviewers, then the reviewed)."""
    finite = word.endswith(("ing", "ed", "es")) or MODAL_BEFORE.search(view.text[max(view.sentence.start, start - 8) : start])
    if finite and not _passive(view, start, end) and any(m.end <= start for m in regulators):
        return [m for m in regulators if m.end <= start], [m for m in regulators if m.start >= end]
    return regulators, []


SPOKE_OF = re.compile(r"\b(?:said|says|called|described|told \w+)\s+(?:that\s+)?(?:the|this)\s+(?:[\w-]+\s+){0,2}$", re.I)


def word_is_verb(word: str) -> bool:
    return word.lower().endswith(("ed", "ing", "es")) or word.lower() in ("review", "audit", "examine", "investigate", "probe", "assess")


POSSESSIVE_GAP = re.compile(r"['’]s\s+")
OF_OR_BY_AFTER = re.compile(r"\s+(?:of|by)\s+(?:the\s+)?")
POSSESSIVE_AND_WORD_GAP = re.compile(r"['’]s\s+(?:[\w-]+\s+)?")
BY_GAP = re.compile(r"\s+by\s+")
POSSESSIVE_AFTER = re.compile(r"['’]s\s")


def _reviewers(view: SentenceView, start: int, end: int, receivers: list[Mention]) -> list[Mention]:
    """The public bodies of a review sentence that may review: not those who get the results, asked for it, or
    only speak of it ("BST said", "X's Foreign Ministry said the investigation was …"); after "investigated by",
    the bodies named there ("by BST's Office of Export Enforcement with assistance from the Customs Service")."""
    users = _users(view, end)
    regulators = view.items(("Regulator",), collectives=False)
    # "the CBE's Prudential Supervision Directorate": the unit reviews, not also the body it belongs to.
    owners = [m for m in regulators if any(POSSESSIVE_GAP.fullmatch(view.text[m.end : o.start]) for o in regulators if o.start > m.end)]
    found = [m for m in regulators if m not in receivers and m not in users and m not in owners
             and not REQUESTED_BY.search(view.text, max(view.sentence.start, m.start - 40), m.start)
             and not (m.start >= end and SAID_AFTER.match(view.text, m.end, view.sentence.end))
             and not (m.end <= start and SPOKE_OF.search(view.text, m.end, start))]
    of = OF_OR_BY_AFTER.match(view.text[end : end + 10])
    named = [m for m in found if of is not None and m.start == end + of.end()] or \
        [m for m in found if POSSESSIVE_AND_WORD_GAP.fullmatch(view.text[m.end : start])]  # "the Directorate's assessment"
    if named and not word_is_verb(view.text[start:end]):
        return named  # "the assessment of the National Cyber Security Directorate", "the Directorate's assessment": its author
    by = BY_GAP.match(view.text[end : end + 6]) if _passive(view, start, end) else None
    if by or _asked_from(view, start, end) is not None:
        agents = [m for m in found if m.start >= end and not POSSESSIVE_AFTER.match(view.text[m.end : m.end + 3])]
        return agents or found
    return found


ASKED_FOR = re.compile(r"\b(?:request\w*|commission\w*|sought|seek\w*|ask\w* for|order\w*)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}$", re.I)


FROM_AFTER = re.compile(r"\s+from\s")


def _asked_from(view: SentenceView, start: int, end: int) -> Mention | None:
    """The body that asks a review "from" another ("The Committee requested a technical assessment from the NCC")."""
    if not (ASKED_FOR.search(view.text, max(view.sentence.start, start - 60), start) and FROM_AFTER.match(view.text[end : end + 7])):
        return None
    return view.left(start, ("Regulator", "Country"), collectives=False)


# A review said to be under way or done, with what it is ("a national security review by X", "opened an investigation").
UNDER_WAY = re.compile(r"\b(?:open(?:s|ed|ing)?|launch(?:es|ed|ing)?|announc(?:e|es|ed|ing)|beg[au]n|began|start(?:s|ed|ing)?|conduct(?:s|ed|ing)?|carr(?:y|ies|ied) out|"
                       r"complet(?:e|es|ed|ing)|conclud(?:e|es|ed|ing)|follow(?:s|ed|ing)|after|submit(?:s|ted)? (?:its|their|the))\b|\b(?:investigat|review|examin|audit|assess)ed by\b|\bsecurity (?:review|assessment|evaluation)\b|"
                       r"\b(?:national[- ]security|in-depth|screening|investment)\b[^.;]{0,30}\b(?:review|investigation|assessment|inquiry)", re.I)
DEAL_ROLES = (("buyer", "reviewSubject"), ("seller", "concernsVendor"), ("asset", "concernsVendor"))


DEAL_WORD = re.compile(r"\b(?:transaction|takeover|acquisition|deal|bid|merger|purchase|buyout)\b", re.I)


def _deal_review(events: list[Event], doc: DocEntities, text: str, sentences: list[Sentence]) -> None:
    """"The transaction was notified to the Authority, and the CFIA opened an investigation into it": a review
    whose sentence speaks of the story's deal is of both its parties (the buyer reviewed, the company bought
    concerned)."""
    deal = next((e for e in events if e.predicate == "Acquisition" and e.roles.get("buyer") and (e.roles.get("seller") or e.roles.get("concernsVendor"))), None)
    if deal is None:
        return
    for review in events:
        sentence = sentences[review.sentence]
        if review.predicate != "Review" or review.sentence < deal.sentence or not DEAL_WORD.search(text, sentence.start, sentence.end):
            continue
        parties = review.participants()
        for source, role in DEAL_ROLES:
            for v in deal.roles.get(source, []):
                if v in doc.entities and v not in parties and v not in review.roles.get("reviewer", []):
                    review.add(role, v)
                    parties.add(v)
        review.main = "reviewSubject" if review.roles.get("reviewSubject") else "concernsVendor"


def _unnamed_review_subjects(events: list[Event], doc: DocEntities) -> list[Event]:
    """"The decision followed a national security review by the CFIRO", "the CFIA opened an in-depth investigation
    into it": a review under way whose sentence names no one reviewed concerns the vendor of an earlier review
    by a body it shares, else it is a screening of the story's deal (its buyer reviewed, the company bought
    concerned), else a review of the story's main vendor; with none of these it is dropped."""
    deal = next((e for e in events if e.predicate == "Acquisition" and e.roles.get("buyer")), None)
    main = _main_vendor(doc)
    kept: list[Event] = []
    for event in events:
        if event.pending and not (event.roles.get("reviewSubject") or event.roles.get("concernsVendor")):
            # "The Committee requested a technical assessment from the NCC": part of the Committee's review, of its vendor.
            linked = next((e for e in reversed(kept) if e.predicate == "Review" and e.roles.get("concernsVendor")
                           and set(e.roles.get("reviewer", [])) & event.participants()), None)
            if linked is not None:
                for v in linked.roles["concernsVendor"]:
                    event.add("concernsVendor", v)
            elif deal is not None:
                for source, role in DEAL_ROLES:
                    for v in deal.roles.get(source, []):
                        if v in doc.entities:
                            event.add(role, v)
            elif main is not None and main not in event.roles.get("reviewer", []):
                event.add("concernsVendor", main)
            if not (event.roles.get("reviewSubject") or event.roles.get("concernsVendor")):
                continue
            event.main = "reviewSubject" if event.roles.get("reviewSubject") else "concernsVendor"
        kept.append(event)
    return kept


# "the Standing Committee, which received the full, classified report": who got a review's results, named before.
RECEIVED = re.compile(r",?\s+(?:which|who|that)\s+(?:has\s+|had\s+|will\s+|also\s+)?(?:receiv(?:e|es|ed)|ha[sd] (?:seen|been given))\s+"
                      r"(?:the|its|their|a)\s+(?:[\w,-]+\s+){0,3}?(?:report|findings|results|conclusions)\b", re.I)


def _sentence_receivers(view: SentenceView) -> list[Mention]:
    """The bodies a review sentence says get the results: after "report to" or before "which received the report"."""
    reports = REPORTS_TO.search(view.text, view.sentence.start, view.sentence.end)
    found = results_receivers(view, reports.end()) if reports else []
    for m in view.items(("Regulator", "Organization", "Country"), collectives=False):
        if m not in found and RECEIVED.match(view.text, m.end, view.sentence.end):
            found.append(m)
    return found


AND_GAP = re.compile(r"[\s,]*(?:and|as well as)\s+(?:to\s+|with\s+)?(?:the\s+)?")


def results_receivers(view: SentenceView, pos: int) -> list[Mention]:
    """The bodies after "report to" (``pos``): "to the Minister … and to the Select Committee …"."""
    kinds = ("Regulator", "Organization", "Country", "Person")
    # "submitted to Osgood's committee": the person's body gets them, not the person (nor Hovrenia's).
    after = [m for m in view.right(pos, kinds, collectives=False) if not POSSESSIVE_AFTER.match(view.text[m.end : m.end + 3])]
    found = [m for m in after if m.start - pos < 60][:1]
    for m in after:
        if found and m.start > found[-1].start and AND_GAP.fullmatch(view.text[found[-1].end : m.start]):
            found.append(m)
    return found


# The words between a review and the company it is of: "of", "into", "of X's control over", no clause between.
REVIEW_OBJECT = re.compile(r"\s+(?:[\w'’-]+\s+){0,5}?(?:of|over|into)\s+(?:the\s+)?", re.I)


# "software used by the Ministry of Health", "routers operated by four ministries, including the Ministry of Justice".
# "equipment installed in the networks of Velamo and Brask", "software running on the systems of three banks".
USED_BY = re.compile(r"\b(?:(?:used|operated|run|deployed|installed|relied (?:up)?on)\s+by|(?:used|operated|run|running|deployed|installed)\s+"
                     r"(?:in|at|on|across|within)\s+(?:the\s+)?(?:[\w-]+\s+)?(?:networks?|systems?|sites?|infrastructure|premises|"
                     r"data cent(?:re|er)s?|branches|offices)\s+of)\s+(?:the\s+)?")


def _users(view: SentenceView, end: int) -> list[Mention]:
    """The bodies and companies said to use the goods a review looks at ("… used by A and B"): reviewed, not reviewing."""
    used = USED_BY.search(view.text, end, view.sentence.end)
    if used is None:
        return []
    first = view.right(used.end(), ORGS)[:1]
    if not first or first[0].start - used.end() > 40:
        return []
    if first[0].source != "collective":
        return _listed(view, first[0])
    named = view.right(first[0].end, ORGS, collectives=False)[:1]
    including = named and NAMELY_THE.fullmatch(view.text[first[0].end : named[0].start])
    return [first[0], *_listed(view, named[0])] if including else first


# Where a review's clause ends and another begins: "… into X, days after Y labelled Z", "… into X, warning that
# smaller lenders …", "opened a review of X and would ask the three banks to …": names past it are not the review's.
REVIEW_CLAUSE_END = re.compile(r"\b(?:days?|weeks?|months?|hours?)\s+(?:after|before)\b|,\s+(?:warning|saying|adding|citing|noting)\b"
                               r"|\b(?:and|but)\s+(?:(?:would|will|also|then|later)\s+)?(?:ask|urg|call|tell|told|order|requir|request|want)\w*\b", re.I)


RELIANCE_WORD = re.compile(r"\b(?:rel(?:y|ies|iance)|depend(?:s|ence)?|us(?:e|es|ing)|run(?:s|ning)?|given)\b")
SHORT_CLAUSE = re.compile(r"[^,;()]{0,40}")
PRONOUN_WORD = re.compile(r"\b(?:they|it|we|which|that)\b")


def _review_parties(view: SentenceView, event: Event, end: int, receivers: list[Mention]) -> None:
    """The reviewed banks and companies and the vendors of a review sentence (after the trigger at ``end``, up to
    where its clause ends)."""
    cut = REVIEW_CLAUSE_END.search(view.text, end, view.sentence.end)
    stop = cut.start() if cut else view.sentence.end
    for m in _users(view, end):
        if m not in receivers and view.kind(m) != "Vendor" and m.start < stop:
            event.add("reviewSubject", view.participant(m))
    # "whether A and B rely on C": who relies is reviewed, what they rely on is the vendor.
    reliance = RELIANCE_WORD.search(view.text[end : stop])
    pivot = end + reliance.start() if reliance else None
    for m in view.items(("Bank",)):
        if m.start > end and TIME_CLAUSE.search(view.text, end, m.start) or m.start >= stop:
            continue
        event.add("reviewSubject", view.participant(m))
    for c in view.collectives:
        if c.start >= stop:
            continue
        # "The review will cover all four mobile operators", "… of central government departments": a named group reviewed.
        if (c.type or "Organization") in ("Organization", "Regulator") and c.start >= end and (c.extra.get("name") or c.extra.get("alias")) \
                and c not in receivers and view.participant(c) not in event.roles.get("reviewer", []) and not TIME_CLAUSE.search(view.text, end, c.start):
            event.add("reviewSubject", view.participant(c))
    for m in view.items(("Vendor", "Organization"), collectives=False):
        if m in receivers or m.start >= stop:
            continue
        if pivot is not None and end <= m.start < pivot and SHORT_CLAUSE.fullmatch(view.text[m.end : pivot]) \
                and not PRONOUN_WORD.search(view.text[m.end : pivot]):  # not "every X product they run"
            event.add("reviewSubject", view.participant(m))
        elif view.kind(m) == "Organization" and m.source != "coref" and REVIEW_OBJECT.fullmatch(view.text, end, m.start):
            event.add("reviewSubject", view.participant(m))  # "a review of Tavrin's control over Murmeo LLC"
        elif view.kind(m) == "Vendor":
            event.add("concernsVendor", view.participant(m))


# "Its stated purpose was …", "The aim of the inquiry is …": the sentence after a review says what it covers.
SCOPE = re.compile(r"\W*(?:(?:Its|Their)\s+(?:[\w-]+\s+){0,2}?|The\s+(?:[\w-]+\s+)?)(?:purpose|aim|goal|scope|focus|remit|task|mandate|objective)s?\b"
                   r"(?:\s+of\s+(?:the|this|that)\s+(?:[\w-]+\s+)?(?:review|inquiry|investigation|probe|audit|assessment|examination))?", re.I)
RELIES = re.compile(r"\b(?:rel(?:y|ies|ied|iance)|depend(?:s|ed|ence)?)\s+(?:up)?on\b", re.I)


SHORT_PHRASE = re.compile(r"[^;()]{0,40}")


def _review_scope(events: list[Event], doc: DocEntities, text: str, sentences: list[Sentence]) -> None:
    """"… a review the Office had announced. Its stated purpose was to establish how deeply the two largest
    carriers, Brindle Mobile and Osk Telecom, depended on Varn software": the sentence after a review that
    states its purpose names those reviewed (who rely) and the vendor (relied on)."""
    for event in [e for e in events if e.predicate == "Review" and e.roles.get("reviewer")]:
        si = event.sentence + 1
        if si >= len(sentences) or not SCOPE.match(text, sentences[si].start):
            continue
        view = SentenceView(doc, text, sentences[si], si)
        pivot = RELIES.search(text, sentences[si].start, sentences[si].end)
        if pivot is None:
            continue
        firsts = [m for m in view.items(COMPANIES, collectives=False) if m.end <= pivot.start()]
        relying = _listed(view, firsts[0]) if firsts else []
        relying = [m for m in relying if SHORT_PHRASE.fullmatch(text[relying[-1].end : pivot.start()])]
        vendors = [m for m in view.items(("Vendor",), collectives=False) if m.start >= pivot.end()][:1]
        if not relying or not vendors:
            continue
        for m in relying:
            if view.participant(m) != view.participant(vendors[0]):
                event.add("reviewSubject", view.participant(m))
        event.add("concernsVendor", view.participant(vendors[0]))


# "Its report, which is classified, was submitted to the ministry", "The watchdog's report, delivered in January
# to the National Security Committee": a review's results handed to a body in a sentence of their own.
REPORT_HANDED = re.compile(r"\b(?P<owner>[Ii]ts|[Tt]heir|[Tt]he\s+(?P<noun>[a-z]+)['’]s?)\s+(?:[\w-]+\s+){0,2}?(?:report|findings|conclusions|results|recommendations)\b"
                           r"[^.;]{0,80}?(?:,|\b(?:was|were|is|are|had been|has been|have been|will be))\s+(?:\w+ly\s+)?"
                           r"(?:submitted|delivered|sent|presented|handed|passed|given)(?:\s+[\w,]+){0,4}?\s+to\s+(?P<the>the\s+)?")


def _body_of_noun(doc: DocEntities, noun: str, si: int, pos: int) -> Mention | None:
    """The public body named last before ``pos`` whose name has ``noun`` ("the ministry", "the watchdog's")."""
    for k in range(si, -1, -1):
        found = [m for m in doc.by_sentence[k] if m.end <= pos and m.entity in doc.entities and doc.entities[m.entity].type == "Regulator"
                 and noun in doc.entities[m.entity].name.lower().split()]
        if found:
            return found[-1]
    return None


LOWER_WORD = re.compile(r"([a-z]+)\b")


def _report_handed(events: list[Event], doc: DocEntities, text: str, sentences: list[Sentence]) -> None:
    """"Its report … was submitted to the ministry": the body that gets the results of the story's latest review
    (a review by the report's owner, of the vendor of that or the sentence before, when the story told none)."""
    for si, sentence in enumerate(sentences):
        handed = REPORT_HANDED.search(text, sentence.start, sentence.end)
        if handed is None:
            continue
        view = SentenceView(doc, text, sentence, si)
        receivers = results_receivers(view, handed.end())
        after = LOWER_WORD.match(text[handed.end() : handed.end() + 20])
        if not receivers and handed.group("the") and after:
            body = _body_of_noun(doc, after.group(1), si, handed.start())
            receivers = [body] if body is not None else []
        if not receivers:
            continue
        review = next((e for e in reversed(events) if e.predicate == "Review" and e.sentence <= si), None)
        if review is None:
            review = _review_of_report(view, handed)
            if review is None:
                continue
            events.append(review)
        for m in receivers:
            if view.participant(m) not in review.roles.get("reviewer", []):
                review.add("resultsSubmittedTo", view.participant(m))


def _review_of_report(view: SentenceView, handed: re.Match[str]) -> Event | None:
    """The review a report handed on tells of: its owner ("Its" — the body named last before; "the board's"), of
    the vendor named in that sentence or the one before, else of the story's main vendor."""
    noun = handed.group("noun")
    owner = _body_of_noun(view.doc, noun, view.si, handed.start()) if noun else next(iter(_recent(view, ("Regulator",), back=1)), None)
    if owner is None:
        return None
    vendors = [m for k in (view.si - 1, view.si) if k >= 0 for m in view.doc.by_sentence[k]
               if m.entity in view.doc.entities and view.doc.entities[m.entity].type == "Vendor"]
    vendor = vendors[0].entity if vendors else _story_vendor(view)
    if vendor is None:
        return None
    event = Event("Review", view.si, view.sentence.start, view.sentence.end, confidence=0.5, method="rule:review-report")
    event.add("reviewer", owner.entity)
    event.add("concernsVendor", vendor)
    event.main = "concernsVendor"
    return event


# "had no role in the review", "was not part of this inquiry", "is not covered by the assessment".
OUTSIDE_REVIEW = re.compile(r"\b(?:no|not|never|n't)\s+(?:[\w-]+\s+){0,2}?(?:in|of|by|to|from|under)\s+(?:the|this|that)\s+(?:[\w-]+\s+){0,2}$", re.I)


def _continue_review(events: list[Event], view: SentenceView, start: int, end: int) -> bool:
    """"Tallyboard, developed by Brightmere Software, passed the review", "The review will be carried out by
    the SCDA", "It examined …": a review named again adds what its sentence says to the story's latest review
    (the body it is done by, the banks and vendors, who gets the results) instead of making another one."""
    prefix = view.text[view.sentence.start : start]
    if not (DEFINITE.search(prefix[-40:]) or PRONOUN_SUBJECT.match(prefix)):
        return False
    review = next((e for e in reversed(events) if e.predicate == "Review" and e.sentence < view.si), None)
    if review is None:
        return False
    if OUTSIDE_REVIEW.search(prefix[-60:]):
        return True  # "The company had no role in the review": the review named again, but not of it
    receivers = _sentence_receivers(view)
    by = [m for m in view.items(("Regulator",), collectives=False) if DONE_BY.search(view.text, max(view.sentence.start, m.start - 40), m.start)]
    others = [m for m in view.items(("Regulator",), collectives=False) if m.end <= start and m not in by and m not in receivers
              and view.participant(m) not in review.roles.get("reviewer", [])]
    if others:
        return False  # "the parliamentary committee's inquiry": another body's review
    for m in by:
        review.add("reviewer", view.participant(m))
    for m in receivers:
        review.add("resultsSubmittedTo", view.participant(m))
    _review_parties(view, review, end, receivers)
    return True


def _penalty_investigation(review: Event, events: list[Event], doc: DocEntities) -> bool:
    """"The FSAB's investigation found that Banque Sorenne …" in the story of the FSAB's fine on Banque
    Sorenne: the inquiry behind a penalty, told after it, is part of it and not a review of its own."""
    subjects = set(review.roles.get("reviewSubject", []))
    if review.predicate != "Review" or not subjects or review.roles.get("concernsVendor"):
        return False  # a review of a bank's reliance on a vendor is news of its own, whatever it led to
    # Only an inquiry told after the penalty: one told before it, or settled by it, is news of its own.
    def same_body(p: Event) -> bool:  # "Quessaly's banking watchdog fined …": the state stands for its body
        actors = set(p.roles.get("actor", []))
        return bool(actors & set(review.roles.get("reviewer", []))) or any(a in doc.entities and doc.entities[a].type == "Country" for a in actors)

    return any(p.predicate in ("Fine", "Settlement", "Penalty") and same_body(p) and subjects <= set(p.roles.get("target", []))
               and p.sentence < review.sentence for p in events)


STRONG_DIRECTIVE = re.compile(r"(?:order|instruct|direct|requir|told|tell|compel|mandat)", re.I)
DIVEST = re.compile(r"\b(?:divest\w*|dispos\w+ of|sell (?:off |down )?(?:its|their|the)\b|spin (?:off|out))", re.I)


HYPOTHETICAL = re.compile(r"\b(?:would|could|might|without|before)\s+$|\bas\s+(?:the\s+)?(?:rules?|laws?|regulations?)\s+$", re.I)


ORDERED_TO = re.compile(r"(?:\s+[\w'’-]+){0,6}?\s+to(?:\s+[a-z]|:\s*$)|(?:\s+[A-Z][\w'’-]*,?|\s+and|\s+the){0,10}?\s+to\s+[a-z]")
THAT_OR_THE_AFTER = re.compile(r"\s+(?:that|the)\b")
MINISTER_WORD = re.compile(r"\b(?:minister|secretary|governor|commissioner)\b", re.I)


def _order(view: SentenceView, start: int, end: int, word: str) -> Event | None:
    """"The ministry ordered all central government departments to delete …", "the regulator instructed
    the bank to …": a government body's order to named companies or groups (a divestiture when it
    orders a sale)."""
    # "instructed A, B and C to …": the words before "to" may list several names.
    if not STRONG_DIRECTIVE.match(word) or not ORDERED_TO.match(view.text[end : view.sentence.end]) \
            and not THAT_OR_THE_AFTER.match(view.text[end : end + 6]):
        return None
    actor, passive = _actor(view, start, end, ("Regulator", "Country", "Person"))
    passive = passive or _passive(view, start, end)  # "are directed to …" with no agent named
    actor = actor or _body_by_noun(view, start)
    ident = view.participant(actor) if actor is not None else _acting_body(view, start)
    if ident is None and passive:
        ident = _issuer(view)  # "- A and B are directed to provide …", in a body's own release or notice
    if ident is None or (actor is not None and view.kind(actor) == "Person" and not MINISTER_WORD.search(view.text[max(view.sentence.start, actor.start - 40) : actor.start])):
        return None
    if passive:
        last = view.left(start, ("Bank", "Organization", "Vendor"))
        targets = _listed_before(view, last) if last is not None else []  # "A and B are directed to …": all listed
    else:
        targets = [m for m in _targets(view, end, view.sentence.end) if m.start - end < 160][:4]
    both = BOTH_AFTER.match(view.text, end) if not passive else None
    named = _counted_named(view, both) if both is not None else []  # "directed both banks to submit …"
    cut = CUT_TIES.match(view.text, end, view.sentence.end)
    # "ordered state-owned companies to cut ties with US consulting firms": a ban on dealing with them, not an order.
    kind = "Ban" if cut else "DivestitureOrder" if DIVEST.search(view.part()) else "Directive"
    event = Event(kind, view.si, start, end, confidence=0.6)
    event.add("actor", ident)
    if cut:
        targets += view.right(cut.end(), ORGS, until=cut.end() + 60)[:1]
    for t in targets:
        if t is not None and view.participant(t) != ident:
            event.add("target", view.participant(t))
    if not event.roles.get("target"):
        for t in named:
            event.add("target", t)
    for v in view.items(("Vendor",), collectives=False):
        if view.participant(v) not in event.roles.get("actor", []):
            event.add("concernsVendor", view.participant(v))
    if event.roles.get("target") and not event.roles.get("concernsVendor") and THE_PRODUCT.search(view.text, end, view.sentence.end):
        event.add("concernsVendor", _story_vendor(view))  # "to submit plans for exiting the product": the story's vendor
    if len(event.participants()) < 2:
        return None
    event.main = "target" if event.roles.get("target") else "concernsVendor"
    return event


# "… to cut ties with …", "… to stop doing business with …": what is ordered is that a company be dealt with no more.
CUT_TIES = re.compile(r"[^.;]{0,80}?\bto\s+(?:(?:cut|sever|end)\s+(?:all\s+)?(?:their\s+|its\s+)?(?:ties|links|relations)|"
                      r"stop\s+(?:doing\s+business|working|dealing))\s+with\s+", re.I)


# The goods a story is about, named again without their maker: "plans for exiting the product", "replace the software".
THE_PRODUCT = re.compile(r"\b(?:the|this|that)\s+(?:vendor|supplier|provider|product|software|app|application|platform|equipment|"
                         r"gear|system|service|tool)s?\b", re.I)


HEAD_SUBJECT = re.compile(r"\W*[Tt]he ([a-z]+)\s+(?:has\s+|had\s+|will\s+|then\s+|also\s+)?[a-z]+(?:ed|s)?\b")


def _named_by_head(view: SentenceView) -> list[Mention]:
    """"The centre began …", "The board found …": the last public body named before whose name ends in that noun."""
    head = HEAD_SUBJECT.match(view.text, view.sentence.start, view.sentence.end)
    if head is None:
        return []
    noun = head.group(1)
    for k in range(view.si - 1, -1, -1):
        found = [m for m in view.doc.by_sentence[k] if m.entity in view.doc.entities and view.doc.entities[m.entity].type == "Regulator"
                 and view.doc.entities[m.entity].name.lower().split()[-1] == noun]
        if found:
            return found[-1:]
    return []


BODY_SUBJECT = re.compile(r"\b[Tt]he ([A-Za-z]+)\s+(?:(?:has|had|have|today|also|then|further|subsequently)\s+)*$")


def _body_by_noun(view: SentenceView, start: int) -> Mention | None:
    """"The Ministry has today directed …", "the Office directed …": the public body named last before whose name
    has that noun (a back-reference the entity stage left unresolved)."""
    subject = BODY_SUBJECT.search(view.text, max(view.sentence.start, start - 40), start)
    if subject is None:
        return None
    noun = subject.group(1).lower()
    for k in range(view.si, -1, -1):
        found = [m for m in view.doc.by_sentence[k] if m.end <= start and m.entity in view.doc.entities
                 and view.doc.entities[m.entity].type == "Regulator" and noun in view.doc.entities[m.entity].name.lower().split()
                 and not COURT.search(view.doc.entities[m.entity].name)]  # a court rules; its orders are no directives
        if found:
            return found[-1]
    return None


# "the regulator ordered …", "The watchdog has told …": a public body named again by a word for its kind.
GENERIC_BODY = re.compile(r"\b[Tt]he\s+(?:regulator|watchdog|supervisor|authority|agency|ministry|government|department|office|"
                          r"commission|directorate)\s+(?:(?:has|had|have|then|also|later|subsequently|today|now|formally)\s+)*$")
ACTING = frozenset({"Review", "Penalty", "Fine", "Settlement", "Directive", "DivestitureOrder", "Restriction", "Ban", "ExportControl",
                    "EntityListing", "ThreatDesignation", "ProcurementExclusion"})


def _acting_body(view: SentenceView, start: int) -> str | None:
    """The body a generic subject ("the regulator ordered …") stands for when the entity stage left it
    unresolved: the public body that acted last in the story (ordered, restricted, reviewed or fined; never a
    court), else the public body named last in the three sentences before."""
    if not GENERIC_BODY.search(view.text, max(view.sentence.start, start - 50), start):
        return None
    for event in reversed(view.events):
        if event.predicate not in ACTING:
            continue
        for ident in event.roles.get("actor", []) + event.roles.get("reviewer", []):
            entity = view.doc.entities.get(ident)
            if entity is not None and entity.type == "Regulator" and not COURT.search(entity.name):
                return ident
    found = [m for m in _recent(view, ("Regulator",), back=3) if not COURT.search(view.doc.entities[m.entity].name)]
    return view.participant(found[0]) if found else None


def _recent(view: SentenceView, kinds: tuple[str, ...], back: int = 2) -> list[Mention]:
    """The last mention of ``kinds`` in the ``back`` sentences before this one."""
    for k in range(view.si - 1, max(-1, view.si - back - 1), -1):
        found = [m for m in view.doc.by_sentence[k] if m.entity and m.entity in view.doc.entities
                 and view.doc.entities[m.entity].type in kinds]
        if found:
            return [max(found, key=lambda m: m.start)]
    return []


DETERMINER_BEFORE = re.compile(r"\b(?:the|this|that|same|an?|its|their|under|by)\s+$", re.I)


def _directive(view: SentenceView, start: int, end: int, word: str) -> Event | None:
    part_end = view.sentence.end
    if DETERMINER_BEFORE.search(view.text[max(view.sentence.start, start - 12) : start]):
        return None  # "By the same Order", "Under the order": the noun, not the verb
    if HYPOTHETICAL.search(view.text, max(view.sentence.start, start - 20), start):
        return None  # "his ministry would order …" if something happens; "as the rules require": no order given
    replace = REPLACE.search(view.text, end, part_end)
    if replace is not None and replace.group(0).lower() == "stop buying":
        return None  # an order to stop buying is a ban (see _stop_buying)
    if replace is None or replace.start() - end > 120:
        return _order(view, start, end, word)
    actor, passive = _actor(view, start, end, GOVERNMENT)
    actor = actor or _body_by_noun(view, start)
    event = Event("Directive", view.si, start, end, confidence=0.7)
    named_again = _acting_body(view, start) if actor is None else None  # "the regulator ordered …"
    if actor is not None:
        event.add("actor", view.participant(actor))
    elif named_again is not None:
        event.add("actor", named_again)
    elif INSTRUMENT.search(view.text, max(view.sentence.start, start - 40), start):
        event.add("actor", _issuer(view))  # "The directive requires …": the body that issued it
    last = view.left(start, ("Bank", "Organization", "Vendor")) if passive else None
    # "A and B were ordered by the Authority to remove …": those ordered are named before the verb.
    for m in _listed_before(view, last) if last is not None else _targets(view, end, replace.start()):
        if actor is None or m is not actor:
            event.add("target", view.participant(m))
    with_ = WITH.search(view.text, replace.end(), part_end)
    stop = with_.start() if with_ else part_end
    for m in _supplied(view, replace.end(), stop):
        event.add("replacedVendor", view.participant(m))
    if with_:
        for m in view.right(with_.end(), ("Vendor",))[:2]:
            if m.start - with_.end() < 60:
                event.add("replacementVendor", view.participant(m))
    product = _product(view, replace.end(), stop)
    if product:
        event.roles["product"] = [product]
        if not event.roles.get("replacedVendor"):
            event.add("replacedVendor", _maker(view.doc, product) or _made_by(view, product))  # "remove the Tessil Talk app"
        if not event.roles.get("replacedVendor") and product[:1].isupper() and event.roles.get("target"):
            event.add("replacedVendor", _story_vendor(view))  # "remove Gossamer Chat": a named product of the story's vendor
    if not event.roles.get("replacedVendor") and event.roles.get("target") and THE_PRODUCT.search(view.text, replace.start(), stop):
        event.add("replacedVendor", _story_vendor(view))  # "to replace the software": the story's vendor's
    if not event.roles.get("replacedVendor") and not event.roles.get("replacementVendor"):
        return None
    event.main = "replacedVendor" if event.roles.get("replacedVendor") else "replacementVendor"
    return event


# "The directive requires …", "The Notice further required …": an order's paper speaks for the body that issued it.
INSTRUMENT = re.compile(r"\b(?:the|this|that|its)\s+(?:[\w-]+\s+)?(?:directive|order|notice|decision|direction|regulation|decree|rules?)"
                        r"\s+(?:\w+ly\s+|also\s+|further\s+)?$", re.I)
# "the five banks, among them Fjellmark Savings Bank and Oddane Commercial Bank", "the Interested Parties, A and B,".
AMONG = re.compile(r"\s*,\s*(?:(?:among them|including|such as|namely|notably)\s+)?")


def _targets(view: SentenceView, pos: int, stop: int) -> list[Mention]:
    """Who is ordered: the first company, bank or group after ``pos``, with those listed beside it."""
    first = view.right(pos, ("Bank", "Organization", "Vendor", "Regulator"), until=stop)[:1]
    if not first:
        return []
    out = _listed(view, first[0])
    for m in view.right(out[-1].end, ("Bank", "Organization", "Vendor"), until=stop, collectives=False)[:1]:
        if len(out) == 1 and view.kind(out[0]) not in ("Bank", "Organization", "Vendor") and not AMONG.fullmatch(view.text[out[-1].end : m.start]):
            continue
        if AMONG.fullmatch(view.text[out[-1].end : m.start]):
            out += _listed(view, m)
    return out


def _supplied(view: SentenceView, start: int, stop: int) -> list[Mention]:
    """The vendors of what is to be replaced: a Vendor, or any company whose goods are named ("the company's
    equipment", "Drakemoor gear")."""
    out = []
    for m in view.right(start, ("Vendor", "Organization"), until=stop, collectives=False):
        if view.kind(m) == "Vendor" or PRODUCTS_AFTER.match(view.text[m.end : m.end + 40]):
            out.append(m)
    return out


ORDERS = frozenset({"Directive", "DivestitureOrder", "Restriction", "Ban", "ExportControl", "EntityListing", "ThreatDesignation",
                    "ProcurementExclusion"})
OBLIGED = re.compile(r"\s+(?:also\s+|now\s+|therefore\s+|immediately\s+)?(?P<verb>[a-z]+)\b|\s*:")
NOT_ORDERS = re.compile(r"(?:be|have|stop|not|cease|no|make|submit|continue|consider|decide|pay|apply|know)$")


SPACES_AND_COMMAS = re.compile(r"[\s,]*")


def _obligation(view: SentenceView, start: int, end: int, word: str) -> Event | None:
    """"Tavrin shall divest all of its shares …", "the country's four largest carriers must remove Orlek
    equipment by Dec. 31", "Oskebank must also deliver tested exit plans …": an obligation laid on the
    company or group just before the modal verb, by the body that speaks in the sentence or ordered last."""
    verb = OBLIGED.match(view.text, end)
    if verb is None or (verb.group("verb") and NOT_ORDERS.match(verb.group("verb"))):
        return None  # "must stop buying" is a ban; "must be made to the court", "must know" order nothing
    subject = view.left(start, ("Bank", "Organization", "Vendor"))
    if subject is None or not SPACES_AND_COMMAS.fullmatch(view.text[subject.end : start]):
        return None
    actor = next((m for m in view.right(end, GOVERNMENT, collectives=False) if SAID_AFTER.match(view.text[m.end : m.end + 12])), None)
    actor = actor or view.left(subject.start, ("Regulator",), collectives=False)
    ident = view.participant(actor) if actor is not None else _issuer(view)
    if ident is None:
        return None
    at = verb.start("verb") if verb.group("verb") else end
    event = Event("DivestitureOrder" if DIVEST.match(view.text, at) else "Directive", view.si, start, end, confidence=0.55)
    event.add("actor", ident)
    event.add("target", view.participant(subject))
    replace = REPLACE.match(view.text, at)
    for m in _supplied(view, end, view.sentence.end) if replace else view.right(end, ("Vendor",), collectives=False)[:1]:
        if view.participant(m) not in event.participants():
            event.add("replacedVendor" if replace else "concernsVendor", view.participant(m))
    event.main = "target"
    return event


# "This Notice is issued by the Office of …": who speaks in a notice, said of the paper itself.
ISSUED_BY = re.compile(r"\b(?:this|the\s+present)\s+(?:notice|order|direction|directive|circular|decision|determination|instrument)\s+"
                       r"(?:is|was|has been)\s+(?:hereby\s+)?(?:issued|published|made|given)\s+by\s+(?:the\s+)?", re.I)


# "The Strategic Export Control Directorate … gives notice of the following amendment": the body whose notice it is.
GIVES_NOTICE = re.compile(r"\b(?:hereby\s+)?gives\s+notice\b", re.I)


def _issued_by(view: SentenceView) -> str | None:
    """The public body a notice says issued it ("This Notice is issued by the Office of Strategic Export Control",
    "The Directorate … hereby gives notice …"), in this sentence or any before."""
    for si in range(min(view.si, len(view.sentences) - 1), -1, -1):
        sentence = view.sentences[si]
        gives = GIVES_NOTICE.search(view.text, sentence.start, sentence.end)
        giver = _first_body(view.doc, si, sentence.start, gives.start()) if gives else None
        if giver is not None:
            return giver.entity  # the sentence's subject, not the ministry it belongs to
        said = ISSUED_BY.search(view.text, sentence.start, sentence.end)
        body = _first_body(view.doc, si, said.end(), sentence.end) if said else None
        if body is not None and body.start - said.end() < 5:
            return body.entity
    return None


def _first_body(doc: DocEntities, si: int, start: int, end: int) -> Mention | None:
    """The first public body sentence ``si`` names between ``start`` and ``end``."""
    return min((m for m in doc.by_sentence[si] if start <= m.start and m.end <= end and m.entity in doc.entities
                and doc.entities[m.entity].type == "Regulator"), key=lambda m: m.start, default=None)


def _issuer(view: SentenceView) -> str | None:
    """The body that gave the order a sentence goes on with: the body a notice says issued it, else the actor
    of the story's last order or restriction, else the last public body named in the three sentences before,
    else the one named at the head of the notice, else the public body the story names most."""
    issuer = _issued_by(view)
    if issuer is not None:
        return issuer
    orders = [e for e in view.events if e.predicate in ORDERS and e.roles.get("actor")]
    if orders:
        return orders[-1].roles["actor"][0]
    found = _recent(view, ("Regulator",), back=3)
    if found:
        return view.participant(found[0])
    first = [m for m in view.doc.by_sentence[0] if m.entity in view.doc.entities and view.doc.entities[m.entity].type == "Regulator"] \
        if view.doc.by_sentence else []
    if first:
        return first[0].entity  # the body whose notice or order this is, named at its head
    counts = sorted(((len(e.mentions), e.id) for e in view.doc.entities.values() if e.type == "Regulator"), key=lambda c: (-c[0], c[1]))
    return counts[0][1] if counts else None


MADE_BY = r",\s+(?:an?|the)\s+(?:[\w-]+\s+){0,4}?(?:developed|made|built|owned|sold|supplied|designed|produced|operated)\s+by\s+"


# "Chatterloop is developed and operated by Lurecast Interactive": who makes a product, said of its name.
IS_MADE_BY = r"\s+(?:is|was|are|were)\s+(?:\w+ly\s+)?(?:developed|made|built|owned|sold|supplied|designed|produced|operated)" \
             r"(?:\s+and\s+\w+)?\s+by\s+(?:the\s+)?"


def _made_by(view: SentenceView, product: str) -> str | None:
    """The company the story says makes a named product: "Gossamer Chat, a messaging application developed by
    Quillfeather Labs", "Chatterloop is developed and operated by Lurecast Interactive", told anywhere in the text."""
    if not product[:1].isupper():
        return None
    name = " ".join(takewhile(lambda w: w[:1].isupper(), product.split()))  # "Chatterloop" of "Chatterloop messaging application"
    said = re.escape(product) + MADE_BY + "|" + re.escape(name) + IS_MADE_BY
    for found in re.finditer(said, view.text):
        for ms in view.doc.by_sentence:
            for m in ms:
                if m.start == found.end() and m.entity in view.doc.entities and view.doc.entities[m.entity].type in COMPANIES:
                    return m.entity
    return None


def _maker(doc: DocEntities, product: str) -> str | None:
    """The story's vendor a product is named after: "Tessil Talk messaging app" → Tessil Software."""
    first = product.split()[0] if product.split() else ""
    if not first[:1].isupper() or len(first) < 3:
        return None
    makers = [e.id for e in doc.entities.values() if e.type == "Vendor" and e.name.split()[0] == first]
    return makers[0] if len(makers) == 1 else None


PRODUCT_PHRASE = re.compile(r"\s*((?:[\w-]+\s+){0,4}?[\w-]+?)(?=\s+(?:made|supplied|built|sold|provided|from|by|of|over|to|in|as|because|after|amid|with|and|at|on)\b|\s*[,.;]|\s*$)")


def _product(view: SentenceView, start: int, stop: int) -> str | None:
    """The kind of product in "replace high-end servers made by X": the words before the vendor."""
    span = view.text[start:stop]
    m = PRODUCT_PHRASE.match(span)
    words = m.group(1) if m else ""
    # Vendor names in the phrase ("Zentra servers") are the vendor's role, not the product.
    for mention in view.items(("Vendor",), collectives=False):
        if start <= mention.start < stop:
            words = words.replace(mention.text, " ")
    phrase = _noun_phrase(" ".join(words.split()))
    if not phrase or phrase.lower() in ("them", "it", "those", "these") or len(phrase.split()) > 5:
        return None
    return phrase


ENDS_WITH_LICENCE = re.compile(r"licen[cs]es?$")
ABUSE_OF_BEFORE = re.compile(r"\b(?:abus\w+|misus\w+)\s+(?:of\s+)?(?:the\s+|its\s+|their\s+)?$", re.I)
BARRED_FROM_BUYING = re.compile(r"\bfrom\s+(?:buying|using|purchasing|procuring|installing|working with|doing business with)\b")
ENTITY_LIST = re.compile(r"\b((?:[Uu]nreliable )?[Ee]ntity [Ll]ist)\b")


def _restriction(view: SentenceView, start: int, end: int, word: str) -> Event | None:
    if word.startswith(("stop", "no longer", "not to", "to ")):
        return _stop_buying(view, start, end)
    if ENDS_WITH_LICENCE.search(word) and " " in word:
        return _licence_revoked(view, start, end, word)
    if ABUSE_OF_BEFORE.search(view.text[max(view.sentence.start, start - 20) : start]):
        return None  # "abusing export controls": a reproach, not a restriction
    actor, passive = _actor(view, start, end, GOVERNMENT)
    if actor is not None and actor.extra.get("embassy"):
        actor = None  # an embassy speaks for its state; it restricts nothing
    actor = _restricting(view, start, end, word, _beside_aside(view, start, actor), passive)
    # "… in its so-called Entity List, Foreign Ministry spokesperson X said": who speaks is not whom a list names.
    event = Event("Restriction", view.si, start, end, confidence=0.6)
    added = ADDED_TO.search(view.text[view.sentence.start : start])
    added_passive = not added and ADDED_PASSIVE.search(view.text[view.sentence.start : start])
    if word == "list" and not added and not added_passive:
        return None  # "list" alone is a restriction only when names are added to it
    if added:
        actor, targets = _added_to(view, added, event)
    elif passive or added_passive or _passive(view, start, end):
        # "Caverly Data Systems and Varrow Photonics would be barred from …": those listed before the verb.
        last = view.left(start, ORGS + ("Person",))
        targets = _listed_before(view, last) if last is not None else []
    else:
        targets = [m for m in view.right(end, ORGS + ("Person",))[:1] if not SPEAKER_AFTER.match(view.text, m.end, view.sentence.end)]
        # "barred A, B and C from …", "sanctioned A and B": every name listed after the verb.
        targets = _listed(view, targets[0]) if targets and targets[0].source != "collective" else targets
    # "banned agencies from buying X's chips": the vendor is a target too.
    frm = BARRED_FROM_BUYING.search(view.text[end : view.sentence.end])
    if frm:
        targets += view.right(end + frm.end(), ("Vendor",), collectives=False)[:1]
    deal = _blocked_deal(view, end)
    if deal is not None:
        targets = [deal[0]]  # "prohibited the acquisition of X by Y": the buyer is stopped, the company bought is concerned
        event.add("concernsVendor", view.participant(deal[1]))
    if actor is not None:
        # "Zardenia and Zolvaria will restrict …": every state or body listed as the subject acts.
        acting = _listed_before(view, actor) if not passive and view.kind(actor) in GOVERNMENT else [actor]
        for m in acting:
            event.add("actor", view.participant(m))
    for t in targets:
        if t is not None and t is not actor:
            event.add("target", view.participant(t))
    _notice_listing(view, event, targets)
    if not event.roles.get("actor") or not event.roles.get("target"):
        return None
    if event.roles["actor"] == event.roles["target"]:
        return None  # a state does not restrict itself: the roles were misread
    part = view.part()
    event.predicate = restriction_kind(part)
    listed = ENTITY_LIST.search(part)
    if event.predicate == "EntityListing" and listed:
        event.roles["listName"] = [listed.group(1)]
    event.main = "target"
    return event


def _added_to(view: SentenceView, added: re.Match[str], event: Event) -> tuple[Mention | None, list[Mention]]:
    """Who adds and whom, for "X adds A, B and C to the List" (``added``: :data:`ADDED_TO`'s match in the sentence);
    names listed under another paragraph of a notice ("the persons listed in paragraph 2") go straight to ``event``."""
    lo, hi = view.sentence.start + added.start("what"), view.sentence.start + added.end("what")
    at = view.sentence.start + added.start()
    actor = _beside_aside(view, at, _actor(view, at, view.sentence.start + added.end(), GOVERNMENT)[0])
    first = view.right(lo, ORGS + ("Person",), until=hi)[:1]
    if first and first[0].source == "collective" and NAMELY.match(view.text, first[0].end, hi):
        first = view.right(first[0].end, ORGS + ("Person",), until=hi, collectives=False)[:1]  # "three firms, namely A, B and C"
    if not first:
        paragraph = LISTED_IN.search(view.text, lo, hi)
        for ident in _paragraph_items(view.doc, view.text, view.sentences, paragraph.group("n")) if paragraph else []:
            event.add("target", ident)
    return actor, [m for m in _listed(view, first[0]) if m.start < hi] if first else []


def _notice_listing(view: SentenceView, event: Event, targets: list[Mention | None]) -> None:
    """"With effect from today, the following suppliers … are excluded from …:", "the Council designated the following
    undertakings as high-risk suppliers:" and items "(a) …", "(b) …" after it: the first name of each item is
    restricted, by the notice's issuer when the sentence names no one who acts."""
    if not all(t is None or t.source == "collective" for t in targets) or not FOLLOWING.search(view.text, view.sentence.start, view.sentence.end):
        return
    listed = _items_listed(view.doc, view.text, view.sentence)
    if listed:
        event.roles["target"] = listed
        if not event.roles.get("actor"):
            event.add("actor", _issuer(view))


LICENCE_HOLDER = re.compile(r"\s+(?:held by|of|issued to|granted to|belonging to)\s+(?:the\s+)?", re.I)


EXPORT_WORD = re.compile(r"\bexport", re.I)


def _licence_revoked(view: SentenceView, start: int, end: int, word: str) -> Event | None:
    """"Reskandor has revoked the export licences of four equipment makers", "the bureau cancelled licences held
    by A, B and C", "withdrew Tarvel's operating licence": a government's restriction on whose licences go."""
    actor, _ = _actor(view, start, end, GOVERNMENT)
    if actor is None or actor.extra.get("embassy"):
        return None
    owners = [m for m in view.items(ORGS + ("Person",)) if start <= m.start and m.end <= end and m is not actor]
    holder = LICENCE_HOLDER.match(view.text, end)
    if not owners and holder:
        owners = [m for m in view.right(holder.end(), ORGS + ("Person",)) if m.start - holder.end() < 30][:1]
    targets = _listed(view, owners[0]) if owners else []
    event = Event("Restriction", view.si, start, end, confidence=0.6)
    event.add("actor", view.participant(actor))
    for t in targets:
        if view.participant(t) not in event.roles["actor"]:
            event.add("target", view.participant(t))
    if not event.roles.get("target"):
        return None
    event.predicate = "ExportControl" if EXPORT_WORD.search(view.part()) else "Restriction"
    event.main = "target"
    return event


# "The Director, acting with the consent of the Minister, has designated …": who consents does not act.
ASIDE = re.compile(r",\s+(?:acting\b|with the (?:consent|approval|agreement|support) of|in consultation with|after consulting|"
                   r"on the (?:advice|recommendation) of)[^,;]*,\s+(?:has\s+|have\s+|had\s+|today\s+|also\s+|formally\s+|hereby\s+)*$", re.I)
TITLE_HEAD = r"\W*(?:\d+\.\s+)?The\s+(?:[A-Z][a-z]+\s+){0,2}?(?:Director|Secretary|Minister|Commissioner|Registrar|Controller|Authority)(?:[-\s]General)?"
TITLE_SUBJECT = re.compile(TITLE_HEAD + r"\s*$")
# "4. The Director has reasonable grounds to suspect that …": a notice's officer speaking for its body.
TITLE_SPEAKER = re.compile(TITLE_HEAD + r"\s+(?:[a-z]+\s+){0,5}$")


def _head_body(view: SentenceView) -> str | None:
    """The public body named first in the text (whose notice it is), else the one :func:`_issuer` finds."""
    for ms in view.doc.by_sentence[:3]:
        for m in ms:
            if m.entity in view.doc.entities and view.doc.entities[m.entity].type == "Regulator":
                return m.entity
    return _issuer(view)


def _beside_aside(view: SentenceView, start: int, actor: Mention | None) -> Mention | None:
    """The agent of a verb after a comma aside ("X, acting with the consent of Y, has …"): the name before the
    aside; when the subject is a bare title ("The Director"), the body whose notice this is."""
    if actor is None:
        return None
    aside = ASIDE.search(view.text, view.sentence.start, start)
    if aside is None or not aside.start() <= actor.start:
        return actor
    before = view.left(aside.start(), GOVERNMENT)
    if before is not None:
        return before
    if TITLE_SUBJECT.match(view.text, view.sentence.start, aside.start()):
        ident = _head_body(view)
        found = [m for m in view.doc.entities[ident].mentions if m.entity == ident][:1] if ident in view.doc.entities else []
        return found[0] if found else None
    return None


# "added A, B and C to the list", "put X on its "unreliable entity list"": names put on a list.
ADDED_TO = re.compile(r"\b(?:(?:add(?:s|ed|ing)?|put(?:s|ting)?|plac(?:e|es|ed|ing))\s+|(?:inclusion|addition|placing|placement) of\s+)"
                      r"(?!(?:on|to|in)\s)(?P<what>.{3,200}?)\s+(?:on|to|in)\s+(?:(?:an?|the|its|their)\s+)?(?:so-called\s+)?"
                      r"[\"“']?(?:[\w-]+\s+){0,2}[\"“']?$")
# "A, B and C have been added to the unreliable entity list": those listed before the verb are added.
ADDED_PASSIVE = re.compile(r"\b(?:ha(?:ve|s|d)\s+been|were|was|are|is|will\s+be|(?:to|would)\s+be|being)\s+(?:added|placed|put|included)\s+"
                           r"(?:on|to|in)\s+(?:(?:an?|the|its|their)\s+)?(?:so-called\s+)?[\"“']?(?:[\w-]+\s+){0,2}[\"“']?$", re.I)


NAMELY = re.compile(r"\s*,?\s*(?:namely|including|among them|such as|:)\s+")
NAMELY_THE = re.compile(NAMELY.pattern + r"(?:the\s+)?")
# "Oreval Computing and two Sunspire subsidiaries were among those named in the notice": more names on a list.
AMONG_LISTED = re.compile(r"\b(?:were|was|are|is)\s+(?:also\s+)?among\s+(?:those|the\s+(?:\w+\s+)?(?:companies|firms|entities|groups))\s+"
                          r"(?:named|listed|added|designated|sanctioned|targeted|blacklisted)\b", re.I)
LISTINGS = ("EntityListing", "Restriction", "ThreatDesignation", "ExportControl", "Ban")


def _among_listed(events: list[Event], doc: DocEntities, text: str, sentences: list[Sentence]) -> None:
    """Companies said to be "among those named" join the story's latest listing told before them."""
    for si, sentence in enumerate(sentences):
        among = AMONG_LISTED.search(text, sentence.start, sentence.end)
        if among is None:
            continue
        listing = next((e for e in reversed(events) if e.predicate in LISTINGS and e.sentence < si), None)
        if listing is None:
            continue
        for m in doc.by_sentence[si]:
            entity = doc.entities.get(m.entity) if m.entity else None
            if entity is not None and entity.type in ("Vendor", "Organization", "Bank") and m.end <= among.start() and m.source != "coref":
                listing.add("target", entity.id)


# "has today designated the following persons …:" then "(a) A …", "(b) B …": a notice's list of those it names.
FOLLOWING = re.compile(r"\bthe following\s+(?:(?:[\w-]+\s+)?(?:persons|entities|companies|firms|individuals|organi[sz]ations|people|parties|suppliers|"
                       r"vendors|providers|manufacturers|undertakings)\b|(?:are|is|were|shall be|will be|have been|has been)\s)[^.]*:\s*$", re.I)
# "adds the persons listed in paragraph 2 to the List": the names a notice lists under another of its paragraphs.
LISTED_IN = re.compile(r"\b(?:persons|entities|companies|firms|individuals|organi[sz]ations|parties)\s+(?:listed|named|specified|set out)\s+"
                       r"(?:in|under)\s+(?:paragraph|section|item|clause)\s+(?P<n>\d{1,2})\b", re.I)
ITEM = re.compile(r"[ \t]*(?:\(?(?:[a-z]|[ivx]{1,4}|\d{1,2})[.)]|[-•*])[ \t]+")


def _following_listed(events: list[Event], doc: DocEntities, text: str, sentences: list[Sentence]) -> None:
    """A listing whose sentence ends "the following persons:" takes the first name of each item listed after it;
    those names replace a group the sentence named ("Designated Persons")."""
    for event in [e for e in events if e.predicate in LISTINGS]:
        sentence = sentences[event.sentence]
        if not FOLLOWING.search(text, sentence.start, sentence.end):
            continue
        named = _items_listed(doc, text, sentence)
        if not named:
            continue
        groups = [t for t in event.roles.get("target", []) if doc.entities.get(t) is not None and doc.entities[t].weak]
        event.roles["target"] = [t for t in event.roles.get("target", []) if t not in groups]
        event.groups += groups
        for ident in named:
            if ident not in event.roles.get("actor", []):
                event.add("target", ident)


TO_COLON_END = re.compile(r"\bto\s*:\s*$")


def _ordered_items(events: list[Event], doc: DocEntities, text: str, sentences: list[Sentence]) -> None:
    """"The CBE has directed Pelerin to: 1. submit a plan …; 2. commission a review of its arrangements with
    Skylattice …": an order whose sentence ends in a colon concerns the vendors named in the items listed after
    it (to be replaced where an item says so)."""
    for event in [e for e in events if e.predicate in ("Directive", "DivestitureOrder")]:
        sentence = sentences[event.sentence]
        if not TO_COLON_END.search(text[sentence.start : sentence.end]):  # "directed Pelerin to:", not "X shall:"
            continue
        for lo, hi in _item_lines(text, sentence.end):
            role = "replacedVendor" if REPLACE.search(text, lo, hi) else "concernsVendor"
            for m in (m for ms in doc.by_sentence for m in ms if lo <= m.start < hi and m.entity in doc.entities):
                if doc.entities[m.entity].type == "Vendor" and m.entity not in event.participants():
                    event.add(role, m.entity)


LINE_WITH_BREAK = re.compile(r"[^\n]*\n?")


def _item_lines(text: str, pos: int) -> list[tuple[int, int]]:
    """The spans of the lines of a list ("1. …", "(a) …", "- …") that begins on the line after ``pos``."""
    out: list[tuple[int, int]] = []
    style = None
    for line in LINE_WITH_BREAK.finditer(text[pos:]):
        lo, hi = pos + line.start(), pos + line.end()
        if not line.group(0).strip():
            if hi == lo:
                break
            continue
        item = ITEM.match(text, lo)
        if not item or (style or _item_style(item.group(0))) != _item_style(item.group(0)):
            break  # "(a) …", "(b) …" then "4. New procedures": the next paragraph is no item of the list
        style = _item_style(item.group(0))
        out.append((lo, hi))
    return out


def _paragraph_items(doc: DocEntities, text: str, sentences: list[Sentence], number: str) -> list[str]:
    """The names listed as items ("(a) …", "(b) …") under a notice's numbered paragraph ``number``, after the first
    of its sentences that ends in a colon."""
    head = re.compile(rf"(?m)^[ \t]*{number}\.[ \t]+").search(text)
    if head is None:
        return []
    for sentence in [s for s in sentences if s.end > head.start()][:3]:
        if text[sentence.start : sentence.end].rstrip().endswith(":"):
            return _items_listed(doc, text, sentence)
    return []


DIGITS = re.compile(r"\d+")
LOWER_LETTERS = re.compile(r"[a-z]+")


def _item_style(marker: str) -> str:
    """The kind of an item's marker: "1." and "2." are alike, "(a)", "(b)" and "(ii)" are alike, "-" and "•" are alike."""
    return DIGITS.sub("9", LOWER_LETTERS.sub("a", marker.strip()))


def _items_listed(doc: DocEntities, text: str, sentence: Sentence) -> list[str]:
    """The first name of each item ("(a) …", "- …") listed on the lines after ``sentence``, if there are two or more."""
    mentions = sorted((m for ms in doc.by_sentence for m in ms if m.start >= sentence.end and m.source != "coref" and m.entity in doc.entities
                       and doc.entities[m.entity].type in ORGS + ("Person",)), key=lambda m: m.start)
    named: list[str] = []
    for lo, hi in _item_lines(text, sentence.end):
        first = next((m for m in mentions if lo <= m.start < hi), None)
        if first is not None and first.entity not in named:
            named.append(first.entity)
    return named if len(named) >= 2 else []


COUNT = re.compile(r"(?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens of|hundreds of)\s", re.I)


def _counted_listings(events: list[Event], doc: DocEntities) -> list[Event]:
    """"added 11 Gallistran companies to its Entity List" in a story that names those listed: the listing of a
    counted group is the named one told again, not another."""
    def counted(ident: str) -> bool:
        entity = doc.entities.get(ident)
        return entity is not None and entity.weak and bool(COUNT.match(entity.name))

    named = any(e.predicate in LISTINGS and any(not counted(t) for t in e.roles.get("target", [])) for e in events)
    return [e for e in events if not (named and e.predicate in LISTINGS and e.roles.get("target") and all(counted(t) for t in e.roles["target"]))]


NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
GROUP_COUNT = re.compile(r"(?:the\s+)?(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\b", re.I)
GROUP_COUNT_BEFORE = re.compile(r"\b(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\s+of\s+(?:its|their|the|his|her)\s+$", re.I)
# Between the members of a group named in a list: "A and B", "Sales director A and former finance chief B".
MEMBER_GAP = re.compile(r"\s*(?:,|,?\s+and|,?\s+or)\s+(?:the\s+)?(?:[a-z][\w-]*\s+){0,5}")
GROUP_APPOSITION = re.compile(r"\s*(?:,|:|\(|\s+-)\s*(?:namely\s+|including\s+)?(?:the\s+)?")


def _group_members(doc: DocEntities, text: str, sentences: list[Sentence], group: str) -> list[str]:
    """The members a counted group ("two executives of X", "two of its member companies") stands for: the names
    of its kind listed right after it, else the same number listed together in the next sentence."""
    entity = doc.entities[group]
    mentions = sorted(entity.mentions, key=lambda m: m.start)
    if not mentions:
        return []
    # "two executives of X", or "two of its member companies" (the count before the group's words)
    count = GROUP_COUNT.match(entity.name.strip()) or GROUP_COUNT_BEFORE.search(text, max(0, mentions[0].start - 30), mentions[0].start)
    if count is None:
        return []
    n = int(count.group("n")) if count.group("n").isdigit() else NUMBER_WORDS[count.group("n").lower()]
    kinds = ("Person",) if entity.type == "Person" else COMPANIES
    first = mentions[0]
    spots = [(first.sentence, first.end, GROUP_APPOSITION)]
    if first.sentence + 1 < len(sentences):
        spots.append((first.sentence + 1, sentences[first.sentence + 1].start, None))
    for si, pos, joint in spots:
        runs = _runs(doc, text, si, group, kinds, pos)
        if not runs or (joint is not None and not joint.fullmatch(text, pos, runs[0][0].start)):
            continue
        ids = _ids(runs[0])
        if len(ids) == n:
            return ids
        every = _ids([m for run in runs for m in run])
        if joint is None and len(every) == n and n >= 2:
            return every  # "… fined two brokerages. A was fined €1.8 million and B €950,000.": the next sentence names just so many
    return _counted_list(doc, text, sentences, entity, n, count.group("n").lower())


def _counted_list(doc: DocEntities, text: str, sentences: list[Sentence], entity, n: int, word: str) -> list[str]:
    """The members of a counted group spelled out elsewhere in the story: the first sentence that gives the
    same count ("five of the country's lenders: A, B, C, D and E") before exactly that many names of the group's
    kind (banks for "banks") listed together; else the one set of just so many names the story lists anywhere."""
    kinds = ("Person",) if entity.type == "Person" else ("Bank",) if entity.type == "Bank" else COMPANIES
    said = re.compile(rf"\b{re.escape(word)}\b", re.I)
    lists: list[list[str]] = []  # every list of just so many names of the kind, wherever the story gives it
    for si, sentence in enumerate(sentences):
        counted = said.search(text, sentence.start, sentence.end)
        for run in _runs(doc, text, si, entity.id, kinds, counted.end() if counted else sentence.start):
            ids = _ids(run)
            if len(ids) == n and n >= 2:
                if counted is not None:
                    return ids
                lists.append(ids)
    # "… hit three of the country's biggest brokerages. The intrusion affected A, B and C …": the one set of
    # so many names the story lists is the group's.
    return lists[0] if lists and all(set(ids) == set(lists[0]) for ids in lists) else []


def _runs(doc: DocEntities, text: str, si: int, group: str, kinds: tuple[str, ...], pos: int) -> list[list[Mention]]:
    """The mentions of ``kinds`` (not ``group``, none typed for want of a sign) listed together in sentence ``si``
    from ``pos`` on, list by list in text order: "A, B and C", a name repeated inside its list."""
    named = sorted((m for m in doc.by_sentence[si] if m.start >= pos and m.entity in doc.entities
                    and m.entity != group and doc.entities[m.entity].type in kinds and not doc.entities[m.entity].weak),
                   key=lambda m: m.start)
    runs: list[list[Mention]] = []
    for m in named:
        if runs and (MEMBER_GAP.fullmatch(text, runs[-1][-1].end, m.start) or m.entity == runs[-1][-1].entity):
            runs[-1].append(m)
        else:
            runs.append([m])
    return runs


def _ids(mentions: list[Mention]) -> list[str]:
    """The entities of ``mentions``, each once, in order."""
    return list(dict.fromkeys(m.entity for m in mentions))


OF_GAP = re.compile(r"\s+of\s+(?:the\s+)?")


def _group_employer(doc: DocEntities, text: str, group: str) -> str | None:
    """The company a counted group of people belongs to: "two executives of Gorstead", "three Varn engineers"."""
    entity = doc.entities[group]
    if entity.type != "Person":
        return None
    for g in entity.mentions:
        for m in doc.by_sentence[g.sentence]:
            if m.entity in doc.entities and doc.entities[m.entity].type in COMPANIES and not doc.entities[m.entity].weak \
                    and (g.start <= m.start and m.end <= g.end or OF_GAP.fullmatch(text[g.end : m.start])):
                return m.entity
    return None


def _counted_groups(events: list[Event], doc: DocEntities, text: str, sentences: list[Sentence]) -> None:
    """A counted group in any event's role ("indicted two executives of Gorstead", "to exclude two of its member
    companies, A and B") is replaced, once for every event, by the members the story names for it."""
    resolved: dict[str, list[str]] = {}
    for event in events:
        employers: list[str | None] = []
        for role, values in event.roles.items():
            if role in LITERAL_ROLES:
                continue
            for v in list(values):
                entity = doc.entities.get(v)
                if entity is None or not entity.weak:
                    continue
                if v not in resolved:
                    resolved[v] = _group_members(doc, text, sentences, v)
                if resolved[v]:
                    at = values.index(v)
                    values[at : at + 1] = [x for x in resolved[v] if x not in values]
                    event.groups.append(v)
                    employers.append(_group_employer(doc, text, v))
        for employer in employers:
            if employer is not None and employer not in event.participants():
                event.add("concernsVendor", employer)


def _listed_before(view: SentenceView, last: Mention) -> list[Mention]:
    """``last`` and the names of its kind listed just before it: "A, B and C would be barred" from C."""
    out = [last]
    kinds = COMPANIES if view.kind(last) in COMPANIES else (view.kind(last),)
    for m in reversed(view.items(kinds, collectives=False)):
        if m.end <= out[0].start and LIST_SEPARATOR.fullmatch(view.text[m.end : out[0].start]):
            out.insert(0, m)
        elif m.end <= out[0].start:
            break
    return out


SPEAKER_AFTER = re.compile(r"[\s,]*(?:(?:spokes(?:man|woman|person)|minister|official)\s+)?(?:[A-Z][\w-]*\s+){0,3}(?:said|says|told)\b")
SAID_AFTER = re.compile(r"[\s,]*(?:said|says|announced|added|stated|ruled|decided)\b")


BOTH = re.compile(r"\b(?P<count>both|the two|the three|the four|the five|the six)\s+(?:[a-z-]+\s+)?"
                  r"(?P<noun>carriers|operators|banks|lenders|companies|firms|enterprises|groups|insurers|airlines)[\s,]+(?:\w+\s+){0,2}?$", re.I)
# The same right after a verb: "directed both banks to submit …".
BOTH_AFTER = re.compile(r"\s+(?P<count>both|the two|the three|the four|the five|the six)\s+(?:[a-z-]+\s+)?"
                        r"(?P<noun>carriers|operators|banks|lenders|companies|firms|enterprises|groups|insurers|airlines)\b", re.I)
COUNTS = {"both": 2, "the two": 2, "the three": 3, "the four": 4, "the five": 5, "the six": 6}


def _both_named(view: SentenceView, start: int) -> list[str]:
    """"asked both carriers not to install …", "the three companies had …": the companies a counted back-reference
    before ``start`` stands for (see :func:`_counted_named`)."""
    both = BOTH.search(view.text, max(view.sentence.start, start - 80), start)
    return _counted_named(view, both) if both is not None else []


def _counted_named(view: SentenceView, both: re.Match[str]) -> list[str]:
    """The companies a counted back-reference (:data:`BOTH`, :data:`BOTH_AFTER`) stands for: the last ones named
    before it in its sentence and the three before (of a bank's kind for "banks", "lenders")."""
    count = COUNTS[both.group("count").lower()]
    kinds = ("Bank",) if both.group("noun").lower() in ("banks", "lenders") else ("Organization", "Bank", "Vendor")
    found: list[str] = []
    for k in range(view.si, max(-1, view.si - 4), -1):
        for m in reversed(view.doc.by_sentence[k]):
            if m.start < both.start() and m.entity in view.doc.entities and view.doc.entities[m.entity].type in kinds \
                    and m.entity not in found and not view.doc.entities[m.entity].weak:
                found.append(m.entity)
        if len(found) >= count:
            return found[:count][::-1]
    return []


def _stop_buying(view: SentenceView, start: int, end: int) -> Event | None:
    """"The regulator ordered operators of … to stop buying them", "banks must stop purchasing X products,
    the agency said": a ban on buying from a vendor, aimed at the companies or group that must stop."""
    # The speaker after the words ("…, the agency said"), else the nearest body before them.
    actor = next((m for m in view.right(end, GOVERNMENT, collectives=False) if SAID_AFTER.match(view.text[m.end : m.end + 12])), None)
    if actor is None:
        actor, _ = _actor(view, start, end, GOVERNMENT)
    # Who must stop: the first company or group of the clause ("Operators of …, a category that covers banks, … must stop").
    subjects = [m for m in view.items(("Bank", "Organization"), True) if m.end <= start and (actor is None or m.start > actor.end or m.end <= actor.start)]
    targets = _both_named(view, start) or ([view.participant(subjects[0])] if subjects else [])
    vendors = view.right(end, ("Vendor",), collectives=False)[:1] or view.items(("Vendor",), collectives=False)[:1]
    if actor is None or not targets:
        return None
    event = Event("Restriction", view.si, start, end, confidence=0.6)
    event.add("actor", view.participant(actor))
    for target in targets:
        event.add("target", target)
    vendor = view.participant(vendors[0]) if vendors else _story_vendor(view)
    if vendor and vendor not in event.participants():
        event.add("concernsVendor", vendor)
    if len(event.participants()) < 3 and not vendor:
        return None
    event.predicate = "Ban"
    product = _product(view, end, view.sentence.end)
    if product:
        event.roles["product"] = [product]
    event.main = "target"
    return event


FINE_PRINT_AFTER = re.compile(r"\s+(?:print|details?|tun\w+)\b")


def _penalty(view: SentenceView, start: int, end: int, word: str) -> Event | None:
    """"The watchdog fined X 48 million euros", "X was fined by Y", "X agreed to settle with Y"."""
    kind = "Settlement" if word.startswith("settle") else "Fine" if word.startswith("fin") else "Penalty"
    if kind == "Fine" and FINE_PRINT_AFTER.match(view.text[end : end + 10]):
        return None  # "the fine print"
    actor, passive = _actor(view, start, end, ("Regulator",))
    if actor is None:
        actor = by_agent_after(view, end, ("Regulator",))  # "a penalty … was imposed on X by the Authority"
    if actor is None:
        actor, passive = _actor(view, start, end, ("Regulator", "Country"))  # the body that fines, else its state
    targets = _fined(view, start, end, passive)
    event = Event(kind, view.si, start, end, confidence=0.65)
    if actor is not None:
        event.add("actor", view.participant(actor))
    elif _passive(view, start, end):
        # "The SSC fined two brokerages … Ordley Brokerage was fined €1.8 million": by the body that fined before.
        before = next((e for e in reversed(view.events) if e.predicate in ("Fine", "Settlement", "Penalty") and e.roles.get("actor")), None)
        if before is not None:
            event.add("actor", before.roles["actor"][0])
    for t in targets:
        if t is not None and (actor is None or view.participant(t) != view.participant(actor)):
            event.add("target", view.participant(t))
    if kind == "Settlement" and not event.roles.get("actor"):
        other = view.right(end, ("Regulator",))
        if other:
            event.add("actor", view.participant(other[0]))
    targets_are_banks = all(view.doc.entities.get(t) is not None and view.doc.entities[t].type == "Bank" for t in event.roles.get("target", []))
    for v in view.items(("Vendor",), collectives=False)[:1] if targets_are_banks else []:
        if view.participant(v) not in event.participants():
            event.add("concernsVendor", view.participant(v))  # a bank fined over its supplier
    if targets_are_banks and event.roles.get("target") and not event.roles.get("concernsVendor"):
        main = _story_vendor(view)
        if main is not None:
            event.add("concernsVendor", main)  # the supplier the story is about
    found = money(view.text[start : view.sentence.end])
    if found:
        event.roles["amount"], event.roles["currency"] = [found[0]], [found[1]]
    if not event.roles.get("target") or not (event.roles.get("actor") or found):
        return None
    event.main = "target"
    return event


def _story_vendor(view: SentenceView) -> str | None:
    """The story's main vendor, for a sentence that names none, unless the sentence tells of an earlier year's case."""
    return None if _years_before(view) else _main_vendor(view.doc)


YEAR_NUMBER = re.compile(r"\b(?:19|20)\d\d\b")


def _years_before(view: SentenceView) -> bool:
    """Whether the sentence dates what it tells to a year before the story's ("was fined by the OFSA in 2024" in a
    story of 2025): a past case, not the story's own, so not about the story's vendor."""
    year = view.published[:4]
    return year.isdigit() and any(y < year for y in YEAR_NUMBER.findall(view.part()))


PENALISED = ("Bank", "Vendor", "Organization", "Person")


def _fined(view: SentenceView, start: int, end: int, passive: bool) -> list[Mention | None]:
    """Who is fined: those listed before a passive verb ("A, B and C were each fined"), else those after the verb
    (the names of a counted group: "fined three banks, A, B and C"), else the subject before it."""
    if passive:
        last = view.left(start, PENALISED)
        return _listed_before(view, last) if last is not None and last.source != "collective" else [last]
    first = [m for m in view.right(end, PENALISED) if m.start - end < 60][:1]
    if not first:
        return [view.left(start, PENALISED)]
    if first[0].source == "collective":
        named = view.right(first[0].end, PENALISED, collectives=False)[:1]
        if named and (AMONG.fullmatch(view.text, first[0].end, named[0].start) or NAMELY.fullmatch(view.text, first[0].end, named[0].start)):
            return _listed(view, named[0])  # "three banks, A, B and C": the banks named
        return first
    return _listed(view, first[0])


def _main_vendor(doc: DocEntities) -> str | None:
    """The vendor a story is about: named at least three times, and more often than any other."""
    counts = sorted(((len(e.mentions), e.id) for e in doc.entities.values() if e.type == "Vendor"), reverse=True)
    if not counts or counts[0][0] < 3 or (len(counts) > 1 and counts[1][0] == counts[0][0]):
        return None
    return counts[0][1]


def _vendor_nearby(view: SentenceView) -> list[str]:
    """The one vendor the sentences just before and after name, when they name only one."""
    found = {m.entity for k in (view.si - 1, view.si + 1) if 0 <= k < len(view.doc.by_sentence) for m in view.doc.by_sentence[k]
             if m.entity in view.doc.entities and view.doc.entities[m.entity].type == "Vendor"}
    return sorted(found) if len(found) == 1 else []


INCIDENT_WORD_START = re.compile(r"(?:breach|hack|cyber|intrusion|ransom|left|leak|data)")


def _incident(view: SentenceView, start: int, end: int, word: str) -> Event | None:
    """An outage or a breach that hit a bank or company through a vendor."""
    kind = "Incident" if INCIDENT_WORD_START.match(word) else "Outage"
    if word.startswith("fail") and FAILED_CHECK.match(view.text, end):
        return None  # "failed the review", "failed to assess": a verdict or a fault, not an outage
    if DEFENCE.search(view.text, max(view.sentence.start, start - 40), start):
        return None  # "software … to detect intrusions": what a product guards against, not an incident
    hit = [m for m in view.items(("Bank", "Organization"), collectives=False) if not _product_of(view.text, m, view.doc)]
    vendors = [view.participant(v) for v in view.items(("Vendor",), collectives=False)]
    if not hit and not vendors:
        return None
    if hit and not vendors and kind == "Outage":  # a hack names its way in where it tells of it
        vendors = _vendor_nearby(view)  # "… the disruption at the Bank. It began during a move to Corbelline's cloud."
    event = Event(kind, view.si, start, end, confidence=0.55)
    for m in hit[:2]:
        event.add("target", view.participant(m))
    for v in vendors[:2]:
        event.add("concernsVendor", v)
    if not event.roles.get("concernsVendor"):
        return None  # an outage or breach is news here when it reaches someone through a vendor
    # With the vendor alone, the sentences around name who was hit (see _incident_victims).
    event.main = "target"
    return event


FAILED_CHECK = re.compile(r"\s+(?:to\s|(?:the|a|an|its|their)\s+(?:[\w-]+\s+){0,2}?(?:review|assessment|test|audit|inspection|evaluation|"
                          r"examination|check|certification|screening)s?\b)", re.I)


SAY = re.compile(r"\b(?:said|says|say|stated|statement|told|called|described|accused|warned|added)\b")


OPTIONAL_POSSESSIVE_GAP = re.compile(r"(?:['’]s)?\s*")
QUOTE_THEN_BY = re.compile(r"[\s\"”'’,]+(?:\w+\s+){0,2}?by\b")


def _reproach(view: SentenceView, start: int, end: int, word: str) -> Event | None:
    """"Tharnland's Ministry of Commerce said that Quessary was abusing state power", "the embassy said
    the listing was economic coercion by Brellund": a government body's reproach of another state or body."""
    # The speaker: the last body before the words with a verb of saying right after it.
    said = [m for m in view.items(GOVERNMENT, collectives=False) if m.end <= start and SAY.search(view.text, m.end, min(start, m.end + 40))]
    speaker = said[-1] if said else None
    if speaker is None:
        speaker = next((m for m in view.right(end, GOVERNMENT, collectives=False) if SAID_AFTER.match(view.text[m.end : m.end + 12])), None)
    if speaker is None:
        # '"… abused state power to suppress our companies," Orrelay said': a state's spokesperson speaks for it.
        speaker = next((m for m in view.right(end, ("Person",), collectives=False)
                        if SAID_AFTER.match(view.text[m.end : m.end + 12]) and _official(view, m.entity)), None)
    if speaker is None:
        return None
    own = {view.participant(m) for m in view.items(("Country",), collectives=False)  # "Tharnland's Ministry", not '… by X," Y said'
           if (0 <= speaker.start - m.end <= 4 and OPTIONAL_POSSESSIVE_GAP.fullmatch(view.text[m.end : speaker.start]))
           or (speaker.start <= m.start and m.end <= speaker.end)}
    own.add(view.participant(speaker))
    lo = speaker.end if speaker.end <= start else view.sentence.start
    between = [m for m in view.items(GOVERNMENT, collectives=False) if lo <= m.start and m.end <= start and view.participant(m) not in own]
    by = QUOTE_THEN_BY.match(view.text[end : view.sentence.end])
    after = [m for m in view.right(end + by.end(), GOVERNMENT, collectives=False) if view.participant(m) not in own][:1] if by else []
    targets = after or between[-1:]
    if not targets:
        # "Zemoria's embassy called the decision 'discriminatory'": a state's protest at the measure.
        protest = Event("Protest", view.si, start, end, confidence=0.5)
        protest.add("actor", view.participant(speaker))
        if speaker.source == "collective" or view.kind(speaker) == "Person" or not _protested_measure(view, protest, own):
            return None
        protest.main = "target"
        return protest
    event = Event("Accusation", view.si, start, end, confidence=0.5)
    event.add("actor", view.participant(speaker))
    event.add("target", view.participant(targets[0]))
    event.main = "target"
    return event


# The words before a person's first mention that make them speak for a state: "Foreign Ministry spokesperson X".
OFFICIAL_TITLE = re.compile(r"\b(?:spokes(?:man|woman|person)|minister|ministry|ambassador|embassy|government)\b[^.;]{0,30}$", re.I)


def _official(view: SentenceView, ident: str | None) -> bool:
    """Whether a person is introduced as a spokesperson, minister or envoy of a state."""
    entity = view.doc.entities.get(ident or "")
    if entity is None or entity.type != "Person" or not entity.mentions:
        return False
    first = min(entity.mentions, key=lambda m: m.start)
    return bool(OFFICIAL_TITLE.search(view.text[max(0, first.start - 60) : first.start]))


RELATIVE_SAID = re.compile(r",\s+(?:which|who)\b[^;\"“]{0,200}?,\s+(?:said|says|added)\b")


def _hangs_on(view: SentenceView, m: Mention, start: int) -> bool:
    """Whether a relative clause about ``m`` is all that stands between it and the verb at ``start``."""
    return RELATIVE_SAID.match(view.text, m.end, start) is not None or RELATIVE_ASIDE.fullmatch(view.text, m.end, start) is not None


DENIAL_WORDS = re.compile(r"\b(?:said|says|statement)\b|\b(?:den\w+|reject\w*)\s+(?:the|any|all|that|its)\b")
LOWER_WORD_AFTER = re.compile(r"\s+[a-z]")


def _denial(view: SentenceView, start: int, end: int, word: str) -> Event | None:
    """"X denied the allegation", "X rejects the findings": the speaker before the verb."""
    if not DENIAL_WORDS.search(view.text[max(view.sentence.start, start - 60) : end + 30]):
        return None
    speakers = [m for m in view.items(("Vendor", "Bank", "Organization", "Country", "Regulator"), collectives=False) if m.end <= start
                and not (m.source == "demonym" and LOWER_WORD_AFTER.match(view.text[m.end : m.end + 3]))]
    speaker = speakers[-1] if speakers else None  # "the Zarvonian city of Korsund": a demonym describing a noun speaks not
    # "Helix Corvane, which is based in Tolk and is Zemoria's largest chipmaker, said it rejects": the name the clause hangs on.
    # "Halocrest, which is headquartered in Quarrington in neighbouring Forvandy, rejected …": the same, without "said".
    speaker = next((m for m in speakers if m.source != "coref" and _hangs_on(view, m, start)), speaker)
    # "Rhennic, which is based in Dushavel and sells servers …, said it rejects": a relative clause between is no distance.
    if speaker is None or (start - speaker.end > 80 and not _hangs_on(view, speaker, start)):
        return None
    event = Event("Denial", view.si, start, end, confidence=0.55)
    event.add("actor", view.participant(speaker))
    event.main = "actor"
    return event


ALLEGATIONS = re.compile(r"['’]s?\s+(?:[\w-]+\s+)?(?:allegations?|accusations?|claims)\b", re.I)
# "Orlek rejected the finding", "said it 'firmly rejects' the allegation": a charge denied without saying whose.
UNOWNED_ALLEGATIONS = re.compile(r"\b(?:den(?:y|ies|ied)|reject(?:s|ed)?|dismiss(?:es|ed)?|refut(?:e|es|ed))[\"”'’]?\s+(?:the|these|those|such|all|any)\s+"
                                 r"(?:[a-z][\w-]*\s+)?(?:allegations?|accusations?|claims?)\b", re.I)


def _denied_allegations(events: list[Event], doc: DocEntities, text: str, sentences: list[Sentence]) -> None:
    """"Rhennic said it firmly rejects the bureau's allegations": the body whose allegations are denied accused
    the one who denies them; "Orlek rejected the finding" (whose, unsaid): the public body or official who
    spoke last in the three sentences before."""
    for denial in [e for e in events if e.predicate == "Denial" and e.roles.get("actor")]:
        denier = denial.roles["actor"][0]
        accuser = next((m.entity for m in doc.by_sentence[denial.sentence] if m.entity in doc.entities and m.entity != denier
                        and doc.entities[m.entity].type in GOVERNMENT and ALLEGATIONS.match(text, m.end)), None)
        sentence = sentences[denial.sentence]
        told = any(e.predicate == "Accusation" and e.sentence < denial.sentence for e in events)
        if accuser is None and not told and UNOWNED_ALLEGATIONS.search(text, sentence.start, sentence.end):
            accuser = _last_speaker(doc, text, denial.sentence, denier)  # an accusation told before is the one denied
        if accuser is None:
            continue
        if not any(e.predicate == "Accusation" and denier in e.roles.get("target", []) and accuser in e.roles.get("actor", []) for e in events):
            accusation = Event("Accusation", denial.sentence, denial.start, denial.end, confidence=0.5,
                               method="rule:denied-allegations", main="target")
            accusation.add("actor", accuser)
            accusation.add("target", denier)
            events.append(accusation)
        denial.roles.setdefault("inResponseTo", ["@Accusation"])


SPEAKS = re.compile(r"\s+(?:also\s+)?(?:said|says|stated|told|added|announced)\b")
SPEAKER_TITLE = re.compile(r"\b(?:spokes(?:man|woman|person)|minister|secretary|ambassador|director|commissioner|chair\w*|official)\b[^.;,]{0,30}$", re.I)


def _last_speaker(doc: DocEntities, text: str, si: int, denier: str) -> str | None:
    """The public body (or official introduced by title) with a verb of saying after it, last in the
    three sentences before ``si``."""
    for k in range(si - 1, max(-1, si - 4), -1):
        for m in reversed(doc.by_sentence[k]):
            entity = doc.entities.get(m.entity) if m.entity else None
            if entity is None or entity.id == denier or not SPEAKS.match(text, m.end):
                continue
            if entity.type in ("Regulator", "Country") or (entity.type == "Person" and SPEAKER_TITLE.search(text[max(0, m.start - 60) : m.start])):
                return entity.id
    return None


COURT = re.compile(r"\b(?:court|tribunal)\b", re.I)
PARTY_AFTER = re.compile(r"^[ \t]*\n?[ \t]*(Claimants?|Defendants?|Respondents?|Appellants?|Applicants?)[ \t]*(?:\n|$)")
PARTY_BEFORE = re.compile(r"\b[Tt]he (Claimant|Defendant|Respondent|Appellant|Applicant),?\s+(?:is\s+)?$")


def _court_parties(text: str, doc: DocEntities) -> dict[str, str]:
    """The parties a court paper names by role: "MARLO SYSTEMS LIMITED / Claimant", "The Defendant, the
    Minister …": {"claimant": id, "defendant": id}."""
    roles = {"claimant": "claimant", "applicant": "claimant", "appellant": "claimant", "defendant": "defendant",
             "respondent": "defendant"}
    found: dict[str, str] = {}
    for entity in doc.entities.values():
        if entity.type in ("Person", "Place", "Country"):
            continue
        for m in entity.mentions:
            label = PARTY_AFTER.match(text[m.end : m.end + 60]) or PARTY_BEFORE.search(text[max(0, m.start - 30) : m.start])
            if label:
                found.setdefault(roles[label.group(1).lower().rstrip("s")], entity.id)
    return found


AGAINST_WORD = re.compile(r"\bagainst\b")
CLAIM_WORD = re.compile(r"\b(?:seek\w*|claim\w*|damages|compensation)\b", re.I)


def _lawsuit(view: SentenceView, start: int, end: int, word: str) -> Event | None:
    """"Nordwing Air filed a lawsuit against Sentrovane", "Marlo brought a claim against the minister":
    the claimant before the words, the defendant after them (after "against" when it is said)."""
    parties = ("Vendor", "Bank", "Organization", "Regulator", "Country", "Person")
    claimant, passive = _actor(view, start, end, ("Vendor", "Bank", "Organization", "Person", "Regulator"))
    if claimant is None:
        claimant = by_agent_after(view, end, ("Vendor", "Bank", "Organization", "Person"))  # "a lawsuit filed by X against Y"
    against = AGAINST_WORD.search(view.text[end : view.sentence.end])
    pos = end + against.end() if against else end
    defendants = [m for m in view.right(pos, parties, collectives=False) if not COURT.search(view.doc.entities[m.entity].name)
                  and m.start - pos < 80 and m is not claimant][:1]
    if passive:
        defendants = [m for m in [view.left(start, parties, collectives=False)] if m is not None]  # "Y was sued by X"
    if claimant is not None and COURT.search(view.doc.entities[claimant.entity].name):
        claimant = None
    actor = view.participant(claimant) if claimant is not None else view.parties.get("claimant")
    target = view.participant(defendants[0]) if defendants else view.parties.get("defendant")
    if not against and not passive and actor is not None and actor == view.parties.get("claimant"):
        target = view.parties.get("defendant") or target  # "the Applicant sought annulment of the decision": of the Respondent's
    if actor is None or target is None or actor == target:
        return None
    event = Event("Lawsuit", view.si, start, end, confidence=0.6)
    event.add("actor", actor)
    event.add("target", target)
    found = money(view.text[start : view.sentence.end])
    if found and CLAIM_WORD.search(view.part()):
        event.roles["amount"], event.roles["currency"] = [found[0]], [found[1]]
    event.main = "target"
    return event


THE_COURT = re.compile(r"\b(?:the|this) (?:court|tribunal|judge)\b", re.I)
COURT_APPLICATION_WORD = re.compile(r"\b(?:claim|application|appeal|challenge|action|petition|complaint)\b", re.I)


def _court_ruling(view: SentenceView, start: int, end: int, word: str) -> Event | None:
    """"The High Court dismissed Kovalt's claim", "the court ruled against Tavrin": the court (named in
    the sentence or just before) and the party it ruled on."""
    courts = [m for m in view.items(("Regulator",), collectives=False) if COURT.search(view.doc.entities[m.entity].name)]
    court = view.participant(courts[0]) if courts else None
    if court is None and (view.parties or THE_COURT.search(view.part())):
        # "the Court dismissed …", or any ruling in a court's own paper (one naming its parties by role): that court
        named = [e for e in view.doc.entities.values() if e.type == "Regulator" and COURT.search(e.name)]
        court = min(named, key=lambda e: min(m.start for m in e.mentions)).id if named else None
    if court is None:
        return None
    parties = [m for m in view.items(("Vendor", "Bank", "Organization"), collectives=False)]
    target = view.participant(min(parties, key=lambda m: abs(m.start - end))) if parties else None
    if target is None and COURT_APPLICATION_WORD.search(view.part()):
        target = view.parties.get("claimant")  # "The Court has dismissed the claim": the claimant's
    if target is None or target == court:
        return None
    event = Event("CourtRuling", view.si, start, end, confidence=0.55)
    event.add("actor", court)
    event.add("target", target)
    event.main = "target"
    return event


# "Pemberly's $2.3bn bid for Lumera", "Osterlyn's purchase of Pellam": the buyer owns the deal's noun.
DEAL_OWNER = re.compile(r"['’]s?\s+(?:(?:proposed|planned|pending|intended|hostile)\s+)?(?:[\w$.,-]+\s+){0,2}?$")
DEAL_NOUN_TRIGGER = re.compile(r"(?:acquisition|takeover|purchase|bid|buyout)(?:\s+(?:of|for))?$")


OF_OR_FOR_GAP = re.compile(r"\s*(?:of|for)?\s*(?:the\s+)?")
BY_BUYER_AFTER = re.compile(r"(?:,[^,;()]{0,120},)?\s+by\s+(?:[\w-]+['’]s\s+)?(?:the\s+)?")


def _nominal_deal(view: SentenceView, start: int, end: int, word: str) -> Event | None:
    """A deal named by its noun: "the takeover of Lumera Instruments, the Tarnwick-based maker …, by Pemberly",
    "the acquisition of Pellam, a provider of …, by Osterlyn", "Pemberly's bid for Lumera": the company after
    the noun is bought; the buyer is the one after "by" in that phrase, or the owner of the noun."""
    if not DEAL_NOUN_TRIGGER.search(word):
        return None
    companies = ("Vendor", "Organization", "Bank")
    bought = view.right(end, companies, collectives=False)[:1]
    if not bought or not OF_OR_FOR_GAP.fullmatch(view.text[end : bought[0].start]):
        return None
    owner = view.left(start, companies, collectives=False)
    buyer = owner if owner is not None and DEAL_OWNER.fullmatch(view.text, owner.end, start) else None
    if buyer is None:
        # "…, the Tarnwick-based maker of wafer-inspection tools, by Wescoria's Pemberly": after the apposition.
        by = BY_BUYER_AFTER.match(view.text[bought[0].end : view.sentence.end])
        after = view.right(bought[0].end + by.end(), companies, collectives=False)[:1] if by else []
        buyer = after[0] if after and after[0].start == bought[0].end + by.end() else None
    if buyer is None or view.participant(buyer) == view.participant(bought[0]):
        return None
    event = Event("Acquisition", view.si, start, end, confidence=0.65, main="seller")
    event.add("buyer", view.participant(buyer))
    event.add("seller", view.participant(bought[0]))
    found = money(view.text[max(view.sentence.start, start - 40) : view.sentence.end])
    if found:
        event.roles["amount"], event.roles["currency"] = [found[0]], [found[1]]
    return event


TO_WORD = re.compile(r"\bto\b")
NEGATION_BEFORE = re.compile(r"\b(?:from|stop|not|never|no longer)\s+$")
POSSESSED_UNIT = re.compile(r"['’]s\s+((?:[\w-]+\s+){0,5}?(?:business|unit|division|operations|arm|assets|stake))\b")
UNIT_OF = re.compile(r"\s*((?:[\w-]+\s+){0,5}?(?:business|unit|division|operations|arm|assets|stake))\s+of\s+")


def _acquisition(view: SentenceView, start: int, end: int, word: str) -> Event | None:
    event = Event("Acquisition", view.si, start, end, confidence=0.7)
    after = view.text[end : view.sentence.end]
    companies = ("Vendor", "Organization", "Bank")
    if word.startswith("sel") or word == "sold":
        seller = view.left(start, companies, collectives=False)
        to = TO_WORD.search(after)
        if seller is None or to is None:
            return None
        event.add("seller", view.participant(seller))
        buyers = view.right(end + to.end(), companies, collectives=False)
        if not buyers:
            return None
        event.add("buyer", view.participant(buyers[0]))
        asset = _noun_phrase(after[: to.start()])
        if asset and len(asset.split()) <= 8:
            event.roles["asset"] = [asset]
        money_text = view.text[buyers[0].end : view.sentence.end]
    else:
        if NEGATION_BEFORE.search(view.text[max(view.sentence.start, start - 12) : start]):
            return None  # "banned from buying …", "must stop buying …" is a restriction, not a purchase
        nominal = _nominal_deal(view, start, end, word)
        if nominal is not None:
            return nominal
        buyer, passive = _actor(view, start, end, companies)
        if buyer is None:
            return None
        event.add("buyer", view.participant(buyer))
        rest = view.right(end, companies, collectives=False)
        if rest and PRODUCTS_AFTER.match(view.text[rest[0].end : rest[0].end + 40]):
            return None  # buying a company's chips is procurement, not an acquisition
        if rest:
            seller = rest[0]
            event.add("seller", view.participant(seller))
            tail = view.text[seller.end : view.sentence.end]
            m = POSSESSED_UNIT.match(tail)
            head = UNIT_OF.fullmatch(view.text[end : seller.start])
            if m:
                event.roles["asset"] = [_noun_phrase(m.group(1))]
            elif head:
                event.roles["asset"] = [_noun_phrase(head.group(1))]
            else:
                event.roles["asset"] = [seller.text]
        money_text = after
    found = money(money_text)
    if found:
        event.roles["amount"], event.roles["currency"] = [found[0]], [found[1]]
    event.main = "seller" if event.roles.get("seller") else "buyer"
    return event


NOUN_LIST_AFTER = re.compile(r",?\s+(?:and|or)\s+(?:[a-z]+\s+)?[a-z]+(?:ing|ance|ence|ment|ion|ity)\s+(?:of|for)\b")
UNTRIED = re.compile(r"\b(?:no|not|never|without|any|n't)\s+(?:[\w-]+\s+){0,2}$", re.I)


WORD_COMMA_END = re.compile(r"[a-z],\s*$")
PLAIN_WORD_AFTER = re.compile(r"\s+[a-z]+\b(?<!\bby)(?<!\bin)(?<!\bon)(?<!\bat)")
AUXILIARY_BEFORE = re.compile(r"\b(?:has|have|had|was|were|been|being|is|are)\s+(?:\w+\s+)?$")
WORDS_THEN_AT_BY_IN = re.compile(r"\s+(?:[\w-]+\s+){0,3}?(?:at|by|in)\s+(?:the\s+)?")
USING_PRODUCT_MADE_BY = re.compile(r"\b(?:using|uses|use|deploy(?:s|ed|ing)?|install(?:s|ed|ing)?|testing|tests?|trial(?:s|led|ling)?|buy(?:s|ing)?)\s+((?:[\w-]+\s+){0,3}?[\w-]+)\s+(?:made|supplied|built|from|by|of)\b")


def _trial(view: SentenceView, start: int, end: int, word: str) -> Event | None:
    """"Sorrel Commercial Bank has begun trialling Kirrin's servers": who tries or deploys which vendor's goods —
    not a trial denied or done without ("had not tested", "without adequate testing or any staged deployment"),
    nor "tested" describing a noun ("no tested fallback", "a documented and tested exit plan")."""
    if UNTRIED.search(view.text, max(view.sentence.start, start - 30), start):
        return None
    if word.endswith("ing") and (WORD_COMMA_END.search(view.text[max(view.sentence.start, start - 20) : start])
                                 or NOUN_LIST_AFTER.match(view.text, end)):
        return None  # "will cover the planning, testing and governance of …": an activity in a list, not a trial
    if word == "tested" and PLAIN_WORD_AFTER.match(view.text[end : end + 20]) \
            and not AUXILIARY_BEFORE.search(view.text[max(view.sentence.start, start - 20) : start]):
        return None
    vendors = view.items(("Vendor",), collectives=False)
    if not vendors:
        return _trial_of_product(view, start, end)
    by = BY_GAP.match(view.text[end : end + 6]) if _passive(view, start, end) else None
    if by is not None:
        return _trialled_by(view, start, end + by.end(), vendors)
    actor = next((m for m in reversed(view.items(("Bank", "Organization", "Regulator", "Country"))) if m.end <= vendors[0].start
                  and not _apposed_owner(view, m)), None)
    if actor is None and not word_is_verb(word):
        # "A pilot of Quarrel software at Harth Bank": the trial's place of use, after the vendor.
        actor = next((m for m in view.right(vendors[0].end, ("Bank", "Organization"))
                      if WORDS_THEN_AT_BY_IN.fullmatch(view.text[vendors[0].end : m.start])), None)
    if actor is None:
        return None
    event = Event("Trial", view.si, start, end, confidence=0.6)
    event.add("actor", view.participant(actor))
    for v in vendors:
        event.add("concernsVendor", view.participant(v))
    between = view.text[actor.end : vendors[0].start]
    m = USING_PRODUCT_MADE_BY.search(between)
    if m:
        event.roles["product"] = [_noun_phrase(m.group(1))]
    event.main = "concernsVendor"
    return event


COMMA_END = re.compile(r",\s*$")
NAME_POSSESSIVE_THEN_WORD = re.compile(r"[A-Z][\w-]*['’]s\s+[a-z]")
COMMA_AFTER = re.compile(r"\s*,")
POSSESSIVE_THEN_WORD = re.compile(r"['’]s\s+[a-z]")


def _apposed_owner(view: SentenceView, m: Mention) -> bool:
    """"Gorsefield Bank, Ezaria's third-largest lender, has begun …", "Quarn Bank, Harl Group's lending arm,": a
    state or company owning the description in an apposition only describes the name before it; it is not the
    clause's subject."""
    if not COMMA_END.search(view.text[max(view.sentence.start, m.start - 3) : m.start]):
        return False
    if m.source == "collective":  # "Vellmark's oldest bank" as a group of the state
        return bool(NAME_POSSESSIVE_THEN_WORD.match(m.text)) and bool(COMMA_AFTER.match(view.text[m.end : m.end + 3]))
    return bool(POSSESSIVE_THEN_WORD.match(view.text[m.end : m.end + 4]))


THE_NAMED = re.compile(r"\s+(?:the|its|their|a)\s+([A-Z][\w-]*(?:\s+[A-Z0-9][\w-]*)?)\b")


def _product_owner(view: SentenceView, pos: int) -> tuple[str, str] | None:
    """The product named right after ``pos`` ("trialling the K7 …") and its vendor, from where the story names
    it: "Kirrin's K7 line", "the K7, made by Kirrin", or a vendor whose name begins the product's."""
    named = THE_NAMED.match(view.text, pos)
    if named is None:
        return None
    product = named.group(1)
    own = re.compile(r"['’]s?\s+(?:new\s+|latest\s+)?" + re.escape(product) + r"\b")
    for ms in view.doc.by_sentence:
        for m in ms:
            entity = view.doc.entities.get(m.entity) if m.entity else None
            if entity is not None and entity.type == "Vendor" and own.match(view.text, m.end):
                return product, entity.id
    owner = _made_by(view, product) or _maker(view.doc, product)
    return (product, owner) if owner else None


def _trial_of_product(view: SentenceView, start: int, end: int) -> Event | None:
    """"Hollisfeld Bank, which began trialling the K7 in January, …" after "Kirrin's K7 line": a trial of a
    product the story says elsewhere whose it is, by the bank or company named before the verb."""
    found = _product_owner(view, end)
    actor = view.left(start, ("Bank", "Organization"))
    if found is None or actor is None or view.participant(actor) == found[1]:
        return None
    event = Event("Trial", view.si, start, end, confidence=0.55, main="concernsVendor")
    event.add("actor", view.participant(actor))
    event.add("concernsVendor", found[1])
    event.roles["product"] = [found[0]]
    return event


def _trialled_by(view: SentenceView, start: int, pos: int, vendors: list[Mention]) -> Event | None:
    """"Kirrin's servers are being tested by several Luthmeri banks, including Sorrel Bank", "the system was
    piloted by Brackwater Bank and Ostry Savings": those after "by" (and named among them) try the goods of
    the vendor named before the verb."""
    made = [v for v in vendors if v.end <= start]
    users = [m for m in _targets(view, pos, view.sentence.end) if view.kind(m) in ("Bank", "Organization", "Regulator")]
    if not made or not users:
        return None
    event = Event("Trial", view.si, start, pos, confidence=0.6, main="concernsVendor")
    for m in users:
        event.add("actor", view.participant(m))
    event.add("concernsVendor", view.participant(made[-1]))
    return event


MENT_ENDING = re.compile(r"(?:ment|ments)$")
INDICTMENT_OF_AFTER = re.compile(r"\s+(?:of|against|charging|accusing|naming)\b")


def _indictment(view: SentenceView, start: int, end: int, word: str) -> Event | None:
    actor, passive = _actor(view, start, end, GOVERNMENT)
    if actor is not None and actor.source != "collective" and COURT.search(view.doc.entities[actor.entity].name):
        actor = None  # "filed in the High Court": a court hears charges, it brings none
    officials = _officials_before(view, start)
    if officials is not None and (actor is None or actor.source == "collective" and actor.start <= officials.start < actor.end):
        actor = officials  # "Oskarran federal prosecutors": the state they act for
    event = Event("Indictment", view.si, start, end, confidence=0.7)
    if actor is not None:
        event.add("actor", view.participant(actor))
    if passive:
        target = view.left(start, ("Person", "Organization", "Vendor", "Bank"))
        targets = [target] if target else []
    elif MENT_ENDING.match(word[-4:]) or word.endswith(("ment", "ments")):
        # The noun: "the indictment of X", "charges against X".
        of = INDICTMENT_OF_AFTER.match(view.text[end : view.sentence.end])
        targets = view.right(end + of.end(), ("Person", "Organization", "Vendor", "Bank"))[:1] if of else []
    else:
        kinds = ("Person", "Organization", "Vendor", "Bank") + (("Country",) if word.startswith(("accus", "blam")) else ())
        # "accusing it of diverting processors to the Zemorian armed forces": a demonym describing a noun is no one accused.
        targets = [m for m in view.right(end, kinds) if m.start - end < 40 and not _describing(view, m)
                   and not CAUSE_BEFORE.search(view.text, end, m.start)][:1]
        targets = [_apposed_person(view, t) for t in targets]
    for t in _listed(view, targets[0]) if targets and targets[0] is not None else []:
        event.add("target", view.participant(t))
    if not event.roles.get("actor") and not event.roles.get("target"):
        return None
    event.main = "target"
    return event


# "charged over the raid on X", "charged two men with hacking into X": a name behind a preposition is what the
# charges are about, not whom they name (the accused is the verb's object).
CAUSE_BEFORE = re.compile(r"\b(?:over|for|with|after|following|about|in|at|into|on|from)\b", re.I)
# "a former X regional sales director, Dennis Ormond": the company only describes the person in apposition.
APPOSED_PERSON = re.compile(r"(?:['’]s)?\s+(?:[a-z-]+\s+){0,3}[a-z-]+,\s+(?:(?:Mr|Ms|Mrs|Dr)\.?\s+)?$")


def _apposed_person(view: SentenceView, target: Mention) -> Mention:
    """The person named in apposition after a company that only qualifies a role ("a former Vellow sales
    director, Ida Marsh"); else ``target`` itself."""
    if view.kind(target) not in COMPANIES:
        return target
    person = next((m for m in view.items(("Person",), collectives=False) if m.start >= target.end), None)
    if person is not None and APPOSED_PERSON.fullmatch(view.text, target.end, person.start):
        return person
    return target


# "Quessalian prosecutors", "Orvanthi authorities": officials named by their state's adjective act for the state.
OFFICIALS = re.compile(r"\s+(?:federal\s+|state\s+|public\s+)?(?:prosecutors|authorities|officials|investigators|government)\b", re.I)


def _restricting(view: SentenceView, start: int, end: int, word: str, actor: Mention | None, passive: bool) -> Mention | None:
    """The body that restricts, past the first guess: not one that reacts to the measure ("Vostria condemned the
    ban on X"); else the body after "by" ("the ban on X by the Ministry"); else a minister announcing it."""
    if actor is not None and not passive and REACTS_TO.fullmatch(view.text, actor.end, start):
        actor = None
    if actor is None and not word_is_verb(word):
        actor = by_agent_after(view, end, GOVERNMENT)
    return actor if actor is not None else _official_speaker(view, start)


# "condemned the ban", "protested against the new restrictions", "will challenge the blacklisting".
REACTS_TO = re.compile(r"\s+(?:(?:has|have|had|will|would|also|strongly|swiftly)\s+)*(?:condemn|protest|criticis|criticiz|denounc|oppos|reject|"
                       r"deplor|slam|welcom|challeng|appeal|contest|decr)\w*\s+(?:against\s+)?(?:the|a|an|this|that|its|their)\s+(?:[\w-]+\s+){0,2}", re.I)


DEAL_NOUN = r"(?:acquisition|takeover|purchase|buyout|bid)"
# "blocked the proposed acquisition of X by Y", "prohibits Y's takeover of X", "blocks Y takeover of X".
DEAL_OF = re.compile(r"\s+(?:the\s+)?(?:(?:proposed|planned|pending|intended)\s+)?(?:[\w$.,-]+\s+){0,3}?" + DEAL_NOUN + r"\s+of\s+(?:the\s+)?", re.I)
BUYERS_DEAL = re.compile(r"(?:['’]s?)?\s+(?:(?:proposed|planned|pending|intended)\s+)?(?:[\w$.,-]+\s+){0,2}?" + DEAL_NOUN + r"\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?", re.I)


SPACE_AND_THE = re.compile(r"\s+(?:the\s+)?")


def _blocked_deal(view: SentenceView, end: int) -> tuple[Mention, Mention] | None:
    """The buyer and the company bought of a deal a restricting verb stops: "prohibited the proposed acquisition
    of Lumen AS by Qaro Holdings", "blocks Qaro's takeover of Lumen", "CFIA blocks Qaro takeover of laser maker Lumen"."""
    companies = [m for m in view.right(end, COMPANIES, collectives=False) if not CLAUSE_BREAK.search(view.text, end, m.start)]
    if not companies:
        return None
    of = DEAL_OF.match(view.text, end)
    if of is not None and companies[0].start == of.end():
        buyer = by_agent_after(view, companies[0].end, COMPANIES)
        return (buyer, companies[0]) if buyer is not None else None
    if len(companies) > 1 and SPACE_AND_THE.fullmatch(view.text[end : companies[0].start]) \
            and BUYERS_DEAL.fullmatch(view.text, companies[0].end, companies[1].start):
        return companies[0], companies[1]
    return None


def _official_speaker(view: SentenceView, start: int) -> Mention | None:
    """"Digital Minister Oriane Vell told parliament that Brisk equipment would be barred …": a minister or
    spokesperson announcing a measure, when no body or state is named as doing it, speaks for the government."""
    for m in reversed(view.items(("Person",), collectives=False)):
        if m.end <= start and SPEAKS.match(view.text, m.end) and _official(view, m.entity):
            return m
    return None


def _officials_before(view: SentenceView, start: int) -> Mention | None:
    """The state whose adjective names the officials acting before ``start`` ("Quessalian prosecutors have charged")."""
    found = [m for m in view.items(("Country",), collectives=False) if m.end <= start and m.source == "demonym"
             and OFFICIALS.match(view.text, m.end)]
    return found[-1] if found else None


def _listed_after(view: SentenceView, pos: int, kinds: tuple[str, ...]) -> list[Mention]:
    """The first name of ``kinds`` soon after ``pos`` and those listed with it."""
    first = [m for m in view.right(pos, kinds, collectives=False) if m.start - pos < 40][:1]
    return _listed(view, first[0]) if first else []


# The accused named again: "the four, including A and B", "Three of the accused are named …: A, B and C".
ACCUSED = re.compile(r"\b(?:the\s+(?:defendants?|accused|suspects?|(?:two|three|four|five|six|seven|eight|nine|ten|\d+)(?=\s*[,:]|\s+(?:of|are|were|have|had|men|women|nationals|including)\b))"
                     r"|(?:of|among)\s+the\s+(?:accused|defendants)|\b(?:accuses|names|charging)\s+(?=(?-i:[A-Z])))", re.I)


VERSUS = re.compile(r"\s*v\.?\s*", re.I)


def _accused_named(events: list[Event], doc: DocEntities, text: str, sentences: list[Sentence]) -> None:
    """The story's charges name their defendants where the text comes back to them ("the four, including Idrin
    Vaskel and Maro Tenshaw", "Three of the accused are named in the indictment: A, B and C", a court paper's
    "Republic v. A, B and C"): the people named replace the counted group ("four Ambrathi nationals")."""
    indictment = next((e for e in events if e.predicate == "Indictment"), None)
    if indictment is None:
        return
    named: list[str] = []
    for si, sentence in enumerate(sentences):
        caption = si > 0 and VERSUS.fullmatch(text[sentences[si - 1].start : sentences[si - 1].end])
        if not caption and not ACCUSED.search(text, sentence.start, sentence.end):
            continue
        for m in doc.by_sentence[si]:
            entity = doc.entities.get(m.entity) if m.entity else None
            if entity is None or entity.type != "Person" or (m.title and m.title.strip(".") not in HONORIFICS):
                continue  # officials are named with their titles
            if entity.id not in named and entity.id not in indictment.roles.get("actor", []):
                named.append(entity.id)
    if not named:
        return
    groups = [t for t in indictment.roles.get("target", []) if t in doc.entities
              and all(m.source == "collective" for m in doc.entities[t].mentions)]
    indictment.roles["target"] = [t for t in indictment.roles.get("target", []) if t not in groups]
    indictment.groups = groups
    for ident in named:
        indictment.add("target", ident)


# "acted on the instructions of Ambrath's Ministry of State Security", "officers of Unit 4117 of the Main Intelligence
# Directorate", "a campaign directed by Tharnland's Ministry of State Security": whom charges blame behind the accused.
ATTRIBUTED = re.compile(r"\b(?:on (?:the )?(?:instructions|orders|behalf) of|at the (?:direction|behest|request) of|directed by|"
                        r"(?:working|worked|acting|acted|work) (?:for|on behalf of)|(?:officers|agents|employees|members) of|sponsored by|"
                        r"controlled by|tasked by)\b", re.I)


ATTRIBUTION_CLAUSE_WORD = re.compile(r"\b(?:that|which|who|whom|group|network|in|at|near|based)\b")


def _attribution(events: list[Event], doc: DocEntities, text: str, sentences: list[Sentence]) -> None:
    """In a story of charges, the state body the accused are said to act for is accused by whoever brings the
    charges (or the person who says so): an Accusation beside the Indictment."""
    indictment = next((e for e in events if e.predicate == "Indictment" and e.roles.get("actor")), None)
    if indictment is None:
        return
    for si, sentence in enumerate(sentences):
        for found in ATTRIBUTED.finditer(text, sentence.start, sentence.end):
            target = next((m for m in doc.by_sentence[si] if m.start >= found.end() and m.entity in doc.entities
                           and doc.entities[m.entity].type in GOVERNMENT and m.start - found.end() <= 60
                           and not ATTRIBUTION_CLAUSE_WORD.search(text[found.end() : m.start])
                           and not POSSESSIVE_AFTER.match(text[m.end : m.end + 3])), None)  # "Vostria's Ministry …": the body
            if target is None or target.entity in indictment.roles["actor"]:
                continue
            speaker = next((m for m in doc.by_sentence[si] if m.end <= found.start() and m.entity in doc.entities
                            and doc.entities[m.entity].type == "Person" and SAY.search(text, m.end, min(found.start(), m.end + 20))), None)
            event = Event("Accusation", si, sentence.start, sentence.end, confidence=0.55, method="rule:attribution-pattern", main="target")
            event.add("actor", speaker.entity if speaker is not None else indictment.roles["actor"][0])
            event.add("target", target.entity)
            if not any(e.predicate == "Accusation" and set(e.roles.get("target", [])) == {target.entity} for e in events):
                events.append(event)
            break


HONORIFICS = frozenset({"Mr", "Ms", "Mrs", "Miss", "Dr", "Mx"})


# ", ", " and ", " or " between listed names, after a legal suffix the name left out ("Vessa Mobile plc and …").
# An age after a name ("Radu Ferentz, 29, and …") is skipped.
LIST_SEPARATOR = re.compile(r"(?:\s+(?:plc|PLC|Ltd\.?|Limited|Inc\.?|LLC|S\.A\.|AG|AS|GmbH|N\.V\.|Co\.)|,\s+\d{1,2}(?=,))?\s*(?:,|,?\s+and|,?\s+or)\s+(?:the\s+)?")


def _listed(view: SentenceView, first: Mention) -> list[Mention]:
    """``first`` and the names listed with it: "Dovrik Salmen, Ilya Tarnov and Kesra Mult"."""
    kind = view.kind(first)
    kinds = COMPANIES if kind in COMPANIES else (kind,)  # "Halden Microsystems, Quire Optics and the Northern Institute"
    out = [first]
    for m in view.items(kinds, collectives=False):
        if m.start <= out[-1].start:
            continue
        if not LIST_SEPARATOR.fullmatch(view.text[out[-1].end : m.start]):
            break
        out.append(m)
    return out


# "The indictment, filed in …, accuses …", "the charging papers name …": the story's charges, named again.
CHARGE_PAPER = re.compile(r"\W*(?:the|this|that)\s+(?:[\w-]+\s+)?(?:indictment|charges|charge sheet|charging (?:document|papers)|complaint)\b", re.I)


THAT_THE_GAP = re.compile(r"\s+(?:that\s+)?(?:the\s+)?")
FEW_WORDS_GAP = re.compile(r"\s*(?:\w+\s+){0,3}?")


def _wrongdoing(view: SentenceView, start: int, end: int, word: str) -> Event | None:
    """"The ministry said the three companies had 'cooperated with the discriminatory measures'", "the bureau said
    Gravenlo had supplied laser components to a missile research institute": a public body that states a
    company's or state's wrongdoing accuses it (the subject of the clause, with those listed beside it)."""
    said = [m for m in view.items(GOVERNMENT, collectives=False) if m.end <= start and SPEAKS.match(view.text, m.end)]
    if not said:
        return None
    speaker = said[-1]
    subject = view.left(start, COMPANIES + ("Country",))
    named = _both_named(view, start)
    if named and (subject is None or subject.source == "collective" or subject.start < speaker.end):
        event = Event("Accusation", view.si, start, end, confidence=0.5, method="rule:wrongdoing-pattern", main="target")
        event.add("actor", view.participant(speaker))
        for ident in named:
            event.add("target", ident)
        return event
    if subject is None or subject.start < speaker.end or not THAT_THE_GAP.fullmatch(view.text[SPEAKS.match(view.text, speaker.end).end() : subject.start]) \
            or not FEW_WORDS_GAP.fullmatch(view.text[subject.end : start]):
        return None
    event = Event("Accusation", view.si, start, end, confidence=0.5, method="rule:wrongdoing-pattern")
    event.add("actor", view.participant(speaker))
    for t in _listed_before(view, subject) if subject.source != "collective" else [subject]:
        if view.participant(t) != view.participant(speaker):
            event.add("target", view.participant(t))
    if not event.roles.get("target"):
        return None
    event.main = "target"
    return event


# Those said to act with or behind the accused are accused too.
ACCOMPLICE = re.compile(r"\b(?:acting (?:through|via|with|for|on behalf of)|together with|along with|in concert with|"
                        r"at the (?:direction|behest|instruction|request) of)\s+(?:the\s+)?(?:(?:Mr|Ms|Mrs|Dr)\.?\s+)?$")


FILED_BY = re.compile(r"\b(?:filed|brought|lodged|issued|prepared|presented|returned|unsealed)\b[^.;]{0,40}?\bby\s+(?:the\s+)?$", re.I)


def _paper_filer(view: SentenceView, start: int) -> Mention | None:
    """The body that brought the charge paper, named in an aside before its verb ("The indictment, filed last
    week by the Prosecution Service, accuses …")."""
    for m in view.items(GOVERNMENT):
        if m.end <= start and FILED_BY.search(view.text, view.sentence.start, m.start):
            return m
    return None


def _accusation(view: SentenceView, start: int, end: int, word: str) -> Event | None:
    """"X accused Y of …": the speaker and whom it accuses (a court hears charges; it accuses no one)."""
    if CHARGE_PAPER.match(view.text, view.sentence.start, start):
        indictment = next((e for e in reversed(view.events) if e.predicate == "Indictment"), None)
        if indictment is not None:
            for m in _listed_after(view, end, ("Person", "Organization", "Vendor")):
                indictment.add("target", view.participant(m))
            filer = _paper_filer(view, start)
            if filer is not None and not indictment.roles.get("actor"):
                indictment.add("actor", view.participant(filer))
            return None
    event = _indictment(view, start, end, word)
    if event is not None and not event.roles.get("actor"):
        # "Ministry spokesman Lio Dravek accused Wrakovia of …": the official speaks for the state.
        person = view.left(start, ("Person",), collectives=False)
        if person is not None and start - person.end < 30 and _official(view, person.entity):
            event.add("actor", view.participant(person))
    if event is not None and not event.roles.get("actor") and TITLE_SPEAKER.match(view.text, view.sentence.start, start):
        event.add("actor", _head_body(view))
    if event is None or not event.roles.get("actor") or not event.roles.get("target"):
        return None
    for m in view.right(end, ("Person", "Organization", "Vendor", "Bank"), collectives=False):
        if ACCOMPLICE.search(view.text, max(end, m.start - 60), m.start) and view.participant(m) not in event.participants():
            event.add("target", view.participant(m))  # "X, acting through Y and at the direction of Mr Z, supplied …"
    event.predicate = "Accusation"
    return event


# "froze any Quessarian assets of Sablewire", "freezes the funds of X": a sanction on whose assets are frozen.
FROZEN_ASSETS = re.compile(r"\s+(?:[\w-]+\s+){0,3}?(?:assets|funds|accounts|property|holdings)\b", re.I)


def _asset_freeze(view: SentenceView, start: int, end: int) -> Event | None:
    """A government's freeze of a company's or person's assets: a restriction on it, not a suspension."""
    actor, _ = _actor(view, start, end, GOVERNMENT)
    targets = [m for m in view.right(end, ORGS + ("Person",), collectives=False) if m.start - end < 80]
    if actor is None or not targets:
        return None
    event = Event("Restriction", view.si, start, end, confidence=0.6)
    event.add("actor", view.participant(actor))
    for t in _listed(view, targets[0]):
        event.add("target", view.participant(t))
    event.main = "target"
    return event


OF_TRIAL = re.compile(r"\s+(?:the|its|their|this|that)\s+(?:[\w-]+\s+){0,2}?(?:trials?|pilots?|deployments?|roll-?outs?|testing|tests)\b", re.I)


HALTED_SERVICE = re.compile(r"\s+(?:(?:card|online|mobile|all|most|many)\s+)?(?:payments?|flights?|trading|transactions|services?|operations|"
                            r"check-ins?|departures|trains|withdrawals)\s+(?:at|across|for|in|on)\b", re.I)


CLAUSE_BREAK = re.compile(r";|\b(?:while|after|because|before|since|which|who|but|said|says)\b")


def _recipients(view: SentenceView, end: int) -> list[Mention]:
    """Whom a suspension is of or to: the first company, body or state named after the verb in its clause —
    not a people's word describing a noun ("to Galmorian customers, including Rydell Foundry": Rydell
    Foundry), nor one past a semicolon."""
    out: list[Mention] = []
    for m in view.right(end, ORGS + ("Country",)):
        if m.start - end >= 160 or CLAUSE_BREAK.search(view.text, end, m.start):
            break
        if m.source == "collective":
            named = view.right(m.end, COMPANIES, collectives=False)[:1]
            if named and NAMELY.fullmatch(view.text, m.end, named[0].start):
                return [m, *_listed(view, named[0])]  # "to Brannovan banks, including Harth Bank": the group and those named
        if _describing(view, m):
            named = AMONG.match(view.text, view.text.find(",", m.end, m.end + 40)) if "," in view.text[m.end : m.end + 40] else None
            if named is None or not named.group(0).strip(", "):
                break
            continue
        return _listed(view, m) if view.kind(m) in COMPANIES else [m]
    return out


def _suspended_trials(events: list[Event]) -> list[Event]:
    """"Hollisfeld Bank … said it had suspended the trial": a suspension of a trial or roll-out concerns the vendor
    (and product) of the trial by the same bank or company told before or in the same sentence; with no such
    trial it is dropped."""
    kept = []
    for event in events:
        if event.of_trial:
            trial = next((t for t in reversed(events) if t.predicate == "Trial" and t.sentence <= event.sentence
                          and set(t.roles.get("actor", [])) & set(event.roles.get("actor", []))), None)
            if trial is None:
                continue
            for role in ("concernsVendor", "product"):
                for v in trial.roles.get(role, []):
                    event.add(role, v)
        kept.append(event)
    return kept


SUSPENDER_BEFORE = re.compile(r"\b(?:it|they|the government)\s+(?:had\s+|has\s+|have\s+|would\s+|will\s+|was\s+)?$", re.I)


def _suspension(view: SentenceView, start: int, end: int, word: str) -> Event | None:
    """"X suspended its contracts with Y", "pulled out of …"; a freeze of assets is a restriction."""
    if word.startswith(("froze", "freez")) and FROZEN_ASSETS.match(view.text, end):
        return _asset_freeze(view, start, end)
    if word == "frozen":
        return None  # "screens were frozen": a state, not a suspension
    if HALTED_SERVICE.match(view.text, end):
        return None  # "halting card payments at three banks": what an outage did, not a decision to suspend
    actor = view.left(start, AGENTS)
    if SUSPENDER_BEFORE.search(view.text[view.sentence.start : start]):
        # "X accused Y … and said it had suspended …": the pronoun is the sentence's subject, not Y.
        first = view.items(AGENTS)
        if len(first) > 1 and view.kind(first[0]) == "Country" and 0 <= first[1].start - first[0].end <= 4:
            first = first[1:]  # "Drovenia's Ministry of Commerce … said it would suspend": the ministry
        actor = first[0] if first and first[0].end <= start else actor
    if actor is None:
        return None
    event = Event("Suspension", view.si, start, end, confidence=0.6)
    event.add("actor", view.participant(actor))
    trial = OF_TRIAL.match(view.text, end)
    if trial:
        named = [m for m in view.right(trial.end(), ("Vendor",), collectives=False) if not CLAUSE_BREAK.search(view.text, trial.end(), m.start)][:1]
        for m in named:  # "halted its rollout of Quarrel servers"
            event.add("concernsVendor", view.participant(m))
        # "suspended the trial": its vendor is the trial's (see _suspended_trials)
        event.of_trial, event.main = not named, "concernsVendor" if named else "actor"
        return event
    targets = _recipients(view, end)
    for t in targets:
        event.add("target", view.participant(t))
    if not targets:
        own = view.participant(actor)
        nearby = {view.participant(m) for m in view.items(("Country",), collectives=False) if 0 <= actor.start - m.end <= 4}
        other = next((view.participant(m) for m in view.items(("Country",), collectives=False)
                      if view.participant(m) not in nearby | {own}), None)
        if other is not None:
            event.add("target", other)
    event.main = "target"
    return event


WORDS_THEN_FROM = re.compile(r"\s+(?:\w+\s+){0,2}?from\b")
AND_THE_GAP = re.compile(r"[\s,]*(?:and|the|,)?[\s,]*(?:the\s+)?")
POSSESSIVE_OR_COMMA_GAP = re.compile(r"(?:['’]s|,)?\s+(?:the\s+)?")


def _protest(view: SentenceView, start: int, end: int, word: str) -> Event | None:
    frm = WORDS_THEN_FROM.match(view.text[end : view.sentence.end])
    if frm:
        actors = [m for m in view.right(end + frm.end(), GOVERNMENT + ("Organization",)) if m.start - end < 80]
        actors = [m for m in actors if AND_THE_GAP.fullmatch(view.text[actors[0].end : m.start] or "") or m is actors[0]]
    else:
        before = [m for m in view.items(GOVERNMENT + ("Organization",)) if m.end <= start and not _describing(view, m)]
        actors = before[-1:]
    if not actors:
        return None
    event = Event("Protest", view.si, start, end, confidence=0.55)
    ids = [view.participant(a) for a in actors]
    for a in ids:
        event.add("actor", a)
    # The target is another country than the protester's own ("Valtania's Ministry of Trade", "In Polmarra, the
    # Ministry …"), not one that only describes a noun ("Galmorian customers").
    own = {view.participant(m) for m in view.items(("Country",), collectives=False)
           if any(0 <= m.start - a.end <= 5 or (a.start <= m.start and m.end <= a.end)
                  or POSSESSIVE_OR_COMMA_GAP.fullmatch(view.text[m.end : a.start]) for a in actors)}
    for m in view.items(("Country",), collectives=False):
        ident = view.participant(m)
        if ident not in ids and ident not in own and not _describing(view, m):
            event.add("target", ident)
            break
    if not event.roles.get("target"):
        _protested_measure(view, event, own | set(ids))
    event.main = "target"
    return event


MEASURE = re.compile(r"\b(?:the|this|its|that)\s+(?:[\w-]+\s+)?(?:decision|move|ban|listing|designation|order|measures?|restrictions?|"
                     r"blacklisting|sanctions?|controls?|exclusion|block(?:ing)?)\b", re.I)
MEASURES = ("EntityListing", "Restriction", "ThreatDesignation", "ExportControl", "Ban", "ProcurementExclusion", "DivestitureOrder", "Directive")


def _protested_measure(view: SentenceView, event: Event, own: set[str]) -> bool:
    """"Maravesh firmly opposes the designation of Sunvail", "the embassy called the decision discriminatory": a
    protest at a measure named only by its noun is at whoever took the story's measure, the first told (a story
    leads with its news; measures told later are mostly background)."""
    if not MEASURE.search(view.part()):
        return False
    measure = next((e for e in view.events if e.predicate in MEASURES and e.roles.get("actor") and not set(e.roles["actor"]) & own), None)
    if measure is None:
        return False
    event.add("target", measure.roles["actor"][0])
    event.roles.setdefault("inResponseTo", []).append(f"@{measure.predicate}")
    return True


SIDE_WORD_AFTER = re.compile(r"\s+(?:side|government|authorities)\b")


def _describing(view: SentenceView, m: Mention) -> bool:
    """A demonym that describes a noun ("Gressian chip-equipment maker", "Galmorian customers"), not a state
    acting ("the Grendmoorian side", "the Zemorian government")."""
    return m.source == "demonym" and bool(LOWER_WORD_AFTER.match(view.text[m.end : m.end + 3])) \
        and not SIDE_WORD_AFTER.match(view.text[m.end : m.end + 16])


# "to its countermeasure list", "retaliatory sanctions", "In retaliation, …": the restriction told is the retaliation
# (not "retaliation for the Entity List action", where it is the cause).
RETALIATING = re.compile(r"\b(?:countermeasures?|retaliatory|reprisal)\s+(?:list|listing|sanctions?|measures?|tariffs?)\b|"
                         r"^\W*(?:in retaliation|as (?:a )?countermeasures?|in (?:a )?response)\b", re.I)


def _retaliating_restrictions(events: list[Event], text: str, sentences: list[Sentence]) -> None:
    """"The Ministry of Commerce has decided to add three Feyronese companies, A, B and C, to its countermeasure
    list": a retaliation told in the sentence of a restriction, in words that make the restriction the retaliation,
    is that restriction, by its actor, on its targets."""
    for event in [e for e in events if e.predicate == "Retaliation"]:
        sentence = sentences[event.sentence]
        if not RETALIATING.search(text[sentence.start : sentence.end]):
            continue
        done = next((e for e in events if e.sentence == event.sentence and e.predicate in LISTINGS
                     and e.roles.get("actor") and e.roles.get("target")), None)
        if done is not None:
            event.roles["actor"], event.roles["target"] = list(done.roles["actor"]), list(done.roles["target"])


TARGET_BEFORE = re.compile(r"\b(?:on|against|targeting)\s+(?:the\s+)?$")


def _retaliation(view: SentenceView, start: int, end: int, word: str) -> Event | None:
    actor = view.left(start, GOVERNMENT, collectives=False)
    actor_id = view.participant(actor) if actor else view.doc.home
    if actor_id is None:
        return None
    event = Event("Retaliation", view.si, start, end, confidence=0.5)
    event.add("actor", actor_id)
    for kinds in (("Country",), GOVERNMENT):
        for m in view.items(kinds, collectives=False):
            ident = view.participant(m)
            if ident != actor_id:
                event.add("target", ident)
                break
        if event.roles.get("target"):
            break
    if not event.roles.get("target"):
        # "impose countermeasures on Quarrel Systems", "reprisals against two Brannovan firms".
        for m in view.right(end, COMPANIES):
            if CLAUSE_BREAK.search(view.text, end, m.start):
                break
            if TARGET_BEFORE.search(view.text[max(end, m.start - 12) : m.start]):
                event.add("target", view.participant(m))
                break
    event.main = "target"
    return event


WORDS_THEN_WITH = re.compile(r"\s+(?:\w+\s+){0,3}?(?:with|between|against)\b")
THE_TWO_SIDES = re.compile(r"\s*(?:the\s+)?two\s+(?:countries|nations|governments|sides|states)\b")


def _dispute(view: SentenceView, start: int, end: int, word: str) -> Event | None:
    after = view.text[end : view.sentence.end]
    m = WORDS_THEN_WITH.match(after)
    if m is None:
        return None
    parties = view.right(end + m.end(), ("Country", "Regulator", "Vendor", "Organization"), collectives=False)
    if not parties and THE_TWO_SIDES.match(after[m.end():]):
        parties = _main_countries(view)
    if not parties:
        return None
    event = Event("Dispute", view.si, start, end, confidence=0.6)
    if "between" not in m.group(0):
        actor = view.left(start, ("Country",), collectives=False)
        event.add("party", view.participant(actor) if actor else view.doc.home)
        parties = parties[:1]
    else:
        parties = parties[:2]
    for p in parties:
        event.add("party", view.participant(p))
    if len(event.roles.get("party", [])) < 2:
        return None
    event.main = "party"
    return event


def _main_countries(view: SentenceView) -> list[Mention]:
    """A mention of each of the two countries the story names most often."""
    counts = sorted(((len(e.mentions), e.id) for e in view.doc.entities.values() if e.type == "Country"), key=lambda c: (-c[0], c[1]))
    out = []
    for _n, ident in counts[:2]:
        entity = view.doc.entities[ident]
        out.append(entity.mentions[0])
    return out if len(out) == 2 else []


# "… to Galmoria", "… sold to Wilmerian buyers": the country goods may go to only under licence.
LICENCE_DESTINATION = re.compile(r"\bto\s+(?:the\s+)?$")


def _licensing(view: SentenceView, start: int, end: int, word: str) -> Event | None:
    """"Gressia's Ministry of Economy on Nov. 2 began requiring licences for exports of lithography tools to
    Galmoria", "Since July, Torquessan makers have needed a government licence to ship their machines to
    Thalvessa": an export control by the government that requires the licence (the story's home when none is
    named before the verb) on the country the goods go to."""
    targets = [m for m in view.right(end, ("Country",)) if LICENCE_DESTINATION.search(view.text, max(end, m.start - 40), m.start)
               and not CLAUSE_BREAK.search(view.text, end, m.start)]
    if not targets or UNTRIED.search(view.text, max(view.sentence.start, start - 20), start):
        return None
    # "Torquessan makers have needed a licence": the exporters' own state requires it.
    actor = view.left(start, GOVERNMENT)
    actor_id = view.participant(actor) if actor is not None and view.participant(actor) != view.participant(targets[0]) else view.doc.home
    if actor_id is None or actor_id == view.participant(targets[0]):
        return None
    event = Event("ExportControl", view.si, start, end, confidence=0.6, method="rule:licensing-pattern")
    event.add("actor", actor_id)
    event.add("target", view.participant(targets[0]))
    event.main = "target"
    return event


RULES = {
    "Review": _review, "Directive": _directive, "Restriction": _restriction, "Acquisition": _acquisition,
    "Trial": _trial, "Indictment": _indictment, "Accusation": _accusation, "Suspension": _suspension,
    "Retaliation": _retaliation, "Protest": _protest, "Dispute": _dispute, "Penalty": _penalty, "Incident": _incident,
    "Denial": _denial, "Reproach": _reproach, "Wrongdoing": _wrongdoing, "Lawsuit": _lawsuit, "CourtRuling": _court_ruling, "Obligation": _obligation,
    "Licensing": _licensing,
}
