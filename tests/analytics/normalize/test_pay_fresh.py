"""Pay on 'fresh' text (third held-out round).

`tests/fixtures/labeled/pay_fresh.yml` (104 strings) was written and labeled before the parser
was run on it: LinkedIn and Glassdoor badges, US / Canadian biweekly and semi-monthly pay,
Australian fortnightly pay, Canadian French, Japanese and Chinese pay nouns, Brazilian, Dutch,
Belgian, Swiss, Polish and Singapore pay, and text that is not pay. The first run (code at
0ec3f6a) scored 0.856; its misses fell in three classes, fixed since: periods of two weeks and
half a month (the vocabulary had none: 11 misses, see test_pay_periods.py), a Chinese pay noun
before a bare amount in 万 ("年薪 40-60万" was not read as pay), and Portuguese / Spanish "mil"
(thousand). `scripts/score_pay_places.py --set pay_fresh.yml` prints the scores per class. The
rule tests below use strings outside the set.
"""

from __future__ import annotations

from collections import Counter

import pytest

from analytics.normalize.salary import parse_salary
from tests.analytics.normalize.labeled_pay_places import labeled_cases, scored_pay

# The set scores 1.000 at the commit that added this test; one miss is allowed.
REQUIRED_PAY_ACCURACY = 0.99


def test_pay_fresh_labeled_set_per_class() -> None:
    cases = labeled_cases("pay_fresh.yml")
    assert len(cases) >= 100
    kinds = Counter(c["kind"] for c in cases)
    assert kinds["trap"] >= 10 and kinds["biweekly"] >= 5 and kinds["semimonthly"] >= 5
    scored = scored_pay(cases)
    print("\npay_fresh:", scored.summary())
    assert scored.accuracy >= REQUIRED_PAY_ACCURACY, "\n".join(scored.misses)


@pytest.mark.parametrize(
    ("text", "country", "low", "high", "period"),
    [
        ("年薪 35-50万", "CN", 350_000, 500_000, "year"),
        ("月薪 2-3万", "CN", 20_000, 30_000, "month"),
        ("月收入 1.2万", "CN", 12_000, 12_000, "month"),
    ],
)
def test_a_chinese_pay_noun_marks_a_bare_amount_as_pay(
    text: str, country: str, low: float, high: float, period: str
) -> None:
    got = parse_salary(text, country)
    assert got is not None and (got["min"], got["max"], got["period"]) == (low, high, period), got


@pytest.mark.parametrize(
    ("text", "country", "low", "high"),
    [
        ("Salário: R$ 7 mil", "BR", 7_000, 7_000),
        ("De R$ 9 mil a R$ 11 mil mensais", "BR", 9_000, 11_000),
        ("Sueldo $25 mil a $32 mil mensuales", "MX", 25_000, 32_000),
        ("$18 mil - $22 mil", "CO", 18_000, 22_000),
    ],
)
def test_mil_is_a_thousand(text: str, country: str, low: float, high: float) -> None:
    got = parse_salary(text, country)
    assert got is not None and (got["min"], got["max"]) == (low, high), got


def test_a_year_after_a_pay_noun_is_not_pay() -> None:
    assert parse_salary("年薪 2025", "CN") is None


# --- classes found by probing other styles after the held-out round (not in the set) ----------


@pytest.mark.parametrize(
    ("text", "country", "low", "high", "period"),
    [
        ("$2,200 - $2,800 bi weekly", "US", 2_200, 2_800, "biweek"),
        ("Bi Weekly Rate: $2,350", "US", 2_350, 2_350, "biweek"),  # was "Weekly": week
        ("$2,650 every other week", "US", 2_650, 2_650, "biweek"),
        ("$3,300 semi monthly", "US", 3_300, 3_300, "semimonth"),
        ("$3,300 twice monthly", "US", 3_300, 3_300, "semimonth"),
        ("$3,875.25/semi-monthly", "US", 3_875.25, 3_875.25, "semimonth"),
    ],
)
def test_two_week_and_half_month_words_written_apart(
    text: str, country: str, low: float, high: float, period: str
) -> None:
    got = parse_salary(text, country)
    assert got is not None and (got["min"], got["max"], got["period"]) == (low, high, period), got


@pytest.mark.parametrize(
    ("text", "low", "high", "period"),
    [
        ("연봉 4,500만원 ~ 6,500만원", 45_000_000, 65_000_000, "year"),
        ("월급 280만원", 2_800_000, 2_800_000, "month"),
        ("연봉 1억 원", 100_000_000, 100_000_000, "year"),
        ("연봉 4000만원 이상", 40_000_000, None, "year"),
    ],
)
def test_korean_pay_in_man_won(text: str, low: float, high: float | None, period: str) -> None:
    got = parse_salary(text, "KR")
    assert got is not None and got["currency"] == "KRW", got
    assert (got["min"], got["max"], got["period"]) == (low, high, period), got


@pytest.mark.parametrize(
    ("text", "country", "low", "high"),
    [
        ("€ 3.800,- tot € 4.700,- bruto per maand", "NL", 3_800, 4_700),
        ("CHF 95'000.– bis 115'000.–", "CH", 95_000, 115_000),
    ],
)
def test_whole_units_written_with_a_dash_for_the_cents(
    text: str, country: str, low: float, high: float
) -> None:
    got = parse_salary(text, country)
    assert got is not None and (got["min"], got["max"]) == (low, high), got


@pytest.mark.parametrize(
    ("text", "country", "high"),
    [
        ("$135,000 + equity", "US", 135_000),  # " + " adds something beside the amount
        ("£48,000 + 10% bonus", "GB", 48_000),
        ("AUD 105,000 + super", "AU", 105_000),
        ("$135,000+ DOE", "US", None),  # "+" on the amount: an open end
        ("$135k+", "US", None),
    ],
)
def test_a_plus_apart_from_the_amount_is_no_open_end(
    text: str, country: str, high: float | None
) -> None:
    got = parse_salary(text, country)
    assert got is not None and got["max"] == high, got


@pytest.mark.parametrize(
    ("text", "country", "currency"),
    [
        ("This role pays a $142,000 base salary", "US", "USD"),  # was AUD ("a $" read as A$)
        ("Offering a $48/hr rate", None, "USD"),
        ("It's $118k base", "US", "USD"),  # was SGD ("s $" read as S$)
        ("A$118K", None, "AUD"),
        ("S$7,500 per month", None, "SGD"),
        ("AU $118K", None, "AUD"),
        ("R $ 7.500,00 por mês", "BR", "BRL"),
    ],
)
def test_a_one_letter_dollar_prefix_touches_the_dollar(
    text: str, country: str | None, currency: str
) -> None:
    got = parse_salary(text, country)
    assert got is not None and got["currency"] == currency, got


@pytest.mark.parametrize(
    "text",
    [
        "Up to $8,000 per year in education assistance",
        "Dependent care FSA up to $5,000",
        "HSA: $750 employer contribution",
        "Commuter benefits: $280 per month",
        "Tuition: up to $5,250 per year",
    ],
)
def test_benefit_accounts_and_allowances_are_not_pay(text: str) -> None:
    assert parse_salary(text, "US") is None


@pytest.mark.parametrize(
    "text", ["Compensation & Benefits: $105k - $125k", "$92,000 + benefits + tuition assistance"]
)
def test_pay_beside_benefit_words_stays(text: str) -> None:
    assert parse_salary(text, "US") is not None


@pytest.mark.parametrize(
    ("text", "period", "kind"),
    [
        ("$750 - $850 p.d.", "day", "base"),  # was month (by magnitude)
        ("$1,350 - $1,600 p.w.", "week", "base"),
        ("$62 p.h. + super", "hour", "base"),
        ("$105k - $125k p.a. inc. super", "year", "total"),  # super inside: the package
        ("$140,000 (incl. super)", "year", "total"),
        ("$105k - $125k + super", "year", "base"),  # super on top: base
    ],
)
def test_australian_dotted_periods_and_super_included(text: str, period: str, kind: str) -> None:
    got = parse_salary(text, "AU")
    assert got is not None and (got["period"], got["pay_kind"]) == (period, kind), got
