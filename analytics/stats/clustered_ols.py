"""Least squares with fixed effects and company-clustered standard errors, for many regressors.

After `FixedEffects` has partialled the fixed effects out (Frisch–Waugh–Lovell), each regressor's
β is a ratio of sums and its cluster-robust variance comes from per-cluster score sums:
`single_flag_estimates` regresses the outcome on every column of a sparse design one at a time,
`joint_estimates` on a set of columns together (sandwich (X'X)⁻¹ (Σ_g s_g s_g') (X'X)⁻¹), with
`independent_columns` choosing which columns a joint model can hold. The small-sample correction
is statsmodels' `cov_type="cluster"` one (G/(G-1) · (N-1)/(N-K)), so the results match OLS with
dummy variables there (tests check it). Rows must be sorted by cluster (`cluster_order`).

May import: numpy, scipy, `analytics.stats.fixed_effects`. Never another package of the project.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import linalg, sparse

from analytics.stats.fixed_effects import (
    Coefs,
    FixedEffects,
    dense_codes,
    fe_parameter_count,
    indicator_matrix,
)

COLUMN_CHUNK = 32  # columns of the dense per-cluster Σ f² block computed at a time


@dataclass(frozen=True)
class Estimates:
    """Per regressor: β and its cluster-robust standard error; the rows and clusters behind them.
    `scores` (clusters × regressors, single-flag estimates): Σ over the cluster's rows of x̃·ê,
    so β's influence per cluster is scores / sxx (differences of estimates use them)."""

    beta: np.ndarray
    se: np.ndarray
    n: int
    n_clusters: int
    scores: np.ndarray | None = None
    sxx: np.ndarray | None = None


def small_sample_correction(n: int, n_clusters: int, k: int) -> float:
    """statsmodels' cluster correction: G/(G-1) * (N-1)/(N-K)."""
    if n_clusters > 1 and n > k:
        return (n_clusters / (n_clusters - 1)) * ((n - 1) / (n - k))
    return float("nan")


@dataclass(frozen=True)
class Clusters:
    """Cluster (company) of each row, rows sorted by cluster, and the cluster × row indicator
    (sums per cluster are one sparse product)."""

    codes: np.ndarray
    indicator: sparse.csr_matrix
    count: int


def cluster_order(clusters: np.ndarray) -> tuple[np.ndarray, Clusters]:
    """The row order that sorts rows by cluster, and the sorted clusters."""
    dense, count = dense_codes(clusters)
    order = np.argsort(dense, kind="stable")
    codes = dense[order]
    indicator = indicator_matrix(codes, count).T.tocsr()
    return order, Clusters(codes=codes, indicator=indicator, count=count)


def single_flag_estimates(
    effects: FixedEffects,
    y_t: np.ndarray,
    x: sparse.spmatrix,
    coefficients: Coefs,
    clusters: Clusters,
    k_fe: int,
) -> tuple[Estimates, np.ndarray]:
    """β and clustered se of residualized log pay on each residualized column x̃ = x − f of
    `x` on its own (f = F·a + C·b), and x̃ᵀỹ. Column j's score in cluster g is
    Σ_g x̃ỹ − β_j Σ_g x̃²: the first sum comes from sparse products, the second as
    Σ_g f² + Σ over x's nonzeros of x² − 2xf. Σ_g f² is summed over the (cluster, fixed-effect
    cell) pairs when f is constant on them (no extra dimension; the absorbed one, if any, is
    the clusters), else over the rows (dense, an n × COLUMN_CHUNK block at a time).
    Rows must be sorted by cluster."""
    x = sparse.csc_matrix(x)
    x.sum_duplicates()
    n, k = x.shape
    g = clusters.count
    cross = effects.cluster_scores(y_t, x, coefficients, clusters.codes, g)  # Σ_g x̃ỹ
    squares = np.empty((g, k))  # Σ_g x̃²
    column_of = np.repeat(np.arange(k), np.diff(x.indptr))
    by_cell = _cluster_cells(effects, clusters)
    for start in range(0, k, COLUMN_CHUNK):
        stop = min(start + COLUMN_CHUNK, k)
        width = stop - start
        chunk = coefficients.take(slice(start, stop))
        if by_cell is not None:
            squares[:, start:stop] = _cell_squares(effects, chunk, by_cell)
        else:
            fit = effects.fitted(chunk)
            np.square(fit, out=fit)
            squares[:, start:stop] = clusters.indicator @ fit
            del fit
        lo, hi = x.indptr[start], x.indptr[stop]
        rows, cols, values = x.indices[lo:hi], column_of[lo:hi] - start, x.data[lo:hi]
        at = effects.fitted_at(chunk, rows, cols)
        squares[:, start:stop] += np.bincount(
            clusters.codes[rows] * width + cols,
            weights=values * (values - 2 * at),
            minlength=g * width,
        ).reshape(g, width)
    sxx, sxy = squares.sum(axis=0), cross.sum(axis=0)
    # a column the fixed effects explain exactly has only rounding noise left: no estimate
    own = np.bincount(column_of, weights=x.data**2, minlength=k)
    sxx[sxx <= 1e-10 * own] = np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        beta = sxy / sxx
        scores = cross - beta * squares
        var = small_sample_correction(n, g, k_fe + 1) * (scores**2).sum(axis=0) / sxx**2
    estimates = Estimates(beta=beta, se=np.sqrt(var), n=n, n_clusters=g, scores=scores, sxx=sxx)
    return estimates, sxy


def _cluster_cells(effects: FixedEffects, clusters: Clusters) -> sparse.csr_matrix | None:
    """Rows per (cluster, fixed-effect cell), when the fitted values are constant on those
    pairs: no extra dimension, and the absorbed one (if any) is the clusters."""
    if effects.extra is not None:
        return None
    if effects.groups is not None and not (
        effects.n_groups == clusters.count and np.array_equal(effects.groups, clusters.codes)
    ):
        return None
    return sparse.csr_matrix(
        (np.ones(clusters.codes.size), (clusters.codes, effects.cell)),
        shape=(clusters.count, effects.n_cells),
    )


def _cell_squares(effects: FixedEffects, coefs: Coefs, by_cell: sparse.csr_matrix) -> np.ndarray:
    """Σ_g f² per cluster for f = F·a (+ b of the row's cluster), from the cells' F·a."""
    cell_fit = np.asarray(effects.cell_fe @ coefs.a)
    squares = np.asarray(by_cell @ (cell_fit * cell_fit))
    if coefs.b is not None:
        sizes = np.asarray(by_cell.sum(axis=1))
        squares += 2 * coefs.b * np.asarray(by_cell @ cell_fit) + sizes * coefs.b**2
    return squares


def clustered_estimates(
    y: np.ndarray, d: np.ndarray, fe_codes: list[np.ndarray], clusters: np.ndarray
) -> Estimates:
    """β and cluster-robust se of log pay on each column of `d` given the fixed effects."""
    order, sorted_clusters = cluster_order(clusters)
    fe_sorted = [np.asarray(c)[order] for c in fe_codes]
    effects = FixedEffects(fe_sorted)
    y_t = effects.residuals(np.asarray(y, dtype=np.float64)[order])
    x = sparse.csc_matrix(np.asarray(d, dtype=np.float64)[order])
    est, _ = single_flag_estimates(
        effects, y_t, x, effects.coefficients(x), sorted_clusters, fe_parameter_count(fe_sorted)
    )
    return est


def independent_columns(gram: np.ndarray, order: list[int], tol: float = 1e-7) -> list[int]:
    """Columns (tried in `order`) that are not linear combinations of those kept before them:
    a Cholesky factor of the kept columns' Gram grows one row per kept column, and a column is
    kept when its variance left after the kept ones exceeds `tol` of its own."""
    keep: list[int] = []
    factor = np.zeros((len(order), len(order)))
    for j in order:
        own = gram[j, j]
        if own <= 0:
            continue
        m = len(keep)
        z = linalg.solve_triangular(factor[:m, :m], gram[keep, j], lower=True) if m else np.zeros(0)
        left = own - float(z @ z)
        if left > tol * own:
            factor[m, :m] = z
            factor[m, m] = np.sqrt(left)
            keep.append(j)
    return keep


def joint_estimates(
    effects: FixedEffects,
    y_t: np.ndarray,
    x: sparse.csc_matrix,
    coefficients: Coefs,
    xty: np.ndarray,
    gram: np.ndarray,
    keep: list[int],
    clusters: Clusters,
    k_fe: int,
) -> Estimates:
    """OLS of residualized log pay on the residualized columns `keep` at once, with the
    cluster-robust sandwich (X'X)⁻¹ (Σ_g s_g s_g') (X'X)⁻¹; matches statsmodels with the same
    regressors. The residual is ỹ − x̃β = ỹ − xβ + F·(aβ) + C·(bβ) and the cluster scores come
    from sparse products, so no dense copy of the design is made."""
    n, g = y_t.shape[0], clusters.count
    bread = np.linalg.inv(gram[np.ix_(keep, keep)])
    beta = bread @ xty[keep]
    x_keep = x[:, keep]
    kept = coefficients.take(keep)
    errors = y_t - x_keep @ beta + effects.fitted(kept.times(beta))
    scores = effects.cluster_scores(errors, x_keep, kept, clusters.codes, g)
    var = small_sample_correction(n, g, k_fe + len(keep)) * (bread @ (scores.T @ scores) @ bread)
    return Estimates(beta=beta, se=np.sqrt(np.diag(var)), n=n, n_clusters=g)
