"""`out_skill_premiums`: raw pay gap and adjusted pay premium for GenAI and every skill.

Sample (metrics.md): canonical postings with advertised pay, annualized USD midpoint, not
internships, not part-time. For each skill s (and the pseudo-skill `genai`):
- raw gap = median(pay | s) / median(pay | not s) − 1;
- adjusted premium = exp(β) − 1 from OLS of log(pay_mid_annual_usd) on has_s with fixed effects
  for role family × seniority, place (metro, else country; remote by country) and posting month,
  standard errors clustered by company, 95% interval exp(β ± 1.96·se) − 1.
The regression is solved by Frisch–Waugh–Lovell: log pay and every skill indicator are
residualized on the fixed effects once (an exact projection on the sparse group indicators, or
alternating projections when there are thousands of groups),
then each skill's β is a ratio of sums, and its cluster-robust variance comes from per-company
score sums — all skills at once, no per-row Python. This reproduces statsmodels' OLS with
dummy variables and `cov_type="cluster"` (same small-sample correction); a test checks it.
Two further estimates per row, from the same residualized design:
- joint (`premium_joint_*`): every supported skill and the `genai` flag in one regression, so a
  skill that travels with GenAI (llm, pytorch) does not absorb the GenAI effect. A skill's row
  is its premium holding the other skills and `genai` fixed; the `genai` row holds the non-GenAI
  skills fixed. Columns collinear with the ones kept are left out and say so.
- within-company (`premium_within_*`): company added as a fourth fixed effect, so the estimate
  compares postings of the same employer; shown only where at least 10 companies post both with
  and without the skill (`n_companies_both`).
Segments: "all", "role_family=<rf>", "country=<cc>". Estimates are suppressed (null, with the
reason) below 30 postings with or without the skill or 10 companies posting it.

May import: polars, numpy, scipy, `analytics.marts.demand`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy import linalg, sparse

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
    "premium_joint_pct": pl.Float64,
    "premium_joint_lo": pl.Float64,
    "premium_joint_hi": pl.Float64,
    "beta_joint": pl.Float64,
    "se_joint": pl.Float64,
    "joint_note": pl.String,
    "premium_within_pct": pl.Float64,
    "premium_within_lo": pl.Float64,
    "premium_within_hi": pl.Float64,
    "n_companies_both": pl.Int64,
    "within_note": pl.String,
}
GENAI = "genai"
COLUMN_CHUNK = 32
DIRECT_MAX_LEVELS = 4000  # group indicators solved exactly below this (a 4000² Gram)
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


class FixedEffects:
    """Group indicators to partial out; `residuals(matrix)` projects columns off them."""

    def __init__(self, fe_codes: list[np.ndarray]) -> None:
        self.fe_codes = fe_codes
        levels = sum(int(c.max()) + 1 for c in fe_codes if c.size)
        self.direct = levels <= DIRECT_MAX_LEVELS
        if self.direct:
            self.dummies = sparse.hstack([_indicator(c) for c in fe_codes], format="csr")
            gram = (self.dummies.T @ self.dummies).toarray()
            # The indicators of several dimensions are collinear (each dimension's dummies sum
            # to one); a tiny ridge makes the Gram factorizable without changing the fitted
            # values, because Dᵀx has no component along D's null space.
            ridge = 1e-9 * max(float(np.diag(gram).max()), 1.0)
            self.factor = linalg.cho_factor(gram + ridge * np.eye(gram.shape[0]))

    def residuals(self, matrix: np.ndarray, tol: float = 1e-10, max_iter: int = 500) -> np.ndarray:
        if not self.direct:
            return _residualize_alternating(matrix, self.fe_codes, tol, max_iter)
        coef = linalg.cho_solve(self.factor, np.asarray(self.dummies.T @ matrix))
        return np.asarray(matrix, dtype=np.float64) - self.dummies @ coef


def residualize(
    matrix: np.ndarray, fe_codes: list[np.ndarray], tol: float = 1e-10, max_iter: int = 500
) -> np.ndarray:
    """Residuals of each column of `matrix` on the fixed effects: an exact least-squares
    projection on all the group indicators when they number at most DIRECT_MAX_LEVELS, else
    alternating projections (which converge slowly when the dimensions are correlated)."""
    return FixedEffects(fe_codes).residuals(matrix, tol, max_iter)


def _residualize_alternating(
    matrix: np.ndarray, fe_codes: list[np.ndarray], tol: float, max_iter: int
) -> np.ndarray:
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


def _small_sample_correction(n: int, n_clusters: int, k: int) -> float:
    """statsmodels' cluster correction: G/(G-1) * (N-1)/(N-K)."""
    if n_clusters > 1 and n > k:
        return (n_clusters / (n_clusters - 1)) * ((n - 1) / (n - k))
    return float("nan")


def single_flag_estimates(
    y_t: np.ndarray, d_t: np.ndarray, clusters: np.ndarray, k_fe: int
) -> Estimates:
    """β and clustered se of residualized log pay on each residualized column on its own."""
    sxx = (d_t**2).sum(axis=0)
    n, g = y_t.shape[0], int(clusters.max()) + 1 if y_t.shape[0] else 0
    with np.errstate(divide="ignore", invalid="ignore"):
        beta = (d_t * y_t[:, None]).sum(axis=0) / sxx
        errors = y_t[:, None] - d_t * beta
        scores = _indicator(clusters).T @ (d_t * errors)
        correction = _small_sample_correction(n, g, k_fe + 1)
        var = correction * (np.asarray(scores) ** 2).sum(axis=0) / sxx**2
    return Estimates(beta=beta, se=np.sqrt(var), n=n, n_clusters=g)


def clustered_estimates(
    y: np.ndarray, d: np.ndarray, fe_codes: list[np.ndarray], clusters: np.ndarray
) -> Estimates:
    """β and cluster-robust se of log pay on each column of `d` given the fixed effects."""
    resid = residualize(np.column_stack([y, d]), fe_codes)
    return single_flag_estimates(resid[:, 0], resid[:, 1:], clusters, fe_parameter_count(fe_codes))


def independent_columns(gram: np.ndarray, order: list[int], tol: float = 1e-7) -> list[int]:
    """Columns (tried in `order`) that are not linear combinations of those kept before them:
    a Cholesky factor of the kept columns' Gram grows one row per kept column, and a column is
    kept when its variance left after the kept ones exceeds `tol` of its own."""
    keep: list[int] = []
    factor = np.zeros((len(order), len(order)))
    for j in order:
        own = gram[j, j]
        if own <= 0:
            continue
        m = len(keep)
        z = linalg.solve_triangular(factor[:m, :m], gram[keep, j], lower=True) if m else np.zeros(0)
        left = own - float(z @ z)
        if left > tol * own:
            factor[m, :m] = z
            factor[m, m] = np.sqrt(left)
            keep.append(j)
    return keep


def joint_estimates(
    y_t: np.ndarray,
    x_t: np.ndarray,
    clusters: np.ndarray,
    k_fe: int,
    keep: list[int] | None = None,
    gram: np.ndarray | None = None,
) -> Estimates:
    """OLS of residualized log pay on the residualized columns `keep` (default all) at once,
    with the cluster-robust sandwich (X'X)⁻¹ (Σ_g s_g s_g') (X'X)⁻¹; matches statsmodels with
    the same regressors. Works on column chunks of `x_t`, never copying the whole design."""
    n = x_t.shape[0]
    keep = list(range(x_t.shape[1])) if keep is None else keep
    gram = x_t.T @ x_t if gram is None else gram
    g = int(clusters.max()) + 1 if n else 0
    bread = np.linalg.inv(gram[np.ix_(keep, keep)])
    beta = bread @ (x_t.T @ y_t)[keep]
    errors = y_t.copy()
    indicator = _indicator(clusters).T
    scores = np.empty((g, len(keep)))
    for start in range(0, len(keep), COLUMN_CHUNK):
        cols = keep[start : start + COLUMN_CHUNK]
        errors -= x_t[:, cols] @ beta[start : start + len(cols)]
    for start in range(0, len(keep), COLUMN_CHUNK):
        cols = keep[start : start + COLUMN_CHUNK]
        scores[:, start : start + len(cols)] = np.asarray(
            indicator @ (x_t[:, cols] * errors[:, None])
        )
    var = _small_sample_correction(n, g, k_fe + len(keep)) * (bread @ (scores.T @ scores) @ bread)
    return Estimates(beta=beta, se=np.sqrt(np.diag(var)), n=n, n_clusters=g)


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
    """Median pay of the postings NOT naming each skill, from order statistics: pay is sorted
    once, and the complement's k-th smallest value is found from the sorted ranks of the
    postings naming the skill (no per-skill masked copy of the pay column)."""
    pay = sample["pay_mid_annual_usd"].to_numpy()
    order = np.argsort(pay, kind="stable")
    sorted_pay = pay[order]
    rank_of_row = np.empty_like(order)
    rank_of_row[order] = np.arange(pay.size)
    index = sample.select("posting_id").with_row_index("_row")
    hits = (
        flags.filter(pl.col("skill_id").is_in(skill_ids))
        .join(index, on="posting_id")
        .select("skill_id", "_row")
        .unique()
        .group_by("skill_id")
        .agg(pl.col("_row"))
    )
    rows_of = dict(zip(hits["skill_id"].to_list(), hits["_row"].to_list(), strict=True))
    out: dict[str, float | None] = {}
    for skill in skill_ids:
        ranks = np.sort(rank_of_row[np.asarray(rows_of.get(skill, []), dtype=np.int64)])
        m = pay.size - ranks.size
        if m == 0:
            out[skill] = None
            continue
        # complement position of sorted index i is i - #(ranks < i); ranks - arange(len) is
        # non-decreasing, so the k-th complement element sits at k + #(ranks - j <= k)
        shifted = ranks - np.arange(ranks.size)
        lo_k, hi_k = (m - 1) // 2, m // 2
        lo = sorted_pay[lo_k + np.searchsorted(shifted, lo_k, side="right")]
        hi = sorted_pay[hi_k + np.searchsorted(shifted, hi_k, side="right")]
        out[skill] = float((lo + hi) / 2)
    return out


def residualized_design(
    sample: pl.DataFrame, flags: pl.DataFrame, skill_ids: list[str], fe_codes: list[np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """Log pay and each skill's indicator, residualized on the fixed effects (in column chunks,
    so the dense working copies stay small)."""
    effects = FixedEffects(fe_codes)
    y_t = effects.residuals(sample["log_pay"].to_numpy()[:, None])[:, 0]
    x_t = np.empty((sample.height, len(skill_ids)), dtype=np.float64)
    for start in range(0, len(skill_ids), COLUMN_CHUNK):
        chunk = skill_ids[start : start + COLUMN_CHUNK]
        x_t[:, start : start + len(chunk)] = effects.residuals(_skill_matrix(sample, flags, chunk))
    return y_t, x_t


def _joint_columns(
    gram: np.ndarray, skill_ids: list[str], genai_ids: frozenset[str], for_genai_row: bool
) -> list[int]:
    """Independent columns of one joint model, `genai` first, then by support (the gram's
    diagonal is each column's residual variance). The `genai` row's model leaves out the GenAI
    skills: they define the flag, so holding them fixed would leave it little to say."""
    candidates = [
        j for j, s in enumerate(skill_ids) if s == GENAI or not (for_genai_row and s in genai_ids)
    ]
    candidates.sort(key=lambda j: (skill_ids[j] != GENAI, -gram[j, j]))
    return independent_columns(gram, candidates)


def joint_premiums(
    y_t: np.ndarray,
    x_t: np.ndarray,
    skill_ids: list[str],
    genai_ids: frozenset[str],
    clusters: np.ndarray,
    k_fe: int,
) -> dict[str, tuple[float, float]]:
    """Per skill: (β, se) from the joint model; skills left out as collinear are absent."""
    gram = x_t.T @ x_t
    out: dict[str, tuple[float, float]] = {}
    for for_genai_row in (False, True):
        if for_genai_row and GENAI not in skill_ids:
            break
        keep = _joint_columns(gram, skill_ids, genai_ids, for_genai_row)
        if not keep:
            continue
        est = joint_estimates(y_t, x_t, clusters, k_fe, keep=keep, gram=gram)
        for position, j in enumerate(keep):
            skill = skill_ids[j]
            if (skill == GENAI) == for_genai_row:
                out[skill] = (float(est.beta[position]), float(est.se[position]))
    return out


def companies_posting_both(sample: pl.DataFrame, flags: pl.DataFrame) -> pl.DataFrame:
    """Per skill: companies in the sample with at least one posting with and one without it."""
    totals = sample.group_by("cluster").agg(pl.len().alias("_total"))
    with_skill = (
        flags.join(sample.select("posting_id", "cluster"), on="posting_id")
        .group_by("skill_id", "cluster")
        .agg(pl.len().alias("_with"))
        .join(totals, on="cluster")
    )
    return with_skill.group_by("skill_id").agg(
        (pl.col("_total") > pl.col("_with")).sum().cast(pl.Int64).alias("n_companies_both")
    )


def _mapped(skills: pl.Series, values: dict[str, float]) -> pl.Series:
    return skills.replace_strict(values, default=None, return_dtype=pl.Float64)


def _premium_columns(prefix: str, beta: str, se: str) -> list[pl.Expr]:
    """exp(β) − 1 and its 95% interval, in percent."""
    return [
        (100 * (pl.col(beta).exp() - 1)).alias(f"{prefix}_pct"),
        (100 * ((pl.col(beta) - Z95 * pl.col(se)).exp() - 1)).alias(f"{prefix}_lo"),
        (100 * ((pl.col(beta) + Z95 * pl.col(se)).exp() - 1)).alias(f"{prefix}_hi"),
    ]


def segment_premiums(
    sample: pl.DataFrame,
    flags: pl.DataFrame,
    segment: str,
    genai_ids: frozenset[str] = frozenset(),
) -> pl.DataFrame:
    """One row per skill present in the segment's sample."""
    flags = flags.join(sample.select("posting_id"), on="posting_id", how="semi")
    support = _support(sample, flags)
    if support.height == 0:
        return pl.DataFrame()
    skill_ids = support["skill_id"].to_list()
    without = _median_without(sample, flags, skill_ids)
    support = support.with_columns(
        pl.col("skill_id").replace_strict(without, return_dtype=pl.Float64).alias("median_without")
    ).join(companies_posting_both(sample, flags), on="skill_id", how="left")
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
    single: dict[str, tuple[float, float]] = {}
    joint: dict[str, tuple[float, float]] = {}
    within: dict[str, tuple[float, float]] = {}
    if estimable:
        fe_codes = [_codes(sample[c]) for c in FE_COLUMNS]
        clusters = _codes(sample["cluster"])
        k_fe = fe_parameter_count(fe_codes)
        y_t, x_t = residualized_design(sample, flags, estimable, fe_codes)
        est = single_flag_estimates(y_t, x_t, clusters, k_fe)
        single = {s: (float(est.beta[j]), float(est.se[j])) for j, s in enumerate(estimable)}
        joint = joint_premiums(y_t, x_t, estimable, genai_ids, clusters, k_fe)
        del x_t
        both = support.filter(pl.col("n_companies_both").fill_null(0) >= MIN_COMPANIES)
        within_ids = [s for s in estimable if s in set(both["skill_id"].to_list())]
        if within_ids:
            fe_within = [*fe_codes, clusters]
            y_w, x_w = residualized_design(sample, flags, within_ids, fe_within)
            est = single_flag_estimates(y_w, x_w, clusters, fe_parameter_count(fe_within))
            within = {s: (float(est.beta[j]), float(est.se[j])) for j, s in enumerate(within_ids)}
    ids = support["skill_id"]
    support = support.with_columns(
        _mapped(ids, {k: v[0] for k, v in single.items()}).alias("beta"),
        _mapped(ids, {k: v[1] for k, v in single.items()}).alias("se"),
        _mapped(ids, {k: v[0] for k, v in joint.items()}).alias("beta_joint"),
        _mapped(ids, {k: v[1] for k, v in joint.items()}).alias("se_joint"),
        _mapped(ids, {k: v[0] for k, v in within.items()}).alias("_beta_within"),
        _mapped(ids, {k: v[1] for k, v in within.items()}).alias("_se_within"),
    )
    no_estimate = pl.col("beta").is_null() | pl.col("se").is_null() | pl.col("se").is_nan()
    suppressed = no_estimate | pl.col("suppressed_reason").is_not_null()
    no_joint = pl.col("beta_joint").is_null() | pl.col("se_joint").is_nan()
    no_within = pl.col("_beta_within").is_null() | pl.col("_se_within").is_nan()
    return support.with_columns(
        pl.lit(segment).alias("segment"),
        *_premium_columns("premium_adj", "beta", "se"),
        *_premium_columns("premium_joint", "beta_joint", "se_joint"),
        *_premium_columns("premium_within", "_beta_within", "_se_within"),
        (100 * (pl.col("median_with") / pl.col("median_without") - 1)).alias("raw_gap_pct"),
        suppressed.alias("is_suppressed"),
        pl.coalesce(
            pl.col("suppressed_reason"),
            pl.when(no_estimate).then(pl.lit("no variation left after fixed effects")),
        ).alias("suppressed_reason"),
        pl.when(suppressed)
        .then(pl.lit("suppressed"))
        .when(no_joint)
        .then(pl.lit("collinear with the other skills in the joint model"))
        .otherwise(None)
        .alias("joint_note"),
        pl.col("n_companies_both").fill_null(0),
        pl.when(suppressed)
        .then(pl.lit("suppressed"))
        .when(no_within)
        .then(pl.lit(f"fewer than {MIN_COMPANIES} companies post both with and without"))
        .otherwise(None)
        .alias("within_note"),
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
    frames = [segment_premiums(part, flags, name, genai_ids) for name, part in segments]
    frames = [f for f in frames if f.height]
    if not frames:
        return pl.DataFrame(schema=PREMIUM_SCHEMA)
    columns = list(PREMIUM_SCHEMA)
    out = pl.concat([f.select(columns) for f in frames], how="vertical_relaxed")
    suppressed = pl.col("is_suppressed")
    return out.with_columns(
        [
            pl.when(suppressed).then(None).otherwise(pl.col(c)).alias(c)
            for c in (
                "premium_adj_pct",
                "premium_adj_lo",
                "premium_adj_hi",
                "premium_joint_pct",
                "premium_joint_lo",
                "premium_joint_hi",
                "premium_within_pct",
                "premium_within_lo",
                "premium_within_hi",
            )
        ]
    ).sort("segment", "skill_id")
