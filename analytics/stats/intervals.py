"""Interval estimators shared by the marts and the read API (vectorized Polars expressions).

May import: polars, numpy, scipy.
"""

from __future__ import annotations

import polars as pl

Z95 = 1.959963984540054


def wilson_interval(successes: pl.Expr, trials: pl.Expr, z: float = Z95) -> tuple[pl.Expr, pl.Expr]:
    """Wilson score 95% interval for a proportion, as two expressions in 0-1 (null when n = 0)."""
    n = trials.cast(pl.Float64)
    p = successes.cast(pl.Float64) / n
    denom = 1 + z**2 / n
    centre = (p + z**2 / (2 * n)) / denom
    half = z * ((p * (1 - p) / n + z**2 / (4 * n**2)).sqrt()) / denom
    valid = trials > 0
    # clamp so that rounding never puts the estimate outside its own interval
    return (
        pl.when(valid).then(pl.min_horizontal(centre - half, p).clip(0.0, 1.0)).otherwise(None),
        pl.when(valid).then(pl.max_horizontal(centre + half, p).clip(0.0, 1.0)).otherwise(None),
    )


def poisson_ratio_interval(
    numerator: pl.Expr, denominator: pl.Expr, z: float = Z95
) -> tuple[pl.Expr, pl.Expr]:
    """95% interval for a ratio of two independent Poisson counts (log-normal approximation,
    with 0.5 added to zero counts). Null when the denominator is zero."""
    a = numerator.cast(pl.Float64)
    b = denominator.cast(pl.Float64)
    a_adj = pl.when(a > 0).then(a).otherwise(0.5)
    b_adj = pl.when(b > 0).then(b).otherwise(0.5)
    se = (1 / a_adj + 1 / b_adj).sqrt()
    ratio = a_adj / b_adj
    valid = b > 0
    return (
        pl.when(valid).then(ratio * (-z * se).exp()).otherwise(None),
        pl.when(valid).then(ratio * (z * se).exp()).otherwise(None),
    )
