"""Rules of the fifth tuning round (issue 13), each with several phrasings (invented names): every
participant of a review (counted groups beside their named members, who gets the results, who only
speaks of it, reviews whose subjects the story gives elsewhere), a body's place in government, a
state's protest and reproach as state media word them, and a speaker who is no listing's target."""

from __future__ import annotations

import pytest

from tests.extract.story import events, relations, run

STATE = "The Republic of Brannova and the Republic of Vostria are neighbours.\n\n"


def _participants(event: dict) -> set[str]:
    return {v for role, values in event["roles"].items() if role not in ("product", "amount", "currency", "deadline") for v in values}


# ---------------------------------------------------------------- reviews


@pytest.mark.parametrize("named", [
    "The bank identified weaknesses at three of the institutions reviewed: Oxlow Mercantile Bank, Tarrin Cooperative Bank and Pell Bank.",
    "Weaknesses were found at three of the banks reviewed, Oxlow Mercantile Bank, Tarrin Cooperative Bank and Pell Bank.",
])
def test_a_counted_group_stays_beside_its_named_members(tmp_path, named):
    body = (STATE + "The Central Bank of Brannova opened a review of the reliance of the country's nine largest banks on "
            f"Quarrel Cloud Services.\n\n{named}\n")
    reviews = events(run(tmp_path, body), "Review")
    subjects = {s for r in reviews for s in r["roles"].get("reviewSubject", [])}
    assert "nine-largest-banks" in subjects, reviews
    assert {"oxlow-mercantile-bank", "pell-bank"} <= subjects, reviews


@pytest.mark.parametrize("sentence, receivers", [
    ("The Brannovan Banking Authority has shared the full findings of the review with the Ministry of Finance and with the "
     "Financial Stability Board.", {"ministry-of-finance", "financial-stability-board"}),
    ("The Brannovan Banking Authority shared its findings with the Ministry of Finance.", {"ministry-of-finance"}),
    ("The review went to the Financial Stability Board, which received the full report last week.", {"financial-stability-board"}),
    ("The Ministry of Finance, which has received the findings, declined to comment on the review.", {"ministry-of-finance"}),
])
def test_who_gets_a_reviews_results(tmp_path, sentence, receivers):
    body = (STATE + "The Brannovan Banking Authority opened a review of how Oxlow Mercantile Bank relies on Quarrel Cloud Services.\n\n"
            f"{sentence}\n")
    (review,) = events(run(tmp_path, body), "Review")
    assert receivers <= set(review["roles"].get("resultsSubmittedTo", [])), review
    assert "brannovan-banking-authority" in review["roles"]["reviewer"], review


@pytest.mark.parametrize("sentence", [
    "The review will be carried out by the State Cyber Office, which reports to the ministry, and will cover Quarrel Systems software.",
    "The State Cyber Office, which reports to the ministry, will review Quarrel Systems software.",
])
def test_a_body_that_reports_to_a_ministry_sends_it_no_results(tmp_path, sentence):
    body = STATE + f"Brannova's Ministry of Digital Affairs has ordered a security review of software made by Quarrel Systems.\n\n{sentence}\n"
    records = run(tmp_path, body)
    for review in events(records, "Review"):
        assert "ministry-of-digital-affairs" not in review["roles"].get("resultsSubmittedTo", []), review
    assert ("state-cyber-office", "ministry-of-digital-affairs") in relations(records, "parentOrganization")


@pytest.mark.parametrize("sentence, child, parent", [
    ("The Brannovan Cyber Agency, which sits under the Ministry of Defence, tests equipment.", "brannovan-cyber-agency", "ministry-of-defence"),
    ("The State Cyber Office (SCO), which reports to the Ministry of Digital Affairs, tests software.", "state-cyber-office",
     "ministry-of-digital-affairs"),
    ("The Export Office, which is overseen by the Ministry of Trade, issues licences.", "export-office", "ministry-of-trade"),
])
def test_which_reports_to_or_sits_under_gives_a_bodys_parent(tmp_path, sentence, child, parent):
    assert (child, parent) in relations(run(tmp_path, STATE + sentence + "\n"), "parentOrganization")


@pytest.mark.parametrize("sentence", [
    "The findings will be submitted to Hallam's committee in full.",
    "He said the results would be sent to Hallam's committee.",
])
def test_a_persons_body_and_not_the_person_gets_the_results(tmp_path, sentence):
    body = (STATE + "Deputy Mira Hallam chairs the Security Committee.\n\n"
            f"The Brannovan Cyber Agency will review equipment made by Quarrel Systems.\n\n{sentence}\n")
    for review in events(run(tmp_path, body), "Review"):
        assert "mira-hallam" not in review["roles"].get("resultsSubmittedTo", []), review


@pytest.mark.parametrize("sentence", [
    "The centre began its review in June at the request of the Standing Committee on Security, which received the full report last week.",
    "The centre started its review in June at the request of the Standing Committee on Security, which received the report.",
])
def test_the_body_named_by_its_head_noun_reviews_and_the_main_vendor_is_concerned(tmp_path, sentence):
    body = (STATE + "The Brannovan government ordered ministries to remove the Quill Chat app made by Quarrel Software.\n\n"
            "The National Cyber Assurance Centre said Quarrel Software had sent data abroad.\n\n"
            "The Ministry of Digital Affairs welcomed the decision.\n\n"
            f"{sentence}\n\nQuarrel Software rejected the findings.\n")
    reviews = events(run(tmp_path, body), "Review")
    review = next(r for r in reviews if "national-cyber-assurance-centre" in r["roles"]["reviewer"])
    assert review["roles"].get("concernsVendor") == ["quarrel-software"], review
    assert review["roles"].get("resultsSubmittedTo") == ["standing-committee-on-security"], review


@pytest.mark.parametrize("sentence", [
    "The minister said the decision followed a seven-month national security review by the Investment Screening Board.",
    "The Investment Screening Board opened an in-depth investigation into the deal in July.",
    "The Investment Screening Board launched a review in March.",
])
def test_a_screening_review_concerns_the_storys_deal(tmp_path, sentence):
    body = (STATE + "Brannova on Monday blocked the takeover of Pelmar Photonics.\n\n"
            "Orrick Semiconductor Holdings agreed in May to buy Pelmar Photonics for $1.2 billion.\n\n"
            f"{sentence}\n")
    reviews = events(run(tmp_path, body), "Review")
    assert len(reviews) == 1, reviews
    assert {"investment-screening-board", "orrick-semiconductor-holdings", "pelmar-photonics"} <= _participants(reviews[0]), reviews


@pytest.mark.parametrize("sentence", [
    "The Brannovan Cyber Agency launched a review in March.",
    "The review of its rules was completed by the Brannovan Cyber Agency.",
])
def test_a_review_with_no_one_reviewed_and_no_story_vendor_is_dropped(tmp_path, sentence):
    assert events(run(tmp_path, STATE + sentence + "\n"), "Review") == []


@pytest.mark.parametrize("sentence", [
    "The case was investigated by EXB's Office of Enforcement with assistance from the Customs Service.",
    "The case was investigated by the Office of Enforcement, with help from the Customs Service.",
])
def test_investigated_by_names_the_reviewers_not_their_owner(tmp_path, sentence):
    body = (STATE + "The Export Bureau (EXB) fined Quarrel Systems $2 million for shipping routers to Vostria.\n\n"
            "Quarrel Systems said it had fixed its controls, Quarrel Systems said.\n\n"
            f"{sentence}\n\nQuarrel Systems cooperated, the Export Bureau said.\n")
    reviews = events(run(tmp_path, body), "Review")
    assert len(reviews) == 1, reviews
    assert set(reviews[0]["roles"]["reviewer"]) == {"office-of-enforcement", "customs-service"}, reviews
    assert reviews[0]["roles"].get("concernsVendor") == ["quarrel-systems"], reviews


@pytest.mark.parametrize("sentence", [
    "Quarrel Systems cooperated with the investigation after it was opened in August, the Export Bureau said.",
    "A spokesperson for Vostria's Foreign Ministry said the Quarrel investigation was a normal matter.",
])
def test_a_body_that_only_speaks_of_a_review_is_not_its_reviewer(tmp_path, sentence):
    for review in events(run(tmp_path, STATE + sentence + "\n"), "Review"):
        assert not {"export-bureau", "foreign-ministry"} & set(review["roles"]["reviewer"]), review


@pytest.mark.parametrize("sentence, group", [
    ("The review will cover all four mobile operators.", "four-mobile-operators"),
    ("The review will cover the country's three largest carriers.", "three-largest-carriers"),
])
def test_a_named_group_of_companies_is_reviewed(tmp_path, sentence, group):
    body = STATE + "The Brannovan Cyber Agency began a review of equipment made by Quarrel Systems.\n\n" + sentence + "\n"
    (review,) = events(run(tmp_path, body), "Review")
    assert group in review["roles"].get("reviewSubject", []), review


@pytest.mark.parametrize("sentence", [
    "Brannova's Ministry of Digital Affairs has ordered a security review of software supplied by Quarrel Systems to government "
    "agencies, a week after lawmakers said its update servers are run from abroad.",
    "The Brannovan Cyber Agency will review Quarrel Systems, a supplier whose servers, it is said, are used abroad.",
])
def test_a_vendor_far_from_the_reliance_verb_is_not_reviewed(tmp_path, sentence):
    for review in events(run(tmp_path, STATE + sentence + "\n"), "Review"):
        assert "quarrel-systems" not in review["roles"].get("reviewSubject", []), review


@pytest.mark.parametrize("sentence", [
    "During the investigation Quarrel Systems denied that it is subject to direction by the Vostrian government.",
    "Quarrel Systems said the review was unfair and blamed the Vostrian government.",
])
def test_a_government_named_after_the_review_is_not_its_reviewer(tmp_path, sentence):
    for review in events(run(tmp_path, STATE + sentence + "\n"), "Review"):
        assert "brannova" not in review["roles"]["reviewer"], review


# ---------------------------------------------------------------- protests, reproaches, accusations


@pytest.mark.parametrize("sentence", [
    "Brannova firmly opposes the Vostrian side's inclusion of eleven Brannovan companies in its so-called Entity List.",
    "Brannova resolutely opposes Vostria's abuse of export control measures.",
    "Brannova lodged solemn representations with Vostria over the listing.",
    "Brannova expressed strong dissatisfaction with Vostria over the listing.",
])
def test_a_states_protest_as_state_media_word_it(tmp_path, sentence):
    (protest,) = events(run(tmp_path, STATE + sentence + "\n"), "Protest")
    assert protest["roles"]["actor"] == ["brannova"], protest
    assert protest["roles"].get("target") == ["vostria"], protest


@pytest.mark.parametrize("sentence", [
    'In Vostria, the Ministry of Foreign Affairs said it "resolutely opposes" the decision.',
    "Vostria's Ministry of Foreign Affairs said it strongly opposes the decision.",
])
def test_a_protester_does_not_protest_at_its_own_state(tmp_path, sentence):
    for protest in events(run(tmp_path, STATE + sentence + "\n"), "Protest"):
        assert "vostria" not in protest["roles"].get("target", []), protest


@pytest.mark.parametrize("sentence", [
    'The Brannovan Ministry of Trade summoned executives of Vostrian toolmaker Quarrel Systems to express "strong dissatisfaction".',
    "The Ministry of Trade condemned the halt of supplies to Vostrian customers.",
])
def test_a_demonym_describing_a_noun_neither_protests_nor_is_protested_at(tmp_path, sentence):
    for protest in events(run(tmp_path, STATE + sentence + "\n"), "Protest"):
        assert "vostria" not in _participants(protest), protest


@pytest.mark.parametrize("quote", [
    '"Once again Vostria has overstretched the concept of national security to suppress our companies," Tavin Orrel said.',
    '"In truth Vostria keeps abusing export controls against our firms," Tavin Orrel said.',
    '"This is plain economic coercion by Vostria," Tavin Orrel said.',
])
def test_a_states_spokesperson_reproaching_another_state_speaks_for_it(tmp_path, quote):
    body = STATE + f"Foreign Ministry spokesperson Tavin Orrel spoke on Thursday.\n\n{quote}\n"
    (accusation,) = events(run(tmp_path, body), "Accusation")
    assert accusation["roles"]["actor"] == ["tavin-orrel"], accusation
    assert accusation["roles"]["target"] == ["vostria"], accusation


@pytest.mark.parametrize("sentence", [
    'Ministry spokesman Lio Dravek accused Vostria of "abusing export controls".',
    "Foreign Ministry spokeswoman Lia Dravek accused Vostria of bullying.",
])
def test_an_official_who_accuses_speaks_for_the_state(tmp_path, sentence):
    (accusation,) = events(run(tmp_path, STATE + sentence + "\n"), "Accusation")
    assert accusation["roles"]["target"] == ["vostria"], accusation
    assert accusation["roles"]["actor"] in (["lio-dravek"], ["lia-dravek"], ["foreign-ministry"]), accusation


@pytest.mark.parametrize("sentence", [
    '"The Vostrian side keeps abusing export controls to contain our companies," an embassy spokesperson said.',
    "Brannova said Vostria was guilty of the abuse of sanctions against its firms.",
])
def test_abusing_export_controls_is_a_reproach_not_a_restriction(tmp_path, sentence):
    records = run(tmp_path, STATE + sentence + "\n")
    for kind in ("Restriction", "ExportControl", "Ban", "EntityListing"):
        assert events(records, kind) == [], kind


@pytest.mark.parametrize("sentence", [
    "Brannova opposes the inclusion of its companies in the so-called Entity List, Foreign Ministry spokesperson Tavin Orrel said.",
    "Vostria placed firms on its Entity List, Ministry of Commerce spokesman Tavin Orrel said.",
])
def test_who_speaks_is_not_whom_a_list_names(tmp_path, sentence):
    records = run(tmp_path, STATE + sentence + "\n")
    for kind in ("Restriction", "EntityListing"):
        for event in events(records, kind):
            assert not {"foreign-ministry", "ministry-of-commerce"} & set(event["roles"].get("target", [])), event


@pytest.mark.parametrize("sentence", [
    "The technical work will be carried out by the Brannovan Cyber Directorate, and the findings will be reported to the Security Committee.",
    "The testing is being conducted by the Brannovan Cyber Directorate; its findings go to the Security Committee.",
])
def test_the_body_the_work_is_done_by_reviews_too(tmp_path, sentence):
    body = (STATE + "The Department for Digital Security has announced a security review of all Quarrel Systems products.\n\n"
            f"{sentence}\n")
    (review,) = events(run(tmp_path, body), "Review")
    assert {"department-for-digital-security", "brannovan-cyber-directorate"} <= set(review["roles"]["reviewer"]), review


@pytest.mark.parametrize("sentence", [
    "The Investment Committee requested a technical assessment from the National Cyber Centre.",
    "The Investment Committee commissioned an independent evaluation from the National Cyber Centre.",
])
def test_a_review_asked_from_a_body_is_that_bodys_and_the_asker_gets_it(tmp_path, sentence):
    body = STATE + "The Investment Committee opened a review of Quarrel Systems.\n\nQuarrel Systems makes chat apps.\n\n" + sentence + "\n"
    reviews = events(run(tmp_path, body), "Review")
    review = next(r for r in reviews if "national-cyber-centre" in r["roles"]["reviewer"])
    assert review["roles"]["reviewer"] == ["national-cyber-centre"], reviews
    assert review["roles"].get("resultsSubmittedTo") == ["investment-committee"], reviews


@pytest.mark.parametrize("sentence", [
    "Following the referral of the State Security Service, the Investment Committee opened a review of Quarrel Systems.",
    "After a referral from the State Security Service, the Investment Committee opened a review of Quarrel Systems.",
])
def test_the_body_that_referred_a_case_is_not_its_reviewer(tmp_path, sentence):
    (review,) = events(run(tmp_path, STATE + sentence + "\n"), "Review")
    assert review["roles"]["reviewer"] == ["investment-committee"], review


@pytest.mark.parametrize("sentence", [
    "The Investment Committee opened a national security review of Quarrel Systems's control over Murrow Apps LLC.",
    "The Investment Committee opened a review into Murrow Apps LLC, the local unit of Quarrel Systems.",
])
def test_a_company_a_review_is_of_is_its_subject(tmp_path, sentence):
    (review,) = events(run(tmp_path, STATE + sentence + "\n"), "Review")
    assert "murrow-apps-llc" in review["roles"].get("reviewSubject", []), review


# ---------------------------------------------------------------- listings


@pytest.mark.parametrize("sentence", [
    "The Ministry of Commerce on Tuesday announced the inclusion of three Vostrian enterprises, namely Graylow Devices, Oxden "
    "Instruments and Wexley Sensor Systems, in the unreliable entity list.",
    "The Ministry of Commerce announced the addition of Graylow Devices, Oxden Instruments and Wexley Sensor Systems to its "
    "unreliable entity list.",
    "The Ministry of Commerce confirmed the placing of three companies: Graylow Devices, Oxden Instruments and Wexley Sensor "
    "Systems on its so-called unreliable entity list.",
])
def test_the_inclusion_of_names_in_a_list_is_a_listing_of_each(tmp_path, sentence):
    (listing,) = events(run(tmp_path, STATE + sentence + "\n"), "EntityListing")
    assert set(listing["roles"]["target"]) == {"graylow-devices", "oxden-instruments", "wexley-sensor-systems"}, listing
    assert listing["roles"]["actor"] == ["ministry-of-commerce"], listing


@pytest.mark.parametrize("later", [
    "Server maker Oreval Computing and two Sunspire subsidiaries were among those named in a notice.",
    "Oreval Computing was also among the companies listed by the bureau.",
])
def test_companies_among_those_named_join_the_listing(tmp_path, later):
    body = STATE + f"Brannova on Monday added Vostrian chipmaker Sunspire Microelectronics to its Entity List.\n\n{later}\n"
    (listing,) = events(run(tmp_path, body), "EntityListing")
    assert {"sunspire-microelectronics", "oreval-computing"} <= set(listing["roles"]["target"]), listing


@pytest.mark.parametrize("first", [
    "Brannova added 11 Vostrian companies to its Entity List on Monday.",
    "Brannova put two Vostrian tech firms on its Entity List.",
])
def test_a_counted_group_listed_is_the_named_listing_told_again(tmp_path, first):
    body = STATE + f"{first}\n\nThe Export Bureau said it had added Halden Microsystems and Qorin Optics to the Entity List.\n"
    listings = [e for kind in ("EntityListing", "Restriction") for e in events(run(tmp_path, body), kind)]
    assert listings and all("halden-microsystems" in e["roles"]["target"] for e in listings), listings


# ---------------------------------------------------------------- charges that blame a state body


@pytest.mark.parametrize("sentence, actor", [
    ("Chief Prosecutor Hela Dravin said the men had acted \"on the instructions of\" Vostria's Ministry of State Security.", "hela-dravin"),
    ("Prosecutors say all three are officers of Unit 4117 of the Main Intelligence Directorate of Vostria.", "brannova"),
    ("Officials described it as a campaign directed by Vostria's Ministry of State Security.", "brannova"),
])
def test_the_state_body_the_accused_act_for_is_accused(tmp_path, sentence, actor):
    body = STATE + f"Brannovan prosecutors have charged Varo Klint, Emsa Dorrel and Jory Pastel with breaking into Amber Mutual Bank.\n\n{sentence}\n"
    accusations = events(run(tmp_path, body), "Accusation")
    assert len(accusations) == 1, accusations
    assert accusations[0]["roles"]["actor"] == [actor], accusations
    assert accusations[0]["roles"]["target"][0] in ("ministry-of-state-security", "main-intelligence-directorate-of-vostria"), accusations


@pytest.mark.parametrize("sentence", [
    "Prosecutors said the men were members of a group that Brannova's Cyber Directorate tracks as Glass Owl.",
    "The three worked for a contractor in Vostria.",
])
def test_no_state_body_named_for_the_accused_means_no_accusation(tmp_path, sentence):
    body = STATE + f"Brannovan prosecutors have charged Varo Klint with breaking into Amber Mutual Bank.\n\n{sentence}\n"
    assert events(run(tmp_path, body), "Accusation") == []


@pytest.mark.parametrize("sentence", [
    "The Central Bank of Brannova on Monday asked the country's commercial banks to list every Quarrel Systems product they run.",
    "The Central Bank of Brannova has told the country's commercial banks to disclose their exposure to Quarrel Systems.",
    "The Central Bank of Brannova required the country's commercial banks to report on their use of Quarrel Systems software.",
])
def test_a_regulator_asking_banks_about_a_vendor_reviews_them(tmp_path, sentence):
    (review,) = events(run(tmp_path, STATE + sentence + "\n"), "Review")
    assert review["roles"]["reviewer"] == ["central-bank-of-brannova"], review
    assert review["roles"].get("concernsVendor") == ["quarrel-systems"], review
    assert review["roles"].get("reviewSubject"), review


@pytest.mark.parametrize("sentence", [
    "The Central Bank of Brannova asked the country's commercial banks to list their branches.",
    "The Central Bank of Brannova told the country's commercial banks to identify savings.",
])
def test_a_request_naming_no_vendor_is_no_review(tmp_path, sentence):
    assert events(run(tmp_path, STATE + sentence + "\n"), "Review") == []


@pytest.mark.parametrize("sentence", [
    'Brannova\'s embassy in Calder called the decision "discriminatory" in a post on social media.',
    "The Brannovan Ministry of Commerce described the move as economic coercion.",
    "Brannova firmly opposes the designation of Quarrel Systems, the spokesperson said.",
])
def test_a_protest_at_a_measure_named_by_its_noun_is_at_whoever_took_it(tmp_path, sentence):
    body = STATE + f"Vostria on Monday banned Brannovan chipmaker Quarrel Systems from public tenders.\n\n{sentence}\n"
    protests = events(run(tmp_path, body), "Protest")
    assert len(protests) == 1, protests
    assert protests[0]["roles"].get("target") == ["vostria"], protests


@pytest.mark.parametrize("sentence", [
    'Brannova\'s embassy in Calder called the decision "discriminatory".',
    "Brannova firmly opposes the decision.",
])
def test_no_measure_told_means_no_one_to_protest_at(tmp_path, sentence):
    for protest in events(run(tmp_path, STATE + sentence + "\n"), "Protest"):
        assert not protest["roles"].get("target"), protest


@pytest.mark.parametrize("sentence", [
    'Quarrel Systems, which is based in Calder and sells servers to banks and telecom operators across the region, said it '
    '"firmly rejects" the bureau\'s allegations.',
    "Quarrel Systems denied the Export Bureau's accusations.",
    "Quarrel Systems rejected the bureau's claims, saying it had sold nothing to the military.",
])
def test_denying_a_bodys_allegations_means_that_body_accused(tmp_path, sentence):
    body = STATE + f"The Export Bureau of Vostria added Quarrel Systems to its Entity List.\n\n{sentence}\n"
    records = run(tmp_path, body)
    (denial,) = events(records, "Denial")
    assert denial["roles"]["actor"] == ["quarrel-systems"], denial
    accusations = events(records, "Accusation")
    assert [a["roles"]["target"] for a in accusations] == [["quarrel-systems"]], accusations
    assert accusations[0]["roles"]["actor"] == ["export-bureau-of-vostria"], accusations


# ---------------------------------------------------------------- a state's group, named


@pytest.mark.parametrize("sentence", [
    "Brannova listed three Vostrian enterprises, namely Graylow Devices, Oxden Instruments and Wexley Sensor Systems.",
    "Brannova restricted 22 Vostrian firms and research institutes, including Graylow Devices, Oxden Instruments and Wexley Sensor Systems.",
    "Brannova added Graylow Devices, Oxden Instruments, Wexley Sensor Systems and eight other Vostrian entities to the list.",
])
def test_each_company_named_in_a_states_group_is_of_that_state(tmp_path, sentence):
    countries = relations(run(tmp_path, STATE + sentence + "\n"), "country")
    assert {("graylow-devices", "vostria"), ("oxden-instruments", "vostria"), ("wexley-sensor-systems", "vostria")} <= countries, countries


@pytest.mark.parametrize("sentence", [
    "Graylow Devices competes with Vostrian firms, including state-owned ones.",
    "Graylow Devices and Oxden Instruments sell to Vostrian companies.",
    "Brannova added Graylow Devices to the list.",
])
def test_a_demonym_not_naming_a_group_of_the_companies_gives_no_country(tmp_path, sentence):
    countries = relations(run(tmp_path, STATE + sentence + "\n"), "country")
    assert ("graylow-devices", "vostria") not in countries, countries


# ---------------------------------------------------------------- seats


@pytest.mark.parametrize("sentence", [
    "Quarrel Systems, a manufacturer of telecommunications equipment headquartered in Calder, runs the network.",
    "Quarrel Systems, a third-party provider based in Calder, runs the network.",
    "The data went to servers operated from Calder, Vostria, where Quarrel Systems is headquartered.",
    "Its servers are run from Calder, the Vostrian capital where Quarrel Systems is headquartered.",
    "Part of the data sat in a data centre in Calder, where Quarrel Systems has its headquarters.",
])
def test_more_ways_of_stating_a_seat(tmp_path, sentence):
    records = run(tmp_path, STATE + "Ministers met in the city of Calder.\n\n" + sentence + "\n")
    assert ("quarrel-systems", "calder") in relations(records, "headquarters"), relations(records, "headquarters")


# ---------------------------------------------------------------- chairs


@pytest.mark.parametrize("sentence", [
    "Quarrel Systems chief executive Aksel Morrow said the company would appeal.",
    "Quarrel Systems president Aksel Morrow said the company would appeal.",
])
def test_a_chief_executive_works_for_the_company_and_does_not_chair_it(tmp_path, sentence):
    records = run(tmp_path, STATE + sentence + "\n")
    assert ("aksel-morrow", "quarrel-systems") in relations(records, "worksFor")
    assert relations(records, "chairs") == set()


@pytest.mark.parametrize("sentence", [
    "Committee chair Hana Prewitt accused Quarrel Systems of wilful blindness.",
    "SCDS chair Hana Prewitt accused Quarrel Systems of wilful blindness.",
])
def test_a_chair_named_with_a_body_word_or_short_form_chairs_that_body(tmp_path, sentence):
    body = STATE + "The Select Committee on Digital Security (SCDS) met on Tuesday.\n\n" + sentence + "\n"
    assert ("hana-prewitt", "select-committee-on-digital-security") in relations(run(tmp_path, body), "chairs")


@pytest.mark.parametrize("sentence", [
    "Minister Teo Amsell said the decision followed a review by the Investment Review Committee (IRC), which he chairs.",
    "Minister Teo Amsell cited a review by the Investment Review Committee, which he heads.",
])
def test_which_he_chairs_names_the_sentences_person(tmp_path, sentence):
    assert ("teo-amsell", "investment-review-committee") in relations(run(tmp_path, STATE + sentence + "\n"), "chairs")


@pytest.mark.parametrize("sentence", [
    "The council, which is chaired by Economy Minister Sandor Kell, has 90 days to decide.",
    "The council, which is chaired by Trade Minister Sandor Kell, must now decide.",
])
def test_the_council_chaired_by_is_the_storys_council(tmp_path, sentence):
    body = STATE + "Pemberly asked the Foreign Investment Review Council to clear the deal.\n\n" + sentence + "\n"
    assert ("sandor-kell", "foreign-investment-review-council") in relations(run(tmp_path, body), "chairs")


# ---------------------------------------------------------------- who works for whom


@pytest.mark.parametrize("sentence, body", [
    ("Caspar Dunmore, Executive Director of Enforcement and Market Oversight at the OFSA, said the fine was fair.",
     "orvanth-financial-supervisory-authority"),
    ("Clem Ardley, Executive Director of Enforcement at the Banking Supervision Commission, said: \"We act.\"",
     "banking-supervision-commission"),
    ("Tobias Rensh, the Export Bureau's Under-Secretary for Strategic Trade, told reporters the list would grow.", "export-bureau"),
])
def test_a_title_in_apposition_names_its_body_after_at_or_before_s(tmp_path, sentence, body):
    prefix = "The Export Bureau and the Banking Supervision Commission met the Orvanth Financial Supervisory Authority (OFSA).\n\n"
    works = relations(run(tmp_path, STATE + prefix + sentence + "\n"), "worksFor")
    person = {"Caspar": "caspar-dunmore", "Clem": "clem-ardley", "Tobias": "tobias-rensh"}[sentence.split()[0]]
    assert works == {(person, body)}, works


@pytest.mark.parametrize("sentence", [
    "Deputy Governor Annika Strand said concentration was a risk.",
    "Governor Annika Strand said concentration was a risk.",
])
def test_a_governor_works_for_the_central_bank_not_a_commercial_bank(tmp_path, sentence):
    body = (STATE + "The Central Bank of Brannova (CBB) fined Pell Bank.\n\nPell Bank paid the fine.\n\nThe CBB said more work was needed.\n\n"
            "Pell Bank said it had improved.\n\n" + sentence + "\n")
    assert relations(run(tmp_path, body), "worksFor") == {("annika-strand", "central-bank-of-brannova")}


@pytest.mark.parametrize("sentence", [
    '"Outsourcing is no excuse," FSAB Director General Una Pell said in a statement.',
    "FSAB spokeswoman Una Pell said the review was complete.",
])
def test_a_short_form_before_a_title_names_the_body(tmp_path, sentence):
    body = STATE + "The Financial Supervisory Authority of Brannova (FSAB) fined Pell Bank.\n\n" + sentence + "\n"
    assert ("una-pell", "financial-supervisory-authority-of-brannova") in relations(run(tmp_path, body), "worksFor")


# ---------------------------------------------------------------- trials


@pytest.mark.parametrize("sentence", [
    "Pell Bank had no tested fallback for its card system, which ran on Quarrel Systems servers.",
    "The regulator directed Pell Bank to submit a documented and tested exit plan for workloads hosted by Quarrel Systems.",
    "The regulator said Pell Bank had not tested the new system, supplied by Quarrel Systems, properly.",
    'Pell Bank argues that Quarrel Systems pushed an update "without adequate testing or any staged deployment".',
])
def test_a_trial_denied_done_without_or_tested_as_an_adjective_is_no_trial(tmp_path, sentence):
    assert events(run(tmp_path, STATE + sentence + "\n"), "Trial") == []


@pytest.mark.parametrize("sentence", [
    "Pell Bank began a trial of Quarrel Systems servers in 2021.",
    "Pell Bank has tested servers made by Quarrel Systems since May.",
    "Pell Bank is trialling Quarrel Systems servers in two branches.",
])
def test_a_trial_said_is_a_trial(tmp_path, sentence):
    (trial,) = events(run(tmp_path, STATE + sentence + "\n"), "Trial")
    assert trial["roles"]["actor"] == ["pell-bank"] and trial["roles"]["concernsVendor"] == ["quarrel-systems"], trial


# ---------------------------------------------------------------- incidents


@pytest.mark.parametrize("sentence", [
    "A faulty update to Quarrel Software's Warden security agent crashed computers at Pell Bank and Moss Bank.",
    "Quarrel Software makes Warden, software that sits on servers to detect intrusions. The outage hit Pell Bank and Moss Bank.",
    "Intruders breached Pell Bank through a flaw in the Warden remote-access appliance supplied by Quarrel Software.",
])
def test_a_vendors_product_is_no_victim_and_what_it_guards_against_is_no_incident(tmp_path, sentence):
    records = run(tmp_path, STATE + sentence + "\n")
    hit = {t for kind in ("Outage", "Incident") for e in events(records, kind) for t in e["roles"].get("target", [])}
    assert "warden" not in hit, hit
    assert all("warden" not in _participants(e) for e in events(records, "Incident")), events(records, "Incident")
    if "detect" in sentence:
        assert events(records, "Incident") == [], events(records, "Incident")


def test_a_bank_named_after_a_states_possessive_is_still_hit(tmp_path):
    body = STATE + "A faulty update from Quarrel Software crashed systems at Brannova's Pell Savings Bank on Monday.\n"
    hit = {t for kind in ("Outage", "Incident") for e in events(run(tmp_path, body), kind) for t in e["roles"].get("target", [])}
    assert "pell-savings-bank" in hit, hit


# ---------------------------------------------------------------- orders over a product named after its maker


@pytest.mark.parametrize("sentence", [
    "Brannova on Monday ordered every government ministry and agency to remove the Tessel Talk messaging app from official phones.",
    "The ministry told all central government departments to uninstall the Tessel Talk app by Dec. 31.",
])
def test_an_order_to_remove_a_product_named_after_its_maker_reaches_the_maker(tmp_path, sentence):
    body = STATE + "Tessel Software makes chat apps.\n\n" + sentence + "\n"
    (order,) = events(run(tmp_path, body), "Directive")
    assert order["roles"].get("replacedVendor") == ["tessel-software"], order


def test_a_product_whose_first_word_names_no_single_vendor_reaches_no_one(tmp_path):
    body = STATE + "Tessel Software and Tessel Labs make apps.\n\nThe ministry told all departments to uninstall the Tessel Talk app.\n"
    assert events(run(tmp_path, body), "Directive") == []


@pytest.mark.parametrize("sentence", [
    "The Telecoms Authority had relied on the assessment of the National Cyber Directorate about Quarrel Systems.",
    "The Telecoms Authority gave great weight to the National Cyber Directorate's assessment of Quarrel Systems.",
])
def test_the_author_of_an_assessment_is_its_only_reviewer(tmp_path, sentence):
    body = STATE + "The National Cyber Directorate tests equipment.\n\n" + sentence + "\n"
    for review in events(run(tmp_path, body), "Review"):
        assert review["roles"]["reviewer"] == ["national-cyber-directorate"], review


@pytest.mark.parametrize("sentence", [
    "Brannova placed Quarrel Systems on its Entity List, accusing it of diverting chips to the Vostrian armed forces.",
    "More than a dozen lawmakers accused the Vostrian vendor of hiding where its servers are run.",
])
def test_a_demonym_describing_a_noun_is_not_the_accused(tmp_path, sentence):
    for accusation in events(run(tmp_path, STATE + sentence + "\n"), "Accusation"):
        assert "vostria" not in accusation["roles"].get("target", []), accusation
