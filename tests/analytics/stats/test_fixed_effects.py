"""`FixedEffects`: its sparse residuals and sums against plain dense least squares."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from analytics.stats.fixed_effects import FixedEffects, fe_parameter_count
from tests.analytics.stats.designs import dense_residuals, random_design


@pytest.mark.parametrize("with_company", [False, True])
def test_fixed_effect_residuals_equal_dense_least_squares(with_company: bool) -> None:
    data = random_design(1)
    codes = [*data["fe"], data["company"]] if with_company else data["fe"]
    effects = FixedEffects(data["fe"], absorbed=data["company"] if with_company else None)
    matrix = np.column_stack([data["y"], data["x"]])
    got = effects.residuals(matrix)
    expected = dense_residuals(matrix, codes)
    assert np.abs(got - expected).max() < 1e-10
    # the same from a sparse matrix, and for one vector
    assert np.abs(effects.residuals(sparse.csc_matrix(data["x"])) - expected[:, 1:]).max() < 1e-10
    assert np.abs(effects.residuals(data["y"]) - expected[:, 0]).max() < 1e-10


@pytest.mark.parametrize("with_company", [False, True])
def test_residual_gram_and_cluster_scores_equal_their_dense_definitions(
    with_company: bool,
) -> None:
    """x̃ᵀx̃ and per-company Σ w·x̃, computed without a dense x̃, equal the textbook
    computation on the dense residualized design."""
    data = random_design(2)
    codes = [*data["fe"], data["company"]] if with_company else data["fe"]
    effects = FixedEffects(data["fe"], absorbed=data["company"] if with_company else None)
    x = sparse.csc_matrix(data["x"])
    sums = effects.level_sums(x)
    coefs = effects.coefficients(x, sums)
    x_t = dense_residuals(data["x"], codes)
    clusters = data["clusters"]
    g = clusters.count

    np.testing.assert_allclose(effects.residual_gram(x, sums, coefs), x_t.T @ x_t, atol=1e-9)

    weights = np.random.default_rng(3).normal(size=x_t.shape[0])
    per_company = np.zeros((g, x_t.shape[1]))
    np.add.at(per_company, clusters.codes, x_t * weights[:, None])
    got = effects.cluster_scores(weights, x, coefs, clusters.codes, g)
    np.testing.assert_allclose(got, per_company, atol=1e-9)


def test_parameter_count_is_levels_minus_one_per_extra_dimension() -> None:
    codes = [np.array([0, 1, 2, 2]), np.array([5, 5, 7, 9]), np.array([0, 0, 0, 0])]
    assert fe_parameter_count(codes) == 3 + 3 + 1 - 2
