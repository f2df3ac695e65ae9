"""Greenhouse job boards online: the board list `v1/boards/{token}/jobs?content=true`, stored as
`greenhouse/<date>/<token>.json`, plus the per-job pay-transparency detail
`v1/boards/{token}/jobs/{id}?pay_transparency=true` for every job that is new or changed since
the board's previous snapshot. A detail that carries `pay_input_ranges` is stored as
`greenhouse/<date>/<token>/<job_id>.json`, where the build's `greenhouse.parse_pay_detail`
reads it; a job without a detail (404) or without ranges publishes no structured pay. Details
are stored as they arrive, so a re-run after a failure fetches only the missing ones.

May import: the standard library, `ingest.http`, `ingest.collect.runner`,
`ingest.collect.boards`, `ingest.sources.greenhouse`.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from ingest.collect.boards import default_boards
from ingest.collect.runner import (
    Board,
    BoardFetch,
    CollectContext,
    StoredFile,
    board_file_stem,
    parse_posting_file,
    posting_hashes,
)
from ingest.http import FetchError

SOURCE = "greenhouse"
DEFAULT_BASE = "https://boards-api.greenhouse.io"


def list_url(base: str, token: str) -> str:
    return f"{base}/v1/boards/{quote(token, safe='')}/jobs?content=true"


def detail_url(base: str, token: str, job_id: str) -> str:
    job = quote(job_id, safe="")
    return f"{base}/v1/boards/{quote(token, safe='')}/jobs/{job}?pay_transparency=true"


def plan_boards(ctx: CollectContext) -> list[Board]:
    tokens = ctx.boards or default_boards(SOURCE)
    base = ctx.base(DEFAULT_BASE)
    return [Board(name=token, url=list_url(base, token)) for token in tokens]


def fetch_board(ctx: CollectContext, board: Board) -> BoardFetch:
    response = ctx.client.fetch(board.url, expect_json=True)
    main = StoredFile(board.file_name, response)
    if response.not_modified or not ctx.options.get("greenhouse_pay_detail", True):
        return BoardFetch(main=main)
    rel = f"{SOURCE}/{ctx.today.isoformat()}/{board.file_name}"
    current = posting_hashes(parse_posting_file(SOURCE, response.body, rel, board.name))
    previous = ctx.previous_postings(board)
    changed = [pid for pid, digest in current.items() if previous.get(pid) != digest]
    base = ctx.base(DEFAULT_BASE)
    stem = board_file_stem(board.name)
    for job_id in changed:
        name = f"{stem}/{board_file_stem(job_id)}.json"
        if ctx.stored_today(name):
            continue
        url = detail_url(base, board.name, job_id)
        try:
            detail = ctx.client.fetch(url, expect_json=True, conditional=False)
        except FetchError as error:
            if error.reason == "HTTP 404":  # the job closed since the list was fetched
                continue
            raise FetchError(url, f"pay detail of job {job_id}: {error.reason}") from None
        if has_pay_ranges(detail.body):
            ctx.store(StoredFile(name, detail))
    return BoardFetch(main=main)


def has_pay_ranges(body: bytes) -> bool:
    """True when a detail response lists at least one pay range."""
    value = json.loads(body)
    return isinstance(value, dict) and bool(value.get("pay_input_ranges"))
