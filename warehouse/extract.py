"""Reads the build needs from the warehouse: the latest version of every source record with
its first and last sighting (Greenhouse pay details filled in), the raw-file ledger by folder
and source, reference tables and the core tables. Returns Polars frames (DuckDB `.pl()`).

May import: duckdb, polars, `warehouse.staging` (table and column names).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import duckdb
import polars as pl

from warehouse.staging import STAGING_COLUMN_LIST, posting_tables

_KEY_COLUMNS = "source, source_posting_id, content_hash, raw_file, posted_at"
_LATEST_KEYS = "_latest_source_keys"


def _create_latest_keys(con: duckdb.DuckDBPyConnection) -> None:
    """A temporary table naming the newest version of every (source, source_posting_id) and
    its first and last sighting, computed on the narrow key columns only (the HTML is not
    touched, so the window runs in little memory).

    first_seen is the first snapshot holding the record, but never before the record's own
    published date (the earliest `posted_at` of its versions): a snapshot dated before the
    posting existed (an import with a wrong `--captured` date) says nothing about when it
    appeared. It never passes last_seen either, so a record whose published date is after
    every sighting (dates that contradict each other) keeps first_seen = last_seen."""
    keys = " UNION ALL ".join(
        f"SELECT {_KEY_COLUMNS} FROM {table}" for table in posting_tables().values()
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {_LATEST_KEYS} AS
        WITH seen AS (
            SELECT source, source_posting_id,
                   min(snapshot_date) AS first_seen,
                   max(snapshot_date) AS last_seen,
                   arg_max(content_hash, snapshot_date) AS latest_hash
            FROM raw_sightings GROUP BY source, source_posting_id
        ),
        keys AS ({keys}),
        published AS (
            SELECT source, source_posting_id, min(CAST(posted_at AS DATE)) AS published_date
            FROM keys GROUP BY source, source_posting_id
        )
        SELECT k.source, k.source_posting_id, k.content_hash, k.raw_file,
               greatest(
                   s.first_seen, least(coalesce(p.published_date, s.first_seen), s.last_seen)
               ) AS first_seen,
               s.last_seen
        FROM keys k
        JOIN seen s ON s.source = k.source AND s.source_posting_id = k.source_posting_id
                   AND s.latest_hash = k.content_hash
        LEFT JOIN published p ON p.source = k.source
                             AND p.source_posting_id = k.source_posting_id
        QUALIFY row_number() OVER (PARTITION BY k.source, k.source_posting_id
                                   ORDER BY k.raw_file DESC) = 1
        """
    ).fetchall()


def _latest_records_query() -> str:
    union = " UNION ALL ".join(
        f"SELECT {STAGING_COLUMN_LIST} FROM {table}" for table in posting_tables().values()
    )
    return f"""
        WITH gh_pay AS (
            SELECT source_posting_id, any_value(pay_min) AS gh_min, any_value(pay_max) AS gh_max,
                   any_value(pay_currency) AS gh_cur, any_value(pay_period) AS gh_period,
                   any_value(pay_text) AS gh_text
            FROM raw_greenhouse_pay GROUP BY source_posting_id
        ),
        records AS ({union})
        SELECT r.* REPLACE (
                   CASE WHEN r.pay_min IS NULL AND r.source = 'greenhouse' THEN g.gh_min
                        ELSE r.pay_min END AS pay_min,
                   CASE WHEN r.pay_min IS NULL AND r.source = 'greenhouse' THEN g.gh_max
                        ELSE r.pay_max END AS pay_max,
                   CASE WHEN r.pay_min IS NULL AND r.source = 'greenhouse' THEN g.gh_cur
                        ELSE r.pay_currency END AS pay_currency,
                   CASE WHEN r.pay_min IS NULL AND r.source = 'greenhouse' THEN g.gh_period
                        ELSE r.pay_period END AS pay_period,
                   coalesce(r.pay_text, g.gh_text) AS pay_text
               ),
               k.first_seen, k.last_seen
        FROM records r
        JOIN {_LATEST_KEYS} k ON k.source = r.source AND k.source_posting_id = r.source_posting_id
                             AND k.content_hash = r.content_hash AND k.raw_file = r.raw_file
        LEFT JOIN gh_pay g ON r.source = 'greenhouse'
                          AND g.source_posting_id = r.source_posting_id
    """


def latest_source_record_count(con: duckdb.DuckDBPyConnection) -> int:
    """How many rows `latest_source_records` has: one per (source, source_posting_id) seen."""
    return con.execute(
        "SELECT count(*) FROM (SELECT DISTINCT source, source_posting_id FROM raw_sightings)"
    ).fetchall()[0][0]


def arrow_batches(relation: duckdb.DuckDBPyRelation, rows: int) -> Iterator:
    """The relation's rows as Arrow record batches of about `rows` rows. DuckDB 2 names the
    reader `to_arrow_reader`; DuckDB 1.x (the declared lower bound) `fetch_arrow_reader`."""
    reader = getattr(relation, "to_arrow_reader", None) or relation.fetch_arrow_reader
    return iter(reader(rows))


def latest_source_record_chunks(
    con: duckdb.DuckDBPyConnection, chunk_rows: int = 100_000
) -> Iterator[pl.DataFrame]:
    """`latest_source_records` streamed in frames of about `chunk_rows` rows (any order), so
    a build never holds every posting's HTML at once. Run no other query on `con` until the
    iterator is exhausted."""
    _create_latest_keys(con)
    try:
        reader = arrow_batches(con.sql(_latest_records_query()), chunk_rows)
        pending: list[pl.DataFrame] = []
        size = 0
        for batch in reader:
            frame = pl.from_arrow(batch)
            assert isinstance(frame, pl.DataFrame)
            pending.append(frame)
            size += frame.height
            if size >= chunk_rows:
                yield pl.concat(pending, rechunk=True)
                pending, size = [], 0
        if pending:
            yield pl.concat(pending, rechunk=True)
    finally:
        con.execute(f"DROP TABLE IF EXISTS {_LATEST_KEYS}").fetchall()


def latest_source_records(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """One row per (source, source_posting_id): its newest content, first_seen, last_seen.

    Greenhouse pay-transparency details fill the structured pay of postings that have none.
    """
    _create_latest_keys(con)
    try:
        return con.sql(_latest_records_query()).pl()
    finally:
        con.execute(f"DROP TABLE IF EXISTS {_LATEST_KEYS}").fetchall()


def loaded_file_groups(
    con: duckdb.DuckDBPyConnection,
) -> list[tuple[str, str, date | None, date | None, int]]:
    """The ledger per top-level raw folder and source: (folder, source, first snapshot date,
    last snapshot date, files), ordered by folder and source."""
    return con.execute(
        "SELECT split_part(raw_file, '/', 1) AS root, source, min(snapshot_date), "
        "max(snapshot_date), count(*) FROM raw_files GROUP BY ALL ORDER BY ALL"
    ).fetchall()


def table(con: duckdb.DuckDBPyConnection, name: str) -> pl.DataFrame:
    allowed = {
        "core_postings",
        "core_posting_skills",
        "core_posting_sources",
        "core_talent_pool",
        "core_wage_benchmarks",
        "core_soc_crosswalk",
        "core_survey_skill_prevalence",
        "core_h1b_wages",
        "core_hiring_lab_series",
        "core_fx_monthly",
        "quarantine",
        "raw_files",
    }
    if name not in allowed:
        raise ValueError(f"not a readable table: {name}")
    return con.sql(f"SELECT * FROM {name}").pl()
