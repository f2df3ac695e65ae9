"""Two-letter codes that are both a state / province code and a country code ("CA" California or
Canada, "IN" Indiana or India, "NL" Newfoundland or the Netherlands, "PE" Pernambuco, Prince
Edward Island or Peru): `analytics.normalize.locations` decides by context.

- A city the gazetteer knows under only one reading decides ("Pune, IN" is India,
  "Indianapolis, IN" Indiana, "Salvador, BA" Bahia, not Bosnia).
- A city known under both follows the code's most common reading, a US state before a country
  ("Richmond, CA" is California, not Richmond BC).
- A bare code is a US state before a country ("Remote - CA"), a country before another
  country's province ("Remote - NL" is the Netherlands), unless a hint names the country.
- A list of countries is its first country ("DE, AT, CH" is Germany, not Delaware).
- A region hint is read in the country the country hint names (region "CA", country "it" is
  Cagliari's province, not California).
"""

from __future__ import annotations

import pytest

from analytics.normalize.locations import parse_location


@pytest.mark.parametrize(
    ("text", "city", "region", "country"),
    [
        # the city decides
        ("Toronto, CA", "Toronto", "ON", "CA"),
        ("San Diego, CA", "San Diego", "CA", "US"),
        ("Pune, IN", "Pune", "MH", "IN"),
        ("Indianapolis, IN", "Indianapolis", "IN", "US"),
        ("Berlin, DE", "Berlin", "BE", "DE"),
        ("Wilmington, DE", "Wilmington", "DE", "US"),
        ("Medellín, CO", "Medellín", "ANT", "CO"),
        ("Denver, CO", "Denver", "CO", "US"),
        ("Tirana, AL", "Tirana", None, "AL"),
        ("Casablanca, MA", "Casablanca", None, "MA"),
        ("Boston, MA", "Boston", "MA", "US"),
        ("Amsterdam, NL", "Amsterdam", "NH", "NL"),
        ("Lima, PE", "Lima", None, "PE"),
        # Brazilian states written as their two-letter code ("City, UF")
        ("Salvador, BA", "Salvador", "BA", "BR"),
        ("Recife, PE", "Recife", "PE", "BR"),
        ("Maceió, AL", "Maceió", "AL", "BR"),
        ("Belém, PA", "Belém", "PA", "BR"),
        ("Manaus, AM", "Manaus", "AM", "BR"),
        ("Aracaju, SE", "Aracaju", "SE", "BR"),
        ("Natal, RN", "Natal", "RN", "BR"),
        # a city known under both readings: the code's most common one, the US state
        ("Richmond, CA", "Richmond", "CA", "US"),
    ],
)
def test_city_and_code(text: str, city: str, region: str | None, country: str) -> None:
    got = parse_location(text)
    assert (got["city"], got["region"], got["country"]) == (city, region, country), got


@pytest.mark.parametrize(
    ("text", "region", "country"),
    [
        ("Remote - CA", "CA", "US"),  # a US state before a country
        ("IN", "IN", "US"),
        ("Remote - NL", None, "NL"),  # a country before another country's province
        ("PE", None, "PE"),
        ("Remote, ES", None, "ES"),
        ("BA", None, "BA"),
        ("SE", None, "SE"),
        ("ON", "ON", "CA"),  # no country is "ON"
    ],
)
def test_bare_code(text: str, region: str | None, country: str) -> None:
    got = parse_location(text)
    assert (got["city"], got["region"], got["country"]) == (None, region, country), got


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Remote (DE, AT, CH)", "DE"),
        ("Remote - DE/AT/CH", "DE"),
        ("NL, BE, LU", "NL"),
        ("Germany, Austria, Switzerland", "DE"),
        ("Georgia, US", "US"),  # no list: the US state in the US
        ("Pennsylvania / NJ", "US"),
    ],
)
def test_a_list_of_countries_is_its_first(text: str, country: str) -> None:
    got = parse_location(text)
    assert (got["city"], got["country"]) == (None, country), got


@pytest.mark.parametrize(
    ("text", "hints", "country"),
    [
        ("Remote - CA", {"country_hint": "Canada"}, "CA"),
        ("Remote - IN", {"country_hint": "India"}, "IN"),
        ("Richmond", {"region_hint": "CA"}, "US"),
        ("Richmond", {"country_hint": "Canada"}, "CA"),
        # a region hint is read in the hinted country (Italian and Spanish province codes)
        ("Paese", {"city_hint": "Paese", "region_hint": "CA", "country_hint": "it"}, "IT"),
        ("Paese", {"city_hint": "Paese", "region_hint": "TO", "country_hint": "it"}, "IT"),
        ("Pueblo", {"city_hint": "Pueblo", "region_hint": "SE", "country_hint": "es"}, "ES"),
        ("Dorf", {"city_hint": "Dorf", "region_hint": "BY", "country_hint": "de"}, "DE"),
    ],
)
def test_hints_decide_a_code(text: str, hints: dict[str, str], country: str) -> None:
    assert parse_location(text, **hints)["country"] == country
