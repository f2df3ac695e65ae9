"""Clustered least squares after the fixed effects, against the textbook formulas and
statsmodels' OLS with dummy variables and `cov_type="cluster"`."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from scipy import sparse

from analytics.stats.clustered_ols import (
    clustered_estimates,
    single_flag_estimates,
    small_sample_correction,
)
from analytics.stats.fixed_effects import FixedEffects, fe_parameter_count
from tests.analytics.stats.designs import dense_residuals, random_design


@pytest.mark.parametrize("with_company", [False, True])
def test_single_flag_estimates_equal_the_dense_computation(with_company: bool) -> None:
    data = random_design(2)
    codes = [*data["fe"], data["company"]] if with_company else data["fe"]
    effects = FixedEffects(data["fe"], absorbed=data["company"] if with_company else None)
    x = sparse.csc_matrix(data["x"])
    coefs = effects.coefficients(x)
    x_t = dense_residuals(data["x"], codes)
    y_t = dense_residuals(data["y"], codes)
    clusters = data["clusters"]
    k_fe = fe_parameter_count(codes)
    est, xty = single_flag_estimates(
        effects, effects.residuals(data["y"]), x, coefs, clusters, k_fe
    )
    sxx = (x_t**2).sum(axis=0)
    beta = x_t.T @ y_t / sxx
    scores = np.zeros((clusters.count, x_t.shape[1]))
    np.add.at(scores, clusters.codes, x_t * (y_t[:, None] - x_t * beta))
    correction = small_sample_correction(y_t.size, clusters.count, k_fe + 1)
    se = np.sqrt(correction * (scores**2).sum(0) / sxx**2)
    np.testing.assert_allclose(est.beta, beta, rtol=1e-9)
    np.testing.assert_allclose(est.se, se, rtol=1e-9)
    np.testing.assert_allclose(xty, x_t.T @ y_t, rtol=1e-9, atol=1e-12)


def test_clustered_estimates_match_statsmodels_dummies_with_clustered_errors() -> None:
    """Unsorted rows and fixed effects as dummies: the same β and clustered se."""
    rng = np.random.default_rng(1)
    n = 1500
    frame = pd.DataFrame(
        {
            "company": rng.integers(0, 60, n),
            "rl": rng.integers(0, 9, n),
            "place": rng.integers(0, 4, n),
            "month": rng.integers(1, 13, n),
        }
    )
    frame["d"] = (rng.random(n) < 0.15 + 0.2 * (frame["place"] == 0)).astype(np.float64)
    frame["y"] = (
        11.5
        + 0.25 * (frame["place"] == 0)
        + 0.02 * frame["rl"]
        + 0.01 * frame["month"]
        + rng.normal(0, 0.08, 60)[frame["company"]]
        + 0.15 * frame["d"]
        + rng.normal(0, 0.1, n)
    )
    model = smf.ols("y ~ d + C(rl) + C(place) + C(month)", data=frame).fit(
        cov_type="cluster", cov_kwds={"groups": frame["company"].to_numpy()}
    )
    est = clustered_estimates(
        frame["y"].to_numpy(),
        frame[["d"]].to_numpy(),
        [frame[c].to_numpy() for c in ("rl", "place", "month")],
        frame["company"].to_numpy(),
    )
    assert est.beta[0] == pytest.approx(model.params["d"], rel=1e-6)
    assert est.se[0] == pytest.approx(model.bse["d"], rel=1e-6)


def test_within_company_estimate_matches_statsmodels_with_company_dummies() -> None:
    data = random_design(4, n=1200, companies=50, nested=False)
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
