"""`skillmarket ingest <source>`: one command per source of `contract.sources`, each with only
the options that source takes.

The contract decides which commands exist, under which name (`Source.cli_name`) and in which
help panel (`Source.kind`); the job boards that collect online (`Source.collects_online`)
share one command shape. A contract source with a `cli_name` needs an entry in `COMMANDS`
(tests/skillmarket/cli checks both ways). `skillmarket ingest <unknown>` is one error line.

May import: `contract`, `ingest` (sources, collect), `skillmarket.cli` helpers, typer.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from difflib import get_close_matches
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from contract.sources import SOURCES, Source, SourceKind
from skillmarket.cli.build import ensure_sample
from skillmarket.cli.collect import (
    collect_online,
    import_files,
    import_postings_dir,
    reference_client,
    report_stored,
)
from skillmarket.cli.common import CliError, console, new_app
from skillmarket.cli.options import (
    DEFAULT_RATE,
    DEFAULT_SAMPLE_POSTINGS,
    DEFAULT_SEED,
    BaseUrl,
    Boards,
    Captured,
    Contact,
    HttpOptions,
    PostingsDir,
    Rate,
    SamplePostings,
    SampleSeed,
)
from skillmarket.config import load_settings
from skillmarket.home_lock import home_lock

PANELS: dict[SourceKind, str] = {
    "sample": "Simulated market",
    "posting": "Job postings",
    "reference": "Reference data (wages, surveys, FX, candidates)",
}


class SourceGroup(TyperGroup):
    """The `ingest` group: an unknown source is one clear error line naming the known ones."""

    def resolve_command(
        self, ctx: typer.Context, args: list[str]
    ) -> tuple[str | None, Any, list[str]]:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            close = get_close_matches(name, list(self.commands), n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise CliError(
                f"unknown source {name!r}; {hint}choose one of {', '.join(self.commands)}"
            )
        return super().resolve_command(ctx, args)


ingest_app = new_app(
    "Collect or import a source into the raw store (one command per source).\n\n"
    "`skillmarket build` then loads what was stored. Each source takes its own\n"
    "options: `skillmarket ingest SOURCE --help`.\n\n"
    "Example: skillmarket ingest sample --postings 5000 --seed 3\n"
    "Example: skillmarket ingest ashby --from-dir ../shared/realdata/ashby\n"
    "Example: skillmarket ingest lever --board mistral --contact you@example.org",
    cls=SourceGroup,
)


# ---------------------------------------------------------------------- the sample market
def ingest_sample(
    postings: SamplePostings = DEFAULT_SAMPLE_POSTINGS,
    seed: SampleSeed = DEFAULT_SEED,
    force: Annotated[bool, typer.Option(help="Regenerate even if present.")] = False,
) -> None:
    """Write the simulated market: crawl snapshots, talent pool, ground truth.

    One crawl snapshot per month in `raw/sample/`, in the real sources' own
    formats and parsed by the same parsers as real data, with the planted truth
    that `skillmarket validate sample` checks. A sample of the same size and
    seed is reused (unless `--force`); another size or seed replaces it and
    resets the warehouse.

    Example: skillmarket ingest sample --postings 5000 --seed 3
    """
    ensure_sample(load_settings(), postings, seed, force=force)


# ------------------------------------------------------------------------- posting sources
_BOARD_NOTES = {
    "greenhouse": "Also fetches each new or changed job's pay-transparency details.",
    "lever": "Pages through long boards.",
    "workable": "One request per board (the public widget, with descriptions).",
    "smartrecruiters": "Pages through long boards and fetches each new or changed posting's\n"
    "detail (description, pay).",
    "recruitee": "A token with a dot is a company's own careers domain.",
}
_BOARD_EXAMPLES = {
    "ashby": "--from-dir ../shared/realdata/ashby",
    "greenhouse": "--board anthropic --board databricks",
    "lever": "--board mistral --contact you@example.org",
    "workable": "--board huggingface",
    "smartrecruiters": "--board Ubisoft2",
    "recruitee": "--board hygraph",
}


def _board_help(source: Source) -> str:
    note = _BOARD_NOTES.get(source.id)
    example = _BOARD_EXAMPLES.get(source.id, "--board TOKEN")
    return "\n".join(
        [
            f"{source.short_name}: fetch boards online, or import downloads.",
            "",
            "Fetches the `--board` tokens, else the registry's active boards",
            f"(`skillmarket boards list --system {source.id}`).",
            *([note] if note else []),
            "Online, it stores each board in today's raw snapshot and prints boards,",
            "requests, postings new / updated / unchanged / closed, quarantined and",
            "errors; it exits 1 if a board failed, keeping what the others delivered.",
            "`--from-dir` imports downloads as one snapshot dated by their capture.",
            "",
            f"Example: skillmarket ingest {source.cli_name} {example}",
        ]
    )


def _board_command(source: Source) -> Callable[..., None]:
    """The command of a job-board source (Ashby, Greenhouse, Lever: boards by token)."""

    def command(
        board: Boards = None,
        from_dir: PostingsDir = None,
        captured: Captured = None,
        base_url: BaseUrl = None,
        contact: Contact = None,
        rate: Rate = DEFAULT_RATE,
    ) -> None:
        settings = load_settings()
        if from_dir is not None:
            import_postings_dir(settings, source.id, from_dir, captured)
        else:
            http = HttpOptions(base_url, contact, rate)
            collect_online(settings, source.id, http, boards=board or [])

    command.__name__ = f"ingest_{source.id}"
    return command


def ingest_hn(
    board: Annotated[
        list[str] | None,
        typer.Option(
            "--board",
            metavar="THREAD_ID",
            help="A thread to fetch (repeatable; default: every thread since --since).",
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(metavar="YYYY-MM", help="First month (default: 36 months ago)."),
    ] = None,
    from_dir: PostingsDir = None,
    captured: Captured = None,
    base_url: BaseUrl = None,
    contact: Contact = None,
    rate: Rate = DEFAULT_RATE,
) -> None:
    """Hacker News "Who is hiring?" threads since a month, via the Algolia API.

    Threads already stored and older than 60 days are not fetched again.
    `--from-dir` imports downloaded thread responses instead.

    Example: skillmarket ingest hn --since 2025-01 --contact you@example.org
    """
    settings = load_settings()
    if from_dir is not None:
        import_postings_dir(settings, "hn", from_dir, captured)
        return
    http = HttpOptions(base_url, contact, rate)
    collect_online(settings, "hn", http, boards=board or [], since=since)


def ingest_jsonld(
    url: Annotated[
        list[str] | None, typer.Option(metavar="URL", help="A career page (repeatable).")
    ] = None,
    sitemap: Annotated[
        list[str] | None,
        typer.Option(metavar="URL", help="A sitemap.xml whose pages to fetch (repeatable)."),
    ] = None,
    board: Annotated[list[str] | None, typer.Option(hidden=True)] = None,  # old name of --url
    from_dir: PostingsDir = None,
    captured: Captured = None,
    base_url: BaseUrl = None,
    contact: Contact = None,
    rate: Rate = DEFAULT_RATE,
) -> None:
    """Career pages with schema.org JobPosting JSON-LD, from page URLs or sitemaps.

    Every JobPosting in a page counts (object, list or @graph); robots.txt is
    honored. `--from-dir` imports downloaded pages instead.

    Example: skillmarket ingest jsonld --sitemap https://acme.example/sitemap.xml
    """
    settings = load_settings()
    if from_dir is not None:
        import_postings_dir(settings, "jsonld", from_dir, captured)
        return
    http = HttpOptions(base_url, contact, rate)
    boards = [*(board or []), *(url or [])]
    collect_online(settings, "jsonld", http, boards=boards, sitemaps=sitemap or [])


# ----------------------------------------------------------------------- reference sources
def ingest_oews(
    online: Annotated[
        bool, typer.Option("--online", help="Fetch BLS's flat files, not the bundled release.")
    ] = False,
    from_file: Annotated[
        Path | None,
        typer.Option(
            metavar="ZIP|XLSX",
            help="A downloaded OEWS spreadsheet (oesm24all.zip, *_M2024_dl.xlsx).",
        ),
    ] = None,
    from_dir: Annotated[
        Path | None, typer.Option(metavar="DIR", help="A folder of downloaded flat files (oe.*).")
    ] = None,
    base_url: BaseUrl = None,
    contact: Contact = None,
    rate: Rate = DEFAULT_RATE,
) -> None:
    """BLS OEWS wages: by default, store the bundled May 2025 release.

    `--online` fetches BLS's flat files (`oe.*`, about 330 MB); `--from-file`
    imports a downloaded spreadsheet, `--from-dir` downloaded flat files. The
    build uses the newest of these, else the bundle.

    Example: skillmarket ingest oews --from-file oesm24all.zip
    """
    from ingest.sources import oews
    from ingest.sources.reference_fetch import polite_fetcher

    settings = load_settings()
    if not (online or from_file or from_dir):
        path = oews.collect_bundled(settings.raw_root)
        console.print(f"OEWS release stored at {path}")
        return
    if from_file is not None:
        stored = [oews.import_spreadsheet(settings.raw_root, from_file)]
    elif from_dir is not None:
        stored = oews.import_flat_dir(settings.raw_root, from_dir)
    else:
        url = oews.BLS_BASE_URL
        if base_url:
            url = base_url.rstrip("/") + "/pub/time.series/oe/"
        with reference_client(settings, HttpOptions(base_url, contact, rate)) as client:
            stored = oews.collect_online(settings.raw_root, url, polite_fetcher(client))
    report_stored("oews", stored)


def ingest_talent_pool(
    from_file: Annotated[
        Path | None, typer.Option(metavar="CSV", help="The candidate profiles (required).")
    ] = None,
) -> None:
    """Import candidate profiles: the supply side of demand-to-supply ratios.

    Columns: candidate_id, skills (skill ids joined by `;`), city, region,
    country, role_family, seniority, open_to_work, updated_date
    (`docs/contracts.md`).

    Example: skillmarket ingest talent-pool --from-file candidates.csv
    """
    if from_file is None:
        raise CliError("talent-pool needs --from-file CSV")
    import_files(load_settings(), "talent_pool", [from_file])


def ingest_h1b(
    from_file: Annotated[
        Path | None,
        typer.Option(
            metavar="XLSX",
            help="A DOL LCA disclosure file, e.g. LCA_Disclosure_Data_FY2025_Q1.xlsx (required).",
        ),
    ] = None,
) -> None:
    """Import DOL H-1B LCA disclosure data: certified full-time offered wages.

    The build annualizes them into `core_h1b_wages`; pay bands show them
    beside the band.

    Example: skillmarket ingest h1b --from-file LCA_Disclosure_Data_FY2025_Q1.xlsx
    """
    from ingest.sources import h1b

    if from_file is None:
        raise CliError("h1b needs --from-file LCA_Disclosure_Data_FY<year>_Q<n>.xlsx")
    report_stored("h1b", [h1b.import_file(load_settings().raw_root, from_file)])


def ingest_so_survey(
    from_file: Annotated[
        Path | None,
        typer.Option(metavar="ZIP|CSV", help="The survey's ZIP or its public CSV (required)."),
    ] = None,
    year: Annotated[
        int | None, typer.Option(metavar="Y", help="Survey year, when the file name lacks it.")
    ] = None,
) -> None:
    """Import a Stack Overflow Developer Survey year (ODbL 1.0).

    The build derives skill prevalence by country x developer type and pay by
    skill x country (`core_survey_*`).

    Example: skillmarket ingest so-survey --from-file survey-2024.zip --year 2024
    """
    from ingest.sources import so_survey

    if from_file is None:
        raise CliError("so-survey needs --from-file (the survey ZIP or CSV)")
    report_stored("so-survey", [so_survey.import_file(load_settings().raw_root, from_file, year)])


def ingest_hiring_lab(
    from_dir: Annotated[
        Path | None,
        typer.Option(metavar="DIR", help="A folder of downloaded tracker CSVs, instead of GitHub."),
    ] = None,
    base_url: BaseUrl = None,
    contact: Contact = None,
    rate: Rate = DEFAULT_RATE,
) -> None:
    """Indeed Hiring Lab AI and pay-transparency trackers (CC BY 4.0), from GitHub.

    The build publishes them as `out_market_context` (shares of all Indeed
    postings: a different universe from ours). Exits 1 if a file failed,
    keeping the others.

    Example: skillmarket ingest hiring-lab --contact you@example.org
    """
    from ingest.sources import hiring_lab
    from ingest.sources.reference_fetch import polite_fetcher

    settings = load_settings()
    errors: dict[str, str] = {}
    if from_dir is not None:
        stored = hiring_lab.import_dir(settings.raw_root, from_dir)
    else:
        with reference_client(settings, HttpOptions(base_url, contact, rate)) as client:
            stored, errors = hiring_lab.collect_online(
                settings.raw_root,
                base_url or hiring_lab.DEFAULT_BASE_URL,
                polite_fetcher(client),
            )
    report_stored("hiring-lab", stored, errors)


def ingest_fx(
    from_file: Annotated[
        Path | None,
        typer.Option(metavar="ZIP|CSV", help="A downloaded eurofxref-hist.zip (or its CSV)."),
    ] = None,
    base_url: BaseUrl = None,
    contact: Contact = None,
    rate: Rate = DEFAULT_RATE,
) -> None:
    """ECB euro reference rates (eurofxref-hist.zip) for monthly USD crosses.

    The build derives `core_fx_monthly` from them; without them it uses the
    shipped table.

    Example: skillmarket ingest fx --from-file eurofxref-hist.zip
    """
    from ingest.sources import ecb_fx
    from ingest.sources.reference_fetch import polite_fetcher

    settings = load_settings()
    if from_file is not None:
        stored = [ecb_fx.import_file(settings.raw_root, from_file)]
    else:
        url = ecb_fx.URL
        if base_url:
            url = base_url.rstrip("/") + "/stats/eurofxref/eurofxref-hist.zip"
        with reference_client(settings, HttpOptions(base_url, contact, rate)) as client:
            stored = [ecb_fx.collect_online(settings.raw_root, url, polite_fetcher(client))]
    report_stored("fx", stored)


# The command of each source with a `cli_name`, by source id (job boards: `_board_command`).
COMMANDS: dict[str, Callable[..., None]] = {
    "sample": ingest_sample,
    "hn": ingest_hn,
    "jsonld": ingest_jsonld,
    "oews": ingest_oews,
    "talent_pool": ingest_talent_pool,
    "h1b": ingest_h1b,
    "so_survey": ingest_so_survey,
    "hiring_lab": ingest_hiring_lab,
    "ecb_fx": ingest_fx,
}


def holding_home(command: Callable[..., None], name: str) -> Callable[..., None]:
    """`command` run while holding the home (`skillmarket.home_lock`): one writing command per
    home at a time. Typer reads the options from the wrapped function's signature."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        with home_lock(load_settings().home, name):
            command(*args, **kwargs)

    return run


def _register(source: Source) -> None:
    if source.cli_name is None:
        return
    if source.collects_online:
        command, help_text = _board_command(source), _board_help(source)
    elif source.id in COMMANDS:
        command, help_text = COMMANDS[source.id], None
    else:  # a contract source without a command: the CLI test names it
        return
    ingest_app.command(source.cli_name, help=help_text, rich_help_panel=PANELS[source.kind])(
        holding_home(command, f"ingest {source.cli_name}")
    )


for _source in SOURCES:
    _register(_source)
