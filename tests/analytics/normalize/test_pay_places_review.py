"""Pay and places: the classes a review of 73e58ac, c88137a, b2aa436 and bc0f6b0 found broken.

Each test fails on the code at 51cbaf8 and guards a rule, not a string: short range words of
ordinary English ("a", "do", "tot") read as ranges, a base amount closed by a later amount of
another pay kind or far away, and a short code after a word read as a UK outward postcode.
The guards beside them keep what those commits fixed.
"""

from __future__ import annotations

import polars as pl
import pytest

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
