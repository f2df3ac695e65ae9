"""Find a company's job board on its career page: the links to a job-board system the page
holds, as (system, token) pairs the board registry takes.

Looked for, in this order: links and embeds in the page's markup (`a`/`link` href, `iframe`
and `script` src, `form` action, `data-*` URLs), URLs in its schema.org JSON-LD (a JobPosting's
url, an Organization's sameAs, ...), then any URL in inline scripts (embed loaders write the
board URL in JavaScript). Recognized URL forms (the path's first segment is the token unless
said otherwise):

- greenhouse: `boards.greenhouse.io/<token>`, `job-boards.greenhouse.io/<token>`, the embed
  `boards.greenhouse.io/embed/job_board?for=<token>` (also `/embed/job_board/js`,
  `/embed/job_app`), `boards-api.greenhouse.io/v1/boards/<token>`
- lever: `jobs.lever.co/<site>`, `api.lever.co/v0/postings/<site>` (Lever's EU instance,
  `jobs.eu.lever.co`, is not one the Lever connector reads)
- ashby: `jobs.ashbyhq.com/<board>`, `api.ashbyhq.com/posting-api/job-board/<board>`
- workable: `apply.workable.com/<account>`, `apply.workable.com/api/v1/widget/accounts/<account>`
  (and `/api/v3/accounts/`), `<account>.workable.com`
- smartrecruiters: `jobs.smartrecruiters.com/<company>`, `careers.smartrecruiters.com/<company>`,
  `api.smartrecruiters.com/v1/companies/<company>`
- recruitee: `<company>.recruitee.com`

Pure functions of the page (text, or bytes decoded as BeautifulSoup detects); fetching is
the caller's (`skillmarket boards discover`).

May import: the standard library, beautifulsoup4.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

_URL_IN_TEXT = re.compile(r"""(?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^\s"'<>\\`)]*""")
_TOKEN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._ %-]*$")
_LINK_ATTRIBUTES = (("a", "href"), ("link", "href"), ("iframe", "src"), ("script", "src"))
_LINK_ATTRIBUTES += (("form", "action"), ("embed", "src"), ("object", "data"))
# subdomains of a system's own site that are not a company's board
_NOT_A_COMPANY = frozenset(
    {"www", "app", "api", "apply", "jobs", "help", "support", "blog", "docs", "status", "cdn"}
    | {"assets", "static", "careers", "resources", "learn", "developers", "community", "mail"}
)


@dataclass(frozen=True)
class BoardLink:
    """A job board a page points to, and where on the page the link was."""

    system: str
    token: str
    url: str
    found_in: str  # "link", "iframe", "script", "form", "JSON-LD", "inline script", "the URL"


def board_of_url(url: str) -> tuple[str, str] | None:
    """The (system, token) a URL points to, or None when it is no board URL of a known form."""
    parts = urlsplit(url if "//" in url else f"//{url}")
    host = (parts.hostname or "").lower().rstrip(".")
    segments = [unquote(s) for s in parts.path.split("/") if s]
    found = _board(host, segments, parse_qs(parts.query))
    if found is None or not _TOKEN.match(found[1]):
        return None
    return found


def _board(host: str, path: list[str], query: dict[str, list[str]]) -> tuple[str, str] | None:
    first = path[0] if path else ""
    if host in ("boards.greenhouse.io", "job-boards.greenhouse.io"):
        if first == "embed":
            return ("greenhouse", query["for"][0]) if query.get("for") else None
        return ("greenhouse", first) if first else None
    if host == "boards-api.greenhouse.io":
        return _after(path, ["v1", "boards"], "greenhouse")
    if host == "jobs.lever.co":
        return ("lever", first) if first else None
    if host == "api.lever.co":
        return _after(path, ["v0", "postings"], "lever")
    if host == "jobs.ashbyhq.com":
        return ("ashby", first) if first else None
    if host == "api.ashbyhq.com":
        return _after(path, ["posting-api", "job-board"], "ashby")
    if host == "apply.workable.com":
        if first == "api":
            return _after(path, ["api", "v1", "widget", "accounts"], "workable") or _after(
                path, ["api", "v3", "accounts"], "workable"
            )
        return ("workable", first) if first and first != "j" else None
    if host in ("jobs.smartrecruiters.com", "careers.smartrecruiters.com"):
        return ("smartrecruiters", first) if first else None
    if host == "api.smartrecruiters.com":
        return _after(path, ["v1", "companies"], "smartrecruiters")
    for system, suffix in (("workable", ".workable.com"), ("recruitee", ".recruitee.com")):
        company = host.removesuffix(suffix)
        if company != host and "." not in company and company not in _NOT_A_COMPANY:
            return system, company
    return None


def _after(path: list[str], prefix: list[str], system: str) -> tuple[str, str] | None:
    n = len(prefix)
    if path[:n] == prefix and len(path) > n:
        return system, path[n]
    return None


def board_links(page: str | bytes, page_url: str) -> list[BoardLink]:
    """The boards a career page links to, each once, in the order found (the page URL itself
    first, when it is a board URL)."""
    found: dict[tuple[str, str], BoardLink] = {}
    for url, where in _candidate_urls(page, page_url):
        board = board_of_url(url)
        if board is not None and (board[0], board[1].casefold()) not in found:
            found[(board[0], board[1].casefold())] = BoardLink(*board, url=url, found_in=where)
    return list(found.values())


def _candidate_urls(page: str | bytes, page_url: str) -> Iterator[tuple[str, str]]:
    yield page_url, "the URL"
    soup = BeautifulSoup(page, "html.parser")
    for tag_name, attribute in _LINK_ATTRIBUTES:
        for tag in soup.find_all(tag_name):
            value = tag.get(attribute)
            if isinstance(value, str) and value.strip():
                yield urljoin(page_url, value.strip()), tag_name if tag_name != "a" else "link"
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if name.startswith("data-") and isinstance(value, str) and "//" in value:
                yield urljoin(page_url, value.strip()), "link"
    scripts = soup.find_all("script")
    for script in scripts:
        if (script.get("type") or "").strip().lower() == "application/ld+json":
            for value in _json_strings(script.string or ""):
                if "//" in value or "." in value:
                    yield value, "JSON-LD"
    for script in scripts:
        text = (script.string or "").replace("\\/", "/")
        for match in _URL_IN_TEXT.finditer(text):
            yield urljoin(page_url, match.group(0)), "inline script"


def _json_strings(text: str) -> Iterator[str]:
    try:
        value: Any = json.loads(text)
    except (json.JSONDecodeError, ValueError):
        return
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item.strip()
        elif isinstance(item, dict):
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))
