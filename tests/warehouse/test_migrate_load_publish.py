"""Migrations run once, loads are keyed and idempotent, publishing switches atomically."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import pytest

from tests.warehouse.marts import mart_frame
from warehouse import load, publish, talent_pool
from warehouse.checks import run_checks
from warehouse.migrate import available_migrations, connect, migrate


@pytest.fixture
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    connection = connect(tmp_path / "w.duckdb")
    yield connection
    connection.close()


def _rows(ids: list[str], hashes: list[str], raw_file: str) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "source": ["ashby"] * len(ids),
            "board": ["acme"] * len(ids),
            "source_posting_id": ids,
            "title": ["ML Engineer"] * len(ids),
            "raw_file": [raw_file] * len(ids),
            "record_index": list(range(len(ids))),
            "content_hash": hashes,
        }
    )


def _file(rel: str, sha: str = "abc") -> load.LoadedFile:
    return load.LoadedFile(rel, "ashby", date(2026, 1, 31), sha, 10, 2, 0)


def _empty_quarantine() -> pl.DataFrame:
    return pl.DataFrame(
        schema={"source": pl.String, "file": pl.String, "record": pl.String, "reason": pl.String}
    )


def test_migrations_apply_once_in_order(con: duckdb.DuckDBPyConnection) -> None:
    versions = [r[0] for r in con.execute("SELECT version FROM schema_migrations").fetchall()]
    assert versions == sorted(m.version for m in available_migrations())
    assert migrate(con) == []  # second run is a no-op


def test_misnamed_migration_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "1_bad.sql").write_text("SELECT 1;")
    with pytest.raises(ValueError, match=r"NNN_<what>\.sql"):
        available_migrations(tmp_path)


def test_unchanged_posting_seen_again_adds_only_a_sighting(con: duckdb.DuckDBPyConnection) -> None:
    jan = "sample/2026-01-31/ashby/acme.json"
    feb = "sample/2026-02-28/ashby/acme.json"
    load.load_posting_batch(
        con,
        _rows(["1", "2"], ["h1", "h2"], jan),
        _empty_quarantine(),
        [_file(jan)],
        {jan: date(2026, 1, 31)},
    )
    # posting 1 unchanged, posting 2 edited (new hash), posting 3 new
    counts = load.load_posting_batch(
        con,
        _rows(["1", "2", "3"], ["h1", "h2b", "h3"], feb),
        _empty_quarantine(),
        [_file(feb)],
        {feb: date(2026, 2, 28)},
    )
    assert counts == {"new_content": 2, "sightings": 3}
    assert con.execute("SELECT count(*) FROM raw_ashby_postings").fetchall()[0][0] == 4
    assert con.execute("SELECT count(*) FROM raw_sightings").fetchall()[0][0] == 5


def test_a_failed_batch_leaves_nothing_behind(con: duckdb.DuckDBPyConnection) -> None:
    rel = "sample/2026-01-31/ashby/acme.json"
    bad = _rows(["1"], ["h1"], rel).with_columns(pl.lit(None, pl.String).alias("content_hash"))
    with pytest.raises(duckdb.Error):
        load.load_posting_batch(
            con, bad, _empty_quarantine(), [_file(rel)], {rel: date(2026, 1, 31)}
        )
    assert con.execute("SELECT count(*) FROM raw_files").fetchall()[0][0] == 0
    assert con.execute("SELECT count(*) FROM raw_ashby_postings").fetchall()[0][0] == 0


def test_a_bulk_load_checkpoints_once_at_the_end_and_keeps_committed_batches(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bulk.duckdb"
    wal = Path(f"{path}.wal")
    con = connect(path)
    default = con.execute("SELECT current_setting('checkpoint_threshold')").fetchall()[0][0]
    jan = "sample/2026-01-31/ashby/acme.json"
    # 24 MB of HTML: past DuckDB's 16 MB log threshold, which would checkpoint at the commit
    big = _rows([str(i) for i in range(24)], [f"h{i}" for i in range(24)], jan).with_columns(
        pl.lit("<p>" + "x" * 1_000_000 + "</p>").alias("description_html")
    )
    feb = "sample/2026-02-28/ashby/acme.json"
    bad = _rows(["99"], ["h99"], feb).with_columns(pl.lit(None, pl.String).alias("content_hash"))
    with pytest.raises(duckdb.Error), load.deferred_checkpoint(con):
        load.load_posting_batch(con, big, _empty_quarantine(), [_file(jan)], {jan: None})
        assert wal.stat().st_size > 16_000_000  # committed to the log, not checkpointed
        load.load_posting_batch(con, bad, _empty_quarantine(), [_file(feb)], {feb: None})
    setting = con.execute("SELECT current_setting('checkpoint_threshold')").fetchall()[0][0]
    assert setting == default
    assert not wal.exists() or wal.stat().st_size == 0  # checkpointed on the way out
    con.close()
    reopened = connect(path)
    assert reopened.execute("SELECT count(*) FROM raw_ashby_postings").fetchall()[0][0] == 24
    assert reopened.execute("SELECT raw_file FROM raw_files").fetchall() == [(jan,)]
    reopened.close()


def _row_group_sizes(con: duckdb.DuckDBPyConnection, table: str) -> list[int]:
    return [
        row[0]
        for row in con.execute(
            "SELECT max(count) FROM pragma_storage_info(?) GROUP BY row_group_id "
            "ORDER BY row_group_id",
            [table],
        ).fetchall()
    ]


def test_a_bulk_load_appends_row_groups_without_rewriting_the_earlier_ones(
    con: duckdb.DuckDBPyConnection,
) -> None:
    """Staging tables only grow. Vacuuming at the load's checkpoint merged the previous load's
    partly filled row group with this one's, so each daily refresh rewrote (and compressed
    again) up to a row group of stored HTML per table: on the 1M home 13 s of a refresh's
    checkpoint, 0.3 s without it. Deleted rows are still reclaimed by later checkpoints."""
    tasks = con.execute("SELECT current_setting('max_vacuum_tasks')").fetchall()[0][0]
    for day, rows in (("2026-01-31", 3000), ("2026-02-28", 2000), ("2026-03-31", 1000)):
        rel = f"sample/{day}/ashby/acme.json"
        batch = _rows([f"{day}-{i}" for i in range(rows)], [f"{day}-{i}" for i in range(rows)], rel)
        with load.deferred_checkpoint(con):
            load.load_posting_batch(con, batch, _empty_quarantine(), [_file(rel)], {rel: None})
    # each load's rows in a row group of their own: the earlier two were not merged into one
    assert _row_group_sizes(con, "raw_ashby_postings") == [3000, 2000, 1000]
    assert con.execute("SELECT count(*) FROM raw_ashby_postings").fetchall()[0][0] == 6000
    assert con.execute("SELECT current_setting('max_vacuum_tasks')").fetchall()[0][0] == tasks


def test_changed_bytes_under_a_loaded_name_is_an_error(con: duckdb.DuckDBPyConnection) -> None:
    rel = "sample/2026-01-31/ashby/acme.json"
    load.load_posting_batch(
        con,
        _rows(["1"], ["h1"], rel),
        _empty_quarantine(),
        [_file(rel, "sha-one")],
        {rel: date(2026, 1, 31)},
    )
    assert load.check_unchanged(con, rel, "sha-one")
    with pytest.raises(load.LoadError, match="immutable"):
        load.check_unchanged(con, rel, "sha-two")


def test_publish_switches_current_and_keeps_the_old_snapshot_on_failure(tmp_path: Path) -> None:
    root = tmp_path / "curated"
    frame = pl.DataFrame(
        {"skill_id": ["python"], "name": ["Python"], "category": ["language"], "is_genai": [False]}
    )
    first = publish.publish_snapshot(root, {"skills": frame}, {"build_id": "b1"})
    assert (root / "current").resolve() == first.resolve()
    assert (
        json.loads((root / "current" / "manifest.json").read_text())["marts"]["skills"]["rows"] == 1
    )

    class Boom(pl.DataFrame):
        def write_parquet(self, *args: object, **kwargs: object) -> None:
            raise OSError("disk full")

    with pytest.raises(OSError):
        publish.publish_snapshot(root, {"skills": Boom(frame)}, {"build_id": "b2"})
    assert (root / "current").resolve() == first.resolve()
    second = publish.publish_snapshot(root, {"skills": frame}, {"build_id": "b3"})
    assert (root / "current").resolve() == second.resolve()


def test_checks_report_a_duplicated_posting(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    con.execute(
        "INSERT INTO core_postings (posting_id, source, source_posting_id, role_family, "
        "seniority, n_sources) VALUES ('p1','ashby','1','ml_engineer','mid',1), "
        "('p1','ashby','2','ml_engineer','mid',1)"
    )
    report = run_checks(con, tmp_path / "nothing")
    failed = {r.name for r in report.results if not r.ok}
    assert "core_postings: posting_id unique" in failed
    assert "snapshot published" in failed


def test_core_postings_table_matches_the_normalized_columns(
    con: duckdb.DuckDBPyConnection,
) -> None:
    from analytics.normalize.postings import CORE_POSTING_COLUMNS

    columns = [row[0] for row in con.sql("DESCRIBE core_postings").fetchall()]
    assert columns == CORE_POSTING_COLUMNS


def test_marts_the_app_filters_are_published_in_filter_order_and_small_row_groups(
    tmp_path: Path,
) -> None:
    import pyarrow.parquet as pq

    n = 3 * publish.READ_ROW_GROUP
    columns = publish.READ_ORDER["out_skill_demand_monthly"]
    rng = np.random.default_rng(0)
    frame = mart_frame(
        "out_skill_demand_monthly",
        n,
        {c: rng.choice(["all", "b", "a"], n).tolist() for c in columns if c != "month"},
    ).with_columns(pl.int_range(n).alias("n_postings"))
    snapshot = publish.publish_snapshot(
        tmp_path / "curated", {"out_skill_demand_monthly": frame}, {"build_id": "b1"}
    )
    path = snapshot / "out_skill_demand_monthly.parquet"
    assert pq.ParquetFile(path).metadata.num_row_groups == 3
    back = pl.read_parquet(path)
    assert back.equals(frame.sort(list(columns)))


def test_the_postings_index_keeps_its_skill_lists_in_small_row_groups(tmp_path: Path) -> None:
    """out_postings has a list column: written in read order and small row groups, every
    list (empty and null ones too) and the date column come back as they were."""
    import pyarrow.parquet as pq

    n = 2 * publish.READ_ROW_GROUP + 7
    rng = np.random.default_rng(1)
    lists = [["python", "sql"][: i % 3] for i in range(n)]
    lists[5] = None
    frame = mart_frame(
        "out_postings",
        n,
        {
            "role_family": rng.choice(["ml_engineer", "data_scientist"], n).tolist(),
            "country": rng.choice(["US", "IN", None], n).tolist(),
            "skill_ids": lists,
            "posting_id": [f"p{i}" for i in range(n)],
        },
    )
    snapshot = publish.publish_snapshot(
        tmp_path / "curated", {"out_postings": frame}, {"build_id": "b1"}
    )
    path = snapshot / "out_postings.parquet"
    assert pq.ParquetFile(path).metadata.num_row_groups == 3
    back = pl.read_parquet(path)
    order = list(publish.READ_ORDER["out_postings"])
    assert back.schema == frame.schema
    assert back.select(order).equals(back.select(order).sort(order, nulls_last=False))
    assert back.sort("posting_id").equals(frame.sort("posting_id"))


def test_core_talent_pool_has_one_row_per_candidate_skill_with_the_mapped_place(
    con: duckdb.DuckDBPyConnection,
) -> None:
    raw = pl.DataFrame(
        {
            "candidate_id": ["c1", "c2", "c3", "c4"],
            "skills": ["python;pytorch", "sql;;dbt", None, ""],
            "city": ["SF", None, "SF", "Berlin"],
            "region": ["CA", None, "CA", None],
            "country": ["US", "DE", "US", "DE"],
            "role_family": ["ml_engineer", "data_engineer", "ml_engineer", "other"],
            "seniority": ["senior", None, "junior", None],
            "open_to_work": [True, False, True, True],
            "updated_date": [date(2026, 1, 5)] * 4,
            "raw_file": ["talent/pool.csv"] * 4,
        }
    )
    load.load_table_rows(con, "raw_talent_pool", raw, [])
    places = pl.DataFrame(
        {
            "raw_city": ["SF", None, "Berlin"],
            "raw_region": ["CA", None, None],
            "raw_country": ["US", "DE", "DE"],
            "city": ["San Francisco", None, "Berlin"],
            "region": ["CA", None, "BE"],
            "country": ["US", "DE", "DE"],
            "metro_code": ["41860", None, None],
        }
    )
    for _ in range(2):  # a rebuild replaces, never appends
        talent_pool.replace_core_talent_pool(con, places)
    rows = con.sql(
        "SELECT candidate_id, skill_id, city, region, metro_code FROM core_talent_pool "
        "ORDER BY candidate_id, skill_id"
    ).fetchall()
    # null and empty skill lists give no rows; an empty item between ';;' is skipped
    assert rows == [
        ("c1", "python", "San Francisco", "CA", "41860"),
        ("c1", "pytorch", "San Francisco", "CA", "41860"),
        ("c2", "dbt", None, None, None),
        ("c2", "sql", None, None, None),
    ]


def test_core_talent_pool_is_kept_while_its_files_and_place_map_are_the_same(
    con: duckdb.DuckDBPyConnection,
) -> None:
    """A refresh of postings does not rewrite the talent pool; a new talent-pool file, or a
    place mapped another way, does."""

    def candidates(ids: list[str], raw_file: str) -> pl.DataFrame:
        return pl.DataFrame(
            {
                "candidate_id": ids,
                "skills": ["python"] * len(ids),
                "city": ["SF"] * len(ids),
                "region": ["CA"] * len(ids),
                "country": ["US"] * len(ids),
                "role_family": ["ml_engineer"] * len(ids),
                "seniority": [None] * len(ids),
                "open_to_work": [True] * len(ids),
                "updated_date": [date(2026, 1, 5)] * len(ids),
                "raw_file": [raw_file] * len(ids),
            }
        )

    def ledger(raw_file: str) -> load.LoadedFile:
        return load.LoadedFile(raw_file, talent_pool.LEDGER_SOURCE, None, raw_file, 1, 1, 0)

    def loaded() -> list[tuple[str, str | None]]:
        return con.sql(
            "SELECT candidate_id, city FROM core_talent_pool ORDER BY candidate_id"
        ).fetchall()

    places = pl.DataFrame(
        {
            "raw_city": ["SF"],
            "raw_region": ["CA"],
            "raw_country": ["US"],
            "city": ["San Francisco"],
            "region": ["CA"],
            "country": ["US"],
            "metro_code": ["41860"],
        }
    )
    load.load_table_rows(con, "raw_talent_pool", candidates(["c1"], "a.csv"), [ledger("a.csv")])
    assert talent_pool.refresh_core_talent_pool(con, places)
    assert loaded() == [("c1", "San Francisco")]
    assert not talent_pool.refresh_core_talent_pool(con, places)  # same inputs: kept

    load.load_table_rows(con, "raw_talent_pool", candidates(["c2"], "b.csv"), [ledger("b.csv")])
    assert talent_pool.refresh_core_talent_pool(con, places)  # a new file: rebuilt
    assert loaded() == [("c1", "San Francisco"), ("c2", "San Francisco")]

    renamed = places.with_columns(pl.lit("San Francisco, CA").alias("city"))
    assert talent_pool.refresh_core_talent_pool(con, renamed)  # another place map: rebuilt
    assert loaded() == [("c1", "San Francisco, CA"), ("c2", "San Francisco, CA")]
    assert not talent_pool.refresh_core_talent_pool(con, renamed)

    # replaced from elsewhere (a load of the core tables): rebuilt by the next build
    load.replace_tables(con, {"core_talent_pool": con.sql("SELECT * FROM core_talent_pool").pl()})
    assert talent_pool.refresh_core_talent_pool(con, renamed)


def test_a_snapshot_written_mart_by_mart_is_seen_only_once_published(tmp_path: Path) -> None:
    root = tmp_path / "curated"
    skills = pl.DataFrame(
        {"skill_id": ["python"], "name": ["Python"], "category": ["language"], "is_genai": [False]}
    )
    first = publish.publish_snapshot(root, {"skills": skills}, {"build_id": "b1"})

    writer = publish.SnapshotWriter(root)
    writer.write("skills", pl.concat([skills, skills.with_columns(skill_id=pl.lit("sql"))]))
    assert (root / "current").resolve() == first.resolve()  # nothing a reader sees changed yet
    with pytest.raises(publish.PublishError, match="not a mart of the contract"):
        writer.write("no_such_mart", skills)
    second = writer.publish({"build_id": "b2"})
    assert (root / "current").resolve() == second.resolve()
    manifest = json.loads((second / "manifest.json").read_text())
    assert manifest["marts"]["skills"]["rows"] == 2
    assert not [p for p in root.iterdir() if p.name.endswith(publish.PARTIAL_SUFFIX)]

    failed = publish.SnapshotWriter(root)
    failed.write("skills", skills)
    failed.discard()
    assert (root / "current").resolve() == second.resolve()
    assert not [p for p in root.iterdir() if p.name.endswith(publish.PARTIAL_SUFFIX)]
