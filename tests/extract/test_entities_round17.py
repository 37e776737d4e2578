"""Entity rules of the fifth session on issue 13 (invented names): a company whose name begins like a people's
word is no state."""

from __future__ import annotations

import pytest

from tests.extract.story import entity_types


@pytest.mark.parametrize("company", ["Odracom", "Odralink", "Odratel"])
def test_a_company_that_begins_like_a_demonym_is_no_state(company):
    body = (f"The Odravian Communications Commission has ordered the country's two largest mobile operators, {company} and "
            f"Bluefjord Mobile, to remove equipment supplied by Harkvale Networks.\n\n{company} said it would comply.\n")
    types = entity_types(body)
    assert types.get(company) != "Country", types


@pytest.mark.parametrize("state, people", [("Maravesh", "Maravesian"), ("Dolmaris", "Dolmarian"), ("Tharnland", "Tharnish"),
                                           ("Kessaly", "Kessalian")])
def test_a_state_and_its_peoples_word_are_still_one_state(state, people):
    body = (f"{state} has added three companies to its export control list.\n\nThe {people} Ministry of Commerce said "
            f"the {people} measures would take effect on Monday.\n")
    types = entity_types(body)
    assert types.get(state) == "Country", types
