"""Build orchestration: raw files → warehouse → normalized core tables → marts → published
snapshot. The composition root's conductor: it runs the stages of `skillmarket.stages` in order
and times each one; the stages do the work, looping over the contract's records.

Every step is idempotent: raw files already in the ledger are skipped; only source records
that are new or changed are normalized (all of them when the normalizer's version changed),
the others' normalized rows are reused, and core tables and marts are rebuilt whole from them
(`skillmarket.stages.normalize`); the snapshot is switched atomically at the end. A build
interrupted anywhere (kill -9) leaves the warehouse consistent; what it left on disk (spill folders,
a half-written snapshot, a pending `current` link) the next build removes first, once it holds
the warehouse (scripts/kill_build.py checks both).

May import: `skillmarket.config`, `skillmarket.stages`, `warehouse` (connect, load, publish), duckdb
(types).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from skillmarket.config import Settings
from skillmarket.stages import imports, manifest, marts, normalize, postings, reference
from skillmarket.stages.common import BuildError, BuildReport, Progress, no_progress
from skillmarket.stages.postings import load_raw_postings
from warehouse import load, publish
from warehouse.migrate import connect

StageHook = Callable[[str], None]  # called with the stage's name when it ends
DUCKDB_MEMORY_LIMIT = "1GB"  # DuckDB spills past this instead of caching the warehouse

__all__ = [
    "BuildError",
    "BuildReport",
    "Progress",
    "build",
    "load_raw_postings",
    "publish_marts",
    "start_build",
    "timed",
]


@contextmanager
def timed(report: BuildReport, stage: str, on_end: StageHook | None = None) -> Iterator[None]:
    """Times the block as `stage` in the report, then calls `on_end` with the stage's name."""
    start = time.perf_counter()
    try:
        yield
    finally:
        report.stage_seconds[stage] = round(time.perf_counter() - start, 3)
        if on_end is not None:
            on_end(stage)


def start_build(
    con: duckdb.DuckDBPyConnection, settings: Settings, report: BuildReport, reparse: bool
) -> None:
    """What every engine's build does first, holding the home's warehouse: remove what an
    interrupted build left (no other build can be using it), cap DuckDB's memory, and with
    `reparse` forget the staging rows so every raw file is parsed again."""
    stale = normalize.remove_stale_spill_dirs(settings.home)
    stale += publish.remove_leftovers(settings.curated_root)
    report.leftovers_removed = [str(path) for path in stale]
    load.set_memory_limit(con, DUCKDB_MEMORY_LIMIT)
    if reparse:
        load.reset_staging(con)


def publish_marts(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    report: BuildReport,
    core: normalize.CorePostings,
    oews_meta: dict,
    raw_root: Path,
    progress: Progress = no_progress,
    on_stage_end: StageHook | None = None,
    builders: dict[str, marts.Builder] | None = None,
) -> None:
    """The marts and publish stages of every engine: each mart written into the new snapshot
    as it is computed (`marts.stream_marts`, with an engine's own `builders` for some marts),
    then the manifest and the switch of `current`; a failure discards the partial snapshot."""
    writer = publish.SnapshotWriter(settings.curated_root)
    try:
        with timed(report, "marts", on_stage_end):
            marts.stream_marts(
                con,
                core.postings,
                core.skills,
                writer.write,
                progress,
                seconds=report.mart_seconds,
                builders=builders,
            )
        with timed(report, "publish", on_stage_end):
            snapshot = manifest.snapshot_manifest(con, report, oews_meta, writer.rows, raw_root)
            report.build_id = snapshot["build_id"]
            report.snapshot = writer.publish(snapshot)
            report.mart_rows = dict(writer.rows)
    except BaseException:
        writer.discard()
        raise


def build(
    settings: Settings,
    progress: Progress = no_progress,
    reparse: bool = False,
    on_stage_end: StageHook | None = None,
) -> BuildReport:
    """Load new raw files (all of them with `reparse`), rebuild core tables and marts, publish
    a snapshot. `on_stage_end` is called with each stage's name as it ends (benchmarks)."""
    report = BuildReport()
    con = connect(settings.warehouse_path)
    try:
        start_build(con, settings, report, reparse)
        with timed(report, "load_raw", on_stage_end):
            postings.load_raw_postings(con, settings.raw_root, report, progress)
            postings.load_talent_pools(con, settings.raw_root)
            imports.load_refused_imports(con, settings.raw_root)
        with timed(report, "load_reference", on_stage_end):
            progress("reference", 0, 1)
            oews_meta = reference.load_reference(con, settings.raw_root)
            progress("reference", 1, 1)
        with timed(report, "normalize", on_stage_end):
            core = normalize.normalize_postings(
                con, settings.raw_root, settings.home, report, progress
            )
        publish_marts(
            con, settings, report, core, oews_meta, settings.raw_root, progress, on_stage_end
        )
        report.records_quarantined = load.quarantine_count(con)
    finally:
        con.close()
    return report
