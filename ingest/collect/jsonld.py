"""Career pages with JSON-LD JobPosting online: pages from a list of URLs (`--url`) or from
sitemaps (`--sitemap`: a urlset, or a sitemapindex followed up to three levels), each page stored
as `jsonld/<date>/<host+path URL-quoted>.html`. The JSON-LD parser finds every JobPosting in a
page (object, list or @graph). Sitemaps are kept under `jsonld/<date>/_sitemaps/` (not posting
files) and reused by a re-run the same day.

With `--base-url`, every page and sitemap URL is fetched from that scheme and host (path
unchanged), while the page keeps the name of its original URL so its postings keep their ids.

May import: the standard library, `ingest.http`, `ingest.collect.runner`.
"""

from __future__ import annotations

import zlib
from urllib.parse import urlsplit, urlunsplit
from xml.etree import ElementTree

from ingest.collect.runner import Board, BoardFetch, CollectContext, StoredFile, board_file_stem
from ingest.http import HTML_TYPES, XML_TYPES, FetchError

SOURCE = "jsonld"
MAX_PAGES = 500
MAX_SITEMAP_DEPTH = 3
MAX_SITEMAP_BYTES = 64 * 1024 * 1024


def page_name(url: str) -> str:
    """The board name of a page: host and path (and query), without the scheme."""
    parts = urlsplit(url)
    name = (parts.hostname or "") + (parts.path.rstrip("/") or "")
    return f"{name}?{parts.query}" if parts.query else name


def rebased(url: str, base: str | None) -> str:
    """`url` with the scheme and host of `base` (path and query unchanged)."""
    if not base:
        return url
    target = urlsplit(base)
    parts = urlsplit(url)
    return urlunsplit((target.scheme, target.netloc, parts.path, parts.query, ""))


def plan_boards(ctx: CollectContext) -> list[Board]:
    urls = list(ctx.boards)
    for sitemap in ctx.options.get("sitemaps") or []:
        urls.extend(sitemap_pages(ctx, sitemap, depth=0))
    if not urls:
        raise ValueError("jsonld needs page URLs (--url) or a sitemap (--sitemap)")
    limit = int(ctx.options.get("max_pages", MAX_PAGES))
    boards: dict[str, Board] = {}
    for url in urls:
        name = page_name(url)
        if name and name not in boards:
            boards[name] = Board(name=name, url=rebased(url, ctx.base_url), suffix=".html")
    return list(boards.values())[:limit]


def sitemap_pages(ctx: CollectContext, url: str, depth: int) -> list[str]:
    """Page URLs listed by a sitemap (following a sitemap index)."""
    if depth > MAX_SITEMAP_DEPTH:
        raise ValueError(f"{url}: sitemaps nested deeper than {MAX_SITEMAP_DEPTH} levels")
    body = _sitemap_body(ctx, url)
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as error:
        raise FetchError(url, f"invalid sitemap XML: {error}") from None
    locs = [
        (element.text or "").strip()
        for element in root.iter()
        if element.tag.rsplit("}", 1)[-1] == "loc" and (element.text or "").strip()
    ]
    if root.tag.rsplit("}", 1)[-1] == "sitemapindex":
        pages: list[str] = []
        for nested in locs:
            pages.extend(sitemap_pages(ctx, nested, depth + 1))
        return pages
    return locs


def _sitemap_body(ctx: CollectContext, url: str) -> bytes:
    stem = board_file_stem(page_name(url))
    name = f"_sitemaps/{stem if stem.endswith('.xml') else stem + '.xml'}"
    if ctx.stored_today(name):
        return (ctx.today_dir / name).read_bytes()
    response = ctx.client.fetch(
        rebased(url, ctx.base_url), accept=(*XML_TYPES, "gzip"), conditional=False
    )
    body = response.body
    if body.startswith(b"\x1f\x8b"):  # a .xml.gz sitemap served as a file
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        body = inflater.decompress(body, MAX_SITEMAP_BYTES + 1)
        if len(body) > MAX_SITEMAP_BYTES:
            raise FetchError(url, f"sitemap exceeds {MAX_SITEMAP_BYTES:,} bytes uncompressed")
    ctx.store(StoredFile(name, response))
    return body


def fetch_board(ctx: CollectContext, board: Board) -> BoardFetch:
    response = ctx.client.fetch(board.url, accept=HTML_TYPES)
    return BoardFetch(main=StoredFile(board.file_name, response))
