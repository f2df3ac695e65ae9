"""Medians of the rows in each column of a 0/1 design and of the rows not in it, all columns at
once, from order statistics (no per-column sort, no Python loop over columns).

May import: numpy. Never another package of the project.
"""

from __future__ import annotations

import numpy as np


def medians_in_and_out(
    values: np.ndarray, rows: np.ndarray, cols: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """Median of `values` over the rows in each of the `k` columns and over the rows NOT in it
    (NaN when none), given the design's nonzeros as unique `(rows, cols)` pairs. From order
    statistics: the values are sorted once, the (column, value rank) pairs once, and the
    complement's middle order statistics are found from the sorted ranks of the rows in the
    column — all columns in one searchsorted."""
    n = values.size
    order = np.argsort(values, kind="stable")
    sorted_values = values[order]
    rank_of_row = np.empty_like(order)
    rank_of_row[order] = np.arange(n)
    key = np.sort(cols.astype(np.int64) * n + rank_of_row[rows])
    col, rank = np.divmod(key, n)
    counts = np.bincount(col, minlength=k)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    inside = np.full(k, np.nan)
    has = counts > 0
    lo = rank[(starts + (counts - 1) // 2)[has]]
    hi = rank[(starts + counts // 2)[has]]
    inside[has] = (sorted_values[lo] + sorted_values[hi]) / 2
    # complement position of sorted index i is i - #(ranks < i); ranks - position within the
    # column is non-decreasing, so the k-th complement element sits at k + #(shifted <= k).
    # Offsetting column j by j(n+1) makes one array sorted over all columns.
    shifted = rank - (np.arange(key.size) - starts[col]) + col * (n + 1)
    m = n - counts
    lo_k, hi_k = (m - 1) // 2, m // 2
    base = np.arange(k) * (n + 1)
    outside = np.full(k, np.nan)
    ok = m > 0
    lo = lo_k + np.searchsorted(shifted, lo_k + base, side="right") - starts
    hi = hi_k + np.searchsorted(shifted, hi_k + base, side="right") - starts
    outside[ok] = (sorted_values[lo[ok]] + sorted_values[hi[ok]]) / 2
    return inside, outside
