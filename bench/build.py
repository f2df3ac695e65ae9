"""Build benchmark: generate a sample market of N postings in a temporary home, build it,
and write per-stage seconds and peak memory (RSS of this process and its children) as JSON.

May import: `skillmarket` (the composition root), the standard library.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path


def _peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)  # Linux reports KiB


def run_build_benchmark(postings: int, seed: int, output: Path) -> dict:
    from ingest.sample import generate_sample_market
    from skillmarket.config import Settings
    from skillmarket.pipeline import build

    with tempfile.TemporaryDirectory(prefix="skillmarket-bench-") as tmp:
        settings = Settings(home=Path(tmp))
        start = time.perf_counter()
        summary = generate_sample_market(settings.raw_root, n_postings=postings, seed=seed)
        generate_s = time.perf_counter() - start
        mem_after_generate = _peak_rss_mb()
        start = time.perf_counter()
        report = build(settings)
        build_s = time.perf_counter() - start
        raw_mb = sum(p.stat().st_size for p in settings.raw_root.rglob("*") if p.is_file()) / 1e6
    result = {
        "benchmark": "build",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "postings_requested": postings,
        "records_generated": summary.n_records,
        "raw_mb": round(raw_mb, 1),
        "source_records": report.source_records,
        "canonical_postings": report.canonical_postings,
        "seconds": {
            "generate": round(generate_s, 2),
            **report.stage_seconds,
            "build_total": round(build_s, 2),
        },
        "postings_per_second_build": round(report.source_records / build_s, 1),
        "peak_rss_mb": {"after_generate": mem_after_generate, "after_build": _peak_rss_mb()},
        "mart_rows": report.mart_rows,
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=2))
    return result
