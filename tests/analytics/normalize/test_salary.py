"""Tests for analytics.normalize.salary: pay parsing, annualization and the sanity rule.

The labeled set (tests/fixtures/labeled/pay.yml) is hand-labeled with what each text means;
the accuracy test prints per-kind results. The Ashby agreement test runs only where the real
captures in ../shared/realdata/ashby exist.
"""

from __future__ import annotations

import gzip
import inspect
import json
import math
from collections import Counter
from pathlib import Path
from typing import Any

import polars as pl
import pycountry
import pytest
import yaml
from polars.testing import assert_frame_equal

from analytics.normalize import salary, salary_bench
from analytics.normalize.salary import (
    annualize,
    parse_salaries,
    parse_salary,
    pay_sanity_reason,
)

LABELED_PAY = Path(__file__).resolve().parents[2] / "fixtures" / "labeled" / "pay.yml"
ASHBY_CAPTURES = Path(__file__).resolve().parents[4] / "shared" / "realdata" / "ashby"
REQUIRED_ACCURACY = 0.98


def labeled_cases() -> list[dict[str, Any]]:
    return yaml.safe_load(LABELED_PAY.read_text(encoding="utf-8"))


def same_amount(got: float | None, expected: float | None) -> bool:
    if got is None or expected is None:
        return got is None and expected is None
    return math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-6)


def matches_label(got: dict[str, Any], expected: dict[str, Any] | None) -> bool:
    if expected is None:
        return got["pay_min"] is None and got["pay_max"] is None
    return (
        same_amount(got["pay_min"], expected["min"])
        and same_amount(got["pay_max"], expected["max"])
        and got["pay_currency"] == expected["currency"]
        and got["pay_period"] == expected["period"]
    )


# --- labeled set -------------------------------------------------------------------------


def test_labeled_set_is_large_and_covers_formats_and_traps() -> None:
    cases = labeled_cases()
    kinds = Counter(case["kind"] for case in cases)
    assert len(cases) >= 150
    assert {
        "format",
        "ashby",
        "hn",
        "blurb",
        "europe",
        "india",
        "hint",
        "open",
        "mixed",
        "description",
    } <= set(kinds)
    assert kinds["trap"] >= 30
    assert len({(case["text"], case["country"]) for case in cases}) == len(cases)


def test_labeled_pay_exact_match_accuracy() -> None:
    cases = labeled_cases()
    texts = pl.Series([case["text"] for case in cases], dtype=pl.String)
    hints = pl.Series([case["country"] for case in cases], dtype=pl.String)
    got = parse_salaries(texts, hints).to_dicts()
    per_kind: dict[str, list[bool]] = {}
    misses = []
    for case, row in zip(cases, got, strict=True):
        hit = matches_label(row, case["expected"])
        per_kind.setdefault(case["kind"], []).append(hit)
        if not hit:
            misses.append(f"{case['text']!r} ({case['country']}): {row} != {case['expected']}")
    accuracy = sum(sum(v) for v in per_kind.values()) / len(cases)
    report = ", ".join(f"{k} {sum(v)}/{len(v)}" for k, v in sorted(per_kind.items()))
    print(f"\npay labeled set: exact-match accuracy {accuracy:.3f} on {len(cases)} ({report})")
    for miss in misses:
        print("  miss:", miss)
    assert accuracy >= REQUIRED_ACCURACY, "\n".join(misses)


# --- traps ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "We raised $50M Series B from great investors",
        "Valued at a $2B valuation after the last round",
        "Generous 401(k) match and 401k plan",
        "Trusted by 10,000+ customers",
        "$100M in annual recurring revenue",
        "Equity: 0.5% - 1.5%",
        "Startups get $1M in credits",
        "Founded in 2025 in Berlin",
        "$10,000 sign-on bonus",
        "A relocation bonus of $7,500",
        "$3,000 annual learning budget",
    ],
    ids=[
        "funding",
        "valuation",
        "401k",
        "customers",
        "revenue",
        "equity-pct",
        "credits",
        "year",
        "sign-on",
        "relocation",
        "budget",
    ],
)
def test_non_pay_amounts_are_not_pay(text: str) -> None:
    assert parse_salary(text, "US") is None


@pytest.mark.parametrize(
    ("text", "expected_min", "expected_max"),
    [
        ("We raised $50M Series B. Base salary: $150K-$190K.", 150_000, 190_000),
        ("$10,000 sign-on bonus and $140,000 - $170,000 a year", 140_000, 170_000),
        ("Serving 10,000+ customers; we pay $120K–$150K", 120_000, 150_000),
        ("Relocation bonus of $5,000 plus $130K–$150K base", 130_000, 150_000),
        ("$160K – $200K • Offers Equity • $50K – $90K Commission", 160_000, 200_000),
    ],
)
def test_pay_next_to_a_trap_is_still_found(
    text: str, expected_min: float, expected_max: float
) -> None:
    got = parse_salary(text, "US")
    assert got is not None
    assert (got["min"], got["max"], got["currency"]) == (expected_min, expected_max, "USD")


# --- formats, currencies, periods ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "hint", "currency"),
    [
        ("$140,000 - $160,000", "CA", "CAD"),
        ("$140,000 - $160,000", "AU", "AUD"),
        ("$140,000 - $160,000", "SG", "SGD"),
        ("$140,000 - $160,000", "US", "USD"),
        ("$140,000 - $160,000", "DE", "USD"),
        ("$140,000 - $160,000", None, "USD"),
        ("CA$140K", "US", "CAD"),
        ("$140,000 CAD", "US", "CAD"),
        ("Salary: 95 000", "DE", "EUR"),
        ("Salary: 95 000", "IN", "INR"),
    ],
)
def test_currency_from_marker_then_country_hint(text: str, hint: str | None, currency: str) -> None:
    got = parse_salary(text, hint)
    assert got is not None and got["currency"] == currency


def test_no_currency_marker_and_no_hint_leaves_currency_null() -> None:
    got = parse_salary("Salary: 120,000 - 150,000")
    assert got is not None
    assert got["currency"] is None and got["min"] == 120_000


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("$45", "hour"),
        ("$499", "hour"),
        ("$4,500", "month"),
        ("$19,999", "month"),
        ("$45,000", "year"),
        ("₹1,500", "hour"),
        ("₹90,000", "month"),
        ("₹9,00,000", "year"),
        ("$4,500 a year", "year"),
        ("$45,000 per month", "month"),
        ("Hourly rate: $120", "hour"),
    ],
)
def test_period_written_wins_else_inferred_from_magnitude(text: str, period: str) -> None:
    got = parse_salary(text)
    assert got is not None and got["period"] == period


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("₹25-40 LPA", (2_500_000, 4_000_000)),
        ("18 - 24 Lakhs per annum", (1_800_000, 2_400_000)),
        ("₹12,00,000", (1_200_000, 1_200_000)),
        ("₹1.5 Cr", (15_000_000, 15_000_000)),
        ("$180.6K – $230K", (180_600, 230_000)),
        ("€80.000 – €95.000", (80_000, 95_000)),
        ("95 000 EUR", (95_000, 95_000)),
        ("$150-200k", (150_000, 200_000)),
        ("$58.50/hr", (58.5, 58.5)),
    ],
)
def test_units_and_separators(text: str, expected: tuple[float, float]) -> None:
    got = parse_salary(text)
    assert got is not None and (got["min"], got["max"]) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Up to $180,000", (None, 180_000)),
        ("up to £40/hour", (None, 40)),
        ("$200k+", (200_000, None)),
        ("Starting at $90,000", (90_000, None)),
        ("$120,000", (120_000, 120_000)),
    ],
)
def test_open_ended_amounts_keep_the_missing_bound_null(
    text: str, expected: tuple[float | None, float | None]
) -> None:
    got = parse_salary(text)
    assert got is not None and (got["min"], got["max"]) == expected


def test_first_pay_amount_in_text_order_wins() -> None:
    got = parse_salary("Level 1: $120K – $140K. Level 2: $150K – $180K.")
    assert got is not None and (got["min"], got["max"]) == (120_000, 140_000)


# --- vectorized API contract ---------------------------------------------------------------


def test_parse_salaries_returns_one_typed_row_per_input_in_order() -> None:
    texts = pl.Series(["£70,000", None, "no pay here", "", "$65 - $85 per hour", "£70,000"])
    hints = pl.Series(["GB", "US", None, "US", "US", None])
    got = parse_salaries(texts, hints)
    expected = pl.DataFrame(
        {
            "pay_min": [70_000.0, None, None, None, 65.0, 70_000.0],
            "pay_max": [70_000.0, None, None, None, 85.0, 70_000.0],
            "pay_currency": ["GBP", None, None, None, "USD", "GBP"],
            "pay_period": ["year", None, None, None, "hour", "year"],
            "pay_kind": ["base", None, None, None, "base", "base"],
        },
        schema=salary.PAY_SCHEMA,
    )
    assert_frame_equal(got, expected)


def test_parse_salaries_handles_empty_and_all_null_input() -> None:
    assert parse_salaries(pl.Series([], dtype=pl.String)).shape == (0, 5)
    got = parse_salaries(pl.Series([None, None]))
    assert got.shape == (2, 5) and got.null_count().row(0) == (2, 2, 2, 2, 2)


def test_batched_parsing_matches_a_single_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = pl.Series(
        [f"${100 + i}K – ${150 + i}K" if i % 3 else f"raised ${i}M" for i in range(40)] * 2
    )
    hints = pl.Series(["US", "CA"] * 40)
    one_batch = parse_salaries(texts, hints)
    monkeypatch.setattr(salary, "PARSE_BATCH_ROWS", 7)
    assert_frame_equal(parse_salaries(texts, hints), one_batch)
    assert one_batch["pay_currency"].drop_nulls().unique().sort().to_list() == ["CAD", "USD"]


def test_single_record_wrapper_agrees_with_vectorized_parse() -> None:
    texts = ["$120K–$160K", "₹25-40 LPA", "raised $50M", "A$140K", "$9,500/month"]
    batch = parse_salaries(pl.Series(texts), pl.Series(["US"] * len(texts))).to_dicts()
    for text, row in zip(texts, batch, strict=True):
        single = parse_salary(text, "US")
        if row["pay_min"] is None and row["pay_max"] is None:
            assert single is None
        else:
            assert single == {
                "min": row["pay_min"],
                "max": row["pay_max"],
                "currency": row["pay_currency"],
                "period": row["pay_period"],
                "pay_kind": row["pay_kind"],
            }


def test_hint_that_is_not_alpha2_raises_naming_the_record() -> None:
    with pytest.raises(ValueError, match=r"record 1 .*'United States'"):
        parse_salaries(pl.Series(["$1", "$2"]), pl.Series(["US", "United States"]))


def test_hint_length_mismatch_raises() -> None:
    with pytest.raises(ValueError, match="must align"):
        parse_salaries(pl.Series(["$1", "$2"]), pl.Series(["US"]))


def test_non_string_texts_raise() -> None:
    with pytest.raises(ValueError, match="String series"):
        parse_salaries(pl.Series([150_000, 200_000]))


def test_parser_has_no_per_row_python() -> None:
    source = inspect.getsource(salary)
    assert "map_elements" not in source
    assert "map_batches" not in source
    assert ".apply(" not in source


# --- annualization and sanity --------------------------------------------------------------


def test_annualize_uses_the_documented_constants() -> None:
    df = pl.DataFrame(
        {
            "amount": [50.0, 400.0, 2_000.0, 8_000.0, 120_000.0, 1.0],
            "period": ["hour", "day", "week", "month", "year", "fortnight"],
        }
    )
    got = df.select(annualize(pl.col("amount"), pl.col("period")).alias("a"))["a"].to_list()
    factors = salary.ANNUALIZATION_FACTORS
    assert factors == {
        "hour": 2080, "day": 260, "week": 52, "biweek": 26, "semimonth": 24, "month": 12, "year": 1
    }  # fmt: skip
    expected = [a * factors[p] for a, p in zip(df["amount"][:5], df["period"][:5], strict=True)]
    assert got[:5] == expected
    assert got[5] is None


def test_pay_sanity_reason_applies_metrics_rules() -> None:
    df = pl.DataFrame(
        {
            "lo": [100_000.0, 5_000.0, 150_000.0, 20_000.0, 200_000.0, None, None, 50_000.0],
            "hi": [150_000.0, 60_000.0, 3_000_000.0, 250_000.0, 150_000.0, None, 80_000.0, None],
        }
    )
    got = df.select(pay_sanity_reason(pl.col("lo"), pl.col("hi")).alias("r"))["r"].to_list()
    assert got == [
        None,
        "annual pay below 10,000 USD",
        "annual pay above 2,000,000 USD",
        "max more than 10x min",
        "min above max",
        None,
        None,
        None,
    ]


# --- real captures (optional) --------------------------------------------------------------

ASHBY_INTERVALS = {"1 YEAR": "year", "1 HOUR": "hour", "1 MONTH": "month", "1 WEEK": "week"}


def ashby_salary_records() -> list[tuple[str, str | None, dict[str, Any]]]:
    records = []
    for path in sorted(ASHBY_CAPTURES.glob("*.json.gz")):
        for job in json.loads(gzip.decompress(path.read_bytes())).get("jobs", []):
            compensation = job.get("compensation") or {}
            summary = compensation.get("compensationTierSummary")
            components = [
                c
                for c in compensation.get("summaryComponents") or []
                if c.get("compensationType") == "Salary"
            ]
            if not summary or not components:
                continue
            address = (job.get("address") or {}).get("postalAddress") or {}
            records.append((summary, country_alpha2(address.get("addressCountry")), components[0]))
    return records


def country_alpha2(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        return None


def close_to_ashby(got: float | None, structured: float | None) -> bool:
    # Summaries round to about three significant digits ("$172.5K" for 172,453).
    if got is None or structured is None:
        return got is None and structured is None
    return abs(got - structured) <= max(0.006 * abs(structured), 0.5)


@pytest.mark.skipif(not ASHBY_CAPTURES.is_dir(), reason="no ../shared/realdata/ashby captures")
def test_salary_reproduces_ashby_structured_pay() -> None:
    records = ashby_salary_records()
    assert records
    got = parse_salaries(
        pl.Series([r[0] for r in records], dtype=pl.String),
        pl.Series([r[1] for r in records], dtype=pl.String),
    ).to_dicts()
    disagreements = []
    for (summary, hint, component), row in zip(records, got, strict=True):
        agrees = (
            close_to_ashby(row["pay_min"], component.get("minValue"))
            and close_to_ashby(row["pay_max"], component.get("maxValue"))
            and row["pay_currency"] == component.get("currencyCode")
            and row["pay_period"] == ASHBY_INTERVALS.get(component.get("interval"))
        )
        if not agrees:
            disagreements.append(f"{summary[:60]!r} ({hint}): {row} vs {component}")
    rate = 1 - len(disagreements) / len(records)
    print(f"\nAshby summary agreement: {rate:.3f} of {len(records)} salaries")
    for line in disagreements:
        print("  differs:", line)
    assert rate >= 0.98


def test_benchmark_texts_are_varied_and_parse() -> None:
    texts = salary_bench.synthetic_pay_texts(200)
    assert texts.n_unique() > 150
    result = salary_bench.benchmark_parse_salaries(50)
    assert result["rows"] == 50 and result["rows_per_s"] > 0


def test_low_wage_currencies_have_a_lower_sanity_floor() -> None:
    import polars as pl

    from analytics.normalize.salary import pay_sanity_reason

    frame = pl.DataFrame(
        {
            "lo": [6_000.0, 6_000.0, 900.0],
            "hi": [8_000.0, 8_000.0, 1_000.0],
            "cur": ["INR", "USD", "INR"],
        }
    )
    reasons = frame.select(pay_sanity_reason(pl.col("lo"), pl.col("hi"), pl.col("cur")))
    assert reasons.to_series().to_list() == [
        None,
        "annual pay below 10,000 USD",
        "annual pay below 1,500 USD",
    ]
