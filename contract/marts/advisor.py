"""The skill advisor: what to learn next, given a skill, for a role and place.

May import: the standard library and `contract.marts.records`.
"""

from __future__ import annotations

from typing import Final

from contract.marts.records import Column, Mart, Threshold

OUT_SKILL_ADVISOR: Final = Mart(
    name="out_skill_advisor",
    grain="one row per role_family x place_id x given_skill x next_skill (last 12 months, "
    "n_given >= 30)",
    keys=("role_family", "place_id", "given_skill", "next_skill"),
    read_order=(),
    thresholds=(
        Threshold("min_given_postings", 30, "postings naming the given skill in the cell"),
        Threshold("window_months", 12, "months of postings the advisor reads"),
        Threshold("lift_cap", 3, "lift above which a pairing adds nothing more to the score"),
        Threshold("nudge_cap", 0.5, "most a year of momentum, or the pay premium, moves it"),
        Threshold(
            "min_common_share",
            0.05,
            "share of a role's postings at which a skill counts as common in it (TF-IDF)",
        ),
    ),
    columns=(
        Column("role_family", "text", "", "target role family", read="required"),
        Column("place_id", "text", "", "'all' or ISO alpha-2 country", read="required"),
        Column("given_skill", "text", "", "a skill the learner has", read="required"),
        Column("next_skill", "text", "", "a candidate skill to learn", read="required"),
        Column(
            "n_cell",
            "integer",
            "count",
            "postings in the role x place cell (count)",
            read="optional",
        ),
        Column(
            "n_given",
            "integer",
            "count",
            "of those, postings naming given_skill (count)",
            read="required",
        ),
        Column("n_both", "integer", "count", "postings naming both (count)", read="required"),
        Column(
            "conditional_share", "number", "0-1", "P(next | given, cell) (0-1)", read="required"
        ),
        Column("cond_lo", "number", "0-1", "Wilson 95% lower bound (0-1)", read="optional"),
        Column("cond_hi", "number", "0-1", "Wilson 95% upper bound (0-1)", read="optional"),
        Column(
            "n_next",
            "integer",
            "count",
            "postings in the cell naming next_skill (count)",
            read="optional",
        ),
        Column("base_share", "number", "0-1", "P(next | cell) (0-1)", read="optional"),
        Column("lift", "number", "", "conditional_share / base_share", read="required"),
        Column(
            "momentum",
            "number",
            "",
            "next_skill's momentum in the role (log share per month)",
            read="optional",
        ),
        Column(
            "yoy_change_pts",
            "number",
            "points",
            "next_skill's YoY share change in the role (points)",
            read="optional",
        ),
        Column(
            "premium_adj_pct",
            "number",
            "percent",
            "next_skill's adjusted pay premium (percent)",
            read="optional",
        ),
        Column("premium_segment", "text", "", "segment the premium comes from", read="optional"),
        Column("next_is_genai", "boolean", "", "next_skill is a GenAI skill", read="optional"),
        Column("window_start", "date", "", "first posting date of the window", read="optional"),
        Column("window_end", "date", "", "last posting date of the window", read="optional"),
        Column(
            "base_lo",
            "number",
            "0-1",
            "Wilson 95% lower bound of base_share (0-1)",
            read="required",
        ),
        Column(
            "base_hi",
            "number",
            "0-1",
            "Wilson 95% upper bound of base_share (0-1)",
            read="required",
        ),
        Column(
            "score_weight",
            "number",
            "ratio",
            "next_skill's nudge in the advisor score: (1 + clip(12 x momentum, -0.5, 0.5)) x "
            "(1 + clip(premium_adj_pct / 100, -0.5, 0.5)), nulls as 0; score = mean "
            "conditional_share x min(mean lift, 3) / 3 x score_weight + coverage gain (ratio)",
            read="required",
        ),
        Column(
            "n_roles_common",
            "integer",
            "count",
            "role families of the place where next_skill's share is at least 5%, at least 1"
            " (count)",
            read="required",
        ),
        Column(
            "tfidf",
            "number",
            "",
            "how much next_skill defines the role family in the place: base_share x "
            "ln(role families with postings in the place / n_roles_common)",
            read="required",
        ),
        Column(
            "next_defines_role",
            "boolean",
            "",
            "next_skill is one the role family is named after (never ranked as advice)",
            read="optional",
        ),
    ),
)

# Bits of the skill sets in out_advisor_targets: 64 skills per column.
ADVISOR_SKILL_WORDS: Final = 4

OUT_ADVISOR_TARGETS: Final = Mart(
    name="out_advisor_targets",
    grain="one row per canonical posting first posted in the advisor's window (the last 12 "
    "months of out_postings), its skill set as bits (for the advisor's coverage counts)",
    keys=(),  # not checked: one row per posting of out_postings by construction
    read_order=("role_family", "country", "seniority", "month"),
    columns=(
        Column("role_family", "text", "", "role family ('other' when unknown)", read="required"),
        Column("country", "text", "", "ISO alpha-2, or 'unknown'", read="required"),
        Column("seniority", "text", "", "seniority level (null when unknown)", read="required"),
        Column("month", "date", "date", "first day of the month first posted", read="required"),
        Column(
            "n_skills", "integer", "count", "distinct skills the posting names", read="required"
        ),
        *(
            Column(
                f"skill_bits_{word}",
                "integer",
                "",
                f"bit b set = the posting names skill {64 * word} + b of the `skills` table in "
                "skill_id order",
                read="required",
            )
            for word in range(ADVISOR_SKILL_WORDS)
        ),
    ),
)
