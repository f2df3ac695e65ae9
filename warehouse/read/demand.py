"""Skill demand: the skill catalog, monthly share trends, the top skills of a month, headline
numbers, emerging and declining skills (out_emerging_skills, the one definition of "rising"),
and the skills x role-family heatmap.

Everything is read from `out_skill_demand_monthly` and `out_emerging_skills`. Where a query pools
counts over a period the user picks (the heatmap), the Wilson bounds are computed on the
returned frame by `analytics.stats.intervals.wilson_interval`, the build's own estimator.

The demand mart is sparse (`analytics.marts.demand`): a month x skill x slice where no posting
names the skill is not stored. The readers list every skill of the mart (`mart_skills`) in
every month of a slice as the dense mart did: postings from the slice's totals (carried by
every stored row of the slice and month), and on the months filled in, the numbers the build
gives a zero month, by its own estimators (`filled_months`).

May import: the standard library, polars, `contract`, `analytics.stats` and `warehouse.read`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final, Literal

import polars as pl

from analytics.stats.intervals import wilson_interval
from analytics.stats.moving_average import three_month_mean
from contract import vocab
from warehouse.read.connection import check_positive_int, check_skill_ids, month_start, query

GENAI_SKILL_ID: Final = vocab.GENAI_SKILL_ID
# The directions the pages list (flat skills are only counted, see `emerging_counts`).
EMERGING_DIRECTIONS: Final = tuple(d for d in vocab.EMERGING_DIRECTIONS if d != "flat")
EMERGING_STATUSES: Final = (*vocab.EMERGING_DIRECTIONS, "not comparable", "suppressed")
HEATMAP_MIN_POSTINGS: Final = 30


def skill_catalog() -> pl.DataFrame:
    """Skills with display names: skill_id, name, category, is_genai (incl. pseudo-skill genai)."""
    return query(
        ("skills",),
        "SELECT skill_id, name, category, is_genai FROM skill_catalog ORDER BY lower(name)",
        {},
    )


def demand_trend(
    skill_ids: Sequence[str],
    role_family: str = "all",
    country: str = "all",
    start: date | None = None,
    end: date | None = None,
    seniority: str = "all",
    source: str = "all",
    state: str = "all",
    metro_code: str = "all",
) -> pl.DataFrame:
    """Monthly share of postings naming each skill, with its Wilson interval, counts and the
    mart's 3-month moving average of the share.

    Reads the demand mart's slice for role_family x country x seniority x source x US state x
    US metro (a state or metro slice is a US one); the mart holds only some combinations (see
    `analytics.marts.demand`: states and metros for all roles, levels and sources), so a
    combination it lacks returns no rows (`posting_trend` counts any combination). Every month
    of the slice is listed for every skill of the mart: the months the sparse mart does not
    store are filled in (`filled_months`).
    Columns: month, skill_id, skill_name, n_postings, n_with_skill, share_pct, share_lo,
    share_hi, share_ma3_pct.
    """
    rows = query(
        ("out_skill_demand_monthly", "skills"),
        """
        WITH cell AS (
            SELECT * FROM demand_slices
            WHERE role_family = $role_family AND country = $country
              AND seniority = $seniority AND source = $source
              AND state = $state AND metro_code = $metro_code
        ),
        totals AS (SELECT month, max(n_postings) AS n_postings FROM cell GROUP BY month),
        wanted AS (
            SELECT skill_id FROM mart_skills
            WHERE list_contains($skill_ids::VARCHAR[], skill_id)
        )
        SELECT t.month, w.skill_id, coalesce(c.name, w.skill_id) AS skill_name, t.n_postings,
               d.n_with_skill, d.share_pct, d.share_lo, d.share_hi, d.share_ma3_pct,
               d.skill_id IS NULL AS is_filled
        FROM totals AS t
        CROSS JOIN wanted AS w
        LEFT JOIN cell AS d ON d.month = t.month AND d.skill_id = w.skill_id
        LEFT JOIN skill_catalog AS c ON c.skill_id = w.skill_id
        ORDER BY w.skill_id, t.month
        """,
        {
            "skill_ids": check_skill_ids(skill_ids),
            "role_family": role_family,
            "country": "US" if (state != "all" or metro_code != "all") else country,
            "seniority": seniority,
            "source": source,
            "state": state,
            "metro_code": metro_code,
        },
    )
    frame = filled_months(rows)
    if start is not None:
        frame = frame.filter(pl.col("month") >= start)
    if end is not None:
        frame = frame.filter(pl.col("month") <= end)
    return frame


def filled_months(rows: pl.DataFrame) -> pl.DataFrame:
    """A slice's rows of the demand mart (ordered by skill and month, every month of the slice
    listed for each skill, with `is_filled` true where the sparse mart stores no row) with the
    dense mart's numbers on the filled months: n_with_skill 0, share 0 (null without
    postings), the Wilson bounds of 0 of n_postings and the 3-month average of the filled
    series, each by the build's own estimator (`analytics.marts.demand`). The moving average
    needs the months before a date window: filter after filling."""
    filled = pl.col("is_filled")
    has_new = pl.col("n_postings") > 0
    lo, hi = wilson_interval(pl.lit(0), pl.col("n_postings"))
    frame = rows.with_columns(
        pl.when(filled)
        .then(pl.lit(0, dtype=pl.Int64))
        .otherwise(pl.col("n_with_skill"))
        .alias("n_with_skill"),
        pl.when(filled)
        .then(pl.when(has_new).then(100 * pl.lit(0) / pl.col("n_postings")))
        .otherwise(pl.col("share_pct"))
        .alias("share_pct"),
        pl.when(filled)
        .then(pl.when(has_new).then(100 * lo))
        .otherwise(pl.col("share_lo"))
        .alias("share_lo"),
        pl.when(filled)
        .then(pl.when(has_new).then(100 * hi))
        .otherwise(pl.col("share_hi"))
        .alias("share_hi"),
    )
    if "share_ma3_pct" in frame.columns:
        frame = frame.with_columns(
            pl.when(filled)
            .then(three_month_mean(pl.col("share_pct")).over("skill_id"))
            .otherwise(pl.col("share_ma3_pct"))
            .alias("share_ma3_pct")
        )
    return frame.drop("is_filled")


def demand_places() -> pl.DataFrame:
    """The US states and metros the demand mart has slices for: place_level ("state" or
    "metro") and place_id (state code, OEWS metro code), states first, each sorted."""
    return query(
        ("out_skill_demand_monthly",),
        """
        SELECT DISTINCT 'state' AS place_level, state AS place_id FROM demand_slices
        WHERE state <> 'all' AND skill_id = $genai
        UNION
        SELECT DISTINCT 'metro', metro_code FROM demand_slices
        WHERE metro_code <> 'all' AND skill_id = $genai
        ORDER BY place_level DESC, place_id
        """,
        {"genai": GENAI_SKILL_ID},
    )


def genai_share_trend(
    role_family: str = "all",
    country: str = "all",
    start: date | None = None,
    end: date | None = None,
) -> pl.DataFrame:
    """Monthly share of postings naming any GenAI skill: month, n_postings, n_with_skill, share."""
    return demand_trend([GENAI_SKILL_ID], role_family, country, start, end).drop(
        "skill_id", "skill_name"
    )


def top_skills(
    month: date | None = None, role_family: str = "all", country: str = "all", n: int = 10
) -> pl.DataFrame:
    """The `n` skills with the highest share in `month` (default: the slice's latest month),
    among every skill of the mart (a skill the sparse mart does not store that month has
    share 0).

    Columns: rank, month, skill_id, skill_name, share_pct, share_lo, share_hi, n_with_skill,
    n_postings. The pseudo-skill genai is left out.
    """
    check_positive_int("n", n)
    rows = query(
        ("out_skill_demand_monthly", "skills"),
        """
        WITH slice AS (
            SELECT * FROM demand_base
            WHERE role_family = $role_family AND country = $country
        ),
        target AS (
            SELECT month, max(n_postings) AS n_postings FROM slice
            WHERE month = (SELECT coalesce($month::DATE, max(month)) FROM slice)
            GROUP BY month
        ),
        cells AS (
            SELECT t.month, k.skill_id, t.n_postings, s.n_with_skill,
                   CASE WHEN s.skill_id IS NULL AND t.n_postings > 0 THEN 0.0
                        ELSE s.share_pct END AS share_pct,
                   s.share_lo, s.share_hi, s.skill_id IS NULL AS is_filled
            FROM target AS t
            CROSS JOIN mart_skills AS k
            LEFT JOIN slice AS s ON s.month = t.month AND s.skill_id = k.skill_id
            WHERE k.skill_id <> $genai
        )
        SELECT row_number() OVER (ORDER BY s.share_pct DESC, s.skill_id) AS rank,
               s.month, s.skill_id, coalesce(c.name, s.skill_id) AS skill_name,
               s.share_pct, s.share_lo, s.share_hi, s.n_with_skill, s.n_postings, s.is_filled
        FROM cells AS s
        LEFT JOIN skill_catalog AS c USING (skill_id)
        ORDER BY rank
        LIMIT $n
        """,
        {
            "role_family": role_family,
            "country": country,
            "genai": GENAI_SKILL_ID,
            "month": month,
            "n": n,
        },
    )
    return filled_months(rows).select(
        "rank",
        "month",
        "skill_id",
        "skill_name",
        "share_pct",
        "share_lo",
        "share_hi",
        "n_with_skill",
        "n_postings",
    )


def headline_numbers(role_family: str = "all", country: str = "all") -> pl.DataFrame:
    """One row: postings in the last 12 months vs the prior 12, GenAI share now vs a year ago.

    Columns: latest_month; postings_last_12m, months_last_12m, postings_prior_12m,
    months_prior_12m, postings_change_pct (null unless both windows hold 12 months);
    genai_share_pct, genai_share_lo, genai_share_hi, genai_n_with_skill, genai_n_postings (latest
    month); genai_share_year_ago_pct, genai_n_with_skill_year_ago, genai_n_postings_year_ago;
    genai_change_pts. All null when the slice has no data.
    """
    return query(
        ("out_skill_demand_monthly",),
        """
        WITH slice AS (
            SELECT * FROM demand_base
            WHERE role_family = $role_family AND country = $country
        ),
        monthly AS (SELECT month, max(n_postings) AS n_postings FROM slice GROUP BY month),
        latest AS (SELECT max(month) AS month FROM monthly),
        windows AS (
            SELECT
                sum(m.n_postings) FILTER (WHERE m.month > l.month - INTERVAL 12 MONTH)::BIGINT
                    AS postings_last_12m,
                count(*) FILTER (WHERE m.month > l.month - INTERVAL 12 MONTH)
                    AS months_last_12m,
                sum(m.n_postings) FILTER (
                    WHERE m.month <= l.month - INTERVAL 12 MONTH
                      AND m.month > l.month - INTERVAL 24 MONTH
                )::BIGINT AS postings_prior_12m,
                count(*) FILTER (
                    WHERE m.month <= l.month - INTERVAL 12 MONTH
                      AND m.month > l.month - INTERVAL 24 MONTH
                ) AS months_prior_12m
            FROM monthly AS m, latest AS l
        ),
        genai AS (SELECT * FROM slice WHERE skill_id = $genai)
        SELECT l.month AS latest_month,
               w.postings_last_12m, w.months_last_12m,
               w.postings_prior_12m, w.months_prior_12m,
               CASE WHEN w.months_last_12m = 12 AND w.months_prior_12m = 12
                         AND w.postings_prior_12m > 0
                    THEN 100.0 * (w.postings_last_12m / w.postings_prior_12m - 1)
               END AS postings_change_pct,
               now.share_pct AS genai_share_pct, now.share_lo AS genai_share_lo,
               now.share_hi AS genai_share_hi, now.n_with_skill AS genai_n_with_skill,
               now.n_postings AS genai_n_postings,
               ago.share_pct AS genai_share_year_ago_pct,
               ago.n_with_skill AS genai_n_with_skill_year_ago,
               ago.n_postings AS genai_n_postings_year_ago,
               now.share_pct - ago.share_pct AS genai_change_pts
        FROM latest AS l
        CROSS JOIN windows AS w
        LEFT JOIN genai AS now ON now.month = l.month
        LEFT JOIN genai AS ago ON ago.month = l.month - INTERVAL 12 MONTH
        """,
        {"role_family": role_family, "country": country, "genai": GENAI_SKILL_ID},
    )


# --------------------------------------------------------------------------- emerging skills


def emerging_skills(
    direction: Literal["rising", "declining"],
    role_family: str = "all",
    country: str = "all",
    n: int = 10,
) -> pl.DataFrame:
    """Skills rising (or declining) in share of new postings, from out_emerging_skills, in the
    mart's rank order; suppressed and undirected rows are left out (see `emerging_counts`).

    Columns: rank, skill_id, skill_name, window_start, window_end, share_recent_pct,
    share_recent_lo, share_recent_hi, n_recent_with, n_recent, share_year_ago_pct,
    n_year_ago_with, n_year_ago, yoy_change_pts, yoy_ratio, momentum.
    """
    check_positive_int("n", n)
    if direction not in EMERGING_DIRECTIONS:
        raise ValueError(f"direction must be one of {EMERGING_DIRECTIONS}, got {direction!r}")
    return query(
        ("out_emerging_skills", "skills"),
        """
        SELECT row_number() OVER (
                   ORDER BY e.rank NULLS LAST,
                            CASE WHEN $direction = 'rising' THEN -e.yoy_change_pts
                                 ELSE e.yoy_change_pts END,
                            e.skill_id
               ) AS rank,
               e.skill_id, coalesce(c.name, e.skill_id) AS skill_name,
               e.window_start, e.window_end,
               e.share_recent_pct, e.share_recent_lo, e.share_recent_hi,
               e.n_recent_with, e.n_recent,
               e.share_year_ago_pct, e.n_year_ago_with, e.n_year_ago,
               e.yoy_change_pts, e.yoy_ratio, e.momentum
        FROM out_emerging_skills AS e
        LEFT JOIN skill_catalog AS c USING (skill_id)
        WHERE e.role_family = $role_family AND e.country = $country
          AND e.direction = $direction AND NOT coalesce(e.is_suppressed, FALSE)
        ORDER BY rank
        LIMIT $n
        """,
        {"direction": direction, "role_family": role_family, "country": country, "n": n},
    )


def emerging_counts(role_family: str = "all", country: str = "all") -> dict[str, int]:
    """How many skills of the slice are rising, declining, flat, not comparable (no year-ago
    postings) and suppressed (too few recent postings) in out_emerging_skills."""
    rows = query(
        ("out_emerging_skills",),
        """
        SELECT CASE WHEN coalesce(is_suppressed, FALSE) THEN 'suppressed'
                    WHEN direction IS NULL THEN 'not comparable'
                    ELSE direction END AS status,
               count(*)::BIGINT AS n
        FROM out_emerging_skills
        WHERE role_family = $role_family AND country = $country
        GROUP BY status
        """,
        {"role_family": role_family, "country": country},
    )
    counts = dict.fromkeys(EMERGING_STATUSES, 0)
    counts.update(dict(zip(rows["status"].to_list(), rows["n"].to_list(), strict=True)))
    return counts


# --------------------------------------------------------------------------- heatmap


def skill_role_heatmap(
    country: str = "all",
    start: date | None = None,
    end: date | None = None,
    n_skills: int = 20,
    min_postings: int = HEATMAP_MIN_POSTINGS,
) -> pl.DataFrame:
    """Share of new postings naming each skill, per role family, pooled over the period
    (default: the whole snapshot) in one country (or all).

    Skills: the `n_skills` with the highest pooled share across all roles (genai left out).
    Cells with fewer than `min_postings` postings in the role get share null and
    is_suppressed true (the counts stay). Shares and Wilson bounds in percent.
    Columns: skill_id, skill_name, skill_rank, role_family, n_with_skill, n_postings, share_pct,
    share_lo, share_hi, is_suppressed.
    """
    check_positive_int("n_skills", n_skills)
    check_positive_int("min_postings", min_postings)
    cells = query(
        ("out_skill_demand_monthly", "skills"),
        """
        WITH rows AS (
            SELECT * FROM demand_base
            WHERE country = $country
              AND ($start::DATE IS NULL OR month >= $start::DATE)
              AND ($end::DATE IS NULL OR month <= $end::DATE)
        ),
        -- the sparse mart: postings from the slice totals (every stored row of a role and
        -- month carries them), every skill of the mart in every role with postings
        roles AS (
            SELECT role_family, sum(n_postings)::BIGINT AS n_postings
            FROM (SELECT role_family, month, max(n_postings) AS n_postings
                  FROM rows GROUP BY role_family, month)
            GROUP BY role_family
        ),
        named AS (
            SELECT skill_id, role_family, sum(n_with_skill)::BIGINT AS n_with_skill
            FROM rows WHERE skill_id <> $genai
            GROUP BY skill_id, role_family
        ),
        period AS (
            SELECT k.skill_id, r.role_family,
                   coalesce(n.n_with_skill, 0)::BIGINT AS n_with_skill, r.n_postings
            FROM roles AS r
            CROSS JOIN mart_skills AS k
            LEFT JOIN named AS n USING (skill_id, role_family)
            WHERE k.skill_id <> $genai
        ),
        top AS (
            SELECT skill_id,
                   row_number() OVER (
                       ORDER BY n_with_skill::DOUBLE / nullif(n_postings, 0) DESC NULLS LAST,
                                skill_id
                   ) AS skill_rank
            FROM period WHERE role_family = 'all'
            QUALIFY skill_rank <= $n_skills
        )
        SELECT p.skill_id, coalesce(c.name, p.skill_id) AS skill_name, t.skill_rank,
               p.role_family, p.n_with_skill, p.n_postings,
               CASE WHEN p.n_postings >= $min THEN 100 * p.n_with_skill / p.n_postings END
                   AS share_pct,
               p.n_postings < $min AS is_suppressed
        FROM period AS p
        JOIN top AS t USING (skill_id)
        LEFT JOIN skill_catalog AS c USING (skill_id)
        WHERE p.role_family <> 'all'
        ORDER BY t.skill_rank, p.role_family
        """,
        {
            "country": country,
            "genai": GENAI_SKILL_ID,
            "start": month_start(start),
            "end": end,
            "n_skills": n_skills,
            "min": min_postings,
        },
    )
    lo, hi = wilson_interval(pl.col("n_with_skill"), pl.col("n_postings"))
    shown = ~pl.col("is_suppressed")
    return cells.with_columns(
        pl.when(shown).then(100 * lo).alias("share_lo"),
        pl.when(shown).then(100 * hi).alias("share_hi"),
    ).select(
        "skill_id",
        "skill_name",
        "skill_rank",
        "role_family",
        "n_with_skill",
        "n_postings",
        "share_pct",
        "share_lo",
        "share_hi",
        "is_suppressed",
    )
