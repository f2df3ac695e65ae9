"""The commands that judge a build: `check` (the warehouse's grain and invariant checks) and
`validate` (the normalizers against the sample's ground truth or real captures).

May import: `warehouse` (checks, migrate), `skillmarket.validate`, `skillmarket.truth_checks`,
typer, rich.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from skillmarket.cli.common import CliError, console
from skillmarket.config import Settings, load_settings

if TYPE_CHECKING:
    from warehouse.checks import CheckReport


def check() -> None:
    """Run the warehouse checks: grains, invariants, quarantine by reason, dedup.

    Lists what was quarantined: every file that could not be read at all, and
    the first records (stage, source, file, record, reason). Exits 1 if a check
    fails.

    Example: skillmarket check
    """
    from skillmarket.home_lock import lock_holder
    from warehouse.checks import run_checks
    from warehouse.migrate import connect

    settings = load_settings()
    if not settings.warehouse_path.exists():
        raise CliError(f"no warehouse at {settings.warehouse_path}: run `skillmarket build`")
    holder = lock_holder(settings.home)
    if holder is not None and holder.command in ("build", "demo"):  # DuckDB's file is locked
        raise CliError(f"{holder.describe(settings.home)}; check again when it has finished")
    con = connect(settings.warehouse_path)
    try:
        report = run_checks(con, settings.current_snapshot)
    finally:
        con.close()
    table = Table(title="checks")
    table.add_column("check")
    table.add_column("result")
    table.add_column("detail")
    for item in report.results:
        table.add_row(item.name, "[green]ok" if item.ok else "[red]FAILED", item.detail)
    console.print(table)
    quarantine = Table(title="quarantine by reason")
    quarantine.add_column("source")
    quarantine.add_column("reason")
    quarantine.add_column("records", justify="right")
    for source, reason, n in report.quarantine_by_reason:
        quarantine.add_row(escape(source), escape(reason), f"{n:,}")
    console.print(quarantine)
    _print_quarantined(report)
    console.print(f"dedup rate: {100 * report.dedup_rate:.1f}% of source records collapsed")
    if not report.ok:
        raise typer.Exit(1)


def _print_quarantined(report: CheckReport) -> None:
    """The quarantined files (all) and records (the first ones), as data: source text is
    escaped so that brackets in it are not read as console markup."""
    if report.quarantined_files:
        files = Table(title=f"quarantined files ({len(report.quarantined_files):,})")
        for column in ("stage", "source", "file", "reason"):
            files.add_column(column)
        for row in report.quarantined_files:
            files.add_row(*(escape(str(value)) for value in row))
        console.print(files)
    if report.quarantined_records:
        shown, total = len(report.quarantined_records), report.n_quarantined_records
        records = Table(title=f"quarantined records (first {shown:,} of {total:,})")
        for column in ("stage", "source", "file", "record", "reason"):
            records.add_column(column)
        for row in report.quarantined_records:
            records.add_row(*(escape(str(value)) for value in row))
        console.print(records)


def validate(
    target: Annotated[str, typer.Argument(metavar="sample|ashby", help="What to validate.")],
    directory: Annotated[
        Path | None, typer.Argument(metavar="DIR", help="ashby: a folder of captures.")
    ] = None,
) -> None:
    """Measure the normalizers against the sample's truth, or on Ashby captures.

    `sample` (after a build): skills F1, pay, titles, places and dedup F1 against
    the planted truth, then the published marts against it (premiums, top-15
    shares, pay-band medians, D/S ratios); exits 1 if a check fails.
    `ashby DIR`: the pay-text parser against the captures' structured pay, and
    the place parser (location text alone) against their address country and
    remote flag.

    Example: skillmarket validate sample
    Example: skillmarket validate ashby ../shared/realdata/ashby
    """
    from skillmarket.validate import validate_ashby, validate_sample

    if target == "sample":
        result = validate_sample(load_settings())
    elif target == "ashby":
        if directory is None or not directory.is_dir():
            raise CliError("validate ashby needs a folder of Ashby captures (*.json.gz)")
        result = validate_ashby(directory)
    else:
        raise CliError(f"unknown validation target {target!r}; choose sample or ashby")
    table = Table(title=f"validate {target}", show_header=False)
    for key, value in result.items():
        if isinstance(value, dict):
            value = ", ".join(
                f"{k} {v:.4f}" if isinstance(v, float) else f"{k} {v}" for k, v in value.items()
            )
        elif isinstance(value, float):
            value = f"{value:.4f}"
        elif isinstance(value, list):
            value = "\n".join(str(v) for v in value[:10])
        table.add_row(key, str(value))
    console.print(table)
    if target == "sample":
        _print_truth_checks(load_settings())


def _print_truth_checks(settings: Settings) -> None:
    """The published marts against the planted truth; exits non-zero when a check fails."""
    from skillmarket.truth_checks import sample_truth_checks

    checks = sample_truth_checks(settings.current_snapshot, settings.raw_root / "sample" / "truth")
    table = Table(title="marts vs planted truth")
    for column in ("check", "result", "measured", "planted", "detail"):
        table.add_column(column)
    for c in checks:
        result = (
            "n/a" if not c["applicable"] else "[green]pass[/]" if c["passed"] else "[red]FAIL[/]"
        )
        table.add_row(c["name"], result, str(c["measured"]), str(c["expected"]), c["detail"])
    console.print(table)
    failed = [c["name"] for c in checks if c["applicable"] and not c["passed"]]
    n_applicable = sum(c["applicable"] for c in checks)
    console.print(f"{n_applicable - len(failed)} of {n_applicable} applicable truth checks pass")
    if failed:
        raise CliError("truth checks failed: " + ", ".join(failed))
