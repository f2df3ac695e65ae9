"""The measured quantities `out_claims` compares published claims with: one function per kind of
measure, named by the claim records (`analytics/taxonomy/claims.yml`) and called with the
record's parameters.

Each measure takes the build's inputs (`ClaimInputs`) and keyword parameters and returns
`Measured`: one `Part` per compared quantity (several for a claim by level) and, where the
measure had to choose its sample, a note saying which. A claimed range is `[low, high]` (high
may be infinite), a point claim one number.

Measures: GenAI / deep-learning premiums = adjusted premium, segment "all"; published premium
estimates (PwC, Lightcast, OII, Alekseeva et al.) = the `out_premium_ladder` rung whose controls
match the study's method (the row says which: `Measured.ladder`); averages = mean
annualized pay midpoint (USD) with a t-interval; shares = Wilson intervals; PyTorch vs
TensorFlow = paired difference of shares (normal approximation) over the last 12 months;
growth = new postings in ML/AI roles, last 12 months vs the 12 before, Poisson-ratio interval,
measurable only when postings were observed (first_seen) since the start of the earlier year (a
single capture sees only last year's survivors); pay levels use the country-level cell of
`out_pay_bands` (range-aware P50; no interval, so point-in-range), only when the cell is shown at
country level (not rolled up); demand-to-supply = latest 90-day window of `out_demand_supply`.

May import: polars, scipy, `contract` and `analytics.stats`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import polars as pl
from scipy import stats as sps

from analytics.stats.intervals import Z95, poisson_ratio_interval, wilson_interval
from contract.marts import mart
from contract.vocab import ALL

INF = float("inf")
Claim = float | Sequence[float]  # a point, or a range [low, high]


_PAY_BANDS = mart("out_pay_bands")
MIN_PAID_POSTINGS = _PAY_BANDS.threshold_int("min_postings")
MIN_PAID_COMPANIES = _PAY_BANDS.threshold_int("min_companies")


@dataclass(frozen=True)
class Part:
    """One measured quantity compared with one claimed range (claim_lo == claim_hi: a point)."""

    label: str
    claim_lo: float
    claim_hi: float
    value: float | None
    lo: float | None = None
    hi: float | None = None
    n: int | None = None
    strict: bool = False  # consistent only when the whole interval lies inside the claim
    why: str | None = None  # why there is no value, when the data hold some but too few


@dataclass(frozen=True)
class Measured:
    parts: list[Part]
    notes: list[str] = field(default_factory=list)  # which sample the measure used, if it chose
    ladder: tuple[str, int] | None = None  # the out_premium_ladder row compared (skill, rung)


@dataclass(frozen=True)
class ClaimInputs:
    """What the measures read: canonical postings and their skills, and the published marts
    (pay bands of the published window; demand-to-supply from the talent pool, skill rows)."""

    postings: pl.DataFrame
    posting_skills: pl.DataFrame
    premiums: pl.DataFrame
    pay_bands: pl.DataFrame
    demand_supply: pl.DataFrame
    premium_ladder: pl.DataFrame = field(default_factory=pl.DataFrame)

    @cached_property
    def last12(self) -> pl.DataFrame:
        """Postings of the 12 calendar months ending with the latest month."""
        return last_months(self.postings, 12)


def _bounds(claim: Claim) -> tuple[float, float]:
    if isinstance(claim, int | float):
        return claim, claim
    low, high = claim
    return low, high


def last_months(postings: pl.DataFrame, months: int, offset: int = 0) -> pl.DataFrame:
    """Postings in `months` calendar months ending `offset` months before the latest month."""
    last = postings["posted_date"].max()
    if last is None:  # nothing dated in this subset: nothing in any window
        return postings.clear()
    month_start = pl.Series([last]).dt.truncate("1mo")
    start = month_start.dt.offset_by(f"-{months + offset - 1}mo")[0]
    end = month_start.dt.offset_by(f"-{offset - 1}mo")[0] if offset else None
    frame = postings.filter(pl.col("posted_date") >= start)
    return frame.filter(pl.col("posted_date") < end) if end is not None else frame


def _has_skill(posting_skills: pl.DataFrame, skills: Sequence[str], name: str) -> pl.DataFrame:
    return (
        posting_skills.filter(pl.col("skill_id").is_in(list(skills)))
        .select("posting_id")
        .unique()
        .with_columns(pl.lit(True).alias(name))
    )


def _mean_pay(paid: pl.DataFrame, claim: float, label: str) -> Part:
    """Mean annualized USD pay midpoint with a t 95% interval; none from fewer postings or
    companies than a pay band needs (`out_pay_bands`' min_postings, min_companies): a
    t-interval over a few companies' postings is narrower than what it knows."""
    mids = paid.select(
        ((pl.col("pay_min_annual_usd") + pl.col("pay_max_annual_usd")) / 2).alias("m"),
        "company",
    ).drop_nulls("m")
    n = mids.height
    companies = mids["company"].n_unique()
    if n < MIN_PAID_POSTINGS or companies < MIN_PAID_COMPANIES:
        why = (
            f"too few paid postings: {n} from {companies} companies (a pay band needs "
            f"{MIN_PAID_POSTINGS} from {MIN_PAID_COMPANIES})"
        )
        return Part(label, claim, claim, None, n=n, why=why)
    mean, sd = mids.select(pl.col("m").mean().alias("mean"), pl.col("m").std().alias("sd")).row(0)
    half = float(sps.t.ppf(0.975, n - 1)) * sd / n**0.5
    return Part(label, claim, claim, mean, mean - half, mean + half, n)


# ---- measures (the names claims.yml uses) ----------------------------------------------------


def adjusted_premium(inputs: ClaimInputs, skill: str, claim: Claim) -> Measured:
    """The adjusted pay premium of `skill` (percent), segment "all", unless suppressed."""
    premiums = inputs.premiums
    row = premiums.filter(
        (pl.col("skill_id") == skill) & (pl.col("segment") == ALL) & ~pl.col("is_suppressed")
    )
    if row.height == 0 or row["premium_adj_pct"][0] is None:
        return Measured([Part(skill, *_bounds(claim), None)])
    r = row.row(0, named=True)
    n = int(r["n_with"]) if r.get("n_with") is not None else None
    value, lo, hi = r["premium_adj_pct"], r["premium_adj_lo"], r["premium_adj_hi"]
    return Measured([Part(skill, *_bounds(claim), value, lo, hi, n)])


def ladder_premium(inputs: ClaimInputs, skill: str, rung: int, claim: Claim) -> Measured:
    """The premium (percent) of `skill` (or a GenAI-intensity contrast) at ladder rung `rung`,
    with its company-clustered interval, where the rung is estimated."""
    ladder = inputs.premium_ladder
    label = f"rung {rung}"
    if ladder.height == 0 or "rung" not in ladder.columns:
        return Measured([Part(label, *_bounds(claim), None)], ["no control ladder in this build"])
    rows = ladder.filter((pl.col("skill_id") == skill) & (pl.col("rung") == rung))
    if rows.height == 0:
        return Measured([Part(label, *_bounds(claim), None)], ladder=(skill, rung))
    r = rows.row(0, named=True)
    note = f"ladder rung {rung} ({r['rung_label']}: {r['controls']})"
    if not r["is_estimated"] or r["premium_pct"] is None:
        part = Part(label, *_bounds(claim), None, n=int(r["n_postings"]))
        return Measured([part], [f"{note}: not estimated, {r['note']}"], ladder=(skill, rung))
    part = Part(
        label,
        *_bounds(claim),
        r["premium_pct"],
        r["premium_lo"],
        r["premium_hi"],
        int(r["n_postings"]),
    )
    return Measured([part], [note], ladder=(skill, rung))


def demand_supply_ratio(inputs: ClaimInputs, skill: str, place: str, claim: float) -> Measured:
    """Postings per candidate for `skill` in `place`, latest window, with its interval."""
    frame = inputs.demand_supply
    rows = frame.filter((pl.col("skill_id") == skill) & (pl.col("place_id") == place))
    if rows.height == 0:
        return Measured([Part("ratio", claim, claim, None)])
    r = rows.sort("window_end").row(-1, named=True)
    if r["ratio"] is None:
        return Measured([Part("ratio", claim, claim, None, n=int(r["demand_n"]))])
    n = int(r["demand_n"])
    return Measured([Part("ratio", claim, claim, r["ratio"], r["ratio_lo"], r["ratio_hi"], n)])


def mean_pay_last_12_months(
    inputs: ClaimInputs, country: str, role: str, claim: float, label: str
) -> Measured:
    """Mean advertised USD pay midpoint of `role` postings in `country`, last 12 months."""
    paid = inputs.last12.filter(
        (pl.col("country") == country)
        & pl.col("pay_min_annual_usd").is_not_null()
        & (pl.col("role_family") == role)
    )
    return Measured([_mean_pay(paid, claim, label)])


def mean_pay_in_year(
    inputs: ClaimInputs, role: str, year: int, claim: float, label: str
) -> Measured:
    """Mean advertised USD pay midpoint of paid `role` postings first posted in `year`, all
    countries; the last 12 months of them when none was posted that year (the note says so)."""
    paid = inputs.postings.filter(
        (pl.col("role_family") == role) & pl.col("pay_min_annual_usd").is_not_null()
    )
    in_year = paid.filter(pl.col("posted_date").is_between(date(year, 1, 1), date(year, 12, 31)))
    if in_year.height:
        return Measured([_mean_pay(in_year, claim, label)], [f"postings first posted in {year}"])
    note = f"no {year} postings: last 12 months used"
    return Measured([_mean_pay(last_months(paid, 12), claim, label)], [note])


def mean_local_pay_last_12_months(
    inputs: ClaimInputs,
    country: str,
    role: str,
    currency: str,
    scale: float,
    claim: float,
    label: str,
) -> Measured:
    """Mean local-currency pay midpoint / `scale` of `role` postings in `country` paid in
    `currency`, last 12 months, t 95% interval (a missing max counts as the min)."""
    paid = inputs.last12.filter(
        (pl.col("country") == country)
        & (pl.col("role_family") == role)
        & (pl.col("currency") == currency)
        & pl.col("pay_min_annual").is_not_null()
    ).select(
        (pl.col("pay_min_annual") / scale).alias("pay_min_annual_usd"),
        (pl.col("pay_max_annual").fill_null(pl.col("pay_min_annual")) / scale).alias(
            "pay_max_annual_usd"
        ),
        "company",
    )
    return Measured([_mean_pay(paid, claim, label)])


def pay_band_medians(
    inputs: ClaimInputs,
    role: str,
    country: str,
    levels: dict[str, Sequence[float]],
    column: str,
    currency: str,
    scale: float = 1.0,
) -> Measured:
    """Country-level P50 per seniority level (`column` / scale), only for cells shown at
    country level (not rolled up) whose band currency is `currency` when reading
    local-currency columns."""
    cells = inputs.pay_bands.filter(
        (pl.col("role_family") == role)
        & (pl.col("place_level") == "country")
        & (pl.col("place_id") == country)
        & (pl.col("rollup_level") == "country")
        & ~pl.col("is_suppressed")
        & ((pl.col("currency") == currency) | pl.lit(column.endswith("_usd")))
    )
    by_level = {r["seniority"]: r for r in cells.iter_rows(named=True)}
    parts = []
    for level, claim in levels.items():
        row = by_level.get(level)
        value = row[column] / scale if row is not None and row[column] is not None else None
        n = int(row["n_postings"]) if row is not None else None
        parts.append(Part(level, *_bounds(claim), value, None, None, n))
    return Measured(parts)


def share_last_12_months(
    inputs: ClaimInputs,
    skills: Sequence[str],
    claim: Claim,
    label: str,
    roles: Sequence[str] | None = None,
    among_skills: Sequence[str] | None = None,
) -> Measured:
    """Percent of the last 12 months' postings (in `roles`; naming any of `among_skills`)
    naming any of `skills`, Wilson 95%."""
    universe = inputs.last12
    if roles is not None:
        universe = universe.filter(pl.col("role_family").is_in(list(roles)))
    if among_skills is not None:
        universe = universe.join(
            _has_skill(inputs.posting_skills, among_skills, "_c"), on="posting_id"
        )
    low, high = _bounds(claim)
    n = universe.height
    if n == 0:
        return Measured([Part(label, low, high, None)])
    k = universe.join(_has_skill(inputs.posting_skills, skills, "_x"), on="posting_id").height
    lo, hi = wilson_interval(pl.lit(k), pl.lit(n))
    bounds = pl.select(lo.alias("lo"), hi.alias("hi")).row(0)
    return Measured([Part(label, low, high, 100 * k / n, 100 * bounds[0], 100 * bounds[1], n)])


def share_difference_last_12_months(inputs: ClaimInputs, first: str, second: str) -> Measured:
    """Share naming `first` minus share naming `second` in the last 12 months' postings,
    points, paired normal 95% interval; consistent only when the whole interval is above 0."""
    flags = (
        inputs.last12.select("posting_id")
        .join(_has_skill(inputs.posting_skills, (first,), "_a"), on="posting_id", how="left")
        .join(_has_skill(inputs.posting_skills, (second,), "_b"), on="posting_id", how="left")
        .select(
            (
                pl.col("_a").fill_null(False).cast(pl.Float64)
                - pl.col("_b").fill_null(False).cast(pl.Float64)
            ).alias("d")
        )
    )
    n = flags.height
    label = f"{first} - {second}"
    if n < 2:
        return Measured([Part(label, 0.0, INF, None, strict=True)])
    mean, sd = flags.select(pl.col("d").mean().alias("mean"), pl.col("d").std().alias("sd")).row(0)
    half = Z95 * sd / n**0.5
    part = Part(label, 0.0, INF, 100 * mean, 100 * (mean - half), 100 * (mean + half), n, True)
    return Measured([part])


def new_postings_growth(inputs: ClaimInputs, roles: Sequence[str], claim: float) -> Measured:
    """YoY growth (percent) of new postings in `roles`, Poisson-ratio 95% interval."""
    postings = inputs.postings
    in_roles = postings.filter(pl.col("role_family").is_in(list(roles)))
    span = postings.select(
        pl.col("posted_date").min().alias("first"), pl.col("posted_date").max().alias("last")
    ).row(0)
    first_needed = pl.Series([span[1]]).dt.truncate("1mo").dt.offset_by("-23mo")[0]
    # Growth needs observation across both years: a single capture sees last year's postings
    # only if they are still open, so its year-on-year ratio measures survivorship.
    observed = "first_seen" if "first_seen" in postings.columns else "posted_date"
    first_observed = postings[observed].min()
    if (
        span[0] is None
        or first_observed is None
        or pl.Series([first_observed]).dt.truncate("1mo")[0] > first_needed
    ):
        return Measured([Part("growth", claim, claim, None)])
    recent = last_months(in_roles, 12).filter(pl.col("posted_date") <= span[1]).height
    prior = last_months(in_roles, 12, offset=12).height
    if prior == 0:
        return Measured([Part("growth", claim, claim, None)])
    lo, hi = poisson_ratio_interval(pl.lit(recent), pl.lit(prior))
    bounds = pl.select(lo.alias("lo"), hi.alias("hi")).row(0)
    growth = 100 * (recent / prior - 1)
    low, high = 100 * (bounds[0] - 1), 100 * (bounds[1] - 1)
    return Measured([Part("growth", claim, claim, growth, low, high, recent + prior)])


def not_measured(inputs: ClaimInputs, label: str, claim: Claim) -> Measured:
    """A claim the data cannot speak to."""
    del inputs
    return Measured([Part(label, *_bounds(claim), None)])


Measure = Callable[..., Measured]
MEASURES: dict[str, Measure] = {
    measure.__name__: measure
    for measure in (
        adjusted_premium,
        ladder_premium,
        demand_supply_ratio,
        mean_pay_last_12_months,
        mean_pay_in_year,
        mean_local_pay_last_12_months,
        pay_band_medians,
        share_last_12_months,
        share_difference_last_12_months,
        new_postings_growth,
        not_measured,
    )
}
