"""Places on a fifth held-out set (`tests/fixtures/labeled/places_round5.yml`).

The set was written and labeled before the normalizer was run on it: company names and office
words before a place, remote with time zones, postal codes in more countries' shapes, regions
in their own language, exonyms, countries and world regions in other languages, Latin American
and Southeast Asian cities with state codes, same-named world cities told apart by their list
or state, and traps. On its first run (code at 0728c62) it scored 0.776 (194/250); failure
classes were then fixed (0.948, 237/250, with world regions named in German, French, Spanish,
Portuguese, Italian and Dutch), so the score says what the rules cover and the first run
estimates unseen text. Left: 'Asia-Pacífico' (and 'América del Sur': a city's other name,
Pacífico, Sur for Tyre, is read before a world region's alias), regions
whose name is also a small town's or another city's ('Andalucía', 'Antioquia') or is not the
ISO name ('Vlaanderen'), small US towns named like a state or country ('Indiana, PA', 'Mexico,
NY', 'Peru, IL', 'Lebanon, NH', 'Delaware, OH': not in the gazetteer, or a GeoNames name it
never reads as a city), a brand before a city-state ('Phoenix Contact - Berlin' is the state of
Berlin, as 'Alden, New York' is the state), 'Quezon City, NCR' (NCR is Delhi's), 'Frankfurt
(Oder)' and 'Waterloo / New York City / San Francisco' (the other offices support Waterloo,
Iowa). `scripts/score_pay_places.py --set places_round5.yml` prints it per class. The rule
tests below use strings outside the set.
"""

from __future__ import annotations

from collections import Counter

import pytest

from analytics.normalize.locations import parse_location
from tests.analytics.normalize.labeled_pay_places import labeled_cases, scored_places

# 0.948 after the fixes (0.776 on the first run); a miss or so is allowed
REQUIRED_PLACE_ACCURACY = 0.94


def test_places_round5_labeled_set_per_class() -> None:
    cases = labeled_cases("places_round5.yml")
    assert len(cases) >= 150
    kinds = Counter(c["kind"] for c in cases)
    assert kinds["company_prefix"] >= 10 and kinds["postal"] >= 10 and kinds["trap"] >= 10
    scored = scored_places(cases)
    print("\nplaces_round5:", scored.summary())
    assert scored.accuracy >= REQUIRED_PLACE_ACCURACY, "\n".join(scored.misses)


# --- the failure classes, on strings outside the labeled set ---------------------------------


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Regno Unito", "GB"),
        ("Verenigde Staten", "US"),
        ("Remoto - Alemanha", "DE"),
        ("Suíça", "CH"),
        ("Homeoffice, Spanien", "ES"),
    ],
)
def test_country_names_in_other_languages_are_the_country(text: str, country: str) -> None:
    assert parse_location(text)["country"] == country


def test_a_translated_country_name_never_hides_a_city() -> None:
    # French for El Salvador is "Salvador": the Brazilian city keeps the name
    got = parse_location("Salvador")
    assert (got["city"], got["country"]) == ("Salvador", "BR"), got


@pytest.mark.parametrize(
    ("text", "city", "region", "country"),
    [
        # a brand or office name before a known place
        ("Figma San Francisco", "San Francisco", "CA", "US"),
        ("Monzo London", "London", "ENG", "GB"),
        ("Personio Munich HQ", "Munich", "BY", "DE"),
        ("Contoso Brasil", None, None, "BR"),
        # a city and its container without a comma
        ("Pune Maharashtra", "Pune", "MH", "IN"),
        ("Austin Texas", "Austin", "TX", "US"),
    ],
)
def test_words_before_a_known_place_are_a_brand_or_the_places_city(
    text: str, city: str | None, region: str | None, country: str
) -> None:
    got = parse_location(text)
    assert (got["city"], got["region"], got["country"]) == (city, region, country), got


@pytest.mark.parametrize("text", ["South Jersey", "Long Island", "Blue Bell", "Vancouver Island"])
def test_a_place_name_ending_in_another_name_is_not_read_as_that_name(text: str) -> None:
    # a side word, a country's name in German ("Island": Iceland), a small town ("Bell, CA")
    got = parse_location(text)
    assert (got["city"], got["country"]) == (None, None), got


def test_a_world_region_of_several_words_stays_the_region() -> None:
    got = parse_location("Remote, Latin America")
    assert (got["country"], got["place_region"]) == (None, "LATAM"), got


@pytest.mark.parametrize(
    ("text", "city", "country"),
    [
        # a world city keeps its reading whatever the other offices' country
        ("Paris / Austin / Denver", "Paris", "FR"),
        ("Rome / Atlanta", "Rome", "IT"),
        ("Moscow / Seattle", "Moscow", "RU"),
        # a namesake of comparable size still follows the other offices
        ("Kingston / Ottawa", "Kingston", "CA"),
        ("Cambridge / London", "Cambridge", "GB"),
    ],
)
def test_a_world_city_keeps_its_reading_against_other_offices(
    text: str, city: str, country: str
) -> None:
    got = parse_location(text)
    assert (got["city"], got["country"]) == (city, country), got


@pytest.mark.parametrize(
    ("text", "region", "country", "place_region"),
    [
        # US time zones by their letters, together, are no state or country
        ("Remote (CT/MT)", None, None, None),
        ("Remote - PT, MT or CT", None, None, None),
        # a time-zone word after a country or a world region's adjective
        ("Remote, Ireland hours", None, "IE", None),
        ("Remote (European hours)", None, None, "EUROPE"),
        ("Remote - Latin American time zones", None, None, "LATAM"),
        # a code alone is still its state (control)
        ("Hartford, CT", "CT", "US", None),
    ],
)
def test_time_zones_name_no_place_but_their_region(
    text: str, region: str | None, country: str | None, place_region: str | None
) -> None:
    got = parse_location(text)
    assert (got["region"], got["country"], got["place_region"]) == (
        region,
        country,
        place_region,
    ), got


@pytest.mark.parametrize(
    ("text", "city", "country"),
    [
        # Swedish / Czech "NNN NN", Polish "NN-NNN", a country letter before the code, Eircodes
        ("411 04 Göteborg", "Gothenburg", "SE"),
        ("S-411 04 Göteborg", "Gothenburg", "SE"),
        ("02-677 Warszawa", "Warsaw", "PL"),
        ("Cork T12 X70A", "Cork", "IE"),
        # a full UK postcode says the country
        ("Richmond TW9 1EH", "Richmond", "GB"),
        ("Cambridge, CB4 0WS", "Cambridge", "GB"),
    ],
)
def test_postal_codes_of_more_countries(text: str, city: str, country: str) -> None:
    got = parse_location(text)
    assert (got["city"], got["country"]) == (city, country), got


@pytest.mark.parametrize(
    ("text", "country"),
    [("Pirkanmaa", "FI"), ("Gelderland", "NL"), ("Bretagne", "FR"), ("Occitanie", "FR")],
)
def test_other_countries_regions_in_their_own_names_are_the_country(
    text: str, country: str
) -> None:
    got = parse_location(text)
    assert (got["city"], got["country"]) == (None, country), got


@pytest.mark.parametrize("text", ["West", "Midlands", "Centre-Est"])
def test_a_side_named_subdivision_is_no_place(text: str) -> None:
    assert parse_location(text)["country"] is None


@pytest.mark.parametrize(
    ("text", "city", "country"),
    [
        # letters Unicode does not decompose are folded as Latin spellings write them
        ("Đà Lạt", "Ðà Lạt", "VN"),
        ("Đà Nẵng, Việt Nam", "Da Nang", "VN"),
        ("Lodz", "Łódź", "PL"),  # control: GeoNames has the Latin spelling too
    ],
)
def test_undecomposed_letters_fold_like_their_latin_spelling(
    text: str, city: str, country: str
) -> None:
    got = parse_location(text)
    assert (got["city"], got["country"]) == (city, country), got


@pytest.mark.parametrize(
    ("text", "region", "metro_code"),
    [
        # a metro's first-named city across its state line has that metro too
        ("Kansas City, Kansas", "KS", "0028140"),
        ("Texarkana, AR", "AR", "0045500"),
        ("Texarkana, TX", "TX", "0045500"),  # control: the hand-kept one
    ],
)
def test_a_metros_city_across_its_state_line_has_the_metro(
    text: str, region: str, metro_code: str
) -> None:
    got = parse_location(text)
    assert (got["region"], got["metro_code"]) == (region, metro_code), got


@pytest.mark.parametrize(
    ("text", "place_region"),
    [
        ("Lateinamerika", "LATAM"),
        ("Afrique", "AFRICA"),
        ("Amérique latine", "LATAM"),
        ("Weltweit", "WORLD"),
        ("Osteuropa", "CEE"),
        ("Moyen-Orient", "MENA"),
        ("Skandinavien", "NORDICS"),
    ],
)
def test_world_regions_named_in_other_languages(text: str, place_region: str) -> None:
    row = parse_location(text)
    assert (row["country"], row["place_region"]) == (None, place_region)


def test_a_street_named_for_a_region_stays_the_citys_address() -> None:
    row = parse_location("Europa-Allee 12, Frankfurt")
    assert (row["city"], row["country"], row["place_region"]) == ("Frankfurt", "DE", None)
