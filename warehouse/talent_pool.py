"""The talent pool in the warehouse: `raw_talent_pool` (candidate profiles as imported) becomes
`core_talent_pool` (one row per candidate x skill, places normalized) inside DuckDB, so its rows
(7M at 1M postings) never pass through the build's memory; the demand/supply mart reads back
only the open-to-work candidates. A build whose talent-pool files and place map are those the
table was built from keeps it (`refresh_core_talent_pool`): a daily refresh of postings does
not rewrite 7M candidate rows.

May import: the standard library, duckdb, polars, `contract.sources`, `warehouse.load`.
"""

from __future__ import annotations

import hashlib

import duckdb
import polars as pl

from contract.sources import source
from warehouse.load import transaction


def raw_places(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The distinct (city, region, country) of the loaded talent pool, as written."""
    return con.sql("SELECT DISTINCT city, region, country FROM raw_talent_pool").pl()


STEP = "core_talent_pool"  # its row in `build_inputs`
LEDGER_SOURCE = source("talent_pool").id  # the source of talent-pool files in the ledger


def inputs_fingerprint(con: duckdb.DuckDBPyConnection, places: pl.DataFrame) -> str:
    """sha256 of what `core_talent_pool` is built from: the loaded talent-pool files (name and
    bytes' sha256, from the ledger), the place map, and the warehouse's schema version."""
    digest = hashlib.sha256()
    files = con.execute(
        "SELECT raw_file, sha256 FROM raw_files WHERE source = ? ORDER BY raw_file", [LEDGER_SOURCE]
    ).fetchall()
    schema = con.execute("SELECT max(version) FROM schema_migrations").fetchall()[0][0]
    digest.update(repr((files, schema)).encode())
    ordered = places.sort(places.columns, nulls_last=True)
    digest.update(ordered.write_csv().encode())
    return digest.hexdigest()


def refresh_core_talent_pool(con: duckdb.DuckDBPyConnection, places: pl.DataFrame) -> bool:
    """Rebuild `core_talent_pool` (`replace_core_talent_pool`) unless it was built from the
    same inputs (`inputs_fingerprint`); returns whether it was rebuilt."""
    fingerprint = inputs_fingerprint(con, places)
    kept = con.execute("SELECT fingerprint FROM build_inputs WHERE step = ?", [STEP]).fetchall()
    if kept and kept[0][0] == fingerprint:
        return False
    replace_core_talent_pool(con, places, fingerprint)
    return True


def replace_core_talent_pool(
    con: duckdb.DuckDBPyConnection, places: pl.DataFrame, fingerprint: str | None = None
) -> None:
    """Rebuild `core_talent_pool` (one row per candidate × skill) from `raw_talent_pool`.
    `places` maps each raw (city, region, country) to its normalized city, region, country and
    metro_code (columns raw_city, raw_region, raw_country, city, region, country, metro_code).
    The skills are unnested before the join: unnesting after it raised a DuckDB internal error
    ("dict-surviving cache ... changed identity") on the 1M-posting warehouse."""
    con.register("_talent_places", places)
    try:
        with transaction(con):
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
            # the table's inputs: kept by `refresh_core_talent_pool` while they stay the same
            con.execute("DELETE FROM build_inputs WHERE step = ?", [STEP]).fetchall()
            if fingerprint is not None:
                con.execute("INSERT INTO build_inputs VALUES (?, ?)", [STEP, fingerprint])
    finally:
        con.unregister("_talent_places")


def is_loaded(con: duckdb.DuckDBPyConnection) -> bool:
    """True when `core_talent_pool` has rows."""
    return bool(con.execute("SELECT count(*) > 0 FROM core_talent_pool").fetchall()[0][0])


def open_candidates(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Rows of `core_talent_pool` whose candidate is open to work: the only ones supply counts
    (about 30% of the sample market's 7M candidate × skill rows at 1M postings)."""
    return con.sql("SELECT * FROM core_talent_pool WHERE open_to_work").pl()
