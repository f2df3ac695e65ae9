"""The build benchmark's measurements (issue 14): a small sample built once, measured, reports
the peak memory of every stage, every mart and every normalize step, and CPU per stage."""

from __future__ import annotations

from pathlib import Path

from bench.build import NORMALIZE_STEPS, TreeRssSampler, measured_build
from ingest.sample import generate_sample_market
from skillmarket.config import Settings
from skillmarket.stages.marts import BUILDERS


def test_a_measured_build_has_a_peak_per_stage_mart_and_normalize_step(tmp_path: Path) -> None:
    generate_sample_market(tmp_path / "raw", n_postings=1_500, seed=4)
    with TreeRssSampler(interval_s=0.05) as sampler:
        measured = measured_build(Settings(home=tmp_path), sampler)
    steps = measured["peak_rss_mb_by_normalize_step"]
    # dedupe and the core tables apart from their save: the two places the build's peak can be
    assert list(steps) == list(NORMALIZE_STEPS)
    assert list(measured["peak_rss_mb_by_mart"]) == list(BUILDERS)
    assert {"load_raw", "normalize", "marts", "publish"} <= set(measured["peak_rss_mb_by_stage"])
    assert all(peak > 0 for peak in [*steps.values(), *measured["peak_rss_mb_by_mart"].values()])
    assert set(measured["cpu_seconds"]) >= {"load_raw", "normalize", "marts", "build_total"}
    assert measured["canonical_postings"] > 0
