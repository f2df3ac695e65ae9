"""The postings index (out_postings): a sample of the postings behind a point, every posting
behind it page by page with its advertised pay (out_posting_pay), and monthly shares counted
from the index for slices the demand mart does not pre-aggregate.

Shares counted here are over a slice the user picks, so their Wilson bounds are computed on the
returned frame by `analytics.stats.intervals.wilson_interval`, the build's own estimator.
Posting text is returned as published; the app shows it as plain text, never as HTML.

May import: the standard library, polars, `analytics.stats` and `warehouse.read`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final

import polars as pl

from analytics.stats.intervals import wilson_interval
from warehouse.read.connection import (
    check_positive_int,
    check_skill_ids,
    month_start,
    query,
    view_available,
)

POSTINGS_SAMPLE_COLUMNS: Final = (
    "month",
    "title",
    "company",
    "place_label",
    "country",
    "role_family",
    "seniority",
    "source",
    "url",
    "posting_id",
)


def postings_sample(
    skill_id: str | None = None,
    month: date | None = None,
    role_family: str = "all",
    country: str = "all",
    seniority: str = "all",
    source: str = "all",
    start: date | None = None,
    end: date | None = None,
    limit: int = 50,
) -> pl.DataFrame:
    """A sample of the postings behind a point: at most `limit` rows of out_postings matching
    every filter given ("all" or None = no filter), in a stable pseudo-random order (hash of
    posting_id), so the same point always shows the same sample.

    `month` picks one month (any day in it); `start`/`end` bound the period otherwise.
    Columns: POSTINGS_SAMPLE_COLUMNS, plus n_matching (postings matching, on every row).
    """
    check_positive_int("limit", limit)
    return query(
        ("out_postings",),
        """
        WITH matching AS (
            SELECT * FROM out_postings
            WHERE ($skill::VARCHAR IS NULL OR list_contains(skill_ids, $skill::VARCHAR))
              AND ($month::DATE IS NULL OR month = $month::DATE)
              AND ($start::DATE IS NULL OR month >= $start::DATE)
              AND ($end::DATE IS NULL OR month <= $end::DATE)
              AND ($role_family = 'all' OR role_family = $role_family)
              AND ($country = 'all' OR country = $country)
              AND ($seniority = 'all' OR seniority = $seniority)
              AND ($source = 'all' OR source = $source)
        )
        SELECT month, title, company, place_label, country, role_family, seniority, source,
               url, posting_id, count(*) OVER () AS n_matching
        FROM matching
        ORDER BY hash(posting_id), posting_id
        LIMIT $limit
        """,
        {
            "skill": skill_id,
            "month": month_start(month),
            "start": month_start(start),
            "end": end,
            "role_family": role_family,
            "country": country,
            "seniority": seniority,
            "source": source,
            "limit": limit,
        },
    )


def posting_trend(
    skill_ids: Sequence[str],
    role_family: str = "all",
    country: str = "all",
    seniority: str = "all",
    source: str = "all",
    start: date | None = None,
    end: date | None = None,
    state: str = "all",
    metro_code: str = "all",
) -> pl.DataFrame:
    """Monthly share of new postings naming each skill, counted from out_postings, for slices
    the demand mart does not hold (a seniority or a source, a US state or metro with a role).
    Same columns as `demand_trend` (shares and Wilson bounds in percent; share_ma3_pct the
    mean of the month's share and the two months before it that have postings, as the mart
    computes it); months without postings in the slice are absent.
    """
    ids = check_skill_ids(skill_ids)
    counts = query(
        ("out_postings", "skills"),
        """
        WITH slice AS (
            SELECT month, skill_ids FROM out_postings
            WHERE ($role_family = 'all' OR role_family = $role_family)
              AND ($country = 'all' OR country = $country)
              AND ($seniority = 'all' OR seniority = $seniority)
              AND ($source = 'all' OR source = $source)
              AND ($state = 'all' OR (country = 'US' AND region = $state))
              AND ($metro_code = 'all' OR metro_code = $metro_code)
              AND ($start::DATE IS NULL OR month >= $start::DATE)
              AND ($end::DATE IS NULL OR month <= $end::DATE)
        ),
        totals AS (SELECT month, count(*)::BIGINT AS n_postings FROM slice GROUP BY month),
        named AS (
            SELECT month, unnest(list_intersect(skill_ids, $skill_ids::VARCHAR[])) AS skill_id
            FROM slice
        ),
        m AS (
            SELECT t.month, s.skill_id, t.n_postings,
                   count(n.skill_id)::BIGINT AS n_with_skill
            FROM totals AS t
            CROSS JOIN (SELECT unnest($skill_ids::VARCHAR[]) AS skill_id) AS s
            LEFT JOIN named AS n ON n.month = t.month AND n.skill_id = s.skill_id
            GROUP BY t.month, s.skill_id, t.n_postings
        )
        SELECT m.month, m.skill_id, coalesce(c.name, m.skill_id) AS skill_name,
               m.n_postings, m.n_with_skill,
               100 * m.n_with_skill / m.n_postings AS share_pct,
               avg(100 * m.n_with_skill / m.n_postings) OVER (
                   PARTITION BY m.skill_id ORDER BY m.month
                   ROWS BETWEEN 2 PRECEDING AND CURRENT ROW
               ) AS share_ma3_pct
        FROM m
        LEFT JOIN skill_catalog AS c USING (skill_id)
        ORDER BY m.skill_id, m.month
        """,
        {
            "skill_ids": ids,
            "role_family": role_family,
            "country": country,
            "seniority": seniority,
            "source": source,
            "state": state,
            "metro_code": metro_code,
            "start": month_start(start),
            "end": end,
        },
    )
    lo, hi = wilson_interval(pl.col("n_with_skill"), pl.col("n_postings"))
    return counts.with_columns((100 * lo).alias("share_lo"), (100 * hi).alias("share_hi")).select(
        "month",
        "skill_id",
        "skill_name",
        "n_postings",
        "n_with_skill",
        "share_pct",
        "share_lo",
        "share_hi",
        "share_ma3_pct",
    )


POSTINGS_PAGE_COLUMNS: Final = (
    "month",
    "title",
    "company",
    "place_label",
    "country",
    "role_family",
    "seniority",
    "source",
    "currency",
    "pay_min_annual",
    "pay_max_annual",
    "pay_min_annual_usd",
    "pay_max_annual_usd",
    "url",
    "posting_id",
)


def postings_page(
    skill_id: str | None = None,
    month: date | None = None,
    role_family: str = "all",
    country: str = "all",
    seniority: str = "all",
    source: str = "all",
    state: str = "all",
    metro_code: str = "all",
    offset: int = 0,
    limit: int = 50,
) -> pl.DataFrame:
    """One page of every posting behind a point (skill x month, or a month, under the
    filters; "all" or None = no filter), `limit` rows from `offset`, newest first then by
    posting id, with its advertised pay per year (out_posting_pay, null where the posting
    advertises none: in its currency and in USD).

    Columns: POSTINGS_PAGE_COLUMNS, plus n_matching (postings matching, on every row).
    """
    check_positive_int("limit", limit)
    if offset < 0:
        raise ValueError(f"offset must be 0 or more, got {offset}")
    has_pay = view_available("out_posting_pay")
    pay_join = (
        "LEFT JOIN out_posting_pay AS pp USING (posting_id)"
        if has_pay
        else "LEFT JOIN (SELECT NULL::VARCHAR AS posting_id, NULL::VARCHAR AS currency, "
        "NULL::DOUBLE AS pay_min_annual, NULL::DOUBLE AS pay_max_annual, "
        "NULL::DOUBLE AS pay_min_annual_usd, NULL::DOUBLE AS pay_max_annual_usd) AS pp "
        "USING (posting_id)"
    )
    views = ("out_postings", "out_posting_pay") if has_pay else ("out_postings",)
    return query(
        views,
        """
        WITH matching AS (
            SELECT * FROM out_postings
            WHERE ($skill::VARCHAR IS NULL OR list_contains(skill_ids, $skill::VARCHAR))
              AND ($month::DATE IS NULL OR month = $month::DATE)
              AND ($role_family = 'all' OR role_family = $role_family)
              AND ($country = 'all' OR country = $country)
              AND ($seniority = 'all' OR seniority = $seniority)
              AND ($source = 'all' OR source = $source)
              AND ($state = 'all' OR (country = 'US' AND region = $state))
              AND ($metro_code = 'all' OR metro_code = $metro_code)
        ),
        counted AS (SELECT *, count(*) OVER () AS n_matching FROM matching)
        SELECT p.month, p.title, p.company, p.place_label, p.country, p.role_family,
               p.seniority, p.source, pp.currency, pp.pay_min_annual, pp.pay_max_annual,
               pp.pay_min_annual_usd, pp.pay_max_annual_usd, p.url, p.posting_id,
               p.n_matching
        FROM counted AS p
        """
        + pay_join
        + """
        ORDER BY p.month DESC, p.posting_id
        LIMIT $limit OFFSET $offset
        """,
        {
            "skill": skill_id,
            "month": month_start(month),
            "role_family": role_family,
            "country": country,
            "seniority": seniority,
            "source": source,
            "state": state,
            "metro_code": metro_code,
            "limit": limit,
            "offset": offset,
        },
    )
