"""`skillmarket build --engine spark` from the command line: wrong options are one clear line
before any JVM starts (an unknown engine, Spark's options on the local engine, a raw store that
is a bucket URI or no folder), and a home with nothing to build says what to do, as the local
engine does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def _run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SKILLMARKET_HOME": str(home)}
    env.pop("SKILLMARKET_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "skillmarket.cli", "build", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--engine", "dask"], "unknown engine 'dask'; choose local or spark"),
        (["--out", "/tmp/x"], "--raw and --out are options of --engine spark"),
        (["--engine", "spark", "--raw", "s3a://bucket/raw"], "mount the bucket on every node"),
        (["--engine", "spark", "--raw", "/no/such/raw"], "--raw /no/such/raw: no such folder"),
    ],
)
def test_wrong_options_are_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    result = _run(*args, home=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert message in result.stderr


def test_spark_build_of_an_empty_home_says_what_to_do(tmp_path: Path) -> None:
    result = _run("--engine", "spark", home=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "skillmarket ingest sample" in result.stderr
