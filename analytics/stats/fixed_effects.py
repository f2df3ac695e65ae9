"""Exact least-squares projection on fixed effects (group indicators), for many columns at once.

`FixedEffects` partials out a few dimensions of group indicators (role × level, place, month:
a few hundred levels), optionally one dimension with thousands of levels (`absorbed`: the
company) and optionally a second one (`extra`: the normalized title) from a vector or a sparse
design, without forming the dummies. The fixed-effect coefficients come from per-level sums and
one small Cholesky solve (the absorbed dimension is eliminated through the Schur complement of
its diagonal block), refined once against the unridged normal equations. The extra dimension
is solved on its own Schur complement (its levels' normal equations with the others
eliminated exactly) by conjugate gradients preconditioned with its level counts: every
iteration is a product with level-by-level sparse matrices and one small solve, never a pass
over the rows.
Sums over residualized columns (x̃ᵀx̃, per-cluster Σ w·x̃) come from sparse products and the
coefficients, so an n × k dense residualized design is never built. The clustered estimators
built on it live in `analytics.stats.clustered_ols`.

Collinear dimensions (each dimension's dummies sum to one; a title used in one role family
only) leave the coefficients unidentified along the null space of the normal equations; the
solve returns the solution with no component there for the first dimensions (minimum norm) and,
for the extra dimension, the one whose title effects are orthogonal (weighted by postings) to
what the other dimensions can express, so shared variation stays with the broader controls.
Residuals and fitted values do not depend on that choice.

May import: numpy, scipy. Never another package of the project (`warehouse` may use it too).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy import linalg, sparse

REFINEMENT_STEPS = 1  # iterative refinement of the ridged fixed-effect solve
CG_TOLERANCE = 1e-10  # conjugate gradients stop at this relative residual (extra dimension)
CG_MAX_ITERATIONS = 2000


class ConvergenceError(RuntimeError):
    """Conjugate gradients on the extra dimension did not reach CG_TOLERANCE."""


class Sums(NamedTuple):
    """Per-level sums of each column: Fᵀx (fixed effects), Cᵀx (absorbed), Tᵀx (extra)."""

    f: np.ndarray
    c: np.ndarray | None = None
    t: np.ndarray | None = None

    def take(self, columns: np.ndarray | list[int] | slice) -> Sums:
        return Sums(*(None if s is None else s[:, columns] for s in self))


class Coefs(NamedTuple):
    """Coefficients of each column: a (fixed-effect levels), b (absorbed), c (extra)."""

    a: np.ndarray
    b: np.ndarray | None = None
    c: np.ndarray | None = None

    def take(self, columns: np.ndarray | list[int] | slice) -> Coefs:
        return Coefs(*(None if s is None else s[:, columns] for s in self))

    def times(self, weights: np.ndarray) -> Coefs:
        """The coefficients of the combination `columns @ weights`."""
        return Coefs(*(None if s is None else s @ weights for s in self))

    def minus(self, other: Coefs) -> Coefs:
        return Coefs(*(None if s is None else s - o for s, o in zip(self, other, strict=True)))

    def scaled(self, factor: float | np.ndarray) -> Coefs:
        return Coefs(*(None if s is None else s * factor for s in self))


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
        # float even when the matrix has no entries (bincount of nothing is int64)
        sums = np.bincount(flat, weights=weights, minlength=levels * m).astype(np.float64)
        return sums.reshape(levels, m)
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


def _cross_counts(
    left: np.ndarray, n_left: int, right: np.ndarray, n_right: int
) -> sparse.csr_matrix:
    """Rows sharing each (left level, right level): the n_left × n_right count matrix
    (`right` may hold several keys per row: n × dims)."""
    right = right.reshape(right.shape[0], -1)
    rows = np.repeat(left, right.shape[1])
    return sparse.csr_matrix((np.ones(rows.size), (rows, right.ravel())), shape=(n_left, n_right))


class FixedEffects:
    """Group indicators to partial out, solved exactly: the fixed effects `F` (a few hundred
    levels: role × level, place, month) through their Gram matrix, optionally one dimension
    with thousands of levels (`absorbed`, the company) through the Schur complement of its
    diagonal block, so the solve stays F-sized, and optionally a second such dimension
    (`extra`, the title) by preconditioned conjugate gradients on its own Schur complement.
    Residuals are x − F·a − C·b − T·c; `coefficients` gives (a, b, c) for many columns at once
    from sparse products, `fitted` rebuilds F·a + C·b + T·c with one gather over the rows'
    fixed-effect cells.

    The indicators of several dimensions are collinear (each dimension's dummies sum to one);
    a tiny ridge ε (1e-9 of the largest level count) on every level makes the system
    factorizable; Fᵀx and Cᵀx have no component along the null space, so the ridge only biases
    the other components, by a factor ε/λ, and one step of iterative refinement against the
    unridged normal equations takes that to (ε/λ)² (the fitted values then agree with fully
    converged alternating projections to ~1e-12). With `absorbed`, the solve is that of the
    normal equations of [F C], eliminated block by block."""

    def __init__(
        self,
        fe_codes: list[np.ndarray],
        absorbed: np.ndarray | None = None,
        extra: np.ndarray | None = None,
    ) -> None:
        n = fe_codes[0].shape[0]
        self.n_rows = n
        renumbered = [dense_codes(codes) for codes in fe_codes]
        sizes = [levels for _, levels in renumbered]
        self.dim_sizes = sizes
        offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
        self.dim_offsets = offsets
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
        self.cell, self.n_cells = dense_codes(cell_key)
        key_of_cell = np.empty(self.n_cells, dtype=np.int64)
        key_of_cell[self.cell] = cell_key
        cell_levels = np.empty((self.n_cells, dims), dtype=np.int64)
        for d in range(dims - 1, -1, -1):
            key_of_cell, cell_levels[:, d] = np.divmod(key_of_cell, sizes[d])
        self.cell_fe = sparse.csr_matrix(
            (
                np.ones(self.n_cells * dims),
                (cell_levels + offsets).ravel(),
                np.arange(0, self.n_cells * dims + 1, dims),
            ),
            shape=(self.n_cells, offset),
        )
        gram = (self.fe.T @ self.fe).toarray()
        largest = float(np.diag(gram).max()) if offset else 0.0
        self.groups: np.ndarray | None = None
        self.n_groups = 0
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
        self.extra: np.ndarray | None = None
        self.n_extra = 0
        self.cg_iterations = 0
        if extra is not None:
            self.extra, self.n_extra = dense_codes(extra)
            self.extra_counts = np.bincount(self.extra, minlength=self.n_extra).astype(np.float64)
            self.extra_f = _cross_counts(self.extra, self.n_extra, self.columns, offset)  # TᵀF
            self.extra_c = (  # TᵀC
                None
                if self.groups is None
                else _cross_counts(self.extra, self.n_extra, self.groups, self.n_groups)
            )
            # Tᵀ[F C] and its transpose, for the conjugate-gradient operator (one product each)
            self.extra_a = (
                self.extra_f
                if self.extra_c is None
                else sparse.hstack([self.extra_f, self.extra_c])
            ).tocsr()
            self.extra_a_t = self.extra_a.T.tocsr()

    # ---- sums and the solve ------------------------------------------------------------------

    def level_sums(self, matrix: np.ndarray | sparse.spmatrix) -> Sums:
        """(Fᵀx, Cᵀx, Tᵀx): each column's sum per level of each dimension."""
        extra = None if self.extra is None else sums_by(self.extra, self.n_extra, matrix)
        return Sums(sums_by(self.columns, self.n_levels, matrix), self.group_sums(matrix), extra)

    def group_sums(self, matrix: np.ndarray | sparse.spmatrix) -> np.ndarray | None:
        """Cᵀx: each column's sum per absorbed group (None without one)."""
        return None if self.groups is None else sums_by(self.groups, self.n_groups, matrix)

    def coefficients(
        self, matrix: np.ndarray | sparse.spmatrix | None, sums: Sums | None = None
    ) -> Coefs:
        """Coefficients of each column of `matrix` (or of the normal equations' right-hand
        sides `sums` directly: its level sums when already known)."""
        if sums is None:
            if matrix is None:
                raise ValueError("coefficients needs a matrix or its level sums")
            sums = self.level_sums(matrix)
        if self.extra is None:
            a, b = self._solve_first(sums.f, sums.c)
            return Coefs(a, b, None)
        if sums.t is None:
            raise ValueError("these fixed effects have an extra dimension: sums need Tᵀx")
        a0, b0 = self._solve_first(sums.f, sums.c)
        c = self._extra_solve(sums.t - self._extra_of(a0, b0))
        a, b = self._solve_first(sums.f - self.extra_f.T @ c, self._minus_c(sums.c, c))
        return Coefs(a, b, c)

    def _minus_c(self, ctx: np.ndarray | None, c: np.ndarray) -> np.ndarray | None:
        if ctx is None or self.extra_c is None:
            return ctx
        return ctx - self.extra_c.T @ c

    def _extra_of(self, a: np.ndarray, b: np.ndarray | None) -> np.ndarray:
        """Tᵀ(F·a + C·b): per extra level, the sum of the first dimensions' fitted values."""
        out = self.extra_f @ a
        if b is not None and self.extra_c is not None:
            out = out + self.extra_c @ b
        return np.asarray(out)

    def _schur_times(self, v: np.ndarray) -> np.ndarray:
        """S·v for S = TᵀT − TᵀA(AᵀA)⁻AᵀT (A = [F C]): Tᵀ M_A T v, in level space (one
        product with Tᵀ[F C] each way and the refined solve of the first dimensions)."""
        atv = np.asarray(self.extra_a_t @ v)
        a, b = self._solve_first(
            atv[: self.n_levels], None if self.extra_c is None else atv[self.n_levels :]
        )
        both = a if b is None else np.concatenate([a, b], axis=0)
        counts = self.extra_counts if v.ndim == 1 else self.extra_counts[:, None]
        return counts * v - np.asarray(self.extra_a @ both)

    def _extra_solve(self, rhs: np.ndarray) -> np.ndarray:
        """c with S·c = rhs (column by column), by conjugate gradients preconditioned with the
        extra levels' counts, started from zero: the iterates stay in the range of S scaled by
        the counts, so the solution has no component along S's null space (effects the other
        dimensions can express) in the posting-weighted metric."""
        squeeze = rhs.ndim == 1
        r = rhs.reshape(rhs.shape[0], -1).astype(np.float64)
        inv = 1.0 / np.maximum(self.extra_counts, 1.0)[:, None]
        x = np.zeros_like(r)
        z = r * inv
        rz = (r * z).sum(axis=0)
        target = CG_TOLERANCE**2 * np.maximum(rz, 1e-300)
        # the block holds only the columns still moving: a converged (or exhausted) column
        # leaves it, so the cost of an iteration follows the columns left, not all of them
        cols = np.flatnonzero(rz > target)
        xa, ra, pa, rza, tga = x[:, cols], r[:, cols], z[:, cols], rz[cols], target[cols]
        iterations = 0
        while cols.size:
            if iterations >= CG_MAX_ITERATIONS:
                raise ConvergenceError(
                    f"conjugate gradients on {self.n_extra} extra levels did not converge in "
                    f"{CG_MAX_ITERATIONS} iterations"
                )
            iterations += 1
            q = self._schur_times(pa)
            pq = (pa * q).sum(axis=0)
            moving = pq > 0
            alpha = np.divide(rza, pq, out=np.zeros_like(rza), where=moving)
            xa += alpha * pa
            ra -= alpha * q
            za = ra * inv
            rz_new = (ra * za).sum(axis=0)
            beta = np.divide(rz_new, rza, out=np.zeros_like(rza), where=moving)
            pa = za + beta * pa
            rza = np.where(moving, rz_new, 0.0)
            going = rza > tga
            if not going.all():
                x[:, cols[~going]] = xa[:, ~going]
                cols, xa, ra, pa = cols[going], xa[:, going], ra[:, going], pa[:, going]
                rza, tga = rza[going], tga[going]
        x[:, cols] = xa
        self.cg_iterations = max(self.cg_iterations, iterations)
        return x[:, 0] if squeeze else x

    def _solve_first(
        self, ftx: np.ndarray, ctx: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """(a, b) of the first dimensions [F C]: the ridged solve, then REFINEMENT_STEPS
        steps of iterative refinement against the unridged normal equations, each shrinking
        the ridge's bias by a factor ε/λ."""
        a, b = self._ridged_solve(ftx, ctx)
        for _ in range(REFINEMENT_STEPS):
            left_f, left_c = self._first_residuals(ftx, ctx, a, b)
            step_a, step_b = self._ridged_solve(left_f, left_c)
            a = a + step_a
            b = None if b is None or step_b is None else b + step_b
        return a, b

    def _first_residuals(
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

    def normal_residuals(self, sums: Sums, coefs: Coefs) -> Sums:
        """Xᵀx̃ per dimension for x̃ = x − X·coefs, from Xᵀx (zero at the exact solve)."""
        a, b, c = coefs
        left_f, left_c = self._first_residuals(sums.f, sums.c, a, b)
        if c is None or self.extra is None or sums.t is None:
            return Sums(left_f, left_c, None)
        left_f = left_f - self.extra_f.T @ c
        left_c = self._minus_c(left_c, c)
        counts = self.extra_counts if c.ndim == 1 else self.extra_counts[:, None]
        return Sums(left_f, left_c, sums.t - self._extra_of(a, b) - counts * c)

    # ---- values over the rows ----------------------------------------------------------------

    def fitted(self, coefs: Coefs) -> np.ndarray:
        """F·a + C·b + T·c for every row (dense, n × columns of a)."""
        a, b, c = coefs
        values = np.take(np.asarray(self.cell_fe @ a), self.cell, axis=0)
        if b is not None and self.groups is not None:
            values += np.take(b, self.groups, axis=0)
        if c is not None and self.extra is not None:
            values += np.take(c, self.extra, axis=0)
        return values

    def fitted_at(self, coefs: Coefs, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """F·a + C·b + T·c at the (row, column) pairs given."""
        a, b, c = coefs
        values = np.asarray(self.cell_fe @ a)[self.cell[rows], cols]
        if b is not None and self.groups is not None:
            values = values + b[self.groups[rows], cols]
        if c is not None and self.extra is not None:
            values = values + c[self.extra[rows], cols]
        return values

    def residuals(self, matrix: np.ndarray | sparse.spmatrix) -> np.ndarray:
        return _as_array(matrix) - self.fitted(self.coefficients(matrix))

    def residual_gram(self, x: sparse.spmatrix, sums: Sums, coefs: Coefs) -> np.ndarray:
        """x̃ᵀx̃ for x̃ = x − X·θ without forming x̃: x̃ᵀx̃ = xᵀx − (Xᵀx)ᵀθ − θᵀ(Xᵀx̃), all
        small products over the levels."""
        left = self.normal_residuals(sums, coefs)
        gram = _as_array(x.T @ x)
        for total, theta, rest in zip(sums, coefs, left, strict=True):
            if total is not None and theta is not None and rest is not None:
                gram -= total.T @ theta + theta.T @ rest
        return (gram + gram.T) / 2

    def cluster_scores(
        self,
        weights: np.ndarray,
        x: sparse.spmatrix | None,
        coefs: Coefs,
        clusters: np.ndarray,
        n_clusters: int,
    ) -> np.ndarray:
        """Per cluster and column, Σ weight·x̃ over the cluster's rows, for x̃ = x − X·θ
        (`x` None: x = 0), from sparse products (no dense x̃)."""
        a, b, c = coefs
        n = weights.shape[0]
        if x is None:
            scores = np.zeros((n_clusters, a.shape[1]))
        else:
            scores = sums_by(clusters, n_clusters, x, row_weights=weights)
        per_level = np.bincount(
            (clusters[:, None] * self.n_levels + self.columns).ravel(),
            np.repeat(weights, self.columns.shape[1]),
            minlength=n_clusters * self.n_levels,
        )
        scores -= per_level.reshape(n_clusters, self.n_levels) @ a
        per_cluster: sparse.csr_matrix | None = None
        if b is not None and self.groups is not None:
            if n_clusters == self.n_groups and np.array_equal(clusters, self.groups):
                scores -= np.bincount(clusters, weights, minlength=n_clusters)[:, None] * b
            else:
                per_cluster = sparse.csr_matrix(
                    (weights, (clusters, np.arange(n))), shape=(n_clusters, n)
                )
                scores -= _as_array(per_cluster @ self.group_indicator) @ b
        if c is not None and self.extra is not None:
            by_extra = sparse.csr_matrix(
                (weights, (clusters, self.extra)), shape=(n_clusters, self.n_extra)
            )
            scores -= by_extra @ c
        return scores

    # ---- structure -----------------------------------------------------------------------------

    def parameter_count(self) -> int:
        """Free parameters the fixed effects absorb: levels minus the dimension of the null
        space of the first dimensions' normal equations (exact: every collinearity among F and
        C, not only the constants), plus the extra dimension's levels but one (its dummies
        sum to the constant; any further collinearity with the others, such as titles nested
        in role families, is not counted: an overcount by that nesting)."""
        extra = self.n_extra - 1 if self.n_extra else 0
        return self.n_levels + self.n_groups - self.null_space().shape[1] + extra

    def null_space(self, tolerance: float = 1e-9) -> np.ndarray:
        """A basis (columns) of the null space of [F C]ᵀ[F C] over (F levels, C groups): the
        null vectors of the Schur complement S_F = FᵀF − FᵀC (CᵀC)⁻¹ CᵀF extended to C by
        v_C = −(CᵀC)⁻¹ CᵀF v_F."""
        schur = self.gram.copy()
        if self.groups is not None:
            schur -= (self.cross @ sparse.diags(1.0 / self.counts) @ self.cross.T).toarray()
        values, vectors = linalg.eigh(schur)
        scale = max(float(np.abs(values).max()) if values.size else 0.0, 1.0)
        v_f = vectors[:, values < tolerance * scale]
        if self.groups is None:
            return v_f
        v_c = -np.asarray(self.cross.T @ v_f) / self.counts[:, None]
        return np.vstack([v_f, v_c])


def fe_parameter_count(fe_codes: list[np.ndarray]) -> int:
    """Free parameters the fixed effects absorb (levels minus one per extra dimension)."""
    levels = [dense_codes(c)[1] for c in fe_codes]
    return sum(levels) - (len(levels) - 1)
