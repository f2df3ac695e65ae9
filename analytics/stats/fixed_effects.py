"""Exact least-squares projection on fixed effects (group indicators), for many columns at once.

`FixedEffects` partials out a few dimensions of group indicators (role × level, place, month:
a few hundred levels) and optionally one dimension with thousands of levels (the company) from a
vector or a sparse design, without forming the dummies: the fixed-effect coefficients come from
per-level sums and one small Cholesky solve (the many-level dimension is eliminated through the
Schur complement of its diagonal block), refined once against the unridged normal equations.
Sums over residualized columns (x̃ᵀx̃, per-cluster Σ w·x̃) come from sparse products and the
coefficients, so an n × k dense residualized design is never built. The clustered estimators
built on it live in `analytics.stats.clustered_ols`.

May import: numpy, scipy. Never another package of the project (`warehouse` may use it too).
"""

from __future__ import annotations

import numpy as np
from scipy import linalg, sparse

REFINEMENT_STEPS = 1  # iterative refinement of the ridged fixed-effect solve


def dense_codes(codes: np.ndarray) -> tuple[np.ndarray, int]:
    """Codes renumbered 0..levels-1 over the levels that occur, and the number of levels."""
    codes = np.asarray(codes).ravel()
    if (
        codes.size
        and codes.dtype.kind in "iu"
        and codes.min() >= 0
        and codes.max() < 4 * codes.size
    ):
        seen = np.bincount(codes) > 0
        renumber = np.cumsum(seen) - 1
        return renumber[codes].astype(np.int64), int(seen.sum())
    levels, inverse = np.unique(codes, return_inverse=True)
    return inverse.astype(np.int64).ravel(), int(levels.size)


def sums_by(
    keys: np.ndarray,
    levels: int,
    matrix: np.ndarray | sparse.spmatrix,
    row_weights: np.ndarray | None = None,
) -> np.ndarray:
    """Per level of `keys` (one key per row, or several: n × dims), the sum of each column of
    `matrix` (sparse: optionally times a weight per row) over its rows (levels × columns; 1-D
    for a vector)."""
    keys = keys.reshape(keys.shape[0], -1)
    if sparse.issparse(matrix):
        coo = sparse.coo_matrix(matrix)
        m = coo.shape[1]
        flat = (keys[coo.row] * m + coo.col[:, None]).ravel()
        data = coo.data if row_weights is None else coo.data * row_weights[coo.row]
        weights = np.repeat(data, keys.shape[1])
        return np.bincount(flat, weights=weights, minlength=levels * m).reshape(levels, m)
    matrix = np.asarray(matrix, dtype=np.float64)
    if matrix.ndim == 1:
        return np.bincount(keys.ravel(), np.repeat(matrix, keys.shape[1]), minlength=levels)
    level_rows = sparse.csr_matrix(
        (np.ones(keys.size), (keys.ravel(), np.repeat(np.arange(keys.shape[0]), keys.shape[1]))),
        shape=(levels, keys.shape[0]),
    )
    return np.asarray(level_rows @ matrix)


def indicator_matrix(codes: np.ndarray, levels: int | None = None) -> sparse.csr_matrix:
    """The rows × levels 0/1 matrix of one code per row."""
    n = codes.shape[0]
    if levels is None:
        levels = int(codes.max()) + 1 if n else 0
    return sparse.csr_matrix((np.ones(n), (np.arange(n), codes)), shape=(n, levels))


def _as_array(matrix: np.ndarray | sparse.spmatrix) -> np.ndarray:
    return matrix.toarray() if sparse.issparse(matrix) else np.asarray(matrix, dtype=np.float64)


class FixedEffects:
    """Group indicators to partial out, solved exactly: the fixed effects `F` (a few hundred
    levels: role × level, place, month) through their Gram matrix, and optionally one dimension
    with thousands of levels (`absorbed`, the company) through the Schur complement of its
    diagonal block, so the solve stays F-sized. Residuals are x − F·a − C·b; `coefficients`
    gives (a, b) for many columns at once from sparse products, `fitted` rebuilds F·a + C·b
    with one gather over the rows' fixed-effect cells.

    The indicators of several dimensions are collinear (each dimension's dummies sum to one);
    a tiny ridge ε (1e-9 of the largest level count) on every level makes the system
    factorizable; Fᵀx and Cᵀx have no component along the null space, so the ridge only biases
    the other components, by a factor ε/λ, and one step of iterative refinement against the
    unridged normal equations takes that to (ε/λ)² (the fitted values then agree with fully
    converged alternating projections to ~1e-12). With `absorbed`, the solve is that of the
    normal equations of [F C], eliminated block by block."""

    def __init__(self, fe_codes: list[np.ndarray], absorbed: np.ndarray | None = None) -> None:
        n = fe_codes[0].shape[0]
        renumbered = [dense_codes(codes) for codes in fe_codes]
        sizes = [levels for _, levels in renumbered]
        offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
        self.n_levels = offset = int(sum(sizes))
        self.columns = np.stack([c for c, _ in renumbered], axis=1) + offsets  # n × dims
        dims = len(sizes)
        self.fe = sparse.csr_matrix(
            (np.ones(n * dims), self.columns.ravel(), np.arange(0, n * dims + 1, dims)),
            shape=(n, offset),
        )
        # rows sharing all fixed-effect levels (a cell) share F·a: compute it per cell, gather
        cell_key = np.zeros(n, dtype=np.int64)
        for codes, levels in renumbered:
            cell_key = cell_key * levels + codes
        self.cell, n_cells = dense_codes(cell_key)
        key_of_cell = np.empty(n_cells, dtype=np.int64)
        key_of_cell[self.cell] = cell_key
        cell_levels = np.empty((n_cells, dims), dtype=np.int64)
        for d in range(dims - 1, -1, -1):
            key_of_cell, cell_levels[:, d] = np.divmod(key_of_cell, sizes[d])
        self.cell_fe = sparse.csr_matrix(
            (
                np.ones(n_cells * dims),
                (cell_levels + offsets).ravel(),
                np.arange(0, n_cells * dims + 1, dims),
            ),
            shape=(n_cells, offset),
        )
        gram = (self.fe.T @ self.fe).toarray()
        largest = float(np.diag(gram).max()) if offset else 0.0
        self.groups: np.ndarray | None = None
        if absorbed is not None:
            self.groups, self.n_groups = dense_codes(absorbed)
            self.group_indicator = indicator_matrix(self.groups, self.n_groups)
            counts = np.bincount(self.groups, minlength=self.n_groups).astype(np.float64)
            largest = max(largest, float(counts.max()) if self.n_groups else 0.0)
        self.ridge = 1e-9 * max(largest, 1.0)
        self.gram = gram
        system = gram + self.ridge * np.eye(offset)
        if self.groups is not None:
            self.counts = counts
            self.inv_counts = 1.0 / (counts + self.ridge)
            self.cross = (self.fe.T @ self.group_indicator).tocsr()  # F'C
            system -= (self.cross @ sparse.diags(self.inv_counts) @ self.cross.T).toarray()
        self.factor = linalg.cho_factor(system)

    def level_sums(
        self, matrix: np.ndarray | sparse.spmatrix
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """(Fᵀx, Cᵀx): each column's sum per fixed-effect level and per absorbed group."""
        return sums_by(self.columns, self.n_levels, matrix), self.group_sums(matrix)

    def group_sums(self, matrix: np.ndarray | sparse.spmatrix) -> np.ndarray | None:
        """Cᵀx: each column's sum per absorbed group (None without one)."""
        return None if self.groups is None else sums_by(self.groups, self.n_groups, matrix)

    def coefficients(
        self,
        matrix: np.ndarray | sparse.spmatrix,
        sums: tuple[np.ndarray, np.ndarray | None] | None = None,
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """(a, b): fixed-effect and absorbed-group coefficients of each column of `matrix`
        (`sums`: its level_sums if already known): the ridged solve, then REFINEMENT_STEPS
        steps of iterative refinement against the unridged normal equations, each shrinking the
        ridge's bias by a factor ε/λ."""
        ftx, ctx = self.level_sums(matrix) if sums is None else sums
        a, b = self._ridged_solve(ftx, ctx)
        for _ in range(REFINEMENT_STEPS):
            left_f, left_c = self._normal_residuals(ftx, ctx, a, b)
            step_a, step_b = self._ridged_solve(left_f, left_c)
            a = a + step_a
            b = None if b is None else b + step_b
        return a, b

    def _normal_residuals(
        self, ftx: np.ndarray, ctx: np.ndarray | None, a: np.ndarray, b: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """Fᵀx̃ and Cᵀx̃ for x̃ = x − F·a − C·b, from Fᵀx and Cᵀx (zero at the exact solve)."""
        left_f = ftx - self.gram @ a
        if ctx is None or b is None:
            return left_f, None
        counts = self.counts if ctx.ndim == 1 else self.counts[:, None]
        return left_f - self.cross @ b, ctx - self.cross.T @ a - counts * b

    def _ridged_solve(
        self, ftx: np.ndarray, ctx: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray | None]:
        if ctx is None:
            return linalg.cho_solve(self.factor, ftx), None
        inv = self.inv_counts if ctx.ndim == 1 else self.inv_counts[:, None]
        a = linalg.cho_solve(self.factor, ftx - self.cross @ (inv * ctx))
        return a, inv * (ctx - self.cross.T @ a)

    def fitted(self, a: np.ndarray, b: np.ndarray | None) -> np.ndarray:
        """F·a + C·b for every row (dense, n × columns of a)."""
        values = np.take(np.asarray(self.cell_fe @ a), self.cell, axis=0)
        if b is not None:
            values += np.take(b, self.groups, axis=0)
        return values

    def fitted_at(
        self, a: np.ndarray, b: np.ndarray | None, rows: np.ndarray, cols: np.ndarray
    ) -> np.ndarray:
        """F·a + C·b at the (row, column) pairs given."""
        values = np.asarray(self.cell_fe @ a)[self.cell[rows], cols]
        if b is not None and self.groups is not None:
            values = values + b[self.groups[rows], cols]
        return values

    def residuals(self, matrix: np.ndarray | sparse.spmatrix) -> np.ndarray:
        return _as_array(matrix) - self.fitted(*self.coefficients(matrix))

    def residual_gram(
        self,
        x: sparse.spmatrix,
        sums: tuple[np.ndarray, np.ndarray | None],
        a: np.ndarray,
        b: np.ndarray | None,
    ) -> np.ndarray:
        """x̃ᵀx̃ for x̃ = x − F·a − C·b without forming x̃:
        x̃ᵀx̃ = xᵀx − (Fᵀx)ᵀa − (Cᵀx)ᵀb − aᵀ(Fᵀx̃) − bᵀ(Cᵀx̃), all small products."""
        ftx, ctx = sums
        left_f, left_c = self._normal_residuals(ftx, ctx, a, b)
        gram = _as_array(x.T @ x) - ftx.T @ a - a.T @ left_f
        if b is not None and ctx is not None and left_c is not None:
            gram -= ctx.T @ b + b.T @ left_c
        return (gram + gram.T) / 2

    def cluster_scores(
        self,
        weights: np.ndarray,
        x: sparse.spmatrix,
        a: np.ndarray,
        b: np.ndarray | None,
        clusters: np.ndarray,
        n_clusters: int,
    ) -> np.ndarray:
        """Per cluster and column, Σ weight·x̃ over the cluster's rows, for x̃ = x − F·a − C·b,
        from sparse products (no dense x̃)."""
        n = weights.shape[0]
        scores = sums_by(clusters, n_clusters, x, row_weights=weights)
        per_level = np.bincount(
            (clusters[:, None] * self.n_levels + self.columns).ravel(),
            np.repeat(weights, self.columns.shape[1]),
            minlength=n_clusters * self.n_levels,
        )
        scores -= per_level.reshape(n_clusters, self.n_levels) @ a
        if b is not None and self.groups is not None:
            if n_clusters == self.n_groups and np.array_equal(clusters, self.groups):
                scores -= np.bincount(clusters, weights, minlength=n_clusters)[:, None] * b
            else:
                per_cluster = sparse.csr_matrix(
                    (weights, (clusters, np.arange(n))), shape=(n_clusters, n)
                )
                scores -= _as_array(per_cluster @ self.group_indicator) @ b
        return scores


def fe_parameter_count(fe_codes: list[np.ndarray]) -> int:
    """Free parameters the fixed effects absorb (levels minus one per extra dimension)."""
    levels = [dense_codes(c)[1] for c in fe_codes]
    return sum(levels) - (len(levels) - 1)
