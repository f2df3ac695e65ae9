"""The commands that make and show a snapshot: `demo`, `build` and `app`, with the sample-market
generation `demo` and `ingest sample` share.

May import: `skillmarket.pipeline` (the build) and `skillmarket.stages.common` (its report),
`ingest.sample` (the simulator), typer, rich.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from skillmarket.cli.common import CliError, console, progress_bars
from skillmarket.cli.options import (
    DEFAULT_PORT,
    DEFAULT_SAMPLE_POSTINGS,
    DEFAULT_SEED,
    Port,
    SamplePostings,
    SampleSeed,
)
from skillmarket.config import Settings, load_settings
from skillmarket.home_kind import refuse_sample_into_real
from skillmarket.home_lock import home_lock

if TYPE_CHECKING:
    from skillmarket.stages.common import BuildReport

APP_FILE = Path(__file__).resolve().parents[2] / "app.py"


def _sample_params(settings: Settings) -> dict | None:
    path = settings.raw_root / "sample" / "truth" / "params.json"
    return json.loads(path.read_text()) if path.exists() else None


def ensure_sample(settings: Settings, postings: int, seed: int, force: bool = False) -> bool:
    """Generate the sample market unless one with the same size and seed exists.

    A sample of another size or seed is a different simulated world: it replaces the old raw
    sample and resets the warehouse, whose ledger holds the old files.
    """
    from ingest.sample import generate_sample_market

    refuse_sample_into_real(settings)
    params = _sample_params(settings)
    if params and not force and params.get("n_postings") == postings and params.get("seed") == seed:
        console.print(f"sample market present ({postings:,} postings, seed {seed}); reusing it")
        return False
    if params:
        console.print("replacing the existing sample market and resetting the warehouse")
        shutil.rmtree(settings.raw_root / "sample")
        for path in (settings.warehouse_path, Path(f"{settings.warehouse_path}.wal")):
            path.unlink(missing_ok=True)
    start = time.perf_counter()
    with progress_bars() as report:
        summary = generate_sample_market(
            settings.raw_root,
            n_postings=postings,
            seed=seed,
            progress=lambda done, total: report("generate", done, total),
        )
    console.print(
        f"sample market: {summary.n_records:,} records in {summary.n_files:,} files "
        f"({time.perf_counter() - start:.1f}s)"
    )
    return True


def incremental_summary(report: BuildReport) -> str:
    """What a build normalized and what it reused, in words: 'normalized 11,966 new or changed
    records, reused 995,325 kept ones; re-deduplicated 3,713 records in the partitions they
    touch' (a first build, or one after a normalizer change, reuses none)."""
    return (
        f"normalized {report.records_normalized:,} new or changed records, "
        f"reused {report.records_reused:,} kept ones; "
        f"re-deduplicated {report.records_rededuped:,} records in the partitions they touch"
    )


def run_build(settings: Settings, reparse: bool = False) -> None:
    from skillmarket.pipeline import build

    with progress_bars() as report:
        result = build(settings, report, reparse=reparse)
    table = Table(title=f"build {result.build_id}", show_header=False)
    table.add_row(
        "raw files loaded / already loaded", f"{result.files_loaded:,} / {result.files_skipped:,}"
    )
    table.add_row("source records", f"{result.source_records:,}")
    table.add_row("normalize and dedupe", incremental_summary(result))
    table.add_row("canonical postings", f"{result.canonical_postings:,}")
    table.add_row("dedup rate", f"{100 * result.dedup_rate:.1f}%")
    table.add_row("quarantined records", f"{result.records_quarantined:,}")
    for name, rows in result.mart_rows.items():
        table.add_row(name, f"{rows:,} rows")
    table.add_row(
        "seconds by stage", ", ".join(f"{k} {v:.1f}" for k, v in result.stage_seconds.items())
    )
    table.add_row("published", str(result.snapshot))
    console.print(table)


def demo(
    no_app: Annotated[bool, typer.Option("--no-app", help="Build only; do not serve.")] = False,
    postings: SamplePostings = DEFAULT_SAMPLE_POSTINGS,
    seed: SampleSeed = DEFAULT_SEED,
    port: Port = DEFAULT_PORT,
) -> None:
    """Generate the sample market if absent, build, publish, serve the dashboard.

    A sample market of the same size and seed is reused; another size or seed
    replaces it. With `--no-app` the command stops after publishing.

    Example: skillmarket demo --no-app --postings 5000
    """
    settings = load_settings()
    with home_lock(settings.home, "demo"):
        ensure_sample(settings, postings, seed)
        run_build(settings)
    if not no_app:
        serve(settings, port)


def build(
    reparse: Annotated[
        bool, typer.Option("--reparse", help="Re-parse every raw file (after a parser changed).")
    ] = False,
    engine: Annotated[
        str,
        typer.Option(
            "--engine", metavar="ENGINE", help="local (default) or spark (pip install '.[spark]')."
        ),
    ] = "local",
    spark_master: Annotated[
        str, typer.Option("--spark-master", metavar="URL", help="Spark master URL (engine spark).")
    ] = "local[2]",
    raw: Annotated[
        str | None,
        typer.Option(
            "--raw", metavar="PATH", help="Raw store to read (engine spark; default home/raw)."
        ),
    ] = None,
    out: Annotated[
        str | None,
        typer.Option(
            "--out",
            metavar="PATH_OR_URI",
            help="Where Spark writes the core tables (path or URI).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Load new raw files, normalize, dedupe, compute the marts, publish a snapshot.

    Raw files already loaded are skipped; `--reparse` loads every file again
    (needed once for warehouses built before the orjson content hash of Nov
    2026). The snapshot is written to `curated/BUILD_ID/`, and `curated/current`
    switches to it last. `--engine spark` runs the per-posting work on Apache
    Spark (README: Scaling out); the snapshot is the same.

    Example: skillmarket build --engine spark --spark-master local[2]
    """
    settings = load_settings()
    if engine not in ("local", "spark"):
        raise CliError(f"unknown engine {engine!r}; choose local or spark")
    if engine == "local" and (raw or out):
        raise CliError("--raw and --out are options of --engine spark")
    with home_lock(settings.home, "build"):
        if engine == "spark":
            from skillmarket.cli.spark_build import run_spark_build

            run_spark_build(settings, spark_master, raw, out, reparse=reparse)
        else:
            run_build(settings, reparse=reparse)


def serve(settings: Settings, port: int) -> None:
    env = {**os.environ, "SKILLMARKET_HOME": str(settings.home.resolve())}
    console.print(f"serving the dashboard on http://localhost:{port}")
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP_FILE),
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    sys.stdout.flush()
    sys.stderr.flush()
    # Become the server (no child left behind when this command is stopped or killed).
    os.execve(sys.executable, cmd, env)


def app(port: Port = DEFAULT_PORT) -> None:
    """Serve the dashboard on the published snapshot.

    Example: skillmarket app --port 8502
    """
    settings = load_settings()
    if not (settings.current_snapshot / "manifest.json").exists():
        raise CliError(
            f"no published snapshot at {settings.current_snapshot}: run "
            "`skillmarket demo --no-app` or `skillmarket build` first"
        )
    serve(settings, port)
