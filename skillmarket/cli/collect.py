"""The work behind the `ingest` commands that every source shares: collect a posting source
online, copy downloaded files into the raw store as one snapshot, open the polite client a
reference download uses, and report what was stored.

May import: `ingest` (collect, http, snapshots, capture dates), `skillmarket.config`, typer,
rich.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from skillmarket.cli.common import CliError, console, progress_bars
from skillmarket.cli.options import HttpOptions
from skillmarket.config import Settings
from skillmarket.home_kind import SUPPLY_SOURCE, refuse_real_into_sample

if TYPE_CHECKING:
    from ingest.http import PoliteClient

POSTING_FILES = (".json", ".json.gz", ".html", ".html.gz")


def collect_online(
    settings: Settings,
    source: str,
    http: HttpOptions,
    *,
    boards: list[str],
    since: str | None = None,
    sitemaps: list[str] | None = None,
) -> None:
    """Fetch a posting source politely into today's raw snapshot and print its summary; exit 1
    when a board (or the source's board list) failed, after keeping what the others delivered."""
    from ingest.collect import collect_source
    from ingest.collect.hn import parse_month
    from ingest.http import NO_CONTACT, HttpPolicy, check_url

    if http.rate <= 0:
        raise CliError(f"--rate must be positive, got {http.rate}")
    if http.base_url is not None:
        check_url(http.base_url, allow_private_hosts=True)
    refuse_real_into_sample(settings, source)
    options: dict[str, object] = {"sitemaps": sitemaps or []}
    if since is not None:
        options["since"] = parse_month(since)
    explicit = {"contact": http.contact} if http.contact else {}
    policy = HttpPolicy(
        min_interval_s=1.0 / http.rate, allow_private_hosts=http.base_url is not None, **explicit
    )
    if policy.contact == NO_CONTACT:
        console.print("[yellow]tip:[/yellow] name yourself with --contact or SKILLMARKET_CONTACT")
    with progress_bars() as report:
        summary = collect_source(
            source,
            settings.raw_root,
            datetime.now(UTC).date(),
            boards=boards,
            base_url=http.base_url,
            policy=policy,
            options=options,
            progress=report,
        )
    table = Table(title=f"ingest {source}", show_header=False)
    table.add_column("what")
    table.add_column("n", justify="right")
    table.add_row(
        "boards (already collected today)", f"{len(summary.outcomes):,} ({summary.n_skipped:,})"
    )
    table.add_row("requests (retries)", f"{summary.requests:,} ({summary.retries:,})")
    for name in ("new", "updated", "unchanged", "closed", "quarantined"):
        table.add_row(f"postings {name}", f"{summary.total(name):,}")
    table.add_row("errors", f"{len(summary.errors):,}")
    console.print(table)
    for noted_board, note in summary.notes:  # empty boards, repeated ids, missing details
        console.print(f"[yellow]note[/yellow] {noted_board}: {note}", highlight=False)
    for failed_board, reason in summary.errors:
        console.print(f"[red]failed[/red] {failed_board}: {reason}", highlight=False)
    if summary.failed:
        raise typer.Exit(1)


def import_postings_dir(
    settings: Settings, source: str, from_dir: Path, captured: str | None
) -> None:
    """Import a folder of downloaded board responses of a posting source as one snapshot."""
    if not from_dir.is_dir():
        raise CliError(f"{from_dir}: not a folder")
    files = sorted(p for p in from_dir.iterdir() if p.name.endswith(POSTING_FILES))
    if not files:
        raise CliError(f"{from_dir}: no *.json or *.json.gz files to import")
    import_files(settings, source, files, captured=captured_date(captured), folder=from_dir)


def captured_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CliError(f"--captured {value!r}: expected a date like 2025-10-31") from exc


def _newest_snapshot(raw_root: Path, source: str) -> date | None:
    folder = raw_root / source
    dates = []
    for path in folder.iterdir() if folder.is_dir() else []:
        try:
            dates.append(date.fromisoformat(path.name))
        except ValueError:
            continue
    return max(dates, default=None)


def _warn_about_captured(
    settings: Settings, source: str, captured: date, newest_record: date | None
) -> None:
    """Say so when a given capture date is older than the source's newest snapshot or than
    the newest record in the files: postings would look first seen earlier than they were."""
    newest = _newest_snapshot(settings.raw_root, source)
    if newest is not None and captured < newest:
        console.print(
            f"[yellow]warning:[/yellow] --captured {captured} is older than the newest {source} "
            f"snapshot ({newest}); postings in both will count as first seen on {captured} "
            "(never before their own published date). Is the date right?",
            highlight=False,
        )
    if newest_record is not None and captured < newest_record:
        console.print(
            f"[yellow]warning:[/yellow] --captured {captured} is before the newest record in "
            f"the files ({newest_record}): they cannot have been captured then. Is the date "
            "right?",
            highlight=False,
        )


def import_files(
    settings: Settings,
    source: str,
    files: list[Path],
    captured: date | None = None,
    folder: Path | None = None,
) -> None:
    """Copy downloaded files into the raw store as one snapshot, with manifest entries.

    The snapshot is dated by `captured` when given, else by the newest record date in the
    files (a copied file's mtime says when it was copied, not captured), else today; the
    manifest says which. Only regular files within the size cap are imported
    (`ingest.local_files`; links must stay inside `folder`); each refused file is named with
    its reason and listed in the snapshot's manifest, which the build quarantines, and the
    command exits 1 after importing the others. Files are read twice (date, then store) so
    memory holds one file at a time.
    """
    from ingest.capture_date import latest_record_date
    from ingest.local_files import RefusedFile, read_local_file
    from ingest.snapshots import record_refused, store_raw_file
    from ingest.sources import talent_pool

    refuse_real_into_sample(settings, source)
    today = datetime.now(UTC).date()
    refused: dict[Path, str] = {}
    dates: list[date] = []
    for path in files:
        try:
            data = read_local_file(path, folder)
        except RefusedFile as error:
            refused[path] = error.reason
            continue
        if source == SUPPLY_SOURCE:
            try:
                talent_pool.check_header(data, path.name)
            except ValueError as error:
                refused[path] = str(error)
        elif found := latest_record_date(data, today):
            dates.append(found)
    newest_record = max(dates, default=None)
    basis = "given with --captured"
    if captured is not None:
        _warn_about_captured(settings, source, captured, newest_record)
    elif newest_record is not None:
        captured, basis = newest_record, "newest record date in the files"
    if captured is None:
        captured, basis = today, "import date"
    fetched_at = datetime.combine(captured, datetime.min.time(), UTC).isoformat("T", "seconds")
    stored = 0
    with progress_bars() as report:
        for i, path in enumerate(files, 1):
            name = "talent_pool.csv" if source == SUPPLY_SOURCE else path.name
            url = f"file://{path.absolute()}"
            try:
                data = b"" if path in refused else read_local_file(path, folder)
            except RefusedFile as error:  # changed since the first look
                refused[path] = error.reason
            if path in refused:
                record_refused(settings.raw_root, source, captured, name, refused[path], url)
                report("import", i, len(files))
                continue
            store_raw_file(
                settings.raw_root,
                source,
                captured,
                name,
                data,
                fetched_at=fetched_at,
                url=url,
                captured_basis=basis,
            )
            stored += 1
            report("import", i, len(files))
    console.print(
        f"imported {stored} files into {settings.raw_root / source / str(captured)} "
        f"(captured {captured:%b %Y}: {basis})"
    )
    for path, reason in refused.items():
        console.print(f"[red]refused[/red] {path}: {reason}", highlight=False)
    if refused:
        console.print(
            f"{len(refused)} file(s) refused and listed in the snapshot's manifest; the build "
            "quarantines them"
        )
        raise typer.Exit(1)


def reference_client(settings: Settings, http: HttpOptions) -> PoliteClient:
    """The shared polite client, with caps and a deadline fit for BLS's 330 MB data file."""
    from ingest.http import HttpPolicy, PoliteClient, check_url
    from ingest.sources.reference_fetch import MAX_REFERENCE_BYTES

    if http.rate <= 0:
        raise CliError(f"--rate must be positive, got {http.rate}")
    if http.base_url is not None:
        check_url(http.base_url, allow_private_hosts=True)
    policy = HttpPolicy(
        min_interval_s=1.0 / http.rate,
        allow_private_hosts=http.base_url is not None,
        max_body_bytes=MAX_REFERENCE_BYTES,
        total_timeout_s=30 * 60.0,  # BLS's 330 MB file on a slow line
        max_decompressed_bytes=1536 * 1024 * 1024,
        **({"contact": http.contact} if http.contact else {}),
    )
    return PoliteClient(policy, settings.raw_root)


def report_stored(command: str, stored: list[Path], errors: dict[str, str] | None = None) -> None:
    """Print what a reference source stored (and which of its files failed); exit 1 when one
    failed, after keeping what the others delivered."""
    for name, reason in (errors or {}).items():
        console.print(f"[red]failed[/red] {name}: {reason}", highlight=False)
    for path in stored:
        console.print(f"stored {path}")
    console.print(f"{command}: {len(stored)} file(s) in the raw store; run `skillmarket build`")
    if errors:
        raise typer.Exit(1)
