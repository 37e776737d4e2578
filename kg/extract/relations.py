"""Binary relations: chairs, headquarters, jobTitle, worksFor, country, resultsSubmittedTo,
partOfDispute — and follow-ups that add participants to an earlier review.

Like the event rules, these name kinds of words: "chaired by", "X-based", "based in",
a job title between an organisation and a person's name ("Zentra chief executive Jane
Doe"), a demonym before an organisation ("Chinese vendor X").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.entities import LETTERS, DocEntities, _masthead
from kg.extract.events import (
    DONE_BY,
    POSSESSIVE_GAP,
    REPORTS_TO,
    TRIGGERS,
    Event,
    SentenceView,
    _group_members,
    results_receivers,
)
from kg.extract.sentences import Sentence

WHICH_HE_CHAIRS = re.compile(r",\s+which\s+(?:he|she)\s+(?:chairs|heads|leads)\b")
CHAIRED_BY = re.compile(r"\b(?:chaired|headed|led) by\b", re.I)
# "X, who chairs the FMSA", "X, who has chaired the SNA since 2020".
WHO_CHAIRS = re.compile(r"^,?\s+who\s+(?:(?:has|had)\s+)?(?:chairs|chaired|heads|headed|leads|led)\s+(?:the\s+)?$", re.I)
APPOSITION_TITLE = re.compile(
    r"^,\s+(?:the\s+|a\s+)?(?P<title>(?:[a-zA-Z][\w-]*\s+){0,3}?(?i:chief|president|chairman|chairwoman|chair|director|"
    r"director-general|minister|secretary|spokesman|spokeswoman|spokesperson|head|founder|governor|officer|executive|analyst|"
    r"commissioner|manager|partner|deputy|official|representative|adviser|advisor)(?:\s+[a-zA-Z][\w-]*){0,3}?)\s+(?:of|at|for)\s+(?:the\s+)?$"
)
# "Its chief executive, Pieter Vashend", "Kirrin's chief technology officer, Aksel Morrow": the organisation, a title, a name.
POSSESSIVE_TITLE = re.compile(r"(?P<owner>\b[Ii]ts|['’]s)\s+(?P<title>(?:[a-z][\w-]*\s+|[A-Z][a-z][\w-]*\s+(?=[A-Z])){0,3}?(?i:chief|president|chairman|chairwoman|chair|"
                              r"director|director-general|minister|secretary|spokesman|spokeswoman|spokesperson|head|founder|governor|"
                              r"officer|executive|commissioner|manager)(?:\s+[a-z][\w-]*|\s+(?i:officer|executive|director|secretary|counsel)){0,2}?),?\s+(?:[A-Z][a-z]+\.?\s+)?$")
# Titles that name the kind of body a person works for when no body stands beside the name.
TITLE_BODY = [(re.compile(r"\b(?:governor)\b", re.I), ("Regulator", "Bank")),
              (re.compile(r"\b(?:minister|commissioner|prosecutor|director-general|secretary|regulator)\b", re.I), ("Regulator",)),
              (re.compile(r"\b(?:chief|ceo|cfo|cto|coo|founder|chairman|chairwoman|managing director)\b", re.I), ("Vendor", "Bank", "Organization")),
              # "ministry spokeswoman X", "a spokesman, X, said": whoever speaks for the body just named.
              (re.compile(r"\bspokes(?:man|woman|person)\b", re.I), ("Regulator", "Vendor", "Bank", "Organization"))]
# A chair chairs a body; a chief executive, director or president works for it (as the annotations read them).
CHAIR_TITLES = re.compile(r"\b(?:chairman|chairwoman|chair|chairperson|head)\b", re.I)
# "X, which is headquartered in the Wystrandi city of Korsund", "X is based in Vessenby", "X, with its registered office in Y",
# "X, a manufacturer of telecommunications equipment headquartered in Ganzar".
BASED = re.compile(r"^(?:\s+(?:plc|Ltd\.?|Limited|Inc\.?|LLC|S\.A\.|AG|AS|GmbH|Co\.))?,?\s+(?:(?:which|that|and)\s+)?(?:(?:is|was|remains|are)\s+)?"
                   r"(?:an?\s+(?:[\w-]+\s+){1,5}?(?=with\s|based\s|headquartered\s))?"
                   r"(?:(?:based|headquartered) in|with its (?:registered office|headquarters|head office) in|has its (?:headquarters|head office) in)\s+"
                   r"(?:the\s+(?:[\w-]+\s+){0,3}?(?:city|town|port|capital|region|province|district) of\s+)?$", re.I)
# Words that put an organisation's head office in a place (a state too: its seat as well as its country).
HEADQUARTERED = re.compile(r"\b(?:headquartered|headquarters|head office|registered office)\b", re.I)
# "at the company's headquarters in Trevaunt": the seat after a possessive.
HQ_OF = re.compile(r"^['’]s?\s+(?:headquarters|head office|registered office|main office|head-office)\s+in\s+$", re.I)
# "the Vaudrenne-based bank", "The Tannaford-based company": a seat and a descriptor standing for a name said before.
BASED_DESCRIPTOR = re.compile(r"-(?:based|headquartered)\s+(?:[\w-]+\s+){0,2}?(?P<noun>company|firm|group|maker|chipmaker|manufacturer|vendor|supplier|"
                              r"bank|lender|provider|operator|carrier|insurer|developer|airline)\b", re.I)
NOUN_KINDS = {"bank": ("Bank",), "lender": ("Bank",), "insurer": ("Bank",), "airline": ("Organization",),
              "carrier": ("Organization", "Vendor"), "operator": ("Organization", "Vendor")}


@dataclass
class Relation:
    """A binary relation between two ids (or an id and a literal)."""

    predicate: str
    subject: str
    object: str
    sentence: int
    start: int
    end: int
    confidence: float
    method: str


BASED_GAP = re.compile(r"-(?:based|headquartered)\s+")
COMMA_GAP = re.compile(r",\s+")
NAME_COMMA_BEFORE = re.compile(r"[A-Z][\w-]+,\s+$")
WHERE_GAP = re.compile(r",?\s+(?:the\s+(?:[\w-]+\s+){0,3}?(?:capital|city|town|port)\s+)?where\s+")
BASED_AFTER = re.compile(r"\s+(?:(?:is|was|are)\s+(?:based|headquartered)|has its (?:headquarters|head office))\b")
BRACKETED_OF_GAP = re.compile(r"\s*\([^()]{1,40}\)\s+of\s+(?:the\s+)?")
DESCRIPTOR_GAP = re.compile(r"(?:['’]s)?(?:\s+[a-z][\w-]*){0,3}(?:(?<=[a-z]),)?\s+")
FUNCTION_WORD = re.compile(r"\b(?:and|or|of|to|in|with|by|for|the|a|an|told|tells|said|says|asked|has|have|had|is|was|were|are|will)\b")
THE_NOUN_WHICH_IS_BEFORE = re.compile(r"\b[Tt]he ([a-z]+),?\s+(?:which|that)\s+is\s+$")
BRACKETED_GAP = re.compile(r"\s*(?:\([^)]*)?\)?")


def find_relations(text: str, sentences: list[Sentence], doc: DocEntities, events: list[Event], publisher: str = "") -> list[Relation]:
    """Binary relations of a document; also adds follow-up reviewers to its reviews (``publisher``, the
    front matter's, gives the employer of the staff a press release names by title alone).

    Long because the rules share one walk over each sentence's mentions (the one before,
    the one after); the larger rules live in their own functions."""
    found: list[Relation] = []
    for si, sentence in enumerate(sentences):
        view = SentenceView(doc, text, sentence, si)
        ms = sorted([m for m in doc.by_sentence[si] if m.entity and m.entity in doc.entities], key=lambda m: m.start)

        def rel(predicate: str, subject: str | None, obj: str | None, confidence: float, method: str,
                si: int = si, sentence: Sentence = sentence, wording: str = "") -> None:
            if subject and obj and subject != obj:
                if predicate == "headquarters" and obj in doc.entities and doc.entities[obj].type == "Country":
                    # "based in Almerra": a state is the country, not the seat; "headquartered in Almerra" is both.
                    if HEADQUARTERED.search(wording):
                        found.append(Relation(predicate, subject, obj, si, sentence.start, sentence.end, confidence, method))
                    predicate = "country"
                found.append(Relation(predicate, subject, obj, si, sentence.start, sentence.end, confidence, method))

        for k, m in enumerate(ms):
            kind = doc.entities[m.entity].type
            before = ms[k - 1] if k else None
            nxt = ms[k + 1] if k + 1 < len(ms) else None
            if kind == "Person":
                title = HONORIFIC.sub("", _joined(m.title))
                if title:  # "Mr", "Ms", "Dr" are forms of address, not jobs
                    rel("jobTitle", m.entity, title, 0.75, "rule:title-before-name")
                    title_start = m.start - len(_joined(m.title)) - 1
                    if before is not None and doc.entities[before.entity].type in ("Organization", "Vendor", "Bank", "Regulator") \
                            and 0 <= title_start - before.end <= 3 and text[before.end:title_start].strip(" '’s") == "":
                        if "chair" not in m.title.lower():  # a chair chairs the body (below)
                            rel("worksFor", m.entity, before.entity, 0.7, "rule:organisation-title-name")
                        if CHAIR_TITLES.fullmatch(m.title.lower()):
                            rel("chairs", m.entity, before.entity, 0.65, "rule:organisation-title-name")
                _person_org(doc, text, ms, k, rel)
                _title_for_before(doc, text, ms, k, rel)
                if _title_at_body(doc, text, ms, k, rel):
                    nxt = None  # the body after "at" or before "'s": not a body named inside the title
                stop = nxt.start if nxt is not None else 0
                if nxt is not None and doc.entities[nxt.entity].type == "Country" and k + 2 < len(ms) \
                        and POSSESSIVE_GAP.fullmatch(text[nxt.end : ms[k + 2].start]):
                    nxt = ms[k + 2]  # "head of resilience at Quessaly's Banking Supervisory Authority"
                if nxt is not None and doc.entities[nxt.entity].type in ("Organization", "Vendor", "Bank", "Regulator"):
                    between = text[m.end : stop]
                    a = APPOSITION_TITLE.match(between)
                    if a:
                        title = a.group("title")
                        rel("jobTitle", m.entity, title, 0.7, "rule:apposition-title")
                        if "chair" not in title.lower():
                            rel("worksFor", m.entity, nxt.entity, 0.7, "rule:apposition-title")
                        if CHAIR_TITLES.fullmatch(title.lower()):
                            rel("chairs", m.entity, nxt.entity, 0.7, "rule:apposition-title")
                    if WHO_CHAIRS.match(between):
                        rel("chairs", m.entity, nxt.entity, 0.75, "rule:who-chairs")
            if kind in ("Place", "Country") and m.source != "demonym" and nxt is not None \
                    and doc.entities[nxt.entity].type in ("Organization", "Vendor", "Bank", "Regulator"):
                if BASED_GAP.fullmatch(text[m.end : nxt.start]) or PLACE_BASED_KIND.fullmatch(text, m.end, nxt.start):
                    # "Ostelia-based Harl Systems": a state is the country (see rel)
                    rel("headquarters", nxt.entity, m.entity, 0.85, "rule:place-based", wording=text[m.end : nxt.start])
            if kind == "Place":
                _based_descriptor(doc, text, ms, k, rel)
            org = next((x for x in ms[k + 1 :] if x.source != "demonym"), None)  # "the Hasseldorn capital where …"
            if kind in ("Place", "Country") and org is not None and doc.entities[org.entity].type in ("Organization", "Vendor", "Bank"):
                # "a dispute with Drovenia, where Vantora is based", "in Sanmere, Juvarra, where Trellick is headquartered",
                # "from Vask, the Hasseldorn capital where the company is headquartered": the place the clause hangs on.
                seat_of = m
                if kind == "Country" and before is not None and doc.entities[before.entity].type == "Place" \
                        and COMMA_GAP.fullmatch(text[before.end : m.start]):
                    seat_of = before
                elif kind == "Country" and NAME_COMMA_BEFORE.search(text[max(0, m.start - 40) : m.start]):
                    seat_of = None  # "from Sanmere, Juvarra, where …": the seat is a town not read as a place
                if seat_of is not None and WHERE_GAP.fullmatch(text[m.end : org.start]) \
                        and BASED_AFTER.match(text[org.end : org.end + 30]):
                    rel("headquarters", org.entity, seat_of.entity, 0.75, "rule:where-based", wording=text[org.end : org.end + 30])
            seat = next((x for x in ms[k + 1 :] if x.source != "demonym"), None)  # "in the Wystrandi city of Korsund"
            if kind in ("Organization", "Vendor", "Bank", "Regulator") and seat is not None and doc.entities[seat.entity].type in ("Place", "Country") \
                    and (BASED.match(text[m.end : seat.start]) or HQ_OF.match(text[m.end : seat.start])):
                rel("headquarters", m.entity, seat.entity, 0.8, "rule:based-in", wording=text[m.end : seat.start])
            _seat(doc, text, ms, k, rel)
            _described_country(doc, text, ms, k, rel)
            _place_in_country(doc, text, ms, k, rel)
            _demonym_descriptor(doc, text, ms, k, rel)
            _town_of_country(doc, text, ms, k, rel)
            _laws_of(doc, text, ms, k, rel)
            parent = next((x for x in ms[k + 1 :] if x.entity != m.entity and x.source != "demonym"), None)
            if kind in ORG_TYPES and parent is not None and doc.entities[parent.entity].type in ORG_TYPES + ("Country",) \
                    and PART_OF.fullmatch(text[m.end : parent.start]):
                rel("parentOrganization", m.entity, parent.entity, 0.7, "rule:part-of")
            elif kind in ORG_TYPES and parent is not None and doc.entities[parent.entity].type in ORG_TYPES and UNIT_HEAD.search(m.text) \
                    and BRACKETED_OF_GAP.fullmatch(text[m.end : parent.start]):
                # "The Bureau of Strategic Trade (BST) of the Ministry of Commerce": a unit, its short form, then whose it is.
                rel("parentOrganization", m.entity, parent.entity, 0.7, "rule:unit-abbreviation-of")
            if kind == "Country" and m.source in ("demonym", "country") and nxt is not None \
                    and doc.entities[nxt.entity].type in ("Vendor", "Bank", "Organization"):
                between = text[m.end : nxt.start]
                # "Quessary's Oreval", "Tharnish chipmaker X"; a state's name then a verb ("Brannova added X") is no country.
                if DESCRIPTOR_GAP.fullmatch(between) and (m.source == "demonym" or between[:1] in "'’") and not FUNCTION_WORD.search(between) \
                        and _names_a_company(between):
                    rel("country", nxt.entity, m.entity, 0.7, "rule:demonym-before-organisation")
        # "a working group chaired by President X"
        for c in CHAIRED_BY.finditer(text, sentence.start, sentence.end):
            person = next((m for m in ms if m.start >= c.end() and doc.entities[m.entity].type == "Person" and m.start - c.end() < 40), None)
            org = next((m for m in reversed(ms) if m.end <= c.start() and doc.entities[m.entity].type in ("Organization", "Regulator", "Vendor", "Bank")), None)
            head = THE_NOUN_WHICH_IS_BEFORE.search(text[max(sentence.start, c.start() - 40) : c.start()])
            if person and head and (org is None or org.end < c.start() - 40):
                # "The council, which is chaired by Economy Minister X": the story's council.
                rel("chairs", person.entity, _body_of_title(doc, head.group(1), c.start()), 0.7, "rule:chaired-by")
            elif person and org:
                rel("chairs", person.entity, org.entity, 0.8, "rule:chaired-by")
        # "a review by the Committee on Foreign Investment Review (CFIRO), which he chairs": the sentence's person.
        for c in WHICH_HE_CHAIRS.finditer(text, sentence.start, sentence.end):
            org = next((m for m in reversed(ms) if m.end <= c.start() and doc.entities[m.entity].type in ORG_TYPES), None)
            person = next((m for m in ms if m.end <= c.start() and doc.entities[m.entity].type == "Person"), None)
            if org is not None and person is not None and BRACKETED_GAP.fullmatch(text[org.end : c.start()]):
                rel("chairs", person.entity, org.entity, 0.7, "rule:which-he-chairs")
        _pronoun_seat(doc, text, sentences, si, ms, rel)
        _seat_phrase(doc, text, sentence, ms, rel)
        _owned_units(doc, text, sentences, si, ms, rel)
        _review_follow_ups(view, events, found, rel)
        _group_countries(doc, text, ms, rel)
        _the_countrys(doc, text, sentence, ms, rel)
    # An organisation named with a country's short form ("US National Security Agency").
    for entity in doc.entities.values():
        if entity.country and entity.type != "Regulator":  # a state body's country is its state: no news
            from kg.model.values import Slug

            country = Slug.from_name(entity.country)
            first = min(entity.mentions, key=lambda m: m.start)
            if country in doc.entities:
                s = sentences[first.sentence]
                found.append(Relation("country", entity.id, country, first.sentence, s.start, s.end, 0.75, "rule:country-prefix"))
    _counted_group_countries(doc, text, sentences, found)
    _part_of_dispute(text, sentences, events, found)
    _named_subjects_over_groups(doc, events)
    _signatures(doc, text, sentences, found)
    _publisher_staff(doc, text, sentences, publisher, found)
    _publisher_seat(doc, text, sentences, publisher, found)
    return _unique(found)


# The office a front matter names after its body: "Sorrel Commercial Bank Newsroom", "X Press Office", "…, Court Registry".
PUBLISHING_OFFICE = re.compile(r"\s*(?:\([^)]*\)|,.*|\b(?:Press Office|Newsroom|Media Centre|Media Relations|Communications))\s*$")
# "Tobias Quill, Group Chief Executive, said", "Ada Venn\nHead of Communications": a title after the name.
TITLE_AFTER = re.compile(r"(?:,\s+|[ \t]*\n[ \t]*)(?P<title>(?:[A-Z][\w-]*|of|and|for|the)(?:[ \t]+(?:[A-Z][\w-]*|of|and|for|the)){0,6}?)(?:[ \t]*\([^)\n]*\))?[ \t]*(?:,|\n|$)")
STAFF_TITLE = re.compile(r"\b(?:chief|executive|officer|director|head|chair\w*|president|spokes\w+|counsel|manager|secretary|governor|"
                         r"commissioner|registrar|controller|deputy|general)\b", re.I)
PUBLIC_TITLE = re.compile(r"\b(?:minister|ambassador|senator|judge|justice|mayor|prosecutor|premier|deputy of|member of parliament|MP)\b", re.I)


LEGAL_SUFFIX = re.compile(r"\s+(?:plc|ltd\.?|limited|inc\.?|llc|ag|gmbh)$")


def publisher_entity(doc: DocEntities, publisher: str) -> str | None:
    """The story's body or company that publishes it ("Ivorgate Bank plc", "the Authority's press office")."""
    name = PUBLISHING_OFFICE.sub("", publisher).strip().lower()
    name = LEGAL_SUFFIX.sub("", name)
    if not name:
        return None
    for entity in doc.entities.values():
        own = LEGAL_SUFFIX.sub("", entity.name.strip().lower())
        if entity.type in ORG_TYPES and own == name:
            return entity.id
    return None


BRACKET_OR_COMMA_TAIL = re.compile(r"\s*\(.*$|,.*$")


def _publisher_staff(doc: DocEntities, text: str, sentences: list[Sentence], publisher: str, found: list[Relation]) -> None:
    """"Tobias Quill, Group Chief Executive, said:" in a bank's own release, a notice signed "Ada Venn, Director":
    one with a staff title and no body named works for the body or company that publishes the story."""
    employer = publisher_entity(doc, publisher)
    if employer is None or _masthead(BRACKET_OR_COMMA_TAIL.sub("", publisher)):
        return  # a paper's reporters are not the people its stories name
    # (one who chairs a committee of the publisher, "chaired by non-executive director X", is still on its staff)
    placed = {r.subject for r in found if r.predicate == "worksFor" or (r.predicate == "chairs" and r.object == employer)}
    chairs = {r.subject for r in found if r.predicate == "chairs"}
    for entity in doc.entities.values():
        if entity.type != "Person" or entity.id in placed:
            continue
        for m in sorted(entity.mentions, key=lambda m: m.start):
            after = TITLE_AFTER.match(text, m.end)
            title = _joined(m.title) or (after.group("title") if after else "")
            if title and STAFF_TITLE.search(title) and not PUBLIC_TITLE.search(title) and not (entity.id in chairs and "chair" in title.lower()):
                s = sentences[m.sentence]
                found.append(Relation("worksFor", entity.id, employer, m.sentence, s.start, s.end, 0.6, "rule:publisher-staff"))
                break


# "KALLISPORT, 9 July 2020 - The Alliance today …": the town a release is issued from, at the head of its text.
DATELINE = re.compile(r"^[ \t]*(?P<town>[A-Z][A-Z'’.-]+(?:[ \t][A-Z][A-Z'’.-]+){0,2})(?:,|[ \t]+[-–—(])", re.M)


def _publisher_seat(doc: DocEntities, text: str, sentences: list[Sentence], publisher: str, found: list[Relation]) -> None:
    """A company's or an association's own release ("KALLISPORT, 9 July 2020 - …") is issued from its seat; a
    newspaper's or a wire's dateline only says where its reporter was, and a public body's seat goes unsaid."""
    employer = publisher_entity(doc, publisher)
    if employer is None or doc.entities[employer].type == "Regulator" or _masthead(BRACKET_OR_COMMA_TAIL.sub("", publisher)):
        return
    line = DATELINE.search(text, sentences[0].start if sentences else 0, sentences[min(len(sentences), 4) - 1].end if sentences else 0)
    if line is None:
        return
    town = line.group("town").lower()
    place = next((e.id for e in doc.entities.values() if e.type == "Place" and town in (e.name.lower(), *(a.lower() for a in e.aliases))), None)
    if place is not None and any(m.sentence == 0 or m.start >= line.start() for m in doc.entities[place].mentions):
        si = next((i for i, s in enumerate(sentences) if s.start <= line.start() < s.end), 0)
        s = sentences[si]
        found.append(Relation("headquarters", employer, place, si, s.start, s.end, 0.6, "rule:release-dateline"))


# A signature at the foot of a notice: the name, its title on the next line, then the body or "For the Committee," above.
SIGNED_TITLE = re.compile(r"[ \t]*\n[ \t]*(?P<title>[A-Z][\w-]*(?:[ \t]+(?:[A-Z][\w-]*|of|and|for|the)){0,5})[ \t]*(?:\n|$)")
SIGNED_FOR = re.compile(r"\b(?:For|On behalf of)\s+the\s+(?P<noun>[A-Z]?[a-z]+)(?:\s+[A-Za-z]+){0,2}\s*,?\s*$")


def _signatures(doc: DocEntities, text: str, sentences: list[Sentence], found: list[Relation]) -> None:
    """"Anselm Kourtney / Director-General / National Public Procurement Office", "For the Committee, / Radomir
    Kesselin / Chairman": a name alone on its line, a title on the next, and the body below it or named above."""
    for entity in doc.entities.values():
        if entity.type != "Person":
            continue
        for m in entity.mentions:
            line_start = text.rfind("\n", 0, m.start) + 1
            signed = SIGNED_TITLE.match(text, m.end)
            if text[line_start : m.start].strip() or signed is None or not TITLE_HEAD_WORD.search(signed.group("title")):
                continue
            title = signed.group("title")
            # the line below read as a name (the clean-up may have left it out of every sentence)
            below = text[signed.end() : (text.find("\n", signed.end()) + 1 or len(text) + 1) - 1].strip()
            org = next((e.id for e in doc.entities.values() if e.type in ORG_TYPES and below and below in (e.name, *e.aliases)), None)
            above = SIGNED_FOR.search(text, max(0, line_start - 80), line_start)
            if org is None and above is not None:
                org = _body_of_title(doc, above.group("noun"), m.start)
            if org is None:
                continue
            s = sentences[m.sentence]
            found.append(Relation("jobTitle", entity.id, title, m.sentence, s.start, s.end, 0.65, "rule:signature"))
            kind = "chairs" if CHAIR_TITLES.fullmatch(title.lower()) else "worksFor"
            found.append(Relation(kind, entity.id, org, m.sentence, s.start, s.end, 0.65, "rule:signature"))
            break


COUNTED = re.compile(r"(?:the\s+)?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
                     r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty)\b", re.I)


# "three Morrenian enterprises, namely A, B and C", "22 Maravesian firms, including the chipmaker C": a state's group named.
GROUP_NAMED = re.compile(r"\s+(?:[a-z][\w-]*\s+){0,2}?(?:companies|firms|enterprises|entities|makers|manufacturers|suppliers|vendors|"
                         r"chipmakers|institutions|groups|businesses)\b[^.;:]{0,50}?,?\s*(?:namely|including|such as|among them|:)\s+(?:the\s+)?"
                         r"(?:[a-z][\w-]*\s+){0,2}$")
# "A, B and eight other Gallistran entities": the names listed before a state's group.
OTHER_GROUP = re.compile(r"\s*,?\s+and\s+(?:[\w-]+\s+)?other\s+$")
GROUP_NOUN = re.compile(r"\s+(?:[a-z][\w-]*\s+){0,2}?(?:companies|firms|enterprises|entities|makers|suppliers|vendors|institutions|businesses)\b")
LIST_GAP = re.compile(r"\s*(?:,|,?\s+and|,?\s+or)\s+(?:the\s+)?(?:[a-z][\w-]*\s+){0,2}")
COMPANY_TYPES = ("Vendor", "Organization", "Bank")


def _group_countries(doc: DocEntities, text: str, ms: list, rel) -> None:
    """The country of each company named as one of a state's group: "three Morrenian enterprises, namely
    Graymarsh Devices, Oxbarrow Instruments and Wexmoor Sensor Systems", "A, B and eight other Gallistran entities"."""
    companies = [m for m in ms if doc.entities[m.entity].type in COMPANY_TYPES]
    for d in ms:
        if d.source != "demonym" or doc.entities[d.entity].type != "Country":
            continue
        after = [m for m in companies if m.start > d.end]
        if after and GROUP_NAMED.fullmatch(text, d.end, after[0].start):
            named = [after[0]]
            for m in after[1:]:
                if not LIST_GAP.fullmatch(text, named[-1].end, m.start):
                    break
                named.append(m)
        else:
            before = [m for m in companies if m.end <= d.start]
            if not before or not GROUP_NOUN.match(text, d.end) or not OTHER_GROUP.fullmatch(text, before[-1].end, d.start):
                continue
            named = [before[-1]]
            for m in reversed(before[:-1]):
                if not LIST_GAP.fullmatch(text, m.end, named[0].start):
                    break
                named.insert(0, m)
        for m in named:
            rel("country", m.entity, d.entity, 0.65, "rule:state-group-named")


COMPANY_NOUN = (r"(?:company|companies|firm|group|maker|chipmaker|manufacturer|vendor|supplier|provider|developer|bank|lender|insurer|"
                r"operator|carrier|airline|business|conglomerate|start-?up|retailer|integrator|contractor|producer|exporter|trader)")
# A word that says a name is a company's ("maker", "chipmakers", "firms").
COMPANY_WORD = re.compile(COMPANY_NOUN + r"s?|[\w-]*(?:maker|firm)s?")


def _counted_group_countries(doc: DocEntities, text: str, sentences: list[Sentence], found: list[Relation]) -> None:
    """"two Wrakovian technology companies … Caverly Data Systems and Varrow Photonics": the members a counted
    group of a people's companies stands for (as the events resolve it) are companies of that state."""
    for entity in list(doc.entities.values()):
        if not entity.weak or entity.type not in COMPANY_TYPES or not entity.mentions:
            continue
        g = min(entity.mentions, key=lambda m: m.start)
        state = next((m for m in doc.by_sentence[g.sentence] if m.source == "demonym" and m.entity in doc.entities
                      and doc.entities[m.entity].type == "Country" and g.start <= m.start and m.end <= g.end), None)
        if state is None or not GROUP_NOUN.search(text, state.end, g.end + 1):
            continue
        s = sentences[g.sentence]
        for member in _group_members(doc, text, sentences, entity.id):
            found.append(Relation("country", member, state.entity, g.sentence, s.start, s.end, 0.6, "rule:counted-group-country"))


THE_COUNTRYS = r"\b(?:the|that|this)\s+(?:country|nation)['’]s\s+(?:[\w-]+\s+){0,3}?"
# "three of the country's largest banks, including A", "the country's two largest carriers, A and B": the group, then its names.
COUNTRYS_GROUP = re.compile(THE_COUNTRYS + r"(?:banks|lenders|operators|carriers|airlines|insurers|companies|firms|chipmakers|makers|"
                            r"manufacturers|utilities)\s*(?:,|:)\s*(?:(?:including|such as|among them|namely|notably)\s+)?(?:the\s+)?$", re.I)
# "Rydell Foundry, the country's largest contract chipmaker", "flag carrier Skyvale Air".
COUNTRYS_APPOSITION = re.compile(r",\s+" + THE_COUNTRYS + r"(?:[\w-]+\s+){0,2}?" + r"(?:company|firm|group|maker|chipmaker|manufacturer|"
                                 r"bank|lender|insurer|operator|carrier|airline|producer|exporter|foundry|utility)\b", re.I)
# "flag carrier Skyvale Air", "domestic manufacturer Dromlyn Systems": the country's own company.
NATIONAL_CARRIER = re.compile(r"\b(?:(?:flag|national)[- ]carrier|(?:domestic|local|home-grown|homegrown)\s+(?:[a-z][\w-]*\s+){0,2}?"
                              + COMPANY_NOUN + r")\s+$", re.I)


def _the_countrys(doc: DocEntities, text: str, sentence: Sentence, ms: list, rel) -> None:
    """"three of the country's largest banks, including Brenholt Bank", "Rydell Foundry, the country's largest
    contract chipmaker", "flag carrier Skyvale Air": companies of the country the sentence named last before (else
    the story's home)."""
    companies = [m for m in ms if doc.entities[m.entity].type in COMPANY_TYPES]
    for k, m in enumerate(companies):
        lo = max(sentence.start, m.start - 120)
        grouped = COUNTRYS_GROUP.search(text, lo, m.start)
        listed = k and grouped is None and LIST_GAP.fullmatch(text, companies[k - 1].end, m.start) and COUNTRYS_GROUP.search(text, lo, companies[k - 1].start)
        said = grouped or listed or COUNTRYS_APPOSITION.match(text, m.end) or NATIONAL_CARRIER.search(text, max(sentence.start, m.start - 60), m.start)
        if not said:
            continue
        before = [c for c in ms if doc.entities[c.entity].type == "Country" and c.end <= m.start]
        country = before[-1].entity if before else doc.home
        if country is not None:
            rel("country", m.entity, country, 0.6, "rule:the-countrys")


# "X, a Vostrian chipmaker", "X is a Brannovan retail bank": the people's word, then what the company is.
DEMONYM_BEFORE = re.compile(r"(?:\s+(?:plc|PLC|Ltd\.?|Limited|Inc\.?|LLC|S\.A\.|AG|AS|GmbH))?(?:,\s+|\s+(?:is|was|remains)\s+)(?:an?|the)\s+"
                            r"(?:(?:[a-z][\w-]*|state-owned)\s+){0,2}$")
NOUN_AFTER = re.compile(r"\s+(?:[a-z][\w-]*\s+){0,3}?" + COMPANY_NOUN + r"\b")
# "X, Brannova's largest mobile operator", "X, a company in Vostria", "X, a trading firm based in Vostria".
COUNTRY_BEFORE = re.compile(r"(?:\s+(?:plc|PLC|Ltd\.?|Limited|Inc\.?|LLC|S\.A\.|AG|AS|GmbH))?,\s+(?:(?:an?|the)\s+(?:[a-z][\w-]*\s+){0,3}?"
                            + COMPANY_NOUN + r"\s+(?:(?:based|registered|headquartered|incorporated)\s+)?in\s+)?$")
POSSESSED_NOUN = re.compile(r"['’]s\s+(?:[a-z][\w-]*\s+){0,3}?" + COMPANY_NOUN + r"\b")


# "X, a telecoms equipment maker headquartered in Sarvel", "X, a private equity firm based in neighbouring Y".
APPOSITION_SEAT = re.compile(r"(?:\s+(?:plc|PLC|Ltd\.?|Limited|Inc\.?|LLC|S\.A\.|AG|AS|GmbH))?,\s+(?:an?|the)\s+(?:[\w-]+\s+){0,5}?"
                             r"(?:based|headquartered|registered|incorporated)\s+in\s+(?:the\s+(?:[\w-]+\s+){0,2}?(?:city|town|port)\s+of\s+)?"
                             r"(?:neighbouring\s+|nearby\s+)?$")


POSSESSIVE_OR_COMMA_EDGE = re.compile(r"^['’]s|,\s*$")


def _names_a_company(words: str) -> bool:
    """Whether the words between a people's word and a name say what the name is: nothing ("Vostrian Harth"),
    or a company's kind last ("Vostrian telecom equipment maker X"); "Vostrian lawmakers summon X" names none."""
    words = POSSESSIVE_OR_COMMA_EDGE.sub("", words).split()
    return not words or COMPANY_WORD.fullmatch(words[-1]) is not None


PUNCTUATION_AFTER = re.compile(r"\s*[,.;)]")


def _described_country(doc: DocEntities, text: str, ms: list, k: int, rel) -> None:
    """A company's country told in an apposition or a description: "Harth Instruments, a Vostrian maker of test
    gear", "Ostry Bank plc is a Brannovan retail bank", "Pellin Telecom, Brannova's largest mobile operator",
    "Tallow Trading, a company in Vostria"."""
    m = ms[k]
    if doc.entities[m.entity].type not in COMPANY_TYPES or k + 1 >= len(ms):
        return
    d = ms[k + 1]
    between = text[m.end : d.start]
    if doc.entities[d.entity].type in ("Place", "Country") and d.source != "demonym" and APPOSITION_SEAT.fullmatch(between):
        rel("headquarters", m.entity, d.entity, 0.75, "rule:apposition-seat", wording=between)  # a state is the country (see rel)
        return
    if doc.entities[d.entity].type != "Country":
        return
    if d.source == "demonym" and DEMONYM_BEFORE.fullmatch(between) and NOUN_AFTER.match(text, d.end):
        rel("country", m.entity, d.entity, 0.7, "rule:described-country")
    elif d.source != "demonym" and COUNTRY_BEFORE.fullmatch(between) and (
            POSSESSED_NOUN.match(text, d.end) or (between.rstrip().endswith(" in") and PUNCTUATION_AFTER.match(text[d.end : d.end + 2]))):
        rel("country", m.entity, d.entity, 0.7, "rule:described-country")


REGION = r"(?:(?:the\s+)?(?:far\s+)?(?:north|south|east|west|centre|center|north-?east|north-?west|south-?east|south-?west)\s+of\s+|" \
         r"(?:northern|southern|eastern|western|central|north-?eastern|north-?western|south-?eastern|south-?western)\s+)?"
# "Tyrrow in Gaudrin's north", "Vessenby, in western Jeskovia", "Gildersby in the north of Tamsaria".
PLACE_IN = re.compile(r",?\s+in\s+(?:neighbouring\s+|neighboring\s+|nearby\s+)?" + REGION + r"$")
TOWN_NOUN = r"(?:capital|city|town|port|region|province|district)"
TOWN_NOUN_AFTER = re.compile(r"\s+" + TOWN_NOUN + r"\b")
# "the Prastovian city of Lindqvar" (before the place), "Sarvel, the Vostrian capital" (after it).
DEMONYM_TOWN_BEFORE = re.compile(r"\s+(?:[a-z][\w-]*\s+)?" + TOWN_NOUN + r"\s+(?:of\s+)?$")  # "the Kandurran port city of X", "the Vostrian capital Sarvel"
# "the northern Dalventian city of Saltrigg": a word of region may stand before the people's word.
THE_BEFORE_DEMONYM = re.compile(r"\b[Tt]he\s+(?:(?:far[- ])?(?:north|south|east|west)\w*(?:-\w+)?\s+|central\s+|coastal\s+|inland\s+)?$")
DEMONYM_TOWN_AFTER = re.compile(r",\s+(?:the|a)\s+$")


def _place_in_country(doc: DocEntities, text: str, ms: list, k: int, rel) -> None:
    """Where a town is, said with "in" or a people's word: "Tyrrow in Gaudrin's north", "Vessenby, in western
    Jeskovia", "the Prastovian city of Lindqvar", "Sarvel, the Vostrian capital"."""
    m = ms[k]
    kind = doc.entities[m.entity].type
    nxt = ms[k + 1] if k + 1 < len(ms) else None
    if kind == "Place" and nxt is not None and doc.entities[nxt.entity].type == "Country":
        between = text[m.end : nxt.start]
        if nxt.source != "demonym" and PLACE_IN.fullmatch(between):
            rel("locatedIn", m.entity, nxt.entity, 0.7, "rule:place-in-country")
        elif nxt.source == "demonym" and DEMONYM_TOWN_AFTER.fullmatch(between) and TOWN_NOUN_AFTER.match(text[nxt.end : nxt.end + 12]):
            rel("locatedIn", m.entity, nxt.entity, 0.7, "rule:place-demonym-town")
    if kind == "Country" and m.source == "demonym" and nxt is not None and doc.entities[nxt.entity].type == "Place" \
            and DEMONYM_TOWN_BEFORE.fullmatch(text[m.end : nxt.start]) and THE_BEFORE_DEMONYM.search(text, max(0, m.start - 30), m.start):
        rel("locatedIn", nxt.entity, m.entity, 0.7, "rule:place-demonym-town")


def _named_subjects_over_groups(doc: DocEntities, events: list[Event]) -> None:
    """A review whose banks are named ("Amber Savings Bank and Tarn Cooperative Bank") does not also list
    the group they were first called by ("Luthmere's banks")."""
    def group(ident: str) -> bool:
        entity = doc.entities.get(ident)
        if entity is None or not all(m.source == "collective" for m in entity.mentions):
            return False
        # A counted group ("the country's eleven largest banks") is the review's scope: its named members
        # ("three of the institutions reviewed: A, B and C") are found in it, and both are subjects.
        return not COUNTED.match(entity.name)

    for event in events:
        subjects = event.roles.get("reviewSubject", [])
        if event.predicate == "Review" and any(not group(s) for s in subjects) and any(group(s) for s in subjects):
            event.roles["reviewSubject"] = [s for s in subjects if not group(s)]


# "The Bureau of Strategic Trade (BST), part of the Ministry of …", "X is the Kessalian subsidiary of Y".
PART_OF = re.compile(r"(?:\s*\(\s*[\"“]?[\w .-]{1,40}[\"”]?\s*\))?\)?,?\s+(?:is\s+|was\s+|which is\s+|remains\s+)?(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?"
                     r"(?:part|subsidiary|unit|arm|division|branch|department|agency|body) (?:of|within)\s+(?:the\s+)?|"
                     # "The HCDA, which sits under the Ministry …", "the SCDA, which reports to the ministry": a body's parent.
                     r"(?:\s*\(\s*[\w .-]{1,40}\s*\))?,?\s+(?:which|that)\s+(?:reports to|sits (?:under|within)|answers to|"
                     r"is (?:accountable to|overseen by|supervised by)|falls under)\s+(?:the\s+)?|"
                     # "Qaro is majority-owned by the State Investment Fund", "X, which is wholly owned by Y": its owner.
                     r",?\s+(?:(?:which|that)\s+)?(?:is|was|remains|are)?\s*(?:(?:majority|wholly|fully|partly|jointly|ultimately|indirectly)[- ])?"
                     r"(?:owned|controlled)\s+by\s+(?:the\s+)?")
# "BST's Office of Export Enforcement", "the CBE's Prudential Supervision Directorate": a body's own unit.
UNIT_HEAD = re.compile(r"\b(?:Office|Directorate|Division|Department|Unit|Bureau|Inspectorate|Secretariat|Committee|Commission|Service|"
                       r"Agency|Directorate-General|Subsidiary)\b")
# "It is part of the Ministry of Defence", "The directorate sits within the ministry": the last sentence's body.
PRONOUN_PART_OF = re.compile(r"\W*(?:It|The\s+(?:office|directorate|division|department|unit|bureau|agency|committee|commission|"
                             r"inspectorate|service|authority|company|firm|bank|group))\s+(?:is|was|remains)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?"
                             r"(?:part|subsidiary|unit|arm|division|branch|department|agency|body)\s+(?:of|within)\s+(?:the\s+)?$")


def _owned_units(doc: DocEntities, text: str, sentences: list[Sentence], si: int, ms: list, rel) -> None:
    """parentOrganization of a body named as another's own unit ("the CBE's Prudential Supervision Directorate"),
    or said in a sentence about it to be part of another ("It is part of the Ministry of Defence")."""
    for k, m in enumerate(ms[:-1]):
        unit = ms[k + 1]
        if doc.entities[m.entity].type in ORG_TYPES and doc.entities[unit.entity].type in ORG_TYPES and m.entity != unit.entity \
                and POSSESSIVE_GAP.fullmatch(text[m.end : unit.start]) and UNIT_HEAD.search(unit.text):
            rel("parentOrganization", unit.entity, m.entity, 0.65, "rule:owned-unit")
    if si == 0 or not ms or doc.entities[ms[0].entity].type not in ORG_TYPES:
        return
    s = sentences[si]
    if PRONOUN_PART_OF.fullmatch(text, s.start, ms[0].start):
        rel("parentOrganization", _first_body_before(doc, si), ms[0].entity, 0.65, "rule:pronoun-part-of")


# "Murmeo Zemlova LLC (Krastograd)", "Quillfeather Labs of Dumaran": a legal suffix may stand between the name and its town.
SEAT_BETWEEN = re.compile(r"(?:\s+(?:plc|PLC|Ltd\.?|Limited|Inc\.?|LLC|S\.A\.|AG|AS|GmbH))?(?:\s+of\s+|\s*\(\s*)|,?\s+(?:which\s+|that\s+)?(?:is\s+|was\s+)?(?:based|headquartered|incorporated) in\s+")


COMMA_ARTICLE_GAP = re.compile(r",\s+(?:the|a|an)\s+")
THE_BEFORE = re.compile(r"\b[Tt]he\s+$")


def _based_descriptor(doc: DocEntities, text: str, ms: list, k: int, rel) -> None:
    """"Quillon Security, the Tarvik-based company", "customers of the Vaudrenne-based bank were …": the
    seat of the company the descriptor stands for — the one beside it, else the last of its kind named."""
    m = ms[k]
    found = BASED_DESCRIPTOR.match(text, m.end, m.end + 60)
    if found is None:
        return
    nxt = ms[k + 1] if k + 1 < len(ms) else None
    if nxt is not None and nxt.start <= found.end() + 2:
        return  # "Tarvik-based Quillon Security": the rule for a name after the place
    before = ms[k - 1] if k else None
    kinds = NOUN_KINDS.get(found.group("noun").lower(), ("Vendor", "Organization", "Bank"))
    if before is not None and doc.entities[before.entity].type in ("Organization", "Vendor", "Bank") \
            and COMMA_ARTICLE_GAP.fullmatch(text[before.end : m.start]):
        rel("headquarters", before.entity, m.entity, 0.8, "rule:apposition-based")
    elif THE_BEFORE.search(text[max(0, m.start - 5) : m.start]):
        org = _last_body(doc, ms, k, kinds, m.start)
        if org is not None:
            rel("headquarters", org, m.entity, 0.7, "rule:descriptor-based")


def _seat(doc: DocEntities, text: str, ms: list, k: int, rel) -> None:
    """"Quillfeather Labs of Dumaran, Ambrath", "Tavrin Digital Group Ltd. (Hessary, Ambrath)": the
    organisation's seat and the town's state; "Town, Country" alone: where the town is."""
    m = ms[k]
    kind = doc.entities[m.entity].type
    nxt = ms[k + 1] if k + 1 < len(ms) else None
    if kind == "Place" and nxt is not None and doc.entities[nxt.entity].type == "Country" and nxt.source != "demonym" \
            and COMMA_GAP.fullmatch(text[m.end : nxt.start]):
        rel("locatedIn", m.entity, nxt.entity, 0.75, "rule:town-comma-country")
    if kind not in ORG_TYPES or nxt is None or doc.entities[nxt.entity].type != "Place" \
            or not SEAT_BETWEEN.fullmatch(text[m.end : nxt.start]):
        return
    # The state after the town is the town's (locatedIn, above), not told as the organisation's country: the
    # annotations read "X of Dumaran, Ambrath" as a seat in a town of Ambrath.
    rel("headquarters", m.entity, nxt.entity, 0.75, "rule:organisation-of-town")


# "… incorporated in Ethmora, with its registered office in Mellinor", "A and B, both headquartered in Tirvanne".
SEAT_PHRASE = re.compile(r"\b(?P<how>based|headquartered|incorporated|registered|domiciled|(?:with|has|have)\s+(?:its|their)\s+(?:registered office|"
                         r"headquarters|head office|seat))\s+in\s+(?:the\s+(?:[\w-]+\s+){0,3}?" + TOWN_NOUN + r"\s+of\s+)?(?:neighbouring\s+|nearby\s+)?$")
# What may stand between an organisation and the phrase that seats it: its apposition or predicate, not another
# clause ("made by a company headquartered in …", "said a supplier based in …").
SEAT_GAP_STOP = re.compile(r"[;:\"“”]|\b(?:by|from|to|with|for|of|on|at)\s+(?:an?|the|its|their)\s+[a-z]|\b(?:said|says|told|announced|added|its|their)\b")
BOTH = re.compile(r",?\s+(?:both|all|each)\s+(?:of them\s+)?")


COMMA_AND_GAP = re.compile(r",?\s+(?:and\s+)?")
LEADING_BRACKETS = re.compile(r"^\s*\([^()]*\)")


def _seat_phrase(doc: DocEntities, text: str, sentence: Sentence, ms: list, rel) -> None:
    """The seat or state an organisation is "based / headquartered / incorporated in", said anywhere in its own
    clause (after its apposition); "A and B, both based in X" seats both."""
    for p in ms:
        if p.source == "demonym" or doc.entities[p.entity].type not in ("Place", "Country"):
            continue
        phrase = SEAT_PHRASE.search(text, max(sentence.start, p.start - 80), p.start)
        if phrase is None:
            continue
        start = phrase.start()
        before = [x for x in ms if x.end <= start]
        while before and doc.entities[before[-1].entity].type in ("Place", "Country") and COMMA_AND_GAP.fullmatch(text[before[-1].end : start]):
            # "incorporated in Ethmora, with its registered office in Mellinor": the seat before is said of the same body
            earlier = SEAT_PHRASE.search(text, max(sentence.start, before[-1].start - 80), before[-1].start)
            if earlier is None:
                break
            start = earlier.start()
            before = [x for x in ms if x.end <= start]
        if not before or doc.entities[before[-1].entity].type not in ORG_TYPES:
            continue
        o = before[-1]
        gap = LEADING_BRACKETS.sub("", text[o.end : start])  # a short form in brackets: ("Brondell")
        if len(gap) > 120 or SEAT_GAP_STOP.search(gap):
            continue
        owners = [o]
        if BOTH.fullmatch(gap):
            for x in reversed(before[:-1]):
                if doc.entities[x.entity].type not in ORG_TYPES or not LIST_GAP.fullmatch(text, x.end, owners[0].start):
                    break
                owners.insert(0, x)
        how = phrase.group("how")
        state = doc.entities[p.entity].type == "Country"
        for x in owners:
            if how in ("incorporated", "registered", "domiciled") and state:
                rel("country", x.entity, p.entity, 0.6, "rule:seat-phrase")
            else:
                rel("headquarters", x.entity, p.entity, 0.6, "rule:seat-phrase", wording=how)


# "About Kirrin Compute / Kirrin Compute designs servers. The company … is headquartered in Holvik.", "It is based in Amberlo."
PRONOUN_SUBJECT = re.compile(r"\W*(?:It|The (?:company|bank|group|firm|lender|insurer|vendor|operator|business|maker|manufacturer))\b")
PRONOUN_SEAT = re.compile(r"\b(?:is|was|are|remains)\s+(?:based|headquartered)\s+in\s+(?:the\s+(?:[\w-]+\s+){0,2}?(?:city|town|port) of\s+)?$")


COMMA_OR_SEMICOLON = re.compile(r"[,;]")


def _pronoun_seat(doc: DocEntities, text: str, sentences: list[Sentence], si: int, ms: list, rel) -> None:
    """The seat of an organisation a sentence speaks of as "It" or "The company": the one that opens the
    sentence before (as a press release's "About X" paragraph does)."""
    sentence = sentences[si]
    subject = PRONOUN_SUBJECT.match(text, sentence.start, sentence.end)
    if subject is None or si == 0:
        return
    seat = next((m for m in ms if doc.entities[m.entity].type in ("Place", "Country") and m.source != "demonym"
                 and PRONOUN_SEAT.search(text, sentence.start, m.start)), None)
    if seat is None or COMMA_OR_SEMICOLON.search(text[subject.end() : seat.start]) and "and" not in text[subject.end() : seat.start].split():
        return
    own = [m for m in ms if m.start < subject.end() and doc.entities[m.entity].type in ORG_TYPES]
    prev = sentences[si - 1]
    opener = next((m for m in doc.by_sentence[si - 1] if m.entity in doc.entities), None)
    if own:
        rel("headquarters", own[0].entity, seat.entity, 0.7, "rule:pronoun-based", wording=text[sentence.start : seat.start])
    elif opener is not None and doc.entities[opener.entity].type in ORG_TYPES and not text[prev.start : opener.start].strip():
        rel("headquarters", opener.entity, seat.entity, 0.7, "rule:pronoun-based", wording=text[sentence.start : seat.start])


TITLE_HEAD = (r"(?:chief|president|chairman|chairwoman|chair|director|director-general|minister|[\w-]*secretary|spokes(?:man|woman|person)|"
              r"head|founder|governor|officer|executive|commissioner|manager|deputy|official|representative|adviser|advisor)")
TITLE_HEAD_WORD = re.compile(TITLE_HEAD, re.I)
# "Caspar Dunmore, Executive Director of Enforcement and Market Oversight at the OFSA": a long title, then "at".
TITLE_AT = re.compile(r",\s+(?:the\s+|an?\s+)?(?P<title>(?:[A-Za-z][\w-]*\s+){0,3}?" + TITLE_HEAD + r"(?:\s+[\w-]+){0,6}?)\s+(?:at|for|with)\s+(?:the\s+)?", re.I)
# "A spokesman for Ostry Bank, Tobias Renn, said": the title and its body before the name.
TITLE_FOR_BEFORE = re.compile(r"\b(?:[Aa]n?|[Tt]he)\s+(?P<title>(?:[a-z][\w-]*\s+){0,2}?" + TITLE_HEAD + r")\s+(?:for|at|of)\s+(?:the\s+)?$")
# "Tobias Renn, an Ostry Bank spokesman, said": the body, then the title, in the apposition.
BODY_TITLE_AFTER = re.compile(r"\s+(?P<title>(?:[a-z][\w-]*\s+){0,2}?" + TITLE_HEAD + r")\s*[,.;]")
# "Tobias Renshaw, the BST's Under-Secretary for Strategic Trade, told …": the body, its possessive, the title.
OWNER_TITLE = re.compile(r"['’]s\s+(?P<title>(?:[\w-]+\s+){0,3}?" + TITLE_HEAD + r"(?:\s+[\w-]+){0,4}?)\s*[,.;]", re.I)


COMMA_THE_GAP = re.compile(r",\s+(?:the\s+)?")
COMMA_A_OR_THE_GAP = re.compile(r",\s+(?:an?|the)\s+")


def _title_at_body(doc: DocEntities, text: str, ms: list, k: int, rel) -> bool:
    """worksFor (or chairs) from a title in apposition that names its body after "at" or before "'s"."""
    m = ms[k]
    for o in ms[k + 1 : k + 4]:
        if doc.entities[o.entity].type not in ORG_TYPES or o.start - m.end > 120:
            continue
        at = TITLE_AT.fullmatch(text, m.end, o.start)
        owner = OWNER_TITLE.match(text, o.end) if COMMA_THE_GAP.fullmatch(text[m.end : o.start]) else None
        inner = BODY_TITLE_AFTER.match(text, o.end) if COMMA_A_OR_THE_GAP.fullmatch(text[m.end : o.start]) else None
        found = at or owner or inner
        if found is None:
            continue
        title = found.group("title")
        rel("jobTitle", m.entity, title, 0.7, "rule:title-at-body")
        rel("chairs" if CHAIR_TITLES.fullmatch(title.lower()) else "worksFor", m.entity, o.entity, 0.7, "rule:title-at-body")
        return True
    return False


def _title_for_before(doc: DocEntities, text: str, ms: list, k: int, rel) -> bool:
    """"A spokesman for Ostry Bank, Tobias Renn, said …": the title and the body come before the name."""
    m = ms[k]
    o = ms[k - 1] if k else None
    if o is None or doc.entities[o.entity].type not in ORG_TYPES or not COMMA_GAP.fullmatch(text[o.end : m.start]):
        return False
    found = TITLE_FOR_BEFORE.search(text, max(0, o.start - 60), o.start)
    if found is None or found.end() != o.start:
        return False
    rel("jobTitle", m.entity, found.group("title"), 0.7, "rule:title-for-body-before-name")
    rel("chairs" if CHAIR_TITLES.fullmatch(found.group("title").lower()) else "worksFor", m.entity, o.entity, 0.7, "rule:title-for-body-before-name")
    return True


BODY_NOUN_BEFORE = re.compile(r"\b(committee|board|commission|bank|company|authority|agency|ministry|court)\s+(?:\w+\s+)?$", re.I)


def _person_org(doc: DocEntities, text: str, ms: list, k: int, rel) -> None:
    """worksFor from a possessive title before a name ("Its chief executive, Pieter Vashend"), or from a
    title alone ("Governor Elsabet Runne", "Chief Executive Marten Oyelaran said the bank …"): the
    body of the title's kind the story named last."""
    m = ms[k]
    if _kind_owner_title(doc, text, ms, k, rel):
        return
    before = text[max(0, m.start - 80) : m.start]
    owned = POSSESSIVE_TITLE.search(before)
    if owned:
        title = owned.group("title")
        start = m.start - len(before) + owned.start()
        if owned.group("owner") == "Its":
            org = _first_body_before(doc, ms[k].sentence)  # a sentence's "Its" is the last sentence's subject
        elif owned.group("owner") == "its":
            org = _last_body(doc, ms, k, ORG_TYPES, start)
        else:
            org = next((x.entity for x in reversed(ms[:k]) if x.end == start and doc.entities[x.entity].type in ORG_TYPES), None)
            org = org or _short_form_before(doc, text, start)
        if org is not None:
            rel("jobTitle", m.entity, title, 0.7, "rule:possessive-title")
            # One who chairs a body is its chair, not one of its staff.
            rel("chairs" if "chair" in title.lower() else "worksFor", m.entity, org, 0.7, "rule:possessive-title")
        return
    if _relative_title(doc, text, ms, k, rel):
        return
    _second_title(doc, text, ms, k, rel)
    if _title_names_body_after(doc, text, ms, k, rel):
        return
    if not m.title or (k and text[ms[k - 1].end : m.start].strip(" '’s") == m.title):
        return  # no title, or an organisation right before it (the organisation-title-name rule)
    named = _body_of_title(doc, m.title, m.start) or _body_before_title(doc, text, m)
    if named is not None:
        rel("chairs" if "chair" in m.title.lower() else "worksFor", m.entity, named, 0.65, "rule:title-names-body")
        return
    if len(_stems(m.title)) > 1:
        return  # "Economy Minister", "Prime Minister": the title names a body the story does not
    for words, kinds in TITLE_BODY:
        if words.search(m.title):
            noun = BODY_NOUN_BEFORE.search(before)
            org = None
            # A governor governs a central bank (a public body, named near or the story's) before a commercial bank.
            if "governor" in m.title.lower():
                org = _last_body(doc, ms, k, kinds[:1], m.start) or max(
                    ((len(e.mentions), e.id) for e in doc.entities.values() if e.type == "Regulator" and "bank" in e.name.lower()), default=(0, None))[1]
            org = org or _last_body(doc, ms, k, kinds, m.start, noun.group(1).lower() if noun else "") or _main_body(doc, kinds)
            if org is not None:
                rel("chairs" if "chair" in m.title.lower() else "worksFor", m.entity, org, 0.6, "rule:title-nearest-body")
            return


ORG_TYPES = ("Organization", "Vendor", "Bank", "Regulator")
# A body spoken of by its kind, then a title: "the company's president", "the agency's director-general".
KIND_OWNER = r"(?:[Tt]he\s+(?P<noun>company|firm|group|vendor|maker|manufacturer|supplier|operator|carrier|bank|lender|insurer|agency|" \
             r"authority|ministry|regulator|watchdog|supervisor|commission|board|office|council|committee|court|directorate|centre|bureau|" \
             r"association|federation|alliance|union|chamber|institute|society|forum)['’]s)"
# "Oona Fairweather, the company's president for the region, …": after the name.
KIND_OWNER_AFTER = re.compile(r",\s+" + KIND_OWNER + r"\s+(?P<title>(?:[a-z][\w-]*\s+){0,3}?" + TITLE_HEAD + r"(?:\s+[\w-]+){0,4}?)\s*[,.;]", re.I)
# "the agency's director, Ilse Marrow, said", "The bank's chief executive Tomas Verd": before the name.
KIND_OWNER_BEFORE = re.compile(KIND_OWNER + r"\s+(?P<title>(?:[a-z][\w-]*\s+){0,3}?" + TITLE_HEAD + r"(?:\s+[a-z][\w-]*){0,2}?),?\s+$")
PUBLIC_NOUNS = frozenset("agency authority ministry regulator watchdog supervisor commission board office council committee court "
                         "directorate centre bureau".split())
# "Aksel Vorn, the association's director general": a members' body, found by its noun in its name (never a state body's).
MEMBER_NOUNS = frozenset("association federation alliance union chamber institute society forum".split())


# "Renata Oake, Chair of the SSIA and Chief Executive of Oroscan Semiconductor": a second title and its body.
SECOND_TITLE = re.compile(r",\s+(?:the\s+)?(?:[A-Z][\w-]*\s+){0,3}?" + TITLE_HEAD + r"\b[^.;:()\"“”]{0,80}?\s+and\s+(?:the\s+)?"
                          r"(?P<title>(?:[A-Z][\w-]*\s+){0,3}?" + TITLE_HEAD + r"(?:\s+[A-Z][\w-]*){0,3}?)\s+(?:of|at|for)\s+(?:the\s+)?", re.I)
# "Severin Aalto, Minister of Trade and Industry, said": a capitalised title after the name, naming its body by its words.
TITLE_NAMES_AFTER = re.compile(r",\s+(?:the\s+)?(?P<title>(?:[A-Z][\w-]*\s+){0,3}?" + TITLE_HEAD
                               + r"(?:\s+(?:[A-Z][\w-]*|of|and|for|the|on)){0,7}?)\s*(?:[,.;]|$)", re.I)


def _second_title(doc: DocEntities, text: str, ms: list, k: int, rel) -> None:
    """The second of two titles joined by "and" after a name, with its own body after "of", "at" or "for"."""
    m = ms[k]
    for o in ms[k + 1 : k + 4]:
        if o.start - m.end > 160:
            return
        if doc.entities[o.entity].type in ORG_TYPES:
            found = SECOND_TITLE.fullmatch(text, m.end, o.start)
            if found and found.group("title")[:1].isupper():
                rel("jobTitle", m.entity, found.group("title"), 0.65, "rule:second-title")
                rel("chairs" if CHAIR_TITLES.fullmatch(found.group("title").lower()) else "worksFor", m.entity, o.entity, 0.65,
                    "rule:second-title")
                return


def _title_names_body_after(doc: DocEntities, text: str, ms: list, k: int, rel) -> bool:
    """"X, Minister of Trade and Industry, said": a title after the name that shares two words with a body of
    the story (the Ministry of Trade and Industry) and names no body of its own in the sentence."""
    m = ms[k]
    found = TITLE_NAMES_AFTER.match(text, m.end)
    if found is None or not found.group("title")[:1].isupper():
        return False
    title = found.group("title")
    inside = [x for x in ms[k + 1 :] if x.start < found.end()]
    if inside:  # the title read as its body's name ("Minister of Trade" linked to the ministry) or a body named in it
        body = doc.entities[inside[0].entity]
        if len(inside) > 1 or inside[0].text != title or body.type not in ORG_TYPES or body.name == title:
            return False  # several names, or an office named after its holder ("Commissioner for X") taken for a body
        org = inside[0].entity
    else:
        org = _body_of_title(doc, title, m.start + len(text))
    if org is None or len(_stems(title) & _stems(" ".join([doc.entities[org].name, *doc.entities[org].aliases]))) < 2:
        return False
    rel("jobTitle", m.entity, title, 0.65, "rule:title-names-body-after")
    rel("chairs" if CHAIR_TITLES.match(title) else "worksFor", m.entity, org, 0.65, "rule:title-names-body-after")
    return True


def _kind_owner_title(doc: DocEntities, text: str, ms: list, k: int, rel) -> bool:
    """worksFor (or chairs) and the title from "the company's president" / "the agency's director" beside a
    name: the body of that kind named last (a public body by its noun first: "the agency" is the story's agency)."""
    m = ms[k]
    found = KIND_OWNER_AFTER.match(text, m.end) or KIND_OWNER_BEFORE.search(text, max(0, m.start - 90), m.start)
    if found is None or (found.start() < m.start and found.end() != m.start):
        return False
    noun, title = found.group("noun").lower(), found.group("title")
    start = min(found.start(), m.start)
    if noun in PUBLIC_NOUNS:
        org = _last_body(doc, ms, k, ("Regulator", "Organization"), start, noun) or _body_of_title(doc, noun, start)
        org = org or _last_body(doc, ms, k, ("Regulator",), start)
    elif noun in MEMBER_NOUNS:
        org = _last_body(doc, ms, k, ORG_TYPES, start, noun) or _body_of_title(doc, noun, start)
    else:
        org = _last_body(doc, ms, k, NOUN_KINDS.get(noun, ("Vendor", "Organization", "Bank")), start)
    if org is None:
        return False
    rel("jobTitle", m.entity, title, 0.65, "rule:kind-owner-title")
    rel("chairs" if CHAIR_TITLES.fullmatch(title.lower()) else "worksFor", m.entity, org, 0.65, "rule:kind-owner-title")
    return True
# "Dariel Voss, a former cryptographer who is still its chief executive", "Jonas Pereval, who runs the company's
# Hovrenian business": a title or a charge held in a relative clause after the name.
RELATIVE_TITLE = re.compile(r",\s+(?:(?:a|an|the)\s+[^,;]{0,60}?\s+)?who\s+(?:(?:is|was|has been)\s+(?:still\s+|now\s+|also\s+)?"
                            r"(?:its|the (?:company|bank|group|firm|lender|agency|ministry|office|board)['’]s)\s+(?P<title>(?:[a-z][\w-]*\s+){0,3}?"
                            r"(?:chief executive|executive|officer|director|director-general|president|head|manager|spokes(?:man|woman|person)|"
                            r"secretary|counsel))\b|(?:runs|heads|leads|manages)\s+(?:its|the (?:company|bank|group|firm|lender)['’]s)\s)")


SPACED_DASH = re.compile(r"\s+-\s+")


def _joined(title: str | None) -> str:
    """A title as the text writes it: "Director - General" (as tokens) is "Director-General"."""
    return SPACED_DASH.sub("-", title or "")


BODY_WORD = re.compile(r"agency|ministry|office|board['’]s")


def _relative_title(doc: DocEntities, text: str, ms: list, k: int, rel) -> bool:
    """worksFor (and the title) from a relative clause after a person's name; "its" and "the company's" are
    the organisation named last before the name (in this sentence or the two before)."""
    m = ms[k]
    found = RELATIVE_TITLE.match(text, m.end)
    if found is None:
        return False
    kinds = ("Regulator",) if BODY_WORD.search(found.group(0)) else ("Organization", "Vendor", "Bank")
    org = _last_body(doc, ms, k, kinds, m.start)
    if org is None:
        return False
    if found.group("title"):
        rel("jobTitle", m.entity, found.group("title"), 0.65, "rule:relative-title")
    rel("worksFor", m.entity, org, 0.65, "rule:relative-title")
    return True


HONORIFIC = re.compile(r"^(?:(?:Mr|Ms|Mrs|Miss|Mx|Dr|Sir|Dame)\.?(?:\s+|$))+")
# Words of a title that say rank, not which body: they name no body ("Deputy", "Chief", "General").
RANK_WORDS = frozenset("chief deputy under vice senior executive general head acting assistant principal first second lead "
                       "spokesman spokeswoman spokesperson manager officer the of for and to on mr ms mrs dr hon honourable".split())
# Titles whose body has another name: a judge sits in a court, an attorney general heads the prosecutors.
TITLE_STEMS = {"justice": "court", "judge": "court", "attorney": "prosec"}




def _stems(words: str) -> set[str]:
    """Word stems to compare a title with a body's name: "Prosecutor"/"Prosecution", "Minister"/"Ministry" agree."""
    out = set()
    for w in LETTERS.findall(words.lower()):
        if w in RANK_WORDS or len(w) < 4:
            continue
        out.add(TITLE_STEMS.get(w, w[:6]))
    return out


# First words that many bodies share ("Bank of …", "National …"): no short form of any one of them.
NAME_OPENERS = frozenset("bank banque ministry national central state federal royal first new general financial the government "
                         "united international global public office department".split())
BODY_NOUN = re.compile(r"(?:committee|council|board|commission|authority|bureau|agency|panel|tribunal)", re.I)


WORD_BEFORE = re.compile(r"(?:^|\s)([A-Z]{2,6}|[A-Za-z]+)\s+$")


def _body_before_title(doc: DocEntities, text: str, m) -> str | None:
    """"Committee chair Hana Prewitt", "BSA chair Odile Ferrancourt", "FSAP Director General Una Pellow": a body
    named by the word before the title — a short form (the body that goes by it) or, for a chair, a body noun (the
    story's body of that kind)."""
    at = text.rfind(m.title, max(0, m.start - len(m.title) - 3), m.start)
    lead = WORD_BEFORE.search(text[max(0, at - 30) : at]) if at >= 0 else None
    if lead is None:
        return None
    word = lead.group(1)
    if BODY_NOUN.fullmatch(word) and CHAIR_TITLES.fullmatch(m.title.strip().lower()):
        return _body_of_title(doc, word, m.start)
    if word.isupper():
        return next((e.id for e in doc.entities.values() if e.type in ORG_TYPES
                     and (word in e.aliases or any(x.text == word for x in e.mentions))), None)
    if word[:1].isupper() and word.lower() not in NAME_OPENERS and not BODY_NOUN.fullmatch(word):
        # "Cardwave chief executive Nadim Corrigal": the first word of a company's name, used as its short form.
        return next((e.id for e in doc.entities.values() if e.type in ("Vendor", "Bank", "Organization") and not e.weak
                     and (e.name.split()[0] == word or word in e.aliases)), None)
    return None


CAPITALISED_WORD_END = re.compile(r"(?:^|[^\w-])([A-Z][\w-]+)$")


def _short_form_before(doc: DocEntities, text: str, end: int) -> str | None:
    """"Sunharrow's chairman" where no mention was found for "Sunharrow": the one organisation of the story that
    goes by that word (the first word of its name or an alias)."""
    word = CAPITALISED_WORD_END.search(text[max(0, end - 40) : end])
    if word is None or word.group(1).lower() in NAME_OPENERS:
        return None
    w = word.group(1)
    owners = {e.id for e in doc.entities.values() if e.type in ORG_TYPES and not e.weak and (e.name.split()[0] == w or w in e.aliases)}
    return owners.pop() if len(owners) == 1 else None


def _body_of_title(doc: DocEntities, title: str, pos: int) -> str | None:
    """The body a title names by its words ("Finance Minister" → the Ministry of Finance, "Chief Prosecutor" →
    the Public Prosecution Service, "Mrs Justice" → the court): the body of the story sharing most of the
    title's words, the one named last before ``pos`` among equals; None when no body shares a word other
    than "minister" with the title, or when several ministries share only that."""
    stems = _stems(title)
    if not stems:
        return None
    best: tuple[int, int, str] | None = None
    for entity in doc.entities.values():
        if entity.type not in ORG_TYPES or all(m.source == "collective" for m in entity.mentions):
            continue
        shared = stems & _stems(" ".join([entity.name, *entity.aliases]))
        if not shared or (shared == {"minist"} and len(stems) > 1):
            continue  # "Economy Minister" does not work for any ministry the story names
        before = max((m.start for m in entity.mentions if m.start < pos), default=-1)
        key = (len(shared), before, entity.id)
        if best is None or key > best:
            best = key
    return best[2] if best is not None else None


def _first_body_before(doc: DocEntities, si: int) -> str | None:
    """The first organisation named in the sentence before ``si``: usually its subject."""
    if si == 0:
        return None
    found = [x for x in doc.by_sentence[si - 1] if x.entity and x.entity in doc.entities and doc.entities[x.entity].type in ORG_TYPES]
    return min(found, key=lambda x: x.start).entity if found else None


def _last_body(doc: DocEntities, ms: list, k: int, kinds: tuple[str, ...], before: int, noun: str = "") -> str | None:
    """The entity of ``kinds`` named last before ``before`` in this sentence or the two before it."""
    si = ms[k].sentence
    for back in range(si, max(-1, si - 3), -1):
        found = [x for x in doc.by_sentence[back] if x.entity and x.entity in doc.entities and doc.entities[x.entity].type in kinds
                 and (back < si or x.end <= before) and (not noun or noun in doc.entities[x.entity].name.lower())]
        if found:
            return max(found, key=lambda x: x.start).entity
    return None


def _main_body(doc: DocEntities, kinds: tuple[str, ...]) -> str | None:
    """The story's main body of ``kinds`` (a live blog's "Minister X" or "Spokeswoman X" far from the body's name):
    the one named most often, when it is named at least twice as often as any other of those kinds."""
    counts = sorted(((len(e.mentions), e.id) for e in doc.entities.values() if e.type in kinds and not e.weak), reverse=True)
    if not counts or (len(counts) > 1 and counts[0][0] < 2 * counts[1][0]):
        return None
    return counts[0][1]


REQUEST_WORD = re.compile(r"\b(?:ask\w*|order\w*|requir\w*|instruct\w*|request\w*|wrote to|writ\w+ to|demand\w*)\b", re.I)
REVIEW_RESULTS = re.compile(r"\b(?:(?:the|this|that|its)\s+(?:\w+\s+)?(?:review|probe|investigation|inquiry|audit)|results|findings|conclusions)\b", re.I)
TAKING_PART_WORD = re.compile(r"\b(?:involved|taking part|participating|joined|included|includ(?:e|es|ing))\b", re.I)


def _review_follow_ups(view: SentenceView, events: list[Event], found: list[Relation], rel) -> None:
    """"Other agencies involved in the review included …", "the results would be submitted to …"."""
    part = view.part()
    reviews = [e for e in events if e.predicate == "Review" and e.sentence < view.si]
    if reviews and view.si - reviews[-1].sentence <= 2:
        # "The board has asked A, B and C to …": the reviewer, named again, turns to the banks it reviews.
        review = reviews[-1]
        reviewers = set(review.roles.get("reviewer", []))
        named = [m for m in view.mentions if m.entity in reviewers]
        if named and REQUEST_WORD.search(part):
            for m in view.items(("Bank",), collectives=False):
                if m.start > named[0].start:
                    review.add("reviewSubject", view.participant(m))
    if not reviews or not REVIEW_RESULTS.search(part):
        return
    review = reviews[-1]
    # "The technical work will be carried out by the HCSD, and the findings …": the body it is done by reviews too.
    for m in view.items(("Regulator",), collectives=False):
        if DONE_BY.search(view.text, max(view.sentence.start, m.start - 40), m.start) and view.participant(m) not in review.roles.get("resultsSubmittedTo", []):
            review.add("reviewer", view.participant(m))
    submitted = REPORTS_TO.search(part)
    if submitted:
        if any(e.predicate == "Review" and e.sentence == view.si for e in events):
            return  # the review of this sentence took its receivers itself
        for m in results_receivers(view, view.sentence.start + submitted.end()):
            target = view.participant(m)
            review.add("resultsSubmittedTo", target)
            found.append(Relation("resultsSubmittedTo", review.id, target, view.si, view.sentence.start, view.sentence.end, 0.75, "rule:results-submitted-to"))
        return
    if TAKING_PART_WORD.search(part):
        for m in view.items(("Regulator",), collectives=False):
            review.add("reviewer", view.participant(m))


def _part_of_dispute(text: str, sentences: list[Sentence], events: list[Event], found: list[Relation]) -> None:
    disputes = [e for e in events if e.predicate == "Dispute"]
    if not disputes:
        return
    for event in events:
        if event.predicate == "Dispute":
            continue
        s = sentences[event.sentence]
        if TRIGGERS["Dispute"].search(text, s.start, s.end) or TRIGGERS["Retaliation"].search(text, s.start, s.end):
            dispute = disputes[0]
            found.append(Relation("partOfDispute", event.id, dispute.id, event.sentence, s.start, s.end, 0.6, "rule:same-sentence-dispute"))


# "Glassford-based security company Tidewell Software": the seat, then what the company is, then its name.
PLACE_BASED_KIND = re.compile(r"-(?:based|headquartered)\s+(?:[a-z][\w-]*\s+){0,2}?" + COMPANY_NOUN + r"\s+")
# "accused the Prastovian vendor of …", "the Cendravian lender's servers": a people's word and a company's kind
# standing for a company named before.
DEMONYM_KIND = re.compile(r"\s+(?:[a-z][\w-]*\s+){0,2}?(?P<noun>company|firm|group|maker|chipmaker|manufacturer|vendor|supplier|provider|"
                          r"developer|bank|lender|insurer|operator|carrier|conglomerate|producer|exporter)(?!s\b)(?![\w-])")
# "Kovantsk, the commercial capital of Crastovar", "Dunby, a port city of Ostelia": where a town is.
TOWN_OF_COUNTRY = re.compile(r",\s+(?:the|a|an)\s+(?:[a-z][\w-]*\s+){0,2}?" + TOWN_NOUN + r"\s+(?:city\s+)?of\s+$")
# "a company incorporated under the laws of Ambrath", "organised under the laws of Ostelia".
LAWS_OF = re.compile(r"\b(?:incorporated|registered|organi[sz]ed|established|constituted)\s+under\s+the\s+laws?\s+of\s+(?:the\s+)?$")


def _demonym_descriptor(doc: DocEntities, text: str, ms: list, k: int, rel) -> None:
    """"… accused the Prastovian vendor of hiding …", "the Cendravian lender's servers": the country of the company
    such words stand for — the only company of the noun's kind named before them in the sentence."""
    m = ms[k]
    if m.source != "demonym" or doc.entities[m.entity].type != "Country" or not THE_BEFORE.search(text[max(0, m.start - 5) : m.start]):
        return
    found = DEMONYM_KIND.match(text, m.end, m.end + 60)
    nxt = ms[k + 1] if k + 1 < len(ms) else None
    if found is None or (nxt is not None and nxt.start <= found.end() + 2):
        return  # "the Prastovian vendor Hestrel Systems": the rule for a name after the people's word
    kinds = NOUN_KINDS.get(found.group("noun").lower(), COMPANY_TYPES)
    # (not a mention that is these very words, read as a back-reference)
    named = {x.entity for x in ms[:k] if doc.entities[x.entity].type in kinds and x.end < m.start - 4}
    if len(named) == 1:  # one company of the kind before it in the sentence: the one the words stand for
        rel("country", named.pop(), m.entity, 0.6, "rule:demonym-descriptor")


def _town_of_country(doc: DocEntities, text: str, ms: list, k: int, rel) -> None:
    """"Kovantsk, the commercial capital of Crastovar": a town said in apposition to be a state's capital or city."""
    m = ms[k]
    nxt = ms[k + 1] if k + 1 < len(ms) else None
    if doc.entities[m.entity].type == "Place" and nxt is not None and nxt.source != "demonym" \
            and doc.entities[nxt.entity].type == "Country" and TOWN_OF_COUNTRY.fullmatch(text, m.end, nxt.start):
        rel("locatedIn", m.entity, nxt.entity, 0.7, "rule:town-of-country")


def _laws_of(doc: DocEntities, text: str, ms: list, k: int, rel) -> None:
    """"Tavrin Digital Group Ltd. is a company incorporated under the laws of Ambrath": the company's state, when
    it is the organisation named last before the phrase in the sentence and no clause breaks between them."""
    m = ms[k]
    if m.source == "demonym" or doc.entities[m.entity].type != "Country":
        return
    found = LAWS_OF.search(text, max(0, m.start - 60), m.start)
    if found is None:
        return
    before = [x for x in ms[:k] if x.end <= found.start()]
    if before and doc.entities[before[-1].entity].type in COMPANY_TYPES:
        gap = LEADING_BRACKETS.sub("", text[before[-1].end : found.start()])
        if len(gap) < 80 and not SEAT_GAP_STOP.search(gap):
            rel("country", before[-1].entity, m.entity, 0.7, "rule:laws-of")


def _unique(found: list[Relation]) -> list[Relation]:
    """Each relation once; and one country for an organisation, the one said most surely (then first)."""
    seen: set[tuple[str, str, str]] = set()
    best_country: dict[str, Relation] = {}
    for r in found:
        if r.predicate == "country" and (r.subject not in best_country or r.confidence > best_country[r.subject].confidence):
            best_country[r.subject] = r
    out = []
    for r in found:
        key = (r.predicate, r.subject, r.object)
        if key not in seen and (r.predicate != "country" or best_country[r.subject] is r):
            seen.add(key)
            out.append(r)
    return out
