"""`out_skill_premiums`: raw pay gap and adjusted pay premium for GenAI and every skill.

Sample (metrics.md): canonical postings with advertised pay, annualized USD midpoint, not
internships, not part-time. For each skill s (and the pseudo-skill `genai`):
- raw gap = median(pay | s) / median(pay | not s) − 1;
- adjusted premium = exp(β) − 1 from OLS of log(pay_mid_annual_usd) on has_s with fixed effects
  for role family × seniority, place (metro, else country; remote by country) and posting month,
  standard errors clustered by company, 95% interval exp(β ± 1.96·se) − 1.
The regression is solved by Frisch–Waugh–Lovell with the solver in `analytics.stats`
(`fixed_effects.FixedEffects`: an exact projection on the fixed effects, the company as a fourth
fixed effect through a Schur complement; `clustered_ols`: β and company-clustered standard
errors for every skill at once, matching statsmodels' OLS with dummy variables and
`cov_type="cluster"`). This module assembles the sample, the sparse skill design and the mart:
support (n_with, companies, medians) is counted first, and only supported skills enter a
segment's design.
Two further estimates per row, from the same residualized design:
- joint (`premium_joint_*`): every supported skill and the `genai` flag in one regression, so a
  skill that travels with GenAI (llm, pytorch) does not absorb the GenAI effect. A skill's row
  is its premium holding the other skills and `genai` fixed; the `genai` row holds the non-GenAI
  skills fixed. Columns collinear with the ones kept are left out and say so.
- within-company (`premium_within_*`): company added as a fourth fixed effect, so the estimate
  compares postings of the same employer; shown only where at least 10 companies post both with
  and without the skill (`n_companies_both`).
Segments: "all", "role_family=<rf>", "country=<cc>". Estimates are suppressed (null, with the
reason) below the mart's contract thresholds (`contract.marts`: 30 postings with or without
the skill, 10 companies posting it).

Segments are independent solves: `threads` > 1 solves them on that many threads at once (the
build passes one per core), with the same result as one after another; the key columns are coded
from their values' sorted order (`value_codes`), so no result depends on what ran before.

May import: the standard library, polars, numpy, scipy, `contract`, `analytics.stats`,
`analytics.marts.demand`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import polars as pl
from scipy import sparse

from analytics.marts.demand import posting_skill_flags
from analytics.stats.clustered_ols import (
    Clusters,
    cluster_order,
    independent_columns,
    joint_estimates,
    single_flag_estimates,
)
from analytics.stats.fixed_effects import (
    FixedEffects,
    Sums,
    dense_codes,
    fe_parameter_count,
)
from analytics.stats.intervals import Z95
from analytics.stats.medians import medians_in_and_out
from contract.marts import mart
from contract.vocab import ALL, GENAI_SKILL_ID

T = TypeVar("T")
R = TypeVar("R")
_CONTRACT = mart("out_skill_premiums")
MIN_WITH = _CONTRACT.threshold_int("min_with")
MIN_WITHOUT = _CONTRACT.threshold_int("min_without")
MIN_COMPANIES = _CONTRACT.threshold_int("min_companies")
FE_COLUMNS = ("fe_role_level", "fe_place", "fe_month")
MIN_SEGMENT_POSTINGS = 200  # a role family or country gets its own segment from this many
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
GENAI = GENAI_SKILL_ID
EXCLUDED_EMPLOYMENT = ("parttime", "part-time", "part time", "intern", "internship", "temporary")


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
            # on-target earnings and total compensation are not base pay (pay_kind)
            (
                pl.col("pay_kind").fill_null("base") == "base"
                if "pay_kind" in postings.columns
                else pl.lit(True)
            )
            & pl.col("pay_min_annual_usd").is_not_null()
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


def value_codes(values: pl.Series) -> np.ndarray:
    """Integer codes 0..k−1 of a key column's distinct values in sorted order (null as "?").

    They depend on the values only. Polars' Categorical codes follow the order in which the
    process first saw each string (its categories are global), so codes from it, and the row
    orders and float sums built on them, differed with what ran before: two premium segments
    solved at once gave betas 1e-16 apart from the same segments solved one after another."""
    strings = values.cast(pl.String).fill_null("?")
    codes = strings.cast(pl.Enum(strings.unique().sort())).to_physical()
    return codes.cast(pl.Int64).to_numpy()


def joint_columns(
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


JointSolve = Callable[[list[int]], tuple[np.ndarray, np.ndarray]]  # kept columns -> β, se


def joint_premiums(
    gram: np.ndarray, skill_ids: list[str], genai_ids: frozenset[str], solve: JointSolve
) -> dict[str, tuple[float, float]]:
    """Per skill: (β, se) from the joint model; skills left out as collinear are absent.
    `gram` is the residualized design's x̃ᵀx̃; `solve` gives β and se of the columns kept."""
    out: dict[str, tuple[float, float]] = {}
    for for_genai_row in (False, True):
        if for_genai_row and GENAI not in skill_ids:
            break
        keep = joint_columns(gram, skill_ids, genai_ids, for_genai_row)
        if not keep:
            continue
        beta, se = solve(keep)
        for position, j in enumerate(keep):
            skill = skill_ids[j]
            if (skill == GENAI) == for_genai_row:
                out[skill] = (float(beta[position]), float(se[position]))
    return out


@dataclass(frozen=True)
class SkillHits:
    """The sample's posting-skill pairs: sample row number and skill code (into `names`),
    one pair per posting and skill."""

    rows: np.ndarray
    skills: np.ndarray
    names: list[str]
    n_rows: int


def sample_skill_hits(sample: pl.DataFrame, flags: pl.DataFrame) -> SkillHits:
    """Join the skill flags to the sample's row numbers once (segments then select by row);
    skills become integer codes before the join, so no string column is copied."""
    names = flags["skill_id"].unique().drop_nulls().sort().to_list()
    pairs = (
        flags.lazy()
        .select(
            "posting_id",
            pl.col("skill_id").cast(pl.Enum(names)).to_physical().cast(pl.Int64).alias("_skill"),
        )
        .join(sample.lazy().select("posting_id").with_row_index("_row"), on="posting_id")
        .select(pl.col("_row").cast(pl.Int64), "_skill")
        .unique()
        .collect()
    )
    return SkillHits(
        rows=pairs["_row"].to_numpy(),
        skills=pairs["_skill"].to_numpy(),
        names=names,
        n_rows=sample.height,
    )


def skill_support(
    pay: np.ndarray, clusters: Clusters, rows: np.ndarray, cols: np.ndarray, k: int
) -> dict[str, np.ndarray]:
    """Per skill column: n_with, n_without, n_companies posting it, companies posting both
    with and without it, and median pay with and without it."""
    n, g = pay.size, clusters.count
    n_with = np.bincount(cols, minlength=k)
    cluster_size = np.bincount(clusters.codes, minlength=g)
    key = cols * g + clusters.codes[rows]
    if k * g <= 20_000_000:  # a dense skill × company count table, else sort the pairs
        per_pair = np.bincount(key, minlength=k * g).reshape(k, g)
        n_companies = (per_pair > 0).sum(axis=1)
        n_both = ((per_pair > 0) & (per_pair < cluster_size)).sum(axis=1)
    else:
        pair, count = np.unique(key, return_counts=True)
        pair_skill, pair_cluster = np.divmod(pair, g)
        n_companies = np.bincount(pair_skill, minlength=k)
        n_both = np.bincount(pair_skill, cluster_size[pair_cluster] > count, minlength=k)
    median_with, median_without = medians_in_and_out(pay, rows, cols, k)
    return {
        "n_with": n_with,
        "n_without": n - n_with,
        "n_companies": n_companies.astype(np.int64),
        "n_companies_both": n_both.astype(np.int64),
        "median_with": median_with,
        "median_without": median_without,
    }


def _mapped(skills: pl.Series, values: dict[str, float]) -> pl.Series:
    return skills.replace_strict(values, default=None, return_dtype=pl.Float64)


def _premium_columns(prefix: str, beta: str, se: str) -> list[pl.Expr]:
    """exp(β) − 1 and its 95% interval, in percent."""
    return [
        (100 * (pl.col(beta).exp() - 1)).alias(f"{prefix}_pct"),
        (100 * ((pl.col(beta) - Z95 * pl.col(se)).exp() - 1)).alias(f"{prefix}_lo"),
        (100 * ((pl.col(beta) + Z95 * pl.col(se)).exp() - 1)).alias(f"{prefix}_hi"),
    ]


def support_reason(
    min_with: int = MIN_WITH, min_without: int = MIN_WITHOUT, min_companies: int = MIN_COMPANIES
) -> pl.Expr:
    """The reason to suppress an estimate from its support columns (n_with, n_without,
    n_companies) under a mart's thresholds (by default this mart's contract); null when it may
    be estimated."""
    return (
        pl.when(pl.col("n_with") < min_with)
        .then(pl.lit(f"fewer than {min_with} postings with"))
        .when(pl.col("n_without") < min_without)
        .then(pl.lit(f"fewer than {min_without} postings without"))
        .when(pl.col("n_companies") < min_companies)
        .then(pl.lit(f"fewer than {min_companies} companies"))
        .otherwise(None)
    )


def with_support_reason(support: pl.DataFrame) -> pl.DataFrame:
    """`support` (n_with, n_without, n_companies per skill) with `support_reason`."""
    return support.with_columns(support_reason().alias("suppressed_reason"))


Estimated = dict[str, tuple[float, float]]  # skill -> (β, se)


def segment_rows(
    support: pl.DataFrame, segment: str, single: Estimated, joint: Estimated, within: Estimated
) -> pl.DataFrame:
    """A segment's rows: its support (`with_support_reason`, n_companies_both, medians) and the
    single, joint and within-company estimates, as premiums, intervals and notes."""
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


def segment_premiums(
    part: pl.DataFrame,
    hits: SkillHits,
    segment: str,
    genai_ids: frozenset[str] = frozenset(),
) -> pl.DataFrame:
    """One row per skill present in the segment's sample (`part`: sample rows with `_row`).
    Rows are put in company order first (locality for the per-company sums); support is
    counted before any regression, and only supported skills enter the designs."""
    n = part.height
    order, clusters = cluster_order(value_codes(part["cluster"]))
    local = np.full(hits.n_rows, -1, dtype=np.int64)
    local[part["_row"].cast(pl.Int64).to_numpy()[order]] = np.arange(n)
    rows = local[hits.rows]
    in_part = rows >= 0
    rows = rows[in_part]
    cols, n_present = dense_codes(hits.skills[in_part])
    if n_present == 0:
        return pl.DataFrame()
    present = np.flatnonzero(np.bincount(hits.skills[in_part], minlength=len(hits.names)))
    skill_ids = [hits.names[s] for s in present]
    pay = part["pay_mid_annual_usd"].to_numpy()[order]
    counts = skill_support(pay, clusters, rows, cols, len(skill_ids))
    support = with_support_reason(
        pl.DataFrame({"skill_id": skill_ids, **counts}).with_columns(
            pl.col("median_without").fill_nan(None)
        )
    )
    estimable = np.flatnonzero(support["suppressed_reason"].is_null().to_numpy())
    single: dict[str, tuple[float, float]] = {}
    joint: dict[str, tuple[float, float]] = {}
    within: dict[str, tuple[float, float]] = {}
    if estimable.size:
        ids = [skill_ids[j] for j in estimable]
        column = np.full(len(skill_ids), -1, dtype=np.int64)
        column[estimable] = np.arange(estimable.size)
        picked = column[cols] >= 0
        x = sparse.csc_matrix(
            (np.ones(int(picked.sum())), (rows[picked], column[cols][picked])),
            shape=(n, estimable.size),
        )
        y = part["log_pay"].to_numpy()[order]
        fe_codes = [value_codes(part[c])[order] for c in FE_COLUMNS]
        k_fe = fe_parameter_count(fe_codes)
        effects = FixedEffects(fe_codes)
        y_t = effects.residuals(y)
        sums = effects.level_sums(x)
        coefs = effects.coefficients(x, sums)
        est, xty = single_flag_estimates(effects, y_t, x, coefs, clusters, k_fe)
        single = {s: (float(est.beta[j]), float(est.se[j])) for j, s in enumerate(ids)}
        gram = effects.residual_gram(x, sums, coefs)
        # columns with no variation left after the fixed effects stay out of the joint model
        dead = np.flatnonzero(np.isnan(est.beta))
        gram[dead, :], gram[:, dead] = 0.0, 0.0

        def solve(keep: list[int]) -> tuple[np.ndarray, np.ndarray]:
            est = joint_estimates(effects, y_t, x, coefs, xty, gram, keep, clusters, k_fe)
            return est.beta, est.se

        joint = joint_premiums(gram, ids, genai_ids, solve)
        del coefs, effects
        # within-company: only skills that at least MIN_COMPANIES companies post both with
        # and without (shown only there), so the others never enter this design
        both = np.flatnonzero(counts["n_companies_both"][estimable] >= MIN_COMPANIES)
        if both.size:
            x_w = x[:, both]
            effects = FixedEffects(fe_codes, absorbed=clusters.codes)
            est, _ = single_flag_estimates(
                effects,
                effects.residuals(y),
                x_w,
                effects.coefficients(x_w, Sums(sums.f[:, both], effects.group_sums(x_w))),
                clusters,
                fe_parameter_count([*fe_codes, clusters.codes]),
            )
            within = {ids[j]: (float(est.beta[i]), float(est.se[i])) for i, j in enumerate(both)}
    return segment_rows(support, segment, single, joint, within)


def out_skill_premiums(
    postings: pl.DataFrame,
    posting_skills: pl.DataFrame,
    genai_ids: frozenset[str],
    min_segment_postings: int = MIN_SEGMENT_POSTINGS,
    threads: int = 1,
) -> pl.DataFrame:
    """The mart: every segment's rows (`segment_premiums`), the segments solved by `threads`
    threads at once (their numpy and scipy work releases the GIL; each segment's result does
    not depend on which thread solved it or when)."""
    sample = premium_sample(postings).with_row_index("_row")
    hits = sample_skill_hits(sample, posting_skill_flags(posting_skills, genai_ids))
    segments: list[tuple[str, pl.DataFrame]] = [(ALL, sample)]
    for column in ("role_family", "country"):
        counts = sample.group_by(column).len().filter(pl.col("len") >= min_segment_postings)
        for value in sorted(counts[column].drop_nulls().to_list()):
            segments.append((f"{column}={value}", sample.filter(pl.col(column) == value)))

    def solved(segment: tuple[str, pl.DataFrame]) -> pl.DataFrame:
        return segment_premiums(segment[1], hits, segment[0], genai_ids)

    return published_premiums(in_threads(solved, segments, threads))


def in_threads(work: Callable[[T], R], items: Sequence[T], threads: int) -> list[R]:
    """`work` of every item, in the items' order: on `threads` threads at once when more than
    one (for numpy and scipy work, which releases the GIL), else one after another."""
    if threads <= 1:
        return [work(item) for item in items]
    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(work, items))


def published_premiums(frames: list[pl.DataFrame]) -> pl.DataFrame:
    """The mart from the segments' rows (`segment_rows`): its columns, the premiums of
    suppressed rows nulled, sorted by segment and skill."""
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
