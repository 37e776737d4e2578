"""Kinds of words the rules look for: organisation-name heads, titles, countries.

These are general English and world knowledge — what makes a name a ministry or a
bank, which words are job titles, the world's countries with their other names,
demonyms and capitals — never the names of one story.
"""

from __future__ import annotations

from functools import cache

# Last (head) word of a name → type. Checked on the head noun of "X of Y" names too.
REGULATOR_HEADS = frozenset("""
ministry ministries department agency agencies commission office administration authority bureau court tribunal
prosecutor prosecutors parliament congress senate council regulator directorate inspectorate cabinet government
police service services committee assembly procuracy procuratorate fbi cia nsa sec ftc fcc treasury
secretariat board reserve
""".split())
BANK_HEADS = frozenset("""
bank banks bancorp bankers banking bankshares lender lenders savings insurance insurer capital financial trust credit mutual loan loans
""".split())
# Finance that takes no deposits: brokers, funds and exchanges are organisations, not banks.
MARKET_HEADS = frozenset("securities fund funds exchange brokerage brokers markets".split())
VENDOR_HEADS = frozenset("""
technologies technology tech semiconductor semiconductors systems networks network software electronics micro
microsystems microelectronics telecom telecoms telecommunications communications computer computers computing
machines devices chips chip labs digital data cyber cybersecurity security solutions instruments robotics cloud
ai online internet optical photonics silicon foundry circuits microdevices dynamics informatics
semi soft net web secure equipment optics analytics sensors automation
""".split())
# Endings of a technology maker's head word ("Optoelectronics", "Mechatronics", "Biophotonics").
VENDOR_ENDINGS = ("electronics", "tronics", "photonics", "robotics", "semiconductors", "technologies", "software", "systems")
ORGANIZATION_HEADS = frozenset("""
group association union institute university party army navy forces federation foundation organisation
organization alliance times post news journal agency press daily herald television radio network club league
center centre consortium coalition air airways airlines airline hospital hospitals railway railways forum
ventures partners advisory trading industries enterprises logistics consulting associates
""".split()) | MARKET_HEADS
# Last words of companies outside technology and finance ("Lumen Aerospace", "Tarsk Energy"): never a person's surname.
INDUSTRY_WORDS = frozenset("""
aerospace defence defense energy power utilities pharma pharmaceuticals motors automotive steel mining shipping
media retail healthcare petroleum oil gas chemicals logistics airlines airways aviation rail railways telecom
holdings industries enterprises ventures partners resources materials metals payments pay
""".split())
COMPANY_SUFFIXES = frozenset("inc inc. corp corp. corporation co co. ltd ltd. limited plc llc ag sa s.a s.a. gmbh nv n.v bv b.v holdings "
                             "company spa s.p.a ab as asa oyj pte pty kk private pvt pvt.".split())
# A bank's word first, in the languages that put it there ("Banque Sorenne", "Banca Verde").
BANK_FIRST = frozenset("banque banca banco caixa caisse bankhaus sparkasse".split())
# Heads shared by network operators and the makers of their gear; the context decides,
# and an operator is an Organization (a vendor sells equipment or software).
OPERATOR_HEADS = frozenset("telecom telecoms telecommunications communications mobile wireless".split())
CALENDAR_WORDS = frozenset("""
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december jan feb mar apr jun jul aug sep sept oct nov dec
""".split())
# Words of court papers, page furniture and headings that are capitalised without naming anything, and the
# field's common abbreviations ("AI chips", "IT systems", "the bank's CEO").
NOT_NAMES = frozenset("""
image images photo photos video videos podcast queue sign manage notice final order orders case no claimant claimants
defendant defendants respondent respondents appellant appellants applicant applicants petitioner petitioners plaintiff plaintiffs
interested party parties court office unit nation law
press listen share menu home search login update updates live minister president ministry judgment ruling decision
summary background statement section paragraph schedule annex article exhibit watchdog company bank group embassy consulate
ai it iot atm atms api apis sdk gpu gpus cpu cpus vpn sim os ceo cfo cto coo ipo esg gdp rs
""".split())

# Last words of the names of lists, laws and papers ("Entity List", "Strategic Trade Control Act").
DOCUMENT_HEADS = frozenset("list act regulations regulation rules law code decree bill notice guidelines framework strategy "
                           "programme program shipments penalty sectors oversight "
                           # standards, treaties and policies ("Baseline Assurance Standard", "Clean Network Policy")
                           "standard standards protocol protocols treaty charter convention policy doctrine initiative "
                           "ordinance directive memorandum".split())

# Newspaper titles: a name ending in one of these words is a masthead ("the Courier", "Harbin
# Gazette"); one of the time words before "Post", "Mail", "News" … is one too ("Evening Post").
MASTHEAD_WORDS = frozenset("courier gazette herald tribune chronicle times telegraph examiner dispatch observer journal "
                           "daily wire newswire magazine quarterly".split())
# Two last words of a news agency's name ("Corvane News Agency", "Kestrel Wire Service").
MASTHEAD_PAIRS = frozenset({"news agency", "press agency", "wire service", "news service", "telegraph agency", "news network"})
# The world's wire services, which stories quote without being about them.
NEWS_AGENCIES = frozenset({"Reuters", "AFP", "Agence France-Presse", "Associated Press", "Bloomberg News", "Xinhua", "Kyodo",
                           "Yonhap", "TASS", "Interfax", "Dow Jones Newswires", "Press Association", "ANSA", "EFE", "dpa"})
MASTHEAD_TIMES = frozenset("daily evening morning sunday weekly".split())
MASTHEAD_AFTER_TIME = frozenset("post mail news star express standard record ledger sun".split())

# Words that make a "Bank" a central bank, i.e. a regulator.
CENTRAL_BANK = frozenset("people people's central reserve federal".split())
GOVERNMENT_MODIFIERS = frozenset("state national federal central ministry public customs border revenue tax police government".split())

# Job titles that come before a person's name ("President Ana Velt", "chief executive Jane Doe").
TITLE_WORDS = frozenset("""
president vice premier minister chancellor secretary chairman chairwoman chair ceo cfo cto coo founder
director governor spokesman spokeswoman spokesperson ambassador senator representative judge prosecutor
general commissioner mayor king queen prince mr mrs ms dr prof professor officer executive analyst manager
head chief lawyer attorney deputy undersecretary under-secretary justice
supervisor inspector auditor counsel adviser advisor economist treasurer comptroller superintendent envoy consul
commander colonel registrar ombudsman
""".split())
HONORIFICS = frozenset("mr mrs ms dr prof sir".split())

# Lower-case phrases that name an organisation: "a working group on internet security".
GROUP_NOUNS = ("working group", "task force", "steering committee", "leading group", "leading small group", "panel")

# Capitalised words that begin sentences or headlines without being names.
COMMON_CAPITALISED = frozenset("""
a an the this that these those it its he she they we i you his her their our my your there here
in on at by for from with of to as and but or nor so yet if when while after before since until
government officials sources source other others some many most all both each every no not one two three
four five six seven eight nine ten first second third last new according however meanwhile also still
lenders banks companies firms analysts shares sales people experts critics investors users customers
monday tuesday wednesday thursday friday saturday sunday photo reporting editing advertisement
regulator regulators watchdog prosecutors carriers operators exclusive
january february march april may june july august september october november december
jan jan. feb feb. mar mar. apr apr. jun jun. jul jul. aug aug. sep sep. sept sept. oct oct. nov nov. dec dec.
under about breaking update
is are was were do does did has have had can could would should might must shall
yesterday today tomorrow tonight earlier later
""".split())  # the verbs open a question ("Is Tarsenia going it alone?"); "will" and "may" are names too

# name: (aliases, demonyms, capitals). Aliases include common short forms.
_COUNTRIES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "United States": (("US", "U.S.", "USA", "U.S.A.", "America", "United States of America"), ("American", "Americans"), ("Washington",)),
    "China": (("People's Republic of China", "PRC", "mainland China", "the mainland"), ("Chinese",), ("Beijing",)),
    "Taiwan": (("Republic of China",), ("Taiwanese",), ("Taipei",)),
    "Hong Kong": ((), (), ()),
    "Japan": ((), ("Japanese",), ("Tokyo",)),
    "South Korea": (("Korea", "Republic of Korea", "ROK"), ("South Korean", "Korean"), ("Seoul",)),
    "North Korea": (("DPRK",), ("North Korean",), ("Pyongyang",)),
    "India": ((), ("Indian",), ("New Delhi", "Delhi")),
    "Russia": (("Russian Federation",), ("Russian",), ("Moscow", "Kremlin")),
    "United Kingdom": (("UK", "U.K.", "Britain", "Great Britain"), ("British", "Briton", "Britons"), ("London",)),
    "Germany": ((), ("German",), ("Berlin",)),
    "France": ((), ("French",), ("Paris",)),
    "Italy": ((), ("Italian",), ("Rome",)),
    "Spain": ((), ("Spanish",), ("Madrid",)),
    "Portugal": ((), ("Portuguese",), ("Lisbon",)),
    "Netherlands": (("Holland", "the Netherlands"), ("Dutch",), ("Amsterdam", "The Hague")),
    "Belgium": ((), ("Belgian",), ()),
    "Switzerland": ((), ("Swiss",), ("Bern",)),
    "Austria": ((), ("Austrian",), ("Vienna",)),
    "Sweden": ((), ("Swedish",), ("Stockholm",)),
    "Norway": ((), ("Norwegian",), ("Oslo",)),
    "Denmark": ((), ("Danish",), ("Copenhagen",)),
    "Finland": ((), ("Finnish",), ("Helsinki",)),
    "Poland": ((), ("Polish",), ("Warsaw",)),
    "Czech Republic": (("Czechia",), ("Czech",), ("Prague",)),
    "Hungary": ((), ("Hungarian",), ("Budapest",)),
    "Romania": ((), ("Romanian",), ("Bucharest",)),
    "Greece": ((), ("Greek",), ("Athens",)),
    "Turkey": (("Turkiye",), ("Turkish",), ("Ankara",)),
    "Ukraine": ((), ("Ukrainian",), ("Kyiv", "Kiev")),
    "Ireland": ((), ("Irish",), ("Dublin",)),
    "Israel": ((), ("Israeli",), ("Jerusalem",)),
    "Iran": ((), ("Iranian",), ("Tehran",)),
    "Iraq": ((), ("Iraqi",), ("Baghdad",)),
    "Saudi Arabia": ((), ("Saudi",), ("Riyadh",)),
    "United Arab Emirates": (("UAE",), ("Emirati",), ("Abu Dhabi",)),
    "Qatar": ((), ("Qatari",), ("Doha",)),
    "Egypt": ((), ("Egyptian",), ("Cairo",)),
    "South Africa": ((), ("South African",), ("Pretoria",)),
    "Nigeria": ((), ("Nigerian",), ("Abuja",)),
    "Kenya": ((), ("Kenyan",), ("Nairobi",)),
    "Australia": ((), ("Australian",), ("Canberra",)),
    "New Zealand": ((), ("New Zealander",), ("Wellington",)),
    "Canada": ((), ("Canadian",), ("Ottawa",)),
    "Mexico": ((), ("Mexican",), ("Mexico City",)),
    "Brazil": ((), ("Brazilian",), ("Brasilia",)),
    "Argentina": ((), ("Argentine", "Argentinian"), ("Buenos Aires",)),
    "Chile": ((), ("Chilean",), ("Santiago",)),
    "Colombia": ((), ("Colombian",), ("Bogota",)),
    "Peru": ((), ("Peruvian",), ("Lima",)),
    "Indonesia": ((), ("Indonesian",), ("Jakarta",)),
    "Malaysia": ((), ("Malaysian",), ("Kuala Lumpur",)),
    "Singapore": ((), ("Singaporean",), ()),
    "Thailand": ((), ("Thai",), ("Bangkok",)),
    "Vietnam": (("Viet Nam",), ("Vietnamese",), ("Hanoi",)),
    "Philippines": (("the Philippines",), ("Filipino", "Philippine"), ("Manila",)),
    "Pakistan": ((), ("Pakistani",), ("Islamabad",)),
    "Bangladesh": ((), ("Bangladeshi",), ("Dhaka",)),
    "Sri Lanka": ((), ("Sri Lankan",), ("Colombo",)),
    "Estonia": ((), ("Estonian",), ("Tallinn",)),
    "Latvia": ((), ("Latvian",), ("Riga",)),
    "Lithuania": ((), ("Lithuanian",), ("Vilnius",)),
    "Luxembourg": ((), (), ()),
    "Iceland": ((), ("Icelandic",), ("Reykjavik",)),
    "Serbia": ((), ("Serbian",), ("Belgrade",)),
    "Morocco": ((), ("Moroccan",), ("Rabat",)),
    "Ethiopia": ((), ("Ethiopian",), ("Addis Ababa",)),
    "Venezuela": ((), ("Venezuelan",), ("Caracas",)),
    "Cuba": ((), ("Cuban",), ("Havana",)),
    "Kazakhstan": ((), ("Kazakh",), ("Astana",)),
    "Mongolia": ((), ("Mongolian",), ("Ulaanbaatar",)),
    "Cambodia": ((), ("Cambodian",), ("Phnom Penh",)),
    "Myanmar": (("Burma",), ("Burmese",), ("Naypyidaw",)),
}


@cache
def countries() -> dict[str, tuple[str, str]]:
    """Surface form → (country name, how it is used: name | demonym | capital)."""
    table: dict[str, tuple[str, str]] = {}
    for name, (aliases, demonyms, capitals) in _COUNTRIES.items():
        table[name] = (name, "name")
        for alias in aliases:
            table[alias] = (name, "name")
        for demonym in demonyms:
            table[demonym] = (name, "demonym")
        for capital in capitals:
            table[capital] = (name, "capital")
    return table
