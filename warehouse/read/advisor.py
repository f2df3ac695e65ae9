"""The skill advisor (out_skill_advisor): its role x place cells, the skills it can start from,
the next skills ranked for a learner's own skills, their coverage gains, and the skills that
define a role.

The build publishes every per-skill number the ranking uses (conditional share, lift,
score_weight, the TF-IDF columns; see `analytics.marts.advisor`). What depends on the learner's
own skill set K is selected and counted here: the advisor rows of K's skills, averaged and
summed per candidate and combined by the mart's rule (contract lift cap), and the target
postings (out_advisor_targets, as bit sets: `warehouse.read.advisor_targets`) that K plus one
skill would cover. The pooled share's Wilson bounds come from
`analytics.stats.intervals.wilson_interval`, the build's own estimator.

May import: the standard library, numpy, polars, `contract`, `analytics.stats` and
`warehouse.read`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np
import polars as pl

from analytics.stats.intervals import wilson_interval
from contract import vocab
from contract.marts import mart
from warehouse.read.advisor_targets import (
    TargetPostings,
    newly_covered_counts,
    pooled_counts,
    target_postings,
)
from warehouse.read.connection import check_positive_int, check_skill_ids, query, view_available

ADVISOR_COLUMNS: Final = (
    "rank",
    "skill_id",
    "skill_name",
    "is_genai",
    "score",
    "relevance",
    "pooled_share",
    "pooled_lo",
    "pooled_hi",
    "n_given",
    "n_both",
    "pooled_by_posting",
    "n_my_skills_used",
    "mean_lift",
    "momentum",
    "yoy_change_pts",
    "premium_adj_pct",
    "premium_segment",
    "coverage_gain",
    "n_newly_covered",
    "n_target",
    "reason",
)


def lift_cap() -> float:
    """The lift above which a pairing adds nothing more to the score (the contract's)."""
    return mart("out_skill_advisor").threshold("lift_cap")


def advisor_cells() -> pl.DataFrame:
    """Role family x place cells of out_skill_advisor with the postings behind them.

    Columns: role_family, place_id ("all" or ISO alpha-2), n_cell (null when the mart does not
    publish it), n_given_skills (skills usable as "my skill" there), window_start, window_end.
    Ordered by role family, then "all" first, then by n_cell.
    """
    return query(
        ("out_skill_advisor",),
        """
        SELECT role_family, place_id, max(n_cell)::BIGINT AS n_cell,
               count(DISTINCT given_skill)::BIGINT AS n_given_skills,
               min(window_start) AS window_start, max(window_end) AS window_end
        FROM out_skill_advisor
        GROUP BY role_family, place_id
        ORDER BY role_family, place_id <> 'all', n_cell DESC NULLS LAST, place_id
        """,
        {},
    )


def advisor_targets_for(my_skills: Sequence[str], n: int = 5) -> pl.DataFrame:
    """The role family x place cells where the advisor can start from at least one of
    `my_skills` (named by enough postings there), most postings first.

    Columns: role_family, place_id, n_cell, n_my_skills_used.
    """
    check_positive_int("n", n)
    return query(
        ("out_skill_advisor",),
        """
        SELECT role_family, place_id, max(n_cell)::BIGINT AS n_cell,
               count(DISTINCT given_skill)::BIGINT AS n_my_skills_used
        FROM out_skill_advisor
        WHERE list_contains($mine::VARCHAR[], given_skill)
        GROUP BY role_family, place_id
        ORDER BY n_my_skills_used DESC, n_cell DESC NULLS LAST, role_family, place_id
        LIMIT $n
        """,
        {"mine": check_skill_ids(my_skills), "n": n},
    )


def advisor_given_skills(role_family: str, place_id: str) -> pl.DataFrame:
    """Skills the advisor can start from in a cell (each named by enough postings there).

    Columns: skill_id, skill_name, n_given. Ordered by n_given, most common first.
    """
    return query(
        ("out_skill_advisor", "skills"),
        """
        SELECT a.given_skill AS skill_id, coalesce(c.name, a.given_skill) AS skill_name,
               max(a.n_given)::BIGINT AS n_given
        FROM out_skill_advisor AS a
        LEFT JOIN skill_catalog AS c ON c.skill_id = a.given_skill
        WHERE a.role_family = $role_family AND a.place_id = $place_id
        GROUP BY a.given_skill, c.name
        ORDER BY n_given DESC, skill_id
        """,
        {"role_family": role_family, "place_id": place_id},
    )


COVERAGE_SCHEMA: Final = {
    "skill_id": pl.String,
    "n_target": pl.Int64,
    "n_covered_now": pl.Int64,
    "coverage_now": pl.Float64,
    "n_newly_covered": pl.Int64,
    "coverage_gain": pl.Float64,
}


def coverage_gains(
    my_skills: Sequence[str], role_family: str, place_id: str, seniority: str = "all"
) -> pl.DataFrame:
    """Exact coverage gain per candidate skill over the advisor's target postings, counted from
    out_advisor_targets (metrics.md, "Skill advisor"; the rule of analytics.marts.advisor's
    coverage_gain, which needs the learner's own skills and so cannot be published).

    Target: postings of `role_family` in `place_id` ("all" or a country), at `seniority`
    ("all" = every level), first posted in the advisor's window (its window_start month to the
    last month of the postings; `warehouse.read.advisor_targets`). A posting is
    covered by my skills K when its skills minus K is empty; adding s newly covers it exactly
    when its skills minus K is {s}. coverage_gain = newly covered / n_target (0-1).
    Columns: skill_id, n_target, n_covered_now, coverage_now, n_newly_covered, coverage_gain,
    by coverage_gain (highest first), then skill_id.
    Empty when no postings match or none is one skill short.
    """
    return _coverage_gains_over(
        target_postings(role_family, place_id, seniority), check_skill_ids(my_skills)
    )


def _coverage_gains_over(target: TargetPostings, mine: Sequence[str]) -> pl.DataFrame:
    """`coverage_gains` over target postings already read."""
    n_target = target.n_target
    if n_target == 0:
        return pl.DataFrame(schema=COVERAGE_SCHEMA)
    n_covered, newly = newly_covered_counts(target, mine)
    return pl.DataFrame(
        {
            "skill_id": list(newly),
            "n_target": [n_target] * len(newly),
            "n_covered_now": [n_covered] * len(newly),
            "coverage_now": [n_covered / n_target] * len(newly),
            "n_newly_covered": list(newly.values()),
            "coverage_gain": [count / n_target for count in newly.values()],
        },
        schema=COVERAGE_SCHEMA,
    ).sort(["coverage_gain", "skill_id"], descending=[True, False])


def recommend_next_skills(
    my_skills: Sequence[str],
    role_family: str,
    place_id: str = "all",
    top: int = 10,
    seniority: str = "all",
) -> pl.DataFrame:
    """Ranked next skills for a learner with `my_skills` aiming at `role_family` in `place_id`
    at `seniority` ("all" = any level). A skill the role is named after (`next_defines_role`)
    is never ranked. The pair statistics are the role's in the place over all levels (the
    mart's); the coverage gain, which depends on the learner's skills, is counted over the
    target level's postings.

    Per candidate s not in my skills, over the advisor rows (g, s) of my skills g in the cell:
    relevance = mean conditional_share, mean_lift = mean lift, n_given and n_both summed, and
    the build's momentum, premium and score_weight of s; coverage_gain from `coverage_gains`
    when out_advisor_targets is published (else null, counted as 0). Ranked by the mart's rule
    (analytics.marts.advisor.recommend):
      score = relevance x min(mean_lift, lift cap) / lift cap x score_weight + coverage_gain.
    Also the pooled share n_both / n_given with its Wilson 95% bounds (0-1), and a one-line
    plain-language reason. With out_advisor_targets published, n_given is the postings of
    the role in the place (every level, the advisor's window) naming any of my skills and
    n_both those of them naming the candidate, each posting once (`pooled_by_posting`);
    without it, the mart's rows summed over my skills, which count a posting once per skill
    of mine it names (the same for one skill).
    Columns: ADVISOR_COLUMNS. Raises ValueError on an empty my_skills.
    """
    mine = check_skill_ids(my_skills)
    if not mine:
        raise ValueError("recommend_next_skills: my_skills is empty; give at least one skill id")
    check_positive_int("top", top)
    counted = view_available("out_advisor_targets")
    # the role's postings at every level: the pooled share's, and the coverage's at "all"
    every_level = target_postings(role_family, place_id, "all") if counted else None
    coverage = (
        _coverage_gains_over(
            every_level
            if seniority == "all"
            else target_postings(role_family, place_id, seniority),
            mine,
        )
        if every_level is not None
        else pl.DataFrame(
            schema={
                "skill_id": pl.String,
                "n_newly_covered": pl.Int64,
                "coverage_gain": pl.Float64,
                "n_target": pl.Int64,
            }
        )
    )
    gains = coverage.select("skill_id", "n_newly_covered", "coverage_gain", "n_target")
    candidates = query(
        ("out_skill_advisor", "skills"),
        """
        WITH rows AS (
            SELECT * FROM out_skill_advisor
            WHERE role_family = $role_family AND place_id = $place_id
              AND list_contains($mine::VARCHAR[], given_skill)
              AND NOT list_contains($mine::VARCHAR[], next_skill)
              AND NOT coalesce(next_defines_role, FALSE)
        ),
        candidates AS (
            SELECT next_skill AS skill_id,
                   avg(conditional_share) AS relevance,
                   avg(lift) AS mean_lift,
                   sum(n_given)::BIGINT AS n_given,
                   sum(n_both)::BIGINT AS n_both,
                   count(DISTINCT given_skill)::BIGINT AS n_my_skills_used,
                   first(momentum) AS momentum,
                   first(yoy_change_pts) AS yoy_change_pts,
                   first(premium_adj_pct) AS premium_adj_pct,
                   first(premium_segment) AS premium_segment,
                   first(score_weight) AS score_weight,
                   bool_or(coalesce(next_is_genai, FALSE)) AS next_is_genai
            FROM rows GROUP BY next_skill
        )
        SELECT k.*, n_both::DOUBLE / n_given AS pooled_share,
               coalesce(c.name, k.skill_id) AS skill_name,
               coalesce(c.is_genai, k.next_is_genai) AS is_genai
        FROM candidates AS k
        LEFT JOIN skill_catalog AS c USING (skill_id)
        """,
        {"role_family": role_family, "place_id": place_id, "mine": mine},
    )
    if every_level is not None:
        n_any, n_both = pooled_counts(every_level, mine)
        candidates = candidates.with_columns(
            pl.lit(n_any, dtype=pl.Int64).alias("n_given"),
            pl.col("skill_id")
            .replace_strict(n_both, default=0, return_dtype=pl.Int64)
            .alias("n_both"),
        ).with_columns(
            pl.when(pl.col("n_given") > 0)
            .then(pl.col("n_both") / pl.col("n_given"))
            .alias("pooled_share")
        )
    cap = lift_cap()
    score = pl.col("relevance") * pl.min_horizontal(
        pl.col("mean_lift"), pl.lit(cap)
    ) / cap * pl.col("score_weight") + pl.col("coverage_gain").fill_null(0)
    pooled_lo, pooled_hi = wilson_interval(pl.col("n_both"), pl.col("n_given"))
    ranked = (
        candidates.join(gains, on="skill_id", how="left")
        .with_columns(
            # counted, and no posting newly covered: a gain of 0 (without the postings index
            # it stays unknown)
            pl.col("coverage_gain").fill_null(pl.lit(0.0) if counted else pl.lit(None)),
            pl.col("n_newly_covered").fill_null(pl.lit(0) if counted else pl.lit(None)),
        )
        .with_columns(score.alias("score"))
        .sort(["score", "skill_id"], descending=[True, False])
        .head(top)
    )
    return ranked.with_columns(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("rank"),
        pooled_lo.alias("pooled_lo"),
        pooled_hi.alias("pooled_hi"),
        pl.lit(counted).alias("pooled_by_posting"),
        advisor_reason(role_family).alias("reason"),
    ).select(ADVISOR_COLUMNS)


def advisor_reason(role_family: str) -> pl.Expr:
    """One plain-language line per recommendation, from its own numbers."""
    role = role_family.replace("_", " ")
    together = pl.format(
        "Named with your skills in {}% of {} {} postings ({}× its usual rate)",
        (100 * pl.col("pooled_share")).round(0).cast(pl.Int64),
        pl.col("n_given"),
        pl.lit(role),
        pl.col("mean_lift").round(1),
    )
    trend = (
        pl.when(pl.col("yoy_change_pts").is_null())
        .then(pl.lit(""))
        .when(pl.col("yoy_change_pts") >= 0)
        .then(pl.format("; share up {} pts in a year", pl.col("yoy_change_pts").round(1)))
        .otherwise(pl.format("; share down {} pts in a year", (-pl.col("yoy_change_pts")).round(1)))
    )
    rounded = pl.col("premium_adj_pct").round(0).cast(pl.Int64)
    premium = (
        pl.when(rounded.is_null())
        .then(pl.lit(""))
        .when(rounded == 0)
        .then(pl.lit("; no pay premium"))
        .otherwise(
            pl.format(
                "; pay premium {}{}%",
                pl.when(rounded > 0).then(pl.lit("+")).otherwise(pl.lit("−")),
                rounded.abs(),
            )
        )
    )
    coverage = (
        pl.when(pl.col("coverage_gain").fill_null(0) > 0)
        .then(
            pl.format(
                "; completes the skill list of {}% more postings",
                (100 * pl.col("coverage_gain")).round(1),
            )
        )
        .otherwise(pl.lit(""))
    )
    return pl.concat_str([together, trend, premium, coverage, pl.lit(".")])


def role_defining_skills(role_family: str, country: str = "all", n: int = 10) -> pl.DataFrame:
    """Skills that define a role family in a place ("all" or a country): the advisor mart's
    TF-IDF across role families over its 12-month window, highest first.

    share_pct = 100 x n_next / n_cell with the mart's Wilson bounds (base_lo, base_hi) in
    percent; n_roles_common = role families of the place where the skill is common.
    Columns: rank, skill_id, skill_name, share_pct, share_lo, share_hi, n_with_skill,
    n_postings, n_roles_common, tfidf. genai is left out.
    """
    check_positive_int("n", n)
    return query(
        ("out_skill_advisor", "skills"),
        """
        WITH skills AS (
            SELECT next_skill AS skill_id, any_value(n_next)::BIGINT AS n_with_skill,
                   any_value(n_cell)::BIGINT AS n_postings, any_value(base_lo) AS base_lo,
                   any_value(base_hi) AS base_hi,
                   any_value(n_roles_common)::BIGINT AS n_roles_common,
                   any_value(tfidf) AS tfidf
            FROM out_skill_advisor
            WHERE role_family = $role_family AND place_id = $place_id AND next_skill <> $genai
            GROUP BY next_skill
        )
        SELECT row_number() OVER (ORDER BY s.tfidf DESC, s.skill_id) AS rank,
               s.skill_id, coalesce(c.name, s.skill_id) AS skill_name,
               100 * s.n_with_skill / s.n_postings AS share_pct,
               100 * s.base_lo AS share_lo, 100 * s.base_hi AS share_hi,
               s.n_with_skill, s.n_postings, s.n_roles_common, s.tfidf
        FROM skills AS s
        LEFT JOIN skill_catalog AS c USING (skill_id)
        ORDER BY rank
        LIMIT $n
        """,
        {
            "role_family": role_family,
            "place_id": country,
            "genai": vocab.GENAI_SKILL_ID,
            "n": n,
        },
    )


LEARNING_PATH_COLUMNS: Final = (
    "step",
    "skill_id",
    "skill_name",
    "n_target",
    "n_named",
    "named_share",
    "n_with_mine",
    "n_mine",
    "with_mine_share",
    "n_newly_covered",
    "n_covered",
    "coverage",
    "coverage_before",
    "n_half",
    "half_share",
    "half_before",
    "rank",
)


LEARNING_PATH_SCHEMA: Final = {
    column: pl.String
    if column in ("skill_id", "skill_name")
    else pl.Float64
    if column.endswith(("share", "coverage", "coverage_before", "half_before"))
    else pl.Int64
    for column in LEARNING_PATH_COLUMNS
}


def learning_path(
    my_skills: Sequence[str],
    role_family: str,
    place_id: str = "all",
    seniority: str = "all",
    steps: int = 5,
    candidates: int = 10,
) -> pl.DataFrame:
    """A short ordered path to a target (role family x place x level, "all" = any level):
    the advisor's top `candidates` next skills (`recommend_next_skills`, so never a skill the
    role is named after), ordered greedily: each step adds the skill after which the learner
    has at least half the listed skills of the most target postings, given the skills so far
    (ties: the one completing the most postings' whole skill list, then the advisor's rank).

    Per step, over the target postings of the advisor's window (out_advisor_targets): n_target;
    n_named / named_share: postings naming the skill; n_mine / n_with_mine / with_mine_share:
    postings naming one of the learner's own skills, and those that also name this one;
    n_newly_covered, n_covered, coverage (0-1) and coverage_before: postings whose whole
    skill list the learner would meet after the step (and before it); n_half, half_share and
    half_before: postings listing at least one skill of which the learner would have at least
    half. Empty without out_advisor_targets or when nothing can be ranked.
    Columns: LEARNING_PATH_COLUMNS.
    """
    mine = check_skill_ids(my_skills)
    check_positive_int("steps", steps)
    ranked = recommend_next_skills(mine, role_family, place_id, candidates, seniority)
    if ranked.is_empty() or not view_available("out_advisor_targets"):
        return pl.DataFrame(schema=LEARNING_PATH_SCHEMA)
    target = target_postings(role_family, place_id, seniority)
    n_target = target.n_target
    listed = target.n_skills
    asks_mine = target.n_held(target.mask(mine)) > 0
    n_mine = int(asks_mine.sum())
    have = list(mine)
    left = ranked.select("rank", "skill_id", "skill_name").rows()
    names = {skill_id: target.names(skill_id) for _, skill_id, _ in left}
    rows = []
    for step in range(1, min(steps, len(left)) + 1):
        held = target.n_held(target.mask(have))
        missing = listed - held

        def half(extra: np.ndarray | int, held: np.ndarray = held) -> int:
            return int(((listed > 0) & (2 * (held + extra) >= listed)).sum())

        one_short = missing == 1  # a candidate is never held: one short of it alone
        full = {skill_id: int((one_short & names[skill_id]).sum()) for _, skill_id, _ in left}
        halves = {skill_id: half(names[skill_id].astype(np.int64)) for _, skill_id, _ in left}
        rank, skill_id, name = max(
            left, key=lambda item: (halves[item[1]], full[item[1]], -item[0])
        )
        left.remove((rank, skill_id, name))
        n_named = int(names[skill_id].sum())
        n_with_mine = int((names[skill_id] & asks_mine).sum())
        covered_before = int(((listed > 0) & (missing == 0)).sum())  # naming none: never
        half_before = half(0)
        newly = full[skill_id]
        rows.append(
            {
                "step": step,
                "skill_id": skill_id,
                "skill_name": name,
                "n_target": n_target,
                "n_named": n_named,
                "named_share": n_named / n_target if n_target else 0.0,
                "n_with_mine": n_with_mine,
                "n_mine": n_mine,
                "with_mine_share": n_with_mine / n_mine if n_mine else 0.0,
                "n_newly_covered": newly,
                "n_covered": covered_before + newly,
                "coverage": (covered_before + newly) / n_target if n_target else 0.0,
                "coverage_before": covered_before / n_target if n_target else 0.0,
                "n_half": halves[skill_id],
                "half_share": halves[skill_id] / n_target if n_target else 0.0,
                "half_before": half_before / n_target if n_target else 0.0,
                "rank": rank,
            }
        )
        have.append(skill_id)
    return pl.DataFrame(rows, schema=LEARNING_PATH_SCHEMA)
