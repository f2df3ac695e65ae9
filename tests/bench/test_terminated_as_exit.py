"""A benchmark stopped by SIGTERM (`timeout`, a CI runner) runs its clean-up: the servers and
temporary homes it started do not outlive it."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

CHILD = """
import sys, time
from pathlib import Path
from bench.__main__ import terminated_as_exit

marker = Path(sys.argv[1])
with terminated_as_exit():
    try:
        marker.with_suffix(".started").write_text("started")
        time.sleep(60)
    finally:
        marker.write_text("cleaned up")
"""


def test_sigterm_runs_the_scenarios_clean_up(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    root = Path(__file__).resolve().parents[2]
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(marker)], cwd=root)
    deadline = time.monotonic() + 60
    while not marker.with_suffix(".started").exists():
        assert child.poll() is None and time.monotonic() < deadline, "the child did not start"
        time.sleep(0.05)
    child.send_signal(signal.SIGTERM)
    assert child.wait(timeout=30) == 143
    assert marker.read_text() == "cleaned up"
