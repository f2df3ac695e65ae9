"""Check the registry's boards: one polite request per board (its connector's first page, through
the shared client), parsed by the source's own parser, and a verdict per board.

Verdicts: `ok` (postings listed), `empty` (a valid response without postings; SmartRecruiters
answers an unknown company this way), `gone` (404 or 410), `moved` (redirected to another host,
not followed), `error` (anything else: a server error after retries, robots.txt, an HTML page,
a response that is not this system's). `empty` and `gone` boards are the candidates
`skillmarket boards check --disable-dead` disables; the others need a look.

May import: the standard library, `contract`, `ingest.http`, `ingest.collect` (runner,
board_fetch, connectors), `ingest.sources`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ingest.collect.board_fetch import fetch_board_json
from ingest.collect.runner import CollectContext, Connector, parse_posting_file, whole_file_failure
from ingest.http import FetchError, PoliteClient

DEAD = frozenset({"gone", "empty"})


@dataclass(frozen=True)
class BoardCheck:
    """What one request to a board showed."""

    system: str
    token: str
    verdict: str  # ok | empty | gone | moved | error
    postings: int | None = None  # on the first page
    reason: str = ""

    @property
    def dead(self) -> bool:
        return self.verdict in DEAD


def probe_url(system: str, token: str, client: PoliteClient, base_url: str | None) -> str:
    """The URL a board's collection starts with (its connector's plan for that one token)."""
    connector: Connector = importlib.import_module(f"ingest.collect.{system}")  # type: ignore[assignment]
    ctx = CollectContext(
        source=system,
        client=client,
        raw_root=Path("."),  # planning reads nothing from the raw store
        today=date.today(),
        base_url=base_url,
        boards=[token],
    )
    board = connector.plan_boards(ctx)[0]
    if board.meta.get("error"):
        raise ValueError(board.meta["error"])
    return board.url


def check_board(system: str, token: str, client: PoliteClient, base_url: str | None) -> BoardCheck:
    """One request to one board, and its verdict."""
    try:
        url = probe_url(system, token, client, base_url)
        response = fetch_board_json(client, url, conditional=False)
    except FetchError as error:
        reason = error.reason
        if reason.startswith(("HTTP 404", "HTTP 410")):
            return BoardCheck(system, token, "gone", reason=reason)
        if reason.startswith("board moved"):
            return BoardCheck(system, token, "moved", reason=reason)
        return BoardCheck(system, token, "error", reason=reason)
    except ValueError as error:  # a token its connector cannot make a URL of
        return BoardCheck(system, token, "error", reason=str(error))
    result = parse_posting_file(system, response.body, f"{system}/check/{token}.json", token)
    failure = whole_file_failure(result)
    if failure is not None:
        return BoardCheck(system, token, "error", reason=f"not a {system} board: {failure}")
    postings = result.rows.height + result.quarantine.height
    if postings == 0:
        return BoardCheck(system, token, "empty", 0, "no postings listed")
    return BoardCheck(system, token, "ok", postings)


def check_boards(
    boards: Sequence[tuple[str, str]],
    client: PoliteClient,
    base_url: str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[BoardCheck]:
    """Check (system, token) pairs, at most the client's concurrency at a time (each host at the
    client's rate); results in the order given."""
    report = progress or (lambda stage, done, total: None)
    report("check", 0, len(boards))
    workers = max(1, min(client.policy.max_concurrency, len(boards)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(check_board, s, t, client, base_url) for s, t in boards]
        results = []
        for done, future in enumerate(futures, 1):
            results.append(future.result())
            report("check", done, len(boards))
    return results
