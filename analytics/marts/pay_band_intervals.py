"""Uncertainty of a pay band: a bootstrap over companies on its percentiles, and a confidence
word from its n and recency.

Bootstrap (cluster bootstrap, companies as clusters, because postings of one employer share
its pay scale): each replicate draws the cell's k companies with replacement (multinomial
weights), keeps every posting of each company drawn, and recomputes the range-aware
percentiles (each posting a uniform distribution over its [min, max]). The 2.5th and 97.5th
percentiles of the replicates bound each band percentile (`p10_lo` ... `p90_hi`). For speed the
pooled distribution of a replicate is evaluated on a grid of 129 points placed at the cell's
own quantiles (exact CDF of every posting at each grid point, weighted by company draws,
interpolated linearly between grid points): cost O(companies x grid) per replicate, not O(postings).
Seeded per cell (contract seed and a CRC of the cell's key), so the result does not depend on
the order cells are computed in. Cells are looped over (a few thousand at most; numpy inside),
postings never are.

Confidence (Carta-style words; thresholds in the contract): "high" with at least
`confidence_high_postings` postings from `confidence_high_companies` companies, "medium" with
`confidence_medium_postings` from `confidence_medium_companies`, else "low"; one step lower when
fewer than `min_recent_share` of the band's postings were first posted in its last
`recent_months` months (an old band).

May import: numpy, polars, the standard library and `contract`.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np
import polars as pl

from contract.marts import mart

_CONTRACT = mart("out_pay_bands")
REPLICATES = _CONTRACT.threshold_int("bootstrap_replicates")
SEED = _CONTRACT.threshold_int("bootstrap_seed")
GRID = 129
GRID_QUANTILES = np.linspace(0.0, 1.0, GRID)
SPREAD = np.linspace(0.0, 1.0, 11)  # each posting's points in the pooled distribution
PERCENTILES = {"p10": 0.10, "p25": 0.25, "p50": 0.50, "p75": 0.75, "p90": 0.90}
INTERVAL_COLUMNS = tuple(f"{name}_{end}" for name in PERCENTILES for end in ("lo", "hi"))
CONFIDENCE_WORDS = ("low", "medium", "high")


def cell_rng(key: Sequence[object], seed: int = SEED) -> np.random.Generator:
    """A cell's own random stream: the contract seed and a CRC of its key values."""
    return np.random.default_rng([seed, zlib.crc32("|".join(map(str, key)).encode())])


def bootstrap_intervals(
    rows: pl.DataFrame, keys: Sequence[str], replicates: int = REPLICATES, seed: int = SEED
) -> pl.DataFrame:
    """95% bootstrap bounds of P10..P90 per cell.

    `rows`: one row per posting in a cell: the `keys`, company, _lo and _hi (its pay range in
    the band's currency). Returns the keys and INTERVAL_COLUMNS, one row per cell.
    """
    keys = list(keys)
    if rows.height == 0:
        return pl.DataFrame(
            schema={
                **{k: rows.schema[k] for k in keys},
                **dict.fromkeys(INTERVAL_COLUMNS, pl.Float64),
            }
        )
    ordered = rows.select(
        *keys,
        pl.col("company").fill_null("").rank("dense").over(keys).cast(pl.Int64).alias("_company"),
        pl.col("_lo").cast(pl.Float64),
        pl.col("_hi").cast(pl.Float64),
    ).sort(keys)
    cells = ordered.select(keys).unique(maintain_order=True)
    counts = ordered.group_by(keys, maintain_order=True).len()["len"].to_numpy()
    ends = np.cumsum(counts)
    starts = ends - counts
    company = ordered["_company"].to_numpy() - 1
    low = ordered["_lo"].to_numpy()
    high = np.maximum(ordered["_hi"].to_numpy(), low)
    bounds = np.empty((cells.height, len(INTERVAL_COLUMNS)))
    for index, (key, start, end) in enumerate(zip(cells.iter_rows(), starts, ends, strict=True)):
        bounds[index] = _cell_bounds(
            company[start:end], low[start:end], high[start:end], replicates, cell_rng(key, seed)
        )
    return cells.with_columns(
        pl.Series(name, bounds[:, i]) for i, name in enumerate(INTERVAL_COLUMNS)
    )


def cell_grid(low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """The grid of a cell: the distinct quantiles GRID_QUANTILES of its pooled points (each
    posting as SPREAD points over [low, high], high at least low)."""
    pooled = (low[:, None] + (high - low)[:, None] * SPREAD).ravel()
    return np.unique(np.quantile(pooled, GRID_QUANTILES))


def posting_cdfs(low: np.ndarray, high: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """postings x grid: the CDF of each posting's uniform range at each grid point (a step
    where min == max)."""
    width = high - low
    safe = np.where(width > 0, width, 1.0)
    return np.where(
        width[:, None] > 0,
        np.clip((grid[None, :] - low[:, None]) / safe[:, None], 0.0, 1.0),
        (grid[None, :] >= low[:, None]).astype(float),
    )


def _cell_bounds(
    company: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    replicates: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """[p10_lo, p10_hi, p25_lo, ...] for one cell."""
    order = np.argsort(company, kind="stable")
    company, low, high = company[order], low[order], high[order]
    grid = cell_grid(low, high)
    cdf = posting_cdfs(low, high, grid)
    starts = np.flatnonzero(np.r_[True, company[1:] != company[:-1]])
    per_company = np.add.reduceat(cdf, starts, axis=0)  # k x grid (rows sorted by company)
    postings = np.diff(np.r_[starts, company.size]).astype(float)
    return bounds_from_company_sums(per_company, postings, grid, replicates, rng)


def bounds_from_company_sums(
    per_company: np.ndarray,
    postings: np.ndarray,
    grid: np.ndarray,
    replicates: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """[p10_lo, p10_hi, p25_lo, ...] of one cell from, per company (in the order of their
    names, a null name as ""), the sum of its postings' CDFs at each grid point (k x grid) and
    its number of postings: what the replicates draw. Shared by both engines."""
    k = per_company.shape[0]
    # each replicate draws k companies with replacement: its weights count the draws
    draws = rng.integers(0, k, size=(replicates, k)) + k * np.arange(replicates)[:, None]
    weights = np.bincount(draws.ravel(), minlength=replicates * k).reshape(replicates, k)
    weights = weights.astype(float)
    mass = weights @ per_company  # replicates x grid: postings at or below each grid point
    total = weights @ postings
    share = mass / total[:, None]
    estimates = _crossings(share, grid, np.array(list(PERCENTILES.values())))
    # per percentile (row), the 2.5% and 97.5% points of its replicates: [p10_lo, p10_hi, ...]
    return np.quantile(estimates, [0.025, 0.975], axis=1).T.ravel()


def _crossings(share: np.ndarray, grid: np.ndarray, qs: np.ndarray) -> np.ndarray:
    """Per q (row) and replicate (column; a row of `share` is a CDF on `grid`), the value
    where the CDF reaches q."""
    above = np.clip((share[None, :, :] < qs[:, None, None]).sum(axis=2), 1, grid.size - 1)
    rows = np.arange(share.shape[0])[None, :]
    left, right = share[rows, above - 1], share[rows, above]
    q = qs[:, None]
    fraction = np.where(right > left, (q - left) / np.where(right > left, right - left, 1.0), 0.0)
    return grid[above - 1] + np.clip(fraction, 0.0, 1.0) * (grid[above] - grid[above - 1])


def confidence_word(n_postings: pl.Expr, n_companies: pl.Expr, recent_share: pl.Expr) -> pl.Expr:
    """ "high" | "medium" | "low" from a band's n, companies and recent share (null when the
    counts are null: a suppressed band)."""
    threshold = _CONTRACT.threshold
    step = (
        pl.when(
            (n_postings >= threshold("confidence_high_postings"))
            & (n_companies >= threshold("confidence_high_companies"))
        )
        .then(2)
        .when(
            (n_postings >= threshold("confidence_medium_postings"))
            & (n_companies >= threshold("confidence_medium_companies"))
        )
        .then(1)
        .otherwise(0)
    )
    old = recent_share.fill_null(0.0) < threshold("min_recent_share")
    step = pl.when(old).then((step - 1).clip(0, 2)).otherwise(step)
    word = pl.lit(list(CONFIDENCE_WORDS)).list.get(step)
    return pl.when(n_postings.is_null()).then(None).otherwise(word)


def recent_months() -> int:
    return _CONTRACT.threshold_int("recent_months")
