"""Reference tables in the warehouse: a reference source's tables, parse quarantine and ledger
entries are replaced together, in one transaction, when its set of raw files changed.

May import: duckdb, polars, `warehouse.load`.
"""

from __future__ import annotations

import duckdb
import polars as pl

from warehouse.load import (
    LoadedFile,
    insert_frame,
    insert_parse_quarantine,
    record_files,
    transaction,
)


def ledger_digests(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, str]:
    """raw_file -> sha256 of the files loaded for `source`."""
    rows = con.execute("SELECT raw_file, sha256 FROM raw_files WHERE source = ?", [source])
    return dict(rows.fetchall())


def row_count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])


def replace_source(
    con: duckdb.DuckDBPyConnection,
    source: str,
    frames: dict[str, pl.DataFrame],
    quarantine: pl.DataFrame,
    entries: list[LoadedFile],
) -> None:
    """Replace one reference source's tables (the keys of `frames`; an empty frame empties its
    table), its parse quarantine rows and its ledger entries, at once."""
    with transaction(con):
        for table, frame in frames.items():
            con.execute(f"DELETE FROM {table}").fetchall()
            insert_frame(con, table, frame)
        _delete_parse_quarantine(con, source)
        insert_parse_quarantine(con, quarantine)
        con.execute("DELETE FROM raw_files WHERE source = ?", [source]).fetchall()
        record_files(con, entries)


def replace_parse_quarantine(
    con: duckdb.DuckDBPyConnection, source: str, quarantine: pl.DataFrame
) -> None:
    """Replace `source`'s parse quarantine rows (a reference release that failed to parse)."""
    _delete_parse_quarantine(con, source)
    insert_parse_quarantine(con, quarantine)


def _delete_parse_quarantine(con: duckdb.DuckDBPyConnection, source: str) -> None:
    con.execute("DELETE FROM quarantine WHERE source = ? AND stage = 'parse'", [source]).fetchall()
