"""Emerging / declining skills: pooled windows, YoY, momentum, suppression and ranking."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest

from analytics.marts.demand import out_skill_demand_monthly
from analytics.marts.emerging import out_emerging_skills
from analytics.stats.intervals import wilson_interval

MONTHS = [date(2024 + (m // 12), 1 + m % 12, 1) for m in range(24)]  # 2024-01 .. 2025-12
N = 1000


def _demand(with_counts: dict[str, list[int]]) -> pl.DataFrame:
    rows = []
    for skill, counts in with_counts.items():
        for month, k in zip(MONTHS, counts, strict=True):
            rows.append(
                {
                    "month": month,
                    "skill_id": skill,
                    "role_family": "all",
                    "country": "all",
                    "n_postings": N,
                    "n_with_skill": k,
                    "share_pct": 100 * k / N,
                }
            )
    return pl.DataFrame(rows)


def _growing() -> list[int]:
    # 100 per month for 18 months, then share grows by exp(0.2) per month in the last 6
    return [100] * 18 + [round(float(100 * np.exp(0.2 * t))) for t in range(6)]


def test_windows_yoy_and_momentum_match_hand_computation() -> None:
    counts = _growing()
    out = out_emerging_skills(_demand({"rag": counts})).row(0, named=True)
    recent_with = sum(counts[-3:])
    assert out["n_recent_with"] == recent_with and out["n_recent"] == 3 * N
    assert out["share_recent_pct"] == pytest.approx(100 * recent_with / (3 * N))
    assert out["share_year_ago_pct"] == pytest.approx(10.0)
    assert out["yoy_ratio"] == pytest.approx(out["share_recent_pct"] / 10.0)
    assert out["yoy_change_pts"] == pytest.approx(out["share_recent_pct"] - 10.0)
    slope = np.polyfit(np.arange(6), np.log(100 * np.array(counts[-6:]) / N), 1)[0]
    assert out["momentum"] == pytest.approx(slope, rel=1e-9)
    assert out["momentum"] == pytest.approx(0.2, abs=0.01)
    lo, hi = wilson_interval(pl.lit(recent_with), pl.lit(3 * N))
    bounds = pl.select(lo.alias("lo"), hi.alias("hi")).row(0)
    assert out["share_recent_lo"] == pytest.approx(100 * bounds[0])
    assert out["share_recent_hi"] == pytest.approx(100 * bounds[1])
    assert out["window_start"] == date(2025, 10, 1) and out["window_end"] == date(2025, 12, 1)
    assert out["direction"] == "rising" and out["rank"] == 1


def test_directions_ranks_and_suppression() -> None:
    demand = _demand(
        {
            "rag": _growing(),
            "llm": [100] * 21 + [140] * 3,  # ratio 1.4: rising, ranked below rag
            "theano": [100] * 21 + [50] * 3,  # declining
            "python": [500] * 24,  # flat
            "cobol": [5] * 24,  # 15 postings in the last 3 months: suppressed
        }
    )
    out = out_emerging_skills(demand, min_recent_postings=30)
    by_skill = {r["skill_id"]: r for r in out.iter_rows(named=True)}
    assert (by_skill["rag"]["direction"], by_skill["rag"]["rank"]) == ("rising", 1)
    assert (by_skill["llm"]["direction"], by_skill["llm"]["rank"]) == ("rising", 2)
    assert (by_skill["theano"]["direction"], by_skill["theano"]["rank"]) == ("declining", 1)
    assert by_skill["python"]["direction"] == "flat"
    cobol = by_skill["cobol"]
    assert cobol["is_suppressed"] and cobol["direction"] is None and cobol["rank"] is None
    assert not by_skill["python"]["is_suppressed"]
    # the same data with a lower threshold is no longer suppressed
    relaxed = out_emerging_skills(demand, min_recent_postings=10)
    assert relaxed.filter(pl.col("skill_id") == "cobol")["direction"].item() == "flat"


def test_a_skill_absent_a_year_ago_ranks_first_among_rising() -> None:
    out = out_emerging_skills(_demand({"mcp": [0] * 21 + [60] * 3, "rag": _growing()}))
    mcp = out.filter(pl.col("skill_id") == "mcp").row(0, named=True)
    assert mcp["share_year_ago_pct"] == 0.0 and mcp["yoy_ratio"] is None
    assert mcp["direction"] == "rising" and mcp["rank"] == 1
    assert mcp["momentum"] == pytest.approx(0.0)  # zero months are left out of the fit


def test_runs_on_the_demand_mart_with_slices() -> None:
    rng = np.random.default_rng(7)
    n = 600
    months = rng.integers(0, 24, n)
    postings = pl.DataFrame(
        {
            "posting_id": [f"p{i}" for i in range(n)],
            "posted_date": [MONTHS[m] for m in months],
            "role_family": rng.choice(["ml_engineer", "data_scientist"], n),
            "country": rng.choice(["US", "IN"], n),
        }
    )
    # llm only in the last 3 months, python everywhere
    late = [f"p{i}" for i in range(n) if months[i] >= 21]
    skills = pl.DataFrame(
        {
            "posting_id": [f"p{i}" for i in range(n)] + late,
            "skill_id": ["python"] * n + ["llm"] * len(late),
        }
    )
    demand = out_skill_demand_monthly(postings, skills, frozenset({"llm"}))
    out = out_emerging_skills(demand, min_recent_postings=10)
    cell = out.filter(
        (pl.col("skill_id") == "genai")
        & (pl.col("role_family") == "all")
        & (pl.col("country") == "all")
    ).row(0, named=True)
    assert cell["n_recent_with"] == len(late) == cell["n_recent"]
    assert cell["direction"] == "rising"
    assert out.filter(pl.col("role_family") == "ml_engineer", pl.col("country") == "US").height > 0
    assert out.select(pl.struct("skill_id", "role_family", "country").is_unique().all()).item()
