"""Skill demand shares with Wilson intervals and totals; demand-to-supply ratios."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from analytics.marts.demand import out_skill_demand_monthly
from analytics.marts.stats import poisson_ratio_interval, wilson_interval
from analytics.marts.supply import out_demand_supply


def _postings() -> pl.DataFrame:
    rows = []
    for i in range(40):
        rows.append(
            {
                "posting_id": f"p{i}",
                "posted_date": date(2025, 1 + (i % 2), 10),
                "role_family": "ml_engineer" if i < 30 else "data_scientist",
                "country": "US" if i % 4 else "IN",
                "metro_code": "0041860" if i % 4 else None,
            }
        )
    return pl.DataFrame(rows)


def _skills() -> pl.DataFrame:
    rows = [{"posting_id": f"p{i}", "skill_id": "python"} for i in range(40)]
    rows += [{"posting_id": f"p{i}", "skill_id": "llm"} for i in range(0, 40, 5)]
    rows += [{"posting_id": f"p{i}", "skill_id": "rag"} for i in range(0, 40, 10)]
    return pl.DataFrame(rows)


def test_wilson_interval_matches_the_textbook_value() -> None:
    lo, hi = wilson_interval(pl.lit(8), pl.lit(40))
    out = pl.select(lo.alias("lo"), hi.alias("hi")).row(0)
    # Wilson 95% for 8/40: (0.1050, 0.3474)
    assert out[0] == pytest.approx(0.1050, abs=5e-4)
    assert out[1] == pytest.approx(0.3474, abs=5e-4)


def test_demand_counts_totals_and_the_genai_pseudo_skill() -> None:
    out = out_skill_demand_monthly(_postings(), _skills(), frozenset({"llm", "rag"}))
    jan_all = out.filter(
        (pl.col("month") == date(2025, 1, 1))
        & (pl.col("role_family") == "all")
        & (pl.col("country") == "all")
    )
    python = jan_all.filter(pl.col("skill_id") == "python").row(0, named=True)
    assert python["n_postings"] == 20 and python["n_with_skill"] == 20
    assert python["share_pct"] == 100.0
    genai = jan_all.filter(pl.col("skill_id") == "genai").row(0, named=True)
    # llm on ids 0, 5, ..., 35 (January = even ids: 0, 10, 20, 30); rag on a subset of those
    assert genai["n_with_skill"] == 4
    assert genai["share_lo"] < genai["share_pct"] < genai["share_hi"]
    # every slice lists every skill, zeros included
    ds_feb = out.filter(
        (pl.col("month") == date(2025, 2, 1))
        & (pl.col("role_family") == "data_scientist")
        & (pl.col("country") == "all")
        & (pl.col("skill_id") == "rag")
    )
    assert ds_feb.height == 1 and ds_feb["n_with_skill"][0] == 0
    assert out.select(["month", "skill_id", "role_family", "country"]).is_duplicated().sum() == 0


def test_poisson_ratio_interval_contains_the_ratio() -> None:
    lo, hi = poisson_ratio_interval(pl.lit(30), pl.lit(10))
    lo_v, hi_v = pl.select(lo.alias("lo"), hi.alias("hi")).row(0)
    assert lo_v < 3.0 < hi_v
    assert (lo_v * hi_v) ** 0.5 == pytest.approx(3.0)  # symmetric on the log scale


def test_demand_to_supply_ratio_per_place() -> None:
    talent = pl.DataFrame(
        {
            "candidate_id": [f"c{i}" for i in range(10)],
            "skill_id": ["llm"] * 10,
            "country": ["US"] * 10,
            "metro_code": ["0041860"] * 5 + [None] * 5,
            "open_to_work": [True] * 8 + [False] * 2,
            "updated_date": [date(2025, 2, 1)] * 10,
        }
    )
    out = out_demand_supply(
        _postings(), _skills(), talent, frozenset({"llm"}), last=date(2025, 2, 28)
    )
    latest = out.filter(pl.col("window_end") == date(2025, 2, 28))
    us_llm = latest.filter((pl.col("skill_id") == "llm") & (pl.col("place_id") == "US")).row(
        0, named=True
    )
    # llm postings in the US: ids 5, 10, 15, 25, 30, 35 (i % 4 != 0); 8 open-to-work candidates
    assert us_llm["demand_n"] == 6 and us_llm["supply_n"] == 8
    assert us_llm["ratio"] == pytest.approx(0.75)
    assert us_llm["ratio_lo"] < 0.75 < us_llm["ratio_hi"]
    assert us_llm["inverse_band"] == "more workers than jobs"  # 8/6 = 1.33
    python_us = latest.filter((pl.col("skill_id") == "python") & (pl.col("place_id") == "US"))
    assert python_us["supply_n"][0] == 0 and python_us["ratio"][0] is None
