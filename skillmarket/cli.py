"""The one command-line interface: `skillmarket demo | ingest | build | app | check | bench`.

Errors print one clear line (set SKILLMARKET_DEBUG=1 for the traceback); long steps show rich
progress bars.

May import: every layer through `skillmarket.pipeline`, typer, rich.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from skillmarket.config import Settings, load_settings

APP_FILE = Path(__file__).resolve().parent.parent / "app.py"
POSTING_SOURCES = ("ashby", "greenhouse", "lever", "hn", "jsonld")
REFERENCE_SOURCES = ("h1b", "so-survey", "hiring-lab", "fx")
console = Console(stderr=True)
cli = typer.Typer(
    help="Skillmarket: labor-market intelligence for ML and AI skills.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class CliError(RuntimeError):
    """An error to show the user as one line."""


@contextmanager
def progress_bars() -> Iterator:
    """A `(stage, done, total)` callback drawing one rich bar per stage."""
    with Progress(
        TextColumn("[bold]{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
        disable=not console.is_terminal and os.environ.get("CI") == "true",
    ) as bars:
        tasks: dict[str, int] = {}

        def report(stage: str, done: int, total: int) -> None:
            if total <= 0:  # nothing to do (e.g. every raw file already loaded): a full bar
                done, total = 1, 1
            if stage not in tasks:
                tasks[stage] = bars.add_task(stage, total=total)
            bars.update(tasks[stage], completed=done, total=total)

        yield report


def _sample_params(settings: Settings) -> dict | None:
    path = settings.raw_root / "sample" / "truth" / "params.json"
    return json.loads(path.read_text()) if path.exists() else None


def ensure_sample(settings: Settings, postings: int, seed: int, force: bool = False) -> bool:
    """Generate the sample market unless one with the same size and seed exists.

    A sample of another size or seed is a different simulated world: it replaces the old raw
    sample and resets the warehouse, whose ledger holds the old files.
    """
    from ingest.sample import generate_sample_market

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


def run_build(settings: Settings, reparse: bool = False) -> None:
    from skillmarket.pipeline import build

    with progress_bars() as report:
        result = build(settings, report, reparse=reparse)
    table = Table(title=f"build {result.build_id}", show_header=False)
    table.add_row(
        "raw files loaded / already loaded", f"{result.files_loaded:,} / {result.files_skipped:,}"
    )
    table.add_row("source records", f"{result.source_records:,}")
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


@cli.command()
def demo(
    no_app: Annotated[bool, typer.Option("--no-app", help="Build only; do not serve.")] = False,
    postings: Annotated[int, typer.Option(help="Sample market size.")] = 60_000,
    seed: Annotated[int, typer.Option(help="Sample market seed.")] = 7,
    port: Annotated[int, typer.Option(help="Dashboard port.")] = 8501,
) -> None:
    """Generate the sample market if absent, build, publish, then serve the dashboard.

    Example: skillmarket demo --no-app --postings 5000
    """
    settings = load_settings()
    ensure_sample(settings, postings, seed)
    run_build(settings)
    if not no_app:
        serve(settings, port)


@cli.command()
def ingest(
    source: Annotated[
        str,
        typer.Argument(
            help="sample | oews | talent-pool | "
            + " | ".join((*POSTING_SOURCES, *REFERENCE_SOURCES))
        ),
    ],
    postings: Annotated[int, typer.Option(help="sample: number of postings.")] = 60_000,
    seed: Annotated[int, typer.Option(help="sample: random seed.")] = 7,
    from_dir: Annotated[
        Path | None,
        typer.Option(
            help="Import previously downloaded responses (*.json or *.json.gz, one per board)."
        ),
    ] = None,
    from_file: Annotated[Path | None, typer.Option(help="talent-pool: a CSV file.")] = None,
    captured: Annotated[
        str | None,
        typer.Option(
            help="--from-dir: date the responses were captured (YYYY-MM-DD); default the newest "
            "record date in the files."
        ),
    ] = None,
    force: Annotated[bool, typer.Option(help="sample: regenerate even if present.")] = False,
    board: Annotated[
        list[str] | None,
        typer.Option(help="Postings: board token / HN thread id (repeatable; default boards.yml)."),
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(help="Postings: fetch from this scheme and host (mirror, test server)."),
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="hn: first month YYYY-MM (default: 36 months ago).")
    ] = None,
    url: Annotated[list[str] | None, typer.Option(help="jsonld: a career page URL.")] = None,
    sitemap: Annotated[list[str] | None, typer.Option(help="jsonld: a sitemap.xml URL.")] = None,
    contact: Annotated[
        str | None,
        typer.Option(help="Contact for the User-Agent (default: $SKILLMARKET_CONTACT)."),
    ] = None,
    rate: Annotated[float, typer.Option(help="Postings: max requests per second per host.")] = 1.0,
    online: Annotated[
        bool, typer.Option("--online", help="oews: fetch BLS flat files, not the bundled release.")
    ] = False,
    year: Annotated[
        int | None, typer.Option(help="so-survey: survey year when the file name lacks it.")
    ] = None,
) -> None:
    """Collect or import a source into the raw store.

    Example: skillmarket ingest sample --postings 5000 --seed 3
    Example: skillmarket ingest ashby --from-dir ../shared/realdata/ashby
    Example: skillmarket ingest greenhouse --board anthropic --contact you@example.org
    """
    settings = load_settings()
    if source == "sample":
        ensure_sample(settings, postings, seed, force=force)
    elif source == "oews" and not (online or from_file or from_dir):
        from ingest.sources import oews

        path = oews.collect_bundled(settings.raw_root)
        console.print(f"OEWS release stored at {path}")
    elif source in ("oews", *REFERENCE_SOURCES):
        ingest_reference(
            settings,
            source,
            from_file=from_file,
            from_dir=from_dir,
            base_url=base_url,
            contact=contact,
            rate=rate,
            year=year,
        )
    elif source == "talent-pool":
        if from_file is None:
            raise CliError("talent-pool needs --from-file CSV")
        import_files(settings, "talent_pool", [from_file])
    elif source in POSTING_SOURCES:
        if from_dir is None:
            collect_online(
                settings,
                source,
                boards=[*(board or []), *(url or [])],
                base_url=base_url,
                since=since,
                sitemaps=sitemap or [],
                contact=contact,
                rate=rate,
            )
            return
        files = sorted(
            p
            for p in from_dir.iterdir()
            if p.name.endswith((".json", ".json.gz", ".html", ".html.gz"))
        )
        if not files:
            raise CliError(f"{from_dir}: no *.json or *.json.gz files to import")
        import_files(settings, source, files, captured=_captured_date(captured))
    else:
        raise CliError(
            f"unknown source {source!r}; choose sample, oews, talent-pool or one of "
            + ", ".join((*POSTING_SOURCES, *REFERENCE_SOURCES))
        )


def collect_online(
    settings: Settings,
    source: str,
    *,
    boards: list[str],
    base_url: str | None,
    since: str | None,
    sitemaps: list[str],
    contact: str | None,
    rate: float,
) -> None:
    """Fetch a posting source politely into today's raw snapshot and print its summary; exit 1
    when a board (or the source's board list) failed, after keeping what the others delivered."""
    from ingest.collect import collect_source
    from ingest.collect.hn import parse_month
    from ingest.http import NO_CONTACT, HttpPolicy, check_url

    if rate <= 0:
        raise CliError(f"--rate must be positive, got {rate}")
    if base_url is not None:
        check_url(base_url, allow_private_hosts=True)
    options: dict[str, object] = {"sitemaps": sitemaps}
    if since is not None:
        options["since"] = parse_month(since)
    explicit = {"contact": contact} if contact else {}
    policy = HttpPolicy(
        min_interval_s=1.0 / rate, allow_private_hosts=base_url is not None, **explicit
    )
    if policy.contact == NO_CONTACT:
        console.print("[yellow]tip:[/yellow] name yourself with --contact or SKILLMARKET_CONTACT")
    with progress_bars() as report:
        summary = collect_source(
            source,
            settings.raw_root,
            datetime.now(UTC).date(),
            boards=boards,
            base_url=base_url,
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
    for failed_board, reason in summary.errors:
        console.print(f"[red]failed[/red] {failed_board}: {reason}", highlight=False)
    if summary.failed:
        raise typer.Exit(1)


def ingest_reference(
    settings: Settings,
    source: str,
    *,
    from_file: Path | None,
    from_dir: Path | None,
    base_url: str | None,
    contact: str | None,
    rate: float,
    year: int | None,
) -> None:
    """Fetch (online) or import (`--from-file` / `--from-dir`) a reference source into today's
    raw snapshot: oews (BLS flat files, or a downloaded OEWS spreadsheet / flat-file folder),
    h1b (LCA disclosure XLSX), so-survey (survey ZIP or CSV), hiring-lab (tracker CSVs), fx (ECB
    eurofxref-hist). `skillmarket build` loads them."""
    from ingest.sources import ecb_fx, h1b, hiring_lab, oews, so_survey
    from ingest.sources.reference_fetch import polite_fetcher

    def fetcher():  # the shared polite client, with caps fit for BLS's 330 MB data file
        from ingest.http import HttpPolicy, PoliteClient, check_url

        if rate <= 0:
            raise CliError(f"--rate must be positive, got {rate}")
        if base_url is not None:
            check_url(base_url, allow_private_hosts=True)
        policy = HttpPolicy(
            min_interval_s=1.0 / rate,
            allow_private_hosts=base_url is not None,
            max_body_bytes=800 * 1024 * 1024,
            max_decompressed_bytes=1536 * 1024 * 1024,
            **({"contact": contact} if contact else {}),
        )
        return PoliteClient(policy, settings.raw_root)

    stored: list[Path] = []
    errors: dict[str, str] = {}
    if source == "oews":
        if from_file is not None:
            stored = [oews.import_spreadsheet(settings.raw_root, from_file)]
        elif from_dir is not None:
            stored = oews.import_flat_dir(settings.raw_root, from_dir)
        else:
            url = oews.BLS_BASE_URL
            if base_url:
                url = base_url.rstrip("/") + "/pub/time.series/oe/"
            with fetcher() as client:
                stored = oews.collect_online(settings.raw_root, url, polite_fetcher(client))
    elif source == "h1b":
        if from_file is None:
            raise CliError("h1b needs --from-file LCA_Disclosure_Data_FY<year>_Q<n>.xlsx")
        stored = [h1b.import_file(settings.raw_root, from_file)]
    elif source == "so-survey":
        if from_file is None:
            raise CliError("so-survey needs --from-file (the survey ZIP or CSV)")
        stored = [so_survey.import_file(settings.raw_root, from_file, year)]
    elif source == "hiring-lab":
        if from_dir is not None:
            stored = hiring_lab.import_dir(settings.raw_root, from_dir)
        else:
            with fetcher() as client:
                stored, errors = hiring_lab.collect_online(
                    settings.raw_root,
                    base_url or hiring_lab.DEFAULT_BASE_URL,
                    polite_fetcher(client),
                )
            for name, reason in errors.items():
                console.print(f"[red]failed[/red] {name}: {reason}", highlight=False)
    elif source == "fx":
        if from_file is not None:
            stored = [ecb_fx.import_file(settings.raw_root, from_file)]
        else:
            url = ecb_fx.URL
            if base_url:
                url = base_url.rstrip("/") + "/stats/eurofxref/eurofxref-hist.zip"
            with fetcher() as client:
                stored = [ecb_fx.collect_online(settings.raw_root, url, polite_fetcher(client))]
    for path in stored:
        console.print(f"stored {path}")
    console.print(f"{source}: {len(stored)} file(s) in the raw store; run `skillmarket build`")
    if errors:  # a file failed: say so in the exit code, keeping what the others delivered
        raise typer.Exit(1)


def _captured_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CliError(f"--captured {value!r}: expected a date like 2025-10-31") from exc


def import_files(
    settings: Settings, source: str, files: list[Path], captured: date | None = None
) -> None:
    """Copy downloaded files into the raw store as one snapshot, with manifest entries.

    The snapshot is dated by `captured` when given, else by the newest record date in the
    files (a copied file's mtime says when it was copied, not captured), else today; the
    manifest says which.
    """
    from ingest.capture_date import latest_record_date
    from ingest.snapshots import store_raw_file

    today = datetime.now(UTC).date()
    contents = [(path, path.read_bytes()) for path in files]
    basis = "given with --captured"
    if captured is None and source != "talent_pool":
        dates = [d for _, data in contents if (d := latest_record_date(data, today))]
        captured = max(dates) if dates else None
        basis = "newest record date in the files"
    if captured is None:
        captured, basis = today, "import date"
    with progress_bars() as report:
        for i, (path, data) in enumerate(contents, 1):
            name = "talent_pool.csv" if source == "talent_pool" else path.name
            store_raw_file(
                settings.raw_root,
                source,
                captured,
                name,
                data,
                fetched_at=datetime.combine(captured, datetime.min.time(), UTC).isoformat(
                    timespec="seconds"
                ),
                url=f"file://{path.resolve()}",
                captured_basis=basis,
            )
            report("import", i, len(files))
    console.print(
        f"imported {len(files)} files into {settings.raw_root / source / str(captured)} "
        f"(captured {captured:%b %Y}: {basis})"
    )


@cli.command("build")
def build_command(
    reparse: Annotated[
        bool, typer.Option("--reparse", help="Re-parse every raw file (after a parser changed).")
    ] = False,
) -> None:
    """Load new raw files, normalize, compute the marts and publish a snapshot.

    Example: skillmarket build --reparse
    """
    run_build(load_settings(), reparse=reparse)


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


@cli.command()
def app(port: Annotated[int, typer.Option(help="Dashboard port.")] = 8501) -> None:
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


@cli.command()
def check() -> None:
    """Run the warehouse checks: grains, invariants, quarantine by reason, dedup rate.

    Example: skillmarket check
    """
    from warehouse.checks import run_checks
    from warehouse.migrate import connect

    settings = load_settings()
    if not settings.warehouse_path.exists():
        raise CliError(f"no warehouse at {settings.warehouse_path}: run `skillmarket build`")
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
        quarantine.add_row(source, reason, f"{n:,}")
    console.print(quarantine)
    console.print(f"dedup rate: {100 * report.dedup_rate:.1f}% of source records collapsed")
    if not report.ok:
        raise typer.Exit(1)


@cli.command()
def bench(
    scenario: Annotated[str, typer.Option(help="build | normalize | coverage | queries")] = "build",
    postings: Annotated[int, typer.Option(help="Postings to process.")] = 100_000,
    output: Annotated[Path | None, typer.Option(help="JSON file for the results.")] = None,
    seed: Annotated[int, typer.Option()] = 7,
    base: Annotated[int, typer.Option(help="normalize: sample postings as templates.")] = 20_000,
) -> None:
    """Benchmark a scenario and write its numbers as JSON (bench/results/<scenario>.json).

    build: generate a sample market of N postings, build it, per-stage seconds and peak memory.
    normalize: skill extraction and the whole normalize step on N replicated postings.
    coverage: 20 small markets (N postings each, seeds 101..120): how often the GenAI premium's
    95% interval covers the planted value.
    queries: the dashboard's read-API calls per page on the published snapshot, cold and warm,
    p50/p95 over 30 random filter combinations.

    Example: skillmarket bench --scenario normalize --postings 1000000
    """
    output = output or Path(f"bench/results/{scenario}.json")
    if scenario == "build":
        from bench.build import run_build_benchmark

        result = run_build_benchmark(postings, seed, output)
    elif scenario == "normalize":
        from bench.normalize import run_normalize_benchmark

        result = run_normalize_benchmark(postings, base, seed, output)
    elif scenario == "coverage":
        from bench.coverage import run_coverage_benchmark

        result = run_coverage_benchmark(postings, 20, 101, output)
    elif scenario == "queries":
        from bench.queries import run_queries_benchmark

        result = run_queries_benchmark(30, seed, output)
    else:
        raise CliError(
            f"unknown scenario {scenario!r}; choose build, normalize, coverage or queries"
        )
    console.print_json(json.dumps(result))


@cli.command()
def validate(
    target: Annotated[str, typer.Argument(help="sample | ashby")],
    directory: Annotated[Path | None, typer.Argument(help="ashby: folder of captures")] = None,
) -> None:
    """Evaluate the normalizers: against the sample market's ground truth (after a build), or
    the pay-text parser against real Ashby captures' structured pay.

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


def main() -> None:
    """Entry point: run the CLI, turning any error into one line (traceback with
    SKILLMARKET_DEBUG=1)."""
    try:
        cli()
    except KeyboardInterrupt:
        console.print("[yellow]interrupted[/yellow]")
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("SKILLMARKET_DEBUG"):
            raise
        known = isinstance(exc, CliError | FileNotFoundError | ValueError | RuntimeError)
        kind = "" if known else f"{type(exc).__name__}: "
        console.print(f"[red]error:[/red] {kind}{exc}", highlight=False, soft_wrap=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
