"""The FWL premium estimator against statsmodels OLS with dummies and clustered errors."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import polars as pl
import pytest
import statsmodels.formula.api as smf

from analytics.marts.premium import _codes, clustered_estimates, out_skill_premiums


def _synthetic(seed: int, n: int = 1500, premium: float = 0.15) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    company = rng.integers(0, 60, n)
    role = rng.choice(["ml_engineer", "data_scientist", "data_analyst"], n)
    level = rng.choice(["entry", "mid", "senior"], n)
    place = rng.choice(["0041860", "0035620", "0012420", None], n)
    month = rng.integers(1, 13, n)
    # confounding: the skill is more common in senior roles and the first metro
    p_skill = 0.15 + 0.25 * (level == "senior") + 0.2 * (place == "0041860")
    skill = rng.random(n) < p_skill
    base = (
        11.5
        + 0.3 * (level == "senior")
        - 0.2 * (level == "entry")
        + 0.25 * (place == "0041860")
        + 0.01 * month
        + rng.normal(0, 0.08, 60)[company]
    )
    log_pay = base + premium * skill + rng.normal(0, 0.1, n)
    pay = np.exp(log_pay)
    return pl.DataFrame(
        {
            "posting_id": [f"p{i}" for i in range(n)],
            "company": [f"c{c}" for c in company],
            "role_family": role.tolist(),
            "seniority": level.tolist(),
            "metro_code": place.tolist(),
            "country": ["US"] * n,
            "is_remote": [False] * n,
            "posted_date": [date(2025, int(m), 15) for m in month],
            "employment_type": ["FullTime"] * n,
            "pay_min_annual_usd": pay * 0.9,
            "pay_max_annual_usd": pay * 1.1,
            "has_skill": skill,
        }
    )


def test_fwl_matches_statsmodels_dummies_with_clustered_errors() -> None:
    df = _synthetic(1)
    pdf = df.with_columns(
        (((pl.col("pay_min_annual_usd") + pl.col("pay_max_annual_usd")) / 2).log()).alias("y"),
        (pl.col("role_family") + "|" + pl.col("seniority")).alias("rl"),
        pl.col("metro_code").fill_null("US").alias("place"),
        pl.col("posted_date").dt.month().alias("month"),
        pl.col("has_skill").cast(pl.Float64).alias("d"),
    ).to_pandas()
    model = smf.ols("y ~ d + C(rl) + C(place) + C(month)", data=pdf).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(pdf["company"])[0]}
    )
    fe = [_codes(pl.Series(pdf[c].astype(str).tolist())) for c in ("rl", "place", "month")]
    est = clustered_estimates(
        pdf["y"].to_numpy(),
        pdf[["d"]].to_numpy(),
        fe,
        _codes(pl.Series(pdf["company"].tolist())),
    )
    assert est.beta[0] == pytest.approx(model.params["d"], rel=1e-6)
    assert est.se[0] == pytest.approx(model.bse["d"], rel=1e-6)


def test_adjusted_premium_recovers_planted_value_and_raw_gap_is_confounded() -> None:
    df = _synthetic(2, n=4000, premium=0.15)
    skills = df.filter(pl.col("has_skill")).select(
        "posting_id", pl.lit("fine_tuning").alias("skill_id")
    )
    out = out_skill_premiums(df, skills, frozenset({"fine_tuning"}))
    row = out.filter((pl.col("segment") == "all") & (pl.col("skill_id") == "genai")).row(
        0, named=True
    )
    assert not row["is_suppressed"]
    planted_pct = 100 * (np.exp(0.15) - 1)
    assert row["premium_adj_lo"] < planted_pct < row["premium_adj_hi"]
    assert abs(row["premium_adj_pct"] - planted_pct) < 3.0
    assert row["raw_gap_pct"] > row["premium_adj_pct"] + 5


def test_small_cells_are_suppressed_with_a_reason() -> None:
    df = _synthetic(3, n=400)
    rare = df.head(20).select("posting_id", pl.lit("jax").alias("skill_id"))
    out = out_skill_premiums(df, rare, frozenset())
    row = out.filter(pl.col("skill_id") == "jax").row(0, named=True)
    assert row["is_suppressed"]
    assert row["premium_adj_pct"] is None
    assert "fewer than 30 postings with" in row["suppressed_reason"]
    assert row["n_with"] == 20
