"""Ashby job boards online: one `posting-api/job-board/{board}?includeCompensation=true` request
per board, stored as `ashby/<date>/<board>.json`.

May import: the standard library, `ingest.collect.runner`, `ingest.collect.boards`.
"""

from __future__ import annotations

from urllib.parse import quote

from ingest.collect.boards import default_boards
from ingest.collect.runner import Board, BoardFetch, CollectContext, StoredFile

SOURCE = "ashby"
DEFAULT_BASE = "https://api.ashbyhq.com"


def board_url(base: str, board: str) -> str:
    return f"{base}/posting-api/job-board/{quote(board, safe='')}?includeCompensation=true"


def plan_boards(ctx: CollectContext) -> list[Board]:
    tokens = ctx.boards or default_boards(SOURCE)
    base = ctx.base(DEFAULT_BASE)
    return [Board(name=token, url=board_url(base, token)) for token in tokens]


def fetch_board(ctx: CollectContext, board: Board) -> BoardFetch:
    response = ctx.client.fetch(board.url, expect_json=True)
    return BoardFetch(main=StoredFile(board.file_name, response))
