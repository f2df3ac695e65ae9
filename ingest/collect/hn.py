"""Hacker News "Ask HN: Who is hiring?" online: find every monthly thread of user `whoishiring`
since a month (Algolia `search_by_date`, default the last 36 months), then fetch each thread
with Algolia `items/{id}` and store it as `hn/<date>/<thread_id>.json`, the format the HN
parser reads (it takes top-level comments only and skips deleted or dead ones).

The thread list is stored once per day under `hn/<date>/_index/` (not a posting file) and
reused by a re-run that day. A thread already stored in an earlier snapshot and older than
`frozen_after_days` is not fetched again: comments on old threads are closed, and its postings'
last_seen rightly stays where it was. `--board ID` fetches the given thread ids.

May import: the standard library, `ingest.http`, `ingest.collect.runner`.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta

from ingest.collect.runner import Board, BoardFetch, CollectContext, StoredFile
from ingest.http import FetchError, Response

SOURCE = "hn"
DEFAULT_BASE = "https://hn.algolia.com"
DEFAULT_MONTHS = 36
FROZEN_AFTER_DAYS = 60
HITS_PER_PAGE = 100
MAX_LIST_PAGES = 20
WHO_IS_HIRING = re.compile(r"^\s*Ask HN:\s*Who is hiring\?", re.IGNORECASE)


def default_since(today: date, months: int = DEFAULT_MONTHS) -> date:
    """The first day of the month `months` months before `today`'s month."""
    index = today.year * 12 + today.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def parse_month(text: str) -> date:
    """A `YYYY-MM` month as its first day; ValueError naming the problem."""
    try:
        return datetime.strptime(text.strip(), "%Y-%m").date()
    except ValueError:
        raise ValueError(f"--since {text!r}: expected a month as YYYY-MM") from None


def thread_url(base: str, thread_id: str) -> str:
    return f"{base}/api/v1/items/{thread_id}"


def list_url(base: str, since: date, page: int) -> str:
    since_ts = int(datetime(since.year, since.month, since.day, tzinfo=UTC).timestamp())
    return (
        f"{base}/api/v1/search_by_date?tags=story,author_whoishiring&hitsPerPage={HITS_PER_PAGE}"
        f"&numericFilters=created_at_i%3E%3D{since_ts}&page={page}"
    )


def plan_boards(ctx: CollectContext) -> list[Board]:
    base = ctx.base(DEFAULT_BASE)
    if ctx.boards:
        return [Board(name=str(t), url=thread_url(base, str(t))) for t in ctx.boards]
    since = ctx.options.get("since") or default_since(ctx.today)
    threads = hiring_threads(ctx, since)
    frozen_days = int(ctx.options.get("frozen_after_days", FROZEN_AFTER_DAYS))
    frozen_before = ctx.today - timedelta(days=frozen_days)
    boards = []
    for thread_id, created in sorted(threads.items(), key=lambda item: item[1]):
        board = Board(name=thread_id, url=thread_url(base, thread_id))
        if created.date() < frozen_before and stored_before(ctx, board):
            continue
        boards.append(board)
    return boards


def stored_before(ctx: CollectContext, board: Board) -> bool:
    root = ctx.raw_root / SOURCE
    if not root.is_dir():
        return False
    return any(
        (day / board.file_name).exists() or (day / (board.file_name + ".gz")).exists()
        for day in root.iterdir()
        if day.is_dir() and day.name < ctx.today.isoformat()
    )


def hiring_threads(ctx: CollectContext, since: date) -> dict[str, datetime]:
    """thread id -> created_at of every "Who is hiring?" thread since `since`."""
    base = ctx.base(DEFAULT_BASE)
    threads: dict[str, datetime] = {}
    for page in range(MAX_LIST_PAGES):
        body = _list_page(ctx, list_url(base, since, page), f"since-{since:%Y-%m}-p{page}")
        value = json.loads(body)
        hits = value.get("hits") if isinstance(value, dict) else None
        if not isinstance(hits, list):
            raise FetchError(list_url(base, since, page), "thread list without a hits array")
        for hit in hits:
            if not isinstance(hit, dict) or not WHO_IS_HIRING.match(str(hit.get("title") or "")):
                continue
            created = datetime.fromtimestamp(int(hit.get("created_at_i") or 0), UTC)
            if created.date() >= since:
                threads[str(hit["objectID"])] = created
        n_pages = int(value.get("nbPages") or 0)
        if page + 1 >= n_pages or not hits:
            break
    return threads


def _list_page(ctx: CollectContext, url: str, key: str) -> bytes:
    name = f"_index/whoishiring-{key}.json"
    if ctx.stored_today(name):
        return (ctx.today_dir / name).read_bytes()
    response: Response = ctx.client.fetch(url, expect_json=True, conditional=False)
    ctx.store(StoredFile(name, response))
    return response.body


def fetch_board(ctx: CollectContext, board: Board) -> BoardFetch:
    response = ctx.client.fetch(board.url, expect_json=True)
    return BoardFetch(main=StoredFile(board.file_name, response))
