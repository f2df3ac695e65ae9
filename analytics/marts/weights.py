"""`out_weight_cells` and `out_weighted_figures`: optional post-stratification of US postings to
the OEWS employment mix by occupation × state, and the shares and pay percentiles it changes,
each beside its unweighted figure (never silently).

Job-board crawls over-represent startups and tech hubs: a posting in a cell (primary SOC of its
role family × US state) the crawl over-samples stands for fewer jobs. Weights:
1. Universe: US postings with a state and a role family the crosswalk maps (primary SOC).
2. Cells: OEWS state employment of those occupations. A cell with fewer than
   `min_cell_postings` postings is collapsed with its occupation's other small cells into one
   weighting cell ('<soc>:small states') holding their employment.
3. Target shares keep each occupation's national employment share exactly: occupation share
   (among occupations with postings) × the cell's share of its occupation's weighting cells.
   A small-states pool without any posting leaves its employment to the occupation's other
   cells (status 'no postings'); an occupation without postings cannot be represented: its
   employment is left out and the others renormalized (status 'not represented').
4. Weight = target share / posting share of the cell, trimmed to [1/r, r] (r =
   `max_weight_ratio`; the mean weight is 1), then renormalized to mean 1 (one pass).

Figures (US universe): role-family shares and skill shares (percent, Wilson 95% interval;
weighted: the interval from the Kish effective sample size) and base-pay P25/P50/P75 by role
family (USD per year, midpoint of the advertised range, ote/total pay left out; the percentile
is the smallest pay with at least p of the weight at or below it; Woodruff 95% interval from
the quantiles at p ± 1.96·sqrt(p(1-p)/n), with n effective for the weighted one). Pay rows with
fewer than `thin_postings` postings (out_coverage_gaps) are published empty with their n.

May import: polars, us, `contract`, `analytics.stats`, `analytics.marts.demand` (genai flags).
"""

from __future__ import annotations

import polars as pl
import us

from analytics.marts.demand import posting_skill_flags
from analytics.stats.intervals import Z95, wilson_interval
from contract.marts import mart
from contract.vocab import ALL, PAY_KINDS

_CELLS = mart("out_weight_cells")
MIN_CELL_POSTINGS = _CELLS.threshold_int("min_cell_postings")
MAX_WEIGHT_RATIO = _CELLS.threshold("max_weight_ratio")
MIN_PAY_POSTINGS = mart("out_coverage_gaps").threshold_int("thin_postings")
PAY_PERCENTILES = {"pay_p25": 0.25, "pay_p50": 0.50, "pay_p75": 0.75}
NOT_BASE_PAY = tuple(kind for kind in PAY_KINDS if kind != "base")
CELL_SCHEMA = {
    "soc_code": pl.String,
    "soc_title": pl.String,
    "role_families": pl.String,
    "state": pl.String,
    "employment": pl.Float64,
    "employment_share": pl.Float64,
    "n_postings": pl.Int64,
    "posting_share": pl.Float64,
    "weight_cell": pl.String,
    "weight": pl.Float64,
    "status": pl.String,
}
FIGURE_SCHEMA = {
    "figure": pl.String,
    "role_family": pl.String,
    "skill_id": pl.String,
    "unit": pl.String,
    "unweighted": pl.Float64,
    "unweighted_lo": pl.Float64,
    "unweighted_hi": pl.Float64,
    "weighted": pl.Float64,
    "weighted_lo": pl.Float64,
    "weighted_hi": pl.Float64,
    "n_postings": pl.Int64,
    "effective_n": pl.Float64,
    "weighting": pl.String,
}


def weighting_label(benchmarks: pl.DataFrame) -> str:
    release = benchmarks["release"].max() if "release" in benchmarks.columns else None
    suffix = f", OEWS {release}" if release else ""
    return f"weighted to OEWS employment (occupation x US state{suffix})"


def _employment_cells(benchmarks: pl.DataFrame, crosswalk: pl.DataFrame) -> pl.DataFrame:
    primary = crosswalk.filter(pl.col("soc_rank") == 1)
    families = primary.group_by("soc_code").agg(
        pl.col("role_family").sort().str.join(", ").alias("role_families")
    )
    states = pl.DataFrame(
        [(s.fips, s.abbr) for s in us.states.STATES_AND_TERRITORIES if s.fips],
        schema=["state_code", "state"],
        orient="row",
    )
    return (
        benchmarks.filter((pl.col("area_type") == "state") & (pl.col("employment") > 0))
        .join(families, on="soc_code")
        .join(states, on="state_code")
        .group_by("soc_code", "state")
        .agg(
            pl.col("soc_title").first(),
            pl.col("role_families").first(),
            pl.col("employment").sum(),
        )
    )


def _universe(postings: pl.DataFrame, crosswalk: pl.DataFrame) -> pl.DataFrame:
    primary = crosswalk.filter(pl.col("soc_rank") == 1).select("role_family", "soc_code")
    return (
        postings.filter((pl.col("country") == "US") & pl.col("region").is_not_null())
        .join(primary, on="role_family")
        .select("posting_id", "role_family", "soc_code", pl.col("region").alias("state"), *_PAY)
    )


_PAY = ("pay_min_annual_usd", "pay_max_annual_usd", "pay_kind")


def weight_cells(
    postings: pl.DataFrame,
    benchmarks: pl.DataFrame,
    crosswalk: pl.DataFrame,
    min_cell: int = MIN_CELL_POSTINGS,
    max_ratio: float = MAX_WEIGHT_RATIO,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(out_weight_cells, the weighted universe: posting_id, role_family, state, pay columns,
    weight)."""
    for column in _PAY:
        if column not in postings.columns:
            postings = postings.with_columns(pl.lit(None).alias(column))
    cells = _employment_cells(benchmarks, crosswalk)
    universe = _universe(postings, crosswalk).join(
        cells.select("soc_code", "state"), on=["soc_code", "state"]
    )
    if cells.height == 0 or universe.height == 0:
        empty = universe.with_columns(pl.lit(None, pl.Float64).alias("weight")).head(0)
        return pl.DataFrame(schema=CELL_SCHEMA), empty
    n_total = universe.height
    counts = universe.group_by("soc_code", "state").agg(pl.len().cast(pl.Int64).alias("n_postings"))
    table = (
        cells.join(counts, on=["soc_code", "state"], how="left")
        .with_columns(pl.col("n_postings").fill_null(0))
        .with_columns(
            pl.when(pl.col("n_postings") >= min_cell)
            .then(pl.col("soc_code") + ":" + pl.col("state"))
            .otherwise(pl.col("soc_code") + ":small states")
            .alias("weight_cell"),
            (pl.col("n_postings").sum().over("soc_code") > 0).alias("_soc_has_postings"),
        )
    )
    pooled = table.group_by("soc_code", "weight_cell").agg(
        pl.col("employment").sum().alias("_cell_employment"),
        pl.col("n_postings").sum().alias("_cell_postings"),
    )
    represented = pooled.filter(pl.col("_cell_postings") > 0)
    soc_totals = (
        table.filter(pl.col("_soc_has_postings"))
        .group_by("soc_code")
        .agg(pl.col("employment").sum().alias("_soc_employment"))
    )
    soc_share = soc_totals.with_columns(
        (pl.col("_soc_employment") / pl.col("_soc_employment").sum()).alias("_soc_share")
    )
    targets = (
        represented.join(soc_share, on="soc_code")
        .with_columns(
            (
                pl.col("_soc_share")
                * pl.col("_cell_employment")
                / pl.col("_cell_employment").sum().over("soc_code")
            ).alias("_target"),
            (pl.col("_cell_postings") / n_total).alias("_posting_share"),
        )
        .with_columns((pl.col("_target") / pl.col("_posting_share")).alias("_raw"))
        .with_columns(
            pl.col("_raw").clip(1.0 / max_ratio, max_ratio).alias("_trimmed"),
        )
    )
    norm = n_total / (targets["_trimmed"] * targets["_cell_postings"]).sum()
    targets = targets.with_columns(
        (pl.col("_trimmed") * norm).alias("weight"),
        ((pl.col("_raw") - pl.col("_trimmed")).abs() > 1e-12).alias("_was_trimmed"),
    )
    table = table.join(
        targets.select("weight_cell", "weight", "_was_trimmed"), on="weight_cell", how="left"
    )
    own = pl.col("weight_cell").str.ends_with(":small states").not_()
    status = (
        pl.when(~pl.col("_soc_has_postings"))
        .then(pl.lit("not represented"))
        .when(pl.col("weight").is_null())
        .then(pl.lit("no postings"))
        .when(own)
        .then(pl.lit("own cell"))
        .otherwise(pl.lit("collapsed"))
    )
    trimmed = pl.when(pl.col("_was_trimmed").fill_null(False)).then(pl.lit(" (trimmed)"))
    out = table.with_columns(
        (pl.col("employment") / pl.col("employment").sum()).alias("employment_share"),
        (pl.col("n_postings") / n_total).alias("posting_share"),
        (status + trimmed.otherwise(pl.lit(""))).alias("status"),
        pl.when(pl.col("weight").is_null())
        .then(None)
        .otherwise(pl.col("weight_cell"))
        .alias("weight_cell"),
    )
    weighted = universe.join(
        out.select("soc_code", "state", "weight"), on=["soc_code", "state"], how="left"
    )
    return (
        out.cast(CELL_SCHEMA).select(list(CELL_SCHEMA)).sort("soc_code", "state"),  # type: ignore[arg-type]
        weighted.select("posting_id", "role_family", "state", *_PAY, "weight"),
    )


def _share_rows(
    frame: pl.DataFrame, n: int, total_w: float, sum_w2: float, figure: str
) -> pl.DataFrame:
    """Share figures from per-subject counts (`_n`) and weight sums (`_w`)."""
    n_eff = total_w**2 / sum_w2 if sum_w2 > 0 else 0.0
    lo, hi = wilson_interval(pl.col("_n"), pl.lit(float(n)))
    p_w = pl.col("_w") / total_w
    wlo, whi = wilson_interval(p_w * n_eff, pl.lit(n_eff))
    return frame.select(
        pl.lit(figure).alias("figure"),
        "role_family",
        "skill_id",
        pl.lit("percent").alias("unit"),
        (100 * pl.col("_n") / n).alias("unweighted"),
        (100 * lo).alias("unweighted_lo"),
        (100 * hi).alias("unweighted_hi"),
        (100 * p_w).alias("weighted"),
        (100 * wlo).alias("weighted_lo"),
        (100 * whi).alias("weighted_hi"),
        pl.lit(n, pl.Int64).alias("n_postings"),
        pl.lit(n_eff).alias("effective_n"),
    )


def _quantiles(
    frame: pl.DataFrame, groups: list[str], value: str, weight: str, targets: pl.DataFrame
) -> pl.DataFrame:
    """Per group and target row (`_name`, `_p`): the smallest `value` with at least `_p` of
    the group's `weight` at or below it."""
    ranked = frame.sort(*groups, value).with_columns(
        pl.col(weight).cum_sum().over(groups).alias("_cum"),
        pl.col(weight).sum().over(groups).alias("_tot"),
    )
    return (
        ranked.join(targets, on=groups)
        .filter(pl.col("_cum") >= pl.col("_p").clip(0.0, 1.0) * pl.col("_tot") - 1e-9)
        .group_by(*groups, "_name")
        .agg(pl.col(value).first())
    )


def _pay_rows(weighted: pl.DataFrame) -> pl.DataFrame:
    paid = weighted.filter(
        pl.col("pay_min_annual_usd").is_not_null()
        & ~pl.col("pay_kind").fill_null("base").is_in(NOT_BASE_PAY)
    ).with_columns(
        (
            (
                pl.col("pay_min_annual_usd")
                + pl.col("pay_max_annual_usd").fill_null(pl.col("pay_min_annual_usd"))
            )
            / 2
        ).alias("_pay"),
        pl.lit(1.0).alias("_one"),
    )
    paid = pl.concat([paid, paid.with_columns(pl.lit(ALL).alias("role_family"))])
    stats = paid.group_by("role_family").agg(
        pl.len().cast(pl.Int64).alias("n_postings"),
        (pl.col("weight").sum() ** 2 / (pl.col("weight") ** 2).sum()).alias("effective_n"),
    )
    rows = []
    for figure, p in PAY_PERCENTILES.items():
        for kind, n_col in (("u", "n_postings"), ("w", "effective_n")):
            half = Z95 * (p * (1 - p) / pl.col(n_col)).sqrt()
            for part, prob in (("", pl.lit(p)), ("_lo", p - half), ("_hi", p + half)):
                rows.append(
                    stats.select(
                        "role_family",
                        pl.lit(f"{figure}|{kind}{part}").alias("_name"),
                        prob.cast(pl.Float64).alias("_p"),
                    )
                )
    targets = pl.concat(rows)
    unweighted = _quantiles(
        paid, ["role_family"], "_pay", "_one", targets.filter(pl.col("_name").str.contains(r"\|u"))
    )
    weighted_q = _quantiles(
        paid,
        ["role_family"],
        "_pay",
        "weight",
        targets.filter(pl.col("_name").str.contains(r"\|w")),
    )
    wide = (
        pl.concat([unweighted, weighted_q])
        .with_columns(pl.col("_name").str.split_exact("|", 1).alias("_parts"))
        .unnest("_parts")
        .rename({"field_0": "figure", "field_1": "_column"})
        .with_columns(
            pl.col("_column").str.replace(r"^u", "unweighted").str.replace(r"^w", "weighted")
        )
        .pivot(on="_column", index=["role_family", "figure"], values="_pay")
    )
    out = wide.join(stats, on="role_family").with_columns(
        pl.lit(ALL).alias("skill_id"), pl.lit("USD per year").alias("unit")
    )
    thin = pl.col("n_postings") < MIN_PAY_POSTINGS
    value_columns = [c for c in FIGURE_SCHEMA if c.startswith(("unweighted", "weighted"))]
    return out.with_columns(
        [pl.when(thin).then(None).otherwise(pl.col(c)).alias(c) for c in value_columns]
    )


def out_weighted_figures(
    weighted: pl.DataFrame,
    posting_skills: pl.DataFrame,
    genai_ids: frozenset[str],
    label: str,
) -> pl.DataFrame:
    """Role-family shares, skill shares and base-pay percentiles, unweighted and weighted."""
    usable = weighted.filter(pl.col("weight").is_not_null())
    if usable.height == 0:
        return pl.DataFrame(schema=FIGURE_SCHEMA)
    n = usable.height
    total_w = float(usable["weight"].sum())
    sum_w2 = float((usable["weight"] ** 2).sum())
    roles = usable.group_by("role_family").agg(
        pl.len().alias("_n"), pl.col("weight").sum().alias("_w")
    )
    flags = posting_skill_flags(posting_skills, genai_ids).join(
        usable.select("posting_id", "weight"), on="posting_id"
    )
    skills = flags.group_by("skill_id").agg(
        pl.len().alias("_n"), pl.col("weight").sum().alias("_w")
    )
    frames = [
        _share_rows(
            roles.with_columns(pl.lit(ALL).alias("skill_id")),
            n,
            total_w,
            sum_w2,
            "role_family_share",
        ),
        _share_rows(
            skills.with_columns(pl.lit(ALL).alias("role_family")), n, total_w, sum_w2, "skill_share"
        ),
        _pay_rows(usable),
    ]
    out = pl.concat(
        [
            f.with_columns(pl.lit(label).alias("weighting"))
            .cast(FIGURE_SCHEMA)
            .select(list(FIGURE_SCHEMA))
            for f in frames
        ]  # type: ignore[arg-type]
    )
    return out.sort("figure", "role_family", "skill_id")
