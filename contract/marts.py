"""One record per published table: its grain, key columns, columns (kind, unit, description),
suppression thresholds and the order the build writes its rows in.

Every other statement of a mart's shape derives from `MARTS`: the snapshot manifest, the grain
checks, publish's sort order and schema check, the read API's views and column checks, the "Data
& methods" page and the README's marts table (`skillmarket docs --write`).

Column kinds: text, integer, number (integer or float), boolean, date, text_list.
`read` says what the app's read API needs of a column: `required` (a snapshot without it is
refused), `optional` (read when present, else `read_default` or null: snapshots built before
the column existed), `published` (written by the build, not read by the app).

May import: the standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, Literal

ColumnKind = Literal["text", "integer", "number", "boolean", "date", "text_list"]
ReadNeed = Literal["required", "optional", "published"]


@dataclass(frozen=True)
class Column:
    name: str
    kind: ColumnKind
    unit: str  # percent, count, 0-1, ratio, points, log points, date, ... ("" where none)
    description: str
    read: ReadNeed = "published"
    read_default: str | None = None  # value an older snapshot's missing optional column reads


@dataclass(frozen=True)
class Threshold:
    name: str
    value: float
    meaning: str


@dataclass(frozen=True)
class Mart:
    name: str
    grain: str
    keys: tuple[str, ...]  # unique together (checked after publish); () = not checked
    read_order: tuple[str, ...]  # sort order publish writes the rows in (() = as built)
    columns: tuple[Column, ...]
    thresholds: tuple[Threshold, ...] = field(default=())

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.name} has no column {name!r}")

    def threshold(self, name: str) -> float:
        for threshold in self.thresholds:
            if threshold.name == name:
                return threshold.value
        raise KeyError(f"{self.name} has no threshold {name!r}")

    def threshold_int(self, name: str) -> int:
        return int(self.threshold(name))


MARTS: Final[tuple[Mart, ...]] = (
    Mart(
        name="out_skill_demand_monthly",
        grain="one row per month x skill_id x slice; a slice fixes role_family, seniority, "
        "country, state, metro_code and source, each 'all' unless the slice varies it: role"
        " family x country (v1 rows), seniority (x role family), US state, US metro, source",
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
    ),
    Mart(
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
            Column(
                "premium_adj_hi", "number", "percent", "95% upper bound (percent)", read="required"
            ),
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
            Column(
                "suppressed_reason", "text", "", "why the estimate is suppressed", read="required"
            ),
            Column(
                "beta",
                "number",
                "log points",
                "OLS coefficient on the skill flag (log points)",
                read="published",
            ),
            Column(
                "se", "number", "", "company-clustered standard error of beta", read="published"
            ),
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
    ),
    Mart(
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
            Threshold(
                "title_rung_skills",
                40,
                "rung 6 is solved iteratively, per skill: computed for 'genai', the GenAI-"
                "intensity contrasts and this many skills named by most sample postings",
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
    ),
    Mart(
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
    ),
    Mart(
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
    ),
    Mart(
        name="out_pay_bands",
        grain="one row per role_family x seniority x place_level x place_id x window (last_12m: "
        "the 12 months ending with the data; prior_12m: the 12 before)",
        keys=("role_family", "seniority", "place_level", "place_id", "window"),
        read_order=(),
        thresholds=(
            Threshold("min_postings", 20, "paid postings behind a band, at least"),
            Threshold("min_companies", 5, "companies behind a band, at least"),
            Threshold("shrink_k", 20, "pseudo-postings of the parent median in p50_shrunk"),
            Threshold("bootstrap_replicates", 200, "company-bootstrap replicates per band"),
            Threshold("bootstrap_seed", 20261, "seed of the company bootstrap (with the cell key)"),
            Threshold("confidence_high_postings", 100, "postings behind a 'high' band, at least"),
            Threshold("confidence_high_companies", 20, "companies behind a 'high' band, at least"),
            Threshold("confidence_medium_postings", 50, "postings behind a 'medium' band"),
            Threshold("confidence_medium_companies", 10, "companies behind a 'medium' band"),
            Threshold("recent_months", 6, "last months of the window that count as recent"),
            Threshold("min_recent_share", 0.25, "recent share below which confidence drops a step"),
        ),
        columns=(
            Column("role_family", "text", "", "role family", read="required"),
            Column("seniority", "text", "", "seniority level", read="required"),
            Column(
                "place_level",
                "text",
                "",
                "metro (a US metro area, or a city elsewhere) | state (a state or region) | "
                "country | all",
                read="required",
            ),
            Column(
                "place_id",
                "text",
                "",
                "OEWS metro code (US) or '<CC>:<city>', '<CC>-<region>' ('US-CA', 'IN-KA'), "
                "ISO alpha-2 country, or 'all'",
                read="required",
            ),
            Column("place_name", "text", "", "readable place name", read="required"),
            Column(
                "currency",
                "text",
                "",
                "ISO 4217 currency of p10..p90: the country's main currency (USD at level all)",
                read="required",
            ),
            Column(
                "p10",
                "number",
                "local currency",
                "10th percentile of advertised annual pay, range-aware (local currency)",
                read="required",
            ),
            Column(
                "p25",
                "number",
                "local currency per year",
                "25th percentile (local currency per year)",
                read="required",
            ),
            Column(
                "p50",
                "number",
                "local currency per year",
                "median (local currency per year)",
                read="required",
            ),
            Column(
                "p75",
                "number",
                "local currency per year",
                "75th percentile (local currency per year)",
                read="required",
            ),
            Column(
                "p90",
                "number",
                "local currency per year",
                "90th percentile (local currency per year)",
                read="required",
            ),
            Column(
                "p50_shrunk",
                "number",
                "",
                "median shrunk toward the parent level, k = 20",
                read="published",
            ),
            Column(
                "p10_usd",
                "number",
                "USD per year",
                "10th percentile of the same postings in USD (each at its month's rate)",
                read="optional",
            ),
            Column("p25_usd", "number", "USD per year", "25th percentile in USD", read="optional"),
            Column("p50_usd", "number", "USD per year", "median in USD", read="required"),
            Column("p75_usd", "number", "USD per year", "75th percentile in USD", read="optional"),
            Column("p90_usd", "number", "USD per year", "90th percentile in USD", read="optional"),
            *[
                Column(
                    f"{percentile}_{end}",
                    "number",
                    "local currency per year",
                    f"{'lower' if end == 'lo' else 'upper'} 95% bound of {percentile.upper()}: "
                    "bootstrap over companies (null in the prior window)",
                    read="optional",
                )
                for percentile in ("p10", "p25", "p50", "p75", "p90")
                for end in ("lo", "hi")
            ],
            Column(
                "n_postings",
                "integer",
                "count",
                "paid postings in the cell itself, any currency (count)",
                read="required",
            ),
            Column(
                "n_companies", "integer", "count", "companies among them (count)", read="required"
            ),
            Column(
                "is_suppressed",
                "boolean",
                "",
                "true when neither the place nor a coarser place of its country has 20 postings "
                "from 5 companies in its currency",
                read="required",
            ),
            Column(
                "rollup_level",
                "text",
                "",
                "the level whose postings the percentiles come from",
                read="required",
            ),
            Column(
                "shown_place_id",
                "text",
                "",
                "the place whose postings the percentiles come from",
                read="optional",
            ),
            Column(
                "shown_n_postings",
                "integer",
                "count",
                "paid postings behind the percentiles shown, in the band's currency (count)",
                read="optional",
            ),
            Column(
                "shown_n_companies",
                "integer",
                "count",
                "companies behind the percentiles shown (count)",
                read="optional",
            ),
            Column(
                "confidence",
                "text",
                "",
                "high | medium | low: from the band's n, companies and recent share",
                read="optional",
            ),
            Column(
                "recent_share",
                "number",
                "0-1",
                "share of the band's postings first posted in its last `recent_months` months",
                read="optional",
            ),
            Column(
                "window",
                "text",
                "",
                "last_12m | prior_12m",
                read="optional",
                read_default="last_12m",
            ),
            Column("window_start", "date", "", "first posting date in the window", read="optional"),
            Column("window_end", "date", "", "last posting date in the window", read="optional"),
            Column(
                "oews_soc_code",
                "text",
                "",
                "SOC occupation mapped from the role family (OEWS)",
                read="optional",
            ),
            Column("oews_area_code", "text", "", "OEWS area matching the place", read="optional"),
            Column(
                "oews_p10_annual",
                "number",
                "USD",
                "OEWS incumbent 10th percentile annual wage (USD)",
                read="optional",
            ),
            Column(
                "oews_p50_annual",
                "number",
                "USD",
                "OEWS incumbent median annual wage (USD)",
                read="optional",
            ),
            Column(
                "oews_p90_annual",
                "number",
                "USD",
                "OEWS incumbent 90th percentile annual wage (USD)",
                read="optional",
            ),
            Column(
                "h1b_n",
                "integer",
                "count",
                "certified full-time H-1B LCA cases for the mapped SOC and place (count; 0 when "
                "no disclosure file is loaded)",
                read="optional",
            ),
            Column(
                "h1b_p10_annual",
                "number",
                "USD",
                "10th percentile of H-1B offered wages, annualized (USD; null below 10 cases)",
                read="optional",
            ),
            Column(
                "h1b_p50_annual",
                "number",
                "USD",
                "median H-1B offered wage, annualized (USD)",
                read="optional",
            ),
            Column(
                "h1b_p90_annual",
                "number",
                "USD",
                "90th percentile of H-1B offered wages, annualized (USD)",
                read="optional",
            ),
        ),
    ),
    Mart(
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
            Column(
                "inverse_band", "text", "", "Lightcast band of the inverse ratio", read="optional"
            ),
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
    ),
    Mart(
        name="skills",
        grain="one row per skill in the taxonomy",
        keys=("skill_id",),
        read_order=(),
        columns=(
            Column("skill_id", "text", "", "canonical id", read="required"),
            Column("name", "text", "", "display name", read="required"),
            Column("category", "text", "", "taxonomy category", read="required"),
            Column(
                "is_genai", "boolean", "", "counts toward the GenAI pseudo-skill", read="required"
            ),
        ),
    ),
    Mart(
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
            Column(
                "share_recent_pct", "number", "percent", "recent share (percent)", read="required"
            ),
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
    ),
    Mart(
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
            Column(
                "premium_segment", "text", "", "segment the premium comes from", read="optional"
            ),
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
    ),
    Mart(
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
    ),
    Mart(
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
            Column(
                "role_family", "text", "", "role family ('other' when unknown)", read="required"
            ),
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
    ),
    Mart(
        name="out_posting_pay",
        grain="one row per canonical posting with advertised pay (its pay and the pay-band "
        "places it counts in; for the pay-band postings view and the drill-down)",
        keys=("posting_id",),
        read_order=("posted_date",),
        columns=(
            Column(
                "posting_id", "text", "", "canonical posting id (out_postings)", read="required"
            ),
            Column("posted_date", "date", "date", "first posted (date)", read="required"),
            Column(
                "currency", "text", "", "ISO 4217 currency of the advertised pay", read="required"
            ),
            Column(
                "pay_period",
                "text",
                "",
                "hour, day, week, month or year, as advertised",
                read="optional",
            ),
            Column(
                "pay_min",
                "number",
                "currency per period",
                "lower end as advertised",
                read="optional",
            ),
            Column(
                "pay_max",
                "number",
                "currency per period",
                "upper end as advertised",
                read="optional",
            ),
            Column(
                "pay_min_annual",
                "number",
                "currency per year",
                "lower end per year in the posting's currency",
                read="required",
            ),
            Column(
                "pay_max_annual",
                "number",
                "currency per year",
                "upper end per year in the posting's currency",
                read="required",
            ),
            Column(
                "pay_min_annual_usd",
                "number",
                "USD per year",
                "lower end per year in USD (the posting month's rate)",
                read="required",
            ),
            Column(
                "pay_max_annual_usd",
                "number",
                "USD per year",
                "upper end per year in USD",
                read="required",
            ),
            Column(
                "pay_source", "text", "", "structured field or text, as normalized", read="optional"
            ),
            Column(
                "pay_kind",
                "text",
                "",
                "base | ote | total (on-target or total compensation: never in a base band)",
                read="optional",
            ),
            Column(
                "metro_place_id",
                "text",
                "",
                "pay-band metro place: OEWS metro code (US) or '<CC>:<city>'",
                read="required",
            ),
            Column(
                "state_place_id",
                "text",
                "",
                "pay-band state place: '<CC>-<region>'",
                read="required",
            ),
            Column("country_place_id", "text", "", "ISO alpha-2 country", read="required"),
        ),
    ),
    Mart(
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
    ),
    Mart(
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
    ),
    Mart(
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
            Column(
                "n_companies", "integer", "count", "distinct employers (count)", read="required"
            ),
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
    ),
    Mart(
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
            Column(
                "n_postings", "integer", "count", "postings in the data (count)", read="required"
            ),
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
    ),
    Mart(
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
    ),
    Mart(
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
            Column(
                "skill_id", "text", "", "skill on skill_share rows, else 'all'", read="required"
            ),
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
    ),
)


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


# Countries out_coverage_gaps checks the crawl against: large ML/AI hiring markets, ISO alpha-2.
COVERAGE_COUNTRIES: Final[tuple[str, ...]] = (
    "US", "IN", "GB", "DE", "CA", "FR", "NL", "CN", "SG", "AU",
    "IL", "JP", "BR", "ES", "IE", "CH", "SE", "PL", "KR", "AE",
)  # fmt: skip


MART_BY_NAME: Final = {mart.name: mart for mart in MARTS}
PUBLISHED_TABLES: Final[tuple[str, ...]] = tuple(MART_BY_NAME)


def mart(name: str) -> Mart:
    """The record of the published table `name`; a KeyError names the known tables."""
    try:
        return MART_BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown mart {name!r} (known: {', '.join(MART_BY_NAME)})") from None
