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

May import: numpy, scipy, polars, pyspark, `analytics.marts.premium` (the sample),
`analytics.stats`, `contract`, `spark_engine.arrow_types`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import polars as pl
import pyarrow as pa
from pyspark import StorageLevel
from pyspark.sql import DataFrame
from pyspark.sql import functions as F
from scipy import linalg, sparse

from analytics.marts.premium import FE_COLUMNS, premium_sample
from analytics.normalize.skills import genai_skill_ids
from analytics.stats.clustered_ols import small_sample_correction
from analytics.stats.fixed_effects import dense_codes, fe_parameter_count
from contract.vocab import ALL, GENAI_SKILL_ID
from spark_engine.arrow_types import arrow_table, spark_schema

CELL_KEYS = ("cluster", *FE_COLUMNS, "flag")
SAMPLE_SCHEMA: dict[str, pl.DataType] = {
    "posting_id": pl.String,
    "log_pay": pl.Float64,
    "cluster": pl.String,
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


def cells_on_spark(sample: DataFrame, skills: DataFrame, flag_skills: frozenset[str]) -> DataFrame:
    """Cells (company × fixed-effect cell × flag) of the sample (`sample_on_spark`) with n,
    Σ log pay, Σ log pay²; the flag is naming any of `flag_skills`."""
    flagged = (
        skills.filter(F.col("skill_id").isin(sorted(flag_skills)))
        .select("posting_id")
        .distinct()
        .withColumn("flag", F.lit(True))
    )
    return (
        sample.join(flagged, on="posting_id", how="left")
        .withColumn("flag", F.coalesce("flag", F.lit(False)))
        .groupBy(*CELL_KEYS)
        .agg(
            F.count(F.lit(1)).alias("n"),
            F.sum("log_pay").alias("sum_y"),
            F.sum(F.col("log_pay") * F.col("log_pay")).alias("sum_y2"),
        )
    )


def _fe_design(cells: pl.DataFrame) -> tuple[sparse.csr_matrix, list[np.ndarray]]:
    """One-hot columns of every fixed effect's levels, one row per cell."""
    codes = [
        cells[c].cast(pl.String).fill_null("?").cast(pl.Categorical).to_physical().to_numpy()
        for c in FE_COLUMNS
    ]
    blocks = []
    for code in codes:
        dense, levels = dense_codes(code)
        blocks.append(
            sparse.csr_matrix(
                (np.ones(dense.size), (np.arange(dense.size), dense)), shape=(dense.size, levels)
            )
        )
    return sparse.hstack(blocks, format="csr"), codes


def _weighted_fit(design: sparse.csr_matrix, gram: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    """The fitted values D·θ of the weighted least squares whose normal equations are
    gram·θ = rhs (minimum-norm θ: the fixed-effect dummies are collinear, their fit is not)."""
    theta = linalg.lstsq(gram, rhs, cond=1e-12, lapack_driver="gelsd")[0]
    return np.asarray(design @ theta).ravel()


def collapsed_flag_estimate(cells: pl.DataFrame) -> FlagEstimate:
    """β and company-clustered se of the flag in the fixed-effects regression of log pay,
    from the cells alone (see the module docstring)."""
    n = cells["n"].cast(pl.Float64).to_numpy()
    sum_y = cells["sum_y"].to_numpy()
    x = cells["flag"].cast(pl.Float64).to_numpy()
    design, codes = _fe_design(cells)
    gram = np.asarray((design.T @ sparse.diags(n) @ design).todense())
    x_t = x - _weighted_fit(design, gram, design.T @ (n * x))  # x̃ per cell
    y_fit = _weighted_fit(design, gram, design.T @ sum_y)  # D·θ per cell
    sxx = float(np.sum(n * x_t**2))
    beta = float(np.sum(x_t * sum_y) / sxx) if sxx > 0 else math.nan
    clusters, n_clusters = dense_codes(
        cells["cluster"].fill_null("?").cast(pl.Categorical).to_physical().to_numpy()
    )
    per_cell = x_t * (sum_y - n * y_fit) - beta * n * x_t**2
    scores = np.bincount(clusters, weights=per_cell, minlength=n_clusters)
    rows = int(n.sum())
    k = fe_parameter_count(codes) + 1
    variance = small_sample_correction(rows, n_clusters, k) * float(np.sum(scores**2)) / sxx**2
    return FlagEstimate(beta, math.sqrt(variance), rows, n_clusters, cells.height)


def premium_check(
    postings: DataFrame,
    skills: DataFrame,
    premiums: pl.DataFrame,
    genai_ids: frozenset[str] | None = None,
) -> dict:
    """The premiums solved from cells made on Spark from the core tables, beside the published
    mart's posting-level estimates (segment all): the GenAI flag's β and se, and every skill's
    single estimate where the mart has one (how many, and the largest differences)."""
    ids = genai_ids if genai_ids is not None else genai_skill_ids()
    sample = sample_on_spark(postings).persist(StorageLevel.MEMORY_AND_DISK)
    cells = pl.from_arrow(cells_on_spark(sample, skills, ids).toArrow())
    assert isinstance(cells, pl.DataFrame)
    estimate = collapsed_flag_estimate(cells)
    overall = premiums.filter(pl.col("segment") == ALL)
    row = overall.filter(pl.col("skill_id") == GENAI_SKILL_ID)
    check: dict = {
        "cells": estimate.n_cells,
        "postings": estimate.n,
        "companies": estimate.n_clusters,
        "beta_cells": estimate.beta,
        "se_cells": estimate.se,
    }
    if row.height == 1 and row["beta"][0] is not None:
        check["beta_mart"] = float(row["beta"][0])
        check["se_mart"] = float(row["se"][0])
        check["beta_abs_diff"] = abs(estimate.beta - check["beta_mart"])
        check["se_abs_diff"] = abs(estimate.se - check["se_mart"])
    base, with_skill = skill_cells_on_spark(sample, skills, ids)
    base_frame, with_frame = pl.from_arrow(base.toArrow()), pl.from_arrow(with_skill.toArrow())
    sample.unpersist()
    assert isinstance(base_frame, pl.DataFrame) and isinstance(with_frame, pl.DataFrame)
    both = skill_flag_estimates(base_frame, with_frame).join(
        overall.filter(pl.col("beta").is_not_null()).select(
            "skill_id", pl.col("beta").alias("beta_mart"), pl.col("se").alias("se_mart")
        ),
        on="skill_id",
    )
    check["skills_compared"] = both.height
    if both.height:
        check["skills_beta_max_abs_diff"] = float((both["beta"] - both["beta_mart"]).abs().max())
        check["skills_se_max_rel_diff"] = float(
            ((both["se"] - both["se_mart"]).abs() / both["se_mart"]).max()
        )
    return check


# ---------------------------------------------------------------- every skill at once
BASE_KEYS = ("cluster", *FE_COLUMNS)
SKILL_CHUNK = 32  # skills solved together (cells × SKILL_CHUNK dense blocks)


def skill_cells_from_sample(
    sample: pl.DataFrame, flags: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Polars twin of `skill_cells_on_spark`: the sample's cells (company × fixed-effect cell:
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


def skill_cells_on_spark(
    sample: DataFrame, skills: DataFrame, genai_ids: frozenset[str]
) -> tuple[DataFrame, DataFrame]:
    """The cells of `skill_cells_from_sample` on Spark (`sample`: `sample_on_spark`), the flags
    being every skill a posting names and the `genai` pseudo-skill
    (`analytics.marts.demand.posting_skill_flags`)."""
    pairs = skills.select("posting_id", "skill_id")
    genai = (
        skills.filter(F.col("skill_id").isin(sorted(genai_ids)))
        .select("posting_id")
        .distinct()
        .withColumn("skill_id", F.lit(GENAI_SKILL_ID))
    )
    flags = pairs.unionByName(genai).distinct()
    base = sample.groupBy(*BASE_KEYS).agg(
        F.count(F.lit(1)).alias("n"), F.sum("log_pay").alias("sum_y")
    )
    with_skill = (
        sample.join(flags, on="posting_id")
        .groupBy("skill_id", *BASE_KEYS)
        .agg(F.count(F.lit(1)).alias("n_with"), F.sum("log_pay").alias("sum_y_with"))
    )
    return base, with_skill


def skill_flag_estimates(base: pl.DataFrame, with_skill: pl.DataFrame) -> pl.DataFrame:
    """skill_id, β, se, n_with of each skill's own fixed-effects regression (one flag at a time,
    as the mart's single estimates), from the cells alone. The flag's residual on the fixed
    effects is f = D·Γ per cell (one solve for every skill: the gram is the cells' counts);
    per cell, Σ x̃ỹ = (S_with − f·S) − (n_with − f·n)·ŷ and Σ x̃² = n_with·(1 − 2f) + n·f²,
    ŷ being log pay's fit on the fixed effects."""
    base = base.with_row_index("_cell")
    names = with_skill["skill_id"].unique().sort().to_list()
    parts = with_skill.join(base.select("_cell", *BASE_KEYS), on=list(BASE_KEYS)).with_columns(
        pl.col("skill_id").cast(pl.Enum(names)).to_physical().cast(pl.Int64).alias("_skill")
    )
    cells, k = base.height, len(names)
    rows, cols = parts["_cell"].to_numpy(), parts["_skill"].to_numpy()
    n_with = sparse.csc_matrix(
        (parts["n_with"].cast(pl.Float64).to_numpy(), (rows, cols)), (cells, k)
    )
    s_with = sparse.csc_matrix((parts["sum_y_with"].to_numpy(), (rows, cols)), (cells, k))
    n = base["n"].cast(pl.Float64).to_numpy()
    sum_y = base["sum_y"].to_numpy()
    design, codes = _fe_design(base)
    gram = np.asarray((design.T @ sparse.diags(n) @ design).todense())
    y_fit = _weighted_fit(design, gram, design.T @ sum_y)
    clusters, n_clusters = dense_codes(
        base["cluster"].fill_null("?").cast(pl.Categorical).to_physical().to_numpy()
    )
    indicator = sparse.csr_matrix(
        (np.ones(cells), (clusters, np.arange(cells))), shape=(n_clusters, cells)
    )
    correction = small_sample_correction(int(n.sum()), n_clusters, fe_parameter_count(codes) + 1)
    beta, se = np.full(k, np.nan), np.full(k, np.nan)
    total_with = np.asarray(n_with.sum(axis=0)).ravel()
    for start in range(0, k, SKILL_CHUNK):  # cells × chunk dense blocks: memory stays bounded
        part = slice(start, min(start + SKILL_CHUNK, k))
        n_part, s_part = n_with[:, part].toarray(), s_with[:, part].toarray()
        gamma = linalg.lstsq(gram, design.T @ n_part, cond=1e-12)[0]
        f = np.asarray(design @ gamma)  # the flags' fit on the fixed effects, per cell
        cross = (s_part - f * sum_y[:, None]) - (n_part - f * n[:, None]) * y_fit[:, None]
        squares = n_part * (1 - 2 * f) + n[:, None] * f**2
        sxx, sxy = squares.sum(axis=0), cross.sum(axis=0)
        sxx[sxx <= 1e-10 * total_with[part]] = np.nan
        with np.errstate(divide="ignore", invalid="ignore"):
            beta[part] = sxy / sxx
            scores = indicator @ (cross - beta[part] * squares)
            se[part] = np.sqrt(correction * (scores**2).sum(axis=0) / sxx**2)
    return pl.DataFrame(
        {"skill_id": names, "beta": beta, "se": se, "n_with": total_with.astype(np.int64)}
    )
