"""Pay and places on 'wild' text (issue #11, second round).

`tests/fixtures/labeled/pay_wild.yml` and `places_wild.yml` were written and labeled before the
parsers were run on them (held out until then; the rules were since fixed against them, so
their scores now say what the rules cover, and the first-run scores below estimate unseen
text): pay as Indeed, LinkedIn, Glassdoor, Naukri, StepStone, Seek and
government boards print it and US pay-transparency sentences; locations as Workday, Greenhouse,
Indeed, LinkedIn, Naukri and local-language boards print them. Before the fixes (code at
956888e) pay scored 0.924 (n=198) and places 0.870 (n=177); `scripts/score_pay_places.py`
prints the same scores per class. The rule tests below use strings outside the sets.
"""

from __future__ import annotations

from collections import Counter

import pytest

from analytics.normalize.locations import parse_location
from analytics.normalize.salary import parse_salary
from tests.analytics.normalize.labeled_pay_places import (
    labeled_cases,
    scored_pay,
    scored_places,
)

# Both sets score 1.000 at c88137a; one miss is allowed.
REQUIRED_PAY_ACCURACY = 0.99
REQUIRED_PLACE_ACCURACY = 0.99


def test_pay_wild_labeled_set_per_class() -> None:
    cases = labeled_cases("pay_wild.yml")
    assert len(cases) >= 120
    kinds = Counter(c["kind"] for c in cases)
    assert kinds["not_base"] >= 10 and kinds["multi"] >= 5 and kinds["gov"] >= 10
    scored = scored_pay(cases)
    print("\npay_wild:", scored.summary())
    assert scored.accuracy >= REQUIRED_PAY_ACCURACY, "\n".join(scored.misses)


def test_places_wild_labeled_set_per_class() -> None:
    cases = labeled_cases("places_wild.yml")
    assert len(cases) >= 120
    kinds = Counter(c["kind"] for c in cases)
    assert kinds["linkedin"] >= 10 and kinds["workday"] >= 10 and kinds["vague"] >= 5
    scored = scored_places(cases)
    print("\nplaces_wild:", scored.summary())
    assert scored.accuracy >= REQUIRED_PLACE_ACCURACY, "\n".join(scored.misses)


# --- the failure classes, on strings outside the labeled sets ---------------------------------


@pytest.mark.parametrize(
    ("text", "country", "low", "high"),
    [
        # open ends and range words of other languages
        ("Gehalt ab 48.000 € brutto im Jahr", "DE", 48_000, None),
        ("Bis zu 85.000 € Jahresgehalt", "DE", None, 85_000),
        ("à partir de 45 000 € par an", "FR", 45_000, None),
        ("entre 40 000 et 50 000 € par an", "FR", 40_000, 50_000),
        ("Desde 30.000 € hasta 36.000 € brutos al año", "ES", 30_000, 36_000),
        ("Salário: R$ 10.000 a R$ 14.000 por mês", "BR", 10_000, 14_000),
        ("€ 3.800 tot € 4.600 bruto per maand", "NL", 3_800, 4_600),
        # "about" is no "ab"
        ("Starting pay about $600 per week", "US", 600, 600),
        # labeled bounds
        ("Min: $72,000 Max: $96,000", "US", 72_000, 96_000),
        ("Minimum Salary $48,500 Maximum Salary $62,300", "US", 48_500, 62_300),
        ("Starting at $65,000, up to $80,000 depending on experience", "US", 65_000, 80_000),
        # a label number before a currency symbol
        ("Level 3 £42,000 - £48,000", "GB", 42_000, 48_000),
        ("Grade 12 $98,000 - $112,000", "US", 98_000, 112_000),
        ("od 12 000 do 16 000 zł brutto", "PL", 12_000, 16_000),
        ("$25/hr. - $30/hr.", "US", 25, 30),
        # Japanese and Chinese
        ("月給30万円～45万円", "JP", 300_000, 450_000),
        ("時給1,500円以上", "JP", 1_500, None),
        ("年薪30万-50万元", "CN", 300_000, 500_000),
    ],
)
def test_pay_failure_classes(
    text: str, country: str, low: float | None, high: float | None
) -> None:
    got = parse_salary(text, country)
    assert got is not None and (got["min"], got["max"]) == (low, high), got


@pytest.mark.parametrize(
    ("text", "country", "period"),
    [("TJM : 500 € - 600 €", "FR", "day"), ("£300 pd", "GB", "day"), ("£900 pw", "GB", "week")],
)
def test_contract_rate_shorthand_gives_the_period(text: str, country: str, period: str) -> None:
    got = parse_salary(text, country)
    assert got is not None and got["period"] == period, got


@pytest.mark.parametrize(
    ("text", "country", "kind"),
    [
        ("Base: $90K | OTE: $180K", "US", "base"),
        ("$140k TRP", "AU", "total"),
        ("$160,000 package including super", "AU", "total"),
    ],
)
def test_pay_kind_words_belong_to_their_amount(text: str, country: str, kind: str) -> None:
    got = parse_salary(text, country)
    assert got is not None and got["pay_kind"] == kind


@pytest.mark.parametrize(
    "text",
    [
        "Einmalige Antrittsprämie von 2.000 €",
        "€500 Umzugsprämie",
        "$1,000 desk setup budget",
        "Up to $2,500 per year for conferences",
    ],
)
def test_bonuses_and_benefits_are_not_pay(text: str) -> None:
    assert parse_salary(text, "US") is None


@pytest.mark.parametrize(
    ("text", "city", "country"),
    [
        # metropolitan-area wrappers
        ("Greater Atlanta Area", "Atlanta", "US"),
        ("Greater Houston Area", "Houston", "US"),
        ("Greater Madrid Metropolitan Area", "Madrid", "ES"),
        ("Stockholm Area, Sweden", "Stockholm", "SE"),
        ("Greater Minneapolis-St. Paul Area", "Minneapolis", "US"),
        ("Wellington CBD", "Wellington", "NZ"),
        ("Greater Noida", "Greater Noida", "IN"),  # a known name keeps its wrapper
        # three-letter region codes and UK outward postcodes
        ("Canberra ACT", "Canberra", "AU"),
        ("Bristol BS1", "Bristol", "GB"),
        ("Edinburgh EH2", "Edinburgh", "GB"),
        # a list of cities is its first
        ("Hamburg, Berlin, Köln", "Hamburg", "DE"),
        # Mexican state abbreviations
        ("Cancún, Q. Roo", "Cancún", "MX"),
        ("Tijuana, B.C.", "Tijuana", "MX"),
        # a work-mode adverb before "remote in" keeps the city
        ("Temporarily remote in Denver, CO", "Denver", "US"),
    ],
)
def test_place_failure_classes(text: str, city: str, country: str) -> None:
    got = parse_location(text)
    assert (got["city"], got["country"]) == (city, country), got


@pytest.mark.parametrize(
    ("text", "city", "country"),
    [
        ("東京都", "Tokyo", "JP"),
        ("上海市", "Shanghai", "CN"),
        ("서울, 대한민국", "Seoul", "KR"),
        ("Москва", "Moscow", "RU"),
        ("Київ, Україна", "Kyiv", "UA"),
    ],
)
def test_cities_written_in_other_scripts(text: str, city: str, country: str) -> None:
    got = parse_location(text)
    assert (got["city"], got["country"]) == (city, country), got


def test_region_codes_and_wrappers_do_not_invent_places() -> None:
    assert parse_location("Vancouver, BC")["country"] == "CA"  # B.C. is still British Columbia
    assert parse_location("Inner Mongolia")["country"] != "MN"
    got = parse_location("Stuttgart, München")
    assert (got["city"], got["region"]) == ("Stuttgart", "BW")


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Homeoffice", None),
        ("Praca zdalna", None),
        ("Teletrabalho - Portugal", "PT"),
    ],
)
def test_remote_words_of_other_languages(text: str, country: str | None) -> None:
    got = parse_location(text)
    assert got["is_remote"] and got["country"] == country
