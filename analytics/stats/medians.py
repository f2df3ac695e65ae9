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


def _count_in_windows(
    sorted_keys: np.ndarray, lo_keys: np.ndarray, hi_keys: np.ndarray
) -> np.ndarray:
    """How many of `sorted_keys` lie in each [lo, hi]."""
    return np.searchsorted(sorted_keys, hi_keys, side="right") - np.searchsorted(
        sorted_keys, lo_keys, side="left"
    )


def median_gap_scores(
    values: np.ndarray,
    clusters: np.ndarray,
    n_clusters: int,
    rows: np.ndarray,
    cols: np.ndarray,
    k: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each of the `k` columns of a 0/1 design (unique `(rows, cols)` pairs): the median of
    `values` over the rows in it and over the rows not in it, and each cluster's share of the
    influence of their difference (clusters × k): the variance of (median in − median out) is
    G/(G−1) Σ_g scores². The influence of a sample median m is (½ − 1{v ≤ m}) / (f(m) n),
    f the density at the median from a uniform kernel of Silverman's width
    0.9 · min(sd, IQR/1.349) · n^(−1/5) (scale from all rows), all columns at once from sorted
    values and counts (no loop over columns). Meant for log pay, where the density is smooth."""
    values = np.asarray(values, dtype=np.float64)
    n = values.size
    inside, outside = medians_in_and_out(values, rows, cols, k)
    n_in = np.bincount(cols, minlength=k).astype(np.float64)
    n_out = n - n_in
    q75, q25 = np.percentile(values, [75, 25]) if n else (0.0, 0.0)
    scale = min(float(values.std()) if n else 0.0, (q75 - q25) / 1.349) or float(values.std())
    with np.errstate(divide="ignore", invalid="ignore"):
        h_in = 0.9 * scale * n_in ** (-0.2)
        h_out = 0.9 * scale * n_out ** (-0.2)
    low = float(values.min()) if n else 0.0
    widths = np.concatenate([h_in[np.isfinite(h_in)], h_out[np.isfinite(h_out)], [0.0]])
    span = (float(values.max()) - low if n else 0.0) + 1.0 + 2 * float(widths.max())
    # pairs keyed by (column, value) on one increasing scale: column j's values in [j·span, …)
    pair_values = values[rows]
    pair_keys = np.sort(cols * span + (pair_values - low))
    base = np.arange(k) * span - low
    in_window = _count_in_windows(pair_keys, base + inside - h_in, base + inside + h_in)
    all_sorted = np.sort(values)
    out_window = _count_in_windows(all_sorted, outside - h_out, outside + h_out)
    out_window = out_window - _count_in_windows(
        pair_keys, base + outside - h_out, base + outside + h_out
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        density_in = in_window / (2 * h_in * n_in)
        density_out = out_window / (2 * h_out * n_out)
    # per cluster: rows in the column, and those at or below each median
    pair_clusters = clusters[rows]
    in_rows = np.bincount(pair_clusters * k + cols, minlength=n_clusters * k).reshape(n_clusters, k)
    below_in = pair_values <= inside[cols]
    in_below = np.bincount(
        pair_clusters[below_in] * k + cols[below_in], minlength=n_clusters * k
    ).reshape(n_clusters, k)
    cluster_size = np.bincount(clusters, minlength=n_clusters)
    # rows of each cluster at or below each column's median-out: one sorted (cluster, value)
    cluster_keys = np.sort(clusters * span + (values - low))
    starts = np.searchsorted(cluster_keys, np.arange(n_clusters) * span, side="left")
    thresholds = (np.arange(n_clusters) * span)[:, None] + (outside - low)[None, :]
    all_below = (
        np.searchsorted(cluster_keys, thresholds.ravel(), side="right").reshape(n_clusters, k)
        - starts[:, None]
    )
    below_out_pairs = pair_values <= outside[cols]
    pairs_below_out = np.bincount(
        pair_clusters[below_out_pairs] * k + cols[below_out_pairs], minlength=n_clusters * k
    ).reshape(n_clusters, k)
    out_rows = cluster_size[:, None] - in_rows
    out_below = all_below - pairs_below_out
    with np.errstate(divide="ignore", invalid="ignore"):
        score_in = (0.5 * in_rows - in_below) / (density_in * n_in)
        score_out = (0.5 * out_rows - out_below) / (density_out * n_out)
    return inside, outside, score_in - score_out
