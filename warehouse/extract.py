"""Reads the build needs from the warehouse: the latest version of every source record with
its first and last sighting (Greenhouse pay details filled in) and its input key (what its
normalized row depends on: content, raw file, first sighting, Greenhouse pay details), all of
them or only some; the bodies of given record versions; the raw-file ledger by folder and
source, reference tables and the core tables. Returns Polars frames (DuckDB `.pl()`).

May import: duckdb, polars, `warehouse.staging` (table and column names).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date

import duckdb
import polars as pl

from warehouse.staging import STAGING_COLUMN_LIST, posting_tables

_KEY_COLUMNS = "source, source_posting_id, content_hash, raw_file, posted_at"
_LATEST_KEYS = "_latest_source_keys"
_ONLY_KEYS = "_only_source_keys"


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
        ),
        gh_pay AS (
            SELECT source_posting_id,
                   md5(string_agg(
                       concat_ws('|', pay_min, pay_max, pay_currency, pay_period, pay_text),
                       '\x1f' ORDER BY pay_min, pay_max, pay_currency, pay_period, pay_text
                   )) AS pay_key
            FROM raw_greenhouse_pay GROUP BY source_posting_id
        ),
        latest AS (
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
        )
        SELECT l.*,
               md5(concat_ws('|', l.content_hash, l.raw_file, l.first_seen,
                             CASE WHEN l.source = 'greenhouse' THEN g.pay_key END)) AS input_key
        FROM latest l
        LEFT JOIN gh_pay g ON l.source = 'greenhouse' AND g.source_posting_id = l.source_posting_id
        """
    ).fetchall()


def _has_latest_keys(con: duckdb.DuckDBPyConnection) -> bool:
    found = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name = ?", [_LATEST_KEYS]
    ).fetchall()
    return bool(found[0][0])


@contextmanager
def latest_keys(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Compute the latest version of every source record once for the block (a temporary
    table that `latest_record_keys` and `latest_source_record_chunks` read), dropped at its
    end. Inside an enclosing block it reuses that block's table."""
    if _has_latest_keys(con):
        yield
        return
    _create_latest_keys(con)
    try:
        yield
    finally:
        con.execute(f"DROP TABLE IF EXISTS {_LATEST_KEYS}").fetchall()


def latest_record_keys(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """One row per (source, source_posting_id): the latest version's content_hash, raw_file,
    first_seen, last_seen and input_key (a digest of what normalizing it depends on besides
    the normalizer: content hash, raw file, first sighting, Greenhouse pay details)."""
    with latest_keys(con):
        return con.sql(
            f"SELECT source, source_posting_id, content_hash, raw_file, first_seen, last_seen, "
            f"input_key FROM {_LATEST_KEYS}"
        ).pl()


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
    con: duckdb.DuckDBPyConnection,
    chunk_rows: int = 100_000,
    only: pl.DataFrame | None = None,
) -> Iterator[pl.DataFrame]:
    """`latest_source_records` streamed in frames of about `chunk_rows` rows (any order), so
    a build never holds every posting's HTML at once; with `only` (source,
    source_posting_id), just those records. Run no other query on `con` until the iterator
    is exhausted."""
    with latest_keys(con):
        query = _latest_records_query()
        if only is not None:
            con.register(_ONLY_KEYS, only.select("source", "source_posting_id"))
            query = (
                f"SELECT q.* FROM ({query}) q SEMI JOIN {_ONLY_KEYS} o "
                "ON o.source = q.source AND o.source_posting_id = q.source_posting_id"
            )
        try:
            reader = arrow_batches(con.sql(query), chunk_rows)
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
            if only is not None:
                con.unregister(_ONLY_KEYS)


def latest_source_records(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """One row per (source, source_posting_id): its newest content, first_seen, last_seen.

    Greenhouse pay-transparency details fill the structured pay of postings that have none.
    """
    with latest_keys(con):
        return con.sql(_latest_records_query()).pl()


def record_bodies(con: duckdb.DuckDBPyConnection, versions: pl.DataFrame) -> pl.DataFrame:
    """source, source_posting_id, content_hash, description_html and description_text of the
    given record versions (source, source_posting_id, content_hash) from the staging tables."""
    union = " UNION ALL ".join(
        f"SELECT source, source_posting_id, content_hash, description_html, description_text "
        f"FROM {table}"
        for table in posting_tables().values()
    )
    con.register("_wanted_versions", versions.select("source", "source_posting_id", "content_hash"))
    try:
        return con.sql(
            f"SELECT r.* FROM ({union}) r SEMI JOIN _wanted_versions w "
            "ON w.source = r.source AND w.source_posting_id = r.source_posting_id "
            "AND w.content_hash = r.content_hash"
        ).pl()
    finally:
        con.unregister("_wanted_versions")


def normalized_records(con: duckdb.DuckDBPyConnection, version: str) -> pl.DataFrame | None:
    """The normalized records kept by the last build (`norm_records`, with their input key and
    posting id) when normalizer `version` wrote them; None when none are kept or another
    version wrote them (then every record is normalized again)."""
    if not _kept_by(con, version):
        return None
    return con.sql("SELECT * FROM norm_records").pl()


_CURRENT_KEYS = "_current_record_keys"
_SAME_INPUT = (
    "n.source = c.source AND n.source_posting_id = c.source_posting_id "
    "AND n.input_key = c.input_key AND n.first_seen = c.first_seen"
)


def normalized_records_split(
    con: duckdb.DuckDBPyConnection,
    version: str,
    current: pl.DataFrame,
    unread: Sequence[str] = (),
) -> tuple[pl.DataFrame, pl.DataFrame] | None:
    """`normalized_records` split against the latest records' keys `current` (source,
    source_posting_id, input_key, first_seen, last_seen): the kept records with the same
    input key and first sighting, last_seen taken from `current` and without their input key
    (reusable), and every other kept record as kept (stale); None as `normalized_records`.
    The split is made in the warehouse: the kept records are read once, not held twice.
    The reusable rows lack the `unread` columns (`kept_record_columns` reads them for the
    few records that need them)."""
    if not _kept_by(con, version):
        return None
    con.register(
        _CURRENT_KEYS,
        current.select("source", "source_posting_id", "input_key", "first_seen", "last_seen"),
    )
    try:
        reusable = con.sql(
            f"SELECT n.* EXCLUDE ({', '.join(['input_key', *unread])}) "
            "REPLACE (c.last_seen AS last_seen) "
            f"FROM norm_records n JOIN {_CURRENT_KEYS} c ON {_SAME_INPUT}"
        ).pl()
        stale = con.sql(
            f"SELECT n.* FROM norm_records n ANTI JOIN {_CURRENT_KEYS} c ON {_SAME_INPUT}"
        ).pl()
    finally:
        con.unregister(_CURRENT_KEYS)
    return reusable, stale


def kept_record_columns(
    con: duckdb.DuckDBPyConnection, records: pl.DataFrame, columns: Sequence[str]
) -> pl.DataFrame:
    """source, source_posting_id and `columns` of the kept normalized records `records`
    (source, source_posting_id) from `norm_records`."""
    con.register(_CURRENT_KEYS, records.select("source", "source_posting_id"))
    try:
        return con.sql(
            f"SELECT n.source, n.source_posting_id, {', '.join(f'n.{c}' for c in columns)} "
            f"FROM norm_records n SEMI JOIN {_CURRENT_KEYS} c "
            "ON n.source = c.source AND n.source_posting_id = c.source_posting_id"
        ).pl()
    finally:
        con.unregister(_CURRENT_KEYS)


def _kept_by(con: duckdb.DuckDBPyConnection, version: str) -> bool:
    """Whether `norm_records` is present and normalizer `version` wrote it."""
    state = con.execute("SELECT normalizer_version FROM norm_state").fetchall()
    if [row[0] for row in state] != [version]:
        return False
    present = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE NOT temporary AND table_name = 'norm_records'"
    ).fetchall()[0][0]
    return bool(present)


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
