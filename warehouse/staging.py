"""The staging tables: one `raw_<source>_postings` table per posting source of the contract, its
columns those of `contract.staging`. `migrate` creates any that are missing after the SQL
migrations, and adds to existing tables any contract column they lack (at the table's end), so
neither a new posting source nor a new staging column needs a migration (the five first
sources' tables came from migration 002 with the columns up to `content_hash`; rows loaded
before a column was added hold null there until `skillmarket build --reparse`).

The registry is read at call time (`contract.sources.posting_sources()`), so every caller sees
the sources registered now.

May import: the standard library, duckdb, `contract`.
"""

from __future__ import annotations

import duckdb

from contract.sources import posting_sources
from contract.staging import STAGING_COLUMNS, StagingKind

DUCKDB_TYPES: dict[StagingKind, str] = {
    "text": "VARCHAR",
    "boolean": "BOOLEAN",
    "timestamp": "TIMESTAMPTZ",
    "number": "DOUBLE",
    "integer": "BIGINT",
}
STAGING_COLUMN_LIST = ", ".join(column.name for column in STAGING_COLUMNS)


def posting_tables() -> dict[str, str]:
    """Posting source id -> its staging table, in the contract's order."""
    return {s.id: s.staging_table for s in posting_sources() if s.staging_table is not None}


def staging_table_ddl(table: str) -> str:
    """`CREATE TABLE IF NOT EXISTS` for one staging table."""
    columns = ",\n".join(
        f"    {c.name} {DUCKDB_TYPES[c.kind]}{'' if c.nullable else ' NOT NULL'}"
        for c in STAGING_COLUMNS
    )
    return f"CREATE TABLE IF NOT EXISTS {table} (\n{columns}\n)"


def ensure_staging_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the staging table of every posting source that has none yet, and add the
    contract's columns an existing one lacks (nullable ones only: the contract's NOT NULL
    columns are all in migration 002)."""
    for table in posting_tables().values():
        con.execute(staging_table_ddl(table)).fetchall()
        present = {row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()}
        for column in STAGING_COLUMNS:
            if column.name not in present:
                con.execute(
                    f"ALTER TABLE {table} ADD COLUMN {column.name} {DUCKDB_TYPES[column.kind]}"
                ).fetchall()
