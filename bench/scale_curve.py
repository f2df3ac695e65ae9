"""The time and memory curve of full builds (issue 14): scale-benchmark results at several sizes
(`skillmarket bench --scenario scale`), fitted per stage as a + b·N (N = source records, least
squares), and projected to a larger N with the growth terms named.

Per stage: wall seconds, CPU seconds and the process tree's peak MiB, each as the fitted
intercept, the slope per million records and the projection; per mart (where the results have
`process_tree_by_mart`): the peak's slope per million, largest first, so the terms that still
grow with N are named. A projection is a labeled extrapolation of a straight line through the
measured points, not a measurement; the fit's largest residual says how straight they were.

May import: numpy, the standard library.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

STAGES = ("load_raw", "normalize", "marts", "publish", "build_total")


def _line(n: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """(intercept, slope per record, largest absolute residual) of y = a + b·n."""
    design = np.column_stack([np.ones_like(n), n])
    (a, b), *_ = np.linalg.lstsq(design, y, rcond=None)
    return float(a), float(b), float(np.max(np.abs(y - (a + b * n))))


def _fit(n: np.ndarray, y: list[float | None], at: float) -> dict | None:
    if any(v is None for v in y):
        return None
    a, b, residual = _line(n, np.asarray(y, dtype=float))
    return {
        "measured": y,
        "intercept": round(a, 1),
        "per_million": round(b * 1e6, 1),
        "largest_residual": round(residual, 1),
        "projected": round(a + b * at, 1),
    }


def _peak(result: dict, stage: str) -> float | None:
    by_stage = result["peak_rss_mb"]["process_tree_by_stage"]
    if stage == "build_total":
        return result["peak_rss_mb"]["process_tree"]
    return by_stage.get(stage)


def scale_curve(results: list[dict], project_to: int) -> dict:
    """The fitted curve of `results` (two or more scale results of different sizes) per stage
    and per mart, projected to `project_to` source records."""
    if len(results) < 2:
        raise ValueError("a curve needs scale results at two sizes or more")
    results = sorted(results, key=lambda r: r["source_records"])
    n = np.asarray([r["source_records"] for r in results], dtype=float)
    stages = {}
    for stage in STAGES:
        stages[stage] = {
            "wall_seconds": _fit(n, [r["seconds"].get(stage) for r in results], project_to),
            "cpu_seconds": _fit(n, [r["cpu_seconds"].get(stage) for r in results], project_to),
            "peak_mib": _fit(n, [_peak(r, stage) for r in results], project_to),
        }
    mart_peaks = [r["peak_rss_mb"].get("process_tree_by_mart") for r in results]
    marts = {}
    if all(mart_peaks):
        for name in mart_peaks[0]:
            fit = _fit(n, [peaks.get(name) for peaks in mart_peaks], project_to)
            if fit is not None:
                marts[name] = fit
    growth = sorted(marts, key=lambda m: -marts[m]["per_million"])
    return {
        "benchmark": "scale_curve",
        "sizes": [
            {
                "source_records": r["source_records"],
                "canonical_postings": r["canonical_postings"],
                "at": r["at"],
                "load_average_before": r.get("load_average_before"),
                "load_average_1m_at_end": r.get("load_average_1m_at_end"),
            }
            for r in results
        ],
        "projected_to_source_records": project_to,
        "projection": "extrapolated from a straight line through the measured sizes, not measured",
        "stages": stages,
        "mart_peak_mib": marts,
        "mart_peaks_growing_fastest": growth[:6],
    }


def scale_curve_of_files(paths: list[Path], project_to: int) -> dict:
    return scale_curve([json.loads(p.read_text()) for p in paths], project_to)
