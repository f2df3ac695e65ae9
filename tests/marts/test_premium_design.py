"""The sparse FWL machinery of the premium mart against plain dense least squares."""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
import pytest
import statsmodels.formula.api as smf
from scipy import sparse

from analytics.marts.premium import (
    FixedEffects,
    _medians,
    _small_sample_correction,
    cluster_order,
    fe_parameter_count,
    out_skill_premiums,
    single_flag_estimates,
    skill_support,
)


def _design(seed: int, n: int = 900, companies: int = 40, nested: bool = True) -> dict:
    """Random fixed effects, a company per row (`nested`: one place used by a single company
    only, so the company and place dummies are collinear beyond the usual sum-to-one), skills
    that are more common in some companies, and log pay with company and place effects."""
    rng = np.random.default_rng(seed)
    company = rng.integers(0, companies, n)
    place = rng.integers(0, 6, n)
    if nested:
        place[company == 0] = 6  # place 6 only ever appears with company 0
    role = rng.integers(0, 5, n)
    month = rng.integers(0, 12, n)
    rate = 0.1 + 0.5 * rng.random(companies)
    x = (rng.random((n, 5)) < rate[company][:, None]).astype(np.float64)
    y = (
        11
        + 0.3 * rng.normal(size=companies)[company]
        + 0.1 * place
        + 0.02 * month
        + x @ np.array([0.1, 0.0, -0.05, 0.2, 0.03])
        + rng.normal(0, 0.1, n)
    )
    order, clusters = cluster_order(company)
    return {
        "fe": [role[order], place[order], month[order]],
        "company": company[order],
        "clusters": clusters,
        "x": x[order],
        "y": y[order],
    }


def _dummies(codes: list[np.ndarray]) -> np.ndarray:
    return np.column_stack([np.eye(c.max() + 1)[c] for c in codes])


def _dense_residuals(matrix: np.ndarray, codes: list[np.ndarray]) -> np.ndarray:
    d = _dummies(codes)
    coef, *_ = np.linalg.lstsq(d, matrix, rcond=None)
    return matrix - d @ coef


@pytest.mark.parametrize("with_company", [False, True])
def test_fixed_effect_residuals_equal_dense_least_squares(with_company: bool) -> None:
    data = _design(1)
    codes = [*data["fe"], data["company"]] if with_company else data["fe"]
    effects = FixedEffects(data["fe"], absorbed=data["company"] if with_company else None)
    matrix = np.column_stack([data["y"], data["x"]])
    got = effects.residuals(matrix)
    expected = _dense_residuals(matrix, codes)
    assert np.abs(got - expected).max() < 1e-10
    # the same from a sparse matrix, and for one vector
    assert np.abs(effects.residuals(sparse.csc_matrix(data["x"])) - expected[:, 1:]).max() < 1e-10
    assert np.abs(effects.residuals(data["y"]) - expected[:, 0]).max() < 1e-10


@pytest.mark.parametrize("with_company", [False, True])
def test_sparse_sums_equal_their_dense_definitions(with_company: bool) -> None:
    """x̃ᵀx̃, per-company Σ w·x̃ and the single-flag β/se, computed without a dense x̃, equal
    the textbook computation on the dense residualized design."""
    data = _design(2)
    codes = [*data["fe"], data["company"]] if with_company else data["fe"]
    effects = FixedEffects(data["fe"], absorbed=data["company"] if with_company else None)
    x = sparse.csc_matrix(data["x"])
    sums = effects.level_sums(x)
    a, b = effects.coefficients(x, sums)
    x_t = _dense_residuals(data["x"], codes)
    y_t = _dense_residuals(data["y"], codes)
    clusters = data["clusters"]
    g = clusters.count

    np.testing.assert_allclose(effects.residual_gram(x, sums, a, b), x_t.T @ x_t, atol=1e-9)

    weights = np.random.default_rng(3).normal(size=y_t.size)
    per_company = np.zeros((g, x_t.shape[1]))
    np.add.at(per_company, clusters.codes, x_t * weights[:, None])
    got = effects.cluster_scores(weights, x, a, b, clusters.codes, g)
    np.testing.assert_allclose(got, per_company, atol=1e-9)

    k_fe = fe_parameter_count(codes)
    est, xty = single_flag_estimates(
        effects, effects.residuals(data["y"]), x, (a, b), clusters, k_fe
    )
    sxx = (x_t**2).sum(axis=0)
    beta = x_t.T @ y_t / sxx
    scores = np.zeros_like(per_company)
    np.add.at(scores, clusters.codes, x_t * (y_t[:, None] - x_t * beta))
    se = np.sqrt(_small_sample_correction(y_t.size, g, k_fe + 1) * (scores**2).sum(0) / sxx**2)
    np.testing.assert_allclose(est.beta, beta, rtol=1e-9)
    np.testing.assert_allclose(est.se, se, rtol=1e-9)
    np.testing.assert_allclose(xty, x_t.T @ y_t, rtol=1e-9, atol=1e-12)


def test_within_company_estimate_matches_statsmodels_with_company_dummies() -> None:
    data = _design(4, n=1200, companies=50, nested=False)
    role, place, month = data["fe"]
    frame = pd.DataFrame(
        {"y": data["y"], "d": data["x"][:, 0], "r": role, "p": place, "m": month}
    ).assign(c=data["company"])
    model = smf.ols("y ~ d + C(r) + C(p) + C(m) + C(c)", frame).fit(
        cov_type="cluster", cov_kwds={"groups": frame["c"].to_numpy()}
    )
    effects = FixedEffects(data["fe"], absorbed=data["company"])
    x = sparse.csc_matrix(data["x"][:, :1])
    codes = [*data["fe"], data["company"]]
    est, _ = single_flag_estimates(
        effects,
        effects.residuals(data["y"]),
        x,
        effects.coefficients(x),
        data["clusters"],
        fe_parameter_count(codes),
    )
    assert est.beta[0] == pytest.approx(model.params["d"], rel=1e-8)
    assert est.se[0] == pytest.approx(model.bse["d"], rel=1e-8)


def test_medians_with_and_without_each_column_equal_numpy() -> None:
    rng = np.random.default_rng(5)
    for trial in range(60):
        n, k = int(rng.integers(1, 50)), int(rng.integers(1, 5))
        pay = rng.choice([1.0, 2.0, 3.0, 5.0], n) if trial % 2 else rng.normal(100, 10, n)
        member = rng.random((n, k)) < rng.random(k)
        member[0, :] = True  # every column has a row
        rows, cols = np.nonzero(member)
        with_skill, without = _medians(pay, rows, cols, k)
        for j in range(k):
            assert with_skill[j] == pytest.approx(np.median(pay[member[:, j]])), trial
            rest = pay[~member[:, j]]
            if rest.size:
                assert without[j] == pytest.approx(np.median(rest)), trial
            else:
                assert np.isnan(without[j])


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
