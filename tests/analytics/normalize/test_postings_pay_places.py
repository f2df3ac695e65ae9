"""core_postings carries pay_kind and the new place columns; pay in a currency the FX table
lacks is quarantined with the reason, never silently dropped (issue #11)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import polars as pl

from analytics.normalize.postings import CORE_POSTING_COLUMNS, normalize_records
from ingest.staging import rows_frame


def _staging(rows: list[dict]) -> pl.DataFrame:
    base = {
        "source": "ashby",
        "board": "acme",
        "company": "Acme",
        "title": "Machine Learning Engineer",
        "posted_at": datetime(2025, 10, 1, tzinfo=UTC),
        "url": "https://example.com/job",
        "description_text": "Build models.",
        "raw_file": "ashby/2025-10-31/acme.json",
        "record_index": 0,
        "content_hash": "h",
    }
    records = [base | {"source_posting_id": str(i)} | row for i, row in enumerate(rows)]
    return rows_frame(records).with_columns(
        pl.lit(date(2025, 10, 31)).alias("first_seen"),
        pl.lit(date(2025, 10, 31)).alias("last_seen"),
    )


def test_pay_kind_and_place_columns_reach_the_records() -> None:
    staging = _staging(
        [
            {"pay_text": "OTE $75-85k", "location_text": "Remote - EMEA"},
            {
                "pay_min": 125_000.0,
                "pay_max": 145_000.0,
                "pay_currency": "USD",
                "pay_period": "year",
                "pay_text": "$125K – $145K • OTE",
                "location_text": "U.S. Hybrid/Remote",
            },
            {"pay_text": "$150K – $180K", "location_text": "Kiel, Germany"},
        ]
    )
    records, quarantine = normalize_records(staging)
    assert {"pay_kind", "is_hybrid", "place_region", "place_level"} <= set(CORE_POSTING_COLUMNS)
    got = records.sort("source_posting_id").select(
        "pay_kind", "pay_source", "country", "place_region", "place_level", "is_hybrid"
    )
    assert got.rows() == [
        ("ote", "text", None, "EMEA", "world_region", False),
        ("ote", "structured", "US", None, "country", True),
        ("base", "text", "DE", None, "city", False),
    ]
    assert quarantine.height == 0


def test_pay_in_a_currency_without_a_rate_is_quarantined_with_the_reason() -> None:
    # the sol: the ECB publishes no rate for it, so neither the shipped table nor `ingest fx` has
    staging = _staging([{"pay_text": "PEN\u00a03.5K – PEN\u00a06K per month"}])
    records, quarantine = normalize_records(staging)
    assert records.height == 1  # the posting stays, its pay is nulled
    assert records["pay_min"].to_list() == [None] and records["pay_kind"].to_list() == [None]
    assert quarantine["reason"].to_list() == [
        "pay: no USD rate for currency PEN (3500.0-6000.0 PEN/month)"
    ]
