"""Places on a fourth held-out set (`tests/fixtures/labeled/places_round4.yml`).

The set was written and labeled before the normalizer was run on it: office lists of
abbreviations, US regions, Brazilian state codes that are also country codes, Workday
three-letter country prefixes, LinkedIn metropolitan areas, Japanese / Korean / Chinese cities
in local script, the Middle East and Africa, Eastern Europe, remote and hybrid variants, street
addresses outside the US, same-named cities and non-place words. On its first run (code at
61c32f8) it scored 0.874 (159/182); failure classes were then fixed (0.967, 176/182), so the
score says what the rules cover and the first run estimates unseen text. Left: 'Waterloo / NYC /
SF' (the other offices support Waterloo, Iowa), 'Vitória, ES' (Spain's Vitoria: accents are
folded away), known districts before their city ('Shibuya, Tokyo', 'Dubai Internet City' stay
the district, as 'Canary Wharf, London' does), 'Silicon Valley' (a hand-kept pseudo-city) and
'Dublin, OH' (a GeoNames suburb has no OEWS metro). `scripts/score_pay_places.py --set
places_round4.yml` prints it per class. The rule tests below use strings outside the set.
"""

from __future__ import annotations

from collections import Counter

import pytest

from analytics.normalize.locations import parse_location
from tests.analytics.normalize.labeled_pay_places import labeled_cases, scored_places

# 0.967 after the fixes (0.874 on the first run); a miss or so is allowed
REQUIRED_PLACE_ACCURACY = 0.96


def test_places_round4_labeled_set_per_class() -> None:
    cases = labeled_cases("places_round4.yml")
    assert len(cases) >= 150
    kinds = Counter(c["kind"] for c in cases)
    assert kinds["east_asia"] >= 10 and kinds["brazil"] >= 10 and kinds["trap"] >= 10
    scored = scored_places(cases)
    print("\nplaces_round4:", scored.summary())
    assert scored.accuracy >= REQUIRED_PLACE_ACCURACY, "\n".join(scored.misses)


# --- the failure classes, on strings outside the labeled set ---------------------------------


@pytest.mark.parametrize(
    ("text", "city", "country"),
    [
        # prefecture / province, city and ward written without separators
        ("神奈川県横浜市西区", "Yokohama", "JP"),
        ("北京市海淀区", "Beijing", "CN"),
        ("부산광역시 해운대구", "Busan", "KR"),
        # a ward before its city, in English; a Japanese postcode
        ("Adachi-ku, Tokyo", "Tokyo", "JP"),
        ("Jung-gu, Incheon", "Incheon", "KR"),
        ("3-4-5 Nishi-Shinjuku, Shinjuku-ku, Tokyo 160-0023", "Tokyo", "JP"),
    ],
)
def test_east_asian_addresses_are_their_city(text: str, city: str, country: str) -> None:
    got = parse_location(text)
    assert (got["city"], got["country"]) == (city, country), got


@pytest.mark.parametrize(
    ("text", "city", "country"),
    [
        # Dutch postcodes end in two letters
        ("3011 AD Rotterdam", "Rotterdam", "NL"),
        ("Keizersgracht 1, 1015 CJ Amsterdam", "Amsterdam", "NL"),
        # a numbered district after its city
        ("Praha 10", "Prague", "CZ"),
        ("Budapest 13", "Budapest", "HU"),
        # office days are no place (and "Mon" is no town in Nagaland)
        ("Hybrid (Mon/Wed), Seattle, WA", "Seattle", "US"),
        ("Hybrid - Tuesdays & Thursdays in office, Boston", "Boston", "US"),
        ("Hybrid (Tue/Thu) - Denver, CO", "Denver", "US"),
    ],
)
def test_postcodes_districts_and_office_days(text: str, city: str, country: str) -> None:
    got = parse_location(text)
    assert (got["city"], got["country"]) == (city, country), got


@pytest.mark.parametrize(
    ("text", "city", "region"),
    [
        # a Brazilian state code that is also a country code, before the country: no country list
        ("Salvador, BA, Brasil", "Salvador", "BA"),
        ("Aracaju, SE, Brasil", "Aracaju", "SE"),
    ],
)
def test_state_codes_before_their_country_are_no_list(text: str, city: str, region: str) -> None:
    got = parse_location(text)
    assert (got["city"], got["region"], got["country"]) == (city, region, "BR"), got


def test_country_lists_stay_lists() -> None:
    assert parse_location("DE, AT, CH")["country"] == "DE"
    assert parse_location("Brasil, Argentina, Chile")["country"] == "BR"


@pytest.mark.parametrize(
    ("text", "city", "region"),
    [
        # South African province codes, some of them other countries' codes (Guadeloupe, Ecuador)
        ("Pretoria, GP", "Pretoria", "GP"),
        ("Port Elizabeth, EC", "Gqeberha", "EC"),
        ("Sandton, Gauteng", None, "GP"),
        ("Polokwane", "Polokwane", "LP"),
    ],
)
def test_south_african_provinces(text: str, city: str | None, region: str) -> None:
    got = parse_location(text)
    assert (got["city"], got["region"], got["country"]) == (city, region, "ZA"), got


@pytest.mark.parametrize(
    ("text", "region", "country"),
    [
        # a side of a state or nation is the state
        ("Northern New Jersey", "NJ", "US"),
        ("Western Pennsylvania, USA", "PA", "US"),
        ("South Wales", "WLS", "GB"),
        ("Southwestern Ontario, Canada", "ON", "CA"),
        # a region whose name holds a time zone's word
        ("Pacific Northwest (Hybrid)", None, "US"),
    ],
)
def test_sides_of_states_and_us_regions(text: str, region: str | None, country: str) -> None:
    got = parse_location(text)
    assert (got["city"], got["region"], got["country"]) == (None, region, country), got


def test_a_side_of_a_country_is_not_a_state() -> None:
    # "Jersey" is the island (a country), no state: the side stays unread
    assert parse_location("South Jersey")["country"] is None


@pytest.mark.parametrize(
    ("text", "region", "country"),
    [
        # a metro's secondary city named like another state or province: alone, the region
        ("Ontario", "ON", "CA"),
        ("Remote - Ontario", "ON", "CA"),
        ("Wyoming", "WY", "US"),
    ],
)
def test_a_region_alone_is_not_a_small_city_named_so(text: str, region: str, country: str) -> None:
    got = parse_location(text)
    assert (got["city"], got["region"], got["country"]) == (None, region, country), got


def test_a_small_city_named_like_a_region_with_its_state_is_the_city() -> None:
    # controls: the state's evidence keeps the city
    assert parse_location("Ontario, California")["city"] == "Ontario"
    assert parse_location("Wyoming, MI")["city"] == "Wyoming"


@pytest.mark.parametrize(
    ("text", "city", "country"),
    [
        # offices listed with commas, in several countries: the first, though a later one is also
        # a state ("Berlin", "Hamburg", "New York", "Bremen")
        ("Toronto, Berlin, London", "Toronto", "CA"),
        ("Amsterdam, Berlin, Lisbon", "Amsterdam", "NL"),
        ("Dublin, Hamburg, New York", "Dublin", "IE"),
        ("Austin, Bremen, Toronto", "Austin", "US"),
    ],
)
def test_comma_lists_of_cities_are_their_first(text: str, city: str, country: str) -> None:
    got = parse_location(text)
    assert (got["city"], got["country"]) == (city, country), got


def test_a_city_and_its_containers_are_no_list() -> None:
    # controls: a city, its state and country
    assert parse_location("Vancouver, Washington, USA")["region"] == "WA"
    assert parse_location("Kingston, Ontario, Canada")["region"] == "ON"


@pytest.mark.parametrize(
    ("text", "city", "metro_code"),
    [
        # GeoNames names of hand-kept cities keep the hand city's name and OEWS metro
        ("Vegas", "Las Vegas", "0029820"),
        ("Nueva York", "New York", "0035620"),
        ("Filadelfia", "Philadelphia", "0037980"),
    ],
)
def test_other_names_of_us_cities_keep_their_metro(text: str, city: str, metro_code: str) -> None:
    got = parse_location(text)
    assert (got["city"], got["metro_code"]) == (city, metro_code), got
