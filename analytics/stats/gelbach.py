"""Gelbach (2016) decomposition of how a coefficient moves when fixed effects are added, with
cluster-robust standard errors, for many regressors at once.

For a 0/1 regressor d (a skill), the base model regresses y on d and a constant (β_base), the
full model adds groups of fixed effects X_1 … X_K (β_full, γ_k). With d̃ = d − mean(d) and
h_k = X_k·γ_k the part of the full model's fit due to group k,

    β_base − β_full = Σ_k δ_k,    δ_k = d̃ᵀh_k / d̃ᵀd̃,

exactly (the full model's residual is orthogonal to d and every dummy), and no group's share
depends on the order the groups are listed in (unlike adding them one by one). Where groups
are collinear beyond their constants (a place where only one company posts), the split of the
shared part is not identified; it is given to the group listed first (the lexicographic
minimum-norm solution, last group first) — a convention, stated with the numbers.

Standard errors: each δ_k is a smooth function of the data; its influence per cluster is

    ψ_k = Σ_g d̃·(h_k − mean(h_k) − δ_k·d̃) / d̃ᵀd̃  +  Σ_g ℓ_k·ê,

the first term the sampling of the auxiliary regression of h_k on d, the second that of γ_k
(ê the full model's residual, ℓ_k = s_k − (dᵀs_k / dᵀd̈)·d̈ with s_k = X·(XᵀX)⁻ r_k, r_k the
group's block of Xᵀd̃ / d̃ᵀd̃ made orthogonal to the null space, d̈ the residualized d). The
variance is c·Σ_g ψ² with the same small-sample factor c as the coefficients'. The parts'
influences add up to that of β_base − β_full, cluster by cluster. All sums over rows come from
sparse products and per-cell / per-cluster counts (the clusters are the absorbed dimension, the
company, or there is none): no dense n × k array is formed.

May import: numpy, scipy, `analytics.stats.fixed_effects`, `analytics.stats.clustered_ols`.
Never another package of the project.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import linalg, sparse

from analytics.stats.clustered_ols import Clusters, Estimates, small_sample_correction
from analytics.stats.fixed_effects import Coefs, FixedEffects, Sums

COLUMN_CHUNK = 32  # regressors decomposed at a time (bounds the cells × chunk arrays)


@dataclass(frozen=True)
class Decomposition:
    """Per group (rows, in the order given) and regressor (columns): δ (log points), its
    cluster-robust standard error and its influence per cluster (clusters × groups × k)."""

    delta: np.ndarray
    se: np.ndarray
    scores: np.ndarray
    beta_base: np.ndarray
    correction: float


def lexicographic_null_map(null: np.ndarray, blocks: list[slice]) -> np.ndarray:
    """T (m × L) such that γ − null·(T·γ) is, among γ + null·t, the one with the smallest
    last block, then the smallest block before it, … (blocks: row ranges of γ, in order).
    Linear in γ, so the normalized coefficients are a fixed projection of any solution."""
    m, size = null.shape[1], null.shape[0]
    t_map = np.zeros((m, size))
    free = np.eye(m)
    for block in reversed(blocks):
        if free.shape[1] == 0:
            break
        part = null[block] @ free  # the block's rows over the freedom left
        if not np.abs(part).max(initial=0.0) > 1e-12:
            continue
        pinv = linalg.pinv(part, rtol=1e-10)
        step = -pinv @ (null[block] @ t_map)  # pinv · (select_block − null_block · T)
        step[:, block] += pinv
        t_map = t_map + free @ step
        free = free @ linalg.null_space(part, rcond=1e-10)
    return t_map


def _cluster_level_counts(keys: np.ndarray, levels: int, clusters: Clusters) -> sparse.csr_matrix:
    """Rows per (cluster, level): the clusters × levels count matrix."""
    return sparse.csr_matrix(
        (np.ones(keys.size), (clusters.codes, keys)), shape=(clusters.count, levels)
    )


def gelbach_decomposition(
    effects: FixedEffects,
    y: np.ndarray,
    y_t: np.ndarray,
    x: sparse.csc_matrix,
    sums: Sums,
    coefs: Coefs,
    y_coefs: Coefs,
    full: Estimates,
    clusters: Clusters,
    k_full: int,
) -> Decomposition:
    """δ and its standard error for each fixed-effect dimension of `effects` (its dimensions in
    order, then the absorbed one) and each column of `x`, from the full model's pieces: the
    residualized outcome `y_t`, the level sums and coefficients of `x` and of `y`, and the
    single-flag estimates `full` (with their per-cluster scores). Rows sorted by cluster; the
    absorbed dimension, when there is one, must be the clusters."""
    if effects.extra is not None:
        raise ValueError("decompose a model without an extra dimension (add it as a last step)")
    if effects.groups is not None and not np.array_equal(effects.groups, clusters.codes):
        raise ValueError("the absorbed dimension must be the clusters")
    if full.scores is None or full.sxx is None:
        raise ValueError("the full model's estimates need their per-cluster scores")
    n, k = x.shape
    blocks = [
        slice(int(o), int(o) + int(s))
        for o, s in zip(effects.dim_offsets, effects.dim_sizes, strict=True)
    ]
    if effects.groups is not None:
        blocks.append(slice(effects.n_levels, effects.n_levels + effects.n_groups))
    null = effects.null_space()
    t_map = lexicographic_null_map(null, blocks)
    level_counts = np.concatenate(
        [np.diag(effects.gram), effects.counts if effects.groups is not None else []]
    )
    cell_counts = _cluster_level_counts(effects.cell, effects.n_cells, clusters)
    dim_counts = [
        _cluster_level_counts(effects.columns[:, d] - blocks[d].start, s.stop - s.start, clusters)
        for d, s in enumerate(blocks[: len(effects.dim_sizes)])
    ]
    cluster_size = np.bincount(clusters.codes, minlength=clusters.count).astype(np.float64)
    correction = small_sample_correction(n, clusters.count, k_full)
    n_groups = len(blocks)
    delta = np.empty((n_groups, k))
    scores = np.empty((clusters.count, n_groups, k))
    beta_base = np.empty(k)
    # per cluster and F level, Σ ỹ (for Σ_g s·ỹ), once
    y_levels = np.bincount(
        (clusters.codes[:, None] * effects.n_levels + effects.columns).ravel(),
        np.repeat(y_t, effects.columns.shape[1]),
        minlength=clusters.count * effects.n_levels,
    ).reshape(clusters.count, effects.n_levels)
    y_clusters = np.bincount(clusters.codes, y_t, minlength=clusters.count)
    for start in range(0, k, COLUMN_CHUNK):
        stop = min(start + COLUMN_CHUNK, k)
        chunk = _Chunk(
            effects,
            y,
            x[:, start:stop],
            sums.take(slice(start, stop)),
            coefs.take(slice(start, stop)),
            y_coefs,
            full,
            start,
            stop,
            clusters,
        )
        beta_base[start:stop] = chunk.beta_base
        for g, block in enumerate(blocks):
            part = chunk.part(
                block,
                null,
                t_map,
                level_counts,
                cell_counts,
                dim_counts[g] if g < len(dim_counts) else None,
                cluster_size,
                y_levels,
                y_clusters,
            )
            delta[g, start:stop], scores[:, g, start:stop] = part
    se = np.sqrt(correction * (scores**2).sum(axis=0))
    return Decomposition(delta, se, scores, beta_base, correction)


class _Chunk:
    """The pieces of a few regressors' decomposition shared by every group."""

    def __init__(
        self,
        effects: FixedEffects,
        y: np.ndarray,
        x: sparse.csc_matrix,
        sums: Sums,
        coefs: Coefs,
        y_coefs: Coefs,
        full: Estimates,
        start: int,
        stop: int,
        clusters: Clusters,
    ) -> None:
        self.effects, self.clusters = effects, clusters
        n, k = x.shape
        self.k = k
        coo = sparse.coo_matrix(x)
        self.rows, self.cols = coo.row, coo.col
        n_with = np.bincount(self.cols, minlength=k).astype(np.float64)
        self.mean = n_with / n
        self.d_var = n * self.mean * (1 - self.mean)  # d̃ᵀd̃
        self.beta_base = (
            np.bincount(self.cols, y[self.rows], minlength=k) - n_with * y.mean()
        ) / self.d_var
        self.beta = full.beta[start:stop]
        self.sxx = full.sxx[start:stop]
        self.full_scores = full.scores[:, start:stop]
        self.sums = sums
        self.coefs = coefs
        # the full model's fixed-effect coefficients of y − β·d, per regressor
        self.gamma_f = y_coefs.a[:, None] - coefs.a * self.beta
        self.gamma_c = (
            None
            if coefs.b is None or y_coefs.b is None
            else y_coefs.b[:, None] - coefs.b * self.beta
        )
        g = clusters.count
        # the fixed-effect fit of each flag per cell, and its sum per cluster (shared by groups)
        self.cell_a = np.asarray(effects.cell_fe @ coefs.a)
        self.cell_counts: sparse.csr_matrix | None = None
        self.with_per_cluster = np.bincount(
            clusters.codes[self.rows] * k + self.cols, minlength=g * k
        ).reshape(g, k)

    def level_vector(self) -> np.ndarray:
        """Xᵀd̃ / d̃ᵀd̃ over (F levels, C groups) (levels × k)."""
        f = self.sums.f - np.diag(self.effects.gram)[:, None] * self.mean
        blocks = [f]
        if self.sums.c is not None:
            blocks.append(self.sums.c - self.effects.counts[:, None] * self.mean)
        return np.vstack(blocks) / self.d_var

    def part(
        self,
        block: slice,
        null: np.ndarray,
        t_map: np.ndarray,
        level_counts: np.ndarray,
        cell_counts: sparse.csr_matrix,
        dim_counts: sparse.csr_matrix | None,
        cluster_size: np.ndarray,
        y_levels: np.ndarray,
        y_clusters: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray]:
        """(δ, influence per cluster) of one group for the chunk's regressors."""
        effects, clusters, k = self.effects, self.clusters, self.k
        n_f = effects.n_levels
        # Γ̄: the group's block of Xᵀd̃ / d̃ᵀd̃, made orthogonal to the null space (N'Γ̄)
        gamma_bar = np.zeros((null.shape[0], k))
        gamma_bar[block] = self.level_vector()[block]
        r_tilde = gamma_bar - t_map.T @ (null.T @ gamma_bar)
        # normalized full-model coefficients γ* = γ̂ − V·T·γ̂ and the group's component h_k
        gamma = (
            np.vstack([self.gamma_f, self.gamma_c]) if self.gamma_c is not None else (self.gamma_f)
        )
        gamma_star = gamma - null @ (t_map @ gamma)
        delta = (gamma_bar * gamma_star).sum(axis=0)
        own = gamma_star[block]  # the group's coefficients (levels of the group × k)
        # term A: Σ_g d̃·(h − mean h − δ·d̃) / d̃ᵀd̃
        if block.start >= n_f:  # the absorbed group (= the clusters)
            h_rows = own[clusters.codes[self.rows], self.cols]
            h_sum = cluster_size[:, None] * own
        else:
            d = int(np.searchsorted(effects.dim_offsets, block.start, side="right") - 1)
            level = effects.columns[:, d] - block.start
            h_rows = own[level[self.rows], self.cols]
            h_sum = np.asarray(dim_counts @ own)
        h_mean = (level_counts[block][:, None] * own).sum(axis=0) / effects.n_rows
        g = clusters.count
        xh = np.bincount(
            clusters.codes[self.rows] * k + self.cols, h_rows, minlength=g * k
        ).reshape(g, k)
        d_sum = self.with_per_cluster - cluster_size[:, None] * self.mean
        d_sq = (
            self.with_per_cluster * (1 - self.mean) ** 2
            + (cluster_size[:, None] - self.with_per_cluster) * self.mean**2
        )
        dh = xh - self.mean * h_sum
        term_a = (dh - h_mean * d_sum - delta * d_sq) / self.d_var
        # term B: Σ_g ℓ·ê, ℓ = s − (dᵀs / dᵀd̈)·d̈, s = X·θ, θ = (XᵀX)⁻ r̃
        theta = effects.coefficients(
            None, Sums(r_tilde[:n_f], None if effects.groups is None else r_tilde[n_f:])
        )
        s_y = y_levels @ theta.a  # Σ_g s·ỹ
        if theta.b is not None:
            s_y = s_y + y_clusters[:, None] * theta.b
        s_x = np.bincount(
            clusters.codes[self.rows] * k + self.cols,
            effects.fitted_at(theta, self.rows, self.cols),
            minlength=g * k,
        ).reshape(g, k)
        cell_theta = np.asarray(effects.cell_fe @ theta.a)
        s_f = np.asarray(cell_counts @ (cell_theta * self.cell_a))
        if theta.b is not None and self.coefs.b is not None:
            if self.cell_counts is not cell_counts:
                self.cell_counts = cell_counts
                self.cluster_a = np.asarray(cell_counts @ self.cell_a)
            s_f += theta.b * self.cluster_a
            s_f += self.coefs.b * np.asarray(cell_counts @ cell_theta)
            s_f += cluster_size[:, None] * theta.b * self.coefs.b
        s_xt = s_x - s_f  # Σ_g s·x̃
        d_s = (self.sums.f * theta.a).sum(axis=0)
        if theta.b is not None and self.sums.c is not None:
            d_s += (self.sums.c * theta.b).sum(axis=0)
        term_b = s_y - self.beta * s_xt - (d_s / self.sxx) * self.full_scores
        return delta, term_a + term_b
