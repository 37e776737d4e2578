"""Entity rules found by the fourth round on the blind dev articles: finance that is no bank,
groups named by a count, an owner, a partitive or a list of public bodies, a group named
again by its count, "Government" in a body's name, states read from a seat's ending, from a
body's name or from a people's word before a group, and the publisher's short name.
Every name is invented."""

from __future__ import annotations

import pytest

from kg.extract.cleanup import clean
from kg.extract.entities import find_entities
from kg.extract.linking import Catalog
from kg.extract.pipeline import _is_publisher
from kg.extract.sentences import analyse
from tests.extract.story import entities, run


def groups(body: str) -> dict[str, set[str]]:
    """Each group the entity stage finds in ``body``: the name it would get → its other names."""
    text = clean(body)
    tokens, sentences = analyse(text)
    doc = find_entities(text, tokens, sentences, Catalog([]))
    found: dict[str, set[str]] = {}
    for group in doc.collectives:
        for c in group:
            name = c.extra.get("name") or c.text
            found.setdefault(name, set()).update(n for n in (c.text, c.extra.get("alias")) if n and n != name)
    return found


def named(found: dict[str, set[str]]) -> set[str]:
    return set(found) | {a for aliases in found.values() for a in aliases}


# --- Brokers, funds and exchanges are organisations, not banks ------------------------------

@pytest.mark.parametrize("name", ["Harrowgate Marsh Securities", "Veldmoor State Industrial Investment Fund",
                                  "Tarnby Stock Exchange", "Quellin Pension Funds"])
def test_finance_that_takes_no_deposits_is_an_organization(tmp_path, name):
    body = f"The Corvel Conduct Commission fined {name} and Ostrel Savings Bank on Monday over their cloud contracts.\n"
    found = entities(run(tmp_path, body))
    assert found.get(name) == "Organization", found
    assert found.get("Ostrel Savings Bank") == "Bank", found


# --- Groups named by a count, an owner or a partitive ----------------------------------------

@pytest.mark.parametrize("body, group", [
    ("Card payments at nine banks failed for most of the morning.\n", "nine banks"),
    ("The regulator wrote to 12 lenders on Friday.\n", "12 lenders"),
    ("A faulty update knocked out banks and an airline.\n", None),
    ("Under the order:\n\n- operators must remove the gear by Dec. 31.\n", None),
])
def test_a_count_alone_names_a_group_and_a_particle_or_dash_does_not(body, group):
    found = named(groups(body))
    if group is None:
        assert not any(g.startswith(("out ", "- ")) for g in found), found
    else:
        assert group in found, found


@pytest.mark.parametrize("body, name, written", [
    ("The watchdog asked the country's commercial banks to list every Corvel product they run.\n",
     "commercial banks", "the country's commercial banks"),
    ("The order says the country's four largest carriers must remove Corvel equipment.\n",
     "four largest carriers", "the country's four largest carriers"),
    ("The nation's eleven largest banks must report by March.\n", "eleven largest banks", "The nation's eleven largest banks"),
])
def test_the_story_state_owning_a_group_stays_in_its_written_name(body, name, written):
    found = groups(body)
    assert name in found and written in found[name], found


@pytest.mark.parametrize("body, group", [
    ("The outage halted card payments at three of the country's largest banks on Tuesday.\n",
     "three of the country's largest banks"),
    ("Regulators in Brindavia said two of Brindavia's biggest lenders were affected.\n", "two of Brindavia's biggest lenders"),
])
def test_a_count_of_an_owned_group_is_part_of_its_name(body, group):
    assert group in groups(body), groups(body)


def test_a_verb_after_a_plural_subject_is_no_modifier():
    found = named(groups("The review covers how the country's eleven largest banks oversee critical technology suppliers.\n"))
    assert "critical technology suppliers" in found and not any("oversee" in g for g in found), found


@pytest.mark.parametrize("body, name, alias", [
    ("- operators of critical infrastructure in Brindavia may no longer buy Corvel gear;\n",
     "Operators of critical infrastructure", "Operators of critical infrastructure in Brindavia"),
    ("Holders of state contracts in Ostrelia must certify the change.\n", "Holders of state contracts",
     "Holders of state contracts in Ostrelia"),
])
def test_where_a_qualified_group_is_stays_a_name_of_it(body, name, alias):
    found = groups(body)
    assert alias in found.get(name, set()), found


@pytest.mark.parametrize("body, first, again", [
    ("The watchdog reviewed the country's five systemically important banks. It said the five banks rely on Corvel.\n",
     "five systemically important banks", "five banks"),
    ("Nine regional lenders were hit. By noon the nine lenders had restored payments.\n", "Nine regional lenders", "nine lenders"),
])
def test_a_group_named_again_by_its_count_is_the_same_group(body, first, again):
    found = groups(body)
    assert again not in found and again in found.get(first, set()), found


@pytest.mark.parametrize("body, name", [
    ("Brindavia on Monday ordered every government ministry and agency to remove the Corvel app.\n",
     "government ministry and agency"),
    ("The Ministry has directed all central government departments and agencies to remove the app.\n",
     "central government departments and agencies"),
    ("The designation means government agencies and state-owned firms may no longer sign contracts with Corvel.\n",
     "government agencies and state-owned firms"),
    ("The directive requires all ministries, agencies and other central government bodies to uninstall it.\n",
     "ministries, agencies and other central government bodies"),
])
def test_a_list_of_public_bodies_is_one_group(body, name):
    found = groups(body)
    assert name in found, found
    assert not any(g != name and g in name for g in found), found  # its parts are not groups of their own


def test_a_group_taking_no_part_is_not_listed(tmp_path):
    found = entities(run(tmp_path, "Corvel Systems said that regional banks were among its customers.\n"))
    assert "regional banks" not in found, found


# --- Names ------------------------------------------------------------------------------------

@pytest.mark.parametrize("body, body_name", [
    ("The findings have been submitted to the Government Security Council.\n", "Government Security Council"),
    ("Corvel said it had briefed the Government Digital Service in March.\n", "Government Digital Service"),
    ("The Government Procurement Office declined to comment on Corvel Systems.\n", "Government Procurement Office"),
])
def test_government_begins_a_public_body_name(tmp_path, body_name, body):
    found = entities(run(tmp_path, body))
    assert found.get(body_name) == "Regulator", found


@pytest.mark.parametrize("name, publisher", [
    ("Courier", "Glenmoor Daily Courier (fictional)"), ("the Courier", "Amberlo Courier"), ("Ledger", "Nowhere Ledger"),
    ("Glenmoor Daily Courier", "Glenmoor Daily Courier"),
])
def test_a_paper_calls_itself_by_its_title_last_word(name, publisher):
    assert _is_publisher(name, publisher)


@pytest.mark.parametrize("name, publisher", [("Daily", "Glenmoor Daily Courier"), ("Glenmoor Courier", "Glenmoor Daily Courier")])
def test_other_words_of_the_title_are_not_the_paper(name, publisher):
    assert not _is_publisher(name, publisher)


# --- States -------------------------------------------------------------------------------------

@pytest.mark.parametrize("body, state", [
    ("Corvel was bought by Osterlin Partners, a private equity firm headquartered in Jundavia.\n", "Jundavia"),
    ("Corvel Systems, which is based in Almorra, declined to comment.\n", "Almorra"),
    ("The chips went through Tallowmere Trading, a company in Iskarna, and on to Corvel.\n", "Iskarna"),
    ("Corvel Systems is headquartered in Norland and sells to banks.\n", "Norland"),
])
def test_a_seat_with_a_state_ending_is_a_state(tmp_path, body, state):
    assert entities(run(tmp_path, body)).get(state) == "Country"


@pytest.mark.parametrize("body, town", [
    ("Corvel Systems, which is headquartered in Holvik, declined to comment.\n", "Holvik"),
    ("Corvel Systems is headquartered in Tarnavera, Brindavia, and sells to banks.\n", "Tarnavera"),
    ("Corvel Systems, which is based in Durnhaven, declined to comment.\n", "Durnhaven"),
])
def test_a_town_seat_is_no_state(tmp_path, body, town):
    assert entities(run(tmp_path, body)).get(town) != "Country"


@pytest.mark.parametrize("body, state", [
    ("Corvel Bank agreed to pay €18.5m to settle an investigation by the Financial Supervisory Board of Oskavia (FSB).\n",
     "Oskavia"),
    ("The Prudential Authority of Brenmark fined Corvel Bank on Monday.\n", "Brenmark"),
])
def test_a_state_named_only_in_its_body_name_is_listed(tmp_path, body, state):
    assert entities(run(tmp_path, body)).get(state) == "Country"


@pytest.mark.parametrize("body, word", [
    ("The Ministry of Commerce fined Corvel Systems on Monday.\n", "Commerce"),
    ("The Board of Trade fined Corvel Systems, a blow to its trade with banks.\n", "Trade"),
])
def test_a_portfolio_or_common_word_after_of_is_no_state(tmp_path, body, word):
    assert entities(run(tmp_path, body)).get(word) != "Country"


@pytest.mark.parametrize("body, demonym", [
    ("The Ferrow Conduct Commission is reviewing how several Ferrowan banks rely on Tessaline Cloud.\n", "Ferrowan"),
    ("The regulator said 14 Almorran lenders had used Corvel Cloud.\n", "Almorran"),
    ("Corvel Systems sold its gear to Brenmarkan state-owned carriers last year.\n", "Brenmarkan"),
])
def test_a_peoples_word_before_a_group_is_a_state(tmp_path, body, demonym):
    found = entities(run(tmp_path, body))
    assert found.get(demonym) in (None, "Country"), found
