"""The bundled questions across events, asked of the real curated facts (facts/, eighteen
events and the seed article): each answers something, and a few answers a reader of the
dossier can check — Huawei acted on by several countries' regulators, the OCC's fine of
Capital One, the Entity List, chains of responses that cross disputes.

The exact rows of each query are asserted on the fictional dataset (test_query_named.py);
these checks name only facts the dossier's sources state, so curating more events keeps
them true."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.read.query import run_query
from kg.read.results import compact

ROOT = Path(__file__).resolve().parents[2]
BASE = "https://example.org/kg/"

# Every bundled query this file covers, with parameters that have answers in facts/.
FIELD_QUERIES = {
    "vendors-acted-on-by-several-countries": {},
    "actions-against-vendor": {"vendor": "huawei"},
    "response-chains": {},
    "penalties": {},
    "penalties-by-regulator": {},
    "banks-and-vendors": {},
    "regulator-actions-by-year": {},
    "restriction-lists": {},
    "restrictions-in-force": {"vendor": "huawei", "date": "2020-07-01"},
    "dispute-timeline": {"dispute": "2020-occ-capital-one-fine"},
}


@pytest.fixture(scope="session")
def field(tmp_path_factory) -> Path:
    """``kg build --no-extract`` of the repository's facts/ and seeds/."""
    from kg.build.graph import run_build

    out = tmp_path_factory.mktemp("field-out")
    run_build(ROOT / "facts", ROOT / "seeds", out, extract=False, root=ROOT)
    return out


def ask(out: Path, query: str, **params: str) -> list[dict[str, str]]:
    """The rows of a bundled query, each a dict of compact cells ("" when unbound)."""
    answer = run_query(out, query, params=params, timeout=None)
    return [{v: (compact(t, BASE) if t is not None else "") for v, t in zip(answer.variables, row, strict=True)}
            for row in answer.rows]


@pytest.mark.parametrize("query", sorted(FIELD_QUERIES))
def test_every_field_query_answers(query: str, field: Path) -> None:
    rows = ask(field, query, **FIELD_QUERIES[query])
    assert rows, f"{query} returned no row on facts/"
    if "source" in rows[0]:
        assert all(r["source"].startswith("source:") for r in rows), query
    if "origin" in rows[0]:
        assert {r["origin"] for r in rows} <= {"curated", "corroborated", "extracted"}, query


def test_huawei_is_acted_on_by_regulators_of_three_countries(field: Path) -> None:
    rows = [r for r in ask(field, "vendors-acted-on-by-several-countries") if r["vendor"] == "id:huawei"]
    countries = {r["country"] for r in rows}
    assert {"id:united-states", "id:sweden", "id:australia"} <= countries
    assert int(rows[0]["countries"]) == len(countries) >= 3
    bis = next(r for r in rows if r["regulator"] == "id:bureau-of-industry-and-security")
    assert bis["first"] <= "2019-05-15" <= bis["last"]


def test_actions_against_huawei_in_date_order_across_disputes(field: Path) -> None:
    rows = ask(field, "actions-against-vendor", vendor="huawei")
    dated = [r["when"] for r in rows if r["when"]]
    assert dated == sorted(dated)
    assert len({r["dispute"] for r in rows}) >= 4
    listing = [r for r in rows if r["action"] == "id:bis-adds-huawei-to-entity-list-2019"]
    assert listing and {r["kind"] for r in listing} == {"EntityListing"} and listing[0]["role"] == "target"
    assert "id:bureau-of-industry-and-security" in {r["actor"] for r in listing}


def test_response_chains_follow_links_and_cross_disputes(field: Path) -> None:
    rows = ask(field, "response-chains")
    # China's Unreliable Entity List answers the whole 2019 Huawei dispute, another dispute.
    cross = [r for r in rows if r["response"] == "id:mofcom-announces-unreliable-entity-list"
             and r["answered"] == "id:2019-huawei-entity-list-eo-13873"]
    assert cross and cross[0]["responseDispute"] == "id:2019-china-unreliable-entity-list"
    assert cross[0]["answeredDispute"] == "id:2019-huawei-entity-list-eo-13873"
    # The ZTE denial order: the lifting is five links from BIS's finding of false statements.
    lift = next(r for r in rows if r["response"] == "id:commerce-lifts-zte-denial-order")
    assert lift["chain"] == "id:bis-finds-zte-false-statements-on-discipline" and lift["step"] == "5"
    assert lift["answered"] == "id:commerce-zte-settlement-june-2018"


def test_occ_fine_of_capital_one(field: Path) -> None:
    fines = [r for r in ask(field, "penalties") if r["penalty"] == "id:occ-fines-capital-one-80-million"]
    assert [(r["actor"], r["target"], r["amount"], r["currency"], r["date"]) for r in fines] == [
        ("id:office-of-the-comptroller-of-the-currency", "id:capital-one", "80000000", "USD", "2020-08-06")]
    totals = {(r["regulator"], r["currency"]): r for r in ask(field, "penalties-by-regulator")}
    occ = totals[("id:office-of-the-comptroller-of-the-currency", "USD")]
    assert (occ["penalties"], occ["total"], occ["country"]) == ("1", "80000000", "id:united-states")
    assert ("id:cyberspace-administration-of-china", "CNY") in totals


def test_banks_and_the_vendors_behind_their_troubles(field: Path) -> None:
    pairs = {(r["bank"], r["vendor"], r["event"]) for r in ask(field, "banks-and-vendors")}
    assert ("id:capital-one", "id:amazon-web-services", "id:occ-fines-capital-one-80-million") in pairs
    assert ("id:capital-one", "id:amazon-web-services", "id:capital-one-discloses-2019-data-breach") in pairs
    assert ("id:tsb-bank", "id:sabis", "id:fca-pra-fine-tsb-48-65-million") in pairs
    assert any(bank != "id:tsb-bank" and vendor == "id:crowdstrike" for bank, vendor, _ in pairs)


def test_regulator_actions_by_year(field: Path) -> None:
    rows = ask(field, "regulator-actions-by-year")
    count = {(r["regulator"], r["year"], r["kind"]): int(r["actions"]) for r in rows}
    assert count[("id:bureau-of-industry-and-security", "2019", "EntityListing")] >= 2
    assert count[("id:office-of-the-comptroller-of-the-currency", "2020", "Fine")] >= 1


def test_restriction_lists(field: Path) -> None:
    rows = ask(field, "restriction-lists")
    huawei = [r for r in rows if r["list"] == "Entity List" and r["entity"] == "id:huawei"]
    assert ("2019-05-15", "id:bureau-of-industry-and-security") in {(r["added"], r["listedBy"]) for r in huawei}
    assert {"Entity List", "Unreliable Entity List"} <= {r["list"] for r in rows}


def test_restrictions_in_force_on_a_day(field: Path) -> None:
    def in_force(vendor: str, date: str) -> set[str]:
        return {r["restriction"] for r in ask(field, "restrictions-in-force", vendor=vendor, date=date)}

    assert "id:bis-adds-huawei-to-entity-list-2019" in in_force("huawei", "2020-07-01")
    assert "id:bis-adds-huawei-to-entity-list-2019" not in in_force("huawei", "2019-05-14")
    assert "id:bis-bans-kaspersky-antivirus-in-us" in in_force("kaspersky-lab", "2024-07-01")
    assert "id:bis-bans-kaspersky-antivirus-in-us" not in in_force("kaspersky-lab", "2024-06-19")
    # A month counts from its first day: the Entity List entry dated 2019-05 is in force on 2019-05-01.
    assert "id:us-commerce-adds-huawei-to-entity-list-may-2019" in in_force("huawei", "2019-05-01")
    assert "id:us-commerce-adds-huawei-to-entity-list-may-2019" not in in_force("huawei", "2019-04-30")
