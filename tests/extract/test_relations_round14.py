"""Binary relations, round 14: seats and states said anywhere in an organisation's clause, titles after a name
and titles owned by a body's kind, the companies of a people's counted group, domestic companies, and a
people's word that names no company (invented names throughout)."""

from __future__ import annotations

import pytest

from tests.extract.story import relations, run

FOUND = [
    # "based / headquartered / incorporated in", after the organisation's apposition or bracketed short form
    pytest.param("Quorrel Devices Co. (\"Quorrel\") is a maker of sensors incorporated in Vardania, with its registered office in Tessby.",
                 "country", ("quorrel-devices-co", "vardania"), id="incorporated-and-registered-office"),
    pytest.param("Quorrel Devices Co. (\"Quorrel\") is a maker of sensors incorporated in Vardania, with its registered office in Tessby.",
                 "headquarters", ("quorrel-devices-co", "tessby"), id="registered-office-after-incorporated"),
    pytest.param("The ministry said Halvern Networks and Brisk Radio, both headquartered in Vardania, would be excluded.",
                 "country", ("brisk-radio", "vardania"), id="both-headquartered-second"),
    pytest.param("The ministry said Halvern Networks and Brisk Radio, both headquartered in Vardania, would be excluded.",
                 "country", ("halvern-networks", "vardania"), id="both-headquartered-first"),
    pytest.param("The radio was made by Pellit Communications, the equipment maker based in the port city of Dunmarrow.",
                 "headquarters", ("pellit-communications", "dunmarrow"), id="maker-based-in-port-city"),
    pytest.param("Marrow Telecom, a carrier founded in 1998 that has its head office in Quillby, denied the claims.",
                 "headquarters", ("marrow-telecom", "quillby"), id="has-its-head-office-in"),
    # "headquartered in <a state>": the seat as well as the country
    pytest.param("The council cleared the purchase by Ostrel Capital Partners, a private equity firm headquartered in Vardania.",
                 "headquarters", ("ostrel-capital-partners", "vardania"), id="headquartered-in-state-seat"),
    pytest.param("The council cleared the purchase by Ostrel Capital Partners, a private equity firm headquartered in Vardania.",
                 "country", ("ostrel-capital-partners", "vardania"), id="headquartered-in-state-country"),
    pytest.param("Qumbra Holdings, which is headquartered in Vardania, agreed to buy the plant.",
                 "headquarters", ("qumbra-holdings", "vardania"), id="which-is-headquartered-in-state"),
    # titles after the name, and a body's kind owning the title
    pytest.param("The committee wants Zelvane chief executive Amos Terrow and Inga Falkirk, the company's president for the region, "
                 "to appear before it.", "worksFor", ("inga-falkirk", "zelvane"), id="the-companys-president"),
    pytest.param("Harwick Bank said on Monday it was reviewing its suppliers. The bank's chief risk officer, Odile Marchand, said the "
                 "review would take a year.", "worksFor", ("odile-marchand", "harwick-bank"), id="the-banks-officer-before-name"),
    pytest.param("Selma Ravanne, Chair of the Vardanian Chip Association and Chief Executive of Kestrel Microsystems, said the rules "
                 "were too broad.", "worksFor", ("selma-ravanne", "kestrel-microsystems"), id="second-title-and-body"),
    pytest.param("We met Oskar Lindavel, Minister of Trade and Commerce, in his office at the Ministry of Trade and Commerce.",
                 "worksFor", ("oskar-lindavel", "ministry-of-trade-and-commerce"), id="title-after-name-names-body"),
    pytest.param("Trammer Systems pushed a faulty update on Tuesday, its customers said. \"We apologise,\" Trammer chief executive "
                 "Nadia Pell said.", "worksFor", ("nadia-pell", "trammer-systems"), id="first-word-short-form-before-title"),
    pytest.param("The Vardanian Cyber Agency published its findings on Monday. Ilse Marrow, the agency's director-general, said the "
                 "risk was high.", "worksFor", ("ilse-marrow", "vardanian-cyber-agency"), id="the-agencys-director-after-name"),
    pytest.param("Tomas Hale, Director of the Vardanian Banking Forum and Chief Executive at Harwick Bank, said the rules were "
                 "unclear.", "worksFor", ("tomas-hale", "harwick-bank"), id="second-title-at-body"),
    pytest.param("The Ministry of Finance and Economy set new rules. Lene Osk, Minister of Finance and Economy, said the rules were "
                 "needed.", "worksFor", ("lene-osk", "ministry-of-finance-and-economy"), id="minister-names-ministry"),
    pytest.param("Vardania on Monday added three Ostelian firms to its entity list. The ministry said Corvel Data Systems, Mirrow Photonics and Tandel "
                 "Optics would be barred. Ostelia protested.", "country", ("tandel-optics", "ostelia"), id="three-firms-named-next"),
    pytest.param("Vardania's largest bank, Harwick Bank, moved its payments to local supplier Quenta Software last year.",
                 "country", ("quenta-software", "vardania"), id="local-supplier"),
    # a body's own unit, and "It is part of …" said of the body the sentence before opens with
    pytest.param("The case was investigated by the BSX's Office of Trade Enforcement with help from customs. The Bureau of "
                 "Strategic Exports (BSX) fined Pellam Tools.", "parentOrganization", ("office-of-trade-enforcement",
                 "bureau-of-strategic-exports"), id="bodys-office"),
    pytest.param("The Central Bank of Vardania said a review was carried out by the CBV's Prudential Oversight Directorate in 2023. "
                 "The Central Bank of Vardania (CBV) fined Harwick Bank.", "parentOrganization",
                 ("prudential-oversight-directorate", "central-bank-of-vardania"), id="central-banks-directorate"),
    pytest.param("The Vardanian Cyber Security Directorate is the national authority for cyber security. It is part of the Ministry of "
                 "Defence.", "parentOrganization", ("vardanian-cyber-security-directorate", "ministry-of-defence"), id="it-is-part-of"),
    pytest.param("The Vardanian Cyber Security Directorate is the national authority for cyber security. The directorate is an agency "
                 "of the Ministry of Defence.", "parentOrganization", ("vardanian-cyber-security-directorate", "ministry-of-defence"),
                 id="the-directorate-is-an-agency-of"),
    # "who chairs the …", "who has chaired the … since"
    pytest.param("Annika Toll, who chairs the Financial Markets Supervisory Authority, spoke on Monday.", "chairs",
                 ("annika-toll", "financial-markets-supervisory-authority"), id="who-chairs-the"),
    pytest.param("The Spectrum and Networks Agency (SNA) opened a review. Dagrun Holm, who has chaired the SNA since 2020, said it "
                 "would be quick.", "chairs", ("dagrun-holm", "spectrum-and-networks-agency"), id="who-has-chaired-the"),
    pytest.param("The Vardanian Markets Board fined Harwick Bank. Arne Voss, who heads the Vardanian Markets Board, said the fine "
                 "was fair.", "chairs", ("arne-voss", "vardanian-markets-board"), id="who-heads-the"),
    # signatures at the foot of a notice
    pytest.param("The Committee on Foreign Investment of Vardania (CFIV) orders Pellam Tools to sell its stake.\n\n"
                 "For the Committee,\n\nRadek Osterlin\nChairman\n", "chairs",
                 ("radek-osterlin", "committee-on-foreign-investment"), id="signed-for-the-committee"),
    pytest.param("The National Procurement Office of Vardania excludes Pellam Tools from public tenders.\n\nIssued at Tessby, "
                 "22 August 2024\n\nAnsel Korrin\nDirector-General\nNational Procurement Office of Vardania\n", "worksFor",
                 ("ansel-korrin", "national-procurement-office-of-vardania"), id="signed-title-then-body"),
    # a town placed by a people's word with a word of region or kind before "city of"
    pytest.param("Pendle Systems, which is headquartered in the northern Vardanian city of Saltby, agreed to buy the firm. Vardania "
                 "approved.", "locatedIn", ("saltby", "vardania"), id="northern-demonym-city-of"),
    pytest.param("The radio was made by Pellit Communications, the equipment maker based in the Vardanian port city of Dunmarrow. "
                 "Vardania said nothing.", "locatedIn", ("dunmarrow", "vardania"), id="demonym-port-city-of"),
    pytest.param("The plant sits in the far-western Vardanian mining town of Kellby. Vardania owns it.",
                 "locatedIn", ("kellby", "vardania"), id="far-western-demonym-town-of"),
    # companies of a people's counted group, named in the next sentence
    pytest.param("Vardania on Tuesday added two Ostelian technology companies to its unreliable entity list. The Ministry of Commerce "
                 "said Corvel Data Systems and Mirrow Photonics would be barred from importing goods. Ostelia protested.",
                 "country", ("mirrow-photonics", "ostelia"), id="counted-group-named-next-sentence"),
    # a company called domestic is of the state the sentence names
    pytest.param("Harwick Bank, Vardania's third-largest lender, has begun trialling servers from domestic manufacturer Dremlin Systems.",
                 "country", ("dremlin-systems", "vardania"), id="domestic-manufacturer"),
    pytest.param("In August we added Ostelia's largest chipmaker, Zorvan Semiconductor Corporation, to the list.",
                 "country", ("zorvan-semiconductor-corporation", "ostelia"), id="states-largest-chipmaker-comma"),
    pytest.param("Orvelle's government blocked Ostelian chipmaker Helvan Circuits from buying the plant. Ostelia protested.",
                 "country", ("helvan-circuits", "ostelia"), id="demonym-company-noun"),
]


@pytest.mark.parametrize(("body", "predicate", "pair"), FOUND)
def test_relation_found(tmp_path, body, predicate, pair):
    assert pair in relations(run(tmp_path, body), predicate)


NOT_FOUND = [
    # a people's word before a verb, not before a company's kind
    pytest.param("Ostelian lawmakers summon Kestrel bosses over radio network\n\nThe committee said Kestrel Microsystems would appear. "
                 "Ostelia said nothing.",
                 "country", ("kestrel-microsystems", "ostelia"), id="demonym-lawmakers-summon"),
    # "X of Town, Country": the town is in the state; the organisation's country is not told
    pytest.param("The review cleared Tallyport, an app developed by Brightwell Software of Lunmere, Vardania.",
                 "country", ("brightwell-software", "vardania"), id="organisation-of-town-comma-country"),
    # a seat told of an unnamed company in another clause
    pytest.param("Harwick Bank said the cameras were made by a company headquartered in neighbouring Ostelia.",
                 "country", ("harwick-bank", "ostelia"), id="seat-of-another-company"),
    # an office named after its holder is no body the holder works for
    pytest.param("The Commission for Competition Affairs opened a case. \"We will act,\" said Pavel Dunst, Commissioner for Competition "
                 "Affairs, on Friday.", "worksFor", ("pavel-dunst", "commissioner-for-competition-affairs"), id="office-named-after-holder"),
    # "based in <a state>" stays the country only
    pytest.param("Pellit Communications, which is based in Vardania, denied the claims.",
                 "headquarters", ("pellit-communications", "vardania"), id="based-in-state-no-seat"),
]


@pytest.mark.parametrize(("body", "predicate", "pair"), NOT_FOUND)
def test_relation_not_found(tmp_path, body, predicate, pair):
    assert pair not in relations(run(tmp_path, body), predicate)
