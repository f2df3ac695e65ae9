"""Pay premiums per skill (out_skill_premiums): one segment's estimates, the estimated ones to
plot, and the suppressed ones with their reason and counts only.

May import: polars, `contract` and `warehouse.read`.
"""

from __future__ import annotations

import polars as pl

from contract import vocab
from warehouse.read.connection import check_positive_int, query


def premiums(segment: str = "all") -> pl.DataFrame:
    """Adjusted and raw pay premiums per skill in one segment, suppressed rows last.

    Columns: skill_id, skill_name, is_genai, segment, premium_adj_pct, premium_adj_lo,
    premium_adj_hi, raw_gap_pct, n_with, n_without, n_companies, is_suppressed,
    suppressed_reason.
    """
    return query(
        ("out_skill_premiums", "skills"),
        """
        SELECT p.skill_id, coalesce(c.name, p.skill_id) AS skill_name,
               coalesce(c.is_genai, FALSE) AS is_genai, p.segment,
               p.premium_adj_pct, p.premium_adj_lo, p.premium_adj_hi, p.raw_gap_pct,
               p.n_with, p.n_without, p.n_companies, p.is_suppressed, p.suppressed_reason
        FROM out_skill_premiums AS p
        LEFT JOIN skill_catalog AS c USING (skill_id)
        WHERE p.segment = $segment
        ORDER BY p.is_suppressed, p.premium_adj_pct DESC NULLS LAST, p.skill_id
        """,
        {"segment": segment},
    )


def premium_forest(segment: str = "all", n: int = 25) -> pl.DataFrame:
    """The estimated (not suppressed) premiums of one segment to plot: genai first, then the
    skills with most postings naming them (n_with), at most `n` rows, in that order.

    Columns: rank, skill_id, skill_name, is_genai, segment, premium_adj_pct, premium_adj_lo,
    premium_adj_hi, raw_gap_pct, n_with, n_without, n_companies, and (null when the build
    did not publish them) premium_joint_pct/lo/hi (every skill in one regression),
    premium_within_pct/lo/hi (company fixed effects), n_companies_both.
    """
    check_positive_int("n", n)
    return query(
        ("out_skill_premiums", "skills"),
        """
        SELECT row_number() OVER (
                   ORDER BY (p.skill_id = $genai) DESC, p.n_with DESC, p.skill_id
               ) AS rank,
               p.skill_id, coalesce(c.name, p.skill_id) AS skill_name,
               coalesce(c.is_genai, FALSE) AS is_genai, p.segment,
               p.premium_adj_pct, p.premium_adj_lo, p.premium_adj_hi, p.raw_gap_pct,
               p.n_with, p.n_without, p.n_companies,
               p.premium_joint_pct, p.premium_joint_lo, p.premium_joint_hi,
               p.premium_within_pct, p.premium_within_lo, p.premium_within_hi,
               p.n_companies_both
        FROM out_skill_premiums AS p
        LEFT JOIN skill_catalog AS c USING (skill_id)
        WHERE p.segment = $segment AND NOT p.is_suppressed AND p.premium_adj_pct IS NOT NULL
        ORDER BY rank
        LIMIT $n
        """,
        {"segment": segment, "genai": vocab.GENAI_SKILL_ID, "n": n},
    )


def suppressed_premiums(segment: str = "all") -> pl.DataFrame:
    """Skills of one segment whose premium is not estimated, with the reason and counts only
    (no premium or gap numbers), genai first then by n_with.

    Columns: skill_id, skill_name, segment, n_with, n_without, n_companies, suppressed_reason.
    """
    return query(
        ("out_skill_premiums", "skills"),
        """
        SELECT p.skill_id, coalesce(c.name, p.skill_id) AS skill_name, p.segment,
               p.n_with, p.n_without, p.n_companies,
               coalesce(p.suppressed_reason, 'no estimate') AS suppressed_reason
        FROM out_skill_premiums AS p
        LEFT JOIN skill_catalog AS c USING (skill_id)
        WHERE p.segment = $segment AND (p.is_suppressed OR p.premium_adj_pct IS NULL)
        ORDER BY (p.skill_id = $genai) DESC, p.n_with DESC, p.skill_id
        """,
        {"segment": segment, "genai": vocab.GENAI_SKILL_ID},
    )
