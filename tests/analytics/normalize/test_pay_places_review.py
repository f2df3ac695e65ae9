"""Pay and places: the classes a review of 73e58ac, c88137a, b2aa436 and bc0f6b0 found broken.

Each test fails on the code at 51cbaf8 and guards a rule, not a string: short range words of
ordinary English ("a", "do", "tot") read as ranges, a base amount closed by a later amount of
another pay kind or far away, and a short code after a word read as a UK outward postcode.
The guards beside them keep what those commits fixed.
"""

from __future__ import annotations

import polars as pl
import pytest

from analytics.normalize.locations import parse_location
from analytics.normalize.salary import parse_salaries, parse_salary

# --- pay: a range word joins two amounts, not an amount and a count -----------------------------


@pytest.mark.parametrize(
    ("text", "country", "amount"),
    [
        # the second number counts hours, days, months or years
        ("$20 a 40-hour week", "US", 20),
        ("Pay: $800 a 5-day week", "US", 800),
        ("$1,000 a 3-month contract", "US", 1_000),
        ("$25 to 40 hours per week", "US", 25),
        ("£12.50 a 37.5-hour week", "GB", 12.5),
        ("$18 to 21 years old", "US", 18),
        # the second number is smaller: a year, a count, not the top of a range
        ("Salary €60,000 do 2024", "DE", 60_000),
        ("Gehalt 4.500 € tot 12 maanden", "NL", 4_500),
        ("$95,000 - 3 openings", "US", 95_000),
        # a short range word needs a second amount of the same scale
        ("€45 a 1000 visitors a day", "ES", 45),
    ],
)
def test_a_count_after_a_range_word_is_no_top(text: str, country: str, amount: float) -> None:
    got = parse_salary(text, country)
    assert got is not None and (got["min"], got["max"]) == (amount, amount), got


@pytest.mark.parametrize(
    ("text", "country", "low", "high"),
    [
        ("R$ 8.000 a R$ 12.000 por mês", "BR", 8_000, 12_000),
        ("de 20 a 25 €/hora", "ES", 20, 25),
        ("Retribuzione da 30.000 a 38.000 € lordi", "IT", 30_000, 38_000),
        ("€ 3.800 tot 4.600 bruto per maand", "NL", 3_800, 4_600),
        ("od 9 000 do 14 000 zł brutto", "PL", 9_000, 14_000),
        ("38 000 à 45 000 € par an", "FR", 38_000, 45_000),
        ("$90 a 120k", "US", 90_000, 120_000),
        ("$40 - 55 hourly", "US", 40, 55),
        ("$120,000 to $150,000 per year", "US", 120_000, 150_000),
    ],
)
def test_ranges_with_short_words_stay_ranges(
    text: str, country: str, low: float, high: float
) -> None:
    got = parse_salary(text, country)
    assert got is not None and (got["min"], got["max"]) == (low, high), got


def test_no_range_is_published_upside_down() -> None:
    """Whatever the range word, a top below the bottom is never published as a range."""
    words = ["-", "–", "to", "a", "à", "do", "tot", "bis", "hasta", "até"]
    shapes = [("$", "", 800, 5), ("", " €", 60_000, 2_024), ("£", "", 45, 30)]
    texts = [f"{pre}{a:,} {w} {b}{post}" for w in words for pre, post, a, b in shapes]
    got = parse_salaries(pl.Series(texts), pl.Series(["US"] * len(texts))).to_dicts()
    upside_down = [
        (text, row)
        for text, row in zip(texts, got, strict=True)
        if row["pay_min"] is not None
        and row["pay_max"] is not None
        and row["pay_max"] < row["pay_min"]
    ]
    assert upside_down == []


# --- pay: an open amount is closed only by an amount of its own kind, close by -------------------


@pytest.mark.parametrize(
    ("text", "low", "high", "kind"),
    [
        ("At least $90k base. Up to $120k OTE", 90_000, None, "base"),
        ("Starting at $80,000 base; up to $140,000 total compensation", 80_000, None, "base"),
        ("OTE from $150k, base up to $90k", 150_000, None, "ote"),
        # amounts two sentences apart are not one range
        (
            "Pay for analysts starts at $60,000. Our office is in Leeds and we meet on site "
            "twice a week, with lunch provided and a pension scheme for everyone. Directors "
            "can earn up to $190,000.",
            60_000,
            None,
            "base",
        ),
    ],
)
def test_an_open_amount_is_closed_by_its_own_kind_nearby(
    text: str, low: float, high: float | None, kind: str
) -> None:
    got = parse_salary(text, "US")
    assert got is not None and (got["min"], got["max"], got["pay_kind"]) == (low, high, kind)


@pytest.mark.parametrize(
    ("text", "low", "high", "kind"),
    [
        ("Minimum $61,700 / Midpoint $77,100 / Maximum $92,500", 61_700, 92_500, "base"),
        ("Starting at $20/hr, up to $25/hr", 20, 25, "base"),
        ("OTE starting at $150k and up to $210k OTE", 150_000, 210_000, "ote"),
        ("Pay starts at $55,000. It goes up to $70,000 with experience.", 55_000, 70_000, "base"),
    ],
)
def test_open_amounts_of_one_kind_still_close(
    text: str, low: float, high: float, kind: str
) -> None:
    got = parse_salary(text, "US")
    assert got is not None and (got["min"], got["max"], got["pay_kind"]) == (low, high, kind)


# --- places: a word with a short code before the city is an address line ----------------------


@pytest.mark.parametrize(
    ("text", "city", "country"),
    [
        ("Hall B2, Berlin", "Berlin", "DE"),
        ("Gate A3, Munich", "Munich", "DE"),
        ("Room B12, Paris, France", "Paris", "FR"),
        ("Halle A1, Hamburg", "Hamburg", "DE"),
        # UK outward postcodes after a town still give the town
        ("London EC1A", "London", "GB"),
        ("Leeds LS1, UK", "Leeds", "GB"),
        ("Sydney NSW", "Sydney", "AU"),
        ("Melbourne VIC 3000", "Melbourne", "AU"),
    ],
)
def test_a_short_code_after_a_word_is_a_postcode_only_after_a_town(
    text: str, city: str, country: str
) -> None:
    got = parse_location(text)
    assert (got["city"], got["country"]) == (city, country), got
