"""first_seen and last_seen of a source record: the first and last snapshot holding it, but
first_seen never before the record's own published date (an import dated too early says
nothing about when the posting appeared) and never after last_seen."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest

from warehouse import load
from warehouse.extract import latest_source_records
from warehouse.migrate import connect

WRONG, RIGHT, LATER = date(2025, 1, 1), date(2025, 10, 31), date(2025, 11, 30)


@pytest.fixture
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    connection = connect(tmp_path / "w.duckdb")
    yield connection
    connection.close()


def _load(con: duckdb.DuckDBPyConnection, day: date, postings: dict[str, tuple]) -> None:
    """One snapshot of board acme: posting id -> (content hash, posted_at or None)."""
    raw_file = f"ashby/{day}/acme.json"
    ids = list(postings)
    rows = pl.DataFrame(
        {
            "source": ["ashby"] * len(ids),
            "board": ["acme"] * len(ids),
            "source_posting_id": ids,
            "title": ["ML Engineer"] * len(ids),
            "posted_at": [postings[i][1] for i in ids],
            "raw_file": [raw_file] * len(ids),
            "record_index": list(range(len(ids))),
            "content_hash": [postings[i][0] for i in ids],
        },
        schema_overrides={"posted_at": pl.Datetime("us", "UTC")},
    )
    quarantine = pl.DataFrame(
        schema={"source": pl.String, "file": pl.String, "record": pl.String, "reason": pl.String}
    )
    entry = load.LoadedFile(raw_file, "ashby", day, raw_file, 10, len(ids), 0)
    load.load_posting_batch(con, rows, quarantine, [entry], {raw_file: day})


def _seen(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[date, date]]:
    frame = latest_source_records(con)
    return {
        pid: (first, last)
        for pid, first, last in frame.select("source_posting_id", "first_seen", "last_seen").rows()
    }


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 15, 30, tzinfo=UTC)


def test_an_import_dated_before_the_posting_does_not_move_first_seen(con) -> None:
    published = date(2025, 10, 20)
    _load(
        con,
        WRONG,  # --captured 2025-01-01, months before the postings were published
        {"a": ("h1", at(published)), "b": ("h2", None), "c": ("h3", at(date(2024, 6, 1)))},
    )
    _load(
        con,
        RIGHT,
        {"a": ("h1", at(published)), "b": ("h2", None), "c": ("h3", at(date(2024, 6, 1)))},
    )
    seen = _seen(con)
    assert seen["a"] == (published, RIGHT)  # not January: it was published in October
    assert seen["b"] == (WRONG, RIGHT)  # no published date: the sightings are all we know
    assert seen["c"] == (WRONG, RIGHT)  # published long before: first sighting stands


def test_the_earliest_published_date_of_any_version_counts(con) -> None:
    _load(con, WRONG, {"a": ("v1", at(date(2025, 10, 1)))})
    _load(con, RIGHT, {"a": ("v1", at(date(2025, 10, 1)))})
    _load(con, LATER, {"a": ("v2", at(date(2025, 11, 15)))})  # republished with a later date
    assert _seen(con)["a"] == (date(2025, 10, 1), LATER)


def test_published_after_every_sighting_keeps_first_seen_at_last_seen(con) -> None:
    _load(con, WRONG, {"a": ("h1", at(RIGHT))})
    first, last = _seen(con)["a"]
    assert first == last == WRONG  # contradictory dates: never a sighting that did not happen
