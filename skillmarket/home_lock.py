"""One writing command per home: `build`, `demo` and every `ingest` hold `<home>/.skillmarket.lock`
while they run, so a second one stops at once with who holds the home (pid, command, since
when) instead of racing on the raw store or waiting 13 s for DuckDB's own lock.

The lock is an `flock` on that file, recorded with the holder's pid, command and start time.
The kernel drops an `flock` when its holder dies, so the lock of a killed build is simply taken
over; a holder whose recorded pid is gone while the lock is still held means a process it
started (a worker) still runs, and the message says so. Forked children close their copy of
the lock's descriptor (`os.register_at_fork`), so only the command itself holds the lock; a
command that takes the lock again inside itself (`demo` runs an ingest and a build) just
continues.

May import: the standard library only.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

LOCK_NAME = ".skillmarket.lock"


class HomeBusy(RuntimeError):
    """Another command holds the home; the message names it."""


@dataclass(frozen=True)
class Holder:
    """Who holds a home's lock, as recorded in the lock file."""

    pid: int | None
    command: str
    since: str  # local time, ISO seconds
    host: str = ""

    @property
    def alive(self) -> bool:
        return self.pid is not None and pid_alive(self.pid)

    def describe(self, home: Path) -> str:
        """ "another build (pid 123) holds this home (data) since 2025-11-02 14:03:07", and
        what to do when its pid has ended."""
        who = f"another {self.command or 'command'}"
        pid = f" (pid {self.pid})" if self.pid is not None else ""
        since = f" since {self.since.replace('T', ' ')}" if self.since else ""
        text = f"{who}{pid} holds this home ({home}){since}"
        if self.pid is not None and not self.alive and self.host in ("", socket.gethostname()):
            text += (
                f"; pid {self.pid} has ended but a process it started still holds the lock "
                "(stop it, e.g. find it with `fuser` on the lock file)"
            )
        return text


_held: dict[Path, int] = {}  # home -> lock file descriptor held by this process
_held_lock = threading.Lock()


def _close_in_child() -> None:
    # A forked child must not keep the home locked after its parent ends.
    for fd in list(_held.values()):
        with suppress(OSError):
            os.close(fd)
    _held.clear()


os.register_at_fork(after_in_child=_close_in_child)


def pid_alive(pid: int) -> bool:
    """True when a process with this pid exists (on this machine)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def lock_path(home: Path) -> Path:
    return home / LOCK_NAME


def _read_holder(path: Path) -> Holder:
    try:
        info = json.loads(path.read_text() or "{}")
    except (OSError, ValueError):
        info = {}
    pid = info.get("pid")
    return Holder(
        pid=pid if isinstance(pid, int) else None,
        command=str(info.get("command") or "command (starting)"),
        since=str(info.get("since") or ""),
        host=str(info.get("host") or ""),
    )


def lock_holder(home: Path) -> Holder | None:
    """Who holds the home now, or None when nobody does (this process's own hold counts)."""
    path = lock_path(home)
    if not path.exists():
        return None
    if _key(home) in _held:
        return _read_holder(path)
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return _read_holder(path)
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def _key(home: Path) -> Path:
    return Path(os.path.abspath(home))


@contextmanager
def home_lock(home: Path, command: str) -> Iterator[None]:
    """Hold the home for `command` ("build", "ingest ashby", ...) while the block runs; raise
    HomeBusy naming the holder when another process holds it."""
    key = _key(home)
    with _held_lock:
        nested = key in _held
    if nested:
        yield
        return
    home.mkdir(parents=True, exist_ok=True)
    path = lock_path(home)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise HomeBusy(
            f"{_read_holder(path).describe(home)}; wait for it to finish, or use another "
            "SKILLMARKET_HOME"
        ) from None
    record = {
        "pid": os.getpid(),
        "command": command,
        "since": datetime.now().isoformat(timespec="seconds"),
        "host": socket.gethostname(),
    }
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps(record).encode(), 0)
    with _held_lock:
        _held[key] = fd
    try:
        yield
    finally:
        with _held_lock:
            _held.pop(key, None)
        try:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
