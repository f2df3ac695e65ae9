"""The shared runner of the online posting connectors: plan the boards, fetch each one through
the polite client, store what was fetched in today's raw snapshot, and compare it with the
board's previous snapshot.

Raw layout (the same as `ingest <source> --from-dir` and what `ingest.discover` reads):
`<raw_root>/<source>/<YYYY-MM-DD>/<board>.json` (`.html` for JSON-LD pages), the board name
URL-quoted (a name the store reserves, `manifest.json`, escaped: `ingest.snapshots`);
Greenhouse pay details in `<raw_root>/greenhouse/<date>/<board>/<job_id>.json`. A connector's
extra files are stored before the board file, and a board whose file already exists in today's
snapshot is not fetched again: re-running the same day (or after an interrupted run) fetches
only what is missing, so nothing is stored twice and nothing is lost.

Counts per board compare the parsed postings (the source's own parser) with the board's latest
earlier snapshot: new (id not there before), updated (content hash changed), unchanged, closed
(there before, absent now from a board that was fetched successfully; the build's last_seen of
those postings then stays at the earlier snapshot). A board that lists none of its earlier
postings (at least `OUTAGE_MIN_POSTINGS`) is likely down: none counts as closed, a note says
so, and the build keeps them open unless the next snapshot lacks them too. A 304 reuses the
previously stored raw file's bytes, stored again in today's snapshot with status 304, so
last_seen moves on.

May import: the standard library, `contract`, `ingest.http`, `ingest.snapshots`,
`ingest.sources`, `ingest.collect.board_fetch`.
"""

from __future__ import annotations

import hashlib
import importlib
import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote, unquote, urlsplit

from contract.marts import mart
from ingest.collect.board_fetch import board_notes
from ingest.http import PoliteClient, Response
from ingest.snapshots import is_reserved_name, raw_name, snapshot_dir, store_raw_file
from ingest.sources.common import WHOLE_FILE
from ingest.staging import ParseResult

Progress = Callable[[str, int, int], None]
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_NAME_CHARS = 180
# a board listing none of at least this many postings is likely down (warehouse.continuity)
OUTAGE_MIN_POSTINGS = mart("out_posting_durations").threshold_int("outage_min_postings")


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


@dataclass(frozen=True)
class Board:
    """One thing to fetch: a board token, an HN thread id or a career page."""

    name: str  # as `ingest.discover` reports it (URL-unquoted file stem)
    url: str
    suffix: str = ".json"
    meta: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def file_name(self) -> str:
        """The board's file in a snapshot (a name the raw store reserves is escaped)."""
        return raw_name(board_file_stem(self.name) + self.suffix)


@dataclass(frozen=True)
class StoredFile:
    """A fetched response to store under `name` in today's snapshot of the source."""

    name: str
    response: Response


@dataclass
class BoardFetch:
    main: StoredFile
    extras: list[StoredFile] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # for the summary (repeats across pages, …)


@dataclass
class CollectContext:
    """What a connector needs: the client, where raw files go, the day, and the options."""

    source: str
    client: PoliteClient
    raw_root: Path
    today: date
    base_url: str | None = None
    boards: list[str] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)
    # boards run in threads and share one manifest per snapshot: one writer at a time
    _store_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def base(self, default: str) -> str:
        """The scheme and host to use: `--base-url` when given, else the source's own."""
        return (self.base_url or default).rstrip("/")

    @property
    def today_dir(self) -> Path:
        return snapshot_dir(self.raw_root, self.source, self.today)

    def stored_today(self, name: str) -> bool:
        """True when today's snapshot has `name` (or its gzipped import)."""
        return any((self.today_dir / raw_name(stored)).exists() for stored in (name, f"{name}.gz"))

    def store(self, item: StoredFile) -> str:
        """Store a response in today's snapshot; returns its path relative to the raw root."""
        response = item.response
        with self._store_lock:
            path = store_raw_file(
                self.raw_root,
                self.source,
                self.today,
                item.name,
                response.body,
                fetched_at=response.fetched_at,
                url=response.final_url,
                http_status=response.status,
                etag=response.etag,
                last_modified=response.last_modified,
            )
        rel = str(path.relative_to(self.raw_root))
        if not response.not_modified:
            self.client.remember(response, rel)
        return rel

    def previous_postings(self, board: Board) -> dict[str, str]:
        """source_posting_id -> content_hash of the board's latest earlier snapshot."""
        found = previous_board_file(self.raw_root, self.source, board, self.today)
        if found is None:
            return {}
        rel = str(found.relative_to(self.raw_root))
        result = parse_posting_file(self.source, found.read_bytes(), rel, board.name)
        return posting_hashes(result)


class Connector(Protocol):
    SOURCE: str

    def plan_boards(self, ctx: CollectContext) -> list[Board]: ...

    def fetch_board(self, ctx: CollectContext, board: Board) -> BoardFetch: ...


@dataclass
class BoardOutcome:
    board: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    closed: int = 0
    quarantined: int = 0
    skipped: str | None = None  # why the board was not fetched (already stored today, …)
    error: str | None = None
    raw_file: str | None = None
    notes: list[str] = field(default_factory=list)  # empty board, duplicated ids, …


@dataclass
class SourceSummary:
    """One run of one source: what every board delivered and what failed."""

    source: str
    outcomes: list[BoardOutcome] = field(default_factory=list)
    requests: int = 0
    retries: int = 0
    plan_error: str | None = None

    def total(self, name: str) -> int:
        return sum(getattr(outcome, name) for outcome in self.outcomes)

    @property
    def errors(self) -> list[tuple[str, str]]:
        found = [(o.board, o.error) for o in self.outcomes if o.error]
        if self.plan_error:
            found.insert(0, ("(plan)", self.plan_error))
        return found

    @property
    def failed(self) -> bool:
        return bool(self.errors)

    @property
    def notes(self) -> list[tuple[str, str]]:
        """(board, note) for what a fetched board's counts do not say (`board_notes`)."""
        return [(o.board, note) for o in self.outcomes for note in o.notes]

    @property
    def n_skipped(self) -> int:
        return sum(1 for outcome in self.outcomes if outcome.skipped)


def board_file_stem(name: str) -> str:
    """The file stem of a board: URL-quoted (discover unquotes it), shortened when too long."""
    stem = quote(name, safe="")
    if len(stem) <= MAX_NAME_CHARS:
        return stem
    digest = hashlib.sha256(name.encode()).hexdigest()[:16]
    return f"{stem[: MAX_NAME_CHARS - 18]}~{digest}"


def previous_board_file(raw_root: Path, source: str, board: Board, today: date) -> Path | None:
    """The board's file in the latest snapshot before `today` (collected or imported)."""
    root = raw_root / source
    if not root.is_dir():
        return None
    stem = board_file_stem(board.name)
    names = [raw_name(stem + suffix) for suffix in (board.suffix, board.suffix + ".gz")]
    plain = {board.name + suffix for suffix in (board.suffix, board.suffix + ".gz")}
    dates = sorted(
        (p for p in root.iterdir() if p.is_dir() and _DATE.match(p.name)),
        key=lambda p: p.name,
        reverse=True,
    )
    for directory in dates:
        if date.fromisoformat(directory.name) >= today:
            continue
        for name in names:
            if (directory / name).exists():
                return directory / name
        for path in directory.iterdir():  # imported files may quote differently
            if path.is_file() and unquote(path.name) in plain and not is_reserved_name(path.name):
                return path
    return None


def parse_posting_file(source: str, data: bytes, rel: str, board: str) -> ParseResult:
    parser = importlib.import_module(f"ingest.sources.{source}")
    return parser.parse(data, rel, board)


def posting_hashes(result: ParseResult) -> dict[str, str]:
    rows = result.rows.select("source_posting_id", "content_hash")
    ids, hashes = rows["source_posting_id"].to_list(), rows["content_hash"].to_list()
    return dict(zip(ids, hashes, strict=True))


def whole_file_failure(result: ParseResult) -> str | None:
    """The reason when the parser rejected the whole response (not a board of this source)."""
    whole = result.quarantine.filter(result.quarantine["record"] == WHOLE_FILE)
    if whole.height == 0 or result.rows.height > 0:
        return None
    return str(whole["reason"][0])


def collect_board(connector: Connector, ctx: CollectContext, board: Board) -> BoardOutcome:
    """Fetch, store and compare one board; errors become the outcome's error."""
    outcome = BoardOutcome(board=board.name)
    if ctx.stored_today(board.file_name):
        outcome.skipped = "already collected today"
        return outcome
    try:
        fetched = connector.fetch_board(ctx, board)
        main = fetched.main
        rel_main = str((ctx.today_dir / main.name).relative_to(ctx.raw_root))
        result = parse_posting_file(ctx.source, main.response.body, rel_main, board.name)
        failure = whole_file_failure(result)
        if failure is not None:
            raise ValueError(f"response is not a {ctx.source} board: {failure}")
        previous = ctx.previous_postings(board)
        for extra in fetched.extras:
            ctx.store(extra)
        outcome.raw_file = ctx.store(main)  # last: its presence marks the board done today
    except Exception as error:  # one board's failure must not stop the others
        outcome.error = str(error) or type(error).__name__
        return outcome
    current = posting_hashes(result)
    outcome.quarantined = result.quarantine.height
    outcome.notes = [*fetched.notes, *board_notes(result)]
    for posting_id, digest in current.items():
        if posting_id not in previous:
            outcome.new += 1
        elif previous[posting_id] != digest:
            outcome.updated += 1
        else:
            outcome.unchanged += 1
    outcome.closed = len(set(previous) - set(current))
    if not current and len(previous) >= OUTAGE_MIN_POSTINGS:  # likely an outage, not closures
        outcome.closed = 0
        outcome.notes.append(
            f"all {len(previous)} postings of the previous snapshot vanished: likely an outage; "
            "they stay open unless the next crawl lacks them too"
        )
    return outcome


def run_source(
    connector: Connector,
    ctx: CollectContext,
    progress: Progress = _no_progress,
) -> SourceSummary:
    """Collect every planned board of one source; a failing board is reported, not fatal."""
    summary = SourceSummary(source=ctx.source)
    try:
        boards = connector.plan_boards(ctx)
    except Exception as error:
        summary.plan_error = str(error) or type(error).__name__
        boards = []
    progress(ctx.source, 0, len(boards))
    workers = max(1, min(ctx.client.policy.max_concurrency, len(boards)))
    pool = ThreadPoolExecutor(max_workers=workers)
    try:
        futures = [pool.submit(collect_board, connector, ctx, board) for board in boards]
        for done, future in enumerate(futures, 1):
            summary.outcomes.append(future.result())
            progress(ctx.source, done, len(boards))
    except BaseException:
        # interrupted: stop starting boards; what was stored stays and a re-run completes it
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    summary.requests = ctx.client.requests
    summary.retries = ctx.client.retries
    return summary


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()
