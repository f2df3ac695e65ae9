"""`skillmarket build --engine spark`: checks the options, runs `spark_engine.build` under the
progress bars and prints what it did (the local build's table, the core tables' location and the
premium check: the GenAI premium solved from Spark's cells beside the mart's).

May import: `spark_engine` (lazily: PySpark is an optional extra), `skillmarket.cli.common`,
`skillmarket.config`, rich.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from rich.table import Table

from skillmarket.cli.common import CliError, console, progress_bars
from skillmarket.config import Settings


def raw_root(settings: Settings, raw: str | None) -> Path:
    """The raw store to read: the home's, or `--raw` (a path or file:// URI; the executors
    read the files by path, so a bucket must be mounted where every node sees it)."""
    if raw is None:
        return settings.raw_root
    parsed = urlparse(raw)
    if parsed.scheme in ("", "file"):
        path = Path(parsed.path if parsed.scheme else raw).expanduser()
        if not path.is_dir():
            raise CliError(f"--raw {raw}: no such folder")
        return path
    raise CliError(
        f"--raw {raw}: the raw store is read by path (ledger, sightings and parsers read "
        "files); mount the bucket on every node (e.g. s3fs, gcsfuse) and pass the mount point"
    )


def run_spark_build(
    settings: Settings, master: str, raw: str | None, out: str | None, reparse: bool = False
) -> None:
    try:
        from spark_engine.build import build_on_spark
    except ImportError as error:  # the extra is not installed
        raise CliError(
            f"--engine spark needs PySpark ({error}): pip install 'skillmarket[spark]' "
            "and a Java 17 runtime"
        ) from error
    root = raw_root(settings, raw)
    with progress_bars() as report:
        result = build_on_spark(settings, master, out, report, raw_root=root, reparse=reparse)
    table = Table(title=f"build {result.build_id} (engine spark, {master})", show_header=False)
    table.add_row(
        "raw files loaded / already loaded", f"{result.files_loaded:,} / {result.files_skipped:,}"
    )
    table.add_row("source records", f"{result.source_records:,}")
    table.add_row("canonical postings", f"{result.canonical_postings:,}")
    table.add_row("dedup rate", f"{100 * result.dedup_rate:.1f}%")
    table.add_row("quarantined records", f"{result.records_quarantined:,}")
    for name, uri in (result.core_tables or {}).items():
        table.add_row(name, uri)
    table.add_row(
        "seconds by stage", ", ".join(f"{k} {v:.1f}" for k, v in result.stage_seconds.items())
    )
    table.add_row("published", str(result.snapshot))
    console.print(table)
