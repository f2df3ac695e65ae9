"""Linear quantiles from order statistics: which ranks a linear-interpolated quantile of n values
reads, and the quantile made from the values at those ranks, bit for bit as Polars
(`quantile(q, interpolation="linear")`, the pay bands' P10..P90) and numpy (`np.quantile`,
method "linear", the bootstrap grid of `analytics.marts.pay_band_intervals`) compute it.

Another engine (Spark) ranks a pay band's points where they are and sends the driver only these
order statistics, a few hundred per band, not the band's postings; the driver makes the same
numbers the local engine's Polars and numpy make from every point. Both libraries place
quantile q at virtual rank (n - 1)·q and interpolate between the values at its floor and the next
rank; they round the interpolation differently (numpy switches form at a weight of 0.5), so
each has its own function here, checked against the library in
tests/analytics/marts/test_pay_band_quantiles.py.

May import: numpy, the standard library.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


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


def polars_linear_quantiles(
    ranks: np.ndarray, values: np.ndarray, n: int, quantiles: Sequence[float] | np.ndarray
) -> np.ndarray:
    """Polars' linear quantiles of n values whose order statistics at `ranks` (sorted) are
    `values`: lower + (upper - lower)·(v - floor(v)), v = (n - 1)·q."""
    virtual = (n - 1) * np.asarray(quantiles, dtype=np.float64)
    lower_rank = np.floor(virtual)
    index = lower_rank.astype(np.int64)
    lower = _values_at(ranks, values, index)
    upper = _values_at(ranks, values, np.minimum(index + 1, n - 1))
    return lower + (upper - lower) * (virtual - lower_rank)


def numpy_linear_quantiles(
    ranks: np.ndarray, values: np.ndarray, n: int, quantiles: Sequence[float] | np.ndarray
) -> np.ndarray:
    """`np.quantile(x, quantiles)` (method "linear") of n values x whose order statistics at
    `ranks` (sorted) are `values`: numpy's indexes, weights and two-sided interpolation."""
    virtual = (n - 1) * np.asarray(quantiles, dtype=np.float64)
    previous = np.floor(virtual)
    above = virtual >= n - 1  # numpy reads the last value there (index -1)
    lower = np.where(above, n - 1, previous).astype(np.int64)
    upper = np.where(above, n - 1, previous + 1).astype(np.int64)
    gamma = virtual - np.where(above, -1.0, previous)
    a = _values_at(ranks, values, lower)
    b = _values_at(ranks, values, upper)
    diff = b - a
    return np.where(gamma >= 0.5, b - diff * (1 - gamma), a + diff * gamma)
