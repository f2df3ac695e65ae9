"""Fetch one public reference file (BLS, ECB, Hiring Lab on GitHub) and keep it in the raw store.

`polite_fetcher` adapts the shared polite client (`ingest.http`) and is what the CLI uses;
`fetch_file` is a small fallback with the essentials: http(s) only, a User-Agent naming
the project and a contact (env `SKILLMARKET_CONTACT`), connect/read timeouts, a streamed
response-size cap, same-host redirects only, and a few retries with exponential backoff and
jitter on 429/5xx/timeouts (honoring a numeric Retry-After). Reference connectors take the
fetch function as a `Fetcher` parameter. `read_reference_file` reads a downloaded file to
import: a regular file of at most `MAX_REFERENCE_BYTES` (`ingest.local_files`), never a FIFO
or a device.

May import: the standard library, httpx, tenacity, `ingest.snapshots`, `ingest.http`,
`ingest.local_files`.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
from tenacity import (
    retry,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
    wait_random,
)

from ingest.http import FetchError as HttpFetchError
from ingest.http import PoliteClient
from ingest.local_files import read_local_file
from ingest.snapshots import store_raw_file

# The largest reference file fetched or imported: BLS's oe.data.0.Current is about 330 MB, a
# DOL LCA disclosure workbook about 250 MB.
MAX_REFERENCE_BYTES = 800 * 1024 * 1024
DEFAULT_MAX_BYTES = 600 * 1024 * 1024
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
MAX_RETRY_AFTER_S = 60.0
MAX_REDIRECTS = 3


class FetchError(RuntimeError):
    """A reference file could not be fetched; the message names the URL and the reason."""


class _Retryable(FetchError):
    """A transient failure (429, 5xx, timeout, connection error) worth another try."""


@dataclass(frozen=True)
class Fetched:
    url: str
    data: bytes
    status: int
    fetched_at: str
    etag: str | None = None
    last_modified: str | None = None
    cached_raw_file: str | None = None  # 304: the raw file (relative) these bytes came from
    remember: Callable[[str], None] | None = None  # told where the bytes were stored


Fetcher = Callable[[str], Fetched]


def user_agent() -> str:
    contact = os.environ.get("SKILLMARKET_CONTACT", "https://github.com/skillmarket/skillmarket")
    return f"skillmarket-reference/0.1 (+{contact})"


def _retry_after_seconds(response: httpx.Response) -> float:
    value = response.headers.get("Retry-After", "")
    try:
        return min(max(float(value), 0.0), MAX_RETRY_AFTER_S)
    except ValueError:
        return 0.0


@retry(
    retry=retry_if_exception_type(_Retryable),
    stop=stop_after_attempt(4),
    wait=wait_exponential(multiplier=0.5, max=8.0) + wait_random(0, 0.5),
    reraise=True,
)
def fetch_file(url: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Fetched:
    """GET `url` with the rules above; raises FetchError naming the URL and the reason."""
    origin = urlsplit(url)
    if origin.scheme not in ("http", "https"):
        raise FetchError(f"{url}: only http(s) URLs are fetched")
    current = url
    with httpx.Client(timeout=DEFAULT_TIMEOUT, headers={"User-Agent": user_agent()}) as client:
        for _ in range(MAX_REDIRECTS + 1):
            try:
                with client.stream("GET", current) as response:
                    if response.is_redirect:
                        target = urljoin(current, response.headers.get("Location", ""))
                        if urlsplit(target).netloc != origin.netloc:
                            raise FetchError(f"{url}: refusing redirect to another host {target}")
                        current = target
                        continue
                    if response.status_code == 429 or response.status_code >= 500:
                        time.sleep(_retry_after_seconds(response) + random.uniform(0, 0.2))
                        raise _Retryable(f"{current}: HTTP {response.status_code}")
                    if response.status_code != 200:
                        raise FetchError(f"{current}: HTTP {response.status_code}")
                    declared = int(response.headers.get("Content-Length") or 0)
                    if declared > max_bytes:
                        raise FetchError(f"{current}: {declared} bytes exceed the {max_bytes} cap")
                    chunks: list[bytes] = []
                    size = 0
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > max_bytes:
                            raise FetchError(f"{current}: response exceeds the {max_bytes} cap")
                        chunks.append(chunk)
                    return Fetched(
                        url=current,
                        data=b"".join(chunks),
                        status=response.status_code,
                        fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
                        etag=response.headers.get("ETag"),
                        last_modified=response.headers.get("Last-Modified"),
                    )
            except (httpx.TimeoutException, httpx.TransportError) as error:
                raise _Retryable(f"{current}: {type(error).__name__}: {error}") from error
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")


def store_fetched(raw_root: Path, source: str, name: str, fetched: Fetched) -> Path:
    """Write a fetched file into today's snapshot of `source` with its manifest entry; an
    unchanged file (HTTP 304) stays where it was stored before."""
    if fetched.cached_raw_file is not None:
        return raw_root / fetched.cached_raw_file
    path = store_raw_file(
        raw_root,
        source,
        datetime.now(UTC).date(),
        name,
        fetched.data,
        fetched_at=fetched.fetched_at,
        url=fetched.url,
        http_status=fetched.status,
        etag=fetched.etag,
        last_modified=fetched.last_modified,
    )
    if fetched.remember is not None:
        fetched.remember(str(path.relative_to(raw_root)))
    return path


def read_reference_file(path: Path) -> bytes:
    """A downloaded reference file's bytes: a regular file within `MAX_REFERENCE_BYTES`;
    `RefusedFile` (a ValueError naming the file and why) otherwise, FileNotFoundError when
    there is nothing at `path`."""
    if not os.path.lexists(path):
        raise FileNotFoundError(f"{path}: no such file")
    return read_local_file(path, max_bytes=MAX_REFERENCE_BYTES)


def store_local_file(
    raw_root: Path, source: str, path: Path, name: str | None = None, data: bytes | None = None
) -> Path:
    """Copy a downloaded file (its `data` when already read and checked) into today's snapshot
    of `source` with its manifest entry."""
    if data is None:
        data = read_reference_file(path)
    return store_raw_file(
        raw_root,
        source,
        datetime.now(UTC).date(),
        name or path.name,
        data,
        fetched_at=datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat(timespec="seconds"),
        url=f"file://{path.resolve()}",
    )


def latest_snapshot_files(raw_root: Path, source: str, suffixes: tuple[str, ...]) -> list[Path]:
    """Files of `source` ending in `suffixes`, the newest snapshot's copy of each file name."""
    base = raw_root / source
    if not base.is_dir():
        return []
    newest: dict[str, Path] = {}
    for snapshot in sorted(p for p in base.iterdir() if p.is_dir()):
        for path in sorted(snapshot.iterdir()):
            if path.is_file() and path.name.lower().endswith(suffixes):
                newest[path.name] = path
    return [newest[name] for name in sorted(newest)]


def polite_fetcher(client: PoliteClient) -> Fetcher:
    """A `Fetcher` going through the shared polite client: robots.txt, per-host rate limit,
    retry budget, size caps, conditional requests (a 304 returns the previously stored file's
    bytes with `cached_raw_file` set, and nothing new is stored)."""

    def fetch(url: str) -> Fetched:
        try:
            response = client.fetch(url)
        except HttpFetchError as error:
            raise FetchError(str(error)) from error
        return Fetched(
            url=response.final_url,
            data=response.body,
            status=response.status,
            fetched_at=response.fetched_at,
            etag=response.etag,
            last_modified=response.last_modified,
            cached_raw_file=response.cached_raw_file,
            remember=lambda rel: client.remember(response, rel),
        )

    return fetch
