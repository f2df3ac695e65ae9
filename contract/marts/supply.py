"""Demand against supply by skill or role family, place and 90-day window.

May import: the standard library and `contract.marts.records`.
"""

from __future__ import annotations

from typing import Final

from contract.marts.records import Column, Mart, Threshold

OUT_DEMAND_SUPPLY: Final = Mart(
    name="out_demand_supply",
    grain="one row per skill_id x role_family x place_id x window_end x supply_source (90-day"
    " windows; skill rows have role_family 'all', role rows skill_id 'all')",
    keys=("skill_id", "role_family", "place_id", "window_end", "supply_source"),
    read_order=(),
    thresholds=(
        Threshold("window_days", 90, "days in a window"),
        Threshold("n_windows", 4, "windows published, newest first"),
    ),
    columns=(
        Column(
            "skill_id",
            "text",
            "",
            "canonical skill id, 'genai', or 'all' on role-family rows",
            read="required",
        ),
        Column(
            "role_family",
            "text",
            "",
            "role family on role-family rows, else 'all'",
            read="optional",
            read_default="all",
        ),
        Column(
            "place_id",
            "text",
            "",
            "'all', ISO alpha-2 country, 'US-<state>', or OEWS metro code",
            read="required",
        ),
        Column("place_level", "text", "", "all | country | state | metro", read="optional"),
        Column(
            "window_start",
            "date",
            "date",
            "first day of the 90-day window (date)",
            read="published",
        ),
        Column(
            "window_end",
            "date",
            "date",
            "last day of the 90-day window (date)",
            read="required",
        ),
        Column(
            "demand_n",
            "integer",
            "count",
            "new postings naming the skill in the window and place (count)",
            read="required",
        ),
        Column(
            "supply_n",
            "integer",
            "count",
            "open-to-work candidates with the skill, updated in the window, or the estimated "
            "job-seekers on estimate rows (count)",
            read="required",
        ),
        Column(
            "supply_source",
            "text",
            "",
            "talent_pool | oews_survey_estimate (OEWS employment x survey prevalence x 90-day"
            " seeking share; US areas)",
            read="required",
        ),
        Column(
            "ratio",
            "number",
            "openings per candidate",
            "demand_n / supply_n (openings per candidate)",
            read="required",
        ),
        Column(
            "ratio_lo",
            "number",
            "",
            "95% lower bound (Poisson counts, log-normal approximation)",
            read="required",
        ),
        Column("ratio_hi", "number", "", "95% upper bound", read="required"),
        Column(
            "inverse_ratio",
            "number",
            "",
            "supply_n / demand_n (candidates per opening)",
            read="optional",
        ),
        Column("inverse_band", "text", "", "Lightcast band of the inverse ratio", read="optional"),
        Column(
            "location_quotient",
            "number",
            "",
            "place share of postings naming the skill / national share",
            read="optional",
        ),
        Column(
            "is_measurable",
            "boolean",
            "",
            "demand and supply count the same universe (the talent pool, or a whole "
            "market); false: ratio, interval and band are null",
            read="optional",
        ),
        Column(
            "not_measurable_reason",
            "text",
            "",
            "why the ratio is 'not measurable from this crawl' (null where measurable)",
            read="optional",
        ),
    ),
)
