"""Equity, bonus and commission beside base pay reach the normalized records and the core
postings as columns of their own; base pay is never changed by them (issue #12)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import polars as pl

from analytics.normalize.pay_components import PAY_COMPONENT_COLUMNS
from analytics.normalize.postings import (
    CORE_POSTING_COLUMNS,
    build_core_postings,
    normalize_records,
)
from ingest.staging import rows_frame

SALARY = {"pay_min": 100_000.0, "pay_max": 120_000.0, "pay_currency": "USD", "pay_period": "year"}


def _components(*entries: tuple) -> str:
    keys = ("kind", "min", "max", "currency", "period")
    return json.dumps([dict(zip(keys, entry, strict=True)) for entry in entries])


def _staging(rows: list[dict]) -> pl.DataFrame:
    base = {
        "source": "ashby",
        "board": "acme",
        "company": "Acme",
        "title": "Machine Learning Engineer",
        "location_text": "New York, NY",
        "posted_at": datetime(2025, 10, 1, tzinfo=UTC),
        "description_text": "Build models.",
        "raw_file": "ashby/2025-10-31/acme.json",
        "record_index": 0,
        "content_hash": "h",
    }
    records = [
        base | {"source_posting_id": str(i), "url": f"https://example.com/{i}"} | row
        for i, row in enumerate(rows)
    ]
    return rows_frame(records).with_columns(
        pl.lit(date(2025, 10, 31)).alias("first_seen"),
        pl.lit(date(2025, 10, 31)).alias("last_seen"),
    )


def _records(rows: list[dict]) -> pl.DataFrame:
    records, _ = normalize_records(_staging(rows))
    return records.sort(pl.col("source_posting_id").cast(pl.Int32))


def test_flags_and_amounts_per_kind() -> None:
    records = _records(
        [
            SALARY
            | {
                "pay_components": _components(
                    ("equity_percent", 0.05, 0.15, None, None),
                    ("bonus", 15_000, 20_000, "USD", "year"),
                    ("commission", None, None, None, None),
                )
            },
            SALARY | {"pay_components": _components(("equity_value", 2_000, None, "USD", "month"))},
            SALARY | {"pay_components": "[]"},
            SALARY,  # a source that lists no components
        ]
    )
    got = records.select(PAY_COMPONENT_COLUMNS).rows()
    assert got == [
        (True, True, True, 0.05, 0.15, 15_000.0, 20_000.0, None, None, None, None),
        (True, False, False, None, None, None, None, None, None, 24_000.0, 24_000.0),
        (False, False, False, None, None, None, None, None, None, None, None),
        (None, None, None, None, None, None, None, None, None, None, None),
    ]
    # base pay exactly as without components
    assert set(records.select("pay_min_annual", "pay_max_annual").rows()) == {
        (100_000.0, 120_000.0)
    }


def test_an_amount_in_another_currency_than_base_is_left_out_not_mixed() -> None:
    records = _records(
        [SALARY | {"pay_components": _components(("bonus", 10_000, 12_000, "EUR", "year"))}]
    )
    row = records.row(0, named=True)
    assert row["offers_bonus"] is True
    assert (row["bonus_min_annual"], row["bonus_max_annual"]) == (None, None)
    assert row["currency"] == "USD"


def test_components_reach_core_postings_from_the_record_that_gives_the_pay() -> None:
    core = build_core_postings(
        _staging([SALARY | {"pay_components": _components(("bonus", 5_000, 9_000, "USD", "year"))}])
    )
    assert set(PAY_COMPONENT_COLUMNS) <= set(CORE_POSTING_COLUMNS)
    row = core.postings.row(0, named=True)
    assert (row["offers_bonus"], row["bonus_min_annual"], row["bonus_max_annual"]) == (
        True,
        5_000.0,
        9_000.0,
    )
    assert (row["pay_min_annual"], row["pay_max_annual"]) == (100_000.0, 120_000.0)
