"""What the crawl covers: posting durations, coverage and its gaps, and the weights
that post-stratify the crawl to OEWS employment.

May import: the standard library and `contract.marts.records`.
"""

from __future__ import annotations

from typing import Final

from contract.marts.records import Column, Mart, Threshold

# Countries out_coverage_gaps checks the crawl against: large ML/AI hiring markets, ISO alpha-2.
COVERAGE_COUNTRIES: Final[tuple[str, ...]] = (
    "US", "IN", "GB", "DE", "CA", "FR", "NL", "CN", "SG", "AU",
    "IL", "JP", "BR", "ES", "IE", "CH", "SE", "PL", "KR", "AE",
)  # fmt: skip

OUT_POSTING_DURATIONS: Final = Mart(
    name="out_posting_durations",
    grain="one row per role_family x skill_id ('all' = every role family / every skill; "
    "skill rows have role_family 'all'): days open of closed postings, between their first "
    "and last sighting",
    keys=("role_family", "skill_id"),
    read_order=(),
    thresholds=(
        Threshold("min_closed", 10, "closed postings needed to publish P50 / P75"),
        Threshold(
            "outage_min_postings",
            2,
            "a board whose every posting of the previous snapshot (at least this many) "
            "vanished at once is an outage, not closures: its postings stay open unless "
            "the next snapshot also lacks them",
        ),
    ),
    columns=(
        Column("role_family", "text", "", "role family, or 'all'", read="required"),
        Column(
            "skill_id",
            "text",
            "",
            "canonical skill id, 'genai', or 'all' (role-family rows)",
            read="required",
        ),
        Column(
            "n_closed",
            "integer",
            "count",
            "closed postings with a seen start: first seen after their board's first crawl, "
            "gone from a later crawl of the board (count)",
            read="required",
        ),
        Column(
            "p50_days_open",
            "number",
            "days",
            "median days between first and last sighting: a lower bound (null if suppressed)",
            read="required",
        ),
        Column(
            "p75_days_open",
            "number",
            "days",
            "75th percentile of days between first and last sighting (null when suppressed)",
            read="required",
        ),
        Column(
            "p50_days_open_max",
            "number",
            "days",
            "median upper bound: days between the crawl before the first sighting and the "
            "crawl that found the posting gone (null when suppressed)",
            read="optional",
        ),
        Column(
            "p75_days_open_max",
            "number",
            "days",
            "75th percentile of the upper bound (null when suppressed)",
            read="optional",
        ),
        Column(
            "n_still_open",
            "integer",
            "count",
            "postings still listed at their board's last crawl: right-censored, left out",
            read="required",
        ),
        Column(
            "n_open_at_first_crawl",
            "integer",
            "count",
            "closed postings already listed at their board's first crawl: start unseen "
            "(left-censored), left out",
            read="required",
        ),
        Column(
            "is_suppressed",
            "boolean",
            "",
            "fewer than min_closed closed postings: no percentiles",
            read="required",
        ),
        Column(
            "crawl_interval_days",
            "number",
            "days",
            "median days between consecutive crawls of the boards: durations are known "
            "to about this resolution",
            read="optional",
        ),
    ),
)

OUT_COVERAGE: Final = Mart(
    name="out_coverage",
    grain="one row per source x country x role_family x month, each 'all' where the row "
    "sums over it (every combination): what the crawl holds",
    keys=("source", "country", "role_family", "month"),
    read_order=(),
    columns=(
        Column("source", "text", "", "posting source, or 'all'", read="required"),
        Column("country", "text", "", "ISO alpha-2, 'unknown', or 'all'", read="required"),
        Column("role_family", "text", "", "role family, or 'all'", read="required"),
        Column(
            "month",
            "text",
            "",
            "YYYY-MM the posting entered the data (its posted month, or its board's first "
            "crawl month when it was already open then), or 'all'",
            read="required",
        ),
        Column("n_postings", "integer", "count", "canonical postings (count)", read="required"),
        Column(
            "n_boards",
            "integer",
            "count",
            "boards (job boards, HN threads, career pages) the postings came from (count)",
            read="required",
        ),
        Column("n_companies", "integer", "count", "distinct employers (count)", read="required"),
        Column(
            "n_with_pay",
            "integer",
            "count",
            "postings advertising pay (count)",
            read="required",
        ),
        Column(
            "pay_share",
            "number",
            "0-1",
            "n_with_pay / n_postings (0-1)",
            read="required",
        ),
        Column(
            "n_open_at_first_crawl",
            "integer",
            "count",
            "postings already open at their board's first crawl: active, never counted as "
            "new (count)",
            read="required",
        ),
        Column(
            "first_crawl_date",
            "date",
            "date",
            "first crawl of the row's source ('all': of any source): its trends begin "
            "here, except for a source that keeps closed postings listed (HN) (date)",
            read="required",
        ),
        Column(
            "last_crawl_date",
            "date",
            "date",
            "latest crawl of the row's source ('all': of any source)",
            read="required",
        ),
        Column(
            "n_crawls",
            "integer",
            "count",
            "distinct crawl dates of the row's source ('all': of every source) (count)",
            read="required",
        ),
    ),
)

OUT_COVERAGE_GAPS: Final = Mart(
    name="out_coverage_gaps",
    grain="one row per dimension x value the crawl covers thinly or not at all: reference "
    "countries, US states (against OEWS employment), role families, posting sources, and "
    "boards whose postings all vanished at their latest crawl (an outage)",
    keys=("dimension", "value"),
    read_order=(),
    thresholds=(
        Threshold("thin_postings", 30, "fewer postings than this: too few for most figures"),
        Threshold(
            "under_ratio",
            0.33,
            "a US state's share of postings below this fraction of its share of OEWS "
            "employment is under-represented",
        ),
    ),
    columns=(
        Column(
            "dimension",
            "text",
            "",
            "country | us_state | role_family | source | board",
            read="required",
        ),
        Column(
            "value",
            "text",
            "",
            "ISO alpha-2, state code, role family, source, or source/board",
            read="required",
        ),
        Column("label", "text", "", "readable name of the value", read="required"),
        Column("n_postings", "integer", "count", "postings in the data (count)", read="required"),
        Column(
            "posting_share",
            "number",
            "0-1",
            "share of US postings (us_state rows), else null",
            read="optional",
        ),
        Column(
            "employment_share",
            "number",
            "0-1",
            "share of OEWS employment in the role families' occupations (us_state rows)",
            read="optional",
        ),
        Column(
            "status",
            "text",
            "",
            "none | thin | under-represented | outage",
            read="required",
        ),
        Column("reason", "text", "", "what the gap means for the figures", read="required"),
    ),
)

OUT_WEIGHT_CELLS: Final = Mart(
    name="out_weight_cells",
    grain="one row per weighting cell: SOC occupation (the role families' primary OEWS "
    "occupation) x US state, with the post-stratification weight of its postings",
    keys=("soc_code", "state"),
    read_order=(),
    thresholds=(
        Threshold(
            "min_cell_postings",
            5,
            "a cell with fewer postings is collapsed into its occupation's other small "
            "cells (one weight for them)",
        ),
        Threshold(
            "max_weight_ratio",
            5.0,
            "weights are trimmed to [1/r, r] x the mean weight, then renormalized",
        ),
    ),
    columns=(
        Column("soc_code", "text", "", "SOC occupation (OEWS)", read="required"),
        Column("soc_title", "text", "", "occupation title", read="optional"),
        Column(
            "role_families",
            "text",
            "",
            "role families mapped to the occupation, joined with ', '",
            read="optional",
        ),
        Column("state", "text", "", "US state code", read="required"),
        Column("employment", "number", "count", "OEWS employment in the cell", read="required"),
        Column(
            "employment_share",
            "number",
            "0-1",
            "share of the employment of every cell (0-1)",
            read="required",
        ),
        Column("n_postings", "integer", "count", "US postings in the cell", read="required"),
        Column(
            "posting_share",
            "number",
            "0-1",
            "share of the weighted universe's postings (0-1)",
            read="required",
        ),
        Column(
            "weight_cell",
            "text",
            "",
            "the cell the postings are weighted in: '<soc>:<state>', or '<soc>:small "
            "states' when collapsed; null when no posting stands for it",
            read="optional",
        ),
        Column(
            "weight",
            "number",
            "",
            "weight of each posting in the cell (mean 1 over weighted postings)",
            read="required",
        ),
        Column(
            "status",
            "text",
            "",
            "own cell | collapsed | trimmed | not represented (no postings in the "
            "occupation: its employment is left out and the others renormalized)",
            read="required",
        ),
    ),
)

OUT_WEIGHTED_FIGURES: Final = Mart(
    name="out_weighted_figures",
    grain="one row per figure x role_family x skill_id: shares and base-pay percentiles of "
    "US postings, unweighted and weighted to OEWS employment (occupation x state)",
    keys=("figure", "role_family", "skill_id"),
    read_order=(),
    columns=(
        Column(
            "figure",
            "text",
            "",
            "role_family_share | skill_share | pay_p25 | pay_p50 | pay_p75",
            read="required",
        ),
        Column(
            "role_family",
            "text",
            "",
            "the role family shared or priced, or 'all'",
            read="required",
        ),
        Column("skill_id", "text", "", "skill on skill_share rows, else 'all'", read="required"),
        Column("unit", "text", "", "percent | USD per year", read="required"),
        Column(
            "unweighted",
            "number",
            "",
            "the figure over the postings as crawled",
            read="required",
        ),
        Column("unweighted_lo", "number", "", "95% lower bound", read="required"),
        Column("unweighted_hi", "number", "", "95% upper bound", read="required"),
        Column(
            "weighted",
            "number",
            "",
            "the figure with each posting weighted to OEWS employment",
            read="required",
        ),
        Column(
            "weighted_lo",
            "number",
            "",
            "95% lower bound (effective sample size)",
            read="required",
        ),
        Column("weighted_hi", "number", "", "95% upper bound", read="required"),
        Column(
            "n_postings",
            "integer",
            "count",
            "postings behind the figure (count)",
            read="required",
        ),
        Column(
            "effective_n",
            "number",
            "count",
            "Kish effective sample size of the weighted figure (count)",
            read="required",
        ),
        Column(
            "weighting",
            "text",
            "",
            "label to show beside the weighted figure: 'weighted to OEWS employment ...'",
            read="required",
        ),
    ),
)
