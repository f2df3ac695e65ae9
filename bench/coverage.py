"""Interval coverage: across many small simulated markets with different seeds, how often the
95% interval of the adjusted GenAI premium covers the planted value (nominal: 95%).

May import: `skillmarket` (the composition root), the standard library, polars.
"""

from __future__ import annotations

import json
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import polars as pl


def run_coverage_benchmark(postings: int, seeds: int, first_seed: int, output: Path) -> dict:
    from ingest.sample import generate_sample_market
    from skillmarket.config import Settings
    from skillmarket.pipeline import build

    runs = []
    start = time.perf_counter()
    for seed in range(first_seed, first_seed + seeds):
        with tempfile.TemporaryDirectory(prefix="skillmarket-coverage-") as tmp:
            settings = Settings(home=Path(tmp))
            generate_sample_market(settings.raw_root, n_postings=postings, seed=seed)
            build(settings)
            planted = json.loads(
                (settings.raw_root / "sample" / "truth" / "params.json").read_text()
            )["premiums"]["genai"]
            row = (
                pl.read_parquet(settings.current_snapshot / "out_skill_premiums.parquet")
                .filter((pl.col("skill_id") == "genai") & (pl.col("segment") == "all"))
                .row(0, named=True)
            )
        planted_pct = 100 * planted
        runs.append(
            {
                "seed": seed,
                "planted_pct": planted_pct,
                "premium_adj_pct": row["premium_adj_pct"],
                "lo": row["premium_adj_lo"],
                "hi": row["premium_adj_hi"],
                "raw_gap_pct": row["raw_gap_pct"],
                "n_with": row["n_with"],
                "covered": row["premium_adj_lo"] is not None
                and row["premium_adj_lo"] <= planted_pct <= row["premium_adj_hi"],
            }
        )
    covered = sum(r["covered"] for r in runs)
    result = {
        "benchmark": "coverage",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "postings_per_market": postings,
        "markets": len(runs),
        "covered": covered,
        "coverage_rate": covered / len(runs) if runs else None,
        "seconds": round(time.perf_counter() - start, 1),
        "runs": runs,
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=2))
    return result
