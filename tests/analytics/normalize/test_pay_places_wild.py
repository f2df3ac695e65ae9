"""Pay and places on held-out 'wild' text (issue #11, second round).

`tests/fixtures/labeled/pay_wild.yml` and `places_wild.yml` were written and labeled before the
parsers were run on them: pay as Indeed, LinkedIn, Glassdoor, Naukri, StepStone, Seek and
government boards print it and US pay-transparency sentences; locations as Workday, Greenhouse,
Indeed, LinkedIn, Naukri and local-language boards print them. Before the fixes (code at
956888e) pay scored 0.924 (n=198) and places 0.870 (n=177); `scripts/score_pay_places.py`
prints the same scores per class. The rule tests below use strings outside the sets.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import yaml

from analytics.normalize.locations import parse_location, parse_locations
from analytics.normalize.salary import parse_salaries, parse_salary

LABELED = Path(__file__).resolve().parents[2] / "fixtures" / "labeled"
# Both sets score 1.000 at c88137a; one miss is allowed.
REQUIRED_PAY_ACCURACY = 0.99
REQUIRED_PLACE_ACCURACY = 0.99


def _same(got: float | None, want: float | None) -> bool:
    if got is None or want is None:
        return got is None and want is None
    return math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-6)


def _pay_hit(row: dict[str, Any], want: dict[str, Any] | None) -> bool:
    if want is None:
        return row["pay_min"] is None and row["pay_max"] is None
    return (
        _same(row["pay_min"], want["min"])
        and _same(row["pay_max"], want["max"])
        and row["pay_currency"] == want["currency"]
        and row["pay_period"] == want["period"]
        and row["pay_kind"] == want["pay_kind"]
    )


def _fold(value: object) -> object:
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFKD", value)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def test_pay_wild_labeled_set_per_class() -> None:
    cases = yaml.safe_load((LABELED / "pay_wild.yml").read_text(encoding="utf-8"))
    assert len(cases) >= 120
    kinds = Counter(c["kind"] for c in cases)
    assert kinds["not_base"] >= 10 and kinds["multi"] >= 5 and kinds["gov"] >= 10
    got = parse_salaries(
        pl.Series([c["text"] for c in cases]), pl.Series([c["country"] for c in cases])
    ).to_dicts()
    per_kind: dict[str, list[bool]] = {}
    misses = []
    for case, row in zip(cases, got, strict=True):
        ok = _pay_hit(row, case["expected"])
        per_kind.setdefault(case["kind"], []).append(ok)
        if not ok:
            misses.append(f"{case['text']!r}: {row}")
    accuracy = sum(map(sum, per_kind.values())) / len(cases)
    print("\npay_wild:", ", ".join(f"{k} {sum(v)}/{len(v)}" for k, v in sorted(per_kind.items())))
    assert accuracy >= REQUIRED_PAY_ACCURACY, "\n".join(misses)


def test_places_wild_labeled_set_per_class() -> None:
    cases = yaml.safe_load((LABELED / "places_wild.yml").read_text(encoding="utf-8"))
    assert len(cases) >= 120
    kinds = Counter(c["kind"] for c in cases)
    assert kinds["linkedin"] >= 10 and kinds["workday"] >= 10 and kinds["vague"] >= 5

    def hints(key: str) -> pl.Series:
        dtype = pl.Boolean if key == "remote" else pl.String
        return pl.Series([(c.get("hints") or {}).get(key) for c in cases], dtype=dtype)

    got = parse_locations(
        pl.Series([c["text"] for c in cases]),
        hints("city"),
        hints("region"),
        hints("country"),
        hints("remote"),
    ).to_dicts()
    per_kind: dict[str, list[bool]] = {}
    misses = []
    for case, row in zip(cases, got, strict=True):
        ok = all(_fold(row[f]) == _fold(v) for f, v in case["expect"].items())
        per_kind.setdefault(case["kind"], []).append(ok)
        if not ok:
            misses.append(f"{case['text']!r}: {row}")
    accuracy = sum(map(sum, per_kind.values())) / len(cases)
    print("\nplaces_wild:", ", ".join(f"{k} {sum(v)}/{len(v)}" for k, v in per_kind.items()))
    assert accuracy >= REQUIRED_PLACE_ACCURACY, "\n".join(misses)


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
