"""`out_market_context`: Hiring Lab series with source and attribution; empty with schema."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl

from analytics.marts.market_context import MARKET_CONTEXT_SCHEMA, out_market_context
from ingest.sources import hiring_lab
from warehouse import metadata

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "reference" / "hiring_lab"
ATTRIBUTION = "Source: Indeed Hiring Lab, CC BY 4.0"


def test_empty_when_nothing_is_loaded() -> None:
    for series in (None, pl.DataFrame()):
        mart = out_market_context(series, ATTRIBUTION)
        assert mart.height == 0
        assert mart.schema == pl.Schema(MARKET_CONTEXT_SCHEMA)


def test_rows_carry_series_label_source_and_attribution() -> None:
    parts = [
        hiring_lab.parse((FIXTURES / n).read_bytes(), n).rows
        for n in ("AI_posting.csv", "pay-transparency-country.csv")
    ]
    series = pl.concat(parts).with_columns(pl.lit(date(2025, 11, 1)).alias("retrieved_date"))
    mart = out_market_context(series, ATTRIBUTION)
    assert mart.height == series.height == 3 + 6
    assert set(mart["attribution"]) == {ATTRIBUTION}
    assert set(mart["source"]) == {"Indeed Hiring Lab"}
    assert mart["universe"][0].startswith("all Indeed job postings")
    us = mart.filter((pl.col("series") == "ai_share_postings") & (pl.col("country") == "US"))
    assert us.select("date", "value", "series_label").rows() == [
        (date(2025, 1, 1), 4.5, "AI share of postings (7-day average)"),
        (date(2025, 1, 2), 4.75, "AI share of postings (7-day average)"),
    ]
    assert mart.schema == pl.Schema(MARKET_CONTEXT_SCHEMA)


def test_duplicate_observations_keep_the_last_file() -> None:
    first = pl.DataFrame(
        {
            "series": ["ai_share_postings"],
            "country": ["US"],
            "sector": ["all"],
            "date": [date(2025, 1, 1)],
            "value": [4.0],
            "unit": ["percent"],
        }
    )
    second = first.with_columns(pl.lit(4.2).alias("value"))
    mart = out_market_context(pl.concat([first, second]), ATTRIBUTION)
    assert mart["value"].to_list() == [4.2]


def test_documented_in_metadata_with_every_column() -> None:
    doc = metadata.MARTS["out_market_context"]
    assert set(doc["columns"]) == set(MARKET_CONTEXT_SCHEMA)
    assert "CC BY 4.0" in metadata.SOURCES["hiring_lab"]["license"]
    assert "Hiring Lab" in metadata.SOURCES["hiring_lab"]["attribution"]
