"""What the crawl covers and how far its figures can be trusted: coverage by one dimension
(out_coverage), what it does not cover (out_coverage_gaps), days open of closed postings
(out_posting_durations), the post-stratification weights and the figures weighted to OEWS
employment beside the unweighted ones (out_weight_cells, out_weighted_figures), and which
demand/supply rows are not measurable from the crawl (out_demand_supply).

May import: the standard library, polars, `contract` and `warehouse.read`.
"""

from __future__ import annotations

from typing import Final

import polars as pl

from contract.vocab import ALL
from warehouse.read.connection import query

COVERAGE_DIMENSIONS: Final = ("source", "country", "role_family", "month")
GAP_DIMENSIONS: Final = ("country", "us_state", "role_family", "source", "board")
WEIGHTED_FIGURES: Final = ("role_family_share", "skill_share", "pay_p25", "pay_p50", "pay_p75")
DURATION_SUBJECTS: Final = ("role_family", "skill")


def _fixed(varying: str | None) -> str:
    """WHERE clause fixing every coverage dimension but `varying` to 'all' (names from the
    whitelist only)."""
    parts = [f"{d} = $all" for d in COVERAGE_DIMENSIONS if d != varying]
    if varying is not None:
        parts.append(f"{varying} <> $all")
    return " AND ".join(parts)


_COVERAGE_SQL: Final = {
    varying: f"""
        SELECT source, country, role_family, month, n_postings, n_boards, n_companies,
               n_with_pay, pay_share, n_open_at_first_crawl, first_crawl_date,
               last_crawl_date, n_crawls
        FROM out_coverage WHERE {_fixed(varying)}
        ORDER BY {"month" if varying == "month" else "n_postings DESC"}, {varying or "source"}
    """
    for varying in (*COVERAGE_DIMENSIONS, None)
}


def coverage_by(dimension: str | None = None) -> pl.DataFrame:
    """The crawl's postings, boards, companies and pay share by one dimension (source,
    country, role_family or month; None: the one total row), the others summed over.

    Columns: source, country, role_family, month, n_postings, n_boards, n_companies,
    n_with_pay, pay_share (0-1), n_open_at_first_crawl, first_crawl_date, last_crawl_date,
    n_crawls (crawl dates are the row's source's; 'all': every source's). Months run in order,
    other dimensions by postings. Raises ValueError for another dimension.
    """
    if dimension not in _COVERAGE_SQL:
        raise ValueError(f"dimension must be one of {COVERAGE_DIMENSIONS} or None")
    return query(("out_coverage",), _COVERAGE_SQL[dimension], {"all": ALL})


def coverage_gaps(dimension: str | None = None) -> pl.DataFrame:
    """What the crawl covers thinly or not at all (every dimension, or one of
    GAP_DIMENSIONS): rows with no postings first, then thin, under-represented, outages.

    Columns: dimension, value, label, n_postings, posting_share, employment_share, status,
    reason.
    """
    if dimension is not None and dimension not in GAP_DIMENSIONS:
        raise ValueError(f"dimension must be one of {GAP_DIMENSIONS} or None")
    return query(
        ("out_coverage_gaps",),
        """
        SELECT dimension, value, label, n_postings, posting_share, employment_share, status,
               reason
        FROM out_coverage_gaps
        WHERE $dimension::VARCHAR IS NULL OR dimension = $dimension
        ORDER BY list_position($dimensions, dimension),
                 list_position(['none', 'thin', 'under-represented', 'outage'], status),
                 employment_share DESC NULLS LAST, value
        """,
        {"dimension": dimension, "dimensions": list(GAP_DIMENSIONS)},
    )


def posting_durations(subject: str = "role_family", limit: int = 15) -> pl.DataFrame:
    """Days open of closed postings per role family (with the 'all' row first), or per skill
    (the `limit` skills with most closed postings, 'genai' included).

    Columns: role_family, skill_id, skill_name, n_closed, p50_days_open, p75_days_open,
    p50_days_open_max, p75_days_open_max, n_still_open, n_open_at_first_crawl, is_suppressed,
    crawl_interval_days.
    """
    if subject not in DURATION_SUBJECTS:
        raise ValueError(f"subject must be one of {DURATION_SUBJECTS}")
    where = "d.skill_id = $all" if subject == "role_family" else "d.skill_id <> $all"
    order = "(d.role_family = $all) DESC, d.n_closed DESC, d.role_family"
    if subject == "skill":
        order = "d.n_closed DESC, d.skill_id"
    return query(
        ("out_posting_durations", "skills"),
        f"""
        SELECT d.role_family, d.skill_id, coalesce(c.name, d.skill_id) AS skill_name,
               d.n_closed, d.p50_days_open, d.p75_days_open, d.p50_days_open_max,
               d.p75_days_open_max, d.n_still_open, d.n_open_at_first_crawl, d.is_suppressed,
               d.crawl_interval_days
        FROM out_posting_durations AS d
        LEFT JOIN skill_catalog AS c ON c.skill_id = d.skill_id
        WHERE {where}
        ORDER BY {order}
        LIMIT $limit
        """,
        {"all": ALL, "limit": limit},
    )


def weighted_figures(figure: str, limit: int = 20) -> pl.DataFrame:
    """One figure of US postings, unweighted and weighted to OEWS employment (the `weighting`
    label says how), by role family or (skill_share) the `limit` skills with the largest
    unweighted share.

    Columns: figure, role_family, skill_id, skill_name, unit, unweighted, unweighted_lo,
    unweighted_hi, weighted, weighted_lo, weighted_hi, n_postings, effective_n, weighting.
    """
    if figure not in WEIGHTED_FIGURES:
        raise ValueError(f"figure must be one of {WEIGHTED_FIGURES}")
    return query(
        ("out_weighted_figures", "skills"),
        """
        SELECT w.figure, w.role_family, w.skill_id, coalesce(c.name, w.skill_id) AS skill_name,
               w.unit, w.unweighted, w.unweighted_lo, w.unweighted_hi, w.weighted,
               w.weighted_lo, w.weighted_hi, w.n_postings, w.effective_n, w.weighting
        FROM out_weighted_figures AS w
        LEFT JOIN skill_catalog AS c ON c.skill_id = w.skill_id
        WHERE w.figure = $figure
        ORDER BY (w.role_family = $all) DESC, w.unweighted DESC NULLS LAST, w.role_family,
                 w.skill_id
        LIMIT $limit
        """,
        {"figure": figure, "all": ALL, "limit": limit},
    )


def weight_cells() -> pl.DataFrame:
    """The post-stratification cells (occupation x US state), largest employment first.

    Columns: soc_code, soc_title, role_families, state, employment, employment_share,
    n_postings, posting_share, weight_cell, weight, status.
    """
    return query(
        ("out_weight_cells",),
        """
        SELECT soc_code, soc_title, role_families, state, employment, employment_share,
               n_postings, posting_share, weight_cell, weight, status
        FROM out_weight_cells
        ORDER BY employment DESC, soc_code, state
        """,
        {},
    )


def demand_supply_measurability() -> pl.DataFrame:
    """Per supply source of out_demand_supply: rows, rows not measurable from the crawl, and
    why (a snapshot without the columns reads every row measurable).

    Columns: supply_source, n_rows, n_not_measurable, reason.
    """
    return query(
        ("out_demand_supply",),
        """
        SELECT supply_source, count(*)::BIGINT AS n_rows,
               count(*) FILTER (WHERE NOT coalesce(is_measurable, TRUE))::BIGINT
                   AS n_not_measurable,
               max(not_measurable_reason) AS reason
        FROM out_demand_supply
        GROUP BY supply_source
        ORDER BY supply_source
        """,
        {},
    )
