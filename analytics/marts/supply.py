"""`out_demand_supply`: open roles per available candidate, per skill or role family × place ×
90-day window.

Grain: skill_id × role_family × place_id × window_end × supply_source. Skill rows carry
role_family "all"; role-family rows carry skill_id "all". Demand D = new canonical postings
naming the skill (or any GenAI skill for `genai`), or in the role family, first posted in the
window, in the place. Supply S = talent-pool candidates with the skill (or whose profile is in
the role family) in the place who are open to work and whose profile was updated in the window
(`supply_source` = "talent_pool"). ratio = D / S with a 95% interval for a ratio of Poisson
counts; the inverse (candidates per opening) is read with Lightcast's bands. Places: "all",
each country (ISO2), each US state ("US-CA") and each US metro (OEWS code), named by
`place_level`. Location quotient: the
place's share of postings naming the skill over the same share across all places. Cells with
S = 0 keep D and a null ratio.

A second, separately labeled supply (`supply_source` = "oews_survey_estimate", US and US metros
only): S = OEWS employment of the SOC occupation(s) × prevalence × the share of workers
seeking a job within the window, 1 − (1 − SEEKING_RATE_ANNUAL)^(90/365). Role-family rows use
the role's primary SOC with prevalence 1 (several role families share 15-1252, so each sees
all of it); skill rows use the distinct primary SOCs of every role family × the share of
developer-survey respondents in the country naming the skill (latest survey year), and exist
only where a survey is loaded. The estimate has no sampling error of its own here: the
interval carries the Poisson error of D only.

Same universe or no ratio (`with_measurability`): posting counts are a sample of the market
unless the postings are a whole market (`Source.covers_market`: the simulated market). Against
the talent pool, demand and supply are the imported pool's and the crawl's own universe, and
the ratio is published; against the OEWS estimate (every job-seeker of the occupation in the
US) a crawl of a few hundred boards gives thousands of workers per posting everywhere, a
measure of the crawl's size: those rows keep demand and supply but their ratio, interval and
band are null, `is_measurable` false and `not_measurable_reason` says why.

Window length and count, the supply sources' names and the inverse bands come from `contract`
(`contract.marts` thresholds of `out_demand_supply`, `contract.vocab`).

May import: numpy, polars, scipy, `contract`, `analytics.stats` and `analytics.marts.demand`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import polars as pl
from scipy import sparse

from analytics.marts.demand import GENAI
from analytics.stats.intervals import Z95, poisson_ratio_interval
from contract.marts import mart
from contract.vocab import ALL, ESTIMATE_SUPPLY, INVERSE_BANDS, TALENT_POOL_SUPPLY

_CONTRACT = mart("out_demand_supply")
WINDOW_DAYS = _CONTRACT.threshold_int("window_days")
N_WINDOWS = _CONTRACT.threshold_int("n_windows")
DEMAND_SUPPLY_SCHEMA = {
    "skill_id": pl.String,
    "role_family": pl.String,
    "place_id": pl.String,
    "place_level": pl.String,
    "window_start": pl.Date,
    "window_end": pl.Date,
    "demand_n": pl.Int64,
    "supply_n": pl.Int64,
    "supply_source": pl.String,
    "ratio": pl.Float64,
    "ratio_lo": pl.Float64,
    "ratio_hi": pl.Float64,
    "inverse_ratio": pl.Float64,
    "inverse_band": pl.String,
    "location_quotient": pl.Float64,
    "is_measurable": pl.Boolean,
    "not_measurable_reason": pl.String,
}
EMPTY_TALENT_SCHEMA = {
    "candidate_id": pl.String,
    "skill_id": pl.String,
    "role_family": pl.String,
    "country": pl.String,
    "region": pl.String,
    "metro_code": pl.String,
    "open_to_work": pl.Boolean,
    "updated_date": pl.Date,
}
SEEKING_RATE_ANNUAL = 0.25  # share of workers who look for a new job within a year (mobility)
ESTIMATE_SOURCE = ESTIMATE_SUPPLY
US_NATIONAL_AREA = "0000000"


def window_ends(last: date, n: int = N_WINDOWS, days: int = WINDOW_DAYS) -> list[date]:
    return [last - timedelta(days=days * i) for i in range(n)]


def _places(frame: pl.DataFrame) -> pl.DataFrame:
    levels = [
        frame.with_columns(pl.lit(ALL).alias("place_id"), pl.lit(ALL).alias("place_level")),
        frame.filter(pl.col("country").is_not_null()).with_columns(
            pl.col("country").alias("place_id"), pl.lit("country").alias("place_level")
        ),
        frame.filter(pl.col("metro_code").is_not_null()).with_columns(
            pl.col("metro_code").alias("place_id"), pl.lit("metro").alias("place_level")
        ),
    ]
    if "region" in frame.columns:  # US states, "US-CA" as in the pay bands
        levels.append(
            frame.filter((pl.col("country") == "US") & pl.col("region").is_not_null()).with_columns(
                ("US-" + pl.col("region")).alias("place_id"), pl.lit("state").alias("place_level")
            )
        )
    return pl.concat(levels, how="vertical_relaxed")


def _region(frame: pl.DataFrame) -> list[str]:
    return ["region"] if "region" in frame.columns else []


def _subjects(
    skill_rows: pl.DataFrame, roles: pl.DataFrame, id_col: str, genai_ids: frozenset[str]
) -> pl.DataFrame:
    """id × (skill_id, role_family): each skill with role_family "all", the `genai` pseudo-skill,
    and each record's role family with skill_id "all"."""
    skills = skill_rows.select(id_col, "skill_id")
    genai = (
        skills.filter(pl.col("skill_id").is_in(list(genai_ids)))
        .select(id_col)
        .unique()
        .with_columns(pl.lit(GENAI).alias("skill_id"))
    )
    role_rows = roles.filter(pl.col("role_family").is_not_null()).select(
        id_col, pl.lit(ALL).alias("skill_id"), "role_family"
    )
    return pl.concat(
        [
            pl.concat([skills, genai]).with_columns(pl.lit(ALL).alias("role_family")),
            role_rows,
        ]
    )


def _inverse_band(inverse: pl.Expr) -> pl.Expr:
    expr = pl.when(inverse.is_null()).then(None)
    for upper, label in INVERSE_BANDS:
        expr = expr.when(inverse <= upper).then(pl.lit(label))
    return expr.otherwise(None)


DEMAND_KEYS = ["skill_id", "role_family", "place_id", "place_level"]


@dataclass(frozen=True)
class DemandCounts:
    """The demand side of `out_demand_supply`, every window at once: `demand` (window_end,
    skill_id, role_family, place_id, place_level, demand_n) and the postings of each place
    (`totals`: window_end, place_id, _n_place)."""

    demand: pl.DataFrame
    totals: pl.DataFrame


def _window_counts(
    placed: pl.DataFrame, subjects: pl.DataFrame, n_ids: int, ends: list[date], name: str
) -> pl.DataFrame:
    """`name`: how many ids fall in each window × place × subject. `placed` (_pid, _window,
    place_id, place_level) and `subjects` (_pid, skill_id, role_family) are on the same integer
    ids `_pid` (0 .. n_ids-1). Counted as one sparse product PᵀS of P (id × window-place) and S
    (id × subject), what a join of the two on the id grouped by window × place × subject
    gives: the windows do not overlap, and the counts are integers (the sum order cannot
    matter)."""
    places = placed.select("place_id", "place_level").unique().with_row_index("_place")
    placed = placed.join(places, on=["place_id", "place_level"])
    subject_codes = subjects.select("skill_id", "role_family").unique().with_row_index("_subject")
    subjects = subjects.join(subject_codes, on=["skill_id", "role_family"], nulls_equal=True)
    n_places = places.height
    cell = placed["_window"].to_numpy() * n_places + placed["_place"].to_numpy()
    window_places = sparse.csr_matrix(
        (np.ones(cell.size, dtype=np.int64), (placed["_pid"].to_numpy(), cell)),
        shape=(n_ids, len(ends) * n_places),
    )
    id_subjects = sparse.csr_matrix(
        (
            np.ones(subjects.height, dtype=np.int64),
            (subjects["_pid"].to_numpy(), subjects["_subject"].to_numpy()),
        ),
        shape=(n_ids, subject_codes.height),
    )
    counted = (window_places.T.tocsr() @ id_subjects).tocoo()
    window, place = np.divmod(counted.row.astype(np.int64), max(n_places, 1))
    end_of = pl.DataFrame({"_window": np.arange(len(ends)), "window_end": ends})
    return (
        pl.DataFrame(
            {
                "_window": window,
                "_place": pl.Series(place, dtype=pl.UInt32),
                "_subject": pl.Series(counted.col, dtype=pl.UInt32),
                name: pl.Series(counted.data, dtype=pl.Int64),
            }
        )
        .join(subject_codes, on="_subject")
        .join(places, on="_place")
        .join(end_of, on="_window")
        .select(*DEMAND_KEYS, name, "window_end")
    )


def _placed_in_windows(
    frame: pl.DataFrame, id_col: str, ends: list[date], in_window: Callable[[date], pl.Expr]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Each row of `frame` (id_col, country, metro_code, region) in every place of each window
    whose `in_window(end)` holds: (_pid, _window, place_id, place_level), and the ids' codes
    (id_col, _pid)."""
    columns = [id_col, "country", "metro_code", *_region(frame)]
    placed = _places(
        pl.concat(
            [
                frame.filter(in_window(end))
                .select(columns)
                .with_columns(pl.lit(i, dtype=pl.Int64).alias("_window"))
                for i, end in enumerate(ends)
            ]
        )
    ).select(id_col, "_window", "place_id", "place_level")
    ids = placed.select(id_col).unique().with_row_index("_pid")
    return placed.join(ids, on=id_col).drop(id_col), ids


def demand_counts(
    postings: pl.DataFrame, posting_skills: pl.DataFrame, genai_ids: frozenset[str], last: date
) -> DemandCounts:
    """Postings per subject (each skill, `genai`, each role family) × place and per place, in
    each window ending at `window_ends(last)` (group-bys another engine can make), counted by
    `_window_counts`."""
    ends = window_ends(last)
    placed, ids = _placed_in_windows(
        postings,
        "posting_id",
        ends,
        lambda end: pl.col("posted_date").is_between(end - timedelta(days=WINDOW_DAYS - 1), end),
    )
    # the subjects of the postings in a window only (a fraction of the postings), listed on
    # their integer codes: one join of the skills to the codes, not one of every subject row
    subjects = _subjects(
        posting_skills.select("posting_id", "skill_id").join(ids, on="posting_id"),
        postings.select("posting_id", "role_family").join(ids, on="posting_id"),
        "_pid",
        genai_ids,
    )
    demand = _window_counts(placed, subjects, ids.height, ends, "demand_n")
    end_of = pl.DataFrame({"_window": np.arange(len(ends)), "window_end": ends})
    totals = (
        placed.group_by("_window", "place_id")
        .agg(pl.len().alias("_n_place"))
        .join(end_of, on="_window")
        .select("place_id", "_n_place", "window_end")
    )
    return DemandCounts(demand, totals)


def supply_counts(talent: pl.DataFrame, genai_ids: frozenset[str], last: date) -> pl.DataFrame:
    """Open-to-work candidates per subject × place in each window ending at
    `window_ends(last)` (window_end, DEMAND_KEYS, supply_n): those whose profile was updated in
    the window (or carries no date), counted by `_window_counts`."""
    ends = window_ends(last)
    candidates = talent.filter(pl.col("open_to_work").fill_null(False))
    talent_roles = (
        candidates.select("candidate_id", "role_family").unique("candidate_id")
        if "role_family" in candidates.columns
        else pl.DataFrame(schema={"candidate_id": pl.String, "role_family": pl.String})
    )
    candidate_place = candidates.select(
        "candidate_id", "country", "metro_code", *_region(candidates), "updated_date"
    ).unique("candidate_id")
    placed, ids = _placed_in_windows(
        candidate_place,
        "candidate_id",
        ends,
        lambda end: (
            pl.col("updated_date").is_null()
            | pl.col("updated_date").is_between(end - timedelta(days=WINDOW_DAYS - 1), end)
        ),
    )
    subjects = _subjects(
        candidates.select("candidate_id", "skill_id")
        .unique()
        .drop_nulls("skill_id")
        .join(ids, on="candidate_id"),
        talent_roles.join(ids, on="candidate_id"),
        "_pid",
        genai_ids,
    )
    return _window_counts(placed, subjects, ids.height, ends, "supply_n")


def out_demand_supply(
    postings: pl.DataFrame,
    posting_skills: pl.DataFrame,
    talent: pl.DataFrame,
    genai_ids: frozenset[str],
    last: date | None = None,
    counted: DemandCounts | None = None,
) -> pl.DataFrame:
    """`talent`: one row per candidate × skill with country, metro_code, role_family,
    open_to_work, updated_date. `counted`: the demand side made elsewhere (the Spark
    engine's), else `demand_counts` of the postings."""
    last = last or postings["posted_date"].max()
    counted = counted or demand_counts(postings, posting_skills, genai_ids, last)
    frames = []
    keys = DEMAND_KEYS
    supplied = supply_counts(talent, genai_ids, last)
    for end in window_ends(last):
        start = end - timedelta(days=WINDOW_DAYS - 1)
        in_end = pl.col("window_end") == end
        totals = counted.totals.filter(in_end).select("place_id", "_n_place")
        demand = counted.demand.filter(in_end).select(*keys, "demand_n")
        supply = supplied.filter(in_end).select(*keys, "supply_n")
        frame = (
            demand.join(supply, on=keys, how="full", coalesce=True)
            .with_columns(pl.col("demand_n").fill_null(0), pl.col("supply_n").fill_null(0))
            .join(totals, on="place_id", how="left")
            .with_columns(pl.lit(start).alias("window_start"), pl.lit(end).alias("window_end"))
        )
        national = frame.filter(pl.col("place_id") == ALL).select(
            "skill_id",
            "role_family",
            (pl.col("demand_n") / pl.col("_n_place")).alias("_share_all"),
        )
        frame = frame.join(national, on=["skill_id", "role_family"], how="left").with_columns(
            pl.when(pl.col("_share_all") > 0)
            .then(pl.col("demand_n") / pl.col("_n_place") / pl.col("_share_all"))
            .otherwise(None)
            .alias("location_quotient")
        )
        frames.append(frame)
    out = pl.concat(frames, how="vertical_relaxed")
    lo, hi = poisson_ratio_interval(pl.col("demand_n"), pl.col("supply_n"))
    out = (
        out.with_columns(
            pl.lit(TALENT_POOL_SUPPLY).alias("supply_source"),
            pl.when(pl.col("supply_n") > 0)
            .then(pl.col("demand_n") / pl.col("supply_n"))
            .otherwise(None)
            .alias("ratio"),
            lo.alias("ratio_lo"),
            hi.alias("ratio_hi"),
        )
        .with_columns(
            pl.when(pl.col("demand_n") > 0)
            .then(pl.col("supply_n") / pl.col("demand_n"))
            .otherwise(None)
            .alias("inverse_ratio"),
        )
        .with_columns(_inverse_band(pl.col("inverse_ratio")).alias("inverse_band"))
    )
    return out.select(
        "skill_id",
        "role_family",
        "place_id",
        "place_level",
        "window_start",
        "window_end",
        "demand_n",
        "supply_n",
        "supply_source",
        "ratio",
        "ratio_lo",
        "ratio_hi",
        "inverse_ratio",
        "inverse_band",
        "location_quotient",
    ).sort("window_end", "skill_id", "role_family", "place_id")


def seeking_share(window_days: int = WINDOW_DAYS, annual: float = SEEKING_RATE_ANNUAL) -> float:
    """Share of workers seeking a job within the window, from an annual rate."""
    return 1.0 - (1.0 - annual) ** (window_days / 365.0)


def estimated_supply(
    benchmarks: pl.DataFrame,
    crosswalk: pl.DataFrame,
    prevalence: pl.DataFrame | None,
    annual_seeking: float = SEEKING_RATE_ANNUAL,
) -> pl.DataFrame:
    """skill_id × role_family × place_id → estimated job-seekers in a 90-day window (US
    national 'US' and OEWS metros)."""
    share = seeking_share(WINDOW_DAYS, annual_seeking)
    primary = crosswalk.filter(pl.col("soc_rank") == 1).select("role_family", "soc_code")
    employment = benchmarks.filter(
        pl.col("area_type").is_in(["national", "metro"]) & pl.col("employment").is_not_null()
    ).select(
        pl.when(pl.col("area_code") == US_NATIONAL_AREA)
        .then(pl.lit("US"))
        .otherwise(pl.col("area_code"))
        .alias("place_id"),
        "soc_code",
        "employment",
    )
    roles = primary.join(employment, on="soc_code").select(
        pl.lit(ALL).alias("skill_id"),
        "role_family",
        "place_id",
        (pl.col("employment") * share).alias("supply_est"),
    )
    frames = [roles]
    if prevalence is not None and prevalence.height:
        latest = prevalence.filter(
            (pl.col("country") == "US")
            & (pl.col("dev_type") == "all")
            & (pl.col("survey_year") == pl.col("survey_year").max())
        ).select("skill_id", "share_pct")
        workforce = (
            employment.join(primary.select("soc_code").unique(), on="soc_code")
            .group_by("place_id")
            .agg(pl.col("employment").sum())
        )
        frames.append(
            workforce.join(latest, how="cross").select(
                "skill_id",
                pl.lit(ALL).alias("role_family"),
                "place_id",
                (pl.col("employment") * pl.col("share_pct") / 100 * share).alias("supply_est"),
            )
        )
    return pl.concat(frames)


def with_estimated_supply(demand_supply: pl.DataFrame, estimate: pl.DataFrame) -> pl.DataFrame:
    """Append the estimate-based rows beside the talent-pool rows (same D, other S)."""
    if demand_supply.height == 0 or estimate.height == 0:
        return demand_supply
    base = demand_supply.filter(pl.col("supply_source") == TALENT_POOL_SUPPLY).drop(
        "supply_n", "ratio", "ratio_lo", "ratio_hi", "inverse_ratio", "inverse_band"
    )
    rows = base.join(estimate, on=["skill_id", "role_family", "place_id"], how="inner")
    d = pl.col("demand_n").cast(pl.Float64)
    s = pl.col("supply_est")
    half = pl.when(d > 0).then(Z95 / d.sqrt()).otherwise(None)
    rows = rows.with_columns(
        pl.lit(ESTIMATE_SOURCE).alias("supply_source"),
        s.round(0).cast(pl.Int64).alias("supply_n"),
        (d / s).alias("ratio"),
        (d / s * (-half).exp()).alias("ratio_lo"),
        (d / s * half.exp()).alias("ratio_hi"),
        pl.when(d > 0).then(s / d).otherwise(None).alias("inverse_ratio"),
    ).with_columns(_inverse_band(pl.col("inverse_ratio")).alias("inverse_band"))
    return pl.concat([demand_supply, rows.select(demand_supply.columns)])


NOT_MEASURABLE = (
    "not measurable from this crawl: demand counts the postings of the boards crawled, a "
    "sample of the market, while this supply counts every job-seeker of the occupation in "
    "the place; their ratio measures the size of the crawl, not the market (a ratio needs "
    "demand and supply on one universe: a talent pool, or postings covering the whole market)"
)


def with_measurability(demand_supply: pl.DataFrame, demand_covers_market: bool) -> pl.DataFrame:
    """`is_measurable` and `not_measurable_reason` on every row; on rows whose supply counts a
    whole market while demand is a crawl's sample (the OEWS estimate, unless the postings cover
    the market), the ratio, its interval and the inverse band are nulled."""
    measurable = pl.lit(True)
    if not demand_covers_market:
        measurable = pl.col("supply_source") != ESTIMATE_SOURCE
    frame = demand_supply.with_columns(measurable.alias("is_measurable"))
    cleared = ("ratio", "ratio_lo", "ratio_hi", "inverse_ratio", "inverse_band")
    return frame.with_columns(
        *[
            pl.when(pl.col("is_measurable")).then(pl.col(c)).otherwise(None).alias(c)
            for c in cleared
            if c in frame.columns
        ],
        pl.when(pl.col("is_measurable"))
        .then(None)
        .otherwise(pl.lit(NOT_MEASURABLE))
        .alias("not_measurable_reason"),
    )
