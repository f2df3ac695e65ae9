"""The shared polite HTTP client every online connector fetches through.

What it guarantees, per request:
- a User-Agent naming the project and a contact (`skillmarket/<version> (+<contact>)`; the
  contact comes from the `SKILLMARKET_CONTACT` environment variable or the caller);
- http(s) only; loopback, private and link-local hosts refused unless explicitly allowed (an
  explicit `--base-url` may point at a local mirror);
- robots.txt honored (protego): fetched once per origin and cached; a disallowed URL is not
  fetched and raises `FetchError`. Redirects of robots.txt are followed, up to five, to any
  host every fetch may reach (RFC 9309 2.3.1.2), and the file found applies to the origin
  asked about. A missing robots.txt (4xx) allows everything; an unreachable one (5xx, network
  errors after retries, a refused or sixth redirect) disallows everything (RFC 9309);
- at most one request per `min_interval_s` per host, and at most `max_concurrency` requests in
  flight across hosts;
- Retry-After honored on 429 and 503 (seconds or an HTTP date, capped at `retry_after_cap_s`);
  exponential backoff with jitter (tenacity) on 429, 5xx, timeouts and connection errors, at
  most `max_attempts` per request and `retry_budget` retries per client (one run);
- conditional requests: the ETag / Last-Modified of every stored response is remembered per URL
  in `<raw_root>/_http_cache.json` with the raw file it was stored as; a 304 returns that file's
  bytes with `not_modified=True`;
- connect/read timeouts, and a total deadline per request (`total_timeout_s`, headers to last
  byte): httpx's timeouts are per read, so a server dripping a byte every 100 ms would never
  trip them. Connections are not kept alive, so each request's socket is its own, and a timer
  shuts that socket down at the deadline (interrupting a read in progress); the request then
  fails without retries;
- the body is streamed and abandoned once it passes `max_body_bytes`, and
  a gzip/deflate body is decompressed incrementally and abandoned past
  `max_decompressed_bytes` (a gzip bomb costs at most the cap);
- redirects followed by hand, only to the same host unless the call allows other hosts;
- for JSON endpoints: the content type must be JSON and the body must parse.

Every failure is a `FetchError` naming the URL and the reason; callers turn it into an error
for one board and carry on.

May import: the standard library, httpx, protego, tenacity, `ingest.http_exchange` (the error,
the body decoder, the deadline), `ingest.snapshots` (the decompressed-size cap a raw file is
held to).
"""

from __future__ import annotations

import ipaddress
import json
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from importlib import metadata
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
    wait_random,
)

from ingest.http_exchange import Deadline, Decoder, FetchError
from ingest.snapshots import MAX_DECOMPRESSED_BYTES

__all__ = ["FetchError", "HttpPolicy", "PoliteClient", "Response", "check_url"]

CACHE_FILE = "_http_cache.json"
CONTACT_ENV = "SKILLMARKET_CONTACT"
NO_CONTACT = "contact not configured; set SKILLMARKET_CONTACT"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_AFTER_STATUSES = frozenset({429, 503})
ROBOTS_REDIRECTS = 5  # RFC 9309 2.3.1.2: follow at least five consecutive redirects
JSON_TYPES = ("application/json", "+json", "text/json", "text/javascript")
HTML_TYPES = ("text/html", "application/xhtml+xml")
XML_TYPES = ("xml",)


class _Transient(Exception):
    """A failure worth retrying (429, 5xx, timeout, connection error)."""

    def __init__(self, reason: str, retry_after_s: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after_s = retry_after_s


def package_version() -> str:
    try:
        return metadata.version("skillmarket")
    except metadata.PackageNotFoundError:
        return "0"


@dataclass(frozen=True)
class HttpPolicy:
    """How politely and defensively to fetch. Tests shrink the intervals and waits."""

    contact: str = field(default_factory=lambda: os.environ.get(CONTACT_ENV) or NO_CONTACT)
    min_interval_s: float = 1.0  # per host
    max_concurrency: int = 4
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 30.0
    total_timeout_s: float = 120.0  # one request, from sending it to its last byte
    max_body_bytes: int = 64 * 1024 * 1024
    max_decompressed_bytes: int = MAX_DECOMPRESSED_BYTES
    max_attempts: int = 5
    retry_budget: int = 50
    backoff_initial_s: float = 1.0
    backoff_max_s: float = 60.0
    retry_after_cap_s: float = 120.0
    max_redirects: int = 5
    allow_private_hosts: bool = False

    @property
    def user_agent(self) -> str:
        return f"skillmarket/{package_version()} (+{self.contact})"


@dataclass(frozen=True)
class Response:
    """A usable response: the decoded body and what the raw store's manifest needs."""

    url: str
    final_url: str
    status: int
    body: bytes
    content_type: str
    fetched_at: str
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False  # 304: body is the previously stored raw file
    cached_raw_file: str | None = None  # that file, relative to the raw root


def check_url(url: str, allow_private_hosts: bool = False) -> str:
    """The URL's host after checking its scheme and host; FetchError when refused."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(url, f"scheme {parts.scheme or '(none)'!r} refused: only http(s)")
    host = (parts.hostname or "").lower()
    if not host:
        raise FetchError(url, "no host in URL")
    if not allow_private_hosts and is_private_host(host):
        raise FetchError(url, f"host {host} is loopback/private; only an explicit base URL may be")
    return host


def is_private_host(host: str) -> bool:
    """True for localhost names and loopback, private, link-local or reserved IP literals."""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_reserved
        or address.is_unspecified
        or address.is_multicast
    )


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class HostRateLimiter:
    """At most one request per `interval_s` per host; callers sleep outside the lock."""

    def __init__(
        self, interval_s: float, clock: Callable[[], float], sleep: Callable[[float], None]
    ) -> None:
        self._interval = interval_s
        self._clock = clock
        self._sleep = sleep
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, host: str) -> None:
        with self._lock:
            now = self._clock()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + self._interval
        if start > now:
            self._sleep(start - now)


class ConditionalCache:
    """ETag / Last-Modified per URL, with the raw file the response was stored as."""

    def __init__(self, raw_root: Path) -> None:
        self.raw_root = raw_root
        self.path = raw_root / CACHE_FILE
        self._lock = threading.Lock()
        self._entries: dict[str, dict[str, str | None]] = {}
        if self.path.exists():
            try:
                self._entries = json.loads(self.path.read_text())
            except (OSError, json.JSONDecodeError):
                self._entries = {}  # a broken cache only costs unconditional requests

    def entry(self, url: str) -> dict[str, str | None] | None:
        """The remembered validators of `url`, when its stored raw file still exists."""
        with self._lock:
            found = self._entries.get(url)
        if not found or not found.get("raw_file"):
            return None
        if not (self.raw_root / str(found["raw_file"])).exists():
            return None
        return found

    def remember(
        self, url: str, etag: str | None, last_modified: str | None, raw_file: str
    ) -> None:
        """Remember a stored response's validators (nothing to remember without them)."""
        if not etag and not last_modified:
            return
        with self._lock:
            self._entries[url] = {
                "etag": etag,
                "last_modified": last_modified,
                "raw_file": raw_file,
            }
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".json.tmp")
            tmp.write_text(json.dumps(self._entries, indent=1, sort_keys=True))
            tmp.replace(self.path)


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


class PoliteClient:
    """One run's HTTP client: shared rate limits, robots cache, retry budget and counters."""

    def __init__(
        self,
        policy: HttpPolicy | None = None,
        raw_root: Path | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.policy = policy or HttpPolicy()
        self.cache = ConditionalCache(raw_root) if raw_root is not None else None
        self._sleep = sleep
        self._limiter = HostRateLimiter(self.policy.min_interval_s, clock, sleep)
        self._slots = threading.BoundedSemaphore(self.policy.max_concurrency)
        self._robots: dict[str, Protego | None] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()
        self._retries_left = self.policy.retry_budget
        self.requests = 0
        self.retries = 0
        self._http = httpx.Client(
            follow_redirects=False,
            # one connection per request: its socket is what the deadline timer shuts down
            limits=httpx.Limits(max_keepalive_connections=0),
            timeout=httpx.Timeout(
                self.policy.read_timeout_s,
                connect=self.policy.connect_timeout_s,
            ),
            headers={
                "User-Agent": self.policy.user_agent,
                "Accept-Encoding": "gzip, deflate",
            },
            transport=transport,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ public API

    def fetch(
        self,
        url: str,
        *,
        accept: Iterable[str] | None = None,
        expect_json: bool = False,
        conditional: bool = True,
        redirect_hosts: Iterable[str] = (),
        ok_statuses: Iterable[int] = (200,),
    ) -> Response:
        """GET `url` politely. `accept`: substrings one of which the media type must contain
        (JSON endpoints pass `expect_json=True`, which also checks that the body parses).
        `redirect_hosts`: other hosts a redirect may lead to. Raises FetchError."""
        if expect_json and accept is None:
            accept = JSON_TYPES
        allowed_hosts = {h.lower() for h in redirect_hosts}
        current = url
        origin_host = check_url(url, self.policy.allow_private_hosts)
        entry = self.cache.entry(url) if (conditional and self.cache) else None
        headers: dict[str, str] = {}
        if entry:
            if entry.get("etag"):
                headers["If-None-Match"] = str(entry["etag"])
            if entry.get("last_modified"):
                headers["If-Modified-Since"] = str(entry["last_modified"])
        for _ in range(self.policy.max_redirects + 1):
            host = check_url(current, self.policy.allow_private_hosts)
            if host != origin_host and host not in allowed_hosts:
                raise FetchError(url, f"redirect to another host ({host}) refused")
            self._check_robots(current)
            status, body, resp_headers = self._with_retries(current, headers)
            if status in REDIRECT_STATUSES:
                location = resp_headers.get("location")
                if not location:
                    raise FetchError(current, f"HTTP {status} without a Location header")
                current = urljoin(current, location)
                continue
            fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
            if status == 304:
                if not entry or self.cache is None:
                    raise FetchError(url, "HTTP 304 to an unconditional request")
                raw_file = str(entry["raw_file"])
                return Response(
                    url=url,
                    final_url=current,
                    status=304,
                    body=(self.cache.raw_root / raw_file).read_bytes(),
                    content_type="",
                    fetched_at=fetched_at,
                    etag=entry.get("etag"),
                    last_modified=entry.get("last_modified"),
                    not_modified=True,
                    cached_raw_file=raw_file,
                )
            if status not in set(ok_statuses):
                raise FetchError(current, f"HTTP {status}")
            content_type = resp_headers.get("content-type", "")
            if accept is not None:
                media = _media_type(content_type)
                if not any(kind in media for kind in accept):
                    raise FetchError(current, f"unexpected content type {media or '(none)'!r}")
            if expect_json:
                _check_json(current, body)
            return Response(
                url=url,
                final_url=current,
                status=status,
                body=body,
                content_type=content_type,
                fetched_at=fetched_at,
                etag=resp_headers.get("etag"),
                last_modified=resp_headers.get("last-modified"),
            )
        raise FetchError(url, f"more than {self.policy.max_redirects} redirects")

    def remember(self, response: Response, raw_file: str) -> None:
        """Record that `response` was stored as `raw_file`, for later conditional requests."""
        if self.cache is not None:
            self.cache.remember(response.url, response.etag, response.last_modified, raw_file)

    # ------------------------------------------------------------------ robots.txt

    def _check_robots(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.path == "/robots.txt":
            return
        origin = f"{parts.scheme}://{parts.netloc}"
        rules = self._robots_for(origin)
        if rules is None:
            raise FetchError(url, "robots.txt could not be fetched; not crawling this host")
        if not rules.can_fetch(url, "skillmarket"):
            raise FetchError(url, "disallowed by robots.txt")

    def _robots_for(self, origin: str) -> Protego | None:
        with self._lock:
            if origin in self._robots:
                return self._robots[origin]
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:
            with self._lock:
                if origin in self._robots:
                    return self._robots[origin]
            rules = self._fetch_robots(origin)
            with self._lock:
                self._robots[origin] = rules
            return rules

    def _fetch_robots(self, origin: str) -> Protego | None:
        """The rules for `origin`, or None when its robots.txt is unreachable."""
        url = f"{origin}/robots.txt"
        for _ in range(ROBOTS_REDIRECTS + 1):
            try:
                check_url(url, self.policy.allow_private_hosts)
                status, body, headers = self._with_retries(url, {})
            except FetchError:
                return None
            if status in REDIRECT_STATUSES:
                location = headers.get("location")
                if not location:
                    return None
                url = urljoin(url, location)
                continue
            if 200 <= status < 300:
                return Protego.parse(body.decode("utf-8", errors="replace"))
            if 400 <= status < 500:
                return Protego.parse("")  # no robots.txt: everything allowed
            return None
        return None  # a sixth redirect: treated as unreachable

    # ------------------------------------------------------------------ one exchange

    def _with_retries(self, url: str, headers: dict[str, str]) -> tuple[int, bytes, httpx.Headers]:
        policy = self.policy
        exponential = wait_exponential(
            multiplier=policy.backoff_initial_s, max=policy.backoff_max_s
        ) + wait_random(0, policy.backoff_initial_s)

        def wait(state: RetryCallState) -> float:
            error = state.outcome.exception() if state.outcome else None
            if isinstance(error, _Transient) and error.retry_after_s is not None:
                return min(error.retry_after_s, policy.retry_after_cap_s)
            return exponential(state)

        def spend_budget(state: RetryCallState) -> None:
            with self._lock:
                if self._retries_left <= 0:
                    error = state.outcome.exception() if state.outcome else None
                    raise FetchError(url, f"retry budget of this run exhausted ({error})")
                self._retries_left -= 1
                self.retries += 1

        retrying = Retrying(
            stop=stop_after_attempt(policy.max_attempts),
            wait=wait,
            retry=retry_if_exception_type(_Transient),
            sleep=self._sleep,
            before_sleep=spend_budget,
            reraise=True,
        )
        try:
            return retrying(self._exchange, url, headers)
        except _Transient as error:
            attempts = policy.max_attempts
            raise FetchError(url, f"{error.reason} (after {attempts} attempts)") from None

    def _exchange(self, url: str, headers: dict[str, str]) -> tuple[int, bytes, httpx.Headers]:
        host = urlsplit(url).hostname or ""
        self._limiter.wait(host)
        with self._slots:
            with self._lock:
                self.requests += 1
            deadline = Deadline(self.policy.total_timeout_s)
            try:
                with (
                    deadline,
                    self._http.stream(
                        "GET", url, headers=headers, extensions={"trace": deadline.trace}
                    ) as response,
                ):
                    status = response.status_code
                    if status in RETRY_AFTER_STATUSES or status >= 500:
                        delay = (
                            retry_after_seconds(response.headers.get("retry-after"))
                            if status in RETRY_AFTER_STATUSES
                            else None
                        )
                        raise _Transient(f"HTTP {status}", delay)
                    if status in REDIRECT_STATUSES or status == 304 or status >= 400:
                        return status, b"", response.headers
                    return status, self._read_body(url, response, deadline), response.headers
            except httpx.TransportError as error:
                if deadline.passed:
                    raise FetchError(url, deadline.reason) from error
                if isinstance(error, httpx.TimeoutException):
                    raise _Transient(f"timeout ({type(error).__name__})") from error
                raise _Transient(f"connection error ({type(error).__name__}: {error})") from error

    def _read_body(self, url: str, response: httpx.Response, deadline: Deadline) -> bytes:
        cap = self.policy.max_body_bytes
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > cap:
            raise FetchError(url, f"body of {int(declared):,} bytes exceeds the cap of {cap:,}")
        decoder = Decoder(
            url, response.headers.get("content-encoding"), self.policy.max_decompressed_bytes
        )
        received = 0
        parts: list[bytes] = []
        for chunk in response.iter_raw():
            if deadline.passed:
                raise FetchError(url, deadline.reason)
            received += len(chunk)
            if received > cap:
                raise FetchError(url, f"body exceeds the cap of {cap:,} bytes")
            parts.append(decoder.feed(chunk))
        parts.append(decoder.finish())
        return b"".join(parts)


def _check_json(url: str, body: bytes) -> None:
    try:
        json.loads(body.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise FetchError(url, f"invalid UTF-8 at byte {error.start}") from None
    except json.JSONDecodeError as error:
        raise FetchError(url, f"invalid JSON: {error.msg} at char {error.pos}") from None
