"""kill -9 at every build stage (issue 17): the next build equals an uninterrupted one, nothing
is left behind and no worker outlives the killed build. Runs scripts/kill_build.py on a 1,000
posting sample (two uninterrupted builds, then five kill points of two builds each: ~5 minutes
on two busy cores). It fails too when a published table differs between the two uninterrupted
builds: such a table cannot show what a kill changed."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "kill_build.py"


@pytest.mark.slow
@pytest.mark.timeout(3600)
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_a_build_killed_at_each_stage_recovers_to_an_equal_snapshot(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("kill_build", SCRIPT)
    assert spec is not None and spec.loader is not None
    kill_build = importlib.util.module_from_spec(spec)
    sys.modules["kill_build"] = kill_build
    spec.loader.exec_module(kill_build)
    lines: list[str] = []
    code = kill_build.main(["--postings", "1000", "--work", str(tmp_path)], say=lines.append)
    assert code == 0, "\n".join(lines)
    points = [line for line in lines if line.split(":")[0] in kill_build.POINTS]
    assert [line.split(":")[0] for line in points] == list(kill_build.POINTS)
    assert all(": ok " in line for line in points), "\n".join(lines)
