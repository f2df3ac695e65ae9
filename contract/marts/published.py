"""Reference tables published with every snapshot: the skill taxonomy, the claims
checked against the data, the postings index and Indeed Hiring Lab's market context.

May import: the standard library and `contract.marts.records`.
"""

from __future__ import annotations

from typing import Final

from contract.marts.records import Column, Mart

SKILLS: Final = Mart(
    name="skills",
    grain="one row per skill in the taxonomy",
    keys=("skill_id",),
    read_order=(),
    columns=(
        Column("skill_id", "text", "", "canonical id", read="required"),
        Column("name", "text", "", "display name", read="required"),
        Column("category", "text", "", "taxonomy category", read="required"),
        Column("is_genai", "boolean", "", "counts toward the GenAI pseudo-skill", read="required"),
    ),
)

OUT_CLAIMS: Final = Mart(
    name="out_claims",
    grain="one row per published claim (metrics.md)",
    keys=("claim_id",),
    read_order=(),
    columns=(
        Column("claim_id", "integer", "", "order in metrics.md", read="required"),
        Column("claim", "text", "", "the claim", read="required"),
        Column("figure", "text", "", "the published figure", read="optional"),
        Column("source", "text", "", "as cited", read="optional"),
        Column(
            "measure",
            "text",
            "",
            "the closest quantity measurable in the loaded data",
            read="required",
        ),
        Column("value", "number", "", "our value", read="optional"),
        Column("value_lo", "number", "", "95% lower bound", read="optional"),
        Column("value_hi", "number", "", "95% upper bound", read="optional"),
        Column("unit", "text", "", "unit of value", read="optional"),
        Column("n", "integer", "count", "postings behind the value (count)", read="optional"),
        Column(
            "verdict",
            "text",
            "",
            "consistent | higher | lower | not measurable",
            read="required",
        ),
        Column("note", "text", "", "how the verdict was reached", read="optional"),
        Column(
            "ladder_skill_id",
            "text",
            "",
            "premium claims: the out_premium_ladder row compared (skill_id), else null",
            read="optional",
        ),
        Column(
            "ladder_rung",
            "integer",
            "",
            "premium claims: the ladder rung matching the claim's method, else null",
            read="optional",
        ),
    ),
)

OUT_POSTINGS: Final = Mart(
    name="out_postings",
    grain="one row per canonical posting (no description text; for drill-down)",
    keys=(),  # not checked: posting_id is unique by construction (core_postings)
    read_order=("month", "role_family", "country"),
    columns=(
        Column("posting_id", "text", "", "canonical posting id", read="required"),
        Column(
            "title",
            "text",
            "",
            "posting title as published (plain text, never rendered as HTML)",
            read="required",
        ),
        Column("company", "text", "", "employer name", read="required"),
        Column(
            "place_label",
            "text",
            "",
            "readable place: 'City, Region, Country' or 'Remote (Country)'",
            read="required",
        ),
        Column("country", "text", "", "ISO alpha-2, or 'unknown'", read="required"),
        Column("region", "text", "", "state / region code", read="optional"),
        Column("metro_code", "text", "", "OEWS metro code (US)", read="optional"),
        Column(
            "month",
            "date",
            "date",
            "first day of the month the posting was first posted (date)",
            read="required",
        ),
        Column("role_family", "text", "", "role family ('other' when unknown)", read="required"),
        Column("seniority", "text", "", "seniority level", read="required"),
        Column("source", "text", "", "source the canonical record came from", read="required"),
        Column("url", "text", "", "link to the posting", read="required"),
        Column(
            "skill_ids",
            "text_list",
            "",
            "canonical skill ids the posting names (sorted list)",
            read="required",
        ),
    ),
)

OUT_MARKET_CONTEXT: Final = Mart(
    name="out_market_context",
    grain="one row per series x country x sector x date (Indeed Hiring Lab, where loaded)",
    keys=(),  # not checked: the trackers' own grain
    read_order=(),
    columns=(
        Column(
            "series",
            "text",
            "",
            "ai_share_postings | genai_share_postings | pay_transparency_pct | "
            "pay_transparency_pct_3ma",
            read="published",
        ),
        Column("series_label", "text", "", "readable series name", read="published"),
        Column("country", "text", "", "ISO alpha-2", read="published"),
        Column("sector", "text", "", "occupational sector, or 'all'", read="published"),
        Column(
            "date",
            "date",
            "",
            "observation date (daily 7-day average for AI shares; month for pay)",
            read="published",
        ),
        Column("value", "number", "percent", "share of postings (percent)", read="published"),
        Column("unit", "text", "", "percent", read="published"),
        Column(
            "universe",
            "text",
            "",
            "what the share is of: all Indeed postings in the country, not ours",
            read="published",
        ),
        Column("source", "text", "", "Indeed Hiring Lab", read="published"),
        Column(
            "attribution",
            "text",
            "",
            "CC BY 4.0 attribution to show with the numbers",
            read="published",
        ),
        Column(
            "retrieved_date",
            "date",
            "",
            "date of the raw snapshot the series came from",
            read="published",
        ),
    ),
)
