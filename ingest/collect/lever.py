"""Lever postings online: `v0/postings/{site}?mode=json&skip=N&limit=100`, page after page
until a short page, stored as one JSON array `lever/<date>/<site>.json` (the format the Lever
parser reads). A posting repeated across pages (the list shifted while paging) is kept once.
Paged responses are fetched unconditionally: one page's 304 says nothing about the others.

May import: the standard library, `ingest.http`, `ingest.collect.runner`,
`ingest.collect.boards`.
"""

from __future__ import annotations

import json
from dataclasses import replace
from urllib.parse import quote

from ingest.collect.boards import default_boards
from ingest.collect.runner import Board, BoardFetch, CollectContext, StoredFile
from ingest.http import FetchError

SOURCE = "lever"
DEFAULT_BASE = "https://api.lever.co"
PAGE_SIZE = 100
MAX_PAGES = 200


def page_url(base: str, site: str, skip: int, limit: int) -> str:
    return f"{base}/v0/postings/{quote(site, safe='')}?mode=json&skip={skip}&limit={limit}"


def plan_boards(ctx: CollectContext) -> list[Board]:
    tokens = ctx.boards or default_boards(SOURCE)
    base = ctx.base(DEFAULT_BASE)
    limit = int(ctx.options.get("lever_page_size", PAGE_SIZE))
    return [Board(name=token, url=page_url(base, token, 0, limit)) for token in tokens]


def fetch_board(ctx: CollectContext, board: Board) -> BoardFetch:
    base = ctx.base(DEFAULT_BASE)
    limit = int(ctx.options.get("lever_page_size", PAGE_SIZE))
    postings: list[dict] = []
    seen: set[str] = set()
    first = None
    for page in range(MAX_PAGES):
        url = page_url(base, board.name, page * limit, limit)
        response = ctx.client.fetch(url, expect_json=True, conditional=False)
        first = first or response
        items = json.loads(response.body)
        if not isinstance(items, list):
            raise FetchError(url, f"expected a JSON array of postings, got {type(items).__name__}")
        for item in items:
            key = str(item.get("id")) if isinstance(item, dict) and item.get("id") else None
            if key is not None and key in seen:
                continue
            if key is not None:
                seen.add(key)
            postings.append(item)
        if len(items) < limit:
            break
    else:
        raise FetchError(board.url, f"more than {MAX_PAGES} pages; stopped")
    assert first is not None
    body = json.dumps(postings, ensure_ascii=False, indent=1).encode("utf-8")
    combined = replace(first, body=body, etag=None, last_modified=None)
    return BoardFetch(main=StoredFile(board.file_name, combined))
