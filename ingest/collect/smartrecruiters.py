"""SmartRecruiters job boards online: the Posting API list
`v1/companies/{company}/postings?limit=100&offset=N`, page after page, plus the posting detail
`.../postings/{id}` (description, public URL, pay) of every posting that is new or changed since
the board's previous snapshot; stored as one file `smartrecruiters/<date>/<company>.json`:
`{"offset", "limit", "totalFound", "content": [...]}` with each item's detail response under
`detail` (the format `ingest.sources.smartrecruiters` reads).

Paging: `offset` advances by the number of items a page returned (the server clamps `limit`),
until an empty page, `totalFound` reached, or a page that repeats the previous one; at most
`MAX_PAGES` pages. A posting repeated on a later page (the list shifted while paging) is kept
once and the summary says so; ids repeated within one page are left for the parser to
quarantine.

Details: an unchanged posting (same list item as in the previous snapshot) keeps the detail
stored then; the others are fetched (option `smartrecruiters_detail`, default on). A detail
that answers 404 (the posting closed meanwhile) or fails otherwise leaves its posting without
description or pay, and the summary counts it; the next run fetches it again. SmartRecruiters
answers an unknown company with 200 and no postings: the summary calls that an empty board.

May import: the standard library, `ingest.http`, `ingest.collect.runner`,
`ingest.collect.boards`, `ingest.collect.board_fetch`, `ingest.sources`.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any
from urllib.parse import quote

from ingest.collect.board_fetch import fetch_board_json
from ingest.collect.boards import default_boards
from ingest.collect.runner import (
    Board,
    BoardFetch,
    CollectContext,
    StoredFile,
    previous_board_file,
)
from ingest.http import FetchError, Response
from ingest.sources.common import RecordError, json_document
from ingest.sources.smartrecruiters import DETAIL_KEY

SOURCE = "smartrecruiters"
DEFAULT_BASE = "https://api.smartrecruiters.com"
PAGE_SIZE = 100  # the API's maximum
MAX_PAGES = 500


def list_url(base: str, company: str, offset: int, limit: int) -> str:
    return f"{base}/v1/companies/{quote(company, safe='')}/postings?limit={limit}&offset={offset}"


def detail_url(base: str, company: str, posting_id: str) -> str:
    return f"{base}/v1/companies/{quote(company, safe='')}/postings/{quote(posting_id, safe='')}"


def plan_boards(ctx: CollectContext) -> list[Board]:
    tokens = ctx.boards or default_boards(SOURCE)
    base = ctx.base(DEFAULT_BASE)
    limit = _page_size(ctx)
    return [Board(name=token, url=list_url(base, token, 0, limit)) for token in tokens]


def fetch_board(ctx: CollectContext, board: Board) -> BoardFetch:
    first, items, total, notes = _listed(ctx, board)
    if ctx.options.get("smartrecruiters_detail", True):
        notes.extend(_add_details(ctx, board, items))
    document = {"offset": 0, "limit": _page_size(ctx), "totalFound": total, "content": items}
    body = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
    combined = replace(first, body=body, etag=None, last_modified=None)
    return BoardFetch(main=StoredFile(board.file_name, combined), notes=notes)


def _page_size(ctx: CollectContext) -> int:
    return int(ctx.options.get("smartrecruiters_page_size", PAGE_SIZE))


def _listed(ctx: CollectContext, board: Board) -> tuple[Response, list[Any], int | None, list[str]]:
    """Every page's items in order (repeats across pages dropped), the first response, the
    board's totalFound and notes."""
    base, limit = ctx.base(DEFAULT_BASE), _page_size(ctx)
    items: list[Any] = []
    seen: set[str] = set()
    repeated, offset = 0, 0
    total: int | None = None
    first: Response | None = None
    previous_page: list[Any] | None = None
    for _ in range(MAX_PAGES):
        url = list_url(base, board.name, offset, limit)
        response = fetch_board_json(ctx.client, url, conditional=False)
        first = first or response
        page = json.loads(response.body)
        content = page.get("content") if isinstance(page, dict) else None
        if not isinstance(content, list):
            raise FetchError(url, "not a SmartRecruiters postings page (no 'content' list)")
        if isinstance(page.get("totalFound"), int):
            total = page["totalFound"]
        if not content or content == previous_page:
            break
        on_page: set[str] = set()
        for item in content:
            key = _item_id(item)
            if key is not None and key in seen:
                repeated += 1
                continue
            if key is not None:
                on_page.add(key)
            items.append(item)
        seen |= on_page
        offset += len(content)
        previous_page = content
        if total is not None and offset >= total:
            break
    else:
        raise FetchError(board.url, f"more than {MAX_PAGES} pages; stopped")
    assert first is not None
    notes = []
    if repeated:
        notes.append(f"{repeated} posting(s) repeated on a later page (list shifted): kept once")
    return first, items, total, notes


def _item_id(item: Any) -> str | None:
    value = item.get("id") if isinstance(item, dict) else None
    return str(value) if isinstance(value, str | int) and not isinstance(value, bool) else None


def _add_details(ctx: CollectContext, board: Board, items: list[Any]) -> list[str]:
    """Attach each item's detail: kept from the previous snapshot when the item is unchanged,
    else fetched. Returns notes on details that could not be had."""
    kept = _previous_details(ctx, board)
    base = ctx.base(DEFAULT_BASE)
    missing: list[str] = []
    reasons: list[str] = []
    fetched: dict[str, Any] = {}  # an id the board repeats is fetched once
    for item in items:
        key = _item_id(item)
        if key is None or key in missing:
            continue
        before = kept.get(key)
        if before is not None and before[0] == item:
            item[DETAIL_KEY] = before[1]
            continue
        if key not in fetched:
            url = detail_url(base, board.name, key)
            try:
                fetched[key] = json.loads(fetch_board_json(ctx.client, url, conditional=False).body)
            except FetchError as error:
                missing.append(key)
                reasons.append(f"{key} ({error.reason})")
                continue
        item[DETAIL_KEY] = fetched[key]
    if not missing:
        return []
    shown = ", ".join(reasons[:3]) + (" …" if len(reasons) > 3 else "")
    return [
        f"{len(missing)} posting detail(s) not fetched, stored without description or pay "
        f"(the next run tries again): {shown}"
    ]


def _previous_details(ctx: CollectContext, board: Board) -> dict[str, tuple[Any, Any]]:
    """id -> (list item, detail) of the board's previous snapshot, for items with a detail."""
    found = previous_board_file(ctx.raw_root, SOURCE, board, ctx.today)
    if found is None:
        return {}
    try:
        document = json_document(found.read_bytes())
    except RecordError:
        return {}
    content = document.get("content") if isinstance(document, dict) else None
    kept: dict[str, tuple[Any, Any]] = {}
    for item in content if isinstance(content, list) else []:
        key = _item_id(item)
        if key is None or not isinstance(item.get(DETAIL_KEY), dict):
            continue
        listed = {name: value for name, value in item.items() if name != DETAIL_KEY}
        kept[key] = (listed, item[DETAIL_KEY])
    return kept
