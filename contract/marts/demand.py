"""Skill demand: monthly shares by slice, and emerging / declining skills.

May import: the standard library and `contract.marts.records`.
"""

from __future__ import annotations

from typing import Final

from contract.marts.records import Column, Mart, Threshold

OUT_SKILL_DEMAND_MONTHLY: Final = Mart(
    name="out_skill_demand_monthly",
    grain="one row per month x skill_id x slice; a slice fixes role_family, seniority, "
    "country, state, metro_code and source, each 'all' unless the slice varies it: role"
    " family x country (v1 rows), seniority (x role family), US state, US metro, source."
    " Sparse: a month x skill x slice with no posting naming the skill (n_with_skill and"
    " n_active_with_skill 0) is not stored, except genai, stored for every month and slice"
    " with postings (its rows carry the slice's totals); readers fill zeros from the"
    " slice's n_postings",
    keys=(
        "month",
        "skill_id",
        "role_family",
        "seniority",
        "country",
        "state",
        "metro_code",
        "source",
    ),
    read_order=(
        "state",
        "metro_code",
        "seniority",
        "source",
        "role_family",
        "country",
        "skill_id",
        "month",
    ),
    columns=(
        Column(
            "month",
            "date",
            "date",
            "first day of the month postings were first posted; a posting already open at "
            "its board's first crawl is new in no month (trends begin at the first crawl: "
            "out_coverage)",
            read="required",
        ),
        Column(
            "skill_id",
            "text",
            "",
            "canonical skill id, or 'genai' = names any GenAI skill",
            read="required",
        ),
        Column("role_family", "text", "", "role family, or 'all'", read="required"),
        Column(
            "seniority",
            "text",
            "",
            "seniority level, or 'all'",
            read="optional",
            read_default="all",
        ),
        Column(
            "country",
            "text",
            "",
            "ISO 3166-1 alpha-2, or 'all' ('US' on state and metro rows)",
            read="required",
        ),
        Column(
            "state",
            "text",
            "",
            "US state code (US postings), or 'all'",
            read="optional",
            read_default="all",
        ),
        Column(
            "metro_code",
            "text",
            "",
            "OEWS metro code (US postings), or 'all'",
            read="optional",
            read_default="all",
        ),
        Column(
            "source",
            "text",
            "",
            "source of the canonical posting's record, or 'all'",
            read="optional",
            read_default="all",
        ),
        Column(
            "n_postings",
            "integer",
            "count",
            "new canonical postings in the slice and month (posted in the month of their "
            "board's first crawl or later) (count)",
            read="required",
        ),
        Column(
            "n_with_skill",
            "integer",
            "count",
            "of those, postings naming the skill (count)",
            read="required",
        ),
        Column(
            "share_pct",
            "number",
            "percent",
            "100 x n_with_skill / n_postings (percent)",
            read="required",
        ),
        Column(
            "share_lo", "number", "percent", "Wilson 95% lower bound (percent)", read="required"
        ),
        Column(
            "share_hi", "number", "percent", "Wilson 95% upper bound (percent)", read="required"
        ),
        Column(
            "share_ma3_pct",
            "number",
            "percent",
            "3-month moving average of share_pct (percent)",
            read="optional",
        ),
        Column(
            "yoy_change_pts",
            "number",
            "points",
            "share_pct minus the same month a year earlier (points)",
            read="published",
        ),
        Column(
            "yoy_ratio",
            "number",
            "ratio",
            "share_pct / share a year earlier (ratio)",
            read="published",
        ),
        Column(
            "n_active",
            "integer",
            "count",
            "canonical postings live at any time in the month (count)",
            read="published",
        ),
        Column(
            "n_active_with_skill",
            "integer",
            "count",
            "of those, postings naming the skill (count)",
            read="published",
        ),
        Column(
            "active_share_pct",
            "number",
            "percent",
            "100 x n_active_with_skill / n_active (percent)",
            read="published",
        ),
        Column(
            "active_share_lo",
            "number",
            "percent",
            "Wilson 95% lower bound of the active share (percent)",
            read="published",
        ),
        Column(
            "active_share_hi",
            "number",
            "percent",
            "Wilson 95% upper bound of the active share (percent)",
            read="published",
        ),
    ),
)

OUT_EMERGING_SKILLS: Final = Mart(
    name="out_emerging_skills",
    grain="one row per skill_id x role_family x country ('all' = totals)",
    keys=("skill_id", "role_family", "country"),
    read_order=(),
    thresholds=(
        Threshold("min_recent_postings", 30, "postings naming the skill in the recent window"),
        Threshold("recent_months", 3, "months in the recent window"),
        Threshold("momentum_months", 6, "months the momentum slope is fitted over"),
    ),
    columns=(
        Column("skill_id", "text", "", "canonical skill id, or 'genai'", read="required"),
        Column("role_family", "text", "", "role family, or 'all'", read="required"),
        Column("country", "text", "", "ISO alpha-2, or 'all'", read="required"),
        Column(
            "window_start",
            "date",
            "date",
            "first month of the recent 3-month window (date)",
            read="optional",
        ),
        Column(
            "window_end",
            "date",
            "date",
            "last month of the recent window (date)",
            read="optional",
        ),
        Column(
            "n_recent_with",
            "integer",
            "count",
            "postings naming the skill in the recent window (count)",
            read="required",
        ),
        Column(
            "n_recent",
            "integer",
            "count",
            "postings in the recent window (count)",
            read="required",
        ),
        Column("share_recent_pct", "number", "percent", "recent share (percent)", read="required"),
        Column(
            "share_recent_lo",
            "number",
            "percent",
            "Wilson 95% lower bound of the recent share (percent)",
            read="required",
        ),
        Column(
            "share_recent_hi",
            "number",
            "percent",
            "Wilson 95% upper bound (percent)",
            read="required",
        ),
        Column(
            "n_year_ago_with",
            "integer",
            "",
            "postings naming the skill in the same window a year earlier",
            read="optional",
        ),
        Column(
            "n_year_ago",
            "integer",
            "",
            "postings in the window a year earlier",
            read="optional",
        ),
        Column(
            "share_year_ago_pct",
            "number",
            "percent",
            "share a year earlier (percent)",
            read="optional",
        ),
        Column(
            "yoy_change_pts",
            "number",
            "points",
            "recent share minus year-ago share (points)",
            read="required",
        ),
        Column("yoy_ratio", "number", "", "recent share / year-ago share", read="optional"),
        Column(
            "momentum",
            "number",
            "",
            "OLS slope of ln(share) per month over the last 6 months",
            read="optional",
        ),
        Column(
            "is_suppressed",
            "boolean",
            "",
            "fewer than 30 recent postings naming the skill",
            read="required",
        ),
        Column(
            "direction",
            "text",
            "",
            "rising | declining | flat (interval vs year-ago share)",
            read="required",
        ),
        Column("rank", "integer", "", "rank within slice and direction", read="optional"),
    ),
)
