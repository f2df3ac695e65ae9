"""Structured pay filed with an impossible period gives way to the pay text's reading.

Real Ashby boards file hourly pay as a year ("$26.00 • Offers Equity" with interval "1 YEAR":
26 USD a year). The structured fields are kept when they are plausible; when they fail the
sanity rules and the text of the same posting reads as plausible pay, the text's reading is
used (pay_source "text"); when neither is plausible the pay is quarantined as before.
"""

from __future__ import annotations

from analytics.normalize.postings import normalize_records
from tests.analytics.normalize.test_postings_pay_places import _staging


def _structured(low: float, high: float, period: str, text: str | None) -> dict:
    return {
        "pay_min": low,
        "pay_max": high,
        "pay_currency": "USD",
        "pay_period": period,
        "pay_text": text,
    }


def test_an_hourly_amount_filed_as_a_year_is_read_from_the_text() -> None:
    staging = _staging(
        [
            _structured(26.0, 26.0, "year", "$26.00 • Offers Equity • Offers Bonus"),
            _structured(55.0, 65.0, "year", "$55.00 – $65.00"),
        ]
    )
    records, quarantine = normalize_records(staging)
    got = records.sort("source_posting_id").select(
        "pay_source", "pay_min", "pay_max", "pay_period", "pay_min_annual_usd"
    )
    assert got.rows() == [
        ("text", 26.0, 26.0, "hour", 26.0 * 2080),
        ("text", 55.0, 65.0, "hour", 55.0 * 2080),
    ]
    assert quarantine.height == 0


def test_plausible_structured_pay_wins_over_the_text() -> None:
    staging = _staging([_structured(120_000.0, 150_000.0, "year", "$60 – $75 an hour")])
    records, _ = normalize_records(staging)
    assert records.select("pay_source", "pay_min", "pay_period").rows() == [
        ("structured", 120_000.0, "year")
    ]


def test_implausible_structured_pay_without_a_plausible_text_is_quarantined() -> None:
    staging = _staging(
        [
            _structured(800.0, 800.0, "month", "$800"),  # the text reads a month too
            _structured(26.0, 26.0, "year", None),  # no pay text; the body names no pay
        ]
    )
    records, quarantine = normalize_records(staging)
    assert records["pay_min"].to_list() == [None, None]
    assert sorted(quarantine["reason"]) == [
        "annual pay below 10,000 USD (26.0-26.0 USD/year)",
        "annual pay below 10,000 USD (800.0-800.0 USD/month)",
    ]
