"""The read-only DuckDB connection over the published snapshot, and the one way to query it.

Each query opens (once per snapshot build id) an in-memory DuckDB connection with read-only
views over the snapshot's Parquet files, runs fixed SQL with `$name` parameters on a fresh
cursor, and returns a Polars DataFrame. No connection is opened at import time; view names come
from the whitelist `views.SNAPSHOT_VIEWS`. The connection may read only the snapshot's own files
(DuckDB external access is locked down). Also the argument checks the subject modules share.

May import: the standard library, duckdb, polars and `warehouse.read`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Final

import duckdb
import polars as pl

from warehouse.read.snapshot import SnapshotInvalidError, manifest_of, published_directory
from warehouse.read.views import (
    CACHED_TABLES,
    DEFAULT_WINDOWS,
    DERIVED_VIEWS,
    OPTIONAL_COLUMNS,
    OPTIONAL_DEFAULTS,
    SNAPSHOT_VIEWS,
    schema_problem,
    with_optional_columns,
)


@dataclass(frozen=True)
class SnapshotConnection:
    directory: Path
    build_id: str
    connection: duckdb.DuckDBPyConnection
    views: frozenset[str]
    problems: Mapping[str, str]  # view -> why its file breaks the contract
    cached: set[str] = field(default_factory=set)  # CACHED_TABLES created so far
    # Answers that depend on the snapshot only (filter options), computed once per build.
    memo: dict[str, Any] = field(default_factory=dict)


_CONNECTION_LOCK: Final = threading.Lock()
_CACHE_LOCK: Final = threading.Lock()
_open_snapshot: SnapshotConnection | None = None


def snapshot_connection() -> SnapshotConnection:
    """The connection for the currently published build, opened on first use per build id."""
    global _open_snapshot
    directory = published_directory()
    build_id = manifest_of(directory)["build_id"]
    with _CONNECTION_LOCK:
        current = _open_snapshot
        if current is None or (current.directory, current.build_id) != (directory, build_id):
            # The old connection is left to the garbage collector: cursors taken from it by
            # queries still running in other threads keep working until they finish.
            current = connect_snapshot(directory, build_id)
            _open_snapshot = current
        return current


def forget_connection() -> None:
    """Drop the open connection, so that the next query opens a fresh one (a cold start)."""
    global _open_snapshot
    with _CONNECTION_LOCK:
        _open_snapshot = None


def connect_snapshot(directory: Path, build_id: str) -> SnapshotConnection:
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
        problem = schema_problem(path, relation, SNAPSHOT_VIEWS[name][1])
        problem = problem or schema_problem(
            path, relation, OPTIONAL_COLUMNS.get(name, {}), optional=True
        )
        if problem:
            problems[name] = problem
            continue
        relation = with_optional_columns(
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
    for source, create_sql in DERIVED_VIEWS.values():
        if source in views:
            connection.execute(create_sql)
    return SnapshotConnection(directory, build_id, connection, views, problems)


def query(views: Sequence[str], sql: str, params: Mapping[str, object]) -> pl.DataFrame:
    """Run fixed SQL with named parameters on a fresh cursor; `views` are the marts it reads."""
    snapshot = snapshot_connection()
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


def _ensure_cached_tables(snapshot: SnapshotConnection, views: Sequence[str]) -> None:
    """Create the cached tables of the marts `views` reads, once per connection."""
    wanted = [
        name
        for name, (source, _) in CACHED_TABLES.items()
        if source in views and name not in snapshot.cached
    ]
    if not wanted:
        return
    with _CACHE_LOCK:  # one thread copies; the others wait for it, then find it done
        for name in wanted:
            if name not in snapshot.cached:
                for statement in CACHED_TABLES[name][1]:
                    snapshot.connection.execute(statement)
                snapshot.cached.add(name)


def view_available(view: str) -> bool:
    """Whether the published snapshot has a readable `view` (one of SNAPSHOT_VIEWS)."""
    if view not in SNAPSHOT_VIEWS:
        raise ValueError(f"unknown snapshot view {view!r}")
    return view in snapshot_connection().views


def memoized(key: str, compute: Callable[[], object]) -> object:
    """`compute()` once per snapshot build (kept on the build's connection)."""
    memo = snapshot_connection().memo
    if key not in memo:
        memo[key] = compute()
    return memo[key]


# --------------------------------------------------------------------------- argument checks


def check_positive_int(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")


def check_skill_ids(skill_ids: Sequence[str]) -> list[str]:
    if isinstance(skill_ids, str):
        raise TypeError(f"skill_ids must be a sequence of ids, not the string {skill_ids!r}")
    ids = list(skill_ids)
    bad = [skill for skill in ids if not isinstance(skill, str)]
    if bad:
        raise TypeError(f"skill_ids must be strings, got {bad!r}")
    return ids


def month_start(value: date | None) -> date | None:
    return None if value is None else value.replace(day=1)
