"""One writing command per home: a second build, ingest or demo stops at once with the holder's
pid, command and start time; the lock of a killed command is taken over; a command that takes
the lock again inside itself continues."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from skillmarket.home_lock import HomeBusy, home_lock, lock_holder

ROOT = Path(__file__).resolve().parents[2]
HOLD = """
import sys, time
from pathlib import Path
from skillmarket.home_lock import home_lock
with home_lock(Path(sys.argv[1]), sys.argv[2]):
    print("held", flush=True)
    time.sleep(60)
"""


def hold_in_child(home: Path, command: str) -> subprocess.Popen:
    """Another process holding `home` for `command` (until killed)."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(home), command],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "held"
    return child


def stop(child: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    child.send_signal(sig)
    child.wait(timeout=10)


def test_second_holder_is_refused_at_once_naming_pid_command_and_time(tmp_path: Path) -> None:
    child = hold_in_child(tmp_path, "build")
    try:
        start = time.monotonic()
        with pytest.raises(HomeBusy) as refused, home_lock(tmp_path, "ingest ashby"):
            pass
        assert time.monotonic() - start < 1.0
        message = str(refused.value)
        assert f"another build (pid {child.pid}) holds this home ({tmp_path}) since " in message
        assert str(time.localtime().tm_year) in message
        holder = lock_holder(tmp_path)
        assert holder is not None and holder.pid == child.pid and holder.command == "build"
    finally:
        stop(child)
    assert lock_holder(tmp_path) is None
    with home_lock(tmp_path, "build"):  # free again once the holder ended
        assert lock_holder(tmp_path).pid == os.getpid()  # type: ignore[union-attr]


def test_lock_of_a_killed_command_is_taken_over(tmp_path: Path) -> None:
    child = hold_in_child(tmp_path, "build")
    stop(child, signal.SIGKILL)  # no clean-up ran: the lock file still names the dead pid
    assert str(child.pid) in (tmp_path / ".skillmarket.lock").read_text()
    with home_lock(tmp_path, "build"):
        assert lock_holder(tmp_path).pid == os.getpid()  # type: ignore[union-attr]


def test_nested_hold_in_one_process_continues_and_releases_at_the_outer_end(
    tmp_path: Path,
) -> None:
    with home_lock(tmp_path, "demo"):
        with home_lock(tmp_path, "build"):
            assert lock_holder(tmp_path).command == "demo"  # type: ignore[union-attr]
        assert lock_holder(tmp_path) is not None
    assert lock_holder(tmp_path) is None


def test_forked_child_does_not_keep_the_home_locked(tmp_path: Path) -> None:
    with home_lock(tmp_path, "build"):
        pid = os.fork()
        if pid == 0:  # the child outlives the parent's hold
            time.sleep(1.5)
            os._exit(0)
    try:
        assert lock_holder(tmp_path) is None
        with home_lock(tmp_path, "build"):
            pass
    finally:
        os.waitpid(pid, 0)


@pytest.mark.parametrize(
    "args",
    [["build"], ["ingest", "talent-pool", "--from-file", "x.csv"], ["demo", "--no-app"]],
    ids=["build", "ingest", "demo"],
)
def test_cli_says_who_holds_the_home(tmp_path: Path, args: list[str]) -> None:
    child = hold_in_child(tmp_path, "build")
    try:
        start = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "skillmarket.cli", *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "SKILLMARKET_HOME": str(tmp_path)},
            timeout=60,
        )
        elapsed = time.monotonic() - start
    finally:
        stop(child)
    assert result.returncode == 1
    assert f"another build (pid {child.pid}) holds this home" in " ".join(result.stderr.split())
    assert elapsed < 10  # process start-up only; DuckDB's own lock gave up after 13 s
    assert not (tmp_path / "warehouse.duckdb").exists()


def test_check_names_a_running_build_instead_of_waiting_on_duckdb(tmp_path: Path) -> None:
    (tmp_path / "warehouse.duckdb").touch()
    child = hold_in_child(tmp_path, "build")
    try:
        result = subprocess.run(
            [sys.executable, "-m", "skillmarket.cli", "check"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "SKILLMARKET_HOME": str(tmp_path)},
            timeout=60,
        )
    finally:
        stop(child)
    assert result.returncode == 1
    message = " ".join(result.stderr.split())
    assert f"another build (pid {child.pid}) holds this home" in message
    assert "check again when it has finished" in message
