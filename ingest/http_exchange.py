"""The bounds of one HTTP exchange of the polite client (`ingest.http`): the error every failure
becomes, the body decoder that removes a Content-Encoding incrementally under a decompressed-size
cap, and the total deadline of a request.

May import: the standard library.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import zlib
from typing import Any


class FetchError(RuntimeError):
    """A URL that could not be fetched or whose response is unusable; the message says why."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class Decoder:
    """Removes a Content-Encoding incrementally and enforces the decompressed-size cap."""

    def __init__(self, url: str, encoding: str | None, cap: int) -> None:
        self._url = url
        self._cap = cap
        self._total = 0
        encoding = (encoding or "identity").strip().lower()
        if encoding in ("gzip", "x-gzip"):
            self._z: Any = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._z = zlib.decompressobj()
        elif encoding == "identity":
            self._z = None
        else:
            raise FetchError(url, f"unsupported Content-Encoding {encoding!r}")

    def _count(self, n: int) -> None:
        self._total += n
        if self._total > self._cap:
            raise FetchError(self._url, f"decompressed body exceeds the cap of {self._cap:,} bytes")

    def feed(self, chunk: bytes) -> bytes:
        if self._z is None:
            self._count(len(chunk))
            return chunk
        out = []
        data = chunk
        try:
            while data:
                piece = self._z.decompress(data, self._cap - self._total + 1)
                self._count(len(piece))
                out.append(piece)
                data = self._z.unconsumed_tail
        except zlib.error as error:
            raise FetchError(self._url, f"corrupt compressed body: {error}") from error
        return b"".join(out)

    def finish(self) -> bytes:
        if self._z is None:
            return b""
        if not self._z.eof:
            raise FetchError(self._url, "compressed body ended early (truncated)")
        return b""


class Deadline:
    """A request's total deadline: a timer that shuts down the request's socket (captured from
    httpcore's `trace` extension as the connection opens) once `seconds` have passed, so even a
    read in progress returns; `passed` tells the caller why the transport failed."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds
        self._sockets: list[socket.socket] = []
        self._expired = threading.Event()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    @property
    def passed(self) -> bool:
        return self._expired.is_set() or time.monotonic() > self._end

    @property
    def reason(self) -> str:
        return f"no complete response within {self.seconds:g} s (the total deadline per request)"

    def trace(self, event: str, info: dict[str, Any]) -> None:
        if event == "connection.connect_tcp.complete":
            stream = info.get("return_value")
            sock = stream.get_extra_info("socket") if stream is not None else None
            if isinstance(sock, socket.socket):
                self._sockets.append(sock)

    def _expire(self) -> None:
        self._expired.set()
        for sock in self._sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
