"""Pay premiums per skill (out_skill_premiums): one segment's estimates, the estimated ones to
plot, and the suppressed ones with their reason and counts only. The control ladder
(out_premium_ladder, out_premium_decomposition): a flag's premium at every rung, why it drops,
the published estimates beside the matching rung, and the postings behind a rung
(out_premium_sample joined to out_postings).

May import: polars, `contract` and `warehouse.read`.
"""

from __future__ import annotations

from typing import Final

import polars as pl

from contract import vocab
from contract.marts import GENAI_INTENSITY, PREMIUM_CONTROLS
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


# --------------------------------------------------------------------------- the control ladder

LADDER_SIDES: Final = ("with", "without")


def ladder_skills() -> pl.DataFrame:
    """The flags with a control ladder (estimated at rung 1 at least): genai first, then the
    GenAI-intensity contrasts, then skills by n_with.

    Columns: skill_id, skill_name, n_with, n_without, full_rung (highest estimated rung).
    """
    return query(
        ("out_premium_ladder", "skills"),
        """
        SELECT l.skill_id,
               coalesce(c.name, i.name, l.skill_id) AS skill_name,
               max(l.n_with) AS n_with, max(l.n_without) AS n_without,
               max(l.rung) FILTER (WHERE l.is_estimated) AS full_rung
        FROM out_premium_ladder AS l
        LEFT JOIN skill_catalog AS c USING (skill_id)
        LEFT JOIN (SELECT unnest($intensity_ids::VARCHAR[]) AS skill_id,
                          unnest($intensity_names::VARCHAR[]) AS name) AS i USING (skill_id)
        GROUP BY l.skill_id, c.name, i.name
        HAVING bool_or(l.is_estimated AND l.rung >= 1)
        ORDER BY (l.skill_id = $genai) DESC, (i.name IS NOT NULL) DESC, n_with DESC, l.skill_id
        """,
        {
            "genai": vocab.GENAI_SKILL_ID,
            "intensity_ids": list(GENAI_INTENSITY),
            "intensity_names": list(GENAI_INTENSITY.values()),
        },
    )


def premium_ladder(skill_id: str) -> pl.DataFrame:
    """One flag's ladder: a row per rung (0–6) with the premium, its 95% interval (null where
    the rung is not estimated, with the reason in note) and the counts behind it.

    Columns: rung, rung_label, controls, premium_pct, premium_lo, premium_hi, n_postings,
    n_with, n_without, n_companies, n_companies_both, n_titles_both, is_estimated, note.
    """
    return query(
        ("out_premium_ladder",),
        """
        SELECT rung, rung_label, controls, premium_pct, premium_lo, premium_hi, n_postings,
               n_with, n_without, n_companies, n_companies_both, n_titles_both,
               is_estimated, note
        FROM out_premium_ladder
        WHERE skill_id = $skill
        ORDER BY rung
        """,
        {"skill": skill_id},
    )


def premium_decomposition(skill_id: str) -> pl.DataFrame:
    """Why the premium drops from rung 1 to the full model: one row per control group in the
    ladder's order, then the total.

    Columns: control, control_label, rung_to, contribution_log_pts, contribution_lo,
    contribution_hi, contribution_pct_pts, share_of_drop, premium_from_pct, premium_to_pct,
    n_postings, note.
    """
    return query(
        ("out_premium_decomposition",),
        """
        SELECT control, control_label, rung_to, contribution_log_pts, contribution_lo,
               contribution_hi, contribution_pct_pts, share_of_drop, premium_from_pct,
               premium_to_pct, n_postings, note
        FROM out_premium_decomposition
        WHERE skill_id = $skill
        ORDER BY coalesce(list_position($controls::VARCHAR[], control), 99)
        """,
        {"skill": skill_id, "controls": [c for c, _, _ in PREMIUM_CONTROLS] + ["total"]},
    )


def ladder_claims() -> pl.DataFrame:
    """Published premium estimates beside the ladder rung matching each study's method (the
    claims rows that name a ladder row).

    Columns: claim_id, claim, figure, source, measure, ladder_skill_id, ladder_rung, value,
    value_lo, value_hi, n, verdict, note.
    """
    return query(
        ("out_claims",),
        """
        SELECT claim_id, claim, figure, source, measure, ladder_skill_id, ladder_rung,
               value, value_lo, value_hi, n, verdict, note
        FROM out_claims
        WHERE ladder_rung IS NOT NULL
        ORDER BY ladder_rung, claim_id
        """,
        {},
    )


def ladder_postings(skill_id: str, rung: int, side: str, limit: int = 50) -> pl.DataFrame:
    """A sample of the postings behind one rung of a flag's ladder: the ladder's postings with
    the flag (`side` "with") or without it ("without"; for the GenAI-intensity contrasts, the
    postings naming no GenAI skill). Rungs 5 and 6 compare within company and within title, so
    their postings are those of companies (and titles) with postings on both sides. Stable
    pseudo-random order (hash of posting_id).

    Columns: month, title, company, place_label, role_family, seniority,
    pay_mid_annual_usd, n_genai_skills, url, posting_id, n_matching (on every row).
    """
    check_positive_int("limit", limit)
    if side not in LADDER_SIDES:
        raise ValueError(f"side must be one of {LADDER_SIDES}, got {side!r}")
    if isinstance(rung, bool) or not isinstance(rung, int) or not 0 <= rung <= 6:
        raise ValueError(f"rung must be an integer 0-6, got {rung!r}")
    one, two_plus = GENAI_INTENSITY
    return query(
        ("out_premium_sample", "out_postings"),
        """
        WITH flagged AS (
            SELECT s.posting_id, s.pay_mid_annual_usd, s.title_key, s.n_genai_skills,
                   p.month, p.title, p.company, p.place_label, p.role_family, p.seniority,
                   p.url,
                   CASE WHEN $skill = $genai THEN s.n_genai_skills >= 1
                        WHEN $skill = $one THEN s.n_genai_skills = 1
                        WHEN $skill = $two_plus THEN s.n_genai_skills >= 2
                        ELSE list_contains(p.skill_ids, $skill::VARCHAR) END AS has_flag,
                   CASE WHEN $skill IN ($one, $two_plus) THEN s.n_genai_skills = 0
                        ELSE TRUE END AS comparable
            FROM out_premium_sample AS s
            JOIN out_postings AS p USING (posting_id)
        ),
        universe AS (SELECT * FROM flagged WHERE has_flag OR comparable),
        companies_both AS (
            SELECT company FROM universe GROUP BY company
            HAVING bool_or(has_flag) AND bool_or(NOT has_flag)
        ),
        titles_both AS (
            SELECT title_key FROM universe GROUP BY title_key
            HAVING bool_or(has_flag) AND bool_or(NOT has_flag)
        ),
        matching AS (
            SELECT * FROM universe
            WHERE has_flag = ($side = 'with')
              AND ($rung < 5 OR company IN (SELECT company FROM companies_both))
              AND ($rung < 6 OR title_key IN (SELECT title_key FROM titles_both))
        )
        SELECT month, title, company, place_label, role_family, seniority,
               pay_mid_annual_usd, n_genai_skills, url, posting_id,
               count(*) OVER () AS n_matching
        FROM matching
        ORDER BY hash(posting_id), posting_id
        LIMIT $limit
        """,
        {
            "skill": skill_id,
            "genai": vocab.GENAI_SKILL_ID,
            "one": one,
            "two_plus": two_plus,
            "side": side,
            "rung": rung,
            "limit": limit,
        },
    )
