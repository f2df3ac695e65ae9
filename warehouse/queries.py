"""Read API for the app: parameterized queries over the published snapshot's Parquet marts.

The published snapshot lives at `$SKILLMARKET_HOME/curated/current/` (a directory, or a symlink
to `curated/<build-id>/`) and holds one Parquet file per mart plus `manifest.json`. Each query
opens (once per snapshot build id) an in-memory DuckDB connection with read-only views over those
files, runs fixed SQL with `$name` parameters on a fresh cursor, and returns a Polars DataFrame.
No connection is opened at import time; view names come from the whitelist `SNAPSHOT_VIEWS`.
The connection may read only the snapshot's own files (DuckDB external access is locked down).

May import: the standard library, duckdb, polars. Never imports `skillmarket`, `dashboard` or
`app` (the snapshot location is read from the `SKILLMARKET_HOME` environment variable here).
"""

from __future__ import annotations

import itertools
import json
import math
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Final, Literal

import duckdb
import polars as pl

DEFAULT_HOME: Final = "data"
GENAI_SKILL_ID: Final = "genai"
SENIORITY_ORDER: Final = ("intern", "entry", "mid", "senior", "staff", "manager")
PLACE_LEVEL_ORDER: Final = ("all", "country", "state", "metro")

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
_KIND_SQL_TYPES: Final = {
    "text": "VARCHAR",
    "number": "DOUBLE",
    "integer": "BIGINT",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "text_list": "VARCHAR[]",
}

# view name -> (Parquet file, required columns and kinds). The only names SQL may read.
SNAPSHOT_VIEWS: Final[Mapping[str, tuple[str, Mapping[str, str]]]] = {
    "out_skill_demand_monthly": (
        "out_skill_demand_monthly.parquet",
        {
            "month": "date",
            "skill_id": "text",
            "role_family": "text",
            "country": "text",
            "n_postings": "integer",
            "n_with_skill": "integer",
            "share_pct": "number",
            "share_lo": "number",
            "share_hi": "number",
        },
    ),
    "out_skill_premiums": (
        "out_skill_premiums.parquet",
        {
            "skill_id": "text",
            "segment": "text",
            "premium_adj_pct": "number",
            "premium_adj_lo": "number",
            "premium_adj_hi": "number",
            "raw_gap_pct": "number",
            "n_with": "integer",
            "n_without": "integer",
            "n_companies": "integer",
            "is_suppressed": "boolean",
            "suppressed_reason": "text",
        },
    ),
    "out_pay_bands": (
        "out_pay_bands.parquet",
        {
            "role_family": "text",
            "seniority": "text",
            "place_level": "text",
            "place_id": "text",
            "place_name": "text",
            "currency": "text",
            "p10": "number",
            "p25": "number",
            "p50": "number",
            "p75": "number",
            "p90": "number",
            "p50_usd": "number",
            "n_postings": "integer",
            "n_companies": "integer",
            "is_suppressed": "boolean",
            "rollup_level": "text",
        },
    ),
    "out_demand_supply": (
        "out_demand_supply.parquet",
        {
            "skill_id": "text",
            "place_id": "text",
            "window_end": "date",
            "demand_n": "integer",
            "supply_n": "integer",
            "supply_source": "text",
            "ratio": "number",
            "ratio_lo": "number",
            "ratio_hi": "number",
        },
    ),
    "skills": (
        "skills.parquet",
        {"skill_id": "text", "name": "text", "category": "text", "is_genai": "boolean"},
    ),
    "out_emerging_skills": (
        "out_emerging_skills.parquet",
        {
            "skill_id": "text",
            "role_family": "text",
            "country": "text",
            "n_recent_with": "integer",
            "n_recent": "integer",
            "share_recent_pct": "number",
            "share_recent_lo": "number",
            "share_recent_hi": "number",
            "yoy_change_pts": "number",
            "is_suppressed": "boolean",
            "direction": "text",
        },
    ),
    "out_skill_advisor": (
        "out_skill_advisor.parquet",
        {
            "role_family": "text",
            "place_id": "text",
            "given_skill": "text",
            "next_skill": "text",
            "n_given": "integer",
            "n_both": "integer",
            "conditional_share": "number",
            "lift": "number",
        },
    ),
    "out_claims": (
        "out_claims.parquet",
        {"claim_id": "integer", "claim": "text", "measure": "text", "verdict": "text"},
    ),
    "out_postings": (
        "out_postings.parquet",
        {
            "posting_id": "text",
            "title": "text",
            "company": "text",
            "place_label": "text",
            "country": "text",
            "month": "date",
            "role_family": "text",
            "seniority": "text",
            "source": "text",
            "url": "text",
            "skill_ids": "text_list",
        },
    ),
}

# Columns the build may publish beyond the v1 contract; read when present, else null.
OPTIONAL_COLUMNS: Final[Mapping[str, Mapping[str, str]]] = {
    # Slice columns beyond role_family x country ("all" = not sliced; absent = "all").
    "out_skill_demand_monthly": {
        "seniority": "text",
        "state": "text",
        "metro_code": "text",
        "source": "text",
    },
    "out_pay_bands": {
        "p10_usd": "number",
        "p90_usd": "number",
        "window_start": "date",
        "window_end": "date",
        "window": "text",
        "h1b_n": "integer",
        "h1b_p10_annual": "number",
        "h1b_p50_annual": "number",
        "h1b_p90_annual": "number",
        "oews_soc_code": "text",
        "oews_area_code": "text",
        "oews_p10_annual": "number",
        "oews_p50_annual": "number",
        "oews_p90_annual": "number",
    },
    "out_skill_premiums": {
        "premium_joint_pct": "number",
        "premium_joint_lo": "number",
        "premium_joint_hi": "number",
        "premium_within_pct": "number",
        "premium_within_lo": "number",
        "premium_within_hi": "number",
        "n_companies_both": "integer",
    },
    "out_demand_supply": {
        "inverse_ratio": "number",
        "inverse_band": "text",
        "location_quotient": "number",
        "role_family": "text",
        "place_level": "text",
    },
    "out_emerging_skills": {
        "window_start": "date",
        "window_end": "date",
        "n_year_ago_with": "integer",
        "n_year_ago": "integer",
        "share_year_ago_pct": "number",
        "yoy_ratio": "number",
        "momentum": "number",
        "rank": "integer",
    },
    "out_skill_advisor": {
        "n_cell": "integer",
        "n_next": "integer",
        "cond_lo": "number",
        "cond_hi": "number",
        "base_share": "number",
        "momentum": "number",
        "yoy_change_pts": "number",
        "premium_adj_pct": "number",
        "premium_segment": "text",
        "next_is_genai": "boolean",
        "window_start": "date",
        "window_end": "date",
    },
    "out_claims": {
        "figure": "text",
        "source": "text",
        "value": "number",
        "value_lo": "number",
        "value_hi": "number",
        "unit": "text",
        "n": "integer",
        "note": "text",
    },
    "out_postings": {"region": "text", "metro_code": "text"},
}

# Values of optional columns a mart lacks, where not null: the demand mart's slice columns
# read "all" (not sliced) when the build predates them.
# Marts published with several windows: every page reads the named one; the
# "<mart>_windows" view keeps them all (year-on-year comparisons).
DEFAULT_WINDOWS: Final[Mapping[str, str]] = {"out_pay_bands": "last_12m"}

OPTIONAL_DEFAULTS: Final[Mapping[str, Mapping[str, str]]] = {
    "out_demand_supply": {"role_family": "all"},
    "out_pay_bands": {"window": "last_12m"},
    "out_skill_demand_monthly": dict.fromkeys(
        ("seniority", "state", "metro_code", "source"), "all"
    ),
}

# Views derived from the marts at connect time: name -> (the mart it reads, its SQL).
# skill_catalog: the skill dimension plus the pseudo-skill "genai", for display names.
# pay_band_cells: out_pay_bands with USD for every percentile (the published p10_usd / p90_usd
# when present, otherwise converted at the median's rate p50_usd / p50) and whether the cell
# shows a coarser place's data.
_DERIVED_VIEWS: Final[Mapping[str, tuple[str, str]]] = {
    # demand_slices: the demand mart with every slice column (an absent one reads "all", see
    # OPTIONAL_DEFAULTS); demand_base: its v1 rows (role_family x country slices).
    "demand_slices": (
        "out_skill_demand_monthly",
        """
        CREATE VIEW demand_slices AS SELECT * FROM out_skill_demand_monthly
        """,
    ),
    "skill_catalog": (
        "skills",
        """
        CREATE VIEW skill_catalog AS
        SELECT skill_id, name, category, is_genai FROM skills
        UNION ALL
        SELECT 'genai', 'Any GenAI skill', 'genai', TRUE
        WHERE NOT EXISTS (SELECT 1 FROM skills WHERE skill_id = 'genai')
        """,
    ),
    "pay_band_cells": (
        "out_pay_bands",
        """
        CREATE VIEW pay_band_cells AS
        SELECT role_family, seniority, place_level, place_id, place_name, currency,
               p10, p25, p50, p75, p90, p50_usd,
               coalesce(p10_usd, p10 * p50_usd / nullif(p50, 0)) AS p10_usd,
               p25 * p50_usd / nullif(p50, 0) AS p25_usd,
               p75 * p50_usd / nullif(p50, 0) AS p75_usd,
               coalesce(p90_usd, p90 * p50_usd / nullif(p50, 0)) AS p90_usd,
               n_postings, n_companies, is_suppressed, rollup_level,
               coalesce(rollup_level <> place_level, FALSE) AS is_rolled_up,
               window_start, window_end, oews_soc_code, oews_area_code,
               oews_p10_annual, oews_p50_annual, oews_p90_annual,
               h1b_n, h1b_p10_annual, h1b_p50_annual, h1b_p90_annual
        FROM out_pay_bands
        """,
    ),
}

# Tables copied from the marts on first use, once per snapshot build: name -> (the mart it
# reads, its SQL).
_CACHED_TABLES: Final[Mapping[str, tuple[str, tuple[str, ...]]]] = {
    # Most pages read the demand mart on every interaction. The build writes it sorted by the
    # filter columns in small row groups (warehouse.publish.READ_ORDER), so these views read
    # the Parquet file in place and its row-group statistics skip all but the rows a query
    # needs: no copy on first use (copying took 1.2-1.5 s per build at 1M postings).
    # demand_main: the non-geographic slices (state and metro "all"); demand_base: its v1 rows.
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
        ),
    ),
}

MANIFEST_KEYS: Final[Mapping[str, type]] = {
    "build_id": str,
    "built_at": str,
    "code_version": str,
    "is_sample": bool,
    "data_label": str,
    "sources": list,
    "marts": dict,
    "fx_table_date": str,
}


class SnapshotError(RuntimeError):
    """The published snapshot cannot be read."""


class SnapshotMissingError(SnapshotError):
    """No snapshot has been published yet."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"No published snapshot at {path}: run `skillmarket demo --no-app` or "
            "`skillmarket build`"
        )
        self.path = path


class SnapshotInvalidError(SnapshotError):
    """The snapshot exists but breaks the published contract (manifest or mart schema)."""


class PayBandUnavailableError(LookupError):
    """The requested pay-band cell is absent or suppressed, so no offer can be placed in it."""


@dataclass(frozen=True)
class FilterOptions:
    """Values the app's filters can take, read from the snapshot."""

    role_families: tuple[str, ...]
    countries: tuple[str, ...]
    months: tuple[date, ...]
    premium_segments: tuple[str, ...]
    pay_role_families: tuple[str, ...]
    seniorities: tuple[str, ...]


@dataclass(frozen=True)
class OfferPosition:
    """Where an offer falls within a pay-band cell (amount in the cell's local currency)."""

    amount: float
    currency: str
    percentile: float | None
    position: Literal["below_p10", "within", "above_p90"]
    p10: float
    p90: float
    n_postings: int
    n_companies: int
    rollup_level: str


# --------------------------------------------------------------------------- snapshot location


def snapshot_path() -> Path:
    """The published snapshot directory, `$SKILLMARKET_HOME/curated/current` (not resolved)."""
    home = Path(os.environ.get("SKILLMARKET_HOME", DEFAULT_HOME)).expanduser()
    return home / "curated" / "current"


def snapshot_available() -> bool:
    """Whether a snapshot with a manifest has been published."""
    return (snapshot_path() / "manifest.json").is_file()


def snapshot_manifest() -> dict[str, Any]:
    """The published snapshot's manifest, checked against the contract's required keys."""
    return _manifest_of(_published_directory())


def _published_directory() -> Path:
    """The resolved snapshot directory (symlink followed), or SnapshotMissingError."""
    path = snapshot_path()
    if not (path / "manifest.json").is_file():
        raise SnapshotMissingError(path)
    return path.resolve()


def _manifest_of(directory: Path) -> dict[str, Any]:
    manifest_file = directory / "manifest.json"
    try:
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SnapshotMissingError(directory) from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SnapshotInvalidError(f"{manifest_file}: not valid JSON ({exc})") from exc
    if not isinstance(manifest, dict):
        raise SnapshotInvalidError(f"{manifest_file}: expected a JSON object")
    for key, expected in MANIFEST_KEYS.items():
        if key not in manifest:
            raise SnapshotInvalidError(f"{manifest_file}: missing key {key!r}")
        if not isinstance(manifest[key], expected):
            raise SnapshotInvalidError(
                f"{manifest_file}: key {key!r} has type {type(manifest[key]).__name__}"
            )
    if not manifest["build_id"]:
        raise SnapshotInvalidError(f"{manifest_file}: empty 'build_id'")
    return manifest


# --------------------------------------------------------------------------- connection


@dataclass(frozen=True)
class _SnapshotConnection:
    directory: Path
    build_id: str
    connection: duckdb.DuckDBPyConnection
    views: frozenset[str]
    problems: Mapping[str, str]  # view -> why its file breaks the contract
    cached: set[str] = field(default_factory=set)  # _CACHED_TABLES created so far
    # Answers that depend on the snapshot only (filter options), computed once per build.
    memo: dict[str, Any] = field(default_factory=dict)


_CONNECTION_LOCK: Final = threading.Lock()
_open_snapshot: _SnapshotConnection | None = None


def _snapshot_connection() -> _SnapshotConnection:
    """The connection for the currently published build, opened on first use per build id."""
    global _open_snapshot
    directory = _published_directory()
    build_id = _manifest_of(directory)["build_id"]
    with _CONNECTION_LOCK:
        current = _open_snapshot
        if current is None or (current.directory, current.build_id) != (directory, build_id):
            # The old connection is left to the garbage collector: cursors taken from it by
            # queries still running in other threads keep working until they finish.
            current = _connect_snapshot(directory, build_id)
            _open_snapshot = current
        return current


def _connect_snapshot(directory: Path, build_id: str) -> _SnapshotConnection:
    """An in-memory DuckDB connection with views over the snapshot's Parquet files only.

    A mart whose file breaks the contract gets no view; its problem is kept so that only the
    queries reading it fail, each with a message naming the file and the column.
    """
    files = {
        name: directory / file_name
        for name, (file_name, _) in SNAPSHOT_VIEWS.items()
        if (directory / file_name).is_file()
    }
    connection = duckdb.connect(":memory:")
    connection.execute("SET allowed_paths = $paths", {"paths": [str(p) for p in files.values()]})
    connection.execute("SET enable_external_access = false")
    connection.execute("SET lock_configuration = true")
    problems: dict[str, str] = {}
    for name, path in files.items():
        try:
            relation = connection.read_parquet(str(path))
        except duckdb.Error as exc:
            problems[name] = f"{path}: cannot be read as Parquet ({exc})"
            continue
        problem = _schema_problem(path, relation, SNAPSHOT_VIEWS[name][1])
        problem = problem or _schema_problem(
            path, relation, OPTIONAL_COLUMNS.get(name, {}), optional=True
        )
        if problem:
            problems[name] = problem
            continue
        relation = _with_optional_columns(
            relation, OPTIONAL_COLUMNS.get(name, {}), OPTIONAL_DEFAULTS.get(name, {})
        )
        if name in DEFAULT_WINDOWS:
            relation.create_view(f"{name}_windows")
            relation = relation.filter(
                duckdb.ColumnExpression("window")
                == duckdb.ConstantExpression(DEFAULT_WINDOWS[name])
            )
        relation.create_view(name)
    views = frozenset(files) - frozenset(problems)
    for source, create_sql in _DERIVED_VIEWS.values():
        if source in views:
            connection.execute(create_sql)
    return _SnapshotConnection(directory, build_id, connection, views, problems)


def _schema_problem(
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


def _with_optional_columns(
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
        .cast(duckdb.sqltype(_KIND_SQL_TYPES[optional[column]]))
        .alias(column)
        for column in absent
    ]
    return relation.select(duckdb.StarExpression(), *constants)


def _query(views: Sequence[str], sql: str, params: Mapping[str, object]) -> pl.DataFrame:
    """Run fixed SQL with named parameters on a fresh cursor; `views` are the marts it reads."""
    snapshot = _snapshot_connection()
    for view in views:
        if view not in SNAPSHOT_VIEWS:
            raise ValueError(f"unknown snapshot view {view!r}")
        if view in snapshot.problems:
            raise SnapshotInvalidError(snapshot.problems[view])
        if view not in snapshot.views:
            raise SnapshotInvalidError(
                f"Snapshot {snapshot.directory} has no {SNAPSHOT_VIEWS[view][0]}"
            )
    _ensure_cached_tables(snapshot, views)
    with _CONNECTION_LOCK:
        cursor = snapshot.connection.cursor()
    try:
        return cursor.sql(sql, params=dict(params)).pl()
    finally:
        cursor.close()


_CACHE_LOCK: Final = threading.Lock()


def _ensure_cached_tables(snapshot: _SnapshotConnection, views: Sequence[str]) -> None:
    """Create the cached tables of the marts `views` reads, once per connection."""
    wanted = [
        name
        for name, (source, _) in _CACHED_TABLES.items()
        if source in views and name not in snapshot.cached
    ]
    if not wanted:
        return
    with _CACHE_LOCK:  # one thread copies; the others wait for it, then find it done
        for name in wanted:
            if name not in snapshot.cached:
                for statement in _CACHED_TABLES[name][1]:
                    snapshot.connection.execute(statement)
                snapshot.cached.add(name)


def _check_positive_int(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")


def _check_skill_ids(skill_ids: Sequence[str]) -> list[str]:
    if isinstance(skill_ids, str):
        raise TypeError(f"skill_ids must be a sequence of ids, not the string {skill_ids!r}")
    ids = list(skill_ids)
    bad = [skill for skill in ids if not isinstance(skill, str)]
    if bad:
        raise TypeError(f"skill_ids must be strings, got {bad!r}")
    return ids


# --------------------------------------------------------------------------- skill demand


def skill_catalog() -> pl.DataFrame:
    """Skills with display names: skill_id, name, category, is_genai (incl. pseudo-skill genai)."""
    return _query(
        ("skills",),
        "SELECT skill_id, name, category, is_genai FROM skill_catalog ORDER BY lower(name)",
        {},
    )


def demand_trend(
    skill_ids: Sequence[str],
    role_family: str = "all",
    country: str = "all",
    start: date | None = None,
    end: date | None = None,
    seniority: str = "all",
    source: str = "all",
) -> pl.DataFrame:
    """Monthly share of postings naming each skill, with its Wilson interval and counts.

    Reads the demand mart's slice for role_family x country x seniority x source (state and
    metro "all"); the mart holds only some combinations (see `analytics.marts.demand`), so a
    combination it lacks returns no rows (`posting_trend` counts any combination).
    Columns: month, skill_id, skill_name, n_postings, n_with_skill, share_pct, share_lo, share_hi.
    """
    return _query(
        ("out_skill_demand_monthly", "skills"),
        """
        SELECT d.month, d.skill_id, coalesce(c.name, d.skill_id) AS skill_name,
               d.n_postings, d.n_with_skill, d.share_pct, d.share_lo, d.share_hi
        FROM demand_main AS d
        LEFT JOIN skill_catalog AS c USING (skill_id)
        WHERE list_contains($skill_ids::VARCHAR[], d.skill_id)
          AND d.role_family = $role_family AND d.country = $country
          AND d.seniority = $seniority AND d.source = $source
          AND ($start::DATE IS NULL OR d.month >= $start::DATE)
          AND ($end::DATE IS NULL OR d.month <= $end::DATE)
        ORDER BY d.skill_id, d.month
        """,
        {
            "skill_ids": _check_skill_ids(skill_ids),
            "role_family": role_family,
            "country": country,
            "seniority": seniority,
            "source": source,
            "start": start,
            "end": end,
        },
    )


def genai_share_trend(
    role_family: str = "all",
    country: str = "all",
    start: date | None = None,
    end: date | None = None,
) -> pl.DataFrame:
    """Monthly share of postings naming any GenAI skill: month, n_postings, n_with_skill, share."""
    return demand_trend([GENAI_SKILL_ID], role_family, country, start, end).drop(
        "skill_id", "skill_name"
    )


def top_skills(
    month: date | None = None, role_family: str = "all", country: str = "all", n: int = 10
) -> pl.DataFrame:
    """The `n` skills with the highest share in `month` (default: the slice's latest month).

    Columns: rank, month, skill_id, skill_name, share_pct, share_lo, share_hi, n_with_skill,
    n_postings. The pseudo-skill genai is left out.
    """
    _check_positive_int("n", n)
    return _query(
        ("out_skill_demand_monthly", "skills"),
        """
        WITH slice AS (
            SELECT * FROM demand_base
            WHERE role_family = $role_family AND country = $country AND skill_id <> $genai
        ),
        target AS (SELECT coalesce($month::DATE, max(month)) AS month FROM slice)
        SELECT row_number() OVER (ORDER BY s.share_pct DESC, s.skill_id) AS rank,
               s.month, s.skill_id, coalesce(c.name, s.skill_id) AS skill_name,
               s.share_pct, s.share_lo, s.share_hi, s.n_with_skill, s.n_postings
        FROM slice AS s
        JOIN target AS t ON s.month = t.month
        LEFT JOIN skill_catalog AS c USING (skill_id)
        ORDER BY rank
        LIMIT $n
        """,
        {
            "role_family": role_family,
            "country": country,
            "genai": GENAI_SKILL_ID,
            "month": month,
            "n": n,
        },
    )


def rising_skills(
    month: date | None = None,
    role_family: str = "all",
    country: str = "all",
    n: int = 10,
    min_recent_postings: int = 30,
) -> pl.DataFrame:
    """Skills whose share grew most against 12 months earlier (metrics.md: emerging skills).

    Only skills whose share grew, named by at least `min_recent_postings` postings in the 3
    months ending at `month` (default: the slice's latest month), with postings a year earlier.
    Ranked by the YoY ratio of share (a zero share a year ago ranks first), then by the change
    in points.
    Columns: rank, month, skill_id, skill_name, share_pct, share_lo, share_hi, n_with_skill,
    n_postings, share_pct_year_ago, n_with_skill_year_ago, n_postings_year_ago, change_pts,
    share_ratio, n_with_skill_3m.
    """
    _check_positive_int("n", n)
    if min_recent_postings < 0:
        raise ValueError(f"min_recent_postings must be >= 0, got {min_recent_postings!r}")
    return _query(
        ("out_skill_demand_monthly", "skills"),
        """
        WITH slice AS (
            SELECT * FROM demand_base
            WHERE role_family = $role_family AND country = $country AND skill_id <> $genai
        ),
        target AS (SELECT coalesce($month::DATE, max(month)) AS month FROM slice),
        recent AS (
            SELECT s.skill_id, sum(s.n_with_skill)::BIGINT AS n_with_skill_3m
            FROM slice AS s, target AS t
            WHERE s.month <= t.month AND s.month > t.month - INTERVAL 3 MONTH
            GROUP BY s.skill_id
        ),
        compared AS (
            SELECT now.month, now.skill_id, now.share_pct, now.share_lo, now.share_hi,
                   now.n_with_skill, now.n_postings,
                   ago.share_pct AS share_pct_year_ago,
                   ago.n_with_skill AS n_with_skill_year_ago,
                   ago.n_postings AS n_postings_year_ago,
                   now.share_pct - ago.share_pct AS change_pts,
                   CASE WHEN ago.share_pct > 0 THEN now.share_pct / ago.share_pct END
                       AS share_ratio,
                   r.n_with_skill_3m
            FROM slice AS now
            JOIN target AS t ON now.month = t.month
            JOIN slice AS ago
              ON ago.skill_id = now.skill_id AND ago.month = t.month - INTERVAL 12 MONTH
            JOIN recent AS r ON r.skill_id = now.skill_id
            WHERE ago.n_postings > 0 AND r.n_with_skill_3m >= $min_recent
              AND now.share_pct > ago.share_pct
        )
        SELECT row_number() OVER (
                   ORDER BY (share_ratio IS NULL AND change_pts > 0) DESC,
                            share_ratio DESC NULLS LAST, change_pts DESC, skill_id
               ) AS rank,
               month, skill_id, coalesce(c.name, skill_id) AS skill_name,
               share_pct, share_lo, share_hi, n_with_skill, n_postings,
               share_pct_year_ago, n_with_skill_year_ago, n_postings_year_ago,
               change_pts, share_ratio, n_with_skill_3m
        FROM compared
        LEFT JOIN skill_catalog AS c USING (skill_id)
        ORDER BY rank
        LIMIT $n
        """,
        {
            "role_family": role_family,
            "country": country,
            "genai": GENAI_SKILL_ID,
            "month": month,
            "min_recent": min_recent_postings,
            "n": n,
        },
    )


def headline_numbers(role_family: str = "all", country: str = "all") -> pl.DataFrame:
    """One row: postings in the last 12 months vs the prior 12, GenAI share now vs a year ago.

    Columns: latest_month; postings_last_12m, months_last_12m, postings_prior_12m,
    months_prior_12m, postings_change_pct (null unless both windows hold 12 months);
    genai_share_pct, genai_share_lo, genai_share_hi, genai_n_with_skill, genai_n_postings (latest
    month); genai_share_year_ago_pct, genai_n_with_skill_year_ago, genai_n_postings_year_ago;
    genai_change_pts. All null when the slice has no data.
    """
    return _query(
        ("out_skill_demand_monthly",),
        """
        WITH slice AS (
            SELECT * FROM demand_base
            WHERE role_family = $role_family AND country = $country
        ),
        monthly AS (SELECT month, max(n_postings) AS n_postings FROM slice GROUP BY month),
        latest AS (SELECT max(month) AS month FROM monthly),
        windows AS (
            SELECT
                sum(m.n_postings) FILTER (WHERE m.month > l.month - INTERVAL 12 MONTH)::BIGINT
                    AS postings_last_12m,
                count(*) FILTER (WHERE m.month > l.month - INTERVAL 12 MONTH)
                    AS months_last_12m,
                sum(m.n_postings) FILTER (
                    WHERE m.month <= l.month - INTERVAL 12 MONTH
                      AND m.month > l.month - INTERVAL 24 MONTH
                )::BIGINT AS postings_prior_12m,
                count(*) FILTER (
                    WHERE m.month <= l.month - INTERVAL 12 MONTH
                      AND m.month > l.month - INTERVAL 24 MONTH
                ) AS months_prior_12m
            FROM monthly AS m, latest AS l
        ),
        genai AS (SELECT * FROM slice WHERE skill_id = $genai)
        SELECT l.month AS latest_month,
               w.postings_last_12m, w.months_last_12m,
               w.postings_prior_12m, w.months_prior_12m,
               CASE WHEN w.months_last_12m = 12 AND w.months_prior_12m = 12
                         AND w.postings_prior_12m > 0
                    THEN 100.0 * (w.postings_last_12m / w.postings_prior_12m - 1)
               END AS postings_change_pct,
               now.share_pct AS genai_share_pct, now.share_lo AS genai_share_lo,
               now.share_hi AS genai_share_hi, now.n_with_skill AS genai_n_with_skill,
               now.n_postings AS genai_n_postings,
               ago.share_pct AS genai_share_year_ago_pct,
               ago.n_with_skill AS genai_n_with_skill_year_ago,
               ago.n_postings AS genai_n_postings_year_ago,
               now.share_pct - ago.share_pct AS genai_change_pts
        FROM latest AS l
        CROSS JOIN windows AS w
        LEFT JOIN genai AS now ON now.month = l.month
        LEFT JOIN genai AS ago ON ago.month = l.month - INTERVAL 12 MONTH
        """,
        {"role_family": role_family, "country": country, "genai": GENAI_SKILL_ID},
    )


# --------------------------------------------------------------------------- pay


def premiums(segment: str = "all") -> pl.DataFrame:
    """Adjusted and raw pay premiums per skill in one segment, suppressed rows last.

    Columns: skill_id, skill_name, is_genai, segment, premium_adj_pct, premium_adj_lo,
    premium_adj_hi, raw_gap_pct, n_with, n_without, n_companies, is_suppressed,
    suppressed_reason.
    """
    return _query(
        ("out_skill_premiums", "skills"),
        """
        SELECT p.skill_id, coalesce(c.name, p.skill_id) AS skill_name,
               coalesce(c.is_genai, FALSE) AS is_genai, p.segment,
               p.premium_adj_pct, p.premium_adj_lo, p.premium_adj_hi, p.raw_gap_pct,
               p.n_with, p.n_without, p.n_companies, p.is_suppressed, p.suppressed_reason
        FROM out_skill_premiums AS p
        LEFT JOIN skill_catalog AS c USING (skill_id)
        WHERE p.segment = $segment
        ORDER BY p.is_suppressed, p.premium_adj_pct DESC NULLS LAST, p.skill_id
        """,
        {"segment": segment},
    )


def pay_band(role_family: str, seniority: str, place_id: str) -> pl.DataFrame:
    """The pay-band cell for role × seniority × place: zero or one row.

    Columns: the out_pay_bands columns plus p10_usd, p25_usd, p75_usd, p90_usd (local
    percentiles converted at the rate the build used for the median, p50_usd / p50) and
    is_rolled_up (the cell shows data of `rollup_level`, a coarser place).
    """
    return _query(
        ("out_pay_bands",),
        """
        SELECT * FROM pay_band_cells
        WHERE role_family = $role_family AND seniority = $seniority AND place_id = $place_id
        """,
        {"role_family": role_family, "seniority": seniority, "place_id": place_id},
    )


def pay_band_year_earlier(role_family: str, seniority: str, place_id: str) -> pl.DataFrame:
    """The same cell in the 12 months before the published window: zero or one row with
    window_start, window_end, p50, currency, n_postings, n_companies, rollup_level,
    is_suppressed (empty when the snapshot has one window)."""
    return _query(
        ("out_pay_bands",),
        """
        SELECT window_start, window_end, p50, currency, n_postings, n_companies, rollup_level,
               is_suppressed
        FROM out_pay_bands_windows
        WHERE "window" = 'prior_12m' AND role_family = $role_family
          AND seniority = $seniority AND place_id = $place_id
        """,
        {"role_family": role_family, "seniority": seniority, "place_id": place_id},
    )


def pay_snapshot(place_id: str = "all") -> pl.DataFrame:
    """Every role × seniority pay-band cell of one place, in vocabulary order (same columns)."""
    return _query(
        ("out_pay_bands",),
        """
        SELECT * FROM pay_band_cells
        WHERE place_id = $place_id
        ORDER BY role_family, coalesce(list_position($seniorities, seniority), 99), seniority
        """,
        {"place_id": place_id, "seniorities": list(SENIORITY_ORDER)},
    )


def pay_band_places(role_family: str | None = None, seniority: str | None = None) -> pl.DataFrame:
    """Places with pay-band cells (for a role family and seniority when given), coarse to fine.

    Columns: place_level, place_id, place_name.
    """
    return _query(
        ("out_pay_bands",),
        """
        SELECT DISTINCT place_level, place_id, place_name,
               coalesce(list_position($levels, place_level), 99) AS level_order
        FROM out_pay_bands
        WHERE ($role_family::VARCHAR IS NULL OR role_family = $role_family)
          AND ($seniority::VARCHAR IS NULL OR seniority = $seniority)
        ORDER BY level_order, place_name, place_id
        """,
        {"levels": list(PLACE_LEVEL_ORDER), "role_family": role_family, "seniority": seniority},
    ).drop("level_order")


def offer_percentile(
    role_family: str, seniority: str, place_id: str, amount: float
) -> OfferPosition:
    """Where `amount` (local currency per year) falls in the cell's P10–P90 band.

    Interpolates linearly between the published percentiles; outside the band the percentile is
    None and `position` says "below_p10" or "above_p90". Raises PayBandUnavailableError when the
    cell is absent or suppressed.
    """
    if isinstance(amount, bool) or not isinstance(amount, int | float) or not math.isfinite(amount):
        raise ValueError(f"offer amount must be a finite number, got {amount!r}")
    if amount <= 0:
        raise ValueError(f"offer amount must be positive, got {amount!r}")
    cell_name = f"role_family={role_family!r}, seniority={seniority!r}, place_id={place_id!r}"
    band = pay_band(role_family, seniority, place_id)
    if band.is_empty():
        raise PayBandUnavailableError(f"No pay band for {cell_name}")
    row = band.row(0, named=True)
    points = [(10.0, row["p10"]), (25.0, row["p25"]), (50.0, row["p50"])]
    points += [(75.0, row["p75"]), (90.0, row["p90"])]
    if row["is_suppressed"] or any(value is None for _, value in points):
        raise PayBandUnavailableError(f"The pay band for {cell_name} is suppressed")
    values = [value for _, value in points]
    if values != sorted(values):
        raise SnapshotInvalidError(f"out_pay_bands: percentiles decrease in cell {cell_name}")
    percentile, position = _percentile_within_band(points, float(amount))
    return OfferPosition(
        amount=float(amount),
        currency=row["currency"],
        percentile=percentile,
        position=position,
        p10=row["p10"],
        p90=row["p90"],
        n_postings=row["n_postings"],
        n_companies=row["n_companies"],
        rollup_level=row["rollup_level"],
    )


def _percentile_within_band(
    points: Sequence[tuple[float, float]], amount: float
) -> tuple[float | None, Literal["below_p10", "within", "above_p90"]]:
    """Linear interpolation of `amount` over (percentile, value) points sorted by value.

    Where several percentiles share one value, an amount equal to it gets their midpoint.
    """
    if amount < points[0][1]:
        return None, "below_p10"
    if amount > points[-1][1]:
        return None, "above_p90"
    tied = [pct for pct, value in points if value == amount]
    if tied:
        return (min(tied) + max(tied)) / 2, "within"
    for (pct_lo, value_lo), (pct_hi, value_hi) in itertools.pairwise(points):
        if value_lo < amount < value_hi:
            fraction = (amount - value_lo) / (value_hi - value_lo)
            return pct_lo + fraction * (pct_hi - pct_lo), "within"
    raise AssertionError("unreachable: amount lies within the band")  # pragma: no cover


# --------------------------------------------------------------------------- filters


def _memoized(key: str, compute: Callable[[], object]) -> object:
    """`compute()` once per snapshot build (kept on the build's connection)."""
    memo = _snapshot_connection().memo
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def filter_options() -> FilterOptions:
    """Role families, countries, months, premium segments and pay-band roles and levels.

    "all" comes first where present; seniorities follow the contract's order. Computed once
    per snapshot build.
    """
    return _memoized("filter_options", _filter_options)  # type: ignore[no-any-return]


def _filter_options() -> FilterOptions:
    demand = _query(
        ("out_skill_demand_monthly",),
        """
        -- every slice lists every skill, so the genai rows carry every role, country and
        -- month: one pass over a two-hundredth of the mart
        SELECT list_sort(list_distinct(list(role_family))) AS role_families,
               list_sort(list_distinct(list(country))) AS countries,
               list_sort(list_distinct(list(month))) AS months
        FROM demand_base
        WHERE skill_id = 'genai' OR NOT EXISTS (SELECT 1 FROM demand_base WHERE skill_id = 'genai')
        """,
        {},
    ).row(0, named=True)
    segments = _query(
        ("out_skill_premiums",),
        "SELECT DISTINCT segment FROM out_skill_premiums ORDER BY segment",
        {},
    )
    pay = _query(
        ("out_pay_bands",),
        """
        SELECT list_sort(list_distinct(list(role_family))) AS role_families,
               list_distinct(list(seniority)) AS seniorities
        FROM out_pay_bands
        """,
        {},
    ).row(0, named=True)
    return FilterOptions(
        role_families=_all_first(demand["role_families"] or []),
        countries=_all_first(demand["countries"] or []),
        months=tuple(demand["months"] or []),
        premium_segments=_all_first(segments["segment"].to_list()),
        pay_role_families=tuple(pay["role_families"] or []),
        seniorities=_in_vocabulary_order(pay["seniorities"] or [], SENIORITY_ORDER),
    )


def _all_first(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(sorted(values, key=lambda value: (value != "all", value)))


def _in_vocabulary_order(values: Sequence[str], vocabulary: Sequence[str]) -> tuple[str, ...]:
    rank = {value: index for index, value in enumerate(vocabulary)}
    return tuple(sorted(values, key=lambda value: (rank.get(value, len(rank)), value)))


# --------------------------------------------------------------------------- premiums page


def premium_forest(segment: str = "all", n: int = 25) -> pl.DataFrame:
    """The estimated (not suppressed) premiums of one segment to plot: genai first, then the
    skills with most postings naming them (n_with), at most `n` rows, in that order.

    Columns: rank, skill_id, skill_name, is_genai, segment, premium_adj_pct, premium_adj_lo,
    premium_adj_hi, raw_gap_pct, n_with, n_without, n_companies, and (null when the build
    did not publish them) premium_joint_pct/lo/hi (every skill in one regression),
    premium_within_pct/lo/hi (company fixed effects), n_companies_both.
    """
    _check_positive_int("n", n)
    return _query(
        ("out_skill_premiums", "skills"),
        """
        SELECT row_number() OVER (
                   ORDER BY (p.skill_id = $genai) DESC, p.n_with DESC, p.skill_id
               ) AS rank,
               p.skill_id, coalesce(c.name, p.skill_id) AS skill_name,
               coalesce(c.is_genai, FALSE) AS is_genai, p.segment,
               p.premium_adj_pct, p.premium_adj_lo, p.premium_adj_hi, p.raw_gap_pct,
               p.n_with, p.n_without, p.n_companies,
               p.premium_joint_pct, p.premium_joint_lo, p.premium_joint_hi,
               p.premium_within_pct, p.premium_within_lo, p.premium_within_hi,
               p.n_companies_both
        FROM out_skill_premiums AS p
        LEFT JOIN skill_catalog AS c USING (skill_id)
        WHERE p.segment = $segment AND NOT p.is_suppressed AND p.premium_adj_pct IS NOT NULL
        ORDER BY rank
        LIMIT $n
        """,
        {"segment": segment, "genai": GENAI_SKILL_ID, "n": n},
    )


def suppressed_premiums(segment: str = "all") -> pl.DataFrame:
    """Skills of one segment whose premium is not estimated, with the reason and counts only
    (no premium or gap numbers), genai first then by n_with.

    Columns: skill_id, skill_name, segment, n_with, n_without, n_companies, suppressed_reason.
    """
    return _query(
        ("out_skill_premiums", "skills"),
        """
        SELECT p.skill_id, coalesce(c.name, p.skill_id) AS skill_name, p.segment,
               p.n_with, p.n_without, p.n_companies,
               coalesce(p.suppressed_reason, 'no estimate') AS suppressed_reason
        FROM out_skill_premiums AS p
        LEFT JOIN skill_catalog AS c USING (skill_id)
        WHERE p.segment = $segment AND (p.is_suppressed OR p.premium_adj_pct IS NULL)
        ORDER BY (p.skill_id = $genai) DESC, p.n_with DESC, p.skill_id
        """,
        {"segment": segment, "genai": GENAI_SKILL_ID},
    )


# --------------------------------------------------------------------------- demand vs supply

# Lightcast's bands for candidates per opening (metrics.md), used where the build did not
# publish inverse_band: upper bound -> label, the same labels `analytics.marts.supply` writes.
INVERSE_BANDS: Final = (
    (0.59, "too many jobs"),
    (0.90, "more jobs than workers"),
    (1.20, "balanced"),
    (1.49, "more workers than jobs"),
)
INVERSE_BAND_TOP: Final = "too many workers"
SUPPLY_PLACE_LEVEL_ORDER: Final = ("all", "country", "state", "metro")


def demand_supply_windows() -> tuple[date, ...]:
    """The window_end dates of out_demand_supply, newest first."""
    windows = _query(
        ("out_demand_supply",),
        "SELECT DISTINCT window_end FROM out_demand_supply ORDER BY window_end DESC",
        {},
    )
    return tuple(windows["window_end"].to_list())


def demand_supply_skills() -> pl.DataFrame:
    """Skills with demand/supply rows: genai first, then by demand across all places and windows.

    Columns: skill_id, skill_name, demand_n (summed over the windows at place "all").
    """
    return _query(
        ("out_demand_supply", "skills"),
        """
        SELECT d.skill_id, coalesce(c.name, d.skill_id) AS skill_name,
               coalesce(sum(d.demand_n) FILTER (WHERE d.place_id = 'all'), 0)::BIGINT
                   AS demand_n
        FROM out_demand_supply AS d
        LEFT JOIN skill_catalog AS c USING (skill_id)
        GROUP BY d.skill_id, c.name
        ORDER BY (d.skill_id = $genai) DESC, demand_n DESC, d.skill_id
        """,
        {"genai": GENAI_SKILL_ID},
    )


def demand_supply(
    skill_id: str, window_end: date | None = None, supply_source: str = "talent_pool"
) -> pl.DataFrame:
    """Openings per candidate for one skill by place, in one window (default: the latest),
    against one supply measure ("talent_pool" or "oews_survey_estimate").

    place_level is "all", "country" (ISO alpha-2), "state" ("US-CA") or "metro" (7-digit OEWS
    code); rows run all, countries, states, metros, each by demand. inverse_ratio and
    inverse_band are the build's when it publishes them, else supply_n / demand_n read with
    Lightcast's bands (INVERSE_BANDS).
    Columns: skill_id, skill_name, place_id, place_level, window_end, demand_n, supply_n,
    supply_source, ratio, ratio_lo, ratio_hi, inverse_ratio, inverse_band, location_quotient.
    """
    return _query(
        ("out_demand_supply", "skills"),
        """
        WITH target AS (
            SELECT coalesce($window_end::DATE, max(window_end)) AS window_end
            FROM out_demand_supply
        ),
        rows AS (
            SELECT d.*,
                   coalesce(
                       d.place_level,
                       CASE WHEN d.place_id = 'all' THEN 'all'
                            WHEN regexp_full_match(d.place_id, '[0-9]{7}') THEN 'metro'
                            ELSE 'country' END
                   ) AS place_level_read,
                   coalesce(d.inverse_ratio, d.supply_n / nullif(d.demand_n, 0))
                       AS inverse_value
            FROM out_demand_supply AS d
            JOIN target AS t ON d.window_end = t.window_end
            WHERE d.skill_id = $skill_id AND d.role_family = 'all'
              AND d.supply_source = $supply_source
        )
        SELECT r.skill_id, coalesce(c.name, r.skill_id) AS skill_name, r.place_id,
               r.place_level_read AS place_level, r.window_end, r.demand_n, r.supply_n,
               r.supply_source,
               r.ratio, r.ratio_lo, r.ratio_hi, r.inverse_value AS inverse_ratio,
               coalesce(
                   r.inverse_band,
                   CASE WHEN r.inverse_value IS NULL THEN NULL
                        WHEN r.inverse_value <= $b1 THEN $l1
                        WHEN r.inverse_value <= $b2 THEN $l2
                        WHEN r.inverse_value <= $b3 THEN $l3
                        WHEN r.inverse_value <= $b4 THEN $l4
                        ELSE $top END
               ) AS inverse_band,
               r.location_quotient
        FROM rows AS r
        LEFT JOIN skill_catalog AS c USING (skill_id)
        ORDER BY list_position($levels, r.place_level_read), r.demand_n DESC, r.place_id
        """,
        {
            "skill_id": skill_id,
            "window_end": window_end,
            "supply_source": supply_source,
            "levels": list(SUPPLY_PLACE_LEVEL_ORDER),
            **{f"b{i}": upper for i, (upper, _) in enumerate(INVERSE_BANDS, start=1)},
            **{f"l{i}": label for i, (_, label) in enumerate(INVERSE_BANDS, start=1)},
            "top": INVERSE_BAND_TOP,
        },
    )


# --------------------------------------------------------------------------- whole marts

MART_ROW_CAP: Final = 200_000
# One fixed statement per whitelisted view (names from SNAPSHOT_VIEWS only, never from input).
_WHOLE_MART_SQL: Final[Mapping[str, tuple[str, str]]] = {
    name: (f"SELECT * FROM {name} LIMIT $limit", f"SELECT count(*) AS n FROM {name}")
    for name in SNAPSHOT_VIEWS
}


@dataclass(frozen=True)
class MartRows:
    """A published mart's rows, at most a cap of them, and how many it holds."""

    name: str
    rows: pl.DataFrame
    total_rows: int

    @property
    def is_capped(self) -> bool:
        return self.rows.height < self.total_rows


def mart_rows(name: str, max_rows: int = MART_ROW_CAP) -> MartRows:
    """The first `max_rows` rows of the whitelisted mart `name` and its total row count.

    Raises ValueError for a name that is not in SNAPSHOT_VIEWS.
    """
    _check_positive_int("max_rows", max_rows)
    if name not in _WHOLE_MART_SQL:
        raise ValueError(f"unknown snapshot view {name!r}")
    rows_sql, count_sql = _WHOLE_MART_SQL[name]
    rows = _query((name,), rows_sql, {"limit": max_rows})
    total = int(_query((name,), count_sql, {})["n"][0])
    return MartRows(name=name, rows=rows, total_rows=total)


# --------------------------------------------------------------------------- shared SQL pieces

Z95: Final = 1.959963984540054


def _wilson_sql(successes: str, trials: str, bound: Literal["lo", "hi"]) -> str:
    """SQL for a Wilson 95% bound (0-1) of successes / trials; the arguments are column names
    written in this module, never user input."""
    sign = "-" if bound == "lo" else "+"
    z2 = f"{Z95 * Z95!r}"
    p = f"({successes}::DOUBLE / nullif({trials}, 0))"
    return (
        f"(({p} + {z2} / (2 * {trials})) {sign} {Z95!r} * sqrt({p} * (1 - {p}) / {trials} "
        f"+ {z2} / (4 * {trials} * {trials}))) / (1 + {z2} / {trials})"
    )


def view_available(view: str) -> bool:
    """Whether the published snapshot has a readable `view` (one of SNAPSHOT_VIEWS)."""
    if view not in SNAPSHOT_VIEWS:
        raise ValueError(f"unknown snapshot view {view!r}")
    return view in _snapshot_connection().views


def _month_start(value: date | None) -> date | None:
    return None if value is None else value.replace(day=1)


# --------------------------------------------------------------------------- postings filters


@dataclass(frozen=True)
class PostingFilterOptions:
    """Values the posting-level filters (seniority, source) can take, from out_postings."""

    seniorities: tuple[str, ...]
    sources: tuple[str, ...]


def posting_filter_options() -> PostingFilterOptions:
    """Seniorities (in vocabulary order) and sources present in out_postings; empty when the
    snapshot publishes no postings index."""
    if not view_available("out_postings"):
        return PostingFilterOptions((), ())
    return _memoized("posting_filter_options", _posting_filter_options)  # type: ignore[no-any-return]


def _posting_filter_options() -> PostingFilterOptions:
    row = _query(
        ("out_postings",),
        """
        SELECT (SELECT list(seniority) FROM (SELECT DISTINCT seniority FROM out_postings
                                             WHERE seniority IS NOT NULL)) AS seniorities,
               (SELECT list(source ORDER BY source)
                FROM (SELECT DISTINCT source FROM out_postings WHERE source IS NOT NULL))
                   AS sources
        """,
        {},
    ).row(0, named=True)
    return PostingFilterOptions(
        seniorities=_in_vocabulary_order(row["seniorities"] or [], SENIORITY_ORDER),
        sources=tuple(row["sources"] or []),
    )


# --------------------------------------------------------------------------- trends page

EMERGING_DIRECTIONS: Final = ("rising", "declining")
HEATMAP_MIN_POSTINGS: Final = 30


def emerging_skills(
    direction: Literal["rising", "declining"],
    role_family: str = "all",
    country: str = "all",
    n: int = 10,
) -> pl.DataFrame:
    """Skills rising (or declining) in share of new postings, from out_emerging_skills, in the
    mart's rank order; suppressed and undirected rows are left out (see `emerging_counts`).

    Columns: rank, skill_id, skill_name, window_start, window_end, share_recent_pct,
    share_recent_lo, share_recent_hi, n_recent_with, n_recent, share_year_ago_pct,
    n_year_ago_with, n_year_ago, yoy_change_pts, yoy_ratio, momentum.
    """
    _check_positive_int("n", n)
    if direction not in EMERGING_DIRECTIONS:
        raise ValueError(f"direction must be one of {EMERGING_DIRECTIONS}, got {direction!r}")
    return _query(
        ("out_emerging_skills", "skills"),
        """
        SELECT row_number() OVER (
                   ORDER BY e.rank NULLS LAST,
                            CASE WHEN $direction = 'rising' THEN -e.yoy_change_pts
                                 ELSE e.yoy_change_pts END,
                            e.skill_id
               ) AS rank,
               e.skill_id, coalesce(c.name, e.skill_id) AS skill_name,
               e.window_start, e.window_end,
               e.share_recent_pct, e.share_recent_lo, e.share_recent_hi,
               e.n_recent_with, e.n_recent,
               e.share_year_ago_pct, e.n_year_ago_with, e.n_year_ago,
               e.yoy_change_pts, e.yoy_ratio, e.momentum
        FROM out_emerging_skills AS e
        LEFT JOIN skill_catalog AS c USING (skill_id)
        WHERE e.role_family = $role_family AND e.country = $country
          AND e.direction = $direction AND NOT coalesce(e.is_suppressed, FALSE)
        ORDER BY rank
        LIMIT $n
        """,
        {"direction": direction, "role_family": role_family, "country": country, "n": n},
    )


def emerging_counts(role_family: str = "all", country: str = "all") -> dict[str, int]:
    """How many skills of the slice are rising, declining, flat, not comparable (no year-ago
    postings) and suppressed (too few recent postings) in out_emerging_skills."""
    rows = _query(
        ("out_emerging_skills",),
        """
        SELECT CASE WHEN coalesce(is_suppressed, FALSE) THEN 'suppressed'
                    WHEN direction IS NULL THEN 'not comparable'
                    ELSE direction END AS status,
               count(*)::BIGINT AS n
        FROM out_emerging_skills
        WHERE role_family = $role_family AND country = $country
        GROUP BY status
        """,
        {"role_family": role_family, "country": country},
    )
    counts = dict.fromkeys(("rising", "declining", "flat", "not comparable", "suppressed"), 0)
    counts.update(dict(zip(rows["status"].to_list(), rows["n"].to_list(), strict=True)))
    return counts


def skill_role_heatmap(
    country: str = "all",
    start: date | None = None,
    end: date | None = None,
    n_skills: int = 20,
    min_postings: int = HEATMAP_MIN_POSTINGS,
) -> pl.DataFrame:
    """Share of new postings naming each skill, per role family, pooled over the period
    (default: the whole snapshot) in one country (or all).

    Skills: the `n_skills` with the highest pooled share across all roles (genai left out).
    Cells with fewer than `min_postings` postings in the role get share null and
    is_suppressed true (the counts stay). Shares and Wilson bounds in percent.
    Columns: skill_id, skill_name, skill_rank, role_family, n_with_skill, n_postings, share_pct,
    share_lo, share_hi, is_suppressed.
    """
    _check_positive_int("n_skills", n_skills)
    _check_positive_int("min_postings", min_postings)
    lo = _wilson_sql("p.n_with_skill", "p.n_postings", "lo")
    hi = _wilson_sql("p.n_with_skill", "p.n_postings", "hi")
    return _query(
        ("out_skill_demand_monthly", "skills"),
        f"""
        WITH period AS (
            SELECT skill_id, role_family,
                   sum(n_with_skill)::BIGINT AS n_with_skill, sum(n_postings)::BIGINT AS n_postings
            FROM demand_base
            WHERE country = $country AND skill_id <> $genai
              AND ($start::DATE IS NULL OR month >= $start::DATE)
              AND ($end::DATE IS NULL OR month <= $end::DATE)
            GROUP BY skill_id, role_family
        ),
        top AS (
            SELECT skill_id,
                   row_number() OVER (
                       ORDER BY n_with_skill::DOUBLE / nullif(n_postings, 0) DESC NULLS LAST,
                                skill_id
                   ) AS skill_rank
            FROM period WHERE role_family = 'all'
            QUALIFY skill_rank <= $n_skills
        )
        SELECT p.skill_id, coalesce(c.name, p.skill_id) AS skill_name, t.skill_rank,
               p.role_family, p.n_with_skill, p.n_postings,
               CASE WHEN p.n_postings >= $min THEN 100 * p.n_with_skill / p.n_postings END
                   AS share_pct,
               CASE WHEN p.n_postings >= $min THEN 100 * {lo} END AS share_lo,
               CASE WHEN p.n_postings >= $min THEN 100 * {hi} END AS share_hi,
               p.n_postings < $min AS is_suppressed
        FROM period AS p
        JOIN top AS t USING (skill_id)
        LEFT JOIN skill_catalog AS c USING (skill_id)
        WHERE p.role_family <> 'all'
        ORDER BY t.skill_rank, p.role_family
        """,
        {
            "country": country,
            "genai": GENAI_SKILL_ID,
            "start": _month_start(start),
            "end": end,
            "n_skills": n_skills,
            "min": min_postings,
        },
    )


POSTINGS_SAMPLE_COLUMNS: Final = (
    "month",
    "title",
    "company",
    "place_label",
    "country",
    "role_family",
    "seniority",
    "source",
    "url",
    "posting_id",
)


def postings_sample(
    skill_id: str | None = None,
    month: date | None = None,
    role_family: str = "all",
    country: str = "all",
    seniority: str = "all",
    source: str = "all",
    start: date | None = None,
    end: date | None = None,
    limit: int = 50,
) -> pl.DataFrame:
    """A sample of the postings behind a point: at most `limit` rows of out_postings matching
    every filter given ("all" or None = no filter), in a stable pseudo-random order (hash of
    posting_id), so the same point always shows the same sample.

    `month` picks one month (any day in it); `start`/`end` bound the period otherwise.
    Columns: POSTINGS_SAMPLE_COLUMNS, plus n_matching (postings matching, on every row).
    Text is returned as published; the app shows it as plain text, never as HTML.
    """
    _check_positive_int("limit", limit)
    return _query(
        ("out_postings",),
        """
        WITH matching AS (
            SELECT * FROM out_postings
            WHERE ($skill::VARCHAR IS NULL OR list_contains(skill_ids, $skill::VARCHAR))
              AND ($month::DATE IS NULL OR month = $month::DATE)
              AND ($start::DATE IS NULL OR month >= $start::DATE)
              AND ($end::DATE IS NULL OR month <= $end::DATE)
              AND ($role_family = 'all' OR role_family = $role_family)
              AND ($country = 'all' OR country = $country)
              AND ($seniority = 'all' OR seniority = $seniority)
              AND ($source = 'all' OR source = $source)
        )
        SELECT month, title, company, place_label, country, role_family, seniority, source,
               url, posting_id, count(*) OVER () AS n_matching
        FROM matching
        ORDER BY hash(posting_id), posting_id
        LIMIT $limit
        """,
        {
            "skill": skill_id,
            "month": _month_start(month),
            "start": _month_start(start),
            "end": end,
            "role_family": role_family,
            "country": country,
            "seniority": seniority,
            "source": source,
            "limit": limit,
        },
    )


def posting_trend(
    skill_ids: Sequence[str],
    role_family: str = "all",
    country: str = "all",
    seniority: str = "all",
    source: str = "all",
    start: date | None = None,
    end: date | None = None,
) -> pl.DataFrame:
    """Monthly share of new postings naming each skill, counted from out_postings, for slices
    the demand mart does not hold (a seniority or a source). Same columns as `demand_trend`
    (shares and Wilson bounds in percent); months without postings in the slice are absent.
    """
    ids = _check_skill_ids(skill_ids)
    lo = _wilson_sql("m.n_with_skill", "m.n_postings", "lo")
    hi = _wilson_sql("m.n_with_skill", "m.n_postings", "hi")
    return _query(
        ("out_postings", "skills"),
        f"""
        WITH slice AS (
            SELECT month, skill_ids FROM out_postings
            WHERE ($role_family = 'all' OR role_family = $role_family)
              AND ($country = 'all' OR country = $country)
              AND ($seniority = 'all' OR seniority = $seniority)
              AND ($source = 'all' OR source = $source)
              AND ($start::DATE IS NULL OR month >= $start::DATE)
              AND ($end::DATE IS NULL OR month <= $end::DATE)
        ),
        totals AS (SELECT month, count(*)::BIGINT AS n_postings FROM slice GROUP BY month),
        named AS (
            SELECT month, unnest(list_intersect(skill_ids, $skill_ids::VARCHAR[])) AS skill_id
            FROM slice
        ),
        m AS (
            SELECT t.month, s.skill_id, t.n_postings,
                   count(n.skill_id)::BIGINT AS n_with_skill
            FROM totals AS t
            CROSS JOIN (SELECT unnest($skill_ids::VARCHAR[]) AS skill_id) AS s
            LEFT JOIN named AS n ON n.month = t.month AND n.skill_id = s.skill_id
            GROUP BY t.month, s.skill_id, t.n_postings
        )
        SELECT m.month, m.skill_id, coalesce(c.name, m.skill_id) AS skill_name,
               m.n_postings, m.n_with_skill,
               100 * m.n_with_skill / m.n_postings AS share_pct,
               100 * {lo} AS share_lo, 100 * {hi} AS share_hi
        FROM m
        LEFT JOIN skill_catalog AS c USING (skill_id)
        ORDER BY m.skill_id, m.month
        """,
        {
            "skill_ids": ids,
            "role_family": role_family,
            "country": country,
            "seniority": seniority,
            "source": source,
            "start": _month_start(start),
            "end": end,
        },
    )


# --------------------------------------------------------------------------- skill advisor

ADVISOR_LIFT_CAP: Final = 3.0
ADVISOR_NUDGE_CAP: Final = 0.5


def advisor_cells() -> pl.DataFrame:
    """Role family x place cells of out_skill_advisor with the postings behind them.

    Columns: role_family, place_id ("all" or ISO alpha-2), n_cell (null when the mart does not
    publish it), n_given_skills (skills usable as "my skill" there), window_start, window_end.
    Ordered by role family, then "all" first, then by n_cell.
    """
    return _query(
        ("out_skill_advisor",),
        """
        SELECT role_family, place_id, max(n_cell)::BIGINT AS n_cell,
               count(DISTINCT given_skill)::BIGINT AS n_given_skills,
               min(window_start) AS window_start, max(window_end) AS window_end
        FROM out_skill_advisor
        GROUP BY role_family, place_id
        ORDER BY role_family, place_id <> 'all', n_cell DESC NULLS LAST, place_id
        """,
        {},
    )


def advisor_given_skills(role_family: str, place_id: str) -> pl.DataFrame:
    """Skills the advisor can start from in a cell (each named by enough postings there).

    Columns: skill_id, skill_name, n_given. Ordered by n_given, most common first.
    """
    return _query(
        ("out_skill_advisor", "skills"),
        """
        SELECT a.given_skill AS skill_id, coalesce(c.name, a.given_skill) AS skill_name,
               max(a.n_given)::BIGINT AS n_given
        FROM out_skill_advisor AS a
        LEFT JOIN skill_catalog AS c ON c.skill_id = a.given_skill
        WHERE a.role_family = $role_family AND a.place_id = $place_id
        GROUP BY a.given_skill, c.name
        ORDER BY n_given DESC, skill_id
        """,
        {"role_family": role_family, "place_id": place_id},
    )


def coverage_gains(my_skills: Sequence[str], role_family: str, place_id: str) -> pl.DataFrame:
    """Exact coverage gain per candidate skill over the advisor's target postings, from
    out_postings (metrics.md, "Skill advisor"; the same rule as analytics.marts.advisor).

    Target: postings of `role_family` in `place_id` ("all" or a country) first posted in the
    advisor's 12-month window (its window_start month to the last month of out_postings). A
    posting is covered by my skills K when its skills minus K is empty; adding s newly covers
    it exactly when its skills minus K is {s}. coverage_gain = newly covered / n_target (0-1).
    Columns: skill_id, n_target, n_covered_now, coverage_now, n_newly_covered, coverage_gain.
    Empty when no postings match.
    """
    mine = _check_skill_ids(my_skills)
    return _query(
        ("out_postings", "out_skill_advisor"),
        """
        WITH bounds AS (
            SELECT coalesce(
                       (SELECT date_trunc('month', min(window_start))::DATE
                        FROM out_skill_advisor
                        WHERE role_family = $role_family AND place_id = $place_id),
                       (SELECT (max(month) - INTERVAL 11 MONTH)::DATE FROM out_postings)
                   ) AS first_month
        ),
        target AS (
            -- skills not in K, counted with the native set intersection; the one missing
            -- skill is spelled out only for postings missing exactly one
            SELECT p.skill_ids,
                   len(list_distinct(p.skill_ids))
                       - len(list_intersect(p.skill_ids, $mine::VARCHAR[])) AS n_missing
            FROM out_postings AS p, bounds AS b
            WHERE p.role_family = $role_family
              AND ($place_id = 'all' OR p.country = $place_id)
              AND p.month >= b.first_month
        ),
        totals AS (
            SELECT count(*)::BIGINT AS n_target,
                   count(*) FILTER (WHERE n_missing = 0)::BIGINT AS n_covered_now
            FROM target
        )
        SELECT g.skill_id, t.n_target, t.n_covered_now,
               t.n_covered_now / t.n_target AS coverage_now,
               g.n_newly_covered, g.n_newly_covered / t.n_target AS coverage_gain
        FROM (
            SELECT list_filter(skill_ids, lambda x: NOT list_contains($mine::VARCHAR[], x))[1]
                       AS skill_id,
                   count(*)::BIGINT AS n_newly_covered
            FROM target WHERE n_missing = 1 GROUP BY 1
        ) AS g, totals AS t
        WHERE t.n_target > 0
        ORDER BY coverage_gain DESC, g.skill_id
        """,
        {"mine": mine, "role_family": role_family, "place_id": place_id},
    )


def recommend_next_skills(
    my_skills: Sequence[str], role_family: str, place_id: str = "all", top: int = 10
) -> pl.DataFrame:
    """Ranked next skills for a learner with `my_skills` aiming at `role_family` in `place_id`.

    The ranking of analytics.marts.advisor.recommend, computed here from out_skill_advisor
    (the app may not import analytics). Per candidate s not in my skills, over my skills g with
    advisor rows in the cell:
      relevance = mean P(s | g); mean_lift = mean lift(s | g); momentum and premium of s
      (null -> 0); coverage_gain from `coverage_gains` when out_postings is published (else
      null, counted as 0);
      score = relevance x min(mean_lift, 3) / 3 x (1 + clip(12 momentum, -0.5, 0.5))
              x (1 + clip(premium / 100, -0.5, 0.5)) + coverage_gain.
    Also the pooled share sum(n_both) / sum(n_given) with its Wilson 95% bounds (0-1) and
    n_given (postings behind it), and a one-line plain-language reason.
    Columns: rank, skill_id, skill_name, is_genai, score, relevance, pooled_share, pooled_lo,
    pooled_hi, n_given, n_both, n_my_skills_used, mean_lift, momentum, yoy_change_pts,
    premium_adj_pct, premium_segment, coverage_gain, n_newly_covered, n_target, reason.
    Raises ValueError on an empty my_skills.
    """
    mine = _check_skill_ids(my_skills)
    if not mine:
        raise ValueError("recommend_next_skills: my_skills is empty; give at least one skill id")
    _check_positive_int("top", top)
    coverage = (
        coverage_gains(mine, role_family, place_id)
        if view_available("out_postings")
        else pl.DataFrame(
            schema={
                "skill_id": pl.String,
                "n_newly_covered": pl.Int64,
                "coverage_gain": pl.Float64,
                "n_target": pl.Int64,
            }
        )
    )
    gains = coverage.select("skill_id", "n_newly_covered", "coverage_gain", "n_target")
    lo = _wilson_sql("n_both", "n_given", "lo")
    hi = _wilson_sql("n_both", "n_given", "hi")
    candidates = _query(
        ("out_skill_advisor", "skills"),
        f"""
        WITH rows AS (
            SELECT * FROM out_skill_advisor
            WHERE role_family = $role_family AND place_id = $place_id
              AND list_contains($mine::VARCHAR[], given_skill)
              AND NOT list_contains($mine::VARCHAR[], next_skill)
        ),
        candidates AS (
            SELECT next_skill AS skill_id,
                   avg(conditional_share) AS relevance,
                   avg(lift) AS mean_lift,
                   sum(n_given)::BIGINT AS n_given,
                   sum(n_both)::BIGINT AS n_both,
                   count(DISTINCT given_skill)::BIGINT AS n_my_skills_used,
                   first(momentum) AS momentum,
                   first(yoy_change_pts) AS yoy_change_pts,
                   first(premium_adj_pct) AS premium_adj_pct,
                   first(premium_segment) AS premium_segment,
                   bool_or(coalesce(next_is_genai, FALSE)) AS next_is_genai
            FROM rows GROUP BY next_skill
        )
        SELECT k.*, n_both::DOUBLE / n_given AS pooled_share,
               {lo} AS pooled_lo, {hi} AS pooled_hi,
               coalesce(c.name, k.skill_id) AS skill_name,
               coalesce(c.is_genai, k.next_is_genai) AS is_genai
        FROM candidates AS k
        LEFT JOIN skill_catalog AS c USING (skill_id)
        """,
        {"role_family": role_family, "place_id": place_id, "mine": mine},
    )
    nudge = ADVISOR_NUDGE_CAP
    score = pl.col("relevance") * pl.min_horizontal(
        pl.col("mean_lift"), pl.lit(ADVISOR_LIFT_CAP)
    ) / ADVISOR_LIFT_CAP * (1 + (12 * pl.col("momentum").fill_null(0)).clip(-nudge, nudge)) * (
        1 + (pl.col("premium_adj_pct").fill_null(0) / 100).clip(-nudge, nudge)
    ) + pl.col("coverage_gain").fill_null(0)
    ranked = (
        candidates.join(gains, on="skill_id", how="left")
        .with_columns(score.alias("score"))
        .sort(["score", "skill_id"], descending=[True, False])
        .head(top)
    )
    return ranked.with_columns(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("rank"),
        advisor_reason(role_family).alias("reason"),
    ).select(
        "rank",
        "skill_id",
        "skill_name",
        "is_genai",
        "score",
        "relevance",
        "pooled_share",
        "pooled_lo",
        "pooled_hi",
        "n_given",
        "n_both",
        "n_my_skills_used",
        "mean_lift",
        "momentum",
        "yoy_change_pts",
        "premium_adj_pct",
        "premium_segment",
        "coverage_gain",
        "n_newly_covered",
        "n_target",
        "reason",
    )


def advisor_reason(role_family: str) -> pl.Expr:
    """One plain-language line per recommendation, from its own numbers."""
    role = role_family.replace("_", " ")
    together = pl.format(
        "Named with your skills in {}% of {} {} postings ({}× its usual rate)",
        (100 * pl.col("pooled_share")).round(0).cast(pl.Int64),
        pl.col("n_given"),
        pl.lit(role),
        pl.col("mean_lift").round(1),
    )
    trend = (
        pl.when(pl.col("yoy_change_pts").is_null())
        .then(pl.lit(""))
        .when(pl.col("yoy_change_pts") >= 0)
        .then(pl.format("; share up {} pts in a year", pl.col("yoy_change_pts").round(1)))
        .otherwise(pl.format("; share down {} pts in a year", (-pl.col("yoy_change_pts")).round(1)))
    )
    rounded = pl.col("premium_adj_pct").round(0).cast(pl.Int64)
    premium = (
        pl.when(rounded.is_null())
        .then(pl.lit(""))
        .when(rounded == 0)
        .then(pl.lit("; no pay premium"))
        .otherwise(
            pl.format(
                "; pay premium {}{}%",
                pl.when(rounded > 0).then(pl.lit("+")).otherwise(pl.lit("−")),
                rounded.abs(),
            )
        )
    )
    coverage = (
        pl.when(pl.col("coverage_gain").fill_null(0) > 0)
        .then(
            pl.format(
                "; completes the skill list of {}% more postings",
                (100 * pl.col("coverage_gain")).round(1),
            )
        )
        .otherwise(pl.lit(""))
    )
    return pl.concat_str([together, trend, premium, coverage, pl.lit(".")])


def role_defining_skills(
    role_family: str, country: str = "all", n: int = 10, min_share_pct: float = 5.0
) -> pl.DataFrame:
    """Skills that define a role family: TF-IDF across role families over the last 12 months
    of out_skill_demand_monthly in `country` (the rule of analytics.marts.advisor's
    characteristic_skills, from the demand mart's counts).

    tf = pooled share of the role's postings naming the skill; df = role families where that
    share >= min_share_pct (at least 1); idf = ln(n_roles / df); tfidf = tf x idf.
    Columns: rank, skill_id, skill_name, share_pct, share_lo, share_hi, n_with_skill,
    n_postings, n_roles_common, tfidf. genai is left out.
    """
    _check_positive_int("n", n)
    lo = _wilson_sql("n_with_skill", "n_postings", "lo")
    hi = _wilson_sql("n_with_skill", "n_postings", "hi")
    return _query(
        ("out_skill_demand_monthly", "skills"),
        f"""
        WITH last AS (
            SELECT max(month) AS month FROM demand_base WHERE country = $country
        ),
        tf AS (
            SELECT d.role_family, d.skill_id,
                   sum(d.n_with_skill)::BIGINT AS n_with_skill,
                   sum(d.n_postings)::BIGINT AS n_postings
            FROM demand_base AS d, last AS l
            WHERE d.country = $country AND d.role_family <> 'all' AND d.skill_id <> $genai
              AND d.month > l.month - INTERVAL 12 MONTH
            GROUP BY d.role_family, d.skill_id
            HAVING sum(d.n_postings) > 0
        ),
        df AS (
            SELECT skill_id,
                   greatest(count(*) FILTER (
                       WHERE 100 * n_with_skill / n_postings >= $min_share), 1) AS n_roles_common
            FROM tf GROUP BY skill_id
        ),
        roles AS (SELECT count(DISTINCT role_family) AS n_roles FROM tf)
        SELECT row_number() OVER (ORDER BY tfidf DESC, skill_id) AS rank, *
        FROM (
            SELECT t.skill_id, coalesce(c.name, t.skill_id) AS skill_name,
                   100 * t.n_with_skill / t.n_postings AS share_pct,
                   100 * {lo} AS share_lo, 100 * {hi} AS share_hi,
                   t.n_with_skill, t.n_postings, f.n_roles_common::BIGINT AS n_roles_common,
                   t.n_with_skill / t.n_postings * ln(r.n_roles / f.n_roles_common) AS tfidf
            FROM tf AS t
            JOIN df AS f USING (skill_id)
            CROSS JOIN roles AS r
            LEFT JOIN skill_catalog AS c USING (skill_id)
            WHERE t.role_family = $role_family AND t.n_with_skill > 0
        )
        ORDER BY rank
        LIMIT $n
        """,
        {
            "role_family": role_family,
            "country": country,
            "genai": GENAI_SKILL_ID,
            "min_share": min_share_pct,
            "n": n,
        },
    )


# --------------------------------------------------------------------------- claims

CLAIM_VERDICTS: Final = ("consistent", "higher", "lower", "not measurable")


def claims(verdict: str | None = None) -> pl.DataFrame:
    """The published claims with our closest measure, its value, interval, n and verdict,
    optionally only those with one verdict, in claim order.

    Columns: claim_id, claim, figure, source, measure, value, value_lo, value_hi, unit, n,
    verdict, note.
    """
    return _query(
        ("out_claims",),
        """
        SELECT claim_id, claim, figure, source, measure, value, value_lo, value_hi, unit, n,
               verdict, note
        FROM out_claims
        WHERE $verdict::VARCHAR IS NULL OR verdict = $verdict
        ORDER BY claim_id
        """,
        {"verdict": verdict},
    )


def claim_verdict_counts() -> dict[str, int]:
    """Number of claims per verdict (every verdict in CLAIM_VERDICTS, zeros included)."""
    rows = _query(
        ("out_claims",),
        "SELECT verdict, count(*)::BIGINT AS n FROM out_claims GROUP BY verdict",
        {},
    )
    counts = dict.fromkeys(CLAIM_VERDICTS, 0)
    counts.update(dict(zip(rows["verdict"].to_list(), rows["n"].to_list(), strict=True)))
    return counts
