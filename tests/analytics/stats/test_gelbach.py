"""Gelbach decomposition: the textbook formula on dense dummies, exact adding up (values and
influences), the convention for collinear groups, and standard errors against a bootstrap over
companies."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from analytics.stats.clustered_ols import cluster_order, single_flag_estimates
from analytics.stats.fixed_effects import FixedEffects
from analytics.stats.gelbach import Decomposition, gelbach_decomposition, lexicographic_null_map
from tests.analytics.stats.designs import dummies


def _market(seed: int, n: int = 2000, companies: int = 70, nested: bool = False) -> dict:
    """Log pay with role, place, month and company effects; two flags more common in some
    roles, places and well-paying companies (so each control explains part of the raw gap).
    `nested`: place 6 is used by company 0 only. Rows sorted by company."""
    rng = np.random.default_rng(seed)
    company = rng.integers(0, companies, n)
    place = rng.integers(0, 6, n)
    if nested:
        place[company == 0] = 6
    role = rng.integers(0, 5, n)
    month = rng.integers(0, 12, n)
    effect = rng.normal(0, 0.2, companies)
    p = 0.15 + 0.1 * role / 4 + 0.1 * (place == 0) + 0.2 * (effect[company] > 0)
    x = (rng.random((n, 2)) < p[:, None]).astype(np.float64)
    y = (
        11
        + effect[company]
        + 0.08 * role
        + 0.1 * (place == 0)
        + 0.01 * month
        + 0.15 * x[:, 0]
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


def _decompose(data: dict, with_company: bool = True) -> tuple[Decomposition, object, object]:
    clusters = data["clusters"]
    effects = FixedEffects(data["fe"], absorbed=clusters.codes if with_company else None)
    x = sparse.csc_matrix(data["x"])
    sums = effects.level_sums(x)
    coefs = effects.coefficients(x, sums)
    y_coefs = effects.coefficients(data["y"])
    y_t = data["y"] - effects.fitted(y_coefs)
    k_full = effects.parameter_count() + 1
    full, _ = single_flag_estimates(effects, y_t, x, coefs, clusters, k_full)
    dec = gelbach_decomposition(
        effects, data["y"], y_t, x, sums, coefs, y_coefs, full, clusters, k_full
    )
    base = FixedEffects([np.zeros(data["y"].size, dtype=np.int64)])
    base_coefs = base.coefficients(x)
    y_base = data["y"] - base.fitted(base.coefficients(data["y"]))
    base_est, _ = single_flag_estimates(base, y_base, x, base_coefs, clusters, 2)
    return dec, full, base_est


@pytest.mark.parametrize("with_company", [False, True])
def test_parts_equal_the_textbook_formula_and_add_up_exactly(with_company: bool) -> None:
    """δ_k = d̃ᵀ(X_k γ_k) / d̃ᵀd̃ with γ from dense least squares; Σ δ_k = β_base − β_full to
    rounding, and the parts' influences add up to that of β_base − β_full, cluster by
    cluster."""
    data = _market(1)
    dec, full, base = _decompose(data, with_company)
    codes = [*data["fe"], *([data["company"]] if with_company else [])]
    design = dummies(codes)
    offsets = np.cumsum([0] + [int(c.max()) + 1 for c in codes])
    for j in range(2):
        d = data["x"][:, j]
        theta, *_ = np.linalg.lstsq(np.column_stack([d, design]), data["y"], rcond=None)
        d_t = d - d.mean()
        for g in range(len(codes)):
            block = slice(offsets[g], offsets[g + 1])
            h = design[:, block] @ theta[1:][block]
            assert dec.delta[g, j] == pytest.approx(d_t @ h / (d_t @ d_t), abs=1e-10)
        assert full.beta[j] == pytest.approx(theta[0], abs=1e-10)
    np.testing.assert_allclose(dec.beta_base, base.beta, atol=1e-12)
    assert np.abs(dec.delta.sum(axis=0) - (base.beta - full.beta)).max() < 1e-12
    influence = base.scores / base.sxx - full.scores / full.sxx
    assert np.abs(dec.scores.sum(axis=1) - influence).max() < 1e-12


def test_collinear_groups_give_the_shared_part_to_the_group_listed_first() -> None:
    """Place 6 is used by company 0 only: the split between them is not identified. The parts
    still add up exactly; the normalized coefficients leave company 0 with the smallest
    possible effect, so the shared level is the place's; and the map is a projection that
    removes null-space components."""
    data = _market(2, nested=True)
    dec, full, base = _decompose(data)
    assert np.abs(dec.delta.sum(axis=0) - (base.beta - full.beta)).max() < 1e-12
    effects = FixedEffects(data["fe"], absorbed=data["clusters"].codes)
    null = effects.null_space()
    assert null.shape[1] == 4  # three constants and the nesting
    blocks = [slice(0, 5), slice(5, 12), slice(12, 24), slice(24, 24 + 70)]
    t_map = lexicographic_null_map(null, blocks)
    rng = np.random.default_rng(3)
    gamma = rng.normal(size=null.shape[0])
    star = gamma - null @ (t_map @ gamma)
    # γ + null·s normalizes to the same coefficients (a projection along the null space)
    shifted = gamma + null @ rng.normal(size=null.shape[1])
    np.testing.assert_allclose(shifted - null @ (t_map @ shifted), star, atol=1e-9)
    # within the freedom left, the last block (companies) is as small as possible
    companies = blocks[-1]
    for _ in range(5):
        step = null @ rng.normal(size=null.shape[1])
        assert (
            np.linalg.norm(star[companies] + step[companies])
            >= np.linalg.norm(star[companies]) - 1e-9
        )


def test_standard_errors_match_a_bootstrap_over_companies() -> None:
    """Each part's clustered influence-function standard error against the standard deviation
    of the parts over 150 company-bootstrap replicates (seeded): within 15%."""
    data = _market(4, n=2000, companies=80)
    dec, _, _ = _decompose(data)
    rng = np.random.default_rng(0)
    clusters = data["clusters"]
    members = [np.flatnonzero(clusters.codes == c) for c in range(clusters.count)]
    replicates = []
    for _ in range(150):
        picked = np.sort(rng.integers(0, clusters.count, clusters.count))
        rows = np.concatenate([members[c] for c in picked])
        company = np.repeat(np.arange(picked.size), [members[c].size for c in picked])
        sample = {
            "fe": [f[rows] for f in data["fe"]],
            "company": company,
            "clusters": cluster_order(company)[1],
            "x": data["x"][rows],
            "y": data["y"][rows],
        }
        replicates.append(_decompose(sample)[0].delta)
    boot = np.std(replicates, axis=0, ddof=1)
    np.testing.assert_allclose(dec.se, boot, rtol=0.15)
