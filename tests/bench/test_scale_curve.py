from __future__ import annotations

import pytest

from bench.scale_curve import scale_curve


def _result(n: int, mart_peak: dict[str, float] | None = None) -> dict:
    """A scale result whose numbers are straight lines in n (millions of records)."""
    m = n / 1e6
    peaks = {"load_raw": 800 + 500 * m, "normalize": 1000 + 4000 * m, "marts": 900 + 4500 * m}
    peaks["publish"] = peaks["marts"]
    return {
        "source_records": n,
        "canonical_postings": int(n * 0.95),
        "at": "2026-12-07",
        "seconds": {
            "load_raw": 5 + 90 * m,
            "normalize": 90 * m,
            "marts": 2 + 60 * m,
            "publish": 1 + 5 * m,
            "build_total": 8 + 245 * m,
        },
        "cpu_seconds": {
            "load_raw": 160 * m,
            "normalize": 170 * m,
            "marts": 90 * m,
            "publish": 9 * m,
            "build_total": 429 * m,
        },
        "peak_rss_mb": {
            "process_tree": peaks["marts"],
            "process_tree_by_stage": peaks,
            **({"process_tree_by_mart": mart_peak} if mart_peak is not None else {}),
        },
    }


def test_the_curve_recovers_straight_lines_and_projects_them() -> None:
    results = [
        _result(n, {"demand": 1000 + 3000 * n / 1e6, "skills": 900.0})
        for n in (1_000_000, 300_000, 3_000_000)
    ]
    curve = scale_curve(results, project_to=10_000_000)

    assert [s["source_records"] for s in curve["sizes"]] == [300_000, 1_000_000, 3_000_000]
    total = curve["stages"]["build_total"]
    assert total["wall_seconds"]["per_million"] == pytest.approx(245, abs=0.1)
    assert total["wall_seconds"]["projected"] == pytest.approx(8 + 2450, abs=0.5)
    assert total["peak_mib"]["projected"] == pytest.approx(900 + 45_000, abs=0.5)
    assert curve["stages"]["normalize"]["cpu_seconds"]["intercept"] == pytest.approx(0, abs=0.1)
    assert curve["mart_peaks_growing_fastest"][0] == "demand"
    assert curve["mart_peak_mib"]["skills"]["per_million"] == pytest.approx(0, abs=0.1)


def test_a_bent_curve_shows_in_its_residual() -> None:
    results = [_result(n) for n in (300_000, 1_000_000, 3_000_000)]
    results[1]["seconds"]["marts"] += 40  # the middle point off the line
    curve = scale_curve(results, project_to=10_000_000)
    assert curve["stages"]["marts"]["wall_seconds"]["largest_residual"] > 10
    assert curve["stages"]["load_raw"]["wall_seconds"]["largest_residual"] < 0.1
    assert curve["mart_peak_mib"] == {}  # results without per-mart peaks


def test_one_size_is_not_a_curve() -> None:
    with pytest.raises(ValueError, match="two sizes"):
        scale_curve([_result(1_000_000)], project_to=10_000_000)
