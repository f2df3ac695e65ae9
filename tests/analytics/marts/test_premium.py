"""`out_skill_premiums`: planted premiums recovered, suppression, the joint and within-company
estimates (the solver itself is tested in tests/analytics/stats)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import polars as pl
import pytest
import statsmodels.formula.api as smf

from analytics.marts.premium import out_skill_premiums, skill_support, value_codes
from analytics.stats.clustered_ols import cluster_order


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


def test_skill_support_counts_companies_posting_with_and_without() -> None:
    # company 0: 3 postings, skill 0 on all of them; company 1: 2 postings, skill 0 on one;
    # company 2: 1 posting without; skill 1 on one posting of company 0 and of company 2
    company = np.array([0, 0, 0, 1, 1, 2])
    _, clusters = cluster_order(company)
    rows = np.array([0, 1, 2, 3, 0, 5])
    cols = np.array([0, 0, 0, 0, 1, 1])
    pay = np.array([10.0, 20.0, 30.0, 40.0, 50.0, 60.0])
    out = skill_support(pay, clusters, rows, cols, 2)
    assert out["n_with"].tolist() == [4, 2]
    assert out["n_without"].tolist() == [2, 4]
    assert out["n_companies"].tolist() == [2, 2]
    assert out["n_companies_both"].tolist() == [1, 1]  # skill 0: company 1; skill 1: company 0
    assert out["median_with"].tolist() == [25.0, 35.0]
    assert out["median_without"].tolist() == [55.0, 35.0]


def test_within_estimate_only_where_enough_companies_post_both_ways() -> None:
    """`everywhere` is on every posting of its 15 companies: companies never post both ways,
    so it gets no within-company estimate (and never enters that design), while `spread`,
    posted both ways by many companies, does."""
    rng = np.random.default_rng(7)
    n = 3000
    company = rng.integers(0, 60, n)
    pay = np.exp(11.5 + 0.2 * rng.normal(size=60)[company] + rng.normal(0, 0.1, n))
    postings = pl.DataFrame(
        {
            "posting_id": [f"p{i}" for i in range(n)],
            "company": [f"c{c}" for c in company],
            "role_family": rng.choice(["ml_engineer", "data_scientist"], n).tolist(),
            "seniority": rng.choice(["mid", "senior"], n).tolist(),
            "metro_code": rng.choice(["0041860", "0035620"], n).tolist(),
            "country": ["US"] * n,
            "is_remote": [False] * n,
            "posted_date": pl.date_range(
                pl.date(2025, 1, 1), pl.date(2025, 12, 31), "1d", eager=True
            ).sample(n, with_replacement=True, seed=1),
            "employment_type": ["FullTime"] * n,
            "pay_min_annual_usd": pay * 0.9,
            "pay_max_annual_usd": pay * 1.1,
        }
    )
    ids = postings["posting_id"].to_numpy()
    skills = pl.concat(
        [
            pl.DataFrame({"posting_id": ids[company < 15], "skill_id": "everywhere"}),
            pl.DataFrame({"posting_id": ids[rng.random(n) < 0.3], "skill_id": "spread"}),
        ]
    )
    out = out_skill_premiums(postings, skills, frozenset()).filter(pl.col("segment") == "all")
    rows = {r["skill_id"]: r for r in out.iter_rows(named=True)}
    everywhere, spread = rows["everywhere"], rows["spread"]
    assert not everywhere["is_suppressed"] and everywhere["premium_adj_pct"] is not None
    assert everywhere["n_companies_both"] == 0
    assert everywhere["premium_within_pct"] is None
    assert "companies post both" in everywhere["within_note"]
    assert spread["n_companies_both"] >= 10 and spread["within_note"] is None
    assert spread["premium_within_lo"] < 0 < spread["premium_within_hi"]


def test_skill_the_fixed_effects_explain_exactly_is_suppressed_not_estimated() -> None:
    """`senior_only` is named by exactly the senior postings: the role × level effect absorbs
    it, so it has no estimate (and stays out of the joint model, where `spread` still gets
    one)."""
    rng = np.random.default_rng(9)
    n = 2000
    company = rng.integers(0, 50, n)
    level = rng.choice(["mid", "senior"], n)
    pay = np.exp(11.5 + 0.2 * (level == "senior") + rng.normal(0, 0.1, n))
    postings = pl.DataFrame(
        {
            "posting_id": [f"p{i}" for i in range(n)],
            "company": [f"c{c}" for c in company],
            "role_family": ["ml_engineer"] * n,
            "seniority": level.tolist(),
            "metro_code": rng.choice(["0041860", "0035620"], n).tolist(),
            "country": ["US"] * n,
            "is_remote": [False] * n,
            "posted_date": pl.date_range(
                pl.date(2025, 1, 1), pl.date(2025, 12, 31), "1d", eager=True
            ).sample(n, with_replacement=True, seed=2),
            "employment_type": ["FullTime"] * n,
            "pay_min_annual_usd": pay * 0.9,
            "pay_max_annual_usd": pay * 1.1,
        }
    )
    ids = postings["posting_id"].to_numpy()
    skills = pl.concat(
        [
            pl.DataFrame({"posting_id": ids[level == "senior"], "skill_id": "senior_only"}),
            pl.DataFrame({"posting_id": ids[rng.random(n) < 0.3], "skill_id": "spread"}),
        ]
    )
    out = out_skill_premiums(postings, skills, frozenset()).filter(pl.col("segment") == "all")
    rows = {r["skill_id"]: r for r in out.iter_rows(named=True)}
    senior = rows["senior_only"]
    assert senior["is_suppressed"] and senior["premium_adj_pct"] is None
    assert senior["suppressed_reason"] == "no variation left after fixed effects"
    assert senior["premium_joint_pct"] is None
    spread = rows["spread"]
    assert spread["premium_joint_pct"] is not None
    assert spread["premium_joint_lo"] < 0 < spread["premium_joint_hi"]


def test_value_codes_depend_on_the_values_only() -> None:
    """Polars' Categorical codes follow the order the process first saw each string, so codes
    made through it (and the row orders and float sums built on them) changed with what ran
    before; a segment's premiums differed by 1e-16 when another segment was solved at the
    same time. Codes are the sorted order of the values, null as "?"."""
    pl.Series(["zeta co", "mid co", "alpha co"]).cast(pl.Categorical)  # seen in this order
    codes = value_codes(pl.Series(["mid co", "alpha co", None, "zeta co", "alpha co"]))
    assert codes.tolist() == [2, 1, 0, 3, 1]
    assert codes.dtype == np.int64


def test_segments_solved_on_two_threads_equal_one_after_another() -> None:
    postings, skills = _two_skill_market(7)
    genai = frozenset({"llm", "rag"})
    one = out_skill_premiums(postings, skills, genai, min_segment_postings=300)
    two = out_skill_premiums(postings, skills, genai, min_segment_postings=300, threads=2)
    assert one.height > 1 and one["segment"].n_unique() > 1
    assert two.equals(one)
