"""`out_skill_premiums`: raw pay gap and adjusted pay premium for GenAI and every skill.

Sample (metrics.md): canonical postings with advertised pay, annualized USD midpoint, not
internships, not part-time. For each skill s (and the pseudo-skill `genai`):
- raw gap = median(pay | s) / median(pay | not s) − 1;
- adjusted premium = exp(β) − 1 from OLS of log(pay_mid_annual_usd) on has_s with fixed effects
  for role family × seniority, place (metro, else country; remote by country) and posting month,
  standard errors clustered by company, 95% interval exp(β ± 1.96·se) − 1.
The regression is solved by Frisch–Waugh–Lovell: log pay and every skill indicator are
residualized on the fixed effects once (alternating projections over sparse group indicators),
then each skill's β is a ratio of sums, and its cluster-robust variance comes from per-company
score sums — all skills at once, no per-row Python. This reproduces statsmodels' OLS with
dummy variables and `cov_type="cluster"` (same small-sample correction); a test checks it.
Segments: "all", "role_family=<rf>", "country=<cc>". Estimates are suppressed (null, with the
reason) below 30 postings with or without the skill or 10 companies posting it.

May import: polars, numpy, scipy, `analytics.marts.demand`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy import sparse

from analytics.marts.demand import posting_skill_flags
from analytics.marts.stats import Z95

MIN_WITH = 30
MIN_WITHOUT = 30
MIN_COMPANIES = 10
FE_COLUMNS = ("fe_role_level", "fe_place", "fe_month")
PREMIUM_SCHEMA = {
    "skill_id": pl.String,
    "segment": pl.String,
    "premium_adj_pct": pl.Float64,
    "premium_adj_lo": pl.Float64,
    "premium_adj_hi": pl.Float64,
    "raw_gap_pct": pl.Float64,
    "n_with": pl.Int64,
    "n_without": pl.Int64,
    "n_companies": pl.Int64,
    "is_suppressed": pl.Boolean,
    "suppressed_reason": pl.String,
    "beta": pl.Float64,
    "se": pl.Float64,
    "median_with": pl.Float64,
    "median_without": pl.Float64,
}
EXCLUDED_EMPLOYMENT = ("parttime", "part-time", "part time", "intern", "internship", "temporary")


@dataclass(frozen=True)
class Estimates:
    beta: np.ndarray
    se: np.ndarray
    n: int
    n_clusters: int


def premium_sample(postings: pl.DataFrame) -> pl.DataFrame:
    """The regression sample with its fixed-effect keys and log pay."""
    employment = pl.col("employment_type").fill_null("").str.to_lowercase()
    place = pl.coalesce(
        pl.col("metro_code"),
        pl.when(pl.col("is_remote").fill_null(False))
        .then(pl.col("country").fill_null("?") + "-remote")
        .otherwise(pl.col("country").fill_null("?")),
    )
    return (
        postings.filter(
            pl.col("pay_min_annual_usd").is_not_null()
            & pl.col("pay_max_annual_usd").is_not_null()
            & (pl.col("seniority") != "intern")
            & ~employment.str.replace_all(r"[\s_-]", "").is_in(
                [e.replace("-", "").replace(" ", "") for e in EXCLUDED_EMPLOYMENT]
            )
        )
        .with_columns(
            ((pl.col("pay_min_annual_usd") + pl.col("pay_max_annual_usd")) / 2).alias(
                "pay_mid_annual_usd"
            ),
            (pl.col("role_family") + "|" + pl.col("seniority")).alias("fe_role_level"),
            place.alias("fe_place"),
            pl.col("posted_date").dt.strftime("%Y-%m").alias("fe_month"),
            pl.col("company").fill_null("?").alias("cluster"),
        )
        .with_columns(pl.col("pay_mid_annual_usd").log().alias("log_pay"))
        .select(
            "posting_id",
            "log_pay",
            "pay_mid_annual_usd",
            "cluster",
            "role_family",
            "country",
            *FE_COLUMNS,
        )
    )


def _codes(values: pl.Series) -> np.ndarray:
    return values.cast(pl.String).fill_null("?").cast(pl.Categorical).to_physical().to_numpy()


def _indicator(codes: np.ndarray) -> sparse.csr_matrix:
    n = codes.shape[0]
    levels = int(codes.max()) + 1 if n else 0
    return sparse.csr_matrix((np.ones(n), (np.arange(n), codes)), shape=(n, levels))


def residualize(
    matrix: np.ndarray, fe_codes: list[np.ndarray], tol: float = 1e-10, max_iter: int = 500
) -> np.ndarray:
    """Residuals of each column of `matrix` on the fixed effects (alternating projections)."""
    out = np.array(matrix, dtype=np.float64, copy=True)
    indicators = [(_indicator(c), c) for c in fe_codes]
    counts = [np.asarray(g.sum(axis=0)).ravel() for g, _ in indicators]
    scale = max(float(np.abs(out).max()), 1.0) if out.size else 1.0
    for _ in range(max_iter):
        largest_step = 0.0
        for (g, codes), cnt in zip(indicators, counts, strict=True):
            means = (g.T @ out) / np.maximum(cnt, 1)[:, None]
            step = means[codes]
            out -= step
            largest_step = max(largest_step, float(np.abs(step).max()) if step.size else 0.0)
        if largest_step < tol * scale:
            break
    return out


def fe_parameter_count(fe_codes: list[np.ndarray]) -> int:
    """Free parameters the fixed effects absorb (levels minus one per extra dimension)."""
    levels = [len(np.unique(c)) for c in fe_codes]
    return sum(levels) - (len(levels) - 1)


def clustered_estimates(
    y: np.ndarray, d: np.ndarray, fe_codes: list[np.ndarray], clusters: np.ndarray
) -> Estimates:
    """β and cluster-robust se of log pay on each column of `d` given the fixed effects."""
    resid = residualize(np.column_stack([y, d]), fe_codes)
    y_t, d_t = resid[:, 0], resid[:, 1:]
    sxx = (d_t**2).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        beta = (d_t * y_t[:, None]).sum(axis=0) / sxx
        errors = y_t[:, None] - d_t * beta
        scores = _indicator(clusters).T @ (d_t * errors)
        n, g = y.shape[0], int(clusters.max()) + 1 if y.shape[0] else 0
        k = fe_parameter_count(fe_codes) + 1
        correction = (g / (g - 1)) * ((n - 1) / (n - k)) if g > 1 and n > k else np.nan
        var = correction * (np.asarray(scores) ** 2).sum(axis=0) / sxx**2
    return Estimates(beta=beta, se=np.sqrt(var), n=n, n_clusters=g)


def _skill_matrix(sample: pl.DataFrame, flags: pl.DataFrame, skill_ids: list[str]) -> np.ndarray:
    index = sample.select("posting_id").with_row_index("_row")
    hits = flags.filter(pl.col("skill_id").is_in(skill_ids)).join(index, on="posting_id")
    column_of = {s: i for i, s in enumerate(skill_ids)}
    cols = hits["skill_id"].replace_strict(column_of, return_dtype=pl.Int64).to_numpy()
    matrix = np.zeros((sample.height, len(skill_ids)), dtype=np.float64)
    matrix[hits["_row"].to_numpy(), cols] = 1.0
    return matrix


def _support(sample: pl.DataFrame, flags: pl.DataFrame) -> pl.DataFrame:
    """Per skill: n_with, n_without, n_companies (posting it), medians with and without."""
    joined = flags.join(
        sample.select("posting_id", "pay_mid_annual_usd", "cluster"), on="posting_id"
    )
    per_skill = joined.group_by("skill_id").agg(
        pl.len().cast(pl.Int64).alias("n_with"),
        pl.col("cluster").n_unique().cast(pl.Int64).alias("n_companies"),
        pl.col("pay_mid_annual_usd").median().alias("median_with"),
    )
    n_total = sample.height
    return per_skill.with_columns((pl.lit(n_total) - pl.col("n_with")).alias("n_without"))


def _median_without(sample: pl.DataFrame, flags: pl.DataFrame, skill_ids: list[str]) -> dict:
    """Median pay of the postings NOT naming each skill (one masked median per skill)."""
    pay = sample["pay_mid_annual_usd"].to_numpy()
    matrix = _skill_matrix(sample, flags, skill_ids).astype(bool)
    out = {}
    for j, skill in enumerate(skill_ids):
        rest = pay[~matrix[:, j]]
        out[skill] = float(np.median(rest)) if rest.size else None
    return out


def segment_premiums(sample: pl.DataFrame, flags: pl.DataFrame, segment: str) -> pl.DataFrame:
    """One row per skill present in the segment's sample."""
    flags = flags.join(sample.select("posting_id"), on="posting_id", how="semi")
    support = _support(sample, flags)
    if support.height == 0:
        return pl.DataFrame()
    skill_ids = support["skill_id"].to_list()
    without = _median_without(sample, flags, skill_ids)
    support = support.with_columns(
        pl.col("skill_id").replace_strict(without, return_dtype=pl.Float64).alias("median_without")
    )
    reason = (
        pl.when(pl.col("n_with") < MIN_WITH)
        .then(pl.lit(f"fewer than {MIN_WITH} postings with"))
        .when(pl.col("n_without") < MIN_WITHOUT)
        .then(pl.lit(f"fewer than {MIN_WITHOUT} postings without"))
        .when(pl.col("n_companies") < MIN_COMPANIES)
        .then(pl.lit(f"fewer than {MIN_COMPANIES} companies"))
        .otherwise(None)
    )
    support = support.with_columns(reason.alias("suppressed_reason"))
    estimable = support.filter(pl.col("suppressed_reason").is_null())["skill_id"].to_list()
    est = {}
    if estimable:
        fe_codes = [_codes(sample[c]) for c in FE_COLUMNS]
        clusters = _codes(sample["cluster"])
        y = sample["log_pay"].to_numpy()
        for start in range(0, len(estimable), 32):
            chunk = estimable[start : start + 32]
            d = _skill_matrix(sample, flags, chunk)
            result = clustered_estimates(y, d, fe_codes, clusters)
            for j, skill in enumerate(chunk):
                est[skill] = (float(result.beta[j]), float(result.se[j]))
    beta = support["skill_id"].replace_strict(
        {k: v[0] for k, v in est.items()}, default=None, return_dtype=pl.Float64
    )
    se = support["skill_id"].replace_strict(
        {k: v[1] for k, v in est.items()}, default=None, return_dtype=pl.Float64
    )
    support = support.with_columns(beta.alias("beta"), se.alias("se"))
    no_estimate = pl.col("beta").is_null() | pl.col("se").is_null() | pl.col("se").is_nan()
    return support.with_columns(
        pl.lit(segment).alias("segment"),
        (100 * (pl.col("beta").exp() - 1)).alias("premium_adj_pct"),
        (100 * ((pl.col("beta") - Z95 * pl.col("se")).exp() - 1)).alias("premium_adj_lo"),
        (100 * ((pl.col("beta") + Z95 * pl.col("se")).exp() - 1)).alias("premium_adj_hi"),
        (100 * (pl.col("median_with") / pl.col("median_without") - 1)).alias("raw_gap_pct"),
        (no_estimate | pl.col("suppressed_reason").is_not_null()).alias("is_suppressed"),
        pl.coalesce(
            pl.col("suppressed_reason"),
            pl.when(no_estimate).then(pl.lit("no variation left after fixed effects")),
        ).alias("suppressed_reason"),
    )


def out_skill_premiums(
    postings: pl.DataFrame,
    posting_skills: pl.DataFrame,
    genai_ids: frozenset[str],
    min_segment_postings: int = 200,
) -> pl.DataFrame:
    sample = premium_sample(postings)
    flags = posting_skill_flags(posting_skills, genai_ids)
    segments: list[tuple[str, pl.DataFrame]] = [("all", sample)]
    for column in ("role_family", "country"):
        counts = sample.group_by(column).len().filter(pl.col("len") >= min_segment_postings)
        for value in sorted(counts[column].drop_nulls().to_list()):
            segments.append((f"{column}={value}", sample.filter(pl.col(column) == value)))
    frames = [segment_premiums(part, flags, name) for name, part in segments]
    frames = [f for f in frames if f.height]
    if not frames:
        return pl.DataFrame(schema=PREMIUM_SCHEMA)
    columns = list(PREMIUM_SCHEMA)
    out = pl.concat([f.select(columns) for f in frames], how="vertical_relaxed")
    suppressed = pl.col("is_suppressed")
    return out.with_columns(
        [
            pl.when(suppressed).then(None).otherwise(pl.col(c)).alias(c)
            for c in ("premium_adj_pct", "premium_adj_lo", "premium_adj_hi")
        ]
    ).sort("segment", "skill_id")
