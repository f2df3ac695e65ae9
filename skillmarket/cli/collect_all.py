"""`skillmarket collect`: refresh every configured source, then build and publish, in one run
that cron or a systemd timer can start.

Sources, by their `ingest` names (`contract.sources`): the job boards of the board registry
for every system that collects online (`skillmarket boards list`), Hacker News "Who is hiring?"
threads, the bundled BLS OEWS release, Indeed Hiring Lab's trackers and the ECB's euro rates.
The job-board sources run side by side (each against its own host, through its own polite
client); the reference sources after them. Then the build loads what was stored and publishes
a snapshot.

One progress display (a bar per source, then the build's stages) and one summary table. The
run holds the home (`skillmarket.home_lock`), so two runs never overlap: the second stops at
once naming the first. A source that fails does not stop the others: the build still
publishes what they delivered, and the command exits 1 naming each failure (a board's failure
counts as its source's). Real data only: a home holding the sample market is refused before
anything is fetched.

May import: `contract`, `ingest` (collect, http, sources), `skillmarket` (config, home lock,
home kind, pipeline), the `skillmarket.cli` helpers, typer, rich.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Annotated
from urllib.parse import urlsplit

import typer
from rich.table import Table

from contract.sources import posting_sources, source
from skillmarket.cli.collect import reference_client
from skillmarket.cli.common import CliError, console, progress_bars
from skillmarket.cli.options import DEFAULT_RATE, BaseUrl, Contact, HttpOptions, Rate
from skillmarket.config import Settings, load_settings
from skillmarket.home_kind import refuse_real_into_sample
from skillmarket.home_lock import home_lock

if TYPE_CHECKING:
    from ingest.http import HttpPolicy

Report = Callable[[str, int, int], None]
REFERENCE_STEPS = ("oews", "hiring_lab", "ecb_fx")  # after the postings, in this order
MAX_PARALLEL_SOURCES = 4


def collect_date() -> date:
    """The day the run stores its snapshots under (UTC)."""
    return datetime.now(UTC).date()


def collected_sources() -> list[str]:
    """Source ids `collect` refreshes, in order: the job boards that collect online, HN, then
    the reference sources (the contract, read now)."""
    boards = [s.id for s in posting_sources() if s.collects_online]
    return [*boards, "hn", *REFERENCE_STEPS]


def cli_name(source_id: str) -> str:
    return source(source_id).cli_name or source_id


@dataclass
class StepResult:
    """What one source's refresh did."""

    source: str
    detail: str = ""
    errors: list[str] = field(default_factory=list)  # one line each, naming the board or file
    notes: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.errors)


def _chosen(only: list[str], skip: list[str]) -> list[str]:
    """The source ids to refresh; CliError naming an unknown name."""
    known = {cli_name(s): s for s in collected_sources()} | {s: s for s in collected_sources()}
    for name in [*only, *skip]:
        if name not in known:
            choices = ", ".join(cli_name(s) for s in collected_sources())
            raise CliError(f"unknown source {name!r} for --only/--skip; choose from {choices}")
    wanted = {known[n] for n in only} if only else set(collected_sources())
    skipped = {known[n] for n in skip}
    return [s for s in collected_sources() if s in wanted and s not in skipped]


def _policy(http: HttpOptions) -> HttpPolicy:
    from ingest.http import HttpPolicy

    explicit = {"contact": http.contact} if http.contact else {}
    return HttpPolicy(
        min_interval_s=1.0 / http.rate, allow_private_hosts=http.base_url is not None, **explicit
    )


def _posting_step(
    settings: Settings, source_id: str, http: HttpOptions, options: dict, report: Report
) -> StepResult:
    from ingest.collect import collect_source

    summary = collect_source(
        source_id,
        settings.raw_root,
        collect_date(),
        boards=[],
        base_url=http.base_url,
        policy=_policy(http),
        options=options,
        progress=report,
    )
    counts = ", ".join(
        f"{summary.total(name):,} {name}"
        for name in ("new", "updated", "unchanged", "closed", "quarantined")
    )
    skipped = f" ({summary.n_skipped:,} already today)" if summary.n_skipped else ""
    return StepResult(
        source_id,
        detail=f"{len(summary.outcomes):,} boards{skipped}, {summary.requests:,} requests: "
        f"{counts}",
        errors=[f"{board}: {reason}" for board, reason in summary.errors],
        notes=[f"{board}: {note}" for board, note in summary.notes],
    )


def _reference_step(settings: Settings, source_id: str, http: HttpOptions) -> StepResult:
    from ingest.sources import ecb_fx, hiring_lab, oews
    from ingest.sources.reference_fetch import polite_fetcher

    if source_id == "oews":
        path = oews.collect_bundled(settings.raw_root)
        return StepResult(source_id, detail=f"bundled release ({path.name})")
    with reference_client(settings, http) as client:
        fetch = polite_fetcher(client)
        if source_id == "hiring_lab":
            stored, errors = hiring_lab.collect_online(
                settings.raw_root, http.base_url or hiring_lab.DEFAULT_BASE_URL, fetch
            )
            return StepResult(
                source_id,
                detail=f"{len(stored)} of {len(hiring_lab.FILES)} tracker files",
                errors=[f"{name}: {reason}" for name, reason in errors.items()],
            )
        url = ecb_fx.URL
        if http.base_url:  # the same path on the given host
            url = http.base_url.rstrip("/") + urlsplit(ecb_fx.URL).path
        path = ecb_fx.collect_online(settings.raw_root, url, fetch)
        return StepResult(source_id, detail=f"daily rates ({path.name})")


def _guarded(source_id: str, step: Callable[[], StepResult]) -> StepResult:
    """The step's result; an exception becomes the source's one error line."""
    try:
        return step()
    except Exception as error:  # one source's failure must not stop the others
        return StepResult(source_id, errors=[str(error) or type(error).__name__])


def refresh_sources(
    settings: Settings, sources: list[str], http: HttpOptions, options: dict, report: Report
) -> list[StepResult]:
    """Refresh `sources`: posting sources side by side, then the reference sources in order."""
    postings = [s for s in sources if s not in REFERENCE_STEPS]
    results: dict[str, StepResult] = {}
    workers = max(1, min(MAX_PARALLEL_SOURCES, len(postings)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {
            s: pool.submit(
                _guarded,
                s,
                lambda s=s: _posting_step(settings, s, http, options if s == "hn" else {}, report),
            )
            for s in postings
        }
        for s, future in futures.items():
            results[s] = future.result()
    for s in sources:
        if s in REFERENCE_STEPS:
            report(s, 0, 1)
            results[s] = _guarded(s, lambda s=s: _reference_step(settings, s, http))
            report(s, 1, 1)
    return [results[s] for s in sources]


def _summary(results: list[StepResult], built: str | None, build_error: str | None) -> Table:
    table = Table(title="collect", show_lines=False)
    table.add_column("source")
    table.add_column("result")
    table.add_column("what was stored")
    for result in results:
        state = "[red]failed[/red]" if result.failed else "[green]ok[/green]"
        if result.failed and result.detail:
            state = f"[yellow]{len(result.errors)} failed[/yellow]"
        table.add_row(cli_name(result.source), state, result.detail or "-")
    if build_error is not None:
        table.add_row("build", "[red]failed[/red]", build_error)
    elif built is not None:
        table.add_row("build", "[green]published[/green]", built)
    else:
        table.add_row("build", "skipped", "--no-build: run `skillmarket build` to publish")
    return table


def _build(settings: Settings, report: Report) -> str:
    """Build and publish; a one-line description of the snapshot."""
    from skillmarket.pipeline import build

    result = build(settings, report)
    manifest = json.loads((result.snapshot / "manifest.json").read_text(encoding="utf-8"))
    return (
        f"{result.build_id}: {result.canonical_postings:,} postings "
        f"({result.files_loaded:,} new raw files); {manifest.get('data_label', '')}"
    )


def collect(
    only: Annotated[
        list[str] | None,
        typer.Option("--only", metavar="SOURCE", help="Refresh only this source (repeatable)."),
    ] = None,
    skip: Annotated[
        list[str] | None,
        typer.Option("--skip", metavar="SOURCE", help="Leave this source out (repeatable)."),
    ] = None,
    no_build: Annotated[
        bool, typer.Option("--no-build", help="Refresh the raw store only; do not build.")
    ] = False,
    since: Annotated[
        str | None,
        typer.Option(metavar="YYYY-MM", help="First month of HN threads (default: 36 months ago)."),
    ] = None,
    base_url: BaseUrl = None,
    contact: Contact = None,
    rate: Rate = DEFAULT_RATE,
) -> None:
    """Refresh every configured source, then build and publish.

    Sources: the registry's active boards of every job-board system
    (`skillmarket boards list`), HN "Who is hiring?" threads, the bundled
    OEWS release, Indeed Hiring Lab trackers and ECB euro rates. One progress
    display and one summary; safe for cron or a systemd timer (README "Use
    real data"): the run holds the home, so a second run stops at once. A
    source that fails does not stop the others; the build publishes what they
    delivered and the command exits 1 naming each failure.

    Example: skillmarket collect --contact you@example.org
    Example: skillmarket collect --only ashby --only lever --no-build
    """
    from ingest.collect.hn import parse_month
    from ingest.http import NO_CONTACT, check_url

    settings = load_settings()
    sources = _chosen(only or [], skip or [])
    if not sources:
        raise CliError("nothing to collect: --only and --skip leave no source")
    if rate <= 0:
        raise CliError(f"--rate must be positive, got {rate}")
    if base_url is not None:
        check_url(base_url, allow_private_hosts=True)
    options = {"since": parse_month(since)} if since else {}
    http = HttpOptions(base_url, contact, rate)
    with home_lock(settings.home, "collect"):
        for source_id in sources:
            if source(source_id).kind == "posting":
                refuse_real_into_sample(settings, source_id)
        if _policy(http).contact == NO_CONTACT:
            console.print(
                "[yellow]tip:[/yellow] name yourself with --contact or SKILLMARKET_CONTACT"
            )
        built = build_error = None
        with progress_bars() as report:
            results = refresh_sources(settings, sources, http, options, report)
            if not no_build:
                try:
                    built = _build(settings, report)
                except Exception as error:
                    build_error = str(error) or type(error).__name__
    console.print(_summary(results, built, build_error))
    for result in results:
        for note in result.notes:
            console.print(
                f"[yellow]note[/yellow] {cli_name(result.source)} {note}", highlight=False
            )
    failures = [r for r in results if r.failed]
    for result in failures:
        for error in result.errors:
            console.print(f"[red]failed[/red] {cli_name(result.source)} {error}", highlight=False)
    named = [f"{cli_name(r.source)} ({len(r.errors)})" for r in failures]
    if build_error is not None:
        named.append("build")
    if named:
        console.print(f"collect: failures in {', '.join(named)}", highlight=False)
        raise typer.Exit(1)
