"""The read-only connection over the snapshot: one per build, only the snapshot's files,
only whitelisted views, a broken mart failing only its own queries, a cursor per query.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from tests.fixtures.snapshot.publish import (
    SyntheticSnapshot,
    snapshot_frames,
    write_snapshot,
)
from warehouse import queries
from warehouse.read import connection


def test_unreadable_parquet_is_reported_for_its_queries_only(empty_home: Path) -> None:
    directory = write_snapshot(empty_home, "garbled", snapshot_frames())
    (directory / "out_skill_premiums.parquet").write_bytes(b"not a parquet file")
    assert not queries.top_skills().is_empty()
    with pytest.raises(queries.SnapshotInvalidError, match="cannot be read as Parquet"):
        queries.premiums()


def test_missing_mart_fails_only_the_queries_that_read_it(empty_home: Path) -> None:
    frames = snapshot_frames()
    del frames["out_skill_premiums"]
    write_snapshot(empty_home, "no-premiums", frames)
    assert not queries.top_skills().is_empty()
    with pytest.raises(queries.SnapshotInvalidError, match=r"no out_skill_premiums\.parquet"):
        queries.premiums()


def test_new_publish_is_picked_up_and_connection_reused_within_a_build(
    snapshot: SyntheticSnapshot,
) -> None:
    queries.top_skills()
    first = connection.snapshot_connection()
    assert connection.snapshot_connection() is first
    frames = snapshot_frames()
    frames["out_pay_bands"] = frames["out_pay_bands"].with_columns(pl.col("n_postings") * 2)
    write_snapshot(snapshot.home, "second-build", frames)
    assert queries.snapshot_manifest()["build_id"] == "second-build"
    second = connection.snapshot_connection()
    assert second is not first
    expected = frames["out_pay_bands"].filter(pl.col("place_id") == "US")["n_postings"].item()
    assert queries.pay_band("ml_engineer", "senior", "US")["n_postings"].item() == expected


def test_connection_reads_only_the_snapshot_files(snapshot: SyntheticSnapshot) -> None:
    outside = snapshot.home / "outside.csv"
    outside.write_text("a\n1\n", encoding="utf-8")
    with pytest.raises(duckdb.Error, match="disabled by configuration"):
        connection.query(("skills",), "SELECT * FROM read_csv($path)", {"path": str(outside)})


def test_unknown_view_names_are_refused(snapshot: SyntheticSnapshot) -> None:
    with pytest.raises(ValueError, match="unknown snapshot view"):
        connection.query(("pg_catalog",), "SELECT 1", {})


def test_concurrent_queries_each_get_their_own_cursor(snapshot: SyntheticSnapshot) -> None:
    expected = queries.demand_trend(["llm", "rag"], "all", "US")
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(
            pool.map(lambda _: queries.demand_trend(["llm", "rag"], "all", "US"), range(24))
        )
    for result in results:
        assert_frame_equal(result, expected)
