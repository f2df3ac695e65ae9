"""`skillmarket boards`: the board registry (`ingest/boards/registry.csv`, or the file
`$SKILLMARKET_BOARDS` names): list, add, check and disable boards, and discover a company's
board from its career page.

May import: `ingest.collect` (boards, board_check, board_links, jsonld's URL rebasing),
`ingest.http`, `skillmarket.cli` helpers, typer, rich.
"""

from __future__ import annotations

import csv
import sys
from dataclasses import asdict
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from ingest.collect.boards import (
    COLUMNS,
    REGISTRY_ENV,
    BoardEntry,
    Registry,
    board_systems,
    read_registry,
    write_registry,
)
from skillmarket.cli.common import CliError, console, new_app, progress_bars
from skillmarket.cli.options import DEFAULT_RATE, BaseUrl, Contact, HttpOptions, Rate

if TYPE_CHECKING:
    from ingest.http import HttpPolicy

boards_app = new_app(
    "The board registry: the public job boards `skillmarket ingest` fetches.\n\n"
    "One versioned CSV, ingest/boards/registry.csv\n"
    f"(${REGISTRY_ENV} names another), one row per board: system, token,\n"
    "company, country, industry, status, added, note.\n"
    "`ingest <system>` without --board fetches the active boards.\n\n"
    "Example: skillmarket boards list --system workable\n"
    "Example: skillmarket boards discover https://acme.example/careers --add"
)

System = Annotated[
    str | None,
    typer.Option("--system", metavar="S", help="Only this system (ashby, greenhouse, ...)."),
]
out = Console()  # tables of boards go to stdout (pipeable); messages to stderr (`console`)
SHORT_COLUMNS = frozenset({"system", "token", "country", "status", "added"})


def _today() -> str:
    return datetime.now(UTC).date().isoformat()


def _registry() -> Registry:
    return read_registry()


def _checked_system(system: str | None) -> str | None:
    if system is not None and system not in board_systems():
        raise CliError(f"unknown system {system!r}; choose one of {', '.join(board_systems())}")
    return system


def _saved(registry: Registry, what: str) -> None:
    write_registry(registry, datetime.now(UTC).date())
    console.print(f"{what}; {registry.path} is now version {registry.version}", highlight=False)


def _policy(http: HttpOptions) -> HttpPolicy:
    from ingest.http import HttpPolicy, check_url

    if http.rate <= 0:
        raise CliError(f"--rate must be positive, got {http.rate}")
    if http.base_url is not None:
        check_url(http.base_url, allow_private_hosts=True)
    explicit = {"contact": http.contact} if http.contact else {}
    return HttpPolicy(
        min_interval_s=1.0 / http.rate,
        allow_private_hosts=http.base_url is not None,
        max_attempts=3,
        **explicit,
    )


@boards_app.command("list")
def list_boards(
    system: System = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status", metavar="S", help="Only boards with this status (active, disabled)."
        ),
    ] = None,
    as_csv: Annotated[
        bool, typer.Option("--csv", help="Print the rows as CSV (the registry's columns).")
    ] = False,
) -> None:
    """List the registry's boards, with counts per system.

    Example: skillmarket boards list --system lever --status active
    """
    registry = _registry()
    entries = registry.boards(_checked_system(system), status)
    if as_csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(asdict(entry) for entry in entries)
    else:
        table = Table(show_edge=False, box=None)
        for column in COLUMNS:
            table.add_column(column, no_wrap=column in SHORT_COLUMNS, overflow="fold")
        for entry in entries:
            table.add_row(*(getattr(entry, column) for column in COLUMNS))
        out.print(table)
    counts = {s: len(registry.boards(s, status)) for s in board_systems() if system in (None, s)}
    per_system = ", ".join(f"{name} {n:,}" for name, n in counts.items())
    console.print(
        f"{len(entries):,} boards ({per_system}) in {registry.path}, version {registry.version} "
        f"of {registry.updated or '?'}",
        highlight=False,
    )


@boards_app.command("add")
def add_board(
    system: Annotated[str, typer.Argument(metavar="SYSTEM", help="ashby, greenhouse, ...")],
    token: Annotated[str, typer.Argument(metavar="TOKEN", help="The board's token.")],
    company: Annotated[str, typer.Option(metavar="C", help="Company name.")] = "",
    country: Annotated[str, typer.Option(metavar="CC", help="ISO-2 country code.")] = "",
    industry: Annotated[str, typer.Option(metavar="I", help="Industry.")] = "",
    note: Annotated[str, typer.Option(metavar="TEXT", help="Where the token comes from.")] = "",
) -> None:
    """Add a board to the registry (active, dated today).

    Example: skillmarket boards add workable huggingface --company "Hugging Face"
    """
    registry = _registry()
    entry = BoardEntry(
        system=system,
        token=token,
        company=company,
        country=country.upper(),
        industry=industry,
        added=_today(),
        note=note or "added by hand",
    )
    try:
        registry.add(entry)
    except ValueError as error:
        raise CliError(str(error)) from None
    _saved(registry, f"added {system} board {token.strip()!r}")


@boards_app.command("disable")
def disable_board(
    system: Annotated[str, typer.Argument(metavar="SYSTEM", help="ashby, greenhouse, ...")],
    token: Annotated[str, typer.Argument(metavar="TOKEN", help="The board's token.")],
    reason: Annotated[str, typer.Option(metavar="TEXT", help="Why (kept in the note).")] = "",
) -> None:
    """Disable a board: `ingest` no longer fetches it.

    The row stays, with why and when.

    Example: skillmarket boards disable greenhouse acme --reason "moved to Ashby"
    """
    registry = _registry()
    try:
        registry.disable(system, token, f"disabled {_today()}: {reason or 'by hand'}")
    except KeyError as error:
        raise CliError(str(error.args[0])) from None
    _saved(registry, f"disabled {system} board {token!r}")


@boards_app.command("check")
def check_boards(
    system: System = None,
    limit: Annotated[
        int | None, typer.Option("--limit", metavar="N", help="Check at most N boards.")
    ] = None,
    disable_dead: Annotated[
        bool,
        typer.Option("--disable-dead", help="Disable boards that answer 404 or list no postings."),
    ] = False,
    base_url: BaseUrl = None,
    contact: Contact = None,
    rate: Rate = DEFAULT_RATE,
) -> None:
    """Check active boards: one polite request each, a verdict per board.

    Verdicts: ok, empty (no postings: SmartRecruiters also answers an unknown
    company so), gone (404/410), moved (redirected to another host), error.
    `--disable-dead` disables the empty and gone boards, with the reason.

    Example: skillmarket boards check --system recruitee --limit 50 --disable-dead
    """
    from ingest.collect.board_check import check_boards as checked
    from ingest.http import PoliteClient

    registry = _registry()
    entries = registry.boards(_checked_system(system), "active")[: limit if limit else None]
    policy = _policy(HttpOptions(base_url, contact, rate))
    with PoliteClient(policy) as client, progress_bars() as report:
        results = checked([(e.system, e.token) for e in entries], client, base_url, report)
    verdicts = {name: 0 for name in ("ok", "empty", "gone", "moved", "error")}
    table = Table(title="boards that need a look", show_edge=False, box=None)
    for column in ("system", "token", "verdict", "reason"):
        table.add_column(column, overflow="fold")
    for result in results:
        verdicts[result.verdict] += 1
        if result.verdict != "ok":
            table.add_row(result.system, result.token, result.verdict, result.reason)
    if table.row_count:
        out.print(table)
    console.print(
        f"checked {len(results):,} boards: " + ", ".join(f"{n:,} {v}" for v, n in verdicts.items()),
        highlight=False,
    )
    dead = [result for result in results if result.dead]
    if disable_dead and dead:
        for result in dead:
            reason = f"disabled by check {_today()}: {result.verdict} ({result.reason})"
            registry.disable(result.system, result.token, reason)
        _saved(registry, f"disabled {len(dead):,} dead boards")
    elif dead:
        console.print(f"{len(dead):,} dead candidates; --disable-dead disables them")


@boards_app.command("discover")
def discover_board(
    url: Annotated[str, typer.Argument(metavar="URL", help="A company's career page.")],
    add: Annotated[
        bool, typer.Option("--add", help="Add the boards found to the registry.")
    ] = False,
    base_url: BaseUrl = None,
    contact: Contact = None,
    rate: Rate = DEFAULT_RATE,
) -> None:
    """Find the job board a career page links to (links, embeds, JSON-LD, scripts).

    A board URL itself (jobs.lever.co/acme, ...) is recognized without a
    request. `--add` adds the boards found that the registry lacks.

    Example: skillmarket boards discover https://acme.example/careers --add
    """
    from ingest.collect.board_links import board_links, board_of_url
    from ingest.collect.jsonld import rebased
    from ingest.http import HTML_TYPES, FetchError, PoliteClient, check_url

    links = board_links("", url) if board_of_url(url) else []
    if not links:
        if base_url is None:
            check_url(url)
        with PoliteClient(_policy(HttpOptions(base_url, contact, rate))) as client:
            try:
                page = client.fetch(rebased(url, base_url), accept=HTML_TYPES)
            except FetchError as error:
                raise CliError(f"{url}: {error.reason}") from None
        links = board_links(page.body, url)
    if not links:
        raise CliError(
            f"{url}: no link to a board of a known system (" + ", ".join(board_systems()) + ")"
        )
    registry = _registry()
    table = Table(show_edge=False, box=None)
    for column in ("system", "token", "found in", "registry"):
        table.add_column(column, overflow="fold")
    new = []
    for link in links:
        listed = registry.find(link.system, link.token)
        table.add_row(link.system, link.token, link.found_in, listed.status if listed else "new")
        if listed is None:
            new.append(link)
    out.print(table)
    if add and new:
        for link in new:
            registry.add(
                BoardEntry(
                    system=link.system,
                    token=link.token,
                    added=_today(),
                    note=f"discovered on {url}",
                )
            )
        _saved(registry, f"added {len(new)} board(s)")
    elif new:
        console.print(f"{len(new)} board(s) not in the registry; --add adds them")
