"""The premium regression from exact sufficient statistics: postings collapsed on Spark to cells
(company × fixed-effect cell × flag) with their count n, sum of log pay S and sum of squares Q,
and the regression solved on the driver from the cells.

With every regressor categorical (the fixed effects of `analytics.marts.premium`: role family ×
seniority, place, month; and a 0/1 flag), every row of a cell has the same regressors, so the
posting-level normal equations are sums over cells: XᵀX = Σ n·d dᵀ, Xᵀy = Σ S·d. The flag's
coefficient by Frisch–Waugh–Lovell is β = Σ x̃·S / Σ n·x̃², where x̃ is the flag's residual on
the fixed effects (weighted by n); a company's score Σ_i x̃ᵢêᵢ is Σ over its cells of
x̃·(S − n·d θ) − β·n·x̃² (θ: log pay's fit on the fixed effects), so the company-clustered
standard error (statsmodels' small-sample correction, K = fixed-effect parameters + 1, as
`analytics.stats.clustered_ols`) needs no posting either. Q gives the residual sum of squares
(and the classical standard error) but the clustered one does not need it.

This module holds the premiums' sample on the executors (`sample_on_spark`), the one-flag
proof in Polars (`cells_from_sample`, `collapsed_flag_estimate`) and every skill's single
estimate from cells (`skill_flag_estimates`); the mart itself is made by
`spark_engine.premium_statistics` (the aggregates on Spark) and `spark_engine.premium_mart`.

May import: numpy, scipy, polars, pyarrow, pyspark, `analytics.marts.premium` (the sample,
`value_codes`), `analytics.stats`, `spark_engine.arrow_types`, `spark_engine.premium_solve`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import polars as pl
import pyarrow as pa
from pyspark.sql import DataFrame
from scipy import sparse

from analytics.marts.premium import FE_COLUMNS, premium_sample, value_codes
from analytics.stats.clustered_ols import small_sample_correction
from analytics.stats.fixed_effects import dense_codes, fe_parameter_count
from spark_engine.arrow_types import arrow_table, spark_schema
from spark_engine.premium_solve import SegmentCells, fe_design, weighted_fit

CELL_KEYS = ("cluster", *FE_COLUMNS, "flag")
SAMPLE_SCHEMA: dict[str, pl.DataType] = {
    "posting_id": pl.String,
    "log_pay": pl.Float64,
    "pay_mid_annual_usd": pl.Float64,
    "cluster": pl.String,
    "role_family": pl.String,
    "country": pl.String,
    **{c: pl.String for c in FE_COLUMNS},
}


@dataclass(frozen=True)
class FlagEstimate:
    """β of the flag, its company-clustered standard error, rows, companies, cells."""

    beta: float
    se: float
    n: int
    n_clusters: int
    n_cells: int


def cells_from_sample(sample: pl.DataFrame, flagged: pl.Series) -> pl.DataFrame:
    """The cells of a posting-level sample (`premium_sample` rows; `flagged`: posting ids with
    the flag) in Polars: what `cells_on_spark` computes, for small data and the tests."""
    return (
        sample.with_columns(pl.col("posting_id").is_in(flagged.implode()).alias("flag"))
        .group_by(CELL_KEYS)
        .agg(
            pl.len().alias("n"),
            pl.col("log_pay").sum().alias("sum_y"),
            (pl.col("log_pay") ** 2).sum().alias("sum_y2"),
        )
    )


def _sample_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        postings = pl.from_arrow(batch)
        assert isinstance(postings, pl.DataFrame)
        sample = premium_sample(postings).select(list(SAMPLE_SCHEMA))
        yield from arrow_table(sample, SAMPLE_SCHEMA).to_batches()


def sample_on_spark(postings: DataFrame) -> DataFrame:
    """The premiums' regression sample: `premium_sample` run on the executors' batches."""
    return postings.mapInArrow(_sample_batches, spark_schema(SAMPLE_SCHEMA))


def collapsed_flag_estimate(cells: pl.DataFrame) -> FlagEstimate:
    """β and company-clustered se of the flag in the fixed-effects regression of log pay,
    from the cells alone (see the module docstring)."""
    n = cells["n"].cast(pl.Float64).to_numpy()
    sum_y = cells["sum_y"].to_numpy()
    x = cells["flag"].cast(pl.Float64).to_numpy()
    design = fe_design(cells)
    codes = [value_codes(cells[c]) for c in FE_COLUMNS]
    gram = np.asarray((design.T @ sparse.diags(n) @ design).todense())
    x_t = x - weighted_fit(design, gram, design.T @ (n * x))  # x̃ per cell
    y_fit = weighted_fit(design, gram, design.T @ sum_y)  # D·θ per cell
    sxx = float(np.sum(n * x_t**2))
    beta = float(np.sum(x_t * sum_y) / sxx) if sxx > 0 else math.nan
    clusters, n_clusters = dense_codes(value_codes(cells["cluster"]))
    per_cell = x_t * (sum_y - n * y_fit) - beta * n * x_t**2
    scores = np.bincount(clusters, weights=per_cell, minlength=n_clusters)
    rows = int(n.sum())
    k = fe_parameter_count(codes) + 1
    variance = small_sample_correction(rows, n_clusters, k) * float(np.sum(scores**2)) / sxx**2
    return FlagEstimate(beta, math.sqrt(variance), rows, n_clusters, cells.height)


# ---------------------------------------------------------------- every skill at once
BASE_KEYS = ("cluster", *FE_COLUMNS)


def skill_cells_from_sample(
    sample: pl.DataFrame, flags: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The sample's cells (company × fixed-effect cell:
    n, Σ log pay) and, per skill, the part of each cell naming it (n_with, Σ log pay with)."""
    base = sample.group_by(BASE_KEYS).agg(
        pl.len().alias("n"), pl.col("log_pay").sum().alias("sum_y")
    )
    with_skill = (
        sample.join(flags.select("posting_id", "skill_id").unique(), on="posting_id")
        .group_by("skill_id", *BASE_KEYS)
        .agg(pl.len().alias("n_with"), pl.col("log_pay").sum().alias("sum_y_with"))
    )
    return base, with_skill


def skill_flag_estimates(base: pl.DataFrame, with_skill: pl.DataFrame) -> pl.DataFrame:
    """skill_id, β, se, n_with of each skill's own fixed-effects regression (one flag at a time,
    as the mart's single estimates), from the cells alone (`premium_solve.SegmentCells`)."""
    cells = SegmentCells(base, with_skill)
    beta, se, _ = cells.single()
    return pl.DataFrame(
        {
            "skill_id": cells.skills,
            "beta": beta,
            "se": se,
            "n_with": cells.total_with.astype(np.int64),
        }
    )
