"""Keyed, idempotent loads into the warehouse.

Raw files are loaded once: the `raw_files` ledger is keyed by the file's path relative to the
raw root and records its sha256; a file already in the ledger is skipped, and a file whose bytes
changed under the same name is an error (raw is immutable). Posting content is keyed by
(source_posting_id, content_hash): a posting seen again unchanged in a later snapshot adds only
a sighting. Each batch is one transaction, so an interrupted load leaves nothing half-written.
Core tables are replaced whole inside a transaction.

May import: the standard library, duckdb, polars.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime

import duckdb
import polars as pl

POSTING_TABLES = {
    "ashby": "raw_ashby_postings",
    "greenhouse": "raw_greenhouse_postings",
    "lever": "raw_lever_postings",
    "hn": "raw_hn_postings",
    "jsonld": "raw_jsonld_postings",
}
CORE_TABLES = (
    "core_postings",
    "core_posting_sources",
    "core_posting_skills",
    "core_talent_pool",
    "core_wage_benchmarks",
    "core_soc_crosswalk",
)


class LoadError(RuntimeError):
    """A load would break an invariant of the warehouse."""


@dataclass(frozen=True)
class LoadedFile:
    raw_file: str
    source: str
    snapshot_date: date | None
    sha256: str
    size_bytes: int
    n_rows: int
    n_quarantined: int


def loaded_files(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """raw_file -> sha256 of every file already loaded."""
    return dict(con.execute("SELECT raw_file, sha256 FROM raw_files").fetchall())


def check_unchanged(con: duckdb.DuckDBPyConnection, raw_file: str, sha256: str) -> bool:
    """True when the file is already loaded; raises when it was loaded with other bytes."""
    rows = con.execute("SELECT sha256 FROM raw_files WHERE raw_file = ?", [raw_file]).fetchall()
    if not rows:
        return False
    if rows[0][0] != sha256:
        raise LoadError(
            f"{raw_file}: bytes changed since it was loaded (raw files are immutable); "
            "write new data to a new snapshot directory"
        )
    return True


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()]


def _insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    if frame.height == 0:
        return
    cols = [c for c in _columns(con, table) if c in frame.columns]
    col_list = ", ".join(cols)
    # one contiguous chunk per column: DuckDB scans a many-chunk Arrow table slowly
    con.register("_incoming", frame.select(cols).rechunk())
    try:
        con.execute(f"INSERT INTO {table} ({col_list}) SELECT {col_list} FROM _incoming").fetchall()
    finally:
        con.unregister("_incoming")


BULK_CHECKPOINT_THRESHOLD = "1TB"


@contextmanager
def deferred_checkpoint(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """A bulk load of many batches with one checkpoint at the end. DuckDB otherwise
    checkpoints whenever its write-ahead log passes 16 MB, i.e. after nearly every batch of
    HTML, compressing the tables' partly filled row groups again each time: at 1M postings
    (39 snapshots) that cost 52 s of a 151 s load. Every batch is still committed (to the
    log), so an interrupted load keeps what it committed."""
    threshold = con.execute("SELECT current_setting('checkpoint_threshold')").fetchall()[0][0]
    con.execute(f"SET checkpoint_threshold = '{BULK_CHECKPOINT_THRESHOLD}'").fetchall()
    try:
        yield
    finally:
        con.execute(f"SET checkpoint_threshold = '{threshold}'").fetchall()
        con.execute("CHECKPOINT").fetchall()


def load_posting_batch(
    con: duckdb.DuckDBPyConnection,
    rows: pl.DataFrame,
    quarantine: pl.DataFrame,
    files: list[LoadedFile],
    snapshot_of_file: dict[str, date | None],
) -> dict[str, int]:
    """Load parsed staging rows of one batch of raw files in a single transaction.

    Returns counts: new_content (posting versions not seen before) and sightings.
    """
    counts = {"new_content": 0, "sightings": 0}
    sightings = rows.select("source", "source_posting_id", "content_hash", "raw_file").with_columns(
        pl.col("raw_file")
        .replace_strict(snapshot_of_file, default=None, return_dtype=pl.Date)
        .alias("snapshot_date")
    )
    con.execute("BEGIN TRANSACTION").fetchall()
    try:
        for source, table in POSTING_TABLES.items():
            part = rows.filter(pl.col("source") == source).unique(
                ["source_posting_id", "content_hash"], keep="first", maintain_order=True
            )
            if part.height == 0:
                continue
            con.register("_batch", part.rechunk())
            try:
                before = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
                cols = ", ".join(c for c in _columns(con, table) if c in part.columns)
                con.execute(
                    f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _batch b "
                    f"WHERE NOT EXISTS (SELECT 1 FROM {table} t "
                    "WHERE t.source_posting_id = b.source_posting_id "
                    "AND t.content_hash = b.content_hash)"
                ).fetchall()
                after = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
                counts["new_content"] += after - before
            finally:
                con.unregister("_batch")
        _insert_frame(con, "raw_sightings", sightings)
        counts["sightings"] = sightings.height
        _insert_frame(con, "quarantine", quarantine.with_columns(pl.lit("parse").alias("stage")))
        _record_files(con, files)
        con.execute("COMMIT").fetchall()
    except Exception:
        con.execute("ROLLBACK").fetchall()
        raise
    return counts


def _record_files(con: duckdb.DuckDBPyConnection, files: list[LoadedFile]) -> None:
    """Add the batch's files to the ledger in one statement."""
    if not files:
        return
    ledger = pl.DataFrame(
        {
            "raw_file": [f.raw_file for f in files],
            "source": [f.source for f in files],
            "snapshot_date": [f.snapshot_date for f in files],
            "sha256": [f.sha256 for f in files],
            "size_bytes": [f.size_bytes for f in files],
            "n_rows": [f.n_rows for f in files],
            "n_quarantined": [f.n_quarantined for f in files],
            "loaded_at": [datetime.now()] * len(files),
        },
        schema_overrides={
            "snapshot_date": pl.Date,
            "size_bytes": pl.Int64,
            "n_rows": pl.Int64,
            "n_quarantined": pl.Int64,
        },
    )
    _insert_frame(con, "raw_files", ledger)


def load_table_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    frame: pl.DataFrame,
    files: list[LoadedFile],
    quarantine: pl.DataFrame | None = None,
) -> None:
    """Append rows to a raw table and record their files, in one transaction."""
    con.execute("BEGIN TRANSACTION").fetchall()
    try:
        _insert_frame(con, table, frame)
        if quarantine is not None:
            _insert_frame(
                con, "quarantine", quarantine.with_columns(pl.lit("parse").alias("stage"))
            )
        _record_files(con, files)
        con.execute("COMMIT").fetchall()
    except Exception:
        con.execute("ROLLBACK").fetchall()
        raise


def replace_tables(con: duckdb.DuckDBPyConnection, frames: dict[str, pl.DataFrame]) -> None:
    """Replace the whole content of the given core tables in one transaction."""
    unknown = set(frames) - set(CORE_TABLES)
    if unknown:
        raise LoadError(f"not a core table: {sorted(unknown)}")
    con.execute("BEGIN TRANSACTION").fetchall()
    try:
        for table, frame in frames.items():
            con.execute(f"DELETE FROM {table}").fetchall()
            _insert_frame(con, table, frame)
        con.execute("COMMIT").fetchall()
    except Exception:
        con.execute("ROLLBACK").fetchall()
        raise


def replace_core_talent_pool(con: duckdb.DuckDBPyConnection, places: pl.DataFrame) -> None:
    """Rebuild `core_talent_pool` (one row per candidate × skill) from `raw_talent_pool` inside
    the warehouse, so its rows (7M at 1M postings) never pass through the build's memory.
    `places` maps each raw (city, region, country) to its normalized city, region, country and
    metro_code (columns raw_city, raw_region, raw_country, city, region, country, metro_code).
    The skills are unnested before the join: unnesting after it raised a DuckDB internal error
    ("dict-surviving cache ... changed identity") on the 1M-posting warehouse."""
    con.execute("BEGIN TRANSACTION").fetchall()
    con.register("_talent_places", places)
    try:
        con.execute("DELETE FROM core_talent_pool").fetchall()
        con.execute(
            """
            INSERT INTO core_talent_pool
            WITH exploded AS (
                SELECT candidate_id, unnest(string_split(skills, ';')) AS skill_id,
                       city AS raw_city, region AS raw_region, country AS raw_country,
                       role_family, seniority, open_to_work, updated_date
                FROM raw_talent_pool
            )
            SELECT e.candidate_id, e.skill_id, p.country, p.region, p.city, p.metro_code,
                   e.role_family, e.seniority, e.open_to_work, e.updated_date
            FROM exploded e
            JOIN _talent_places p ON e.raw_city IS NOT DISTINCT FROM p.raw_city
                                 AND e.raw_region IS NOT DISTINCT FROM p.raw_region
                                 AND e.raw_country IS NOT DISTINCT FROM p.raw_country
            WHERE e.skill_id <> ''
            """
        ).fetchall()
        con.execute("COMMIT").fetchall()
    except Exception:
        con.execute("ROLLBACK").fetchall()
        raise
    finally:
        con.unregister("_talent_places")


def replace_normalize_quarantine(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame) -> None:
    """Quarantine rows from normalization are rebuilt with every build."""
    con.execute("BEGIN TRANSACTION").fetchall()
    try:
        con.execute("DELETE FROM quarantine WHERE stage = 'normalize'").fetchall()
        _insert_frame(con, "quarantine", frame.with_columns(pl.lit("normalize").alias("stage")))
        con.execute("COMMIT").fetchall()
    except Exception:
        con.execute("ROLLBACK").fetchall()
        raise


def reset_staging(con: duckdb.DuckDBPyConnection) -> None:
    """Forget every loaded raw file (staging tables, sightings, ledger, parse quarantine) so
    the next load re-parses the whole raw store, e.g. after a parser improved. Raw files are
    untouched."""
    tables = [
        *POSTING_TABLES.values(),
        "raw_greenhouse_pay",
        "raw_talent_pool",
        "raw_sightings",
        "raw_files",
    ]
    con.execute("BEGIN TRANSACTION").fetchall()
    try:
        for name in tables:
            con.execute(f"DELETE FROM {name}").fetchall()
        con.execute("DELETE FROM quarantine WHERE stage = 'parse'").fetchall()
        con.execute("COMMIT").fetchall()
    except Exception:
        con.execute("ROLLBACK").fetchall()
        raise
