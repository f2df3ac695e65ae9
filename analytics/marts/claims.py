"""`out_claims`: published ML/AI career-guide figures next to the closest number in our data.

One row per claim of the table "Published claims to check" in metrics.md (16 rows, in its
order): claim text, published figure as text, source as cited, what we measured, value with a
95% interval, unit, n, verdict and a note.

Verdict rules (`verdict`):
- a claimed range [a, b] is "consistent" when our 95% interval overlaps it (our point inside it
  when we have no interval), "higher" / "lower" when our interval lies entirely above / below;
  an open range ("$220-350K+", "90%+") has no upper bound;
- a point claim is "consistent" when inside our interval, or within 10% of our value when we
  have no interval (the note says so);
- "not measurable" when the data holds no estimate (missing, suppressed or rolled-up cell).
Claims with several levels (entry / mid / senior, plus India's average) are one row: every
level is evaluated, the row shows the level farthest from its claim (relative distance of our
value to the claimed range), its verdict, value and n, and the note lists every level.
Pay levels use the US (or IN) country-level cell of `out_pay_bands` (range-aware P50; no
interval, so point-in-range), only when the cell is shown at country level (not rolled up).

Measures: GenAI / deep-learning premiums = adjusted premium, segment "all"; averages = mean
annualized pay midpoint (USD) with a t-interval; shares = Wilson intervals; PyTorch vs
TensorFlow = paired difference of shares (normal approximation) over the last 12 months;
growth = new postings in ML/AI roles, last 12 months vs the 12 before, Poisson-ratio interval,
measurable only when postings were observed (first_seen) since the start of the earlier year (a
single capture sees only last year's survivors);
US demand-to-supply = latest 90-day window of `out_demand_supply`, skill `machine_learning`,
place "US". `genai_ids` and `demand` are accepted so every mart has the same inputs; no claim
uses them yet.

May import: polars, scipy, `analytics.stats` and `analytics.marts.pay_bands`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl
from scipy import stats as sps

from analytics.marts.pay_bands import PUBLISHED_WINDOW
from analytics.stats.intervals import Z95, poisson_ratio_interval, wilson_interval

GUIDE = "2026 ML skill guide"
ML_ROLES = ("ml_engineer", "ai_engineer", "research_scientist", "mlops_engineer")
PYTHON_ROLES = ("ml_engineer", "research_scientist", "ai_engineer")
CLOUDS = ("aws", "gcp", "azure")
LEVELS = ("entry", "mid", "senior")
NO_INTERVAL_TOLERANCE = 0.10
INF = float("inf")
CLAIMS_SCHEMA = {
    "claim_id": pl.Int64,
    "claim": pl.String,
    "figure": pl.String,
    "source": pl.String,
    "measure": pl.String,
    "value": pl.Float64,
    "value_lo": pl.Float64,
    "value_hi": pl.Float64,
    "unit": pl.String,
    "n": pl.Int64,
    "verdict": pl.String,
    "note": pl.String,
}


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


def verdict(part: Part) -> tuple[str, str]:
    """(verdict, note) for one part, by the rules in the module docstring."""
    if part.value is None:
        return "not measurable", "no estimate in the data"
    has_interval = part.lo is not None and part.hi is not None
    lo, hi = (part.lo, part.hi) if has_interval else (part.value, part.value)
    if part.claim_lo == part.claim_hi and not has_interval:
        claim = part.claim_lo
        if abs(part.value - claim) <= NO_INTERVAL_TOLERANCE * abs(part.value):
            return "consistent", "no interval: within 10% of our value"
        return ("higher" if part.value > claim else "lower"), "no interval: compared within 10%"
    if lo > part.claim_hi:
        return "higher", ""
    if hi < part.claim_lo:
        return "lower", ""
    if part.strict and (lo < part.claim_lo or hi > part.claim_hi):
        return "not measurable", "the interval straddles the claimed bound: the data cannot tell"
    return "consistent", "" if has_interval else "no interval: our point inside the claimed range"


def _distance(part: Part) -> float:
    """Relative distance of our value to the claimed range (0 inside; inf when unmeasured)."""
    if part.value is None:
        return INF
    if part.value < part.claim_lo:
        return (part.claim_lo - part.value) / max(abs(part.claim_lo), 1e-9)
    if part.value > part.claim_hi:
        return (part.value - part.claim_hi) / part.value
    return 0.0


def _fmt(x: float | None) -> str:
    if x is None:
        return "n/a"
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.3g}"


def _summary(parts: list[Part]) -> str:
    return "; ".join(
        f"{p.label}: {_fmt(p.value)} (n={p.n if p.n is not None else 'n/a'}, {verdict(p)[0]})"
        for p in parts
    )


def evaluate(parts: list[Part]) -> dict:
    """The row values for a claim from its parts (the worst part when there are several)."""
    measured = [p for p in parts if p.value is not None]
    worst = max(measured, key=_distance) if measured else parts[0]
    result, note = verdict(worst)
    if len(parts) > 1:
        note = f"worst level {worst.label}. " + _summary(parts) + (f". {note}" if note else "")
    return {
        "value": worst.value,
        "value_lo": worst.lo,
        "value_hi": worst.hi,
        "n": worst.n,
        "verdict": result,
        "note": note,
    }


# ---- measured quantities -------------------------------------------------------------------


def _last_months(postings: pl.DataFrame, months: int, offset: int = 0) -> pl.DataFrame:
    """Postings in `months` calendar months ending `offset` months before the latest month."""
    last = postings["posted_date"].max()
    if last is None:  # nothing dated in this subset: nothing in any window
        return postings.clear()
    month_start = pl.Series([last]).dt.truncate("1mo")
    start = month_start.dt.offset_by(f"-{months + offset - 1}mo")[0]
    end = month_start.dt.offset_by(f"-{offset - 1}mo")[0] if offset else None
    frame = postings.filter(pl.col("posted_date") >= start)
    return frame.filter(pl.col("posted_date") < end) if end is not None else frame


def premium_part(premiums: pl.DataFrame, skill: str, claim: tuple[float, float]) -> Part:
    row = premiums.filter(
        (pl.col("skill_id") == skill) & (pl.col("segment") == "all") & ~pl.col("is_suppressed")
    )
    if row.height == 0 or row["premium_adj_pct"][0] is None:
        return Part(skill, *claim, None)
    r = row.row(0, named=True)
    n = int(r["n_with"]) if r.get("n_with") is not None else None
    return Part(skill, *claim, r["premium_adj_pct"], r["premium_adj_lo"], r["premium_adj_hi"], n)


def _has_skill(posting_skills: pl.DataFrame, skills: tuple[str, ...], name: str) -> pl.DataFrame:
    return (
        posting_skills.filter(pl.col("skill_id").is_in(list(skills)))
        .select("posting_id")
        .unique()
        .with_columns(pl.lit(True).alias(name))
    )


def share_part(
    universe: pl.DataFrame,
    posting_skills: pl.DataFrame,
    skills: tuple[str, ...],
    claim: tuple[float, float],
    label: str,
) -> Part:
    """Percent of `universe` postings naming any of `skills`, Wilson 95%."""
    n = universe.height
    if n == 0:
        return Part(label, *claim, None)
    k = universe.join(_has_skill(posting_skills, skills, "_x"), on="posting_id").height
    lo, hi = wilson_interval(pl.lit(k), pl.lit(n))
    bounds = pl.select(lo.alias("lo"), hi.alias("hi")).row(0)
    return Part(label, *claim, 100 * k / n, 100 * bounds[0], 100 * bounds[1], n)


def share_difference_part(
    universe: pl.DataFrame, posting_skills: pl.DataFrame, first: str, second: str
) -> Part:
    """Share naming `first` minus share naming `second`, points, paired normal 95% interval."""
    flags = (
        universe.select("posting_id")
        .join(_has_skill(posting_skills, (first,), "_a"), on="posting_id", how="left")
        .join(_has_skill(posting_skills, (second,), "_b"), on="posting_id", how="left")
        .select(
            (
                pl.col("_a").fill_null(False).cast(pl.Float64)
                - pl.col("_b").fill_null(False).cast(pl.Float64)
            ).alias("d")
        )
    )
    n = flags.height
    if n < 2:
        return Part(f"{first} - {second}", 0.0, INF, None, strict=True)
    mean, sd = flags.select(pl.col("d").mean().alias("mean"), pl.col("d").std().alias("sd")).row(0)
    half = Z95 * sd / n**0.5
    label = f"{first} - {second}"
    return Part(label, 0.0, INF, 100 * mean, 100 * (mean - half), 100 * (mean + half), n, True)


def mean_pay_part(paid: pl.DataFrame, claim: float, label: str) -> Part:
    """Mean annualized USD pay midpoint with a t 95% interval."""
    mids = paid.select(
        ((pl.col("pay_min_annual_usd") + pl.col("pay_max_annual_usd")) / 2).alias("m")
    ).drop_nulls()
    n = mids.height
    if n < 2:
        return Part(label, claim, claim, None)
    mean, sd = mids.select(pl.col("m").mean().alias("mean"), pl.col("m").std().alias("sd")).row(0)
    half = float(sps.t.ppf(0.975, n - 1)) * sd / n**0.5
    return Part(label, claim, claim, mean, mean - half, mean + half, n)


def band_parts(
    pay_bands: pl.DataFrame,
    role: str,
    country: str,
    ranges: dict[str, tuple[float, float]],
    column: str,
    currency: str,
    scale: float = 1.0,
) -> list[Part]:
    """Country-level P50 per level (`column` / scale), only for cells shown at country level
    (not rolled up) whose band currency is `currency` when reading local-currency columns."""
    cells = pay_bands.filter(
        (pl.col("role_family") == role)
        & (pl.col("place_level") == "country")
        & (pl.col("place_id") == country)
        & (pl.col("rollup_level") == "country")
        & ~pl.col("is_suppressed")
        & ((pl.col("currency") == currency) | pl.lit(column.endswith("_usd")))
    )
    by_level = {r["seniority"]: r for r in cells.iter_rows(named=True)}
    parts = []
    for level, claim in ranges.items():
        row = by_level.get(level)
        value = row[column] / scale if row is not None and row[column] is not None else None
        n = int(row["n_postings"]) if row is not None else None
        parts.append(Part(level, *claim, value, None, None, n))
    return parts


def growth_part(postings: pl.DataFrame, roles: tuple[str, ...], claim: float) -> Part:
    """YoY growth (percent) of new postings in `roles`, Poisson-ratio 95% interval."""
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
        return Part("growth", claim, claim, None)
    recent = _last_months(in_roles, 12).filter(pl.col("posted_date") <= span[1]).height
    prior = _last_months(in_roles, 12, offset=12).height
    if prior == 0:
        return Part("growth", claim, claim, None)
    lo, hi = poisson_ratio_interval(pl.lit(recent), pl.lit(prior))
    bounds = pl.select(lo.alias("lo"), hi.alias("hi")).row(0)
    return Part(
        "growth",
        claim,
        claim,
        100 * (recent / prior - 1),
        100 * (bounds[0] - 1),
        100 * (bounds[1] - 1),
        recent + prior,
    )


def ratio_part(demand_supply: pl.DataFrame, skill: str, place: str, claim: float) -> Part:
    rows = demand_supply.filter((pl.col("skill_id") == skill) & (pl.col("place_id") == place))
    if rows.height == 0:
        return Part("ratio", claim, claim, None)
    r = rows.sort("window_end").row(-1, named=True)
    if r["ratio"] is None:
        return Part("ratio", claim, claim, None, n=int(r["demand_n"]))
    return Part("ratio", claim, claim, r["ratio"], r["ratio_lo"], r["ratio_hi"], int(r["demand_n"]))


# ---- the claims table ------------------------------------------------------------------------


def _calendar_year_or_last_12(postings: pl.DataFrame, year: int) -> tuple[pl.DataFrame, str]:
    in_year = postings.filter(
        pl.col("posted_date").is_between(date(year, 1, 1), date(year, 12, 31))
    )
    if in_year.height:
        return in_year, f"postings first posted in {year}"
    return _last_months(postings, 12), f"no {year} postings: last 12 months used"


def out_claims(
    postings: pl.DataFrame,
    posting_skills: pl.DataFrame,
    genai_ids: frozenset[str],
    premiums: pl.DataFrame,
    pay_bands: pl.DataFrame,
    demand: pl.DataFrame,
    demand_supply: pl.DataFrame,
) -> pl.DataFrame:
    del genai_ids, demand  # same inputs as the other marts; see the module docstring
    if "window" in pay_bands.columns:  # the published window, not the year before
        pay_bands = pay_bands.filter(pl.col("window") == PUBLISHED_WINDOW)
    if "supply_source" in demand_supply.columns:  # counted candidates, not the estimate
        demand_supply = demand_supply.filter(pl.col("supply_source") == "talent_pool")
    if "role_family" in demand_supply.columns:
        demand_supply = demand_supply.filter(pl.col("role_family") == "all")
    last12 = _last_months(postings, 12)
    us12 = last12.filter(pl.col("country") == "US")
    us_paid = us12.filter(pl.col("pay_min_annual_usd").is_not_null())
    ai_2025, ai_note = _calendar_year_or_last_12(
        postings.filter(
            (pl.col("role_family") == "ai_engineer") & pl.col("pay_min_annual_usd").is_not_null()
        ),
        2025,
    )
    k = 1000.0
    india_bands = band_parts(
        pay_bands,
        "ml_engineer",
        "IN",
        {"entry": (4.0, 8.0), "mid": (10.0, 25.0), "senior": (25.0, 50.0)},
        "p50",
        "INR",
        scale=100_000.0,
    )

    def bands(role: str, ranges: dict[str, tuple[float, float]]) -> list[Part]:
        return band_parts(pay_bands, role, "US", ranges, "p50_usd", "USD")

    rows = [
        (
            "GenAI / LLM specialists' premium over baseline ML salaries",
            "+40% to +60%",
            GUIDE,
            "adjusted pay premium of postings naming any GenAI skill (FE role x level, place, "
            "month), all postings",
            "%",
            [premium_part(premiums, "genai", (40.0, 60.0))],
            "",
        ),
        (
            "deep learning skills' premium over classical-ML-only roles",
            "+15% to +25%",
            GUIDE,
            "adjusted pay premium of postings naming deep_learning vs not, all postings",
            "%",
            [premium_part(premiums, "deep_learning", (15.0, 25.0))],
            "our baseline is every posting without the skill, not classical-ML-only roles",
        ),
        (
            "US demand-to-supply ratio for ML talent",
            "3.2 : 1",
            GUIDE,
            "new US postings naming machine_learning per open-to-work talent-pool candidate "
            "with it, latest 90-day window",
            "postings per candidate",
            [ratio_part(demand_supply, "machine_learning", "US", 3.2)],
            "supply is the loaded talent pool, not the whole US labor force",
        ),
        (
            "average US base salary, ML engineer",
            "$157,969 (total comp $202,331)",
            GUIDE,
            "mean advertised pay midpoint, US ml_engineer postings, last 12 months",
            "USD / year",
            [
                mean_pay_part(
                    us_paid.filter(pl.col("role_family") == "ml_engineer"), 157969.0, "base"
                )
            ],
            "advertised base pay only; total comp not measurable from postings",
        ),
        (
            "average AI engineer salary, 2025",
            "$206,000",
            GUIDE,
            "mean advertised pay midpoint (USD), ai_engineer postings, all countries",
            "USD / year",
            [mean_pay_part(ai_2025, 206000.0, "mean")],
            ai_note,
        ),
        (
            "US ML engineer base by level",
            "entry $100–150K, mid $150–220K, senior $220–350K+",
            GUIDE,
            "range-aware median advertised pay, US ml_engineer, country-level band by seniority",
            "USD / year",
            bands(
                "ml_engineer",
                {"entry": (100 * k, 150 * k), "mid": (150 * k, 220 * k), "senior": (220 * k, INF)},
            ),
            "",
        ),
        (
            "US data scientist base by level",
            "entry $90–130K, mid $130–190K, senior $190–280K",
            GUIDE,
            "range-aware median advertised pay, US data_scientist, country-level band by seniority",
            "USD / year",
            bands(
                "data_scientist",
                {
                    "entry": (90 * k, 130 * k),
                    "mid": (130 * k, 190 * k),
                    "senior": (190 * k, 280 * k),
                },
            ),
            "",
        ),
        (
            "US AI research scientist base by level",
            "entry $120–170K, mid $170–250K, senior $250–400K+",
            GUIDE,
            "range-aware median advertised pay, US research_scientist, country-level band",
            "USD / year",
            bands(
                "research_scientist",
                {"entry": (120 * k, 170 * k), "mid": (170 * k, 250 * k), "senior": (250 * k, INF)},
            ),
            "",
        ),
        (
            "US MLOps engineer base by level",
            "entry $110–145K, mid $145–200K, senior $200–300K",
            GUIDE,
            "range-aware median advertised pay, US mlops_engineer, country-level band",
            "USD / year",
            bands(
                "mlops_engineer",
                {
                    "entry": (110 * k, 145 * k),
                    "mid": (145 * k, 200 * k),
                    "senior": (200 * k, 300 * k),
                },
            ),
            "",
        ),
        (
            "India ML engineer by level (LPA)",
            "entry ₹4–8, mid ₹10–25, senior ₹25–50; average ₹12.25",
            GUIDE,
            "range-aware median advertised pay in INR / 100,000 (LPA), IN ml_engineer, "
            "country-level band; average = mean INR midpoint, last 12 months",
            "INR lakh / year",
            [*india_bands, india_average_part(last12)],
            "",
        ),
        (
            "US ML engineer by level (second source)",
            "entry $100–130K, mid $130–175K, senior $175–260K+",
            "2026 MLE skills guide",
            "range-aware median advertised pay, US ml_engineer, country-level band by seniority",
            "USD / year",
            bands(
                "ml_engineer",
                {"entry": (100 * k, 130 * k), "mid": (130 * k, 175 * k), "senior": (175 * k, INF)},
            ),
            "",
        ),
        (
            "PyTorch dominant over TensorFlow in new postings",
            "PyTorch > TensorFlow",
            GUIDE,
            "share of new postings naming pytorch minus share naming tensorflow, last 12 months",
            "percentage points",
            [share_difference_part(last12, posting_skills, "pytorch", "tensorflow")],
            "consistent only when the whole interval is above 0",
        ),
        (
            "Python in ML work",
            "90%+",
            GUIDE,
            "share of ml_engineer / research_scientist / ai_engineer postings naming python, "
            "last 12 months",
            "%",
            [
                share_part(
                    last12.filter(pl.col("role_family").is_in(list(PYTHON_ROLES))),
                    posting_skills,
                    ("python",),
                    (90.0, 100.0),
                    "python",
                )
            ],
            "",
        ),
        (
            "AWS share among cloud ML deployments",
            "~40%",
            "2026 ML skills article",
            "share naming aws among postings naming any of aws / gcp / azure, last 12 months",
            "%",
            [
                share_part(
                    last12.join(_has_skill(posting_skills, CLOUDS, "_c"), on="posting_id"),
                    posting_skills,
                    ("aws",),
                    (40.0, 40.0),
                    "aws",
                )
            ],
            "postings may name several clouds; deployments are not observed",
        ),
        (
            "AI/ML roles growth",
            "22% a year (LinkedIn 2025 Jobs Report)",
            "2026 ML skills article",
            "growth of new postings in ml_engineer / ai_engineer / research_scientist / "
            "mlops_engineer roles, last 12 months vs the 12 before",
            "% per year",
            [growth_part(postings, ML_ROLES, 22.0)],
            "needs 24 months of data; our sources' coverage changes also move counts",
        ),
        (
            "US roles requiring AI literacy",
            "+70% year over year",
            GUIDE,
            "none",
            "%",
            [Part("ai literacy", 70.0, 70.0, None)],
            "our universe is ML/data postings; AI literacy across all US roles is not observed",
        ),
    ]
    return _to_frame(rows)


def india_average_part(last12: pl.DataFrame) -> Part:
    """Mean INR pay midpoint (LPA) of IN ml_engineer postings paid in INR, t 95% interval."""
    paid = last12.filter(
        (pl.col("country") == "IN")
        & (pl.col("role_family") == "ml_engineer")
        & (pl.col("currency") == "INR")
        & pl.col("pay_min_annual").is_not_null()
    ).select(
        (pl.col("pay_min_annual") / 100_000).alias("pay_min_annual_usd"),
        (pl.col("pay_max_annual").fill_null(pl.col("pay_min_annual")) / 100_000).alias(
            "pay_max_annual_usd"
        ),
    )
    return mean_pay_part(paid, 12.25, "average")


def _to_frame(rows: list[tuple]) -> pl.DataFrame:
    records = []
    for i, (claim, figure, source, measure, unit, parts, note) in enumerate(rows, start=1):
        result = evaluate(parts)
        notes = [n for n in (result.pop("note"), note) if n]
        records.append(
            {
                "claim_id": i,
                "claim": claim,
                "figure": figure,
                "source": source,
                "measure": measure,
                "unit": unit,
                **result,
                "note": ". ".join(notes),
            }
        )
    return pl.DataFrame(records, schema=CLAIMS_SCHEMA)
