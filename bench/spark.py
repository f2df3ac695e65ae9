"""Spark benchmark: one sample market of N postings built by both engines, the local one and
`--engine spark` (`local[2]` unless `SKILLMARKET_SPARK_MASTER` names another master), from the
same raw files; per-stage wall seconds side by side with their ratio, the Spark normalize stage's
own steps (executors' normalize, dedupe joins, Parquet writes, collect), the rows the premiums'
two Spark passes collected and their seconds, the demand mart's mentions counted on Spark and
rows collected, and whether the two
snapshots are equal table by table (scripts/compare_snapshots.py's rules). The load average
before and after is recorded beside the timings: on a shared machine it says how much to trust
them.

`SKILLMARKET_BENCH_RAW=<dir>` reuses a raw store generated earlier (`skillmarket ingest sample`);
`SKILLMARKET_BENCH_HOME=<empty dir>` keeps the two homes (`local/`, `spark/`) for inspection.

May import: `skillmarket` (the composition root), `spark_engine`, `ingest.sample`, `bench`,
polars, the standard library.
"""

from __future__ import annotations

import json
import os
import platform
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.build import bench_folder
from bench.snapshots import ENGINE_TOLERANCES, TOLERANCE, snapshot_differences
from skillmarket.config import Settings


def _load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def unequal_tables(before: Path, after: Path) -> dict[str, list[str]]:
    """Published tables that differ between two snapshots (`bench.snapshots` rules, the
    engines' stated tolerances), each with its first differences."""
    return {
        name: [str(problem) for problem in problems[:5]]
        for name, problems in snapshot_differences(
            before, after, tolerances=ENGINE_TOLERANCES
        ).items()
        if problems
    }


def _raw_store(root: Path, postings: int, seed: int) -> tuple[Path, float | None]:
    """The raw store to build: `SKILLMARKET_BENCH_RAW`, or a sample generated under `root`."""
    given = os.environ.get("SKILLMARKET_BENCH_RAW")
    if given:
        return Path(given), None
    from ingest.sample import generate_sample_market

    raw = root / "raw"
    start = time.perf_counter()
    generate_sample_market(raw, n_postings=postings, seed=seed)
    return raw, round(time.perf_counter() - start, 1)


def run_spark_benchmark(postings: int, seed: int, output: Path) -> dict:
    """Build one sample market with both engines; per-stage seconds, ratios, equality."""
    from skillmarket.pipeline import build
    from spark_engine.build import build_on_spark
    from spark_engine.session import CONF_ENV, DEFAULT_MASTER

    master = os.environ.get("SKILLMARKET_SPARK_MASTER", DEFAULT_MASTER)
    with bench_folder("bench-spark-") as root:
        raw, generate_seconds = _raw_store(root, postings, seed)
        homes = {}
        for engine in ("local", "spark"):
            home = root / engine
            home.mkdir()
            (home / "raw").symlink_to(raw.resolve(), target_is_directory=True)
            homes[engine] = Settings(home=home)
        load_before = _load_average()
        start = time.perf_counter()
        local = build(homes["local"])
        local_total = round(time.perf_counter() - start, 1)
        load_between = _load_average()
        start = time.perf_counter()
        spark = build_on_spark(homes["spark"], master)
        spark_total = round(time.perf_counter() - start, 1)
        load_after = _load_average()
        differing = unequal_tables(homes["local"].current_snapshot, homes["spark"].current_snapshot)
    stages = {}
    for stage in dict.fromkeys([*local.stage_seconds, *spark.stage_seconds]):
        a, b = local.stage_seconds.get(stage), spark.stage_seconds.get(stage)
        stages[stage] = {
            "local_s": a,
            "spark_s": b,
            "spark_over_local": round(b / a, 2) if a and b else None,
        }
    result = {
        "scenario": "spark",
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "spark_master": master,
        "spark_conf_env": os.environ.get(CONF_ENV),
        "postings_requested": postings,
        "seed": seed,
        "generate_seconds": generate_seconds,
        "source_records": local.source_records,
        "canonical_postings": local.canonical_postings,
        "load_average": {"before": load_before, "between": load_between, "after": load_after},
        "total_seconds": {
            "local": local_total,
            "spark": spark_total,
            "spark_over_local": round(spark_total / local_total, 2),
        },
        "stages": stages,
        "spark_normalize_steps_s": spark.spark_seconds,
        "spark_premiums": spark.premiums,
        "spark_demand_monthly": spark.demand_monthly,
        "spark_advisor": spark.advisor,
        "spark_pay_bands": spark.pay_bands,
        "normalize_records_per_s": {
            "local": round(local.source_records / local.stage_seconds["normalize"], 1),
            "spark_executors": round(
                spark.source_records / spark.spark_seconds["normalize_executors"], 1
            ),
        },
        "float_tolerance": {"default": TOLERANCE, **ENGINE_TOLERANCES},
        "tables_differing": sorted(differing),
        "differences": differing,
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=2) + "\n")
    return result
