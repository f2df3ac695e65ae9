"""`generate_sample_market`: write the simulated market under `<raw_root>/sample` - monthly
crawl snapshots in the real sources' formats, the talent pool, the manifest and the ground
truth - streaming month by month, so memory does not grow with the number of postings; and a
simulated Stack Overflow survey (2025) where the build reads surveys,
`<raw_root>/so_survey/<last crawl date>/` (see `ingest.sample.survey`).

The run is deterministic (seeded numpy Generators, per-record seeds for text, no wall-clock
values in any file, gzip mtime 0) and idempotent: it builds into a temporary directory next to
`sample/` and swaps it in at the end, so a re-run replaces the old files and a failed run
leaves them untouched.

May import: the standard library, numpy, polars, and `ingest.sample` modules.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from ingest.sample.market import World, build_world, draw_originals, spawn_duplicates
from ingest.sample.snapshot import RenderedRecord, write_snapshot
from ingest.sample.survey import SurveyError, check_survey_target, install_survey, simulate_survey
from ingest.sample.talent import write_talent_pool
from ingest.sample.truth import planted_params, truth_frame
from ingest.sample.vocab import crawl_months, parse_month
from ingest.sample.writers import OutputFiles, TruthWriter

SAMPLE_DIR = "sample"
MAX_POSTINGS = 20_000_000
Progress = Callable[[int, int], None]


class SampleError(ValueError):
    """Arguments or an output location the simulator cannot work with."""


@dataclass(frozen=True)
class SampleSummary:
    n_records: int  # source records written (rows of truth/postings.parquet)
    n_canonical: int  # distinct jobs (canonical_posting_id)
    n_files: int  # files written, manifest included
    snapshot_dirs: tuple[Path, ...]
    elapsed_s: float


def check_arguments(n_postings: int, seed: int, end_month: str, months: int) -> None:
    if not isinstance(n_postings, int) or not 1 <= n_postings <= MAX_POSTINGS:
        raise SampleError(f"n_postings={n_postings!r}: expected an integer in 1..{MAX_POSTINGS}")
    if not isinstance(seed, int) or seed < 0:
        raise SampleError(f"seed={seed!r}: expected a non-negative integer")
    if not isinstance(months, int) or not 1 <= months <= 240:
        raise SampleError(f"months={months!r}: expected an integer in 1..240")
    parse_month(end_month)


def prepare_build_dir(raw_root: Path) -> Path:
    """A fresh build directory beside `sample/`; refuses to replace a `sample/` it did not write."""
    final = raw_root / SAMPLE_DIR
    if final.exists() and any(final.iterdir()) and not (final / "manifest.json").exists():
        raise SampleError(
            f"{final}: exists without a manifest.json; "
            "not replacing files the simulator did not write"
        )
    build = raw_root / f".{SAMPLE_DIR}-build-{os.getpid()}"
    if build.exists():
        shutil.rmtree(build)
    build.mkdir(parents=True)
    return build


def publish(build: Path, raw_root: Path) -> None:
    """Swap the finished build in for `sample/` (the old copy is removed after the swap)."""
    final = raw_root / SAMPLE_DIR
    old = raw_root / f".{SAMPLE_DIR}-old-{os.getpid()}"
    if final.exists():
        final.rename(old)
    build.rename(final)
    if old.exists():
        shutil.rmtree(old)


def hn_ids(world: World, k: int, records: pl.DataFrame) -> pl.DataFrame:
    """Give this month's HN comments their thread (board) and comment ids, in posting order."""
    thread = world.hn_thread_id(k)
    is_hn = pl.col("source") == "hn"
    order = (
        records.filter(is_hn)
        .sort("posted_at", "rec_no")
        .with_row_index("position")
        .select("rec_no", "position")
    )
    ids = order.with_columns(
        (
            pl.lit(thread + 100)
            + pl.col("position").cast(pl.Int64) * 20
            + (pl.col("rec_no") * 7 + world.seed) % 10
        )
        .cast(pl.String)
        .alias("hn_id")
    ).select("rec_no", "hn_id")
    return (
        records.join(ids, on="rec_no", how="left", maintain_order="left")
        .with_columns(
            pl.when(is_hn)
            .then(pl.col("hn_id"))
            .otherwise(pl.col("source_posting_id"))
            .alias("source_posting_id"),
            pl.when(is_hn).then(pl.lit(str(thread))).otherwise(pl.col("board")).alias("board"),
        )
        .drop("hn_id")
    )


def month_records(world: World, k: int, pending: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(records first published in month k, duplicates still to come)."""
    originals = draw_originals(world, k)
    spawned = spawn_duplicates(world, k, originals)
    waiting = pl.concat([pending, spawned], how="vertical") if pending.width else spawned
    due = waiting.filter(pl.col("month_index") == k)
    later = waiting.filter(pl.col("month_index") > k)
    records = pl.concat([originals, due], how="vertical") if due.height else originals
    return hn_ids(world, k, records), later


def generate_sample_market(
    raw_root: Path,
    n_postings: int = 60_000,
    seed: int = 7,
    end_month: str = "2026-10",
    months: int = 36,
    progress: Progress | None = None,
) -> SampleSummary:
    """Write the sample market under `raw_root / "sample"` and return what was written.

    Example: `generate_sample_market(Path("data/raw"), n_postings=2_000)`."""
    started = time.perf_counter()
    check_arguments(n_postings, seed, end_month, months)
    raw_root = Path(raw_root)
    raw_root.mkdir(parents=True, exist_ok=True)
    last_crawl = crawl_months(end_month, months)[-1].crawl_date.isoformat()
    try:
        check_survey_target(raw_root, last_crawl)
    except SurveyError as error:
        raise SampleError(str(error)) from error
    build = prepare_build_dir(raw_root)
    try:
        summary = write_market(build, n_postings, seed, end_month, months, progress)
        publish(build, raw_root)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    install_survey(raw_root, last_crawl, summary["survey"], seed)
    return SampleSummary(
        n_records=summary["n_records"],
        n_canonical=summary["n_canonical"],
        n_files=summary["n_files"],
        snapshot_dirs=tuple(raw_root / SAMPLE_DIR / m for m in summary["snapshot_dirs"]),
        elapsed_s=round(time.perf_counter() - started, 3),
    )


def write_snapshots(
    world: World, out: OutputFiles, truth: TruthWriter, progress: Progress | None
) -> int:
    """Every monthly snapshot and its truth rows, month by month; returns the canonical count.

    Only one month of postings is held at a time, plus those still open at the next crawl."""
    months = len(world.months)
    pending = pl.DataFrame()
    carry: pl.DataFrame | None = None
    cache: dict[int, RenderedRecord] = {}
    n_canonical = 0
    for k in range(months):
        records, pending = month_records(world, k, pending)
        open_now = pl.concat([carry, records], how="vertical") if carry is not None else records
        result, cache = write_snapshot(world, k, open_now, out, k == months - 1, cache)
        truth.write(truth_frame(world, k, records, result))
        n_canonical += int(records["duplicate_kind"].is_null().sum())
        if k + 1 < months:
            next_crawl = world.months[k + 1].crawl_date
            carry = open_now.filter(
                (pl.col("close_date") >= next_crawl) & (pl.col("source") != "hn")
            )
        if progress is not None:
            progress(k + 1, months + 1)
    return n_canonical


def write_market(
    build: Path, n_postings: int, seed: int, end_month: str, months: int, progress: Progress | None
) -> dict:
    """Write everything into the build directory; returns the counts for the summary."""
    world = build_world(seed, n_postings, end_month, months)
    out = OutputFiles(build)
    truth = TruthWriter(build / "truth" / "postings.parquet")
    try:
        n_canonical = write_snapshots(world, out, truth, progress)
    finally:
        truth.close()
    last = world.months[-1].crawl_date.isoformat()
    out.record_existing("truth/postings.parquet", "truth", last)
    n_candidates = write_talent_pool(world, build / "talent_pool.csv")
    out.record_existing("talent_pool.csv", "talent_pool", last)
    counts = {
        "n_records": truth.rows,
        "n_canonical": n_canonical,
        "n_candidates": n_candidates,
        "n_companies": len(world.companies),
    }
    survey = simulate_survey(world)
    params = planted_params(world, counts)
    params["survey"] = survey.truth
    (build / "truth" / "params.json").write_text(
        json.dumps(params, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    out.record_existing("truth/params.json", "truth", last)
    out.write_manifest(
        {
            "name": "skillmarket sample market",
            "seed": seed,
            "n_postings": n_postings,
            "end_month": end_month,
            "months": months,
        }
    )
    if progress is not None:
        progress(months + 1, months + 1)
    return {
        **counts,
        "n_files": out.count + 1,  # + manifest.json
        "snapshot_dirs": [m.crawl_date.isoformat() for m in world.months],
        "survey": survey,
    }
