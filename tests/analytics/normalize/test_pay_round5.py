"""Pay on 'round 5' text (fifth held-out round).

`tests/fixtures/labeled/pay_round5.yml` (163 strings) was written, labeled and committed
(ba1318b) before the parser was run on it: ranges tiered by location and by level, ISO codes on
both ends, Swiss curly apostrophes, Brazilian CLT / PJ, Indian "/-", Gulf pay, dollars with their
own prefixes, no-break and thin spaces, "K€", "pa" / "pro rata" / "/yo", hourly and day
shorthand, equity and bonus beside the base, DOE with and without numbers, currencies in words,
million units in Asia, Austrian, Finnish, Danish, Turkish, Italian and Hungarian pay, pay beside
years and counts, and text that is not pay. The first run (code at ba1318b) scored 0.945
(154/163): asia_units 3/8, europe 7/9, india 7/8, spaces 5/6, every other class whole. Its nine
misses fell in five classes, fixed since (1.000, 163/163): thin spaces grouping thousands,
India's "/-", Indonesian and Vietnamese number words ("jt", "juta", "triệu"), period nouns
ending outside ASCII after a slash ("Ft/hó" was "/h", an hour; Thai "บาท/เดือน"), and a minimum
linked to its amount ("Das KV-Mindestgehalt beträgt € 3.200,-"). No other pay set changed, nor
any pay read from the 2,639 real Ashby summaries and descriptions.
`scripts/score_pay_places.py --set pay_round5.yml` prints the scores per class. The rule tests
below use strings outside the set; the last two classes (currencies written after the amount in
other scripts, "Kč" read as "CZK"; open ends and range words in Italian, Polish, Russian and
Ukrainian) were found by a scratch probe of 64 shapes written after the round (56/64 -> 64/64).
"""

from __future__ import annotations

from collections import Counter

import pytest

from analytics.normalize.salary import parse_salary
from tests.analytics.normalize.labeled_pay_places import labeled_cases, scored_pay

# First run 0.945 (154/163); 1.000 at the commit that fixed its last class; one miss allowed.
REQUIRED_PAY_ACCURACY = 0.99


def read(text: str, country: str) -> tuple[float | None, float | None, str | None, str | None]:
    """The low, high, currency and period `parse_salary` reads; fails when it reads no pay."""
    got = parse_salary(text, country)
    assert got is not None, f"no pay read in {text!r}"
    return got["min"], got["max"], got["currency"], got["period"]


def test_pay_round5_labeled_set_per_class() -> None:
    cases = labeled_cases("pay_round5.yml")
    assert len(cases) >= 100
    kinds = Counter(c["kind"] for c in cases)
    assert kinds["trap"] >= 10 and kinds["location_tier"] >= 5 and kinds["level_tier"] >= 5
    scored = scored_pay(cases)
    print("\npay_round5:", scored.summary())
    assert scored.accuracy >= REQUIRED_PAY_ACCURACY, "\n".join(scored.misses)


# --- thin (U+2009) and figure (U+2007) spaces group thousands -------------------------------


@pytest.mark.parametrize(
    ("text", "country", "expected"),
    [
        ("€ 85\u2009000 brut par an", "FR", (85_000, 85_000, "EUR", "year")),  # was 85 an hour
        ("CHF 9\u2007500 pro Monat", "CH", (9_500, 9_500, "CHF", "month")),
        ("72\u2009000 – 80\u2009000 € par an", "FR", (72_000, 80_000, "EUR", "year")),
    ],
)
def test_thin_and_figure_spaces_group_thousands(
    text: str, country: str, expected: tuple[float, float, str, str]
) -> None:
    assert read(text, country) == expected


# --- India's "/-" after whole rupees (no paise) ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # was 850,000 alone: "/-" stopped the range
        ("Rs. 8,50,000/- to Rs. 12,00,000/- per annum", (850_000, 1_200_000, "INR", "year")),
        ("CTC ₹ 6,00,000/- - ₹ 9,00,000/- p.a.", (600_000, 900_000, "INR", "year")),
        ("Salary: 25,000/- to 35,000/- per month", (25_000, 35_000, "INR", "month")),
    ],
)
def test_a_slash_dash_after_whole_rupees(
    text: str, expected: tuple[float, float, str, str]
) -> None:
    assert read(text, "IN") == expected


# --- Indonesian and Vietnamese number words and pay nouns --------------------------------------


@pytest.mark.parametrize(
    ("text", "country", "expected"),
    [
        # each was no pay: "jt" / "juta" / "triệu" were no units
        ("Gaji: Rp 8 jt - 12 jt per bulan", "ID", (8_000_000, 12_000_000, "IDR", "month")),
        ("Gaji Rp 7,5 juta", "ID", (7_500_000, 7_500_000, "IDR", "month")),
        ("Lương 15 - 25 triệu/tháng", "VN", (15_000_000, 25_000_000, "VND", "month")),
    ],
)
def test_indonesian_and_vietnamese_number_words(
    text: str, country: str, expected: tuple[float, float, str, str]
) -> None:
    assert read(text, country) == expected


def test_a_million_word_alone_is_no_pay() -> None:
    assert parse_salary("I have 3 jt left", "ID") is None


# --- period nouns ending outside ASCII after a slash; baht and dong written out ---------------


@pytest.mark.parametrize(
    ("text", "country", "expected"),
    [
        ("Fizetés: 650 000 Ft/hó", "HU", (650_000, 650_000, "HUF", "month")),  # was an hour
        ("50,000 บาท/เดือน", "TH", (50_000, 50_000, "THB", "month")),  # was no pay
        ("Lương: 18.000.000 - 25.000.000 VNĐ", "VN", (18e6, 25e6, "VND", "month")),
        ("15.000.000đ/tháng", "VN", (15e6, 15e6, "VND", "month")),
        ("200.000 đồng/giờ", "VN", (200_000, 200_000, "VND", "hour")),
    ],
)
def test_period_nouns_ending_outside_ascii_and_baht_and_dong(
    text: str, country: str, expected: tuple[float, float, str, str]
) -> None:
    assert read(text, country) == expected


# --- a minimum or maximum linked to its amount; German "Mindest-", "mindestens", "höchstens" ---


@pytest.mark.parametrize(
    ("text", "country", "expected"),
    [
        # each was one amount at both ends
        ("The minimum salary is $50,000", "US", (50_000, None, "USD", "year")),
        ("Mindestjahresgehalt von € 48.000 brutto", "AT", (48_000, None, "EUR", "year")),
        ("Das Bruttojahresgehalt beträgt mindestens € 48.000", "AT", (48_000, None, "EUR", "year")),
        ("Stundenlohn höchstens 25 €", "DE", (None, 25, "EUR", "hour")),
        ("The maximum pay is $40/hr", "US", (None, 40, "USD", "hour")),
    ],
)
def test_a_minimum_or_maximum_linked_to_its_amount(
    text: str, country: str, expected: tuple[float | None, float | None, str, str]
) -> None:
    assert read(text, country) == expected


def test_mindestens_before_years_is_no_pay() -> None:
    assert parse_salary("mindestens 3 Jahre Erfahrung", "DE") is None


# --- currencies written after the amount: "Kč" (no "K" unit), "TL", "руб.", "грн", "лв." ------


@pytest.mark.parametrize(
    ("text", "country", "expected"),
    [
        ("Plat 50 000 Kč", "CZ", (50_000, 50_000, "CZK", "month")),  # each was no pay
        ("Maaş: 60.000 TL net", "TR", (60_000, 60_000, "TRY", "month")),
        ("Зарплата 150 000 руб.", "RU", (150_000, 150_000, "RUB", "month")),
        ("40 000 – 60 000 грн", "UA", (40_000, 60_000, "UAH", "month")),
        ("Заплата: 3 000 - 4 000 лв.", "BG", (3_000, 4_000, "BGN", "month")),
    ],
)
def test_currencies_written_after_the_amount(
    text: str, country: str, expected: tuple[float, float, str, str]
) -> None:
    assert read(text, country) == expected


def test_a_team_lead_count_is_no_lira() -> None:
    assert parse_salary("Lead a team of 5 TL", "TR") is None


# --- open ends and range words in Italian, Polish, Russian and Ukrainian -----------------------


@pytest.mark.parametrize(
    ("text", "country", "expected"),
    [
        # each was one amount at both ends ("от ... до" its top alone)
        ("Stipendio fino a 2.000 € netti al mese", "IT", (None, 2_000, "EUR", "month")),
        ("A partire da 35.000 € RAL", "IT", (35_000, None, "EUR", "year")),
        ("Do 18 000 zł brutto miesięcznie", "PL", (None, 18_000, "PLN", "month")),
        ("Зарплата до 250 000 ₽", "RU", (None, 250_000, "RUB", "month")),
        ("Зарплата от 200 000 до 300 000 ₽", "RU", (200_000, 300_000, "RUB", "month")),
    ],
)
def test_open_ends_and_range_words_in_more_languages(
    text: str, country: str, expected: tuple[float | None, float | None, str, str]
) -> None:
    assert read(text, country) == expected


def test_an_english_do_before_a_colon_is_no_upper_bound() -> None:
    got = read("What you'll do: build pipelines. Salary $120k - $140k", "US")
    assert got == (120_000, 140_000, "USD", "year")
