"""From mentions to entities: catalog matches, clustering, typing by context, coreference.

Mentions of one entity are grouped when they share a normalised name, when one is the
acronym of another ("ZSC" / "Zentra Semiconductor Corp"), a person's surname
("Doe" / "Jane Doe"), or a company's first word ("Zentra" / "Zentra Semiconductor").
Each group links to the catalog (exact, then fuzzy) or gets a new id from its name.
A name with no telling head word is typed by the words around its mentions: "servers
made by X", "X's chips", "X, a telecom equipment maker" make a vendor.

Short forms a story uses for an entity it named before ("the bank", "the company", "the
ministry") and a capital standing for its government ("Beijing said") become mentions of
that entity; "the government" with no country named is the story's home country — the
one whose capital or name the story uses most.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from kg.extract import lexicon
from kg.extract.linking import Catalog, acronym, normalise
from kg.extract.mentions import GROUP_NOUN, QUANTIFIERS, Mention, chunks, classify, collective_mentions, group_mentions
from kg.extract.sentences import Sentence, Token
from kg.model.values import Slug

VENDOR_CUES = re.compile(
    r"\b(?:made|supplied|built|designed|developed|provided|manufactured|sold) by\s+(?:[\w-]+-based\s+)?$|"
    r"\b(?:chipmaker|maker|manufacturer|supplier|vendor|provider|developer|(?:payments?\s+|card\s+)?processor|chip designer|tech(?:nology)? (?:firm|company|giant|group)|"
    r"(?:telecom|telecoms|network|networking|equipment|chip|software|security|cybersecurity|antivirus|hardware|server|"
    r"smartphone|handset|cloud|semiconductor|electronics|computer) (?:maker|firm|company|giant|group|vendor|supplier|provider|developer))\s*$|"
    # An owned supplier in apposition before its name: "its systems integrator, Elderwick Ltd.", "the bank's cloud provider, X".
    r"\b(?:its|their|his|her|the\s+[\w-]+['’]s|[A-Z][\w-]+['’]s)\s+(?:[\w-]+\s+){0,2}?(?:supplier|vendor|provider|integrator|"
    r"contractor|outsourcer|reseller|distributor|licensor)\s*,\s*$",
    re.I,
)
VENDOR_AFTER = re.compile(
    # Not across a verb: "requiring Lyncote Telecom to remove equipment" names an operator, the gear's buyer.
    r"^(?:'s|’s)?\s*(?:(?!(?:to|must|shall|should|will|would|may|can|could|remove|replace|strip|use|using|buy|buys|install|"
    r"uses|used|deploy|deploys|and|or|with|from)\b)[\w-]+\s+){0,2}?(?:servers?|chips?|semiconductors?|routers?|switches|equipment|gear|software|hardware|"
    r"antivirus|handsets?|smartphones?|phones|base stations|networks? equipment|firewalls?|products|processors?|modems?|"
    r"cameras|devices|cloud|platform|systems)\b|"
    # A short form in brackets may come first: "Tessapp Ltd ("Tessapp"), the developer of …".
    r"^(?:\s*\([^()]{1,40}\))?,\s+(?:an?|the)\s+(?:[\w-]+\s+){0,4}?(?:maker|manufacturer|supplier|vendor|provider|developer|chipmaker|designer|company|firm|contractor)\b"
    r"(?!\s+(?:said|says|told|added|noted|stated|confirmed|declined|announced|replied|wrote)\b)|"
    # What it runs, in a relative clause: "X LLC ("X"), which operates the Pell short-video application".
    r"^(?:\s*\([^()]{1,40}\))?,\s+which\s+(?:operates|runs|develops|makes|publishes|owns)\s+(?:the\s+|an?\s+|its\s+)?"
    r"(?:[\w-]+\s+){0,3}?(?:app|apps|application|applications|software|platform|browser|messenger)\b",
    re.I,
)
# A company, in a corpus about technology suppliers, is taken for a vendor.
COMPANY_BEFORE = re.compile(r"(?:-based|\b(?:company|firm|group|giant|rival|maker|start-?up))\s+$", re.I)
COMPANY_AFTER = re.compile(
    r"^(?:['’]s\s+(?:[\w-]+\s+){0,2}?(?:business|businesses|shares|sales|revenue|profits?|unit|subsidiary|chief|executives?|"
    r"chairman|founder|customers|stock|market share)\b|\s+(?:Inc|Corp|Ltd|Co|plc|AG|SA)\b)"
)
# A name with a government, an ambassador or ministries of its own is a state.
STATE_AFTER = re.compile(r"^['’]s\s+(?:(?:central|federal|national|foreign|interior|finance|trade)\s+)?(?:government|ambassador|embassy|president|"
                         r"prime minister|parliament|ministry|ministries|cabinet|central bank|capital|foreign minister|military|army)\b", re.I)
STATE_BEFORE = re.compile(r"\b(?:government|ambassador|embassy|president|prime minister|parliament|republic|kingdom) of\s+$", re.I)
PLACE_BEFORE = re.compile(r"\b(?:based|headquartered|located|head office) in\s+$|\bheadquarters in\s+$|"
                          r",\s+an?\s+(?:[\w-]+\s+)?(?:company|firm|business|supplier|maker) in\s+$|"
                          r"\b(?:city|town|port|village|region|province) of\s+$", re.I)
# A bare name before a lower-case word for a place in a town ("Estrel airport", "Holvik's main
# station", "the Dorrin harbour"): the town, not an organisation.
PLACE_AFTER = re.compile(r"^(?:['’]s)?\s+(?:(?:main|central|international|regional|old|new|city)\s+)?"
                         r"(?:airport|airfield|harbou?r|docks|railway station|train station|station|city centre|town centre|"
                         r"outskirts|suburbs?|old town|waterfront)\b")
# The apposition's own noun, in lower case, before any preposition and not owning what follows:
# "X, the parent of Sentrovane Bank" names a bank that X is not, "X, the bank's chief risk officer" a person.
_APPOSED = r"^,\s+(?:an?|the)\s+(?:(?!(?:of|for|to|in|at|by|with|and|from|on)\b)[\w-]+\s+){0,3}?"
# "… at its data centre in Maltrevo, the bank said": a new clause's subject, not an apposition.
_NO_SPEECH = r"(?!\s+(?:said|says|told|added|noted|stated|confirmed|declined|announced|replied|wrote)\b)"
# A kind in apposition after a name ("Pellow, a mid-sized lender") or as the word before it ("the watchdog Orvel").
BANK_CUES = re.compile(_APPOSED + r"(?-i:bank|lender|insurer)\b(?!['’])" + _NO_SPEECH, re.I)
BANK_BEFORE = re.compile(r"\blender\s*$", re.I)
REGULATOR_CUES = re.compile(_APPOSED + r"(?-i:regulator|watchdog|agency|ministry)\b(?!['’])" + _NO_SPEECH, re.I)
REGULATOR_BEFORE = re.compile(r"\b(?:regulator|watchdog)\s*$", re.I)

# "the bank on Tuesday said": a day after a back-reference or a description, not "… on <its subject>".
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
COREF = re.compile(
    r"\b[Tt]he\s+(?:(?:central|federal|national|[A-Z][a-z]+ese|[A-Z][a-z]+an|[A-Z][\w]+-based|[a-z]+-based)\s+)?"
    r"(?:(?:banking|financial|markets?|data|security|cyber(?:security)?|telecoms?|software|technology|tech|security|"
    r"trade|competition|privacy|prudential|supervisory|parliamentary|investment|digital)\s+)?"
    # "the screening authority", "the licensing board": what the body does, as a verb's -ing form.
    r"(?:(?!(?:following|leading|remaining|existing|incoming|outgoing)\b)[a-z]{3,}ing\s+)?"
    # A court paper's or a notice's capitals ("the Ministry", "the Department") are the same back-reference.
    r"((?i:bank|lender|company|firm|vendor|supplier|group|maker|manufacturer|chipmaker|carrier|operator|ministry|regulator|"
    r"agency|commission|watchdog|government|authorities|authority|board|committee|supervisor|bureau|directorate|department|"
    r"insurer|airline|developer|provider))\b(?!\s+(?:of|for)\b)(?!\s+on\s+(?!" + _WEEKDAY + r"))(?!['’]s\s+\w+\s+(?:of|for)\b)"
    # "the security company Sentrovane", "the chipmaker Tovarek": an apposition, named right after.
    r"(?!\s+[A-Z][a-z])"
)
# A back-reference by one of these heads means a body with that word in its name ("the committee" is
# never the ministry named last); the generic ones ("the regulator") fall back to the last body named,
# but not to a court, a ministry, an embassy or a parliament's body.
NAMED_HEADS = frozenset({"ministry", "committee", "commission", "board", "bureau", "directorate", "department"})
NOT_A_REGULATOR = re.compile(r"\b(?:court|ministry|embassy|consulate|committee|parliament|assembly|council|government)\b", re.I)
COREF_TYPES = {
    "bank": ("Bank",), "lender": ("Bank",),
    "company": ("Vendor", "Organization", "Bank"), "firm": ("Vendor", "Organization"), "group": ("Vendor", "Organization"),
    "vendor": ("Vendor",), "supplier": ("Vendor",), "maker": ("Vendor",), "manufacturer": ("Vendor",), "chipmaker": ("Vendor",),
    "carrier": ("Vendor", "Organization"), "operator": ("Vendor", "Organization"),
    "ministry": ("Regulator",), "regulator": ("Regulator",), "agency": ("Regulator",), "commission": ("Regulator",),
    "watchdog": ("Regulator",), "authority": ("Regulator",), "board": ("Regulator",), "committee": ("Regulator",),
    "supervisor": ("Regulator",), "bureau": ("Regulator",), "directorate": ("Regulator",), "department": ("Regulator",),
    "insurer": ("Bank",),
    "airline": ("Organization",), "developer": ("Vendor",), "provider": ("Vendor", "Organization"),
}


@dataclass
class Entity:
    """One entity of a document, with every mention of it."""

    id: str
    name: str
    type: str
    linked: bool
    mentions: list[Mention] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)
    confidence: float = 0.8
    country: str | None = None
    weak: bool = False  # typed Organization for want of any sign: not worth listing unless it takes part

    def record(self, doc_id: str) -> dict:
        spans = sorted({(m.start, m.end) for m in self.mentions})
        aliases = sorted(a for a in self.aliases if a != self.name)
        return {"kind": "entity", "doc": doc_id, "id": self.id, "name": self.name, "type": self.type,
                "aliases": aliases, "linked": self.linked, "mentions": [list(s) for s in spans]}


@dataclass
class DocEntities:
    """Entities of one document and its mentions, sentence by sentence."""

    entities: dict[str, Entity]
    by_sentence: list[list[Mention]]
    collectives: list[list[Mention]]
    home: str | None  # id of the home country
    catalog: Catalog
    text: str  # the cleaned text the mentions index

    def adopt(self, mention: Mention) -> str:
        """Make an entity of a group mention (used once it fills a role); return its id."""
        if mention.entity:
            return mention.entity
        full = mention.extra.get("long") or mention.extra.get("name") or mention.text
        entry, _score = self.catalog.link(full, mention.type)
        if entry is not None and mention.source == "collective" and not (_state_named(entry, self.catalog, self.text)
                                                                          or _named_elsewhere(entry, self.text)):
            entry = None  # "licensed commercial banks" of a story that never names the curated group's state
        if entry is not None:
            ident, name, kind, linked = entry["id"], entry.get("name") or full, entry.get("type") or mention.type, True
        else:
            ident, name, kind, linked = Slug.from_name(full), full, mention.type or "Organization", False
        entity = self.entities.get(ident)
        if entity is None:
            # A group ("domestic banks") is listed only if it takes part in what the story reports;
            # a rule may adopt it for an event that the sanity checks later drop.
            entity = self.entities[ident] = Entity(ident, name, kind, linked, confidence=0.6, weak=mention.source == "collective")
        if mention.text != entity.name:
            entity.aliases.add(mention.text)
        if mention.extra.get("alias"):
            entity.aliases.add(mention.extra["alias"])  # "14 Almerran banks" is also "Almerran banks"
        entity.mentions.append(mention)
        mention.entity = ident
        return ident


BASED_SUFFIX = re.compile(r"-(?:based|headquartered)\b")
OWNER_BEFORE = re.compile(r"\b([A-Z][\w-]+)['’]s\s+$")


def find_entities(text: str, tokens: list[Token], sentences: list[Sentence], catalog: Catalog) -> DocEntities:
    """Every entity mentioned in ``text`` (already cleaned of boilerplate).

    Long because it is the stage's script: catalog names, shapes, groups, countries, short
    forms, clusters and back-references, in the order each needs the one before."""
    mentions: list[Mention] = []
    taken: set[int] = set()
    sentence_of = _sentence_index(tokens, sentences)
    foreign: set[int] = set()
    if catalog.surfaces:
        starts = {t.start: t.index for t in tokens}
        ends = {t.end: t.index for t in tokens}
        for m in catalog.finditer(text):
            first, last = starts.get(m.start()), ends.get(m.end())
            if first is None or last is None:
                continue
            place = BASED_SUFFIX.match(text[m.end() : m.end() + 14]) is not None
            entry, _ = catalog.link(m.group(0), place=place)
            if entry is None:
                continue
            if m.group(0).islower() and not _named_elsewhere(entry, text):
                continue  # "the central government" of another story: a common phrase, not this entity
            if entry.get("type") == "Regulator" and not _state_named(entry, catalog, text):
                foreign.add(m.start())
                continue  # a curated state's "Ministry of Finance" in a story that never names that state
            owner = OWNER_BEFORE.search(text[max(0, m.start() - 30) : m.start()])
            if owner and entry.get("type") == "Regulator" and not any(
                    owner.group(1) in n for n in [entry.get("name") or "", *(entry.get("aliases") or [])]):
                foreign.add(m.start())
                continue  # "Brastova's Ministry of Foreign Affairs": another state's body of the same name
            if entry.get("type") == "Place" and not place and m.group(0) in lexicon.countries():
                # A capital city standing for its government: link the country instead.
                country_entry, _ = catalog.link(lexicon.countries()[m.group(0)][0])
                if country_entry is None:
                    continue  # leave it to the gazetteer
                entry = country_entry
            if entry.get("type") == "Country" and _inside_name(tokens, first, last):
                continue  # "Estmark Cooperative Bank", "Agency of Estmark": part of a longer name
            mention = Mention(m.start(), m.end(), m.group(0), entry.get("type"), "catalog", first, last + 1, sentence_of[first], key=entry["id"])
            mention.entity = entry["id"]
            _catalog_context(mention, tokens, sentences[sentence_of[first]])
            mentions.append(mention)
            taken.update(range(first, last + 1))
    groups: list[list[Mention]] = [[] for _ in sentences]
    collectives: list[list[Mention]] = [[] for _ in sentences]
    for si, sentence in enumerate(sentences):
        for first, last in chunks(tokens, sentence, taken):
            mentions.extend(classify(tokens, first, last, sentence, 0, si))
        groups[si] = group_mentions(text, sentence, si)
        collectives[si] = collective_mentions(text, sentence, si)
    mentions = [m for m in mentions if m.text.strip()]
    for m in mentions:
        if m.start in foreign:
            m.extra["unlinked"] = True
    _drop_opening_words(mentions, tokens, text)
    _discover_countries(mentions, text)
    _parenthesised_short_forms(mentions, text)
    _bracketed_title_words(mentions, text)
    _cited_cases(mentions, text)
    entities = _cluster(mentions, text, catalog)
    _central_banks(entities, text)
    _state_centres(entities)
    _conjoined_makers(entities, text)
    _background_bodies(entities, text)
    by_sentence: list[list[Mention]] = [[] for _ in sentences]
    for entity in entities.values():
        for m in entity.mentions:
            by_sentence[m.sentence].append(m)
    home = _home_country(entities, text)
    for si in range(len(sentences)):
        for g in groups[si]:
            if g.extra.get("embassy") or not any(m.start < g.end and g.start < m.end for m in by_sentence[si]):
                by_sentence[si].append(g)
    _spelled_out_groups(collectives, text)
    _counted_back_references(collectives)
    doc = DocEntities(entities, by_sentence, collectives, home, catalog, text)
    _embassies_in_full([g for gs in groups for g in gs if g.extra.get("embassy")])
    # Working groups and coordinated ministries are named participants: always entities
    # (an embassy when it speaks or takes part: "did not respond" is no part in a dispute).
    for si in range(len(sentences)):
        for g in by_sentence[si]:
            if g.source == "group":
                entity = doc.entities[doc.adopt(g)]
                entity.weak = bool(g.extra.get("embassy")) and not any(EMBASSY_SPEAKS.match(text, m.end) for m in entity.mentions)
    _coreference(doc, text, sentences)
    for si in range(len(sentences)):
        by_sentence[si].sort(key=lambda m: (m.start, -m.end))
    return doc


_NAME = r"[A-Z][\w&'’.-]*(?:\s+(?:of\s+|&\s+)?[A-Z][\w&'’.-]*){0,4}"
# "Velo Telecom and Brisk Mobile, the two largest operators": a group in apposition to the names before it.
NAMES_BEFORE = re.compile(_NAME + r"(?:\s*,\s*" + _NAME + r")*\s*,?\s+and\s+" + _NAME + r"\s*,\s*(?:the\s+|both\s+|its\s+|their\s+)?$")
# "two of its member companies, Hanlow Networks and Kelby Radio": the names after it spell the group out.
NAMES_AFTER = re.compile(r"\s*(?:,|:|[-–—]{1,2})\s*(?:namely\s+)?" + _NAME + r"(?:\s*,\s*" + _NAME + r")*\s*,?\s+and\s+" + _NAME
                         + r"\s*(?:[,.;:)]|[-–—]|$)")


STAFF_WORD = re.compile(r"\b(?:executives?|officials?|employees|managers|engineers)\b")


def _spelled_out_groups(collectives: list[list[Mention]], text: str) -> None:
    """Drop a group of organisations that stands for names the story gives beside it ("A and B, the
    two largest operators"; "two member companies, A and B"): the named ones take part, not a group. Drop
    too a group of people in the headline when the body speaks of such people again ("Lorn charges two
    Vessel executives" … "two executives of Vessel Instruments, A and B"): the body says who they are."""
    headline_end = text.find("\n", len(text) - len(text.lstrip()))
    persons_named = False
    for si, group in enumerate(collectives):
        keep = []
        for c in group:
            if c.type != "Person" and (NAMES_BEFORE.search(text[max(0, c.start - 160) : c.start]) or NAMES_AFTER.match(text, c.end)):
                continue  # (people named beside their group — "two engineers, A and B" — are listed with it)
            if 0 < headline_end and c.end <= headline_end and c.type == "Person" and si == 0:
                persons_named = persons_named or bool(STAFF_WORD.search(text[headline_end:]))
                if persons_named:
                    continue
            keep.append(c)
        group[:] = keep


def _counted_back_references(collectives: list[list[Mention]]) -> None:
    """"the five banks" after "five systemically important banks": a count and a noun alone name the
    group counted the same way before it (the nearest such), not a new group."""
    seen: dict[tuple[str, str], Mention] = {}
    for group in collectives:
        for c in group:
            words = c.text.split()
            count = next((w for w in words if w.isdigit() or w.lower() in QUANTIFIERS), None)
            if count is None:
                continue
            key = (count.lower(), words[-1].lower())
            earlier = seen.get(key)
            if len(words) == 2 and earlier is not None and len(earlier.text.split()) > 2:
                c.extra["name"] = earlier.extra.get("name") or earlier.text
            else:
                seen[key] = c


STATE_NAME = re.compile(r"^(?:(?:Federal|Democratic|People's|Islamic|United|Socialist)\s+)*(?:Republic|Kingdom|Principality|Commonwealth|"
                        r"Sultanate|Emirate|Grand Duchy|Federation|Union)\s+of\s+(?:the\s+)?(?P<name>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)$"
                        r"|^(?P<first>[A-Z][\w'-]+)\s+(?:Federation|Republic|Union|Kingdom|Confederation)$")
DEMONYM = re.compile(r"^[A-Z][a-z]{3,}(?:ian|ean|an|ese|ish|i|ic|er)$")
# A group noun right after a word ("Ferrowan banks", "Almerran state-owned lenders"): the word is a demonym.
DEMONYM_OF_GROUP = re.compile(r"\s+(?:[a-z][\w-]*\s+){0,2}?" + GROUP_NOUN.pattern)
# What a named company is, after a word that is then its people's: "… telecoms equipment maker Korbamo Networks".
DEMONYM_OF_COMPANY = re.compile(r"\s+(?:[a-z][\w-]*\s+){0,3}?(?:maker|manufacturer|supplier|vendor|provider|developer|chipmaker|designer|"
                                r"company|firm|group|operator|carrier|bank|lender|fund|investor|giant)\s+[A-Z]")
STRICT_DEMONYM = re.compile(r"^[A-Z][a-z]{3,}(?:ian|ean|ese|ish|i)$")  # a demonym with no state named beside it
# "Quessaly's banking watchdog", "Zemoria's embassy", "Almerra's second-largest lender": a state's things.
STATE_POSSESSION = re.compile(r"^['’]s\s+(?:(?!(?:in|of|for|to|on|at|by|with|from|across|into)\b)[\w-]+\s+){0,2}?(?:government|ministry|ministries|parliament|embassy|central bank|prime minister|"
                              r"foreign minister|president|armed forces|military|capital|watchdog|regulators?|authorities|ambassador|"
                              r"banks|lenders|economy|airports|national airline|borders?|(?:north|south)(?:-?(?:east|west))?|east|west|"
                              r"(?:[\w-]+-)?(?:largest|biggest)|national security|state media|cabinet|courts?|prosecutors?|"
                              r"agency|agencies|authority|officials|intelligence|security services|laws?|sovereignty|citizens)\b", re.I)
# What a company has too: "Ondrel's regional president", "Halden's largest customers".
COMPANY_HAS = re.compile(r"^['’]s\s+(?:[\w-]+\s+){0,2}?(?:president|officials|(?:[\w-]+-)?(?:largest|biggest)|"
                         r"east|west|north|south|security|agency|authority)\b", re.I)
# "incorporated in Tharnland", "under the laws of Ambrath": what only a state has.
STATE_CUE_BEFORE = re.compile(r"\b(?:incorporated|registered|organised|organized) (?:in|under the laws of)\s+$|\blaws of\s+$|"
                              r"\bneighbou?ring\s+$|"
                              r"\b(?:nationals|citizens|government|embassy|ambassador) of\s+$", re.I)
# "shipments to Tavaria", "exported chips to Jundelia": where goods go, for a name with a state's ending.
TRADE_TO = re.compile(r"\b(?:exports?|shipments?|sales|deliveries|supplies|transfers|exported|shipped|sold|delivered|supplied|"
                      r"re-exported|smuggled|diverted)\s+(?:[\w-]+\s+){0,3}?(?:to|into)\s+$")
# "Zemorian telecom equipment maker", "Ambrathi ownership": a demonym describing the noun after it.
ADJECTIVE_AFTER = re.compile(r"^\s+(?!(?:said|says|told|has|had|is|was|were|are|will|would|could|can|may|did|does|and|or|of|in|on|at|to|"
                             r"for|with|by|from|as|that|which|who)\b)[a-z][a-z-]+\b")
# "Astrahold Software of Sabrecourt, Almerra": a town, then the country it is in.
# The country may end its line (an address), and a name never runs on to the next line.
TOWN_COUNTRY = re.compile(r"^,\s+(?P<name>[A-Z][\w'-]+(?:[ \t]+[A-Z][\w'-]+)?)(?=[ \t]*(?:[,.;:)\n]|$|\s+(?:and|on|in|said|where)\b))")
PLACE_ENDINGS = frozenset("city town island islands valley hills heights springs falls beach harbour harbor".split())
PLACE_WORDS = frozenset("port fort mount lake cape saint st san santa bay new north south east west upper lower".split())


# "Quessaly's Banking Supervisory Authority": a name that owns a public body is a state.
# A company has boards and offices too: those heads need a public word ("National Security Council",
# "Office for Investment Security"), not "Helix's Supervisory Board".
STATE_BODY = re.compile(r"^['’]s\s+(?:(?:[A-Z][\w-]+\s+){1,4}(?:Authority|Commission|Agency|Ministry|Parliament|Assembly|Bureau|"
                        r"Directorate|Inspectorate|Regulator|Supervisor|Senate|Congress|Cabinet|Administration|Police)\b|"
                        r"(?:Ministry|Office|Department|Bureau|Directorate|Agency|Commission|Authority)\s+(?:of|for|on)\s+[A-Z]|"
                        r"(?:[A-Z][\w-]+\s+){0,3}(?:National|Federal|State|Supreme|High|Constitutional|Administrative|Foreign|"
                        r"Financial|Cyber|Security|Investment|Competition|Trade)\s+(?:[A-Z][\w-]+\s+){0,3}"
                        r"(?:Council|Court|Office|Service|Centre|Center|Board|Committee)\b)")


def _members_named(name: str) -> bool:
    """Whether a "Union of …" / "Federation of …" name ends in its members' plural noun (banks,
    industries, employers), not a state's name."""
    last = name.split()[-1].lower()
    return bool(GROUP_NOUN.fullmatch(last)) or last in lexicon.BANK_HEADS | lexicon.ORGANIZATION_HEADS | lexicon.VENDOR_HEADS \
        or last in ("industries", "employers", "workers", "exporters", "importers", "producers", "traders", "unions", "chambers")


def _stem_match(country: str, demonym: str) -> bool:
    """Whether ``demonym`` is formed from ``country`` ("Zemoria"/"Zemorian", "Tharnland"/"Tharnish")."""
    n = 0
    for a, b in zip(country.lower(), demonym.lower(), strict=False):
        if a != b:
            break
        n += 1
    # What the state's name keeps past the shared stem is short or ends as states' names do: "Maraves|h", "Tharn|land",
    # "Kessal|y" (not "Odra|com", a company beside "Odravian").
    return n >= 4 and n >= len(country) - 4 and n >= len(demonym) - 5 and STATE_TAIL.search(country.lower()[n:]) is not None


STATE_TAIL = re.compile(r"^(?:.{0,2}|.*[aeiouy]|.*(?:land|stan|mark|burg|berg|heim|holm|vik|stad|grad|gard|mere|moor))$")


PLACE_PREPOSITION_BEFORE = re.compile(r"\b(?:in|near|at|from|of)\s+$")
BRACKET_OR_OF_BEFORE = re.compile(r"(?:[\[(]|\b(?:of|in|at)\s+)$")


def _discover_countries(mentions: list[Mention], text: str) -> None:
    """Countries no gazetteer lists, read from how the story writes them.

    A name is a state when it is written "Republic of X" / "X Federation", when the story
    also uses a demonym formed from it ("Zemoria" and "Zemorian"), when it owns a
    government's things ("Quessaly's banking watchdog") or follows a town ("Sabrecourt,
    Almerra"). Its demonyms become mentions of it.

    Long because each of these signs is a short pass over the same mentions, kept in order."""
    bare = [m for m in mentions if m.source == "shape" and m.type in (None, "Person", "Organization")]
    names: dict[str, str] = {}  # a surface form → the country's key
    for m in bare:
        state = STATE_NAME.match(m.text)
        if state and state.group("name") and _members_named(state.group("name")):
            state = None  # "Union of Arvelan Banks", "Federation of Tarsk Industries": a body of its members
        if state:
            names[m.text] = state.group("name") or m.text
            if state.group("name"):
                names.setdefault(state.group("name"), state.group("name"))
    singles = {m.text for m in bare if " " not in m.text and m.type is None}
    tails, inner = _state_words_in_names(mentions)
    for word in sorted(singles):
        if word in tails or (not DEMONYM.match(word) and any(_stem_match(word, d) for d in inner)):
            names.setdefault(word, word)  # "Grisandia" beside "… Authority of Grisandia"; "Luthmere" beside "Luthmeri Assembly"
    makers = {m.text.split()[0] for m in mentions if " " in m.text and m.type in ("Vendor", "Bank", "Organization")}
    for m in bare:
        if " " in m.text or m.text in names or m.type is not None:
            continue
        after = text[m.end : m.end + 60]
        if m.text in makers and COMPANY_HAS.match(after):
            continue  # "Ondrel's regional president" beside "Ondrel Systems": the company's, not a state's
        # An acronym owning a body ("BST's Office of Export Enforcement") is an agency with its units.
        if (STATE_POSSESSION.match(after) or STATE_BODY.match(after)) and not DEMONYM.match(m.text) and not m.text.isupper():
            names[m.text] = m.text
    for m in bare:
        if " " not in m.text and m.type is None and m.text not in names \
                and (STATE_CUE_BEFORE.search(text[max(0, m.start - 40) : m.start])
                     or (STATE_ENDING.match(m.text) and TRADE_TO.search(text[max(0, m.start - 50) : m.start]))):
            names[m.text] = m.text
    _states_that_act(mentions, bare, names, text)
    _states_after_bodies(mentions, bare, names, text)
    for m in mentions:
        placed = m.type in ("Place", "Country") or m.source == "catalog" or _place_shaped(m.text) \
            or PLACE_PREPOSITION_BEFORE.search(text[max(0, m.start - 6) : m.start]) is not None \
            or ADDRESS_BEFORE.search(text[max(0, m.start - 40) : m.start]) is not None
        town = TOWN_COUNTRY.match(text[m.end : m.end + 40])
        if placed and town and town.group("name") in singles:
            names.setdefault(town.group("name"), town.group("name"))
        if m.type is None and m.source == "shape" and " " not in m.text and town \
                and (BRACKET_OR_OF_BEFORE.search(text[max(0, m.start - 6) : m.start])
                     or ADDRESS_BEFORE.search(text[max(0, m.start - 40) : m.start])):
            m.type, m.source = "Place", "place"  # "Quillfeather Labs of Dumaran, Ambrath", "(Hessary, Ambrath)"
    demonyms: dict[str, str] = {}
    stems = {key: key.split()[0] for key in set(names.values())} | {s: s for s in singles} | {t: t for t in tails}
    for word in sorted(singles):
        if not DEMONYM.match(word):
            continue
        for key, stem in sorted(stems.items()):
            if key != word and not DEMONYM.match(key) and _stem_match(stem, word):
                demonyms[word] = names.get(key, key)
                names.setdefault(key, key)
                break
    # A public body's first word may be its people's ("Cendravian Prudential Authority"); a company's is its own name.
    firsts = {m.text.split()[0] for m in mentions if " " in m.text and m.type != "Regulator"}
    for word in sorted(singles - firsts):
        if _common_word(word, text):
            continue  # "Member companies report …" beside "its 62 member companies": an ordinary word, capitalised
        # A demonym of a state the story never names: the state, under that word.
        if word not in demonyms and word not in names and STRICT_DEMONYM.match(word) and word not in lexicon.countries() \
                and any(m.text == word and not m.extra.get("sentence_initial") and ADJECTIVE_AFTER.match(text[m.end : m.end + 30])
                        for m in bare):
            demonyms[word] = word
        elif word not in demonyms and word not in names and DEMONYM.match(word) and word not in lexicon.countries() \
                and any(m.text == word and (DEMONYM_OF_GROUP.match(text, m.end) or DEMONYM_OF_COMPANY.match(text, m.end)) for m in bare):
            # "several Ferrowan banks", "14 Almerran lenders", "Lukovaran telecoms equipment maker Korbamo Networks":
            # a people's word before a group or before what a named company is
            demonyms[word] = word
    _states_inside_names(mentions, tails - singles - set(names), text)
    _company_seats(mentions, set(names) | set(demonyms), text)
    for city in {m.text for m in bare if CAPITAL_APPOSED.match(text, m.end)}:
        names.pop(city, None)  # "Sarvel, the Rathmorian capital": a city, though its ministries speak for the state
        demonyms.pop(city, None)
    for m in bare:
        if m.text.endswith("s") and m.text[:-1] in demonyms:  # "five Brastovans"
            m.text = m.text[:-1]
        key = names.get(m.text)
        if key is not None:
            m.type, m.source, m.key = "Country", "country", key
        elif m.text in demonyms:
            m.type, m.source, m.key = "Country", "demonym", demonyms[m.text]


# A town in an address: after a company's suffix or a street ("Halvern Co., Ltd., Pellgrad, Ostravia", "14 Harbour Road, Sannport, Ostravia").
ADDRESS_BEFORE = re.compile(r"(?:\b(?:Ltd|Limited|LLC|Inc|Corp|Corporation|plc|PLC|GmbH|AG|S\.A|N\.V|Co)\.?|\b\d+\s+[A-Z][\w-]+\s+(?:Road|Street|Avenue|Row|"
                            r"Lane|Square|Way|Boulevard|Place|Drive|Quay|Parade)),\s+$")


# "Brightmere Software of Lunebourg", "Kelvane Data LLC (Krastograd)": a company and, after it, the town it is from.
SEAT_OPENER = re.compile(r"(?:\s+of\s+|\s*\(\s*)$")
SEAT_CLOSER = re.compile(r"^(?:\s*\)|[,.;:]|\s+(?:and|which|that|who|has|had|is|was|said|says|won|lost|will|would)\b)")


def _company_seats(mentions: list[Mention], states: set[str], text: str) -> None:
    """A lone capitalised word right after a company's name, joined by "of" or in brackets,
    is the town the company is from: a place, not a second organisation."""
    ordered = sorted(mentions, key=lambda m: m.start)
    seats: set[str] = set()
    for before, m in zip(ordered, ordered[1:], strict=False):
        if m.type is not None or m.source != "shape" or " " in m.text or m.text in states or sum(c.isupper() for c in m.text) > 1 \
                or m.text in before.text.split() or normalise(m.text) == normalise(before.text).split()[0] \
                or before.source not in ("shape", "catalog") or " " not in before.text and before.source != "catalog" \
                or before.type not in ("Vendor", "Bank", "Organization") and before.text.split()[-1].lower() not in lexicon.COMPANY_SUFFIXES:
            continue
        if SEAT_OPENER.fullmatch(text, before.end, m.start) and SEAT_CLOSER.match(text[m.end : m.end + 12]):
            seats.add(m.text)
    for m in mentions:
        if m.text in seats and m.type is None and m.source == "shape":
            m.type, m.source = "Place", "place"


def _common_word(word: str, text: str) -> bool:
    """Whether the story also writes ``word`` in lower case: an ordinary word, not a people's name."""
    return bool(_word_starts(text, word.lower()))


# "Sarvel, the Rathmorian capital", "Sarvel, capital of Rathmoria": a city in apposition.
CAPITAL_APPOSED = re.compile(r",\s+(?:the\s+)?(?:(?:[A-Z][\w-]+(?:['’]s)?|country['’]s|nation['’]s)\s+)?(?:political\s+|commercial\s+|financial\s+)?capital\b")


# A seat ("headquartered in X", "based in X") that answers, protests or urges is a state: towns do not speak.
SEAT_BEFORE = re.compile(r"\b(?:based|headquartered|registered|incorporated) in\s+$|\bheadquarters in\s+$")
STATE_ACTS = re.compile(r"^\s+[\"“]?(?:(?:has|have|had|also|later|quickly|firmly|strongly|resolutely)\s+)?[\"“]?(?:responded|retaliated|protested|"
                        r"opposes|opposed|condemned|denounced|urged|vowed|summoned|said|says|warned|rejected)\b")
# "Wescoria's Pemberly Semiconductor": a state's ending owning a company named in full.
OWNS_COMPANY = re.compile(r"^['’]s\s+(?:[A-Z][\w-]+\s+){0,3}[A-Z][\w-]+")


LOCAL_BODY = re.compile(r"\b(?:Court|Tribunal|District|Municipal|City|County|Regional|Provincial|Port)\b")


OF_BEFORE = re.compile(r" of (?:the )?$")


def _states_after_bodies(mentions: list[Mention], bare: list[Mention], names: dict[str, str], text: str) -> None:
    """"The Ministry of Industry and Information Technology of Tavaria": one word after "of" that ends a
    public body's name cut before it is the body's state (a court's or a town hall's is a town)."""
    bodies = {m.end: m for m in mentions if m.type == "Regulator" and " " in m.text}
    for m in bare:
        gap = OF_BEFORE.search(text[max(0, m.start - 8) : m.start])
        if " " in m.text or m.type is not None or m.text in names or gap is None:
            continue
        body = bodies.get(m.start - len(gap.group(0)))
        if body is not None and not LOCAL_BODY.search(body.text):
            names[m.text] = m.text


IN_OR_AT_BEFORE = re.compile(r"\b(?:in|at)\s+$")


def _states_that_act(mentions: list[Mention], bare: list[Mention], names: dict[str, str], text: str) -> None:
    """States no name shape gives away, read from what they do: a company's seat that also
    speaks ("headquartered in Tirnovel" … "Tirnovel responded"), or a name with a state's ending
    that owns a company ("Wescoria's Pemberly Semiconductor") and begins no name itself."""
    firsts = {m.text.split()[0] for m in mentions if " " in m.text}
    companies = {m.start for m in mentions if m.type in ("Vendor", "Bank", "Organization") and " " in m.text}
    singles: dict[str, list[Mention]] = {}
    for m in bare:
        if " " not in m.text and m.type is None and m.text not in names and m.text not in firsts and not DEMONYM.match(m.text):
            singles.setdefault(m.text, []).append(m)
    for word, group in sorted(singles.items()):
        seat = any(SEAT_BEFORE.search(text[max(0, m.start - 30) : m.start]) for m in group)
        # "the headquarters in Trevaunt said": the company speaks there, the seat does not.
        if seat and any(STATE_ACTS.match(text[m.end : m.end + 40]) and not IN_OR_AT_BEFORE.search(text[max(0, m.start - 4) : m.start])
                        for m in group):
            names[word] = word
            continue
        for m in group:
            owned = OWNS_COMPANY.match(text[m.end : m.end + 60])
            if owned and STATE_ENDING.match(word) and any(m.end < c <= m.end + 4 for c in companies):
                names[word] = word
                break


# "Financial Supervisory Authority of Grisandia", "Parliament of Almerra": a public body "of" a one-word name.
# Courts, offices and local bodies are a town's as often as a state's ("District Court of Aubervale",
# "High Court of Amberlee"); the service that runs the courts is the state's ("Courts Service of Trezanne").
# A body that calls itself national, federal or supreme ("National Cyber Security Centre of Lumbrevia", "High
# Administrative Court of Edravel") is a state's, whatever its head word.
BODY_OF = re.compile(r"^(?!.*\b(?:District|Municipal|City|County|Regional|Provincial|Port)\b)(?:.*\b(?:Authority|Commission|Board|Bank|"
                     r"Ministry|Parliament|Assembly|Agency|Council|Directorate|Inspectorate|Supervisor|Courts\s+Service|Government)|"
                     r"(?:.*\s)?(?:National|Federal|Supreme|Constitutional|Administrative)\s+(?:[A-Z][\w-]+\s+){0,3}"
                     r"(?:Centre|Center|Office|Service|Court|Institute|Bureau|Committee))\s+of\s+(?:the\s+)?"
                     r"(?P<name>[A-Z][a-z][\w'-]+)$")


# "National Bank of Orvalia", "Central Bank of Dremnia": a state's bank, named after the state.
STATE_BANK = re.compile(r"^(?:The\s+)?(?:National|Central|Reserve|State|People['’]s)\s+Bank\s+of\s+")


def _state_words_in_names(mentions: list[Mention]) -> tuple[set[str], set[str]]:
    """What longer names say about states: the one-word names that end a public body's name
    ("… Authority of Grisandia"), and the demonyms inside names ("… of the Luthmeri Assembly").
    Either is a state once the story also uses the name alone or a demonym formed from it."""
    from kg.extract.mentions import HEAD_WORDS

    tails: set[str] = set()
    inner: set[str] = set()
    for m in mentions:
        if " " not in m.text or m.type not in ("Regulator", "Organization", None) and not STATE_BANK.match(m.text):
            continue
        tail = BODY_OF.match(m.text)
        if tail and tail.group("name").lower() not in HEAD_WORDS | lexicon.COMMON_CAPITALISED | lexicon.NOT_NAMES:
            tails.add(tail.group("name"))
        # A public body's first word too ("Tamsarian Financial Supervisory Authority"); a company's
        # first word is its own name ("Morgan Bank"), not a people's.
        words = m.text.split() if m.type == "Regulator" else m.text.split()[1:]
        inner |= {w for w in words if DEMONYM.match(w) and w.lower() not in HEAD_WORDS}
    return tails, inner


MINISTRY_OF = re.compile(r"\b(?:Ministry|Department) of\b")


def _states_inside_names(mentions: list[Mention], tails: set[str], text: str) -> None:
    """"the Financial Supervisory Board of Oskeland" in a story that never names Oskeland alone:
    the state is named all the same, by the last word of its body's name (a mention of its own).
    A ministry's or a department's "of" names its portfolio ("Ministry of Commerce"), and a word the
    story also writes in lower case ("Board of Trade") is no state."""
    for m in list(mentions):
        tail = BODY_OF.match(m.text) if " " in m.text and m.type in ("Regulator", "Bank", None) else None
        if tail is None or tail.group("name") not in tails or m.source != "shape" or MINISTRY_OF.search(m.text):
            continue
        name = tail.group("name")
        if re.search(r"\b" + re.escape(name.lower()) + r"\b", text):
            continue
        start = m.start + tail.start("name")
        mentions.append(Mention(start, start + len(name), name, "Country", "country", m.last - 1, m.last, m.sentence, key=name))


# What may stand before the first word of a line or sentence: a bullet, a quotation mark, a bracket.
# Words that open a sentence before a name and are no part of it: "Across Nydessa, banks …", "Under Friday's order".
OPENING_WORDS = frozenset("across after before under over at from with without within throughout inside outside since during "
                          "unlike beyond between among against despite via upon what when where why how while although though "
                          "because unless until".split())
LINE_START = re.compile(r"(?:^|\n|[.!?:]\s)[\s\-–—•*\"“‘'(\[]*$")


def _drop_opening_words(mentions: list[Mention], tokens: list[Token], text: str) -> None:
    """A headline's, bullet's or quotation's capitalised first word glued to a name ("Faulty
    Brightfold update …", "- Follows Orbelle's decision", "\"Trialling Kestrune …"): when the
    name's last word begins a longer organisation's name elsewhere in the story ("Brightfold
    Security"), the first word is no part of it. A person's surname never begins one."""
    firsts = {m.text.split()[0] for m in mentions if " " in m.text and m.type not in ("Person", "Country", "Place")}
    # "What Ohlander had run into …" after "Maj-Britt Ohlander": a surname the story gave a person already.
    people: dict[str, set[str]] = {}
    for m in mentions:
        if " " in m.text and m.type == "Person":
            people.setdefault(m.text.split()[-1], set()).add(m.text)
    for m in mentions:
        words = m.text.split()
        # … and the word before it is a common word (written in lower case elsewhere), which no first name is.
        surname = len(words) == 2 and bool(people.get(words[1], set()) - {m.text}) and _common_word(words[0], text)
        if m.source != "shape" or len(words) != 2 or m.type not in (None, "Person") or m.title or m.typed_by == "title" \
                or not (words[1] in firsts or surname or words[0].lower() in OPENING_WORDS) \
                or not LINE_START.search(text[max(0, m.start - 12) : m.start]):
            continue
        rest = next((t for t in tokens[m.first : m.last] if t.text == words[1] and t.start > m.start), None)
        if rest is not None:
            m.start, m.first, m.text, m.key, m.type, m.typed_by = rest.start, rest.index, rest.text, rest.text, None, "context"


EMBASSY_SPEAKS = re.compile(r"\s*,?\s*(?:(?:has|had|have|also|later)\s+)?(?:said|says|called|rejected|issued|protested|denied|accused|"
                            r"urged|condemned|warned|described|lodged|demanded)\b")


def _embassies_in_full(embassies: list[Mention]) -> None:
    """"the Zemorian embassy" after (or before) "the Zemorian embassy in Amberlo": one mission, named in full."""
    for m in embassies:
        if " in " in m.text:
            continue
        full = {e.text for e in embassies if e.text.lower().startswith(m.text.lower() + " in ")}
        if len(full) == 1:
            m.extra["long"] = full.pop()


# "Kellow Holdings v Minister for Finance [2019] TZHC 44", "R (Vantor Mobile) v Secretary of State": a case cited.
VERSUS = re.compile(r"\)?\s+v\.?\s+(?=[A-Z])")
CASE_MARK = re.compile(r"\sv\.?\s")  # what every match of VERSUS holds
CITATION_AFTER = re.compile(r"\s*[\[(]\d{4}[\])]")
CITING_BEFORE = re.compile(r"(?:\b(?:[Ii]n|on|and|[Ss]ee|cf\.?|following|applied|approved|distinguished)\s+|R\s*\((?:on the application of\s+)?)$")


def _cited_cases(mentions: list[Mention], text: str) -> None:
    """Mark the names of a case a judgment cites ("In Brightline Systems Ltd v Office of Communications, the
    court held …", "Kellow Holdings v Minister for Finance [2019] TZHC 44"): with no other mention, no entity."""
    if not CASE_MARK.search(text):
        return  # no "v" between spaces, no citation: spares the slower scan of VERSUS
    by_end = {m.end: m for m in mentions}
    by_start = {m.start: m for m in mentions}
    for v in VERSUS.finditer(text):
        left, right = by_end.get(v.start()), by_start.get(v.end())
        if left is None or right is None:
            continue
        if CITATION_AFTER.match(text, right.end) or CITING_BEFORE.search(text[max(0, left.start - 40) : left.start]):
            left.extra["cited"] = right.extra["cited"] = True


def _place_shaped(name: str) -> bool:
    """"Port Calvaine", "Mount Ardra", "Tessel City", "Harl Island": a place word, then a name, or a
    name, then a place word."""
    words = name.split()
    return 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and (
        words[0].lower().rstrip(".") in PLACE_WORDS or words[-1].lower() in PLACE_ENDINGS)


OPENING_BRACKET = re.compile(r"\s*\(\s*")
CLOSING_BRACKET = re.compile(r"\s*\)")


def _parenthesised_short_forms(mentions: list[Mention], text: str) -> None:
    """"the Harbour Cyber Association (HCA)": the short form in brackets is the same entity."""
    by_start = {m.start: m for m in mentions}
    spelled: dict[str, str] = {}
    for m in mentions:
        if " " not in m.text or m.type in ("Person", "Country", "Place"):
            continue
        bracket = OPENING_BRACKET.match(text[m.end : m.end + 4])
        if not bracket:
            continue
        short = by_start.get(m.end + bracket.end())
        if short is not None and " " not in short.text and CLOSING_BRACKET.match(text[short.end : short.end + 3]) \
                and (_acronym_like(short.text) or short.text.isupper() or short.text in m.text.split()):
            # A town in brackets ("Murmeo LLC (Krastograd)") is where it is, not what it is called.
            m.extra["short"] = short.text
            short.key = m.text
            short.extra["long"] = m.text
            spelled[short.text] = m.text
    for m in mentions:
        # "CFIRO" used alone later is the body it was defined for, whatever its letters spell.
        if m.text in spelled and not m.extra.get("long") and m.source == "shape":
            m.extra["long"] = spelled[m.text]


# "the Foreign Investment (Screening) Act", "the Banking (Amendment) Regulations": a word in brackets
# inside the title of a law, then the law's head word.
TITLE_BRACKET = re.compile(r"^\s*\)\s+(?:[A-Z][\w-]*\s+){0,2}?(?:Act|Acts|Bill|Regulations?|Rules|Order|Law|Code|Decree|Ordinance|Directive)\b")


def _bracketed_title_words(mentions: list[Mention], text: str) -> None:
    """Drop a capitalised word in brackets inside a law's title: it names no one."""
    mentions[:] = [m for m in mentions if not (m.source == "shape" and text[max(0, m.start - 1) : m.start] == "("
                                               and TITLE_BRACKET.match(text[m.end : m.end + 40]))]


_STATE_SEEN: dict[tuple[int, str], bool] = {}


def _state_named(entry: dict, catalog: Catalog, text: str) -> bool:
    """Whether the state a curated public body belongs to is named in the text (by name, alias or
    demonym), or the body has no state on record. A generic name ("Ministry of Finance") of another
    story's state is not that body."""
    state = entry.get("country")
    if not isinstance(state, str) or not state:
        return True
    patterns = catalog.__dict__.setdefault("_state_patterns", {})  # kept on the catalog: built once per state
    key = state
    if key not in patterns:
        found = [e for e in catalog.entries if e.get("id") == state]
        names = [n for e in found for n in [e.get("name") or "", *(e.get("aliases") or [])] if isinstance(n, str) and n]
        names += [word for word, (country, _kind) in lexicon.countries().items() if names and country in names]
        patterns[key] = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")(?![\w-])") if names else None
    pattern = patterns[key]
    if pattern is None:
        return True
    seen = (hash(text), state)
    if seen not in _STATE_SEEN:
        if len(_STATE_SEEN) > 4096:
            _STATE_SEEN.clear()
        _STATE_SEEN[seen] = pattern.search(text) is not None
    return _STATE_SEEN[seen]


CAPITALISED_WORD = re.compile(r"[A-Z][\w'-]+")


def _named_elsewhere(entry: dict, text: str) -> bool:
    """Whether the text names ``entry`` by a capitalised word of its name, or that word's country."""
    countries = lexicon.countries()
    for word in CAPITALISED_WORD.findall(entry.get("name") or ""):
        if word in text:
            return True
        country = countries.get(word)
        if country and re.search(r"\b" + re.escape(country[0]) + r"\b", text):
            return True
    return False


def _catalog_context(mention: Mention, tokens: list[Token], sentence: Sentence) -> None:
    """What a curated name's surroundings say: a title ("President X"), a country prefix ("US NSA")."""
    from kg.extract.mentions import _title_before

    words = [t for t in tokens[mention.first : mention.last]]
    countries = lexicon.countries()
    if mention.type == "Person":
        lead = []
        while len(words) > 1 and words[0].lower in lexicon.TITLE_WORDS | {"prime", "deputy"}:
            lead.append(words.pop(0).text)
        before = tokens[mention.first - 1] if mention.first > sentence.first else None
        if lead:
            mention.title = " ".join(lead)
        elif before is not None and before.lower in lexicon.TITLE_WORDS:
            mention.title = _title_before(tokens, mention.first, sentence)
    elif len(words) > 1 and words[0].text in countries and (words[0].upper or countries[words[0].text][1] == "demonym") \
            and not GROUP_NOUN.search(mention.text):
        mention.extra["country"] = countries[words[0].text][0]


def _inside_name(tokens: list[Token], first: int, last: int) -> bool:
    """A country's name that begins or ends an organisation's name."""
    nxt = tokens[last + 1] if last + 1 < len(tokens) else None
    if nxt is not None and nxt.cap and nxt.alpha and not tokens[last].text.endswith("'s"):
        k = last + 1
        while k < len(tokens) and tokens[k].cap and tokens[k].alpha:
            k += 1
        words = [t.lower for t in tokens[last + 1 : k]]
        heads = lexicon.REGULATOR_HEADS | lexicon.BANK_HEADS | lexicon.VENDOR_HEADS | lexicon.ORGANIZATION_HEADS
        if words and words[-1] in heads:
            return True
    if first >= 2 and tokens[first - 1].lower == "of" and tokens[first - 2].cap:
        return tokens[first - 2].lower in (lexicon.REGULATOR_HEADS | lexicon.BANK_HEADS | lexicon.ORGANIZATION_HEADS)
    return False


def _sentence_index(tokens: list[Token], sentences: list[Sentence]) -> list[int]:
    index = [0] * len(tokens)
    for si, s in enumerate(sentences):
        for k in range(s.first, s.last):
            index[k] = si
    return index


def _cluster(mentions: list[Mention], text: str, catalog: Catalog) -> dict[str, Entity]:
    """Group mentions into entities, link them and pick names, types and ids."""
    clusters: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.source == "catalog":
            key = "id:" + (m.entity or "")
        elif m.type == "Country":
            key = "country:" + m.key
        else:
            key = normalise(m.extra.get("long") or m.text) or m.text
        clusters.setdefault(key, []).append(m)
    _merge_short_forms(clusters, text)
    _drop_products(clusters, text)
    entities: dict[str, Entity] = {}
    for key in sorted(clusters, key=lambda k: min(m.start for m in clusters[k])):
        group = sorted(clusters[key], key=lambda m: m.start)
        if all(m.extra.get("sentence_initial") for m in group) and not any(m.type for m in group):
            continue
        if all(m.extra.get("cited") for m in group):
            continue  # parties of an earlier case a judgment cites, not of this story
        entity = _make_entity(group, text, catalog)
        if entity is None:
            continue
        existing = entities.get(entity.id)
        if existing is not None:
            existing.mentions.extend(entity.mentions)
            existing.aliases |= entity.aliases
            for m in entity.mentions:
                m.entity = existing.id
            continue
        entities[entity.id] = entity
    return entities


POSSESSIVE_END = re.compile(r"['’]s$")


def _merge_short_forms(clusters: dict[str, list[Mention]], text: str = "") -> None:
    """Merge acronyms, surnames and first words of company names into their full names."""
    def longest(key: str) -> str:
        return POSSESSIVE_END.sub("", max((m.text for m in clusters[key]), key=len))

    full = {k: longest(k) for k in clusters}
    initials = {k.split(":", 1)[1][:1] for k in clusters if k.startswith("country:")}
    for key in sorted(clusters, key=lambda k: (len(full[k]), k)):
        if key not in clusters:
            continue
        short = full[key]
        types = {m.type for m in clusters[key]}
        if key.startswith(("country:", "id:")) or types & {"Place", "Country"}:
            continue
        if " " in short and _products_of(short, clusters, full):
            # "Corvane Gear", "Halden Handsets" in a headline: the maker's things, standing for the maker.
            maker = _products_of(short, clusters, full)
            for m in clusters[key]:
                m.type = None  # the shape of a person's name says nothing of the maker
            clusters[maker].extend(clusters.pop(key))
            continue
        if " " in short:
            # "Helix Corvane" beside "Helix Corvane Technologies": the first words of an organisation's name.
            longer = [o for o in clusters if o != key and full[o].lower().startswith(short.lower() + " ") and not o.startswith("country:")
                      and ({m.type for m in clusters[o]} & {"Vendor", "Bank", "Organization", "Regulator"}
                           or full[o].split()[-1].lower() in lexicon.COMPANY_SUFFIXES)
                      and "Person" not in {m.type for m in clusters[o]}]
            if longer and _other_states_body(clusters[key], clusters[min(longer, key=lambda o: len(full[o]))], text):
                continue  # "Tharnland's Ministry of Commerce" is not Quessary's "Ministry of Commerce and Industry"
            if longer and all(m.typed_by != "title" for m in clusters[key]):
                clusters[min(longer, key=lambda o: len(full[o]))].extend(clusters.pop(key))
            continue
        target = None
        for other in sorted(clusters, key=lambda k: (-len(full[k]), k)):
            if other == key or other.startswith("country:"):
                continue
            name = full[other]
            if " " not in name:
                continue
            kinds = {m.type for m in clusters[other]}
            # "Kirrin Compute" looks like a person's name; "Kirrin" used alone says it may be a company.
            shaped = kinds == {"Person"} and all(m.typed_by == "shape" for m in clusters[other])
            if _acronym_like(short) and kinds & {"Regulator", "Vendor", "Bank", "Organization", None} and (
                    short.upper() in acronym(name)
                    or (short[0] in initials and short[1:].upper() in acronym(name))):  # "OFSB": Oskeland's FSB
                target = other
            elif name.isupper() and name.split()[0].lower() == short.lower() and kinds & {"Vendor", "Bank", "Organization", None}:
                target = other  # "Marlo" for "MARLO SYSTEMS LIMITED" of a court paper's heading
            elif "Person" in kinds and name.split()[-1] == short:
                target = other
            elif (kinds & {"Vendor", "Bank", "Organization", None} or shaped) and name.split()[0] == short \
                    and short not in lexicon.countries() \
                    and not _mostly_placed(clusters[key], text):
                target = other
            if target:
                break
        if target:
            clusters[target].extend(clusters.pop(key))


PRODUCT_NOUNS = frozenset("gear kit handsets phones smartphones servers routers products cameras modems hardware".split())


def _products_of(short: str, clusters: dict[str, list[Mention]], full: dict[str, str]) -> str | None:
    """The key of the one vendor whose first word begins a two-word name ending in a plural or mass
    noun for its products ("Corvane Gear" beside "Corvane Networks"), if any."""
    words = short.split()
    if len(words) != 2 or words[1].lower() not in PRODUCT_NOUNS:
        return None
    makers = [k for k in clusters if full[k] != short and full[k].split()[0] == words[0] and " " in full[k]
              and {m.type for m in clusters[k]} & {"Vendor", "Organization"}]
    return makers[0] if len(makers) == 1 else None


def _drop_products(clusters: dict[str, list[Mention]], text: str) -> None:
    """"the Tessil Talk messaging app" beside "Tessil Software": a name that shares its first word
    with a company of the story and is called an app or a product is the company's product."""
    makers = {m.text.split()[0] for ms in clusters.values() for m in ms
              if " " in m.text and m.type in ("Vendor", "Organization") and m.typed_by == "head"}
    for key in list(clusters):
        group = clusters[key]
        words = group[0].text.split()
        if len(words) < 2 or words[0] not in makers or any(m.source != "shape" or m.typed_by == "head" for m in group):
            continue
        if any(PRODUCT_AFTER.match(text[m.end : m.end + 50]) for m in group):
            del clusters[key]


POSSESSOR_BEFORE = re.compile(r"([A-Z][\w-]+)['’]s\s+(?:[Tt]he\s+)?$")


def _owners(group: list[Mention], text: str) -> set[str]:
    """The states or names that own a name's mentions: "Tharnland" in "Tharnland's Ministry of Commerce"."""
    return {m.group(1) for x in group if (m := POSSESSOR_BEFORE.search(text[max(0, x.start - 40) : x.start]))}


def _other_states_body(short: list[Mention], longer: list[Mention], text: str) -> bool:
    """Whether a shorter name is owned by a state that never owns the longer name: two bodies."""
    owners = _owners(short, text) if text else set()
    return bool(owners) and not owners & _owners(longer, text) and all(m.type in ("Regulator", None) for m in short)


IN_OR_NEAR_BEFORE = re.compile(r"\b(?:in|near)\s+$")


def _mostly_placed(group: list[Mention], text: str) -> bool:
    """Whether half or more of a name's mentions follow "in" or "near": a town ("in Lunebourg") and
    not the short form of a company named after it ("Lunebourg Savings Bank"). "to" and "from" say
    nothing: goods go "to Sunspire", a company as much as a town."""
    placed = sum(bool(IN_OR_NEAR_BEFORE.search(text[max(0, m.start - 6) : m.start])) for m in group)
    return placed * 2 >= len(group)


LEADING_THE = re.compile(r"^[Tt]he\s+")


def _masthead(name: str) -> bool:
    """A newspaper's title ("the Courier", "Merrowby Evening Post", "Daily Herald"): the story's
    source or another paper it quotes, never one of its participants."""
    bare = LEADING_THE.sub("", name)
    words = [w.lower() for w in bare.split()]
    if bare in lexicon.NEWS_AGENCIES:
        return True
    if not words or not all(w[:1].isupper() for w in bare.split()):
        return False
    if words[-1] in lexicon.MASTHEAD_WORDS or " ".join(words[-2:]) in lexicon.MASTHEAD_PAIRS:
        return True
    return len(words) >= 2 and words[-2] in lexicon.MASTHEAD_TIMES and words[-1] in lexicon.MASTHEAD_AFTER_TIME


def _technology_company(name: str) -> bool:
    """A company's name (it ends in a legal suffix) with a technology word inside it."""
    words = [w.lower().strip(".,") for w in name.split()]
    return len(words) >= 3 and words[-1] in lexicon.COMPANY_SUFFIXES - {"holdings"} \
        and any(w in lexicon.VENDOR_HEADS or w.endswith(lexicon.VENDOR_ENDINGS) for w in words[1:-1])


def _acronym_like(word: str) -> bool:
    """"CSA", "BoS", "PBoC": two or more capitals in a short word."""
    return word.isalpha() and len(word) <= 6 and word[0].isupper() and sum(c.isupper() for c in word) >= 2


def _make_entity(group: list[Mention], text: str, catalog: Catalog) -> Entity | None:
    """One entity from a group of mentions: its name, its catalog entry and its type, or None
    for a group that names nothing (a product, a heading, a sentence's first word).

    Long because typing is one decision list (catalog, head words, person signs, context,
    fallback), and its order is the point."""
    names = [m.text for m in group if m.source in ("shape", "catalog", "country", "place")]
    if not names:
        names = [m.key for m in group]
    kind = next((m.type for m in group if m.source == "catalog" and m.type), None)
    country = next((m.extra["country"] for m in group if m.extra.get("country")), None)
    if group[0].type == "Country":
        name = group[0].key
    else:
        name = max(names, key=lambda n: (len(n.split()), len(n), n))
        name = POSSESSIVE_END.sub("", name)
        # A heading's capitals ("MARLO SYSTEMS LIMITED") give way to the same name written in the text.
        name = next((n for n in names if n.isupper() is False and normalise(n) == normalise(name)), name) if name.isupper() else name
    entry, score = (None, 0.0)
    weak = False
    ids = {m.entity for m in group if m.entity}
    if ids:
        entry = next((e for e in catalog.entries if e.get("id") in ids), None)
        score = 1.0
    if entry is None and not any(m.extra.get("unlinked") for m in group):
        for candidate in sorted(set(names) | {name}, key=lambda n: (-len(n), n)):
            entry, score = catalog.link(candidate, kind or _vote(group))
            if entry is not None:
                break
    if kind is None:
        kind = _vote(group)
        if kind == "Person" and all(m.typed_by == "shape" for m in group if m.type == "Person") and _place_shaped(name):
            kind = "Place"
        if kind == "Person" and all(m.typed_by == "shape" for m in group if m.type == "Person") \
                and not any(PERSON_APPOSED.match(text, m.end) for m in group):
            # Two capitalised words look like a person's name; the words around them know better
            # ("headquartered in Port Ilsen", "software maker Fenwick Secure") — unless a job title
            # stands in apposition ("Ona Vell, the company's president for the region").
            kind = _context_type(group, text) or kind
            if kind == "Person" and all(PRODUCT_AFTER.match(text[m.end : m.end + 50]) for m in group):
                kind = None  # "the Pell Chat and Pell Pay apps": products named like people
            if kind == "Person" and not _acts_as_person(group, name, text):
                kind = None  # nothing says a person: no speech, title, age or surname alone
        if kind is None and any(m.extra.get("operator") for m in group):
            vendor = any(VENDOR_CUES.search(text[max(0, m.start - 60) : m.start]) or VENDOR_AFTER.search(text[m.end : m.end + 80])
                         for m in group)
            kind = "Vendor" if vendor else "Organization"
        kind = kind or _context_type(group, text)
        if kind == "Bank" and _central_bank(name, text, catalog):
            kind = "Regulator"
    if entry is None and kind in ("Regulator", "Bank") and any(INDUSTRY_BODY.match(text, m.end) for m in group):
        kind = "Organization"  # "the National Payments Council, an industry body": its members' voice, no authority
    if entry is None and kind in ("Vendor", "Organization", None) and all(
            OWNED_BEFORE.search(text[max(0, m.start - 30) : m.start]) and PRODUCT_AFTER.match(text[m.end : m.end + 50]) for m in group):
        return None  # "its Skyvault storage platform", "Orvel's Lumen app": a product of its owner, not an agent
    if entry is None and kind in ("Vendor", "Organization", None) and not any(m.type and m.typed_by == "head" for m in group) \
            and any(PRODUCT_MADE_BY.match(text[m.end : m.end + 90]) for m in group):
        return None  # "Nordlen, a core-banking system developed by Helm Systems": its maker's product
    if entry is None and name.split()[-1].lower() in ("fund", "account") and all(
            PAID_INTO.search(text[max(0, m.start - 40) : m.start]) for m in group):
        return None  # "paid into the Consolidated Fund": the state's account, where money goes, not an actor
    if entry is None and kind == "Country" and any(m.source != "demonym" and CAPITAL_APPOSED.match(text, m.end) for m in group):
        kind = "Place"  # "Sarvel, the Rathmorian capital": a city, though its ministries speak for the state
    if entry is not None:
        kind = entry.get("type") or kind
    elif kind in ("Organization", "Regulator", None) and _masthead(name):
        return None  # a newspaper: where the story comes from, not what it is about
    if kind is None and _technology_company(name):
        kind = "Vendor"  # "Zorin Semiconductor Manufacturing Corporation": a technology word and a company's suffix
    if kind is None:
        if all(m.extra.get("sentence_initial") for m in group):
            return None
        if entry is None and sum(bool(PRODUCT_AFTER.match(text[m.end : m.end + 50])) for m in group) * 2 >= len(group):
            return None  # "the Watchpost agent", "Bastion, the endpoint sensor": a product, not an agent
        if entry is None and " " not in name and name.isupper() and not any(m.extra.get("long") for m in group):
            return None  # capitals no name in the story spells out ("SOC", "DISMISSED"): a code or a heading
        kind, weak = "Organization", True  # nothing says what it is: kept only if it takes part in something
    ident = entry["id"] if entry is not None else Slug.from_name(name)
    entity = Entity(ident, entry.get("name", name) if entry else name, kind, entry is not None,
                    confidence=round(0.95 if entry and score == 1.0 else 0.7 + 0.2 * score if entry else 0.7, 3), country=country,
                    weak=weak)
    for m in group:
        m.entity = ident
        if m.source in ("shape", "catalog", "country") and m.text != entity.name:
            entity.aliases.add(POSSESSIVE_END.sub("", m.text))
        if m.extra.get("alias") and m.extra["alias"] != entity.name:
            entity.aliases.add(m.extra["alias"])
    entity.mentions = list(group)
    return entity


OWNED_BEFORE = re.compile(r"\b(?:its|their|[A-Z][\w-]+['’]s|the (?:company|firm|group|vendor|bank)['’]s)\s+$")
INDUSTRY_BODY = re.compile(r",\s+(?:an?|the)\s+(?:[\w-]+\s+){0,2}?(?:industry|trade|lobby|business|employers['’]?|bankers['’]?|"
                           r"banking|sector|professional|membership)\s+(?:body|group|association|lobby|organi[sz]ation|federation)\b")
PRODUCT_AFTER = re.compile(r"^(?:,\s+(?:the|an?|its)\s+(?:[\w-]+\s+){0,2}?|\s+(?:[a-z-]+\s+)?)(?:agents?|sensors?|software|apps?|applications?|platforms?|"
                           r"suite|chips?|processors?|servers?|routers?|firewall|update|updates|antivirus|browser|handsets?|"
                           r"modems?|products?|tools?|short-video app|messaging app|messenger)\b")
# "Nordlen, a core-banking system developed by Helm Systems", "Skyvault, the storage platform sold by Orvel":
# a product in apposition, with its maker.
PRODUCT_MADE_BY = re.compile(r"^,\s+(?:an?|the|its)\s+(?:[\w-]+\s+){0,3}?(?:system|platform|app|application|software|product|tool|"
                             r"suite|service|package|chip|processor|router|server|device|model)\s+(?:that\s+(?:was|is)\s+)?"
                             r"(?:developed|made|built|designed|sold|supplied|provided|marketed|licensed|operated|owned)\s+by\b")
PAID_INTO = re.compile(r"\b(?:paid|credited|transferred|deposited|remitted|go|goes|going|went)\s+(?:in)?to\s+(?:the\s+)?$")
# A title after the name, in apposition or on the next line of a signature ("Radomir Kesselin\nChairman").
PERSON_AFTER = re.compile(r"^(?:['’]s\s+(?:lawyer|spokes\w+|office|family|wife|husband)|,?\s+(?:who|said|says|told|added|wrote|argued|"
                          r"warned|insisted|testified|noted|confirmed|declined|\d{2}\b)|\s+\(\d{2}\))|^(?:,\s+|[ \t]*\n[ \t]*)(?:an?\s+|the\s+)?"
                          r"(?:[\w'’-]+\s+){0,3}?(?:chief|head|director|minister|secretary|spokes\w+|officer|executive|chair\w*|"
                          r"president|governor|founder|analyst|lawyer|judge|partner|professor|researcher|economist|"
                          r"under-secretary|commissioner|registrar|prosecutor|ambassador)\b", re.I)
# A job title in apposition: "Ona Vell, the company's president for the region", "Tam Orr, a senior
# official at the ministry". Stronger than a company word inside it ("the company's").
PERSON_APPOSED = re.compile(r",\s+(?:an?\s+|the\s+|its\s+|their\s+)?(?:[\w'’-]+\s+){0,3}?(?:director|minister|secretary|"
                            r"spokes(?:man|woman|person)|officer|executive|chair(?:man|woman)?|president|vice-president|governor|"
                            r"official|lawyer|judge|professor|commissioner|registrar|prosecutor|ambassador|manager|economist|founder)"
                            r"\b(?![-'’])(?!\s+(?:office|offices|quarters|role|post|position|job|board|committee|branch|order|team)\b)")
PERSON_BEFORE = re.compile(r"(?:\b(?:said|says|told|according to|Mr|Ms|Mrs|Dr|including|accuses|accused|charged|indicted|named)\.?|"
                           r"\b(?:director|executive|officer|chief|chairman|chairwoman|chair|head|founder|minister|secretary|"
                           r"spokes\w+|governor|manager|president|engineer|analyst|judge),|:)\s+$", re.I)
# "Ilya Tarnov and Kesra Mult", "Ilko Marsenek, Tavo Rudzin": a list of plain two-word names.
NAME_LIST = re.compile(r"^(?:,\s+|\s+and\s+)[A-Z][a-z]+\s+[A-Z][a-z]+(?:\s*[,.;]|\s+and\b|\s+of\b|$)")


LISTED_NAME_BEFORE = re.compile(r"[A-Z][a-z]+\s+[A-Z][a-z]+(?:,|\s+and)\s+$")


def _acts_as_person(group: list[Mention], name: str, text: str) -> bool:
    """A bare two- or three-word name is a person's when it speaks, has a title or age beside
    it, or is later called by its surname alone."""
    for m in group:
        if PERSON_AFTER.search(text[m.end : m.end + 60]) or PERSON_BEFORE.search(text[max(0, m.start - 30) : m.start]) \
                or NAME_LIST.match(text[m.end : m.end + 40]) or LISTED_NAME_BEFORE.search(text[max(0, m.start - 40) : m.start]):
            return True
    surname = name.split()[-1]
    spans = [(m.start, m.end) for m in group]
    return any(not any(s <= start < e for s, e in spans) for start in _word_starts(text, surname))


WORD_RUN = re.compile(r"\w+")


def _word_starts(text: str, word: str) -> list[int]:
    """Where ``word`` stands in ``text`` as a whole word (a run of ``\\w`` characters, all of it): found by
    ``str.find``, much faster than reading every word of the text; a story asks for a few words only."""
    if not WORD_RUN.fullmatch(word):
        return []
    starts = []
    at = text.find(word)
    while at != -1:
        end = at + len(word)
        if not (at and _word_character(text[at - 1])) and not (end < len(text) and _word_character(text[end])):
            starts.append(at)
        at = text.find(word, at + 1)
    return starts


def _word_character(c: str) -> bool:
    """Whether ``c`` is one that ``\\w`` matches."""
    return c.isalnum() or c == "_"


BANK_OF_NAME = re.compile(r"Bank of ((?:the )?[A-Z][\w' ]+)")
CENTRAL_BANK_WORDS = re.compile(r"\bcentral bank\b", re.I)


def _central_bank(name: str, text: str, catalog: Catalog) -> bool:
    """"Bank of <country>" in a story that speaks of a central bank is that country's central bank."""
    m = BANK_OF_NAME.fullmatch(name)
    if m is None or not CENTRAL_BANK_WORDS.search(text):
        return False
    country = m.group(1).removeprefix("the ")
    curated = {e.get("name") for e in catalog.entries if e.get("type") == "Country"}
    return country in lexicon.countries() or country in curated


NATIONAL_BANK_OF_NAME = re.compile(r"(?:The )?(?:National )?Bank of (?:the )?([A-Z][\w' ]+)")


def _central_banks(entities: dict[str, Entity], text: str) -> None:
    """"Bank of <a country of the story>" is that country's central bank, a regulator ("the Bank of
    Orvanth, acting as prudential regulator", "referred to the Authority by the Bank of Trundavia"),
    unless the story lists it among other banks ("Bank of Ardel, Thorn Bank and Cress Savings")."""
    countries = {e.name for e in entities.values() if e.type == "Country"}
    for entity in entities.values():
        m = NATIONAL_BANK_OF_NAME.fullmatch(entity.name)
        if entity.type == "Bank" and not entity.linked and m and m.group(1) in countries \
                and not any(AMONG_BANKS.match(text, x.end) or AMONG_BANKS_BEFORE.search(text, max(0, x.start - 40), x.start)
                            for x in entity.mentions):
            entity.type = "Regulator"


AMONG_BANKS = re.compile(r",\s+(?:[A-Z][\w&'-]*\s+){1,3}(?:Bank|Savings|Banking|Building Society)\b")
AMONG_BANKS_BEFORE = re.compile(r"\b(?:Bank|Savings|Banking|Society),\s+(?:and\s+)?(?:the\s+)?$")


CARRIER_HEADS = frozenset("air airways airlines airline rail railways mobile wireless".split())  # operators: users of the gear


def _background_bodies(entities: dict[str, Entity], text: str = "") -> None:
    """An organisation the story names once ("paid into the Consolidated Fund", "a study by the
    Harlow Institute") is background: listed only if it takes part in something the story reports.
    Vendors, banks, regulators, people, states and network or transport operators (the users of the
    gear) are listed however often they are named."""
    for entity in entities.values():
        if entity.type == "Organization" and not entity.linked and len({m.start for m in entity.mentions}) == 1 \
                and not any(m.extra.get("operator") for m in entity.mentions) \
                and entity.name.split()[-1].lower() not in lexicon.OPERATOR_HEADS | CARRIER_HEADS \
                and not (text and _body_speaks(entity, text)):
            entity.weak = True


# "The Savings Banks Association, which represents 41 lenders, wrote to …", "a complaint by the Digital
# Rights Forum": a body named once that speaks or complains takes part, it is no background.
BODY_SPEAKS_AFTER = re.compile(r"(?:\s*,\s+(?:which|who|an?|the)\b[^,.;]{0,80},)?\s+(?:(?:has|had|have|also|later|then)\s+)?"
                               r"(?:said|says|wrote|writes|warned|urged|complained|criticised|criticized|welcomed|argued|told|"
                               r"called|asked|protested|objected|petitioned|appealed|lodged|filed|sued|demanded)\b")
BODY_SPEAKS_BEFORE = re.compile(r"\b(?:complaints?|petitions?|letters?|objections?|submissions?|statements?|appeals?|lawsuits?|"
                                r"challenges?|campaigns?)\s+(?:by|from)\s+(?:the\s+)?$|\baccording to\s+(?:the\s+)?$", re.I)


def _body_speaks(entity: Entity, text: str) -> bool:
    """Whether a body named once speaks, writes or complains where it is named."""
    return any(m.start >= 0 and (BODY_SPEAKS_AFTER.match(text, m.end) or BODY_SPEAKS_BEFORE.search(text[max(0, m.start - 40) : m.start]))
               for m in entity.mentions)


# Heads shared by broadcasters and the makers of their gear ("Kelmor Radio", "Ostra Television").
BROADCAST_HEADS = frozenset("radio radios television tv broadcast broadcasting".split())


LIST_JOIN_BEFORE = re.compile(r"(?:,|\s+and|\s+or)\s+$")
LIST_JOIN_AFTER = re.compile(r"(?:\s*,\s*|\s+(?:and|or)\s+)")


def _conjoined_makers(entities: dict[str, Entity], text: str) -> None:
    """A name with a broadcaster's head joined by "and" to a technology vendor ("Hanbry Networks and
    Kelmor Radio") is a maker like it: names listed together are of one kind."""
    vendor_at = {(m.start, m.end) for e in entities.values() if e.type == "Vendor" for m in e.mentions if m.source != "coref"}
    starts = {s for s, _ in vendor_at}
    ends = {e for _, e in vendor_at}
    for entity in entities.values():
        if entity.type != "Organization" or entity.linked or entity.name.split()[-1].lower() not in BROADCAST_HEADS:
            continue
        for m in entity.mentions:
            before = LIST_JOIN_BEFORE.search(text[max(0, m.start - 6) : m.start])
            after = LIST_JOIN_AFTER.match(text[m.end : m.end + 6])
            if (before and m.start - len(before.group(0)) in ends) or (after and m.end + after.end() in starts):
                entity.type = "Vendor"
                break


STATE_CENTRE_HEADS = frozenset({"centre", "center"})


def _state_centres(entities: dict[str, Entity]) -> None:
    """A "centre" named after a state of the story ("Pashmiran Cyber Security Centre", "Centre of
    Velmara") is that state's agency, a regulator, not a private body."""
    countries = [(e.name, {e.name, *e.aliases}) for e in entities.values() if e.type == "Country"]
    for entity in entities.values():
        words = entity.name.split()
        if entity.linked or entity.type != "Organization" or len(words) < 2 or not {w.lower() for w in words} & STATE_CENTRE_HEADS:
            continue
        for word in (words[0], words[-1]):
            if any(word in names or (word != name and _stem_match(name, word)) for name, names in countries):
                entity.type = "Regulator"
                break


def _vote(group: list[Mention]) -> str | None:
    votes = Counter(m.type for m in group if m.type)
    if not votes:
        return None
    if votes.get("Place") and len(votes) > 1:
        del votes["Place"]
    if votes.get("Person") and len(votes) > 1 and all(m.typed_by == "shape" for m in group if m.type == "Person"):
        del votes["Person"]  # "Grave Harbor" looks like a person's name; "Grave Harbor Electronics" says what it is
    return sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


FROM_BEFORE = re.compile(r"\bfrom\s+$")
TO_NAME_AFTER = re.compile(r"\s+to\s+[A-Z]")
EMBASSY_IN_BEFORE = re.compile(r"\b(?:[Ee]mbass(?:y|ies)|[Cc]onsulates?(?:[ -][Gg]eneral)?)\s+in\s+$")


def _context_type(group: list[Mention], text: str) -> str | None:
    """Type of a bare name from the words just before and after its mentions."""
    for m in group:
        member = LISTED_IN.search(text[max(0, m.start - 160) : m.start])
        if member:
            return LISTED_KINDS[member.group(1).lower()]  # "lenders such as Pellow, Arden and Harl"
    for m in group:
        # Cues stop at a line break: a heading above ("… Regulator\n\nLONDERRY, 12 April") or a line below says
        # nothing of this name; an apposition comes after it, a describing word right before it.
        before = text[max(0, m.start - 60) : m.start].rsplit("\n", 1)[-1]
        after = text[m.end : m.end + 80].split("\n", 1)[0]
        if VENDOR_CUES.search(before) or VENDOR_AFTER.search(after):
            return "Vendor"
        if BANK_CUES.match(after) or BANK_BEFORE.search(before):
            return "Bank"
        if REGULATOR_CUES.match(after) or REGULATOR_BEFORE.search(before):
            return "Regulator"
    for m in group:
        if STATE_AFTER.search(text[m.end : m.end + 40]) or STATE_BEFORE.search(text[max(0, m.start - 40) : m.start]):
            return "Country"
    for m in group:
        if PLACE_BEFORE.search(text[max(0, m.start - 30) : m.start]) or _place_shaped(m.text) \
                or (" " not in m.text and PLACE_AFTER.match(text[m.end : m.end + 40])):
            return "Country" if _state_seat(m, text) else "Place"
    for m in group:
        # "at Oskebank", "a file from Sentrovane" name companies; "in", "near", "from X to Y" name places.
        if " " not in m.text.strip() and (IN_OR_NEAR_BEFORE.search(text[max(0, m.start - 6) : m.start])
                                          or (FROM_BEFORE.search(text[max(0, m.start - 6) : m.start])
                                              and TO_NAME_AFTER.match(text[m.end : m.end + 6]))):
            # "told reporters in Lunebourg"; "customers in Selkirra"; an embassy "in Ostrava" is in a city.
            hosted = EMBASSY_IN_BEFORE.search(text[max(0, m.start - 30) : m.start])
            return "Country" if _state_seat(m, text) and not hosted else "Place"
    for m in group:
        if COMPANY_BEFORE.search(text[max(0, m.start - 30) : m.start]) or COMPANY_AFTER.search(text[m.end : m.end + 60]):
            return "Vendor"
    return None


# A name listed after a group noun ("companies such as Kessoft, Halden and Orvix", "three lenders - Pellow,
# Arden and Harl -") is one of the group, and of its kind.
LISTED_IN = re.compile(r"\b(banks|lenders|insurers|companies|firms|vendors|suppliers|makers|manufacturers|chipmakers|"
                       r"operators|carriers)\s*(?:,\s*)?(?:such as|including|like|namely|[-–—(:])\s+"
                       r"(?:[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,3}\s*,\s*(?:and\s+)?|[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,3}\s+and\s+)*$", re.I)
LISTED_KINDS = {"banks": "Bank", "lenders": "Bank", "insurers": "Bank", "companies": "Vendor", "firms": "Vendor", "vendors": "Vendor",
                "suppliers": "Vendor", "makers": "Vendor", "manufacturers": "Vendor", "chipmakers": "Vendor",
                "operators": "Organization", "carriers": "Organization"}


# Endings of states' names in English ("Jundelia", "Iskarra", "Tharnland"); towns end otherwise
# ("-by", "-vik", "-haven", "-mouth", "-ford", "-gard", "-bourg").
STATE_ENDING = re.compile(r"[A-Z][a-z]{2,}(?:ia|land|lund|stan|[bcdfgklmnprstvz]a)$")


COMMA_NAME_AFTER = re.compile(r"\s*,\s+(?:the\s+)?[A-Z]")


def _state_seat(m: Mention, text: str) -> bool:
    """A one-word seat with a state's ending and no country after it ("headquartered in Jundelia",
    "a company in Iskarra"): the state, not a town ("headquartered in Holvik, Luthmere")."""
    return " " not in m.text and STATE_ENDING.match(m.text) is not None \
        and not COMMA_NAME_AFTER.match(text[m.end : m.end + 20]) \
        and not SPOKEN_IN.search(text[max(0, m.start - 40) : m.start])


# "told reporters in Sennoura", "a news conference in Varlo": where people speak is a town.
SPOKEN_IN = re.compile(r"\b(?:reporters|journalists|(?:news|press) conference|(?:news|press) briefing|summit|speaking|speech)\s+in\s+$")


# A state whose own public bodies act in the story ("Pellaria's Ministry of …", "Quessalian prosecutors",
# "the Orvanth Financial Supervisory Authority") is the story's home; its foreign ministry, embassy or
# ambassador speak abroad, for the other state of a dispute, and do not count.
OWN_BODY_AFTER = re.compile(
    r"(?:['’]s)?\s+(?!foreign\b|embassy\b|ambassador\b|consul)(?:[a-z]+\s+){0,2}?(?:government|prosecutors?|police|courts?|parliament|"
    r"lawmakers|MPs|regulators?|watchdog|supervisor|authorities|ministry|ministries|minister|agency|cabinet|"
    r"Ministry|Agency|Authority|Office|Bureau|Directorate|Commission|Board|Parliament|Assembly)\b")
HOME_WEIGHTS = {"capital": 3, "own body": 2, "headline": 2}


def _home_country(entities: dict[str, Entity], text: str = "") -> str | None:
    """The government the story means by "the government": the country whose capital
    (weighted 3) or name the story uses most — a mention that owns a public body acting in the
    story or that the headline names counts more — or the curated government entity its capital
    links to."""
    scores: Counter[str] = Counter()
    governments: dict[str, str] = {}
    by_name = {e.name: e.id for e in entities.values() if e.type == "Country"}
    countries = lexicon.countries()
    headline = text.find("\n", len(text) - len(text.lstrip()))
    for entity in entities.values():
        for m in entity.mentions:
            known = countries.get(m.text)
            if entity.type == "Country":
                scores[entity.id] += HOME_WEIGHTS["capital"] if m.source == "capital" else 1
                if text and OWN_BODY_AFTER.match(text, m.end):
                    scores[entity.id] += HOME_WEIGHTS["own body"]
                if 0 < headline and m.end <= headline:
                    scores[entity.id] += HOME_WEIGHTS["headline"]
            elif known and known[1] == "capital" and entity.type != "Place":
                country = by_name.get(known[0], Slug.from_name(known[0]))
                scores[country] += 3
                governments.setdefault(country, entity.id)
    if not scores:
        return None
    best = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return governments.get(best, best) if best in entities or best in governments else None


# "Orvanth's cyber agency", "the country's financial regulator", "the market regulator": a body described
# by what it does, named before or after by a name with that word ("National Cyber Security Bureau").
DESCRIPTION = re.compile(
    r"\b(?:[Tt]he|[A-Z][a-z]+['’]s)\s+(?:(?:country|nation)['’]s\s+)?(?:[A-Z][a-z]+(?:an|ese|i|ish)\s+)?"
    r"((?:[a-z]{4,}\s+){1,2}?)(regulator|watchdog|agency|ministry|authority|supervisor|bureau|directorate|inspectorate|bank)\b"
    # "… agency on cyber security" names a body; "… central bank on Thursday" is a date after it.
    r"(?!\s+(?:of|for)\b)(?!\s+on\s+(?!" + _WEEKDAY + r"))(?!\s+[A-Z][a-z])"
)
PLAIN_QUALIFIERS = frozenset({"state", "national", "federal", "central", "former", "main", "chief", "government", "country",
                              "independent", "powerful", "public", "same", "other", "relevant", "competent", "local", "itself"})


LETTERS = re.compile(r"[A-Za-z]+")


def _described(doc: DocEntities, start: int, words: list[str], head: str, owner: str = "") -> str | None:
    """The body a description stands for: a public body whose name has a word of the same stem as one
    of ``words`` ("cyber" → "Cyber"), the nearest one named (before, else after) — one with the
    description's head word in its name first."""
    stems = {w[:5] for w in words if w not in PLAIN_QUALIFIERS}
    if head == "bank":
        # "Morvale's central bank": a central bank, i.e. a regulator with "Bank" in its name, and nothing else.
        stems = {"bank"} if "central" in words else set()
    if not stems:
        return None
    found: list[tuple[int, int, str]] = []
    for entity in doc.entities.values():
        if entity.type != "Regulator" or not entity.linked and entity.weak:
            continue
        name_words = [w.lower() for w in LETTERS.findall(entity.name)]
        if not any(n.startswith(stem) for n in name_words for stem in stems):
            continue
        for m in entity.mentions:
            if m.source != "coref":
                found.append((head not in name_words, (0 if m.start < start else 1, abs(start - m.start)), entity.id))
    if not found and owner and head in ("regulator", "watchdog", "supervisor", "authority"):
        # "Tarsk's telecoms regulator" beside "Tarsk Communications Authority": no shared stem, but the one
        # public body that bears the owner's name.
        owned = {e.id for e in doc.entities.values() if e.type == "Regulator" and owner in e.name.split()
                 and not NOT_A_REGULATOR.search(e.name)}
        return owned.pop() if len(owned) == 1 else None
    return min(found)[2] if found else None


CAPITALISED_POSSESSIVE = re.compile(r"([A-Z][a-z]+)['’]s")


def _descriptions(doc: DocEntities, text: str, sentences: list[Sentence]) -> None:
    """Mentions for descriptions of a public body (see :data:`DESCRIPTION`); the owner ("Orvanth's")
    stays a mention of its own."""
    for si, sentence in enumerate(sentences):
        for m in DESCRIPTION.finditer(text, sentence.start, sentence.end):
            start, end = m.start(1), m.end()
            if any(x.start < end and start < x.end for x in doc.by_sentence[si]):
                continue
            owner = CAPITALISED_POSSESSIVE.match(m.group(0))
            target = _described(doc, m.start(), m.group(1).split(), m.group(2), owner.group(1) if owner else "")
            if target is None:
                continue
            mention = Mention(start, end, text[start:end], "Regulator", "coref", -1, -1, si, key=target)
            mention.entity = target
            doc.entities[target].mentions.append(mention)
            doc.by_sentence[si].append(mention)


CENTRAL_BANK_ADJECTIVE = re.compile(r"\b(?:central|national|reserve)\b", re.I)


def _coreference(doc: DocEntities, text: str, sentences: list[Sentence]) -> None:
    """Add mentions for "the bank", "the company", "the government" and the like."""
    _descriptions(doc, text, sentences)
    for si, sentence in enumerate(sentences):
        part = text[sentence.start : sentence.end]
        for m in COREF.finditer(part):
            noun = m.group(1).lower()
            start, end = sentence.start + m.start(), sentence.start + m.end()
            # A place or state inside the modifier ("the Sellgard-based lender", "the Zemorian firm")
            # is a mention of its own and does not stop the back-reference.
            if any(x.start < end and start < x.end and not (noun not in ("government", "authorities") and x.type in ("Place", "Country")
                                                            and x.end <= sentence.start + m.start(1))
                   for x in doc.by_sentence[si]):
                continue
            if noun in ("government", "authorities"):
                qualifier = m.group(0).split()[1] if len(m.group(0).split()) > 2 else ""
                country = lexicon.countries().get(qualifier)
                target = Slug.from_name(country[0]) if country else doc.home
                if target not in doc.entities:
                    continue
            elif noun == "bank" and CENTRAL_BANK_ADJECTIVE.search(m.group(0)):
                # "the central bank" is the central bank the story named, never a commercial bank before it.
                target = _antecedent(doc, si, start, ("Regulator",), "bank")
                if target is None:
                    continue
            else:
                # "the operator", "the carrier": a network operator or an airline (organisations) before
                # the maker of their gear named in between.
                first = _antecedent(doc, si, start, ("Organization",), noun) if noun in ("operator", "carrier") else None
                target = first or _antecedent(doc, si, start, COREF_TYPES[noun], noun)
                if target is None:
                    continue
            mention = Mention(start, end, m.group(0), doc.entities[target].type, "coref", -1, -1, si, key=target)
            mention.entity = target
            doc.entities[target].mentions.append(mention)
            doc.by_sentence[si].append(mention)


def _antecedent(doc: DocEntities, si: int, start: int, kinds: tuple[str, ...], noun: str = "") -> str | None:
    """The entity of one of ``kinds`` mentioned last before ``start`` — one whose name has
    the noun ("the commission" → "… Regulatory Commission") if the story named one before, however
    far back; a noun in :data:`NAMED_HEADS` takes nothing else."""
    if noun:
        for k in range(si, -1, -1):
            named = [m for m in doc.by_sentence[k] if m.entity and m.start < start and m.entity in doc.entities
                     and doc.entities[m.entity].type in kinds and noun in doc.entities[m.entity].name.lower()]
            if named:
                return max(named, key=lambda m: m.start).entity
        if noun in NAMED_HEADS:
            return None
    generic = noun in ("regulator", "watchdog", "supervisor")
    best: tuple[int, str] | None = None
    for k in range(si, max(-1, si - 6), -1):
        for m in doc.by_sentence[k]:
            if m.entity and m.start < start and m.entity in doc.entities and doc.entities[m.entity].type in kinds:
                if generic and NOT_A_REGULATOR.search(doc.entities[m.entity].name):
                    continue
                if best is None or m.start > best[0]:
                    best = (m.start, m.entity)
        if best:
            return best[1]
    return None
