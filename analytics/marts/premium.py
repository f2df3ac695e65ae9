"""`out_skill_premiums`: raw pay gap and adjusted pay premium for GenAI and every skill.

Sample (metrics.md): canonical postings with advertised pay, annualized USD midpoint, not
internships, not part-time. For each skill s (and the pseudo-skill `genai`):
- raw gap = median(pay | s) / median(pay | not s) − 1;
- adjusted premium = exp(β) − 1 from OLS of log(pay_mid_annual_usd) on has_s with fixed effects
  for role family × seniority, place (metro, else country; remote by country) and posting month,
  standard errors clustered by company, 95% interval exp(β ± 1.96·se) − 1.
The regression is solved by Frisch–Waugh–Lovell: log pay and every skill indicator are
residualized on the fixed effects by an exact least-squares projection on the group indicators
(`FixedEffects`: fixed-effect coefficients from sparse level sums and a small Gram solve; the
company, when it is a fixed effect, eliminated through a Schur complement), then each skill's β
is a ratio of sums, and its cluster-robust variance comes from per-company score sums — all
skills at once, no per-row Python. The skill design stays sparse: sums involving residualized
columns come from sparse products and the fixed-effect coefficients, and only the per-company
sums of squared residualized columns need a dense block (n × COLUMN_CHUNK at a time). This
reproduces statsmodels' OLS with dummy variables and `cov_type="cluster"` (same small-sample
correction); tests check it. Support (n_with, companies, medians) is counted first, and only
supported skills enter a segment's design.
Two further estimates per row, from the same residualized design:
- joint (`premium_joint_*`): every supported skill and the `genai` flag in one regression, so a
  skill that travels with GenAI (llm, pytorch) does not absorb the GenAI effect. A skill's row
  is its premium holding the other skills and `genai` fixed; the `genai` row holds the non-GenAI
  skills fixed. Columns collinear with the ones kept are left out and say so.
- within-company (`premium_within_*`): company added as a fourth fixed effect, so the estimate
  compares postings of the same employer; shown only where at least 10 companies post both with
  and without the skill (`n_companies_both`).
Segments: "all", "role_family=<rf>", "country=<cc>". Estimates are suppressed (null, with the
reason) below 30 postings with or without the skill or 10 companies posting it.

May import: polars, numpy, scipy, `analytics.marts.demand`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy import linalg, sparse

from analytics.marts.demand import posting_skill_flags
from analytics.stats.intervals import Z95

MIN_WITH = 30
MIN_WITHOUT = 30
MIN_COMPANIES = 10
FE_COLUMNS = ("fe_role_level", "fe_place", "fe_month")
PREMIUM_SCHEMA = {
    "skill_id": pl.String,
    "segment": pl.String,
    "premium_adj_pct": pl.Float64,
    "premium_adj_lo": pl.Float64,
    "premium_adj_hi": pl.Float64,
    "raw_gap_pct": pl.Float64,
    "n_with": pl.Int64,
    "n_without": pl.Int64,
    "n_companies": pl.Int64,
    "is_suppressed": pl.Boolean,
    "suppressed_reason": pl.String,
    "beta": pl.Float64,
    "se": pl.Float64,
    "median_with": pl.Float64,
    "median_without": pl.Float64,
    "premium_joint_pct": pl.Float64,
    "premium_joint_lo": pl.Float64,
    "premium_joint_hi": pl.Float64,
    "beta_joint": pl.Float64,
    "se_joint": pl.Float64,
    "joint_note": pl.String,
    "premium_within_pct": pl.Float64,
    "premium_within_lo": pl.Float64,
    "premium_within_hi": pl.Float64,
    "n_companies_both": pl.Int64,
    "within_note": pl.String,
}
GENAI = "genai"
COLUMN_CHUNK = 32
REFINEMENT_STEPS = 1  # iterative refinement of the ridged fixed-effect solve
EXCLUDED_EMPLOYMENT = ("parttime", "part-time", "part time", "intern", "internship", "temporary")


@dataclass(frozen=True)
class Estimates:
    beta: np.ndarray
    se: np.ndarray
    n: int
    n_clusters: int


def premium_sample(postings: pl.DataFrame) -> pl.DataFrame:
    """The regression sample with its fixed-effect keys and log pay."""
    employment = pl.col("employment_type").fill_null("").str.to_lowercase()
    place = pl.coalesce(
        pl.col("metro_code"),
        pl.when(pl.col("is_remote").fill_null(False))
        .then(pl.col("country").fill_null("?") + "-remote")
        .otherwise(pl.col("country").fill_null("?")),
    )
    return (
        postings.filter(
            pl.col("pay_min_annual_usd").is_not_null()
            & pl.col("pay_max_annual_usd").is_not_null()
            & (pl.col("seniority") != "intern")
            & ~employment.str.replace_all(r"[\s_-]", "").is_in(
                [e.replace("-", "").replace(" ", "") for e in EXCLUDED_EMPLOYMENT]
            )
        )
        .with_columns(
            ((pl.col("pay_min_annual_usd") + pl.col("pay_max_annual_usd")) / 2).alias(
                "pay_mid_annual_usd"
            ),
            (pl.col("role_family") + "|" + pl.col("seniority")).alias("fe_role_level"),
            place.alias("fe_place"),
            pl.col("posted_date").dt.strftime("%Y-%m").alias("fe_month"),
            pl.col("company").fill_null("?").alias("cluster"),
        )
        .with_columns(pl.col("pay_mid_annual_usd").log().alias("log_pay"))
        .select(
            "posting_id",
            "log_pay",
            "pay_mid_annual_usd",
            "cluster",
            "role_family",
            "country",
            *FE_COLUMNS,
        )
    )


def _codes(values: pl.Series) -> np.ndarray:
    return values.cast(pl.String).fill_null("?").cast(pl.Categorical).to_physical().to_numpy()


def _dense(codes: np.ndarray) -> tuple[np.ndarray, int]:
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


def _sums_by(
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
    indicator = sparse.csr_matrix(
        (np.ones(keys.size), (keys.ravel(), np.repeat(np.arange(keys.shape[0]), keys.shape[1]))),
        shape=(levels, keys.shape[0]),
    )
    return np.asarray(indicator @ matrix)


def _indicator(codes: np.ndarray, levels: int | None = None) -> sparse.csr_matrix:
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
        dense_codes = [_dense(codes) for codes in fe_codes]
        sizes = [levels for _, levels in dense_codes]
        offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
        self.n_levels = offset = int(sum(sizes))
        self.columns = np.stack([c for c, _ in dense_codes], axis=1) + offsets  # n × dims
        dims = len(sizes)
        self.fe = sparse.csr_matrix(
            (np.ones(n * dims), self.columns.ravel(), np.arange(0, n * dims + 1, dims)),
            shape=(n, offset),
        )
        # rows sharing all fixed-effect levels (a cell) share F·a: compute it per cell, gather
        cell_key = np.zeros(n, dtype=np.int64)
        for codes, levels in dense_codes:
            cell_key = cell_key * levels + codes
        self.cell, n_cells = _dense(cell_key)
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
            self.groups, self.n_groups = _dense(absorbed)
            self.group_indicator = _indicator(self.groups, self.n_groups)
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
        return _sums_by(self.columns, self.n_levels, matrix), self.group_sums(matrix)

    def group_sums(self, matrix: np.ndarray | sparse.spmatrix) -> np.ndarray | None:
        """Cᵀx: each column's sum per absorbed group (None without one)."""
        return None if self.groups is None else _sums_by(self.groups, self.n_groups, matrix)

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
        scores = _sums_by(clusters, n_clusters, x, row_weights=weights)
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


def residualize(matrix: np.ndarray, fe_codes: list[np.ndarray]) -> np.ndarray:
    """Residuals of each column of `matrix` on the fixed effects (exact least squares)."""
    return FixedEffects(fe_codes).residuals(matrix)


def fe_parameter_count(fe_codes: list[np.ndarray]) -> int:
    """Free parameters the fixed effects absorb (levels minus one per extra dimension)."""
    levels = [_dense(c)[1] for c in fe_codes]
    return sum(levels) - (len(levels) - 1)


def _small_sample_correction(n: int, n_clusters: int, k: int) -> float:
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
    dense, count = _dense(clusters)
    order = np.argsort(dense, kind="stable")
    codes = dense[order]
    indicator = _indicator(codes, count).T.tocsr()
    return order, Clusters(codes=codes, indicator=indicator, count=count)


def single_flag_estimates(
    effects: FixedEffects,
    y_t: np.ndarray,
    x: sparse.spmatrix,
    coefficients: tuple[np.ndarray, np.ndarray | None],
    clusters: Clusters,
    k_fe: int,
) -> tuple[Estimates, np.ndarray]:
    """β and clustered se of residualized log pay on each residualized column x̃ = x − f of
    `x` on its own (f = F·a + C·b), and x̃ᵀỹ. Column j's score in cluster g is
    Σ_g x̃ỹ − β_j Σ_g x̃²: the first sum comes from sparse products, the second as
    Σ_g f² (dense, an n × COLUMN_CHUNK block at a time) + Σ over x's nonzeros of x² − 2xf.
    Rows must be sorted by cluster."""
    a, b = coefficients
    x = sparse.csc_matrix(x)
    x.sum_duplicates()
    n, k = x.shape
    g = clusters.count
    cross = effects.cluster_scores(y_t, x, a, b, clusters.codes, g)  # Σ_g x̃ỹ
    squares = np.empty((g, k))  # Σ_g x̃²
    column_of = np.repeat(np.arange(k), np.diff(x.indptr))
    for start in range(0, k, COLUMN_CHUNK):
        stop = min(start + COLUMN_CHUNK, k)
        width = stop - start
        a_c, b_c = a[:, start:stop], None if b is None else b[:, start:stop]
        fit = effects.fitted(a_c, b_c)
        np.square(fit, out=fit)
        squares[:, start:stop] = clusters.indicator @ fit
        del fit
        lo, hi = x.indptr[start], x.indptr[stop]
        rows, cols, values = x.indices[lo:hi], column_of[lo:hi] - start, x.data[lo:hi]
        at = effects.fitted_at(a_c, b_c, rows, cols)
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
        var = _small_sample_correction(n, g, k_fe + 1) * (scores**2).sum(axis=0) / sxx**2
    return Estimates(beta=beta, se=np.sqrt(var), n=n, n_clusters=g), sxy


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
    coefficients: tuple[np.ndarray, np.ndarray | None],
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
    a, b = coefficients
    n, g = y_t.shape[0], clusters.count
    bread = np.linalg.inv(gram[np.ix_(keep, keep)])
    beta = bread @ xty[keep]
    x_keep = x[:, keep]
    a_keep, b_keep = a[:, keep], None if b is None else b[:, keep]
    errors = (
        y_t - x_keep @ beta + effects.fitted(a_keep @ beta, None if b is None else b_keep @ beta)
    )
    scores = effects.cluster_scores(errors, x_keep, a_keep, b_keep, clusters.codes, g)
    var = _small_sample_correction(n, g, k_fe + len(keep)) * (bread @ (scores.T @ scores) @ bread)
    return Estimates(beta=beta, se=np.sqrt(np.diag(var)), n=n, n_clusters=g)


def _joint_columns(
    gram: np.ndarray, skill_ids: list[str], genai_ids: frozenset[str], for_genai_row: bool
) -> list[int]:
    """Independent columns of one joint model, `genai` first, then by support (the gram's
    diagonal is each column's residual variance). The `genai` row's model leaves out the GenAI
    skills: they define the flag, so holding them fixed would leave it little to say."""
    candidates = [
        j for j, s in enumerate(skill_ids) if s == GENAI or not (for_genai_row and s in genai_ids)
    ]
    candidates.sort(key=lambda j: (skill_ids[j] != GENAI, -gram[j, j]))
    return independent_columns(gram, candidates)


def joint_premiums(
    effects: FixedEffects,
    y_t: np.ndarray,
    x: sparse.csc_matrix,
    coefficients: tuple[np.ndarray, np.ndarray | None],
    xty: np.ndarray,
    gram: np.ndarray,
    skill_ids: list[str],
    genai_ids: frozenset[str],
    clusters: Clusters,
    k_fe: int,
) -> dict[str, tuple[float, float]]:
    """Per skill: (β, se) from the joint model; skills left out as collinear are absent.
    `gram` is the residualized design's x̃ᵀx̃."""
    out: dict[str, tuple[float, float]] = {}
    for for_genai_row in (False, True):
        if for_genai_row and GENAI not in skill_ids:
            break
        keep = _joint_columns(gram, skill_ids, genai_ids, for_genai_row)
        if not keep:
            continue
        est = joint_estimates(effects, y_t, x, coefficients, xty, gram, keep, clusters, k_fe)
        for position, j in enumerate(keep):
            skill = skill_ids[j]
            if (skill == GENAI) == for_genai_row:
                out[skill] = (float(est.beta[position]), float(est.se[position]))
    return out


@dataclass(frozen=True)
class SkillHits:
    """The sample's posting-skill pairs: sample row number and skill code (into `names`),
    one pair per posting and skill."""

    rows: np.ndarray
    skills: np.ndarray
    names: list[str]
    n_rows: int


def sample_skill_hits(sample: pl.DataFrame, flags: pl.DataFrame) -> SkillHits:
    """Join the skill flags to the sample's row numbers once (segments then select by row);
    skills become integer codes before the join, so no string column is copied."""
    names = flags["skill_id"].unique().drop_nulls().sort().to_list()
    pairs = (
        flags.lazy()
        .select(
            "posting_id",
            pl.col("skill_id").cast(pl.Enum(names)).to_physical().cast(pl.Int64).alias("_skill"),
        )
        .join(sample.lazy().select("posting_id").with_row_index("_row"), on="posting_id")
        .select(pl.col("_row").cast(pl.Int64), "_skill")
        .unique()
        .collect()
    )
    return SkillHits(
        rows=pairs["_row"].to_numpy(),
        skills=pairs["_skill"].to_numpy(),
        names=names,
        n_rows=sample.height,
    )


def _medians(
    pay: np.ndarray, rows: np.ndarray, cols: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """Median pay of the rows in each column and of the rows NOT in it (NaN when none), from
    order statistics: pay is sorted once, the (column, pay rank) pairs once, and the
    complement's k-th smallest value is found from the sorted ranks of the rows in the
    column — all columns in one searchsorted. `(rows, cols)` pairs are unique."""
    n = pay.size
    order = np.argsort(pay, kind="stable")
    sorted_pay = pay[order]
    rank_of_row = np.empty_like(order)
    rank_of_row[order] = np.arange(n)
    key = np.sort(cols.astype(np.int64) * n + rank_of_row[rows])
    col, rank = np.divmod(key, n)
    counts = np.bincount(col, minlength=k)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    with_skill = np.full(k, np.nan)
    has = counts > 0
    lo = rank[(starts + (counts - 1) // 2)[has]]
    hi = rank[(starts + counts // 2)[has]]
    with_skill[has] = (sorted_pay[lo] + sorted_pay[hi]) / 2
    # complement position of sorted index i is i - #(ranks < i); ranks - position within the
    # column is non-decreasing, so the k-th complement element sits at k + #(shifted <= k).
    # Offsetting column j by j(n+1) makes one array sorted over all columns.
    shifted = rank - (np.arange(key.size) - starts[col]) + col * (n + 1)
    m = n - counts
    lo_k, hi_k = (m - 1) // 2, m // 2
    base = np.arange(k) * (n + 1)
    without = np.full(k, np.nan)
    ok = m > 0
    lo = lo_k + np.searchsorted(shifted, lo_k + base, side="right") - starts
    hi = hi_k + np.searchsorted(shifted, hi_k + base, side="right") - starts
    without[ok] = (sorted_pay[lo[ok]] + sorted_pay[hi[ok]]) / 2
    return with_skill, without


def _median_without(sample: pl.DataFrame, flags: pl.DataFrame, skill_ids: list[str]) -> dict:
    """Median pay of the postings NOT naming each skill (None when every posting names it)."""
    index = sample.select("posting_id").with_row_index("_row")
    column = {s: j for j, s in enumerate(skill_ids)}
    hits = (
        flags.filter(pl.col("skill_id").is_in(skill_ids))
        .join(index, on="posting_id")
        .select(
            pl.col("_row").cast(pl.Int64),
            pl.col("skill_id").replace_strict(column, return_dtype=pl.Int64).alias("_col"),
        )
        .unique()
    )
    _, medians = _medians(
        sample["pay_mid_annual_usd"].to_numpy(),
        hits["_row"].to_numpy(),
        hits["_col"].to_numpy(),
        len(skill_ids),
    )
    return {s: None if np.isnan(medians[j]) else float(medians[j]) for s, j in column.items()}


def skill_support(
    pay: np.ndarray, clusters: Clusters, rows: np.ndarray, cols: np.ndarray, k: int
) -> dict[str, np.ndarray]:
    """Per skill column: n_with, n_without, n_companies posting it, companies posting both
    with and without it, and median pay with and without it."""
    n, g = pay.size, clusters.count
    n_with = np.bincount(cols, minlength=k)
    cluster_size = np.bincount(clusters.codes, minlength=g)
    key = cols * g + clusters.codes[rows]
    if k * g <= 20_000_000:  # a dense skill × company count table, else sort the pairs
        per_pair = np.bincount(key, minlength=k * g).reshape(k, g)
        n_companies = (per_pair > 0).sum(axis=1)
        n_both = ((per_pair > 0) & (per_pair < cluster_size)).sum(axis=1)
    else:
        pair, count = np.unique(key, return_counts=True)
        pair_skill, pair_cluster = np.divmod(pair, g)
        n_companies = np.bincount(pair_skill, minlength=k)
        n_both = np.bincount(pair_skill, cluster_size[pair_cluster] > count, minlength=k)
    median_with, median_without = _medians(pay, rows, cols, k)
    return {
        "n_with": n_with,
        "n_without": n - n_with,
        "n_companies": n_companies.astype(np.int64),
        "n_companies_both": n_both.astype(np.int64),
        "median_with": median_with,
        "median_without": median_without,
    }


def _mapped(skills: pl.Series, values: dict[str, float]) -> pl.Series:
    return skills.replace_strict(values, default=None, return_dtype=pl.Float64)


def _premium_columns(prefix: str, beta: str, se: str) -> list[pl.Expr]:
    """exp(β) − 1 and its 95% interval, in percent."""
    return [
        (100 * (pl.col(beta).exp() - 1)).alias(f"{prefix}_pct"),
        (100 * ((pl.col(beta) - Z95 * pl.col(se)).exp() - 1)).alias(f"{prefix}_lo"),
        (100 * ((pl.col(beta) + Z95 * pl.col(se)).exp() - 1)).alias(f"{prefix}_hi"),
    ]


def segment_premiums(
    part: pl.DataFrame,
    hits: SkillHits,
    segment: str,
    genai_ids: frozenset[str] = frozenset(),
) -> pl.DataFrame:
    """One row per skill present in the segment's sample (`part`: sample rows with `_row`).
    Rows are put in company order first (locality for the per-company sums); support is
    counted before any regression, and only supported skills enter the designs."""
    n = part.height
    order, clusters = cluster_order(_codes(part["cluster"]))
    local = np.full(hits.n_rows, -1, dtype=np.int64)
    local[part["_row"].cast(pl.Int64).to_numpy()[order]] = np.arange(n)
    rows = local[hits.rows]
    in_part = rows >= 0
    rows = rows[in_part]
    cols, n_present = _dense(hits.skills[in_part])
    if n_present == 0:
        return pl.DataFrame()
    present = np.flatnonzero(np.bincount(hits.skills[in_part], minlength=len(hits.names)))
    skill_ids = [hits.names[s] for s in present]
    pay = part["pay_mid_annual_usd"].to_numpy()[order]
    counts = skill_support(pay, clusters, rows, cols, len(skill_ids))
    support = pl.DataFrame({"skill_id": skill_ids, **counts}).with_columns(
        pl.col("median_without").fill_nan(None)
    )
    reason = (
        pl.when(pl.col("n_with") < MIN_WITH)
        .then(pl.lit(f"fewer than {MIN_WITH} postings with"))
        .when(pl.col("n_without") < MIN_WITHOUT)
        .then(pl.lit(f"fewer than {MIN_WITHOUT} postings without"))
        .when(pl.col("n_companies") < MIN_COMPANIES)
        .then(pl.lit(f"fewer than {MIN_COMPANIES} companies"))
        .otherwise(None)
    )
    support = support.with_columns(reason.alias("suppressed_reason"))
    estimable = np.flatnonzero(support["suppressed_reason"].is_null().to_numpy())
    single: dict[str, tuple[float, float]] = {}
    joint: dict[str, tuple[float, float]] = {}
    within: dict[str, tuple[float, float]] = {}
    if estimable.size:
        ids = [skill_ids[j] for j in estimable]
        column = np.full(len(skill_ids), -1, dtype=np.int64)
        column[estimable] = np.arange(estimable.size)
        picked = column[cols] >= 0
        x = sparse.csc_matrix(
            (np.ones(int(picked.sum())), (rows[picked], column[cols][picked])),
            shape=(n, estimable.size),
        )
        y = part["log_pay"].to_numpy()[order]
        fe_codes = [_codes(part[c])[order] for c in FE_COLUMNS]
        k_fe = fe_parameter_count(fe_codes)
        effects = FixedEffects(fe_codes)
        y_t = effects.residuals(y)
        sums = effects.level_sums(x)
        coefs = effects.coefficients(x, sums)
        est, xty = single_flag_estimates(effects, y_t, x, coefs, clusters, k_fe)
        single = {s: (float(est.beta[j]), float(est.se[j])) for j, s in enumerate(ids)}
        gram = effects.residual_gram(x, sums, *coefs)
        # columns with no variation left after the fixed effects stay out of the joint model
        dead = np.flatnonzero(np.isnan(est.beta))
        gram[dead, :], gram[:, dead] = 0.0, 0.0
        joint = joint_premiums(effects, y_t, x, coefs, xty, gram, ids, genai_ids, clusters, k_fe)
        del coefs, effects
        # within-company: only skills that at least MIN_COMPANIES companies post both with
        # and without (shown only there), so the others never enter this design
        both = np.flatnonzero(counts["n_companies_both"][estimable] >= MIN_COMPANIES)
        if both.size:
            x_w = x[:, both]
            effects = FixedEffects(fe_codes, absorbed=clusters.codes)
            est, _ = single_flag_estimates(
                effects,
                effects.residuals(y),
                x_w,
                effects.coefficients(x_w, (sums[0][:, both], effects.group_sums(x_w))),
                clusters,
                fe_parameter_count([*fe_codes, clusters.codes]),
            )
            within = {ids[j]: (float(est.beta[i]), float(est.se[i])) for i, j in enumerate(both)}
    ids = support["skill_id"]
    support = support.with_columns(
        _mapped(ids, {k: v[0] for k, v in single.items()}).alias("beta"),
        _mapped(ids, {k: v[1] for k, v in single.items()}).alias("se"),
        _mapped(ids, {k: v[0] for k, v in joint.items()}).alias("beta_joint"),
        _mapped(ids, {k: v[1] for k, v in joint.items()}).alias("se_joint"),
        _mapped(ids, {k: v[0] for k, v in within.items()}).alias("_beta_within"),
        _mapped(ids, {k: v[1] for k, v in within.items()}).alias("_se_within"),
    )
    no_estimate = pl.col("beta").is_null() | pl.col("se").is_null() | pl.col("se").is_nan()
    suppressed = no_estimate | pl.col("suppressed_reason").is_not_null()
    no_joint = pl.col("beta_joint").is_null() | pl.col("se_joint").is_nan()
    no_within = pl.col("_beta_within").is_null() | pl.col("_se_within").is_nan()
    return support.with_columns(
        pl.lit(segment).alias("segment"),
        *_premium_columns("premium_adj", "beta", "se"),
        *_premium_columns("premium_joint", "beta_joint", "se_joint"),
        *_premium_columns("premium_within", "_beta_within", "_se_within"),
        (100 * (pl.col("median_with") / pl.col("median_without") - 1)).alias("raw_gap_pct"),
        suppressed.alias("is_suppressed"),
        pl.coalesce(
            pl.col("suppressed_reason"),
            pl.when(no_estimate).then(pl.lit("no variation left after fixed effects")),
        ).alias("suppressed_reason"),
        pl.when(suppressed)
        .then(pl.lit("suppressed"))
        .when(no_joint)
        .then(pl.lit("collinear with the other skills in the joint model"))
        .otherwise(None)
        .alias("joint_note"),
        pl.col("n_companies_both").fill_null(0),
        pl.when(suppressed)
        .then(pl.lit("suppressed"))
        .when(no_within)
        .then(pl.lit(f"fewer than {MIN_COMPANIES} companies post both with and without"))
        .otherwise(None)
        .alias("within_note"),
    )


def out_skill_premiums(
    postings: pl.DataFrame,
    posting_skills: pl.DataFrame,
    genai_ids: frozenset[str],
    min_segment_postings: int = 200,
) -> pl.DataFrame:
    sample = premium_sample(postings).with_row_index("_row")
    hits = sample_skill_hits(sample, posting_skill_flags(posting_skills, genai_ids))
    segments: list[tuple[str, pl.DataFrame]] = [("all", sample)]
    for column in ("role_family", "country"):
        counts = sample.group_by(column).len().filter(pl.col("len") >= min_segment_postings)
        for value in sorted(counts[column].drop_nulls().to_list()):
            segments.append((f"{column}={value}", sample.filter(pl.col(column) == value)))
    frames = [segment_premiums(part, hits, name, genai_ids) for name, part in segments]
    frames = [f for f in frames if f.height]
    if not frames:
        return pl.DataFrame(schema=PREMIUM_SCHEMA)
    columns = list(PREMIUM_SCHEMA)
    out = pl.concat([f.select(columns) for f in frames], how="vertical_relaxed")
    suppressed = pl.col("is_suppressed")
    return out.with_columns(
        [
            pl.when(suppressed).then(None).otherwise(pl.col(c)).alias(c)
            for c in (
                "premium_adj_pct",
                "premium_adj_lo",
                "premium_adj_hi",
                "premium_joint_pct",
                "premium_joint_lo",
                "premium_joint_hi",
                "premium_within_pct",
                "premium_within_lo",
                "premium_within_hi",
            )
        ]
    ).sort("segment", "skill_id")
