"""Scale benchmark (issue 14): a full build of N sample postings from an empty warehouse,
measured per stage (wall and CPU seconds, CPU utilization, peak RSS of the whole process tree)
with `bench.build`; run it at several N to draw the time and memory curve.

`SKILLMARKET_BENCH_RAW=<dir>` reuses a raw store generated earlier (then N is what that store
holds, not `--postings`).

May import: `bench.build`, the standard library.
"""

from __future__ import annotations

from pathlib import Path

from bench.build import run_build_benchmark


def run_scale_benchmark(postings: int, seed: int, output: Path) -> dict:
    """The build benchmark of `postings` sample postings, labeled `scale`."""
    return run_build_benchmark(postings, seed, output, name="scale")
