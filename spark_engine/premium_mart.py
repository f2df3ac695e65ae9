"""`out_skill_premiums` from the aggregates Spark computes (`spark_engine.premium_statistics`),
solved on the driver (`spark_engine.premium_solve`): per segment the skills' support (postings
with and without, companies, companies posting both, medians) from the cells and the medians,
the contract's suppression, and the single, joint and within-company estimates; the rows are
assembled by the mart's own code (`analytics.marts.premium.segment_rows`, `joint_premiums`,
`published_premiums`), so only the solve differs: cells instead of postings.

May import: numpy, polars, `analytics.marts.premium`, `spark_engine.premium_solve`,
`spark_engine.premium_statistics`.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from analytics.marts.premium import (
    FE_COLUMNS,
    MIN_COMPANIES,
    Estimated,
    joint_premiums,
    published_premiums,
    segment_rows,
    with_support_reason,
)
from spark_engine.premium_solve import SegmentCells
from spark_engine.premium_statistics import PremiumStatistics


def segment_support(
    base: pl.DataFrame, with_skill: pl.DataFrame, medians: pl.DataFrame
) -> pl.DataFrame:
    """Per skill of one segment: n_with, n_without, n_companies, n_companies_both, medians
    and the suppression reason, sorted by skill."""
    n = int(base["n"].sum())
    company_size = base.group_by("cluster").agg(pl.col("n").sum().alias("_size"))
    per_company = (
        with_skill.group_by("skill_id", "cluster")
        .agg(pl.col("n_with").sum())
        .join(company_size, on="cluster", nulls_equal=True)
    )
    support = per_company.group_by("skill_id").agg(
        pl.col("n_with").sum().cast(pl.Int64),
        pl.len().cast(pl.Int64).alias("n_companies"),
        (pl.col("n_with") < pl.col("_size")).sum().cast(pl.Int64).alias("n_companies_both"),
    )
    support = support.with_columns((n - pl.col("n_with")).alias("n_without")).join(
        medians.select("skill_id", "median_with", "median_without"), on="skill_id", how="left"
    )
    return with_support_reason(support.sort("skill_id"))


def _estimates(cells: SegmentCells, beta: np.ndarray, se: np.ndarray) -> Estimated:
    return {s: (float(beta[j]), float(se[j])) for j, s in enumerate(cells.skills)}


def segment_premiums_from_cells(
    segment: str,
    base: pl.DataFrame,
    with_skill: pl.DataFrame,
    pairs: pl.DataFrame,
    medians: pl.DataFrame,
    genai_ids: frozenset[str],
) -> pl.DataFrame:
    """One segment's rows, as `analytics.marts.premium.segment_premiums` makes them."""
    support = segment_support(base, with_skill, medians)
    single: Estimated = {}
    joint: Estimated = {}
    within: Estimated = {}
    estimable = support.filter(pl.col("suppressed_reason").is_null())
    if estimable.height:
        cells = SegmentCells(
            base, with_skill.filter(pl.col("skill_id").is_in(estimable["skill_id"].implode()))
        )
        beta, se, xty = cells.single()
        single = _estimates(cells, beta, se)
        pair_matrix = cells.pair_matrix(pairs)
        gram = cells.residual_gram(pair_matrix)
        # columns with no variation left after the fixed effects stay out of the joint model
        dead = np.flatnonzero(np.isnan(beta))
        gram[dead, :], gram[:, dead] = 0.0, 0.0
        joint = joint_premiums(
            gram,
            cells.skills,
            genai_ids,
            lambda keep: cells.joint(gram, xty, keep, pair_matrix),
        )
        both = estimable.filter(pl.col("n_companies_both") >= MIN_COMPANIES)["skill_id"]
        if both.len():
            company = SegmentCells(
                base,
                with_skill.filter(pl.col("skill_id").is_in(both.implode())),
                within_company=True,
            )
            beta, se, _ = company.single()
            within = _estimates(company, beta, se)
    return segment_rows(support, segment, single, joint, within)


def premiums_from_statistics(
    statistics: PremiumStatistics, genai_ids: frozenset[str]
) -> pl.DataFrame:
    """The mart from the collected aggregates: every segment with a skill in it, its cells
    summed from the role family × country ones."""
    frames = []
    keys = ["cluster", *FE_COLUMNS]
    for segment, rows in statistics.segments():
        with_skill = (
            statistics.with_skill.filter(rows)
            .group_by("skill_id", *keys)
            .agg(pl.col("n_with").sum(), pl.col("sum_y_with").sum())
        )
        if with_skill.height == 0:
            continue
        base = statistics.base.filter(rows).group_by(keys).agg(pl.col("n", "sum_y").sum())
        pairs = (
            statistics.pairs.filter(rows)
            .group_by("cluster", "skill_a", "skill_b")
            .agg(pl.col("n_pair").sum())
        )
        medians = statistics.medians.filter(pl.col("segment") == segment)
        frames.append(
            segment_premiums_from_cells(segment, base, with_skill, pairs, medians, genai_ids)
        )
    return published_premiums(frames)
