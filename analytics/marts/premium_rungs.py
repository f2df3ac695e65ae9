"""The fixed-effects fits behind the control ladder's rungs (`analytics.marts.premium_ladder`):
each rung's fixed effects, one solve for the outcome and every flag, the single-flag estimates
with their per-cluster scores, the level sums of every control computed once and sliced per
rung, and how many companies / titles post a flag and its absence.

May import: numpy, scipy, `analytics.stats`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from analytics.stats.clustered_ols import Clusters, Estimates, single_flag_estimates
from analytics.stats.fixed_effects import Coefs, FixedEffects, Sums, sums_by


def level_support(
    levels: np.ndarray, n_levels: int, rows: np.ndarray, cols: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """Per column of a 0/1 design (unique `(rows, cols)` pairs): how many levels (companies,
    titles) have rows in it, and how many have rows both in it and not in it."""
    size = np.bincount(levels, minlength=n_levels)
    key = cols * n_levels + levels[rows]
    if k * n_levels <= 20_000_000:  # a dense column × level count table, else sort the pairs
        per_pair = np.bincount(key, minlength=k * n_levels).reshape(k, n_levels)
        present = per_pair > 0
        return present.sum(axis=1), (present & (per_pair < size)).sum(axis=1)
    pair, count = np.unique(key, return_counts=True)
    col, level = np.divmod(pair, n_levels)
    return np.bincount(col, minlength=k), np.bincount(col, size[level] > count, minlength=k)


@dataclass
class RungFit:
    """One rung's fixed-effects solve and the single-flag estimates of its columns."""

    effects: FixedEffects
    y_t: np.ndarray
    y_coefs: Coefs
    sums: Sums
    coefs: Coefs
    estimates: Estimates
    k_fe: int
    columns: np.ndarray  # which design columns the fit holds


def rung_effects(
    rung: int, fe: list[np.ndarray], clusters: Clusters, titles: np.ndarray
) -> FixedEffects:
    """The fixed effects of rungs 1–6 (rung 1: the constant only): role level, place and month
    in the dense block, the company absorbed exactly (rungs 5–6), the title as the extra
    dimension solved by conjugate gradients (rung 6)."""
    if rung == 1:
        return FixedEffects([np.zeros(clusters.codes.size, dtype=np.int64)])
    return FixedEffects(
        fe[: min(rung - 1, 3)],
        absorbed=clusters.codes if rung >= 5 else None,
        extra=titles if rung == 6 else None,
    )


@dataclass(frozen=True)
class DimensionSums:
    """Per level of every control (role level, place, month, company, title), the sums of the
    outcome and of each design column: computed once, sliced into each rung's normal
    equations (a rung's dimensions are a prefix of these)."""

    y: list[np.ndarray]
    x: list[np.ndarray]

    @classmethod
    def of(cls, dims: list[np.ndarray], y: np.ndarray, x: sparse.csc_matrix) -> DimensionSums:
        levels = [int(d.max()) + 1 for d in dims]
        return cls(
            y=[sums_by(d, m, y[:, None]) for d, m in zip(dims, levels, strict=True)],
            x=[sums_by(d, m, x) for d, m in zip(dims, levels, strict=True)],
        )

    def rung(self, rung: int, cols: np.ndarray) -> tuple[Sums, Sums]:
        """(outcome, columns `cols`) level sums in the layout of `rung_effects(rung)`."""
        if rung == 1:
            return Sums(sum(self.y[0]).reshape(1, -1)), Sums(
                self.x[0][:, cols].sum(axis=0, keepdims=True)
            )
        first = min(rung - 1, 3)

        def pick(parts: list[np.ndarray], take: np.ndarray | slice) -> Sums:
            f = np.vstack([p[:, take] for p in parts[:first]])
            c = parts[3][:, take] if rung >= 5 else None
            t = parts[4][:, take] if rung >= 6 else None
            return Sums(f, c, t)

        return pick(self.y, slice(None)), pick(self.x, cols)


def fit_rung(
    effects: FixedEffects,
    y: np.ndarray,
    x: sparse.csc_matrix,
    clusters: Clusters,
    cols: np.ndarray,
    level_sums: tuple[Sums, Sums] | None = None,
) -> RungFit:
    x_r = x[:, cols]
    if level_sums is None:
        y_sums, sums = effects.level_sums(y[:, None]), effects.level_sums(x_r)
    else:
        y_sums, sums = level_sums
    # one solve for the outcome and the flags (one run of the title's iterations)
    both = effects.coefficients(
        None,
        Sums(
            *(None if s is None else np.hstack([t, s]) for t, s in zip(y_sums, sums, strict=True))
        ),
    )
    y_coefs = Coefs(*(None if c is None else c[:, 0] for c in both))
    coefs = both.take(slice(1, None))
    y_t = y - effects.fitted(y_coefs)
    k_fe = effects.parameter_count()
    est, _ = single_flag_estimates(effects, y_t, x_r, coefs, clusters, k_fe)
    return RungFit(effects, y_t, y_coefs, sums, coefs, est, k_fe, cols)
