"""The polite HTTP client against a local server that injects faults: Retry-After, 5xx bursts,
timeouts, truncated JSON, wrong content types, oversized and gzip-bomb bodies, cross-host
redirects, robots.txt rules and conditional requests. No network; waits are recorded, not
slept, except where a real timeout is the point."""

from __future__ import annotations

import gzip
import json
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from ingest.http import (
    FetchError,
    HttpPolicy,
    PoliteClient,
    is_private_host,
    retry_after_seconds,
)

JSON = {"Content-Type": "application/json"}


def fast_policy(**overrides: object) -> HttpPolicy:
    values: dict = {
        "contact": "tests@example.org",
        "min_interval_s": 0.0,
        "backoff_initial_s": 0.001,
        "backoff_max_s": 0.01,
        "retry_after_cap_s": 30.0,
        "allow_private_hosts": True,
        "max_attempts": 4,
        **overrides,
    }
    return HttpPolicy(**values)


class Sleeps(list):
    """Records requested waits instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def allow_all(httpserver: HTTPServer) -> HTTPServer:
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    return httpserver


def client_for(tmp_path: Path, sleeps: Sleeps, **overrides: object) -> PoliteClient:
    return PoliteClient(fast_policy(**overrides), tmp_path / "raw", sleep=sleeps)


def paths_requested(server: HTTPServer) -> list[str]:
    return [request.path for request, _ in server.log]


def test_user_agent_names_project_and_contact_and_robots_is_fetched_once(
    allow_all: HTTPServer, tmp_path: Path, sleeps: Sleeps
) -> None:
    allow_all.expect_request("/a").respond_with_json({"ok": 1})
    allow_all.expect_request("/b").respond_with_json({"ok": 2})
    with client_for(tmp_path, sleeps) as client:
        first = client.fetch(allow_all.url_for("/a"), expect_json=True)
        second = client.fetch(allow_all.url_for("/b"), expect_json=True)
    assert json.loads(first.body) == {"ok": 1} and json.loads(second.body) == {"ok": 2}
    assert paths_requested(allow_all) == ["/robots.txt", "/a", "/b"]
    agent = allow_all.log[1][0].headers["User-Agent"]
    assert agent.startswith("skillmarket/") and "(+tests@example.org)" in agent
    assert client.requests == 3


def test_per_host_rate_limit_spaces_requests(
    allow_all: HTTPServer, tmp_path: Path, sleeps: Sleeps
) -> None:
    allow_all.expect_request("/a").respond_with_json({})
    with client_for(tmp_path, sleeps, min_interval_s=0.5) as client:
        for _ in range(3):
            client.fetch(allow_all.url_for("/a"), expect_json=True)
    # robots + 3 requests on one host: every request after the first waits its turn
    assert len([s for s in sleeps if s > 0.3]) == 3


def test_429_with_retry_after_seconds_is_honored(
    allow_all: HTTPServer, tmp_path: Path, sleeps: Sleeps
) -> None:
    allow_all.expect_oneshot_request("/jobs").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "7"}
    )
    allow_all.expect_oneshot_request("/jobs").respond_with_json({"jobs": []})
    with client_for(tmp_path, sleeps) as client:
        response = client.fetch(allow_all.url_for("/jobs"), expect_json=True)
    assert response.status == 200
    assert 7.0 in sleeps
    assert client.retries == 1


def test_retry_after_is_capped_and_accepts_http_dates() -> None:
    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    later = format_datetime(now + timedelta(seconds=90), usegmt=True)
    assert retry_after_seconds(later, now=now) == pytest.approx(90, abs=1)
    assert retry_after_seconds("12") == 12.0
    assert retry_after_seconds("soon") is None


def test_retry_after_longer_than_the_cap_waits_the_cap(
    allow_all: HTTPServer, tmp_path: Path, sleeps: Sleeps
) -> None:
    allow_all.expect_oneshot_request("/x").respond_with_data(
        "", status=503, headers={"Retry-After": "3600"}
    )
    allow_all.expect_oneshot_request("/x").respond_with_json({})
    with client_for(tmp_path, sleeps, retry_after_cap_s=5.0) as client:
        client.fetch(allow_all.url_for("/x"), expect_json=True)
    assert 5.0 in sleeps and 3600.0 not in sleeps


def test_5xx_burst_then_success(allow_all: HTTPServer, tmp_path: Path, sleeps: Sleeps) -> None:
    for status in (500, 503, 502):
        allow_all.expect_oneshot_request("/x").respond_with_data("oops", status=status)
    allow_all.expect_oneshot_request("/x").respond_with_json({"fine": True})
    with client_for(tmp_path, sleeps) as client:
        response = client.fetch(allow_all.url_for("/x"), expect_json=True)
    assert json.loads(response.body) == {"fine": True}
    assert paths_requested(allow_all).count("/x") == 4
    backoffs = [s for s in sleeps if s > 0]
    assert len(backoffs) == 3 and all(s <= 0.01 + 0.001 + 1e-9 for s in backoffs)


def test_persistent_5xx_gives_up_after_max_attempts(
    allow_all: HTTPServer, tmp_path: Path, sleeps: Sleeps
) -> None:
    allow_all.expect_request("/x").respond_with_data("down", status=500)
    with client_for(tmp_path, sleeps, max_attempts=3) as client, pytest.raises(FetchError) as err:
        client.fetch(allow_all.url_for("/x"))
    assert "HTTP 500 (after 3 attempts)" in str(err.value)
    assert paths_requested(allow_all).count("/x") == 3


def test_retry_budget_is_shared_by_the_whole_run(
    allow_all: HTTPServer, tmp_path: Path, sleeps: Sleeps
) -> None:
    allow_all.expect_request("/x").respond_with_data("down", status=500)
    with client_for(tmp_path, sleeps, max_attempts=10, retry_budget=2) as client:
        with pytest.raises(FetchError, match="retry budget"):
            client.fetch(allow_all.url_for("/x"))
        with pytest.raises(FetchError, match="retry budget"):
            client.fetch(allow_all.url_for("/x"))
    assert paths_requested(allow_all).count("/x") == 3 + 1  # 1 + 2 retries, then 1 without


def test_timeout_is_retried(allow_all: HTTPServer, tmp_path: Path, sleeps: Sleeps) -> None:
    calls = {"n": 0}

    def slow_once(request: Request) -> Response:
        calls["n"] += 1
        if calls["n"] == 1:
            time.sleep(0.6)
        return Response(json.dumps({"ok": True}), content_type="application/json")

    allow_all.expect_request("/slow").respond_with_handler(slow_once)
    with client_for(tmp_path, sleeps, read_timeout_s=0.2) as client:
        response = client.fetch(allow_all.url_for("/slow"), expect_json=True)
    assert json.loads(response.body) == {"ok": True}
    # the single-threaded test server may time out the queued retry too; what matters is
    # that timeouts were retried and the run ended with the body
    assert calls["n"] >= 2 and client.retries == calls["n"] - 1


def test_truncated_json_is_an_error(allow_all: HTTPServer, tmp_path: Path, sleeps: Sleeps) -> None:
    allow_all.expect_request("/cut").respond_with_data('{"jobs": [{"id": 1, "tit', headers=JSON)
    with client_for(tmp_path, sleeps) as client, pytest.raises(FetchError, match="invalid JSON"):
        client.fetch(allow_all.url_for("/cut"), expect_json=True)


def test_wrong_content_type_is_an_error(
    allow_all: HTTPServer, tmp_path: Path, sleeps: Sleeps
) -> None:
    allow_all.expect_request("/html").respond_with_data(
        "<html>login</html>", content_type="text/html"
    )
    with client_for(tmp_path, sleeps) as client, pytest.raises(FetchError, match="content type"):
        client.fetch(allow_all.url_for("/html"), expect_json=True)


def test_oversized_body_is_refused_declared_or_streamed(
    allow_all: HTTPServer, tmp_path: Path, sleeps: Sleeps
) -> None:
    big = b"[" + b"1," * 20_000 + b"1]"
    allow_all.expect_request("/declared").respond_with_data(big, headers=JSON)

    def chunked(request: Request) -> Response:
        chunks = (big[i : i + 4096] for i in range(0, len(big), 4096))
        return Response(chunks, content_type="application/json")  # no Content-Length

    allow_all.expect_request("/streamed").respond_with_handler(chunked)
    with client_for(tmp_path, sleeps, max_body_bytes=10_000) as client:
        with pytest.raises(FetchError, match="exceeds the cap"):
            client.fetch(allow_all.url_for("/declared"), expect_json=True)
        with pytest.raises(FetchError, match="exceeds the cap"):
            client.fetch(allow_all.url_for("/streamed"), expect_json=True)
    with client_for(tmp_path, sleeps, max_body_bytes=100_000) as client:
        assert client.fetch(allow_all.url_for("/streamed"), expect_json=True).body == big


def test_gzip_bomb_is_abandoned_at_the_decompressed_cap(
    allow_all: HTTPServer, tmp_path: Path, sleeps: Sleeps
) -> None:
    bomb = gzip.compress(b"\x00" * 20_000_000, compresslevel=9)  # ~20 KB on the wire
    fine = gzip.compress(json.dumps({"jobs": [1, 2, 3]}).encode())
    gz = {"Content-Encoding": "gzip", "Content-Type": "application/json"}
    allow_all.expect_request("/bomb").respond_with_data(bomb, headers=gz)
    allow_all.expect_request("/fine").respond_with_data(fine, headers=gz)
    with client_for(tmp_path, sleeps, max_decompressed_bytes=1_000_000) as client:
        with pytest.raises(FetchError, match="decompressed body exceeds"):
            client.fetch(allow_all.url_for("/bomb"), expect_json=True)
        response = client.fetch(allow_all.url_for("/fine"), expect_json=True)
    assert len(bomb) < 100_000
    assert json.loads(response.body) == {"jobs": [1, 2, 3]}


def test_redirects_stay_on_the_same_host(
    allow_all: HTTPServer, tmp_path: Path, sleeps: Sleeps
) -> None:
    other = allow_all.url_for("/elsewhere").replace("localhost", "127.0.0.1")
    allow_all.expect_request("/moved").respond_with_data(
        "", status=301, headers={"Location": "/new"}
    )
    allow_all.expect_request("/new").respond_with_json({"here": True})
    allow_all.expect_request("/away").respond_with_data("", status=302, headers={"Location": other})
    with client_for(tmp_path, sleeps) as client:
        moved = client.fetch(allow_all.url_for("/moved"), expect_json=True)
        with pytest.raises(FetchError, match="redirect to another host"):
            client.fetch(allow_all.url_for("/away"), expect_json=True)
    assert moved.final_url.endswith("/new") and json.loads(moved.body) == {"here": True}
    assert "/elsewhere" not in paths_requested(allow_all)


def test_robots_txt_disallowed_paths_are_never_requested(
    httpserver: HTTPServer, tmp_path: Path, sleeps: Sleeps
) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nDisallow: /private\n"
    )
    httpserver.expect_request("/public").respond_with_json({})
    httpserver.expect_request("/private/jobs").respond_with_json({"secret": True})
    with client_for(tmp_path, sleeps) as client:
        client.fetch(httpserver.url_for("/public"), expect_json=True)
        with pytest.raises(FetchError, match=r"disallowed by robots\.txt"):
            client.fetch(httpserver.url_for("/private/jobs"), expect_json=True)
    assert "/private/jobs" not in paths_requested(httpserver)


def test_unreachable_robots_txt_means_no_crawling(
    httpserver: HTTPServer, tmp_path: Path, sleeps: Sleeps
) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("", status=500)
    httpserver.expect_request("/x").respond_with_json({})
    with (
        client_for(tmp_path, sleeps, max_attempts=2) as client,
        pytest.raises(FetchError, match=r"robots\.txt could not be fetched"),
    ):
        client.fetch(httpserver.url_for("/x"))
    assert "/x" not in paths_requested(httpserver)


def test_missing_robots_txt_allows_everything(
    httpserver: HTTPServer, tmp_path: Path, sleeps: Sleeps
) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/x").respond_with_json({"ok": True})
    with client_for(tmp_path, sleeps) as client:
        assert client.fetch(httpserver.url_for("/x"), expect_json=True).status == 200


def test_only_http_schemes_and_no_private_hosts_unless_allowed(
    tmp_path: Path, sleeps: Sleeps
) -> None:
    with PoliteClient(HttpPolicy(), tmp_path, sleep=sleeps) as client:
        with pytest.raises(FetchError, match="only http"):
            client.fetch("file:///etc/passwd")
        with pytest.raises(FetchError, match="only http"):
            client.fetch("ftp://example.org/jobs.json")
        for url in ("http://127.0.0.1/x", "http://localhost:8080/x", "http://10.1.2.3/x"):
            with pytest.raises(FetchError, match="loopback/private"):
                client.fetch(url)
    assert client.requests == 0
    assert is_private_host("192.168.0.7") and is_private_host("[::1]")
    assert not is_private_host("api.ashbyhq.com") and not is_private_host("8.8.8.8")


def test_conditional_request_and_304_reuses_the_stored_file(
    allow_all: HTTPServer, tmp_path: Path, sleeps: Sleeps
) -> None:
    body = json.dumps({"jobs": ["a"]}).encode()

    def etagged(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)
        return Response(body, content_type="application/json", headers={"ETag": '"v1"'})

    allow_all.expect_request("/board").respond_with_handler(etagged)
    raw_root = tmp_path / "raw"
    stored = raw_root / "ashby" / "2026-11-01" / "board.json"
    with client_for(tmp_path, sleeps) as client:
        first = client.fetch(allow_all.url_for("/board"), expect_json=True)
        assert not first.not_modified and first.etag == '"v1"'
        stored.parent.mkdir(parents=True)
        stored.write_bytes(first.body)
        client.remember(first, "ashby/2026-11-01/board.json")
    with client_for(tmp_path, sleeps) as client:  # the next run reads the cache file
        second = client.fetch(allow_all.url_for("/board"), expect_json=True)
        unconditional = client.fetch(
            allow_all.url_for("/board"), expect_json=True, conditional=False
        )
    assert second.not_modified and second.status == 304
    assert second.body == body and second.cached_raw_file == "ashby/2026-11-01/board.json"
    assert not unconditional.not_modified
    assert allow_all.log[-2][0].headers.get("If-None-Match") == '"v1"'
    assert "If-None-Match" not in allow_all.log[-1][0].headers


def test_concurrency_cap_bounds_requests_in_flight(
    allow_all: HTTPServer, tmp_path: Path, sleeps: Sleeps
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    allow_all.expect_request("/x").respond_with_json({})
    with client_for(tmp_path, sleeps, max_concurrency=2) as client:
        in_flight = []
        original = client._read_body

        def counting(url: str, *rest: object) -> bytes:
            in_flight.append(client.policy.max_concurrency - client._slots._value)
            return original(url, *rest)  # type: ignore[arg-type]

        client._read_body = counting  # type: ignore[method-assign]
        with ThreadPoolExecutor(max_workers=6) as pool:
            list(pool.map(lambda _: client.fetch(allow_all.url_for("/x")), range(12)))
    assert in_flight and max(in_flight) <= 2


def test_contact_comes_from_the_environment_unless_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SKILLMARKET_CONTACT", "ops@example.org")
    assert HttpPolicy().user_agent.endswith("(+ops@example.org)")
    assert HttpPolicy(contact="me@example.org").user_agent.endswith("(+me@example.org)")
    monkeypatch.delenv("SKILLMARKET_CONTACT")
    assert "SKILLMARKET_CONTACT" in HttpPolicy().user_agent  # says how to name yourself
