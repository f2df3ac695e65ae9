"""The polite client against hostile servers it cannot out-wait and robots.txt redirects: a
server dripping one byte per 100 ms (in the body, or in the headers) is cut off at the total
deadline, not retried; a robots.txt that redirects is followed (up to five hops, across hosts)
and the file found rules the origin, so a redirect to a Disallow-all file disallows."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from ingest.http import FetchError, HttpPolicy, PoliteClient

DRIP_S = 0.1


def policy(**overrides: object) -> HttpPolicy:
    values: dict = {
        "contact": "tests@example.org",
        "min_interval_s": 0.0,
        "backoff_initial_s": 0.001,
        "backoff_max_s": 0.01,
        "allow_private_hosts": True,
        "max_attempts": 3,
        "read_timeout_s": 5.0,
        "total_timeout_s": 1.0,
        **overrides,
    }
    return HttpPolicy(**values)


class DripServer:
    """A tiny threaded server: /robots.txt answers 404 at once; /body sends complete headers,
    then one body byte per DRIP_S; /headers sends its status line, then one header byte per
    DRIP_S; each for `drip_for` seconds at most."""

    def __init__(self, drip_for: float = 20.0) -> None:
        self.drip_for = drip_for
        self.requests: list[str] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.stopped = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _serve(self) -> None:
        self.listener.settimeout(0.2)
        while not self.stopped.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:  # closed by close() while waiting: the server is done
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            request = b""
            while b"\r\n\r\n" not in request:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                request += chunk
            path = request.split(b" ", 2)[1].decode()
            self.requests.append(path)
            try:
                if path == "/robots.txt":
                    conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                    return
                if path == "/body":
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n")
                    conn.sendall(b"Content-Length: 100000\r\n\r\n")
                else:
                    conn.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
                end = time.monotonic() + self.drip_for
                while time.monotonic() < end and not self.stopped.is_set():
                    conn.sendall(b"a")
                    time.sleep(DRIP_S)
            except OSError:  # the client hung up: what the deadline is for
                return

    def close(self) -> None:
        self.stopped.set()
        self.listener.close()


@pytest.fixture
def drip() -> Iterator[DripServer]:
    server = DripServer()
    yield server
    server.close()


@pytest.mark.parametrize("path", ["/body", "/headers"])
def test_slow_drip_is_cut_off_at_the_total_deadline(
    drip: DripServer, tmp_path: Path, path: str
) -> None:
    with PoliteClient(policy(), tmp_path) as client:
        start = time.monotonic()
        with pytest.raises(FetchError, match=r"no complete response within 1 s"):
            client.fetch(drip.url(path))
        elapsed = time.monotonic() - start
    assert 0.9 < elapsed < 2.5  # one second, and no retries (read timeouts never tripped)
    assert drip.requests == ["/robots.txt", path]
    assert client.retries == 0


def test_a_fast_response_is_untouched_by_the_deadline(httpserver: HTTPServer, tmp_path) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    httpserver.expect_request("/ok").respond_with_json({"ok": True})
    with PoliteClient(policy(total_timeout_s=0.5), tmp_path) as client:
        for _ in range(3):  # each on its own connection, each well within the deadline
            assert client.fetch(httpserver.url_for("/ok"), expect_json=True).status == 200
        time.sleep(0.7)  # past every deadline timer started above: nothing fires late
        assert client.fetch(httpserver.url_for("/ok"), expect_json=True).status == 200


def redirect(server: HTTPServer, path: str, target: str) -> None:
    server.expect_request(path).respond_with_response(
        Response(status=301, headers={"Location": target})
    )


def requested(server: HTTPServer) -> list[str]:
    return [request.path for request, _ in server.log]


def test_robots_redirect_to_a_disallow_all_file_disallows(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    redirect(httpserver, "/robots.txt", "/policies/robots.txt")
    httpserver.expect_request("/policies/robots.txt").respond_with_data(
        "User-agent: *\nDisallow: /\n"
    )
    httpserver.expect_request("/jobs").respond_with_json({"jobs": []})
    with (
        PoliteClient(policy(), tmp_path) as client,
        pytest.raises(FetchError, match=r"disallowed by robots\.txt"),
    ):
        client.fetch(httpserver.url_for("/jobs"))
    assert requested(httpserver) == ["/robots.txt", "/policies/robots.txt"]


def test_robots_redirects_across_hosts_up_to_five(httpserver: HTTPServer, tmp_path: Path) -> None:
    # 127.0.0.1 -> localhost: another host, as example.com -> www.example.com is
    other_host = httpserver.url_for("/r1").replace("127.0.0.1", "localhost")
    redirect(httpserver, "/robots.txt", other_host)
    for hop in range(1, 5):
        redirect(httpserver, f"/r{hop}", f"/r{hop + 1}")
    httpserver.expect_request("/r5").respond_with_data("User-agent: *\nDisallow: /private\n")
    httpserver.expect_request("/public").respond_with_json({})
    with PoliteClient(policy(), tmp_path) as client:
        assert client.fetch(httpserver.url_for("/public")).status == 200
        with pytest.raises(FetchError, match=r"disallowed by robots\.txt"):
            client.fetch(httpserver.url_for("/private/x"))
    assert "/private/x" not in requested(httpserver)


def test_a_sixth_robots_redirect_means_unreachable(httpserver: HTTPServer, tmp_path: Path) -> None:
    redirect(httpserver, "/robots.txt", "/r1")
    for hop in range(1, 6):
        redirect(httpserver, f"/r{hop}", f"/r{hop + 1}")
    httpserver.expect_request("/r6").respond_with_data("User-agent: *\nAllow: /\n")
    httpserver.expect_request("/jobs").respond_with_json({})
    with (
        PoliteClient(policy(), tmp_path) as client,
        pytest.raises(FetchError, match=r"robots\.txt could not be fetched"),
    ):
        client.fetch(httpserver.url_for("/jobs"))
    assert "/r6" not in requested(httpserver) and "/jobs" not in requested(httpserver)


def test_robots_redirect_to_a_refused_host_means_unreachable(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    redirect(httpserver, "/robots.txt", "file:///etc/robots.txt")
    httpserver.expect_request("/jobs").respond_with_json({})
    with (
        PoliteClient(policy(), tmp_path) as client,
        pytest.raises(FetchError, match=r"robots\.txt could not be fetched"),
    ):
        client.fetch(httpserver.url_for("/jobs"))
    assert "/jobs" not in requested(httpserver)
