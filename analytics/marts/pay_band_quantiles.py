"""Linear quantiles from order statistics: which ranks a linear-interpolated quantile of n values
reads, and the quantile made from the values at those ranks, bit for bit as Polars
(`quantile(q, interpolation="linear")`, the pay bands' P10..P90) and numpy (`np.quantile`,
method "linear", the bootstrap grid of `analytics.marts.pay_band_intervals`) compute it.

Another engine (Spark) ranks a pay band's points where they are and, at the ranks and weights
given here, interpolates with these same functions (`polars_lerp`, `numpy_lerp` take its
columns), so the driver receives the band's quantiles, not its points. Both libraries place
quantile q at virtual rank (n - 1)·q and interpolate between the values at its floor and the next
rank; they round the interpolation differently (numpy switches form at a weight of 0.5), so
each has its own function here, checked against the library in
tests/analytics/marts/test_pay_band_quantiles.py.

May import: numpy, the standard library.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

Where = Callable[[Any, Any, Any], Any]  # (condition, if true, else), elementwise


def linear_ranks(n: int, quantiles: Sequence[float] | np.ndarray) -> np.ndarray:
    """The 0-based ranks (sorted, unique) whose values a linear quantile of n values reads."""
    virtual = (n - 1) * np.asarray(quantiles, dtype=np.float64)
    lower = np.floor(virtual).astype(np.int64)
    return np.unique(np.clip(np.concatenate([lower, lower + 1]), 0, n - 1))


def _values_at(ranks: np.ndarray, values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    where = np.searchsorted(ranks, wanted)
    if np.any(where >= ranks.size) or np.any(ranks[np.minimum(where, ranks.size - 1)] != wanted):
        missing = sorted(set(wanted.tolist()) - set(ranks.tolist()))
        raise ValueError(f"order statistics missing at ranks {missing[:5]}")
    return values[where]


def polars_weights(
    n: int, quantiles: Sequence[float] | np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per quantile of n values, Polars' lower rank and interpolation weight: floor(v) and
    v - floor(v), v = (n - 1)·q. The upper rank is the next one (the last: itself)."""
    virtual = (n - 1) * np.asarray(quantiles, dtype=np.float64)
    lower = np.floor(virtual)
    return lower.astype(np.int64), virtual - lower


def numpy_weights(n: int, quantiles: Sequence[float] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per quantile of n values, numpy's lower rank and weight (method "linear"): its indexes
    clipped to the last value, its weight measured from the clipped index."""
    virtual = (n - 1) * np.asarray(quantiles, dtype=np.float64)
    previous = np.floor(virtual)
    above = virtual >= n - 1  # numpy reads the last value there (index -1)
    lower = np.where(above, n - 1, previous).astype(np.int64)
    return lower, virtual - np.where(above, -1.0, previous)


def polars_lerp(a: Any, b: Any, weight: Any, where: Where = np.where) -> Any:
    """Polars' interpolation between the lower and upper values (arrays or Spark columns)."""
    return a + (b - a) * weight


def numpy_lerp(a: Any, b: Any, weight: Any, where: Where = np.where) -> Any:
    """numpy's interpolation (`_lerp`: from the upper value at weights of 0.5 and more);
    `where`: np.where, or its equivalent for Spark columns."""
    diff = b - a
    return where(weight >= 0.5, b - diff * (1 - weight), a + diff * weight)


def _quantiles(
    ranks: np.ndarray,
    values: np.ndarray,
    n: int,
    quantiles: Sequence[float] | np.ndarray,
    weights: Callable[[int, Sequence[float] | np.ndarray], tuple[np.ndarray, np.ndarray]],
    lerp: Callable[..., Any],
) -> np.ndarray:
    lower, weight = weights(n, quantiles)
    a = _values_at(ranks, values, lower)
    b = _values_at(ranks, values, np.minimum(lower + 1, n - 1))
    return lerp(a, b, weight)


def polars_linear_quantiles(
    ranks: np.ndarray, values: np.ndarray, n: int, quantiles: Sequence[float] | np.ndarray
) -> np.ndarray:
    """Polars' linear quantiles of n values whose order statistics at `ranks` (sorted) are
    `values`."""
    return _quantiles(ranks, values, n, quantiles, polars_weights, polars_lerp)


def numpy_linear_quantiles(
    ranks: np.ndarray, values: np.ndarray, n: int, quantiles: Sequence[float] | np.ndarray
) -> np.ndarray:
    """`np.quantile(x, quantiles)` (method "linear") of n values x whose order statistics at
    `ranks` (sorted) are `values`."""
    return _quantiles(ranks, values, n, quantiles, numpy_weights, numpy_lerp)
