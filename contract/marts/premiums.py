"""Pay premiums: per-skill adjusted premiums, the control ladder, its Gelbach
decomposition and the postings behind it.

May import: the standard library and `contract.marts.records`.
"""

from __future__ import annotations

from typing import Final

from contract.marts.records import Column, Mart, Threshold

# out_premium_ladder's rungs (each adds controls to the one before) and the control groups of
# out_premium_decomposition (the rung that adds each), and its GenAI-intensity contrasts.
PREMIUM_RUNGS: Final[tuple[tuple[int, str, str], ...]] = (
    (0, "raw gap", "nothing: median pay with / median pay without - 1"),
    (1, "no controls", "nothing: log-pay OLS with a constant"),
    (2, "+ role x seniority", "role family x seniority"),
    (3, "+ place", "role family x seniority, place"),
    (4, "+ month", "role family x seniority, place, month"),
    (5, "+ company", "role family x seniority, place, month, company (within firm)"),
    (6, "+ title", "role family x seniority, place, month, company, normalized title"),
)

PREMIUM_CONTROLS: Final[tuple[tuple[str, str, int], ...]] = (
    ("role_level", "role and seniority", 2),
    ("place", "place", 3),
    ("month", "month", 4),
    ("company", "company", 5),
    ("title", "title", 6),
)

GENAI_INTENSITY: Final[dict[str, str]] = {
    "genai_one": "One GenAI skill",
    "genai_two_plus": "Two or more GenAI skills",
}

OUT_SKILL_PREMIUMS: Final = Mart(
    name="out_skill_premiums",
    grain="one row per skill_id x segment ('all', 'role_family=<rf>', 'country=<cc>')",
    keys=("skill_id", "segment"),
    read_order=(),
    thresholds=(
        Threshold("min_with", 30, "paid postings naming the skill, at least"),
        Threshold("min_without", 30, "paid postings not naming it, at least"),
        Threshold("min_companies", 10, "companies among the postings naming it, at least"),
    ),
    columns=(
        Column("skill_id", "text", "", "canonical skill id, or 'genai'", read="required"),
        Column("segment", "text", "", "'all' or '<dimension>=<value>'", read="required"),
        Column(
            "premium_adj_pct",
            "number",
            "",
            "exp(beta)-1 from OLS of log pay on the skill flag with fixed effects role x "
            "seniority, place, month (percent); null when suppressed",
            read="required",
        ),
        Column(
            "premium_adj_lo",
            "number",
            "percent",
            "95% lower bound, company-clustered errors (percent)",
            read="required",
        ),
        Column("premium_adj_hi", "number", "percent", "95% upper bound (percent)", read="required"),
        Column(
            "raw_gap_pct",
            "number",
            "percent",
            "median pay with / median pay without - 1 (percent)",
            read="required",
        ),
        Column(
            "n_with",
            "integer",
            "count",
            "paid postings naming the skill (count)",
            read="required",
        ),
        Column(
            "n_without",
            "integer",
            "count",
            "paid postings not naming it (count)",
            read="required",
        ),
        Column(
            "n_companies", "integer", "count", "companies among n_with (count)", read="required"
        ),
        Column(
            "is_suppressed",
            "boolean",
            "",
            "true below 30 postings either side or 10 companies",
            read="required",
        ),
        Column("suppressed_reason", "text", "", "why the estimate is suppressed", read="required"),
        Column(
            "beta",
            "number",
            "log points",
            "OLS coefficient on the skill flag (log points)",
            read="published",
        ),
        Column("se", "number", "", "company-clustered standard error of beta", read="published"),
        Column(
            "median_with",
            "number",
            "",
            "median annual USD midpoint pay with the skill",
            read="published",
        ),
        Column(
            "median_without",
            "number",
            "",
            "median annual USD midpoint pay without it",
            read="published",
        ),
        Column(
            "premium_joint_pct",
            "number",
            "percent",
            "exp(beta)-1 from one regression on every supported skill and the genai flag, "
            "same fixed effects: the skill's own premium holding the others fixed (genai row:"
            " holding the non-GenAI skills fixed) (percent)",
            read="optional",
        ),
        Column(
            "premium_joint_lo",
            "number",
            "percent",
            "95% lower bound of the joint estimate (percent)",
            read="optional",
        ),
        Column(
            "premium_joint_hi",
            "number",
            "percent",
            "95% upper bound of the joint estimate (percent)",
            read="optional",
        ),
        Column(
            "beta_joint",
            "number",
            "log points",
            "joint-model coefficient (log points)",
            read="published",
        ),
        Column(
            "se_joint",
            "number",
            "",
            "company-clustered standard error of beta_joint",
            read="published",
        ),
        Column(
            "joint_note",
            "text",
            "",
            "why the joint estimate is missing (suppressed, collinear)",
            read="published",
        ),
        Column(
            "premium_within_pct",
            "number",
            "percent",
            "exp(beta)-1 with company fixed effects added: the premium between postings of "
            "the same employer (percent)",
            read="optional",
        ),
        Column(
            "premium_within_lo",
            "number",
            "percent",
            "95% lower bound of the within-company estimate (percent)",
            read="optional",
        ),
        Column(
            "premium_within_hi",
            "number",
            "percent",
            "95% upper bound of the within-company estimate (percent)",
            read="optional",
        ),
        Column(
            "n_companies_both",
            "integer",
            "count",
            "companies posting both with and without the skill (count)",
            read="optional",
        ),
        Column(
            "within_note",
            "text",
            "",
            "why the within-company estimate is missing",
            read="published",
        ),
    ),
)

OUT_PREMIUM_LADDER: Final = Mart(
    name="out_premium_ladder",
    grain="one row per skill_id x rung (0-6, PREMIUM_RUNGS): 'genai', every supported skill, "
    "and the GenAI-intensity contrasts 'genai_one' / 'genai_two_plus' (postings naming one /"
    " two or more GenAI skills vs none); one sample for every rung: paid postings with every"
    " control known (company, place, month, title)",
    keys=("skill_id", "rung"),
    read_order=("skill_id", "rung"),
    thresholds=(
        Threshold("min_with", 30, "sample postings naming the skill, at least"),
        Threshold("min_without", 30, "sample postings not naming it, at least"),
        Threshold("min_companies", 10, "companies among the postings naming it, at least"),
        Threshold(
            "min_companies_both",
            10,
            "rung 5 (within company): companies posting both with and without, at least",
        ),
        Threshold(
            "min_titles_both",
            10,
            "rung 6 (within title): normalized titles posted both with and without the skill"
            ", at least",
        ),
    ),
    columns=(
        Column(
            "skill_id",
            "text",
            "",
            "canonical skill id, 'genai', or 'genai_one' / 'genai_two_plus' (vs no GenAI)",
            read="required",
        ),
        Column("rung", "integer", "", "0-6, the controls in PREMIUM_RUNGS", read="required"),
        Column("rung_label", "text", "", "short name of the rung", read="required"),
        Column("controls", "text", "", "what the comparison holds fixed", read="required"),
        Column(
            "premium_pct",
            "number",
            "percent",
            "rung 0: median pay with / without - 1; rungs 1-6: exp(beta)-1 from OLS of log "
            "pay on the flag with the rung's fixed effects (percent); null when not estimated",
            read="required",
        ),
        Column(
            "premium_lo",
            "number",
            "percent",
            "95% lower bound, company-clustered (rung 0: influence function of the medians)",
            read="required",
        ),
        Column("premium_hi", "number", "percent", "95% upper bound (percent)", read="required"),
        Column(
            "beta",
            "number",
            "log points",
            "log(1 + premium): rung 0 the log ratio of medians, else the OLS coefficient",
            read="published",
        ),
        Column("se", "number", "log points", "company-clustered standard error of beta"),
        Column(
            "n_postings",
            "integer",
            "count",
            "postings in the sample (the same at every rung) (count)",
            read="required",
        ),
        Column("n_with", "integer", "count", "sample postings with the flag", read="required"),
        Column(
            "n_without",
            "integer",
            "count",
            "sample postings without it (contrasts: naming no GenAI skill)",
            read="required",
        ),
        Column(
            "n_companies", "integer", "count", "companies among n_with (count)", read="required"
        ),
        Column(
            "n_companies_both",
            "integer",
            "count",
            "companies posting both with and without (identify rung 5) (count)",
            read="required",
        ),
        Column(
            "n_titles_both",
            "integer",
            "count",
            "normalized titles posted both with and without (identify rung 6) (count)",
            read="required",
        ),
        Column(
            "is_estimated",
            "boolean",
            "",
            "false below the thresholds, or where the rung leaves no variation",
            read="required",
        ),
        Column("note", "text", "", "why the rung is not estimated", read="required"),
    ),
)

OUT_PREMIUM_DECOMPOSITION: Final = Mart(
    name="out_premium_decomposition",
    grain="one row per skill_id x control group (PREMIUM_CONTROLS) of the skill's full model"
    ", plus control 'total': Gelbach (2016) decomposition of the drop from rung 1 (no "
    "controls) to the highest estimated rung",
    keys=("skill_id", "control"),
    read_order=("skill_id",),
    columns=(
        Column("skill_id", "text", "", "canonical skill id or 'genai'", read="required"),
        Column(
            "control",
            "text",
            "",
            "role_level | place | month | company | title | total",
            read="required",
        ),
        Column("control_label", "text", "", "readable name of the control", read="required"),
        Column(
            "rung_to",
            "integer",
            "",
            "the full model's rung (6, else 5, else 4) (the drop is from rung 1)",
            read="required",
        ),
        Column(
            "contribution_log_pts",
            "number",
            "log points x 100",
            "100 x delta: how much of the drop in 100 x beta the control accounts for "
            "(order-independent; parts sum to the total exactly)",
            read="required",
        ),
        Column(
            "contribution_lo",
            "number",
            "log points x 100",
            "95% lower bound, company-clustered",
            read="required",
        ),
        Column(
            "contribution_hi",
            "number",
            "log points x 100",
            "95% upper bound, company-clustered",
            read="required",
        ),
        Column("se_log_pts", "number", "log points x 100", "standard error of the part"),
        Column(
            "contribution_pct_pts",
            "number",
            "percentage points",
            "the drop in premium_pct from rung 1 to rung_to split in proportion to the parts"
            " (sums to the drop exactly)",
            read="required",
        ),
        Column(
            "share_of_drop",
            "number",
            "0-1",
            "the part / the total drop (may be negative or above 1)",
            read="required",
        ),
        Column(
            "premium_from_pct",
            "number",
            "percent",
            "rung 1 premium (no controls) (percent)",
            read="required",
        ),
        Column(
            "premium_to_pct",
            "number",
            "percent",
            "the full model's premium (percent)",
            read="required",
        ),
        Column("n_postings", "integer", "count", "postings in the sample", read="required"),
        Column("note", "text", "", "how the part is defined", read="required"),
    ),
)

OUT_PREMIUM_SAMPLE: Final = Mart(
    name="out_premium_sample",
    grain="one row per posting in the ladder's sample (paid, every control known): what "
    "the drill-down behind a rung needs beside out_postings",
    keys=("posting_id",),
    read_order=(),
    columns=(
        Column("posting_id", "text", "", "canonical posting id", read="required"),
        Column(
            "pay_mid_annual_usd",
            "number",
            "USD / year",
            "advertised pay midpoint, annual USD",
            read="required",
        ),
        Column(
            "title_key",
            "text",
            "",
            "normalized title (lower case, accents folded): rung 6's fixed effect",
            read="required",
        ),
        Column(
            "n_genai_skills",
            "integer",
            "count",
            "GenAI skills the posting names (count)",
            read="required",
        ),
    ),
)
