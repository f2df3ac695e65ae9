"""`out_skill_premiums` from the aggregates Spark computes (`spark_engine.premium_statistics`),
solved on the driver (`spark_engine.premium_solve`) in three steps:

1. every segment from the first pass's aggregates: the skills' support (postings with and
   without, companies, companies posting both, medians) from the cells and the medians, the
   contract's suppression, the single and within-company estimates, the joint models' kept
   columns (as `analytics.marts.premium.joint_premiums` picks them), β and scores but for
   the pair term (`premium_solve.JointModel`);
2. one second pass for every segment's joint models (`PairTerms`: on Spark in the build,
   `premium_statistics.pair_terms_on_spark`; its Polars twin in the tests): each company's
   pair term from the models' β;
3. the joint models' company-clustered standard errors, and the rows, assembled by the mart's
   own code (`segment_rows`, `joint_premiums`, `published_premiums`), so only the solve
   differs: cells and per-company sums instead of postings.

May import: numpy, polars, `analytics.marts.premium`, `spark_engine.premium_solve`,
`spark_engine.premium_statistics`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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
from spark_engine.premium_solve import JointModel, SegmentCells
from spark_engine.premium_statistics import (
    MODELS_SCHEMA,
    PAIR_TERMS_SCHEMA,
    PremiumStatistics,
)

# the joint models' β (premium_statistics.MODELS_SCHEMA) -> their pair terms (PAIR_TERMS_SCHEMA)
PairTerms = Callable[[pl.DataFrame], pl.DataFrame]


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


def joint_model_columns(
    gram: np.ndarray, skills: list[str], genai_ids: frozenset[str]
) -> list[list[int]]:
    """The kept columns of each joint model `joint_premiums` solves, in its order (noted by a
    solve that only records them, so the rule is the mart's own)."""
    keeps: list[list[int]] = []

    def note(keep: list[int]) -> tuple[np.ndarray, np.ndarray]:
        keeps.append(list(keep))
        return np.zeros(len(keep)), np.zeros(len(keep))

    joint_premiums(gram, skills, genai_ids, note)
    return keeps


@dataclass
class SolvedSegment:
    """One segment after step 1: its support and estimates, and its joint models waiting for
    their pair terms (`skills`, `gram`: the joint design's columns and X̃ᵀX̃; `companies`:
    company name, null as "?", -> the models' score rows)."""

    segment: str
    support: pl.DataFrame
    single: Estimated
    within: Estimated
    skills: list[str]
    gram: np.ndarray
    models: list[JointModel]
    companies: dict[str, int]

    def models_frame(self) -> pl.DataFrame:
        """The models' kept skills and β (`MODELS_SCHEMA`), model = position in `models`."""
        return pl.DataFrame(
            {
                "segment": [self.segment] * sum(len(m.keep) for m in self.models),
                "model": [i for i, m in enumerate(self.models) for _ in m.keep],
                "skill_id": [self.skills[j] for m in self.models for j in m.keep],
                "beta": [float(b) for m in self.models for b in m.beta],
            },
            schema=MODELS_SCHEMA,
        )

    def rows(self, pair_terms: pl.DataFrame, genai_ids: frozenset[str]) -> pl.DataFrame:
        """The segment's rows, its joint standard errors from `pair_terms` (this segment's
        rows of `PAIR_TERMS_SCHEMA`)."""
        solved = []
        for index, model in enumerate(self.models):
            position = {self.skills[j]: i for i, j in enumerate(model.keep)}
            terms = pair_terms.filter(pl.col("model") == index)
            term = np.zeros((len(self.companies), len(model.keep)))
            rows = [self.companies[c] for c in terms["cluster"].fill_null("?").to_list()]
            columns = [position[s] for s in terms["skill_id"].to_list()]
            np.add.at(term, (rows, columns), terms["pair_term"].to_numpy())
            solved.append((model.keep, model.beta, model.se(term)))
        answers = iter(solved)

        def solve(keep: list[int]) -> tuple[np.ndarray, np.ndarray]:
            kept, beta, se = next(answers)
            assert kept == list(keep), "joint models solved out of order"
            return beta, se

        joint = joint_premiums(self.gram, self.skills, genai_ids, solve) if self.models else {}
        return segment_rows(self.support, self.segment, self.single, joint, self.within)


def solved_segment(
    segment: str,
    base: pl.DataFrame,
    with_skill: pl.DataFrame,
    pair_totals: pl.DataFrame,
    medians: pl.DataFrame,
    genai_ids: frozenset[str],
) -> SolvedSegment:
    """Step 1 for one segment (`pair_totals`: skill_a, skill_b, n_pair of this segment)."""
    support = segment_support(base, with_skill, medians)
    estimable = support.filter(pl.col("suppressed_reason").is_null())
    if estimable.height == 0:
        return SolvedSegment(segment, support, {}, {}, [], np.zeros((0, 0)), [], {})
    cells = SegmentCells(
        base, with_skill.filter(pl.col("skill_id").is_in(estimable["skill_id"].implode()))
    )
    beta, se, xty = cells.single()
    single = _estimates(cells, beta, se)
    gram = cells.residual_gram(cells.pair_totals(pair_totals))
    # columns with no variation left after the fixed effects stay out of the joint model
    dead = np.flatnonzero(np.isnan(beta))
    gram[dead, :], gram[:, dead] = 0.0, 0.0
    models = [
        cells.joint(gram, xty, keep) for keep in joint_model_columns(gram, cells.skills, genai_ids)
    ]
    within: Estimated = {}
    both = estimable.filter(pl.col("n_companies_both") >= MIN_COMPANIES)["skill_id"]
    if both.len():
        company = SegmentCells(
            base,
            with_skill.filter(pl.col("skill_id").is_in(both.implode())),
            within_company=True,
        )
        beta, se, _ = company.single()
        within = _estimates(company, beta, se)
    return SolvedSegment(
        segment, support, single, within, cells.skills, gram, models, cells.cluster_index
    )


def premiums_from_statistics(
    statistics: PremiumStatistics, genai_ids: frozenset[str], pair_terms: PairTerms
) -> pl.DataFrame:
    """The mart from the first pass's aggregates and the second pass `pair_terms`: every
    segment with a skill in it, its cells summed from the role family × country ones."""
    solved = []
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
        in_segment = pl.col("segment") == segment
        solved.append(
            solved_segment(
                segment,
                base,
                with_skill,
                statistics.pair_totals.filter(in_segment),
                statistics.medians.filter(in_segment),
                genai_ids,
            )
        )
    models = pl.concat([pl.DataFrame(schema=MODELS_SCHEMA), *(s.models_frame() for s in solved)])
    terms = pair_terms(models).partition_by("segment", as_dict=True)
    none = pl.DataFrame(schema=PAIR_TERMS_SCHEMA)
    frames = [s.rows(terms.get((s.segment,), none), genai_ids) for s in solved]
    return published_premiums(frames)
