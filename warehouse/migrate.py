"""Apply the ordered SQL migrations in `warehouse/migrations/` and record them.

Each file `NNN_<what>.sql` runs once, in order, inside a transaction; applied versions are
tracked in the `schema_migrations` table, so running `migrate` again is a no-op. After them,
every posting source of the contract gets its staging table if it has none
(`warehouse.staging`): those tables are generated, not written by hand.

May import: the standard library, duckdb, `warehouse.staging`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.staging import ensure_staging_tables

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path


def available_migrations(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """The migration files, ordered by version; a misnamed file is an error."""
    found = []
    for path in sorted(directory.glob("*.sql")):
        match = _NAME.match(path.name)
        if match is None:
            raise ValueError(f"migration file {path.name!r} is not named NNN_<what>.sql")
        found.append(Migration(int(match.group(1)), match.group(2), path))
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise ValueError(f"duplicate migration versions in {directory}")
    return found


def applied_versions(con: duckdb.DuckDBPyConnection) -> set[int]:
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
        " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
    ).fetchall()
    return {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}


def migrate(con: duckdb.DuckDBPyConnection, directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """Apply pending migrations, then create missing staging tables; returns the migrations
    applied now."""
    done = applied_versions(con)
    applied = []
    for migration in available_migrations(directory):
        if migration.version in done:
            continue
        con.execute("BEGIN TRANSACTION").fetchall()
        try:
            con.execute(migration.path.read_text()).fetchall()
            con.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                [migration.version, migration.name],
            ).fetchall()
            con.execute("COMMIT").fetchall()
        except Exception:
            con.execute("ROLLBACK").fetchall()
            raise
        applied.append(migration)
    ensure_staging_tables(con)
    return applied


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the warehouse file and bring its schema up to date."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    # the build draws its own progress bars; DuckDB's would interleave with them
    con.execute("SET enable_progress_bar = false").fetchall()
    migrate(con)
    return con
