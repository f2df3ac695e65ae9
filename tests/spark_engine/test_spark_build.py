"""`build --engine spark` publishes what the local engine publishes: the 6k end-to-end sample
(seed 11, as tests/test_end_to_end.py) built by both engines from the same raw files, every
published table compared by bench.snapshots (rows as sets, counts exact, floats to
1e-9), the core tables in the warehouse equal, the manifest the same but for its build id and
time; the core tables Spark wrote are Parquet partitioned by month; the premiums published are
solved from Spark's two passes (cells, pair totals and medians; the joint models' per-company
pair terms) and equal the local engine's posting-level mart; the demand mart published was made
from mentions counted on Spark (`report.demand_monthly`), the advisor from its counts made on
Spark (`report.advisor`). Spark runs as
`local[2]` with a 1 GB driver (spark_engine.session)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polars as pl
import pytest
from pyspark.sql import SparkSession

from bench import snapshots
from ingest.sample import generate_sample_market
from skillmarket.config import Settings
from skillmarket.pipeline import build
from spark_engine.build import SparkBuildReport, build_on_spark
from warehouse.checks import run_checks
from warehouse.migrate import connect

N_POSTINGS = 6_000
SEED = 11
CORE_TABLES = ("core_postings", "core_posting_sources", "core_posting_skills")


@pytest.fixture(scope="module")
def homes(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Settings, SparkBuildReport]:
    local = Settings(home=tmp_path_factory.mktemp("local"))
    spark = Settings(home=tmp_path_factory.mktemp("spark"))
    generate_sample_market(local.raw_root, n_postings=N_POSTINGS, seed=SEED)
    shutil.copytree(local.raw_root, spark.raw_root)
    build(local)
    report = build_on_spark(spark, "local[2]")
    session = SparkSession.getActiveSession()
    if session is not None:  # the JVM's memory goes back before the rest of the suite runs
        session.stop()
    return local, spark, report


def _core_tables(settings: Settings) -> dict[str, pl.DataFrame]:
    con = connect(settings.warehouse_path)
    try:
        return {name: con.sql(f"SELECT * FROM {name}").pl() for name in CORE_TABLES}
    finally:
        con.close()


def test_every_published_table_is_the_local_engines(homes: tuple) -> None:
    local, spark, _ = homes
    found = snapshots.snapshot_differences(local.current_snapshot, spark.current_snapshot)
    assert len(found) >= 19  # every mart of the contract, published by both
    assert {name: problems for name, problems in found.items() if problems} == {}


def test_core_tables_are_the_local_engines(homes: tuple) -> None:
    local, spark, _ = homes
    core_local, core_spark = _core_tables(local), _core_tables(spark)
    for name in CORE_TABLES:
        assert core_local[name].height > 0
        assert snapshots.table_differences(core_local[name], core_spark[name], False) == [], name


def test_manifest_is_the_same_but_for_its_build(homes: tuple) -> None:
    local, spark, report = homes

    def manifest(settings: Settings) -> dict:
        found = json.loads((settings.current_snapshot / "manifest.json").read_text())
        # code_version is the commit at build time: the same in CI, but in a shared working
        # copy a commit can land between the two builds
        skip = ("build_id", "built_at", "code_version")
        return {k: v for k, v in found.items() if k not in skip}

    assert manifest(local) == manifest(spark)
    assert report.canonical_postings < report.source_records  # duplicates were collapsed


def test_warehouse_checks_pass_on_the_spark_build(homes: tuple) -> None:
    _, spark, _ = homes
    con = connect(spark.warehouse_path)
    try:
        result = run_checks(con, spark.current_snapshot)
    finally:
        con.close()
    assert [f"{r.name}: {r.detail}" for r in result.results if not r.ok] == []


def test_core_parquet_is_partitioned_by_month(homes: tuple) -> None:
    _, spark, report = homes
    postings = _core_tables(spark)["core_postings"]
    for name, uri in (report.core_tables or {}).items():
        months = sorted(p.name for p in Path(uri).glob("posted_month=*"))
        assert len(months) >= 6, name  # the sample spans months
        written = pl.read_parquet(Path(uri) / "**" / "*.parquet", hive_partitioning=True)
        assert written.height == _core_tables(spark)[name].height, name
    expected = postings["posted_date"].dt.strftime("%Y-%m").unique().sort().to_list()
    uri = Path((report.core_tables or {})["core_postings"])
    assert sorted(p.name.split("=")[1] for p in uri.glob("posted_month=*")) == expected


def test_premiums_were_solved_from_sums_made_on_spark(homes: tuple) -> None:
    """The premiums compared above came from Spark's two passes, not the local builder (the
    rows each collected are printed: `pytest -s`)."""
    _, _, report = homes
    print("premiums collected:", report.premiums)
    for part in ("cells", "skill_cells", "pair_totals", "medians", "pair_terms"):
        assert report.premiums[part] > 0, part
    assert report.premiums["joint_model_skills"] > 0


def test_the_demand_mart_was_made_from_counts_made_on_spark(homes: tuple) -> None:
    """The demand mart compared above came from Spark's counts of the mentions, not the local
    builder (what was counted and collected is printed: `pytest -s`)."""
    _, _, report = homes
    print("demand counts:", report.demand_monthly)
    counted = report.demand_monthly
    assert counted["mentions"] > counted["postings"] > 0
    assert 0 < counted["collected_rows"] <= counted["mentions"]


def test_the_advisor_was_made_from_counts_made_on_spark(homes: tuple) -> None:
    """The advisor compared above came from Spark's counts, not the local builder (the rows
    collected are printed: `pytest -s`)."""
    _, spark, report = homes
    print("advisor counts:", report.advisor)
    published = pl.read_parquet(spark.current_snapshot / "out_skill_advisor.parquet")
    assert 0 < report.advisor["cells"] <= report.advisor["cell_skills"]
    assert report.advisor["pairs"] == published.height > 0


def test_the_pay_bands_were_made_from_statistics_made_on_spark(homes: tuple) -> None:
    """The pay bands compared above came from the cells Spark made (counts, ranks, company
    sums), not the local builder (what was collected is printed: `pytest -s`)."""
    _, _, report = homes
    print("pay bands collected:", report.pay_bands)
    collected = report.pay_bands
    assert collected["windows"] == 2
    assert 0 < collected["company_sums"] < collected["place_rows"]
