"""Pay on text the rules were not written against (issue #11) and hostile input (issue #17).

The labeled set `tests/fixtures/labeled/pay_world.yml` was written before the parser's output
was looked at (real Ashby strings and pay written the way other countries' boards write it);
`scripts/score_pay_places.py` prints the same scores per class. The property tests generate
inputs with Hypothesis.
"""

from __future__ import annotations

import random
import string
import time
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.normalize import salary
from analytics.normalize.salary import parse_salary
from analytics.normalize.salary_patterns import (
    DEFAULT_THRESHOLDS,
    OTHER_CODES,
    PERIOD_THRESHOLDS,
    WORD_CODES,
)
from tests.analytics.normalize.labeled_pay_places import labeled_cases, scored_pay

REQUIRED_ACCURACY = 0.97


def test_pay_world_labeled_set_per_class() -> None:
    cases = labeled_cases("pay_world.yml")
    assert len(cases) >= 150
    kinds = Counter(c["kind"] for c in cases)
    assert kinds["trap"] >= 10 and kinds["ote"] >= 10 and kinds["iso_code"] >= 20
    scored = scored_pay(cases)
    print("\npay_world:", scored.summary())
    assert scored.accuracy >= REQUIRED_ACCURACY, "\n".join(scored.misses)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("$267K – $401K", 267_000, 401_000),
        ("$401K - $550K", 401_000, 550_000),
        ("$300,000 - $401,000 per year", 300_000, 401_000),
        ("Base salary: $1,000,000 – $2,000,000", 1_000_000, 2_000_000),
        ("Salary: $1.5M - $2M", 1_500_000, 2_000_000),
        ("$750K – $1.2M", 750_000, 1_200_000),
        ("$150K – $1M • Offers Equity", 150_000, 1_000_000),
    ],
)
def test_high_maximums_are_not_cut(text: str, low: float, high: float) -> None:
    got = parse_salary(text, "US")
    assert got is not None and (got["min"], got["max"]) == (low, high)


def test_a_401k_plan_is_still_not_pay() -> None:
    assert parse_salary("Benefits: health, dental, 401(k) and a 401k match") is None


@pytest.mark.parametrize("code", OTHER_CODES)
def test_every_iso_4217_code_is_read(code: str) -> None:
    # about 2,000 and 3,000 US dollars a month in the currency's own units
    rate = PERIOD_THRESHOLDS.get(code, DEFAULT_THRESHOLDS)[2]
    low = float(f"{2_000 * rate:.2g}")
    high = 1.5 * low
    text = f"Salary: {code}\u00a0{low:,.0f} – {code}\u00a0{high:,.0f} per month"
    got = parse_salary(text)
    assert got is not None and got["currency"] == code and got["period"] == "month", text
    assert (got["min"], got["max"]) == (round(low), round(high)), text


@pytest.mark.parametrize("code", sorted(WORD_CODES))
def test_codes_that_are_words_are_not_currencies(code: str) -> None:
    got = parse_salary(f"{code} 7900")
    assert got is None or got["currency"] != code


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("OTE $75-85k", "ote"),
        ("$125K – $145K • OTE", "ote"),
        ("$200K – $300K • Offers Equity • OTE 70/30 split", "ote"),
        ("On-Target Earnings: $93,333 annually", "ote"),
        ("The budgeted base salary for this role is $75,000 with an OTE of $105,000.", "base"),
        ("$75,000 base and $50,000 commission", "base"),
        ("Total comp: $350K - $450K", "total"),
        ("$300k - $400k TC", "total"),
        ("$150,000 - $180,000", "base"),
        # kind words inside other words are not kind words (the 60k sample had 122 of these)
        ("Engineer - Remote (US) - $225,000 - $276,000 a year", "base"),
        ("note: $100k", "base"),
        ("etc. $120k", "base"),
    ],
)
def test_pay_kind(text: str, kind: str) -> None:
    got = parse_salary(text, "US")
    assert got is not None and got["pay_kind"] == kind


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("1 139,00 €", 1139.0, "EUR"),
        ("1.837,32 €", 1837.32, "EUR"),
        ("80.000 EUR", 80_000.0, "EUR"),
        ("CHF 120'000", 120_000.0, "CHF"),
        ("2000 zł", 2000.0, "PLN"),
        ("SGD4.90 per hour", 4.9, "SGD"),
        ("$110,000k", 110_000.0, "USD"),
        ("₹32 LPA", 3_200_000.0, "INR"),
        ("Rs 3,600.00", 3600.0, "INR"),
    ],
)
def test_number_formats_of_the_rest_of_the_world(text: str, amount: float, currency: str) -> None:
    got = parse_salary(text)
    assert got is not None and (got["max"], got["currency"]) == (amount, currency)


def test_rs_and_dollar_follow_the_country() -> None:
    assert parse_salary("Rs. 200,000 per month", "PK")["currency"] == "PKR"  # type: ignore[index]
    assert parse_salary("$50,000 - $60,000", "SG")["currency"] == "SGD"  # type: ignore[index]
    assert parse_salary("USD $5,000 per month", "SG")["currency"] == "USD"  # type: ignore[index]


# --- hostile input (issue #17) -------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.characters(codec=None, exclude_categories=()), max_size=300))
def test_parse_salary_never_raises_on_any_str(text: str) -> None:
    got = parse_salary(text)
    assert got is None or set(got) == {"min", "max", "currency", "period", "pay_kind"}


@pytest.mark.parametrize("text", ["ML \ud800", "\udfff$100k", "\ud800" * 1000, "$120K\udc00"])
def test_lone_surrogates_do_not_raise(text: str) -> None:
    parse_salary(text)
    parse_salary(text, "US")


def _hostile_inputs() -> dict[str, str]:
    rng = random.Random(7)
    size = 1_000_000
    return {
        "digits": "1" * size,
        "spaced digits": "1 " * (size // 2),
        "dollar digits": "$1" * (size // 2),
        "k ranges": ("$100k-" * (size // 6)),
        "pay sentences": ("We pay $120,000 - $150,000 per year. " * 30_000)[:size],
        "printable noise": "".join(rng.choice(string.printable) for _ in range(size)),
        "surrogates": "ML \ud800" * (size // 4),
    }


def _best_of_3(text: str) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        parse_salary(text)
        times.append(time.perf_counter() - start)
    return min(times)


def test_one_megabyte_inputs_cost_about_what_a_line_costs() -> None:
    """parse_salary reads at most MAX_TEXT_HEAD + MAX_TEXT_TAIL characters, so a 1 MB text
    costs about what one line costs (1 MB of digits took 2.7 s before). The bound is relative
    to a line measured in the same run, since CI machines are shared: on a quiet machine a
    line takes ~35 ms and 1 MB of digits the same; random printable noise, the worst input,
    2-7x a line."""
    parse_salary("warm up $1")
    line = _best_of_3("Salary: $120,000 - $150,000 per year")
    slow = {name: _best_of_3(text) for name, text in _hostile_inputs().items()}
    print(f"\none line {line * 1000:.0f} ms; 1 MB: " + ", ".join(
        f"{k} {v * 1000:.0f} ms" for k, v in slow.items()
    ))  # fmt: skip
    noise = slow.pop("printable noise")
    assert max(slow.values()) <= 3 * line + 0.05, slow
    # random printable text is the worst case: about a candidate amount every ten characters
    # of the capped text; bounded, not yet a line's cost (issue #17 remains open on this)
    assert noise <= 0.5, noise


def test_long_texts_keep_pay_at_the_end() -> None:
    text = "x " * 300_000 + "Salary: £70,000 per annum"
    assert parse_salary(text) == {
        "min": 70_000.0, "max": 70_000.0, "currency": "GBP", "period": "year", "pay_kind": "base"
    }  # fmt: skip
    assert salary.MAX_TEXT_TAIL >= 1_000
