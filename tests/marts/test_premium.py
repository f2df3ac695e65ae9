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


def _two_skill_market(seed: int, n: int = 5000) -> tuple[pl.DataFrame, pl.DataFrame]:
    """GenAI pays +18%; `llm` (a GenAI skill) and `pytorch` travel with it but pay nothing of
    their own; `cuda` pays +8% on its own."""
    rng = np.random.default_rng(seed)
    df = _synthetic(seed, n=n, premium=0.0)
    genai = rng.random(n) < 0.3
    llm = genai & (rng.random(n) < 0.7)
    rag = genai & ~llm
    pytorch = rng.random(n) < np.where(genai, 0.8, 0.2)
    cuda = rng.random(n) < 0.25
    lift = np.log1p(0.18) * genai + np.log1p(0.08) * cuda
    df = df.with_columns(
        (pl.col("pay_min_annual_usd") * np.exp(lift)).alias("pay_min_annual_usd"),
        (pl.col("pay_max_annual_usd") * np.exp(lift)).alias("pay_max_annual_usd"),
    )
    ids = df["posting_id"].to_numpy()
    skills = pl.concat(
        [
            pl.DataFrame({"posting_id": ids[mask], "skill_id": name})
            for name, mask in (("llm", llm), ("rag", rag), ("pytorch", pytorch), ("cuda", cuda))
        ]
    )
    return df, skills


def test_joint_model_keeps_correlated_skills_from_absorbing_the_genai_effect() -> None:
    df, skills = _two_skill_market(5)
    out = out_skill_premiums(df, skills, frozenset({"llm", "rag"})).filter(
        pl.col("segment") == "all"
    )
    rows = {r["skill_id"]: r for r in out.iter_rows(named=True)}
    planted = {"genai": 18.0, "cuda": 8.0, "llm": 0.0, "pytorch": 0.0}
    for skill, value in planted.items():
        row = rows[skill]
        assert abs(row["premium_joint_pct"] - value) < 3.0, (skill, row)
        assert row["premium_joint_lo"] < value < row["premium_joint_hi"], (skill, row)
    # one flag at a time, llm and pytorch pick up GenAI's pay: the reason for the joint model
    assert rows["llm"]["premium_adj_pct"] > 8.0
    assert rows["pytorch"]["premium_adj_pct"] > 4.0


def test_joint_estimates_match_statsmodels_with_all_skills_as_regressors() -> None:
    df, skills = _two_skill_market(6, n=2000)
    wide = skills.with_columns(pl.lit(1.0).alias("v")).pivot(
        on="skill_id", index="posting_id", values="v"
    )
    pdf = (
        df.join(wide, on="posting_id", how="left")
        .with_columns(
            pl.col("llm", "rag", "pytorch", "cuda").fill_null(0.0),
            (((pl.col("pay_min_annual_usd") + pl.col("pay_max_annual_usd")) / 2).log()).alias("y"),
            (pl.col("role_family") + "|" + pl.col("seniority")).alias("rl"),
            pl.col("metro_code").fill_null("US").alias("place"),
            pl.col("posted_date").dt.strftime("%Y-%m").alias("month"),
        )
        .with_columns(pl.max_horizontal("llm", "rag").alias("genai"))
        .to_pandas()
    )
    model = smf.ols("y ~ genai + llm + pytorch + cuda + C(rl) + C(place) + C(month)", pdf).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(pdf["company"])[0]}
    )
    out = out_skill_premiums(df, skills, frozenset({"llm", "rag"}))
    rows = {r["skill_id"]: r for r in out.filter(pl.col("segment") == "all").iter_rows(named=True)}
    # rag is collinear with genai and llm (rag = genai - llm) and is left out of the model
    assert rows["rag"]["premium_joint_pct"] is None
    assert "collinear" in rows["rag"]["joint_note"]
    for skill in ("llm", "pytorch", "cuda"):
        assert rows[skill]["beta_joint"] == pytest.approx(model.params[skill], rel=1e-5)
        assert rows[skill]["se_joint"] == pytest.approx(model.bse[skill], rel=1e-5)


def test_within_company_premium_removes_employer_pay_levels() -> None:
    """Companies that pay more adopt the skill more: the pooled estimate is biased upward, the
    within-company one is not."""
    rng = np.random.default_rng(8)
    n, companies = 6000, 80
    company = rng.integers(0, companies, n)
    level = rng.normal(0, 0.25, companies)  # employer pay level
    adopt = 1 / (1 + np.exp(-4 * level))  # high payers adopt more
    skill = rng.random(n) < adopt[company]
    log_pay = 11.8 + level[company] + np.log1p(0.05) * skill + rng.normal(0, 0.1, n)
    df = _synthetic(8, n=n, premium=0.0).with_columns(
        pl.Series("company", [f"c{c}" for c in company]),
        pl.Series("pay_min_annual_usd", np.exp(log_pay) * 0.9),
        pl.Series("pay_max_annual_usd", np.exp(log_pay) * 1.1),
    )
    flags = pl.DataFrame({"posting_id": df["posting_id"].to_numpy()[skill], "skill_id": "dbt"})
    row = (
        out_skill_premiums(df, flags, frozenset())
        .filter((pl.col("segment") == "all") & (pl.col("skill_id") == "dbt"))
        .row(0, named=True)
    )
    assert row["n_companies_both"] >= 10 and row["within_note"] is None
    assert row["premium_adj_pct"] > 10.0  # pooled: employer pay level leaks in
    assert row["premium_within_lo"] < 5.0 < row["premium_within_hi"]
    assert abs(row["premium_within_pct"] - 5.0) < 1.5


def test_median_without_a_skill_equals_numpy_on_the_complement() -> None:
    from analytics.marts.premium import _median_without

    rng = np.random.default_rng(0)
    for trial in range(100):
        n = int(rng.integers(1, 60))
        ties = trial % 2 == 1  # repeated values exercise the rank arithmetic
        pay = rng.choice([1.0, 2.0, 3.0, 5.0, 8.0], n) if ties else rng.normal(100, 10, n)
        ids = [f"p{i}" for i in range(n)]
        mask = rng.random(n) < rng.random()
        flags = pl.DataFrame(
            {"posting_id": [ids[i] for i in np.flatnonzero(mask)], "skill_id": "s"},
            schema={"posting_id": pl.String, "skill_id": pl.String},
        )
        sample = pl.DataFrame({"posting_id": ids, "pay_mid_annual_usd": pay})
        got = _median_without(sample, flags, ["s"])["s"]
        rest = pay[~mask]
        if rest.size == 0:
            assert got is None
        else:
            assert got == pytest.approx(float(np.median(rest))), trial
