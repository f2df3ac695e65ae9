"""`FixedEffects`: its sparse residuals and sums against plain dense least squares."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from analytics.stats.fixed_effects import FixedEffects, fe_parameter_count
from tests.analytics.stats.designs import dense_residuals, dummies, random_design


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


def _titles(data: dict, seed: int, nested: bool) -> np.ndarray:
    """Titles with many levels: nested in the role (as the role family is read from the
    title) or crossing roles."""
    rng = np.random.default_rng(seed)
    role = data["fe"][0]
    if nested:
        return role * 40 + rng.integers(0, 40, role.size)
    return rng.integers(0, 120, role.size)


@pytest.mark.parametrize("nested", [False, True])
@pytest.mark.parametrize("with_company", [False, True])
def test_extra_dimension_residuals_and_sums_equal_dense_least_squares(
    nested: bool, with_company: bool
) -> None:
    """A second many-level dimension (the title) solved by conjugate gradients gives the dense
    residuals, x̃ᵀx̃ and per-cluster sums of [F C T] least squares."""
    data = random_design(6, n=2000, companies=60)
    titles = _titles(data, 7, nested)
    absorbed = data["company"] if with_company else None
    codes = [*data["fe"], *([data["company"]] if with_company else []), titles]
    effects = FixedEffects(data["fe"], absorbed=absorbed, extra=titles)
    matrix = np.column_stack([data["y"], data["x"]])
    expected = dense_residuals(matrix, codes)
    assert np.abs(effects.residuals(matrix) - expected).max() < 1e-8
    x = sparse.csc_matrix(data["x"])
    sums = effects.level_sums(x)
    coefs = effects.coefficients(x, sums)
    x_t = expected[:, 1:]
    np.testing.assert_allclose(effects.residual_gram(x, sums, coefs), x_t.T @ x_t, atol=1e-7)
    clusters = data["clusters"]
    weights = np.random.default_rng(8).normal(size=x_t.shape[0])
    per_company = np.zeros((clusters.count, x_t.shape[1]))
    np.add.at(per_company, clusters.codes, x_t * weights[:, None])
    got = effects.cluster_scores(weights, x, coefs, clusters.codes, clusters.count)
    np.testing.assert_allclose(got, per_company, atol=1e-7)


def test_extra_dimension_solves_columns_together_as_one_by_one() -> None:
    """Columns that converge at different iterations (a zero column, one the first dimensions
    explain exactly, skills, the outcome) leave the block as they converge: each column's
    fitted values (unique, unlike coefficients along the null space) equal its solve alone,
    and the residuals equal dense least squares."""
    data = random_design(11, n=2000, companies=60)
    titles = _titles(data, 12, nested=False)
    effects = FixedEffects(data["fe"], absorbed=data["company"], extra=titles)
    role_dummy = (data["fe"][0] == 2).astype(np.float64)
    matrix = np.column_stack([np.zeros(data["y"].size), role_dummy, data["x"], data["y"]])
    together = effects.fitted(effects.coefficients(matrix))
    for j in range(matrix.shape[1]):
        alone = effects.fitted(effects.coefficients(matrix[:, [j]]))
        assert np.abs(together[:, [j]] - alone).max() < 1e-8, j
    residuals = matrix - together
    codes = [*data["fe"], data["company"], titles]
    assert np.abs(residuals - dense_residuals(matrix, codes)).max() < 1e-8
    assert np.abs(residuals[:, :2]).max() < 1e-8


def test_extra_dimension_effects_leave_what_the_others_express_to_them() -> None:
    """Titles nested in roles: the title effects are orthogonal (summed over postings) to
    every role, i.e. a role's level stays with the role, not its titles."""
    data = random_design(9, n=2000, companies=60)
    titles = _titles(data, 10, nested=True)
    effects = FixedEffects(data["fe"], absorbed=data["company"], extra=titles)
    coefs = effects.coefficients(np.column_stack([data["y"], data["x"]]))
    assert coefs.c is not None
    per_title_row = coefs.c[effects.extra]
    role = data["fe"][0]
    for r in np.unique(role):
        assert np.abs(per_title_row[role == r].sum(axis=0)).max() < 1e-6


@pytest.mark.parametrize("nested", [False, True])
def test_null_space_and_parameter_count_are_exact_for_the_first_dimensions(nested: bool) -> None:
    """Every collinearity of [F C] (not only each dimension's constant): a place used by one
    company only adds a null vector, and the parameter count is the dummies' rank."""
    data = random_design(11, n=900, companies=40, nested=nested)
    effects = FixedEffects(data["fe"], absorbed=data["company"])
    null = effects.null_space()
    design = dummies([*data["fe"], data["company"]])
    assert np.abs(design @ null).max() < 1e-8
    assert null.shape[1] == design.shape[1] - np.linalg.matrix_rank(design)
    assert effects.parameter_count() == np.linalg.matrix_rank(design)
