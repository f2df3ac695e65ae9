"""Recruitee career sites online: one `GET https://{company}.recruitee.com/api/offers/` per
board (the whole board, descriptions inline), stored as `recruitee/<date>/<company>.json`. A
token holding a dot is a company's own careers domain (`careers.example.com`), fetched as
`https://careers.example.com/api/offers/`.

With `--base-url` (a mirror, a test server) every board is read from
`<base-url>/<token>/api/offers/`: one host serves all boards, each under its token.

May import: the standard library, `ingest.collect.runner`, `ingest.collect.boards`,
`ingest.collect.board_fetch`, `ingest.sources.recruitee`.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from ingest.collect.board_fetch import fetch_board_json
from ingest.collect.boards import default_boards
from ingest.collect.runner import Board, BoardFetch, CollectContext, StoredFile
from ingest.sources.recruitee import careers_host

SOURCE = "recruitee"
_HOST = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*")


def offers_url(base_url: str | None, token: str) -> str:
    """The offers endpoint of a board: on its careers host, or under a mirror's base URL;
    ValueError for a token that names no host."""
    if base_url:
        return f"{base_url.rstrip('/')}/{quote(token, safe='')}/api/offers/"
    host = careers_host(token)
    if not _HOST.fullmatch(host.lower()):
        raise ValueError(f"token {token!r} is neither a subdomain nor a host name")
    return f"https://{host}/api/offers/"


def plan_boards(ctx: CollectContext) -> list[Board]:
    tokens = ctx.boards or default_boards(SOURCE)
    return [_board(ctx.base_url, token) for token in tokens]


def _board(base_url: str | None, token: str) -> Board:
    try:
        return Board(name=token, url=offers_url(base_url, token))
    except ValueError as error:  # fails this board, not the plan
        return Board(name=token, url="", meta={"error": str(error)})


def fetch_board(ctx: CollectContext, board: Board) -> BoardFetch:
    if board.meta.get("error"):
        raise ValueError(board.meta["error"])
    response = fetch_board_json(ctx.client, board.url)
    return BoardFetch(main=StoredFile(board.file_name, response))
