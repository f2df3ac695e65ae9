"""Reads of the crawl's continuity: every board's snapshots (which were outages) and every
source record's board with the first and last crawl of that board, from the raw-file ledger and
the sightings. Returns Polars frames (DuckDB `.pl()`); `analytics.marts.sightings` turns them
into each canonical posting's first crawl, open/closed state and days open.

A board is one posting file per snapshot: `<source>/<date>/<board>.<suffix>` (collected or
imported) or `sample/<date>/<source>/<board>.<suffix>` (the sample market); its key is the path
without the date and the suffix ("ashby/acme"). Greenhouse pay details
(`greenhouse/<date>/<board>/<job>.json`) are not boards. A board file quarantined whole (not
JSON, cut short) was not observed: it counts as no snapshot of the board.

Outage rule (`outage_min_postings` of `out_posting_durations`): a snapshot in which a board
that listed postings (at least that many) lists none is an outage, not closures, when the
board's next snapshot lists any of them again or when the board has no later snapshot yet
(kept open, with a warning); when the next snapshot lacks them too, they closed. A board that
lists other postings instead is working: its vanished postings closed. An outage snapshot is
left out of the board's observed crawls, so its postings' last sighting is the crawl before
and they count as open.

May import: duckdb, polars, `contract`, `warehouse.staging`.
"""

from __future__ import annotations

import duckdb
import polars as pl

from contract.marts import mart
from contract.sources import SAMPLE_SOURCE, posting_sources
from contract.staging import WHOLE_FILE

OUTAGE_MIN_POSTINGS = mart("out_posting_durations").threshold_int("outage_min_postings")

BOARD_SNAPSHOT_SCHEMA = {
    "source": pl.String,
    "board": pl.String,
    "snapshot_date": pl.Date,
    "n_postings": pl.Int64,
    "n_previous": pl.Int64,
    "n_kept": pl.Int64,
    "is_outage": pl.Boolean,
}
RECORD_SCHEMA = {
    "source": pl.String,
    "source_posting_id": pl.String,
    "board": pl.String,
    "record_first_seen": pl.Date,
    "record_last_seen": pl.Date,
    "board_first_crawl": pl.Date,
    "board_last_crawl": pl.Date,
    "board_last_fetch": pl.Date,
    "board_crawls": pl.Int64,
    "crawl_before_first_seen": pl.Date,
    "crawl_after_last_seen": pl.Date,
}

# Board files of the posting sources (not quarantined whole), with their board key.
_BOARD_FILES = """
    CREATE OR REPLACE TEMP TABLE _board_files AS
    SELECT f.raw_file, f.source, f.snapshot_date,
           f.source || '/' || regexp_replace(
               parse_filename(f.raw_file), '\\.(json|html)(\\.gz)?$', ''
           ) AS board
    FROM raw_files AS f
    WHERE f.source IN (SELECT unnest($sources::VARCHAR[]))
      AND f.snapshot_date IS NOT NULL
      AND (
          len(string_split(f.raw_file, '/')) = 3
          OR (len(string_split(f.raw_file, '/')) = 4
              AND split_part(f.raw_file, '/', 1) = $sample
              AND split_part(f.raw_file, '/', 3) = f.source)
      )
      AND NOT EXISTS (
          SELECT 1 FROM quarantine AS q WHERE q.file = f.raw_file AND q.record = $whole
      )
"""

# One row per board snapshot: postings listed, the previous snapshot's count, how many of the
# previous snapshot's postings it still lists, and whether it is an outage.
_BOARD_SNAPSHOTS = """
    CREATE OR REPLACE TEMP TABLE _board_snapshots AS
    WITH snaps AS (
        SELECT source, board, snapshot_date,
               row_number() OVER (PARTITION BY source, board ORDER BY snapshot_date) AS r
        FROM (SELECT DISTINCT source, board, snapshot_date FROM _board_files)
    ),
    seen AS (
        SELECT DISTINCT n.source, n.board, n.r, s.source_posting_id
        FROM raw_sightings AS s
        JOIN _board_files AS f ON f.raw_file = s.raw_file
        JOIN snaps AS n ON n.source = f.source AND n.board = f.board
                       AND n.snapshot_date = f.snapshot_date
    ),
    chained AS (
        SELECT source, board, r,
               lag(r) OVER (PARTITION BY source, board, source_posting_id ORDER BY r) AS prev_r
        FROM seen
    ),
    counts AS (
        SELECT source, board, r, count(*) AS n_postings,
               count(*) FILTER (WHERE prev_r = r - 1) AS n_kept
        FROM chained GROUP BY ALL
    ),
    back AS (  -- postings listed at r + 1 and r - 1 but not at r: credited to snapshot r
        SELECT source, board, r - 1 AS r, count(*) AS n_back
        FROM chained WHERE prev_r = r - 2 GROUP BY ALL
    ),
    joined AS (
        SELECT n.source, n.board, n.snapshot_date, n.r,
               coalesce(c.n_postings, 0) AS n_postings,
               coalesce(c.n_kept, 0) AS n_kept,
               coalesce(b.n_back, 0) AS n_back,
               max(n.r) OVER (PARTITION BY n.source, n.board) AS last_r
        FROM snaps AS n
        LEFT JOIN counts AS c USING (source, board, r)
        LEFT JOIN back AS b USING (source, board, r)
    )
    SELECT source, board, snapshot_date, n_postings,
           lag(n_postings) OVER w AS n_previous, n_kept,
           coalesce(
               lag(n_postings) OVER w >= $outage_min AND n_postings = 0
               AND (r = last_r OR n_back > 0),
               FALSE
           ) AS is_outage
    FROM joined
    WINDOW w AS (PARTITION BY source, board ORDER BY r)
"""

_RECORDS = """
    WITH boards AS (
        SELECT source, board,
               min(snapshot_date) FILTER (WHERE NOT is_outage) AS board_first_crawl,
               max(snapshot_date) FILTER (WHERE NOT is_outage) AS board_last_crawl,
               max(snapshot_date) AS board_last_fetch,
               count(*) FILTER (WHERE NOT is_outage) AS board_crawls
        FROM _board_snapshots GROUP BY ALL
    ),
    records AS (
        SELECT s.source, s.source_posting_id,
               arg_max(f.board, s.snapshot_date) AS board,
               min(s.snapshot_date) AS record_first_seen,
               max(s.snapshot_date) AS record_last_seen
        FROM raw_sightings AS s
        JOIN _board_files AS f ON f.raw_file = s.raw_file
        GROUP BY ALL
    ),
    observed AS (
        SELECT source, board, snapshot_date FROM _board_snapshots WHERE NOT is_outage
    ),
    before AS (  -- the board's last observed crawl before the record was first seen
        SELECT r.source, r.source_posting_id, o.snapshot_date AS crawl_before_first_seen
        FROM records AS r
        ASOF JOIN observed AS o
          ON o.source = r.source AND o.board = r.board AND r.record_first_seen > o.snapshot_date
    ),
    after AS (  -- the board's first observed crawl after the record was last seen
        SELECT r.source, r.source_posting_id, o.snapshot_date AS crawl_after_last_seen
        FROM records AS r
        ASOF JOIN observed AS o
          ON o.source = r.source AND o.board = r.board AND r.record_last_seen < o.snapshot_date
    )
    SELECT r.source, r.source_posting_id, r.board, r.record_first_seen, r.record_last_seen,
           b.board_first_crawl, b.board_last_crawl, b.board_last_fetch,
           b.board_crawls::BIGINT AS board_crawls,
           f.crawl_before_first_seen, a.crawl_after_last_seen
    FROM records AS r
    LEFT JOIN boards AS b USING (source, board)
    LEFT JOIN before AS f USING (source, source_posting_id)
    LEFT JOIN after AS a USING (source, source_posting_id)
"""


def _prepare(con: duckdb.DuckDBPyConnection, outage_min: int) -> None:
    sources = [record.id for record in posting_sources()]
    con.execute(
        _BOARD_FILES, {"sources": sources, "sample": SAMPLE_SOURCE.id, "whole": WHOLE_FILE}
    ).fetchall()
    con.execute(_BOARD_SNAPSHOTS, {"outage_min": outage_min}).fetchall()


def _drop(con: duckdb.DuckDBPyConnection) -> None:
    for name in ("_board_snapshots", "_board_files"):
        con.execute(f"DROP TABLE IF EXISTS {name}").fetchall()


def crawl_continuity(
    con: duckdb.DuckDBPyConnection, outage_min: int = OUTAGE_MIN_POSTINGS
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(board snapshots, source records): one row per board x snapshot date (columns
    `BOARD_SNAPSHOT_SCHEMA`) and one per source record seen on a board (`RECORD_SCHEMA`:
    its board, first and last sighting, the board's first and last observed crawl, the last
    fetch including an outage, its number of observed crawls, and the board's observed crawls
    just before the first sighting and just after the last)."""
    try:
        _prepare(con, outage_min)
        snapshots = con.sql(
            "SELECT * FROM _board_snapshots ORDER BY source, board, snapshot_date"
        ).pl()
        records = con.sql(_RECORDS).pl()
    finally:
        _drop(con)
    return (
        snapshots.cast(BOARD_SNAPSHOT_SCHEMA).select(list(BOARD_SNAPSHOT_SCHEMA)),  # type: ignore[arg-type]
        records.cast(RECORD_SCHEMA).select(list(RECORD_SCHEMA)),  # type: ignore[arg-type]
    )
