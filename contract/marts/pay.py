"""Pay bands by role, level and place, and each paid posting behind them.

May import: the standard library, `contract.marts.records` and `contract.vocab`.
"""

from __future__ import annotations

from typing import Final

from contract.marts.records import Column, Mart, Threshold
from contract.vocab import PAY_PERIODS

OUT_PAY_BANDS: Final = Mart(
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
        Column("n_companies", "integer", "count", "companies among them (count)", read="required"),
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
)

OUT_POSTING_PAY: Final = Mart(
    name="out_posting_pay",
    grain="one row per canonical posting with advertised pay (its pay, the equity, bonus and "
    "commission it lists beside it, and the pay-band places it counts in; for the pay-band "
    "postings view and the drill-down)",
    keys=("posting_id",),
    read_order=("posted_date",),
    columns=(
        Column("posting_id", "text", "", "canonical posting id (out_postings)", read="required"),
        Column("posted_date", "date", "date", "first posted (date)", read="required"),
        Column("currency", "text", "", "ISO 4217 currency of the advertised pay", read="required"),
        Column(
            "pay_period",
            "text",
            "",
            f"{', '.join(PAY_PERIODS[:-1])} or {PAY_PERIODS[-1]}, as advertised",
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
        *[
            Column(
                f"offers_{kind}",
                "boolean",
                "",
                f"the posting lists {what} beside base pay (never added to it); null where the "
                "source lists no pay components",
                read="optional",
            )
            for kind, what in (
                ("equity", "equity (a percent or a cash value, amount or not)"),
                ("bonus", "a bonus"),
                ("commission", "a commission"),
            )
        ],
        Column(
            "equity_pct_min",
            "number",
            "percent",
            "equity grant, lower end, in percent of the company as advertised (0.05 = 0.05%)",
            read="optional",
        ),
        Column("equity_pct_max", "number", "percent", "equity grant, upper end", read="optional"),
        *[
            Column(
                f"{prefix}_{end}_annual",
                "number",
                "currency per year",
                f"{what}, {'lower' if end == 'min' else 'upper'} end per year in the posting's "
                "currency (null where not given or in another currency than base pay)",
                read="optional",
            )
            for prefix, what in (
                ("bonus", "bonus"),
                ("commission", "commission (at target)"),
                ("equity_value", "equity grant's cash value"),
            )
            for end in ("min", "max")
        ],
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
)
