"""Fuzz the vectorized normalizer (issue 17) the way the build runs it: staging rows parsed from
the recorded fixtures, with hostile values put in their columns (any text, markup, 1 MB
strings, pay that is NaN, infinite, negative, inverted or huge, unknown currencies and periods,
dates in year 1 and 9999), are normalized chunk-wise through `isolate.isolated(prepare_records)`
and deduplicated (`finish_core_postings`).

Properties: nothing raises; every staging row becomes a normalized record or a quarantine row
naming it (0 silent losses); the only records quarantined are those without a title, which
`titles.classify_titles` refuses by design (parsers never emit one) — any other quarantined
record is a normalizer crash and fails the test with its reason.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analytics.normalize import isolate
from analytics.normalize.postings import finish_core_postings, prepare_records
from contract.sources import posting_sources
from ingest.parse_runs import source_parser
from tests.fuzz.mutations import HOSTILE_STRINGS, fuzz_settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
TEXT_COLUMNS = [
    "company",
    "title",
    "location_text",
    "city_hint",
    "region_hint",
    "country_hint",
    "url",
    "description_html",
    "description_text",
    "employment_type",
    "pay_text",
    "pay_currency",
    "pay_period",
]
VALID_TEXT = [s for s in HOSTILE_STRINGS if "\ud800" not in s and "\udc80" not in s]
VALID_TEXT = [s.encode("utf-8", "replace").decode("utf-8") for s in VALID_TEXT] + [
    "x" * 1_000_000,
    "<p>" * 100_000,
    "Remote (US) / Berlin, DE / " * 50,
    "USD",
    "EUR",
    "XXX",
    "year",
    "hour",
    "fortnight",
]
PAY_VALUES = [None, 0.0, -1.0, 1.0, 1e12, 1e308, float("nan"), float("inf"), -float("inf")]
DATES = [
    None,
    datetime(1, 1, 1, tzinfo=UTC),
    datetime(1970, 1, 1, tzinfo=UTC),
    datetime(9999, 12, 31, 23, 59, tzinfo=UTC),
    datetime(2025, 10, 1, tzinfo=UTC),
]


def staging_rows() -> pl.DataFrame:
    """Staging rows of every posting fixture, with first/last seen as the build adds them."""
    frames = []
    for record in posting_sources():
        for path in sorted((FIXTURES / record.id).glob("*")):
            if path.is_file() and path.suffix in (".json", ".html"):
                rel = f"{record.id}/2025-10-31/{path.name}"
                parsed = source_parser(record.id).parse_records(path.read_bytes(), rel, "acme")
                frames.append(parsed.result().rows)
    rows = pl.concat(frames).unique(["source", "source_posting_id"], keep="first")
    seen = pl.lit(date(2025, 10, 31))
    return rows.with_columns(seen.alias("first_seen"), seen.alias("last_seen")).sort(
        "source", "source_posting_id"
    )


ROWS = staging_rows()


@st.composite
def hostile_staging(draw: st.DrawFn) -> pl.DataFrame:
    """The fixtures' staging rows with 1-8 cells replaced by hostile values."""
    frame = ROWS.clone()
    for _ in range(draw(st.integers(1, 8))):
        row = draw(st.integers(0, frame.height - 1))
        column = draw(st.sampled_from([*TEXT_COLUMNS, "pay_min", "pay_max", "posted_at", "remote"]))
        if column in ("pay_min", "pay_max"):
            value = draw(st.sampled_from(PAY_VALUES))
        elif column == "posted_at":
            value = draw(st.sampled_from(DATES))
        elif column == "remote":
            column, value = "is_remote_hint", draw(st.sampled_from([None, True, False]))
        else:
            value = draw(st.one_of(st.sampled_from(VALID_TEXT), st.text(max_size=40), st.none()))
        series = frame[column].to_list()
        series[row] = value
        frame = frame.with_columns(pl.Series(column, series, dtype=frame.schema[column]))
    return frame


@fuzz_settings(8)
@given(staging=hostile_staging())
def test_hostile_staging_rows_are_normalized_or_quarantined_by_design(
    staging: pl.DataFrame,
) -> None:
    records, quarantine = isolate.isolated(partial(prepare_records, rates=None), staging)
    failed = quarantine.filter(pl.col("reason").str.starts_with("normalize failed"))
    titles = dict(zip(staging["source_posting_id"], staging["title"], strict=True))
    for record, reason in zip(failed["record"], failed["reason"], strict=True):
        title = titles[record]
        assert title is None or not title.strip(), f"{record} ({title!r}): {reason}"
    assert records.height + failed.height == staging.height
    assert set(records["source_posting_id"]) | set(failed["record"]) == set(
        staging["source_posting_id"]
    )
    core = finish_core_postings(records, quarantine)
    assert 0 < core.postings.height <= records.height or records.height == 0


def test_a_chunk_of_only_poison_records_keeps_its_columns() -> None:
    """When every row fails, the step on no rows gives the records' columns."""
    staging = ROWS.head(3).with_columns(pl.lit(" ").alias("title"))
    records, quarantine = isolate.isolated(partial(prepare_records, rates=None), staging)
    assert records.height == 0 and records.width > 0
    assert quarantine["reason"].str.starts_with("normalize failed: ValueError").all()


def test_a_step_broken_for_every_input_still_raises() -> None:
    def broken(frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
        raise RuntimeError("broken step")

    with pytest.raises(RuntimeError, match="broken step"):
        isolate.isolated(broken, ROWS)
