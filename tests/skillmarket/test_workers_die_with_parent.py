"""Build workers die with the build (issue 17): after kill -9 of the build, its parse and
normalize workers stayed alive blocked on a pipe (81 minutes and counting).

A parent process starts a spawn pool as the stages do, with and without the stages' worker
initializer, and is killed with SIGKILL: with `die_with_parent` its workers are gone within
a few seconds; without it they stay (the control, which shows the test can fail).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

PARENT = """
import os, sys, time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from skillmarket.stages.common import die_with_parent

def busy(seconds):
    time.sleep(seconds)
    return seconds

if __name__ == "__main__":
    init = die_with_parent if sys.argv[1] == "yes" else None
    pool = ProcessPoolExecutor(
        max_workers=2, mp_context=get_context("spawn"), initializer=init, initargs=(os.getpid(),)
    )
    futures = [pool.submit(busy, 120) for _ in range(3)]  # busy workers and a queued task
    time.sleep(float(sys.argv[2]))  # killed while the workers start, or once they run
    print(" ".join(str(pid) for pid in pool._processes), flush=True)
    time.sleep(600)
"""
WORKERS_GONE_WITHIN = 10.0  # seconds; the watchdog polls every 0.5 s


def alive(pid: int) -> bool:
    """Running (a zombie waiting for a reaper that may never come is not running)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    state = next(line for line in status.splitlines() if line.startswith("State:"))
    return "zombie" not in state and "dead" not in state


def workers_after_parent_killed(
    tmp_path: Path, with_initializer: bool, after: float = 2.0
) -> list[int]:
    """Start the parent, read its worker pids `after` seconds, kill it with SIGKILL, wait; the
    pids still alive."""
    script = tmp_path / "parent.py"
    script.write_text(PARENT)
    parent = subprocess.Popen(
        [sys.executable, str(script), "yes" if with_initializer else "no", str(after)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert parent.stdout is not None
    workers = [int(pid) for pid in parent.stdout.readline().split()]
    assert len(workers) == 2
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + WORKERS_GONE_WITHIN
    while time.monotonic() < deadline and any(alive(pid) for pid in workers):
        time.sleep(0.2)
    return [pid for pid in workers if alive(pid)]


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
@pytest.mark.parametrize("after", [0.0, 2.0], ids=["while-starting", "while-working"])
def test_workers_exit_when_the_build_is_killed(tmp_path: Path, after: float) -> None:
    left = workers_after_parent_killed(tmp_path, with_initializer=True, after=after)
    try:
        assert left == []
    finally:
        for pid in left:  # no orphan outlives a failing test
            os.kill(pid, signal.SIGKILL)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_without_the_initializer_workers_outlive_a_killed_build(tmp_path: Path) -> None:
    left = workers_after_parent_killed(tmp_path, with_initializer=False)
    try:
        assert len(left) == 2
    finally:
        for pid in left:
            os.kill(pid, signal.SIGKILL)
