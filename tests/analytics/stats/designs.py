"""Synthetic least-squares designs for the solver tests, and their dense textbook solutions."""

from __future__ import annotations

import numpy as np

from analytics.stats.clustered_ols import cluster_order


def random_design(seed: int, n: int = 900, companies: int = 40, nested: bool = True) -> dict:
    """Random fixed effects, a company per row (`nested`: one place used by a single company
    only, so the company and place dummies are collinear beyond the usual sum-to-one), skills
    that are more common in some companies, and log pay with company and place effects. Rows
    come sorted by company."""
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


def dummies(codes: list[np.ndarray]) -> np.ndarray:
    return np.column_stack([np.eye(c.max() + 1)[c] for c in codes])


def dense_residuals(matrix: np.ndarray, codes: list[np.ndarray]) -> np.ndarray:
    """Residuals of `matrix` on the dummies of `codes` by dense least squares."""
    d = dummies(codes)
    coef, *_ = np.linalg.lstsq(d, matrix, rcond=None)
    return matrix - d @ coef
