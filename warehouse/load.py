"""Keyed, idempotent loads into the warehouse.

Raw files are loaded once: the `raw_files` ledger is keyed by the file's path relative to the
raw root and records its sha256; a file already in the ledger is skipped, and a file whose bytes
changed under the same name is an error (raw is immutable). Posting content is keyed by
(source_posting_id, content_hash): a posting seen again unchanged in a later snapshot adds only
a sighting. Each batch is one transaction, so an interrupted load leaves nothing half-written.
Core tables are replaced whole inside a transaction; the normalized records kept between
builds (`norm_records`, `norm_state`) and the normalize-stage quarantine change in that same
transaction, so a build killed at any point leaves core tables and kept records that belong
together. The staging tables are the contract's posting sources' (`warehouse.staging`),
looked up at call time.

May import: the standard library, duckdb, polars, `warehouse.staging`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime

import duckdb
import polars as pl

from warehouse.staging import posting_tables

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


def loaded_file_times(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, float]]:
    """raw_file -> (sha256, when it was loaded as a POSIX timestamp) of every loaded file."""
    rows = con.execute("SELECT raw_file, sha256, loaded_at FROM raw_files").fetchall()
    return {name: (sha256, loaded_at.timestamp()) for name, sha256, loaded_at in rows}


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


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """One transaction: committed when the block ends, rolled back when it raises."""
    con.execute("BEGIN TRANSACTION").fetchall()
    try:
        yield
        con.execute("COMMIT").fetchall()
    except Exception:
        con.execute("ROLLBACK").fetchall()
        raise


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()]


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    """Append `frame`'s rows to `table` (the table's columns that the frame has)."""
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
    log), so an interrupted load keeps what it committed.

    That checkpoint does not vacuum: a load only appends, and vacuuming merged the earlier
    loads' row groups with this one's, so every daily refresh rewrote and compressed again
    the stored HTML of the staging tables' last row groups (on the 1M home: 13 s of a
    refresh's checkpoint under load, 0.3 s without). Deletes (`reset_staging`) are vacuumed
    by a checkpoint of their own."""
    threshold = con.execute("SELECT current_setting('checkpoint_threshold')").fetchall()[0][0]
    con.execute(f"SET checkpoint_threshold = '{BULK_CHECKPOINT_THRESHOLD}'").fetchall()
    try:
        yield
    finally:
        con.execute(f"SET checkpoint_threshold = '{threshold}'").fetchall()
        tasks = con.execute("SELECT current_setting('max_vacuum_tasks')").fetchall()[0][0]
        con.execute("SET max_vacuum_tasks = 0").fetchall()
        try:
            con.execute("CHECKPOINT").fetchall()
        finally:
            con.execute(f"SET max_vacuum_tasks = {int(tasks)}").fetchall()


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
    with transaction(con):
        for source, table in posting_tables().items():
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
        insert_frame(con, "raw_sightings", sightings)
        counts["sightings"] = sightings.height
        insert_frame(con, "quarantine", quarantine.with_columns(pl.lit("parse").alias("stage")))
        record_files(con, files)
    return counts


def record_files(con: duckdb.DuckDBPyConnection, files: list[LoadedFile]) -> None:
    """Add files to the ledger in one statement (inside the caller's transaction)."""
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
    insert_frame(con, "raw_files", ledger)


def insert_parse_quarantine(con: duckdb.DuckDBPyConnection, quarantine: pl.DataFrame) -> None:
    """Append quarantine rows (source, file, record, reason) of the parse stage."""
    insert_frame(
        con,
        "quarantine",
        quarantine.select("source", "file", "record", "reason").with_columns(
            pl.lit("parse").alias("stage")
        ),
    )


def load_table_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    frame: pl.DataFrame,
    files: list[LoadedFile],
    quarantine: pl.DataFrame | None = None,
) -> None:
    """Append rows to a raw table and record their files, in one transaction."""
    with transaction(con):
        insert_frame(con, table, frame)
        if quarantine is not None:
            insert_parse_quarantine(con, quarantine)
        record_files(con, files)


def replace_tables(con: duckdb.DuckDBPyConnection, frames: dict[str, pl.DataFrame]) -> None:
    """Replace the whole content of the given core tables in one transaction."""
    unknown = set(frames) - set(CORE_TABLES)
    if unknown:
        raise LoadError(f"not a core table: {sorted(unknown)}")
    with transaction(con):
        for table, frame in frames.items():
            con.execute(f"DELETE FROM {table}").fetchall()
            insert_frame(con, table, frame)
        forget_build_inputs(con, list(frames))


def forget_build_inputs(con: duckdb.DuckDBPyConnection, tables: list[str]) -> None:
    """Forget what `tables` were built from (`build_inputs`): their content was replaced
    from elsewhere, so the next build rebuilds them."""
    if tables:
        con.execute("DELETE FROM build_inputs WHERE list_contains(?, step)", [tables]).fetchall()


NORM_RECORDS = "norm_records"
_TOUCHED = "_touched_records"


def save_normalized_build(
    con: duckdb.DuckDBPyConnection,
    core: dict[str, pl.DataFrame],
    records: pl.DataFrame,
    quarantine: pl.DataFrame,
    version: str,
    renormalized: pl.DataFrame | None = None,
    total_records: int | None = None,
) -> None:
    """In one transaction: replace the core tables (`core`), and save the normalized records
    and the normalize-stage quarantine of normalizer `version`.

    Without `renormalized` (a full normalization), `records` are every kept record and
    `quarantine` every normalize-stage quarantine row: both replace what was kept. With it
    (source, source_posting_id of the records normalized now or gone since), `records` are
    the records to write (normalized now, or given another posting id), replacing their
    earlier rows and those of the `renormalized` records; `quarantine` holds the rows of
    the `renormalized` records, replacing theirs. `total_records` is the count kept after."""
    with transaction(con):
        for table, frame in core.items():
            if table not in CORE_TABLES:
                raise LoadError(f"not a core table: {table}")
            con.execute(f"DELETE FROM {table}").fetchall()
            insert_frame(con, table, frame)
        forget_build_inputs(con, list(core))
        stored = quarantine.with_columns(pl.lit("normalize").alias("stage"))
        if renormalized is None:
            con.execute("DELETE FROM quarantine WHERE stage = 'normalize'").fetchall()
            con.execute(f"DROP TABLE IF EXISTS {NORM_RECORDS}").fetchall()
            con.register("_kept", records.rechunk())
            try:
                con.execute(f"CREATE TABLE {NORM_RECORDS} AS SELECT * FROM _kept").fetchall()
            finally:
                con.unregister("_kept")
        else:
            touched = pl.concat(
                [
                    renormalized.select("source", "source_posting_id"),
                    records.select("source", "source_posting_id"),
                ]
            ).unique()
            con.register(_TOUCHED, touched)
            try:
                con.execute(
                    f"DELETE FROM {NORM_RECORDS} USING {_TOUCHED} t "
                    f"WHERE {NORM_RECORDS}.source = t.source "
                    f"AND {NORM_RECORDS}.source_posting_id = t.source_posting_id"
                ).fetchall()
            finally:
                con.unregister(_TOUCHED)
            con.register(_TOUCHED, renormalized.select("source", "source_posting_id").unique())
            try:
                con.execute(
                    f"DELETE FROM quarantine USING {_TOUCHED} t "
                    "WHERE quarantine.stage = 'normalize' AND quarantine.source = t.source "
                    "AND quarantine.record = t.source_posting_id"
                ).fetchall()
            finally:
                con.unregister(_TOUCHED)
            insert_frame(con, NORM_RECORDS, records)
        insert_frame(con, "quarantine", stored)
        con.execute("DELETE FROM norm_state").fetchall()
        kept = records.height if total_records is None else total_records
        con.execute(
            "INSERT INTO norm_state VALUES (?, ?, current_timestamp)", [version, kept]
        ).fetchall()


def forget_normalized_records(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the kept normalized records: the next build normalizes every record again."""
    with transaction(con):
        con.execute("DELETE FROM norm_state").fetchall()
        con.execute(f"DROP TABLE IF EXISTS {NORM_RECORDS}").fetchall()


def replace_normalize_quarantine(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame) -> None:
    """Replace the normalize-stage quarantine whole (a build that normalizes every record
    outside `save_normalized_build`: the Spark engine). The kept normalized records are
    forgotten with it, so the next incremental build does not mix their quarantine rows
    with these."""
    with transaction(con):
        con.execute("DELETE FROM norm_state").fetchall()
        con.execute(f"DROP TABLE IF EXISTS {NORM_RECORDS}").fetchall()
        con.execute("DELETE FROM quarantine WHERE stage = 'normalize'").fetchall()
        insert_frame(con, "quarantine", frame.with_columns(pl.lit("normalize").alias("stage")))


def replace_import_quarantine(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame) -> None:
    """Files refused at import (source, file, record, reason) replace the last build's."""
    with transaction(con):
        con.execute("DELETE FROM quarantine WHERE stage = 'import'").fetchall()
        insert_frame(con, "quarantine", frame.with_columns(pl.lit("import").alias("stage")))


def quarantine_count(con: duckdb.DuckDBPyConnection) -> int:
    """Rows in quarantine, every stage and source."""
    return int(con.execute("SELECT count(*) FROM quarantine").fetchall()[0][0])


def set_memory_limit(con: duckdb.DuckDBPyConnection, limit: str) -> None:
    """Let DuckDB spill past `limit` (e.g. '1GB') instead of caching the warehouse in memory."""
    con.execute(f"SET memory_limit = '{limit}'").fetchall()


def reset_staging(con: duckdb.DuckDBPyConnection) -> None:
    """Forget every loaded raw file (staging tables, sightings, ledger, parse quarantine) so
    the next load re-parses the whole raw store, e.g. after a parser improved, and the kept
    normalized records (a re-parsed record may differ under the same content hash). Raw files
    are untouched."""
    tables = [
        *posting_tables().values(),
        "raw_greenhouse_pay",
        "raw_talent_pool",
        "raw_sightings",
        "raw_files",
    ]
    with transaction(con):
        for name in tables:
            con.execute(f"DELETE FROM {name}").fetchall()
        con.execute("DELETE FROM quarantine WHERE stage = 'parse'").fetchall()
        con.execute("DELETE FROM norm_state").fetchall()
        con.execute(f"DROP TABLE IF EXISTS {NORM_RECORDS}").fetchall()
    con.execute("CHECKPOINT").fetchall()  # reclaims the deleted rows (loads do not vacuum)
