"""The snapshot's readable views, derived from `contract.marts`: which marts the app reads,
the columns each must have (and of which kind), the optional columns an older snapshot may lack
(and what they then read), and the views built over the marts at connect time.

A mart with any column the app needs (`read` "required") is a view; its required columns are
checked on connect, its optional ones checked when present and added as typed constants when
absent. `schema_problem` says why a file breaks that contract.

May import: the standard library, duckdb and `contract`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Final

import duckdb

from contract import vocab
from contract.marts import MARTS

# Column kinds the read API checks, as DuckDB type ids. An all-null column ("null") fits any kind.
_INTEGER_TYPES: Final = frozenset(
    {"tinyint", "smallint", "integer", "bigint", "hugeint"}
    | {"utinyint", "usmallint", "uinteger", "ubigint", "uhugeint"}
)
COLUMN_KINDS: Final[Mapping[str, frozenset[str]]] = {
    "text": frozenset({"varchar"}),
    "integer": _INTEGER_TYPES,
    "number": _INTEGER_TYPES | {"float", "double", "decimal"},
    "boolean": frozenset({"boolean"}),
    "date": frozenset({"date", "timestamp", "timestamp_s", "timestamp_ms", "timestamp_ns"}),
    "text_list": frozenset({"list"}),
}
KIND_SQL_TYPES: Final[Mapping[str, str]] = {
    "text": "VARCHAR",
    "number": "DOUBLE",
    "integer": "BIGINT",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "text_list": "VARCHAR[]",
}

# view name -> (Parquet file, required columns and kinds). The only names SQL may read.
SNAPSHOT_VIEWS: Final[Mapping[str, tuple[str, Mapping[str, str]]]] = {
    mart.name: (
        f"{mart.name}.parquet",
        {column.name: column.kind for column in mart.columns if column.read == "required"},
    )
    for mart in MARTS
    if any(column.read == "required" for column in mart.columns)
}

# Columns the build may publish beyond what the app requires; read when present, else null.
OPTIONAL_COLUMNS: Final[Mapping[str, Mapping[str, str]]] = {
    mart.name: optional
    for mart in MARTS
    if mart.name in SNAPSHOT_VIEWS
    and (
        optional := {
            column.name: column.kind for column in mart.columns if column.read == "optional"
        }
    )
}

# Values of optional columns a mart lacks, where not null: e.g. the demand mart's slice columns
# read "all" (not sliced) when the build predates them.
OPTIONAL_DEFAULTS: Final[Mapping[str, Mapping[str, str]]] = {
    mart.name: defaults
    for mart in MARTS
    if mart.name in SNAPSHOT_VIEWS
    and (
        defaults := {
            column.name: column.read_default
            for column in mart.columns
            if column.read == "optional" and column.read_default is not None
        }
    )
}

# Marts published with several windows: every page reads the default one (the value a snapshot
# without the column reads); the "<mart>_windows" view keeps them all (year-on-year).
DEFAULT_WINDOWS: Final[Mapping[str, str]] = {
    name: defaults["window"] for name, defaults in OPTIONAL_DEFAULTS.items() if "window" in defaults
}


def sql_text(value: str) -> str:
    """A contract constant as a SQL string literal (for view definitions, which take no
    parameters; never used with user input)."""
    return "'" + value.replace("'", "''") + "'"


# Views derived from the marts at connect time: name -> (the mart it reads, its SQL).
DERIVED_VIEWS: Final[Mapping[str, tuple[str, str]]] = {
    # demand_slices: the demand mart with every slice column (an absent one reads "all", see
    # OPTIONAL_DEFAULTS).
    "demand_slices": (
        "out_skill_demand_monthly",
        """
        CREATE VIEW demand_slices AS SELECT * FROM out_skill_demand_monthly
        """,
    ),
    # skill_catalog: the skill dimension plus the pseudo-skill genai, for display names.
    "skill_catalog": (
        "skills",
        f"""
        CREATE VIEW skill_catalog AS
        SELECT skill_id, name, category, is_genai FROM skills
        UNION ALL
        SELECT {sql_text(vocab.GENAI_SKILL_ID)}, {sql_text(vocab.GENAI_SKILL_NAME)},
               {sql_text(vocab.GENAI_SKILL_ID)}, TRUE
        WHERE NOT EXISTS (
            SELECT 1 FROM skills WHERE skill_id = {sql_text(vocab.GENAI_SKILL_ID)}
        )
        """,
    ),
    # pay_band_cells: out_pay_bands with USD for every percentile (the published p*_usd when
    # present, otherwise converted at the median's rate p50_usd / p50), whether the cell shows
    # a coarser place's data, and the n behind the band shown (the cell's own n where an older
    # snapshot lacks shown_*).
    "pay_band_cells": (
        "out_pay_bands",
        """
        CREATE VIEW pay_band_cells AS
        SELECT role_family, seniority, place_level, place_id, place_name, currency,
               p10, p25, p50, p75, p90, p50_usd,
               coalesce(p10_usd, p10 * p50_usd / nullif(p50, 0)) AS p10_usd,
               coalesce(p25_usd, p25 * p50_usd / nullif(p50, 0)) AS p25_usd,
               coalesce(p75_usd, p75 * p50_usd / nullif(p50, 0)) AS p75_usd,
               coalesce(p90_usd, p90 * p50_usd / nullif(p50, 0)) AS p90_usd,
               p10_lo, p10_hi, p25_lo, p25_hi, p50_lo, p50_hi, p75_lo, p75_hi, p90_lo, p90_hi,
               n_postings, n_companies, is_suppressed, rollup_level,
               coalesce(rollup_level <> place_level, FALSE) AS is_rolled_up,
               coalesce(shown_place_id, CASE WHEN rollup_level = place_level THEN place_id END)
                   AS shown_place_id,
               coalesce(shown_n_postings, CASE WHEN rollup_level = place_level
                                               THEN n_postings END) AS shown_n_postings,
               coalesce(shown_n_companies, CASE WHEN rollup_level = place_level
                                                THEN n_companies END) AS shown_n_companies,
               confidence, recent_share,
               window_start, window_end, oews_soc_code, oews_area_code,
               oews_p10_annual, oews_p50_annual, oews_p90_annual,
               h1b_n, h1b_p10_annual, h1b_p50_annual, h1b_p90_annual
        FROM out_pay_bands
        """,
    ),
}

# Views created on first use, once per snapshot build: name -> (the mart it reads, its SQL).
CACHED_TABLES: Final[Mapping[str, tuple[str, tuple[str, ...]]]] = {
    # Most pages read the demand mart on every interaction. The build writes it sorted by the
    # filter columns in small row groups (contract read_order), so these views read the
    # Parquet file in place and its row-group statistics skip all but the rows a query needs:
    # no copy on first use (copying took 1.2-1.5 s per build at 1M postings).
    # demand_main: the non-geographic slices (state and metro "all"); demand_base: its v1 rows;
    # mart_skills: the skills of the mart (the sparse mart stores each in its totals slice), a
    # small table every reader that fills in a skill's missing months joins.
    "demand_main": (
        "out_skill_demand_monthly",
        (
            """
            CREATE VIEW demand_main AS
            SELECT * FROM demand_slices
            WHERE state = 'all' AND metro_code = 'all'
            """,
            """
            CREATE VIEW demand_base AS
            SELECT * FROM demand_main WHERE seniority = 'all' AND source = 'all'
            """,
            """
            CREATE OR REPLACE TABLE mart_skills AS
            SELECT DISTINCT skill_id FROM demand_base
            WHERE role_family = 'all' AND country = 'all'
            ORDER BY skill_id
            """,
        ),
    ),
}


def schema_problem(
    path: Path,
    relation: duckdb.DuckDBPyRelation,
    expected: Mapping[str, str],
    optional: bool = False,
) -> str | None:
    """Why the file's columns break the contract (missing or of the wrong kind), or None."""
    present = {
        column: type_.id for column, type_ in zip(relation.columns, relation.types, strict=True)
    }
    missing = [column for column in expected if column not in present and not optional]
    if missing:
        return f"{path}: missing column(s) {', '.join(missing)}"
    wrong = [
        f"{column} is {present[column]}, expected {kind}"
        for column, kind in expected.items()
        if column in present
        and present[column] != "null"
        and present[column] not in COLUMN_KINDS[kind]
    ]
    return f"{path}: wrong column type(s): {'; '.join(wrong)}" if wrong else None


def with_optional_columns(
    relation: duckdb.DuckDBPyRelation,
    optional: Mapping[str, str],
    defaults: Mapping[str, str] | None = None,
) -> duckdb.DuckDBPyRelation:
    """The relation with a typed constant column for each optional column it lacks: its value
    in `defaults`, else null."""
    absent = [column for column in optional if column not in relation.columns]
    if not absent:
        return relation
    defaults = defaults or {}
    constants = [
        duckdb.ConstantExpression(defaults.get(column))
        .cast(duckdb.sqltype(KIND_SQL_TYPES[optional[column]]))
        .alias(column)
        for column in absent
    ]
    return relation.select(duckdb.StarExpression(), *constants)
