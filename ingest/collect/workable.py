"""Workable job boards online: one `GET api/v1/widget/accounts/{account}?details=true` per
board, stored as `workable/<date>/<account>.json`.

Why the widget and not the v3 list (`POST api/v3/accounts/{account}/jobs`, token-paged): the
widget returns the whole board with each job's description in one GET (the polite client only
GETs), while public crawlers report that v3 enforces an IP-wide daily quota with Retry-After
waits longer than a crawl (job-hunter-toolkit `internal/services/workable.go`). The widget lists
a job once per location; the parser merges those rows. An unknown account answers 404.

May import: the standard library, `ingest.collect.runner`, `ingest.collect.boards`,
`ingest.collect.board_fetch`.
"""

from __future__ import annotations

from urllib.parse import quote

from ingest.collect.board_fetch import fetch_board_json
from ingest.collect.boards import default_boards
from ingest.collect.runner import Board, BoardFetch, CollectContext, StoredFile

SOURCE = "workable"
DEFAULT_BASE = "https://apply.workable.com"


def widget_url(base: str, account: str) -> str:
    return f"{base}/api/v1/widget/accounts/{quote(account, safe='')}?details=true"


def plan_boards(ctx: CollectContext) -> list[Board]:
    tokens = ctx.boards or default_boards(SOURCE)
    base = ctx.base(DEFAULT_BASE)
    return [Board(name=token, url=widget_url(base, token)) for token in tokens]


def fetch_board(ctx: CollectContext, board: Board) -> BoardFetch:
    response = fetch_board_json(ctx.client, board.url)
    return BoardFetch(main=StoredFile(board.file_name, response))
